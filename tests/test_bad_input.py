"""Bad input, damaged files, interrupted runs: nothing silent, nothing cryptic, nothing lost.

One test per category of issue 11, each parametrised over the cases tried. A case either ends
in a ``ValueError``/``TypeError`` (or, for a file system problem, an ``OSError``) whose message
names the argument, the file or the flag, or it works and gives the right answer. Every case
runs with warnings turned into errors, so a RuntimeWarning (an overflow on the way to a silent
inf or NaN) fails it. The command-line and file cases live in the later sections.
"""
import errno
import io
import os
import pickle
import random
import signal
import subprocess
import sys
import threading
import time
import warnings
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from conftest import write_corpus
from w2vlib import (ReplayDataset, RowSparseGrad, StanfordSentiment, WordVectors, cross_entropy,
                    get_negative_samples, gradcheck, leaky_relu, leaky_relu_grad, log_sigmoid,
                    naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient, sgd, sigmoid,
                    sigmoid_grad, skipgram, softmax, word2vec_sgd_wrapper)
from w2vlib import data, evaluate, run, tiny_corpus
from w2vlib.faithful import FaithfulObjective
from w2vlib.plot import pca_coordinates, plot_word_vectors
from w2vlib.sgd import checkpoint_path, load_checkpoint, save_checkpoint

REPO = Path(__file__).resolve().parents[1]
SHARED_SST = REPO.parent / "shared" / "data" / "sst"
needs_sst = pytest.mark.reference_data(SHARED_SST / "datasetSentences.txt")   # a failure under CI

RNG = np.random.default_rng(11)
V_C = RNG.standard_normal(3)
U = RNG.standard_normal((5, 3))
W2I = {w: i for i, w in enumerate("abcde")}
WORDS = list("abcde")


class Uniform:
    """A dataset drawing uniformly from range(5) through Python's random."""

    def sample_token_idx(self):
        return random.randint(0, 4)

    def get_random_context(self, C):
        return WORDS[random.randint(0, 4)], [WORDS[random.randint(0, 4)] for _ in range(2 * C)]


def quad(x):
    return float(np.sum(x ** 2)), 2 * x


def run_case(thunk, expected):
    """Run ``thunk`` with warnings as errors; ``expected`` is (exception type, regex) or a check."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        if isinstance(expected, tuple):
            exc, match = expected
            with pytest.raises(exc, match=match):
                thunk()
        else:
            expected(thunk())


def same_as(reference):
    """A check: the result equals ``reference`` (arrays compared exactly, tuples elementwise)."""
    def check(got):
        ref = reference() if callable(reference) else reference
        if isinstance(ref, tuple):
            assert len(got) == len(ref)
            for g, r in zip(got, ref):
                np.testing.assert_array_equal(g, r)
        else:
            np.testing.assert_array_equal(got, ref)
    return check


def finite(got):
    for part in (got if isinstance(got, tuple) else (got,)):
        assert np.all(np.isfinite(part)), part


def cases(table):
    return [pytest.param(thunk, expected, id=name) for name, thunk, expected in table]


# ----- 1. arrays of the wrong kind -----------------------------------------------------------------
X = np.array([0.5, -1.0, 2.0])
KIND = [
    # refused: bools taken as 0/1, complex numbers losing their imaginary part, strings
    ("softmax-bool-array", lambda: softmax(np.array([True, False])), (TypeError, "x must hold real numbers.*bool")),
    ("softmax-bool-in-list", lambda: softmax([True, 2.0]), (TypeError, "x must hold real numbers, not bools")),
    ("softmax-complex", lambda: softmax(X + 1j), (TypeError, "x must hold real numbers.*complex")),
    ("softmax-strings", lambda: softmax(np.array(["1.0", "2.0"])), (TypeError, "x must hold real numbers.*str")),
    ("sigmoid-True", lambda: sigmoid(True), (TypeError, "x must hold real numbers, not bools")),
    ("sigmoid-bool-array", lambda: sigmoid(np.array([True, False])), (TypeError, "x .*bool")),
    ("sigmoid_grad-True", lambda: sigmoid_grad(True), (TypeError, "x .*bool")),
    ("log_sigmoid-complex", lambda: log_sigmoid(1j), (TypeError, "x .*complex")),
    ("leaky_relu-True", lambda: leaky_relu(True), (TypeError, "x .*bool")),
    ("leaky_relu-alpha-True", lambda: leaky_relu(X, alpha=True), (TypeError, "alpha")),
    ("leaky_relu_grad-complex", lambda: leaky_relu_grad(np.array([1 + 1j])), (TypeError, "x .*complex")),
    ("cross_entropy-bool-y", lambda: cross_entropy([False, True], [0.5, 0.5]), (TypeError, "y must hold real")),
    ("naive-complex-v", lambda: naive_softmax_loss_and_gradient(V_C + 1j, 0, U), (TypeError, "center_word_vec .*complex")),
    ("naive-bool-U", lambda: naive_softmax_loss_and_gradient(V_C, 0, U > 0), (TypeError, "outside_vectors .*bool")),
    ("naive-True-index", lambda: naive_softmax_loss_and_gradient(V_C, True, U), (TypeError, "outside_word_idx")),
    ("naive-np.True_-index", lambda: naive_softmax_loss_and_gradient(V_C, np.True_, U), (TypeError, "outside_word_idx")),
    ("naive-float-index", lambda: naive_softmax_loss_and_gradient(V_C, 1.0, U), (TypeError, "outside_word_idx")),
    ("negsamp-complex-U", lambda: neg_sampling_loss_and_gradient(V_C, 0, U + 1j, Uniform()), (TypeError, "outside_vectors .*complex")),
    ("negsamp-K-True", lambda: get_negative_samples(0, Uniform(), True), (TypeError, "K must be an integer")),
    ("skipgram-complex", lambda: skipgram("a", 1, ["b"], W2I, U + 1j, U, Uniform()), (TypeError, "center_word_vectors .*complex")),
    ("sgd-complex-x0", lambda: sgd(quad, np.ones(2) + 1j, 0.1, 2, print_every=None), (TypeError, "x0 .*complex")),
    ("gradcheck-complex-x", lambda: gradcheck(quad, np.ones(2) + 1j), (TypeError, "x .*complex")),
    ("WordVectors-complex", lambda: WordVectors(WORDS, U + 1j), (TypeError, "vectors .*complex")),
    ("WordVectors-bool", lambda: WordVectors(WORDS, U > 0), (TypeError, "vectors .*bool")),
    ("WordVectors-int-words", lambda: WordVectors([1, 2, 3, 4, 5], U), (TypeError, "words must hold strings")),
    ("object-array-with-complex", lambda: softmax(np.array([1.0, 2j], dtype=object)), (TypeError, "x must hold real")),
    ("object-array-with-bool", lambda: softmax(np.array([1.0, True], dtype=object)), (TypeError, "bools")),
    # accepted: float16/float32 computed in float64, a 0-d integer index, object arrays, numpy words
    ("softmax-float32", lambda: softmax(X.astype(np.float32)), same_as(lambda: softmax(X.astype(np.float32).astype(np.float64)))),
    ("softmax-float16", lambda: softmax(X.astype(np.float16)), same_as(lambda: softmax(X.astype(np.float16).astype(np.float64)))),
    ("softmax-object-floats", lambda: softmax(np.array([0.5, -1.0, 2.0], dtype=object)), same_as(lambda: softmax(X))),
    ("sigmoid-float32-scalar", lambda: sigmoid(np.float32(0.5)), same_as(lambda: sigmoid(0.5))),
    ("sigmoid-object-array", lambda: sigmoid(np.array([0.5, -1.0], dtype=object)), same_as(lambda: sigmoid(np.array([0.5, -1.0])))),
    ("leaky_relu-int-array", lambda: leaky_relu(np.array([-2, 3])), same_as(np.array([-0.02, 3.0]))),
    ("naive-0d-index-float32",
     lambda: naive_softmax_loss_and_gradient(V_C.astype(np.float32), np.array(2), U.astype(np.float32)),
     same_as(lambda: naive_softmax_loss_and_gradient(V_C.astype(np.float32).astype(float), 2,
                                                     U.astype(np.float32).astype(float)))),
    ("negsamp-0d-index", lambda: neg_sampling_loss_and_gradient(V_C, np.array(1), U, ReplayDataset([0, 2, 3]), K=3),
     same_as(lambda: neg_sampling_loss_and_gradient(V_C, 1, U, ReplayDataset([0, 2, 3]), K=3))),
    ("skipgram-numpy-words", lambda: skipgram(np.str_("a"), 1, np.array(["b", "c"]), W2I, U, U, None),
     same_as(lambda: skipgram("a", 1, ["b", "c"], W2I, U, U, None))),
    ("WordVectors-numpy-words", lambda: WordVectors(np.array(WORDS), U).words, same_as(np.array(WORDS))),
    ("pca-numpy-words", lambda: pca_coordinates(U, W2I, np.array(WORDS)), same_as(lambda: pca_coordinates(U, W2I, WORDS))),
    ("sgd-float32-x0", lambda: sgd(quad, np.ones(2, np.float32), 0.1, 3, print_every=None), same_as(lambda: sgd(quad, np.ones(2), 0.1, 3, print_every=None))),
]


@pytest.mark.parametrize("thunk, expected", cases(KIND))
def test_1_arrays_of_the_wrong_kind(thunk, expected):
    run_case(thunk, expected)


# ----- 2. raw errors from deep inside --------------------------------------------------------------
def two_values(v, o, U_, dataset=None):
    loss, g_c, _ = naive_softmax_loss_and_gradient(v, o, U_)
    return loss, g_c


def model_two_values(*args):
    return skipgram(*args)[:2]


def zero_vector_words():
    return WordVectors(["a", "b", "c"], np.array([[1.0, 0.0], [0.0, 0.0], [0.5, 0.5]]))


def write(tmp_path, name, content):
    path = tmp_path / name
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    return path


RAW = [
    ("ragged-list", lambda t: softmax([[1.0, 2.0], [3.0]]), (ValueError, "x is ragged")),
    ("ragged-U", lambda t: naive_softmax_loss_and_gradient(V_C, 0, [[1.0, 2.0, 3.0], [1.0]]), (ValueError, "outside_vectors is ragged")),
    ("axis-out-of-range", lambda t: softmax(X, axis=2), (ValueError, "axis=2 is out of range")),
    ("axis-float", lambda t: softmax(X, axis=0.5), (TypeError, "axis must be an integer")),
    ("sgd-f-not-callable", lambda t: sgd(3, np.ones(2), 0.1, 2), (TypeError, "f must be a function")),
    ("sgd-postprocessing-not-callable", lambda t: sgd(quad, np.ones(2), 0.1, 2, postprocessing=5), (TypeError, "postprocessing must be a function")),
    ("sgd-callback-not-callable", lambda t: sgd(quad, np.ones(2), 0.1, 2, callback="x"), (TypeError, "callback must be a function")),
    ("sgd-postprocessing-wrong-shape", lambda t: sgd(quad, np.ones(2), 0.1, 2, print_every=None, postprocessing=lambda x: x[:1]),
     (ValueError, "postprocessing returned shape")),
    ("sgd-f-returns-one-value", lambda t: sgd(lambda x: 1.0, np.ones(2), 0.1, 2), (TypeError, "f must return \\(loss, gradient\\)")),
    ("gradcheck-f-not-callable", lambda t: gradcheck(None, np.ones(2)), (TypeError, "f must be a function")),
    ("gradcheck-h-zero", lambda t: gradcheck(quad, np.ones(2), h=0), (ValueError, r"h must be a finite number in \(0, 1\]")),
    ("skipgram-loss-not-callable", lambda t: skipgram("a", 1, ["b"], W2I, U, U, None, loss_and_gradient=3), (TypeError, "loss_and_gradient must be a function")),
    ("skipgram-loss-returns-two", lambda t: skipgram("a", 1, ["b"], W2I, U, U, None, loss_and_gradient=two_values),
     (TypeError, "loss_and_gradient must return \\(loss, grad_center, grad_outside\\), got a tuple of 2")),
    ("skipgram-loss-wrong-shape", lambda t: skipgram("a", 1, ["b"], W2I, U, U, None,
                                                     loss_and_gradient=lambda v, o, U_, d: (1.0, v[:1], U_)),
     (ValueError, "loss_and_gradient returned gradients of shapes")),
    ("wrapper-model-not-callable", lambda t: word2vec_sgd_wrapper(3, W2I, np.vstack([U, U]), Uniform(), 2), (TypeError, "model must be a function")),
    ("wrapper-model-returns-two", lambda t: word2vec_sgd_wrapper(model_two_values, W2I, np.vstack([U, U]), Uniform(), 2),
     (TypeError, "model must return")),
    ("wrapper-dataset-without-context", lambda t: word2vec_sgd_wrapper(skipgram, W2I, np.vstack([U, U]), object(), 2),
     (TypeError, "get_random_context")),
    ("skipgram-word2ind-list", lambda t: skipgram("a", 1, ["b"], WORDS, U, U, None), (TypeError, "word2ind must be a mapping")),
    ("skipgram-word2ind-float", lambda t: skipgram("a", 1, ["b"], {**W2I, "b": 1.0}, U, U, None), (TypeError, "word2ind maps 'b' to 1.0")),
    ("skipgram-word2ind-bool", lambda t: skipgram("a", 1, ["b"], {**W2I, "b": True}, U, U, None), (TypeError, "word2ind maps 'b' to True")),
    ("skipgram-word2ind-out-of-range", lambda t: skipgram("a", 1, ["b"], {**W2I, "b": 9}, U, U, None), (ValueError, "word2ind maps 'b' to 9")),
    ("skipgram-word2ind-negative", lambda t: skipgram("a", 1, ["b"], {**W2I, "a": -1}, U, U, None), (ValueError, "word2ind maps 'a' to -1")),
    ("skipgram-outside-None", lambda t: skipgram("a", 1, None, W2I, U, U, None), (TypeError, "outside_words must be a list")),
    ("skipgram-outside-int", lambda t: skipgram("a", 1, 5, W2I, U, U, None), (TypeError, "outside_words must be a list")),
    ("negsamp-dataset-without-sampler", lambda t: neg_sampling_loss_and_gradient(V_C, 0, U, object()), (TypeError, "dataset must have a sample_token_idx")),
    ("common_component-outside-wrong-shape",
     lambda t: evaluate.common_component(WordVectors(WORDS, U, counts=np.ones(5)), WORDS, np.ones((4, 3))),
     (ValueError, "outside_vectors must have the shape")),
    ("common_component-one-word", lambda t: evaluate.common_component(WordVectors(WORDS, U), ["a"]), (ValueError, "at least 2 words")),
    ("common_component-zero-vector", lambda t: evaluate.common_component(zero_vector_words(), ["a", "b"]), (ValueError, "'b' has a zero vector")),
    ("common_component-not-WordVectors", lambda t: evaluate.common_component(U, ["a", "b"]), (TypeError, "wv must be a WordVectors")),
    ("cluster_cosines-pool-string", lambda t: evaluate.cluster_cosines(WordVectors(WORDS, U), [("a", "b")], pool="abc"), (TypeError, "pool must be a list")),
    ("plot-overflowing-vectors", lambda t: plot_word_vectors(U * 1e200, W2I, WORDS), (ValueError, "too large to project")),
    ("plot-word2ind-list", lambda t: pca_coordinates(U, WORDS, WORDS), (TypeError, "word2ind must be a mapping")),
    ("plot-word2ind-bool-row", lambda t: pca_coordinates(U, {**W2I, "a": True}, WORDS), (TypeError, "word2ind maps 'a' to True")),
    ("tiny-corpus-directory", lambda t: tiny_corpus.load_tiny_corpus(t), (ValueError, "is a folder")),
    ("tiny-corpus-binary", lambda t: tiny_corpus.load_tiny_corpus(write(t, "c.bin", b"\x89PNG\r\n\x1a\n\xff\xfe")), (ValueError, "c.bin is not UTF-8")),
    ("tiny-corpus-nul-bytes", lambda t: tiny_corpus.load_tiny_corpus(write(t, "c.bin", b"a b\x00\x00 c\n")), (ValueError, "c.bin holds NUL bytes")),
    ("w2v-not-a-number", lambda t: WordVectors.load_word2vec_format(write(t, "v.txt", "2 2\na 1 2\nb 1 x\n")), (ValueError, "v.txt:3: could not convert")),
    ("w2v-nan", lambda t: WordVectors.load_word2vec_format(write(t, "v.txt", "2 2\na 1 2\nb 1 nan\n")), (ValueError, "v.txt:3: .*'b' holds a non-finite")),
    ("w2v-too-few-lines", lambda t: WordVectors.load_word2vec_format(write(t, "v.txt", "3 2\na 1 2\nb 1 2\n")), (ValueError, "v.txt: header says 3 words, found 2")),
    ("w2v-too-many-lines", lambda t: WordVectors.load_word2vec_format(write(t, "v.txt", "1 2\na 1 2\nb 1 2\n")), (ValueError, "v.txt: header says 1 words, found 2")),
    ("w2v-bad-header", lambda t: WordVectors.load_word2vec_format(write(t, "v.txt", "two 2\na 1 2\n")), (ValueError, "v.txt: expected a header")),
    ("w2v-zero-dim", lambda t: WordVectors.load_word2vec_format(write(t, "v.txt", "1 0\na\n")), (ValueError, "v.txt: the header says 1 words of dimension 0")),
    ("w2v-duplicate-words", lambda t: WordVectors.load_word2vec_format(write(t, "v.txt", "2 1\na 1\na 2\n")), (ValueError, "v.txt: words must be unique")),
    ("w2v-binary", lambda t: WordVectors.load_word2vec_format(write(t, "v.bin", b"2 2\na \x00\x00\x80\xff\x00\n")), (ValueError, "v.bin is not UTF-8")),
    ("w2v-directory", lambda t: WordVectors.load_word2vec_format(t), (ValueError, "is a folder")),
    ("w2v-empty", lambda t: WordVectors.load_word2vec_format(write(t, "v.txt", "")), (ValueError, "v.txt: expected a header")),
    ("wordsim-malformed", lambda t: evaluate.wordsim_spearman(WordVectors(WORDS, U), write(t, "ws.tsv", "a\tb\t3.5\na b 2\n")),
     (ValueError, "ws.tsv:2: expected 'word1<TAB>word2<TAB>score'")),
    ("wordsim-nan-score", lambda t: evaluate.wordsim_spearman(WordVectors(WORDS, U), write(t, "ws.tsv", "a\tb\tnan\n")),
     (ValueError, "ws.tsv:1: expected")),
    ("wordsim-constant-cosines", lambda t: evaluate.wordsim_spearman(WordVectors(WORDS[:4], np.eye(4)),
                                                                     write(t, "ws.tsv", "a\tb\t1\nc\td\t2\na\tc\t3\n")).score,
     lambda score: np.isnan(score)),
    ("analogies-three-words", lambda t: evaluate.analogy_accuracy(WordVectors(WORDS, U), write(t, "q.txt", ": x\na b c\n")),
     (ValueError, "q.txt:2: expected four words")),
    ("analogies-binary", lambda t: evaluate.analogy_accuracy(WordVectors(WORDS, U), write(t, "q.txt", b"\xff\xfe\x00")),
     (ValueError, "q.txt is not UTF-8")),
]


@pytest.mark.parametrize("thunk, expected", cases(RAW))
def test_2_no_raw_errors_from_deep_inside(thunk, expected, tmp_path):
    run_case(lambda: thunk(tmp_path), expected)


@needs_sst
@pytest.mark.parametrize("content", [b"", b"\x93NUMPY garbage", pickle.dumps(np.ones((2, 2))), b"PK\x03\x04 broken"])
def test_2_a_damaged_reference_checkpoint_is_named(tmp_path, content):
    (tmp_path / "saved_params_40000.npy").write_bytes(content)
    with pytest.raises(ValueError, match="saved_params_40000.npy"):
        evaluate.reference_vectors(ref_dir=tmp_path, sst_dir=SHARED_SST)


# ----- 3. scalars --------------------------------------------------------------------------------
SCALARS = [
    ("sgd-iterations-2.7", lambda: sgd(quad, np.ones(2), 0.1, 2.7), (TypeError, "iterations must be an integer")),
    ("sgd-iterations-str", lambda: sgd(quad, np.ones(2), 0.1, "3"), (TypeError, "iterations must be an integer")),
    ("sgd-iterations-True", lambda: sgd(quad, np.ones(2), 0.1, True), (TypeError, "iterations must be an integer")),
    ("sgd-iterations-negative", lambda: sgd(quad, np.ones(2), 0.1, -1), (ValueError, "iterations must be >= 0")),
    ("sgd-print_every-negative", lambda: sgd(quad, np.ones(2), 0.1, 2, print_every=-5), (ValueError, "print_every must be >= 0")),
    ("sgd-print_every-float", lambda: sgd(quad, np.ones(2), 0.1, 2, print_every=2.5), (TypeError, "print_every must be an integer")),
    ("sgd-step-nan", lambda: sgd(quad, np.ones(2), np.nan, 2), (ValueError, "step must be a positive finite")),
    ("sgd-step-negative", lambda: sgd(quad, np.ones(2), -0.1, 2), (ValueError, "step must be a positive finite")),
    ("sgd-step-zero", lambda: sgd(quad, np.ones(2), 0.0, 2), (ValueError, "step must be a positive finite")),
    ("sgd-step-inf", lambda: sgd(quad, np.ones(2), np.inf, 2), (ValueError, "step must be a positive finite")),
    ("sgd-step-str", lambda: sgd(quad, np.ones(2), "0.1", 2), (TypeError, "step must be a number")),
    ("sgd-step-True", lambda: sgd(quad, np.ones(2), True, 2), (TypeError, "step must be a number")),
    ("sgd-save_every-float", lambda: sgd(quad, np.ones(2), 0.1, 2, save_every=2.0), (TypeError, "save_every must be an integer")),
    ("sgd-anneal_every-True", lambda: sgd(quad, np.ones(2), 0.1, 2, anneal_every=True), (TypeError, "anneal_every must be an integer")),
    ("sgd-string-loss", lambda: sgd(lambda x: ("1.0", 2 * x), np.ones(2), 0.1, 2, print_every=1), (TypeError, "loss returned by f must be a real number")),
    ("sgd-None-loss", lambda: sgd(lambda x: (None, 2 * x), np.ones(2), 0.1, 2), (TypeError, "loss returned by f must be a real number")),
    ("gradcheck-tol-nan", lambda: gradcheck(quad, np.ones(2), tol=np.nan), (ValueError, "tol must be a finite number >= 0")),
    ("gradcheck-tol-negative", lambda: gradcheck(quad, np.ones(2), tol=-1e-5), (ValueError, "tol must be")),
    ("gradcheck-h-negative", lambda: gradcheck(quad, np.ones(2), h=-1e-4), (ValueError, r"h must be a finite number in \(0, 1\]")),
    ("gradcheck-h-str", lambda: gradcheck(quad, np.ones(2), h="1e-4"), (TypeError, "h must be a number")),
    ("gradcheck-string-loss", lambda: gradcheck(lambda x: ("1", 2 * x), np.ones(2)), (TypeError, "loss returned by f must be a real number")),
    ("K-2.5", lambda: get_negative_samples(0, Uniform(), 2.5), (TypeError, "K must be an integer")),
    ("K-str", lambda: neg_sampling_loss_and_gradient(V_C, 0, U, Uniform(), K="3"), (TypeError, "K must be an integer")),
    ("K-zero", lambda: neg_sampling_loss_and_gradient(V_C, 0, U, Uniform(), K=0), (ValueError, "K must be at least 1")),
    ("window_size-1.5", lambda: skipgram("a", 1.5, ["b"], W2I, U, U, None), (TypeError, "window_size must be an integer")),
    ("window_size-True", lambda: word2vec_sgd_wrapper(skipgram, W2I, np.vstack([U, U]), Uniform(), True), (TypeError, "window_size must be an integer")),
    ("alpha-nan", lambda: leaky_relu(X, alpha=np.nan), (ValueError, "alpha holds a non-finite")),
    ("alpha-1", lambda: leaky_relu(X, alpha=1.0), (ValueError, "alpha must satisfy")),
    ("alpha-str", lambda: leaky_relu_grad(X, alpha="0.1"), (TypeError, "alpha must be a numeric")),
    ("most_similar-topn-zero", lambda: WordVectors(WORDS, U).most_similar("a", topn=0), (ValueError, "topn must be at least 1")),
    ("most_similar-topn-2.5", lambda: WordVectors(WORDS, U).most_similar("a", topn=2.5), (TypeError, "topn must be an integer")),
    ("most_similar-old-n", lambda: WordVectors(WORDS, U).most_similar("a", 2), (TypeError, r"negative must be a word .* most_similar\(word, topn=n\)")),
    ("restrict-min_count-1.5", lambda: WordVectors(WORDS, U, counts=np.ones(5)).restrict(1.5), (TypeError, "min_count must be an integer")),
    ("cluster_cosines-seed-negative", lambda: evaluate.cluster_cosines(WordVectors(WORDS, U), [("a", "b")], seed=-1), (ValueError, "seed must be a non-negative integer")),
    ("cluster_cosines-n_random-float", lambda: evaluate.cluster_cosines(WordVectors(WORDS, U), [("a", "b")], n_random=1e3), (TypeError, "n_random must be an integer")),
    ("tiny-seed-float", lambda: tiny_corpus.generate(10, seed=1.5), (TypeError, "seed must be a non-negative integer")),
    ("neighbours_table-min_count-str", lambda: evaluate.neighbours_table(WordVectors(WORDS, U), ["a"], min_count="2"), (TypeError, "min_count must be an integer")),
    ("tablesize-True", lambda: StanfordSentiment(SHARED_SST if SHARED_SST.is_dir() else None, tablesize=True), (TypeError, "tablesize must be an integer")),
    ("allow_modified-str", lambda: StanfordSentiment(SHARED_SST if SHARED_SST.is_dir() else None, allow_modified="yes"), (TypeError, "allow_modified must be True or False")),
    ("run-iterations-2.5", lambda: run.train(2.5), (TypeError, "iterations must be an integer")),
    ("tiny-n_sentences-float", lambda: tiny_corpus.generate(2.5), (TypeError, "n_sentences must be an integer")),
    ("download-timeout-zero", lambda: data.download_sst("/tmp/w2vlib-never", timeout=0), (ValueError, "timeout must be a positive")),
    ("download-sha256-short", lambda: data.download_sst("/tmp/w2vlib-never", sha256="abc"), (ValueError, "sha256 must be 64 hexadecimal")),
]


@pytest.mark.parametrize("thunk, expected", cases(SCALARS))
def test_3_scalars_are_what_they_say(thunk, expected):
    run_case(thunk, expected)


# ----- 4. no limit on work ---------------------------------------------------------------------------
class Forever:
    """A sampler that only ever returns the outside word."""

    def sample_token_idx(self):
        return 0


LIMITS = [
    ("get_negative_samples-K-1e8", lambda: get_negative_samples(0, Uniform(), 10 ** 8), (ValueError, "K=100000000 is too large")),
    ("negsamp-K-1e8", lambda: neg_sampling_loss_and_gradient(V_C, 0, U, Uniform(), K=10 ** 8), (ValueError, "K=100000000 is too large")),
    ("faithful-K-1e8", lambda: FaithfulObjective(StanfordSentiment(write_corpus(Path(os.environ["W2VLIB_TEST_TMP"]) / "c"), allow_modified=True),
                                                 K=10 ** 8), (ValueError, "K=100000000 is too large")),
    ("tablesize-1e10", lambda: StanfordSentiment(write_corpus(Path(os.environ["W2VLIB_TEST_TMP"]) / "c"), tablesize=10 ** 10), (ValueError, "tablesize=10000000000 is too large")),
    ("cluster_cosines-n_random-1e10", lambda: evaluate.cluster_cosines(WordVectors(WORDS, U), [("a", "b")], n_random=10 ** 10), (ValueError, "n_random=10000000000 is too large")),
    ("tiny-generate-1e10", lambda: tiny_corpus.generate(10 ** 10), (ValueError, "n_sentences=10000000000 is too large")),
    ("sampler-returns-only-o", lambda: get_negative_samples(0, Forever(), 3), (ValueError, "returned the outside word 0 10000 times")),
    ("replay-runs-out", lambda: neg_sampling_loss_and_gradient(V_C, 0, U, ReplayDataset([1, 2]), K=3), (ValueError, "ReplayDataset ran out")),
]


@pytest.mark.parametrize("thunk, expected", cases(LIMITS))
def test_4_work_is_bounded_before_it_starts(thunk, expected, tmp_path, monkeypatch):
    monkeypatch.setenv("W2VLIB_TEST_TMP", str(tmp_path))
    run_case(thunk, expected)


# ----- 5. overflow from finite inputs ----------------------------------------------------------------
def one_window():
    random.seed(3)
    return word2vec_sgd_wrapper(skipgram, W2I, np.vstack([U, U]) * 1e160, Uniform(), 2)


OVERFLOW = [
    ("naive-1e160", lambda: naive_softmax_loss_and_gradient(V_C * 1e160, 0, U * 1e160), (ValueError, "too large: the scores")),
    ("naive-U-1e305", lambda: naive_softmax_loss_and_gradient(V_C * 1e-10, 0, U * 1e305), (ValueError, "too large")),
    ("negsamp-1e160", lambda: neg_sampling_loss_and_gradient(V_C * 1e160, 0, U * 1e160, Uniform()), (ValueError, "too large: the scores")),
    ("skipgram-1e160", lambda: skipgram("a", 2, ["b", "c"], W2I, U * 1e160, U * 1e160, None), (ValueError, "too large")),
    ("skipgram-negsamp-1e160", lambda: skipgram("a", 2, ["b", "c"], W2I, U * 1e160, U * 1e160, Uniform(),
                                                neg_sampling_loss_and_gradient), (ValueError, "too large")),
    ("wrapper-1e160", one_window, (ValueError, "too large")),
    ("naive-1e100-finite", lambda: naive_softmax_loss_and_gradient(V_C * 1e100, 0, U * 1e100), finite),
    ("negsamp-1e100-finite", lambda: neg_sampling_loss_and_gradient(V_C * 1e100, 0, U * 1e100, ReplayDataset([1, 2]), K=2), finite),
    ("softmax-extremes", lambda: softmax(np.array([-1.7e308, 1.7e308])), same_as(np.array([0.0, 1.0]))),
    ("softmax-all-max", lambda: softmax(np.full(3, 1.7e308)), same_as(np.full(3, 1 / 3))),
    ("softmax-2d-extremes", lambda: softmax(np.array([[-1.7e308, 1.7e308], [1.0, 1.0]]), axis=1), same_as(np.array([[0.0, 1.0], [0.5, 0.5]]))),
    ("leaky_relu-minus-inf-alpha-0", lambda: leaky_relu(-np.inf, alpha=0), (ValueError, "alpha = 0: α·x = 0·\\(−inf\\)")),
    ("leaky_relu-minus-inf", lambda: leaky_relu(-np.inf), same_as(-np.inf)),
    ("leaky_relu-plus-inf-alpha-0", lambda: leaky_relu(np.array([np.inf, -2.0]), alpha=0), same_as(np.array([np.inf, -0.0]))),
    ("leaky_relu-max-float", lambda: leaky_relu(np.array([-1.7e308, 1.7e308]), alpha=0.5), same_as(np.array([-0.85e308, 1.7e308]))),
    ("sigmoid-1e308", lambda: sigmoid(np.array([-1e308, 1e308])), same_as(np.array([0.0, 1.0]))),
    ("sigmoid_grad-1e308", lambda: sigmoid_grad(np.array([-1e308, 1e308])), same_as(np.array([0.0, 0.0]))),
    ("log_sigmoid-minus-1e308", lambda: log_sigmoid(-1e308), same_as(-1e308)),
    ("cross_entropy-tiny", lambda: cross_entropy([0.0, 1.0], [1.0 - 1e-300, 1e-300]), finite),
]


@pytest.mark.parametrize("thunk, expected", cases(OVERFLOW))
def test_5_overflow_gives_finite_results_or_a_clear_error(thunk, expected):
    with np.errstate(over="raise", invalid="raise", divide="raise"):     # underflow to 0 is fine
        run_case(thunk, expected)


# ----- 6. training that goes bad -------------------------------------------------------------------
def bad_at(iteration, what):
    """An objective that is fine until ``iteration``, then returns a bad loss or gradient."""
    calls = [0]

    def f(x):
        calls[0] += 1
        loss, grad = quad(x)
        if calls[0] >= iteration:
            if what == "nan-loss":
                return float("nan"), grad
            if what == "inf-loss":
                return np.inf, grad
            if what == "nan-grad":
                return loss, np.full_like(x, np.nan)
            if what == "huge-grad":
                return loss, np.full_like(x, 1e308)
            if what == "sparse-nan":
                return loss, RowSparseGrad(np.array([0]), np.full((1,) + x.shape[1:], np.nan))
            if what == "sparse-huge":
                return loss, RowSparseGrad(np.array([1]), np.full((1,) + x.shape[1:], -1e308))
        return loss, grad
    return f


@pytest.mark.parametrize("what", ["nan-loss", "inf-loss", "nan-grad", "huge-grad", "sparse-nan", "sparse-huge",
                                  "postprocessing-nan", "resumed-nan-loss"])
def test_6_training_stops_at_the_bad_iteration_and_keeps_the_last_good_checkpoint(tmp_path, what):
    x0 = np.ones((3, 2))
    post = None
    if what == "postprocessing-nan":
        f, post = quad, (lambda x: x * np.nan if x[0, 0] < 0.8 ** 7 + 1e-12 else x)
    elif what == "resumed-nan-loss":
        sgd(quad, x0, 0.1, 5, checkpoint_dir=tmp_path, save_every=5, print_every=None)
        f = bad_at(2, "nan-loss")
    else:
        f = bad_at(7, what)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="iteration 7: .*(last checkpoint is .*saved_params_5.npz)") as info:
            sgd(f, x0, 10.0 if "huge" in what else 0.1, 20, checkpoint_dir=tmp_path, save_every=5,
                print_every=1, verbose=False, postprocessing=post)
    assert "non-finite" in str(info.value) or "not finite" in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["saved_params_5.npz"]
    assert np.all(np.isfinite(load_checkpoint(tmp_path / "saved_params_5.npz")["params"]))


def test_6_a_bad_first_iteration_says_nothing_was_written():
    with pytest.raises(ValueError, match="iteration 1: .*no checkpoint was written"):
        sgd(bad_at(1, "nan-loss"), np.ones(2), 0.1, 3, print_every=None)


# ----- 7. checkpoints ------------------------------------------------------------------------------
def good_checkpoint(folder, iteration=5):
    random.seed(1)
    np.random.seed(1)
    path = checkpoint_path(folder, iteration)
    save_checkpoint(path, np.arange(6.0).reshape(3, 2), iteration, 0.25, 1.5)
    return path


def rewrite(path, **changes):
    """Rewrite the checkpoint at ``path`` with some fields changed (None removes a field)."""
    with np.load(path) as z:
        fields = {k: z[k] for k in z.files}
    for k, v in changes.items():
        if v is None:
            fields.pop(k)
        else:
            fields[k] = v
    with open(path, "wb") as fh:
        np.savez(fh, **fields)


BAD_FIELDS = [
    ("iteration-1e6", dict(iteration=np.int64(10 ** 6)), "claims iteration 1000000, but its name says 5"),
    ("iteration-negative", dict(iteration=np.int64(-1)), "claims iteration -1"),
    ("iteration-float", dict(iteration=np.float64(5.0)), "field 'iteration'"),
    ("step-nan", dict(step=np.float64(np.nan)), "step must be finite and > 0"),
    ("step-negative", dict(step=np.float64(-0.1)), "step must be finite and > 0"),
    ("step-zero", dict(step=np.float64(0.0)), "step must be finite and > 0"),
    ("step-array", dict(step=np.ones(2)), "field 'step'"),
    ("params-float32", dict(params=np.ones((3, 2), np.float32)), "params must be a non-empty float64"),
    ("params-int", dict(params=np.ones((3, 2), np.int64)), "field 'params'"),
    ("params-nan", dict(params=np.full((3, 2), np.nan)), "params holds a non-finite"),
    ("params-scalar", dict(params=np.float64(1.0)), "params must be a non-empty float64"),
    ("exploss-inf", dict(exploss=np.float64(np.inf)), "loss average is inf"),
    ("format-2", dict(format=np.int64(2)), "has format 2, expected 1"),
    ("format-missing", dict(format=None), "missing \\['format'\\]"),
    ("py-internal-short", dict(py_random_internal=np.zeros(624, np.int64)), "field 'py_random_internal'"),
    ("py-internal-too-big", dict(py_random_internal=np.full(625, 2 ** 32, np.int64)), "py_random_internal is out of range"),
    ("py-internal-pos-700", dict(py_random_internal=np.r_[np.ones(624, np.int64), 700]), "py_random_internal is out of range"),
    ("py-version-99", dict(py_random_version=np.int64(99)), "invalid random state"),
    ("py-gauss-nan", dict(py_random_gauss=np.float64(np.nan)), "py_random_gauss is not finite"),
    ("py-has-gauss-int", dict(py_random_has_gauss=np.int64(3)), "field 'py_random_has_gauss'"),
    ("np-keys-short", dict(np_random_keys=np.zeros(10, np.uint32)), "field 'np_random_keys'"),
    ("np-keys-signed", dict(np_random_keys=np.zeros(624, np.int64)), "field 'np_random_keys'"),
    ("np-pos-700", dict(np_random_pos=np.int64(700)), "numpy random state out of range"),
    ("np-has-gauss-2", dict(np_random_has_gauss=np.int64(2)), "numpy random state out of range"),
    ("np-cached-inf", dict(np_random_cached_gaussian=np.float64(np.inf)), "numpy random state out of range"),
]


@pytest.mark.parametrize("changes, match", [pytest.param(c, m, id=i) for i, c, m in BAD_FIELDS])
def test_7_every_checkpoint_field_is_validated(tmp_path, changes, match):
    path = good_checkpoint(tmp_path)
    rewrite(path, **changes)
    with pytest.raises(ValueError, match=match) as info:
        load_checkpoint(path, expected_shape=(3, 2))
    assert str(path) in str(info.value)


def _zip_central(data, transform):
    """Apply ``transform(bytearray, offset)`` to every central-directory header of a zip."""
    buf = bytearray(data)
    at = buf.find(b"PK\x01\x02")
    while at != -1:
        transform(buf, at)
        at = buf.find(b"PK\x01\x02", at + 4)
    return bytes(buf)


def _encrypted(buf, at):
    buf[at + 8] |= 1                               # general purpose flag bit 0: encrypted


def _future_version(buf, at):
    buf[at + 6] = 99                               # "version needed to extract" 9.9


def damaged_files(good: bytes):
    yield "empty", b""
    yield "text", b"iteration 5\n"
    for cut in (10, 30, 100, 400, len(good) // 2, len(good) - 100, len(good) - 1):
        yield f"truncated-at-{cut}", good[:cut]
    yield "encrypted-flag", _zip_central(good, _encrypted)
    yield "future-zip-version", _zip_central(good, _future_version)
    buf = io.BytesIO()
    np.save(buf, np.ones(3))
    yield "an-npy-file", buf.getvalue()
    yield "a-pickle", pickle.dumps({"params": np.ones(3)})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in ("format", "params", "iteration"):
            z.writestr(f"{name}.npy", b"\x93NUMPY\x01\x00v\x00{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }\n")
    yield "npy-headers-without-data", buf.getvalue()
    at = good.find(b"{'descr'")
    yield "npy-header-tokenize-error", good[:at] + b"{'descr\n" + good[at + 8:]


def test_7_every_damaged_checkpoint_file_is_one_named_ValueError(tmp_path):
    good_path = good_checkpoint(tmp_path)
    good = good_path.read_bytes()
    reference = load_checkpoint(good_path)
    tried = 0
    for name, content in damaged_files(good):
        path = tmp_path / "d" / name / "saved_params_5.npz"
        path.parent.mkdir(parents=True)
        path.write_bytes(content)
        with pytest.raises(ValueError, match="saved_params_5.npz") as info:
            load_checkpoint(path)
        assert str(path) in str(info.value), name
        tried += 1
    # a flipped byte anywhere is either refused with a ValueError naming the file or harmless
    for offset in range(0, len(good), max(1, len(good) // 60)):
        flipped = bytearray(good)
        flipped[offset] ^= 0xFF
        path = tmp_path / "flip" / str(offset) / "saved_params_5.npz"
        path.parent.mkdir(parents=True)
        path.write_bytes(bytes(flipped))
        try:
            got = load_checkpoint(path)
        except ValueError as exc:
            assert str(path) in str(exc)
        else:
            np.testing.assert_array_equal(got["params"], reference["params"])
            assert got["random_state"] == reference["random_state"] and got["step"] == reference["step"]
        tried += 1
    assert tried > 70
    folder = tmp_path / "dir" / "saved_params_5.npz"
    folder.mkdir(parents=True)
    with pytest.raises(ValueError, match="saved_params_5.npz"):
        load_checkpoint(folder)


def test_7_a_full_disk_names_the_path_and_the_previous_checkpoint_survives(tmp_path, monkeypatch):
    sgd_module = sys.modules["w2vlib.sgd"]            # (w2vlib.sgd is also the function's name)
    good_checkpoint(tmp_path, 5)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real_savez = np.savez

    def savez_then_disk_full(fh, **arrays):
        real_savez(io.BytesIO(), **arrays)
        fh.write(b"PK\x03\x04partial")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(sgd_module.np, "savez", savez_then_disk_full)
    with pytest.raises(OSError, match="No space left on device") as info:
        sgd(quad, np.ones((3, 2)), 0.1, 10, checkpoint_dir=tmp_path, save_every=5, print_every=None)
    assert info.value.errno == errno.ENOSPC and info.value.filename == str(tmp_path / "saved_params_10.npz")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before      # no temp file, 5 intact


# ----- 8. the command lines --------------------------------------------------------------------------
def unwritable_dir(tmp_path):
    """A folder this process cannot write in: a read-only folder, or /sys when running as root."""
    if os.geteuid() != 0:
        folder = tmp_path / "readonly"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    probe = Path("/sys") / "w2vlib-probe"
    try:
        probe.mkdir()
    except OSError:
        return Path("/sys")
    probe.rmdir()
    pytest.skip("no unwritable folder available")


def run_cli(capsys, *args):
    """``python -m w2vlib.run`` in-process: (exit code, stdout, stderr); never a traceback."""
    try:
        code = run.main([str(a) for a in args])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize("case", ["checkpoint-dir-readonly", "checkpoint-dir-is-a-file", "checkpoint-dir-under-a-file",
                                  "plot-in-readonly-dir", "plot-is-a-directory", "plot-extension-unknown",
                                  "plot-no-extension", "plot-under-readonly-parent"])
def test_8_run_checks_its_destinations_before_training(tmp_path, capsys, case):
    corpus = write_corpus(tmp_path / "sst")
    ro = unwritable_dir(tmp_path)
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    ck, plot = tmp_path / "ck", tmp_path / "plot.png"
    flag = "--plot"
    if case == "checkpoint-dir-readonly":
        ck, flag = ro / "ck", "--checkpoint-dir"
    elif case == "checkpoint-dir-is-a-file":
        ck, flag = a_file, "--checkpoint-dir"
    elif case == "checkpoint-dir-under-a-file":
        ck, flag = a_file / "ck", "--checkpoint-dir"
    elif case == "plot-in-readonly-dir":
        plot = ro / "plot.png"
    elif case == "plot-is-a-directory":
        plot = tmp_path
    elif case == "plot-extension-unknown":
        plot = tmp_path / "plot.xyz"
    elif case == "plot-no-extension":
        plot = tmp_path / "plot"
    elif case == "plot-under-readonly-parent":
        plot = ro / "sub" / "plot.png"
    code, out, err = run_cli(capsys, "--iterations", 3, "--sst-dir", corpus, "--checkpoint-dir", ck,
                             "--plot", plot, "--no-progress", "--allow-modified-corpus")
    assert code == 2 and flag in err
    assert "training" not in out + err and not (tmp_path / "ck").exists()


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".pdf", b"%PDF"), (".svg", b"<?xml")])
def test_8_the_plot_format_follows_the_extension(tmp_path, suffix, magic):
    from w2vlib.plot import VISUALIZE_WORDS
    w2i = {w: i for i, w in enumerate(VISUALIZE_WORDS)}
    path = run.save_plot(np.random.default_rng(0).standard_normal((24, 3)), w2i, tmp_path / f"p{suffix}")
    assert path.read_bytes().startswith(magic)


def test_8_run_reports_a_truncated_corpus_and_takes_the_override(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "sst")
    code, out, err = run_cli(capsys, "--iterations", 2, "--sst-dir", corpus, "--checkpoint-dir", tmp_path / "ck",
                             "--no-plot", "--no-progress")
    assert code == 1 and "truncated or edited" in err and "--allow-modified-corpus" in err
    code, out, err = run_cli(capsys, "--iterations", 2, "--sst-dir", corpus, "--checkpoint-dir", tmp_path / "ck",
                             "--no-plot", "--no-progress", "--allow-modified-corpus")
    assert code == 0 and (tmp_path / "ck" / "saved_params_2.npz").is_file()


@needs_sst
@pytest.mark.parametrize("edit", ["truncated", "one-word-changed", "line-dropped"])
def test_8_an_edited_sst_file_is_detected_on_read(tmp_path, edit):
    text = (SHARED_SST / "datasetSentences.txt").read_bytes()
    if edit == "truncated":
        text = text[: len(text) // 2]
    elif edit == "one-word-changed":
        text = text.replace(b"The Rock", b"The Rick", 1)
    else:
        lines = text.split(b"\n")
        text = b"\n".join(lines[:100] + lines[101:])
    (tmp_path / "datasetSentences.txt").write_bytes(text)
    with pytest.raises(ValueError, match="truncated or edited.*allow_modified=True"):
        StanfordSentiment(tmp_path).sentences()
    assert StanfordSentiment(tmp_path, allow_modified=True).num_sentences() > 5000


@needs_sst
@pytest.mark.parametrize("variant", ["bom", "trailing-blank-line", "bom-and-two-blank-lines"])
def test_8_a_bom_or_a_trailing_blank_line_is_accepted(tmp_path, variant):
    text = (SHARED_SST / "datasetSentences.txt").read_bytes()
    if "bom" in variant:
        text = b"\xef\xbb\xbf" + text
    if "blank" in variant:
        text += b"\n\n" if "two" in variant else b"\n"
    (tmp_path / "datasetSentences.txt").write_bytes(text)
    assert StanfordSentiment(tmp_path).sentences() == StanfordSentiment(SHARED_SST).sentences()


def test_8_python_m_w2vlib_data_gives_no_runpy_warning():
    proc = subprocess.run([sys.executable, "-W", "error::RuntimeWarning", "-m", "w2vlib.data", "where",
                           "--sst-dir", str(REPO)], capture_output=True, text=True, timeout=60)
    assert "RuntimeWarning" not in proc.stderr and "Traceback" not in proc.stderr
    assert proc.returncode == 1 and "has no datasetSentences.txt" in proc.stderr


@pytest.mark.parametrize("case", ["dest-parent-readonly", "dest-is-a-file", "timeout-negative", "sha256-malformed"])
def test_8_data_download_refuses_bad_destinations_and_flags(tmp_path, capsys, case):
    args = ["download", "sst", "--url", "http://127.0.0.1:9/never.zip", "--dest", str(tmp_path / "sst")]
    if case == "dest-parent-readonly":
        args[-1] = str(unwritable_dir(tmp_path) / "sst")
    elif case == "dest-is-a-file":
        (tmp_path / "sst").write_text("x")
        args.append("--force")
    elif case == "timeout-negative":
        args += ["--timeout", "-1"]
    else:
        args += ["--sha256", "xyz"]
    code = data.main(args)
    out, err = capsys.readouterr()
    assert code == 1 and err.startswith("error: ") and "Traceback" not in err
    assert not any(p.name.endswith(".partial") for p in tmp_path.iterdir())


class SlowHandler(BaseHTTPRequestHandler):
    """Sends a few bytes of a 'zip', then stalls: a download that is still running."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        self.wfile.write(b"PK\x03\x04" + b"\0" * 1000)
        self.wfile.flush()
        time.sleep(20)

    def log_message(self, *args):
        pass


def test_8_a_download_killed_by_sigterm_leaves_no_partial_folder(tmp_path):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), SlowHandler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/sst.zip"
        proc = subprocess.Popen([sys.executable, "-m", "w2vlib.data", "download", "sst", "--url", url,
                                 "--dest", str(tmp_path / "sst")], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while not any(p.name.endswith(".partial") for p in tmp_path.iterdir()):
            assert time.monotonic() < deadline and proc.poll() is None, proc.communicate()
            time.sleep(0.05)
        time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert proc.returncode == 128 + signal.SIGTERM and b"Traceback" not in err
    assert list(tmp_path.iterdir()) == []


# ----- 9. exports ----------------------------------------------------------------------------------
def test_9_float32_and_float64_vectors_survive_the_text_round_trip_exactly(tmp_path):
    rng = np.random.default_rng(9)
    vec32 = (rng.standard_normal((10_000, 10)) * 10.0 ** rng.integers(-8, 8, (10_000, 1))).astype(np.float32)
    words = [f"w{i}" for i in range(10_000)]
    back = WordVectors.load_word2vec_format(WordVectors(words, vec32).save_word2vec_format(tmp_path / "v32.txt"),
                                            dtype=np.float32)
    assert back.words == words and back.vectors.dtype == np.float32
    assert np.array_equal(back.vectors, vec32)                     # all 100,000 values
    vec64 = rng.standard_normal((50, 7)) * 1e-3
    back = WordVectors.load_word2vec_format(WordVectors(words[:50], vec64).save_word2vec_format(tmp_path / "v64.txt"))
    assert np.array_equal(back.vectors, vec64)
    vecs, meta = WordVectors(words[:50], vec64).save_projector_tsv(tmp_path / "tsv")
    assert np.array_equal(np.loadtxt(vecs, delimiter="\t"), vec64)


@pytest.mark.parametrize("layout", ["c-tool-trailing-spaces", "trailing-blank-line", "both-and-crlf"])
def test_9_trailing_spaces_and_blank_lines_are_read_as_gensim_reads_them(tmp_path, layout):
    lines = ["3 2", "a 0.5 -1", "b 2 3.25", "c -0.125 4"]
    if layout != "trailing-blank-line":
        lines = [lines[0]] + [line + " " for line in lines[1:]]
    text = "\n".join(lines) + "\n"
    if layout != "c-tool-trailing-spaces":
        text += "\n"
    if layout == "both-and-crlf":
        text = text.replace("\n", "\r\n")
    path = tmp_path / "v.txt"
    path.write_bytes(text.encode())
    wv = WordVectors.load_word2vec_format(path)
    assert wv.words == ["a", "b", "c"]
    np.testing.assert_array_equal(wv.vectors, [[0.5, -1], [2, 3.25], [-0.125, 4]])
    keyed = pytest.importorskip("gensim.models.keyedvectors")
    kv = keyed.KeyedVectors.load_word2vec_format(str(path))
    assert list(kv.index_to_key) == wv.words and np.array_equal(kv.vectors, wv.vectors)


@pytest.mark.parametrize("word", ["new york", "tab\there", "cr\rhere", "vt\vhere", "ls\u2028here", "nel\x85here",
                                  "ff\x0chere", "fs\x1chere", "", "nl\nhere", "lone\udc80surrogate"])
@pytest.mark.parametrize("export", ["word2vec", "tsv"])
def test_9_words_a_line_based_file_cannot_hold_are_refused(tmp_path, word, export):
    wv = WordVectors(["ok", word], np.ones((2, 2)))
    match = "UTF-8" if "surrogate" in word else "cannot be written"
    with pytest.raises(ValueError, match=match):
        if export == "word2vec":
            wv.save_word2vec_format(tmp_path / "v.txt")
        else:
            wv.save_projector_tsv(tmp_path / "tsv")
    assert list(tmp_path.iterdir()) == []
