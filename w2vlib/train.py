"""The fast trainer: the word2vec family on batches, with gensim's names (coding part (c) and beyond).

The course's ``run.py`` trains one window at a time through ``sgd`` (faithful, and reproduced
by ``w2vlib.run``). :func:`train_word2vec` trains the four models of notebooks 05, 07, 11 and
12 on whole batches, with its own ``numpy.random.Generator(seed)`` and gensim's switches
``sg``, ``hs``, ``negative``, ``cbow_mean``; :func:`train_sgns` is its skip-gram/negative-
sampling shorthand. An example has an input h and a target t — skip-gram: h = v_c, t = the
outside word o; CBOW: h = the mean (or sum) of the context words' v_w, t = the centre word c —
and the loss

    negative sampling:     J = −log σ(u_tᵀh) − Σ_{k=1..K} log σ(−u_{w_k}ᵀh),  w_k ~ unigram^0.75;
    hierarchical softmax:  J = −Σ_l log σ(s_l u_{n_l}ᵀh) along t's path in the Huffman tree;
    both (hs=1, negative > 0): their sum, as gensim trains them.

1. Vocabulary: words with count ≥ ``min_count``, most frequent first (ties: first appearance);
   rarer words are removed from the sentences before windows are formed (as gensim does).
2. Subsampling, redrawn every epoch, with the C tool's and gensim's formula (not the paper's),
   so that the comparison with gensim is equal work.
3. Windows: each kept token draws b uniform in 1..``window`` (word2vec's reduced window).
   Skip-gram pairs it with every kept token at distance ≤ b in its sentence; for CBOW those
   tokens are its context (one example per token that has any).
4. The examples of a chunk of sentences are shuffled, then cut into batches of ``batch_size``;
   with hierarchical softmax a batch is then sorted by its targets' leaf order in the tree
   (neighbours share the first rows of their paths; within a batch the order changes only
   rounding). Negatives are drawn once per *group* of ``group`` consecutive examples and
   shared by them: each example still gets K independent draws from unigram^0.75, and the
   negatives' scores become small matrix products. A negative equal to the target is
   ignored, as in gensim. Every gradient in a batch is taken at the parameters before it;
   repeated rows accumulate.
5. The update is the gradient of the loss (notebooks 05, 11, 12): for CBOW each context row
   gets (∂h/∂v_w) ∂J/∂h, 1/n of it when averaging, all of it when summing
   (``cbow_update="gensim"``: gensim's shares instead, notebook 11 shows them).
6. The learning rate falls linearly from ``alpha`` to ``min_alpha`` by corpus position.
7. Kernels and threads: the numpy steps of ``w2vlib.steps`` are the readable reference; with
   numba installed (``pip install 'w2vlib[fast]'``) the compiled kernel of ``w2vlib._fast``
   makes the same updates from the same draws (equal up to float32 rounding), several times
   faster. ``workers`` > 1: one thread and one random stream per shard of each chunk, all
   updating the shared matrices without locks (as gensim and the C tool do).

The loss of every example (before its update) is summed in float64; the mean per example of
each epoch is kept.
"""
from __future__ import annotations

import importlib.util
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass

import numpy as np

from ._validate import (MAX_WINDOW, Integer, Options, OrNone, Real, Seed, Sentences, Switch, checked)
from .corpus import (AliasSampler, batch_order, build_vocabulary, cbow_examples, chunk_bounds, group_spans, leaf_order,
                     reorder_windows, shard_bounds, skipgram_pairs, token_ids)
from .hierarchical_softmax import huffman_tree
from .progress import Progress, check_progress, progress_callback
from .sampling import NOISE_EXPONENT, NOISE_KINDS, SAMPLE_FORMULAS, keep_probability, noise_distribution, redraw_repeats
from .steps import sgns_step, word2vec_step
from .vectors import Word2VecModel, WordVectors

__all__ = ["NEGATIVE_POLICIES", "KERNELS", "HAVE_NUMBA", "RENAMED_PARAMETERS", "BATCH_SIZE", "HS_BATCH_SIZE",
           "CBOW_UPDATES", "train_word2vec", "train_sgns"]

NEGATIVE_POLICIES = ("skip_positive", "keep_all", "unique")
#: "numpy": the readable steps of w2vlib.steps; "numba": the compiled kernel of w2vlib._fast
#: (same updates; needs ``pip install 'w2vlib[fast]'``); "auto": numba when installed.
KERNELS = ("auto", "numpy", "numba")
#: numba is installed (checked without importing it: the kernel is imported at its first use).
HAVE_NUMBA = importlib.util.find_spec("numba") is not None
#: Batches whose negatives are drawn before they are trained (one call of the compiled kernel).
_SPAN = 64
#: The fast trainer takes gensim's names; the names it used before are refused with the new one.
RENAMED_PARAMETERS = {"dim": "vector_size", "negatives": "negative", "lr": "alpha",
                      "subsample": "sample", "size": "vector_size", "iter": "epochs"}
#: Examples per batch by default: with hierarchical softmax every example of a batch updates the
#: inner nodes near the root, all from the same parameters, so their batches are smaller.
BATCH_SIZE, HS_BATCH_SIZE = 1024, 256
#: How a CBOW example's input update is shared out among its n context rows (see train_word2vec).
CBOW_UPDATES = ("gradient", "gensim")


#: Passes over the corpus and threads accepted: bounds that keep a mistyped number from running
#: (or spawning) for ever.
MAX_EPOCHS, MAX_WORKERS = 1_000_000, 1024

#: The contracts of the trainers' arguments (train_sgns takes all but sg, hs, cbow_mean, cbow_update).
_CONTRACTS = dict(
    sentences=Sentences(), sg=Switch("1 skip-gram, 0 CBOW"), hs=Switch("1 hierarchical softmax, 0 none"),
    negative=Integer(min=0), cbow_mean=Switch("1 average the context, 0 sum it"), vector_size=Integer(min=1),
    window=Integer(min=1, max=MAX_WINDOW), alpha=Real(0.0, 10.0, low_open=True), min_alpha=Real(min=0.0),
    epochs=Integer(min=1, max=MAX_EPOCHS), min_count=Integer(min=1), sample=Real(0.0, 1.0), seed=Seed(),
    workers=Integer(min=1, max=MAX_WORKERS), batch_size=OrNone(Integer(min=1)), chunk_tokens=Integer(min=1),
    group=Integer(min=1), ns_exponent=Real(), noise=Options(*NOISE_KINDS), sample_formula=Options(*SAMPLE_FORMULAS),
    negative_policy=Options(*NEGATIVE_POLICIES), cbow_update=Options(*CBOW_UPDATES), kernel=Options(*KERNELS))
_SGNS_CONTRACTS = {k: v for k, v in _CONTRACTS.items() if k not in ("sg", "hs", "cbow_mean", "cbow_update")} | dict(
    negative=Integer(min=1))


def _settings_agree(hs, negative, alpha, min_alpha, kernel) -> None:
    """The trainer's arguments that must agree: something to train, min_alpha <= alpha, numba for its kernel."""
    if negative == 0 and hs == 0:
        raise ValueError("negative=0 with hs=0 trains nothing: set negative >= 1 (negative sampling) "
                         "or hs=1 (hierarchical softmax)")
    if min_alpha > alpha:
        raise ValueError(f"min_alpha (at most alpha) must be a finite number in [0, {alpha:g}], got {min_alpha!r}")
    if kernel == "numba" and not HAVE_NUMBA:
        raise ValueError("kernel='numba' needs numba: pip install 'w2vlib[fast]' (or use kernel='numpy')")


def _sgns_settings_agree(negative, alpha, min_alpha, kernel) -> None:
    """:func:`_settings_agree` for train_sgns (skip-gram, negative sampling: hs=0)."""
    _settings_agree(0, negative, alpha, min_alpha, kernel)


@dataclass(frozen=True)
class _Settings:
    """The trainer's hyper-parameters, checked (a trained model keeps every one: Word2VecModel
    attributes, WordVectors.info keys)."""
    sg: int
    hs: int
    negative: int
    cbow_mean: int
    vector_size: int
    window: int
    alpha: float
    min_alpha: float
    epochs: int
    min_count: int
    sample: float
    seed: int
    workers: int
    batch_size: int
    chunk_tokens: int
    group: int
    ns_exponent: float
    noise: str
    sample_formula: str
    negative_policy: str
    cbow_update: str
    kernel: str

    @property
    def share_by_n(self) -> bool:
        """CBOW: each context row gets 1/n of the input update (else all of it)."""
        return bool(self.cbow_mean) == (self.cbow_update == "gradient")

    @classmethod
    def checked(cls, caller: str, unknown: dict, **given) -> "_Settings":
        """The settings from the trainer's checked arguments (``@checked(**_CONTRACTS)``)."""
        for name in unknown:            # the old names are refused by @checked(renamed=...)
            if caller == "train_sgns" and name in ("sg", "hs", "cbow_mean"):
                raise TypeError(f"train_sgns trains skip-gram with negative sampling only; for {name!r} "
                                f"use train_word2vec(..., {name}=...)")
            raise TypeError(f"{caller}() got an unexpected keyword argument {name!r}")
        if given["batch_size"] is None:         # every example updates the inner nodes near the root
            given["batch_size"] = HS_BATCH_SIZE if given["hs"] else BATCH_SIZE
        if given["kernel"] == "auto":
            given["kernel"] = "numba" if HAVE_NUMBA else "numpy"
        return cls(**given)


class _Run:
    """One training run's state: the parameters, the random streams, the counters and the
    progress reports. :meth:`epoch` trains one pass over the corpus."""

    def __init__(self, cfg: _Settings, counts, ids, sids, progress):
        self.cfg, self.ids, self.sids = cfg, ids, sids
        self.V = V = len(counts)
        self.keep_prob = keep_probability(counts, cfg.sample, sample_formula=cfg.sample_formula)
        self.sampler = AliasSampler(noise_distribution(counts, cfg.noise, cfg.ns_exponent)) if cfg.negative else None
        self.rng = np.random.default_rng(cfg.seed)
        d, Vn, Vh = cfg.vector_size, V if cfg.negative else 0, V - 1 if cfg.hs else 0
        # one float32 matrix: input rows v_w, then outside rows u_w (negative sampling), then inner nodes (hs)
        self.P = np.zeros((V + Vn + Vh, d), dtype=np.float32)
        self.P[:V] = (self.rng.random((V, d), dtype=np.float32) - 0.5) / d
        self.syn0, self.syn1neg, self.syn1 = self.P[:V], self.P[V:V + Vn], self.P[V + Vn:]
        self.tree = huffman_tree(counts) if cfg.hs else None
        if self.tree is not None:       # every word's path, padded: inner nodes, signs ±1 (0 padding), lengths
            self.paths = self.tree._path_matrix.astype(np.int32)
            self.signs = self.tree._sign_matrix.astype(np.float32)
            self.plens = self.tree.code_lengths.astype(np.int32)
            self.leaf_rank = leaf_order(self.tree)
        else:
            self.paths, self.signs, self.plens = (np.zeros((0, 0), np.int32), np.zeros((0, 0), np.float32),
                                                  np.zeros(0, np.int32))
        self.callback = progress_callback(progress, cfg.negative, self._start_level(counts))
        self.cuts = chunk_bounds(sids, cfg.chunk_tokens)
        self.epoch_losses, self.pairs_per_epoch, self.kept_per_epoch = [], [], []
        self.pairs_done = 0
        self.t0 = self.last_report = time.perf_counter()
        self.kernel, self.lock = cfg.kernel, threading.Lock()
        # one stream per worker beyond the first (the first uses self.rng, as with one worker)
        self.rngs = [self.rng] + [np.random.default_rng(s) for s in
                                  np.random.SeedSequence(cfg.seed).spawn(cfg.workers)[1:]]
        self.pool = ThreadPoolExecutor(cfg.workers - 1) if cfg.workers > 1 else None

    def _start_level(self, counts):
        """The loss per example at the start (every output row 0), when it is not (K+1)·log 2."""
        if self.tree is None:
            return None
        kept = counts * self.keep_prob
        mean_path = float(kept @ self.tree.code_lengths / kept.sum())      # E[L] over targets, about
        extra = self.cfg.negative + 1 if self.cfg.negative else 0
        return ((mean_path + extra) * np.log(2),
                "at the start, (E[L] + K + 1) log 2" if extra else "at the start, E[L] log 2")

    def lr(self, fraction: float) -> float:
        """The learning rate after ``fraction`` of the run: linear from alpha to min_alpha."""
        return self.cfg.alpha - (self.cfg.alpha - self.cfg.min_alpha) * fraction

    def report(self, event: str, epoch: int, fraction: float, cur_alpha: float) -> None:
        if self.callback is not None:
            self.callback(Progress(event, epoch, self.cfg.epochs, fraction, cur_alpha, self.pairs_done,
                                   list(self.epoch_losses), time.perf_counter() - self.t0))

    def _draw_negatives(self, rng, n_rows: int) -> np.ndarray:
        """(n_rows, K) negatives from the noise distribution (distinct in a row for "unique")."""
        if not self.cfg.negative:
            return np.zeros((n_rows, 0), dtype=np.int32)
        neg = self.sampler.draw(rng, (n_rows, self.cfg.negative))
        if self.cfg.negative_policy == "unique":
            neg = redraw_repeats(neg, lambda size: self.sampler.draw(rng, size))
        return neg

    def _numpy_step(self, inputs, ptr, targets, lo, hi, g, neg, lr):
        """The readable numpy step on examples lo..hi-1 (groups of g sharing a row of ``neg``)."""
        try:                                   # an overflow, or σ refusing a NaN score: diverged
            with np.errstate(over="raise", invalid="raise"):
                return self._numpy_step_unchecked(inputs, ptr, targets, lo, hi, g, neg, lr)
        except (FloatingPointError, ValueError) as exc:
            if isinstance(exc, ValueError) and np.all(np.isfinite(self.P)):
                raise
            raise FloatingPointError(f"training diverged (overflowing vectors, η = {lr:.3g}): lower alpha") from exc

    def _numpy_step_unchecked(self, inputs, ptr, targets, lo, hi, g, neg, lr):
        cfg, skip_positive = self.cfg, self.cfg.negative_policy != "keep_all"
        if cfg.sg and not cfg.hs:                      # the step notebook 08 prints
            return sgns_step(self.P, self.V, inputs[lo:hi].reshape(-1, g), targets[lo:hi].reshape(-1, g), neg,
                              lr, skip_positive)
        if cfg.sg:
            rows, offsets = inputs[lo:hi], np.arange(hi - lo + 1)
        else:
            rows, offsets = inputs[ptr[lo]:ptr[hi]], ptr[lo:hi + 1] - ptr[lo]
        return word2vec_step(self.syn0, self.syn1neg if cfg.negative else None, self.syn1 if cfg.hs else None,
                              rows, offsets, targets[lo:hi], neg, self.paths, self.signs, lr, skip_positive,
                              bool(cfg.cbow_mean), cfg.share_by_n)

    def _shard(self, epoch: int, a: int, b: int, ids, sids, rng, main: bool) -> tuple[float, int, int]:
        """Train the tokens ``ids``/``sids`` (all or one shard of chunk a..b) with ``rng``.

        Examples, then batches of ``batch_size``: whole groups of ``group`` examples sharing
        one row of negatives, then the batch's rest sharing one more. The negatives of
        ``_SPAN`` batches are drawn first (in the same order as batch by batch: no training
        step uses ``rng``), then trained by the numpy step or the compiled kernel. Returns
        (loss, examples, kept tokens).
        """
        cfg, n_tokens = self.cfg, len(self.ids)
        if cfg.sg:
            inputs, targets, kept = skipgram_pairs(ids, sids, self.keep_prob, cfg.window, rng)    # centres, outsides
            ptr = np.zeros(1, dtype=np.int64)
        else:
            targets, inputs, ptr, kept = cbow_examples(ids, sids, self.keep_prob, cfg.window, rng)
        n, B, G = len(targets), cfg.batch_size, cfg.group
        if cfg.hs:      # a batch's examples in the tree's leaf order: neighbours share their paths' first rows
            order = batch_order(self.leaf_rank[targets], B)
            if cfg.sg:
                inputs, targets = inputs[order], targets[order]
            else:
                targets, inputs, ptr = reorder_windows(targets, inputs, ptr, order)
        if self.kernel == "numba":
            bufs = (np.empty((B, cfg.negative + 1), np.float32), np.empty((B, self.paths.shape[1]), np.float32),
                    np.empty((B, cfg.vector_size), np.float32), np.empty((B if not cfg.sg else 0, cfg.vector_size),
                                                                        np.float32))
        loss = 0.0
        for first in range(0, n, B * _SPAN):
            last = min(first + B * _SPAN, n)
            fractions = [(epoch - 1 + (a + (b - a) * s / n) / n_tokens) / cfg.epochs for s in range(first, last, B)]
            lrs = [self.lr(f) for f in fractions]
            parts = []                                   # (lo, hi, examples per group, negatives)
            for s in range(first, last, B):
                parts += [(lo, hi, g, self._draw_negatives(rng, (hi - lo) // g))
                          for lo, hi, g in group_spans(s, min(s + B, n), G)]
            if self.kernel == "numba":
                from ._fast import train_span    # imported (numba with it) only when used
                loss += train_span(self.syn0, self.syn1neg if cfg.negative else None, self.syn1 if cfg.hs else None,
                                   inputs, ptr, targets,
                                   np.concatenate([p[3] for p in parts]).astype(np.int32, copy=False),
                                   self.paths, self.signs, self.plens, np.array(lrs, dtype=np.float32), first, B, G,
                                   cfg.negative_policy != "keep_all", not cfg.sg, bool(cfg.cbow_mean), cfg.share_by_n,
                                   *bufs)
            else:
                for lo, hi, g, neg in parts:
                    loss += self._numpy_step(inputs, ptr, targets, lo, hi, g, neg, lrs[(lo - first) // B])
            with self.lock:
                self.pairs_done += last - first
            if main and self.callback is not None and time.perf_counter() - self.last_report > 0.2:
                self.last_report = time.perf_counter()
                self.report("batch", epoch, fractions[-1], lrs[-1])
        return loss, n, kept

    def epoch(self, epoch: int) -> None:
        """One pass over the corpus, chunk by chunk; with ``workers`` > 1 each chunk is cut into
        that many shards at sentence starts, trained by as many threads at once (lock-free)."""
        cfg, W = self.cfg, self.cfg.workers
        loss_sum, loss_pairs, kept_tokens = 0.0, 0, 0
        for a, b in zip(self.cuts[:-1], self.cuts[1:]):
            if W == 1:
                results = [self._shard(epoch, a, b, self.ids[a:b], self.sids[a:b], self.rng, True)]
            else:
                bounds = shard_bounds(self.sids[a:b], W)
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


@checked(renamed=RENAMED_PARAMETERS, where=_settings_agree, **_CONTRACTS)
def train_word2vec(sentences: Iterable[Sequence[str]], sg: int = 0, hs: int = 0, negative: int = 5,
                   cbow_mean: int = 1, vector_size: int = 100, window: int = 5, alpha: float = 0.025,
                   min_alpha: float = 1e-4, epochs: int = 5, min_count: int = 5, sample: float = 1e-3,
                   seed: int = 0, workers: int = 1, progress: bool | Callable[[Progress], None] = True,
                   batch_size: int | None = None, chunk_tokens: int = 1_000_000, group: int = 16,
                   ns_exponent: float = NOISE_EXPONENT, noise: str = "unigram", sample_formula: str = "c_tool",
                   negative_policy: str = "skip_positive", cbow_update: str = "gradient", kernel: str = "auto",
                   **renamed) -> Word2VecModel:
    """Train a word2vec model on ``sentences``: skip-gram or CBOW, negative sampling and/or
    hierarchical softmax, with gensim's switches and names (the module docstring lists every step).

    The defaults are gensim 4's (CBOW averaged, negative sampling with K = 5, d = 100, 5
    epochs, η from 0.025 to 1e-4), except ``seed=0`` and ``workers=1``: reproducible.

    Parameters
    ----------
    sentences : iterable of lists of str
        The corpus, one token list per sentence.
    sg : {0, 1}
        1: skip-gram (v_c predicts each outside word); 0: CBOW (the context predicts the centre).
    hs : {0, 1}
        1: hierarchical softmax over the Huffman tree of the word counts (notebook 12).
    negative : int
        K, negatives per example, drawn from P_n(w) ∝ count(w)^``ns_exponent``; smaller than
        V. 0 turns negative sampling off (then ``hs`` must be 1); with ``hs=1`` and K > 0 both
        losses are trained, summed, as gensim does.
    cbow_mean : {0, 1}
        CBOW's input h: 1 the mean of the context vectors, 0 their sum (ignored when ``sg=1``).
    vector_size : int
        d, the dimension of every vector.
    window : int
        m, the largest window (each token draws its own 1..m), at most 127.
    alpha, min_alpha : float
        The learning rate decays linearly from ``alpha`` (in (0, 10]) to ``min_alpha`` (in
        [0, alpha], gensim's meaning: an absolute rate) by corpus position over all epochs.
    epochs : int
        Passes over the corpus.
    min_count : int
        The smallest count a word needs to get a vector (rarer words are removed first).
    sample : float
        t, the subsampling threshold in [0, 1] (word2vec's formula); 0 keeps every token.
    seed : int
        Seed (>= 0) of the ``numpy.random.Generator``: same arguments and seed, same result
        (with ``workers=1``).
    workers : int
        Threads. More than 1: each chunk of the corpus is cut into shards at sentence starts,
        each trained by its own thread with its own random stream, all updating the shared
        vectors without locks (as gensim and the C tool do): same expected updates, not the
        same numbers from run to run. Faster only with the compiled kernel.
    progress : bool or callable
        True: a panel in Jupyter, a line per epoch on stderr elsewhere (w2vlib.progress);
        False: nothing; a callable: called with a :class:`~w2vlib.progress.Progress`.
    batch_size : int or None
        Examples per SGD update (gradients taken at the parameters before the batch). None:
        1024, or 256 with ``hs=1``: every example of a batch updates the inner nodes near the
        root from the same parameters, and on a small vocabulary the summed update of 1024
        examples diverges at η = 0.05 (the tiny corpus) where 256 trains.
    chunk_tokens : int
        Tokens per shuffled chunk of examples (bounds memory on large corpora).
    group : int
        Examples that share their K negatives (1: independent draws per example).
    ns_exponent : float
        α of the noise counts^α (gensim's name): 0.75 (word2vec), 1 unigram, 0 uniform.
    noise : {"unigram", "log_uniform"}
        counts^α, or the TensorFlow tutorial's Zipf sampler by frequency rank (see
        :func:`w2vlib.sampling.noise_distribution`).
    sample_formula : {"c_tool", "paper"}
        Keep a token with probability min(1, (√(f/t) + 1)·t/f) (the C tool, gensim) or
        min(1, √(t/f)) (the paper's and the course's).
    negative_policy : {"skip_positive", "keep_all", "unique"}
        A negative equal to the example's target is ignored, repeats count (the C tool,
        gensim); nothing is ignored; or the K negatives of a group are distinct, repeats
        redrawn (TensorFlow's ``unique=True``), a negative equal to the target still ignored.
        The variants are notebook 09's.
    cbow_update : {"gradient", "gensim"}
        CBOW's update of the n context rows from the error on h: "gradient", each row moves by
        −η ∂J/∂v_w = −η (∂h/∂v_w) ∂J/∂h, 1/n of −η ∂J/∂h when averaging, all of it when summing
        (notebook 11's derivation, ``w2vlib.cbow``); "gensim", all of it when averaging, 1/n when
        summing, as gensim 4 (and, averaging, the C tool) update: h moves by −η ∂J/∂h whatever n.
    kernel : {"auto", "numpy", "numba"}
        "numpy": the readable batched steps of ``w2vlib.steps``; "numba": the compiled kernel
        ``w2vlib._fast.train_span`` (optional, ``pip install 'w2vlib[fast]'``): the same
        updates from the same draws, several times faster; "auto": numba when installed.
    **renamed
        Refused: the old names (``dim``, ``negatives``, ``lr``, ``subsample``, ...) raise a
        ``TypeError`` naming gensim's name.

    Returns
    -------
    Word2VecModel
        ``.wv`` the input vectors (WordVectors), ``.syn1neg`` the outside vectors, ``.syn1``
        and ``.tree`` the inner-node vectors and their tree, the hyper-parameters as
        attributes, ``.epoch_losses`` the mean loss per example of each epoch.
    """
    return _train("train_word2vec", sentences, progress, renamed, dict(
        sg=sg, hs=hs, negative=negative, cbow_mean=cbow_mean, vector_size=vector_size, window=window, alpha=alpha,
        min_alpha=min_alpha, epochs=epochs, min_count=min_count, sample=sample, seed=seed, workers=workers,
        batch_size=batch_size, chunk_tokens=chunk_tokens, group=group, ns_exponent=ns_exponent, noise=noise,
        sample_formula=sample_formula, negative_policy=negative_policy, cbow_update=cbow_update, kernel=kernel))


def _train(caller: str, sentences, progress, renamed: dict, given: dict) -> Word2VecModel:
    cfg = _Settings.checked(caller, renamed, **given)
    check_progress(progress)
    # sentences and min_count were checked at the API boundary (train_word2vec's contracts): call the
    # corpus functions unchecked (__wrapped__), not check 900,000 tokens two more times
    words, counts = build_vocabulary.__wrapped__(sentences, cfg.min_count)
    V = len(words)
    if cfg.negative >= V:
        raise ValueError(f"negative={cfg.negative} must be smaller than the vocabulary size V={V} "
                         f"(min_count={cfg.min_count}); lower negative or min_count")
    if cfg.hs and V < 2:
        raise ValueError(f"hs=1 needs at least 2 words for a tree, the vocabulary has V={V} "
                         f"(min_count={cfg.min_count})")
    ids, sids = token_ids.__wrapped__(sentences, {w: i for i, w in enumerate(words)})
    if len(ids) == 0:
        raise ValueError("no sentence has two or more in-vocabulary tokens: nothing to train on")

    run = _Run(cfg, counts, ids, sids, progress)
    try:
        for epoch in range(1, cfg.epochs + 1):
            run.epoch(epoch)
    finally:
        if run.pool is not None:
            run.pool.shutdown()
    seconds = time.perf_counter() - run.t0
    run.report("done", cfg.epochs, 1.0, cfg.min_alpha)
    settings = asdict(cfg)
    syn1neg, syn1 = (run.syn1neg if cfg.negative else None), (run.syn1 if cfg.hs else None)
    info = dict(settings, epoch_losses=np.array(run.epoch_losses, dtype=np.float64),
                pairs_per_epoch=np.array(run.pairs_per_epoch, dtype=np.int64),
                kept_tokens_per_epoch=np.array(run.kept_per_epoch, dtype=np.int64),
                tokens=int(len(ids)), seconds=seconds)
    if syn1neg is not None:
        info["outside_vectors"] = syn1neg
    if syn1 is not None:
        info["inner_node_vectors"] = syn1
    return Word2VecModel(WordVectors(words, run.syn0, counts=counts, info=info), syn1neg, syn1, run.tree, settings)


@checked(renamed=RENAMED_PARAMETERS, where=_sgns_settings_agree, **_SGNS_CONTRACTS)
def train_sgns(sentences: Iterable[Sequence[str]], vector_size: int = 50, window: int = 5,
               negative: int = 5, epochs: int = 5, alpha: float = 0.025, batch_size: int = 1024,
               min_count: int = 5, sample: float = 1e-3, seed: int = 0,
               progress: bool | Callable[[Progress], None] = True,
               chunk_tokens: int = 1_000_000, group: int = 16, ns_exponent: float = NOISE_EXPONENT,
               noise: str = "unigram", sample_formula: str = "c_tool",
               negative_policy: str = "skip_positive", workers: int = 1, kernel: str = "auto",
               min_alpha: float = 1e-4, **renamed) -> WordVectors:
    """Train skip-gram with negative sampling: ``train_word2vec(sentences, sg=1, hs=0, ...).wv``.

    Every (centre c, outside o) pair of a window contributes the loss of handout part (g),
    J = −log σ(u_oᵀ v_c) − Σ_{k=1..K} log σ(−u_{w_k}ᵀ v_c), trained by batched SGD. The
    parameters are :func:`train_word2vec`'s (``negative`` ≥ 1 here); the defaults too, except
    ``vector_size=50``. ``min_alpha`` is gensim's absolute final learning rate, default 1e-4
    (before it existed the rate ended at ``alpha * 1e-4``; pass ``min_alpha=alpha * 1e-4``
    for the old schedule and its numbers).

    Returns
    -------
    WordVectors
        The centre vectors v_c, float32 (V, d), words most frequent first; ``.counts`` the
        corpus counts (V,); ``.info`` the hyper-parameters, ``epoch_losses`` (epochs,) float64
        mean loss per pair of each epoch, ``pairs_per_epoch``, ``kept_tokens_per_epoch``,
        ``tokens``, ``seconds`` and ``outside_vectors`` (V, d), the u_w as rows.
    """
    return _train("train_sgns", sentences, progress, renamed, dict(
        sg=1, hs=0, negative=negative, cbow_mean=1, vector_size=vector_size, window=window, alpha=alpha,
        min_alpha=min_alpha, epochs=epochs, min_count=min_count, sample=sample, seed=seed, workers=workers,
        batch_size=batch_size, chunk_tokens=chunk_tokens, group=group, ns_exponent=ns_exponent, noise=noise,
        sample_formula=sample_formula, negative_policy=negative_policy, cbow_update="gradient", kernel=kernel)).wv
