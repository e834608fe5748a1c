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
from .output import nquads_text
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
        loader = StoreLoader(store, with_union=True)
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
    """Bulk-loads batches of quads into a store on a background thread, so generating the next
    batch (Python) overlaps loading this one (Rust, which releases the GIL)."""

    def __init__(self, store: ox.Store, batch: int = BATCH, triples: bool = False, with_union: bool = False):
        import queue
        import threading
        self.store = store
        self.triples = triples     # load into the default graph: the deduplicated union
        self.with_union = with_union   # load each quad and, in the default graph, its triple
        self.batch_size = batch
        self.pending: list[Quad] = []
        self.error: BaseException | None = None
        self._queue: queue.Queue = queue.Queue(maxsize=1)
        self._thread = threading.Thread(target=self._run, name="kg-store-loader", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            data = self._queue.get()
            if data is None:
                return
            if self.error is None:
                try:
                    self.store.bulk_load(data, ox.RdfFormat.N_TRIPLES if self.triples else ox.RdfFormat.N_QUADS)
                except BaseException as exc:  # reported by close()
                    self.error = exc

    def add(self, quads: Iterable[Quad]) -> None:
        for q in quads:
            self.pending.append(q)
        if len(self.pending) >= self.batch_size:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            if self.triples:
                text = "".join(f"{s} {p} {o} .\n" for s, p, o, _ in self.pending)
            elif self.with_union:
                text = "".join(f"{s} {p} {o} {g} .\n{s} {p} {o} .\n" for s, p, o, g in self.pending)
            else:
                text = nquads_text(self.pending)
            self._queue.put(text.encode())
            self.pending = []

    def close(self) -> None:
        self._flush()
        self._queue.put(None)
        self._thread.join()
        if self.error is not None:
            raise KgError(f"loading the store failed: {self.error}")
