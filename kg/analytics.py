"""Graph analytics with networkx: the view graph, statistics, paths, GraphML/GEXF export.

The view graph is what people look at: persons, organisations, countries, places, events,
topics and articles as nodes; a membership becomes a "holds role at" edge labelled with
the title and its qualifiers.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from .terms import Quad, is_iri, iri_value, literal_value
from .vocab import NKG, ORG, PROV, RDF_TYPE, SCHEMA, SKOS

_TYPES = {
    str(SCHEMA.Person): "person",
    str(ORG.Organization): "organisation",
    str(SCHEMA.Country): "country",
    str(SCHEMA.Place): "place",
    str(SCHEMA.Event): "event",
    str(SCHEMA.NewsArticle): "article",
    str(NKG.Agreement): "agreement",
    str(NKG.Partnership): "partnership",
}
_EVENT_CLASSES = {str(getattr(NKG, n)): n for n in ("Meeting", "Reception", "Talks", "PhoneCall", "NegotiationRound",
                                                     "SigningCeremony", "Visit", "Conference", "Forum")}
_EDGES = {
    str(SCHEMA.attendee): ("attended", True),
    str(SCHEMA.about): ("about", False),
    str(SCHEMA.superEvent): ("part of", False),
    str(SCHEMA.location): ("held in", False),
    str(ORG.subOrganizationOf): ("sub-organisation of", False),
    str(NKG.party): ("party", False),
    str(NKG.agreement): ("concerns", False),
}


def view_graph(quads: list[Quad]) -> nx.MultiDiGraph:
    """Collapse the RDF into the graph people explore (see module docstring)."""
    types: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    props: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o, g in quads:
        subj = iri_value(s)
        pred = iri_value(p)
        if pred == RDF_TYPE:
            types[subj].add(iri_value(o))
            continue
        props[subj][pred].append((o, iri_value(g)))
        if pred in (str(SCHEMA.name), str(SKOS.prefLabel)) and not is_iri(o):
            value, lang = literal_value(o)
            labels[subj].setdefault(lang or "", value)
    g = nx.MultiDiGraph()

    def kind_of(node: str) -> str | None:
        ts = types.get(node, ())
        for t, k in _TYPES.items():
            if t in ts:
                return k
        if str(SKOS.Concept) in ts and "/topic/" in node:
            return "topic"
        return None

    def label(node: str) -> str:
        lab = labels.get(node, {})
        return lab.get("vi") or lab.get("") or lab.get("en") or node.rsplit("/", 1)[-1]

    used: set[str] = set()
    for node, ps in props.items():
        kind = kind_of(node)
        if kind is None:
            continue
        for pred, values in ps.items():
            if pred in _EDGES:
                name, _ = _EDGES[pred]
                for o, _g in values:
                    if is_iri(o) and kind_of(iri_value(o)):
                        g.add_edge(node, iri_value(o), key=name, label=name)
                        used.update((node, iri_value(o)))
            if pred == str(PROV.wasDerivedFrom) and kind == "event":
                for o, _g in values:
                    g.add_edge(node, iri_value(o), key="reported by", label="reported by")
                    used.update((node, iri_value(o)))
    for m, ts in types.items():
        if str(ORG.Membership) not in ts:
            continue
        mp = props[m]
        member = [iri_value(o) for o, _ in mp.get(str(ORG.member), [])]
        org = [iri_value(o) for o, _ in mp.get(str(ORG.organization), [])]
        role = [iri_value(o) for o, _ in mp.get(str(ORG.role), [])]
        quals = sorted({label(iri_value(o)) for o, _ in mp.get(str(NKG.qualifier), [])})
        if member and org:
            title = label(role[0]) if role else "member"
            text = title + (f" ({', '.join(quals)})" if quals else "")
            g.add_edge(member[0], org[0], key=f"role:{m}", label=text, relation="holds role at", membership=m)
            used.update((member[0], org[0]))
    for node in used:
        kind = kind_of(node) or "other"
        if kind == "event":
            cls = next((c for c in _EVENT_CLASSES if c in types.get(node, ())), None)
            g.add_node(node, type="event", event_type=_EVENT_CLASSES.get(cls, "Event"))
        else:
            g.add_node(node, type=kind)
        g.nodes[node]["label"] = label(node)
        g.nodes[node]["label_en"] = labels.get(node, {}).get("en", "")
        dates = [literal_value(o)[0] for o, _ in props[node].get(str(SCHEMA.startDate), [])]
        dates += [literal_value(o)[0] for o, _ in props[node].get(str(SCHEMA.datePublished), [])]
        if dates:
            g.nodes[node]["date"] = min(dates)
    return g
