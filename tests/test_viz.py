"""The HTML viewer without a browser: offline, complete, escaped, filtered, deterministic."""

from __future__ import annotations

import re
from collections import Counter

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.analytics import view_graph
from kg.browser import HOSTILE, HOSTILE_EVENT, HOSTILE_PERSON, hostile_quads, synthetic_quads
from kg.errors import KgError
from kg.viz import (BIG_GRAPH, STYLES, extract_viewer_data, filter_graph, parse_date, parse_types, render_viewer,
                    viz_command, write_viewer)
from kg.vocab import ID

LMH = f"{ID}person/le-manh-hung"
HELBERG = f"{ID}person/jacob-helberg"
FOGEL = f"{ID}person/david-fogel"


@pytest.fixture(scope="module")
def g(seed_quads):
    return view_graph(seed_quads)


@pytest.fixture(scope="module")
def page(seed_quads):
    return render_viewer(seed_quads, title="Seeds")


@pytest.fixture(scope="module")
def data(page):
    return extract_viewer_data(page)


def _types(data):
    return Counter(info["type"] for info in data["meta"]["nodes"].values())


# --------------------------------------------------------------------------- offline

def test_page_makes_no_request(page):
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"""\burl\(\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert "bootstrap" not in page.lower() and "tom-select" not in page.lower()
    assert "connect-src 'none'" in page            # and a CSP that forbids any load
    assert "vis.Network" in page and "vis-network" in page       # vis inlined from pyvis's lib


def test_page_structure(page):
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Seeds</title>" in page
    for element in ('id="kg-search"', 'id="kg-legend"', 'id="kg-from"', 'id="kg-to"', 'id="kg-article"',
                    'id="kg-depth"', 'id="kg-graph"', 'id="kg-panel"'):
        assert element in page


# --------------------------------------------------------------------------- content

def test_page_has_every_person_and_node(data, g):
    people = {n for n, d in g.nodes(data=True) if d["type"] == "person"}
    assert len(people) >= 6
    ids = {n["id"] for n in data["nodes"]}
    assert ids == set(g.nodes) == set(data["meta"]["nodes"])
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert people <= ids
    assert labels[LMH] == "Lê Mạnh Hùng"
    assert len(data["edges"]) == g.number_of_edges()


def test_each_type_has_its_own_shape_and_colour(data):
    pairs = [(shape, colour) for shape, colour, *_ in STYLES.values()]
    assert len(set(pairs)) == len(pairs)
    legend = {entry["key"]: entry for entry in data["legend"]}
    for node in data["nodes"]:
        info = data["meta"]["nodes"][node["id"]]
        assert node["shape"] == legend[info["key"]]["shape"]
        assert node["color"]["background"] == legend[info["key"]]["color"]
    assert {"person", "organisation", "country", "event:Meeting", "topic", "article"} <= set(legend)
    assert sum(e["count"] for e in data["legend"]) == len(data["nodes"])
    assert all(e["en"] and e["vi"] for e in data["legend"])


def test_edges_are_labelled_with_relations_and_roles(data):
    meta = data["meta"]["edges"]
    relations = {e["relation"] for e in meta.values()}
    assert {"holds role at", "attended", "about", "part of", "sub-organisation of", "held in",
            "reported by"} <= relations
    role = [e for e in meta.values() if e["from"] == LMH and e["to"] == f"{ID}org/vn-moit"]
    assert role and role[0]["label"] == "Bộ trưởng (acting)" and role[0]["labelVi"] == "Bộ trưởng (quyền)"
    vis_edges = {e["id"]: e for e in data["edges"]}
    assert all(vis_edges[eid]["label"] for eid in meta)
    assert all(vis_edges[eid]["from"] == e["from"] and vis_edges[eid]["to"] == e["to"] for eid, e in meta.items())


def test_evidence_sentences_with_article_and_date(data):
    meta = data["meta"]
    lmh = meta["nodes"][LMH]
    assert lmh["evidence"] and lmh["dates"] and lmh["articles"]
    for eid in lmh["evidence"]:
        ev = meta["evidence"][eid]
        assert "Lê Mạnh Hùng" in ev["sentence"] or "Quyền Bộ trưởng" in ev["sentence"]
        assert ev["article"] in meta["articles"]
        assert ev["date"] == meta["articles"][ev["article"]]["date"]
    role = next(e for e in meta["edges"].values() if e["from"] == LMH and e["relation"] == "holds role at")
    assert role["evidence"] and all(e in meta["evidence"] for e in role["evidence"])
    assert role["firstAttested"]


def test_search_keys_fold_diacritics(data):
    assert "le manh hung" in data["meta"]["nodes"][LMH]["search"]


# --------------------------------------------------------------------------- hostile text

def test_hostile_names_and_sentences_are_escaped(seed_quads):
    page = render_viewer(seed_quads + hostile_quads(), title='<script>window.__pwned=1</script>')
    for payload in HOSTILE.values():
        assert payload not in page
    assert "<script>window.__pwned" not in page
    assert "<img src=x" not in page and "<svg onload" not in page and 'href="javascript:' not in page
    assert "<title>&lt;script&gt;window.__pwned=1&lt;/script&gt;</title>" in page
    # Exactly our three script elements open and close around the data.
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert "<" not in m.group(1) and ">" not in m.group(1) and "&" not in m.group(1)
    data = extract_viewer_data(page)
    assert data["title"] == "<script>window.__pwned=1</script>"
    assert data["meta"]["nodes"][HOSTILE_PERSON]["label"].startswith(HOSTILE["script"])
    assert data["meta"]["nodes"][HOSTILE_EVENT]["label"].startswith(HOSTILE["img"])
    sentences = [e["sentence"] for e in data["meta"]["evidence"].values()]
    assert any(HOSTILE["link"] in s for s in sentences)


def test_viewer_script_never_parses_html():
    from kg.viz import _VIEWER_DIR
    js = (_VIEWER_DIR / "viewer.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in js
    assert ".href" not in js and "'href'" not in js


# --------------------------------------------------------------------------- filters

def test_focus_shrinks_to_the_neighbourhood(seed_quads, g):
    full = len(extract_viewer_data(render_viewer(seed_quads))["nodes"])
    undirected = nx.Graph(g.to_undirected())
    for depth in (0, 1, 2):
        data = extract_viewer_data(render_viewer(seed_quads, focus="Le Manh Hung", depth=depth))
        expected = set(nx.single_source_shortest_path_length(undirected, LMH, cutoff=depth))
        assert {n["id"] for n in data["nodes"]} == expected
        assert data["filters"]["focus"] == "Le Manh Hung"
    assert len(expected) < full
    one = extract_viewer_data(render_viewer(seed_quads, focus=LMH, depth=1))
    assert HELBERG not in {n["id"] for n in one["nodes"]}


def test_unknown_focus_lists_close_matches(seed_quads):
    with pytest.raises(KgError) as err:
        render_viewer(seed_quads, focus="Le Manh Hungg")
    assert "did you mean" in str(err.value) and "Lê Mạnh Hùng" in str(err.value)
    assert err.value.source == "--focus"


def test_types_filter(seed_quads):
    data = extract_viewer_data(render_viewer(seed_quads, types={"person", "event"}))
    assert set(_types(data)) == {"person", "event"}
    only_meetings = extract_viewer_data(render_viewer(seed_quads, types="person,meeting"))
    keys = {i["key"] for i in only_meetings["meta"]["nodes"].values()}
    assert keys == {"person", "event:Meeting"}
    assert all(e["relation"] == "attended" for e in only_meetings["meta"]["edges"].values())


def test_types_parsing():
    assert parse_types("people, orgs,Events") == {"person", "organisation", "event"}
    assert parse_types("phone-call,signing,negotiation round") == {
        "event:PhoneCall", "event:SigningCeremony", "event:NegotiationRound"}
    assert parse_types({"event:Visit", "topic"}) == {"event:Visit", "topic"}
    with pytest.raises(KgError, match="unknown type 'dragons'"):
        parse_types("person,dragons")


def test_date_filter(seed_quads, g):
    data = extract_viewer_data(render_viewer(seed_quads, date_from="2026-02-01", date_to="2026-02-10"))
    ids = {n["id"] for n in data["nodes"]}
    assert HELBERG in ids and LMH in ids
    assert FOGEL not in ids                    # stated only in the article of 20 February
    assert all(any("2026-02-01" <= d <= "2026-02-10" for d in info["dates"]) or not info["dates"]
               for info in data["meta"]["nodes"].values())
    assert all(any("2026-02-01" <= d <= "2026-02-10" for d in e["dates"]) or not e["dates"]
               for e in data["meta"]["edges"].values())
    # Undated reference nodes stay only when a kept fact reaches them.
    topics = {n for n, i in data["meta"]["nodes"].items() if i["type"] == "topic"}
    assert topics and all(any(e["to"] == t for e in data["meta"]["edges"].values()) for t in topics)
    later = extract_viewer_data(render_viewer(seed_quads, date_from="2026-02-15"))
    assert FOGEL in {n["id"] for n in later["nodes"]} and HELBERG not in {n["id"] for n in later["nodes"]}
    nothing = extract_viewer_data(render_viewer(seed_quads, date_from="2030"))
    assert nothing["nodes"] == []


def test_filters_combine(seed_quads):
    data = extract_viewer_data(render_viewer(seed_quads, focus="David Fogel", depth=2,
                                             types="person,event,organisation", date_from="2026-02"))
    assert set(_types(data)) <= {"person", "event", "organisation"}
    assert FOGEL in {n["id"] for n in data["nodes"]}
    with pytest.raises(KgError, match="hidden by"):
        render_viewer(seed_quads, focus="David Fogel", types="organisation")


@pytest.mark.parametrize("value,end,expected", [
    ("2026", False, "2026-01-01"), ("2026", True, "2026-12-31"), ("2026-02", True, "2026-02-28"),
    ("2024-02", True, "2024-02-29"), ("2026-12", True, "2026-12-31"), ("2026-02-05", False, "2026-02-05")])
def test_parse_date(value, end, expected):
    assert parse_date(value, end=end) == expected


@pytest.mark.parametrize("value", ["yesterday", "2026-13", "2026-02-30", "26-02-01"])
def test_parse_date_rejects(value):
    with pytest.raises(KgError):
        parse_date(value)


def test_from_after_to_is_an_error(seed_quads):
    with pytest.raises(KgError, match="after"):
        render_viewer(seed_quads, date_from="2026-03-01", date_to="2026-02-01")


def test_filter_graph_keeps_tables(g):
    h = filter_graph(g, types={"person"})
    assert h.graph["evidence"] is g.graph["evidence"] and set(h) < set(g)


# --------------------------------------------------------------------------- layout, determinism, writing

def test_small_graph_uses_physics_once(data):
    assert data["options"]["physics"]["enabled"] is True
    assert data["options"]["physics"]["stabilization"]["enabled"] is True
    assert not data["big"]


def test_big_graph_has_fixed_positions_and_no_physics():
    quads = synthetic_quads(BIG_GRAPH + 100, seed=1)
    data = extract_viewer_data(render_viewer(quads))
    assert len(data["nodes"]) > BIG_GRAPH and data["big"]
    assert data["options"]["physics"]["enabled"] is False
    assert data["options"]["edges"]["smooth"] is False
    xy = {(n["x"], n["y"]) for n in data["nodes"]}
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    assert len(xy) > 0.95 * len(data["nodes"])          # spread out, not piled up


def test_layout_without_numpy_is_a_spiral(g, monkeypatch):
    import sys

    from kg.viz import layout_positions
    monkeypatch.setitem(sys.modules, "numpy", None)          # import numpy now raises ImportError
    positions = layout_positions(g)
    assert set(positions) == set(g.nodes) and len(set(positions.values())) == len(positions)


def test_page_is_deterministic(seed_quads):
    a = render_viewer(seed_quads, title="x")
    b = render_viewer(list(reversed(seed_quads)), title="x")
    assert a == b
    from kg.viz import _vis_assets
    ours = a.replace(_vis_assets()[0], "")          # vis-network's own build stamp aside
    assert not re.search(r"20\d\d-\d\d-\d\dT\d\d:\d\d", ours)


def test_write_viewer_keeps_the_pipeline_signature(seed_quads, tmp_path):
    out = write_viewer(seed_quads, tmp_path / "sub" / "graph.html", title="Knowledge graph")
    assert out.read_text(encoding="utf-8") == render_viewer(seed_quads, title="Knowledge graph")
    assert [p.name for p in out.parent.iterdir()] == ["graph.html"]      # no temporary file left behind
    write_viewer(seed_quads, out, title="K", focus="Tô Lâm", depth=1, date_from="2026-02", date_to="2026-02",
                 types={"person", "event", "organisation"})
    assert len(extract_viewer_data(out.read_text(encoding="utf-8"))["nodes"]) < len(seed_quads)


def test_viz_command(seed_trig, seed_store, tmp_path):
    runner = CliRunner()
    out = tmp_path / "view.html"
    res = runner.invoke(viz_command, ["--graph", str(seed_trig), "--focus", "Le Manh Hung", "--depth", "1",
                                      "--types", "person,event,organisation", "--out", str(out)])
    assert res.exit_code == 0, res.output
    data = extract_viewer_data(out.read_text(encoding="utf-8"))
    assert LMH in {n["id"] for n in data["nodes"]}
    res = runner.invoke(viz_command, ["--store", str(seed_store), "--from", "2026-02-15", "--out", str(out)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(viz_command, ["--graph", str(seed_trig), "--focus", "Jacob Helbreg", "--out", str(out)])
    assert isinstance(res.exception, KgError) and res.exception.source == "--focus"
    assert "Jacob Helberg" in str(res.exception)
    res = runner.invoke(viz_command, ["--graph", str(seed_trig), "--from", "soon", "--out", str(out)])
    assert isinstance(res.exception, KgError) and "not a date" in str(res.exception)


def test_viz_command_errors_once_registered(seed_trig, tmp_path):
    import copy

    from kg.cli import _handle_errors
    command = copy.copy(viz_command)
    command.callback = _handle_errors(viz_command.callback)
    res = CliRunner().invoke(command, ["--graph", str(seed_trig), "--focus", "Le Manh Hungg",
                                       "--out", str(tmp_path / "v.html")])
    assert res.exit_code == 2
    assert res.output.startswith("kg: error: --focus:") and "Lê Mạnh Hùng" in res.output
    assert not (tmp_path / "v.html").exists()
