"""The build: article files → extractions → identities → quads → outputs.

Every step is a library call; ``kg build`` is a thin layer over :func:`build`.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .article import DEFAULT_MAX_BYTES, Article, find_article_files, read_article
from .errors import ArticleError, KgError, ValidationError
from .extract import extract_article
from .graph import article_quads, derived_quads, reference_quads
from .identity import Identity, resolve
from .model import Extraction
from .output import build_lock, write_trig, write_turtle
from .rulebook import Rulebook, load_rulebook
from .terms import Quad
from .validate import ValidationResult, validate_quads


@dataclass
class Corpus:
    """The extracted corpus: what every article said, and who is who across them."""

    extractions: list[Extraction]
    identity: Identity
    sources: dict[str, str] = field(default_factory=dict)        # article id -> first file
    skipped: list[ArticleError] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, same as file)


@dataclass
class BuildReport:
    corpus: Corpus
    quads: list[Quad]
    validation: ValidationResult | None
    outputs: list[Path]

    def counts(self) -> Counter:
        c: Counter = Counter()
        people: set[str] = set()
        events: set[str] = set()
        memberships: set[tuple] = set()
        orgs: set[str] = set()
        ident = self.corpus.identity
        for ext in self.corpus.extractions:
            people |= {ident.person(k) for k in ext.persons}
            orgs |= set(ext.organisations)
            memberships |= {(ident.person(r.person), r.identity[1:]) for r in ext.roles if r.org}
            events |= {ident.event_of[(ext.article_id, i)].iri_key for i in range(len(ext.events))}
        c.update(articles=len(self.corpus.extractions), people=len(people), organisations=len(orgs),
                 memberships=len(memberships), events=len(events), quads=len(self.quads),
                 skipped=len(self.corpus.skipped), duplicates=len(self.corpus.duplicates))
        return c


# --------------------------------------------------------------------------- extraction

_WORKER_BOOK: Rulebook | None = None


def _init_worker(rules_dir: str) -> None:
    global _WORKER_BOOK
    _WORKER_BOOK = load_rulebook(rules_dir)


def _extract_path(args: tuple[str, int]) -> tuple[str, Extraction | ArticleError]:
    path, max_bytes = args
    try:
        article = read_article(path, max_bytes)
        return path, extract_article(article, _WORKER_BOOK)
    except ArticleError as exc:
        return path, exc


def extract_corpus(inputs: Iterable[str | os.PathLike], book: Rulebook | None = None, *,
                   strict: bool = False, jobs: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                   on_article: Callable[[str, Extraction | ArticleError], None] | None = None) -> Corpus:
    """Read and extract every article under ``inputs``.

    A bad article is skipped and reported (``strict`` makes it fatal); the same article
    under two names is extracted once.
    """
    book = book or load_rulebook()
    paths = [str(p) for p in find_article_files(inputs)]
    jobs = jobs or os.cpu_count() or 1
    results: Iterable[tuple[str, Extraction | ArticleError]]
    if jobs > 1 and len(paths) >= 64:
        pool = ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(str(book.directory),))
        results = pool.map(_extract_path, [(p, max_bytes) for p in paths], chunksize=32)
    else:
        pool = None
        global _WORKER_BOOK
        _WORKER_BOOK = book
        results = (_extract_path((p, max_bytes)) for p in paths)
    extractions: list[Extraction] = []
    corpus = Corpus([], Identity())
    try:
        for path, result in results:
            if on_article:
                on_article(path, result)
            if isinstance(result, ArticleError):
                if strict:
                    raise result
                corpus.skipped.append(result)
                continue
            if result.article_id in corpus.sources:
                corpus.duplicates.append((path, corpus.sources[result.article_id]))
                continue
            corpus.sources[result.article_id] = path
            extractions.append(result)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    if not extractions:
        detail = f" ({len(corpus.skipped)} unusable)" if corpus.skipped else ""
        raise ArticleError(f"no usable articles{detail}", ", ".join(str(i) for i in inputs))
    extractions.sort(key=lambda e: (e.date, e.article_id))
    corpus.extractions = extractions
    corpus.identity = resolve(extractions)
    return corpus


def corpus_quads(corpus: Corpus, book: Rulebook | None = None) -> list[Quad]:
    """All quads: the reference graph, one graph per article, and the derived graph."""
    book = book or load_rulebook()
    quads: list[Quad] = list(reference_quads(book))
    for ext in corpus.extractions:
        quads.extend(article_quads(ext, corpus.identity, book))
    quads.extend(derived_quads(corpus.extractions, corpus.identity, book))
    return quads


def extract_text(text: str, date, book: Rulebook | None = None) -> Extraction:
    """Extract from a string (handy in notebooks and tests)."""
    from .text import clean_text
    return extract_article(Article(date=date, text=clean_text(text)), book)


# --------------------------------------------------------------------------- the build

def build(inputs: Iterable[str | os.PathLike] = ("seeds",), out_dir: str | os.PathLike = "output", *,
          strict: bool = False, jobs: int | None = None, validate: bool = True, html: bool = True,
          max_bytes: int = DEFAULT_MAX_BYTES, wait: bool = False, store: str | os.PathLike | None = None,
          on_article: Callable[[str, Extraction | ArticleError], None] | None = None) -> BuildReport:
    """Build the graph from ``inputs`` into ``out_dir``: graph.trig, graph.ttl, graph.html.

    Nothing in ``out_dir`` changes unless the whole build succeeds (and validates).
    """
    out = Path(out_dir)
    book = load_rulebook()
    with build_lock(out, wait=wait):
        corpus = extract_corpus(inputs, book, strict=strict, jobs=jobs, max_bytes=max_bytes, on_article=on_article)
        quads = corpus_quads(corpus, book)
        result = validate_quads(quads) if validate else None
        if result is not None and not result.conforms:
            first = result.failures[0]
            raise ValidationError(f"graph does not conform to the SHACL shapes ({len(result.failures)} "
                                  f"problems); first: {first}")
        outputs = [out / "graph.trig", out / "graph.ttl"]
        write_trig(quads, outputs[0])
        write_turtle(quads, outputs[1])
        if html:
            from .viz import write_viewer
            outputs.append(out / "graph.html")
            write_viewer(quads, outputs[2], title="Knowledge graph")
        if store is not None:
            from .store import write_store
            outputs.append(write_store(quads, store))
        return BuildReport(corpus, quads, result, outputs)


def load_dataset(quads: list[Quad]):
    """The quads as an rdflib Dataset (one graph per article, plus reference and derived)."""
    import rdflib

    from .output import nquads_text
    ds = rdflib.Dataset()
    ds.parse(data=nquads_text(quads), format="nquads")
    return ds


def warn(message: str) -> None:
    print(message, file=sys.stderr)


__all__ = ["build", "extract_corpus", "corpus_quads", "load_dataset", "Corpus", "BuildReport", "KgError"]
