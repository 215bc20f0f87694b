"""What skip-gram with negative sampling optimises: co-occurrence counts, PMI, the expected loss.

Notebook 10. Averaged over the corpus and over the negatives, the SGNS loss is a sum over
*cells* (c, w) of the centre-by-outside table (Levy & Goldberg, 2014):

    J = 1/|D| Σ_{c,w} [ −#(c,w) log σ(u_w·v_c) − K #(c) P_n(w) log σ(−u_w·v_c) ]

with #(c,w) the number of (centre c, outside w) pairs in the corpus, #(c) = Σ_w #(c,w),
|D| = Σ_{c,w} #(c,w) and P_n the noise distribution. Each cell depends on the one score
x = u_w·v_c, and its minimum is at

    x* = log( #(c,w) / (#(c) P_n(w)) ) − log K,

which for P_n(w) = #(w)/|D| (the outside marginal) is PMI(c, w) − log K. A trainer that skips a
negative equal to the pair's own outside word (the C tool, gensim, ``train_sgns``'s default
``negative_policy="skip_positive"``) gives the cell the noise weight K (#(c) − #(c,w)) P_n(w)
instead, so its optimum is log(#(c,w) / ((#(c) − #(c,w)) P_n(w))) − log K (``skip_positive=True``
below). Rows are centre words
and columns outside words everywhere in this module, as in ``center_word_vectors @
outside_vectors.T``.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ._validate import (MAX_ITERATIONS, MAX_WINDOW, Bool, Integer, Mapping as MappingArg, Real, Seed, Sentences,
                        as_float_array, as_positive_int, checked)
from .activations import log_sigmoid, sigmoid

__all__ = ["cooccurrence_counts", "shifted_pmi", "expected_sgns_loss_and_gradient", "fit_expected_sgns"]


@checked(sentences=Sentences(), word2ind=MappingArg(), window=Integer(min=1, max=MAX_WINDOW), dynamic_window=Bool())
def cooccurrence_counts(sentences: Sequence[Sequence[str]], word2ind: Mapping[str, int], window: int,
                        dynamic_window: bool = False) -> np.ndarray:
    """The centre-by-outside pair counts #(c, w) of a corpus.

    Parameters
    ----------
    sentences : sequence of sequences of str
        The corpus; words missing from ``word2ind`` are dropped before windows are taken
        (as a trainer with ``min_count`` does).
    word2ind : mapping of str to int
        Word to row index, 0..V−1.
    window : int
        m: every pair at distance 1 ≤ |j| ≤ m in the same sentence counts.
    dynamic_window : bool
        If True, a pair at distance |j| counts (m − |j| + 1)/m, its expected count when every
        centre draws its own window size uniformly from 1..m (as ``train_sgns``, gensim and the
        C tool do).

    Returns
    -------
    counts : ndarray, shape (V, V), float64
        ``counts[c, w]`` = #(c, w); symmetric, since every pair is counted from both ends.
    """
    V = len(word2ind)
    counts = np.zeros((V, V), dtype=np.float64)
    for j in range(1, window + 1):
        weight = (window - j + 1) / window if dynamic_window else 1.0
        for sentence in sentences:
            ids = [word2ind[w] for w in sentence if w in word2ind]
            if len(ids) > j:
                ids = np.asarray(ids)
                np.add.at(counts, (ids[:-j], ids[j:]), weight)
                np.add.at(counts, (ids[j:], ids[:-j]), weight)
    return counts


def _noise(counts: np.ndarray, noise) -> np.ndarray:
    if noise is None:
        outside = counts.sum(axis=0)
        return outside / outside.sum()
    p = as_float_array(noise, "noise", ndim=1)
    if p.shape != (counts.shape[1],) or np.any(p < 0) or not np.isclose(p.sum(), 1.0):
        raise ValueError(f"noise must be a probability vector of length {counts.shape[1]}")
    return p


def _counts(counts) -> np.ndarray:
    c = as_float_array(counts, "counts", ndim=2)
    if c.shape[0] != c.shape[1] or np.any(c < 0) or c.sum() <= 0:
        raise ValueError(f"counts must be a square (V, V) table of non-negative counts, not all zero; got shape {c.shape}")
    return c


def shifted_pmi(counts, K: int = 1, noise=None, skip_positive: bool = False) -> np.ndarray:
    """The optimal score of every cell, x*(c, w) = log(#(c,w) / (#(c) P_n(w))) − log K.

    Parameters
    ----------
    counts : array_like, shape (V, V)
        #(c, w), centre rows and outside columns (``cooccurrence_counts``).
    K : int
        Negatives per positive pair; the shift is −log K.
    noise : array_like, shape (V,), optional
        P_n. By default the outside marginal #(w)/|D|, which makes x* = PMI(c, w) − log K.
    skip_positive : bool
        If True, the optimum when a negative equal to the pair's outside word is skipped:
        #(c) is replaced by #(c) − #(c, w), the pairs of centre c whose outside word is not w.

    Returns
    -------
    ndarray, shape (V, V)
        x*; −inf where #(c, w) = 0 (the loss of such a cell keeps falling as x → −∞); with
        ``skip_positive``, +inf where #(c, w) = #(c) (no negative ever lands on such a cell).
    """
    c = _counts(counts)
    K = as_positive_int(K, "K")
    p_n = _noise(c, noise)
    row = c.sum(axis=1, keepdims=True)                       # #(c)
    if _flag(skip_positive, "skip_positive"):
        row = np.maximum(row - c, 0.0)                       # #(c) − #(c,w): draws of w are skipped for w
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.log(c) - np.log(row) - np.log(p_n)[None, :] - np.log(K)
    return np.where(c > 0, x, -np.inf)


def _flag(value, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def expected_sgns_loss_and_gradient(center_word_vectors, outside_vectors, counts, K: int = 1, noise=None,
                                    skip_positive: bool = False):
    """The SGNS loss averaged over the corpus's pairs and the noise, and its gradients.

    Parameters
    ----------
    center_word_vectors : array_like, shape (V, d)
        v_c as rows.
    outside_vectors : array_like, shape (V, d)
        u_w as rows.
    counts : array_like, shape (V, V)
        #(c, w), centre rows and outside columns.
    K : int
        Negatives per positive pair.
    noise : array_like, shape (V,), optional
        P_n; by default the outside marginal of ``counts``.
    skip_positive : bool
        If True, a negative equal to the pair's outside word is skipped: the noise weight of a
        cell is K (#(c) − #(c,w)) P_n(w) instead of K #(c) P_n(w).

    Returns
    -------
    loss : float
        J = 1/|D| Σ_{c,w} [−#(c,w) log σ(x_cw) − K #(c) P_n(w) log σ(−x_cw)], with the scores
        x = C Oᵀ, x_cw = u_w·v_c (C: the v_c as rows, O: the u_w as rows; the handout's U is Oᵀ,
        so x = C U).
    grad_center_vecs : ndarray, shape (V, d)
    grad_outside_vectors : ndarray, shape (V, d)
    """
    v = as_float_array(center_word_vectors, "center_word_vectors", ndim=2)
    u = as_float_array(outside_vectors, "outside_vectors", ndim=2)
    c = _counts(counts)
    K = as_positive_int(K, "K")
    if v.shape != u.shape or c.shape != (v.shape[0], v.shape[0]):
        raise ValueError(f"center_word_vectors {v.shape} and outside_vectors {u.shape} must both be (V, d) "
                         f"with counts (V, V); counts is {c.shape}")
    total = c.sum()
    row = c.sum(axis=1, keepdims=True)                                     # #(c)
    if _flag(skip_positive, "skip_positive"):
        row = np.maximum(row - c, 0.0)                                     # #(c) − #(c,w)
    positive = c / total                                                   # #(c,w)/|D|
    negative = K * (row / total) * _noise(c, noise)[None, :]               # K #(c) P_n(w)/|D|
    x = v @ u.T                                                            # x_cw = u_w·v_c
    loss = -(positive * log_sigmoid(x)).sum() - (negative * log_sigmoid(-x)).sum()
    dx = -positive * sigmoid(-x) + negative * sigmoid(x)                   # ∂J/∂x_cw
    return float(loss), dx @ u, dx.T @ v


@checked(d=Integer(min=1), iterations=Integer(min=1, max=MAX_ITERATIONS), lr=Real(0.0, 10.0, low_open=True),
         seed=Seed(), skip_positive=Bool())
def fit_expected_sgns(counts, d: int, K: int = 1, noise=None, iterations: int = 1500, lr: float = 0.05,
                      seed: int = 0, skip_positive: bool = False):
    """Minimise the expected SGNS loss over (V, d) vectors with full-batch Adam.

    Full batch: every step uses the exact gradient of ``expected_sgns_loss_and_gradient``, so
    what the vectors converge to depends only on the counts, K, the noise and d, not on sampling.
    Adam (β₁ = 0.9, β₂ = 0.999) rescales each entry's step, which matters here because the
    gradient of a frequent word's row is orders of magnitude larger than a rare one's.

    Parameters
    ----------
    counts : array_like, shape (V, V)
        #(c, w), centre rows and outside columns.
    d : int
        Vector size.
    K : int
        Negatives per positive pair.
    noise : array_like, shape (V,), optional
        P_n; by default the outside marginal of ``counts``.
    iterations : int
        Adam steps, at most ``MAX_ITERATIONS``.
    lr : float
        Adam's step size, in (0, 10]: each entry moves by about ``lr`` a step.
    seed : int
        Seed of the ``numpy.random.Generator`` that draws the initial v_c (u_w start at 0,
        as in word2vec).
    skip_positive : bool
        Minimise the objective of a sampler that skips a negative equal to the positive word
        (see :func:`expected_sgns_loss_and_gradient`).

    Returns
    -------
    loss : float
        The expected loss per pair after the last step.
    center_word_vectors, outside_vectors : ndarray, shape (V, d)
    """
    c = _counts(counts)
    V = c.shape[0]
    rng = np.random.default_rng(seed)
    params = [(rng.random((V, d)) - 0.5) / d, np.zeros((V, d))]
    first = [np.zeros((V, d)), np.zeros((V, d))]
    second = [np.zeros((V, d)), np.zeros((V, d))]
    for t in range(1, iterations + 1):
        loss, grad_v, grad_u = expected_sgns_loss_and_gradient(params[0], params[1], c, K, noise, skip_positive)
        for p, m, s, g in zip(params, first, second, (grad_v, grad_u)):
            m += 0.1 * (g - m)
            s += 0.001 * (g * g - s)
            p -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(s / (1 - 0.999 ** t)) + 1e-12)
    loss, _, _ = expected_sgns_loss_and_gradient(params[0], params[1], c, K, noise, skip_positive)
    return loss, params[0], params[1]
