"""Resolving a kind's words: centre and outside word, a window of the toy sentence, negatives.

Every function takes the ``Request`` of ``update_step``, whose numeric arguments its contracts
have checked (``core.STEP_CONTRACTS``), and raises ``ValueError``/``TypeError`` naming the
argument on a bad word or combination.
"""
from __future__ import annotations

from .._validate import MAX_WINDOW, Integer, Words, checked, word_index
from ..negsamp import get_negative_samples
from .core import Request, Setup

__all__ = ["DEFAULT_K", "DEFAULT_POSITION", "draw_negatives", "no_negatives", "word_setup",
           "window_words", "window_setup", "negatives_for"]

DEFAULT_K = 5
DEFAULT_POSITION = 3


def draw_negatives(req: Request, outside_idx) -> tuple:
    """(negatives per outside word as row lists, K): drawn through a seeded ToyDataset
    (``req.seed``; K defaults to 5), or the forced list ``req.negatives`` for every outside word."""
    words = req.words
    if req.negatives is None:
        K = DEFAULT_K if req.K is None else req.K
        dataset = req.vocab.dataset(seed=req.seed)
        return [get_negative_samples(o, dataset, K, vocab_size=len(words)) for o in outside_idx], K
    negatives = req.negatives
    if isinstance(negatives, str) or not hasattr(negatives, "__iter__"):
        raise TypeError(f"negatives must be a list of words, got {type(negatives).__name__} {negatives!r}")
    forced = [word_index(req.word2ind, w, f"negatives[{i}]") for i, w in enumerate(negatives)]
    if not forced:
        raise ValueError("negatives is empty: give at least one word, or None to sample K of them")
    if req.K is not None and req.K != len(forced):
        raise ValueError(f"K={req.K} but negatives holds {len(forced)} words: give one or the other")
    for o in outside_idx:
        if o in forced:
            raise ValueError(f"negatives contains the outside word {words[o]!r}: "
                             "a negative sample equal to the outside word is always redrawn")
    return [list(forced) for _ in outside_idx], len(forced)


def no_negatives(req: Request, what: str) -> None:
    """Refuse a forced negatives list for a loss that samples none."""
    if req.negatives is not None:
        raise ValueError(f"negatives only apply to negative sampling, not to {what}")


def negatives_for(req: Request, s: Setup, predicted, what: str) -> None:
    """Fill ``s.neg_idx``/``s.K``: negatives for each predicted row if ``s.inner`` samples them."""
    if s.inner == "negsamp":
        s.neg_idx, s.K = draw_negatives(req, predicted)
    else:
        no_negatives(req, f"{what} with inner={s.inner!r}")
        s.neg_idx = [[] for _ in predicted]


def word_setup(req: Request, kind: str, negatives: bool = False, cls=Setup, **more) -> Setup:
    """The setup of a kind driven by one centre word c and one outside word o (``cls`` a
    subclass of ``Setup`` with ``more`` fields)."""
    if req.center is None:
        raise ValueError(f"center is required for kind {kind!r}")
    if req.outside is None:
        raise ValueError(f"outside is required for kind {kind!r}")
    c = word_index(req.word2ind, req.center, "center")
    o = word_index(req.word2ind, req.outside, "outside")
    s = cls(center=req.center, c=c, outside_words=[req.outside], outside_idx=[o], words=req.words,
            outside=req.outside, **more)
    if negatives:
        s.neg_idx, s.K = draw_negatives(req, [o])
    else:
        no_negatives(req, f"kind {kind!r}")
        s.neg_idx = [[]]
    return s


def _in_sentence(sentence, position):
    """``position`` indexes a word of ``sentence``."""
    if position >= len(sentence):
        raise ValueError(f"position={position} is outside the sentence (valid: 0..{len(sentence) - 1})")


@checked(sentence=Words(min_len=1), position=Integer(min=0), window=Integer(min=1, max=MAX_WINDOW),
         where=_in_sentence)
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
    if center is not None and center != sentence[position]:
        raise ValueError(f"center={center!r} but the word at position={position} is {sentence[position]!r}")
    return position


def window_setup(req: Request, kind: str, why: str, cls=Setup, **more) -> Setup:
    """The setup of a kind driven by a window of the toy sentence (skipgram, cbow): the centre
    at ``position`` and the words within ``window`` of it; ``why`` says why ``outside`` is refused."""
    sentence = list(req.vocab.sentence)
    if req.outside is not None:
        raise ValueError(f"outside must be None for kind {kind!r}: {why}")
    position = _position(req, sentence)
    outside_words, offsets = window_words(sentence, position, req.window)
    if not outside_words:
        raise ValueError("the window is empty: the sentence needs at least two words")
    center = sentence[position]
    c = word_index(req.word2ind, center, "center")
    outside_idx = [word_index(req.word2ind, w, "the window's words") for w in outside_words]
    return cls(center=center, c=c, outside_words=outside_words, outside_idx=outside_idx, offsets=offsets,
               window=req.window, inner=req.inner, words=req.words, **more)
