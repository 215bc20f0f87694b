"""Tests for w2vlib.compare: fixed held-out examples and each model's own objective on them."""
import functools

import numpy as np
import pytest

from w2vlib.cbow import cbow
from w2vlib.corpus import build_vocabulary
from w2vlib.compare import HeldOut, held_out_examples, held_out_objective, model_objective
from w2vlib.hierarchical_softmax import hierarchical_softmax_loss_and_gradient, huffman_tree
from w2vlib.negsamp import ReplayDataset, neg_sampling_loss_and_gradient
from w2vlib.tiny_corpus import load_tiny_corpus
from w2vlib.train import train_word2vec


@pytest.fixture(scope="module")
def setup():
    tiny = load_tiny_corpus()
    words, counts = build_vocabulary(tiny[:3000], 3)
    ho = held_out_examples(tiny[3000:3030], words, counts, window=3, negative=4, seed=7)
    rng = np.random.default_rng(0)
    V = len(words)
    return words, counts, ho, rng.normal(scale=0.4, size=(V, 5)), rng.normal(scale=0.4, size=(V, 5)), \
        rng.normal(scale=0.4, size=(V - 1, 5)), huffman_tree(counts)


def _single_example_mean(ho, sg, x, U, inner, tree, cbow_mean):
    """The same objective from the notebooks' single-example functions, example by example."""
    word2ind = {w: i for i, w in enumerate(ho.words)}
    padded = None if inner is None else np.vstack([inner, np.zeros((1, inner.shape[1]))])
    n = len(ho.centres) if sg else len(ho.cbow_centres)
    total = 0.0
    for i in range(n):
        t = int(ho.outsides[i] if sg else ho.cbow_centres[i])
        negatives = [int(k) for k in (ho.sg_negatives if sg else ho.cbow_negatives)[i] if k != t]
        losses = []
        if U is not None:
            losses.append((U, functools.partial(neg_sampling_loss_and_gradient, K=len(negatives)),
                           ReplayDataset(negatives)))
        if padded is not None:
            losses.append((padded, hierarchical_softmax_loss_and_gradient, tree))
        for W, fn, dataset in losses:
            if sg:
                total += fn(x[ho.centres[i]], t, W, dataset)[0]
            else:
                window = [ho.words[w] for w in ho.context[ho.offsets[i]:ho.offsets[i + 1]]]
                total += cbow(ho.words[t], 1, window, word2ind, x, W, dataset, loss_and_gradient=fn,
                              average=bool(cbow_mean))[0]
    return total / n


@pytest.mark.parametrize("sg, ns, hs, cbow_mean", [(1, True, False, 1), (1, False, True, 1), (1, True, True, 1),
                                                   (0, True, False, 1), (0, False, True, 0), (0, True, True, 1)])
def test_the_objective_is_the_mean_of_the_notebooks_single_example_losses(setup, sg, ns, hs, cbow_mean):
    words, counts, ho, x, U, inner, tree = setup
    got = held_out_objective(ho, sg, x, U if ns else None,
                             (tree._path_matrix, tree._sign_matrix, inner) if hs else None, cbow_mean)
    expected = _single_example_mean(ho, sg, x, U if ns else None, inner if hs else None, tree, cbow_mean)
    assert got == pytest.approx(expected, rel=1e-12)


def test_examples_are_fixed_by_the_seed_and_follow_the_training_draws(setup):
    words, counts, ho, *_ = setup
    tiny = load_tiny_corpus()
    again = held_out_examples(tiny[3000:3030], words, counts, window=3, negative=4, seed=7)
    other = held_out_examples(tiny[3000:3030], words, counts, window=3, negative=4, seed=8)
    assert isinstance(ho, HeldOut) and "skip-gram pairs" in repr(ho)
    for name in ("centres", "outsides", "sg_negatives", "cbow_centres", "context", "offsets", "cbow_negatives"):
        assert np.array_equal(getattr(ho, name), getattr(again, name)), name
    assert not np.array_equal(ho.sg_negatives, other.sg_negatives)
    assert ho.sg_negatives.shape == (len(ho.centres), 4) and len(ho.offsets) == len(ho.cbow_centres) + 1
    assert len(ho.context) == len(ho.centres)          # every skip-gram pair is one context word of a window


def test_a_trained_model_beats_its_untrained_self_on_held_out_sentences():
    tiny = load_tiny_corpus()
    for opts in (dict(sg=1), dict(sg=0, hs=1, negative=0)):
        model = train_word2vec(tiny[:8000], vector_size=10, epochs=2, min_count=1, seed=0, progress=False, **opts)
        ho = held_out_examples(tiny[8000:9000], model.wv.index_to_key, model.wv.counts, seed=1)
        trained = model_objective(model, ho)
        if model.negative:             # every score 0: log 2 per term, a negative equal to the target skipped
            untrained = held_out_objective(ho, 1, model.wv.vectors, np.zeros_like(model.syn1neg))
            skipped = np.mean((ho.sg_negatives == ho.outsides[:, None]).sum(axis=1))
            assert untrained == pytest.approx((1 + 5 - skipped) * np.log(2))
        else:
            tree = model.tree
            untrained = held_out_objective(ho, 0, model.wv.vectors, None,
                                           (tree._path_matrix, tree._sign_matrix, np.zeros_like(model.syn1)))
            assert untrained == pytest.approx(tree.code_lengths[ho.cbow_centres].mean() * np.log(2))
        assert trained < 0.8 * untrained


@pytest.mark.parametrize("call, exc, match", [
    (lambda s: held_out_examples([["a", "b"]], ["a", "b"], [3]), ValueError, "counts must have one entry per word"),
    (lambda s: held_out_examples([["zz", "yy"]], s[0], s[1]), ValueError, "no held-out sentence"),
    (lambda s: held_out_examples([["a"]], ["a", "b"], [1, 1], window=0), ValueError, "window"),
    (lambda s: held_out_objective(s[2], 1, s[3]), ValueError, "needs outside_vectors"),
    (lambda s: held_out_objective(s[2], 1, s[3][:5], s[4]), ValueError, "vectors has 5 rows"),
])
def test_bad_input_is_refused_naming_it(setup, call, exc, match):
    with pytest.raises(exc, match=match):
        call(setup)


def test_a_model_of_another_vocabulary_is_refused(setup):
    words, counts, ho, *_ = setup
    model = train_word2vec(load_tiny_corpus()[:500], vector_size=3, epochs=1, min_count=1, progress=False)
    with pytest.raises(ValueError, match="vocabulary is not the held-out examples'"):
        model_objective(model, ho)


def test_neighbour_table_is_the_cosine_ranking_and_overlap_counts_shared_neighbours():
    from w2vlib.compare import neighbour_overlap, neighbour_table
    from w2vlib.vectors import WordVectors
    rng = np.random.default_rng(3)
    x = rng.normal(size=(60, 4))
    wv = WordVectors([f"w{i}" for i in range(60)], x)
    table = neighbour_table(wv, n_words=20, topn=5)
    assert table.shape == (20, 5)
    for i in range(20):
        assert [wv.index(w) for w, _ in wv.most_similar(wv.words[i], topn=5)] == table[i].tolist()
    assert neighbour_overlap(table, table) == 1.0
    other = table.copy()
    other[:, :2] = 59                                        # two of five replaced (59 is no one's top 5 here, say)
    expected = np.mean([len(set(a) & set(b)) / 5 for a, b in zip(table.tolist(), other.tolist())])
    assert neighbour_overlap(table, other) == pytest.approx(expected)
    with pytest.raises(ValueError, match="same"):
        neighbour_overlap(table, table[:, :4])
    with pytest.raises(ValueError, match="topn=60"):
        neighbour_table(wv, topn=60)


def test_mean_interval_is_the_student_t_interval():
    from w2vlib.compare import mean_interval
    values = [2.0, 2.5, 1.5, 2.25, 1.75, 2.0, 2.1, 1.9, 2.3, 1.7]
    m, half = mean_interval(values)
    assert m == pytest.approx(2.0) and half == pytest.approx(2.262 * np.std(values, ddof=1) / np.sqrt(10))
    assert mean_interval(np.arange(50.0))[1] == pytest.approx(2.0096 * np.std(np.arange(50.0), ddof=1) / np.sqrt(50),
                                                              rel=1e-3)
    with pytest.raises(ValueError, match="at least 2"):
        mean_interval([1.0])
