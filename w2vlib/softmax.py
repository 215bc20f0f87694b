"""Parts (a)–(d): softmax, cross-entropy, and the naive-softmax loss with its gradients.

Notation (the handout's): u_w are outside vectors, v_c the centre vector. In code the
outside vectors are the **rows** of ``outside_vectors`` (V, d), i.e. the handout's U is
``outside_vectors.T``; ``center_word_vec`` is v_c with shape (d,).
"""
from __future__ import annotations

import numpy as np

from . import _validate
from ._validate import Array, Row, checked, naive_softmax_scale, softmax_axis, two_distributions

__all__ = ["softmax", "cross_entropy", "naive_softmax_loss_and_gradient"]


@checked(x=Array(), where=softmax_axis)
def softmax(x, axis=-1):
    """Numerically stable softmax along ``axis``; works on 1-D and 2-D (or any) arrays.

    Subtracts the maximum before exponentiating, so inputs up to ±1e4 (and beyond) give no
    overflow and no NaN. Never modifies ``x`` (the course's version did, in place).
    """
    with np.errstate(over="ignore"):                     # x − max may round to −inf; exp(−inf) = 0 is exact
        shifted = x - np.max(x, axis=axis, keepdims=True)  # softmax(x − c) = softmax(x); exp(<= 0) is safe
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


@checked(y=Array(ndim=1), y_hat=Array(ndim=1), where=two_distributions)
def cross_entropy(y, y_hat):
    """Cross-entropy −Σ_w y_w log ŷ_w between a target distribution y and ŷ; part (a).

    With a one-hot y (y_o = 1) this is −log ŷ_o. Terms with y_w = 0 contribute 0 even where
    ŷ_w = 0. Both arguments have shape (V,).
    """
    w = y > 0                                            # words with y_w = 0 add nothing (0 · log 0 = 0)
    with np.errstate(divide="ignore"):                   # ŷ_w = 0 where y_w > 0: J = +inf, no warning
        return float(-np.sum(y[w] * np.log(y_hat[w])))


@checked(center_word_vec=Array(ndim=1), outside_word_idx=Row(of="outside_vectors"),
         outside_vectors=Array(ndim=2), where=naive_softmax_scale)
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
    v_c, o, Ut = center_word_vec, outside_word_idx, outside_vectors   # Ut is the handout's Uᵀ: row w is u_w
    scores = Ut @ v_c                                    # Uᵀv_c: u_w^T v_c for every w, shape (V,)
    shifted = scores - scores.max()                      # the softmax is unchanged; exp cannot overflow
    e = np.exp(shifted)
    Z = e.sum()
    y_hat = e / Z                                        # ŷ = softmax(U^T v_c)
    rest = np.sum(np.delete(e, o))                       # Σ_{w≠o} e_w, so that 1 − ŷ_o = rest / Z
    if shifted[o] == 0:                                  # o has the top score: ŷ_o = 1 / (1 + rest)
        loss = float(np.log1p(rest))                     # J = −log ŷ_o; log1p keeps a tiny J exact
    else:
        loss = float(np.log(Z) - shifted[o])             # J = −log ŷ_o = log Z − log e_o
    y_hat_minus_y = y_hat.copy()
    y_hat_minus_y[o] = -rest / Z                         # ŷ_o − 1 = −Σ_{w≠o} ŷ_w: no cancellation
    grad_center_vec = Ut.T @ y_hat_minus_y               # ∂J/∂v_c = U(ŷ − y), shape (d,)
    grad_outside_vecs = np.outer(y_hat_minus_y, v_c)     # ∂J/∂u_w = (ŷ_w − y_w) v_c, rows of (V, d)
    return loss, grad_center_vec, grad_outside_vecs


_validate.trusted_loss(naive_softmax_loss_and_gradient)   # skipgram passes it through unchecked
