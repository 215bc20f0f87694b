"""Checks of arrays, scalars, word lists and mappings: the building blocks of every argument check."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping

import numpy as np


#: Largest |score| bound accepted by the losses: scores, losses and gradients stay finite below it.
SCORE_LIMIT = 1e300
#: Largest K (negatives per outside word): K draws are made one by one in Python.
MAX_NEGATIVES = 1_000_000
#: Largest window m of the fast trainer and the co-occurrence counts (the compiled kernel's bound).
MAX_WINDOW = 127
#: Largest number of steps of an optimiser's Python loop (``sgd``, ``fit_expected_sgns``): the
#: course's run is 40,000; 10^9 steps would take months.
MAX_ITERATIONS = 1_000_000_000

_KIND_NAMES = {"b": "bool", "c": "complex", "U": "str", "S": "bytes", "V": "void",
               "M": "datetime", "m": "timedelta"}


def _has_bool(value) -> bool:
    """Whether a (nested) list or tuple holds a bool, which numpy would silently take as 0/1."""
    if isinstance(value, (bool, np.bool_)):
        return True
    if isinstance(value, (list, tuple)):
        return any(_has_bool(v) for v in value)
    return False


def real_array(value, name: str) -> np.ndarray:
    """``value`` as a float64 array: real numbers only (bools, complex numbers and strings are
    refused with a ``TypeError``, a ragged list with a ``ValueError``); float16/float32, integers,
    0-d arrays and object arrays of real numbers are accepted. No copy for a float64 array."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be a numeric array, got {type(value).__name__}")
    if _has_bool(value):
        raise TypeError(f"{name} must hold real numbers, not bools (True/False would be taken as 1/0)")
    try:
        arr = np.asarray(value)
    except ValueError as exc:
        raise ValueError(f"{name} is ragged: its rows have different lengths ({exc})") from None
    kind = arr.dtype.kind
    if kind in _KIND_NAMES:
        what = _KIND_NAMES[kind]
        extra = " (the imaginary part would be dropped)" if kind == "c" else ""
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype} ({what}){extra}")
    if kind == "O":
        flat = arr.ravel()
        if any(isinstance(v, (bool, np.bool_)) for v in flat):
            raise TypeError(f"{name} must hold real numbers, not bools")
        if not all(isinstance(v, numbers.Real) for v in flat):
            bad = next(v for v in flat if not isinstance(v, numbers.Real))
            raise TypeError(f"{name} must hold real numbers, found {type(bad).__name__} {bad!r}")
    return arr.astype(np.float64, copy=False)


def as_float_array(value, name: str, ndim: int | None = None, finite: bool = True) -> np.ndarray:
    """Return ``value`` as a float64 array (see :func:`real_array`), checking its dimension,
    that it is not empty, and (by default) that it is finite."""
    arr = real_array(value, name)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape})")
    if finite:
        check_finite(arr, name)
    return arr


def check_finite(arr: np.ndarray, name: str) -> None:
    """Raise ``ValueError`` if ``arr`` holds a NaN or an infinity."""
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        where = tuple(int(i) for i in bad) if arr.ndim else ()
        raise ValueError(f"{name} holds a non-finite value ({arr[tuple(bad)]!r} at index {where})")


def _integer(value, name: str) -> int:
    """``value`` as a Python int: ints, numpy integers and 0-d integer arrays; not bools,
    floats (2.7 is not silently 2) or strings."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iu":
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    return int(value)


def as_index(value, name: str, size: int) -> int:
    """Return ``value`` as a Python int in ``[0, size)``; bools and floats are refused."""
    try:
        idx = _integer(value, name)
    except TypeError:
        raise TypeError(f"{name} must be an integer index, got {type(value).__name__} {value!r}") from None
    if not 0 <= idx < size:
        raise ValueError(f"{name}={idx} is out of range for a vocabulary of {size} words (valid: 0..{size - 1})")
    return idx


def as_positive_int(value, name: str, maximum: int | None = None) -> int:
    """Return ``value`` as a Python int >= 1 (and <= ``maximum`` if given)."""
    n = _integer(value, name)
    if n < 1:
        raise ValueError(f"{name} must be at least 1, got {n}")
    if maximum is not None and n > maximum:
        raise ValueError(f"{name}={n} is too large: at most {maximum:,} is accepted")
    return n


def as_nonnegative_int(value, name: str) -> int:
    """Return ``value`` as a Python int >= 0."""
    n = _integer(value, name)
    if n < 0:
        raise ValueError(f"{name} must be >= 0, got {n}")
    return n


def as_float(value, name: str, low: float = -math.inf, high: float = math.inf, low_open: bool = False) -> float:
    """Return ``value`` as a finite Python float in [low, high] (``(low, high]`` with ``low_open``).

    Bools, strings and other non-numbers are refused with a ``TypeError``; NaN, infinities
    and values out of range with a ``ValueError`` naming ``name`` and the interval.
    """
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not (math.isfinite(value) and (value > low if low_open else value >= low) and value <= high):
        if high == math.inf:
            what = "a positive finite number" if (low, low_open) == (0.0, True) else \
                f"a finite number {'>' if low_open else '>='} {low:g}"
        else:
            what = f"a finite number in {'(' if low_open else '['}{low:g}, {high:g}]"
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return value


def as_positive_float(value, name: str, high: float = math.inf) -> float:
    """Return ``value`` as a finite Python float in (0, high]: learning rates, steps."""
    return as_float(value, name, 0.0, high, low_open=True)


def as_seed(value, name: str = "seed") -> int:
    """Return ``value`` as a Python int >= 0, a seed for ``numpy.random.default_rng`` or
    ``random.Random`` (the one seed contract of w2vlib: any int from 0 up, no upper bound);
    bools, floats and strings are a ``TypeError``, a negative int a ``ValueError``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a non-negative integer, got {type(value).__name__} {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return int(value)


def as_callable(value, name: str, optional: bool = False):
    """``value`` if it can be called (or None when ``optional``), else a ``TypeError``."""
    if value is None and optional:
        return None
    if not callable(value):
        raise TypeError(f"{name} must be a function, got {type(value).__name__} {value!r}")
    return value


def real_number(value, name: str, finite: bool = True) -> float:
    """``value`` as a (by default finite) Python float: a loss returned by a user function, say."""
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(())[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    x = float(value)
    if finite and not math.isfinite(x):
        raise ValueError(f"{name} is not finite ({x!r})")
    return x


def word_list(words, name: str = "words") -> list[str]:
    """``words`` (a list, tuple or numpy array of strings) as a list of str."""
    if isinstance(words, str) or words is None:
        raise TypeError(f"{name} must be a list of words, got {type(words).__name__} {words!r}")
    if isinstance(words, np.ndarray):
        words = words.tolist() if words.ndim == 1 else None
    if not isinstance(words, (list, tuple)):
        raise TypeError(f"{name} must be a list of words (strings), got {type(words).__name__}")
    bad = [w for w in words if not isinstance(w, str)]
    if bad:
        raise TypeError(f"{name} must hold strings, found {type(bad[0]).__name__} {bad[0]!r}")
    return [str(w) for w in words]


def as_mapping(value, name: str = "word2ind"):
    """``value`` if it is a mapping (word -> row index), else a ``TypeError``."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping word -> row index (a dict), got {type(value).__name__}")
    return value


def bounded_scores(v_max: float, u_max: float, d: int, terms: int,
                   names: tuple = ("center_word_vec", "outside_vectors")) -> None:
    """Refuse vectors so large that a loss summing ``terms`` scores u^T v (d products each)
    or its gradient could overflow float64; ``v_max``/``u_max`` are the largest |entries| of
    the arguments ``names`` (the centre's and the outside vectors')."""
    bound = terms * max(v_max, u_max, d * v_max * u_max)      # Python floats: inf, never a warning
    if not bound <= SCORE_LIMIT:
        raise ValueError(
            f"{names[0]} (largest |entry| {v_max:.3g}) and {names[1]} (largest |entry| "
            f"{u_max:.3g}) are too large: the scores u_w^T v_c, the loss or its gradient would "
            f"overflow float64 (limit {SCORE_LIMIT:g}); scale the vectors down"
        )


def same_dimension(center_word_vec: np.ndarray, outside_vectors: np.ndarray) -> None:
    """v_c (d,) and the rows of U (V, d), both checked arrays, have one dimension d."""
    if outside_vectors.shape[1] != center_word_vec.shape[0]:
        raise ValueError(
            f"outside_vectors has rows of length {outside_vectors.shape[1]} but center_word_vec has length "
            f"{center_word_vec.shape[0]}: both must be d-dimensional (outside_vectors is (V, d), vectors as rows)"
        )

def as_bool(value, name: str) -> bool:
    """Return ``value`` as a bool; only ``True``/``False`` (Python or numpy) are accepted."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return bool(value)


def as_counts(value, name: str = "counts") -> np.ndarray:
    """Return word counts as a (V,) float array: finite, non-negative, at least two words."""
    arr = as_float_array(value, name, ndim=1)
    if arr.size < 2:
        raise ValueError(f"{name} must hold at least 2 words to build a binary tree, got {arr.size}")
    if np.any(arr < 0):
        bad = int(np.argmax(arr < 0))
        raise ValueError(f"{name} must be non-negative, got {float(arr[bad])!r} at index {bad}")
    if not arr.sum() > 0:
        raise ValueError(f"{name} are all zero: at least one word must occur")
    return arr
