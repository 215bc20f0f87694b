"""w2vlib.sampling: the subsampling formulas and noise distributions of the paper, the C tool, the course."""
import numpy as np
import pytest

from w2vlib.sampling import collision_rates, keep_probability, noise_distribution, redraw_repeats

COUNTS = np.array([5000.0, 1000.0, 100.0, 10.0, 1.0])


def test_c_tool_formula():
    t, f = 1e-3, COUNTS / COUNTS.sum()
    np.testing.assert_allclose(keep_probability(COUNTS, t), np.minimum(1, (np.sqrt(f / t) + 1) * t / f))
    assert keep_probability(COUNTS, t)[0] < 0.05 and keep_probability(COUNTS, t)[-1] == 1.0
    np.testing.assert_array_equal(keep_probability(COUNTS, 0.0), 1.0)


def test_paper_formula_is_the_courses_with_raw_counts():
    """The course writes p_reject = 1 − √(1e-5 · wordcount / count): the paper's 1 − √(t/f)."""
    keep = keep_probability(COUNTS, 1e-5, sample_formula="paper")
    course_reject = np.maximum(0.0, 1 - np.sqrt(1e-5 * COUNTS.sum() / COUNTS))
    np.testing.assert_allclose(1 - keep, course_reject)


def test_c_tool_keeps_more_than_the_paper_at_the_same_threshold():
    c, p = keep_probability(COUNTS, 1e-3), keep_probability(COUNTS, 1e-3, sample_formula="paper")
    assert np.all(c >= p) and np.any(c > p)


def test_noise_distributions():
    np.testing.assert_allclose(noise_distribution(COUNTS, ns_exponent=1.0), COUNTS / COUNTS.sum())
    np.testing.assert_allclose(noise_distribution(COUNTS, ns_exponent=0.0), 0.2)
    p75 = noise_distribution(COUNTS)
    np.testing.assert_allclose(p75, COUNTS ** 0.75 / (COUNTS ** 0.75).sum())
    zipf = noise_distribution(COUNTS[::-1], noise="log_uniform")          # rank by count, not by index
    np.testing.assert_allclose(zipf[::-1], np.log((np.arange(5) + 2) / (np.arange(5) + 1)) / np.log(6))
    assert np.isclose(zipf.sum(), 1.0)


def test_collision_rates_against_simulation():
    p = noise_distribution(COUNTS)
    hit, repeats = collision_rates(p, 5)
    rng = np.random.default_rng(0)
    draws = rng.choice(5, size=(200_000, 5), p=p)
    np.testing.assert_allclose(hit, (draws == np.arange(5)[:, None, None]).any(axis=2).mean(axis=1), atol=3e-3)
    distinct = np.array([len(set(r)) for r in draws[:20_000]])
    assert abs(repeats - (5 - distinct.mean())) < 0.03


def test_redraw_repeats_gives_distinct_rows_from_the_same_words():
    rng = np.random.default_rng(1)
    neg = rng.integers(0, 6, size=(500, 4))
    out = redraw_repeats(neg, lambda size: rng.integers(0, 6, size=size))
    assert all(len(set(r)) == 4 for r in out)
    first = np.array([len(set(r)) == 4 for r in neg])
    np.testing.assert_array_equal(out[first], neg[first])             # rows without repeats are untouched


@pytest.mark.parametrize("call, match", [
    (lambda: keep_probability(COUNTS, 1e-3, sample_formula="gensim"), "sample_formula"),
    (lambda: keep_probability(COUNTS, 2.0), "sample"),
    (lambda: noise_distribution(COUNTS, noise="zipf"), "noise"),
    (lambda: noise_distribution(-COUNTS), "counts"),
    (lambda: collision_rates([0.5, 0.6], 3), "noise"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_keep_probability_at_frequencies():
    from w2vlib.sampling import keep_probability_at
    f = np.array([1e-6, 1e-3, 2.6e-3, 2.7e-3, 1e-1])
    c = keep_probability_at(f, 1e-3)
    assert c[0] == 1.0 and c[1] == 1.0 and c[2] == 1.0 and c[3] < 1.0     # the C tool keeps all up to f ≈ 2.618 t
    np.testing.assert_allclose(keep_probability_at(f, 1e-3, "paper")[3:], np.sqrt(1e-3 / f[3:]))
    with pytest.raises(ValueError, match="freq"):
        keep_probability_at([1.5], 1e-3)



def test_words_that_never_occur():
    """A count of 0: kept with probability 1 (no division by zero), never drawn as a negative."""
    counts = np.array([50.0, 0.0, 5.0])
    with np.errstate(all="raise"):
        for formula in ("c_tool", "paper"):
            assert keep_probability(counts, 1e-2, sample_formula=formula)[1] == 1.0
        for alpha in (0.0, 0.75, 1.0):
            p = noise_distribution(counts, ns_exponent=alpha)
            assert p[1] == 0.0 and np.isclose(p.sum(), 1.0)
    np.testing.assert_allclose(noise_distribution(counts, ns_exponent=0.0), [0.5, 0.0, 0.5])


def test_log_uniform_ties_and_one_draw():
    zipf = noise_distribution([3.0, 7.0, 3.0], noise="log_uniform")      # tie: the lower index ranks first
    ranks = np.array([1, 0, 2])
    np.testing.assert_allclose(zipf, np.log((ranks + 2) / (ranks + 1)) / np.log(4))
    hit, repeats = collision_rates(zipf, 1)
    np.testing.assert_allclose(hit, zipf)
    assert repeats == pytest.approx(0.0, abs=1e-15)                       # one draw never repeats


def test_redraw_repeats_matches_rejection_sampling():
    """The distinct rows follow the law of 'draw until K distinct words' (here K = 2 of 3 words)."""
    p = np.array([0.7, 0.2, 0.1])
    rng = np.random.default_rng(2)
    out = redraw_repeats(rng.choice(3, size=(60_000, 2), p=p), lambda size: rng.choice(3, size=size, p=p))
    missing = 3 - out.sum(axis=1)                          # the word not drawn: 0+1+2 = 3
    # P(word m is left out) = Σ over ordered pairs of the other two, by rejection:
    expected = [sum(p[a] * p[b] / (1 - p[a]) for a in range(3) for b in range(3) if len({a, b, m}) == 3)
                for m in range(3)]
    np.testing.assert_allclose(np.bincount(missing, minlength=3) / len(out), expected, atol=6e-3)
