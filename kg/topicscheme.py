"""``ontology/topics.ttl``: the SKOS topic scheme, generated from ``kg/rules/topics.yaml``.

The YAML file is where analysts edit topics; the Turtle file publishes the same scheme
for SPARQL users and other tools. ``python -m kg.topicscheme`` regenerates it; a test
keeps the two in step.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .graph import reference_quads
from .output import ntriples_text
from .rulebook import load_rulebook
from .validate import ONTOLOGY_DIR
from .vocab import PREFIXES

TARGET = ONTOLOGY_DIR / "topics.ttl"


def topic_scheme_turtle() -> bytes:
    book = load_rulebook()
    triples = sorted({(s, p, o) for s, p, o, _ in reference_quads(book)
                      if "/id/topic/" in s or s.endswith("/id/scheme/topics>")})
    parsed = ox.parse(ntriples_text(triples).encode(), format=ox.RdfFormat.N_TRIPLES)
    header = b"# The SKOS scheme of trade and diplomacy topics, generated from kg/rules/topics.yaml\n" \
             b"# by `python -m kg.topicscheme`: edit the YAML file, not this one.\n"
    return header + ox.serialize(parsed, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def write(path: Path = TARGET) -> None:
    path.write_bytes(topic_scheme_turtle())


if __name__ == "__main__":
    write()
    print(f"wrote {TARGET}")
