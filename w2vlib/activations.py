"""Part (e) and (f): leaky ReLU, the sigmoid, and their derivatives.

All functions work elementwise on a scalar or an array and return a Python float for a
scalar input. None of them overflows: sigmoid, sigmoid_grad and log_sigmoid are exact to
double precision for |x| up to 1e4 and beyond, with no warnings.
"""
from __future__ import annotations

import numpy as np

from ._validate import Array, checked, leaky_slope

__all__ = ["sigmoid", "sigmoid_grad", "log_sigmoid", "leaky_relu", "leaky_relu_grad"]


def _like_input(result, x):
    """A Python float for a scalar x, an array otherwise."""
    return float(result) if np.ndim(x) == 0 else result


@checked(x=Array(inf=True))
def sigmoid(x):
    """σ(x) = 1 / (1 + e^(−x)), elementwise; handout part (f).

    Computed from e^(−|x|), which never overflows, so σ(±1e4) is exactly 1 or 0.
    """
    e = np.exp(-np.abs(x))                       # e^(−|x|) <= 1: cannot overflow
    s = np.where(x >= 0, 1.0 / (1.0 + e),        # σ(x) = 1 / (1 + e^(−x))       for x >= 0
                 e / (1.0 + e))                  # σ(x) = e^x / (1 + e^x)         for x < 0
    return _like_input(s, x)


@checked(x=Array(inf=True))
def sigmoid_grad(x):
    """dσ/dx = σ(x)(1 − σ(x)), elementwise; handout part (f).

    Evaluated as σ(x)·σ(−x), which equals σ(x)(1 − σ(x)) but keeps full relative
    precision in the tails (σ(x) rounds to 1, so 1 − σ(x) to 0, from x ≈ 36.74 on).
    """
    return _like_input(sigmoid(x) * sigmoid(-x), x)     # 1 − σ(x) = σ(−x), without cancellation


@checked(x=Array(inf=True))
def log_sigmoid(x):
    """log σ(x) = −log(1 + e^(−x)), elementwise, without overflow or log(0)."""
    return _like_input(-np.logaddexp(0.0, -x), x)       # logaddexp(0, t) = log(e^0 + e^t), stable


@checked(x=Array(inf=True), alpha=Array(ndim=0), where=leaky_slope)
def leaky_relu(x, alpha=0.01):
    """f(x) = max(αx, x) for 0 ≤ α < 1, elementwise; handout part (e)."""
    return _like_input(x * np.where(x > 0, 1.0, alpha), x)     # x·1 for x > 0, αx otherwise


@checked(x=Array(inf=True), alpha=Array(ndim=0), where=leaky_slope)
def leaky_relu_grad(x, alpha=0.01):
    """f'(x) = 1 for x > 0 and α for x < 0; handout part (e).

    f is not differentiable at 0: its left derivative is α and its right derivative is 1.
    This function returns α at exactly x = 0 (any value in [α, 1] is a valid subgradient
    there), as PyTorch's ``leaky_relu_backward_kernel`` does (``a > scalar_t(0) ? b : b * negval``,
    pytorch/pytorch ``aten/src/ATen/native/cpu/Activation.cpp`` at commit 02def0cdf6a7;
    notebook 04 cites it).
    """
    return _like_input(np.where(x > 0, 1.0, alpha), x)
