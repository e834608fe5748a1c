"""SHACL shapes checked as SPARQL on the store: validation that scales to millions of quads.

pySHACL over a million-triple graph takes minutes. The core constraints our shapes use on
property paths (min/max count, class, datatype, node kind, pattern, in, minInclusive,
minLength, languageIn, uniqueLang, lessThan, lessThanOrEquals, or-of-classes) and on the node
(class, xone-of-classes) are compiled from ``ontology/shapes.ttl`` into SPARQL patterns that
Oxigraph answers over the union of all graphs, several checks of one kind of node per query
(one flag each), so that the nodes are scanned once per batch, not once per check. What needs full SHACL (the topic shapes'
qualified value shapes, or and not) is left to pySHACL, which the build runs on the reference
graph and a sample of article graphs (see ``kg.pipeline``).
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import astuple, dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, SH

from .validate import Failure, ValidationResult, shapes_graph, shapes_path


@dataclass(frozen=True)
class CompiledCheck:
    """One constraint as SPARQL: ``body`` has a solution for a focus node (``target`` binds
    ?this) exactly when the node fails; a counting check adds ``grouped`` (GROUP BY … HAVING)."""
    shape: str
    path: str
    message: str
    target: str
    body: str
    grouped: str = ""

    @property
    def query(self) -> str:
        """The check alone: every focus node that fails it."""
        return f"SELECT DISTINCT ?this WHERE {{ {self.target} {self.body} }} {self.grouped}".rstrip()


def _term(node) -> str:
    return f"<{node}>" if isinstance(node, rdflib.URIRef) else node.n3()


def _targets(g: rdflib.Graph, shape) -> str | None:
    cls = g.value(shape, SH.targetClass)
    if cls is not None:
        return f"?this a {_term(cls)} ."
    subj = g.value(shape, SH.targetSubjectsOf)
    if subj is not None:
        return None   # only used by the topic shape, which pySHACL checks
    return None


#: The build-state key under which a build keeps its compiled checks.
SHAPE_CHECKS_KEY = "shape_checks"


def shapes_digest() -> str:
    """A hash of the shapes and of this compiler: what compiled checks are valid for."""
    h = hashlib.sha256(shapes_path().read_bytes())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()


def dump_checks(checks: tuple[CompiledCheck, ...]) -> str:
    """The compiled checks with the digest they were compiled for (a build keeps them in its
    state, so an incremental build need not parse the shapes again)."""
    return json.dumps({"digest": shapes_digest(), "checks": [astuple(c) for c in checks]}, ensure_ascii=False)


def load_checks(text: str | None) -> tuple[CompiledCheck, ...]:
    """The checks :func:`dump_checks` wrote, if still valid for these shapes; else compiled now."""
    if text:
        data = json.loads(text)
        if data.get("digest") == shapes_digest():
            return tuple(CompiledCheck(*c) for c in data["checks"])
    return compile_shapes()


def _list(g: rdflib.Graph, node) -> list:
    return list(rdflib.collection.Collection(g, node)) if node is not None else []


@lru_cache(maxsize=1)
def compile_shapes() -> tuple[CompiledCheck, ...]:
    g = shapes_graph()
    checks: list[CompiledCheck] = []
    for shape in sorted(g.subjects(RDF.type, SH.NodeShape), key=str):
        target = _targets(g, shape)
        if target is None:
            continue
        shape_message = str(g.value(shape, SH.message) or "does not conform")
        for body, grouped in _node_checks(g, shape):
            checks.append(CompiledCheck(str(shape), "", shape_message, target, body, grouped))
        for prop in g.objects(shape, SH.property):
            path = g.value(prop, SH.path)
            if not isinstance(path, rdflib.URIRef):
                continue
            message = str(g.value(prop, SH.message) or g.value(shape, SH.message) or "does not conform")
            p = _term(path)
            for body, grouped in _property_checks(g, prop, p):
                checks.append(CompiledCheck(str(shape), str(path), message, target, body, grouped))
    return tuple(checks)


def _node_checks(g: rdflib.Graph, shape) -> list[tuple[str, str]]:
    """Constraints on the focus node itself: its class, and exactly one of several classes."""
    out = []
    cls = g.value(shape, SH["class"])
    if cls is not None:
        out.append((f"FILTER NOT EXISTS {{ ?this a {_term(cls)} }}", ""))
    xone = _list(g, g.value(shape, SH.xone))
    classes = [g.value(x, SH["class"]) for x in xone]
    if xone and all(c is not None for c in classes):
        values = " ".join(_term(c) for c in classes)
        out.append((f"OPTIONAL {{ ?this a ?c . VALUES ?c {{ {values} }} }}",
                    "GROUP BY ?this HAVING (COUNT(DISTINCT ?c) != 1)"))
    return out


def _property_checks(g: rdflib.Graph, prop, p: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    min_count = g.value(prop, SH.minCount)
    max_count = g.value(prop, SH.maxCount)
    # The common cases are written without GROUP BY, which keeps them linear on large stores.
    if min_count is not None and int(min_count) == 1:
        out.append((f"FILTER NOT EXISTS {{ ?this {p} ?v }}", ""))
    elif min_count is not None and int(min_count) > 1:
        out.append((f"OPTIONAL {{ ?this {p} ?v }}", f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {int(min_count)})"))
    if max_count is not None and int(max_count) == 1:
        out.append((f"?this {p} ?v, ?w . FILTER(?v != ?w)", ""))
    elif max_count is not None:
        out.append((f"?this {p} ?v", f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {int(max_count)})"))
    cls = g.value(prop, SH["class"])
    if cls is not None:
        out.append((f"?this {p} ?v . FILTER NOT EXISTS {{ ?v a {_term(cls)} }}", ""))
    or_list = _list(g, g.value(prop, SH["or"]))
    classes = [g.value(x, SH["class"]) for x in or_list]
    if or_list and all(c is not None for c in classes):
        alternatives = " || ".join(f"EXISTS {{ ?v a {_term(c)} }}" for c in classes)
        out.append((f"?this {p} ?v . FILTER(!({alternatives}))", ""))
    datatype = g.value(prop, SH.datatype)
    if datatype is not None:
        if datatype == rdflib.XSD.string:
            cond = "!(isLiteral(?v) && datatype(?v) = <http://www.w3.org/2001/XMLSchema#string> && lang(?v) = \"\")"
        elif datatype == RDF.langString:
            cond = "!(isLiteral(?v) && lang(?v) != \"\")"
        else:
            cond = f"!(isLiteral(?v) && datatype(?v) = {_term(datatype)})"
        out.append((f"?this {p} ?v . FILTER({cond})", ""))
    kind = g.value(prop, SH.nodeKind)
    if kind == SH.Literal:
        out.append((f"?this {p} ?v . FILTER(!isLiteral(?v))", ""))
    elif kind == SH.IRI:
        out.append((f"?this {p} ?v . FILTER(!isIRI(?v))", ""))
    pattern = g.value(prop, SH.pattern)
    if pattern is not None:
        regex = str(pattern).replace("\\", "\\\\").replace('"', '\\"')
        out.append((f'?this {p} ?v . FILTER(!REGEX(STR(?v), "{regex}"))', ""))
    values = _list(g, g.value(prop, SH["in"]))
    if values:
        allowed = ", ".join(_term(v) for v in values)
        out.append((f"?this {p} ?v . FILTER(?v NOT IN ({allowed}))", ""))
    minimum = g.value(prop, SH.minInclusive)
    if minimum is not None:
        out.append((f"?this {p} ?v . FILTER(!(?v >= {_term(minimum)}))", ""))
    min_length = g.value(prop, SH.minLength)
    if min_length is not None:
        out.append((f"?this {p} ?v . FILTER(STRLEN(STR(?v)) < {int(min_length)})", ""))
    langs = _list(g, g.value(prop, SH.languageIn))
    if langs:
        allowed = " || ".join(f'LANGMATCHES(lang(?v), "{x}")' for x in langs)
        out.append((f"?this {p} ?v . FILTER(!({allowed}))", ""))
    if g.value(prop, SH.uniqueLang) == rdflib.Literal(True):
        out.append((f"?this {p} ?a . FILTER(lang(?a) != \"\")",
                    "GROUP BY ?this (LANG(?a) AS ?l) HAVING (COUNT(DISTINCT ?a) > 1)"))
    for comp, op in ((SH.lessThan, "<"), (SH.lessThanOrEquals, "<=")):
        other = g.value(prop, comp)
        if other is not None:
            out.append((f"?this {p} ?v ; {_term(other)} ?w . FILTER(!(?v {op} ?w))", ""))
    return out


#: Checks on one kind of focus node run as one query, up to this many at a time: the focus
#: nodes are scanned once, not once per check, and the batches still spread over the cores.
BATCH = 10


def check_store(store: ox.Store, limit: int = 50, union_view: bool = True,
                checks: tuple[CompiledCheck, ...] | None = None) -> ValidationResult:
    """Run every compiled check (by default those of ``ontology/shapes.ttl``) over the union of
    the store's graphs (or, with ``union_view=False``, over its default graph, where a build
    keeps the deduplicated union: far faster, as the union view repeats a triple once per graph
    that states it)."""
    def run(batch: list[CompiledCheck]) -> list[Failure]:
        found: list[Failure] = []
        if len(batch) == 1:
            for sol in store.query(batch[0].query, use_default_graph_as_union=union_view):
                found.append(Failure(sol["this"].value, batch[0].path, batch[0].message))
                if len(found) >= limit:
                    break
            return found
        for sol in store.query(_batch_query(batch), use_default_graph_as_union=union_view):
            found.extend(Failure(sol["this"].value, c.path, c.message)
                         for i, c in enumerate(batch) if sol[f"f{i}"].value == "true")
            if len(found) >= limit:
                break
        return found

    # Oxigraph answers a query without holding the GIL: the batches run on every core.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        failures = [f for found in pool.map(run, _batches(checks or compile_shapes())) for f in found]
    failures.sort(key=lambda f: (f.focus, f.path, f.message))
    return ValidationResult(not failures, tuple(failures[:limit]))


def _batches(checks: tuple[CompiledCheck, ...]) -> list[list[CompiledCheck]]:
    """Checks that count run alone; the others by target, in batches of up to BATCH."""
    alone = [[c] for c in checks if c.grouped]
    by_target: dict[str, list[CompiledCheck]] = {}
    for c in checks:
        if not c.grouped:
            by_target.setdefault(c.target, []).append(c)
    batched = [group[i:i + BATCH] for group in by_target.values() for i in range(0, len(group), BATCH)]
    return sorted(alone + batched, key=len, reverse=True)   # the longest first, for an even spread


def _batch_query(checks: list[CompiledCheck]) -> str:
    """One query for several checks on the same focus nodes: a flag per check, the nodes
    failing any."""
    flags = " ".join(f"BIND(EXISTS {{ {c.body} }} AS ?f{i})" for i, c in enumerate(checks))
    either = " || ".join(f"?f{i}" for i in range(len(checks)))
    return (f"SELECT ?this {' '.join(f'?f{i}' for i in range(len(checks)))} "
            f"WHERE {{ {checks[0].target} {flags} FILTER({either}) }}")
