"""The panel's picture piece by piece (w2vlib.panel_drawing): frames, zoom, labels, drawings."""
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from w2vlib.panel_drawing import (Drawing, drawing_for, keeps, place_labels, register_drawing, square_frame,
                                  whole_box, zoom_box)
from w2vlib.update_step import update_step


@pytest.mark.parametrize("box", [(0.1, 0.3, -0.2, 0.1), (-3.0, 2.0, 0.0, 0.5), (5.0, 5.0, 1.0, 1.0),
                                 (1e160, 2e160, -1e160, 0.0)])
def test_square_frame_is_square_contains_the_box_and_is_not_degenerate(box):
    x0, x1, y0, y1 = square_frame(box)
    assert x1 - x0 == pytest.approx(y1 - y0) and x1 > x0
    assert x0 <= box[0] and box[1] <= x1 and y0 <= box[2] and box[3] <= y1
    assert keeps((x0, x1, y0, y1), box) or (x1 - x0) > 2.5 * max(box[1] - box[0], box[3] - box[2], 0.5)


def test_keeps_a_frame_that_contains_the_box_and_is_not_too_wide():
    assert keeps((0, 1, 0, 1), (0.2, 0.6, 0.2, 0.6))
    assert not keeps((0, 1, 0, 1), (0.2, 1.2, 0.2, 0.6))                    # sticks out
    assert not keeps((0, 10, 0, 10), (0.2, 1.2, 0.2, 0.6))                  # 10x too wide
    assert not keeps(None, (0, 1, 0, 1))


def test_zoom_box_holds_v_c_the_arrows_and_u_o_when_the_step_is_long_enough():
    r = update_step("naive", None, "coffee", "hot", 0.5)
    x0, x1, y0, y1 = zoom_box(r)
    tips = [r.center_before - r.lr * p for p in r.parts.values()]
    u_o = r.outside_before[r.words.index("hot")]
    for p in [r.center_before, r.center_after, u_o] + tips:
        assert x0 - 1e-12 <= p[0] <= x1 + 1e-12 and y0 - 1e-12 <= p[1] <= y1 + 1e-12
    tiny = update_step("naive", None, "coffee", "hot", 1e-4)            # u_o would make the step invisible
    bx = zoom_box(tiny)
    assert max(bx[1] - bx[0], bx[3] - bx[2]) < 0.01
    whole = whole_box(r)
    assert whole[0] <= r.outside_before[:, 0].min() and r.outside_before[:, 0].max() <= whole[1]


def test_place_labels_avoids_overlaps_of_close_points():
    fig = Figure(figsize=(4, 4), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes([0.1, 0.1, 0.8, 0.8])
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    points = np.array([[0.5, 0.5], [0.52, 0.5], [0.5, 0.52], [0.52, 0.52]])
    labels = place_labels(ax, points, ["alpha", "beta", "gamma", "delta"], 10)
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b) or (min(a.x1, b.x1) - max(a.x0, b.x0)) * (min(a.y1, b.y1) - max(a.y0, b.y0)) \
                < 0.1 * a.width * a.height
    assert place_labels(ax, np.array([[2.0, 2.0]]), ["outside the view"], 10) == []


def test_a_kind_without_a_drawing_gets_the_default_one_of_its_plane():
    r = update_step("negsamp", None, "coffee", "hot", 0.5)
    assert drawing_for(r).plane == "center"
    assert drawing_for(update_step("outside", None, "coffee", "hot", 0.5)).plane == "outside"
    marks = []
    register_drawing("negsamp", Drawing(extra_dynamic=lambda ax, r: marks.append(r.kind) or []))
    try:
        from w2vlib.panel_render import StepRenderer
        StepRenderer().render(r)
        assert marks == ["negsamp"]
    finally:
        from w2vlib import panel_drawing
        panel_drawing._DRAWINGS.pop("negsamp")
