"""The panel's pure core: what a kind of step is (the typed contract), the registry, one step.

A *kind* is one loss seen from one variable (``naive``, ``outside``, ``negsamp``, ``skipgram``,
``cbow``, ``hs``: one module each in this package). ``update_step(kind, ...)`` looks the kind
up, takes one gradient step v ← v − η ∂J/∂v on the toy vocabulary and returns a ``StepResult``:
the vectors before and after, the gradient and its named terms (``Part``), the loss before and
after, the first-order prediction −η‖g‖², the scores before and after, and the vectors the
picture draws (``Participant``). Nothing here draws; ``w2vlib.panel.picture`` does.

The geometry is dot products: a score is u_oᵀv_c, so a step part −η × term is a vector *along*
u_o (raising u_oᵀv_c), along −E[u], along −u_w for a negative, along ±v_c for the outside
vectors — parallel to those vectors, never aimed at their points.

Shapes: ``outside_vectors`` (V, d) holds u_w as rows (the handout's U is its transpose); v_c
and ∂J/∂v_c are (d,).
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Callable, Optional

import numpy as np

from .._validate import (MAX_NEGATIVES, MAX_WINDOW, Instance, Integer, Options, OrNone, Real, Seed, as_float_array,
                         checked)
from ..toy import toy_vocabulary

__all__ = ["Request", "Setup", "Part", "Participant", "PanelKind", "StepResult", "register_kind",
           "unregister_kind", "kind_names", "get_kind", "update_step", "format_readout", "MOVED", "INNER_LOSSES",
           "STEP_CONTRACTS"]

#: What a kind's step moves: v_c, every u_w, or several rows of the centre vectors (CBOW's context).
MOVED = ("v_c", "U", "rows")
#: The per-word losses of the window kinds (``inner``).
INNER_LOSSES = ("naive", "negsamp")
#: The contracts of a step's numeric arguments, checked whatever the kind (a kind that does not
#: use K, window, position or inner still refuses a bad one): ``update_step`` and ``update_step_panel``.
STEP_CONTRACTS = dict(lr=Real(0.0, low_open=True), K=OrNone(Integer(min=1, max=MAX_NEGATIVES)), seed=Seed(),
                      window=Integer(min=1, max=MAX_WINDOW), position=OrNone(Integer(min=0)),
                      inner=Options(*INNER_LOSSES))


@dataclass(frozen=True)
class Request:
    """The arguments of one ``update_step`` call, checked for type but not yet resolved."""
    vocab: object
    words: list
    word2ind: dict
    center_vectors: np.ndarray      # (V, d)
    outside_vectors: np.ndarray     # (V, d)
    center: Optional[str]
    outside: Optional[str]
    K: Optional[int]
    seed: int
    negatives: Optional[list]
    window: int
    position: Optional[int]
    inner: str


@dataclass
class Setup:
    """What a kind resolved from a ``Request``: the words, their rows, the negatives.

    ``targets`` are the rows whose score the step should raise (o; the window's words; CBOW's
    centre word). A kind that needs more (a tree, the context's shares) subclasses this.
    """
    center: str
    c: int                          # row of v_c in center_vectors
    outside_words: list             # the outside words o (one, or the window's)
    outside_idx: list
    words: list
    outside: Optional[str] = None   # the single outside word, or None (a window)
    offsets: list = field(default_factory=lambda: [0])
    neg_idx: list = field(default_factory=list)     # negatives per outside word (rows)
    K: Optional[int] = None
    window: Optional[int] = None
    inner: Optional[str] = None

    @property
    def negatives(self) -> list:
        """Every negative drawn, flat, in drawing order (rows)."""
        return [i for negs in self.neg_idx for i in negs]

    @property
    def targets(self) -> list:
        return list(self.outside_idx)


@dataclass(frozen=True)
class Part:
    """One named gradient term; the step part it causes is −η × ``vector``.

    ``key`` is unique within a step ("o", "E[u]", "neg dog", "j=-1 hot", "n3"); ``name`` is its
    label on the picture ("hot", "dog ×2", "E[u]", "n3 (R)", "j = −1 hot"); ``term`` the
    gradient term in the handout's symbols ("−u_o"); ``effect`` what −η × term does, in
    dot-product words ("+η u_o: along u_o, raises u_oᵀv_c"); ``role`` a role of
    ``w2vlib.style`` (its colour, marker and dash). ``vector`` has the moved variable's shape.
    """
    key: str
    vector: np.ndarray
    name: str
    term: str
    effect: str
    role: str


@dataclass(frozen=True)
class Participant:
    """A vector the picture draws and names: u_o, a negative, E[u], a path node, a context row.

    ``point`` (d,); ``role`` a role of ``w2vlib.style``; ``ray``: drawn as an arrow from the
    origin (a vector a step part is parallel to) rather than as a point.
    """
    name: str
    role: str
    point: np.ndarray
    ray: bool = True


@dataclass(frozen=True)
class PanelKind:
    """One kind of update step, in one entry.

    ``setup(request) -> Setup`` resolves the words (bad arguments raise naming the argument).
    ``loss_and_grads(setup, moved, U) -> (J, ∂J/∂moved, ∂J/∂U)`` from the w2vlib functions,
    ``moved`` being v_c (d,), the moved rows (n, d) or U itself (``moved == "U"``).
    ``parts(setup, moved, U, probs) -> [Part]``: gradient terms adding up to ∂J/∂moved.
    ``participants(setup, moved, U, probs) -> [Participant]``: what the step is made of.
    ``probs(setup, moved, U) -> (V,)``: the per-word score shown as bars, ``probs_kind``
    "softmax" (ŷ), "sigmoid" (σ(u_wᵀv)) or "tree" (P(w | c) along the Huffman paths).
    ``score_vector(setup, moved) -> (d,)``: the vector the scores are dot products with (v_c; v̂).
    ``loss_field(setup, points (n, d), U) -> (n,)``: J as a function of that vector, for the loss
    contours (None when the step does not move it, e.g. the outside kind).
    ``level(setup, U) -> Participant | None``: whose score's level line is drawn through it.
    ``target_label``: the name of the targets' score ("ŷ_o", "σ(u_oᵀv_c)", "P(o | c)").
    ``falls(result) -> str``: one line saying why a target's score fell, when it does.
    ``chain(setup, moved, parts, lr) -> (name, start (d,), [(d,) per part])``: the point whose
    move the picture takes apart and each part's share of that move, drawn head to tail (v_c;
    CBOW's v̂; the outside kind's u_o). By default v_c and −η × each part.
    ``controls``: "words" (centre and outside drop-downs) or "window" (position, window, loss);
    ``negative_controls``: K and Resample shown; ``uses_negatives(params)``: they apply.
    """
    name: str
    description: str
    setup: Callable
    loss_and_grads: Callable
    parts: Callable
    participants: Callable
    title: Callable
    probs: Callable
    target_label: object            # str, or (setup) -> str
    score_vector: Callable = lambda s, moved: moved
    loss_field: Optional[Callable] = None
    level: Callable = lambda s, U: None
    falls: Optional[Callable] = None
    chain: Callable = lambda s, moved, parts, lr: ("v_c", moved, [-lr * p.vector for p in parts])
    moved: str = "v_c"
    probs_kind: Callable = lambda s: "softmax"
    controls: str = "words"
    negative_controls: bool = False
    uses_negatives: Callable = lambda params: False
    defaults: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.moved not in MOVED:
            raise ValueError(f"moved must be one of {MOVED}, got {self.moved!r}")
        if self.controls not in ("words", "window"):
            raise ValueError(f"controls must be 'words' or 'window', got {self.controls!r}")


_REGISTRY: dict = {}


def register_kind(kind: PanelKind, replace: bool = False) -> PanelKind:
    """Add ``kind`` to the registry (``replace=True`` to redefine an existing name)."""
    if not isinstance(kind, PanelKind):
        raise TypeError(f"kind must be a PanelKind, got {type(kind).__name__}")
    if kind.name in _REGISTRY and not replace:
        raise ValueError(f"a panel kind named {kind.name!r} is already registered (pass replace=True)")
    _REGISTRY[kind.name] = kind
    return kind


def unregister_kind(name: str) -> None:
    """Remove a registered kind (tests use it to clean up a dummy kind)."""
    _REGISTRY.pop(name, None)


def kind_names() -> tuple:
    """The names of the registered kinds, in registration order."""
    return tuple(_REGISTRY)


@checked(renamed={"name": "kind"})
def get_kind(kind) -> PanelKind:
    """The registered kind called ``kind``; a ``ValueError`` listing the kinds otherwise."""
    if not isinstance(kind, str) or kind not in _REGISTRY:
        raise ValueError(f"kind must be one of {kind_names()}, got {kind!r}")
    return _REGISTRY[kind]


# ----------------------------------------------------------------------------- the result

@dataclass(frozen=True)
class StepResult:
    """What one step of gradient descent did. Every field means the same for every kind.

    ``moved``: "v_c" (``moved_before`` (d,)), "U" (every u_w; (V, d)) or "rows" (the centre
    vectors' rows ``rows``; (n, d)). ``v_before``/``v_after`` (d,): the vector the scores are dot
    products with (v_c; CBOW's average v̂). ``grad`` has the moved variable's shape and is the
    sum of the ``terms``' vectors; the step is −η ``grad``. ``probs_*``: ŷ (``probs_kind``
    "softmax"), σ(u_wᵀv) ("sigmoid") or P(w | c) ("tree") for every word; ``target_*``: the
    targets' score (``target_label``) before and after (for a window: their mean).
    ``participants``: the vectors drawn and named; ``level``: whose level line is drawn.
    ``loss_field(points (n, d), U) -> (n,)``: J as a function of the score vector (None if the step does
    not move it). ``chain_name``/``chain_start``/``chain_steps``: the point whose move is taken apart (v_c,
    v̂, u_o), where it starts, and each part's share of its move (parts × d), head to tail.
    ``note``: one line saying why a target's score fell ("" when none did).
    """
    kind: str
    lr: float
    moved: str
    center: str
    outside: Optional[str]
    outside_words: list
    offsets: list
    inner: Optional[str]
    K: Optional[int]
    seed: int
    forced_negatives: bool
    negatives: list
    negatives_by_outside: list
    rows: list
    targets: list
    moved_before: np.ndarray
    moved_after: np.ndarray
    v_before: np.ndarray
    v_after: np.ndarray
    outside_before: np.ndarray
    outside_after: np.ndarray
    grad: np.ndarray
    terms: tuple
    participants: tuple
    level: Optional[Participant]
    chain_name: str
    chain_start: np.ndarray
    chain_steps: np.ndarray
    loss_field: Optional[Callable]
    loss_before: float
    loss_after: float
    predicted_change: float
    actual_change: float
    probs_kind: str
    probs_before: np.ndarray
    probs_after: np.ndarray
    target_label: str
    finite: bool
    message: str
    note: str
    words: list
    title: str

    @property
    def parts(self) -> dict:
        """The gradient terms by key: {key: vector}; they add up to ``grad``."""
        return {p.key: p.vector for p in self.terms}

    @property
    def negative_counts(self) -> dict:
        """{negative word: times drawn}, in drawing order."""
        return dict(Counter(self.negatives))

    @property
    def overshoot(self) -> bool:
        """The loss went up."""
        return bool(self.finite and self.actual_change > 0)

    @property
    def grad_norm(self) -> float:
        """‖g‖ (the Frobenius norm when several rows move)."""
        return _norm(self.grad)

    @property
    def step(self) -> np.ndarray:
        """−η g: the change of the moved variable; inf where it overflows."""
        with np.errstate(over="ignore"):
            return -self.lr * self.grad

    @property
    def target_before(self) -> float:
        return _mean_of(self.probs_before, self.targets)

    @property
    def target_after(self) -> float:
        return _mean_of(self.probs_after, self.targets)

    def as_dict(self) -> dict:
        """A plain dict of copies: every field, ``parts`` as {key: vector}, ``terms`` and
        ``participants`` as lists of plain dicts, and the properties above."""
        out = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, np.ndarray):
                value = value.copy()
            elif isinstance(value, list):
                value = [list(v) if isinstance(v, list) else v for v in value]
            elif name in ("terms", "participants"):
                value = [_plain(p) for p in value]
            elif name == "loss_field":
                continue
            elif name == "level":
                value = None if value is None else _plain(value)
            out[name] = value
        out.update(parts={k: v.copy() for k, v in self.parts.items()}, negative_counts=self.negative_counts,
                   overshoot=self.overshoot, grad_norm=self.grad_norm, step=self.step,
                   target_before=self.target_before, target_after=self.target_after)
        return out


def _plain(obj) -> dict:
    return {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in vars(obj).items()}


def _mean_of(values, rows) -> float:
    with np.errstate(all="ignore"):
        return float(np.mean(np.asarray(values)[list(rows)])) if len(rows) else float("nan")


def _norm(x) -> float:
    """‖x‖ without overflow for huge finite entries (NaN if x holds a NaN)."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):
        m = float(np.max(np.abs(x))) if x.size else 0.0
        return m * float(np.linalg.norm(x / m)) if m > 0 and math.isfinite(m) else m


# ----------------------------------------------------------------------------- one step

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
    if position is not None and position >= len(vocab.sentence):
        raise ValueError(f"position={position} is outside the sentence (valid: 0..{len(vocab.sentence) - 1})")
    return Request(vocab=vocab, words=words, word2ind={w: i for i, w in enumerate(words)},
                   center_vectors=C, outside_vectors=U, center=center, outside=outside, K=K, seed=seed,
                   negatives=negatives, window=window, position=position, inner=inner)


def _evaluate(spec: PanelKind, setup, moved, U):
    """(J, ∂J/∂moved, probs) at these vectors; NaNs instead of an exception when a score
    overflows (a w2vlib function refuses it) or anything is not finite."""
    if spec.moved == "U":
        U = moved
    shape = moved.shape
    with np.errstate(all="ignore"):
        try:
            loss, g_moved, g_outside = spec.loss_and_grads(setup, moved, U)
            grad = np.array(g_outside if spec.moved == "U" else g_moved, dtype=np.float64)
            probs = np.asarray(spec.probs(setup, moved, U), dtype=np.float64)
            if math.isfinite(loss) and np.all(np.isfinite(grad)) and np.all(np.isfinite(probs)):
                return float(loss), grad, probs
        except (ValueError, FloatingPointError, OverflowError):
            pass
    return float("nan"), np.full(shape, np.nan), np.full(U.shape[0], np.nan)


def _fmt(x):
    return f"{x:.4g}"


def _message(finite, loss_before, loss_after, predicted, actual, step_len, lr, grad_norm):
    if not math.isfinite(loss_before) or not math.isfinite(grad_norm):
        return ("Non-finite result: the vectors are so large that the scores u_wᵀv_c (or the loss, or "
                "its gradient) overflow float64 before any step. Nothing can be applied; press Reset "
                "or use smaller vectors.")
    if not finite:
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


#: The largest step length (in units of the vectors) that is applied and drawn: a longer one
#: (η ≥ ~1e6 on the toy vectors) is refused with a message instead of overflowing the picture.
MAX_STEP = 1e6


@checked(**STEP_CONTRACTS)
def update_step(kind, vocab=None, center=None, outside=None, lr=0.5, *, K=None, seed=0,
                negatives=None, window=2, position=None, inner="naive") -> StepResult:
    """One gradient-descent step v ← v − η ∂J/∂v on the toy vocabulary, taken apart.

    Parameters
    ----------
    kind : str
        A registered kind: "naive", "outside", "negsamp", "skipgram", "cbow", "hs".
    vocab : ToyVocabulary, optional
        Default: a fresh ``toy_vocabulary()``; never modified.
    center, outside : str, optional
        The centre word c and the outside word o (None for the window kinds, whose words come
        from ``position`` and ``window`` in the toy sentence).
    lr : float
        The learning rate η > 0.
    K : int, optional
        Negatives per prediction (default 5) where negatives are sampled; at most
        ``MAX_NEGATIVES``.
    seed : int
        Seeds the ``ToyDataset`` the negatives are drawn through (a new seed resamples); an
        int >= 0, w2vlib's one seed contract (``_validate.as_seed``).
    negatives : list of str, optional
        A forced list of negatives, used as drawn (duplicates count).
    window : int
        m, the window half-width (skipgram, cbow); at most ``MAX_WINDOW``.
    position : int, optional
        The centre's index in the toy sentence, 0 .. len(vocab.sentence) − 1 (window kinds;
        default where ``center`` first occurs, else 3).
    inner : str
        The per-word loss of the window kinds, "naive" or "negsamp".

    Returns
    -------
    StepResult
        A step whose length would exceed ``MAX_STEP`` or overflow is not applied:
        ``finite=False`` and ``message`` says why; an overshoot is said in ``message``.

    Raises
    ------
    ValueError, TypeError
        Naming the argument: unknown kind or word, lr ≤ 0 or not finite, K < 1, a forced
        negative equal to the outside word, a bad window or position.
    """
    spec = get_kind(kind)
    req = _request(vocab, center, outside, K, seed, negatives, window, position, inner)
    s = spec.setup(req)
    U = req.outside_vectors
    rows = {"v_c": [s.c], "U": [], "rows": list(getattr(s, "rows", []))}[spec.moved]
    moved_before = (U.copy() if spec.moved == "U" else
                    req.center_vectors[rows].copy() if spec.moved == "rows" else req.center_vectors[s.c].copy())
    loss_before, grad, probs_before = _evaluate(spec, s, moved_before, U)
    with np.errstate(all="ignore"):
        step = -lr * grad
        step_len = _norm(step)
        predicted = -lr * float(np.sum(grad * grad))
        finite = math.isfinite(loss_before) and step_len <= MAX_STEP and math.isfinite(predicted)
    moved_after, loss_after, probs_after = moved_before, float("nan"), np.full_like(probs_before, np.nan)
    if finite:
        moved_after = moved_before + step
        loss_after, _, probs_after = _evaluate(spec, s, moved_after, U)
        finite = math.isfinite(loss_after)
        if not finite:
            moved_after = moved_before
    U_after = moved_after if spec.moved == "U" else U
    ok = math.isfinite(loss_before)
    terms = tuple(spec.parts(s, moved_before, U, probs_before)) if ok else ()
    parts_in = tuple(spec.participants(s, moved_before, U, probs_before)) if ok else ()
    with np.errstate(all="ignore"):
        chain_name, chain_start, chain_steps = spec.chain(s, moved_before, terms, lr)
    label = spec.target_label(s) if callable(spec.target_label) else spec.target_label
    actual = loss_after - loss_before
    message = _message(finite, loss_before, loss_after, predicted, actual, step_len, lr, _norm(grad))
    if not finite and math.isfinite(loss_before) and step_len > MAX_STEP and math.isfinite(step_len):
        message = (f"Not applied: with η = {lr:.3g} the step would move the vectors by {step_len:.3g}, "
                   f"beyond {MAX_STEP:.0e}; nothing useful can be seen or computed there. Lower the "
                   f"learning rate or press Reset.")
    words = req.words
    flat = [words[i] for i in s.negatives]
    result = StepResult(
        kind=spec.name, lr=lr, moved=spec.moved, center=s.center, outside=s.outside,
        outside_words=list(s.outside_words), offsets=list(s.offsets), inner=s.inner, K=s.K, seed=seed,
        forced_negatives=negatives is not None, negatives=flat,
        negatives_by_outside=[[words[i] for i in negs] for negs in s.neg_idx], rows=rows, targets=s.targets,
        moved_before=moved_before, moved_after=np.array(moved_after, dtype=np.float64),
        v_before=np.asarray(spec.score_vector(s, moved_before), dtype=np.float64),
        v_after=np.asarray(spec.score_vector(s, moved_after), dtype=np.float64),
        outside_before=U.copy(), outside_after=np.array(U_after, dtype=np.float64),
        grad=grad, terms=terms, participants=parts_in, level=spec.level(s, U), chain_name=chain_name,
        chain_start=np.array(chain_start, dtype=np.float64),
        chain_steps=np.array(chain_steps, dtype=np.float64).reshape(len(terms), np.size(chain_start)),
        loss_field=None if spec.loss_field is None else partial(spec.loss_field, s),
        loss_before=float(loss_before), loss_after=float(loss_after),
        predicted_change=predicted, actual_change=float(actual),
        probs_kind=spec.probs_kind(s), probs_before=probs_before, probs_after=probs_after,
        target_label=label, finite=finite, message=message, note="",
        words=words, title=spec.title(s))
    note = ""
    if finite and any(probs_after[t] < probs_before[t] for t in s.targets):
        note = spec.falls(result) if spec.falls else (
            f"{label} fell although the loss {'rose' if actual > 0 else 'fell'}: the step is long "
            f"(η = {lr:.3g}); the first-order rise of the targets' score holds only for short steps.")
    return replace(result, note=note) if note else result


@checked(result=Instance(StepResult))
def format_readout(result: StepResult) -> list:
    """The numeric readout as (label, value) rows of text: the picture's text alternative."""
    if result.outside is None:          # a window of outside words
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
        (f"{result.target_label} before → after", f"{result.target_before:.4f} → {result.target_after:.4f}"),
        ("actual change", f"{result.actual_change:+.4e}"),
        ("predicted −η‖g‖²", f"{result.predicted_change:+.4e}"),
        ({"v_c": "‖g‖", "U": "‖∂J/∂U‖ (Frobenius)"}.get(result.moved, "‖g‖ (all moved rows)"), f"{result.grad_norm:.4e}"),
        ("moved", {"v_c": "v_c", "U": "every u_w (v_c fixed)"}.get(
            result.moved, "the rows v_w of " + ", ".join(dict.fromkeys(result.outside_words)))),
    ]
    for p in result.terms:
        with np.errstate(over="ignore"):
            step = -result.lr * p.vector
        if result.moved == "v_c":
            value = f"{_vec(step)}, from the gradient term {p.term} = {_vec(p.vector)}"
        else:
            value = f"‖step‖ = {_norm(step):.4e}, from the gradient term {p.term}"
        rows.append((f"step part {p.name}: {p.effect}", value))
    if result.note:
        rows.append(("why a score fell", result.note))
    rows.append(("", result.message))
    return rows


def _vec(x) -> str:
    return "(" + ", ".join(f"{v:+.4f}" for v in x) + ")"
