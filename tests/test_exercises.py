"""w2vlib.exercises: the exercise self-checks pass the reference and catch the classic mistakes."""
import numpy as np
import pytest

import w2vlib
from w2vlib import exercises
from w2vlib.negsamp import get_negative_samples


@pytest.mark.parametrize("check, fn", [
    (exercises.check_softmax, w2vlib.softmax), (exercises.check_cross_entropy, w2vlib.cross_entropy),
    (exercises.check_naive_softmax, w2vlib.naive_softmax_loss_and_gradient),
    (exercises.check_sigmoid, w2vlib.sigmoid), (exercises.check_sigmoid_grad, w2vlib.sigmoid_grad),
    (exercises.check_leaky_relu_grad, w2vlib.leaky_relu_grad),
    (exercises.check_neg_sampling, w2vlib.neg_sampling_loss_and_gradient), (exercises.check_skipgram, w2vlib.skipgram),
])
def test_reference_functions_pass(check, fn):
    report = check(fn)
    assert report.passed and report.n_checks > 0 and "passed" in str(report)


def test_softmax_without_max_shift_and_in_place():
    def mutating(x):
        x -= x.max(axis=-1, keepdims=True)
        return np.exp(x) / np.exp(x).sum(axis=-1, keepdims=True)

    def unshifted(x):
        with np.errstate(over="ignore", invalid="ignore"):
            return np.exp(x) / np.exp(x).sum(axis=-1, keepdims=True)
    assert "modified in place" in str(exercises.check_softmax(mutating))
    report = exercises.check_softmax(unshifted)
    assert not report.passed and "large scores" in str(report) and "NaN or inf" in str(report)


def test_naive_softmax_transposed_gradient_is_a_shape_problem():
    def transposed(v, o, U, dataset=None):
        loss, g_c, g_U = w2vlib.naive_softmax_loss_and_gradient(v, o, U)
        return loss, g_c, g_U.T
    assert "grad_outside_vecs has shape" in str(exercises.check_naive_softmax(transposed))


def test_duplicate_negatives_counted_once_get_the_np_add_at_hint():
    def fancy_index(v, o, U, dataset, K=10):
        idx = [o] + get_negative_samples(o, dataset, K)
        signs = np.r_[1.0, -np.ones(K)]
        coeff = -signs * w2vlib.sigmoid(-signs * (U[idx] @ v))
        grad = np.zeros_like(U)
        grad[idx] += np.outer(coeff, v)
        return -np.sum(w2vlib.log_sigmoid(signs * (U[idx] @ v))), coeff @ U[idx], grad
    report = exercises.check_neg_sampling(fancy_index)
    assert len(report.problems) == 2 and "np.add.at" in str(report)


def test_textbook_cross_entropy_fails_on_zero_probabilities():
    report = exercises.check_cross_entropy(lambda y, y_hat: -np.sum(y * np.log(y_hat)))
    assert len(report.problems) == 1 and "0·log 0" in str(report) and "NaN" in str(report)


def test_overflowing_sigmoid_and_imprecise_tails_are_caught():
    def naive_sigmoid(x):
        return 1 / (1 + np.exp(-np.asarray(x, dtype=float)))
    report = exercises.check_sigmoid(naive_sigmoid)
    assert not report.passed and "overflow" in str(report)
    imprecise = exercises.check_sigmoid_grad(lambda x: w2vlib.sigmoid(x) * (1 - w2vlib.sigmoid(x)))
    assert not imprecise.passed and "tails" in str(imprecise)


def test_crash_and_wrong_return_are_reported_not_raised():
    def crashes(x):
        raise RuntimeError("boom")
    assert "raised RuntimeError: boom" in str(exercises.check_sigmoid(crashes))
    assert "expected a tuple of 3" in str(exercises.check_naive_softmax(lambda v, o, U, d: 1.0))


def test_leaky_relu_grad_at_zero_must_be_a_subgradient():
    report = exercises.check_leaky_relu_grad(lambda x, alpha=0.01: np.where(np.asarray(x) >= 0, 2.0, alpha))
    assert "x = 0: returned 2" in str(report)
