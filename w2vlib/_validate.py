"""Argument checks shared by the w2vlib functions.

Every public function validates what it is given and raises a ``ValueError`` or
``TypeError`` that names the offending argument, instead of letting a bad shape or a
NaN travel into numpy and come out as a silent NaN or a deep traceback.
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping

import numpy as np


def as_float_array(value, name: str, ndim: int | None = None, finite: bool = True) -> np.ndarray:
    """Return ``value`` as a float64 array, checking its dimension and finiteness."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be a numeric array, got {type(value).__name__}")
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a numeric array ({exc})") from None
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


def as_index(value, name: str, size: int) -> int:
    """Return ``value`` as a Python int in ``[0, size)``; bools and floats are refused."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer index, got {type(value).__name__} {value!r}")
    idx = int(value)
    if not 0 <= idx < size:
        raise ValueError(f"{name}={idx} is out of range for a vocabulary of {size} words (valid: 0..{size - 1})")
    return idx


def as_positive_int(value, name: str) -> int:
    """Return ``value`` as a Python int >= 1."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if int(value) < 1:
        raise ValueError(f"{name} must be at least 1, got {int(value)}")
    return int(value)


def center_and_outside(center_word_vec, outside_vectors, check_outside_finite: bool = True):
    """Validate the (d,) centre vector and the (V, d) outside matrix used by every loss."""
    v_c = as_float_array(center_word_vec, "center_word_vec", ndim=1)
    U = as_float_array(outside_vectors, "outside_vectors", ndim=2, finite=check_outside_finite)
    if U.shape[1] != v_c.shape[0]:
        raise ValueError(
            f"outside_vectors has rows of length {U.shape[1]} but center_word_vec has length "
            f"{v_c.shape[0]}: both must be d-dimensional (outside_vectors is (V, d), vectors as rows)"
        )
    return v_c, U


def as_float(value, name: str, low: float = -math.inf, high: float = math.inf, low_open: bool = False) -> float:
    """Return ``value`` as a finite Python float in [low, high] (``(low, high]`` with ``low_open``).

    Bools, strings and other non-numbers are refused with a ``TypeError``; NaN, infinities
    and values out of range with a ``ValueError`` naming ``name`` and the interval.
    """
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
    ``random.Random``; bools, floats and negative numbers are refused (``TypeError``)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or value < 0:
        raise TypeError(f"{name} must be a non-negative integer, got {type(value).__name__} {value!r}")
    return int(value)


def word_indices(word2ind: Mapping, words: Iterable, name: str) -> list:
    """The rows ``word2ind[w]`` of ``words``, in order (repeats repeated).

    Every unknown word is named in one ``ValueError`` (with ``name``, the argument that
    held it; a small vocabulary is listed); a word that cannot be a key (a list, say) is a
    ``TypeError``.
    """
    rows, missing = [], []
    for w in words:
        try:
            rows.append(word2ind[w])
        except KeyError:
            missing.append(w)
        except TypeError:
            raise TypeError(f"{name} must hold words (strings), got {type(w).__name__} {w!r}") from None
    if missing:
        size = len(word2ind)
        where = f"the vocabulary {list(word2ind)}" if size <= 20 else f"the vocabulary of {size} words"
        if len(missing) == 1:
            raise ValueError(f"unknown word {missing[0]!r} in {name} (not in {where})")
        raise ValueError(f"{len(missing)} unknown words in {name}: {', '.join(map(repr, missing))} "
                         f"(not in {where})")
    return rows


def word_index(word2ind: Mapping, word, name: str) -> int:
    """The row ``word2ind[word]``; an unknown word is a ``ValueError`` naming it and ``name``."""
    return word_indices(word2ind, [word], name)[0]
