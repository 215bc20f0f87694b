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
6. Kernels and threads: the step above is :func:`_sgns_step`, numpy, the readable reference.
   With numba installed (``pip install 'w2vlib[fast]'``) a compiled kernel,
   ``w2vlib._fast.train_span``, makes the same updates from the same draws (equal up to float32
   rounding) without gathered copies or index arrays, several times faster; ``kernel`` chooses.
   ``workers`` > 1 cuts each chunk into shards at sentence starts, one thread and one random
   stream per shard, all updating the shared matrix without locks (as gensim and the C tool do).

The loss of every pair is accumulated in float64; ``info["epoch_losses"]`` holds the mean
loss per pair of each epoch (before that pair's update). The returned vectors are the centre
vectors v_c (the ones the course plots); the outside vectors are in ``info["outside_vectors"]``.
"""
from __future__ import annotations

import importlib.util
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np


from ._validate import as_float, as_positive_float, as_positive_int, as_seed
from .activations import log_sigmoid, sigmoid
from .corpus import _AliasSampler, _chunk_bounds, _encode, _pairs, _shard_bounds, build_vocabulary
from .sampling import (NOISE_EXPONENT, NOISE_KINDS, SAMPLE_FORMULAS, keep_probability, noise_distribution,
                       redraw_repeats)
from .progress import Progress, check_progress, progress_callback
from .vectors import WordVectors


# ----- the step ------------------------------------------------------------------------------
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
    # z = [s_o, −s_1, …, −s_K] (n,G,K+1), s = uᵀ v_c: J = −Σ log σ(z), ∂J/∂z = −σ(−z)
    z = np.concatenate([pos[..., None], -sneg], axis=2)
    losses = -log_sigmoid(z)                                  # float64, no overflow
    gz = sigmoid(-z).astype(P.dtype, copy=False)              # float32 in training
    gp, gn = -gz[..., 0], gz[..., 1:]                          # ∂J/∂s_o = σ(s_o) − 1, ∂J/∂s_k = σ(s_k)
    collide = neg[:, None, :] == o[:, :, None]                # a negative equal to o is skipped
    if skip_positive and collide.any():
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
NEGATIVE_POLICIES = ("skip_positive", "keep_all", "unique")
#: "numpy": the readable step :func:`_sgns_step`; "numba": the compiled kernel of w2vlib._fast
#: (same updates; needs ``pip install 'w2vlib[fast]'``); "auto": numba when installed.
KERNELS = ("auto", "numpy", "numba")
#: numba is installed (checked without importing it: the kernel is imported at its first use).
HAVE_NUMBA = importlib.util.find_spec("numba") is not None
#: Batches whose negatives are drawn before they are trained (one call of the compiled kernel).
_SPAN = 64
RENAMED_PARAMETERS = {"dim": "vector_size", "negatives": "negative", "lr": "alpha",
                      "subsample": "sample", "size": "vector_size", "iter": "epochs"}


@dataclass(frozen=True)
class _Settings:
    """train_sgns's hyper-parameters, checked."""
    vector_size: int
    window: int
    negative: int
    epochs: int
    alpha: float
    batch_size: int
    min_count: int
    sample: float
    seed: int
    chunk_tokens: int
    group: int
    ns_exponent: float
    noise: str
    sample_formula: str
    negative_policy: str
    workers: int
    kernel: str

    @classmethod
    def checked(cls, renamed: dict, **given) -> "_Settings":
        for old in renamed:
            if old in RENAMED_PARAMETERS:
                raise TypeError(f"train_sgns: {old!r} is now called {RENAMED_PARAMETERS[old]!r} "
                                f"(gensim's name), e.g. train_sgns(..., {RENAMED_PARAMETERS[old]}=...)")
            raise TypeError(f"train_sgns() got an unexpected keyword argument {old!r}")
        ints = {name: as_positive_int(given[name], name) for name in
                ("vector_size", "window", "negative", "epochs", "batch_size", "min_count",
                 "chunk_tokens", "group", "workers")}
        if ints["window"] > 127:
            raise ValueError(f"window must be at most 127, got {ints['window']}")
        for name, allowed in (("noise", NOISE_KINDS), ("sample_formula", SAMPLE_FORMULAS),
                              ("negative_policy", NEGATIVE_POLICIES)):
            if given[name] not in allowed:
                raise ValueError(f"{name} must be one of {allowed}, got {given[name]!r}")
        kernel = given["kernel"]
        if kernel not in KERNELS:
            raise ValueError(f"kernel must be one of {KERNELS}, got {kernel!r}")
        if kernel == "numba" and not HAVE_NUMBA:
            raise ValueError("kernel='numba' needs numba: pip install 'w2vlib[fast]' (or use kernel='numpy')")
        kernel = ("numba" if HAVE_NUMBA else "numpy") if kernel == "auto" else kernel
        return cls(**ints, alpha=as_positive_float(given["alpha"], "alpha", high=10.0),
                   sample=as_float(given["sample"], "sample", 0.0, 1.0), seed=as_seed(given["seed"]),
                   ns_exponent=given["ns_exponent"], noise=given["noise"],
                   sample_formula=given["sample_formula"], negative_policy=given["negative_policy"],
                   kernel=kernel)


class _Run:
    """One training run's state: the parameters, the random streams, the counters and the
    progress reports. :meth:`epoch` trains one pass over the corpus."""

    def __init__(self, cfg: _Settings, words, counts, ids, sids, callback):
        self.cfg, self.ids, self.sids, self.callback = cfg, ids, sids, callback
        self.V = V = len(words)
        self.keep_prob = keep_probability(counts, cfg.sample, formula=cfg.sample_formula)
        self.sampler = _AliasSampler(noise_distribution(counts, cfg.noise, cfg.ns_exponent))
        self.rng = np.random.default_rng(cfg.seed)
        d = cfg.vector_size
        self.P = np.zeros((2 * V, d), dtype=np.float32)   # rows 0..V-1: centre v_c; V..2V-1: outside u_w
        self.P[:V] = (self.rng.random((V, d), dtype=np.float32) - 0.5) / d
        self.cuts = _chunk_bounds(sids, cfg.chunk_tokens)
        self.epoch_losses, self.pairs_per_epoch, self.kept_per_epoch = [], [], []
        self.pairs_done = 0
        self.t0 = self.last_report = time.perf_counter()
        self.min_alpha = cfg.alpha * 1e-4
        self.kernel, self.lock = cfg.kernel, threading.Lock()
        # one stream per worker beyond the first (the first uses self.rng, as with one worker)
        self.rngs = [self.rng] + [np.random.default_rng(s) for s in
                                  np.random.SeedSequence(cfg.seed).spawn(cfg.workers)[1:]]
        self.pool = ThreadPoolExecutor(cfg.workers - 1) if cfg.workers > 1 else None

    def lr(self, fraction: float) -> float:
        """The learning rate after ``fraction`` of the run: linear from alpha to alpha·1e-4."""
        return self.cfg.alpha - (self.cfg.alpha - self.min_alpha) * fraction

    def report(self, event: str, epoch: int, fraction: float, cur_alpha: float) -> None:
        if self.callback is not None:
            self.callback(Progress(event, epoch, self.cfg.epochs, fraction, cur_alpha, self.pairs_done,
                                   list(self.epoch_losses), time.perf_counter() - self.t0))

    def _draw_negatives(self, rng, n_rows: int) -> np.ndarray:
        """(n_rows, K) negatives from the noise distribution (distinct in a row for "unique")."""
        neg = self.sampler.draw(rng, (n_rows, self.cfg.negative))
        if self.cfg.negative_policy == "unique":
            neg = redraw_repeats(neg, lambda size: self.sampler.draw(rng, size))
        return neg

    def _shard(self, epoch: int, a: int, b: int, ids, sids, rng, main: bool) -> tuple[float, int, int]:
        """Train the tokens ``ids``/``sids`` (all or one shard of chunk a..b) with ``rng``.

        Pairs, then batches of ``batch_size``: whole groups of ``group`` pairs sharing one row of
        negatives, then the batch's rest sharing one more. The negatives of ``_SPAN`` batches are
        drawn first (in the same order as batch by batch: no training step uses ``rng``), then
        trained by the numpy step or the compiled kernel. Returns (loss, pairs, kept tokens).
        """
        cfg, n_tokens = self.cfg, len(self.ids)
        centres, outsides, kept = _pairs(ids, sids, self.keep_prob, cfg.window, rng)
        n_pairs, B, G = len(centres), cfg.batch_size, cfg.group
        skip_positive = cfg.negative_policy != "keep_all"
        if self.kernel == "numba":
            coef = np.empty((B, cfg.negative + 1), dtype=np.float32)
            dvc = np.empty((B, cfg.vector_size), dtype=np.float32)
        loss = 0.0
        for first in range(0, n_pairs, B * _SPAN):
            last = min(first + B * _SPAN, n_pairs)
            fractions = [(epoch - 1 + (a + (b - a) * s / n_pairs) / n_tokens) / cfg.epochs for s in range(first, last, B)]
            lrs = [self.lr(f) for f in fractions]
            parts = []                                   # (lo, hi, pairs per group, negatives)
            for s in range(first, last, B):
                e = min(s + B, n_pairs)
                m = (e - s) // G * G
                parts += [(lo, hi, g, self._draw_negatives(rng, (hi - lo) // g))
                          for lo, hi, g in ((s, s + m, G), (s + m, e, e - s - m)) if hi > lo]
            if self.kernel == "numba":
                from ._fast import train_span    # imported (numba with it) only when used
                loss += train_span(self.P, self.V, centres, outsides, np.concatenate([p[3] for p in parts]),
                                         np.array(lrs, dtype=np.float32), first, B, G, skip_positive, coef, dvc)
            else:
                for lo, hi, g, neg in parts:
                    loss += _sgns_step(self.P, self.V, centres[lo:hi].reshape(-1, g), outsides[lo:hi].reshape(-1, g),
                                       neg, lrs[(lo - first) // B], skip_positive)
            with self.lock:
                self.pairs_done += last - first
            if main and self.callback is not None and time.perf_counter() - self.last_report > 0.2:
                self.last_report = time.perf_counter()
                self.report("batch", epoch, fractions[-1], lrs[-1])
        return loss, n_pairs, kept

    def epoch(self, epoch: int) -> None:
        """One pass over the corpus, chunk by chunk; with ``workers`` > 1 each chunk is cut into
        that many shards at sentence starts, trained by as many threads at once (lock-free)."""
        cfg, W = self.cfg, self.cfg.workers
        loss_sum, loss_pairs, kept_tokens = 0.0, 0, 0
        for a, b in zip(self.cuts[:-1], self.cuts[1:]):
            if W == 1:
                results = [self._shard(epoch, a, b, self.ids[a:b], self.sids[a:b], self.rng, True)]
            else:
                bounds = _shard_bounds(self.sids[a:b], W)
                jobs = [self.pool.submit(self._shard, epoch, a, b, self.ids[a + lo:a + hi], self.sids[a + lo:a + hi],
                                         rng, False) for lo, hi, rng in zip(bounds[1:-1], bounds[2:], self.rngs[1:])]
                results = [self._shard(epoch, a, b, self.ids[a:a + bounds[1]], self.sids[a:a + bounds[1]],
                                       self.rngs[0], True)] + [job.result() for job in jobs]
            for loss, n_pairs, kept in results:
                loss_sum, loss_pairs, kept_tokens = loss_sum + loss, loss_pairs + n_pairs, kept_tokens + kept
        if not np.all(np.isfinite(self.P)):
            raise FloatingPointError(f"training diverged in epoch {epoch} (non-finite vectors): lower alpha")
        self.epoch_losses.append(loss_sum / max(loss_pairs, 1))
        self.pairs_per_epoch.append(loss_pairs)
        self.kept_per_epoch.append(kept_tokens)
        self.report("epoch", epoch, epoch / cfg.epochs, self.lr(epoch / cfg.epochs))


def train_sgns(sentences: Iterable[Sequence[str]], vector_size: int = 50, window: int = 5,
               negative: int = 5, epochs: int = 5, alpha: float = 0.025, batch_size: int = 1024,
               min_count: int = 5, sample: float = 1e-3, seed: int = 0,
               progress: bool | Callable[[Progress], None] = True,
               chunk_tokens: int = 1_000_000, group: int = 16, ns_exponent: float = NOISE_EXPONENT,
               noise: str = "unigram", sample_formula: str = "c_tool",
               negative_policy: str = "skip_positive", workers: int = 1, kernel: str = "auto",
               **renamed) -> WordVectors:
    """Train skip-gram with negative sampling on ``sentences``: the fast path (gensim's names).

    Every (centre c, outside o) pair of a window contributes the loss of handout part (g),
    J = −log σ(u_oᵀ v_c) − Σ_{k=1..K} log σ(−u_{w_k}ᵀ v_c), trained by batched SGD (the
    module docstring lists every step).

    Parameters
    ----------
    sentences : iterable of lists of str
        The corpus, one token list per sentence.
    vector_size : int
        d, the dimension of every v_c and u_w.
    window : int
        m, the largest window (each token draws its own 1..m), at most 127.
    negative : int
        K, negatives per pair, drawn from P_n(w) ∝ count(w)^0.75; smaller than V.
    epochs : int
        Passes over the corpus.
    alpha : float
        η at the start, in (0, 10]; decays linearly to ``alpha * 1e-4`` by corpus position.
    batch_size : int
        Pairs per SGD update (gradients taken at the parameters before the batch).
    min_count : int
        The smallest count a word needs to get a vector (rarer words are removed first).
    sample : float
        t, the subsampling threshold in [0, 1] (word2vec's formula); 0 keeps every token.
    seed : int
        Seed (>= 0) of the ``numpy.random.Generator``: same arguments and seed, same result.
    progress : bool or callable
        True: a panel in Jupyter, a line per epoch on stderr elsewhere (w2vlib.progress);
        False: nothing; a callable: called with a :class:`~w2vlib.progress.Progress`.
    chunk_tokens : int
        Tokens per shuffled chunk of pairs (bounds memory on large corpora).
    group : int
        Pairs that share their K negatives (1: independent draws per pair).
    ns_exponent : float
        α of the noise counts^α (gensim's name): 0.75 (word2vec), 1 unigram, 0 uniform.
    noise : {"unigram", "log_uniform"}
        counts^α, or the TensorFlow tutorial's Zipf sampler by frequency rank (see
        :func:`w2vlib.sampling.noise_distribution`).
    sample_formula : {"c_tool", "paper"}
        Keep a token with probability min(1, (√(f/t) + 1)·t/f) (the C tool, gensim) or
        min(1, √(t/f)) (the paper's and the course's).
    negative_policy : {"skip_positive", "keep_all", "unique"}
        A negative equal to the pair's outside word is ignored, repeats count (the C tool,
        gensim); nothing is ignored (a draw equal to the positive lowers its score as a
        negative); or the K negatives of a group are distinct, repeats redrawn (as
        TensorFlow's ``unique=True``), and, unlike TensorFlow, a negative equal to the
        positive is still ignored. The variants are notebook 09's.
    workers : int
        Threads (gensim's name). 1: one stream, reproducible. More: each chunk of the corpus
        is cut into ``workers`` shards at sentence starts, each trained by its own thread with
        its own random stream, all updating the shared vectors without locks (as gensim and
        the C tool do): same expected updates, not the same numbers from run to run. Faster
        only with the compiled kernel (the numpy step holds the GIL for much of its time).
    kernel : {"auto", "numpy", "numba"}
        "numpy": the readable batched step :func:`_sgns_step`; "numba": the compiled kernel
        ``w2vlib._fast.train_span`` (optional, ``pip install 'w2vlib[fast]'``), which makes the
        same updates from the same draws (equal up to float32 rounding) several times faster;
        "auto": numba when it is installed, else numpy. The first call compiles it (cached).
    **renamed
        Refused: the old names (``dim``, ``negatives``, ``lr``, ``subsample``, ...) raise a
        ``TypeError`` naming gensim's name.

    Returns
    -------
    WordVectors
        The centre vectors v_c, float32 (V, d), words most frequent first; ``.counts`` the
        corpus counts (V,); ``.info`` the hyper-parameters, ``epoch_losses`` (epochs,) float64
        mean loss per pair of each epoch, ``pairs_per_epoch``, ``kept_tokens_per_epoch``,
        ``tokens``, ``seconds`` and ``outside_vectors`` (V, d), the u_w as rows.
    """
    cfg = _Settings.checked(renamed, vector_size=vector_size, window=window, negative=negative,
                            epochs=epochs, alpha=alpha, batch_size=batch_size, min_count=min_count,
                            sample=sample, seed=seed, chunk_tokens=chunk_tokens, group=group,
                            ns_exponent=ns_exponent, noise=noise, sample_formula=sample_formula,
                            negative_policy=negative_policy, workers=workers, kernel=kernel)
    check_progress(progress)
    sentences = sentences if isinstance(sentences, (list, tuple)) else list(sentences)
    words, counts = build_vocabulary(sentences, cfg.min_count)
    V = len(words)
    if cfg.negative >= V:
        raise ValueError(f"negative={cfg.negative} must be smaller than the vocabulary size V={V} "
                         f"(min_count={cfg.min_count}); lower negative or min_count")
    ids, sids = _encode(sentences, {w: i for i, w in enumerate(words)})
    if len(ids) == 0:
        raise ValueError("no sentence has two or more in-vocabulary tokens: nothing to train on")

    run = _Run(cfg, words, counts, ids, sids, progress_callback(progress, cfg.negative))
    try:
        for epoch in range(1, cfg.epochs + 1):
            run.epoch(epoch)
    finally:
        if run.pool is not None:
            run.pool.shutdown()
    seconds = time.perf_counter() - run.t0
    run.report("done", cfg.epochs, 1.0, run.min_alpha)
    info = dict(vector_size=cfg.vector_size, window=cfg.window, negative=cfg.negative, epochs=cfg.epochs,
                alpha=cfg.alpha, batch_size=cfg.batch_size, min_count=cfg.min_count, sample=cfg.sample,
                seed=cfg.seed, ns_exponent=cfg.ns_exponent, noise=cfg.noise, sample_formula=cfg.sample_formula,
                negative_policy=cfg.negative_policy, workers=cfg.workers, kernel=cfg.kernel, epoch_losses=np.array(run.epoch_losses, dtype=np.float64),
                pairs_per_epoch=np.array(run.pairs_per_epoch, dtype=np.int64),
                kept_tokens_per_epoch=np.array(run.kept_per_epoch, dtype=np.int64),
                tokens=int(len(ids)), seconds=seconds, outside_vectors=run.P[V:].copy())
    return WordVectors(words, run.P[:V].copy(), counts=counts, info=info)
