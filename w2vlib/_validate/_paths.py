"""Output destinations, word-vector files, corpora and the arguments of the evaluation functions."""

from __future__ import annotations

import math

import numpy as np

from ._arrays import SCORE_LIMIT, as_float_array, as_positive_float, word_list, as_mapping
from ._losses import word_indices


# ----- output destinations (checked before a long run starts) --------------------------------------

def _nearest_existing(path):
    from pathlib import Path
    p = Path(path).absolute()
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def _can_write_in(folder) -> bool:
    import os
    import tempfile
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    try:                                   # os.access says yes to root even on read-only mounts
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError:
        return False
    return True


def writable_dir(path, name: str):
    """``path`` as a Path to a folder that exists and is writable, or can be created."""
    import os
    from pathlib import Path
    if isinstance(path, bytes) or not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a folder path, got {type(path).__name__}")
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise ValueError(f"{name} {str(path)!r} exists and is not a folder")
    base = _nearest_existing(path)
    if not base.is_dir():
        raise ValueError(f"{name} {str(path)!r} cannot be created: {str(base)!r} is a file")
    if not _can_write_in(base):
        raise ValueError(f"{name} {str(path)!r} is not writable ({str(base)!r} is read-only)")
    return path


def writable_file(path, name: str, suffixes=None):
    """``path`` as a Path to a file that can be written (its folder exists and is writable, or can
    be created; it is not a folder); with ``suffixes``, its extension must be one of them."""
    import os
    from pathlib import Path
    if isinstance(path, bytes) or not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a file path, got {type(path).__name__}")
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"{name} {str(path)!r} is a folder; give a file name")
    if suffixes is not None and path.suffix.lower().lstrip(".") not in suffixes:
        raise ValueError(f"{name} {str(path)!r}: the extension must be one of "
                         f"{', '.join('.' + s for s in sorted(suffixes))} (it sets the format)")
    writable_dir(path.parent, f"the folder of {name}")
    return path


# ----- word-vector files ------------------------------------------------------------------------------

def exportable_words(words, what: str) -> None:
    """Refuse words that a line-based file cannot hold: empty, with whitespace or a line separator
    (``str.isspace`` covers \\t, \\n, \\r, \\v, \\f, U+0085, U+2028, ...), or not encodable in UTF-8."""
    for w in words:
        if not w or any(ch.isspace() for ch in w):
            raise ValueError(f"word {w!r} cannot be written to {what}: words must be non-empty and "
                             "hold no whitespace or line separator")
        try:
            w.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(f"word {w!r} cannot be written to {what}: it cannot be encoded as UTF-8 ({exc.reason})") from None


def _word2vec_lines(path) -> list[str]:
    if path.is_dir():
        raise ValueError(f"{path} is a folder, not a word2vec text file")
    try:
        with open(path, encoding="utf-8", newline="\n") as fh:
            return fh.read().split("\n")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not UTF-8 text (byte {exc.start}): a binary word2vec file? "
                         "only the text format is read") from None


def _word2vec_header(path, line: str) -> tuple[int, int]:
    header = line.split()
    if len(header) != 2 or not all(h.isdigit() for h in header):
        raise ValueError(f"{path}: expected a header line 'V d', got {line[:60]!r}")
    n, d = map(int, header)
    if n < 1 or d < 1:
        raise ValueError(f"{path}: the header says {n} words of dimension {d}; both must be >= 1")
    return n, d


def _word2vec_row(path, lineno: int, line: str, d: int):
    parts = line.rstrip().split(" ")       # the C tool ends each line with a space
    if len(parts) != d + 1:
        raise ValueError(f"{path}:{lineno}: expected a word and {d} numbers, got {len(parts)} fields")
    try:
        row = [float(x) for x in parts[1:]]
    except ValueError as exc:
        raise ValueError(f"{path}:{lineno}: {exc}") from None
    if not all(math.isfinite(x) for x in row):
        raise ValueError(f"{path}:{lineno}: the vector of {parts[0]!r} holds a non-finite value")
    return parts[0], row


def read_word2vec_text(path):
    """``(words, rows)`` read from a word2vec text file; clear errors naming the file and line."""
    from pathlib import Path
    path = Path(path)
    lines = _word2vec_lines(path)
    n, d = _word2vec_header(path, lines[0])
    body = lines[1:]
    while body and not body[-1].strip():
        body.pop()                         # trailing blank lines, as the C tool writes them
    if len(body) != n:
        raise ValueError(f"{path}: header says {n} words, found {len(body)}")
    words, rows = [], []
    for lineno, line in enumerate(body, start=2):
        word, row = _word2vec_row(path, lineno, line, d)
        words.append(word)
        rows.append(row)
    return words, rows


def pca_args(word_vectors, word2ind, words):
    """``(vectors, rows)`` for the course's 2-D PCA of ``words``."""
    vectors = as_float_array(word_vectors, "word_vectors", ndim=2)
    as_mapping(word2ind)
    words = word_list(words)
    if len(words) < 2:
        raise ValueError(f"words must hold at least 2 words for a 2-D projection, got {len(words)}")
    if vectors.shape[1] < 2:
        raise ValueError(f"word_vectors must have at least 2 columns (d >= 2), got shape {vectors.shape}")
    rows = word_indices(word2ind, words, "words")
    bad = [(w, r) for w, r in zip(words, rows) if not 0 <= r < len(vectors)]
    if bad:
        raise ValueError(
            f"word2ind gives rows outside word_vectors (shape {vectors.shape}): "
            + ", ".join(f"{w!r} -> {r!r}" for w, r in bad)
        )
    biggest = float(np.max(np.abs(vectors[rows])))
    if not biggest * biggest * vectors.shape[1] <= SCORE_LIMIT:
        raise ValueError(f"word_vectors are too large to project (largest |entry| {biggest:.3g}): "
                         "their covariance would overflow float64; scale them down")
    return vectors, rows


# ----- evaluation -------------------------------------------------------------------------------------

#: cluster_cosines draws at most this many random pairs (memory: a few arrays of this length).
MAX_RANDOM_PAIRS = 10_000_000


def common_component_args(wv, words, outside_vectors):
    """``(rows, outside_vectors or None)`` for evaluate.common_component."""
    if not (hasattr(wv, "index") and hasattr(wv, "vectors")):
        raise TypeError(f"wv must be a WordVectors, got {type(wv).__name__}")
    words = word_list(words)
    if len(words) < 2:
        raise ValueError(f"words must hold at least 2 words (pairwise cosines), got {len(words)}")
    rows = [wv.index(w) for w in words]
    zero = [w for w, r in zip(words, rows) if not np.any(wv.vectors[r])]
    if zero:
        raise ValueError(f"word {zero[0]!r} has a zero vector: its cosine with other words is undefined")
    if outside_vectors is not None:
        outside_vectors = as_float_array(outside_vectors, "outside_vectors", ndim=2)
        if outside_vectors.shape != wv.vectors.shape:
            raise ValueError(f"outside_vectors must have the shape of the word vectors {wv.vectors.shape}, "
                             f"got {outside_vectors.shape}")
    return rows, outside_vectors


def read_text_lines(path, what: str) -> list[str]:
    """The lines of a UTF-8 text file; a folder or a binary file is a ValueError naming it."""
    from pathlib import Path
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"{path} is a folder, not a {what}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not UTF-8 text (byte {exc.start}); expected a {what}") from None
    if "\x00" in text:
        raise ValueError(f"{path} holds NUL bytes: a binary file, not a {what}")
    return text.splitlines()


def load_npy(path) -> np.ndarray:
    """A finite float array from an ``.npy`` file (no pickles); any damage is a ValueError naming it."""
    try:
        arr = np.load(path, allow_pickle=False)
    except Exception as exc:            # truncated header, pickles, zip instead of npy, ...
        raise ValueError(f"{path} is not a readable .npy array ({type(exc).__name__}: {exc})") from None
    if not isinstance(arr, np.ndarray):
        arr.close()
        raise ValueError(f"{path} is an .npz archive, expected a single .npy array")
    return as_float_array(arr, f"the array in {path}", ndim=2)


# ----- corpora ----------------------------------------------------------------------------------------

#: tiny_corpus.generate makes at most this many sentences (about 40 bytes each).
MAX_TINY_SENTENCES = 10_000_000
#: Largest negative-sampling table of StanfordSentiment (the course's is 1,000,000; each entry
#: costs about 24 bytes while the table is built).
MAX_TABLESIZE = 100_000_000


def verified_corpus_text(path, data: bytes, expected_sha256: str, allow_modified: bool) -> str:
    """The text of ``datasetSentences.txt`` after checking its sha256 against the course's.

    A leading byte-order mark and blank lines at the end are accepted (the check is repeated
    without them); any other difference (a truncated or edited file) is a ``ValueError``
    unless ``allow_modified``.
    """
    import hashlib
    if not allow_modified and hashlib.sha256(data).hexdigest() != expected_sha256:
        canonical = data.removeprefix(b"\xef\xbb\xbf").rstrip(b" \t\r\n") + b"\n"
        digest = hashlib.sha256(canonical).hexdigest()
        if digest != expected_sha256:
            raise ValueError(
                f"{path} is not the course's datasetSentences.txt (sha256 {digest}, expected "
                f"{expected_sha256}): it is truncated or edited. Download it again (python -m "
                "w2vlib.data download sst --force), or pass allow_modified=True (command line: "
                "--allow-modified-corpus) to train on a modified corpus on purpose"
            )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not valid UTF-8 text ({exc})") from None
    return text.removeprefix("\ufeff")


def download_args(dest, sha256, timeout):
    """``(dest, sha256, timeout)`` for download_sst: a creatable destination, a 64-hex-digit
    checksum and a positive timeout, all checked before anything is downloaded."""
    import re
    dest = writable_dir(dest, "dest")
    if not isinstance(sha256, str) or not re.fullmatch(r"[0-9a-fA-F]{64}", sha256):
        raise ValueError(f"sha256 must be 64 hexadecimal digits, got {sha256!r}")
    return dest, sha256.lower(), as_positive_float(timeout, "timeout")


def corpus_folder(folder, flag: str) -> None:
    """A folder given on the command line (``flag``) must hold ``datasetSentences.txt``."""
    from pathlib import Path
    if folder is not None and not (Path(folder) / "datasetSentences.txt").is_file():
        raise ValueError(f"{flag} {str(folder)!r} has no datasetSentences.txt (it should be the folder of the "
                         "Stanford Sentiment Treebank; download it with: python -m w2vlib.data download sst)")
