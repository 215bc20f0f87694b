"""The faithful course run: same random stream as the course, same numbers, exact resume.

* the raw-word replay of ``random.randint`` is checked against ``random`` itself;
* one FaithfulObjective call equals one ``word2vec_sgd_wrapper(skipgram, ...,
  neg_sampling_loss_and_gradient)`` call from the same random state (loss, gradient, and the
  generator state after), on a small corpus and on SST;
* ``python -m w2vlib.run`` reproduces the course's reference checkpoint at 5,000 iterations.
"""
import functools
import re
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import w2vlib.run as run
from w2vlib import gradcheck, neg_sampling_loss_and_gradient, sgd, skipgram, word2vec_sgd_wrapper
from w2vlib.faithful import (Batch, FaithfulObjective, batch_loss_and_gradient, randbelow, raw_words,
                             skip_words)
from w2vlib.sgd import RowSparseGrad, load_checkpoint
from w2vlib.treebank import StanfordSentiment

from conftest import write_corpus

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
SST = SHARED / "sst"
REFERENCE = SHARED / "cs224n_reference"
HAVE_SST = (SST / "datasetSentences.txt").is_file()
needs_sst = pytest.mark.skipif(not HAVE_SST, reason=f"SST not present at {SST}")


# ---- the random stream ---------------------------------------------------------------------
def test_raw_words_are_getrandbits_32_in_order():
    random.seed(11)
    words = raw_words(1000)
    after = random.getstate()
    random.seed(11)
    assert words.tolist() == [random.getrandbits(32) for _ in range(1000)]
    assert random.getstate() == after
    random.seed(11)
    skip_words(1000)
    assert random.getstate() == after


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 7, 8, 16, 1000, 299_483, 1_000_000, 2**31 - 1, 2**31, 2**32 - 1])
def test_randbelow_replays_randint(n):
    random.seed(n)
    start = random.getstate()
    expected = [random.randint(0, n - 1) for _ in range(300)]
    after = random.getstate()
    random.setstate(start)
    words = raw_words(3000)
    got, pos = [], 0
    for _ in range(300):
        r, pos = randbelow(words, pos, n)
        got.append(r)
    assert got == expected
    random.setstate(start)
    skip_words(pos)
    assert random.getstate() == after


def test_randbelow_refuses_ranges_wider_than_a_word():
    with pytest.raises(ValueError, match="32-bit"):
        randbelow(np.zeros(4, dtype=np.uint32), 0, 2**32 + 1)


# ---- one step: fast == the course's wrapper ------------------------------------------------
def dense(grad, shape):
    out = np.zeros(shape)
    out[grad.rows] = grad.values
    return out


class CountingDataset(StanfordSentiment):
    draws = 0

    def sample_token_idx(self):
        self.draws += 1
        return super().sample_token_idx()


def assert_same_steps(folder, calls, C=5, K=10, tablesize=1_000_000, seed=31415, tiny_blocks=False):
    """Run ``calls`` steps both ways from the same state; return (fast dataset, number of
    sample_token_idx calls the course's path made, number of pairs)."""
    fast_ds = StanfordSentiment(folder, tablesize=tablesize, allow_modified=True)
    slow_ds = CountingDataset(folder, tablesize=tablesize, allow_modified=True)
    loss_fn = functools.partial(neg_sampling_loss_and_gradient, K=K)
    pairs = 0
    tokens = fast_ds.tokens()
    slow_ds.tokens()
    V = len(tokens)
    rng = np.random.default_rng(seed)
    W = rng.normal(scale=0.3, size=(2 * V, 7))
    f = FaithfulObjective(fast_ds, window_size=C, K=K)
    random.seed(seed)
    for _ in range(calls):
        state = random.getstate()
        if tiny_blocks:
            f.sampler._block = 1                 # force the "need more words" redraw path
        loss, grad = f(W)
        pairs += int(f.sampler.last_batch.pairs_per_window.sum())
        assert not np.any(f.sampler.last_batch.negatives == f.sampler.last_batch.outsides[:, None])
        after = random.getstate()
        random.setstate(state)
        ref_loss, ref_grad = word2vec_sgd_wrapper(skipgram, tokens, W, slow_ds, C, loss_fn)
        assert random.getstate() == after
        assert loss == pytest.approx(ref_loss, rel=1e-12)
        assert isinstance(grad, RowSparseGrad) and np.all(np.diff(grad.rows) > 0)
        assert np.abs(dense(grad, W.shape) - ref_grad).max() <= 1e-12 * max(1.0, np.abs(ref_grad).max())
        assert set(grad.rows.tolist()) >= set(np.flatnonzero(np.any(ref_grad != 0, axis=1)).tolist())
        W = W - 0.5 * ref_grad
    return fast_ds, slow_ds.draws, pairs


@pytest.mark.parametrize("C, K, tablesize", [(5, 10, 1_000_000), (2, 3, 37), (1, 1, 1000), (3, 25, 64)])
def test_fast_step_equals_the_wrapper_on_a_small_corpus(tmp_path, C, K, tablesize):
    folder = write_corpus(tmp_path / "sst", n_sentences=40)
    ds, draws, pairs = assert_same_steps(folder, calls=6, C=C, K=K, tablesize=tablesize)
    assert ds.is_subsampled and draws >= pairs * K


def test_fast_step_equals_the_wrapper_with_many_redraws(tmp_path):
    """K = 25 from a 64-entry table: negatives often hit the outside word and are redrawn."""
    folder = write_corpus(tmp_path / "sst", n_sentences=40)
    _, draws, pairs = assert_same_steps(folder, calls=4, C=3, K=25, tablesize=64)
    assert draws - pairs * 25 > 20


def test_fast_step_equals_the_wrapper_when_blocks_run_out(tmp_path):
    assert_same_steps(write_corpus(tmp_path / "sst"), calls=3, tablesize=50, tiny_blocks=True)


def test_no_window_left_after_subsampling_is_an_error(tmp_path):
    folder = tmp_path / "sst"
    folder.mkdir()
    (folder / "datasetSentences.txt").write_text(
        "sentence_index\tsentence\n" + "".join(f"{i}\tx y x z y\n" for i in range(1, 30)))
    for make in (lambda ds: ds.get_random_context(2), lambda ds: FaithfulObjective(ds)(np.zeros((8, 2)))):
        random.seed(2)
        with pytest.raises(ValueError, match="after subsampling"):
            make(StanfordSentiment(folder, tablesize=100, allow_modified=True))


@needs_sst
def test_fast_step_equals_the_wrapper_on_sst():
    assert_same_steps(SST, calls=3)


def test_batch_gradient_passes_gradcheck():
    batch = Batch(centers=np.array([0, 2, 2]), outsides=np.array([1, 3, 1]),
                  negatives=np.array([[2, 2, 3], [0, 1, 1], [3, 3, 3]]),
                  window_sizes=np.array([1, 1]), pairs_per_window=np.array([1, 2]))
    x = np.random.default_rng(0).normal(size=(8, 3))

    def f(x):
        loss, grad = batch_loss_and_gradient(x, batch)
        return loss, dense(grad, x.shape)
    assert gradcheck(f, x).passed


def test_objective_checks_the_shape(tmp_path):
    ds = StanfordSentiment(write_corpus(tmp_path / "sst"), tablesize=100, allow_modified=True)
    with pytest.raises(ValueError, match=r"\(2V, d\)"):
        FaithfulObjective(ds)(np.zeros((5, 3)))


# ---- sgd with a row-sparse gradient ----------------------------------------------------------
def test_sgd_row_sparse_update_equals_the_dense_one():
    rng = np.random.default_rng(4)
    x0 = rng.normal(size=(20, 3))
    rows = np.array([1, 4, 5, 17])

    def values(x):
        return np.sin(x[rows]) + 0.1

    def f_sparse(x):
        return 0.0, RowSparseGrad(rows, values(x))

    def f_dense(x):
        g = np.zeros_like(x)
        g[rows] = values(x)
        return 0.0, g
    a = sgd(f_sparse, x0, 0.3, 7, anneal_every=3, print_every=None)
    b = sgd(f_dense, x0, 0.3, 7, anneal_every=3, print_every=None)
    assert np.array_equal(a, b) and not np.array_equal(a, x0)


@pytest.mark.parametrize("grad, match", [
    (RowSparseGrad(np.array([1, 1]), np.ones((2, 3))), "unique"),
    (RowSparseGrad(np.array([0, 20]), np.ones((2, 3))), r"\[0, 20\)"),
    (RowSparseGrad(np.array([0, 2]), np.ones((2, 4))), "shape"),
    (RowSparseGrad(np.array([0.0, 2.0]), np.ones((2, 3))), "integer"),
])
def test_sgd_rejects_bad_row_sparse_gradients(grad, match):
    with pytest.raises(ValueError, match=match):
        sgd(lambda x: (0.0, grad), np.zeros((20, 3)), 0.1, 1, print_every=None)


# ---- the command line --------------------------------------------------------------------------
def test_help_documents_every_flag(capsys):
    with pytest.raises(SystemExit) as info:
        run.main(["--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    for flag in ["--iterations", "--checkpoint-dir", "--sst-dir", "--save-every", "--no-resume",
                 "--plot", "--no-plot", "--no-progress"]:
        assert flag in text


def test_step_after():
    assert run.step_after(0) == run.step_after(19_999) == 0.3
    assert run.step_after(20_000) == 0.15 and run.step_after(40_000) == 0.075


def cli(*args):
    return run.main([*map(str, args), "--no-plot", "--no-progress", "--allow-modified-corpus"])


def test_run_is_the_course_loop_and_resumes_exactly(tmp_path, capsys):
    folder = write_corpus(tmp_path / "sst", n_sentences=80)
    whole, parts = tmp_path / "whole", tmp_path / "parts"
    assert cli("--iterations", 25, "--save-every", 10, "--checkpoint-dir", whole, "--sst-dir", folder) == 0
    assert sorted(p.name for p in whole.iterdir()) == [
        "saved_params_10.npz", "saved_params_20.npz", "saved_params_25.npz"]
    final = load_checkpoint(whole / "saved_params_25.npz")
    assert final["iteration"] == 25 and final["step"] == 0.3

    # the course's loop, dense, with the same seeds and initialisation
    random.seed(314)
    ds = StanfordSentiment(folder, allow_modified=True)
    tokens = ds.tokens()
    random.seed(31415)
    np.random.seed(9265)
    V = len(tokens)
    x0 = np.concatenate(((np.random.rand(V, 10) - 0.5) / 10, np.zeros((V, 10))), axis=0)
    expected = sgd(lambda x: word2vec_sgd_wrapper(skipgram, tokens, x, ds, 5, neg_sampling_loss_and_gradient),
                   x0, 0.3, 25, print_every=None)
    assert final["params"].shape == (2 * V, 10)
    assert np.abs(final["params"] - expected).max() <= 1e-12
    assert final["random_state"] == random.getstate()

    # interrupted at 10, resumed to 25 in a fresh call: bit-identical
    assert cli("--iterations", 10, "--save-every", 10, "--checkpoint-dir", parts, "--sst-dir", folder) == 0
    assert cli("--iterations", 25, "--save-every", 10, "--checkpoint-dir", parts, "--sst-dir", folder) == 0
    assert np.array_equal(load_checkpoint(parts / "saved_params_25.npz")["params"], final["params"])
    # asking again for 25 reuses the checkpoint
    assert cli("--iterations", 25, "--checkpoint-dir", parts, "--sst-dir", folder) == 0
    assert np.array_equal(load_checkpoint(parts / "saved_params_25.npz")["params"], final["params"])
    assert "training took" in capsys.readouterr().out


def test_run_reports_a_missing_corpus(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:         # checked before anything starts, like a bad flag
        cli("--iterations", 1, "--checkpoint-dir", tmp_path / "ck", "--sst-dir", tmp_path / "none")
    err = capsys.readouterr().err
    assert info.value.code == 2 and "error: --sst-dir" in err and "none" in err and "datasetSentences.txt" in err
    assert not (tmp_path / "ck").exists()


def test_run_rejects_negative_iterations(capsys):
    with pytest.raises(SystemExit) as info:
        run.main(["--iterations", "-3"])
    assert info.value.code == 2


@needs_sst
def test_reproduces_the_course_checkpoint_at_5000(tmp_path):
    reference = REFERENCE / "saved_params_5000.npy"
    if not reference.is_file():
        pytest.skip(f"reference checkpoint not present at {reference}")
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "w2vlib.run", "--iterations", "5000", "--checkpoint-dir", str(tmp_path),
         "--sst-dir", str(SST), "--no-progress"],
        cwd=REPO, capture_output=True, text=True, timeout=300)
    seconds = time.perf_counter() - t0
    assert proc.returncode == 0, proc.stderr
    with np.load(tmp_path / "saved_params_5000.npz", allow_pickle=False) as z:
        params = z["params"]
    expected = np.load(reference, allow_pickle=False)
    diff = float(np.abs(params - expected).max())
    print(f"\n5,000 iterations via python -m w2vlib.run: {seconds:.1f} s, max |diff| vs reference {diff:.2e}")
    assert params.shape == expected.shape == (39_078, 10)
    assert diff <= 1e-10
    png = tmp_path / "word_vectors.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_progress_line_has_the_loss_average_and_an_eta(tmp_path):
    import io
    stream = io.StringIO()
    run.train(25, tmp_path / "ck", write_corpus(tmp_path / "sst"), save_every=10, stream=stream,
              allow_modified=True)
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("training on ") and "iterations 1..25" in lines[0]
    last = lines[-1]
    assert last.startswith("iter     25/25 [") and "100.0%" in last and "ETA 0:00" in last
    # the course's average: loss at iteration 10, then .95/.05 at 20 (printed with 4 decimals)
    assert re.search(r"loss\(avg\) \d+\.\d{4}", last)


def test_progress_redraws_in_place_on_a_terminal():
    import io

    class Terminal(io.StringIO):
        def isatty(self):
            return True
    term = Terminal()
    bar = run.Progress(0, 30, stream=term, interval=0.0)
    for it in range(1, 31):
        bar(it, 20.0 - it / 10, None)
    text = term.getvalue()
    assert text.count("\r") == 30 and text.endswith("\n") and text.count("\n") == 1
    assert bar.exploss == pytest.approx(0.95 * (0.95 * 19.0 + 0.05 * 18.0) + 0.05 * 17.0)
    assert "iter     30/30" in text.split("\r")[-1]
