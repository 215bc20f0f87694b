"""Kind ``"hs"`` (notebook 12): hierarchical softmax, the step on v_c for J = −log P(o | c)
along o's path in the toy vocabulary's Huffman tree.

One term per inner node n on the path, (σ(u_nᵀv_c) − t_n) u_n with t_n = 1 where the path
turns left: the step is along +u_n at a left turn (raising σ(u_nᵀv_c), the probability of
going left) and along −u_n at a right turn. The inner-node vectors are fixed, not trained:
u_n is half the difference between the mean outside vector of the words under n's left child
and of those under its right child, so σ(u_nᵀv) is high when v points like the left words.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import Array, Instance, checked
from ..activations import log_sigmoid, sigmoid
from ..hierarchical_softmax import (HuffmanTree, hierarchical_softmax_loss_and_gradient,
                                    hierarchical_softmax_probabilities, huffman_tree)
from .core import PanelKind, Part, Participant, Setup, register_kind
from .words import word_setup

__all__ = ["KIND", "HsSetup", "subtree_inner_vectors"]


@checked(tree=Instance(HuffmanTree), outside_vectors=Array(ndim=2))
def subtree_inner_vectors(tree: HuffmanTree, outside_vectors) -> np.ndarray:
    """(V − 1, d): u_n = ½ (mean u_w under n's left child − mean u_w under its right child).

    A readable, untrained starting point for the panel: σ(u_nᵀv_c) (the probability of going
    left) is high when v_c has a large dot product with the left words' vectors.
    """
    V = tree.vocab_size
    members = {w: [w] for w in range(V)}              # node id -> the words below it
    for n, (left, right) in enumerate(tree.children):  # children are made before their parent
        members[V + n] = members[int(left)] + members[int(right)]
    U = np.asarray(outside_vectors, dtype=np.float64)
    return np.array([0.5 * (U[members[int(left)]].mean(axis=0) - U[members[int(right)]].mean(axis=0))
                     for left, right in tree.children])


@dataclass
class HsSetup(Setup):
    """The setup of hierarchical softmax: the Huffman tree and the fixed inner-node vectors."""
    tree: HuffmanTree = None
    inner_vectors: np.ndarray = None

    @property
    def path(self):
        o = self.outside_idx[0]
        return [int(n) for n in self.tree.paths[o]], [int(b) for b in self.tree.codes[o]]


def _setup(req):
    counts = getattr(req.vocab, "counts", None)
    if counts is None:
        raise ValueError("kind 'hs' needs word counts to build the Huffman tree: vocab has no counts")
    tree = huffman_tree(counts)
    return word_setup(req, "hs", cls=HsSetup, tree=tree, inner_vectors=subtree_inner_vectors(tree, req.outside_vectors))


def _node(n, code):
    return f"n{n} ({'L' if code == 0 else 'R'})"


def _parts(s, v_c, U, probs):
    out = []
    for n, code in zip(*s.path):
        u_n = s.inner_vectors[n]
        t = 1 - code
        coeff = float(sigmoid(u_n @ v_c)) - t      # σ(u_nᵀv_c) − t_n
        effect = ("+η (1 − σ(u_nᵀv_c)) u_n: along u_n, raises σ(u_nᵀv_c) = P(left)" if t == 1 else
                  "−η σ(u_nᵀv_c) u_n: along −u_n, lowers σ(u_nᵀv_c), raising P(right)")
        out.append(Part(f"n{n}", coeff * u_n, name=f"{_node(n, code)}: along {'' if code == 0 else '−'}u_n{n}", term=f"(σ(u_nᵀv_c) − {t}) u_n, n = n{n}",
                        effect=effect, role="node"))
    return out


def _participants(s, v_c, U, probs):
    path, codes = s.path
    on_path = [Participant(_node(n, b), "node", s.inner_vectors[n]) for n, b in zip(path, codes)]
    others = [Participant(f"n{n}", "word", u, ray=False) for n, u in enumerate(s.inner_vectors) if n not in path]
    return on_path + others


def _field(s, points, U):
    out = 0.0
    for n, code in zip(*s.path):
        out = out - log_sigmoid((1 - 2 * code) * (points @ s.inner_vectors[n]))
    return out


KIND = register_kind(PanelKind(
    name="hs", description="hierarchical softmax: the step on v_c along o's path in the Huffman tree",
    setup=_setup,
    loss_and_grads=lambda s, v_c, U: hierarchical_softmax_loss_and_gradient(v_c, s.outside_idx[0],
                                                                            s.inner_vectors, s.tree),
    parts=_parts, participants=_participants,
    probs=lambda s, v_c, U: hierarchical_softmax_probabilities(v_c, s.inner_vectors, s.tree),
    probs_kind=lambda s: "tree", target_label="P(o | c)", loss_field=_field,
    title=lambda s: (f"hierarchical softmax: one step on v_c (c = {s.center}, o = {s.outside}, "
                     f"path of {len(s.path[0])} nodes)"),
    defaults=dict(center="coffee", outside="tea")))
