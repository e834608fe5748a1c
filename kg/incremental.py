"""Incremental builds: re-extract only the articles whose files changed, rewrite only the named
graphs that changed, and leave the rest of the store as it is.

A store made by ``kg build --store`` keeps its build state (see :mod:`kg.state`). The next
build of the same rules and code hashes every file whose size or time changed, extracts only
files it has not seen, brings the stored identity resolution up to date (re-clustering only
the events the change can reach, see :func:`kg.identity.update_identity`) and compares each
article's identity signature with the stored one: an unchanged article whose people or events
were not re-identified keeps its graph. Then it applies the difference to a copy of the store
made with a RocksDB checkpoint (hard links, milliseconds), validates the changed neighbourhood
and swaps the copy in, so an interrupted or failed update leaves the previous store untouched.
The result is the same store a full build of the corpus gives (the tests check this).
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .article import (
    DEFAULT_MAX_BYTES,
    find_article_files,
    no_usable_articles,
    read_article_file,
)
from .errors import ArticleError, ValidationError
from .graph import (
    article_iri,
    article_quads,
    attestations,
    identity_signature,
    interval_quads,
    interval_subjects,
)
from .identity import ArticleFacts, Identity, changed_articles, facts_of, update_identity
from .model import Extraction
from .output import nquads_text
from .rulebook import Rulebook
from .state import STATE_FILE, BuildState, FileKey, file_key, fingerprint
from .store import swap_in
from .terms import Quad, iri_value
from .validate import ValidationResult
from .vocab import DERIVED_GRAPH

#: When more than this share of the stored corpus (and at least MIN_CHANGES_FOR_FULL files) is
#: new, a full build is faster than applying the difference quad by quad.
FULL_REBUILD_SHARE = 0.25
MIN_CHANGES_FOR_FULL = 200


@dataclass
class Update:
    """What an incremental build changed."""

    order: list[str] = field(default_factory=list)      # the corpus's article ids, oldest first
    added: list[str] = field(default_factory=list)      # article ids new to the store
    removed: list[str] = field(default_factory=list)    # article ids no longer in the corpus
    reidentified: list[str] = field(default_factory=list)   # unchanged articles whose graph changed
    quads_added: int = 0
    quads_removed: int = 0
    quads: int = 0                                      # quads in the named graphs now
    skipped: list[ArticleError] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    validation: ValidationResult | None = None

    @property
    def articles(self) -> int:
        return len(self.order)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.reidentified)


def can_update(store_dir: str | os.PathLike, book: Rulebook) -> bool:
    """Whether ``store_dir`` holds a store an incremental build can start from."""
    state = BuildState.open_in(Path(store_dir))
    if state is None:
        return False
    try:
        return state.get("fingerprint") == fingerprint(book.directory)
    finally:
        state.close()


def update_store(inputs: Iterable[str | os.PathLike], store_dir: str | os.PathLike, book: Rulebook, *,
                 strict: bool = False, jobs: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 validate: bool = True, clock=None,
                 on_article: Callable[[str, Extraction | ArticleError], None] | None = None) -> Update | None:
    """Bring the store at ``store_dir`` in line with the articles under ``inputs``; None when so
    much is new that a full build should do it instead."""
    # The cached corpus is a few hundred thousand long-lived objects and the update makes no
    # reference cycles worth collecting: the cyclic collector would only rescan them (3x slower).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _update_store(inputs, store_dir, book, strict=strict, jobs=jobs, max_bytes=max_bytes,
                             validate=validate, clock=clock, on_article=on_article)
    finally:
        if enabled:
            gc.enable()


def _update_store(inputs, store_dir, book, *, strict, jobs, max_bytes, validate, clock, on_article) -> Update | None:
    from .pipeline import extract_files

    lap = clock.lap if clock is not None else (lambda name: None)
    target = Path(store_dir)
    state = BuildState.open_in(target)
    stored = state.articles()
    seen_files = state.known_files()
    before, old_facts = state.identity()
    quads = int(state.get("quads") or 0)
    state.close()
    report = Update()

    # 1. Which files are new: hash every file whose size or time changed; extract only unseen ones.
    paths = find_article_files(inputs)
    files, known, unseen = _scan_files(paths, seen_files, {a.sha: a.article_id for a in stored.values()},
                                       max_bytes, strict, report)
    if len(unseen) > max(MIN_CHANGES_FOR_FULL, len(stored) * FULL_REBUILD_SHARE):
        return None   # most of the corpus is new: a full build, bulk-loaded, is faster
    fresh: dict[str, tuple[str, Extraction]] = {}     # path -> (hash, extraction)
    for path, key, result in extract_files(unseen, book, jobs=jobs, max_bytes=max_bytes):
        if on_article:
            on_article(path, result)
        if isinstance(result, ArticleError):
            if strict:
                raise result
            report.skipped.append(result)
        else:
            fresh[path] = (key[2], result)
            files[path] = key
    lap("hash files, extract new ones")

    # 2. The corpus now; who is who across it; which graphs that changes.
    current, new_full = _corpus_now(paths, known, fresh, old_facts, report)
    if not current:
        raise no_usable_articles(report.skipped, inputs)
    facts = sorted(current.values(), key=lambda f: (f.date, f.article_id))
    ident = update_identity(before, old_facts, facts)
    report.order = [f.article_id for f in facts]
    resign = changed_articles(before, ident, facts) | set(new_full)   # the other signatures stand
    signatures = {f.article_id: identity_signature(f, ident) for f in facts if f.article_id in resign}
    report.added = sorted(new_full)
    report.removed = sorted(set(stored) - set(current))
    report.reidentified = sorted(aid for aid, sig in signatures.items()
                                 if aid in stored and sig != stored[aid].signature)
    lap("resolve identity")
    if not report.changed:
        report.quads = quads
        if files != seen_files:    # a cache of file hashes only: safe to refresh in place
            state = BuildState.open_in(target)
            with state.transaction():
                state.set_files(files)
            state.close()
        return report

    # 3. Apply the difference to a checkpoint of the store, then swap it in.
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))
    try:
        staging.rmdir()      # the checkpoint makes the directory itself
        source = ox.Store(str(target))
        source.backup(str(staging))
        del source
        shutil.copy2(target / STATE_FILE, staging / STATE_FILE)
        store = ox.Store(str(staging))
        state = BuildState(staging / STATE_FILE)
        with state.transaction():
            added = _apply(store, state, book, ident, signatures, new_full, report)
            state.set_identity(ident, facts)
            state.set_files(files)
        lap("update the store")
        if validate:
            report.validation = _validate_neighbourhood(store, added, state)
            lap("validate the changed graphs")
            if not report.validation.conforms:
                first = report.validation.failures[0]
                raise ValidationError(f"graph does not conform to the SHACL shapes "
                                      f"({len(report.validation.failures)} problems); first: {first}")
        report.quads = int(state.get("quads") or 0)
        state.close()
        store.flush()
        del store
        swap_in(staging, target)
        lap("flush and swap the store")
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return report


def _scan_files(paths: list[str], seen_files: dict[str, FileKey], article_of: dict[str, str], max_bytes: int,
                strict: bool, report: Update) -> tuple[dict[str, FileKey], dict[str, str], list[str]]:
    """Each file's key (read and hashed only when its size or time changed); the article of each
    file already stored; the files not seen before."""
    files: dict[str, FileKey] = {}
    known: dict[str, str] = {}
    unseen: list[str] = []
    for path in paths:
        before = seen_files.get(path)
        try:
            stat = os.stat(path) if before is not None else None
            if stat is not None and before[:2] == (stat.st_size, stat.st_mtime_ns):
                key = before
            else:
                key = file_key(*read_article_file(path, max_bytes))
        except (ArticleError, OSError) as exc:
            if isinstance(exc, OSError):   # gone since it was listed: say so as reading it would
                exc = ArticleError(f"cannot read: {exc.strerror}", path)
            if strict:
                raise exc from None
            report.skipped.append(exc)
            continue
        if key[2] in article_of:
            known[path] = article_of[key[2]]
            files[path] = key
        else:
            unseen.append(path)
    return files, known, unseen


def _corpus_now(paths: list[str], known: dict[str, str], fresh: dict[str, tuple[str, Extraction]],
                stored: dict[str, ArticleFacts], report: Update
                ) -> tuple[dict[str, ArticleFacts], dict[str, tuple[str, Extraction]]]:
    """What identity resolution reads from every article of the corpus, in file order (the first
    file of an article wins, as in a full build), and the full extraction of each article new
    to the store."""
    current: dict[str, ArticleFacts] = {}
    new_full: dict[str, tuple[str, Extraction]] = {}
    sources: dict[str, str] = {}
    for path in paths:
        if path in known:
            aid, ext = known[path], None
        elif path in fresh:
            sha, ext = fresh[path]
            aid = ext.article_id
        else:
            continue
        if aid in sources:
            report.duplicates.append((path, sources[aid]))
            continue
        sources[aid] = path
        if aid in stored:     # unchanged, or the same article under a new file (say, re-encoded)
            current[aid] = stored[aid]
        else:
            current[aid] = facts_of(ext)
            new_full[aid] = (sha, ext)
    return current, new_full


def _parse(quads: Iterable[Quad]) -> set:
    text = nquads_text(quads)
    return set(ox.parse(text, ox.RdfFormat.N_QUADS)) if text else set()


def _named(term: str) -> ox.NamedNode:
    return ox.NamedNode(iri_value(term))


def _apply(store: ox.Store, state: BuildState, book: Rulebook, ident: Identity, signatures: dict[str, str],
           new_full: dict, report: Update) -> set:
    """Rewrite the named graphs that changed, the derived intervals they touch and the union;
    record the articles in ``state``. Returns the quads added."""
    added: set = set()
    removed: set = set()
    touched: set[str] = set()           # membership keys whose intervals may change

    def rewrite(article_id: str, ext: Extraction | None) -> None:
        old = set(store.quads_for_pattern(None, None, None, _named(article_iri(article_id))))
        new = _parse(article_quads(ext, ident, book)) if ext is not None else set()
        removed.update(old - new)
        added.update(new - old)

    for aid in report.removed:
        touched.update(a.membership for a in state.attestations(aid))
        rewrite(aid, None)
        state.remove(aid)
    for aid in report.reidentified:
        ext = state.extraction(aid)
        touched.update(a.membership for a in state.attestations(aid))
        rows = attestations(ext, ident, book)
        touched.update(key for key, _, _ in rows)
        rewrite(aid, ext)
        state.set_signature(aid, signatures[aid], rows)
    for aid in report.added:
        sha, ext = new_full[aid]
        rows = attestations(ext, ident, book)
        touched.update(key for key, _, _ in rows)
        rewrite(aid, ext)
        state.put(ext, sha, signatures[aid], rows)

    # The derived graph: the intervals of every membership the changed articles speak of.
    derived = ox.NamedNode(str(DERIVED_GRAPH))
    new_derived: list[Quad] = []
    for key, rows in state.attestations_of(touched).items():
        for subject in interval_subjects(key):
            removed.update(store.quads_for_pattern(_named(subject), None, None, derived))
        if rows:
            ended = [a.date for a in rows if a.ended]
            new_derived.extend(interval_quads(key, [a.date for a in rows if not a.ended],
                                              min(ended) if ended else None))
    derived_new = _parse(new_derived)
    added |= derived_new - removed
    removed -= derived_new

    for quad in removed:
        store.remove(quad)
    for aid in report.removed:     # and forget the empty graph's name
        store.remove_graph(_named(article_iri(aid)))
    store.extend(added)
    # The default graph keeps the deduplicated union of the named graphs.
    default = ox.DefaultGraph()
    store.extend(ox.Quad(q.subject, q.predicate, q.object, default) for q in added)
    for triple in {(q.subject, q.predicate, q.object) for q in removed}:
        if not any(not isinstance(q.graph_name, ox.DefaultGraph) for q in store.quads_for_pattern(*triple, None)):
            store.remove(ox.Quad(*triple, default))
    report.quads_added, report.quads_removed = len(added), len(removed)
    state.set("quads", str(int(state.get("quads") or 0) + len(added) - len(removed)))
    return added


def _validate_neighbourhood(store: ox.Store, added: set, state: BuildState) -> ValidationResult:
    """The shapes on what changed: every node that gained statements, with all the store says
    about it and the type and scheme of each node it points to, checked as SPARQL (see
    :mod:`kg.shapecheck`). Only failures of the changed nodes count. The shapes that need full
    SHACL concern the topic scheme, which comes from the rules and so never changes here."""
    from .shapecheck import SHAPE_CHECKS_KEY, check_store, load_checks
    checks = load_checks(state.get(SHAPE_CHECKS_KEY))   # compiled by the last full build
    default = ox.DefaultGraph()
    about_links = [ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                   ox.NamedNode("http://www.w3.org/2004/02/skos/core#inScheme")]
    focus = {q.subject for q in added if isinstance(q.subject, ox.NamedNode)}
    triples: list = []
    linked = set()
    for s in focus:
        for q in store.quads_for_pattern(s, None, None, default):
            triples.append(q)
            if isinstance(q.object, ox.NamedNode):
                linked.add(q.object)
    for o in linked - focus:
        for p in about_links:
            triples.extend(store.quads_for_pattern(o, p, None, default))
    hood = ox.Store()
    hood.extend(triples)
    return _only(check_store(hood, union_view=False, checks=checks), {n.value for n in focus})


def _only(result: ValidationResult, focus: set[str]) -> ValidationResult:
    failures = tuple(f for f in result.failures if f.focus in focus)
    return ValidationResult(not failures, failures)
