"""Shared fixtures for the library tests."""
import os
import random
import warnings
from pathlib import Path

import numpy as np
import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "reference_data(*paths): the test needs these files of the course's "
                                       "data (../shared/data); see missing_reference_data")


def missing_reference_data(path) -> None:
    """A test cannot find ``path``, a file of the course's data (SST, the reference run): under CI
    (the environment variable ``CI`` set, as ``.ci/run`` runs) that is a failure, so that the
    headline claims cannot silently go untested; for a developer without the data, a skip."""
    message = f"the course's data is missing: {path} (python -m w2vlib.data download sst)"
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"CI is set, so the reference data must be present; {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """``@pytest.mark.reference_data(path, ...)``: :func:`missing_reference_data` for a missing path."""
    marker = request.node.get_closest_marker("reference_data")
    for path in marker.args if marker else ():
        if not Path(path).is_file():
            missing_reference_data(path)


@pytest.fixture
def strict_numerics():
    """Turn floating-point overflow, invalid operations and division by zero into errors."""
    with np.errstate(over="raise", invalid="raise", divide="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


class ListSampler:
    """A dataset whose sample_token_idx() returns a fixed list of indices, in order, cycling."""

    def __init__(self, draws):
        self.draws = list(draws)
        self.calls = 0

    def sample_token_idx(self):
        idx = self.draws[self.calls % len(self.draws)]
        self.calls += 1
        return idx


class RandomSampler:
    """A dataset drawing uniformly from range(V) through Python's random, like the course's dummy."""

    def __init__(self, V):
        self.V = V

    def sample_token_idx(self):
        return random.randint(0, self.V - 1)


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


def write_corpus(folder, n_sentences=60, seed=7, extra_lines=()):
    """A small datasetSentences.txt: Zipf-ish words (so subsampling bites), mixed case,
    a mojibake token, a repeated-word sentence; the course's header and index column."""
    rng = random.Random(seed)
    vocab = ["The", "a", ",", ".", "film", "is", "Good", "bad", "movie", "clichÃ©s", "-LRB-",
             "-RRB-", "``", "''", "story", "tea", "coffee", "rain", "snow", "king", "queen"]
    weights = [1 / (r + 1) for r in range(len(vocab))]
    lines = ["sentence_index\tsentence"]
    for i in range(1, n_sentences + 1):
        words = rng.choices(vocab, weights, k=rng.randint(1, 14))
        lines.append(f"{i}\t{' '.join(words)}")
    lines.append(f"{n_sentences + 1}\tgood good good")
    lines.extend(extra_lines)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "datasetSentences.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
