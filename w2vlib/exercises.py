"""Self-checks for the exercises: run a student's function against w2vlib and say what is wrong.

Each ``check_*`` takes the student's function, runs it on a fixed list of seeded cases and
returns a :class:`CheckReport`. Printing it gives "all 9 checks passed", or "3 of 9 checks
failed" followed by what differs in each failed check (the case, the first differing index and
both values, a wrong shape, type or dtype, a NaN). The number of checks of a ``check_*`` is the
same whatever the function does. A check never raises because of the student's function:

- a function that raises ``NotImplementedError`` on its first call (the stub of a student copy)
  gets the report "not attempted yet";
- any other exception, a wrong return type or a wrong shape is reported as a failed check.

Besides the values, every ``check_*`` ends with three checks of its own:

- **types**: the promised type and dtype (a float64 array of the right shape, a Python
  ``float`` where the library returns one, not a 0-d array, a list or float32);
- **arguments**: no argument is modified, whether an array, a dict (``word2ind``), a list
  (``outside_words``) or a :class:`~w2vlib.vectors.WordVectors`;
- **own code**: the function does not call the w2vlib function it re-implements. While the
  check runs, that function is replaced (in the w2vlib modules and in the student function's
  own globals, where ``from w2vlib import softmax`` put it) by a spy that records calls made
  from outside w2vlib. The library's own internal calls do not count.

Values are compared with ``rtol=1e-6`` on the cases where a derivation's claim is hardest to
keep: scores of ±1e4 for softmax, ŷ_o = 1e-200 for cross-entropy, |x| up to 1e6 for the
sigmoid and its derivative, log σ of scores near −800 for negative sampling. Floating-point
warnings inside the student's function do not fail a check (an ``np.where`` that evaluates
both branches warns but is right; the report adds a note); only wrong, NaN or infinite results
do. The exceptions are ``check_shifted_pmi`` and ``check_keep_probability``, whose exercises ask for no log(0) or division-by-zero warning.
"""
from __future__ import annotations

import copy
import functools
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import evaluate as _evaluate
from . import plot as _plot
from .activations import leaky_relu_grad, sigmoid, sigmoid_grad
from .cbow import cbow
from .hierarchical_softmax import hierarchical_softmax_loss_and_gradient, huffman_tree
from .negsamp import ReplayDataset, neg_sampling_loss_and_gradient
from .pmi import shifted_pmi
from .sampling import keep_probability
from .skipgram import skipgram
from .softmax import cross_entropy, naive_softmax_loss_and_gradient, softmax
from .toy import ToyDataset, toy_vocabulary
from .vectors import WordVectors


# ----- the report ----------------------------------------------------------------------------
@dataclass
class CheckReport:
    """The outcome of a ``check_*`` call.

    ``items`` holds one ``(label, problem)`` pair per check, ``problem`` None when it passed;
    their number does not depend on the outcome. ``attempted`` is False when the function
    raised ``NotImplementedError`` on its first call (then ``items`` is empty).
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
            lines += [f"  - {p}" for p in self.problems]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    def _repr_pretty_(self, p, cycle):
        p.text(str(self))


class _Problem(Exception):
    """A failed check: the message says what is wrong."""


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


class _Runner:
    """Runs the cases of one check and keeps what the fixed final checks need."""

    def __init__(self, name: str, fn, reimplements: list, warnings_fail: bool = False):
        self.warnings_fail = warnings_fail  # the exercise asks for no floating-point warnings
        self.report = CheckReport(name, getattr(fn, "__name__", type(fn).__name__))
        self.fn = fn
        self.reimplements = reimplements   # [(display name, owner, attribute)]
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
            raise _Problem(f"raised {type(exc).__name__}: {exc}") from None
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
        fn = self.fn
        seen = []
        for _ in range(5):   # partials and bound methods wrap the function
            if isinstance(fn, functools.partial):
                fn = fn.func
            elif hasattr(fn, "__func__"):
                fn = fn.__func__
            else:
                break
        g = getattr(fn, "__globals__", None)
        if isinstance(g, dict):
            seen.append(g)
        return seen, getattr(fn, "__closure__", None) or ()

    @staticmethod
    def _library_namespaces() -> list:
        """The globals of every loaded w2vlib module except this one (its reference calls are not the student's)."""
        return [vars(m) for n, m in list(sys.modules.items())
                if m is not None and (n == "w2vlib" or n.startswith("w2vlib.")) and n != __name__]

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
                report.items.append((label, str(exc)))
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
                          f"first in '{cases[0]}')" for label, cases in changed.items())
                + ": work on a copy or build a new array")

    def _own_code_item(self) -> tuple:
        names = ", ".join(f"w2vlib.{d}" for d, _, _ in self.reimplements)
        return (f"does its own computation (does not call {names})",
                None if not self.hits else
                f"it {' and '.join(sorted(self.hits))}: write the computation yourself")

    def _floating_notes(self) -> list:
        failed = {label for label, p in self.report.items if p is not None}
        return [f"numpy reported {kind} inside your function in '{case}'; the result is "
                "right, so this does not count"
                for case, kind in dict.fromkeys(self.floating) if case not in failed]

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
        raise _Problem(f"{label} has shape {arr.shape}, expected {expected.shape}")
    bad = ~np.isfinite(arr) & np.isfinite(expected)
    if bad.any():
        ix = tuple(int(i) for i in np.argwhere(bad)[0])
        raise _Problem(f"{label} holds {arr[ix]} at index {ix} where the answer is {expected[ix]:.6g}")
    close = np.isclose(arr, expected, rtol=rtol, atol=atol)
    if not np.all(close):
        ix = tuple(int(i) for i in np.argwhere(~close)[0])
        where = f" at index {ix}" if ix else ""
        raise _Problem(f"{label} differs{where}: yours {arr[ix]:.10g}, expected {expected[ix]:.10g}")


def _float_array(got, label, shape):
    """The returned value must be a float64 numpy array of ``shape``."""
    if not isinstance(got, np.ndarray):
        raise _Problem(f"{label} is a {type(got).__name__}; return a numpy array")
    if got.dtype != np.float64:
        raise _Problem(f"{label} has dtype {got.dtype}; expected float64 (float32 loses digits the checks need)")
    if got.shape != shape:
        raise _Problem(f"{label} has shape {got.shape}, expected {shape}")


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


def _compare_triple(out, expected, labels=("loss", "grad_center_vec", "grad_outside_vecs"), atol=1e-8):
    out = _triple(out, labels)
    for label, got, exp in zip(labels, out, expected):
        _values(got, exp, label, atol=atol)


def _types_triple(out, expected, labels):
    out = _triple(out, labels)
    _python_float(out[0], labels[0])
    for label, got, exp in zip(labels[1:], out[1:], expected[1:]):
        _float_array(got, label, np.shape(exp))


# ----- parts (a) to (d) ----------------------------------------------------------------------
def check_softmax(fn: Callable) -> CheckReport:
    """Check ``fn(x)`` against ``w2vlib.softmax`` (row-wise on 2-D input), scores up to ±1e4."""
    run = _Runner("check_softmax", fn, [("softmax", sys.modules["w2vlib.softmax"], "softmax")])
    rng = np.random.default_rng(0)
    cases = {
        "1-D scores": rng.normal(size=5),
        "2-D scores, softmax of each row": rng.normal(size=(3, 4)),
        "scores from -1e4 to 1e4, the largest not first (shift by the max, not the mean or x[0])":
            np.array([-1e4, 3.0, 1e4, 0.5, -20.0]),
        "a 2-D batch with rows near +1000, 0 and -1000 (shift each row by its own max)":
            np.array([1000.0, 0.0, -1000.0])[:, None] + rng.normal(size=(3, 4)),
        "all scores near -1000": -1000 + rng.normal(size=6),
    }

    def case(label, x):
        return lambda: _values(run.call(label, x.copy(), names=("x",)), softmax(x), "softmax(x)")
    x2 = cases["2-D scores, softmax of each row"]
    types = ("returns a new float64 array shaped like x",
             lambda: _float_array(run.call("types", x2.copy(), names=("x",)), "softmax(x)", x2.shape))
    return run.run([(label, case(label, x)) for label, x in cases.items()], types)


def check_cross_entropy(fn: Callable) -> CheckReport:
    """Check ``fn(y, y_hat)`` against ``w2vlib.cross_entropy``: one-hot, soft, ŷ = 0 and ŷ_o = 1e-200."""
    run = _Runner("check_cross_entropy", fn, [("cross_entropy", sys.modules["w2vlib.softmax"], "cross_entropy")])
    rng = np.random.default_rng(1)
    y_hat = softmax(rng.normal(size=6))
    cases = [
        ("one-hot y (o = 2): -log y_hat[2]", np.eye(6)[2], y_hat),
        ("a soft target y", softmax(rng.normal(size=6)), y_hat),
        ("y_hat[1] is exactly 0 where y_1 = 0: 0·log 0 counts as 0, not nan",
         np.eye(3)[0], softmax(np.array([0.0, -800.0, -5.0]))),
        ("y_hat[o] = 1e-200: the loss is 460.5 (log(y_hat + eps) or clipping gives far less)",
         np.eye(3)[0], np.array([1e-200, 0.25, 0.75])),
    ]
    names = ("y", "y_hat")

    def case(label, y, p):
        return lambda: _values(run.call(label, y.copy(), p.copy(), names=names), cross_entropy(y, p), "cross-entropy")
    types = ("returns a float (not an array, not float32)",
             lambda: _python_float(run.call("types", cases[1][1].copy(), cases[1][2].copy(), names=names),
                                   "cross-entropy"))
    return run.run([(label, case(label, y, p)) for label, y, p in cases], types)


def _loss_cases(seed):
    rng = np.random.default_rng(seed)
    toy = toy_vocabulary()
    yield "toy vocabulary, centre 'coffee', outside 'tea'", toy.center_vectors[3], 4, toy.outside_vectors
    yield "random V=7, d=3, o=5", rng.normal(size=3), 5, rng.normal(size=(7, 3))
    yield "large scores (|u.v| ~ 500)", 20 * rng.normal(size=4), 0, 20 * rng.normal(size=(6, 4))
    U = rng.normal(size=(5, 3))
    U[:, 0] = [0.0, 800.0, 3.0, -2.0, 1.0]
    yield ("y_hat[o] underflows to 0 (score 800 below the top): the loss, about 800, must stay finite",
           np.array([1.0, 0.0, 0.0]), 0, U)


_TRIPLE = ("loss", "grad_center_vec", "grad_outside_vecs")
_LOSS_NAMES = ("center_word_vec", "outside_word_idx", "outside_vectors", "dataset", "K")


def check_naive_softmax(fn: Callable) -> CheckReport:
    """Check ``fn(center_word_vec, outside_word_idx, outside_vectors, dataset)``: loss, ∂J/∂v_c, ∂J/∂U."""
    run = _Runner("check_naive_softmax", fn, [("naive_softmax_loss_and_gradient", sys.modules["w2vlib.softmax"],
                                                "naive_softmax_loss_and_gradient")])
    cases = list(_loss_cases(2))

    def case(label, v, o, U):
        return lambda: _compare_triple(run.call(label, v.copy(), o, U.copy(), None, names=_LOSS_NAMES),
                                       naive_softmax_loss_and_gradient(v, o, U), _TRIPLE)
    _, v, o, U = cases[1]
    types = ("returns (float loss, float64 (d,) array, float64 (V, d) array)",
             lambda: _types_triple(run.call("types", v.copy(), o, U.copy(), None, names=_LOSS_NAMES),
                                   naive_softmax_loss_and_gradient(v, o, U), _TRIPLE))
    return run.run([(c[0], case(*c)) for c in cases], types)


# ----- parts (e), (f) ------------------------------------------------------------------------
def _elementwise_check(name, fn, reference, module_attr, cases, **tol):
    run = _Runner(name, fn, [(module_attr, sys.modules["w2vlib.activations"], module_attr)])

    def case(label, x, rtol, atol):
        return lambda: _values(run.call(label, x.copy(), names=("x",)), reference(x), f"{module_attr}(x)",
                               rtol=rtol, atol=atol)
    grid = np.linspace(-8, 8, 33)
    types = ("returns a new float64 array shaped like x",
             lambda: _float_array(run.call("types", grid.copy(), names=("x",)), f"{module_attr}(x)", grid.shape))
    return run.run([(label, case(label, x, rtol, atol)) for label, x, rtol, atol in cases], types)


_FAR = np.array([-1e6, -1e4, -1000.0, -710.0, 710.0, 1000.0, 1e4, 1e6])


def check_sigmoid(fn: Callable) -> CheckReport:
    """Check ``fn(x)`` (an array) against ``w2vlib.sigmoid``, with |x| up to 1e6: no NaN, no inf."""
    rng = np.random.default_rng(4)
    cases = [("grid -8..8", np.linspace(-8, 8, 33), 1e-6, 1e-12),
             ("tails x = ±40, ±700 (relative accuracy)", np.array([-700.0, -40.0, 40.0, 700.0]), 1e-6, 0.0),
             ("far tails x = ±710 ... ±1e6: exactly 0 or 1, never nan", _FAR, 1e-6, 1e-300),
             ("a 2-D array keeps its shape", rng.normal(scale=5, size=(3, 4)), 1e-6, 1e-12)]
    return _elementwise_check("check_sigmoid", fn, sigmoid, "sigmoid", cases)


def check_sigmoid_grad(fn: Callable) -> CheckReport:
    """Check ``fn(x)`` = dσ/dx = σ(x)(1 − σ(x)) on a grid, in the tails (relative) and far beyond ±1000."""
    rng = np.random.default_rng(5)
    cases = [("grid -8..8", np.linspace(-8, 8, 33), 1e-6, 1e-12),
             ("tails x = ±40, ±100, ±700 (relative accuracy: 1 − σ(40) rounds to 0; use σ(x)σ(−x))",
              np.array([-700.0, -100.0, -40.0, 40.0, 100.0, 700.0]), 1e-6, 0.0),
             ("far tails x = ±710 ... ±1e6: 0, never nan (e^(-x) overflows)", _FAR, 1e-6, 1e-300),
             ("a 2-D array keeps its shape", rng.normal(scale=5, size=(3, 4)), 1e-6, 1e-12)]
    return _elementwise_check("check_sigmoid_grad", fn, sigmoid_grad, "sigmoid_grad", cases)


def check_leaky_relu_grad(fn: Callable, alpha: float = 0.01) -> CheckReport:
    """Check ``fn(x, alpha)`` away from 0 for two alphas, and that at 0 it returns a subgradient in [α, 1]."""
    run = _Runner("check_leaky_relu_grad", fn, [("leaky_relu_grad", sys.modules["w2vlib.activations"],
                                                  "leaky_relu_grad")])
    x = np.array([-5.0, -1.0, -1e-3, 1e-3, 1.0, 5.0])
    x2 = np.random.default_rng(6).normal(size=(3, 4))
    names = ("x", "alpha")

    def away(a, label):
        return lambda: _values(run.call(label, x.copy(), a, names=names), leaky_relu_grad(x, a), "leaky_relu_grad(x)")

    def at_zero():
        out = run.call("x = 0", np.array([0.0]), alpha, names=names)
        value = np.asarray(out, dtype=np.float64)
        if value.shape != (1,):
            raise _Problem(f"returned shape {value.shape} for an input of shape (1,)")
        if not alpha * (1 - 1e-6) <= value[0] <= 1.0 + 1e-12:
            raise _Problem(f"returned {value[0]:.6g}; a subgradient there lies in [alpha, 1] = [{alpha}, 1]")
    cases = [(f"x away from 0, alpha={alpha}", away(alpha, f"x away from 0, alpha={alpha}")),
             ("x away from 0, alpha=0.2 (uses its alpha argument)", away(0.2, "alpha=0.2")),
             ("x = 0: a subgradient in [alpha, 1]", at_zero),
             ("a 2-D array keeps its shape",
              lambda: _values(run.call("2-D", x2.copy(), alpha, names=names), leaky_relu_grad(x2, alpha),
                              "leaky_relu_grad(x)"))]
    types = ("returns a new float64 array shaped like x",
             lambda: _float_array(run.call("types", x.copy(), alpha, names=names), "leaky_relu_grad(x)", x.shape))
    return run.run(cases, types)


# ----- parts (g), (h) ------------------------------------------------------------------------
def check_neg_sampling(fn: Callable) -> CheckReport:
    """Check ``fn(center_word_vec, outside_word_idx, outside_vectors, dataset, K)``.

    The dataset replays fixed draws: one equal to the outside word (it must be redrawn), one
    negative drawn twice (its gradient counts twice, part h), and scores near ±800 where
    log σ must not be computed as log(σ(x)).
    """
    run = _Runner("check_neg_sampling", fn, [("neg_sampling_loss_and_gradient", sys.modules["w2vlib.negsamp"],
                                               "neg_sampling_loss_and_gradient")])
    rng = np.random.default_rng(3)
    U = rng.normal(size=(8, 3))
    v_c = rng.normal(size=3)
    big_v = np.array([1.0, 0.0, 0.0])
    big_U = rng.normal(size=(6, 3))
    big_U[:, 0] = [-800.0, 790.0, -5.0, 805.0, 2.0, -795.0]
    cases = [("distinct negatives [1, 2, 6], K = 3", v_c, 0, U, [1, 2, 6], 3),
             ("a draw equal to the outside word (4) must be redrawn", v_c, 4, U, [1, 4, 2, 6], 3),
             ("negative 5 drawn twice: its row gets twice the gradient", v_c, 0, U, [5, 5, 2], 3),
             ("scores near ±800: log σ(z) must not become log(0)", big_v, 0, big_U, [1, 3, 5, 2], 4)]

    def case(label, v, o, U_, draws, K):
        def run_case():
            data = ReplayDataset(draws)
            out = run.call(label, v.copy(), o, U_.copy(), data, K, names=_LOSS_NAMES)
            expected = neg_sampling_loss_and_gradient(v, o, U_, ReplayDataset(draws), K)
            if data.calls == 0:
                raise _Problem("never called dataset.sample_token_idx(): draw the negatives from `dataset`")
            try:
                _compare_triple(out, expected, _TRIPLE)
            except _Problem as exc:
                repeated = [w for w in set(draws) if draws.count(w) > 1 and w != o]
                if repeated and "grad_outside_vecs differs" in str(exc):
                    row = np.asarray(out[2], dtype=np.float64)[repeated[0]]
                    if np.allclose(row * 2, expected[2][repeated[0]]):
                        raise _Problem(f"row {repeated[0]} got the gradient of ONE draw: a repeated index in "
                                       "grad[idx] += ... is added once; accumulate with np.add.at") from None
                raise
        return run_case

    def types():
        out = run.call("types", v_c.copy(), 0, U.copy(), ReplayDataset([1, 2, 6]), 3, names=_LOSS_NAMES)
        _types_triple(out, neg_sampling_loss_and_gradient(v_c, 0, U, ReplayDataset([1, 2, 6]), 3), _TRIPLE)
    return run.run([(c[0], case(*c)) for c in cases],
                   ("returns (float loss, float64 (d,) array, float64 (V, d) array)", types))


# ----- part (i) ------------------------------------------------------------------------------
_SKIP_NAMES = ("current_center_word", "window_size", "outside_words", "word2ind", "center_word_vectors",
               "outside_vectors", "dataset", "loss_and_gradient")
_SKIP_TRIPLE = ("loss", "grad_center_vecs", "grad_outside_vectors")


def check_skipgram(fn: Callable, loss_and_gradient: Callable = naive_softmax_loss_and_gradient) -> CheckReport:
    """Check ``fn`` (the ``skipgram`` signature) on toy windows, repeats, another vocabulary, and
    that it uses the ``loss_and_gradient`` and ``dataset`` it is given."""
    run = _Runner("check_skipgram", fn, [("skipgram", sys.modules["w2vlib.skipgram"], "skipgram")])
    toy = toy_vocabulary()
    rng = np.random.default_rng(8)
    other_words = ["zeta", "alpha", "mu", "beta", "omega", "pi"]           # not the toy's, not sorted
    other = ({w: i for i, w in enumerate(other_words)}, rng.normal(size=(6, 3)), rng.normal(size=(6, 3)))

    def compare(label, center, m, outside, w2i, C, U, make_data, lg):
        def run_case():
            out = run.call(label, center, m, list(outside), dict(w2i), C.copy(), U.copy(), make_data(), lg,
                           names=_SKIP_NAMES)
            expected = skipgram(center, m, list(outside), w2i, C, U, make_data(), lg)
            _compare_triple(out, expected, _SKIP_TRIPLE)
        return run_case

    received = []

    def spy_loss(center_word_vec, outside_word_idx, outside_vectors, dataset=None):
        received.append(dataset)
        return naive_softmax_loss_and_gradient(center_word_vec, outside_word_idx, outside_vectors)

    def passes_dataset():
        received.clear()
        data = toy.dataset(3)
        run.call("passes dataset", "tea", 1, ["hot", "milk"], toy.word2ind, toy.center_vectors.copy(),
                 toy.outside_vectors.copy(), data, spy_loss, names=_SKIP_NAMES)
        if len(received) != 2:
            raise _Problem(f"called loss_and_gradient {len(received)} times for 2 outside words")
        if any(d is not data for d in received):
            raise _Problem("loss_and_gradient did not receive the `dataset` given to skipgram "
                           f"(got {type(received[0]).__name__})")

    windows = [
        ("'coffee' with window ['like', 'hot', 'i', 'drink']", "coffee", 2, ["like", "hot", "i", "drink"],
         toy.word2ind, toy.center_vectors, toy.outside_vectors, toy.dataset, loss_and_gradient),
        ("a repeated outside word and the centre word in its own window", "i", 2, ["i", "like", "like"],
         toy.word2ind, toy.center_vectors, toy.outside_vectors, toy.dataset, loss_and_gradient),
        ("another vocabulary (uses its word2ind argument)", "mu", 1, ["omega", "alpha"], *other,
         lambda: ToyDataset(0, counts=[3, 1, 4, 1, 5, 9], sentence=other_words, words=other_words),
         loss_and_gradient),
        ("loss_and_gradient = neg_sampling_loss_and_gradient (uses its loss_and_gradient argument)", "tea", 2,
         ["hot", "milk", "i"], toy.word2ind, toy.center_vectors, toy.outside_vectors, lambda: toy.dataset(5),
         neg_sampling_loss_and_gradient),
    ]
    cases = [(w[0], compare(*w)) for w in windows] + [
        ("passes `dataset` on to loss_and_gradient, once per outside word", passes_dataset),
    ]

    def types():
        out = run.call("types", "coffee", 2, ["like", "hot"], toy.word2ind, toy.center_vectors.copy(),
                       toy.outside_vectors.copy(), toy.dataset(0), loss_and_gradient, names=_SKIP_NAMES)
        expected = skipgram("coffee", 2, ["like", "hot"], toy.word2ind, toy.center_vectors,
                            toy.outside_vectors, toy.dataset(0), loss_and_gradient)
        _types_triple(out, expected, _SKIP_TRIPLE)
    return run.run(cases, ("returns (float loss, float64 (V, d) array, float64 (V, d) array)", types))


# ----- notebook 08: the 2-D plot, analogies, neighbours --------------------------------------
def _pca_reference(x):
    n = len(x)
    return _plot.pca_coordinates(x, {str(i): i for i in range(n)}, [str(i) for i in range(n)])


def _match_up_to_sign(got, expected, label):
    """Each column of ``got`` must equal the column of ``expected`` or its negative."""
    arr = np.asarray(got, dtype=np.float64)
    if arr.shape != expected.shape:
        raise _Problem(f"{label} has shape {arr.shape}, expected {expected.shape} (one row per word, 2 columns)")
    for j in range(expected.shape[1]):
        scale = 1e-8 * max(1.0, float(np.abs(expected[:, j]).max()))
        if not any(np.allclose(arr[:, j], s * expected[:, j], rtol=1e-6, atol=scale) for s in (1, -1)):
            return j
    return None


def check_pca_coordinates(fn: Callable) -> CheckReport:
    """Check ``fn(vectors)`` -> (n, 2): the mean-centred vectors on their first two principal axes.

    Either sign of each axis is accepted. The test vectors share a large common offset (as the
    course's run does), so a PCA that forgets to subtract the mean is caught.
    """
    run = _Runner("check_pca_coordinates", fn, [("plot.pca_coordinates", _plot, "pca_coordinates")])
    rng = np.random.default_rng(9)

    def cloud(n, d, offset):
        scales = np.linspace(3.0, 0.3, d)
        q, _ = np.linalg.qr(rng.normal(size=(d, d)))
        return offset * rng.normal(size=d) + (rng.normal(size=(n, d)) * scales) @ q
    cases = [("10 vectors in d = 5 sharing a large common offset (centre them first)", cloud(10, 5, 8.0)),
             ("24 vectors in d = 10, as in the course's plot", cloud(24, 10, 5.0)),
             ("d = 2: the centred vectors, rotated", cloud(7, 2, 3.0)),
             ("4 vectors in d = 10 (fewer vectors than dimensions)", cloud(4, 10, 4.0))]

    def case(label, x):
        def run_case():
            out = run.call(label, x.copy(), names=("vectors",))
            j = _match_up_to_sign(out, _pca_reference(x), "coordinates")
            if j is None:
                return
            raw = np.linalg.svd(x, full_matrices=False)[2][:2].T
            if _match_up_to_sign(out, x @ raw, "coordinates") is None:
                raise _Problem("these are the coordinates of a PCA without centring: subtract the mean vector first")
            raise _Problem(f"column {j} is not the projection on principal axis {j + 1} (either sign): "
                           f"yours starts {np.asarray(out, dtype=float)[:3, j].round(4)}, expected "
                           f"±{_pca_reference(x)[:3, j].round(4)}")
        return run_case
    x0 = cases[1][1]
    types = ("returns a float64 (n, 2) array",
             lambda: _float_array(run.call("types", x0.copy(), names=("vectors",)), "coordinates", (len(x0), 2)))
    return run.run([(label, case(label, x)) for label, x in cases], types)


def _test_vectors(seed=10):
    """12 words in d = 4 with lengths from 0.3 to 4: cosine, dot product and distance rank differently."""
    rng = np.random.default_rng(seed)
    words = ["king", "queen", "man", "woman", "tea", "coffee", "rain", "snow", "boring", "great", "male", "female"]
    x = rng.normal(size=(len(words), 4))
    x *= np.geomspace(0.3, 4.0, len(words))[rng.permutation(len(words))][:, None] / np.linalg.norm(x, axis=1,
                                                                                                  keepdims=True)
    return WordVectors(words, x)


def _raw_rank(wv, a, b, c, target):
    x = wv.vectors
    q = x[wv.index(b)] - x[wv.index(a)] + x[wv.index(c)]
    sims = x @ q / np.linalg.norm(x, axis=1) / np.linalg.norm(q)
    sims[[wv.index(w) for w in (a, b, c)]] = -np.inf
    return int(np.flatnonzero(np.argsort(-sims, kind="stable") == wv.index(target))[0]) + 1


def check_analogy_rank(fn: Callable) -> CheckReport:
    """Check ``fn(wv, a, b, c, target)`` -> int: the 1-based rank of ``target`` for a : b :: c : ?.

    The rank is among all words except a, b and c, by cosine with û_b − û_a + û_c (unit vectors,
    as gensim and ``w2vlib.evaluate.analogy_rank``); the test vectors have very different lengths.
    """
    run = _Runner("check_analogy_rank", fn, [("evaluate.analogy_rank", _evaluate, "analogy_rank")])
    wv = _test_vectors()
    names = ("wv", "a", "b", "c", "target")

    def pick(a, b, c, rank):
        """The word at 1-based ``rank`` for a : b :: c : ?."""
        u = wv.unit_vectors()
        q = u[wv.index(b)] - u[wv.index(a)] + u[wv.index(c)]
        sims = u @ q
        sims[[wv.index(w) for w in (a, b, c)]] = -np.inf
        return wv.words[int(np.argsort(-sims, kind="stable")[rank - 1])]
    quads = [("the target ranks 1st", ("male", "king", "female"), 1),
             ("the target ranks 4th", ("man", "woman", "tea"), 4),
             ("the target ranks last (V − 3 = 9th)", ("rain", "snow", "great"), 9),
             ("another analogy, the target 2nd", ("boring", "great", "coffee"), 2)]

    def case(label, abc, rank):
        def run_case():
            target = pick(*abc, rank)
            expected = _evaluate.analogy_rank(wv, *abc, target).rank
            out = run.call(label, copy.deepcopy(wv), *abc, target, names=names)
            try:
                got = int(out)
            except (TypeError, ValueError, OverflowError):
                raise _Problem(f"returned {out!r}, not a rank") from None
            if got != expected:
                hints = [h for cond, h in ((got == expected - 1, "ranks start at 1"),
                                           (got == _raw_rank(wv, *abc, target),
                                            "b − a + c of the raw vectors gives this rank: add the unit vectors"))
                         if cond]
                hint = f" (perhaps: {'; or '.join(hints)})" if hints else ""
                raise _Problem(f"{' : '.join(abc)} :: {target}: yours {got}, expected {expected}{hint}")
        return run_case

    def types():
        out = run.call("types", copy.deepcopy(wv), "male", "king", "female", "queen", names=names)
        if isinstance(out, bool) or not isinstance(out, (int, np.integer)):
            raise _Problem(f"returned a {type(out).__name__}; return an int")
    return run.run([(label, case(label, abc, r)) for label, abc, r in quads], ("returns an int", types))


def check_neighbours(fn: Callable) -> CheckReport:
    """Check ``fn(wv, word, n)`` -> [(word, cosine), ...]: the n nearest words by cosine, the
    most similar first, the word itself excluded (as ``w2vlib.evaluate.nearest_neighbours``)."""
    run = _Runner("check_neighbours", fn, [("evaluate.nearest_neighbours", _evaluate, "nearest_neighbours"),
                                            ("WordVectors.most_similar", WordVectors, "most_similar")])
    wv = _test_vectors(11)
    twin = wv.vectors.copy()
    twin[1] = 2.0 * twin[6]                          # 'queen' points exactly where 'rain' does
    wv_twin = WordVectors(wv.words, twin)
    names = ("wv", "word", "n")

    def case(label, vectors, word, n):
        def run_case():
            expected = _evaluate.nearest_neighbours(vectors, word, n)
            out = run.call(label, copy.deepcopy(vectors), word, n, names=names)
            if not isinstance(out, (list, tuple)):
                raise _Problem(f"returned a {type(out).__name__}; return a list of (word, cosine) pairs")
            try:
                got_words = [w for w, _ in out]
                got_cos = [c for _, c in out]
            except (TypeError, ValueError):
                raise _Problem(f"returned {str(out)[:80]}: expected (word, cosine) pairs") from None
            exp_words = [w for w, _ in expected]
            if got_words != exp_words:
                extra = " (the word itself must not be listed)" if word in got_words else ""
                raise _Problem(f"neighbours of {word!r}: yours {got_words}, expected {exp_words}{extra}")
            _values(got_cos, [c for _, c in expected], "cosines")
        return run_case
    cases = [("the 5 nearest words to 'tea'", wv, "tea", 5),
             ("n = 1", wv, "snow", 1),
             ("n = V − 1 = 11: every other word, in order", wv, "king", 11),
             ("'queen' (listed before 'rain') points exactly where 'rain' does: exclude the word by index",
              wv_twin, "rain", 3)]

    def types():
        out = run.call("types", copy.deepcopy(wv), "tea", 3, names=names)
        if not isinstance(out, list):
            raise _Problem(f"returned a {type(out).__name__}; return a list")
        for pair in out:
            if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str)):
                raise _Problem(f"an item is {pair!r}; each item must be a (word, cosine) tuple")
            _python_float(pair[1], "a cosine")
    return run.run([(c[0], case(*c)) for c in cases], ("returns a list of (str, float) tuples", types))


# ----- notebook 10: what SGNS optimises --------------------------------------------------------
def check_shifted_pmi(fn: Callable) -> CheckReport:
    """Check ``fn(counts, K)`` -> (V, V) x* = PMI(c, w) − log K against ``w2vlib.pmi.shifted_pmi``.

    Unseen pairs (count 0) must be −inf, computed without floating-point warnings (no log(0)).
    """
    run = _Runner("check_shifted_pmi", fn, [("shifted_pmi", sys.modules["w2vlib.pmi"], "shifted_pmi")],
                  warnings_fail=True)
    rng = np.random.default_rng(10)
    table = rng.integers(0, 6, size=(5, 5)).astype(np.float64)
    table = table + table.T
    table[0, 1] = table[1, 0] = 0.0                              # an unseen pair
    full = table + 1.0                                           # every pair seen
    lopsided = rng.integers(1, 9, size=(5, 5)).astype(np.float64)  # #(c, w) != #(w, c)
    cases = [("K = 1: plain PMI, with unseen pairs (-inf)", table, 1),
             ("K = 5: shifted by -log 5", table, 5),
             ("fractional counts (dynamic window), K = 3", table * 0.6, 3),
             ("every pair seen, K = 2", full, 2),
             ("an asymmetric table: rows are centre words, columns outside words", lopsided, 1)]
    names = ("counts", "K")

    def case(label, counts, K):
        return lambda: _values(run.call(label, counts.copy(), K, names=names), shifted_pmi(counts, K=K), "x*")
    types = ("returns a new float64 (V, V) array",
             lambda: _float_array(run.call("types", full.copy(), 2, names=names), "x*", full.shape))
    return run.run([(label, case(label, c, K)) for label, c, K in cases], types)


# ----- notebook 09: paper vs production --------------------------------------------------------
def check_keep_probability(fn: Callable) -> CheckReport:
    """Check ``fn(counts, t)`` -> (V,) C-tool keep probabilities against ``w2vlib.sampling.keep_probability``.

    A word with count 0 must be kept (probability 1), computed without floating-point warnings.
    """
    run = _Runner("check_keep_probability", fn,
                  [("keep_probability", sys.modules["w2vlib.sampling"], "keep_probability"),
                   ("keep_probability_at", sys.modules["w2vlib.sampling"], "keep_probability_at")],
                  warnings_fail=True)
    cases = [("frequent and rare words, t = 1e-3", np.array([5000.0, 1000.0, 100.0, 10.0, 1.0]), 1e-3),
             ("a word with count 0 is kept (no division by zero)", np.array([900.0, 90.0, 9.0, 0.0]), 1e-2),
             ("every word rare: everything kept", np.ones(50), 0.5),
             ("near f = 2.6 t, where the C tool starts dropping tokens", np.array([2.0, 2.7, 95.3]), 0.01)]
    names = ("counts", "t")

    def case(label, counts, t):
        return lambda: _values(run.call(label, counts.copy(), t, names=names), keep_probability(counts, t),
                               "keep probability")
    types = ("returns a new float64 (V,) array",
             lambda: _float_array(run.call("types", cases[0][1].copy(), 1e-3, names=names), "keep probability",
                                  cases[0][1].shape))
    return run.run([(label, case(label, c, t)) for label, c, t in cases], types)


# ----- notebooks 11 and 12: CBOW and hierarchical softmax -----------------------------------------
_CBOW_NAMES = ("current_center_word", "window_size", "outside_words", "word2ind", "center_word_vectors",
               "outside_vectors", "dataset", "loss_and_gradient", "average")
_HS_NAMES = ("center_word_vec", "outside_word_idx", "inner_node_vectors", "tree")
_HS_TRIPLE = ("loss", "grad_center_vec", "grad_inner_node_vectors")


def _negsamp_k4(v, o, U, dataset):
    return neg_sampling_loss_and_gradient(v, o, U, dataset, K=4)


def check_cbow(fn: Callable) -> CheckReport:
    """Check ``fn`` (the ``cbow`` signature, with ``average``) on toy windows.

    Cases: an averaged context, the same context summed, a context word that appears twice
    (its row must get the gradient twice), the centre word inside its own context, and
    negative sampling with replayed negatives.
    """
    run = _Runner("check_cbow", fn, [("cbow", sys.modules["w2vlib.cbow"], "cbow")])
    toy = toy_vocabulary()
    rng = np.random.default_rng(11)
    outside = toy.outside_vectors + 0.2 * rng.normal(size=toy.outside_vectors.shape)
    tea = toy.index("tea")
    none = lambda: None  # noqa: E731
    cases = [
        ("'coffee' from ['like', 'hot', 'i', 'drink'], averaged", "coffee", ["like", "hot", "i", "drink"], True,
         naive_softmax_loss_and_gradient, none),
        ("'coffee' from ['like', 'hot', 'i', 'drink'], summed (average=False)", "coffee",
         ["like", "hot", "i", "drink"], False, naive_softmax_loss_and_gradient, none),
        ("'tea' appears twice in the context: its row gets the gradient twice", "milk", ["tea", "hot", "tea"], True,
         naive_softmax_loss_and_gradient, none),
        ("the centre word 'i' inside its own context", "i", ["i", "like"], True, naive_softmax_loss_and_gradient, none),
        ("negative sampling, K = 4, negatives replayed [0, 7, 9, 7]", "coffee", ["hot", "drink"], True,
         _negsamp_k4, lambda: ReplayDataset([0, 7, 9, 7, 2])),
    ]

    def case(label, center, context, average, loss_fn, make_data):
        def run_case():
            out = run.call(label, center, 2, list(context), dict(toy.word2ind), toy.center_vectors.copy(),
                           outside.copy(), make_data(), loss_fn, average, names=_CBOW_NAMES)
            expected = cbow(center, 2, context, toy.word2ind, toy.center_vectors, outside, make_data(), loss_fn,
                            average=average)
            try:
                _compare_triple(out, expected, _SKIP_TRIPLE)
            except _Problem as exc:
                if "twice" in label and "grad_center_vecs differs" in str(exc):
                    row = np.asarray(out[1], dtype=np.float64)[tea]
                    if np.allclose(2 * row, expected[1][tea]):
                        raise _Problem("the row of 'tea' got ONE share: grad[idx] += ... adds a repeated index "
                                       "once; accumulate with np.add.at or a loop") from None
                raise
        return run_case

    def types():
        args = ("coffee", 2, ["like", "hot"], dict(toy.word2ind), toy.center_vectors.copy(), outside.copy(), None,
                naive_softmax_loss_and_gradient, True)
        out = run.call("types", *args, names=_CBOW_NAMES)
        _types_triple(out, cbow(*args), _SKIP_TRIPLE)
    return run.run([(c[0], case(*c)) for c in cases],
                   ("returns (float loss, float64 (V, d) array, float64 (V, d) array)", types))


def check_hierarchical_softmax(fn: Callable) -> CheckReport:
    """Check ``fn(center_word_vec, outside_word_idx, inner_node_vectors, tree)``.

    Cases on the toy vocabulary's Huffman tree: a short and a long path, large scores
    (|u·v| ~ 1000: log σ must not overflow), and a (V, d) matrix whose last row is unused.
    """
    run = _Runner("check_hierarchical_softmax", fn,
                  [("hierarchical_softmax_loss_and_gradient", sys.modules["w2vlib.hierarchical_softmax"],
                    "hierarchical_softmax_loss_and_gradient")])
    toy = toy_vocabulary()
    tree = huffman_tree(toy.counts)
    rng = np.random.default_rng(12)
    inner = rng.normal(size=(tree.n_inner, 2))
    v_c = toy.center_vectors[toy.index("coffee")]
    short, long = int(np.argmin(tree.code_lengths)), int(np.argmax(tree.code_lengths))
    cases = [
        (f"'{toy.words[short]}' (path of {tree.code_lengths[short]} nodes)", v_c, short, inner),
        (f"'{toy.words[long]}' (path of {tree.code_lengths[long]} nodes)", v_c, long, inner),
        ("large scores (|u.v| ~ 1000): log σ must not become log(0)", 500 * v_c, toy.index("tea"), inner),
        ("a (V, d) matrix: the last row is never on a path", v_c, toy.index("tea"), np.vstack([inner, [7.0, -7.0]])),
    ]

    def case(label, v, o, U):
        def run_case():
            out = run.call(label, v.copy(), o, U.copy(), tree, names=_HS_NAMES)
            _compare_triple(out, hierarchical_softmax_loss_and_gradient(v, o, U, tree), _HS_TRIPLE)
        return run_case

    def types():
        out = run.call("types", v_c.copy(), short, inner.copy(), tree, names=_HS_NAMES)
        _types_triple(out, hierarchical_softmax_loss_and_gradient(v_c, short, inner, tree), _HS_TRIPLE)
    return run.run([(c[0], case(*c)) for c in cases],
                   ("returns (float loss, float64 (d,) array, float64 array shaped like inner_node_vectors)", types))
