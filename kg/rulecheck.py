"""``kg rules check``: every rule file loads, every regex is safe, every rule's examples pass."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import RuleError
from .regexgate import source
from .rulebook import Rulebook, load_rulebook

#: Inputs that make a backtracking regex blow up: long runs of word and space characters.
_ADVERSARIAL = ["a" * 5000, "ả " * 3000, "Bộ " * 2000 + "!", "1/" * 3000, "(" * 3000]
REGEX_SECONDS = 2.0


@dataclass
class CheckResult:
    checked: int
    problems: list[str]


def check_rules(directory: str | Path | None = None) -> CheckResult:
    """Load the rules (schema, references, duplicates, compiling regexes), time every regex
    on adversarial input, and run each rule's own examples."""
    load_rulebook.cache_clear()
    book = load_rulebook(directory)
    problems: list[str] = []
    checked = 0
    for where, pattern in _all_patterns(book):
        checked += 1
        if not _finishes_in_time(pattern.pattern, pattern.flags):
            problems.append(f"{where}: pattern {source(pattern)[:60]!r} backtracks catastrophically "
                            f"(over {REGEX_SECONDS:.0f} s on long input)")
    n, ex_problems = _run_examples(book)
    return CheckResult(checked + n, problems + ex_problems)


def _all_patterns(book: Rulebook):
    d = book.directory
    for t in book.triggers:
        yield f"{d / 'events.yaml'} (trigger {t.id})", t.regex
    for r in book.not_events:
        yield f"{d / 'events.yaml'} (not_events)", r
    for p in book.date_patterns:
        yield f"{d / 'dates.yaml'} ({p.id})", p.regex
    for r, _ in book.relative_dates:
        yield f"{d / 'dates.yaml'} (relative)", r
    yield f"{d / 'dates.yaml'} (reporting_context)", book.reporting_context
    if book.closing_after_days is not None:
        yield f"{d / 'dates.yaml'} (closing_after_days)", book.closing_after_days
    if book.reported_after is not None:
        yield f"{d / 'dates.yaml'} (reported_after)", book.reported_after
    if book.event_clause is not None:
        yield f"{d / 'dates.yaml'} (event_clause)", book.event_clause
    yield f"{d / 'events.yaml'} (signed_by)", book.signed_by
    if book.weekday is not None:
        yield f"{d / 'dates.yaml'} (weekdays)", book.weekday
    for r in book.photo_credits:
        yield f"{d / 'noise.yaml'} (photo_credits)", r
    yield f"{d / 'noise.yaml'} (outlet_lead)", book.outlet_lead


def _search_all(pattern: str, flags: int) -> None:
    regex = re.compile(pattern, flags)
    for text in _ADVERSARIAL:
        regex.search(text)


def _finishes_in_time(pattern: str, flags: int) -> bool:
    ctx = multiprocessing.get_context("fork")
    proc = ctx.Process(target=_search_all, args=(pattern, flags))
    proc.start()
    proc.join(REGEX_SECONDS)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return False
    return True


def _run_examples(book: Rulebook) -> tuple[int, list[str]]:
    """Run the `examples:` of titles.yaml (text → organisation) through the extractor."""
    from .pipeline import extract_text

    path = book.directory / "titles.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems = []
    n = 0
    for title in data.get("titles") or []:
        for ex in title.get("examples") or []:
            n += 1
            text = f"{ex['text']} phát biểu tại cuộc họp."
            ext = extract_text(text, dt.date(2026, 1, 1), book)
            orgs = {r.org.id for r in ext.roles if r.title == title["id"] and r.org}
            if ex.get("organisation") not in orgs:
                problems.append(f"{path}: example {ex['text']!r} of title {title['id']!r} gives "
                                f"{sorted(orgs) or 'no role'}, expected organisation {ex.get('organisation')!r}")
    return n, problems


__all__ = ["check_rules", "CheckResult", "RuleError"]
