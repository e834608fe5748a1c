"""Namespaces. ``NKG`` is closed: a term the ontology does not declare raises at import."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/newskg/"
ID = Namespace(BASE + "id/")
SCHEMA = Namespace("http://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
TIME = Namespace("http://www.w3.org/2006/time#")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"

REFERENCE_GRAPH = ID["graph/reference"]
DERIVED_GRAPH = ID["graph/derived"]


class NKG(DefinedNamespace):
    """Terms of ``ontology/newskg.ttl`` (a test checks the two agree)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    Meeting: str
    Reception: str
    Talks: str
    PhoneCall: str
    NegotiationRound: str
    SigningCeremony: str
    Visit: str
    Conference: str
    Forum: str
    Agreement: str
    Partnership: str
    Evidence: str
    asciiName: str
    nationality: str
    country: str
    qualifier: str
    portfolio: str
    hostCountry: str
    agreement: str
    ordinal: str
    cameoCode: str
    ploverType: str
    ploverMode: str
    party: str
    partnershipLevel: str
    evidence: str
    sentence: str
    sentenceStart: str
    sentenceEnd: str
    spanStart: str
    spanEnd: str
    rule: str
    firstAttested: str
    lastAttested: str
    defaultCameoCode: str
    defaultPloverType: str


PREFIXES = {
    "nkg": str(NKG._NS),
    "id": str(ID),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "skos": str(SKOS),
    "prov": str(PROV),
    "time": str(TIME),
    "xsd": XSD,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}
# One prefix per kind of node, so Turtle reads "person:le-manh-hung".
for _folder in ("article", "person", "org", "country", "place", "role", "qualifier", "topic", "event",
                "membership", "evidence", "agreement", "partnership", "interval", "orgkind", "scheme",
                "partnership-level", "graph"):
    PREFIXES[_folder.replace("-", "")] = f"{ID}{_folder}/"
