"""Part (i): the skip-gram loss as a sum over the window, and the course's SGD wrapper.

J_skip-gram(v_c, w_{t−m}, …, w_{t+m}, U) = Σ_{−m ≤ j ≤ m, j ≠ 0} J(v_c, w_{t+j}, U)

so ∂J/∂U and ∂J/∂v_c are the sums of the per-word gradients, and ∂J/∂v_w = 0 for w ≠ c.
"""
from __future__ import annotations

import random

import numpy as np

from ._validate import as_float_array, as_positive_int, word_index, word_indices
from .softmax import naive_softmax_loss_and_gradient

#: Windows per call of word2vec_sgd_wrapper, as in the course.
BATCH_SIZE = 50


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
    as_positive_int(window_size, "window_size")
    center_vecs = as_float_array(center_word_vectors, "center_word_vectors", ndim=2, finite=False)
    outside = as_float_array(outside_vectors, "outside_vectors", ndim=2, finite=False)
    if center_vecs.shape != outside.shape:
        raise ValueError(
            f"center_word_vectors has shape {center_vecs.shape} but outside_vectors has shape "
            f"{outside.shape}: both must be (V, d)"
        )
    if isinstance(outside_words, str):
        raise TypeError("outside_words must be a list of words, not a single string")
    outside_words = list(outside_words)
    if not outside_words:
        raise ValueError("outside_words is empty: a skip-gram window needs at least one outside word")
    c = word_index(word2ind, current_center_word, "current_center_word")
    if not 0 <= c < center_vecs.shape[0]:
        raise ValueError(f"word2ind maps {current_center_word!r} to {c}, outside the {center_vecs.shape[0]} rows")
    indices = word_indices(word2ind, outside_words, "outside_words")

    loss = 0.0
    grad_center_vecs = np.zeros_like(center_vecs)
    grad_outside_vectors = np.zeros_like(outside)
    v_c = center_vecs[c]
    for o in indices:
        loss_o, grad_c, grad_out = loss_and_gradient(v_c, o, outside, dataset)
        loss += loss_o
        grad_center_vecs[c] += grad_c
        grad_outside_vectors += grad_out
    return loss, grad_center_vecs, grad_outside_vectors


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
    window_size = as_positive_int(window_size, "window_size")
    word_vectors = as_float_array(word_vectors, "word_vectors", ndim=2)
    N = word_vectors.shape[0]
    if N % 2:
        raise ValueError(f"word_vectors must have an even number of rows (centre then outside), got {N}")
    if not hasattr(dataset, "get_random_context"):
        raise TypeError(f"dataset must have a get_random_context(C) method, got {type(dataset).__name__}")
    half = N // 2
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
