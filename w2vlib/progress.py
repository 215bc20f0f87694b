"""Progress reporting for both trainers: what happened, and a line on the terminal.

Training code reports *what* happened; this module (infrastructure, below both trainers)
decides *how* it is shown on a terminal, and hands a notebook run to the view the teaching-UI
layer registers (:func:`show_in_notebooks`; :mod:`w2vlib.progress_panel` registers its panel
when ``w2vlib`` is imported), so the trainers never import the UI.

* The fast path (:func:`w2vlib.train.train_sgns`) reports a :class:`Progress` about every
  0.2 s, after every epoch and at the end. :func:`progress_callback` turns its ``progress``
  argument into a callable: the registered notebook view (a bar, a readout, a loss curve)
  inside a Jupyter kernel, :func:`print_epoch` (one line per epoch on stderr) elsewhere.
* The course path (:func:`w2vlib.run.train`) draws an :class:`IterationBar`: one line with the
  iteration, the course's loss average (kept by :func:`w2vlib.sgd.sgd`, handed over through
  its ``on_average`` hook, never recomputed here) and an ETA.
"""
from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

import numpy as np

from ._validate import HasMethods, Instance, Integer, OrNone, Real, Text, Tuple, checked

__all__ = ["Progress", "in_jupyter_kernel", "print_epoch", "check_progress", "show_in_notebooks",
           "progress_callback", "clock", "IterationBar"]

#: The notebook view of a fast-path run, ``view(K, start) -> callable taking a Progress``;
#: registered by the teaching-UI layer (:func:`show_in_notebooks`), None until then.
_notebook_view: Callable[[int, tuple[float, str] | None], Callable[[Progress], None]] | None = None

#: The contracts of a text stream argument and of a loss curve's other starting level.
STREAM = OrNone(HasMethods("write"))
START = OrNone(Tuple(Real(), Text(), what="(level, label): a number and a string"))


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
    alpha : float
        The current learning rate (gensim's and the trainer's ``alpha``).
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
    alpha: float
    pairs: int
    epoch_losses: list
    seconds: float


def in_jupyter_kernel() -> bool:
    """True when running inside a Jupyter kernel (IPython with a kernel attached)."""
    ip = sys.modules.get("IPython")
    shell = ip.get_ipython() if ip is not None and hasattr(ip, "get_ipython") else None
    return shell is not None and getattr(shell, "kernel", None) is not None


@checked(p=Instance(Progress), stream=STREAM)
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


def show_in_notebooks(view: Callable[[int, tuple[float, str] | None], Callable[[Progress], None]]) -> None:
    """Show ``progress=True`` runs inside a Jupyter kernel with ``view(K, start)`` (instead of
    :func:`print_epoch`); :mod:`w2vlib.progress_panel` registers its panel this way."""
    global _notebook_view
    if not callable(view):
        raise TypeError(f"view must be a callable taking (K, start), got {type(view).__name__} {view!r}")
    _notebook_view = view


@checked(K=Integer(min=0), start=START)
def progress_callback(progress: bool | Callable[[Progress], None] | None,
                      K: int, start: tuple[float, str] | None = None) -> Callable[[Progress], None] | None:
    """The callable that shows a :func:`~w2vlib.train.train_sgns` run's progress.

    Parameters
    ----------
    progress : bool, None or callable
        True: the view registered by :func:`show_in_notebooks` in a Jupyter kernel (when it
        can be built: ipywidgets installed), :func:`print_epoch` elsewhere; False or None:
        nothing; a callable: itself.
    K : int
        The number of negatives per example, passed on to the notebook view's loss curve.
    start : (float, str) or None
        The curve's starting level and label, when it is not (K + 1)·log 2.

    Returns
    -------
    callable or None
        Called with a :class:`Progress` at every report, or None for no display.
    """
    check_progress(progress)
    if progress is True:
        if _notebook_view is not None and in_jupyter_kernel():
            try:
                return _notebook_view(K, start)
            except ImportError:
                pass
        return print_epoch
    if progress is False or progress is None:
        return None
    return progress


@checked(seconds=Real(0.0, finite=False))
def clock(seconds: float) -> str:
    """``m:ss`` for a duration in seconds (>= 0); ``--:--`` when it is not finite."""
    if not math.isfinite(seconds):
        return "--:--"
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


def _bar_args(start, total):
    """The run starts at or before its last iteration."""
    if start > total:
        raise ValueError(f"start={start} is after total={total}, the last iteration of the run")


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

    @checked(start=Integer(min=0), total=Integer(min=1), stream=STREAM, interval=Real(0.0), every=Integer(min=1),
             exploss=OrNone(Real()), where=_bar_args)
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
