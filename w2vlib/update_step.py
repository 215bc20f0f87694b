"""One SGD step on the toy vocabulary, taken apart: the pure core of the update-step widget.

``update_step`` takes the toy vocabulary's vectors (d = 2, rows), the words, a loss and a
learning rate η, and returns a ``StepResult``: v_c before and after the step, the gradient
and named gradient terms ("parts") that add up to it, the loss before and after, the
first-order prediction −η‖g‖² next to the actual change, and ŷ (or the σ scores) before and
after. Every gradient comes from the w2vlib loss functions; this module only measures the step.

What a kind is (its words, loss, parts and labels) lives in one registry entry in
``w2vlib.panel_kinds``; this module looks the kind up and never branches on its name.
The built-in kinds (handout parts):

* ``"naive"``  (b): the step on v_c for J = −log ŷ_o, ŷ = softmax(Uᵀv_c). The gradient
  U(ŷ − y) = −u_o + Σ_w ŷ_w u_w. Gradient terms: ``"pull"`` = −u_o (the step +η u_o pulls v_c
  towards u_o), ``"push"`` = Σ_w ŷ_w u_w (the step −η Σ_w ŷ_w u_w pushes v_c away from the
  expected outside vector).
* ``"outside"`` (c), (d): the same loss, the step on every u_w (v_c is held fixed). The gradient
  has rows (ŷ_w − y_w) v_c. Gradient terms (both (V, d)): ``"pull"`` = −v_c on row o (u_o moves
  towards v_c), ``"push"`` = ŷ_w v_c on every row w (every u_w moves away from v_c, by ŷ_w).
* ``"negsamp"`` (g), (h): J = −log σ(u_oᵀv_c) − Σ_s log σ(−u_{w_s}ᵀv_c) with K negatives drawn
  from unigram^0.75 through a seeded ``ToyDataset`` (same seed, same negatives; a new seed
  resamples). Gradient terms: ``"pull"`` = −σ(−u_oᵀv_c) u_o and one ``"push <word>"`` =
  n σ(u_wᵀv_c) u_w per distinct negative w drawn n times: a negative drawn twice pushes twice
  as hard.
* ``"skipgram"`` (i): the sum over the window −m ≤ j ≤ m, j ≠ 0 around ``position`` in the toy
  sentence, with ``inner`` = ``"naive"`` or ``"negsamp"``. One term per outside word,
  ``"j=-1 like"``, the gradient of that word's J.

``parts`` are always *gradient* terms (they add up to ``grad``); ``part_labels`` name them as
such ("gradient term −u_o") and ``step_labels`` say what the step −η × term does ("pull
towards u_o: +η u_o"), so no sign is left to the reader.

Shapes: ``outside_vectors`` (V, d) has u_w as rows (the handout's U is its transpose); v_c and
the gradient on v_c are (d,). For ``"outside"`` the stepped variable and its gradient are (V, d).
"""
from __future__ import annotations

import math
import numbers
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ._validate import as_float_array
from .panel_kinds import DEFAULT_K, DEFAULT_POSITION, INNER_LOSSES, PanelKind, Request, get_kind, kind_names
from .toy import toy_vocabulary

__all__ = ["StepResult", "update_step", "format_readout", "kind_names", "DEFAULT_K", "DEFAULT_POSITION",
           "INNER_LOSSES"]


@dataclass(frozen=True)
class StepResult:
    """What one step of gradient descent did. Vectors are numpy arrays, losses floats.

    ``moved`` says which variable was stepped: ``"v_c"`` (``grad`` (d,), parts (d,)),
    ``"U"`` for the outside kind (``grad`` (V, d) with rows ∂J/∂u_w, parts (V, d)) or
    ``"rows"`` (the rows ``rows`` of the centre vectors at once, e.g. CBOW's context:
    ``center_before``, ``grad`` and parts are (n, d)). ``rows`` lists the centre-vector rows
    moved; ``extra`` holds what a kind's drawing needs beyond these fields.
    ``parts`` are gradient terms that add up to ``grad`` (``part_labels`` name them,
    ``step_labels`` say what −η × each does, ``part_legends``/``part_roles`` group them for
    the picture); ``title`` is the kind's title of the picture and ``outside_role`` how it tags
    the outside words ("o", "window").
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
    step_labels: dict
    part_legends: dict
    part_roles: dict
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
    title: str = ""
    outside_role: str = "o"
    rows: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @property
    def grad_norm(self) -> float:
        """‖g‖ (the Frobenius norm for the outside kind)."""
        return _norm(self.grad)

    @property
    def step(self) -> np.ndarray:
        """−η g: the change of the stepped variable (v_c, or every u_w as rows); inf where it overflows."""
        with np.errstate(over="ignore"):
            return -self.lr * self.grad

    @property
    def step_parts(self) -> dict:
        """The step −η g taken apart: −η × each gradient term (what ``step_labels`` describe)."""
        with np.errstate(over="ignore"):
            return {key: -self.lr * part for key, part in self.parts.items()}

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
        out["step_parts"] = self.step_parts
        return out


def _norm(x) -> float:
    """‖x‖ without overflow for huge finite entries (NaN if x holds a NaN)."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):
        m = float(np.max(np.abs(x))) if x.size else 0.0
        return m * float(np.linalg.norm(x / m)) if m > 0 and math.isfinite(m) else m


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


def _fmt(x):
    return f"{x:.4g}"


def _message(result_finite, loss_before, loss_after, predicted, actual, step_len, lr, grad_norm):
    if not math.isfinite(loss_before) or not math.isfinite(grad_norm):
        return ("Non-finite result: the vectors are so large that the scores u_wᵀv_c (or the loss, or "
                "its gradient) overflow float64 before any step. Nothing can be applied; press Reset "
                "or use smaller vectors.")
    if not result_finite:
        return (f"Non-finite result: with η = {lr:.3g} the step overflowed (the new vectors, the loss "
                f"or the first-order prediction is inf or NaN). Nothing was applied; lower the "
                f"learning rate or press Reset.")
    if grad_norm == 0.0:
        return "The gradient is zero here: the step does not move anything."
    if predicted == 0.0 or abs(actual) <= 4 * np.finfo(np.float64).eps * max(abs(loss_before), abs(loss_after)):
        return (f"The loss did not change at float64 precision ({loss_before:.6g} → {loss_after:.6g}, "
                f"change {actual:+.3g}): the first-order prediction −η‖g‖² = {predicted:.3g} is below the "
                f"rounding of the loss. Raise the learning rate to see the step.")
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


def _request(vocab, center, outside, K, seed, negatives, window, position, inner) -> Request:
    """Check the vocabulary's arrays and bundle the arguments for the kind's ``setup``."""
    vocab = toy_vocabulary() if vocab is None else vocab
    missing = [name for name in ("words", "center_vectors", "outside_vectors") if not hasattr(vocab, name)]
    if missing:
        raise TypeError(f"vocab must be a ToyVocabulary (w2vlib.toy.toy_vocabulary()) with words, center_vectors "
                        f"and outside_vectors, got {type(vocab).__name__} {vocab!r:.60} (no {', '.join(missing)})")
    words = list(vocab.words)
    C = as_float_array(vocab.center_vectors, "vocab.center_vectors", ndim=2)
    U = as_float_array(vocab.outside_vectors, "vocab.outside_vectors", ndim=2)
    if C.shape != U.shape or C.shape[0] != len(words):
        raise ValueError(f"vocab.center_vectors {C.shape} and vocab.outside_vectors {U.shape} "
                         f"must both be (V, d) with V = {len(words)} words")
    return Request(vocab=vocab, words=words, word2ind={w: i for i, w in enumerate(words)},
                   center_vectors=C, outside_vectors=U, center=center, outside=outside, K=K, seed=seed,
                   negatives=negatives, window=window, position=position, inner=inner)


def _after(spec: PanelKind, setup, lr, grad, v_before, U, loss_before):
    """Apply −η g to the moved variable; (v_after, U_after, loss_after, probs_after, finite,
    predicted, actual, step length), with overflow reported through ``finite``."""
    with np.errstate(all="ignore"):
        step = -lr * grad
        v_after = v_before + step if spec.moved != "U" else v_before
        U_after = U + step if spec.moved == "U" else U
        predicted = -lr * float(np.sum(grad * grad))
        finite = bool(np.all(np.isfinite(v_after)) and np.all(np.isfinite(U_after)) and math.isfinite(predicted))
        loss_after, probs_after = float("nan"), None
        if finite:
            try:
                loss_after = float(spec.loss_and_grads(setup, v_after, U_after)[0])
                probs_after = np.asarray(spec.probs(setup, v_after, U_after), dtype=np.float64)
            except ValueError:          # a w2vlib function refused a non-finite intermediate
                finite = False
        finite = finite and math.isfinite(loss_after) and bool(np.all(np.isfinite(probs_after)))
        actual = loss_after - loss_before
        step_len = float(np.linalg.norm(step))
    return v_after, U_after, loss_after, probs_after, finite, predicted, actual, step_len


def _before(spec: PanelKind, setup, v_before, U):
    """(J, the moved variable's gradient, probs, parts) at the current vectors. Vectors so large
    that a score overflows give J = NaN, a NaN gradient and no parts instead of an exception."""
    shape = U.shape if spec.moved == "U" else v_before.shape
    with np.errstate(all="ignore"):
        try:
            loss, g_center, g_outside = spec.loss_and_grads(setup, v_before, U)
            grad = np.array(g_outside if spec.moved == "U" else g_center, dtype=np.float64)
            probs = np.asarray(spec.probs(setup, v_before, U), dtype=np.float64)
            if math.isfinite(loss) and np.all(np.isfinite(grad)) and np.all(np.isfinite(probs)):
                return float(loss), grad, probs, spec.parts(setup, v_before, U, probs)
        except (ValueError, FloatingPointError, OverflowError):   # a w2vlib function refused an overflow
            pass
    return float("nan"), np.full(shape, np.nan), np.full(U.shape[0], np.nan), []


def update_step(kind, vocab=None, center=None, outside=None, lr=0.5, *, K=None, seed=0,
                negatives=None, window=2, position=None, inner="naive") -> StepResult:
    """One gradient-descent step v_c ← v_c − η ∂J/∂v_c (or U ← U − η ∂J/∂U), taken apart.

    Parameters
    ----------
    kind : str
        A registered panel kind: ``"naive"``, ``"outside"``, ``"negsamp"``, ``"skipgram"``
        (``w2vlib.panel_kinds``), or one registered later.
    vocab : ToyVocabulary, optional
        Default: a fresh ``toy_vocabulary()``; never modified. Its ``center_vectors`` and
        ``outside_vectors`` are (V, d) with words as rows.
    center : str, optional
        The centre word c. For skipgram it may be None (the word at ``position``).
    outside : str, optional
        The outside word o (None for skipgram, whose outside words are the window).
    lr : float
        The learning rate η > 0.
    K : int, optional
        Negatives per outside word (negsamp, or skipgram with inner="negsamp"); default 5.
    seed : int
        Seeds the ``ToyDataset`` the negatives are drawn through (a new seed resamples).
    negatives : list of str, optional
        A forced list of negative words, e.g. ["dog", "dog", "rain"], used as drawn
        (duplicates count); for skipgram the same list serves every window word.
    window : int
        m, the skip-gram window half-width.
    position : int, optional
        Index of the centre word in ``vocab.sentence`` (skipgram; default: where ``center``
        first occurs, else 3).
    inner : str
        The skip-gram's per-word loss, ``"naive"`` or ``"negsamp"``.

    Returns
    -------
    StepResult
        Overshoot (the loss goes up) is reported in ``message``; a step that overflows sets
        ``finite=False`` and explains it in ``message`` instead of raising.

    Raises
    ------
    ValueError, TypeError
        Naming the argument: unknown kind or word, lr ≤ 0 or not finite, K < 1, a forced
        negative equal to the outside word, a bad window or position.
    """
    spec = get_kind(kind)
    lr = _check_lr(lr)
    seed = _check_seed(seed)
    req = _request(vocab, center, outside, K, seed, negatives, window, position, inner)
    setup = spec.setup(req)
    U = req.outside_vectors
    rows = list(setup.extra["rows"]) if spec.moved == "rows" else [setup.c]
    v_before = req.center_vectors[rows if spec.moved == "rows" else setup.c].copy()   # (n, d) or (d,)
    loss_before, grad, probs_before, parts = _before(spec, setup, v_before, U)
    v_after, U_after, loss_after, probs_after, finite, predicted, actual, step_len = _after(
        spec, setup, lr, grad, v_before, U, loss_before)
    if probs_after is None:
        probs_after = np.full_like(probs_before, np.nan)
    words = req.words
    flat = [words[i] for i in setup.negatives]
    return StepResult(
        kind=spec.name, lr=lr, moved=spec.moved, center=setup.center, outside=setup.outside,
        outside_words=list(setup.outside_words), offsets=list(setup.offsets),
        inner=setup.inner, K=setup.K, seed=seed,
        forced_negatives=negatives is not None,
        negatives=flat,
        negatives_by_outside=[[words[i] for i in negs] for negs in setup.neg_idx],
        negative_counts=dict(Counter(flat)),
        center_before=v_before, center_after=np.array(v_after, dtype=np.float64),
        outside_before=U.copy(), outside_after=np.array(U_after, dtype=np.float64),
        grad=grad, parts={p.key: np.asarray(p.vector, dtype=np.float64) for p in parts},
        part_labels={p.key: p.label for p in parts},
        step_labels={p.key: p.step_label for p in parts},
        part_legends={p.key: p.legend for p in parts},
        part_roles={p.key: p.role for p in parts},
        loss_before=float(loss_before), loss_after=loss_after,
        predicted_change=predicted, actual_change=float(actual),
        probs_kind=spec.probs_kind(setup), probs_before=probs_before, probs_after=probs_after,
        overshoot=bool(finite and actual > 0), finite=finite,
        message=_message(finite, loss_before, loss_after, predicted, actual, step_len, lr, _norm(grad)),
        words=words, title=spec.title(setup), outside_role=spec.outside_role,
        rows=[] if spec.moved == "U" else list(rows), extra=dict(setup.extra.get("drawing", {})),
    )


def format_readout(result: StepResult) -> list:
    """The numeric readout as (label, value) rows of text: the widget's text alternative."""
    if result.outside is None:          # a window of outside words (skip-gram)
        pairs = ", ".join(f"{w} (j={j:+d})" for w, j in zip(result.outside_words, result.offsets))
        inner = f" ({result.inner})" if result.inner else ""
        what = f"{result.kind}{inner}, centre {result.center}, window: {pairs}"
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
        ({"v_c": "‖g‖", "U": "‖∂J/∂U‖ (Frobenius)"}.get(result.moved, "‖g‖ (all moved rows)"), f"{result.grad_norm:.4e}"),
        ("moved", {"v_c": "v_c", "U": "every u_w (v_c fixed)"}.get(
            result.moved, "the rows v_w of " + ", ".join(dict.fromkeys(result.outside_words)))),
    ]
    rows += _part_rows(result)
    rows.append(("", result.message))
    return rows


def _vec(x) -> str:
    return "(" + ", ".join(f"{v:+.4f}" for v in x) + ")"


def _part_rows(result: StepResult) -> list:
    """One row per part: what the step does (−η × the term) and the gradient term it comes from."""
    rows = []
    for key, part in result.parts.items():
        with np.errstate(over="ignore"):
            step = -result.lr * part
        if result.moved == "v_c":
            value = f"{_vec(step)}, from the {result.part_labels[key]} = {_vec(part)}"
        else:
            value = f"‖step‖ = {np.linalg.norm(step):.4e}, from the {result.part_labels[key]}"
        rows.append((f"step part: {result.step_labels[key]}", value))
    return rows
