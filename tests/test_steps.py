"""Tests for w2vlib.steps, the fast trainer's readable numpy steps (the general step against
every model's gradient and the compiled kernel: test_train_modes.py)."""
import numpy as np
import pytest

from w2vlib.negsamp import neg_sampling_loss_and_gradient
from w2vlib.steps import sgns_step


# ----- the step against the course's verified loss --------------------------------------------
class _Forced:
    """A dataset whose sample_token_idx returns a fixed list of indices, in order."""

    def __init__(self, draws):
        self.draws = list(draws)

    def sample_token_idx(self):
        return self.draws.pop(0)


def _step_vs_course(c, o, neg, V=7, d=4, lr=0.3, seed=0):
    rng = np.random.default_rng(seed)
    P = rng.normal(scale=0.5, size=(2 * V, d))
    expected_loss, expected_grad = 0.0, np.zeros_like(P)
    for ci, oi, ng in zip(np.ravel(c), np.ravel(o), np.repeat(neg, np.shape(c)[1], axis=0)):
        ng = [k for k in ng if k != oi]          # ours skips a negative equal to o
        if not ng:
            continue
        loss, g_c, g_out = neg_sampling_loss_and_gradient(P[ci], int(oi), P[V:], _Forced(ng), K=len(ng))
        expected_loss += loss
        expected_grad[ci] += g_c
        expected_grad[V:] += g_out
    P_after = P.copy()
    loss = sgns_step(P_after, V, np.asarray(c), np.asarray(o), np.asarray(neg), lr)
    return loss, (P - P_after) / lr, expected_loss, expected_grad


@pytest.mark.parametrize("c, o, neg", [
    ([[0]], [[1]], [[2, 3, 3, 6]]),                                   # one pair, a duplicate negative
    ([[0, 2, 0]], [[1, 1, 5]], [[3, 4, 6]]),                          # a group of 3 sharing negatives
    ([[0, 1], [2, 2]], [[4, 6], [6, 3]], [[5, 5, 1], [0, 1, 4]]),     # two groups, repeated rows
    ([[0, 1]], [[3, 2]], [[3, 5, 6]]),                                # negative 3 == o of pair 0: skipped
])
def test_step_matches_the_courses_neg_sampling_gradient(c, o, neg):
    loss, grad, expected_loss, expected_grad = _step_vs_course(c, o, neg)
    assert loss == pytest.approx(expected_loss, rel=1e-12)
    np.testing.assert_allclose(grad, expected_grad, rtol=1e-10, atol=1e-12)
