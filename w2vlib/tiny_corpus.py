"""The tiny bundled corpus: generated deterministically, so notebook 08 trains offline in seconds.

``data/tiny/tiny-corpus.txt`` (committed, CC0) is the output of :func:`generate` with its
defaults; ``python -m w2vlib.tiny_corpus`` rewrites it, and a test checks that the committed
file is exactly what the generator produces.

The sentences come from small templates about four things, written so that the course's 24
``visualizeWords`` have contexts that make the expected groups learnable:

- film reviews: positive adjectives (great, cool, brilliant, wonderful, amazing, sweet,
  enjoyable, ...) next to "loved", "recommend", "well worth"; negative ones (boring, bad, dumb,
  annoying, ...) next to "hated", "avoid", "not worth";
- people: king/queen (palace, throne, crown) and man/woman (town, work, street), male and female
  as adjectives, with the pronouns he/his and she/her carrying the gender direction;
- weather: rain, snow, hail (fell, clouds, cold, storm, umbrella);
- drinks: coffee, tea (cup, hot, drank, kettle, sugar).

Only ``random.Random(seed).random()`` is used (its Mersenne Twister stream is fixed across
Python versions), so the output is the same everywhere. Each line is one lowercase sentence of
space-separated tokens.
"""
from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from . import _validate
from ._validate import MAX_TINY_SENTENCES, Integer, OrNone, Path as PathArg, Seed, checked
from ._files import atomic_write

__all__ = ["TINY_CORPUS_PATH", "POSITIVE", "NEGATIVE", "FILM", "PART", "MALE", "FEMALE", "ROLE", "WEATHER",
           "PLACE", "DRINK", "FOOD", "generate", "corpus_text", "load_tiny_corpus", "write"]

TINY_CORPUS_PATH = Path(__file__).resolve().parent.parent / "data" / "tiny" / "tiny-corpus.txt"

POSITIVE = ["great", "cool", "brilliant", "wonderful", "amazing", "sweet", "enjoyable",
            "superb", "lovely", "charming", "delightful"]
NEGATIVE = ["boring", "bad", "dumb", "annoying", "dull", "awful", "silly", "tedious", "terrible"]
FILM = ["film", "movie", "story", "picture", "comedy", "drama"]
PART = ["acting", "script", "ending", "music", "plot", "cast"]
MALE = {"royal": ["king", "prince"], "common": ["man", "boy"], "pronoun": "he", "possessive": "his"}
FEMALE = {"royal": ["queen", "princess"], "common": ["woman", "girl"], "pronoun": "she", "possessive": "her"}
ROLE = ["lead", "singer", "doctor", "actor", "character", "pilot"]
WEATHER = ["rain", "snow", "hail"]
PLACE = ["town", "hills", "roof", "fields", "road", "village"]
DRINK = ["coffee", "tea"]
FOOD = ["bread", "cake", "toast", "soup"]


def _pick(rng: random.Random, items):
    return items[int(rng.random() * len(items))]


def _review(rng):
    film, part = _pick(rng, FILM), _pick(rng, PART)
    if rng.random() < 0.5:
        a, b = _pick(rng, POSITIVE), _pick(rng, POSITIVE)
        return _pick(rng, [
            f"the {film} was {a} and i loved it",
            f"what a {a} {film} , {b} from start to finish",
            f"a {a} {film} with {b} {part} , well worth seeing",
            f"the {part} is {a} and the {film} is well made",
            f"i enjoyed this {a} {film} and would recommend it",
            f"{a} {part} , {b} {film} , well worth the ticket",
            f"such a {a} {film} , it made me smile",
        ])
    a, b = _pick(rng, NEGATIVE), _pick(rng, NEGATIVE)
    return _pick(rng, [
        f"the {film} was {a} and i hated it",
        f"what a {a} {film} , {b} from start to finish",
        f"a {a} {film} with {b} {part} , not worth seeing",
        f"the {part} is {a} and the {film} is a waste of time",
        f"i disliked this {a} {film} and would avoid it",
        f"{a} {part} , {b} {film} , not worth the ticket",
        f"such a {a} {film} , it made me yawn",
    ])


def _person(rng):
    g = MALE if rng.random() < 0.5 else FEMALE
    he, his = g["pronoun"], g["possessive"]
    gender = "male" if g is MALE else "female"
    role = _pick(rng, ROLE)
    if rng.random() < 0.4:
        who = _pick(rng, g["royal"])
        return _pick(rng, [
            f"the {who} sat on the throne and {he} ruled the kingdom",
            f"the {who} wore {his} crown in the royal palace",
            f"in the palace the {who} told the court that {he} was tired",
            f"the royal {who} left the palace with {his} guards",
            f"the {who} of the kingdom was crowned and {he} smiled",
        ])
    if rng.random() < 0.5:
        who = _pick(rng, g["common"])
        return _pick(rng, [
            f"the {who} walked to work and {he} was late",
            f"a {who} from the town lost {his} keys in the street",
            f"the {who} said {he} would work in the town all day",
            f"the young {who} rode {his} bike down the street",
            f"an old {who} sold {his} house in the town",
        ])
    return _pick(rng, [
        f"the {gender} {role} said {he} was ready",
        f"a {gender} {role} and {his} friends",
        f"the film has a {gender} {role} and {he} is good",
        f"the role of the {gender} {role} went to {his} sister",
        f"our {gender} {role} lost {his} voice",
    ])


def _weather(rng):
    w, place = _pick(rng, WEATHER), _pick(rng, PLACE)
    return _pick(rng, [
        f"the {w} fell on the {place} all night",
        f"dark clouds brought cold {w} to the {place}",
        f"we stayed inside because of the {w} and the storm",
        f"the {w} kept falling and the {place} turned white and grey",
        f"take an umbrella , the {w} will fall on the {place} today",
        f"a cold wind and heavy {w} hit the {place}",
        f"the storm brought {w} from the clouds",
    ])


def _drink(rng):
    d, food = _pick(rng, DRINK), _pick(rng, FOOD)
    return _pick(rng, [
        f"i drank a hot cup of {d} with sugar",
        f"she made a pot of {d} in the kettle",
        f"a cup of {d} and some {food} in the morning",
        f"he poured hot {d} into his cup",
        f"we ordered {d} and {food} at the cafe",
        f"the {d} was hot so i added milk",
        f"boil the kettle and brew the {d}",
    ])


@checked(n_sentences=Integer(min=1, max=MAX_TINY_SENTENCES), seed=Seed())
def generate(n_sentences: int = 12000, seed: int = 2023) -> list[str]:
    """The corpus as a list of sentences.

    Parameters
    ----------
    n_sentences : int
        How many sentences: each is a review (40 %), about a person (30 %), the weather
        (15 %) or a drink (15 %).
    seed : int
        Seed of the ``random.Random`` that picks topics, templates and words.

    Returns
    -------
    list of str
        Lowercase sentences of space-separated tokens; the first n of a longer run are the
        same sentences.
    """
    rng = random.Random(seed)
    makers = [(0.40, _review), (0.30, _person), (0.15, _weather), (0.15, _drink)]
    out = []
    for _ in range(n_sentences):
        r, acc = rng.random(), 0.0
        for p, make in makers:
            acc += p
            if r < acc:
                break
        out.append(make(rng))
    return out


def corpus_text(n_sentences: int = 12000, seed: int = 2023) -> str:
    """The file's content: ``generate(n_sentences, seed)``, one sentence per line, ending with a newline."""
    return "\n".join(generate(n_sentences, seed)) + "\n"


@checked(path=OrNone(PathArg()))
def load_tiny_corpus(path: str | os.PathLike | None = None) -> list[list[str]]:
    """The tiny corpus as token lists.

    Parameters
    ----------
    path : path or None
        A file of one sentence per line; None: ``data/tiny/tiny-corpus.txt``, or the same
        sentences generated in memory when that file is not there (an installed package
        without the repository's ``data/``).

    Returns
    -------
    list of list of str
        One token list per non-blank line (12,000 for the bundled corpus).
    """
    path = path if path is not None else TINY_CORPUS_PATH
    if path.exists():
        lines = _validate.read_text_lines(path, "corpus file (one sentence per line)")
    elif path == TINY_CORPUS_PATH:
        lines = corpus_text().splitlines()
    else:
        raise FileNotFoundError(f"no corpus at {path}")
    return [line.split() for line in lines if line.strip()]


@checked(path=PathArg())
def write(path: str | os.PathLike = TINY_CORPUS_PATH) -> Path:
    """(Re)write the corpus file atomically, creating its folder; return its path."""
    with atomic_write(path, "w", encoding="utf-8", newline="\n") as fh:    # creates the folder
        fh.write(corpus_text())
    return path


if __name__ == "__main__":
    print(f"wrote {write(sys.argv[1] if len(sys.argv) > 1 else TINY_CORPUS_PATH)}")
