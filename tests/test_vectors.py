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
    got = wv.most_similar("w3", topn=5)
    x = wv.vectors
    cos = x @ x[3] / np.linalg.norm(x, axis=1) / np.linalg.norm(x[3])
    cos[3] = -np.inf
    expected = np.argsort(-cos)[:5]
    assert [w for w, _ in got] == [f"w{i}" for i in expected]
    np.testing.assert_allclose([c for _, c in got], cos[expected])
    assert len(wv.most_similar("w3", topn=100)) == 39
    assert wv.most_similar(["w3"]) == wv.most_similar(positive="w3") == wv.most_similar("w3", topn=10)
    with pytest.raises(ValueError, match="topn"):
        wv.most_similar("w3", topn=0)


def _three_cos_add(wv, positive, negative):
    """3CosAdd by brute force: cosine of every word with Σ unit(positive) − Σ unit(negative)."""
    unit = wv.vectors / np.linalg.norm(wv.vectors, axis=1, keepdims=True)
    target = sum(unit[wv.index(w)] for w in positive) - sum((unit[wv.index(w)] for w in negative), np.zeros(wv.dim))
    cos = unit @ target / np.linalg.norm(target)
    for w in positive + negative:
        cos[wv.index(w)] = -np.inf
    return cos


@pytest.mark.parametrize("positive, negative", [(["w1", "w2"], ["w3"]), (["w5"], ["w0", "w7"]), ([], ["w4"]),
                                                (["w2", "w2"], [])])
def test_most_similar_with_positive_and_negative_words_is_3cosadd_without_the_inputs(positive, negative):
    wv = _wv()
    got = wv.most_similar(positive=positive, negative=negative, topn=7)
    cos = _three_cos_add(wv, positive, negative)
    order = np.argsort(-cos, kind="stable")[:7]
    assert [w for w, _ in got] == [wv.words[i] for i in order]
    np.testing.assert_allclose([c for _, c in got], cos[order], rtol=1e-12)
    assert not set(positive + negative) & {w for w, _ in got}


@pytest.mark.parametrize("call, exc, match", [
    (lambda wv: wv.most_similar("w3", 5), TypeError, r"negative must be a word .*most_similar\(word, topn=n\)"),
    (lambda wv: wv.most_similar(), ValueError, "at least one word"),
    (lambda wv: wv.most_similar(positive=["w1"], negative=["zz"]), ValueError, "unknown word 'zz' in negative"),
    (lambda wv: wv.most_similar(positive=["w1"], negative=["w1"]), ValueError, "cancel out"),
    (lambda wv: wv.most_similar(positive={"w1"}), TypeError, "positive must be a word or a list"),
    (lambda wv: wv.doesnt_match(["w1"]), ValueError, "at least 2 words"),
    (lambda wv: wv.doesnt_match(["w1", "zz"]), ValueError, "unknown word 'zz' in words"),
    (lambda wv: wv.doesnt_match("w1 w2"), TypeError, "words must be a list of words, got the string"),
])
def test_gensim_style_queries_refuse_bad_input_naming_the_argument(call, exc, match):
    with pytest.raises(exc, match=match):
        call(_wv())


def test_gensim_names_for_the_vocabulary():
    wv = _wv()
    assert wv.key_to_index is wv.word2ind and wv.key_to_index["w7"] == 7
    assert wv.index_to_key is wv.words and wv.index_to_key[7] == "w7"
    assert wv.vector_size == wv.dim == 6


def test_doesnt_match_picks_the_word_farthest_from_the_mean_direction():
    vectors = np.array([[1.0, 0.1], [1.0, -0.1], [0.9, 0.0], [-0.2, 1.0], [0.0, 1.0]])
    wv = WordVectors(["rain", "snow", "hail", "tea", "coffee"], vectors)
    assert wv.doesnt_match(["rain", "snow", "hail", "tea"]) == "tea"
    assert wv.doesnt_match(("tea", "coffee", "snow")) == "snow"


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
    assert kv.most_similar("w3", topn=3)[0][0] == wv.most_similar("w3", topn=1)[0][0]


def _float32_vectors(n=300, d=7, seed=3, extremes=False):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d)).astype(np.float32)
    if extremes:
        x[0, :3] = [np.float32(1e-38), np.float32(-3.4e38), np.float32(0.1)]     # tiny, huge, inexact values
    return WordVectors([f"w{i}" for i in range(n)], x)


def test_round_trip_with_gensim_keyedvectors_is_byte_exact(tmp_path):
    keyed = pytest.importorskip("gensim.models.keyedvectors", reason="gensim (the 'compare' extra) not installed")
    wv = _float32_vectors(extremes=True)
    ours = wv.save_word2vec_format(tmp_path / "ours.txt")
    kv = keyed.KeyedVectors.load_word2vec_format(str(ours))              # ours -> gensim: the same float32 bits
    assert list(kv.index_to_key) == wv.index_to_key and kv.key_to_index == wv.key_to_index
    assert kv.vectors.dtype == np.float32 and np.array_equal(kv.vectors.view(np.uint32), wv.vectors.view(np.uint32))
    kv.save_word2vec_format(str(tmp_path / "gensim.txt"))                # gensim -> ours: the same bits again
    back = WordVectors.load_word2vec_format(tmp_path / "gensim.txt", dtype=np.float32)
    assert back.words == wv.words and np.array_equal(back.vectors.view(np.uint32), wv.vectors.view(np.uint32))
    again = back.save_word2vec_format(tmp_path / "again.txt")            # and our file, byte for byte
    assert again.read_bytes() == ours.read_bytes()


def test_queries_agree_with_gensim_keyedvectors():
    keyed = pytest.importorskip("gensim.models.keyedvectors", reason="gensim (the 'compare' extra) not installed")
    wv = _float32_vectors(n=200, d=12)
    kv = keyed.KeyedVectors(12)
    kv.add_vectors(wv.words, wv.vectors)
    for positive, negative in ((["w5"], []), (["w1", "w2"], ["w3"]), (["w9"], ["w4", "w8"])):
        ours, theirs = wv.most_similar(positive, negative, topn=10), kv.most_similar(positive, negative, topn=10)
        assert [w for w, _ in ours] == [w for w, _ in theirs]
        np.testing.assert_allclose([c for _, c in ours], [c for _, c in theirs], rtol=1e-5)
    for words in (["w1", "w2", "w3", "w4"], ["w10", "w11", "w12"]):
        assert wv.doesnt_match(words) == kv.doesnt_match(words)
    assert wv.similarity("w1", "w2") == pytest.approx(float(kv.similarity("w1", "w2")), rel=1e-5)


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
