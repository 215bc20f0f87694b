"""Self-checks of the exercises beyond the handout (notebooks 08 to 12)."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable

import numpy as np

from .. import evaluate as _evaluate
from .. import plot as _plot
from ..cbow import cbow
from ..activations import log_sigmoid, sigmoid
from ..hierarchical_softmax import hierarchical_softmax_loss_and_gradient, huffman_tree
from ..negsamp import ReplayDataset, neg_sampling_loss_and_gradient
from ..pmi import shifted_pmi
from ..sampling import keep_probability
from ..softmax import naive_softmax_loss_and_gradient
from ..toy import toy_vocabulary
from ..vectors import WordVectors
from ._diagnose import Pattern, scaled_patterns
from ._runner import (
    CheckReport, _Problem, _Runner, _values, _float_array, _python_float, _compare_triple, _types_triple,
)
from ._handout import _SKIP_TRIPLE


# ----- notebook 08: the 2-D plot, analogies, neighbours --------------------------------------
def _pca_reference(x):
    n = len(x)
    return _plot.pca_coordinates(x, {str(i): i for i in range(n)}, [str(i) for i in range(n)])


def _match_up_to_sign(got, expected, label):
    """Each column of ``got`` must equal the column of ``expected`` or its negative."""
    arr = np.asarray(got, dtype=np.float64)
    if arr.shape != expected.shape:
        raise _Problem(f"{label} has shape {arr.shape}, expected {expected.shape} (one row per word, 2 columns)")
    for j in range(expected.shape[1]):
        scale = 1e-8 * max(1.0, float(np.abs(expected[:, j]).max()))
        if not any(np.allclose(arr[:, j], s * expected[:, j], rtol=1e-6, atol=scale) for s in (1, -1)):
            return j
    return None


def check_pca_coordinates(fn: Callable) -> CheckReport:
    """Check ``fn(vectors)`` -> (n, 2): the mean-centred vectors on their first two principal axes.

    Either sign of each axis is accepted. The test vectors share a large common offset (as the
    course's run does), so a PCA that forgets to subtract the mean is caught.
    """
    run = _Runner("check_pca_coordinates", fn)
    rng = np.random.default_rng(9)

    def cloud(n, d, offset):
        scales = np.linspace(3.0, 0.3, d)
        q, _ = np.linalg.qr(rng.normal(size=(d, d)))
        return offset * rng.normal(size=d) + (rng.normal(size=(n, d)) * scales) @ q
    cases = [("10 vectors in d = 5 sharing a large common offset (centre them first)", cloud(10, 5, 8.0)),
             ("24 vectors in d = 10, as in the course's plot", cloud(24, 10, 5.0)),
             ("d = 2: the centred vectors, rotated", cloud(7, 2, 3.0)),
             ("4 vectors in d = 10 (fewer vectors than dimensions)", cloud(4, 10, 4.0))]

    def case(label, x):
        def run_case():
            out = run.call(label, x.copy(), names=("vectors",))
            j = _match_up_to_sign(out, _pca_reference(x), "coordinates")
            if j is None:
                return
            raw = np.linalg.svd(x, full_matrices=False)[2][:2].T
            if _match_up_to_sign(out, x @ raw, "coordinates") is None:
                raise _Problem("these are the coordinates of a PCA without centring: subtract the mean vector first")
            raise _Problem(f"column {j} is not the projection on principal axis {j + 1} (either sign): "
                           f"yours starts {np.asarray(out, dtype=float)[:3, j].round(4)}, expected "
                           f"±{_pca_reference(x)[:3, j].round(4)}")
        return run_case
    x0 = cases[1][1]
    types = ("returns a float64 (n, 2) array",
             lambda: _float_array(run.call("types", x0.copy(), names=("vectors",)), "coordinates", (len(x0), 2)))
    return run.run([(label, case(label, x)) for label, x in cases], types)


def _test_vectors(seed=10):
    """12 words in d = 4 with lengths from 0.3 to 4: cosine, dot product and distance rank differently."""
    rng = np.random.default_rng(seed)
    words = ["king", "queen", "man", "woman", "tea", "coffee", "rain", "snow", "boring", "great", "male", "female"]
    x = rng.normal(size=(len(words), 4))
    x *= np.geomspace(0.3, 4.0, len(words))[rng.permutation(len(words))][:, None] / np.linalg.norm(x, axis=1,
                                                                                                  keepdims=True)
    return WordVectors(words, x)


def _raw_rank(wv, a, b, c, target):
    x = wv.vectors
    q = x[wv.index(b)] - x[wv.index(a)] + x[wv.index(c)]
    sims = x @ q / np.linalg.norm(x, axis=1) / np.linalg.norm(q)
    sims[[wv.index(w) for w in (a, b, c)]] = -np.inf
    return int(np.flatnonzero(np.argsort(-sims, kind="stable") == wv.index(target))[0]) + 1


def check_analogy_rank(fn: Callable) -> CheckReport:
    """Check ``fn(wv, a, b, c, target)`` -> int: the 1-based rank of ``target`` for a : b :: c : ?.

    The rank is among all words except a, b and c, by cosine with û_b − û_a + û_c (unit vectors,
    as gensim and ``w2vlib.evaluate.analogy_rank``); the test vectors have very different lengths.
    """
    run = _Runner("check_analogy_rank", fn)
    wv = _test_vectors()
    names = ("wv", "a", "b", "c", "target")

    def pick(a, b, c, rank):
        """The word at 1-based ``rank`` for a : b :: c : ?."""
        u = wv.unit_vectors()
        q = u[wv.index(b)] - u[wv.index(a)] + u[wv.index(c)]
        sims = u @ q
        sims[[wv.index(w) for w in (a, b, c)]] = -np.inf
        return wv.words[int(np.argsort(-sims, kind="stable")[rank - 1])]
    quads = [("the target ranks 1st", ("male", "king", "female"), 1),
             ("the target ranks 4th", ("man", "woman", "tea"), 4),
             ("the target ranks last (V − 3 = 9th)", ("rain", "snow", "great"), 9),
             ("another analogy, the target 2nd", ("boring", "great", "coffee"), 2)]

    def case(label, abc, rank):
        def run_case():
            target = pick(*abc, rank)
            expected = _evaluate.analogy_rank(wv, *abc, target).rank
            out = run.call(label, copy.deepcopy(wv), *abc, target, names=names)
            try:
                got = int(out)
            except (TypeError, ValueError, OverflowError):
                raise _Problem(f"returned {out!r}, not a rank") from None
            if got != expected:
                hints = [h for cond, h in ((got == expected - 1, "ranks start at 1"),
                                           (got == _raw_rank(wv, *abc, target),
                                            "b − a + c of the raw vectors gives this rank: add the unit vectors"))
                         if cond]
                hint = f" (perhaps: {'; or '.join(hints)})" if hints else ""
                raise _Problem(f"{' : '.join(abc)} :: {target}: yours {got}, expected {expected}{hint}")
        return run_case

    def types():
        out = run.call("types", copy.deepcopy(wv), "male", "king", "female", "queen", names=names)
        if isinstance(out, bool) or not isinstance(out, (int, np.integer)):
            raise _Problem(f"returned a {type(out).__name__}; return an int")
    return run.run([(label, case(label, abc, r)) for label, abc, r in quads], ("returns an int", types))


def check_neighbours(fn: Callable) -> CheckReport:
    """Check ``fn(wv, word, n)`` -> [(word, cosine), ...]: the n nearest words by cosine, the
    most similar first, the word itself excluded (as ``w2vlib.evaluate.nearest_neighbours``)."""
    run = _Runner("check_neighbours", fn)
    wv = _test_vectors(11)
    twin = wv.vectors.copy()
    twin[1] = 2.0 * twin[6]                          # 'queen' points exactly where 'rain' does
    wv_twin = WordVectors(wv.words, twin)
    names = ("wv", "word", "n")

    def case(label, vectors, word, n):
        def run_case():
            expected = _evaluate.nearest_neighbours(vectors, word, n)
            out = run.call(label, copy.deepcopy(vectors), word, n, names=names)
            if not isinstance(out, (list, tuple)):
                raise _Problem(f"returned a {type(out).__name__}; return a list of (word, cosine) pairs")
            try:
                got_words = [w for w, _ in out]
                got_cos = [c for _, c in out]
            except (TypeError, ValueError):
                raise _Problem(f"returned {str(out)[:80]}: expected (word, cosine) pairs") from None
            exp_words = [w for w, _ in expected]
            if got_words != exp_words:
                extra = " (the word itself must not be listed)" if word in got_words else ""
                raise _Problem(f"neighbours of {word!r}: yours {got_words}, expected {exp_words}{extra}")
            _values(got_cos, [c for _, c in expected], "cosines")
        return run_case
    cases = [("the 5 nearest words to 'tea'", wv, "tea", 5),
             ("n = 1", wv, "snow", 1),
             ("n = V − 1 = 11: every other word, in order", wv, "king", 11),
             ("'queen' (listed before 'rain') points exactly where 'rain' does: exclude the word by index",
              wv_twin, "rain", 3)]

    def types():
        out = run.call("types", copy.deepcopy(wv), "tea", 3, names=names)
        if not isinstance(out, list):
            raise _Problem(f"returned a {type(out).__name__}; return a list")
        for pair in out:
            if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str)):
                raise _Problem(f"an item is {pair!r}; each item must be a (word, cosine) tuple")
            _python_float(pair[1], "a cosine")
    return run.run([(c[0], case(*c)) for c in cases], ("returns a list of (str, float) tuples", types))


# ----- notebook 10: what SGNS optimises --------------------------------------------------------
def check_shifted_pmi(fn: Callable) -> CheckReport:
    """Check ``fn(counts, K)`` -> (V, V) x* = PMI(c, w) − log K against ``w2vlib.pmi.shifted_pmi``.

    Unseen pairs (count 0) must be −inf, computed without floating-point warnings (no log(0)).
    """
    run = _Runner("check_shifted_pmi", fn, warnings_fail=True)
    rng = np.random.default_rng(10)
    table = rng.integers(0, 6, size=(5, 5)).astype(np.float64)
    table = table + table.T
    table[0, 1] = table[1, 0] = 0.0                              # an unseen pair
    full = table + 1.0                                           # every pair seen
    lopsided = rng.integers(1, 9, size=(5, 5)).astype(np.float64)  # #(c, w) != #(w, c)
    cases = [("K = 1: plain PMI, with unseen pairs (-inf)", table, 1),
             ("K = 5: shifted by -log 5", table, 5),
             ("fractional counts (dynamic window), K = 3", table * 0.6, 3),
             ("every pair seen, K = 2", full, 2),
             ("an asymmetric table: rows are centre words, columns outside words", lopsided, 1)]
    names = ("counts", "K")

    def case(label, counts, K):
        return lambda: _values(run.call(label, counts.copy(), K, names=names), shifted_pmi(counts, K=K), "x*")
    types = ("returns a new float64 (V, V) array",
             lambda: _float_array(run.call("types", full.copy(), 2, names=names), "x*", full.shape))
    return run.run([(label, case(label, c, K)) for label, c, K in cases], types)


# ----- notebook 09: paper vs production --------------------------------------------------------
def check_keep_probability(fn: Callable) -> CheckReport:
    """Check ``fn(counts, t)`` -> (V,) C-tool keep probabilities against ``w2vlib.sampling.keep_probability``.

    A word with count 0 must be kept (probability 1), computed without floating-point warnings.
    """
    run = _Runner("check_keep_probability", fn, warnings_fail=True)
    cases = [("frequent and rare words, t = 1e-3", np.array([5000.0, 1000.0, 100.0, 10.0, 1.0]), 1e-3),
             ("a word with count 0 is kept (no division by zero)", np.array([900.0, 90.0, 9.0, 0.0]), 1e-2),
             ("every word rare: everything kept", np.ones(50), 0.5),
             ("near f = 2.6 t, where the C tool starts dropping tokens", np.array([2.0, 2.7, 95.3]), 0.01)]
    names = ("counts", "t")

    def case(label, counts, t):
        return lambda: _values(run.call(label, counts.copy(), t, names=names), keep_probability(counts, t),
                               "keep probability")
    types = ("returns a new float64 (V,) array",
             lambda: _float_array(run.call("types", cases[0][1].copy(), 1e-3, names=names), "keep probability",
                                  cases[0][1].shape))
    return run.run([(label, case(label, c, t)) for label, c, t in cases], types)


# ----- notebooks 11 and 12: CBOW and hierarchical softmax -----------------------------------------
_CBOW_NAMES = ("current_center_word", "window_size", "outside_words", "word2ind", "center_word_vectors",
               "outside_vectors", "dataset", "loss_and_gradient", "average")
_HS_NAMES = ("center_word_vec", "outside_word_idx", "inner_node_vectors", "tree")
_HS_TRIPLE = ("loss", "grad_center_vec", "grad_inner_node_vectors")


def _negsamp_k4(v, o, U, dataset):
    return neg_sampling_loss_and_gradient(v, o, U, dataset, K=4)


def _cbow_patterns(expected, context, word2ind, average, other_mode) -> list:
    """Known wrong results of CBOW: a repeated context word's row given one share, the rows given
    n times or 1/n of their gradient, and the result of the other ``average`` mode."""
    counts = Counter(word2ind[w] for w in context)
    loss, g_C, g_U = expected
    once = g_C.copy()
    for row, n in counts.items():
        once[row] /= n
    patterns = [Pattern((loss, once, g_U), "the result with a repeated context word's row given one share",
                        "grad[rows] += ... adds a repeated index once; accumulate with np.add.at or a loop")]
    if average:
        patterns += scaled_patterns(expected, len(context), "the number of context words",
                                    "v_hat = mean of the rows already has the 1/n: share dJ/dv_hat / n, not / n²",
                                    "with average=True each row gets dJ/dv_hat / n (v_hat is the mean)", only=(1,))
    mode = "average=False" if average else "average=True"
    fix = ("with average=True v_hat is the mean of the context rows and each row gets dJ/dv_hat / n" if average else
           "with average=False v_hat is the sum of the context rows and each row gets dJ/dv_hat")
    return patterns + [Pattern(other_mode, f"the result of {mode}", fix)]


def check_cbow(fn: Callable) -> CheckReport:
    """Check ``fn`` (the ``cbow`` signature, with ``average``) on toy windows.

    Cases: an averaged context, the same context summed, a context word that appears twice
    (its row must get the gradient twice), the centre word inside its own context, and
    negative sampling with replayed negatives.
    """
    run = _Runner("check_cbow", fn)
    toy = toy_vocabulary()
    rng = np.random.default_rng(11)
    outside = toy.outside_vectors + 0.2 * rng.normal(size=toy.outside_vectors.shape)
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
            args = (center, 2, context, toy.word2ind, toy.center_vectors, outside)
            expected = cbow(*args, make_data(), loss_fn, average=average)
            other_mode = cbow(*args, make_data(), loss_fn, average=not average)
            _compare_triple(out, expected, _SKIP_TRIPLE,
                            _cbow_patterns(expected, context, toy.word2ind, average, other_mode))
        return run_case

    def types():
        args = ("coffee", 2, ["like", "hot"], dict(toy.word2ind), toy.center_vectors.copy(), outside.copy(), None,
                naive_softmax_loss_and_gradient, True)
        out = run.call("types", *args, names=_CBOW_NAMES)
        _types_triple(out, cbow(*args), _SKIP_TRIPLE)
    return run.run([(c[0], case(*c)) for c in cases],
                   ("returns (float loss, float64 (V, d) array, float64 (V, d) array)", types))


def _along_path(v, U, path, sign):
    """Hierarchical softmax's (loss, ∂J/∂v_c, ∂J/∂U) along ``path`` with branch signs ``sign``."""
    rows = U[path]
    z = sign * (rows @ v)
    coeff = -sign * np.asarray(sigmoid(-z))
    grad = np.zeros(U.shape)
    grad[path] = np.outer(coeff, v)
    return -float(np.sum(log_sigmoid(z))), coeff @ rows, grad


def _hs_patterns(v, o, U, tree, expected) -> list:
    """Known wrong results of hierarchical softmax: the codes flipped, the path without its last
    node, 1/L and L times the sum over the path."""
    path, sign = tree.paths[o], tree.signs[o]
    return [Pattern(_along_path(v, U, path, -sign), "the result for the opposite branches (target t = code)",
                    "code 0 means left, with probability σ(u·v_c), so the target is t = 1 − code "
                    "(coeff = σ(u·v_c) − (1 − code))"),
            Pattern(_along_path(v, U, path[:-1], sign[:-1]), "the result of the path without its last node",
                    "use every node of tree.paths[o] (all L of them, the last one included)")] + scaled_patterns(
        expected, len(path), "the number of nodes on the path",
        "J is the sum of the path's terms, not their mean (np.sum, not np.mean)", "add each node's terms once")


def check_hierarchical_softmax(fn: Callable) -> CheckReport:
    """Check ``fn(center_word_vec, outside_word_idx, inner_node_vectors, tree)``.

    Cases on the toy vocabulary's Huffman tree: a short and a long path, large scores
    (|u·v| ~ 1000: log σ must not overflow), and a (V, d) matrix whose last row is unused.
    """
    run = _Runner("check_hierarchical_softmax", fn)
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
            expected = hierarchical_softmax_loss_and_gradient(v, o, U, tree)
            _compare_triple(out, expected, _HS_TRIPLE, _hs_patterns(v, o, U, tree, expected))
        return run_case

    def types():
        out = run.call("types", v_c.copy(), short, inner.copy(), tree, names=_HS_NAMES)
        _types_triple(out, hierarchical_softmax_loss_and_gradient(v_c, short, inner, tree), _HS_TRIPLE)
    return run.run([(c[0], case(*c)) for c in cases],
                   ("returns (float loss, float64 (d,) array, float64 array shaped like inner_node_vectors)", types))
