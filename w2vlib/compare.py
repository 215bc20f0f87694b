"""Comparing trained word2vec models: held-out objective, shared neighbours, intervals over seeds.

Training loss falls for any model that memorises; the objective on held-out sentences says
whether a model generalises, and compares two trainers (or two seeds, or two settings) of the
same model on equal terms:

- :func:`held_out_examples` fixes the examples once: the held-out sentences' in-vocabulary
  tokens, subsampled and given reduced windows exactly as in training (one draw, a fixed
  seed), as skip-gram pairs and as CBOW windows, and K negatives per example drawn from the
  training noise distribution (unigram^0.75 of the training counts);
- :func:`held_out_objective` scores a model on them with its own objective, the mean per
  example: negative sampling −log σ(u_tᵀh) − Σ_k log σ(−u_kᵀh) (a negative equal to the
  target skipped, as in training), hierarchical softmax −log P(t | h) along t's path in the
  model's own tree, or their sum; h is v_c (skip-gram) or the mean or sum of the context
  vectors (CBOW). Lower is better. Values of different objectives are different quantities:
  compare a model with itself (seeds, trainers, settings), not skip-gram's number with CBOW's.
  :func:`model_objective` does it for a :class:`~w2vlib.vectors.Word2VecModel`; another
  trainer's model (gensim's) is scored by passing its arrays in the held-out words' order;
- :func:`neighbour_table` and :func:`neighbour_overlap`: the top-k neighbours (cosine) of the
  most frequent words, and the share two models have in common;
- :func:`mean_interval`: a mean over seeds (or paired differences) and its 95% interval.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._validate import (MAX_NEGATIVES, MAX_WINDOW, Array, Counts, Instance, Integer, OrNone, Real, Seed, Sentences,
                        Switch, Tuple, Words, as_float_array, checked)
from .activations import log_sigmoid
from .corpus import AliasSampler, cbow_examples, token_ids, skipgram_pairs
from .sampling import keep_probability, noise_distribution

__all__ = ["HeldOut", "held_out_examples", "held_out_objective", "model_objective", "neighbour_table",
           "neighbour_overlap", "mean_interval"]


@dataclass(frozen=True)
class HeldOut:
    """Fixed held-out examples over the vocabulary ``words`` (rows in that order).

    Skip-gram: pairs ``(centres[i], outsides[i])`` with negatives ``sg_negatives[i]`` (K,).
    CBOW: windows ``context[offsets[i]:offsets[i + 1]]`` around ``cbow_centres[i]`` with
    negatives ``cbow_negatives[i]``.
    """
    words: list
    centres: np.ndarray
    outsides: np.ndarray
    sg_negatives: np.ndarray
    cbow_centres: np.ndarray
    context: np.ndarray
    offsets: np.ndarray
    cbow_negatives: np.ndarray

    def __repr__(self) -> str:
        return (f"HeldOut({len(self.centres):,} skip-gram pairs, {len(self.cbow_centres):,} CBOW windows, "
                f"K = {self.sg_negatives.shape[1]} negatives each, V = {len(self.words):,})")


def _vocabulary(words, counts):
    """One count per word."""
    if counts.shape != (len(words),):
        raise ValueError(f"counts must have one entry per word: {len(words)} words, counts of shape {counts.shape}")


@checked(sentences=Sentences(), words=Words(min_len=1), counts=Counts(), window=Integer(min=1, max=MAX_WINDOW),
         sample=Real(0.0, 1.0), negative=Integer(min=1, max=MAX_NEGATIVES), seed=Seed(), where=_vocabulary)
def held_out_examples(sentences: Sequence[Sequence[str]], words: Sequence[str], counts, window: int = 5,
                      sample: float = 1e-3, negative: int = 5, seed: int = 0) -> HeldOut:
    """Draw the held-out examples once.

    Parameters
    ----------
    sentences : list of lists of str
        The held-out sentences (words outside ``words`` are dropped, as in training).
    words, counts : list of str, array_like (V,)
        The training vocabulary and its training counts (``model.wv.index_to_key``,
        ``model.wv.counts``): they give the subsampling and the noise distribution.
    window, sample : int, float
        As in training: reduced windows 1..``window`` (at most ``MAX_WINDOW``), subsampling
        threshold t.
    negative : int
        K, negatives per example (also used for hierarchical-softmax models, which ignore them);
        at most ``MAX_NEGATIVES``.
    seed : int
        Seed of the draws: the same seed, the same examples.

    Returns
    -------
    HeldOut
    """
    ids, sids = token_ids.__wrapped__(sentences, {w: i for i, w in enumerate(words)})   # checked above
    if len(ids) == 0:
        raise ValueError("sentences holds no held-out sentence with two or more in-vocabulary tokens")
    keep = keep_probability(counts, sample)
    centres, outsides, _ = skipgram_pairs(ids, sids, keep, window, np.random.default_rng(seed))
    cbow_centres, context, offsets, _ = cbow_examples(ids, sids, keep, window, np.random.default_rng(seed))
    sampler = AliasSampler(noise_distribution(counts))
    rng = np.random.default_rng([seed, 1])
    return HeldOut(words, centres, outsides, sampler.draw(rng, (len(centres), negative)), cbow_centres, context,
                   offsets, sampler.draw(rng, (len(cbow_centres), negative)))


def _hs_tree(held_out, tree):
    """A tree's paths and signs are (V, L), one row per held-out word, the paths rows of its inner vectors."""
    if tree is None:
        return
    paths, signs, inner = tree
    V = len(held_out.words)
    if paths.dtype.kind not in "iu" or paths.ndim != 2 or paths.shape[0] != V or signs.shape != paths.shape:
        raise ValueError(f"tree must hold paths, an integer (V, L) array with V = {V}, and signs of the same shape; "
                         f"got paths {paths.dtype} {paths.shape}, signs {signs.shape}")
    if paths.size and not 0 <= paths.min() <= paths.max() < len(inner):
        raise ValueError(f"tree's paths index rows 0..{len(inner) - 1} of its inner vectors, got {paths.min()}..{paths.max()}")


@checked(held_out=Instance(HeldOut), sg=Switch("1 skip-gram, 0 CBOW"), vectors=Array(ndim=2, keep_float32=True),
         outside_vectors=OrNone(Array(ndim=2, keep_float32=True)), cbow_mean=Switch("1 average the context, 0 sum it"),
         tree=OrNone(Tuple(Instance(np.ndarray), Instance(np.ndarray), Array(ndim=2, keep_float32=True),
                           what="(paths, signs, inner_vectors) of arrays")),
         chunk=Integer(min=1), where=_hs_tree)
def held_out_objective(held_out: HeldOut, sg: int, vectors, outside_vectors=None, tree=None,
                       cbow_mean: int = 1, chunk: int = 4096) -> float:
    """A model's own objective on the held-out examples, the mean per example (nats).

    Parameters
    ----------
    held_out : HeldOut
        From :func:`held_out_examples`.
    sg : {0, 1}
        1: skip-gram pairs, h = v_c; 0: CBOW windows, h = their context's mean (or sum).
    vectors : array_like (V, d)
        The input vectors, rows in ``held_out.words``' order.
    outside_vectors : array_like (V, d) or None
        Negative sampling's outside vectors, same order (None: the model has none).
    tree : (paths (V, L), signs (V, L), inner_vectors) or None
        Hierarchical softmax: each word's inner nodes (padded), signs s = 1 − 2·code (0 on the
        padding), and the inner-node vectors they index (None: the model has none).
    cbow_mean : {0, 1}
        CBOW's h: mean (1) or sum (0).

    Returns
    -------
    float
        The mean loss per held-out example (lower is better).
    """
    if outside_vectors is None and tree is None:
        raise ValueError("held_out_objective needs outside_vectors (negative sampling), a tree "
                         "(hierarchical softmax) or both")
    x = np.asarray(vectors, dtype=np.float64)
    if x.shape[0] != len(held_out.words):
        raise ValueError(f"vectors has {x.shape[0]} rows, the held-out vocabulary {len(held_out.words)} words")
    U = None if outside_vectors is None else np.asarray(outside_vectors, dtype=np.float64)
    if sg:
        n, targets, negs = len(held_out.centres), held_out.outsides, held_out.sg_negatives
    else:
        n, targets, negs = len(held_out.cbow_centres), held_out.cbow_centres, held_out.cbow_negatives
        sizes = np.diff(held_out.offsets)
    total = 0.0
    for a in range(0, n, chunk):
        b = min(a + chunk, n)
        if sg:
            h = x[held_out.centres[a:b]]
        else:
            lo, hi = held_out.offsets[a], held_out.offsets[b]
            h = np.add.reduceat(x[held_out.context[lo:hi]], held_out.offsets[a:b] - lo, axis=0)
            if cbow_mean:
                h /= sizes[a:b, None]
        t = targets[a:b]
        if U is not None:
            pos = np.einsum("nd,nd->n", h, U[t])
            neg = np.einsum("nd,nkd->nk", h, U[negs[a:b]])
            total -= log_sigmoid(pos).sum() + np.where(negs[a:b] == t[:, None], 0.0, log_sigmoid(-neg)).sum()
        if tree is not None:
            paths, signs, inner = tree
            s = np.asarray(signs)[t]
            z = s * np.einsum("nd,nld->nl", h, np.asarray(inner, dtype=np.float64)[np.asarray(paths)[t]])
            total -= np.where(s != 0, log_sigmoid(z), 0.0).sum()
    return total / n


@checked(model=Instance("Word2VecModel", "wv", "sg", "syn1neg", "tree", "cbow_mean"), held_out=Instance(HeldOut))
def model_objective(model, held_out: HeldOut) -> float:
    """:func:`held_out_objective` of a :class:`~w2vlib.vectors.Word2VecModel` (from
    :func:`w2vlib.train.train_word2vec`) whose vocabulary is ``held_out.words``."""
    if list(model.wv.index_to_key) != list(held_out.words):
        raise ValueError("the model's vocabulary is not the held-out examples' (build them from "
                         "model.wv.index_to_key and model.wv.counts)")
    tree = None if model.tree is None else (model.tree._path_matrix, model.tree._sign_matrix, model.syn1)
    return held_out_objective(held_out, model.sg, model.wv.vectors, model.syn1neg, tree, model.cbow_mean)


@checked(wv=Instance("WordVectors", "unit_vectors", "key_to_index"), n_words=Integer(min=1), topn=Integer(min=1),
         renamed={"k": "topn"})
def neighbour_table(wv, n_words: int = 1000, topn: int = 10) -> np.ndarray:
    """The ``topn`` nearest words by cosine of each of the ``n_words`` first (most frequent) words.

    Parameters
    ----------
    wv : WordVectors
        Words most frequent first (as the trainers return them).
    n_words, topn : int
        How many words, how many neighbours each (gensim's ``topn``; the word itself left out).

    Returns
    -------
    numpy.ndarray (n_words, topn) int
        Row i: the rows of word i's neighbours, nearest first.
    """
    n_words = min(n_words, len(wv))
    if topn >= len(wv):
        raise ValueError(f"topn={topn} neighbours need more than {len(wv)} words")
    unit = wv.unit_vectors().astype(np.float32)
    table = np.empty((n_words, topn), dtype=np.intp)
    for start in range(0, n_words, 128):                           # 128 rows at a time: memory O(128 V)
        rows = np.arange(start, min(start + 128, n_words))
        sims = unit[rows] @ unit.T
        sims[np.arange(rows.size), rows] = -np.inf                 # the word itself
        top = np.argpartition(-sims, topn, axis=1)[:, :topn]       # the topn largest, unordered
        table[rows] = np.take_along_axis(top, np.argsort(-np.take_along_axis(sims, top, axis=1), axis=1), axis=1)
    return table


def neighbour_overlap(a, b) -> float:
    """The share of neighbours two tables of :func:`neighbour_table` (same words, same k) have
    in common, averaged over the words: 1 the same neighbours, 0 none shared."""
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or a.ndim != 2:
        raise ValueError(f"the two tables must have the same (words, k) shape, got {a.shape} and {b.shape}")
    return float((a[:, :, None] == b[:, None, :]).any(axis=2).mean())


#: Student's t, 97.5% quantile, by degrees of freedom (beyond 30: a Cornish-Fisher expansion).
_T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
         11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110, 18: 2.101, 19: 2.093,
         20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064, 25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048,
         29: 2.045, 30: 2.042}


def mean_interval(values) -> tuple[float, float]:
    """The mean of ``values`` (one per seed, or paired differences seed by seed) and the
    half-width of its 95% interval (Student t, n − 1 degrees of freedom).

    Returns
    -------
    (float, float)
        mean, half-width: the interval is mean ± half-width; "within noise" when it holds 0.
    """
    x = as_float_array(values, "values", ndim=1)
    if x.size < 2:
        raise ValueError(f"values must hold at least 2 numbers for an interval, got {x.size}")
    df, z = x.size - 1, 1.959964
    t = _T975.get(df, z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2))
    return float(x.mean()), float(t * x.std(ddof=1) / np.sqrt(x.size))
