"""Tests for w2vlib.faithful, the course's training step made fast.

* the raw-word replay of ``random.randint`` is checked against ``random`` itself;
* one FaithfulObjective call equals one ``word2vec_sgd_wrapper(skipgram, ...,
  neg_sampling_loss_and_gradient)`` call from the same random state (loss, gradient, and the
  generator state after), on a small corpus and on SST;
* the batched gradient passes a central-difference gradient check.
"""
import functools
import random

import numpy as np
import pytest

from w2vlib import gradcheck, neg_sampling_loss_and_gradient, skipgram, word2vec_sgd_wrapper
from w2vlib.data import SHARED_SST_DIR, find_sst_dir
from w2vlib.faithful import (Batch, FaithfulObjective, batch_loss_and_gradient, randbelow, raw_words,
                             skip_words)
from w2vlib.sgd import RowSparseGrad
from w2vlib.treebank import StanfordSentiment

from conftest import write_corpus

SST = find_sst_dir()                # None on a machine without the corpus
needs_sst = pytest.mark.reference_data((SST or SHARED_SST_DIR) / "datasetSentences.txt")   # a failure under CI


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
