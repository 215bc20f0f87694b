"""Tests for w2vlib.vectors: WordVectors, its lookups and its exports (the measures of
w2vlib.evaluate are tested in test_evaluate.py)."""
import numpy as np
import pytest

from w2vlib.vectors import WordVectors


def _wv(n=40, d=6, seed=0):
    rng = np.random.default_rng(seed)
    return WordVectors([f"w{i}" for i in range(n)], rng.normal(size=(n, d)))


# ----- the object --------------------------------------------------------------------------------
def test_index_getitem_contains():
    wv = _wv()
    assert wv.index("w7") == 7 and "w7" in wv and "zz" not in wv and len(wv) == 40
    np.testing.assert_array_equal(wv["w7"], wv.vectors[7])
    with pytest.raises(ValueError, match="unknown word 'zz' in word"):
        wv.index("zz")


def test_most_similar_is_the_cosine_ranking_without_the_word_itself():
    wv = _wv()
    got = wv.most_similar("w3", 5)
    x = wv.vectors
    cos = x @ x[3] / np.linalg.norm(x, axis=1) / np.linalg.norm(x[3])
    cos[3] = -np.inf
    expected = np.argsort(-cos)[:5]
    assert [w for w, _ in got] == [f"w{i}" for i in expected]
    np.testing.assert_allclose([c for _, c in got], cos[expected])
    assert len(wv.most_similar("w3", 100)) == 39
    with pytest.raises(ValueError, match="n"):
        wv.most_similar("w3", 0)


def test_centered_subtracts_the_mean_vector():
    wv = _wv()
    c = wv.centered()
    np.testing.assert_allclose(c.vectors.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(c.vectors, wv.vectors - wv.vectors.mean(axis=0))
    assert c.words == wv.words


@pytest.mark.parametrize("words, vectors, exc, match", [
    (["a", "b"], np.zeros((3, 2)), ValueError, "3 rows"),
    (["a", "a"], np.zeros((2, 2)), ValueError, "unique"),
    ("ab", np.zeros((2, 2)), TypeError, "words"),
    (["a", "b"], np.zeros(2), ValueError, "vectors"),
    (["a", "b"], np.array([[0, np.nan], [0, 1]]), ValueError, "non-finite"),
])
def test_bad_construction(words, vectors, exc, match):
    with pytest.raises(exc, match=match):
        WordVectors(words, vectors)


# ----- exports -----------------------------------------------------------------------------------
def test_word2vec_text_round_trip_and_no_temp_files(tmp_path):
    wv = _wv()
    path = wv.save_word2vec_format(tmp_path / "v.txt")
    lines = path.read_text().splitlines()
    assert lines[0] == "40 6" and lines[1].split()[0] == "w0" and len(lines) == 41
    back = WordVectors.load_word2vec_format(path)
    assert back.words == wv.words
    np.testing.assert_allclose(back.vectors, wv.vectors, rtol=1e-7)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.txt"]


def test_word2vec_export_refuses_words_with_spaces(tmp_path):
    wv = WordVectors(["new york", "b"], np.ones((2, 2)))
    with pytest.raises(ValueError, match="'new york'"):
        wv.save_word2vec_format(tmp_path / "v.txt")
    assert not list(tmp_path.iterdir())


def test_load_refuses_a_malformed_file(tmp_path):
    (tmp_path / "bad.txt").write_text("2 3\na 1 2 3\nb 1 2\n")
    with pytest.raises(ValueError, match=r"bad.txt:3: expected a word and 3 numbers"):
        WordVectors.load_word2vec_format(tmp_path / "bad.txt")


def test_gensim_reads_our_word2vec_file(tmp_path):
    keyed = pytest.importorskip("gensim.models.keyedvectors", reason="gensim (the 'compare' extra) not installed")
    wv = _wv()
    kv = keyed.KeyedVectors.load_word2vec_format(str(wv.save_word2vec_format(tmp_path / "v.txt")))
    assert list(kv.index_to_key) == wv.words
    np.testing.assert_allclose(kv.vectors, wv.vectors, rtol=1e-6)
    assert kv.most_similar("w3", topn=3)[0][0] == wv.most_similar("w3", 1)[0][0]


def test_projector_tsv(tmp_path):
    wv = _wv(n=5, d=3)
    vec, meta = wv.save_projector_tsv(tmp_path / "proj")
    rows = [line.split("\t") for line in vec.read_text().splitlines()]
    assert len(rows) == 5 and all(len(r) == 3 for r in rows)
    np.testing.assert_allclose(np.array(rows, dtype=float), wv.vectors, rtol=1e-7)
    assert meta.read_text().splitlines() == wv.words


# ----- restricting to frequent words ---------------------------------------------------------------
def test_restrict_keeps_words_with_enough_counts():
    wv = WordVectors(["a", "b", "c"], np.eye(3), counts=[5, 1, 7])
    r = wv.restrict(5)
    assert r.words == ["a", "c"] and r.counts.tolist() == [5, 7]
    np.testing.assert_array_equal(r.vectors, np.eye(3)[[0, 2]])
    with pytest.raises(ValueError, match="counts"):
        WordVectors(["a"], np.ones((1, 2))).restrict(1)
