"""RDF terms as N-Triples text: the fast, allocation-light form quads travel in.

A quad is a tuple of four strings (subject, predicate, object, graph), each already
encoded for N-Quads, so writing TriG/N-Quads or bulk-loading Oxigraph needs no conversion.
"""

from __future__ import annotations

import datetime as dt
import re

from .vocab import XSD

Quad = tuple[str, str, str, str]

# Characters an IRI may not hold are percent-encoded as UTF-8: N-Triples' forbidden <>"{}|^`\
# and space, [] outside a host, what RFC 3987 leaves out of ucschar (controls, surrogates,
# private use, non-characters), and a "%" that starts no escape.
_PLANE_ENDS = "".join(f"\\U{p:04X}FFFE\\U{p:04X}FFFF" for p in range(1, 15))
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\\[\]\x7f-\x9f\ud800-\uf8ff\ufdd0-\ufdef\ufff0-\uffff'
                            r"\U000E0000-\U000E0FFF\U000F0000-\U0010FFFF" + _PLANE_ENDS + "]"
                            r"|%(?![0-9A-Fa-f]{2})")   # a "%" that starts no escape
# The same for ASCII text (most IRIs): a small character class is four times as quick.
_ASCII_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\\[\]\x7f]|%(?![0-9A-Fa-f]{2})')
_LITERAL_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def iri(value: str) -> str:
    forbidden = _ASCII_IRI_FORBIDDEN if value.isascii() else _IRI_FORBIDDEN
    if forbidden.search(value):
        value = forbidden.sub(_percent_encode, value)
    return f"<{value}>"


def _percent_encode(m: re.Match) -> str:
    return "".join(f"%{b:02X}" for b in m.group().encode("utf-8", "surrogatepass"))


def _escaped(value: str) -> str:
    # most values need no escape: four membership tests are far cheaper than translate()
    if "\\" in value or '"' in value or "\n" in value or "\r" in value:
        return value.translate(_LITERAL_ESCAPES)
    return value


def lit(value: str, lang: str | None = None) -> str:
    body = '"' + _escaped(str(value)) + '"'
    return f"{body}@{lang}" if lang else body


def typed(value: object, datatype: str) -> str:
    return '"' + _escaped(str(value)) + f'"^^<{XSD}{datatype}>'


def integer(value: int) -> str:
    return typed(int(value), "integer")


def date(value: dt.date) -> str:
    return typed(value.isoformat(), "date")


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
