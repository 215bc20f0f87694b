"""Self-checks for the exercises of notebooks 11 (CBOW) and 12 (hierarchical softmax).

Same contract as ``w2vlib.exercises``: each ``check_*`` runs the student's function against
the w2vlib reference on seeded cases and returns a ``CheckReport``; it never raises. A
function that still raises ``NotImplementedError`` gets a "not attempted yet" report.
"""
from __future__ import annotations

import numpy as np

from .cbow import cbow
from .exercises import CheckReport
from .hierarchical_softmax import hierarchical_softmax_loss_and_gradient, huffman_tree
from .negsamp import ReplayDataset, neg_sampling_loss_and_gradient
from .softmax import naive_softmax_loss_and_gradient
from .toy import toy_vocabulary


class _NotAttempted(CheckReport):
    def __str__(self):
        return f"{self.name}: not attempted yet (the function still raises NotImplementedError)"


def _attempted(name, fn, args):
    """None if ``fn`` runs (or fails otherwise, reported later); a report if it is still a stub."""
    try:
        fn(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
    except NotImplementedError:
        return _NotAttempted(name)
    except Exception:  # a real attempt that fails: the cases below report it
        return None
    return None


def _compare(report, case, out, expected, labels):
    out = report.unpack(case, out, 3)
    if out is None:
        return
    for label, got, exp in zip(labels, out, expected):
        report.compare(case, label, got, exp)


def _negsamp_k4(v, o, U, dataset):
    return neg_sampling_loss_and_gradient(v, o, U, dataset, K=4)


def check_cbow(fn) -> CheckReport:
    """Check ``fn`` (the ``cbow`` signature, with ``average``) on toy windows.

    Cases: an averaged context, the same context summed, a context word that appears twice
    (its row must get the gradient twice), the centre word inside its own context, and
    negative sampling with replayed negatives.
    """
    name = "check_cbow"
    toy = toy_vocabulary()
    rng = np.random.default_rng(11)
    outside = toy.outside_vectors + 0.2 * rng.normal(size=toy.outside_vectors.shape)
    draws = [0, 7, 9, 7, 2]
    cases = [
        ("'coffee' from ['like', 'hot', 'i', 'drink'], averaged", "coffee", ["like", "hot", "i", "drink"], True,
         naive_softmax_loss_and_gradient, lambda: None),
        ("'coffee' from ['like', 'hot', 'i', 'drink'], summed (average=False)", "coffee",
         ["like", "hot", "i", "drink"], False, naive_softmax_loss_and_gradient, lambda: None),
        ("'tea' appears twice in the context: its row gets the gradient twice", "milk", ["tea", "hot", "tea"], True,
         naive_softmax_loss_and_gradient, lambda: None),
        ("the centre word 'i' inside its own context", "i", ["i", "like"], True,
         naive_softmax_loss_and_gradient, lambda: None),
        ("negative sampling, K = 4, negatives replayed [0, 7, 9, 7]", "coffee", ["hot", "drink"], True,
         _negsamp_k4, lambda: ReplayDataset(draws)),
    ]
    first = cases[0]
    stub = _attempted(name, fn, (first[1], 2, first[2], toy.word2ind, toy.center_vectors, outside, None,
                                 first[4], first[3]))
    if stub is not None:
        return stub
    report = CheckReport(name)
    labels = ("loss", "grad_center_vecs", "grad_outside_vectors")
    for case, center, context, average, loss_fn, dataset in cases:
        out = report.call(case, fn, center, 2, context, toy.word2ind, toy.center_vectors, outside,
                          dataset(), loss_fn, average)
        if out is None:
            continue
        expected = cbow(center, 2, context, toy.word2ind, toy.center_vectors, outside, dataset(),
                        loss_fn, average=average)
        before = len(report.problems)
        _compare(report, case, out, expected, labels)
        if len(report.problems) > before and "twice" in case and len(out) == 3:
            row = np.asarray(out[1], dtype=np.float64)[toy.index("tea")]
            if np.allclose(2 * row, expected[1][toy.index("tea")]):
                report.problems.append(f"{case}: the row of 'tea' got ONE share: grad[idx] += ... adds a "
                                       "repeated index once; accumulate with np.add.at or a loop")
    return report


def check_hierarchical_softmax(fn) -> CheckReport:
    """Check ``fn(center_word_vec, outside_word_idx, inner_node_vectors, tree)``.

    Cases on the toy vocabulary's Huffman tree: a short and a long path, large scores
    (|u·v| ~ 1000: log σ must not overflow), and a (V, d) matrix whose last row is unused.
    """
    name = "check_hierarchical_softmax"
    toy = toy_vocabulary()
    tree = huffman_tree(toy.counts)
    rng = np.random.default_rng(12)
    inner = rng.normal(size=(tree.n_inner, 2))
    v_c = toy.center_vectors[toy.index("coffee")]
    short, long = int(np.argmin(tree.code_lengths)), int(np.argmax(tree.code_lengths))
    cases = [
        (f"'{toy.words[short]}' (path of {tree.code_lengths[short]} nodes)", v_c, short, inner),
        (f"'{toy.words[long]}' (path of {tree.code_lengths[long]} nodes)", v_c, long, inner),
        ("large scores (|u.v| ~ 1000)", 500 * v_c, toy.index("tea"), inner),
        ("a (V, d) matrix: the last row is never on a path", v_c, toy.index("tea"),
         np.vstack([inner, [7.0, -7.0]])),
    ]
    stub = _attempted(name, fn, (v_c, short, inner, tree))
    if stub is not None:
        return stub
    report = CheckReport(name)
    labels = ("loss", "grad_center_vec", "grad_inner_node_vectors")
    for case, v, o, U in cases:
        out = report.call(case, fn, v, o, U, tree, strict=True)
        if out is not None:
            _compare(report, case, out, hierarchical_softmax_loss_and_gradient(v, o, U, tree), labels)
    return report
