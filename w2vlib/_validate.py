"""Argument checks shared by the w2vlib functions.

Every public function validates what it is given and raises a ``ValueError`` or
``TypeError`` that names the offending argument, instead of letting a bad shape or a
NaN travel into numpy and come out as a silent NaN or a deep traceback.
"""
from __future__ import annotations

import numbers

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


# ---------------------------------------------------------------------------------------------
# One call per core function: each checks every argument of that function, in the order the
# function used to, and returns them ready for the math (so the function body is only math).
# ---------------------------------------------------------------------------------------------

def elementwise(x, name: str = "x") -> np.ndarray:
    """``x`` (a real scalar or array) as float64, for the activations; NaN is refused."""
    arr = np.asarray(x)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a real number or array of them, got dtype {arr.dtype}")
    arr = arr.astype(np.float64)
    if np.isnan(arr).any():
        raise ValueError(f"{name} holds a NaN")
    return arr


def leaky_relu_args(x, alpha):
    """``(x, alpha)`` for leaky_relu(_grad): x as :func:`elementwise`, 0 <= alpha < 1."""
    a = float(as_float_array(alpha, "alpha", ndim=0))
    if not 0.0 <= a < 1.0:
        raise ValueError(f"alpha must satisfy 0 <= alpha < 1 (handout part (e): 0 < α < 1), got {a}")
    return elementwise(x), a


def softmax_args(x, axis) -> np.ndarray:
    """``x`` for softmax: a finite float64 array with at least one dimension."""
    arr = as_float_array(x, "x")
    if arr.ndim == 0:
        raise ValueError("x must have at least one dimension")
    return arr


def cross_entropy_args(y, y_hat):
    """``(y, y_hat)``: two probability distributions of the same shape (V,)."""
    y = as_float_array(y, "y", ndim=1)
    y_hat = as_float_array(y_hat, "y_hat", ndim=1)
    if y.shape != y_hat.shape:
        raise ValueError(f"y has shape {y.shape} but y_hat has shape {y_hat.shape}")
    for name, p in (("y", y), ("y_hat", y_hat)):
        if np.any(p < 0) or abs(p.sum() - 1.0) > 1e-6:
            raise ValueError(f"{name} must be a probability distribution (non-negative, summing to 1); sum is {p.sum()!r}")
    return y, y_hat


def naive_softmax_args(center_word_vec, outside_word_idx, outside_vectors):
    """``(v_c, o, U)`` for the naive-softmax loss (U holds the u_w as rows, (V, d))."""
    v_c, U = center_and_outside(center_word_vec, outside_vectors)
    o = as_index(outside_word_idx, "outside_word_idx", U.shape[0])
    return v_c, o, U


def neg_sampling_args(center_word_vec, outside_word_idx, outside_vectors, dataset, K):
    """``(v_c, o, U)`` for the negative-sampling loss.

    Only the shape of U is checked here; the K + 1 rows the loss reads are checked by
    :func:`sampled_rows`, so the loss stays O(K d) however large V is.
    """
    v_c, U = center_and_outside(center_word_vec, outside_vectors, check_outside_finite=False)
    o = as_index(outside_word_idx, "outside_word_idx", U.shape[0])
    if U.shape[0] < 2:
        raise ValueError("outside_vectors must have at least 2 rows: negatives must differ from the outside word")
    return v_c, o, U


def sampled_rows(U: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """``U[indices]``, refusing a non-finite value in any of the rows read."""
    rows = U[indices]
    check_finite(rows, "outside_vectors (sampled rows)")
    return rows


def word_index(word, word2ind, name: str):
    """``word2ind[word]``, with a ValueError naming ``name`` for an unknown word."""
    try:
        return word2ind[word]
    except KeyError:
        raise ValueError(f"unknown word {word!r} in {name}: it is not in word2ind") from None
    except TypeError:
        raise TypeError(f"{name} must hold hashable words, got {type(word).__name__}") from None


def skipgram_args(current_center_word, window_size, outside_words, word2ind,
                  center_word_vectors, outside_vectors):
    """``(c, o_indices, center_word_vectors, outside_vectors)`` for skipgram."""
    as_positive_int(window_size, "window_size")
    center_vecs = as_float_array(center_word_vectors, "center_word_vectors", ndim=2, finite=False)
    outside = as_float_array(outside_vectors, "outside_vectors", ndim=2, finite=False)
    if center_vecs.shape != outside.shape:
        raise ValueError(
            f"center_word_vectors has shape {center_vecs.shape} but outside_vectors has shape "
            f"{outside.shape}: both must be (V, d)"
        )
    if isinstance(outside_words, str):
        raise TypeError("outside_words must be a list of words, not a single string")
    outside_words = list(outside_words)
    if not outside_words:
        raise ValueError("outside_words is empty: a skip-gram window needs at least one outside word")
    c = word_index(current_center_word, word2ind, "current_center_word")
    if not 0 <= c < center_vecs.shape[0]:
        raise ValueError(f"word2ind maps {current_center_word!r} to {c}, outside the {center_vecs.shape[0]} rows")
    indices = [word_index(w, word2ind, "outside_words") for w in outside_words]
    return c, indices, center_vecs, outside
