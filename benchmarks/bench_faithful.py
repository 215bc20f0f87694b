"""Benchmark: the course's dense training loop vs w2vlib's faithful fast step, side by side.

Both run the same SGD iterations of the course's run (SST, d = 10, C = 5, K = 10, 50 windows
per iteration) from the same parameters and the same Python random state:

* dense: ``sgd(word2vec_sgd_wrapper(skipgram, ..., neg_sampling_loss_and_gradient))``, the
  student-style loop (a dense (V, d) gradient per centre/outside pair, summed per window);
* fast: ``sgd(FaithfulObjective(...))``, the same draws made in bulk and a row-sparse batched
  gradient.

It prints both times, the ratio, and the largest difference between the two results (they
follow the same trajectory). With ``--full`` it also times ``w2vlib.run.train`` for all
40,000 iterations and compares its checkpoints with the course's reference files.

    .venv/bin/python benchmarks/bench_faithful.py [--iterations 200] [--full]
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from w2vlib import neg_sampling_loss_and_gradient, sgd, skipgram, word2vec_sgd_wrapper
from w2vlib.data import find_reference_dir, find_sst_dir
from w2vlib.faithful import FaithfulObjective
from w2vlib.run import ITERATIONS, initial_parameters, train
from w2vlib.sgd import load_checkpoint
from w2vlib.treebank import StanfordSentiment

REFERENCE = find_reference_dir()   # the course's reference run, or None


def side_by_side(iterations, sst_dir=None):
    random.seed(314)
    dataset = StanfordSentiment(sst_dir)
    tokens = dataset.tokens()
    random.seed(31415)
    np.random.seed(9265)
    x0 = initial_parameters(len(tokens))
    fast = FaithfulObjective(dataset)
    # iteration 1 (which runs the lazy subsampling) outside the timings; both continue from it
    x1 = sgd(fast, x0, 0.3, 1, print_every=None)
    state = random.getstate()

    def dense_f(x):
        return word2vec_sgd_wrapper(skipgram, tokens, x, dataset, 5, neg_sampling_loss_and_gradient)

    t0 = time.perf_counter()
    x_dense = sgd(dense_f, x1, 0.3, iterations, print_every=None)
    t_dense = time.perf_counter() - t0
    state_dense = random.getstate()

    random.setstate(state)
    t0 = time.perf_counter()
    x_fast = sgd(fast, x1, 0.3, iterations, print_every=None)
    t_fast = time.perf_counter() - t0
    same_stream = random.getstate() == state_dense
    diff = float(np.abs(x_dense - x_fast).max())

    print(f"corpus: {dataset.sentences_file} (V = {len(tokens)}), iterations 2..{iterations + 1} of the course's run")
    print(f"dense student-style loop : {t_dense:8.3f} s  ({1e3 * t_dense / iterations:7.3f} ms/iteration; "
          f"{ITERATIONS} iterations would take ~{t_dense / iterations * ITERATIONS / 60:.1f} min)")
    print(f"w2vlib faithful fast step: {t_fast:8.3f} s  ({1e3 * t_fast / iterations:7.3f} ms/iteration)")
    print(f"ratio dense / fast       : {t_dense / t_fast:8.1f} x")
    print(f"max |dense - fast|       : {diff:.2e}   same random state after: {same_stream}")
    return t_dense, t_fast, diff, same_stream


def full_run(sst_dir=None):
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        train(ITERATIONS, tmp, sst_dir, resume=False, progress=True)
        seconds = time.perf_counter() - t0
        diffs = {}
        for n in (5_000, ITERATIONS):
            ref = None if REFERENCE is None else REFERENCE / f"saved_params_{n}.npy"
            if ref is not None and ref.is_file():
                ours = load_checkpoint(Path(tmp) / f"saved_params_{n}.npz")["params"]
                diffs[n] = float(np.abs(ours - np.load(ref, allow_pickle=False)).max())
    print(f"full faithful run, {ITERATIONS} iterations (setup, subsampling and checkpoints included): "
          f"{seconds:.1f} s")
    for n, d in diffs.items():
        print(f"max |ours - saved_params_{n}.npy| = {d:.2e}  ({'OK' if d <= 1e-10 else 'FAIL'}: tolerance 1e-10)")
    if not diffs:
        print("(no reference checkpoints: set W2VLIB_REFERENCE_DIR)")
    return seconds, diffs


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--iterations", type=int, default=200, help="iterations timed side by side (default 200)")
    parser.add_argument("--full", action="store_true",
                        help="also time the full 40,000-iteration run and check it against the reference")
    parser.add_argument("--sst-dir", default=None, help="folder holding datasetSentences.txt")
    args = parser.parse_args(argv)
    if find_sst_dir(args.sst_dir) is None:
        print("SST not found; run: python -m w2vlib.data download sst", file=sys.stderr)
        return 1
    _, _, diff, same = side_by_side(args.iterations, args.sst_dir)
    ok = same and diff <= 1e-10
    if args.full:
        _, diffs = full_run(args.sst_dir)
        ok = ok and all(d <= 1e-10 for d in diffs.values())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
