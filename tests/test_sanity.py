"""The course's six published sanity cases, reproduced to 1e-8, in the harness's random order."""
import json
import subprocess
import sys

import numpy as np
import pytest

from w2vlib import naive_softmax_loss_and_gradient
from w2vlib.sanity import EXPECTED, dummy_objects, run_sanity


@pytest.fixture(scope="module")
def report():
    return run_sanity()


def test_dummy_vectors_match_the_course(report):
    _, vectors, _ = dummy_objects()
    assert np.allclose(vectors, EXPECTED["dummy_vectors"], atol=1e-15)


@pytest.mark.parametrize("i", range(6))
def test_published_case(report, i):
    case = report.cases[i]
    expected = (EXPECTED["naive"] + EXPECTED["negsamp"])[i]
    assert case.ok, str(case)
    assert abs(case.loss - expected["loss"]) < 1e-8
    assert case.max_abs_diff < 1e-8


def test_gradchecks_in_the_harness_pass(report):
    assert [g.passed for g in report.gradchecks] == [True, True]


def test_a_wrong_loss_is_caught_and_named():
    def off_by_a_bit(v, o, U, dataset=None):
        loss, g_c, g_U = naive_softmax_loss_and_gradient(v, o, U)
        return loss, g_c, g_U * 1.001
    bad = run_sanity(naive=off_by_a_bit)
    assert not bad.ok
    assert "dJ/dU" in str(bad.cases[0])
    assert all(c.ok for c in bad.cases[3:])     # negative sampling untouched


def test_random_order_matters():
    """Neg case 1 straight after seeding gives 15.4753..., not the published 16.1512..."""
    from w2vlib import neg_sampling_loss_and_gradient, skipgram
    dataset, vectors, word2ind = dummy_objects()
    loss, _, _ = skipgram("c", 1, ["a", "b"], word2ind, vectors[:5], vectors[5:], dataset,
                          neg_sampling_loss_and_gradient)
    assert loss == pytest.approx(15.4753, abs=5e-5)


def test_command_line_exit_codes():
    out = subprocess.run([sys.executable, "-m", "w2vlib.sanity"], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.count("[ok  ]") == 6 and "All 6 cases match" in out.stdout
