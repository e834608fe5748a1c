"""Loading and checking the curated rules in ``kg/rules/``.

:func:`load_rulebook` reads every rule file, checks it (schema, references between
files, duplicate aliases, regexes that compile and cannot backtrack catastrophically),
and returns a :class:`Rulebook` with the compiled matchers. Errors name the file and line.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import RuleError
from .phrases import PhraseMatcher
from .regexgate import compile_gated
from .text import match_key

RULES_DIR = Path(__file__).parent / "rules"

_EVENT_CLASSES = {"Meeting", "Reception", "Talks", "PhoneCall", "NegotiationRound", "SigningCeremony", "Visit",
                  "Conference", "Forum"}

ORG_KINDS = {
    "state", "government", "legislature", "party", "party-body", "ministry", "agency",
    "department", "committee", "embassy", "consulate", "delegation", "chamber", "association",
    "company", "bank", "igo", "local-government", "court", "media", "university", "ngo",
}


# --------------------------------------------------------------------------- entries

@dataclass(frozen=True)
class Country:
    id: str
    vi: str
    en: str
    aliases: tuple[str, ...] = ()
    en_aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    exact_case: bool = True
    is_union: bool = False


@dataclass(frozen=True)
class Place:
    id: str
    vi: str
    en: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    kind: str = "city"


@dataclass(frozen=True)
class Organisation:
    id: str
    vi: str
    en: str
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    kind: str = "agency"
    portfolio: str | None = None
    country: str | None = None
    parent: str | None = None


@dataclass(frozen=True)
class Portfolio:
    id: str
    vi: tuple[str, ...]
    en: str


@dataclass(frozen=True)
class Title:
    id: str
    vi: tuple[str, ...]
    en: str
    deputy: bool = False
    broader: str | None = None
    implies: dict = field(default_factory=dict, hash=False, compare=False)
    for_country: bool = False
    needs_org: bool = False
    labels: tuple[str, ...] = ()
    implies_needs_country: bool = False
    governs: bool = False           # heads a province, state or city named after it
    names_org_kind: str = ""        # a lone capitalised word after it is an organisation of this kind
    mission_rank: bool = False      # a diplomatic rank, held at the mission its holder's other post names

    @property
    def label_vi(self) -> str:
        return self.vi[0]


@dataclass(frozen=True)
class Qualifier:
    id: str
    en: str
    vi: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    ends_role: bool = False
    not_after: tuple[str, ...] = ()     # words that make it part of a compound: "chính quyền"


@dataclass(frozen=True)
class KnownPerson:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    en: str = ""
    country: str | None = None
    order: str = "given-first"


@dataclass(frozen=True)
class Publisher:
    id: str
    vi: str
    en: str
    aliases: tuple[str, ...] = ()
    url: str = ""


@dataclass(frozen=True)
class Topic:
    id: str
    en: str
    vi: str
    alt: tuple[str, ...] = ()
    broader: str | None = None


@dataclass(frozen=True)
class EventType:
    id: str
    cls: str
    cameo: str
    plover: str
    mode: str
    vi: str
    en: str
    spans_days: bool = False      # a date range written with it is how long it lasts
    to_a_country: bool = False    # held in a country as a whole: a city dateline does not narrow it
    mentioned_as: tuple[str, ...] = ()   # other kinds whose noun may refer back to it ("hội đàm")


@dataclass(frozen=True)
class Trigger:
    id: str
    kind: str
    regex: re.Pattern
    needs: str
    participants: str = "sentence"   # "sentence", "visitor" or "none"
    refers_back: bool = False        # told after an event of its kind, with no day: that event


@dataclass(frozen=True)
class DatePattern:
    id: str
    regex: re.Pattern
    precision: str


@dataclass(frozen=True)
class Agreement:
    id: str
    vi: str
    en: str
    aliases: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartnershipLevel:
    id: str
    vi: tuple[str, ...]
    en: str


# --------------------------------------------------------------------------- the rulebook

@dataclass
class Rulebook:
    """All curated knowledge, indexed for extraction."""

    directory: Path
    countries: dict[str, Country]
    places: dict[str, Place]
    organisations: dict[str, Organisation]
    portfolios: dict[str, Portfolio]
    titles: dict[str, Title]
    qualifiers: dict[str, Qualifier]
    people: dict[str, KnownPerson]
    publishers: dict[str, Publisher]
    topics: dict[str, Topic]
    event_types: dict[str, EventType]
    triggers: list[Trigger]
    not_events: list[re.Pattern]
    proposals: list[re.Pattern]   # not_events that propose: who is named after one takes part in nothing
    absences: list[re.Pattern]    # not_events that tell who was not there (a letter, a message, an interview)
    super_event_markers: tuple[str, ...]
    super_event_attending_leads: tuple[str, ...]
    super_event_attending_verbs: tuple[str, ...]
    came_to_attend: tuple[str, ...]
    partaking_at: re.Pattern      # "đã dự và phát biểu tại …": a place marker that is no super-event's
    continuation_markers: tuple[str, ...]
    series_markers: tuple[str, ...]
    thanking_verbs: tuple[str, ...]
    separately_words: tuple[str, ...]
    separately_counts: tuple[str, ...]
    witness_markers: tuple[str, ...]
    signed_by: re.Pattern
    witness_verbs: tuple[str, ...]
    continuation_blockers: tuple[str, ...]
    flashback_markers: tuple[str, ...]
    planned_in_clause: tuple[str, ...]
    place_introducers: tuple[str, ...]
    place_lead_words: tuple[tuple[str, ...], ...]     # each as its lowercase words
    place_mint_words: tuple[tuple[str, ...], ...]
    venue_name_enders: tuple[str, ...]
    copula_openers: tuple[str, ...]
    travel_verbs: tuple[str, ...]
    visit_sites: tuple[str, ...]
    visit_site_quantifiers: tuple[str, ...]
    travel_prepositions: tuple[str, ...]
    venue_reach: int
    venue_verbs: tuple[str, ...]
    sideline: dict
    date_patterns: list[DatePattern]
    relative_dates: list[tuple[re.Pattern, int]]
    reporting_context: re.Pattern
    same_day: re.Pattern
    reported_after: re.Pattern | None     # "Chiều 13.6, Bộ Công Thương cho biết …": a release date
    past_after: re.Pattern | None         # "ngày 15/4 vừa qua": the latest such day, never ahead
    event_clause: re.Pattern | None       # "cuộc điện đàm … ngày 5/3, …": that event's day, no release date
    closing_after_days: re.Pattern | None  # "… đã khép lại … sau ba ngày": the day told is the last
    weekday: re.Pattern | None            # "hôm thứ Sáu", "thứ Tư tuần trước"
    weekdays: dict[str, int]              # "thứ sáu" → 4 (Monday 0)
    weeks: dict[str, int]                 # "tuần trước" → -1
    occasion: re.Pattern
    next_day: re.Pattern
    attendance: re.Pattern
    delegation_heads: re.Pattern
    delegation_heads_after_name: re.Pattern
    sides_led_by: re.Pattern
    delegation_members: re.Pattern
    companions: re.Pattern
    delegation_composition: re.Pattern
    attendance_nouns: dict[str, str]
    pronoun_subjects: tuple[str, ...]
    fellow_visitor_words: tuple[str, ...]
    delegation_subjects: tuple[str, ...]
    subject_fillers: tuple[str, ...]
    agreeing_verbs: tuple[str, ...]
    planned_markers: tuple[str, ...]
    online_markers: tuple[str, ...]
    planned_before: tuple[str, ...]
    scheduled_words: tuple[str, ...]
    speaking_verbs: tuple[str, ...]
    framework_kinds: tuple[str, ...]
    chaired_by: tuple[str, ...]
    anaphora: tuple[str, ...]
    post_words: tuple[str, ...]
    not_letters: tuple[str, ...]
    object_nouns: tuple[str, ...]
    counterpart_words: tuple[str, ...]
    after_markers: tuple[str, ...]
    before_markers: tuple[str, ...]      # "Trước lễ ký, …": the event named is told before, no link
    not_participant_markers: tuple[str, ...]
    event_classifiers: tuple[str, ...]
    reporting_verbs: tuple[str, ...]
    source_markers: tuple[str, ...]
    partaking_verbs: tuple[str, ...]
    attendance_of_all: tuple[str, ...]   # "Tham dự các hoạt động có …": every event of that day
    session_nouns: tuple[str, ...]       # "kỳ họp": an attendance of a body's session
    welcoming_verbs: tuple[str, ...]     # "hoan nghênh đoàn … sang thăm": the welcomed visit
    greeting_markers: tuple[str, ...]    # "chuyển lời thăm hỏi … tới X": X is greeted, not there
    relative_markers: tuple[str, ...]    # ", người trực tiếp ký …": an event already told
    demonstratives: tuple[str, ...]      # "Vòng đàm phán này": the one already told
    series_objects: tuple[str, ...]      # "4 cuộc gặp song phương với các đối tác": meetings told next
    series_openers: tuple[str, ...]      # "Với Bộ trưởng X, …": one of them
    remote_openers: tuple[str, ...]      # "Kết nối từ Washington, bà X cho biết …": a speaker still
    leading_verbs: tuple[str, ...]       # "ông sẽ dẫn đoàn … sang thăm Đức": "ông" travels
    parts_take_place: bool               # a sitting on a summit's sidelines is where the summit is
    series_reach: int                    # sentences after the announcement that may tell one
    recollection_days: int               # told after a gathering, this much older: recalled there
    ordinal_words: dict[str, int]        # "tám": 8 in "vòng thứ tám"
    count_words: dict[str, int]          # "bốn": 4 in "sau bốn ngày" (and every rank word)
    anaphora_owners: tuple[str, ...]     # "doanh nghiệp hai bên": the anaphor names no one
    event_name_phrases: frozenset[str]   # "tham vấn", "doanh nghiệp": lowercase words of a gathering's name
    agreements: dict[str, Agreement]
    agreement_nouns: tuple[str, ...]
    partnership_levels: dict[str, PartnershipLevel]
    photo_credits: list[re.Pattern]
    byline_max_words: int
    outlet_lead: re.Pattern
    honorifics: tuple[str, ...]
    vietnamese_surnames: frozenset[str]
    name_particles: frozenset[str]
    not_name_words: frozenset[str]
    company_name_words: frozenset[str]
    implied_kinds: dict[str, dict]
    delegation_nouns: tuple[str, ...] = ()   # "đoàn công tác của <org> do <title> <name> dẫn đầu"
    delegation_by: tuple[str, ...] = ()
    side_words: tuple[str, ...] = ()     # "phía Brazil có …": the people after it are of that country
    between_markers: tuple[str, ...] = ()   # "cuộc điện đàm giữa A và B": A and B, no one else
    dayparts: dict[str, str] = field(default_factory=dict)   # "sáng" → "morning", longest first
    member_of: tuple[str, ...] = ()          # "Thượng nghị sĩ X thuộc <org>"
    jurisdictions: dict[str, str] = field(default_factory=dict)   # "tỉnh" → "Province", longest first
    title_fillers: tuple[str, ...] = ()    # words before a title that qualify nothing ("tân")
    jurisdiction_of_place_kind: dict[str, str] = field(default_factory=dict)   # "city" → "thành phố"
    capitalised_org_kinds: frozenset[str] = frozenset()   # named only with a capital ("Nhà nước")
    title_in_name_words: frozenset[str] = frozenset()     # "Phủ" (Chủ tịch): a title inside a name
    spouse_words: frozenset[str] = frozenset()            # "phu nhân" (Tổng thống X): X is the wife
    plural_words: frozenset[str] = frozenset()            # "các", "đoàn" (nghị sĩ): a title for several
    phrases: PhraseMatcher = field(default_factory=PhraseMatcher)
    # Lookups built from the entries
    ministry_by_portfolio: dict[tuple[str, str], str] = field(default_factory=dict)
    org_by_kind: dict[tuple[str, str], str] = field(default_factory=dict)

    @cached_property
    def mentioned_as(self) -> dict[str, tuple[str, ...]]:
        """Per event kind, the other kinds whose noun may refer back to it."""
        return {k: t.mentioned_as for k, t in self.event_types.items()}

    @cached_property
    def country_wide_kinds(self) -> frozenset[str]:
        """Event kinds held in a country as a whole (a visit): a city does not narrow them."""
        return frozenset(k for k, t in self.event_types.items() if t.to_a_country)

    @cached_property
    def remote_kinds(self) -> frozenset[str]:
        """Event kinds held at a distance (a phone call): held nowhere."""
        return frozenset(k for k, t in self.event_types.items() if t.mode == "phone")

    @cached_property
    def event_name_words(self) -> frozenset[str]:
        """The single words of `event_name_phrases` ("tham", "vấn"), which may open a gathering's name."""
        return frozenset(w for phrase in self.event_name_phrases for w in phrase.split())

    @cached_property
    def copulas(self) -> tuple[str, ...]:
        """The copula closing each of `copula_openers` (" là "), as written before a noun."""
        return tuple(dict.fromkeys(f" {o.split()[-1]} " for o in self.copula_openers))

    @cached_property
    def title_labels(self) -> dict[str, frozenset[str]]:
        """Each title's Vietnamese labels, lowercase ("hai nghị sĩ" names those who hold one)."""
        return {tid: frozenset(v.lower() for v in t.vi) for tid, t in self.titles.items()}

    @cached_property
    def anaphor_regex(self) -> re.Pattern | None:
        """The anaphora of events.yaml and "hai" before every title ("hai Phó Chủ tịch"), as one
        lowercase pattern grouped by first word (built once: every article's detector reads it)."""
        phrases = dict.fromkeys([a.lower() for a in self.anaphora]
                                + [f"hai {v.lower()}" for t in self.titles.values() for v in t.vi])
        return re.compile(_by_first_word(phrases)) if phrases else None

    @cached_property
    def chaired_by_anaphor_regex(self) -> re.Pattern | None:
        """"do hai Bộ trưởng đồng chủ trì" after an event's noun: an anaphor named as its chairs."""
        # "đồng chủ trì", "chủ trì" ("phiên thứ hai, cũng do hai ông chủ trì, …"), …
        chairs = list(dict.fromkeys(c.rstrip(".") for c in self.chaired_by if not c.endswith(" của")))
        if self.anaphor_regex is None or not chairs:
            return None
        return re.compile(rf"(?<!\w)do (?:{self.anaphor_regex.pattern})\s+(?:cùng\s+)?(?:{alternation(chairs)})(?!\w)")

    @cached_property
    def super_attending_regex(self) -> re.Pattern | None:
        """"nhân dịp hai nhà lãnh đạo dự " ending the (lowercased) clause before an event's noun:
        the event named is the one they attended (a super-event); group "anaphor" is set when
        an anaphor, not a pronoun, says who."""
        if not self.super_event_attending_leads or not self.super_event_attending_verbs:
            return None
        anaphor = rf"(?P<anaphor>{self.anaphor_regex.pattern})|" if self.anaphor_regex else ""
        # ("nhân dịp ông sang Việt Nam dự …": where one travelled to attend may stand between)
        return re.compile(rf"(?<!\w)(?:{alternation(self.super_event_attending_leads)})\s+"
                          rf"(?:{anaphor}{alternation(self.pronoun_subjects)})\s+(?:cùng\s+)?"
                          rf"(?:(?:{alternation(self.travel_prepositions)})(?:\s+[^\s,.;]+){{1,3}}\s+)?"
                          rf"(?:{alternation(self.super_event_attending_verbs)})[\s,]*$")

    @cached_property
    def separately_regex(self) -> re.Pattern | None:
        """" riêng với" right after an event's verb or noun: one event with each of those named."""
        if not self.separately_words:
            return None
        return re.compile(rf"\s+(?:{alternation(self.separately_words)})\s+với\b", re.IGNORECASE)

    @cached_property
    def counted_regex(self) -> re.Pattern | None:
        """"hai cuộc ", "4 cuộc ", "các cuộc " ending the text before an event's noun: events
        counted, several at once."""
        if not self.separately_counts:
            return None
        return re.compile(rf"(?<!\w)(?:\d+|{alternation(self.separately_counts)})\s+"
                          rf"(?:(?:{alternation(self.event_classifiers)})\s+)?$", re.IGNORECASE)

    @cached_property
    def series_objects_regex(self) -> re.Pattern | None:
        """"song phương", "với các" in or right after an event's noun: with several, none named."""
        return _words_regex(self.series_objects)

    @cached_property
    def series_regex(self) -> re.Pattern | None:
        """A word announcing a series of events of one kind ("lần lượt tiếp từng Đại sứ")."""
        return _words_regex(self.series_markers)

    @cached_property
    def relative_clause_regex(self) -> re.Pattern | None:
        """", người [a few words]" ending the text before a verb: the verb is in a relative clause
        on the person named before (", người trực tiếp ký thỏa thuận …")."""
        if not self.relative_markers:
            return None
        return re.compile(rf",\s*(?:{alternation(self.relative_markers)})(?:\s+[^\s,.;:]+){{0,8}}\s*$",
                          re.IGNORECASE)

    @cached_property
    def demonstrative_regex(self) -> re.Pattern | None:
        """A demonstrative right after an event's noun ("Vòng đàm phán này")."""
        if not self.demonstratives:
            return None
        return re.compile(rf"\s+(?:{alternation(self.demonstratives)})(?!\w)", re.IGNORECASE)

    def world_region(self, pid: str | None) -> bool:
        """Whether a gazetteer place is a region of the world, in no country ("Bắc Mỹ")."""
        place = self.places.get(pid or "")
        return place is not None and place.kind == "region" and place.country is None

    def country_of_place(self, pid: str | None) -> str | None:
        """The country a gazetteer place lies in (None for a place in no gazetteer)."""
        place = self.places.get(pid or "")
        return place.country if place is not None else None


def _words_regex(words) -> re.Pattern | None:
    """Any of ``words`` as whole words, case aside (None for no words)."""
    return re.compile(rf"(?<!\w)(?:{alternation(words)})(?!\w)", re.IGNORECASE) if words else None


def alternation(words) -> str:
    """Words as one regex alternation, each escaped, longest first (so "riêng rẽ" is tried before
    "riêng")."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _weekday_regex(dates: dict) -> re.Pattern | None:
    """The day-of-week pattern of dates.yaml: its lead, the day's name with the capital it is
    written with (its first letter either case), perhaps a week word, and no day after it."""
    names = list(_mapping(dates.get("weekdays")))
    if not names:
        return None
    def written(name: str) -> str:
        first, rest = name[0], name[1:]
        return f"[{first.upper()}{first.lower()}](?-i:{re.escape(rest)})"
    weeks = alternation(_mapping(dates.get("weeks")))
    return re.compile(rf"{dates.get('weekday_lead', '')}(?P<weekday>{'|'.join(written(n) for n in names)})"
                      rf"(?:\s+(?P<week>{weeks}))?(?!\s*,?\s*\(?\d)(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=4)
def load_rulebook(directory: str | Path | None = None) -> Rulebook:
    """Load, check and index every rule file in ``directory``.

    The default is ``$KG_RULES`` when set (an analyst's own copy of the rules), else the
    rules bundled with the package.
    """
    chosen = directory or os.environ.get("KG_RULES") or RULES_DIR
    return _Loader(Path(chosen)).load()


# --------------------------------------------------------------------------- loading

def _outlet_alternation(publishers: dict[str, Publisher]) -> str:
    """Every outlet's name, aliases and short name ("Tuổi Trẻ" of "Báo Tuổi Trẻ") as one
    alternation, longest first."""
    names = {n for p in publishers.values() for written in (p.vi, *p.aliases)
             for n in (written, written.removeprefix("Báo "))}
    return f"(?:{alternation(names)})"


def _by_first_word(phrases) -> str:
    """An alternation of phrases grouped by their first word, longest first ("hai (?:bộ
    trưởng|bên|…)"), so that a search tries each first word once, not every phrase."""
    rests: dict[str, list[str]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        first, _, rest = phrase.partition(" ")
        rests.setdefault(first, []).append(rest)
    parts = []
    for first, more in rests.items():
        tails = "|".join(re.escape(r) for r in more if r)
        tail = rf"(?:\s+(?:{tails}))" if tails else ""
        parts.append(re.escape(first) + (tail + "?" if tails and "" in more else tail))
    return "|".join(parts)


def _mapping(value) -> dict:
    """A rule file's mapping without the line number the YAML loader records in it (an absent
    mapping is empty)."""
    return {k: v for k, v in (value or {}).items() if k != "__line__"}


def _number_words(section: dict, key: str, where: str) -> dict[str, int]:
    """A rule file's table of number words ("tám": 8), lowercased."""
    if not isinstance(section.get(key) or {}, dict):
        raise RuleError(f"{key} must be a mapping of words to numbers", where)
    table = _mapping(section.get(key))
    out = {}
    for word, value in table.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise RuleError(f"{key}: {word!r} must name a whole number of 1 or more", where,
                            (section.get(key) or {}).get("__line__"))
        out[str(word).lower()] = value
    return out


def _lower(words) -> tuple[str, ...]:
    """A rule file's list of words, lowercased for matching (an absent list is empty)."""
    return tuple(w.lower() for w in words or ())


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A YAML loader that remembers the line of every mapping (as ``__line__``); it parses
    with libyaml where PyYAML has it (every rule file is read on every run)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    seen: dict[object, int] = {}
    for key_node, _ in node.value:   # YAML keeps the last of two equal keys, silently: refuse them
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (str, int, float, bool)) and key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first at line {seen[key]})", key_node.start_mark)
        if isinstance(key, (str, int, float, bool)):
            seen[key] = key_node.start_mark.line + 1
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

# Nested unbounded quantifiers such as (a+)+ or (?:x*)* backtrack catastrophically.
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*](?:[^()\\]|\\.)*\)[+*]|\((?:[^()\\]|\\.)*[+*](?:[^()\\]|\\.)*\)\{\d*,\}")


class _Loader:
    def __init__(self, directory: Path):
        self.dir = directory
        self.seen_aliases: dict[tuple[str, str], tuple[str, int]] = {}

    # -- file readers

    def _path(self, name: str) -> Path:
        path = self.dir / name
        if not path.is_file():
            raise RuleError("rule file is missing", str(path))
        return path

    def _yaml(self, name: str) -> dict:
        path = self._path(name)
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise RuleError(f"malformed YAML: {problem}", str(path),
                            mark.line + 1 if mark else None) from None
        except UnicodeDecodeError:
            raise RuleError("not UTF-8 text", str(path)) from None
        if not isinstance(data, dict):
            raise RuleError("expected a mapping at the top level", str(path), 1)
        return data

    def _jsonl(self, name: str) -> list[tuple[int, dict]]:
        path = self._path(name)
        rows = []
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            raise RuleError("not UTF-8 text", str(path)) from None
        for number, line in enumerate(lines, 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RuleError(f"malformed JSON: {exc.msg} (column {exc.colno})", str(path), number) from None
            if not isinstance(obj, dict):
                raise RuleError("each line must be a JSON object", str(path), number)
            rows.append((number, obj))
        return rows

    # -- field checks

    @staticmethod
    def _req(obj: dict, key: str, typ: type | tuple, where: str, line: int | None) -> Any:
        if key not in obj:
            raise RuleError(f"missing required field {key!r}", where, line)
        value = obj[key]
        if not isinstance(value, typ):
            raise RuleError(f"field {key!r} must be {_type_name(typ)}, not {type(value).__name__}", where, line)
        if isinstance(value, str) and not value.strip():
            raise RuleError(f"field {key!r} is empty", where, line)
        return value

    @staticmethod
    def _org_kind(obj: dict, key: str, where: str, line: int | None) -> str:
        kind = obj.get(key) or ""
        if kind and kind not in ORG_KINDS:
            raise RuleError(f"unknown organisation kind {kind!r} in {key!r}", where, line)
        return kind

    @staticmethod
    def _opt_list(obj: dict, key: str, where: str, line: int | None) -> tuple[str, ...]:
        value = obj.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RuleError(f"field {key!r} must be a list of strings", where, line)
        return tuple(v for v in value if v.strip())

    def _regex(self, pattern: Any, where: str, line: int | None, flags: int = re.IGNORECASE) -> re.Pattern:
        if not isinstance(pattern, str) or not pattern:
            raise RuleError("pattern must be a non-empty string", where, line)
        if _NESTED_QUANTIFIER.search(pattern):
            raise RuleError(f"pattern {pattern!r} nests unbounded repeats and can backtrack "
                            "catastrophically on long input", where, line)
        try:
            return compile_gated(pattern, flags)
        except re.error as exc:
            raise RuleError(f"pattern does not compile: {exc}", where, line) from None

    def _unique_id(self, ids: dict, entry_id: str, where: str, line: int | None) -> None:
        if not re.fullmatch(r"[a-z0-9][a-z0-9_\-]*", entry_id):
            raise RuleError(f"id {entry_id!r} must be lowercase ASCII letters, digits and hyphens", where, line)
        if entry_id in ids:
            raise RuleError(f"duplicate id {entry_id!r}", where, line)

    def _alias(self, kind: str, surface: str, entry_id: str, where: str, line: int | None) -> None:
        key = (kind, match_key(surface))
        owner = self.seen_aliases.get(key)
        if owner and owner[0] != entry_id:
            raise RuleError(f"alias {surface!r} is already used by {owner[0]!r} (line {owner[1]})", where, line)
        self.seen_aliases[key] = (entry_id, line or 0)

    # -- the files

    def load(self) -> Rulebook:
        countries = self._countries()
        places = self._places(countries)
        portfolios = self._portfolios()
        organisations = self._organisations(countries, portfolios)
        titles_data = self._yaml("titles.yaml")
        titles, implied_kinds = self._titles(titles_data, organisations, countries)
        jurisdictions, jurisdiction_of_place_kind = self._jurisdictions(titles_data)
        delegation = titles_data.get("delegation") or {}
        qualifiers, fillers = self._qualifiers()
        people = self._people(countries)
        publishers = self._publishers()
        topics = self._topics()
        events = self._yaml("events.yaml")
        event_types, triggers, not_events, proposals, absences = self._events(events, publishers)
        dates = self._yaml("dates.yaml")
        date_patterns, relative, reporting = self._dates(dates)
        ewhere, dwhere = str(self.dir / "events.yaml"), str(self.dir / "dates.yaml")
        attendance_nouns = {k.lower(): v for k, v in _mapping(events.get("attendance_nouns")).items()}
        for noun, kind in attendance_nouns.items():
            if kind not in event_types:
                raise RuleError(f"attendance noun {noun!r} names unknown event kind {kind!r}", ewhere,
                                (events.get("attendance_nouns") or {}).get("__line__"))
        settings = {"parts_take_place": (bool, True), "series_reach": (int, 10), "recollection_days": (int, 7)}
        for key, (kind, default) in settings.items():
            value = events.get(key, default)
            if not isinstance(value, kind) or kind is int and (isinstance(value, bool) or value < 0):
                raise RuleError(f"{key!r} must be " + ("true or false" if kind is bool else "a whole number of 0 or more"),
                                ewhere)
        ordinal_words = _number_words(events, "ordinal_words", ewhere)
        count_words = {**ordinal_words, **_number_words(events, "count_words", ewhere)}
        agreements, nouns, levels = self._agreements(countries)
        noise = self._yaml("noise.yaml")
        names = self._yaml("names.yaml")
        where = str(self.dir / "noise.yaml")
        credits = [self._regex(self._req(p, "pattern", str, where, p.get("__line__")), where, p.get("__line__"), 0)
                   for p in noise.get("photo_credits", [])]
        book = Rulebook(
            directory=self.dir, countries=countries, places=places, organisations=organisations,
            portfolios=portfolios, titles=titles, qualifiers=qualifiers, people=people,
            publishers=publishers, topics=topics, event_types=event_types, triggers=triggers,
            not_events=not_events, proposals=proposals, absences=absences,
            super_event_markers=tuple(events.get("super_event_markers", [])),
            super_event_attending_leads=_lower(events.get("super_event_attending_leads")),
            super_event_attending_verbs=_lower(events.get("super_event_attending_verbs")),
            came_to_attend=_lower(events.get("came_to_attend")),
            partaking_at=self._regex(events.get("partaking_at", "(?!)"), ewhere, None),
            continuation_markers=tuple(events.get("continuation_markers") or ()),
            series_markers=tuple(events.get("series_markers") or ()),
            thanking_verbs=_lower(events.get("thanking_verbs")),
            separately_words=_lower(events.get("separately_words")),
            separately_counts=_lower(events.get("separately_counts")),
            witness_markers=_lower(events.get("witness_markers")),
            signed_by=self._regex(events.get("signed_by", "(?!)"), ewhere, None),
            witness_verbs=_lower(events.get("witness_verbs")),
            continuation_blockers=_lower(events.get("continuation_blockers")),
            flashback_markers=_lower(events.get("flashback_markers")),
            planned_in_clause=_lower(events.get("planned_in_clause")),
            place_introducers=_lower(events.get("place_introducers")),
            place_lead_words=tuple(tuple(w.lower().split()) for w in events.get("place_lead_words") or ()),
            place_mint_words=tuple(tuple(w.lower().split()) for w in events.get("place_mint_words") or ()),
            venue_name_enders=_lower(events.get("venue_name_enders")),
            copula_openers=_lower(events.get("copula_openers")),
            travel_verbs=_lower(events.get("travel_verbs")),
            visit_sites=_lower(events.get("visit_sites")),
            visit_site_quantifiers=_lower(events.get("visit_site_quantifiers")),
            travel_prepositions=_lower(events.get("travel_prepositions")),
            venue_reach=int(events.get("venue_reach", 10_000)),
            venue_verbs=_lower(events.get("venue_verbs")),
            sideline=_mapping(events.get("sideline")),
            date_patterns=date_patterns, relative_dates=relative, reporting_context=reporting,
            same_day=self._regex(dates.get("same_day", "(?!)"), dwhere, None),
            reported_after=self._regex(dates["reported_after"], dwhere, None) if dates.get("reported_after") else None,
            past_after=self._regex(dates["past_after"], dwhere, None) if dates.get("past_after") else None,
            event_clause=self._regex(dates["event_clause"], dwhere, None) if dates.get("event_clause") else None,
            closing_after_days=self._regex(dates["closing_after_days"], dwhere, None)
            if dates.get("closing_after_days") else None,
            weekday=_weekday_regex(dates),
            weekdays={k.lower(): int(v) for k, v in _mapping(dates.get("weekdays")).items()},
            weeks={k.lower(): int(v) for k, v in _mapping(dates.get("weeks")).items()},
            dayparts=dict(sorted(((str(k).lower(), str(v)) for k, v in _mapping(dates.get("dayparts")).items()),
                                 key=lambda kv: -len(kv[0]))),
            occasion=self._regex(dates.get("occasion", "(?!)"), dwhere, None),
            next_day=self._regex(dates.get("next_day", "(?!)"), dwhere, None),
            attendance=self._regex(events.get("attendance", "(?!)"), ewhere, None),
            delegation_heads=self._regex(events.get("delegation_heads", "(?!)"), ewhere, None),
            delegation_heads_after_name=self._regex(events.get("delegation_heads_after_name", "(?!)"), ewhere, None),
            sides_led_by=self._regex(events.get("sides_led_by", "(?!)"), ewhere, None),
            delegation_members=self._regex(events.get("delegation_members", "(?!)"), ewhere, None),
            companions=self._regex(events.get("companions", "(?!)"), ewhere, None),
            delegation_composition=self._regex(events.get("delegation_composition", "(?!)"), ewhere, None),
            attendance_nouns=attendance_nouns,
            pronoun_subjects=_lower(events.get("pronoun_subjects")),
            fellow_visitor_words=_lower(events.get("fellow_visitor_words")),
            delegation_subjects=_lower(events.get("delegation_subjects")),
            subject_fillers=_lower(events.get("subject_fillers")),
            agreeing_verbs=_lower(events.get("agreeing_verbs")),
            planned_markers=_lower(events.get("planned_markers")),
            online_markers=_lower(events.get("online_markers")),
            planned_before=_lower(events.get("planned_before")),
            scheduled_words=_lower(events.get("scheduled_words")),
            speaking_verbs=_lower(events.get("speaking_verbs")),
            framework_kinds=tuple(self._org_kind({"framework_kinds": k}, "framework_kinds", ewhere, None)
                                  for k in events.get("framework_kinds") or ()),
            chaired_by=_lower(events.get("chaired_by")),
            anaphora=tuple(events.get("anaphora") or ()),
            counterpart_words=tuple(events.get("counterpart_words") or ()),
            after_markers=tuple(events.get("after_markers") or ()),
            before_markers=tuple(events.get("before_markers") or ()),
            reporting_verbs=_lower(events.get("reporting_verbs")),
            source_markers=_lower(events.get("source_markers")),
            partaking_verbs=_lower(events.get("partaking_verbs")),
            post_words=_lower(events.get("post_words")),
            not_letters=_lower(events.get("not_letters")),
            object_nouns=_lower(events.get("object_nouns")),
            attendance_of_all=_lower(events.get("attendance_of_all")),
            session_nouns=_lower(events.get("session_nouns")),
            welcoming_verbs=_lower(events.get("welcoming_verbs")),
            greeting_markers=_lower(events.get("greeting_markers")),
            relative_markers=_lower(events.get("relative_markers")),
            demonstratives=_lower(events.get("demonstratives")),
            series_objects=_lower(events.get("series_objects")),
            series_openers=_lower(events.get("series_openers")),
            series_reach=events.get("series_reach", 10),
            parts_take_place=events.get("parts_take_place", True),
            leading_verbs=_lower(events.get("leading_verbs")),
            remote_openers=_lower(events.get("remote_openers")),
            recollection_days=events.get("recollection_days", 7),
            ordinal_words=ordinal_words,
            count_words=count_words,
            anaphora_owners=_lower(events.get("anaphora_owners")),
            event_name_phrases=frozenset(_lower(events.get("event_name_words"))),
            event_classifiers=_lower(events.get("event_classifiers")),
            not_participant_markers=tuple(events.get("not_participant_markers") or ()),
            between_markers=_lower(events.get("between_markers")),
            agreements=agreements, agreement_nouns=nouns, partnership_levels=levels,
            photo_credits=credits, byline_max_words=int(noise.get("byline_max_words", 6)),
            outlet_lead=self._regex(noise.get("outlet_lead", r"\A(?!)"), where, None, 0),
            honorifics=tuple(names.get("honorifics", [])),
            vietnamese_surnames=frozenset(names.get("vietnamese_surnames", [])),
            name_particles=frozenset(names.get("name_particles", [])),
            not_name_words=frozenset(names.get("not_name_words", [])) | frozenset(names.get("company_name_words", [])),
            company_name_words=frozenset(names.get("company_name_words", [])),
            implied_kinds=implied_kinds,
            delegation_nouns=_lower(delegation.get("nouns")), delegation_by=_lower(delegation.get("by")),
            member_of=_lower(titles_data.get("member_of")),
            side_words=_lower(titles_data.get("side_words")),
            jurisdictions=jurisdictions, jurisdiction_of_place_kind=jurisdiction_of_place_kind, title_fillers=fillers,
            capitalised_org_kinds=frozenset(names.get("capitalised_org_kinds", [])),
            title_in_name_words=frozenset(names.get("title_in_name_words", [])),
            spouse_words=frozenset(w.lower() for w in names.get("spouse_words", [])),
            plural_words=frozenset(w.lower() for w in names.get("plural_words", [])),
        )
        self._index(book)
        return book

    def _countries(self) -> dict[str, Country]:
        where = str(self.dir / "countries.jsonl")
        out: dict[str, Country] = {}
        for line, obj in self._jsonl("countries.jsonl"):
            cid = self._req(obj, "id", str, where, line)
            self._unique_id(out, cid, where, line)
            c = Country(cid, self._req(obj, "vi", str, where, line), self._req(obj, "en", str, where, line),
                        self._opt_list(obj, "aliases", where, line), self._opt_list(obj, "en_aliases", where, line),
                        self._opt_list(obj, "demonyms", where, line),
                        obj.get("case", "exact") == "exact", bool(obj.get("is_union")))
            for s in {c.vi, *c.aliases, *c.en_aliases, c.en}:
                self._alias("country", s, cid, where, line)
            out[cid] = c
        return out

    def _places(self, countries: dict) -> dict[str, Place]:
        where = str(self.dir / "places.jsonl")
        out: dict[str, Place] = {}
        for line, obj in self._jsonl("places.jsonl"):
            pid = self._req(obj, "id", str, where, line)
            self._unique_id(out, pid, where, line)
            country = obj.get("country")
            if country is not None and country not in countries:
                raise RuleError(f"unknown country {country!r}", where, line)
            aliases = self._opt_list(obj, "aliases", where, line)
            # ("TP. Hải Phòng" is also written "TP.Hải Phòng")
            aliases = tuple(dict.fromkeys([*aliases, *(a.replace(". ", ".", 1) for a in aliases
                                                        if a.startswith(("TP. ", "Tp. ")))]))
            p = Place(pid, self._req(obj, "vi", str, where, line), obj.get("en") or obj["vi"],
                      aliases, country, obj.get("kind", "city"))
            for s in {p.vi, *p.aliases}:
                self._alias("place", s, pid, where, line)
            out[pid] = p
        return out

    def _portfolios(self) -> dict[str, Portfolio]:
        data = self._yaml("portfolios.yaml")
        where = str(self.dir / "portfolios.yaml")
        out: dict[str, Portfolio] = {}
        for obj in data.get("portfolios") or []:
            line = obj.get("__line__")
            pid = self._req(obj, "id", str, where, line)
            self._unique_id(out, pid, where, line)
            vi = self._opt_list(obj, "vi", where, line)
            if not vi:
                raise RuleError("field 'vi' must list at least one surface form", where, line)
            for s in vi:
                self._alias("portfolio", s, pid, where, line)
            out[pid] = Portfolio(pid, vi, self._req(obj, "en", str, where, line))
        return out

    def _organisations(self, countries: dict, portfolios: dict) -> dict[str, Organisation]:
        where = str(self.dir / "organisations.jsonl")
        out: dict[str, Organisation] = {}
        lines: dict[str, int] = {}
        for line, obj in self._jsonl("organisations.jsonl"):
            oid = self._req(obj, "id", str, where, line)
            self._unique_id(out, oid, where, line)
            kind = obj.get("kind", "agency")
            if kind not in ORG_KINDS:
                raise RuleError(f"unknown organisation kind {kind!r} (one of: {', '.join(sorted(ORG_KINDS))})", where, line)
            country = obj.get("country")
            if country is not None and country not in countries:
                raise RuleError(f"unknown country {country!r}", where, line)
            portfolio = obj.get("portfolio")
            if portfolio is not None and portfolio not in portfolios:
                raise RuleError(f"unknown portfolio {portfolio!r} (see portfolios.yaml)", where, line)
            o = Organisation(oid, self._req(obj, "vi", str, where, line), obj.get("en") or obj["vi"],
                             self._opt_list(obj, "aliases", where, line), self._opt_list(obj, "acronyms", where, line),
                             kind, portfolio, country, obj.get("parent"))
            for s in {o.vi, *o.aliases, *o.acronyms}:
                self._alias("org", s, oid, where, line)
            out[oid] = o
            lines[oid] = line
        for oid, o in out.items():
            if o.parent is not None and o.parent not in out:
                raise RuleError(f"unknown parent organisation {o.parent!r}", where, lines[oid])
        return out

    def _titles(self, data: dict, organisations: dict, countries: dict) -> tuple[dict[str, Title], dict]:
        where = str(self.dir / "titles.yaml")
        out: dict[str, Title] = {}
        for obj in data.get("titles") or []:
            line = obj.get("__line__")
            tid = self._req(obj, "id", str, where, line)
            self._unique_id(out, tid, where, line)
            implies = _mapping(obj.get("implies"))
            if "organisation" in implies and implies["organisation"] not in organisations:
                raise RuleError(f"unknown organisation {implies['organisation']!r} in 'implies'", where, line)
            if "by_country" in implies:
                implies["by_country"] = _mapping(implies["by_country"])
            for cc, oid in (implies.get("by_country") or {}).items():
                if cc not in countries or oid not in organisations:
                    raise RuleError(f"unknown country or organisation in 'by_country': {cc!r} → {oid!r}", where, line)
            vi = self._opt_list(obj, "vi", where, line)
            if not vi:
                raise RuleError("field 'vi' must list at least one surface form", where, line)
            for s in vi:
                self._alias("title", s, tid, where, line)
            out[tid] = Title(tid, vi, self._req(obj, "en", str, where, line), bool(obj.get("deputy")),
                             obj.get("broader"), implies, bool(obj.get("for_country")), bool(obj.get("needs_org")),
                             self._opt_list(obj, "labels", where, line), bool(obj.get("implies_needs_country")),
                             bool(obj.get("governs")), self._org_kind(obj, "names_org_kind", where, line),
                             bool(obj.get("mission_rank")))
        for tid, t in out.items():
            if t.broader and t.broader not in out:
                raise RuleError(f"title {tid!r} has unknown broader title {t.broader!r}", where)
        # Compose modifiers ("Phó" + title) for every title without an explicit entry of that form,
        # and for the titles the modifiers before composed ("Phó Trợ lý Bộ trưởng").
        for mod in data.get("modifiers") or []:
            bases = list(out.values())
            line = mod.get("__line__")
            prefix = self._req(mod, "prefix", str, where, line)
            for base in bases:
                new_id = mod["id"].format(id=base.id)
                forms = tuple(f"{prefix} {form}" for form in base.vi
                              if ("title", match_key(f"{prefix} {form}")) not in self.seen_aliases)
                if not forms:
                    continue
                if new_id in out:   # "Phó Bộ trưởng" is another name of the existing deputy-minister
                    existing = out[new_id]
                    for s in forms:
                        self._alias("title", s, new_id, where, line)
                    out[new_id] = dataclasses.replace(existing, vi=existing.vi + forms)
                    continue
                for s in forms:
                    self._alias("title", s, new_id, where, line)
                out[new_id] = Title(new_id, forms, mod["en"].format(en=base.en),
                                    bool(mod.get("deputy")) or base.deputy, base.id, base.implies,
                                    base.for_country, base.needs_org,
                                    tuple(f"{prefix} {x}" for x in base.labels), base.implies_needs_country,
                                    base.governs, base.names_org_kind, base.mission_rank)
        kinds = {k: _mapping(v) for k, v in _mapping(data.get("implied_kinds")).items()}
        return out, kinds

    def _jurisdictions(self, data: dict) -> tuple[dict[str, str], dict[str, str]]:
        """titles.yaml's jurisdiction words ("tỉnh" → "Province"), and the word for each kind of
        gazetteer place ("city" → "thành phố")."""
        where = str(self.dir / "titles.yaml")
        words, by_place_kind = {}, {}
        for obj in data.get("jurisdictions") or []:
            line = obj.get("__line__")
            vi = self._req(obj, "vi", str, where, line).lower()
            words[vi] = self._req(obj, "en", str, where, line)
            if obj.get("place_kind"):
                by_place_kind[obj["place_kind"]] = vi
        # longest first, so that "tỉnh bang" is read before "tỉnh" (see tokens.written_at)
        return dict(sorted(words.items(), key=lambda kv: -len(kv[0]))), by_place_kind

    def _qualifiers(self) -> tuple[dict[str, Qualifier], tuple[str, ...]]:
        data = self._yaml("qualifiers.yaml")
        where = str(self.dir / "qualifiers.yaml")
        out: dict[str, Qualifier] = {}
        for obj in data.get("qualifiers") or []:
            line = obj.get("__line__")
            qid = self._req(obj, "id", str, where, line)
            if qid not in {"acting", "former", "deputy", "designate"}:
                raise RuleError(f"unknown qualifier {qid!r}: the ontology defines acting, former, deputy, designate", where, line)
            self._unique_id(out, qid, where, line)
            out[qid] = Qualifier(qid, self._req(obj, "en", str, where, line), self._req(obj, "vi", str, where, line),
                                 self._opt_list(obj, "before", where, line), self._opt_list(obj, "after", where, line),
                                 bool(obj.get("ends_role")),
                                 _lower(self._opt_list(obj, "not_after", where, line)))
        return out, self._opt_list(data, "fillers", where, None)

    def _people(self, countries: dict) -> dict[str, KnownPerson]:
        where = str(self.dir / "people.jsonl")
        out: dict[str, KnownPerson] = {}
        for line, obj in self._jsonl("people.jsonl"):
            pid = self._req(obj, "id", str, where, line)
            self._unique_id(out, pid, where, line)
            country = obj.get("country")
            if country is not None and country not in countries:
                raise RuleError(f"unknown country {country!r}", where, line)
            p = KnownPerson(pid, self._req(obj, "name", str, where, line), self._opt_list(obj, "aliases", where, line),
                            obj.get("en", ""), country, obj.get("order", "given-first"))
            for s in {p.name, *p.aliases}:
                self._alias("person", s, pid, where, line)
            out[pid] = p
        return out

    def _publishers(self) -> dict[str, Publisher]:
        where = str(self.dir / "publishers.jsonl")
        out: dict[str, Publisher] = {}
        for line, obj in self._jsonl("publishers.jsonl"):
            pid = self._req(obj, "id", str, where, line)
            self._unique_id(out, pid, where, line)
            p = Publisher(pid, self._req(obj, "vi", str, where, line), obj.get("en") or obj["vi"],
                          self._opt_list(obj, "aliases", where, line), obj.get("url", ""))
            for s in {p.vi, *p.aliases}:
                self._alias("publisher", s, pid, where, line)
            out[pid] = p
        return out

    def _topics(self) -> dict[str, Topic]:
        data = self._yaml("topics.yaml")
        where = str(self.dir / "topics.yaml")
        out: dict[str, Topic] = {}
        for obj in data.get("topics") or []:
            line = obj.get("__line__")
            tid = self._req(obj, "id", str, where, line)
            self._unique_id(out, tid, where, line)
            t = Topic(tid, self._req(obj, "en", str, where, line), self._req(obj, "vi", str, where, line),
                      self._opt_list(obj, "alt", where, line), obj.get("broader"))
            for s in {t.vi, *t.alt}:
                self._alias("topic", s, tid, where, line)
            out[tid] = t
        for tid, t in out.items():
            if t.broader and t.broader not in out:
                raise RuleError(f"topic {tid!r} has unknown broader topic {t.broader!r}", where)
        return out

    def _events(self, data: dict, publishers: dict[str, Publisher]) -> tuple[dict, list, list, list, list]:
        where = str(self.dir / "events.yaml")
        types: dict[str, EventType] = {}
        for key, obj in _mapping(data.get("types")).items():
            line = obj.get("__line__")
            cls = self._req(obj, "class", str, where, line)
            if cls not in _EVENT_CLASSES:
                raise RuleError(f"unknown ontology class nkg:{cls} (one of: {', '.join(sorted(_EVENT_CLASSES))})",
                                where, line)
            types[key] = EventType(key, self._req(obj, "class", str, where, line), str(self._req(obj, "cameo", str, where, line)),
                                   self._req(obj, "plover", str, where, line), obj.get("mode", ""),
                                   obj.get("vi", key), obj.get("en", key), bool(obj.get("spans_days")),
                                   bool(obj.get("to_a_country")), tuple(obj.get("mentioned_as") or ()))
        for t in types.values():
            for other in t.mentioned_as:
                if other not in types:
                    raise RuleError(f"event type {t.id}: mentioned_as names no event type {other!r}", where,
                                    (data["types"].get(t.id) or {}).get("__line__"))
        triggers = []
        for obj in data.get("triggers") or []:
            line = obj.get("__line__")
            kind = self._req(obj, "kind", str, where, line)
            if kind not in types:
                raise RuleError(f"unknown event kind {kind!r}", where, line)
            needs = obj.get("needs", "participant")
            if needs not in {"counterpart", "named", "participant", "nothing", "destination", "told"}:
                raise RuleError(f"'needs' must be counterpart, named, participant, destination, told or nothing, "
                                f"not {needs!r}", where, line)
            participants = obj.get("participants", "sentence")
            if participants not in {"sentence", "visitor", "body", "none"}:
                raise RuleError(f"'participants' must be sentence, visitor, body or none, not {participants!r}",
                                where, line)
            regex = self._regex(self._req(obj, "pattern", str, where, line), where, line)
            trig = Trigger(self._req(obj, "id", str, where, line), kind, regex, needs, participants,
                           bool(obj.get("refers_back")))
            for example in obj.get("examples") or []:
                if not regex.search(example):
                    raise RuleError(f"trigger {trig.id!r} does not match its own example {example!r}", where, line)
            triggers.append(trig)
        outlets = _outlet_alternation(publishers)   # "{publisher}" in a pattern: any outlet's name
        not_events = [self._regex(self._req(o, "pattern", str, where, o.get("__line__")).replace("{publisher}", outlets),
                                  where, o.get("__line__"))
                      for o in data.get("not_events") or []]
        proposals = [regex for o, regex in zip(data.get("not_events") or [], not_events) if o.get("proposal")]
        absences = [regex for o, regex in zip(data.get("not_events") or [], not_events) if o.get("absent")]
        return types, triggers, not_events, proposals, absences

    def _dates(self, data: dict) -> tuple[list, list, re.Pattern]:
        where = str(self.dir / "dates.yaml")
        patterns = []
        for obj in data.get("patterns") or []:
            line = obj.get("__line__")
            regex = self._regex(self._req(obj, "pattern", str, where, line), where, line)
            if "month" not in regex.groupindex:
                raise RuleError("a date pattern needs a (?P<month>…) group", where, line)
            for example in obj.get("examples") or []:
                if not regex.search(example):
                    raise RuleError(f"date pattern {obj.get('id')!r} does not match its own example {example!r}", where, line)
            patterns.append(DatePattern(self._req(obj, "id", str, where, line), regex, obj.get("precision", "day")))
        relative = []
        for obj in data.get("relative") or []:
            line = obj.get("__line__")
            relative.append((self._regex(self._req(obj, "pattern", str, where, line), where, line),
                             int(self._req(obj, "days", int, where, line))))
        reporting = self._regex(data.get("reporting_context", r"(?!)"), where, None)
        return patterns, relative, reporting

    def _agreements(self, countries: dict) -> tuple[dict, tuple, dict]:
        data = self._yaml("agreements.yaml")
        where = str(self.dir / "agreements.yaml")
        out: dict[str, Agreement] = {}
        for obj in data.get("agreements") or []:
            line = obj.get("__line__")
            aid = self._req(obj, "id", str, where, line)
            self._unique_id(out, aid, where, line)
            parties = self._opt_list(obj, "parties", where, line)
            for p in parties:
                if p not in countries:
                    raise RuleError(f"unknown country {p!r} in parties", where, line)
            a = Agreement(aid, self._req(obj, "vi", str, where, line), self._req(obj, "en", str, where, line),
                          self._opt_list(obj, "aliases", where, line), parties)
            for s in {a.vi, *a.aliases}:
                self._alias("agreement", s, aid, where, line)
            out[aid] = a
        levels: dict[str, PartnershipLevel] = {}
        for obj in data.get("partnership_levels") or []:
            line = obj.get("__line__")
            lid = self._req(obj, "id", str, where, line)
            self._unique_id(levels, lid, where, line)
            vi = self._opt_list(obj, "vi", where, line)
            for s in vi:
                self._alias("partnership", s, lid, where, line)
            levels[lid] = PartnershipLevel(lid, vi, self._req(obj, "en", str, where, line))
        return out, tuple(data.get("agreement_nouns") or ()), levels

    # -- indexes

    def _index(self, book: Rulebook) -> None:
        ph = book.phrases
        for c in book.countries.values():
            for s in {c.vi, *c.aliases, *c.en_aliases}:
                ph.add(s, "country", c.id, exact_case=c.exact_case)
        for p in book.places.values():
            for s in {p.vi, *p.aliases}:
                ph.add(s, "place", p.id, exact_case=True)
        for o in book.organisations.values():
            for s in _country_variants({o.vi, *o.aliases}, book.countries.get(o.country or "")):
                ph.add(s, "org", o.id, capitalised=o.kind in book.capitalised_org_kinds)
            for s in o.acronyms:
                ph.add(s, "org", o.id, exact_case=True)
            if o.portfolio and o.country and o.kind == "ministry":
                book.ministry_by_portfolio.setdefault((o.portfolio, o.country), o.id)
            if o.country:
                book.org_by_kind.setdefault((o.kind, o.country), o.id)
        for p in book.portfolios.values():
            for s in p.vi:
                ph.add(s, "portfolio", p.id)
        for t in book.titles.values():
            for s in t.vi:
                ph.add(s, "title", t.id)
        for s in book.title_fillers:
            ph.add(s, "filler", s.lower(), exact_case=True)
        for q in book.qualifiers.values():
            for s in q.before:
                ph.add(s, "qualifier", q.id, exact_case=True)
            for s in q.after:
                ph.add(s, "qualifier-after", q.id)
        for p in book.people.values():
            for s in {p.name, *p.aliases}:
                ph.add(s, "person", p.id, exact_case=True)
        for p in book.publishers.values():
            for s in p.aliases:
                ph.add(s, "publisher", p.id, exact_case=True)
        for t in book.topics.values():
            for s in {t.vi, *t.alt}:
                ph.add(s, "topic", t.id, exact_case=s.isupper() and len(s) <= 5)
        for a in book.agreements.values():
            for s in {a.vi, *a.aliases}:
                ph.add(s, "agreement", a.id, exact_case=s.isupper())
        for lvl in book.partnership_levels.values():
            for s in lvl.vi:
                ph.add(s, "partnership", lvl.id)
        for s in book.honorifics:
            ph.add(s, "honorific", s, exact_case=True)
        # (the phrases' trie is built when first matched: a build that extracts nothing,
        # an update that only removes articles, never pays for it)


def _country_variants(names: set[str], country: Country | None) -> set[str]:
    """"Bộ Ngoại giao Hoa Kỳ" is also "Bộ Ngoại giao Mỹ": swap the country's name at the end."""
    if country is None:
        return names
    forms = sorted({country.vi, *country.aliases}, key=len, reverse=True)
    out = set(names)
    for name in names:
        for form in forms:
            if name.endswith(" " + form):
                stem = name[: -len(form)]
                out.update(stem + other for other in forms)
                break
    return out


def _type_name(typ: type | tuple) -> str:
    if isinstance(typ, tuple):
        return " or ".join(t.__name__ for t in typ)
    return {"str": "a string", "list": "a list", "dict": "a mapping", "int": "an integer"}.get(typ.__name__, typ.__name__)
