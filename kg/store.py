"""The persistent store: an Oxigraph database directory, replaced atomically.

A build bulk-loads its quads into a fresh directory beside the store and swaps it in
only when loading succeeded, so an interrupted build leaves the previous store as it was
(Oxigraph's bulk loader is fast but not transactional).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from .errors import KgError
from .output import nquads_text, ntriples_text
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
    """Bulk-loads batches of quads into one or more stores, each on a background thread, so
    generating the next batch (Python) overlaps loading this one (Rust, which releases the GIL).

    Each target is a store and what it keeps: ``"quads"`` (the named graphs), ``"triples"``
    (the deduplicated union, in the default graph) or ``"quads+union"`` (both). A batch is
    formatted once, whatever the number of targets.
    """

    MODES = ("quads", "triples", "quads+union")

    def __init__(self, targets: list[tuple[ox.Store, str]], batch: int = BATCH):
        import queue
        import threading
        for _, mode in targets:
            if mode not in self.MODES:
                raise ValueError(f"unknown loader mode {mode!r}")
        self.targets = targets
        modes = {mode for _, mode in targets}
        self._quads = bool(modes & {"quads", "quads+union"})      # which texts a batch needs
        self._triples = bool(modes & {"triples", "quads+union"})
        self.batch_size = batch
        self.pending: list[Quad] = []
        self.error: BaseException | None = None
        self._queues = [queue.Queue(maxsize=1) for _ in targets]
        self._threads = [threading.Thread(target=self._run, args=(store, q), name="kg-store-loader", daemon=True)
                         for (store, _), q in zip(targets, self._queues)]
        for t in self._threads:
            t.start()

    def _run(self, store: ox.Store, jobs) -> None:
        while True:
            data = jobs.get()
            if data is None:
                return
            if self.error is None:
                try:
                    for text, fmt in data:
                        store.bulk_load(text, fmt)
                except BaseException as exc:  # reported by close()
                    self.error = exc

    def add(self, quads: Iterable[Quad]) -> None:
        self.pending.extend(quads)
        if len(self.pending) >= self.batch_size:
            self._flush()

    def _flush(self) -> None:
        if not self.pending:
            return
        quads = nquads_text(self.pending).encode() if self._quads else b""
        triples = ntriples_text((s, p, o) for s, p, o, _ in self.pending).encode() if self._triples else b""
        jobs = {"quads": [(quads, ox.RdfFormat.N_QUADS)],
                "triples": [(triples, ox.RdfFormat.N_TRIPLES)],
                "quads+union": [(quads, ox.RdfFormat.N_QUADS), (triples, ox.RdfFormat.N_TRIPLES)]}
        for (_, mode), q in zip(self.targets, self._queues):
            q.put(jobs[mode])
        self.pending = []

    def close(self) -> None:
        self._flush()
        for q in self._queues:
            q.put(None)
        for t in self._threads:
            t.join()
        if self.error is not None:
            raise KgError(f"loading the store failed: {self.error}")
