"""Part (e) and (f): leaky ReLU, the sigmoid, and their derivatives.

All functions work elementwise on a scalar or an array and return a Python float for a
scalar input. None of them overflows: sigmoid, sigmoid_grad and log_sigmoid are exact to
double precision for |x| up to 1e4 and beyond, with no warnings.
"""
from __future__ import annotations

import numpy as np

from . import _validate


def _like_input(result, x):
    """A Python float for a scalar x, an array otherwise."""
    return float(result) if np.ndim(x) == 0 else result


def sigmoid(x):
    """σ(x) = 1 / (1 + e^(−x)), elementwise; handout part (f).

    Computed from e^(−|x|), which never overflows, so σ(±1e4) is exactly 1 or 0.
    """
    x = _validate.elementwise(x)
    e = np.exp(-np.abs(x))                       # e^(−|x|) <= 1: cannot overflow
    s = np.where(x >= 0, 1.0 / (1.0 + e),        # σ(x) = 1 / (1 + e^(−x))       for x >= 0
                 e / (1.0 + e))                  # σ(x) = e^x / (1 + e^x)         for x < 0
    return _like_input(s, x)


def sigmoid_grad(x):
    """dσ/dx = σ(x)(1 − σ(x)), elementwise; handout part (f).

    Evaluated as σ(x)·σ(−x), which equals σ(x)(1 − σ(x)) but keeps full relative
    precision in the tails (σ(x) rounds to 1, so 1 − σ(x) to 0, from x ≈ 36.74 on).
    """
    x = _validate.elementwise(x)
    return _like_input(sigmoid(x) * sigmoid(-x), x)     # 1 − σ(x) = σ(−x), without cancellation


def log_sigmoid(x):
    """log σ(x) = −log(1 + e^(−x)), elementwise, without overflow or log(0)."""
    x = _validate.elementwise(x)
    return _like_input(-np.logaddexp(0.0, -x), x)       # logaddexp(0, t) = log(e^0 + e^t), stable


def leaky_relu(x, alpha=0.01):
    """f(x) = max(αx, x) for 0 ≤ α < 1, elementwise; handout part (e)."""
    x, alpha = _validate.leaky_relu_args(x, alpha)
    return _like_input(x * np.where(x > 0, 1.0, alpha), x)     # x·1 for x > 0, αx otherwise


def leaky_relu_grad(x, alpha=0.01):
    """f'(x) = 1 for x > 0 and α for x < 0; handout part (e).

    f is not differentiable at 0: its left derivative is α and its right derivative is 1.
    This function returns α at exactly x = 0 (any value in [α, 1] is a valid subgradient
    there), as PyTorch's ``leaky_relu_backward_kernel`` does (``a > 0 ? grad : grad * negval``,
    pytorch/pytorch ``aten/src/ATen/native/cpu/Activation.cpp``; notebook 04 cites it).
    """
    x, alpha = _validate.leaky_relu_args(x, alpha)
    return _like_input(np.where(x > 0, 1.0, alpha), x)
