"""Write the student copies of the notebooks: every solution replaced by a stub that raises.

    .venv/bin/python tools/make_student.py                 # notebooks/*.ipynb -> student/
    .venv/bin/python tools/make_student.py --out DIR NB.ipynb ...

In every code cell whose metadata has ``nbgrader.solution: true`` (an answer cell), the lines
from ``### BEGIN SOLUTION`` to ``### END SOLUTION`` become one line,
``raise NotImplementedError("Hint: ...")``, at the indentation of ``### BEGIN SOLUTION``; the
hint is the first ``# Hint:`` line between the markers. The answer cell loses its outputs and is
shown expanded (the lecturer copy keeps it collapsed); the check cell right after it loses its
outputs too (they report the lecturer's solution).

A cell that prints w2vlib's implementation of a function an exercise asks for (the functions of
``w2vlib.exercises.TARGETS``; found by its outputs, or by ``getsource`` and the function's name in
its code) loses its outputs, gets a first comment line saying to run it once the check passes,
and comes after that exercise's check cell. Sentences true only of the lecturer copy
(:data:`LECTURER_ONLY`) are rewritten. Everything else is kept as it is, including the nbgrader
metadata, so a course using nbgrader can still take the copies.

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

from w2vlib.exercises import TARGETS, target_functions

REPO = Path(__file__).resolve().parent.parent
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
HINT = re.compile(r"^\s*#\s*Hint:\s*(?P<hint>.*?)\s*$")
CHECK_CALL = re.compile(r"\b(check_\w+)\s*\(")
RUN_AFTER = "# Run this cell once your check above passes: it prints w2vlib's {names}."

#: Sentences true only of the lecturer copy, and what the student copy says instead:
#: {notebook number: [(lecturer's sentence, student's sentence)]}. A test checks that every
#: lecturer's sentence is still in its notebook.
LECTURER_ONLY = {
    "05": [("Try it before reading w2vlib's version below; the answer cell is collapsed.",
            "Try it before reading w2vlib's version below, which its cell prints once your check passes.")],
    "07": [("The answer cell is collapsed; w2vlib's version follows it.",
            "w2vlib's version follows the check cell; run it once your check passes.")],
}


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


def outputs_text(cell) -> str:
    """The text a code cell's stored outputs display (streams, plain text, Markdown, HTML)."""
    parts = []
    for out in cell.get("outputs", []):
        parts.append(out.get("text", ""))
        for mime in ("text/plain", "text/markdown", "text/html"):
            value = out.get("data", {}).get(mime, "")
            parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(parts)


def shown_functions(cell, names) -> list:
    """The names in ``names`` whose w2vlib implementation the code cell ``cell`` prints.

    A cell prints a function when its outputs hold ``def name(``, or, not executed yet, when a
    line of its code prints ``getsource(...)`` and the code names the function.
    """
    if cell.cell_type != "code":
        return []
    if cell.get("outputs"):
        shown = outputs_text(cell)
        return [name for name in names if re.search(rf"^\s*def {name}\(", shown, re.M)]
    prints_source = re.search(r"print\(\s*(inspect\.)?getsource\(", cell.source)
    return [name for name in names if prints_source and re.search(rf"\b{name}\b", cell.source)]


def _check_targets(cells) -> dict:
    """{index of a check cell: names of the w2vlib functions its exercise asks for}."""
    targets = {}
    for k, cell in enumerate(cells):
        if k and is_solution_cell(cells[k - 1]) and cell.cell_type == "code":
            names = [f.__name__ for check in CHECK_CALL.findall(cell.source) if check in TARGETS
                     for f in target_functions(check)]
            if names:
                targets[k] = names
    return targets


def hide_library_answers(cells) -> list:
    """``cells`` reordered so that no stored output shows w2vlib's answer to an exercise.

    A cell that prints the implementation of an exercise's function loses its outputs, starts
    with :data:`RUN_AFTER` and comes after the last check cell of the exercises it answers
    (where it already is, if it is after it).
    """
    targets = _check_targets(cells)
    names = list(dict.fromkeys(n for found in targets.values() for n in found))
    after: dict = {}                                   # check cell index -> cells moved after it
    kept = []
    for k, cell in enumerate(cells):
        shown = [] if k in targets or is_solution_cell(cell) else shown_functions(cell, names)
        if not shown:
            kept.append((k, cell))
            continue
        cell.outputs, cell.execution_count = [], None
        note = RUN_AFTER.format(names=", ".join(f"`{n}`" for n in shown))
        if not cell.source.startswith(note):
            cell.source = note + "\n" + cell.source
        last_check = max(c for c, found in targets.items() if set(found) & set(shown))
        if k < last_check:
            after.setdefault(last_check, []).append(cell)
        else:
            kept.append((k, cell))
    return [c for k, cell in kept for c in [cell] + after.get(k, [])]


def rewrite_lecturer_sentences(cells, name: str) -> None:
    """Replace, in the Markdown of notebook ``name``, the sentences true only of the lecturer copy."""
    for old, new in LECTURER_ONLY.get(Path(name).name[:2], []):
        for cell in cells:
            if cell.cell_type == "markdown" and old in cell.source:
                cell.source = cell.source.replace(old, new)


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
    nb.cells = hide_library_answers(cells)
    rewrite_lecturer_sentences(nb.cells, name)
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
