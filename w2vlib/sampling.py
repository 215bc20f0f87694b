"""Where the paper, the C tool and the course differ: subsampling and noise distributions.

Notebook 09. Each function is the formula one source uses, named after the source:

- subsampling (a token of relative frequency f = count / total is kept with probability):
  ``"paper"``  — Mikolov et al. 2013 discard a token with probability 1 − √(t/f), so keep
  min(1, √(t/f)); the course's ``treebank.py`` uses this with t = 1e-5 (it writes
  √(1e-5 · wordcount / count), the same thing with f as a raw count over the total);
  ``"c_tool"`` — the released word2vec C code and gensim keep min(1, (√(f/t) + 1)·t/f).
- noise distribution for negatives:
  ``"unigram"`` — counts^``ns_exponent`` normalised (0.75 in the paper, the C tool, gensim,
  the course; 1 is the plain unigram, 0 the uniform distribution);
  ``"log_uniform"`` — the TensorFlow tutorial's candidate sampler: word of frequency rank r
  (0 = most frequent) drawn with probability log((r + 2)/(r + 1)) / log(V + 1) (Zipf's law).
"""
from __future__ import annotations

import numpy as np

from ._validate import Function, Options, Real, as_float_array, as_positive_int, checked

__all__ = ["NOISE_EXPONENT", "SAMPLE_FORMULAS", "NOISE_KINDS", "keep_probability", "keep_probability_at",
           "noise_distribution", "collision_rates", "redraw_repeats"]

#: The exponent of the unigram noise distribution in the paper, the C tool, gensim and the course.
NOISE_EXPONENT = 0.75

SAMPLE_FORMULAS = ("c_tool", "paper")
NOISE_KINDS = ("unigram", "log_uniform")


def _counts(counts) -> np.ndarray:
    c = as_float_array(counts, "counts", ndim=1)
    if np.any(c < 0) or c.sum() <= 0:
        raise ValueError("counts must be non-negative word counts, not all zero")
    return c


@checked(sample=Real(0.0, 1.0), sample_formula=Options(*SAMPLE_FORMULAS), renamed={"formula": "sample_formula"})
def keep_probability(counts, sample: float, sample_formula: str = "c_tool") -> np.ndarray:
    """Probability of keeping each token of each word when subsampling frequent words.

    Parameters
    ----------
    counts : array_like, shape (V,)
        Corpus count of every word; f = count / total.
    sample : float
        The threshold t (0 turns subsampling off).
    sample_formula : {"c_tool", "paper"}
        See :func:`keep_probability_at`.

    Returns
    -------
    ndarray, shape (V,)
        Keep probabilities in (0, 1]; 1 for a word that never occurs.
    """
    c = _counts(counts)
    return keep_probability_at(c / c.sum(), sample, sample_formula)


@checked(sample=Real(0.0, 1.0), sample_formula=Options(*SAMPLE_FORMULAS), renamed={"formula": "sample_formula"})
def keep_probability_at(freq, sample: float, sample_formula: str = "c_tool") -> np.ndarray:
    """Probability of keeping a token of a word of relative frequency ``freq``.

    Parameters
    ----------
    freq : array_like
        f, relative frequencies in [0, 1].
    sample : float
        The threshold t (0 turns subsampling off).
    sample_formula : {"c_tool", "paper"}
        ``"c_tool"``: min(1, (√(f/t) + 1)·t/f) = min(1, √(t/f) + t/f), the C tool and gensim;
        ``"paper"``: min(1, √(t/f)), Mikolov et al. (2013) and the course.

    Returns
    -------
    ndarray, shaped like ``freq``
    """
    f = as_float_array(freq, "freq")
    if np.any((f < 0) | (f > 1)):
        raise ValueError("freq must hold relative frequencies in [0, 1]")
    t = sample
    if t == 0:
        return np.ones(f.shape)
    ratio = t / np.where(f > 0, f, t)           # t/f; a word that never occurs is kept (ratio 1)
    if sample_formula == "paper":
        return np.minimum(1.0, np.sqrt(ratio))
    return np.minimum(1.0, np.sqrt(ratio) + ratio)


@checked(noise=Options(*NOISE_KINDS))
def noise_distribution(counts, noise: str = "unigram", ns_exponent: float = NOISE_EXPONENT) -> np.ndarray:
    """The distribution negatives are drawn from.

    Parameters
    ----------
    counts : array_like, shape (V,)
        Corpus counts; for ``"log_uniform"`` only their order matters (rank 0 = most frequent,
        ties by index).
    noise : {"unigram", "log_uniform"}
    ns_exponent : float
        α of counts^α for ``"unigram"`` (gensim's name): 0.75 word2vec, 1 unigram, 0 uniform.

    Returns
    -------
    ndarray, shape (V,)
        P_n, summing to 1.
    """
    c = _counts(counts)
    if noise == "log_uniform":
        rank = np.empty(len(c))
        rank[np.argsort(-c, kind="stable")] = np.arange(len(c))
        p = np.log((rank + 2) / (rank + 1)) / np.log(len(c) + 1)
    else:
        alpha = float(as_float_array(ns_exponent, "ns_exponent", ndim=0))
        if not -5.0 <= alpha <= 5.0:
            raise ValueError(f"ns_exponent must be between -5 and 5, got {alpha}")
        p = np.where(c > 0, c, 0.0) ** alpha
        p[c == 0] = 0.0
    return p / p.sum()


def collision_rates(noise, K: int) -> tuple[np.ndarray, float]:
    """How often K independent draws from ``noise`` hit the positive word or repeat.

    Parameters
    ----------
    noise : array_like, shape (V,)
        P_n.
    K : int
        Negatives per pair.

    Returns
    -------
    hits_positive : ndarray, shape (V,)
        For a positive word o, the probability that at least one of the K draws equals o:
        1 − (1 − P_n(o))^K.
    repeats : float
        Expected number of draws, out of K, that repeat an earlier draw of the same pair:
        K − Σ_w (1 − (1 − P_n(w))^K), K minus the expected number of distinct words.
    """
    p = as_float_array(noise, "noise", ndim=1)
    if np.any(p < 0) or not np.isclose(p.sum(), 1.0):
        raise ValueError("noise must be a probability vector")
    K = as_positive_int(K, "K")
    hit = 1.0 - (1.0 - p) ** K
    return hit, float(K - hit.sum())


@checked(draw=Function())
def redraw_repeats(neg: np.ndarray, draw) -> np.ndarray:
    """Make the negatives of every row distinct, redrawing repeats (TensorFlow's ``unique=True``).

    Parameters
    ----------
    neg : ndarray, shape (n, K)
        Word indices drawn from the noise distribution.
    draw : callable
        ``draw(size)`` returns that many fresh draws from the same distribution.

    Returns
    -------
    ndarray, shape (n, K)
        ``neg`` with every entry that repeats an earlier one in its row replaced by a fresh
        draw, repeated until each row holds K distinct words: each row is then the first K
        distinct words of a stream of independent draws, as in sampling by rejection.
        K must not exceed the number of words ``draw`` can return (``train_sgns`` ensures
        K < V with every P_n(w) > 0).
    """
    neg = np.asarray(neg)
    if neg.ndim != 2:
        raise ValueError(f"neg must be an (n, K) array of word indices, got shape {neg.shape}")
    neg = neg.copy()
    while True:
        order = np.argsort(neg, axis=1, kind="stable")
        ranked = np.take_along_axis(neg, order, axis=1)
        repeat = np.zeros(neg.shape, dtype=bool)
        np.put_along_axis(repeat, order[:, 1:], ranked[:, 1:] == ranked[:, :-1], axis=1)
        if not repeat.any():
            return neg
        neg[repeat] = draw(int(repeat.sum()))
