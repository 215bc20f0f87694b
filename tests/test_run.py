"""Tests for w2vlib.run, the course's run.py: the command line, exact resume, and
``python -m w2vlib.run`` reproducing the course's reference checkpoint at 5,000 iterations.

The training step it uses (w2vlib.faithful) is tested in test_faithful.py.
"""
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import w2vlib.run as run
from w2vlib.data import SHARED_REFERENCE_DIR, SHARED_SST_DIR, find_reference_dir, find_sst_dir
from w2vlib import neg_sampling_loss_and_gradient, sgd, skipgram, word2vec_sgd_wrapper
from w2vlib.sgd import load_checkpoint
from w2vlib.treebank import StanfordSentiment

from conftest import missing_reference_data, write_corpus

REPO = Path(__file__).resolve().parents[1]
SST = find_sst_dir()                # None on a machine without the corpus
REFERENCE = find_reference_dir()    # the course's reference run, or None
needs_sst = pytest.mark.reference_data((SST or SHARED_SST_DIR) / "datasetSentences.txt")   # a failure under CI


# ---- the command line --------------------------------------------------------------------------
def test_help_documents_every_flag(capsys):
    with pytest.raises(SystemExit) as info:
        run.main(["--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    for flag in ["--iterations", "--checkpoint-dir", "--sst-dir", "--save-every", "--no-resume",
                 "--plot", "--no-plot", "--no-progress"]:
        assert flag in text


def test_step_after():
    assert run.step_after(0) == run.step_after(19_999) == 0.3
    assert run.step_after(20_000) == 0.15 and run.step_after(40_000) == 0.075


def cli(*args):
    return run.main([*map(str, args), "--no-plot", "--no-progress", "--allow-modified-corpus"])


def test_run_is_the_course_loop_and_resumes_exactly(tmp_path, capsys):
    folder = write_corpus(tmp_path / "sst", n_sentences=80)
    whole, parts = tmp_path / "whole", tmp_path / "parts"
    assert cli("--iterations", 25, "--save-every", 10, "--checkpoint-dir", whole, "--sst-dir", folder) == 0
    assert sorted(p.name for p in whole.iterdir()) == [
        "saved_params_10.npz", "saved_params_20.npz", "saved_params_25.npz"]
    final = load_checkpoint(whole / "saved_params_25.npz")
    assert final["iteration"] == 25 and final["step"] == 0.3

    # the course's loop, dense, with the same seeds and initialisation
    random.seed(314)
    ds = StanfordSentiment(folder, allow_modified=True)
    tokens = ds.tokens()
    random.seed(31415)
    np.random.seed(9265)
    V = len(tokens)
    x0 = np.concatenate(((np.random.rand(V, 10) - 0.5) / 10, np.zeros((V, 10))), axis=0)
    expected = sgd(lambda x: word2vec_sgd_wrapper(skipgram, tokens, x, ds, 5, neg_sampling_loss_and_gradient),
                   x0, 0.3, 25, print_every=None)
    assert final["params"].shape == (2 * V, 10)
    assert np.abs(final["params"] - expected).max() <= 1e-12
    assert final["random_state"] == random.getstate()

    # interrupted at 10, resumed to 25 in a fresh call: bit-identical
    assert cli("--iterations", 10, "--save-every", 10, "--checkpoint-dir", parts, "--sst-dir", folder) == 0
    assert cli("--iterations", 25, "--save-every", 10, "--checkpoint-dir", parts, "--sst-dir", folder) == 0
    assert np.array_equal(load_checkpoint(parts / "saved_params_25.npz")["params"], final["params"])
    # asking again for 25 reuses the checkpoint
    assert cli("--iterations", 25, "--checkpoint-dir", parts, "--sst-dir", folder) == 0
    assert np.array_equal(load_checkpoint(parts / "saved_params_25.npz")["params"], final["params"])
    assert "training took" in capsys.readouterr().out


def test_run_reports_a_missing_corpus(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:         # checked before anything starts, like a bad flag
        cli("--iterations", 1, "--checkpoint-dir", tmp_path / "ck", "--sst-dir", tmp_path / "none")
    err = capsys.readouterr().err
    assert info.value.code == 2 and "error: --sst-dir" in err and "none" in err and "datasetSentences.txt" in err
    assert not (tmp_path / "ck").exists()


def test_run_rejects_negative_iterations(capsys):
    with pytest.raises(SystemExit) as info:
        run.main(["--iterations", "-3"])
    assert info.value.code == 2


@needs_sst
def test_reproduces_the_course_checkpoint_at_5000(tmp_path):
    reference = (REFERENCE or SHARED_REFERENCE_DIR) / "saved_params_5000.npy"
    if not reference.is_file():
        missing_reference_data(reference)
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "w2vlib.run", "--iterations", "5000", "--checkpoint-dir", str(tmp_path),
         "--sst-dir", str(SST), "--no-progress"],
        cwd=REPO, capture_output=True, text=True, timeout=300)
    seconds = time.perf_counter() - t0
    assert proc.returncode == 0, proc.stderr
    with np.load(tmp_path / "saved_params_5000.npz", allow_pickle=False) as z:
        params = z["params"]
    expected = np.load(reference, allow_pickle=False)
    diff = float(np.abs(params - expected).max())
    print(f"\n5,000 iterations via python -m w2vlib.run: {seconds:.1f} s, max |diff| vs reference {diff:.2e}")
    assert params.shape == expected.shape == (39_078, 10)
    assert diff <= 1e-10
    png = tmp_path / "word_vectors.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_progress_line_has_the_loss_average_and_an_eta(tmp_path):
    import io
    stream = io.StringIO()
    run.train(25, tmp_path / "ck", write_corpus(tmp_path / "sst"), save_every=10, stream=stream,
              allow_modified=True)
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("training on ") and "iterations 1..25" in lines[0]
    last = lines[-1]
    assert last.startswith("iter     25/25 [") and "100.0%" in last and "ETA 0:00" in last
    # the course's average: loss at iteration 10, then .95/.05 at 20 (printed with 4 decimals)
    assert re.search(r"loss\(avg\) \d+\.\d{4}", last)
