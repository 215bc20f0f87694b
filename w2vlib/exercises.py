"""Self-checks for the exercises: run a student's function against w2vlib and say what is wrong.

Each ``check_*`` takes a function with the same signature as the w2vlib function it is named
after, runs it on several seeded cases (including the awkward ones: large scores, repeated
negatives, the centre word inside its own window) and returns a ``CheckReport``. The report
prints "all N checks passed" or exactly what differs: the case, the returned value, the index
of the first difference and both values, a wrong shape, a NaN, or a modified input.
"""
from __future__ import annotations

import random
from contextlib import nullcontext
from dataclasses import dataclass, field

import numpy as np

from .activations import leaky_relu_grad, sigmoid, sigmoid_grad
from .negsamp import ReplayDataset, neg_sampling_loss_and_gradient
from .skipgram import skipgram
from .softmax import cross_entropy, naive_softmax_loss_and_gradient, softmax
from .toy import toy_vocabulary


@dataclass
class CheckReport:
    """The outcome of a ``check_*`` call: how many comparisons ran and what went wrong."""
    name: str
    n_checks: int = 0
    problems: list = field(default_factory=list)

    @property
    def passed(self):
        return self.n_checks > 0 and not self.problems

    def __str__(self):
        if self.passed:
            return f"{self.name}: all {self.n_checks} checks passed"
        lines = [f"{self.name}: {len(self.problems)} problem(s) in {self.n_checks} checks"]
        return "\n".join(lines + [f"  - {p}" for p in self.problems])

    def _repr_pretty_(self, p, cycle):
        p.text(str(self))

    def compare(self, case, label, got, expected, rtol=1e-6, atol=1e-8):
        """Compare one returned value with the expected one; record a problem if they differ."""
        self.n_checks += 1
        expected = np.asarray(expected, dtype=np.float64)
        try:
            got = np.asarray(got, dtype=np.float64)
        except (TypeError, ValueError):
            self.problems.append(f"{case}: {label} is not numeric (got {type(got).__name__})")
            return False
        if got.shape != expected.shape:
            self.problems.append(f"{case}: {label} has shape {got.shape}, expected {expected.shape}")
            return False
        if not np.all(np.isfinite(got)):
            self.problems.append(f"{case}: {label} holds NaN or inf")
            return False
        close = np.isclose(got, expected, rtol=rtol, atol=atol)
        if not np.all(close):
            ix = tuple(int(i) for i in np.argwhere(~close)[0]) if got.ndim else ()
            self.problems.append(f"{case}: {label} differs at index {ix}: yours {float(got[ix]):.6g}, "
                                 f"expected {float(expected[ix]):.6g}")
            return False
        return True

    def call(self, case, fn, *args, strict=False):
        """Call the student's function on copies of the arrays; record a crash or a mutation.

        With ``strict``, floating-point overflow, invalid operations and division by zero
        inside the function count as problems (numpy would only warn).
        """
        copies = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
        numerics = np.errstate(over="raise", invalid="raise", divide="raise") if strict else nullcontext()
        try:
            with numerics:
                out = fn(*copies)
        except FloatingPointError as exc:
            self.n_checks += 1
            self.problems.append(f"{case}: {exc} (numpy would only warn; rewrite it so it cannot overflow)")
            return None
        except Exception as exc:  # a student's bug is reported, not raised
            self.n_checks += 1
            self.problems.append(f"{case}: raised {type(exc).__name__}: {exc}")
            return None
        for i, (a, c) in enumerate(zip(args, copies)):
            if isinstance(a, np.ndarray):
                self.n_checks += 1
                if c.shape != a.shape or not np.array_equal(c, a):
                    self.problems.append(f"{case}: argument {i} was modified in place (return a new array instead)")
        return out

    def unpack(self, case, out, n):
        """Check that a function returned an n-tuple."""
        self.n_checks += 1
        if not isinstance(out, (tuple, list)) or len(out) != n:
            self.problems.append(f"{case}: expected a tuple of {n} values, got {type(out).__name__}")
            return None
        return out


def check_softmax(fn):
    """Check ``fn(x)`` against ``w2vlib.softmax`` on 1-D, 2-D (row-wise) and large inputs."""
    report = CheckReport("check_softmax")
    rng = np.random.default_rng(0)
    cases = {"1-D scores": rng.normal(size=5), "2-D scores, softmax of each row": rng.normal(size=(3, 4)),
             "large scores (1000 + x): needs the max-shift": 1000 + rng.normal(size=6),
             "very negative scores": -1000 + rng.normal(size=6)}
    for case, x in cases.items():
        out = report.call(case, fn, x)
        if out is not None:
            report.compare(case, "softmax(x)", out, softmax(x))
    return report


def check_cross_entropy(fn):
    """Check ``fn(y, y_hat)`` against ``w2vlib.cross_entropy`` (one-hot and soft targets)."""
    report = CheckReport("check_cross_entropy")
    rng = np.random.default_rng(1)
    y_hat = softmax(rng.normal(size=6))
    one_hot = np.eye(6)[2]
    soft = softmax(rng.normal(size=6))
    underflow = softmax(np.array([0.0, -800.0, -5.0]))          # y_hat[1] is exactly 0.0
    cases = (("one-hot y (o = 2): should be -log y_hat[2]", one_hot, y_hat), ("soft target y", soft, y_hat),
             ("y_hat[1] underflows to 0 where y_1 = 0: 0·log 0 must count as 0, not nan",
              np.eye(3)[0], underflow))
    for case, y, p in cases:
        with np.errstate(divide="ignore", invalid="ignore"):
            out = report.call(case, fn, y, p)
        if out is not None:
            report.compare(case, "cross-entropy", out, cross_entropy(y, p))
    return report


def _loss_cases(seed):
    rng = np.random.default_rng(seed)
    toy = toy_vocabulary()
    yield "toy vocabulary, centre 'coffee', outside 'tea'", toy.center_vectors[3], 4, toy.outside_vectors
    yield "random V=7, d=3, o=5", rng.normal(size=3), 5, rng.normal(size=(7, 3))
    yield "large scores (|u.v| ~ 500)", 20 * rng.normal(size=4), 0, 20 * rng.normal(size=(6, 4))


def _compare_triple(report, case, out, expected):
    out = report.unpack(case, out, 3)
    if out is None:
        return
    for label, got, exp in zip(("loss", "grad_center_vec", "grad_outside_vecs"), out, expected):
        report.compare(case, label, got, exp)


def check_naive_softmax(fn):
    """Check ``fn(center_word_vec, outside_word_idx, outside_vectors, dataset)``: loss, ∂J/∂v_c, ∂J/∂U."""
    report = CheckReport("check_naive_softmax")
    for case, v_c, o, U in _loss_cases(2):
        out = report.call(case, fn, v_c, o, U, None)
        if out is not None:
            _compare_triple(report, case, out, naive_softmax_loss_and_gradient(v_c, o, U))
    return report


def check_sigmoid(fn):
    """Check ``fn(x)`` against ``w2vlib.sigmoid``, including |x| up to 1e3 (no overflow, no NaN)."""
    report = CheckReport("check_sigmoid")
    x = np.array([-1000.0, -40.0, -3.0, -0.5, 0.0, 0.5, 3.0, 40.0, 1000.0])
    out = report.call("array including ±1000", fn, x, strict=True)
    if out is not None:
        report.compare("array including ±1000", "sigmoid(x)", out, sigmoid(x))
    out = report.call("scalar 0", fn, 0.0)
    if out is not None:
        report.compare("scalar 0", "sigmoid(0)", out, 0.5)
    return report


def check_sigmoid_grad(fn):
    """Check ``fn(x)`` = dσ/dx against σ(x)(1 − σ(x)) on a grid and in the tails."""
    report = CheckReport("check_sigmoid_grad")
    x = np.linspace(-8, 8, 33)
    out = report.call("grid -8..8", fn, x)
    if out is not None:
        report.compare("grid -8..8", "sigmoid_grad(x)", out, sigmoid_grad(x))
    tails = np.array([-100.0, -40.0, 40.0, 100.0])
    case = "tails x = ±40, ±100 (relative accuracy: 1 − σ(40) rounds to 0)"
    out = report.call(case, fn, tails, strict=True)
    if out is not None:
        report.compare(case, "sigmoid_grad(x)", out, sigmoid_grad(tails), rtol=1e-6, atol=0.0)
    return report


def check_leaky_relu_grad(fn, alpha=0.01):
    """Check ``fn(x, alpha)`` away from 0, and that at 0 it returns a subgradient in [α, 1]."""
    report = CheckReport("check_leaky_relu_grad")
    x = np.array([-5.0, -1.0, -1e-3, 1e-3, 1.0, 5.0])
    for a in (alpha, 0.2):
        case = f"x away from 0, alpha={a}"
        out = report.call(case, fn, x, a)
        if out is not None:
            report.compare(case, "leaky_relu_grad(x)", out, leaky_relu_grad(x, a))
    out = report.call("x = 0", fn, np.array([0.0]), alpha)
    if out is not None:
        report.n_checks += 1
        value = float(np.asarray(out, dtype=np.float64).ravel()[0])
        if not alpha <= value <= 1.0:
            report.problems.append(f"x = 0: returned {value:.6g}; a subgradient there lies in [alpha, 1] = [{alpha}, 1]")
    return report


def check_neg_sampling(fn):
    """Check ``fn(center_word_vec, outside_word_idx, outside_vectors, dataset, K)``.

    The dataset replays fixed draws, one of them equal to the outside word (it must be
    redrawn) and one negative drawn twice (its gradient must count twice, part h).
    """
    report = CheckReport("check_neg_sampling")
    rng = np.random.default_rng(3)
    U = rng.normal(size=(8, 3))
    v_c = rng.normal(size=3)
    cases = [("distinct negatives [1, 2, 6]", 0, [1, 2, 6], 3),
             ("a draw equal to the outside word (4) must be redrawn", 4, [1, 4, 2, 6], 3),
             ("negative 5 drawn twice: its row must get twice the gradient", 0, [5, 5, 2], 3)]
    for case, o, draws, K in cases:
        out = report.call(case, fn, v_c, o, U, ReplayDataset(draws), K)
        if out is not None:
            expected = neg_sampling_loss_and_gradient(v_c, o, U, ReplayDataset(draws), K)
            before = len(report.problems)
            _compare_triple(report, case, out, expected)
            repeated = [w for w in set(draws) if draws.count(w) > 1 and w != o]
            if len(report.problems) > before and repeated and len(out) == 3:
                w = repeated[0]
                got_row = np.asarray(out[2], dtype=np.float64)[w]
                if np.allclose(got_row * 2, expected[2][w]):
                    report.problems.append(f"{case}: row {w} got the gradient of ONE draw: a repeated index in "
                                           "grad[idx] += ... is added once; accumulate with np.add.at")
    return report


def check_skipgram(fn, loss_and_gradient=naive_softmax_loss_and_gradient):
    """Check ``fn`` (the ``skipgram`` signature) on toy windows, repeats and the centre word included."""
    report = CheckReport("check_skipgram")
    toy = toy_vocabulary()
    windows = [("'coffee' with window ['like', 'hot', 'i', 'drink']", "coffee", 2, ["like", "hot", "i", "drink"]),
               ("repeated outside word and the centre word in its own window", "i", 2, ["i", "like", "like"])]
    for case, center, m, outside in windows:
        state = random.getstate()
        out = report.call(case, fn, center, m, outside, toy.word2ind, toy.center_vectors,
                          toy.outside_vectors, toy.dataset(0), loss_and_gradient)
        random.setstate(state)
        if out is not None:
            expected = skipgram(center, m, outside, toy.word2ind, toy.center_vectors, toy.outside_vectors,
                                toy.dataset(0), loss_and_gradient)
            out = report.unpack(case, out, 3)
            if out is not None:
                for label, got, exp in zip(("loss", "grad_center_vecs", "grad_outside_vectors"), out, expected):
                    report.compare(case, label, got, exp)
    return report


def check_shifted_pmi(fn):
    """Check ``fn(counts, K)`` against ``w2vlib.pmi.shifted_pmi`` (notebook 10)."""
    from .pmi import shifted_pmi

    report = CheckReport("check_shifted_pmi")
    rng = np.random.default_rng(10)
    table = rng.integers(0, 6, size=(5, 5)).astype(np.float64)
    table = table + table.T
    table[0, 1] = table[1, 0] = 0.0                              # an unseen pair
    cases = (("K = 1: plain PMI", table, 1), ("K = 5: shifted by -log 5", table, 5),
             ("fractional counts (dynamic window)", table * 0.6, 3))
    for case, counts, K in cases:
        out = report.call(case, fn, counts, K, strict=True)
        if out is None:
            continue
        expected = shifted_pmi(counts, K=K)
        seen = counts > 0
        report.n_checks += 1
        got = np.asarray(out, dtype=np.float64) if np.shape(out) == counts.shape else None
        if got is None:
            report.problems.append(f"{case}: expected shape {counts.shape}, got {np.shape(out)}")
        elif not np.all(np.isneginf(got[~seen])):
            report.problems.append(f"{case}: unseen pairs (count 0) must be -inf")
        else:
            report.compare(case, "x* on observed pairs", got[seen], expected[seen])
    return report


def check_keep_probability(fn):
    """Check ``fn(counts, t)`` against the C tool's keep probability (notebook 09)."""
    from .sampling import keep_probability

    report = CheckReport("check_keep_probability")
    cases = (("frequent and rare words, t = 1e-3", np.array([5000.0, 1000.0, 100.0, 10.0, 1.0]), 1e-3),
             ("a word with count 0 is kept (no division by zero)", np.array([900.0, 90.0, 9.0, 0.0]), 1e-2),
             ("every word rare: everything kept", np.ones(50), 0.5))
    for case, counts, t in cases:
        out = report.call(case, fn, counts, t, strict=True)
        if out is not None:
            report.compare(case, "keep probability", out, keep_probability(counts, t))
    return report
