"""Coding part (c): the Stanford Sentiment Treebank reader of the course (``utils/treebank.py``).

``StanfordSentiment`` reads ``datasetSentences.txt`` exactly as the course does and consumes
Python's ``random`` in exactly the same order, so that training on it reproduces the course's
reference checkpoints (``../shared/data/cs224n_reference/``):

* the file is checked against the sha256 of the course's copy when first read: a truncated or
  edited file is refused unless ``allow_modified=True`` (a byte-order mark or blank lines at
  the end are accepted, and read as the course's file).
* ``sentences()``: the header line is skipped; each line is split on whitespace, its first
  field (the sentence index) dropped, every token lowercased, nothing else cleaned (the
  mojibake, ``-lrb-`` and ``````  stay as they are).
* ``tokens()``: word -> index in order of first appearance ("the" is 0), then ``"UNK"`` last
  with frequency 1 (the word count is the number of tokens + 1).
* ``reject_prob()``: subsampling, ``p(w) = max(0, 1 − sqrt(1e-5 · wordcount / freq(w)))``.
* ``all_sentences()``: the sentence list repeated 30 times; a token is kept if ``p(w) <= 0``
  or ``random.random() >= p(w)`` (one draw per token with ``p(w) > 0``, in order); sentences
  left with at most one token are dropped. Computed **lazily**, at first use, as in the course:
  in the course's run that is inside the first ``get_random_context`` call, after the first
  window size has been drawn.
* ``sample_table()``: 1,000,000 entries; entry i is the first word index whose cumulative
  unigram^0.75 mass (raw counts, UNK included, times the table size) is >= i.
* ``sample_token_idx()``: ``table[random.randint(0, tablesize − 1)]``.
* ``get_random_context(C)``: a random sentence of ``all_sentences()``, a random position in it,
  up to C words on each side, every occurrence of the centre word removed; if nothing is left,
  draw again.

The course's camelCase names (``sampleTokenIdx``, ``getRandomContext``, ``allSentences``, ...)
are aliases, so course-style code runs unchanged on this reader.
"""
from __future__ import annotations

import io
import random
import os
from pathlib import Path

import numpy as np

from . import _validate
from .data import SENTENCES_FILE, SST_SENTENCES_SHA256, find_sst_dir
from .sampling import NOISE_EXPONENT

__all__ = ["SUBSAMPLE_FACTOR", "COPIES", "MAX_CONTEXT_ATTEMPTS", "StanfordSentiment"]

#: The course's subsampling threshold factor: threshold = SUBSAMPLE_FACTOR · wordcount.
SUBSAMPLE_FACTOR = 1e-5
#: How many copies of the sentence list the course subsamples.
COPIES = 30
#: get_random_context gives up (ValueError) after this many windows without any context word.
MAX_CONTEXT_ATTEMPTS = 100_000

_HEADER = "sentence_index"


class StanfordSentiment:
    """The course's ``StanfordSentiment`` dataset over ``datasetSentences.txt``.

    Parameters
    ----------
    path : path or None
        The folder holding ``datasetSentences.txt``; None looks it up with
        :func:`w2vlib.data.find_sst_dir` (``W2VLIB_SST_DIR``, ``data/``, ``../shared/data/sst``).
    tablesize : int
        Entries of the negative-sampling table (the course: 1,000,000; at most 100,000,000).
    allow_modified : bool
        Read a ``datasetSentences.txt`` whose sha256 differs from the course's (by default
        such a file, truncated or edited, is refused when first read; a byte-order mark or
        blank lines at the end are accepted either way).

    Raises
    ------
    FileNotFoundError
        No ``datasetSentences.txt`` at ``path`` (or anywhere, for None).
    ValueError
        The file is not in the expected format (raised at first read, naming the file and
        the line).
    """

    def __init__(self, path: str | os.PathLike | None = None, tablesize: int = 1_000_000,
                 allow_modified: bool = False):
        """See the class docstring."""
        folder = find_sst_dir(path)
        if folder is None:
            raise FileNotFoundError(
                f"no {SENTENCES_FILE} found (looked in $W2VLIB_SST_DIR, data/ and ../shared/data/sst); "
                "download the corpus with: python -m w2vlib.data download sst"
            )
        self.path = folder
        self.tablesize = _validate.as_positive_int(tablesize, "tablesize", maximum=_validate.MAX_TABLESIZE)
        if not isinstance(allow_modified, bool):
            raise TypeError(f"allow_modified must be True or False, got {allow_modified!r}")
        self.allow_modified = allow_modified
        self._sentences = None
        self._tokens = None
        self._all_ids = None
        self._all_sentences = None
        self._reject_prob = None
        self._table = None

    def __repr__(self):
        return f"StanfordSentiment(path={str(self.path)!r}, tablesize={self.tablesize})"

    # ---- reading --------------------------------------------------------------------------
    @property
    def sentences_file(self) -> Path:
        """The path of the ``datasetSentences.txt`` read."""
        return self.path / SENTENCES_FILE

    def sentences(self) -> list[list[str]]:
        """The corpus as lists of lowercased tokens, one list per line after the header."""
        if self._sentences is None:
            self._sentences = _read_sentences(self.sentences_file, self.allow_modified)
        return self._sentences

    def num_sentences(self) -> int:
        """The number of sentences (lines after the header)."""
        return len(self.sentences())

    def tokens(self) -> dict[str, int]:
        """word -> index, in order of first appearance, with ``"UNK"`` last."""
        if self._tokens is None:
            tokens: dict[str, int] = {}
            freq: list[int] = []
            for sentence in self.sentences():
                for w in sentence:
                    i = tokens.get(w)
                    if i is None:
                        tokens[w] = len(freq)
                        freq.append(1)
                    else:
                        freq[i] += 1
            tokens["UNK"] = len(freq)
            freq.append(1)
            self._tokens = tokens
            self._revtokens = list(tokens)
            self._tokenfreq = freq
            self._wordcount = sum(freq)
        return self._tokens

    def rev_tokens(self) -> list[str]:
        """index -> word (the inverse of ``tokens()``)."""
        self.tokens()
        return self._revtokens

    def token_counts(self) -> np.ndarray:
        """Raw corpus count of every vocabulary word (UNK counted once), shape (V,)."""
        self.tokens()
        return np.array(self._tokenfreq, dtype=np.int64)

    def word_count(self) -> int:
        """Number of tokens in the corpus + 1 (the course counts UNK once)."""
        self.tokens()
        return self._wordcount

    # ---- subsampling ----------------------------------------------------------------------
    def reject_prob(self) -> np.ndarray:
        """The subsampling rejection probability of every word, shape (V,).

        The course's formula: p(w) = max(0, 1 − √(t / count(w))), t = 1e-5 · ``word_count()``
        (the paper's 1 − √(t'/f) with f = count(w) / word_count and t' = 1e-5).
        """
        if self._reject_prob is None:
            self.tokens()
            threshold = SUBSAMPLE_FACTOR * self._wordcount
            freq = np.array(self._tokenfreq, dtype=np.float64)
            self._reject_prob = np.maximum(0.0, 1.0 - np.sqrt(threshold / freq))
        return self._reject_prob

    @property
    def is_subsampled(self) -> bool:
        """Whether ``all_sentences()`` has been computed (it consumes ``random`` at first use)."""
        return self._all_ids is not None

    def all_sentence_ids(self) -> list[list[int]]:
        """``all_sentences()`` as word indices; the first call of either runs the subsampling."""
        if self._all_ids is None:
            tokens = self.tokens()
            p = self.reject_prob().tolist()
            coded = [[(tokens[w], p[tokens[w]]) for w in s] for s in self.sentences()]
            rand = random.random
            kept_all = []
            for _ in range(COPIES):
                for s in coded:
                    kept = [i for i, q in s if 0 >= q or rand() >= q]
                    if len(kept) > 1:
                        kept_all.append(kept)
            self._all_ids = kept_all
        return self._all_ids

    def all_sentences(self) -> list[list[str]]:
        """The subsampled 30-fold corpus (lists of words); computed at first use, consuming
        one ``random.random()`` per token whose rejection probability is positive."""
        if self._all_sentences is None:
            rev = self.rev_tokens()
            self._all_sentences = [[rev[i] for i in s] for s in self.all_sentence_ids()]
        return self._all_sentences

    # ---- sampling -------------------------------------------------------------------------
    def get_random_context(self, C: int = 5) -> tuple[str, list[str]]:
        """A random window of the subsampled corpus: the course's ``getRandomContext(C)``.

        Draws ``random.randint(0, n_sentences − 1)`` then ``random.randint(0, len − 1)``;
        removes every occurrence of the centre word from the context; draws again (same C)
        when no context word is left.

        Parameters
        ----------
        C : int
            m, the largest number of context words taken on each side.

        Returns
        -------
        center : str
            The centre word c.
        context : list of str
            The outside words w_{t+j}, −m <= j <= m, j != 0 (at most 2C), without c.
        """
        C = _validate.as_positive_int(C, "C")
        allsent = self.all_sentence_ids()
        if not allsent:
            raise ValueError(f"no sentence of {self.sentences_file} keeps two or more words after "
                             "subsampling: there is no window to draw")
        rev = self._revtokens
        randint = random.randint
        for _ in range(MAX_CONTEXT_ATTEMPTS):
            sent = allsent[randint(0, len(allsent) - 1)]
            word_id = randint(0, len(sent) - 1)
            context = sent[max(0, word_id - C):word_id]
            if word_id + 1 < len(sent):
                context += sent[word_id + 1:min(len(sent), word_id + C + 1)]
            center = sent[word_id]
            context = [w for w in context if w != center]
            if context:
                return rev[center], [rev[w] for w in context]
        raise ValueError(
            f"get_random_context found no window with a context word in {MAX_CONTEXT_ATTEMPTS} "
            f"draws: every subsampled sentence of {self.sentences_file} repeats a single word"
        )

    def sample_table(self) -> np.ndarray:
        """The negative-sampling table (tablesize,) of word indices, unigram^0.75 (raw counts).

        Like the course, building it first makes sure ``all_sentences()`` exists (which runs
        the subsampling, consuming ``random``, if it has not run yet).
        """
        if self._table is None:
            self.all_sentence_ids()
            # Python's float ** per word, exactly as the course computes the weights.
            weights = np.array([float(f) ** NOISE_EXPONENT for f in self._tokenfreq], dtype=np.float64)
            weights /= np.sum(weights)
            cumulative = np.cumsum(weights) * self.tablesize
            # entry i = first j with cumulative[j] >= i (the course's `while i > cum[j]: j += 1`)
            table = np.searchsorted(cumulative, np.arange(self.tablesize, dtype=np.float64), side="left")
            self._table = table.astype(np.int64)
        return self._table

    def sample_token_idx(self) -> int:
        """A word index drawn from unigram^0.75: ``table[random.randint(0, tablesize − 1)]``."""
        table = self._table if self._table is not None else self.sample_table()
        return int(table[random.randint(0, self.tablesize - 1)])

    # The course's names, so course-style code runs unchanged.
    numSentences = num_sentences
    allSentences = all_sentences
    rejectProb = reject_prob
    sampleTable = sample_table
    sampleTokenIdx = sample_token_idx
    getRandomContext = get_random_context


def _read_sentences(path: Path, allow_modified: bool = False) -> list[list[str]]:
    """Read ``datasetSentences.txt`` as the course does, with clear errors on a bad file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileNotFoundError(f"{path} does not exist (expected the SST file {SENTENCES_FILE})") from None
    except IsADirectoryError:
        raise ValueError(f"{path} is a folder, expected the SST file {SENTENCES_FILE}") from None
    text = _validate.verified_corpus_text(path, data, SST_SENTENCES_SHA256, allow_modified)
    lines = io.StringIO(text, newline=None).readlines()   # text-mode line splitting, as the course
    while len(lines) > 1 and not lines[-1].strip():
        lines.pop()                                       # blank lines at the end
    header = lines[0] if lines else ""
    if not header.startswith(_HEADER):
        raise ValueError(
            f"{path} is not a datasetSentences.txt: its first line should be the header "
            f"'sentence_index<TAB>sentence', found {header[:60]!r}"
        )
    sentences = []
    for lineno, line in enumerate(lines[1:], start=2):
        fields = line.strip().split()
        if len(fields) < 2 or not fields[0].isdigit():
            raise ValueError(
                f"{path}, line {lineno}: expected '<sentence index><TAB><tokens>', "
                f"found {line[:60]!r}"
            )
        sentences.append([w.lower() for w in fields[1:]])
    if not sentences:
        raise ValueError(f"{path} holds a header but no sentences")
    return sentences
