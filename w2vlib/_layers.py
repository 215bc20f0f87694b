"""The layers of w2vlib, as data: which layer each module belongs to, bottom to top.

A module may import a module of a lower layer or of its own layer, never one above it. The
course path and the fast path are siblings on one level: neither imports the other, except
for the imports listed in :data:`SIBLING_IMPORTS`, each with its reason. ``tests/test_layers.py``
reads every import of every module (lazy ones, inside functions, included) and checks them
against this table; ``docs/architecture.md`` draws it. A package (``_validate/``, ``data/``,
``panel/``, ``exercises/``) is one module here: its files share its layer.
"""

__all__ = ["LAYERS", "MODULE_LAYER", "SIBLING_IMPORTS", "level"]

#: The layers, bottom to top, and their level; the two paths share level 3.
LAYERS = {
    "internal": 0,       # argument checks, atomic writes, progress reporting, this table
    "math core": 1,      # the handout's formulas
    "data": 2,           # corpora and the toy vocabulary
    "course path": 3,    # the course's training, reproduced
    "fast path": 3,      # the batched trainer and what measures its vectors
    "teaching UI": 4,    # what the notebooks show
    "programs": 5,       # command lines that use everything below
}

#: Each module of w2vlib (a package counts as one) and its layer.
MODULE_LAYER = {
    "_validate": "internal", "_files": "internal", "_layers": "internal", "progress": "internal",
    "activations": "math core", "softmax": "math core", "negsamp": "math core", "skipgram": "math core",
    "cbow": "math core", "hierarchical_softmax": "math core", "gradcheck": "math core", "sampling": "math core",
    "data": "data", "tiny_corpus": "data", "toy": "data",
    "sgd": "course path", "treebank": "course path", "faithful": "course path",
    "train": "fast path", "corpus": "fast path", "steps": "fast path", "_fast": "fast path",
    "vectors": "fast path", "compare": "fast path", "evaluate": "fast path", "pmi": "fast path",
    "progress_panel": "teaching UI", "plot": "teaching UI", "style": "teaching UI", "panel": "teaching UI",
    "exercises": "teaching UI", "sanity": "teaching UI",
    "run": "programs",
}

#: The imports between the two sibling paths that are allowed: (importer, imported) -> why.
SIBLING_IMPORTS = {
    ("evaluate", "treebank"): "reference_vectors reads the course's reference run, whose rows follow "
                              "the course's vocabulary order (StanfordSentiment.tokens())",
}


def level(module: str) -> int:
    """The level of ``module``'s layer (0 = internal)."""
    return LAYERS[MODULE_LAYER[module]]
