"""Two panel kinds beyond the handout: ``"cbow"`` (notebook 11) and ``"hs"`` (notebook 12).

Each is one ``PanelKind`` entry in the registry of ``w2vlib.panel_kinds`` (which imports this
module at its end); their drawings are in ``w2vlib.panel_drawing_cbow_hs``.

* ``"cbow"``: the window around ``position`` in the toy sentence predicts its centre word c
  from the average v̂ of the context words' centre vectors, with ``inner`` = ``"naive"`` or
  ``"negsamp"``. One step moves **every context row at once** (``moved == "rows"``): row w
  gets −η (n_w / n) ∂J/∂v̂, n_w the times w is in the context of n words. Gradient terms, each
  (rows, d): the pull towards u_c and the push away from the expected vector Σ ŷ_w u_w (or
  from each negative), shared out to the rows in proportion n_w / n.
* ``"hs"``: hierarchical softmax on the toy vocabulary's Huffman tree; the step on v_c for
  J = −log P(o | c). One gradient term per inner node on o's path: (σ(u_nᵀv_c) − t_n) u_n,
  a pull towards u_n where the path turns left (t_n = 1) and a push away from u_n where it
  turns right (t_n = 0). The inner-node vectors are fixed, not trained: u_n is half the
  difference between the mean outside vector of the words under n's left child and of those
  under its right child, so that v_c near a group of words already leans towards its branch.
"""
from __future__ import annotations

from collections import Counter
from functools import partial

import numpy as np

from .activations import sigmoid
from .cbow import cbow
from .hierarchical_softmax import (HuffmanTree, hierarchical_softmax_loss_and_gradient,
                                   hierarchical_softmax_probabilities, huffman_tree)
from .negsamp import ReplayDataset, neg_sampling_loss_and_gradient
from .panel_kinds import (Part, PanelKind, Request, Setup, draw_negatives, no_negatives, register_kind,
                          sigmoid_probs, softmax_probs, window_setup, word_setup)
from .softmax import naive_softmax_loss_and_gradient

# ----------------------------------------------------------------------------- cbow


def _cbow_setup(req: Request) -> Setup:
    s = window_setup(req, "cbow", "the context is the window's words")
    c, center, context_idx = s.c, s.center, s.outside_idx
    counts = Counter(context_idx)                     # n_w: a word twice in the window counts twice
    if req.inner == "negsamp":
        s.neg_idx, s.K = draw_negatives(req, [c])        # one prediction, one set of negatives
    else:
        no_negatives(req, f"kind 'cbow' with inner={req.inner!r}")
        s.neg_idx = [[]]
    rows = list(counts)
    s.extra.update(rows=rows, shares=np.array([counts[w] for w in rows]) / len(context_idx),
                   word2ind=req.word2ind, center_vectors=req.center_vectors,
                   drawing=dict(row_words=[req.words[w] for w in rows],
                                shares=np.array([counts[w] for w in rows]) / len(context_idx),
                                starred=[center], bars_title="ŷ_w = softmax(Uᵀv̂)_w"))
    return s


def _cbow_inner(s: Setup):
    if s.inner == "naive":
        return naive_softmax_loss_and_gradient
    return partial(neg_sampling_loss_and_gradient, K=s.K)


def _cbow_loss(s: Setup, context_rows, U):
    """(J, ∂J/∂(the moved rows) (rows, d), ∂J/∂U) from ``w2vlib.cbow`` with the rows replaced."""
    C = s.extra["center_vectors"].copy()
    C[s.extra["rows"]] = context_rows
    loss, g_centers, g_outside = cbow(s.center, s.window, s.outside_words, s.extra["word2ind"], C, U,
                                      ReplayDataset(s.negatives), loss_and_gradient=_cbow_inner(s))
    return loss, g_centers[s.extra["rows"]], g_outside


def _v_hat(s: Setup, context_rows):
    return s.extra["shares"] @ context_rows          # v̂ = Σ_w (n_w / n) v_w


def _cbow_probs(s: Setup, context_rows, U):
    probs = sigmoid_probs if s.inner == "negsamp" else softmax_probs
    return probs(s, _v_hat(s, context_rows), U)


def _cbow_parts(s: Setup, context_rows, U, probs):
    """The terms of ∂J/∂v̂ at v̂, each shared out to the rows as (n_w / n) × term."""
    shares = s.extra["shares"][:, None]               # (rows, 1)
    v_hat, u_c = _v_hat(s, context_rows), U[s.c]
    if s.inner == "naive":
        terms = [("pull", -u_c, "−u_c", "+η (n_w/n) u_c", "pull towards u_c (v̂'s share)", "pull"),
                 ("push", probs @ U, "+Σ_w ŷ_w u_w", "−η (n_w/n) Σ_w ŷ_w u_w",
                  "push from Σ ŷ_w u_w (v̂'s share)", "push")]
    else:
        terms = [("pull", -float(sigmoid(-(u_c @ v_hat))) * u_c, "−σ(−u_cᵀv̂) u_c",
                  "+η (n_w/n) σ(−u_cᵀv̂) u_c", "pull towards u_c (v̂'s share)", "pull")]
        for w, n in Counter(s.negatives).items():
            times = f"{n}×" if n > 1 else ""
            terms.append((f"push {s.words[w]}", n * float(sigmoid(U[w] @ v_hat)) * U[w],
                          f"+{times}σ(u_wᵀv̂) u_w  (w = {s.words[w]})", f"−η (n_w/n) {times}σ(u_wᵀv̂) u_w",
                          "push from each negative (v̂'s share)", "push"))
    return [Part(key, shares * term[None, :], label=f"gradient term on each context row w: (n_w/n)({text})",
                 step_label=f"each context row w moves by {step}", legend=legend, role=role)
            for key, term, text, step, legend, role in terms]


register_kind(PanelKind(
    name="cbow", description="CBOW: the averaged context predicts the centre word; every context row moves",
    setup=_cbow_setup, loss_and_grads=_cbow_loss, parts=_cbow_parts, probs=_cbow_probs,
    probs_kind=lambda s: "sigmoid" if s.inner == "negsamp" else "softmax",
    title=lambda s: f"CBOW ({s.inner}): one step on every context vector\npredict c = {s.center}, window m = {s.window}",
    moved="rows", controls="window", uses_negatives=lambda params: params.get("inner") == "negsamp",
    negative_controls=True, outside_role="context", defaults=dict(position=None, window=2, inner="naive")))


# ----------------------------------------------------------------------------- hs


def subtree_inner_vectors(tree: HuffmanTree, outside_vectors) -> np.ndarray:
    """(V − 1, d): u_n = ½ (mean u_w under n's left child − mean u_w under its right child).

    A readable, untrained starting point for the panel: σ(u_nᵀv_c) (the probability of
    going left) is high when v_c points towards the words on the left.
    """
    V = tree.vocab_size
    members = {w: [w] for w in range(V)}              # node id -> the words below it
    for n, (left, right) in enumerate(tree.children):  # children are made before their parent
        members[V + n] = members[int(left)] + members[int(right)]
    U = np.asarray(outside_vectors, dtype=np.float64)
    return np.array([0.5 * (U[members[int(left)]].mean(axis=0) - U[members[int(right)]].mean(axis=0))
                     for left, right in tree.children])


def _hs_setup(req: Request) -> Setup:
    s = word_setup(req, "hs")
    counts = getattr(req.vocab, "counts", None)
    if counts is None:
        raise ValueError("kind 'hs' needs word counts to build the Huffman tree: vocab has no counts")
    tree = huffman_tree(counts)
    inner = subtree_inner_vectors(tree, req.outside_vectors)
    o = s.outside_idx[0]
    s.extra.update(tree=tree, inner=inner,
                   drawing=dict(points=inner, focus=inner[tree.paths[o]], inner=inner, path=tree.paths[o].tolist(),
                                codes=tree.codes[o].tolist()))
    return s


def _hs_loss(s: Setup, v_c, U):
    return hierarchical_softmax_loss_and_gradient(v_c, s.outside_idx[0], s.extra["inner"], s.extra["tree"])


def _hs_parts(s: Setup, v_c, U, probs):
    tree, inner, o = s.extra["tree"], s.extra["inner"], s.outside_idx[0]
    out = []
    for n, code in zip(tree.paths[o], tree.codes[o]):
        u_n = inner[n]
        target = 1 - int(code)
        coeff = float(sigmoid(u_n @ v_c)) - target    # σ(u_nᵀv_c) − t_n
        branch = "left" if code == 0 else "right"
        if target == 1:
            legend, role = "L node pulls: +η (1 − σ(u_nᵀv_c)) u_n", "pull"
        else:
            legend, role = "R node pushes: −η σ(u_nᵀv_c) u_n", "push"
        out.append(Part(f"n{n}", coeff * u_n, label=f"gradient term (σ(u_nᵀv_c) − t_n) u_n  (node n{n}, {branch})",
                        step_label=f"{legend} (node n{n})", legend=legend, role=role))
    return out


register_kind(PanelKind(
    name="hs", description="hierarchical softmax: the step on v_c along o's path in the Huffman tree",
    setup=_hs_setup, loss_and_grads=_hs_loss, parts=_hs_parts,
    probs=lambda s, v_c, U: hierarchical_softmax_probabilities(v_c, s.extra["inner"], s.extra["tree"]),
    probs_kind=lambda s: "tree",
    title=lambda s: (f"hierarchical softmax: one step on v_c\nc = {s.center}, o = {s.outside}, "
                     f"path of {s.extra['tree'].code_lengths[s.outside_idx[0]]} nodes"),
    outside_role="o", defaults=dict(center="coffee", outside="tea")))
