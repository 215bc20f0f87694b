"""Parts (g) and (h): negative sampling, vectorised with the λ vector, duplicates counted.

J = −log σ(u_o^T v_c) − Σ_{s=1}^{K} log σ(−u_{w_s}^T v_c)

Vectors are rows: ``outside_vectors`` is (V, d), ``center_word_vec`` is (d,).
"""
from __future__ import annotations

import numpy as np

from . import _validate
from ._validate import MAX_NEGATIVES, Array, HasMethods, Each, Integer, OrNone, Row, checked, neg_sampling_shapes
from .activations import log_sigmoid, sigmoid

__all__ = ["MAX_REDRAWS", "ReplayDataset", "get_negative_samples", "neg_sampling_loss_and_gradient"]

#: A sampler that returns the outside word this many times in a row is treated as broken.
MAX_REDRAWS = 10_000


def _draw(dataset, vocab_size):
    idx = dataset.sample_token_idx()
    if vocab_size is not None:
        idx = _validate.as_index(idx, "dataset.sample_token_idx()", vocab_size)
    return idx


class ReplayDataset:
    """A dataset whose ``sample_token_idx()`` returns exactly the given indices, in order.

    Fixes the negatives of a loss: the same draws before and after a step, a forced list with
    a duplicate (part h), or a student's function and the reference seeing the same draws.
    Asking for more draws than given is an error, not a silent repeat.
    """

    @checked(indices=Each(Integer(min=0)))
    def __init__(self, indices):
        self.indices = indices
        self.calls = 0

    def sample_token_idx(self):
        if self.calls >= len(self.indices):
            raise ValueError(f"ReplayDataset ran out: sample_token_idx() called more than "
                             f"{len(self.indices)} times")
        idx = self.indices[self.calls]
        self.calls += 1
        return idx


def _negatives_args(outside_word_idx, dataset, vocab_size):
    """o must be a row of the vocabulary: of ``vocab_size`` words, or of ``dataset.tokens()``."""
    if vocab_size is None and callable(getattr(dataset, "tokens", None)):
        vocab_size = len(dataset.tokens())
    if vocab_size is not None:
        _validate.as_index(outside_word_idx, "outside_word_idx", vocab_size)


@checked(outside_word_idx=Integer(min=0), dataset=HasMethods("sample_token_idx"),
         K=Integer(min=1, max=MAX_NEGATIVES), vocab_size=OrNone(Integer(min=1)), where=_negatives_args)
def get_negative_samples(outside_word_idx, dataset, K, vocab_size=None):
    """Draw K negative word indices, as the course's ``getNegativeSamples`` does.

    Draws ``dataset.sample_token_idx()`` one at a time; a draw equal to
    ``outside_word_idx`` is redrawn; duplicates among the negatives are kept (part h).
    Python's ``random`` is consumed exactly as in the original, so seeded results match.

    Args:
        outside_word_idx: o, the index the negatives must avoid: an int >= 0, below
            ``vocab_size`` (or the dataset's ``len(dataset.tokens())``) when that is known.
        dataset: any object with ``sample_token_idx()``.
        K: number of negatives, 1 <= K <= MAX_NEGATIVES.
        vocab_size: V; when given, o and every draw are checked to lie in [0, vocab_size).
            None: the dataset's ``len(tokens())`` bounds o if it has ``tokens()``; a dataset
            without one (``ReplayDataset``, a user's sampler) leaves o unbounded above.

    Returns:
        A list of K ints.
    """
    negatives = []
    for _ in range(K):
        idx = _draw(dataset, vocab_size)
        redraws = 0
        while idx == outside_word_idx:
            redraws += 1
            if redraws > MAX_REDRAWS:
                raise ValueError(
                    f"dataset.sample_token_idx() returned the outside word {outside_word_idx} "
                    f"{MAX_REDRAWS} times in a row: it cannot supply negatives for it"
                )
            idx = _draw(dataset, vocab_size)
        negatives.append(idx)
    return negatives


@checked(center_word_vec=Array(ndim=1), outside_word_idx=Row(of="outside_vectors"),
         outside_vectors=Array(ndim=2, finite=False), dataset=HasMethods("sample_token_idx"),
         K=Integer(min=1, max=MAX_NEGATIVES), where=neg_sampling_shapes)
def neg_sampling_loss_and_gradient(center_word_vec, outside_word_idx, outside_vectors, dataset, K=10):
    """Negative-sampling loss and gradients, vectorised as in part (g)(ii).

    With indices [o, w_1, …, w_K], the signed matrix M = [u_o, −u_{w_1}, …, −u_{w_K}] (d, K+1)
    and z = M^T v_c, the loss is J = −1^T log σ(z). Let λ = 1 − σ(z) (K+1,); then

        ∂J/∂v_c     = −M λ
        ∂J/∂u_o     = −λ_0 v_c            = (σ(u_o^T v_c) − 1) v_c
        ∂J/∂u_{w_s} = +λ_s v_c            = σ(u_{w_s}^T v_c) v_c

    A negative drawn n times contributes its term n times (part h): the rows are summed with
    ``np.add.at``, not assigned with fancy indexing (which would keep only one copy).

    Args:
        center_word_vec: v_c, shape (d,).
        outside_word_idx: o.
        outside_vectors: shape (V, d), row w is u_w. Only the K+1 rows used are read.
        dataset: object with ``sample_token_idx()``; negatives are drawn through it only.
        K: number of negative samples (duplicates allowed, as in the course; K may exceed V−1).

    Returns:
        (loss, grad_center_vec (d,), grad_outside_vecs (V, d)); only the sampled rows of the
        last array are nonzero.
    """
    v_c, o, Ut = center_word_vec, outside_word_idx, outside_vectors   # Ut is the handout's Uᵀ: row w is u_w
    negatives = get_negative_samples(o, dataset, K, vocab_size=Ut.shape[0])   # w_1 … w_K; repeats kept (h)
    indices = np.array([o] + negatives)
    rows = _validate.sampled_rows(Ut, indices, v_c)         # u_o, u_{w_1}, …, u_{w_K}: K+1 rows read
    signs = np.ones(len(indices))
    signs[1:] = -1.0                                    # M = [u_o, −u_{w_1}, …, −u_{w_K}] as signed rows
    z = signs * (rows @ v_c)                            # z = M^T v_c = [u_o^T v_c, −u_{w_s}^T v_c]
    loss = -float(np.sum(log_sigmoid(z)))               # J = −Σ log σ(z)
    lam = np.asarray(sigmoid(-z))                       # λ = 1 − σ(z), as σ(−z): no cancellation
    coeff = -signs * lam                                # ∂J/∂(u_i^T v_c): −λ_0 for o, +λ_s for w_s
    grad_center_vec = coeff @ rows                      # ∂J/∂v_c = −M λ, shape (d,)
    grad_outside_vecs = np.zeros(Ut.shape)              # (V, d); K+1 rows written, but the memory is
                                                        # cleared, at allocation or first write: O(V d)
    np.add.at(grad_outside_vecs, indices, np.outer(coeff, v_c))   # a w_s drawn n times adds n times (h)
    return loss, grad_center_vec, grad_outside_vecs


_validate.trusted_loss(neg_sampling_loss_and_gradient)    # skipgram passes it through unchecked
