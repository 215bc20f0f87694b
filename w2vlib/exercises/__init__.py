"""Self-checks for the exercises: run a student's function against w2vlib and say what is wrong.

Each ``check_*`` takes the student's function, runs it on a fixed list of seeded cases and
returns a :class:`CheckReport`. Printing it gives "all 9 checks passed", or "3 of 9 checks
failed" followed by one line per distinct problem: what differs (the case, the first differing
index and both values, a wrong shape, type or dtype, a NaN), and, when the wrong result is a
known mistake, that mistake and its fix in one line (the mean where the sum is asked, a row
assigned with ``=`` instead of added, a repeated negative counted once, a flipped code, a path
short of its last node, a notebook global read instead of an argument). Checks that fail the
same way share a line, "(in 5 of 9 checks, first in “<case>”)". The number of checks of a
``check_*`` is the same whatever the function does. A check never raises because of the
student's function:

- a function that raises ``NotImplementedError`` on its first call (the stub of a student copy)
  gets the report "not attempted yet";
- any other exception, a wrong return type or a wrong shape is reported as a failed check.

Besides the values, every ``check_*`` ends with three checks of its own:

- **types**: the promised type and dtype (a float64 array of the right shape, a Python
  ``float`` where the library returns one, not a 0-d array, a list or float32);
- **arguments**: no argument is modified, whether an array, a dict (``word2ind``), a list
  (``outside_words``) or a :class:`~w2vlib.vectors.WordVectors`;
- **own code**: the function does not call the w2vlib function it re-implements
  (:data:`TARGETS`). While the check runs, that function is replaced (in the w2vlib modules and
  in the student function's own globals, where ``from w2vlib import softmax`` put it) by a spy
  that records calls made from outside w2vlib. The library's own internal calls do not count.

A check tests results, not the method an exercise asks for. Values are compared with
``rtol=1e-6`` on the cases where a derivation's claim is hardest to keep: scores of ±1e4 for
softmax, ŷ_o = 1e-200 and ŷ_o = 0 for cross-entropy, |x| up to 1e6 for the sigmoid (to double
precision near 0 and 1) and its derivative (relative accuracy in the tails), Python floats,
0-d and integer arrays where a statement says "scalar or array", log σ of scores near −800 for
negative sampling, repeated negatives for part (h). Floating-point warnings inside the
student's function do not fail a check (an ``np.where`` that evaluates both branches warns but
is right; the report adds a note); only wrong, NaN or infinite results do. The exceptions are
``check_shifted_pmi`` and ``check_keep_probability``, whose exercises ask for no log(0) or
division-by-zero warning.
"""

from ._beyond import (
    check_pca_coordinates, check_analogy_rank, check_neighbours, check_shifted_pmi, check_keep_probability,
    check_cbow, check_hierarchical_softmax,
)
from ._handout import (
    check_softmax, check_cross_entropy, check_naive_softmax, check_sigmoid, check_sigmoid_grad,
    check_leaky_relu_grad, check_neg_sampling, check_skipgram,
)
from ._runner import CheckReport
from ._targets import TARGETS, target_functions

__all__ = [
    "CheckReport", "TARGETS", "target_functions",
    "check_softmax", "check_cross_entropy", "check_naive_softmax", "check_sigmoid", "check_sigmoid_grad",
    "check_leaky_relu_grad", "check_neg_sampling", "check_skipgram", "check_pca_coordinates",
    "check_analogy_rank", "check_neighbours", "check_shifted_pmi", "check_keep_probability", "check_cbow",
    "check_hierarchical_softmax",
]
