"""Kernel-side time and memory of the update-step panel, per kind (target: p90 < 60 ms; memory flat).

    .venv/bin/python benchmarks/bench_widget.py [--repeats 40] [--memory-steps 2000]

One Step = the numbers (w2vlib.update_step) + the picture (matplotlib Agg -> PNG at 2x) + setting
the widgets' values, i.e. what a click on Step costs in the kernel before its picture is sent,
without the browser. The steps are taken in a row from the toy vectors, as a lecturer clicks.
Most steps restore the picture's kept static layers and draw only what moved. When the next
step will need a new frame (v_c leaves the zoomed one), a click draws that frame's layer after
its picture is sent ("drawn ahead": how many of the steps, and their median), as the panel's
Step button does, so the step after costs a plain step. "full redraw" times a change of the
outside word, which redraws everything. "eta change" times the learning-rate slider. "compute"
is update_step alone, "png" the encoding alone. Kinds are interleaved round by round so that a
noisy neighbour on a shared machine hits them all alike.

Memory: for every kind, a fresh panel takes 100 steps (warm-up: fonts, caches), then
``--memory-steps`` more, ``--per-click`` steps per click ("10 steps" by default, so 2,000 steps
are 200 pictures; ``--per-click 1`` draws every step, 10x slower); the process's resident memory
(VmRSS) before and after and the artists on the figure are printed (target: < 10 MB growth).
"""
import argparse
import gc
import os
import statistics
import time

import numpy as np

from w2vlib.panel_render import encode_png
from w2vlib.update_step import update_step
from w2vlib.widget import update_step_panel

KINDS = {
    "naive": dict(kind="naive", center="coffee", outside="hot", lr=0.5),
    "outside": dict(kind="outside", center="coffee", outside="hot", lr=0.5),
    "negsamp": dict(kind="negsamp", center="coffee", outside="hot", lr=0.5, K=5, seed=0),
    "skipgram": dict(kind="skipgram", position=3, window=2, inner="naive", lr=0.5),
    "skipgram-negsamp": dict(kind="skipgram", position=3, window=2, inner="negsamp", K=5, lr=0.1),
}


def rss_mb() -> float:
    """This process's resident memory (VmRSS), MB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def pct(values, q):
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def timing(repeats):
    panels = {name: update_step_panel(**kw) for name, kw in KINDS.items()}
    for p in panels.values():                      # warm-up: fonts, caches
        p.step()
        p.reset()
        p._prepare_next()                          # as a click on Reset does
    step_ms, compute_ms, eta_ms, full_ms, png_ms, frame_ms = ({name: [] for name in KINDS} for _ in range(6))
    for i in range(repeats):                      # 1. steps in a row, from the toy vectors
        for name, p in panels.items():
            t0 = time.perf_counter()
            p.step()
            step_ms[name].append(1e3 * (time.perf_counter() - t0))
            t0 = time.perf_counter()                 # what the Step button does next, off the picture's path
            if p._prepare_next():
                frame_ms[name].append(1e3 * (time.perf_counter() - t0))
            kw = dict(KINDS[name])
            t0 = time.perf_counter()
            update_step(kw.pop("kind"), None, kw.pop("center", None), kw.pop("outside", None), kw.pop("lr"), **kw)
            compute_ms[name].append(1e3 * (time.perf_counter() - t0))
            rgba = np.asarray(p._renderer.canvas.buffer_rgba())
            t0 = time.perf_counter()
            encode_png(rgba)
            png_ms[name].append(1e3 * (time.perf_counter() - t0))
    for i in range(repeats):                      # 2. the learning-rate slider
        for name, p in panels.items():
            t0 = time.perf_counter()
            p.controls["lr"].value = KINDS[name]["lr"] * (2.0 if i % 2 == 0 else 1.0)
            eta_ms[name].append(1e3 * (time.perf_counter() - t0))
    for i in range(repeats):                      # 3. a word (skip-gram: the window) changes
        for name, p in panels.items():
            control, a, b = ("outside", "cold", "hot") if "outside" in p.controls else ("window", 1, 2)
            t0 = time.perf_counter()
            p.controls[control].value = a if p.controls[control].value == b else b
            full_ms[name].append(1e3 * (time.perf_counter() - t0))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    png_kb = statistics.median(len(p.png) for p in panels.values()) / 1e3
    print(f"one Step, kernel side, {repeats} steps per kind (load average {load:.2f}, {os.cpu_count()} CPUs; "
          f"PNG {png_kb:.0f} kB at 2x)")
    print(f"{'kind':<18}{'step p50':>9}{'p90':>7}{'drawn ahead':>12}{'its p50':>9}{'eta p50':>9}"
          f"{'full redraw':>12}{'compute':>9}{'png':>7}   target p90 < 60 ms (the browser adds ~35)")
    for name in KINDS:
        s = step_ms[name]
        moved = f"{len(frame_ms[name])}/{repeats}"
        its = statistics.median(frame_ms[name]) if frame_ms[name] else float("nan")
        print(f"{name:<18}{statistics.median(s):>9.1f}{pct(s, 0.9):>7.1f}{moved:>12}{its:>9.1f}"
              f"{statistics.median(eta_ms[name]):>9.1f}{statistics.median(full_ms[name]):>12.1f}"
              f"{statistics.median(compute_ms[name]):>9.2f}{statistics.median(png_ms[name]):>7.1f}   "
              f"{'ok' if pct(s, 0.9) < 60 else 'SLOW'}")


def memory(steps, per_click):
    print(f"\nmemory: {steps} steps per kind, {per_click} per click ({steps // per_click} pictures), "
          f"after 100 warm-up steps (VmRSS of this process)")
    print(f"{'kind':<18}{'RSS before MB':>14}{'after MB':>10}{'growth MB':>11}{'artists':>14}   target < 10 MB")
    for name, kw in KINDS.items():
        p = update_step_panel(**dict(kw, lr=kw["lr"] / 10))       # small steps: v_c keeps moving, stays in view
        for _ in range(100):
            p.step()
        gc.collect()
        before, artists = rss_mb(), p._renderer.artist_count()
        for i in range(steps // per_click):
            p.step(per_click)
            if not p.state["finite"]:
                p.reset()
        gc.collect()
        after = rss_mb()
        print(f"{name:<18}{before:>14.1f}{after:>10.1f}{after - before:>11.1f}{artists:>7} -> {p._renderer.artist_count():<5}"
              f"  {'ok' if after - before < 10 else 'GROWS'}")
        p.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=40, help="steps in a row timed per kind")
    parser.add_argument("--memory-steps", type=int, default=2000, help="steps per kind for the memory test (0: skip)")
    parser.add_argument("--per-click", type=int, default=10, help="steps per click in the memory test")
    args = parser.parse_args()
    timing(args.repeats)
    if args.memory_steps:
        memory(args.memory_steps, args.per_click)


if __name__ == "__main__":
    main()
