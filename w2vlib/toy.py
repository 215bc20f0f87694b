"""Notebook 00: a tiny 2-D vocabulary that every widget and derivation notebook uses.

Twelve words in four loose groups (drinks, temperature, weather, animals) plus three
function-ish words, with hand-placed 2-D vectors so they can be drawn as they are, without a
projection. Vectors are rows: ``center_vectors`` and ``outside_vectors`` are (V, 2).
Word counts give the unigram distribution; ``ToyDataset`` samples negatives from
unigram^0.75 and windows from ``SENTENCE``, with its own seeded ``random.Random`` so that
widgets never disturb the global random stream.
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ._validate import Counts, Seed, Words, checked, word_index
from .sampling import noise_distribution

__all__ = ["WORDS", "COUNTS", "OUTSIDE_VECTORS", "CENTER_VECTORS", "SENTENCE", "ToyDataset", "ToyVocabulary",
           "toy_vocabulary"]

WORDS = ["i", "like", "drink", "coffee", "tea", "milk", "hot", "cold", "rain", "snow", "cat", "dog"]

#: Made-up corpus counts (for the unigram^0.75 noise distribution).
COUNTS = [40, 25, 20, 12, 10, 8, 9, 8, 6, 5, 7, 7]

#: Outside vectors u_w, one row per word: drinks up-right, temperature right, weather
#: down-right, animals left, function words near the origin.
OUTSIDE_VECTORS = [
    [0.10, 0.20], [-0.15, 0.30], [0.55, 0.85],
    [1.20, 1.00], [1.00, 1.25], [0.75, 1.30],
    [1.35, 0.10], [1.30, -0.25],
    [0.60, -1.20], [0.35, -1.35],
    [-1.30, 0.35], [-1.25, -0.10],
]

#: Centre vectors v_c, one row per word: near their group, not equal to the outside vectors.
CENTER_VECTORS = [
    [0.20, -0.10], [0.05, 0.25], [0.80, 0.60],
    [0.90, 0.80], [0.70, 1.00], [0.50, 1.05],
    [1.00, 0.30], [0.95, -0.10],
    [0.40, -0.95], [0.20, -1.05],
    [-1.00, 0.15], [-0.95, -0.20],
]

#: A toy sentence, made only of vocabulary words, for skip-gram windows (notebook 07).
SENTENCE = ["i", "like", "hot", "coffee", "i", "drink", "cold", "milk"]


class ToyDataset:
    """A dataset in the course's sense: ``sample_token_idx()`` and ``get_random_context(C)``.

    Negatives are drawn from P_n(w) ∝ count(w)^0.75 over ``counts``, windows from
    ``sentence``; both through a private ``random.Random(seed)``. Because that generator is
    private, ``gradcheck`` (which rewinds only Python's global ``random``) cannot replay its
    draws: to gradient-check a loss that samples from it, build a fresh ``ToyDataset(seed)``
    inside the function being checked.

    Parameters
    ----------
    seed : int
        Seed of the private generator, an int >= 0.
    counts : sequence of int, length V
        Corpus counts of the words.
    sentence : sequence of str
        The sentence windows are cut from.
    words : sequence of str, length V
        The vocabulary.
    """

    @checked(seed=Seed(), counts=Counts(), sentence=Words(min_len=1), words=Words(min_len=1))
    def __init__(self, seed: int = 0, counts: Sequence[int] = COUNTS, sentence: Sequence[str] = SENTENCE,
                 words: Sequence[str] = WORDS):
        self.rng = random.Random(seed)
        self.noise = noise_distribution(counts)
        self._cumulative = np.cumsum(self.noise)
        self.sentence = list(sentence)
        self.words = list(words)

    def tokens(self) -> dict[str, int]:
        """Each word's row, as the course's ``StanfordSentiment.tokens()`` gives it (so that
        ``get_negative_samples`` can check an ``outside_word_idx`` against V)."""
        return {w: i for i, w in enumerate(self.words)}

    def sample_token_idx(self) -> int:
        """One word index drawn from the noise distribution P_n (``self.noise``, shape (V,))."""
        return int(min(np.searchsorted(self._cumulative, self.rng.random(), side="right"),
                       len(self._cumulative) - 1))

    def get_random_context(self, C: int) -> tuple[str, list[str]]:
        """A random window of the toy sentence.

        Parameters
        ----------
        C : int
            m, the largest number of words taken on each side.

        Returns
        -------
        center : str
            The word at a uniformly drawn position.
        context : list of str
            Up to C words before it and up to C after it, in order.
        """
        pos = self.rng.randrange(len(self.sentence))
        center = self.sentence[pos]
        context = self.sentence[max(0, pos - C):pos] + self.sentence[pos + 1:pos + 1 + C]
        return center, context


@dataclass
class ToyVocabulary:
    """The toy vocabulary: words, their index, and (V, 2) centre and outside vectors (rows)."""
    words: list = field(default_factory=lambda: list(WORDS))
    center_vectors: np.ndarray = field(default_factory=lambda: np.array(CENTER_VECTORS, dtype=np.float64))
    outside_vectors: np.ndarray = field(default_factory=lambda: np.array(OUTSIDE_VECTORS, dtype=np.float64))
    counts: list = field(default_factory=lambda: list(COUNTS))
    sentence: list = field(default_factory=lambda: list(SENTENCE))

    @property
    def word2ind(self) -> dict[str, int]:
        """Word -> row index, ``{words[i]: i}``."""
        return {w: i for i, w in enumerate(self.words)}

    def index(self, word: str) -> int:
        """The row of ``word``; an unknown word raises a ``ValueError`` listing the vocabulary."""
        return word_index(self.word2ind, word, "word")

    def dataset(self, seed: int = 0) -> ToyDataset:
        """A fresh :class:`ToyDataset` over these counts, sentence and words, seeded with ``seed``."""
        return ToyDataset(seed=seed, counts=self.counts, sentence=self.sentence, words=self.words)


def toy_vocabulary() -> ToyVocabulary:
    """A fresh copy of the toy vocabulary (its arrays can be modified freely).

    Returns
    -------
    ToyVocabulary
        12 words; ``center_vectors`` (the v_c) and ``outside_vectors`` (the u_w), each (12, 2)
        float64, rows; ``counts``; ``sentence``.
    """
    return ToyVocabulary()
