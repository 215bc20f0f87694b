"""w2vlib: the word2vec gradients of CS224N Assignment 2, derived and verified.

Vectors are rows: ``outside_vectors`` is (V, d) (the handout's U transposed) and
``center_word_vec`` is (d,). Semantics follow the course's starter code, in snake_case.

Package map, bottom layer first (the table itself: ``w2vlib/_layers.py``, enforced by
``tests/test_layers.py``; details, and which function, test, notebook and panel kind go with
each derivation: ``docs/architecture.md``)::

    internal         _validate     argument checks (one place)
      (every layer   _files        atomic writes
       may use it)   _layers       the layer table
                     progress      what both trainers report: Progress, a terminal line, the
                                   hook the notebook panel registers with
    math core        activations   σ, log σ, leaky ReLU and their derivatives   parts (e), (f)
      (imports only  softmax       softmax, cross-entropy, naive-softmax loss    parts (a)-(d)
       itself and    negsamp       negative-sampling loss, its draws             parts (g), (h)
       internal)     skipgram      skip-gram as a window sum, the SGD wrapper    part (i)
                     cbow          CBOW: the averaged window predicts the centre (notebook 11)
                     hierarchical_softmax  Huffman tree, the HS loss (notebook 12)
                     gradcheck     central-difference gradient check
                     sampling      noise distributions (P_n ∝ count^0.75) and subsampling:
                                   the paper's, the C tool's, the course's (notebook 09)
    data             data          find or download SST, find the course's reference run
                     tiny_corpus   the bundled tiny corpus (offline in seconds)
                     toy           the 2-D toy vocabulary of the notebooks and panels
    course path      sgd           the course's SGD, exactly resumable checkpoints
      (the course's  treebank      the course's SST reader, StanfordSentiment
       names: K,     faithful      the course's training step: same random draws, batched
       window_size,
       step, dim)
    fast path        train         train_word2vec, a batched trainer of skip-gram and CBOW,
      (gensim's                    negative sampling and hierarchical softmax, with gensim's
       names; a                    names (sg, hs, negative, cbow_mean, vector_size, window,
       sibling of                  alpha, min_alpha, ...); train_sgns, the skip-gram/negative-
       the course                  sampling shorthand
       path)         corpus        from sentences to examples: vocabulary, token ids, reduced
                                   windows (skip-gram pairs, CBOW contexts), the alias
                                   sampler, chunk and worker shards
                     steps         the readable numpy steps (sgns_step: notebook 08 prints it)
                     _fast         the same steps compiled (numba, optional)
                     vectors       WordVectors: trained vectors, neighbours (gensim's
                                   most_similar, doesnt_match, ...), exports; Word2VecModel
                     compare       comparing trained models: each one's held-out objective,
                                   shared neighbours, intervals over seeds
                     evaluate      neighbours, analogy ranks, cluster cosines, benchmarks
                     pmi           what SGNS optimises: co-occurrences, shifted PMI, the
                                   expected loss (notebook 10)
    teaching UI      progress_panel  a fast-path run in a notebook: bar, readout, loss curve
                     plot          the course's 2-D PCA plot (matplotlib)
                     style         one visual language: each role's colour, marker, dash
                     panel/        the update-step panel (a package): core (the kind
                                   contract, update_step), one module per kind, the SVG
                                   picture, the ipywidgets controls
                     exercises     the notebooks' exercise self-checks
                     sanity        the course's sanity harness: python -m w2vlib.sanity
    programs         run           the course's run.py, reproduced: python -m w2vlib.run

The course path trains as the course does (one window at a time, Python's ``random``) and
reproduces its published numbers; the fast path trains the same loss on batches of pairs with
its own ``numpy.random.Generator``; the two paths are siblings and do not import each other.
Both report progress through ``progress``; in a notebook ``progress_panel`` shows it, importing
matplotlib and ipywidgets only when a panel is shown. ``import w2vlib`` loads neither:
``plot_word_vectors`` is imported on first use.
"""
from .activations import leaky_relu, leaky_relu_grad, log_sigmoid, sigmoid, sigmoid_grad
from .cbow import cbow
from .data import download_sst, find_sst_dir
from .faithful import FaithfulObjective
from .gradcheck import GradcheckError, GradcheckResult, gradcheck
from .hierarchical_softmax import HuffmanTree, hierarchical_softmax_loss_and_gradient, huffman_tree
from .negsamp import ReplayDataset, get_negative_samples, neg_sampling_loss_and_gradient
from .pmi import cooccurrence_counts, expected_sgns_loss_and_gradient, fit_expected_sgns, shifted_pmi
from .sampling import collision_rates, keep_probability, noise_distribution
from .sgd import RowSparseGrad, sgd
from .skipgram import skipgram, word2vec_sgd_wrapper
from .softmax import cross_entropy, naive_softmax_loss_and_gradient, softmax
from .tiny_corpus import load_tiny_corpus
from .train import train_sgns, train_word2vec
from .treebank import StanfordSentiment
from .panel.core import StepResult, update_step
from . import progress_panel  # noqa: F401  (registers the notebook view of train_sgns(progress=True))
from .vectors import Word2VecModel, WordVectors

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
    # the update-step widget's pure core (the panel itself: w2vlib.panel.update_step_panel)
    "update_step", "StepResult",
    # beyond the handout: CBOW and hierarchical softmax (notebooks 11, 12)
    "cbow", "huffman_tree", "HuffmanTree", "hierarchical_softmax_loss_and_gradient",
    # the fast trainer for all four models (sg, hs, negative, cbow_mean: gensim's switches)
    "train_word2vec", "Word2VecModel",
]


#: Names whose modules pull in matplotlib, imported on first use (PEP 562).
_LAZY = {"plot_word_vectors": "plot"}


def __getattr__(name):
    if name in _LAZY:
        import importlib
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
