"""The panel's figure and its PNG (w2vlib.panel_render): 2x pixels, styles, views, bytes."""
import io

import numpy as np
import PIL.Image
import pytest

from w2vlib.panel_render import NORMAL, PRESENTATION, StepRenderer, encode_png, readout_html, render_step_png
from w2vlib.update_step import update_step


def test_encode_png_round_trips_the_pixels():
    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, size=(37, 53, 4), dtype=np.uint8)
    img = PIL.Image.open(io.BytesIO(encode_png(rgba)))
    assert img.mode == "RGBA" and img.size == (53, 37)
    np.testing.assert_array_equal(np.asarray(img), rgba)
    assert encode_png(rgba) == encode_png(rgba.copy())


@pytest.mark.parametrize("style,size", [("normal", (2 * NORMAL.width, 2 * NORMAL.height)),
                                        ("presentation", (2 * PRESENTATION.width, 2 * PRESENTATION.height))])
def test_the_picture_is_rendered_at_twice_its_css_size(style, size):
    r = update_step("naive", None, "coffee", "hot", 0.5)
    renderer = StepRenderer(style=style)
    img = PIL.Image.open(io.BytesIO(renderer.render(r)))
    assert img.size == size and renderer.css_width == size[0] // 2


def test_views_and_styles_redraw_from_scratch_and_bad_views_are_refused():
    r = update_step("skipgram", None, None, None, 0.1)          # (a step small enough to zoom on)
    renderer = StepRenderer()
    zoomed = renderer.render(r)
    renderer.set_look(view="plane")
    plane = renderer.render(r)
    assert zoomed != plane and renderer.full_draws == 2
    renderer.set_look(style="presentation")
    assert renderer.render(r) != plane and renderer.full_draws == 3
    with pytest.raises(ValueError, match="view"):
        StepRenderer(view="close-up")


def test_render_is_a_pure_function_of_the_result():
    r = update_step("negsamp", None, "coffee", "hot", 0.5)
    assert render_step_png(r) == render_step_png(r)
    assert render_step_png(r) != render_step_png(update_step("negsamp", None, "coffee", "hot", 0.6))


def test_readout_lists_the_step_parts_with_their_gradient_terms():
    r = update_step("naive", None, "coffee", "hot", 0.5)
    html = readout_html(r)
    assert "pull towards u_o: +η u_o" in html and "gradient term −u_o" in html
    assert html.startswith('<table role="status"')
