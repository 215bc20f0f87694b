"""Hierarchical softmax: a softmax over V words as V − 1 binary decisions down a Huffman tree.

Every word w is a leaf of a binary tree with V − 1 inner nodes. Inner node n has a vector u_n
(a row of ``inner_node_vectors``, (V − 1, d)). The path from the root to w visits the inner
nodes n_1, …, n_L and takes a branch at each: code b_l = 0 (left) or 1 (right). With the sign
s_l = 1 − 2 b_l, the probability of the branch taken at n_l is σ(s_l u_{n_l}ᵀ v_c), and

    P(w | c) = Π_{l=1}^{L} σ(s_l u_{n_l}ᵀ v_c),      J = −log P(o | c) = −Σ_l log σ(s_l u_{n_l}ᵀ v_c).

Because σ(x) + σ(−x) = 1 at every inner node, the two subtrees share their parent's
probability exactly, so Σ_w P(w | c) = 1 with no normalising sum over V words: the arithmetic of
one call is O(L · d) = O(log V · d) instead of O(V · d).

The tree is built from word counts as the word2vec C tool builds it (Huffman coding): frequent
words get short paths, so the expected path length is the optimal expected code length.
Node numbering follows the C tool: words are nodes 0 … V − 1, inner node n is node V + n, inner
nodes are numbered in the order they are merged, and the root is inner node V − 2.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Sequence

import numpy as np

from ._validate import Counts, as_index, center_and_inner_nodes, check_finite, checked
from .activations import log_sigmoid, sigmoid

__all__ = ["HuffmanTree", "huffman_tree", "hierarchical_softmax_loss_and_gradient",
           "hierarchical_softmax_probabilities"]


class _PaddedRows(Sequence):
    """Row w of a padded (V, L_max) matrix, cut to its length L_w: a read-only view per word."""

    def __init__(self, matrix, lengths):
        self._matrix, self._lengths = matrix, lengths

    def __len__(self):
        return self._matrix.shape[0]

    def __getitem__(self, w):
        if isinstance(w, slice):
            return [self[i] for i in range(*w.indices(len(self)))]
        return self._matrix[w, :self._lengths[w]]


class HuffmanTree:
    """The Huffman tree of a vocabulary: every word's path of inner nodes and its branch codes.

    Build it with ``huffman_tree(counts)``. It is what hierarchical softmax needs in the
    ``dataset`` slot of the course's loss signature.

    Attributes
    ----------
    counts : ndarray, shape (V,)
        The word counts the tree was built from.
    children : ndarray of int, shape (V − 1, 2)
        ``children[n] = (left, right)``, node ids of inner node n's children: an id w < V is
        word w, an id V + m is inner node m. The left child has code 0, the right code 1.
    paths : sequence of V int arrays
        ``paths[w]`` (L_w,): the inner nodes from the root down to word w's parent.
    codes : sequence of V int arrays
        ``codes[w]`` (L_w,): the branch taken at each of them, 0 (left) or 1 (right).
    signs : sequence of V float arrays
        ``signs[w]`` = 1 − 2 ``codes[w]``: +1 where P(branch) = σ(u_nᵀ v_c), −1 where it is
        σ(−u_nᵀ v_c).
    """

    def __init__(self, counts, children, path_matrix, code_matrix, code_lengths):
        # path_matrix, code_matrix: (V, L_max), row w holds paths[w] / codes[w] then padding.
        self.counts = counts
        self.children = children
        self._lengths = code_lengths
        self._path_matrix = path_matrix
        self._sign_matrix = np.where(np.arange(path_matrix.shape[1]) < code_lengths[:, None],
                                     1.0 - 2.0 * code_matrix, 0.0)      # 0 marks padding
        for arr in (counts, children, code_lengths, path_matrix, code_matrix, self._sign_matrix):
            arr.flags.writeable = False
        self.paths = _PaddedRows(path_matrix, code_lengths)
        self.codes = _PaddedRows(code_matrix, code_lengths)
        self.signs = _PaddedRows(self._sign_matrix, code_lengths)

    @property
    def vocab_size(self) -> int:
        """V, the number of words (leaves)."""
        return int(self.counts.size)

    @property
    def n_inner(self) -> int:
        """V − 1, the number of inner nodes (rows of ``inner_node_vectors``)."""
        return self.vocab_size - 1

    @property
    def root(self) -> int:
        """The root's inner-node index, V − 2 (it is merged last)."""
        return self.vocab_size - 2

    @property
    def code_lengths(self) -> np.ndarray:
        """(V,) int: L_w, the number of inner nodes on word w's path."""
        return self._lengths

    def expected_code_length(self) -> float:
        """Σ_w p_w L_w with p_w = count_w / Σ counts: the mean path length per word token."""
        return float(self.counts @ self.code_lengths / self.counts.sum())

    def __eq__(self, other):
        """Two trees are equal when they have the same counts, children and paths (codes follow)."""
        if not isinstance(other, HuffmanTree):
            return NotImplemented
        return (np.array_equal(self.counts, other.counts) and np.array_equal(self.children, other.children)
                and np.array_equal(self._path_matrix, other._path_matrix)
                and np.array_equal(self._sign_matrix, other._sign_matrix))

    __hash__ = None

    def __repr__(self):
        lengths = self.code_lengths
        return (f"HuffmanTree(V={self.vocab_size}, inner nodes={self.n_inner}, "
                f"path lengths {lengths.min()}..{lengths.max()}, "
                f"expected {self.expected_code_length():.4f})")


@checked(counts=Counts(tree=True))
def huffman_tree(counts) -> HuffmanTree:
    """Build the Huffman tree of a vocabulary from its word counts, as the word2vec C tool does.

    Repeatedly merge the two lightest nodes (words or already merged inner nodes) into a new
    inner node whose weight is their sum; the lighter one becomes the left child (code 0).
    Light (rare) words are merged early and end deep in the tree; frequent words end near the
    root. The result minimises Σ_w count_w · L_w over all binary trees with these leaves.

    Like the C tool, words are taken in order of decreasing count (ties: by index, our choice;
    the C tool sorts with qsort, which leaves their order unspecified) and the
    merging uses two queues instead of a heap: the words, lightest first, and the inner nodes
    in the order they were made (their weights never decrease). On a tie between the next word
    and the next inner node, the inner node is taken, as in the C tool.

    Parameters
    ----------
    counts : array_like, shape (V,)
        Non-negative word counts (or frequencies), V ≥ 2; word w is index w.

    Returns
    -------
    HuffmanTree
        ``paths[w]`` and ``codes[w]`` from the root down, ``children`` of every inner node.
    """
    V = counts.size
    weight = counts.tolist() + [0.0] * (V - 1)               # node weights, ids 0 .. 2V − 2
    parent = [0] * (2 * V - 1)
    branch = [0] * (2 * V - 1)                               # 1 if the node is a right child
    children = []

    words = deque(np.argsort(-counts, kind="stable")[::-1].tolist())   # lightest first
    merged = deque()                                                    # inner nodes, oldest first

    def lightest():
        if words and (not merged or weight[words[0]] < weight[merged[0]]):
            return words.popleft()
        return merged.popleft()

    for n in range(V - 1):
        left, right = lightest(), lightest()
        node = V + n
        weight[node] = weight[left] + weight[right]
        parent[left] = parent[right] = node
        branch[right] = 1
        children.append((left, right))
        merged.append(node)
    parent, branch = np.array(parent, dtype=np.intp), np.array(branch, dtype=np.int8)
    children = np.array(children, dtype=np.intp).reshape(V - 1, 2)

    # Read every word's path off the parent links, all words at once, one level per pass:
    # first the depths L_w, then the ancestors from the bottom (position L_w − 1) up to the root.
    root_id = 2 * V - 2
    lengths = np.zeros(V, dtype=np.intp)
    node = np.arange(V)
    while np.any(node != root_id):
        climbing = node != root_id
        lengths += climbing
        node[climbing] = parent[node[climbing]]
    path_matrix = np.zeros((V, int(lengths.max())), dtype=np.intp)
    code_matrix = np.zeros((V, int(lengths.max())), dtype=np.int8)
    node = np.arange(V)
    for k in range(int(lengths.max())):
        w = np.flatnonzero(lengths > k)                      # words whose path has a (k+1)-th node from the bottom
        position = lengths[w] - 1 - k                        # its index counted from the root
        code_matrix[w, position] = branch[node[w]]
        node[w] = parent[node[w]]
        path_matrix[w, position] = node[w] - V
    return HuffmanTree(counts, children, path_matrix, code_matrix, lengths)


def _check_tree(tree):
    if not isinstance(tree, HuffmanTree):
        raise TypeError(f"tree (the dataset slot) must be a HuffmanTree from huffman_tree(counts), "
                        f"got {type(tree).__name__}")
    return tree


def hierarchical_softmax_loss_and_gradient(center_word_vec, outside_word_idx: int, inner_node_vectors,
                                           tree: HuffmanTree) -> tuple[float, np.ndarray, np.ndarray]:
    """Hierarchical-softmax loss J = −log P(o | c) and its gradients, along o's path only.

    With o's path n_1 … n_L, signs s_l = 1 − 2 b_l and the branch log-odds
    z_l = s_l u_{n_l}ᵀ v_c:

        J = −Σ_l log σ(z_l)
        ∂J/∂(u_{n_l}ᵀ v_c) = −s_l σ(−z_l) = σ(u_{n_l}ᵀ v_c) − t_l,  with target t_l = 1 − b_l
        ∂J/∂v_c     = Σ_l (σ(u_{n_l}ᵀ v_c) − t_l) u_{n_l}
        ∂J/∂u_{n_l} = (σ(u_{n_l}ᵀ v_c) − t_l) v_c,  and 0 for every inner node off the path.

    "Prediction minus target" at each node, as ŷ − y is for the naive softmax. A path never
    visits a node twice, so the rows are assigned, not accumulated.

    Parameters
    ----------
    center_word_vec : array_like, shape (d,)
        v_c.
    outside_word_idx : int
        o, the word whose path is followed.
    inner_node_vectors : array_like, shape (V − 1, d) or (V, d)
        Row n is u_n. A V-th row (the C tool allocates V rows, and ``skipgram`` passes a
        (V, d) matrix) is never read and gets a zero gradient. Only o's path rows are read.
    tree : HuffmanTree
        From ``huffman_tree(counts)``; it sits in the ``dataset`` slot, so
        ``skipgram(..., dataset=tree, loss_and_gradient=hierarchical_softmax_loss_and_gradient)``
        works.

    Returns
    -------
    loss : float
        −log P(o | c).
    grad_center_vec : ndarray, shape (d,)
        ∂J/∂v_c.
    grad_inner_node_vectors : ndarray, shape of ``inner_node_vectors``
        Row n is ∂J/∂u_n; only the L path rows are non-zero. The arithmetic is O(L · d); the
        dense array (the course's interface) comes from ``np.zeros``, whose pages the OS zeroes
        lazily, but its allocation still grows with V (notebook 12 measures it).
    """
    tree = _check_tree(tree)
    v_c, U = center_and_inner_nodes(center_word_vec, inner_node_vectors, tree.n_inner)
    o = as_index(outside_word_idx, "outside_word_idx", tree.vocab_size)
    path, sign = tree.paths[o], tree.signs[o]               # (L,), (L,)
    rows = U[path]                                           # (L, d): u_{n_1} … u_{n_L}
    check_finite(rows, f"inner_node_vectors (the rows on the path of word {o})")
    z = sign * (rows @ v_c)                                  # (L,)  z_l = s_l u_{n_l}ᵀ v_c
    loss = -float(np.sum(log_sigmoid(z)))                    # −Σ_l log σ(z_l)
    coeff = -sign * np.asarray(sigmoid(-z))                  # (L,)  σ(u_nᵀv_c) − t, without cancellation
    grad_center_vec = coeff @ rows                           # (d,)  Σ_l coeff_l u_{n_l}
    grad_inner_node_vectors = np.zeros(U.shape)
    grad_inner_node_vectors[path] = np.outer(coeff, v_c)     # (L, d) rows coeff_l v_c
    return loss, grad_center_vec, grad_inner_node_vectors


def hierarchical_softmax_probabilities(center_word_vec, inner_node_vectors, tree: HuffmanTree) -> np.ndarray:
    """P(w | c) for every word w under the tree, shape (V,); it sums to 1.

    Computes all V − 1 node scores u_nᵀ v_c once, then each word's product of branch
    probabilities along its path (in log space). O(V · d + V log V): for drawing and checking,
    not for training.
    """
    tree = _check_tree(tree)
    v_c, U = center_and_inner_nodes(center_word_vec, inner_node_vectors, tree.n_inner)
    U = U[:tree.n_inner]
    check_finite(U, "inner_node_vectors")
    scores = U @ v_c                                         # (V − 1,)  u_nᵀ v_c
    mask = tree._sign_matrix != 0                            # (V, L_max) real path entries
    z = tree._sign_matrix * scores[tree._path_matrix]        # (V, L_max)  s_l u_{n_l}ᵀ v_c
    log_p = np.sum(np.where(mask, log_sigmoid(z), 0.0), axis=1)
    return np.exp(log_p)
