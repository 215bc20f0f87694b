"""The machinery of the exercise self-checks: the report, the runner that calls the student's
function and spies on the library function it re-implements, and the comparisons."""

from __future__ import annotations

import copy
import functools
import re
import sys
import warnings
from dataclasses import dataclass, field

import numpy as np

from ..negsamp import ReplayDataset
from ..toy import ToyDataset
from ..vectors import WordVectors
from ._diagnose import global_read_diagnosis, matching_pattern, unwrap, uses_where
from ._targets import spied


#: w2vlib.exercises: its modules hold the checks' reference calls, which the spies must not see.
_PACKAGE = __name__.rpartition(".")[0]


# ----- the report ----------------------------------------------------------------------------
@dataclass
class CheckReport:
    """The outcome of a ``check_*`` call.

    ``items`` holds one ``(label, problem)`` pair per check, ``problem`` None when it passed;
    their number does not depend on the outcome. ``attempted`` is False when the function
    raised ``NotImplementedError`` on its first call (then ``items`` is empty).

    Printed, it gives one line per distinct problem: checks whose problems differ only in their
    numbers share a line, "<problem> (in 5 of 9 checks, first in “<case>”)".
    """
    name: str
    function: str = "your function"
    total: int = 0
    items: list = field(default_factory=list)
    attempted: bool = True
    stub_message: str = ""
    notes: list = field(default_factory=list)

    @property
    def n_checks(self) -> int:
        return self.total

    @property
    def problems(self) -> list:
        return [f"{label}: {problem}" for label, problem in self.items if problem is not None]

    @property
    def n_failed(self) -> int:
        return len(self.problems)

    @property
    def passed(self) -> bool:
        return self.attempted and self.total > 0 and len(self.items) == self.total and not self.problems

    def __str__(self) -> str:
        if not self.attempted:
            return (f"{self.name}: not attempted yet ({self.function} raises NotImplementedError"
                    f"{': ' + self.stub_message if self.stub_message else ''}); "
                    f"{self.total} checks will run once it returns a value")
        if self.passed:
            lines = [f"{self.name}: all {self.total} checks passed"]
        else:
            lines = [f"{self.name}: {self.n_failed} of {self.total} checks failed"]
            lines += [f"  - {p}" for p in self._distinct_problems()]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    def _distinct_problems(self) -> list:
        """One line per problem; problems that differ only in their numbers share one line."""
        groups: dict = {}
        for label, problem in self.items:
            if problem is not None:
                groups.setdefault(_NUMBER.sub("#", problem), []).append((label, problem))
        return [f"{members[0][0]}: {members[0][1]}" if len(members) == 1 else
                f"{members[0][1]} (in {len(members)} of {self.total} checks, first in {_case(members[0][0])})"
                for members in groups.values()]

    def _repr_pretty_(self, p, cycle):
        p.text(str(self))


_NUMBER = re.compile(r"[-+]?\d+(\.\d*)?([eE][-+]?\d+)?")


def _case(label: str) -> str:
    """A case's label in a sentence; typographic quotes, as labels hold ASCII ones."""
    return f"“{label}”"


class _Problem(Exception):
    """A failed check: the message says what is wrong.

    ``symptom`` is set when the function raised or returned an array of the wrong shape, the
    symptoms of a function that reads the notebook's arrays instead of its arguments.
    """

    def __init__(self, message: str, symptom: str | None = None):
        super().__init__(message)
        self.symptom = symptom


class _Stub(Exception):
    """The student's function raised NotImplementedError."""


_SKIP_COPY = (ReplayDataset, ToyDataset)      # stateful by design: drawing from them is their use


def _same(a, b) -> bool:
    """Is ``a`` (after the call) still equal to its snapshot ``b``?"""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, WordVectors):
        return _same(vars(a), vars(b))
    return bool(a == b)


#: How to keep np.where's discarded branch from warning, per check (None: the exponentials of sigmoid and its users).
_WHERE_FIX = {None: "exponentiate only numbers <= 0 (np.exp(-np.abs(x)))",
              "check_cross_entropy": "take the log only where y > 0 (np.log(y_hat[y > 0]))"}


class _Runner:
    """Runs the cases of one check and keeps what the fixed final checks need."""

    def __init__(self, name: str, fn, warnings_fail: bool = False):
        self.warnings_fail = warnings_fail  # the exercise asks for no floating-point warnings
        self.report = CheckReport(name, getattr(fn, "__name__", type(fn).__name__))
        self.fn = fn
        self.reimplements = spied(name)    # [(display name, owner, attribute)]
        self.mutated: list = []
        self.calls = 0
        self.hits: set = set()
        self.floating: list = []

    # -- calling the student's function
    def call(self, case: str, *args, names: tuple = ()):
        """Call the student's function on ``args``; record changed arguments and FP warnings."""
        snapshots = [None if isinstance(a, _SKIP_COPY) else copy.deepcopy(a) for a in args]
        kinds: list = []
        self.calls += 1
        try:
            with np.errstate(all="call", under="ignore", call=lambda kind, flag: kinds.append(kind)), \
                    warnings.catch_warnings():
                warnings.simplefilter("ignore")
                out = self.fn(*args)
        except NotImplementedError as exc:
            raise _Stub(str(exc)) from None
        except Exception as exc:  # the student's bug is reported, not raised
            raise _Problem(f"raised {type(exc).__name__}: {exc}", symptom=f"raised {type(exc).__name__}") from None
        finally:
            for i, (a, snap) in enumerate(zip(args, snapshots)):
                if snap is not None and not _same(a, snap):
                    label = names[i] if i < len(names) else f"argument {i + 1}"
                    self.mutated.append((label, case))
        if self.warnings_fail and kinds:
            raise _Problem(f"numpy reported {' and '.join(dict.fromkeys(kinds))} inside your function; this "
                           "exercise asks for none (compute only where it is defined, e.g. with a mask)")
        self.floating += [(case, k) for k in dict.fromkeys(kinds)]
        return out

    # -- replacing the library function by a spy
    def _spy(self, display, original):
        hits = self.hits

        @functools.wraps(original)
        def spy(*args, **kwargs):
            caller = sys._getframe(1).f_globals.get("__name__", "")
            if not (caller == "w2vlib" or caller.startswith("w2vlib.")):
                hits.add(f"calls w2vlib.{display}")
            return original(*args, **kwargs)
        return spy

    def _student_namespaces(self):
        fn = unwrap(self.fn)      # partials and bound methods wrap the function
        seen = []
        g = getattr(fn, "__globals__", None)
        if isinstance(g, dict):
            seen.append(g)
        return seen, getattr(fn, "__closure__", None) or ()

    @staticmethod
    def _library_namespaces() -> list:
        """The globals of every loaded w2vlib module outside this package (the checks' reference
        calls are not the student's)."""
        return [vars(m) for n, m in list(sys.modules.items())
                if m is not None and (n == "w2vlib" or n.startswith("w2vlib."))
                and n != _PACKAGE and not n.startswith(_PACKAGE + ".")]

    def _replace_in_namespaces(self, namespaces, original, spy) -> None:
        for ns in namespaces:
            for key, value in list(ns.items()):
                if value is original:
                    self._undo.append((ns, key, original, "dict"))
                    ns[key] = spy

    def _replace_in_cells(self, closure, original, spy) -> None:
        for cell in closure:
            try:
                if cell.cell_contents is original:
                    self._undo.append((cell, None, original, "cell"))
                    cell.cell_contents = spy
            except ValueError:   # an empty cell
                pass

    def _patch(self, display, owner, attr, namespaces, closure) -> None:
        """Replace the library function ``owner.attr`` by a spy wherever the student or w2vlib sees it."""
        original = getattr(owner, attr)
        if isinstance(original, property):
            return
        if self.fn is original:
            self.hits.add(f"is w2vlib.{display} itself")
        spy = self._spy(display, original)
        targets = self._library_namespaces()
        if isinstance(owner, type):
            self._undo.append((owner, attr, original, "attr"))
            setattr(owner, attr, spy)
        self._replace_in_namespaces(targets + namespaces, original, spy)
        self._replace_in_cells(closure, original, spy)

    def __enter__(self):
        self._undo = []
        namespaces, closure = self._student_namespaces()
        for display, owner, attr in self.reimplements:
            self._patch(display, owner, attr, namespaces, closure)
        return self

    def __exit__(self, *exc):
        for target, key, original, kind in reversed(self._undo):
            if kind == "attr":
                setattr(target, key, original)
            elif kind == "dict":
                target[key] = original
            else:
                target.cell_contents = original
        return False

    def _run_cases(self, cases: list) -> bool:
        """Run each (label, callable) into the report; False if the first one found a stub."""
        report = self.report
        for label, case in cases:
            try:
                case()
            except _Stub as exc:
                if not report.items:
                    report.attempted, report.stub_message = False, str(exc)
                    return False
                report.items.append((label, f"raised NotImplementedError: {exc}"))
            except _Problem as exc:
                diagnosis = exc.symptom and global_read_diagnosis(self.fn, exc.symptom)
                report.items.append((label, diagnosis or str(exc)))
            except Exception as exc:  # anything odd the function returned: still a report
                report.items.append((label, f"the result could not be compared ({type(exc).__name__}: {exc})"))
            else:
                report.items.append((label, None))
        return True

    def _unchanged_item(self) -> tuple:
        changed = {}
        for label, case in self.mutated:
            changed.setdefault(label, []).append(case)
        return ("leaves its arguments unchanged",
                None if not changed else
                "; ".join(f"modified {label} (in {len(cases)} of {self.calls} calls, "
                          f"first in {_case(cases[0])})" for label, cases in changed.items())
                + ": work on a copy or build a new array")

    def _own_code_item(self) -> tuple:
        names = ", ".join(f"w2vlib.{d}" for d, _, _ in self.reimplements)
        return (f"does its own computation (does not call {names})",
                None if not self.hits else
                f"it {' and '.join(sorted(self.hits))}: write the computation yourself")

    def _floating_notes(self) -> list:
        """One note for the floating-point warnings in the calls whose results were right."""
        failed = {label for label, p in self.report.items if p is not None}
        warned = [(case, kind) for case, kind in dict.fromkeys(self.floating) if case not in failed]
        if not warned:
            return []
        kinds = " and ".join(dict.fromkeys(kind for _, kind in warned))
        cases = list(dict.fromkeys(case for case, _ in warned))
        where = (": np.where computes both branches for every element before it picks one, so the branch it "
                 f"discards still warns; {_WHERE_FIX.get(self.report.name, _WHERE_FIX[None])} and nothing will"
                 if uses_where(self.fn) else "")
        return [f"numpy reported {kinds} inside your function "
                f"({f'in {len(cases)} calls, first' if len(cases) > 1 else 'in'} {_case(cases[0])}); "
                f"the results are right, so this does not count{where}"]

    def run(self, cases: list, types: tuple) -> CheckReport:
        """Run ``cases`` ([(label, callable)]) then the fixed type, argument and own-code checks."""
        report = self.report
        report.total = len(cases) + 3
        with self:
            if not self._run_cases(cases + [types]):
                return report
        report.items.append(self._unchanged_item())
        report.items.append(self._own_code_item())
        report.notes.extend(self._floating_notes())
        return report


# ----- comparisons ---------------------------------------------------------------------------
def _values(got, expected, label, rtol=1e-6, atol=1e-8):
    """Compare values (any array-like); raise _Problem naming the first difference."""
    expected = np.asarray(expected, dtype=np.float64)
    try:
        arr = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        raise _Problem(f"{label} is not numeric (got {type(got).__name__})") from None
    if arr.shape != expected.shape:
        raise _Problem(f"{label} has shape {arr.shape}, expected {expected.shape}",
                       symptom=f"{label} has shape {arr.shape}")
    bad = ~np.isfinite(arr) & np.isfinite(expected)
    if bad.any():
        ix = tuple(int(i) for i in np.argwhere(bad)[0])
        raise _Problem(f"{label} holds {arr[ix]}{_at(ix)} where the answer is {expected[ix]:.6g}")
    close = np.isclose(arr, expected, rtol=rtol, atol=atol)
    if not np.all(close):
        ix = tuple(int(i) for i in np.argwhere(~close)[0])
        raise _Problem(f"{label} differs{_at(ix)}: yours {arr[ix]:.10g}, expected {expected[ix]:.10g}")


def _at(ix: tuple) -> str:
    """The place of a differing entry in a message: " at index (2, 0)", nothing for a scalar."""
    return f" at index {ix}" if ix else ""


def _float_array(got, label, shape):
    """The returned value must be a float64 numpy array of ``shape``."""
    if not isinstance(got, np.ndarray):
        raise _Problem(f"{label} is a {type(got).__name__}; return a numpy array")
    if got.dtype != np.float64:
        raise _Problem(f"{label} has dtype {got.dtype}; expected float64 (float32 loses digits the checks need)")
    if got.shape != shape:
        raise _Problem(f"{label} has shape {got.shape}, expected {shape}",
                       symptom=f"{label} has shape {got.shape}")


def _python_float(got, label):
    """The returned value must be a float (np.float64 is one), not a 0-d array or float32."""
    if isinstance(got, bool) or not isinstance(got, float):
        if isinstance(got, np.ndarray):
            raise _Problem(f"{label} is a numpy array of shape {got.shape}; return a float (e.g. float(...))")
        raise _Problem(f"{label} is a {type(got).__name__}; return a float (float64)")


def _triple(out, labels):
    if not isinstance(out, tuple) or len(out) != 3:
        got = f"a tuple of {len(out)}" if isinstance(out, tuple) else f"a {type(out).__name__}"
        raise _Problem(f"expected a tuple of 3 ({', '.join(labels)}), got {got}")
    return out


def _compare_triple(out, expected, labels=("loss", "grad_center_vec", "grad_outside_vecs"), patterns=()):
    """Compare a (loss, gradient, gradient) result; name the known mistake it matches, if any.

    Parameters
    ----------
    out, expected : tuple
        The student's result and the right one.
    labels : tuple of str
        The three components' names.
    patterns : sequence of Pattern
        Known wrong results of this case (see ``_diagnose``), the most specific first.
    """
    out = _triple(out, labels)
    try:
        for label, got, exp in zip(labels, out, expected):
            _values(got, exp, label)
    except _Problem as exc:
        diagnosis = None if exc.symptom else matching_pattern(out, expected, labels, patterns)
        if diagnosis:
            raise _Problem(diagnosis) from None
        raise


def _types_triple(out, expected, labels):
    out = _triple(out, labels)
    _python_float(out[0], labels[0])
    for label, got, exp in zip(labels[1:], out[1:], expected[1:]):
        _float_array(got, label, np.shape(exp))
