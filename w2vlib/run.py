"""Coding part (c): the course's ``run.py``, faithful and fast (``python -m w2vlib.run``).

Same data, seeds, hyper-parameters and random draws as CS224N Assignment 2's ``run.py``, so it
reproduces the course's reference checkpoints (``../shared/data/cs224n_reference/``):

* ``random.seed(314)``, then the Stanford Sentiment Treebank reader and its vocabulary
  (V = 19,539 with UNK);
* ``random.seed(31415)``, ``np.random.seed(9265)``; parameters (2V, d): centre rows
  ``(np.random.rand(V, d) − 0.5) / d``, outside rows zero (d = 10);
* ``sgd`` with step 0.3, halved every 20,000 iterations, 40,000 iterations, a checkpoint every
  5,000; each iteration one ``word2vec_sgd_wrapper`` call: 50 windows of size
  ``randint(1, C)``, C = 5, skip-gram with K = 10 negatives;
* the 2-D centred-PCA plot of the course's 24 words, saved as ``word_vectors.png``.

The step is computed by :class:`w2vlib.faithful.FaithfulObjective` (same draws, row-sparse
batched gradient) instead of 50 dense (V, d) gradients, which makes the whole run take about
30 s on a 2-core machine instead of about 17 minutes (``benchmarks/bench_faithful.py``). Checkpoints are w2vlib's ``.npz`` files
(``saved_params_<N>.npz``, ``params`` holding the (2V, d) matrix) and resume exactly.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

import numpy as np

from . import _validate
from ._validate import checked
from ._files import atomic_write
from .faithful import FaithfulObjective
from .progress import IterationBar
from .sgd import (ANNEAL_EVERY, SAVE_PARAMS_EVERY, checkpoint_path, latest_checkpoint,
                  load_checkpoint, save_checkpoint, sgd)
from .treebank import StanfordSentiment

__all__ = ["DIM", "WINDOW_SIZE", "K", "STEP", "ITERATIONS", "PRINT_EVERY", "DEFAULT_CHECKPOINT_DIR",
           "initial_parameters", "step_after", "train", "save_plot", "plot_formats", "main"]

DIM = 10
WINDOW_SIZE = 5          # the course's C
K = 10                   # negatives per outside word
STEP = 0.3
ITERATIONS = 40_000
PRINT_EVERY = 10
DEFAULT_CHECKPOINT_DIR = Path("runs") / "faithful"


@checked(V=_validate.Integer(min=1), dim=_validate.Integer(min=1))
def initial_parameters(V: int, dim: int = DIM) -> np.ndarray:
    """The course's starting parameters, drawn from numpy's global generator (seeded by the caller).

    Parameters
    ----------
    V : int
        Vocabulary size.
    dim : int
        d, the dimension of the word vectors.

    Returns
    -------
    numpy.ndarray, shape (2V, d)
        Centre vectors v_c in rows 0..V−1, ``(np.random.rand(V, d) − 0.5) / d``; outside
        vectors u_w in rows V..2V−1, all zero.
    """
    return np.concatenate(((np.random.rand(V, dim) - 0.5) / dim, np.zeros((V, dim))), axis=0)


@checked(iterations=_validate.Integer(min=0), step=_validate.Real(0.0, low_open=True),
         anneal_every=_validate.Integer(min=1))
def step_after(iterations: int, step: float = STEP, anneal_every: int = ANNEAL_EVERY) -> float:
    """The learning rate η after ``iterations`` iterations of :func:`w2vlib.sgd.sgd`.

    Parameters
    ----------
    iterations : int
        Iterations done.
    step : float
        η at the start.
    anneal_every : int
        η is halved after every this many iterations.

    Returns
    -------
    float
        ``step * 0.5 ** (iterations // anneal_every)``, computed by repeated halving as
        ``sgd`` does (until η is 0.0, after about 1,100 halvings: a huge ``iterations``
        returns at once).
    """
    for _ in range(iterations // anneal_every):
        if step == 0.0:
            break
        step *= 0.5
    return step


def train(iterations: int = ITERATIONS, checkpoint_dir: str | os.PathLike = DEFAULT_CHECKPOINT_DIR,
          sst_dir: str | os.PathLike | None = None, resume: bool = True, progress: bool = True,
          dim: int = DIM, window_size: int = WINDOW_SIZE, K: int = K, step: float = STEP,
          save_every: int = SAVE_PARAMS_EVERY, stream: TextIO = sys.stderr,
          allow_modified: bool = False) -> tuple[np.ndarray, StanfordSentiment]:
    """Run the course's training (its run.py) for ``iterations`` iterations: the course path.

    Same seeds, reader, initialisation and random draws as the course, so the checkpoints
    equal the course's reference ones; each iteration is one :class:`FaithfulObjective` call
    (50 windows, skip-gram with negative sampling) and one SGD step.

    Parameters
    ----------
    iterations : int
        The last iteration to run (>= 0; the course runs 40,000).
    checkpoint_dir : path
        Folder of the ``saved_params_<N>.npz`` checkpoints. ``saved_params_<iterations>.npz``
        is always left there, plus one every ``save_every`` iterations.
    sst_dir : path or None
        Folder of ``datasetSentences.txt``; None: :func:`w2vlib.data.find_sst_dir`.
    resume : bool
        Continue from the latest checkpoint at or before ``iterations``: the numbers are
        the same as an uninterrupted run's.
    progress : bool
        Draw an :class:`~w2vlib.progress.IterationBar` on ``stream``.
    dim : int
        d, the dimension of the word vectors (the course: 10).
    window_size : int
        C, the largest window (each window draws its size from 1..C; the course: 5).
    K : int
        Negatives per outside word (the course: 10).
    step : float
        η at the start, halved every 20,000 iterations (the course: 0.3).
    save_every : int
        Iterations between checkpoints.
    stream : text stream
        Where the progress bar goes.
    allow_modified : bool
        Train on a ``datasetSentences.txt`` that differs from the course's (see
        :class:`~w2vlib.treebank.StanfordSentiment`); by default such a file is refused.

    Returns
    -------
    params : numpy.ndarray, shape (2V, d)
        Centre vectors v_c (rows 0..V−1), then outside vectors u_w.
    dataset : StanfordSentiment
        The reader the run drew from (``dataset.tokens()`` maps a word to its row).
    """
    iterations = _validate.as_nonnegative_int(iterations, "iterations")
    checkpoint_dir = _validate.writable_dir(checkpoint_dir, "checkpoint_dir")
    random.seed(314)
    dataset = StanfordSentiment(sst_dir, allow_modified=allow_modified)
    tokens = dataset.tokens()
    V = len(tokens)
    random.seed(31415)
    np.random.seed(9265)
    params = initial_parameters(V, dim)

    latest = latest_checkpoint(checkpoint_dir, max_iteration=iterations) if resume else None
    start, exploss = 0, None
    if latest is not None:
        ck = load_checkpoint(latest, expected_shape=params.shape)
        start, exploss = ck["iteration"], ck["exploss"]
        if start > 0:
            # Rebuild the subsampled corpus exactly as the original run did: inside its first
            # get_random_context, i.e. after seeding and one randint(1, C). sgd then restores
            # the checkpoint's random state.
            random.randint(1, window_size)
            dataset.all_sentence_ids()
    if progress and start < iterations:
        stream.write(f"training on {dataset.sentences_file} (V = {V}, d = {dim}), iterations "
                     f"{start + 1}..{iterations}, checkpoints in {checkpoint_dir}\n")
    bar = IterationBar(start, iterations, stream=stream if progress else None, exploss=exploss)
    objective = FaithfulObjective(dataset, window_size=window_size, K=K)
    params = sgd(objective, params, step, iterations, checkpoint_dir=checkpoint_dir, resume=resume,
                 save_every=save_every, print_every=PRINT_EVERY, verbose=False,
                 callback=bar, on_average=bar.average)
    final = checkpoint_path(checkpoint_dir, iterations)
    if not final.exists() or start < iterations and iterations % save_every:
        save_checkpoint(final, params, iterations, step_after(iterations, step),
                        bar.exploss)
    return params, dataset


@checked(params=_validate.Array(ndim=2), words=_validate.OrNone(_validate.Words()))
def save_plot(params: np.ndarray, word2ind: Mapping[str, int], path: str | os.PathLike,
              words: Sequence[str] | None = None, title: str | None = None) -> Path:
    """Save the course's 2-D plot of the centre vectors of ``words``, atomically.

    Parameters
    ----------
    params : numpy.ndarray, shape (2V, d)
        The run's parameters (only the centre rows of ``words`` are read).
    word2ind : mapping of str to int
        Word -> row.
    path : path
        The file to write; its extension sets the format (.png, .pdf, .svg, ...: see
        :func:`plot_formats`).
    words : sequence of str or None
        The words to plot; None: the course's 24 (:data:`w2vlib.plot.VISUALIZE_WORDS`).
    title : str or None
        The figure's title.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    from .plot import VISUALIZE_WORDS, plot_word_vectors
    words = list(VISUALIZE_WORDS if words is None else words)
    path = _validate.writable_file(path, "plot path", plot_formats())
    fig = plot_word_vectors(params, word2ind, words, title=title)
    with atomic_write(path) as fh:
        fig.savefig(fh, format=path.suffix.lower().lstrip("."), dpi=100)
    return path


def plot_formats() -> set[str]:
    """File extensions matplotlib can save to (the plot's format follows its extension)."""
    from matplotlib.figure import Figure
    return set(Figure().canvas.get_supported_filetypes())


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m w2vlib.run``: train, report, plot; returns the exit status: 0, or 1 with a
    one-line ``error:`` (a bad checkpoint, an edited corpus, a failed write). A bad flag, a
    missing corpus folder or an unwritable destination exits with 2 before training starts."""
    parser = argparse.ArgumentParser(
        prog="python -m w2vlib.run",
        description="The CS224N Assignment 2 word2vec run (skip-gram, negative sampling, SST), "
                    "faithful to the course's seeds and random draws, with a row-sparse batched "
                    "gradient. Reproduces the course's saved_params_5000/40000.")
    parser.add_argument("--iterations", type=int, default=ITERATIONS,
                        help=f"run the first N SGD iterations (default {ITERATIONS}); the checkpoint "
                             "of iteration N is left in the checkpoint folder")
    parser.add_argument("--checkpoint-dir", type=Path, default=DEFAULT_CHECKPOINT_DIR,
                        help=f"folder for saved_params_<N>.npz checkpoints (default {DEFAULT_CHECKPOINT_DIR}); "
                             "each .npz holds 'params', the (2V, d) matrix: centre rows then outside rows")
    parser.add_argument("--sst-dir", type=Path, default=None,
                        help="folder holding datasetSentences.txt (default: $W2VLIB_SST_DIR, then "
                             "data/stanfordSentimentTreebank, then ../shared/data/sst)")
    parser.add_argument("--save-every", type=int, default=SAVE_PARAMS_EVERY,
                        help=f"write a checkpoint every this many iterations (default {SAVE_PARAMS_EVERY})")
    parser.add_argument("--no-resume", action="store_true",
                        help="start from iteration 0 even if the checkpoint folder holds checkpoints "
                             "(they are overwritten as the run reaches them)")
    parser.add_argument("--plot", type=Path, default=None,
                        help="where to save the 2-D plot (default: word_vectors.png in the checkpoint folder)")
    parser.add_argument("--no-plot", action="store_true", help="do not save the plot")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--allow-modified-corpus", action="store_true",
                        help="train on a datasetSentences.txt whose sha256 differs from the course's "
                             "(by default a truncated or edited file is refused)")
    args = parser.parse_args(argv)
    if args.iterations < 0:
        parser.error(f"--iterations must be >= 0, got {args.iterations}")
    if args.save_every < 1:
        parser.error(f"--save-every must be >= 1, got {args.save_every}")
    plot_path = None
    try:                                 # the corpus and every destination are checked before training
        _validate.corpus_folder(args.sst_dir, "--sst-dir")
        _validate.writable_dir(args.checkpoint_dir, "--checkpoint-dir")
        if not args.no_plot:
            plot_path = args.plot if args.plot is not None else args.checkpoint_dir / "word_vectors.png"
            _validate.writable_file(plot_path, "--plot", plot_formats())
    except ValueError as exc:
        parser.error(str(exc))

    t0 = time.perf_counter()
    try:
        params, dataset = train(args.iterations, args.checkpoint_dir, args.sst_dir,
                                resume=not args.no_resume, progress=not args.no_progress,
                                save_every=args.save_every, allow_modified=args.allow_modified_corpus)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"\ninterrupted; checkpoints written so far are in {args.checkpoint_dir} and resume exactly",
              file=sys.stderr)
        return 130
    print("sanity check: cost at convergence should be around or below 10")
    print(f"training took {time.perf_counter() - t0:.0f} seconds")
    print(f"parameters of iteration {args.iterations}: {checkpoint_path(args.checkpoint_dir, args.iterations)}")
    if plot_path is not None:
        try:
            save_plot(params, dataset.tokens(), plot_path, title=f"centre vectors after {args.iterations} iterations")
        except ValueError as exc:  # e.g. a corpus without the course's 24 words
            print(f"no plot: {exc}", file=sys.stderr)
        except OSError as exc:     # e.g. the disk filled up: the old plot file, if any, is intact
            print(f"error: could not write the plot: {exc}", file=sys.stderr)
            return 1
        else:
            print(f"plot: {plot_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
