"""Argument checks shared by the w2vlib functions.

Every public function validates what it is given and raises a ``ValueError`` or
``TypeError`` that names the offending argument, instead of letting a bad shape or a
NaN travel into numpy and come out as a silent NaN or a deep traceback.
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping

import numpy as np


#: Largest |score| bound accepted by the losses: scores, losses and gradients stay finite below it.
SCORE_LIMIT = 1e300
#: Largest K (negatives per outside word): K draws are made one by one in Python.
MAX_NEGATIVES = 1_000_000

_KIND_NAMES = {"b": "bool", "c": "complex", "U": "str", "S": "bytes", "V": "void",
               "M": "datetime", "m": "timedelta"}


def _has_bool(value) -> bool:
    """Whether a (nested) list or tuple holds a bool, which numpy would silently take as 0/1."""
    if isinstance(value, (bool, np.bool_)):
        return True
    if isinstance(value, (list, tuple)):
        return any(_has_bool(v) for v in value)
    return False


def real_array(value, name: str) -> np.ndarray:
    """``value`` as a float64 array: real numbers only (bools, complex numbers and strings are
    refused with a ``TypeError``, a ragged list with a ``ValueError``); float16/float32, integers,
    0-d arrays and object arrays of real numbers are accepted. No copy for a float64 array."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be a numeric array, got {type(value).__name__}")
    if _has_bool(value):
        raise TypeError(f"{name} must hold real numbers, not bools (True/False would be taken as 1/0)")
    try:
        arr = np.asarray(value)
    except ValueError as exc:
        raise ValueError(f"{name} is ragged: its rows have different lengths ({exc})") from None
    kind = arr.dtype.kind
    if kind in _KIND_NAMES:
        what = _KIND_NAMES[kind]
        extra = " (the imaginary part would be dropped)" if kind == "c" else ""
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype} ({what}){extra}")
    if kind == "O":
        flat = arr.ravel()
        if any(isinstance(v, (bool, np.bool_)) for v in flat):
            raise TypeError(f"{name} must hold real numbers, not bools")
        if not all(isinstance(v, numbers.Real) for v in flat):
            bad = next(v for v in flat if not isinstance(v, numbers.Real))
            raise TypeError(f"{name} must hold real numbers, found {type(bad).__name__} {bad!r}")
    return arr.astype(np.float64, copy=False)


def as_float_array(value, name: str, ndim: int | None = None, finite: bool = True) -> np.ndarray:
    """Return ``value`` as a float64 array (see :func:`real_array`), checking its dimension,
    that it is not empty, and (by default) that it is finite."""
    arr = real_array(value, name)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape})")
    if finite:
        check_finite(arr, name)
    return arr


def check_finite(arr: np.ndarray, name: str) -> None:
    """Raise ``ValueError`` if ``arr`` holds a NaN or an infinity."""
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        where = tuple(int(i) for i in bad) if arr.ndim else ()
        raise ValueError(f"{name} holds a non-finite value ({arr[tuple(bad)]!r} at index {where})")


def _integer(value, name: str) -> int:
    """``value`` as a Python int: ints, numpy integers and 0-d integer arrays; not bools,
    floats (2.7 is not silently 2) or strings."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iu":
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    return int(value)


def as_index(value, name: str, size: int) -> int:
    """Return ``value`` as a Python int in ``[0, size)``; bools and floats are refused."""
    try:
        idx = _integer(value, name)
    except TypeError:
        raise TypeError(f"{name} must be an integer index, got {type(value).__name__} {value!r}") from None
    if not 0 <= idx < size:
        raise ValueError(f"{name}={idx} is out of range for a vocabulary of {size} words (valid: 0..{size - 1})")
    return idx


def as_positive_int(value, name: str, maximum: int | None = None) -> int:
    """Return ``value`` as a Python int >= 1 (and <= ``maximum`` if given)."""
    n = _integer(value, name)
    if n < 1:
        raise ValueError(f"{name} must be at least 1, got {n}")
    if maximum is not None and n > maximum:
        raise ValueError(f"{name}={n} is too large: at most {maximum:,} is accepted")
    return n


def as_nonnegative_int(value, name: str) -> int:
    """Return ``value`` as a Python int >= 0."""
    n = _integer(value, name)
    if n < 0:
        raise ValueError(f"{name} must be >= 0, got {n}")
    return n


def as_float(value, name: str, low: float = -math.inf, high: float = math.inf, low_open: bool = False) -> float:
    """Return ``value`` as a finite Python float in [low, high] (``(low, high]`` with ``low_open``).

    Bools, strings and other non-numbers are refused with a ``TypeError``; NaN, infinities
    and values out of range with a ``ValueError`` naming ``name`` and the interval.
    """
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not (math.isfinite(value) and (value > low if low_open else value >= low) and value <= high):
        if high == math.inf:
            what = "a positive finite number" if (low, low_open) == (0.0, True) else \
                f"a finite number {'>' if low_open else '>='} {low:g}"
        else:
            what = f"a finite number in {'(' if low_open else '['}{low:g}, {high:g}]"
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return value


def as_positive_float(value, name: str, high: float = math.inf) -> float:
    """Return ``value`` as a finite Python float in (0, high]: learning rates, steps."""
    return as_float(value, name, 0.0, high, low_open=True)


def as_seed(value, name: str = "seed") -> int:
    """Return ``value`` as a Python int >= 0, a seed for ``numpy.random.default_rng`` or
    ``random.Random``; bools, floats and negative numbers are refused (``TypeError``)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or value < 0:
        raise TypeError(f"{name} must be a non-negative integer, got {type(value).__name__} {value!r}")
    return int(value)


def as_callable(value, name: str, optional: bool = False):
    """``value`` if it can be called (or None when ``optional``), else a ``TypeError``."""
    if value is None and optional:
        return None
    if not callable(value):
        raise TypeError(f"{name} must be a function, got {type(value).__name__} {value!r}")
    return value


def real_number(value, name: str, finite: bool = True) -> float:
    """``value`` as a (by default finite) Python float: a loss returned by a user function, say."""
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(())[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    x = float(value)
    if finite and not math.isfinite(x):
        raise ValueError(f"{name} is not finite ({x!r})")
    return x


def word_list(words, name: str = "words") -> list[str]:
    """``words`` (a list, tuple or numpy array of strings) as a list of str."""
    if isinstance(words, str) or words is None:
        raise TypeError(f"{name} must be a list of words, got {type(words).__name__} {words!r}")
    if isinstance(words, np.ndarray):
        words = words.tolist() if words.ndim == 1 else None
    if not isinstance(words, (list, tuple)):
        raise TypeError(f"{name} must be a list of words (strings), got {type(words).__name__}")
    bad = [w for w in words if not isinstance(w, str)]
    if bad:
        raise TypeError(f"{name} must hold strings, found {type(bad[0]).__name__} {bad[0]!r}")
    return [str(w) for w in words]


def as_mapping(value, name: str = "word2ind"):
    """``value`` if it is a mapping (word -> row index), else a ``TypeError``."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping word -> row index (a dict), got {type(value).__name__}")
    return value


def bounded_scores(v_max: float, u_max: float, d: int, terms: int) -> None:
    """Refuse vectors so large that a loss summing ``terms`` scores u^T v (d products each)
    or its gradient could overflow float64; ``v_max``/``u_max`` are the largest |entries|."""
    bound = terms * max(v_max, u_max, d * v_max * u_max)      # Python floats: inf, never a warning
    if not bound <= SCORE_LIMIT:
        raise ValueError(
            f"center_word_vec (largest |entry| {v_max:.3g}) and outside_vectors (largest |entry| "
            f"{u_max:.3g}) are too large: the scores u_w^T v_c, the loss or its gradient would "
            f"overflow float64 (limit {SCORE_LIMIT:g}); scale the vectors down"
        )


def center_and_outside(center_word_vec, outside_vectors, check_outside_finite: bool = True):
    """Validate the (d,) centre vector and the (V, d) outside matrix used by every loss."""
    v_c = as_float_array(center_word_vec, "center_word_vec", ndim=1)
    U = as_float_array(outside_vectors, "outside_vectors", ndim=2, finite=check_outside_finite)
    if U.shape[1] != v_c.shape[0]:
        raise ValueError(
            f"outside_vectors has rows of length {U.shape[1]} but center_word_vec has length "
            f"{v_c.shape[0]}: both must be d-dimensional (outside_vectors is (V, d), vectors as rows)"
        )
    return v_c, U


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


def skipgram_args(current_center_word, window_size, outside_words, word2ind,
                  center_word_vectors, outside_vectors, dataset=None, loss_and_gradient=None):
    """``(c, o_indices, center_word_vectors, outside_vectors, loss_and_gradient)`` for skipgram;
    a user's ``loss_and_gradient`` comes back wrapped so that a wrong return is named."""
    as_positive_int(window_size, "window_size")
    center_vecs = as_float_array(center_word_vectors, "center_word_vectors", ndim=2, finite=False)
    outside = as_float_array(outside_vectors, "outside_vectors", ndim=2, finite=False)
    if center_vecs.shape != outside.shape:
        raise ValueError(
            f"center_word_vectors has shape {center_vecs.shape} but outside_vectors has shape "
            f"{outside.shape}: both must be (V, d)"
        )
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
    from .negsamp import neg_sampling_loss_and_gradient
    from .softmax import naive_softmax_loss_and_gradient
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
    from .skipgram import skipgram
    if model is not skipgram:
        user_model = model

        def model(*args):
            return loss_triple(user_model(*args), (N // 2, word_vectors.shape[1]), "model")
    return window_size, word_vectors, model


# ----- sgd: what the objective returns, and checkpoints ------------------------------------------

def row_sparse(grad, shape):
    """``(rows, values)`` of a RowSparseGrad for parameters of ``shape``: unique in-range integer
    rows, values (n,) + shape[1:]."""
    rows = np.asarray(grad.rows)
    values = real_array(grad.values, "RowSparseGrad.values")
    if rows.ndim != 1 or rows.dtype.kind not in "iu":
        raise ValueError(f"RowSparseGrad.rows must be a 1-D integer array, got shape {rows.shape} dtype {rows.dtype}")
    if values.shape != (len(rows),) + tuple(shape[1:]):
        raise ValueError(f"RowSparseGrad.values has shape {values.shape}, expected {(len(rows),) + tuple(shape[1:])}")
    if len(rows) and (rows.min() < 0 or rows.max() >= shape[0]):
        raise ValueError(f"RowSparseGrad.rows must lie in [0, {shape[0]}), got {rows.min()}..{rows.max()}")
    if len(rows) > 1 and not np.all(rows[1:] > rows[:-1]) and len(np.unique(rows)) != len(rows):
        raise ValueError("RowSparseGrad.rows must be unique (sum duplicate rows first)")
    return rows, values


def objective_output(out, shape, iteration: int, where: str):
    """``(loss, grad)`` returned by sgd's ``f`` at ``iteration``: a finite real loss and a finite
    gradient (dense, shaped like x, or a RowSparseGrad). ``where`` says what the run has kept."""
    if not (isinstance(out, tuple) and len(out) == 2):
        got = f"a tuple of {len(out)}" if isinstance(out, tuple) else type(out).__name__
        raise TypeError(f"f must return (loss, gradient), got {got} at iteration {iteration}")
    loss, grad = out
    try:
        loss = real_number(loss, "the loss returned by f")
    except ValueError as exc:
        raise ValueError(f"iteration {iteration}: {exc}; stopped before the update ({where})") from None
    if hasattr(grad, "rows") and hasattr(grad, "values"):
        rows, values = row_sparse(grad, shape)
        arr = values
    else:
        rows = None
        arr = real_array(grad, "the gradient returned by f")
        if arr.shape != tuple(shape):
            raise ValueError(f"f returned a gradient of shape {arr.shape} for x of shape {tuple(shape)}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"iteration {iteration}: the gradient returned by f is not finite; "
                         f"stopped before the update ({where})")
    return loss, (arr if rows is None else (rows, arr))


def finite_update(x, iteration: int, where: str, what: str = "the update") -> None:
    """Refuse parameters that became non-finite at ``iteration`` (step × gradient overflowed)."""
    if not np.all(np.isfinite(x)):
        raise ValueError(f"iteration {iteration}: {what} made the parameters non-finite (step too "
                         f"large for this gradient?); stopped ({where})")


def postprocessed(x, shape, iteration: int, where: str) -> np.ndarray:
    """What sgd's ``postprocessing`` returned: a finite float array shaped like x."""
    x = as_float_array(x, "the result of postprocessing", finite=False)
    if x.shape != tuple(shape):
        raise ValueError(f"postprocessing returned shape {x.shape} for x of shape {tuple(shape)}")
    finite_update(x, iteration, where, "postprocessing")
    return x


def _field(data, key, path, kind, shape=()):
    arr = data[key]
    if arr.dtype.kind not in kind or arr.shape != shape:
        raise ValueError(f"checkpoint {path}: field {key!r} has dtype {arr.dtype} and shape {arr.shape}; "
                         f"expected kind {kind!r} and shape {shape}")
    return arr


def _checkpoint_params(data, path, expected_shape):
    params = _field(data, "params", path, "f", data["params"].shape)
    if params.dtype != np.float64 or params.ndim == 0 or params.size == 0:
        raise ValueError(f"checkpoint {path}: params must be a non-empty float64 array, got {params.dtype} {params.shape}")
    if expected_shape is not None and params.shape != tuple(expected_shape):
        raise ValueError(f"checkpoint {path} holds parameters of shape {params.shape}, "
                         f"but the run's parameters have shape {tuple(expected_shape)}")
    check_finite(params, f"checkpoint {path} params")
    return params


def _checkpoint_iteration(data, path, file_iteration):
    iteration = int(_field(data, "iteration", path, "iu"))
    if iteration < 0:
        raise ValueError(f"checkpoint {path} claims iteration {iteration}")
    if file_iteration is not None and iteration != file_iteration:
        raise ValueError(f"checkpoint {path} claims iteration {iteration}, but its name says {file_iteration}")
    return iteration


def _checkpoint_step_and_loss(data, path):
    step = float(_field(data, "step", path, "f"))
    if not (math.isfinite(step) and step > 0):
        raise ValueError(f"checkpoint {path}: step must be finite and > 0, got {step!r}")
    exploss = float(_field(data, "exploss", path, "f"))
    if math.isinf(exploss):
        raise ValueError(f"checkpoint {path}: the loss average is {exploss!r}")
    return step, exploss


def _checkpoint_py_random(data, path):
    internal = _field(data, "py_random_internal", path, "iu", (625,))
    if internal[:624].min() < 0 or internal[:624].max() >= 2 ** 32 or not 0 <= internal[624] <= 624:
        raise ValueError(f"checkpoint {path}: py_random_internal is out of range for a Mersenne Twister state")
    has_gauss = bool(_field(data, "py_random_has_gauss", path, "b"))
    gauss = float(_field(data, "py_random_gauss", path, "f"))
    if not math.isfinite(gauss):
        raise ValueError(f"checkpoint {path}: py_random_gauss is not finite")
    return internal, has_gauss, gauss


def _checkpoint_np_random(data, path):
    keys = _field(data, "np_random_keys", path, "u", (624,))
    pos = int(_field(data, "np_random_pos", path, "iu"))
    np_has_gauss = int(_field(data, "np_random_has_gauss", path, "iu"))
    cached = float(_field(data, "np_random_cached_gaussian", path, "f"))
    if not (0 <= pos <= 624 and np_has_gauss in (0, 1) and math.isfinite(cached)):
        raise ValueError(f"checkpoint {path}: numpy random state out of range (pos {pos}, "
                         f"has_gauss {np_has_gauss}, cached {cached!r})")
    return ("MT19937", keys.astype(np.uint32), pos, np_has_gauss, cached)


def _checkpoint_random_states(data, path):
    """``(random_state, np_random_state)`` of a checkpoint, each tried on a private generator."""
    import random
    internal, has_gauss, gauss = _checkpoint_py_random(data, path)
    np_state = _checkpoint_np_random(data, path)
    random_state = (int(_field(data, "py_random_version", path, "iu")),
                    tuple(int(v) for v in internal), gauss if has_gauss else None)
    try:                                   # try both states on private generators
        random.Random().setstate(random_state)
        np.random.RandomState().set_state(np_state)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"checkpoint {path} holds an invalid random state ({exc})") from None
    return random_state, np_state


def checkpoint_fields(data, path, expected_shape, format_version: int, file_iteration):
    """Validate every field of a checkpoint read from ``path``; return the sgd state dict."""
    fmt = int(_field(data, "format", path, "iu"))
    if fmt != format_version:
        raise ValueError(f"checkpoint {path} has format {fmt}, expected {format_version} (written by another version?)")
    params = _checkpoint_params(data, path, expected_shape)
    iteration = _checkpoint_iteration(data, path, file_iteration)
    step, exploss = _checkpoint_step_and_loss(data, path)
    random_state, np_state = _checkpoint_random_states(data, path)
    return {
        "params": params,
        "iteration": iteration,
        "step": step,
        "exploss": None if math.isnan(exploss) else exploss,
        "random_state": random_state,
        "np_random_state": np_state,
    }


# ----- output destinations (checked before a long run starts) --------------------------------------

def _nearest_existing(path):
    from pathlib import Path
    p = Path(path).absolute()
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def _can_write_in(folder) -> bool:
    import os
    import tempfile
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    try:                                   # os.access says yes to root even on read-only mounts
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError:
        return False
    return True


def writable_dir(path, name: str):
    """``path`` as a Path to a folder that exists and is writable, or can be created."""
    import os
    from pathlib import Path
    if isinstance(path, bytes) or not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a folder path, got {type(path).__name__}")
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise ValueError(f"{name} {str(path)!r} exists and is not a folder")
    base = _nearest_existing(path)
    if not base.is_dir():
        raise ValueError(f"{name} {str(path)!r} cannot be created: {str(base)!r} is a file")
    if not _can_write_in(base):
        raise ValueError(f"{name} {str(path)!r} is not writable ({str(base)!r} is read-only)")
    return path


def writable_file(path, name: str, suffixes=None):
    """``path`` as a Path to a file that can be written (its folder exists and is writable, or can
    be created; it is not a folder); with ``suffixes``, its extension must be one of them."""
    import os
    from pathlib import Path
    if isinstance(path, bytes) or not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a file path, got {type(path).__name__}")
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"{name} {str(path)!r} is a folder; give a file name")
    if suffixes is not None and path.suffix.lower().lstrip(".") not in suffixes:
        raise ValueError(f"{name} {str(path)!r}: the extension must be one of "
                         f"{', '.join('.' + s for s in sorted(suffixes))} (it sets the format)")
    writable_dir(path.parent, f"the folder of {name}")
    return path


# ----- word-vector files ------------------------------------------------------------------------------

def exportable_words(words, what: str) -> None:
    """Refuse words that a line-based file cannot hold: empty, with whitespace or a line separator
    (``str.isspace`` covers \\t, \\n, \\r, \\v, \\f, U+0085, U+2028, ...), or not encodable in UTF-8."""
    for w in words:
        if not w or any(ch.isspace() for ch in w):
            raise ValueError(f"word {w!r} cannot be written to {what}: words must be non-empty and "
                             "hold no whitespace or line separator")
        try:
            w.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(f"word {w!r} cannot be written to {what}: it cannot be encoded as UTF-8 ({exc.reason})") from None


def _word2vec_lines(path) -> list[str]:
    if path.is_dir():
        raise ValueError(f"{path} is a folder, not a word2vec text file")
    try:
        with open(path, encoding="utf-8", newline="\n") as fh:
            return fh.read().split("\n")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not UTF-8 text (byte {exc.start}): a binary word2vec file? "
                         "only the text format is read") from None


def _word2vec_header(path, line: str) -> tuple[int, int]:
    header = line.split()
    if len(header) != 2 or not all(h.isdigit() for h in header):
        raise ValueError(f"{path}: expected a header line 'V d', got {line[:60]!r}")
    n, d = map(int, header)
    if n < 1 or d < 1:
        raise ValueError(f"{path}: the header says {n} words of dimension {d}; both must be >= 1")
    return n, d


def _word2vec_row(path, lineno: int, line: str, d: int):
    parts = line.rstrip().split(" ")       # the C tool ends each line with a space
    if len(parts) != d + 1:
        raise ValueError(f"{path}:{lineno}: expected a word and {d} numbers, got {len(parts)} fields")
    try:
        row = [float(x) for x in parts[1:]]
    except ValueError as exc:
        raise ValueError(f"{path}:{lineno}: {exc}") from None
    if not all(math.isfinite(x) for x in row):
        raise ValueError(f"{path}:{lineno}: the vector of {parts[0]!r} holds a non-finite value")
    return parts[0], row


def read_word2vec_text(path):
    """``(words, rows)`` read from a word2vec text file; clear errors naming the file and line."""
    from pathlib import Path
    path = Path(path)
    lines = _word2vec_lines(path)
    n, d = _word2vec_header(path, lines[0])
    body = lines[1:]
    while body and not body[-1].strip():
        body.pop()                         # trailing blank lines, as the C tool writes them
    if len(body) != n:
        raise ValueError(f"{path}: header says {n} words, found {len(body)}")
    words, rows = [], []
    for lineno, line in enumerate(body, start=2):
        word, row = _word2vec_row(path, lineno, line, d)
        words.append(word)
        rows.append(row)
    return words, rows


def pca_args(word_vectors, word2ind, words):
    """``(vectors, rows)`` for the course's 2-D PCA of ``words``."""
    vectors = as_float_array(word_vectors, "word_vectors", ndim=2)
    as_mapping(word2ind)
    words = word_list(words)
    if len(words) < 2:
        raise ValueError(f"words must hold at least 2 words for a 2-D projection, got {len(words)}")
    if vectors.shape[1] < 2:
        raise ValueError(f"word_vectors must have at least 2 columns (d >= 2), got shape {vectors.shape}")
    rows = word_indices(word2ind, words, "words")
    bad = [(w, r) for w, r in zip(words, rows) if not 0 <= r < len(vectors)]
    if bad:
        raise ValueError(
            f"word2ind gives rows outside word_vectors (shape {vectors.shape}): "
            + ", ".join(f"{w!r} -> {r!r}" for w, r in bad)
        )
    biggest = float(np.max(np.abs(vectors[rows])))
    if not biggest * biggest * vectors.shape[1] <= SCORE_LIMIT:
        raise ValueError(f"word_vectors are too large to project (largest |entry| {biggest:.3g}): "
                         "their covariance would overflow float64; scale them down")
    return vectors, rows


# ----- evaluation -------------------------------------------------------------------------------------

#: cluster_cosines draws at most this many random pairs (memory: a few arrays of this length).
MAX_RANDOM_PAIRS = 10_000_000


def common_component_args(wv, words, outside_vectors):
    """``(rows, outside_vectors or None)`` for evaluate.common_component."""
    if not (hasattr(wv, "index") and hasattr(wv, "vectors")):
        raise TypeError(f"wv must be a WordVectors, got {type(wv).__name__}")
    words = word_list(words)
    if len(words) < 2:
        raise ValueError(f"words must hold at least 2 words (pairwise cosines), got {len(words)}")
    rows = [wv.index(w) for w in words]
    zero = [w for w, r in zip(words, rows) if not np.any(wv.vectors[r])]
    if zero:
        raise ValueError(f"word {zero[0]!r} has a zero vector: its cosine with other words is undefined")
    if outside_vectors is not None:
        outside_vectors = as_float_array(outside_vectors, "outside_vectors", ndim=2)
        if outside_vectors.shape != wv.vectors.shape:
            raise ValueError(f"outside_vectors must have the shape of the word vectors {wv.vectors.shape}, "
                             f"got {outside_vectors.shape}")
    return rows, outside_vectors


def read_text_lines(path, what: str) -> list[str]:
    """The lines of a UTF-8 text file; a folder or a binary file is a ValueError naming it."""
    from pathlib import Path
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"{path} is a folder, not a {what}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not UTF-8 text (byte {exc.start}); expected a {what}") from None
    if "\x00" in text:
        raise ValueError(f"{path} holds NUL bytes: a binary file, not a {what}")
    return text.splitlines()


def load_npy(path) -> np.ndarray:
    """A finite float array from an ``.npy`` file (no pickles); any damage is a ValueError naming it."""
    try:
        arr = np.load(path, allow_pickle=False)
    except Exception as exc:            # truncated header, pickles, zip instead of npy, ...
        raise ValueError(f"{path} is not a readable .npy array ({type(exc).__name__}: {exc})") from None
    if not isinstance(arr, np.ndarray):
        arr.close()
        raise ValueError(f"{path} is an .npz archive, expected a single .npy array")
    return as_float_array(arr, f"the array in {path}", ndim=2)


# ----- corpora ----------------------------------------------------------------------------------------

#: tiny_corpus.generate makes at most this many sentences (about 40 bytes each).
MAX_TINY_SENTENCES = 10_000_000
#: Largest negative-sampling table of StanfordSentiment (the course's is 1,000,000; each entry
#: costs about 24 bytes while the table is built).
MAX_TABLESIZE = 100_000_000


def verified_corpus_text(path, data: bytes, expected_sha256: str, allow_modified: bool) -> str:
    """The text of ``datasetSentences.txt`` after checking its sha256 against the course's.

    A leading byte-order mark and blank lines at the end are accepted (the check is repeated
    without them); any other difference (a truncated or edited file) is a ``ValueError``
    unless ``allow_modified``.
    """
    import hashlib
    if not allow_modified and hashlib.sha256(data).hexdigest() != expected_sha256:
        canonical = data.removeprefix(b"\xef\xbb\xbf").rstrip(b" \t\r\n") + b"\n"
        digest = hashlib.sha256(canonical).hexdigest()
        if digest != expected_sha256:
            raise ValueError(
                f"{path} is not the course's datasetSentences.txt (sha256 {digest}, expected "
                f"{expected_sha256}): it is truncated or edited. Download it again (python -m "
                "w2vlib.data download sst --force), or pass allow_modified=True (command line: "
                "--allow-modified-corpus) to train on a modified corpus on purpose"
            )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not valid UTF-8 text ({exc})") from None
    return text.removeprefix("\ufeff")


def download_args(dest, sha256, timeout):
    """``(dest, sha256, timeout)`` for download_sst: a creatable destination, a 64-hex-digit
    checksum and a positive timeout, all checked before anything is downloaded."""
    import re
    dest = writable_dir(dest, "dest")
    if not isinstance(sha256, str) or not re.fullmatch(r"[0-9a-fA-F]{64}", sha256):
        raise ValueError(f"sha256 must be 64 hexadecimal digits, got {sha256!r}")
    return dest, sha256.lower(), as_positive_float(timeout, "timeout")


def corpus_folder(folder, flag: str) -> None:
    """A folder given on the command line (``flag``) must hold ``datasetSentences.txt``."""
    from pathlib import Path
    if folder is not None and not (Path(folder) / "datasetSentences.txt").is_file():
        raise ValueError(f"{flag} {str(folder)!r} has no datasetSentences.txt (it should be the folder of the "
                         "Stanford Sentiment Treebank; download it with: python -m w2vlib.data download sst)")


def as_bool(value, name: str) -> bool:
    """Return ``value`` as a bool; only ``True``/``False`` (Python or numpy) are accepted."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return bool(value)


def as_counts(value, name: str = "counts") -> np.ndarray:
    """Return word counts as a (V,) float array: finite, non-negative, at least two words."""
    arr = as_float_array(value, name, ndim=1)
    if arr.size < 2:
        raise ValueError(f"{name} must hold at least 2 words to build a binary tree, got {arr.size}")
    if np.any(arr < 0):
        bad = int(np.argmax(arr < 0))
        raise ValueError(f"{name} must be non-negative, got {float(arr[bad])!r} at index {bad}")
    if not arr.sum() > 0:
        raise ValueError(f"{name} are all zero: at least one word must occur")
    return arr


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
