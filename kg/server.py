"""A SPARQL 1.1 Protocol endpoint over pyoxigraph (``kg serve``), on the standard library.

The HTTP side (a ``ThreadingHTTPServer``) parses requests and never runs SPARQL itself:
each query or update goes to a small pool of worker *processes*, each holding its own
handle on an Oxigraph store. pyoxigraph cannot cancel a query from Python, so a query
that outlives the time limit is stopped by killing its worker, which is then replaced;
the other workers keep answering.

Paths ``/``, ``/sparql`` and ``/sparql/`` are all the endpoint; ``GET`` without a query
returns an HTML page with a query box and the named queries as examples.

Limits and the answers they give (every error body is one ``text/plain`` message):

- a query (or update) longer than ``max_query_bytes`` → 413; a request line over 64 KiB
  (a huge ``GET``) → 414;
- a query running longer than ``timeout_s`` → 504, its worker killed and replaced;
  no worker free within ``timeout_s`` (all busy) → 503 with ``Retry-After``;
- more than ``max_results`` solutions (or triples, for CONSTRUCT/DESCRIBE) → 200 with the
  first ``max_results`` of them and the header ``X-SPARQL-MaxRows: <max_results>``;
- a syntax error → 400 with the parser's message; an update on a read-only endpoint → 403;
  ``SERVICE`` (federated query) and ``LOAD`` → 400, as they would let anyone make this
  host fetch URLs;
- no acceptable result format → 406; a POST body that is neither a form, a query nor an
  update, or not UTF-8 → 415.

Updates (``allow_update=True``) run in a single worker that holds the only writable handle:
the store directory itself for ``--store``, or a private temporary store loaded from the
files for ``--data``, so a worker killed at the time limit loses nothing that was committed
(an update cut short is rolled back). Updates see the store's real default graph unless
``using-graph-uri`` / ``using-named-graph-uri`` are given.
"""

from __future__ import annotations

import html
import json
import multiprocessing
import os
import queue
import re
import shutil
import signal
import socket
import sys
import tempfile
import contextlib
import threading
import time
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs
from xml.sax.saxutils import escape as _xml_escape
from xml.sax.saxutils import quoteattr as _quoteattr

import click

from .errors import KgError

ENDPOINT = "/sparql"
ENDPOINT_PATHS = {"/", "/sparql", "/sparql/"}
PAGE_FILE = Path(__file__).with_name("serve_page.html")
DEFAULT_GRAPH_FILE = "output/graph.trig"
READY_TIMEOUT_S = 120.0
MAX_DRAIN_BYTES = 16 * 1024 * 1024
RDF_SUFFIXES = {".trig", ".nq", ".nquads", ".ttl", ".nt", ".rdf", ".xml", ".owl", ".jsonld", ".n3"}

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


class HttpError(Exception):
    """An answer other than 2xx: status, a one-line message, extra headers."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass
class Reply:
    """What a worker sends back for one request (picklable)."""

    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def text_reply(status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, (message.rstrip("\n") + "\n").encode("utf-8"), headers=dict(headers or {}))


# --------------------------------------------------------------------------- SPARQL text scanning

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>"{3}(?:[^"\\]|\\.|"{1,2}(?!"))*"{3} | '{3}(?:[^'\\]|\\.|'{1,2}(?!'))*'{3}
              | "(?:[^"\\\r\n]|\\.)*" | '(?:[^'\\\r\n]|\\.)*')
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<var>[?$]\w+)
  | (?P<word>(?:[^\W\d]|_)(?:[\w\-.]|\\.)*(?::(?:[\w\-.:%]|\\.)*)? | :(?:[\w\-.:%]|\\.)*)
  | (?P<open>\{) | (?P<close>\}) | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    depth: int          # brace depth before the token

    def is_keyword(self, *names: str) -> bool:
        return self.kind == "word" and ":" not in self.text and self.text.upper() in names


def tokens(text: str) -> list[Token]:
    """The significant tokens of a query or update (no spaces or comments), with brace depth."""
    out: list[Token] = []
    depth = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("space", "comment"):
            continue
        if kind == "close":
            depth = max(0, depth - 1)
        out.append(Token(kind, m.group(), m.start(), depth))
        if kind == "open":
            depth += 1
    return out


def fetching_keyword(text: str) -> str | None:
    """``SERVICE`` or ``LOAD`` if the text uses one: both make the server fetch a URL."""
    for t in tokens(text):
        if t.is_keyword("SERVICE", "LOAD"):
            return t.text.upper()
    return None


def has_dataset_clause(text: str) -> bool:
    """Whether the query names its own dataset (``FROM`` / ``FROM NAMED``)."""
    return any(t.is_keyword("FROM") and t.depth == 0 for t in tokens(text))


def add_using(update: str, default_graphs: Sequence[str], named_graphs: Sequence[str]) -> str:
    """Apply the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` to every
    ``INSERT``/``DELETE … WHERE`` operation, as ``USING`` clauses before its ``WHERE``.

    Raises ``ValueError`` if the update has its own ``USING`` or ``WITH`` (the protocol
    forbids both at once).
    """
    toks = tokens(update)
    if any(t.depth == 0 and t.is_keyword("USING", "WITH") for t in toks):
        raise ValueError("using-graph-uri/using-named-graph-uri cannot be combined with USING or WITH "
                         "in the update itself")
    clause = " ".join([f"USING <{g}>" for g in default_graphs] + [f"USING NAMED <{g}>" for g in named_graphs])
    cuts = [t.start for i, t in enumerate(toks)
            if t.depth == 0 and t.is_keyword("WHERE") and not (i and toks[i - 1].is_keyword("DELETE"))]
    for pos in reversed(cuts):
        update = f"{update[:pos]}{clause} {update[pos:]}"
    return update


# --------------------------------------------------------------------------- content negotiation

RESULT_FORMATS = {
    # kind -> [(media type, format key)], the server's preference first, then aliases
    "solutions": [("application/sparql-results+json", "json"), ("application/sparql-results+xml", "xml"),
                  ("text/csv", "csv"), ("text/tab-separated-values", "tsv"),
                  ("application/json", "json"), ("application/xml", "xml"), ("text/xml", "xml")],
    "graph": [("text/turtle", "turtle"), ("application/ld+json", "jsonld"), ("application/n-triples", "nt"),
              ("application/rdf+xml", "rdfxml"), ("application/x-turtle", "turtle"),
              ("application/turtle", "turtle"), ("application/json", "jsonld"),
              ("application/xml", "rdfxml"), ("text/xml", "rdfxml")],
}
RESULT_FORMATS["boolean"] = RESULT_FORMATS["solutions"]
TEXT_TYPES = ("text/", "application/n-triples")


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """An ``Accept`` header as (media range, quality) pairs; empty means anything."""
    ranges = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            name, _, value = f.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q))
    return ranges


def _quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """The quality the client gives ``media``: that of the most specific matching range."""
    best, best_q = -1, 0.0
    major = media.split("/")[0]
    for rng, q in ranges:
        specificity = 2 if rng == media else 1 if rng == f"{major}/*" else 0 if rng == "*/*" else -1
        if specificity > best:
            best, best_q = specificity, q
    return best_q if best >= 0 else 0.0


def negotiate(kind: str, accept: str | None) -> tuple[str, str] | None:
    """(media type, format key) for a result of ``kind``, or None if nothing is acceptable."""
    offers = RESULT_FORMATS[kind]
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    scored = [(_quality(media, ranges), -i, media, key) for i, (media, key) in enumerate(offers)]
    q, _, media, key = max(scored)
    return (media, key) if q > 0 else None


def with_charset(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith(TEXT_TYPES) else media


# --------------------------------------------------------------------------- result serialisation

def _json_term(term) -> dict:
    import pyoxigraph as ox
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_escape(text: str) -> str:
    """Escaped for XML 1.0 text, with the characters XML cannot carry replaced by U+FFFD."""
    return _xml_escape(_XML_INVALID.sub("\ufffd", text))


def quoteattr(text: str) -> str:
    return _quoteattr(_XML_INVALID.sub("\ufffd", text))


def _xml_term(term) -> str:
    import pyoxigraph as ox
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{xml_escape(term.value)}</literal>"
    if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        return f"<literal datatype={quoteattr(term.datatype.value)}>{xml_escape(term.value)}</literal>"
    return f"<literal>{xml_escape(term.value)}</literal>"


def _csv_cell(term) -> str:
    import pyoxigraph as ox
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        value = f"_:{term.value}"
    elif isinstance(term, ox.Triple):
        value = str(term)
    else:
        value = term.value
    if any(c in value for c in ',"\r\n'):
        value = '"' + value.replace('"', '""') + '"'
    return value


def solutions_bytes(variables: list[str], rows: list[list], key: str) -> bytes:
    """SELECT results in the SPARQL JSON, XML, CSV or TSV results format."""
    if key == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if key == "xml":
        parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
                 "<head>", *[f"<variable name={quoteattr(v)}/>" for v in variables], "</head><results>"]
        for row in rows:
            cells = "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                            for v, t in zip(variables, row) if t is not None)
            parts.append(f"<result>{cells}</result>")
        parts.append("</results></sparql>\n")
        return "\n".join(parts).encode("utf-8")
    if key == "csv":
        lines = [",".join(variables)]
        lines += [",".join(_csv_cell(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def graph_bytes(triples: list, key: str, prefixes: dict[str, str]) -> bytes:
    import pyoxigraph as ox
    fmt = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "nt": ox.RdfFormat.N_TRIPLES,
           "rdfxml": ox.RdfFormat.RDF_XML}[key]
    if key in ("turtle", "rdfxml"):
        return ox.serialize(triples, format=fmt, prefixes=_used_prefixes(triples, prefixes))
    return ox.serialize(triples, format=fmt)


def _used_prefixes(triples: list, prefixes: dict[str, str]) -> dict[str, str]:
    """The prefixes whose namespace some IRI of ``triples`` starts with."""
    import pyoxigraph as ox
    iris = {t.value for triple in triples for t in (triple.subject, triple.predicate, triple.object)
            if isinstance(t, ox.NamedNode)}
    iris |= {t.datatype.value for triple in triples for t in (triple.object,) if isinstance(t, ox.Literal)}
    return {p: ns for p, ns in prefixes.items() if any(i.startswith(ns) for i in iris)}


# --------------------------------------------------------------------------- executing (in a worker)

def execute(store, request: dict, prefixes: dict[str, str]) -> Reply:
    """Run one query or update on ``store`` and serialise the answer."""
    import pyoxigraph as ox
    text = request["text"]
    if request["op"] == "update":
        try:
            store.update(text, base_iri=request.get("base_iri"))
        except SyntaxError as exc:
            return text_reply(400, f"SPARQL Update syntax error: {exc}")
        return Reply(204)
    kwargs: dict = {"base_iri": request.get("base_iri")}
    if request.get("default_graphs") is not None:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in request["default_graphs"]]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in request["named_graphs"]]
    elif request.get("union"):
        from .store import union_view_needed
        kwargs["use_default_graph_as_union"] = union_view_needed(store)
    try:
        result = store.query(text, **kwargs)
    except SyntaxError as exc:
        return text_reply(400, f"SPARQL syntax error: {exc}")
    kind = ("boolean" if isinstance(result, ox.QueryBoolean)
            else "solutions" if isinstance(result, ox.QuerySolutions) else "graph")
    chosen = negotiate(kind, request.get("accept"))
    if chosen is None:
        offered = ", ".join(dict.fromkeys(m for m, _ in RESULT_FORMATS[kind]))
        return text_reply(406, f"no acceptable format for this {kind} result; this endpoint offers: {offered}")
    media, key = chosen
    limit = int(request["max_results"])
    headers: dict[str, str] = {}
    truncated = False
    if kind == "boolean":
        fmt = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
               "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}[key]
        body = result.serialize(format=fmt)
    elif kind == "solutions":
        variables = [v.value for v in result.variables]
        rows, truncated = _take(([sol[v] for v in variables] for sol in result), limit)
        body = solutions_bytes(variables, rows, key)
    else:
        triples, truncated = _take(iter(result), limit)
        body = graph_bytes(triples, key, prefixes)
    if truncated:
        headers["X-SPARQL-MaxRows"] = str(limit)
    return Reply(200, body, with_charset(media), headers)


def _take(items: Iterable, limit: int) -> tuple[list, bool]:
    """At most ``limit`` items, and whether there were more."""
    out = []
    for item in items:
        if len(out) >= limit:
            return out, True
        out.append(item)
    return out, False


def _worker_main(conn, store_path: str, writable: bool, prefixes: dict[str, str]) -> None:
    """A worker process: open the store, then answer requests until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is for the server; it stops us
    import pyoxigraph as ox
    try:
        store = ox.Store(store_path) if writable else ox.Store.read_only(store_path)
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
        conn.send(("error", f"cannot open store: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        try:
            reply = execute(store, request, prefixes)
        except Exception as exc:  # noqa: BLE001 - evaluation errors become a 500 with the message
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            reply = text_reply(500, f"{request.get('op', 'query')} failed: {detail}")
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return


# --------------------------------------------------------------------------- the worker pool

class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, ctx, store_path: str, writable: bool, prefixes: dict[str, str]):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, store_path, writable, prefixes),
                                   name="kg-sparql-worker", daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            raise KgError(f"the query worker did not start within {timeout:.0f} s", "serve")
        try:
            status, message = self.conn.recv()
        except (EOFError, OSError):
            raise KgError("the query worker died while opening the store", "serve") from None
        if status != "ready":
            raise KgError(message, "serve")

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """A fixed number of worker processes; a request waits for a free one."""

    def __init__(self, store_path: str, *, size: int, writable: bool, timeout_s: float,
                 prefixes: dict[str, str]):
        self.store_path = store_path
        self.size = size
        self.writable = writable
        self.timeout_s = timeout_s
        self.prefixes = prefixes
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        workers = [self._spawn() for _ in range(self.size)]
        try:
            for w in workers:
                w.wait_ready(READY_TIMEOUT_S)
        except BaseException:
            self.close()
            raise
        for w in workers:
            self._idle.put(w)

    @property
    def idle(self) -> int:
        """How many workers are ready for a request now."""
        return self._idle.qsize()

    def _spawn(self) -> _Worker:
        w = _Worker(self._ctx, self.store_path, self.writable, self.prefixes)
        with self._lock:
            self._live.add(w)
        return w

    def run(self, request: dict) -> Reply:
        """Send ``request`` to a free worker and wait at most ``timeout_s`` for its answer."""
        busy = text_reply(503, f"all {self.size} query worker(s) are busy; try again shortly",
                          {"Retry-After": str(max(1, round(self.timeout_s)))})
        for _ in range(2):                      # a second try if the first worker had died idle
            try:
                worker = self._idle.get(timeout=self.timeout_s)
            except queue.Empty:
                return busy
            try:
                worker.conn.send(request)
            except OSError:
                self._replace(worker)
                continue
            return self._answer(worker, request)
        return busy

    def _answer(self, worker: _Worker, request: dict) -> Reply:
        try:
            if worker.conn.poll(self.timeout_s):
                reply = worker.conn.recv()
                self._idle.put(worker)
                return reply
        except (EOFError, OSError):
            self._replace(worker)
            return text_reply(500, "the query worker died while running this request (out of memory?); "
                                   "it has been restarted")
        self._replace(worker)
        what = "update" if request.get("op") == "update" else "query"
        return text_reply(504, f"{what} stopped: it ran longer than the {self.timeout_s:g} s time limit")

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start a replacement in the background."""
        self._discard(worker)
        if self._closed:
            return
        threading.Thread(target=self._start_replacement, name="kg-sparql-respawn", daemon=True).start()

    def _start_replacement(self, attempts: int = 4) -> None:
        """Start a worker and add it to the idle ones; retry with back-off if it fails."""
        for attempt in range(attempts):
            if self._closed:
                return
            w = None
            try:
                w = self._spawn()
                w.wait_ready(READY_TIMEOUT_S)
            except (KgError, OSError) as exc:
                if w is not None:
                    self._discard(w)
                print(f"kg serve: cannot restart a query worker: {exc}", file=sys.stderr)
                time.sleep(2 ** attempt)
                continue
            with self._lock:
                closed = self._closed
            if closed:
                self._discard(w)
            else:
                self._idle.put(w)
            return

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._live.discard(worker)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._live)
            self._live.clear()
        for w in workers:
            w.kill()


# --------------------------------------------------------------------------- sources

@dataclass(frozen=True)
class Source:
    """Where the data comes from: a store directory, or RDF files."""

    store: Path | None = None
    files: tuple[Path, ...] = ()

    @classmethod
    def of(cls, source) -> "Source":
        if isinstance(source, Source):
            return source
        if isinstance(source, (str, os.PathLike)):
            p = Path(source)
            is_file = p.is_file() or (not p.exists() and p.suffix.lower() in RDF_SUFFIXES)
            return cls(files=(p,)) if is_file else cls(store=p)
        paths = tuple(Path(p) for p in source)
        if not paths:
            raise KgError("no data to serve", "serve")
        if len(paths) == 1 and paths[0].is_dir():
            return cls(store=paths[0])
        return cls(files=paths)

    def describe(self) -> str:
        return str(self.store) if self.store else ", ".join(str(f) for f in self.files)


def _prepare_store(source: Source) -> tuple[str, str | None]:
    """A store directory the workers can open: the given one, or a temporary store loaded
    from the files. Returns (store path, temporary directory to remove or None)."""
    import pyoxigraph as ox

    from .store import load_files, open_store
    if source.store is not None:
        del_me = open_store(source.store)          # check it opens; the workers open their own
        del del_me
        return str(source.store), None
    memory = load_files(source.files)
    tmp = tempfile.mkdtemp(prefix="kg-serve-")
    try:
        disk = ox.Store(os.path.join(tmp, "store"))
        disk.bulk_load(memory.dump(format=ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS)
        disk.flush()
        del disk, memory
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return os.path.join(tmp, "store"), tmp


# --------------------------------------------------------------------------- the HTML page

def render_page(queries: dict, *, endpoint: str = ENDPOINT, limits: str = "") -> str:
    """The query page: a query box and the named queries as examples (everything escaped)."""
    items = []
    for nq in queries.values():
        params = ", ".join(f"{name}: {doc}" for name, doc in nq.params.items())
        items.append(
            f'<li><button type="button" class="example" data-query="{html.escape(nq.text)}">'
            f"{html.escape(nq.name)}</button> <strong>{html.escape(nq.title)}</strong><br>"
            f"{html.escape(nq.question_en)}<br><span class=\"q-vi\" lang=\"vi\">{html.escape(nq.question_vi)}</span>"
            + (f"<br><small>parameters: {html.escape(params)}</small>" if params else "") + "</li>")
    first = next(iter(queries.values()), None)
    default_query = first.text if first else "SELECT * WHERE { ?s ?p ?o } LIMIT 10"
    values = {"endpoint": html.escape(endpoint), "limits": html.escape(limits),
              "default_query": html.escape(default_query), "examples": "\n".join(items)}
    page = PAGE_FILE.read_text(encoding="utf-8")
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values.get(m.group(1), m.group()), page)


def _named_queries() -> dict:
    from .query import named_queries
    return named_queries()


# --------------------------------------------------------------------------- HTTP

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "X-SPARQL-MaxRows, Retry-After",
}
PAGE_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'")


@dataclass
class Operation:
    """A parsed protocol request: a query or an update, with its protocol dataset."""

    kind: str                           # "query" or "update"
    text: str
    default_graphs: list[str]
    named_graphs: list[str]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "newskg-sparql"
    timeout = 60                         # idle keep-alive connections are closed after this
    server: "SparqlServer"

    # -- methods

    def do_GET(self) -> None:
        self._dispatch(self._get)

    def do_POST(self) -> None:
        self._dispatch(self._post)

    do_HEAD = do_GET

    def do_OPTIONS(self) -> None:
        self._send(204, b"", None, {"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                                    "Access-Control-Allow-Headers": "Content-Type, Accept",
                                    "Access-Control-Max-Age": "86400", "Allow": "GET, POST, OPTIONS"})

    def _not_allowed(self) -> None:
        self._drain_body()
        self.close_connection = True
        self._send_text(405, f"method {self.command} is not allowed here; use GET or POST",
                        {"Allow": "GET, POST, OPTIONS"})

    do_PUT = do_DELETE = do_PATCH = _not_allowed

    def _dispatch(self, handler) -> None:
        self._body_done = False
        try:
            handler()
        except HttpError as exc:
            if not self._body_done:
                self._drain_body()          # keep the connection usable for the next request
            self._send_text(exc.status, exc.message, exc.headers)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:  # noqa: BLE001 - never a traceback to the client
            traceback.print_exc(file=sys.stderr)
            self._send_text(500, "internal server error")

    # -- request parsing

    def _target(self) -> tuple[str, dict[str, list[str]]]:
        path, _, qs = self.path.partition("?")
        if path not in ENDPOINT_PATHS:
            raise HttpError(404, f"no such resource; the SPARQL endpoint is {ENDPOINT}")
        return path, _parse_params(qs)

    def _get(self) -> None:
        self._drain_body()
        path, params = self._target()
        if "update" in params:
            raise HttpError(400, "SPARQL Update must be sent with POST (application/sparql-update, "
                                 "or a form with update=)")
        if "query" not in params:
            self._send_page()
            return
        self._run(_operation("query", _single(params, "query"), params))

    def _post(self) -> None:
        _, params = self._target()
        media, charset = _content_type(self.headers.get("Content-Type"))
        if charset not in (None, "utf-8", "utf8"):
            self._drain_body()
            raise HttpError(415, f"the request body must be UTF-8, not {charset}")
        body = self._read_body()
        text = _utf8(body)
        if media == FORM:
            form = _parse_params(text)
            for name in ("query", "update"):
                if name in params:
                    raise HttpError(400, f"{name} must be in the form body, not the URL, in a form POST")
            if "query" in form and "update" in form:
                raise HttpError(400, "a request carries either query= or update=, not both")
            merged = {k: params.get(k, []) + form.get(k, []) for k in set(params) | set(form)}
            if "update" in form:
                op = _operation("update", _single(form, "update"), merged)
            elif "query" in form:
                op = _operation("query", _single(form, "query"), merged)
            else:
                raise HttpError(400, "the form has neither query= nor update=")
        elif media in (SPARQL_QUERY, SPARQL_UPDATE):
            if "query" in params or "update" in params:
                raise HttpError(400, "a direct POST carries the query in its body only, not also in the URL")
            op = _operation("query" if media == SPARQL_QUERY else "update", text, params)
        else:
            raise HttpError(415, f"POST a query as {SPARQL_QUERY} or {FORM} (query=), or an update as "
                                 f"{SPARQL_UPDATE} or {FORM} (update=); got "
                                 f"{media or 'no Content-Type'}")
        self._run(op)

    def _body_length(self) -> int:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self.close_connection = True
            raise HttpError(411, "send the request body with a Content-Length (chunked encoding is not supported)")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self.close_connection = True
            raise HttpError(400, "bad Content-Length") from None
        return max(0, length)

    def _read_body(self) -> bytes:
        """The body, refusing (413) one far longer than any allowed query."""
        length = self._body_length()
        cap = 3 * self.server.max_query_bytes + 65536          # a form percent-encodes up to 3x
        if length > cap:
            self._drain_body(length)
            raise HttpError(413, f"query too large: the limit is {self.server.max_query_bytes} bytes")
        self._body_done = True
        return self.rfile.read(length)

    def _drain_body(self, length: int | None = None) -> None:
        """Read and drop a body we will not use, so the client sees our answer; too big → close."""
        self._body_done = True
        try:
            length = self._body_length() if length is None else length
        except HttpError:
            return
        if length > MAX_DRAIN_BYTES:
            self.close_connection = True
            return
        while length > 0:
            chunk = self.rfile.read(min(length, 65536))
            if not chunk:
                break
            length -= len(chunk)

    # -- running

    def _run(self, op: Operation) -> None:
        srv = self.server
        if len(op.text.encode("utf-8")) > srv.max_query_bytes:
            raise HttpError(413, f"query too large: the limit is {srv.max_query_bytes} bytes")
        keyword = fetching_keyword(op.text)
        if keyword:
            raise HttpError(400, f"{keyword} is disabled on this endpoint (it would make the server fetch URLs)")
        request = {"op": op.kind, "text": op.text, "base_iri": srv.base_iri, "accept": self.headers.get("Accept"),
                   "max_results": srv.max_results}
        if op.kind == "update":
            if not srv.allow_update:
                raise HttpError(403, "this endpoint is read-only: SPARQL Update is refused "
                                     "(start the server with --allow-update to accept updates)")
            if op.default_graphs or op.named_graphs:
                try:
                    request["text"] = add_using(op.text, op.default_graphs, op.named_graphs)
                except ValueError as exc:
                    raise HttpError(400, str(exc)) from None
        else:
            if op.default_graphs or op.named_graphs:
                request.update(default_graphs=op.default_graphs, named_graphs=op.named_graphs)
            else:
                request["union"] = not has_dataset_clause(op.text)
        reply = srv.pool.run(request)
        self._send(reply.status, reply.body, None if reply.status == 204 else reply.content_type, reply.headers)

    # -- answering

    def _send_page(self) -> None:
        srv = self.server
        limits = (f"Limits: {srv.pool.timeout_s:g} s per query, {srv.max_results} results, "
                  f"{srv.max_query_bytes} bytes per query; "
                  + ("updates allowed." if srv.allow_update else "read-only."))
        page = render_page(_named_queries(), endpoint=ENDPOINT, limits=limits)
        self._send(200, page.encode("utf-8"), "text/html; charset=utf-8",
                   {"Content-Security-Policy": PAGE_CSP, "Cache-Control": "no-cache"})

    def _send_text(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        body = (message.rstrip("\n") + "\n").encode("utf-8")
        self._send(status, body, "text/plain; charset=utf-8", headers)

    def _send(self, status: int, body: bytes, content_type: str | None,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {**CORS_HEADERS, "X-Content-Type-Options": "nosniff", **(headers or {})}.items():
            self.send_header(name, value)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The base class's errors (bad request line, 414, 501) as plain text too."""
        self.close_connection = True
        try:
            self._send_text(code, message or self.responses.get(code, ("error",))[0])
        except OSError:
            pass

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        if not self.server.quiet:
            super().log_message(format, *args)


def _parse_params(qs: str) -> dict[str, list[str]]:
    try:
        return parse_qs(qs, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise HttpError(400, "the parameters are not valid UTF-8 once percent-decoded") from None
    except ValueError as exc:
        raise HttpError(400, f"bad parameters: {exc}") from None


def _single(params: dict[str, list[str]], name: str) -> str:
    values = params.get(name, [])
    if len(values) != 1:
        raise HttpError(400, f"exactly one {name}= parameter is allowed, got {len(values)}")
    return values[0]


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(415, "the request body must be UTF-8") from None


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    """(media type, charset) of a Content-Type header, lower-cased."""
    if not header:
        return None, None
    media, *params = [p.strip() for p in header.split(";")]
    charset = None
    for p in params:
        name, _, value = p.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.lower(), charset


def _operation(kind: str, text: str, params: dict[str, list[str]]) -> Operation:
    names = ("default-graph-uri", "named-graph-uri") if kind == "query" else ("using-graph-uri",
                                                                                "using-named-graph-uri")
    default, named = ([_iri(v, n) for v in params.get(n, [])] for n in names)
    return Operation(kind, text, default, named)


def _iri(value: str, param: str) -> str:
    import pyoxigraph as ox
    try:
        ox.NamedNode(value)
    except ValueError as exc:
        raise HttpError(400, f"{param}={value!r} is not an absolute IRI ({exc})") from None
    return value


class SparqlServer(ThreadingHTTPServer):
    """The endpoint: an HTTP server whose queries run in a :class:`WorkerPool`."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], source: Source, *, allow_update: bool, timeout_s: float,
                 max_results: int, max_query_bytes: int, workers: int, quiet: bool = False):
        self._tmp: str | None = None
        self._closed = False
        self.pool: WorkerPool | None = None
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        try:
            super().__init__(address, _Handler)
        except OSError as exc:
            raise KgError(f"cannot listen on {address[0]}:{address[1]}: {exc.strerror or exc}", "serve") from None
        self.source = source
        self.allow_update = allow_update
        self.max_results = max_results
        self.max_query_bytes = max_query_bytes
        self.quiet = quiet
        self._serving = threading.Event()
        try:
            store_path, self._tmp = _prepare_store(source)
            from .vocab import PREFIXES
            self.pool = WorkerPool(store_path, size=1 if allow_update else max(1, workers),
                                   writable=allow_update, timeout_s=timeout_s, prefixes=dict(PREFIXES))
            self.pool.start()
        except BaseException:
            self.server_close()
            raise

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}{ENDPOINT}"

    @property
    def base_iri(self) -> str:
        return self.url

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        self._serving.set()
        try:
            super().serve_forever(poll_interval)
        finally:
            self._serving.clear()

    def shutdown(self) -> None:
        """Stop serving (if serving) and release the socket, the workers and any temporary store."""
        if self._serving.is_set():
            super().shutdown()
        self.server_close()

    def server_close(self) -> None:
        super().server_close()
        if self._closed:
            return
        self._closed = True
        if self.pool is not None:
            self.pool.close()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)


def make_server(source=DEFAULT_GRAPH_FILE, host: str = "127.0.0.1", port: int = 8000, *, allow_update: bool = False,
                timeout_s: float = 10.0, max_results: int = 10000, max_query_bytes: int = 100_000,
                workers: int = 2, quiet: bool = False) -> SparqlServer:
    """A SPARQL endpoint over ``source`` (a store directory, an RDF file, or a list of RDF files),
    listening on ``host:port`` (port 0: any free port). Call ``serve_forever()``, then ``shutdown()``."""
    if timeout_s <= 0 or max_results < 1 or max_query_bytes < 1 or workers < 1:
        raise KgError("timeout, max results, max query size and workers must be positive", "serve")
    return SparqlServer((host, port), Source.of(source), allow_update=allow_update, timeout_s=timeout_s,
                        max_results=max_results, max_query_bytes=max_query_bytes, workers=workers, quiet=quiet)


# --------------------------------------------------------------------------- the command

def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt

@click.command(name="serve")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--store", type=click.Path(path_type=Path), default=None, help="Serve this Oxigraph store (read-only).")
@click.option("--data", "data", multiple=True, type=click.Path(path_type=Path),
              help="Serve these RDF files (TriG, N-Quads, Turtle…), loaded at start (repeatable).")
@click.option("--graph", type=click.Path(path_type=Path), default=None,
              help=f"Serve this graph file (default: {DEFAULT_GRAPH_FILE}).")
@click.option("--allow-update", is_flag=True, help="Accept SPARQL Update (off: updates get 403).")
@click.option("--timeout", "timeout_s", type=float, default=10.0, show_default=True,
              help="Stop a query after this many seconds (504).")
@click.option("--max-results", type=int, default=10000, show_default=True,
              help="Return at most this many results (header X-SPARQL-MaxRows when cut).")
@click.option("--workers", type=int, default=2, show_default=True, help="Query worker processes.")
@click.option("--quiet", is_flag=True, help="Do not log requests.")
def serve_command(port, host, store, data, graph, allow_update, timeout_s, max_results, workers, quiet):
    """Serve the graph as a SPARQL 1.1 endpoint with a query page (Ctrl-C stops it)."""
    files = list(data) + ([graph] if graph else [])
    if store and files:
        raise KgError("serve either --store or --data/--graph, not both", "serve")
    if store:
        source = Source(store=store)
    else:
        files = files or [Path(DEFAULT_GRAPH_FILE)]
        for f in files:
            if not f.is_file():
                raise KgError("no such file" + (" (build one with `kg build`)" if str(f) == DEFAULT_GRAPH_FILE
                                                else ""), str(f))
        source = Source(files=tuple(files))
    server = make_server(source, host, port, allow_update=allow_update, timeout_s=timeout_s,
                         max_results=max_results, workers=workers, quiet=quiet)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)       # stop cleanly (workers, temporary store)
    mode = "read-write" if allow_update else "read-only"
    click.echo(f"Serving {source.describe()} ({mode}) at {server.url}  (query page: {server.url[:-len(ENDPOINT)]}/)")
    click.echo("Press Ctrl-C to stop.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("\nstopped")
    finally:
        server.server_close()


@contextlib.contextmanager
def serving(source, **options):
    """Run an endpoint on a background thread for the length of a ``with`` block (tests, the
    benchmark); ``port=0`` picks a free port, see ``server.url``."""
    options.setdefault("port", 0)
    options.setdefault("quiet", True)
    server = make_server(source, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        thread.join(10)
