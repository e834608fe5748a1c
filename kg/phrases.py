"""Gazetteer phrase matching: every surface form of every entry, in one compiled regex.

The surface forms are folded into a character trie and the trie is written out as a
regular expression, so a single ``finditer`` pass (in C) finds the leftmost-longest
phrase at each position; overlapping candidates of different kinds share one match and
are told apart later by context.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a surface form may refer to."""

    kind: str          # "country", "org", "title", "topic", ...
    id: str            # the entry id
    exact: str | None  # when set, the surface must be written exactly like this
    initial: str | None = None   # when set, the surface must begin with this letter (a capital)


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    start: int
    end: int
    surface: str
    candidates: tuple[Candidate, ...]

    def of_kind(self, *kinds: str) -> list[Candidate]:
        return [c for c in self.candidates if c.kind in kinds]


def _key(surface: str) -> str:
    return " ".join(surface.lower().split())


class PhraseMatcher:
    """Collects (surface, candidate) pairs, then matches them all at once."""

    def __init__(self) -> None:
        self._entries: dict[str, list[Candidate]] = defaultdict(list)
        self._regex: re.Pattern[str] | None = None

    def add(self, surface: str, kind: str, entry_id: str, exact_case: bool = False,
            capitalised: bool = False) -> None:
        """``exact_case``: the surface must be written exactly so; ``capitalised``: it must begin
        with the same capital letter ("Nhà nước Việt Nam" is the State, "thăm cấp nhà nước Việt
        Nam" is a state visit to Vietnam)."""
        surface = " ".join(surface.split())
        if not surface:
            return
        initial = surface[0] if capitalised and surface[0].isupper() else None
        cand = Candidate(kind, entry_id, surface if exact_case else None, initial)
        bucket = self._entries[_key(surface)]
        if cand not in bucket:
            bucket.append(cand)
        self._regex = None

    def candidates_for(self, surface: str) -> list[Candidate]:
        return list(self._entries.get(_key(surface), ()))

    def __len__(self) -> int:
        return len(self._entries)

    def compile(self) -> None:
        """Build the one regex of every surface form (done on first use; a process that forks
        workers compiles first, so that they share it)."""
        if self._regex is not None:
            return
        trie: dict = {}
        for key in self._entries:
            node = trie
            for ch in key:
                node = node.setdefault(ch, {})
            node[""] = True
        body = _trie_to_regex(trie) if trie else "(?!)"
        # whole words: a hyphen or apostrophe joining a word on continues it ("Cho Hyun-joon" is
        # not the phrase "Cho Hyun")
        self._regex = re.compile(rf"(?<!\w)(?<!\w[-'’])(?:{body})(?!\w|[-'’]\w)", re.IGNORECASE)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[PhraseMatch]:
        if self._regex is None:
            self.compile()
        assert self._regex is not None
        end = len(text) if end is None else end
        search = self._regex.search
        pos = start
        while (m := search(text, pos, end)) is not None:
            surface = m.group()
            cands = tuple(c for c in self._entries.get(_key(surface), ())
                          if (c.exact is None or c.exact == surface) and (c.initial is None or surface[0] == c.initial))
            if cands:
                yield PhraseMatch(m.start(), m.end(), surface, cands)
                pos = m.end()
            else:   # written otherwise than the entries ask: a shorter phrase may start further on
                pos = m.start() + 1


def _trie_to_regex(node: dict) -> str:
    """Write a trie as a regex; longer continuations are tried before stopping."""
    terminal = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        sub = _trie_to_regex(node[ch])
        branches.append(_escape(ch) + sub)
    if not branches:
        return ""
    if len(branches) == 1:
        body = branches[0]
        if terminal:
            return f"(?:{body})?"
        return body
    alternation = "(?:" + "|".join(branches) + ")"
    return alternation + "?" if terminal else alternation


def _escape(ch: str) -> str:
    return " " if ch == " " else re.escape(ch)
