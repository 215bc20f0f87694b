"""Parts (a)–(d): softmax, cross-entropy, and the naive-softmax loss with its gradients.

Notation (the handout's): u_w are outside vectors, v_c the centre vector. In code the
outside vectors are the **rows** of ``outside_vectors`` (V, d), i.e. the handout's U is
``outside_vectors.T``; ``center_word_vec`` is v_c with shape (d,).
"""
from __future__ import annotations

import numpy as np

from ._validate import as_float_array, as_index, center_and_outside


def softmax(x, axis=-1):
    """Numerically stable softmax along ``axis``; works on 1-D and 2-D (or any) arrays.

    Subtracts the maximum before exponentiating, so inputs up to ±1e4 (and beyond) give no
    overflow and no NaN. Never modifies ``x`` (the course's version did, in place).
    """
    arr = as_float_array(x, "x")
    if arr.ndim == 0:
        raise ValueError("x must have at least one dimension")
    shifted = arr - np.max(arr, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def cross_entropy(y, y_hat):
    """Cross-entropy −Σ_w y_w log ŷ_w between a target distribution y and ŷ; part (a).

    With a one-hot y (y_o = 1) this is −log ŷ_o. Terms with y_w = 0 contribute 0 even where
    ŷ_w = 0. Both arguments have shape (V,).
    """
    y = as_float_array(y, "y", ndim=1)
    y_hat = as_float_array(y_hat, "y_hat", ndim=1)
    if y.shape != y_hat.shape:
        raise ValueError(f"y has shape {y.shape} but y_hat has shape {y_hat.shape}")
    for name, p in (("y", y), ("y_hat", y_hat)):
        if np.any(p < 0) or abs(p.sum() - 1.0) > 1e-6:
            raise ValueError(f"{name} must be a probability distribution (non-negative, summing to 1); sum is {p.sum()!r}")
    mask = y > 0
    with np.errstate(divide="ignore"):
        return float(-np.sum(y[mask] * np.log(y_hat[mask])))


def naive_softmax_loss_and_gradient(center_word_vec, outside_word_idx, outside_vectors, dataset=None):
    """Naive-softmax loss J = −log ŷ_o and its gradients; parts (a)–(d).

    Args:
        center_word_vec: v_c, shape (d,).
        outside_word_idx: o, index of the true outside word.
        outside_vectors: U transposed, shape (V, d); row w is u_w.
        dataset: unused (kept so every loss has the same signature).

    Returns:
        loss: J = −log ŷ_o with ŷ = softmax(U^T v_c), computed as logsumexp − score so that it
            stays finite for large scores.
        grad_center_vec: ∂J/∂v_c = U(ŷ − y), shape (d,)  (part b).
        grad_outside_vecs: ∂J/∂U as rows, row w = (ŷ_w − y_w) v_c, shape (V, d)  (parts c, d).
    """
    v_c, U = center_and_outside(center_word_vec, outside_vectors)
    o = as_index(outside_word_idx, "outside_word_idx", U.shape[0])
    scores = U @ v_c                                   # (V,)  u_w^T v_c
    shifted = scores - scores.max()
    exp_scores = np.exp(shifted)
    total = exp_scores.sum()
    y_hat = exp_scores / total                         # (V,)  ŷ
    # ŷ_o − 1 = −Σ_{w≠o} ŷ_w: summing the other words avoids the cancellation of "ŷ_o − 1"
    # once ŷ_o rounds to 1 (that would give loss 0 and a centre gradient of the wrong sign).
    rest = np.sum(np.delete(exp_scores, o))
    if shifted[o] == 0:                                # o has the top score: ŷ_o = 1/(1 + rest)
        loss = float(np.log1p(rest))                   # −log ŷ_o, accurate even when tiny
    else:
        loss = float(np.log(total) - shifted[o])       # −log ŷ_o, stable for large scores
    delta = y_hat.copy()
    delta[o] = -rest / total                           # ŷ − y
    grad_center_vec = U.T @ delta                      # (d,)  U(ŷ − y)
    grad_outside_vecs = np.outer(delta, v_c)           # (V, d) rows (ŷ_w − y_w) v_c
    return loss, grad_center_vec, grad_outside_vecs
