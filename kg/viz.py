"""The interactive HTML view of the graph: pyvis for the network, fully offline.

pyvis (``pyvis.network.Network``) assembles the nodes, edges and vis-network options;
the page itself is our own template (``kg/viewer/``) with vis-network's JavaScript and
CSS inlined from pyvis's bundled copy, so it makes no request at all: no CDN, no
Bootstrap, no tom-select. Everything that comes from the articles travels as JSON in a
``<script type="application/json">`` element (with ``<``, ``>`` and ``&`` escaped) and is
put on screen with ``textContent`` only, so a name or sentence holding markup shows as
text and never runs.

Small graphs are laid out by vis-network's physics, which stops after stabilising; above
:data:`BIG_GRAPH` nodes the layout is computed here (a seeded force-directed layout) and
physics stays off, so the page is usable at once.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import re
from collections import deque
from pathlib import Path

import networkx as nx

from .analytics import EVENT_TYPES, NODE_TYPES, RELATIONS, find_node, view_graph
from .errors import KgError
from .output import write_text_atomic
from .terms import Quad
from .text import fold

_PYVIS_LIB = "templates/lib/vis-9.1.2"
_VIEWER_DIR = Path(__file__).parent / "viewer"

#: Above this many nodes the layout is computed in Python and physics is off.
BIG_GRAPH = 300

#: Style key → (vis shape, colour, English name, Vietnamese name, size). Events have one
#: key per event class ("event:Meeting"); every key has its own shape and colour pair.
STYLES: dict[str, tuple[str, str, str, str, int]] = {
    "person": ("dot", "#1f77b4", "Person", "Người", 14),
    "organisation": ("square", "#ff7f0e", "Organisation", "Tổ chức", 13),
    "country": ("diamond", "#d62728", "Country", "Quốc gia", 17),
    "place": ("triangleDown", "#9467bd", "Place", "Địa điểm", 12),
    "event:Meeting": ("star", "#2ca02c", "Meeting", "Cuộc gặp", 15),
    "event:Reception": ("star", "#17becf", "Reception", "Tiếp kiến", 15),
    "event:Talks": ("hexagon", "#2ca02c", "Talks", "Hội đàm", 13),
    "event:PhoneCall": ("hexagon", "#17becf", "Phone call", "Điện đàm", 13),
    "event:NegotiationRound": ("hexagon", "#bcbd22", "Negotiation round", "Phiên đàm phán", 14),
    "event:SigningCeremony": ("star", "#e377c2", "Signing", "Lễ ký", 15),
    "event:Visit": ("star", "#8c564b", "Visit", "Chuyến thăm", 15),
    "event:Conference": ("hexagon", "#8c564b", "Conference", "Hội nghị", 13),
    "event:Forum": ("hexagon", "#e377c2", "Forum", "Diễn đàn", 13),
    "event:Event": ("hexagon", "#7f7f7f", "Other event", "Sự kiện khác", 12),
    "topic": ("triangle", "#98df8a", "Topic", "Chủ đề", 10),
    "agreement": ("box", "#c5b0d5", "Agreement", "Hiệp định", 12),
    "partnership": ("diamond", "#f7b6d2", "Partnership", "Quan hệ đối tác", 12),
    "article": ("ellipse", "#c7c7c7", "Article", "Bài báo", 10),
}

# Relation → (edge colour, dashed?, width). Reference structure is dashed.
_EDGE_STYLES = {
    "holds role at": ("#e6550d", False, 2.5),
    "attended": ("#31a354", False, 1.5),
    "about": ("#b5cf6b", False, 1.0),
    "part of": ("#636363", False, 1.5),
    "held in": ("#756bb1", False, 1.0),
    "concerns": ("#8c6d31", False, 1.5),
    "party": ("#ad494a", False, 1.0),
    "sub-organisation of": ("#fdae6b", True, 1.5),
    "of country": ("#e7969c", True, 1.0),
    "nationality": ("#9ecae1", True, 1.0),
    "located in": ("#bcbddc", True, 1.0),
    "reported by": ("#cccccc", True, 1.0),
    "published by": ("#cccccc", True, 1.0),
}

_TYPE_ALIASES = {
    "people": "person", "persons": "person", "org": "organisation", "orgs": "organisation",
    "organization": "organisation", "organizations": "organisation", "organisations": "organisation",
    "countries": "country", "places": "place", "events": "event", "topics": "topic",
    "agreements": "agreement", "partnerships": "partnership", "articles": "article",
}
_EVENT_ALIASES = {fold(n): n for n in EVENT_TYPES} | {
    fold(en).replace(" ", "-"): n for n, (en, _vi) in EVENT_TYPES.items()} | {
    fold(en).replace(" ", ""): n for n, (en, _vi) in EVENT_TYPES.items()} | {
    "signing-ceremony": "SigningCeremony", "signingceremony": "SigningCeremony", "meetings": "Meeting",
    "visits": "Visit", "phone": "PhoneCall", "call": "PhoneCall", "negotiation": "NegotiationRound",
    "round": "NegotiationRound", "conferences": "Conference", "forums": "Forum", "receptions": "Reception"}


# --------------------------------------------------------------------------- options

def parse_types(value: str | set[str] | list[str] | None) -> set[str] | None:
    """``"person,event"`` (or a set of names) → style keys to keep ({"person", "event"}).

    Accepts the node types (``person``, ``organisation``/``org``, ``country``, ``place``,
    ``event``, ``topic``, ``agreement``, ``partnership``, ``article``, plurals too) and the
    event types (``meeting``, ``reception``, ``talks``, ``phone-call``,
    ``negotiation-round``, ``signing``, ``visit``, ``conference``, ``forum``).
    """
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    out: set[str] = set()
    for item in items:
        raw = item.strip()
        if not raw:
            continue
        key = re.sub(r"[\s_]+", "-", fold(raw))
        key = _TYPE_ALIASES.get(key, key)
        if key in NODE_TYPES:
            out.add(key)
        elif raw.startswith("event:") and raw[6:] in EVENT_TYPES:
            out.add(raw)
        elif key in _EVENT_ALIASES:
            out.add("event:" + _EVENT_ALIASES[key])
        else:
            known = ", ".join(list(NODE_TYPES) + [en.replace(" ", "-") for en, _ in EVENT_TYPES.values()])
            raise KgError(f"unknown type {raw!r} (known: {known})", "--types")
    if not out:
        raise KgError("no type given", "--types")
    return out


_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def parse_date(value: str | dt.date | None, *, end: bool = False, source: str = "date") -> str | None:
    """An ISO date bound as a string: "2026", "2026-02" and "2026-02-05" are accepted; a
    year or month means its first day (``end=False``) or its last (``end=True``)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    m = _DATE.match(value.strip())
    if not m:
        raise KgError(f"{value!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)", source)
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        if day:
            return dt.date(int(year), int(month), int(day)).isoformat()
        if month:
            first = dt.date(int(year), int(month), 1)
            if not end:
                return first.isoformat()
            nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return (nxt - dt.timedelta(days=1)).isoformat()
        return f"{year}-12-31" if end else f"{year}-01-01"
    except ValueError:
        raise KgError(f"{value!r} is not a date", source) from None


# --------------------------------------------------------------------------- filtering

def style_key(data: dict) -> str:
    kind = data.get("type", "other")
    return f"event:{data.get('event_type', 'Event')}" if kind == "event" else kind


def _type_kept(data: dict, types: set[str]) -> bool:
    return data.get("type") in types or style_key(data) in types


def _in_range(dates: list[str], date_from: str | None, date_to: str | None) -> bool:
    return any((date_from is None or d >= date_from) and (date_to is None or d <= date_to) for d in dates)


def filter_graph(g: nx.MultiDiGraph, *, focus: str | None = None, depth: int = 2, date_from=None, date_to=None,
                 types=None) -> nx.MultiDiGraph:
    """The part of the view graph to show (the same rules as the page's own filters).

    ``types`` keeps nodes of those types. ``date_from``/``date_to`` keep dated nodes and
    edges with a date in range, and the undated ones (topics, countries, parent
    organisations) that a kept fact reaches. ``focus`` (a name or IRI) keeps the nodes
    within ``depth`` steps of it.
    """
    if types is not None:
        types = parse_types(types)
    lo = parse_date(date_from, source="--from")
    hi = parse_date(date_to, end=True, source="--to")
    if lo and hi and lo > hi:
        raise KgError(f"--from {lo} is after --to {hi}", "--from")
    keep = {n for n, d in g.nodes(data=True) if types is None or _type_kept(d, types)}
    out = nx.MultiDiGraph(g.subgraph(keep))
    if lo or hi:
        out.remove_edges_from([(u, v, k) for u, v, k, d in out.edges(keys=True, data=True)
                               if d.get("dates") and not _in_range(d["dates"], lo, hi)])
        inside = {n for n, d in out.nodes(data=True) if d.get("dates") and _in_range(d["dates"], lo, hi)}
        pending = {n for n, d in out.nodes(data=True) if not d.get("dates")}
        undirected = out.to_undirected(as_view=True)
        reached, queue = set(inside), deque(inside)
        while queue:
            for nb in undirected.adj[queue.popleft()]:
                if nb in pending and nb not in reached:
                    reached.add(nb)
                    queue.append(nb)
        out = nx.MultiDiGraph(out.subgraph(reached))
    if focus is not None:
        try:
            centre = find_node(out, focus, source="--focus")
        except KgError:
            centre = find_node(g, focus, source="--focus")
            raise KgError(f"{g.nodes[centre]['label']!r} is hidden by the --types/--from/--to filters",
                          "--focus") from None
        reach = nx.single_source_shortest_path_length(out.to_undirected(as_view=True), centre, cutoff=max(0, depth))
        out = nx.MultiDiGraph(out.subgraph(reach))
    out.graph.update(g.graph)
    return out


# --------------------------------------------------------------------------- layout

def layout_positions(g: nx.Graph, *, seed: int = 7, spacing: float = 60.0) -> dict[str, tuple[int, int]]:
    """Seeded force-directed positions in pixels: Fruchterman–Reingold with sampled
    repulsion and a weak pull to the centre (about 0.7 s for 2,000 nodes, where
    ``networkx.spring_layout`` takes 10 s), scaled so that nodes sit about ``spacing``
    pixels from their nearest neighbour. Without NumPy, a deterministic spiral."""
    nodes = sorted(g.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    try:
        import numpy as np
        from scipy.spatial import cKDTree
    except ImportError:                                    # pragma: no cover - both are there in practice
        return _spiral(nodes, spacing)
    if n == 1:
        return {nodes[0]: (0, 0)}
    idx = {v: i for i, v in enumerate(nodes)}
    pairs = sorted({(min(idx[u], idx[v]), max(idx[u], idx[v])) for u, v in g.edges() if u != v})
    e = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    side = math.sqrt(n)
    pos = rng.uniform(-side / 2, side / 2, (n, 2))
    iterations = 150
    temp = max(side / 5, 0.5)
    cool = (0.02 / temp) ** (1 / iterations)
    samples = min(40, n - 1)
    for _ in range(iterations):
        disp = np.zeros((n, 2))
        pick = rng.integers(0, n, (n, samples))
        d = pos[:, None, :] - pos[pick]
        dist2 = np.maximum((d * d).sum(2), 1e-2)
        disp += (d / dist2[:, :, None]).sum(1) * ((n - 1) / samples)
        if len(e):
            d = pos[e[:, 0]] - pos[e[:, 1]]
            f = d * np.sqrt((d * d).sum(1))[:, None]
            for c in (0, 1):
                disp[:, c] += np.bincount(e[:, 1], f[:, c], n) - np.bincount(e[:, 0], f[:, c], n)
        disp -= pos                      # gravity: keeps isolated nodes and small components near
        length = np.maximum(np.sqrt((disp * disp).sum(1)), 1e-9)
        pos += disp * (np.minimum(length, temp) / length)[:, None]
        temp *= cool
    pos -= np.median(pos, axis=0)
    radius = np.sqrt((pos * pos).sum(1))
    limit = float(np.percentile(radius, 99)) * 1.15 or 1.0
    far = radius > limit
    pos[far] *= (limit / radius[far])[:, None]
    nearest, _ = cKDTree(pos).query(pos, k=2)
    typical = float(np.median(nearest[:, 1])) or 1.0
    pos *= spacing / typical
    return {v: (int(round(x)), int(round(y))) for v, (x, y) in zip(nodes, pos.tolist())}


def _spiral(nodes: list[str], spacing: float) -> dict[str, tuple[int, int]]:
    out = {}
    for i, v in enumerate(nodes):
        r, a = spacing * math.sqrt(i), i * 2.399963
        out[v] = (int(r * math.cos(a)), int(r * math.sin(a)))
    return out


# --------------------------------------------------------------------------- the page data

def _short(text: str, limit: int = 42) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def build_network(g: nx.MultiDiGraph, *, seed: int = 7):
    """The pyvis ``Network`` for ``g`` (nodes styled by type, edges labelled by relation,
    positions from :func:`layout_positions`, options for vis-network), and a map from each
    vis edge id to its ``(u, v, key)`` in ``g``."""
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="remote")
    net.node_ids = _IdList()            # pyvis checks membership in a list: O(n) per node and edge
    big = g.number_of_nodes() > BIG_GRAPH
    positions = layout_positions(g, seed=seed)
    degree = dict(g.degree())
    for n in sorted(g.nodes):
        d = g.nodes[n]
        key = style_key(d)
        shape, colour, _en, _vi, size = STYLES.get(key, ("dot", "#999999", key, key, 10))
        x, y = positions[n]
        net.add_node(n, label=_short(d.get("label", n)), shape=shape,
                     size=round(size + min(12.0, 2 * math.sqrt(degree[n])), 1),
                     color={"background": colour, "border": _darker(colour),
                            "highlight": {"background": colour, "border": "#000000"},
                            "hover": {"background": colour, "border": "#000000"}},
                     x=x, y=y)
    counts: dict[tuple[str, str], int] = {}
    index: dict[str, tuple[str, str, str]] = {}
    for i, (u, v, k, d) in enumerate(sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))):
        relation = d.get("relation", "")
        colour, dashed, width = _EDGE_STYLES.get(relation, ("#999999", False, 1.0))
        pair = (min(u, v), max(u, v))
        nth = counts.get(pair, 0)
        counts[pair] = nth + 1
        options = {"id": f"e{i}", "label": _short(d.get("label", relation), 48), "color": colour,
                   "dashes": dashed, "width": width}
        if nth:
            options["smooth"] = {"enabled": True, "type": "curvedCW" if nth % 2 else "curvedCCW",
                                 "roundness": 0.2 * ((nth + 1) // 2)}
        net.add_edge(u, v, **options)
        index[options["id"]] = (u, v, k)
    net.options = _vis_options(big, g.number_of_nodes())
    return net, index


class _IdList(list):
    """A list with set-speed ``in`` (pyvis's ``node_ids``)."""

    def __init__(self):
        super().__init__()
        self._set: set = set()

    def append(self, item) -> None:
        super().append(item)
        self._set.add(item)

    def __contains__(self, item) -> bool:
        return item in self._set


def _darker(colour: str) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(int(r * 0.7), int(g * 0.7), int(b * 0.7))


def _vis_options(big: bool, n: int = 0) -> dict:
    font = 'system-ui, "Noto Sans", "DejaVu Sans", "Segoe UI", Arial, sans-serif'
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {
            "enabled": not big and n > 0,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -5000, "centralGravity": 0.25, "springLength": 130,
                          "springConstant": 0.04, "damping": 0.35, "avoidOverlap": 0.3},
            # The nodes start from layout_positions, so a few hundred nodes need few iterations.
            "stabilization": {"enabled": not big and n > 0, "iterations": int(min(400, max(100, 30000 / max(n, 1)))),
                              "updateInterval": 50, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "multiselect": False, "navigationButtons": False, "keyboard": False},
        "nodes": {"borderWidth": 1, "borderWidthSelected": 3,
                  "font": {"size": 14, "face": font, "color": "#222222", "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "font": {"size": 10, "face": font, "color": "#444444", "align": "middle", "strokeWidth": 3,
                           "strokeColor": "#ffffff"},
                  "smooth": False if big else {"enabled": True, "type": "continuous", "roundness": 0.3},
                  "selectionWidth": 2, "hoverWidth": 1.5},
    }


def viewer_data(g: nx.MultiDiGraph, *, title: str = "Knowledge graph", filters: dict | None = None,
                seed: int = 7) -> dict:
    """Everything the page needs, as one JSON-able dict (sorted, no timestamps)."""
    net, edge_index = build_network(g, seed=seed)
    vis_nodes, vis_edges, _heading, _h, _w, _options = net.get_network_data()
    evidence_table = g.graph.get("evidence", {})
    articles_table = g.graph.get("articles", {})
    used_evidence: set[str] = set()
    used_articles: set[str] = set()
    nodes_meta = {}
    for n in sorted(g.nodes):
        d = g.nodes[n]
        info = {"type": d.get("type", ""), "key": style_key(d), "label": d.get("label", n),
                "labelEn": d.get("label_en", ""), "names": list(d.get("names", [])),
                "dates": list(d.get("dates", [])), "articles": list(d.get("articles", [])),
                "evidence": list(d.get("evidence", []))}
        if d.get("type") == "event":
            info.update(eventType=d.get("event_type", ""), cameo=d.get("cameo", ""), plover=d.get("plover", ""))
        if d.get("type") == "article":
            info["headline"] = d.get("headline", "")
        info["search"] = " | ".join(sorted({fold(s) for s in (info["label"], info["labelEn"], *info["names"]) if s}))
        used_evidence.update(info["evidence"])
        used_articles.update(info["articles"])
        nodes_meta[n] = info
    edges_meta = {}
    for e in vis_edges:
        d = g.edges[edge_index[e["id"]]]
        info = {"relation": d.get("relation", ""), "label": d.get("label", ""), "from": e["from"], "to": e["to"],
                "dates": list(d.get("dates", [])), "articles": list(d.get("articles", [])),
                "evidence": list(d.get("evidence", []))}
        for src, dst in (("label_en", "labelEn"), ("label_vi", "labelVi"), ("portfolio", "portfolio"),
                         ("host_country", "hostCountry"), ("first_attested", "firstAttested"),
                         ("last_attested", "lastAttested"), ("qualifiers", "qualifiers")):
            if d.get(src):
                info[dst] = d[src]
        used_evidence.update(info["evidence"])
        used_articles.update(info["articles"])
        edges_meta[e["id"]] = info
    evidence = {}
    for eid in sorted(used_evidence):
        if eid in evidence_table:
            evidence[eid] = dict(evidence_table[eid])
            used_articles.add(evidence[eid]["article"])
    articles = {a: {"date": articles_table[a].get("date", ""), "headline": articles_table[a].get("headline", "")}
                for a in sorted(used_articles) if a in articles_table}
    present = {info["key"] for info in nodes_meta.values()}
    legend = [{"key": k, "shape": s[0], "color": s[1], "en": s[2], "vi": s[3],
               "count": sum(1 for i in nodes_meta.values() if i["key"] == k)}
              for k, s in STYLES.items() if k in present]
    relations = [{"relation": r, "vi": vi, "color": _EDGE_STYLES[r][0], "dashed": _EDGE_STYLES[r][1]}
                 for r, vi in RELATIONS.items() if any(e["relation"] == r for e in edges_meta.values())]
    return {"title": title, "big": g.number_of_nodes() > BIG_GRAPH, "filters": filters or {},
            "nodes": vis_nodes, "edges": vis_edges, "options": net.options,
            "meta": {"nodes": nodes_meta, "edges": edges_meta, "evidence": evidence, "articles": articles},
            "legend": legend, "relations": relations}


# --------------------------------------------------------------------------- the page

def _json_for_script(data: object) -> str:
    """JSON that is safe inside a <script> element: no "<", ">" or "&" at all."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                    ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _script_safe(code: str) -> str:
    """Library code inlined in a <script> element must not close it early."""
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.I).replace("<!--", "<\\!--")


def _vis_assets() -> tuple[str, str]:
    import pyvis
    base = Path(pyvis.__file__).parent / _PYVIS_LIB
    return ((base / "vis-network.min.js").read_text(encoding="utf-8"),
            (base / "vis-network.css").read_text(encoding="utf-8"))


def render_html(data: dict) -> str:
    """Fill the page template with the vis library, our script and style, and ``data``."""
    js, css = _vis_assets()
    parts = {
        "TITLE": html.escape(data.get("title", "Knowledge graph")),
        "VIS_CSS": css.replace("</", "<\\/"),
        "VIEWER_CSS": (_VIEWER_DIR / "viewer.css").read_text(encoding="utf-8"),
        "VIS_JS": _script_safe(js),
        "VIEWER_JS": _script_safe((_VIEWER_DIR / "viewer.js").read_text(encoding="utf-8")),
        "DATA": _json_for_script(data),
    }
    template = (_VIEWER_DIR / "viewer.html").read_text(encoding="utf-8")
    return re.sub(r"\{\{(TITLE|VIS_CSS|VIEWER_CSS|VIS_JS|VIEWER_JS|DATA)\}\}", lambda m: parts[m.group(1)], template)


def render_viewer(quads: list[Quad] | None = None, *, graph: nx.MultiDiGraph | None = None,
                  title: str = "Knowledge graph", focus: str | None = None, depth: int = 2, date_from=None,
                  date_to=None, types=None) -> str:
    """The viewer page as a string (see :func:`write_viewer`)."""
    g = graph if graph is not None else view_graph(quads or [])
    types_set = parse_types(types) if types is not None else None
    if focus is not None or date_from or date_to or types_set is not None:
        g = filter_graph(g, focus=focus, depth=depth, date_from=date_from, date_to=date_to, types=types_set)
    filters = {"focus": focus or "", "depth": depth, "from": parse_date(date_from, source="--from") or "",
               "to": parse_date(date_to, end=True, source="--to") or "", "types": sorted(types_set or [])}
    return render_html(viewer_data(g, title=title, filters=filters))


def write_viewer(quads: list[Quad], path: str | Path, title: str = "Knowledge graph", *, focus: str | None = None,
                 depth: int = 2, date_from=None, date_to=None, types=None) -> Path:
    """Write the interactive page for ``quads`` to ``path`` (atomically).

    ``focus`` (a name or IRI) with ``depth`` shows one entity's neighbourhood;
    ``date_from``/``date_to`` (ISO dates; a year or month works too) and ``types`` (a set
    such as ``{"person", "event"}`` or ``"person,meeting"``) shrink the graph first.
    """
    target = Path(path)
    write_text_atomic(target, render_viewer(quads, title=title, focus=focus, depth=depth, date_from=date_from,
                                            date_to=date_to, types=types))
    return target


def extract_viewer_data(page: str) -> dict:
    """The data embedded in a viewer page (for tests and tools)."""
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    if not m:
        raise ValueError("no viewer data in page")
    return json.loads(m.group(1))


# --------------------------------------------------------------------------- the command (registered in kg.cli,
# which wraps its callback with its error handler; KgError propagates from here)

def _make_command():
    import click

    from .analytics import load_quads

    @click.command("viz")
    @click.option("--focus", metavar="NAME", default=None, help="Show only this entity's neighbourhood (name or IRI).")
    @click.option("--depth", type=click.IntRange(0, 20), default=2, show_default=True,
                  help="How many steps around --focus.")
    @click.option("--from", "date_from", metavar="DATE", default=None, help="Only facts on or after DATE.")
    @click.option("--to", "date_to", metavar="DATE", default=None, help="Only facts on or before DATE.")
    @click.option("--types", default=None, metavar="LIST",
                  help="Only these node types, e.g. person,organisation,event or meeting,signing.")
    @click.option("--graph", type=click.Path(path_type=Path), default=None,
                  help="Graph file to read (default: output/graph.trig).")
    @click.option("--store", type=click.Path(path_type=Path), default=None,
                  help="Read an Oxigraph store directory instead of a graph file.")
    @click.option("--out", type=click.Path(path_type=Path), default=Path("output/view.html"), show_default=True,
                  help="Where to write the page.")
    @click.option("--title", default="Knowledge graph", show_default=True, help="Page title.")
    def viz_command(focus, depth, date_from, date_to, types, graph, store, out, title):
        """Write an interactive HTML view of the graph (works offline, one file)."""
        quads = load_quads(graph, store)
        write_viewer(quads, out, title=title, focus=focus, depth=depth, date_from=date_from, date_to=date_to,
                     types=types)
        click.echo(f"  wrote {out}")

    return viz_command


viz_command = _make_command()

__all__ = ["write_viewer", "render_viewer", "render_html", "viewer_data", "build_network", "filter_graph",
           "layout_positions", "parse_types", "parse_date", "extract_viewer_data", "style_key", "STYLES",
           "BIG_GRAPH", "viz_command"]
