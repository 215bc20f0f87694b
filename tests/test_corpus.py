"""Tests for w2vlib.corpus: the vocabulary, the alias sampler, reduced windows to skip-gram pairs and
CBOW windows, chunk and shard bounds."""
import numpy as np

from w2vlib.corpus import AliasSampler, cbow_examples, skipgram_pairs, shard_bounds, build_vocabulary


def test_vocabulary_is_sorted_by_count_and_cut_at_min_count():
    words, counts = build_vocabulary([["b", "a", "a", "c"], ["c", "a", "d"]], min_count=2)
    assert words == ["a", "c"] and counts.tolist() == [3, 2]
    words, _ = build_vocabulary([["b", "a", "c"]], min_count=1)
    assert words == ["b", "a", "c"]                       # ties keep first appearance


def test_alias_sampler_draws_from_its_distribution():
    p = np.array([0.5, 0.25, 0.125, 0.0625, 0.0625, 0.0])
    draws = AliasSampler(p).draw(np.random.default_rng(1), 400_000)
    freq = np.bincount(draws, minlength=len(p)) / len(draws)
    sigma = np.sqrt(p * (1 - p) / len(draws))
    assert np.all(np.abs(freq - p) <= 5 * sigma), (freq, p)
    assert freq[-1] == 0.0                                # probability 0 is never drawn


def test_reduced_windows_are_symmetric_around_each_centre():
    n = 400
    ids = np.arange(n, dtype=np.int32)                      # token i has id i: pairs give positions
    sids = (np.arange(n) // 100).astype(np.int32)            # four sentences of 100 tokens
    c, o, kept = skipgram_pairs(ids, sids, np.ones(n), 3, np.random.default_rng(0))
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
    bounds = shard_bounds(sids, 3)
    assert bounds[0] == 0 and bounds[-1] == 20 and bounds == sorted(bounds)
    assert all(b in (0, 20) or sids[b] != sids[b - 1] for b in bounds)
    assert shard_bounds(np.zeros(7, dtype=np.int32), 2) == [0, 7, 7]   # one sentence: one shard


def test_cbow_windows_are_the_skipgram_pairs_grouped_by_centre():
    # same draws (keep, windows, then a permutation): example i's context is every outside word
    # the skip-gram pairs give its centre token, in sentence order, nothing else
    rng = np.random.default_rng(5)
    n = 500
    ids = np.arange(n, dtype=np.int32)                      # token i has id i
    sids = np.repeat(np.arange(40), np.diff(np.r_[0, np.sort(rng.choice(np.arange(1, n), 39, replace=False)), n]))
    sids = sids.astype(np.int32)
    keep = np.where(np.arange(n) % 7 == 3, 0.0, 0.9)         # every 7th token dropped, the rest mostly kept
    c, o, kept = skipgram_pairs(ids, sids, keep, 4, np.random.default_rng(1))
    centres, context, ptr, kept_cbow = cbow_examples(ids, sids, keep, 4, np.random.default_rng(1))
    assert kept_cbow == kept and ptr[0] == 0 and ptr[-1] == len(context) == len(c)
    assert len(set(centres.tolist())) == len(centres)         # one example per token
    by_centre = {}
    for ci, oi in zip(c.tolist(), o.tolist()):
        by_centre.setdefault(ci, []).append(oi)
    assert set(by_centre) == set(centres.tolist())           # tokens without a neighbour give no example
    for i, centre in enumerate(centres.tolist()):
        window = context[ptr[i]:ptr[i + 1]].tolist()
        assert window == sorted(by_centre[centre])           # left words farthest first, then right
        assert all(sids[w] == sids[centre] and keep[w] > 0 for w in window)   # (distance counts kept tokens)
    assert not np.array_equal(centres, np.sort(centres))     # shuffled


def test_windows_reordered_keep_each_context_and_leaves_are_ranked_left_to_right():
    from w2vlib.corpus import leaf_order, reorder_windows
    from w2vlib.hierarchical_softmax import huffman_tree
    centres, ptr = np.array([7, 8, 9]), np.array([0, 2, 3, 6])
    context = np.array([1, 2, 3, 4, 5, 6])
    c, x, p = reorder_windows(centres, context, ptr, np.array([2, 0, 1]))
    assert c.tolist() == [9, 7, 8] and p.tolist() == [0, 3, 5, 6] and x.tolist() == [4, 5, 6, 1, 2, 3]
    tree = huffman_tree([40, 25, 17, 12, 9, 6, 4, 3, 2])
    rank = leaf_order(tree)
    codes = ["".join(map(str, tree.codes[w])) for w in range(9)]
    assert sorted(range(9), key=lambda w: codes[w]) == np.argsort(rank).tolist()


def test_batch_order_sorts_each_batch_and_keeps_the_batches():
    from w2vlib.corpus import batch_order
    keys = np.random.default_rng(0).integers(0, 70_000, 1003)             # beyond 16 bits, a short last batch
    for k in (keys, keys % 500):
        order = batch_order(k, 100)
        assert sorted(order.tolist()) == list(range(1003))
        assert all(set(order[s:s + 100].tolist()) == set(range(s, min(s + 100, 1003))) for s in range(0, 1003, 100))
        assert all(np.all(np.diff(k[order[s:s + 100]]) >= 0) for s in range(0, 1003, 100))


def test_group_spans_are_full_groups_then_the_rest_and_cover_the_batch():
    from w2vlib.corpus import group_spans
    assert group_spans(10, 27, 4) == [(10, 26, 4), (26, 27, 1)]        # four groups of 4, then 1
    assert group_spans(0, 12, 4) == [(0, 12, 4)]                       # no empty remainder
    assert group_spans(5, 8, 4) == [(5, 8, 3)]                         # fewer than a group: one smaller group
    assert group_spans(3, 3, 4) == []
