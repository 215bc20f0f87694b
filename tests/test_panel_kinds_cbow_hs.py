"""The "cbow" and "hs" panel kinds: steps from the w2vlib gradients, parts that add up, a working panel."""
import numpy as np
import pytest

from w2vlib import (cbow, gradcheck, hierarchical_softmax_loss_and_gradient, huffman_tree,
                    neg_sampling_loss_and_gradient)
from w2vlib.negsamp import ReplayDataset
from w2vlib.panel_kinds import get_kind, kind_names
from w2vlib.panel_kinds_cbow_hs import subtree_inner_vectors
from w2vlib.softmax import naive_softmax_loss_and_gradient
from w2vlib.toy import toy_vocabulary
from w2vlib.update_step import _request, update_step
from w2vlib.widget import update_step_panel

CASES = [("cbow", dict()), ("cbow", dict(position=2, window=2)), ("cbow", dict(inner="negsamp", K=4)),
         ("cbow", dict(inner="negsamp", negatives=["dog", "dog", "rain"])),
         ("hs", dict(center="coffee", outside="tea")), ("hs", dict(center="cat", outside="rain"))]
IDS = ["cbow", "cbow-repeat", "cbow-negsamp", "cbow-forced", "hs", "hs-long-path"]


def test_both_kinds_are_registered():
    assert {"cbow", "hs"} <= set(kind_names())
    assert get_kind("cbow").moved == "rows" and get_kind("hs").moved == "v_c"


@pytest.mark.parametrize("kind,kw", CASES, ids=IDS)
def test_parts_add_up_to_the_gradient_and_the_step_is_minus_lr_times_it(kind, kw):
    r = update_step(kind, lr=0.3, **kw)
    assert np.allclose(sum(r.parts.values()), r.grad, atol=1e-14)
    assert np.allclose(r.center_after - r.center_before, -0.3 * r.grad)
    assert r.loss_after < r.loss_before


@pytest.mark.parametrize("kind,kw", CASES, ids=IDS)
def test_first_order_prediction_for_a_small_step(kind, kw):
    r = update_step(kind, lr=1e-5, **kw)
    assert r.actual_change == pytest.approx(r.predicted_change, rel=1e-3)


def test_cbow_step_moves_every_context_row_with_the_cbow_gradient():
    toy = toy_vocabulary()
    r = update_step("cbow", lr=0.5, position=2, window=2)           # window: i, like, coffee, i
    assert r.center == "hot" and r.outside_words == ["i", "like", "coffee", "i"]
    rows = [toy.index(w) for w in ("i", "like", "coffee")]
    assert r.rows == rows and r.center_before.shape == (3, 2)
    loss, g_c, g_U = cbow("hot", 2, r.outside_words, toy.word2ind, toy.center_vectors, toy.outside_vectors, None)
    assert r.loss_before == pytest.approx(loss) and np.allclose(r.grad, g_c[rows])
    assert np.allclose(r.grad[0], 2 * r.grad[1])                   # "i" twice in the window: twice the share
    moved = toy.center_vectors.copy()
    moved[rows] = r.center_after
    after = cbow("hot", 2, r.outside_words, toy.word2ind, moved, toy.outside_vectors, None)[0]
    assert r.loss_after == pytest.approx(after)


def test_cbow_negsamp_uses_one_set_of_negatives_for_the_one_prediction():
    toy = toy_vocabulary()
    r = update_step("cbow", lr=0.5, inner="negsamp", negatives=["dog", "dog", "rain"])
    rows = r.rows
    ref = cbow(r.center, 2, r.outside_words, toy.word2ind, toy.center_vectors, toy.outside_vectors,
               ReplayDataset([toy.index(w) for w in ("dog", "dog", "rain")]),
               lambda v, o, U, d: neg_sampling_loss_and_gradient(v, o, U, d, K=3))
    assert r.loss_before == pytest.approx(ref[0]) and np.allclose(r.grad, ref[1][rows])
    assert r.negative_counts == {"dog": 2, "rain": 1}


def test_cbow_gradient_wrt_the_moved_rows_passes_central_differences():
    spec = get_kind("cbow")
    toy = toy_vocabulary()
    req = _request(None, None, None, None, 0, None, 2, 2, "naive")
    setup = spec.setup(req)
    x0 = toy.center_vectors[setup.extra["rows"]]
    r = gradcheck(lambda x: spec.loss_and_grads(setup, x, toy.outside_vectors)[:2], x0)
    assert r.passed, str(r)


def test_hs_step_follows_the_path_of_o():
    toy = toy_vocabulary()
    tree = huffman_tree(toy.counts)
    inner = subtree_inner_vectors(tree, toy.outside_vectors)
    r = update_step("hs", center="coffee", outside="tea", lr=0.5)
    o = toy.index("tea")
    ref = hierarchical_softmax_loss_and_gradient(toy.center_vectors[3], o, inner, tree)
    assert r.loss_before == pytest.approx(ref[0]) and np.allclose(r.grad, ref[1])
    assert list(r.parts) == [f"n{n}" for n in tree.paths[o]]
    assert r.probs_kind == "tree" and r.probs_before.sum() == pytest.approx(1.0, abs=1e-12)
    assert r.probs_after[o] > r.probs_before[o]
    roles = [r.part_roles[k] for k in r.parts]
    assert roles == ["pull" if code == 0 else "push" for code in tree.codes[o]]
    g = gradcheck(lambda v: hierarchical_softmax_loss_and_gradient(v, o, inner, tree)[:2], toy.center_vectors[3])
    assert g.passed


def test_subtree_inner_vectors_lean_towards_the_left_words():
    toy = toy_vocabulary()
    tree = huffman_tree(toy.counts)
    inner = subtree_inner_vectors(tree, toy.outside_vectors)
    assert inner.shape == (11, 2)
    # at the root, the words on the left score higher on average than those on the right
    left = [w for w in range(12) if tree.codes[w][0] == 0]
    right = [w for w in range(12) if tree.codes[w][0] == 1]
    assert np.mean(toy.outside_vectors[left] @ inner[tree.root]) > np.mean(toy.outside_vectors[right] @ inner[tree.root])


@pytest.mark.parametrize("kind,kw", [("cbow", dict(position=2, window=2)), ("hs", dict(center="coffee", outside="tea"))])
def test_panel_steps_resets_and_redraws(kind, kw):
    panel = update_step_panel(kind, lr=1.0, **kw)
    first, png = panel.state, panel.png
    panel.step(2)
    state = panel.state
    assert state["steps"] == 2 and state["losses"][2] < state["losses"][0] and panel.png != png
    assert not np.allclose(state["center_before"], first["center_before"])
    panel.reset()
    assert np.array_equal(panel.state["center_before"], first["center_before"]) and panel.png == png
    panel.close()


def test_cbow_panel_moves_all_context_rows_in_the_vocabulary():
    panel = update_step_panel("cbow", lr=1.0)
    before = panel.state
    panel.step()
    after = panel.state
    assert np.allclose(after["center_before"], before["center_after"])     # the next step starts where this ended
    assert "move together to predict coffee" in panel._alt_text()
    panel.close()


def test_bad_arguments_name_the_argument():
    with pytest.raises(ValueError, match="outside must be None for kind 'cbow'"):
        update_step("cbow", outside="tea")
    with pytest.raises(ValueError, match="inner must be one of"):
        update_step("cbow", inner="hs")
    with pytest.raises(ValueError, match="negatives only apply"):
        update_step("hs", center="coffee", outside="tea", negatives=["dog"])

    class NoCounts:
        words = toy_vocabulary().words
        center_vectors = toy_vocabulary().center_vectors
        outside_vectors = toy_vocabulary().outside_vectors
    with pytest.raises(ValueError, match="needs word counts"):
        update_step("hs", NoCounts(), center="coffee", outside="tea")


def test_naive_inner_matches_the_softmax_of_v_hat():
    toy = toy_vocabulary()
    r = update_step("cbow", lr=0.5)
    v_hat = toy.center_vectors[r.rows].mean(axis=0)
    assert np.allclose(r.probs_before, np.exp(-np.array(
        [naive_softmax_loss_and_gradient(v_hat, w, toy.outside_vectors)[0] for w in range(12)])))
