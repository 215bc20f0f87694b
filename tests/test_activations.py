"""Parts (e), (f): sigmoid, leaky ReLU and their derivatives; values, derivatives, overflow."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from w2vlib import leaky_relu, leaky_relu_grad, log_sigmoid, sigmoid, sigmoid_grad


def central_difference(f, x, h=1e-6):
    return (np.asarray(f(x + h)) - np.asarray(f(x - h))) / (2 * h)


def test_sigmoid_course_values():
    assert sigmoid(0) == 0.5
    assert np.allclose(sigmoid(np.array([0.0])), [0.5])
    assert np.allclose(sigmoid(np.array([1, 2, 3])), [0.73105858, 0.88079708, 0.95257413])


def test_scalar_in_scalar_out():
    assert isinstance(sigmoid(1.0), float) and isinstance(leaky_relu_grad(-2.0), float)


@pytest.mark.parametrize("f, fprime", [(sigmoid, sigmoid_grad),
                                       (lambda x: leaky_relu(x, 0.1), lambda x: leaky_relu_grad(x, 0.1)),
                                       (log_sigmoid, lambda x: sigmoid(-np.asarray(x)))])
def test_derivatives_match_central_differences(f, fprime):
    x = np.concatenate([np.linspace(-6, -0.01, 40), np.linspace(0.01, 6, 40)])   # away from 0
    numeric = central_difference(f, x)
    assert np.max(np.abs(numeric - fprime(x))) < 1e-8


def test_sigmoid_grad_is_sigma_times_one_minus_sigma():
    x = np.linspace(-10, 10, 101)
    s = sigmoid(x)
    assert np.allclose(sigmoid_grad(x), s * (1 - s), rtol=1e-12, atol=1e-15)


def test_sigmoid_grad_keeps_precision_in_the_tail():
    # 1 - sigma(40) rounds to 0 in float64; sigma(40)*sigma(-40) = e^-40 (to 1e-17 relative)
    assert sigmoid_grad(40.0) == pytest.approx(np.exp(-40.0), rel=1e-12)


def test_leaky_relu_value_and_kink():
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    assert np.array_equal(leaky_relu(x, 0.1), [-0.2, -0.05, 0.0, 0.5, 2.0])
    assert np.array_equal(leaky_relu_grad(x, 0.1), [0.1, 0.1, 0.1, 1.0, 1.0])   # alpha at exactly 0
    assert leaky_relu(-3.0, 0.0) == 0.0   # alpha = 0 is ReLU


@pytest.mark.parametrize("alpha", [-0.1, 1.0, 1.5, np.nan])
def test_leaky_relu_rejects_alpha_outside_unit_interval(alpha):
    with pytest.raises(ValueError, match="alpha"):
        leaky_relu(1.0, alpha)
    with pytest.raises(ValueError, match="alpha"):
        leaky_relu_grad(1.0, alpha)


@pytest.mark.parametrize("f", [sigmoid, sigmoid_grad, log_sigmoid, leaky_relu, leaky_relu_grad])
def test_nan_and_strings_are_refused(f):
    with pytest.raises(ValueError, match="NaN"):
        f(np.array([0.0, np.nan]))
    with pytest.raises(TypeError):
        f("3")


def test_no_overflow_up_to_1e4_and_beyond(strict_numerics):
    x = np.array([-1e300, -1e4, -745.0, -40.0, 0.0, 40.0, 745.0, 1e4, 1e300])
    s = sigmoid(x)
    assert np.all(np.isfinite(s)) and s[0] == 0.0 and s[-1] == 1.0
    assert np.all((s >= 0) & (s <= 1)) and np.all(np.diff(s) >= 0)
    ls = log_sigmoid(x)
    assert np.all(np.isfinite(ls[1:])) and ls[1] == pytest.approx(-1e4) and ls[-1] == 0.0
    assert np.all(np.isfinite(sigmoid_grad(x))) and sigmoid_grad(1e4) == 0.0
    assert log_sigmoid(-1e4) == -1e4


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=-700, max_value=700))
def test_sigmoid_symmetry(x):
    assert sigmoid(x) + sigmoid(-x) == pytest.approx(1.0, abs=1e-15)
    assert log_sigmoid(x) == pytest.approx(np.log(sigmoid(x)), rel=1e-9, abs=1e-12)
