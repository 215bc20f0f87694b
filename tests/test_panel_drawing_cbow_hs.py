"""The drawings of the "cbow" and "hs" panel kinds: what each marker and label says."""
import numpy as np
from matplotlib.figure import Figure

import w2vlib.panel_drawing_cbow_hs as drawing
from w2vlib.panel_drawing import _DRAWINGS
from w2vlib.update_step import update_step


def _axes():
    return Figure(figsize=(4, 3)).add_subplot()


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def test_both_kinds_have_their_own_drawing():
    assert _DRAWINGS["cbow"].static is drawing._cbow_static
    assert _DRAWINGS["cbow"].dynamic is drawing._cbow_dynamic
    assert _DRAWINGS["hs"].static is drawing._hs_static


def test_cbow_draws_every_context_row_before_and_after_and_their_average():
    r = update_step("cbow", position=2, window=2)
    ax = _axes()
    legend = [h.get_label() for h in drawing._cbow_static(ax, r, 10)]
    assert "v̂ (their average) now" in legend and "u_c of the predicted word c" in legend
    assert f"u {r.center} (c)" in _texts(ax)
    drawing._cbow_dynamic(ax, r, None, 10)
    n = len(np.atleast_2d(r.center_before))
    hollow = [line for line in ax.lines if line.get_marker() == "^" and line.get_markerfacecolor() == "none"]
    assert len(hollow) == 1 and len(hollow[0].get_xdata()) == n           # one hollow triangle per context row
    assert "v̂" in _texts(ax) and sum(t.startswith("v ") for t in _texts(ax)) >= 1


def test_hs_tags_exactly_the_path_nodes_with_their_turns():
    r = update_step("hs", center="coffee", outside="tea")
    ax = _axes()
    legend = [h.get_label() for h in drawing._hs_static(ax, r, 10)]
    assert any("turns left" in label for label in legend) and any("turns right" in label for label in legend)
    tagged = {t for t in _texts(ax) if t.endswith((" L", " R"))}
    expected = {f"n{n} {'L' if code == 0 else 'R'}" for n, code in zip(r.extra["path"], r.extra["codes"])}
    assert tagged == expected and len(tagged) == len(r.extra["path"])
