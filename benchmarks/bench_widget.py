"""Kernel-side time of one Step of the update-step panel, per kind (target: median < 100 ms).

    .venv/bin/python benchmarks/bench_widget.py [--repeats 30]

One Step = the numbers (w2vlib.update_step) + the picture (matplotlib Agg -> PNG) + setting the
widgets' values, i.e. what a click on Step costs in the kernel, without the browser. Most steps
reuse the picture's static background (axes, labels, legends); "full redraw" times a change
of the outside word, which redraws everything: the worst case of a click. "eta change" times
the learning-rate slider. "compute" is update_step alone. Kinds are interleaved round by round so
that a noisy neighbour on a shared machine hits them all alike.
"""
import argparse
import os
import statistics
import time

from w2vlib.update_step import update_step
from w2vlib.widget import update_step_panel

KINDS = {
    "naive": dict(kind="naive", center="coffee", outside="hot", lr=0.5),
    "outside": dict(kind="outside", center="coffee", outside="hot", lr=0.5),
    "negsamp": dict(kind="negsamp", center="coffee", outside="hot", lr=0.5, K=5, seed=0),
    "skipgram": dict(kind="skipgram", position=3, window=2, inner="naive", lr=0.5),
    "skipgram-negsamp": dict(kind="skipgram", position=3, window=2, inner="negsamp", K=5, lr=0.1),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30, help="steps timed per kind")
    args = parser.parse_args()
    panels = {name: update_step_panel(**kw) for name, kw in KINDS.items()}
    for p in panels.values():                      # warm-up: fonts, mathtext caches
        p.step()
        p.reset()
    step_ms, compute_ms, eta_ms, full_ms = ({name: [] for name in KINDS} for _ in range(4))
    for i in range(args.repeats):                 # 1. steps in a row (a reset every 10 steps)
        for name, p in panels.items():
            if i % 10 == 0:
                p.reset()
            t0 = time.perf_counter()
            p.step()
            step_ms[name].append(1e3 * (time.perf_counter() - t0))
            kw = dict(KINDS[name])
            t0 = time.perf_counter()
            update_step(kw.pop("kind"), None, kw.pop("center", None), kw.pop("outside", None), kw.pop("lr"), **kw)
            compute_ms[name].append(1e3 * (time.perf_counter() - t0))
    for i in range(args.repeats):                 # 2. the learning-rate slider
        for name, p in panels.items():
            t0 = time.perf_counter()
            p.controls["lr"].value = KINDS[name]["lr"] * (2.0 if i % 2 == 0 else 1.0)
            eta_ms[name].append(1e3 * (time.perf_counter() - t0))
    for i in range(args.repeats):                 # 3. a word (skip-gram: the window) changes
        for name, p in panels.items():
            control, a, b = ("outside", "cold", "hot") if "outside" in p.controls else ("window", 1, 2)
            t0 = time.perf_counter()
            p.controls[control].value = a if p.controls[control].value == b else b
            full_ms[name].append(1e3 * (time.perf_counter() - t0))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"one Step, kernel side, median of {args.repeats} (load average {load:.2f}, {os.cpu_count()} CPUs)")
    print(f"{'kind':<18}{'step ms':>9}{'p90 ms':>9}{'eta change ms':>15}{'full redraw ms':>16}"
          f"{'compute ms':>12}   target < 100 ms")
    for name in KINDS:
        s = sorted(step_ms[name])
        p90 = s[min(len(s) - 1, int(0.9 * len(s)))]
        med = statistics.median(s)
        print(f"{name:<18}{med:>9.1f}{p90:>9.1f}{statistics.median(eta_ms[name]):>15.1f}"
              f"{statistics.median(full_ms[name]):>16.1f}"
              f"{statistics.median(compute_ms[name]):>12.2f}   "
              f"{'ok' if med < 100 else 'SLOW'}")


if __name__ == "__main__":
    main()
