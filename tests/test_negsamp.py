"""Parts (g), (h): negative sampling, the lambda vector, and duplicate negatives."""
import random

import numpy as np
import pytest
from conftest import ListSampler, RandomSampler
from hypothesis import given, settings, strategies as st

from w2vlib import ReplayDataset, get_negative_samples, gradcheck, neg_sampling_loss_and_gradient, sigmoid


def per_sample_reference(v_c, o, U, negatives):
    """The handout's per-sample formulas of part (g)(i), summed over the drawn negatives."""
    loss = -np.log(sigmoid(U[o] @ v_c))
    g_c = (sigmoid(U[o] @ v_c) - 1) * U[o]
    g_U = np.zeros_like(U)
    g_U[o] = (sigmoid(U[o] @ v_c) - 1) * v_c
    for k in negatives:
        loss -= np.log(sigmoid(-U[k] @ v_c))
        g_c += sigmoid(U[k] @ v_c) * U[k]
        g_U[k] += sigmoid(U[k] @ v_c) * v_c
    return loss, g_c, g_U


def test_get_negative_samples_redraws_the_outside_word_and_keeps_duplicates():
    sampler = ListSampler([2, 5, 2, 2, 7, 5])
    assert get_negative_samples(2, sampler, 3) == [5, 7, 5]
    assert sampler.calls == 6


def test_replay_dataset_fixes_the_draws_and_refuses_to_run_out():
    replay = ReplayDataset([4, 1, 4])
    assert get_negative_samples(1, replay, 2) == [4, 4] and replay.calls == 3
    with pytest.raises(ValueError, match="ran out"):
        replay.sample_token_idx()


def test_get_negative_samples_consumes_python_random_like_the_course():
    random.seed(7)
    ours = get_negative_samples(1, RandomSampler(5), 10)
    random.seed(7)
    expected = []
    while len(expected) < 10:
        idx = random.randint(0, 4)
        while idx == 1:
            idx = random.randint(0, 4)
        expected.append(idx)
    assert ours == expected


def test_vectorised_equals_per_sample_formulas(rng):
    U, v_c = rng.normal(size=(9, 4)), rng.normal(size=4)
    draws = [3, 6, 0, 3, 8]
    got = neg_sampling_loss_and_gradient(v_c, 2, U, ListSampler(draws), K=5)
    for a, b in zip(got, per_sample_reference(v_c, 2, U, draws)):
        assert np.allclose(a, b, rtol=1e-12, atol=1e-14)


def test_duplicate_negative_counts_twice(rng):
    U, v_c = rng.normal(size=(6, 3)), rng.normal(size=3)
    _, _, once = neg_sampling_loss_and_gradient(v_c, 0, U, ListSampler([4]), K=1)
    _, _, twice = neg_sampling_loss_and_gradient(v_c, 0, U, ListSampler([4, 4]), K=2)
    assert np.allclose(twice[4], 2 * once[4])
    assert np.allclose(twice[0], once[0])
    # The classic bug: fancy-index "+=" with a repeated index adds only once.
    buggy = np.zeros_like(U)
    buggy[[4, 4]] += np.outer([once[4][0] / v_c[0]] * 2, v_c)
    assert np.allclose(buggy[4], once[4]) and not np.allclose(buggy[4], twice[4])


@settings(max_examples=25, deadline=None)
@given(V=st.integers(2, 10), d=st.integers(1, 4), K=st.integers(1, 12), seed=st.integers(0, 2**31))
def test_gradients_pass_central_differences(V, d, K, seed):
    r = np.random.default_rng(seed)
    U, v_c = r.normal(size=(V, d)), r.normal(size=d)
    random.seed(seed)
    dataset = RandomSampler(V)

    def wrt_center(v):
        loss, grad_c, _ = neg_sampling_loss_and_gradient(v, 0, U, dataset, K)
        return loss, grad_c

    def wrt_outside(M):
        loss, _, grad_U = neg_sampling_loss_and_gradient(v_c, 0, M, dataset, K)
        return loss, grad_U

    assert gradcheck(wrt_center, v_c).passed
    assert gradcheck(wrt_outside, U).passed


def test_only_sampled_rows_are_touched(rng):
    U, v_c = rng.normal(size=(50, 3)), rng.normal(size=3)
    U[10] = np.nan          # never sampled, so never read
    _, _, g_U = neg_sampling_loss_and_gradient(v_c, 1, U, ListSampler([3, 7]), K=2)
    assert set(np.flatnonzero(np.any(g_U != 0, axis=1))) == {1, 3, 7}


def test_large_scores_no_overflow(strict_numerics):
    U = np.array([[100.0, 0.0], [-100.0, 0.0], [100.0, 0.0]])
    v_c = np.array([-100.0, 0.0])                  # u_o.v = -1e4: a terrible positive
    loss, g_c, g_U = neg_sampling_loss_and_gradient(v_c, 0, U, ListSampler([2, 1]), K=2)
    assert np.isfinite(loss) and loss == pytest.approx(2e4)   # bad positive + bad negative (row 1)
    assert np.all(np.isfinite(g_c)) and np.all(np.isfinite(g_U))


class NotADataset:
    pass


@pytest.mark.parametrize("kwargs, exc, match", [
    (dict(K=0), ValueError, "K must be at least 1"),
    (dict(K=2.5), TypeError, "K must be an integer"),
    (dict(dataset=NotADataset()), TypeError, "sample_token_idx"),
    (dict(dataset=ListSampler([9])), ValueError, r"dataset.sample_token_idx\(\)=9 is out of range"),
    (dict(dataset=ListSampler([0])), ValueError, "returned the outside word 0"),
    (dict(outside_word_idx=5), ValueError, "outside_word_idx=5 is out of range"),
    (dict(outside_vectors=np.ones((1, 3))), ValueError, "at least 2 rows"),
    (dict(outside_vectors=np.array([[1.0, 1, 1], [np.nan, 0, 0], [0, 0, 0]])), ValueError, "non-finite"),
    (dict(center_word_vec=np.ones(2)), ValueError, "d-dimensional"),
])
def test_bad_input(kwargs, exc, match):
    args = dict(center_word_vec=np.ones(3), outside_word_idx=0, outside_vectors=np.ones((3, 3)),
                dataset=ListSampler([1, 2]), K=2)
    args.update(kwargs)
    with pytest.raises(exc, match=match):
        neg_sampling_loss_and_gradient(**args)


@pytest.mark.parametrize("o", [-5, 12, 10 ** 9])
def test_get_negative_samples_refuses_an_outside_word_outside_the_datasets_vocabulary(o):
    # the toy dataset knows its V = 12 through tokens(), as the course's StanfordSentiment does
    from w2vlib.toy import ToyDataset

    with pytest.raises(ValueError, match="outside_word_idx"):
        get_negative_samples(o, ToyDataset(0), 3)
    assert len(get_negative_samples(11, ToyDataset(0), 3)) == 3
