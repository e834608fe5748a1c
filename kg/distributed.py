"""Past one machine: extraction as a pure map over articles, run by Dask.

Each article becomes its quads on its own — people named by their name, events by kind,
date and participants — so a ``dask.bag`` map over partitions of the file list writes one
N-Quads file per partition, and any triple store bulk-loads them (``kg push`` or the store's
own loader). No new code path: the map calls the same ``extract_article`` and
``article_quads`` the local build uses. What the map cannot do is merge one event reported
with different participant subsets by different articles: that needs the whole corpus, which
the local ``kg build`` (or a reduce step over the extractions) provides.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .article import read_article
from .errors import ArticleError
from .extract import extract_article
from .graph import article_quads
from .identity import resolve
from .output import nquads_text
from .rulebook import load_rulebook


def article_nquads(path: str) -> str:
    """One article → its named graph as N-Quads (empty for an unusable article)."""
    try:
        article = read_article(path)
    except ArticleError:
        return ""
    book = load_rulebook()
    ext = extract_article(article, book)
    return nquads_text(article_quads(ext, resolve([ext]), book))


def _write_partition(paths, out_dir: str) -> list[str]:
    paths = list(paths)
    if not paths:
        return []
    name = hashlib.sha256("\n".join(paths).encode()).hexdigest()[:16]
    target = Path(out_dir) / f"part-{name}.nq"
    tmp = target.with_suffix(".nq.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        for p in paths:
            f.write(article_nquads(p))
    os.replace(tmp, target)
    return [str(target)]


def build_partitions(paths: list[str | os.PathLike], out_dir: str | os.PathLike, npartitions: int = 8) -> list[Path]:
    """Map every article to N-Quads with ``dask.bag``, one file per partition.

    Runs on whatever Dask scheduler is active: a ``distributed.Client`` if one exists (a
    local cluster or a real one), else Dask's default.
    """
    import dask.bag as db

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    bag = db.from_sequence([str(p) for p in paths], npartitions=max(1, min(npartitions, len(paths))))
    written = bag.map_partitions(_write_partition, str(out)).compute()
    return sorted(Path(p) for p in written)
