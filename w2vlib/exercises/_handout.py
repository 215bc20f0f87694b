"""Self-checks of the handout's exercises, parts (a) to (i) (notebooks 01 to 07)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np

from .._validate import Function, Real, checked
from ..activations import leaky_relu_grad, sigmoid, sigmoid_grad
from ..negsamp import ReplayDataset, get_negative_samples, neg_sampling_loss_and_gradient
from ..skipgram import skipgram
from ..softmax import cross_entropy, naive_softmax_loss_and_gradient, softmax
from ..toy import ToyDataset, toy_vocabulary
from ._diagnose import Pattern, scaled_patterns
from ._runner import (
    CheckReport, _Problem, _Runner, _values, _float_array, _python_float, _compare_triple, _types_triple,
)


# ----- parts (a) to (d) ----------------------------------------------------------------------
def check_softmax(fn: Callable) -> CheckReport:
    """Check ``fn(x)`` against ``w2vlib.softmax`` (row-wise on 2-D input), scores up to ±1e4."""
    run = _Runner("check_softmax", fn)
    rng = np.random.default_rng(0)
    cases = {
        "1-D scores": rng.normal(size=5),
        "2-D scores, softmax of each row": rng.normal(size=(3, 4)),
        "scores from -1e4 to 1e4, the largest not first (shift by the max, not the mean or x[0])":
            np.array([-1e4, 3.0, 1e4, 0.5, -20.0]),
        "a 2-D batch with rows near +1000, 0 and -1000 (shift each row by its own max)":
            np.array([1000.0, 0.0, -1000.0])[:, None] + rng.normal(size=(3, 4)),
        "all scores near -1000": -1000 + rng.normal(size=6),
    }

    def case(label, x):
        return lambda: _values(run.call(label, x.copy(), names=("x",)), softmax(x), "softmax(x)")
    x2 = cases["2-D scores, softmax of each row"]
    types = ("returns a new float64 array shaped like x",
             lambda: _float_array(run.call("types", x2.copy(), names=("x",)), "softmax(x)", x2.shape))
    return run.run([(label, case(label, x)) for label, x in cases.items()], types)


def check_cross_entropy(fn: Callable) -> CheckReport:
    """Check ``fn(y, y_hat)`` against ``w2vlib.cross_entropy``: one-hot, soft, ŷ_w = 0 off the target,
    ŷ_o = 1e-200 and ŷ_o = 0 (the loss is +inf: clipping or + eps gives a finite number)."""
    run = _Runner("check_cross_entropy", fn)
    rng = np.random.default_rng(1)
    y_hat = softmax(rng.normal(size=6))
    cases = [
        ("one-hot y (o = 2): -log y_hat[2]", np.eye(6)[2], y_hat),
        ("a soft target y", softmax(rng.normal(size=6)), y_hat),
        ("y_hat[1] is exactly 0 where y_1 = 0: 0·log 0 counts as 0, not nan",
         np.eye(3)[0], softmax(np.array([0.0, -800.0, -5.0]))),
        ("y_hat[o] = 1e-200: the loss is 460.5 (log(y_hat + eps) or clipping gives far less)",
         np.eye(3)[0], np.array([1e-200, 0.25, 0.75])),
        ("y_hat[o] = 0 exactly: the loss is +inf (log(y_hat + eps) or clipping gives a finite number)",
         np.eye(3)[2], np.array([0.5, 0.5, 0.0])),
    ]
    names = ("y", "y_hat")

    def case(label, y, p):
        return lambda: _values(run.call(label, y.copy(), p.copy(), names=names), cross_entropy(y, p), "cross-entropy")
    types = ("returns a float (not an array, not float32)",
             lambda: _python_float(run.call("types", cases[1][1].copy(), cases[1][2].copy(), names=names),
                                   "cross-entropy"))
    return run.run([(label, case(label, y, p)) for label, y, p in cases], types)


def _loss_cases(seed):
    rng = np.random.default_rng(seed)
    toy = toy_vocabulary()
    yield "toy vocabulary, centre 'coffee', outside 'tea'", toy.center_vectors[3], 4, toy.outside_vectors
    yield "random V=7, d=3, o=5", rng.normal(size=3), 5, rng.normal(size=(7, 3))
    yield "large scores (|u.v| ~ 500)", 20 * rng.normal(size=4), 0, 20 * rng.normal(size=(6, 4))
    U = rng.normal(size=(5, 3))
    U[:, 0] = [0.0, 800.0, 3.0, -2.0, 1.0]
    yield ("y_hat[o] underflows to 0 (score 800 below the top): the loss, about 800, must stay finite",
           np.array([1.0, 0.0, 0.0]), 0, U)


_TRIPLE = ("loss", "grad_center_vec", "grad_outside_vecs")
_LOSS_NAMES = ("center_word_vec", "outside_word_idx", "outside_vectors", "dataset", "K")


def check_naive_softmax(fn: Callable) -> CheckReport:
    """Check ``fn(center_word_vec, outside_word_idx, outside_vectors, dataset)``: loss, ∂J/∂v_c, ∂J/∂U."""
    run = _Runner("check_naive_softmax", fn)
    cases = list(_loss_cases(2))

    def case(label, v, o, U):
        return lambda: _compare_triple(run.call(label, v.copy(), o, U.copy(), None, names=_LOSS_NAMES),
                                       naive_softmax_loss_and_gradient(v, o, U), _TRIPLE)
    _, v, o, U = cases[1]
    types = ("returns (float loss, float64 (d,) array, float64 (V, d) array)",
             lambda: _types_triple(run.call("types", v.copy(), o, U.copy(), None, names=_LOSS_NAMES),
                                   naive_softmax_loss_and_gradient(v, o, U), _TRIPLE))
    return run.run([(c[0], case(*c)) for c in cases], types)


# ----- parts (e), (f) ------------------------------------------------------------------------
#: The statement's "scalar or array": a Python float and a 0-d array.
_SCALARS = (0.5, np.array(-3.0))
_SCALAR_LABEL = ("a scalar x: the Python float 0.5 and the 0-d array np.array(-3.0) "
                 "(for a scalar, start from np.asarray(x, dtype=float))")
_INTEGERS = np.arange(-4, 5)
_INTEGER_LABEL = "an integer array x = np.arange(-4, 5) (compute in floats)"


def _scalar_case(run, name, compare, *more):
    """The case calling the student's ``name`` on each of :data:`_SCALARS` (then the arguments
    ``more``) and checking each result with ``compare(out, x, text)``."""
    def run_case():
        for x in _SCALARS:
            text = f"{name}({x!r})"
            compare(run.call(text, x, *more, names=("x", "alpha")), x, text)
    return run_case


def _not_integer(out, name):
    """An integer x must still give a float result (an int array truncates the values)."""
    dtype = getattr(out, "dtype", None)
    if dtype is not None and dtype.kind in "iub":
        raise _Problem(f"{name} has dtype {dtype} for an integer x: an array built from x (np.empty_like(x), "
                       "np.ones_like(x), x.copy()) keeps its integer dtype and truncates every value; "
                       "build the result as floats (np.asarray(x, dtype=float) first)")


def _elementwise_check(name, fn, reference, cases):
    """Run ``cases`` [(label, x, rtol, atol)], then a scalar and an integer input, then the types."""
    run = _Runner(name, fn)
    attr = name.removeprefix("check_")

    def case(label, x, rtol, atol):
        return lambda: _values(run.call(label, x.copy(), names=("x",)), reference(x), f"{attr}(x)",
                               rtol=rtol, atol=atol)

    def integers():
        out = run.call(_INTEGER_LABEL, _INTEGERS.copy(), names=("x",))
        _not_integer(out, f"{attr}(x)")
        _values(out, reference(_INTEGERS), f"{attr}(x)")
    grid = np.linspace(-8, 8, 33)
    types = ("returns a new float64 array shaped like x",
             lambda: _float_array(run.call("types", grid.copy(), names=("x",)), f"{attr}(x)", grid.shape))
    return run.run([(label, case(label, x, rtol, atol)) for label, x, rtol, atol in cases] + [
        (_SCALAR_LABEL, _scalar_case(run, attr, lambda out, x, text: _values(out, reference(x), text))),
        (_INTEGER_LABEL, integers)], types)


_FAR = np.array([-1e6, -1e4, -1000.0, -710.0, 710.0, 1000.0, 1e4, 1e6])
_TAILS = np.r_[-700.0, -40.0, 40.0, 700.0, _FAR]


def check_sigmoid(fn: Callable) -> CheckReport:
    """Check ``fn(x)`` (scalar or array) against ``w2vlib.sigmoid``, with |x| up to 1e6: never NaN.

    In the tails the values must be right to double precision near 0 and 1 (absolute error
    1e-15), so σ(−40) ≈ 4e−18 may come out as 0: the tanh form and 1 − 1/(1 + eˣ) pass.
    """
    rng = np.random.default_rng(4)
    cases = [("grid -8..8", np.linspace(-8, 8, 33), 1e-6, 1e-12),
             ("tails x = ±40, ±700 and far beyond (±710 ... ±1e6): 0 or 1 to double precision, never nan",
              _TAILS, 1e-6, 1e-15),
             ("a 2-D array keeps its shape", rng.normal(scale=5, size=(3, 4)), 1e-6, 1e-12)]
    return _elementwise_check("check_sigmoid", fn, sigmoid, cases)


def check_sigmoid_grad(fn: Callable) -> CheckReport:
    """Check ``fn(x)`` = dσ/dx = σ(x)(1 − σ(x)) on a grid, in the tails (relative) and far beyond ±1000."""
    rng = np.random.default_rng(5)
    cases = [("grid -8..8", np.linspace(-8, 8, 33), 1e-6, 1e-12),
             ("tails x = ±40, ±100, ±700 (relative accuracy: 1 − σ(40) rounds to 0; use σ(x)σ(−x))",
              np.array([-700.0, -100.0, -40.0, 40.0, 100.0, 700.0]), 1e-6, 0.0),
             ("far tails x = ±710 ... ±1e6: 0, never nan (e^(-x) overflows)", _FAR, 1e-6, 1e-300),
             ("a 2-D array keeps its shape", rng.normal(scale=5, size=(3, 4)), 1e-6, 1e-12)]
    return _elementwise_check("check_sigmoid_grad", fn, sigmoid_grad, cases)


def _subgradient_values(out, x, alpha, label):
    """``out`` equals ``leaky_relu_grad(x, alpha)`` where x ≠ 0 and lies in [alpha, 1] where x = 0."""
    value = np.asarray(out, dtype=np.float64)
    if value.shape != np.shape(x):
        raise _Problem(f"{label} has shape {value.shape} for an input of shape {np.shape(x)}",
                       symptom=f"{label} has shape {value.shape}")
    kink = np.asarray(x) == 0
    _values(np.where(kink, 1.0, value), np.where(kink, 1.0, leaky_relu_grad(x, alpha)), label)
    at_zero = value[kink]
    if at_zero.size and not np.all((alpha * (1 - 1e-6) <= at_zero) & (at_zero <= 1.0 + 1e-12)):
        raise _Problem(f"{label} is {at_zero.min():.6g} at x = 0; a subgradient there lies in "
                       f"[alpha, 1] = [{alpha}, 1]")


@checked(alpha=Real(0.0, 1.0))
def check_leaky_relu_grad(fn: Callable, alpha: float = 0.01) -> CheckReport:
    """Check ``fn(x, alpha)`` (scalar or array) away from 0 for two alphas, on an integer array, and
    that at 0 it returns a subgradient in [α, 1]."""
    run = _Runner("check_leaky_relu_grad", fn)
    x = np.array([-5.0, -1.0, -1e-3, 1e-3, 1.0, 5.0])
    x2 = np.random.default_rng(6).normal(size=(3, 4))
    names = ("x", "alpha")
    label = "leaky_relu_grad(x)"

    def values(xs, a, case):
        return lambda: _subgradient_values(run.call(case, np.copy(xs), a, names=names), xs, a, label)

    def integers():
        out = run.call(_INTEGER_LABEL, _INTEGERS.copy(), alpha, names=names)
        _not_integer(out, label)
        _subgradient_values(out, _INTEGERS, alpha, label)

    def scalar(out, xs, text):
        _subgradient_values(out, xs, alpha, text)
    away = f"x away from 0, alpha={alpha}"
    cases = [(away, values(x, alpha, away)),
             ("x away from 0, alpha=0.2 (uses its alpha argument)", values(x, 0.2, "alpha=0.2")),
             ("x = 0: a subgradient in [alpha, 1]", values(np.array([0.0]), alpha, "x = 0")),
             ("a 2-D array keeps its shape", values(x2, alpha, "2-D")),
             (_SCALAR_LABEL, _scalar_case(run, "leaky_relu_grad", scalar, alpha)),
             (_INTEGER_LABEL, integers)]
    types = ("returns a new float64 array shaped like x",
             lambda: _float_array(run.call("types", x.copy(), alpha, names=names), label, x.shape))
    return run.run(cases, types)


# ----- parts (g), (h) ------------------------------------------------------------------------
def _counted_once(v, o, U, draws, K) -> list:
    """The known wrong result of part (h): every repeated negative counted once (none if all distinct)."""
    negatives = get_negative_samples(o, ReplayDataset(draws), K)
    distinct = list(dict.fromkeys(negatives))
    if len(distinct) == len(negatives):
        return []
    once = neg_sampling_loss_and_gradient(v, o, U, ReplayDataset(distinct), len(distinct))
    return [Pattern(once, "the result with each repeated negative counted once",
                    "a word drawn n_s times adds n_s copies of its terms (part h): np.add.at(grad, indices, rows) "
                    "for the rows (grad[indices] += rows adds a repeated index once), or weight each distinct word's "
                    "loss term and gradients by its count n_s")]


def check_neg_sampling(fn: Callable) -> CheckReport:
    """Check ``fn(center_word_vec, outside_word_idx, outside_vectors, dataset, K)``.

    The dataset replays fixed draws: one equal to the outside word (it must be redrawn),
    negatives drawn twice, three times out of order and K times (each copy counts, part h), and
    scores near ±800 where log σ must not be computed as log(σ(x)).
    """
    run = _Runner("check_neg_sampling", fn)
    rng = np.random.default_rng(3)
    U = rng.normal(size=(8, 3))
    v_c = rng.normal(size=3)
    big_v = np.array([1.0, 0.0, 0.0])
    big_U = rng.normal(size=(6, 3))
    big_U[:, 0] = [-800.0, 790.0, -5.0, 805.0, 2.0, -795.0]
    cases = [("distinct negatives [1, 2, 6], K = 3", v_c, 0, U, [1, 2, 6], 3),
             ("a draw equal to the outside word (4) must be redrawn", v_c, 4, U, [1, 4, 2, 6], 3),
             ("negative 5 drawn twice: its row gets twice the gradient", v_c, 0, U, [5, 5, 2], 3),
             ("negative 6 drawn three times, out of order [6, 2, 6, 1, 6]: each of its terms counts 3 times",
              v_c, 3, U, [6, 2, 6, 1, 6], 5),
             ("every draw the same word (7, K = 4 times)", v_c, 0, U, [7, 7, 7, 7], 4),
             ("scores near ±800: log σ(z) must not become log(0)", big_v, 0, big_U, [1, 3, 5, 2], 4)]

    def case(label, v, o, U_, draws, K):
        def run_case():
            data = ReplayDataset(draws)
            out = run.call(label, v.copy(), o, U_.copy(), data, K, names=_LOSS_NAMES)
            if data.calls == 0:
                raise _Problem("never called dataset.sample_token_idx(): draw the negatives from `dataset`")
            _compare_triple(out, neg_sampling_loss_and_gradient(v, o, U_, ReplayDataset(draws), K), _TRIPLE,
                            _counted_once(v, o, U_, draws, K))
        return run_case

    def types():
        out = run.call("types", v_c.copy(), 0, U.copy(), ReplayDataset([1, 2, 6]), 3, names=_LOSS_NAMES)
        _types_triple(out, neg_sampling_loss_and_gradient(v_c, 0, U, ReplayDataset([1, 2, 6]), 3), _TRIPLE)
    return run.run([(c[0], case(*c)) for c in cases],
                   ("returns (float loss, float64 (d,) array, float64 (V, d) array)", types))


# ----- part (i) ------------------------------------------------------------------------------
_SKIP_NAMES = ("current_center_word", "window_size", "outside_words", "word2ind", "center_word_vectors",
               "outside_vectors", "dataset", "loss_and_gradient")
_SKIP_TRIPLE = ("loss", "grad_center_vecs", "grad_outside_vectors")


def _draws_per_word(loss_and_gradient, make_data):
    """``loss_and_gradient`` with the draws of each outside word fixed, whatever the order of the calls.

    The k-th call for outside word o gets a fresh dataset ``make_data(seed)`` with a seed of its
    own, (o, k), instead of the dataset it is given. So a window summed right to left gets the
    same negatives per word, and the same sum, as one summed left to right; the course's draws
    are random, and no order of the window is the right one.
    """
    calls = Counter()

    def loss(center_word_vec, outside_word_idx, outside_vectors, dataset=None):
        k = calls[int(outside_word_idx)]
        calls[int(outside_word_idx)] += 1
        return loss_and_gradient(center_word_vec, outside_word_idx, outside_vectors,
                                 make_data(1000 * k + int(outside_word_idx)))
    return loss


def _window_patterns(center, outside, w2i, C, U, lg, expected) -> list:
    """Known wrong results of a window: one word's part alone (``=`` for ``+=``), 1/n and n times.

    ``lg`` is a fresh :func:`_draws_per_word` loss, called here once per word of the window.
    """
    c = w2i[center]
    parts = [lg(C[c], w2i[word], U, None) for word in outside]
    patterns = []
    for loss, g_c, g_u in (parts[-1], parts[0]):              # the last word added, in either direction
        g_C = np.zeros(C.shape)
        g_C[c] = g_c
        patterns.append(Pattern((loss, g_C, g_u), "a single outside word's part (the last one added)",
                                "add each word's part (loss += ..., grad[c] += ..., grad_outside += ...); "
                                "an assignment with = keeps only the last word's"))
    return patterns + scaled_patterns(
        expected, len(outside), "the number of outside words",
        "J is the sum of the window's terms, not their mean: do not divide by n (or 2m)",
        "add each outside word's terms once")


@checked(loss_and_gradient=Function())
def check_skipgram(fn: Callable, loss_and_gradient: Callable = naive_softmax_loss_and_gradient) -> CheckReport:
    """Check ``fn`` (the ``skipgram`` signature) on toy windows, repeats, another vocabulary, and
    that it uses the ``loss_and_gradient`` and ``dataset`` it is given.

    The loss a case passes draws its negatives per outside word (see :func:`_draws_per_word`):
    the window may be summed in any order.
    """
    run = _Runner("check_skipgram", fn)
    toy = toy_vocabulary()
    rng = np.random.default_rng(8)
    other_words = ["zeta", "alpha", "mu", "beta", "omega", "pi"]           # not the toy's, not sorted
    other = ({w: i for i, w in enumerate(other_words)}, rng.normal(size=(6, 3)), rng.normal(size=(6, 3)))

    def compare(label, center, m, outside, w2i, C, U, make_data, lg):
        def run_case():
            out = run.call(label, center, m, list(outside), dict(w2i), C.copy(), U.copy(), make_data(0),
                           _draws_per_word(lg, make_data), names=_SKIP_NAMES)
            expected = skipgram(center, m, list(outside), w2i, C, U, make_data(0), _draws_per_word(lg, make_data))
            patterns = _window_patterns(center, outside, w2i, C, U, _draws_per_word(lg, make_data), expected)
            _compare_triple(out, expected, _SKIP_TRIPLE, patterns)
        return run_case

    received = []

    def spy_loss(center_word_vec, outside_word_idx, outside_vectors, dataset=None):
        received.append(dataset)
        return naive_softmax_loss_and_gradient(center_word_vec, outside_word_idx, outside_vectors)

    def passes_dataset():
        received.clear()
        data = toy.dataset(3)
        run.call("passes dataset", "tea", 1, ["hot", "milk"], toy.word2ind, toy.center_vectors.copy(),
                 toy.outside_vectors.copy(), data, spy_loss, names=_SKIP_NAMES)
        if len(received) != 2:
            raise _Problem(f"called loss_and_gradient {len(received)} times for 2 outside words")
        if any(d is not data for d in received):
            raise _Problem("loss_and_gradient did not receive the `dataset` given to skipgram "
                           f"(got {type(received[0]).__name__})")

    def other_data(seed):
        return ToyDataset(seed, counts=[3, 1, 4, 1, 5, 9], sentence=other_words, words=other_words)
    windows = [
        ("'coffee' with window ['like', 'hot', 'i', 'drink']", "coffee", 2, ["like", "hot", "i", "drink"],
         toy.word2ind, toy.center_vectors, toy.outside_vectors, toy.dataset, loss_and_gradient),
        ("a repeated outside word and the centre word in its own window", "i", 2, ["i", "like", "like"],
         toy.word2ind, toy.center_vectors, toy.outside_vectors, toy.dataset, loss_and_gradient),
        ("another vocabulary (uses its word2ind argument)", "mu", 1, ["omega", "alpha"], *other, other_data,
         loss_and_gradient),
        ("loss_and_gradient = negative sampling (uses its loss_and_gradient argument)", "tea", 2,
         ["hot", "milk", "i"], toy.word2ind, toy.center_vectors, toy.outside_vectors, toy.dataset,
         neg_sampling_loss_and_gradient),
    ]
    cases = [(w[0], compare(*w)) for w in windows] + [
        ("passes `dataset` on to loss_and_gradient, once per outside word", passes_dataset),
    ]

    def types():
        out = run.call("types", "coffee", 2, ["like", "hot"], toy.word2ind, toy.center_vectors.copy(),
                       toy.outside_vectors.copy(), toy.dataset(0), loss_and_gradient, names=_SKIP_NAMES)
        expected = skipgram("coffee", 2, ["like", "hot"], toy.word2ind, toy.center_vectors,
                            toy.outside_vectors, toy.dataset(0), loss_and_gradient)
        _types_triple(out, expected, _SKIP_TRIPLE)
    return run.run(cases, ("returns (float loss, float64 (V, d) array, float64 (V, d) array)", types))
