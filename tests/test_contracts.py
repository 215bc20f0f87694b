"""One property test over the public API: bad values for every parameter of every public
function are refused, naming the parameter.

For every public callable (``w2vlib.__all__`` and every public module's ``__all__``) with a valid
example call in ``EXAMPLES``, every parameter is perturbed, one at a time, to each value of
``BAD`` (wrong type, NaN, ±inf, negative, zero, huge, empty, wrong shape, bool for int, str for
number, None, a fraction). The call must raise ``TypeError``/``ValueError`` whose message names
the parameter, within a second of CPU time, with warnings turned into errors (nothing may return while
warning) — or the value is accepted on purpose and listed, with the reason, in ``ACCEPTED``.
``GAPS`` lists what is known to be unchecked still; a gap that gets fixed fails the test until it
is removed from the table, so the table can only shrink. Callables without an example are in
``NO_EXAMPLE`` with the reason; a new public callable must be added to one of the two.

The contract classes themselves are tested with hypothesis (deterministic: ``derandomize``).
"""
import importlib
import io
import inspect
import math
import pkgutil
import signal
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from conftest import write_corpus

import w2vlib
from w2vlib import (_validate, compare, corpus, data, evaluate, panel, plot, pmi, progress, run, sampling, sanity,
                    style, tiny_corpus, toy)
from w2vlib import exercises, faithful, progress_panel, treebank
from w2vlib import hierarchical_softmax as hs
from w2vlib.negsamp import ReplayDataset
from w2vlib.panel import update_step_panel
from w2vlib.train import RENAMED_PARAMETERS
from w2vlib.vectors import WordVectors

BAD = {
    "object": object(), "nan": math.nan, "+inf": math.inf, "-inf": -math.inf, "negative": -1,
    "zero": 0, "huge": 10 ** 12, "huge float": 1e300, "empty": [], "wrong shape": np.zeros((2, 3, 4)),
    "bool": True, "str": "x", "None": None, "fraction": 2.5,
}

WORDS = ["a", "b", "c", "d", "e"]
W2I = {w: i for i, w in enumerate(WORDS)}
RNG = np.random.default_rng(3)
VECS = RNG.standard_normal((5, 3))
WV = WordVectors(WORDS, VECS, counts=[5, 4, 3, 2, 1])
TREE = hs.huffman_tree([5, 4, 3, 2, 1])
sgd_module = importlib.import_module("w2vlib.sgd")          # w2vlib.sgd is the function
CORPUS = [WORDS * 3] * 4
MODEL = w2vlib.train_word2vec(CORPUS, sg=1, negative=2, vector_size=3, window=2, epochs=1, min_count=1, progress=False,
                              kernel="numpy")
HELD_OUT = compare.held_out_examples(CORPUS, MODEL.wv.index_to_key, MODEL.wv.counts, window=2, negative=2)
COOC = np.array([[0.0, 2, 1, 0, 1], [2, 0, 1, 1, 0], [1, 1, 0, 2, 1], [0, 1, 2, 0, 1], [1, 0, 1, 1, 0]])


def _quad(x):
    return float(np.sum(x ** 2)), 2 * x


class _Contexts:
    """A dataset of word2vec_sgd_wrapper: the window ("a", ["b", "c"]) every time."""

    def get_random_context(self, C):
        return "a", ["b", "c"]


def _step():
    return panel.update_step("naive", center="coffee", outside="tea")


def _progress():
    return progress.Progress("epoch", 1, 2, 0.5, 0.025, 100, [2.5], 1.0)


def _ax():
    from matplotlib.figure import Figure
    return Figure().add_subplot()


# name -> (callable, valid keyword arguments); callables are looked up fresh by the test.
EXAMPLES = {
    "softmax": lambda: (w2vlib.softmax, dict(x=np.array([1.0, 2.0]), axis=-1)),
    "sigmoid": lambda: (w2vlib.sigmoid, dict(x=np.array([1.0, -2.0]))),
    "get_negative_samples": lambda: (w2vlib.get_negative_samples,
                                     dict(outside_word_idx=0, dataset=toy.ToyDataset(), K=3, vocab_size=len(toy.WORDS))),
    "ReplayDataset": lambda: (ReplayDataset, dict(indices=[1, 2, 3])),
    "gradcheck": lambda: (w2vlib.gradcheck, dict(f=_quad, x=np.ones(2), h=1e-4, tol=1e-5,
                                                 raise_on_failure=False, name="quad")),
    "WordVectors": lambda: (WordVectors, dict(words=WORDS, vectors=VECS, counts=[5, 4, 3, 2, 1], info={})),
    "WordVectors.save_word2vec_format": lambda: (WV.save_word2vec_format, dict(path="wv.txt")),
    "WordVectors.most_similar": lambda: (WV.most_similar, dict(positive=["a"], negative=None, topn=2)),
    "WordVectors.restrict": lambda: (WV.restrict, dict(min_count=2)),
    "evaluate.nearest_neighbours": lambda: (evaluate.nearest_neighbours, dict(wv=WV, word="a", topn=2, center=False)),
    "evaluate.cluster_cosines": lambda: (evaluate.cluster_cosines,
                                         dict(wv=WV, clusters=[["a", "b"]], pool=None, n_random=10, seed=0,
                                              center=False)),
    "evaluate.cluster_percentiles": lambda: (evaluate.cluster_percentiles,
                                             dict(wv=WV, clusters=[["a", "b"]], n_random=10, seed=0)),
    "evaluate.wordsim_spearman": lambda: (evaluate.wordsim_spearman, dict(wv=WV, path="ws.tsv", lowercase=True)),
    "evaluate.neighbours_table": lambda: (evaluate.neighbours_table,
                                          dict(wv=WV, words=["a"], topn=2, center=False, min_count=1)),
    "plot_word_vectors": lambda: (plot.plot_word_vectors,
                                  dict(word_vectors=VECS, word2ind=W2I, words=["a", "b", "c"], ax=_ax(), title="t")),
    "tiny_corpus.generate": lambda: (tiny_corpus.generate, dict(n_sentences=3, seed=1)),
    "load_tiny_corpus": lambda: (tiny_corpus.load_tiny_corpus, dict(path="tiny.txt")),
    "skipgram": lambda: (w2vlib.skipgram, dict(current_center_word="a", window_size=1, outside_words=["b"],
                                               word2ind=W2I, center_word_vectors=VECS, outside_vectors=VECS,
                                               dataset=None)),
    "ToyDataset": lambda: (toy.ToyDataset, dict(seed=0)),
    "update_step_panel": lambda: (update_step_panel, dict(kind="naive", lr=0.5, seed=0)),
    "sigmoid_grad": lambda: (w2vlib.sigmoid_grad, dict(x=np.array([1.0, -2.0]))),
    "log_sigmoid": lambda: (w2vlib.log_sigmoid, dict(x=np.array([1.0, -2.0]))),
    "leaky_relu": lambda: (w2vlib.leaky_relu, dict(x=np.array([1.0, -2.0]), alpha=0.01)),
    "leaky_relu_grad": lambda: (w2vlib.leaky_relu_grad, dict(x=np.array([1.0, -2.0]), alpha=0.01)),
    "cross_entropy": lambda: (w2vlib.cross_entropy, dict(y=np.array([0.0, 1.0]), y_hat=np.array([0.3, 0.7]))),
    "naive_softmax_loss_and_gradient": lambda: (w2vlib.naive_softmax_loss_and_gradient,
                                                dict(center_word_vec=VECS[0], outside_word_idx=1, outside_vectors=VECS)),
    "neg_sampling_loss_and_gradient": lambda: (w2vlib.neg_sampling_loss_and_gradient,
                                               dict(center_word_vec=VECS[0], outside_word_idx=1, outside_vectors=VECS,
                                                    dataset=ReplayDataset([2, 3]), K=2)),
    "cbow": lambda: (w2vlib.cbow, dict(current_center_word="a", window_size=1, outside_words=["b", "c"], word2ind=W2I,
                                       center_word_vectors=VECS, outside_vectors=VECS, dataset=None,
                                       loss_and_gradient=w2vlib.naive_softmax_loss_and_gradient, average=True)),
    "word2vec_sgd_wrapper": lambda: (w2vlib.word2vec_sgd_wrapper,
                                     dict(model=w2vlib.skipgram, word2ind=W2I, word_vectors=np.vstack([VECS, VECS]),
                                          dataset=_Contexts(), window_size=1,
                                          loss_and_gradient=w2vlib.naive_softmax_loss_and_gradient)),
    "keep_probability": lambda: (sampling.keep_probability, dict(counts=[5, 4, 3], sample=1e-3, sample_formula="paper")),
    "keep_probability_at": lambda: (sampling.keep_probability_at, dict(freq=[0.5, 0.3], sample=1e-3,
                                                                          sample_formula="paper")),
    "neighbour_table": lambda: (compare.neighbour_table, dict(wv=WV, n_words=3, topn=2)),
    "huffman_tree": lambda: (hs.huffman_tree, dict(counts=[5, 4, 3, 2, 1])),
    "hierarchical_softmax_loss_and_gradient": lambda: (hs.hierarchical_softmax_loss_and_gradient,
                                                       dict(center_word_vec=VECS[0], outside_word_idx=1,
                                                            inner_node_vectors=VECS[:4], tree=TREE)),
    "hierarchical_softmax_probabilities": lambda: (hs.hierarchical_softmax_probabilities,
                                                   dict(center_word_vec=VECS[0], inner_node_vectors=VECS[:4], tree=TREE)),
    "noise_distribution": lambda: (sampling.noise_distribution, dict(counts=[5, 4, 3], noise="unigram", ns_exponent=0.75)),
    "collision_rates": lambda: (sampling.collision_rates, dict(noise=[0.5, 0.3, 0.2], K=3)),
    "shifted_pmi": lambda: (pmi.shifted_pmi, dict(counts=COOC, K=2, noise=None, skip_positive=False)),
    "cooccurrence_counts": lambda: (pmi.cooccurrence_counts, dict(sentences=[WORDS], word2ind=W2I, window=2,
                                                                  dynamic_window=False)),
    "expected_sgns_loss_and_gradient": lambda: (pmi.expected_sgns_loss_and_gradient,
                                                dict(center_word_vectors=VECS, outside_vectors=VECS, counts=COOC, K=2,
                                                     noise=None, skip_positive=False)),
    "build_vocabulary": lambda: (corpus.build_vocabulary, dict(sentences=[WORDS, WORDS[:2]], min_count=1)),
    "mean_interval": lambda: (compare.mean_interval, dict(values=[1.0, 2.0, 4.0])),
    "neighbour_overlap": lambda: (compare.neighbour_overlap, dict(a=np.array([[1, 2], [0, 2]]), b=np.array([[2, 1], [0, 3]]))),
    "sha256_of": lambda: (data.sha256_of, dict(path="tiny.txt")),
    "find_sst_dir": lambda: (data.find_sst_dir, dict(path=None)),
    "find_reference_dir": lambda: (data.find_reference_dir, dict(path=None)),
    "look": lambda: (style.look, dict(role="center")),
    "ink": lambda: (style.ink, dict(colour=style.look("center").colour)),
    "plot_kwargs": lambda: (style.plot_kwargs, dict(role="center", filled=True)),
    "arrow_kwargs": lambda: (style.arrow_kwargs, dict(role="center")),
    "get_kind": lambda: (panel.get_kind, dict(kind="naive")),
    "pca_coordinates": lambda: (plot.pca_coordinates, dict(word_vectors=VECS, word2ind=W2I, words=["a", "b", "c"])),
    "clock": lambda: (progress.clock, dict(seconds=75.0)),
    "initial_parameters": lambda: (run.initial_parameters, dict(V=5, dim=3)),
    "step_after": lambda: (run.step_after, dict(iterations=100, step=0.3, anneal_every=20000)),
    "window_words": lambda: (panel.window_words, dict(sentence=WORDS, position=2, window=1)),
    "train_sgns": lambda: (w2vlib.train_sgns, dict(sentences=[WORDS * 3] * 4, vector_size=3, window=2, negative=2,
                                                   epochs=1, min_count=1, progress=False, kernel="numpy")),
    "token_ids": lambda: (corpus.token_ids, dict(sentences=[WORDS, WORDS[:2]], word2ind=W2I)),
    "AliasSampler": lambda: (corpus.AliasSampler, dict(probs=[0.5, 0.3, 0.2])),
    "fit_expected_sgns": lambda: (pmi.fit_expected_sgns, dict(counts=COOC, d=2, K=2, noise=None, iterations=5, lr=0.05,
                                                              seed=0, skip_positive=False)),
    "redraw_repeats": lambda: (sampling.redraw_repeats, dict(neg=np.array([[1, 1], [0, 2]]),
                                                             draw=lambda size: np.arange(size) + 3)),
    "sgd": lambda: (w2vlib.sgd, dict(f=_quad, x0=np.ones(2), step=0.1, iterations=3)),
    "checkpoint_path": lambda: (sgd_module.checkpoint_path, dict(checkpoint_dir="ck", iteration=5)),
    "latest_checkpoint": lambda: (sgd_module.latest_checkpoint, dict(checkpoint_dir="ck", max_iteration=None)),
    "save_checkpoint": lambda: (sgd_module.save_checkpoint, dict(path="saved_params_5.npz", params=VECS,
                                                                 iteration=5, step=0.3, exploss=None)),
    "load_checkpoint": lambda: (sgd_module.load_checkpoint, dict(path="saved.npz", expected_shape=None)),
    "analogy_rank": lambda: (evaluate.analogy_rank, dict(wv=WV, a="a", b="b", c="c", target="d", center=False)),
    "common_component": lambda: (evaluate.common_component, dict(wv=WV, words=["a", "b"], outside_vectors=None)),
    "held_out_examples": lambda: (compare.held_out_examples, dict(sentences=[WORDS * 3] * 3, words=WORDS,
                                                                  counts=[5, 4, 3, 2, 1], window=2, sample=1e-3,
                                                                  negative=2, seed=0)),
    "raw_words": lambda: (faithful.raw_words, dict(m=3)),
    "skip_words": lambda: (faithful.skip_words, dict(m=3)),
    "corpus_text": lambda: (tiny_corpus.corpus_text, dict(n_sentences=3, seed=1)),
    "loss_curve_png": lambda: (progress_panel.loss_curve_png, dict(epoch_losses=[3.0, 2.5], epochs=3, K=5, start=None)),
    "progress_callback": lambda: (progress.progress_callback, dict(progress=False, K=5, start=None)),
    "run_sanity": lambda: (sanity.run_sanity, dict(atol=1e-8)),
    "target_functions": lambda: (exercises.target_functions, dict(check="check_softmax")),
    "train_word2vec": lambda: (w2vlib.train_word2vec, dict(sentences=[WORDS * 3] * 4, sg=1, hs=1, negative=2,
                                                           vector_size=3, window=2, epochs=1, min_count=1,
                                                           progress=False, kernel="numpy")),
    "update_step": lambda: (panel.update_step, dict(kind="naive", center="coffee", outside="tea", lr=0.5, seed=0)),
    "subtree_inner_vectors": lambda: (panel.subtree_inner_vectors, dict(tree=TREE, outside_vectors=VECS)),
    **{name: (lambda name=name: (getattr(exercises, name), dict(fn=exercises.target_functions(name)[0])))
       for name in exercises.__all__ if name.startswith("check_")},
    "DummyDataset": lambda: (sanity.DummyDataset, {}),
    "Renderer": lambda: (panel.Renderer, dict(layout="normal")),
    "render_svg": lambda: (panel.render_svg, dict(result=_step(), path=(), layout="normal")),
    "format_readout": lambda: (panel.format_readout, dict(result=_step())),
    "draw_vocabulary": lambda: (plot.draw_vocabulary, dict(ax=_ax(), vocab=None, which=("outside", "center"),
                                                           annotate=True)),
    "save_plot": lambda: (run.save_plot, dict(params=np.vstack([VECS, VECS]), word2ind=W2I, path="plot.png",
                                              words=["a", "b", "c"], title="t")),
    "write": lambda: (tiny_corpus.write, dict(path="tiny-out.txt")),
    "IterationBar": lambda: (progress.IterationBar, dict(start=0, total=10, stream=io.StringIO())),
    "print_epoch": lambda: (progress.print_epoch, dict(p=_progress(), stream=io.StringIO())),
    "StanfordSentiment": lambda: (treebank.StanfordSentiment, dict(path="sst", tablesize=1000, allow_modified=True)),
    "FaithfulObjective": lambda: (faithful.FaithfulObjective,
                                  dict(dataset=treebank.StanfordSentiment("sst", tablesize=1000, allow_modified=True),
                                       window_size=2, K=3, batch_size=5)),
    "gensim_test_file": lambda: (evaluate.gensim_test_file, dict(name="wordsim353.tsv")),
    "model_objective": lambda: (compare.model_objective, dict(model=MODEL, held_out=HELD_OUT)),
    "held_out_objective": lambda: (compare.held_out_objective, dict(held_out=HELD_OUT, sg=1, vectors=MODEL.wv.vectors,
                                                                    outside_vectors=MODEL.syn1neg, tree=None,
                                                                    cbow_mean=1, chunk=4096)),
    "check_progress": lambda: (progress.check_progress, dict(progress=False)),
    "ProgressPanel": lambda: (progress_panel.ProgressPanel, dict(K=5, start=None)),
    "analogy_accuracy": lambda: (evaluate.analogy_accuracy, dict(wv=WV, path="an.txt", lowercase=True)),
    "reference_vectors": lambda: (evaluate.reference_vectors, dict(ref_dir=None, sst_dir=None, iteration=40000)),
    **{name: (lambda fn=fn: (fn, {})) for name, fn in [
        ("default_sst_dir", data.default_sst_dir), ("toy_vocabulary", toy.toy_vocabulary),
        ("kind_names", panel.kind_names), ("in_jupyter_kernel", progress.in_jupyter_kernel),
        ("plot_formats", run.plot_formats), ("dummy_objects", sanity.dummy_objects)]},
}

#: (example, parameter, bad value) -> why the value is accepted. Two rules hold everywhere and
#: are not repeated here: None is accepted where the default is None (it means the default), and
#: True where the default is a bool.
ACCEPTED = {
    ("softmax", "axis", "negative"): "axis=-1 is the last axis, as in numpy",
    ("softmax", "axis", "zero"): "axis=0 is the first axis",
    ("get_negative_samples", "outside_word_idx", "zero"): "o = 0 is the first word",
    ("get_negative_samples", "vocab_size", "huge"): "a vocabulary of 10^12 words bounds o and the draws",
    ("gradcheck", "tol", "zero"): "tol = 0 asks for an exact match",
    ("gradcheck", "tol", "huge"): "any finite tolerance is a valid (lax) check",
    ("gradcheck", "tol", "huge float"): "any finite tolerance is a valid (lax) check",
    ("gradcheck", "name", "str"): "name is a free label",
    ("WordVectors", "words", "empty"): "checked: len(words) must equal the rows of vectors (raises, names words)",
    ("WordVectors.save_word2vec_format", "path", "str"): "writes the file 'x' (the test runs in a temporary folder)",
    ("WordVectors.most_similar", "negative", "empty"): "no negative words",
    ("WordVectors.most_similar", "negative", "str"): "one negative word: 'x' is unknown (raises, names negative)",
    ("WordVectors.most_similar", "topn", "huge"): "topn larger than V gives all words",
    ("WordVectors.restrict", "min_count", "zero"): "min_count = 0 keeps every word",
    ("evaluate.nearest_neighbours", "topn", "huge"): "n larger than V gives all words",
    ("evaluate.cluster_cosines", "seed", "zero"): "seed 0 is a seed",
    ("evaluate.cluster_cosines", "seed", "huge"): "any int >= 0 is a seed (w2vlib's one seed contract)",
    ("evaluate.cluster_percentiles", "seed", "zero"): "seed 0 is a seed",
    ("evaluate.cluster_percentiles", "seed", "huge"): "any int >= 0 is a seed",
    ("evaluate.cluster_percentiles", "clusters", "empty"): "no clusters: an empty table",
    ("evaluate.cluster_cosines", "clusters", "empty"): "no clusters: an empty table",
    ("evaluate.neighbours_table", "words", "empty"): "no query words: an empty table",
    ("evaluate.neighbours_table", "topn", "huge"): "n larger than V gives all words",
    ("evaluate.neighbours_table", "min_count", "zero"): "min_count = 0 keeps every word",
    ("evaluate.neighbours_table", "min_count", "huge"): "no neighbour qualifies: the table says so",
    ("plot_word_vectors", "title", "str"): "a title",
    ("tiny_corpus.generate", "seed", "zero"): "seed 0 is a seed",
    ("tiny_corpus.generate", "seed", "huge"): "any int >= 0 is a seed",
    ("skipgram", "dataset", "object"): "the naive-softmax loss does not use the dataset",
    ("skipgram", "dataset", "nan"): "the naive-softmax loss does not use the dataset",
    ("skipgram", "dataset", "+inf"): "the naive-softmax loss does not use the dataset",
    ("skipgram", "dataset", "-inf"): "the naive-softmax loss does not use the dataset",
    ("skipgram", "dataset", "negative"): "the naive-softmax loss does not use the dataset",
    ("skipgram", "dataset", "zero"): "the naive-softmax loss does not use the dataset",
    ("skipgram", "dataset", "huge"): "the naive-softmax loss does not use the dataset",
    ("skipgram", "dataset", "huge float"): "the naive-softmax loss does not use the dataset",
    ("skipgram", "dataset", "empty"): "the naive-softmax loss does not use the dataset",
    ("skipgram", "dataset", "wrong shape"): "the naive-softmax loss does not use the dataset",
    ("skipgram", "dataset", "bool"): "the naive-softmax loss does not use the dataset",
    ("skipgram", "dataset", "str"): "the naive-softmax loss does not use the dataset",
    ("skipgram", "dataset", "fraction"): "the naive-softmax loss does not use the dataset",
    ("skipgram", "dataset", "None"): "the naive-softmax loss does not use the dataset",
    ("ToyDataset", "seed", "zero"): "seed 0 is a seed",
    ("ToyDataset", "seed", "huge"): "any int >= 0 is a seed",
    ("update_step_panel", "seed", "zero"): "seed 0 is a seed",
    ("update_step_panel", "seed", "huge"): "any int >= 0 is a seed",
    ("update_step_panel", "lr", "huge"): "a step too long to draw is refused by the panel's message, not applied",
    ("update_step_panel", "lr", "huge float"): "a step too long to draw is refused by the panel's message, not applied",
    ("update_step_panel", "lr", "fraction"): "η = 2.5 is a learning rate",
    ("update_step_panel", "presentation", "bool"): "presentation=True",
    ("ReplayDataset", "indices", "empty"): "no draws: the first sample_token_idx() raises 'ran out'",
    ("evaluate.wordsim_spearman", "path", "None"): "gensim's file; importing gensim can take over a second",
    ("evaluate.wordsim_spearman", "path", "str"): "a missing file is a FileNotFoundError naming it",
    ("load_tiny_corpus", "path", "str"): "a missing file is a FileNotFoundError naming it",
    ("skipgram", "window_size", "huge"): "m is only checked to be >= 1, as in the course (the window is outside_words)",
    ("softmax", "x", "wrong shape"): "any number of dimensions; softmax along axis",
    ("softmax", "axis", "None"): "axis=None: over all entries",
    ("gradcheck", "tol", "fraction"): "a lax tolerance",
    **{("gradcheck", "x", label): "a valid point" for label in ("negative", "zero", "huge", "wrong shape", "fraction")},
    **{(fn, "x", label): "defined for every real array (±inf exactly), elementwise"
       for fn in ("sigmoid", "sigmoid_grad", "log_sigmoid", "leaky_relu", "leaky_relu_grad")
       for label in ("+inf", "-inf", "negative", "zero", "huge", "huge float", "empty", "wrong shape", "fraction")},
    ("leaky_relu", "alpha", "zero"): "α = 0 is the plain ReLU",
    ("leaky_relu_grad", "alpha", "zero"): "α = 0 is the plain ReLU",
    **{(fn, "dataset", label): "the naive-softmax loss does not use the dataset"
       for fn in ("naive_softmax_loss_and_gradient", "cbow") for label in BAD},
    ("naive_softmax_loss_and_gradient", "outside_word_idx", "zero"): "o = 0 is the first word",
    ("neg_sampling_loss_and_gradient", "outside_word_idx", "zero"): "o = 0 is the first word",
    ("cbow", "window_size", "huge"): "m is only checked to be >= 1, as in the course (the window is outside_words)",
    ("word2vec_sgd_wrapper", "window_size", "huge"): "windows of random.randint(1, m) words: the dataset bounds them",
    ("keep_probability", "sample", "zero"): "t = 0 turns subsampling off",
    ("keep_probability_at", "sample", "zero"): "t = 0 turns subsampling off",
    ("keep_probability_at", "freq", "zero"): "f = 0: a word that never occurs (kept)",
    ("keep_probability_at", "freq", "wrong shape"): "elementwise over any shape of frequencies",
    ("neighbour_table", "n_words", "huge"): "more words than V: all V words",
    ("hierarchical_softmax_loss_and_gradient", "outside_word_idx", "zero"): "o = 0 is the first word",
    **{(fn, "K", "huge"): "K is a factor of the formula, not a number of draws"
       for fn in ("collision_rates", "shifted_pmi", "expected_sgns_loss_and_gradient")},
    **{(fn, "ns_exponent", label): "any exponent in [-5, 5] is a noise distribution (0: uniform)"
       for fn in ("noise_distribution", "train_sgns") for label in ("negative", "zero", "fraction")},
    ("find_sst_dir", "path", "str"): "a folder without the corpus is a FileNotFoundError naming it",
    ("find_reference_dir", "path", "str"): "a folder without the run is a FileNotFoundError naming it",
    ("initial_parameters", "V", "huge"): "a (V, dim) matrix: numpy's MemoryError says how much it needs",
    ("initial_parameters", "dim", "huge"): "a (V, dim) matrix: numpy's MemoryError says how much it needs",
    ("step_after", "iterations", "zero"): "η before any iteration",
    ("step_after", "iterations", "huge"): "η halved 5 * 10^7 times: 0.0",
    ("step_after", "step", "fraction"): "η = 2.5",
    ("step_after", "anneal_every", "huge"): "never annealed",
    ("step_after", "step", "huge"): "any positive η",
    ("step_after", "step", "huge float"): "any positive η",
    ("sha256_of", "path", "str"): "a missing file is a FileNotFoundError naming it",
    ("train_sgns", "alpha", "fraction"): "α = 2.5 is in (0, 10]",
    ("train_sgns", "batch_size", "huge"): "one batch per chunk",
    ("train_sgns", "batch_size", "None"): "None: the default for the model (1024, 256 with hs=1)",
    ("train_sgns", "sample", "zero"): "t = 0 turns subsampling off",
    ("train_sgns", "seed", "zero"): "seed 0 is a seed",
    ("train_sgns", "seed", "huge"): "any int >= 0 is a seed",
    ("train_sgns", "progress", "None"): "None: no progress, as False",
    ("train_sgns", "chunk_tokens", "huge"): "the whole corpus is one chunk",
    ("train_sgns", "group", "huge"): "every example of a batch shares its negatives",
    ("train_sgns", "min_alpha", "zero"): "η decays to 0",
    ("train_sgns", "vector_size", "huge"): "a (V, d) matrix: numpy's MemoryError says how much it needs",
    ("build_vocabulary", "min_count", "zero"): "min_count = 0 keeps every word",
    ("cooccurrence_counts", "sentences", "empty"): "no sentences: every count is 0",
    ("window_words", "position", "zero"): "the first word",
    **{("clock", "seconds", label): "not finite: '--:--', an ETA not known yet" for label in ("nan", "+inf", "-inf")},
    ("analogy_accuracy", "path", "str"): "a missing file is a FileNotFoundError naming it",
    ("check_progress", "progress", "bool"): "True: the default view",
    ("check_progress", "progress", "None"): "None: no progress, as False",
    ("analogy_accuracy", "path", "None"): "gensim's file; importing gensim can take over a second",
    ("reference_vectors", "ref_dir", "str"): "a folder without the run is a FileNotFoundError naming it",
    ("reference_vectors", "sst_dir", "str"): "a folder without the corpus is a FileNotFoundError naming it",
    ("reference_vectors", "iteration", "zero"): "the checkpoint of iteration 0 (None if absent)",
    ("reference_vectors", "iteration", "huge"): "a checkpoint that does not exist: None",
    ("ProgressPanel", "K", "zero"): "K = 0: hierarchical softmax only",
    ("ProgressPanel", "K", "huge"): "any K: it labels the curve",
    ("StanfordSentiment", "path", "str"): "a folder without the corpus is a FileNotFoundError naming it",
    ("gensim_test_file", "name", "str"): "a file gensim does not ship: None, as without gensim",
    ("held_out_objective", "sg", "zero"): "0 and True are gensim switch values",
    ("held_out_objective", "sg", "bool"): "0 and True are gensim switch values",
    ("held_out_objective", "cbow_mean", "zero"): "0 and True are gensim switch values",
    ("held_out_objective", "cbow_mean", "bool"): "0 and True are gensim switch values",
    ("held_out_objective", "chunk", "huge"): "all examples in one chunk",
    ("save_plot", "title", "str"): "a title",
    ("write", "path", "str"): "writes the file 'x' (the test runs in a temporary folder)",
    ("check_leaky_relu_grad", "alpha", "zero"): "α = 0 is the plain ReLU",
    ("checkpoint_path", "checkpoint_dir", "str"): "a folder named 'x'",
    ("load_checkpoint", "path", "str"): "a missing file: a ValueError naming the file ('checkpoint x is unreadable')",
    ("save_checkpoint", "path", "str"): "writes the file 'x' (the test runs in a temporary folder)",
    **{("save_checkpoint", "params", label): "any finite array is a parameter vector"
       for label in ("negative", "zero", "huge", "huge float", "wrong shape", "fraction")},
    **{("save_checkpoint", p, label): "any iteration >= 0, any positive η"
       for p, label in (("iteration", "zero"), ("iteration", "huge"), ("step", "huge"), ("step", "huge float"),
                        ("step", "fraction"))},
    **{("save_checkpoint", "exploss", label): "the loss average: any finite number"
       for label in ("negative", "zero", "huge", "huge float", "fraction")},
    ("sgd", "checkpoint_dir", "str"): "checkpoints go to a folder named 'x' (the test runs in a temporary folder)",
    **{("checkpoint_path", "iteration", label): "any iteration number >= 0" for label in ("zero", "huge")},
    **{("corpus_text", "seed", label): "any int >= 0 is a seed" for label in ("zero", "huge")},
    ("fit_expected_sgns", "d", "huge"): "a (V, d) matrix: numpy's MemoryError says how much it needs",
    ("fit_expected_sgns", "K", "huge"): "K is a factor of the formula, not a number of draws",
    ("fit_expected_sgns", "lr", "fraction"): "η = 2.5",
    ("held_out_examples", "sample", "zero"): "t = 0 turns subsampling off",
    **{("held_out_examples", "seed", label): "any int >= 0 is a seed" for label in ("zero", "huge")},
    ("latest_checkpoint", "checkpoint_dir", "str"): "a folder named 'x'",
    **{("latest_checkpoint", "max_iteration", label): "any iteration number >= 0" for label in ("zero", "huge")},
    **{("progress_callback", "progress", label): "True: the default view; None: none, as False" for label in ("bool", "None")},
    **{("raw_words", "m", label): "m <= 0: no words (documented)" for label in ("negative", "zero")},
    **{("run_sanity", "atol", label): "a valid tolerance: the sanity run itself takes over a second" for label in ("zero", "huge", "huge float", "fraction")},
    **{("sgd", "x0", label): "a valid starting point" for label in ("negative", "zero", "huge", "huge float", "wrong shape", "fraction")},
    **{("sgd", "step", label): "any positive η" for label in ("huge", "huge float", "fraction")},
    ("sgd", "iterations", "zero"): "no iterations: x0 back",
    ("sgd", "save_every", "huge"): "no checkpoint before the end",
    ("sgd", "anneal_every", "huge"): "η never annealed",
    ("sgd", "print_every", "None"): "None: no prints",
    **{("skip_words", "m", label): "m <= 0: no words (documented)" for label in ("negative", "zero")},
    ("token_ids", "sentences", "empty"): "no sentences: no ids",
    **{("train_word2vec", "sg", label): "0 and True are gensim switch values" for label in ("zero", "bool")},
    **{("train_word2vec", "hs", label): "0 and True are gensim switch values" for label in ("zero", "bool")},
    ("train_word2vec", "negative", "zero"): "K = 0 with hs=1: hierarchical softmax only",
    **{("train_word2vec", "cbow_mean", label): "0 and True are gensim switch values" for label in ("zero", "bool")},
    ("train_word2vec", "vector_size", "huge"): "a (V, d) matrix: numpy's MemoryError says how much it needs",
    ("train_word2vec", "alpha", "fraction"): "α = 2.5 is in (0, 10]",
    ("train_word2vec", "min_alpha", "zero"): "η decays to 0",
    ("train_word2vec", "sample", "zero"): "t = 0 turns subsampling off",
    **{("train_word2vec", "seed", label): "any int >= 0 is a seed" for label in ("zero", "huge")},
    ("train_word2vec", "progress", "None"): "None: no progress, as False",
    ("train_word2vec", "batch_size", "huge"): "one batch per chunk",
    ("train_word2vec", "chunk_tokens", "huge"): "the whole corpus is one chunk",
    ("train_word2vec", "group", "huge"): "every example of a batch shares its negatives",
    **{("train_word2vec", "ns_exponent", label): "any exponent in [-5, 5] is a noise distribution" for label in ("negative", "zero", "fraction")},
    **{("update_step", "lr", label): "update_step computes any step; the panel refuses one it cannot draw" for label in ("huge", "huge float", "fraction")},
    **{("update_step", "seed", label): "any int >= 0 is a seed" for label in ("zero", "huge")},
    **{(name, "fn", label): "a check reports a non-function as a failed check ('not callable'), as it "
                            "reports any broken student function (tests/test_exercises.py)"
       for name in exercises.__all__ if name.startswith("check_") for label in BAD},
    ("ink", "colour", "str"): "a colour outside the palette is written as it is",
    **{("clock", "seconds", label): "a duration >= 0 in seconds, however long (1e300 s is a long m:ss)"
       for label in ("zero", "huge", "huge float", "fraction")},
    ("IterationBar", "start", "zero"): "a fresh run starts after iteration 0",
    ("IterationBar", "total", "huge"): "a long run: the bar only counts",
    ("IterationBar", "stream", "None"): "None draws nothing (documented)",
    **{("IterationBar", "interval", label): "seconds between redraws: 0 redraws every time, a long one only "
                                            "draws the last line" for label in ("zero", "huge", "huge float", "fraction")},
    ("IterationBar", "every", "huge"): "only the last iteration's line",
    **{("IterationBar", "exploss", label): "the loss average shown: any finite number"
       for label in ("negative", "zero", "huge", "huge float", "fraction")},
    **{(fn, "K", label): "K labels the starting level (K + 1) log 2 (K = 0: hierarchical softmax only)"
       for fn in ("loss_curve_png", "progress_callback") for label in ("zero", "huge")},
    ("loss_curve_png", "epoch_losses", "empty"): "no epoch finished yet: the starting level alone",
    ("loss_curve_png", "epochs", "huge"): "an x axis up to 10^12: drawn, nothing allocated",
    **{(fn, "position", "zero"): "the first word of the sentence" for fn in ("update_step", "update_step_panel")},
    ("update_step_panel", "K", "None"): "None: the default K, as in update_step",
    ("render_svg", "path", "None"): "None: no trail",
    ("render_svg", "path", "empty"): "no earlier positions: no trail",
    **{("fit_expected_sgns", "seed", label): "any int >= 0 is a seed" for label in ("zero", "huge")},
    ("sgd", "print_every", "zero"): "0 keeps no average, as None (sgd checks print_every >= 0)",
    ("sgd", "print_every", "huge"): "no average before the end",
}

#: (example, parameter, bad value): known not to be refused yet. A fixed gap fails the test.
GAPS = set()


#: Public callables without an example call here, and why (the rest of the API: see the report).
NO_EXAMPLE = {
    'AnalogyResult': 'a result type w2vlib builds and returns',
    'Batch': 'a result type w2vlib builds and returns',
    'BenchmarkScore': 'a result type w2vlib builds and returns',
    'CaseResult': 'a result type w2vlib builds and returns',
    'CheckReport': 'a result type w2vlib builds and returns',
    'ClusterCosines': 'a result type w2vlib builds and returns',
    'CommonComponent': 'a result type w2vlib builds and returns',
    'DownloadError': 'an exception class',
    'FaithfulSampler': "the course run's sampler, built by FaithfulObjective (covered) from a checked dataset",
    'GradcheckError': 'an exception class',
    'GradcheckResult': 'a result type w2vlib builds and returns',
    'GroupPercentiles': 'a result type w2vlib builds and returns',
    'HeldOut': 'a result type w2vlib builds and returns',
    'HuffmanTree': 'a result type w2vlib builds and returns',
    'Look': 'a result type w2vlib builds and returns',
    'PanelKind': 'a result type w2vlib builds and returns',
    'Part': 'a result type w2vlib builds and returns',
    'Participant': 'a result type w2vlib builds and returns',
    'Progress': 'a result type w2vlib builds and returns (what the trainers report)',
    'Request': 'a result type w2vlib builds and returns',
    'RowSparseGrad': "a result type w2vlib builds and returns (faithful's gradient, checked by sgd on use)",
    'SanityReport': 'a result type w2vlib builds and returns',
    'Setup': 'a result type w2vlib builds and returns',
    'StepResult': 'a result type w2vlib builds and returns',
    'ToyVocabulary': 'a result type w2vlib builds and returns (toy_vocabulary())',
    'UpdateStepPanel': 'built by update_step_panel (covered) from checked arguments',
    'Word2VecModel': 'a result type w2vlib builds and returns',
    'batch_loss_and_gradient': "the course run's inner step, called by FaithfulObjective with a Batch it built",
    'batch_order': "the fast trainer's per-chunk pipeline, on arrays train_word2vec built: contracts at train_word2vec",
    'cbow_examples': "the fast trainer's per-chunk pipeline, on arrays train_word2vec built: contracts at train_word2vec",
    'chunk_bounds': "the fast trainer's per-chunk pipeline, on arrays train_word2vec built: contracts at train_word2vec",
    'download_sst': 'network: a bad value accepted would download',
    'group_spans': "the fast trainer's per-chunk pipeline, on arrays train_word2vec built: contracts at train_word2vec",
    'leaf_order': "the fast trainer's per-chunk pipeline, on arrays train_word2vec built: contracts at train_word2vec",
    'main': 'a command line (data, run, sanity): argparse refuses a bad option with its usage, SystemExit 2 (tests/test_bad_input.py, test_8)',
    'randbelow': "the course run's replay of random.randint inside its inner loop, on raw words it drew",
    'random_context': "the course run's replay of getRandomContext inside its inner loop, on raw words it drew",
    'register_kind': 'changes the process-wide registry of panel kinds (tests/test_panel.py registers a dummy kind)',
    'reorder_windows': "the fast trainer's per-chunk pipeline, on arrays train_word2vec built: contracts at train_word2vec",
    'sgns_step': "the fast trainer's inner-loop step: contracts on train_word2vec / train_sgns only",
    'shard_bounds': "the fast trainer's per-chunk pipeline, on arrays train_word2vec built: contracts at train_word2vec",
    'presentation': 'switches every panel shown so far and built later, process-wide (global state)',
    'show_in_notebooks': "replaces the process-wide notebook view of the trainers' progress (a global hook)",
    'skipgram_pairs': "the fast trainer's per-chunk pipeline, on arrays train_word2vec built: contracts at train_word2vec",
    'train': 'run.train trains on SST for minutes (the base call); its arguments are checked before training (tests/test_bad_input.py, test_8)',
    'unregister_kind': 'changes the process-wide registry of panel kinds (tests/test_panel.py registers a dummy kind)',
    'word2vec_step': "the fast trainer's inner-loop step: contracts on train_word2vec / train_sgns only",
}


#: A call's budget, in CPU seconds of this process (``ITIMER_PROF``: user + system time, all
#: threads), not in wall-clock seconds: on a loaded CI machine (2 shared cores) a call that needs
#: 0.2 s of CPU can take over a second of wall time, and a wall-clock alarm then reports a hang
#: that is not one; this process's CPU time does not grow while other processes run. What the
#: budget is for, a huge value that makes a function loop or allocate for minutes, burns CPU: a
#: Python loop (or a loop of numpy calls) is interrupted at the budget, one long numpy call as soon
#: as it returns (``test_the_budget_stops_a_python_loop_and_a_numpy_loop``). A call that hangs
#: without using CPU (asleep, waiting on a lock) is stopped by ``WALL_BACKSTOP`` seconds of wall
#: time, far above what load does to a call within the budget.
CPU_BUDGET, WALL_BACKSTOP = 1.0, 30.0

#: A valid example call may use at most this much of the budget, once warm (imports done,
#: kernels compiled): a perturbation that is accepted runs about as long as the base call.
BASE_CALL_BUDGET = 0.25

#: Examples whose base call cannot be cheap, and why: their accepted values are in ACCEPTED
#: (they time out), their bad values are refused before the work starts.
SLOW_BASE_CALLS = {
    "run_sanity": "the course's harness: two gradient checks of 50-window batches, seconds even with "
                  "trivial losses; atol, naive and neg are checked before it starts",
}


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Timeout("CPU" if signum == signal.SIGPROF else "wall")


def _outcome(fn, kwargs, name, budget=CPU_BUDGET, backstop=WALL_BACKSTOP):
    """None if the call refuses ``kwargs[name]`` properly, else what went wrong."""
    old = {sig: signal.signal(sig, _on_alarm) for sig in (signal.SIGPROF, signal.SIGALRM)}
    signal.setitimer(signal.ITIMER_PROF, budget)
    signal.setitimer(signal.ITIMER_REAL, backstop)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fn(**kwargs)
    except _Timeout as exc:
        return f"took more than {budget} s of CPU" if str(exc) == "CPU" else \
            f"did not return within {backstop} s (without using CPU)"
    except (TypeError, ValueError) as exc:
        return None if name in str(exc) else f"{type(exc).__name__} not naming it: {exc}"
    except BaseException as exc:          # a warning turned error, an AttributeError, ...
        return f"{type(exc).__name__}: {exc}"
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, handler in old.items():
            signal.signal(sig, handler)
    return "accepted"


def _python_loop():
    while True:
        pass


def _numpy_loop():
    x = np.random.default_rng(0).random(10 ** 6)
    while True:
        x = np.sort(np.sin(x))


def test_the_budget_stops_a_python_loop_and_a_numpy_loop():
    """The CPU budget stops what it is for; a call that sleeps is stopped by the wall clock."""
    import time
    for loop in (_python_loop, _numpy_loop):
        start = time.process_time()
        assert _outcome(lambda: loop(), {}, "x", budget=0.2) == "took more than 0.2 s of CPU"
        assert time.process_time() - start < 1.0
    assert _outcome(lambda: time.sleep(5), {}, "x", budget=0.2, backstop=0.3) == \
        "did not return within 0.3 s (without using CPU)"


def _example_files(folder):
    """The files the example calls read: a corpus, a WordSim file, a checkpoint."""
    (folder / "tiny.txt").write_text("a b c\nb c d\n")
    (folder / "ws.tsv").write_text("a\tb\t5.0\nc\td\t1.0\na\tc\t3.0\n")
    sgd_module.save_checkpoint(folder / "saved.npz", VECS, 5, 0.3)
    write_corpus(folder / "sst")
    (folder / "an.txt").write_text(": family\na b c d\nb a d c\n")


def _generic_accept(param, label):
    """The two rules that hold for every function (see ACCEPTED)."""
    return (label == "None" and param.default is None) or \
        (label == "bool" and isinstance(param.default, bool))


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_every_bad_value_is_refused_naming_its_parameter(example, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _example_files(tmp_path)
    if example not in SLOW_BASE_CALLS:
        fn, given = EXAMPLES[example]()
        with warnings.catch_warnings():                   # warm: imports, caches, compiled kernels
            warnings.simplefilter("ignore")
            fn(**given)
    fn, given = EXAMPLES[example]()
    params = inspect.signature(fn).parameters
    base = {p: v.default for p, v in params.items()
            if v.kind not in (v.VAR_KEYWORD, v.VAR_POSITIONAL)} | given     # every parameter is perturbed
    failures, fixed = [], []
    for name in base:
        for label, value in BAD.items():
            fn, kwargs = EXAMPLES[example]()              # fresh objects: a call may consume a dataset
            kwargs[name] = value
            kwargs = {**base, **{k: v for k, v in kwargs.items() if k in given or k == name}}
            problem = _outcome(fn, kwargs, name)
            key = (example, name, label)
            if problem is None:
                if key in GAPS:
                    fixed.append(key)
                continue
            if key in ACCEPTED or key in GAPS or (problem == "accepted" and _generic_accept(params[name], label)):
                continue
            failures.append(f"{name}={label}: {problem}")
    assert not fixed, f"fixed gaps, remove them from GAPS: {fixed}"
    assert not failures, "\n".join(failures)


def test_the_valid_example_calls_work(tmp_path, monkeypatch):
    """A perturbation can only be judged against a base call that works, well within the budget."""
    import time
    monkeypatch.chdir(tmp_path)
    _example_files(tmp_path)
    slow = {}
    for example, make in EXAMPLES.items():
        for warm in (False, True):
            fn, kwargs = make()
            start = time.process_time()
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                fn(**kwargs)
            if warm and time.process_time() - start > BASE_CALL_BUDGET:
                slow[example] = round(time.process_time() - start, 2)
    assert slow.keys() >= SLOW_BASE_CALLS.keys(), "fast now: remove from SLOW_BASE_CALLS"
    slow = {k: v for k, v in slow.items() if k not in SLOW_BASE_CALLS}
    assert not slow, f"base calls over {BASE_CALL_BUDGET} s of CPU, make them cheaper: {slow}"


def _public_callables():
    names = {}
    modules = ["w2vlib"] + [f"w2vlib.{m.name}" for m in pkgutil.iter_modules(w2vlib.__path__)
                            if not m.name.startswith("_")]
    for modname in modules:
        module = importlib.import_module(modname)
        public = getattr(module, "__all__", None)
        if public is None:
            public = [n for n, v in vars(module).items() if not n.startswith("_")
                      and getattr(v, "__module__", None) == modname]
        for n in public:
            obj = getattr(module, n)
            if callable(obj) and not inspect.ismodule(obj):
                names.setdefault(getattr(obj, "__qualname__", n), modname)
    return names


def test_every_public_callable_is_covered_or_listed():
    """Which public callables the property test covers (by qualified name), which it does not."""
    covered = {ex.split(".")[-1] for ex in EXAMPLES}
    missing = sorted(q for q in _public_callables() if q not in covered and q not in NO_EXAMPLE)
    assert not missing, f"add an example call to EXAMPLES, or a reason to NO_EXAMPLE: {missing}"


# ----- the contract types themselves, over generated values --------------------------------------

@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.integers(min_value=-10 ** 6, max_value=10 ** 6), st.integers(0, 50), st.integers(0, 50))
def test_integer_contract_refuses_out_of_range_naming_it(n, lo, width):
    c = _validate.Integer(min=lo, max=lo + width)
    if lo <= n <= lo + width:
        assert c.check(n, "count", {}) == n
    else:
        with pytest.raises(ValueError, match="count"):
            c.check(n, "count", {})


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.text(max_size=3),
                 st.none(), st.lists(st.integers(), max_size=2)))
def test_real_contract_accepts_exactly_the_finite_numbers_in_range(x):
    c = _validate.Real(0.0, 1.0, low_open=True)
    ok = isinstance(x, float) and math.isfinite(x) and 0.0 < x <= 1.0
    if ok:
        assert c.check(x, "h", {}) == x
    else:
        with pytest.raises((TypeError, ValueError), match="h"):
            c.check(x, "h", {})


# ----- renamed keyword arguments: refused, naming today's name -----------------------------------

@pytest.mark.parametrize("fn, old, new, given", [
    (sampling.keep_probability, "formula", "sample_formula", dict(counts=[5, 4, 3], sample=1e-3)),
    (sampling.keep_probability_at, "formula", "sample_formula", dict(freq=[0.5, 0.3], sample=1e-3)),
    (evaluate.nearest_neighbours, "n", "topn", dict(wv=WV, word="a")),
    (evaluate.neighbours_table, "n", "topn", dict(wv=WV, words=["a"])),
    (compare.neighbour_table, "k", "topn", dict(wv=WV, n_words=3)),
    *[(w2vlib.train_sgns, old, new, dict(sentences=[["a", "b", "c"]] * 3, min_count=1, progress=False))
      for old, new in RENAMED_PARAMETERS.items()],
    *[(w2vlib.train_word2vec, old, new, dict(sentences=[["a", "b", "c"]] * 3, min_count=1, progress=False))
      for old, new in RENAMED_PARAMETERS.items()],
])
def test_an_old_keyword_is_refused_naming_the_new_one(fn, old, new, given):
    assert fn.__renamed__[old] == new
    with pytest.raises(TypeError, match=rf"{fn.__name__}: '{old}' is now called '{new}', e\.g\. {fn.__name__}\(\.\.\., {new}=\.\.\.\)"):
        fn(**given, **{old: 1})


def test_checked_binds_arguments_as_python_does():
    """The decorator's own binder (no inspect.Signature.bind per call) agrees with Python's rules."""
    @_validate.checked(a=_validate.Integer(min=0), renamed={"old": "b"})
    def f(a, b=2, *, c=3):
        return a, b, c

    assert f(1) == (1, 2, 3) and f(1, 5, c=4) == (1, 5, 4) and f(a=2, c=0) == (2, 2, 0)
    for call, message in [(lambda: f(), "f(): missing a required argument: 'a'"),
                          (lambda: f(1, a=2), "f(): multiple values for argument 'a'"),
                          (lambda: f(1, z=3), "f(): got an unexpected keyword argument 'z'"),
                          (lambda: f(1, 2, 3), "f(): too many positional arguments"),
                          (lambda: f(1, old=3), "f: 'old' is now called 'b', e.g. f(..., b=...)")]:
        with pytest.raises(TypeError) as info:
            call()
        assert str(info.value).replace(f.__qualname__, "f") == message
    with pytest.raises(ValueError, match="a must be >= 0, got -1"):
        f(-1)
