"""w2vlib.exercises: the self-checks pass correct answers and reject whole classes of wrong ones."""
import types

import numpy as np
import pytest

import w2vlib
from w2vlib import evaluate, exercises, plot


def own_copy(f):
    """The library function as a new function object: the lecturer's answer, not a delegation."""
    return types.FunctionType(f.__code__, f.__globals__, f.__name__, f.__defaults__, f.__closure__)


_pca, _analogy, _neighbours = (own_copy(f) for f in (plot.pca_coordinates, evaluate.analogy_rank,
                                                     evaluate.nearest_neighbours))
REFERENCE = {
    "check_softmax": w2vlib.softmax, "check_cross_entropy": w2vlib.cross_entropy,
    "check_naive_softmax": w2vlib.naive_softmax_loss_and_gradient, "check_sigmoid": w2vlib.sigmoid,
    "check_sigmoid_grad": w2vlib.sigmoid_grad, "check_leaky_relu_grad": w2vlib.leaky_relu_grad,
    "check_neg_sampling": w2vlib.neg_sampling_loss_and_gradient, "check_skipgram": w2vlib.skipgram,
    "check_pca_coordinates": lambda v: _pca(v, {str(i): i for i in range(len(v))}, [str(i) for i in range(len(v))]),
    "check_analogy_rank": lambda wv, a, b, c, t: _analogy(wv, a, b, c, t).rank,
    "check_neighbours": lambda wv, w, n: _neighbours(wv, w, n),
    "check_shifted_pmi": w2vlib.shifted_pmi, "check_keep_probability": w2vlib.keep_probability,
    "check_cbow": w2vlib.cbow, "check_hierarchical_softmax": w2vlib.hierarchical_softmax_loss_and_gradient,
}
CHECKS = sorted(REFERENCE)


def test_every_check_is_covered():
    assert sorted(n for n in dir(exercises) if n.startswith("check_")) == CHECKS


@pytest.mark.parametrize("name", CHECKS)
def test_reference_passes(name):
    fn = REFERENCE[name]
    fn = own_copy(fn) if fn.__module__.startswith("w2vlib") else fn
    report = getattr(exercises, name)(fn)
    assert report.passed, str(report)
    assert str(report) == f"{name}: all {report.n_checks} checks passed"


@pytest.mark.parametrize("name", CHECKS)
def test_stub_is_not_attempted_yet(name):
    def my_answer(*args, **kwargs):
        raise NotImplementedError("Hint: start here.")
    report = getattr(exercises, name)(my_answer)
    assert not report.attempted and not report.passed
    assert str(report).startswith(f"{name}: not attempted yet (my_answer raises NotImplementedError: Hint: start here.)")


def test_uncentred_pca_is_rejected_and_named():
    def uncentred(v):
        return v @ np.linalg.svd(v, full_matrices=False)[2][:2].T
    report = exercises.check_pca_coordinates(uncentred)
    assert not report.passed and "without centring" in str(report)


def test_a_check_never_raises_and_counts_the_same():
    def crashes(*args):
        raise RuntimeError("boom")
    for name in CHECKS:
        report = getattr(exercises, name)(crashes)
        assert report.n_checks == getattr(exercises, name)(REFERENCE[name] if name.endswith(
            ("coordinates", "rank", "neighbours")) else own_copy(REFERENCE[name])).n_checks
        assert "raised RuntimeError: boom" in str(report) and f"of {report.n_checks} checks failed" in str(report)


# ----- the zoo of wrong implementations -------------------------------------------------------
# Each entry: (check, class of mistake, wrong function, a phrase the report must contain).
# Written as a student would, in this module's namespace (like a notebook's).
from w2vlib import get_negative_samples, sigmoid as lib_sigmoid  # noqa: E402  (as a notebook imports)
from w2vlib import softmax as lib_softmax  # noqa: E402
from w2vlib.toy import toy_vocabulary  # noqa: E402

TOY_WORD2IND = toy_vocabulary().word2ind
ZOO = []


def wrong(check, klass, phrase):
    def register(fn):
        ZOO.append(pytest.param(check, fn, phrase, id=f"{check[6:]}-{klass}-{fn.__name__}"))
        return fn
    return register


def _exp_norm(z, axis=-1):
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


# softmax
@wrong("check_softmax", "unstable", "nan")
def shift_by_mean(x):
    return _exp_norm(x - x.mean(axis=-1, keepdims=True))


@wrong("check_softmax", "unstable", "largest not first")
def shift_by_first_element(x):
    return _exp_norm(x - x[..., :1])


@wrong("check_softmax", "unstable", "rows near +1000")
def shift_by_global_max(x):
    return _exp_norm(x - np.max(x))


@wrong("check_softmax", "unstable", "nan")
def no_shift(x):
    return _exp_norm(x)


@wrong("check_softmax", "unstable", "rows near +1000")
def shift_by_column_max(x):
    return _exp_norm(x - x.max(axis=0, keepdims=True))


@wrong("check_softmax", "wrong-axis", "2-D scores, softmax of each row")
def normalise_columns(x):
    e = np.exp(x - x.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


@wrong("check_softmax", "mutation", "modified x")
def softmax_in_place(x):
    x -= x.max(axis=-1, keepdims=True)
    np.exp(x, out=x)
    x /= x.sum(axis=-1, keepdims=True)
    return x


@wrong("check_softmax", "type", "is a list")
def softmax_list(x):
    return _exp_norm(x - x.max(axis=-1, keepdims=True)).tolist()


@wrong("check_softmax", "dtype", "dtype float32")
def softmax_float32(x):
    return _exp_norm((x - x.max(axis=-1, keepdims=True)).astype(np.float32))


@wrong("check_softmax", "delegation", "calls w2vlib.softmax")
def softmax_via_module(x):
    return w2vlib.softmax(x)


@wrong("check_softmax", "delegation", "calls w2vlib.softmax")
def softmax_via_imported_name(x):
    return lib_softmax(x + 0.0)


# cross-entropy
@wrong("check_cross_entropy", "unstable", "0·log 0")
def textbook_cross_entropy(y, y_hat):
    return float(-np.sum(y * np.log(y_hat)))


@wrong("check_cross_entropy", "unstable", "1e-200")
def cross_entropy_epsilon(y, y_hat):
    return float(-np.sum(y * np.log(y_hat + 1e-12)))


@wrong("check_cross_entropy", "unstable", "1e-200")
def cross_entropy_clipped(y, y_hat):
    return float(-np.sum(y * np.log(np.clip(y_hat, 1e-15, 1.0))))


@wrong("check_cross_entropy", "clipping", "y_hat[o] = 0 exactly")
def cross_entropy_clipped_tiny(y, y_hat):
    return float(-np.sum(y * np.log(np.clip(y_hat, 1e-300, 1.0))))


@wrong("check_cross_entropy", "one-hot-only", "soft target")
def cross_entropy_argmax(y, y_hat):
    return float(-np.log(y_hat[np.argmax(y)]))


@wrong("check_cross_entropy", "type", "numpy array of shape ()")
def cross_entropy_0d(y, y_hat):
    mask = y > 0
    return np.array(-np.sum(y[mask] * np.log(y_hat[mask])))


@wrong("check_cross_entropy", "type", "numpy array of shape (1,)")
def cross_entropy_1_element(y, y_hat):
    mask = y > 0
    return -np.sum(y[mask] * np.log(y_hat[mask]), keepdims=True)


@wrong("check_cross_entropy", "dtype", "float32")
def cross_entropy_float32(y, y_hat):
    mask = y > 0
    return np.float32(-np.sum(y[mask] * np.log(y_hat[mask])))


@wrong("check_cross_entropy", "mutation", "modified y_hat")
def cross_entropy_patches_zeros(y, y_hat):
    y_hat[y_hat == 0] = 1.0
    return float(-np.sum(y * np.log(y_hat)))


@wrong("check_cross_entropy", "sign", "differs")
def cross_entropy_sign(y, y_hat):
    mask = y > 0
    return float(np.sum(y[mask] * np.log(y_hat[mask])))


@wrong("check_cross_entropy", "delegation", "calls w2vlib.cross_entropy")
def cross_entropy_delegates(y, y_hat):
    return w2vlib.cross_entropy(y, y_hat)


# naive softmax loss and gradients
def _naive_parts(v, o, U, shift=True):
    scores = U @ v
    y_hat = _exp_norm(scores - scores.max()) if shift else _exp_norm(scores)
    delta = y_hat.copy()
    delta[o] -= 1.0
    loss = float(np.logaddexp.reduce(scores) - scores[o])
    return loss, y_hat, delta


@wrong("check_naive_softmax", "unstable", "large scores")
def naive_unshifted(v, o, U, dataset=None):
    _, y_hat, delta = _naive_parts(v, o, U, shift=False)
    return float(-np.log(y_hat[o])), U.T @ delta, np.outer(delta, v)


@wrong("check_naive_softmax", "unstable", "loss holds inf")
def naive_log_of_softmax(v, o, U, dataset=None):
    _, y_hat, delta = _naive_parts(v, o, U)
    return float(-np.log(y_hat[o])), U.T @ delta, np.outer(delta, v)


@wrong("check_naive_softmax", "unstable", "loss differs: yours 23.02585093")
def naive_log_epsilon(v, o, U, dataset=None):
    _, y_hat, delta = _naive_parts(v, o, U)
    return float(-np.log(y_hat[o] + 1e-10)), U.T @ delta, np.outer(delta, v)


@wrong("check_naive_softmax", "shape", "shape (2, 12), expected (12, 2) (in 5 of 7 checks")
def naive_transposed_outside(v, o, U, dataset=None):
    loss, _, delta = _naive_parts(v, o, U)
    return loss, U.T @ delta, np.outer(v, delta)


@wrong("check_naive_softmax", "sign", "grad_center_vec differs")
def naive_center_sign(v, o, U, dataset=None):
    loss, _, delta = _naive_parts(v, o, U)
    return loss, -(U.T @ delta), np.outer(delta, v)


@wrong("check_naive_softmax", "only-row-o", "grad_outside_vecs differs")
def naive_only_true_row(v, o, U, dataset=None):
    loss, _, delta = _naive_parts(v, o, U)
    g = np.zeros_like(U)
    g[o] = delta[o] * v
    return loss, U.T @ delta, g


@wrong("check_naive_softmax", "mutation", "modified outside_vectors")
def naive_mutates(v, o, U, dataset=None):
    loss, _, delta = _naive_parts(v, o, U)
    g_c = U.T @ delta
    U *= 1.0 + 1e-9
    return loss, g_c, np.outer(delta, v)


@wrong("check_naive_softmax", "type", "loss is a numpy array of shape (1,)")
def naive_loss_array(v, o, U, dataset=None):
    loss, _, delta = _naive_parts(v, o, U)
    return np.array([loss]), U.T @ delta, np.outer(delta, v)


@wrong("check_naive_softmax", "dtype", "dtype float32")
def naive_float32(v, o, U, dataset=None):
    loss, _, delta = _naive_parts(v, o, U)
    return loss, (U.T @ delta).astype(np.float32), np.outer(delta, v)


@wrong("check_naive_softmax", "type", "expected a tuple of 3")
def naive_returns_list(v, o, U, dataset=None):
    loss, _, delta = _naive_parts(v, o, U)
    return [loss, U.T @ delta, np.outer(delta, v)]


@wrong("check_naive_softmax", "delegation", "calls w2vlib.naive_softmax_loss_and_gradient")
def naive_delegates(v, o, U, dataset=None):
    loss, g_c, g_U = w2vlib.naive_softmax_loss_and_gradient(v, o, U)
    return loss, g_c, g_U


# sigmoid
@wrong("check_sigmoid", "unstable", "never nan: sigmoid(x) holds nan")
def sigmoid_exp_over_one_plus_exp(x):
    return np.exp(x) / (1 + np.exp(x))


def _fill_sigmoid(x, out):
    """σ(x) written into ``out`` with masks, never exponentiating a positive number."""
    pos = x >= 0
    out[pos] = 1 / (1 + np.exp(-x[pos]))
    e = np.exp(x[~pos])
    out[~pos] = e / (1 + e)
    return out


@wrong("check_sigmoid", "scalar", "raised AttributeError: 'float' object has no attribute 'shape'")
def sigmoid_masks_arrays_only(x):          # "scalar or array": crashes on my_sigmoid(0.5)
    return _fill_sigmoid(x, np.empty(x.shape))


@wrong("check_sigmoid", "integer-array", "dtype int64 for an integer x")
def sigmoid_masks_empty_like(x):           # an integer x gives an integer result: every value truncated
    x = np.asarray(x)
    return _fill_sigmoid(x, np.empty_like(x))


@wrong("check_sigmoid", "imprecise", "tails x = ±40")
def sigmoid_clipped(x):
    return np.clip(_stable_sigmoid(x), 1e-10, 1 - 1e-10)


@wrong("check_sigmoid", "shape", "2-D")
def sigmoid_flattens(x):
    x = np.ravel(x)
    return np.array([1 / (1 + np.exp(-t)) if t >= 0 else np.exp(t) / (1 + np.exp(t)) for t in x])


@wrong("check_sigmoid", "mutation", "modified x")
def sigmoid_in_place(x):
    e = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1 / (1 + e), e / (1 + e))
    x[:] = out
    return x


@wrong("check_sigmoid", "dtype", "dtype float32")
def sigmoid_float32(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(np.float32)


@wrong("check_sigmoid", "type", "is a list")
def sigmoid_list(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).tolist()


@wrong("check_sigmoid", "delegation", "calls w2vlib.sigmoid")
def sigmoid_delegates(x):
    return np.asarray(lib_sigmoid(x), dtype=np.float64)


# sigmoid_grad
def _stable_sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


@wrong("check_sigmoid_grad", "imprecise-tail", "relative accuracy")
def sigmoid_grad_textbook(x):
    s = _stable_sigmoid(x)
    return s * (1 - s)


@wrong("check_sigmoid_grad", "overflow", "far tails")
def sigmoid_grad_exp_ratio(x):
    return np.exp(-x) / (1 + np.exp(-x)) ** 2


@wrong("check_sigmoid_grad", "overflow", "far tails")
def sigmoid_grad_exp_ratio_positive(x):
    return np.exp(x) / (1 + np.exp(x)) ** 2


@wrong("check_sigmoid_grad", "overflow", "far tails")
def sigmoid_grad_exp_times_square(x):
    s = _stable_sigmoid(x)
    return np.exp(-x) * s * s


@wrong("check_sigmoid_grad", "formula", "grid")
def sigmoid_grad_plus(x):
    s = _stable_sigmoid(x)
    return s * (1 + s)


@wrong("check_sigmoid_grad", "mutation", "modified x")
def sigmoid_grad_in_place(x):
    s, t = _stable_sigmoid(x), _stable_sigmoid(-x)
    x[:] = s * t
    return x.copy()


@wrong("check_sigmoid_grad", "dtype", "dtype float32")
def sigmoid_grad_float32(x):
    return (_stable_sigmoid(x) * _stable_sigmoid(-x)).astype(np.float32)


@wrong("check_sigmoid_grad", "delegation", "calls w2vlib.sigmoid_grad")
def sigmoid_grad_delegates(x):
    return np.asarray(w2vlib.activations.sigmoid_grad(x))


@wrong("check_sigmoid_grad", "scalar", "a scalar x")
def sigmoid_grad_from_shape(x):             # "scalar or array": x.shape fails on a float, out[:] on a 0-d array
    out = np.zeros(x.shape)
    out[:] = _stable_sigmoid(x) * _stable_sigmoid(-x)
    return out


# leaky ReLU derivative
@wrong("check_leaky_relu_grad", "ignores-argument", "alpha=0.2")
def leaky_ignores_alpha(x, alpha=0.01):
    return np.where(x > 0, 1.0, 0.01)


@wrong("check_leaky_relu_grad", "at-zero", "subgradient")
def leaky_zero_at_zero(x, alpha=0.01):
    return np.where(x > 0, 1.0, np.where(x < 0, alpha, 0.0))


@wrong("check_leaky_relu_grad", "mutation", "modified x")
def leaky_in_place(x, alpha=0.01):
    pos = x > 0
    x[pos], x[~pos] = 1.0, alpha
    return x


@wrong("check_leaky_relu_grad", "dtype", "dtype float32")
def leaky_float32(x, alpha=0.01):
    return np.where(x > 0, 1.0, alpha).astype(np.float32)


@wrong("check_leaky_relu_grad", "type", "is a list")
def leaky_list(x, alpha=0.01):
    return [1.0 if t > 0 else alpha for t in np.ravel(x)]


@wrong("check_leaky_relu_grad", "delegation", "calls w2vlib.leaky_relu_grad")
def leaky_delegates(x, alpha=0.01):
    return w2vlib.leaky_relu_grad(x, alpha)


@wrong("check_leaky_relu_grad", "integer-array", "dtype int64 for an integer x")
def leaky_ones_like(x, alpha=0.01):          # an integer x: alpha truncated to 0, also at x = 0
    g = np.ones_like(x)
    g[x <= 0] = alpha
    return g


@wrong("check_leaky_relu_grad", "scalar", "a scalar x")
def leaky_copy_of_x(x, alpha=0.01):
    g = x.copy()
    g[x > 0], g[x <= 0] = 1.0, alpha
    return g


# negative sampling
def _negsamp(v, o, U, negatives, log_sigmoid, add_at=True, rows_only=False):
    idx = np.array([o] + list(negatives))
    signs = np.r_[1.0, -np.ones(len(negatives))]
    z = signs * (U[idx] @ v)
    coeff = -signs * _stable_sigmoid(-z)
    g_c = coeff @ U[idx]
    if rows_only:
        return float(-np.sum(log_sigmoid(z))), g_c, np.outer(coeff, v)
    g_U = np.zeros_like(U)
    if add_at:
        np.add.at(g_U, idx, np.outer(coeff, v))
    else:
        g_U[idx] += np.outer(coeff, v)
    return float(-np.sum(log_sigmoid(z))), g_c, g_U


def _stable_log_sigmoid(z):
    return -np.logaddexp(0.0, -z)


@wrong("check_neg_sampling", "unstable", "log(0)")
def negsamp_naive_log_sigmoid(v, o, U, dataset, K=10):
    return _negsamp(v, o, U, get_negative_samples(o, dataset, K), lambda z: np.log(1 / (1 + np.exp(-z))))


@wrong("check_neg_sampling", "duplicates", "np.add.at")
def negsamp_fancy_index(v, o, U, dataset, K=10):
    return _negsamp(v, o, U, get_negative_samples(o, dataset, K), _stable_log_sigmoid, add_at=False)


@wrong("check_neg_sampling", "no-redraw", "must be redrawn")
def negsamp_keeps_outside_word(v, o, U, dataset, K=10):
    return _negsamp(v, o, U, [dataset.sample_token_idx() for _ in range(K)], _stable_log_sigmoid)


@wrong("check_neg_sampling", "ignores-dataset", "never called dataset.sample_token_idx()")
def negsamp_own_sampler(v, o, U, dataset, K=10):
    rng = np.random.default_rng(0)
    negatives = [int(i) for i in rng.choice([i for i in range(len(U)) if i != o], size=K)]
    return _negsamp(v, o, U, negatives, _stable_log_sigmoid)


@wrong("check_neg_sampling", "ignores-K", "ran out")
def negsamp_ignores_K(v, o, U, dataset, K=10):
    return _negsamp(v, o, U, get_negative_samples(o, dataset, 10), _stable_log_sigmoid)


@wrong("check_neg_sampling", "shape", "shape (4, 3), expected (8, 3)")
def negsamp_rows_only(v, o, U, dataset, K=10):
    return _negsamp(v, o, U, get_negative_samples(o, dataset, K), _stable_log_sigmoid, rows_only=True)


@wrong("check_neg_sampling", "mutation", "modified outside_vectors")
def negsamp_signs_in_place(v, o, U, dataset, K=10):
    negatives = get_negative_samples(o, dataset, K)
    out = _negsamp(v, o, U, negatives, _stable_log_sigmoid)
    U[negatives] *= -1.0        # "the signed matrix M", built in the argument itself
    return out


@wrong("check_neg_sampling", "sign", "differs")
def negsamp_negative_sign(v, o, U, dataset, K=10):
    loss, g_c, g_U = _negsamp(v, o, U, get_negative_samples(o, dataset, K), _stable_log_sigmoid)
    return -loss, g_c, g_U


@wrong("check_neg_sampling", "type", "loss is a numpy array of shape (1,)")
def negsamp_loss_array(v, o, U, dataset, K=10):
    loss, g_c, g_U = _negsamp(v, o, U, get_negative_samples(o, dataset, K), _stable_log_sigmoid)
    return np.array([loss]), g_c, g_U


@wrong("check_neg_sampling", "delegation", "calls w2vlib.neg_sampling_loss_and_gradient")
def negsamp_delegates(v, o, U, dataset, K=10):
    return w2vlib.negsamp.neg_sampling_loss_and_gradient(v, o, U, dataset, K)


#: The arrays notebooks 05-07 define at top level, which a student's function may read by mistake.
v_c = toy_vocabulary().center_vectors[3]                 # 'coffee', (2,)
center_vectors = toy_vocabulary().center_vectors          # (12, 2)


@wrong("check_neg_sampling", "reads-global", "raised ValueError, probably because it reads the global array `v_c`")
def negsamp_reads_notebook_v_c(center_word_vec, outside_word_idx, outside_vectors, dataset, K=10):
    return _negsamp(v_c, outside_word_idx, outside_vectors, get_negative_samples(outside_word_idx, dataset, K),
                    _stable_log_sigmoid)


def _negsamp_counts(v, o, U, dataset, K, counts_in_loss=True):
    """Part (h) written with counts, as notebook 06 asks."""
    words, n = np.unique(get_negative_samples(o, dataset, K), return_counts=True)
    z_o, z_w = U[o] @ v, U[words] @ v
    weights = n if counts_in_loss else np.ones_like(n)
    loss = np.logaddexp(0.0, -z_o) + weights @ np.logaddexp(0.0, z_w)
    g_U = np.zeros(U.shape)
    g_U[o] = -expit(-z_o) * v
    g_U[words] = np.outer(n * expit(z_w), v)
    return float(loss), -expit(-z_o) * U[o] + (n * expit(z_w)) @ U[words], g_U


@wrong("check_neg_sampling", "counts-not-in-loss",
       "loss equals the result with each repeated negative counted once: a word drawn n_s times adds n_s copies")
def negsamp_counts_forgotten_in_loss(v, o, U, dataset, K=10):
    return _negsamp_counts(v, o, U, dataset, K, counts_in_loss=False)


# skip-gram
def _skip(center, outside_words, word2ind, C, U, dataset, lg, mean=False, assign=False):
    loss, g_C, g_U = 0.0, np.zeros_like(C), np.zeros_like(U)
    c = word2ind[center]
    for w in outside_words:
        l, g_c, g_u = lg(C[c], word2ind[w], U, dataset)
        loss, g_U = loss + l, g_U + g_u
        g_C[c] = g_c if assign else g_C[c] + g_c        # assign: = where += is meant
    if mean:
        n = len(outside_words)
        return loss / n, g_C / n, g_U / n
    return loss, g_C, g_U


@wrong("check_skipgram", "ignores-argument", "uses its loss_and_gradient argument")
def skipgram_always_naive(center, m, outside, word2ind, C, U, dataset, loss_and_gradient=None):
    return _skip(center, outside, word2ind, C, U, dataset, w2vlib.naive_softmax_loss_and_gradient)


@wrong("check_skipgram", "ignores-dataset", "did not receive the `dataset`")
def skipgram_drops_dataset(center, m, outside, word2ind, C, U, dataset, loss_and_gradient=None):
    return _skip(center, outside, word2ind, C, U, None,
                 lambda v, o, U_, d: loss_and_gradient(v, o, U_, w2vlib.toy.toy_vocabulary().dataset(5)))


@wrong("check_skipgram", "ignores-word2ind", "another vocabulary")
def skipgram_global_vocabulary(center, m, outside, word2ind, C, U, dataset, loss_and_gradient=None):
    return _skip(center, outside, TOY_WORD2IND, C, U, dataset, loss_and_gradient)


@wrong("check_skipgram", "dedup", "repeated outside word")
def skipgram_set_of_words(center, m, outside, word2ind, C, U, dataset, loss_and_gradient=None):
    return _skip(center, list(dict.fromkeys(outside)), word2ind, C, U, dataset, loss_and_gradient)


@wrong("check_skipgram", "skips-centre", "repeated outside word")
def skipgram_skips_centre_word(center, m, outside, word2ind, C, U, dataset, loss_and_gradient=None):
    return _skip(center, [w for w in outside if w != center], word2ind, C, U, dataset, loss_and_gradient)


@wrong("check_skipgram", "mutation", "modified outside_words")
def skipgram_pops_words(center, m, outside, word2ind, C, U, dataset, loss_and_gradient=None):
    out = _skip(center, outside, word2ind, C, U, dataset, loss_and_gradient)
    while outside:
        outside.pop()
    return out


@wrong("check_skipgram", "mutation", "modified word2ind")
def skipgram_adds_unknown(center, m, outside, word2ind, C, U, dataset, loss_and_gradient=None):
    word2ind.setdefault("<unk>", 0)
    return _skip(center, outside, word2ind, C, U, dataset, loss_and_gradient)


@wrong("check_skipgram", "shape", "grad_center_vecs has shape")
def skipgram_center_row_only(center, m, outside, word2ind, C, U, dataset, loss_and_gradient=None):
    loss, g_C, g_U = _skip(center, outside, word2ind, C, U, dataset, loss_and_gradient)
    return loss, g_C[word2ind[center]], g_U


@wrong("check_skipgram", "mean-not-sum", "equal 1/n of the expected (n = the number of outside words)")
def skipgram_mean(center, m, outside, word2ind, C, U, dataset, loss_and_gradient=None):
    return _skip(center, outside, word2ind, C, U, dataset, loss_and_gradient, mean=True)


@wrong("check_skipgram", "type", "loss is a numpy array of shape ()")
def skipgram_loss_0d(center, m, outside, word2ind, C, U, dataset, loss_and_gradient=None):
    loss, g_C, g_U = _skip(center, outside, word2ind, C, U, dataset, loss_and_gradient)
    return np.array(loss), g_C, g_U


@wrong("check_skipgram", "delegation", "calls w2vlib.skipgram")
def skipgram_delegates(center, m, outside, word2ind, C, U, dataset, loss_and_gradient=None):
    return w2vlib.skipgram(center, m, outside, word2ind, C, U, dataset, loss_and_gradient)


@wrong("check_skipgram", "assign-not-add", "grad_center_vecs equals a single outside word's part (the last one added)")
def skipgram_assigns_row(center, m, outside, word2ind, C, U, dataset, loss_and_gradient=None):
    return _skip(center, outside, word2ind, C, U, dataset, loss_and_gradient, assign=True)


@wrong("check_skipgram", "reads-global", "probably because it reads the global array `center_vectors` (shape (12, 2))")
def skipgram_reads_notebook_vectors(center, m, outside, word2ind, C, U, dataset, loss_and_gradient=None):
    return _skip(center, outside, word2ind, center_vectors, U, dataset, loss_and_gradient)


# notebook 08: PCA coordinates
def _svd_axes(x):
    return np.linalg.svd(x, full_matrices=False)


@wrong("check_pca_coordinates", "uncentred", "without centring")
def pca_uncentred(v):
    return v @ _svd_axes(v)[2][:2].T


@wrong("check_pca_coordinates", "smallest-axes", "principal axis")
def pca_eigh_ascending(v):
    x = v - v.mean(axis=0)
    _, vecs = np.linalg.eigh(x.T @ x)
    return x @ vecs[:, :2]


@wrong("check_pca_coordinates", "columns-not-rows", "principal axis")
def pca_vt_columns(v):
    x = v - v.mean(axis=0)
    return x @ _svd_axes(x)[2][:, :2]


@wrong("check_pca_coordinates", "whitened", "principal axis")
def pca_whitened(v):
    x = v - v.mean(axis=0)
    return _svd_axes(x)[0][:, :2]


@wrong("check_pca_coordinates", "standardised", "principal axis")
def pca_standardised(v):
    x = (v - v.mean(axis=0)) / v.std(axis=0)
    return x @ _svd_axes(x)[2][:2].T


@wrong("check_pca_coordinates", "shape", "shape (2,")
def pca_transposed(v):
    x = v - v.mean(axis=0)
    return (x @ _svd_axes(x)[2][:2].T).T


@wrong("check_pca_coordinates", "mutation", "modified vectors")
def pca_centres_in_place(v):
    v -= v.mean(axis=0)
    return v @ _svd_axes(v)[2][:2].T


@wrong("check_pca_coordinates", "dtype", "dtype float32")
def pca_float32(v):
    x = (v - v.mean(axis=0)).astype(np.float32)
    return x @ _svd_axes(x)[2][:2].T


@wrong("check_pca_coordinates", "type", "is a list")
def pca_list(v):
    x = v - v.mean(axis=0)
    return (x @ _svd_axes(x)[2][:2].T).tolist()


@wrong("check_pca_coordinates", "delegation", "calls w2vlib.plot.pca_coordinates")
def pca_delegates(v):
    return plot.pca_coordinates(v, {str(i): i for i in range(len(v))}, [str(i) for i in range(len(v))])


# notebook 08: analogy rank
def _analogy_sims(wv, a, b, c, unit_query=True, unit_candidates=True, signs=(-1, 1, 1)):
    x = wv.vectors.astype(np.float64)
    u = wv.unit_vectors()
    q_src = u if unit_query else x
    q = signs[0] * q_src[wv.index(a)] + signs[1] * q_src[wv.index(b)] + signs[2] * q_src[wv.index(c)]
    cand = u if unit_candidates else x
    return cand @ q / np.linalg.norm(q)


def _rank(sims, wv, target, exclude=()):
    sims = sims.copy()
    sims[[wv.index(w) for w in exclude]] = -np.inf
    return int(np.sum(sims > sims[wv.index(target)])) + 1


@wrong("check_analogy_rank", "no-exclusion", "expected")
def analogy_keeps_abc(wv, a, b, c, target):
    return _rank(_analogy_sims(wv, a, b, c), wv, target)


@wrong("check_analogy_rank", "zero-based", "ranks start at 1")
def analogy_zero_based(wv, a, b, c, target):
    return _rank(_analogy_sims(wv, a, b, c), wv, target, (a, b, c)) - 1


@wrong("check_analogy_rank", "raw-vectors", "raw vectors")
def analogy_raw_query(wv, a, b, c, target):
    return _rank(_analogy_sims(wv, a, b, c, unit_query=False), wv, target, (a, b, c))


@wrong("check_analogy_rank", "dot-not-cosine", "expected")
def analogy_dot_product(wv, a, b, c, target):
    return _rank(_analogy_sims(wv, a, b, c, unit_candidates=False), wv, target, (a, b, c))


@wrong("check_analogy_rank", "sign", "expected")
def analogy_a_minus_b(wv, a, b, c, target):
    return _rank(_analogy_sims(wv, a, b, c, signs=(1, -1, 1)), wv, target, (a, b, c))


@wrong("check_analogy_rank", "euclidean", "expected")
def analogy_euclidean(wv, a, b, c, target):
    x = wv.vectors
    q = x[wv.index(b)] - x[wv.index(a)] + x[wv.index(c)]
    return _rank(-np.linalg.norm(x - q, axis=1), wv, target, (a, b, c))


@wrong("check_analogy_rank", "type", "return an int")
def analogy_float(wv, a, b, c, target):
    return float(_rank(_analogy_sims(wv, a, b, c), wv, target, (a, b, c)))


@wrong("check_analogy_rank", "type", "not a rank")
def analogy_returns_top(wv, a, b, c, target):
    sims = _analogy_sims(wv, a, b, c)
    return [wv.words[i] for i in np.argsort(-sims)[:5]]


@wrong("check_analogy_rank", "mutation", "modified wv")
def analogy_normalises_in_place(wv, a, b, c, target):
    wv.vectors /= np.linalg.norm(wv.vectors, axis=1, keepdims=True)
    return _rank(_analogy_sims(wv, a, b, c), wv, target, (a, b, c))


@wrong("check_analogy_rank", "delegation", "calls w2vlib.evaluate.analogy_rank")
def analogy_delegates(wv, a, b, c, target):
    return evaluate.analogy_rank(wv, a, b, c, target).rank


# notebook 08: neighbours
def _cos(wv, word):
    u = wv.unit_vectors()
    return u @ u[wv.index(word)]


@wrong("check_neighbours", "includes-itself", "must not be listed")
def neighbours_include_word(wv, word, n):
    sims = _cos(wv, word)
    return [(wv.words[i], float(sims[i])) for i in np.argsort(-sims, kind="stable")[:n]]


@wrong("check_neighbours", "drops-first-position", "exclude the word by index")
def neighbours_skip_first(wv, word, n):
    sims = _cos(wv, word)
    return [(wv.words[i], float(sims[i])) for i in np.argsort(-sims, kind="stable")[1:n + 1]]


@wrong("check_neighbours", "dot-not-cosine", "expected")
def neighbours_dot(wv, word, n):
    sims = wv.vectors @ wv[word]
    sims[wv.index(word)] = -np.inf
    return [(wv.words[i], float(_cos(wv, word)[i])) for i in np.argsort(-sims)[:n]]


@wrong("check_neighbours", "euclidean", "expected")
def neighbours_euclidean(wv, word, n):
    dist = np.linalg.norm(wv.vectors - wv[word], axis=1)
    dist[wv.index(word)] = np.inf
    return [(wv.words[i], float(_cos(wv, word)[i])) for i in np.argsort(dist)[:n]]


@wrong("check_neighbours", "ascending", "expected")
def neighbours_least_similar_first(wv, word, n):
    sims = _cos(wv, word)
    sims[wv.index(word)] = np.inf
    return [(wv.words[i], float(sims[i])) for i in np.argsort(sims)[:n]]


@wrong("check_neighbours", "off-by-one", "expected")
def neighbours_n_minus_1(wv, word, n):
    sims = _cos(wv, word)
    sims[wv.index(word)] = -np.inf
    return [(wv.words[i], float(sims[i])) for i in np.argsort(-sims)[:max(n - 1, 1)]]


@wrong("check_neighbours", "words-only", "expected (word, cosine) pairs")
def neighbours_words_only(wv, word, n):
    sims = _cos(wv, word)
    sims[wv.index(word)] = -np.inf
    return [wv.words[i] for i in np.argsort(-sims)[:n]]


@wrong("check_neighbours", "type", "return a list")
def neighbours_array(wv, word, n):
    sims = _cos(wv, word)
    sims[wv.index(word)] = -np.inf
    return np.array([(wv.words[i], sims[i]) for i in np.argsort(-sims)[:n]], dtype=object)


@wrong("check_neighbours", "dtype", "float32")
def neighbours_float32(wv, word, n):
    sims = _cos(wv, word).astype(np.float32)
    sims[wv.index(word)] = -np.inf
    return [(wv.words[i], sims[i]) for i in np.argsort(-sims)[:n]]


@wrong("check_neighbours", "mutation", "modified wv")
def neighbours_normalise_in_place(wv, word, n):
    wv.vectors /= np.linalg.norm(wv.vectors, axis=1, keepdims=True)
    sims = wv.vectors @ wv[word]
    sims[wv.index(word)] = -np.inf
    return [(wv.words[i], float(sims[i])) for i in np.argsort(-sims)[:n]]


@wrong("check_neighbours", "delegation", "calls w2vlib.WordVectors.most_similar")
def neighbours_most_similar(wv, word, n):
    return wv.most_similar(word, n)


@wrong("check_neighbours", "delegation", "calls w2vlib.evaluate.nearest_neighbours")
def neighbours_delegates(wv, word, n):
    return evaluate.nearest_neighbours(wv, word, n)


# notebook 10: shifted PMI
def _pmi(counts, K, row_axis=1, col_axis=0):
    counts = np.asarray(counts, dtype=np.float64)
    expected = np.outer(counts.sum(axis=row_axis), counts.sum(axis=col_axis)) / counts.sum()
    out = np.full(counts.shape, -np.inf)
    seen = counts > 0
    out[seen] = np.log(counts[seen] / expected[seen]) - np.log(K)
    return out


@wrong("check_shifted_pmi", "warns", "divide by zero")
def pmi_log_of_zero(counts, K):
    D = counts.sum()
    return np.log(counts * D / np.outer(counts.sum(1), counts.sum(0))) - np.log(K)


@wrong("check_shifted_pmi", "no-shift", "K = 5")
def pmi_no_shift(counts, K):
    return _pmi(counts, 1)


@wrong("check_shifted_pmi", "shift-sign", "K = 5")
def pmi_plus_log_k(counts, K):
    return _pmi(counts, 1) + np.log(K)


@wrong("check_shifted_pmi", "zero-for-unseen", "expected -inf")
def pmi_zero_for_unseen(counts, K):
    out = _pmi(counts, K)
    out[np.isneginf(out)] = 0.0
    return out


@wrong("check_shifted_pmi", "marginals-swapped", "asymmetric")
def pmi_marginals_swapped(counts, K):
    return _pmi(counts, K, row_axis=0, col_axis=1)


@wrong("check_shifted_pmi", "mutation", "modified counts")
def pmi_normalises_in_place(counts, K):
    counts /= counts.sum()
    return _pmi(counts, K)


@wrong("check_shifted_pmi", "dtype", "dtype float32")
def pmi_float32(counts, K):
    return _pmi(counts, K).astype(np.float32)


@wrong("check_shifted_pmi", "delegation", "calls w2vlib.shifted_pmi")
def pmi_delegates(counts, K):
    return w2vlib.shifted_pmi(counts, K=K)


# keep_probability (notebook 09): the C tool's min(1, (sqrt(f/t) + 1) t/f)
def _keep(counts, t):
    f = np.asarray(counts, dtype=np.float64) / np.sum(counts)
    keep = np.ones_like(f)
    seen = f > 0
    keep[seen] = np.minimum(1.0, (np.sqrt(f[seen] / t) + 1) * t / f[seen])
    return keep


@wrong("check_keep_probability", "paper-formula", "differs")
def keep_paper(counts, t):
    f = counts / counts.sum()
    out = np.ones_like(f)
    out[f > 0] = np.minimum(1.0, np.sqrt(t / f[f > 0]))
    return out


@wrong("check_keep_probability", "uncapped", "differs")
def keep_uncapped(counts, t):
    f = counts / counts.sum()
    out = np.ones_like(f)
    out[f > 0] = (np.sqrt(f[f > 0] / t) + 1) * t / f[f > 0]
    return out


@wrong("check_keep_probability", "raw-counts", "differs")
def keep_raw_counts(counts, t):
    out = np.ones_like(counts)
    out[counts > 0] = np.minimum(1.0, (np.sqrt(counts[counts > 0] / t) + 1) * t / counts[counts > 0])
    return out


@wrong("check_keep_probability", "warns", "divide by zero")
def keep_divides_by_zero(counts, t):
    f = counts / counts.sum()
    return np.minimum(1.0, (np.sqrt(f / t) + 1) * t / f)


@wrong("check_keep_probability", "mutation", "modified counts")
def keep_normalises_in_place(counts, t):
    counts /= counts.sum()
    return _keep(counts, t)


@wrong("check_keep_probability", "dtype", "dtype float32")
def keep_float32(counts, t):
    return _keep(counts, t).astype(np.float32)


@wrong("check_keep_probability", "delegation", "calls w2vlib.keep_probability")
def keep_delegates(counts, t):
    return w2vlib.keep_probability(counts, t)


# CBOW and hierarchical softmax (notebooks 11, 12): see the named tests at the end of this file
def _cbow_fancy_index(*args, **kwargs):
    return _cbow_variant(fancy_index=True)(*args, **kwargs)


def _cbow_ignores_average(*args, **kwargs):
    return _cbow_variant(ignore_average=True)(*args, **kwargs)


def _cbow_unscaled_gradient(center, m, context, word2ind, cv, ov, dataset, loss_fn, average=True):
    idx = [word2ind[w] for w in context]
    v_hat = cv[idx].mean(axis=0) if average else cv[idx].sum(axis=0)
    loss, g_hat, g_out = loss_fn(v_hat, word2ind[center], ov, dataset)
    grad = np.zeros_like(cv)
    np.add.at(grad, idx, g_hat)                      # forgets the 1/n of the mean
    return loss, grad, g_out


def _hs_variant(flip=False, drop_last=False, mean=False):
    def my_hs(v, o, U, tree):
        path, code = tree.paths[o], tree.codes[o]
        if drop_last:
            path, code = path[:-1], code[:-1]
        t = code if flip else 1 - code                 # the target; flip: t = code
        rows = U[path]
        scores = rows @ v
        terms = np.logaddexp(0.0, -(2 * t - 1) * scores)
        coeff = expit(scores) - t
        grad = np.zeros(U.shape)
        grad[path] = np.outer(coeff, v)
        return float(terms.mean() if mean else terms.sum()), coeff @ rows, grad
    return my_hs


_hs_flipped_code, _hs_short_path, _hs_mean = (_hs_variant(flip=True), _hs_variant(drop_last=True),
                                              _hs_variant(mean=True))


def _hs_sign_slip(v, o, U, tree):
    loss, g, gU = w2vlib.hierarchical_softmax_loss_and_gradient(v, o, U, tree)
    return loss, -g, gU


wrong("check_cbow", "repeated-row-once", "twice")(_cbow_fancy_index)
wrong("check_cbow", "sum-for-mean", "averaged")(_cbow_ignores_average)
wrong("check_cbow", "sum-for-mean", "equal the result of average=False")(_cbow_ignores_average)
wrong("check_cbow", "gradient-without-1/n",
      "grad_center_vecs equals n times the expected (n = the number of context words)")(_cbow_unscaled_gradient)
wrong("check_hierarchical_softmax", "flipped-code",
      "equal the result for the opposite branches (target t = code)")(_hs_flipped_code)
wrong("check_hierarchical_softmax", "short-path", "equal the result of the path without its last node")(_hs_short_path)
wrong("check_hierarchical_softmax", "mean-not-sum",
      "loss equals 1/n of the expected (n = the number of nodes on the path)")(_hs_mean)
wrong("check_cbow", "delegation", "calls w2vlib.cbow")(lambda *args: w2vlib.cbow(*args))
wrong("check_hierarchical_softmax", "sign", "grad_center_vec differs")(_hs_sign_slip)


@pytest.mark.parametrize("check, fn, phrase", ZOO)
def test_wrong_implementation_is_rejected(check, fn, phrase):
    report = getattr(exercises, check)(fn)
    text = str(report)
    assert not report.passed and report.attempted, text
    assert phrase in text, text
    assert report.n_checks == getattr(exercises, check)(_reference(check)).n_checks
    assert f"{report.n_failed} of {report.n_checks} checks failed" in text


def _reference(name):
    fn = REFERENCE[name]
    return own_copy(fn) if fn.__module__.startswith("w2vlib") else fn


# ----- the zoo of valid alternative styles -----------------------------------------------------
from scipy.special import expit, logsumexp, xlogy  # noqa: E402

VALID = []


def valid(check):
    def register(fn):
        VALID.append(pytest.param(check, fn, id=f"{check[6:]}-{fn.__name__}"))
        return fn
    return register


@valid("check_softmax")
def softmax_logsumexp(x):
    return np.exp(x - logsumexp(x, axis=-1, keepdims=True))


@valid("check_softmax")
def softmax_row_loop(x):
    rows = np.atleast_2d(x)
    out = np.empty_like(rows)
    for i, row in enumerate(rows):
        e = np.exp(row - row.max())
        out[i] = e / e.sum()
    return out.reshape(x.shape)


@valid("check_cross_entropy")
def cross_entropy_masked(y, y_hat):
    mask = y > 0
    return float(-np.sum(y[mask] * np.log(y_hat[mask])))


@valid("check_cross_entropy")
def cross_entropy_xlogy(y, y_hat):
    return float(-np.sum(xlogy(y, y_hat)))


@valid("check_naive_softmax")
def naive_y_hat_minus_y(v, o, U, dataset=None):
    scores = U @ v
    y_hat = _exp_norm(scores - scores.max())
    delta = y_hat.copy()
    delta[o] -= 1.0
    return float(logsumexp(scores) - scores[o]), U.T @ delta, np.outer(delta, v)


@valid("check_naive_softmax")
def naive_loops(v, o, U, dataset=None):
    scores = U @ v
    lse = logsumexp(scores)
    loss = lse - scores[o]
    g_c, g_U = np.zeros_like(v), np.zeros_like(U)
    for w in range(len(U)):
        d = np.exp(scores[w] - lse) - (w == o)
        g_c += d * U[w]
        g_U[w] = d * v
    return float(loss), g_c, g_U


@valid("check_sigmoid")
def sigmoid_where_both_branches(x):
    return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))


@valid("check_sigmoid")
def sigmoid_textbook(x):        # overflows to inf inside, yet every result is right: only a note
    return 1 / (1 + np.exp(-x))


@valid("check_sigmoid")
def sigmoid_tanh(x):            # σ(-40) comes out as 0: right to the double precision the statement asks
    return 0.5 * (1 + np.tanh(np.asarray(x) / 2))


@valid("check_sigmoid")
def sigmoid_one_minus(x):       # overflows to inf for x > 709 (a note), yet exactly 1 there
    return 1 - 1 / (1 + np.exp(x))


@valid("check_sigmoid")
def sigmoid_loop(x):
    x = np.asarray(x, dtype=np.float64)
    out = np.empty(x.shape)
    for i, t in np.ndenumerate(x):
        out[i] = 1 / (1 + np.exp(-t)) if t >= 0 else np.exp(t) / (1 + np.exp(t))
    return out


@valid("check_sigmoid")
def sigmoid_masks(x):
    x = np.asarray(x, dtype=np.float64)
    return _fill_sigmoid(x, np.empty_like(x))


@valid("check_sigmoid")
def sigmoid_scipy(x):
    return expit(x)


@valid("check_sigmoid")
def sigmoid_logaddexp(x):
    return np.exp(-np.logaddexp(0.0, -x))


@valid("check_sigmoid_grad")
def sigmoid_grad_symmetric(x):
    return sigmoid_where_both_branches(x) * sigmoid_where_both_branches(-x)


@valid("check_sigmoid_grad")
def sigmoid_grad_abs(x):
    e = np.exp(-np.abs(x))
    return e / (1 + e) ** 2


@valid("check_sigmoid_grad")
def sigmoid_grad_logs(x):
    return np.exp(-np.logaddexp(0.0, x) - np.logaddexp(0.0, -x))


@valid("check_sigmoid_grad")
def sigmoid_grad_scipy(x):
    return expit(x) * expit(-np.asarray(x))


@valid("check_leaky_relu_grad")
def leaky_one_at_zero(x, alpha=0.01):
    return np.where(x >= 0, 1.0, alpha)


@valid("check_leaky_relu_grad")
def leaky_arithmetic(x, alpha=0.01):
    return (x > 0) * (1.0 - alpha) + alpha


@valid("check_leaky_relu_grad")
def leaky_midpoint_at_zero(x, alpha=0.01):
    return np.select([x > 0, x < 0], [1.0, alpha], 0.5 * (1 + alpha))


@valid("check_leaky_relu_grad")
def leaky_loop(x, alpha=0.01):
    x = np.asarray(x, dtype=np.float64)
    out = np.empty(x.shape)
    for i, t in np.ndenumerate(x):
        out[i] = 1.0 if t > 0 else alpha
    return out


@valid("check_neg_sampling")
def negsamp_loop(v, o, U, dataset, K=10):
    negatives = []
    while len(negatives) < K:
        k = dataset.sample_token_idx()
        if k != o:
            negatives.append(k)
    z_o = U[o] @ v
    loss = np.logaddexp(0.0, -z_o)
    g_c = -expit(-z_o) * U[o]
    g_U = np.zeros_like(U)
    g_U[o] = -expit(-z_o) * v
    for k in negatives:
        z = U[k] @ v
        loss += np.logaddexp(0.0, z)
        g_c += expit(z) * U[k]
        g_U[k] += expit(z) * v
    return float(loss), g_c, g_U


@valid("check_neg_sampling")
def negsamp_add_at(v, o, U, dataset, K=10):
    return _negsamp(v, o, U, get_negative_samples(o, dataset, K), _stable_log_sigmoid)


@valid("check_neg_sampling")
def negsamp_counts(v, o, U, dataset, K=10):
    return _negsamp_counts(v, o, U, dataset, K)


@valid("check_skipgram")
def skipgram_loop(center, m, outside, word2ind, C, U, dataset, loss_and_gradient=None):
    return _skip(center, outside, word2ind, C, U, dataset, loss_and_gradient)


@valid("check_skipgram")
def skipgram_sum_of_results(center, m, outside, word2ind, C, U, dataset, loss_and_gradient=None):
    c = word2ind[center]
    results = [loss_and_gradient(C[c], word2ind[w], U, dataset) for w in outside]
    g_C = np.zeros_like(C)
    g_C[c] = sum(r[1] for r in results)
    return float(sum(r[0] for r in results)), g_C, sum(r[2] for r in results)


@valid("check_skipgram")
def skipgram_right_to_left(center, m, outside, word2ind, C, U, dataset, loss_and_gradient=None):
    return _skip(center, outside[::-1], word2ind, C, U, dataset, loss_and_gradient)


@valid("check_pca_coordinates")
def pca_svd(v):
    x = v - v.mean(axis=0)
    return x @ _svd_axes(x)[2][:2].T


@valid("check_pca_coordinates")
def pca_eigh_descending(v):
    x = v - v.mean(axis=0)
    vals, vecs = np.linalg.eigh(np.cov(x, rowvar=False))
    return x @ vecs[:, np.argsort(vals)[::-1][:2]]


@valid("check_pca_coordinates")
def pca_u_times_s(v):
    u, s, _ = _svd_axes(v - v.mean(axis=0))
    return u[:, :2] * s[:2]


@valid("check_analogy_rank")
def analogy_count_better(wv, a, b, c, target):
    return _rank(_analogy_sims(wv, a, b, c), wv, target, (a, b, c))


@valid("check_analogy_rank")
def analogy_sorted_list(wv, a, b, c, target):
    sims = _analogy_sims(wv, a, b, c)
    ranked = sorted((w for w in wv.words if w not in (a, b, c)), key=lambda w: -sims[wv.index(w)])
    return ranked.index(target) + 1


@valid("check_neighbours")
def neighbours_argsort(wv, word, n):
    sims = _cos(wv, word)
    sims[wv.index(word)] = -np.inf
    return [(wv.words[i], float(sims[i])) for i in np.argsort(-sims, kind="stable")[:n]]


@valid("check_neighbours")
def neighbours_sorted(wv, word, n):
    sims = _cos(wv, word)
    others = [(w, float(s)) for i, (w, s) in enumerate(zip(wv.words, sims)) if i != wv.index(word)]
    return sorted(others, key=lambda pair: -pair[1])[:n]


@valid("check_shifted_pmi")
def pmi_masked(counts, K):
    return _pmi(counts, K)


@valid("check_shifted_pmi")
def pmi_log_where(counts, K):
    ratio = counts * counts.sum() / np.outer(counts.sum(axis=1), counts.sum(axis=0))
    return np.log(ratio, out=np.full(counts.shape, -np.inf), where=counts > 0) - np.log(K)


@valid("check_keep_probability")
def keep_masked(counts, t):
    return _keep(counts, t)


@valid("check_keep_probability")
def keep_where(counts, t):
    f = counts / counts.sum()
    ratio = np.divide(t, f, out=np.ones_like(f), where=f > 0)
    return np.minimum(1.0, np.sqrt(ratio) + ratio)


@valid("check_cbow")
def cbow_add_at(*args, **kwargs):
    return _cbow_variant()(*args, **kwargs)


@valid("check_hierarchical_softmax")
def hs_vectorised(v, o, U, tree):
    return my_hierarchical_softmax(v, o, U, tree)


@valid("check_hierarchical_softmax")
def hs_loop(v, o, U, tree):
    loss, g_c, grad = 0.0, np.zeros(v.shape), np.zeros(U.shape)
    for node, code in zip(tree.paths[o], tree.codes[o]):
        score, t = U[node] @ v, 1 - code
        loss += np.logaddexp(0.0, -(2 * t - 1) * score)
        g_c += (expit(score) - t) * U[node]
        grad[node] += (expit(score) - t) * v
    return float(loss), g_c, grad


@valid("check_cbow")
def cbow_loop(center, m, context, word2ind, cv, ov, dataset, loss_fn=None, average=True):
    v_hat = np.zeros(cv.shape[1])
    for w in context:
        v_hat += cv[word2ind[w]]
    share = 1.0 / len(context) if average else 1.0
    loss, g_hat, g_out = loss_fn(share * v_hat, word2ind[center], ov, dataset)
    grad = np.zeros(cv.shape)
    for w in context:
        grad[word2ind[w]] += share * g_hat
    return loss, grad, g_out


@pytest.mark.parametrize("check, fn", VALID)
def test_valid_style_is_accepted(check, fn):
    report = getattr(exercises, check)(fn)
    assert report.passed, str(report)


def test_skipgram_check_with_negative_sampling_as_the_loss():
    # every case, the other vocabulary included, must draw negatives that exist in its vocabulary
    for style in (skipgram_loop, skipgram_right_to_left):          # the draws are replayed per outside word
        report = exercises.check_skipgram(style, w2vlib.neg_sampling_loss_and_gradient)
        assert report.passed, str(report)
    wrong = exercises.check_skipgram(skipgram_global_vocabulary, w2vlib.neg_sampling_loss_and_gradient)
    assert not wrong.passed and "another vocabulary" in str(wrong)


def test_the_zoos_cover_every_check():
    assert {p.values[0] for p in ZOO} == set(CHECKS) == {p.values[0] for p in VALID}
    assert len(ZOO) >= 100 and len(VALID) >= 25


def test_warnings_inside_a_right_answer_become_a_note():
    text = str(exercises.check_sigmoid(sigmoid_textbook))
    assert "all 8 checks passed" in text and "note: numpy reported overflow" in text
    assert "np.where" not in text                          # no np.where here: no word about its branches


def test_np_where_warnings_get_one_note_saying_both_branches_are_computed():
    text = str(exercises.check_sigmoid(sigmoid_where_both_branches))
    notes = [line for line in text.splitlines() if line.startswith("  note:")]
    assert "all 8 checks passed" in text and len(notes) == 1, text
    assert "overflow" in notes[0] and "np.where computes both branches for every element" in notes[0]
    assert "np.exp(-np.abs(x))" in notes[0]                 # the fix for sigmoid's exponentials


def cross_entropy_where(y, y_hat):   # right, but np.where evaluates log(0) and 0 * -inf in the branch it discards
    y, y_hat = np.asarray(y, dtype=float), np.asarray(y_hat, dtype=float)
    return float(-np.sum(np.where(y > 0, y * np.log(y_hat), 0.0)))


def test_np_where_note_gives_the_fix_for_the_function_checked():
    text = str(exercises.check_cross_entropy(cross_entropy_where))
    notes = [line for line in text.splitlines() if line.startswith("  note:")]
    assert "all 8 checks passed" in text and len(notes) == 1, text
    assert "np.log(y_hat[y > 0])" in notes[0] and "np.exp" not in notes[0]   # a log's fix, not sigmoid's


def test_one_line_per_distinct_problem_with_its_count():
    report = exercises.check_neg_sampling(negsamp_reads_notebook_v_c)
    lines = str(report).splitlines()
    assert report.n_failed == 7 and len(report.problems) == 7 and len(lines) == 2, str(report)
    assert lines[1].endswith("(in 7 of 9 checks, first in “distinct negatives [1, 2, 6], K = 3”)")
    assert "matmul" not in lines[1]                          # the diagnosis, not numpy's message


def test_different_problems_keep_their_own_lines():
    report = exercises.check_cross_entropy(cross_entropy_sign)
    lines = str(report).splitlines()[1:]
    assert len(lines) == 2 and "(in 4 of 8 checks" in lines[0] and "yours -inf, expected inf" in lines[1]


def test_a_scalar_has_no_index_and_a_quoted_case_no_doubled_quotes():
    text = str(exercises.check_cross_entropy(cross_entropy_sign))
    assert "cross-entropy differs: yours" in text and "at index" not in text
    text = str(exercises.check_skipgram(skipgram_pops_words))
    assert "first in “'coffee' with window" in text and "''" not in text


def test_a_global_array_read_by_a_right_answer_is_not_mentioned():
    def uses_global_but_right(x):
        _ = v_c.shape                                        # reads a notebook array, harmlessly
        return sigmoid_logaddexp(x)
    assert exercises.check_sigmoid(uses_global_but_right).passed


GARBAGE = [None, "text", object(), (1, 2, 3), np.array([np.nan]), [[1, 2], [3]], {"a": 1}, 1 + 2j]


@pytest.mark.parametrize("name", CHECKS)
def test_garbage_results_are_reported_never_raised(name):
    counts = set()
    for value in GARBAGE:
        report = getattr(exercises, name)(lambda *args, _v=value: _v)
        assert not report.passed and report.attempted
        counts.add(report.n_checks)
        str(report)
    assert counts == {getattr(exercises, name)(_reference(name)).n_checks}


@pytest.mark.parametrize("name", CHECKS)
def test_not_a_function_is_reported(name):
    report = getattr(exercises, name)(42)
    assert not report.passed and "not callable" in str(report)


def test_delegation_through_a_closure_is_caught_and_everything_is_restored():
    originals = (w2vlib.softmax, lib_softmax, w2vlib.WordVectors.most_similar, evaluate.nearest_neighbours)

    def make(inner):
        def my_softmax(x):
            return inner(x)
        return my_softmax
    assert "calls w2vlib.softmax" in str(exercises.check_softmax(make(w2vlib.softmax)))
    exercises.check_neighbours(neighbours_most_similar)
    assert (w2vlib.softmax, lib_softmax, w2vlib.WordVectors.most_similar, evaluate.nearest_neighbours) == originals
    assert globals()["lib_softmax"] is w2vlib.softmax is __import__("sys").modules["w2vlib.softmax"].softmax


def test_a_stub_left_in_one_branch_is_a_failed_check_not_not_attempted():
    def half_done(x):
        if x.ndim == 2:
            raise NotImplementedError("Hint: now the rows")
        return softmax_logsumexp(x)
    report = exercises.check_softmax(half_done)
    assert report.attempted and "raised NotImplementedError: Hint: now the rows" in str(report)


# ----- check_cbow and check_hierarchical_softmax ------------------------------------------------


def _stub_cbow_hs(*args, **kwargs):
    raise NotImplementedError("Hint: ...")


def my_hierarchical_softmax(v, o, U, tree):
    path, code = tree.paths[o], tree.codes[o]
    rows = U[path]
    scores = rows @ v
    coeff = w2vlib.sigmoid(scores) - (1 - code)
    grad = np.zeros(U.shape)
    grad[path] = np.outer(coeff, v)
    return float(np.sum(np.logaddexp(0.0, -(1 - 2 * code) * scores))), coeff @ rows, grad


def test_correct_implementations_pass():
    for check, fn in ((exercises.check_cbow, _cbow_variant()), (exercises.check_hierarchical_softmax, my_hierarchical_softmax)):
        report = check(fn)
        assert report.passed and report.n_checks >= 7 and "passed" in str(report), str(report)


def test_stubs_are_not_attempted_yet():
    for check in (exercises.check_cbow, exercises.check_hierarchical_softmax):
        report = check(_stub_cbow_hs)
        assert not report.passed and "not attempted yet" in str(report)


def _cbow_variant(fancy_index=False, ignore_average=False):
    def my_cbow(center, m, context, word2ind, cv, ov, dataset, loss_fn, average=True):
        idx = np.array([word2ind[w] for w in context])
        scale = 1.0 if (ignore_average or not average) else 1.0 / len(idx)
        v_hat = scale * cv[idx].sum(axis=0)
        loss, g_hat, g_out = loss_fn(v_hat, word2ind[center], ov, dataset)
        grad = np.zeros_like(cv)
        if fancy_index:
            grad[idx] += scale * g_hat
        else:
            np.add.at(grad, idx, scale * g_hat)
        return loss, grad, g_out
    return my_cbow


def test_cbow_checks_catch_a_repeated_row_counted_once():
    report = exercises.check_cbow(_cbow_variant(fancy_index=True))
    assert len(report.problems) == 1 and "np.add.at" in str(report) and "twice" in str(report)


def test_cbow_checks_catch_a_sum_where_the_mean_is_asked():
    report = exercises.check_cbow(_cbow_variant(ignore_average=True))
    assert not report.passed and "averaged" in str(report) and "summed" not in str(report)


def test_hs_checks_catch_an_overflowing_log_sigmoid_and_a_sign_slip():
    def textbook(v, o, U, tree):
        rows, sign = U[tree.paths[o]], tree.signs[o]
        z = sign * (rows @ v)
        s = 1 / (1 + np.exp(-z))
        coeff = -sign * (1 - s)
        grad = np.zeros(U.shape)
        grad[tree.paths[o]] = np.outer(coeff, v)
        return -np.sum(np.log(s)), coeff @ rows, grad
    report = exercises.check_hierarchical_softmax(textbook)
    assert len(report.problems) == 1 and "large scores" in str(report) and "log(0)" in str(report)

    def sign_slip(v, o, U, tree):
        loss, g, gU = w2vlib.hierarchical_softmax_loss_and_gradient(v, o, U, tree)
        return loss, -g, gU
    report = exercises.check_hierarchical_softmax(sign_slip)
    assert not report.passed and "grad_center_vec differs" in str(report)
    assert "leaves its arguments unchanged: modified" not in str(report)          # a tree compares by value


def test_calling_the_library_is_not_an_answer():
    def delegates(v, o, U, tree):
        return w2vlib.hierarchical_softmax_loss_and_gradient(v, o, U, tree)
    report = exercises.check_hierarchical_softmax(delegates)
    assert len(report.problems) == 1 and "does its own computation" in str(report)
    report = exercises.check_cbow(lambda *args: w2vlib.cbow(*args))
    assert len(report.problems) == 1 and "calls w2vlib.cbow" in str(report)


def test_hs_checks_catch_a_gradient_shaped_like_the_tree_not_the_input():
    def fixed_shape(v, o, U, tree):
        loss, g, gU = w2vlib.hierarchical_softmax_loss_and_gradient(v, o, U[:tree.n_inner], tree)
        return loss, g, gU
    report = exercises.check_hierarchical_softmax(fixed_shape)
    assert "has shape (11, 2), expected (12, 2)" in str(report) and "(V, d) matrix" in str(report)
