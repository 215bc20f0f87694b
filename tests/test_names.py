"""One vocabulary of names (docs/names.md): every public signature spells each concept one way.

The course path keeps the course's names (``K``, ``window_size``, ``step``, ``dim``), the fast
path gensim's (``vector_size``, ``window``, ``negative``, ``alpha``, ``min_alpha``, ``topn``),
everything else the handout's symbols. ``CONCEPTS`` lists each concept's spellings (its
synonyms) and the one each scope uses; a parameter spelled as a synonym of a concept must be
that scope's spelling, unless ``HOMONYMS`` says it means something else there.
"""
import importlib
import inspect
import pkgutil

import pytest

import w2vlib

#: The course path, and the course's own functions (its starter code's skipgram and sanity
#: checks; cbow, called like skipgram), keep the course's names.
COURSE = {"sgd", "treebank", "faithful", "run", "skipgram", "cbow", "sanity"}
FAST = {"train", "corpus", "steps", "vectors", "compare", "evaluate"}
#: Objects whose names follow another scope than their module's, and why.
SCOPE_OF = {"w2vlib.progress.Progress": "fast"}   # what train_sgns reports, in its own names

#: concept: (synonyms, {scope: spelling}); a scope missing from the dict uses "other"'s spelling.
CONCEPTS = {
    "learning rate": ({"step", "alpha", "lr", "eta", "learning_rate"},
                      {"course": "step", "fast": "alpha", "other": "lr"}),
    "final learning rate": ({"min_alpha", "min_lr", "final_lr", "min_step"}, {"other": "min_alpha"}),
    "vector dimension": ({"dim", "vector_size", "d", "size", "embedding_dim"},
                         {"course": "dim", "fast": "vector_size", "other": "d"}),
    "negatives per example": ({"K", "negative", "num_negatives", "n_negatives"},
                              {"course": "K", "fast": "negative", "other": "K"}),
    "window": ({"window_size", "window", "m", "context_size"},
               {"course": "window_size", "fast": "window", "other": "window"}),
    "neighbours returned": ({"topn", "n", "k", "top_n", "n_neighbours"}, {"other": "topn"}),
    "subsampling formula": ({"sample_formula", "formula", "subsample_formula"}, {"other": "sample_formula"}),
    "subsampling threshold": ({"sample", "subsample", "threshold"}, {"other": "sample"}),
    "noise exponent": ({"ns_exponent", "exponent", "noise_exponent", "power"}, {"other": "ns_exponent"}),
    "seed": ({"seed", "random_state", "rng_seed"}, {"other": "seed"}),
}

#: (qualified name, parameter): what the parameter means there instead.
HOMONYMS = {
    ("w2vlib.activations.leaky_relu", "alpha"): "the leaky slope α of part (e)",
    ("w2vlib.activations.leaky_relu_grad", "alpha"): "the leaky slope α of part (e)",
    ("w2vlib.vectors.WordVectors.most_similar", "negative"): "gensim's words to subtract",
    ("w2vlib.faithful.randbelow", "n"): "the exclusive upper bound of a draw",
    ("w2vlib.faithful.raw_words", "m"): "the course's window half-width m of a context read",
    ("w2vlib.faithful.skip_words", "m"): "the course's window half-width m of a context read",
    ("w2vlib.panel.widget.UpdateStepPanel.step", "n"): "how many steps to take",
    ("w2vlib.panel.svg.View.grid", "n"): "how many grid lines",
    ("w2vlib.style.Look", "size"): "a marker's size in points",
    ("w2vlib.corpus.AliasSampler.draw", "size"): "how many draws (numpy's name)",
    ("w2vlib.panel.svg.Canvas.marker", "size"): "a marker's size in pixels",
    ("w2vlib.panel.svg.Canvas.place", "size"): "a label's font size",
    ("w2vlib.panel.svg.Canvas.text", "size"): "a label's font size",
    ("w2vlib.panel.svg.Canvas.text_box", "size"): "a label's font size",
    ("w2vlib.sgd.save_checkpoint", "step"): "the course's step size, saved with the checkpoint",
}


def scope(module: str, qualname: str) -> str:
    if qualname in SCOPE_OF:
        return SCOPE_OF[qualname]
    top = module.split(".")[1] if "." in module else ""
    return "course" if top in COURSE else "fast" if top in FAST else "other"


def public_signatures():
    """(qualified name, scope, parameter names) of every public function, class and method."""
    names = ["w2vlib"] + [m.name for m in pkgutil.walk_packages(w2vlib.__path__, "w2vlib.")]
    for module in names:
        if any(p.startswith("_") for p in module.split(".")):
            continue
        mod = importlib.import_module(module)
        for name in getattr(mod, "__all__", ()):
            obj = getattr(mod, name)
            if getattr(obj, "__module__", None) != module or not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            found = [(f"{module}.{name}", obj)]
            if inspect.isclass(obj):
                found += [(f"{module}.{name}.{m}", f) for m, f in vars(obj).items()
                          if inspect.isfunction(f) and not m.startswith("_")]
            for qualname, f in found:
                try:
                    params = [p for p in inspect.signature(f).parameters if p not in ("self", "cls")]
                except (TypeError, ValueError):
                    continue
                yield qualname, scope(module, found[0][0]), params


def misspelled(signatures) -> list[str]:
    bad = []
    for qualname, where, params in signatures:
        for p in params:
            if (qualname, p) in HOMONYMS:
                continue
            for concept, (synonyms, spelling) in CONCEPTS.items():
                expected = spelling.get(where, spelling["other"])
                if p in synonyms and p != expected:
                    bad.append(f"{qualname}({p}=): the {where} scope spells the {concept} {expected!r}")
    return bad


def test_every_public_parameter_uses_its_scopes_spelling():
    signatures = list(public_signatures())
    assert any(q == "w2vlib.train.train_sgns" for q, _, _ in signatures)        # the scan sees the API
    bad = misspelled(signatures)
    assert not bad, "\n".join(bad)


def test_every_homonym_is_still_a_parameter():
    params = {(q, p) for q, _, ps in public_signatures() for p in ps}
    stale = set(HOMONYMS) - params
    assert not stale, f"HOMONYMS lists parameters that no longer exist: {sorted(stale)}"


def test_the_synonym_tables_are_consistent():
    seen = {}
    for concept, (synonyms, spelling) in CONCEPTS.items():
        assert set(spelling.values()) <= synonyms and "other" in spelling, concept
        for s in synonyms:
            assert s not in seen, f"{s!r} is a synonym of both {seen[s]!r} and {concept!r}"
            seen[s] = concept


@pytest.mark.parametrize("signature, message", [
    (("w2vlib.sampling.keep_probability", "other", ["counts", "sample", "formula"]), "'sample_formula'"),
    (("w2vlib.progress.Progress", "fast", ["event", "lr"]), "'alpha'"),
    (("w2vlib.vectors.WordVectors.most_similar", "fast", ["positive", "n"]), "'topn'"),
    (("w2vlib.run.train", "course", ["vector_size"]), "'dim'"),
    (("w2vlib.train.train_sgns", "fast", ["K"]), "'negative'"),
])
def test_a_second_spelling_is_reported(signature, message):
    bad = misspelled([signature])
    assert len(bad) == 1 and message in bad[0]


#: Functions of one family and the options they all take (a sibling without one is a gap).
SIBLINGS = [
    (("w2vlib.pmi.shifted_pmi", "w2vlib.pmi.expected_sgns_loss_and_gradient", "w2vlib.pmi.fit_expected_sgns"),
     {"counts", "K", "noise", "skip_positive"}),
    (("w2vlib.sampling.keep_probability", "w2vlib.sampling.keep_probability_at"), {"sample", "sample_formula"}),
    (("w2vlib.train.train_sgns", "w2vlib.train.train_word2vec"),
     {"vector_size", "window", "negative", "alpha", "min_alpha", "sample", "sample_formula", "seed"}),
]


@pytest.mark.parametrize("family, shared", SIBLINGS, ids=lambda x: x[0] if isinstance(x, tuple) else "")
def test_siblings_take_the_same_options(family, shared):
    params = {q: set(ps) for q, _, ps in public_signatures()}
    missing = {q: sorted(shared - params[q]) for q in family if shared - params[q]}
    assert not missing, f"siblings lacking a shared option: {missing}"
