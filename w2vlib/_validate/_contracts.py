"""Argument contracts: constraint types declared next to a public function's signature, and
:func:`checked`, the one mechanism that checks them.

::

    @checked(outside_word_idx=Integer(min=0), dataset=HasMethods("sample_token_idx"),
             K=Integer(min=1, max=MAX_NEGATIVES), vocab_size=OrNone(Integer(min=1)),
             where=_negatives_args)
    def get_negative_samples(outside_word_idx, dataset, K, vocab_size=None):
        ...                                  # the body sees checked, converted values

Each constraint turns a value into what the math needs (an int, a float, a float64 array, a
row index) or raises a ``TypeError``/``ValueError`` whose message names the argument, says what
it must be and what it got. A check that relates several arguments (shapes that must agree) is
one small function beside the function it guards, passed as ``where=``: it receives the
checked arguments by name and raises or returns None. The contracts stay on the function as
``fn.__contracts__`` (documentation, and the property test over the public API).
"""

from __future__ import annotations

import functools
import inspect
import itertools
import math
import os
from collections import abc

import numpy as np

from ._arrays import (
    _integer, as_bool, as_callable, as_counts, as_float, as_float_array, as_index, as_seed, word_list,
)
from ._losses import _dataset_with, checked_loss, checked_model, elementwise, word_index


class Constraint:
    """One argument's contract. ``check(value, name, args)`` returns the value ready for the
    function or raises ``TypeError``/``ValueError`` naming ``name``; ``args`` holds the other
    arguments, already checked (a :class:`Word` is looked up in its vocabulary argument).
    ``needs`` names the arguments a constraint reads: they are checked first."""

    needs: tuple = ()

    def check(self, value, name: str, args: dict):
        raise NotImplementedError

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if v is not None)
        return f"{type(self).__name__}({fields})"


class Integer(Constraint):
    """An int in [min, max] (either end optional); bools, floats and strings are refused."""

    def __init__(self, min: int | None = None, max: int | None = None):
        self.min, self.max = min, max

    def check(self, value, name, args):
        n = _integer(value, name)
        if self.min is not None and n < self.min:
            raise ValueError(f"{name} must be at least {self.min}, got {n}" if self.min else
                             f"{name} must be >= 0, got {n}")
        if self.max is not None and n > self.max:
            raise ValueError(f"{name}={n} is too large: at most {self.max:,} is accepted")
        return n


class Real(Constraint):
    """A finite float in [min, max] (``(min, max]`` with ``low_open``); ``finite=False``: NaN
    and ±inf are accepted as well, as they are (a duration not known yet)."""

    def __init__(self, min: float = -math.inf, max: float = math.inf, low_open: bool = False, finite: bool = True):
        self.min, self.max, self.low_open, self.finite = min, max, low_open, finite

    def check(self, value, name, args):
        if not self.finite and isinstance(value, float) and not math.isfinite(value):
            return value
        return as_float(value, name, self.min, self.max, low_open=self.low_open)


class Options(Constraint):
    """One of a fixed set of values (strings, say)."""

    def __init__(self, *choices):
        self.choices = choices

    def check(self, value, name, args):
        if not any(value is c or (type(value) is type(c) and value == c) for c in self.choices):
            raise ValueError(f"{name} must be one of {', '.join(map(repr, self.choices))}, got {value!r}")
        return value


class Text(Constraint):
    """A str (a label, a file name)."""

    def check(self, value, name, args):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a string, got {type(value).__name__} {value!r:.60}")
        return value


class Bool(Constraint):
    """``True`` or ``False`` (Python or numpy); 0 and 1 are refused."""

    def check(self, value, name, args):
        return as_bool(value, name)


class Seed(Constraint):
    """A seed of ``numpy.random.default_rng`` or ``random.Random``: an int >= 0, any size."""

    def check(self, value, name, args):
        return as_seed(value, name)


class Counts(Constraint):
    """Word counts: a 1-D array of finite, non-negative numbers, one per word (an integer or
    float array keeps its dtype; anything else becomes float64). ``tree=True``: the weights of
    a Huffman tree, float64, at least two words, not all zero."""

    def __init__(self, tree: bool = False):
        self.tree = tree

    def check(self, value, name, args):
        if self.tree:
            return as_counts(value, name)
        arr = as_float_array(value, name, ndim=1)
        if np.any(arr < 0):
            bad = int(np.argmax(arr < 0))
            raise ValueError(f"{name} must be non-negative, got {float(arr[bad])!r} at index {bad}")
        given = np.asarray(value)
        return given if given.dtype.kind in "iuf" else arr


class Array(Constraint):
    """A non-empty float64 array of ``ndim`` dimensions (any, if None), finite unless told;
    with ``keep_float32`` a float32 array is checked and kept as it is (a trainer's output).
    ``inf=True``: any real array, empty or 0-d included, ±inf accepted and NaN refused (the
    activations, exact at ±inf)."""

    def __init__(self, ndim: int | None = None, finite: bool = True, keep_float32: bool = False,
                 inf: bool = False):
        self.ndim, self.finite, self.keep_float32, self.inf = ndim, finite, keep_float32, inf

    def check(self, value, name, args):
        if self.inf:
            return elementwise(value, name)
        arr = as_float_array(value, name, ndim=self.ndim, finite=self.finite)
        keep = self.keep_float32 and isinstance(value, np.ndarray) and value.dtype == np.float32
        return value if keep else arr


class Row(Constraint):
    """A row index of the matrix argument ``of`` (already checked): an int in [0, rows)."""

    def __init__(self, of: str):
        self.of, self.needs = of, (of,)

    def check(self, value, name, args):
        return as_index(value, name, len(args[self.of]))


class Words(Constraint):
    """A list (or tuple, or 1-D array) of strings, at least ``min_len`` of them."""

    def __init__(self, min_len: int = 0):
        self.min_len = min_len

    def check(self, value, name, args):
        words = word_list(value, name)
        if len(words) < self.min_len:
            raise ValueError(f"{name} must hold at least {self.min_len} words, got {len(words)}")
        return words


class Sentences(Constraint):
    """A corpus: a list (or any iterable, not a string) of sentences, each a list of word
    strings; returned as a list, the sentences as given. One C loop over the tokens (a set of
    them) and one ``isinstance`` per distinct token: cheap next to any use of a corpus."""

    def check(self, value, name, args):
        if isinstance(value, (str, bytes)) or not isinstance(value, abc.Iterable):
            raise TypeError(f"{name} must be a list of token lists, got {type(value).__name__} {value!r:.60}")
        sentences = value if isinstance(value, (list, tuple)) else list(value)
        for i, sent in enumerate(sentences):
            if type(sent) is not list and (isinstance(sent, (str, bytes)) or not isinstance(sent, abc.Iterable)):
                raise TypeError(f"{name}[{i}] must be a list of token strings, got {type(sent).__name__}")
        try:
            tokens = set(itertools.chain.from_iterable(sentences))
        except TypeError:                                          # an unhashable token
            tokens = None
        if tokens is None or not all(isinstance(t, str) for t in tokens):
            i = next(i for i, sent in enumerate(sentences) if not all(isinstance(t, str) for t in sent))
            raise TypeError(f"{name}[{i}] holds a token that is not a string")
        return sentences


class Switch(Constraint):
    """One of gensim's 0/1 switches (``sg``, ``hs``, ``cbow_mean``): 0, 1, False or True, as an int."""

    def __init__(self, meaning: str):
        self.meaning = meaning

    def check(self, value, name, args):
        if isinstance(value, (bool, np.bool_)) or (isinstance(value, (int, np.integer)) and value in (0, 1)):
            return int(value)
        raise (ValueError if isinstance(value, (int, np.integer)) else TypeError)(
            f"{name} must be 0 or 1 ({self.meaning}), got {type(value).__name__} {value!r}")


class Word(Constraint):
    """A word of the vocabulary held by the argument ``vocab`` (a mapping word -> row, or an
    object with one as ``key_to_index``); returned as its row, or as given (``row=False``)."""

    def __init__(self, vocab: str, row: bool = True):
        self.vocab, self.row, self.needs = vocab, row, (vocab,)

    def check(self, value, name, args):
        vocab = args[self.vocab]
        idx = word_index(getattr(vocab, "key_to_index", vocab), value, name)
        return idx if self.row else value


class Mapping(Constraint):
    """A mapping (a dict) of ``what``: word -> row index by default."""

    def __init__(self, what: str = " word -> row index"):
        self.what = what

    def check(self, value, name, args):
        if not isinstance(value, abc.Mapping):
            raise TypeError(f"{name} must be a mapping{self.what} (a dict), got {type(value).__name__} {value!r:.60}")
        return value


class Function(Constraint):
    """Something that can be called."""

    def check(self, value, name, args):
        return as_callable(value, name)


class Loss(Constraint):
    """A loss ``(v_c (d,), o, U (V, d), dataset) -> (loss, ∂J/∂v_c (d,), ∂J/∂U (V, d))`` for the
    (V, d) matrix argument ``of``: w2vlib's own losses as they are, any other function wrapped so
    that a wrong return is named (``loss_and_gradient``)."""

    def __init__(self, of: str):
        self.of, self.needs = of, (of,)

    def check(self, value, name, args):
        return checked_loss(value, args[self.of].shape)


class Model(Constraint):
    """A window model such as ``skipgram`` for the (2V, d) matrix argument ``of``: w2vlib's own as
    it is, any other function wrapped so that a wrong return is named (``model``)."""

    def __init__(self, of: str):
        self.of, self.needs = of, (of,)

    def check(self, value, name, args):
        return checked_model(value, args[self.of].shape)


class HasMethods(Constraint):
    """An object with these methods (a dataset: ``sample_token_idx``, ``get_random_context``)."""

    def __init__(self, *methods: str):
        self.methods = methods

    def check(self, value, name, args):
        for method in self.methods:
            _dataset_with(value, method, name)
        return value


class Instance(Constraint):
    """An instance of ``cls``: a class (isinstance), or a name and the attributes that make one."""

    def __init__(self, cls, *attributes: str):
        self.cls, self.attributes = cls, attributes

    def check(self, value, name, args):
        if isinstance(self.cls, type):
            ok, what = isinstance(value, self.cls), self.cls.__name__
        else:
            missing = [a for a in self.attributes if not hasattr(value, a)]
            ok, what = not missing, f"{self.cls} (no {', '.join(missing)})"
        if not ok:
            article = "an" if what[0].lower() in "aeiou" else "a"
            raise TypeError(f"{name} must be {article} {what}, got {type(value).__name__} {value!r:.60}")
        return value


class Path(Constraint):
    """A file or folder path (str or os.PathLike, not bytes), as a ``pathlib.Path``."""

    def check(self, value, name, args):
        from pathlib import Path as _Path
        if isinstance(value, bytes) or not isinstance(value, (str, os.PathLike)) or value == "":
            raise TypeError(f"{name} must be a file path (str or pathlib.Path), got {type(value).__name__} {value!r:.60}")
        return _Path(value)


class OrNone(Constraint):
    """None (the documented default meaning), or what ``inner`` accepts."""

    def __init__(self, inner: Constraint):
        self.inner, self.needs = inner, inner.needs

    def check(self, value, name, args):
        return None if value is None else self.inner.check(value, name, args)


class Each(Constraint):
    """A list, tuple, range or 1-D array whose every element meets ``inner`` (named ``name[i]``),
    at least ``min_len`` of them."""

    def __init__(self, inner: Constraint, min_len: int = 0):
        self.inner, self.min_len, self.needs = inner, min_len, inner.needs

    def check(self, value, name, args):
        if isinstance(value, np.ndarray) and value.ndim == 1:
            value = value.tolist()
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple, range)):
            raise TypeError(f"{name} must be a list, got {type(value).__name__} {value!r:.60}")
        if len(value) < self.min_len:
            raise ValueError(f"{name} must hold at least {self.min_len} values, got {len(value)}")
        return [self.inner.check(v, f"{name}[{i}]", args) for i, v in enumerate(value)]


class Tuple(Constraint):
    """A tuple (or list) of ``len(items)`` values, the i-th meeting ``items[i]`` (named
    ``name[i]``), returned as a tuple; ``what`` says what they are."""

    def __init__(self, *items: Constraint, what: str):
        self.items, self.what = items, what
        self.needs = tuple(n for item in items for n in item.needs)

    def check(self, value, name, args):
        if not isinstance(value, (tuple, list)) or len(value) != len(self.items):
            raise TypeError(f"{name} must be a tuple {self.what}, got {type(value).__name__} {value!r:.60}")
        return tuple(item.check(v, f"{name}[{i}]", args) for i, (item, v) in enumerate(zip(self.items, value)))


def checked(where=None, renamed: dict | None = None, **contracts: Constraint):
    """Decorate a function with the contracts of its arguments (and ``where``, the check that
    relates several of them); the function is called with the checked, converted values.
    ``renamed`` maps old keyword names to today's: an old name is refused with a ``TypeError``
    naming the new one.

    ``inspect.getsource`` shows the contracts above the ``def`` and the body unchanged. The
    arguments are bound by name without ``inspect.Signature.bind`` (a few microseconds a call,
    too much for the losses in a training loop); a call that does not fit the signature is
    bound by it, for Python's own error.
    """
    renamed = dict(renamed or {})

    def decorate(fn):
        sig = inspect.signature(fn)
        params = sig.parameters.values()
        unknown = set(contracts) - set(sig.parameters)
        if unknown:
            raise TypeError(f"contracts for arguments {sorted(unknown)} that {fn.__qualname__} does not have")
        order = sorted(contracts, key=lambda n: bool(contracts[n].needs))   # a Word after its vocabulary
        related = () if where is None else tuple(inspect.signature(where).parameters)
        plain = all(p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) for p in params)
        positional = tuple(p.name for p in params if p.kind == p.POSITIONAL_OR_KEYWORD)
        defaults = {p.name: p.default for p in params if p.default is not p.empty}
        n_params, name = len(sig.parameters), fn.__qualname__

        steps = tuple((arg, contracts[arg].check) for arg in order)
        rest = [p for p in sig.parameters if p not in positional]              # keyword-only
        tails = [None if any(p not in defaults for p in positional[i:] + tuple(rest)) else
                 {p: defaults[p] for p in positional[i:] + tuple(rest)} for i in range(len(positional) + 1)]

        def bind(args, kwargs) -> dict:
            """The arguments by name, defaults included (as ``sig.bind`` + ``apply_defaults``)."""
            if plain and not kwargs and len(args) <= len(positional) and tails[len(args)] is not None:
                return {**dict(zip(positional, args)), **tails[len(args)]}   # the common call: f(a, b, c)
            for old in renamed.keys() & kwargs.keys():
                new = renamed[old]
                raise TypeError(f"{name}: {old!r} is now called {new!r}, e.g. {name}(..., {new}=...)")
            if plain and len(args) <= len(positional):
                values = {**defaults, **dict(zip(positional, args)), **kwargs}
                if len(values) == n_params and (not kwargs or (kwargs.keys() <= sig.parameters.keys() and
                                                               kwargs.keys().isdisjoint(positional[:len(args)]))):
                    return values
            try:
                bound = sig.bind(*args, **kwargs)
            except TypeError as exc:                   # a call that does not fit the signature
                raise TypeError(f"{name}(): {exc}") from None
            bound.apply_defaults()
            return dict(bound.arguments)

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            values = bind(args, kwargs)
            for arg, check in steps:
                values[arg] = check(values[arg], arg, values)
            if where is not None:
                where(*[values[k] for k in related])
            if plain:
                return fn(**values)
            bound = sig.bind_partial()
            bound.arguments.update(values)
            return fn(*bound.args, **bound.kwargs)

        wrapper.__contracts__ = dict(contracts)
        wrapper.__renamed__ = renamed
        return wrapper
    return decorate
