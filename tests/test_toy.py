"""Tests for w2vlib.toy: the 2-D toy vocabulary and its seeded dataset."""
import random
from collections import Counter

import numpy as np
import pytest

from w2vlib.sampling import NOISE_EXPONENT
from w2vlib.toy import COUNTS, SENTENCE, WORDS, ToyDataset, toy_vocabulary


def test_vocabulary_shapes_and_index():
    toy = toy_vocabulary()
    V = len(WORDS)
    assert len(set(WORDS)) == V == len(COUNTS)
    assert toy.center_vectors.shape == toy.outside_vectors.shape == (V, 2)
    assert toy.center_vectors.dtype == np.float64
    assert [toy.index(w) for w in WORDS] == list(range(V))
    assert toy.word2ind == {w: i for i, w in enumerate(WORDS)}
    assert set(SENTENCE) <= set(WORDS)


def test_unknown_word_names_the_word_and_lists_the_small_vocabulary():
    with pytest.raises(ValueError, match=r"unknown word 'zebra' in word \(not in the vocabulary \['i', 'like'"):
        toy_vocabulary().index("zebra")


def test_each_copy_is_independent():
    a, b = toy_vocabulary(), toy_vocabulary()
    a.center_vectors[0] = 99.0
    a.words.append("extra")
    assert b.center_vectors[0, 0] != 99.0 and "extra" not in b.words
    assert toy_vocabulary().center_vectors[0, 0] != 99.0


def test_groups_point_where_the_docstring_says():
    u = toy_vocabulary()
    drinks = [u.index(w) for w in ("coffee", "tea", "milk")]
    animals = [u.index(w) for w in ("cat", "dog")]
    weather = [u.index(w) for w in ("rain", "snow")]
    assert np.all(u.outside_vectors[drinks] > 0.5)                # up-right
    assert np.all(u.outside_vectors[animals, 0] < -1.0)           # left
    assert np.all(u.outside_vectors[weather, 1] < -1.0)           # down
    assert not np.array_equal(u.center_vectors, u.outside_vectors)


def test_noise_distribution_is_unigram_to_the_three_quarters():
    ds = ToyDataset(seed=0)
    w = np.array(COUNTS, dtype=float) ** 0.75
    np.testing.assert_allclose(ds.noise, w / w.sum(), rtol=1e-15)
    assert NOISE_EXPONENT == 0.75 and ds.noise.sum() == pytest.approx(1.0)
    # flatter than the unigram distribution: the rarest word gains, the most frequent loses
    unigram = np.array(COUNTS) / sum(COUNTS)
    assert ds.noise[np.argmin(COUNTS)] > unigram.min() and ds.noise[np.argmax(COUNTS)] < unigram.max()


def test_draws_follow_the_noise_distribution():
    ds = ToyDataset(seed=3)
    n = 40_000
    freq = np.bincount([ds.sample_token_idx() for _ in range(n)], minlength=len(WORDS)) / n
    sd = np.sqrt(ds.noise * (1 - ds.noise) / n)
    assert np.all(np.abs(freq - ds.noise) < 5 * sd)


def test_same_seed_same_draws_and_the_global_stream_is_untouched():
    random.seed(5)
    before = random.getstate()
    a, b = ToyDataset(seed=7), ToyDataset(seed=7)
    draws_a = [a.sample_token_idx() for _ in range(200)] + [a.get_random_context(2) for _ in range(20)]
    draws_b = [b.sample_token_idx() for _ in range(200)] + [b.get_random_context(2) for _ in range(20)]
    assert draws_a == draws_b
    assert random.getstate() == before
    c = ToyDataset(seed=8)
    assert [c.sample_token_idx() for _ in range(200)] != draws_a[:200]


def test_random_context_is_a_window_of_the_sentence():
    ds = toy_vocabulary().dataset(seed=1)
    seen = Counter()
    for _ in range(2000):
        C = 1 + len(seen) % 3
        center, context = ds.get_random_context(C)
        positions = [i for i, w in enumerate(SENTENCE) if w == center]
        windows = [SENTENCE[max(0, p - C):p] + SENTENCE[p + 1:p + 1 + C] for p in positions]
        assert context in windows
        seen[center] += 1
    assert set(seen) == set(SENTENCE)
    # the first and last words have neighbours on one side only
    center, context = next((c, x) for c, x in (ds.get_random_context(2) for _ in range(200)) if c == "milk")
    assert context == ["drink", "cold"]


def test_dataset_uses_the_vocabularys_counts():
    toy = toy_vocabulary()
    toy.counts = [1] * (len(WORDS) - 1) + [10_000]
    ds = toy.dataset(seed=0)
    draws = [ds.sample_token_idx() for _ in range(1000)]
    assert Counter(draws).most_common(1)[0][0] == len(WORDS) - 1


def test_toy_dataset_tokens_map_each_word_to_its_row_like_the_courses_reader():
    assert ToyDataset(0).tokens() == {w: i for i, w in enumerate(WORDS)}
