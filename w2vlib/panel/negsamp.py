"""Kind ``"negsamp"`` (handout parts (g), (h)): the step on v_c for
J = −log σ(u_oᵀv_c) − Σ_k log σ(−u_kᵀv_c), K negatives drawn from unigram^0.75.

The step is along u_o (raising σ(u_oᵀv_c)) plus, for each negative k, along −u_k (lowering
σ(u_kᵀv_c)); a negative drawn n times counts n times. The picture draws u_o and every
negative from the origin. u_o's score can fall in one step: Δ(u_oᵀv_c) = u_oᵀ(step) exactly,
and the parts along −u_k lower it where u_k and u_o point alike.
"""
from __future__ import annotations

from ..negsamp import ReplayDataset, neg_sampling_loss_and_gradient
from .core import PanelKind, Participant, register_kind
from .terms import negsamp_field, negsamp_terms, sigmoid_probs, target_point, word_points
from .words import word_setup

__all__ = ["KIND", "negative_points", "why_o_falls"]


def _loss(s, v_c, U):
    return neg_sampling_loss_and_gradient(v_c, s.outside_idx[0], U, ReplayDataset(s.negatives), K=s.K)


def negative_points(words, negatives, U):
    """Each distinct negative u_k as an arrow from the origin, named with its count."""
    counts = {}
    for k in negatives:
        counts[k] = counts.get(k, 0) + 1
    return [Participant(words[k] + (f" ×{n}" if n > 1 else ""), "negative", U[k]) for k, n in counts.items()]


def _participants(s, v_c, U, probs):
    o = s.outside_idx[0]
    return ([target_point(s.words, o, U)] + negative_points(s.words, s.negatives, U)
            + word_points(s.words, U, skip={o, *s.negatives}))


def why_o_falls(r, v="v_c", o="o") -> str:
    """Why σ(u_oᵀv) fell (``o`` names the target: "o", or CBOW's "c"): u_oᵀ(step) < 0, the
    negatives' parts outweigh the part along u_o."""
    u_o = r.outside_before[r.targets[0]]
    along = {p.key: float(u_o @ share) for p, share in zip(r.terms, r.chain_steps)}   # each part's move of v
    worst = min((key for key in along if key != "o"), key=along.get)
    k = r.words.index(worst.split(" ", 1)[1])
    return (f"σ(u_{o}ᵀ{v}) falls: u_{o}ᵀ{v} changes by u_{o}ᵀ(step) = {sum(along.values()):+.3f}. The part along "
            f"−u_{r.words[k]} lowers it by {-along[worst]:.3f}, since u_{o}ᵀu_{r.words[k]} = "
            f"{float(u_o @ r.outside_before[k]):.2f} > 0; the negatives' parts outweigh the part along u_{o}.")


KIND = register_kind(PanelKind(
    name="negsamp", description="(g), (h) negative sampling with K negatives from unigram^0.75",
    setup=lambda req: word_setup(req, "negsamp", negatives=True), loss_and_grads=_loss,
    parts=lambda s, v_c, U, probs: negsamp_terms(s.words, s.outside_idx[0], s.negatives, U, v_c),
    participants=_participants, probs=lambda s, v_c, U: sigmoid_probs(U, v_c), probs_kind=lambda s: "sigmoid",
    target_label="σ(u_oᵀv_c)", loss_field=lambda s, points, U: negsamp_field(points, s.outside_idx[0], s.negatives, U),
    level=lambda s, U: target_point(s.words, s.outside_idx[0], U), falls=why_o_falls,
    title=lambda s: f"negative sampling, K = {s.K}: one step on v_c (c = {s.center}, o = {s.outside})",
    negative_controls=True, uses_negatives=lambda params: True, defaults=dict(center="coffee", outside="hot")))
