"""kg.push against a real Oxigraph server (the ``oxigraph`` binary is a test dependency)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.errors import KgError
from kg.push import push

REPO = Path(__file__).resolve().parents[1]
SCHEMA_NAME = "http://schema.org/name"


def oxigraph_binary() -> str:
    """The server binary shipped by the ``oxigraph`` package: next to this Python, or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the `oxigraph` server binary is missing: install the `oxigraph` package (a test dependency)")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    from kg.pipeline import corpus_quads, extract_corpus
    from kg.store import write_store
    corpus = extract_corpus([REPO / "seeds"], jobs=1)
    return write_store(corpus_quads(corpus), tmp_path_factory.mktemp("kg") / "store")


@pytest.fixture(scope="module")
def local(store_dir):
    """What the local store holds: named graphs, their quads (its default graph only repeats
    their union, and is not pushed), one person's name."""
    store = ox.Store.read_only(str(store_dir))
    name = next(store.quads_for_pattern(None, ox.NamedNode(SCHEMA_NAME), None)).object.value
    quads = sum(1 for q in store if isinstance(q.graph_name, ox.NamedNode))
    return {"graphs": len(list(store.named_graphs())), "quads": quads, "name": name}


@pytest.fixture()
def oxigraph(tmp_path):
    """A fresh Oxigraph server on a free port; yields its base URL."""
    port = free_port()
    log = (tmp_path / "oxigraph.log").open("wb")
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(tmp_path / "db"),
                             "--bind", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                sparql(base, "ASK {}")
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"oxigraph did not start: {(tmp_path / 'oxigraph.log').read_text()}")
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        log.close()


def local_get(url: str, accept: str) -> bytes:
    """GET from the server this test started; anything but loopback is refused."""
    assert urllib.parse.urlsplit(url).hostname in ("127.0.0.1", "localhost", "::1"), url
    req = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.build_opener().open(req, timeout=10) as resp:
        return resp.read()


def sparql(base: str, query: str) -> dict:
    url = f"{base}/query?{urllib.parse.urlencode({'query': query})}"
    return json.loads(local_get(url, "application/sparql-results+json"))


def counts(base: str, name: str) -> tuple[int, int, int]:
    """(named graphs, quads, quads naming ``name``) in the remote store."""
    row = sparql(base, f"""SELECT (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(*) AS ?quads)
        (SUM(IF(?p = <{SCHEMA_NAME}> && STR(?o) = {json.dumps(name)}, 1, 0)) AS ?named)
        WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}""")["results"]["bindings"][0]
    return int(row["graphs"]["value"]), int(row["quads"]["value"]), int(row["named"]["value"])


def assert_same_graphs(base: str, store_dir: Path) -> None:
    """Every named graph of the local store is isomorphic to the one the server returns."""
    store = ox.Store.read_only(str(store_dir))
    for graph in store.named_graphs():
        local_graph = rdflib.Graph().parse(data=ox.serialize(
            [q.triple for q in store.quads_for_pattern(None, None, None, graph)], format=ox.RdfFormat.N_TRIPLES),
            format="nt")
        url = f"{base}/store?{urllib.parse.urlencode({'graph': graph.value})}"
        remote_graph = rdflib.Graph().parse(data=local_get(url, "application/n-triples"), format="nt")
        if not isomorphic(local_graph, remote_graph):
            _, only_local, only_remote = graph_diff(to_isomorphic(local_graph), to_isomorphic(remote_graph))
            pytest.fail(f"graph {graph.value} differs: only local {sorted(only_local)[:5]}, "
                        f"only remote {sorted(only_remote)[:5]}")


def test_push_twice_replaces_in_place(oxigraph, store_dir, local):
    report = push(store_dir, f"{oxigraph}/store")
    assert len(report.graphs) == local["graphs"] and report.triples == local["quads"]
    graphs, quads, named = counts(oxigraph, local["name"])
    assert (graphs, quads) == (local["graphs"], local["quads"]) and named >= 1
    assert sparql(oxigraph, f'ASK {{ GRAPH ?g {{ ?p a <http://schema.org/Person> ; '
                            f'<{SCHEMA_NAME}> {json.dumps(local["name"])} }} }}')["boolean"] is True
    assert_same_graphs(oxigraph, store_dir)

    push(store_dir, f"{oxigraph}/store")
    assert counts(oxigraph, local["name"]) == (graphs, quads, named)          # nothing doubled
    assert_same_graphs(oxigraph, store_dir)


def test_push_a_trig_file_and_quads(oxigraph, store_dir, local, tmp_path):
    trig = tmp_path / "graph.trig"
    ox.Store.read_only(str(store_dir)).dump(str(trig), ox.RdfFormat.TRIG)
    seen = []
    push(trig, "http://unused.invalid/", graph_store_url=f"{oxigraph}/store", on_graph=lambda g, n: seen.append(g))
    assert len(seen) == local["graphs"]
    assert counts(oxigraph, local["name"])[:2] == (local["graphs"], local["quads"])

    quads = [("<http://ex/s>", "<http://ex/p>", '"o"', "<http://ex/g>")]
    push(quads, f"{oxigraph}/store")
    push(quads, f"{oxigraph}/store")
    row = sparql(oxigraph, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://ex/g> { ?s ?p ?o } }")
    assert row["results"]["bindings"][0]["n"]["value"] == "1"


def test_push_errors_are_one_line(oxigraph, store_dir):
    with pytest.raises(KgError, match="connection refused") as refused:
        push(store_dir, f"http://127.0.0.1:{free_port()}/store")
    assert "\n" not in str(refused.value)
    with pytest.raises(KgError, match="404") as missing:
        push(store_dir, f"{oxigraph}/no-such-service")
    assert "\n" not in str(missing.value)
    with pytest.raises(KgError, match="http"):
        push(store_dir, "ftp://example.org/store")


def test_push_command(oxigraph, store_dir, local):
    from click.testing import CliRunner

    from kg.push import push_command
    result = CliRunner().invoke(push_command, ["--endpoint", f"{oxigraph}/store", "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    assert f"Pushed {local['graphs']} graph(s), {local['quads']} triples" in result.output
    result = CliRunner().invoke(push_command, ["--endpoint", f"{oxigraph}/store", "--graph", "missing.trig"])
    assert isinstance(result.exception, KgError) and "no such file" in str(result.exception)
