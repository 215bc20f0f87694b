"""Self-checks for the exercises of notebooks 11 (CBOW) and 12 (hierarchical softmax).

Same contract and runner as ``w2vlib.exercises``: each ``check_*`` runs the student's function
against the w2vlib reference on a fixed list of seeded cases, then the fixed checks of types,
unchanged arguments and own code, and returns a ``CheckReport``; it never raises. A function
that still raises ``NotImplementedError`` gets a "not attempted yet" report.
"""
from __future__ import annotations

import sys
from collections.abc import Callable

import numpy as np

from .cbow import cbow
from .exercises import _SKIP_TRIPLE, CheckReport, _compare_triple, _Problem, _Runner, _types_triple
from .hierarchical_softmax import hierarchical_softmax_loss_and_gradient, huffman_tree
from .negsamp import ReplayDataset, neg_sampling_loss_and_gradient
from .softmax import naive_softmax_loss_and_gradient
from .toy import toy_vocabulary

_CBOW_NAMES = ("current_center_word", "window_size", "outside_words", "word2ind", "center_word_vectors",
               "outside_vectors", "dataset", "loss_and_gradient", "average")
_HS_NAMES = ("center_word_vec", "outside_word_idx", "inner_node_vectors", "tree")
_HS_TRIPLE = ("loss", "grad_center_vec", "grad_inner_node_vectors")


def _negsamp_k4(v, o, U, dataset):
    return neg_sampling_loss_and_gradient(v, o, U, dataset, K=4)


def check_cbow(fn: Callable) -> CheckReport:
    """Check ``fn`` (the ``cbow`` signature, with ``average``) on toy windows.

    Cases: an averaged context, the same context summed, a context word that appears twice
    (its row must get the gradient twice), the centre word inside its own context, and
    negative sampling with replayed negatives.
    """
    run = _Runner("check_cbow", fn, [("cbow", sys.modules["w2vlib.cbow"], "cbow")])
    toy = toy_vocabulary()
    rng = np.random.default_rng(11)
    outside = toy.outside_vectors + 0.2 * rng.normal(size=toy.outside_vectors.shape)
    tea = toy.index("tea")
    none = lambda: None  # noqa: E731
    cases = [
        ("'coffee' from ['like', 'hot', 'i', 'drink'], averaged", "coffee", ["like", "hot", "i", "drink"], True,
         naive_softmax_loss_and_gradient, none),
        ("'coffee' from ['like', 'hot', 'i', 'drink'], summed (average=False)", "coffee",
         ["like", "hot", "i", "drink"], False, naive_softmax_loss_and_gradient, none),
        ("'tea' appears twice in the context: its row gets the gradient twice", "milk", ["tea", "hot", "tea"], True,
         naive_softmax_loss_and_gradient, none),
        ("the centre word 'i' inside its own context", "i", ["i", "like"], True, naive_softmax_loss_and_gradient, none),
        ("negative sampling, K = 4, negatives replayed [0, 7, 9, 7]", "coffee", ["hot", "drink"], True,
         _negsamp_k4, lambda: ReplayDataset([0, 7, 9, 7, 2])),
    ]

    def case(label, center, context, average, loss_fn, make_data):
        def run_case():
            out = run.call(label, center, 2, list(context), dict(toy.word2ind), toy.center_vectors.copy(),
                           outside.copy(), make_data(), loss_fn, average, names=_CBOW_NAMES)
            expected = cbow(center, 2, context, toy.word2ind, toy.center_vectors, outside, make_data(), loss_fn,
                            average=average)
            try:
                _compare_triple(out, expected, _SKIP_TRIPLE)
            except _Problem as exc:
                if "twice" in label and "grad_center_vecs differs" in str(exc):
                    row = np.asarray(out[1], dtype=np.float64)[tea]
                    if np.allclose(2 * row, expected[1][tea]):
                        raise _Problem("the row of 'tea' got ONE share: grad[idx] += ... adds a repeated index "
                                       "once; accumulate with np.add.at or a loop") from None
                raise
        return run_case

    def types():
        args = ("coffee", 2, ["like", "hot"], dict(toy.word2ind), toy.center_vectors.copy(), outside.copy(), None,
                naive_softmax_loss_and_gradient, True)
        out = run.call("types", *args, names=_CBOW_NAMES)
        _types_triple(out, cbow(*args), _SKIP_TRIPLE)
    return run.run([(c[0], case(*c)) for c in cases],
                   ("returns (float loss, float64 (V, d) array, float64 (V, d) array)", types))


def check_hierarchical_softmax(fn: Callable) -> CheckReport:
    """Check ``fn(center_word_vec, outside_word_idx, inner_node_vectors, tree)``.

    Cases on the toy vocabulary's Huffman tree: a short and a long path, large scores
    (|u·v| ~ 1000: log σ must not overflow), and a (V, d) matrix whose last row is unused.
    """
    run = _Runner("check_hierarchical_softmax", fn,
                  [("hierarchical_softmax_loss_and_gradient", sys.modules["w2vlib.hierarchical_softmax"],
                    "hierarchical_softmax_loss_and_gradient")])
    toy = toy_vocabulary()
    tree = huffman_tree(toy.counts)
    rng = np.random.default_rng(12)
    inner = rng.normal(size=(tree.n_inner, 2))
    v_c = toy.center_vectors[toy.index("coffee")]
    short, long = int(np.argmin(tree.code_lengths)), int(np.argmax(tree.code_lengths))
    cases = [
        (f"'{toy.words[short]}' (path of {tree.code_lengths[short]} nodes)", v_c, short, inner),
        (f"'{toy.words[long]}' (path of {tree.code_lengths[long]} nodes)", v_c, long, inner),
        ("large scores (|u.v| ~ 1000): log σ must not become log(0)", 500 * v_c, toy.index("tea"), inner),
        ("a (V, d) matrix: the last row is never on a path", v_c, toy.index("tea"), np.vstack([inner, [7.0, -7.0]])),
    ]

    def case(label, v, o, U):
        def run_case():
            out = run.call(label, v.copy(), o, U.copy(), tree, names=_HS_NAMES)
            _compare_triple(out, hierarchical_softmax_loss_and_gradient(v, o, U, tree), _HS_TRIPLE)
        return run_case

    def types():
        out = run.call("types", v_c.copy(), short, inner.copy(), tree, names=_HS_NAMES)
        _types_triple(out, hierarchical_softmax_loss_and_gradient(v_c, short, inner, tree), _HS_TRIPLE)
    return run.run([(c[0], case(*c)) for c in cases],
                   ("returns (float loss, float64 (d,) array, float64 array shaped like inner_node_vectors)", types))
