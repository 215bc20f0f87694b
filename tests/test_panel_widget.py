"""The update-step panel's widget (w2vlib.panel.widget), driven headless: steps, controls,
display, memory, interrupts."""
import re
import tracemalloc
import weakref
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import w2vlib.panel.widget as widget_module
from w2vlib.panel import UpdateStepPanel, presentation, update_step, update_step_panel
from w2vlib.panel.widget import LR_RANGE
from w2vlib.toy import toy_vocabulary

KINDS = [("naive", {}), ("outside", {}), ("negsamp", {}), ("negsamp", {"negatives": ["dog", "dog", "rain"]}),
         ("skipgram", {}), ("skipgram", {"inner": "negsamp"}), ("cbow", {}), ("hs", {})]
IDS = ["naive", "outside", "negsamp", "negsamp-forced", "skipgram", "skipgram-negsamp", "cbow", "hs"]


def picture(panel):
    """The picture without its frame counter (which changes at every render)."""
    return re.sub(r'data-frame="\d+"', "", panel.svg)


def frame(panel):
    return int(ET.fromstring(panel.svg).get("data-frame"))


def view_box(svg):
    return ET.fromstring(svg).get("viewBox")


@pytest.mark.parametrize("kind,kw", KINDS, ids=IDS)
def test_step_moves_the_vector_and_changes_the_picture(kind, kw):
    panel = update_step_panel(kind, lr=0.5, **kw)
    svg0, s0 = picture(panel), panel.state
    assert s0["steps"] == 0 and s0["last_step"] is None and panel.controls["picture"].value == panel.svg
    panel.step()
    s1 = panel.state
    assert s1["steps"] == 1
    # the step taken is the one that was shown; the panel now shows the next one
    np.testing.assert_array_equal(s1["last_step"]["moved_after"], s0["moved_after"])
    assert s1["last_step"]["loss_after"] == s0["loss_after"] == s1["loss_before"]
    if kind == "outside":
        np.testing.assert_allclose(s1["outside_vectors"], s0["outside_after"])
        np.testing.assert_allclose(s1["outside_before"], s0["outside_after"])
        assert not np.allclose(s1["outside_vectors"], s0["outside_before"])
    else:
        np.testing.assert_allclose(s1["v_c"], s0["v_after"])
        np.testing.assert_allclose(s1["v_before"], s0["v_after"])
        assert np.linalg.norm(s1["v_c"] - s0["v_c"]) > 1e-3
    assert picture(panel) != svg0 and panel.controls["picture"].value == panel.svg
    panel.step()
    s2 = panel.state
    assert s2["path"].shape == (3, 2) and len(s2["losses"]) == 3
    assert s2["losses"][1] == pytest.approx(s0["loss_after"]) and s2["losses"][2] == pytest.approx(s1["loss_after"])


@pytest.mark.parametrize("kind,kw", KINDS, ids=IDS)
def test_reset_restores_vectors_and_picture(kind, kw):
    panel = update_step_panel(kind, lr=0.5, **kw)
    svg0, s0 = picture(panel), panel.state
    panel.step(10)
    assert panel.state["steps"] == 10 and picture(panel) != svg0
    panel.reset()
    s = panel.state
    assert s["steps"] == 0 and picture(panel) == svg0 and s["last_step"] is None
    np.testing.assert_array_equal(s["v_c"], s0["v_c"])
    np.testing.assert_array_equal(s["outside_vectors"], s0["outside_vectors"])
    np.testing.assert_array_equal(s["path"], s0["path"])


def test_state_matches_the_pure_core_and_is_a_copy():
    panel = update_step_panel("naive", center="tea", outside="cold", lr=0.2)
    r = update_step("naive", toy_vocabulary(), "tea", "cold", 0.2)
    s = panel.state
    for key in ("moved_before", "moved_after", "v_before", "v_after", "grad", "probs_before", "probs_after",
                "chain_steps"):
        np.testing.assert_array_equal(s[key], getattr(r, key))
    assert s["loss_before"] == r.loss_before and s["message"] == r.message and s["error"] == ""
    assert list(s["parts"]) == ["o", "E[u]"] and [t["key"] for t in s["terms"]] == ["o", "E[u]"]
    assert [t["name"] for t in s["terms"]] == [p.name for p in r.terms]
    s["moved_after"][:] = 99.0          # a copy: the panel is not changed through it
    s["parts"]["o"][:] = 99.0
    assert panel.state["moved_after"][0] != 99.0 and panel.state["parts"]["o"][0] != 99.0


@pytest.mark.parametrize("kind,kw", KINDS, ids=IDS)
@pytest.mark.parametrize("lr", [1e-4, 1.0, 10 ** LR_RANGE[1], 1e10])
def test_extreme_learning_rates_never_raise(kind, kw, lr):
    panel = update_step_panel(kind, lr=lr, **kw)
    panel.step(10)
    s = panel.state
    assert s["message"] and np.isfinite(s["loss_before"])
    ET.fromstring(panel.svg)
    if lr == 1e10:                      # too long a step: reported, not applied
        assert s["steps"] == 0 and not s["finite"] and s["message"].startswith("Not applied")


def test_learning_rate_slider_extremes_and_overshoot_message():
    panel = update_step_panel("skipgram", inner="negsamp", lr=0.01)
    slider = panel.controls["lr"]
    assert slider.max == LR_RANGE[1] and slider.min <= LR_RANGE[0] + 0.1
    for value in (10 ** slider.max, 10 ** slider.min):
        slider.value = value
        assert panel.state["lr"] == pytest.approx(value)
        panel.step(10)
        ET.fromstring(panel.svg)
    slider.value = 0.5
    panel.reset()
    s = panel.state
    assert s["overshoot"] and s["message"].startswith("Overshoot")
    assert "Overshoot" in panel.controls["readout"].value


def test_tiny_slider_changes_do_not_redraw_but_real_ones_do():
    panel = update_step_panel("naive", lr=0.5)
    slider = panel.controls["lr"]
    assert slider.value == pytest.approx(0.5, rel=1e-12)        # the slider's grid passes through lr
    renders, svg, f = panel.renders, picture(panel), frame(panel)
    slider.value = 0.5 * (1 + 1e-12)                           # what a browser's snapping sends back
    slider.value = 0.49999999999999994
    assert panel.renders == renders and panel.state["lr"] == 0.5 and frame(panel) == f
    slider.value = 2.0
    assert panel.renders == renders + 1 and picture(panel) != svg and frame(panel) == f + 1
    assert panel.state["lr"] == pytest.approx(2.0)


def test_learning_rate_change_keeps_the_vectors_a_word_change_restarts():
    panel = update_step_panel("naive", center="coffee", outside="hot", lr=0.5)
    panel.step(3)
    v = panel.state["v_c"]
    panel.controls["lr"].value = 0.1
    s = panel.state
    np.testing.assert_array_equal(s["v_c"], v)
    np.testing.assert_array_equal(s["moved_before"], v)
    np.testing.assert_allclose(s["moved_after"], v - 0.1 * s["grad"])
    assert s["steps"] == 3 and s["lr"] == pytest.approx(0.1)
    svg = picture(panel)
    panel.controls["outside"].value = "rain"
    s = panel.state
    assert s["steps"] == 0 and s["outside"] == "rain" and picture(panel) != svg
    np.testing.assert_array_equal(s["v_c"], toy_vocabulary().center_vectors[toy_vocabulary().index("coffee")])
    svg = picture(panel)
    panel.controls["center"].value = "cat"
    assert panel.state["center"] == "cat" and picture(panel) != svg


def test_buttons_step_and_reset():
    panel = update_step_panel("negsamp", lr=0.3)
    c = panel.controls
    c["step"].click()
    assert panel.state["steps"] == 1
    c["step10"].click()
    assert panel.state["steps"] == 11
    c["reset"].click()
    assert panel.state["steps"] == 0


def test_resample_and_k_change_the_negatives_and_keep_the_vectors():
    panel = update_step_panel("negsamp", lr=0.3, K=5, seed=0)
    panel.step(2)
    first, v = panel.state["negatives"], panel.state["v_c"]
    svg = picture(panel)
    panel.controls["resample"].click()
    s = panel.state
    assert s["seed"] == 1 and s["negatives"] != first and picture(panel) != svg
    assert s["negatives"] == update_step("negsamp", None, "coffee", "hot", 0.3, K=5, seed=1).negatives
    assert s["steps"] == 2
    np.testing.assert_array_equal(s["v_c"], v)
    panel.controls["K"].value = 9
    assert len(panel.state["negatives"]) == 9 and panel.state["K"] == 9


def test_forced_negatives_disable_sampling_and_reject_a_clash():
    panel = update_step_panel("negsamp", negatives=["dog", "dog", "rain"])
    assert panel.controls["K"].disabled and panel.controls["resample"].disabled
    assert panel.state["negative_counts"] == {"dog": 2, "rain": 1} and panel.state["K"] == 3
    panel.controls["outside"].value = "dog"          # dog is a forced negative: refused, not raised
    s = panel.state
    assert s["outside"] == "hot" and "not applied" in s["error"]
    assert panel.controls["outside"].value == "hot"
    assert "not applied" in panel.controls["readout"].value
    panel.controls["outside"].value = "cold"         # a valid change clears the error
    assert panel.state["outside"] == "cold" and panel.state["error"] == ""


def test_skipgram_controls():
    panel = update_step_panel("skipgram", center="drink", lr=0.3)
    assert panel.state["center"] == "drink" and panel.controls["position"].value == 5
    assert panel.controls["K"].disabled                     # softmax inner loss: no negatives
    assert "center" not in panel.controls and "outside" not in panel.controls
    panel.controls["position"].value = 2
    assert panel.state["center"] == "hot" and "<b>[hot]</b>" in panel.controls["sentence"].value
    panel.controls["inner"].value = "negsamp"
    assert panel.state["probs_kind"] == "sigmoid" and not panel.controls["K"].disabled
    assert len(panel.state["negatives"]) == 4 * 5
    panel.controls["window"].value = 1
    assert panel.state["outside_words"] == ["like", "coffee"]


def test_display_bundle_is_deterministic_and_holds_a_static_svg():
    panel = update_step_panel("naive", center="coffee", outside="hot", lr=0.5)
    bundle = panel._repr_mimebundle_()
    assert bundle["text/plain"] == "UpdateStepPanel(kind='naive', center='coffee', outside='hot', lr=0.5)"
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["image/svg+xml"] == panel.svg and ET.fromstring(bundle["image/svg+xml"]).tag.endswith("svg")
    assert picture(update_step_panel("naive", lr=0.5)) == picture(panel)     # same inputs, same picture
    assert picture(update_step_panel("naive", lr=0.6)) != picture(panel)
    assert repr(update_step_panel("skipgram")) == ("UpdateStepPanel(kind='skipgram', position=3, window=2, "
                                                   "inner='naive', lr=0.5)")


@pytest.mark.parametrize("kw,name", [
    (dict(kind="naive", center="latte"), "center"), (dict(kind="naive", lr=0), "lr"),
    (dict(kind="negsamp", K=0), "K"), (dict(kind="skipgram", outside="hot"), "outside"),
    (dict(kind="skipgram", position=99), "position"), (dict(kind="glove"), "kind"),
    (dict(kind="cbow", inner="hs"), "inner"), (dict(kind="negsamp", negatives=["hot"]), "outside word"),
])
def test_bad_arguments_raise_before_any_widget(monkeypatch, kw, name):
    built = []
    monkeypatch.setattr(UpdateStepPanel, "_build_widgets", lambda self: built.append(self))
    with pytest.raises(ValueError, match=name):
        update_step_panel(**kw)
    assert built == []


def test_bad_presentation_argument_is_a_type_error():
    with pytest.raises(TypeError, match="presentation"):
        update_step_panel("naive", presentation="yes")


@pytest.mark.parametrize("n", [0, -1, 2.5, "3", True])
def test_step_count_must_be_a_positive_integer(n):
    panel = update_step_panel()
    with pytest.raises((ValueError, TypeError), match="n"):
        panel.step(n)
    assert panel.state["steps"] == 0


def test_close_keeps_the_headless_api_working():
    panel = update_step_panel("negsamp", lr=0.3)
    assert panel.widget.comm is not None
    panel.close()
    assert panel.widget.comm is None and panel.controls["step"].comm is None
    panel.step(2)
    assert panel.state["steps"] == 2 and frame(panel) > 1
    panel.reset()
    assert panel.state["steps"] == 0


def test_presentation_mode_applies_to_existing_and_new_panels(monkeypatch):
    # only this test's panels (the session's earlier ones stay alive with their open widgets)
    monkeypatch.setattr(widget_module, "_PANELS", weakref.WeakSet())
    panel = update_step_panel("naive")
    normal = view_box(panel.svg)
    assert normal == "0 0 1040 500" and "before (outline), after (filled)" in panel.svg
    try:
        presentation(True)
        assert view_box(panel.svg) == "0 0 1040 520"             # redrawn: larger text, no bars
        assert "before (outline), after (filled)" not in panel.svg
        assert view_box(update_step_panel("negsamp").svg) == "0 0 1040 520"
    finally:
        presentation(False)
    assert view_box(panel.svg) == normal
    assert view_box(update_step_panel("negsamp").svg) == normal
    assert view_box(update_step_panel("naive", presentation=True).svg) == "0 0 1040 520"
    with pytest.raises(TypeError, match="on"):
        presentation("yes")


@pytest.mark.parametrize("kind", ["naive", "outside", "cbow"])
def test_stepping_500_times_keeps_memory_flat_and_the_picture_bounded(kind):
    panel = update_step_panel(kind, lr=0.05)
    panel.step(60)                               # past the trail's length
    size = len(panel.svg)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        sizes = []
        for _ in range(50):
            panel.step(10)
            sizes.append(len(panel.svg))
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert panel.state["steps"] == 560
    assert grown < 2_000_000, f"{grown / 1e6:.2f} MB kept over 500 steps"
    assert max(sizes) < 1.5 * size + 5_000, (size, max(sizes))


def test_keyboard_interrupt_during_step_n_leaves_the_panel_consistent(monkeypatch):
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
    np.testing.assert_array_equal(s["moved_before"], s["v_c"])          # the shown step starts at v_c
    np.testing.assert_array_equal(s["last_step"]["moved_after"], s["v_c"])
    assert panel.renders == renders + 1                                  # the picture shows it
    assert panel.controls["picture"].value == panel.svg
    panel.step()
    assert panel.state["steps"] == 4 and np.linalg.norm(panel.state["v_c"] - s["v_c"]) > 1e-4
