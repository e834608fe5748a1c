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

import bisect
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from .dates import DateMention
from .model import Event, Evidence, Ref
from .rulebook import Rulebook, Trigger, alternation
from .text import find_words, fold, slugify, vietnamese_word
from .tokens import Item, looks_like_acronym, parenthesised

# Kinds of consultation that a generic "meeting" mention can be the same event as.
_CONSULT_FAMILY = {"meeting", "reception", "talks"}
# Kinds that are a journey, not a sitting others attend ("Cùng dự có …").
_JOURNEYS = {"visit"}
# Distances, in characters, within which the grammar below looks:
_ACRONYM_REACH = 120     # from an event's noun to the acronym closing its name
_PARTAKING_REACH = 24    # before a noun, for "đồng chủ trì" making its subject take part
_GATHERING_DAYS = 3      # a named gathering told on days this far apart is one (its days)
_VENUE_WORDS = 5         # capitalised words of a building's name: "tại Nhà Quốc hội (Hà Nội)"
_RELATIVE_REACH = 60     # before a verb, for ", người đại diện phía Hoa Kỳ ký" naming an event told
_VENUE_VERB_REACH = 120  # before a place, for "tổ chức tại" saying it is a venue
_BODY_REACH = 12         # after "Kỳ họp …", for the body that meets
_ANAPHOR_REACH = 30      # before a verb, for "hai bên", "hai nhà lãnh đạo" as its subject
_PASSING_REACH = 60      # after an event named in passing, for its own date
_DATE_REACH_DAYS = 1826  # an event's date is at most five years from the article's
_LOOK_BACK_DAYS = 7      # a date this many days before the story's day is a look back, not a new day
_BETWEEN_REACH = 30      # after an event's noun, for "giữa A và B" naming all who took part
_PASSIVE_REACH = 160     # before a trigger, for "được" opening a passive (its agent's titles can be long)
_EDITION_SUFFIX = re.compile(r"\s+(?:lần\s+)?thứ\s+\S+$", re.IGNORECASE)   # "… lần thứ 10" closing a name
_YEAR_SUFFIX = re.compile(r"\s+(?:năm\s+)?(\d{4})$", re.IGNORECASE)   # "… Việt Nam - Hoa Kỳ 2026"
_IN_PASSING = ("super", "after", "before")   # roles of a trigger naming an event already told
_SITTINGS = frozenset({"meeting", "reception", "talks", "phone_call", "signing"})   # held within a part of a day
GATHERINGS = frozenset({"conference", "forum"})   # events with names, held with others on their sidelines
# Sittings where who speaks after them ("Ông X, Phó Chủ tịch …, thông tin về …") was present
_SPOKEN_AT = frozenset({"reception", "meeting", "talks"})
_EDITION = re.compile(r"[^.,;]{0,30}?(?:\blần thứ|(?<=họp) thứ) (?P<n>\d+|[^\W\d_]+)\b",
                      re.IGNORECASE)   # "Hội thảo … lần thứ 11", "Kỳ họp thứ 5"
_NOUN_AND_WORDS = re.compile(r"\s*(?P<noun>\w+)(?P<words>(?:\s+[^\s,.;:()]+){0,4})")   # "đoàn bang Kansas …"


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
    titled_from: dict[int, int] = field(default_factory=dict)   # name start -> where its titles start


@dataclass
class _TriggerHit:
    trigger: Trigger
    start: int
    end: int
    ordinal: int | None
    name: str | None = None    # the event's name, when the hit is an acronym the article defined


def scan_triggers(text: str, book: Rulebook) -> list[_TriggerHit]:
    """Every trigger in the article (each rule's regex runs once), minus those a
    `not_events` pattern cancels, leftmost-longest, in order."""
    blocked = _blocked_spans(text, book)
    hits: list[_TriggerHit] = []
    for trig in book.triggers:
        for m in trig.regex.finditer(text):
            start, end = m.start(), m.end()
            if start > 0 and text[start - 1].isalnum():
                continue
            if end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
                continue
            if _is_blocked(blocked, start, end):
                continue
            ordinal = None
            raw = next((m.group(g) for g in ("ordinal", "ordinal_b", "ordinal_c", "ordinal_d")
                        if g in trig.regex.groupindex and m.group(g)), None)
            # ("Đây là phiên đàm phán trực tiếp đầu tiên … tại Việt Nam": a first of a kind, no rank)
            first_of_a_kind = raw == "đầu tiên" and text[max(0, start - 12):start].lower().endswith(book.copulas)
            if raw and not first_of_a_kind:
                ordinal = _number(raw, book.ordinal_words)
            hits.append(_TriggerHit(trig, start, end, ordinal))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out: list[_TriggerHit] = []
    for h in hits:
        if out and h.start < out[-1].end:
            continue
        out.append(h)
    return out


def _blocked_spans(text: str, book: Rulebook) -> list[tuple[int, int]]:
    """Where a `not_events` pattern matches in ``text``, in order, overlapping matches joined (a
    proposal "đề nghị phía Indonesia tiếp tục ký" holds "tiếp tục", and still blocks "ký")."""
    spans: list[tuple[int, int]] = []
    for start, end in sorted((m.start(), m.end()) for regex in book.not_events for m in regex.finditer(text)):
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def _is_blocked(blocked: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(blocked, (start,))
    return (i > 0 and _overlaps(start, end, blocked[i - 1])) or (i < len(blocked) and blocked[i][0] < end)


def find_triggers(text: str, sent: SentenceFacts, book: Rulebook,
                  article_hits: list[_TriggerHit] | None = None, starts: list[int] | None = None) -> list[_TriggerHit]:
    """The triggers of one sentence that are not inside an organisation, title or agreement name."""
    if article_hits is None:
        article_hits = scan_triggers(text[:sent.end], book)
    lo = bisect.bisect_left(starts if starts is not None else [h.start for h in article_hits], sent.start)
    protected = [(it.start, it.end) for it in sent.items
                 if it.kind == "phrase" and it.has("org", "title", "agreement")]
    out = []
    for h in article_hits[lo:]:
        if h.start >= sent.end:
            break
        if h.end > sent.end:
            continue
        if any(p[0] <= h.start and h.end <= p[1] for p in protected):
            continue
        out.append(h)
    return out


def _overlaps(start: int, end: int, span: tuple[int, int]) -> bool:
    return start < span[1] and span[0] < end


class _Announced(NamedTuple):
    """Meetings announced together with no one named ("Bộ trưởng X đã có 4 cuộc gặp song phương
    với các đối tác"): whose, of what kind, when, at which gathering, told in which sentence."""

    host: str
    kind: str
    date: dt.date | None
    super_event: int | None
    sentence: int


class _Unclaimed(NamedTuple):
    """An event told with its day (and place) but no one named: what the next sentence may claim."""

    kinds: frozenset[str]
    day: DateMention
    places: list[Ref]
    sentence: int


class EventDetector:
    def __init__(self, book: Rulebook, text: str, article_date: dt.date):
        self.book = book
        self.text = text
        self.article_date = article_date
        self._super_marker = _marker_regex(book.super_event_markers, book.event_classifiers)
        self._after_marker = _marker_regex(book.after_markers, book.event_classifiers)
        self._before_marker = _marker_regex(book.before_markers, book.event_classifiers)
        self._continuation = _marker_regex(book.continuation_markers)
        self._relative = book.relative_clause_regex
        self._demonstrative = book.demonstrative_regex
        self._venue = _venue_regex(book.venue_verbs, book.place_introducers)
        self._not_participant = [m.lower() for m in book.not_participant_markers]
        self._delegation_leads = sorted(book.delegation_subjects, key=len, reverse=True)   # longest first
        self._delegation_nouns = {d.split()[0] for d in book.delegation_subjects}   # "đoàn"
        self._place_kinds = {" ".join(w) for w in book.place_mint_words}   # "thành phố", "tỉnh", …
        self._anaphor = book.anaphor_regex
        # "hai Chủ tịch Quốc hội đã chứng kiến …": the anaphor, a word or three, the verb
        self._anaphor_witnesses = re.compile(
            rf"(?:{self._anaphor.pattern})(?:\s+\S+){{0,3}}?\s+(?:{alternation(book.witness_verbs)})\b"
        ) if book.witness_verbs and self._anaphor else None
        self._chaired_by_anaphor = book.chaired_by_anaphor_regex
        self.last_date: dt.date | None = None
        self._day_told: dt.date | None = None      # the last day a sentence before told (of any event or none)
        self._eventless_day: dt.date | None = None  # the day told by the sentence just before, if it told no event
        self._looked_back: tuple[int, dt.date | None] = (-2, None)   # a sentence looking back, and its day
        self.last_places: list[Ref] = []
        self.minted_places: dict[str, Ref] = {}   # places named by pattern so far, by name
        self._places_of: dict[int, list] = {}      # sentence index -> its introduced places
        self._minted_of: dict[int, list] = {}      # sentence index -> its places named by pattern
        self._names_of: dict[int, str | None] = {}  # trigger start -> the event name written after it
        self.event_acronyms: dict[str, tuple[Trigger, str]] = {}   # "(MC14)": its trigger and name
        self.last_subject: str | None = None       # who "ông" stands for
        self.last_event_people: list[str] = []     # who the last sentence that reported an event names
        self.delegation_head: str | None = None    # who "đoàn" stands for
        self.delegation_told = ""                  # the words the article told that delegation with
        self.delegation_members: list[str] = []    # who "Đoàn gồm …", "Cùng đi trong đoàn có …" named
        self.last_body: Ref | None = None          # the body whose session was told last ("của Ủy ban")
        self._unclaimed: _Unclaimed | None = None  # an event told with its day and place, but no one
        self._series: int | None = None   # the event that announced a series of its kind ("lần lượt tiếp")
        self._announced: _Announced | None = None   # "X đã có 4 cuộc gặp song phương với các đối tác"
        self._received_delegations: list[Event] = []   # "Thủ tướng tiếp đoàn …", its head not yet named
        self._blocked: list[tuple[int, int]] | None = None   # where `not_events` match, once needed
        self._excluded_of: dict[int, list[tuple[int, int]]] = {}   # sentence index -> spans of no participant
        self._proposed_of: dict[int, int | None] = {}   # sentence index -> where a proposal starts

    def detect(self, sentences: list[SentenceFacts], masked: str | None = None,
               article_hits: list[_TriggerHit] | None = None) -> list[Event]:
        events: list[Event] = []
        if article_hits is None:
            article_hits = scan_triggers(masked if masked is not None else self.text, self.book)
        starts = [h.start for h in article_hits]
        previous: SentenceFacts | None = None
        for sent in sentences:
            if previous is not None:   # the last day the story told, event or not ("Trưa nay, Bộ … cho biết")
                day = next((d.date for d in reversed(previous.dates) if d.date and d.until is None), None)
                if day is not None:
                    self._day_told = day
                # (told in the sentence just before, which reported no event: "Sáng 10/3, Tổng Bí thư
                # chủ trì lễ đón chính thức …. Ngay sau lễ đón, …")
                self._eventless_day = day if not any(previous.index in e.sentences for e in events) else None
            previous = sent
            hits = self._with_acronyms(sent, find_triggers(self.text, sent, self.book, article_hits, starts))
            attendance = self.book.attendance.search(self.text, sent.start, sent.end)
            if attendance is not None and (self._proposal_start(sent) or sent.end) < attendance.start():
                attendance = None   # "… đề nghị tổ chức Diễn đàn …, với sự tham gia của X": proposed
            attended_kind = None
            companions = None if attendance else self.book.companions.search(self.text, sent.start, sent.end)
            composition = None if attendance or companions else self.book.delegation_composition.search(
                self.text, sent.start, sent.end)
            members = None if attendance else companions or composition or self.book.delegation_members.search(
                self.text, sent.start, sent.end)
            if members:     # "Cùng tham gia đoàn có ông X": X is on the visit
                attendance, attended_kind = members, "visit"
                hits = [h for h in hits if not members.start() <= h.start < members.end()]
            elif attendance:  # "Tham dự hội đàm … có": the event named is the one being attended
                # the event attended is named inside ("Tham dự hội đàm có …") or just before it
                # ("Diễn đàn có sự tham dự của …")
                inside = [h for h in hits if attendance.start() <= h.start < attendance.end()
                          or 0 <= attendance.start() - h.end <= 1]
                said = attendance.group().lower()
                attended_kind = inside[0].trigger.kind if inside else next(
                    (kind for noun, kind in self.book.attendance_nouns.items() if noun in said), None)
                hits = [h for h in hits if h not in inside]
            roles = [self._role(sent, h) for h in hits]
            for k, h in enumerate(hits):   # "Tham dự Hội nghị …, Thủ tướng X đã gặp …": where X met
                if roles[k] == "main" and self._opens_setting(sent, h):
                    end = self._clause_end(sent, h.end)
                    if any(r == "main" and g.start > end for g, r in zip(hits[k + 1:], roles[k + 1:])):
                        roles[k] = "super"
            for k, h in enumerate(hits):   # "X tiếp một đoàn … sang dự lễ ký": what they came for
                if roles[k] == "main" and self._came_for(sent, h, hits[:k]):
                    roles[k] = "super"
            if hits and "main" not in roles and not attendance:
                roles[0] = "reference"   # "Tại hội đàm, …": the sentence speaks of that event
            if hits and roles[0] == "main" and self._said_to_be(sent, hits[0], events):
                roles[0] = "reference"   # "Đây là phiên đàm phán thứ năm …": the one just told
            mains = [h for h, r in zip(hits, roles) if r not in _IN_PASSING]
            created: list[tuple[_TriggerHit, Event]] = []
            told_before: list[Event] = []   # told as before an event named in passing ("Trước lễ ký, …")
            ref: tuple[int, str] | None = None
            ref_end = sent.start
            shared_subject: str | None = None   # the implied subject of the sentence's first verb
            for h, role in zip(hits, roles):
                in_passing = role in _IN_PASSING
                attended, by_delegation = None, False
                people = (self._possessive(sent, h) or self._between(sent, h)) if in_passing else self._participants(
                    sent, h, mains, referred=role == "reference")
                if in_passing and not people and h.trigger.participants == "visitor":
                    # "… hội đàm …, trong khuôn khổ chuyến thăm Trung Quốc": the subject's visit;
                    # "Ông cũng thông báo …, trước khi kết thúc chuyến thăm, ông sẽ hội kiến Tổng Bí
                    # thư X": the one "ông" stands for, not X named after it
                    people = [key for s, e, key in sent.person_spans[:1]]
                    if people and sent.person_spans[0][0] > h.start and self.last_subject \
                            and self._opens_with(sent, self.book.pronoun_subjects):
                        people = [self.last_subject]
                    if self._bare_noun(h):
                        # "Trong khuôn khổ chuyến thăm, … Chủ tịch nước X đã tiếp bà Y": the visit
                        # already told of one of them (Y's, or X's), whoever hosts whom
                        named = {key for s, e, key in sent.person_spans}
                        told = next((e for e in reversed(events) if e.kind == h.trigger.kind and e.joins is None
                                     and not e.planned and named & set(e.participants)), None)
                        people = list(told.participants) if told is not None else people
                elif in_passing and created and (attended := self._attending(sent, h)):
                    # "A gặp B, nhân dịp hai nhà lãnh đạo dự Hội nghị …": A and B attend it; "A tiếp
                    # B, nhân dịp ông sang Việt Nam dự Diễn đàn …": B, named last
                    people = list(created[-1][1].participants) if attended.group("anaphor") \
                        else self._nearest_before(sent, h)
                elif in_passing and not people and mains and self._partaking_verb_before(sent, h) \
                        and h.start < mains[0].start:
                    # "Nhân dịp tham dự Hội nghị …, Bộ trưởng X đã làm việc với Y": X attends it
                    # (not the host of one who came for it, named after: "X tiếp … sang dự lễ ký")
                    people = self._nearest_before(sent, mains[0])
                if not in_passing:
                    implied, by_delegation = self._implied_subject(sent, h)
                    if implied is None and shared_subject and not people and self._coordinated(sent, h, created):
                        implied = shared_subject   # "đoàn thăm thành phố Linz và làm việc với …"
                    shared_subject = shared_subject or implied
                    if implied and h.trigger.participants == "visitor":
                        people = [implied]   # "ông và đoàn sẽ thăm …": the visitor is who "ông" is
                    elif implied and implied not in people:
                        people = [implied] + people
                if not in_passing and people and self._announces_meetings(sent, h):
                    day = next((d.date for d in sent.dates if d.date and not d.reporting and d.until is None), None)
                    self._announced = _Announced(people[0], h.trigger.kind, day,
                                                 ref[0] if ref is not None and ref[1] == "super" else None, sent.index)
                ev = self._event(sent, h, people, in_passing)
                if ev is None or h.trigger.needs == "told" and not _kind_told(ev, events):
                    continue   # ("buổi lễ" before any signing was told: some other ceremony)
                # (up to the next event told: "đã ký Biên bản … và nhất trí Phiên họp lần thứ năm
                # sẽ được tổ chức …" plans the next session, not the signing)
                after = self.text[h.end:min((g.start for g in hits if g.start >= h.end), default=sent.end)].lower()
                ev.planned = not in_passing and (any(m in after for m in self.book.planned_markers)
                                                 or self._planned_before(sent, h))
                ev.recalled = not in_passing and self._told_by_participant(sent, h, ev)
                clause = after[:self._clause_end(sent, h.end) - h.end]
                ev.online = any(m in clause for m in self.book.online_markers)
                ev.purpose = attended is not None
                if not in_passing and ev.kind == "signing":
                    ev.witnesses = [p for p in self._witnesses_named(sent, h) if p in ev.participants]
                signers = self._signers_named(sent, h) if not in_passing and ev.kind == "signing" else []
                self._define_acronym(sent, h, ev)
                if in_passing:
                    ev.joins = "same-kind"
                    ref, ref_end = (len(events), role), h.end
                elif role == "reference" or h.name or self._names_again(ev, events) \
                        or self._attends_again(sent, h, ev, events) or self._told_again(sent, h, ev, events) \
                        or self._in_relative_clause(sent, h, ev, events) or self._pointed_back(h, ev, events) \
                        or h.trigger.refers_back and _kind_told(ev, events) and not self._dated(sent):
                    ev.joins = "reference"   # "Phát biểu tại hội thảo, bà X …": X was there
                elif ref is not None:
                    if ref[1] == "super":
                        # (within the clause: "tại Vòng đàm phán thứ 8 …, …; Vòng đàm phán thứ 9
                        # dự kiến …" is no part of it)
                        # (nor what was agreed there: "Tại buổi tiếp, hai bên thống nhất … tổ chức Hội
                        # thảo … tại TP Cần Thơ")
                        between = self.text[ref_end:h.start]
                        if ";" not in between and _last_word(between.lower(), self.book.agreeing_verbs) < 0:
                            ev.super_event = ref[0]
                        ev.sideline = "bên lề" in self._before(sent, hits[0]).lower()
                    elif ref[1] == "after" and not ev.planned:   # ("Kết thúc vòng đàm phán, hai
                        ev.after = ref[0]   # bên … sẽ tổ chức một phiên …": later, not right after)
                    elif ref[1] == "before":
                        ev.after = ref[0]   # ("Trước lễ ký, cũng tại TP.HCM, … đã tiếp …": its day,
                        told_before.append(ev)   # when it tells none of its own)
                if not in_passing and (not ev.participants or self._anaphor_is_subject(sent, h)) \
                        and self._has_anaphora(sent, h) \
                        and not (h.trigger.participants == "none" and self._between(sent, h)) \
                        and not (h.trigger.participants == "visitor" and self._possessive(sent, h)):
                    ev.anaphora = ref[0] if ref is not None else -1
                    ev.anaphor_title = self._anaphor_title(sent, h)
                    ev.anaphora_pool = list(self.last_event_people) if ref is None else []
                    ev.witnessed = bool(signers)   # ("hai Thủ tướng chứng kiến lễ ký …, do A và B ký")
                elif not in_passing and (ev.participants or ev.org_participants or ev.kind == "signing") \
                        and self._witnesses_by_anaphor(sent, h):
                    # ("dưới sự chứng kiến của hai Phó Thủ tướng, các cơ quan và doanh nghiệp đã trao
                    # 12 văn bản": signed by no one named, witnessed by the two)
                    ev.anaphora, ev.witnessed = (ref[0] if ref is not None else -1), True
                    ev.anaphor_title = self._witness_anaphor_title(sent)
                elif ref is None and ev.joins is None and not in_passing:
                    ev.after = self._witnessed_by_hosts(sent, events)
                if not in_passing and ev.kind in _SPOKEN_AT and self._bare_delegation(h.end + 1):
                    # "Sáng cùng ngày, Bộ trưởng X đã tiếp đoàn.": the delegation told, whom it is
                    ev.participants = _unique(ev.participants + self._delegation_party())
                ev.participants = _unique(ev.participants + signers)
                ev.principals = list(ev.participants)
                if not in_passing and ev.kind in _SPOKEN_AT and len(ev.participants) <= 1 \
                        and self._delegation_follows(h):
                    self._received_delegations.append(ev)
                for part in self._held_separately(sent, h, ev) if not in_passing else [ev]:
                    events.append(part)
                    created.append((h, part))
                if not in_passing and by_delegation and self.delegation_members \
                        and h.trigger.participants != "visitor":
                    # "Sáng cùng ngày, đoàn đã làm việc với Bộ trưởng X": the members named with
                    # the delegation ("Cùng đi trong đoàn có …") were there too
                    along = Event(kind=ev.kind, participants=list(self.delegation_members), joins="attend")
                    along.sentences.add(sent.index)
                    along.evidence.append(Evidence(sent.start, sent.end, h.start, h.end, "event.delegation-member"))
                    events.append(along)
            if ref is not None and ref[1] == "super":
                # "Lễ ký diễn ra trong khuôn khổ Hội nghị …": what the sentence reports before the
                # event named in passing is part of it too
                for h, ev in created:
                    if ev is events[ref[0]]:
                        break
                    if ev.joins is None and ev.super_event is None:
                        ev.super_event = ref[0]
            self._dates_and_places(sent, created, [h for h, r in zip(hits, roles) if r in ("main", "reference")],
                                   self._reference_clause_end(sent, hits, roles))
            for ev in told_before:
                if ev.date or ev.month:   # ("Trước khi vòng đàm phán khai mạc, chiều 13/5, …": its own day)
                    ev.after = None
            _share_when_and_where(created)
            self._not_at_reference(sent, created)
            self._told_without_people(sent, hits, created)
            self._in_series(sent, created, events)
            self._one_of_announced(sent, hits, created, events)
            self._at_the_gathering(created, events)
            if ref is not None and ref[1] != "before" and not any(ev.date for _, ev in created):
                self._back_to_day_of(events[ref[0]], events[:ref[0]])
            led = self.book.delegation_heads.search(self.text, sent.start, sent.end)
            head_before = None if led else self._head_named_before(sent)
            if (led or head_before) and created and all(self._long_before(ev) for _, ev in created):
                # "Giữa tháng 12/2025, phiên đàm phán … đã diễn ra tại Hà Nội giữa đoàn Việt Nam do
                # Thứ trưởng X dẫn đầu …": a delegation of an event recalled is not the story's
                head = head_before or next(iter(self._named_in(sent, led)), None)
                for _, ev in created if led and head else ():
                    if not ev.participants and not ev.org_participants:
                        ev.participants, ev.principals = [head], [head]
            elif led or head_before:
                self.delegation_head = head_before or next(iter(self._named_in(sent, led)), self.delegation_head)
                self.delegation_told = self.text[sent.start:sent.end]
                if self.delegation_head is not None:   # "Đoàn do ông X dẫn đầu, với sự tham gia của bà Y"
                    for ev in events:   # after "… tiếp đoàn …, đang thăm Việt Nam": whose visit it is
                        if ev.kind in _JOURNEYS and not ev.participants and not ev.org_participants:
                            ev.participants = _unique([self.delegation_head] + [k for s, e, k in sent.person_spans])
                            ev.principals = [self.delegation_head]
                    for _, ev in created if led else ():   # "tại vòng đàm phán … ở Washington, đoàn
                        # đàm phán do Bộ trưởng X dẫn đầu đã đề nghị …": X was at the round
                        if not ev.participants and not ev.org_participants:
                            ev.participants, ev.principals = [self.delegation_head], [self.delegation_head]
                    # "Thủ tướng … tiếp đoàn USABC. Đoàn … do ông X dẫn đầu …": X was received
                    self._received_too(sent, [self.delegation_head])
            if members and sent.person_spans:
                self.delegation_members = _unique(k for s, e, k in sent.person_spans if s >= members.start())
                if not self.delegation_head:   # "… tiếp đoàn Thượng nghị sĩ Hoa Kỳ. Đoàn gồm A, B và C": received
                    self._received_too(sent, self.delegation_members)
            self._received_delegations = [ev for ev in self._received_delegations if min(ev.sentences) == sent.index]
            if sent.person_spans:
                self.last_subject = sent.person_spans[0][2]
            if any(ev.joins is None for _, ev in created):
                self.last_event_people = _unique(k for s, e, k in sent.person_spans)
            # "Tham dự … có …", "Phía X do bà Y dẫn đầu" in a sentence that reports no event of
            # its own: the people named join the event reported before
            found = attendance or led
            # (an event told in a relative clause on one named is no matter: "Cùng dự cuộc gặp có
            # Thứ trưởng X, người đang dẫn đầu đoàn … tham dự vòng đàm phán thứ sáu …")
            if found and sent.person_spans and not any(r in ("main", "reference") for h, r in zip(hits, roles)
                                                       if not self._after_relative_marker(sent, h)):
                every = attendance is not None and any(w in attendance.group().lower() for w in self.book.attendance_of_all)
                # ("… theo quyết định của Thủ tướng X; phía Hoa Kỳ do ông Y làm trưởng đoàn": not X)
                excluded = [] if attendance else self._excluded_spans(sent)
                ev = Event(kind=attended_kind or "meeting", participants=_unique(
                               k for s, e, k in sent.person_spans if not any(a <= s < b for a, b in excluded)),
                           joins="companion" if companions else "delegation" if composition and self.delegation_head
                           else "member" if members else "attend" if attended_kind else "all" if every else "any")
                ev.noun = next((n for n in self.book.session_nouns if attendance is not None
                                and n in attendance.group().lower()), None)
                ev.session = ev.noun is not None
                if ev.joins == "delegation" or ev.joins == "member" and self.delegation_head:
                    ev.principals = [self.delegation_head]
                ev.sentences.add(sent.index)
                rule = "event.delegation-member" if members else \
                    "event.attendance" if attendance else "event.delegation-head"
                ev.evidence.append(Evidence(sent.start, sent.end, found.start(), found.end(), rule))
                events.append(ev)
            elif not hits and not found:
                speaker = self._speaker(sent)
                if speaker is not None:   # "Ông X, Chủ tịch AmCham, nhận định …" after a conference
                    ev = Event(kind="conference", participants=[speaker[2], *self._co_speakers(sent, speaker)],
                               joins="source" if speaker[3] else "speaker")
                    ev.sentences.add(sent.index)
                    ev.evidence.append(Evidence(sent.start, sent.end, speaker[0], speaker[1], "event.speaker"))
                    events.append(ev)
        return events

    def _at_the_gathering(self, created: list[tuple[_TriggerHit, Event]], events: list[Event]) -> None:
        """"Dưới sự chứng kiến của Bộ trưởng A và ông B, các doanh nghiệp đã ký …" right after a
        forum A and B attended: a signing told with no day or place of its own, among people all
        at the gathering reported last, is held there that day."""
        for _, ev in created:
            if ev.joins is not None or ev.date or ev.month or ev.places or ev.kind != "signing" \
                    or not ev.participants or ev.planned:
                continue
            first = min(ev.sentences)
            last = next((e for e in reversed(events) if e is not ev and e.joins is None and not e.planned
                         and min(e.sentences) < first), None)
            if last is not None and last.kind in GATHERINGS and last.date and last.end_date is None \
                    and set(ev.participants) <= set(_gathering_people(last, events)):
                ev.date, ev.date_rule, ev.places = last.date, "date.at-gathering", list(last.places)

    def _told_without_people(self, sent: SentenceFacts, hits: list[_TriggerHit],
                             created: list[tuple[_TriggerHit, Event]]) -> None:
        """"Sáng nay (8/5), tại TP. Hồ Chí Minh, các doanh nghiệp … đã ký kết 9 biên bản …. Lễ ký
        kết diễn ra dưới sự chứng kiến của …": an event told with its day (and place) but no one
        named is no event yet; the next sentence that tells an event (one sentence between at
        most), opening with the noun of an event of its kind that has neither day nor place,
        reports that one."""
        if hits and not any(ev.joins is None for _, ev in created):   # (events named in passing aside)
            days = [d for d in sent.dates if d.date and not d.reporting]
            if days:
                places = self._introduced_places(sent)
                self._unclaimed = _Unclaimed(frozenset(h.trigger.kind for h in hits), days[0],
                                             [places[0][1]] if places else [], sent.index)
            return
        told = self._unclaimed
        if told is not None and not hits and sent.index == told.sentence + 1:
            return   # ("…. Đậu tương, ngô … chiếm phần lớn giá trị. Lễ ký có sự chứng kiến của …")
        self._unclaimed = None
        if told is None or sent.index > told.sentence + 2:
            return
        for h, ev in created:   # (told by its noun, opening the sentence: not a caption's "A tiếp B";
            # or named in passing: "Sau lễ trình Quốc thư, Chủ tịch nước tiếp …")
            if ev.kind in told.kinds and ev.date is None and ev.month is None and not ev.places \
                    and not ev.planned and (ev.joins is None and self._opens_sentence(sent, h)
                                            or ev.joins == "same-kind" and sent.index == told.sentence + 1):
                day = told.day
                ev.date, ev.end_date, ev.date_rule, ev.daypart = day.date, day.until, day.rule, day.daypart
                ev.places = list(told.places)

    def _in_series(self, sent: SentenceFacts, created: list[tuple[_TriggerHit, Event]], events: list[Event]) -> None:
        """"Chủ tịch nước lần lượt tiếp và trao đổi với từng Đại sứ. Tiếp Đại sứ Mexico X, Chủ tịch
        nước …": each event of the announced kind told next, opening its sentence with no day or
        place of its own, follows the announcing one (its day, its place); one told with its
        own day ends the series."""
        reported = [(h, ev) for h, ev in created if ev.joins is None and not ev.planned]
        if self._series is not None:
            kind = events[self._series].kind
            for h, ev in reported:
                if ev.kind == kind and ev.date is None and ev.month is None and not ev.places \
                        and self._opens_sentence(sent, h):
                    ev.after = self._series
            if any(ev.date for _, ev in reported):
                self._series = None
        series = self.book.series_regex
        marker = series.search(self.text, sent.start, sent.end) if series is not None else None
        announcing = next((ev for h, ev in reported if h.start > marker.start()), None) if marker else None
        if announcing is not None:   # (created this sentence: among the last events)
            self._series = next(i for i in range(len(events) - 1, -1, -1) if events[i] is announcing)

    def _announces_meetings(self, sent: SentenceFacts, hit: _TriggerHit) -> bool:
        """"đã có 4 cuộc gặp song phương với các đối tác": several events of the kind, counted,
        with no one named after them."""
        counted, objects = self.book.counted_regex, self.book.series_objects_regex
        return counted is not None and objects is not None and hit.trigger.kind in _SPOKEN_AT \
            and counted.search(self.text[sent.start:hit.start]) is not None \
            and objects.search(self.text, hit.start, min(sent.end, hit.end + 25)) is not None \
            and not any(s >= hit.end for s, e, key in sent.person_spans)

    def _one_of_announced(self, sent: SentenceFacts, hits: list[_TriggerHit],
                          created: list[tuple[_TriggerHit, Event]], events: list[Event]) -> None:
        """After "X đã có 4 cuộc gặp song phương …" (a few sentences at most): each meeting of that
        kind told without X ("Tại cuộc gặp với ông A", "Cuộc gặp thứ tư là với ông B"), and a
        sentence opening "Với <name>, …", is one of them: X's, that day, at that gathering."""
        told = self._announced
        if told is None or sent.index == told.sentence:
            return
        if sent.index - told.sentence > self.book.series_reach or any(ev.date and ev.date != told.date for _, ev in created):
            self._announced = None
            return
        ones = [ev for _, ev in created if ev.kind == told.kind and ev.joins in (None, "reference")
                and ev.participants and told.host not in ev.participants and not ev.planned]
        if not hits and sent.person_spans and self._opens_with(sent, self.book.series_openers):
            first = sent.person_spans[0]
            if first[2] != told.host and not any(c in self.text[sent.start:first[0]] for c in ",;"):
                ev = Event(kind=told.kind, participants=[first[2]])
                ev.sentences.add(sent.index)
                ev.evidence.append(Evidence(sent.start, sent.end, sent.start, first[1], "event.one-of-announced"))
                events.append(ev)
                ones.append(ev)
        for ev in ones:
            ev.participants = _unique([told.host] + ev.participants)
            ev.principals = list(ev.participants)
            ev.joins = None
            if ev.date is None and ev.month is None:
                ev.date, ev.date_rule = told.date, "date.announced"
            if ev.super_event is None:
                ev.super_event = told.super_event

    @staticmethod
    def _not_at_reference(sent: SentenceFacts, created: list[tuple[_TriggerHit, Event]]) -> None:
        """"Tại buổi tiếp, Bộ trưởng A đánh giá … sau chuyến thăm … của Tổng thống B …": who is
        named only as one of an event named in passing after it was not at the event referred to."""
        for h, ev in created:
            if ev.joins != "reference":
                continue
            for g, other in created:
                if other.joins != "same-kind" or g.start < h.end:
                    continue
                theirs = {key for s, e, key in sent.person_spans if s >= g.end and key in other.participants}
                gone = theirs - {key for s, e, key in sent.person_spans if s < g.start}
                ev.participants = [p for p in ev.participants if p not in gone]
                ev.principals = [p for p in ev.principals if p not in gone]

    def _long_before(self, ev: Event) -> bool:
        """Whether an event is told as held at least `recollection_days` before the article (by its
        day, or by a month before the article's)."""
        if ev.date is not None:
            return (self.article_date - ev.date).days >= self.book.recollection_days
        return ev.month is not None and ev.month < self.article_date.strftime("%Y-%m")

    def _told_by_participant(self, sent: SentenceFacts, hit: _TriggerHit, ev: Event) -> bool:
        """"Hạ nghị sĩ X cho biết sáng cùng ngày ông đã làm việc với Y": one who took part tells
        of the event, after the sentence's first verb of saying."""
        before = self.text[sent.start:hit.start].lower()
        said = _first_word(before, self.book.reporting_verbs)
        if said < 0:
            return False
        teller = next((key for s, e, key in sent.person_spans if e <= sent.start + said), None)
        return teller is not None and teller in ev.participants

    def _held_separately(self, sent: SentenceFacts, hit: _TriggerHit, ev: Event) -> list[Event]:
        """"Tổng Bí thư đã có hai cuộc điện đàm riêng với Thượng nghị sĩ A và Thượng nghị sĩ B":
        one event with each of those named after the trigger, each with who is named before it."""
        marker, counted = self.book.separately_regex, self.book.counted_regex
        if marker is None or counted is None or not marker.match(self.text, hit.end) \
                or not counted.search(self.text[sent.start:hit.start]):
            return [ev]
        before = {k for s, e, k in sent.person_spans if e <= hit.start}
        hosts = [k for k in ev.participants if k in before]
        guests = [k for k in ev.participants if k not in before]
        if not hosts or len(guests) < 2:
            return [ev]
        return [replace(ev, participants=hosts + [g], principals=hosts + [g], sentences=set(ev.sentences),
                        evidence=list(ev.evidence), topics=set(ev.topics)) for g in guests]

    def _speaker(self, sent: SentenceFacts) -> tuple[int, int, str, bool] | None:
        """The person a sentence opens with, when a verb of saying follows ("Bà X, Giám đốc …,
        chia sẻ …") or opens it ("Phát biểu khai mạc, ông X …"), or whose view it gives ("Theo
        Chủ tịch VCCI X, …": the last value says so, and such a one speaks only at a gathering);
        not one quoted from an interview ("Nói với VnExpress, TS X …")."""
        if not sent.person_spans or any(r.search(self.text, sent.start, sent.end) for r in self.book.absences):
            return None   # (nor one who "gửi thông điệp tới MC14, nhấn mạnh …")
        start, end, key = sent.person_spans[0]
        opening = self.text[sent.start:start].lower()
        if any(opening.startswith(v + " ") and not opening.startswith(v + " với ") for v in self.book.speaking_verbs):
            return start, end, key, False   # "Phát biểu khai mạc, ông X …" (but "Nói với phóng viên, …")
        # (the titles written before the name open the sentence with it: "Bộ trưởng Thương mại và
        # Du lịch Australia Mark Pemberton nhấn mạnh …")
        opening = self.text[sent.start:sent.titled_from.get(start, start)].lower()
        if self._opens_with(sent, self.book.remote_openers) and opening.count(",") == 1 and len(opening) <= 60:
            opening = opening[opening.index(",") + 1:].lstrip()   # "Kết nối từ Washington, bà X, …"
        if opening.strip() in self.book.source_markers and self.text[end:end + 2].startswith(","):
            # "Theo Chủ tịch VCCI X, cộng đồng doanh nghiệp …", "Theo bà Phương, …" (named before):
            # X said so; not an expert quoted by full name and the post after it ("Theo ông Nguyễn
            # Văn X, nguyên Đại sứ …, …", "Theo PGS.TS Trần Hữu Y, giảng viên …")
            titles = self.text[sent.titled_from.get(start, start):start].strip()
            short = len(self.text[start:end].split()) == 1
            return (start, end, key, True) if short or titles and titles not in self.book.honorifics else None
        if len(opening) > 40 or any(c in opening for c in ",;:") \
                or any(opening.startswith(m) for m in self.book.source_markers):
            return None
        said = self.text[end:sent.end].lower()   # "…, cho biết …", "…, phân tích: …"
        return (start, end, key, False) if _last_word(said, self.book.speaking_verbs) >= 0 else None

    def _co_speakers(self, sent: SentenceFacts, speaker: tuple[int, int, str, bool]) -> list[str]:
        """Who is named with the speaker, joined by "và", before the verb of saying ("bà A, Đại sứ
        Nam Phi …, và ông B, Đại sứ Algeria …, kêu gọi …"): they say it together."""
        start, end, _, source = speaker
        said = _first_word(self.text[end:sent.end].lower(), self.book.speaking_verbs)
        if source or said < 0:
            return []
        out, last_end = [], end
        for s, e, other in sent.person_spans:
            if s <= start:
                continue
            if s >= end + said or " và " not in self.text[last_end:sent.titled_from.get(s, s) + 1]:
                break
            out.append(other)
            last_end = e
        return out

    def _names_again(self, ev: Event, events: list[Event]) -> bool:
        """"… dự hội nghị theo lời mời …": a conference or forum written without its name, after
        the article has named one, is that one."""
        return ev.kind in GATHERINGS and ev.name is None and not ev.planned \
            and any(e.kind == ev.kind and e.name for e in events)

    def _edition(self, sent: SentenceFacts, hit: _TriggerHit) -> int | None:
        """The number of an edition or session ("Hội thảo lý luận lần thứ 12", "Kỳ họp thứ 5")."""
        if hit.trigger.kind not in GATHERINGS and hit.trigger.participants != "body":
            return None
        name = self._event_name(sent, hit) if hit.trigger.kind in GATHERINGS else None
        m = _EDITION.match(self.text, hit.start, min(sent.end, hit.end + 40)) \
            or _EDITION.match(self.text, hit.end, min(sent.end, hit.end + 40)) \
            or (name and _EDITION_SUFFIX.search(name) and _EDITION.search(name))   # after a long noun, or closing a long name
        if m is None:
            return None
        return _number(m.group("n"), self.book.ordinal_words)

    def _edition_held(self, sent: SentenceFacts, hit: _TriggerHit) -> bool:
        """"Hội thảo lý luận lần thứ 11 … được tổ chức tại tỉnh Quảng Ninh": an edition of a
        gathering, said to be held somewhere, is an event though no one is named; so is a
        gathering named and dated ("Diễn đàn Đầu tư bán dẫn … 2026 diễn ra sáng nay (10/9) tại Hà Nội")."""
        named = hit.trigger.kind in GATHERINGS and self._dated(sent) and bool(self._event_name(sent, hit))
        return (self._edition(sent, hit) is not None or named) and any(
            start > hit.end and self._venue_before(start) is not None
            for (start, _), _ in self._introduced_places(sent))

    def _said_to_be(self, sent: SentenceFacts, hit: _TriggerHit, events: list[Event]) -> bool:
        """"Đây là phiên đàm phán thứ năm giữa hai bên …": a sentence opening with a copula and
        the event's noun says what the event of that kind just told was."""
        opening = self.text[sent.start:hit.start].lower().split()
        opener = " ".join(w for w in opening if w not in self.book.event_classifiers)
        return opener in self.book.copula_openers and any(e.kind == hit.trigger.kind for e in events)

    def _told_again(self, sent: SentenceFacts, hit: _TriggerHit, ev: Event, events: list[Event]) -> bool:
        """"Cuộc hội đàm nằm trong chương trình …": a sentence that opens with the event's noun
        and its classifier, or with a gathering's noun and no name ("Hội nghị do ông X chủ trì
        …"), speaks of the event of that kind already reported (not when it gives a rank none
        told has: "Phiên trực tiếp đầu tiên được tổ chức …" is another round)."""
        words = self.text[hit.start:hit.end].lower().split()
        another = hit.ordinal is not None and not any(e.kind == ev.kind and e.ordinal == hit.ordinal for e in events)
        return self._opens_sentence(sent, hit) and bool(words) and not another and _kind_told(ev, events) \
            and (words[0] in self.book.event_classifiers
                 or hit.trigger.kind in GATHERINGS and self._event_name(sent, hit) is None)

    def _in_relative_clause(self, sent: SentenceFacts, hit: _TriggerHit, ev: Event, events: list[Event]) -> bool:
        """"bà X, Tổng Giám đốc …, người trực tiếp ký thỏa thuận với USW, cho biết …": a verb in a
        relative clause on a person names the event of its kind already reported."""
        return self._after_relative_marker(sent, hit) and _kind_told(ev, events)

    def _pointed_back(self, hit: _TriggerHit, ev: Event, events: list[Event]) -> bool:
        """"Vòng đàm phán này cho thấy …": a demonstrative after the noun names the event of its
        kind already reported."""
        return self._demonstrative is not None and self._demonstrative.match(self.text, hit.end) is not None \
            and _kind_told(ev, events)

    def _after_relative_marker(self, sent: SentenceFacts, hit: _TriggerHit) -> bool:
        """Whether the trigger is in a relative clause on a person (", người … ")."""
        return self._relative is not None and self._relative.search(
            self.text, max(sent.start, hit.start - _RELATIVE_REACH), hit.start) is not None

    @staticmethod
    def _dated(sent: SentenceFacts) -> bool:
        """Whether the sentence tells a day (not one the news was released on)."""
        return any(d.date for d in sent.dates if not d.reporting)

    def _signed_then_and_there(self, sent: SentenceFacts, hit: _TriggerHit) -> bool:
        """"Ngày 10/9, tại Des Moines, các doanh nghiệp hai nước đã ký kết 12 biên bản …": a
        signing told with its day and place is one, though it names no one (who signed or saw
        it may be told next)."""
        return hit.trigger.kind == "signing" and self._dated(sent) and bool(self._introduced_places(sent))

    def _opens_with(self, sent: SentenceFacts, words) -> str | None:
        """The one of ``words`` (lowercase) the sentence opens with, as a whole word ("Ông cũng …",
        "Với Bộ trưởng …", "Kết nối từ Washington, …", "Trong khi đó, …")."""
        opening = self.text[sent.start:sent.start + 40].lower()
        return next((w for w in words if opening.startswith((w + " ", w + ","))), None)

    def _opens_sentence(self, sent: SentenceFacts, hit: _TriggerHit) -> bool:
        """Whether the trigger opens its sentence (quotation marks aside)."""
        return not self.text[sent.start:hit.start].strip(" \"“'")

    def _attends_again(self, sent: SentenceFacts, hit: _TriggerHit, ev: Event, events: list[Event]) -> bool:
        """"Cùng dự buổi làm việc, ông X …": attending an event of a kind the article has
        reported is attending that one."""
        return self._partaking_verb_before(sent, hit) and _kind_told(ev, events)

    def _partaking_verb_before(self, sent: SentenceFacts, hit: _TriggerHit) -> bool:
        """"dự", "đồng chủ trì" … right before the trigger's noun."""
        before = self.text[max(sent.start, hit.start - _PARTAKING_REACH):hit.start].lower().rstrip()
        return any(before.endswith(v) for v in self.book.partaking_verbs)

    def _reference_clause_end(self, sent: SentenceFacts, hits: list[_TriggerHit], roles: list[str]) -> int | None:
        """"Tại hội đàm, X cho biết … từ ngày 1/7 …": a sentence that only refers back to an event
        speaks of other things after the reference's clause; where that clause ends."""
        if "main" in roles or "reference" not in roles:
            return None
        comma = self.text.find(",", hits[roles.index("reference")].end, sent.end)
        # ("… trong chuyến thăm … của Chủ tịch nước, diễn ra từ ngày 24 đến 27/11": where and when
        # it is held, the clause after goes on with it)
        if comma >= 0 and any(self.text[comma + 1:sent.end].lower().lstrip().startswith(v + " ")
                              for v in self.book.venue_verbs):
            comma = self.text.find(",", comma + 1, sent.end)
        return comma if comma >= 0 else None

    def _dates_and_places(self, sent: SentenceFacts, created: list[tuple[_TriggerHit, Event]],
                          main_hits: list[_TriggerHit], until: int | None = None) -> None:
        """Each date and "tại" place of the sentence goes to the nearest event trigger (a date
        usually comes before its verb: "Chiều 2/2, A tiếp B"); events named in passing only
        take one when the sentence reports nothing else. With ``until``, only dates and places
        before it count ("Tại hội đàm, X cho biết … từ ngày 1/7 …": the rest of the sentence
        is what was said)."""
        main = [(h, ev) for h, ev in created if ev.joins is None or ev.participants]
        pool = main or created
        # Every trigger of the sentence competes for its dates and places, even one that made
        # no event ("sẽ được … tiếp và có buổi làm việc tại TP Hồ Chí Minh").
        # (and when only events named in passing were made, the sentence's verbs still take theirs:
        # "Mở đầu cuộc hội đàm, hai Thủ tướng nhắc lại cuộc gặp đầu tiên tại Kuala Lumpur …")
        passing_end = max((g.end for g, _ in pool), default=0)
        hits = ([h for h in main_hits] or [h for h, _ in pool]) if main \
            else [h for h, _ in pool] + [h for h in main_hits if h.start >= passing_end]
        by_hit = {id(h): ev for h, ev in pool}
        # (a full date years away is history, "50 năm (1/7/1975 - 1/7/2025)", not this event's)
        dates = [d for d in sent.dates if not d.reporting and (until is None or d.start < until)
                 and (d.date is None or abs((d.date - self.article_date).days) <= _DATE_REACH_DAYS)]
        # A date range ("từ ngày 10 đến 13/8") is how long a visit or conference lasts.
        multi_day = [(h, ev) for h, ev in created if self.book.event_types[ev.kind].spans_days]
        for d in [d for d in dates if d.rule.startswith("date.range-start")] if multi_day else []:
            h, ev = min(multi_day, key=lambda x: abs(d.start - x[0].end))
            ev.date, ev.end_date, ev.date_rule = d.date, d.until, d.rule
            dates.remove(d)
        if any(d.date and not d.rule.startswith("date.range-start") for d in dates):
            # "Ngày 13/11, …, trong chương trình công tác … từ ngày 10 đến 15/11, … làm việc với
            # …": a range no event here spans is the trip's, and a day is the sitting's
            dates = [d for d in dates if not d.rule.startswith("date.range-start")]
        # "… trong chuyến thăm Singapore của Tổng Bí thư Tô Lâm hồi tháng 3/2025": a date right
        # after an event named in passing, in the same clause, is that one's
        for ev, d in self._passing_own(created if main else [], dates, lambda d: d.start, _PASSING_REACH):
            if ev.date is None and ev.month is None:
                ev.date, ev.month, ev.date_rule, ev.end_date = d.date, d.month, d.rule, d.until
            dates.remove(d)
        first_dated = None
        day_in_span = None   # "Chiều 12/5, … lễ đón … thăm Italy từ ngày 11 đến 14/5": the story's day
        name_ends = {id(h): self._name_end(sent, h) for h in hits}
        for hit_id, date in self._assign(dates, hits, prefer_following=True, name_ends=name_ends).items():
            ev = by_hit.get(hit_id)
            if ev is None:
                continue
            if ev.end_date is not None and date.date is not None and date.until is None \
                    and ev.date <= date.date <= ev.end_date:
                day_in_span = (date.date, ev)   # the visit keeps its span
                continue
            ev.daypart = date.daypart
            if date.rule in ("date.same-day", "date.next-day", "date.occasion"):
                # "sáng nay (16/4) … thăm …; chiều cùng ngày, …": the day told earlier in the
                # sentence, else the day of the event reported before
                told = [d.date for d in dates if d.date is not None and d.end <= date.start
                        and (date.rule != "date.occasion" or d.until is None)]
                day = told[-1] if told else self._eventless_day or self.last_date   # "Chiều 11/8, …, ngay sau lễ đón, …"
                if day is None and date.rule == "date.same-day":
                    day = self._day_told   # "Trưa nay, Bộ Công Thương cho biết …. Chiều cùng ngày, …"
                if not told and self._looked_back[0] == sent.index - 1 and self._goes_on_there(sent, date.end):
                    # "Trước đó, chiều 18/8, tại Hà Nội, … Cùng ngày, cũng tại Hà Nội, …": the
                    # day looked back to, where the sentence goes on
                    day = self._looked_back[1]
                if day:
                    ev.date = day + dt.timedelta(days=1 if date.rule == "date.next-day" else 0)
                    ev.date_rule = date.rule
            else:
                ev.date, ev.month, ev.date_rule, ev.end_date = date.date, date.month, date.rule, date.until
                if ev.planned and date.rule == "date.month" and ev.month < self.article_date.strftime("%Y-%m"):
                    ev.month = f"{int(ev.month[:4]) + 1}{ev.month[4:]}"   # "sẽ diễn ra vào tháng 9": the next one
        self._closing_span(sent, created)
        # A place long after every verb is what the object is about, not the venue ("chứng kiến
        # lễ trao văn kiện … cho dự án thích ứng với biến đổi khí hậu ở Đồng bằng sông Cửu Long").
        introduced = self._introduced_places(sent)
        venue = {start: self._venue_before(start) for (start, _), _ in introduced}   # "tổ chức tại …"
        places = [p for p in introduced
                  if (until is None or p[0][0] < until)
                  and (any(p[0][0] < h.start or p[0][0] - name_ends[id(h)] <= self.book.venue_reach for h in hits)
                       or venue[p[0][0]] is not None)
                  # "… đã ký biên bản ghi nhớ về việc đưa nông sản vào siêu thị … tại Thái Lan":
                  # a place in what the object is about is not where the event is
                  and not (venue[p[0][0]] is None and any(
                      h.end <= p[0][0] and _about(self.text, name_ends[id(h)], p[0][0], self.book.object_nouns)
                      for h in hits)
                      and not any(h.start > p[0][0] for h in hits))]
        # "Cuộc hội đàm nằm trong chương trình chuyến thăm … tại Quảng Tây": a place right after
        # an event named in passing, in the same clause, is where that one is
        for ev, p in self._passing_own(created if main else [], places, lambda p: p[0][0], self.book.venue_reach):
            ev.places = ev.places or [p[1]]
            places.remove(p)
        # "phối hợp tổ chức Kỳ họp … tại Riyadh", "Kỳ họp … sẽ được tổ chức tại Colombo": where the
        # event itself is said to be held is its venue, before any nearer place (but not before
        # the place of an event named in passing, its own)
        held = [p for p in places if _held_here(venue[p[0][0]], p[0][0], hits)]
        places = held or places
        for hit_id, place in self._assign(places, hits, name_ends=name_ends).items():
            ev = by_hit.get(hit_id)
            if ev is not None and not ev.places:
                # "tại thủ đô La Habana, … trong khuôn khổ chuyến thăm … tại Cuba": the city the
                # sentence names in that country is the more precise venue
                ev.places = [self._within(place, places)]
        # "bên lề Hội nghị MC14 tại thủ đô Yaoundé, Thứ trưởng X đã gặp …": a place written between
        # the event named in passing and the sentence's verb is where both are
        first_main = min((h.start for h in hits if id(h) in by_hit), default=None)
        for h, ev in created:
            if id(h) not in by_hit and not ev.places and first_main is not None and h.end <= first_main:
                between = [p for (start, _), p in places if h.end <= start < first_main]
                if between:
                    ev.places = [between[0]]
        for h, ev in pool:   # "Bộ trưởng cũng làm việc với …": more of the day just told
            if ev.date is None and ev.joins is None and self.last_date is not None \
                    and self._continuation and self._continuation.search(self._before(sent, h)) \
                    and not self.book.event_types[ev.kind].spans_days \
                    and not any(b in self.text[sent.start:h.start].lower() for b in self.book.continuation_blockers):
                ev.date, ev.date_rule = self.last_date, "date.continuation"
        for _, ev in pool:   # "Dịp này, …": the occasion just reported: its day, and its place
            if ev.date_rule == "date.occasion" and not ev.places and self.last_places:
                ev.places = list(self.last_places)
        previous = None
        for _, ev in pool:   # "A được B tiếp … và làm việc với C": one sentence, one day
            if ev.date is None and ev.month is None and previous is not None and previous.date is not None \
                    and previous.end_date is None and ev.joins is None \
                    and not (self.book.event_types[ev.kind].to_a_country   # a visit to a country spans days
                             and any(p.kind == "country" for p in ev.places)):
                ev.date, ev.date_rule = previous.date, "date.same-sentence"
            if not ev.places and previous is not None and ev.joins is None \
                    and (self.book.event_types[ev.kind].to_a_country or ev.kind in _SITTINGS) \
                    and previous.places and all(p.kind == "place" for p in previous.places):
                # "sẽ vào TP Hồ Chí Minh làm việc với … và thăm Sở …"; "tại Tokyo, A hội đàm với B;
                # hai Bộ trưởng đã chứng kiến lễ ký …": the city the sentence is in
                ev.places = list(previous.places)
            previous = ev
        # The sentence's first event dated to one day sets the day the story is on ("từ ngày
        # 17 đến 20/11, sáng 18/11 … hội đàm"; then "Chiều cùng ngày" is the 18th); a span
        # sets it only when no day has been told yet, and a look back weeks before the story's
        # day ("thực hiện kết quả cuộc điện đàm ngày 2/7 …") not at all.
        for _, ev in sorted(pool, key=lambda x: x[1].end_date is not None):
            if ev.date and first_dated is None and not ev.planned:
                first_dated = ev
        if first_dated is not None and self.last_date is not None \
                and ((self.last_date - first_dated.date).days > _LOOK_BACK_DAYS
                     or first_dated.date < self.last_date and self._recalled_in_speech(sent)):
            self._looked_back = (sent.index, first_dated.date)
            first_dated = None
        if first_dated is not None and not (first_dated.end_date is not None and self.last_date is not None):
            self.last_date = first_dated.date
            self.last_places = list(first_dated.places)
        if day_in_span is not None and (first_dated is None or first_dated.end_date is not None):
            self.last_date, self.last_places = day_in_span[0], list(day_in_span[1].places)

    def _closing_span(self, sent: SentenceFacts, created: list[tuple[_TriggerHit, Event]]) -> None:
        """"Chiều 16/4, Phiên đàm phán thứ 7 … đã khép lại tại Hà Nội sau ba ngày làm việc": an event
        of days told on the day it closed, after so many days, began that many days before."""
        closing = self.book.closing_after_days
        if closing is None:
            return
        for h, ev in created:
            if ev.date is None or ev.end_date is not None or not self.book.event_types[ev.kind].spans_days:
                continue
            m = closing.search(self.text, h.end, sent.end)
            days = _number(m.group("days"), self.book.count_words) if m else None
            if days and days > 1:
                ev.end_date, ev.date = ev.date, ev.date - dt.timedelta(days=days - 1)

    def _goes_on_there(self, sent: SentenceFacts, at: int) -> bool:
        """"Cùng ngày, cũng tại Hà Nội, …": the sentence goes on where the one before was."""
        return any(self.text[at:sent.end].lower().lstrip(" ,").startswith(f"cũng {p} ")
                   for p in self.book.place_introducers)

    def _recalled_in_speech(self, sent: SentenceFacts) -> bool:
        """"Theo Bộ trưởng, trước đó, ngày 8/9, ông đã hội đàm …": a day told in someone's words,
        after a verb of saying or a source, or as a look back ("Trước đó, hôm 9-6, …"), is
        recalled; the story stays on its own day."""
        first = min((d.start for d in sent.dates if d.date), default=sent.end)
        low = self.text[sent.start:first].lower()
        return _last_word(" " + low, self.book.source_markers + self.book.reporting_verbs
                          + self.book.flashback_markers) >= 0

    def _witnessed_by_hosts(self, sent: SentenceFacts, events: list[Event]) -> int | None:
        """"Dưới sự chứng kiến của Chủ tịch A và Thống đốc B, …": witnesses who held an event told
        before make this one follow it (that day, there); the index of that event."""
        low = self.text[sent.start:sent.end].lower()
        for marker in self.book.witness_markers:
            at = low.find(marker)
            if at < 0:
                continue
            comma = low.find(",", at)
            end = sent.start + (comma if comma >= 0 else len(low))
            witnesses = {key for s, e, key in sent.person_spans if sent.start + at <= s < end}
            if len(witnesses) >= 2:
                # (told before: not the one witnessed in this very sentence)
                return next((k for k in range(len(events) - 1, -1, -1)
                             if not events[k].joins and witnesses <= set(events[k].principals)
                             and sent.index not in events[k].sentences), None)
        return None

    def _planned_before(self, sent: SentenceFacts, hit: _TriggerHit) -> bool:
        """"nhất trí tổ chức Kỳ họp …": words right before the noun, in its clause, that tell
        the event as yet to come (or a word of the future before it: "đoàn sẽ tới TP.HCM làm việc
        với …", "ông sẽ hội kiến …")."""
        before = self.text[self._clause_start(sent, hit):hit.start].lower().rstrip()
        lead = self.text[hit.start:hit.end].lower()   # "ông sẽ hội kiến …": the trigger's own "sẽ"
        return any(before.endswith(m) for m in self.book.planned_before) \
            or any(f" {m} " in f" {before} {lead}" for m in self.book.planned_in_clause)

    def _back_to_day_of(self, named: Event, earlier: list[Event]) -> None:
        """"Ngay sau buổi tiếp, …" with no date of its own: the story is back on the day of the
        event so named (then "Sáng cùng ngày" is that day, not one told in between)."""
        told = next((e for e in reversed(earlier) if e.kind == named.kind and e.date and not e.end_date), None)
        if told is not None:
            self.last_date, self.last_places = told.date, list(told.places)

    def _passing_own(self, created: list[tuple[_TriggerHit, Event]], things: list, start_of, reach: int):
        """Each event named in passing, with the first of ``things`` (dates or places) right after
        it in its clause, which is that event's; the caller takes it out of ``things``."""
        for h, ev in created:
            if ev.joins == "same-kind":
                own = next((t for t in things if self._in_clause_after(h, start_of(t), reach)), None)
                if own is not None:
                    yield ev, own

    def _in_clause_after(self, hit: _TriggerHit, start: int, reach: int) -> bool:
        """Whether ``start`` is after ``hit``, within ``reach`` and its clause (no comma between)."""
        return hit.end <= start <= hit.end + reach and not any(c in self.text[hit.end:start] for c in ",;")

    # -- the role of a trigger in its sentence

    def _before(self, sent: SentenceFacts, hit: _TriggerHit) -> str:
        return self.text[max(sent.start, hit.start - 28):hit.start]

    def _role(self, sent: SentenceFacts, hit: _TriggerHit) -> str:
        before = self._before(sent, hit)
        if self._after_marker and self._after_marker.search(before):
            return "after"
        if self._before_marker and self._before_marker.search(before):
            return "before"
        if self._super_marker and self._super_marker.search(before) and not self.book.partaking_at.search(before):
            return "super"
        if self._attending(sent, hit) is not None:
            return "super"   # "…, nhân dịp hai nhà lãnh đạo dự Hội nghị Cấp cao …"
        return "main"

    def _came_for(self, sent: SentenceFacts, hit: _TriggerHit, earlier: list[_TriggerHit]) -> bool:
        """"… tiếp một đoàn doanh nghiệp sang dự lễ ký": a verb of coming to attend right before
        the trigger, after another trigger's verb in its clause."""
        start = self._clause_start(sent, hit)
        before = self.text[start:hit.start].lower().rstrip()
        return any(before.endswith(" " + v) for v in self.book.came_to_attend) \
            and any(g.start >= start for g in earlier)

    def _opens_setting(self, sent: SentenceFacts, hit: _TriggerHit) -> bool:
        """Whether the trigger's clause is only a verb of attending and the event ("Tham dự Hội nghị
        WEF tại Davos, …"): the setting of what the rest of the sentence tells."""
        return self.text[self._clause_start(sent, hit):hit.start].strip().lower() in self.book.super_event_attending_verbs

    def _attending(self, sent: SentenceFacts, hit: _TriggerHit) -> re.Match | None:
        """"nhân dịp hai nhà lãnh đạo dự", "khi ông cùng dự" ending the trigger's clause."""
        attending = self.book.super_attending_regex
        return attending.search(self.text[self._clause_start(sent, hit):hit.start].lower()) \
            if attending is not None else None

    def _has_anaphora(self, sent: SentenceFacts, hit: _TriggerHit | None = None) -> bool:
        """"hai Bộ trưởng đã chứng kiến lễ ký": the anaphor is the subject, right before the trigger."""
        if self._anaphor is None:
            return False
        if hit is None:
            return self._anaphor.search(self.text[sent.start:sent.end].lower()) is not None
        low = self.text[max(sent.start, hit.start - _ANAPHOR_REACH):hit.start].lower()
        # (not "các doanh nghiệp, hiệp hội hai bên đã ký": whose they are)
        at = max((m.end() for m in self._anaphor.finditer(low)
                  if not low[:m.start()].rstrip().endswith(self.book.anaphora_owners)), default=-1)
        # "Hai bên thống nhất Kỳ họp … sẽ được tổ chức": agreed on, not attended
        if at >= 0 and not any(v in low[at:] for v in self.book.agreeing_verbs):
            return True
        # "… Phiên họp lần thứ 5 … sẽ được tổ chức tại Moskva, do hai Bộ trưởng đồng chủ trì": the
        # anaphor chairs it
        return self._chaired_by_anaphor is not None and bool(
            self._chaired_by_anaphor.search(self.text[hit.end:sent.end].lower()))

    def _anaphor_title(self, sent: SentenceFacts, hit: _TriggerHit) -> str | None:
        """"hai nghị sĩ đã làm việc với …": the title the anaphor before the trigger names ("nghị
        sĩ"), when it is "hai" and a title rather than a word of events.yaml `anaphora`."""
        low = self.text[max(sent.start, hit.start - _ANAPHOR_REACH):hit.start].lower()
        matches = list(self._anaphor.finditer(low))
        return self._title_named(matches[-1].group() if matches else "")

    def _title_named(self, anaphor: str) -> str | None:
        """The title an anaphor written "hai <title>" names, not a word of events.yaml `anaphora`."""
        return anaphor[4:] if anaphor.startswith("hai ") and anaphor not in self.book.anaphora else None

    def _implied_subject(self, sent: SentenceFacts, hit: _TriggerHit) -> tuple[str | None, bool]:
        """"Trước đó, ông đã làm việc với …", "đoàn sẽ làm việc với …", "đoàn đã được … tiếp": a
        subject that names nobody stands for the person or delegation the story is about; and
        whether it was the delegation ("đoàn đã làm việc với …": its members were there too)."""
        clause_start = self._clause_start(sent, hit)
        words = self.text[clause_start:hit.start].lower().split()
        if hit.trigger.participants == "visitor" and self._delegation_word_before(words):
            # "… đã được Chủ tịch Quốc hội X tiếp nhân dịp đoàn thăm chính thức Việt Nam"
            return self._head_named_in(sent, hit) or self.delegation_head, True
        if "được" in words:   # "đoàn đã được Phó Chủ tịch Quốc hội X tiếp": who is received
            words = words[:words.index("được")]
        said = " ".join(words)
        verb = next((v for v in self.book.partaking_verbs if said == v or said.endswith(" " + v)), None)
        if verb:   # "đoàn đã dự tọa đàm …": who attends it
            words = words[:len(words) - len(verb.split())]
        words = self._without_fillers(words)   # "đoàn dự kiến sẽ làm việc"
        # "đoàn sẽ đến TP Hồ Chí Minh làm việc với …": where the subject travels to, before the verb
        travel = next((k for k, w in enumerate(words) if k and w in self.book.travel_prepositions), None)
        if travel is not None:
            words = self._without_fillers(words[:travel])
        words = self._leader_of(words)   # "ông cho biết sẽ dẫn đoàn … sang thăm Đức": "ông"
        subject = " ".join(words)
        if subject in self.book.pronoun_subjects:
            # "A sẽ hội kiến B; ngày 27/11, ông và đoàn sẽ thăm …": the sentence's own subject
            earlier = [key for s, e, key in sent.person_spans if e <= clause_start]
            return (earlier[0] if earlier else self.last_subject), False
        if subject in self.book.delegation_subjects or self._named_delegation(words, clause_start, hit):
            return self.delegation_head, True
        if not subject and clause_start > sent.start and self._opens_with(sent, self._delegation_leads):
            return self.delegation_head, False   # "Đoàn gồm hơn 40 doanh nghiệp …, đang thăm …": the sentence's subject
        return None, False

    def _leader_of(self, words: list[str]) -> list[str]:
        """The words before "dẫn (đầu) đoàn …" (`leading_verbs`, then a delegation word), without
        fillers and a verb of saying: who leads the delegation is who travels."""
        for k in range(len(words) - 1, 0, -1):
            for verb in self.book.leading_verbs:
                n = len(verb.split())
                if " ".join(words[k:k + n]) == verb and k + n < len(words) and words[k + n] in self._delegation_nouns:
                    before = self._without_fillers(words[:k])
                    said = next((v for v in self.book.reporting_verbs if " ".join(before).endswith(" " + v)), None)
                    return self._without_fillers(before[:len(before) - len(said.split())]) if said else before
        return words

    def _by_delegation(self, sent: SentenceFacts, hit: _TriggerHit) -> bool:
        """"một đoàn công tác của tỉnh đã sang thăm Hà Lan", "chuyến công tác … của đoàn": a
        delegation, named or not, is the subject of the verb's clause or whose the visit is."""
        clause = self._clause_start(sent, hit)
        words = self.text[clause:hit.start].lower().split()
        whose = re.findall(r"\w+", self.text[hit.end:self._clause_end(sent, hit.end)].lower())
        heads = self._delegation_nouns
        if not self._without_fillers(words) and clause > sent.start:
            # "… tiếp đoàn doanh nghiệp Hoa Kỳ do USABC tổ chức, đang thăm …": a clause with no
            # subject of its own tells of the delegation just named
            words = re.findall(r"\w+", self.text[sent.start:clause].lower())
        return any(w in heads for w in words) or any(a == "của" and b in heads for a, b in zip(whose, whose[1:]))

    def _coordinated(self, sent: SentenceFacts, hit: _TriggerHit, created: list) -> bool:
        """"… thăm thành phố Linz và làm việc với …": the verb is joined by "và" to the clause of
        the event made just before it in the sentence, with no comma between."""
        if not created:
            return False
        between = self.text[created[-1][0].end:hit.start]
        return not any(c in between for c in ",;") and between.rstrip().lower().endswith(" và")

    def _clause_start(self, sent: SentenceFacts, hit: _TriggerHit) -> int:
        """Where the clause of a trigger starts: after the last ",", ";" or ":" before it (or
        the sentence's start)."""
        return max(sent.start, max(self.text.rfind(c, sent.start, hit.start) for c in ",;:") + 1)

    def _clause_end(self, sent: SentenceFacts, start: int, marks: str = ",;:") -> int:
        """Where the clause going on from ``start`` ends: the first of ``marks`` (or the
        sentence's end)."""
        return min((i for i in (self.text.find(c, start, sent.end) for c in marks) if i >= 0), default=sent.end)

    def _without_fillers(self, words: list[str]) -> list[str]:
        """The words before a verb without the fillers of one word or two that end them ("đoàn
        dự kiến sẽ" → "đoàn")."""
        words = list(words)
        while words:
            n = 1 if words[-1] in self.book.subject_fillers else \
                2 if " ".join(words[-2:]) in self.book.subject_fillers else 0
            if not n:
                break
            del words[-n:]
        return words

    def _delegation_word_before(self, words: list[str]) -> bool:
        """"… nhân dịp đoàn thăm …": a delegation word, then fillers only, right before the verb."""
        said = " ".join(self._without_fillers(words))
        return any(said == d or said.endswith(" " + d) for d in self.book.delegation_subjects)

    def _head_named_in(self, sent: SentenceFacts, hit: _TriggerHit) -> str | None:
        """"đoàn … do ông X … dẫn đầu …" earlier in the sentence: X."""
        led = self.book.delegation_heads.search(self.text, sent.start, hit.start)
        return next(iter(self._named_in(sent, led)), None) if led else None

    def _delegation_follows(self, hit: _TriggerHit) -> bool:
        """"tiếp đoàn Hội đồng Kinh doanh Hoa Kỳ - ASEAN": a delegation is the verb's object."""
        said = self._delegation_at(hit.end)
        return said is not None and bool(said.group("words"))

    def _delegation_at(self, at: int) -> re.Match | None:
        """A delegation noun written at ``at`` ("đoàn"), with the words after it in its clause
        (group "words", at most four)."""
        said = _NOUN_AND_WORDS.match(self.text, at, at + 40)
        return said if said is not None and said.group("noun").lower() in self._delegation_nouns else None

    def _received_too(self, sent: SentenceFacts, people: list[str]) -> None:
        """Who the sentence names of a delegation received in the sentence before ("… tiếp đoàn
        USABC. Đoàn … do ông X dẫn đầu"): they were received."""
        for ev in self._received_delegations:
            if min(ev.sentences) == sent.index - 1:
                ev.participants = _unique(ev.participants + people)
                ev.principals = list(ev.participants)

    def _delegation_party(self) -> list[str]:
        """Who the delegation the article told of is: its head and the members named."""
        return _unique(([self.delegation_head] if self.delegation_head else []) + self.delegation_members)

    def _head_named_before(self, sent: SentenceFacts) -> str | None:
        """"ông X - phó tổng giám đốc …, người dẫn đầu đoàn …": X, the last person named before."""
        led = self.book.delegation_heads_after_name.search(self.text, sent.start, sent.end)
        named = [key for s, e, key in sent.person_spans if e <= led.start()] if led else []
        return named[-1] if named else None

    @staticmethod
    def _named_in(sent: SentenceFacts, m: re.Match) -> list[str]:
        """The people whose names start inside the match ``m``, in order."""
        return _unique(key for s, e, key in sent.person_spans if m.start() <= s < m.end())

    def _named_delegation(self, words: list[str], start: int, hit: _TriggerHit) -> bool:
        """"Đoàn Quảng Trị đang thăm …", "Đoàn đại biểu tỉnh Savannakhet …": a delegation named by
        whose it is (a capitalised name, or a jurisdiction word and its name), in a few words."""
        said = " ".join(words)
        lead = next((d for d in self._delegation_leads if said.startswith(d + " ")), None)
        if lead is None or len(words) - len(lead.split()) > 5:
            return False
        rest = self.text[start:hit.start].split()[len(lead.split()):]
        return bool(rest) and (rest[0][:1].isupper() or " ".join(rest).lower().startswith(
            tuple(j + " " for j in self.book.jurisdictions)))

    def _anaphor_is_subject(self, sent: SentenceFacts, hit: _TriggerHit) -> bool:
        """"A hội kiến B, sau đó hai nhà lãnh đạo cùng dự Diễn đàn …": the anaphor, with no
        name between it and the verb, says who took part, whoever else the sentence names."""
        lo = max(sent.start, hit.start - _ANAPHOR_REACH)
        low = self.text[lo:hit.start].lower()
        at = max((m.start() for m in self._anaphor.finditer(low)), default=-1) if self._anaphor else -1
        if at < 0:
            return False
        return not any(lo + at < e and s < hit.start for s, e, _ in sent.person_spans)

    def _witnesses_by_anaphor(self, sent: SentenceFacts, hit: _TriggerHit) -> bool:
        """"dưới sự chứng kiến của hai nhà lãnh đạo": witnesses named by an anaphor, of the event
        told after it (not of one told before: "ông đã hội đàm với X, sau đó hai bộ trưởng cùng
        chứng kiến lễ ký …")."""
        marker = self._witness_marker(sent, sent.end)
        if marker is not None:
            at, end = marker
            after = self.text[end:end + 30].lower().lstrip()
            return self._anaphor is not None and self._anaphor.match(after) is not None and hit.end > at
        low = self.text[sent.start:sent.end].lower()
        found = self._anaphor_witnesses.search(low) if self._anaphor_witnesses is not None else None
        return found is not None and hit.end > sent.start + found.start()

    def _witness_anaphor_title(self, sent: SentenceFacts) -> str | None:
        """"dưới sự chứng kiến của hai Phó Thủ tướng": the title the witnesses' anaphor names."""
        marker = self._witness_marker(sent, sent.end)
        found = self._anaphor.match(self.text[marker[1]:marker[1] + 30].lower().lstrip()) \
            if marker is not None and self._anaphor is not None else None
        return self._title_named(found.group() if found else "")

    def _witnesses_named(self, sent: SentenceFacts, hit: _TriggerHit) -> list[str]:
        """"dưới sự chứng kiến của A và B, …" before the trigger: A and B, named in that clause."""
        marker = self._witness_marker(sent, hit.start)
        if marker is None:
            return []
        return self._titled_within(sent, marker[0], self._clause_end(sent, marker[0], ",;"))

    def _signers_named(self, sent: SentenceFacts, hit: _TriggerHit) -> list[str]:
        """"lễ ký kết ba văn kiện: …, do Bộ trưởng A và Bộ trưởng B ký; …" after the trigger: who
        signed, named in each "do … ký"."""
        return _unique(key for m in self.book.signed_by.finditer(self.text, hit.end, sent.end)
                       for key in self._titled_within(sent, m.start("who"), m.end("who")))

    @staticmethod
    def _titled_within(sent: SentenceFacts, start: int, stop: int) -> list[str]:
        """The people whose names, with the titles written before them, start in ``start:stop``."""
        return _unique(key for s, e, key in sent.person_spans if start <= sent.titled_from.get(s, s) < stop)

    def _witness_marker(self, sent: SentenceFacts, end: int) -> tuple[int, int] | None:
        """Where the sentence's words that introduce witnesses ("chứng kiến của") stand before
        ``end``: their start and end offsets."""
        low = self.text[sent.start:end].lower()
        for marker in self.book.witness_markers:
            at = low.find(marker)
            if at >= 0:
                return sent.start + at, sent.start + at + len(marker)
        return None

    # -- one trigger

    def _event(self, sent: SentenceFacts, hit: _TriggerHit, people: list[str], in_passing: bool) -> Event | None:
        trig = hit.trigger
        orgs: list[Ref] = []
        site = trig.needs == "destination" and self._visits_site(sent, hit)
        destination = self._destination(sent, hit, site) if trig.needs == "destination" else None
        if trig.needs == "destination" and not in_passing and not people and destination is not None \
                and (self.delegation_head or self.last_subject) and self._opens_sentence(sent, hit) \
                and self._dated(sent):
            # "… Thủ tướng X đã hội đàm với …. Chuyến thăm chính thức New Zealand từ ngày 13 đến
            # 14/5 …": a visit told by its noun, where and when, is the delegation's told (its
            # head's), else the story's subject's
            people = [self.delegation_head or self.last_subject]
        if trig.needs == "destination" and not in_passing and not people:
            orgs = self._delegation_bodies(sent, hit)   # "đón đoàn Phòng Thương mại … Dubai sang thăm"
        if trig.needs == "nothing" and not in_passing and not people:
            # "nhóm kỹ thuật của Bộ Công Thương và USTR sẽ có phiên đàm phán", "phiên đàm phán …
            # giữa Bộ Công Thương và Bộ Ngoại giao Chile" (a round only: a signing "giữa NIC và
            # Corvane" told by its signers in another article would stay a second node, as
            # identity does not compare organisations)
            between = self._bodies_between(sent, hit) if trig.kind == "negotiation_round" else []
            orgs = self._subject_bodies(sent, hit) or between
        if not in_passing and not hit.name:   # an event's acronym names it: it needs no one
            if trig.needs == "counterpart" and not self._counterpart_follows(sent, hit):
                return None
            if trig.needs == "named" and not any(s >= hit.end for s, e, key in sent.person_spans):
                return None
            if trig.needs == "destination" and (destination is None and not site
                                                or not people and not self._by_delegation(sent, hit)):
                return None   # (and "Chương trình thăm bang X … đã bị hủy": a visit by no one)
            if trig.participants == "body":   # the body whose session this is, for "của Ủy ban" later
                self.last_body = next(iter(self._org_participants(sent, hit)), self.last_body)
            if trig.needs in {"counterpart", "named", "participant"} and not people:
                # "Hội nghị Bộ trưởng Kinh tế ASEAN lần thứ 58": a framework in a gathering's
                # name is whose gathering it is (that names it an event), not who takes part
                name = self._event_name(sent, hit) if trig.kind in GATHERINGS else None
                span = (hit.start, hit.start + len(name)) if name else None
                orgs = self._org_participants(sent, hit if trig.participants == "body" else None, besides=span)
                held = not orgs and (self._edition_held(sent, hit) or self._framework_named(sent, span)
                                     or self._signed_then_and_there(sent, hit))
                if held and trig.participants == "body":   # "Phiên họp lần thứ tư của Ủy ban … tại Hà Nội"
                    orgs = [self.last_body] if self.last_body is not None else []
                    held = bool(orgs)
                if not orgs and not self._has_anaphora(sent, hit) and not held \
                        and not (trig.kind == "signing" and self._witnesses_by_anaphor(sent, hit)):
                    return None
        ev = Event(kind=trig.kind, participants=list(people), org_participants=orgs,
                   ordinal=hit.ordinal or self._edition(sent, hit), session=trig.participants == "body")
        if ev.session:
            ev.noun = " ".join(self.text[hit.start:hit.end].lower().split()[:2])
        ev.sentences.add(sent.index)
        ev.evidence.append(Evidence(sent.start, sent.end, hit.start, hit.end, f"event.{trig.id}"))
        if destination is not None:
            ev.places = [destination]
        agreement = self._agreement_for(sent, hit)
        if agreement and trig.kind in {"negotiation_round", "signing"}:
            ev.agreement = agreement
        if trig.kind in GATHERINGS:
            ev.name = hit.name or self._event_name(sent, hit)
        return ev

    def _define_acronym(self, sent: SentenceFacts, hit: _TriggerHit, ev: Event) -> None:
        """"Hội nghị Bộ trưởng lần thứ 14 của WTO (MC14)": an acronym in parentheses closing an
        event's name, before the clause ends, names that event for the rest of the article."""
        if not ev.name or hit.name:
            return
        for k, it in enumerate(sent.items):
            if it.start < hit.end:
                continue
            if it.surface in ",.;:" or it.start - hit.end > _ACRONYM_REACH:
                return
            if it.is_word("do", *self.book.place_introducers):
                return   # ("Diễn đàn … do Hiệp hội … (OAV) tổ chức": the organiser's acronym)
            inner = parenthesised(sent.items, k)
            if inner is not None:
                if inner.kind == "word" and looks_like_acronym(inner.surface):
                    self.event_acronyms.setdefault(inner.surface, (hit.trigger, ev.name))
                return

    def _with_acronyms(self, sent: SentenceFacts, hits: list[_TriggerHit]) -> list[_TriggerHit]:
        """The sentence's triggers and the event acronyms it writes ("bên lề MC14")."""
        if not self.event_acronyms:
            return hits
        more = []
        for s, e in find_words(self.text, self.event_acronyms, sent.start, sent.end):
            if any(it.start <= s < it.end and it.kind == "phrase" for it in sent.items):
                continue
            if self._cancelled(s, e):
                continue   # "đã gửi thông điệp tới MC14"
            trigger, name = self.event_acronyms[self.text[s:e]]
            hit = _TriggerHit(trigger, s, e, None, name)
            if self._role(sent, hit) == "main" and any(
                    h.trigger.kind == trigger.kind and h.end <= s and "," not in self.text[h.end:s] for h in hits):
                continue   # part of another event's name ("Hội nghị Bộ trưởng MLC lần thứ 12 sẽ …")
            more.append(hit)
        return sorted(hits + more, key=lambda h: h.start) if more else hits

    def _cancelled(self, start: int, end: int) -> bool:
        """Whether a `not_events` pattern overlaps ``text[start:end]`` (an acronym's mention, which
        the article-wide scan of triggers did not see); the patterns run once per article, and
        only in one that names an event by its acronym."""
        if self._blocked is None:
            self._blocked = _blocked_spans(self.text, self.book)
        return _is_blocked(self._blocked, start, end)

    def _participants(self, sent: SentenceFacts, hit: _TriggerHit, mains: list[_TriggerHit],
                      referred: bool = False) -> list[str]:
        """The people named in the sentence; with several triggers ("A làm việc với B …, và trao
        đổi với C"), each gets the subject before the first one and its own object. In a
        sentence that only ``referred`` to the event ("Tại kỳ họp, A và B đã báo cáo …"), its
        people were there."""
        trig = hit.trigger
        if trig.participants == "visitor":
            return self._possessive(sent, hit) or self._visitor_before(sent, hit, mains)
        between = self._between(sent, hit)   # ("phiên đàm phán … giữa Bộ trưởng A và B": they)
        if between:
            return between
        if trig.participants in ("none", "body") and not (referred and trig.participants == "body") \
                and not self._takes_part(sent, hit):
            return []   # (but "A và B đồng chủ trì phiên đàm phán …": they take part)
        excluded = self._excluded_spans(sent) + self._reporters(sent, hit)
        others = self._between_span(sent, hit, sent.end - hit.end)
        if others is not None and others[2]:
            excluded.append(others[:2])
        spans = [(s, key) for s, e, key in sent.person_spans
                 if not (hit.start <= s < hit.end) and not any(a <= s < b for a, b in excluded)]
        if len(mains) > 1 and hit in mains:
            k = mains.index(hit)
            stop = mains[k + 1].start if k + 1 < len(mains) else sent.end
            # "A được Thủ tướng B tiếp … và làm việc với C": B acts in the first verb only
            agent = self.text.rfind(" được ", sent.start, mains[0].start)
            subject_end = agent if agent >= 0 and k > 0 else mains[0].start
            # "A cảm ơn B đã dành thời gian tiếp đoàn, cho biết … đã hội đàm với C": who is thanked
            # is no subject of the later verbs
            thanked = _first_word(self.text[sent.start:subject_end].lower(), self.book.thanking_verbs)
            if k > 0 and thanked >= 0:
                subject_end = sent.start + thanked
            # "A thăm Việt Nam và cùng Bộ trưởng B đồng chủ trì Diễn đàn …": B with A in this one
            along = self.text.rfind(" cùng ", mains[k - 1].end, hit.start) if k > 0 else -1
            # "A đã hội đàm với B và được Thủ tướng C tiếp": C is the agent of the next verb only
            passive = self.text.find(" được ", hit.end, stop) if k + 1 < len(mains) else -1
            if passive >= 0 and self._held_passive(passive):
                passive = -1   # ("Phiên … được tổ chức … do A và B đồng chủ trì; phiên thứ hai …")
            stop = passive if passive >= 0 else stop
            agent_of_this = self.text.rfind(" được ", mains[k - 1].end, hit.start) if k > 0 else -1
            # "… hai Bộ trưởng đã ký X; Bộ trưởng A và Bộ trưởng B ký Y": a clause of its own, its own subject
            own_clause = self.text.rfind(";", mains[k - 1].end, hit.start) if k > 0 else -1
            if own_clause >= 0:
                subject_end = sent.start
            spans = [(s, key) for s, key in spans if s < subject_end or hit.end <= s < stop
                     or 0 <= along < s < hit.start or 0 <= agent_of_this < s < hit.start
                     or 0 <= own_clause < s < hit.start]
        return _unique(key for s, key in spans)

    def _held_passive(self, at: int) -> bool:
        """Whether the " được " at ``at`` says the event is held ("được tổ chức"), not who acts."""
        after = self.text[at + len(" được "):at + 40].lower()
        return any(after.startswith(v + " ") for v in self.book.venue_verbs)

    def _excluded_spans(self, sent: SentenceFacts) -> list[tuple[int, int]]:
        """The spans of the sentence whose people take no part (found once per sentence)."""
        if sent.index not in self._excluded_of:
            self._excluded_of[sent.index] = self._find_excluded_spans(sent)
        return self._excluded_of[sent.index]

    def _find_excluded_spans(self, sent: SentenceFacts) -> list[tuple[int, int]]:
        """"theo lời mời của Tổng thống X": X invites, and does not take part."""
        low = self.text[sent.start:sent.end].lower()
        spans = []
        for marker in self._not_participant:
            pos = low.find(marker)
            while pos >= 0:
                if not (pos and marker[0].isalnum() and low[pos - 1].isalnum()) \
                        and not any(low[:pos + len(marker.split()[0])].endswith(c) for c in self.book.not_letters):
                    start = sent.start + pos + len(marker)
                    # (a greeting runs on past the commas of its addressee's titles: "chuyển lời
                    # thăm hỏi … tới Tổng Bí thư, Chủ tịch nước Lào X")
                    spans.append((start, self._clause_end(sent, start, ";" if marker in self.book.greeting_markers else ",;")))
                pos = low.find(marker, pos + 1)
        proposed = self._proposal_start(sent)
        if proposed is not None:   # "… đề xuất tổ chức Diễn đàn …, với sự tham gia của X"
            spans.append((proposed, sent.end))
        for absence in self.book.absences:   # "Trao đổi với VnEconomy bên lề buổi làm việc, ông X, …
            m = absence.search(self.text, sent.start, sent.end)   # cho biết": X talks to the press
            if m is not None:
                said = _first_word(low, self.book.speaking_verbs, m.end() - sent.start)
                spans.append((m.start(), sent.start + said if said >= 0 else sent.end))
        return spans

    def _proposal_start(self, sent: SentenceFacts) -> int | None:
        """Where the sentence starts proposing an event ("đề nghị sớm nghiên cứu tổ chức Diễn
        đàn …"): who it names from there is in the proposal only (found once per sentence)."""
        if sent.index not in self._proposed_of:
            self._proposed_of[sent.index] = min(
                (m.start() for m in (p.search(self.text, sent.start, sent.end) for p in self.book.proposals)
                 if m is not None), default=None)
        return self._proposed_of[sent.index]

    def _takes_part(self, sent: SentenceFacts, hit: _TriggerHit) -> bool:
        """"A và B đã đồng chủ trì Kỳ họp …", "Phiên họp … dưới sự đồng chủ trì của A và B": a verb
        of taking part right before the noun, a chair named after it, or a side's head named
        before it in its clause ("nhóm … do X dẫn đầu … đã có phiên đàm phán") makes the
        sentence's people its participants."""
        return self._partaking_verb_before(sent, hit) or self._chairs_named_after(sent, hit) \
            or self.book.sides_led_by.search(self.text, self._clause_start(sent, hit), hit.start) is not None

    def _chairs_named_after(self, sent: SentenceFacts, hit: _TriggerHit) -> bool:
        """"Phiên họp … dưới sự đồng chủ trì của …", "… do X đồng chủ trì": chairs (or those
        attending) are said after the event's noun."""
        after = self.text[hit.end:sent.end].lower()
        return any(m in after for m in self.book.chaired_by)

    def _reporters(self, sent: SentenceFacts, hit: _TriggerHit) -> list[tuple[int, int]]:
        """"ông X cho biết Bộ Xây dựng và Bộ … sẽ ký …": who reports an event whose subject is
        named after the reporting verb, or whose chairs are named after it, is not in it."""
        low = self.text[sent.start:hit.start].lower()
        at = _last_word(low, self.book.reporting_verbs)
        if at < 0:
            return []
        said = sent.start + at
        named = any(said < s < hit.start for s, e, key in sent.person_spans) or any(
            said < it.start and it.end <= hit.start and it.kind == "phrase" and it.has("org") for it in sent.items)
        # "Bộ trưởng nhắc lại, tại buổi làm việc ở Washington ngày 8/4, A và B đã nhất trí …": the
        # subject named after the clause of the event
        end = self._clause_end(sent, hit.end)
        named = named or any(s > end for s, e, key in sent.person_spans) and self._clause_start(sent, hit) > said
        # "Đại sứ thông báo Phiên họp … sẽ diễn ra …, do Thứ trưởng X … đồng chủ trì": its chairs
        chaired = self._chairs_named_after(sent, hit) and any(s >= hit.end for s, e, key in sent.person_spans)
        return [(sent.start, said)] if named or chaired else []

    def _between(self, sent: SentenceFacts, hit: _TriggerHit) -> list[str]:
        """"cuộc điện đàm ngày 2/7 giữa Tổng Bí thư Tô Lâm và Tổng thống Donald Trump": the people
        after "giữa", close after the noun and in its clause, are all who took part."""
        span = self._between_span(sent, hit)
        if span is None or span[2]:
            return []
        named = _unique(key for s, e, key in sent.person_spans if span[0] <= sent.titled_from.get(s, s) < span[1])
        return named if len(named) >= 2 else []

    def _between_span(self, sent: SentenceFacts, hit: _TriggerHit,
                      reach: int = _BETWEEN_REACH) -> tuple[int, int, bool] | None:
        """Where the people after "giữa", close after the noun and in its clause, are named; and
        whether another event's noun stands between, whose people they are ("Cuộc hội đàm diễn ra
        sau cuộc điện đàm giữa A và B": A and B were on the call)."""
        tail = self.text[hit.end:min(sent.end, hit.end + reach)].lower()
        at = min((tail.find(f" {m} ") for m in self.book.between_markers if f" {m} " in tail), default=-1)
        if at < 0 or any(c in tail[:at] for c in ",;"):
            return None
        start = hit.end + at
        other = any(f" {c} " in f" {tail[:at]} " for c in self.book.event_classifiers)
        return start, self._clause_end(sent, start, ",;"), other

    def _possessive(self, sent: SentenceFacts, hit: _TriggerHit) -> list[str]:
        """"chuyến thăm … của Tổng Bí thư Tô Lâm": the people after "của", up to the clause end."""
        tail = self.text[hit.end:min(sent.end, hit.end + 60)]
        pos = tail.find(" của ")
        if pos < 0 or "," in tail[:pos]:
            return []
        start = hit.end + pos
        if any(a - 4 <= start + 5 <= b for a, b in self._excluded_spans(sent)):
            return []   # "theo lời mời của X": the host who invited, not the visitor
        stop = self.text.find(",", start, sent.end)
        stop = min(stop if stop >= 0 else sent.end, start + 40)
        # a name is the visitor's when it, or the titles written before it, start in the clause
        named = _unique(key for s, e, key in sent.person_spans if start <= sent.titled_from.get(s, s) < stop)[:2]
        led = None if named else self.book.delegation_heads.match(self.text, start + 5, sent.end)
        if led:   # "chuyến thăm … của đoàn đại biểu Việt Nam do Bộ trưởng X dẫn đầu": X's visit
            named = self._named_in(sent, led)[:1]
        elif not named and self.delegation_head and (self._bare_delegation(start + 5) or self._delegation_told_at(start + 5)):
            named = [self.delegation_head]   # "chuyến thăm Việt Nam … của đoàn.": the delegation told
        return named

    def _bare_noun(self, hit: _TriggerHit) -> bool:
        """Whether the event's noun stands alone, its clause ending right after it ("Trong khuôn
        khổ chuyến thăm, …", "… chuyến thăm này, …"): it names no one and nowhere of its own."""
        said = self._demonstrative.match(self.text, hit.end) if self._demonstrative is not None else None
        return self.text[said.end() if said else hit.end:hit.end + 24].lstrip()[:1] in (",", ".", ";")

    def _bare_delegation(self, at: int) -> bool:
        """Whether "đoàn" (a delegation noun) alone, ending the clause, is written at ``at``: the
        delegation the article has told of, not another one ("của đoàn doanh nghiệp …")."""
        word = re.match(r"\w+(?=[.,;:)\n]|$)", self.text[at:at + 12])
        return word is not None and word.group().lower() in self._delegation_nouns

    def _delegation_told_at(self, at: int) -> bool:
        """"của đoàn bang Kansas" after "… đoàn công tác bang Kansas (Hoa Kỳ) do ông X dẫn đầu":
        a delegation noun, then names all in the sentence that told the delegation's head."""
        said = self._delegation_at(at)
        if said is None or not self.delegation_told:
            return False
        names = [w for w in said.group("words").split() if w[:1].isupper()]
        told = self.delegation_told
        return bool(names) and all(find_words(told, [w], 0, len(told)) for w in names)

    def _visitor_before(self, sent: SentenceFacts, hit: _TriggerHit, mains: list[_TriggerHit]) -> list[str]:
        """Who visits, named before the verb: the nearest person, unless a reception stands
        between ("Tổng Bí thư X đã tiếp đoàn Thượng nghị sĩ Hoa Kỳ đang có chuyến thăm …": X
        hosts; the visitors are who X receives, named or not) or a welcome ("X hoan nghênh đoàn
        … sang thăm": the delegation visits, led by whom the article said)."""
        last = self._last_named_before(sent, hit)
        if last is None:
            return []
        start, key = last
        host_verbs = [h for h in mains if start < h.start and h.end <= hit.start and h.trigger.kind == "reception"]
        if host_verbs:
            received = [k for s, e, k in sent.person_spans if host_verbs[-1].end <= s and e <= hit.start]
            return _unique(received)
        # "Thủ tướng hoan nghênh đoàn doanh nghiệp Hoa Kỳ sang thăm …": the welcomed visit
        low = self.text[start:hit.start].lower()
        welcome = _last_word(low, self.book.welcoming_verbs)
        if welcome >= 0:
            welcomed = [k for s, e, k in sent.person_spans if start + welcome < s and e <= hit.start]
            if not welcomed and self.delegation_head and any(
                    f" {d} " in low[welcome:] for d in self._delegation_nouns):
                welcomed = [self.delegation_head]
            return _unique(welcomed)
        return self._fellows_before(sent, start) + [key]

    def _fellows_before(self, sent: SentenceFacts, start: int) -> list[str]:
        """The people joined by words of `fellow_visitor_words` to the one named at ``start``:
        "Ông Steinmeier cùng phu nhân Elke Büdenbender" for Büdenbender."""
        fellows: list[str] = []
        for s, e, key in sorted(sent.person_spans, reverse=True):
            if e > start:
                continue
            if " ".join(self.text[e:start].lower().split()) not in self.book.fellow_visitor_words:
                break
            fellows.insert(0, key)
            start = s
        return fellows

    def _nearest_before(self, sent: SentenceFacts, hit: _TriggerHit) -> list[str]:
        last = self._last_named_before(sent, hit)
        return [last[1]] if last else []

    @staticmethod
    def _last_named_before(sent: SentenceFacts, hit: _TriggerHit) -> tuple[int, str] | None:
        """The person named last before the trigger: where the name starts, and who."""
        return max(((s, key) for s, e, key in sent.person_spans if e <= hit.start), default=None)

    def _destination(self, sent: SentenceFacts, hit: _TriggerHit, site: bool) -> Ref | None:
        """Where a visit goes: the place or country named after the verb in its clause ("thăm
        Trung Quốc", "thăm Công ty BelAZ tại thành phố Zhodino"), or the one the clause just
        before travels to ("sẽ tới thành phố Saint Petersburg, thăm Trường Đại học …"); ``site``:
        it visits a site (:meth:`_visits_site`)."""
        minted = {start: ref for (start, _), ref in self._minted_places(sent)}
        previous = None
        whose = False   # after "của": the visitor's country ("chuyến thăm của Bộ trưởng Thương mại Hoa Kỳ")
        for it in sent.items:
            if it.start < hit.end:
                continue
            if it.start - hit.end > 70 or (it.kind == "punct" and it.surface in ",;."):
                break
            if it.is_word("của"):
                whose = True
            elif it.is_word(*self.book.place_introducers, *self.book.travel_prepositions):
                whose = False   # ("… của Tổng thống Indonesia tới Việt Nam")
            # the place visited, or where the site visited is ("thăm Công ty BelAZ tại …"; but in
            # "thăm các doanh nghiệp có vốn đầu tư Hoa Kỳ" the country says whose they are)
            if it.kind == "phrase" and it.has("country", "place") and not it.has("org") and not whose \
                    and (not site or previous is not None and previous.is_word(*self.book.place_introducers)
                         or self._ends_site_name(sent, hit, it)):
                return _place_ref(it)
            previous = it
            if it.start in minted:
                return minted[it.start]
        return self._travelled_to(sent, hit, minted)

    def _ends_site_name(self, sent: SentenceFacts, hit: _TriggerHit, place: Item) -> bool:
        """"thăm Khu công nghệ cao Đà Nẵng": a city (not a country) that ends the name of the site
        visited, written right after the verb, is where the site is."""
        name = self.text[hit.end:place.start].strip()
        following = next((it for it in sent.items if it.start >= place.end), None)
        return place.has("place") and name[:1].isupper() and not any(c in name for c in ",;()") \
            and (following is None or not following.is_cap and following.kind != "phrase")

    def _visits_site(self, sent: SentenceFacts, hit: _TriggerHit) -> bool:
        """"thăm nhà máy …", "thăm Công ty …": a visit to a site or an organisation."""
        after = self.text[hit.end:min(sent.end, hit.end + 40)].lstrip().lower()
        for quantifier in self.book.visit_site_quantifiers:   # "thăm một số doanh nghiệp"
            after = after.removeprefix(quantifier + " ")
        if any(after.startswith(w + " ") for w in self.book.visit_sites):
            return True
        following = next((it for it in sent.items if it.start >= hit.end), None)
        return following is not None and following.kind == "phrase" and following.has("org") \
            and following.start - hit.end <= 2

    def _travelled_to(self, sent: SentenceFacts, hit: _TriggerHit, minted: dict[int, Ref]) -> Ref | None:
        """"sẽ tới thành phố Saint Petersburg, thăm …": the place a travel verb names just before
        (``minted``: the sentence's places named by pattern, by where they start)."""
        # ("… sau đó vào TP Hồ Chí Minh thăm một số doanh nghiệp": the place right before the verb)
        right_before = next((it for it in reversed(sent.items) if it.end <= hit.start), None)
        if right_before is not None and not self.text[right_before.end:hit.start].strip():
            named = _place_named(right_before, minted)
            lead = self.text[max(sent.start, right_before.start - 12):right_before.start].lower().split()
            if named is not None and lead and lead[-1] in self.book.travel_prepositions:
                return named
        clause_start = self.text.rfind(",", sent.start, hit.start)
        if clause_start < 0 or self.text[clause_start + 1:hit.start].strip():
            return None   # the visit must open the clause right after the comma
        before = [it for it in sent.items if it.end <= clause_start]
        for k in range(len(before) - 1, max(-1, len(before) - 6), -1):
            it = before[k]
            named = _place_named(it, minted)
            if named is not None:
                lead = self.text[max(sent.start, it.start - 30):it.start].lower().split()
                return named if any(w in self.book.travel_prepositions for w in lead[-3:]) else None
        return None

    def _assign(self, things: list, hits: list[_TriggerHit], prefer_following: bool = False,
                name_ends: dict[int, int] | None = None) -> dict[int, object]:
        """Give each date (or place) to the trigger nearest it; a trigger keeps its nearest one.
        With ``name_ends`` (per trigger), a thing after an event's name is as near as the name's end.

        With ``prefer_following``, a trigger after the thing counts as twice as near as one
        before it in another clause ("Chiều 2/2, A tiếp B": the date comes before its verb).
        """
        def distance(h: _TriggerHit, start: int, end: int) -> int:
            if end <= h.start:
                return h.start - end
            name_end = (name_ends or {}).get(id(h), h.end)
            last = name_end if start >= name_end else h.end
            # "… tổ chức Kỳ họp … tại Buenos Aires vào ngày 16/3, đồng thời …": in the clause after
            # the event's name, it is that event's
            in_clause = not any(c in self.text[last:start] for c in ",;")
            gap = max(0, start - last)
            return gap * 2 if prefer_following and not in_clause else gap

        best: dict[int, tuple[int, object]] = {}
        for thing in things:
            start, end = thing[0] if isinstance(thing, tuple) else (thing.start, thing.end)
            if not hits:
                break
            # ("Tiếp nối cuộc điện đàm giữa A và B ngày 5/3, Bộ trưởng thông báo vòng đàm phán …":
            # a date in the clause of one trigger is that one's, before a nearer one in another)
            own = [h for h in hits if prefer_following and self._same_clause(h, start, end)]
            nearest = min(own or hits, key=lambda h: distance(h, start, end))
            distance_ = distance(nearest, start, end)
            value = thing[1] if isinstance(thing, tuple) else thing
            if id(nearest) not in best or distance_ < best[id(nearest)][0]:
                best[id(nearest)] = (distance_, value)
        return {k: v for k, (_, v) in best.items()}

    def _same_clause(self, hit: _TriggerHit, start: int, end: int) -> bool:
        """Whether no comma or semicolon stands between the trigger and the span ``start:end``."""
        between = self.text[hit.end:start] if hit.end <= start else self.text[end:hit.start]
        return not any(c in between for c in ",;")

    def _name_end(self, sent: SentenceFacts, hit: _TriggerHit) -> int:
        """Where the name written after an event's noun ends ("Kỳ họp lần thứ 5 Ủy ban hỗn hợp …"),
        or the trigger's end (a verb's counterpart is no name)."""
        if hit.trigger.kind not in GATHERINGS and hit.trigger.participants != "body":
            return hit.end
        name = self._event_name(sent, hit)
        return max(hit.end, hit.start + len(name)) if name else hit.end

    def _within(self, place: Ref, places: list[tuple[tuple[int, int], Ref]]) -> Ref:
        """A country, or the one place among ``places`` that lies in it."""
        if place.kind != "country":
            return place
        inside = {p.id: p for _, p in places
                  if p.kind == "place" and (self.book.country_of_place(p.id) or p.country) == place.id}
        return next(iter(inside.values())) if len(inside) == 1 else place

    def _introduced_places(self, sent: SentenceFacts) -> list[tuple[tuple[int, int], Ref]]:
        """Places written after "tại" or "ở" (not inside an organisation or a role), found once
        per sentence."""
        if sent.index not in self._places_of:
            self._places_of[sent.index] = self._find_introduced_places(sent)
        return self._places_of[sent.index]

    def _find_introduced_places(self, sent: SentenceFacts) -> list[tuple[tuple[int, int], Ref]]:
        found = []
        items = sent.items
        for k, it in enumerate(items):
            if k in sent.used or it.kind != "phrase" or not it.has("place", "country") or it.has("org"):
                continue
            # (nor a region of the world: "đối tác hàng đầu tại khu vực Mỹ Latinh" says where a
            # partner is, not where a sitting was held)
            if not self._place_introduced(items, k) or self.book.world_region(it.first("place")):
                continue
            found.append(((it.start, it.end), _place_ref(it)))
        found.extend(self._minted_places(sent))
        return found

    def _minted_places(self, sent: SentenceFacts) -> list[tuple[tuple[int, int], Ref]]:
        """Places in no gazetteer, named by pattern: an introducer (or where one travels to), a
        kind of place, capitalised words, and perhaps the country in parentheses ("tại thành phố
        Sùng Tả (Trung Quốc)", "sẽ tới thành phố Toulouse"); found once per sentence."""
        if sent.index not in self._minted_of:
            self._minted_of[sent.index] = self._find_minted_places(sent)
        return self._minted_of[sent.index]

    def _find_minted_places(self, sent: SentenceFacts) -> list[tuple[tuple[int, int], Ref]]:
        items, book, found = sent.items, self.book, []
        for k, it in enumerate(items):
            travel = it.is_word(*book.travel_prepositions)   # "sẽ tới thành phố Toulouse, …"
            if not (it.is_word(*book.place_introducers) or travel):
                continue
            first, lead = k + 1, None
            for _ in range(2):   # "tại thành phố cảng Piraeus": a kind of place or two
                word = next((w for w in book.place_mint_words if all(
                    first + n < len(items) and items[first + n].is_word(part) for n, part in enumerate(w))), None)
                if word is None:
                    break
                lead, first = word, first + len(word)
            if travel and lead is None:
                continue
            last = first
            while last < len(items) and last - first < 4 and items[last].is_cap and last not in sent.used \
                    and items[last].surface not in book.not_name_words:
                last += 1
            if last == first:
                continue
            name = self.text[items[first].start:items[last - 1].end]
            known = self.minted_places.get(name)   # "tại thủ đô Yaoundé …", later "cũng tại Yaoundé"
            inner = parenthesised(items, last)
            in_country = inner is not None and inner.kind == "phrase" and inner.has("country")
            # ("tại Tô Châu (Trung Quốc)": a name with its country in parentheses is a place)
            if known is None and lead is None and not in_country and not self._bare_place(items, k, first, last) \
                    and not (self._venue_before(items[first].start) and last < len(items)
                             and (items[last].surface in ",." or items[last].is_word(*book.venue_name_enders))):
                continue
            if known is None:
                country = inner.first("country") if inner is not None and inner.kind == "phrase" else None
                known = self.minted_places[name] = Ref("place", "m-" + slugify(name), vi=name,
                                                       en=fold(name).title(), country=country)
            found.append(((items[first].start, items[last - 1].end), known))
        return found

    @staticmethod
    def _bare_place(items: list, k: int, first: int, last: int) -> bool:
        """", tại Cam Ranh, …": an introducer set off by commas before capitalised Vietnamese
        syllables is where the sentence happens, even with no kind of place written."""
        before = items[k - 1].surface if k > 0 else ","
        after = items[last].surface if last < len(items) else "."
        return before == "," and after in ",." and 1 <= last - first <= 3 \
            and all(vietnamese_word(items[n].surface) for n in range(first, last))

    def _venue_before(self, start: int) -> re.Match | None:
        """The verb of holding ("tổ chức tại", "diễn ra ở" …) the place starting at ``start``
        follows, if any."""
        return self._venue.search(self.text, max(0, start - _VENUE_VERB_REACH), start) if self._venue is not None else None

    def _place_introduced(self, items: list, k: int) -> bool:
        """Whether the place at ``items[k]`` is where something happens: "tại X", "ở X",
        "tại <kind of place> X" ("tại TP Cần Thơ", "tại sân bay Biên Hòa"), "bay sang X"."""
        book = self.book
        j = k - 1
        for _ in range(2):   # at most two lead words: "tại trụ sở UBND tỉnh X" stays out
            lead = next((w for w in book.place_lead_words
                         if j - len(w) + 1 >= 0 and all(items[j - len(w) + 1 + n].is_word(part)
                                                        for n, part in enumerate(w))), None)
            if lead is None:
                break
            j -= len(lead)
        if j < 0:
            return False
        if items[j].surface in ("(", ",") and j == k - 1:
            # "tại Nhà Quốc hội (Hà Nội)", "tại trụ sở Chính phủ, Hà Nội,": the city of a building
            # named after the introducer
            first = j - 1
            while first > 0 and j - first <= _VENUE_WORDS and (items[first].is_cap or items[first].kind == "phrase"):
                first -= 1
            lead = next((w for w in book.place_lead_words if first - len(w) + 1 >= 0 and all(
                items[first - len(w) + 1 + n].is_word(part) for n, part in enumerate(w))), None)
            if lead and first < j - 1:
                first -= len(lead)
            if items[j].surface == "," and (lead is None or lead in book.place_mint_words) \
                    and not any(items[i].has("org") for i in range(first + 1, j)):
                return False   # ("tại thành phố Sùng Tả, Khu tự trị … Quảng Tây": the city's region)
            # (not a country after a city: "tại thủ đô Yaoundé (Cameroon)" is in Yaoundé)
            return first < j - 1 and items[first].is_word(*book.place_introducers) and items[k].has("place") \
                and not any(items[i].has("place", "country") for i in range(first + 1, j))
        if items[j].is_word(*book.place_introducers):
            # (not "nhiệm kỳ công tác tại Việt Nam": where a post is held)
            before = self.text[max(0, items[j].start - 40):items[j].start].lower().rstrip()
            return not any(before.endswith(w) for w in book.post_words)
        # "bay sang X", "sẽ tới thành phố Nagoya", "Ngay sau khi tới Berlin" (a kind of place may
        # lead it; a building not)
        lead = self.text[items[j].end:items[k].start].strip().lower()
        before = f" {self.text[max(0, items[j].start - 20):items[j].start].lower().strip()}"
        return j > 0 and (not lead or lead in self._place_kinds) \
            and items[j].is_word(*book.travel_prepositions) and any(before.endswith(f" {v}") for v in book.travel_verbs)

    def _counterpart_follows(self, sent: SentenceFacts, hit: _TriggerHit) -> bool:
        passive = self.text.rfind(" được ", max(sent.start, hit.start - _PASSIVE_REACH), hit.start)
        if passive >= 0 and any(passive < s < hit.start for s, e, key in sent.person_spans):
            return True   # "ông X được Thủ tướng Y tiếp": the counterpart came first
        if passive >= 0 and any(s < passive for s, e, key in sent.person_spans) and any(
                self.text.startswith(w + " ", passive + len(" được ")) for w in self.book.counterpart_words):
            return True   # "X và đoàn sẽ … được lãnh đạo thành phố tiếp": X is received by unnamed hosts
        following = self.text[hit.end:hit.end + 30].lstrip()
        if any(following.startswith(w) and not following[len(w):len(w) + 1].isalnum()
               for w in self.book.counterpart_words):   # "… đã tiếp đoàn."
            return True
        after = [s for s, e, key in sent.person_spans if s >= hit.end]
        if after and min(after) - hit.end <= 80:
            return True
        for it in sent.items:
            if it.start >= hit.end and it.start - hit.end <= 40 and it.kind == "phrase" and it.has("org", "title", "honorific"):
                return True
        return False

    def _org_participants(self, sent: SentenceFacts, body_of: _TriggerHit | None = None,
                          besides: tuple[int, int] | None = None) -> list[Ref]:
        """The organisations named in the sentence, but not its source ("Theo Bộ Công Thương, …")
        nor a framework (ASEAN) inside the span ``besides``; with ``body_of``, the one named right
        after that trigger when there is one ("Kỳ họp lần thứ 5 Ủy ban liên Chính phủ …": the
        committee meets, whoever speaks of it)."""
        items = sent.items
        orgs = [(it, Ref("org", it.first("org"))) for k, it in enumerate(items)
                if k not in sent.used and it.kind == "phrase" and it.has("org")
                and not (besides and besides[0] <= it.start < besides[1] and self._framework(it.first("org")))
                and not (k > 0 and items[k - 1].is_word(*self.book.source_markers))
                # "Cục Xúc tiến thương mại (Bộ Công Thương)": the parent, named to place the body
                and not (k >= 2 and parenthesised(items, k - 1) is it and items[k - 2].kind == "phrase"
                         and items[k - 2].has("org"))]
        if body_of is not None:
            named = [ref for it, ref in orgs if 0 <= it.start - body_of.end <= _BODY_REACH]
            if named:
                return named[:1]
        return list({ref.id: ref for _, ref in orgs}.values())   # once each ("… Kuwait (KCCI)")

    def _delegation_bodies(self, sent: SentenceFacts, hit: _TriggerHit) -> list[Ref]:
        """The organisations named as a delegation in the trigger's clause, before it ("đoàn Phòng
        Thương mại và Công nghiệp Dubai sang thăm …"): whose visit it is when no one is named."""
        start = self._clause_start(sent, hit)
        found = []
        for it in sent.items:
            if start <= it.start < hit.start and it.kind == "phrase" and it.has("org") \
                    and self._delegation_word_before(self.text[max(start, it.start - 24):it.start].lower().split()):
                found.append(Ref("org", it.first("org")))
        return found

    def _subject_bodies(self, sent: SentenceFacts, hit: _TriggerHit) -> list[Ref]:
        """The organisations named in the trigger's clause before it, as its subject ("… nhóm kỹ
        thuật của Bộ Công Thương và USTR sẽ có phiên đàm phán …"): who holds an event that names
        no one; not when someone is named there ("Thủ tướng giao Bộ Công Thương chủ trì chuẩn bị
        phiên đàm phán …": the body prepares it)."""
        start = self._clause_start(sent, hit)
        if any(start <= s < hit.start for s, e, key in sent.person_spans) \
                or any(start <= it.start < hit.start and it.has("title") for it in sent.items):
            return []
        return [ref for ref in _bodies_within(sent, start, hit.start) if not self._framework(ref.id)]

    def _bodies_between(self, sent: SentenceFacts, hit: _TriggerHit) -> list[Ref]:
        """The organisations after "giữa", close after the noun and in its clause, when two or
        more are named there and no one: the parties to the event."""
        span = self._between_span(sent, hit)
        if span is None or span[2] or any(span[0] <= s < span[1] for s, e, key in sent.person_spans):
            return []
        found = _bodies_within(sent, span[0], span[1])
        return found if len(found) >= 2 else []

    def _framework(self, org_id: str) -> bool:
        known = self.book.organisations.get(org_id)
        return known is not None and known.kind in self.book.framework_kinds

    def _framework_named(self, sent: SentenceFacts, span: tuple[int, int] | None) -> bool:
        """Whether a framework (ASEAN, APEC) is named inside ``span``, a gathering's name."""
        return span is not None and any(span[0] <= it.start < span[1] and it.kind == "phrase" and it.has("org")
                                         and self._framework(it.first("org")) for it in sent.items)

    def _agreement_for(self, sent: SentenceFacts, hit: _TriggerHit) -> str | None:
        after = [(s - hit.end, key) for s, e, key in sent.agreements if s >= hit.start]
        if after:
            return min(after)[1]
        return sent.agreements[0][2] if sent.agreements else None

    def _event_name(self, sent: SentenceFacts, hit: _TriggerHit) -> str | None:
        """The name written after an event's noun (:meth:`_find_event_name`), found once per trigger."""
        if hit.start not in self._names_of:
            self._names_of[hit.start] = self._find_event_name(sent, hit)
        return self._names_of[hit.start]

    def _find_event_name(self, sent: SentenceFacts, hit: _TriggerHit) -> str | None:
        """"Diễn đàn Kinh tế Việt Nam - Hoa Kỳ", "Hội nghị lần thứ 14 …": the name after the noun.

        A name that is the noun and an organisation is written with the organisation's acronym
        (the summit of "Nhóm các nền kinh tế … (G20)" is "Hội nghị thượng đỉnh G20" throughout),
        and one followed by another year than the article's is that year's edition ("Hội nghị
        thượng đỉnh G20 năm 2026")."""
        end = None
        words: list = []
        pending: list = []   # lowercase words of a name inside it, kept if more of the name follows
        lead = True   # "Hội nghị tham vấn Bộ trưởng …": a few lowercase words may open the name
        k = 0
        for k, it in enumerate(sent.items):
            if it.start < hit.end:
                continue
            if lead and end is None and it.kind == "word" and it.surface in self.book.event_name_words:
                continue
            lead = False
            nxt = sent.items[k + 1] if k + 1 < len(sent.items) else None
            # (a connector only between capitalised words: "Việt Nam - Hoa Kỳ", "ASEAN với Trung Quốc")
            # (or a region written lowercase: "Việt Nam - châu Phi")
            joins = end is not None and _connector(it) and nxt is not None and (_capitalised(nxt) or _place_phrase(nxt))
            joined = end is not None and words and words[-1] is sent.items[k - 1] and _place_phrase(it) \
                and _connector(sent.items[k - 1])
            rank = words and words[-1].is_word("thứ") and it.is_word(*self.book.ordinal_words)   # "lần thứ hai"
            if _capitalised(it) or joins or joined or rank or (it.kind == "word" and it.surface.isdigit()) \
                    or it.is_word("lần", "thứ"):
                end = it.end
                words.extend(pending + [it])
                pending = []
                continue
            if end is not None and not it.is_cap and all(w in self.book.event_name_words for w in it.surface.lower().split()):
                # "Hội nghị Xúc tiến thương mại Việt Nam - Nhật Bản": lowercase words of a name,
                # when more of the name follows; "Diễn đàn Doanh nghiệp Việt Nam - Singapore" (and
                # "Diễn đàn Doanh nghiệp tại Hà Nội"): the second syllable of a capitalised word
                pending.append(it)
                if len(pending) == 1 and f"{words[-1].surface} {it.surface}".lower() in self.book.event_name_phrases:
                    end = it.end
                    words.extend(pending)
                    pending = []
                continue
            break
        if end is None:
            return None
        name = self.text[hit.start:end].strip(" -–")
        told = self.event_acronyms.get(self.text[hit.end:end].strip())
        if told is not None and told[0].kind == hit.trigger.kind:
            return told[1]   # "Hội nghị AEM-58" after "Hội nghị Bộ trưởng Kinh tế ASEAN lần thứ 58 (AEM-58)"
        orgs = [w.first("org") for w in words if w.kind == "phrase" and w.has("org")]
        acronyms = self.book.organisations[orgs[0]].acronyms if len(words) == 1 and orgs \
            and orgs[0] in self.book.organisations else ()
        if acronyms:
            name = f"{self.text[hit.start:hit.end]} {acronyms[0]}"
        year = sent.items[k + 1] if k + 1 < len(sent.items) and sent.items[k].is_word("năm") else None
        if year is not None and year.kind == "word" and year.surface.isdigit() and len(year.surface) == 4 \
                and int(year.surface) != self.article_date.year:
            name = f"{name} năm {year.surface}"
        return name[:1].upper() + name[1:]


def _share_when_and_where(created: list[tuple[_TriggerHit, Event]]) -> None:
    """The events one trigger made ("hai cuộc điện đàm riêng với A và B") were held on the day
    and at the place the sentence gives the one that took them."""
    for h, ev in created:
        told = next((e for g, e in created if g is h and e is not ev and (e.date or e.places)), None)
        if told is not None and ev.date is None and ev.month is None:
            ev.date, ev.end_date, ev.date_rule, ev.daypart = told.date, told.end_date, told.date_rule, told.daypart
        if told is not None and not ev.places:
            ev.places = list(told.places)


def _marker_regex(markers, classifiers=()) -> re.Pattern | None:
    """A marker at the end of the text before a trigger, perhaps with a classifier between
    ("Ngay sau buổi tiếp")."""
    if not markers:
        return None
    between = r"(?:\s+(?:" + alternation(classifiers) + "))?" if classifiers else ""
    return re.compile(r"(?:^|[^\w])(?:" + alternation(markers) + r")" + between + r"[\s,]*$", re.IGNORECASE)


def _held_here(venue: re.Match | None, start: int, hits: list[_TriggerHit]) -> bool:
    """Whether the event of a trigger is what is held at the place starting at ``start``: the
    trigger stands between the verb of holding and the place, or is the subject of a passive
    one ("được tổ chức")."""
    if venue is None:
        return False
    return any(venue.start() <= h.start < start for h in hits) \
        or venue.group().lstrip(" ,;:(").lower().startswith("được")


def _number(raw: str, words: dict[str, int]) -> int | None:
    """A number written in digits or as one of ``words`` ("8", "tám")."""
    raw = raw.lower()
    return int(raw) if raw.isdigit() else words.get(raw)


def _venue_regex(verbs, introducers) -> re.Pattern | None:
    """A verb of holding, then (within the clause) a place introducer and at most two lead words
    at the end of the text before a place: "… tổ chức hội thảo … tại thành phố "."""
    if not verbs or not introducers:
        return None
    return re.compile(r"(?:^|[^\w])(?:" + alternation(verbs) + r")(?:\s[^.,;:]{0,80}?)?\s+(?:"
                      + alternation(introducers) + r")\s+(?:\S+\s+){0,2}$", re.IGNORECASE)


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
    if _told_apart(a, b) or a.agreement and b.agreement and a.agreement != b.agreement or a.session != b.session:
        return False
    if a.planned != b.planned and not (a.joins or b.joins):
        return False   # "… dự kiến gặp gỡ các doanh nghiệp tại San Francisco" is not the reception held
    if a.kind == b.kind and a.kind in GATHERINGS and (a.date is not None and a.date == b.date
                                                        or a.name is not None and _same_name(a, b)):
        return True   # a conference told by who spoke, then by who chaired, on the same day (or by name)
    if a.kind == b.kind == "signing" and (a.super_event is None) != (b.super_event is None) \
            and (a.after is None) != (b.after is None):
        return False   # "Sau buổi tiếp, … A và B đã ký …"; "Tại diễn đàn, … X và Y đã ký …": two ceremonies
    if a.kind == b.kind == "signing" and b.date in (None, a.date) and a.sentences and b.sentences \
            and 0 <= min(b.sentences) - max(a.sentences) <= 2 and not (a.places and b.places and a.places != b.places):
        return True   # one ceremony, told document by document: "A và B ký …. C và D đã ký …"
    pa, pb = set(a.participants), set(b.participants)
    if pa and pb:
        return pa <= pb or pb <= pa
    # a mention without participants refers to the event of that kind already reported
    return a.kind == b.kind


def merge_events(events: list[Event], mentioned_as: dict[str, tuple[str, ...]] | None = None,
                 recollection_days: int = 7, titles_of: dict[str, set[str]] | None = None) -> list[Event]:
    """Merge the mentions of one event within an article; links between events follow.

    ``mentioned_as`` gives, per kind, the other kinds whose mention may refer back to it;
    an event ``recollection_days`` older than a gathering, told after it, was recalled there;
    ``titles_of`` gives each person's titles (lowercase), for an anaphor that names one."""
    recollection = dt.timedelta(days=recollection_days)
    mentioned_as = mentioned_as or {}
    merged: list[Event] = []
    where: dict[int, int] = {}
    last = last_sentence = last_reported = passing_at = passing_beside = None
    compositions: list[tuple[Event, int | None]] = []   # with the event told before each
    for i, ev in enumerate(events):
        if ev.anaphora is not None:
            source = where.get(ev.anaphora) if ev.anaphora >= 0 else last
            if ev.anaphora < 0 and not ev.participants and not ev.date:
                # "Hai bên ký Biên bản …" (a caption at the end): the signing already told, if any
                source = next((j for j in range(len(merged) - 1, -1, -1) if merged[j].kind == ev.kind), source)
            if source is not None:
                theirs = list(merged[source].principals or merged[source].participants)
                if ev.anaphor_title and titles_of and len(theirs) != 2:
                    # "… A và B đã được Phó Thủ tướng C tiếp. Cùng ngày, hai nghị sĩ đã làm việc
                    # với …": of them, the two who hold that title (of all its people, when it has
                    # one principal: "… A phát biểu. Đồng chủ trì diễn đàn, Phó Thủ tướng B …. Dưới
                    # sự chứng kiến của hai Phó Thủ tướng, …")
                    pool = theirs if len(theirs) > 2 else list(merged[source].participants)
                    holders = [p for p in pool if any(ev.anaphor_title in t for t in titles_of.get(p, ()))]
                    theirs = holders if len(holders) >= 2 else theirs
                if len(theirs) == 1 and source == last:   # "hai nhà lãnh đạo": the visitor and the host
                    theirs = _unique(theirs + ev.anaphora_pool)[:2]
                if ev.witnessed:   # the signers, and the leaders who witnessed it
                    ev.participants = _unique(ev.participants + theirs)
                else:
                    ev.participants = _unique(theirs + ev.participants)
                    ev.principals = list(ev.participants)
        home = None
        if ev.joins in ("speaker", "source"):   # a speaker at the gathering just told, if it was one
            # (not one named in passing beside a sitting held for it: "A tiếp B, nhân dịp ông sang
            # Việt Nam dự Diễn đàn …. Phó Thủ tướng cho biết …" speaks at the reception)
            beside = passing_beside if last is not None and last == passing_at else None
            home = None if beside is not None else _gathering_just_told(merged, last, recollection)
            # (else at the sitting just reported, not one a participant recalled since)
            told = beside if beside is not None else last
            told = told if told is None or not merged[told].recalled else last_reported
            if home is None and ev.joins == "speaker" and told is not None and merged[told].kind in _SPOKEN_AT \
                    and merged[told].joins is None and not merged[told].planned and not merged[told].session \
                    and len(merged[told].participants) >= 2:
                home = told
            if home is not None:
                _absorb(merged[home], ev)
                where[i] = home
            continue
        if ev.joins == "delegation":   # "Đoàn gồm …": at every event of the delegation's head,
            compositions.append((ev, last))    # before and after
            continue
        if ev.joins == "all" and last is not None:   # every event of the day just told
            for m in _day_just_told(merged, min(ev.sentences)):
                _absorb(m, ev)
            where[i] = last
            continue
        if ev.joins == "any":
            # "Cùng dự có …" after "A tiếp B, nhân dịp B thăm Việt Nam": a sitting event of the
            # sentence just told, not the visit it was part of
            # (or, when that sentence told only a journey, the sitting told before it: "A tiếp
            # đoàn … do B dẫn đầu. Đoàn đang thăm Việt Nam từ ngày … Cùng dự có …")
            home = next((j for j, m in enumerate(merged) if last_sentence in m.sentences
                         and m.kind not in _JOURNEYS), None)
            if home is None and last_sentence is not None:
                home = next((j for j in range(len(merged) - 1, -1, -1) if merged[j].kind not in _JOURNEYS
                             and max(merged[j].sentences, default=-1) >= last_sentence - 1), last)
        elif ev.joins in ("attend", "member", "companion"):
            # an event of its kind (a member: the visit, or, with none, the event the delegation's
            # head led last: "Tham gia đoàn Việt Nam có Thứ trưởng X" at a round; or nothing);
            # else the last event
            # (of its very kind before a kindred one: "Tham dự buổi tiếp có …" after a meeting
            # recalled since is at the reception)
            home = next((j for exact in (True, False) for j in range(len(merged) - 1, -1, -1)
                         if (merged[j].kind == ev.kind if exact else _compatible_kind(merged[j].kind, ev.kind))
                         and _session_agrees(ev, merged[j]) and not (ev.session and merged[j].planned)),
                        _led_last(merged, ev.principals) if ev.joins == "member" else last)
        elif ev.joins in ("same-kind", "reference"):
            # the latest event of its kind being held (not one told as yet to come, unless it is
            # told so itself: "Tọa đàm dự kiến có sự tham gia của …"); failing that, one its noun
            # may also name, or a planned one
            # … and, of those, one with the people it names ("Bộ trưởng A và B đồng chủ trì phiên
            # đàm phán", a caption, is the round A and B held, not the last one told)
            # … and of its very kind before a kindred one ("Sau buổi tiếp" after a reception and
            # a meeting recalled since: the reception)
            home = _session_told(ev, merged) if ev.session else None
            # (of each, one reported before one only recalled: "Kết thúc vòng đàm phán" after
            # "… sau Vòng đàm phán thứ 7 diễn ra tại Hà Nội" is the round the article reports)
            latest = sorted(range(len(merged)), key=lambda j: (merged[j].joins is not None, _bare(merged[j]), -j))
            only_sessions = ev.session and any(m.session for m in merged)
            # (sharing all its people before sharing some: a caption "A và B tại cuộc hội đàm" is
            # A and B's talks, not A's meeting with C told since)
            home = home if home is not None else next((j for kinds, planned, shared, exact in (
                             (mentioned_as, False, 2, True), (mentioned_as, False, 1, True),
                             (None, False, 2, False), (None, False, 1, False), (mentioned_as, False, 0, True),
                             (None, False, 0, False), (mentioned_as, False, 0, False), (mentioned_as, True, 0, False))
                         for j in latest
                         if (planned or not merged[j].planned or ev.planned)
                         and (not exact or ev.kind in (merged[j].kind, *mentioned_as.get(merged[j].kind, ())))
                         and (merged[j].session or not only_sessions)
                         and (not shared or ev.participants and (set(ev.participants) <= set(merged[j].participants)
                                                                 if shared == 2 else
                                                                 set(ev.participants) & set(merged[j].participants)))
                         and _may_refer_to(ev, merged[j], others_may_join=ev.joins == "reference",
                                           mentioned_as=kinds)), None)
        if home is None and ev.joins != "member":
            home = next((j for j, m in enumerate(merged) if _compatible(m, ev)), None)
        if home is None:
            if ev.joins in ("any", "attend", "member", "companion"):
                continue
            merged.append(ev)
            where[i] = len(merged) - 1
        else:
            _absorb(merged[home], ev)
            where[i] = home
        last, last_sentence = where[i], min(ev.sentences, default=None)
        if ev.purpose:   # a gathering someone came for, named in passing beside a sitting told
            passing_at = last
            passing_beside = next((where[k] for k in range(i - 1, -1, -1) if k in where
                                   and events[k].sentences == ev.sentences and events[k].joins is None
                                   and events[k].kind in _SPOKEN_AT), None)
        if not merged[last].recalled:
            last_reported = last
    for ev, told in compositions:
        homes = [m for m in merged if ev.principals[0] in m.participants] \
            or [m for m in merged[::-1] if _compatible_kind(m.kind, ev.kind)][:1]   # else on the visit
        if told is not None and merged[told].kind == "negotiation_round" and all(m is not merged[told] for m in homes):
            # "… đã bước vào phiên đàm phán …. Phía Việt Nam do Bộ trưởng X làm Trưởng đoàn; các
            # Phó Trưởng đoàn gồm …": the side's delegation at the round just told
            homes.append(merged[told])
        for m in homes:
            _absorb(m, ev)
    for m in merged:
        for attr in ("super_event", "after"):
            ref = getattr(m, attr)
            if ref is not None:
                target = where.get(ref)
                setattr(m, attr, None if target is None or merged[target] is m else target)
    return merged


def _gathering_people(gathering: Event, events: list[Event]) -> list[str]:
    """Who a gathering names, and the mentions so far of gatherings of its kind (who attended,
    spoke or was referred to there)."""
    return gathering.participants + [p for e in events if e.joins in ("attend", "speaker", "source", "reference")
                                     and e.kind == gathering.kind for p in e.participants]


def _led_last(merged: list[Event], heads: list[str]) -> int | None:
    """The latest event the delegation's head held as its subject (the round the minister led,
    not the reception where the delegation was received), when the article tells of no journey."""
    if not heads or any(m.kind in _JOURNEYS for m in merged):
        return None
    # (or the round the head's side negotiated: "Đoàn … do Bộ trưởng X dẫn đầu. Tham gia đoàn có …")
    return next((j for j in range(len(merged) - 1, -1, -1) if merged[j].principals[:1] == heads[:1]
                 or merged[j].kind == "negotiation_round" and heads[0] in merged[j].participants), None)


def _session_told(mention: Event, merged: list[Event]) -> int | None:
    """The body's session a mention of one refers back to: of its number, reported rather than
    recalled ("Kết thúc Kỳ họp" after "… đạt được tại Kỳ họp lần thứ 43"), told with its noun
    ("bên lề kỳ họp" after a sub-committee's "phiên họp" the day before), of its day, else
    of a day that agrees, else whatever day "chiều cùng ngày" says after a day recalled in
    between; one told by its day before one told by its month ("Kỳ họp lần thứ hai … vào tháng
    11/2023"); the latest of the best."""
    def rank(j: int) -> tuple:
        target = merged[j]
        day = 0 if mention.date is not None and mention.date == target.date else \
            1 if not _told_apart(mention, target, within_span=True) else 2
        return target.joins is not None, mention.noun != target.noun, day, target.date is None, -j
    found = [j for j, m in enumerate(merged) if m.session and not m.planned
             and (mention.ordinal or m.ordinal) == m.ordinal]
    return min(found, key=rank, default=None)


def _gathering_just_told(merged: list[Event], last: int | None, recollection: dt.timedelta) -> int | None:
    """The conference or forum told last, when what was told since it only refers back to
    earlier events ("Theo Thứ trưởng, tại phiên đàm phán … hồi tháng 5, …" in a speech at a
    seminar; "Kể từ cuộc điện đàm ngày 2/7 …", over a week before) or ahead to later ones
    ("Vòng đàm phán thứ 9 dự kiến được tổ chức … vào cuối tháng 6"), not when another event was
    reported since (a reception of the day before)."""
    if last is None or merged[last].kind in GATHERINGS:
        return last
    home = next((j for j in range(len(merged) - 1, -1, -1) if merged[j].kind in GATHERINGS), None)
    day = merged[home].date if home is not None else None
    since = [merged[last], *merged[home + 1:]] if home is not None else []
    if day is None or not all(m.joins in ("reference", "same-kind") and (m.date or _month_start(m.month) or day) < day
                              or (m.date or _month_start(m.month) or day) < day - recollection
                              or m.planned and (m.date or _month_start(m.month) or day) > day for m in since):
        return None
    return home


def _month_start(month: str | None) -> dt.date | None:
    return dt.date.fromisoformat(month + "-01") if month else None


def _day_just_told(merged: list[Event], sentence: int, reach: int = 6) -> list[Event]:
    """The events told last, back to one of another day (undated ones go with the day they
    are told among), in the few sentences before ``sentence``."""
    out: list[Event] = []
    day = None
    for m in reversed(merged):
        if max(m.sentences, default=-1) < sentence - reach or (m.date and day and m.date != day):
            break
        out.append(m)
        day = day or m.date
    return out


def _may_refer_to(ev: Event, target: Event, others_may_join: bool = False,
                  mentioned_as: dict[str, tuple[str, ...]] | None = None) -> bool:
    """Can a mention in passing ("tại hội đàm", "chuyến thăm … của X") be this earlier event?
    With ``others_may_join`` (a sentence that refers back to it), people not named before may
    be new participants."""
    if not (_compatible_kind(target.kind, ev.kind) or ev.kind in (mentioned_as or {}).get(target.kind, ())) \
            or _told_apart(ev, target, within_span=True):
        return False
    if not _session_agrees(ev, target, only_target=True):
        return False
    if ev.participants and target.participants and set(ev.participants).isdisjoint(target.participants) \
            and (not others_may_join or target.kind in _JOURNEYS):
        return False   # (another's visit is another visit, even in a sentence about a visit)
    return True


def _session_agrees(mention: Event, target: Event, only_target: bool = False) -> bool:
    """A body's session is told again as a session or a plain meeting, never as talks ("Tại cuộc
    hội đàm" is not the committee's session held that afternoon); a session's mention is that
    session (unless ``only_target``: then it may yet be a meeting told otherwise)."""
    if target.session:
        return mention.session or mention.kind == target.kind
    return only_target or not mention.session


def _kind_told(ev: Event, events: list[Event]) -> bool:
    """Whether an event of a kind ``ev`` may be has been reported (not only named in passing),
    and not one named otherwise ("dự Hội nghị Bộ trưởng RCEP" after the AEM)."""
    return any(_compatible_kind(e.kind, ev.kind) and _session_agrees(ev, e)
               and not (ev.name and e.name and not _same_name(ev, e)) for e in events if not e.joins)


def _place_ref(item: Item) -> Ref:
    """The place or country a gazetteer phrase names."""
    pid = item.first("place")
    return Ref("place", pid) if pid else Ref("country", item.first("country"))


def _told_apart(a: Event, b: Event, within_span: bool = False) -> bool:
    """Whether what two mentions say of when, which edition, what name and where shows two
    events (a country and a city in it may be one venue, but not one journey). With
    ``within_span``, a day within the other's days agrees ("kết thúc chuyến công tác vào ngày
    mai" of a visit from the 8th to the 12th)."""
    if _one_gathering(a, b):
        return False   # "Hôm nay (10/7), … tại Hội nghị … lần thứ 58"; "Hội nghị … khai mạc sáng 9/7"
    if not (_dates_agree(a, b) or within_span and _within_days(a, b)) or a.ordinal and b.ordinal and a.ordinal != b.ordinal \
            or a.name and b.name and not _same_name(a, b):
        return True
    if a.daypart and b.daypart and a.daypart != b.daypart and a.kind in _SITTINGS and b.kind in _SITTINGS:
        return True   # "chiều 4/12 … hội đàm"; "sáng cùng ngày … làm việc với": two sittings
    if a.kind == b.kind == "phone_call" and len(a.participants) >= 2 and len(b.participants) >= 2 \
            and set(a.participants).isdisjoint(b.participants):
        return True   # "A điện đàm với B …. C và D thống nhất trong cuộc điện đàm ngày 2/7": two calls
    # (a visit to a country and one to a city in it are the state visit and a stop on it)
    return bool(a.places and b.places and {p.id for p in a.places}.isdisjoint({p.id for p in b.places})
                and ({p.kind for p in a.places} == {p.kind for p in b.places} or a.kind in _JOURNEYS))


def _one_gathering(a: Event, b: Event) -> bool:
    """Two mentions of a gathering by one name and edition, on days at most _GATHERING_DAYS apart:
    the days it lasts, one event."""
    return a.kind == b.kind and a.kind in GATHERINGS and bool(a.name and b.name) and _same_name(a, b) \
        and (a.ordinal == b.ordinal or not (a.ordinal and b.ordinal)) and a.date is not None and b.date is not None \
        and abs((a.date - b.date).days) <= _GATHERING_DAYS


def _bodies_within(sent: SentenceFacts, start: int, stop: int) -> list[Ref]:
    """The organisations named between ``start`` and ``stop``, once each, in order."""
    return list({it.first("org"): Ref("org", it.first("org")) for it in sent.items
                 if start <= it.start < stop and it.kind == "phrase" and it.has("org")}.values())


def _place_named(it: Item, minted: dict[int, Ref]) -> Ref | None:
    """The place an item names: one named by pattern there (``minted``, by where it starts), or
    a gazetteer place or country that is no organisation."""
    named = minted.get(it.start)
    if named is None and _place_phrase(it) and not it.has("org"):
        named = _place_ref(it)
    return named


def _place_phrase(it: Item) -> bool:
    """A gazetteer place or country, however written (in a name it may be lowercase: "Diễn đàn …
    Việt Nam - châu Phi")."""
    return it.kind == "phrase" and it.has("place", "country")


def _connector(it: Item) -> bool:
    """A dash or "và"/"với" joining two parts of a gathering's name ("Việt Nam - Hoa Kỳ", "ASEAN
    với Trung Quốc")."""
    return it.surface in "-–" or it.is_word("và", "với")


def _capitalised(it: Item) -> bool:
    """A capitalised word or gazetteer phrase (part of a name)."""
    return it.is_cap or (it.kind == "phrase" and it.surface[:1].isupper())


def _same_name(a: Event, b: Event) -> bool:
    """Two gatherings' names name one, their editions aside ("Hội nghị Hội đồng CPTPP lần thứ 10",
    then "Hội nghị Hội đồng CPTPP": the numbers, when both give one, are compared as ordinals)."""
    name_a, name_b = (_EDITION_SUFFIX.sub("", e.name or "").lower() for e in (a, b))
    if name_a == name_b:
        return True
    # ("Diễn đàn Kinh doanh Việt Nam - Hoa Kỳ 2026" held in 2026, then "Diễn đàn Kinh doanh Việt
    # Nam - Hoa Kỳ": a year closing one name only, the year either is held in, is its edition's;
    # not "Hội nghị thượng đỉnh G20 năm 2026" after the one of 2025)
    years = {str(d.year) for d in (a.date, b.date) if d} | {m[:4] for m in (a.month, b.month) if m}
    for name, other in ((name_a, name_b), (name_b, name_a)):
        year = _YEAR_SUFFIX.search(name)
        if year and year.group(1) in years and name[:year.start()] == other:
            return True
    return False


def _first_word(low: str, words: Iterable[str], start: int = 0) -> int:
    """Where the first of ``words`` stands in ``low`` from ``start`` on, between a space and a
    space or a mark: the position of the space before it; -1 when none does."""
    found = [at for w in words for end in " ,:" if (at := low.find(f" {w}{end}", start)) >= 0]
    return min(found, default=-1)


def _last_word(low: str, words: Iterable[str]) -> int:
    """Where the last of ``words`` stands in ``low`` between a space and a space or a mark
    ("cho biết ", "phân tích:"): the position of the space before it; -1 when none does."""
    return max((low.rfind(f" {w}{end}") for w in words for end in " ,:"), default=-1)


def _within_days(a: Event, b: Event) -> bool:
    """Whether one's day falls within the other's days (from its date to its end date)."""
    return any(x.date and y.date and y.end_date and y.date <= x.date <= y.end_date for x, y in ((a, b), (b, a)))


def _dates_agree(a: Event, b: Event) -> bool:
    """Neither day nor month tells them apart ("tháng 8/2025" is not 8/1/2026)."""
    if a.date and b.date:
        return a.date == b.date
    months = {a.month, b.month, a.date and a.date.strftime("%Y-%m"), b.date and b.date.strftime("%Y-%m")}
    return len(months - {None}) <= 1


def _absorb(into: Event, ev: Event) -> None:
    into.kind = into.kind if into.session else _compatible_kind(into.kind, ev.kind) or into.kind
    into.participants = _unique(into.participants + ev.participants)
    reported = into.joins and not ev.joins and ev.principals   # a lead's reference, then the report
    into.principals = ev.principals if reported else into.principals or ev.principals
    into.org_participants = into.org_participants or ev.org_participants
    if into.date is None and ev.date is not None or _one_gathering(into, ev) and ev.date < into.date:
        into.date, into.date_rule, into.end_date = ev.date, ev.date_rule, ev.end_date   # (a gathering: its first day)
    elif into.end_date is None and ev.end_date is not None and ev.date == into.date:
        into.end_date = ev.end_date   # "khai mạc chiều 8/5 …", then "diễn ra trong hai ngày 8-9/5"
    into.month = into.month or ev.month
    into.daypart = into.daypart or ev.daypart
    if not into.places or into.kind not in _JOURNEYS and all(p.kind == "country" for p in into.places) \
            and any(p.kind == "place" for p in ev.places):
        into.places = ev.places   # "ở Philippines", then "tại thành phố Cebu": the city says more
    into.topics |= ev.topics
    into.agreement = into.agreement or ev.agreement
    into.ordinal = into.ordinal or ev.ordinal
    into.name = into.name or ev.name
    into.sideline = into.sideline or ev.sideline
    into.online = into.online or ev.online
    into.sentences |= ev.sentences
    into.evidence.extend(ev.evidence)
    if into.super_event is None:
        into.super_event = ev.super_event
    if into.after is None:
        into.after = ev.after
    if into.joins and not ev.joins:
        into.joins = None


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
        if not pe <= union or all(d == distinct[0] for d in distinct) or not set.intersection(*distinct):
            continue   # (each part shares the one who held them all: "X gặp A, B và C" sums up X-A, X-B)
        keep[i] = False
        for j in parts:
            other = events[j]
            if other.super_event is None and ev.super_event is not None and ev.super_event != j:
                other.super_event = ev.super_event
                other.sideline = other.sideline or ev.sideline
            other.places = other.places or ev.places
            other.date = other.date or ev.date
            other.topics |= ev.topics
    return _kept(events, keep)


def drop_unscheduled(events: list[Event], text: str, sentences: list[SentenceFacts],
                     scheduled_words: tuple[str, ...]) -> list[Event]:
    """A planned event told with no time at all, neither a day, a month nor a span in its
    sentences (but the day the news was released), nor a word that schedules it ("vào tuần
    sau", "cuối năm nay"), is an intention, not an event ("ông sẽ làm việc với lãnh đạo Bộ Tài
    chính để tháo gỡ vướng mắc")."""
    def told_when(i: int) -> bool:
        return any(not d.reporting for d in sentences[i].dates) or any(
            w in text[sentences[i].start:sentences[i].end].lower() for w in scheduled_words)
    return _kept(events, [not ev.planned or ev.date is not None or ev.month is not None
                          or any(told_when(i) for i in ev.sentences) for ev in events])


def _kept(events: list[Event], keep: list[bool]) -> list[Event]:
    """The events to keep, their references to one another renumbered (to none where the event
    referred to goes)."""
    index = {old: new for new, old in enumerate(i for i, k in enumerate(keep) if k)}
    out = []
    for i, ev in enumerate(events):
        if not keep[i]:
            continue
        for attr in ("super_event", "after", "anaphora"):
            ref = getattr(ev, attr)
            if ref is not None and ref >= 0:
                setattr(ev, attr, index.get(ref))
        out.append(ev)
    return out


def inherit_from_super_events(events: list[Event], to_a_country: frozenset[str] = frozenset(),
                              take_place: bool = True) -> None:
    """A meeting on the sidelines of an event, or right after it, happens when it does and, with
    ``take_place``, where (and an event told only as the one just before another, when and where
    that one does)."""
    # (a part is held within its whole's days: "Mở đầu cuộc hội đàm, Bộ trưởng thông tin về kết
    # quả Vòng đàm phán thứ 7 … từ ngày 21 đến 23/4" is a round recalled, no part of the call)
    for ev in events:
        sup = events[ev.super_event] if ev.super_event is not None else None
        if sup is not None and ev.date and sup.date and not sup.date <= ev.date <= (sup.end_date or sup.date):
            ev.super_event = None
    # "Lễ ký diễn ra trong khuôn khổ Hội nghị …": the conference is where its part was, if it
    # says nowhere itself (up the chain: a session within a meeting within a conference)
    for _ in range(3):
        for ev in events:
            sup = events[ev.super_event] if ev.super_event is not None else None
            if sup is not None and not sup.places and ev.places and all(p.kind == "place" for p in ev.places):
                sup.places = list(ev.places)
    # … and, a gathering told with no day, on its part's day ("tại Diễn đàn …, dưới sự chứng kiến
    # của …, doanh nghiệp hai nước đã ký …" on the 22nd: the forum was that day); who witnessed
    # a signing held at a gathering attended it
    for ev in events:
        sup = events[ev.super_event] if ev.super_event is not None else None
        if sup is None or sup.kind not in GATHERINGS:
            continue
        if sup.date is None and sup.month is None and ev.date is not None and ev.end_date is None:
            sup.date, sup.date_rule = ev.date, "date.of-its-part"
        sup.participants = _unique(sup.participants + ev.witnesses)
    for ev in events:
        ref = ev.super_event if ev.super_event is not None else ev.after
        sup = events[ref] if ref is not None else None
        if sup is None:
            continue
        # (a part of an event over several days is on one of them: which, it does not say)
        if ev.date is None and ev.month is None and sup.date is not None and sup.end_date in (None, sup.date):
            ev.date, ev.date_rule = sup.date, "date.inherited-from-super-event"
        # (a visit to a whole country does not say where in it its meetings were)
        if take_place and not ev.places and sup.places and not (sup.kind in to_a_country
                                                                and all(p.kind == "country" for p in sup.places)):
            ev.places = list(sup.places)
        before = events[ev.after] if ev.after is not None else None
        if before is not None:   # "ngay sau hội đàm, … chứng kiến lễ ký": the talks were that day, there
            if before.date is None and before.month is None and ev.date is not None:
                before.date, before.date_rule = ev.date, "date.before-the-next-event"
            if not before.places and ev.places:
                before.places = list(ev.places)


def _about(text: str, start: int, end: int, object_nouns: tuple[str, ...] = ()) -> bool:
    """Whether ``text[start:end]`` says what something is about: "về việc …", "về hợp tác …"
    (not "về Đại dương" in a name), or names what it is for ("cho dự án …")."""
    low = text[start:end].lower()
    if any(f" {n} " in low for n in object_nouns):
        return True
    at = text.find(" về ", start, end)
    while at >= 0:
        if text[at + 4:at + 5].islower():
            return True
        at = text.find(" về ", at + 1, end)
    return False


def counterparts_of_calls(events: list[Event], remote_kinds: frozenset[str]) -> None:
    """A call told with one party only ("Trong cuộc điện đàm đầu tiên ngày 4/4, Tổng Bí thư X đã
    bày tỏ …"), when the article tells another call of that party with one other, was with that
    other too: two leaders' calls in a series."""
    for ev in events:
        if ev.kind not in remote_kinds or len(ev.participants) != 1 or ev.org_participants:
            continue
        pairs = [e for e in events if e is not ev and e.kind == ev.kind and len(e.participants) == 2
                 and ev.participants[0] in e.participants]
        if len({frozenset(e.participants) for e in pairs}) == 1:
            ev.participants = _unique(ev.participants + pairs[0].participants)


def rounds_of_the_one_agreement(events: list[Event], agreements: list[str]) -> None:
    """"chuẩn bị phiên đàm phán thứ bảy" in an article that names one agreement: a numbered
    round told without its agreement is a round of that one."""
    if len(agreements) != 1:
        return
    for ev in events:
        if ev.kind == "negotiation_round" and ev.ordinal and ev.agreement is None:
            ev.agreement = agreements[0]


def inherit_place_within_spans(events: list[Event], remote_kinds: set[str]) -> None:
    """An event on a day within a visit or conference of the article, with no place of its
    own, happens where that one does ("từ ngày 21 đến 24/9 tại Viêng Chăn … Ngày 23/9,
    Thứ trưởng gặp …"); a phone call happens nowhere, and a visit to a whole country does not
    say where in it."""
    spans = [e for e in events if e.end_date and e.date and e.places and all(p.kind == "place" for p in e.places)]
    for ev in events:
        if ev.places or ev.date is None or ev.kind in remote_kinds or any(ev is sp for sp in spans):
            continue
        # (of the events of days that hold it, those some of its people are on: a meeting in Hà
        # Nội during a delegation's visit is not where a round held abroad those days is)
        holding = [e for e in events if e is not ev and e.end_date and e.date and e.date <= ev.date <= e.end_date]
        theirs = [e for e in holding if set(e.participants) & set(ev.participants)]
        for sp in theirs or holding:
            if any(sp is s for s in spans):
                ev.places = list(sp.places)
                break


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
        if evs:   # the event the sentence reports, not the one it happened within
            inner = [i for i in evs if not any(events[j].super_event == i for j in evs)]
            current = (inner or evs)[0]
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


def _bare(ev: Event) -> bool:
    """An event told with no day, month or people ("Diễn đàn lần thứ nhất được tổ chức tại Hà
    Nội"): a mention in passing ("Bên lề diễn đàn") refers to it only when no other fits."""
    return not (ev.date or ev.month or ev.participants)
