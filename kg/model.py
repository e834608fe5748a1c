"""What extraction finds in one article: plain data, no RDF.

Every fact carries :class:`Evidence`: the sentence, the matched span (character offsets
into the article text) and the id of the rule that produced it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Evidence:
    sentence_start: int
    sentence_end: int
    start: int
    end: int
    rule: str


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to an organisation, country or place node.

    ``kind`` is "org", "country" or "place"; ``id`` is the gazetteer id, or a minted id
    (prefixed ``m-``) for an organisation found by a pattern. Minted references carry
    their own labels.
    """

    kind: str
    id: str
    vi: str = ""
    en: str = ""
    org_kind: str = ""
    country: str | None = None
    parent: str | None = None
    written: str = ""      # a minted node's name as this article writes it, when not ``vi``

    @property
    def minted(self) -> bool:
        return self.id.startswith("m-")


@dataclass
class Person:
    key: str                       # identity key (gazetteer id or folded name)
    name: str                      # the fullest form the article uses
    known_id: str | None = None    # people.jsonl entry, when known
    country: str | None = None
    surface_forms: set[str] = field(default_factory=set)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Role:
    person: str                    # Person.key
    title: str                     # Title id
    org: Ref | None
    qualifiers: frozenset[str] = frozenset()
    portfolio: str | None = None   # "phụ trách …" text
    host_country: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def identity(self) -> tuple:
        """What makes two role statements the same membership (acting is part of it)."""
        return (self.person, self.title, self.org.id if self.org else None, "acting" in self.qualifiers)


@dataclass
class Event:
    kind: str                                  # key of events.yaml types
    date: dt.date | None = None
    end_date: dt.date | None = None            # the last day, for a visit or conference over days
    month: str | None = None                   # "2025-09" when only the month is known
    daypart: str | None = None                 # "morning" for "sáng 4/12"
    places: list[Ref] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)   # Person keys
    org_participants: list[Ref] = field(default_factory=list)
    topics: set[str] = field(default_factory=set)
    super_event: int | None = None             # index into Extraction.events
    agreement: str | None = None               # agreement key
    ordinal: int | None = None
    name: str | None = None                    # a named conference or forum
    sideline: bool = False
    sentences: set[int] = field(default_factory=set)
    evidence: list[Evidence] = field(default_factory=list)
    date_rule: str | None = None
    principals: list[str] = field(default_factory=list)       # participants named with the trigger
    joins: str | None = None        # "same-kind": an event named in passing, already reported;
                                    # "reference": a sentence about an event already reported
                                    # (its people may join it);
                                    # "attend": attendance of an event of this kind; "any": of the last one;
                                    # "all": of every event on the day of the last one;
                                    # "member": on the delegation of the last visit;
                                    # "companion": on the last visit, else at the last event;
                                    # "delegation": at every event of the delegation head (principals);
                                    # "speaker": at the conference or forum just told (or the
                                    # sitting, when none was); "source" ("Theo X, …"): at the gathering only
    after: int | None = None        # index of the event this one is told right after or before, on
                                    # its day and at its place ("Sau hội đàm, …", "Trước lễ ký, …")
    anaphora: int | None = None     # "hai Bộ trưởng": index of the event whose principals these are (-1: previous)
    witnessed: bool = False         # the anaphor names witnesses, who join the named participants
    anaphora_pool: list[str] = field(default_factory=list)   # the people of the sentence the anaphor
                                    # looks back to, for an event there with one principal ("… chủ trì
                                    # lễ đón … thăm …. Ngay sau lễ đón, hai nhà lãnh đạo đã hội đàm")
    anaphor_title: str | None = None   # "hai nghị sĩ": the title the anaphor's people hold ("nghị sĩ")
    planned: bool = False           # told as yet to come ("… sẽ được tổ chức tại …")
    witnesses: list[str] = field(default_factory=list)   # "dưới sự chứng kiến của X, …": who witnessed it
    purpose: bool = False           # a gathering named as what someone came for ("nhân dịp ông
                                    # sang Việt Nam dự Diễn đàn …"), in passing
    recalled: bool = False          # told by one who took part, in his words ("X cho biết sáng cùng
                                    # ngày ông đã làm việc với Y"): not the event the story reports
    session: bool = False           # a sitting of a standing body ("Kỳ họp lần thứ 48 Ủy ban …"):
                                    # never the talks or meeting told otherwise that day
    noun: str | None = None         # the noun a session was told with ("kỳ họp", "phiên họp")
    online: bool = False            # held online ("… đã diễn ra theo hình thức trực tuyến"): the
                                    # city the news is datelined from is not where it was


@dataclass
class AgreementMention:
    key: str                       # gazetteer id or minted slug
    name: str
    known: bool
    parties: tuple[str, ...] = ()
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Partnership:
    level: str
    parties: tuple[str, str]
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Extraction:
    """Everything extracted from one article."""

    article_id: str
    date: dt.date
    text: str
    publisher: str | None = None
    persons: dict[str, Person] = field(default_factory=dict)
    roles: list[Role] = field(default_factory=list)
    organisations: dict[str, Ref] = field(default_factory=dict)
    org_evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    agreements: dict[str, AgreementMention] = field(default_factory=dict)
    partnerships: list[Partnership] = field(default_factory=list)
    places: dict[str, Ref] = field(default_factory=dict)
    masked: list[tuple[int, int, str]] = field(default_factory=list)   # (start, end, rule)
