"""Kind ``"cbow"`` (notebook 11): the window's context predicts its centre word c from the
average v̂ = Σ_w (n_w / n) v_w of the context rows; one step moves every context row at once.

Row w moves by −η (n_w / n) ∂J/∂v̂ (n_w: the times w is in the window of n words), so v̂ moves by
−η Σ_w (n_w / n)² ∂J/∂v̂. The terms of ∂J/∂v̂ are those of naive softmax (along u_c, along
−E[u]) or negative sampling (along u_c, along −u_k), with v̂ in place of v_c. The picture draws
u_c and E[u] (or the negatives) from the origin, the context rows, and v̂'s move taken apart.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..cbow import cbow
from .core import PanelKind, Part, Participant, Setup, register_kind
from .negsamp import negative_points, why_o_falls
from .skipgram import WindowSetup
from .terms import (negsamp_field, negsamp_terms, sigmoid_probs, softmax_field, softmax_probs,
                    softmax_terms, word_points)
from .words import negatives_for, window_setup

__all__ = ["KIND", "CbowSetup"]


@dataclass
class CbowSetup(WindowSetup):
    """The setup of CBOW: the moved rows (distinct context words) and their shares n_w / n."""
    rows: list = None
    shares: np.ndarray = None

    @property
    def targets(self) -> list:
        return [self.c]               # CBOW predicts the centre word


def _setup(req):
    s = window_setup(req, "cbow", "the context is the window's words", cls=CbowSetup,
                     center_vectors=req.center_vectors, word2ind=req.word2ind)
    counts = Counter(s.outside_idx)                     # n_w: a word twice in the window counts twice
    s.rows = list(counts)
    s.shares = np.array([counts[w] for w in s.rows]) / len(s.outside_idx)
    negatives_for(req, s, [s.c], "kind 'cbow'")        # one prediction, one set of negatives
    return s


def _v_hat(s: Setup, rows):
    return s.shares @ rows


def _parts(s, rows, U, probs):
    """The terms of ∂J/∂v̂ at v̂, each shared out to the rows as (n_w / n) × term."""
    v_hat = _v_hat(s, rows)
    if s.inner == "naive":
        terms = softmax_terms(s.words, s.c, U, probs, v="v̂")
    else:
        terms = negsamp_terms(s.words, s.c, s.negatives, U, v_hat, v="v̂")
    share = s.shares[:, None]
    return [Part(p.key, share * p.vector[None, :], name=p.name, term=f"(n_w/n)({p.term}) on each row w",
                    effect=p.effect.replace("η", "η (n_w/n)", 1), role=p.role) for p in terms]


def _participants(s, rows, U, probs):
    out = [Participant(f"{s.center} (predicted)", "target", U[s.c])]
    if s.inner == "naive":
        out.append(Participant("E[u]", "expected", probs @ U))
    else:
        out += negative_points(s.words, s.negatives, U)
    out += [Participant(f"v_{s.words[w]}", "context", rows[i], ray=False) for i, w in enumerate(s.rows)]
    return out + word_points(s.words, U, skip={s.c, *s.negatives})


def _field(s, points, U):
    if s.inner == "naive":
        return softmax_field(points, s.c, U)
    return negsamp_field(points, s.c, s.negatives, U)


KIND = register_kind(PanelKind(
    name="cbow", description="CBOW: the averaged context predicts the centre word; every context row moves",
    setup=_setup, moved="rows",
    loss_and_grads=lambda s, rows, U: s.loss_with(cbow, s.rows, rows, U), parts=_parts, participants=_participants,
    probs=lambda s, rows, U: (sigmoid_probs if s.inner == "negsamp" else softmax_probs)(U, _v_hat(s, rows)),
    probs_kind=lambda s: "sigmoid" if s.inner == "negsamp" else "softmax",
    target_label=lambda s: "σ(u_cᵀv̂)" if s.inner == "negsamp" else "ŷ_c", score_vector=_v_hat, loss_field=_field,
    level=lambda s, U: Participant(f"{s.center} (predicted)", "target", U[s.c]),
    falls=lambda r: why_o_falls(r, v="v̂", o="c") if r.inner == "negsamp" else (
        f"ŷ_c fell: the step is long (η = {r.lr:.3g}); the first-order rise holds only for short steps."),
    chain=lambda s, rows, parts, lr: ("v̂", _v_hat(s, rows), [-lr * (s.shares @ p.vector) for p in parts]),
    title=lambda s: f"CBOW ({s.inner}): one step on every context row (predict c = {s.center}, m = {s.window})",
    controls="window", negative_controls=True, uses_negatives=lambda params: params.get("inner") == "negsamp",
    defaults=dict(position=None, window=2, inner="naive")))
