"""From sentences to training examples, for the fast trainer (:func:`w2vlib.train.train_word2vec`).

The vocabulary (words with count >= ``min_count``, most frequent first), the corpus as int32
token ids with their sentence ids, a Walker alias sampler for the noise distribution,
subsampled reduced windows turned into shuffled (centre, outside) pairs (skip-gram) or
shuffled (centre, context words) examples (CBOW), and the offsets that
cut the corpus into chunks and a chunk into one shard per worker, always at sentence starts.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import chain, repeat

import numpy as np

from ._validate import Counts, Integer, Mapping, Sentences, checked

__all__ = ["build_vocabulary", "token_ids", "AliasSampler", "skipgram_pairs", "cbow_examples",
           "reorder_windows", "leaf_order", "batch_order", "chunk_bounds", "shard_bounds", "group_spans"]


@checked(sentences=Sentences(), min_count=Integer(min=0))
def build_vocabulary(sentences: Sequence[Sequence[str]], min_count: int) -> tuple[list[str], np.ndarray]:
    """The vocabulary of ``sentences``: the words with count >= ``min_count``.

    Parameters
    ----------
    sentences : sequence of lists of str
        The corpus, one token list per sentence.
    min_count : int
        The smallest count a word needs to be kept.

    Returns
    -------
    words : list of str, length V
        Sorted by decreasing count, ties in order of first appearance.
    counts : numpy.ndarray, shape (V,), int64
        Their corpus counts.
    """
    counter = Counter(chain.from_iterable(sentences))                # one C loop over every token
    if not counter:
        raise ValueError(f"sentences is empty: {len(sentences)} sentences and no tokens")
    kept = [(w, c) for w, c in counter.items() if c >= min_count]  # dict order = first appearance
    if not kept:
        raise ValueError(f"every word occurs fewer than min_count={min_count} times "
                         f"(the most frequent, {counter.most_common(1)[0][0]!r}, occurs "
                         f"{counter.most_common(1)[0][1]} times): lower min_count")
    kept.sort(key=lambda wc: -wc[1])  # stable: ties keep first-appearance order
    return [w for w, _ in kept], np.array([c for _, c in kept], dtype=np.int64)


@checked(sentences=Sentences(), word2ind=Mapping())
def token_ids(sentences, word2ind):
    """Token ids (int32) and sentence ids (int32) of the in-vocabulary tokens, in corpus order,
    of the sentences holding two or more of them."""
    lengths = np.fromiter(map(len, sentences), dtype=np.int64, count=len(sentences))
    ids = np.fromiter(map(word2ind.get, chain.from_iterable(sentences), repeat(-1)), dtype=np.int32,
                      count=int(lengths.sum()))
    sids = np.repeat(np.arange(len(sentences), dtype=np.int32), lengths)
    known = ids >= 0
    ids, sids = ids[known], sids[known]
    kept = np.bincount(sids, minlength=len(sentences))[sids] > 1
    return ids[kept], sids[kept]


def _distribution(probs):
    """The probabilities sum to 1."""
    if not abs(float(np.sum(probs)) - 1.0) <= 1e-6:
        raise ValueError(f"probs must sum to 1 (a distribution), got a sum of {float(np.sum(probs))!r}")


class AliasSampler:
    """Exact draws from a discrete distribution in O(1) each (Walker's alias method)."""

    @checked(probs=Counts(), where=_distribution)
    def __init__(self, probs):
        n = len(probs)
        scaled = np.asarray(probs, dtype=np.float64) * n
        self.prob = np.ones(n)
        self.alias = np.arange(n, dtype=np.int32)
        small = [i for i in range(n) if scaled[i] < 1.0]
        large = [i for i in range(n) if scaled[i] >= 1.0]
        while small and large:
            s, l = small.pop(), large.pop()
            self.prob[s], self.alias[s] = scaled[s], l
            scaled[l] -= 1.0 - scaled[s]
            (small if scaled[l] < 1.0 else large).append(l)
        self.n = n

    def draw(self, rng, size):
        i = rng.integers(0, self.n, size=size, dtype=np.int32)
        return np.where(rng.random(size) < self.prob[i], i, self.alias[i])


def skipgram_pairs(ids, sids, keep_prob, window, rng):
    """Subsample, draw reduced windows and return shuffled (centre, outside) id arrays."""
    keep = rng.random(len(ids)) < keep_prob[ids]
    ids, sids = ids[keep], sids[keep]
    b = rng.integers(1, window + 1, size=len(ids), dtype=np.int8)
    centres, outsides = [], []
    for j in range(1, window + 1):
        same = sids[:-j] == sids[j:]
        right = same & (b[:-j] >= j)            # centre at i, outside at i + j
        left = same & (b[j:] >= j)              # centre at i + j, outside at i
        centres += [ids[:-j][right], ids[j:][left]]
        outsides += [ids[j:][right], ids[:-j][left]]
    centres, outsides = np.concatenate(centres), np.concatenate(outsides)
    order = rng.permutation(len(centres))
    return centres[order], outsides[order], len(ids)


def cbow_examples(ids, sids, keep_prob, window, rng):
    """Subsample, draw reduced windows and return shuffled CBOW examples.

    The same draws as :func:`skipgram_pairs` (keep, then one window b in 1..``window`` per kept token,
    then a permutation): a kept token with at least one kept neighbour at distance ≤ b in its
    sentence is an example. Returns ``(centres (n,), context ids (m,), offsets (n + 1,) int64,
    kept tokens)``: example i's context is ``context[offsets[i]:offsets[i + 1]]`` (left words
    farthest first, then right words nearest first).
    """
    keep = rng.random(len(ids)) < keep_prob[ids]
    ids, sids = ids[keep], sids[keep]
    n = len(ids)
    b = rng.integers(1, window + 1, size=n, dtype=np.int8)
    offsets = [*range(-window, 0), *range(1, window + 1)]
    valid = np.zeros((n, len(offsets)), dtype=bool)           # valid[i, k]: token i + offsets[k] is in i's window
    for k, j in enumerate(offsets):
        a = abs(j)
        if a >= n:
            continue
        same = sids[:-a] == sids[a:]
        if j < 0:
            valid[a:, k] = same & (b[a:] >= a)
        else:
            valid[:-a, k] = same & (b[:-a] >= a)
    counts = valid.sum(axis=1)
    examples = np.flatnonzero(counts)
    examples = examples[rng.permutation(len(examples))]
    context = np.empty((len(examples), len(offsets)), dtype=ids.dtype)
    for k, j in enumerate(offsets):                          # the neighbour's id (garbage where not valid)
        context[:, k] = ids[np.clip(examples + j, 0, n - 1)]
    ptr = np.zeros(len(examples) + 1, dtype=np.int64)
    np.cumsum(counts[examples], out=ptr[1:])
    return ids[examples], context[valid[examples]], ptr, n


def reorder_windows(centres, context, ptr, order):
    """CBOW examples (as :func:`cbow_examples` returns them) taken in ``order``."""
    counts = np.diff(ptr)[order]
    new_ptr = np.zeros(len(order) + 1, dtype=np.int64)
    np.cumsum(counts, out=new_ptr[1:])
    starts = np.repeat(ptr[:-1][order] - new_ptr[:-1], counts)     # old offset − new offset, per context word
    return centres[order], context[starts + np.arange(new_ptr[-1])], new_ptr


def leaf_order(tree) -> np.ndarray:
    """(V,) the rank of each word among the leaves of ``tree`` from left to right (its code read
    from the root, 0 before 1): words next in this order share the start of their paths."""
    key = np.where(np.asarray(tree._sign_matrix) == 0, 0, np.where(np.asarray(tree._sign_matrix) > 0, 1, 2))
    rank = np.empty(tree.vocab_size, dtype=np.int64)
    rank[np.lexsort(key.T[::-1])] = np.arange(tree.vocab_size)
    return rank


def batch_order(keys, batch_size):
    """The permutation that sorts each block of ``batch_size`` consecutive ``keys`` (stably),
    the blocks staying in place (a row-wise radix sort when the keys fit 16 bits)."""
    n = len(keys)
    m = n // batch_size * batch_size
    dtype = np.uint16 if n == 0 or keys.max() < 2 ** 16 else np.int64
    order = np.empty(n, dtype=np.int64)
    blocks = keys[:m].astype(dtype).reshape(-1, batch_size)
    order[:m] = (np.argsort(blocks, axis=1, kind="stable") + np.arange(0, m, batch_size)[:, None]).ravel()
    order[m:] = m + np.argsort(keys[m:], kind="stable")
    return order


def chunk_bounds(sids, chunk_tokens):
    """Token offsets cutting the corpus into chunks of about ``chunk_tokens`` tokens, at
    sentence starts: [0, ..., len(sids)]."""
    starts = np.flatnonzero(np.r_[True, sids[1:] != sids[:-1]])
    cuts = [0]
    for s in starts[1:]:
        if s - cuts[-1] >= chunk_tokens:
            cuts.append(int(s))
    cuts.append(len(sids))
    return cuts


def shard_bounds(sids, workers):
    """Offsets [0, ..., len(sids)] cutting a chunk into ``workers`` shards of about equal
    size at sentence starts (a shard may be empty when the chunk has few sentences)."""
    starts = np.flatnonzero(np.r_[True, sids[1:] != sids[:-1]])
    targets = np.arange(1, workers) * len(sids) / workers
    inner = starts[np.minimum(np.searchsorted(starts, targets), len(starts) - 1)]
    return [0] + [int(x) if x >= t else len(sids) for x, t in zip(inner, targets)] + [len(sids)]


def group_spans(start, end, group):
    """How a batch [start, end) of examples is stepped: as many full groups of ``group``
    examples as fit (sharing their negatives within a group), then the rest as one group.
    Returns the non-empty spans as (lo, hi, examples per group)."""
    m = (end - start) // group * group
    return [(lo, hi, g) for lo, hi, g in ((start, start + m, group), (start + m, end, end - start - m)) if hi > lo]
