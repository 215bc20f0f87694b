"""Diagnoses: recognise a known mistake in a wrong answer and say it in one line, with the fix.

Three kinds, each used by the runner or by a check:

- :class:`Pattern`: a known wrong result (the mean where the sum is asked, a repeated negative
  counted once, a row assigned with ``=`` instead of added, a flipped code, a path short of its
  last node), computed by the check for its case; :func:`matching_pattern` names the one the
  student's result equals;
- :func:`global_arrays`: the notebook's global arrays a function reads instead of its arguments
  (a shape error in the check's cases, whose sizes differ from the notebook's);
- :func:`uses_where`: whether a function calls ``where`` (``np.where`` computes both branches, so a
  floating-point warning from the branch it discards is harmless).
"""

from __future__ import annotations

import dis
import inspect
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Pattern:
    """A known wrong result of one case and what to tell a student whose result equals it.

    Attributes
    ----------
    result : tuple
        The wrong result, one value per returned component (as the expected result).
    says : str
        What that result is, completing "<components> equal(s) ...", e.g. "1/n of the expected
        (n = the number of outside words)".
    fix : str
        The fix, in the imperative.
    """
    result: tuple
    says: str
    fix: str


def _close(got, value, rtol, atol) -> bool:
    try:
        got = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    value = np.asarray(value, dtype=np.float64)
    return got.shape == value.shape and bool(np.all(np.isclose(got, value, rtol=rtol, atol=atol)))


def matching_pattern(out, expected, labels, patterns, rtol=1e-6, atol=1e-8):
    """The one-line diagnosis of the first pattern ``out`` matches, or None.

    ``out`` matches a pattern when every component that differs from ``expected`` equals the
    pattern's component (components that are right may be right in either).

    Parameters
    ----------
    out, expected : tuple
        The student's result and the right one, component by component.
    labels : tuple of str
        The components' names, as the report names them.
    patterns : iterable of Pattern
        The known wrong results of this case, the most specific first.

    Returns
    -------
    str or None
        "<components> equal(s) <says>: <fix>".
    """
    wrong = [k for k, (got, exp) in enumerate(zip(out, expected)) if not _close(got, exp, rtol, atol)]
    if not wrong:
        return None
    for pattern in patterns:
        if all(_close(out[k], pattern.result[k], rtol, atol) for k in wrong):
            names = [labels[k] for k in wrong]
            subject = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            return f"{subject} {'equals' if len(names) == 1 else 'equal'} {pattern.says}: {pattern.fix}"
    return None


def scaled_patterns(expected, n: int, what: str, fix_mean: str, fix_times: str, only=None) -> list:
    """The two mean-versus-sum mistakes of a sum of ``n`` terms: 1/n and n times the expected.

    Parameters
    ----------
    expected : tuple
        The right result.
    n : int
        The number of terms of the case (outside words, context words, path nodes).
    what : str
        What n counts, e.g. "the number of outside words".
    fix_mean, fix_times : str
        The fix when the result is 1/n, and n times, the expected.
    only : sequence of int, optional
        The components that are scaled (default: all).

    Returns
    -------
    list of Pattern
        Empty when n < 2 (nothing to tell apart).
    """
    if n < 2:
        return []
    only = range(len(expected)) if only is None else only

    def scale(factor):
        return tuple(np.asarray(v, dtype=np.float64) * factor if k in only else v for k, v in enumerate(expected))
    return [Pattern(scale(1.0 / n), f"1/n of the expected (n = {what})", fix_mean),
            Pattern(scale(float(n)), f"n times the expected (n = {what})", fix_times)]


# ----- reading the function's code ------------------------------------------------------------
def unwrap(fn):
    """The plain function inside a ``functools.partial`` or a bound method (``fn`` otherwise)."""
    for _ in range(5):
        inner = getattr(fn, "func", None) or getattr(fn, "__func__", None)
        if inner is None:
            break
        fn = inner
    return fn


def _code_objects(fn):
    """The code of ``fn`` (unwrapped) and every code object nested in it."""
    code = getattr(unwrap(fn), "__code__", None)
    stack = [code] if code is not None else []
    while stack:
        code = stack.pop()
        yield code
        stack.extend(c for c in code.co_consts if inspect.iscode(c))


def global_arrays(fn) -> list:
    """The global numpy arrays ``fn`` reads (``LOAD_GLOBAL``), as ``(name, shape)`` pairs.

    A function of an exercise should compute from its arguments; in a notebook, a name such as
    ``v_c`` or ``center_vectors`` that is not an argument silently reads the notebook's array.
    """
    fn = unwrap(fn)
    namespace = getattr(fn, "__globals__", {})
    names = dict.fromkeys(ins.argval for code in _code_objects(fn) for ins in dis.get_instructions(code)
                          if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME"))
    return [(name, namespace[name].shape) for name in names if isinstance(namespace.get(name), np.ndarray)]


def global_read_diagnosis(fn, symptom: str) -> str | None:
    """One line for a shape error or exception of a function that reads global arrays, or None.

    Parameters
    ----------
    fn : callable
        The student's function.
    symptom : str
        What went wrong, e.g. "raised ValueError" or "a result has the wrong shape".
    """
    reads = global_arrays(fn)
    if not reads:
        return None
    names = ", ".join(f"`{name}` (shape {shape})" for name, shape in reads)
    try:
        params = ", ".join(inspect.signature(unwrap(fn)).parameters)
    except (TypeError, ValueError):
        params = "its parameters"
    return (f"{symptom}, probably because it reads the global array {names} of the notebook instead of "
            f"an argument: the check passes arrays of other sizes, so compute from the arguments ({params})")


def uses_where(fn) -> bool:
    """Does ``fn`` (or a function nested in it) use a name ``where`` (``np.where``)?"""
    return any("where" in code.co_names for code in _code_objects(fn))
