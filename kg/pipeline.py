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

from .article import (
    DEFAULT_MAX_BYTES,
    Article,
    find_article_files,
    no_usable_articles,
    parse_article,
    read_article_file,
)
from .errors import ArticleError, KgError, ValidationError
from .extract import extract_article
from .graph import (
    article_iri,
    article_quads,
    attestations,
    derived_quads,
    identity_signature,
    reference_quads,
)
from .identity import ArticleFacts, Identity, facts_of, resolve
from .incremental import Update, can_update, update_store
from .model import Extraction
from .output import atomic_path, build_lock
from .rulebook import Rulebook, load_rulebook
from .state import STATE_FILE, BuildState, FileKey, file_key, fingerprint
from .terms import Quad, iri
from .validate import ValidationResult, validate_quads
from .vocab import REFERENCE_GRAPH


@dataclass
class Corpus:
    """The extracted corpus: what every article said, and who is who across them."""

    extractions: list[Extraction]
    identity: Identity
    sources: dict[str, str] = field(default_factory=dict)        # article id -> first file
    skipped: list[ArticleError] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, same as file)
    files: dict[str, FileKey] = field(default_factory=dict)      # path -> what the file was
    facts: list[ArticleFacts] = field(default_factory=list)      # what identity was resolved from

    def admit(self, path: str, key: FileKey | None, result: Extraction | ArticleError, strict: bool) -> bool:
        """Record one file's outcome; True when it is a new, usable article."""
        if isinstance(result, ArticleError):
            if strict:
                raise result
            self.skipped.append(result)
            return False
        self.files[path] = key
        if result.article_id in self.sources:
            self.duplicates.append((path, self.sources[result.article_id]))
            return False
        self.sources[result.article_id] = path
        return True

    def finish(self, extractions: list[Extraction], inputs: Iterable) -> None:
        """Sort the articles by date and resolve who is who across them."""
        if not extractions:
            raise no_usable_articles(self.skipped, inputs)
        extractions.sort(key=lambda e: (e.date, e.article_id))
        self.extractions = extractions
        self.facts = [facts_of(e) for e in extractions]
        self.identity = resolve(self.facts)


@dataclass
class BuildReport:
    corpus: Corpus
    quads: list[Quad]            # all quads for a small build; empty for a large one
    validation: ValidationResult | None
    outputs: list[Path]
    quad_count: int = 0
    timings: dict[str, float] = field(default_factory=dict)   # seconds per stage
    update: Update | None = None   # what an incremental build changed (None: a full build)

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
    """A forked worker already holds the parent's rulebook, compiled; a spawned one loads it."""
    global _WORKER_BOOK
    if _WORKER_BOOK is None or str(_WORKER_BOOK.directory) != rules_dir:
        _WORKER_BOOK = load_rulebook(rules_dir)


def _extract_path(args: tuple[str, int]) -> tuple[str, FileKey | None, Extraction | ArticleError]:
    path, max_bytes = args
    try:
        raw, stat = read_article_file(path, max_bytes)
        return path, file_key(raw, stat), extract_article(parse_article(raw, path, max_bytes), _WORKER_BOOK)
    except ArticleError as exc:
        return path, None, exc


def extract_files(paths: list[str], book: Rulebook, *, jobs: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES
                  ) -> Iterator[tuple[str, FileKey | None, Extraction | ArticleError]]:
    """(path, what the file was, extraction or the error that made it unusable) for each file,
    in order; over a pool of worker processes when there are many."""
    global _WORKER_BOOK
    jobs = jobs or os.cpu_count() or 1
    _WORKER_BOOK = book
    if jobs > 1 and len(paths) >= 64:
        book.phrases.compile()   # once, before the workers fork from this process and share it
        with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(str(book.directory),)) as pool:
            try:
                yield from pool.map(_extract_path, [(p, max_bytes) for p in paths], chunksize=32)
            finally:
                pool.shutdown(cancel_futures=True)
    else:
        for p in paths:
            yield _extract_path((p, max_bytes))


def extract_corpus(inputs: Iterable[str | os.PathLike], book: Rulebook | None = None, *,
                   strict: bool = False, jobs: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                   on_article: Callable[[str, Extraction | ArticleError], None] | None = None,
                   on_total: Callable[[int], None] | None = None) -> Corpus:
    """Read and extract every article under ``inputs``.

    A bad article is skipped and reported (``strict`` makes it fatal); the same article
    under two names is extracted once.
    """
    book = book or load_rulebook()
    paths = find_article_files(inputs)
    if on_total:
        on_total(len(paths))
    corpus = Corpus([], Identity())
    extractions: list[Extraction] = []
    for path, key, result in extract_files(paths, book, jobs=jobs, max_bytes=max_bytes):
        if on_article:
            on_article(path, result)
        if corpus.admit(path, key, result, strict):
            extractions.append(result)
    corpus.finish(extractions, inputs)
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
VIEWER_ARTICLES = 300   # a large graph's page shows this many of the latest articles


def iter_graph_quads(corpus: Corpus, book: Rulebook) -> Iterator[list[Quad]]:
    """The quads graph by graph: the reference graph, one per article, the derived graph."""
    yield list(reference_quads(book))
    for ext in corpus.extractions:
        yield article_quads(ext, corpus.identity, book)
    yield list(derived_quads(corpus.extractions, corpus.identity, book))


def build(inputs: Iterable[str | os.PathLike] = ("seeds",), out_dir: str | os.PathLike = "output", *,
          strict: bool = False, jobs: int | None = None, validate: bool = True, html: bool = True,
          ttl: bool = True, max_bytes: int = DEFAULT_MAX_BYTES, wait: bool = False,
          store: str | os.PathLike | None = None, progress: bool = False, trig: bool = True,
          full: bool = False,
          on_article: Callable[[str, Extraction | ArticleError], None] | None = None) -> BuildReport:
    """Build the graph from ``inputs`` into ``out_dir``: graph.trig, graph.ttl, graph.html (and
    a persistent Oxigraph store at ``store``).

    Every quad streams into an Oxigraph store; the files are written from it. Nothing in
    ``out_dir`` or ``store`` changes unless the whole build succeeds and validates: outputs are
    staged beside their targets and swapped in at the end.

    When ``store`` already holds a build of the same rules and code, the build is incremental
    (see :mod:`kg.incremental`); ``full`` rebuilds from scratch anyway.
    """
    import pyoxigraph as ox

    from .store import StoreLoader, swap_in, trig_writer

    out = Path(out_dir)
    book = load_rulebook()
    clock = _Clock()
    with build_lock(out, wait=wait), _store_lock(store, out, wait), _progress(progress) as bar:
        def seen(path, result):
            bar.update(1)
            if on_article:
                on_article(path, result)
        if store is not None and not full and Path(store).is_dir() and can_update(store, book):
            bar.reset(0)
            update = update_store(inputs, store, book, strict=strict, jobs=jobs, max_bytes=max_bytes,
                                  validate=validate, clock=clock, on_article=seen)
            if update is not None:
                outputs = _write_from_store(Path(store), update, out, trig=trig, ttl=ttl, html=html, clock=clock)
                corpus = Corpus([], Identity(), skipped=update.skipped, duplicates=update.duplicates)
                return BuildReport(corpus, [], update.validation, outputs, update.quads, clock.laps, update)
        corpus = extract_corpus(inputs, book, strict=strict, jobs=jobs, max_bytes=max_bytes, on_article=seen,
                                on_total=bar.reset)
        clock.lap("extract and resolve")
        staging = None
        if store is not None:
            target = Path(store)
            target.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))
        try:
            gc.freeze()   # the corpus lives to the end: keep the cyclic collector from rescanning it
            # The batches fan out in parallel to the union of all graphs in memory, deduplicated
            # (validation, graph.ttl), the persistent store, which keeps the named graphs and, in
            # its default graph, their union, and graph.trig, staged until the build succeeds.
            stack = contextlib.ExitStack()
            with stack:
                union = ox.Store()
                disk = ox.Store(str(staging)) if staging else None
                trig_path = stack.enter_context(atomic_path(out / "graph.trig")) if trig else None
                trig_file = stack.enter_context(open(trig_path, "wb")) if trig else None
                loader = StoreLoader([(union, "triples")]
                                     + ([(disk, "quads+union")] if disk is not None else [])
                                     + ([(trig_writer(trig_file), "quads")] if trig else []))
                small_quads: list[Quad] | None = []
                recent = {article_iri(e.article_id) for e in corpus.extractions[-VIEWER_ARTICLES:]}
                recent.add(iri(str(REFERENCE_GRAPH)))
                view_quads: list[Quad] = []
                for quads in iter_graph_quads(corpus, book):
                    loader.add(quads)
                    if quads and quads[0][3] in recent:
                        view_quads.extend(quads)
                    if small_quads is not None:
                        small_quads.extend(quads)
                        if len(small_quads) > SMALL_GRAPH:
                            small_quads = None
                loader.close()
                if trig_file is not None:
                    trig_file.close()
                quad_count = loader.quads    # distinct quads (an article can state one fact twice)
                del loader   # the persistent store must have no open handle when it is swapped in
                clock.lap("generate and load quads")
                result = None
                if validate:
                    result = _validate(union, corpus, book, small_quads)
                    clock.lap("validate")
                    if not result.conforms:
                        first = result.failures[0]
                        raise ValidationError(f"graph does not conform to the SHACL shapes ({len(result.failures)} "
                                              f"problems); first: {first}")
                outputs = [out / "graph.trig"] if trig else []
                if trig and small_quads is not None:   # sorted and pretty: the reviewed, diffable form
                    _write_trig(None, small_quads, trig_path)
                outputs += _write_outputs(stack, out, union, small_quads,
                                          small_quads if small_quads is not None else view_quads,
                                          ttl=ttl, html=html, clock=clock)
                if staging is not None:
                    _write_state(staging, corpus, book, quad_count)
                    clock.lap("write the build state")
                    disk.flush()
                    del disk
                    gc.collect()
                    swap_in(staging, Path(store))
                    outputs.append(Path(store))
                    clock.lap("flush and swap the store")
            return BuildReport(corpus, small_quads or [], result, outputs, quad_count, clock.laps)
        finally:
            gc.unfreeze()
            if staging is not None and staging.exists():
                shutil.rmtree(staging, ignore_errors=True)


def _store_lock(store: str | os.PathLike | None, out: Path, wait: bool):
    """Two builds must not update one store: lock the directory it lives in (unless that is the
    output directory, already locked)."""
    if store is None or Path(store).resolve().parent == out.resolve():
        return contextlib.nullcontext()
    return build_lock(Path(store).resolve().parent, wait=wait)


def _write_state(store_dir: Path, corpus: Corpus, book: Rulebook, quads: int) -> None:
    """What the next build needs to be incremental (see :mod:`kg.state`)."""
    from .shapecheck import SHAPE_CHECKS_KEY, compile_shapes, dump_checks
    state = BuildState(store_dir / STATE_FILE)
    with state.transaction():
        state.set("fingerprint", fingerprint(book.directory))
        state.set("quads", str(quads))
        state.set(SHAPE_CHECKS_KEY, dump_checks(compile_shapes()))
        for ext, facts in zip(corpus.extractions, corpus.facts):
            sha = corpus.files[corpus.sources[ext.article_id]][2]
            state.put(ext, sha, identity_signature(facts, corpus.identity), attestations(ext, corpus.identity, book))
        state.set_identity(corpus.identity, corpus.facts)
        state.set_files(corpus.files)
    state.close()


def _write_from_store(store_dir: Path, update: Update, out: Path, *, trig: bool, ttl: bool, html: bool,
                      clock: _Clock) -> list[Path]:
    """graph.trig, graph.ttl and graph.html after an incremental build, written from the store
    the way a full build writes them."""
    from .export import store_quads
    from .store import open_store
    if not (trig or ttl or html):
        return [store_dir]
    out.mkdir(parents=True, exist_ok=True)
    st = open_store(store_dir)
    small_quads = store_quads(st) if update.quads <= SMALL_GRAPH else None
    with contextlib.ExitStack() as stack:
        outputs = []
        if trig:
            outputs.append(out / "graph.trig")
            _write_trig(st, small_quads, stack.enter_context(atomic_path(outputs[-1])))
            clock.lap("write graph.trig")
        view_quads = small_quads if small_quads is not None else _viewer_sample(st, update.order[-VIEWER_ARTICLES:])
        outputs += _write_outputs(stack, out, st, small_quads, view_quads, ttl=ttl, html=html, clock=clock)
    return outputs + [store_dir]


def _write_outputs(stack: contextlib.ExitStack, out: Path, union, small_quads, view_quads: list[Quad], *,
                   ttl: bool, html: bool, clock: _Clock) -> list[Path]:
    """graph.ttl from ``union``'s default graph (or sorted from ``small_quads``) and graph.html
    of ``view_quads``; each staged in ``stack``, swapped in when it closes."""
    outputs: list[Path] = []
    if ttl:
        outputs.append(out / "graph.ttl")
        _write_ttl(union, small_quads, stack.enter_context(atomic_path(outputs[-1])))
        clock.lap("write graph.ttl")
    if html:
        from .viz import write_viewer
        outputs.append(out / "graph.html")
        write_viewer(view_quads, stack.enter_context(atomic_path(outputs[-1])), title="Knowledge graph")
        clock.lap("write graph.html")
    return outputs


def _write_trig(store, small_quads, path: Path) -> None:
    """The named graphs of a store that keeps their union in its default graph: sorted and
    pretty for a small graph, streamed by Oxigraph for a large one."""
    import pyoxigraph as ox

    from .output import serialize_trig
    from .vocab import PREFIXES
    if small_quads is not None:   # sorted and pretty: the reviewed, diffable form
        serialize_trig(small_quads, path)
    else:
        ox.serialize((q for q in store if not isinstance(q.graph_name, ox.DefaultGraph)), str(path),
                     ox.RdfFormat.TRIG, prefixes=PREFIXES)


def _write_ttl(store, small_quads, path: Path) -> None:
    """The union of all graphs; ``store`` keeps it, deduplicated, in its default graph."""
    import pyoxigraph as ox

    from .output import serialize_turtle
    from .vocab import PREFIXES
    if small_quads is not None:
        serialize_turtle(small_quads, path)
    else:
        store.dump(str(path), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)


def _validate(union, corpus: Corpus, book: Rulebook, small_quads) -> ValidationResult:
    """Full pySHACL on small graphs; on large ones, the shapes as SPARQL over the whole
    (deduplicated) union plus pySHACL on a deterministic sample of article graphs."""
    if small_quads is not None:
        return validate_quads(small_quads)
    from concurrent.futures import ThreadPoolExecutor

    from .shapecheck import check_store
    # pySHACL (Python) runs beside the compiled checks (Oxigraph, which releases the GIL)
    with ThreadPoolExecutor(1) as pool:
        sampled = pool.submit(_validate_sample, corpus, book)
        result = check_store(union, union_view=False)
        sample_result = sampled.result()
    return result if not result.conforms else sample_result


def _validate_sample(corpus: Corpus, book: Rulebook) -> ValidationResult:
    """pySHACL on the reference graph and a deterministic sample of article graphs."""
    step = max(1, len(corpus.extractions) // SHACL_SAMPLE)
    sample = corpus.extractions[::step][:SHACL_SAMPLE]
    quads: list[Quad] = list(reference_quads(book)) + list(derived_quads(sample, corpus.identity, book))
    for ext in sample:
        quads.extend(article_quads(ext, corpus.identity, book))
    return validate_quads(quads)


def _viewer_sample(store, article_ids: list[str]) -> list[Quad]:
    """For a large graph the page shows the most recent articles' graphs and the reference graph
    (kg viz draws any part)."""
    import pyoxigraph as ox

    from .graph import article_iri
    from .terms import iri_value
    from .vocab import REFERENCE_GRAPH
    graphs = [iri_value(article_iri(a)) for a in article_ids] + [str(REFERENCE_GRAPH)]
    return [(str(q.subject), str(q.predicate), str(q.object), f"<{g}>")
            for g in graphs for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g))]


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
