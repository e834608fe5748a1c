"""A sentence as a stream of items: gazetteer phrases, words and punctuation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .phrases import Candidate, PhraseMatch

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")


@dataclass(slots=True)
class Item:
    kind: str                     # "phrase", "word" or "punct"
    start: int
    end: int
    surface: str
    candidates: tuple[Candidate, ...] = ()
    parts: tuple["Item", ...] = ()     # the items an organisation found by pattern was built from

    def has(self, *kinds: str) -> bool:
        return any(c.kind in kinds for c in self.candidates)

    def ids(self, kind: str) -> list[str]:
        return [c.id for c in self.candidates if c.kind == kind]

    def first(self, kind: str) -> str | None:
        for c in self.candidates:
            if c.kind == kind:
                return c.id
        return None

    @property
    def is_cap(self) -> bool:
        """A capitalised word (a possible part of a name)."""
        return self.kind == "word" and self.surface[:1].isupper()

    def is_word(self, *words: str) -> bool:
        return self.kind != "punct" and self.surface.lower() in words


def capitalised_run(items: list[Item], k: int, most: int = 5) -> int:
    """How many capitalised words follow one another from ``items[k]`` (at most ``most``)."""
    n = 0
    while k + n < len(items) and n < most and items[k + n].is_cap:
        n += 1
    return n


def written_at(items: list[Item], k: int, phrases) -> str | None:
    """The first of ``phrases`` (lowercase, words separated by spaces, longest first) written as
    words from ``items[k]`` on ("thành phố" in "UBND thành phố Vũ Thu Hà"), if any."""
    for phrase in phrases:
        n = len(phrase.split())
        run = items[k:k + n]
        if len(run) == n and all(it.kind == "word" for it in run) and " ".join(it.surface.lower() for it in run) == phrase:
            return phrase
    return None


def looks_like_acronym(word: str) -> bool:
    """"FS", "MEDEF", "AmCham": two or more capitals, no lowercase run longer than the capitals."""
    caps = sum(ch.isupper() for ch in word)
    return len(word) >= 2 and word[0].isupper() and caps >= 2 and caps * 2 >= len(word)


def _one_capitalised_phrase(it: Item) -> bool:
    """A gazetteer phrase of one capitalised word."""
    return it.kind == "phrase" and " " not in it.surface.strip() and it.surface[:1].isupper()


def one_word_place(it: Item) -> bool:
    """A capitalised one-word country or place ("Đức", "Santiago"), which may also be a syllable
    or the last word of a person's name."""
    return _one_capitalised_phrase(it) and it.has("country", "place") and not it.has("org", "title")


def qualifier_syllable(it: Item) -> bool:
    """A capitalised one-word qualifier ("Tân Đại sứ": the new ambassador), which inside a
    person's name is one of its syllables ("Ngô Tân Phượng")."""
    return _one_capitalised_phrase(it) and bool(it.candidates) \
        and all(c.kind in ("qualifier", "filler") for c in it.candidates)


def parenthesised(items: list[Item], k: int) -> Item | None:
    """The one item written in parentheses from ``items[k]`` on ("(Hàn Quốc)", "(FS)"), if any."""
    if k + 2 < len(items) and items[k].surface == "(" and items[k + 2].surface == ")":
        return items[k + 1]
    return None


def sentence_items(text: str, start: int, end: int, phrases: list[PhraseMatch]) -> list[Item]:
    """Items of ``text[start:end]``; ``phrases`` are the phrase matches inside it, in order."""
    items: list[Item] = []
    pos = start
    for ph in phrases:
        if ph.start < pos:
            continue
        _words(text, pos, ph.start, items)
        items.append(Item("phrase", ph.start, ph.end, ph.surface, ph.candidates))
        pos = ph.end
    _words(text, pos, end, items)
    return _names_over_qualifiers(items)


def _names_over_qualifiers(items: list[Item]) -> list[Item]:
    """"Nguyễn Mạnh Quyền", "Chủ quyền lương thực": a one-word qualifier ("Quyền", acting)
    written after a capitalised word and before no title is the last syllable of a name or a
    word, not a qualifier."""
    for k in range(1, len(items)):
        it = items[k]
        if it.kind == "phrase" and " " not in it.surface \
                and all(c.kind == "qualifier" for c in it.candidates) and items[k - 1].is_cap \
                and not (k + 1 < len(items) and items[k + 1].kind == "phrase" and items[k + 1].has("title")):
            items[k] = Item("word", it.start, it.end, it.surface)
    return items


def _words(text: str, start: int, end: int, out: list[Item]) -> None:
    for m in _TOKEN.finditer(text, start, end):
        surface = m.group()
        kind = "punct" if not (surface[0].isalnum() or surface[0] == "_") else "word"
        out.append(Item(kind, m.start(), m.end(), surface))
