"""Tests for w2vlib.progress: what both trainers report, the terminal line, the notebook hook."""
import io
import re

import pytest

from w2vlib import progress as prog
from w2vlib.progress import IterationBar, Progress, print_epoch
from w2vlib.sgd import sgd


class Terminal(io.StringIO):
    def isatty(self):
        return True


def epoch_report(epoch=1, epochs=3, losses=(2.5,)):
    return Progress("epoch", epoch, epochs, epoch / epochs, 0.02, 1000 * epoch, list(losses), 0.1 * epoch)


# ----- the fast path ---------------------------------------------------------------------------
def test_print_epoch_prints_one_line_per_epoch_only():
    out = io.StringIO()
    print_epoch(Progress("batch", 1, 2, 0.25, 0.02, 10, [], 0.5), out)
    assert out.getvalue() == ""
    print_epoch(Progress("epoch", 1, 2, 0.5, 0.02, 1234, [2.34567], 2.0), out)
    assert out.getvalue() == "epoch 1/2: mean loss 2.3457, 1,234 pairs, 2.0 s, ETA 2.0 s\n"


def test_progress_callback_chooses_the_display(monkeypatch):
    monkeypatch.setattr(prog, "in_jupyter_kernel", lambda: False)
    assert prog.progress_callback(True, 5) is print_epoch
    assert prog.progress_callback(False, 5) is None and prog.progress_callback(None, 5) is None
    f = lambda p: None  # noqa: E731
    assert prog.progress_callback(f, 5) is f
    with pytest.raises(TypeError, match="progress must be True, False or a callable"):
        prog.progress_callback("yes", 5)


def test_progress_callback_uses_the_registered_notebook_view_in_a_kernel(monkeypatch):
    monkeypatch.setattr(prog, "in_jupyter_kernel", lambda: True)
    made = []
    monkeypatch.setattr(prog, "_notebook_view", lambda K, start: made.append((K, start)) or print)
    assert prog.progress_callback(True, 7, (1.0, "L log 2")) is print and made == [(7, (1.0, "L log 2"))]
    monkeypatch.setattr(prog, "_notebook_view", None)            # no view registered: the terminal line
    assert prog.progress_callback(True, 7) is print_epoch
    with pytest.raises(TypeError, match="view must be a callable"):
        prog.show_in_notebooks("panel")


def test_no_jupyter_kernel_under_pytest():
    assert prog.in_jupyter_kernel() is False


# ----- the course path ---------------------------------------------------------------------
def test_bar_redraws_in_place_on_a_terminal_and_shows_the_average_it_is_given():
    term = Terminal()
    bar = IterationBar(0, 30, stream=term, interval=0.0)
    for it in range(1, 31):
        if it % 10 == 0:
            bar.average(it, 20.0 - it / 10)
        bar(it, 20.0 - it / 10, None)
    text = term.getvalue()
    assert text.count("\r") == 30 and text.endswith("\n") and text.count("\n") == 1
    last = text.split("\r")[-1]
    assert "iter     30/30" in last and "loss(avg) 17.0000" in last and "100.0%" in last


def test_bar_prints_every_n_iterations_on_a_file_and_dash_before_any_average():
    out = io.StringIO()
    bar = IterationBar(10, 30, stream=out, every=10)
    for it in range(11, 31):
        bar(it, 1.0, None)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and all("loss(avg) -" in line for line in lines)
    assert "(10/20 this run)" in lines[0] and "(20/20 this run)" in lines[1]


def test_bar_shows_the_average_sgd_keeps():
    """The bar shows sgd's own average (through on_average), the course's .95/.05 mix."""
    out = io.StringIO()
    losses = iter(range(100, 0, -1))

    def f(x):
        return float(next(losses)), 0 * x
    bar = IterationBar(0, 30, stream=out, every=30)
    sgd(f, [1.0], 0.1, 30, print_every=10, verbose=False, callback=bar, on_average=bar.average)
    # losses 100, 99, ...: iteration 10 sees 91, 20 sees 81, 30 sees 71
    expected = 0.95 * (0.95 * 91 + 0.05 * 81) + 0.05 * 71
    assert bar.exploss == pytest.approx(expected)
    assert re.search(rf"loss\(avg\) {expected:.4f}", out.getvalue())


def test_clock():
    assert prog.clock(0) == "0:00" and prog.clock(61.4) == "1:01" and prog.clock(float("nan")) == "--:--"
