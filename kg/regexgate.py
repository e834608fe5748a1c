"""A rule regex with a leading gate on its first character: the same matches, found sooner.

Most rule patterns begin with optional words ("(?:đã |sẽ )?(?:cuộc )?hội đàm"). CPython's
regex engine cannot skip ahead on such a pattern and tries a full match at every position of
the text, which made scanning for triggers a third of extraction. A lookahead on the set of
characters a match can begin with (``(?=[đsch])``) lets it reject most positions at once.

The set is read from the parsed pattern. Where any part of it could begin with too many
characters (``.``, ``\\w``, a negated class, a wide range) or could match the empty string,
no gate is added. A lookahead only removes positions where no match can start, so the gated
pattern finds exactly what the original does (a property the tests check on every rule).
"""

from __future__ import annotations

import re

try:   # CPython's own regex parser (private, but stable since 3.11); without it, no gates
    from re import _constants as C  # noqa: N812 (the parser's opcodes)
    from re import _parser
except ImportError:   # pragma: no cover - another Python implementation
    C = _parser = None

#: A class wider than this is not worth a gate.
_MAX_RANGE = 64


class _Open(Exception):
    """A part of the pattern can begin with too many characters for a gate."""


def first_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The characters a non-empty match of ``pattern`` can begin with, as the members of a
    character class (a character, or ``\\d`` for any digit; with IGNORECASE the gate folds
    case like the pattern does), or None when no small set is known."""
    if _parser is None:
        return None
    try:
        chars, nullable = _first(_parser.parse(pattern, flags))
    except (_Open, re.error, RecursionError, AttributeError):
        return None
    return None if nullable or not chars else frozenset(chars)


def compile_gated(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, with a lookahead on the first character when one is
    known (:func:`source` gives the pattern as written back)."""
    chars = first_chars(pattern, flags)
    if chars is not None:
        klass = "".join(sorted(chars))
        try:
            regex = re.compile(f"(?=[{klass}])(?:{pattern})", flags)
        except re.error:      # e.g. global inline flags, which must stay first
            pass
        else:
            _SOURCES[regex] = pattern
            return regex
    return re.compile(pattern, flags)


def source(regex: re.Pattern) -> str:
    """The pattern as its rule wrote it, without the gate."""
    return _SOURCES.get(regex, regex.pattern)


_SOURCES: dict[re.Pattern, str] = {}


def _first(items) -> tuple[set[str], bool]:
    """(first characters, can be empty) of a sequence of parsed items."""
    out: set[str] = set()
    for op, av in items:
        chars, nullable = _first_of(op, av)
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _first_of(op, av) -> tuple[set[str], bool]:
    if op is C.LITERAL:
        return {re.escape(chr(av))}, False
    if op is C.IN:
        return _in(av), False
    if op is C.BRANCH:
        out: set[str] = set()
        nullable = False
        for alternative in av[1]:
            chars, empty = _first(alternative)
            out |= chars
            nullable = nullable or empty
        return out, nullable
    if op is C.SUBPATTERN:
        return _first(av[3])
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, _high, body = av
        chars, nullable = _first(body)
        return chars, nullable or low == 0
    if op is C.ATOMIC_GROUP:
        return _first(av)
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return set(), True     # zero width: ignoring it only widens the set
    raise _Open(op)


def _in(items) -> set[str]:
    out: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            out.add(re.escape(chr(av)))
        elif op is C.RANGE and av[1] - av[0] <= _MAX_RANGE:
            out.update(re.escape(chr(c)) for c in range(av[0], av[1] + 1))
        elif op is C.CATEGORY and av is C.CATEGORY_DIGIT:
            out.add(r"\d")
        else:          # NEGATE, another category (\w, \s …), a wide range
            raise _Open(op)
    return out
