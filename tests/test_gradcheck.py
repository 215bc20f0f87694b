"""gradcheck: central differences, a result object, the course's random-state discipline."""
import random

import numpy as np
import pytest

from w2vlib import GradcheckError, gradcheck


def quadratic(x):
    return float(np.sum(x ** 3)), 3 * x ** 2


def test_correct_gradient_passes(rng):
    result = gradcheck(quadratic, rng.normal(size=(3, 2)))
    assert result.passed and result.max_rel_error < 1e-7 and result.n_checked == 6   # h²·f'''/6 = 1e-8
    assert "passed" in str(result)


def test_wrong_gradient_fails_at_the_right_index():
    x = np.array([[1.0, 2.0], [3.0, 4.0]])

    def wrong(x):
        loss, grad = quadratic(x)
        grad = grad.copy()
        grad[1, 0] *= 1.01
        return loss, grad
    result = gradcheck(wrong, x)
    assert not result.passed and result.worst_index == (1, 0)
    assert result.analytic == pytest.approx(27 * 1.01) and result.numeric == pytest.approx(27, rel=1e-6)
    with pytest.raises(GradcheckError, match=r"FAILED.*\(1, 0\)"):
        gradcheck(wrong, x, raise_on_failure=True)


def test_all_zero_is_reported_as_vacuous_not_passed():
    result = gradcheck(lambda x: (0.0, np.zeros_like(x)), np.ones(4))
    assert result.vacuous and not result.passed and "VACUOUS" in str(result)
    with pytest.raises(GradcheckError):
        gradcheck(lambda x: (0.0, np.zeros_like(x)), np.ones(4), raise_on_failure=True)


def test_random_state_is_restored_before_every_evaluation():
    def noisy(x):     # a stochastic loss: passes only if every evaluation sees the same draw
        r = random.random()
        return float(r * np.sum(x ** 2)), 2 * r * x
    random.seed(3)
    assert gradcheck(noisy, np.array([0.5, -1.0, 2.0])).passed
    # afterwards the stream stands one evaluation past the start, like the course's checker
    random.seed(3)
    random.random()
    expected_next = random.random()
    random.seed(3)
    gradcheck(noisy, np.array([1.0]))
    assert random.random() == expected_next


def test_x_is_not_modified(rng):
    x = rng.normal(size=5)
    before = x.copy()
    gradcheck(quadratic, x)
    assert np.array_equal(x, before)


def test_bad_functions_get_clear_errors():
    with pytest.raises(ValueError, match="shape"):
        gradcheck(lambda x: (1.0, np.ones(3)), np.ones(2))
    with pytest.raises(TypeError, match=r"\(loss, gradient\) pair"):
        gradcheck(lambda x: 1.0, np.ones(2))
    with pytest.raises(ValueError, match="non-finite"):
        gradcheck(lambda x: (np.nan, x), np.ones(2))
    with pytest.raises(ValueError, match="non-finite"):
        gradcheck(quadratic, np.array([1.0, np.inf]))
