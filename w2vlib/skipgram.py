"""Part (i): the skip-gram loss as a sum over the window, and the course's SGD wrapper.

J_skip-gram(v_c, w_{t−m}, …, w_{t+m}, U) = Σ_{−m ≤ j ≤ m, j ≠ 0} J(v_c, w_{t+j}, U)

so ∂J/∂U and ∂J/∂v_c are the sums of the per-word gradients, and ∂J/∂v_w = 0 for w ≠ c.
"""
from __future__ import annotations

import random

import numpy as np

from . import _validate
from ._validate import Array, Function, HasMethods, Integer, Loss, Mapping, Model, Word, Words, checked
from .softmax import naive_softmax_loss_and_gradient

__all__ = ["BATCH_SIZE", "skipgram", "word2vec_sgd_wrapper"]

#: Windows per call of word2vec_sgd_wrapper, as in the course.
BATCH_SIZE = 50


@checked(current_center_word=Word("word2ind", row=False), window_size=Integer(min=1),
         outside_words=Words(), word2ind=Mapping(), center_word_vectors=Array(ndim=2, finite=False),
         outside_vectors=Array(ndim=2, finite=False), loss_and_gradient=Loss(of="center_word_vectors"),
         where=_validate.skipgram_window)
def skipgram(current_center_word, window_size, outside_words, word2ind,
             center_word_vectors, outside_vectors, dataset,
             loss_and_gradient=naive_softmax_loss_and_gradient):
    """Skip-gram loss for one centre word and its window; part (i).

    Args:
        current_center_word: the centre word c (a string).
        window_size: m; like the course, it is not used in the computation (the window is
            ``outside_words``), only checked to be a positive int.
        outside_words: the words w_{t+j}, −m ≤ j ≤ m, j ≠ 0 (at most 2m strings; repeats count).
        word2ind: dict from word to row index.
        center_word_vectors: V (the handout's) as rows, shape (V, d).
        outside_vectors: U^T, shape (V, d).
        dataset: passed on to ``loss_and_gradient`` (negative sampling draws through it).
        loss_and_gradient: naive_softmax_loss_and_gradient or neg_sampling_loss_and_gradient.

    Returns:
        loss: the **sum** of the per-outside-word losses.
        grad_center_vecs: (V, d), zero except the centre word's row (∂J/∂v_w = 0 for w ≠ c).
        grad_outside_vectors: (V, d), the sum of the per-word ∂J/∂U.
    """
    c = word2ind[current_center_word]
    v_c = center_word_vectors[c]
    loss = 0.0
    grad_center_vecs = np.zeros_like(center_word_vectors)
    grad_outside_vectors = np.zeros_like(outside_vectors)
    for w in outside_words:                               # Σ over −m <= j <= m, j ≠ 0 (repeats count)
        J, dJ_dv_c, dJ_dU = loss_and_gradient(v_c, word2ind[w], outside_vectors, dataset)
        loss += J
        grad_center_vecs[c] += dJ_dv_c                    # only row c: ∂J/∂v_w = 0 for w ≠ c
        grad_outside_vectors += dJ_dU
    return loss, grad_center_vecs, grad_outside_vectors


@checked(model=Model(of="word_vectors"), word2ind=Mapping(), word_vectors=Array(ndim=2),
         dataset=HasMethods("get_random_context"), window_size=Integer(min=1), loss_and_gradient=Function(),
         where=_validate.even_rows)
def word2vec_sgd_wrapper(model, word2ind, word_vectors, dataset, window_size,
                         loss_and_gradient=naive_softmax_loss_and_gradient):
    """One minibatch of 50 windows, averaged; the course's ``word2vec_sgd_wrapper``.

    ``word_vectors`` is (2V, d): the first V rows are centre vectors, the last V outside
    vectors. For each window it draws ``random.randint(1, window_size)`` and then
    ``dataset.get_random_context(C)``, in that order, so Python's ``random`` is consumed
    exactly as in the original.

    Returns:
        (loss, grad): the mean loss over the 50 windows and its gradient, shaped like
        ``word_vectors``.
    """
    half = word_vectors.shape[0] // 2
    center_vecs, outside = word_vectors[:half], word_vectors[half:]
    loss = 0.0
    grad = np.zeros_like(word_vectors)
    for _ in range(BATCH_SIZE):
        c_size = random.randint(1, window_size)
        center_word, context = dataset.get_random_context(c_size)
        c_loss, g_in, g_out = model(center_word, c_size, context, word2ind,
                                    center_vecs, outside, dataset, loss_and_gradient)
        loss += c_loss / BATCH_SIZE
        grad[:half] += g_in / BATCH_SIZE
        grad[half:] += g_out / BATCH_SIZE
    return loss, grad


_validate.trusted_model(skipgram)   # word2vec_sgd_wrapper passes it through unchecked
