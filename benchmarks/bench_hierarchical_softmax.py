"""Hierarchical softmax against the naive softmax: one loss-and-gradient call as V grows.

    .venv/bin/python benchmarks/bench_hierarchical_softmax.py [d]

For the rarest word (the longest Huffman path) of a Zipf vocabulary (count ∝ 1/rank), prints
the path length L (rows read), the best-of-5 time per call of
``naive_softmax_loss_and_gradient`` and ``hierarchical_softmax_loss_and_gradient``, and the
time of ``np.zeros((V, d))`` alone. Both functions return a dense (V, d) gradient; for the
hierarchical call that array is the part that grows with V (zeroing it, eagerly or page by page
as its L rows are written; with transparent huge pages a page is 2 MB), not the path's
arithmetic. Also the time to build the tree. Figures vary with the machine and its load.
"""
import sys
import time

import numpy as np

from w2vlib import hierarchical_softmax_loss_and_gradient, huffman_tree, naive_softmax_loss_and_gradient


def per_call(f, repeats):
    best = np.inf
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeats):
            f()
        best = min(best, (time.perf_counter() - start) / repeats)
    return best


def main(d=50):
    rng = np.random.default_rng(0)
    print(f"d = {d}; times in seconds per call (best of 5)")
    print(f"{'V':>8} {'L':>3} {'build tree':>10} {'naive':>10} {'hier.':>10} {'np.zeros':>10} {'naive/hier.':>11}")
    for V in (10**2, 10**3, 10**4, 10**5, 2**18):
        start = time.perf_counter()
        tree = huffman_tree(1.0 / np.arange(1, V + 1))
        build = time.perf_counter() - start
        U = rng.normal(scale=0.1, size=(V, d))
        v, rare = rng.normal(size=d), V - 1
        naive = per_call(lambda: naive_softmax_loss_and_gradient(v, rare, U), max(3, 200_000 // V))
        hier = per_call(lambda: hierarchical_softmax_loss_and_gradient(v, rare, U, tree), 200)
        zeros = per_call(lambda: np.zeros((V, d)), 200)
        print(f"{V:8d} {int(tree.code_lengths[rare]):3d} {build:10.2e} {naive:10.2e} {hier:10.2e} {zeros:10.2e} "
              f"{naive / hier:11.1f}")
        del tree, U


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
