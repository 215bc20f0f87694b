"""`python -m w2vlib.data download sst` against a real HTTP server on 127.0.0.1, and find_sst_dir.

The server serves zips built here: a good archive (shaped like the course's, with a
__MACOSX folder), the same archive with a wrong expected checksum, a transfer cut short of its
Content-Length, a file that is not a zip, and a 404. Every failure must leave nothing behind.
"""
import hashlib
import io
import re
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import w2vlib.data as data
from w2vlib.data import DownloadError, download_sst, find_sst_dir
from conftest import missing_reference_data

SENTENCES = "sentence_index\tsentence\n1\tThe Rock is destined .\n2\tA good film .\n"
SST_README = data.SHARED_SST_DIR / "README.md"     # the corpus copy CI keeps, with its checksums


def make_zip(sentences=SENTENCES):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("stanfordSentimentTreebank/datasetSentences.txt", sentences)
        z.writestr("stanfordSentimentTreebank/README.txt", "the dataset's readme\n")
        z.writestr("__MACOSX/stanfordSentimentTreebank/._datasetSentences.txt", "resource fork")
    return buf.getvalue()


GOOD = make_zip()
GOOD_SHA = hashlib.sha256(SENTENCES.encode()).hexdigest()


class Handler(BaseHTTPRequestHandler):
    routes = {
        "/good.zip": (GOOD, len(GOOD)),
        "/truncated.zip": (GOOD[: len(GOOD) // 2], len(GOOD)),   # promises more than it sends
        "/notzip.zip": (b"<html>not a zip</html>", None),
    }

    def do_GET(self):
        if self.path not in self.routes:
            self.send_error(404)
            return
        body, length = self.routes[self.path]
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.timeout = 5
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def leftovers(folder):
    return sorted(p.name for p in Path(folder).iterdir())


def test_good_download_lands_atomically(server, tmp_path):
    dest = tmp_path / "data" / "stanfordSentimentTreebank"
    got = download_sst(dest, url=f"{server}/good.zip", sha256=GOOD_SHA, timeout=5, log=None)
    assert got == dest
    assert (dest / "datasetSentences.txt").read_text() == SENTENCES
    assert (dest / "README.txt").is_file()
    assert leftovers(dest.parent) == ["stanfordSentimentTreebank"]   # no temp files, no __MACOSX
    assert find_sst_dir(dest) == dest


def test_wrong_checksum_is_refused_and_nothing_is_written(server, tmp_path):
    dest = tmp_path / "sst"
    with pytest.raises(DownloadError, match="checksum mismatch.*refusing"):
        download_sst(dest, url=f"{server}/good.zip", sha256="0" * 64, timeout=5, log=None)
    assert leftovers(tmp_path) == []


def test_truncated_transfer_is_refused(server, tmp_path):
    dest = tmp_path / "sst"
    with pytest.raises(DownloadError, match=f"truncated download.*of {len(GOOD)} bytes"):
        download_sst(dest, url=f"{server}/truncated.zip", sha256=GOOD_SHA, timeout=5, log=None)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("path, match", [("/notzip.zip", "not a complete zip"), ("/missing.zip", "404")])
def test_bad_responses(server, tmp_path, path, match):
    with pytest.raises(DownloadError, match=match):
        download_sst(tmp_path / "sst", url=server + path, sha256=GOOD_SHA, timeout=5, log=None)
    assert leftovers(tmp_path) == []


def test_existing_destination_needs_force(server, tmp_path):
    dest = tmp_path / "sst"
    dest.mkdir()
    (dest / "old.txt").write_text("old")
    with pytest.raises(FileExistsError, match="force"):
        download_sst(dest, url=f"{server}/good.zip", sha256=GOOD_SHA, timeout=5, log=None)
    assert leftovers(dest) == ["old.txt"]
    download_sst(dest, url=f"{server}/good.zip", sha256=GOOD_SHA, timeout=5, force=True, log=None)
    assert leftovers(dest) == ["README.txt", "datasetSentences.txt"]
    assert leftovers(tmp_path) == ["sst"]


def test_failed_forced_download_keeps_the_old_copy(server, tmp_path):
    dest = tmp_path / "sst"
    dest.mkdir()
    (dest / "old.txt").write_text("old")
    with pytest.raises(DownloadError):
        download_sst(dest, url=f"{server}/good.zip", sha256="0" * 64, timeout=5, force=True, log=None)
    assert leftovers(dest) == ["old.txt"] and leftovers(tmp_path) == ["sst"]


def test_command_line(server, tmp_path, capsys):
    dest = tmp_path / "sst"
    args = ["download", "sst", "--dest", str(dest), "--url", f"{server}/good.zip", "--timeout", "5"]
    assert data.main(args + ["--sha256", "f" * 64]) == 1
    assert "checksum mismatch" in capsys.readouterr().err
    assert data.main(args + ["--sha256", GOOD_SHA]) == 0
    assert "sha256 verified" in capsys.readouterr().out
    assert data.main(["where", "--sst-dir", str(dest)]) == 0
    assert capsys.readouterr().out.strip() == str(dest)


def test_defaults_are_the_course_url_and_the_readme_checksum():
    assert data.SST_URL == "http://nlp.stanford.edu/~socherr/stanfordSentimentTreebank.zip"
    if not SST_README.is_file():
        missing_reference_data(SST_README)
    row = re.search(r"\| datasetSentences\.txt \|.*\| ([0-9a-f]{64}) \|", SST_README.read_text())
    assert row and row.group(1) == data.SST_SENTENCES_SHA256
    assert data.sha256_of(SST_README.parent / "datasetSentences.txt") == data.SST_SENTENCES_SHA256


# ---- find_sst_dir ------------------------------------------------------------------------
@pytest.fixture
def places(tmp_path, monkeypatch):
    """Point the default locations at empty temporary folders and clear the variable."""
    monkeypatch.setattr(data, "DATA_DIR", tmp_path / "repo" / "data")
    monkeypatch.setattr(data, "SHARED_SST_DIR", tmp_path / "shared" / "data" / "sst")
    monkeypatch.delenv("W2VLIB_SST_DIR", raising=False)
    return tmp_path


def sst_at(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "datasetSentences.txt").write_text(SENTENCES)
    return folder


def test_find_sst_dir_order(places, monkeypatch):
    assert find_sst_dir() is None
    shared = sst_at(places / "shared" / "data" / "sst")
    assert find_sst_dir() == shared
    downloaded = sst_at(places / "repo" / "data" / "stanfordSentimentTreebank")
    assert find_sst_dir() == downloaded
    env = sst_at(places / "env")
    monkeypatch.setenv("W2VLIB_SST_DIR", str(env))
    assert find_sst_dir() == env
    arg = sst_at(places / "arg")
    assert find_sst_dir(arg) == arg and find_sst_dir(str(arg)) == arg


def test_explicit_path_without_the_file_is_an_error(places, monkeypatch):
    sst_at(places / "shared" / "data" / "sst")
    with pytest.raises(FileNotFoundError, match="empty.*datasetSentences.txt"):
        find_sst_dir(places / "empty")
    monkeypatch.setenv("W2VLIB_SST_DIR", str(places / "also-empty"))
    with pytest.raises(FileNotFoundError, match="W2VLIB_SST_DIR.*also-empty"):
        find_sst_dir()


def test_find_sst_dir_rejects_non_paths(places):
    with pytest.raises(TypeError, match="path"):
        find_sst_dir(42)


def test_find_reference_dir_honours_argument_and_environment(tmp_path, monkeypatch):
    from w2vlib.data import REFERENCE_FILE, find_reference_dir
    (tmp_path / REFERENCE_FILE).write_bytes(b"")
    assert find_reference_dir(tmp_path) == tmp_path
    monkeypatch.setenv("W2VLIB_REFERENCE_DIR", str(tmp_path))
    assert find_reference_dir() == tmp_path
    with pytest.raises(FileNotFoundError, match="has no saved_params_40000.npy"):
        find_reference_dir(tmp_path / "elsewhere")


@pytest.mark.parametrize("ci, outcome", [("true", pytest.fail.Exception), ("1", pytest.fail.Exception),
                                         (None, pytest.skip.Exception), ("", pytest.skip.Exception),
                                         ("false", pytest.skip.Exception)])
def test_missing_reference_data_fails_under_ci_and_skips_otherwise(monkeypatch, tmp_path, ci, outcome):
    """The course-reproduction tests need ../shared/data: CI (CI=true, .ci/run) must not skip them."""
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    missing = tmp_path / "sst" / "datasetSentences.txt"
    with pytest.raises(outcome) as info:
        missing_reference_data(missing)
    assert str(missing) in str(info.value)

