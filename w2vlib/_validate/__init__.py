"""Argument checks shared by the w2vlib functions.

Every public function validates what it is given and raises a ``ValueError`` or
``TypeError`` that names the offending argument, instead of letting a bad shape or a
NaN travel into numpy and come out as a silent NaN or a deep traceback.

The checks live in modules by concern; this package re-exports them all.
"""

from ._arrays import (
    SCORE_LIMIT, MAX_NEGATIVES, real_array, as_float_array, check_finite, as_index, as_positive_int,
    as_nonnegative_int, as_float, as_positive_float, as_seed, as_callable, real_number, word_list,
    as_mapping, bounded_scores, center_and_outside, as_bool, as_counts,
)
from ._losses import (
    elementwise, leaky_relu_args, softmax_args, cross_entropy_args, naive_softmax_args, negative_count,
    neg_sampling_args, sampled_rows, word_indices, word_index, skipgram_args, checked_loss, loss_triple,
    sgd_wrapper_args, center_and_inner_nodes, center_and_outside_matrices,
)
from ._sgd import row_sparse, objective_output, finite_update, postprocessed, checkpoint_fields
from ._paths import (
    writable_dir, writable_file, exportable_words, read_word2vec_text, pca_args, MAX_RANDOM_PAIRS,
    common_component_args, read_text_lines, load_npy, MAX_TINY_SENTENCES, MAX_TABLESIZE,
    verified_corpus_text, download_args, corpus_folder,
)
