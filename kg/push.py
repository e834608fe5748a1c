"""Push the graph to a triple store over the SPARQL 1.1 Graph Store HTTP Protocol (``kg push``).

One ``PUT <gsp>?graph=IRI`` per named graph (and ``?default`` for a non-empty default
graph), the graph as N-Triples: a PUT replaces the graph, so pushing again updates the
store in place and duplicates nothing. Graphs the store holds but the source does not are
left alone. Works with any GSP store (Oxigraph ``/store``, Fuseki ``/DATASET/data``,
GraphDB ``/repositories/REPO/rdf-graphs/service``…); only ``urllib`` is used.
"""

from __future__ import annotations

import base64
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import click

from .errors import KgError

DEFAULT_GRAPH_FILE = "output/graph.trig"
TIMEOUT_S = 120.0


@dataclass
class PushReport:
    url: str
    graphs: list[str] = field(default_factory=list)     # graph IRIs ("" for the default graph)
    triples: int = 0


def push(quads_or_store, endpoint: str, *, graph_store_url: str | None = None, user: str | None = None,
         password: str | None = None, on_graph: Callable[[str, int], None] | None = None) -> PushReport:
    """Send every graph of ``quads_or_store`` to a Graph Store Protocol endpoint.

    ``quads_or_store``: a store directory, an RDF file (TriG, N-Quads…), a pyoxigraph
    ``Store``, or quads (``kg.terms.Quad`` tuples or ``pyoxigraph.Quad``). ``endpoint`` is
    the store's GSP URL; ``graph_store_url``, if given, is used instead (for services that
    name the query endpoint and the GSP endpoint separately). ``on_graph(iri, triples)``
    is called after each graph is stored.
    """
    import pyoxigraph as ox
    url = graph_store_url or endpoint
    _check_url(url)
    store = _as_store(quads_or_store)
    report = PushReport(url)
    graphs: list = sorted(store.named_graphs(), key=lambda g: g.value)
    from .store import union_view_needed
    default_is_union = bool(graphs) and not union_view_needed(store)
    if not default_is_union and next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        graphs.insert(0, ox.DefaultGraph())   # (a built store's default graph only repeats the named graphs)
    for graph in graphs:
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        name = "" if isinstance(graph, ox.DefaultGraph) else graph.value
        _put(url, name, body, user, password)
        report.graphs.append(name)
        report.triples += len(triples)
        if on_graph:
            on_graph(name, len(triples))
    return report


def _as_store(source):
    """Any accepted source as a pyoxigraph Store (read-only for a store directory)."""
    import pyoxigraph as ox

    from .store import load_files, open_store
    if isinstance(source, ox.Store):
        return source
    if isinstance(source, (str, os.PathLike)):
        p = Path(source)
        return open_store(p) if p.is_dir() else load_files([p])
    return _store_of_quads(source)


def _store_of_quads(quads: Iterable) -> "object":
    import pyoxigraph as ox

    from .output import nquads_text
    items = list(quads)
    store = ox.Store()
    if items and isinstance(items[0], ox.Quad):
        store.bulk_extend(items)
    elif items:
        store.bulk_load(nquads_text(items).encode("utf-8"), ox.RdfFormat.N_QUADS)
    return store


def _check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise KgError("the endpoint must be an http(s) URL, e.g. http://localhost:7878/store", url)


def _graph_url(url: str, graph: str) -> str:
    param = "default" if not graph else "graph=" + urllib.parse.quote(graph, safe="")
    return f"{url}{'&' if '?' in url else '?'}{param}"


def _put(url: str, graph: str, body: bytes, user: str | None, password: str | None) -> None:
    """PUT one graph; any failure becomes a one-line KgError naming the endpoint."""
    headers = {"Content-Type": "application/n-triples"}
    if user is not None:
        token = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    request = urllib.request.Request(_graph_url(url, graph), data=body, headers=headers, method="PUT")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = _first_line(exc.read())
        which = f"graph <{graph}>" if graph else "the default graph"
        raise KgError(f"the store answered {exc.code} {exc.reason} to the PUT of {which}"
                      + (f": {detail}" if detail else ""), url) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        text = getattr(reason, "strerror", None) or str(reason)
        if isinstance(reason, ConnectionRefusedError):
            text = "connection refused (is the store running?)"
        raise KgError(f"cannot reach the store: {text}", url) from None
    except (TimeoutError, OSError) as exc:
        raise KgError(f"cannot reach the store: {exc}", url) from None


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    return text.splitlines()[0][:300] if text else ""


@click.command(name="push")
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's Graph Store Protocol URL, e.g. http://localhost:7878/store (Oxigraph).")
@click.option("--store", type=click.Path(path_type=Path), default=None, help="Push this Oxigraph store.")
@click.option("--graph", type=click.Path(path_type=Path), default=None,
              help=f"Push this graph file (default: {DEFAULT_GRAPH_FILE}).")
@click.option("--user", default=None, help="User name for HTTP Basic authentication.")
@click.option("--password", default=None, envvar="KG_PUSH_PASSWORD",
              help="Password for HTTP Basic authentication (or $KG_PUSH_PASSWORD).")
def push_command(endpoint, store, graph, user, password):
    """Send the graph to a triple store, one HTTP PUT per named graph (re-pushing replaces)."""
    if store and graph:
        raise KgError("push either --store or --graph, not both", "push")
    source = store or graph or Path(DEFAULT_GRAPH_FILE)
    if store is None and not Path(source).is_file():
        raise KgError("no such file" + (" (build one with `kg build`)" if graph is None else ""), str(source))
    report = push(source, endpoint, user=user, password=password)
    click.echo(f"Pushed {len(report.graphs)} graph(s), {report.triples} triples, to {report.url}")
