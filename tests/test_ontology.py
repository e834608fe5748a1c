"""Tests for the hand-written ontology, reference concepts and SHACL shapes in ontology/.

No network: every graph is parsed from the local Turtle files or built here with rdflib,
following docs/model.md.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, PROV, RDF, RDFS, SH, SKOS

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
NEWSKG_TTL = ONTOLOGY_DIR / "newskg.ttl"
QUALIFIERS_TTL = ONTOLOGY_DIR / "qualifiers.ttl"
SHAPES_TTL = ONTOLOGY_DIR / "shapes.ttl"

NKG = Namespace("https://w3id.org/newskg/ontology#")
NKGSH = Namespace("https://w3id.org/newskg/shapes#")
ID = Namespace("https://w3id.org/newskg/id/")
SDO = Namespace("http://schema.org/")  # http, as in docs/model.md
ORG = Namespace("http://www.w3.org/ns/org#")
# plain Namespaces: rdflib's closed TIME/XSD warn when pytest probes module attributes
TIME = Namespace("http://www.w3.org/2006/time#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

ONTOLOGY_IRI = URIRef("https://w3id.org/newskg/ontology")

EXPECTED_CLASSES = {
    "Meeting", "Reception", "Talks", "PhoneCall", "NegotiationRound", "SigningCeremony",
    "Visit", "Conference", "Forum", "Agreement", "Partnership", "Evidence",
}
EXPECTED_PROPERTIES = {
    "asciiName", "nationality", "country", "qualifier", "portfolio", "hostCountry",
    "agreement", "ordinal", "cameoCode", "ploverType", "ploverMode", "party",
    "partnershipLevel", "evidence", "sentence", "sentenceStart", "sentenceEnd", "spanStart",
    "spanEnd", "rule", "firstAttested", "lastAttested",
}
EXPECTED_ANNOTATION_PROPERTIES = {"defaultCameoCode", "defaultPloverType"}

# The event-code table of DOMAIN.md ("Event codes (CAMEO and PLOVER)").
EVENT_DEFAULT_CODES = {
    "Meeting": ("040", "CONSULT"),
    "Reception": ("043", "CONSULT"),
    "Talks": ("046", "CONSULT"),
    "PhoneCall": ("041", "CONSULT"),
    "NegotiationRound": ("046", "CONSULT"),
    "SigningCeremony": ("057", "SUPPORT"),
    "Visit": ("042", "CONSULT"),
    "Conference": ("040", "CONSULT"),
    "Forum": ("040", "CONSULT"),
}

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}

QUALIFIER_LABELS = {
    "acting": ("acting", "quyền"),
    "former": ("former", "nguyên"),
    "deputy": ("deputy", "phó"),
    "designate": ("designate", "được đề cử"),
}


# ---------------------------------------------------------------------------
# fixtures
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(NEWSKG_TTL, format="turtle")


@pytest.fixture(scope="module")
def qualifiers() -> Graph:
    return Graph().parse(QUALIFIERS_TTL, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_TTL, format="turtle")


def nkg_local_names(graph: Graph, types) -> set[str]:
    names = set()
    for rdf_type in types:
        for subject in graph.subjects(RDF.type, rdf_type):
            if isinstance(subject, URIRef) and subject.startswith(str(NKG)):
                names.add(subject[len(str(NKG)):])
    return names


# ---------------------------------------------------------------------------
# the files parse and declare what model.md names
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", [NEWSKG_TTL, QUALIFIERS_TTL, SHAPES_TTL], ids=lambda p: p.name)
def test_turtle_file_parses(path: Path):
    graph = Graph().parse(path, format="turtle")
    assert len(graph) > 0


def test_ontology_header(ontology: Graph):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    languages = {label.language for label in ontology.objects(ONTOLOGY_IRI, RDFS.comment)}
    assert languages == {"en", "vi"}


def test_ontology_declares_model_classes(ontology: Graph):
    assert nkg_local_names(ontology, [OWL.Class]) == EXPECTED_CLASSES


def test_ontology_declares_model_properties(ontology: Graph):
    declared = nkg_local_names(ontology, [OWL.ObjectProperty, OWL.DatatypeProperty])
    assert declared == EXPECTED_PROPERTIES
    assert nkg_local_names(ontology, [OWL.AnnotationProperty]) == EXPECTED_ANNOTATION_PROPERTIES


def declared_terms(ontology: Graph) -> set[URIRef]:
    terms = set()
    for rdf_type in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        terms |= {s for s in ontology.subjects(RDF.type, rdf_type)
                  if isinstance(s, URIRef) and s.startswith(str(NKG))}
    return terms


def test_every_term_has_bilingual_label_and_comment(ontology: Graph):
    problems = []
    for term in sorted(declared_terms(ontology)):
        for prop in (RDFS.label, RDFS.comment):
            languages = sorted(o.language or "" for o in ontology.objects(term, prop))
            if languages != ["en", "vi"]:
                problems.append(f"{term.n3(ontology.namespace_manager)} {prop.fragment}: {languages}")
    assert not problems, "\n".join(problems)


def test_every_property_has_domain_and_range(ontology: Graph):
    problems = []
    for prop_type in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology.subjects(RDF.type, prop_type):
            if not prop.startswith(str(NKG)):
                continue
            if ontology.value(prop, RDFS.domain) is None:
                problems.append(f"{prop} has no rdfs:domain")
            if ontology.value(prop, RDFS.range) is None:
                problems.append(f"{prop} has no rdfs:range")
    assert not problems, "\n".join(problems)


def test_alignments(ontology: Graph):
    for name in EVENT_DEFAULT_CODES:
        assert (NKG[name], RDFS.subClassOf, SDO.Event) in ontology, name
    assert (NKG.Agreement, RDFS.subClassOf, SDO.CreativeWork) in ontology
    assert (NKG.Partnership, RDFS.subClassOf, SDO.Intangible) in ontology
    assert (NKG.Evidence, RDFS.subClassOf, PROV.Entity) in ontology
    # nkg:evidence points to an Evidence node, not to the article: it must not be a
    # sub-property of prov:wasDerivedFrom.
    assert (NKG.evidence, RDFS.subPropertyOf, PROV.wasDerivedFrom) not in ontology
    assert list(ontology.objects(NKG.evidence, RDFS.subPropertyOf)) == []
    assert (NKG.evidence, RDFS.range, NKG.Evidence) in ontology


@pytest.mark.parametrize("name,codes", sorted(EVENT_DEFAULT_CODES.items()))
def test_event_class_default_codes(ontology: Graph, name: str, codes: tuple[str, str]):
    cameo = ontology.value(NKG[name], NKG.defaultCameoCode)
    plover = ontology.value(NKG[name], NKG.defaultPloverType)
    assert (str(cameo), str(plover)) == codes
    assert str(plover) in PLOVER_TYPES


def test_qualifier_concepts(qualifiers: Graph):
    for key, (en, vi) in QUALIFIER_LABELS.items():
        concept = ID[f"qualifier/{key}"]
        assert (concept, RDF.type, SKOS.Concept) in qualifiers
        assert (concept, SKOS.inScheme, ID["scheme/qualifiers"]) in qualifiers
        labels = set(qualifiers.objects(concept, SKOS.prefLabel))
        assert labels == {Literal(en, lang="en"), Literal(vi, lang="vi")}
    for scheme in ("roles", "qualifiers", "topics", "orgkinds"):
        assert (ID[f"scheme/{scheme}"], RDF.type, SKOS.ConceptScheme) in qualifiers


def test_qualifier_shape_lists_exactly_the_declared_qualifiers(shapes: Graph, qualifiers: Graph):
    qualifier_property = shapes.value(predicate=SH.path, object=NKG.qualifier)
    allowed = set(Collection(shapes, shapes.value(qualifier_property, SH["in"])))
    assert allowed == set(qualifiers.subjects(SKOS.inScheme, ID["scheme/qualifiers"]))


def test_plover_shape_lists_the_16_types(shapes: Graph):
    plover_property = shapes.value(predicate=SH.path, object=NKG.ploverType)
    allowed = list(Collection(shapes, shapes.value(plover_property, SH["in"])))
    assert {str(value) for value in allowed} == PLOVER_TYPES
    assert len(PLOVER_TYPES) == 16


# ---------------------------------------------------------------------------
# shapes use only declared terms and explain themselves
# ---------------------------------------------------------------------------

def nkg_terms_in_shapes(shapes: Graph) -> set[URIRef]:
    terms = set()
    for triple in shapes:
        for term in triple:
            if isinstance(term, URIRef) and term.startswith(str(NKG)):
                terms.add(term)
    for query in shapes.objects(None, SH.select):
        for local in re.findall(r"\bnkg:([A-Za-z_][A-Za-z0-9_]*)", str(query)):
            terms.add(NKG[local])
    return terms


def test_every_nkg_term_in_shapes_is_declared(shapes: Graph, ontology: Graph):
    used = nkg_terms_in_shapes(shapes)
    assert NKG.spanEnd in used  # sanity: SPARQL text was scanned too
    undeclared = used - declared_terms(ontology)
    assert not undeclared, sorted(undeclared)


def test_every_shape_has_a_message(shapes: Graph):
    shape_nodes = set(shapes.subjects(RDF.type, SH.NodeShape))
    shape_nodes |= set(shapes.objects(None, SH.property))
    shape_nodes |= set(shapes.objects(None, SH.sparql))
    missing = [s for s in shape_nodes if shapes.value(s, SH.message) is None]
    assert not missing, [shapes.value(s, SH.path) or s for s in missing]


# ---------------------------------------------------------------------------
# a small conforming graph, built as docs/model.md says the builder does
# ---------------------------------------------------------------------------

ARTICLE_BODY = (
    "Hà Nội (TTXVN) - Ngày 2/2/2026, Quyền Bộ trưởng Bộ Công Thương Lê Mạnh Hùng đã tiếp "
    "Thứ trưởng Ngoại giao Hoa Kỳ Jacob Helberg tại Hà Nội. Hai bên trao đổi về thương mại "
    "và thuế quan."
)

ARTICLE = ID["article/0123456789abcdef"]
VNA = ID["org/vna"]
MOIT = ID["org/vn-moit"]
VN_GOVERNMENT = ID["org/vn-government"]
VIETNAM = ID["country/vn"]
USA = ID["country/us"]
HANOI = ID["place/ha-noi"]
PERSON = ID["person/le-manh-hung"]
PERSON_US = ID["person/jacob-helberg"]
MINISTER = ID["role/minister"]
MINISTRY_KIND = ID["orgkind/ministry"]
MEMBERSHIP = ID["membership/aaaa"]
INTERVAL = ID["interval/aaaa"]
BEGINNING = ID["instant/aaaa-begin"]
EVENT = ID["event/bbbb"]
EVIDENCE_ROLE = ID["evidence/cccc"]
EVIDENCE_EVENT = ID["evidence/dddd"]
TOPIC_TRADE = ID["topic/trade"]
TOPIC_TARIFFS = ID["topic/tariffs"]
AGREEMENT = ID["agreement/vn-us-reciprocal-trade"]
PARTNERSHIP = ID["partnership/comprehensive-strategic-us-vn"]
PARTNERSHIP_LEVEL = ID["partnership-level/comprehensive-strategic"]


def add_evidence(g: Graph, node: URIRef, surface: str, rule: str) -> None:
    first_sentence_end = ARTICLE_BODY.index(". ") + 1
    sentence = ARTICLE_BODY[:first_sentence_end] if surface in ARTICLE_BODY[:first_sentence_end] \
        else ARTICLE_BODY[first_sentence_end + 1:]
    sentence_start = ARTICLE_BODY.index(sentence)
    span_start = ARTICLE_BODY.index(surface)
    g.add((node, RDF.type, NKG.Evidence))
    g.add((node, PROV.wasDerivedFrom, ARTICLE))
    g.add((node, NKG.sentence, Literal(sentence)))
    g.add((node, NKG.sentenceStart, Literal(sentence_start)))
    g.add((node, NKG.sentenceEnd, Literal(sentence_start + len(sentence))))
    g.add((node, NKG.spanStart, Literal(span_start)))
    g.add((node, NKG.spanEnd, Literal(span_start + len(surface))))
    g.add((node, NKG.rule, Literal(rule)))


def build_conforming_graph() -> Graph:
    g = Graph()
    g.parse(QUALIFIERS_TTL, format="turtle")  # reference concepts (id:graph/reference)

    # reference: countries, place, organisations, role, topics
    for country, vi, en, iso in ((VIETNAM, "Việt Nam", "Vietnam", "VN"),
                                 (USA, "Hoa Kỳ", "United States", "US")):
        g.add((country, RDF.type, SDO.Country))
        g.add((country, SDO.name, Literal(vi, lang="vi")))
        g.add((country, SDO.name, Literal(en, lang="en")))
        g.add((country, SDO.identifier, Literal(iso)))
    g.add((USA, SKOS.altLabel, Literal("Mỹ", lang="vi")))

    g.add((HANOI, RDF.type, SDO.Place))
    g.add((HANOI, RDF.type, SDO.City))
    g.add((HANOI, SDO.name, Literal("Hà Nội", lang="vi")))
    g.add((HANOI, SDO.name, Literal("Hanoi", lang="en")))
    g.add((HANOI, SDO.containedInPlace, VIETNAM))

    g.add((MINISTRY_KIND, RDF.type, SKOS.Concept))
    g.add((MINISTRY_KIND, SKOS.prefLabel, Literal("ministry", lang="en")))
    g.add((MINISTRY_KIND, SKOS.prefLabel, Literal("bộ", lang="vi")))
    g.add((MINISTRY_KIND, SKOS.inScheme, ID["scheme/orgkinds"]))

    for organisation, vi, en in ((MOIT, "Bộ Công Thương", "Ministry of Industry and Trade"),
                                 (VN_GOVERNMENT, "Chính phủ Việt Nam", "Government of Vietnam"),
                                 (VNA, "Thông tấn xã Việt Nam", "Vietnam News Agency")):
        g.add((organisation, RDF.type, ORG.Organization))
        g.add((organisation, SDO.name, Literal(vi, lang="vi")))
        g.add((organisation, SDO.name, Literal(en, lang="en")))
        g.add((organisation, SKOS.prefLabel, Literal(vi, lang="vi")))
        g.add((organisation, SKOS.prefLabel, Literal(en, lang="en")))
        g.add((organisation, NKG.country, VIETNAM))
    g.add((MOIT, SKOS.altLabel, Literal("MOIT")))
    g.add((MOIT, ORG.subOrganizationOf, VN_GOVERNMENT))
    g.add((MOIT, ORG.classification, MINISTRY_KIND))

    g.add((MINISTER, RDF.type, ORG.Role))
    g.add((MINISTER, RDF.type, SKOS.Concept))
    g.add((MINISTER, SKOS.prefLabel, Literal("Bộ trưởng", lang="vi")))
    g.add((MINISTER, SKOS.prefLabel, Literal("minister", lang="en")))
    g.add((MINISTER, SKOS.inScheme, ID["scheme/roles"]))

    for topic, en, vi in ((TOPIC_TRADE, "trade", "thương mại"),
                          (TOPIC_TARIFFS, "tariffs", "thuế quan")):
        g.add((topic, RDF.type, SKOS.Concept))
        g.add((topic, SKOS.prefLabel, Literal(en, lang="en")))
        g.add((topic, SKOS.prefLabel, Literal(vi, lang="vi")))
        g.add((topic, SKOS.inScheme, ID["scheme/topics"]))
    g.add((TOPIC_TARIFFS, SKOS.altLabel, Literal("thuế đối ứng", lang="vi")))
    g.add((TOPIC_TARIFFS, SKOS.broader, TOPIC_TRADE))

    # the article graph
    g.add((ARTICLE, RDF.type, SDO.NewsArticle))
    g.add((ARTICLE, SDO.datePublished, Literal(date(2026, 2, 3))))
    g.add((ARTICLE, SDO.publisher, VNA))
    g.add((ARTICLE, SDO.articleBody, Literal(ARTICLE_BODY)))
    g.add((ARTICLE, SDO.inLanguage, Literal("vi")))
    g.add((ARTICLE, SDO.headline, Literal(ARTICLE_BODY[:ARTICLE_BODY.index(". ") + 1])))

    g.add((PERSON, RDF.type, SDO.Person))
    g.add((PERSON, SDO.name, Literal("Lê Mạnh Hùng")))
    g.add((PERSON, NKG.asciiName, Literal("Le Manh Hung")))
    g.add((PERSON, NKG.nationality, VIETNAM))
    g.add((PERSON, PROV.wasDerivedFrom, ARTICLE))
    g.add((PERSON_US, RDF.type, SDO.Person))
    g.add((PERSON_US, SDO.name, Literal("Jacob Helberg")))
    g.add((PERSON_US, SDO.alternateName, Literal("Helberg")))
    g.add((PERSON_US, NKG.asciiName, Literal("Jacob Helberg")))
    g.add((PERSON_US, PROV.wasDerivedFrom, ARTICLE))

    g.add((MEMBERSHIP, RDF.type, ORG.Membership))
    g.add((MEMBERSHIP, ORG.member, PERSON))
    g.add((MEMBERSHIP, ORG.organization, MOIT))
    g.add((MEMBERSHIP, ORG.role, MINISTER))
    g.add((MEMBERSHIP, NKG.qualifier, ID["qualifier/acting"]))
    g.add((MEMBERSHIP, PROV.wasDerivedFrom, ARTICLE))
    g.add((MEMBERSHIP, NKG.evidence, EVIDENCE_ROLE))
    g.add((MEMBERSHIP, ORG.memberDuring, INTERVAL))
    add_evidence(g, EVIDENCE_ROLE, "Quyền Bộ trưởng Bộ Công Thương Lê Mạnh Hùng", "title-org-person")

    g.add((EVENT, RDF.type, SDO.Event))
    g.add((EVENT, RDF.type, NKG.Reception))
    g.add((EVENT, SDO.name, Literal("Lê Mạnh Hùng tiếp Jacob Helberg", lang="vi")))
    g.add((EVENT, SDO.name, Literal("Lê Mạnh Hùng receives Jacob Helberg", lang="en")))
    g.add((EVENT, SDO.attendee, PERSON))
    g.add((EVENT, SDO.attendee, PERSON_US))
    g.add((EVENT, SDO.startDate, Literal(date(2026, 2, 2))))
    g.add((EVENT, SDO.location, HANOI))
    g.add((EVENT, SDO.about, TOPIC_TRADE))
    g.add((EVENT, SDO.about, TOPIC_TARIFFS))
    g.add((EVENT, NKG.cameoCode, Literal("043")))
    g.add((EVENT, NKG.ploverType, Literal("CONSULT")))
    g.add((EVENT, NKG.ploverMode, Literal("visit")))
    g.add((EVENT, PROV.wasDerivedFrom, ARTICLE))
    g.add((EVENT, NKG.evidence, EVIDENCE_EVENT))
    add_evidence(g, EVIDENCE_EVENT, "đã tiếp", "event-reception")

    g.add((AGREEMENT, RDF.type, NKG.Agreement))
    g.add((AGREEMENT, SDO.name, Literal("Hiệp định Thương mại đối ứng", lang="vi")))
    g.add((AGREEMENT, NKG.party, VIETNAM))
    g.add((AGREEMENT, NKG.party, USA))
    g.add((AGREEMENT, PROV.wasDerivedFrom, ARTICLE))
    g.add((AGREEMENT, NKG.evidence, EVIDENCE_EVENT))

    g.add((PARTNERSHIP_LEVEL, RDF.type, SKOS.Concept))
    g.add((PARTNERSHIP_LEVEL, SKOS.prefLabel, Literal("comprehensive strategic partnership", lang="en")))
    g.add((PARTNERSHIP, RDF.type, NKG.Partnership))
    g.add((PARTNERSHIP, SDO.name, Literal("Đối tác Chiến lược Toàn diện Việt Nam - Hoa Kỳ", lang="vi")))
    g.add((PARTNERSHIP, NKG.party, VIETNAM))
    g.add((PARTNERSHIP, NKG.party, USA))
    g.add((PARTNERSHIP, NKG.partnershipLevel, PARTNERSHIP_LEVEL))
    g.add((PARTNERSHIP, PROV.wasDerivedFrom, ARTICLE))
    g.add((PARTNERSHIP, NKG.evidence, EVIDENCE_EVENT))

    # the derived graph: a role interval
    g.add((INTERVAL, RDF.type, TIME.Interval))
    g.add((INTERVAL, TIME.hasBeginning, BEGINNING))
    g.add((INTERVAL, NKG.firstAttested, Literal(date(2026, 2, 3))))
    g.add((INTERVAL, NKG.lastAttested, Literal(date(2026, 3, 12))))
    g.add((BEGINNING, RDF.type, TIME.Instant))
    g.add((BEGINNING, TIME.inXSDDate, Literal(date(2026, 2, 3))))
    return g


def run_shacl(data: Graph, shapes: Graph, **kwargs) -> tuple[bool, Graph, str]:
    conforms, report, text = validate(data, shacl_graph=shapes, inference="none", **kwargs)
    return conforms, report, text


def violations(report: Graph) -> set[tuple]:
    """(focus node, result path or None, constraint component) of every result."""
    return {
        (report.value(result, SH.focusNode),
         report.value(result, SH.resultPath),
         report.value(result, SH.sourceConstraintComponent))
        for result in report.subjects(RDF.type, SH.ValidationResult)
    }


def test_evidence_offsets_in_fixture_are_true():
    g = build_conforming_graph()
    for evidence in g.subjects(RDF.type, NKG.Evidence):
        start, end = (g.value(evidence, NKG.sentenceStart).toPython(),
                      g.value(evidence, NKG.sentenceEnd).toPython())
        assert ARTICLE_BODY[start:end] == str(g.value(evidence, NKG.sentence))


def test_conforming_graph_conforms(shapes: Graph):
    conforms, _, text = run_shacl(build_conforming_graph(), shapes)
    assert conforms, text


def test_conforming_graph_conforms_with_rdfs_inference(shapes: Graph, ontology: Graph):
    conforms, _, text = validate(build_conforming_graph(), shacl_graph=shapes,
                                 ont_graph=ontology, inference="rdfs")
    assert conforms, text


def test_plover_type_typed_as_xsd_string_conforms(shapes: Graph):
    g = build_conforming_graph()
    g.set((EVENT, NKG.ploverType, Literal("CONSULT", datatype=XSD.string)))
    conforms, _, text = run_shacl(g, shapes)
    assert conforms, text


# ---------------------------------------------------------------------------
# broken variants: each fails with exactly the expected results
# ---------------------------------------------------------------------------

def without_member(g: Graph) -> None:
    g.remove((MEMBERSHIP, ORG.member, None))


def two_start_dates(g: Graph) -> None:
    g.add((EVENT, SDO.startDate, Literal(date(2026, 2, 3))))


def plover_meet(g: Graph) -> None:
    g.set((EVENT, NKG.ploverType, Literal("MEET")))


def span_end_beyond_sentence_end(g: Graph) -> None:
    sentence_end = g.value(EVIDENCE_ROLE, NKG.sentenceEnd).toPython()
    g.set((EVIDENCE_ROLE, NKG.spanEnd, Literal(sentence_end + 5)))


def span_start_before_sentence_start(g: Graph) -> None:
    sentence_start = g.value(EVIDENCE_EVENT, NKG.sentenceStart).toPython()
    g.set((EVIDENCE_EVENT, NKG.sentenceStart, Literal(sentence_start + 100)))
    g.set((EVIDENCE_EVENT, NKG.sentenceEnd, Literal(sentence_start + 200)))
    g.set((EVIDENCE_EVENT, NKG.spanEnd, Literal(sentence_start + 150)))


def empty_sentence(g: Graph) -> None:
    sentence_start = g.value(EVIDENCE_EVENT, NKG.sentenceStart).toPython()
    g.set((EVIDENCE_EVENT, NKG.sentenceEnd, Literal(sentence_start)))
    g.set((EVIDENCE_EVENT, NKG.spanStart, Literal(sentence_start)))
    g.set((EVIDENCE_EVENT, NKG.spanEnd, Literal(sentence_start)))


def organization_is_a_person(g: Graph) -> None:
    g.set((MEMBERSHIP, ORG.organization, PERSON_US))


def unknown_qualifier(g: Graph) -> None:
    g.add((MEMBERSHIP, NKG.qualifier, ID["qualifier/interim"]))


def event_without_evidence(g: Graph) -> None:
    g.remove((EVENT, NKG.evidence, None))


def event_without_subtype(g: Graph) -> None:
    g.remove((EVENT, RDF.type, NKG.Reception))


def event_with_two_subtypes(g: Graph) -> None:
    g.add((EVENT, RDF.type, NKG.Meeting))


def cameo_code_not_digits(g: Graph) -> None:
    g.set((EVENT, NKG.cameoCode, Literal("04a")))


def person_with_language_tagged_name(g: Graph) -> None:
    g.set((PERSON, SDO.name, Literal("Lê Mạnh Hùng", lang="vi")))


def negative_offset(g: Graph) -> None:
    g.set((EVIDENCE_EVENT, NKG.sentenceStart, Literal(-1)))


def article_without_date(g: Graph) -> None:
    g.remove((ARTICLE, SDO.datePublished, None))


def partnership_with_one_party(g: Graph) -> None:
    g.remove((PARTNERSHIP, NKG.party, USA))


def topic_without_english_label(g: Graph) -> None:
    g.remove((TOPIC_TARIFFS, SKOS.prefLabel, Literal("tariffs", lang="en")))


def interval_attested_backwards(g: Graph) -> None:
    g.set((INTERVAL, NKG.lastAttested, Literal(date(2026, 1, 1))))


BROKEN_VARIANTS = [
    (without_member, {(MEMBERSHIP, ORG.member, SH.MinCountConstraintComponent)}),
    (two_start_dates, {(EVENT, SDO.startDate, SH.MaxCountConstraintComponent)}),
    (plover_meet, {(EVENT, NKG.ploverType, SH.InConstraintComponent)}),
    (span_end_beyond_sentence_end,
     {(EVIDENCE_ROLE, NKG.spanEnd, SH.LessThanOrEqualsConstraintComponent)}),
    (span_start_before_sentence_start,
     {(EVIDENCE_EVENT, NKG.sentenceStart, SH.LessThanOrEqualsConstraintComponent)}),
    (empty_sentence, {(EVIDENCE_EVENT, NKG.sentenceStart, SH.LessThanConstraintComponent)}),
    (organization_is_a_person, {(MEMBERSHIP, ORG.organization, SH.OrConstraintComponent)}),
    (unknown_qualifier, {(MEMBERSHIP, NKG.qualifier, SH.InConstraintComponent)}),
    (event_without_evidence, {(EVENT, NKG.evidence, SH.MinCountConstraintComponent)}),
    (event_without_subtype, {(EVENT, None, SH.XoneConstraintComponent)}),
    (event_with_two_subtypes, {(EVENT, None, SH.XoneConstraintComponent)}),
    (cameo_code_not_digits, {(EVENT, NKG.cameoCode, SH.PatternConstraintComponent)}),
    (person_with_language_tagged_name, {(PERSON, SDO.name, SH.DatatypeConstraintComponent)}),
    (negative_offset, {(EVIDENCE_EVENT, NKG.sentenceStart, SH.MinInclusiveConstraintComponent)}),
    (article_without_date, {(ARTICLE, SDO.datePublished, SH.MinCountConstraintComponent)}),
    (partnership_with_one_party, {(PARTNERSHIP, NKG.party, SH.MinCountConstraintComponent)}),
    (topic_without_english_label, {(TOPIC_TARIFFS, None, SH.OrConstraintComponent)}),
    (interval_attested_backwards,
     {(INTERVAL, NKG.firstAttested, SH.LessThanOrEqualsConstraintComponent)}),
]


@pytest.mark.parametrize("breaker,expected", BROKEN_VARIANTS,
                         ids=[b.__name__ for b, _ in BROKEN_VARIANTS])
def test_broken_variant_fails_as_expected(shapes: Graph, breaker, expected):
    g = build_conforming_graph()
    breaker(g)
    conforms, report, text = run_shacl(g, shapes)
    assert not conforms
    assert violations(report) == expected, text


def test_violation_messages_name_the_problem(shapes: Graph):
    g = build_conforming_graph()
    span_end_beyond_sentence_end(g)
    without_member(g)
    _, report, _ = run_shacl(g, shapes)
    messages = {str(m) for m in report.objects(None, SH.resultMessage)}
    assert any("org:member" in m for m in messages), messages
    assert any("spanEnd" in m and "sentenceEnd" in m for m in messages), messages


def test_topic_scheme_file_matches_the_rules():
    """ontology/topics.ttl is generated from kg/rules/topics.yaml (python -m kg.topicscheme)."""
    from kg.topicscheme import TARGET, topic_scheme_turtle
    assert TARGET.read_bytes() == topic_scheme_turtle()


# ---------------------------------------------------------------------------
# the shapes compiled to SPARQL (large builds, incremental updates) agree with pySHACL
# ---------------------------------------------------------------------------

def _compiled_failures(g: Graph) -> set[str]:
    import pyoxigraph as ox

    from kg.shapecheck import check_store
    store = ox.Store()
    store.load(g.serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)
    return {f.focus for f in check_store(store, union_view=False).failures}


def test_compiled_shapes_accept_the_conforming_graph():
    assert _compiled_failures(build_conforming_graph()) == set()


COMPILED_VARIANTS = [(b, e) for b, e in BROKEN_VARIANTS if b is not topic_without_english_label]


@pytest.mark.parametrize("breaker,expected", COMPILED_VARIANTS, ids=[b.__name__ for b, _ in COMPILED_VARIANTS])
def test_compiled_shapes_find_what_pyshacl_finds(breaker, expected):
    g = build_conforming_graph()
    breaker(g)
    assert _compiled_failures(g) == {str(focus) for focus, _, _ in expected}


def test_a_node_failing_several_checks_run_together_is_reported_for_each(monkeypatch):
    """Checks on one kind of node run as one query with a flag per check: every flag counts."""
    import pyoxigraph as ox

    from kg import shapecheck
    from kg.shapecheck import check_store
    monkeypatch.setattr(shapecheck, "BATCH", 1000)   # all of a node's checks in one query
    g = build_conforming_graph()
    span_end_beyond_sentence_end(g)
    g.remove((EVIDENCE_ROLE, NKG.sentence, None))
    store = ox.Store()
    store.load(g.serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)
    failed = {(f.focus, f.path.rsplit("#", 1)[-1]) for f in check_store(store, union_view=False).failures}
    assert {(str(EVIDENCE_ROLE), "spanEnd"), (str(EVIDENCE_ROLE), "sentence")} <= failed


def test_compiled_checks_kept_by_a_build_are_used_only_while_the_shapes_are_the_same():
    import json

    from kg.shapecheck import compile_shapes, dump_checks, load_checks
    checks = compile_shapes()
    assert load_checks(dump_checks(checks)) == checks
    stale = json.loads(dump_checks(checks))
    stale["digest"], stale["checks"] = "compiled from other shapes", []
    assert load_checks(json.dumps(stale)) == checks     # compiled again, not the stale list
    assert load_checks(None) == checks
