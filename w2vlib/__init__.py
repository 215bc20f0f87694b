"""w2vlib: the word2vec gradients of CS224N Assignment 2, derived and verified.

Vectors are rows: ``outside_vectors`` is (V, d) (the handout's U transposed) and
``center_word_vec`` is (d,). Semantics follow the course's starter code, in snake_case.
"""
from .activations import leaky_relu, leaky_relu_grad, log_sigmoid, sigmoid, sigmoid_grad
from .gradcheck import GradcheckError, GradcheckResult, gradcheck
from .negsamp import get_negative_samples, neg_sampling_loss_and_gradient
from .sgd import sgd
from .skipgram import skipgram, word2vec_sgd_wrapper
from .softmax import cross_entropy, naive_softmax_loss_and_gradient, softmax

__all__ = [
    "softmax", "cross_entropy", "naive_softmax_loss_and_gradient",
    "sigmoid", "sigmoid_grad", "log_sigmoid", "leaky_relu", "leaky_relu_grad",
    "get_negative_samples", "neg_sampling_loss_and_gradient",
    "skipgram", "word2vec_sgd_wrapper",
    "gradcheck", "GradcheckResult", "GradcheckError",
    "sgd",
]
