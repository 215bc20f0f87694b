"""The registry of panel kinds: what one kind of update step is, in one entry.

A *kind* is one loss seen from one variable: ``"naive"`` (handout part (b), the step on v_c
for J = −log ŷ_o), ``"outside"`` ((c), (d): the same loss, the step on every u_w),
``"negsamp"`` ((g), (h)) and ``"skipgram"`` ((i), a sum over the window). Each is one
``PanelKind`` registered here; ``w2vlib.update_step.update_step`` and the panel
(``w2vlib.widget.update_step_panel``) look the kind up by name and never branch on it.

One entry holds
    ``setup``           request -> ``Setup``: the words the kind needs (centre c, outside words
                        o, window offsets), negatives drawn if its loss samples them; bad
                        arguments raise ``ValueError``/``TypeError`` naming the argument.
    ``loss_and_grads``  (setup, v_c (d,), U (V, d)) -> (J, ∂J/∂v_c (d,), ∂J/∂U (V, d)),
                        computed by the w2vlib loss functions.
    ``parts``           (setup, v_c, U, probs) -> list of ``Part``: named *gradient terms* that
                        add up to the gradient of the moved variable, each with a label for the
                        term and one for the step it causes (−η × the term), e.g.
                        "gradient term −u_o" and "pull towards u_o: +η u_o".
    ``moved``           "v_c" (the step moves the centre vector), "U" (every u_w) or "rows"
                        (several rows of the centre-vector matrix at once, e.g. CBOW's context
                        words: ``setup.extra["rows"]``, the gradient is then (n, d)).
    ``probs``           (setup, v_c, U) -> the per-word score shown as bars, and ``probs_kind``
                        (setup) -> "softmax" (ŷ) or "sigmoid" (σ(u_wᵀv_c)).
    ``title``           (setup) -> the picture's title (text only: no plotting here).
    ``controls``        which controls the panel shows: ``"words"`` (centre and outside
                        drop-downs) or ``"window"`` (position, window, inner loss);
                        ``negative_controls``: whether the panel has K and "Resample", and
                        ``uses_negatives`` (panel params) -> whether they apply (are enabled).
    ``outside_role``    how the outside words are tagged on the picture ("o", "window").
    ``defaults``        the panel's default arguments for this kind.

How to add a kind (CBOW, hierarchical softmax, ...)
    1. Write ``setup``, ``loss_and_grads`` and ``parts`` (and ``probs``/``probs_kind`` if the
       bars are not ŷ = softmax(Uᵀv_c)); reuse ``word_setup`` for a kind driven by a centre and
       an outside word, and ``draw_negatives`` if the loss samples negatives.
    2. ``register_kind(PanelKind(name="cbow", ...))``. ``update_step("cbow", ...)`` and
       ``update_step_panel("cbow", ...)`` work at once: the picture draws the parts as arrows
       from v_c with the default drawing of the v_c plane.
    3. Optionally, its drawing: ``w2vlib.panel_drawing.register_drawing("cbow", ...)`` with a
       ``Drawing`` whose hooks add marks of its own (e.g. notebook 02's expected vector).
    4. Add its cases to ``tests/test_update_step.py`` (parts add up to the w2vlib gradient, the
       gradient passes ``gradcheck``) and ``tests/test_widget.py``.

Shapes: ``outside_vectors`` (V, d) has u_w as rows (the handout's U is its transpose); v_c and
∂J/∂v_c are (d,).
"""
from __future__ import annotations

import numbers
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from typing import Callable

import numpy as np

from ._validate import as_positive_int, word_index
from .activations import sigmoid
from .negsamp import ReplayDataset, get_negative_samples, neg_sampling_loss_and_gradient
from .skipgram import skipgram
from .softmax import naive_softmax_loss_and_gradient, softmax

INNER_LOSSES = ("naive", "negsamp")
DEFAULT_K = 5
DEFAULT_POSITION = 3


@dataclass(frozen=True)
class Request:
    """The arguments of one ``update_step`` call, checked for type but not yet resolved."""
    vocab: object
    words: list
    word2ind: dict
    center_vectors: np.ndarray      # (V, d)
    outside_vectors: np.ndarray     # (V, d)
    center: str | None
    outside: str | None
    K: int | None
    seed: int
    negatives: list | None
    window: int
    position: int | None
    inner: str


@dataclass
class Setup:
    """What a kind resolved from a ``Request``: the words, their indices, the negatives."""
    center: str
    c: int                          # row of v_c in center_vectors
    outside_words: list             # the outside words o (one, or the window's)
    outside_idx: list
    offsets: list = field(default_factory=lambda: [0])
    neg_idx: list = field(default_factory=list)     # negatives per outside word (indices)
    K: int | None = None
    window: int | None = None
    inner: str | None = None
    words: list = field(default_factory=list)
    outside: str | None = None      # the single outside word, or None (skip-gram)
    extra: dict = field(default_factory=dict)       # anything else a kind needs

    @property
    def negatives(self) -> list:
        """Every negative drawn, flat, in drawing order (indices)."""
        return [i for negs in self.neg_idx for i in negs]


@dataclass(frozen=True)
class Part:
    """One named gradient term. ``vector`` has the shape of the moved variable's gradient.

    ``label`` names the gradient term ("gradient term −u_o"); ``step_label`` says what the
    step −η × vector does ("pull towards u_o: +η u_o"); parts with the same ``legend`` share
    one legend entry and one line style (e.g. the pushes of every negative); ``role`` is
    "pull", "push" or "term" (drawing style only).
    """
    key: str
    vector: np.ndarray
    label: str
    step_label: str
    legend: str
    role: str = "term"


@dataclass(frozen=True)
class PanelKind:
    """One kind of update step (see the module docstring for every field)."""
    name: str
    description: str
    setup: Callable[[Request], Setup]
    loss_and_grads: Callable
    parts: Callable
    title: Callable[[Setup], str]
    moved: str = "v_c"
    probs: Callable = None
    probs_kind: Callable[[Setup], str] = lambda s: "softmax"
    controls: str = "words"
    uses_negatives: Callable[[dict], bool] = lambda params: False
    negative_controls: bool = False
    outside_role: str = "o"
    defaults: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.moved not in ("v_c", "U", "rows"):
            raise ValueError(f"moved must be 'v_c', 'U' or 'rows', got {self.moved!r}")
        if self.controls not in ("words", "window"):
            raise ValueError(f"controls must be 'words' or 'window', got {self.controls!r}")
        if self.probs is None:
            object.__setattr__(self, "probs", softmax_probs)


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


def get_kind(name) -> PanelKind:
    """The registered kind called ``name``; a ``ValueError`` listing the kinds otherwise."""
    if not isinstance(name, str) or name not in _REGISTRY:
        raise ValueError(f"kind must be one of {kind_names()}, got {name!r}")
    return _REGISTRY[name]


# ----------------------------------------------------------------------------- shared helpers

def draw_negatives(req: Request, outside_idx) -> tuple:
    """(negatives per outside word as index lists, K): drawn through a seeded ToyDataset
    (``req.seed``; K defaults to 5), or the forced list ``req.negatives`` for every outside word."""
    words = req.words
    if req.negatives is None:
        K = DEFAULT_K if req.K is None else as_positive_int(req.K, "K")
        dataset = req.vocab.dataset(seed=req.seed)
        return [get_negative_samples(o, dataset, K, vocab_size=len(words)) for o in outside_idx], K
    negatives = req.negatives
    if isinstance(negatives, str) or not hasattr(negatives, "__iter__"):
        raise TypeError(f"negatives must be a list of words, got {type(negatives).__name__} {negatives!r}")
    forced = [word_index(req.word2ind, w, f"negatives[{i}]") for i, w in enumerate(negatives)]
    if not forced:
        raise ValueError("negatives is empty: give at least one word, or None to sample K of them")
    if req.K is not None and as_positive_int(req.K, "K") != len(forced):
        raise ValueError(f"K={req.K} but negatives holds {len(forced)} words: give one or the other")
    for o in outside_idx:
        if o in forced:
            raise ValueError(f"negatives contains the outside word {words[o]!r}: "
                             "a negative sample equal to the outside word is always redrawn")
    return [list(forced) for _ in outside_idx], len(forced)


def no_negatives(req: Request, what: str) -> None:
    if req.negatives is not None:
        raise ValueError(f"negatives only apply to negative sampling, not to {what}")


def word_setup(req: Request, kind: str, negatives: bool = False) -> Setup:
    """The setup of a kind driven by one centre word c and one outside word o."""
    if req.center is None:
        raise ValueError(f"center is required for kind {kind!r}")
    if req.outside is None:
        raise ValueError(f"outside is required for kind {kind!r}")
    c = word_index(req.word2ind, req.center, "center")
    o = word_index(req.word2ind, req.outside, "outside")
    s = Setup(center=req.center, c=c, outside_words=[req.outside], outside_idx=[o], words=req.words,
              outside=req.outside)
    if negatives:
        s.neg_idx, s.K = draw_negatives(req, [o])
    else:
        no_negatives(req, f"kind {kind!r}")
        s.neg_idx = [[]]
    return s


def softmax_probs(setup: Setup, v_c, U):
    """ŷ = softmax(Uᵀv_c) over every word (U holds u_w as rows)."""
    return np.asarray(softmax(U @ v_c))


def sigmoid_probs(setup: Setup, v_c, U):
    """σ(u_wᵀ v_c) for every word w."""
    return np.asarray(sigmoid(U @ v_c))


def _pushes(setup: Setup, negs, v_c, U):
    """One push part per distinct negative w drawn n times: n σ(u_wᵀv_c) u_w."""
    words = setup.words
    out = []
    for w, n in Counter(negs).items():
        times = f"{n}×" if n > 1 else ""
        vec = n * float(sigmoid(U[w] @ v_c)) * U[w]
        out.append(Part(f"push {words[w]}", vec,
                        label=f"gradient term +{times}σ(u_wᵀv_c) u_w  (w = {words[w]})",
                        step_label=f"push away from u_w: −{n if n > 1 else ''}η σ(u_wᵀv_c) u_w  (w = {words[w]})",
                        legend="push away from each negative:\n−η σ(u_wᵀv_c) u_w", role="push"))
    return out


# ----------------------------------------------------------------------------- naive (b)

def _naive_loss(s: Setup, v_c, U):
    return naive_softmax_loss_and_gradient(v_c, s.outside_idx[0], U)


def _naive_parts(s: Setup, v_c, U, probs):
    o = s.outside_idx[0]
    return [Part("pull", -U[o], label=f"gradient term −u_o  (o = {s.outside})",
                 step_label=f"pull towards u_o: +η u_o  (o = {s.outside})",
                 legend="pull towards u_o:\n+η u_o", role="pull"),
            Part("push", probs @ U, label="gradient term +Σ_w ŷ_w u_w",
                 step_label="push away from the expected outside vector: −η Σ_w ŷ_w u_w",
                 legend="push away from Σ_w ŷ_w u_w:\n−η Σ_w ŷ_w u_w", role="push")]


register_kind(PanelKind(
    name="naive", description="(b) the step on v_c for J = −log ŷ_o, ŷ = softmax(Uᵀv_c)",
    setup=lambda req: word_setup(req, "naive"), loss_and_grads=_naive_loss, parts=_naive_parts,
    title=lambda s: f"naive softmax: one step on v_c\nc = {s.center}, o = {s.outside}",
    defaults=dict(center="coffee", outside="hot")))


# ----------------------------------------------------------------------------- outside (c), (d)

def _outside_parts(s: Setup, v_c, U, probs):
    o = s.outside_idx[0]
    pull = np.zeros_like(U)
    pull[o] = -v_c
    return [Part("pull", pull, label=f"gradient term on u_o: −v_c  (o = {s.outside})",
                 step_label=f"u_o pulled towards v_c: +η v_c  (o = {s.outside})",
                 legend="u_o pulled towards v_c:\n+η v_c", role="pull"),
            Part("push", np.outer(probs, v_c), label="gradient term on every u_w: +ŷ_w v_c",
                 step_label="every u_w pushed away from v_c: −η ŷ_w v_c",
                 legend="every u_w pushed from v_c:\n−η ŷ_w v_c", role="push")]


register_kind(PanelKind(
    name="outside", description="(c), (d) the same loss, the step on every u_w (v_c fixed)",
    setup=lambda req: word_setup(req, "outside"), loss_and_grads=_naive_loss, parts=_outside_parts,
    title=lambda s: f"naive softmax: one step on every u_w\nc = {s.center}, o = {s.outside}",
    moved="U", defaults=dict(center="coffee", outside="hot")))


# ----------------------------------------------------------------------------- negsamp (g), (h)

def _negsamp_loss(s: Setup, v_c, U):
    return neg_sampling_loss_and_gradient(v_c, s.outside_idx[0], U, ReplayDataset(s.negatives), K=s.K)


def _negsamp_parts(s: Setup, v_c, U, probs):
    o = s.outside_idx[0]
    pull = Part("pull", -float(sigmoid(-(U[o] @ v_c))) * U[o],
                label=f"gradient term −σ(−u_oᵀv_c) u_o  (o = {s.outside})",
                step_label=f"pull towards u_o: +η σ(−u_oᵀv_c) u_o  (o = {s.outside})",
                legend="pull towards u_o:\n+η σ(−u_oᵀv_c) u_o", role="pull")
    return [pull] + _pushes(s, s.neg_idx[0], v_c, U)


register_kind(PanelKind(
    name="negsamp", description="(g), (h) negative sampling with K negatives from unigram^0.75",
    setup=lambda req: word_setup(req, "negsamp", negatives=True), loss_and_grads=_negsamp_loss,
    parts=_negsamp_parts, probs=sigmoid_probs, probs_kind=lambda s: "sigmoid",
    title=lambda s: f"negative sampling (K = {s.K}): one step on v_c\nc = {s.center}, o = {s.outside}",
    uses_negatives=lambda params: True, negative_controls=True, defaults=dict(center="coffee", outside="hot")))


# ----------------------------------------------------------------------------- skip-gram (i)

def window_words(sentence, position, window):
    """The outside words of the window −m ≤ j ≤ m, j ≠ 0 around ``position`` (clipped at the ends)."""
    offsets = [j for j in range(-window, window + 1)
               if j != 0 and 0 <= position + j < len(sentence)]
    return [sentence[position + j] for j in offsets], offsets


def _position(req: Request, sentence):
    position, center = req.position, req.center
    if position is None:
        if center is None:
            return DEFAULT_POSITION
        if center in sentence:
            return sentence.index(center)
        raise ValueError(f"center={center!r} does not occur in the sentence {sentence}; give position instead")
    if isinstance(position, (bool, np.bool_)) or not isinstance(position, numbers.Integral):
        raise TypeError(f"position must be an integer, got {type(position).__name__} {position!r}")
    position = int(position)
    if not 0 <= position < len(sentence):
        raise ValueError(f"position={position} is outside the sentence (valid: 0..{len(sentence) - 1})")
    if center is not None and center != sentence[position]:
        raise ValueError(f"center={center!r} but the word at position={position} is {sentence[position]!r}")
    return position


def window_setup(req: Request, kind: str, why: str) -> Setup:
    """The Setup of a kind driven by a window of the toy sentence (skipgram, cbow): the centre
    at ``position`` and the words within ``window`` of it; ``why`` says why ``outside`` is refused."""
    sentence = list(req.vocab.sentence)
    if req.outside is not None:
        raise ValueError(f"outside must be None for kind {kind!r}: {why}")
    window = as_positive_int(req.window, "window")
    if req.inner not in INNER_LOSSES:
        raise ValueError(f"inner must be one of {INNER_LOSSES}, got {req.inner!r}")
    position = _position(req, sentence)
    outside_words, offsets = window_words(sentence, position, window)
    if not outside_words:
        raise ValueError("the window is empty: the sentence needs at least two words")
    center = sentence[position]
    c = word_index(req.word2ind, center, "center")
    outside_idx = [word_index(req.word2ind, w, "the window's words") for w in outside_words]
    return Setup(center=center, c=c, outside_words=outside_words, outside_idx=outside_idx, offsets=offsets,
                 window=window, inner=req.inner, words=req.words)


def _skipgram_setup(req: Request) -> Setup:
    s = window_setup(req, "skipgram", "the outside words are the window's")
    outside_idx = s.outside_idx
    if req.inner == "negsamp":
        s.neg_idx, s.K = draw_negatives(req, outside_idx)
    else:
        no_negatives(req, f"kind 'skipgram' with inner={req.inner!r}")
        s.neg_idx = [[] for _ in outside_idx]
    s.extra["word2ind"] = req.word2ind
    s.extra["center_vectors"] = req.center_vectors
    return s


def _inner_fn(s: Setup):
    return naive_softmax_loss_and_gradient if s.inner == "naive" else partial(neg_sampling_loss_and_gradient, K=s.K)


def _skipgram_loss(s: Setup, v_c, U):
    C = s.extra["center_vectors"].copy()
    C[s.c] = v_c
    loss, g_centers, g_outside = skipgram(s.center, s.window, s.outside_words, s.extra["word2ind"], C, U,
                                          ReplayDataset(s.negatives), loss_and_gradient=_inner_fn(s))
    return loss, g_centers[s.c], g_outside


def _skipgram_parts(s: Setup, v_c, U, probs):
    out = []
    inner = _inner_fn(s)
    for j, o, negs in zip(s.offsets, s.outside_idx, s.neg_idx):
        word = s.words[o]
        _, g_j, _ = inner(v_c, o, U, ReplayDataset(negs)) if s.inner == "negsamp" else inner(v_c, o, U)
        out.append(Part(f"j={j:+d} {word}", g_j, label=f"gradient term ∂J(v_c, w_t{j:+d} = {word})/∂v_c",
                        step_label=f"step from the term of w_t{j:+d} = {word}: −η ∂J_t{j:+d}/∂v_c",
                        legend=f"step from w_t{j:+d} = {word}:\n−η ∂J_t{j:+d}/∂v_c"))
    return out


register_kind(PanelKind(
    name="skipgram", description="(i) skip-gram: the sum over the window −m ≤ j ≤ m, j ≠ 0",
    setup=_skipgram_setup, loss_and_grads=_skipgram_loss, parts=_skipgram_parts,
    probs=lambda s, v_c, U: (sigmoid_probs if s.inner == "negsamp" else softmax_probs)(s, v_c, U),
    probs_kind=lambda s: "sigmoid" if s.inner == "negsamp" else "softmax",
    title=lambda s: f"skip-gram ({s.inner}): one step on v_c\nc = {s.center}, window m = {s.window}",
    controls="window", uses_negatives=lambda params: params.get("inner") == "negsamp",
    negative_controls=True, outside_role="window",
    defaults=dict(position=None, window=2, inner="naive")))


# ----------------------------------------------------------------------------- beyond the handout
from . import panel_kinds_cbow_hs  # noqa: E402,F401  (registers "cbow" and "hs")
