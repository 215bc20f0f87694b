"""w2vlib.pmi: co-occurrence counts, shifted PMI, and the expected SGNS objective."""
import types

import numpy as np
import pytest

from w2vlib import gradcheck
from w2vlib.pmi import cooccurrence_counts, expected_sgns_loss_and_gradient, fit_expected_sgns, shifted_pmi

W2I = {"a": 0, "b": 1, "c": 2, "d": 3}


def test_counts_by_hand():
    counts = cooccurrence_counts([["a", "b", "c"], ["b", "a", "x", "a"]], W2I, window=1)
    expected = np.zeros((4, 4))
    for c, w in [("a", "b"), ("b", "c"), ("b", "a"), ("a", "a")]:   # "x" is dropped: a, a become adjacent
        expected[W2I[c], W2I[w]] += 1
        expected[W2I[w], W2I[c]] += 1
    np.testing.assert_array_equal(counts, expected)


def test_dynamic_window_weights_distance():
    counts = cooccurrence_counts([["a", "b", "c"]], W2I, window=2, dynamic_window=True)
    assert counts[0, 1] == 1.0 and counts[0, 2] == 0.5 and counts[2, 0] == 0.5
    fixed = cooccurrence_counts([["a", "b", "c"]], W2I, window=2)
    assert fixed[0, 2] == 1.0


def _random_counts(V=6, seed=0):
    rng = np.random.default_rng(seed)
    c = rng.integers(0, 8, size=(V, V)).astype(float)
    return c + c.T


def test_shifted_pmi_is_pmi_minus_log_k():
    c = _random_counts()
    D = c.sum()
    with np.errstate(divide="ignore"):
        pmi = np.log(c * D / np.outer(c.sum(1), c.sum(0)))
    x = shifted_pmi(c, K=5)
    seen = c > 0
    np.testing.assert_allclose(x[seen], pmi[seen] - np.log(5))
    assert np.all(np.isneginf(x[~seen]))


def test_shifted_pmi_minimises_each_cell():
    """At x*, the derivative of every observed cell's loss is zero; a wrong shift breaks it."""
    c = _random_counts(seed=1)
    K = 3
    x = shifted_pmi(c, K=K)
    D = c.sum()
    p_n = c.sum(0) / D
    pos, neg = c / D, K * (c.sum(1, keepdims=True) / D) * p_n
    seen = c > 0
    slope = -pos * (1 / (1 + np.exp(np.where(seen, x, 0)))) + neg / (1 + np.exp(-np.where(seen, x, 0)))
    np.testing.assert_allclose(slope[seen], 0, atol=1e-15)
    wrong = x + np.log(K)                       # plain PMI: not the optimum for K > 1
    slope_wrong = -pos / (1 + np.exp(np.where(seen, wrong, 0))) + neg / (1 + np.exp(-np.where(seen, wrong, 0)))
    assert np.abs(slope_wrong[seen]).max() > 1e-3


@pytest.mark.parametrize("which", [0, 1])
def test_expected_loss_gradcheck(which):
    c = _random_counts(V=5, seed=2)
    rng = np.random.default_rng(3)
    params = [rng.normal(size=(5, 3)), rng.normal(size=(5, 3))]

    def f(x):
        p = list(params)
        p[which] = x
        loss, g_v, g_u = expected_sgns_loss_and_gradient(p[0], p[1], c, K=2)
        return loss, (g_v, g_u)[which]

    result = gradcheck(f, params[which].copy())
    assert result.max_rel_error < 1e-6


def test_expected_loss_is_smallest_at_shifted_pmi_with_full_rank():
    """With d = V the scores can equal x* on every observed cell: that point beats nearby ones."""
    c = _random_counts(V=4, seed=4) + 1.0           # every cell observed
    x = shifted_pmi(c, K=2)
    v, u = np.eye(4), x.T.copy()                     # v_c · u_w = x[c, w]
    best, _, _ = expected_sgns_loss_and_gradient(v, u, c, K=2)
    rng = np.random.default_rng(5)
    for _ in range(5):
        other, _, _ = expected_sgns_loss_and_gradient(v, u + 0.1 * rng.normal(size=u.shape), c, K=2)
        assert other > best


def test_bad_input():
    with pytest.raises(ValueError, match="counts"):
        shifted_pmi(np.ones((2, 3)))
    with pytest.raises(ValueError, match="counts"):
        shifted_pmi(-np.ones((2, 2)))
    with pytest.raises(TypeError, match="K"):
        shifted_pmi(np.ones((2, 2)), K=1.5)
    with pytest.raises(ValueError, match="noise"):
        shifted_pmi(np.ones((2, 2)), noise=[0.2, 0.2])
    with pytest.raises(ValueError, match="center_word_vectors"):
        expected_sgns_loss_and_gradient(np.ones((3, 2)), np.ones((3, 3)), np.ones((3, 3)))
    with pytest.raises(TypeError, match="word2ind"):
        cooccurrence_counts([["a"]], ["a"], 1)
    with pytest.raises(ValueError, match="window"):
        cooccurrence_counts([["a"]], W2I, 0)


def test_fit_reaches_shifted_pmi_with_enough_dimensions_and_not_with_few():
    c = _random_counts(V=6, seed=6)
    x = shifted_pmi(c, K=2)
    seen = c > 0
    _, v, u = fit_expected_sgns(c, d=6, K=2, iterations=3000, lr=0.05)
    np.testing.assert_allclose((v @ u.T)[seen], x[seen], atol=1e-3)
    _, v1, u1 = fit_expected_sgns(c, d=1, K=2, iterations=3000, lr=0.05)
    assert np.abs((v1 @ u1.T)[seen] - x[seen]).max() > 0.1


def test_fit_with_skip_positive_reaches_its_own_optimum_not_the_plain_one():
    c = _random_counts(V=5, seed=7) + 1.0          # every cell seen, #(c, w) < #(c): finite optima
    x_skip, x_plain = shifted_pmi(c, K=2, skip_positive=True), shifted_pmi(c, K=2)
    _, v, u = fit_expected_sgns(c, d=5, K=2, iterations=3000, lr=0.05, skip_positive=True)
    np.testing.assert_allclose(v @ u.T, x_skip, atol=1e-3)
    assert np.abs(v @ u.T - x_plain).max() > 0.1



def test_skip_positive_optimum_is_a_stationary_point_of_its_own_loss():
    """Skipping a negative equal to the pair's outside word: the noise weight is K (#(c) − #(c,w)) P_n(w)."""
    c = _random_counts(V=5, seed=7) + 1.0
    K = 4
    x_skip = shifted_pmi(c, K=K, skip_positive=True)
    x_plain = shifted_pmi(c, K=K)
    row = c.sum(1, keepdims=True)
    np.testing.assert_allclose(x_skip - x_plain, np.log(row / (row - c)))   # above the plain optimum
    v, u = np.eye(5), x_skip.T.copy()                                        # v_c · u_w = x_skip[c, w]
    _, g_v, g_u = expected_sgns_loss_and_gradient(v, u, c, K=K, skip_positive=True)
    np.testing.assert_allclose(g_u, 0, atol=1e-15)
    _, _, g_u_plain = expected_sgns_loss_and_gradient(v, u, c, K=K)         # not stationary without the skip
    assert np.abs(g_u_plain).max() > 1e-3


def test_skip_positive_gradcheck_and_a_cell_never_pushed():
    c = _random_counts(V=4, seed=8)
    c[0] = 0.0
    c[:, 0] = 0.0
    c[0, 1] = c[1, 0] = 3.0                 # centre 0 only ever sees word 1: no negative lands on that cell
    assert np.isposinf(shifted_pmi(c, K=2, skip_positive=True)[0, 1])
    rng = np.random.default_rng(9)
    u = rng.normal(size=(4, 2))

    def f(v):
        loss, g_v, _ = expected_sgns_loss_and_gradient(v, u, c, K=2, skip_positive=True)
        return loss, g_v

    assert gradcheck(f, rng.normal(size=(4, 2))).max_rel_error < 1e-6
    with pytest.raises(TypeError, match="skip_positive"):
        shifted_pmi(c, skip_positive="yes")
