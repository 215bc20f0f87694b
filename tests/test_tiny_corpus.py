"""Tests for w2vlib.tiny_corpus: the generated corpus notebook 08 trains on offline."""
import re

import pytest

import w2vlib.tiny_corpus as tc
from w2vlib.plot import VISUALIZE_WORDS
from w2vlib.tiny_corpus import TINY_CORPUS_PATH, corpus_text, generate, load_tiny_corpus


@pytest.fixture(scope="module")
def tiny():
    return load_tiny_corpus()


def test_committed_tiny_corpus_is_what_the_generator_writes():
    assert TINY_CORPUS_PATH.read_text(encoding="utf-8") == corpus_text()


def test_tiny_corpus_is_small_and_holds_the_courses_24_words(tiny):
    assert TINY_CORPUS_PATH.stat().st_size < 1_000_000
    vocab = {t for s in tiny for t in s}
    missing = [w for w in VISUALIZE_WORDS if w not in vocab]
    assert not missing
    counts = {w: sum(s.count(w) for s in tiny) for w in VISUALIZE_WORDS}
    assert min(counts.values()) >= 100, counts


def test_generation_is_deterministic_and_seeded():
    assert generate(200, seed=5) == generate(200, seed=5)
    assert generate(200, seed=5) != generate(200, seed=6)
    assert generate(300, seed=5)[:200] == generate(200, seed=5)      # one stream, read in order
    assert corpus_text(3, seed=1) == "\n".join(generate(3, seed=1)) + "\n"


def test_sentences_are_lowercase_space_separated_tokens(tiny):
    assert len(tiny) == 12_000
    text = corpus_text()
    assert text.endswith("\n") and "\n\n" not in text and "  " not in text
    assert all(re.fullmatch(r"[a-z,]+( [a-z,]+)*", line) for line in text.splitlines())


def test_topic_proportions_follow_the_mixture(tiny):
    """40 % reviews, 30 % people, 15 % weather, 15 % drinks (binomial sd at n = 12,000 is < 0.5 %)."""
    n = len(tiny)
    weather = sum(any(w in s for w in tc.WEATHER) for s in tiny) / n
    drinks = sum(any(w in s for w in tc.DRINK) for s in tiny) / n
    person_words = {"he", "his", "she", "her"}
    people = sum(bool(person_words & set(s)) and not set(s) & set(tc.DRINK) for s in tiny) / n  # "he poured ... his cup"
    assert abs(weather - 0.15) < 0.02 and abs(drinks - 0.15) < 0.02 and abs(people - 0.30) < 0.02


def test_gender_and_sentiment_are_consistent_within_a_sentence(tiny):
    """The groups are learnable: a female word never shares a sentence with he/his, a
    positive review never says "hated", a negative one never says "loved"."""
    female = {"queen", "princess", "woman", "girl", "female"}
    male = {"king", "prince", "man", "boy", "male"}
    for s in map(set, tiny):
        if s & female:
            assert not s & {"he", "his"} and not s & male, s
        if s & male:
            assert not s & {"she", "her"}, s
        if s & set(tc.POSITIVE) and s & set(tc.FILM):
            assert not s & {"hated", "avoid", "yawn", "waste", "disliked"}, s
        if s & set(tc.NEGATIVE):
            assert not s & {"loved", "recommend", "smile", "enjoyed"}, s
    assert any({"king", "he"} <= set(s) for s in tiny) and any({"queen", "she"} <= set(s) for s in tiny)


def test_load_reads_a_given_file_and_refuses_a_missing_one(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text("a b c\n\n  \nd e\n", encoding="utf-8")
    assert load_tiny_corpus(path) == [["a", "b", "c"], ["d", "e"]]
    with pytest.raises(FileNotFoundError, match="no corpus at"):
        load_tiny_corpus(tmp_path / "missing.txt")


def test_missing_bundled_file_is_generated_in_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(tc, "TINY_CORPUS_PATH", tmp_path / "gone.txt")
    assert tc.load_tiny_corpus() == [s.split() for s in generate()]


def test_write_produces_the_committed_text(tmp_path):
    path = tc.write(tmp_path / "sub" / "tiny.txt")
    assert path.read_text(encoding="utf-8") == corpus_text()
    assert [p.name for p in path.parent.iterdir()] == ["tiny.txt"]      # no temporary file left
