"""Tests for w2vlib.train, the batched SGNS trainer (the tiny corpus it trains on: test_tiny_corpus.py)."""
import numpy as np
import pytest

import w2vlib.train as train_module
from w2vlib.corpus import group_spans
from w2vlib.tiny_corpus import load_tiny_corpus
from w2vlib.progress import Progress
from w2vlib.steps import sgns_step
from w2vlib.train import train_sgns


@pytest.fixture(scope="module")
def tiny():
    return load_tiny_corpus()


@pytest.fixture(scope="module")
def tiny_vectors(tiny):
    return train_sgns(tiny, vector_size=10, epochs=3, min_count=1, seed=0, progress=False)


# ----- pieces ------------------------------------------------------------------------------------
def test_subsampling_thins_frequent_words(tiny):
    full = train_sgns(tiny, vector_size=3, epochs=1, sample=0.0, min_count=1, seed=0, progress=False)
    thin = train_sgns(tiny, vector_size=3, epochs=1, sample=1e-3, min_count=1, seed=0, progress=False)
    assert full.info["kept_tokens_per_epoch"][0] == full.info["tokens"]
    assert thin.info["kept_tokens_per_epoch"][0] < 0.8 * thin.info["tokens"]


# ----- the trainer -------------------------------------------------------------------------------
def test_same_seed_same_vectors_other_seed_other_vectors(tiny, tiny_vectors):
    again = train_sgns(tiny, vector_size=10, epochs=3, min_count=1, seed=0, progress=False)
    np.testing.assert_array_equal(again.vectors, tiny_vectors.vectors)
    np.testing.assert_array_equal(again.info["epoch_losses"], tiny_vectors.info["epoch_losses"])
    other = train_sgns(tiny, vector_size=10, epochs=3, min_count=1, seed=1, progress=False)
    assert not np.allclose(other.vectors, tiny_vectors.vectors)


def test_returns_vectors_with_losses_that_go_down(tiny_vectors):
    wv = tiny_vectors
    assert wv.vectors.shape == (len(wv.words), 10) and wv.vectors.dtype == np.float32
    assert wv.words[0] == "the"
    losses = wv.info["epoch_losses"]
    assert losses.dtype == np.float64 and losses.shape == (3,)
    # K = 5 negatives at zero outside vectors: 6 log 2 = 4.16 per pair; training goes below it
    assert losses[0] < 6 * np.log(2) and losses[-1] < losses[0]
    assert wv.info["outside_vectors"].shape == wv.vectors.shape


def test_learns_the_tiny_corpus_groups(tiny_vectors):
    wv = tiny_vectors
    assert {w for w, _ in wv.most_similar("rain", topn=2)} == {"snow", "hail"}
    assert wv.most_similar("coffee", topn=1)[0][0] == "tea"
    assert wv.most_similar("boring", topn=1)[0][0] in {"bad", "dumb", "annoying", "dull", "awful", "silly",
                                                  "tedious", "terrible"}
    assert wv.similarity("great", "wonderful") > wv.similarity("great", "boring")


def test_learning_rate_decays_linearly_and_progress_is_reported(tiny):
    events = []
    train_sgns(tiny[:3000], vector_size=5, epochs=3, alpha=0.05, min_count=1, seed=0, progress=events.append)
    assert all(isinstance(p, Progress) for p in events)
    kinds = [p.event for p in events]
    assert kinds.count("epoch") == 3 and kinds[-1] == "done"
    for p in events:                                      # to min_alpha = 1e-4 (gensim's default, absolute)
        assert p.alpha == pytest.approx(0.05 - (0.05 - 1e-4) * p.fraction)
    fr = [p.fraction for p in events]
    assert fr == sorted(fr) and fr[-1] == 1.0
    assert len(events[-1].epoch_losses) == 3


def test_text_progress_outside_jupyter(tiny, capsys):
    train_sgns(tiny[:500], vector_size=3, epochs=2, min_count=1, seed=0, progress=True)
    err = capsys.readouterr().err
    assert "epoch 1/2: mean loss" in err and "epoch 2/2" in err


@pytest.mark.parametrize("sentences, kwargs, exc, match", [
    ([], {}, ValueError, "empty"),
    ([[], []], {}, ValueError, "empty"),
    ([["a", "b"], ["b", "c"]], dict(min_count=3), ValueError, "min_count=3"),
    ([["a", "b", "c"]], dict(negative=3, min_count=1), ValueError, r"negative=3 .* V=3"),
    ([["a"], ["b"], ["c"]], dict(negative=1, min_count=1), ValueError, "two or more"),
    ("a b c", {}, TypeError, "sentences"),
    ([["a", 1]], {}, TypeError, "sentences"),
    ([["a", "b"]], dict(vector_size=0), ValueError, "vector_size"),
    ([["a", "b"]], dict(window=2.5), TypeError, "window"),
    ([["a", "b"]], dict(epochs=0), ValueError, "epochs"),
    ([["a", "b"]], dict(alpha=-0.1), ValueError, "alpha"),
    ([["a", "b"]], dict(alpha=float("nan")), ValueError, "alpha"),
    ([["a", "b"]], dict(sample=2.0), ValueError, "sample"),
    ([["a", "b"]], dict(batch_size=True), TypeError, "batch_size"),
    ([["a", "b"]], dict(seed=-1), ValueError, "seed"),
    ([["a", "b"]], dict(progress="yes"), TypeError, "progress"),
])
def test_clear_errors(sentences, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        train_sgns(sentences, **({"min_count": 1, "progress": False} | kwargs))


def test_unknown_word_in_most_similar(tiny_vectors):
    with pytest.raises(ValueError, match="unknown word 'zebra' in positive \\(not in the vocabulary of"):
        tiny_vectors.most_similar("zebra")


def test_the_learning_rate_used_by_each_step_decays_linearly(tiny, monkeypatch):
    import w2vlib.train as train_module
    used = []
    real_step = train_module.sgns_step
    monkeypatch.setattr(train_module, "sgns_step", lambda P, V, c, o, neg, lr, *rest: used.append(lr) or real_step(P, V, c, o, neg, lr, *rest))
    train_sgns(tiny[:2000], vector_size=4, epochs=2, alpha=0.05, batch_size=64, min_count=1, seed=0, progress=False,
               kernel="numpy")
    assert used[0] == 0.05 and all(a >= b for a, b in zip(used, used[1:]))
    assert 1e-4 <= used[-1] < 0.05 * 0.02
    mid = used[len(used) // 2]
    assert mid == pytest.approx(0.025, rel=0.05)


@pytest.mark.parametrize("old, new", [("dim", "vector_size"), ("negatives", "negative"), ("lr", "alpha"),
                                      ("subsample", "sample")])
def test_old_parameter_names_are_refused_with_the_new_name(old, new):
    with pytest.raises(TypeError, match=rf"'{old}' is now called '{new}'"):
        train_sgns([["a", "b", "c"]] * 3, min_count=1, progress=False, **{old: 1})


@pytest.mark.parametrize("options", [dict(ns_exponent=0.0), dict(noise="log_uniform"), dict(sample_formula="paper"),
                                     dict(negative_policy="keep_all"), dict(negative_policy="unique")])
def test_variants_of_notebook_09_train_and_differ_from_the_default(tiny, options):
    base = train_sgns(tiny[:1500], vector_size=5, epochs=1, min_count=1, seed=0, progress=False)
    other = train_sgns(tiny[:1500], vector_size=5, epochs=1, min_count=1, seed=0, progress=False, **options)
    assert np.all(np.isfinite(other.vectors)) and not np.array_equal(base.vectors, other.vectors)
    assert all(other.info[k] == v for k, v in options.items())


@pytest.mark.parametrize("name", ["noise", "sample_formula", "negative_policy"])
def test_unknown_variant_is_refused(name):
    with pytest.raises(ValueError, match=name):
        train_sgns([["a", "b", "c"]] * 3, min_count=1, progress=False, **{name: "nonsense"})


# ----- the compiled kernel and workers -----------------------------------------------------------
needs_numba = pytest.mark.skipif(not train_module.HAVE_NUMBA, reason="numba is not installed (pip install 'w2vlib[fast]')")


def _reference_steps(P, V, c, o, rows, lrs, B, G, skip_positive):
    """The numpy step over batches of B pairs, as train_sgns calls it; returns the loss."""
    loss, r = 0.0, 0
    for b, lr in enumerate(lrs):
        for lo, hi, g in group_spans(b * B, min(b * B + B, len(c)), G):
            loss += sgns_step(P, V, c[lo:hi].reshape(-1, g), o[lo:hi].reshape(-1, g),
                               rows[r:r + (hi - lo) // g], float(lr), skip_positive)
            r += (hi - lo) // g
    return loss


@needs_numba
@pytest.mark.parametrize("n, B, G, skip_positive, scale", [(100, 100, 7, True, 0.5), (64, 64, 16, True, 0.5),
                                                           (50, 20, 6, False, 0.5), (37, 16, 4, True, 0.5),
                                                           (40, 16, 4, True, 40.0)])
def test_compiled_kernel_makes_the_numpy_steps_updates(n, B, G, skip_positive, scale):
    # whole groups and a remainder per batch, a short last batch, collisions, huge scores (scale 40)
    rng = np.random.default_rng(n)
    V, d, K = 30, 8, 5
    P = rng.normal(scale=scale, size=(2 * V, d)).astype(np.float32)
    c, o = rng.integers(0, V, n).astype(np.int32), rng.integers(0, V, n).astype(np.int32)
    n_batches = -(-n // B)
    lrs = np.linspace(0.3, 0.1, n_batches).astype(np.float32)
    n_rows = sum((min(s + B, n) - s) // G + ((min(s + B, n) - s) % G > 0) for s in range(0, n, B))
    rows = rng.integers(0, V, (n_rows, K)).astype(np.int32)
    rows[0, :2] = o[0]                                    # the positive drawn twice as a negative
    P_ref = P.copy()
    loss_ref = _reference_steps(P_ref, V, c, o, rows, lrs, B, G, skip_positive)
    from w2vlib._fast import train_span
    P_fast = P.copy()
    loss = train_span(P_fast[:V], P_fast[V:], None, c, np.zeros(1, np.int64), o, rows, np.zeros((0, 0), np.int32),
                      np.zeros((0, 0), np.float32), np.zeros(0, np.int32), lrs, 0, B, G, skip_positive, False, True, False,
                      np.empty((B, K + 1), np.float32), np.empty((B, 0), np.float32), np.empty((B, d), np.float32),
                      np.empty((0, d), np.float32))
    assert not np.array_equal(P_fast, P)
    np.testing.assert_allclose(P_fast, P_ref, rtol=1e-5, atol=1e-6 * scale)
    assert loss == pytest.approx(loss_ref, rel=1e-6)


@needs_numba
@pytest.mark.parametrize("options", [{}, dict(negative_policy="keep_all"), dict(negative_policy="unique"),
                                     dict(noise="log_uniform", sample_formula="paper", ns_exponent=0.5),
                                     dict(batch_size=100, group=7)])
def test_one_thread_compiled_training_equals_the_numpy_reference(tiny, options):
    runs = {k: train_sgns(tiny[:3000], vector_size=6, epochs=2, min_count=1, seed=3, progress=False, kernel=k,
                          **options) for k in ("numpy", "numba")}
    ref, fast = runs["numpy"], runs["numba"]
    assert ref.info["kernel"] == "numpy" and fast.info["kernel"] == "numba"
    assert np.array_equal(ref.info["pairs_per_epoch"], fast.info["pairs_per_epoch"])   # same draws
    np.testing.assert_allclose(fast.vectors, ref.vectors, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(fast.info["outside_vectors"], ref.info["outside_vectors"], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(fast.info["epoch_losses"], ref.info["epoch_losses"], rtol=1e-5)


def test_auto_kernel_falls_back_to_numpy_without_numba(tiny, monkeypatch):
    monkeypatch.setattr(train_module, "HAVE_NUMBA", False)
    wv = train_sgns(tiny[:500], vector_size=4, epochs=1, min_count=1, progress=False)
    assert wv.info["kernel"] == "numpy"
    with pytest.raises(ValueError, match="kernel='numba' needs numba"):
        train_sgns(tiny[:500], vector_size=4, epochs=1, min_count=1, progress=False, kernel="numba")


@pytest.mark.parametrize("kwargs, match", [(dict(kernel="fortran"), "kernel must be one of"),
                                           (dict(workers=0), "workers")])
def test_bad_kernel_or_workers_is_refused(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        train_sgns([["a", "b", "c"]] * 3, min_count=1, progress=False, **kwargs)


@pytest.mark.parametrize("kernel", ["numpy", pytest.param("numba", marks=needs_numba)])
def test_two_workers_train_as_well_as_one(tiny, kernel):
    # statistically the same: every pair trained once, loss per epoch and learnt groups as with one thread
    runs = {w: train_sgns(tiny, vector_size=10, epochs=3, min_count=1, seed=0, progress=False, workers=w,
                          kernel=kernel) for w in (1, 2)}
    one, two = runs[1].info, runs[2].info
    assert two["workers"] == 2 and np.all(np.isfinite(runs[2].vectors))
    # pairs per epoch: both a binomial-like count around the same mean (a few thousand sd apart at most)
    assert np.all(np.abs(two["pairs_per_epoch"] - one["pairs_per_epoch"]) < 0.02 * one["pairs_per_epoch"])
    # the loss per epoch: close, closest at the end. The first epoch, falling fast, feels the
    # staleness of lock-free threads most, and how much depends on how the threads interleave
    # (+0.1-0.5% with the kernel; +1.5-4.1% seen with the numpy step on a loaded machine)
    np.testing.assert_allclose(two["epoch_losses"], one["epoch_losses"], rtol=0.10)
    np.testing.assert_allclose(two["epoch_losses"][-1], one["epoch_losses"][-1], rtol=0.02)
    assert two["epoch_losses"][-1] < two["epoch_losses"][0]
    wv = runs[2]                                                 # and learn the same groups
    assert {w for w, _ in wv.most_similar("rain", topn=2)} == {"snow", "hail"}
    assert wv.most_similar("coffee", topn=1)[0][0] == "tea"
    assert wv.similarity("great", "wonderful") > wv.similarity("great", "boring")


def test_window_one_without_subsampling_gives_every_neighbour_pair():
    sents = [["a", "b", "c", "d"], ["b", "c"], ["a", "b", "a"], ["lonely"]]
    wv = train_sgns(sents, vector_size=3, window=1, negative=1, epochs=2, sample=0.0, min_count=1,
                    seed=0, progress=False)
    # 2 pairs per adjacent token pair: (3 + 1 + 2) * 2 = 12; a one-token sentence gives none
    assert wv.info["pairs_per_epoch"].tolist() == [12, 12]
