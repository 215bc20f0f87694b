"""The 2-D plot of coding part (c): the course's centred PCA of a few word vectors.

``run.py`` of CS224N Assignment 2 takes the rows of the chosen words (``visualizeWords``),
subtracts their mean, forms the (d, d) covariance ``tempᵀ temp / n``, takes
``U, S, V = np.linalg.svd(covariance)`` and plots ``coord = temp @ U[:, :2]``, one text label
per word. This is PCA on the chosen words only: the axes depend on which words are plotted.
:func:`plot_word_vectors` does exactly that with matplotlib's object API (no pyplot state), and
pads the limits so no label is cut off at the edge (the course's limits are the bare min/max of
the coordinates).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from . import _validate

#: The 24 words that the course's ``run.py`` plots (``visualizeWords``), in its order.
VISUALIZE_WORDS = (
    "great", "cool", "brilliant", "wonderful", "well", "amazing", "worth", "sweet",
    "enjoyable", "boring", "bad", "dumb", "annoying", "female", "male", "queen", "king",
    "man", "woman", "rain", "snow", "hail", "coffee", "tea",
)


def pca_coordinates(word_vectors, word2ind: Mapping[str, int], words: Sequence[str]) -> np.ndarray:
    """The course's 2-D coordinates of ``words``: (n, 2), n = len(words).

    ``word_vectors`` is (V, d) with one word per row (for the course's (2V, d) parameter
    matrix, pass it whole: ``run.py`` only ever reads the centre rows ``0..V-1``);
    ``word2ind`` maps a word to its row. Unknown words raise a ``ValueError`` listing them.
    """
    vectors, rows = _validate.pca_args(word_vectors, word2ind, words)
    temp = vectors[rows] - vectors[rows].mean(axis=0)
    covariance = temp.T @ temp / len(rows)
    U, _, _ = np.linalg.svd(covariance)
    return temp @ U[:, :2]


def plot_word_vectors(word_vectors, word2ind: Mapping[str, int], words: Sequence[str],
                      ax=None, title: str | None = None) -> Figure:
    """Draw ``words`` at their centred-PCA coordinates (the plot of ``run.py``); return the Figure.

    ``word_vectors`` (V, d), one word per row; ``word2ind`` word -> row; ``words`` the words
    to draw (e.g. :data:`VISUALIZE_WORDS`). With ``ax`` given, draws into it; otherwise
    creates a 6.4 x 4.8 inch :class:`matplotlib.figure.Figure` (no pyplot state).
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
