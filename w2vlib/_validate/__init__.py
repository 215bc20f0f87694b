"""Argument checks shared by the w2vlib functions.

Every public function validates what it is given and raises a ``ValueError`` or
``TypeError`` that names the offending argument, instead of letting a bad shape or a
NaN travel into numpy and come out as a silent NaN or a deep traceback.

The checks live in modules by concern; this package re-exports them all.
"""

from ._arrays import (
    SCORE_LIMIT, MAX_NEGATIVES, MAX_WINDOW, MAX_ITERATIONS, real_array, as_float_array, check_finite, as_index, as_positive_int,
    as_nonnegative_int, as_float, as_positive_float, as_seed, as_callable, real_number, word_list,
    as_mapping, bounded_scores, same_dimension, as_bool, as_counts,
)
from ._losses import (
    elementwise, leaky_slope, softmax_axis, two_distributions, naive_softmax_scale, neg_sampling_shapes,
    sampled_rows, word_indices, word_index, window_rows, skipgram_window, cbow_window, checked_loss,
    checked_model, loss_triple, even_rows, center_and_inner_nodes, trusted_loss, trusted_model,
)
from ._contracts import (
    checked, Constraint, Integer, Real, Options, Text, Bool, Seed, Counts, Array, Row, Words, Word, Mapping, Function,
    Sentences, Switch,
    Loss, Model, HasMethods, Instance, Path, OrNone, Each, Tuple,
)
from ._sgd import row_sparse, objective_output, finite_update, postprocessed, checkpoint_fields
from ._paths import (
    writable_dir, writable_file, exportable_words, read_word2vec_text, pca_args, MAX_RANDOM_PAIRS,
    common_component_args, read_text_lines, load_npy, MAX_TINY_SENTENCES, MAX_TABLESIZE,
    verified_corpus_text, download_args, corpus_folder,
)
