"""One call per core function (activations, softmax, the losses, skip-gram, the SGD wrapper): each
checks every argument of that function and returns them ready for the math."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from ._arrays import (
    real_array, as_float_array, check_finite, _integer,
    as_callable, real_number, as_mapping, bounded_scores, same_dimension,
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


def leaky_slope(x, alpha) -> None:
    """leaky_relu(_grad): 0 <= α < 1, and α·x defined at x = −inf."""
    if not 0.0 <= alpha < 1.0:
        raise ValueError(f"alpha must satisfy 0 <= alpha < 1 (handout part (e): 0 < α < 1), got {alpha}")
    if alpha == 0.0 and np.any(x == -np.inf):
        raise ValueError("x holds -inf and alpha = 0: α·x = 0·(−inf) is undefined; use a finite x or alpha > 0")


def softmax_axis(x, axis) -> None:
    """softmax: ``x`` has at least one dimension; ``axis`` is an integer (or tuple of integers,
    or None) valid for it."""
    if x.ndim == 0:
        raise ValueError("x must have at least one dimension")
    if axis is not None:
        for a in (axis if isinstance(axis, tuple) else (axis,)):
            a = _integer(a, "axis")
            if not -x.ndim <= a < x.ndim:
                raise ValueError(f"axis={a} is out of range for x with {x.ndim} dimension(s) (shape {x.shape})")


def two_distributions(y, y_hat) -> None:
    """cross_entropy: y and y_hat, checked 1-D arrays, are probability distributions of one shape."""
    if y.shape != y_hat.shape:
        raise ValueError(f"y has shape {y.shape} but y_hat has shape {y_hat.shape}")
    for name, p in (("y", y), ("y_hat", y_hat)):
        if np.any(p < 0) or abs(p.sum() - 1.0) > 1e-6:
            raise ValueError(f"{name} must be a probability distribution (non-negative, summing to 1); sum is {p.sum()!r}")


def naive_softmax_scale(center_word_vec, outside_vectors) -> None:
    """The naive-softmax loss: v_c (d,) and U (V, d) agree, and no score u_wᵀv_c can overflow."""
    same_dimension(center_word_vec, outside_vectors)
    bounded_scores(float(np.max(np.abs(center_word_vec))), float(np.max(np.abs(outside_vectors))),
                   len(center_word_vec), terms=2)


def _dataset_with(dataset, method: str, name: str = "dataset"):
    if not callable(getattr(dataset, method, None)):
        raise TypeError(f"{name} must have a {method}() method, got {type(dataset).__name__}")
    return dataset


def neg_sampling_shapes(center_word_vec, outside_vectors) -> None:
    """The negative-sampling loss: v_c (d,) and U (V, d) agree, and V >= 2.

    Only the shape of U is checked here; the K + 1 rows the loss reads are checked by
    :func:`sampled_rows`, so the loss stays O(K d) however large V is.
    """
    same_dimension(center_word_vec, outside_vectors)
    if outside_vectors.shape[0] < 2:
        raise ValueError("outside_vectors must have at least 2 rows: negatives must differ from the outside word")


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


def window_rows(current_center_word, outside_words, word2ind, center_word_vectors, outside_vectors,
                empty: str = "a skip-gram window needs at least one outside word") -> int:
    """skipgram and cbow: the (V, d) centre and outside matrices have one shape, the window has
    a word, and ``word2ind`` maps its words to rows of the matrices. Returns c's row."""
    if center_word_vectors.shape != outside_vectors.shape:
        raise ValueError(
            f"center_word_vectors has shape {center_word_vectors.shape} but outside_vectors has shape "
            f"{outside_vectors.shape}: both must be (V, d)"
        )
    if not outside_words:
        raise ValueError(f"outside_words is empty: {empty}")
    V = center_word_vectors.shape[0]
    word_indices(word2ind, outside_words, "outside_words", V)
    return word_index(word2ind, current_center_word, "current_center_word", V)


def skipgram_window(current_center_word, outside_words, word2ind, center_word_vectors, outside_vectors) -> None:
    """skipgram: :func:`window_rows`, a finite centre row, and vectors small enough that the
    window's scores cannot overflow (the rows of U the loss reads are checked by the loss)."""
    c = window_rows(current_center_word, outside_words, word2ind, center_word_vectors, outside_vectors)
    v_c = center_word_vectors[c]
    check_finite(v_c, f"center_word_vectors[{c}] (the centre word's row)")
    finite = outside_vectors[np.isfinite(outside_vectors)]
    bounded_scores(float(np.max(np.abs(v_c))), float(np.max(np.abs(finite), initial=0.0)),
                   len(v_c), terms=2 * len(outside_words), names=("center_word_vectors", "outside_vectors"))


def cbow_window(current_center_word, outside_words, word2ind, center_word_vectors, outside_vectors) -> None:
    """cbow: :func:`window_rows`, and finite context rows."""
    window_rows(current_center_word, outside_words, word2ind, center_word_vectors, outside_vectors,
                empty="CBOW needs at least one context word to predict from")
    check_finite(center_word_vectors[[word2ind[w] for w in outside_words]],
                 "center_word_vectors (the context words' rows)")


#: w2vlib's own losses and models, whose returns are well-formed by construction: each registers
#: itself (:func:`trusted_loss`, :func:`trusted_model`) from the layer above, which this
#: bottom layer never imports; any other function's return is checked.
_TRUSTED_LOSSES: set = set()
_TRUSTED_MODELS: set = set()


def trusted_loss(function):
    """Register ``function`` (a w2vlib loss) as returning ``(loss, grad_center (d,), grad_outside
    (V, d))``: :func:`checked_loss` passes it through unwrapped. Returns ``function``."""
    _TRUSTED_LOSSES.add(function)
    return function


def trusted_model(function):
    """Register ``function`` (w2vlib's ``skipgram``) as returning ``(loss, grad_center_vecs (V, d),
    grad_outside_vectors (V, d))``: :func:`sgd_wrapper_args` passes it through unwrapped."""
    _TRUSTED_MODELS.add(function)
    return function


def checked_loss(loss_and_gradient, shape):
    """``loss_and_gradient`` itself for w2vlib's trusted losses; any other function wrapped so that
    a return other than ``(loss, grad_center (d,), grad_outside (V, d))`` is a clear error."""
    as_callable(loss_and_gradient, "loss_and_gradient")
    if loss_and_gradient in _TRUSTED_LOSSES:
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


def checked_model(model, shape):
    """``model`` itself for w2vlib's trusted ``skipgram``; any other function wrapped so that a
    return other than ``(loss, grad_center_vecs (V, d), grad_outside_vectors (V, d))`` is a clear
    error (``shape``: (2V, d), the wrapper's ``word_vectors``)."""
    as_callable(model, "model")
    if model in _TRUSTED_MODELS:
        return model

    def checked(*args):
        return loss_triple(model(*args), (shape[0] // 2, shape[1]), "model")
    return checked


def even_rows(word_vectors) -> None:
    """word2vec_sgd_wrapper: ``word_vectors`` stacks V centre rows on V outside rows."""
    if word_vectors.shape[0] % 2:
        raise ValueError(f"word_vectors must have an even number of rows (centre then outside), "
                         f"got {word_vectors.shape[0]}")


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
