"""One call per core function (activations, softmax, the losses, skip-gram, the SGD wrapper): each
checks every argument of that function and returns them ready for the math."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from ._arrays import (
    MAX_NEGATIVES, real_array, as_float_array, check_finite, _integer, as_index, as_positive_int,
    as_callable, real_number, as_mapping, bounded_scores, center_and_outside,
)


# ---------------------------------------------------------------------------------------------
# One call per core function: each checks every argument of that function, in the order the
# function used to, and returns them ready for the math (so the function body is only math).
# ---------------------------------------------------------------------------------------------

def elementwise(x, name: str = "x") -> np.ndarray:
    """``x`` (a real scalar or array, any shape) as float64 for the activations; NaN is refused,
    ±inf is allowed (σ(±inf) is exact)."""
    arr = real_array(x, name)
    if np.isnan(arr).any():
        raise ValueError(f"{name} holds a NaN")
    return arr


def leaky_relu_args(x, alpha):
    """``(x, alpha)`` for leaky_relu(_grad): x as :func:`elementwise`, 0 <= alpha < 1."""
    a = float(as_float_array(alpha, "alpha", ndim=0))
    if not 0.0 <= a < 1.0:
        raise ValueError(f"alpha must satisfy 0 <= alpha < 1 (handout part (e): 0 < α < 1), got {a}")
    x = elementwise(x)
    if a == 0.0 and np.any(x == -np.inf):
        raise ValueError("x holds -inf and alpha = 0: α·x = 0·(−inf) is undefined; use a finite x or alpha > 0")
    return x, a


def softmax_args(x, axis) -> np.ndarray:
    """``x`` for softmax: a finite float64 array with at least one dimension; ``axis`` an
    integer (or tuple of integers, or None) valid for it."""
    arr = as_float_array(x, "x")
    if arr.ndim == 0:
        raise ValueError("x must have at least one dimension")
    if axis is not None:
        for a in (axis if isinstance(axis, tuple) else (axis,)):
            a = _integer(a, "axis")
            if not -arr.ndim <= a < arr.ndim:
                raise ValueError(f"axis={a} is out of range for x with {arr.ndim} dimension(s) (shape {arr.shape})")
    return arr


def cross_entropy_args(y, y_hat):
    """``(y, y_hat)``: two probability distributions of the same shape (V,)."""
    y = as_float_array(y, "y", ndim=1)
    y_hat = as_float_array(y_hat, "y_hat", ndim=1)
    if y.shape != y_hat.shape:
        raise ValueError(f"y has shape {y.shape} but y_hat has shape {y_hat.shape}")
    for name, p in (("y", y), ("y_hat", y_hat)):
        if np.any(p < 0) or abs(p.sum() - 1.0) > 1e-6:
            raise ValueError(f"{name} must be a probability distribution (non-negative, summing to 1); sum is {p.sum()!r}")
    return y, y_hat


def naive_softmax_args(center_word_vec, outside_word_idx, outside_vectors):
    """``(v_c, o, U)`` for the naive-softmax loss (U holds the u_w as rows, (V, d))."""
    v_c, U = center_and_outside(center_word_vec, outside_vectors)
    o = as_index(outside_word_idx, "outside_word_idx", U.shape[0])
    bounded_scores(float(np.max(np.abs(v_c))), float(np.max(np.abs(U))), len(v_c), terms=2)
    return v_c, o, U


def _dataset_with(dataset, method: str, name: str = "dataset"):
    if not callable(getattr(dataset, method, None)):
        raise TypeError(f"{name} must have a {method}() method, got {type(dataset).__name__}")
    return dataset


def negative_count(K) -> int:
    """K, the number of negatives: an integer in [1, MAX_NEGATIVES]."""
    return as_positive_int(K, "K", maximum=MAX_NEGATIVES)


def neg_sampling_args(center_word_vec, outside_word_idx, outside_vectors, dataset, K):
    """``(v_c, o, U)`` for the negative-sampling loss.

    Only the shape of U is checked here; the K + 1 rows the loss reads are checked by
    :func:`sampled_rows`, so the loss stays O(K d) however large V is.
    """
    v_c, U = center_and_outside(center_word_vec, outside_vectors, check_outside_finite=False)
    o = as_index(outside_word_idx, "outside_word_idx", U.shape[0])
    if U.shape[0] < 2:
        raise ValueError("outside_vectors must have at least 2 rows: negatives must differ from the outside word")
    negative_count(K)
    _dataset_with(dataset, "sample_token_idx")
    return v_c, o, U


def sampled_rows(U: np.ndarray, indices: np.ndarray, v_c: np.ndarray) -> np.ndarray:
    """``U[indices]``, refusing a non-finite value in the rows read or rows so large that the
    scores against ``v_c`` could overflow."""
    rows = U[indices]
    check_finite(rows, "outside_vectors (sampled rows)")
    bounded_scores(float(np.max(np.abs(v_c))), float(np.max(np.abs(rows))), len(v_c), terms=len(indices))
    return rows


def word_indices(word2ind: Mapping, words: Iterable, name: str, size: int | None = None) -> list:
    """The rows ``word2ind[w]`` of ``words``, in order (repeats repeated).

    Every unknown word is named in one ``ValueError`` (with ``name``, the argument that
    held it; a small vocabulary is listed); a word that cannot be a key (a list, say) is a
    ``TypeError``; so is a row that is not an integer (a float or a bool), and with ``size``
    a row outside [0, size) is a ``ValueError`` naming the word.
    """
    as_mapping(word2ind)
    words = list(words)
    rows, missing = [], []
    for w in words:
        try:
            rows.append(word2ind[w])
        except KeyError:
            missing.append(w)
        except TypeError:
            raise TypeError(f"{name} must hold words (strings), got {type(w).__name__} {w!r}") from None
    if missing:
        n_words = len(word2ind)
        where = f"the vocabulary {list(word2ind)}" if n_words <= 20 else f"the vocabulary of {n_words} words"
        if len(missing) == 1:
            raise ValueError(f"unknown word {missing[0]!r} in {name} (not in {where})")
        raise ValueError(f"{len(missing)} unknown words in {name}: {', '.join(map(repr, missing))} "
                         f"(not in {where})")
    checked = []
    for w, idx in zip(words, rows):
        try:
            idx = _integer(idx, "row")
        except TypeError:
            raise TypeError(f"word2ind maps {w!r} to {idx!r} ({type(idx).__name__}): rows must be integers") from None
        if size is not None and not 0 <= idx < size:
            raise ValueError(f"word2ind maps {w!r} to {idx}, outside the {size} rows (valid: 0..{size - 1})")
        checked.append(idx)
    return checked


def word_index(word2ind: Mapping, word, name: str, size: int | None = None) -> int:
    """The row ``word2ind[word]``; an unknown word is a ``ValueError`` naming it and ``name``
    (see :func:`word_indices`)."""
    return word_indices(word2ind, [word], name, size)[0]


def center_and_outside_matrices(center_word_vectors, outside_vectors):
    """The (V, d) centre and outside matrices of skipgram and cbow, as float arrays of one shape
    (finiteness is left to the caller, which reads only some rows)."""
    center_vecs = as_float_array(center_word_vectors, "center_word_vectors", ndim=2, finite=False)
    outside = as_float_array(outside_vectors, "outside_vectors", ndim=2, finite=False)
    if center_vecs.shape != outside.shape:
        raise ValueError(
            f"center_word_vectors has shape {center_vecs.shape} but outside_vectors has shape "
            f"{outside.shape}: both must be (V, d)"
        )
    return center_vecs, outside


def skipgram_args(current_center_word, window_size, outside_words, word2ind,
                  center_word_vectors, outside_vectors, dataset=None, loss_and_gradient=None):
    """``(c, o_indices, center_word_vectors, outside_vectors, loss_and_gradient)`` for skipgram;
    a user's ``loss_and_gradient`` comes back wrapped so that a wrong return is named."""
    as_positive_int(window_size, "window_size")
    center_vecs, outside = center_and_outside_matrices(center_word_vectors, outside_vectors)
    if isinstance(outside_words, str) or outside_words is None:
        raise TypeError(f"outside_words must be a list of words, not {type(outside_words).__name__} {outside_words!r}")
    try:
        outside_words = list(outside_words)
    except TypeError:
        raise TypeError(f"outside_words must be a list of words, got {type(outside_words).__name__}") from None
    if not outside_words:
        raise ValueError("outside_words is empty: a skip-gram window needs at least one outside word")
    as_mapping(word2ind)
    V = center_vecs.shape[0]
    c = word_index(word2ind, current_center_word, "current_center_word", V)
    indices = [word_index(word2ind, w, "outside_words", V) for w in outside_words]
    return c, indices, center_vecs, outside, checked_loss(loss_and_gradient, center_vecs.shape)


def checked_loss(loss_and_gradient, shape):
    """``loss_and_gradient`` itself for w2vlib's two losses; any other function wrapped so that a
    return other than ``(loss, grad_center (d,), grad_outside (V, d))`` is a clear error."""
    as_callable(loss_and_gradient, "loss_and_gradient")
    from ..negsamp import neg_sampling_loss_and_gradient
    from ..softmax import naive_softmax_loss_and_gradient
    if loss_and_gradient in (naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient):
        return loss_and_gradient

    def checked(*args):
        out = loss_and_gradient(*args)
        return loss_triple(out, shape, "loss_and_gradient", (shape[1],))
    return checked


def loss_triple(out, shape, name: str, center_shape=None):
    """Check ``out`` = (loss, grad_center, grad_outside) returned by ``name``."""
    if not (isinstance(out, tuple) and len(out) == 3):
        got = f"a tuple of {len(out)}" if isinstance(out, tuple) else type(out).__name__
        raise TypeError(f"{name} must return (loss, grad_center, grad_outside), got {got}")
    loss, g_c, g_out = out
    loss = real_number(loss, f"the loss returned by {name}")
    g_c, g_out = np.asarray(g_c), np.asarray(g_out)
    if center_shape is None:
        center_shape = shape
    if g_c.shape != tuple(center_shape) or g_out.shape != tuple(shape):
        raise ValueError(f"{name} returned gradients of shapes {g_c.shape} and {g_out.shape}; "
                         f"expected {tuple(center_shape)} and {tuple(shape)}")
    return loss, g_c, g_out


def sgd_wrapper_args(model, word2ind, word_vectors, dataset, window_size, loss_and_gradient):
    """``(window_size, word_vectors, model)`` for word2vec_sgd_wrapper."""
    as_callable(model, "model")
    as_callable(loss_and_gradient, "loss_and_gradient")
    as_mapping(word2ind)
    window_size = as_positive_int(window_size, "window_size")
    word_vectors = as_float_array(word_vectors, "word_vectors", ndim=2)
    N = word_vectors.shape[0]
    if N % 2:
        raise ValueError(f"word_vectors must have an even number of rows (centre then outside), got {N}")
    _dataset_with(dataset, "get_random_context")
    from ..skipgram import skipgram
    if model is not skipgram:
        user_model = model

        def model(*args):
            return loss_triple(user_model(*args), (N // 2, word_vectors.shape[1]), "model")
    return window_size, word_vectors, model


def center_and_inner_nodes(center_word_vec, inner_node_vectors, n_inner: int):
    """Validate v_c (d,) and the inner-node matrix of a tree with ``n_inner`` = V − 1 inner nodes.

    The matrix may have V − 1 rows (one per inner node) or V rows (the C tool allocates V,
    and ``skipgram`` needs (V, d) next to the centre vectors; the last row is then unused).
    Finiteness of its rows is left to the caller, who reads only a path of them.
    """
    v_c = as_float_array(center_word_vec, "center_word_vec", ndim=1)
    U = as_float_array(inner_node_vectors, "inner_node_vectors", ndim=2, finite=False)
    if U.shape[0] not in (n_inner, n_inner + 1):
        raise ValueError(
            f"inner_node_vectors has {U.shape[0]} rows but the tree has {n_inner} inner nodes: "
            f"give one row per inner node ({n_inner}, d), or ({n_inner + 1}, d) with the last row unused"
        )
    if U.shape[1] != v_c.shape[0]:
        raise ValueError(
            f"inner_node_vectors has rows of length {U.shape[1]} but center_word_vec has length "
            f"{v_c.shape[0]}: both must be d-dimensional"
        )
    return v_c, U
