"""What a store remembers about the build that made it, so the next build can be incremental.

The state is a SQLite file inside the store directory, so it is swapped in with the store
and can never disagree with it. It holds, per article: the hash of the file it came from
(articles are keyed by content), its extraction, a signature of everything its named graph
takes from other articles (who is who, which event node), and the membership attestations the
derived graph is computed from; and, for the whole corpus, the identity resolution and the
facts it was computed from, in one blob (one read, not one per article). A state is only
reused by a build with the same rules and the same code (see :func:`fingerprint`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .identity import ArticleFacts, Identity, dump_resolution, load_resolution
from .model import Extraction

STATE_FILE = "newskg-state.sqlite"
FORMAT = "2"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY,
    sha TEXT NOT NULL,
    date TEXT NOT NULL,
    extraction BLOB NOT NULL,
    signature TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_sha ON articles (sha);
CREATE TABLE IF NOT EXISTS attestations (
    membership TEXT NOT NULL,
    article_id TEXT NOT NULL,
    date TEXT NOT NULL,
    ended INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS attestations_membership ON attestations (membership);
CREATE INDEX IF NOT EXISTS attestations_article ON attestations (article_id);
CREATE TABLE IF NOT EXISTS blobs (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha TEXT NOT NULL
);
"""


#: The modules that turn an article into quads (the tests check that they import no other
#: module of the package): a change to any of them invalidates every cached extraction.
QUAD_MAKING_MODULES = ("article", "dates", "errors", "events", "extract", "graph", "identity", "model", "orgs",
                       "phrases", "regexgate", "roles", "rulebook", "terms", "text", "tokens", "vocab")


def fingerprint(rules_dir: Path) -> str:
    """A hash of the rule files and of the code that turns articles into quads."""
    h = hashlib.sha256(FORMAT.encode())
    package = Path(__file__).parent
    files = [package / f"{name}.py" for name in QUAD_MAKING_MODULES] + sorted(Path(rules_dir).glob("*"))
    for path in files:
        if path.is_file():
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def file_sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


FileKey = tuple[int, int, str]     # size, modification time (ns), hash of the bytes


def file_key(data: bytes, stat) -> FileKey:
    """What a file was when it was read (``stat`` taken before reading)."""
    return stat.st_size, stat.st_mtime_ns, file_sha(data)


class Attestation(NamedTuple):
    """An article's word on a membership's time (see :func:`kg.graph.attestations`)."""

    membership: str
    date: dt.date
    ended: bool


@dataclass
class StoredArticle:
    article_id: str
    sha: str
    date: dt.date
    signature: str


class BuildState:
    """The state file of one store directory."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.db = sqlite3.connect(str(self.path), isolation_level=None)
        self.db.executescript(_SCHEMA)

    @classmethod
    def open_in(cls, store_dir: Path) -> BuildState | None:
        path = Path(store_dir) / STATE_FILE
        return cls(path) if path.is_file() else None

    def close(self) -> None:
        self.db.close()

    # --- meta
    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # --- files: a file whose size and modification time are unchanged is not read again
    def known_files(self) -> dict[str, FileKey]:
        return {p: (size, mtime, sha) for p, size, mtime, sha in self.db.execute("SELECT * FROM files")}

    def set_files(self, files: dict[str, FileKey]) -> None:
        self.db.execute("DELETE FROM files")
        self.db.executemany("INSERT INTO files VALUES (?, ?, ?, ?)",
                            [(p, size, mtime, sha) for p, (size, mtime, sha) in sorted(files.items())])

    # --- articles
    def articles(self) -> dict[str, StoredArticle]:
        rows = self.db.execute("SELECT article_id, sha, date, signature FROM articles")
        return {aid: StoredArticle(aid, sha, dt.date.fromisoformat(d), sig) for aid, sha, d, sig in rows}

    # --- the corpus's identity resolution, and what it was computed from
    def identity(self) -> tuple[Identity, dict[str, ArticleFacts]]:
        row = self.db.execute("SELECT value FROM blobs WHERE key = 'identity'").fetchone()
        return load_resolution(pickle.loads(row[0]))

    def set_identity(self, ident: Identity, facts: Iterable[ArticleFacts]) -> None:
        self.db.execute("INSERT OR REPLACE INTO blobs VALUES ('identity', ?)",
                        (pickle.dumps(dump_resolution(ident, facts), protocol=5),))

    def extraction(self, article_id: str) -> Extraction:
        row = self.db.execute("SELECT extraction FROM articles WHERE article_id = ?", (article_id,)).fetchone()
        return pickle.loads(row[0])

    def attestations(self, article_id: str) -> list[Attestation]:
        rows = self.db.execute("SELECT membership, date, ended FROM attestations WHERE article_id = ?",
                               (article_id,))
        return [Attestation(m, dt.date.fromisoformat(d), bool(e)) for m, d, e in rows]

    def attestations_of(self, memberships: Iterable[str]) -> dict[str, list[Attestation]]:
        out: dict[str, list[Attestation]] = {}
        for key in sorted(set(memberships)):
            rows = self.db.execute("SELECT date, ended FROM attestations WHERE membership = ?", (key,))
            out[key] = [Attestation(key, dt.date.fromisoformat(d), bool(e)) for d, e in rows]
        return out

    def put(self, ext: Extraction, sha: str, signature: str, attestations: Iterable[tuple[str, dt.date, bool]]) -> None:
        self.db.execute("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)",
                        (ext.article_id, sha, ext.date.isoformat(), pickle.dumps(ext, protocol=5), signature))
        self._set_attestations(ext.article_id, attestations)

    def set_signature(self, article_id: str, signature: str, attestations: Iterable[tuple[str, dt.date, bool]]) -> None:
        self.db.execute("UPDATE articles SET signature = ? WHERE article_id = ?", (signature, article_id))
        self._set_attestations(article_id, attestations)

    def _set_attestations(self, article_id: str, rows: Iterable[tuple[str, dt.date, bool]]) -> None:
        self.db.execute("DELETE FROM attestations WHERE article_id = ?", (article_id,))
        self.db.executemany("INSERT INTO attestations VALUES (?, ?, ?, ?)",
                            [(key, article_id, day.isoformat(), int(ended)) for key, day, ended in rows])

    def remove(self, article_id: str) -> None:
        self.db.execute("DELETE FROM articles WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM attestations WHERE article_id = ?", (article_id,))

    def transaction(self) -> _Transaction:
        return _Transaction(self.db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN")
        return self

    def __exit__(self, exc_type, exc, tb):
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
        return False


__all__ = ["BuildState", "StoredArticle", "Attestation", "FileKey", "STATE_FILE", "fingerprint", "file_sha", "file_key"]
