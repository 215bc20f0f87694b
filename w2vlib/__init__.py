"""w2vlib: the word2vec gradients of CS224N Assignment 2, derived and verified.

Vectors are rows: ``outside_vectors`` is (V, d) (the handout's U transposed) and
``center_word_vec`` is (d,). Semantics follow the course's starter code, in snake_case.
The update-step widget lives in ``w2vlib.widget`` (it imports ipywidgets), the evaluation
helpers of notebook 08 in ``w2vlib.evaluate``, the exercise checks in ``w2vlib.exercises``.
"""
from .activations import leaky_relu, leaky_relu_grad, log_sigmoid, sigmoid, sigmoid_grad
from .data import download_sst, find_sst_dir
from .faithful import FaithfulObjective
from .gradcheck import GradcheckError, GradcheckResult, gradcheck
from .negsamp import ReplayDataset, get_negative_samples, neg_sampling_loss_and_gradient
from .plot import plot_word_vectors
from .sampling import collision_rates, keep_probability, noise_distribution
from .pmi import cooccurrence_counts, expected_sgns_loss_and_gradient, fit_expected_sgns, shifted_pmi
from .sgd import RowSparseGrad, sgd
from .skipgram import skipgram, word2vec_sgd_wrapper
from .softmax import cross_entropy, naive_softmax_loss_and_gradient, softmax
from .tiny_corpus import load_tiny_corpus
from .train import train_sgns
from .treebank import StanfordSentiment
from .update_step import StepResult, update_step
from .vectors import WordVectors

__all__ = [
    # parts (a)-(d)
    "softmax", "cross_entropy", "naive_softmax_loss_and_gradient",
    # parts (e), (f)
    "sigmoid", "sigmoid_grad", "log_sigmoid", "leaky_relu", "leaky_relu_grad",
    # parts (g), (h)
    "get_negative_samples", "neg_sampling_loss_and_gradient", "ReplayDataset",
    # part (i)
    "skipgram", "word2vec_sgd_wrapper",
    # checking and optimising
    "gradcheck", "GradcheckResult", "GradcheckError", "sgd", "RowSparseGrad",
    # coding part (c): data, the faithful course run, the batched trainer, the plot
    "StanfordSentiment", "find_sst_dir", "download_sst", "FaithfulObjective",
    "load_tiny_corpus", "train_sgns", "WordVectors", "plot_word_vectors",
    # beyond the handout: what SGNS optimises (notebook 10)
    "cooccurrence_counts", "shifted_pmi", "expected_sgns_loss_and_gradient", "fit_expected_sgns",
    # beyond the handout: the variants of the paper, the C tool and the course (notebook 09)
    "keep_probability", "noise_distribution", "collision_rates",
    # the update-step widget's pure core (the panel itself: w2vlib.widget.update_step_panel)
    "update_step", "StepResult",
]
