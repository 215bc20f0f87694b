"""Part (e) and (f): leaky ReLU, the sigmoid, and their derivatives.

All functions work elementwise on a scalar or an array and return a Python float for a
scalar input. None of them overflows: sigmoid, sigmoid_grad and log_sigmoid are exact to
double precision for |x| up to 1e4 and beyond, with no warnings.
"""
from __future__ import annotations

import numpy as np

from ._validate import as_float_array


def _elementwise(x, name="x"):
    arr = np.asarray(x)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a real number or array of them, got dtype {arr.dtype}")
    arr = arr.astype(np.float64)
    if np.isnan(arr).any():
        raise ValueError(f"{name} holds a NaN")
    return arr


def _out(result, x):
    return float(result) if np.ndim(x) == 0 else result


def sigmoid(x):
    """σ(x) = 1 / (1 + e^(−x)), elementwise; handout part (f).

    Computed from e^(−|x|), which never overflows, so σ(±1e4) is exactly 1 or 0.
    """
    arr = _elementwise(x)
    e = np.exp(-np.abs(arr))
    return _out(np.where(arr >= 0, 1.0 / (1.0 + e), e / (1.0 + e)), x)


def sigmoid_grad(x):
    """dσ/dx = σ(x)(1 − σ(x)), elementwise; handout part (f).

    Evaluated as σ(x)·σ(−x), which equals σ(x)(1 − σ(x)) but keeps full relative
    precision in the tails (1 − σ(x) would round to 0 for x > 37).
    """
    arr = _elementwise(x)
    return _out(np.asarray(sigmoid(arr)) * np.asarray(sigmoid(-arr)), x)


def log_sigmoid(x):
    """log σ(x) = −log(1 + e^(−x)), elementwise, without overflow or log(0)."""
    arr = _elementwise(x)
    return _out(-np.logaddexp(0.0, -arr), x)


def _check_alpha(alpha):
    a = float(as_float_array(alpha, "alpha", ndim=0))
    if not 0.0 <= a < 1.0:
        raise ValueError(f"alpha must satisfy 0 <= alpha < 1 (handout part (e): 0 < α < 1), got {a}")
    return a


def leaky_relu(x, alpha=0.01):
    """f(x) = max(αx, x) for 0 ≤ α < 1, elementwise; handout part (e)."""
    a = _check_alpha(alpha)
    arr = _elementwise(x)
    return _out(np.where(arr > 0, arr, a * arr), x)


def leaky_relu_grad(x, alpha=0.01):
    """f'(x) = 1 for x > 0 and α for x < 0; handout part (e).

    f is not differentiable at 0: its left derivative is α and its right derivative is 1.
    Like PyTorch's leaky_relu backward, this function returns α at exactly x = 0 (any
    value in [α, 1] is a valid subgradient there).
    """
    a = _check_alpha(alpha)
    arr = _elementwise(x)
    return _out(np.where(arr > 0, 1.0, a), x)
