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

import random
import re
from pathlib import Path
from typing import NamedTuple

import numpy as np

from . import _validate
from ._files import atomic_write

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


def checkpoint_path(checkpoint_dir, iteration) -> Path:
    """The file that holds the checkpoint of ``iteration`` in ``checkpoint_dir``."""
    return Path(checkpoint_dir) / f"saved_params_{int(iteration)}.npz"


def latest_checkpoint(checkpoint_dir, max_iteration=None):
    """Path of the highest-iteration checkpoint in ``checkpoint_dir`` (at most
    ``max_iteration`` if given), or None."""
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


def save_checkpoint(path, params, iteration, step, exploss=None):
    """Write a checkpoint atomically: a temporary file in the same folder, then a rename."""
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


def load_checkpoint(path, expected_shape=None):
    """Read a checkpoint written by ``save_checkpoint``; a clear ``ValueError`` if it is bad.

    Returns a dict with ``params``, ``iteration``, ``step``, ``exploss`` (None if unset) and
    ``random_state`` / ``np_random_state`` ready for ``random.setstate`` /
    ``np.random.set_state``.

    Every field is checked (format version, dtypes and shapes, an iteration that agrees with a
    ``saved_params_<N>.npz`` name, a finite positive step, finite float64 parameters, random
    states in range); a damaged or foreign file is one ``ValueError`` naming it.
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


def sgd(f, x0, step, iterations, postprocessing=None, checkpoint_dir=None, resume=True,
        save_every=SAVE_PARAMS_EVERY, anneal_every=ANNEAL_EVERY, print_every=10, verbose=True,
        callback=None):
    """Run SGD on ``f`` from ``x0``; the course's ``sgd`` with safe checkpoints.

    Args:
        f: function of x returning ``(loss, grad)``, grad shaped like x, or a
            :class:`RowSparseGrad` (only the listed rows are updated).
        x0: the starting point (not modified).
        step: the learning rate η.
        iterations: the last iteration to run (iterations are numbered from 1).
        postprocessing: optional function applied to x after each update.
        checkpoint_dir: folder for checkpoints; None disables them.
        resume: with a checkpoint_dir, continue from its latest checkpoint at or before
            ``iterations``, if there is one.
        save_every: write a checkpoint after every this many iterations.
        anneal_every: halve the step after every this many iterations.
        print_every: every this many iterations, update the loss average L = .95·L + .05·loss
            (stored in checkpoints) and print ``iter N: L``; None does neither.
        verbose: False keeps the average (and its checkpointing) but prints nothing.
        callback: optional ``callback(iteration, loss, x)`` called after every iteration.

    Returns:
        The parameters after the last iteration.

    Raises:
        TypeError, ValueError: a bad argument (named), checked before the first iteration; or,
            during the run, ``f`` returning something other than a finite real loss and a finite
            gradient, or an update (or ``postprocessing``) making x non-finite. The run stops at
            that iteration, before anything non-finite is stored, and the message names the
            iteration and the last checkpoint written.
        OSError: a checkpoint could not be written (a full disk, say); it names the file, and
            the previous checkpoint is left intact.
    """
    f = _validate.as_callable(f, "f")
    x = _validate.as_float_array(x0, "x0").copy()
    step = _validate.as_positive_float(step, "step")
    iterations = _validate.as_nonnegative_int(iterations, "iterations")
    postprocessing = _validate.as_callable(postprocessing, "postprocessing", optional=True) or _identity
    callback = _validate.as_callable(callback, "callback", optional=True)
    save_every = _validate.as_positive_int(save_every, "save_every")
    anneal_every = _validate.as_positive_int(anneal_every, "anneal_every")
    print_every = None if print_every is None else _validate.as_nonnegative_int(print_every, "print_every")
    if checkpoint_dir is not None:
        checkpoint_dir = _validate.writable_dir(checkpoint_dir, "checkpoint_dir")

    start = 0
    exploss = None
    if checkpoint_dir is not None and resume:
        latest = latest_checkpoint(checkpoint_dir, max_iteration=iterations)
        if latest is not None:
            ck = load_checkpoint(latest, expected_shape=x.shape)
            start, x, step, exploss = ck["iteration"], ck["params"].copy(), ck["step"], ck["exploss"]
            random.setstate(ck["random_state"])
            np.random.set_state(ck["np_random_state"])

    kept = f"the last checkpoint is {latest}" if start else "no checkpoint was written"
    for it in range(start + 1, iterations + 1):
        loss, grad = _validate.objective_output(f(x), x.shape, it, kept)
        with np.errstate(over="ignore", invalid="ignore"):   # an overflow is reported just below
            if isinstance(grad, tuple):                # a RowSparseGrad: update only its rows
                rows, values = grad
                updated = x[rows] - step * values
                _validate.finite_update(updated, it, kept)
                x[rows] = updated
            else:
                x -= step * grad
                _validate.finite_update(x, it, kept)
        if postprocessing is not _identity:
            x = _validate.postprocessed(postprocessing(x), x.shape, it, kept)
        if print_every and it % print_every == 0:
            exploss = loss if exploss is None else 0.95 * exploss + 0.05 * loss
            if verbose:
                print(f"iter {it}: {exploss:f}")
        if it % anneal_every == 0:
            step *= 0.5
        if checkpoint_dir is not None and it % save_every == 0:
            save_checkpoint(checkpoint_path(checkpoint_dir, it), x, it, step, exploss)
            kept = f"the last checkpoint is {checkpoint_path(checkpoint_dir, it)}"
        if callback is not None:
            callback(it, loss, x)
    return x
