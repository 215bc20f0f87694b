"""Where the corpora are, and the one command that downloads the Stanford Sentiment Treebank.

Locating SST (``find_sst_dir``), first match wins:

1. the ``path`` argument (an error if it lacks ``datasetSentences.txt``: no fall-through);
2. the environment variable ``W2VLIB_SST_DIR``;
3. ``<repo>/data/stanfordSentimentTreebank/`` (where the download puts it);
4. ``<repo>/../shared/data/sst/`` (where CI keeps a copy).

Downloading (``python -m w2vlib.data download sst``): the archive the course's
``get_datasets.sh`` fetches is streamed to a temporary file next to the destination, its
length checked against Content-Length, extracted into a temporary folder, and the sha256 of
the extracted ``datasetSentences.txt`` compared with the known value (the zip's own checksum is
not published). Only then is the folder renamed into place, in one step. On any failure
(network error, truncated transfer, bad zip, wrong checksum) nothing is left behind.
"""
from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
import hashlib
import os
import shutil
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from .. import _validate

__all__ = ["SENTENCES_FILE", "SST_ENV", "SST_URL", "SST_SENTENCES_SHA256", "SST_FOLDER", "REPO_ROOT",
           "DATA_DIR", "SHARED_SST_DIR", "REFERENCE_ENV", "REFERENCE_FILE", "SHARED_REFERENCE_DIR",
           "default_sst_dir", "find_sst_dir", "find_reference_dir", "DownloadError", "sha256_of",
           "download_sst", "main"]

SENTENCES_FILE = "datasetSentences.txt"
SST_ENV = "W2VLIB_SST_DIR"
SST_URL = "http://nlp.stanford.edu/~socherr/stanfordSentimentTreebank.zip"
#: sha256 of the course's datasetSentences.txt (../shared/data/sst/README.md).
SST_SENTENCES_SHA256 = "f7ae959a5ff0565eb860c3f2e600dde118bcb49aee63df8fa9b9a806da235553"
SST_FOLDER = "stanfordSentimentTreebank"

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
DATA_DIR = REPO_ROOT / "data"
SHARED_SST_DIR = REPO_ROOT.parent / "shared" / "data" / "sst"
#: The course's reference run (saved_params_5000/40000.npy, word_vectors.png): never copied into
#: the repository; found where ``W2VLIB_REFERENCE_DIR`` points or beside it, as in CI.
REFERENCE_ENV = "W2VLIB_REFERENCE_DIR"
REFERENCE_FILE = "saved_params_40000.npy"
SHARED_REFERENCE_DIR = REPO_ROOT.parent / "shared" / "data" / "cs224n_reference"

_CHUNK = 1 << 16


def default_sst_dir() -> Path:
    """Where ``download sst`` puts the corpus by default: ``<repo>/data/stanfordSentimentTreebank``."""
    return DATA_DIR / SST_FOLDER


def _find_folder(path, env, required, what, fallbacks):
    """The first folder holding ``required``: ``path``, then ``$env``, then ``fallbacks``.

    An explicit folder (argument or environment variable) without ``required`` is an error
    (``FileNotFoundError`` naming it and saying ``what`` was expected), not a reason to look
    elsewhere; a fallback without it is skipped. None if nothing holds it.
    """
    for given, origin in ((path, "path"), (os.environ.get(env) or None, f"${env}")):
        if given is None:
            continue
        if isinstance(given, bytes) or not isinstance(given, (str, os.PathLike)):
            raise TypeError(f"{origin} must be a folder path, got {type(given).__name__}")
        folder = Path(given).expanduser()
        if not (folder / required).is_file():
            raise FileNotFoundError(f"{origin} = {str(folder)!r} has no {required} ({what})")
        return folder
    return next((folder for folder in fallbacks if (folder / required).is_file()), None)


def find_sst_dir(path: str | os.PathLike | None = None) -> Path | None:
    """The folder of the Stanford Sentiment Treebank, the first that holds ``datasetSentences.txt``.

    Parameters
    ----------
    path : path or None
        Look here only (an error if the file is missing: no fall-through). None: look in
        ``$W2VLIB_SST_DIR`` (same rule), ``<repo>/data/stanfordSentimentTreebank``, then
        ``<repo>/../shared/data/sst``.

    Returns
    -------
    pathlib.Path or None
        The folder, or None if no place holds it (``python -m w2vlib.data download sst``).
    """
    return _find_folder(path, SST_ENV, SENTENCES_FILE,
                        "expected the folder of the Stanford Sentiment Treebank; download it with: "
                        "python -m w2vlib.data download sst",
                        (default_sst_dir(), SHARED_SST_DIR))


def find_reference_dir(path: str | os.PathLike | None = None) -> Path | None:
    """The folder of the course's reference run, the first that holds ``saved_params_40000.npy``.

    Parameters
    ----------
    path : path or None
        Look here only (an error if the file is missing). None: ``$W2VLIB_REFERENCE_DIR``
        (same rule), then ``<repo>/../shared/data/cs224n_reference``.

    Returns
    -------
    pathlib.Path or None
        The folder, or None if no place holds it.
    """
    return _find_folder(path, REFERENCE_ENV, REFERENCE_FILE,
                        "expected the folder of the course's reference run", (SHARED_REFERENCE_DIR,))


class DownloadError(RuntimeError):
    """The download or its verification failed; nothing was written to the destination."""


@_validate.checked(path=_validate.Path())
def sha256_of(path: str | os.PathLike) -> str:
    """The hex sha256 of the file at ``path``, read in 64 KiB blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(_CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def _stream_to(url, fh, timeout):
    """Copy the body at ``url`` into ``fh``; refuse a transfer shorter than its Content-Length."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            expected = resp.headers.get("Content-Length")
            got = 0
            while block := resp.read(_CHUNK):
                fh.write(block)
                got += len(block)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise DownloadError(f"could not download {url}: {exc}") from None
    if expected is not None and got != int(expected):
        raise DownloadError(f"truncated download from {url}: got {got} of {int(expected)} bytes")
    return got


def download_sst(dest: str | os.PathLike | None = None, url: str = SST_URL, sha256: str = SST_SENTENCES_SHA256,
                 timeout: float = 60.0, force: bool = False, log: Callable[[str], None] | None = print) -> Path:
    """Download and unpack SST into ``dest``; nothing is left behind on failure.

    Parameters
    ----------
    dest : path or None
        The folder to create; it will hold ``datasetSentences.txt`` and the other files.
        None: ``<repo>/data/stanfordSentimentTreebank``.
    url : str
        The archive's address (the course's by default).
    sha256 : str
        The expected sha256 of the extracted ``datasetSentences.txt``.
    timeout : float
        Seconds before a stalled connection is abandoned.
    force : bool
        Replace an existing ``dest``.
    log : callable or None
        Called with progress messages (``print`` by default; None for silence).

    Returns
    -------
    pathlib.Path
        ``dest``.

    Raises
    ------
    DownloadError
        Network failure, truncated transfer, not a zip, no ``datasetSentences.txt`` in it, or
        a checksum mismatch. ``dest`` is then untouched.
    FileExistsError
        ``dest`` exists and ``force`` is false.
    ValueError
        ``dest`` cannot be created (its folder is read-only, or it is a file), ``sha256`` is not
        64 hexadecimal digits, or ``timeout`` is not a positive number; nothing is downloaded.
    """
    log = log or (lambda *a, **k: None)
    dest, sha256, timeout = _validate.download_args(dest if dest is not None else default_sst_dir(), sha256, timeout)
    if dest.exists() and not force:
        raise FileExistsError(f"{dest} already exists; pass force=True (--force) to replace it")
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".partial"))
    try:
        archive = work / "archive.zip"
        log(f"downloading {url} ...")
        with open(archive, "wb") as fh:
            size = _stream_to(url, fh, timeout)
        log(f"received {size:,} bytes; extracting")
        folder = _extract(archive, work / "extracted", url)
        digest = sha256_of(folder / SENTENCES_FILE)
        if digest != sha256:
            raise DownloadError(
                f"checksum mismatch for {SENTENCES_FILE} from {url}: sha256 {digest}, expected "
                f"{sha256}; refusing to install it"
            )
        if dest.exists():  # force: move the old copy aside, swap in, put it back on failure
            old = work / "previous"
            os.replace(dest, old)
            try:
                os.replace(folder, dest)
            except BaseException:
                os.replace(old, dest)
                raise
        else:
            os.replace(folder, dest)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log(f"SST is in {dest} ({SENTENCES_FILE} sha256 verified)")
    return dest


def _extract(archive: Path, into: Path, url) -> Path:
    """Extract ``archive`` and return the folder in it that holds ``datasetSentences.txt``."""
    try:
        with zipfile.ZipFile(archive) as z:
            members = [m for m in z.namelist() if not m.startswith("__MACOSX/")]
            hits = [m for m in members if Path(m).name == SENTENCES_FILE]
            if not hits:
                raise DownloadError(f"the archive from {url} holds no {SENTENCES_FILE}")
            prefix = hits[0][: -len(SENTENCES_FILE)]
            for m in members:
                parts = Path(m).parts
                if m.startswith("/") or ".." in parts:
                    raise DownloadError(f"the archive from {url} holds an unsafe path {m!r}")
                if m.startswith(prefix):
                    z.extract(m, into)
    except (zipfile.BadZipFile, EOFError) as exc:
        raise DownloadError(f"the file from {url} is not a complete zip archive ({exc})") from None
    return into / prefix if prefix else into


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m w2vlib.data``: ``download sst`` or ``where``; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m w2vlib.data",
        description="Download a corpus for w2vlib. Only 'sst' (the Stanford Sentiment Treebank "
                    "used by CS224N Assignment 2) is known.")
    sub = parser.add_subparsers(dest="command", required=True)
    dl = sub.add_parser("download", help="download and verify a corpus")
    dl.add_argument("corpus", choices=["sst"], help="which corpus (sst)")
    dl.add_argument("--dest", type=Path, default=None,
                    help=f"folder to create (default: {default_sst_dir()})")
    dl.add_argument("--url", default=SST_URL, help=f"archive address (default: {SST_URL})")
    dl.add_argument("--sha256", default=SST_SENTENCES_SHA256,
                    help="expected sha256 of the extracted datasetSentences.txt (default: the course's)")
    dl.add_argument("--timeout", type=float, default=60.0, help="network timeout in seconds (default 60)")
    dl.add_argument("--force", action="store_true", help="replace the destination if it exists")
    where = sub.add_parser("where", help="print the SST folder that w2vlib would use")
    where.add_argument("--sst-dir", default=None, help="an explicit folder to check")
    args = parser.parse_args(argv)
    previous = _terminate_as_exit()
    try:
        if args.command == "where":
            _validate.corpus_folder(args.sst_dir, "--sst-dir")
            found = find_sst_dir(args.sst_dir)
            print(found if found is not None else "SST not found; run: python -m w2vlib.data download sst")
            return 0 if found is not None else 1
        download_sst(args.dest, url=args.url, sha256=args.sha256, timeout=args.timeout, force=args.force)
    except (DownloadError, OSError, ValueError, TypeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted: nothing was installed and no partial download is left", file=sys.stderr)
        return 130
    finally:
        _restore(previous)
    return 0


def _terminate_as_exit():
    """Make SIGTERM raise SystemExit, so that cleanup (``finally``) runs: a killed download
    leaves no ``.partial`` folder. Returns the previous handler (None off the main thread)."""
    import signal
    import threading
    if threading.current_thread() is not threading.main_thread():
        return None

    def on_term(signum, frame):
        raise SystemExit(128 + signum)
    return signal.signal(signal.SIGTERM, on_term)


def _restore(previous):
    import signal
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)

