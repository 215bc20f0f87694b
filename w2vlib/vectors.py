"""A small word-vectors object (what :func:`w2vlib.train.train_sgns` returns) and its exports.

``WordVectors(words, vectors)``: ``.words`` (list of V str), ``.vectors`` (V, d) float array,
``.index(word)``, ``most_similar(word, n)`` by cosine similarity, optional mean-centring.
Exports, written atomically (temp file in the same directory, then ``os.replace``):

- word2vec text format (``save_word2vec_format``): a header ``"V d"``, then one line per word,
  ``word x1 ... xd``; gensim reads it with ``KeyedVectors.load_word2vec_format(path)``;
- TSV for the TensorFlow Embedding Projector (``save_projector_tsv``): ``vectors.tsv`` (one row
  of d tab-separated numbers per word, no header) and ``metadata.tsv`` (one word per line, same
  order, no header since it has a single column).
"""
from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from . import _validate
from ._validate import as_float_array, as_positive_int, word_index
from ._files import atomic_write


def _atomic_write_text(path: Path, text: str) -> None:
    with atomic_write(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def _number_format(vectors: np.ndarray) -> str:
    """Enough significant digits to read every value back exactly: 9 for float32, 17 for float64."""
    return "{:.9g}" if vectors.dtype == np.float32 else "{:.17g}"


class WordVectors:
    """Word vectors as rows: ``vectors[i]`` is the vector of ``words[i]``; shape (V, d).

    ``info`` is a free dict (``train_sgns`` stores the hyper-parameters, the per-epoch mean
    losses and the pair counts there); ``counts`` optionally holds the corpus count per word.
    """

    def __init__(self, words: Sequence[str], vectors: np.ndarray, counts: Sequence[int] | None = None,
                 info: Mapping | None = None):
        """Parameters
        ----------
        words : sequence of str, length V
            Unique words.
        vectors : array_like, shape (V, d)
            ``vectors[i]`` is the vector of ``words[i]`` (float32 is kept, anything else becomes float64).
        counts : sequence of int, length V, or None
            The corpus count of each word.
        info : mapping or None
            Anything to keep alongside (``train_sgns``: hyper-parameters, per-epoch losses, ...).
        """
        self.words = _validate.word_list(words, "words")
        arr = as_float_array(vectors, "vectors", ndim=2)  # checks shape and finiteness
        raw = np.asarray(vectors)
        self.vectors = raw if raw.dtype == np.float32 else arr  # float32 (trainer) or float64
        if len(self.words) != self.vectors.shape[0]:
            raise ValueError(f"words has {len(self.words)} entries but vectors has {self.vectors.shape[0]} rows")
        self.word2ind = {w: i for i, w in enumerate(self.words)}
        if len(self.word2ind) != len(self.words):
            dup = sorted({w for w in self.words if self.words.count(w) > 1})[:5]
            raise ValueError(f"words must be unique; repeated: {dup}")
        self.counts = None if counts is None else np.asarray(counts)
        if self.counts is not None and self.counts.shape != (len(self.words),):
            raise ValueError(f"counts must have shape ({len(self.words)},), got {self.counts.shape}")
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
        min_count = _validate.as_nonnegative_int(min_count, "min_count")
        keep = np.flatnonzero(self.counts >= min_count)
        if len(keep) == 0:
            raise ValueError(f"no word has a count >= {min_count}")
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

    def most_similar(self, word: str, n: int = 10) -> list[tuple[str, float]]:
        """The ``n`` words with the largest cosine similarity to ``word``.

        Parameters
        ----------
        word : str
            The query word (left out of the answer).
        n : int
            How many.

        Returns
        -------
        list of (str, float)
            (word, cosine), most similar first.
        """
        n = as_positive_int(n, "n")
        u = self.unit_vectors()
        sims = u @ u[self.index(word)]
        sims[self.index(word)] = -np.inf
        order = np.argsort(-sims, kind="stable")[: min(n, len(self.words) - 1)]
        return [(self.words[i], float(sims[i])) for i in order]

    # ----- exports ---------------------------------------------------------------------------
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
        _atomic_write_text(Path(path), "\n".join(lines) + "\n")
        return Path(path)

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
        directory = Path(directory)
        _validate.exportable_words(self.words, "TSV")
        if directory.exists() and not directory.is_dir():
            raise ValueError(f"directory {str(directory)!r} exists and is not a folder")
        directory.mkdir(parents=True, exist_ok=True)
        vec_path, meta_path = directory / vectors_name, directory / metadata_name
        fmt = _number_format(self.vectors)
        _atomic_write_text(vec_path, "".join("\t".join(fmt.format(x) for x in row) + "\n" for row in self.vectors))
        _atomic_write_text(meta_path, "".join(w + "\n" for w in self.words))
        return vec_path, meta_path
