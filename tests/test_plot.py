"""Tests for w2vlib.plot: the course's centred PCA plot of coding part (c)."""
import numpy as np
import pytest
from matplotlib.figure import Figure

from w2vlib.plot import VISUALIZE_WORDS, pca_coordinates, plot_word_vectors


def _vectors(n=30, d=10, seed=0):
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(n)]
    return rng.normal(size=(n, d)), {w: i for i, w in enumerate(words)}, words


def test_visualize_words_are_the_courses_24():
    assert len(VISUALIZE_WORDS) == 24 and len(set(VISUALIZE_WORDS)) == 24
    assert VISUALIZE_WORDS[0] == "great" and VISUALIZE_WORDS[-1] == "tea"


def test_coordinates_are_the_top_two_principal_components_of_the_chosen_rows():
    X, w2i, words = _vectors()
    chosen = words[3:20]
    coord = pca_coordinates(X, w2i, chosen)
    assert coord.shape == (len(chosen), 2)
    centred = X[3:20] - X[3:20].mean(axis=0)
    evals, evecs = np.linalg.eigh(centred.T @ centred / len(chosen))
    top = evecs[:, ::-1][:, :2]
    expected = centred @ top
    # eigenvectors are defined up to sign: compare column by column
    for k in range(2):
        sign = np.sign(expected[:, k] @ coord[:, k])
        np.testing.assert_allclose(coord[:, k], sign * expected[:, k], atol=1e-12)
    # the coordinates are centred and their variances are the two largest eigenvalues
    np.testing.assert_allclose(coord.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(coord.var(axis=0), evals[::-1][:2], rtol=1e-10)


def test_rows_outside_the_chosen_words_do_not_matter():
    X, w2i, words = _vectors()
    Y = X.copy()
    Y[25:] = 1e3
    np.testing.assert_array_equal(pca_coordinates(X, w2i, words[:10]), pca_coordinates(Y, w2i, words[:10]))


def test_figure_has_one_label_per_word_at_its_coordinates_inside_the_limits():
    X, w2i, words = _vectors()
    fig = plot_word_vectors(X, w2i, words[:12], title="t")
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    texts = {t.get_text(): t.get_position() for t in ax.texts}
    assert sorted(texts) == sorted(words[:12])
    coord = pca_coordinates(X, w2i, words[:12])
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    for w, (x, y) in zip(words[:12], coord):
        assert texts[w] == pytest.approx((x, y))
        assert x0 < x < x1 and y0 < y < y1
    assert ax.get_title() == "t" and ax.get_xlabel() and ax.get_ylabel()


def test_draws_into_a_given_axes():
    X, w2i, words = _vectors()
    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2)
    out = plot_word_vectors(X, w2i, words[:5], ax=ax2)
    assert out is fig
    assert len(ax2.texts) == 5 and len(ax1.texts) == 0


def test_unknown_words_are_listed():
    X, w2i, words = _vectors()
    with pytest.raises(ValueError, match=r"2 unknown words in words: 'queen', 'tea'"):
        plot_word_vectors(X, w2i, ["w1", "queen", "w2", "tea"])


@pytest.mark.parametrize("bad, exc, match", [
    (dict(words="w1"), TypeError, "words"),
    (dict(words=["w1"]), ValueError, "at least 2"),
    (dict(word_vectors=np.zeros(5)), ValueError, "word_vectors"),
    (dict(word_vectors=np.full((30, 3), np.nan)), ValueError, "word_vectors"),
    (dict(word2ind={"w1": 0, "w2": 99}), ValueError, "outside word_vectors"),
])
def test_bad_arguments(bad, exc, match):
    X, w2i, words = _vectors()
    args = dict(word_vectors=X, word2ind=w2i, words=["w1", "w2"]) | bad
    with pytest.raises(exc, match=match):
        plot_word_vectors(**args)
