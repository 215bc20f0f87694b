"""The update-step panel, driven headless: numbers, picture, controls, display."""
import base64
import io

import numpy as np
import pytest
from matplotlib.image import imread

from w2vlib.toy import toy_vocabulary
from w2vlib.update_step import update_step
from w2vlib.widget import UpdateStepPanel, render_step_png, update_step_panel

KINDS = [("naive", {}), ("outside", {}), ("negsamp", {}), ("negsamp", {"negatives": ["dog", "dog", "rain"]}),
         ("skipgram", {}), ("skipgram", {"inner": "negsamp"})]
IDS = ["naive", "outside", "negsamp", "negsamp-forced", "skipgram", "skipgram-negsamp"]


def decode(png):
    return imread(io.BytesIO(png), format="png")


def not_blank(png):
    img = decode(png)
    return img.shape[0] > 100 and img.shape[1] > 100 and float(img[..., :3].std()) > 0.05


@pytest.mark.parametrize("kind,kw", KINDS, ids=IDS)
def test_step_moves_the_vector_and_changes_the_picture(kind, kw):
    panel = update_step_panel(kind, lr=0.5, **kw)
    png0 = panel.png
    s0 = panel.state
    assert not_blank(png0) and s0["steps"] == 0 and s0["last_step"] is None
    panel.step()
    s1 = panel.state
    assert s1["steps"] == 1
    # the step taken is the one that was shown; the panel now shows the next one
    np.testing.assert_array_equal(s1["last_step"]["center_after"], s0["center_after"])
    assert s1["last_step"]["loss_after"] == s0["loss_after"] == s1["loss_before"]
    if kind == "outside":
        np.testing.assert_allclose(s1["outside_vectors"], s0["outside_after"])
        np.testing.assert_allclose(s1["outside_before"], s0["outside_after"])
        assert not np.allclose(s1["outside_vectors"], s0["outside_before"])
    else:
        np.testing.assert_allclose(s1["v_c"], s0["center_after"])
        np.testing.assert_allclose(s1["center_before"], s0["center_after"])
        assert np.linalg.norm(s1["v_c"] - s0["v_c"]) > 1e-3
    assert panel.png != png0 and not_blank(panel.png)
    panel.step()
    s2 = panel.state
    assert s2["path"].shape == (3, 2) and len(s2["losses"]) == 3
    assert s2["losses"][1] == pytest.approx(s0["loss_after"]) and s2["losses"][2] == pytest.approx(s1["loss_after"])


@pytest.mark.parametrize("kind,kw", KINDS, ids=IDS)
def test_reset_restores_vectors_and_picture(kind, kw):
    panel = update_step_panel(kind, lr=0.5, **kw)
    png0, s0 = panel.png, panel.state
    panel.step(10)
    assert panel.state["steps"] == 10
    panel.reset()
    s = panel.state
    assert s["steps"] == 0 and panel.png == png0
    np.testing.assert_array_equal(s["v_c"], s0["v_c"])
    np.testing.assert_array_equal(s["outside_vectors"], s0["outside_vectors"])


def test_state_matches_the_pure_core():
    panel = update_step_panel("naive", center="tea", outside="cold", lr=0.2)
    r = update_step("naive", toy_vocabulary(), "tea", "cold", 0.2)
    s = panel.state
    for key in ("center_before", "center_after", "grad", "probs_before", "probs_after"):
        np.testing.assert_array_equal(s[key], getattr(r, key))
    assert s["loss_before"] == r.loss_before and s["message"] == r.message
    assert set(s["parts"]) == {"pull", "push"}
    s["center_after"][:] = 99.0          # a copy: the panel is not changed through it
    assert panel.state["center_after"][0] != 99.0


@pytest.mark.parametrize("kind,kw", KINDS, ids=IDS)
@pytest.mark.parametrize("lr", [1e-4, 1.0, 1e3])
def test_extreme_learning_rates_never_raise(kind, kw, lr):
    panel = update_step_panel(kind, lr=lr, **kw)
    panel.step(10)
    s = panel.state
    assert s["message"] and np.isfinite(s["loss_before"])
    assert not_blank(panel.png)


def test_learning_rate_slider_extremes_and_overshoot_message():
    panel = update_step_panel("skipgram", inner="negsamp", lr=0.01)
    slider = panel.controls["lr"]
    for value in (slider.max and 10 ** slider.max, 10 ** slider.min):
        slider.value = value
        panel.step(10)
        assert not_blank(panel.png)
    slider.value = 0.5
    panel.reset()
    s = panel.state
    assert s["overshoot"] and s["message"].startswith("Overshoot")
    assert "Overshoot" in panel.controls["readout"].value


def test_non_finite_step_is_reported_and_not_applied():
    panel = update_step_panel("negsamp", lr=1e308)
    png0 = panel.png
    panel.step()
    s = panel.state
    assert not s["finite"] and s["steps"] == 0 and s["message"].startswith("Non-finite")
    assert panel.png == png0
    assert "Non-finite" in panel.controls["readout"].value and not_blank(png0)


def test_tiny_slider_changes_do_not_redraw_but_real_ones_do():
    panel = update_step_panel("naive", lr=0.5)
    slider = panel.controls["lr"]
    assert slider.value == pytest.approx(0.5, rel=1e-12)   # the grid passes through lr
    renders, png = panel.renders, panel.png
    slider.value = 0.5 * (1 + 1e-12)            # what a browser's snapping sends back
    slider.value = 0.49999999999999994
    assert panel.renders == renders and panel.state["lr"] == 0.5
    slider.value = 2.0
    assert panel.renders == renders + 1 and panel.png != png
    assert panel.state["lr"] == pytest.approx(2.0)


def test_learning_rate_change_keeps_the_vectors_word_change_restarts():
    panel = update_step_panel("naive", center="coffee", outside="hot", lr=0.5)
    panel.step(3)
    v = panel.state["v_c"]
    panel.controls["lr"].value = 0.1
    s = panel.state
    np.testing.assert_array_equal(s["v_c"], v)
    np.testing.assert_array_equal(s["center_before"], v)
    np.testing.assert_allclose(s["center_after"], v - 0.1 * s["grad"])
    assert s["steps"] == 3
    png = panel.png
    panel.controls["outside"].value = "rain"
    s = panel.state
    assert s["steps"] == 0 and s["outside"] == "rain" and panel.png != png
    png = panel.png
    panel.controls["center"].value = "cat"
    assert panel.state["center"] == "cat" and panel.png != png


def test_buttons_step_and_reset():
    panel = update_step_panel("negsamp", lr=0.3)
    c = panel.controls
    c["step"].click()
    assert panel.state["steps"] == 1
    c["step10"].click()
    assert panel.state["steps"] == 11
    c["reset"].click()
    assert panel.state["steps"] == 0


def test_resample_and_k_change_the_negatives():
    panel = update_step_panel("negsamp", lr=0.3, K=5, seed=0)
    first = panel.state["negatives"]
    png = panel.png
    panel.controls["resample"].click()
    s = panel.state
    assert s["seed"] == 1 and s["negatives"] != first and panel.png != png
    panel.controls["K"].value = 9
    assert len(panel.state["negatives"]) == 9


def test_forced_negatives_disable_sampling_and_reject_a_clash():
    panel = update_step_panel("negsamp", negatives=["dog", "dog", "rain"])
    assert panel.controls["K"].disabled and panel.controls["resample"].disabled
    assert panel.state["negative_counts"] == {"dog": 2, "rain": 1}
    panel.controls["outside"].value = "dog"          # dog is a forced negative: refused, not raised
    s = panel.state
    assert s["outside"] == "hot" and "not applied" in s["error"]
    assert panel.controls["outside"].value == "hot"
    assert "not applied" in panel.controls["readout"].value


def test_skipgram_controls():
    panel = update_step_panel("skipgram", center="drink", lr=0.3)
    assert panel.state["center"] == "drink" and panel.controls["position"].value == 5
    assert panel.controls["K"].disabled                     # softmax inner loss: no negatives
    panel.controls["position"].value = 2
    assert panel.state["center"] == "hot" and "<b>[hot]</b>" in panel.controls["sentence"].value
    panel.controls["inner"].value = "negsamp"
    assert panel.state["probs_kind"] == "sigmoid" and not panel.controls["K"].disabled
    panel.controls["window"].value = 1
    assert panel.state["outside_words"] == ["like", "coffee"]


def test_display_bundle_is_deterministic_with_a_static_png():
    panel = update_step_panel("naive", center="coffee", outside="hot", lr=0.5)
    bundle, metadata = panel._repr_mimebundle_()
    assert metadata == {"image/png": {"width": 1040}}          # shown at its CSS width: crisp at 2x
    assert bundle["text/plain"] == "UpdateStepPanel(kind='naive', center='coffee', outside='hot', lr=0.5)"
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]) == panel.png
    assert update_step_panel("naive", lr=0.5).png == panel.png       # same inputs, same bytes
    assert repr(update_step_panel("skipgram")) == "UpdateStepPanel(kind='skipgram', position=3, window=2, inner='naive', lr=0.5)"


def test_render_is_pure_function_of_the_result():
    r = update_step("naive", None, "coffee", "hot", 0.5)
    assert render_step_png(r) == render_step_png(r)
    assert render_step_png(r) != render_step_png(update_step("naive", None, "coffee", "hot", 0.6))


@pytest.mark.parametrize("kw,name", [
    (dict(kind="naive", center="latte"), "center"), (dict(kind="naive", lr=0), "lr"),
    (dict(kind="negsamp", K=0), "K"), (dict(kind="skipgram", outside="hot"), "outside"),
    (dict(kind="skipgram", position=99), "position"), (dict(kind="glove"), "kind"),
])
def test_bad_arguments_raise_before_any_widget(kw, name):
    with pytest.raises(ValueError, match=name):
        update_step_panel(**kw)


def test_step_count_must_be_positive():
    panel = update_step_panel()
    with pytest.raises(ValueError, match="n"):
        panel.step(0)
    assert isinstance(panel, UpdateStepPanel)


def test_static_background_is_reused_and_gives_the_same_pixels():
    from w2vlib.widget import StepRenderer
    r = update_step("negsamp", None, "coffee", "hot", 0.5, K=5)
    renderer = StepRenderer()
    full = renderer.render(r)
    assert renderer.full_draws == 1
    again = renderer.render(r)                  # background restored, dynamic artists redrawn
    assert renderer.full_draws == 1 and again == full
    panel = update_step_panel("negsamp", lr=0.1, view="plane")
    panel.step(3)
    assert panel._renderer.full_draws == 1      # same words, negatives, eta and frame: no full redraw
    panel.controls["lr"].value = 0.2           # eta is drawn as a dynamic label
    assert panel._renderer.full_draws == 1
    panel.controls["outside"].value = "cold"   # the word labels change: full redraw
    assert panel._renderer.full_draws == 2


def test_close_keeps_the_headless_api_working():
    panel = update_step_panel("negsamp", lr=0.3)
    panel.close()
    assert panel.widget.comm is None
    panel.step(2)
    assert panel.state["steps"] == 2 and not_blank(panel.png)


# ----------------------------------------------------------------------------- projector, memory, interrupts

def _texts(fig):
    """Every visible text of a figure (titles, labels, tick labels, legends, annotations)."""
    from matplotlib.text import Text
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize("kind,kw", KINDS, ids=IDS)
@pytest.mark.parametrize("style", ["normal", "presentation"])
def test_text_is_large_and_nothing_is_cut_off(kind, kw, style):
    panel = update_step_panel(kind, lr=0.5, presentation=style == "presentation", **kw)
    panel.step(2)
    fig = panel._renderer.fig
    renderer = fig.canvas.get_renderer()
    min_pt = 10.5 if style == "normal" else 14.0
    for text in _texts(fig):
        # 10.5 pt at 100 CSS dpi = 14.6 CSS px: the notebook's 14 px, or more once the picture fills the column
        assert text.get_fontsize() >= min_pt - 1e-9, text.get_text()
    # everything drawn (titles, legends, tick labels in view, word labels) lies inside the picture
    tight = fig.get_tightbbox(renderer)
    w, h = fig.get_size_inches()
    assert tight.x0 >= -0.01 and tight.y0 >= -0.01 and tight.x1 <= w + 0.01 and tight.y1 <= h + 0.01, (tight, w, h)


@pytest.mark.parametrize("kind,kw", KINDS, ids=IDS)
def test_word_labels_do_not_pile_up(kind, kw):
    from matplotlib.text import Annotation
    panel = update_step_panel(kind, lr=0.5, view="plane", **kw)
    fig = panel._renderer.fig
    renderer = fig.canvas.get_renderer()
    words = set(panel.state["words"])
    labels = [t for t in fig.axes[0].texts if isinstance(t, Annotation) and t.get_text().split(" ")[0] in words]
    assert len(labels) == len(words)
    boxes = [t.get_window_extent(renderer) for t in labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            w = max(0.0, min(a.x1, b.x1) - max(a.x0, b.x0))
            h = max(0.0, min(a.y1, b.y1) - max(a.y0, b.y0))
            assert w * h <= 0.1 * min(a.width * a.height, b.width * b.height)


def test_zoomed_view_makes_the_step_long_and_the_plane_toggle_shows_every_word():
    panel = update_step_panel("negsamp", lr=0.1)
    s = panel.state
    frame = panel._renderer._frame
    step = np.linalg.norm(s["center_after"] - s["center_before"])
    assert step >= (frame[1] - frame[0]) / 10                 # zoomed: the step is >= 33 of the 335 CSS px
    assert panel._renderer._axes[2] is not None               # the whole plane as an inset
    png = panel.png
    panel.controls["view"].value = "plane"
    frame = panel._renderer._frame
    U = s["outside_before"]
    assert frame[0] <= U[:, 0].min() and U[:, 0].max() <= frame[1] and frame[2] <= U[:, 1].min() and U[:, 1].max() <= frame[3]
    assert panel.png != png and panel._renderer._axes[2] is None        # no inset on the whole plane


def test_zoom_frame_is_kept_for_most_steps():
    panel = update_step_panel("naive", lr=0.5)
    for _ in range(20):
        panel.step()
    assert panel._renderer.full_draws <= 6


def test_presentation_option_applies_to_existing_and_new_panels(monkeypatch):
    import weakref

    import w2vlib.widget
    from w2vlib.widget import presentation
    # only this test's panels (the session's earlier ones stay alive with their open widgets)
    monkeypatch.setattr(w2vlib.widget, "_PANELS", weakref.WeakSet())
    panel = update_step_panel("naive")
    assert decode(panel.png).shape[:2] == (940, 2080)        # 1040 x 470 CSS px at 2x
    try:
        presentation(True)
        assert decode(panel.png).shape[:2] == (1080, 2080)    # redrawn: larger text, no bars pane
        assert len(panel._renderer.fig.axes) == 1             # the plane (with its inset), no bars
        assert decode(update_step_panel("negsamp").png).shape[:2] == (1080, 2080)
    finally:
        presentation(False)
    assert decode(panel.png).shape[:2] == (940, 2080)
    assert decode(update_step_panel("naive", presentation=True).png).shape[:2] == (1080, 2080)
    with pytest.raises(TypeError, match="on"):
        presentation("yes")


def _drawn_from_scratch(panel):
    """A new renderer's picture of what ``panel`` shows, in the same frame and bars' limit: what
    the panel's kept layers must reproduce (and no more artists than it holds)."""
    from w2vlib.widget import StepRenderer
    mine = panel._renderer
    twin = StepRenderer(style=mine.style, view=mine.view)
    twin._frame, twin._top, twin._zoomed = mine._frame, mine._top, mine._zoomed
    s = panel._shown
    png = twin.render(s.result, s.path if s.result.moved == "v_c" else ())
    assert twin._frame == mine._frame and twin.full_draws == 1
    return twin, png


def _assert_layers_are_a_full_draw(renderer):
    """The kept top layer (chrome, bars, plane drawn one over the other) has the pixels of
    matplotlib drawing the whole static figure at once. (Leaves the renderer without its
    dynamic artists: the next render draws them again.)"""
    renderer.canvas.restore_region(renderer._layers["plane"])
    layered = np.array(renderer.canvas.buffer_rgba())
    for artist in renderer._dynamic:
        artist.remove()
    renderer._dynamic = []
    renderer.canvas.draw()
    np.testing.assert_array_equal(layered, np.asarray(renderer.canvas.buffer_rgba()))


@pytest.mark.parametrize("kind,kw", KINDS[:5], ids=IDS[:5])
def test_stepping_500_times_grows_no_artists(kind, kw):
    panel = update_step_panel(kind, lr=0.05, **kw)
    renderer = panel._renderer
    panel.step()
    for i in range(50):
        panel.step(10)
        if i % 10 == 9:                    # as many artists as a picture drawn from scratch holds
            twin, _ = _drawn_from_scratch(panel)
            assert renderer.artist_count() == twin.artist_count(), i
    assert all(not ax.containers for ax in renderer.fig.axes)
    assert panel.state["steps"] == 501 or not panel.state["finite"]


@pytest.mark.parametrize("kind,kw", [("naive", {}), ("outside", {}), ("cbow", {}), ("hs", {}),
                                     ("naive", {"view": "plane"}), ("negsamp", {"presentation": True})],
                         ids=["naive", "outside", "cbow", "hs", "naive-plane", "negsamp-presentation"])
def test_a_new_frame_redraws_only_the_plane_and_gives_the_pixels_of_a_full_draw(kind, kw):
    panel = update_step_panel(kind, **kw)
    renderer = panel._renderer
    moves = 0
    for _ in range(40):
        frame = renderer._frame
        panel.step()
        moves += renderer._frame != frame
        if renderer.plane_draws and renderer._frame != frame:
            break
    # every move redrew the plane's layer, or everything when it switched between zoom and whole plane
    assert moves >= 1 and renderer.plane_draws + (renderer.full_draws - 1) == moves
    twin, png = _drawn_from_scratch(panel)
    assert panel.png == png
    assert renderer.artist_count() == twin.artist_count()
    _assert_layers_are_a_full_draw(renderer)
    draws, picture, layout = renderer.plane_draws, panel.png, (renderer._frame, renderer._top)
    panel.step()                           # the next step: a new picture; the kept layer if the frame stays
    assert panel.png != picture
    assert renderer.plane_draws == draws + ((renderer._frame, renderer._top) != layout)
    assert renderer.artist_count() == _drawn_from_scratch(panel)[0].artist_count()


@pytest.mark.parametrize("kind", ["naive", "skipgram", "negsamp"])
def test_a_click_draws_the_next_frame_ahead_and_shows_the_same_pictures(monkeypatch, kind):
    """Clicked, the panel draws a new frame (or the switch from whole plane to zoom, as
    negsamp's second step does) after the picture it sends, so no Step click's picture waits
    for one; headless, the same steps give the same pictures."""
    clicked, headless = update_step_panel(kind), update_step_panel(kind)
    clicked._repr_mimebundle_()                            # shown as a cell's output: draws ahead too
    renderer = clicked._renderer
    drawn_at_a_step, stepping = [], {"now": False}
    render = renderer.render

    def counting_render(r, path=()):
        before = renderer.plane_draws + renderer.full_draws
        out = render(r, path)
        if stepping["now"]:
            drawn_at_a_step.append(renderer.plane_draws + renderer.full_draws - before)
        return out

    def click_step():
        stepping["now"] = True
        clicked.controls["step"].click()
        stepping["now"] = False

    monkeypatch.setattr(renderer, "render", counting_render)
    for _ in range(20):
        click_step()
        headless.step()
        assert clicked.png == headless.png and clicked.state["steps"] == headless.state["steps"]
    clicked.controls["reset"].click()                      # a Reset click draws ahead too
    headless.reset()
    for _ in range(3):
        click_step()
        headless.step()
        assert clicked.png == headless.png
    assert len(drawn_at_a_step) == 23
    moved = headless._renderer.plane_draws + headless._renderer.full_draws - 2     # (2 builds: start, reset)
    assert moved >= 1                                      # headless, the frame moved at some step...
    assert sum(drawn_at_a_step) == 0                       # ...clicked, it was always drawn ahead
    clicked.controls["lr"].value = 0.3                      # not a step: correct in whatever frame is kept
    _assert_layers_are_a_full_draw(renderer)


def test_the_frame_moves_rarely():
    """A new frame costs about twice a plain step: the zoom keeps room for the next steps and the
    whole plane grows when a vector leaves it, so a lecturer's forty clicks move it a few times."""
    for kind, kw in [("naive", {}), ("negsamp", {"lr": 0.1}), ("outside", {}), ("cbow", {}),
                     ("naive", {"view": "plane"})]:
        panel = update_step_panel(kind, **kw)
        for _ in range(40):
            panel.step()
        assert panel._renderer.plane_draws <= 4, (kind, kw, panel._renderer.plane_draws)


def test_keyboard_interrupt_during_step_n_leaves_the_panel_consistent(monkeypatch):
    import w2vlib.widget as widget_module
    panel = update_step_panel("negsamp", lr=0.2)
    real, calls = widget_module.update_step, []

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(widget_module, "update_step", interrupted)
    renders = panel.renders
    with pytest.raises(KeyboardInterrupt):
        panel.step(10)
    monkeypatch.setattr(widget_module, "update_step", real)
    s = panel.state
    assert s["steps"] == 3 and s["path"].shape == (4, 2) and len(s["losses"]) == 4
    np.testing.assert_array_equal(s["v_c"], s["path"][-1])
    np.testing.assert_array_equal(s["center_before"], s["v_c"])          # the shown step starts at v_c
    np.testing.assert_array_equal(s["last_step"]["center_after"], s["v_c"])
    assert panel.renders == renders + 1                                    # the picture shows it
    panel.step()
    assert panel.state["steps"] == 4 and np.linalg.norm(panel.state["v_c"] - s["v_c"]) > 1e-4


def test_a_step_too_large_to_zoom_on_is_shown_in_the_whole_plane_without_an_inset():
    big = update_step_panel("hs", center="coffee", outside="tea", lr=4.0)     # notebook 12's: the step spans the plane
    assert not big._renderer._zoomed and big._renderer._axes[2] is None
    legend = big._renderer.fig.legends[0].get_title().get_text()
    assert "zoomed" not in legend
    notebook_07 = update_step_panel("skipgram", window=2, position=3, inner="naive", lr=0.5)   # as its caption says
    assert not notebook_07._renderer._zoomed and notebook_07._renderer._axes[2] is None
    small = update_step_panel("skipgram", window=2, position=3, inner="naive", lr=0.1)
    assert small._renderer._zoomed and small._renderer._axes[2] is not None
    assert "zoomed" in small._renderer.fig.legends[0].get_title().get_text()
    s = small.state
    frame = small._renderer._frame
    U = s["outside_before"]
    assert frame[1] - frame[0] < U[:, 0].max() - U[:, 0].min()     # narrower than the words' spread


@pytest.mark.parametrize("where", ["_plane_statics", "_compose", "_build"])
def test_keyboard_interrupt_while_drawing_ahead_leaves_the_next_picture_right(monkeypatch, where):
    """An interrupt inside prepare() (a new frame, or zoom <-> plane, drawn after a click) leaves
    layers the next render redraws: the picture is the one a panel never interrupted shows."""
    from w2vlib.panel_render import StepRenderer
    kind = "naive" if where != "_build" else "negsamp"          # negsamp's 2nd step switches plane -> zoom
    clicked, headless = update_step_panel(kind), update_step_panel(kind)
    real = getattr(StepRenderer, where)
    state = {"armed": False, "fired": 0}

    def interrupted(self, *args, **kwargs):
        if state["armed"] and self is clicked._renderer:
            state["fired"] += 1
            raise KeyboardInterrupt
        return real(self, *args, **kwargs)

    monkeypatch.setattr(StepRenderer, where, interrupted)
    for _ in range(20):
        state["armed"] = True
        try:
            clicked._prepare_next()
        except KeyboardInterrupt:
            pass
        state["armed"] = False
        clicked.step()
        headless.step()
        assert clicked.png == headless.png
    assert state["fired"] >= 1 and clicked.state["steps"] == headless.state["steps"] == 20
    _assert_layers_are_a_full_draw(clicked._renderer)
