"""The store loader: one formatting of each batch, fanned out to stores and to graph.trig."""

import io

import pyoxigraph as ox
import pytest

from kg.errors import KgError
from kg.store import StoreLoader, trig_writer

G1, G2 = "<http://example.org/g1>", "<http://example.org/g2>"
S, P = "<http://schema.org/s>", "<http://schema.org/name>"
QUADS = [(S, P, '"a"', G1), (S, P, '"a"', G1), (S, P, '"b"', G1),   # a graph stating one fact twice
         (S, P, '"a"', G2)]                                        # the same fact in another graph


def _quad(s, p, o, g):
    return ox.Quad(ox.NamedNode(s[1:-1]), ox.NamedNode(p[1:-1]), ox.Literal(o[1:-1]), ox.NamedNode(g[1:-1]))


def test_every_target_gets_the_distinct_quads_in_the_form_it_keeps():
    quads, union, both = ox.Store(), ox.Store(), ox.Store()
    trig = io.BytesIO()
    loader = StoreLoader([(quads, "quads"), (union, "triples"), (both, "quads+union"),
                          (trig_writer(trig), "quads")], batch=2)
    for graph in (QUADS[:3], QUADS[3:]):
        loader.add(graph)
    loader.close()
    expected = {_quad(*q) for q in QUADS}
    assert loader.quads == 3
    assert set(quads) == expected
    assert {(q.subject, q.predicate, q.object) for q in union} == {(q.subject, q.predicate, q.object) for q in expected}
    assert all(isinstance(q.graph_name, ox.DefaultGraph) for q in union)
    assert len(both) == 3 + 2
    text = trig.getvalue()
    assert text.count(b"@prefix schema:") == 1          # declared once, however many batches
    assert set(ox.parse(text, ox.RdfFormat.TRIG)) == expected


def test_a_failing_target_is_reported_when_the_loader_closes():
    def broken(_data: bytes) -> None:
        raise OSError("disk full")
    loader = StoreLoader([(broken, "quads")], batch=1)
    loader.add(QUADS)
    with pytest.raises(KgError, match="disk full"):
        loader.close()
