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

from ._validate import as_float_array, as_positive_int, word_index
from ._files import atomic_write


def _atomic_write_text(path: Path, text: str) -> None:
    with atomic_write(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def _check_word(word: str, what: str) -> None:
    if not isinstance(word, str) or not word or any(ch.isspace() for ch in word):
        raise ValueError(f"{what} {word!r} cannot be written: words must be non-empty strings without whitespace")


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
        if isinstance(words, str) or not isinstance(words, Sequence):
            raise TypeError(f"words must be a list of strings, got {type(words).__name__}")
        self.words = list(words)
        if not all(isinstance(w, str) for w in self.words):
            raise TypeError("words must all be strings")
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

        Parameters
        ----------
        path : path
            The file; gensim reads it with ``KeyedVectors.load_word2vec_format(path)``.

        Returns
        -------
        pathlib.Path
            ``path``.
        """
        for w in self.words:
            _check_word(w, "word")
        lines = [f"{len(self.words)} {self.dim}"]
        lines += [w + " " + " ".join(f"{x:.8g}" for x in row) for w, row in zip(self.words, self.vectors)]
        _atomic_write_text(Path(path), "\n".join(lines) + "\n")
        return Path(path)

    @classmethod
    def load_word2vec_format(cls, path: str | os.PathLike) -> "WordVectors":
        """Read the word2vec text format written by :meth:`save_word2vec_format` (or gensim).

        Parameters
        ----------
        path : path
            The file.

        Returns
        -------
        WordVectors
            Its V words and (V, d) float64 vectors.
        """
        path = Path(path)
        with open(path, encoding="utf-8") as fh:
            header = fh.readline().split()
            if len(header) != 2 or not all(h.isdigit() for h in header):
                raise ValueError(f"{path}: expected a header line 'V d', got {' '.join(header)!r}")
            n, d = map(int, header)
            words, rows = [], []
            for lineno, line in enumerate(fh, start=2):
                parts = line.rstrip("\n").split(" ")
                if len(parts) != d + 1:
                    raise ValueError(f"{path}:{lineno}: expected a word and {d} numbers, got {len(parts)} fields")
                words.append(parts[0])
                rows.append([float(x) for x in parts[1:]])
        if len(words) != n:
            raise ValueError(f"{path}: header says {n} words, found {len(words)}")
        return cls(words, np.array(rows, dtype=np.float64))

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
        directory.mkdir(parents=True, exist_ok=True)
        for w in self.words:
            if "\t" in w or "\n" in w:
                raise ValueError(f"word {w!r} cannot be written to a TSV file (tab or newline)")
        vec_path, meta_path = directory / vectors_name, directory / metadata_name
        _atomic_write_text(vec_path, "".join("\t".join(f"{x:.8g}" for x in row) + "\n" for row in self.vectors))
        _atomic_write_text(meta_path, "".join(w + "\n" for w in self.words))
        return vec_path, meta_path
