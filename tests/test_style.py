"""One visual language (w2vlib.style): every role's look is valid and works in matplotlib and
in the panel's SVG."""
import re

import matplotlib.colors
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.markers import MarkerStyle

from w2vlib.style import LOOKS, Look, arrow_kwargs, look, plot_kwargs

#: roles drawn as a point (a marker); the others are lines
POINT_ROLES = ("center", "target", "word", "expected", "negative", "node", "context", "trail")
LINE_ROLES = ("step", "level", "contour")
#: the roles a step is made of, told apart by marker as well as colour
PARTICIPANTS = ("center", "target", "expected", "negative", "node", "context")


def test_the_roles_are_the_documented_ones():
    assert set(LOOKS) == set(POINT_ROLES) | set(LINE_ROLES)
    assert all(isinstance(lk, Look) for lk in LOOKS.values())


@pytest.mark.parametrize("role", sorted(LOOKS))
def test_every_look_has_a_hex_colour_a_dash_and_a_key(role):
    lk = LOOKS[role]
    assert re.fullmatch(r"#[0-9A-Fa-f]{6}", lk.colour) and matplotlib.colors.is_color_like(lk.colour)
    assert lk.dash == "" or all(float(x) > 0 for x in lk.dash.split())
    assert lk.key.strip()
    assert look(role) is lk


@pytest.mark.parametrize("role", POINT_ROLES)
def test_every_point_role_has_a_marker_matplotlib_and_the_panel_draw(role):
    from w2vlib.panel.svg import Canvas
    lk = LOOKS[role]
    assert lk.marker and lk.size > 0
    MarkerStyle(lk.marker)                                  # a valid matplotlib marker
    cv = Canvas(100, 100)
    box = cv.marker(role, (50, 50))
    assert re.match(r"<(circle|rect|polygon) ", cv.parts[-1]) and f'stroke="{lk.colour}"' in cv.parts[-1]
    assert box.x0 < 50 < box.x1 and box.y0 < 50 < box.y1


def test_nothing_is_told_by_colour_alone():
    markers = [LOOKS[r].marker for r in PARTICIPANTS]
    assert len(set(markers)) == len(markers), markers
    looks = [(LOOKS[r].marker, LOOKS[r].colour, LOOKS[r].size) for r in POINT_ROLES]
    assert len(set(looks)) == len(looks)


@pytest.mark.parametrize("bad", ["pull", "Target", "", None])
def test_look_refuses_an_unknown_role_naming_it(bad):
    with pytest.raises(ValueError, match=re.escape(repr(bad))):
        look(bad)
    with pytest.raises(ValueError, match="role must be one of"):
        plot_kwargs(bad)
    with pytest.raises(ValueError, match="role must be one of"):
        arrow_kwargs(bad)


@pytest.mark.parametrize("role", POINT_ROLES)
@pytest.mark.parametrize("filled", [True, False])
def test_plot_kwargs_draw_the_roles_marker_in_matplotlib(role, filled):
    lk = LOOKS[role]
    fig = Figure(figsize=(2, 2))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    (line,) = ax.plot([0.0, 1.0], [0.0, 1.0], **plot_kwargs(role, filled=filled))
    fig.canvas.draw()
    assert line.get_marker() == lk.marker and line.get_linestyle() == "None"
    assert matplotlib.colors.same_color(line.get_markeredgecolor(), lk.colour)
    face = lk.colour if filled else "white"
    assert matplotlib.colors.same_color(line.get_markerfacecolor(), face)


def test_plot_kwargs_overrides_win():
    kw = plot_kwargs("word", markersize=6, zorder=3)
    assert kw["markersize"] == 6 and kw["zorder"] == 3 and kw["marker"] == "o"


@pytest.mark.parametrize("role", sorted(LOOKS))
def test_arrow_kwargs_draw_the_roles_arrow_in_matplotlib(role):
    lk = LOOKS[role]
    fig = Figure(figsize=(2, 2))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ann = ax.annotate("", xy=(1.0, 1.0), xytext=(0.0, 0.0), arrowprops=arrow_kwargs(role))
    fig.canvas.draw()                                       # the dash pattern and style are accepted
    patch = ann.arrow_patch
    assert matplotlib.colors.same_color(patch.get_edgecolor(), lk.colour)
    dashed = patch.get_linestyle() not in ("-", "solid")
    assert dashed == bool(lk.dash), (role, patch.get_linestyle())
    assert arrow_kwargs(role)["lw"] == (2.4 if role == "step" else 1.6)
    assert arrow_kwargs(role, lw=3)["lw"] == 3
