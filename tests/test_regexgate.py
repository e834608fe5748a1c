"""The first-character gate on rule regexes (kg.regexgate): the same matches as the rule wrote."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import regexgate
from kg.regexgate import compile_gated, first_chars, source

ARTICLES = sorted(Path(__file__).parent.glob("devset*/articles/*.txt"))


def test_the_gate_follows_optional_words_to_the_word_that_must_come():
    assert first_chars("(?:đã |sẽ )?(?:cuộc )?hội đàm") == {"đ", "s", "c", "h"}
    assert first_chars(r"(?<![\d/])(?P<day>\d{1,2})/\d") == {r"\d"}
    assert first_chars("[a-c]x|y") == {"a", "b", "c", "y"}
    assert first_chars(r"(?:đã )?[-.]x") == {"đ", r"\-", r"\."}


@pytest.mark.parametrize("pattern", [r"\w+ đàm", ".x", "[^a]b", "(?:a)?", "x*", r"\s?y|z*", "[a-\u0101]"])
def test_no_gate_where_a_match_can_begin_almost_anywhere_or_be_empty(pattern):
    assert first_chars(pattern) is None
    assert compile_gated(pattern).pattern == pattern


def test_a_gated_pattern_keeps_its_source_and_global_flags_stay_first():
    regex = compile_gated("(?:đã )?hội đàm", re.IGNORECASE)
    assert regex.pattern.startswith("(?=[") and source(regex) == "(?:đã )?hội đàm"
    assert regex.search("Chiều qua, ĐÃ HỘI ĐÀM với").group() == "ĐÃ HỘI ĐÀM"
    assert compile_gated("(?i)abc").pattern == "(?i)abc"
    with pytest.raises(re.error):
        compile_gated("(?:đã )?hội (đàm")


def _rule_regexes(book) -> list[tuple[re.Pattern, re.Pattern]]:
    """Every gated regex of the rules, with the plain one its rule wrote."""
    assert book.triggers   # loading the rules gated their regexes
    return [(r, re.compile(text, r.flags)) for r, text in list(regexgate._SOURCES.items())]


def _spans(regex: re.Pattern, text: str) -> list[tuple[int, int, tuple]]:
    return [(m.start(), m.end(), m.groups()) for m in regex.finditer(text)]


def test_every_gated_rule_regex_finds_what_its_rule_wrote_in_the_development_articles(book):
    texts = [p.read_text(encoding="utf-8") for p in ARTICLES]
    pairs = _rule_regexes(book)
    assert len(pairs) >= 30 and texts
    for gated, plain in pairs:
        for text in texts:
            assert _spans(gated, text) == _spans(plain, text), source(gated)


# Text made of the letters rule patterns start with, in both cases, digits and punctuation.
_ALPHABET = "đĐsScCtTnNhHkKgGlLvVpPôÔ0123456789 /.-,()áàảãạăâêơư"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_every_gated_rule_regex_finds_what_its_rule_wrote_in_any_text(book, text):
    for gated, plain in _rule_regexes(book):
        assert _spans(gated, text) == _spans(plain, text), source(gated)
