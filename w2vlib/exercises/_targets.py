"""What each exercise re-implements: the w2vlib functions its check spies on (a student's function
must not call them) and that a student copy of a notebook must not print before the check passes."""

from __future__ import annotations

import sys

from .._validate import Options, checked

#: check name -> the w2vlib functions its exercise asks for, as (display name, module, attribute
#: path in that module). ``sys.modules`` resolves the module: ``w2vlib.softmax`` is also the name
#: of a function in the package namespace.
TARGETS = {
    "check_softmax": (("softmax", "w2vlib.softmax", "softmax"),),
    "check_cross_entropy": (("cross_entropy", "w2vlib.softmax", "cross_entropy"),),
    "check_naive_softmax": (("naive_softmax_loss_and_gradient", "w2vlib.softmax", "naive_softmax_loss_and_gradient"),),
    "check_sigmoid": (("sigmoid", "w2vlib.activations", "sigmoid"),),
    "check_sigmoid_grad": (("sigmoid_grad", "w2vlib.activations", "sigmoid_grad"),),
    "check_leaky_relu_grad": (("leaky_relu_grad", "w2vlib.activations", "leaky_relu_grad"),),
    "check_neg_sampling": (("neg_sampling_loss_and_gradient", "w2vlib.negsamp", "neg_sampling_loss_and_gradient"),),
    "check_skipgram": (("skipgram", "w2vlib.skipgram", "skipgram"),),
    "check_pca_coordinates": (("plot.pca_coordinates", "w2vlib.plot", "pca_coordinates"),),
    "check_analogy_rank": (("evaluate.analogy_rank", "w2vlib.evaluate", "analogy_rank"),),
    "check_neighbours": (("evaluate.nearest_neighbours", "w2vlib.evaluate", "nearest_neighbours"),
                         ("WordVectors.most_similar", "w2vlib.vectors", "WordVectors.most_similar")),
    "check_shifted_pmi": (("shifted_pmi", "w2vlib.pmi", "shifted_pmi"),),
    "check_keep_probability": (("keep_probability", "w2vlib.sampling", "keep_probability"),
                               ("keep_probability_at", "w2vlib.sampling", "keep_probability_at")),
    "check_cbow": (("cbow", "w2vlib.cbow", "cbow"),),
    "check_hierarchical_softmax": (("hierarchical_softmax_loss_and_gradient", "w2vlib.hierarchical_softmax",
                                    "hierarchical_softmax_loss_and_gradient"),),
}


def spied(check: str) -> list:
    """The targets of ``check`` as ``(display name, owner, attribute)``, what the runner replaces.

    Parameters
    ----------
    check : str
        A key of :data:`TARGETS`, e.g. ``"check_softmax"``.

    Returns
    -------
    list of tuple
        ``owner`` is the module, or the class for a method (``WordVectors.most_similar``).
    """
    out = []
    for display, module, path in TARGETS[check]:
        __import__(module)
        owner = sys.modules[module]
        *classes, attr = path.split(".")
        for name in classes:
            owner = getattr(owner, name)
        out.append((display, owner, attr))
    return out


@checked(check=Options(*TARGETS))
def target_functions(check: str) -> list:
    """The w2vlib functions the exercise of ``check`` asks the student to write.

    Parameters
    ----------
    check : str
        A check's name, e.g. ``"check_skipgram"``.

    Returns
    -------
    list of callable
        The library's own functions (for ``inspect.getsource``), in the order of :data:`TARGETS`.
    """
    return [getattr(owner, attr) for _, owner, attr in spied(check)]
