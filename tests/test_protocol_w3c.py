"""The W3C SPARQL 1.1 Protocol tests, driven from their manifest, against kg.server.

The manifest (read here with rdflib) encodes each test as HTTP requests — method, path
under ``/sparql/``, headers, body with its character encoding — and the expected status
class, result format and, for ASK, the boolean. The 20 query-side tests run against a
read-only endpoint serving ``fixtures.trig``; the 14 update-side tests against one that
accepts updates.
"""

from __future__ import annotations

import http.client
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, Namespace
from rdflib.collection import Collection

from kg.server import serving

SUITE = Path(__file__).resolve().parents[2] / "shared" / "w3c-sparql11-protocol"
MANIFEST = SUITE / "manifest.ttl"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
MANIFEST_NS = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#"

RESULTS_JSON = "application/sparql-results+json"
RESULTS_XML = "application/sparql-results+xml"
TABULAR_TYPES = {RESULTS_JSON, RESULTS_XML, "text/csv", "text/tab-separated-values"}
RDF_TYPES = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/n-triples": "nt",
             "application/ld+json": "json-ld"}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[int]                   # the acceptable status classes: 2, 3, 4, 5
    result_format: str | None            # "boolean", "tabular", "RDF" or None
    boolean: bool | None


@dataclass
class ProtocolTest:
    name: str
    label: str
    requests: list[Request]


def read_manifest(path: Path) -> list[ProtocolTest]:
    """Every test of the manifest, in its order, with its requests decoded."""
    g = rdflib.Graph().parse(path, format="turtle")
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    tests = []
    for test in Collection(g, g.value(manifest, MF.entries)):
        action = g.value(test, MF.action)
        requests = [_request(g, r) for r in Collection(g, g.value(action, HT.requests))]
        tests.append(ProtocolTest(str(test).removeprefix(MANIFEST_NS), str(g.value(test, MF.name)), requests))
    return tests


def _request(g: rdflib.Graph, node) -> Request:
    headers = {}
    header_list = g.value(node, HT.headers)
    if header_list is not None:
        for h in Collection(g, header_list):
            headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
    body = None
    body_node = g.value(node, HT.body)
    if body_node is not None:
        encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(g.value(body_node, CNT.chars)).encode(encoding)
    resp = g.value(node, HT.resp)
    statuses = {int(str(s).removeprefix(str(HTS)).removeprefix("StatusCode")[0])
                for s in g.objects(resp, MF.expectedStatus)}
    fmt = g.value(resp, MF.expectedFormat)
    boolean = g.value(resp, MF.expectedBoolean)
    return Request(str(g.value(node, HT.methodName)), str(g.value(node, HT.absolutePath)), headers, body,
                   statuses, str(fmt) if fmt is not None else None,
                   boolean.toPython() if boolean is not None else None)


TESTS = read_manifest(MANIFEST) if MANIFEST.is_file() else []
QUERY_TESTS = [t for t in TESTS if t.name.startswith(("query_", "bad_query_")) or t.name == "bad_multiple_queries"]
UPDATE_TESTS = [t for t in TESTS if t.name.startswith(("update_", "bad_update_")) or t.name == "bad_multiple_updates"]
needs_suite = pytest.mark.skipif(not MANIFEST.is_file(), reason=f"the W3C protocol test suite is not at {SUITE}")


def running(**options):
    return serving([SUITE / "fixtures.trig"], **options)


@pytest.fixture(scope="module")
def query_endpoint():
    with running() as server:
        yield server


@pytest.fixture(scope="module")
def update_endpoint():
    with running(allow_update=True) as server:
        yield server


def send(server, req: Request) -> tuple[int, str, bytes]:
    """Send one manifest request as written (http.client adds no Content-Type of its own)."""
    host, port = server.server_address[:2]
    path = "/sparql/" + req.path.removeprefix("/sparql/")        # the manifest's prefix → ours
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request(req.method, path, body=req.body, headers=req.headers)
        resp = conn.getresponse()
        return resp.status, (resp.getheader("Content-Type") or "").split(";")[0].strip(), resp.read()
    finally:
        conn.close()


def result_boolean(media: str, body: bytes) -> bool:
    if media == RESULTS_JSON:
        return json.loads(body)["boolean"]
    root = ET.fromstring(body)
    return root.find("{http://www.w3.org/2005/sparql-results#}boolean").text.strip() == "true"


def check(server, test: ProtocolTest) -> None:
    for i, req in enumerate(test.requests, 1):
        status, media, body = send(server, req)
        where = f"{test.name} request {i}: {req.method} {req.path[:80]} → {status} {media}: {body[:300]!r}"
        assert status // 100 in req.statuses, where
        if req.result_format == "boolean":
            assert media in (RESULTS_JSON, RESULTS_XML), where
            if req.boolean is not None:
                assert result_boolean(media, body) is req.boolean, where
        elif req.result_format == "tabular":
            assert media in TABULAR_TYPES, where
        elif req.result_format == "RDF":
            assert media in RDF_TYPES, where
            rdflib.Graph().parse(data=body, format=RDF_TYPES[media])


def test_manifest_has_all_tests():
    if not MANIFEST.is_file():
        pytest.skip(f"the W3C protocol test suite is not at {SUITE}")
    assert len(QUERY_TESTS) == 20 and len(UPDATE_TESTS) == 14 and len(TESTS) == 34


@needs_suite
@pytest.mark.parametrize("test", QUERY_TESTS, ids=lambda t: t.name)
def test_query_side(query_endpoint, test):
    check(query_endpoint, test)


@needs_suite
@pytest.mark.parametrize("test", UPDATE_TESTS, ids=lambda t: t.name)
def test_update_side(update_endpoint, test):
    check(update_endpoint, test)
