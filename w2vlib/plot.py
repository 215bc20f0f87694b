"""The 2-D plot of coding part (c): the course's centred PCA of a few word vectors.

``run.py`` of CS224N Assignment 2 takes the rows of the chosen words (``visualizeWords``),
subtracts their mean, forms the (d, d) covariance ``tempᵀ temp / n``, takes
``U, S, V = np.linalg.svd(covariance)`` and plots ``coord = temp @ U[:, :2]``, one text label
per word. This is PCA on the chosen words only: the axes depend on which words are plotted.
:func:`plot_word_vectors` does exactly that with matplotlib's object API (no pyplot state), and
pads the limits so no label is cut off at the edge (the course's limits are the bare min/max of
the coordinates).

:func:`draw_vocabulary` draws the 2-D toy vocabulary of the notebooks and the panel, in the
looks of ``w2vlib.style``.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from . import _validate
from ._validate import Bool, Each, Instance, Options, OrNone, Text, checked
from .style import plot_kwargs
from .toy import toy_vocabulary

__all__ = ["plot_word_vectors", "pca_coordinates", "VISUALIZE_WORDS", "draw_vocabulary"]

#: The 24 words that the course's ``run.py`` plots (``visualizeWords``), in its order.
VISUALIZE_WORDS = (
    "great", "cool", "brilliant", "wonderful", "well", "amazing", "worth", "sweet",
    "enjoyable", "boring", "bad", "dumb", "annoying", "female", "male", "queen", "king",
    "man", "woman", "rain", "snow", "hail", "coffee", "tea",
)


def pca_coordinates(word_vectors: np.ndarray, word2ind: Mapping[str, int], words: Sequence[str]) -> np.ndarray:
    """The course's 2-D coordinates of ``words``: the centred PCA of their vectors only.

    As ``run.py``: subtract the mean of the n chosen rows, take the top two eigenvectors of
    their covariance, project.

    Parameters
    ----------
    word_vectors : array_like, shape (V, d)
        One word per row (for the course's (2V, d) parameter matrix, pass it whole: only the
        centre rows v_c, 0..V−1, are read).
    word2ind : mapping of str to int
        Word -> row.
    words : sequence of str, length n >= 2
        The words to place; unknown words raise a ``ValueError`` listing them.

    Returns
    -------
    numpy.ndarray, shape (n, 2)
        The coordinates, in the order of ``words``.
    """
    vectors, rows = _validate.pca_args(word_vectors, word2ind, words)
    temp = vectors[rows] - vectors[rows].mean(axis=0)
    covariance = temp.T @ temp / len(rows)
    U, _, _ = np.linalg.svd(covariance)
    return temp @ U[:, :2]


@checked(ax=OrNone(Instance(Axes)), title=OrNone(Text()))
def plot_word_vectors(word_vectors: np.ndarray, word2ind: Mapping[str, int], words: Sequence[str],
                      ax: Axes | None = None, title: str | None = None) -> Figure:
    """Draw ``words`` at their centred-PCA coordinates: the plot of the course's ``run.py``.

    Parameters
    ----------
    word_vectors : array_like, shape (V, d)
        One word per row (the course's (2V, d) matrix may be passed whole).
    word2ind : mapping of str to int
        Word -> row.
    words : sequence of str
        The words to draw (e.g. :data:`VISUALIZE_WORDS`, the course's 24).
    ax : matplotlib.axes.Axes or None
        Draw into it; None creates a 6.4 × 4.8 inch :class:`~matplotlib.figure.Figure` (no
        pyplot state).
    title : str or None
        The axes' title.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn into.
    """
    coord = pca_coordinates(word_vectors, word2ind, words)
    words = _validate.word_list(words)
    if ax is None:
        fig = Figure(figsize=(6.4, 4.8))
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    ax.plot(coord[:, 0], coord[:, 1], linestyle="none", marker="o", markersize=3, color="#0072B2")
    for word, (x, y) in zip(words, coord):
        ax.text(x, y, word, fontsize=9, va="bottom", ha="left",
                bbox=dict(facecolor="#009E73", alpha=0.1, edgecolor="none", pad=1.5))
    lo, hi = coord.min(axis=0), coord.max(axis=0)
    span = np.where(hi - lo > 0, hi - lo, 1.0)
    ax.set_xlim(lo[0] - 0.05 * span[0], hi[0] + 0.2 * span[0])
    ax.set_ylim(lo[1] - 0.05 * span[1], hi[1] + 0.1 * span[1])
    ax.set_xlabel("PC 1 of the plotted words (centred, no unit)")
    ax.set_ylabel("PC 2 of the plotted words (centred, no unit)")
    if title is not None:
        ax.set_title(title)
    return fig


@checked(ax=Instance(Axes), vocab=OrNone(Instance("ToyVocabulary", "words", "center_vectors", "outside_vectors")),
         which=Each(Options("outside", "center"), min_len=1), annotate=Bool())
def draw_vocabulary(ax, vocab=None, which=("outside", "center"), annotate=True):
    """Draw the toy vocabulary on ``ax``: the outside vectors u_w (grey points, as in the panel)
    and/or the centre vectors v_w (hollow black circles, the panel's v_c), each labelled.

    ``vocab`` defaults to ``toy_vocabulary()``; vectors are rows of (V, 2) arrays. Returns ``ax``.
    """
    vocab = toy_vocabulary() if vocab is None else vocab
    looks = {"outside": (vocab.outside_vectors, plot_kwargs("word", markersize=6),
                         r"outside vectors $\mathbf{u}_w$ (rows of outside_vectors)"),
             "center": (vocab.center_vectors, plot_kwargs("center", filled=False, markersize=6),
                        r"centre vectors $\mathbf{v}_w$ (rows of center_vectors)")}
    for name in which:
        vecs, kwargs, label = looks[name]
        vecs = np.asarray(vecs)
        ax.plot(vecs[:, 0], vecs[:, 1], label=label, zorder=3, **kwargs)
        if annotate:
            for word, (x, y) in zip(vocab.words, vecs):
                ax.annotate(word, (x, y), xytext=(4, 3), textcoords="offset points", fontsize=9, zorder=4,
                            color=kwargs["color"])
    ax.axhline(0, color="#DDDDDD", lw=0.6, zorder=0)
    ax.axvline(0, color="#DDDDDD", lw=0.6, zorder=0)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel("coordinate 1 (no unit)")
    ax.set_ylabel("coordinate 2 (no unit)")
    return ax
