"""Reading article files: the ` date YYYY-MM-DD` header, the text, and clear errors."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ArticleError
from .text import clean_text

#: Articles larger than this are refused (real news articles are well under 1 MB).
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

_HEADER = re.compile(r"\A\s*date[ \t]+(\S+)[ \t]*(.*)", re.S)
_ISO_DATE = re.compile(r"\A(\d{4})-(\d{2})-(\d{2})\Z")
ARTICLE_SUFFIXES = (".txt",)


@dataclass(frozen=True)
class Article:
    """One news article: its date, its cleaned text and a content-derived id."""

    date: dt.date
    text: str
    source: str = field(default="", compare=False)

    @property
    def id(self) -> str:
        """Content hash: the same article under two file names has one id."""
        digest = hashlib.sha256(f"{self.date.isoformat()}\n{self.text}".encode())
        return digest.hexdigest()[:16]


def parse_article(raw: bytes, source: str = "<bytes>", max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Parse the bytes of an article file, or raise :class:`ArticleError`."""
    if len(raw) > max_bytes:
        raise _too_large(len(raw), max_bytes, source)
    if not raw.strip():
        raise ArticleError("empty file", source)
    if b"\x00" in raw[:65536]:
        raise ArticleError("binary file (contains NUL bytes), not a text article", source)
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"not UTF-8 text (invalid byte at offset {exc.start})", source) from None
    cleaned = clean_text(decoded)
    match = _HEADER.match(cleaned)
    if not match:
        raise ArticleError("missing date line (expected ' date YYYY-MM-DD' first)", source)
    date = _parse_iso_date(match.group(1), source)
    text = match.group(2).strip()
    if not text:
        raise ArticleError("no text after the date line", source)
    return Article(date=date, text=text, source=source)


def _too_large(size: int, max_bytes: int, source: str) -> ArticleError:
    return ArticleError(
        f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB article size limit "
        "(raise it with --max-article-size)", source)


def _parse_iso_date(value: str, source: str) -> dt.date:
    m = _ISO_DATE.match(value)
    if not m:
        raise ArticleError(f"malformed date line: {value!r} is not YYYY-MM-DD", source)
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise ArticleError(f"malformed date line: {value!r} is not a real date ({exc})", source) from None


def read_article_file(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes, os.stat_result]:
    """The raw bytes of an article file and its status taken before reading (so a later change
    never looks already seen), refused before reading when it is over the size limit."""
    p = Path(path)
    try:
        stat = p.stat()
        if stat.st_size > max_bytes:  # refuse before reading a huge file into memory
            raise _too_large(stat.st_size, max_bytes, str(p))
        return p.read_bytes(), stat
    except FileNotFoundError:
        raise ArticleError("no such file", str(p)) from None
    except IsADirectoryError:
        raise ArticleError("is a directory, not an article", str(p)) from None
    except PermissionError:
        raise ArticleError("permission denied", str(p)) from None
    except OSError as exc:
        raise ArticleError(f"cannot read: {exc.strerror}", str(p)) from None


def read_article(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read and parse one article file."""
    return parse_article(read_article_file(path, max_bytes)[0], str(Path(path)), max_bytes)


def find_article_files(inputs: Iterable[str | os.PathLike]) -> list[str]:
    """Expand files and directories into a sorted, de-duplicated list of article file paths.

    Raises :class:`ArticleError` for a path that does not exist or a directory
    with no articles in it.
    """
    found: dict[str, None] = {}
    for item in inputs:
        p = str(Path(item))
        if os.path.isdir(p):
            files = list(_files_under(p))
            if not files:
                raise ArticleError("directory holds no article files (*.txt)", p)
            found.update(dict.fromkeys(files))
        elif os.path.isfile(p):
            found[p] = None
        else:
            raise ArticleError("no such file or directory", p)
    return list(found)


def no_usable_articles(skipped: list[ArticleError], inputs: Iterable) -> ArticleError:
    """The error for a build with nothing to build: the one file's own error, or a summary."""
    if len(skipped) == 1:
        return skipped[0]
    detail = f" ({len(skipped)} unusable; first: {skipped[0]})" if skipped else ""
    return ArticleError(f"no usable articles{detail}", ", ".join(str(i) for i in inputs))


def _files_under(directory: str) -> Iterator[str]:
    """Article files under ``directory`` in path order, skipping hidden files and directories
    (and not following links to directories). Paths stay strings: a corpus is tens of
    thousands of them, listed on every incremental build."""
    with os.scandir(directory) as it:
        entries = sorted(it, key=lambda e: e.name)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _files_under(entry.path)
        elif os.path.splitext(entry.name)[1] in ARTICLE_SUFFIXES and entry.is_file():
            yield entry.path
