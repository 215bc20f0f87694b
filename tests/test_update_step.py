"""The pure core of the update-step widget: w2vlib.update_step.

Every expected value is recomputed here from the w2vlib loss functions (or from the formulas
of the handout), independently of how update_step splits the gradient into parts.
"""
import re
import warnings
from functools import partial

import numpy as np
import pytest

from w2vlib import gradcheck
from w2vlib.negsamp import get_negative_samples, neg_sampling_loss_and_gradient
from w2vlib.skipgram import skipgram
from w2vlib.softmax import naive_softmax_loss_and_gradient, softmax
from w2vlib.toy import SENTENCE, ToyDataset, toy_vocabulary
from w2vlib.update_step import format_readout, update_step

LR = 0.3

# (kind, keyword arguments) covering every kind and inner loss.
CASES = [
    ("naive", dict(center="coffee", outside="hot")),
    ("naive", dict(center="cat", outside="rain")),
    ("outside", dict(center="coffee", outside="hot")),
    ("negsamp", dict(center="coffee", outside="hot", K=5, seed=0)),
    ("negsamp", dict(center="tea", outside="cold", K=8, seed=3)),
    ("negsamp", dict(center="coffee", outside="hot", negatives=["dog", "dog", "rain"])),
    ("skipgram", dict(position=3, window=2, inner="naive")),
    ("skipgram", dict(position=0, window=3, inner="negsamp", K=4, seed=1)),
]
IDS = [f"{k}-{'-'.join(f'{a}={b}' for a, b in kw.items())}" for k, kw in CASES]


def expected_gradient(kind, vocab, kw):
    """(loss, gradient of the stepped variable) straight from the w2vlib functions."""
    w2i = vocab.word2ind
    U = vocab.outside_vectors
    if kind == "skipgram":
        t, m = kw["position"], kw["window"]
        window = SENTENCE[max(0, t - m):t] + SENTENCE[t + 1:t + 1 + m]
        inner = (naive_softmax_loss_and_gradient if kw["inner"] == "naive"
                 else partial(neg_sampling_loss_and_gradient, K=kw["K"]))
        loss, g_c, _ = skipgram(SENTENCE[t], m, window, w2i, vocab.center_vectors, U,
                                ToyDataset(seed=kw.get("seed", 0)), loss_and_gradient=inner)
        return loss, g_c[w2i[SENTENCE[t]]]
    v_c = vocab.center_vectors[w2i[kw["center"]]]
    o = w2i[kw["outside"]]
    if kind == "negsamp":
        if "negatives" in kw:
            dataset = _Fixed([w2i[w] for w in kw["negatives"]])
            K = len(kw["negatives"])
        else:
            dataset, K = ToyDataset(seed=kw["seed"]), kw["K"]
        loss, g_c, _ = neg_sampling_loss_and_gradient(v_c, o, U, dataset, K=K)
        return loss, g_c
    loss, g_c, g_out = naive_softmax_loss_and_gradient(v_c, o, U)
    return loss, (g_out if kind == "outside" else g_c)


class _Fixed:
    def __init__(self, idx):
        self.idx = list(idx)

    def sample_token_idx(self):
        return self.idx.pop(0)


@pytest.mark.parametrize("kind,kw", CASES, ids=IDS)
def test_step_is_minus_lr_times_the_w2vlib_gradient(kind, kw):
    vocab = toy_vocabulary()
    loss, grad = expected_gradient(kind, vocab, kw)
    r = update_step(kind, vocab, lr=LR, **kw)
    assert r.loss_before == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(r.grad, grad, rtol=1e-12, atol=1e-14)
    if kind == "outside":
        np.testing.assert_allclose(r.outside_after, vocab.outside_vectors - LR * grad, rtol=1e-12, atol=1e-14)
        np.testing.assert_array_equal(r.center_after, r.center_before)
    else:
        np.testing.assert_allclose(r.center_after, r.center_before - LR * grad, rtol=1e-12, atol=1e-14)
        np.testing.assert_array_equal(r.outside_after, vocab.outside_vectors)
    assert r.finite and np.linalg.norm(r.grad) > 0.05


@pytest.mark.parametrize("kind,kw", CASES, ids=IDS)
def test_parts_sum_to_the_gradient(kind, kw):
    r = update_step(kind, lr=LR, **kw)
    assert len(r.parts) >= 2 or kind == "skipgram" and len(r.parts) == len(r.outside_words)
    total = sum(r.parts.values())
    np.testing.assert_allclose(total, r.grad, rtol=1e-10, atol=1e-12)
    assert set(r.parts) == set(r.part_labels)


@pytest.mark.parametrize("kind,kw", CASES, ids=IDS)
def test_first_order_prediction_for_a_small_step(kind, kw):
    r = update_step(kind, lr=1e-4, **kw)
    assert r.predicted_change == pytest.approx(-1e-4 * np.sum(r.grad ** 2), rel=1e-12)
    assert r.actual_change < 0 and not r.overshoot
    assert abs(r.actual_change - r.predicted_change) <= 0.01 * abs(r.predicted_change)


@pytest.mark.parametrize("kind,kw", CASES, ids=IDS)
def test_gradient_matches_central_differences_of_the_loss_before(kind, kw):
    """The gradient reported is the gradient of the loss reported (w2vlib.gradcheck)."""
    base = toy_vocabulary()
    var = "outside" if kind == "outside" else "center"
    c = update_step(kind, base, lr=LR, **kw).center
    row = base.words.index(c)

    def f(x):
        vocab = toy_vocabulary()
        if var == "outside":
            vocab.outside_vectors = x.copy()
        else:
            vocab.center_vectors[row] = x
        r = update_step(kind, vocab, lr=LR, **kw)
        return r.loss_before, r.grad

    x0 = base.outside_vectors if var == "outside" else base.center_vectors[row]
    result = gradcheck(f, x0)
    assert result.passed, str(result)


def test_naive_parts_are_pull_minus_u_o_and_push_expected_vector():
    vocab = toy_vocabulary()
    r = update_step("naive", vocab, "coffee", "hot", LR)
    U = vocab.outside_vectors
    y_hat = softmax(U @ vocab.center_vectors[vocab.index("coffee")])
    np.testing.assert_allclose(r.parts["pull"], -U[vocab.index("hot")])
    np.testing.assert_allclose(r.parts["push"], y_hat @ U, rtol=1e-12)
    np.testing.assert_allclose(r.probs_before, y_hat, rtol=1e-12)
    np.testing.assert_allclose(r.probs_after, softmax(U @ r.center_after), rtol=1e-12)


def test_outside_kind_moves_every_u_w_by_minus_lr_residual_times_v_c():
    vocab = toy_vocabulary()
    r = update_step("outside", vocab, "milk", "cold", LR)
    v_c = vocab.center_vectors[vocab.index("milk")]
    y = np.zeros(len(vocab.words))
    y[vocab.index("cold")] = 1.0
    y_hat = softmax(vocab.outside_vectors @ v_c)
    moved = r.outside_after - vocab.outside_vectors
    for w in range(len(vocab.words)):
        np.testing.assert_allclose(moved[w], -LR * (y_hat[w] - y[w]) * v_c, rtol=1e-12, atol=1e-15)
    # u_o moves towards v_c, every other u_w away from it
    assert moved[vocab.index("cold")] @ v_c > 0
    assert all(moved[w] @ v_c < 0 for w in range(len(vocab.words)) if w != vocab.index("cold"))


def test_a_negative_drawn_twice_pushes_twice():
    twice = update_step("negsamp", None, "coffee", "hot", LR, negatives=["dog", "dog", "rain"])
    once = update_step("negsamp", None, "coffee", "hot", LR, negatives=["dog", "rain"])
    np.testing.assert_allclose(twice.parts["push dog"], 2 * once.parts["push dog"], rtol=1e-12)
    np.testing.assert_allclose(twice.parts["push rain"], once.parts["push rain"], rtol=1e-12)
    np.testing.assert_allclose(twice.grad - once.grad, once.parts["push dog"], rtol=1e-10, atol=1e-14)
    assert twice.negative_counts == {"dog": 2, "rain": 1}
    assert twice.negatives == ["dog", "dog", "rain"] and twice.K == 3
    assert any("dog×2" in value for _, value in format_readout(twice))


def test_sampled_negatives_are_seeded_and_resampled_by_a_new_seed():
    a = update_step("negsamp", None, "coffee", "hot", LR, K=6, seed=7)
    b = update_step("negsamp", None, "coffee", "hot", LR, K=6, seed=7)
    assert a.negatives == b.negatives
    vocab = toy_vocabulary()
    assert a.negatives == [vocab.words[i] for i in
                           get_negative_samples(vocab.index("hot"), ToyDataset(seed=7), 6)]
    others = {tuple(update_step("negsamp", None, "coffee", "hot", LR, K=6, seed=s).negatives) for s in range(8, 12)}
    assert len(others | {tuple(a.negatives)}) > 1
    assert "hot" not in a.negatives


def test_skipgram_has_one_part_per_window_word_and_uses_the_same_negatives_after():
    r = update_step("skipgram", None, None, None, LR, position=3, window=2, inner="negsamp", K=3, seed=2)
    assert r.center == "coffee"
    assert r.outside_words == ["like", "hot", "i", "drink"] and r.offsets == [-2, -1, 1, 2]
    assert list(r.parts) == ["j=-2 like", "j=-1 hot", "j=+1 i", "j=+2 drink"]
    assert len(r.negatives) == 4 * 3
    # loss after = the same window, the same negatives, at v_c after
    vocab = toy_vocabulary()
    vocab.center_vectors[vocab.index("coffee")] = r.center_after
    w2i = vocab.word2ind
    after, _, _ = skipgram("coffee", 2, r.outside_words, w2i, vocab.center_vectors, vocab.outside_vectors,
                           _Fixed([w2i[w] for w in r.negatives]),
                           loss_and_gradient=partial(neg_sampling_loss_and_gradient, K=3))
    assert r.loss_after == pytest.approx(after, rel=1e-12)
    # the window is clipped at the sentence ends: -m <= j <= m, j != 0, including j = +m
    edge = update_step("skipgram", None, None, None, LR, position=0, window=2)
    assert edge.outside_words == SENTENCE[1:3] and edge.offsets == [1, 2]
    assert update_step("skipgram", None, "drink", None, LR).center == "drink"


def test_overshoot_is_a_message_not_an_error():
    r = update_step("skipgram", None, None, None, 0.5, position=3, window=2, inner="negsamp", K=5)
    assert r.actual_change > 0 and r.overshoot and r.finite
    assert r.message.startswith("Overshoot: the loss went UP")
    small = update_step("skipgram", None, None, None, 0.01, position=3, window=2, inner="negsamp", K=5)
    assert not small.overshoot and "went down" in small.message


def test_non_finite_results_are_reported_not_raised():
    r = update_step("negsamp", None, "coffee", "hot", 1e308, K=5)
    assert not r.finite and not r.overshoot
    assert r.message.startswith("Non-finite result")
    vocab = toy_vocabulary()
    vocab.center_vectors *= 1e200
    r = update_step("outside", vocab, "coffee", "hot", 1e200)
    assert not r.finite and "Non-finite" in r.message


def test_inputs_are_not_modified():
    vocab = toy_vocabulary()
    C, U = vocab.center_vectors.copy(), vocab.outside_vectors.copy()
    for kind, kw in CASES:
        update_step(kind, vocab, lr=2.0, **kw)
    np.testing.assert_array_equal(vocab.center_vectors, C)
    np.testing.assert_array_equal(vocab.outside_vectors, U)


@pytest.mark.parametrize("args,kw,name", [
    (("softmax", None, "coffee", "hot", 0.5), {}, "kind"),
    (("naive", None, "latte", "hot", 0.5), {}, "center"),
    (("naive", None, "coffee", "Hot", 0.5), {}, "outside"),
    (("naive", None, "coffee", None, 0.5), {}, "outside"),
    (("naive", None, "coffee", "hot", 0.0), {}, "lr"),
    (("naive", None, "coffee", "hot", -0.1), {}, "lr"),
    (("naive", None, "coffee", "hot", float("nan")), {}, "lr"),
    (("naive", None, "coffee", "hot", float("inf")), {}, "lr"),
    (("negsamp", None, "coffee", "hot", 0.5), {"K": 0}, "K"),
    (("negsamp", None, "coffee", "hot", 0.5), {"negatives": ["dog", "hot"]}, "outside word"),
    (("negsamp", None, "coffee", "hot", 0.5), {"negatives": ["dog", "puma"]}, "negatives[1]"),
    (("negsamp", None, "coffee", "hot", 0.5), {"negatives": ["dog"], "K": 4}, "K=4"),
    (("naive", None, "coffee", "hot", 0.5), {"negatives": ["dog"]}, "negatives"),
    (("skipgram", None, None, None, 0.5), {"position": 8}, "position"),
    (("skipgram", None, None, None, 0.5), {"window": 0}, "window"),
    (("skipgram", None, None, None, 0.5), {"inner": "hs"}, "inner"),
    (("skipgram", None, None, "hot", 0.5), {}, "outside"),
    (("skipgram", None, "tea", None, 0.5), {}, "center"),
    (("skipgram", None, "milk", None, 0.5), {"position": 3}, "center"),
])
def test_bad_input_is_a_value_error_naming_the_argument(args, kw, name):
    with pytest.raises(ValueError, match=name.replace("[", r"\[").replace("]", r"\]")):
        update_step(*args, **kw)


@pytest.mark.parametrize("lr", ["0.5", True, None])
def test_non_numeric_learning_rate_is_a_type_error(lr):
    with pytest.raises(TypeError, match="lr"):
        update_step("naive", None, "coffee", "hot", lr)


@pytest.mark.parametrize("kind,kw", CASES, ids=IDS)
def test_parts_are_labelled_as_gradient_terms_and_their_steps_say_the_sign(kind, kw):
    """Issue 9 item 12: never leave the sign to the reader; never label an arrow with a loss."""
    r = update_step(kind, lr=LR, **kw)
    d = r.as_dict()
    for key, part in r.parts.items():
        assert r.part_labels[key].startswith("gradient term ")
        assert "η" in r.step_labels[key] and "η" in r.part_legends[key]
        np.testing.assert_allclose(d["step_parts"][key], -LR * part, rtol=1e-15)
        assert not re.search(r"[×*]\s*J\(", r.step_labels[key] + r.part_legends[key])
    np.testing.assert_allclose(sum(d["step_parts"].values()), r.step, rtol=1e-10, atol=1e-14)
    readout = dict(format_readout(r))
    for key in r.parts:
        assert r.part_labels[key] in readout[f"step part: {r.step_labels[key]}"]


def test_pull_step_points_towards_u_o():
    vocab = toy_vocabulary()
    r = update_step("naive", vocab, "coffee", "hot", LR)
    u_o = vocab.outside_vectors[vocab.index("hot")]
    np.testing.assert_allclose(r.step_parts["pull"], LR * u_o)
    assert r.step_labels["pull"].startswith("pull towards u_o: +η u_o")


def _huge(scale):
    vocab = toy_vocabulary()
    vocab.center_vectors *= scale
    vocab.outside_vectors *= scale
    return vocab


# Issue 11, category 10 (the update-step core and panel): each case is (what, call, check).
WORDS = dict(center="coffee", outside="hot")
CATEGORY_10 = [
    ("vocab={}", lambda f: f("naive", {}, **WORDS), ("raises", TypeError, "vocab must be a ToyVocabulary")),
    ("vocab=[]", lambda f: f("naive", [], **WORDS), ("raises", TypeError, "vocab")),
    ("vocab='toy'", lambda f: f("negsamp", "toy", **WORDS), ("raises", TypeError, "vocab")),
] + [
    (f"{kind} at 1e{int(np.log10(scale))}", lambda f, kind=kind, scale=scale: f(
        kind, _huge(scale), **({} if kind == "skipgram" else WORDS)), ("overflow",))
    for kind in ("naive", "outside", "negsamp", "skipgram") for scale in (1e160, 1e300)
] + [
    (f"{kind} at lr=1e-300", lambda f, kind=kind: f(kind, None, lr=1e-300, **({} if kind == "skipgram" else WORDS)),
     ("unchanged",))
    for kind in ("naive", "outside", "negsamp", "skipgram")
]


@pytest.mark.parametrize("via", ["update_step", "panel"])
@pytest.mark.parametrize("what,call,check", CATEGORY_10, ids=[c[0] for c in CATEGORY_10])
def test_bad_vocab_overflow_and_tiny_steps_end_clearly(what, call, check, via):
    from w2vlib.widget import update_step_panel

    def through_panel(kind, vocab=None, **kw):
        panel = update_step_panel(kind, vocab, **kw)
        panel.step()                    # a non-finite step is reported, not applied; a tiny one is taken
        return panel.state

    f = update_step if via == "update_step" else through_panel
    if check[0] == "raises":
        with pytest.raises(check[1], match=check[2]):
            f = call(f)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")           # no RuntimeWarning from an overflow either
        r = call(f)
    r = r if isinstance(r, dict) else r.as_dict()
    if check[0] == "overflow":
        assert r["finite"] is False and r["message"].startswith("Non-finite result: the vectors are so large")
        assert not r["parts"] and np.isnan(r["loss_before"])
    else:
        assert r["finite"] and r["actual_change"] == 0.0
        assert "went down" not in r["message"] and "did not change" in r["message"]
