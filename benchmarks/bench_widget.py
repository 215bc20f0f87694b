"""Kernel-side time, size and memory of the update-step panel, per kind (no browser).

    .venv/bin/python benchmarks/bench_widget.py [--repeats 40] [--memory-steps 2000]

One Step = the numbers (``w2vlib.panel.update_step``) + the picture (SVG text) + setting the
widgets' values: what a click costs in the kernel before the picture is sent. The browser's
share (comms, drawing the SVG) is measured by ``bench_panel_browser.py``. Kinds are
interleaved round by round so that a noisy neighbour on this shared machine hits them alike.

Memory: for every kind, a fresh panel takes 100 steps (warm-up), then ``--memory-steps``
more, 10 per click ("10 steps"); the process's resident memory (VmRSS) before and after is
printed (target: < 10 MB growth).
"""
import argparse
import gc
import statistics
import time

from w2vlib.panel import update_step_panel

KINDS = {
    "naive": dict(kind="naive", lr=0.5),
    "outside": dict(kind="outside", lr=0.5),
    "negsamp": dict(kind="negsamp", lr=0.5),
    "skipgram": dict(kind="skipgram", lr=0.5),
    "skipgram-negsamp": dict(kind="skipgram", inner="negsamp", lr=0.1),
    "cbow": dict(kind="cbow", lr=0.5),
    "hs": dict(kind="hs", lr=0.5),
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
    times = {name: [] for name in KINDS}
    for p in panels.values():                      # warm-up: fonts, imports
        p.step()
        p.reset()
    for i in range(repeats):
        for name, p in panels.items():
            if i % 20 == 0:
                p.reset()
            t = time.perf_counter()
            p.controls["step"].click()
            times[name].append(1e3 * (time.perf_counter() - t))
    print(f"{'kind':<18}{'Step p50 (ms)':>14}{'p90 (ms)':>10}{'SVG (KB)':>10}")
    for name, p in panels.items():
        print(f"{name:<18}{statistics.median(times[name]):14.1f}{pct(times[name], 0.9):10.1f}"
              f"{len(p.svg.encode()) / 1024:10.1f}")


def memory(steps):
    print(f"\n{'kind':<18}{'RSS before (MB)':>16}{'after (MB)':>12}{'growth (MB)':>13}")
    for name, kw in KINDS.items():
        p = update_step_panel(**kw)
        for _ in range(10):
            p.step(10)
        gc.collect()
        before = rss_mb()
        for _ in range(steps // 10):
            p.step(10)
        gc.collect()
        after = rss_mb()
        print(f"{name:<18}{before:16.1f}{after:12.1f}{after - before:13.1f}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=40, help="clicks per kind (default 40)")
    ap.add_argument("--memory-steps", type=int, default=2000, help="steps per kind for memory (default 2000)")
    args = ap.parse_args()
    timing(args.repeats)
    memory(args.memory_steps)
