"""Tests for w2vlib.progress_panel: the notebook view of a fast-path run."""
import base64

import pytest

import w2vlib
from w2vlib import progress
from w2vlib.progress import Progress
from w2vlib.progress_panel import ProgressPanel, loss_curve_png


def epoch_report(epoch=1, epochs=3, losses=(2.5,)):
    return Progress("epoch", epoch, epochs, epoch / epochs, 0.02, 1000 * epoch, list(losses), 0.1 * epoch)


def test_importing_w2vlib_registers_the_panel_as_the_notebook_view():
    assert w2vlib.progress_panel.ProgressPanel is ProgressPanel
    assert progress._notebook_view is ProgressPanel


def test_panel_updates_bar_readout_and_loss_curve(capsys):
    panel = ProgressPanel(K=5)
    panel(epoch_report())
    assert panel.bar.value == pytest.approx(1 / 3) and "epoch 1/3" in panel.label.value
    assert bytes(panel.curve.value).startswith(b"\x89PNG")
    assert panel.static_png is None
    panel(Progress("done", 3, 3, 1.0, 2.5e-6, 3000, [2.5, 2.0, 1.9], 0.3))
    assert panel.bar.bar_style == "success" and "1.900" in panel.label.value


def test_panel_output_stores_the_final_curve_as_a_static_picture(capsys):
    panel = ProgressPanel(K=5)
    before = panel._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in before and "image/png" not in before
    panel(epoch_report(1, 2, [2.5]))
    panel(epoch_report(2, 2, [2.5, 2.1]))
    panel(Progress("done", 2, 2, 1.0, 2.5e-6, 2000, [2.5, 2.1], 0.2))
    after = panel._repr_mimebundle_()
    png = base64.b64decode(after["image/png"])
    assert png.startswith(b"\x89PNG") and png == bytes(panel.curve.value)
    # text/plain never changes (nbval compares it), and it is not the widget's VBox(...) repr
    assert before["text/plain"] == after["text/plain"] == ProgressPanel.TEXT
    assert "VBox" not in after["text/plain"]


def test_loss_curve_png_is_a_png_of_the_expected_size():
    png = loss_curve_png([3.0, 2.0], 4, 5)
    assert png.startswith(b"\x89PNG")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (320, 192)
