"""Kind ``"naive"`` (handout part (b)): the step on v_c for J = −log ŷ_o, ŷ = softmax(Uᵀv_c).

∂J/∂v_c = U(ŷ − y) = −u_o + E[u]: the step +η u_o (along u_o, raising u_oᵀv_c) plus −η E[u]
(along −E[u], lowering the expected score). The picture draws u_o and E[u] from the origin.
"""
from __future__ import annotations

from ..softmax import naive_softmax_loss_and_gradient
from .core import PanelKind, Participant, register_kind
from .terms import softmax_field, softmax_probs, softmax_terms, target_point, word_points
from .words import word_setup

__all__ = ["KIND"]


def _loss(s, v_c, U):
    return naive_softmax_loss_and_gradient(v_c, s.outside_idx[0], U)


def _participants(s, v_c, U, probs):
    o = s.outside_idx[0]
    return ([target_point(s.words, o, U), Participant("E[u]", "expected", probs @ U)]
            + word_points(s.words, U, skip={o}))


KIND = register_kind(PanelKind(
    name="naive", description="(b) the step on v_c for J = −log ŷ_o, ŷ = softmax(Uᵀv_c)",
    setup=lambda req: word_setup(req, "naive"), loss_and_grads=_loss,
    parts=lambda s, v_c, U, probs: softmax_terms(s.words, s.outside_idx[0], U, probs),
    participants=_participants, probs=lambda s, v_c, U: softmax_probs(U, v_c), target_label="ŷ_o",
    loss_field=lambda s, points, U: softmax_field(points, s.outside_idx[0], U),
    level=lambda s, U: target_point(s.words, s.outside_idx[0], U),
    title=lambda s: f"naive softmax: one step on v_c (c = {s.center}, o = {s.outside})",
    defaults=dict(center="coffee", outside="hot")))
