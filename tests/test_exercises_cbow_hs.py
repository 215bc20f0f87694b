"""w2vlib.exercises_cbow_hs: the checks pass the reference, say 'not attempted' for stubs, catch the slips."""
import numpy as np

import w2vlib
from w2vlib.exercises_cbow_hs import check_cbow, check_hierarchical_softmax


def stub(*args, **kwargs):
    raise NotImplementedError("Hint: ...")


def my_hierarchical_softmax(v, o, U, tree):
    path, code = tree.paths[o], tree.codes[o]
    rows = U[path]
    scores = rows @ v
    coeff = w2vlib.sigmoid(scores) - (1 - code)
    grad = np.zeros(U.shape)
    grad[path] = np.outer(coeff, v)
    return float(np.sum(np.logaddexp(0.0, -(1 - 2 * code) * scores))), coeff @ rows, grad


def test_correct_implementations_pass():
    for check, fn in ((check_cbow, _cbow_variant()), (check_hierarchical_softmax, my_hierarchical_softmax)):
        report = check(fn)
        assert report.passed and report.n_checks >= 7 and "passed" in str(report), str(report)


def test_stubs_are_not_attempted_yet():
    for check in (check_cbow, check_hierarchical_softmax):
        report = check(stub)
        assert not report.passed and "not attempted yet" in str(report)


def _cbow_variant(fancy_index=False, ignore_average=False):
    def my_cbow(center, m, context, word2ind, cv, ov, dataset, loss_fn, average=True):
        idx = np.array([word2ind[w] for w in context])
        scale = 1.0 if (ignore_average or not average) else 1.0 / len(idx)
        v_hat = scale * cv[idx].sum(axis=0)
        loss, g_hat, g_out = loss_fn(v_hat, word2ind[center], ov, dataset)
        grad = np.zeros_like(cv)
        if fancy_index:
            grad[idx] += scale * g_hat
        else:
            np.add.at(grad, idx, scale * g_hat)
        return loss, grad, g_out
    return my_cbow


def test_cbow_checks_catch_a_repeated_row_counted_once():
    report = check_cbow(_cbow_variant(fancy_index=True))
    assert len(report.problems) == 1 and "np.add.at" in str(report) and "twice" in str(report)


def test_cbow_checks_catch_a_sum_where_the_mean_is_asked():
    report = check_cbow(_cbow_variant(ignore_average=True))
    assert not report.passed and "averaged" in str(report) and "summed" not in str(report)


def test_hs_checks_catch_an_overflowing_log_sigmoid_and_a_sign_slip():
    def textbook(v, o, U, tree):
        rows, sign = U[tree.paths[o]], tree.signs[o]
        z = sign * (rows @ v)
        s = 1 / (1 + np.exp(-z))
        coeff = -sign * (1 - s)
        grad = np.zeros(U.shape)
        grad[tree.paths[o]] = np.outer(coeff, v)
        return -np.sum(np.log(s)), coeff @ rows, grad
    report = check_hierarchical_softmax(textbook)
    assert len(report.problems) == 1 and "large scores" in str(report) and "log(0)" in str(report)

    def sign_slip(v, o, U, tree):
        loss, g, gU = w2vlib.hierarchical_softmax_loss_and_gradient(v, o, U, tree)
        return loss, -g, gU
    report = check_hierarchical_softmax(sign_slip)
    assert not report.passed and "grad_center_vec differs" in str(report)
    assert "leaves its arguments unchanged: modified" not in str(report)          # a tree compares by value


def test_calling_the_library_is_not_an_answer():
    def delegates(v, o, U, tree):
        return w2vlib.hierarchical_softmax_loss_and_gradient(v, o, U, tree)
    report = check_hierarchical_softmax(delegates)
    assert len(report.problems) == 1 and "does its own computation" in str(report)
    report = check_cbow(lambda *args: w2vlib.cbow(*args))
    assert len(report.problems) == 1 and "calls w2vlib.cbow" in str(report)


def test_hs_checks_catch_a_gradient_shaped_like_the_tree_not_the_input():
    def fixed_shape(v, o, U, tree):
        loss, g, gU = w2vlib.hierarchical_softmax_loss_and_gradient(v, o, U[:tree.n_inner], tree)
        return loss, g, gU
    report = check_hierarchical_softmax(fixed_shape)
    assert "has shape (11, 2), expected (12, 2)" in str(report) and "(V, d) matrix" in str(report)
