"""One SGD step on the toy vocabulary, taken apart: the pure core of the update-step widget.

``update_step`` takes the toy vocabulary's vectors (d = 2, rows), the words, a loss and a
learning rate η, and returns a ``StepResult``: v_c before and after the step, the gradient and
named parts that add up to it, the loss before and after, the first-order prediction −η‖g‖²
next to the actual change, and ŷ (or the σ scores) before and after. Every gradient comes from
the w2vlib loss functions; this module only splits them into parts and measures the step.

Kinds (handout parts):

* ``"naive"``  (b): the step on v_c for J = −log ŷ_o, ŷ = softmax(Uᵀ v_c). The gradient
  U(ŷ − y) = −u_o + Σ_w ŷ_w u_w is a *pull* towards u_o plus a *push* away from the expected
  outside vector Σ_w ŷ_w u_w. Parts: ``"pull"`` = −u_o, ``"push"`` = Σ_w ŷ_w u_w.
* ``"outside"`` (c), (d): the same loss, the step on every u_w (v_c is held fixed). The gradient
  has rows (ŷ_w − y_w) v_c. Parts (both (V, d)): ``"pull"`` = −v_c on row o (u_o moves towards
  v_c), ``"push"`` = ŷ_w v_c on every row w (every u_w moves away from v_c, by ŷ_w).
* ``"negsamp"`` (g), (h): J = −log σ(u_oᵀv_c) − Σ_s log σ(−u_{w_s}ᵀv_c) with K negatives drawn
  from unigram^0.75 through a seeded ``ToyDataset`` (same seed, same negatives; a new seed
  resamples). Parts: ``"pull"`` = −σ(−u_oᵀv_c) u_o and one ``"push <word>"`` = n σ(u_wᵀv_c) u_w
  per distinct negative w drawn n times: a negative drawn twice pushes twice as hard.
* ``"skipgram"`` (i): the sum over the window −m ≤ j ≤ m, j ≠ 0 around ``position`` in the toy
  sentence, with ``inner`` = ``"naive"`` or ``"negsamp"``. One part per outside word,
  ``"j=-1 like"``, each the gradient of that word's term.

Shapes: ``outside_vectors`` (V, d) has u_w as rows (the handout's U is its transpose); v_c and
the gradient on v_c are (d,). For ``"outside"`` the stepped variable and its gradient are (V, d).
"""
from __future__ import annotations

import math
import numbers
from collections import Counter
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from ._validate import as_float_array, as_positive_int
from .activations import sigmoid
from .negsamp import ReplayDataset, get_negative_samples, neg_sampling_loss_and_gradient
from .skipgram import skipgram
from .softmax import naive_softmax_loss_and_gradient, softmax
from .toy import toy_vocabulary

KINDS = ("naive", "outside", "negsamp", "skipgram")
INNER_LOSSES = ("naive", "negsamp")
DEFAULT_K = 5
DEFAULT_POSITION = 3


@dataclass(frozen=True)
class StepResult:
    """What one step of gradient descent did. Vectors are numpy arrays, losses floats.

    ``moved`` says which variable was stepped: ``"v_c"`` (``grad`` (d,), parts (d,)) or
    ``"U"`` for the outside kind (``grad`` (V, d) with rows ∂J/∂u_w, parts (V, d)).
    ``probs_*`` are ŷ = softmax(Uᵀv_c) (``probs_kind == "softmax"``) or σ(u_wᵀv_c) for every w
    (``"sigmoid"``, the negative-sampling kinds).
    """
    kind: str
    lr: float
    moved: str
    center: str
    outside: str | None
    outside_words: list
    offsets: list
    inner: str | None
    K: int | None
    seed: int
    forced_negatives: bool
    negatives: list
    negatives_by_outside: list
    negative_counts: dict
    center_before: np.ndarray
    center_after: np.ndarray
    outside_before: np.ndarray
    outside_after: np.ndarray
    grad: np.ndarray
    parts: dict
    part_labels: dict
    loss_before: float
    loss_after: float
    predicted_change: float
    actual_change: float
    probs_kind: str
    probs_before: np.ndarray
    probs_after: np.ndarray
    overshoot: bool
    finite: bool
    message: str
    words: list = field(default_factory=list)

    @property
    def grad_norm(self) -> float:
        """‖g‖ (the Frobenius norm for the outside kind)."""
        return float(np.linalg.norm(self.grad))

    @property
    def step(self) -> np.ndarray:
        """−η g: the change of the stepped variable (v_c, or every u_w as rows)."""
        return -self.lr * self.grad

    def as_dict(self) -> dict:
        """A plain dict of copies (arrays stay numpy arrays; lists and dicts are copied)."""
        out = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, np.ndarray):
                value = value.copy()
            elif isinstance(value, dict):
                value = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in value.items()}
            elif isinstance(value, list):
                value = [list(v) if isinstance(v, list) else v for v in value]
            out[name] = value
        out["grad_norm"] = self.grad_norm
        return out


def _word(value, name, words):
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a word (str), got {type(value).__name__} {value!r}")
    if value not in words:
        raise ValueError(f"{name}={value!r} is not in the vocabulary {words}")
    return words.index(value)


def _check_lr(lr):
    if isinstance(lr, (bool, np.bool_)) or not isinstance(lr, numbers.Real):
        raise TypeError(f"lr must be a real number, got {type(lr).__name__} {lr!r}")
    lr = float(lr)
    if not math.isfinite(lr) or lr <= 0:
        raise ValueError(f"lr must be a finite number > 0, got {lr!r}")
    return lr


def _check_seed(seed):
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an integer, got {type(seed).__name__} {seed!r}")
    return int(seed)


def _window(sentence, position, window):
    """The outside words of the window −m ≤ j ≤ m, j ≠ 0 around ``position`` (clipped at the ends)."""
    offsets = [j for j in range(-window, window + 1)
               if j != 0 and 0 <= position + j < len(sentence)]
    return [sentence[position + j] for j in offsets], offsets


def _resolve_skipgram(vocab, center, outside, window, position, inner):
    sentence = list(vocab.sentence)
    if outside is not None:
        raise ValueError("outside must be None for kind 'skipgram': the outside words are the window's")
    window = as_positive_int(window, "window")
    if inner not in INNER_LOSSES:
        raise ValueError(f"inner must be one of {INNER_LOSSES}, got {inner!r}")
    if position is None:
        if center is None:
            position = DEFAULT_POSITION
        elif center in sentence:
            position = sentence.index(center)
        else:
            raise ValueError(f"center={center!r} does not occur in the sentence {sentence}; give position instead")
    if isinstance(position, (bool, np.bool_)) or not isinstance(position, numbers.Integral):
        raise TypeError(f"position must be an integer, got {type(position).__name__} {position!r}")
    position = int(position)
    if not 0 <= position < len(sentence):
        raise ValueError(f"position={position} is outside the sentence (valid: 0..{len(sentence) - 1})")
    if center is not None and center != sentence[position]:
        raise ValueError(f"center={center!r} but the word at position={position} is {sentence[position]!r}")
    outside_words, offsets = _window(sentence, position, window)
    if not outside_words:
        raise ValueError("the window is empty: the sentence needs at least two words")
    return sentence[position], outside_words, offsets, window


def _draw_negatives(vocab, outside_idx, K, seed, negatives, words):
    """Negatives per outside word, as indices: drawn through a seeded ToyDataset, or forced."""
    if negatives is None:
        K = DEFAULT_K if K is None else as_positive_int(K, "K")
        dataset = vocab.dataset(seed=seed)
        return [get_negative_samples(o, dataset, K, vocab_size=len(words)) for o in outside_idx], K
    if isinstance(negatives, str) or not hasattr(negatives, "__iter__"):
        raise TypeError(f"negatives must be a list of words, got {type(negatives).__name__} {negatives!r}")
    forced = [_word(w, f"negatives[{i}]", words) for i, w in enumerate(negatives)]
    if not forced:
        raise ValueError("negatives is empty: give at least one word, or None to sample K of them")
    if K is not None and as_positive_int(K, "K") != len(forced):
        raise ValueError(f"K={K} but negatives holds {len(forced)} words: give one or the other")
    for o in outside_idx:
        if o in forced:
            raise ValueError(f"negatives contains the outside word {words[o]!r}: "
                             "a negative sample equal to the outside word is always redrawn")
    return [list(forced) for _ in outside_idx], len(forced)


def _probs(probs_kind, v_c, U):
    scores = U @ v_c
    return np.asarray(softmax(scores) if probs_kind == "softmax" else sigmoid(scores))


def _fmt(x):
    return f"{x:.4g}"


def _message(result_finite, loss_before, loss_after, predicted, actual, step_len, lr):
    if not result_finite:
        return (f"Non-finite result: with η = {lr:.3g} the step overflowed (the new vectors, the loss "
                f"or the first-order prediction is inf or NaN). Nothing was applied; lower the "
                f"learning rate or press Reset.")
    if predicted == 0.0:
        return "The gradient is zero here: the step does not move anything."
    if actual > 0:
        return (f"Overshoot: the loss went UP, {loss_before:.4f} → {loss_after:.4f} "
                f"(+{_fmt(actual)}). The first-order prediction −η‖g‖² = {_fmt(predicted)} only "
                f"holds for short steps; this one (length {_fmt(step_len)}) went past the lowest "
                f"point along −g. Try a smaller learning rate.")
    ratio = actual / predicted
    text = (f"The loss went down, {loss_before:.4f} → {loss_after:.4f} ({_fmt(actual)}); "
            f"the first-order prediction −η‖g‖² was {_fmt(predicted)}, so {ratio:.0%} of it was realised.")
    if ratio < 0.5:
        text += " The step is long enough for the curvature to matter: a smaller η follows −g more faithfully."
    return text


def update_step(kind, vocab=None, center=None, outside=None, lr=0.5, *, K=None, seed=0,
                negatives=None, window=2, position=None, inner="naive") -> StepResult:
    """One gradient-descent step v_c ← v_c − η ∂J/∂v_c (or U ← U − η ∂J/∂U), taken apart.

    Args:
        kind: ``"naive"``, ``"outside"``, ``"negsamp"`` or ``"skipgram"`` (module docstring).
        vocab: a ``ToyVocabulary`` (default: a fresh ``toy_vocabulary()``); never modified. Its
            ``center_vectors`` and ``outside_vectors`` are (V, d) with words as rows.
        center: the centre word c. For skipgram it may be None (the word at ``position``).
        outside: the outside word o (None for skipgram, whose outside words are the window).
        lr: the learning rate η > 0.
        K: negatives per outside word (negsamp, or skipgram with inner="negsamp"); default 5.
        seed: seeds the ``ToyDataset`` the negatives are drawn through (a new seed resamples).
        negatives: a forced list of negative words, e.g. ["dog", "dog", "rain"], used as drawn
            (duplicates count); for skipgram the same list serves every window word.
        window: m, the skip-gram window half-width.
        position: index of the centre word in ``vocab.sentence`` (skipgram; default: where
            ``center`` first occurs, else 3).
        inner: the skip-gram's per-word loss, ``"naive"`` or ``"negsamp"``.

    Returns:
        A ``StepResult``. Overshoot (the loss goes up) is reported in ``message``; a step that
        overflows sets ``finite=False`` and explains it in ``message`` instead of raising.

    Raises:
        ValueError / TypeError naming the argument: unknown kind or word, lr ≤ 0 or not
        finite, K < 1, a forced negative equal to the outside word, a bad window or position.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    vocab = toy_vocabulary() if vocab is None else vocab
    words = list(vocab.words)
    word2ind = {w: i for i, w in enumerate(words)}
    C = as_float_array(vocab.center_vectors, "vocab.center_vectors", ndim=2)
    U = as_float_array(vocab.outside_vectors, "vocab.outside_vectors", ndim=2)
    if C.shape != U.shape or C.shape[0] != len(words):
        raise ValueError(f"vocab.center_vectors {C.shape} and vocab.outside_vectors {U.shape} "
                         f"must both be (V, d) with V = {len(words)} words")
    lr = _check_lr(lr)
    seed = _check_seed(seed)

    offsets = [0]
    window_used = None
    if kind == "skipgram":
        center, outside_words, offsets, window_used = _resolve_skipgram(vocab, center, outside, window, position, inner)
        loss_kind = inner
    else:
        if center is None:
            raise ValueError(f"center is required for kind {kind!r}")
        if outside is None:
            raise ValueError(f"outside is required for kind {kind!r}")
        outside_words = [outside]
        loss_kind = "negsamp" if kind == "negsamp" else "naive"
    c = _word(center, "center", words)
    outside_idx = [_word(w, "outside" if kind != "skipgram" else "the window's words", words) for w in outside_words]

    if loss_kind == "negsamp":
        neg_idx, K = _draw_negatives(vocab, outside_idx, K, seed, negatives, words)
        flat = [i for negs in neg_idx for i in negs]
    else:
        if negatives is not None:
            raise ValueError(f"negatives only apply to negative sampling, not to kind {kind!r} with inner={inner!r}")
        neg_idx, flat, K = [[] for _ in outside_idx], [], None
    probs_kind = "sigmoid" if loss_kind == "negsamp" else "softmax"

    def loss_and_grads(v_c, U_):
        """(loss, ∂J/∂v_c (d,), ∂J/∂U (V, d)) from the w2vlib functions, same negatives every time."""
        if kind == "skipgram":
            inner_fn = (naive_softmax_loss_and_gradient if loss_kind == "naive"
                        else partial(neg_sampling_loss_and_gradient, K=K))
            C_ = C.copy()
            C_[c] = v_c
            loss, g_centers, g_outside = skipgram(center, window_used, outside_words, word2ind,
                                                  C_, U_, ReplayDataset(flat), loss_and_gradient=inner_fn)
            return loss, g_centers[c], g_outside
        if loss_kind == "negsamp":
            return neg_sampling_loss_and_gradient(v_c, outside_idx[0], U_, ReplayDataset(flat), K=K)
        return naive_softmax_loss_and_gradient(v_c, outside_idx[0], U_)

    v_before = C[c].copy()
    loss_before, g_center, g_outside = loss_and_grads(v_before, U)
    probs_before = _probs(probs_kind, v_before, U)

    # Named parts; the tests check that they add up to the gradient from w2vlib.
    parts, labels = {}, {}
    if kind == "naive":
        parts["pull"], labels["pull"] = -U[outside_idx[0]], f"pull  −u_o  (o = {outside})"
        parts["push"], labels["push"] = probs_before @ U, "push  Σ_w ŷ_w u_w"
    elif kind == "outside":
        pull = np.zeros_like(U)
        pull[outside_idx[0]] = -v_before
        parts["pull"], labels["pull"] = pull, f"pull on u_o  −v_c  (o = {outside})"
        parts["push"], labels["push"] = np.outer(probs_before, v_before), "push on every u_w  ŷ_w v_c"
    elif kind == "negsamp":
        o = outside_idx[0]
        parts["pull"] = -float(sigmoid(-(U[o] @ v_before))) * U[o]
        labels["pull"] = f"pull  −σ(−u_oᵀv_c) u_o  (o = {outside})"
        for w, n in Counter(neg_idx[0]).items():
            key = f"push {words[w]}"
            parts[key] = n * float(sigmoid(U[w] @ v_before)) * U[w]
            labels[key] = f"push  {n}×σ(u_wᵀv_c) u_w  (w = {words[w]})" if n > 1 else f"push  σ(u_wᵀv_c) u_w  (w = {words[w]})"
    else:
        for j, o, negs in zip(offsets, outside_idx, neg_idx):
            key = f"j={j:+d} {words[o]}"
            if loss_kind == "naive":
                _, g_j, _ = naive_softmax_loss_and_gradient(v_before, o, U)
            else:
                _, g_j, _ = neg_sampling_loss_and_gradient(v_before, o, U, ReplayDataset(negs), K=K)
            parts[key], labels[key] = g_j, f"J(v_c, w_t{j:+d} = {words[o]})"

    moved = "U" if kind == "outside" else "v_c"
    grad = g_outside if kind == "outside" else g_center
    with np.errstate(all="ignore"):
        step = -lr * grad
        v_after = v_before if kind == "outside" else v_before + step
        U_after = U + step if kind == "outside" else U
        predicted = -lr * float(np.sum(grad * grad))
        finite = bool(np.all(np.isfinite(v_after)) and np.all(np.isfinite(U_after)) and math.isfinite(predicted))
        loss_after, probs_after = float("nan"), np.full_like(probs_before, np.nan)
        if finite:
            try:
                loss_after = float(loss_and_grads(v_after, U_after)[0])
                probs_after = _probs(probs_kind, v_after, U_after)
            except ValueError:          # a w2vlib function refused a non-finite intermediate
                finite = False
        finite = finite and math.isfinite(loss_after) and bool(np.all(np.isfinite(probs_after)))
        actual = loss_after - loss_before
        step_len = float(np.linalg.norm(step))
    overshoot = bool(finite and actual > 0)
    negatives_words = [words[i] for i in flat]

    return StepResult(
        kind=kind, lr=lr, moved=moved, center=center, outside=outside if kind != "skipgram" else None,
        outside_words=list(outside_words), offsets=list(offsets),
        inner=inner if kind == "skipgram" else None, K=K, seed=seed,
        forced_negatives=negatives is not None,
        negatives=negatives_words,
        negatives_by_outside=[[words[i] for i in negs] for negs in neg_idx],
        negative_counts=dict(Counter(negatives_words)),
        center_before=v_before, center_after=np.array(v_after, dtype=np.float64),
        outside_before=U.copy(), outside_after=np.array(U_after, dtype=np.float64),
        grad=np.array(grad, dtype=np.float64), parts=parts, part_labels=labels,
        loss_before=float(loss_before), loss_after=loss_after,
        predicted_change=predicted, actual_change=float(actual),
        probs_kind=probs_kind, probs_before=probs_before, probs_after=probs_after,
        overshoot=overshoot, finite=finite,
        message=_message(finite, loss_before, loss_after, predicted, actual, step_len, lr),
        words=words,
    )


def format_readout(result: StepResult) -> list:
    """The numeric readout as (label, value) rows of text: the widget's text alternative."""
    if result.kind == "skipgram":
        pairs = ", ".join(f"{w} (j={j:+d})" for w, j in zip(result.outside_words, result.offsets))
        what = f"skip-gram ({result.inner}), centre {result.center}, window: {pairs}"
    else:
        what = f"{result.kind}, centre c = {result.center}, outside o = {result.outside}"
    rows = [("step", what), ("learning rate η", f"{result.lr:.4g}")]
    if result.negatives:
        counts = ", ".join(f"{w}×{n}" if n > 1 else w for w, n in result.negative_counts.items())
        source = "forced list" if result.forced_negatives else f"drawn with seed {result.seed}"
        rows.append((f"negatives ({source})", counts))
    rows += [
        ("loss before → after", f"{result.loss_before:.6f} → {result.loss_after:.6f}"),
        ("actual change", f"{result.actual_change:+.4e}"),
        ("predicted −η‖g‖²", f"{result.predicted_change:+.4e}"),
        ("‖g‖" if result.moved == "v_c" else "‖∂J/∂U‖ (Frobenius)", f"{result.grad_norm:.4e}"),
        ("moved", "v_c" if result.moved == "v_c" else "every u_w (v_c fixed)"),
        ("", result.message),
    ]
    return rows
