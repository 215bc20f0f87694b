"""w2vlib.exercises: the self-checks pass correct answers and reject whole classes of wrong ones."""
import types

import numpy as np
import pytest

import w2vlib
from w2vlib import evaluate, exercises, plot


def own_copy(f):
    """The library function as a new function object: the lecturer's answer, not a delegation."""
    return types.FunctionType(f.__code__, f.__globals__, f.__name__, f.__defaults__, f.__closure__)


_pca, _analogy, _neighbours = (own_copy(f) for f in (plot.pca_coordinates, evaluate.analogy_rank,
                                                     evaluate.nearest_neighbours))
REFERENCE = {
    "check_softmax": w2vlib.softmax, "check_cross_entropy": w2vlib.cross_entropy,
    "check_naive_softmax": w2vlib.naive_softmax_loss_and_gradient, "check_sigmoid": w2vlib.sigmoid,
    "check_sigmoid_grad": w2vlib.sigmoid_grad, "check_leaky_relu_grad": w2vlib.leaky_relu_grad,
    "check_neg_sampling": w2vlib.neg_sampling_loss_and_gradient, "check_skipgram": w2vlib.skipgram,
    "check_pca_coordinates": lambda v: _pca(v, {str(i): i for i in range(len(v))}, [str(i) for i in range(len(v))]),
    "check_analogy_rank": lambda wv, a, b, c, t: _analogy(wv, a, b, c, t).rank,
    "check_neighbours": lambda wv, w, n: _neighbours(wv, w, n),
}
CHECKS = sorted(REFERENCE)


def test_every_check_is_covered():
    assert sorted(n for n in dir(exercises) if n.startswith("check_")) == CHECKS


@pytest.mark.parametrize("name", CHECKS)
def test_reference_passes(name):
    fn = REFERENCE[name]
    fn = own_copy(fn) if fn.__module__.startswith("w2vlib") else fn
    report = getattr(exercises, name)(fn)
    assert report.passed, str(report)
    assert str(report) == f"{name}: all {report.n_checks} checks passed"


@pytest.mark.parametrize("name", CHECKS)
def test_stub_is_not_attempted_yet(name):
    def my_answer(*args, **kwargs):
        raise NotImplementedError("Hint: start here.")
    report = getattr(exercises, name)(my_answer)
    assert not report.attempted and not report.passed
    assert str(report).startswith(f"{name}: not attempted yet (my_answer raises NotImplementedError: Hint: start here.)")


def test_uncentred_pca_is_rejected_and_named():
    def uncentred(v):
        return v @ np.linalg.svd(v, full_matrices=False)[2][:2].T
    report = exercises.check_pca_coordinates(uncentred)
    assert not report.passed and "without centring" in str(report)


def test_a_check_never_raises_and_counts_the_same():
    def crashes(*args):
        raise RuntimeError("boom")
    for name in CHECKS:
        report = getattr(exercises, name)(crashes)
        assert report.n_checks == getattr(exercises, name)(REFERENCE[name] if name.endswith(
            ("coordinates", "rank", "neighbours")) else own_copy(REFERENCE[name])).n_checks
        assert "raised RuntimeError: boom" in str(report) and f"of {report.n_checks} checks failed" in str(report)
