"""train_sgns vs gensim side by side on SST and SST × 10: speed, quality, scale, limit and profile.

    .venv/bin/python benchmarks/bench_train.py            # everything (about 15-30 min on 2 cores)
    .venv/bin/python benchmarks/bench_train.py --quick    # SST only, d = 10 and 100, one round
    .venv/bin/python benchmarks/bench_train.py --only speed quality scale limit profile

Both train skip-gram with negative sampling on the same sentences (the course's SST reader)
with the same settings: window 5 (reduced windows 1..5), K = 5 negatives from unigram^0.75,
min_count 5, subsampling t = 1e-3 with the same formula, lr 0.025 decaying linearly to
0.025·1e-4, one epoch; times are end to end from the sentence list (vocabulary included).

speed: the issue's table. For each corpus and d, rounds run gensim ``workers=1``, ours with 1
thread, gensim ``workers=3`` (its default) and ours with ``workers=2`` one after the other,
so that load from other processes hits all four alike; each keeps its best wall time over the
rounds. Ratio = gensim's time / ours (> 1: we are faster). Ours uses the kernel train_sgns
picks (numba when installed, compiled before the clock starts: its first call in a fresh
environment compiles for a few seconds, cached afterwards); ``--kernel numpy`` times the
readable numpy step instead. Single-thread ratios are also given in CPU seconds, which
other processes on a busy machine disturb less than wall time.

quality: WordSim-353 Spearman and Google-analogy accuracy (gensim's installed test data,
scored by ``w2vlib.evaluate`` for both), mean and 95% interval of the mean over seeds, at
d = 50 after 20 epochs (one epoch of 227k tokens leaves both near chance).

scale: ours (1 thread, d = 100, one epoch) on SST × 1, × 10, × 40: seconds per million tokens
and the peak memory the training adds (VmHWM, in a fresh process per size) against the
estimate 8 bytes per token (ids, sentence ids) + the two float32 matrices + the pairs of one
chunk.

limit: per pair the kernel's FLOPs and bytes (formulas in ``limit_per_pair``) against a
measured numpy copy rate (on a matrix the size of the two matrices) and float32 matmul rate
(one thread).

profile: where one epoch of ours goes on SST, by phase: vocabulary, pairs (subsampling,
windows, shuffle), negative draws, and the kernel's three passes timed one by one (scores:
the gathers of v_c, u_o, u_k fused with the dot products, sigmoids and Δv_c; outside
scatter; centre scatter); and the numpy reference step's share of scatter (cProfile).
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

from w2vlib.evaluate import analogy_accuracy, wordsim_spearman  # noqa: E402
from w2vlib.train import HAVE_NUMBA, train_sgns  # noqa: E402
from w2vlib.vectors import WordVectors  # noqa: E402

SETTINGS = dict(window=5, negative=5, min_count=5, sample=1e-3, alpha=0.025)
GROUP, BATCH = 16, 1024                      # train_sgns's defaults, used by the limit estimate


def load_sst(path=None):
    from w2vlib.data import find_sst_dir
    from w2vlib.treebank import StanfordSentiment
    found = find_sst_dir(path)
    if found is None:
        return None, None
    return StanfordSentiment(found).sentences(), found


def run_ours(sentences, dim, epochs, seed, workers=1, kernel="auto"):
    t, c = time.perf_counter(), time.process_time()
    wv = train_sgns(sentences, vector_size=dim, epochs=epochs, seed=seed, progress=False, workers=workers,
                    kernel=kernel, **SETTINGS)
    return wv, time.perf_counter() - t, time.process_time() - c


def run_gensim(sentences, dim, epochs, seed, workers=1):
    from gensim.models import Word2Vec
    t, c = time.perf_counter(), time.process_time()
    model = Word2Vec(vector_size=dim, window=SETTINGS["window"], negative=SETTINGS["negative"],
                     min_count=SETTINGS["min_count"], sample=SETTINGS["sample"],
                     alpha=SETTINGS["alpha"], min_alpha=SETTINGS["alpha"] * 1e-4, sg=1, hs=0,
                     workers=workers, seed=seed)
    model.build_vocab(sentences)
    model.train(sentences, total_examples=model.corpus_count, epochs=epochs)
    return WordVectors(list(model.wv.index_to_key), model.wv.vectors), time.perf_counter() - t, time.process_time() - c


def have_gensim():
    try:
        import gensim  # noqa: F401
        return True
    except ImportError:
        return False


# ----- speed ---------------------------------------------------------------------------------
def speed(corpora, dims, rounds, kernel):
    """The issue's table: best wall (and CPU) seconds of each trainer over interleaved rounds."""
    runners = [("gensim w1", lambda s, d: run_gensim(s, d, 1, 1, workers=1)),
               ("ours w1", lambda s, d: run_ours(s, d, 1, 1, workers=1, kernel=kernel)),
               ("gensim w3", lambda s, d: run_gensim(s, d, 1, 1, workers=3)),
               ("ours w2", lambda s, d: run_ours(s, d, 1, 1, workers=2, kernel=kernel))]
    if not have_gensim():
        runners = [r for r in runners if r[0].startswith("ours")]
    best = {}
    for name, sentences in corpora:
        for d in dims:
            for _ in range(rounds):
                for who, fn in runners:
                    _, wall, cpu = fn(sentences, d)
                    w, c = best.get((name, d, who), (math.inf, math.inf))
                    best[name, d, who] = (min(w, wall), min(c, cpu))
            print(f"  {name}, d = {d}: " + ", ".join(f"{who} {best[name, d, who][0]:.2f} s"
                                                  for who, _ in runners), flush=True)
    if not have_gensim():
        return best
    print(f"\nratio = gensim's time / ours (> 1: ours is faster), best of {rounds} interleaved round(s), one epoch")
    print("| corpus | comparison | " + " | ".join(f"d = {d}" for d in dims) + " |")
    print("|---|---|" + "---|" * len(dims))
    for name, _ in corpora:
        for label, g, o, i in (("gensim `workers=1` / ours 1 thread (wall)", "gensim w1", "ours w1", 0),
                               ("gensim `workers=1` / ours 1 thread (CPU s)", "gensim w1", "ours w1", 1),
                               ("gensim `workers=3` / ours `workers=2` (wall)", "gensim w3", "ours w2", 0)):
            cells = [f"{best[name, d, g][i] / best[name, d, o][i]:.2f}×" for d in dims]
            print(f"| {name} | {label} | " + " | ".join(cells) + " |")
    print("\nseconds (wall, best): " + "; ".join(
        f"{name} d={d}: " + ", ".join(f"{who} {best[name, d, who][0]:.2f}" for who, _ in runners)
        for name, _ in corpora for d in dims))
    return best


# ----- quality --------------------------------------------------------------------------------
def interval(values):
    """Mean and the half-width of its 95% interval (Student t) over seeds."""
    t95 = {1: 12.71, 2: 4.30, 3: 3.18, 4: 2.78, 5: 2.57, 6: 2.45, 7: 2.36, 8: 2.31, 9: 2.26}
    m = statistics.mean(values)
    if len(values) < 2:
        return f"{m:+.3f}"
    half = t95.get(len(values) - 1, 2.0) * statistics.stdev(values) / math.sqrt(len(values))
    return f"{m:+.3f} ± {half:.3f}"


def quality(sentences, dim, epochs, seeds, kernel):
    trainers = [("ours w1", lambda s: run_ours(sentences, dim, epochs, s, 1, kernel)[0]),
                ("ours w2", lambda s: run_ours(sentences, dim, epochs, s, 2, kernel)[0])]
    if have_gensim():
        trainers += [("gensim w1", lambda s: run_gensim(sentences, dim, epochs, s, 1)[0]),
                     ("gensim w3", lambda s: run_gensim(sentences, dim, epochs, s, 3)[0])]
    print(f"\nquality at d = {dim}, {epochs} epochs, seeds 1..{seeds}: mean ± 95% interval of the mean")
    for who, train in trainers:
        ws, an, losses = [], [], []
        for seed in range(1, seeds + 1):
            wv = train(seed)
            ws.append(wordsim_spearman(wv)), an.append(analogy_accuracy(wv))
            if "epoch_losses" in wv.info:
                losses.append(wv.info["epoch_losses"][-1])
        if ws[0] is None or ws[0].score is None:
            print(f"  {who}: no evaluation data (gensim's test data is needed)")
            continue
        extra = f"; last-epoch loss {interval(losses)}" if losses else ""
        print(f"  {who:9s}: WordSim-353 Spearman {interval([w.score for w in ws])} ({ws[0].covered}/{ws[0].total} "
              f"pairs); analogies {interval([a.score for a in an])} ({an[0].covered}/{an[0].total}){extra}",
              flush=True)


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
    wv, wall, cpu = run_ours(sentences, dim, 1, 1, 1, kernel)
    peak = _vm_hwm_kib()
    print(json.dumps(dict(times=times, seconds=wall, cpu=cpu, tokens=wv.info["tokens"],
                          vocab=len(wv.words), pairs=int(wv.info["pairs_per_epoch"][0]),
                          added_mib=(peak - before) / 1024)))


def scale(multiples, dim, kernel):
    print(f"\nscale: ours, 1 thread, d = {dim}, one epoch, a fresh process per size")
    print("| corpus | tokens | seconds | CPU s per M tokens | memory added by training | estimate |")
    print("|---|---|---|---|---|---|")
    for times in multiples:
        out = subprocess.run([sys.executable, __file__, "--_scale-child", str(times), str(dim), kernel],
                             capture_output=True, text=True, check=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        chunk_pairs = min(r["pairs"], r["pairs"] / r["tokens"] * 1_000_000)
        est = (8 * r["tokens"] + 2 * r["vocab"] * dim * 4 * 2 + chunk_pairs * 8 * 3) / 2**20
        print(f"| SST × {times} | {r['tokens']:,} | {r['seconds']:.2f} | {r['cpu'] / r['tokens'] * 1e6:.2f} | "
              f"{r['added_mib']:.0f} MiB | ~{est:.0f} MiB |", flush=True)
    print("estimate: 8 B/token (int32 ids and sentence ids) + the two (V, d) float32 matrices and their"
          " returned copies + a chunk's pairs (int32 centres, outsides, shuffled copies)")


# ----- limit ---------------------------------------------------------------------------------
def limit_per_pair(d, K=5, G=GROUP):
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
    from w2vlib.sampling import keep_probability, noise_distribution
    from w2vlib.train import _AliasSampler, _encode, _pairs, build_vocabulary
    times = {}
    t = time.process_time()
    words, counts = build_vocabulary(sentences, SETTINGS["min_count"])
    ids, sids = _encode(sentences, {w: i for i, w in enumerate(words)})
    times["vocabulary and encoding"] = time.process_time() - t
    rng = np.random.default_rng(seed)
    keep = keep_probability(counts, SETTINGS["sample"])
    sampler = _AliasSampler(noise_distribution(counts, "unigram"))
    t = time.process_time()
    centres, outsides, _ = _pairs(ids, sids, keep, SETTINGS["window"], rng)
    times["pairs: subsampling, windows, shuffle"] = time.process_time() - t
    t = time.process_time()
    rows, steps = [], []                      # steps: (lo, hi, g, first row)
    n_rows = 0
    for s in range(0, len(centres), BATCH):
        e = min(s + BATCH, len(centres))
        m = (e - s) // GROUP * GROUP
        for lo, hi, g in ((s, s + m, GROUP), (s + m, e, e - s - m)):
            if hi > lo:
                rows.append(sampler.draw(rng, ((hi - lo) // g, SETTINGS["negative"])))
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
        coef, dvc = np.empty((BATCH, 6), np.float32), np.empty((BATCH, d), np.float32)
        passes = [lambda lo, hi, g, r: _fast._scores(P, V, centres, outsides, negs, lo, hi, g, r, lr, True, coef, dvc),
                  lambda lo, hi, g, r: _fast._scatter_outside(P, V, centres, outsides, negs, lo, hi, g, r, coef),
                  lambda lo, hi, g, r: _fast._scatter_centre(P, centres, lo, hi, dvc)]
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
    train_sgns(sentences, vector_size=100, epochs=1, seed=1, progress=False, kernel="numpy", **SETTINGS)
    prof.disable()
    st = pstats.Stats(prof)
    total = sum(v[3] for k, v in st.stats.items() if k[2] == "train_sgns")
    share = {k[2]: v[3] for k, v in st.stats.items() if k[2] in ("_sgns_step", "_scatter_add", "sigmoid", "log_sigmoid",
                                                                 "_pairs", "draw")}
    print("numpy reference step at d = 100, share of train_sgns (cProfile, cumulative): "
          + ", ".join(f"{k} {v / total:.0%}" for k, v in share.items()))
    return kernel_ns


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="SST only, d = 10 and 100, one round, short quality")
    ap.add_argument("--only", nargs="+", choices=["speed", "quality", "scale", "limit", "profile"])
    ap.add_argument("--dims", type=int, nargs="+", default=[10, 50, 100, 300])
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds per corpus and d (best is kept)")
    ap.add_argument("--times", type=int, default=10, help="the larger corpus is SST × this")
    ap.add_argument("--seeds", type=int, default=5, help="seeds for the quality comparison")
    ap.add_argument("--quality-epochs", type=int, default=20)
    ap.add_argument("--quality-dim", type=int, default=50)
    ap.add_argument("--kernel", default="auto", choices=["auto", "numpy", "numba"])
    ap.add_argument("--sst-dir", default=None, help="directory holding datasetSentences.txt")
    ap.add_argument("--_scale-child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._scale_child:
        scale_child(int(args._scale_child[0]), int(args._scale_child[1]), args._scale_child[2])
        return 0

    sentences, where = load_sst(args.sst_dir)
    if sentences is None:
        print("SST not found (python -m w2vlib.data download sst, or set W2VLIB_SST_DIR): nothing to benchmark")
        return 0
    parts = set(args.only or ["speed", "quality", "scale", "limit", "profile"])
    if args.quick:
        args.dims, args.rounds, args.seeds, args.quality_epochs = [10, 100], 1, 2, 5
        parts -= {"scale"}
    kernel = ("numba" if HAVE_NUMBA else "numpy") if args.kernel == "auto" else args.kernel
    if kernel == "numba":
        train_sgns(sentences[:3000], vector_size=10, epochs=1, progress=False, workers=2)   # compile (or load the cache)
    gensim_version = __import__("gensim").__version__ if have_gensim() else None
    print(f"SST from {where}: {len(sentences):,} sentences, {sum(map(len, sentences)):,} tokens; {SETTINGS}; "
          f"ours: kernel {kernel}; numpy {np.__version__}; "
          + (f"gensim {gensim_version}" if gensim_version else "gensim not installed: ours only")
          + f"; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    corpora = [("SST", sentences)] + ([] if args.quick else [(f"SST × {args.times}", sentences * args.times)])
    if "speed" in parts:
        speed(corpora, args.dims, args.rounds, kernel)
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
    if "quality" in parts:
        quality(sentences, args.quality_dim, args.quality_epochs, args.seeds, kernel)
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
