"""The compiled kernel of the fast trainer (optional: ``pip install 'w2vlib[fast]'``).

:func:`train_span` does what the readable numpy steps do (:func:`w2vlib.steps.sgns_step`,
:func:`w2vlib.steps.word2vec_step`), batch after batch, on the same examples, negatives and
learning rates, for all four models: skip-gram or CBOW, negative sampling, hierarchical softmax
or both. Every gradient of a batch is taken at the parameters before the batch, a negative
equal to the example's target is skipped unless ``skip_positive`` is False, repeats count. It
moves less memory than the numpy steps: no gathered copies of rows, no concatenated update
array, no index array of d entries per row; the buffers are one batch's coefficients and
input-side updates (and, for CBOW, its averaged or summed context vectors h).

An example reads an input h (skip-gram: the centre row v_c, in place; CBOW: the mean or sum of
its context rows, into a buffer) and predicts a target t (skip-gram: the outside word o;
CBOW: the centre c). Per step (a batch's whole groups, then its rest, as the numpy path does),
in three passes:

1. scores, then coefficients: for each branch l of t's Huffman path (hierarchical softmax)
   z = s_l u_{n_l}ᵀh and a_l = η s_l σ(−z); for negative sampling a_t = η σ(−u_tᵀh) and
   a_k = −η σ(u_kᵀh) (0 for a skipped negative); the loss −Σ log σ(·) in float64; the input
   update Δh = Σ a u into the buffer;
2. output rows (they were only read so far): u_{n_l} += a_l h, u_t += a_t h,
   u_k += Σ_{examples of the group} a_k h;
3. input rows: v_c += Δh (skip-gram); v_w += (1/n or 1) Δh for each context word w, once per
   occurrence: ∂h/∂v_w = 1/n (mean) or 1 (sum) for the exact gradient, as ``w2vlib.cbow``
   derives it (``cbow_update="gradient"``), or gensim's shares, 1 (mean) and 1/n (sum).

Passes 2 and 3 touch disjoint matrices, so their order does not change the result. The kernel
releases the GIL (``nogil``): ``workers=2`` runs one per thread, on its own shard, writing the
shared matrices without locks as gensim and the C tool do.

Choices measured on SST (``benchmarks/bench_train.py``): a missing part (``syn1neg`` or
``syn1`` None) is another type, so numba compiles one version per combination with that part's
branches removed: skip-gram with negative sampling runs as fast as the earlier one-model kernel
and gives the same numbers bit for bit. h is read from a matrix fixed per call site (choosing
between v_c and the buffer inside the loops halved the speed of pass 2). An example's scores
are all taken before any is used (independent dot products overlap). The updates of the inner
nodes nearest the root, on nearly every path, are summed once per step.

This module needs numba; :mod:`w2vlib.train` imports it only when numba is installed and the
kernel is asked for (``kernel="auto"`` or ``"numba"``), else it uses the numpy steps.
"""
from __future__ import annotations

import math

import numba
import numpy as np

#: numba.njit with the options of every function here: no GIL (threads run it in parallel),
#: fastmath (dot products vectorised in any order), compiled once and cached on disk.
_jit = numba.njit(nogil=True, fastmath=True, cache=True)
#: Inner nodes nearest the root whose updates a step sums before writing them (see _scatter_outside).
_TOPS = 64


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
def _context_means(syn0, inputs, ptr, cbow_mean, s, e, hbuf):
    """CBOW's inputs of examples s..e-1 into ``hbuf``: the mean (or sum) of the context rows."""
    d = syn0.shape[1]
    for j in range(e - s):
        lo, hi = ptr[s + j], ptr[s + j + 1]
        for q in range(d):
            hbuf[j, q] = 0.0
        for m in range(lo, hi):
            r = inputs[m]
            for q in range(d):
                hbuf[j, q] += syn0[r, q]
        if cbow_mean:
            inv = np.float32(1.0 / (hi - lo))
            for q in range(d):
                hbuf[j, q] *= inv


@_jit
def _scores(H, hrow, off, s, e, group, row0, targets, syn1neg, negs, skip_positive, syn1, paths, signs, plens, lr,
            coef, chs, dh, z):
    """Pass 1 of a step on examples s..e-1; example s + j reads its input h from row
    ``hrow[off + j]`` of ``H``, predicts ``targets[s + j]`` with the negatives of row
    ``row0 + j // group``. Coefficients into ``chs[j]`` (hierarchical softmax) and ``coef[j]``
    (negative sampling), Δh into ``dh[j]``; returns the step's loss. An example's scores are
    all taken first (into ``z``: they are independent, so the dot products overlap), then
    turned into coefficients and Δh, in the same order."""
    d, K = H.shape[1], negs.shape[1]
    loss = 0.0
    for j in range(e - s):
        r, t, row = hrow[off + j], targets[s + j], row0 + j // group
        m = 0
        if syn1 is not None:                   # a branch on None is pruned when numba compiles
            for l in range(plens[t]):
                n = paths[t, l]
                acc = np.float32(0.0)
                for q in range(d):
                    acc += H[r, q] * syn1[n, q]
                z[m] = np.float64(signs[t, l]) * np.float64(acc)   # z = s_l u_nᵀh
                m += 1
        if syn1neg is not None:
            acc = np.float32(0.0)
            for q in range(d):
                acc += H[r, q] * syn1neg[t, q]
            z[m] = np.float64(acc)                                 # s_t = u_tᵀh
            m += 1
            for k in range(K):
                w = negs[row, k]
                if skip_positive and w == t:
                    continue
                acc = np.float32(0.0)
                for q in range(d):
                    acc += H[r, q] * syn1neg[w, q]
                z[m] = -np.float64(acc)                            # −s_k
                m += 1
        m, prod = 0, 1.0
        if syn1 is not None:
            for q in range(d):
                dh[j, q] = 0.0
            for l in range(plens[t]):
                y = z[m]
                m += 1
                g, sig = _sigmoids(y)                              # σ(−z), σ(z)
                loss, prod = _fold(loss, prod, y, sig)
                a = np.float32(signs[t, l] * g) * lr               # −η ∂J/∂(u_nᵀh) = η s_l σ(−z)
                chs[j, l] = a
                n = paths[t, l]
                for q in range(d):
                    dh[j, q] += a * syn1[n, q]
        if syn1neg is not None:
            y = z[m]
            m += 1
            g, sig = _sigmoids(y)                                  # σ(−s_t), σ(s_t)
            loss, prod = _fold(loss, prod, y, sig)
            a_t = np.float32(g) * lr
            coef[j, 0] = a_t
            if syn1 is None:                                       # Δh starts here
                for q in range(d):
                    dh[j, q] = a_t * syn1neg[t, q]
            else:
                for q in range(d):
                    dh[j, q] += a_t * syn1neg[t, q]
            for k in range(K):
                w = negs[row, k]
                if skip_positive and w == t:
                    coef[j, k + 1] = 0.0
                    continue
                y = z[m]
                m += 1
                g, sig = _sigmoids(y)                              # σ(s_k), σ(−s_k)
                loss, prod = _fold(loss, prod, y, sig)
                a_k = -(np.float32(g) * lr)
                coef[j, k + 1] = a_k
                for q in range(d):
                    dh[j, q] += a_k * syn1neg[w, q]
        loss -= math.log(prod)                                     # −Σ log σ of the example's scores
    return loss


@_jit
def _scatter_outside(H, hrow, off, s, e, group, row0, targets, negs, syn1neg, syn1, paths, plens, coef, chs, tops):
    """Pass 2 of a step: u_{n_l} += a_l h and u_t += a_t h per example; u_k += a_k h over the
    examples of a group (h = ``H[hrow[off + j]]`` for example s + j). The updates of the
    ``len(tops)`` inner nodes nearest the root (the last rows of syn1, on almost every path)
    are summed in ``tops`` and added once per step: fewer writes to the rows every thread
    reads."""
    d, K = H.shape[1], negs.shape[1]
    if syn1 is not None:
        first_top = syn1.shape[0] - tops.shape[0]
        tops[:, :] = 0.0
    for j in range(e - s):
        r, t = hrow[off + j], targets[s + j]
        if syn1 is not None:
            for l in range(plens[t]):
                n, a = paths[t, l], chs[j, l]
                if n >= first_top:
                    n -= first_top
                    for q in range(d):
                        tops[n, q] += a * H[r, q]
                else:
                    for q in range(d):
                        syn1[n, q] += a * H[r, q]
        if syn1neg is not None:
            a_t = coef[j, 0]
            for q in range(d):
                syn1neg[t, q] += a_t * H[r, q]
    if syn1neg is not None:
        for j0 in range(0, e - s, group):
            row = row0 + j0 // group
            for k in range(K):
                u = negs[row, k]
                for j in range(j0, j0 + group):
                    a_k = coef[j, k + 1]
                    if a_k != 0.0:
                        r = hrow[off + j]
                        for q in range(d):
                            syn1neg[u, q] += a_k * H[r, q]
    if syn1 is not None:
        for n in range(tops.shape[0]):
            for q in range(d):
                syn1[first_top + n, q] += tops[n, q]


@_jit
def _scatter_input(syn0, inputs, ptr, s, e, cbow, share_by_n, dh):
    """Pass 3 of a step: v_c += Δh (skip-gram); v_w += (1/n if ``share_by_n`` else 1) Δh per
    context word (CBOW)."""
    d = syn0.shape[1]
    for j in range(e - s):
        i = s + j
        if cbow:
            lo, hi = ptr[i], ptr[i + 1]
            share = np.float32(1.0 / (hi - lo)) if share_by_n else np.float32(1.0)
            for m in range(lo, hi):
                r = inputs[m]
                for q in range(d):
                    syn0[r, q] += share * dh[j, q]
        else:
            c = inputs[i]
            for q in range(d):
                syn0[c, q] += dh[j, q]


@_jit
def _step(syn0, syn1neg, syn1, inputs, ptr, targets, negs, paths, signs, plens, s, e, group, row0, lr,
          skip_positive, cbow, cbow_mean, share_by_n, coef, chs, dh, hbuf, order, z, tops):
    """One step on examples s..e-1 in groups of ``group`` (negatives from row ``row0``): the
    three passes; returns the step's loss. The input h of example s + j is ``syn0[inputs[s + j]]``
    (skip-gram, read in place) or ``hbuf[j]`` (CBOW): two call sites, so that the compiled
    loops never choose between the two matrices."""
    if cbow:
        _context_means(syn0, inputs, ptr, cbow_mean, s, e, hbuf)
        loss = _scores(hbuf, order, 0, s, e, group, row0, targets, syn1neg, negs, skip_positive, syn1, paths, signs,
                       plens, lr, coef, chs, dh, z)
        _scatter_outside(hbuf, order, 0, s, e, group, row0, targets, negs, syn1neg, syn1, paths, plens, coef, chs,
                         tops)
    else:
        loss = _scores(syn0, inputs, s, s, e, group, row0, targets, syn1neg, negs, skip_positive, syn1, paths, signs,
                       plens, lr, coef, chs, dh, z)
        _scatter_outside(syn0, inputs, s, s, e, group, row0, targets, negs, syn1neg, syn1, paths, plens, coef, chs,
                         tops)
    _scatter_input(syn0, inputs, ptr, s, e, cbow, share_by_n, dh)
    return loss


@_jit
def train_span(syn0, syn1neg, syn1, inputs, ptr, targets, negs, paths, signs, plens, lrs, first, batch_size,
               group, skip_positive, cbow, cbow_mean, share_by_n, coef, chs, dh, hbuf):
    """Train the batches of ``lrs`` (one learning rate each, float32), starting at example
    ``first``, each batch ``batch_size`` examples (the last one may be shorter): as
    :meth:`w2vlib.train._Run._shard` calls the numpy step, one step on the batch's whole groups
    of ``group`` examples, each sharing a row of ``negs`` (n_rows, K), then one step on the rest
    of the batch sharing one more row.

    ``syn0`` (V, d) input rows, ``syn1neg`` (V, d) outside rows (None: no negative sampling),
    ``syn1`` (V − 1, d) inner-node rows (None: no hierarchical softmax), all float32, updated
    in place; numba compiles one version per combination, the branches of a missing part
    removed. Example i: target ``targets[i]``; input row ``inputs[i]`` (skip-gram) or rows
    ``inputs[ptr[i]:ptr[i+1]]`` (``cbow``, averaged when ``cbow_mean``; each gets 1/n of Δh
    when ``share_by_n``, all of it otherwise). ``paths``, ``signs``,
    ``plens``: every word's inner nodes, signs ±1 and path length. Work buffers (float32):
    ``coef`` (batch_size, K+1), ``chs`` (batch_size, L_max), ``dh`` and ``hbuf``
    (batch_size, d). Returns the summed loss (float64).
    """
    n = targets.shape[0]
    order = np.arange(batch_size).astype(inputs.dtype)       # hbuf's rows, 0..batch_size-1
    z = np.empty(paths.shape[1] + negs.shape[1] + 1)          # one example's scores
    tops = np.empty((min(_TOPS, paths.shape[0] - 1) if paths.shape[0] else 0, syn0.shape[1]), syn0.dtype)
    loss = 0.0
    row = 0
    for b in range(lrs.shape[0]):
        s = first + b * batch_size
        e = min(s + batch_size, n)
        m = (e - s) // group * group
        for lo, hi, g in ((s, s + m, group), (s + m, e, e - s - m)):
            if hi > lo:
                loss += _step(syn0, syn1neg, syn1, inputs, ptr, targets, negs, paths, signs, plens, lo, hi, g, row,
                              lrs[b], skip_positive, cbow, cbow_mean, share_by_n, coef, chs, dh, hbuf, order, z, tops)
                row += (hi - lo) // g
    return loss
