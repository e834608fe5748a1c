"""The gazetteer phrase matcher: longest whole-word phrases, left to right, with the case
rules of their entries; checked by example and against a brute-force reading."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.phrases import PhraseMatcher


def _matcher(*surfaces: str, **flags) -> PhraseMatcher:
    m = PhraseMatcher()
    for s in surfaces:
        m.add(s, "org", s, **flags)
    return m


def _found(m: PhraseMatcher, text: str, **kw) -> list[str]:
    return [p.surface for p in m.finditer(text, **kw)]


def test_longest_phrase_wins_and_matches_do_not_overlap():
    m = _matcher("Bộ Công", "Bộ Công Thương", "Thương mại")
    assert _found(m, "Bộ Công Thương mại điện tử") == ["Bộ Công Thương"]
    assert _found(m, "Bộ Công nghiệp") == ["Bộ Công"]


def test_case_does_not_matter_unless_the_entry_asks():
    m = _matcher("Bộ Công Thương")
    assert _found(m, "BỘ CÔNG THƯƠNG và bộ công thương") == ["BỘ CÔNG THƯƠNG", "bộ công thương"]
    exact = _matcher("ông", exact_case=True)
    assert _found(exact, "Ông Nam và ông Bắc") == ["ông"]


def test_a_capitalised_entry_needs_its_capital():
    m = _matcher("Nhà nước", capitalised=True)
    assert _found(m, "thăm cấp nhà nước; Nhà nước Việt Nam") == ["Nhà nước"]


def test_a_phrase_is_a_whole_word():
    m = _matcher("Cho Hyun", "Hyun")
    assert _found(m, "ông Cho Hyun-joon") == []
    assert _found(m, "ông Cho Hyun-") == ["Cho Hyun"]
    assert _found(m, "Hyunjin, Hyun.") == ["Hyun"]


def test_a_longer_phrase_that_would_end_inside_a_word_gives_way_to_a_shorter_one():
    m = _matcher("Hà Nội", "Hà Nội Mới")
    assert _found(m, "Hà Nội Mớix") == ["Hà Nội"]


def test_a_phrase_written_otherwise_than_asked_lets_a_shorter_one_start_further_on():
    m = PhraseMatcher()
    m.add("Bộ Công Thương", "org", "moit", exact_case=True)
    m.add("Công Thương", "org", "ct")
    found = list(m.finditer("bộ công thương"))
    assert [(p.surface, p.candidates[0].id) for p in found] == [("công thương", "ct")]


def test_the_bounds_are_kept():
    m = _matcher("Hà Nội")
    text = "Hà Nội, Hà Nội, Hà Nội"
    assert [p.start for p in m.finditer(text, 1, 16)] == [8]
    assert [p.start for p in m.finditer(text, 0, 5)] == []   # "Hà Nộ" is no phrase


def _brute_force(surfaces: list[str], text: str) -> list[tuple[int, int]]:
    """Leftmost, then longest, whole-word, non-overlapping: by trying every span."""
    keys = {" ".join(s.lower().split()) for s in surfaces if s.split()}
    word = re.compile(r"\w")
    def starts_word(i): return not (i > 0 and word.match(text[i - 1])) and not (
        i > 1 and text[i - 1] in "-'’" and word.match(text[i - 2]))
    def ends_word(j): return not (j < len(text) and word.match(text[j])) and not (
        j + 1 < len(text) and text[j] in "-'’" and word.match(text[j + 1]))
    out, i = [], 0
    while i < len(text):
        ends = [j for j in range(len(text), i, -1) if text[i:j].lower() in keys and starts_word(i) and ends_word(j)]
        if ends:
            out.append((i, ends[0]))
            i = ends[0]
        else:
            i += 1
    return out


_ALPHABET = "aAbđĐ ơỜ-’.,"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_ALPHABET, min_size=1, max_size=4), min_size=1, max_size=6),
       st.text(_ALPHABET, max_size=40))
def test_the_matcher_agrees_with_trying_every_span(surfaces, text):
    surfaces = [s for s in surfaces if s.strip() and re.match(r"\w", s.strip())]
    m = _matcher(*surfaces)
    assert [(p.start, p.end) for p in m.finditer(text)] == _brute_force(surfaces, text)
