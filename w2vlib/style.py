"""One visual language for the update-step panel and every static figure of the notebooks.

Each *role* a vector plays in a step has one look: a colour of the Okabe–Ito palette (safe
for the common colour-vision deficiencies) paired with a marker and a line style, so nothing
is told by colour alone. The panel (``w2vlib.panel``, drawn as SVG) and the notebooks'
matplotlib figures (``plot_kwargs``, ``arrow_kwargs``) read their looks from here.

Roles
-----
``center``    v_c, the centre vector (hollow before a step, filled after)
``target``    u_o, the outside word whose score the step raises (for skip-gram: each window word)
``word``      any other outside vector u_w
``expected``  E[u] = Σ_w ŷ_w u_w, the expected outside vector under ŷ
``negative``  a negative sample u_w
``node``      an inner node u_n on a Huffman path (hierarchical softmax)
``context``   a context row v_w (CBOW), and their average v̂
``step``      the step −η g
``trail``     where v_c was before earlier steps
``level``     the level line of o's score through v_c
``contour``   the loss J(v) of the current step
"""
from __future__ import annotations

from dataclasses import dataclass

from ._validate import Bool, Options, Text, checked

__all__ = ["Look", "LOOKS", "look", "ink", "plot_kwargs", "arrow_kwargs", "FONT_FAMILY", "BLUE", "ORANGE", "GREEN",
           "VERMILLION", "PURPLE", "SKY", "BLACK", "GREY", "LIGHT"]

BLUE, ORANGE, GREEN, VERMILLION = "#0072B2", "#E69F00", "#009E73", "#D55E00"
PURPLE, SKY, BLACK, GREY, LIGHT = "#CC79A7", "#56B4E9", "#000000", "#6E6E6E", "#C8C8C8"
#: The font every picture uses (matplotlib ships DejaVu Sans; the panel measures its labels with it).
FONT_FAMILY = "DejaVu Sans"


@dataclass(frozen=True)
class Look:
    """How one role is drawn.

    ``colour`` (hex), ``marker`` (a matplotlib marker code: o s * D X ^ v h), ``size`` (marker
    size in CSS px), ``dash`` (an SVG dash array, "" for a solid line), ``key`` (its words in a
    picture's key).
    """
    colour: str
    marker: str
    size: float
    dash: str
    key: str


LOOKS = {
    "center": Look(BLACK, "o", 9.0, "", "v_c"),
    "target": Look(GREEN, "*", 15.0, "7 4", "u_o, the outside word"),
    "word": Look(GREY, "o", 5.0, "", "u_w, other words"),
    "expected": Look(PURPLE, "D", 9.0, "9 3 2 3", "E[u] = Σ_w ŷ_w u_w"),
    "negative": Look(VERMILLION, "X", 10.0, "2 3", "a negative u_w"),
    "node": Look(SKY, "h", 11.0, "6 2 2 2", "a path node u_n"),
    "context": Look(ORANGE, "s", 9.0, "4 2", "a context row v_w"),
    "step": Look(BLUE, "", 0.0, "", "the step −η g"),
    "trail": Look(GREY, "o", 3.0, "", "v_c before earlier steps"),
    "level": Look(GREEN, "", 0.0, "1 4", "level line of u_oᵀv"),
    "contour": Look(LIGHT, "", 0.0, "", "loss J(v)"),
}


@checked(role=Options(*LOOKS))
def look(role: str) -> Look:
    """The look of ``role``; a ``ValueError`` listing the roles otherwise."""
    return LOOKS[role]


#: Darker shades of the palette for text on white (contrast ≥ 4.5:1), by colour.
_INK = {ORANGE: "#8a5f00", SKY: "#1f6f9e", PURPLE: "#9b3f72", GREEN: "#00694c", VERMILLION: "#a64900",
        BLUE: "#005a8c"}


@checked(colour=Text())
def ink(colour: str) -> str:
    """The shade of a palette colour to write text in (``ink(look("target").colour)``)."""
    return _INK.get(colour, colour)


def _mpl_dash(dash: str):
    return "solid" if not dash else (0, tuple(float(x) / 1.5 for x in dash.split()))


@checked(filled=Bool())
def plot_kwargs(role: str, filled: bool = True, **override) -> dict:
    """Keyword arguments for ``ax.plot(x, y, **plot_kwargs(role))``: the role's marker and colour
    (hollow when ``filled`` is False), no line."""
    lk = look(role)
    kw = dict(marker=lk.marker or "o", markersize=lk.size * 0.75, color=lk.colour, linestyle="none",
              markeredgecolor=lk.colour, markerfacecolor=lk.colour if filled else "white", markeredgewidth=1.4)
    kw.update(override)
    return kw


def arrow_kwargs(role: str, **override) -> dict:
    """Keyword arguments for ``ax.annotate("", xy=tip, xytext=tail, arrowprops=...)``'s
    ``arrowprops``: the role's colour and line style (solid and thicker for the step)."""
    lk = look(role)
    kw = dict(arrowstyle="-|>", color=lk.colour, lw=2.4 if role == "step" else 1.6,
              linestyle=_mpl_dash(lk.dash), shrinkA=0, shrinkB=0, mutation_scale=14)
    kw.update(override)
    return kw
