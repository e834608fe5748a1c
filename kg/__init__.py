"""newskg: news about diplomacy and trade → a knowledge graph you can query and explore.

The library API (the ``kg`` command is a thin layer over it)::

    from kg import read_article, extract_article, build, run_query
    report = build(["seeds"], "output")
"""

__version__ = "0.1.0"

from .article import Article, parse_article, read_article  # noqa: E402
from .errors import KgError  # noqa: E402
from .extract import extract_article  # noqa: E402
from .pipeline import build, corpus_quads, extract_corpus, load_dataset  # noqa: E402
from .query import run_query  # noqa: E402
from .rulebook import load_rulebook  # noqa: E402

__all__ = ["Article", "parse_article", "read_article", "extract_article", "build", "corpus_quads",
           "extract_corpus", "load_dataset", "run_query", "load_rulebook", "KgError", "__version__"]
