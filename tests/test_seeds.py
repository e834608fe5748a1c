"""The seed articles: every fact the core must produce, the golden graph, SHACL conformance."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.pipeline import load_dataset
from kg.validate import validate_quads

GOLDEN = Path(__file__).parent / "golden" / "seeds.trig"
PREFIX = """
PREFIX schema: <http://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nkg: <https://w3id.org/newskg/ontology#>
"""


@pytest.fixture(scope="module")
def union(seed_quads):
    g = rdflib.Graph()
    for s, p, o, _ in load_dataset(seed_quads).quads():
        g.add((s, p, o))
    return g


def ask(g, query: str):
    return list(g.query(PREFIX + query))


PEOPLE = ["Lê Mạnh Hùng", "Jacob Helberg", "Tô Lâm", "David Fogel", "Virginia Foote", "Joseph Damond"]


@pytest.mark.parametrize("name", PEOPLE)
def test_each_person_is_one_node(union, name):
    rows = ask(union, f'SELECT DISTINCT ?p WHERE {{ ?p a schema:Person ; schema:name "{name}" }}')
    assert len(rows) == 1


def test_no_other_people(union):
    names = {str(r[0]) for r in ask(union, "SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n }")}
    assert names == set(PEOPLE)


ROLES = [
    ("Lê Mạnh Hùng", "Bộ trưởng", "Bộ Công Thương", {"acting"}, None),
    ("Lê Mạnh Hùng", "Trưởng đoàn đàm phán", "Việt Nam", set(), None),
    ("Jacob Helberg", "Thứ trưởng", "Bộ Ngoại giao Hoa Kỳ", {"deputy"}, "tăng trưởng kinh tế, năng lượng và môi trường"),
    ("Tô Lâm", "Tổng Bí thư", "Đảng Cộng sản Việt Nam", set(), None),
    ("David Fogel", "Trợ lý Bộ trưởng", "Bộ Thương mại Hoa Kỳ", set(), None),
    ("David Fogel", "Giám đốc", "Cơ quan Thương mại quốc tế Hoa Kỳ", set(), None),
    ("Virginia Foote", "Phó Chủ tịch", "Phòng Thương mại Hoa Kỳ tại Việt Nam", {"deputy"}, None),
    ("Joseph Damond", "Trợ lý Đại diện Thương mại", "Văn phòng Đại diện Thương mại Hoa Kỳ", {"former"}, None),
]


@pytest.mark.parametrize("person, title, org, qualifiers, portfolio", ROLES, ids=[f"{r[0]}-{r[1]}" for r in ROLES])
def test_roles_with_qualifiers(union, person, title, org, qualifiers, portfolio):
    rows = ask(union, f"""
        SELECT ?m ?q ?portfolio WHERE {{
          ?m a org:Membership ; org:member/schema:name "{person}" ;
             org:role/skos:prefLabel "{title}"@vi ; org:organization/schema:name "{org}"@vi ;
             prov:wasDerivedFrom ?a ; nkg:evidence ?e .
          OPTIONAL {{ ?m nkg:qualifier/skos:prefLabel ?q . FILTER(lang(?q) = "en") }}
          OPTIONAL {{ ?m nkg:portfolio ?portfolio }}
        }}""")
    assert rows, f"no membership {person} — {title}, {org}"
    assert {str(r.q) for r in rows if r.q is not None} == qualifiers
    if portfolio:
        assert {str(r.portfolio) for r in rows} == {portfolio}


def test_organisations_resolved_across_spellings(union):
    # "Bộ Công Thương" and "Bộ Công thương" are one node; AmCham in either form is one node;
    # "Hoa Kỳ" is the United States.
    assert len(ask(union, 'SELECT ?o WHERE { ?o a org:Organization ; schema:name "Bộ Công Thương"@vi }')) == 1
    assert ask(union, 'ASK { ?o schema:name "Phòng Thương mại Hoa Kỳ tại Việt Nam"@vi ; skos:altLabel "AmCham" }') \
        or ask(union, 'SELECT ?o WHERE { ?o skos:altLabel ?a . FILTER(STR(?a) = "AmCham") }')
    assert ask(union, 'ASK { ?c a schema:Country ; schema:name "Hoa Kỳ"@vi, "United States"@en }')
    ita = ask(union, 'SELECT ?parent WHERE { ?o schema:name "Cơ quan Thương mại quốc tế Hoa Kỳ"@vi ; '
                     'org:subOrganizationOf/schema:name ?parent . FILTER(lang(?parent) = "vi") }')
    assert {str(r.parent) for r in ita} == {"Bộ Thương mại Hoa Kỳ"}


def _events(union):
    rows = ask(union, """
        SELECT ?e ?cls ?date ?place ?super (GROUP_CONCAT(DISTINCT ?n; separator="|") AS ?people)
        WHERE { ?e a schema:Event, ?cls . FILTER(?cls != schema:Event)
                OPTIONAL { ?e schema:attendee/schema:name ?n0 } BIND(COALESCE(?n0, "") AS ?n)
                OPTIONAL { ?e schema:startDate ?date }
                OPTIONAL { ?e schema:location/schema:name ?place . FILTER(lang(?place) = "vi") }
                OPTIONAL { ?e schema:superEvent ?super } }
        GROUP BY ?e ?cls ?date ?place ?super""")
    return [(r.e, str(r.cls).rsplit("#", 1)[1], str(r.date) if r.date else None, str(r.place) if r.place else None,
             r.super, set(str(r.people).split("|")) - {""}) for r in rows]


def test_events(union):
    events = _events(union)
    by_people = {frozenset(p): e for e in events for p in [e[5]]}
    round6 = [e for e in events if e[1] == "NegotiationRound"]
    assert len(round6) == 1 and round6[0][5] == set()
    meeting = by_people[frozenset({"Lê Mạnh Hùng", "Jacob Helberg"})]
    assert meeting[1] == "Meeting" and meeting[2] == "2026-02-02" and meeting[4] == round6[0][0]
    signing = by_people[frozenset({"Tô Lâm"})]
    assert signing[1] == "SigningCeremony" and signing[2] == "2026-02-18" and signing[3] == "Washington D.C."
    fogel = by_people[frozenset({"Lê Mạnh Hùng", "David Fogel"})]
    assert fogel[1] == "Meeting" and fogel[4] == signing[0]
    foote = by_people[frozenset({"Lê Mạnh Hùng", "Virginia Foote", "Joseph Damond"})]
    assert foote[1] == "Meeting"
    assert len(events) == 5


def test_event_topics(union):
    rows = ask(union, """SELECT ?t WHERE { ?e schema:attendee/schema:name "Jacob Helberg" ;
                             schema:about/skos:prefLabel ?t . FILTER(lang(?t) = "en") }""")
    topics = {str(r.t) for r in rows}
    assert {"artificial intelligence", "digital technology", "energy", "supply chains", "high technology",
            "manufacturing", "aerospace", "green economy", "trade balance", "investment"} <= topics
    rows = ask(union, """SELECT ?t WHERE { ?e a nkg:SigningCeremony ; schema:about/skos:prefLabel ?t .
                             FILTER(lang(?t) = "en") }""")
    assert {"science and technology", "digital transformation", "aviation", "health"} <= {str(r.t) for r in rows}


def test_cameo_and_plover_codes(union):
    rows = ask(union, 'SELECT ?c ?p WHERE { ?e schema:attendee/schema:name "Jacob Helberg" ; '
                      'nkg:cameoCode ?c ; nkg:ploverType ?p }')
    assert [(str(r.c), str(r.p)) for r in rows] == [("044", "CONSULT")]   # a meeting on the sidelines


def test_agreement_and_partnership(union):
    agreements = ask(union, "SELECT DISTINCT ?a WHERE { ?a a nkg:Agreement ; prov:wasDerivedFrom ?x }")
    assert len(agreements) == 1
    sources = ask(union, f"SELECT ?x WHERE {{ <{agreements[0][0]}> prov:wasDerivedFrom ?x }}")
    assert len(sources) == 2   # both articles name it, in different spellings
    rows = ask(union, """SELECT ?c WHERE { ?p a nkg:Partnership ; nkg:party/schema:identifier ?c ;
                         nkg:partnershipLevel/skos:prefLabel "Comprehensive Strategic Partnership"@en }""")
    assert {str(r.c) for r in rows} == {"VN", "US"}


def test_articles_with_date_and_publisher(union):
    rows = ask(union, """SELECT ?d ?pub WHERE { ?a a schema:NewsArticle ; schema:datePublished ?d .
                         OPTIONAL { ?a schema:publisher/schema:name ?pub . FILTER(lang(?pub) = "vi") } }
                         ORDER BY ?d""")
    assert [str(r.d) for r in rows] == ["2026-02-05", "2026-02-20"]
    assert str(rows[1].pub) == "Thời báo Tài chính Việt Nam"


def test_nothing_from_the_photo_credit(seeds_corpus, union):
    ext = next(e for e in seeds_corpus.extractions if "Ảnh:" in e.text)
    start = ext.text.index("Ảnh:")
    credit = (start, ext.text.index("\n", start) if "\n" in ext.text[start:] else len(ext.text))
    for spans in ([e for p in ext.persons.values() for e in p.evidence],
                  [e for v in ext.org_evidence.values() for e in v],
                  [e for r in ext.roles for e in r.evidence], [e for ev in ext.events for e in ev.evidence]):
        assert not any(credit[0] <= e.start < credit[1] for e in spans)


def test_every_fact_has_provenance_with_offsets(union, seeds_corpus):
    bodies = {str(a): str(b) for a, b in union.subject_objects(rdflib.URIRef("http://schema.org/articleBody"))}
    rows = ask(union, """SELECT ?s ?sentence ?ss ?se ?ps ?pe ?art WHERE {
        ?x nkg:evidence ?e . ?e nkg:sentence ?sentence ; nkg:sentenceStart ?ss ; nkg:sentenceEnd ?se ;
           nkg:spanStart ?ps ; nkg:spanEnd ?pe ; prov:wasDerivedFrom ?art . BIND(?x AS ?s) }""")
    assert rows
    for r in rows:
        body = bodies[str(r.art)]
        assert body[int(r.ss):int(r.se)] == str(r.sentence)
        assert int(r.ss) <= int(r.ps) <= int(r.pe) <= int(r.se)
    for kind in ("org:Membership", "schema:Event"):
        missing = ask(union, f"SELECT ?x WHERE {{ ?x a {kind} FILTER NOT EXISTS {{ ?x prov:wasDerivedFrom ?a ; nkg:evidence ?e }} }}")
        assert not missing


def test_one_named_graph_per_article(seed_quads):
    graphs = {q[3] for q in seed_quads}
    articles = {q[0] for q in seed_quads if q[2] == "<http://schema.org/NewsArticle>"}
    assert articles <= graphs
    assert len(graphs - articles) == 2   # the reference graph and the derived graph


def test_conforms_to_shapes(seed_quads):
    result = validate_quads(seed_quads)
    assert result.conforms, "\n".join(map(str, result.failures[:10]))


def test_golden_graph(seed_quads):
    """The seeds' article and derived graphs, compared by isomorphism with the reviewed golden
    file (regenerate with `python tests/golden/update.py` after a deliberate change). The
    reference graph is the rules themselves, checked by `kg rules check`."""
    built = load_dataset(seed_quads)
    golden = rdflib.Dataset()
    golden.parse(GOLDEN, format="trig")
    names = {g.identifier for g in built.graphs()} | {g.identifier for g in golden.graphs()}
    for name in sorted(names, key=str):
        if str(name).endswith("DEFAULT") or str(name).endswith("/graph/reference"):
            continue
        a, b = built.graph(name), golden.graph(name)
        if not isomorphic(a, b):
            _, only_built, only_golden = graph_diff(to_isomorphic(a), to_isomorphic(b))
            pytest.fail(f"graph {name} differs from the golden file:\n+ built only:\n"
                        + "\n".join(sorted(f"  {t}" for t in only_built.triples((None, None, None)))[:20])
                        + "\n- golden only:\n"
                        + "\n".join(sorted(f"  {t}" for t in only_golden.triples((None, None, None)))[:20]))
