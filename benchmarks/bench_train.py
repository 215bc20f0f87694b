"""The fast trainer against gensim, all four models side by side: speed and held-out quality on
SST × 4; for skip-gram with negative sampling also scale, limit and profile.

    .venv/bin/python benchmarks/bench_train.py              # speed and quality (about 30 min on 2 cores)
    .venv/bin/python benchmarks/bench_train.py --quick      # one round, 2 seeds, 2 epochs: a quick look
    .venv/bin/python benchmarks/bench_train.py --only speed quality scale limit profile

Models (gensim's switches; ours is ``w2vlib.train_word2vec``): skip-gram (``sg=1``) or CBOW
(``sg=0``, averaged, ``cbow_mean=1``), each with negative sampling (``negative=5, hs=0``) or
hierarchical softmax (``hs=1, negative=0``). Both trainers get the same sentences (the course's
SST reader, × 4) and the same settings: window 5 (reduced windows 1..5), min_count 5,
subsampling t = 1e-3 with the same formula, K = 5 negatives from unigram^0.75, η linear from
0.025 to min_alpha = 1e-4; times are end to end from the sentence list (vocabulary and, for
hierarchical softmax, the Huffman tree included).

speed: for each model at each d (default 100), one epoch, rounds run gensim ``workers=1``,
ours with one thread, gensim's default ``workers=3`` and ours with ``workers=2`` one after the
other, so that load from other processes hits all four alike; each keeps its best wall (and
CPU) time over the rounds. Ratio = gensim's time / ours (> 1: ours is faster). Ours uses the
kernel train_word2vec picks (numba when installed, compiled before the clock starts).

quality: a 90/10 split of SST's sentences (fixed); both trainers train each model on the 90%
× 4 (d = 100, 5 epochs, one thread each) for 10 seeds (--seeds). Each model is scored by its own
objective on the held-out 10%: the same examples for every model (subsampled reduced windows
drawn once: skip-gram pairs, CBOW windows) and the same K = 5 negatives per example (drawn
once from the training noise distribution; one equal to the target is skipped, as in
training); for hierarchical softmax −log P(target | input) under the model's own Huffman tree
(gensim builds its own). Lower is better; the table gives mean ± sd over seeds, the range, and
ours − gensim with Welch's 95% interval.
Neighbours: the top 10 by cosine (input vectors) of the 1,000 most frequent words; overlap =
shared neighbours / 10, averaged over words and over pairs of models, within a trainer (seed
against seed) and across trainers. For CBOW, ours also trains with ``cbow_update="gensim"``
(gensim's way of sharing the error among the context rows) besides the default exact gradient.

scale, limit, profile (skip-gram with negative sampling, ours only): time and memory on SST × 1,
× 10, × 40 in fresh processes; the kernel's FLOPs and bytes per pair against measured copy and
matmul rates; one SST epoch by phase and the kernel's three passes one by one.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from w2vlib.corpus import AliasSampler, token_ids, skipgram_pairs, build_vocabulary  # noqa: E402
from w2vlib.compare import (held_out_examples, held_out_objective, model_objective, neighbour_overlap,  # noqa: E402
                            neighbour_table)
from w2vlib.vectors import WordVectors  # noqa: E402
from w2vlib.sampling import keep_probability, noise_distribution  # noqa: E402
from w2vlib.train import HAVE_NUMBA, train_sgns, train_word2vec  # noqa: E402

#: Shared by both trainers and every model.
SETTINGS = dict(window=5, min_count=5, sample=1e-3, alpha=0.025, min_alpha=1e-4)
#: The four models: gensim's switches.
MODES = {"skip-gram, negative sampling": dict(sg=1, hs=0, negative=5),
         "skip-gram, hierarchical softmax": dict(sg=1, hs=1, negative=0),
         "CBOW, negative sampling": dict(sg=0, hs=0, negative=5, cbow_mean=1),
         "CBOW, hierarchical softmax": dict(sg=0, hs=1, negative=0, cbow_mean=1)}
SHORT = {"skip-gram, negative sampling": "sg/ns", "skip-gram, hierarchical softmax": "sg/hs",
         "CBOW, negative sampling": "cbow/ns", "CBOW, hierarchical softmax": "cbow/hs"}
GROUP, BATCH, K = 16, 1024, 5               # train_word2vec's defaults, used by the limit estimate
TIMES = 4                                   # the corpus: SST × TIMES


def load_sst(path=None):
    from w2vlib.data import find_sst_dir
    from w2vlib.treebank import StanfordSentiment
    found = find_sst_dir(path)
    if found is None:
        return None, None
    return StanfordSentiment(found).sentences(), found


def run_ours(sentences, mode, dim, epochs, seed, workers=1, kernel="auto", **extra):
    t, c = time.perf_counter(), time.process_time()
    model = train_word2vec(sentences, vector_size=dim, epochs=epochs, seed=seed, progress=False, workers=workers,
                           kernel=kernel, **MODES[mode], **SETTINGS, **extra)
    return model, time.perf_counter() - t, time.process_time() - c


def run_gensim(sentences, mode, dim, epochs, seed, workers=1):
    from gensim.models import Word2Vec
    t, c = time.perf_counter(), time.process_time()
    model = Word2Vec(vector_size=dim, workers=workers, seed=seed, **MODES[mode], **SETTINGS)
    model.build_vocab(sentences)
    model.train(sentences, total_examples=model.corpus_count, epochs=epochs)
    return model, time.perf_counter() - t, time.process_time() - c


def have_gensim():
    try:
        import gensim  # noqa: F401
        return True
    except ImportError:
        return False


# ----- speed ---------------------------------------------------------------------------------
def speed(sentences, modes, dims, rounds, kernel):
    """The issue's table: best wall (and CPU) seconds of each trainer over interleaved rounds."""
    runners = [("gensim w1", lambda m, d: run_gensim(sentences, m, d, 1, 1, workers=1)),
               ("ours w1", lambda m, d: run_ours(sentences, m, d, 1, 1, workers=1, kernel=kernel)),
               ("gensim w3", lambda m, d: run_gensim(sentences, m, d, 1, 1, workers=3)),
               ("ours w2", lambda m, d: run_ours(sentences, m, d, 1, 1, workers=2, kernel=kernel))]
    if not have_gensim():
        runners = [r for r in runners if r[0].startswith("ours")]
    best = {}
    for r in range(rounds):
        for mode in modes:
            for d in dims:
                for who, fn in runners:
                    _, wall, cpu = fn(mode, d)
                    w, c = best.get((mode, d, who), (math.inf, math.inf))
                    best[mode, d, who] = (min(w, wall), min(c, cpu))
        print(f"  round {r + 1}/{rounds} done, load average {os.getloadavg()[0]:.1f}", flush=True)
    if not have_gensim():
        for (mode, d, who), (w, c) in best.items():
            print(f"  {mode}, d = {d}, {who}: {w:.2f} s")
        return best
    print(f"\nspeed: SST × {TIMES}, one epoch, best of {rounds} interleaved rounds; "
          "ratio = gensim's time / ours (> 1: ours is faster)")
    print("| model | d | gensim `workers=1` s | ours 1 thread s | ratio (wall) | ratio (CPU s) "
          "| gensim `workers=3` s | ours `workers=2` s | ratio (wall) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for mode in modes:
        for d in dims:
            g1, o1, g3, o2 = (best[mode, d, who] for who in ("gensim w1", "ours w1", "gensim w3", "ours w2"))
            print(f"| {mode} | {d} | {g1[0]:.2f} | {o1[0]:.2f} | **{g1[0] / o1[0]:.2f}×** | {g1[1] / o1[1]:.2f}× "
                  f"| {g3[0]:.2f} | {o2[0]:.2f} | **{g3[0] / o2[0]:.2f}×** |")
    return best


# ----- quality ---------------------------------------------------------------------------------
def split(sentences, held_out=0.1, seed=0):
    """A fixed 90/10 split of the sentences (by a permutation of their indices)."""
    order = np.random.default_rng(seed).permutation(len(sentences))
    cut = int(round(len(sentences) * held_out))
    test = set(order[:cut].tolist())
    return [s for i, s in enumerate(sentences) if i not in test], [sentences[i] for i in sorted(test)]


def _objective(model, ho, gensim: bool) -> float:
    """A model's own held-out objective (w2vlib.compare); a gensim model's arrays are taken in
    the held-out words' order, its own Huffman tree (codes and points) included."""
    if not gensim:
        return model_objective(model, ho)
    rows = np.array([model.wv.key_to_index[w] for w in ho.words])
    tree = None
    if model.hs:
        codes = [model.wv.get_vecattr(w, "code") for w in ho.words]
        points = [model.wv.get_vecattr(w, "point") for w in ho.words]
        paths, signs = np.zeros((len(rows), max(map(len, codes))), np.int64), np.zeros((len(rows), max(map(len, codes))))
        for i, (c, p) in enumerate(zip(codes, points)):
            paths[i, :len(p)], signs[i, :len(c)] = p, 1.0 - 2.0 * np.asarray(c, dtype=float)
        tree = (paths, signs, model.syn1)
    return held_out_objective(ho, model.sg, model.wv.vectors[rows], model.syn1neg[rows] if model.negative else None,
                              tree, model.cbow_mean)


def _input_vectors(model, words, gensim: bool):
    return model.wv.vectors[np.array([model.wv.key_to_index[w] for w in words])] if gensim else model.wv.vectors


def _mean_sd(values):
    m = statistics.mean(values)
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return m, sd


def _welch_interval(ours, theirs):
    """95% interval of mean(ours) − mean(theirs), unpaired samples with unequal variances (Welch)."""
    from scipy.stats import ttest_ind            # scipy comes with gensim, which the quality runs need anyway

    ci = ttest_ind(ours, theirs, equal_var=False).confidence_interval(0.95)
    return float(ci.low), float(ci.high)


def quality(sentences, seeds, epochs, dim, kernel, modes):
    train, test = split(sentences)
    ho = held_out_examples(test, *build_vocabulary(train * TIMES, SETTINGS["min_count"]), window=SETTINGS["window"],
                           sample=SETTINGS["sample"], negative=K, seed=12345)
    print(f"\nquality: {len(train):,} training sentences (× {TIMES}), {len(test):,} held out; {ho}; "
          f"d = {dim}, {epochs} epochs, seeds {', '.join(map(str, seeds))}, one thread each", flush=True)
    words = ho.words
    rows = []
    for mode in modes:
        sg = MODES[mode]["sg"] == 1
        trainers = [("ours", lambda s: run_ours(train * TIMES, mode, dim, epochs, s, 1, kernel)[0], False)]
        if not sg:
            trainers.append(("ours, cbow_update='gensim'", lambda s: run_ours(
                train * TIMES, mode, dim, epochs, s, 1, kernel, cbow_update="gensim")[0], False))
        if have_gensim():
            trainers.append(("gensim", lambda s: run_gensim(train * TIMES, mode, dim, epochs, s, 1)[0], True))
        objectives, tables = {}, {}
        for who, fit, is_gensim in trainers:
            for seed in seeds:
                model = fit(seed)
                objectives.setdefault(who, []).append(_objective(model, ho, is_gensim))
                tables.setdefault(who, []).append(neighbour_table(WordVectors(words, _input_vectors(model, words, is_gensim))))
        within = {who: _mean_sd([neighbour_overlap(t[i], t[j]) for i in range(len(t)) for j in range(i + 1, len(t))])
                  for who, t in tables.items()}
        across = {who: _mean_sd([neighbour_overlap(a, b) for a in t for b in tables["gensim"]])
                  for who, t in tables.items() if who != "gensim" and "gensim" in tables}
        rows.append((mode, objectives, within, across))
        print(f"  {mode}: " + "; ".join(f"{who} {np.mean(v):.4f}" for who, v in objectives.items()), flush=True)
    print(f"\nheld-out objective per example (nats, lower is better; mean ± sd over {len(seeds)} seeds [min, max]) "
          "and top-10 neighbour overlap of the 1,000 most frequent words")
    print("| model | trainer | held-out objective | ours − gensim [95% interval] | neighbours: within trainer "
          "| neighbours: against gensim |")
    print("|---|---|---|---|---|---|")
    for mode, objectives, within, across in rows:
        g = objectives.get("gensim")
        for who, v in objectives.items():
            m, sd = _mean_sd(v)
            verdict = ""
            if g is not None and who != "gensim":
                low, high = _welch_interval(v, g)
                verdict = (f"{m - statistics.mean(g):+.4f} [{low:+.4f}, {high:+.4f}]: "
                           + ("within noise" if low <= 0 <= high else "ours better" if high < 0 else "ours worse"))
            a = f"{across[who][0]:.3f} ± {across[who][1]:.3f}" if who in across else ""
            print(f"| {SHORT[mode]} | {who} | {m:.4f} ± {sd:.4f} [{min(v):.4f}, {max(v):.4f}] | {verdict} "
                  f"| {within[who][0]:.3f} ± {within[who][1]:.3f} | {a} |")
    print("ours − gensim: difference of the means over seeds, with Welch's 95% interval (the trainers' seeds are not "
          "paired: different random streams); 'within noise' when the interval holds 0")
    return rows


# ----- scale (one fresh process per size) ------------------------------------------------------------
def _vm_hwm_kib():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def scale_child(times, dim, kernel):
    """In a fresh process: train on SST × times; print seconds, tokens, memory (JSON)."""
    sentences, _ = load_sst()
    sentences = sentences * times
    train_sgns(sentences[:3000], vector_size=dim, epochs=1, progress=False, kernel=kernel)   # compile / warm
    Path("/proc/self/clear_refs").write_text("5")          # reset the peak (VmHWM) to the current RSS
    before = _vm_hwm_kib()
    model, wall, cpu = run_ours(sentences, "skip-gram, negative sampling", dim, 1, 1, 1, kernel)
    peak = _vm_hwm_kib()
    wv = model.wv
    print(json.dumps(dict(times=times, seconds=wall, cpu=cpu, tokens=wv.info["tokens"],
                          vocab=len(wv.words), pairs=int(wv.info["pairs_per_epoch"][0]),
                          added_mib=(peak - before) / 1024)))


def scale(multiples, dim, kernel):
    print(f"\nscale: ours (skip-gram, negative sampling), 1 thread, d = {dim}, one epoch, a fresh process per size")
    print("| corpus | tokens | seconds | CPU s per M tokens | memory added by training | estimate |")
    print("|---|---|---|---|---|---|")
    for times in multiples:
        out = subprocess.run([sys.executable, __file__, "--_scale-child", str(times), str(dim), kernel],
                             capture_output=True, text=True, check=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        chunk_pairs = min(r["pairs"], r["pairs"] / r["tokens"] * 1_000_000)
        est = (8 * r["tokens"] + 2 * r["vocab"] * dim * 4 + chunk_pairs * 8 * 3) / 2**20
        print(f"| SST × {times} | {r['tokens']:,} | {r['seconds']:.2f} | {r['cpu'] / r['tokens'] * 1e6:.2f} | "
              f"{r['added_mib']:.0f} MiB | ~{est:.0f} MiB |", flush=True)
    print("estimate: 8 B/token (int32 ids and sentence ids) + the two (V, d) float32 matrices and their"
          " (returned as views) + a chunk's pairs (int32 centres, outsides, shuffled copies)")


# ----- limit ---------------------------------------------------------------------------------
def limit_per_pair(d, K=K, G=GROUP):
    """FLOPs and bytes per (centre, outside) pair of the compiled kernel.

    FLOPs: pass 1, K+1 dot products (2d each) and K+1 axpys into Δv_c (2d each); pass 2,
    u_o += a_o v_c (2d) and each pair's share of u_k += a_k v_c (K axpys, 2d each); pass 3,
    v_c += Δv_c (d): (6K + 7) d.
    Bytes (float32, between cache levels, rows not reused between pairs): pass 1 reads v_c,
    u_o, writes Δv_c, and reads K rows of negatives per group of G; pass 2 reads v_c,
    reads and writes u_o, reads and writes the negatives once per group; pass 3 reads Δv_c,
    reads and writes v_c: 4d (9 + 3K/G).
    """
    return (6 * K + 7) * d, 4 * d * (9 + 3 * K / G)


def measured_rates():
    """numpy copy bandwidth (GB/s, read + write) on a 24 MB array, float32 matmul GFLOP/s (one
    thread, in a subprocess with the BLAS limited to one thread)."""
    a = np.ones(6_000_000, dtype=np.float32)
    b = np.empty_like(a)
    best = math.inf
    for _ in range(20):
        t = time.perf_counter()
        np.copyto(b, a)
        best = min(best, time.perf_counter() - t)
    copy_gbs = 2 * a.nbytes / best / 1e9
    code = ("import time, numpy as np\n"
            "a = np.ones((512, 512), np.float32); b = np.ones((512, 512), np.float32); best = 1e9\n"
            "for _ in range(20):\n t = time.perf_counter(); a @ b; best = min(best, time.perf_counter() - t)\n"
            "print(2 * 512 ** 3 / best / 1e9)")
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    gflops = float(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                  check=True).stdout)
    return copy_gbs, gflops


def limit(kernel_ns, dims):
    copy_gbs, gflops = measured_rates()
    print(f"\nlimit: numpy copy {copy_gbs:.1f} GB/s (24 MB, read + write), float32 matmul {gflops:.1f} GFLOP/s (one thread)")
    print("| d | FLOPs/pair | bytes/pair | time at the copy rate | at the matmul rate | kernel, measured | "
          "of which fixed (≈ d = 10 cost) | kernel's share of the bound |")
    print("|---|---|---|---|---|---|---|---|")
    for d in dims:
        flops, nbytes = limit_per_pair(d)
        t_mem, t_flop = nbytes / copy_gbs, flops / gflops      # ns
        got = kernel_ns.get(d)
        if got is None:
            continue
        print(f"| {d} | {flops:,.0f} | {nbytes:,.0f} | {t_mem:.0f} ns | {t_flop:.0f} ns | {got:.0f} ns | "
              f"{kernel_ns.get(10, float('nan')):.0f} ns | {max(t_mem, t_flop) / got:.0%} |")


# ----- profile ------------------------------------------------------------------------------
def _epoch_inputs(sentences, seed=1):
    """The arrays one epoch of train_sgns works on: (P, V, centres, outsides, negatives, parts)."""
    times = {}
    t = time.process_time()
    words, counts = build_vocabulary(sentences, SETTINGS["min_count"])
    ids, sids = token_ids(sentences, {w: i for i, w in enumerate(words)})
    times["vocabulary and encoding"] = time.process_time() - t
    rng = np.random.default_rng(seed)
    keep = keep_probability(counts, SETTINGS["sample"])
    sampler = AliasSampler(noise_distribution(counts, "unigram"))
    t = time.process_time()
    centres, outsides, _ = skipgram_pairs(ids, sids, keep, SETTINGS["window"], rng)
    times["pairs: subsampling, windows, shuffle"] = time.process_time() - t
    t = time.process_time()
    rows, steps = [], []                      # steps: (lo, hi, g, first row)
    n_rows = 0
    for s in range(0, len(centres), BATCH):
        e = min(s + BATCH, len(centres))
        m = (e - s) // GROUP * GROUP
        for lo, hi, g in ((s, s + m, GROUP), (s + m, e, e - s - m)):
            if hi > lo:
                rows.append(sampler.draw(rng, ((hi - lo) // g, K)))
                steps.append((lo, hi, g, n_rows))
                n_rows += (hi - lo) // g
    negs = np.concatenate(rows).astype(np.int32)
    times["negative draws (alias method)"] = time.process_time() - t
    return len(words), centres, outsides, negs, steps, times


def profile(sentences, dims):
    """Seconds per phase of one SST epoch; returns the kernel's ns per pair by d."""
    import cProfile
    import pstats

    from w2vlib import _fast
    V, centres, outsides, negs, steps, times = _epoch_inputs(sentences)
    n = len(centres)
    kernel_ns = {}
    print(f"\nprofile: one epoch of SST ({n:,} pairs), CPU seconds by phase (best of 3 for the kernel passes)")
    print("| d | " + " | ".join(times) + " | kernel pass 1: gathers + scores + Δv_c | pass 2: outside scatter | "
          "pass 3: centre scatter | kernel ns/pair |")
    print("|---|" + "---|" * (len(times) + 4))
    lr = np.float32(0.01)
    for d in dims:
        rng = np.random.default_rng(0)
        P = np.zeros((2 * V, d), np.float32)
        P[:V] = (rng.random((V, d), dtype=np.float32) - 0.5) / d
        coef, dvc = np.empty((BATCH, K + 1), np.float32), np.empty((BATCH, d), np.float32)
        syn0, syn1neg, chs = P[:V], P[V:], np.empty((BATCH, 0), np.float32)
        none_i, none_f, ptr = np.zeros((0, 0), np.int32), np.zeros((0, 0), np.float32), np.zeros(1, np.int64)
        passes = [lambda lo, hi, g, r: _fast._scores(syn0, centres, lo, lo, hi, g, r, outsides, syn1neg, negs, True, None,
                                                     none_i, none_f, none_i[0], lr, coef, chs, dvc),
                  lambda lo, hi, g, r: _fast._scatter_outside(syn0, centres, lo, lo, hi, g, r, outsides, negs, syn1neg,
                                                              None, none_i, none_i[0], coef, chs),
                  lambda lo, hi, g, r: _fast._scatter_input(syn0, centres, ptr, lo, hi, False, False, dvc)]
        for fn in passes:
            fn(*steps[0])                                        # compile
        secs = []
        for fn in passes:
            best = math.inf
            for _ in range(3):
                t = time.process_time()
                for step in steps:
                    fn(*step)
                best = min(best, time.process_time() - t)
            secs.append(best)
        kernel_ns[d] = sum(secs) / n * 1e9
        print(f"| {d} | " + " | ".join(f"{v:.3f}" for v in times.values()) + " | "
              + " | ".join(f"{v:.3f}" for v in secs) + f" | {kernel_ns[d]:.0f} |", flush=True)
    print("(passes timed from Python, one call per step: includes about 1 µs of call overhead per step)")
    prof = cProfile.Profile()
    prof.enable()
    train_sgns(sentences, vector_size=100, epochs=1, seed=1, progress=False, kernel="numpy", negative=K, **SETTINGS)
    prof.disable()
    st = pstats.Stats(prof)
    total = sum(v[3] for k, v in st.stats.items() if k[2] == "_train")
    share = {k[2]: v[3] for k, v in st.stats.items() if k[2] in ("sgns_step", "_scatter_add", "sigmoid", "log_sigmoid",
                                                                 "skipgram_pairs", "draw")}
    print("numpy reference step at d = 100, share of train_sgns (cProfile, cumulative): "
          + ", ".join(f"{k} {v / total:.0%}" for k, v in share.items()))
    return kernel_ns


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="one round, 2 seeds, 2 epochs, SST × 1: a quick look")
    ap.add_argument("--only", nargs="+", choices=["speed", "quality", "scale", "limit", "profile"])
    ap.add_argument("--modes", nargs="+", choices=list(SHORT.values()), help="the models (default: all four)")
    ap.add_argument("--dims", type=int, nargs="+", default=[100], help="d for the speed table")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved speed rounds (the best is kept)")
    ap.add_argument("--seeds", type=int, default=10, help="seeds per trainer and model for the quality comparison")
    ap.add_argument("--quality-epochs", type=int, default=5)
    ap.add_argument("--quality-dim", type=int, default=100)
    ap.add_argument("--kernel", default="auto", choices=["auto", "numpy", "numba"])
    ap.add_argument("--sst-dir", default=None, help="directory holding datasetSentences.txt")
    ap.add_argument("--_scale-child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._scale_child:
        scale_child(int(args._scale_child[0]), int(args._scale_child[1]), args._scale_child[2])
        return 0

    global TIMES
    sentences, where = load_sst(args.sst_dir)
    if sentences is None:
        print("SST not found (python -m w2vlib.data download sst, or set W2VLIB_SST_DIR): nothing to benchmark")
        return 0
    parts = set(args.only or ["speed", "quality"])
    modes = [m for m in MODES if args.modes is None or SHORT[m] in args.modes]
    if args.quick:
        TIMES, args.rounds, args.seeds, args.quality_epochs = 1, 1, 2, 2
    kernel = ("numba" if HAVE_NUMBA else "numpy") if args.kernel == "auto" else args.kernel
    if kernel == "numba":                       # compile (or load the cache) for every model, outside the clock
        for mode in modes:
            for w in (1, 2):
                run_ours(sentences[:3000], mode, 10, 1, 1, w, kernel)
                if MODES[mode]["sg"] == 0:
                    run_ours(sentences[:3000], mode, 10, 1, 1, w, kernel, cbow_update="gensim")
    gensim_version = __import__("gensim").__version__ if have_gensim() else None
    print(f"SST from {where}: {len(sentences):,} sentences, {sum(map(len, sentences)):,} tokens, × {TIMES}; "
          f"{SETTINGS}, K = {K} for negative sampling; ours: kernel {kernel}"
          + (f" (numba {__import__('numba').__version__})" if kernel == "numba" else "") + f"; numpy {np.__version__}; "
          + (f"gensim {gensim_version}" if gensim_version else "gensim not installed: ours only")
          + f"; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", flush=True)
    if "speed" in parts:
        speed(sentences * TIMES, modes, args.dims, args.rounds, kernel)
    if "quality" in parts:
        quality(sentences, list(range(1, args.seeds + 1)), args.quality_epochs, args.quality_dim, kernel, modes)
    kernel_ns = {}
    if "profile" in parts or "limit" in parts:
        if kernel == "numba":
            kernel_ns = profile(sentences, args.dims)
        else:
            print("profile and limit need the compiled kernel (pip install 'w2vlib[fast]')")
    if "limit" in parts and kernel_ns:
        limit(kernel_ns, args.dims)
    if "scale" in parts:
        scale([1, 10, 40], 100, kernel)
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
