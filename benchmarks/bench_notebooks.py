"""Run every notebook in a fresh kernel; print its wall time and the kernel's peak memory.

    .venv/bin/python benchmarks/bench_notebooks.py                 # every notebook
    .venv/bin/python benchmarks/bench_notebooks.py notebooks/05-*.ipynb

The peak is the kernel process's VmHWM (Linux: the high-water mark of its resident set),
read by one extra cell appended to an in-memory copy of the notebook after its last cell;
the files on disk are not changed. Budgets: well under a minute per notebook, and under
400 MB per kernel (course JupyterHubs give about 1 GB per student).
"""
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
BUDGET_MB = 400
PEAK_CELL = ("print(next(line.split()[1] for line in open('/proc/self/status') "
             "if line.startswith('VmHWM:')))")


def run(path: Path) -> tuple[float, float]:
    """Execute ``path`` in a fresh kernel; return (seconds, peak resident MB of the kernel)."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PEAK_CELL))
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    seconds = time.perf_counter() - start
    peak_kb = int(nb.cells[-1].outputs[0]["text"].strip())
    return seconds, peak_kb / 1024


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    print(f"{'notebook':<40} {'seconds':>8} {'peak MB':>8}")
    over = 0
    for path in paths:
        seconds, peak = run(path)
        flag = "" if peak < BUDGET_MB else f"  over the {BUDGET_MB} MB budget"
        over += bool(flag)
        print(f"{path.name:<40} {seconds:8.1f} {peak:8.0f}{flag}", flush=True)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
