"""RDF terms as N-Triples text: the fast, allocation-light form quads travel in.

A quad is a tuple of four strings (subject, predicate, object, graph), each already
encoded for N-Quads, so writing TriG/N-Quads or bulk-loading Oxigraph needs no conversion.
"""

from __future__ import annotations

import datetime as dt

from .vocab import XSD

Quad = tuple[str, str, str, str]

_IRI_ESCAPES = {c: f"%{ord(c):02X}" for c in '<>"{}|^`\\ '}
_LITERAL_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def iri(value: str) -> str:
    if any(c in _IRI_ESCAPES or ord(c) < 0x21 for c in value):
        value = "".join(_IRI_ESCAPES.get(c, c) if ord(c) >= 0x21 else f"%{ord(c):02X}" for c in value)
    return f"<{value}>"


def lit(value: str, lang: str | None = None) -> str:
    body = '"' + str(value).translate(_LITERAL_ESCAPES) + '"'
    return f"{body}@{lang}" if lang else body


def typed(value: object, datatype: str) -> str:
    return '"' + str(value).translate(_LITERAL_ESCAPES) + f'"^^<{XSD}{datatype}>'


def integer(value: int) -> str:
    return typed(int(value), "integer")


def date(value: dt.date) -> str:
    return typed(value.isoformat(), "date")


def year_month(value: str) -> str:
    return typed(value, "gYearMonth")


_UNESCAPES = {"\\\\": "\\", '\\"': '"', "\\n": "\n", "\\r": "\r"}


def is_iri(term: str) -> bool:
    return term.startswith("<")


def iri_value(term: str) -> str:
    return term[1:-1]


def literal_value(term: str) -> tuple[str, str | None]:
    """The lexical value and language tag of an encoded literal."""
    end = term.rindex('"')
    body = term[1:end]
    if "\\" in body:
        out, i = [], 0
        while i < len(body):
            if body[i] == "\\" and i + 1 < len(body):
                out.append(_UNESCAPES.get(body[i:i + 2], body[i + 1]))
                i += 2
            else:
                out.append(body[i])
                i += 1
        body = "".join(out)
    rest = term[end + 1:]
    return body, rest[1:] if rest.startswith("@") else None
