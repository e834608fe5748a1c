"""The SPARQL endpoint (kg.server) over a store built from seeds/, through a real socket."""

from __future__ import annotations

import http.client
import io
import json
import re
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, JSONLD, POST, POSTDIRECTLY, TSV, TURTLE, URLENCODED, XML, SPARQLWrapper

from kg import server as kg_server
from kg.errors import KgError
from kg.query import NamedQuery, named_queries, run_query
from kg.server import make_server, serving

REPO = Path(__file__).resolve().parents[1]
PERSONS = """PREFIX schema: <http://schema.org/>
SELECT ?person ?name WHERE { ?person a schema:Person ; schema:name ?name } ORDER BY ?name"""
PATHOLOGICAL = ("SELECT (COUNT(*) AS ?n) WHERE { ?a (<http://x/p>|!<http://x/p>)* ?b . "
                "?c (<http://x/p>|!<http://x/p>)* ?d }")
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    from kg.pipeline import corpus_quads, extract_corpus
    from kg.store import write_store
    corpus = extract_corpus([REPO / "seeds"], jobs=1)
    return write_store(corpus_quads(corpus), tmp_path_factory.mktemp("kg") / "store")


running = serving


@pytest.fixture(scope="module")
def endpoint(store_dir):
    with running(store_dir) as server:
        yield server.url


@pytest.fixture(scope="module")
def limited_server(store_dir):
    """An endpoint with tight limits: 1.5 s per query, 25 results, 10 kB queries."""
    with running(store_dir, timeout_s=1.5, max_results=25, max_query_bytes=10_000, workers=2) as server:
        yield server


@pytest.fixture()
def limited(limited_server):
    """The tight endpoint's URL, once all its workers are ready (one may be restarting)."""
    deadline = time.monotonic() + 30
    while limited_server.pool.idle < limited_server.pool.size and time.monotonic() < deadline:
        time.sleep(0.05)
    return limited_server.url


def request(url: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None,
            timeout: float = 20) -> tuple[int, dict, bytes]:
    """One HTTP request with exactly the given headers: (status, lower-cased headers, body)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def get_query(url: str, query: str, accept: str = "application/sparql-results+json", **kw):
    return request(f"{url}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept}, **kw)


def wrapper(url: str, query: str, fmt: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def person_names(store_dir) -> list[str]:
    return [row[1] for row in run_query(PERSONS, store=store_dir).rows]


# --------------------------------------------------------------------------- result formats

def test_select_json(endpoint, store_dir):
    data = wrapper(endpoint, PERSONS, JSON).query().convert()
    assert data["head"]["vars"] == ["person", "name"]
    names = [b["name"]["value"] for b in data["results"]["bindings"]]
    assert names == person_names(store_dir) and names


def test_select_xml(endpoint, store_dir):
    doc = wrapper(endpoint, PERSONS, XML).query().convert()
    ns = "http://www.w3.org/2005/sparql-results#"
    names = [lit.firstChild.data for lit in doc.getElementsByTagNameNS(ns, "literal")]
    assert names == person_names(store_dir)


def test_select_csv(endpoint, store_dir):
    import csv
    text = wrapper(endpoint, PERSONS, CSV).query().convert().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["person", "name"]
    assert [r[1] for r in rows[1:]] == person_names(store_dir)


def test_select_tsv(endpoint, store_dir):
    lines = wrapper(endpoint, PERSONS, TSV).query().convert().decode("utf-8").splitlines()
    assert lines[0] == "?person\t?name"
    assert [line.split("\t")[1] for line in lines[1:]] == [f'"{n}"' for n in person_names(store_dir)]
    assert all(line.split("\t")[0].startswith("<https://w3id.org/newskg/id/person/") for line in lines[1:])


def test_ask_json(endpoint):
    status, headers, body = get_query(endpoint, "PREFIX schema: <http://schema.org/> ASK { ?p a schema:Person }")
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+json")
    assert json.loads(body) == {"head": {}, "boolean": True}


CONSTRUCT = """PREFIX schema: <http://schema.org/>
CONSTRUCT { ?p schema:name ?name } WHERE { ?p a schema:Person ; schema:name ?name }"""


def test_construct_turtle(endpoint, store_dir):
    sparql = wrapper(endpoint, CONSTRUCT, TURTLE)
    result = sparql.query()
    assert result.info()["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=result.convert(), format="turtle")
    assert {str(o) for o in graph.objects()} == set(person_names(store_dir))


def test_construct_jsonld(endpoint, store_dir):
    result = wrapper(endpoint, CONSTRUCT, JSONLD).query()
    assert result.info()["content-type"].startswith("application/ld+json")
    graph = rdflib.Graph().parse(data=result.response.read(), format="json-ld")
    assert {str(o) for o in graph.objects()} == set(person_names(store_dir))


def test_construct_other_formats(endpoint):
    for accept, fmt in (("application/n-triples", "nt"), ("application/rdf+xml", "xml")):
        status, headers, body = get_query(endpoint, CONSTRUCT, accept)
        assert status == 200 and headers["content-type"].split(";")[0] == accept
        assert len(rdflib.Graph().parse(data=body, format=fmt)) > 0


def test_unacceptable_format_is_406(endpoint):
    status, headers, body = get_query(endpoint, PERSONS, accept="image/png")
    assert status == 406 and b"application/sparql-results+json" in body
    status, _, _ = get_query(endpoint, PERSONS, accept="image/png, */*;q=0.1")
    assert status == 200


# --------------------------------------------------------------------------- methods

def test_post_form_and_post_direct(endpoint, store_dir):
    for method in (URLENCODED, POSTDIRECTLY):
        sparql = wrapper(endpoint, PERSONS, JSON)
        sparql.setMethod(POST)
        sparql.setRequestMethod(method)
        data = sparql.query().convert()
        assert [b["name"]["value"] for b in data["results"]["bindings"]] == person_names(store_dir)


def _cell(binding: dict | None) -> object:
    """A JSON result cell as kg.query presents it (numbers and booleans as Python values)."""
    if binding is None:
        return None
    value, datatype = binding["value"], binding.get("datatype", "")
    if datatype.endswith(("#integer", "#int", "#long")):
        return int(value)
    if datatype.endswith("#boolean"):
        return value == "true"
    if datatype.endswith(("#decimal", "#double", "#float")):
        return float(value)
    return value


TOPIC = """PREFIX schema: <http://schema.org/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label WHERE { ?e schema:about/skos:prefLabel ?label FILTER(lang(?label) = "en") } ORDER BY ?label LIMIT 1"""


def query_params(nq: NamedQuery, store_dir) -> dict[str, str]:
    """Values for the query's parameters: from the data, the parameter's own example, or "a"."""
    person = person_names(store_dir)[0]
    topic = run_query(TOPIC, store=store_dir).rows
    values = {"person": person, "node": person, "country": "VN", "date": "2030-01-01",
              "topic": topic[0][0] if topic else "trade"}
    params = {}
    for name, doc in nq.params.items():
        example = re.search(r'e\.g\.\s*"([^"]+)"', doc)
        params[name] = values.get(name) or (example.group(1) if example else "a")
    return params


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_query_same_rows_as_run_query(endpoint, store_dir, name):
    from kg.query import bind_parameters
    nq = named_queries()[name]
    params = query_params(nq, store_dir)
    expected = run_query(nq, store=store_dir, params=params)
    status, _, body = request(endpoint, "POST", bind_parameters(nq.text, params).encode("utf-8"),
                              {"Content-Type": "application/sparql-query",
                               "Accept": "application/sparql-results+json"})
    assert status == 200, body
    data = json.loads(body)
    rows = [[_cell(b.get(v)) for v in expected.variables] for b in data["results"]["bindings"]]
    assert rows == expected.rows


def test_default_graph_is_the_union_unless_given(endpoint):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    _, _, body = get_query(endpoint, count)
    union = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    assert union > 1000
    reference = "https://w3id.org/newskg/id/graph/reference"
    url = f"{endpoint}?{urllib.parse.urlencode({'query': count, 'default-graph-uri': reference})}"
    _, _, body = request(url)
    only_reference = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    assert 0 < only_reference < union


# --------------------------------------------------------------------------- refusals

def test_update_is_refused_403(endpoint):
    for body, ctype in ((b"CLEAR ALL", "application/sparql-update"),
                        (b"update=CLEAR%20ALL", "application/x-www-form-urlencoded")):
        status, headers, text = request(endpoint, "POST", body, {"Content-Type": ctype})
        assert status == 403
        assert headers["content-type"].startswith("text/plain") and b"read-only" in text
    status, _, body = get_query(endpoint, "ASK { ?s ?p ?o }")
    assert json.loads(body)["boolean"] is True          # nothing was cleared


def test_bad_query_is_400_with_the_parser_message(endpoint):
    status, headers, body = get_query(endpoint, "SELECT ?x WHERE { ?x ")
    assert status == 400 and headers["content-type"].startswith("text/plain")
    text = body.decode("utf-8")
    assert "syntax error" in text and "error at 1:" in text and "Traceback" not in text


def test_service_is_refused(endpoint):
    status, _, body = get_query(endpoint, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    assert status == 400 and b"SERVICE" in body


def test_cors(endpoint):
    _, headers, _ = get_query(endpoint, "ASK {}")
    assert headers["access-control-allow-origin"] == "*"
    status, headers, _ = request(endpoint, "OPTIONS", headers={
        "Origin": "http://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert status in (200, 204)
    assert headers["access-control-allow-origin"] == "*"
    assert "POST" in headers["access-control-allow-methods"]
    assert "content-type" in headers["access-control-allow-headers"].lower()


# --------------------------------------------------------------------------- the page

def test_page_lists_the_named_queries(endpoint):
    root = endpoint.rsplit("/sparql", 1)[0] + "/"
    status, headers, body = request(root, headers={"Accept": "text/html"})
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = body.decode("utf-8")
    assert "<textarea" in page and "fetch(" in page
    assert "<script src" not in page and "<link" not in page          # nothing external
    for nq in named_queries().values():
        assert nq.name in page
        assert kg_server.html.escape(nq.question_en) in page
        assert kg_server.html.escape(nq.question_vi) in page


def test_page_escapes_hostile_text(endpoint, monkeypatch):
    hostile = '</textarea><script>alert("x")</script><img src=x onerror=alert(1)>'
    fake = NamedQuery("evil<b>", hostile, hostile, hostile, {"p": hostile},
                      f"# title: {hostile}\nSELECT * WHERE {{ ?s ?p \"{hostile}\" }}")
    monkeypatch.setattr(kg_server, "_named_queries", lambda: {"evil": fake})
    _, _, body = request(endpoint.rsplit("/sparql", 1)[0] + "/")
    page = body.decode("utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page and "evil<b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert page.count("<script>") == 1                               # only the page's own script


def browser() -> str | None:
    import shutil
    return next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)


@pytest.mark.skipif(browser() is None, reason="no headless Chromium/Chrome on this machine")
def test_page_runs_a_query_in_a_headless_browser(endpoint, store_dir):
    import subprocess
    root = endpoint.rsplit("/sparql", 1)[0] + "/"
    link = f"{root}#query={urllib.parse.quote(PERSONS, safe='')}"
    dom = subprocess.run([browser(), "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000",
                          "--dump-dom", link], capture_output=True, text=True, timeout=60).stdout
    names = set(person_names(store_dir))
    cells = set(re.findall(r"<td>([^<]*)</td>", dom))
    assert "<table>" in dom and names <= cells, dom[-2000:]
    assert "row(s) in" in dom


# --------------------------------------------------------------------------- limits

def test_large_query_is_413(limited):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_000_000
    status, headers, body = request(limited, "POST", big.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 413 and b"too large" in body
    form = urllib.parse.urlencode({"query": big}).encode()
    status, _, _ = request(limited, "POST", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 413
    status, _, _ = get_query(limited, "SELECT * WHERE { ?s ?p ?o } #" + "x" * 20_000)
    assert status == 413
    status, _, _ = get_query(limited, "ASK {}")                       # still serving
    assert status == 200


def test_results_are_capped(limited):
    status, headers, body = get_query(limited, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200 and headers["x-sparql-maxrows"] == "25"
    assert len(json.loads(body)["results"]["bindings"]) == 25
    status, headers, body = get_query(limited, "CONSTRUCT WHERE { ?s ?p ?o }", accept="application/n-triples")
    assert status == 200 and headers["x-sparql-maxrows"] == "25"
    assert len(body.decode().strip().splitlines()) == 25
    status, headers, body = get_query(limited, "SELECT * WHERE { ?s ?p ?o } LIMIT 3")
    assert "x-sparql-maxrows" not in headers and len(json.loads(body)["results"]["bindings"]) == 3


def test_pathological_queries_time_out_while_others_are_served(limited_server):
    limited = limited_server.url
    outcome: dict = {}

    def slow(query: str) -> None:
        started = time.monotonic()
        outcome["status"], _, outcome["body"] = get_query(limited, query, timeout=30)
        outcome["seconds"] = time.monotonic() - started

    for query in (PATHOLOGICAL, CARTESIAN):
        deadline = time.monotonic() + 30                                 # both workers ready
        while limited_server.pool.idle < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        outcome.clear()
        thread = threading.Thread(target=slow, args=(query,))
        thread.start()
        time.sleep(0.3)
        started = time.monotonic()
        status, _, body = get_query(limited, "ASK { ?s ?p ?o }", timeout=30)
        assert status == 200 and json.loads(body)["boolean"] is True
        assert time.monotonic() - started < 1.0 and thread.is_alive()   # answered meanwhile
        thread.join(30)
        assert outcome["status"] == 504 and b"time limit" in outcome["body"]
        assert 1.4 < outcome["seconds"] < 6
    deadline = time.monotonic() + 30                                     # workers come back
    while limited_server.pool.idle < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert limited_server.pool.idle == 2
    assert get_query(limited, "ASK {}")[0] == 200


def test_updates_when_allowed_survive_a_killed_worker(tmp_path):
    data = tmp_path / "g.nq"
    data.write_text("".join(f"<http://ex/s{i}> <http://ex/p> \"{i}\" <http://ex/g> .\n" for i in range(2000)))
    direct = {"Content-Type": "application/sparql-update"}
    with running([data], allow_update=True, timeout_s=1.5) as server:
        insert = b'INSERT DATA { GRAPH <http://ex/g2> { <http://ex/a> <http://ex/p> "new" } }'
        assert request(server.url, "POST", insert, direct)[0] == 204
        status, _, body = request(server.url, "POST", b"LOAD <http://127.0.0.1:1/x.ttl>", direct)
        assert status == 400 and b"LOAD" in body
        slow = (b"INSERT { GRAPH <http://ex/g3> { <http://ex/x> <http://ex/n> ?n } } WHERE { { SELECT (COUNT(*) AS ?n) "
                b"WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } GRAPH ?g3 { ?g ?h ?i } } } }")
        status, _, body = request(server.url, "POST", slow, direct)
        assert status == 504 and b"update stopped" in body
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            status, _, body = get_query(server.url, "ASK { GRAPH <http://ex/g2> { <http://ex/a> ?p \"new\" } }")
            if status != 503:
                break
            time.sleep(0.2)
        assert status == 200 and json.loads(body)["boolean"] is True
        _, _, body = get_query(server.url, "ASK { GRAPH <http://ex/g3> { ?s ?p ?o } }")
        assert json.loads(body)["boolean"] is False                      # the killed update left nothing


# --------------------------------------------------------------------------- sources and errors

def test_data_files_source(tmp_path):
    data = tmp_path / "g.trig"
    data.write_text("<http://ex/g> { <http://ex/s> <http://ex/p> \"o\" . }\n")
    with running([data]) as server:
        _, _, body = get_query(server.url, "SELECT ?o WHERE { ?s ?p ?o }")
        assert json.loads(body)["results"]["bindings"][0]["o"]["value"] == "o"


def test_source_errors_are_kg_errors(tmp_path, endpoint):
    with pytest.raises(KgError, match="no such store"):
        make_server(tmp_path / "missing", port=0)
    with pytest.raises(KgError, match="no such file"):
        make_server([tmp_path / "missing.trig"], port=0)
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle")
    with pytest.raises(KgError, match="cannot load"):
        make_server([bad], port=0)
    port = urllib.parse.urlsplit(endpoint).port
    with pytest.raises(KgError, match="cannot listen"):
        make_server(tmp_path / "missing", port=port)


def test_serve_command_errors(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from kg.server import serve_command
    monkeypatch.chdir(tmp_path)
    cases = {(): "kg build", ("--store", "s", "--data", "d.trig"): "not both",
             ("--store", "missing", "--port", "0"): "no such store"}
    for args, message in cases.items():
        result = CliRunner().invoke(serve_command, list(args))
        assert isinstance(result.exception, KgError) and message in str(result.exception), result.output


def test_serve_command_serves_until_interrupted(store_dir):
    import select
    import signal
    import subprocess
    import sys
    code = "import sys; from kg.server import serve_command; serve_command(sys.argv[1:])"
    proc = subprocess.Popen([sys.executable, "-c", code, "--store", str(store_dir), "--port", "0", "--quiet"],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 30)
        assert ready, "kg serve printed nothing within 30 s"
        line = proc.stdout.readline()
        assert "Serving" in line and "read-only" in line, line + proc.stderr.read()
        url = line.split(" at ")[1].split()[0]
        status, _, body = get_query(url, "ASK { ?s ?p ?o }")
        assert status == 200 and json.loads(body)["boolean"] is True
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=15)
        assert proc.returncode == 0 and "stopped" in out and "Traceback" not in err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


SERVICE = "SERVICE <http://127.0.0.1:1/> { ?s ?p ?o }"


@pytest.mark.parametrize("text, keyword", [
    ('SELECT * { ?s ?p "SERVICE" }', None),
    (f"SELECT * {{ ?s ?p ?o }} # {SERVICE}", None),
    ("PREFIX service: <http://ex/> SELECT * { ?s service:x <http://ex/service> }", None),
    (f"SELECT * {{ <http://x#> ?p ?o . {SERVICE} }}", "SERVICE"),
    (f"SELECT * {{ <http://x\\u0041#> ?p ?o . {SERVICE} }}", "SERVICE"),
    (f"PREFIX ex: <http://ex/> SELECT * {{ ?s ex:a\\#b ?o . {SERVICE} }}", "SERVICE"),
    (f'SELECT * {{ ?s ?p """a " b""" . {SERVICE.lower()} }}', "SERVICE"),
    (f"SELECT * {{ ?s ?p ?o FILTER(?o<?p) {SERVICE} }}", "SERVICE"),
    ("LOAD <http://127.0.0.1:1/data.ttl>", "LOAD"),
])
def test_fetching_keywords_are_found_outside_strings_iris_and_comments(text, keyword):
    from kg.server import fetching_keyword
    assert fetching_keyword(text) == keyword


def test_add_using():
    from kg.server import add_using
    update = 'DELETE WHERE { ?a ?b ?c } ; INSERT { ?s ?p "where" } WHERE { ?s ?p ?o { SELECT * WHERE { ?x ?y ?z } } }'
    assert add_using(update, ["http://ex/a"], ["http://ex/b"]) == update.replace(
        '"where" } WHERE', '"where" } USING <http://ex/a> USING NAMED <http://ex/b> WHERE')
    with pytest.raises(ValueError):
        add_using("WITH <http://ex/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", ["http://ex/a"], [])
