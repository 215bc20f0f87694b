"""What is specific to each kind of update step (w2vlib.panel's kind modules).

Every expected value is recomputed here from the w2vlib loss functions (or the handout's
formulas), independently of how a kind splits its gradient into parts.
"""
import re
import threading
import warnings
from functools import partial

import numpy as np
import pytest

from w2vlib import (cbow, hierarchical_softmax_loss_and_gradient, huffman_tree, neg_sampling_loss_and_gradient,
                    skipgram)
from w2vlib.negsamp import ReplayDataset, get_negative_samples
from w2vlib.panel import (format_readout, get_kind, kind_names, subtree_inner_vectors, update_step,
                          update_step_panel)
from w2vlib.softmax import naive_softmax_loss_and_gradient, softmax
from w2vlib.toy import SENTENCE, ToyDataset, toy_vocabulary

LR = 0.3

# (kind, keyword arguments) covering every kind, inner loss, seeded and forced negatives.
CASES = [
    ("naive", dict(center="coffee", outside="hot")),
    ("naive", dict(center="cat", outside="rain")),
    ("outside", dict(center="coffee", outside="hot")),
    ("outside", dict(center="milk", outside="cold")),
    ("negsamp", dict(center="coffee", outside="hot", K=5, seed=0)),
    ("negsamp", dict(center="tea", outside="cold", K=8, seed=3)),
    ("negsamp", dict(center="coffee", outside="hot", negatives=["dog", "dog", "rain"])),
    ("skipgram", dict(position=3, window=2, inner="naive")),
    ("skipgram", dict(position=0, window=3, inner="negsamp", K=4, seed=1)),
    ("cbow", dict(position=3, window=2, inner="naive")),
    ("cbow", dict(position=2, window=2, inner="naive")),
    ("cbow", dict(position=3, window=2, inner="negsamp", K=4, seed=2)),
    ("cbow", dict(position=3, window=2, inner="negsamp", negatives=["dog", "dog", "rain"])),
    ("hs", dict(center="coffee", outside="tea")),
    ("hs", dict(center="cat", outside="rain")),
]
IDS = [f"{k}-{'-'.join(f'{a}={b}' for a, b in kw.items())}" for k, kw in CASES]
WINDOW_KINDS = ("skipgram", "cbow")


def default_words(kind):
    spec = get_kind(kind)
    return {} if spec.controls == "window" else dict(center=spec.defaults["center"], outside=spec.defaults["outside"])


def dataset_for(vocab, kw):
    """The negatives' source the kind is documented to use: the forced list, or a ToyDataset seeded with seed."""
    if "negatives" in kw:
        return ReplayDataset([vocab.index(w) for w in kw["negatives"]]), len(kw["negatives"])
    return ToyDataset(seed=kw.get("seed", 0)), kw.get("K", 5)


def expected(kind, kw, C, U):
    """(loss, gradient of the moved variable) straight from the w2vlib functions, at centre
    vectors C and outside vectors U."""
    toy = toy_vocabulary()
    w2i = toy.word2ind
    if kind in WINDOW_KINDS:
        t, m = kw["position"], kw["window"]
        window = SENTENCE[max(0, t - m):t] + SENTENCE[t + 1:t + 1 + m]
        dataset, K = dataset_for(toy, kw)
        inner = (naive_softmax_loss_and_gradient if kw["inner"] == "naive"
                 else partial(neg_sampling_loss_and_gradient, K=K))
        model = skipgram if kind == "skipgram" else cbow
        loss, g_C, _ = model(SENTENCE[t], m, window, w2i, C, U, dataset, loss_and_gradient=inner)
        rows = [w2i[SENTENCE[t]]] if kind == "skipgram" else list(dict.fromkeys(w2i[w] for w in window))
        return loss, (g_C[rows[0]] if kind == "skipgram" else g_C[rows])
    v_c, o = C[w2i[kw["center"]]], w2i[kw["outside"]]
    if kind == "negsamp":
        dataset, K = dataset_for(toy, kw)
        loss, g_c, _ = neg_sampling_loss_and_gradient(v_c, o, U, dataset, K=K)
        return loss, g_c
    if kind == "hs":
        tree = huffman_tree(toy.counts)
        return hierarchical_softmax_loss_and_gradient(v_c, o, subtree_inner_vectors(tree, toy.outside_vectors),
                                                      tree)[:2]
    loss, g_c, g_U = naive_softmax_loss_and_gradient(v_c, o, U)
    return loss, (g_U if kind == "outside" else g_c)


@pytest.mark.parametrize("kind,kw", CASES, ids=IDS)
def test_the_step_is_minus_lr_times_the_w2vlib_gradient_and_the_loss_after_is_w2vlibs(kind, kw):
    vocab = toy_vocabulary()
    loss, grad = expected(kind, kw, vocab.center_vectors, vocab.outside_vectors)
    r = update_step(kind, vocab, lr=LR, **kw)
    assert r.loss_before == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(r.grad, grad, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(r.moved_after, r.moved_before - LR * np.asarray(grad), rtol=1e-12, atol=1e-14)
    C, U = vocab.center_vectors.copy(), vocab.outside_vectors.copy()
    if r.moved == "U":
        U = r.moved_after
        np.testing.assert_array_equal(r.outside_after, r.moved_after)
    else:
        C[r.rows] = r.moved_after
        np.testing.assert_array_equal(r.outside_after, vocab.outside_vectors)
    assert r.loss_after == pytest.approx(expected(kind, kw, C, U)[0], rel=1e-12)    # same words, same negatives


def test_naive_parts_are_minus_u_o_and_the_expected_outside_vector():
    vocab = toy_vocabulary()
    r = update_step("naive", vocab, "coffee", "hot", LR)
    U = vocab.outside_vectors
    y_hat = softmax(U @ vocab.center_vectors[vocab.index("coffee")])
    assert list(r.parts) == ["o", "E[u]"]
    np.testing.assert_allclose(r.parts["o"], -U[vocab.index("hot")])
    np.testing.assert_allclose(r.parts["E[u]"], y_hat @ U, rtol=1e-12)
    np.testing.assert_allclose(r.probs_before, y_hat, rtol=1e-12)
    np.testing.assert_allclose(r.probs_after, softmax(U @ r.v_after), rtol=1e-12)
    assert "u_hot" in r.terms[0].name and "E[u]" in r.terms[1].name      # named for the vector it runs along
    assert [p.role for p in r.terms] == ["target", "expected"]
    assert r.target_label == "ŷ_o" and r.targets == [vocab.index("hot")]


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
    # u_o's move raises u_oᵀv_c, every other u_w's lowers u_wᵀv_c
    assert moved[vocab.index("cold")] @ v_c > 0
    assert all(moved[w] @ v_c < 0 for w in range(len(vocab.words)) if w != vocab.index("cold"))
    np.testing.assert_array_equal(r.v_before, v_c)
    np.testing.assert_array_equal(r.v_after, v_c)                   # v_c is held fixed


def test_a_negative_drawn_twice_counts_twice():
    twice = update_step("negsamp", None, "coffee", "hot", LR, negatives=["dog", "dog", "rain"])
    once = update_step("negsamp", None, "coffee", "hot", LR, negatives=["dog", "rain"])
    np.testing.assert_allclose(twice.parts["neg dog"], 2 * once.parts["neg dog"], rtol=1e-12)
    np.testing.assert_allclose(twice.parts["neg rain"], once.parts["neg rain"], rtol=1e-12)
    np.testing.assert_allclose(twice.grad - once.grad, once.parts["neg dog"], rtol=1e-10, atol=1e-14)
    assert list(twice.parts) == ["o", "neg dog", "neg rain"]
    names = [p.name for p in twice.terms]
    assert "u_hot" in names[0] and "dog ×2" in names[1] and "rain" in names[2] and "×" not in names[2]
    assert twice.negative_counts == {"dog": 2, "rain": 1}
    assert twice.negatives == ["dog", "dog", "rain"] and twice.K == 3 and twice.forced_negatives
    assert "dog ×2" in [p.name for p in twice.participants]
    assert dict(format_readout(twice))["negatives (forced list)"] == "dog×2, rain"


def test_sampled_negatives_are_seeded_and_a_new_seed_resamples():
    a = update_step("negsamp", None, "coffee", "hot", LR, K=6, seed=7)
    b = update_step("negsamp", None, "coffee", "hot", LR, K=6, seed=7)
    assert a.negatives == b.negatives and len(a.negatives) == 6 and not a.forced_negatives
    vocab = toy_vocabulary()
    assert a.negatives == [vocab.words[i] for i in get_negative_samples(vocab.index("hot"), ToyDataset(seed=7), 6)]
    others = {tuple(update_step("negsamp", None, "coffee", "hot", LR, K=6, seed=s).negatives) for s in range(8, 12)}
    assert len(others | {tuple(a.negatives)}) > 1
    assert "hot" not in a.negatives


def test_skipgram_has_one_part_per_window_word_and_keeps_its_negatives_after_the_step():
    r = update_step("skipgram", None, None, None, LR, position=3, window=2, inner="negsamp", K=3, seed=2)
    assert r.center == "coffee" and r.outside is None
    assert r.outside_words == ["like", "hot", "i", "drink"] and r.offsets == [-2, -1, 1, 2]
    assert list(r.parts) == ["j=-2 like", "j=-1 hot", "j=+1 i", "j=+2 drink"]
    assert [p.name for p in r.terms] == ["j = −2 like", "j = −1 hot", "j = +1 i", "j = +2 drink"]
    assert len(r.negatives) == 4 * 3 and [len(n) for n in r.negatives_by_outside] == [3] * 4
    # each part is the gradient of its word's term, with that word's negatives
    vocab = toy_vocabulary()
    v_c, U = vocab.center_vectors[vocab.index("coffee")], vocab.outside_vectors
    for (key, part), word, negs in zip(r.parts.items(), r.outside_words, r.negatives_by_outside):
        ref = neg_sampling_loss_and_gradient(v_c, vocab.index(word), U,
                                             ReplayDataset([vocab.index(w) for w in negs]), K=3)[1]
        np.testing.assert_allclose(part, ref, rtol=1e-12, err_msg=key)
    # loss after = the same window, the same negatives, at v_c after
    vocab.center_vectors[vocab.index("coffee")] = r.v_after
    after, _, _ = skipgram("coffee", 2, r.outside_words, vocab.word2ind, vocab.center_vectors, U,
                           ReplayDataset([vocab.index(w) for w in r.negatives]),
                           loss_and_gradient=partial(neg_sampling_loss_and_gradient, K=3))
    assert r.loss_after == pytest.approx(after, rel=1e-12)
    # the window is clipped at the sentence's ends: −m ≤ j ≤ m, j ≠ 0, including j = +m
    edge = update_step("skipgram", None, None, None, LR, position=0, window=2)
    assert edge.outside_words == SENTENCE[1:3] and edge.offsets == [1, 2]
    assert update_step("skipgram", None, "drink", None, LR).center == "drink"
    assert update_step("skipgram", lr=LR).center == SENTENCE[3]      # the default position


def test_cbow_moves_every_context_row_by_its_share():
    toy = toy_vocabulary()
    r = update_step("cbow", lr=0.5, position=2, window=2)           # window: i, like, coffee, i
    assert r.center == "hot" and r.outside_words == ["i", "like", "coffee", "i"]
    rows = [toy.index(w) for w in ("i", "like", "coffee")]
    assert r.rows == rows and r.moved_before.shape == (3, 2) and r.targets == [toy.index("hot")]
    np.testing.assert_array_equal(r.moved_before, toy.center_vectors[rows])
    # v̂ is the window's average (i counted twice)
    window = [toy.index(w) for w in r.outside_words]
    np.testing.assert_allclose(r.v_before, toy.center_vectors[window].mean(axis=0), rtol=1e-12)
    moved = toy.center_vectors.copy()
    moved[rows] = r.moved_after
    np.testing.assert_allclose(r.v_after, moved[window].mean(axis=0), rtol=1e-12)
    # row w gets the share n_w / n of ∂J/∂v̂: "i" (twice in the window) twice as much as "like"
    np.testing.assert_allclose(r.grad[0], 2 * r.grad[1], rtol=1e-12)
    np.testing.assert_allclose(r.grad[1], r.grad[2], rtol=1e-12)
    np.testing.assert_allclose(r.moved_after - r.moved_before, -0.5 * r.grad, rtol=1e-12)
    assert [p.name for p in r.participants if p.role == "context"] == ["v_i", "v_like", "v_coffee"]


def test_cbow_gradient_wrt_the_moved_rows_passes_central_differences():
    from w2vlib import gradcheck
    base = update_step("cbow", lr=0.5, position=2, window=2, inner="negsamp", K=4)

    def f(x):
        vocab = toy_vocabulary()
        vocab.center_vectors[base.rows] = x
        r = update_step("cbow", vocab, lr=0.5, position=2, window=2, inner="negsamp", K=4)
        return r.loss_before, r.grad

    result = gradcheck(f, base.moved_before)
    assert result.passed and result.n_checked == 6, str(result)


def test_hs_has_one_part_per_path_node_named_with_its_turn():
    toy = toy_vocabulary()
    tree = huffman_tree(toy.counts)
    o = toy.index("tea")
    r = update_step("hs", center="coffee", outside="tea", lr=0.5)
    path, codes = [int(n) for n in tree.paths[o]], [int(b) for b in tree.codes[o]]
    assert list(r.parts) == [f"n{n}" for n in path]
    turns = [f"n{n} ({'L' if b == 0 else 'R'})" for n, b in zip(path, codes)]
    assert [p.name.split(":")[0] for p in r.terms] == turns
    assert {p.role for p in r.terms} == {"node"}
    assert [p.name for p in r.participants if p.role == "node"] == turns
    inner = subtree_inner_vectors(tree, toy.outside_vectors)
    v_c = toy.center_vectors[toy.index("coffee")]
    for n, b in zip(path, codes):                       # (σ(u_nᵀv_c) − t_n) u_n, t_n = 1 at a left turn
        coeff = 1 / (1 + np.exp(-inner[n] @ v_c)) - (1 - b)
        np.testing.assert_allclose(r.parts[f"n{n}"], coeff * inner[n], rtol=1e-12)
    assert r.probs_kind == "tree" and r.target_label == "P(o | c)"
    assert r.probs_before.sum() == pytest.approx(1.0, abs=1e-12)
    assert r.probs_after[o] > r.probs_before[o]
    long = update_step("hs", center="cat", outside="rain")
    assert len(long.terms) == len(tree.paths[toy.index("rain")])


def test_subtree_inner_vectors_score_the_left_words_higher():
    toy = toy_vocabulary()
    tree = huffman_tree(toy.counts)
    inner = subtree_inner_vectors(tree, toy.outside_vectors)
    assert inner.shape == (len(toy.words) - 1, 2)
    # at the root, the words on the left score higher on average than those on the right
    left = [w for w in range(12) if tree.codes[w][0] == 0]
    right = [w for w in range(12) if tree.codes[w][0] == 1]
    U = toy.outside_vectors
    assert np.mean(U[left] @ inner[tree.root]) > np.mean(U[right] @ inner[tree.root])
    np.testing.assert_allclose(inner[tree.root], 0.5 * (U[left].mean(axis=0) - U[right].mean(axis=0)), rtol=1e-12)


# ----------------------------------------------------------------------------- bad arguments

@pytest.mark.parametrize("args,kw,name", [
    (("softmax", None, "coffee", "hot", 0.5), {}, "kind"),
    (("naive", None, "latte", "hot", 0.5), {}, "center"),
    (("naive", None, "coffee", "Hot", 0.5), {}, "outside"),
    (("naive", None, "coffee", None, 0.5), {}, "outside"),
    (("naive", None, None, "hot", 0.5), {}, "center"),
    (("naive", None, "coffee", "hot", 0.0), {}, "lr"),
    (("naive", None, "coffee", "hot", -0.1), {}, "lr"),
    (("naive", None, "coffee", "hot", float("nan")), {}, "lr"),
    (("naive", None, "coffee", "hot", float("inf")), {}, "lr"),
    (("negsamp", None, "coffee", "hot", 0.5), {"K": 0}, "K"),
    (("negsamp", None, "coffee", "hot", 0.5), {"negatives": ["dog", "hot"]}, "outside word"),
    (("negsamp", None, "coffee", "hot", 0.5), {"negatives": ["dog", "puma"]}, "negatives[1]"),
    (("negsamp", None, "coffee", "hot", 0.5), {"negatives": ["dog"], "K": 4}, "K=4"),
    (("negsamp", None, "coffee", "hot", 0.5), {"negatives": []}, "negatives"),
    (("naive", None, "coffee", "hot", 0.5), {"negatives": ["dog"]}, "negatives"),
    (("outside", None, "coffee", "hot", 0.5), {"negatives": ["dog"]}, "negatives"),
    (("hs", None, "coffee", "tea", 0.5), {"negatives": ["dog"]}, "negatives"),
    (("skipgram", None, None, None, 0.5), {"position": 8}, "position"),
    (("skipgram", None, None, None, 0.5), {"window": 0}, "window"),
    (("skipgram", None, None, None, 0.5), {"inner": "hs"}, "inner"),
    (("skipgram", None, None, "hot", 0.5), {}, "outside"),
    (("skipgram", None, "tea", None, 0.5), {}, "center"),
    (("skipgram", None, "milk", None, 0.5), {"position": 3}, "center"),
    (("skipgram", None, None, None, 0.5), {"negatives": ["dog"]}, "negatives"),
    (("cbow", None, None, "tea", 0.5), {}, "outside"),
    (("cbow", None, None, None, 0.5), {"inner": "hs"}, "inner"),
    (("cbow", None, None, None, 0.5), {"window": -1}, "window"),
    (("negsamp", None, "coffee", "hot", 0.5), {"seed": -1}, "seed must be a non-negative integer"),
])
def test_bad_input_is_a_value_error_naming_the_argument(args, kw, name):
    with pytest.raises(ValueError, match=re.escape(name)):
        update_step(*args, **kw)


@pytest.mark.parametrize("kw,name", [
    (dict(lr="0.5"), "lr"), (dict(lr=True), "lr"), (dict(lr=None), "lr"), (dict(lr=1j), "lr"),
    (dict(seed=1.5), "seed"), (dict(seed="x"), "seed"), (dict(seed=True), "seed"),
    (dict(vocab={}), "vocab must be a ToyVocabulary"), (dict(vocab=[]), "vocab"), (dict(vocab="toy"), "vocab"),
])
def test_bad_types_are_a_type_error_naming_the_argument(kw, name):
    call = dict(kind="negsamp", center="coffee", outside="hot", lr=0.5)
    call.update(kw)
    with pytest.raises(TypeError, match=re.escape(name)):
        update_step(**call)


def test_bad_window_argument_types_name_the_argument():
    with pytest.raises(TypeError, match="position"):
        update_step("skipgram", position=2.0)
    with pytest.raises(TypeError, match="negatives"):
        update_step("negsamp", center="coffee", outside="hot", negatives="dog")

    class NoCounts:
        words = toy_vocabulary().words
        center_vectors = toy_vocabulary().center_vectors
        outside_vectors = toy_vocabulary().outside_vectors
    with pytest.raises(ValueError, match="needs word counts"):
        update_step("hs", NoCounts(), center="coffee", outside="tea")


# ----------------------------------------------------------------------------- long steps, overflow

def test_overshoot_is_a_message_not_an_error():
    r = update_step("skipgram", None, None, None, 0.5, position=3, window=2, inner="negsamp", K=5)
    assert r.actual_change > 0 and r.overshoot and r.finite
    assert r.message.startswith("Overshoot: the loss went UP")
    small = update_step("skipgram", None, None, None, 0.01, position=3, window=2, inner="negsamp", K=5)
    assert not small.overshoot and "went down" in small.message


@pytest.mark.parametrize("lr", [1e10, 1e30, 1e300])
@pytest.mark.parametrize("kind", ["naive", "outside", "negsamp", "skipgram", "cbow", "hs"])
def test_a_step_too_long_is_reported_not_raised_or_applied(kind, lr):
    with warnings.catch_warnings():
        warnings.simplefilter("error")                  # no RuntimeWarning from an overflow either
        r = update_step(kind, lr=lr, **default_words(kind))
    assert not r.finite and not r.overshoot
    assert r.message.startswith("Not applied") and f"η = {lr:.3g}" in r.message
    assert "Lower the learning rate" in r.message
    np.testing.assert_array_equal(r.moved_after, r.moved_before)
    assert np.isnan(r.loss_after) and np.isfinite(r.loss_before) and r.note == ""


def finishes_within(seconds, fn):
    """Run fn in a thread; (True, its result) if it finished within ``seconds`` (a hang check)."""
    out = {}
    worker = threading.Thread(target=lambda: out.setdefault("value", fn()), daemon=True)
    worker.start()
    worker.join(seconds)
    return not worker.is_alive(), out.get("value")


def test_a_panel_at_a_huge_learning_rate_does_not_hang():
    done, panel = finishes_within(5.0, lambda: update_step_panel("naive", lr=1e10))
    assert done, "update_step_panel('naive', lr=1e10) did not return within 5 s"
    s = panel.state
    assert not s["finite"] and s["message"].startswith("Not applied")
    assert "Not applied" in panel.controls["readout"].value
    done, _ = finishes_within(5.0, lambda: panel.step(3))
    assert done and panel.state["steps"] == 0                   # nothing applied


def huge(scale):
    vocab = toy_vocabulary()
    vocab.center_vectors *= scale
    vocab.outside_vectors *= scale
    return vocab


@pytest.mark.parametrize("via", ["update_step", "panel"])
@pytest.mark.parametrize("scale", [1e160, 1e300])
@pytest.mark.parametrize("kind", ["naive", "outside", "negsamp", "skipgram", "cbow", "hs"])
def test_vectors_too_large_for_float64_are_reported_not_raised(kind, scale, via):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        if via == "update_step":
            r = update_step(kind, huge(scale), **default_words(kind)).as_dict()
        else:
            panel = update_step_panel(kind, huge(scale), **default_words(kind))
            panel.step()                                # reported, not applied
            r = panel.state
            assert r["steps"] == 0
    assert r["finite"] is False and r["message"].startswith("Non-finite result: the vectors are so large")
    assert not r["parts"] and np.isnan(r["loss_before"])


@pytest.mark.parametrize("kind", ["naive", "outside", "negsamp", "skipgram", "cbow", "hs"])
def test_a_step_below_float64_precision_says_so(kind):
    r = update_step(kind, lr=1e-300, **default_words(kind))
    assert r.finite and r.actual_change == 0.0
    assert "went down" not in r.message and "did not change" in r.message


def test_inputs_are_not_modified():
    vocab = toy_vocabulary()
    C, U = vocab.center_vectors.copy(), vocab.outside_vectors.copy()
    negatives = ["dog", "dog", "rain"]
    for kind, kw in CASES:
        update_step(kind, vocab, lr=2.0, **kw)
    update_step("negsamp", vocab, "coffee", "hot", 0.5, negatives=negatives)
    np.testing.assert_array_equal(vocab.center_vectors, C)
    np.testing.assert_array_equal(vocab.outside_vectors, U)
    assert negatives == ["dog", "dog", "rain"]
    panel = update_step_panel("cbow", vocab, lr=0.5)
    panel.step(3)
    np.testing.assert_array_equal(vocab.center_vectors, C)


# ----------------------------------------------------------------------------- words

def test_the_note_says_why_the_target_score_fell():
    vocab = toy_vocabulary()
    r = update_step("negsamp", vocab, "coffee", "hot", 0.5)
    o = vocab.index("hot")
    assert r.probs_after[o] < r.probs_before[o]                 # σ(u_oᵀv_c) does fall here
    assert r.note.startswith("σ(u_oᵀv_c) falls")
    # the numbers it states are the exact ones: the change u_oᵀ(step), the negative's share of it, u_oᵀu_k
    u_o = vocab.outside_vectors[o]
    stated = float(re.search(r"u_oᵀ\(step\) = ([+-]\d+\.\d+)", r.note).group(1))
    assert stated == pytest.approx(u_o @ r.step, abs=1e-3)
    worst, share = re.search(r"part along −u_(\w+) lowers it by (\d+\.\d+)", r.note).groups()
    assert worst in r.negatives
    assert float(share) == pytest.approx(-u_o @ (-0.5 * r.parts[f"neg {worst}"]), abs=1e-3)
    assert float(re.search(r"u_oᵀu_\w+ = ([+-]?\d+\.\d+)", r.note).group(1)) == pytest.approx(
        u_o @ vocab.outside_vectors[vocab.index(worst)], abs=0.01)
    assert update_step("naive", vocab, "coffee", "hot", 0.1).note == ""


def test_cbow_negsamp_note_states_the_change_of_the_predicted_words_score():
    r = update_step("cbow", lr=0.5, inner="negsamp")
    c = r.targets[0]
    assert r.probs_after[c] < r.probs_before[c] and r.note
    assert r.note.startswith("σ(u_cᵀv̂) falls")                    # the predicted word is c, the score v̂'s
    stated = float(re.search(r"u_cᵀ\(step\) = ([+-]\d+\.\d+)", r.note).group(1))
    assert stated == pytest.approx(r.outside_before[c] @ (r.v_after - r.v_before), abs=1e-3)


def test_skipgram_note_says_what_rises_at_first_order_for_each_inner_loss():
    """Naive: log ŷ_w, concave in v_c, can rise at first order and still fall (the note must say log ŷ,
    not the score u_wᵀv_c, which falls here). Negsamp: u_wᵀv_c is linear in v_c, so a fall of
    σ(u_wᵀv_c) is a fall at first order, and the note never claims a first-order rise."""
    r = update_step("skipgram", None, None, None, 0.5, position=3, window=2, inner="naive")
    assert r.note == ("ŷ of hot, drink fell: the step lowers the window's summed loss, not each word's. At first order "
                      "log ŷ of each of them rises, but log ŷ_w is concave in v_c: at η = 0.5 the curvature wins; "
                      "the one softmax the window shares flattens.")
    U, dv = r.outside_before, r.v_after - r.v_before
    expected = r.probs_before @ U
    entropy = [float(-(p * np.log(p)).sum()) for p in (r.probs_before, r.probs_after)]
    assert entropy[1] > entropy[0]                                      # "flattens"
    for o in {r.targets[i] for i, w in enumerate(r.outside_words) if w in ("hot", "drink")}:
        assert (U[o] - expected) @ dv > 0 > np.log(r.probs_after[o] / r.probs_before[o])   # rises at 1st order, falls
        assert U[o] @ dv < 0                                            # the score u_wᵀv_c itself falls
    seen = 0
    for position in range(len(SENTENCE)):
        for lr in (0.1, 0.5, 2.0):
            for seed in range(3):
                r = update_step("skipgram", None, None, None, lr, position=position, window=2, inner="negsamp",
                                K=5, seed=seed)
                fallen = {o for o in r.targets if r.probs_after[o] < r.probs_before[o]}
                for o in fallen:                                        # linear score: the first order is exact
                    assert r.outside_before[o] @ (r.v_after - r.v_before) < 0
                if fallen:
                    seen += 1
                    assert "rises" not in r.note and "linear in v_c" in r.note
    assert seen


def _skipgram_trajectory(inner, position, window, lr, steps, **kw):
    """``steps`` widget steps from the toy start (the panel's "10 steps"), each result in turn."""
    vocab = toy_vocabulary()
    for _ in range(steps):
        r = update_step("skipgram", vocab, None, None, lr, position=position, window=window, inner=inner, **kw)
        yield r
        if not r.finite:
            return
        vocab.center_vectors[r.rows] = r.moved_after


def test_skipgram_note_says_whether_the_summed_loss_fell_and_classifies_each_fallen_word():
    """The note's first clause matches the loss ("lowers the window's summed loss" only when it fell,
    "overshoots" otherwise); for the naive inner loss, each fallen word is put in the branch its
    first-order rate d log ŷ_w = (u_w − E[u])ᵀΔv_c says (< 0: falls; > 0: rises; 0: does not fall)."""
    seen = {"lowered": 0, "rose": 0, "first": 0, "later": 0}
    for inner, extra in (("naive", [{}]), ("negsamp", [dict(K=5, seed=seed) for seed in range(3)])):
        for position in range(len(SENTENCE)):
            for window in (1, 2, 3):
                for lr in (0.1, 0.5, 1.0, 3.0, 316.227766):
                    for kw in extra:
                        for r in _skipgram_trajectory(inner, position, window, lr, 3 if lr < 100 else 10, **kw):
                            if not r.note:
                                continue
                            lowered = r.loss_after < r.loss_before
                            assert ("lowers the window's summed loss" in r.note) == lowered, r.note
                            assert ("the step overshoots" in r.note) == (not lowered), r.note
                            seen["lowered" if lowered else "rose"] += 1
                            if inner != "naive":
                                continue
                            U, dv = r.outside_before, r.v_after - r.v_before
                            expected = r.probs_before @ U
                            fallen = [(w, o) for w, o in dict.fromkeys(zip(r.outside_words, r.targets))
                                      if r.probs_after[o] < r.probs_before[o]]
                            rate = {w: (U[o] - expected) @ dv for w, o in fallen}
                            first = [w for w, _ in fallen if rate[w] < 0]
                            later = [w for w, _ in fallen if rate[w] >= 0]
                            if not later:
                                assert "the other words' parts outweigh" in r.note, r.note
                                assert "rises" not in r.note and "concave" not in r.note, r.note
                                seen["first"] += 1
                                continue
                            seen["later"] += 1
                            assert "concave in v_c" in r.note and "outweigh" not in r.note, r.note
                            assert ("rises" in r.note) == all(rate[w] > 0 for w in later), (r.note, rate)
                            if first:
                                assert f"At first order log ŷ of {', '.join(first)} fall" in r.note, r.note
                            else:
                                who = "each of them" if len(later) > 1 else later[0]
                                assert f"At first order log ŷ of {who} " in r.note, r.note
    assert all(seen.values()), seen
    # 07's own window at η = 1: ŷ of hot and drink fall and the loss rises; the note says so
    r = update_step("skipgram", None, None, None, 1.0, position=3, window=2, inner="naive")
    assert r.loss_after > r.loss_before
    assert r.note.startswith("ŷ of hot, drink fell: the window's summed loss rose as well: at η = 1 the step overshoots.")
    # one window word: its loss is the window's, so a fall of ŷ_like is a rise of the loss
    r = update_step("skipgram", None, None, None, 3.0, position=0, window=1, inner="naive")
    assert r.outside_words == ["like"] and r.loss_after > r.loss_before
    assert r.note == ("ŷ of like fell: the window's summed loss rose as well: at η = 3 the step overshoots. At first "
                      "order log ŷ of like rises, but log ŷ_w is concave in v_c: at η = 3 the curvature wins.")


LOCATION_WORDS = re.compile(r"towards|toward|away from|pull|push", re.IGNORECASE)


@pytest.mark.parametrize("kind", kind_names())
@pytest.mark.parametrize("inner", ["naive", "negsamp"])
@pytest.mark.parametrize("lr", [0.1, 0.5, 4.0, 1e10])
def test_no_location_wording_for_a_dot_product_move(kind, inner, lr):
    kw = dict(inner=inner) if get_kind(kind).controls == "window" else default_words(kind)
    r = update_step(kind, lr=lr, **kw)
    texts = [r.title, r.note, r.message] + [p.name for p in r.participants]
    texts += [t for p in r.terms for t in (p.effect, p.term, p.name)]
    texts += [f"{label} {value}" for label, value in format_readout(r)]
    assert len(texts) > 5
    bad = [t for t in texts if LOCATION_WORDS.search(t)]
    assert not bad, bad
