"""The fast trainer's four models (w2vlib.train.train_word2vec: gensim's sg, hs, negative, cbow_mean).

Each batched update is checked on hand-made batches against the single-example functions of
notebooks 05, 11 and 12 (neg_sampling_loss_and_gradient, cbow, hierarchical_softmax_loss_and_gradient)
and against central differences of the batch's own loss; the compiled kernel against the numpy
step; whole runs of every model; the trained model's attributes; bad input.
"""
import functools

import numpy as np
import pytest

import w2vlib.train as train_module
from w2vlib.steps import sgns_step, word2vec_step
from w2vlib.cbow import cbow
from w2vlib.corpus import group_spans
from w2vlib.hierarchical_softmax import hierarchical_softmax_loss_and_gradient, huffman_tree
from w2vlib.negsamp import ReplayDataset, neg_sampling_loss_and_gradient
from w2vlib.tiny_corpus import load_tiny_corpus
from w2vlib.train import Word2VecModel, train_sgns, train_word2vec

needs_numba = pytest.mark.skipif(not train_module.HAVE_NUMBA, reason="numba is not installed (pip install 'w2vlib[fast]')")

V, D = 9, 4
COUNTS = np.array([40, 25, 17, 12, 9, 6, 4, 3, 2])
TREE = huffman_tree(COUNTS)
PATHS, SIGNS = TREE._path_matrix, TREE._sign_matrix                  # (V, L) padded, signs 0 on the padding
WORDS = [f"w{i}" for i in range(V)]
W2I = {w: i for i, w in enumerate(WORDS)}

# Hand-made batches: example i reads the input rows INPUTS[i] and predicts TARGETS[i]; the six
# examples form two groups of three, each group sharing one row of NEG (w7 twice: a duplicate;
# group 1 holds target 3 of example 3, group 0 target 5 of example 1: skipped negatives).
SG_INPUTS = [[0], [2], [0], [4], [8], [4]]                                # a repeated centre
CBOW_INPUTS = [[1, 2, 1], [0], [3, 4, 5, 6], [2, 5], [0, 7, 8], [4, 3]]  # a repeated context word, 1..4 words
CBOW_INPUTS[4].append(6)                                                 # the target (6) in its own context
TARGETS = [3, 5, 1, 3, 6, 0]
NEG = [[7, 7, 5], [3, 2, 8]]
MODES = {"sg/ns": (1, 0, True, 1), "sg/hs": (1, 1, False, 1), "sg/both": (1, 1, True, 1),
         "cbow-mean/ns": (0, 0, True, 1), "cbow-mean/hs": (0, 1, False, 1), "cbow-mean/both": (0, 1, True, 1),
         "cbow-sum/ns": (0, 0, True, 0), "cbow-sum/hs": (0, 1, False, 0)}          # sg, hs, ns, cbow_mean


def _params(seed=0, dtype=np.float64, scale=0.5):
    rng = np.random.default_rng(seed)
    return (rng.normal(scale=scale, size=(V, D)).astype(dtype), rng.normal(scale=scale, size=(V, D)).astype(dtype),
            rng.normal(scale=scale, size=(V - 1, D)).astype(dtype))


def _batch(sg):
    inputs = SG_INPUTS if sg else CBOW_INPUTS
    rows = np.array([r for ex in inputs for r in ex])
    ptr = np.concatenate([[0], np.cumsum([len(ex) for ex in inputs])])
    return inputs, rows, ptr, np.array(TARGETS), np.array(NEG)


def _step(mode, params, lr, share_by_n=None):
    """Run word2vec_step on copies of ``params``; return (loss, the copies after the step)."""
    sg, hs, ns, cbow_mean = MODES[mode]
    syn0, syn1neg, syn1 = (p.copy() for p in params)
    _, rows, ptr, targets, neg = _batch(sg)
    loss = word2vec_step(syn0, syn1neg if ns else None, syn1 if hs else None, rows, ptr, targets,
                          neg if ns else None, PATHS, SIGNS, lr, True, bool(cbow_mean), share_by_n)
    return loss, (syn0, syn1neg, syn1)


def _expected(mode, params):
    """The batch's loss and gradients from the notebooks' single-example functions, summed."""
    sg, hs, ns, cbow_mean = MODES[mode]
    syn0, syn1neg, syn1 = params
    inputs, _, _, targets, neg = _batch(sg)
    loss, g0, gn, gh = 0.0, np.zeros_like(syn0), np.zeros_like(syn1neg), np.zeros_like(syn1)
    padded = np.vstack([syn1, np.zeros((1, D))])                        # the course's (V, d) slot: last row unused
    for i, (ex, t) in enumerate(zip(inputs, targets)):
        negatives = [k for k in neg[i // 3] if k != t]                  # a negative equal to the target is skipped
        parts = []
        if ns:
            parts.append((syn1neg, functools.partial(neg_sampling_loss_and_gradient, K=len(negatives)),
                          lambda: ReplayDataset(negatives), gn))
        if hs:
            parts.append((padded, hierarchical_softmax_loss_and_gradient, lambda: TREE, gh))
        for U, loss_fn, dataset, g_out in parts:
            if sg:          # notebook 05 / 12: the pair's loss with v_c as input
                l, g_c, g_u = loss_fn(syn0[ex[0]], int(t), U, dataset())
                g0[ex[0]] += g_c
            else:           # notebook 11: cbow around the target, context rows averaged or summed
                l, g_c, g_u = cbow(WORDS[t], 2, [WORDS[r] for r in ex], W2I, syn0, U, dataset(),
                                   loss_and_gradient=loss_fn, average=bool(cbow_mean))
                g0 += g_c
            loss += l
            g_out += g_u[:len(g_out)]
            if U is padded:
                assert not g_u[-1].any()
    return loss, (g0, gn, gh)


@pytest.mark.parametrize("mode", MODES)
def test_each_models_batched_update_is_the_sum_of_the_notebooks_single_example_gradients(mode):
    params, lr = _params(), 0.3
    loss, after = _step(mode, params, lr)
    expected_loss, expected = _expected(mode, params)
    assert loss == pytest.approx(expected_loss, rel=1e-12)
    for before, moved, grad in zip(params, after, expected):
        np.testing.assert_allclose((before - moved) / lr, grad, rtol=1e-9, atol=1e-12)
    assert any(g.any() for g in expected)


@pytest.mark.parametrize("mode", MODES)
def test_each_models_batched_update_passes_central_differences_of_the_batch_loss(mode):
    params, lr, h = _params(1), 0.01, 1e-6
    _, after = _step(mode, params, lr)
    for which in range(3):
        step = (params[which] - after[which]) / lr                      # the update's gradient
        numeric = np.zeros_like(step)
        for idx in np.ndindex(step.shape):
            plus = [p.copy() for p in params]
            minus = [p.copy() for p in params]
            plus[which][idx] += h
            minus[which][idx] -= h
            numeric[idx] = (_step(mode, plus, 0.0)[0] - _step(mode, minus, 0.0)[0]) / (2 * h)
        np.testing.assert_allclose(step, numeric, rtol=1e-6, atol=1e-8)


def test_gensims_cbow_share_is_not_the_gradient():
    # gensim's CBOW update (the whole error to every row of an averaged window) is not the gradient
    params, lr = _params(), 0.3
    _, after = _step("cbow-mean/ns", params, lr, share_by_n=False)
    _, expected = _expected("cbow-mean/ns", params)
    assert not np.allclose((params[0] - after[0]) / lr, expected[0])
    np.testing.assert_allclose((params[1] - after[1]) / lr, expected[1], rtol=1e-9)   # outside rows unchanged


def test_the_general_step_on_skipgram_negative_sampling_is_the_notebook_08_step():
    syn0, syn1neg, _ = _params()
    P = np.vstack([syn0, syn1neg])
    c, o, neg = np.array(SG_INPUTS).reshape(2, 3), np.array(TARGETS).reshape(2, 3), np.array(NEG)
    loss_ref = sgns_step(P, V, c, o, neg, 0.3)
    loss, (a, b, _) = _step("sg/ns", _params(), 0.3)
    assert loss == pytest.approx(loss_ref, rel=1e-12)
    np.testing.assert_allclose(np.vstack([a, b]), P, rtol=1e-12, atol=1e-14)


# ----- the compiled kernel against the numpy step ------------------------------------------------
def _numpy_steps(params, rows, ptr, targets, negs, lrs, B, G, sg, hs, ns, cbow_mean, share_by_n, skip_positive):
    """The numpy step over batches of B examples, as train_word2vec calls it; returns the loss."""
    syn0, syn1neg, syn1 = params
    loss, r = 0.0, 0
    for b, lr in enumerate(lrs):
        for lo, hi, g in group_spans(b * B, min(b * B + B, len(targets)), G):
            step_rows = rows[lo:hi] if sg else rows[ptr[lo]:ptr[hi]]
            offsets = np.arange(hi - lo + 1) if sg else ptr[lo:hi + 1] - ptr[lo]
            loss += word2vec_step(syn0, syn1neg if ns else None, syn1 if hs else None, step_rows, offsets,
                                   targets[lo:hi], negs[r:r + (hi - lo) // g], PATHS.astype(np.int32),
                                   SIGNS.astype(np.float32), float(lr), skip_positive, cbow_mean, share_by_n)
            r += (hi - lo) // g
    return loss


@needs_numba
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("n, B, G, skip_positive, scale", [(100, 32, 6, True, 0.5), (37, 16, 4, False, 0.5),
                                                           (40, 16, 4, True, 30.0)])
def test_compiled_kernel_makes_the_numpy_steps_updates(mode, n, B, G, skip_positive, scale):
    # whole groups and a remainder per batch, a short last batch, collisions, huge scores (scale 30)
    from w2vlib._fast import train_span
    sg, hs, ns, cbow_mean = MODES[mode]
    rng = np.random.default_rng(n)
    K = 3 if ns else 0
    params = _params(n, np.float32, scale)
    targets = rng.integers(0, V, n).astype(np.int32)
    counts = np.ones(n, int) if sg else rng.integers(1, 6, n)
    ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    rows = rng.integers(0, V, ptr[-1]).astype(np.int32)
    n_batches = -(-n // B)
    lrs = (np.linspace(0.3, 0.1, n_batches) / (1 if cbow_mean else 5)).astype(np.float32)   # a sum: n times the step
    n_rows = sum((min(s + B, n) - s) // G + ((min(s + B, n) - s) % G > 0) for s in range(0, n, B))
    negs = rng.integers(0, V, (n_rows, K)).astype(np.int32)
    if ns:
        negs[0, :2] = targets[0]                                          # the target drawn twice as a negative
    ref = [p.copy() for p in params]
    loss_ref = _numpy_steps(ref, rows, ptr, targets, negs, lrs, B, G, sg, hs, ns, bool(cbow_mean), None,
                            skip_positive)
    fast = [p.copy() for p in params]
    bufs = (np.empty((B, K + 1), np.float32), np.empty((B, PATHS.shape[1]), np.float32),
            np.empty((B, D), np.float32), np.empty((B, D), np.float32))
    loss = train_span(fast[0], fast[1] if ns else None, fast[2] if hs else None, rows, ptr, targets, negs,
                      PATHS.astype(np.int32), SIGNS.astype(np.float32), TREE.code_lengths.astype(np.int32), lrs, 0,
                      B, G, skip_positive, not sg, bool(cbow_mean), bool(cbow_mean), *bufs)
    for p0, p_ref, p_fast in zip(params, ref, fast):
        np.testing.assert_allclose(p_fast, p_ref, rtol=1e-5, atol=1e-5 * scale)
    assert not np.array_equal(fast[0], params[0])
    assert loss == pytest.approx(loss_ref, rel=1e-6)


# ----- whole runs ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tiny():
    return load_tiny_corpus()


RUN_MODES = {"sg/hs": dict(sg=1, hs=1, negative=0), "sg/both": dict(sg=1, hs=1, negative=3),
             "cbow/ns": dict(sg=0), "cbow/hs": dict(sg=0, hs=1, negative=0),
             "cbow-sum/ns": dict(sg=0, cbow_mean=0, alpha=0.003), "cbow/both": dict(sg=0, hs=1, negative=3),
             "cbow/ns gensim's update": dict(sg=0, cbow_update="gensim")}


@needs_numba
@pytest.mark.parametrize("mode", RUN_MODES)
def test_one_thread_compiled_training_equals_the_numpy_reference(tiny, mode):
    runs = {k: train_word2vec(tiny[:3000], vector_size=6, epochs=2, min_count=1, seed=3, progress=False, kernel=k,
                              **RUN_MODES[mode]) for k in ("numpy", "numba")}
    ref, fast = runs["numpy"], runs["numba"]
    assert np.array_equal(ref.pairs_per_epoch, fast.pairs_per_epoch)           # same draws
    for a, b in ((ref.wv.vectors, fast.wv.vectors), (ref.syn1neg, fast.syn1neg), (ref.syn1, fast.syn1)):
        if a is not None:
            np.testing.assert_allclose(b, a, rtol=1e-3, atol=1e-4)
    np.testing.assert_allclose(fast.epoch_losses, ref.epoch_losses, rtol=1e-5)


@pytest.fixture(scope="module")
def tiny_models(tiny):
    modes = {"sg/ns": dict(sg=1), "sg/hs": dict(sg=1, hs=1, negative=0), "cbow/ns": dict(sg=0, alpha=0.05),
             "cbow/hs": dict(sg=0, hs=1, negative=0, alpha=0.05), "cbow-sum/ns": dict(sg=0, cbow_mean=0, alpha=0.01)}
    return {name: train_word2vec(tiny, vector_size=10, epochs=3, min_count=1, seed=0, progress=False, **opts)
            for name, opts in modes.items()}


@pytest.mark.parametrize("mode", ["sg/ns", "sg/hs", "cbow/ns", "cbow/hs", "cbow-sum/ns"])
def test_every_model_learns_the_tiny_corpus_groups_and_its_loss_falls(tiny_models, mode):
    model = tiny_models[mode]
    wv, losses = model.wv, model.epoch_losses
    assert np.all(np.diff(losses) < 0)
    if model.hs:                  # at the start every inner-node vector is 0: each branch costs log 2
        start = model.tree.expected_code_length() * np.log(2)
        assert losses[0] < start
    assert {w for w, _ in wv.most_similar("rain", topn=2)} == {"snow", "hail"}
    assert wv.most_similar("coffee", topn=1)[0][0] == "tea"
    assert wv.similarity("great", "wonderful") > wv.similarity("great", "boring")


@pytest.mark.parametrize("kernel", ["numpy", pytest.param("numba", marks=needs_numba)])
@pytest.mark.parametrize("mode", ["sg/hs", "cbow/ns", "cbow/hs"])
def test_two_workers_train_every_model_as_well_as_one(tiny, mode, kernel):
    opts = {"sg/hs": dict(sg=1, hs=1, negative=0), "cbow/ns": dict(sg=0, alpha=0.05),
            "cbow/hs": dict(sg=0, hs=1, negative=0, alpha=0.05)}[mode]
    one, two = (train_word2vec(tiny, vector_size=10, epochs=3, min_count=1, seed=0, progress=False, workers=w,
                               kernel=kernel, **opts) for w in (1, 2))
    assert two.workers == 2 and np.all(np.isfinite(two.wv.vectors))
    assert np.all(np.abs(two.pairs_per_epoch - one.pairs_per_epoch) < 0.03 * one.pairs_per_epoch)
    # the first epoch, falling fast, feels the staleness of lock-free threads most
    np.testing.assert_allclose(two.epoch_losses, one.epoch_losses, rtol=0.10)
    np.testing.assert_allclose(two.epoch_losses[-1], one.epoch_losses[-1], rtol=0.02)
    assert two.epoch_losses[-1] < two.epoch_losses[0]
    assert {w for w, _ in two.wv.most_similar("rain", topn=2)} == {"snow", "hail"}


def test_train_sgns_is_the_skipgram_negative_sampling_shorthand(tiny):
    wv = train_sgns(tiny[:2000], vector_size=5, epochs=2, min_count=1, seed=4, progress=False)
    model = train_word2vec(tiny[:2000], sg=1, hs=0, vector_size=5, epochs=2, min_count=1, seed=4, progress=False)
    assert np.array_equal(wv.vectors, model.wv.vectors) and np.array_equal(wv.info["outside_vectors"], model.syn1neg)
    assert np.array_equal(wv.info["epoch_losses"], model.epoch_losses)
    assert wv.info["sg"] == 1 and wv.info["hs"] == 0 and wv.info["min_alpha"] == 1e-4


def test_the_learning_rate_falls_linearly_to_min_alpha(tiny):
    events = []
    train_word2vec(tiny[:2000], sg=0, hs=1, negative=0, vector_size=4, epochs=2, alpha=0.04, min_alpha=0.01,
                   min_count=1, progress=events.append)
    assert all(p.alpha == pytest.approx(0.04 - 0.03 * p.fraction) for p in events)
    assert events[-1].event == "done" and events[-1].alpha == 0.01
    flat = []
    train_word2vec(tiny[:2000], vector_size=4, epochs=1, alpha=0.02, min_alpha=0.02, min_count=1,
                   progress=flat.append)
    assert {p.alpha for p in flat} == {0.02}


# ----- the trained model ---------------------------------------------------------------------------
def test_the_model_keeps_its_parts_and_hyper_parameters_where_gensim_users_look(tiny):
    model = train_word2vec(tiny[:2000], sg=0, hs=1, negative=3, cbow_mean=0, vector_size=6, window=3, alpha=0.01,
                           min_alpha=0.001, epochs=2, min_count=2, sample=0.0, seed=5, progress=False)
    V_ = len(model.wv)
    assert isinstance(model, Word2VecModel) and "CBOW (sum)" in repr(model)
    assert model.wv.vectors.shape == (V_, 6) and model.syn1neg.shape == (V_, 6) and model.syn1.shape == (V_ - 1, 6)
    assert model.tree.vocab_size == V_ and model.tree.counts.tolist() == model.wv.counts.tolist()
    given = dict(sg=0, hs=1, negative=3, cbow_mean=0, vector_size=6, window=3, alpha=0.01, min_alpha=0.001,
                 epochs=2, min_count=2, sample=0.0, seed=5, workers=1)
    for name, value in given.items():
        assert getattr(model, name) == value == model.wv.info[name], name
    assert model.epoch_losses.shape == (2,) and model.wv.info["inner_node_vectors"] is model.syn1
    only_hs = train_word2vec(tiny[:500], sg=1, hs=1, negative=0, vector_size=3, epochs=1, min_count=1, progress=False)
    assert only_hs.syn1neg is None and "outside_vectors" not in only_hs.wv.info
    only_ns = train_word2vec(tiny[:500], vector_size=3, epochs=1, min_count=1, progress=False)
    assert only_ns.syn1 is None and only_ns.tree is None and only_ns.sg == 0 and only_ns.negative == 5


def test_gensim_has_the_same_names_and_the_same_tree_cost():
    gensim_models = pytest.importorskip("gensim.models", reason="gensim (the 'compare' extra) not installed")
    tiny = load_tiny_corpus()[:3000]
    theirs = gensim_models.Word2Vec(vector_size=6, hs=1, negative=2, min_count=1, workers=1)
    theirs.build_vocab(tiny)
    ours = train_word2vec(tiny, hs=1, negative=2, vector_size=6, epochs=1, min_count=1, progress=False)
    for name in ("sg", "hs", "negative", "cbow_mean", "vector_size", "window", "alpha", "min_alpha", "epochs",
                 "min_count", "sample", "ns_exponent", "workers", "syn1neg", "syn1", "wv"):
        assert hasattr(theirs, name) and hasattr(ours, name), name
    for name in ("sg", "hs", "negative", "cbow_mean", "window", "alpha", "min_alpha", "min_count", "sample",
                 "ns_exponent"):
        assert getattr(ours, name) == getattr(theirs, name), name         # gensim's defaults, gensim's meaning
    assert sorted(ours.wv.index_to_key) == sorted(theirs.wv.index_to_key)
    assert ours.syn1neg.shape == theirs.syn1neg.shape and ours.syn1.shape[0] == theirs.syn1.shape[0] - 1
    counts = np.array([theirs.wv.get_vecattr(w, "count") for w in ours.wv.index_to_key])
    theirs_cost = sum(c * len(theirs.wv.get_vecattr(w, "code")) for w, c in zip(ours.wv.index_to_key, counts))
    assert np.array_equal(counts, ours.wv.counts)
    assert theirs_cost == ours.tree.expected_code_length() * counts.sum()  # both Huffman: the same optimal cost


# ----- bad input -------------------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, exc, match", [
    (dict(sg=2), ValueError, r"sg must be 0 or 1 \(1 skip-gram, 0 CBOW\), got int 2"),
    (dict(hs="yes"), TypeError, "hs must be 0 or 1"),
    (dict(cbow_mean=0.5), TypeError, "cbow_mean must be 0 or 1"),
    (dict(negative=-1), ValueError, "negative must be >= 0"),
    (dict(negative=0), ValueError, "negative=0 with hs=0 trains nothing"),
    (dict(negative=2.0), TypeError, "negative"),
    (dict(min_alpha=0.5), ValueError, r"min_alpha \(at most alpha\) must be a finite number in \[0, 0.025\]"),
    (dict(min_alpha=-1e-4), ValueError, "min_alpha"),
    (dict(min_alpha="0"), TypeError, "min_alpha"),
    (dict(cbow_update="sum"), ValueError, "cbow_update must be one of"),
    (dict(ns_exponent=float("nan")), ValueError, "ns_exponent"),
    (dict(size=10), TypeError, "'size' is now called 'vector_size'"),
    (dict(hs=1, negative=0, min_count=3), ValueError, "hs=1 needs at least 2 words"),
])
def test_bad_arguments_are_refused_naming_them(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        train_word2vec([["a", "b", "c", "a", "b", "a"]] * 1, **({"min_count": 1, "progress": False} | kwargs))


@pytest.mark.parametrize("name", ["sg", "hs", "cbow_mean"])
def test_train_sgns_points_to_train_word2vec_for_the_other_models(name):
    with pytest.raises(TypeError, match=rf"train_sgns trains skip-gram with negative sampling only; for '{name}'"):
        train_sgns([["a", "b", "c"]] * 3, min_count=1, progress=False, **{name: 0})
    with pytest.raises(ValueError, match="negative must be at least 1"):
        train_sgns([["a", "b", "c"]] * 3, min_count=1, progress=False, negative=0)


@pytest.mark.parametrize("mode", [dict(sg=1, hs=1, negative=0), dict(sg=0, hs=1, negative=0)])
def test_hierarchical_softmax_trains_at_a_large_learning_rate_with_its_smaller_default_batches(tiny, mode):
    # every example of a batch updates the root: 1024 of them from the same parameters diverge here
    model = train_word2vec(tiny, vector_size=10, epochs=2, min_count=1, seed=0, alpha=0.1, progress=False, **mode)
    assert model.batch_size == 256 and np.all(np.isfinite(model.wv.vectors))
    assert model.epoch_losses[-1] < model.epoch_losses[0] < model.tree.expected_code_length() * np.log(2)
    two = train_word2vec(tiny, vector_size=10, epochs=2, min_count=1, seed=0, alpha=0.05, progress=False,
                         workers=2, **mode)             # (at 0.1, two lock-free threads may overshoot here)
    assert two.epoch_losses[-1] < two.epoch_losses[0] < two.tree.expected_code_length() * np.log(2)
    for kernel in ("numpy", "numba") if train_module.HAVE_NUMBA else ("numpy",):
        with pytest.raises(FloatingPointError, match="diverged .* lower alpha"):
            train_word2vec(tiny, vector_size=10, epochs=3, min_count=1, seed=0, alpha=0.1, progress=False,
                           batch_size=1024, kernel=kernel, **mode)


def test_gensim_hs_alone_trains_both_as_notebook_12_says(caplog):
    # Notebook 12 ("hs in production") says gensim 4.4.0's Word2Vec(hs=1) trains negative sampling too
    # (negative defaults to 5) and logs a warning, while hs=1, negative=0 trains hierarchical softmax alone.
    gensim_word2vec = pytest.importorskip("gensim.models.word2vec")
    sentences = [["i", "like", "hot", "coffee", "i", "drink", "tea"]] * 50
    trained = {}
    for kwargs in ({"hs": 1}, {"hs": 1, "negative": 0}):
        caplog.clear()
        with caplog.at_level("WARNING", logger="gensim.models.word2vec"):
            model = gensim_word2vec.Word2Vec(sentences, vector_size=4, window=2, min_count=1, sg=1, epochs=2,
                                             workers=1, seed=1, **kwargs)
        warned = any(r.getMessage().startswith("Both hierarchical softmax and negative sampling are activated")
                     for r in caplog.records)
        trained[tuple(kwargs.items())] = ({name: bool(np.any(getattr(model, name)))
                                           for name in ("syn1", "syn1neg") if hasattr(model, name)}, warned)
    assert trained[(("hs", 1),)] == ({"syn1": True, "syn1neg": True}, True)
    assert trained[(("hs", 1), ("negative", 0))] == ({"syn1": True}, False)
