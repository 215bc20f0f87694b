"""What sgd's objective returns, its updates, and the fields of a checkpoint."""

from __future__ import annotations

import math

import numpy as np

from ._arrays import real_array, as_float_array, check_finite, real_number


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
