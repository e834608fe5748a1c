"""Exports for the event-data world and for spreadsheets: PLOVER JSON lines, JSON-LD, CSV.

Everything is read back from a built graph (a TriG/Turtle file or an Oxigraph store) with
SPARQL, so an export always says what the graph says.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from .errors import KgError
from .output import write_text_atomic
from .validate import ONTOLOGY_DIR

PREFIX = """PREFIX schema: <http://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX time: <http://www.w3.org/2006/time#>
"""

# PLOVER contexts for our topics (PLOVER's context vocabulary: economic, diplomatic, military, …).
_CONTEXT = {
    "trade": "economic", "trade-balance": "economic", "tariffs": "economic", "trade-agreement": "economic",
    "market-access": "economic", "exports": "economic", "imports": "economic", "trade-remedies": "economic",
    "investment": "economic", "supply-chains": "economic", "finance": "economic", "economic-growth": "economic",
    "economic-cooperation": "economic", "business-environment": "economic", "development-aid": "economic",
    "energy": "resource", "renewable-energy": "resource", "nuclear-energy": "resource", "critical-minerals": "resource",
    "agriculture": "agriculture", "defence": "military", "security": "security", "maritime": "territory",
    "war-legacy": "military", "environment": "environment", "climate-change": "environment",
    "green-economy": "environment", "health": "health", "education": "education", "culture": "culture",
    "tourism": "economic", "labour": "economic", "infrastructure": "economic",
}


def open_graph(graph: str | Path | None = None, store: str | Path | None = None) -> ox.Store:
    """A store over a graph file (loaded in memory) or a persistent store directory."""
    if store is not None:
        from .store import open_store
        return open_store(store)
    from .store import load_files
    path = Path(graph or "output/graph.trig")
    if not path.is_file():
        raise KgError("no such graph file (build one with `kg build`)", str(path))
    return load_files([path])


def _rows(store: ox.Store, query: str) -> list[dict[str, str]]:
    from .store import union_view_needed
    res = store.query(PREFIX + query, use_default_graph_as_union=union_view_needed(store))
    names = [v.value for v in res.variables]
    return [{n: (sol[n].value if sol[n] is not None else None) for n in names} for sol in res]


def plover_records(store: ox.Store) -> list[dict]:
    """One PLOVER-shaped record per event: all parties once, as PLOVER codes a meeting."""
    events = _rows(store, """
        SELECT ?e ?date ?type ?mode ?cameo ?kind WHERE {
          ?e a schema:Event ; nkg:ploverType ?type ; nkg:cameoCode ?cameo ; schema:name ?kind .
          FILTER(lang(?kind) = "en")
          OPTIONAL { ?e schema:startDate ?date } OPTIONAL { ?e nkg:ploverMode ?mode } }""")
    people = defaultdict(list)
    for r in _rows(store, """SELECT ?e ?name ?nat WHERE { ?e schema:attendee ?p . ?p schema:name ?name .
                              OPTIONAL { ?p nkg:nationality/schema:identifier ?nat } }"""):
        people[r["e"]].append((r["name"], r["nat"]))
    topics = defaultdict(set)
    for r in _rows(store, "SELECT ?e ?t WHERE { ?e a schema:Event ; schema:about ?t }"):
        topics[r["e"]].add(r["t"].rsplit("/", 1)[-1])
    places = defaultdict(list)
    for r in _rows(store, """SELECT ?e ?n WHERE { ?e schema:location/schema:name ?n . FILTER(lang(?n) = "en") }"""):
        places[r["e"]].append(r["n"])
    evidence = defaultdict(list)
    for r in _rows(store, """SELECT ?e ?a ?pub ?s ?ps ?pe ?ss WHERE { ?e a schema:Event ; nkg:evidence ?x .
                              ?x prov:wasDerivedFrom ?a ; nkg:sentence ?s ; nkg:spanStart ?ps ; nkg:spanEnd ?pe ;
                                 nkg:sentenceStart ?ss . ?a schema:datePublished ?pub }"""):
        evidence[r["e"]].append({"article": r["a"], "published": r["pub"], "text": r["s"],
                                 "start": int(r["ps"]), "end": int(r["pe"]), "sentence_start": int(r["ss"])})
    out = []
    for ev in sorted(events, key=lambda r: (r["date"] or "", r["e"])):
        parties = sorted(set(people[ev["e"]]))
        home = [n for n, nat in parties if nat == "VN"]
        others = [n for n, nat in parties if nat != "VN"]
        actors, recipients = (home, others) if home and others else ([n for n, _ in parties], [])
        out.append({
            "id": ev["e"].rsplit("/", 1)[-1],
            "iri": ev["e"],
            "date": ev["date"],
            "event_type": ev["type"],
            "mode": ev["mode"] or "",
            "cameo": ev["cameo"],
            "event_text": ev["kind"],
            "actors": actors,
            "recipients": recipients,
            "context": sorted({_CONTEXT.get(t, "diplomatic") for t in topics[ev["e"]]} | {"diplomatic"}),
            "topics": sorted(topics[ev["e"]]),
            "location": places[ev["e"]],
            "source_articles": sorted({x["article"] for x in evidence[ev["e"]]}),
            "evidence": sorted(evidence[ev["e"]], key=lambda x: (x["article"], x["start"])),
        })
    return out


def export_plover(store: ox.Store, path: Path) -> int:
    records = plover_records(store)
    write_text_atomic(path, "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records))
    return len(records)


def export_csv(store: ox.Store, directory: Path) -> tuple[int, int]:
    """``events.csv`` (one row per event) and ``memberships.csv`` (one row per membership)."""
    events = _rows(store, """
        SELECT ?event ?date ?type ?name (GROUP_CONCAT(DISTINCT ?a; separator="; ") AS ?attendees)
               (GROUP_CONCAT(DISTINCT ?t; separator="; ") AS ?topics)
               (GROUP_CONCAT(DISTINCT ?pl; separator="; ") AS ?places)
               (COUNT(DISTINCT ?src) AS ?articles) WHERE {
          ?event a schema:Event ; nkg:ploverType ?type ; schema:name ?name ; prov:wasDerivedFrom ?src .
          FILTER(lang(?name) = "vi")
          OPTIONAL { ?event schema:startDate ?date }
          OPTIONAL { ?event schema:attendee/schema:name ?a }
          OPTIONAL { ?event schema:about/skos:prefLabel ?t . FILTER(lang(?t) = "en") }
          OPTIONAL { ?event schema:location/schema:name ?pl . FILTER(lang(?pl) = "vi") }
        } GROUP BY ?event ?date ?type ?name ORDER BY ?date ?event""")
    members = _rows(store, """
        SELECT ?membership ?person ?title ?organisation
               (GROUP_CONCAT(DISTINCT ?q; separator="; ") AS ?qualifiers) ?first ?last ?ended WHERE {
          ?membership a org:Membership ; org:member/schema:name ?person ; org:role/skos:prefLabel ?title ;
                      org:organization/schema:name ?organisation .
          FILTER(lang(?title) = "vi" && lang(?organisation) = "vi")
          OPTIONAL { ?membership nkg:qualifier/skos:prefLabel ?q . FILTER(lang(?q) = "en") }
          OPTIONAL { ?membership org:memberDuring ?i . OPTIONAL { ?i nkg:firstAttested ?first ; nkg:lastAttested ?last }
                     OPTIONAL { ?i time:hasEnd/time:inXSDDate ?ended } }
        } GROUP BY ?membership ?person ?title ?organisation ?first ?last ?ended ORDER BY ?person ?first""")
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in (("events.csv", events), ("memberships.csv", members)):
        buf = io.StringIO()
        if rows:
            writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        write_text_atomic(directory / name, buf.getvalue())
    return len(events), len(members)


def jsonld_context() -> dict:
    path = ONTOLOGY_DIR / "context.jsonld"
    return json.loads(path.read_text(encoding="utf-8"))


def export_jsonld(store: ox.Store, path: Path) -> int:
    """The union graph as JSON-LD, compacted with the published context (ontology/context.jsonld)."""
    import rdflib
    data = store.dump(format=ox.RdfFormat.N_QUADS)
    ds = rdflib.Dataset()
    ds.parse(data=data.decode("utf-8"), format="nquads")
    g = rdflib.Graph()
    for s, p, o, _ in ds.quads():
        g.add((s, p, o))
    context = jsonld_context()["@context"]
    text = g.serialize(format="json-ld", context=context, sort_keys=True, ensure_ascii=False)
    write_text_atomic(path, text)
    return len(g)


def store_quads(store: ox.Store) -> list[tuple[str, str, str, str]]:
    """The store's quads in the project's encoded form (see kg.terms)."""
    out = []
    for q in store:
        g = q.graph_name
        if not isinstance(g, ox.NamedNode):
            continue   # the default graph of a built store repeats the named graphs' union
        graph = f"<{g.value}>" if isinstance(g, ox.NamedNode) else "<urn:x-default>"
        out.append((str(q.subject), str(q.predicate), str(q.object), graph))
    return out
