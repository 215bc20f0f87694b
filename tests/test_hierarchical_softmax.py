"""Hierarchical softmax: the Huffman tree, Σ_w P(w|c) = 1, gradients along the path only."""
import heapq
import itertools

import numpy as np
import pytest
from conftest import RandomSampler

from w2vlib import (HuffmanTree, gradcheck, hierarchical_softmax_loss_and_gradient, huffman_tree,
                    naive_softmax_loss_and_gradient, skipgram)
from w2vlib.hierarchical_softmax import hierarchical_softmax_probabilities
from w2vlib.toy import toy_vocabulary

HS = hierarchical_softmax_loss_and_gradient


def optimal_cost(weights):
    """Σ_w weight_w L_w of an optimal prefix code: the sum of every merge's weight (heap Huffman)."""
    heap = list(map(float, weights))
    heapq.heapify(heap)
    total = 0.0
    while len(heap) > 1:
        merged = heapq.heappop(heap) + heapq.heappop(heap)
        total += merged
        heapq.heappush(heap, merged)
    return total


def brute_force_optimal_cost(weights):
    """min Σ_w weight_w L_w over every length vector of a full binary tree (Kraft sum exactly 1)."""
    V = len(weights)
    best = np.inf
    for lengths in itertools.product(range(1, V), repeat=V):
        if sum(2.0 ** -np.array(lengths)) == 1.0:
            best = min(best, float(np.dot(weights, lengths)))
    return best


def walk(tree, w):
    """Follow ``codes[w]`` down ``children`` from the root; return the inner nodes and the leaf."""
    V = tree.vocab_size
    node, visited = V + tree.root, []
    for code in tree.codes[w]:
        visited.append(node - V)
        node = int(tree.children[node - V, code])
    return visited, node


# --- the tree -----------------------------------------------------------------------------

def test_paths_are_root_to_leaf_walks_through_children():
    tree = huffman_tree(toy_vocabulary().counts)
    assert isinstance(tree, HuffmanTree) and tree.n_inner == 11 and tree.root == 10
    for w in range(tree.vocab_size):
        visited, leaf = walk(tree, w)
        assert leaf == w and list(tree.paths[w]) == visited and tree.paths[w][0] == tree.root
    # every inner node is some word's ancestor, and each node id is a child exactly once
    assert sorted(tree.children.ravel().tolist()) == [i for i in range(2 * 12 - 1) if i != 12 + tree.root]


def test_codes_are_prefix_free_and_complete():
    tree = huffman_tree([5, 1, 1, 2, 9, 3, 3])
    codes = ["".join(map(str, c)) for c in tree.codes]
    assert not any(a != b and b.startswith(a) for a in codes for b in codes)
    assert sum(2.0 ** -len(c) for c in codes) == 1.0                 # Kraft: a full binary tree


def test_frequent_words_get_short_paths():
    counts = [1, 2, 4, 8, 16, 32, 64]                                  # dyadic: a 'caterpillar'
    tree = huffman_tree(counts)
    assert tree.code_lengths.tolist() == [6, 6, 5, 4, 3, 2, 1]
    lengths = huffman_tree(toy_vocabulary().counts).code_lengths
    counts = np.array(toy_vocabulary().counts)
    # a strictly more frequent word never has a longer path
    assert all(lengths[a] <= lengths[b] for a in range(12) for b in range(12) if counts[a] > counts[b])


@pytest.mark.parametrize("seed", range(6))
def test_expected_path_length_is_optimal_and_within_the_entropy_bounds(seed):
    rng = np.random.default_rng(seed)
    counts = rng.integers(1, 1000, size=int(rng.integers(2, 300))).astype(float)
    tree = huffman_tree(counts)
    p = counts / counts.sum()
    L = tree.expected_code_length()
    assert L == pytest.approx(optimal_cost(p), rel=1e-12)
    entropy = -np.sum(p * np.log2(p))
    assert entropy <= L < entropy + 1


@pytest.mark.parametrize("weights", [[1, 1, 1, 1, 1], [10, 1, 1, 3, 2, 7], [1, 2, 3, 4, 5, 6],
                                     [40, 25, 20, 12, 10, 8]])
def test_expected_path_length_equals_a_brute_force_optimum(weights):
    tree = huffman_tree(weights)
    assert float(np.dot(weights, tree.code_lengths)) == brute_force_optimal_cost(weights)


def test_ties_go_to_the_merged_node_as_in_the_c_tool():
    # counts 1,1,2: merge the two 1s (node of weight 2); then the word of count 2 ties with it.
    # The C tool takes the merged node first, so it becomes the root's LEFT child (code 0).
    tree = huffman_tree([2, 1, 1])
    assert tree.children.tolist() == [[2, 1], [3, 0]]
    assert tree.codes[0].tolist() == [1] and tree.codes[1].tolist() == [0, 1]


def test_toy_tree_is_the_c_tools_tree_worked_by_hand():
    # word2vec.c's CreateBinaryTree on the toy counts, worked by hand: words sorted by count
    # (i 40, like 25, drink 20, coffee 12, tea 10, hot 9, milk 8, cold 8, cat 7, dog 7, rain 6,
    # snow 5), two queues, the lighter node of each merge on the left (code 0), a tie between a
    # word and a merged node goes to the merged node. Merges in order: n0 = (snow, rain),
    # n1 = (dog, cat), n2 = (cold, milk), n3 = (hot, tea), n4 = (n0, coffee), n5 = (n1, n2),
    # n6 = (n3, drink), n7 = (n4, like), n8 = (n5, n6), n9 = (i, n7), n10 = (n8, n9).
    toy = toy_vocabulary()
    tree = huffman_tree(toy.counts)
    expected = {"i": ([10, 9], [1, 0]), "like": ([10, 9, 7], [1, 1, 1]), "drink": ([10, 8, 6], [0, 1, 1]),
                "coffee": ([10, 9, 7, 4], [1, 1, 0, 1]), "tea": ([10, 8, 6, 3], [0, 1, 0, 1]),
                "hot": ([10, 8, 6, 3], [0, 1, 0, 0]), "milk": ([10, 8, 5, 2], [0, 0, 1, 1]),
                "cold": ([10, 8, 5, 2], [0, 0, 1, 0]), "cat": ([10, 8, 5, 1], [0, 0, 0, 1]),
                "dog": ([10, 8, 5, 1], [0, 0, 0, 0]), "rain": ([10, 9, 7, 4, 0], [1, 1, 0, 0, 1]),
                "snow": ([10, 9, 7, 4, 0], [1, 1, 0, 0, 0])}
    for word, (path, code) in expected.items():
        w = toy.index(word)
        assert tree.paths[w].tolist() == path and tree.codes[w].tolist() == code, word


def test_uniform_counts_give_a_balanced_tree():
    tree = huffman_tree(np.ones(1024))
    assert set(tree.code_lengths.tolist()) == {10}


# --- the loss -----------------------------------------------------------------------------

@pytest.fixture
def setup():
    rng = np.random.default_rng(7)
    tree = huffman_tree(rng.integers(1, 50, size=9))
    return rng, tree, rng.normal(size=(8, 4)), rng.normal(size=4)


def test_probabilities_sum_to_one(setup):
    rng, tree, inner, v_c = setup
    for scale in (0.1, 1.0, 30.0):                                     # even with saturated sigmoids
        p = np.array([np.exp(-HS(scale * v_c, w, inner, tree)[0]) for w in range(9)])
        assert p.sum() == pytest.approx(1.0, abs=1e-12) and np.all(p > 0)
        assert np.allclose(p, hierarchical_softmax_probabilities(scale * v_c, inner, tree), rtol=1e-12)


def test_loss_is_minus_log_of_the_product_of_branch_probabilities(setup):
    _, tree, inner, v_c = setup
    w = 5
    prob = 1.0
    for n, code in zip(tree.paths[w], tree.codes[w]):
        right = 1.0 / (1.0 + np.exp(inner[n] @ v_c))                   # σ(−u·v)
        prob *= right if code == 1 else 1.0 - right
    assert HS(v_c, w, inner, tree)[0] == pytest.approx(-np.log(prob), rel=1e-12)


@pytest.mark.parametrize("w", range(9))
def test_gradcheck_wrt_center_and_inner_vectors(setup, w):
    _, tree, inner, v_c = setup
    r = gradcheck(lambda v: HS(v, w, inner, tree)[:2], v_c)
    assert r.passed and r.max_rel_error < 1e-8, str(r)
    r = gradcheck(lambda U: (HS(v_c, w, U, tree)[0], HS(v_c, w, U, tree)[2]), inner)
    assert r.passed and r.max_rel_error < 1e-8, str(r)


def test_only_path_rows_are_nonzero(setup):
    _, tree, inner, v_c = setup
    for w in range(9):
        grad = HS(v_c, w, inner, tree)[2]
        nonzero = set(np.flatnonzero(np.any(grad != 0, axis=1)).tolist())
        assert nonzero == set(tree.paths[w].tolist())


def test_only_path_rows_are_read(setup):
    _, tree, inner, v_c = setup
    w = 0
    spoiled = inner.copy()
    off_path = [n for n in range(8) if n not in tree.paths[w]]
    spoiled[off_path] = np.nan                                         # never read, so no error
    assert HS(v_c, w, spoiled, tree)[0] == HS(v_c, w, inner, tree)[0]


def test_a_vth_row_is_accepted_and_unused(setup):
    _, tree, inner, v_c = setup
    padded = np.vstack([inner, np.full(4, 123.0)])                     # (V, d), as skipgram passes it
    loss, g_c, g_U = HS(v_c, 3, padded, tree)
    ref = HS(v_c, 3, inner, tree)
    assert loss == ref[0] and np.array_equal(g_c, ref[1]) and g_U.shape == (9, 4)
    assert np.array_equal(g_U[:8], ref[2]) and not np.any(g_U[8])


def test_large_scores_stay_finite(setup):
    _, tree, inner, v_c = setup
    loss, g_c, g_U = HS(1e4 * v_c, 2, inner, tree)
    assert np.isfinite(loss) and np.all(np.isfinite(g_c)) and np.all(np.isfinite(g_U))


def test_two_words_is_logistic_regression():
    tree = huffman_tree([3, 1])                                        # one inner node
    u, v = np.array([[0.3, -0.2]]), np.array([1.5, 0.5])
    s = u[0] @ v
    assert HS(v, 1, u, tree)[0] == pytest.approx(np.log1p(np.exp(-s)))   # word 1 = left (code 0)
    assert HS(v, 0, u, tree)[0] == pytest.approx(np.log1p(np.exp(s)))


def test_skipgram_with_the_tree_in_the_dataset_slot():
    toy = toy_vocabulary()
    tree = huffman_tree(toy.counts)
    rng = np.random.default_rng(3)
    inner = rng.normal(size=(12, 2))                                   # (V, d): last row unused
    window = ["like", "hot", "i", "hot"]
    loss, g_c, g_U = skipgram("coffee", 2, window, toy.word2ind, toy.center_vectors, inner, tree,
                              loss_and_gradient=HS)
    v_c = toy.center_vectors[toy.index("coffee")]
    parts = [HS(v_c, toy.index(w), inner, tree) for w in window]
    assert loss == pytest.approx(sum(p[0] for p in parts))
    assert np.allclose(g_U, sum(p[2] for p in parts)) and not np.any(g_U[11])

    def f(x):                                                          # every centre and inner entry at once
        cv, U = x[:12], x[12:]
        loss, gc, gu = skipgram("coffee", 2, window, toy.word2ind, cv, U, tree, loss_and_gradient=HS)
        return loss, np.vstack([gc, gu])
    r = gradcheck(f, np.vstack([toy.center_vectors, inner]))
    assert r.passed, str(r)


def test_cost_grows_with_path_length_not_vocabulary(monkeypatch):
    """O(log V · d): at V = 2^16 one call reads the 16 rows of the path, not 65,535 (rows counted)."""
    import w2vlib.hierarchical_softmax as hs_module
    V, d = 2 ** 16, 8
    tree = huffman_tree(np.ones(V))
    reads = []

    class CountingRows(np.ndarray):
        def __getitem__(self, idx):
            reads.append(np.size(idx))
            return np.asarray(self).__getitem__(idx)

        def __matmul__(self, other):
            reads.append(self.shape[0])
            return np.asarray(self) @ other
    validate = hs_module.center_and_inner_nodes
    monkeypatch.setattr(hs_module, "center_and_inner_nodes",
                        lambda v, U, n: (validate(v, U, n)[0], np.asarray(U).view(CountingRows)))
    inner = np.random.default_rng(0).normal(size=(V - 1, d))
    loss, g_c, g_U = hierarchical_softmax_loss_and_gradient(np.ones(d), 12345, inner, tree)
    assert reads == [16] and tree.code_lengths[12345] == 16
    assert np.count_nonzero(np.any(g_U != 0, axis=1)) == 16


@pytest.mark.parametrize("call, exc, match", [
    (lambda t, U, v: HS(v, 0, U, None), TypeError, "HuffmanTree from huffman_tree"),
    (lambda t, U, v: HS(v, 0, U, RandomSampler(9)), TypeError, "HuffmanTree"),
    (lambda t, U, v: HS(v, 9, U, t), ValueError, "outside_word_idx=9 is out of range"),
    (lambda t, U, v: HS(v, 1.0, U, t), TypeError, "outside_word_idx must be an integer"),
    (lambda t, U, v: HS(v, 0, U[:5], t), ValueError, "tree has 8 inner nodes"),
    (lambda t, U, v: HS(v[:3], 0, U, t), ValueError, "both must be d-dimensional"),
    (lambda t, U, v: HS(v * np.nan, 0, U, t), ValueError, "center_word_vec holds a non-finite"),
    (lambda t, U, v: HS(v, 0, U * np.nan, t), ValueError, "rows on the path of word 0"),
    (lambda t, U, v: HS(v, 0, U[0], t), ValueError, "inner_node_vectors must be 2-D"),
])
def test_loss_bad_input(setup, call, exc, match):
    _, tree, inner, v_c = setup
    with pytest.raises(exc, match=match):
        call(tree, inner, v_c)


@pytest.mark.parametrize("counts, exc, match", [
    ([5], ValueError, "at least 2 words"),
    ([3, -1, 2], ValueError, "non-negative, got -1.0 at index 1"),
    ([0, 0], ValueError, "all zero"),
    ([[1, 2], [3, 4]], ValueError, "counts must be 1-D"),
    ([1, np.nan], ValueError, "non-finite"),
    ("abc", TypeError, "numeric array"),
])
def test_tree_bad_input(counts, exc, match):
    with pytest.raises(exc, match=match):
        huffman_tree(counts)


def test_tree_is_read_only():
    tree = huffman_tree([3, 2, 1])
    with pytest.raises(ValueError):
        tree.paths[0][0] = 5
