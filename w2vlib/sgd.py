"""Coding part (b): stochastic gradient descent with safe, exactly-resumable checkpoints.

Behaves like the course's ``sgd``: ``x ← x − step·∇f(x)`` each iteration, the step halved
after every ``anneal_every`` (20,000) iterations, and an exponential moving average of the
loss printed every ``print_every`` iterations. Checkpoints differ on purpose:

* ``.npz`` files (loaded with ``allow_pickle=False``), never pickles;
* each holds the parameters, the iteration, the current step, the loss average and the
  full state of Python's ``random`` and of numpy's global generator;
* written atomically (temporary file, fsync, rename), so a crash never leaves a
  half-written checkpoint and never clobbers a good one;
* resuming from iteration k continues exactly as the uninterrupted run would. (The
  course's resume rescaled the step by 0.5 ** (k / 20000), a fractional factor when k is not
  a multiple of 20,000; that was a bug and is not copied.)
"""
from __future__ import annotations

import os
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np

from . import _validate
from ._validate import MAX_ITERATIONS, Array, Bool, Each, Function, Integer, OrNone, Path as PathArg, Real, checked
from ._files import atomic_write

__all__ = ["ANNEAL_EVERY", "SAVE_PARAMS_EVERY", "CHECKPOINT_FORMAT", "RowSparseGrad", "checkpoint_path",
           "latest_checkpoint", "save_checkpoint", "load_checkpoint", "sgd"]

ANNEAL_EVERY = 20_000
SAVE_PARAMS_EVERY = 5_000
CHECKPOINT_FORMAT = 1
_NAME = re.compile(r"^saved_params_(\d+)\.npz$")


class RowSparseGrad(NamedTuple):
    """A gradient that is zero outside ``rows``: ``grad[rows] == values``, every other row 0.

    ``f`` may return one instead of a dense array; ``sgd`` then updates only those rows
    (``x[rows] -= step * values``), which gives the same numbers as the dense update.
    ``rows``: unique row indices (n,); ``values``: (n,) + x.shape[1:].
    """
    rows: np.ndarray
    values: np.ndarray


@checked(checkpoint_dir=PathArg(), iteration=Integer(min=0))
def checkpoint_path(checkpoint_dir: str | os.PathLike, iteration: int) -> Path:
    """The file that holds the checkpoint of ``iteration``: ``checkpoint_dir/saved_params_<N>.npz``."""
    return checkpoint_dir / f"saved_params_{iteration}.npz"


@checked(checkpoint_dir=PathArg(), max_iteration=OrNone(Integer(min=0)))
def latest_checkpoint(checkpoint_dir: str | os.PathLike, max_iteration: int | None = None) -> Path | None:
    """The checkpoint of the highest iteration in ``checkpoint_dir``.

    Parameters
    ----------
    checkpoint_dir : path
        The folder; a missing folder holds no checkpoint.
    max_iteration : int or None
        Ignore checkpoints of later iterations.

    Returns
    -------
    pathlib.Path or None
        Its ``saved_params_<N>.npz`` file, or None if there is none.
    """
    d = Path(checkpoint_dir)
    if not d.is_dir():
        return None
    found = [(int(m.group(1)), p) for p in d.iterdir() if (m := _NAME.match(p.name))
             and (max_iteration is None or int(m.group(1)) <= max_iteration)]
    return max(found)[1] if found else None


def _random_state_arrays():
    version, internal, gauss = random.getstate()
    name, keys, pos, has_gauss, cached = np.random.get_state(legacy=True)
    return {
        "py_random_version": np.int64(version),
        "py_random_internal": np.array(internal, dtype=np.int64),
        "py_random_has_gauss": np.bool_(gauss is not None),
        "py_random_gauss": np.float64(0.0 if gauss is None else gauss),
        "np_random_keys": np.asarray(keys, dtype=np.uint32),
        "np_random_pos": np.int64(pos),
        "np_random_has_gauss": np.int64(has_gauss),
        "np_random_cached_gaussian": np.float64(cached),
    }


@checked(path=PathArg(), params=Array(), iteration=Integer(min=0), step=Real(0.0, low_open=True),
         exploss=OrNone(Real()))
def save_checkpoint(path: str | os.PathLike, params: np.ndarray, iteration: int, step: float,
                    exploss: float | None = None) -> None:
    """Write a checkpoint atomically (a temporary file in the same folder, then a rename).

    Parameters
    ----------
    path : path
        The ``.npz`` file to write.
    params : numpy.ndarray
        The parameters x after ``iteration`` (stored as float64).
    iteration : int
        The iteration just done.
    step : float
        η for the next iteration (after any halving).
    exploss : float or None
        The loss average L = .95·L + .05·loss, or None if not started.

    Notes
    -----
    The state of Python's ``random`` and of numpy's global generator is stored too, so that
    a resumed run makes the same draws.
    """
    arrays = dict(
        format=np.int64(CHECKPOINT_FORMAT),
        params=np.asarray(params, dtype=np.float64),
        iteration=np.int64(iteration),
        step=np.float64(step),
        exploss=np.float64(np.nan if exploss is None else exploss),
        **_random_state_arrays(),
    )
    try:
        with atomic_write(path) as fh:
            np.savez(fh, **arrays)
    except OSError as exc:              # e.g. a full disk: name the file; the previous one is intact
        raise OSError(exc.errno, f"could not write the checkpoint ({exc.strerror or exc})", str(path)) from exc


@checked(path=PathArg(), expected_shape=OrNone(Each(Integer(min=1), min_len=1)))
def load_checkpoint(path: str | os.PathLike, expected_shape: tuple[int, ...] | None = None) -> dict:
    """Read a checkpoint written by :func:`save_checkpoint`; a ``ValueError`` naming the file if it is bad.

    Every field is checked (format version, dtypes and shapes, an iteration that agrees with a
    ``saved_params_<N>.npz`` name, a finite positive step, finite float64 parameters, random
    states in range); a damaged or foreign file is one ``ValueError`` naming it.

    Parameters
    ----------
    path : path
        The ``.npz`` file.
    expected_shape : tuple of int or None
        Refuse parameters of another shape (e.g. (2V, d) of the run being resumed): one or
        more sizes >= 1.

    Returns
    -------
    dict
        ``params`` (the stored x), ``iteration``, ``step`` (η), ``exploss`` (None if unset)
        and ``random_state`` / ``np_random_state``, ready for ``random.setstate`` /
        ``np.random.set_state``.
    """
    path = Path(path)
    required = ["format", "params", "iteration", "step", "exploss", *_random_state_arrays()]
    try:
        z = np.load(path, allow_pickle=False)
        if not isinstance(z, np.lib.npyio.NpzFile):
            raise ValueError(f"checkpoint {path} is not a w2vlib checkpoint: it holds a single array, not an .npz archive")
        with z:
            missing = [k for k in required if k not in z.files]
            if missing:
                raise ValueError(f"checkpoint {path} is not a w2vlib checkpoint: missing {missing}")
            data = {k: z[k] for k in required}
    except ValueError as exc:
        if str(path) in str(exc):
            raise
        raise ValueError(f"checkpoint {path} is unreadable ({exc})") from None
    except Exception as exc:            # zip, npy-header and OS errors of a damaged file
        raise ValueError(f"checkpoint {path} is unreadable (truncated or corrupt: "
                         f"{type(exc).__name__}: {exc})") from None
    m = _NAME.match(path.name)
    return _validate.checkpoint_fields(data, path, expected_shape, CHECKPOINT_FORMAT,
                                       int(m.group(1)) if m else None)


def _identity(x):
    return x


def _resume(checkpoint_dir, iterations, x, step):
    """(start iteration, x, step, loss average) from the latest checkpoint at or before
    ``iterations``, with both random generators restored; the given ones if there is none."""
    latest = latest_checkpoint(checkpoint_dir, max_iteration=iterations)
    if latest is None:
        return 0, x, step, None
    ck = load_checkpoint(latest, expected_shape=x.shape)
    random.setstate(ck["random_state"])
    np.random.set_state(ck["np_random_state"])
    return ck["iteration"], ck["params"].copy(), ck["step"], ck["exploss"]


def _descend(x, grad, step, iteration, kept) -> None:
    """x ← x − step·grad in place, ``grad`` as checked by ``_validate.objective_output`` (a
    (rows, values) pair updates only those rows); an update that makes x non-finite stops."""
    with np.errstate(over="ignore", invalid="ignore"):     # an overflow is reported just below
        if isinstance(grad, tuple):
            rows, values = grad
            updated = x[rows] - step * values
            _validate.finite_update(updated, iteration, kept)
            x[rows] = updated
        else:
            x -= step * grad
            _validate.finite_update(x, iteration, kept)


def _checked_hooks(postprocessing, callback, on_average):
    """The three optional callables of :func:`sgd`, checked; no postprocessing is ``_identity``."""
    postprocessing = _validate.as_callable(postprocessing, "postprocessing", optional=True) or _identity
    callback = _validate.as_callable(callback, "callback", optional=True)
    on_average = _validate.as_callable(on_average, "on_average", optional=True)
    return postprocessing, callback, on_average


def _checked_schedule(save_every, anneal_every, print_every, checkpoint_dir):
    """The schedule arguments of :func:`sgd`, checked (``checkpoint_dir`` as a writable Path or None)."""
    save_every = _validate.as_positive_int(save_every, "save_every")
    anneal_every = _validate.as_positive_int(anneal_every, "anneal_every")
    print_every = None if print_every is None else _validate.as_nonnegative_int(print_every, "print_every")
    if checkpoint_dir is not None:
        checkpoint_dir = _validate.writable_dir(checkpoint_dir, "checkpoint_dir")
    return save_every, anneal_every, print_every, checkpoint_dir


def _report_average(exploss, loss, iteration, on_average, verbose):
    """The loss average L = .95·L + .05·loss after ``loss``, passed to ``on_average`` and printed."""
    exploss = loss if exploss is None else 0.95 * exploss + 0.05 * loss
    if on_average is not None:
        on_average(iteration, exploss)
    if verbose:
        print(f"iter {iteration}: {exploss:f}")
    return exploss


@checked(f=Function(), x0=Array(), step=Real(0.0, low_open=True), iterations=Integer(min=0, max=MAX_ITERATIONS),
         resume=Bool(),
         verbose=Bool())
def sgd(f: Callable[[np.ndarray], tuple], x0: np.ndarray, step: float, iterations: int,
        postprocessing: Callable[[np.ndarray], np.ndarray] | None = None,
        checkpoint_dir: str | os.PathLike | None = None, resume: bool = True,
        save_every: int = SAVE_PARAMS_EVERY, anneal_every: int = ANNEAL_EVERY,
        print_every: int | None = 10, verbose: bool = True,
        callback: Callable[[int, float, np.ndarray], None] | None = None,
        on_average: Callable[[int, float], None] | None = None) -> np.ndarray:
    """Run SGD on ``f`` from ``x0``: the course's ``sgd`` (coding part (b)) with safe checkpoints.

    Each iteration: ``loss, grad = f(x)``; x ← x − η·grad; x ← postprocessing(x).

    Parameters
    ----------
    f : callable
        ``f(x) -> (loss, grad)``; grad has x's shape, or is a :class:`RowSparseGrad` (only
        the listed rows are updated).
    x0 : array_like
        The starting point (copied, never modified); for word2vec, (2V, d): centre vectors
        v_c, then outside vectors u_w.
    step : float
        η, the learning rate, finite and > 0.
    iterations : int
        The last iteration to run (iterations are numbered from 1), at most ``MAX_ITERATIONS``.
    postprocessing : callable or None
        Applied to x after each update.
    checkpoint_dir : path or None
        Folder for checkpoints; None disables them.
    resume : bool
        With a ``checkpoint_dir``, continue from its latest checkpoint at or before
        ``iterations``, if there is one: the result is the uninterrupted run's.
    save_every : int
        Write a checkpoint after every this many iterations.
    anneal_every : int
        Halve η after every this many iterations.
    print_every : int or None
        Every this many iterations, update the loss average L = .95·L + .05·loss (stored in
        checkpoints) and print ``iter N: L``; None does neither.
    verbose : bool
        False keeps the average (and its checkpointing) but prints nothing.
    callback : callable or None
        ``callback(iteration, loss, x)``, called after every iteration.
    on_average : callable or None
        ``on_average(iteration, L)``, called each time the loss average is updated (a
        progress display shows it without recomputing it).

    Returns
    -------
    numpy.ndarray
        x after the last iteration, float64, shaped like ``x0``.

    Raises
    ------
    TypeError, ValueError
        A bad argument (named), checked before the first iteration; or, during the run, ``f``
        returning something other than a finite real loss and a finite gradient, or an update
        (or ``postprocessing``) making x non-finite. The run stops at that iteration, before
        anything non-finite is stored; the message names the iteration and the last checkpoint.
    OSError
        A checkpoint could not be written (a full disk, say): it names the file, and the
        previous checkpoint is left intact.
    """
    x = x0.copy()
    postprocessing, callback, on_average = _checked_hooks(postprocessing, callback, on_average)
    save_every, anneal_every, print_every, checkpoint_dir = _checked_schedule(
        save_every, anneal_every, print_every, checkpoint_dir)

    start, exploss = 0, None
    if checkpoint_dir is not None and resume:
        start, x, step, exploss = _resume(checkpoint_dir, iterations, x, step)

    kept = f"the last checkpoint is {checkpoint_path(checkpoint_dir, start)}" if start else "no checkpoint was written"
    for it in range(start + 1, iterations + 1):
        loss, grad = _validate.objective_output(f(x), x.shape, it, kept)
        _descend(x, grad, step, it, kept)
        if postprocessing is not _identity:
            x = _validate.postprocessed(postprocessing(x), x.shape, it, kept)
        if print_every and it % print_every == 0:
            exploss = _report_average(exploss, loss, it, on_average, verbose)
        if it % anneal_every == 0:
            step *= 0.5
        if checkpoint_dir is not None and it % save_every == 0:
            save_checkpoint(checkpoint_path(checkpoint_dir, it), x, it, step, exploss)
            kept = f"the last checkpoint is {checkpoint_path(checkpoint_dir, it)}"
        if callback is not None:
            callback(it, loss, x)
    return x
