"""Measuring what word vectors learned: neighbours, analogy ranks, cluster cosines, benchmarks.

Every function takes a :class:`~w2vlib.vectors.WordVectors` and compares words by cosine
similarity. ``center=True`` first subtracts the mean vector of the whole vocabulary: when all
vectors share a large common component (as the course's run does, see notebook 08), raw
cosines are all close to 1 and say little; centred cosines compare what differs.

WordSim-353 and the Google analogies are read from an installed gensim's test data
(``gensim.test.utils.datapath``) when gensim is present; they are never bundled here.
"""
from __future__ import annotations

import itertools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import _validate
from ._validate import (MAX_RANDOM_PAIRS, Bool, Each, Instance, Integer, OrNone, Path as PathArg, Seed, Text, Word,
                        Words, checked)
from .sampling import noise_distribution
from .vectors import WordVectors

__all__ = ["CLAIMED_CLUSTERS", "nearest_neighbours", "AnalogyResult", "analogy_rank", "ClusterCosines",
           "cluster_cosines", "GroupPercentiles", "cluster_percentiles", "gensim_test_file", "BenchmarkScore",
           "wordsim_spearman", "analogy_accuracy", "reference_vectors", "neighbours_table", "CommonComponent",
           "common_component"]

#: The clusters claimed for the course's 2-D plot (coding part (c)); notebook 08 measures them.
CLAIMED_CLUSTERS = (
    ("amazing", "wonderful", "great"),
    ("tea", "coffee"),
    ("rain", "snow"),
    ("female", "woman"),
    ("enjoyable", "annoying"),
)


def _maybe_centered(wv: WordVectors, center: bool) -> WordVectors:
    return wv.centered() if center else wv


@checked(wv=Instance(WordVectors), word=Text(), topn=Integer(min=1), center=Bool(), renamed={"n": "topn"})
def nearest_neighbours(wv: WordVectors, word: str, topn: int = 10, center: bool = False) -> list[tuple[str, float]]:
    """The ``topn`` nearest words to ``word`` by cosine similarity.

    Parameters
    ----------
    wv : WordVectors
        The vectors, (V, d).
    word : str
        The query word.
    topn : int
        How many neighbours (gensim's name).
    center : bool
        Subtract the mean vector of the whole vocabulary first.

    Returns
    -------
    list of (str, float)
        (word, cosine), most similar first, the query word left out.
    """
    wv.index(word)                                  # an unknown word is named as ``word``
    return _maybe_centered(wv, center).most_similar(word, topn=topn)


@dataclass
class AnalogyResult:
    """Rank of ``target`` for b − a + c (a : b :: c : target), among all words but a, b, c."""
    rank: int                 # 1 = the nearest word
    candidates: int           # words ranked (V − 3)
    cosine: float             # cosine of target with b − a + c
    top: list                 # the 5 best (word, cosine)

    def __str__(self):
        best = ", ".join(f"{w} {c:.3f}" for w, c in self.top)
        return f"rank {self.rank} of {self.candidates} (cosine {self.cosine:.3f}); top: {best}"


@checked(wv=Instance(WordVectors), a=Word("wv", row=False), b=Word("wv", row=False), c=Word("wv", row=False),
         target=Word("wv", row=False), center=Bool())
def analogy_rank(wv: WordVectors, a: str, b: str, c: str, target: str, center: bool = False) -> AnalogyResult:
    """Where ``target`` ranks for b − a + c (3CosAdd on unit vectors, as gensim's most_similar).

    ``king − male + female ≈ queen`` is ``analogy_rank(wv, "male", "king", "female", "queen")``.

    Parameters
    ----------
    wv : WordVectors
        The vectors, (V, d).
    a, b, c : str
        The analogy's words: a is to b as c is to ``target``.
    target : str
        The expected answer.
    center : bool
        Subtract the mean vector of the whole vocabulary first.

    Returns
    -------
    AnalogyResult
        ``rank`` of ``target`` (1 = nearest) among the words other than a, b, c,
        ``candidates`` their number, ``cosine`` of ``target``, ``top`` the five best.
    """
    wv = _maybe_centered(wv, center)
    rows = [wv.index(w) for w in (a, b, c, target)]
    u = wv.unit_vectors()
    query = u[rows[1]] - u[rows[0]] + u[rows[2]]
    norm = np.linalg.norm(query)
    sims = u @ (query / norm if norm > 0 else query)
    sims[rows[:3]] = -np.inf
    order = np.argsort(-sims, kind="stable")
    rank = int(np.flatnonzero(order == rows[3])[0]) + 1
    top = [(wv.words[i], float(sims[i])) for i in order[:5]]
    return AnalogyResult(rank, len(wv.words) - len({*rows[:3]}), float(sims[rows[3]]), top)


@dataclass
class ClusterCosines:
    """Mean pairwise cosine of each claimed cluster, and the cosines of random word pairs."""
    clusters: list            # [(words tuple, mean cosine, percentile among random pairs)]
    random_mean: float
    random_std: float
    random_pairs: int

    def __str__(self):
        lines = [f"random pairs: mean {self.random_mean:+.3f}, sd {self.random_std:.3f} ({self.random_pairs} pairs)"]
        for words, cos, pct in self.clusters:
            lines.append(f"{'/'.join(words):28s} {cos:+.3f}  (above {pct:5.1f}% of random pairs)")
        return "\n".join(lines)


@checked(wv=Instance(WordVectors), clusters=Each(Words()), pool=OrNone(Words()),
         n_random=Integer(min=1, max=MAX_RANDOM_PAIRS), seed=Seed(), center=Bool())
def cluster_cosines(wv: WordVectors, clusters: Sequence[Sequence[str]] = CLAIMED_CLUSTERS,
                    pool: Sequence[str] | None = None, n_random: int = 2000, seed: int = 0,
                    center: bool = False) -> ClusterCosines:
    """Mean pairwise cosine of each cluster, against ``n_random`` random distinct pairs.

    Parameters
    ----------
    wv : WordVectors
        The vectors, (V, d).
    clusters : sequence of sequences of str
        The word groups (default: the groups read into the course's plot).
    pool : sequence of str or None
        Where random pairs are drawn from (default: the whole vocabulary).
    n_random : int
        How many random pairs.
    seed : int
        Seed of the random pairs.
    center : bool
        Subtract the mean vector of the whole vocabulary first.

    Returns
    -------
    ClusterCosines
        Per cluster (words, mean cosine, percentile among the random pairs), and the random
        pairs' mean and standard deviation.
    """
    wv = _maybe_centered(wv, center)
    u = wv.unit_vectors()
    pool_rows = np.arange(len(wv)) if pool is None else np.array([wv.index(w) for w in pool])
    if len(pool_rows) < 2:
        raise ValueError("pool must hold at least 2 words")
    rng = np.random.default_rng(seed)
    i = rng.integers(0, len(pool_rows), n_random)
    j = (i + rng.integers(1, len(pool_rows), n_random)) % len(pool_rows)  # j != i
    rand = np.einsum("nd,nd->n", u[pool_rows[i]], u[pool_rows[j]])
    out = []
    for words in clusters:
        rows = [wv.index(w) for w in words]
        if len(rows) < 2:
            raise ValueError(f"a cluster needs at least 2 words, got {tuple(words)}")
        cos = float(np.mean([u[p] @ u[q] for p, q in itertools.combinations(rows, 2)]))
        out.append((tuple(words), cos, float(100.0 * np.mean(rand < cos))))
    return ClusterCosines(out, float(rand.mean()), float(rand.std()), n_random)


@dataclass
class GroupPercentiles:
    """Each cluster's mean pairwise cosine against random groups of the same size."""
    clusters: list            # [(words tuple, mean cosine, percentile among random groups of that size)]
    random: dict              # group size -> (mean, sd) of the random groups' mean cosines
    n_random: int             # random groups drawn per size
    pool: int                 # words the random groups are drawn from (all words of wv)

    def __str__(self):
        lines = [f"random groups from {self.pool:,} words, {self.n_random} per size: "
                 + "; ".join(f"size {k}: mean {m:+.3f}, sd {s:.3f}" for k, (m, s) in sorted(self.random.items()))]
        for words, cos, pct in self.clusters:
            lines.append(f"{'/'.join(words):28s} {cos:+.3f}  (above {pct:5.1f}% of random groups of {len(words)})")
        return "\n".join(lines)


@checked(wv=Instance(WordVectors), clusters=Each(Words()), n_random=Integer(min=1, max=MAX_RANDOM_PAIRS), seed=Seed())
def cluster_percentiles(wv: WordVectors, clusters: Sequence[Sequence[str]] = CLAIMED_CLUSTERS,
                        n_random: int = 2000, seed: int = 0) -> GroupPercentiles:
    """Where each cluster's mean pairwise cosine falls among random groups of the same size.

    For a cluster of k words, ``n_random`` groups of k distinct words are drawn (seeded) from
    *all* words of ``wv``; the percentile is the share of those groups whose mean pairwise
    cosine is below the cluster's. Like is compared with like: a 3-word cluster against
    3-word groups, from the same pool. To draw from the words seen at least 5 times and
    centre on *their* mean, pass ``wv.restrict(5).centered()``.
    """
    u = wv.unit_vectors()
    rng = np.random.default_rng(seed)
    random, out = {}, []
    for words in clusters:
        rows = [wv.index(w) for w in words]
        k = len(rows)
        if k < 2 or len(set(rows)) < k:
            raise ValueError(f"a cluster needs at least 2 distinct words, got {tuple(words)}")
        if k > len(wv):
            raise ValueError(f"cluster {tuple(words)} is larger than the pool of {len(wv)} words")
        if k not in random:
            groups = np.array([rng.choice(len(wv), k, replace=False) for _ in range(n_random)])
            means = np.mean([np.einsum("nd,nd->n", u[groups[:, p]], u[groups[:, q]])
                             for p, q in itertools.combinations(range(k), 2)], axis=0)
            random[k] = means
        cos = float(np.mean([u[p] @ u[q] for p, q in itertools.combinations(rows, 2)]))
        out.append((tuple(words), cos, float(100.0 * np.mean(random[k] < cos))))
    stats = {k: (float(m.mean()), float(m.std())) for k, m in random.items()}
    return GroupPercentiles(out, stats, n_random, len(wv))


# ----- benchmarks read from an installed gensim ------------------------------------------------
@checked(name=Text())
def gensim_test_file(name: str) -> Path | None:
    """The path of ``name`` in an installed gensim's test data, or None if gensim (or the file) is absent."""
    try:
        from gensim.test.utils import datapath
    except ImportError:
        return None
    path = Path(datapath(name))
    return path if path.exists() else None


def _spearman(x, y) -> float:
    def ranks(v):
        v = np.asarray(v, dtype=np.float64)
        order = np.argsort(v, kind="stable")
        r = np.empty(len(v))
        r[order] = np.arange(1, len(v) + 1)
        for val in np.unique(v):                     # average ranks over ties
            tie = v == val
            if tie.sum() > 1:
                r[tie] = r[tie].mean()
        return r
    rx, ry = ranks(x), ranks(y)
    if np.ptp(rx) == 0 or np.ptp(ry) == 0:
        return float("nan")                          # undefined: one side is constant
    return float(np.corrcoef(rx, ry)[0, 1])


@dataclass
class BenchmarkScore:
    """A score and how much of the benchmark the vocabulary covered."""
    score: float              # Spearman rho (WordSim) or accuracy (analogies); nan if nothing covered
                              # (or, for rho, if all covered cosines or all human scores are equal)
    covered: int
    total: int

    def __str__(self):
        return f"{self.score:.3f} on {self.covered}/{self.total} ({100 * self.covered / max(self.total, 1):.1f}% covered)"


@checked(wv=Instance(WordVectors), path=OrNone(PathArg()), lowercase=Bool())
def wordsim_spearman(wv: WordVectors, path: str | os.PathLike | None = None,
                     lowercase: bool = True) -> BenchmarkScore | None:
    """Spearman ρ between cosines and WordSim-353's human scores, on the covered pairs.

    Parameters
    ----------
    wv : WordVectors
        The vectors, (V, d).
    path : path or None
        A tab-separated file (word, word, score; ``#`` lines skipped); default gensim's
        ``wordsim353.tsv``.
    lowercase : bool
        Lowercase the file's words (SST's vocabulary is lowercase).

    Returns
    -------
    BenchmarkScore or None
        ρ, the pairs covered and the total; None when neither ``path`` nor gensim is there.
    """
    path = path if path is not None else gensim_test_file("wordsim353.tsv")
    if path is None:
        return None
    u, pairs, total = wv.unit_vectors(), [], 0
    for lineno, line in enumerate(_validate.read_text_lines(path, "WordSim file"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        try:
            w1, w2, score = fields[0], fields[1], float(fields[2])
            if not np.isfinite(score):
                raise ValueError
        except (IndexError, ValueError):
            raise ValueError(f"{path}:{lineno}: expected 'word1<TAB>word2<TAB>score', got {line[:60]!r}") from None
        total += 1
        if lowercase:
            w1, w2 = w1.lower(), w2.lower()
        if w1 in wv and w2 in wv:
            pairs.append((float(u[wv.index(w1)] @ u[wv.index(w2)]), score))
    if len(pairs) < 2:
        return BenchmarkScore(float("nan"), len(pairs), total)
    return BenchmarkScore(_spearman(*zip(*pairs)), len(pairs), total)


@checked(wv=Instance(WordVectors), path=OrNone(PathArg()), lowercase=Bool())
def analogy_accuracy(wv: WordVectors, path: str | os.PathLike | None = None,
                     lowercase: bool = True) -> BenchmarkScore | None:
    """Accuracy on the Google analogies (a b c d: is d the nearest to b − a + c?), covered ones only.

    Parameters
    ----------
    wv : WordVectors
        The vectors, (V, d).
    path : path or None
        A ``questions-words.txt``-style file (``:`` section lines skipped); default gensim's.
    lowercase : bool
        Lowercase the file's words.

    Returns
    -------
    BenchmarkScore or None
        The accuracy, the questions covered and the total; None when neither ``path`` nor
        gensim is there.
    """
    path = path if path is not None else gensim_test_file("questions-words.txt")
    if path is None:
        return None
    quads, total = [], 0
    for lineno, line in enumerate(_validate.read_text_lines(path, "analogy file"), start=1):
        if not line.strip() or line.startswith(":"):
            continue
        ws = line.lower().split() if lowercase else line.split()
        if len(ws) != 4:
            raise ValueError(f"{path}:{lineno}: expected four words 'a b c d', got {line[:60]!r}")
        total += 1
        if all(w in wv for w in ws):
            quads.append([wv.index(w) for w in ws])
    if not quads:
        return BenchmarkScore(float("nan"), 0, total)
    q = np.array(quads)
    u = wv.unit_vectors()
    correct = 0
    for s in range(0, len(q), 2048):
        blk = q[s:s + 2048]
        query = u[blk[:, 1]] - u[blk[:, 0]] + u[blk[:, 2]]
        sims = query @ u.T
        np.put_along_axis(sims, blk[:, :3], -np.inf, axis=1)
        correct += int(np.sum(sims.argmax(axis=1) == blk[:, 3]))
    return BenchmarkScore(correct / len(q), len(q), total)


# ----- the course's reference run ----------------------------------------------------------------
@checked(ref_dir=OrNone(PathArg()), sst_dir=OrNone(PathArg()), iteration=Integer(min=0))
def reference_vectors(ref_dir: str | os.PathLike | None = None, sst_dir: str | os.PathLike | None = None,
                      iteration: int = 40000) -> WordVectors | None:
    """The centre vectors of the course's reference run (``saved_params_<iteration>.npy``).

    Parameters
    ----------
    ref_dir : path or None
        The run's folder; None: :func:`w2vlib.data.find_reference_dir`
        (``$W2VLIB_REFERENCE_DIR``, then the copy beside the repository).
    sst_dir : path or None
        SST's folder, for the vocabulary; None: :func:`w2vlib.data.find_sst_dir`.
    iteration : int
        Which checkpoint.

    Returns
    -------
    WordVectors or None
        Rows 0..V−1 (the v_c) of the (2V, 10) checkpoint, words in the course's order
        (``StanfordSentiment.tokens()``), counts from SST; None when the checkpoint or SST is
        absent (a fresh machine has neither).
    """
    from .data import find_reference_dir, find_sst_dir
    from .treebank import StanfordSentiment
    folder = find_reference_dir(ref_dir)
    sst = find_sst_dir(sst_dir)
    if folder is None or sst is None or not (folder / f"saved_params_{iteration}.npy").is_file():
        return None
    path = folder / f"saved_params_{iteration}.npy"
    params = _validate.load_npy(path)
    dataset = StanfordSentiment(sst)
    words = dataset.rev_tokens()
    V = len(words)
    if params.shape != (2 * V, params.shape[1]):
        raise ValueError(f"{path}: expected (2V, d) = ({2 * V}, d) parameters for V = {V}, got {params.shape}")
    return WordVectors(words, params[:V], counts=dataset.token_counts(), info={"source": str(path)})


@checked(wv=Instance(WordVectors), words=Words(), topn=Integer(min=1), center=Bool(), min_count=Integer(min=0),
         renamed={"n": "topn"})
def neighbours_table(wv: WordVectors, words: Sequence[str], topn: int = 5, center: bool = False,
                     min_count: int = 1) -> str:
    """One line per word: its ``topn`` nearest neighbours by cosine (``(not in the vocabulary)`` for an unknown word).

    Parameters
    ----------
    wv : WordVectors
        The vectors, (V, d).
    words : sequence of str
        The query words.
    topn : int
        Neighbours per word (gensim's name).
    center : bool
        Subtract the mean vector of the whole vocabulary first.
    min_count : int
        Neighbours are taken among the words with ``counts >= min_count`` (all words if the
        vectors carry no counts).

    Returns
    -------
    str
        The table, one line per query word.
    """
    wv = _maybe_centered(wv, center)
    u = wv.unit_vectors()
    allowed = np.ones(len(wv), bool) if wv.counts is None else wv.counts >= min_count
    lines = []
    for w in words:
        if w not in wv:
            lines.append(f"{w:>10s}: (not in the vocabulary)")
            continue
        sims = np.where(allowed, u @ u[wv.index(w)], -np.inf)
        sims[wv.index(w)] = -np.inf
        near = ", ".join(f"{wv.words[i]} {sims[i]:+.2f}" for i in np.argsort(-sims, kind="stable")[:topn])
        lines.append(f"{w:>10s}: {near}")
    return "\n".join(lines)


@dataclass
class CommonComponent:
    """How much of a set of vectors is one shared offset (why raw cosines can all be ≈ 1)."""
    words: int
    mean_norm: float          # ‖m‖, m = mean of the vectors
    spread: float             # mean ‖v − m‖
    mean_cosine: float        # mean pairwise cosine of the raw vectors
    min_cosine: float
    cos_with_noise_mean: float | None   # cos(m, −ū), ū = Σ_w P_noise(w) u_w (None without outside vectors)

    def __str__(self):
        s = (f"{self.words} words: |mean vector| {self.mean_norm:.3f}, mean distance to it {self.spread:.3f} "
             f"(ratio {self.mean_norm / self.spread:.1f}); raw pairwise cosines: mean {self.mean_cosine:+.3f}, "
             f"min {self.min_cosine:+.3f}")
        if self.cos_with_noise_mean is not None:
            s += f"; cos(mean v, -noise-weighted mean u) {self.cos_with_noise_mean:+.4f}"
        return s


def common_component(wv: WordVectors, words: Sequence[str],
                     outside_vectors: np.ndarray | None = None) -> CommonComponent:
    """Measure the offset that the vectors of ``words`` share.

    Parameters
    ----------
    wv : WordVectors
        The centre vectors v_c, (V, d).
    words : sequence of str
        The words whose rows are measured (n of them).
    outside_vectors : array_like, shape (V, d), or None
        The outside vectors u_w: with ``wv.counts``, also measure how the mean v̄ aligns with
        −Σ_w P_n(w) u_w, minus the noise-weighted mean outside vector (P_n ∝ count^0.75).

    Returns
    -------
    CommonComponent
        n, ‖v̄‖, the mean distance to v̄, the mean and minimum pairwise cosine, and the
        alignment cosine (None without ``outside_vectors`` or counts).
    """
    rows, outside_vectors = _validate.common_component_args(wv, words, outside_vectors)
    x = wv.vectors[rows].astype(np.float64)
    m = x.mean(axis=0)
    u = x / np.linalg.norm(x, axis=1, keepdims=True)
    cos = (u @ u.T)[np.triu_indices(len(x), 1)]
    align = None
    if outside_vectors is not None and wv.counts is not None:
        u_bar = noise_distribution(wv.counts) @ outside_vectors
        norms = float(np.linalg.norm(m) * np.linalg.norm(u_bar))
        align = float(-m @ u_bar / norms) if norms > 0 else None   # undefined for a zero vector
    return CommonComponent(len(x), float(np.linalg.norm(m)), float(np.linalg.norm(x - m, axis=1).mean()),
                           float(cos.mean()), float(cos.min()), align)
