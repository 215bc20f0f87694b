"""CBOW: the context words, averaged (or summed), predict the centre word.

Skip-gram turns one window into 2m predictions, each outside word from v_c. CBOW turns it into
one prediction the other way round: the context words' input vectors (rows of
``center_word_vectors``, the handout's v_w) are combined into

    v̂ = (1/n) Σ_{j=1}^{n} v_{w_j}   (average, the default; the C tool's and gensim's cbow_mean=1)
    v̂ = Σ_{j=1}^{n} v_{w_j}         (sum, ``average=False``, as the 2017 edition of the course did)

for the n context words w_1 … w_n, and the centre word c is predicted from v̂ with any of the
losses: J = loss(v̂, c, U). By the chain rule through v̂,

    ∂J/∂v_{w_j} = (∂v̂/∂v_{w_j})ᵀ ∂J/∂v̂ = (1/n) ∂J/∂v̂   (average)   or   ∂J/∂v̂   (sum),

the same vector for every context word, and added once per occurrence: a word that appears
twice in the window contributes twice to v̂ and gets the gradient twice. ∂J/∂U is the loss's.
"""
from __future__ import annotations

import numpy as np

from ._validate import Array, Bool, Integer, Loss, Mapping, Word, Words, cbow_window, checked
from .softmax import naive_softmax_loss_and_gradient

__all__ = ["cbow"]


@checked(current_center_word=Word("word2ind", row=False), window_size=Integer(min=1),
         outside_words=Words(), word2ind=Mapping(), center_word_vectors=Array(ndim=2, finite=False),
         outside_vectors=Array(ndim=2, finite=False), loss_and_gradient=Loss(of="center_word_vectors"),
         average=Bool(), where=cbow_window)
def cbow(current_center_word: str, window_size: int, outside_words: list, word2ind: dict,
         center_word_vectors, outside_vectors, dataset,
         loss_and_gradient=naive_softmax_loss_and_gradient,
         average: bool = True) -> tuple[float, np.ndarray, np.ndarray]:
    """CBOW loss for one window: the context predicts the centre word.

    Same signature and return shapes as ``skipgram``, so it can replace it in
    ``word2vec_sgd_wrapper``.

    Parameters
    ----------
    current_center_word : str
        c, the word to predict.
    window_size : int
        m; as in the course it is only checked (≥ 1), the window is ``outside_words``.
    outside_words : list of str
        The context words w_{t+j}, −m ≤ j ≤ m, j ≠ 0 (at least one; repeats count).
    word2ind : dict
        Word → row index.
    center_word_vectors : array_like, shape (V, d)
        Input vectors v_w as rows; the context words' rows are read.
    outside_vectors : array_like, shape (V, d)
        Output vectors u_w as rows (the handout's U transposed); for hierarchical softmax the
        inner-node vectors, V rows with the last unused.
    dataset : object
        Passed on to ``loss_and_gradient`` (negative sampling draws through it; hierarchical
        softmax takes the tree here).
    loss_and_gradient : callable
        ``(v̂ (d,), c, outside_vectors, dataset) -> (loss, ∂J/∂v̂ (d,), ∂J/∂U (V, d))``.
    average : bool
        True: v̂ is the mean of the context vectors; False: their sum.

    Returns
    -------
    loss : float
        J = loss(v̂, c, U).
    grad_center_vecs : ndarray, shape (V, d)
        Row w is ∂J/∂v_w: (1/n) ∂J/∂v̂ (or ∂J/∂v̂) times the number of times w is in the
        context; zero for every other word, the centre word included (unless it is in its own
        context).
    grad_outside_vectors : ndarray, shape (V, d)
        ∂J/∂U from the loss.
    """
    c = word2ind[current_center_word]
    context = np.array([word2ind[w] for w in outside_words])   # w_1 … w_n, repeats kept
    scale = 1.0 / len(context) if average else 1.0            # ∂v̂/∂v_{w_j} = scale · I
    context_rows = center_word_vectors[context]               # (n, d)  v_{w_1} … v_{w_n}
    v_hat = scale * context_rows.sum(axis=0)                  # (d,)    v̂
    loss, grad_v_hat, grad_outside_vectors = loss_and_gradient(v_hat, c, outside_vectors, dataset)
    grad_center_vecs = np.zeros(center_word_vectors.shape)
    np.add.at(grad_center_vecs, context, scale * np.asarray(grad_v_hat))   # once per occurrence
    return float(loss), grad_center_vecs, grad_outside_vectors
