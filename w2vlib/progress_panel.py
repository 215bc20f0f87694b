"""The notebook view of a fast-path run: a bar, a readout and the loss curve by epoch.

The trainers report through :mod:`w2vlib.progress` (infrastructure, below them); this module
(teaching UI) registers :class:`ProgressPanel` there as the view of ``progress=True`` inside a
Jupyter kernel. Nothing here imports matplotlib or ipywidgets until a picture or a panel is
asked for.
"""
from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import numpy as np

from ._validate import Each, Integer, Real, checked
from .progress import START, Progress, show_in_notebooks

__all__ = ["loss_curve_png", "ProgressPanel"]


def _curve_args(epoch_losses, epochs):
    """No more finished epochs than the run has."""
    if len(epoch_losses) > epochs:
        raise ValueError(f"epoch_losses holds {len(epoch_losses)} epochs, more than epochs={epochs}")


@checked(epoch_losses=Each(Real()), epochs=Integer(min=1), K=Integer(min=0), start=START, where=_curve_args)
def loss_curve_png(epoch_losses: Sequence[float], epochs: int, K: int,
                   start: tuple[float, str] | None = None) -> bytes:
    """A small PNG of the mean loss per pair by epoch, with the starting level (K+1)·log 2.

    Parameters
    ----------
    epoch_losses : sequence of float, length <= ``epochs``
        The mean loss per pair of each finished epoch (nats).
    epochs : int
        The number of epochs of the run (the x axis spans 1..epochs).
    K : int
        The number of negatives per pair: at the start every score is ~0, so the loss
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
    level, label = start or ((K + 1) * np.log(2), "at the start, (K+1) log 2")
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
    K : int
        The number of negatives per pair (for the curve's starting level).
    start : (float, str) or None
        Another starting level and its label (see :func:`loss_curve_png`).
    """

    #: The output's ``text/plain``: the same at every update, so a saved notebook compares
    #: equal to a fresh run however far the picture had got.
    TEXT = "train_sgns progress: a bar, a readout and the mean loss per pair by epoch"

    @checked(K=Integer(min=0), start=START)
    def __init__(self, K: int, start: tuple[float, str] | None = None):
        import ipywidgets as widgets
        from IPython.display import display
        self.K, self.start = K, start
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
        self.label.value = (f"{state} &middot; alpha {p.alpha:.2e} &middot; {p.pairs:,} pairs &middot; "
                            f"{p.seconds:.1f} s &middot; mean loss per epoch: {losses}")
        if p.event == "epoch":
            self.curve.value = loss_curve_png(p.epoch_losses, p.epochs, self.K, self.start)
        if p.event == "done":
            self.bar.bar_style = "success"
            self.static_png = bytes(self.curve.value)
            if self._handle is not None:
                self._handle.update(self)


show_in_notebooks(ProgressPanel)
