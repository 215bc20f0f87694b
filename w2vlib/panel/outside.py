"""Kind ``"outside"`` (handout parts (c), (d)): the same loss J = −log ŷ_o, the step on every u_w
with v_c held fixed.

∂J/∂u_w = (ŷ_w − y_w) v_c: every row moves along ±v_c. u_o moves by +η(1 − ŷ_o) v_c (along
v_c, raising u_oᵀv_c); every other u_w by −η ŷ_w v_c (along −v_c, lowering u_wᵀv_c). The
picture draws v_c from the origin and each u_w with its step.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..softmax import naive_softmax_loss_and_gradient
from .core import PanelKind, Part, Participant, Setup, register_kind
from .terms import softmax_probs, word_points
from .words import word_setup

__all__ = ["KIND", "OutsideSetup"]


@dataclass
class OutsideSetup(Setup):
    """The setup of the outside kind: v_c, held fixed while every u_w moves."""
    v_c: np.ndarray = None


def _setup(req):
    return word_setup(req, "outside", cls=OutsideSetup, v_c=req.center_vectors[req.word2ind.get(req.center, 0)])


def _parts(s, U, _U, probs):
    o = s.outside_idx[0]
    on_o = np.zeros_like(U)
    on_o[o] = -s.v_c
    return [Part("o", on_o, name="along v_c (η)", term="−v_c on row o",
                 effect="+η v_c on u_o: along v_c, raises u_oᵀv_c", role="target"),
            Part("ŷ", np.outer(probs, s.v_c), name="along −v_c (η ŷ_w)", term="+ŷ_w v_c on every row w",
                 effect="−η ŷ_w v_c on every u_w: along −v_c, lowers u_wᵀv_c", role="expected")]


def _participants(s, U, _U, probs):
    o = s.outside_idx[0]
    return ([Participant(f"v_c ({s.center}), fixed", "center", s.v_c), Participant(f"{s.outside} (o)", "target", U[o],
                                                                              ray=False)]
            + word_points(s.words, U, skip={o}))


KIND = register_kind(PanelKind(
    name="outside", description="(c), (d) the same loss, the step on every u_w (v_c fixed)",
    setup=_setup, moved="U",
    loss_and_grads=lambda s, U, _U: naive_softmax_loss_and_gradient(s.v_c, s.outside_idx[0], U),
    parts=_parts, participants=_participants, probs=lambda s, U, _U: softmax_probs(U, s.v_c),
    target_label="ŷ_o", score_vector=lambda s, U: s.v_c,
    chain=lambda s, U, parts, lr: (f"u_{s.outside}", U[s.outside_idx[0]],
                                   [-lr * p.vector[s.outside_idx[0]] for p in parts]),
    title=lambda s: f"naive softmax: one step on every u_w, v_c fixed (c = {s.center}, o = {s.outside})",
    defaults=dict(center="coffee", outside="hot")))
