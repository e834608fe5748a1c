"""The persistent store: an Oxigraph database directory, replaced atomically.

A build bulk-loads its quads into a fresh directory beside the store and swaps it in
only when loading succeeded, so an interrupted build leaves the previous store as it was
(Oxigraph's bulk loader is fast but not transactional).
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .errors import KgError
from .output import ntriples_text
from .terms import Quad

BATCH = 50_000


def write_store(quads: Iterable[Quad], store_dir: str | os.PathLike) -> Path:
    """Bulk-load ``quads`` into a new store at ``store_dir`` (replacing any old one atomically).

    Like ``kg build --store``, the store keeps the named graphs and, in its default graph,
    their deduplicated union.
    """
    target = Path(store_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))
    try:
        store = ox.Store(str(staging))
        loader = StoreLoader([(store, "quads+union")])
        loader.add(quads)
        loader.close()
        store.flush()
        del store, loader
        import gc
        gc.collect()
        swap_in(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


def swap_in(staging: Path, target: Path) -> None:
    """Replace ``target`` with ``staging``: two renames, the old copy removed last."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        if old.exists():
            shutil.rmtree(old)
        os.replace(target, old)
    os.replace(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


_UNION_CACHE: dict[int, bool] = {}


def union_view_needed(store: ox.Store) -> bool:
    """Whether queries must ask Oxigraph for the union of the named graphs.

    A store built by ``kg build`` keeps the union, deduplicated, in its default graph (queries
    without GRAPH are then set-like and fast); a store loaded from other files has an empty
    default graph and needs the union view.
    """
    key = id(store)
    if key not in _UNION_CACHE:
        _UNION_CACHE[key] = not bool(store.query("ASK { ?s ?p ?o }"))
    return _UNION_CACHE[key]


def open_store(store_dir: str | os.PathLike, read_only: bool = True) -> ox.Store:
    p = Path(store_dir)
    if not p.is_dir():
        raise KgError("no such store (build one with `kg build --store DIR`)", str(p))
    try:
        return ox.Store.read_only(str(p)) if read_only else ox.Store(str(p))
    except OSError as exc:
        raise KgError(f"cannot open store: {exc}", str(p)) from None


def load_files(paths: Iterable[str | os.PathLike]) -> ox.Store:
    """An in-memory store holding any RDF files (TriG, N-Quads, Turtle, N-Triples, RDF/XML)."""
    store = ox.Store()
    for path in paths:
        p = Path(path)
        if not p.is_file():
            raise KgError("no such file", str(p))
        fmt = ox.RdfFormat.from_extension(p.suffix.lstrip(".")) if p.suffix else None
        if fmt is None:
            raise KgError("unknown RDF format (use .trig, .nq, .ttl, .nt or .rdf)", str(p))
        try:
            store.bulk_load(path=str(p), format=fmt)
        except (SyntaxError, ValueError, OSError) as exc:
            raise KgError(f"cannot load: {str(exc).splitlines()[0]}", str(p)) from None
    return store


class StoreLoader:
    """Bulk-loads batches of quads into stores and files, each on a background thread, so
    generating the next batch (Python) overlaps loading this one (Rust, which releases the GIL).

    A batch is formatted once, graph by graph (a graph's repeated quads dropped), as TriG and
    as N-Triples (the bodies of the same blocks); each target takes one of them. A target is
    a store and what it keeps: ``"quads"`` (the named graphs), ``"triples"`` (the deduplicated
    union, in the default graph) or ``"quads+union"`` (both, loaded on two threads); or a
    callable taking TriG bytes (see :func:`trig_writer`).
    """

    MODES = ("quads", "triples", "quads+union")

    def __init__(self, targets: list[tuple[ox.Store | Callable[[bytes], None], str]], batch: int = BATCH):
        import queue
        import threading
        consumers: list[tuple[Callable[[bytes], None], str]] = []
        for target, mode in targets:
            if mode not in self.MODES:
                raise ValueError(f"unknown loader mode {mode!r}")
            if callable(target) and not isinstance(target, ox.Store):
                consumers.append((target, "trig"))
                continue
            if mode in ("quads", "quads+union"):
                consumers.append((_loader(target, ox.RdfFormat.TRIG), "trig"))
            if mode in ("triples", "quads+union"):
                consumers.append((_loader(target, ox.RdfFormat.N_TRIPLES), "triples"))
        self._kinds = [kind for _, kind in consumers]
        self.batch_size = batch
        self.pending: list[Quad] = []
        self.quads = 0    # distinct quads formatted (exact when each graph comes in one add)
        self.error: BaseException | None = None
        self._queues = [queue.Queue(maxsize=1) for _ in consumers]
        self._threads = [threading.Thread(target=self._run, args=(consume, q), name="kg-store-loader", daemon=True)
                         for (consume, _), q in zip(consumers, self._queues)]
        for t in self._threads:
            t.start()

    def _run(self, consume: Callable[[bytes], None], jobs) -> None:
        while True:
            data = jobs.get()
            if data is None:
                return
            if self.error is None:
                try:
                    consume(data)
                except BaseException as exc:  # reported by close()
                    self.error = exc

    def add(self, quads: Iterable[Quad]) -> None:
        self.pending.extend(quads)
        if len(self.pending) >= self.batch_size:
            self._flush()

    def _flush(self) -> None:
        if not self.pending:
            return
        blocks = []
        for graph, group in itertools.groupby(self.pending, key=itemgetter(3)):
            distinct = dict.fromkeys(group)
            self.quads += len(distinct)
            blocks.append((graph, ntriples_text(q[:3] for q in distinct)))
        texts = {"trig": "".join(f"{g} {{\n{body}}}\n" for g, body in blocks).encode(),
                 "triples": "".join(body for _, body in blocks).encode()}
        for kind, q in zip(self._kinds, self._queues):
            q.put(texts[kind])
        self.pending = []

    def close(self) -> None:
        self._flush()
        for q in self._queues:
            q.put(None)
        for t in self._threads:
            t.join()
        if self.error is not None:
            raise KgError(f"loading the store failed: {self.error}")


def _loader(store: ox.Store, fmt: ox.RdfFormat) -> Callable[[bytes], None]:
    # lenient: the terms are valid by construction (kg.terms encodes every IRI), so Oxigraph
    # need not check them again; about a tenth faster.
    return lambda data: store.bulk_load(data, fmt, lenient=True)


def trig_writer(file: BinaryIO) -> Callable[[bytes], None]:
    """A :class:`StoreLoader` target writing the batches to ``file`` as one TriG document with
    the project's prefixes (declared once, at the top)."""
    from .vocab import PREFIXES
    file.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()).encode())

    def write(data: bytes) -> None:
        text = ox.serialize(ox.parse(data, ox.RdfFormat.TRIG, lenient=True), format=ox.RdfFormat.TRIG,
                            prefixes=PREFIXES)
        file.write(_PREFIX_LINES.sub(b"", text, count=1))
    return write


_PREFIX_LINES = re.compile(rb"\A(?:@prefix [^\n]*\n)+")
