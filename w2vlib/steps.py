"""The readable numpy steps of the fast trainer (:mod:`w2vlib.train`); the compiled kernel
(:mod:`w2vlib._fast`) makes the same updates from the same draws.

- :func:`sgns_step`: skip-gram with negative sampling, the step notebook 08 prints; what
  ``train_sgns`` (and ``train_word2vec(sg=1, hs=0)``) trains with ``kernel="numpy"``.
- :func:`word2vec_step`: any of the four models, skip-gram or CBOW, negative sampling,
  hierarchical softmax or both.

Every gradient of a batch is taken at the parameters before the batch; the updates are added
with one flat ``np.add.at`` per matrix (repeated rows accumulate).
"""
from __future__ import annotations

import numpy as np

from .activations import log_sigmoid, sigmoid

__all__ = ["sgns_step", "word2vec_step"]


def _scatter_add(P, idx, upd):
    """P[idx] += upd with repeated rows accumulated.

    One unbuffered ``np.add.at`` on the flattened array, element by element (numpy's fast
    path for 1-D ``ufunc.at``: several times faster than ``np.add.at`` on rows).
    """
    if not P.flags.c_contiguous:          # reshape(-1) would copy, and the update would be lost
        raise ValueError("_scatter_add needs a C-contiguous matrix")
    d = P.shape[1]
    flat = (idx[:, None] * d + np.arange(d, dtype=idx.dtype)).ravel()
    np.add.at(P.reshape(-1), flat, upd.reshape(-1))


def sgns_step(P, V, c, o, neg, alpha, skip_positive=True):
    """One batched SGD step on (centre c, outside o) pairs; return the summed loss (float).

    ``P`` (2V, d): centre rows then outside rows, updated in place. ``c``, ``o`` (n, G): n
    groups of G pairs; ``neg`` (n, K): the K negatives shared by the pairs of a group.
    """
    d = P.shape[1]
    vc, uo, un = P[c], P[V + o], P[V + neg]                  # (n,G,d), (n,G,d), (n,K,d)
    pos = np.einsum("ngd,ngd->ng", vc, uo)                    # u_oᵀ v_c
    sneg = np.matmul(vc, un.transpose(0, 2, 1))               # (n,G,K): u_kᵀ v_c
    # z = [s_o, −s_1, …, −s_K] (n,G,K+1), s = uᵀ v_c: J = −Σ log σ(z), ∂J/∂z = −σ(−z)
    z = np.concatenate([pos[..., None], -sneg], axis=2)
    losses = -log_sigmoid(z)                                  # float64, no overflow
    gz = sigmoid(-z).astype(P.dtype, copy=False)              # float32 in training
    gp, gn = -gz[..., 0], gz[..., 1:]                          # ∂J/∂s_o = σ(s_o) − 1, ∂J/∂s_k = σ(s_k)
    collide = neg[:, None, :] == o[:, :, None]                # a negative equal to o is skipped
    if skip_positive and collide.any():
        gn[collide] = 0.0
        losses[..., 1:][collide] = 0.0
    gp *= -alpha
    gn *= -alpha
    d_vc = gp[..., None] * uo + np.matmul(gn, un)             # −alpha ∂J/∂v_c
    d_uo = gp[..., None] * vc                                 # −alpha ∂J/∂u_o
    d_un = np.matmul(gn.transpose(0, 2, 1), vc)               # −alpha ∂J/∂u_k, summed over the group
    idx = np.concatenate([c.ravel(), V + o.ravel(), V + neg.ravel()]).astype(np.intp)
    upd = np.concatenate([d_vc.reshape(-1, d), d_uo.reshape(-1, d), d_un.reshape(-1, d)])
    _scatter_add(P, idx, upd)
    return float(losses.sum(dtype=np.float64))


# ----- any of the four models ------------------------------------------------------------------
def _negative_sampling_terms(U, h, t, neg, skip_positive):
    """Negative sampling for inputs h (n, d) predicting t (n,): J = −log σ(u_tᵀh) − Σ_k log σ(−u_kᵀh).

    ``neg`` (g, K): K negatives shared by each of g consecutive groups of n/g examples (a
    negative equal to the example's target is skipped when ``skip_positive``). Returns the
    summed loss, ∂J/∂h (n, d), and the rows of U with their gradients (idx, grad).
    """
    n, d = h.shape
    g = neg.shape[0]
    hg, tg = h.reshape(g, n // g, d), t.reshape(g, n // g)
    ut, un = U[tg], U[neg]                                    # (g,G,d), (g,K,d)
    z = np.concatenate([np.einsum("ngd,ngd->ng", hg, ut)[..., None],       # z = [u_tᵀh, −u_kᵀh]
                        -np.matmul(hg, un.transpose(0, 2, 1))], axis=2)
    losses = -log_sigmoid(z)
    gz = sigmoid(-z).astype(h.dtype, copy=False)
    gt, gk = -gz[..., 0], gz[..., 1:]                          # ∂J/∂(u_tᵀh) = σ(u_tᵀh) − 1, ∂J/∂(u_kᵀh) = σ(u_kᵀh)
    collide = neg[:, None, :] == tg[:, :, None]
    if skip_positive and collide.any():
        gk[collide] = 0.0
        losses[..., 1:][collide] = 0.0
    grad_h = gt[..., None] * ut + np.matmul(gk, un)            # Σ (∂J/∂s) u
    grad_rows = np.concatenate([(gt[..., None] * hg).reshape(-1, d),           # ∂J/∂u_t = (σ − 1) h
                                np.matmul(gk.transpose(0, 2, 1), hg).reshape(-1, d)])   # ∂J/∂u_k, summed over the group
    idx = np.concatenate([tg.ravel(), neg.ravel()]).astype(np.intp)
    return float(losses.sum(dtype=np.float64)), grad_h.reshape(n, d), idx, grad_rows


def _hierarchical_softmax_terms(W, h, paths, signs):
    """Hierarchical softmax for inputs h (n, d): J = −Σ_l log σ(s_l u_{n_l}ᵀh) along each target's path.

    ``paths`` (n, L): the inner nodes of each example's target, padded; ``signs`` (n, L): s_l =
    1 − 2 b_l (+1 left, −1 right), 0 on the padding. Returns the summed loss, ∂J/∂h (n, d), and
    the path rows of W with their gradients (idx, grad).
    """
    on = signs != 0
    rows = W[paths]                                           # (n, L, d)
    z = signs * np.einsum("nld,nd->nl", rows, h)               # z_l = s_l u_{n_l}ᵀ h
    losses = np.where(on, -log_sigmoid(z), 0.0)
    coef = (-signs * sigmoid(-z)).astype(h.dtype, copy=False)  # ∂J/∂(u_nᵀh) = σ(u_nᵀh) − t_l; 0 on the padding
    grad_h = np.einsum("nl,nld->nd", coef, rows)
    grad_rows = coef[on][:, None] * np.repeat(h, on.sum(axis=1), axis=0)     # (σ − t) h, row by row
    return float(losses.sum(dtype=np.float64)), grad_h, paths[on].astype(np.intp), grad_rows


def word2vec_step(syn0, syn1neg, syn1, rows, ptr, targets, neg, paths, signs, alpha,
                   skip_positive=True, cbow_mean=True, share_by_n=None):
    """One batched SGD step of any word2vec model on n examples; return the summed loss.

    Example i reads the input rows ``rows[ptr[i]:ptr[i+1]]`` of ``syn0`` (skip-gram: one row,
    the centre v_c; CBOW: its context words) and predicts ``targets[i]`` (skip-gram: the outside
    word o; CBOW: the centre c) from h_i = their mean (``cbow_mean``) or sum. ``syn1neg`` (V, d),
    the outside vectors, with ``neg`` (g, K) negatives shared by groups of n/g examples: negative
    sampling (None: off). ``syn1`` (V − 1, d), the inner-node vectors, with ``paths``/``signs``
    (V, L) of the Huffman tree: hierarchical softmax (None: off). With both, the two losses add.

    Updates (all at the parameters before the step): u ← u − alpha ∂J/∂u for the output rows, and
    v_w ← v_w − alpha ∂J/∂v_w = v_w − alpha (∂h/∂v_w) ∂J/∂h for each input row, once per occurrence,
    ∂h/∂v_w = 1/n_i (mean) or 1 (sum), as :func:`w2vlib.cbow.cbow` derives it. ``share_by_n``
    (default: ``cbow_mean``, the gradient) says whether a row gets 1/n_i of −alpha ∂J/∂h or all of it:
    ``not cbow_mean`` gives gensim's CBOW update instead of the gradient.
    """
    counts = np.diff(ptr)
    scale = (1.0 / counts if cbow_mean else np.ones(len(counts))).astype(syn0.dtype)
    h = scale[:, None] * np.add.reduceat(syn0[rows], ptr[:-1], axis=0)      # (n, d)
    share = scale if share_by_n is None or bool(share_by_n) == bool(cbow_mean) else \
        (1.0 / counts if share_by_n else np.ones(len(counts))).astype(syn0.dtype)
    loss, grad_h, updates = 0.0, np.zeros_like(h), []
    if syn1 is not None:
        part, g, idx, grad_rows = _hierarchical_softmax_terms(syn1, h, paths[targets], signs[targets])
        loss, grad_h = loss + part, grad_h + g
        updates.append((syn1, idx, grad_rows))
    if syn1neg is not None:
        part, g, idx, grad_rows = _negative_sampling_terms(syn1neg, h, targets, neg, skip_positive)
        loss, grad_h = loss + part, grad_h + g
        updates.append((syn1neg, idx, grad_rows))
    for W, idx, grad_rows in updates:
        _scatter_add(W, idx, -alpha * grad_rows)
    _scatter_add(syn0, rows.astype(np.intp), np.repeat(-alpha * share[:, None] * grad_h, counts, axis=0))
    return loss
