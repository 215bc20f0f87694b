"""Execute notebooks top to bottom in a fresh kernel and store their outputs in place.

    .venv/bin/python tools/execute_notebooks.py notebooks/*.ipynb

This is how every committed notebook is saved: a clean run (execution counts 1..n), with
widget state stored so the panels render on GitHub and in static HTML. nbval then compares
a fresh run against what is stored.
"""
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", store_widget_state=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    elapsed = time.perf_counter() - start
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return elapsed


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]]
    if not paths:
        sys.exit("usage: execute_notebooks.py NOTEBOOK.ipynb ...")
    for p in paths:
        print(f"{p}: executed in {execute(p):.1f} s", flush=True)
