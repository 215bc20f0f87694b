"""Student copies (tools/make_student.py) and the exercise convention of every notebook.

The tool is tested on a small synthetic notebook (fast, no kernel). Over the real notebooks:
a static test of the convention (an answer cell with nbgrader metadata and a hint, then ONE
check cell); the student copies, written to a temporary folder, show no stored output holding
w2vlib's source of a function an exercise asks for and no sentence true only of the lecturer
copy; and one kernel per notebook that has exercises, which runs the student copy top to
bottom (no error output; every check says "not attempted yet") and then, in the same kernel,
only the lecturer's answer cells and their check cells (every check passes).
"""
import importlib.util
import inspect
import io
import re
from contextlib import redirect_stdout
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

import w2vlib
from w2vlib import exercises

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
CHECK_NAMES = sorted(n for n in dir(exercises) if n.startswith("check_"))
CHECK_CALL = re.compile(r"\b(" + "|".join(CHECK_NAMES) + r")\s*\(")
ANY_CHECK_DEF = re.compile(r"^def (check_\w+)\s*\(", re.M)

_spec = importlib.util.spec_from_file_location("make_student", REPO / "tools" / "make_student.py")
make_student = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_student)


def solution_cell(source, grade_id="99-ex1", outputs=()):
    cell = new_code_cell(source, outputs=list(outputs), execution_count=3)
    cell.metadata = {"nbgrader": {"grade": False, "grade_id": grade_id, "locked": False, "schema_version": 3,
                                  "solution": True, "task": False},
                     "jupyter": {"source_hidden": True}}
    return cell


ANSWER_1 = '''import numpy as np

def my_sigmoid(x):
    """σ(x), elementwise."""
    ### BEGIN SOLUTION
    # Hint: use e^(-|x|) so nothing overflows; "np.where" picks the branch.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))
    ### END SOLUTION'''

ANSWER_2 = '''class Grads:
    def sigmoid_grad(self, x):
        ### BEGIN SOLUTION
        # Hint: σ'(x) = σ(x) σ(-x).
        return my_sigmoid(x) * my_sigmoid(-x)
        ### END SOLUTION

    def leaky(self, x, alpha=0.01):
        ### BEGIN SOLUTION
        # Hint: 1 for x > 0, alpha otherwise.
        return np.where(x > 0, 1.0, alpha)
        ### END SOLUTION

grads = Grads()'''


def synthetic_notebook():
    printed = new_output("stream", name="stdout", text="check_sigmoid: all 7 checks passed\n")
    return new_notebook(cells=[
        new_markdown_cell("# Exercises\nWrite `my_sigmoid`. ### BEGIN SOLUTION in Markdown is just text."),
        solution_cell(ANSWER_1, "99-ex1", [new_output("stream", name="stdout", text="the solution printed this\n")]),
        new_code_cell("from w2vlib import exercises\nprint(exercises.check_sigmoid(my_sigmoid))", outputs=[printed],
                      execution_count=4),
        solution_cell(ANSWER_2, "99-ex2"),
        new_code_cell("print(exercises.check_sigmoid_grad(grads.sigmoid_grad))\n"
                      "print(exercises.check_leaky_relu_grad(grads.leaky))", execution_count=6),
        new_code_cell("# a cell that is no answer keeps everything\n# ### BEGIN SOLUTION (a comment, not a marker)",
                      outputs=[new_output("stream", name="stdout", text="kept\n")], execution_count=7),
    ])


def run_in_process(nb):
    """Execute the code cells in one namespace (no kernel); return the printed text."""
    ns, buf = {}, io.StringIO()
    with redirect_stdout(buf):
        for cell in nb.cells:
            if cell.cell_type == "code":
                exec(compile(cell.source, "<cell>", "exec"), ns)
    return buf.getvalue()


# ----- the tool, on a synthetic notebook ------------------------------------------------------
def test_stubs_replace_the_solution_at_its_indentation_with_its_hint():
    nb = synthetic_notebook()
    before = nbformat.writes(nb)
    student = make_student.student_copy(nb, "synthetic")
    assert nbformat.writes(nb) == before                      # the lecturer copy is untouched
    assert student.cells[1].source == ANSWER_1.split("    ### BEGIN")[0] + \
        '    raise NotImplementedError("Hint: use e^(-|x|) so nothing overflows; \\"np.where\\" picks the branch.")'
    stubbed = student.cells[3].source
    assert '        raise NotImplementedError("Hint: σ\'(x) = σ(x) σ(-x).")' in stubbed
    assert '        raise NotImplementedError("Hint: 1 for x > 0, alpha otherwise.")' in stubbed
    assert "SOLUTION" not in stubbed and "my_sigmoid(-x)" not in stubbed and stubbed.endswith("grads = Grads()")
    for k in (1, 2, 3, 4):                                    # answers and their checks: no outputs
        assert student.cells[k].outputs == [] and student.cells[k].execution_count is None
    for k in (1, 3):                                          # metadata kept, the stub shown expanded
        assert student.cells[k].metadata["nbgrader"] == nb.cells[k].metadata["nbgrader"]
        assert "jupyter" not in student.cells[k].metadata
    for k in (0, 5):                                          # everything else as it was
        assert student.cells[k] == nb.cells[k]
    nbformat.validate(student)


def test_synthetic_student_copy_runs_and_reports_not_attempted_then_the_solution_passes():
    nb = synthetic_notebook()
    printed = run_in_process(make_student.student_copy(nb))
    assert printed.count("not attempted yet") == 3 and "passed" not in printed and "failed" not in printed
    printed = run_in_process(nb)
    assert printed.count("checks passed") == 3 and "failed" not in printed


@pytest.mark.parametrize("source, message", [
    ("def f():\n    ### BEGIN SOLUTION\n    # Hint: x\n    return 1\n", "has no '### END SOLUTION'"),
    ("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n", "no '# Hint: ...' line"),
    ("def f():\n    ### BEGIN SOLUTION\n    # Hint:\n    return 1\n    ### END SOLUTION\n", "no '# Hint: ...' line"),
    ("def f():\n    return 1\n", "without '### BEGIN SOLUTION'"),
    ("def f():\n    ### END SOLUTION\n", "without a '### BEGIN SOLUTION' before it"),
    ("### BEGIN SOLUTION\n# Hint: a\n### BEGIN SOLUTION\n### END SOLUTION\n", "inside another solution block"),
])
def test_a_malformed_solution_cell_is_an_error_naming_it(source, message):
    nb = new_notebook(cells=[new_markdown_cell("x"), solution_cell(source)])
    with pytest.raises(ValueError, match=re.escape(message)) as err:
        make_student.student_copy(nb, "07-x.ipynb")
    assert "07-x.ipynb, cell 1" in str(err.value)


def test_command_line_writes_the_copies_and_refuses_a_bad_notebook(tmp_path, capsys):
    good, bad = tmp_path / "01-good.ipynb", tmp_path / "02-bad.ipynb"
    nbformat.write(synthetic_notebook(), good)
    nbformat.write(new_notebook(cells=[solution_cell("def f():\n    return 1\n")]), bad)
    assert make_student.main(["--out", str(tmp_path / "student"), str(good)]) == 0
    assert "3 stub(s)" in capsys.readouterr().out
    copy = nbformat.read(tmp_path / "student" / "01-good.ipynb", as_version=4)
    assert "BEGIN SOLUTION" not in copy.cells[1].source
    assert make_student.main(["--out", str(tmp_path / "other"), str(bad)]) == 1
    assert "02-bad.ipynb, cell 0" in capsys.readouterr().err


def printed(fn):
    """A cell that prints w2vlib's source of ``fn``, with that output stored."""
    return new_code_cell(f"print(inspect.getsource({fn.__name__}))", execution_count=9,
                         outputs=[new_output("stream", name="stdout", text=inspect.getsource(fn))])


def test_a_cell_printing_an_answer_comes_after_its_check_without_outputs():
    nb = synthetic_notebook()
    nb.cells.insert(1, printed(w2vlib.sigmoid))              # before the exercise that asks for it
    nb.cells.insert(4, printed(w2vlib.log_sigmoid))          # no exercise asks for log_sigmoid
    nb.cells.append(printed(w2vlib.leaky_relu_grad))         # after its check already
    unexecuted = new_code_cell("for f in (sigmoid_grad, softmax):\n    print(inspect.getsource(f))")
    nb.cells.append(unexecuted)
    student = make_student.student_copy(nb, "synthetic")
    sources = [c.source.split("\n") for c in student.cells]
    note = "# Run this cell once your check above passes: it prints w2vlib's "
    assert sources[3] == [note + "`sigmoid`.", "print(inspect.getsource(sigmoid))"]
    assert "check_sigmoid(" in student.cells[2].source and student.cells[1].outputs == []   # check, then it
    assert student.cells[4] == nb.cells[4]                      # log_sigmoid: kept as it is
    assert sources[-2][0] == note + "`leaky_relu_grad`." and sources[-1][0] == note + "`sigmoid_grad`."
    for cell in (student.cells[3], student.cells[-2], student.cells[-1]):
        assert cell.outputs == [] and cell.execution_count is None
    assert len(student.cells) == len(nb.cells)
    assert "def sigmoid(" not in "".join(map(make_student.outputs_text, student.cells[:3]))
    again = make_student.hide_library_answers(nbformat.reads(nbformat.writes(student), as_version=4).cells)
    # idempotent: one note, the same order
    assert [c.source for c in again] == [c.source for c in student.cells]
    nbformat.validate(student)


def test_lecturer_only_sentences_are_rewritten_by_notebook_number():
    (number, pairs), = [(n, p) for n, p in make_student.LECTURER_ONLY.items() if n == "07"]
    old, new = pairs[0]
    nb = synthetic_notebook()
    nb.cells[0].source += f"\n{old}"
    assert new in make_student.student_copy(nb, f"{number}-window.ipynb").cells[0].source
    assert old in make_student.student_copy(nb, "05-other.ipynb").cells[0].source     # another notebook's table


# ----- every notebook follows the convention (static, fast) -----------------------------------
def exercises_of(nb):
    """[(answer cell index, check cell index)] and the problems found with the convention."""
    pairs, problems = [], []
    cells = nb.cells
    for k, cell in enumerate(cells):
        is_check = cell.cell_type == "code" and CHECK_CALL.search(cell.source) and not make_student.is_solution_cell(cell)
        if make_student.is_solution_cell(cell):
            nxt = cells[k + 1] if k + 1 < len(cells) else None
            local = nxt is not None and nxt.cell_type == "code" and ANY_CHECK_DEF.search(nxt.source)
            if local:
                problems.append(f"cell {k + 1}: the check {local.group(1)} is defined in the notebook; a check is "
                                "w2vlib.exercises code, tested against wrong implementations")
            elif nxt is None or nxt.cell_type != "code" or not CHECK_CALL.search(nxt.source):
                problems.append(f"cell {k}: an answer cell not followed by its check cell")
            else:
                pairs.append((k, k + 1))
        elif is_check and not (k > 0 and make_student.is_solution_cell(cells[k - 1])):
            problems.append(f"cell {k}: a check cell ({CHECK_CALL.search(cell.source).group(1)}) "
                            "without an answer cell (nbgrader solution: true) right above it")
    return pairs, problems


#: The w2vlib function each check's exercise asks the student to write.
REIMPLEMENTS = {
    "check_softmax": "softmax", "check_cross_entropy": "cross_entropy",
    "check_naive_softmax": "naive_softmax_loss_and_gradient", "check_sigmoid": "sigmoid",
    "check_sigmoid_grad": "sigmoid_grad", "check_leaky_relu_grad": "leaky_relu_grad",
    "check_neg_sampling": "neg_sampling_loss_and_gradient", "check_skipgram": "skipgram",
    "check_pca_coordinates": "pca_coordinates", "check_analogy_rank": "analogy_rank",
    "check_neighbours": "nearest_neighbours", "check_shifted_pmi": "shifted_pmi",
    "check_keep_probability": "keep_probability", "check_cbow": "cbow",
    "check_hierarchical_softmax": "hierarchical_softmax_loss_and_gradient",
}


def _shown_text(cell):
    """What a reader sees of a cell: Markdown, or a code cell's outputs (printed source included)."""
    return cell.source if cell.cell_type != "code" else make_student.outputs_text(cell)


def test_every_check_has_its_library_function():
    assert set(REIMPLEMENTS) == set(CHECK_NAMES) == set(exercises.TARGETS)
    for check, name in REIMPLEMENTS.items():                   # the library's table agrees with this one
        assert exercises.target_functions(check)[0].__name__ == name


def convention_problems(nb, number, name="notebook"):
    """Everything in ``nb`` that breaks the exercise convention (README, "For lecturers"), as messages."""
    pairs, problems = exercises_of(nb)
    ids = [nb.cells[a].metadata["nbgrader"].get("grade_id") for a, _ in pairs]
    if ids != [f"{number}-ex{k}" for k in range(1, len(ids) + 1)]:
        problems.append(f"grade_ids {ids}; expected {number}-ex1, {number}-ex2, ... in order")
    for a, _ in pairs:
        meta = nb.cells[a].metadata
        expected = {"grade": False, "locked": False, "schema_version": 3, "solution": True, "task": False}
        if {k: meta["nbgrader"].get(k) for k in expected} != expected:
            problems.append(f"cell {a}: nbgrader metadata {meta['nbgrader']}")
        if not meta.get("jupyter", {}).get("source_hidden"):
            problems.append(f"cell {a}: the lecturer's solution is not collapsed (jupyter.source_hidden)")
        body = nb.cells[a].source.split(make_student.BEGIN, 1)[-1].strip().split("\n")
        if not make_student.HINT.match(body[0]):
            problems.append(f"cell {a}: the first line inside the solution is not '# Hint: ...'")
    for a, c in pairs:
        name = REIMPLEMENTS.get(CHECK_CALL.search(nb.cells[c].source).group(1))
        shown = [k for k in range(a) if f"def {name}(" in _shown_text(nb.cells[k])]
        if name and shown:
            problems.append(f"cell {a}: the exercise follows a printed copy of w2vlib's {name} (cell {shown[0]})")
    try:
        make_student.student_copy(nb, name)
    except ValueError as exc:
        problems.append(str(exc))
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_notebook_follows_the_exercise_convention(path):
    problems = convention_problems(nbformat.read(path, as_version=4), path.name[:2], path.name)
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_the_convention_test_catches_each_breach():
    assert convention_problems(synthetic_notebook(), "99") == []
    breaches = {
        "without an answer cell": lambda nb: nb.cells.insert(5, new_code_cell("print(exercises.check_softmax(f))")),
        "not followed by its check cell": lambda nb: nb.cells.pop(2),
        "grade_ids": lambda nb: nb.cells[3].metadata["nbgrader"].update(grade_id="99-ex7"),
        "not collapsed": lambda nb: nb.cells[1].metadata.pop("jupyter"),
        "check check_mine is defined in the notebook": lambda nb: setattr(
            nb.cells[2], "source", "def check_mine(fn):\n    return 'ok'\nprint(check_mine(my_sigmoid))"),
        "nbgrader metadata": lambda nb: nb.cells[1].metadata["nbgrader"].update(locked=True),
        "not '# Hint: ...'": lambda nb: setattr(nb.cells[1], "source", nb.cells[1].source.replace(
            "# Hint: use", "e = 0\n    # Hint: use")),
        "printed copy of w2vlib's sigmoid (cell 0)": lambda nb: nb.cells[0].update(
            source="```python\ndef sigmoid(x):\n    ...\n```"),
        "has no '### END SOLUTION'": lambda nb: setattr(nb.cells[3], "source", nb.cells[3].source.replace(
            "### END SOLUTION\n\ngrads", "\ngrads")),
    }
    for message, breach in breaches.items():
        nb = synthetic_notebook()
        breach(nb)
        assert any(message in p for p in convention_problems(nb, "99")), message


def test_every_check_is_used_by_a_notebook():
    used = set()
    for path in NOTEBOOKS:
        used |= set(CHECK_CALL.findall("\n".join(c.source for c in nbformat.read(path, as_version=4).cells)))
    assert set(CHECK_NAMES) - used == set(), "checks no notebook uses"


@pytest.fixture(scope="module")
def student_copies(tmp_path_factory):
    """The student copies of every notebook, written by the tool into a temporary folder."""
    return make_student.write_student_copies(NOTEBOOKS, tmp_path_factory.mktemp("student"))


def library_answers():
    """(function name, its source) of every w2vlib function an exercise asks for."""
    return [(f.__name__, inspect.getsource(f)) for check in exercises.TARGETS
            for f in exercises.target_functions(check)]


def answers_shown(nb):
    """Where a stored output of ``nb`` shows the source of an exercise's library function."""
    found = []
    for k, cell in enumerate(nb.cells):
        text = make_student.outputs_text(cell) if cell.cell_type == "code" else ""
        found += [f"cell {k}: w2vlib's {name}" for name, source in library_answers()
                  if source in text or source.splitlines()[0].strip() in text]
    return found


def test_no_student_copy_shows_the_library_answer_of_an_exercise(student_copies):
    lecturer = [p.name for p in NOTEBOOKS if answers_shown(nbformat.read(p, as_version=4))]
    assert lecturer, "no lecturer copy prints an exercise's function: this test would see nothing"
    shown = {p.name: answers_shown(nbformat.read(p, as_version=4)) for p in student_copies}
    assert not any(shown.values()), shown


def test_lecturer_only_sentences_are_still_in_their_notebooks_and_not_in_the_student_copies(student_copies):
    def markdown(path):
        return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    by_number = {p.name[:2]: p for p in NOTEBOOKS}
    for number, pairs in make_student.LECTURER_ONLY.items():
        for old, new in pairs:
            assert old in markdown(by_number[number]), \
                f"{number}: {old!r} is no longer in the notebook; update make_student.LECTURER_ONLY"
    for path in student_copies:
        found = re.findall(r"[^.]*(?:answer cell is collapsed|collapsed solution)[^.]*", markdown(path), re.I)
        assert not found, f"{path.name} (student copy): {found}"


# ----- every student copy runs clean; every lecturer solution passes (one kernel each) ---------
WITH_EXERCISES = [p for p in NOTEBOOKS
                  if any(map(make_student.is_solution_cell, nbformat.read(p, as_version=4).cells))]
FILLED = "w2vlib-test-filled"


@pytest.fixture(scope="module")
def executed():
    """Run each notebook's student copy, then its lecturer answers and checks, in one kernel (cached)."""
    from nbclient import NotebookClient
    cache = {}

    def run(path):
        if path not in cache:
            lecturer = nbformat.read(path, as_version=4)
            nb = make_student.student_copy(lecturer, path.name)
            n_student = len(nb.cells)
            for a, c in exercises_of(lecturer)[0]:
                for k in (a, c):
                    cell = new_code_cell(lecturer.cells[k].source)
                    cell.metadata[FILLED] = k
                    nb.cells.append(cell)
            NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                           resources={"metadata": {"path": str(path.parent)}}).execute()
            cache[path] = nb, n_student
        return cache[path]
    return run


def _text(cell):
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream")


def _errors(cells):
    return [f"cell {k}: {o.ename}: {o.evalue}" for k, c in cells for o in c.get("outputs", [])
            if o.output_type == "error"]


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.name[:2])
def test_student_copy_runs_top_to_bottom_without_error(path, executed):
    nb, n_student = executed(path)
    student = list(enumerate(nb.cells[:n_student]))
    assert _errors(student) == []
    checks = [(k, c) for k, c in student if c.cell_type == "code" and CHECK_CALL.search(c.source)
              and k > 0 and make_student.is_solution_cell(nb.cells[k - 1])]
    assert checks
    for k, cell in checks:
        lines = [ln for ln in _text(cell).splitlines() if ln.startswith("check_")]
        assert lines and all("not attempted yet" in ln for ln in lines), f"cell {k}: {_text(cell)}"


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.name[:2])
def test_lecturer_solutions_pass_every_check(path, executed):
    nb, n_student = executed(path)
    filled = [(c.metadata[FILLED], c) for c in nb.cells[n_student:]]
    assert _errors(filled) == []
    checks = [(k, c) for k, c in filled if CHECK_CALL.search(c.source)]
    assert checks
    for k, cell in checks:
        lines = [ln for ln in _text(cell).splitlines() if ln.startswith("check_")]
        assert lines and all(re.fullmatch(r"check_\w+: all \d+ checks passed", ln) for ln in lines), \
            f"cell {k}: {_text(cell)}"
