"""Writing outputs safely: atomic replacement, one build at a time, RDF serialisation."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from .errors import LockError
from .terms import Quad
from .vocab import PREFIXES


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one step.

    On any error (or Ctrl-C) the temporary file is removed and ``path`` is untouched.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb") as f:
            os.fsync(f.fileno())
        os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomic(path: Path, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


@contextlib.contextmanager
def build_lock(directory: Path, wait: bool = False) -> Iterator[None]:
    """Hold an exclusive lock on ``directory`` for the length of a build."""
    directory.mkdir(parents=True, exist_ok=True)
    lock_path = directory / ".kg-build.lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise LockError("another build is writing here; wait for it to finish "
                                "(or pass --wait)", str(directory)) from None
            raise
        yield
    finally:
        os.close(fd)


def nquads_text(quads: Iterable[Quad]) -> str:
    return "".join(f"{s} {p} {o} {g} .\n" for s, p, o, g in quads)


def ntriples_text(triples: Iterable[tuple[str, str, str]]) -> str:
    return "".join(f"{s} {p} {o} .\n" for s, p, o in triples)


def serialize_trig(quads: Iterable[Quad], path: Path) -> None:
    """Quads, sorted for determinism, as TriG with the project's prefixes."""
    data = nquads_text(sorted(set(quads), key=_graph_first)).encode()
    ox.serialize(ox.parse(data, format=ox.RdfFormat.N_QUADS), str(path), ox.RdfFormat.TRIG, prefixes=PREFIXES)


def serialize_turtle(quads: Iterable[Quad], path: Path) -> None:
    """The union of all graphs, sorted, as Turtle."""
    triples = sorted({(s, p, o) for s, p, o, _ in quads})
    ox.serialize(ox.parse(ntriples_text(triples).encode(), format=ox.RdfFormat.N_TRIPLES), str(path),
                 ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def write_trig(quads: list[Quad], path: Path) -> None:
    """:func:`serialize_trig`, atomically."""
    with atomic_path(path) as tmp:
        serialize_trig(quads, tmp)


def write_turtle(quads: list[Quad], path: Path) -> None:
    """:func:`serialize_turtle`, atomically."""
    with atomic_path(path) as tmp:
        serialize_turtle(quads, tmp)


def _graph_first(q: Quad) -> tuple[str, str, str, str]:
    return q[3], q[0], q[1], q[2]
