"""Tests for w2vlib.evaluate: neighbours, analogy ranks, cluster cosines, benchmarks, and the
helpers notebook 08 uses to measure what the course's 2-D plot seems to show."""
import math

import numpy as np
import pytest

from w2vlib.evaluate import (CLAIMED_CLUSTERS, _spearman, analogy_accuracy, analogy_rank,
                             cluster_cosines, common_component, nearest_neighbours, neighbours_table,
                             reference_vectors, wordsim_spearman)
from w2vlib.data import find_reference_dir
from w2vlib.vectors import WordVectors
from conftest import missing_reference_data


# ----- analogies, clusters, benchmarks --------------------------------------------------------------------------------
def _analogy_space():
    # gender along axis 0, royalty along axis 1, some noise words elsewhere
    words = ["man", "woman", "king", "queen", "apple", "pear", "car"]
    vecs = np.array([[1, 0, 0.1], [-1, 0, 0.1], [1, 1, 0], [-1, 1, 0], [0, -1, 1], [0.1, -1, 1], [0, 0, -1]], float)
    return WordVectors(words, vecs)


def test_analogy_rank_finds_the_constructed_answer():
    res = analogy_rank(_analogy_space(), "man", "king", "woman", "queen")
    assert res.rank == 1 and res.candidates == 4 and res.top[0][0] == "queen"
    res = analogy_rank(_analogy_space(), "man", "king", "woman", "car")
    assert res.rank > 1
    with pytest.raises(ValueError, match="'prince'"):
        analogy_rank(_analogy_space(), "man", "king", "woman", "prince")


def test_centering_changes_cosines_when_all_vectors_share_a_large_offset():
    rng = np.random.default_rng(0)
    base = rng.normal(size=(50, 4))
    wv = WordVectors([f"w{i}" for i in range(50)], base + 100.0)
    raw = cluster_cosines(wv, clusters=[("w0", "w1")])
    centred = cluster_cosines(wv, clusters=[("w0", "w1")], center=True)
    assert raw.random_mean > 0.99                    # everything looks similar
    assert abs(centred.random_mean) < 0.2            # centred, random pairs are unrelated
    got = nearest_neighbours(wv, "w0", 3, center=True)
    expected = WordVectors(wv.words, base - base.mean(0)).most_similar("w0", topn=3)
    assert [w for w, _ in got] == [w for w, _ in expected]
    np.testing.assert_allclose([c for _, c in got], [c for _, c in expected], rtol=1e-9)


def test_cluster_cosines_values_and_percentiles():
    wv = _analogy_space()
    res = cluster_cosines(wv, clusters=[("apple", "pear"), ("man", "woman", "car")], n_random=500, seed=1)
    (w1, c1, p1), (w2, c2, p2) = res.clusters
    assert c1 == pytest.approx(wv.similarity("apple", "pear"))
    assert c2 == pytest.approx(np.mean([wv.similarity("man", "woman"), wv.similarity("man", "car"),
                                        wv.similarity("woman", "car")]))
    assert p1 > p2 and 0 <= p2 <= 100
    assert "apple/pear" in str(res)
    assert len(CLAIMED_CLUSTERS) == 5


def test_spearman_matches_the_rank_correlation_with_ties():
    x = [1, 2, 2, 3, 5]
    y = [2, 1, 4, 3, 5]
    rx = np.array([1, 2.5, 2.5, 4, 5])
    ry = np.array([2, 1, 4, 3, 5])
    assert _spearman(x, y) == pytest.approx(np.corrcoef(rx, ry)[0, 1])
    assert _spearman([1, 2, 3], [30, 20, 10]) == pytest.approx(-1.0)


def test_wordsim_and_analogies_on_small_files(tmp_path):
    wv = _analogy_space()
    (tmp_path / "ws.tsv").write_text("# header\nMan\tWoman\t8\napple\tpear\t9\nking\tcar\t1\nman\tzebra\t3\n")
    res = wordsim_spearman(wv, tmp_path / "ws.tsv")
    assert (res.covered, res.total) == (3, 4)
    sims = [wv.similarity("man", "woman"), wv.similarity("apple", "pear"), wv.similarity("king", "car")]
    assert res.score == pytest.approx(_spearman(sims, [8, 9, 1]))
    (tmp_path / "q.txt").write_text(": family\nMan King Woman Queen\nwoman queen man king\nman king woman zebra\n")
    acc = analogy_accuracy(wv, tmp_path / "q.txt")
    assert (acc.score, acc.covered, acc.total) == (1.0, 2, 3)
    assert "2/3" in str(acc)


def test_benchmarks_from_gensim_test_data_when_installed():
    pytest.importorskip("gensim", reason="gensim (the 'compare' extra) not installed")
    res = wordsim_spearman(_analogy_space())
    assert res.total == 353 and res.covered >= 1
    acc = analogy_accuracy(_analogy_space())
    assert acc.total == 19544 and math.isfinite(acc.score)


# ----- helpers used by notebook 08 ---------------------------------------------------------------
def test_neighbours_table_skips_rare_candidates_and_marks_unknown_words():
    vecs = np.array([[1.0, 0.0], [0.99, 0.1], [0.9, 0.4], [-1.0, 0.0]])
    wv = WordVectors(["a", "near", "mid", "far"], vecs, counts=[10, 1, 10, 10])
    assert neighbours_table(wv, ["a"], topn=1).split(": ")[1].startswith("near")
    assert neighbours_table(wv, ["a"], topn=1, min_count=5).split(": ")[1].startswith("mid")
    assert "not in the vocabulary" in neighbours_table(wv, ["zebra"])


def test_common_component_measures_a_shared_offset_and_its_alignment():
    rng = np.random.default_rng(0)
    m = np.array([3.0, 0.0, 0.0, 0.0])
    words = [f"w{i}" for i in range(30)]
    wv = WordVectors(words, m + 0.1 * rng.normal(size=(30, 4)), counts=np.arange(1, 31))
    outside = -m / 3 + 0.01 * rng.normal(size=(30, 4))     # every u_w points along -m
    cc = common_component(wv, words[:10], outside)
    assert cc.mean_norm == pytest.approx(3.0, abs=0.1) and cc.spread < 0.3
    assert cc.min_cosine > 0.98 and cc.cos_with_noise_mean > 0.99
    assert "ratio" in str(cc)
    assert common_component(wv, words[:10]).cos_with_noise_mean is None


def test_reference_vectors_are_the_course_runs_centre_rows():
    ref_dir = find_reference_dir()
    ref = reference_vectors()
    if ref is None:
        missing_reference_data(f"the course's reference run or SST (reference folder: {ref_dir})")
    params = np.load(ref_dir / "saved_params_40000.npy")
    assert ref.vectors.shape == (19539, 10) and ref.words[:2] == ["the", "rock"] and ref.words[-1] == "UNK"
    np.testing.assert_array_equal(ref.vectors, params[:19539])
    assert ref.counts[ref.index("hail")] == 1 and ref.counts[ref.index("tea")] == 3
    # the notebook's claim: the analogy is far from holding in the course run
    assert analogy_rank(ref, "male", "king", "female", "queen").rank > 1000


def test_cluster_percentiles_compare_groups_of_the_same_size_from_the_whole_pool():
    from w2vlib.evaluate import cluster_percentiles
    rng = np.random.default_rng(1)
    vecs = rng.standard_normal((200, 8))
    vecs[1] = vecs[0] + 0.01 * rng.standard_normal(8)          # a tight pair
    vecs[2], vecs[3] = vecs[0] + 0.01, vecs[0] - 0.01           # a tight triple with 0
    vecs[5] = -vecs[4]                                          # an opposite pair
    wv = WordVectors([f"w{i}" for i in range(200)], vecs)
    res = cluster_percentiles(wv, [("w0", "w1"), ("w0", "w2", "w3"), ("w4", "w5")], n_random=500, seed=0)
    (_, c01, p01), (_, c023, p023), (_, c45, p45) = res.clusters
    assert c01 > 0.99 and p01 == 100.0
    assert c023 > 0.99 and p023 == 100.0
    assert math.isclose(c45, -1.0) and p45 == 0.0
    assert set(res.random) == {2, 3} and res.pool == 200 and res.n_random == 500
    # random groups of isotropic vectors in d = 8: mean cosine ~ 0, a pair's sd ~ 1/sqrt(8),
    # a triple's mean of 3 cosines has a smaller sd
    assert abs(res.random[2][0]) < 0.05 and abs(res.random[2][1] - 8 ** -0.5) < 0.05
    assert res.random[3][1] < res.random[2][1]
    assert "above 100.0% of random groups of 2" in str(res)
    # the same seed gives the same baseline; a cluster with a repeated word is refused
    assert cluster_percentiles(wv, [("w0", "w1")], n_random=500, seed=0).clusters[0][2] == p01
    with pytest.raises(ValueError, match="distinct"):
        cluster_percentiles(wv, [("w0", "w0")])
    with pytest.raises(ValueError, match="not in the vocabulary"):
        cluster_percentiles(wv, [("w0", "nope")])
