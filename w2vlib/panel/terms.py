"""The gradient terms several kinds share, with what the picture draws for them.

The softmax loss J = −log ŷ_o at the score vector v (v_c, or CBOW's v̂) has the gradient
−u_o + E[u], E[u] = Σ_w ŷ_w u_w: the step −η g is +η u_o (along u_o, raising u_oᵀv) plus
−η E[u] (along −E[u], lowering the expected score E[u]ᵀv). Negative sampling's gradient is
−σ(−u_oᵀv) u_o + Σ_k σ(u_kᵀv) u_k: the step is along u_o (raising σ(u_oᵀv)) and along −u_k
for each negative k (lowering σ(u_kᵀv)); a negative drawn n times counts n times.

``*_field`` functions give J at many points at once (rows of ``points``) for the loss contours.
"""
from __future__ import annotations

from collections import Counter
from functools import partial

import numpy as np

from ..activations import log_sigmoid, sigmoid
from ..negsamp import neg_sampling_loss_and_gradient
from ..softmax import naive_softmax_loss_and_gradient, softmax
from .core import Part, Participant

__all__ = ["softmax_terms", "negsamp_terms", "softmax_field", "negsamp_field", "softmax_probs",
           "sigmoid_probs", "inner_loss", "word_points", "target_point", "TARGET_LABELS"]

#: The targets' score, by the bars' kind.
TARGET_LABELS = {"softmax": "ŷ_o", "sigmoid": "σ(u_oᵀv_c)"}


def softmax_probs(U, v):
    """ŷ = softmax(Uᵀv) over every word (U holds u_w as rows)."""
    return np.asarray(softmax(U @ v))


def sigmoid_probs(U, v):
    """σ(u_wᵀv) for every word w."""
    return np.asarray(sigmoid(U @ v))


def inner_loss(inner: str, K=None):
    """The per-word loss of a window kind: naive softmax or negative sampling with K negatives."""
    return naive_softmax_loss_and_gradient if inner == "naive" else partial(neg_sampling_loss_and_gradient, K=K)


def softmax_terms(words, o, U, probs, v="v_c", key=""):
    """[the u_o term, the E[u] term] of −log ŷ_o at v (``key`` prefixes the keys)."""
    word = words[o]
    return [Part(f"{key}o", -U[o], name=f"along u_{word}", term="−u_o",
                 effect=f"+η u_o: along u_o ({word}), raises u_oᵀ{v}", role="target"),
            Part(f"{key}E[u]", probs @ U, name="along −E[u]", term="+E[u] = +Σ_w ŷ_w u_w",
                 effect=f"−η E[u]: along −E[u], lowers the expected score E[u]ᵀ{v}", role="expected")]


def negsamp_terms(words, o, negatives, U, v_vec, v="v_c", key=""):
    """[the u_o term, one term per distinct negative] of the negative-sampling loss at v."""
    word = words[o]
    out = [Part(f"{key}o", -float(sigmoid(-(U[o] @ v_vec))) * U[o], name=f"along u_{word}", term=f"−σ(−u_oᵀ{v}) u_o",
                effect=f"+η σ(−u_oᵀ{v}) u_o: along u_o ({word}), raises σ(u_oᵀ{v})", role="target")]
    for k, n in Counter(negatives).items():
        times = f"{n}" if n > 1 else ""
        out.append(Part(f"{key}neg {words[k]}", n * float(sigmoid(U[k] @ v_vec)) * U[k],
                        name=f"along −u_{words[k]}" + (f" ×{n}" if n > 1 else ""), term=f"+{times}σ(u_kᵀ{v}) u_k, k = {words[k]}",
                        effect=f"−{times}η σ(u_kᵀ{v}) u_k: along −u_{words[k]}, lowers σ(u_{words[k]}ᵀ{v})",
                        role="negative"))
    return out


def softmax_field(points, o, U):
    """J(v) = −u_oᵀv + log Σ_w exp(u_wᵀv) at every row v of ``points``."""
    scores = points @ U.T
    top = scores.max(axis=1)
    return -scores[:, o] + top + np.log(np.exp(scores - top[:, None]).sum(axis=1))


def negsamp_field(points, o, negatives, U):
    """J(v) = −log σ(u_oᵀv) − Σ_k log σ(−u_kᵀv) at every row v of ``points``."""
    out = -log_sigmoid(points @ U[o])
    for k in negatives:
        out = out - log_sigmoid(-(points @ U[k]))
    return out


def target_point(words, o, U, suffix=" (o)"):
    """u_o drawn as an arrow from the origin."""
    return Participant(words[o] + suffix, "target", U[o])


def word_points(words, U, skip):
    """Every other outside vector u_w as a plain point."""
    return [Participant(w, "word", U[i], ray=False) for i, w in enumerate(words) if i not in skip]
