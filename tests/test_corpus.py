"""Tests for w2vlib.corpus: the vocabulary, the alias sampler, reduced windows to pairs, chunk and shard bounds."""
import numpy as np

from w2vlib.corpus import _AliasSampler, _pairs, _shard_bounds, build_vocabulary


def test_vocabulary_is_sorted_by_count_and_cut_at_min_count():
    words, counts = build_vocabulary([["b", "a", "a", "c"], ["c", "a", "d"]], min_count=2)
    assert words == ["a", "c"] and counts.tolist() == [3, 2]
    words, _ = build_vocabulary([["b", "a", "c"]], min_count=1)
    assert words == ["b", "a", "c"]                       # ties keep first appearance


def test_alias_sampler_draws_from_its_distribution():
    p = np.array([0.5, 0.25, 0.125, 0.0625, 0.0625, 0.0])
    draws = _AliasSampler(p).draw(np.random.default_rng(1), 400_000)
    freq = np.bincount(draws, minlength=len(p)) / len(draws)
    sigma = np.sqrt(p * (1 - p) / len(draws))
    assert np.all(np.abs(freq - p) <= 5 * sigma), (freq, p)
    assert freq[-1] == 0.0                                # probability 0 is never drawn


def test_reduced_windows_are_symmetric_around_each_centre():
    n = 400
    ids = np.arange(n, dtype=np.int32)                      # token i has id i: pairs give positions
    sids = (np.arange(n) // 100).astype(np.int32)            # four sentences of 100 tokens
    c, o, kept = _pairs(ids, sids, np.ones(n), 3, np.random.default_rng(0))
    assert kept == n
    bs = []
    for centre in range(n):
        offsets = set((o[c == centre] - centre).tolist())
        lo, hi = centre - centre // 100 * 100, centre // 100 * 100 + 99 - centre   # room left, right
        b = max(abs(x) for x in offsets)
        assert offsets == {x for x in range(-b, b + 1) if x != 0 and -lo <= x <= hi} or b > min(lo, hi)
        if b <= min(lo, hi):
            bs.append(b)
    counts = np.bincount(bs, minlength=4)[1:]
    assert counts.min() > 0.25 * len(bs)                     # b uniform on 1..3


def test_shards_are_cut_at_sentence_starts():
    sids = np.repeat(np.arange(6), [5, 1, 4, 3, 3, 4])          # 20 tokens in 6 sentences
    bounds = _shard_bounds(sids, 3)
    assert bounds[0] == 0 and bounds[-1] == 20 and bounds == sorted(bounds)
    assert all(b in (0, 20) or sids[b] != sids[b - 1] for b in bounds)
    assert _shard_bounds(np.zeros(7, dtype=np.int32), 2) == [0, 7, 7]   # one sentence: one shard
