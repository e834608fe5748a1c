"""Graph analytics on the seeds: the view graph, stats, paths, GraphML/GEXF, the commands."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.analytics import (RELATIONS, export_gexf, export_graphml, find_node, load_quads, path, path_command,
                          render_stats, stats, stats_command, view_graph)
from kg.errors import KgError
from kg.terms import iri, lit
from kg.vocab import ID, RDF_TYPE, SCHEMA

PERSON = f"{ID}person/"
LMH = f"{ID}person/le-manh-hung"
HELBERG = f"{ID}person/jacob-helberg"
FOGEL = f"{ID}person/david-fogel"


def _subjects_of(quads, cls):
    return {s[1:-1] for s, p, o, _ in quads if p == f"<{RDF_TYPE}>" and o == f"<{cls}>"}


@pytest.fixture(scope="module")
def g(seed_quads):
    return view_graph(seed_quads)


# --------------------------------------------------------------------------- the view graph

def test_view_graph_has_every_person_event_and_article(g, seed_quads):
    for cls, kind in ((SCHEMA.Person, "person"), (SCHEMA.Event, "event"), (SCHEMA.NewsArticle, "article")):
        expected = _subjects_of(seed_quads, cls)
        assert expected, kind
        assert {n for n, d in g.nodes(data=True) if d["type"] == kind} == expected


def test_view_graph_edges_are_known_relations_with_sources(g):
    articles = g.graph["articles"]
    evidence = g.graph["evidence"]
    for _u, _v, d in g.edges(data=True):
        assert d["relation"] in RELATIONS
        assert all(a in articles for a in d["articles"])
        assert all(e in evidence for e in d["evidence"])
    for e in evidence.values():
        assert e["sentence"] and e["article"] in articles and e["date"] == articles[e["article"]]["date"]
        if e["span"]:
            assert 0 <= e["span"][0] < e["span"][1] <= len(e["sentence"])


def test_role_edge_carries_title_qualifier_dates_and_evidence(g):
    roles = [(v, d) for _, v, d in g.out_edges(LMH, data=True) if d["relation"] == "holds role at"]
    moit = [d for v, d in roles if v == f"{ID}org/vn-moit"]
    assert moit, roles
    d = moit[0]
    assert d["label"] == "Bộ trưởng (acting)"
    assert d["label_vi"] == "Bộ trưởng (quyền)"
    assert d["qualifiers"] == ["acting"]
    assert d["first_attested"] <= d["last_attested"]
    sentences = [g.graph["evidence"][e]["sentence"] for e in d["evidence"]]
    assert sentences and all("Lê Mạnh Hùng" in s for s in sentences)


def test_attended_edges_point_from_person_to_event(g):
    attended = [(u, v) for u, v, d in g.edges(data=True) if d["relation"] == "attended"]
    assert attended
    assert all(g.nodes[u]["type"] in ("person", "organisation") and g.nodes[v]["type"] == "event" for u, v in attended)
    assert (HELBERG in {u for u, _ in attended}) and (LMH in {u for u, _ in attended})


def test_attended_evidence_names_the_attendee(g):
    for u, _v, d in g.edges(data=True):
        if d["relation"] == "attended" and u == HELBERG:
            assert any("Helberg" in g.graph["evidence"][e]["sentence"] for e in d["evidence"])


def test_reference_only_nodes_stay_out(g, seed_quads):
    orgs = _subjects_of(seed_quads, "http://www.w3.org/ns/org#Organization")
    shown = {n for n, d in g.nodes(data=True) if d["type"] == "organisation"}
    assert shown < orgs          # the reference graph knows many more organisations than the news mentions


# --------------------------------------------------------------------------- names

@pytest.mark.parametrize("name", ["Lê Mạnh Hùng", "Le Manh Hung", "le manh hung", "LE MANH HUNG", "person/le-manh-hung",
                                  LMH, f"<{LMH}>", "Mạnh Hùng"])
def test_find_node_by_name_without_diacritics(g, name):
    assert find_node(g, name) == LMH


def test_find_node_folds_d_stroke():
    q = [(iri(f"{ID}person/dang-van-dung"), iri(RDF_TYPE), iri(str(SCHEMA.Person)), iri(f"{ID}article/x")),
         (iri(f"{ID}person/dang-van-dung"), iri(str(SCHEMA.name)), lit("Đặng Văn Dũng"), iri(f"{ID}article/x"))]
    g = view_graph(q)
    assert find_node(g, "Dang Van Dung") == f"{ID}person/dang-van-dung"
    assert find_node(g, "đặng văn dũng") == f"{ID}person/dang-van-dung"


def test_find_node_unknown_lists_close_matches(g):
    with pytest.raises(KgError) as err:
        find_node(g, "Jacob Helbreg")
    assert "did you mean" in str(err.value) and "Jacob Helberg" in str(err.value)


# --------------------------------------------------------------------------- stats

def test_stats_on_the_seeds(seed_quads, g):
    result = stats(seed_quads)
    counts = result["counts"]
    assert counts["person"] == len(_subjects_of(seed_quads, SCHEMA.Person))
    assert counts["event"] == len(_subjects_of(seed_quads, SCHEMA.Event))
    assert counts["article"] == 2
    assert counts["memberships"] == len({d["membership"] for *_, d in g.edges(data=True) if d.get("membership")})
    people = result["most_connected"]["person"]
    assert people["degree"][0]["name"] == "Lê Mạnh Hùng"
    assert people["betweenness"][0]["name"] == "Lê Mạnh Hùng"
    assert people["betweenness"][0]["betweenness"] > 0
    assert len(people["degree"]) <= 10
    orgs = result["most_connected"]["organisation"]["degree"]
    assert orgs and all(r["iri"].startswith(f"{ID}org/") for r in orgs)
    meetings = [d for _, d in g.nodes(data=True) if d.get("event_type") == "Meeting" and d.get("date")]
    months = {r["month"]: r["meetings"] for r in result["meetings_per_month"]}
    assert sum(months.values()) == len(meetings) >= 2
    assert {m for m, c in months.items() if c} == {d["date"][:7] for d in meetings}
    assert sum(r["total"] for r in result["events_per_month"]) == sum(
        1 for _, d in g.nodes(data=True) if d["type"] == "event" and d.get("date"))


def test_render_stats_table_and_json(seed_quads):
    result = stats(seed_quads)
    table = render_stats(result)
    for heading in ("Counts", "Most connected people by degree", "Most connected organisations by betweenness",
                    "Events per month"):
        assert heading in table
    assert "Lê Mạnh Hùng" in table
    assert json.loads(render_stats(result, "json")) == json.loads(json.dumps(result))


def test_stats_are_deterministic(seed_quads):
    assert render_stats(stats(seed_quads), "json") == render_stats(stats(list(reversed(seed_quads))), "json")


# --------------------------------------------------------------------------- paths

def test_path_helberg_to_fogel_goes_through_le_manh_hung(seed_quads):
    result = path(seed_quads, "Jacob Helberg", "David Fogel")
    iris = [n["iri"] for n in result.nodes]
    assert iris[0] == HELBERG and iris[-1] == FOGEL
    assert LMH in iris
    assert result.length == len(iris) - 1
    first = result.steps[0]
    assert first.relation == "attended" and first.forward
    assert first.evidence and "Jacob Helberg" in first.evidence[0]["sentence"]
    assert first.evidence[0]["date"] and first.evidence[0]["article"].startswith(f"{ID}article/")
    text = result.render()
    assert "Lê Mạnh Hùng" in text and "attended" in text and "“" in text


def test_path_names_are_diacritics_insensitive(seed_quads):
    a = path(seed_quads, "jacob helberg", "DAVID FOGEL")
    b = path(seed_quads, "Jacob Helberg", "David Fogel")
    assert a.to_dict() == b.to_dict()
    c = path(seed_quads, "Le Manh Hung", "To Lam")
    assert c.nodes[0]["label"] == "Lê Mạnh Hùng" and c.nodes[-1]["label"] == "Tô Lâm"
    assert json.loads(c.render("json"))["nodes"][0]["iri"] == LMH


def test_path_to_itself_and_errors(seed_quads):
    assert path(seed_quads, "Tô Lâm", "To Lam").length == 0
    with pytest.raises(KgError, match="did you mean"):
        path(seed_quads, "Jakob Helberg", "David Fogel")
    art = iri(f"{ID}article/x")
    lonely = [(iri(f"{ID}person/{k}"), iri(RDF_TYPE), iri(str(SCHEMA.Person)), art) for k in ("a", "b")]
    lonely += [(iri(f"{ID}person/a"), iri(str(SCHEMA.name)), lit("An Nguyễn"), art),
               (iri(f"{ID}person/b"), iri(str(SCHEMA.name)), lit("Bình Trần"), art)]
    with pytest.raises(KgError, match="not connected"):
        path(lonely, "An Nguyen", "Binh Tran")


# --------------------------------------------------------------------------- export

def test_graphml_rereads_with_networkx(seed_quads, g, tmp_path):
    out = export_graphml(seed_quads, tmp_path / "g.graphml")
    h = nx.read_graphml(out)
    assert h.number_of_nodes() == g.number_of_nodes()
    assert h.number_of_edges() == g.number_of_edges()
    assert h.nodes[LMH]["label"] == "Lê Mạnh Hùng" and h.nodes[LMH]["type"] == "person"
    assert "2026-02" in h.nodes[LMH]["dates"]
    roles = [d for _, _, d in h.out_edges(LMH, data=True) if d.get("relation") == "holds role at"]
    assert any(d["label"] == "Bộ trưởng (acting)" and "Lê Mạnh Hùng" in d["evidence_sentences"] for d in roles)


def test_gexf_rereads_with_networkx(seed_quads, g, tmp_path):
    out = export_gexf(seed_quads, tmp_path / "g.gexf")
    h = nx.read_gexf(out)
    assert h.number_of_nodes() == g.number_of_nodes()
    assert h.number_of_edges() == g.number_of_edges()
    assert h.nodes[HELBERG]["label"] == "Jacob Helberg"


# --------------------------------------------------------------------------- reading graph files

def test_load_quads_from_trig_and_store_give_the_same_view(seed_quads, seed_trig, seed_store, g):
    for quads in (load_quads(seed_trig), load_quads(store=seed_store)):
        h = view_graph(quads)
        assert set(h.nodes) == set(g.nodes)
        assert sorted(h.edges(keys=True)) == sorted(g.edges(keys=True))
        assert h.nodes[LMH]["label"] == "Lê Mạnh Hùng"
        assert h.graph["evidence"] == g.graph["evidence"]


def test_load_quads_from_turtle(seed_quads, tmp_path, g):
    from kg.output import write_turtle
    write_turtle(seed_quads, tmp_path / "graph.ttl")
    h = view_graph(load_quads(tmp_path / "graph.ttl"))
    assert {n for n, d in h.nodes(data=True) if d["type"] == "person"} == {
        n for n, d in g.nodes(data=True) if d["type"] == "person"}


def test_load_quads_errors(tmp_path):
    with pytest.raises(KgError, match="no such graph file"):
        load_quads(tmp_path / "missing.trig")
    (tmp_path / "g.xyz").write_text("x")
    with pytest.raises(KgError, match="unknown RDF format"):
        load_quads(tmp_path / "g.xyz")
    (tmp_path / "bad.ttl").write_text("<a> <b> .")
    with pytest.raises(KgError, match="cannot read"):
        load_quads(tmp_path / "bad.ttl")


# --------------------------------------------------------------------------- commands

def test_stats_command(seed_trig):
    runner = CliRunner()
    res = runner.invoke(stats_command, ["--graph", str(seed_trig), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["most_connected"]["person"]["degree"][0]["name"] == "Lê Mạnh Hùng"
    res = runner.invoke(stats_command, ["--graph", str(seed_trig)])
    assert res.exit_code == 0 and "Events per month" in res.output


def test_path_command(seed_trig, seed_store):
    runner = CliRunner()
    res = runner.invoke(path_command, ["Jacob Helberg", "David Fogel", "--graph", str(seed_trig)])
    assert res.exit_code == 0, res.output
    assert "Lê Mạnh Hùng" in res.output
    res = runner.invoke(path_command, ["Jacob Helberg", "David Fogel", "--store", str(seed_store), "--format", "json"])
    assert res.exit_code == 0 and LMH in [n["iri"] for n in json.loads(res.output)["nodes"]]
    res = runner.invoke(path_command, ["Nobody Atall", "David Fogel", "--graph", str(seed_trig)])
    assert isinstance(res.exception, KgError) and "Nobody Atall" in str(res.exception)


def _as_registered(command):
    """The command as kg.cli registers it: its callback wrapped with the CLI's error handler."""
    import copy

    from kg.cli import _handle_errors
    wrapped = copy.copy(command)
    wrapped.callback = _handle_errors(command.callback)
    return wrapped


def test_errors_are_one_line_once_registered(seed_trig, tmp_path):
    runner = CliRunner()
    res = runner.invoke(_as_registered(stats_command), ["--graph", str(tmp_path / "nope.trig")])
    assert res.exit_code == 2
    assert res.output.startswith("kg: error:") and "no such graph file" in res.output and res.output.count("\n") == 1
    res = runner.invoke(_as_registered(path_command), ["Jakob Helberg", "David Fogel", "--graph", str(seed_trig)])
    assert res.exit_code == 2 and "did you mean" in res.output and "Jacob Helberg" in res.output


def test_cli_export_uses_these_exporters(seed_trig, tmp_path):
    from kg.cli import main
    runner = CliRunner()
    for fmt in ("graphml", "gexf"):
        out = tmp_path / f"g.{fmt}"
        res = runner.invoke(main, ["export", "--format", fmt, "--out", str(out), "--graph", str(seed_trig)])
        if res.exit_code != 0 and "No such option" in res.output:
            pytest.skip("kg export has other options now")
        assert res.exit_code == 0, res.output
        h = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
        assert h.nodes[LMH]["label"] == "Lê Mạnh Hùng"
