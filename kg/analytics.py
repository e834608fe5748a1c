"""Graph analytics with networkx: the view graph, statistics, paths, GraphML/GEXF export.

The view graph is what people look at and measure. Its nodes are the persons,
organisations, countries, places, events, topics, agreements, partnerships and articles
the news talks about (reference knowledge that no article touches stays out, except the
parents of organisations that are in); its edges are derived from the RDF:

| edge (from → to) | from |
|---|---|
| holds role at (person → organisation/country) | an ``org:Membership``, labelled "title (qualifiers)" |
| attended (person/organisation → event) | ``schema:attendee`` |
| about (event → topic) | ``schema:about`` |
| part of (event → event) | ``schema:superEvent`` |
| held in (event → place/country) | ``schema:location`` |
| concerns (event → agreement) | ``nkg:agreement`` |
| party (agreement/partnership → country) | ``nkg:party`` |
| sub-organisation of (organisation → organisation) | ``org:subOrganizationOf`` |
| of country (top organisation → country) | ``nkg:country`` of an organisation with no parent in view |
| nationality (person → country) | ``nkg:nationality`` |
| located in (place → country) | ``schema:containedInPlace`` |
| reported by (event → article) | ``prov:wasDerivedFrom`` |
| published by (article → organisation) | ``schema:publisher`` |

Every node and edge carries the articles that state it, its dates and its evidence (ids
into ``g.graph["evidence"]``: sentence, article, rule), so the viewer and ``path`` can say
where a fact comes from.
"""

from __future__ import annotations

import difflib
import functools
import heapq
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .errors import KgError
from .terms import Quad, is_iri, iri_value, literal_value
from .text import fold
from .vocab import NKG, ORG, PROV, RDF_TYPE, SCHEMA, SKOS

# --------------------------------------------------------------------------- vocabulary of the view

#: Node types of the view graph, in the order legends and tables list them.
NODE_TYPES = ("person", "organisation", "country", "place", "event", "topic", "agreement", "partnership",
              "article")

_TYPE_OF_CLASS = {
    str(SCHEMA.Person): "person",
    str(ORG.Organization): "organisation",
    str(SCHEMA.Country): "country",
    str(SCHEMA.Place): "place",
    str(SCHEMA.Event): "event",
    str(SCHEMA.NewsArticle): "article",
    str(NKG.Agreement): "agreement",
    str(NKG.Partnership): "partnership",
}
# Earlier wins when a node has several of these classes (a country is also a place).
_TYPE_PRIORITY = ("event", "article", "person", "country", "organisation", "agreement", "partnership", "place")

#: Event classes of the ontology, by local name, with their English and Vietnamese names.
EVENT_TYPES = {
    "Meeting": ("meeting", "cuộc gặp"),
    "Reception": ("reception", "tiếp kiến"),
    "Talks": ("talks", "hội đàm"),
    "PhoneCall": ("phone call", "điện đàm"),
    "NegotiationRound": ("negotiation round", "phiên đàm phán"),
    "SigningCeremony": ("signing", "lễ ký"),
    "Visit": ("visit", "chuyến thăm"),
    "Conference": ("conference", "hội nghị"),
    "Forum": ("forum", "diễn đàn"),
}
_EVENT_CLASSES = {str(NKG._NS[n]): n for n in EVENT_TYPES}

# predicate → (relation, reversed?) for edges taken straight from one triple.
_EDGES = {
    str(SCHEMA.attendee): ("attended", True),
    str(SCHEMA.about): ("about", False),
    str(SCHEMA.superEvent): ("part of", False),
    str(SCHEMA.location): ("held in", False),
    str(NKG.agreement): ("concerns", False),
    str(NKG.party): ("party", False),
    str(NKG.nationality): ("nationality", False),
    str(SCHEMA.publisher): ("published by", False),
}
_SUB_ORG = str(ORG.subOrganizationOf)

#: Relations and their Vietnamese names (legend, tooltips).
RELATIONS = {
    "holds role at": "giữ chức vụ tại",
    "attended": "tham dự",
    "about": "về chủ đề",
    "part of": "thuộc sự kiện",
    "held in": "diễn ra tại",
    "concerns": "liên quan hiệp định",
    "party": "bên tham gia",
    "sub-organisation of": "trực thuộc",
    "of country": "của quốc gia",
    "nationality": "quốc tịch",
    "located in": "nằm ở",
    "reported by": "đưa tin bởi",
    "published by": "xuất bản bởi",
}

#: How far apart two nodes joined by an edge are, for ``path``: facts stated in the news
#: are short hops; reference structure is longer; a shared topic or article is a weak
#: link (everything is "about trade"), taken only when nothing else connects.
PATH_WEIGHTS = {
    "holds role at": 1.0, "attended": 1.0, "part of": 1.0, "concerns": 1.0, "party": 1.5,
    "held in": 3.0, "sub-organisation of": 1.5, "of country": 3.0, "nationality": 3.0, "located in": 3.0,
    "about": 6.0, "reported by": 8.0, "published by": 8.0,
}

_NAME_PREDICATES = (str(SCHEMA.name), str(SKOS.prefLabel))
_ALT_PREDICATES = (str(SCHEMA.alternateName), str(SKOS.altLabel), str(NKG.asciiName))
_DERIVED = str(PROV.wasDerivedFrom)
_EVIDENCE = str(NKG.evidence)
_DATE_PUBLISHED = str(SCHEMA.datePublished)
_START_DATE = str(SCHEMA.startDate)


# --------------------------------------------------------------------------- reading quads

class _Index:
    """The quads, indexed once: classes, literals and links of every subject."""

    def __init__(self, quads: Iterable[Quad]):
        self.types: dict[str, set[str]] = defaultdict(set)
        self.lits: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.links: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
        seen: set[tuple[str, str, str, str]] = set()
        for s, p, o, g in quads:
            if not is_iri(s) or (s, p, o, g) in seen:
                continue
            seen.add((s, p, o, g))
            subj, pred = iri_value(s), iri_value(p)
            if pred == RDF_TYPE:
                if is_iri(o):
                    self.types[subj].add(iri_value(o))
            elif is_iri(o):
                self.links[subj][pred].append((iri_value(o), iri_value(g) if is_iri(g) else ""))
            elif o.startswith('"'):
                self.lits[subj][pred].append(o)

    def values(self, node: str, pred: str) -> list[str]:
        """The lexical values of a literal property, sorted and without repeats."""
        return sorted({literal_value(o)[0] for o in self.lits.get(node, {}).get(pred, ())})

    def first(self, node: str, pred: str) -> str | None:
        v = self.values(node, pred)
        return v[0] if v else None

    def objects(self, node: str, pred: str) -> list[str]:
        return sorted({o for o, _ in self.links.get(node, {}).get(pred, ())})

    def labels(self, node: str) -> dict[str, str]:
        """The best label per language tag ("" for none): schema:name first, then skos:prefLabel."""
        out: dict[str, str] = {}
        for pred in _NAME_PREDICATES:
            for o in sorted(self.lits.get(node, {}).get(pred, ())):
                value, lang = literal_value(o)
                out.setdefault(lang or "", value)
        return out

    def alt_names(self, node: str) -> list[str]:
        names: set[str] = set()
        for pred in _ALT_PREDICATES + _NAME_PREDICATES:
            names.update(literal_value(o)[0] for o in self.lits.get(node, {}).get(pred, ()))
        return sorted(names)

    @functools.cached_property
    def kinds(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for node, ts in self.types.items():
            found = {_TYPE_OF_CLASS[t] for t in ts if t in _TYPE_OF_CLASS}
            kind = next((k for k in _TYPE_PRIORITY if k in found), None)
            if kind is None and str(SKOS.Concept) in ts and "/topic/" in node:
                kind = "topic"
            if kind:
                out[node] = kind
        return out

    def event_type(self, node: str) -> str:
        return next((_EVENT_CLASSES[t] for t in sorted(self.types.get(node, ())) if t in _EVENT_CLASSES), "Event")


def _span(ix: _Index, node: str) -> list[int]:
    """Where the fact's words sit inside its sentence, as [start, end), or [] if unknown."""
    try:
        sent = int(ix.first(node, str(NKG.sentenceStart)) or "")
        start = int(ix.first(node, str(NKG.spanStart)) or "") - sent
        end = int(ix.first(node, str(NKG.spanEnd)) or "") - sent
    except ValueError:
        return []
    length = len(ix.first(node, str(NKG.sentence)) or "")
    return [start, end] if 0 <= start < end <= length else []


def _mentioning(ids: list[str], folded: dict[str, str], names: Iterable[str]) -> list[str]:
    """The evidence sentences that name one of ``names`` (all of them when none does)."""
    keys = {fold(n) for n in names if n and len(n) > 1}
    hits = [e for e in ids if any(k in folded[e] for k in keys)]
    return hits or ids


def _label(labels: dict[str, str], node: str) -> str:
    return labels.get("vi") or labels.get("") or labels.get("en") or node.rsplit("/", 1)[-1]


# --------------------------------------------------------------------------- the view graph

def view_graph(quads: list[Quad]) -> nx.MultiDiGraph:
    """Collapse the RDF into the graph people explore (see the module docstring).

    Node attributes: ``type``, ``event_type`` (events), ``label`` (Vietnamese when there is
    one), ``label_en``, ``names`` (every surface form), ``dates`` and ``date`` (the first),
    ``articles`` (that state it), ``evidence`` (ids). Edge attributes: ``relation``,
    ``label``, ``dates``, ``articles``, ``evidence``; role edges also ``membership``,
    ``role``, ``qualifiers``, ``first_attested``/``last_attested``. ``g.graph`` holds the
    ``evidence`` and ``articles`` tables.
    """
    ix = _Index(quads)
    kinds = ix.kinds
    g = nx.MultiDiGraph()

    # Articles and evidence tables.
    articles: dict[str, dict] = {}
    for node, kind in kinds.items():
        if kind == "article":
            articles[node] = {
                "date": ix.first(node, _DATE_PUBLISHED) or "",
                "headline": ix.first(node, str(SCHEMA.headline)) or "",
                "publisher": ix.objects(node, str(SCHEMA.publisher)),
            }
    evidence: dict[str, dict] = {}
    for node, ts in ix.types.items():
        if str(NKG.Evidence) in ts:
            src = ix.objects(node, _DERIVED)
            evidence[node] = {"sentence": ix.first(node, str(NKG.sentence)) or "",
                              "article": src[0] if src else "",
                              "date": articles.get(src[0], {}).get("date", "") if src else "",
                              "rule": ix.first(node, str(NKG.rule)) or "",
                              "span": _span(ix, node)}

    folded = {e: fold(v["sentence"]) for e, v in evidence.items()}

    def sources(node: str) -> list[str]:
        return sorted({a for a in ix.objects(node, _DERIVED) if a in articles})

    def evidence_of(node: str) -> list[str]:
        return sorted((e for e in ix.objects(node, _EVIDENCE) if e in evidence),
                      key=lambda e: (evidence[e]["date"], evidence[e]["article"], e))

    def node_dates(node: str) -> list[str]:
        kind = kinds.get(node)
        if kind == "article":
            return [articles[node]["date"]] if articles[node]["date"] else []
        if kind == "event":
            start = ix.values(node, _START_DATE)
            if start:
                return start
        return sorted({articles[a]["date"] for a in sources(node) if articles[a]["date"]})

    # Which nodes are in view: what the news states, what it points at, and the parents
    # of organisations in view.
    included: set[str] = set()
    for node, kind in kinds.items():
        if kind in ("person", "event", "article") or sources(node):
            included.add(node)
    memberships = sorted(n for n, ts in ix.types.items() if str(ORG.Membership) in ts)
    for m in memberships:
        for pred in (str(ORG.member), str(ORG.organization)):
            included.update(o for o in ix.objects(m, pred) if o in kinds)
    for node in sorted(included):
        for pred in _EDGES:
            included.update(o for o in ix.objects(node, pred) if o in kinds)
    stack = [n for n in included if kinds.get(n) == "organisation"]
    while stack:
        for parent in ix.objects(stack.pop(), _SUB_ORG):
            if parent in kinds and parent not in included:
                included.add(parent)
                stack.append(parent)

    def edge_facts(node: str, pred: str, obj: str) -> tuple[list[str], list[str]]:
        """Articles stating the triple (by its named graph) and the evidence of its subject."""
        graphs = sorted({gr for o, gr in ix.links[node][pred] if o == obj and gr in articles})
        return graphs, evidence_of(node)

    def add_edge(u: str, v: str, key: str, relation: str, **attrs) -> None:
        if u in included and v in included:
            g.add_edge(u, v, key=key, relation=relation, label=attrs.pop("label", relation), **attrs)

    for node in sorted(included):
        kind = kinds[node]
        for pred, (relation, backwards) in _EDGES.items():
            for obj in ix.objects(node, pred):
                if obj not in included:
                    continue
                arts, ev = edge_facts(node, pred, obj)
                arts = arts or sources(node)
                dates = node_dates(node) if kind == "event" else sorted(
                    {articles[a]["date"] for a in arts if articles[a]["date"]})
                u, v = (obj, node) if backwards else (node, obj)
                if kind == "article":
                    ev = []
                elif ev:
                    ev = _mentioning(ev, folded, [*ix.labels(obj).values(), *ix.alt_names(obj)])
                add_edge(u, v, relation, relation, articles=arts, evidence=ev, dates=dates)
        if kind == "event":
            for art in sources(node):
                add_edge(node, art, "reported by", "reported by", articles=[art],
                         dates=node_dates(art), evidence=[])
        if kind == "organisation":
            parents = [p for p in ix.objects(node, _SUB_ORG) if p in included]
            for parent in parents:
                add_edge(node, parent, "sub-organisation of", "sub-organisation of", articles=[], dates=[],
                         evidence=[])
            if not parents:
                for country in ix.objects(node, str(NKG.country)):
                    add_edge(node, country, "of country", "of country", articles=[], dates=[], evidence=[])
        if kind == "place":
            for country in ix.objects(node, str(SCHEMA.containedInPlace)):
                add_edge(node, country, "located in", "located in", articles=[], dates=[], evidence=[])

    # Memberships become "holds role at" edges labelled with the title and qualifiers.
    for m in memberships:
        member = [o for o in ix.objects(m, str(ORG.member)) if o in included]
        org = [o for o in ix.objects(m, str(ORG.organization)) if o in included]
        if not member or not org:
            continue
        role = ix.objects(m, str(ORG.role))
        role_labels = ix.labels(role[0]) if role else {}
        title = _label(role_labels, role[0]) if role else "member"
        quals = ix.objects(m, str(NKG.qualifier))
        qual_en = sorted({ix.labels(q).get("en") or q.rsplit("/", 1)[-1] for q in quals})
        qual_vi = sorted({ix.labels(q).get("vi") or ix.labels(q).get("en") or q.rsplit("/", 1)[-1] for q in quals})
        arts = sources(m)
        first = last = ""
        for interval in ix.objects(m, str(ORG.memberDuring)):
            first = ix.first(interval, str(NKG.firstAttested)) or first
            last = ix.first(interval, str(NKG.lastAttested)) or last
        portfolio = ix.values(m, str(NKG.portfolio))
        host = [_label(ix.labels(c), c) for c in ix.objects(m, str(NKG.hostCountry))]
        add_edge(member[0], org[0], f"role:{m}", "holds role at",
                 label=title + (f" ({', '.join(qual_en)})" if qual_en else ""),
                 label_en=(role_labels.get("en") or title) + (f" ({', '.join(qual_en)})" if qual_en else ""),
                 label_vi=title + (f" ({', '.join(qual_vi)})" if qual_vi else ""),
                 membership=m, role=role[0] if role else "", qualifiers=qual_en,
                 portfolio=", ".join(portfolio), host_country=", ".join(host),
                 first_attested=first, last_attested=last, articles=arts, evidence=evidence_of(m),
                 dates=sorted({articles[a]["date"] for a in arts if articles[a]["date"]}))

    for node in sorted(included):
        kind = kinds[node]
        labels = ix.labels(node)
        attrs: dict = {"type": kind, "label": _label(labels, node), "label_en": labels.get("en", "")}
        if kind == "event":
            attrs["event_type"] = ix.event_type(node)
            attrs["cameo"] = ix.first(node, str(NKG.cameoCode)) or ""
            attrs["plover"] = ix.first(node, str(NKG.ploverType)) or ""
            attrs["ordinal"] = ix.first(node, str(NKG.ordinal)) or ""
        if kind == "article":
            info = articles[node]
            attrs["label"] = f"{info['date']} {info['headline'][:60]}".strip() or attrs["label"]
            attrs["headline"] = info["headline"]
        attrs["names"] = [n for n in ix.alt_names(node) if n not in (attrs["label"], attrs["label_en"])]
        attrs["dates"] = node_dates(node)
        if attrs["dates"]:
            attrs["date"] = attrs["dates"][0]
        attrs["articles"] = [node] if kind == "article" else sources(node)
        attrs["evidence"] = evidence_of(node)
        g.add_node(node, **attrs)
    g.graph["evidence"] = evidence
    g.graph["articles"] = articles
    return g


# --------------------------------------------------------------------------- finding nodes by name

def _search_keys(data: dict) -> list[str]:
    keys = [data.get("label", ""), data.get("label_en", ""), *data.get("names", ())]
    return [fold(k) for k in keys if k]


_TYPE_RANK = {t: i for i, t in enumerate(("person", "organisation", "country", "event", "place", "agreement",
                                          "partnership", "topic", "article"))}


def find_node(g: nx.Graph, name: str, *, source: str = "name") -> str:
    """The node ``name`` means: an IRI, an id path ("person/le-manh-hung") or a name.

    Names match diacritics-insensitively ("Le Manh Hung" finds "Lê Mạnh Hùng", "đ" ≡ "d"),
    first as a whole name, then as part of one. Raises :class:`KgError` naming close
    matches when nothing, or more than one thing, matches.
    """
    raw = name.strip()
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    if raw in g:
        return raw
    suffix = [n for n in g if n.endswith("/" + raw.strip("/"))] if "/" in raw else []
    if len(suffix) == 1:
        return suffix[0]
    key = fold(raw)
    if not key:
        raise KgError("empty name", source)
    exact = [n for n, d in g.nodes(data=True) if key in _search_keys(d)]
    if not exact:
        exact = [n for n, d in g.nodes(data=True) if any(key in k for k in _search_keys(d))]
    if exact:
        best = min(_TYPE_RANK.get(g.nodes[n].get("type"), 99) for n in exact)
        top = sorted(n for n in exact if _TYPE_RANK.get(g.nodes[n].get("type"), 99) == best)
        if len(top) == 1:
            return top[0]
        listed = "; ".join(f"{g.nodes[n]['label']} <{n}>" for n in top[:8])
        raise KgError(f"{name!r} is ambiguous: {listed}" + (" …" if len(top) > 8 else ""), source)
    pool: dict[str, str] = {}
    for n, d in g.nodes(data=True):
        for k in _search_keys(d):
            pool.setdefault(k, n)
    close = difflib.get_close_matches(key, list(pool), n=5, cutoff=0.6)
    hint = "; did you mean: " + ", ".join(g.nodes[pool[c]]["label"] for c in close) if close else ""
    raise KgError(f"no node named {name!r} in the graph{hint}", source)


# --------------------------------------------------------------------------- statistics

def structure_graph(g: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph of who is connected to what, for centrality.

    Articles and topics are left out: being reported by the same outlet or being about
    trade does not connect two actors.
    """
    keep = [n for n, d in g.nodes(data=True) if d.get("type") not in ("article", "topic")]
    s = nx.Graph()
    s.add_nodes_from((n, g.nodes[n]) for n in keep)
    s.add_edges_from((u, v) for u, v in g.edges() if u in s and v in s and u != v)
    return s


def stats(quads: list[Quad], top: int = 10) -> dict:
    """Counts by type, the most connected people and organisations, events per month.

    Degree counts distinct neighbours in :func:`structure_graph`; betweenness is
    normalised (estimated from sampled sources, with a fixed seed, above 1,000 nodes, so it
    stays fast and repeatable).
    """
    g = view_graph(quads)
    counts = Counter(d["type"] for _, d in g.nodes(data=True))
    event_counts = Counter(d["event_type"] for _, d in g.nodes(data=True) if d["type"] == "event")
    ix_memberships = {d["membership"] for _, _, d in g.edges(data=True) if d.get("membership")}
    s = structure_graph(g)
    n = s.number_of_nodes()
    if n > 1000:      # exact betweenness is O(nodes × edges): sample sources, with a fixed seed
        k = min(n, max(100, int(2_000_000 / (n + s.number_of_edges()))))
        between = nx.betweenness_centrality(s, k=k, seed=0)
    else:
        between = nx.betweenness_centrality(s)
    most: dict[str, dict[str, list[dict]]] = {}
    for kind in ("person", "organisation"):
        rows = [{"iri": n, "name": s.nodes[n]["label"], "degree": s.degree(n), "betweenness": round(between[n], 4)}
                for n in s if s.nodes[n].get("type") == kind]
        most[kind] = {
            "degree": sorted(rows, key=lambda r: (-r["degree"], -r["betweenness"], r["name"], r["iri"]))[:top],
            "betweenness": sorted(rows, key=lambda r: (-r["betweenness"], -r["degree"], r["name"], r["iri"]))[:top],
        }
    months: dict[str, Counter] = defaultdict(Counter)
    for _, d in g.nodes(data=True):
        if d["type"] == "event" and d.get("date"):
            months[d["date"][:7]][d["event_type"]] += 1
    per_month = [{"month": m, "total": sum(c.values()), "meetings": c.get("Meeting", 0),
                  "by_type": dict(sorted(c.items()))} for m, c in sorted(months.items())]
    return {
        "counts": {**{t: counts.get(t, 0) for t in NODE_TYPES}, "memberships": len(ix_memberships),
                   "evidence": len(g.graph["evidence"]), "nodes": g.number_of_nodes(),
                   "edges": g.number_of_edges(), "quads": len(quads)},
        "event_types": dict(sorted(event_counts.items())),
        "most_connected": most,
        "events_per_month": per_month,
        "meetings_per_month": [{"month": r["month"], "meetings": r["meetings"]} for r in per_month],
    }


def render_stats(result: dict, fmt: str = "table") -> str:
    """``stats`` as aligned text tables or as JSON."""
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=2)
    out = ["Counts", _table(["type", "count"], [[k, v] for k, v in result["counts"].items()])]
    if result["event_types"]:
        rows = [[k, v] for k, v in result["event_types"].items()]
        out += ["", "Events by type", _table(["event type", "count"], rows)]
    for kind, title in (("person", "people"), ("organisation", "organisations")):
        for measure in ("degree", "betweenness"):
            rows = [[r["name"], r["degree"], f"{r['betweenness']:.4f}"]
                    for r in result["most_connected"][kind][measure]]
            out += ["", f"Most connected {title} by {measure}", _table(["name", "degree", "betweenness"], rows)]
    rows = [[r["month"], r["total"], r["meetings"], ", ".join(f"{k} {v}" for k, v in r["by_type"].items())]
            for r in result["events_per_month"]]
    out += ["", "Events per month", _table(["month", "events", "meetings", "by type"], rows)]
    return "\n".join(out)


def _table(header: list[str], rows: list[list[object]]) -> str:
    cells = [[str(c).replace("\n", " ") for c in r] for r in rows]
    widths = [min(60, max([len(h)] + [len(r[i]) for r in cells])) for i, h in enumerate(header)]

    def line(values):
        return "  ".join((v if len(v) <= w else v[: w - 1] + "…").ljust(w) for v, w in zip(values, widths)).rstrip()
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in cells]
                     + [f"({len(rows)} row{'s' if len(rows) != 1 else ''})"])


# --------------------------------------------------------------------------- paths

@dataclass
class PathStep:
    source: str
    target: str
    relation: str
    label: str
    forward: bool                       # the edge points from ``source`` to ``target``
    evidence: list[dict] = field(default_factory=list)   # {sentence, article, date, rule}
    dates: list[str] = field(default_factory=list)


@dataclass
class PathResult:
    nodes: list[dict]                   # {iri, label, type}
    steps: list[PathStep]

    @property
    def length(self) -> int:
        return len(self.steps)

    def labels(self) -> list[str]:
        return [n["label"] for n in self.nodes]

    def to_dict(self) -> dict:
        return {"nodes": self.nodes, "steps": [s.__dict__ for s in self.steps]}

    def render(self, fmt: str = "text") -> str:
        if fmt == "json":
            return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
        names = {n["iri"]: n["label"] for n in self.nodes}
        out = [f"{names[self.nodes[0]['iri']]} → {names[self.nodes[-1]['iri']]}: {self.length} step(s)"]
        for s in self.steps:
            arrow = f"—{s.label}→" if s.forward else f"←{s.label}—"
            when = f" [{', '.join(s.dates)}]" if s.dates else ""
            out.append(f"  {names[s.source]} {arrow} {names[s.target]}{when}")
            for ev in s.evidence[:2]:
                out.append(f"      “{ev['sentence']}” ({ev['date']}, {ev['article']})")
        return "\n".join(out)


def path(quads: list[Quad], a: str, b: str, *, graph: nx.MultiDiGraph | None = None) -> PathResult:
    """How ``a`` and ``b`` are connected: the shortest path between them (names match
    diacritics-insensitively), weighted so that facts stated in the news (roles,
    attendance) count before reference structure and shared topics or articles.

    Each step carries the edge's label and, where there is some, its evidence.
    """
    g = graph if graph is not None else view_graph(quads)
    src = find_node(g, a, source="path")
    dst = find_node(g, b, source="path")
    if src == dst:
        return PathResult([_node_info(g, src)], [])
    best: dict[tuple[str, str], tuple[float, str, str, str]] = {}
    for u, v, k, d in g.edges(keys=True, data=True):
        w = PATH_WEIGHTS.get(d.get("relation", ""), 3.0)
        pair = (u, v) if u <= v else (v, u)
        cand = (w, u, v, k)
        if pair not in best or cand < best[pair]:
            best[pair] = cand
    u_graph = nx.Graph()
    u_graph.add_nodes_from(g.nodes)
    for (x, y), (w, *_rest) in best.items():
        u_graph.add_edge(x, y, weight=w)
    try:
        hops = _dijkstra(u_graph, src, dst)
    except nx.NetworkXNoPath:
        raise KgError(f"{g.nodes[src]['label']} and {g.nodes[dst]['label']} are not connected", "path") from None
    steps = []
    evidence = g.graph.get("evidence", {})
    for x, y in zip(hops, hops[1:]):
        _w, u, v, k = best[(x, y) if x <= y else (y, x)]
        d = g.edges[u, v, k]
        ev = [{"id": e, **evidence[e]} for e in d.get("evidence", []) if e in evidence]
        steps.append(PathStep(x, y, d.get("relation", ""), d.get("label", ""), u == x, ev, list(d.get("dates", []))))
    return PathResult([_node_info(g, n) for n in hops], steps)


def _dijkstra(g: nx.Graph, src: str, dst: str) -> list[str]:
    """Weighted shortest path with ties broken by node id, so the answer is repeatable."""
    dist = {src: (0.0, 0)}
    prev: dict[str, str] = {}
    heap = [(0.0, 0, src)]
    done: set[str] = set()
    while heap:
        cost, hops, node = heapq.heappop(heap)
        if node in done:
            continue
        done.add(node)
        if node == dst:
            out = [dst]
            while out[-1] != src:
                out.append(prev[out[-1]])
            return out[::-1]
        for nb in sorted(g.adj[node]):
            c = (cost + g.adj[node][nb]["weight"], hops + 1)
            if nb not in done and (nb not in dist or c < dist[nb]):
                dist[nb] = c
                prev[nb] = node
                heapq.heappush(heap, (c[0], c[1], nb))
    raise nx.NetworkXNoPath(f"no path from {src} to {dst}")


def _node_info(g: nx.Graph, n: str) -> dict:
    return {"iri": n, "label": g.nodes[n].get("label", n), "type": g.nodes[n].get("type", "")}


# --------------------------------------------------------------------------- export

def export_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``g`` that GraphML and GEXF accept: lists joined with " | ", no tables."""
    def flat(d: dict) -> dict:
        out = {}
        for k, v in d.items():
            if isinstance(v, (list, tuple, set)):
                v = " | ".join(str(x) for x in v)
            elif isinstance(v, dict) or v is None:
                continue
            out[k] = v
        return out
    h = nx.MultiDiGraph()
    h.graph.update({"name": "newskg view graph"})
    evidence = g.graph.get("evidence", {})
    for n, d in g.nodes(data=True):
        h.add_node(n, **flat(d))
    for u, v, k, d in g.edges(keys=True, data=True):
        attrs = flat(d)
        attrs["evidence_sentences"] = " | ".join(evidence[e]["sentence"] for e in d.get("evidence", ())
                                                 if e in evidence)
        h.add_edge(u, v, key=k, **attrs)
    return h


def export_graphml(quads: list[Quad], path: str | Path) -> Path:
    """The view graph as GraphML (for Gephi, yEd, Cytoscape), written atomically."""
    from .output import atomic_path
    target = Path(path)
    with atomic_path(target) as tmp:
        nx.write_graphml(export_graph(view_graph(quads)), tmp)
    return target


def export_gexf(quads: list[Quad], path: str | Path) -> Path:
    """The view graph as GEXF (Gephi), written atomically."""
    from .output import atomic_path
    target = Path(path)
    with atomic_path(target) as tmp:
        nx.write_gexf(export_graph(view_graph(quads)), tmp)
    return target


# --------------------------------------------------------------------------- loading a graph file

def load_quads(graph: str | Path | None = None, store: str | Path | None = None) -> list[Quad]:
    """Quads from a TriG/N-Quads/Turtle/N-Triples file (default ``output/graph.trig``) or
    from an Oxigraph store directory, encoded as :mod:`kg.terms` tuples."""
    import pyoxigraph as ox
    if store is not None:
        from .store import open_store
        st = open_store(store)
        return sorted({_encode_quad(q) for q in st.quads_for_pattern(None, None, None, None)})
    p = Path(graph) if graph is not None else Path("output/graph.trig")
    if not p.is_file():
        hint = " (run `kg build` first)" if graph is None else ""
        raise KgError(f"no such graph file{hint}", str(p))
    fmt = ox.RdfFormat.from_extension(p.suffix.lstrip(".")) if p.suffix else None
    if fmt is None:
        raise KgError("unknown RDF format (use .trig, .nq, .ttl or .nt)", str(p))
    try:
        return sorted({_encode_quad(q) for q in ox.parse(path=str(p), format=fmt)})
    except (SyntaxError, ValueError, OSError) as exc:
        raise KgError(f"cannot read: {str(exc).splitlines()[0] if str(exc) else exc}", str(p)) from None


def _encode_term(t) -> str:
    import pyoxigraph as ox
    from .terms import iri, lit
    if isinstance(t, ox.NamedNode):
        return iri(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return lit(t.value, t.language)
        dt = t.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return lit(t.value)
        return lit(t.value) + f"^^<{dt}>"
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    return ""          # the default graph


def _encode_quad(q) -> Quad:
    import pyoxigraph as ox
    g = q.graph_name
    return (_encode_term(q.subject), _encode_term(q.predicate), _encode_term(q.object),
            "" if isinstance(g, ox.DefaultGraph) else _encode_term(g))


# --------------------------------------------------------------------------- commands (registered in kg.cli)
#
# Like kg.push and kg.server, the commands raise KgError; kg.cli wraps their callbacks
# with its error handler when it registers them (one-line message, exit code 2).

def _graph_options(func):
    import click
    func = click.option("--store", type=click.Path(path_type=Path), default=None,
                        help="Read an Oxigraph store directory instead of a graph file.")(func)
    return click.option("--graph", type=click.Path(path_type=Path), default=None,
                        help="Graph file to read (default: output/graph.trig).")(func)


def _make_commands():
    import click

    @click.command("stats")
    @_graph_options
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
    @click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True,
                  help="How many people and organisations to list.")
    def stats_command(graph, store, fmt, top):
        """Counts by type, the most connected people and organisations, events per month."""
        click.echo(render_stats(stats(load_quads(graph, store), top=top), fmt))

    @click.command("path")
    @click.argument("a")
    @click.argument("b")
    @_graph_options
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
    def path_command(a, b, graph, store, fmt):
        """How A and B are connected: the facts on the shortest path, with their evidence."""
        click.echo(path(load_quads(graph, store), a, b).render(fmt))

    return stats_command, path_command


stats_command, path_command = _make_commands()

__all__ = ["view_graph", "stats", "render_stats", "path", "PathResult", "PathStep", "find_node",
           "structure_graph", "export_graph", "export_graphml", "export_gexf", "load_quads", "NODE_TYPES",
           "EVENT_TYPES", "RELATIONS", "stats_command", "path_command"]
