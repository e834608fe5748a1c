"""Date expressions in text, resolved against the article date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from .rulebook import Rulebook


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    date: dt.date | None      # day precision
    month: str | None         # "YYYY-MM" for month precision
    rule: str
    reporting: bool           # the date the news was released, not of an event
    until: dt.date | None = None   # the last day of a range ("từ ngày 21 đến 24/9")
    daypart: str | None = None     # "morning" for "sáng 4/12", "sáng cùng ngày"


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def find_dates(text: str, start: int, end: int, article_date: dt.date, book: Rulebook) -> list[DateMention]:
    """Every date expression in ``text[start:end]``, leftmost-longest, in order."""
    found: list[DateMention] = []
    for pattern in book.date_patterns:
        for m in pattern.regex.finditer(text, start, end):
            mention = _resolve(m, pattern.id, pattern.precision, article_date)
            if mention:
                reporting = bool(book.reporting_context.search(text[max(start, m.start() - 80):m.start()]))
                found.append(DateMention(m.start(), m.end(), mention[0], mention[1], f"date.{pattern.id}", reporting,
                                         _range_end(m, mention[0])))
    for m in book.same_day.finditer(text, start, end):
        found.append(DateMention(m.start(), m.end(), None, None, "date.same-day", False))
    for m in book.occasion.finditer(text, start, end):
        found.append(DateMention(m.start(), m.end(), None, None, "date.occasion", False))
    for m in book.next_day.finditer(text, start, end):
        found.append(DateMention(m.start(), m.end(), None, None, "date.next-day", False))
    for m in book.weekday.finditer(text, start, end) if book.weekday is not None else ():
        day = _weekday_date(m, article_date, book)
        reporting = bool(book.reporting_context.search(text[max(start, m.start() - 80):m.start()]))
        found.append(DateMention(m.start(), m.end(), day, None, "date.weekday", reporting))
    for regex, days in book.relative_dates:
        for m in regex.finditer(text, start, end):   # ("theo thông cáo … phát đi sáng nay": the release)
            reporting = bool(book.reporting_context.search(text[max(start, m.start() - 80):m.start()]))
            found.append(DateMention(m.start(), m.end(), article_date + dt.timedelta(days=days), None,
                                     "date.relative", reporting))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DateMention] = []
    for d in found:
        if out and d.start < out[-1].end:
            continue
        low = text[d.start:d.end].lower()
        part = next((v for k, v in book.dayparts.items() if low.startswith(k + " ")), None)
        out.append(replace(d, daypart=part) if part else d)
    # "Chiều 13.6, Bộ Công Thương cho biết vòng đàm phán … đã diễn ra từ 9 - 12.6": a day before a
    # verb of saying, when what is said has a day of its own, is when the news was told
    for k, d in enumerate(out):
        if not d.reporting and book.reported_after is not None \
                and book.reported_after.search(text[d.end:min(end, d.end + 80)]) is not None \
                and any((later.date or later.month) and not _SENTENCE_END.search(text, d.end, later.start)
                        for later in out[k + 1:]):
            out[k] = replace(d, reporting=True)
    return out


def _weekday_date(m, article_date: dt.date, book: Rulebook) -> dt.date:
    """"Hôm thứ Sáu" in an article of Sunday 8 June: Friday 6 June; "thứ Tư tuần trước": the
    Wednesday of the week before the article's."""
    weekday = book.weekdays[" ".join(m.group("weekday").lower().split())]
    if m.group("week"):
        monday = article_date - dt.timedelta(days=article_date.weekday())
        return monday + dt.timedelta(days=7 * book.weeks[" ".join(m.group("week").lower().split())] + weekday)
    return article_date - dt.timedelta(days=(article_date.weekday() - weekday) % 7)


def _resolve(m, rule_id: str, precision: str, article_date: dt.date) -> tuple[dt.date | None, str | None] | None:
    groups = m.groupdict()
    try:
        month = int(groups["month"])
    except (TypeError, ValueError):
        return None
    if not 1 <= month <= 12:
        return None
    year_text = groups.get("year")
    if precision == "month":   # "vào tháng 9": the one nearest the article date
        year = int(year_text) if year_text else _closest_year(15, month, article_date).year
        return None, f"{year:04d}-{month:02d}"
    try:
        day = int(groups.get("day") or 0)
    except ValueError:
        return None
    if year_text:
        try:
            return dt.date(int(year_text), month, day), None
        except ValueError:
            return None
    return _closest_year(day, month, article_date), None


def _range_end(m, first: dt.date | None) -> dt.date | None:
    """The last day of a range whose first day is ``first`` (the same year, or the next)."""
    groups = m.groupdict()
    if first is None or not groups.get("end_day"):
        return None
    try:
        day, month = int(groups["end_day"]), int(groups.get("end_month") or first.month)
        last = dt.date(first.year, month, day)
        if last < first:
            last = dt.date(first.year + 1, month, day)
    except ValueError:
        return None
    return last if (last - first).days <= 60 else None


def _closest_year(day: int, month: int, article_date: dt.date) -> dt.date | None:
    """The date with this day and month nearest to the article date."""
    best = None
    for year in (article_date.year - 1, article_date.year, article_date.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - article_date).days) < abs((best - article_date).days):
            best = candidate
    return best
