"""Errors the user sees as one line: what went wrong and where."""

from __future__ import annotations


class KgError(Exception):
    """Base of every error the command line reports without a traceback.

    ``source`` names the file (or query, or rule) at fault; ``line`` the line in it.
    """

    exit_code = 2

    def __init__(self, message: str, source: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line

    def __str__(self) -> str:
        where = self.source or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class ArticleError(KgError):
    """An article that cannot be used (empty, binary, no date line, too large)."""


class RuleError(KgError):
    """A rule file that is malformed or refers to something unknown."""


class QueryError(KgError):
    """A SPARQL query that does not parse or cannot run."""


class ValidationError(KgError):
    """A graph that does not conform to the SHACL shapes."""

    exit_code = 1


class LockError(KgError):
    """Another build holds the output lock."""
