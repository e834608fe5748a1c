"""Date expressions in text, resolved against the article date."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
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


def find_dates(text: str, start: int, end: int, article_date: dt.date, book: Rulebook,
               sentence_ends: Sequence[int] = ()) -> list[DateMention]:
    """Every date expression in ``text[start:end]``, leftmost-longest, in order; ``sentence_ends``
    (sorted) say where the sentences of the text end (none: it is one sentence)."""
    found: list[DateMention] = []
    for pattern in book.date_patterns:
        for m in pattern.regex.finditer(text, start, end):
            mention = _resolve(m, pattern.id, pattern.precision, article_date)
            if mention and book.past_after is not None and book.past_after.match(text, m.end(), end):
                mention = _in_the_past(m, mention, article_date)
            if mention:
                until = _range_end(m, mention[0])   # (a span is no day the news was released)
                found.append(DateMention(m.start(), m.end(), mention[0], mention[1], f"date.{pattern.id}",
                                         until is None and _released(text, start, m.start(), book), until))
    for m in book.same_day.finditer(text, start, end):
        found.append(DateMention(m.start(), m.end(), None, None, "date.same-day", False))
    for m in book.occasion.finditer(text, start, end):
        found.append(DateMention(m.start(), m.end(), None, None, "date.occasion", False))
    for m in book.next_day.finditer(text, start, end):
        found.append(DateMention(m.start(), m.end(), None, None, "date.next-day", False))
    for m in book.weekday.finditer(text, start, end) if book.weekday is not None else ():
        found.append(DateMention(m.start(), m.end(), _weekday_date(m, article_date, book), None, "date.weekday",
                                 _released(text, start, m.start(), book)))
    for regex, days in book.relative_dates:   # ("theo thông cáo … phát đi sáng nay": the release;
        for m in regex.finditer(text, start, end):   # but news is not released "sáng mai")
            found.append(DateMention(m.start(), m.end(), article_date + dt.timedelta(days=days), None,
                                     "date.relative", days <= 0 and _released(text, start, m.start(), book)))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DateMention] = []
    for d in found:
        if out and d.start < out[-1].end:
            continue
        low = text[d.start:d.end].lower()
        part = next((v for k, v in book.dayparts.items() if low.startswith(k + " ")), None)
        if part is None and low.startswith("(") and out and not text[out[-1].end:d.start].strip():
            part = out[-1].daypart   # "Chiều qua (20/3)": the day written out is of that afternoon
        out.append(replace(d, daypart=part) if part else d)
    # "Chiều 13.6, Bộ Công Thương cho biết vòng đàm phán … đã diễn ra từ 9 - 12.6": a day before a
    # verb of saying, when what is said has a day of its own, is when the news was told
    for k, d in enumerate(out):
        if d.reporting or book.reported_after is None \
                or book.reported_after.search(text[d.end:min(end, d.end + 80)]) is None \
                or book.event_clause is not None and book.event_clause.search(text[max(start, d.start - 80):d.start]):
            continue
        at = bisect.bisect_left(sentence_ends, d.end)
        sentence_end = sentence_ends[at] if at < len(sentence_ends) else end
        if any((later.date or later.month) and later.start < sentence_end for later in out[k + 1:]):
            out[k] = replace(d, reporting=True)
    return out


def _released(text: str, start: int, at: int, book: Rulebook) -> bool:
    """Whether the date at ``at`` is when the news was released ("Thông tin từ Bộ Công Thương
    ngày 5/2", "theo thông cáo … phát đi sáng nay"), from the words before it."""
    return book.reporting_context.search(text[max(start, at - 80):at]) is not None


def _weekday_date(m, article_date: dt.date, book: Rulebook) -> dt.date:
    """"Hôm thứ Sáu" in an article of Sunday 8 June: Friday 6 June; "thứ Tư tuần trước": the
    Wednesday of the week before the article's."""
    def key(group: str) -> str:
        return " ".join(m.group(group).lower().split())
    weekday = book.weekdays[key("weekday")]
    if m.group("week"):
        monday = article_date - dt.timedelta(days=article_date.weekday())
        return monday + dt.timedelta(days=7 * book.weeks[key("week")] + weekday)
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
    if not year_text and groups.get("end_year"):   # "từ ngày 30/7 đến 1/8/2024": the range's year
        end_month = int(groups.get("end_month") or month)
        year_text = str(int(groups["end_year"]) - (1 if end_month < month else 0))
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


def _in_the_past(m, mention: tuple[dt.date | None, str | None], article_date: dt.date
                 ) -> tuple[dt.date | None, str | None]:
    """A day or month without a year, told as past ("ngày 15/4 vừa qua"): a year back when the
    nearest one is ahead of the article."""
    groups = m.groupdict()
    if groups.get("year") or groups.get("end_year"):
        return mention
    day, month = mention
    if day is not None and day > article_date:
        try:
            return day.replace(year=day.year - 1), month
        except ValueError:   # (29 February)
            return day.replace(year=day.year - 1, day=28), month
    if month is not None and month > article_date.strftime("%Y-%m"):
        return day, f"{int(month[:4]) - 1:04d}{month[4:]}"
    return mention


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
