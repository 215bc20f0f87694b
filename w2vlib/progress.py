"""Progress display for both trainers: a line on the terminal, a panel in a notebook.

Training code reports *what* happened; this module decides *how* it is shown.

* The fast path (:func:`w2vlib.train.train_sgns`) reports a :class:`Progress` about every
  0.2 s, after every epoch and at the end. :func:`progress_callback` turns its ``progress``
  argument into a callable: a :class:`ProgressPanel` (bar, readout, loss curve) inside a
  Jupyter kernel, :func:`print_epoch` (one line per epoch on stderr) elsewhere.
* The course path (:func:`w2vlib.run.train`) draws an :class:`IterationBar`: one line with the
  iteration, the course's loss average (kept by :func:`w2vlib.sgd.sgd`, handed over through
  its ``on_average`` hook, never recomputed here) and an ETA.

Nothing here imports matplotlib or ipywidgets until a picture or a panel is asked for.
"""
from __future__ import annotations

import base64
import io
import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TextIO

import numpy as np


@dataclass
class Progress:
    """What :func:`~w2vlib.train.train_sgns` reports to its ``progress`` callback.

    Attributes
    ----------
    event : str
        ``"batch"`` (about every 0.2 s), ``"epoch"`` (an epoch finished) or ``"done"``.
    epoch : int
        The 1-based epoch being trained (or just finished).
    epochs : int
        The number of epochs of the run.
    fraction : float
        The fraction of the whole run done, in [0, 1].
    lr : float
        The current learning rate η.
    pairs : int
        The examples trained so far: (centre, outside) pairs for skip-gram, windows for CBOW.
    epoch_losses : list of float
        The mean loss per example of every finished epoch.
    seconds : float
        Seconds since training started.
    """
    event: str
    epoch: int
    epochs: int
    fraction: float
    lr: float
    pairs: int
    epoch_losses: list
    seconds: float


def in_jupyter_kernel() -> bool:
    """True when running inside a Jupyter kernel (IPython with a kernel attached)."""
    ip = sys.modules.get("IPython")
    shell = ip.get_ipython() if ip is not None and hasattr(ip, "get_ipython") else None
    return shell is not None and getattr(shell, "kernel", None) is not None


def loss_curve_png(epoch_losses: Sequence[float], epochs: int, negative: int,
                   start: tuple[float, str] | None = None) -> bytes:
    """A small PNG of the mean loss per pair by epoch, with the starting level (K+1)·log 2.

    Parameters
    ----------
    epoch_losses : sequence of float, length <= ``epochs``
        The mean loss per pair of each finished epoch (nats).
    epochs : int
        The number of epochs of the run (the x axis spans 1..epochs).
    negative : int
        K, the number of negatives per pair: at the start every score is ~0, so the loss
        per pair is (K + 1)·log 2.
    start : (float, str) or None
        Another starting level and its label (hierarchical softmax: L·log 2 for a path of L
        nodes), instead of (K + 1)·log 2.

    Returns
    -------
    bytes
        The PNG file's bytes (320 × 192 pixels).
    """
    from matplotlib.figure import Figure
    fig = Figure(figsize=(4.0, 2.4), dpi=80)
    ax = fig.add_subplot()
    x = np.arange(1, len(epoch_losses) + 1)
    ax.plot(x, epoch_losses, marker="o", color="#0072B2", label="mean loss per pair")
    level, label = start or ((negative + 1) * np.log(2), "at the start, (K+1) log 2")
    ax.axhline(level, color="#D55E00", linestyle="--", label=label)
    ax.set_xlim(0.5, epochs + 0.5)
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss per pair (nats)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


class ProgressPanel:
    """The notebook view of a :func:`~w2vlib.train.train_sgns` run: an ipywidgets bar, a
    text readout and the loss curve by epoch (a PNG redrawn after every epoch).

    Displayed on creation. Its output carries, beside the live widget view, a fixed
    ``text/plain`` line and, once training is done, the final loss curve as ``image/png``:
    the saved notebook then shows the curve where widgets are not rendered (GitHub,
    nbviewer without widget state) instead of ``VBox(children=...)``.

    Parameters
    ----------
    negative : int
        K, the number of negatives per pair (for the curve's starting level).
    start : (float, str) or None
        Another starting level and its label (see :func:`loss_curve_png`).
    """

    #: The output's ``text/plain``: the same at every update, so a saved notebook compares
    #: equal to a fresh run however far the picture had got.
    TEXT = "train_sgns progress: a bar, a readout and the mean loss per pair by epoch"

    def __init__(self, negative: int, start: tuple[float, str] | None = None):
        import ipywidgets as widgets
        from IPython.display import display
        self.negative, self.start = negative, start
        self.bar = widgets.FloatProgress(value=0.0, min=0.0, max=1.0, description="training")
        self.label = widgets.HTML(value="")
        self.curve = widgets.Image(format="png", layout=widgets.Layout(width="320px"))
        self.box = widgets.VBox([widgets.HBox([self.bar, self.label]), self.curve])
        self.static_png: bytes | None = None
        self._handle = display(self, display_id=True)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = self.box._repr_mimebundle_()
        bundle["text/plain"] = self.TEXT
        if self.static_png:
            bundle["image/png"] = base64.b64encode(self.static_png).decode("ascii")
        return bundle

    def __call__(self, p: Progress) -> None:
        self.bar.value = p.fraction
        losses = ", ".join(f"{x:.3f}" for x in p.epoch_losses[-5:])
        state = "done" if p.event == "done" else f"epoch {p.epoch}/{p.epochs}"
        self.label.value = (f"{state} &middot; lr {p.lr:.2e} &middot; {p.pairs:,} pairs &middot; "
                            f"{p.seconds:.1f} s &middot; mean loss per epoch: {losses}")
        if p.event == "epoch":
            self.curve.value = loss_curve_png(p.epoch_losses, p.epochs, self.negative, self.start)
        if p.event == "done":
            self.bar.bar_style = "success"
            self.static_png = bytes(self.curve.value)
            if self._handle is not None:
                self._handle.update(self)


def print_epoch(p: Progress, stream: TextIO | None = None) -> None:
    """The terminal view of a :func:`~w2vlib.train.train_sgns` run: one line per finished
    epoch (mean loss, pairs, seconds, ETA) on ``stream`` (default ``sys.stderr``)."""
    if p.event == "epoch":
        eta = p.seconds / max(p.fraction, 1e-9) * (1 - p.fraction)
        print(f"epoch {p.epoch}/{p.epochs}: mean loss {p.epoch_losses[-1]:.4f}, {p.pairs:,} pairs, "
              f"{p.seconds:.1f} s, ETA {eta:.1f} s", file=stream or sys.stderr, flush=True)


def check_progress(progress: object) -> None:
    """Refuse a ``progress`` argument that is not True, False, None or a callable."""
    if not (progress is True or progress is False or progress is None or callable(progress)):
        raise TypeError(f"progress must be True, False or a callable taking a Progress, got {progress!r}")


def progress_callback(progress: bool | Callable[[Progress], None] | None,
                      negative: int, start: tuple[float, str] | None = None) -> Callable[[Progress], None] | None:
    """The callable that shows a :func:`~w2vlib.train.train_sgns` run's progress.

    Parameters
    ----------
    progress : bool, None or callable
        True: a :class:`ProgressPanel` in a Jupyter kernel (when ipywidgets is installed),
        :func:`print_epoch` elsewhere; False or None: nothing; a callable: itself.
    negative : int
        K, passed on to the panel's loss curve.
    start : (float, str) or None
        The curve's starting level and label, when it is not (K + 1)·log 2.

    Returns
    -------
    callable or None
        Called with a :class:`Progress` at every report, or None for no display.
    """
    check_progress(progress)
    if progress is True:
        if in_jupyter_kernel():
            try:
                return ProgressPanel(negative, start)
            except ImportError:
                pass
        return print_epoch
    if progress is False or progress is None:
        return None
    return progress


def clock(seconds: float) -> str:
    """``m:ss`` for a duration in seconds; ``--:--`` when it is not finite."""
    if not math.isfinite(seconds):
        return "--:--"
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


class IterationBar:
    """The terminal view of the course run (:func:`w2vlib.run.train`): a one-line bar with
    the course's loss average and an ETA.

    Pass the bar as ``sgd(..., callback=bar, on_average=bar.average)``: ``sgd`` keeps the
    course's average (every ``print_every`` iterations ``exploss = .95·exploss + .05·loss``)
    and hands each new value to :meth:`average`; the bar only shows it. On a terminal the
    line is redrawn in place at most every ``interval`` seconds; on any other stream one
    line is printed every ``every`` iterations. The last iteration always gets its line.

    Parameters
    ----------
    start : int
        The iteration the run starts after (0, or a resumed checkpoint's iteration).
    total : int
        The last iteration of the run.
    stream : text stream or None
        Where the bar is drawn; None draws nothing.
    interval : float
        Seconds between redraws on a terminal.
    every : int
        Iterations between lines on a stream that is not a terminal.
    exploss : float or None
        The loss average to show before the first update (a resumed checkpoint's).
    """

    def __init__(self, start: int, total: int, stream: TextIO | None = sys.stderr,
                 interval: float = 0.25, every: int = 5_000, exploss: float | None = None):
        self.start, self.total = start, total
        self.stream = stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.interval, self.every = interval, every
        self.exploss = exploss
        self.t0 = time.perf_counter()
        self.last = 0.0

    def average(self, iteration: int, exploss: float) -> None:
        """Take ``sgd``'s new loss average (its ``on_average`` hook)."""
        self.exploss = exploss

    def __call__(self, it: int, loss: float, x: np.ndarray) -> None:
        """Draw the bar after iteration ``it`` (``sgd``'s ``callback``)."""
        if self.stream is None:
            return
        now = time.perf_counter()
        if it == self.total or (self.tty and now - self.last >= self.interval) or \
                (not self.tty and it % self.every == 0):
            self.last = now
            self.stream.write(("\r" if self.tty else "") + self.line(it, now))
            if not self.tty or it == self.total:
                self.stream.write("\n")
            self.stream.flush()

    def line(self, it: int, now: float) -> str:
        """The bar's text after iteration ``it`` at time ``now`` (``time.perf_counter()``)."""
        done = it - self.start
        todo = self.total - self.start
        elapsed = now - self.t0
        eta = elapsed / done * (self.total - it) if done else math.nan
        frac = it / self.total if self.total else 1.0
        bar = "#" * int(30 * frac)
        avg = "-" if self.exploss is None else f"{self.exploss:.4f}"
        return (f"iter {it:>6}/{self.total} [{bar:<30}] {100 * frac:5.1f}%  loss(avg) {avg}  "
                f"elapsed {clock(elapsed)}  ETA {clock(eta)}  ({done}/{todo} this run)")
