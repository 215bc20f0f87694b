"""The course's sanity harness: reproduce the published expected values of Assignment 2.

``python -m w2vlib.sanity`` runs, in the harness's exact order (the order matters: negative
sampling draws from Python's ``random``, whose position depends on everything run before):

1. the dummy objects (``random.seed(31415)``, ``np.random.seed(9265)``, ten unit 3-D vectors);
2. a gradient check of the SGD wrapper with the naive-softmax loss;
3. three skip-gram cases with the naive softmax (published losses 11.166…, 9.877…, 10.810…);
4. a gradient check of the wrapper with negative sampling;
5. three skip-gram cases with negative sampling, K = 10 (16.151…, 28.653…, 60.648…).

It compares loss, ∂J/∂V and ∂J/∂U of all six cases to the published values and exits
non-zero, naming the value, on any mismatch.
"""
from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ._validate import Function, Real, checked
from .gradcheck import gradcheck
from .negsamp import neg_sampling_loss_and_gradient
from .skipgram import skipgram, word2vec_sgd_wrapper
from .softmax import naive_softmax_loss_and_gradient

__all__ = ["EXPECTED", "TOKENS", "DummyDataset", "dummy_objects", "CaseResult", "SanityReport", "run_sanity",
           "main"]

EXPECTED = json.loads((Path(__file__).with_name("sanity_expected.json")).read_text())
TOKENS = ["a", "b", "c", "d", "e"]


class DummyDataset:
    """The harness's dummy dataset: every draw is ``random.randint(0, 4)``."""

    def sample_token_idx(self) -> int:
        """A word index, ``random.randint(0, 4)``."""
        return random.randint(0, 4)

    def get_random_context(self, C: int) -> tuple[str, list[str]]:
        """(centre word, 2C context words), each ``TOKENS[random.randint(0, 4)]``."""
        center = TOKENS[random.randint(0, 4)]
        return center, [TOKENS[random.randint(0, 4)] for _ in range(2 * C)]


def dummy_objects() -> tuple[DummyDataset, np.ndarray, dict[str, int]]:
    """Seed both generators as the harness does and build its objects.

    Returns
    -------
    dataset : DummyDataset
        Draws through Python's ``random``.
    vectors : numpy.ndarray, shape (10, 3)
        Unit rows: centre vectors v_c (rows 0..4), then outside vectors u_w (rows 5..9).
    word2ind : dict of str to int
        ``{"a": 0, ..., "e": 4}``.
    """
    random.seed(31415)
    np.random.seed(9265)
    vectors = np.random.randn(10, 3)
    vectors /= np.sqrt(np.sum(vectors ** 2, axis=1, keepdims=True)) + 1e-30
    return DummyDataset(), vectors, {w: i for i, w in enumerate(TOKENS)}


@dataclass
class CaseResult:
    """One published case: what we computed, what was published, and the worst difference."""
    loss_name: str
    center: str
    window_size: int
    outside: list
    loss: float
    expected_loss: float
    max_abs_diff: float
    mismatches: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when loss, ∂J/∂V and ∂J/∂U all match the published values."""
        return not self.mismatches

    def __str__(self):
        mark = "ok  " if self.ok else "FAIL"
        # Below 1e-12 the difference is floating-point rounding, which varies between machines.
        diff = "< 1e-12" if self.max_abs_diff < 1e-12 else f"{self.max_abs_diff:.1e}"
        text = (f"[{mark}] {self.loss_name:<8} centre {self.center!r}, window {self.window_size}, "
                f"outside {self.outside}: loss {self.loss:.12f} (published {self.expected_loss:.12f}); "
                f"max |difference| over loss and gradients {diff}")
        return text + "".join(f"\n       {m}" for m in self.mismatches)


def _compare(loss_name, case, got, atol):
    loss, g_center, g_outside = got
    parts = [("loss", np.array(loss), np.array(case["loss"])),
             ("dJ/dV (grad_center_vecs)", g_center, np.array(case["gradCenterVecs"])),
             ("dJ/dU (grad_outside_vectors)", g_outside, np.array(case["gradOutsideVectors"]))]
    mismatches, worst = [], 0.0
    for name, value, expected in parts:
        diff = np.abs(value - expected)
        worst = max(worst, float(diff.max()))
        if diff.max() > atol:
            ix = np.unravel_index(int(np.argmax(diff)), diff.shape) if diff.ndim else ()
            mismatches.append(f"{name} differs at {tuple(int(i) for i in ix)}: got "
                              f"{float(value[ix]):.10g}, published {float(expected[ix]):.10g}")
    return CaseResult(loss_name, case["center"], case["windowSize"], case["outside"], float(loss),
                      case["loss"], worst, mismatches)


@dataclass
class SanityReport:
    """The two gradient checks and the six published cases, in the order they ran."""
    gradchecks: list
    cases: list

    @property
    def ok(self) -> bool:
        """True when both gradient checks passed and all six cases match."""
        return all(g.passed for g in self.gradchecks) and all(c.ok for c in self.cases)

    def __str__(self):
        lines = [str(g) for g in self.gradchecks] + [str(c) for c in self.cases]
        bad = sum(not c.ok for c in self.cases) + sum(not g.passed for g in self.gradchecks)
        lines.append(f"All {len(self.cases)} cases match the published values." if self.ok
                     else f"{bad} check(s) failed.")
        return "\n".join(lines)

    def _repr_pretty_(self, p, cycle):
        p.text(str(self))


@checked(atol=Real(min=0.0), naive=Function(), neg=Function())
def run_sanity(atol: float = 1e-8, naive: Callable = naive_softmax_loss_and_gradient,
               neg: Callable = neg_sampling_loss_and_gradient) -> SanityReport:
    """Run the harness in the course's order.

    Parameters
    ----------
    atol : float
        The largest absolute difference accepted from a published value.
    naive, neg : callable
        The two losses, ``(center_word_vec (d,), outside_word_idx, outside_vectors (V, d),
        dataset) -> (loss, grad_center (d,), grad_outside (V, d))``; a student's own
        implementations may replace w2vlib's.

    Returns
    -------
    SanityReport
        The two gradient checks and the six published cases, in the order they ran.
    """
    dataset, vectors, word2ind = dummy_objects()
    center, outside = vectors[:5], vectors[5:]
    checks, cases = [], []
    for loss_name, fn, key in (("naive", naive, "naive"), ("negsamp", neg, "negsamp")):
        checks.append(gradcheck(lambda vec: word2vec_sgd_wrapper(skipgram, word2ind, vec, dataset, 5, fn),
                                vectors, name=f"word2vec_sgd_wrapper({loss_name}) gradient"))
        for case in EXPECTED[key]:
            got = skipgram(case["center"], case["windowSize"], case["outside"], word2ind,
                           center, outside, dataset, fn)
            cases.append(_compare(loss_name, case, got, atol))
    return SanityReport(checks, cases)


def main() -> int:
    """``python -m w2vlib.sanity``: print the report; exit status 0 when everything matches."""
    report = run_sanity()
    print(report)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
