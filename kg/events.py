"""Events in an article: triggers, participants, dates, places, super-events, topics.

Rules of thumb, each a general statement about how the press reports meetings:
- a trigger ("làm việc với", "tiếp", "hội đàm") reports an event whose participants are the
  people named in its sentence;
- an event noun after "bên lề", "nhân dịp", "trong khuôn khổ" names the super-event;
- the date is the one nearest the trigger in its sentence (never a reporting date),
  else the super-event's date; the place is a "tại …" place in the sentence, else the
  super-event's;
- mentions of one event within an article are merged (compatible kinds, one participant
  set inside the other, no conflicting date or place);
- a lead sentence that sums up several meetings ("trao đổi với A và B") adds no event
  of its own when the article reports each meeting;
- the topics of an event are those named from its sentence up to the next event.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .dates import DateMention
from .model import Event, Evidence, Ref
from .rulebook import Rulebook, Trigger
from .tokens import Item

# Kinds of consultation that a generic "meeting" mention can be the same event as.
_CONSULT_FAMILY = {"meeting", "reception", "talks"}
_ORDINALS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}


@dataclass
class SentenceFacts:
    """What the role grammar found in one sentence, as the event detector needs it."""

    index: int
    start: int
    end: int
    items: list[Item]
    used: set[int]
    person_spans: list[tuple[int, int, str]]        # (start, end, person key)
    dates: list[DateMention]
    agreements: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass
class _TriggerHit:
    trigger: Trigger
    start: int
    end: int
    ordinal: int | None


def find_triggers(text: str, sent: SentenceFacts, book: Rulebook) -> list[_TriggerHit]:
    blocked = []
    for regex in book.not_events:
        blocked.extend((m.start(), m.end()) for m in regex.finditer(text, sent.start, sent.end))
    protected = [(it.start, it.end) for k, it in enumerate(sent.items)
                 if it.kind == "phrase" and it.has("org", "title", "agreement")]
    hits: list[_TriggerHit] = []
    for trig in book.triggers:
        for m in trig.regex.finditer(text, sent.start, sent.end):
            if m.start() > sent.start and (text[m.start() - 1].isalnum()):
                continue
            if m.end() < len(text) and text[m.end() - 1].isalnum() and text[m.end():m.end() + 1].isalnum():
                continue
            if any(_overlaps(m.start(), m.end(), b) for b in blocked):
                continue
            if any(p[0] <= m.start() and m.end() <= p[1] for p in protected):
                continue
            ordinal = None
            if "ordinal" in trig.regex.groupindex and m.group("ordinal"):
                raw = m.group("ordinal").lower()
                ordinal = int(raw) if raw.isdigit() else _ORDINALS.get(raw)
            hits.append(_TriggerHit(trig, m.start(), m.end(), ordinal))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out: list[_TriggerHit] = []
    for h in hits:
        if out and h.start < out[-1].end:
            continue
        out.append(h)
    return out


def _overlaps(start: int, end: int, span: tuple[int, int]) -> bool:
    return start < span[1] and span[0] < end


class EventDetector:
    def __init__(self, book: Rulebook, text: str, article_date: dt.date):
        self.book = book
        self.text = text
        self.article_date = article_date
        markers = sorted(book.super_event_markers, key=len, reverse=True)
        self._super_marker = re.compile(r"(?:^|\W)(?:" + "|".join(re.escape(m) for m in markers) + r")\W*$",
                                        re.IGNORECASE) if markers else None

    def detect(self, sentences: list[SentenceFacts]) -> list[Event]:
        events: list[Event] = []
        for sent in sentences:
            hits = find_triggers(self.text, sent, self.book)
            supers = [h for h in hits if self._is_super(sent, h)]
            mains = [h for h in hits if h not in supers]
            super_index = None
            for h in supers:
                ev = self._event(sent, h, participants=False)
                events.append(ev)
                super_index = len(events) - 1
            for h in mains:
                ev = self._event(sent, h, participants=True)
                if ev is None:
                    continue
                if super_index is not None:
                    ev.super_event = super_index
                    ev.sideline = self._sideline_marker(sent, supers[0])
                events.append(ev)
        return events

    # -- one trigger

    def _is_super(self, sent: SentenceFacts, hit: _TriggerHit) -> bool:
        if self._super_marker is None:
            return False
        before = self.text[max(sent.start, hit.start - 24):hit.start]
        return bool(self._super_marker.search(before))

    def _sideline_marker(self, sent: SentenceFacts, hit: _TriggerHit) -> bool:
        before = self.text[max(sent.start, hit.start - 24):hit.start].lower()
        return "bên lề" in before

    def _event(self, sent: SentenceFacts, hit: _TriggerHit, participants: bool) -> Event | None:
        trig = hit.trigger
        people: list[str] = []
        orgs: list[Ref] = []
        if participants:
            people = _unique(key for s, e, key in sent.person_spans if not (hit.start <= s < hit.end))
            if trig.needs == "counterpart" and not self._counterpart_follows(sent, hit):
                return None
            if trig.needs in {"counterpart", "participant"} and not people:
                orgs = self._org_participants(sent)
                if not orgs:
                    return None
        ev = Event(kind=trig.kind, participants=people, org_participants=orgs, ordinal=hit.ordinal)
        if participants:
            ev.sentences.add(sent.index)
        ev.evidence.append(Evidence(sent.start, sent.end, hit.start, hit.end, f"event.{trig.id}"))
        if participants:  # a super-event named in passing takes no date or place from the sentence
            date = self._date_for(sent, hit)
            if date:
                ev.date, ev.month, ev.date_rule = date.date, date.month, date.rule
            ev.places = self._places_for(sent, hit)
        agreement = self._agreement_for(sent, hit)
        if agreement and trig.kind in {"negotiation_round", "signing"}:
            ev.agreement = agreement
        if trig.kind in {"conference", "forum"}:
            ev.name = self._event_name(sent, hit)
        return ev

    def _counterpart_follows(self, sent: SentenceFacts, hit: _TriggerHit) -> bool:
        after = [s for s, e, key in sent.person_spans if s >= hit.end]
        if after and min(after) - hit.end <= 80:
            return True
        for it in sent.items:
            if it.start >= hit.end and it.start - hit.end <= 40 and it.kind == "phrase" and it.has("org", "title", "honorific"):
                return True
        return False

    def _org_participants(self, sent: SentenceFacts) -> list[Ref]:
        refs = []
        for k, it in enumerate(sent.items):
            if k in sent.used or it.kind != "phrase" or not it.has("org"):
                continue
            refs.append(Ref("org", it.first("org")))
        return refs if len(refs) >= 1 else []

    def _date_for(self, sent: SentenceFacts, hit: _TriggerHit) -> DateMention | None:
        candidates = [d for d in sent.dates if not d.reporting]
        if not candidates:
            return None
        return min(candidates, key=lambda d: min(abs(d.end - hit.start), abs(d.start - hit.end)))

    def _places_for(self, sent: SentenceFacts, hit: _TriggerHit) -> list[Ref]:
        found: list[tuple[int, Ref]] = []
        items = sent.items
        for k, it in enumerate(items):
            if k in sent.used or it.kind != "phrase":
                continue
            if not it.has("place", "country") or it.has("org"):
                continue
            prev = items[k - 1] if k > 0 else None
            introduced = prev is not None and prev.is_word("tại", "ở")
            visited = hit.trigger.kind == "visit" and it.start >= hit.end and it.start - hit.end <= 12
            in_parens = prev is not None and prev.surface == "(" and found
            if not (introduced or visited) or in_parens:
                continue
            pid = it.first("place")
            ref = Ref("place", pid) if pid else Ref("country", it.first("country"))
            found.append((abs(it.start - hit.start), ref))
        if not found:
            return []
        # The most specific place named: a city before a country.
        found.sort(key=lambda x: (x[1].kind != "place", x[0]))
        return [found[0][1]]

    def _agreement_for(self, sent: SentenceFacts, hit: _TriggerHit) -> str | None:
        after = [(s - hit.end, key) for s, e, key in sent.agreements if s >= hit.start]
        if after:
            return min(after)[1]
        return sent.agreements[0][2] if sent.agreements else None

    def _event_name(self, sent: SentenceFacts, hit: _TriggerHit) -> str | None:
        """"Diễn đàn Kinh tế Việt Nam - Hoa Kỳ": the capitalised words after the noun."""
        end = None
        for it in sent.items:
            if it.start < hit.end:
                continue
            if it.is_cap or (it.kind == "phrase" and it.has("country", "place", "org", "topic") and it.surface[:1].isupper()) \
                    or (it.surface in "-–" and end is not None) or (it.kind == "word" and it.surface.isdigit() and end is not None) \
                    or (it.is_word("lần", "thứ", "và") and end is not None):
                end = it.end
                continue
            break
        if end is None:
            return None
        name = self.text[hit.start:end].strip(" -–")
        return name[:1].upper() + name[1:]


# --------------------------------------------------------------------------- merging

def _compatible_kind(a: str, b: str) -> str | None:
    if a == b:
        return a
    if {a, b} <= _CONSULT_FAMILY:
        if "meeting" in (a, b):
            return b if a == "meeting" else a
    return None


def _compatible(a: Event, b: Event) -> bool:
    if _compatible_kind(a.kind, b.kind) is None:
        return False
    if a.date and b.date and a.date != b.date:
        return False
    if a.ordinal and b.ordinal and a.ordinal != b.ordinal:
        return False
    if a.agreement and b.agreement and a.agreement != b.agreement:
        return False
    if a.places and b.places and {p.id for p in a.places}.isdisjoint({p.id for p in b.places}):
        if all(p.kind == b.places[0].kind for p in a.places):
            return False
    if a.name and b.name and a.name != b.name:
        return False
    pa, pb = set(a.participants), set(b.participants)
    if pa and pb:
        return pa <= pb or pb <= pa
    if pa or pb:
        return a.kind == b.kind and a.kind in {"signing", "negotiation_round", "conference", "forum", "visit"}
    return True


def merge_events(events: list[Event]) -> list[Event]:
    """Merge the mentions of one event within an article; super-event links follow."""
    target: list[int] = list(range(len(events)))
    merged: list[Event] = []
    where: dict[int, int] = {}
    for i, ev in enumerate(events):
        home = next((j for j, m in enumerate(merged) if _compatible(m, ev)), None)
        if home is None:
            merged.append(ev)
            where[i] = len(merged) - 1
            continue
        _absorb(merged[home], ev)
        where[i] = home
    for i, ev in enumerate(events):
        target[i] = where[i]
    for m in merged:
        if m.super_event is not None:
            m.super_event = target[m.super_event]
            if merged[m.super_event] is m:
                m.super_event = None
    return merged


def _absorb(into: Event, ev: Event) -> None:
    into.kind = _compatible_kind(into.kind, ev.kind) or into.kind
    into.participants = _unique(into.participants + ev.participants)
    into.org_participants = into.org_participants or ev.org_participants
    into.date = into.date or ev.date
    into.month = into.month or ev.month
    into.date_rule = into.date_rule or ev.date_rule
    into.places = into.places or ev.places
    into.topics |= ev.topics
    into.agreement = into.agreement or ev.agreement
    into.ordinal = into.ordinal or ev.ordinal
    into.name = into.name or ev.name
    into.sideline = into.sideline or ev.sideline
    into.sentences |= ev.sentences
    into.evidence.extend(ev.evidence)
    if into.super_event is None:
        into.super_event = ev.super_event


def drop_summaries(events: list[Event]) -> list[Event]:
    """A lead that names the counterparts of several reported meetings at once adds no event.

    Its super-event, place and date pass to the meetings it sums up.
    """
    keep = [True] * len(events)
    for i, ev in enumerate(events):
        pe = set(ev.participants)
        if len(pe) < 3:
            continue
        parts = [j for j, other in enumerate(events)
                 if j != i and keep[j] and _compatible_kind(ev.kind, other.kind) and pe & set(other.participants)]
        if len(parts) < 2:
            continue
        union = set().union(*(events[j].participants for j in parts))
        distinct = [set(events[j].participants) & pe for j in parts]
        if not pe <= union or all(d == distinct[0] for d in distinct):
            continue
        keep[i] = False
        for j in parts:
            other = events[j]
            if other.super_event is None and ev.super_event is not None and ev.super_event != j:
                other.super_event = ev.super_event
                other.sideline = other.sideline or ev.sideline
            other.places = other.places or ev.places
            other.date = other.date or ev.date
            other.topics |= ev.topics
    index = {old: new for new, old in enumerate(i for i, k in enumerate(keep) if k)}
    out = []
    for i, ev in enumerate(events):
        if not keep[i]:
            continue
        if ev.super_event is not None:
            ev.super_event = index.get(ev.super_event)
        out.append(ev)
    return out


def inherit_from_super_events(events: list[Event]) -> None:
    """A meeting on the sidelines of an event happens where and when that event does."""
    for ev in events:
        sup = events[ev.super_event] if ev.super_event is not None else None
        if sup is None:
            continue
        if ev.date is None and sup.date is not None:
            ev.date, ev.date_rule = sup.date, "date.inherited-from-super-event"
        if not ev.places and sup.places:
            ev.places = list(sup.places)


def assign_topics(events: list[Event], sentence_topics: list[set[str]]) -> None:
    """Topics named in a sentence belong to the event reported in it or most recently before it."""
    if not events:
        return
    sentence_events: list[list[int]] = [[] for _ in sentence_topics]
    for i, ev in enumerate(events):
        for s in ev.sentences:
            sentence_events[s].append(i)
    current: int | None = None
    pending: set[str] = set()
    for topics, evs in zip(sentence_topics, sentence_events):
        if evs:
            current = evs[0]
            if pending:
                events[current].topics |= pending
                pending = set()
        if current is None:
            pending |= topics
        else:
            events[current].topics |= topics


def _unique(values) -> list:
    seen: dict = {}
    for v in values:
        seen.setdefault(v, None)
    return list(seen)
