"""The build: article files → extractions → identities → quads → outputs.

Every step is a library call; ``kg build`` is a thin layer over :func:`build`.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .article import DEFAULT_MAX_BYTES, Article, find_article_files, read_article
from .errors import ArticleError, KgError, ValidationError
from .extract import extract_article
from .graph import article_quads, derived_quads, reference_quads
from .identity import Identity, resolve
from .model import Extraction
from .output import build_lock
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
    quads: list[Quad]            # all quads for a small build; empty for a large one
    validation: ValidationResult | None
    outputs: list[Path]
    quad_count: int = 0
    timings: dict[str, float] = field(default_factory=dict)   # seconds per stage

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
                 memberships=len(memberships), events=len(events), quads=self.quad_count or len(self.quads),
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
                   on_article: Callable[[str, Extraction | ArticleError], None] | None = None,
                   on_total: Callable[[int], None] | None = None) -> Corpus:
    """Read and extract every article under ``inputs``.

    A bad article is skipped and reported (``strict`` makes it fatal); the same article
    under two names is extracted once.
    """
    book = book or load_rulebook()
    paths = [str(p) for p in find_article_files(inputs)]
    if on_total:
        on_total(len(paths))
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
        if len(corpus.skipped) == 1:
            raise corpus.skipped[0]
        detail = f" ({len(corpus.skipped)} unusable; first: {corpus.skipped[0]})" if corpus.skipped else ""
        raise ArticleError(f"no usable articles{detail}", ", ".join(str(i) for i in inputs))
    extractions.sort(key=lambda e: (e.date, e.article_id))
    corpus.extractions = extractions
    corpus.identity = resolve(extractions)
    return corpus


def corpus_quads(corpus: Corpus, book: Rulebook | None = None) -> list[Quad]:
    """All quads: the reference graph, one graph per article, and the derived graph."""
    return [q for graph in iter_graph_quads(corpus, book or load_rulebook()) for q in graph]


def extract_text(text: str, date, book: Rulebook | None = None) -> Extraction:
    """Extract from a string (handy in notebooks and tests)."""
    from .text import clean_text
    return extract_article(Article(date=date, text=clean_text(text)), book)


# --------------------------------------------------------------------------- the build

#: Up to this many quads the build validates the whole graph with pySHACL and writes sorted,
#: pretty output; above it, shapes run as SPARQL on the store plus pySHACL on a sample.
SMALL_GRAPH = 40_000
SHACL_SAMPLE = 50


def iter_graph_quads(corpus: Corpus, book: Rulebook) -> Iterator[list[Quad]]:
    """The quads graph by graph: the reference graph, one per article, the derived graph."""
    yield list(reference_quads(book))
    for ext in corpus.extractions:
        yield article_quads(ext, corpus.identity, book)
    yield list(derived_quads(corpus.extractions, corpus.identity, book))


def build(inputs: Iterable[str | os.PathLike] = ("seeds",), out_dir: str | os.PathLike = "output", *,
          strict: bool = False, jobs: int | None = None, validate: bool = True, html: bool = True,
          ttl: bool = True, max_bytes: int = DEFAULT_MAX_BYTES, wait: bool = False,
          store: str | os.PathLike | None = None, progress: bool = False,
          on_article: Callable[[str, Extraction | ArticleError], None] | None = None) -> BuildReport:
    """Build the graph from ``inputs`` into ``out_dir``: graph.trig, graph.ttl, graph.html (and
    a persistent Oxigraph store at ``store``).

    Every quad streams into an Oxigraph store; the files are written from it. Nothing in
    ``out_dir`` or ``store`` changes unless the whole build succeeds and validates: outputs are
    staged beside their targets and swapped in at the end.
    """
    import pyoxigraph as ox

    from .output import atomic_path
    from .store import StoreLoader, swap_in

    out = Path(out_dir)
    book = load_rulebook()
    clock = _Clock()
    with build_lock(out, wait=wait), _progress(progress) as bar:
        def seen(path, result):
            bar.update(1)
            if on_article:
                on_article(path, result)
        corpus = extract_corpus(inputs, book, strict=strict, jobs=jobs, max_bytes=max_bytes, on_article=seen,
                                on_total=bar.reset)
        clock.lap("extract and resolve")
        staging = None
        if store is not None:
            target = Path(store)
            target.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))
        try:
            # Three sinks fill in parallel: the dataset in memory (graph.trig), the union of all
            # graphs in memory, deduplicated (validation, graph.ttl), and the persistent store,
            # which keeps the named graphs and, in its default graph, their deduplicated union.
            oxs = ox.Store()
            union = ox.Store()
            disk = ox.Store(str(staging)) if staging else None
            loaders = [StoreLoader(oxs), StoreLoader(union, triples=True)] + ([StoreLoader(disk, with_union=True)] if disk is not None else [])
            small_quads: list[Quad] | None = []
            for quads in iter_graph_quads(corpus, book):
                for loader in loaders:
                    loader.add(quads)
                if small_quads is not None:
                    small_quads.extend(quads)
                    if len(small_quads) > SMALL_GRAPH:
                        small_quads = None
            for loader in loaders:
                loader.close()
            quad_count = loaders[0].count
            del loaders, loader   # the persistent store must have no open handle when it is swapped in
            clock.lap("generate and load quads")
            result = None
            if validate:
                result = _validate(union, corpus, book, small_quads)
                clock.lap("validate")
                if not result.conforms:
                    first = result.failures[0]
                    raise ValidationError(f"graph does not conform to the SHACL shapes ({len(result.failures)} "
                                          f"problems); first: {first}")
            outputs = [out / "graph.trig"]
            with contextlib.ExitStack() as stack:
                trig = stack.enter_context(atomic_path(outputs[0]))
                _write_trig(oxs, small_quads, trig)
                clock.lap("write graph.trig")
                if ttl:
                    outputs.append(out / "graph.ttl")
                    _write_ttl(union, small_quads, stack.enter_context(atomic_path(outputs[-1])))
                    clock.lap("write graph.ttl")
                if html:
                    from .viz import write_viewer
                    outputs.append(out / "graph.html")
                    view_quads = small_quads if small_quads is not None else _viewer_sample(oxs, corpus)
                    write_viewer(view_quads, stack.enter_context(atomic_path(outputs[-1])), title="Knowledge graph")
                    clock.lap("write graph.html")
                if staging is not None:
                    disk.flush()
                    del disk
                    gc.collect()
                    swap_in(staging, Path(store))
                    outputs.append(Path(store))
                    clock.lap("flush and swap the store")
            return BuildReport(corpus, small_quads or [], result, outputs, quad_count, clock.laps)
        finally:
            if staging is not None and staging.exists():
                shutil.rmtree(staging, ignore_errors=True)


def _write_trig(oxs, small_quads, path: Path) -> None:
    import pyoxigraph as ox

    from .output import serialize_trig
    from .vocab import PREFIXES
    if small_quads is not None:   # sorted and pretty: the reviewed, diffable form
        serialize_trig(small_quads, path)
    else:
        oxs.dump(str(path), ox.RdfFormat.TRIG, prefixes=PREFIXES)


def _write_ttl(oxs, small_quads, path: Path) -> None:
    import pyoxigraph as ox

    from .output import serialize_turtle
    from .vocab import PREFIXES
    if small_quads is not None:
        serialize_turtle(small_quads, path)
    else:   # ``oxs`` is the union store: its default graph holds every triple once
        oxs.dump(str(path), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)


def _validate(union, corpus: Corpus, book: Rulebook, small_quads) -> ValidationResult:
    """Full pySHACL on small graphs; on large ones, the shapes as SPARQL over the whole
    (deduplicated) union plus pySHACL on a deterministic sample of article graphs."""
    if small_quads is not None:
        return validate_quads(small_quads)
    from .shapecheck import check_store
    result = check_store(union, union_view=False)
    if not result.conforms:
        return result
    step = max(1, len(corpus.extractions) // SHACL_SAMPLE)
    sample = corpus.extractions[::step][:SHACL_SAMPLE]
    quads: list[Quad] = list(reference_quads(book)) + list(derived_quads(sample, corpus.identity, book))
    for ext in sample:
        quads.extend(article_quads(ext, corpus.identity, book))
    return validate_quads(quads)


def _viewer_sample(oxs, corpus: Corpus, limit: int = 300) -> list[Quad]:
    """For a large graph the page shows the most recent articles' graphs (kg viz draws any part)."""
    from .export import store_quads
    recent = {f"<https://w3id.org/newskg/id/article/{e.article_id}>" for e in corpus.extractions[-limit:]}
    recent |= {"<https://w3id.org/newskg/id/graph/reference>"}
    return [q for q in store_quads(oxs) if q[3] in recent]


class _Clock:
    def __init__(self):
        import time
        self._now = time.perf_counter
        self.start = self.last = self._now()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = self._now()
        self.laps[name] = round(now - self.last, 3)
        self.last = now


@contextlib.contextmanager
def _progress(enabled: bool):
    """A progress bar with articles/s and ETA on a terminal; silent otherwise."""
    if enabled and sys.stderr.isatty():
        from tqdm import tqdm
        bar = tqdm(total=0, unit="article", file=sys.stderr, dynamic_ncols=True, desc="extracting")
        try:
            yield _Bar(bar)
        finally:
            bar.close()
    else:
        yield _Bar(None)


class _Bar:
    def __init__(self, bar):
        self.bar = bar

    def update(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def reset(self, total: int) -> None:
        if self.bar is not None:
            self.bar.reset(total=total)


def load_dataset(quads: list[Quad]):
    """The quads as an rdflib Dataset (one graph per article, plus reference and derived)."""
    import rdflib

    from .output import nquads_text
    ds = rdflib.Dataset()
    ds.parse(data=nquads_text(quads), format="nquads")
    return ds


__all__ = ["build", "extract_corpus", "corpus_quads", "load_dataset", "Corpus", "BuildReport", "KgError"]
