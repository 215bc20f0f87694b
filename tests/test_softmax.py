"""Parts (a)-(d): softmax, cross-entropy and the naive-softmax loss and gradients."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from w2vlib import cross_entropy, gradcheck, naive_softmax_loss_and_gradient, softmax


def test_softmax_values_1d_and_2d(rng):
    x = rng.normal(size=(4, 5))
    p = softmax(x)
    assert np.allclose(p.sum(axis=1), 1.0)
    assert np.allclose(p, np.exp(x) / np.exp(x).sum(axis=1, keepdims=True))
    assert np.allclose(softmax(x[0]), p[0])
    assert np.allclose(softmax(x, axis=0).sum(axis=0), 1.0)


def test_softmax_never_mutates_its_input(rng):
    x = rng.normal(size=(3, 4))
    before = x.copy()
    softmax(x)
    assert np.array_equal(x, before)


def test_softmax_is_shift_invariant_and_stable_up_to_1e4(strict_numerics):
    x = np.array([1e4, 1e4 - 1.0, -1e4])
    p = softmax(x)
    assert np.all(np.isfinite(p))
    assert np.allclose(p, softmax(x - 1e4))
    assert p[0] / p[1] == pytest.approx(np.e)


def test_softmax_rejects_non_finite():
    with pytest.raises(ValueError, match="non-finite"):
        softmax(np.array([0.0, np.inf]))
    with pytest.raises(ValueError):
        softmax(np.array(3.0))


def test_cross_entropy_with_one_hot_is_minus_log_y_hat_o(rng):
    y_hat = softmax(rng.normal(size=7))
    for o in range(7):
        assert cross_entropy(np.eye(7)[o], y_hat) == pytest.approx(-np.log(y_hat[o]))


def test_cross_entropy_checks_its_arguments():
    with pytest.raises(ValueError, match="shape"):
        cross_entropy(np.eye(3)[0], np.ones(4) / 4)
    with pytest.raises(ValueError, match="y_hat must be a probability"):
        cross_entropy(np.eye(3)[0], np.array([0.5, 0.5, 0.5]))
    # a zero probability on a word with y_w = 0 contributes nothing
    assert cross_entropy(np.array([1.0, 0.0]), np.array([1.0, 0.0])) == 0.0


def naive_reference(v_c, o, U):
    """Straight from the handout, with U as columns: no tricks."""
    y = np.zeros(U.shape[0]); y[o] = 1.0
    y_hat = np.exp(U @ v_c) / np.sum(np.exp(U @ v_c))
    return -np.log(y_hat[o]), U.T @ (y_hat - y), np.outer(y_hat - y, v_c)


def test_naive_softmax_matches_the_handout_formulas(rng):
    U, v_c = rng.normal(size=(6, 3)), rng.normal(size=3)
    got = naive_softmax_loss_and_gradient(v_c, 4, U)
    for a, b in zip(got, naive_reference(v_c, 4, U)):
        assert np.allclose(a, b, rtol=1e-12, atol=1e-14)


@settings(max_examples=25, deadline=None)
@given(V=st.integers(2, 12), d=st.integers(1, 5), seed=st.integers(0, 2**31), data=st.data())
def test_naive_softmax_gradients_pass_central_differences(V, d, seed, data):
    r = np.random.default_rng(seed)
    U, v_c = r.normal(size=(V, d)), r.normal(size=d)
    o = data.draw(st.integers(0, V - 1))

    def wrt_center(v):
        loss, grad_c, _ = naive_softmax_loss_and_gradient(v, o, U)
        return loss, grad_c

    def wrt_outside(M):
        loss, _, grad_U = naive_softmax_loss_and_gradient(v_c, o, M)
        return loss, grad_U

    assert gradcheck(wrt_center, v_c).passed
    assert gradcheck(wrt_outside, U).passed


def test_outside_gradient_rows_sum_to_zero(rng):
    U, v_c = rng.normal(size=(5, 2)), rng.normal(size=2)
    _, _, grad_U = naive_softmax_loss_and_gradient(v_c, 1, U)
    assert np.allclose(grad_U.sum(axis=0), 0.0, atol=1e-14)   # (sum y_hat - 1) v_c = 0


def test_naive_softmax_large_scores_no_overflow(strict_numerics):
    U = np.array([[100.0, 0.0], [-100.0, 0.0], [0.0, 100.0]])
    v_c = np.array([100.0, 0.0])                               # scores +1e4, -1e4, 0
    loss, g_c, g_U = naive_softmax_loss_and_gradient(v_c, 1, U)
    assert loss == pytest.approx(2e4)                          # -log y_hat_1 = 1e4 - (-1e4)
    assert np.all(np.isfinite(g_c)) and np.all(np.isfinite(g_U))
    assert naive_softmax_loss_and_gradient(v_c, 0, U)[0] == pytest.approx(0.0, abs=1e-300)


@pytest.mark.parametrize("gap", [37.0, 40.0, 100.0, 700.0])
def test_dominant_true_word_keeps_loss_and_gradient_sign(gap):
    """When y_hat_o rounds to 1, "y_hat_o - 1" cancels; the loss must still be e^-gap, not 0."""
    U = np.array([[1.0], [0.6]])
    v_c = np.array([gap / 0.4])                        # score gap u_0.v - u_1.v = gap
    loss, g_c, g_U = naive_softmax_loss_and_gradient(v_c, 0, U)
    y1 = np.exp(-gap)                                  # y_hat_1 ≈ e^-gap
    assert loss == pytest.approx(y1, rel=1e-12)
    assert g_c[0] == pytest.approx(-0.4 * y1, rel=1e-9) and g_c[0] < 0
    assert g_U.sum() == pytest.approx(0.0, abs=1e-300)


@pytest.mark.parametrize("args, exc, match", [
    ((np.ones(3), 0, np.ones((4, 2))), ValueError, "d-dimensional"),
    ((np.ones((3, 1)), 0, np.ones((4, 3))), ValueError, "center_word_vec must be 1-D"),
    ((np.ones(3), 0, np.ones(3)), ValueError, "outside_vectors must be 2-D"),
    ((np.ones(3), 4, np.ones((4, 3))), ValueError, "out of range"),
    ((np.ones(3), -1, np.ones((4, 3))), ValueError, "out of range"),
    ((np.ones(3), 1.0, np.ones((4, 3))), TypeError, "integer"),
    ((np.ones(3), True, np.ones((4, 3))), TypeError, "integer"),
    ((np.array([1.0, np.nan, 0.0]), 0, np.ones((4, 3))), ValueError, "center_word_vec holds a non-finite"),
    ((np.ones(3), 0, np.full((4, 3), np.inf)), ValueError, "outside_vectors holds a non-finite"),
    (("abc", 0, np.ones((4, 3))), TypeError, "center_word_vec"),
])
def test_naive_softmax_bad_input(args, exc, match):
    with pytest.raises(exc, match=match):
        naive_softmax_loss_and_gradient(*args)
