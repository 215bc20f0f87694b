"""The compiled kernel of :func:`w2vlib.train.train_sgns` (optional: ``pip install 'w2vlib[fast]'``).

:func:`train_span` does what :func:`w2vlib.train._sgns_step` (the readable numpy reference)
does, batch after batch, on the same pairs, negatives and learning rates: every gradient of a
batch is taken at the parameters before the batch, a negative equal to the pair's outside
word is skipped unless ``skip_positive`` is False, repeats count. It moves less memory than
the numpy step: no gathered copies of v_c and u_o, no concatenated update array, no index
array of d entries per row; the only buffer is the centre updates of one batch (batch × d),
because the same centre may occur twice in a batch.

Per step (a batch's whole groups, then its rest, as the numpy path does), in three passes:

1. scores and coefficients: s_o = u_oᵀ v_c and s_k = u_kᵀ v_c; with η the learning rate,
   a_o = η σ(−s_o) and a_k = −η σ(s_k) (0 for a skipped negative); the loss
   −log σ(s_o) − Σ_k log σ(−s_k) in float64; the centre update Δv_c = a_o u_o + Σ_k a_k u_k
   into the buffer;
2. outside rows (they were only read so far): u_o += a_o v_c, u_k += Σ_{pairs of the group} a_k v_c;
3. centre rows: v_c += Δv_c.

Passes 2 and 3 touch disjoint rows (outside rows V..2V-1, centre rows 0..V-1), so their order
does not change the result. The kernel releases the GIL (``nogil``): ``train_sgns(workers=2)``
runs one per thread, on its own shard, writing the shared matrix without locks as gensim and
the C tool do.

This module needs numba; :func:`w2vlib.train.train_sgns` imports it only when numba is
installed and the kernel is asked for (``kernel="auto"`` or ``"numba"``), else it uses the numpy
step.
"""
from __future__ import annotations

import math

import numba
import numpy as np

#: numba.njit with the options of every function here: no GIL (threads run it in parallel),
#: fastmath (dot products vectorised in any order), compiled once and cached on disk.
_jit = numba.njit(nogil=True, fastmath=True, cache=True)


@_jit
def _sigmoids(y):
    """(σ(−y), σ(y)) in float64 from one exponential, without overflow: for a score y the
    loss −log σ(y) has derivative −σ(−y)."""
    e = math.exp(-abs(y))
    if y >= 0.0:
        return e / (1.0 + e), 1.0 / (1.0 + e)
    return 1.0 / (1.0 + e), e / (1.0 + e)


@_jit
def _fold(loss, prod, y, sig):
    """Add −log σ(y) (``sig`` = σ(y)) to a loss kept as ``loss − log(prod)``: multiplying
    ``prod`` costs no logarithm; it is taken when ``prod`` gets small, and for y < −100
    directly, so nothing underflows."""
    if y < -100.0:
        return loss - y + math.log1p(math.exp(y)), prod
    prod *= sig
    if prod < 1e-200:
        return loss - math.log(prod), 1.0
    return loss, prod


@_jit
def _scores(P, V, centres, outsides, negs, s, e, group, row0, lr, skip_positive, coef, dvc):
    """Pass 1 of a step (pairs s..e-1 in groups of ``group``, negatives from row ``row0``):
    coefficients into ``coef`` (pairs, K+1), centre updates into ``dvc`` (pairs, d); returns
    the step's loss."""
    d, K = P.shape[1], negs.shape[1]
    loss = 0.0
    for j in range(e - s):
        i = s + j
        row = row0 + j // group
        c, o = centres[i], V + outsides[i]
        acc = np.float32(0.0)
        for t in range(d):
            acc += P[c, t] * P[o, t]
        y = np.float64(acc)
        g, sig = _sigmoids(y)                                # σ(−s_o), σ(s_o)
        loss, prod = _fold(loss, 1.0, y, sig)
        a_o = np.float32(g) * lr
        coef[j, 0] = a_o
        for t in range(d):
            dvc[j, t] = a_o * P[o, t]
        for k in range(K):
            w = negs[row, k]
            if skip_positive and w == outsides[i]:
                coef[j, k + 1] = 0.0
                continue
            u = V + w
            acc = np.float32(0.0)
            for t in range(d):
                acc += P[c, t] * P[u, t]
            y = -np.float64(acc)
            g, sig = _sigmoids(y)                            # σ(s_k), σ(−s_k)
            loss, prod = _fold(loss, prod, y, sig)
            a_k = -(np.float32(g) * lr)
            coef[j, k + 1] = a_k
            for t in range(d):
                dvc[j, t] += a_k * P[u, t]
        loss -= math.log(prod)                               # −Σ log σ of the pair's scores
    return loss


@_jit
def _scatter_outside(P, V, centres, outsides, negs, s, e, group, row0, coef):
    """Pass 2 of a step: u_o += a_o v_c per pair; u_k += a_k v_c over the pairs of a group."""
    d, K = P.shape[1], negs.shape[1]
    for j in range(e - s):
        i = s + j
        c, o = centres[i], V + outsides[i]
        a_o = coef[j, 0]
        for t in range(d):
            P[o, t] += a_o * P[c, t]
    for j0 in range(0, e - s, group):
        row = row0 + j0 // group
        for k in range(K):
            u = V + negs[row, k]
            for j in range(j0, j0 + group):
                a_k = coef[j, k + 1]
                if a_k != 0.0:
                    c = centres[s + j]
                    for t in range(d):
                        P[u, t] += a_k * P[c, t]


@_jit
def _scatter_centre(P, centres, s, e, dvc):
    """Pass 3 of a step: v_c += Δv_c."""
    d = P.shape[1]
    for j in range(e - s):
        c = centres[s + j]
        for t in range(d):
            P[c, t] += dvc[j, t]


@_jit
def train_span(P, V, centres, outsides, negs, lrs, first_pair, batch_size, group, skip_positive, coef, dvc):
    """Train the batches of ``lrs`` (one learning rate each, float32), starting at pair
    ``first_pair`` of ``centres``/``outsides`` (int32), each batch ``batch_size`` pairs (the
    last one may be shorter): as :func:`w2vlib.train._Run._shard` calls the numpy step, one
    step on the batch's whole groups of ``group`` pairs, each sharing a row of ``negs``
    (n_rows, K), then one step on the rest of the batch sharing one more row. ``P`` (2V, d) float32 is updated in place;
    ``coef`` (batch_size, K+1) and ``dvc`` (batch_size, d) float32 are work buffers. Returns
    the summed loss (float64)."""
    n = centres.shape[0]
    loss = 0.0
    row = 0
    for b in range(lrs.shape[0]):
        s = first_pair + b * batch_size
        e = min(s + batch_size, n)
        m = (e - s) // group * group
        for lo, hi, g in ((s, s + m, group), (s + m, e, e - s - m)):
            if hi > lo:
                loss += _scores(P, V, centres, outsides, negs, lo, hi, g, row, lrs[b], skip_positive, coef, dvc)
                _scatter_outside(P, V, centres, outsides, negs, lo, hi, g, row, coef)
                _scatter_centre(P, centres, lo, hi, dvc)
                row += (hi - lo) // g
    return loss
