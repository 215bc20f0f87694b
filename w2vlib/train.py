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

import math
import numbers
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from ._validate import as_positive_int
from .sampling import (NOISE_EXPONENT, NOISE_KINDS, SAMPLE_FORMULAS, keep_probability, noise_distribution,
                       redraw_repeats)
from .vectors import WordVectors


@dataclass
class Progress:
    """What a progress callback receives: where training is and how it is going."""
    event: str            # "batch" (about every 0.2 s), "epoch" (an epoch finished) or "done"
    epoch: int            # 1-based epoch being trained (or just finished)
    epochs: int
    fraction: float       # of the whole run, 0..1
    lr: float             # current learning rate
    pairs: int            # pairs trained so far
    epoch_losses: list    # mean loss per pair of every finished epoch
    seconds: float        # since training started


# ----- argument checks ---------------------------------------------------------------------
def _float_arg(value, name, low, high, low_open=True):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    value = float(value)
    ok = math.isfinite(value) and (value > low if low_open else value >= low) and value <= high
    if not ok:
        interval = f"{'(' if low_open else '['}{low}, {high}]"
        raise ValueError(f"{name} must be in {interval}, got {value!r}")
    return value


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


# ----- progress display ------------------------------------------------------------------------
def _in_jupyter_kernel():
    ip = sys.modules.get("IPython")
    shell = ip.get_ipython() if ip is not None and hasattr(ip, "get_ipython") else None
    return shell is not None and getattr(shell, "kernel", None) is not None


def loss_curve_png(epoch_losses, epochs, negatives) -> bytes:
    """A small PNG of the mean loss per pair by epoch (for the live progress panel)."""
    import io

    from matplotlib.figure import Figure
    fig = Figure(figsize=(4.0, 2.4), dpi=80)
    ax = fig.add_subplot()
    x = np.arange(1, len(epoch_losses) + 1)
    ax.plot(x, epoch_losses, marker="o", color="#0072B2", label="mean loss per pair")
    ax.axhline((negatives + 1) * np.log(2), color="#D55E00", linestyle="--", label="at the start, (K+1) log 2")
    ax.set_xlim(0.5, epochs + 0.5)
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss per pair (nats)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


class _WidgetProgress:
    """An ipywidgets bar, a text readout and a live loss curve (a PNG redrawn every epoch)."""

    def __init__(self, negatives):
        import ipywidgets as widgets
        from IPython.display import display
        self.negatives = negatives
        self.bar = widgets.FloatProgress(value=0.0, min=0.0, max=1.0, description="training")
        self.label = widgets.HTML(value="")
        self.curve = widgets.Image(format="png", layout=widgets.Layout(width="320px"))
        display(widgets.VBox([widgets.HBox([self.bar, self.label]), self.curve]))

    def __call__(self, p: Progress):
        self.bar.value = p.fraction
        losses = ", ".join(f"{x:.3f}" for x in p.epoch_losses[-5:])
        state = "done" if p.event == "done" else f"epoch {p.epoch}/{p.epochs}"
        self.label.value = (f"{state} &middot; lr {p.lr:.2e} &middot; {p.pairs:,} pairs &middot; "
                            f"{p.seconds:.1f} s &middot; mean loss per epoch: {losses}")
        if p.event == "epoch":
            self.curve.value = loss_curve_png(p.epoch_losses, p.epochs, self.negatives)
        if p.event == "done":
            self.bar.bar_style = "success"


def _text_progress(p: Progress):
    """One line per finished epoch on stderr."""
    if p.event == "epoch":
        eta = p.seconds / max(p.fraction, 1e-9) * (1 - p.fraction)
        print(f"epoch {p.epoch}/{p.epochs}: mean loss {p.epoch_losses[-1]:.4f}, {p.pairs:,} pairs, "
              f"{p.seconds:.1f} s, ETA {eta:.1f} s", file=sys.stderr, flush=True)


def _progress_callback(progress, negatives):
    if progress is True:
        if _in_jupyter_kernel():
            try:
                return _WidgetProgress(negatives)
            except ImportError:
                pass
        return _text_progress
    if progress is False or progress is None:
        return None
    if callable(progress):
        return progress
    raise TypeError(f"progress must be True, False or a callable taking a Progress, got {progress!r}")


def _scatter_add(P, idx, upd):
    """P[idx] += upd with repeated rows accumulated.

    One unbuffered ``np.add.at`` on the flattened array, element by element (numpy's fast
    path for 1-D ``ufunc.at``: several times faster than ``np.add.at`` on rows).
    """
    d = P.shape[1]
    flat = (idx[:, None] * d + np.arange(d, dtype=idx.dtype)).ravel()
    np.add.at(P.reshape(-1), flat, upd.reshape(-1))


def _sgns_step(P, V, c, o, neg, lr, skip_positive=True):
    """One batched SGD step on (centre c, outside o) pairs; return the summed loss (float).

    ``P`` (2V, d): centre rows then outside rows, updated in place. ``c``, ``o`` (n, G): n
    groups of G pairs; ``neg`` (n, K): the K negatives shared by the pairs of a group.
    """
    d = P.shape[1]
    vc, uo, un = P[c], P[V + o], P[V + neg]                  # (n,G,d), (n,G,d), (n,K,d)
    pos = np.einsum("ngd,ngd->ng", vc, uo)                    # u_oᵀ v_c
    sneg = np.matmul(vc, un.transpose(0, 2, 1))               # (n,G,K): u_kᵀ v_c
    np.clip(pos, -30.0, 30.0, out=pos)
    np.clip(sneg, -30.0, 30.0, out=sneg)
    ep, en = np.exp(-pos), np.exp(sneg)
    # −log σ(s) = log1p(e^{−s}), ∂/∂s = σ(s) − 1 = −e^{−s}/(1 + e^{−s})
    # −log σ(−s) = log1p(e^{s}),  ∂/∂s = σ(s) = e^{s}/(1 + e^{s})
    loss_pos, loss_neg = np.log1p(ep), np.log1p(en)
    gp, gn = -ep / (1.0 + ep), en / (1.0 + en)
    collide = neg[:, None, :] == o[:, :, None]                # a negative equal to o is skipped
    if skip_positive and collide.any():
        gn[collide] = 0.0
        loss_neg[collide] = 0.0
    gp *= -lr
    gn *= -lr
    d_vc = gp[..., None] * uo + np.matmul(gn, un)             # −lr ∂J/∂v_c
    d_uo = gp[..., None] * vc                                 # −lr ∂J/∂u_o
    d_un = np.matmul(gn.transpose(0, 2, 1), vc)               # −lr ∂J/∂u_k, summed over the group
    idx = np.concatenate([c.ravel(), V + o.ravel(), V + neg.ravel()]).astype(np.intp)
    upd = np.concatenate([d_vc.reshape(-1, d), d_uo.reshape(-1, d), d_un.reshape(-1, d)])
    _scatter_add(P, idx, upd)
    return float(loss_pos.sum(dtype=np.float64) + loss_neg.sum(dtype=np.float64))


# ----- the trainer -------------------------------------------------------------------------------
#: The fast trainer takes gensim's names; the names it used before are refused with the new one.
NEGATIVE_POLICIES = ("skip_positive", "keep_all", "unique")
RENAMED_PARAMETERS = {"dim": "vector_size", "negatives": "negative", "lr": "alpha",
                      "subsample": "sample", "size": "vector_size", "iter": "epochs"}


def train_sgns(sentences, vector_size: int = 50, window: int = 5, negative: int = 5, epochs: int = 5,
               alpha: float = 0.025, batch_size: int = 1024, min_count: int = 5,
               sample: float = 1e-3, seed: int = 0,
               progress: bool | Callable[[Progress], None] = True,
               chunk_tokens: int = 1_000_000, group: int = 16, ns_exponent: float = NOISE_EXPONENT,
               noise: str = "unigram", sample_formula: str = "c_tool",
               negative_policy: str = "skip_positive", **renamed) -> WordVectors:
    """Train skip-gram with negative sampling on ``sentences`` (a list of token lists).

    Parameters: ``vector_size`` d; ``window`` the largest window m (each token draws its own 1..m);
    ``negative`` K; ``epochs`` passes over the corpus; ``alpha`` the initial learning rate,
    decayed linearly to ``alpha * 1e-4``; ``batch_size`` pairs per update; ``min_count`` the
    smallest count a word needs to get a vector; ``sample`` t (0 turns it off); ``seed``
    of the ``numpy.random.Generator``; ``progress`` True (a widget bar in Jupyter, text on
    stderr elsewhere), False, or a callable receiving :class:`Progress`; ``chunk_tokens``
    tokens per shuffled chunk of pairs (bounds memory on large corpora); ``group`` pairs that
    share their K negatives (1 = independent draws per pair; see the module docstring).

    The variants of notebook 09 (defaults: the C tool's and gensim's choices):
    ``ns_exponent`` α of the noise counts^α (gensim's name; 0.75, 1 unigram, 0 uniform);
    ``noise`` "unigram" (counts^α) or "log_uniform" (the TensorFlow tutorial's Zipf sampler
    by frequency rank, see :func:`w2vlib.sampling.noise_distribution`); ``sample_formula``
    "c_tool" (keep min(1, (√(f/t) + 1)·t/f)) or "paper" (keep min(1, √(t/f)), the paper's and
    the course's); ``negative_policy`` "skip_positive" (a negative equal to the pair's outside
    word is ignored, repeats count: the C tool, gensim), "keep_all" (nothing ignored: the
    positive can be pushed away as a negative) or "unique" (the K negatives of a group are
    distinct, repeats redrawn, positive ignored: TensorFlow's ``unique=True``).

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
    alpha = _float_arg(alpha, "alpha", 0.0, 10.0)
    sample = _float_arg(sample, "sample", 0.0, 1.0, low_open=False)
    for name, value, allowed in (("noise", noise, NOISE_KINDS), ("sample_formula", sample_formula, SAMPLE_FORMULAS),
                                 ("negative_policy", negative_policy, NEGATIVE_POLICIES)):
        if value not in allowed:
            raise ValueError(f"{name} must be one of {allowed}, got {value!r}")
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise TypeError(f"seed must be a non-negative integer, got {seed!r}")
    if not (progress is True or progress is False or progress is None or callable(progress)):
        raise TypeError(f"progress must be True, False or a callable taking a Progress, got {progress!r}")

    sentences = sentences if isinstance(sentences, (list, tuple)) else list(sentences)
    words, counts = build_vocabulary(sentences, min_count)
    V = len(words)
    if negative >= V:
        raise ValueError(f"negative={negative} must be smaller than the vocabulary size V={V} "
                         f"(min_count={min_count}); lower negative or min_count")
    ids, sids = _encode(sentences, {w: i for i, w in enumerate(words)})
    if len(ids) == 0:
        raise ValueError("no sentence has two or more in-vocabulary tokens: nothing to train on")

    keep_prob = keep_probability(counts, sample, formula=sample_formula)
    sampler = _AliasSampler(noise_distribution(counts, noise, ns_exponent))
    skip_positive = negative_policy != "keep_all"

    callback = _progress_callback(progress, negative)
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
                        if negative_policy == "unique":
                            neg = redraw_repeats(neg, lambda size: sampler.draw(rng, size))
                        loss_sum += _sgns_step(P, V, centres[lo:hi].reshape(-1, g),
                                               outsides[lo:hi].reshape(-1, g), neg, cur_alpha, skip_positive)
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
                batch_size=batch_size, min_count=min_count, sample=sample, seed=seed, ns_exponent=ns_exponent,
                noise=noise, sample_formula=sample_formula, negative_policy=negative_policy,
                epoch_losses=np.array(epoch_losses, dtype=np.float64),
                pairs_per_epoch=np.array(pairs_per_epoch, dtype=np.int64),
                kept_tokens_per_epoch=np.array(kept_per_epoch, dtype=np.int64),
                tokens=int(n_tokens), seconds=seconds, outside_vectors=P[V:].copy())
    return WordVectors(words, P[:V].copy(), counts=counts, info=info)
