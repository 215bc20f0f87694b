"""Batched trainer vs gensim, side by side on SST: pairs per second and quality at equal work.

    .venv/bin/python benchmarks/bench_train.py [--dims 10 50 100] [--epochs 5] [--repeats 3]

Both train skip-gram with negative sampling on the same sentences (the course's SST reader)
with the same settings: window 5 (reduced windows 1..5), K = 5 negatives from unigram^0.75,
min_count 5, subsampling t = 1e-3 with the same formula, lr 0.025 decaying linearly, the same
number of epochs; gensim with ``workers=1``. So the expected number of (centre, outside) pairs
is the same: ours counts them; gensim reports its kept ("effective") words, and its pair count
is estimated as effective words × our pairs per kept word (same windows, same subsampling).
Runs alternate (ours, gensim, ours, ...) so machine noise hits both; the medians are reported.
Times are end to end from the sentence list (vocabulary included) for both.

Quality: WordSim-353 Spearman and Google-analogy accuracy, read from gensim's installed test
data, evaluated by the same code (``w2vlib.evaluate``) on both sets of vectors, mean ± sd over
the repeats (each repeat has its own seed), with coverage; then again after --quality-epochs
(20) epochs at d = 50, since 5 epochs of a 227k-token corpus leave both near chance. Without
gensim, only ours runs.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from w2vlib.evaluate import analogy_accuracy, wordsim_spearman  # noqa: E402
from w2vlib.train import train_sgns  # noqa: E402
from w2vlib.vectors import WordVectors  # noqa: E402

SETTINGS = dict(window=5, negative=5, min_count=5, sample=1e-3, alpha=0.025)


def load_sst(path=None):
    from w2vlib.data import find_sst_dir
    from w2vlib.treebank import StanfordSentiment
    found = find_sst_dir(path)
    if found is None:
        return None, None
    return StanfordSentiment(found).sentences(), found


def run_ours(sentences, dim, epochs, seed):
    t = time.perf_counter()
    wv = train_sgns(sentences, vector_size=dim, epochs=epochs, seed=seed, progress=False, **SETTINGS)
    seconds = time.perf_counter() - t
    pairs = int(wv.info["pairs_per_epoch"].sum())
    kept = int(wv.info["kept_tokens_per_epoch"].sum())
    return wv, seconds, pairs, kept


def run_gensim(sentences, dim, epochs, seed):
    from gensim.models import Word2Vec
    t = time.perf_counter()
    model = Word2Vec(vector_size=dim, window=SETTINGS["window"], negative=SETTINGS["negative"],
                     min_count=SETTINGS["min_count"], sample=SETTINGS["sample"],
                     alpha=SETTINGS["alpha"], min_alpha=SETTINGS["alpha"] * 1e-4, sg=1, hs=0,
                     workers=1, seed=seed)
    model.build_vocab(sentences)
    effective, _ = model.train(sentences, total_examples=model.corpus_count, epochs=epochs)
    seconds = time.perf_counter() - t
    return WordVectors(list(model.wv.index_to_key), model.wv.vectors), seconds, effective


def quality(wv):
    ws, an = wordsim_spearman(wv), analogy_accuracy(wv)
    return ws, an


def mean_sd(values):
    return f"{statistics.mean(values):+.3f} ± {statistics.stdev(values) if len(values) > 1 else 0.0:.3f}"


def print_quality(ours_q, gen_q):
    for name, q in (("ours", ours_q), ("gensim", gen_q)):
        if q and q[0][0] is not None:
            ws, an = [x[0] for x in q], [x[1] for x in q]
            print(f"  {name:7s}: WordSim-353 Spearman {mean_sd([w.score for w in ws])} "
                  f"({ws[0].covered}/{ws[0].total} pairs covered); Google analogies accuracy "
                  f"{mean_sd([a.score for a in an])} ({an[0].covered}/{an[0].total} covered)")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dims", type=int, nargs="+", default=[10, 50, 100])
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=3, help="alternating runs of each trainer per d (seeds 1..N)")
    ap.add_argument("--sst-dir", default=None, help="directory holding datasetSentences.txt")
    ap.add_argument("--quality-epochs", type=int, default=20,
                    help="also compare quality after this many epochs at d = --quality-dim (0: skip)")
    ap.add_argument("--quality-dim", type=int, default=50)
    args = ap.parse_args(argv)

    sentences, where = load_sst(args.sst_dir)
    if sentences is None:
        print("SST not found (python -m w2vlib.data download sst, or set W2VLIB_SST_DIR): nothing to benchmark")
        return 0
    try:
        import gensim
        have_gensim = True
    except ImportError:
        have_gensim = False
        print("gensim is not installed (pip install 'w2vlib[compare]'): timing ours only")
    print(f"SST from {where}: {len(sentences):,} sentences, {sum(map(len, sentences)):,} tokens; "
          f"{args.epochs} epochs, {SETTINGS}, numpy {np.__version__}"
          + (f", gensim {gensim.__version__} workers=1" if have_gensim else ""))

    for dim in args.dims:
        ours_t, ours_p, ours_k, ours_q = [], [], [], []
        gen_t, gen_k, gen_q = [], [], []
        for seed in range(1, args.repeats + 1):
            wv, s, p, k = run_ours(sentences, dim, args.epochs, seed)
            ours_t.append(s), ours_p.append(p), ours_k.append(k), ours_q.append(quality(wv))
            if have_gensim:
                gv, s, k = run_gensim(sentences, dim, args.epochs, seed)
                gen_t.append(s), gen_k.append(k), gen_q.append(quality(gv))
        pairs_per_kept = sum(ours_p) / sum(ours_k)
        ours_rate = statistics.median(p / t for p, t in zip(ours_p, ours_t))
        print(f"\nd = {dim}")
        print(f"  ours   : median {statistics.median(ours_t):6.2f} s, {statistics.mean(ours_p):,.0f} pairs, "
              f"{statistics.mean(ours_k):,.0f} kept words -> {ours_rate:,.0f} pairs/s")
        if have_gensim:
            gen_rate = statistics.median(k * pairs_per_kept / t for k, t in zip(gen_k, gen_t))
            print(f"  gensim : median {statistics.median(gen_t):6.2f} s, ~{statistics.mean(gen_k) * pairs_per_kept:,.0f} pairs "
                  f"(est.), {statistics.mean(gen_k):,.0f} kept words -> {gen_rate:,.0f} pairs/s")
            print(f"  ratio ours/gensim (pairs per second): {ours_rate / gen_rate:.2f}x")
        print_quality(ours_q, gen_q)
    if args.quality_epochs:
        ours_q, gen_q = [], []
        for seed in range(1, args.repeats + 1):
            ours_q.append(quality(run_ours(sentences, args.quality_dim, args.quality_epochs, seed)[0]))
            if have_gensim:
                gen_q.append(quality(run_gensim(sentences, args.quality_dim, args.quality_epochs, seed)[0]))
        print(f"\nquality at d = {args.quality_dim}, {args.quality_epochs} epochs (mean ± sd over {args.repeats} seeds)")
        print_quality(ours_q, gen_q)
    return 0


if __name__ == "__main__":
    sys.exit(main())
