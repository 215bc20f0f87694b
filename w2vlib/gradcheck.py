"""Central-difference gradient checking, with the course's random-state discipline.

For each entry x_i the numeric derivative is (f(x + h e_i) − f(x − h e_i)) / 2h. Python's
``random`` state is restored before *every* evaluation, so a stochastic loss (negative
sampling) draws the same negatives each time; afterwards the stream stands exactly one
evaluation past where it started, as with the course's ``gradcheck_naive``.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import _validate
from ._validate import Array, Bool, Function, Real, Text, checked

__all__ = ["GradcheckError", "GradcheckResult", "gradcheck"]


class GradcheckError(AssertionError):
    """Raised by ``gradcheck(..., raise_on_failure=True)`` when the check fails."""


@dataclass(frozen=True)
class GradcheckResult:
    """What a gradient check found.

    Attributes:
        passed: every relative error is within ``tol`` and the check was not vacuous.
        max_rel_error: the worst |numeric − analytic| / max(1, |numeric|, |analytic|).
        worst_index: the index of x where that happens.
        analytic, numeric: the two derivatives at ``worst_index``.
        n_checked: how many entries were perturbed.
        vacuous: loss, analytic and numeric gradient were all exactly zero, so nothing was
            tested (the course's checker would print "passed" here).
        tol, h: the tolerance and step used.
        name: a label for messages.
    """
    passed: bool
    max_rel_error: float
    worst_index: tuple
    analytic: float
    numeric: float
    n_checked: int
    vacuous: bool
    tol: float
    h: float
    name: str = "gradient"

    def __str__(self):
        if self.vacuous:
            return (f"{self.name} check is VACUOUS: loss and gradient are identically zero over "
                    f"{self.n_checked} entries, so nothing was tested")
        verdict = "passed" if self.passed else "FAILED"
        return (f"{self.name} check {verdict}: max relative error {self.max_rel_error:.1e} "
                f"at index {self.worst_index} (analytic {self.analytic:.6g}, numeric {self.numeric:.6g}; "
                f"tolerance {self.tol:g}, {self.n_checked} entries)")

    def _repr_pretty_(self, p, cycle):
        p.text(str(self))


def _evaluate(f, x, state):
    random.setstate(state)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        try:
            out = f(x)
        except FloatingPointError as exc:
            raise ValueError(f"f overflowed at x or x ± h ({exc}): x or h is too large for it") from None
    if not (isinstance(out, tuple) and len(out) == 2):
        raise TypeError(f"f must return a (loss, gradient) pair, got {type(out).__name__}")
    loss, grad = out
    return _validate.real_number(loss, "the loss returned by f", finite=False), grad


@checked(f=Function(), x=Array(), h=Real(0.0, 1.0, low_open=True), tol=Real(min=0.0),
         raise_on_failure=Bool(), name=Text())
def gradcheck(f: Callable[[np.ndarray], tuple], x: np.ndarray, h: float = 1e-4, tol: float = 1e-5,
              raise_on_failure: bool = False, name: str = "gradient") -> GradcheckResult:
    """Check ``f``'s analytic gradient against central differences at ``x``.

    For every entry i: numeric = (f(x + h·e_i) − f(x − h·e_i)) / 2h, compared with the
    analytic gradient by the relative error |numeric − analytic| / max(1, |numeric|, |analytic|).
    Python's ``random`` is restored before every evaluation, so a loss that samples
    (negative sampling) draws the same negatives each time.

    Parameters
    ----------
    f : callable
        ``f(x) -> (loss, gradient)``, the gradient shaped like x.
    x : array_like
        The point, any shape; copied, never modified.
    h : float
        The finite-difference step (the course's 1e-4), 0 < h <= 1.
    tol : float
        The largest relative error accepted (the course's 1e-5).
    raise_on_failure : bool
        Raise :class:`GradcheckError` (with the result's message) instead of returning a
        failed result.
    name : str
        A label used in messages.

    Returns
    -------
    GradcheckResult
        The worst relative error, its index and both values there. ``passed`` is False when
        the check is vacuous (loss and gradient identically zero).
    """
    x = x.copy()
    state = random.getstate()
    loss, grad = _evaluate(f, x, state)
    grad = _validate.real_array(grad, "the gradient returned by f")
    if grad.shape != x.shape:
        raise ValueError(f"f returned a gradient of shape {grad.shape} for x of shape {x.shape}")
    if not np.isfinite(loss) or not np.all(np.isfinite(grad)):
        raise ValueError(f"f returned a non-finite loss or gradient at x (loss {loss!r})")

    worst = (-1.0, (), 0.0, 0.0)
    any_nonzero = loss != 0.0 or bool(np.any(grad))
    for ix in np.ndindex(*x.shape):
        old = x[ix]
        x[ix] = old + h
        f_plus, _ = _evaluate(f, x, state)
        x[ix] = old - h
        f_minus, _ = _evaluate(f, x, state)
        x[ix] = old
        numeric = (f_plus - f_minus) / (2 * h)
        analytic = float(grad[ix])
        any_nonzero = any_nonzero or numeric != 0.0
        rel = abs(numeric - analytic) / max(1.0, abs(numeric), abs(analytic))
        if not np.isfinite(rel):
            rel = np.inf
        if rel > worst[0]:
            worst = (rel, tuple(int(i) for i in ix), analytic, numeric)
    # Every evaluation started from `state`, so the stream now stands one evaluation past
    # the start, exactly as after the course's checker.
    rel, where, analytic, numeric = worst
    vacuous = not any_nonzero
    result = GradcheckResult(passed=(rel <= tol) and not vacuous, max_rel_error=rel,
                             worst_index=where, analytic=analytic, numeric=numeric,
                             n_checked=x.size, vacuous=vacuous, tol=tol, h=h, name=name)
    if raise_on_failure and not result.passed:
        raise GradcheckError(str(result))
    return result
