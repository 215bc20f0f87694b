"""Part (i): skip-gram as a sum over the window, and the course's SGD wrapper."""
import random

import numpy as np
import pytest
from conftest import RandomSampler

from w2vlib import (gradcheck, naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient,
                    skipgram, word2vec_sgd_wrapper)
from w2vlib.sanity import dummy_objects
from w2vlib.toy import toy_vocabulary


@pytest.fixture
def toy():
    return toy_vocabulary()


def test_loss_and_gradients_are_sums_over_the_window(toy):
    window = ["like", "hot", "i", "hot"]          # a repeated word counts twice
    loss, g_center, g_out = skipgram("coffee", 2, window, toy.word2ind, toy.center_vectors,
                                     toy.outside_vectors, None)
    v_c = toy.center_vectors[toy.index("coffee")]
    parts = [naive_softmax_loss_and_gradient(v_c, toy.index(w), toy.outside_vectors) for w in window]
    assert loss == pytest.approx(sum(p[0] for p in parts))
    assert np.allclose(g_center[toy.index("coffee")], sum(p[1] for p in parts))
    assert np.allclose(g_out, sum(p[2] for p in parts))
    others = np.delete(g_center, toy.index("coffee"), axis=0)
    assert np.all(others == 0.0)                   # dJ/dv_w = 0 for w != c, exactly


@pytest.mark.parametrize("loss_fn", [naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient])
def test_wrapper_gradient_passes_central_differences(loss_fn):
    dataset, vectors, word2ind = dummy_objects()
    result = gradcheck(lambda vec: word2vec_sgd_wrapper(skipgram, word2ind, vec, dataset, 5, loss_fn), vectors)
    assert result.passed, str(result)


def test_wrapper_consumes_random_in_the_course_order():
    """randint(1, C) then get_random_context(C1) for each of the 50 windows."""
    calls = []

    class Recorder:
        def get_random_context(self, C):
            calls.append(("context", C, random.random()))
            return "a", ["b"]

    def model(center, C, context, word2ind, cv, ov, dataset, loss_fn):
        return 0.0, np.zeros_like(cv), np.zeros_like(ov)

    random.seed(5)
    word2vec_sgd_wrapper(model, {"a": 0, "b": 1}, np.zeros((4, 2)), Recorder(), 3)
    random.seed(5)
    expected = []
    for _ in range(50):
        C = random.randint(1, 3)
        expected.append(("context", C, random.random()))
    assert calls == expected


def test_wrapper_averages_over_50_windows():
    dataset, vectors, word2ind = dummy_objects()
    state = random.getstate()
    loss, grad = word2vec_sgd_wrapper(skipgram, word2ind, vectors, dataset, 3)
    random.setstate(state)
    total, total_grad = 0.0, np.zeros_like(vectors)
    for _ in range(50):
        C = random.randint(1, 3)
        c, ctx = dataset.get_random_context(C)
        l, gi, go = skipgram(c, C, ctx, word2ind, vectors[:5], vectors[5:], dataset)
        total += l
        total_grad += np.vstack([gi, go])
    assert loss == pytest.approx(total / 50) and np.allclose(grad, total_grad / 50)


@pytest.mark.parametrize("kwargs, exc, match", [
    (dict(current_center_word="zebra"), ValueError, "unknown word 'zebra' in current_center_word"),
    (dict(outside_words=["tea", "zebra"]), ValueError, "unknown word 'zebra' in outside_words"),
    (dict(outside_words=[]), ValueError, "outside_words is empty"),
    (dict(outside_words="tea"), TypeError, "list of words"),
    (dict(window_size=0), ValueError, "window_size must be at least 1"),
    (dict(center_word_vectors=np.ones((12, 3))), ValueError, "both must be"),
    (dict(outside_vectors=np.ones(12)), ValueError, "outside_vectors must be 2-D"),
])
def test_skipgram_bad_input(toy, kwargs, exc, match):
    args = dict(current_center_word="coffee", window_size=1, outside_words=["tea"], word2ind=toy.word2ind,
                center_word_vectors=toy.center_vectors, outside_vectors=toy.outside_vectors, dataset=None)
    args.update(kwargs)
    with pytest.raises(exc, match=match):
        skipgram(**args)


def test_wrapper_bad_input():
    dataset, vectors, word2ind = dummy_objects()
    with pytest.raises(ValueError, match="even number of rows"):
        word2vec_sgd_wrapper(skipgram, word2ind, vectors[:9], dataset, 3)
    with pytest.raises(TypeError, match="get_random_context"):
        word2vec_sgd_wrapper(skipgram, word2ind, vectors, RandomSampler(5), 3)
    with pytest.raises(ValueError, match="non-finite"):
        word2vec_sgd_wrapper(skipgram, word2ind, vectors * np.nan, dataset, 3)
