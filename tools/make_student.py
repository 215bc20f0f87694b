"""Write the student copies of the notebooks: every solution replaced by a stub that raises.

    .venv/bin/python tools/make_student.py                 # notebooks/*.ipynb -> student/
    .venv/bin/python tools/make_student.py --out DIR NB.ipynb ...

In every code cell whose metadata has ``nbgrader.solution: true`` (an answer cell), the lines
from ``### BEGIN SOLUTION`` to ``### END SOLUTION`` become one line,
``raise NotImplementedError("Hint: ...")``, at the indentation of ``### BEGIN SOLUTION``; the
hint is the first ``# Hint:`` line between the markers. The answer cell loses its outputs and is
shown expanded (the lecturer copy keeps it collapsed); the check cell right after it loses its
outputs too (they report the lecturer's solution). Everything else is kept as it is, including
the nbgrader metadata, so a course using nbgrader can still take the copies.

A solution cell without both markers, or a solution block without a ``# Hint:`` line, is an error
naming the notebook and the cell: the tool never writes a copy that still holds a solution.
"""
from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
HINT = re.compile(r"^\s*#\s*Hint:\s*(?P<hint>.*?)\s*$")


def is_solution_cell(cell) -> bool:
    """An answer cell: a code cell marked ``nbgrader.solution: true``."""
    return cell.cell_type == "code" and bool(cell.metadata.get("nbgrader", {}).get("solution", False))


def stub_source(source: str, where: str = "cell") -> str:
    """``source`` with every BEGIN..END SOLUTION block replaced by a raising stub.

    ``where`` names the cell in error messages.
    """
    lines = source.split("\n")
    out, i, blocks = [], 0, 0
    while i < len(lines):
        line = lines[i]
        if line.strip() == END:
            raise ValueError(f"{where}: '{END}' on line {i + 1} without a '{BEGIN}' before it")
        if line.strip() != BEGIN:
            out.append(line)
            i += 1
            continue
        indent = line[: len(line) - len(line.lstrip())]
        try:
            end = next(j for j in range(i + 1, len(lines)) if lines[j].strip() in (BEGIN, END))
        except StopIteration:
            raise ValueError(f"{where}: '{BEGIN}' on line {i + 1} has no '{END}'") from None
        if lines[end].strip() == BEGIN:
            raise ValueError(f"{where}: '{BEGIN}' on line {end + 1} inside another solution block")
        hints = [m.group("hint") for m in map(HINT.match, lines[i + 1:end]) if m]
        if not hints or not hints[0]:
            raise ValueError(f"{where}: the solution block on lines {i + 1}-{end + 1} has no '# Hint: ...' line")
        out.append(f"{indent}raise NotImplementedError({json.dumps('Hint: ' + hints[0], ensure_ascii=False)})")
        blocks += 1
        i = end + 1
    if not blocks:
        raise ValueError(f"{where}: a solution cell (nbgrader solution: true) without '{BEGIN}' ... '{END}'")
    return "\n".join(out)


def student_copy(nb, name: str = "notebook"):
    """A student copy of the notebook ``nb`` (an nbformat node); ``nb`` is not modified."""
    nb = copy.deepcopy(nb)
    cells = nb.cells
    for k, cell in enumerate(cells):
        if not is_solution_cell(cell):
            continue
        cell.source = stub_source(cell.source, f"{name}, cell {k}")
        cell.outputs, cell.execution_count = [], None
        cell.metadata.get("jupyter", {}).pop("source_hidden", None)
        if cell.metadata.get("jupyter") == {}:
            del cell.metadata["jupyter"]
        nxt = cells[k + 1] if k + 1 < len(cells) else None
        if nxt is not None and nxt.cell_type == "code" and not is_solution_cell(nxt):
            nxt.outputs, nxt.execution_count = [], None
    return nb


def write_student_copies(paths, out_dir: Path) -> list[Path]:
    """Write ``out_dir/<name>.ipynb`` for each notebook path; return the written paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in map(Path, paths):
        nb = nbformat.read(path, as_version=4)
        copy_ = student_copy(nb, path.name)
        nbformat.validate(copy_)
        target = out_dir / path.name
        nbformat.write(copy_, target)
        written.append(target)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to copy (default: notebooks/[0-9][0-9]-*.ipynb)")
    parser.add_argument("--out", type=Path, default=REPO / "student", help="output folder (default: student/)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    if not paths:
        parser.error("no notebooks found")
    try:
        written = write_student_copies(paths, args.out)
    except ValueError as exc:
        print(f"make_student: {exc}", file=sys.stderr)
        return 1
    for path in written:
        nb = nbformat.read(path, as_version=4)
        n = sum(source.count("raise NotImplementedError(") for source in
                (c.source for c in nb.cells if is_solution_cell(c)))
        shown = path.resolve().relative_to(Path.cwd()) if path.resolve().is_relative_to(Path.cwd()) else path
        print(f"{shown}: {n} stub(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
