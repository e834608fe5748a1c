"""SPARQL over the graph: named queries (``kg/queries/*.rq``) with parameters, two backends.

A named query declares its parameters in header comments (``# param person: …``) and
uses them as ``?person_param``; an unset parameter stays unbound. The rdflib backend
reads a TriG/Turtle file in memory; the Oxigraph backend reads a persistent store.
Both present the union of all named graphs as the default graph and give the same rows.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import KgError, QueryError

QUERIES_DIR = Path(__file__).parent / "queries"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    question_vi: str
    question_en: str
    params: dict[str, str]
    text: str


def parse_named_query(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params: dict[str, str] = {}
    for line in text.splitlines():
        m = re.match(r"#\s*param\s+(\w+)\s*:\s*(.*)", line)
        if m:
            params[m.group(1)] = m.group(2).strip()
            continue
        m = re.match(r"#\s*(title|vi|en)\s*:\s*(.*)", line)
        if m:
            meta[m.group(1)] = m.group(2).strip()
    return NamedQuery(path.stem, meta.get("title", path.stem), meta.get("vi", ""), meta.get("en", ""), params, text)


def named_queries() -> dict[str, NamedQuery]:
    return {p.stem: parse_named_query(p) for p in sorted(QUERIES_DIR.glob("*.rq"))}


def resolve_query(name_or_file: str) -> NamedQuery:
    """A named query by name, or a ``.rq`` file by path."""
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.is_file():
        return parse_named_query(path)
    queries = named_queries()
    if name_or_file in queries:
        return queries[name_or_file]
    raise KgError(f"no named query {name_or_file!r} (known: {', '.join(queries)})", "query")


@dataclass
class Result:
    variables: list[str]
    rows: list[list[object]]       # each cell a str, int, float, bool or None
    boolean: bool | None = None

    def render(self, fmt: str = "table") -> str:
        if self.boolean is not None:
            return json.dumps({"boolean": self.boolean}) if fmt == "json" else str(self.boolean).lower()
        if fmt == "json":
            return json.dumps([dict(zip(self.variables, r)) for r in self.rows], ensure_ascii=False, indent=2)
        if fmt in ("csv", "tsv"):
            buf = io.StringIO()
            writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
            writer.writerow(self.variables)
            writer.writerows([["" if c is None else c for c in r] for r in self.rows])
            return buf.getvalue().rstrip("\n")
        return _table(self.variables, self.rows)


def _table(variables: list[str], rows: list[list[object]]) -> str:
    cells = [[("" if c is None else str(c)).replace("\n", " ") for c in r] for r in rows]
    widths = [min(60, max([len(v)] + [len(r[i]) for r in cells])) for i, v in enumerate(variables)]
    def line(values):
        return "  ".join((v if len(v) <= w else v[: w - 1] + "…").ljust(w) for v, w in zip(values, widths)).rstrip()
    out = [line(variables), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _cell_rdflib(term) -> object:
    if term is None:
        return None
    from rdflib import Literal
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (int, float, bool, str)):
            return value
        return str(term)
    return str(term)


def _cell_oxigraph(term) -> object:
    if term is None:
        return None
    import pyoxigraph as ox
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt.endswith("#integer") or dt.endswith("#int") or dt.endswith("#long"):
            try:
                return int(term.value)
            except ValueError:
                return term.value
        if dt.endswith("#boolean"):
            return term.value == "true"
        if dt.endswith("#decimal") or dt.endswith("#double") or dt.endswith("#float"):
            try:
                return float(term.value)
            except ValueError:
                return term.value
        return term.value
    return term.value


class RdflibBackend:
    """rdflib in memory: the default for small graphs."""

    def __init__(self, path: str | Path):
        import rdflib
        p = Path(path)
        if not p.is_file():
            raise KgError("no such graph file (build one with `kg build`)", str(p))
        self.dataset = rdflib.Dataset(default_union=True)
        fmt = rdflib.util.guess_format(str(p)) or "trig"
        try:
            self.dataset.parse(p, format=fmt)
        except Exception as exc:
            raise KgError(f"cannot parse as {fmt}: {str(exc).splitlines()[0]}", str(p)) from None

    def run(self, text: str, bindings: dict[str, str]) -> Result:
        from rdflib.plugins.sparql import prepareQuery
        text = bind_parameters(text, bindings)
        try:
            q = prepareQuery(text)
        except Exception as exc:
            raise QueryError(_parse_message(exc), "query") from None
        try:
            res = self.dataset.query(q)
            if res.type == "SELECT":
                _ = res.bindings  # evaluate now, inside the error handler
        except Exception as exc:  # rdflib raises many evaluation error types
            raise QueryError(f"query failed: {str(exc).splitlines()[0]}", "query") from None
        if res.type == "ASK":
            return Result([], [], bool(res.askAnswer))
        if res.type != "SELECT":
            raise QueryError("only SELECT and ASK queries print as tables; use `kg serve` for CONSTRUCT", "query")
        variables = [str(v) for v in res.vars if not str(v).endswith("_param")]
        rows = [[_cell_rdflib(row[v]) for v in variables] for row in res]
        return Result(variables, rows)


class OxigraphBackend:
    """A persistent Oxigraph store: fast on large graphs."""

    def __init__(self, store_dir: str | Path):
        import pyoxigraph as ox
        p = Path(store_dir)
        if not p.is_dir():
            raise KgError("no such store (build one with `kg build --store DIR`)", str(p))
        try:
            self.store = ox.Store.read_only(str(p))
        except OSError as exc:
            raise KgError(f"cannot open store: {exc}", str(p)) from None

    def run(self, text: str, bindings: dict[str, str]) -> Result:
        import pyoxigraph as ox
        try:
            from .store import union_view_needed
            res = self.store.query(bind_parameters(text, bindings),
                                   use_default_graph_as_union=union_view_needed(self.store))
        except SyntaxError as exc:
            raise QueryError(str(exc).splitlines()[0], "query") from None
        except OSError as exc:
            raise QueryError(str(exc), "query") from None
        if isinstance(res, ox.QueryBoolean):
            return Result([], [], bool(res))
        if not isinstance(res, ox.QuerySolutions):
            raise QueryError("only SELECT and ASK queries print as tables; use `kg serve` for CONSTRUCT", "query")
        variables = [v.value for v in res.variables if not v.value.endswith("_param")]
        rows = [[_cell_oxigraph(sol[v]) for v in variables] for sol in res]
        return Result(variables, rows)


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_parameters(text: str, bindings: dict[str, str]) -> str:
    """Bind ``?NAME_param`` variables with an inline VALUES block at the top of the WHERE
    group (portable across SPARQL engines; values are escaped as literals)."""
    if not bindings:
        return text
    values = " ".join(f"VALUES ?{k}_param {{ {_literal(k, v)} }}" for k, v in sorted(bindings.items()))
    if not _WHERE.search(text):
        raise QueryError("parameters need a query with a WHERE clause", "query")
    # Into every WHERE group: a subquery does not see the outer query's bindings.
    return _WHERE.sub(lambda m: m.group(0) + " " + values + " ", text)


def _literal(name: str, value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if name == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise QueryError(f"parameter date={value!r} must be YYYY-MM-DD", "query")
        return f'"{escaped}"^^<http://www.w3.org/2001/XMLSchema#date>'
    return f'"{escaped}"'


def _parse_message(exc: Exception) -> str:
    """rdflib's parser error as "line L, column C: expected …"."""
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "col", None)
    msg = getattr(exc, "msg", None) or str(exc).splitlines()[0]
    if line is not None and col is not None:
        return f"syntax error at line {line}, column {col}: {msg}"
    return f"syntax error: {msg}"


def run_query(query: NamedQuery | str, *, graph: str | Path | None = None, store: str | Path | None = None,
              params: dict[str, str] | None = None) -> Result:
    """Run a named query (or query text) against a graph file or a store."""
    nq = query if isinstance(query, NamedQuery) else None
    text = nq.text if nq else str(query)
    params = dict(params or {})
    if nq:
        unknown = set(params) - set(nq.params)
        if unknown:
            raise KgError(f"unknown parameter {sorted(unknown)[0]!r} (this query takes: "
                          f"{', '.join(nq.params) or 'none'})", nq.name)
        missing = [p for p, doc in nq.params.items() if "required" in doc and p not in params]
        if missing:
            raise KgError(f"parameter {missing[0]!r} is required: {nq.params[missing[0]]}", nq.name)
    backend = OxigraphBackend(store) if store else RdflibBackend(graph or "output/graph.trig")
    return backend.run(text, params)
