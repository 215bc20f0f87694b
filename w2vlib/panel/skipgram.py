"""Kind ``"skipgram"`` (handout part (i)): the step on v_c for the sum over the window
J = Σ_{−m ≤ j ≤ m, j ≠ 0} J(v_c, w_{t+j}), each term naive softmax or negative sampling.

One part per window word, the gradient of its term: the step is the sum of each word's step.
The picture draws every window word's u from the origin (and E[u], or the negatives).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..negsamp import ReplayDataset
from ..skipgram import skipgram
from .core import PanelKind, Part, Participant, Setup, register_kind
from .negsamp import negative_points
from .terms import inner_loss, negsamp_field, sigmoid_probs, softmax_field, softmax_probs, word_points
from .words import negatives_for, window_setup

__all__ = ["KIND", "WindowSetup"]


@dataclass
class WindowSetup(Setup):
    """The setup of a window kind: the vocabulary's centre vectors and word index as well."""
    center_vectors: np.ndarray = None
    word2ind: dict = None

    def loss_with(self, model, rows, values, U):
        """(J, ∂J/∂(those rows), ∂J/∂U) of ``model`` (``w2vlib.skipgram`` or ``w2vlib.cbow``) on
        this window, with the centre-vector rows ``rows`` set to ``values``."""
        C = self.center_vectors.copy()
        C[rows] = values
        loss, g_centers, g_outside = model(self.center, self.window, self.outside_words, self.word2ind, C, U,
                                           ReplayDataset(self.negatives),
                                           loss_and_gradient=inner_loss(self.inner, self.K))
        return loss, g_centers[rows], g_outside


def _setup(req):
    s = window_setup(req, "skipgram", "the outside words are the window's", cls=WindowSetup,
                     center_vectors=req.center_vectors, word2ind=req.word2ind)
    negatives_for(req, s, s.outside_idx, "kind 'skipgram'")
    return s


def _parts(s, v_c, U, probs):
    out = []
    inner = inner_loss(s.inner, s.K)
    for j, o, negs in zip(s.offsets, s.outside_idx, s.neg_idx):
        word = s.words[o]
        _, g_j, _ = inner(v_c, o, U, ReplayDataset(negs)) if s.inner == "negsamp" else inner(v_c, o, U)
        label = f"j = {j:+d} {word}".replace("-", "−")
        out.append(Part(f"j={j:+d} {word}", g_j, name=label, term=f"∂J(v_c, w_t{j:+d} = {word})/∂v_c",
                        effect=f"−η ∂J_{j:+d}/∂v_c: along u_{word} and "
                               + ("along −E[u]" if s.inner == "naive" else "along −u_k for each of its negatives"),
                        role="target"))
    return out


def _participants(s, v_c, U, probs):
    window = list(dict.fromkeys(s.outside_idx))
    out = [Participant(s.words[o], "target", U[o]) for o in window]
    if s.inner == "naive":
        out.append(Participant("E[u]", "expected", probs @ U))
    else:
        out += negative_points(s.words, [k for k in s.negatives if k not in window], U)
    return out + word_points(s.words, U, skip=set(window) | set(s.negatives))


def _field(s, points, U):
    if s.inner == "naive":
        return sum(softmax_field(points, o, U) for o in s.outside_idx)
    return sum(negsamp_field(points, o, negs, U) for o, negs in zip(s.outside_idx, s.neg_idx))


def _falls(r) -> str:
    """Which window words' scores fell, and why. First whether the window's summed loss fell (the
    step lowers the sum, not each word's term) or rose too (the step overshoots). Then, naive inner
    loss: log ŷ_w = u_wᵀv_c − log Σ exp(Uv_c) is concave in v_c, so a word whose log ŷ_w the step
    does not lower at first order can still fall when the step is long; otherwise the other words'
    parts outweigh its own already at first order. Negative sampling: u_wᵀv_c is linear in v_c, so
    its first-order change u_wᵀΔv_c is exact, and σ(u_wᵀv_c) falls only when the other parts
    outweigh the part along u_w."""
    fallen = [(w, o) for w, o in dict.fromkeys(zip(r.outside_words, r.targets)) if r.probs_after[o] < r.probs_before[o]]
    names = ", ".join(w for w, _ in fallen)
    if r.loss_after < r.loss_before:
        why = "the step lowers the window's summed loss, not each word's."
    else:
        why = (f"the window's summed loss {'rose' if r.loss_after > r.loss_before else 'did not fall'} as well:"
               f" at η = {r.lr:.3g} the step overshoots.")
    text = f"{'ŷ' if r.inner == 'naive' else 'σ(u_wᵀv_c)'} of {names} fell: {why}"
    if r.inner != "naive":          # Δ(u_wᵀv_c) = u_wᵀΔv_c exactly: every fallen word fell at first order
        return text + " u_wᵀv_c is linear in v_c: for each, the step's other parts outweigh its parts along u_w."
    U, dv = r.outside_before, r.chain_steps.sum(axis=0)
    expected = r.probs_before @ U   # d log ŷ_w = (u_w − E[u])ᵀ dv
    rate = {w: float((U[o] - expected) @ dv) for w, o in fallen}
    first = [w for w, _ in fallen if rate[w] < 0]
    later = [w for w, _ in fallen if rate[w] >= 0]
    if not later:
        whose = "its" if len(first) == 1 else "each one's"
        return text + f" At first order the other words' parts outweigh {whose} own."
    # a first-order rate of exactly 0 (ŷ_w = 1 in float64) is "does not fall", not "rises"
    rises = all(rate[w] > 0 for w in later)
    entropy = [float(-(p[p > 0] * np.log(p[p > 0])).sum()) for p in (r.probs_before, r.probs_after)]
    flat = entropy[1] > entropy[0]
    if first:
        return text + (f" At first order log ŷ of {', '.join(first)} {'falls' if len(first) == 1 else 'fall'};"
                       f" the others' log ŷ {'rises' if rises else 'does not fall'}, but is concave in v_c:"
                       f" at η = {r.lr:.3g} the curvature wins.")
    who = "each of them" if len(later) > 1 else later[0]
    return text + (f" At first order log ŷ of {who} {'rises' if rises else 'does not fall'}, but log ŷ_w is concave"
                   f" in v_c: at η = {r.lr:.3g} the curvature wins"
                   + ("; the one softmax the window shares flattens." if flat else "."))


KIND = register_kind(PanelKind(
    name="skipgram", description="(i) skip-gram: the sum over the window −m ≤ j ≤ m, j ≠ 0",
    setup=_setup, loss_and_grads=lambda s, v_c, U: s.loss_with(skipgram, s.c, v_c, U), parts=_parts, participants=_participants,
    probs=lambda s, v_c, U: (sigmoid_probs if s.inner == "negsamp" else softmax_probs)(U, v_c),
    probs_kind=lambda s: "sigmoid" if s.inner == "negsamp" else "softmax",
    target_label=lambda s: "mean ŷ over the window" if s.inner == "naive" else "mean σ(u_wᵀv_c) over the window",
    loss_field=_field, falls=_falls,
    title=lambda s: f"skip-gram ({s.inner}): one step on v_c (c = {s.center}, window m = {s.window})",
    controls="window", negative_controls=True, uses_negatives=lambda params: params.get("inner") == "negsamp",
    defaults=dict(position=None, window=2, inner="naive")))
