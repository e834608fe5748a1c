"""SHACL validation of the built graph against ``ontology/shapes.ttl``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import rdflib
from rdflib.namespace import SH

from .errors import KgError
from .output import ntriples_text
from .terms import Quad

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"


@dataclass(frozen=True)
class Failure:
    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        return f"{self.focus}{where}: {self.message}"


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    failures: tuple[Failure, ...]


def shapes_path() -> Path:
    path = ONTOLOGY_DIR / "shapes.ttl"
    if not path.is_file():
        raise KgError("SHACL shapes not found (install the project with `pip install -e .` from its checkout)",
                      str(path))
    return path


@lru_cache(maxsize=1)
def shapes_graph() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(shapes_path(), format="turtle")
    return g


def union_graph(quads: list[Quad]) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=ntriples_text({(s, p, o) for s, p, o, _ in quads}), format="nt")
    return g


def validate_graph(data: rdflib.Graph) -> ValidationResult:
    from pyshacl import validate

    conforms, report, _ = validate(data, shacl_graph=shapes_graph(), inference="none",
                                   abort_on_first=False, allow_warnings=True, advanced=True)
    failures = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        if severity is not None and severity != SH.Violation:
            continue
        failures.append(Failure(str(report.value(result, SH.focusNode)),
                                str(report.value(result, SH.resultPath) or ""),
                                str(report.value(result, SH.resultMessage) or "does not conform")))
    failures.sort(key=lambda f: (f.focus, f.path, f.message))
    return ValidationResult(bool(conforms) or not failures, tuple(failures))


def validate_quads(quads: list[Quad]) -> ValidationResult:
    return validate_graph(union_graph(quads))


def validate_file(path: str | Path) -> ValidationResult:
    p = Path(path)
    if not p.is_file():
        raise KgError("no such file", str(p))
    fmt = rdflib.util.guess_format(str(p)) or "turtle"
    try:
        if fmt in {"trig", "nquads"}:
            ds = rdflib.Dataset()
            ds.parse(p, format=fmt)
            g = rdflib.Graph()
            for s, pr, o, _ in ds.quads():
                g.add((s, pr, o))
        else:
            g = rdflib.Graph()
            g.parse(p, format=fmt)
    except Exception as exc:  # rdflib raises many parser types
        raise KgError(f"cannot parse as {fmt}: {str(exc).splitlines()[0]}", str(p)) from None
    return validate_graph(g)
