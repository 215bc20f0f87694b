"""A batched numpy trainer for skip-gram with negative sampling (coding part (c), fast path).

The course's ``run.py`` trains one window at a time through ``sgd`` (faithful, and reproduced
by ``w2vlib.run``). :func:`train_sgns` trains the same model — centre vectors v_c and outside
vectors u_w as the rows of one (2V, d) float32 array (centre rows first), loss per (centre c, outside o) pair

    J = −log σ(u_oᵀ v_c) − Σ_{k=1..K} log σ(−u_{w_k}ᵀ v_c),   w_k ~ unigram^0.75,

— but on whole batches of pairs at once, with its own ``numpy.random.Generator(seed)``:

1. Vocabulary: words with count ≥ ``min_count``, most frequent first (ties: first appearance);
   rarer words are removed from the sentences before windows are formed (as gensim does).
2. Subsampling, redrawn every epoch: a token of relative frequency f is kept with probability
   min(1, (√(f/t) + 1)·t/f), t = ``sample``. This is the formula of the released word2vec
   C code and of gensim, not the paper's 1 − √(t/f) (the course's variant, with t·wordcount):
   the same formula and the same t make the comparison with gensim equal work, pair for pair,
   in expectation. ``sample=0`` keeps everything.
3. Windows: each kept token gets a window b uniform in 1..``window`` (word2vec's "reduced
   window") and pairs with every kept token at distance ≤ b in its sentence.
4. The pairs of a chunk of sentences are shuffled, then cut into batches of ``batch_size``.
   Every pair is scored against its own outside word and K negatives. The negatives are drawn
   once per *group* of ``group`` consecutive (shuffled, so unrelated) pairs and shared by them:
   each pair still gets K draws from unigram^0.75, independent of the pair, so the expected
   update is the same as with per-pair draws; what changes is that the negatives' scores and
   gradients become small matrix products (G × d by d × K) instead of gathers and scatters
   of K rows per pair. ``group=1`` gives independent negatives per pair (about 2-4× slower).
   A negative equal to the pair's outside word is ignored, as in gensim. Updates are added
   with one flat ``np.add.at`` (repeated rows accumulate); every gradient in a batch is
   taken at the parameters before the batch.
5. The learning rate decays linearly from ``alpha`` to ``alpha * 1e-4`` over all epochs (by corpus
   position, like word2vec).

The loss of every pair is accumulated in float64; ``info["epoch_losses"]`` holds the mean
loss per pair of each epoch (before that pair's update). The returned vectors are the centre
vectors v_c (the ones the course plots); the outside vectors are in ``info["outside_vectors"]``.
"""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
import numpy as np

from ._validate import as_float, as_positive_float, as_positive_int, as_seed
from .activations import log_sigmoid, sigmoid
from .negsamp import noise_distribution
from .progress import Progress, check_progress, progress_callback
from .vectors import WordVectors


# ----- corpus -> arrays ----------------------------------------------------------------------
def build_vocabulary(sentences, min_count):
    """Count tokens; return (words, counts) of the words with count >= min_count.

    Words are sorted by decreasing count, ties in order of first appearance.
    """
    if isinstance(sentences, (str, bytes)):
        raise TypeError("sentences must be a list of token lists, got a string")
    counter: Counter = Counter()
    n_sentences = 0
    for i, sent in enumerate(sentences):
        if isinstance(sent, (str, bytes)) or not isinstance(sent, Iterable):
            raise TypeError(f"sentences[{i}] must be a list of token strings, got {type(sent).__name__}")
        try:
            counter.update(sent)
        except TypeError:                                      # an unhashable token
            raise TypeError(f"sentences[{i}] holds a token that is not a string") from None
        n_sentences += 1
    if not all(isinstance(t, str) for t in counter):          # checked once per distinct token
        i = next(i for i, sent in enumerate(sentences) if not all(isinstance(t, str) for t in sent))
        raise TypeError(f"sentences[{i}] holds a token that is not a string")
    if not counter:
        raise ValueError(f"sentences is empty: {n_sentences} sentences and no tokens")
    kept = [(w, c) for w, c in counter.items() if c >= min_count]  # dict order = first appearance
    if not kept:
        raise ValueError(f"every word occurs fewer than min_count={min_count} times "
                         f"(the most frequent, {counter.most_common(1)[0][0]!r}, occurs "
                         f"{counter.most_common(1)[0][1]} times): lower min_count")
    kept.sort(key=lambda wc: -wc[1])  # stable: ties keep first-appearance order
    return [w for w, _ in kept], np.array([c for _, c in kept], dtype=np.int64)


def _encode(sentences, word2ind):
    """Token ids (int32) and sentence ids (int32) of the in-vocabulary tokens, in corpus order."""
    ids, sids = [], []
    for s, sent in enumerate(sentences):
        row = [word2ind[t] for t in sent if t in word2ind]
        if len(row) > 1:
            ids.extend(row)
            sids.extend([s] * len(row))
    return np.array(ids, dtype=np.int32), np.array(sids, dtype=np.int32)


def keep_probability(counts, subsample):
    """Probability of keeping each token when subsampling: min(1, (√(f/t) + 1)·t/f), f = count/total."""
    counts = np.asarray(counts, dtype=np.float64)
    if subsample == 0:
        return np.ones(len(counts))
    freq = counts / counts.sum()
    return np.minimum(1.0, (np.sqrt(freq / subsample) + 1) * subsample / freq)


class _AliasSampler:
    """Exact draws from a discrete distribution in O(1) each (Walker's alias method)."""

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


def _pairs(ids, sids, keep_prob, window, rng):
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


def _scatter_add(P, idx, upd):
    """P[idx] += upd with repeated rows accumulated.

    One unbuffered ``np.add.at`` on the flattened array, element by element (numpy's fast
    path for 1-D ``ufunc.at``: several times faster than ``np.add.at`` on rows).
    """
    d = P.shape[1]
    flat = (idx[:, None] * d + np.arange(d, dtype=idx.dtype)).ravel()
    np.add.at(P.reshape(-1), flat, upd.reshape(-1))


def _sgns_step(P, V, c, o, neg, lr):
    """One batched SGD step on (centre c, outside o) pairs; return the summed loss (float).

    ``P`` (2V, d): centre rows then outside rows, updated in place. ``c``, ``o`` (n, G): n
    groups of G pairs; ``neg`` (n, K): the K negatives shared by the pairs of a group.
    """
    d = P.shape[1]
    vc, uo, un = P[c], P[V + o], P[V + neg]                  # (n,G,d), (n,G,d), (n,K,d)
    pos = np.einsum("ngd,ngd->ng", vc, uo)                    # u_oᵀ v_c
    sneg = np.matmul(vc, un.transpose(0, 2, 1))               # (n,G,K): u_kᵀ v_c
    # z = [s_o, −s_1, …, −s_K] (n,G,K+1), s = uᵀ v_c: J = −Σ log σ(z), ∂J/∂z = −σ(−z)
    z = np.concatenate([pos[..., None], -sneg], axis=2)
    losses = -log_sigmoid(z)                                  # float64, no overflow
    gz = sigmoid(-z).astype(P.dtype, copy=False)              # float32 in training
    gp, gn = -gz[..., 0], gz[..., 1:]                          # ∂J/∂s_o = σ(s_o) − 1, ∂J/∂s_k = σ(s_k)
    collide = neg[:, None, :] == o[:, :, None]                # a negative equal to o is skipped
    if collide.any():
        gn[collide] = 0.0
        losses[..., 1:][collide] = 0.0
    gp *= -lr
    gn *= -lr
    d_vc = gp[..., None] * uo + np.matmul(gn, un)             # −lr ∂J/∂v_c
    d_uo = gp[..., None] * vc                                 # −lr ∂J/∂u_o
    d_un = np.matmul(gn.transpose(0, 2, 1), vc)               # −lr ∂J/∂u_k, summed over the group
    idx = np.concatenate([c.ravel(), V + o.ravel(), V + neg.ravel()]).astype(np.intp)
    upd = np.concatenate([d_vc.reshape(-1, d), d_uo.reshape(-1, d), d_un.reshape(-1, d)])
    _scatter_add(P, idx, upd)
    return float(losses.sum(dtype=np.float64))


# ----- the trainer -------------------------------------------------------------------------------
#: The fast trainer takes gensim's names; the names it used before are refused with the new one.
RENAMED_PARAMETERS = {"dim": "vector_size", "negatives": "negative", "lr": "alpha",
                      "subsample": "sample", "size": "vector_size", "iter": "epochs"}


def train_sgns(sentences, vector_size: int = 50, window: int = 5, negative: int = 5, epochs: int = 5,
               alpha: float = 0.025, batch_size: int = 1024, min_count: int = 5,
               sample: float = 1e-3, seed: int = 0,
               progress: bool | Callable[[Progress], None] = True,
               chunk_tokens: int = 1_000_000, group: int = 16, **renamed) -> WordVectors:
    """Train skip-gram with negative sampling on ``sentences`` (a list of token lists).

    Parameters: ``vector_size`` d; ``window`` the largest window m (each token draws its own 1..m);
    ``negative`` K; ``epochs`` passes over the corpus; ``alpha`` the initial learning rate,
    decayed linearly to ``alpha * 1e-4``; ``batch_size`` pairs per update; ``min_count`` the
    smallest count a word needs to get a vector; ``sample`` t (0 turns it off); ``seed``
    of the ``numpy.random.Generator``; ``progress`` True (a widget bar in Jupyter, text on
    stderr elsewhere), False, or a callable receiving :class:`Progress`; ``chunk_tokens``
    tokens per shuffled chunk of pairs (bounds memory on large corpora); ``group`` pairs that
    share their K negatives (1 = independent draws per pair; see the module docstring).

    Returns :class:`~w2vlib.vectors.WordVectors` of the centre vectors, float32 (V, d), words
    most frequent first; ``.counts`` the corpus counts; ``.info`` the hyper-parameters,
    ``epoch_losses`` (float64 mean loss per pair per epoch), ``pairs_per_epoch``, ``seconds``,
    ``outside_vectors`` (V, d). Same arguments and seed, same result.
    """
    for old in renamed:
        if old in RENAMED_PARAMETERS:
            raise TypeError(f"train_sgns: {old!r} is now called {RENAMED_PARAMETERS[old]!r} "
                            f"(gensim's name), e.g. train_sgns(..., {RENAMED_PARAMETERS[old]}=...)")
        raise TypeError(f"train_sgns() got an unexpected keyword argument {old!r}")
    vector_size = as_positive_int(vector_size, "vector_size")
    window = as_positive_int(window, "window")
    if window > 127:
        raise ValueError(f"window must be at most 127, got {window}")
    negative = as_positive_int(negative, "negative")
    epochs = as_positive_int(epochs, "epochs")
    batch_size = as_positive_int(batch_size, "batch_size")
    min_count = as_positive_int(min_count, "min_count")
    chunk_tokens = as_positive_int(chunk_tokens, "chunk_tokens")
    group = as_positive_int(group, "group")
    alpha = as_positive_float(alpha, "alpha", high=10.0)
    sample = as_float(sample, "sample", 0.0, 1.0)
    seed = as_seed(seed)
    check_progress(progress)

    sentences = sentences if isinstance(sentences, (list, tuple)) else list(sentences)
    words, counts = build_vocabulary(sentences, min_count)
    V = len(words)
    if negative >= V:
        raise ValueError(f"negative={negative} must be smaller than the vocabulary size V={V} "
                         f"(min_count={min_count}); lower negative or min_count")
    ids, sids = _encode(sentences, {w: i for i, w in enumerate(words)})
    if len(ids) == 0:
        raise ValueError("no sentence has two or more in-vocabulary tokens: nothing to train on")

    keep_prob = keep_probability(counts, sample)
    sampler = _AliasSampler(noise_distribution(counts))

    callback = progress_callback(progress, negative)
    rng = np.random.default_rng(seed)
    P = np.zeros((2 * V, vector_size), dtype=np.float32)      # rows 0..V-1: centre v_c; V..2V-1: outside u_w
    P[:V] = (rng.random((V, vector_size), dtype=np.float32) - 0.5) / vector_size

    # chunk boundaries at sentence starts, about chunk_tokens tokens each
    starts = np.flatnonzero(np.r_[True, sids[1:] != sids[:-1]])
    cuts = [0]
    for s in starts[1:]:
        if s - cuts[-1] >= chunk_tokens:
            cuts.append(int(s))
    cuts.append(len(ids))
    n_tokens = len(ids)
    epoch_losses, pairs_per_epoch, kept_per_epoch = [], [], []
    pairs_done, t0 = 0, time.perf_counter()
    min_alpha = alpha * 1e-4
    last_report = t0

    def report(event, epoch, fraction, cur_alpha):
        if callback is not None:
            callback(Progress(event, epoch, epochs, fraction, cur_alpha, pairs_done, list(epoch_losses),
                              time.perf_counter() - t0))

    for epoch in range(1, epochs + 1):
        loss_sum, loss_pairs, kept_tokens = 0.0, 0, 0
        for a, b in zip(cuts[:-1], cuts[1:]):
            centres, outsides, kept = _pairs(ids[a:b], sids[a:b], keep_prob, window, rng)
            n_pairs = len(centres)
            for s in range(0, n_pairs, batch_size):
                e = min(s + batch_size, n_pairs)
                fraction = (epoch - 1 + (a + (b - a) * s / n_pairs) / n_tokens) / epochs
                cur_alpha = alpha - (alpha - min_alpha) * fraction
                m = (e - s) // group * group                          # whole groups, then the rest
                for lo, hi, g in ((s, s + m, group), (s + m, e, e - s - m)):
                    if hi > lo:
                        neg = sampler.draw(rng, ((hi - lo) // g, negative))
                        loss_sum += _sgns_step(P, V, centres[lo:hi].reshape(-1, g),
                                               outsides[lo:hi].reshape(-1, g), neg, cur_alpha)
                pairs_done += e - s
                if callback is not None and time.perf_counter() - last_report > 0.2:
                    last_report = time.perf_counter()
                    report("batch", epoch, fraction, cur_alpha)
            loss_pairs += n_pairs
            kept_tokens += kept
        if not np.all(np.isfinite(P)):
            raise FloatingPointError(f"training diverged in epoch {epoch} (non-finite vectors): lower alpha")
        epoch_losses.append(loss_sum / max(loss_pairs, 1))
        pairs_per_epoch.append(loss_pairs)
        kept_per_epoch.append(kept_tokens)
        report("epoch", epoch, epoch / epochs, alpha - (alpha - min_alpha) * epoch / epochs)
    seconds = time.perf_counter() - t0
    report("done", epochs, 1.0, min_alpha)
    info = dict(vector_size=vector_size, window=window, negative=negative, epochs=epochs, alpha=alpha,
                batch_size=batch_size, min_count=min_count, sample=sample, seed=seed,
                epoch_losses=np.array(epoch_losses, dtype=np.float64),
                pairs_per_epoch=np.array(pairs_per_epoch, dtype=np.int64),
                kept_tokens_per_epoch=np.array(kept_per_epoch, dtype=np.int64),
                tokens=int(n_tokens), seconds=seconds, outside_vectors=P[V:].copy())
    return WordVectors(words, P[:V].copy(), counts=counts, info=info)
