"""The closed namespace in kg/vocab.py and the ontology declare the same terms."""

import rdflib
from rdflib.namespace import OWL, RDF

from kg.validate import ONTOLOGY_DIR
from kg.vocab import NKG


def test_namespace_matches_the_ontology():
    g = rdflib.Graph().parse(ONTOLOGY_DIR / "newskg.ttl", format="turtle")
    ns = str(NKG._NS)
    declared = {str(s)[len(ns):] for s in g.subjects(RDF.type, None) if str(s).startswith(ns)}
    assert declared == set(NKG.__annotations__)
    assert (rdflib.URIRef(ns.rstrip("#")), RDF.type, OWL.Ontology) in g


def test_typos_raise():
    import pytest
    with pytest.raises(AttributeError):
        NKG.Meating  # noqa: B018
