"""A small word-vectors object (what :func:`w2vlib.train.train_sgns` returns), its exports, and
the trained model :func:`w2vlib.train.train_word2vec` returns (``Word2VecModel``: the vectors,
the output vectors and the hyper-parameters, where a gensim user looks for them).

``WordVectors(words, vectors)``: ``.words`` (list of V str), ``.vectors`` (V, d) float array,
``.index(word)``, optional mean-centring, and what a gensim user types first (gensim 4's
``KeyedVectors`` names): ``key_to_index``, ``index_to_key``, ``vector_size``,
``most_similar(positive=[...], negative=[...], topn=10)`` (3CosAdd, inputs excluded),
``similarity(a, b)``, ``doesnt_match(words)``.
Exports, written atomically (temp file in the same directory, then ``os.replace``):

- word2vec text format (``save_word2vec_format``): a header ``"V d"``, then one line per word,
  ``word x1 ... xd``; gensim reads it with ``KeyedVectors.load_word2vec_format(path)``;
- TSV for the TensorFlow Embedding Projector (``save_projector_tsv``): ``vectors.tsv`` (one row
  of d tab-separated numbers per word, no header) and ``metadata.tsv`` (one word per line, same
  order, no header since it has a single column).
"""
from __future__ import annotations

import numbers
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from . import _validate
from ._validate import Array, Counts, Integer, OrNone, Path as PathArg, Words, checked, word_index
from ._files import atomic_write

__all__ = ["WordVectors", "Word2VecModel"]


def _atomic_write_text(path: Path, text: str) -> None:
    with atomic_write(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def _number_format(vectors: np.ndarray) -> str:
    """Enough significant digits to read every value back exactly: 9 for float32, 17 for float64."""
    return "{:.9g}" if vectors.dtype == np.float32 else "{:.17g}"


def _word_vectors_args(words, vectors, counts):
    """One row of ``vectors`` (and one count) per word; the words unique."""
    if len(words) != vectors.shape[0]:
        raise ValueError(f"words has {len(words)} entries but vectors has {vectors.shape[0]} rows")
    if len(set(words)) != len(words):
        dup = sorted({w for w in words if words.count(w) > 1})[:5]
        raise ValueError(f"words must be unique; repeated: {dup}")
    if counts is not None and counts.shape != (len(words),):
        raise ValueError(f"counts must have shape ({len(words)},), got {counts.shape}")


class WordVectors:
    """Word vectors as rows: ``vectors[i]`` is the vector of ``words[i]``; shape (V, d).

    ``info`` is a free dict (``train_sgns`` stores the hyper-parameters, the per-epoch mean
    losses and the pair counts there); ``counts`` optionally holds the corpus count per word.
    """

    @checked(words=Words(), vectors=Array(ndim=2, keep_float32=True), counts=OrNone(Counts()),
             info=OrNone(_validate.Mapping("")), where=_word_vectors_args)
    def __init__(self, words: Sequence[str], vectors: np.ndarray, counts: Sequence[int] | None = None,
                 info: Mapping | None = None):
        """Parameters
        ----------
        words : sequence of str, length V
            Unique words.
        vectors : array_like, shape (V, d)
            ``vectors[i]`` is the vector of ``words[i]`` (float32 is kept, anything else becomes float64).
        counts : sequence of int, length V, or None
            The corpus count of each word (finite, >= 0).
        info : mapping or None
            Anything to keep alongside (``train_sgns``: hyper-parameters, per-epoch losses, ...).
        """
        self.words = words
        self.vectors = vectors                            # float32 (trainer) or float64
        self.word2ind = {w: i for i, w in enumerate(self.words)}
        self.counts = counts
        self.info = dict(info or {})

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word) -> bool:
        return word in self.word2ind

    def __getitem__(self, word: str) -> np.ndarray:
        return self.vectors[self.index(word)]

    def __repr__(self) -> str:
        return f"WordVectors({len(self.words)} words, d={self.dim})"

    @property
    def dim(self) -> int:
        """d, the dimension of the vectors."""
        return self.vectors.shape[1]

    # gensim's KeyedVectors names, for what a gensim user types first
    @property
    def vector_size(self) -> int:
        """d (gensim's name)."""
        return self.vectors.shape[1]

    @property
    def key_to_index(self) -> dict:
        """word → row (gensim's name; the same dict as ``word2ind``)."""
        return self.word2ind

    @property
    def index_to_key(self) -> list[str]:
        """row → word (gensim's name; the same list as ``words``)."""
        return self.words

    def index(self, word: str) -> int:
        """The row of ``word``.

        Parameters
        ----------
        word : str
            A word of the vocabulary; an unknown word raises a ``ValueError`` naming it.

        Returns
        -------
        int
            i such that ``words[i] == word``.
        """
        return word_index(self.word2ind, word, "word")

    def centered(self) -> "WordVectors":
        """A copy with the mean vector of all V words subtracted from every row.

        Returns
        -------
        WordVectors
            Same words, counts and info; vectors (V, d), same dtype, with column means 0.
        """
        return WordVectors(self.words, self.vectors - self.vectors.mean(axis=0), self.counts,
                           {**self.info, "centered": True})

    @checked(min_count=Integer(min=0))
    def restrict(self, min_count: int) -> "WordVectors":
        """A copy holding only the words with ``counts >= min_count`` (order kept).

        Parameters
        ----------
        min_count : int
            The smallest count kept; the vectors must carry counts.

        Returns
        -------
        WordVectors
            The V' <= V kept words, their (V', d) vectors and counts.
        """
        if self.counts is None:
            raise ValueError("restrict needs word counts: this WordVectors has counts=None")
        keep = np.flatnonzero(self.counts >= min_count)
        if len(keep) == 0:
            raise ValueError(f"min_count={min_count} keeps no word: no word has a count >= {min_count}")
        return WordVectors([self.words[i] for i in keep], self.vectors[keep], self.counts[keep],
                           {**self.info, "restricted_to_min_count": min_count})

    def unit_vectors(self) -> np.ndarray:
        """The rows scaled to length 1.

        Returns
        -------
        numpy.ndarray, shape (V, d), float64
            ``vectors[i] / ‖vectors[i]‖`` (a zero row stays zero).
        """
        x = self.vectors.astype(np.float64)
        norms = np.linalg.norm(x, axis=1, keepdims=True)
        return x / np.where(norms > 0, norms, 1.0)

    def similarity(self, a: str, b: str) -> float:
        """The cosine similarity of two words.

        Parameters
        ----------
        a, b : str
            Words of the vocabulary.

        Returns
        -------
        float
            cos(v_a, v_b) in [−1, 1].
        """
        u = self.unit_vectors()
        return float(u[self.index(a)] @ u[self.index(b)])

    def _words_of(self, words, name: str) -> list[int]:
        """Rows of ``words`` (one word or a list of words; None is none), checked."""
        if words is None:
            return []
        if isinstance(words, str):
            words = [words]
        if isinstance(words, numbers.Integral) or not isinstance(words, (list, tuple)):
            hint = (f"; for the n most similar words write most_similar(word, topn=n) (gensim's name)"
                    if name == "negative" and isinstance(words, numbers.Integral) else "")
            raise TypeError(f"{name} must be a word or a list of words, got {type(words).__name__} {words!r}{hint}")
        return [word_index(self.word2ind, w, name) for w in words]

    @checked(topn=Integer(min=1))
    def most_similar(self, positive=None, negative=None, topn: int = 10) -> list[tuple[str, float]]:
        """The ``topn`` words whose vectors are closest in cosine to the mean of ``positive``'s
        unit vectors minus ``negative``'s (3CosAdd; gensim's ``most_similar``).

        ``most_similar("rain")`` gives the neighbours of one word; ``most_similar(positive=["king",
        "female"], negative=["male"])`` answers male : king :: female : ?.

        Parameters
        ----------
        positive, negative : str or list of str
            Words added and subtracted (at least one word in all); none of them is in the answer.
        topn : int
            How many.

        Returns
        -------
        list of (str, float)
            (word, cosine with the normalised mean), most similar first.
        """
        plus, minus = self._words_of(positive, "positive"), self._words_of(negative, "negative")
        if not plus and not minus:
            raise ValueError("most_similar needs at least one word in positive or negative")
        u = self.unit_vectors()
        mean = (u[plus].sum(axis=0) - u[minus].sum(axis=0)) / (len(plus) + len(minus))
        norm = np.linalg.norm(mean)
        if not norm > 0:
            raise ValueError("the positive and negative words cancel out: their mean vector is 0")
        sims = u @ (mean / norm)
        sims[plus + minus] = -np.inf
        order = np.argsort(-sims, kind="stable")[: min(topn, len(self.words) - len(set(plus + minus)))]
        return [(self.words[i], float(sims[i])) for i in order]

    def doesnt_match(self, words: Sequence[str]) -> str:
        """The word of ``words`` farthest (in cosine) from the normalised mean of their unit
        vectors: the one that does not fit (gensim's ``doesnt_match``).

        Parameters
        ----------
        words : list of str
            At least two words of the vocabulary.

        Returns
        -------
        str
            The odd one out (on a tie, the alphabetically first, as gensim).
        """
        if isinstance(words, str):
            raise TypeError(f"words must be a list of words, got the string {words!r}")
        rows = self._words_of(list(words) if isinstance(words, (list, tuple)) else words, "words")
        if len(rows) < 2:
            raise ValueError(f"doesnt_match needs at least 2 words, got {len(rows)}")
        u = self.unit_vectors()[rows]
        mean = u.mean(axis=0)
        cos = u @ (mean / np.linalg.norm(mean))
        return min(zip(cos.tolist(), [self.words[i] for i in rows]))[1]

    # ----- exports ---------------------------------------------------------------------------
    @checked(path=PathArg())
    def save_word2vec_format(self, path: str | os.PathLike) -> Path:
        """Write the word2vec text format (a ``V d`` header, then ``word x_1 ... x_d`` per line), atomically.

        Values are written with 9 significant digits for float32 vectors and 17 for float64,
        so that reading the file back gives the same numbers exactly.

        Parameters
        ----------
        path : path
            The file; gensim reads it with ``KeyedVectors.load_word2vec_format(path)``.

        Returns
        -------
        pathlib.Path
            ``path``.

        Raises
        ------
        ValueError
            A word is empty, holds whitespace or a line separator, or cannot be encoded as UTF-8.
        """
        _validate.exportable_words(self.words, "word2vec text")
        fmt = _number_format(self.vectors)
        lines = [f"{len(self.words)} {self.dim}"]
        lines += [w + " " + " ".join(fmt.format(x) for x in row) for w, row in zip(self.words, self.vectors)]
        _atomic_write_text(path, "\n".join(lines) + "\n")
        return path

    @classmethod
    def load_word2vec_format(cls, path: str | os.PathLike, dtype=np.float64) -> "WordVectors":
        """Read the word2vec text format written by :meth:`save_word2vec_format`, gensim or the
        original C tool (trailing spaces and blank lines after the last vector are ignored, as
        gensim ignores them).

        Parameters
        ----------
        path : path
            The file.
        dtype : numpy dtype
            Of the vectors: float64 by default; ``np.float32`` reads float32 vectors back exactly.

        Returns
        -------
        WordVectors
            Its V words and (V, d) vectors.

        Raises
        ------
        ValueError
            The file is a folder, not UTF-8 text, or malformed (the message names the file and
            the line).
        """
        words, rows = _validate.read_word2vec_text(path)
        try:
            return cls(words, np.array(rows, dtype=dtype))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{path}: {exc}") from None

    @checked(directory=PathArg())
    def save_projector_tsv(self, directory: str | os.PathLike, vectors_name: str = "vectors.tsv",
                           metadata_name: str = "metadata.tsv") -> tuple[Path, Path]:
        """Write ``vectors.tsv`` and ``metadata.tsv`` for projector.tensorflow.org, atomically.

        Parameters
        ----------
        directory : path
            The folder (created if missing).
        vectors_name, metadata_name : str
            The two files' names.

        Returns
        -------
        (pathlib.Path, pathlib.Path)
            The vectors file (V lines of d tab-separated numbers) and the metadata file (V words).
        """
        _validate.exportable_words(self.words, "TSV")
        if directory.exists() and not directory.is_dir():
            raise ValueError(f"directory {str(directory)!r} exists and is not a folder")
        directory.mkdir(parents=True, exist_ok=True)
        vec_path, meta_path = directory / vectors_name, directory / metadata_name
        fmt = _number_format(self.vectors)
        _atomic_write_text(vec_path, "".join("\t".join(fmt.format(x) for x in row) + "\n" for row in self.vectors))
        _atomic_write_text(meta_path, "".join(w + "\n" for w in self.words))
        return vec_path, meta_path


class Word2VecModel:
    """A trained word2vec model, with its parts where a gensim user looks for them.

    Attributes
    ----------
    wv : WordVectors
        The input vectors v_w (gensim's ``model.wv``: ``key_to_index``, ``index_to_key``,
        ``vectors``, ``most_similar``, ...), float32 (V, d), words most frequent first, with
        ``counts`` and ``info`` (the hyper-parameters and the training record below).
    syn1neg : numpy.ndarray (V, d) float32, or None
        The outside vectors u_w of negative sampling, rows in ``wv``'s order (gensim's
        ``syn1neg``); None when ``negative=0``.
    syn1 : numpy.ndarray (V − 1, d) float32, or None
        The inner-node vectors of hierarchical softmax, row n for inner node n of ``tree``
        (gensim's ``syn1``, which has a V-th row that is never used); None when ``hs=0``.
    tree : w2vlib.hierarchical_softmax.HuffmanTree or None
        The Huffman tree ``syn1`` belongs to (``tree.paths[w]``, ``tree.codes[w]``: gensim's
        ``wv.get_vecattr(w, "point")`` and ``"code"``); None when ``hs=0``.
    sg, hs, negative, cbow_mean, vector_size, window, alpha, min_alpha, epochs, min_count, \
sample, seed, workers, ... : the hyper-parameters, under gensim's names.
    epoch_losses : numpy.ndarray (epochs,) float64
        The mean loss per example of each epoch; ``pairs_per_epoch``, ``kept_tokens_per_epoch``,
        ``tokens`` and ``seconds`` likewise (all also in ``wv.info``).
    """

    def __init__(self, wv: WordVectors, syn1neg, syn1, tree, settings: Mapping):
        self.wv, self.syn1neg, self.syn1, self.tree = wv, syn1neg, syn1, tree
        for name, value in settings.items():
            setattr(self, name, value)
        for name in ("epoch_losses", "pairs_per_epoch", "kept_tokens_per_epoch", "tokens", "seconds"):
            setattr(self, name, wv.info[name])

    def __repr__(self) -> str:
        kind = ("skip-gram" if self.sg else f"CBOW ({'mean' if self.cbow_mean else 'sum'})") + ", " + " + ".join(
            (["hierarchical softmax"] if self.hs else []) + ([f"negative sampling (K={self.negative})"]
                                                              if self.negative else []))
        return f"Word2VecModel({kind}, {len(self.wv)} words, d={self.vector_size}, {self.epochs} epochs)"
