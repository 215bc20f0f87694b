"""CBOW: the averaged (or summed) context predicts the centre word; gradients shared back."""
import numpy as np
import pytest
from conftest import RandomSampler

from w2vlib import (cbow, gradcheck, hierarchical_softmax_loss_and_gradient, huffman_tree,
                    naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient, skipgram,
                    word2vec_sgd_wrapper)
from w2vlib.negsamp import ReplayDataset
from w2vlib.sanity import dummy_objects
from w2vlib.toy import toy_vocabulary


@pytest.fixture
def toy():
    return toy_vocabulary()


def call(toy, center, context, average=True, loss=naive_softmax_loss_and_gradient, dataset=None,
         center_vectors=None, outside_vectors=None):
    cv = toy.center_vectors if center_vectors is None else center_vectors
    ov = toy.outside_vectors if outside_vectors is None else outside_vectors
    return cbow(center, 2, context, toy.word2ind, cv, ov, dataset, loss, average=average)


@pytest.mark.parametrize("average", [True, False])
def test_loss_is_the_loss_of_the_combined_context(toy, average):
    context = ["like", "hot", "i", "drink"]
    rows = toy.center_vectors[[toy.index(w) for w in context]]
    v_hat = rows.mean(axis=0) if average else rows.sum(axis=0)
    loss, g_c, g_U = call(toy, "coffee", context, average)
    ref = naive_softmax_loss_and_gradient(v_hat, toy.index("coffee"), toy.outside_vectors)
    assert loss == pytest.approx(ref[0]) and np.allclose(g_U, ref[2])
    share = ref[1] / 4 if average else ref[1]
    for w in context:
        assert np.allclose(g_c[toy.index(w)], share)
    untouched = [i for i in range(12) if toy.words[i] not in context]
    assert not np.any(g_c[untouched])                               # the centre word's row included


def test_window_one_with_one_context_word_is_skipgram_of_the_swapped_pair(toy):
    for average in (True, False):
        got = call(toy, "coffee", ["tea"], average)
        ref = skipgram("tea", 1, ["coffee"], toy.word2ind, toy.center_vectors, toy.outside_vectors, None)
        assert got[0] == pytest.approx(ref[0], rel=1e-14)
        assert np.allclose(got[1], ref[1], rtol=1e-14) and np.allclose(got[2], ref[2], rtol=1e-14)


def test_a_repeated_context_word_gets_the_gradient_twice(toy):
    loss, g_c, _ = call(toy, "coffee", ["tea", "hot", "tea"], average=False)
    v_hat = toy.center_vectors[[4, 6, 4]].sum(axis=0)
    g_hat = naive_softmax_loss_and_gradient(v_hat, 3, toy.outside_vectors)[1]
    assert np.allclose(g_c[toy.index("tea")], 2 * g_hat) and np.allclose(g_c[toy.index("hot")], g_hat)
    _, g_avg, _ = call(toy, "coffee", ["tea", "hot", "tea"], average=True)
    assert np.allclose(g_avg[toy.index("tea")], 2 * g_avg[toy.index("hot")])


def test_averaged_gradient_is_the_summed_one_divided_by_n_at_the_same_v_hat(toy):
    # sum of 2 rows == 2 * mean of 2 rows; compare the per-row gradients at the same v_hat
    cv = toy.center_vectors.copy()
    half = cv / 2
    _, g_avg, _ = call(toy, "coffee", ["tea", "hot"], True, center_vectors=cv)
    _, g_sum, _ = call(toy, "coffee", ["tea", "hot"], False, center_vectors=half)
    assert np.allclose(g_avg, g_sum / 2)


@pytest.mark.parametrize("average", [True, False])
@pytest.mark.parametrize("loss_name", ["naive", "negsamp", "hs"])
def test_gradcheck_wrt_every_argument(toy, average, loss_name):
    rng = np.random.default_rng(5)
    context = ["like", "hot", "i", "hot"]                             # with a repeat
    if loss_name == "naive":
        loss, make_dataset = naive_softmax_loss_and_gradient, lambda: None
    elif loss_name == "negsamp":
        draws = [0, 5, 7, 5, 9, 1]
        loss = neg_sampling_loss_and_gradient
        make_dataset = lambda: ReplayDataset(draws)                   # same negatives every evaluation
    else:
        tree = huffman_tree(toy.counts)
        loss, make_dataset = hierarchical_softmax_loss_and_gradient, lambda: tree

    def as_loss(kw):
        def wrapped(v, o, U, dataset):
            return loss(v, o, U, dataset, **kw)
        return wrapped
    fn = as_loss({"K": 6} if loss_name == "negsamp" else {})
    cv, ov = toy.center_vectors + 0.3 * rng.normal(size=(12, 2)), rng.normal(size=(12, 2))

    def f_center(x):
        l, gc, _ = call(toy, "coffee", context, average, fn, make_dataset(), x, ov)
        return l, gc

    def f_outside(x):
        l, _, go = call(toy, "coffee", context, average, fn, make_dataset(), cv, x)
        return l, go
    for f, x in ((f_center, cv), (f_outside, ov)):
        r = gradcheck(f, x)
        assert r.passed and r.max_rel_error < 1e-7, str(r)


def test_sgd_wrapper_accepts_cbow_and_its_gradient_checks():
    dataset, vectors, word2ind = dummy_objects()
    r = gradcheck(lambda vec: word2vec_sgd_wrapper(cbow, word2ind, vec, dataset, 5), vectors)
    assert r.passed, str(r)


def test_cbow_with_hierarchical_softmax_probabilities_sum_to_one(toy):
    tree = huffman_tree(toy.counts)
    inner = np.random.default_rng(0).normal(size=(12, 2))
    total = sum(np.exp(-cbow(w, 1, ["i", "like"], toy.word2ind, toy.center_vectors, inner, tree,
                             hierarchical_softmax_loss_and_gradient)[0]) for w in toy.words)
    assert total == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("kwargs, exc, match", [
    (dict(current_center_word="zebra"), ValueError, "unknown word 'zebra' in current_center_word"),
    (dict(outside_words=["tea", "zebra"]), ValueError, "unknown word 'zebra' in outside_words"),
    (dict(outside_words=[]), ValueError, "CBOW needs at least one context word"),
    (dict(outside_words="tea"), TypeError, "list of words"),
    (dict(window_size=0), ValueError, "window_size must be at least 1"),
    (dict(average=1), TypeError, "average must be True or False"),
    (dict(center_word_vectors=np.ones((12, 3))), ValueError, "both must be"),
    (dict(outside_vectors=np.ones(12)), ValueError, "outside_vectors must be 2-D"),
    (dict(word2ind={"coffee": 3, "tea": 40}), ValueError, "outside the 12 rows"),
    (dict(center_word_vectors=np.full((12, 2), np.nan)), ValueError, "context words' rows"),
    (dict(dataset=RandomSampler(12), loss_and_gradient=hierarchical_softmax_loss_and_gradient),
     TypeError, "HuffmanTree"),
])
def test_bad_input(toy, kwargs, exc, match):
    args = dict(current_center_word="coffee", window_size=1, outside_words=["tea"], word2ind=toy.word2ind,
                center_word_vectors=toy.center_vectors, outside_vectors=toy.outside_vectors, dataset=None)
    args.update(kwargs)
    with pytest.raises(exc, match=match):
        cbow(**args)


def test_inputs_are_not_modified(toy):
    cv, ov = toy.center_vectors.copy(), toy.outside_vectors.copy()
    call(toy, "coffee", ["tea", "tea"], center_vectors=cv, outside_vectors=ov)
    assert np.array_equal(cv, toy.center_vectors) and np.array_equal(ov, toy.outside_vectors)
