"""StanfordSentiment reads datasetSentences.txt and consumes `random` exactly as the course does.

The reference below is a plain, loop-by-loop restatement of the course's reader (header
skipped, lowercase, UNK last, 30 subsampled copies, the cumulative table filled entry by entry,
recursion on an empty context); w2vlib's reader must give the same values and leave Python's
random generator in the same state.
"""
import math
import random
from pathlib import Path

import numpy as np
import pytest

from conftest import write_corpus
from w2vlib.data import SHARED_SST_DIR, find_sst_dir
from w2vlib.treebank import StanfordSentiment

SST = find_sst_dir()    # None on a machine without the corpus
needs_sst = pytest.mark.reference_data((SST or SHARED_SST_DIR) / "datasetSentences.txt")   # a failure under CI


class CourseStyleReader:
    """The course's algorithm, written out loop by loop (the independent reference)."""

    def __init__(self, path, tablesize):
        self.sentences = []
        with open(Path(path) / "datasetSentences.txt", encoding="utf-8") as f:
            next(f)
            for line in f:
                self.sentences.append([w.lower() for w in line.strip().split()[1:]])
        self.tokens, self.freq, self.wordcount = {}, {}, 0
        for s in self.sentences:
            for w in s:
                self.wordcount += 1
                if w not in self.tokens:
                    self.tokens[w] = len(self.tokens)
                    self.freq[w] = 0
                self.freq[w] += 1
        self.tokens["UNK"] = len(self.tokens)
        self.freq["UNK"] = 1
        self.wordcount += 1
        self.rev = list(self.tokens)
        self.tablesize = tablesize
        self.all = None
        self.table = None

    def reject(self, w):
        return max(0, 1 - math.sqrt(1e-5 * self.wordcount / self.freq[w]))

    def all_sentences(self):
        if self.all is None:
            out = []
            for s in self.sentences * 30:
                kept = []
                for w in s:
                    p = self.reject(w)
                    if 0 >= p or random.random() >= p:
                        kept.append(w)
                if len(kept) > 1:
                    out.append(kept)
            self.all = out
        return self.all

    def get_random_context(self, C):
        allsent = self.all_sentences()
        sent = allsent[random.randint(0, len(allsent) - 1)]
        i = random.randint(0, len(sent) - 1)
        context = sent[max(0, i - C):i] + sent[i + 1:min(len(sent), i + C + 1)]
        context = [w for w in context if w != sent[i]]
        return (sent[i], context) if context else self.get_random_context(C)

    def sample_table(self):
        if self.table is None:
            self.all_sentences()
            freq = np.array([self.freq[w] ** 0.75 for w in self.rev])
            freq /= np.sum(freq)
            cum = np.cumsum(freq) * self.tablesize
            table, j = [], 0
            for i in range(self.tablesize):
                while i > cum[j]:
                    j += 1
                table.append(j)
            self.table = table
        return self.table

    def sample_token_idx(self):
        return self.sample_table()[random.randint(0, self.tablesize - 1)]


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "sst")


def test_tokens_follow_the_course(corpus):
    ds, ref = StanfordSentiment(corpus, tablesize=1000, allow_modified=True), CourseStyleReader(corpus, 1000)
    assert ds.sentences() == ref.sentences
    assert ds.tokens() == ref.tokens
    assert list(ds.tokens())[-1] == "UNK"
    assert ds.word_count() == ref.wordcount == sum(map(len, ref.sentences)) + 1
    assert ds.token_counts().tolist() == [ref.freq[w] for w in ref.rev]
    assert "clichã©s" in ds.tokens() and "the" in ds.tokens() and "The" not in ds.tokens()
    assert ds.num_sentences() == 61
    assert np.allclose(ds.reject_prob(), [ref.reject(w) for w in ref.rev], rtol=0, atol=1e-15)


def test_construction_and_vocabulary_draw_nothing(corpus):
    random.seed(5)
    state = random.getstate()
    ds = StanfordSentiment(corpus, tablesize=1000, allow_modified=True)
    ds.tokens(), ds.reject_prob()
    assert random.getstate() == state and not ds.is_subsampled


@pytest.mark.parametrize("first", ["context", "negative"])
def test_random_stream_matches_the_course(corpus, first):
    """Same values and same generator state, whichever call triggers the lazy subsampling."""
    runs = []
    for reader in (StanfordSentiment(corpus, tablesize=5000, allow_modified=True), CourseStyleReader(corpus, 5000)):
        random.seed(31415)
        get_context = getattr(reader, "get_random_context")
        out = [reader.sample_token_idx()] if first == "negative" else []
        for C in [1, 2, 3, 5, 5, 4] * 30:
            out.append(get_context(C))
            out.append(reader.sample_token_idx())
        runs.append((out, random.getstate()))
    assert runs[0][0] == runs[1][0]
    assert runs[0][1] == runs[1][1]


def test_subsampled_corpus_and_table_match_the_course(corpus):
    ds, ref = StanfordSentiment(corpus, tablesize=20_000, allow_modified=True), CourseStyleReader(corpus, 20_000)
    random.seed(1)
    table = ds.sample_table()
    state = random.getstate()
    random.seed(1)
    assert table.tolist() == ref.sample_table()
    assert random.getstate() == state
    assert ds.all_sentences() == ref.all_sentences()
    assert all(len(s) > 1 for s in ds.all_sentences())
    assert len(ds.all_sentence_ids()) == len(ds.all_sentences())
    # the subsampling actually rejected something and kept something
    kept = sum(map(len, ds.all_sentences()))
    assert 0 < kept < 30 * sum(map(len, ds.sentences()))


def test_context_excludes_the_centre_word_and_respects_C(corpus):
    ds = StanfordSentiment(corpus, tablesize=1000, allow_modified=True)
    random.seed(3)
    for C in (1, 2, 5):
        for _ in range(200):
            center, context = ds.get_random_context(C)
            assert center not in context and 1 <= len(context) <= 2 * C


def test_course_names_are_aliases(corpus):
    ds = StanfordSentiment(corpus, tablesize=1000, allow_modified=True)
    random.seed(0)
    a = [ds.getRandomContext(3), ds.sampleTokenIdx()]
    ds2 = StanfordSentiment(corpus, tablesize=1000, allow_modified=True)
    random.seed(0)
    assert a == [ds2.get_random_context(3), ds2.sample_token_idx()]
    assert ds.allSentences() is ds.all_sentences()


@pytest.mark.parametrize("text, match", [
    ("", "first line should be the header"),
    ("1\tthe film\n", "first line should be the header"),
    ("sentence_index\tsentence\n", "no sentences"),
    ("sentence_index\tsentence\n1\tok film\nnot-an-index words\n", "line 3"),
    ("sentence_index\tsentence\n1\tok film\n2\n", "line 3"),
])
def test_malformed_file_is_named(tmp_path, text, match):
    (tmp_path / "datasetSentences.txt").write_text(text, encoding="utf-8")
    ds = StanfordSentiment(tmp_path, allow_modified=True)
    with pytest.raises(ValueError, match=match) as info:
        ds.tokens()
    assert str(tmp_path / "datasetSentences.txt") in str(info.value)


def test_non_utf8_file_is_named(tmp_path):
    (tmp_path / "datasetSentences.txt").write_bytes(b"sentence_index\tsentence\n1\tcaf\xe9 ok\n")
    with pytest.raises(ValueError, match="not valid UTF-8"):
        StanfordSentiment(tmp_path, allow_modified=True).sentences()


def test_missing_folder_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="datasetSentences.txt") as info:
        StanfordSentiment(tmp_path / "nowhere")
    assert "nowhere" in str(info.value)


@pytest.mark.parametrize("tablesize", [0, -3, 2.5, "big"])
def test_bad_tablesize(corpus, tablesize):
    with pytest.raises((ValueError, TypeError), match="tablesize"):
        StanfordSentiment(corpus, tablesize=tablesize, allow_modified=True)


def test_get_random_context_rejects_bad_C(corpus):
    with pytest.raises(ValueError, match="C"):
        StanfordSentiment(corpus, tablesize=100, allow_modified=True).get_random_context(0)


@needs_sst
def test_sst_facts():
    ds = StanfordSentiment(SST)
    tokens = ds.tokens()
    assert len(tokens) == 19_539 and ds.word_count() == 227_246
    assert tokens["the"] == 0 and tokens["rock"] == 1 and tokens["UNK"] == 19_538
    p = ds.reject_prob()
    assert int((p > 0).sum()) == 7_051
    assert round(p[tokens["."]], 3) == 0.986 and round(p[tokens["the"]], 3) == 0.985


@needs_sst
def test_sst_stream_matches_the_course():
    """On the real corpus: subsampled corpus, the 1e6-entry table and a run of draws."""
    runs = []
    for reader in (StanfordSentiment(SST), CourseStyleReader(SST, 1_000_000)):
        random.seed(31415)
        random.randint(1, 5)
        draws = [reader.get_random_context(random.randint(1, 5)) for _ in range(100)]
        draws += [reader.sample_token_idx() for _ in range(1000)]
        table = reader.sample_table()
        runs.append((draws, random.getstate(), list(table), len(reader.all_sentences())))
    assert runs[0][3] == runs[1][3] and 290_000 < runs[0][3] < 310_000
    assert runs[0][2] == runs[1][2]
    assert runs[0][:2] == runs[1][:2]


def test_find_sst_dir_is_what_the_reader_uses(corpus, monkeypatch):
    monkeypatch.setenv("W2VLIB_SST_DIR", str(corpus))
    assert find_sst_dir() == corpus
    assert StanfordSentiment().path == corpus
