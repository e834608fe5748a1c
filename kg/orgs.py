"""Resolving organisation mentions: gazetteer entries, ministries by portfolio and
country, organisations a title implies, and organisations named by a pattern."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import RuleError
from .model import Ref
from .phrases import Candidate
from .rulebook import Rulebook
from .text import slugify, vietnamese_word
from .tokens import (
    Item,
    capitalised_run,
    looks_like_acronym,
    one_word_place,
    parenthesised,
    qualifier_syllable,
    written_at,
)


@dataclass(frozen=True)
class OrgPattern:
    nouns: tuple[tuple[str, ...], ...]   # each noun as lowercase word tuples
    kind: str


@dataclass(frozen=True)
class OrgPatterns:
    patterns: tuple[OrgPattern, ...]
    stop_words: frozenset[str]
    place_words: frozenset[str]
    place_kinds: frozenset[str] = frozenset({"local-government"})
    inner_words: frozenset[str] = frozenset()
    enumerated_kinds: frozenset[str] = frozenset()
    compounds: frozenset[str] = frozenset()   # "xã hội": a stop word that ends a noun in a name
    tails: tuple[tuple[str, ...], ...] = ()   # "quốc gia": lowercase words that go on a foreign word too
    spelled_out: dict = field(default_factory=dict, hash=False, compare=False)   # "UBND" → "Ủy ban nhân dân"
    by_first_word: dict = field(default_factory=dict, hash=False, compare=False)
    by_kind: dict = field(default_factory=dict, hash=False, compare=False)   # kind -> nouns, longest first

    def in_compound(self, items: list[Item], k: int, with_next: bool = True) -> bool:
        """Whether the word at ``k`` makes one of the two-syllable ``compounds`` with the word
        before it (or, ``with_next``, after it): "xã hội", "phát triển"."""
        low = items[k].surface.lower()
        return (k > 0 and f"{items[k - 1].surface.lower()} {low}" in self.compounds) \
            or (with_next and k + 1 < len(items) and f"{low} {items[k + 1].surface.lower()}" in self.compounds)

    def spell_out(self, name: str) -> str:
        """A name with its short forms written in full ("UBND TP Cần Thơ" → "Ủy ban nhân dân
        thành phố Cần Thơ"), so that either way of writing it names one node."""
        return " ".join(self.spelled_out.get(w, w) for w in name.split(" "))

    def noun_key(self, noun: str) -> str:
        """A lowercase noun with its short forms in full: "ubnd" and "ủy ban nhân dân" are one."""
        return " ".join(self.spelled_out.get(w.upper(), w).lower() for w in noun.split())

    def __post_init__(self) -> None:
        for pat in self.patterns:
            for noun in pat.nouns:
                self.by_first_word.setdefault(noun[0], []).append((noun, pat))
                self.by_kind.setdefault(pat.kind, []).append(" ".join(noun))
        for nouns in self.by_kind.values():
            nouns.sort(key=len, reverse=True)
        for nouns in self.by_first_word.values():
            nouns.sort(key=lambda x: -len(x[0]))   # longest first

    def noun_at(self, items: list[Item], i: int) -> tuple[OrgPattern, int] | None:
        """The longest organisation noun starting at item ``i``: (pattern, items used)."""
        first = items[i]
        if first.kind == "punct" or not first.surface[:1].isupper():
            return None
        if first.kind == "phrase" and not first.has("title", "portfolio", "topic"):
            return None   # (a portfolio may open a name: "Công an tỉnh Nghệ An")
        # A title can open a longer noun: "Đại sứ" + "quán" is an embassy.
        head = first.surface.lower().split()
        for noun, pat in self.by_first_word.get(head[0], ()):
            if tuple(noun[:len(head)]) != tuple(head) or first.has("title") and len(noun) == len(head):
                continue
            used = _spell(items, i + 1, noun[len(head):])
            if used is not None:
                return pat, 1 + used
        return None


def _spell(items: list[Item], k: int, words: tuple[str, ...]) -> int | None:
    """How many items from ``k`` spell exactly ``words`` (a phrase may stand for several:
    "Phòng" + the portfolio "Thương mại"), or None."""
    n, used = 0, 0
    while n < len(words):
        if k + used >= len(items) or items[k + used].kind == "punct" or items[k + used].has("org", "country"):
            return None
        parts = items[k + used].surface.lower().split()
        if tuple(parts) != tuple(words[n:n + len(parts)]):
            return None
        n += len(parts)
        used += 1
    return used


@lru_cache(maxsize=4)
def load_org_patterns(directory: Path) -> OrgPatterns:
    path = directory / "org_patterns.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleError("rule file is missing", str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RuleError(f"malformed YAML: {getattr(exc, 'problem', exc)}", str(path),
                        mark.line + 1 if mark else None) from None
    spelled_out = data.get("spelled_out") or {}
    if not isinstance(spelled_out, dict):
        raise RuleError("'spelled_out' must map each short form to the words it stands for", str(path))
    pats = []
    for entry in data.get("patterns") or []:
        nouns = tuple(tuple(n.lower().split()) for n in entry.get("nouns") or [])
        if not nouns or "kind" not in entry:
            raise RuleError("each pattern needs 'nouns' and 'kind'", str(path))
        pats.append(OrgPattern(nouns, entry["kind"]))
    return OrgPatterns(tuple(pats), frozenset(data.get("stop_words") or []),
                       frozenset(w.lower() for w in data.get("place_words") or []),
                       frozenset(data.get("place_kinds") or ["local-government"]),
                       frozenset(data.get("inner_words") or []),
                       frozenset(data.get("enumerated_kinds") or []),
                       frozenset(w.lower() for w in data.get("compounds") or []),
                       tuple(tuple(w.lower().split()) for w in data.get("name_tails") or []),
                       {str(k): str(v) for k, v in spelled_out.items()})


#: At most this many items of a committee's remit ("về hợp tác kinh tế, thương mại, …").
_REMIT_ITEMS = 16


class OrgResolver:
    """Turns organisation mentions into :class:`Ref` s, minting nodes where needed."""

    def __init__(self, book: Rulebook):
        self.book = book
        self.patterns = load_org_patterns(book.directory)
        self.minted: dict[str, Ref] = {}
        self.acronyms: dict[str, Ref] = {}   # defined in this article: "Tập đoàn … (FS)"
        self.local_bodies: dict[str, Ref] = {}   # "tỉnh ủy" → the Tỉnh ủy this article named last
        self.named_within: dict[str, list[Ref]] = {}   # an organisation → those its name names
        self.named_bodies: dict[str, Ref] = {}   # "thượng viện" → the "Thượng viện Ba Lan" named last

    # -- references to curated entries

    def org(self, org_id: str) -> Ref:
        if org_id in self.minted:
            return self.minted[org_id]
        o = self.book.organisations[org_id]
        return Ref("org", o.id, o.vi, o.en, o.kind, o.country, o.parent)

    def ancestor_of_kind(self, ref: Ref, kind: str) -> Ref | None:
        """The body of ``kind`` a gazetteer organisation is part of, itself included
        ("Ủy ban Đối ngoại Hạ viện Hoa Kỳ" → "Hạ viện Hoa Kỳ")."""
        o = self.book.organisations.get(ref.id) if ref.kind == "org" else None
        while o is not None:
            if o.kind == kind:
                return self.org(o.id)
            o = self.book.organisations.get(o.parent) if o.parent else None
        return None

    def within(self, ref: Ref, whole: Ref) -> bool:
        """Whether gazetteer organisation ``ref`` is ``whole`` or part of it ("Thượng viện Hoa Kỳ"
        of "Quốc hội Hoa Kỳ")."""
        o = self.book.organisations.get(ref.id) if ref.kind == "org" else None
        while o is not None and o.id != whole.id:
            o = self.book.organisations.get(o.parent) if o.parent else None
        return o is not None

    def country(self, cid: str) -> Ref:
        c = self.book.countries[cid]
        return Ref("country", c.id, c.vi, c.en)

    def place(self, pid: str) -> Ref:
        p = self.book.places[pid]
        return Ref("place", p.id, p.vi, p.en, country=p.country)

    def mint(self, vi: str, kind: str, country: str | None = None, en: str = "",
             parent: str | None = None) -> Ref:
        ref = Ref("org", "m-" + slugify(vi), vi, en, kind, country, parent)
        self.minted.setdefault(ref.id, ref)
        return self.minted[ref.id]

    def _mint_written(self, words: list[Item], kind: str, country: str | None = None) -> Ref:
        """A node named by a pattern, labelled with its short forms in full and keeping the
        article's own spelling ("UBND tỉnh Bắc Ninh") as ``written``."""
        vi = _join(words)
        full = self.patterns.spell_out(vi)
        ref = self.mint(full, kind, country)
        if vi != ref.vi and not ref.written:
            ref = self.minted[ref.id] = replace(ref, written=vi)
        return ref

    # -- derived organisations

    def named_ministry(self, vi: str, country: str, en: str = "") -> Ref:
        """A ministry in no gazetteer, minted by its name, under its country's government."""
        return self.mint(vi, "ministry", country, en, self.book.org_by_kind.get(("government", country)))

    def ministry(self, portfolio: str, country: str, written: str = "") -> Ref:
        """The ministry of ``portfolio`` in ``country``, from the gazetteer or minted (one node
        however the articles write it: "Bộ Công Thương Séc", "Bộ Công nghiệp và Thương mại Séc";
        ``written`` is this article's form, kept as an alternative label)."""
        found = self.book.ministry_by_portfolio.get((portfolio, country))
        if found:
            return self.org(found)
        p = self.book.portfolios[portfolio]
        c = self.book.countries[country]
        ref = self.named_ministry(f"Bộ {p.vi[0]} {c.vi}", country, f"Ministry of {p.en} ({c.en})")
        if written and written != ref.vi and not ref.written:
            ref = self.minted[ref.id] = replace(ref, written=written)
        return ref

    def of_kind(self, kind: str, country: str) -> Ref:
        """The state, government, party or legislature of a country."""
        found = self.book.org_by_kind.get((kind, country))
        if found:
            return self.org(found)
        template = self.book.implied_kinds.get(kind)
        if not template:
            return self.country(country)
        c = self.book.countries[country]
        return self.mint(template["vi"].format(vi=c.vi), kind, country, template["en"].format(en=c.en))

    def localise(self, ref: Ref, country: str) -> Ref:
        """An organisation named without its country, then a country: "Bộ Ngoại giao" +
        "Trung Quốc" is China's ministry; "Quốc hội" + "Lào" is the Lao National Assembly."""
        if ref.kind != "org" or ref.country == country or ref.minted:
            return ref
        o = self.book.organisations.get(ref.id)
        if o and o.kind == "ministry" and o.portfolio and o.country:
            return self.ministry(o.portfolio, country)
        if o and o.kind in ("legislature", "government", "state") and self._top_level(o):
            return self.of_kind(o.kind, country)
        return ref

    def _top_level(self, o) -> bool:
        """A body under nothing but its state ("Quốc hội" under the Vietnamese state)."""
        parent = self.book.organisations.get(o.parent) if o.parent else None
        return parent is None or parent.kind == "state"

    def implied_by_title(self, title_id: str, country: str | None, explicit: bool = True) -> Ref | None:
        """The organisation a title implies; ``explicit`` says the country was written with it."""
        t = self.book.titles[title_id]
        imp = t.implies
        if "organisation" in imp:
            return self.org(imp["organisation"])
        if country is None or (t.implies_needs_country and not explicit):
            return None
        if "by_country" in imp:
            oid = imp["by_country"].get(country)
            if oid or "kind" not in imp:   # (else the body of that kind: "Thượng nghị sĩ Ba Lan")
                return self.org(oid) if oid else None
        if "kind" in imp:
            if (imp["kind"], country) not in self.book.org_by_kind:
                # "Thượng viện Ba Lan … các Thượng nghị sĩ X và Y": the body of that kind the
                # article has named for the country
                named = [r for r in self.named_bodies.values() if r.org_kind == imp["kind"] and r.country == country]
                if named:
                    return named[-1]
            return self.of_kind(imp["kind"], country)
        if "portfolio" in imp and imp["portfolio"] in self.book.portfolios:
            return self.ministry(imp["portfolio"], country)
        return None

    # -- organisation names found by pattern

    def merge_patterns(self, items: list[Item], context_country) -> list[Item]:
        """Replace "noun + name" word runs with one organisation item.

        ``context_country(index)`` gives the country to assume for a ministry named
        without one ("Bộ Thương mại") from the rest of the sentence.
        """
        out: list[Item] = []
        i = 0
        while i < len(items):
            item = items[i]
            merged = None
            if item.kind != "punct" and item.surface in self.acronyms:
                merged = self._item(item.start, item.end, items, i, i + 1, self.acronyms[item.surface]), 1
            elif item.kind == "phrase" and item.has("org"):
                merged = self._gazetteer_org_with_country(items, i)
                self._remember_local_body(item)
            elif item.kind == "word" or item.has("title", "portfolio", "topic"):
                merged = self._pattern_org(items, i, context_country) or (
                    self._english_company(items, i, out) if item.is_cap else None)
            if merged:
                new_item, used = merged
                out.append(new_item)
                i += used
                self._define_acronym(items, i, new_item)
            else:
                out.append(item)
                i += 1
        return out

    def _remember_local_body(self, item: Item) -> None:
        """"UBND thành phố Hải Phòng" in the gazetteer: the body a later bare "UBND" means."""
        own = self.book.organisations.get(item.first("org") or "")
        if own is None or own.kind != "local-government":
            return
        words = tuple(item.surface.lower().split())
        nouns = [noun for noun, pat in self.patterns.by_first_word.get(words[0], ())
                 if pat.kind == "local-government" and words[:len(noun)] == noun and len(noun) < len(words)]
        if nouns:
            self.local_bodies[self.patterns.noun_key(" ".join(max(nouns, key=len)))] = self.org(own.id)

    def _define_acronym(self, items: list[Item], i: int, org_item: Item) -> None:
        """"Tập đoàn Đường sắt Nhà nước Italy (FS)": an acronym in no gazetteer, written in
        parentheses after an organisation, names it for the rest of the article."""
        inner = parenthesised(items, i)
        oid = org_item.first("org")
        if inner is None or not oid or not looks_like_acronym(inner.surface):
            return
        if inner.kind == "word":
            self.acronyms.setdefault(inner.surface, self.org(oid))
        elif inner.has("org") and oid.startswith("m-") and inner.first("org") != oid:
            # "Phòng Thương mại và Công nghiệp Kuwait (KCCI)": the article's own body, not the
            # gazetteer's KCCI of Korea
            self.acronyms.setdefault(inner.surface, self.org(oid))

    def _gazetteer_org_with_country(self, items: list[Item], i: int):
        item = items[i]
        sub = self._subsidiary(items, i) or self._foreign_party_body(items, i) or self._longer_ministry(items, i)
        if sub:
            return sub
        # "Phòng Thương mại Hoa Kỳ (AmCham)": the acronym names the organisation meant.
        inner = parenthesised(items, i + 1)
        if inner is not None and inner.kind == "phrase" and inner.has("org") and " " not in inner.surface:
            return self._item(item.start, items[i + 3].end, items, i, i + 4, self.org(inner.first("org"))), 4
        if i + 1 < len(items) and items[i + 1].kind == "phrase" and items[i + 1].has("country") \
                and not items[i + 1].has("org"):
            ref = self.org(item.first("org"))
            cid = items[i + 1].first("country")
            local = self.localise(ref, cid)
            own = self.book.organisations.get(ref.id)
            if local is ref and own is not None and own.kind == "committee" and own.country \
                    and own.country != cid:
                # "Ủy ban Đối ngoại của Quốc hội Hungary": not Vietnam's committee, Hungary's
                local = self.mint(_join(items[i:i + 2]), "committee", cid,
                                  parent=self.book.org_by_kind.get(("legislature", cid)))
            if local is not ref:
                return self._item(items[i].start, items[i + 1].end, items, i, i + 2, local), 2
        return None

    def _longer_ministry(self, items: list[Item], i: int):
        """"Bộ Tài chính và Kinh tế Brunei", "Bộ Ngoại giao và Hợp tác quốc tế Italy": a ministry
        in the gazetteer with more portfolios after "và", closed by another country, is that
        country's ministry of that name."""
        own = self.book.organisations.get(items[i].first("org") or "")
        if own is None or own.kind != "ministry" or not (i + 2 < len(items) and items[i + 1].is_word("và")):
            return None
        lower_run = 0
        for k in range(i + 2, min(len(items), i + 9)):
            it = items[k]
            if it.kind == "phrase" and it.has("country") and not it.has("org"):
                cid = it.first("country")
                if k == i + 2 or cid == own.country:
                    return None
                ref = self.named_ministry(_join(items[i:k + 1]), cid)
                return self._item(items[i].start, it.end, items, i, k + 1, ref), k + 1 - i
            if it.is_cap or it.kind == "phrase" and it.surface[:1].isupper() \
                    and not it.has("org", "title", "person", "honorific"):
                lower_run = 0
            elif k > i + 2 and it.kind == "word" and lower_run < 3 and vietnamese_word(it.surface) \
                    and it.surface.lower() not in self.patterns.stop_words:
                lower_run += 1   # "Hợp tác quốc tế": lowercase syllables of a capitalised portfolio
            else:
                return None
        return None

    def _foreign_party_body(self, items: list[Item], i: int):
        """"Bộ Chính trị Đảng Nhân dân Cách mạng Lào", "Ban Tuyên giáo Trung ương Đảng Nhân dân
        Cách mạng Lào": a body of Vietnam's party named with another party is that party's."""
        own = self.book.organisations.get(items[i].first("org") or "")
        if own is None or own.kind != "party-body" or own.country != "vn":
            return None
        surface = items[i].surface
        # the party's name may begin inside the body's phrase ("… Trung ương Đảng" + "Nhân dân …")
        words = surface.split()
        starts = [(" ".join(words[:-1]), words[-1])] if words[-1] == "Đảng" else []
        starts.append((surface, ""))
        j = i + 1
        for body, lead in starts:
            party, end = self._party_at(items, j, lead)
            if party is not None and party.country not in (None, own.country):
                ref = self.mint(f"{body} {_written(lead, items[j:end])}", own.kind, party.country, parent=party.id)
                self.named_within[ref.id] = [party]
                return self._item(items[i].start, items[end - 1].end, items, i, end, ref), end - i
        return None

    def _party_at(self, items: list[Item], j: int, lead: str) -> tuple[Ref | None, int]:
        """The party named from ``items[j]`` (after ``lead``, the word "Đảng" already read, if
        any), and where its name ends."""
        if not lead:
            if j < len(items) and items[j].kind == "phrase" and items[j].has("org"):
                ref = self.org(items[j].first("org"))
                return (ref, j + 1) if ref.org_kind == "party" else (None, j)
            found = self._pattern_org(items, j, lambda end: None) if j < len(items) and items[j].is_word("đảng") else None
            if found and found[0].has("org"):
                ref = self.org(found[0].first("org"))
                return (ref, j + found[1]) if ref.org_kind == "party" else (None, j)
            return None, j
        for end in range(min(len(items), j + 6), j, -1):
            name = _written(lead, items[j:end])
            for cand in self.book.phrases.candidates_for(name):
                if cand.kind == "org" and self.org(cand.id).org_kind == "party":
                    return self.org(cand.id), end
        return None, j

    def _subsidiary(self, items: list[Item], i: int):
        """"Intel Products Việt Nam", "Toyota Motor Việt Nam": a company's local arm, named by
        the company, capitalised words and a country."""
        base = self.book.organisations.get(items[i].first("org") or "")
        if base is None or base.kind != "company":
            return None
        j = i + 1
        while j < len(items) and items[j].is_cap and j - i <= 3:
            j += 1
        if j < len(items) and items[j].kind == "phrase" and not items[j].has("org") \
                and self.book.world_region(items[j].first("place")):
            # "VinFast Bắc Mỹ": its arm in a region of the world
            ref = self.mint(_join(items[i:j + 1]), "company", None, parent=base.id)
            return self._item(items[i].start, items[j].end, items, i, j + 1, ref), j + 1 - i
        if j < len(items) and items[j].kind == "phrase" and items[j].has("country") and not items[j].has("org"):
            cid = items[j].first("country")
            vi = _join(items[i:j + 1])
            ref = self.mint(vi, "company", cid, parent=base.id)
            return self._item(items[i].start, items[j].end, items, i, j + 1, ref), j + 1 - i
        # "Boeing Commercial Airplanes", "Boeing Global": a division, named by English company words
        end = self._company_words_end(items, i + 1, j)
        if end > i + 1:
            ref = self.mint(_join(items[i:end]), "company", base.country, parent=base.id)
            return self._item(items[i].start, items[end - 1].end, items, i, end, ref), end - i
        return None

    def _company_words_end(self, items: list[Item], k: int, stop: int) -> int:
        """Where the capitalised words ``items[k:stop]`` stop naming a company: after the last
        one that is an English company word ("Maple Energy", "Commercial Airplanes"), else ``k``."""
        words = self.book.company_name_words
        return max((m + 1 for m in range(k, stop) if items[m].surface in words), default=k)

    def _english_company(self, items: list[Item], i: int, before: list[Item]):
        """"Giám đốc điều hành Maple Energy": capitalised English words, the last ones company
        words, name a company in no gazetteer (or the one whose name the article gave ending so);
        in parentheses after an organisation ("Hội đồng Bông Mỹ (Cotton Council International)"),
        its English name. ``before``: the items merged so far."""
        j = i
        while j < len(items) and j - i < 5 and items[j].is_cap and items[j].surface.isascii():
            j += 1
        if items[i].surface in self.book.company_name_words or i and items[i - 1].is_cap:
            return None   # ("Global Gateway" opens no company name; nor does the middle of a run)
        end = self._company_words_end(items, i + 1, j)
        if end == i + 1:
            return None
        named = before[-2].first("org") if len(before) >= 2 and before[-1].surface == "(" \
            and end < len(items) and items[end].surface == ")" else None
        name = _join(items[i:end])
        # ("Công ty Sembcorp Development …, Tổng Giám đốc Sembcorp Development": the one named before)
        told = next((r for r in self.minted.values() if r.vi.endswith(" " + name)), None)
        ref = self.org(named) if named else told or self.mint(name, "company")
        return self._item(items[i].start, items[end - 1].end, items, i, end, ref), end - i

    def _pattern_org(self, items: list[Item], i: int, context_country):
        found = self.patterns.noun_at(items, i)
        if not found:
            return None
        pattern, n = found
        j = i + n
        inner = parenthesised(items, j)
        if inner is not None and self.patterns.noun_key(inner.surface.lower()) == \
                self.patterns.noun_key(" ".join(w.surface.lower() for w in items[i:j])):
            # "Ủy ban nhân dân (UBND) tỉnh Đồng Nai": the noun's short form in parentheses, then the name
            found_without = self._pattern_org(items[:j] + items[j + 3:], i, context_country)
            return (found_without[0], found_without[1] + 3) if found_without else None
        named_end = self._name_end(items, j, pattern.kind)
        # "Bộ" + portfolio (+ country): a ministry ("Bộ Nông nghiệp và Chăn nuôi Brazil" names
        # more than a portfolio: it is a name of its own).
        if pattern.kind == "ministry" and j < len(items) and items[j].kind == "phrase" and items[j].has("portfolio"):
            portfolio = items[j].first("portfolio")
            end = j + 1
            country = None
            if end < len(items) and items[end].kind == "phrase" and items[end].has("country"):
                country = items[end].first("country")
                end += 1
            if named_end <= end:
                country = country or context_country(end)
                if country is None:
                    return None
                return self._item(items[i].start, items[end - 1].end, items, i, end,
                                  self.ministry(portfolio, country, _join(items[i:end]))), end - i
        noun = self.patterns.noun_key(" ".join(w.surface.lower() for w in items[i:j]))
        if pattern.kind == "local-government" and (named_end == j or self._vietnamese_name_at(items, j)):
            # "Phó Chủ tịch UBND thành phố Vũ Thu Hà": the kind of place, then a holder's name
            written = written_at(items, j, self.book.jurisdictions)
            if written and not self._vietnamese_name_at(items, j + len(written.split())):
                written = None
            level = len(written.split()) if written else 0
            j += level
            # "Bí thư Tỉnh ủy Phạm Quang Thành", "Bí thư Tỉnh ủy,": the body the article named
            # before (of that kind of place, when one is written)
            known = self.local_bodies.get(noun)
            key = self.patterns.noun_key
            if known is not None and written and key(written.lower()) not in key(known.vi.lower()):
                known = None
            if known is None and level:   # none named before: the body as written ("UBND thành phố")
                known = self._mint_written(items[i:j], "local-government")
            return (self._item(items[i].start, items[j - 1].end, items, i, j, known), j - i) if known else None
        end = named_end
        if end == j:
            return None
        if end == j + 1 and items[j].surface in self.acronyms:   # "Tập đoàn FS", FS defined before
            return self._item(items[i].start, items[j].end, items, i, end, self.acronyms[items[j].surface]), end - i
        words = items[i:end]
        country = next((w.first("country") for w in words if w.kind == "phrase" and w.has("country")), None)
        ref = self._mint_written(words, pattern.kind, country)
        if pattern.kind == "local-government":
            self.local_bodies[noun] = ref
        elif country is not None:
            self.named_bodies.pop(noun, None)   # (re-inserted: the one named last comes last)
            self.named_bodies[noun] = ref
        return self._item(items[i].start, items[end - 1].end, items, i, end, ref), end - i

    def _name_end(self, items: list[Item], j: int, kind: str) -> int:
        """Where the name after an organisation noun ends (exclusive index)."""
        stop = self.patterns.stop_words
        end = j
        k = j
        lower_run = 0
        while k < len(items):
            it = items[k]
            low = it.surface.lower()
            if it.kind == "phrase":
                if it.has("title", "qualifier", "honorific", "person"):
                    break
                k += 1
                end = k
                lower_run = 0
                if kind == "ministry" and it.has("country") and not (k < len(items) and items[k].surface in "-–"):
                    break   # "Bộ Thương mại Myanmar": a ministry's name ends with its country
                continue
            if it.kind == "punct":
                if it.surface in "-–&" and k + 1 < len(items) and (items[k + 1].is_cap or items[k + 1].kind == "phrase"):
                    k += 1
                    continue
                if it.surface == "." and kind in self.patterns.place_kinds and k > j and items[k - 1].surface == "TP":
                    k += 1
                    continue
                if it.surface == "," and end > j and kind in self.patterns.enumerated_kinds \
                        and self._enumeration_continues(items, k + 1):
                    k += 1   # "Bộ Thương mại, Công nghiệp và Cạnh tranh Nam Phi"
                    continue
                break
            if it.is_cap:
                if it.surface in self.book.not_name_words and k == j and kind not in self.patterns.place_kinds \
                        and it.surface.lower() in stop and not _continued(items, k):
                    break   # (but "Cơ quan Phát triển …": a capitalised word with its syllable)
                # "Tập đoàn Hòa Phát Trần Đình Long": a person's name follows (but in "Công ty cổ
                # phần Tập đoàn Hoa Sen" a name right after a noun is the body's)
                if k > j and it.surface in self.book.vietnamese_surnames and self._full_name_at(items, k) \
                        and not self._after_noun(items, k):
                    break
                k += 1
                end = k
                lower_run = 0
                continue
            if kind in self.patterns.place_kinds and low in self.patterns.place_words:
                k += 1
                continue
            if kind == "embassy" and low in self.book.place_introducers and end > j and k + 1 < len(items) \
                    and items[k + 1].kind == "phrase" and items[k + 1].has("country", "place"):
                k += 2   # "Đại sứ quán Nam Phi tại Việt Nam": an embassy is named with where it is
                end = k
                break
            if low == "về" and kind == "committee" and end > j:
                # "Ủy ban hỗn hợp Việt Nam - Ấn Độ về hợp tác kinh tế, thương mại, khoa học và
                # công nghệ": what a committee is on is part of its name
                k2 = self._remit_end(items, k + 1)
                if k2 > k + 1:
                    end = k = k2
                break
            if low == "của" and kind == "committee" and end > j and k + 1 < len(items) \
                    and items[k + 1].kind == "phrase" and items[k + 1].has("org"):
                # "Ủy ban Văn hóa của Quốc hội Hungary": a committee is named with its body
                k += 2
                if k < len(items) and items[k].kind == "phrase" and items[k].has("country") and not items[k].has("org"):
                    k += 1
                end = k
                break
            if low == "của" and k + 1 < len(items) and items[k + 1].kind == "phrase" \
                    and items[k + 1].has("country") and not items[k + 1].has("org") \
                    and not (k + 2 < len(items) and items[k + 2].is_cap):
                break   # "Công ty Mezzan Holding của Kuwait": whose it is, not its name
            if low in self.patterns.inner_words and end > j and k + 1 < len(items) \
                    and (items[k + 1].is_cap or items[k + 1].kind == "phrase" and items[k + 1].surface[:1].isupper()
                         or low == "và" and _lowercase_then_name(items, k + 1)) \
                    and not self.patterns.noun_at(items, k + 1) and not items[k + 1].has("org"):
                # "… và xuất khẩu Alaska": a lowercase portfolio the name's last word closes
                # (but "… và Tập đoàn Y" names a second organisation)
                k += 1
                lower_run = 0
                continue
            if end == j and kind == "committee" and low not in stop:
                k2 = self._described_remit_end(items, k)
                if k2 > k:
                    end = k2   # "Nhóm công tác chung về hợp tác y tế"
                    break
            if end == j and low not in stop and _lowercase_then_name(items, j, 2):
                k += 1   # "Ủy ban hỗn hợp Việt Nam - Sri Lanka": a lowercase word or two, then the name
                continue
            tail = next((t for t in self.patterns.tails if end > j and k == end
                         and tuple(x.surface.lower() for x in items[k:k + len(t)]) == t), None)
            if tail and not vietnamese_word(items[end - 1].surface):
                # "Trung tâm Chứng nhận Halal quốc gia": a tail goes on a foreign word too
                end = k = k + len(tail)
                lower_run = 0
                continue
            # (a name goes on over "hội" in "xã hội", but a stop word opening a noun ends it)
            compound = k > j and self.patterns.in_compound(items, k, with_next=False)
            if low in stop and not compound or lower_run >= 3 or end == j \
                    or not vietnamese_word(items[end - 1].surface) or not vietnamese_word(it.surface):
                break
            # lowercase syllables continuing a capitalised Vietnamese word: "Dệt may"
            k += 1
            lower_run += 1
            end = k
        return end

    def _described_remit_end(self, items: list[Item], k: int) -> int:
        """A committee named in lowercase: a descriptor of a word or three, its remit after "về",
        and perhaps the countries it joins ("hỗn hợp về hợp tác kinh tế Việt Nam - Hungary");
        where that ends, or ``k`` when the words after the noun are not so."""
        m = k
        while m < len(items) and m - k < 3 and items[m].kind == "word" and not items[m].is_cap \
                and items[m].surface.lower() not in self.patterns.stop_words and vietnamese_word(items[m].surface):
            m += 1
        if m == k or m >= len(items) or not items[m].is_word("về"):
            return k
        end = self._remit_end(items, m + 1)
        if end == m + 1:
            return k
        while end < len(items) and items[end].kind == "phrase" and items[end].has("country") and not items[end].has("org"):
            end += 1   # "… Việt Nam - Hungary"
            if not (end + 1 < len(items) and items[end].surface in "-–" and items[end + 1].kind == "phrase"):
                break
            end += 1
        return end

    def _remit_end(self, items: list[Item], k: int) -> int:
        """Where a committee's remit after "về" ends: lowercase words and topics, joined by commas,
        hyphens and "và", up to a stop word, other punctuation or a capitalised word."""
        stop = self.patterns.stop_words - {"và"}
        end = k
        for m in range(k, min(len(items), k + _REMIT_ITEMS)):
            it = items[m]
            if it.kind == "phrase" and not it.has("topic", "portfolio") or it.kind == "word" and (
                    it.is_cap or it.surface.lower() in stop or not vietnamese_word(it.surface)):
                break
            if it.kind == "punct" and it.surface not in ",-–":
                break
            if it.kind != "punct" and not it.is_word("và"):
                end = m + 1
        return end

    def _enumeration_continues(self, items: list[Item], k: int) -> bool:
        """After a comma: does the name go on as a list of portfolios closed by "và"
        ("…, Nông nghiệp và Công nghiệp nhẹ Mông Cổ"), rather than start a new phrase?"""
        if k >= len(items) or not (items[k].is_cap or items[k].kind == "phrase" and items[k].surface[:1].isupper()
                                   and not items[k].has("title", "qualifier", "honorific", "person", "org", "country")):
            return False
        for m in range(k, min(len(items) - 1, k + 16)):
            it = items[m]
            if it.kind == "punct":
                nxt = items[m + 1]
                if it.surface == "," and (nxt.is_cap or nxt.kind == "phrase" and nxt.surface[:1].isupper()) \
                        and not self.patterns.noun_at(items, m + 1) and not self.patterns.noun_at(items, k):
                    continue   # "…, Thủy sản, An ninh lương thực và Thiên nhiên Hà Lan"
                return False
            if it.kind == "phrase" and it.has("title", "qualifier", "honorific", "person", "org", "country"):
                return False
            if it.is_word("và"):
                nxt = items[m + 1]
                return (nxt.is_cap or nxt.kind == "phrase" and nxt.has("portfolio")) and not self.patterns.noun_at(items, m + 1)
            if it.kind == "word" and not it.is_cap and it.surface.lower() in self.patterns.stop_words:
                return False
        return False

    def _after_noun(self, items: list[Item], k: int) -> bool:
        """Whether an organisation noun ends right before item ``k``."""
        for i in range(max(0, k - 3), k):
            found = self.patterns.noun_at(items, i)
            if found is not None and i + found[1] == k:
                return True
        return False

    @staticmethod
    def _full_name_at(items: list[Item], k: int) -> bool:
        """A Vietnamese full name (surname and one to three capitalised syllables, one of which may
        also be a country, a place or a qualifier: "Phan Đức Thịnh", "Ngô Tân Phượng") ends the
        sentence part starting at ``k``."""
        n = 0
        while k + n < len(items) and n < 5 and (items[k + n].is_cap or n and (one_word_place(items[k + n])
                                                                         or qualifier_syllable(items[k + n]))):
            n += 1
        after = items[k + n] if k + n < len(items) else None
        return 2 <= n <= 4 and (after is None or not after.is_cap)

    def _vietnamese_name_at(self, items: list[Item], k: int) -> bool:
        """A Vietnamese full name of three or four syllables, opening with a surname, at ``k``."""
        if k >= len(items) or items[k].kind != "word" or items[k].surface not in self.book.vietnamese_surnames:
            return False
        return 3 <= capitalised_run(items, k) <= 4

    def _item(self, start: int, end: int, items: list[Item], i: int, j: int, ref: Ref) -> Item:
        self.minted.setdefault(ref.id, ref) if ref.minted else None
        surface = " ".join(it.surface for it in items[i:j])
        cand_kind = "country" if ref.kind == "country" else "org"
        return Item("phrase", start, end, surface, (Candidate(cand_kind, ref.id, None),),
                    tuple(items[i:j]) if ref.minted else ())

    def split_trailing_name(self, item: Item, words: int = 2) -> tuple[Item, list[Item]] | None:
        """"Tập đoàn Helix Sophie Lindqvist" before no name: the last capitalised words are a
        person. Returns the shorter organisation item and the name's items."""
        parts = list(item.parts)
        if len(parts) < words + 2 or not all(p.is_cap for p in parts[-words:]):
            return None
        head = parts[:-words]
        ref = self.minted.get(item.first("org"))
        if ref is None:
            return None
        noun = " ".join(p.surface.lower() for p in head)
        if noun in self.named_bodies:   # "Phó Chủ tịch Thượng viện Michał Kamiński": the one named before
            return self._item(head[0].start, head[-1].end, head, 0, len(head), self.named_bodies[noun]), parts[-words:]
        vi = _join(head)
        new_ref = self.mint(vi, ref.org_kind, ref.country)
        for noun, body in list(self.named_bodies.items()):
            if body is ref:   # "Thượng viện Ba Lan Michał Kamiński" was "Thượng viện Ba Lan"
                self.named_bodies[noun] = new_ref
        return self._item(head[0].start, head[-1].end, head, 0, len(head), new_ref), parts[-words:]


def _continued(items: list[Item], k: int) -> bool:
    """Whether the word at ``k`` goes on with a lowercase Vietnamese syllable ("Phát triển")."""
    return k + 1 < len(items) and items[k + 1].kind == "word" and not items[k + 1].is_cap \
        and vietnamese_word(items[k + 1].surface)


def _lowercase_then_name(items: list[Item], k: int, most: int = 3) -> bool:
    """Up to ``most`` lowercase Vietnamese syllables from ``k``, then a capitalised word or a
    place ("xuất khẩu Alaska", "dược phẩm Cuba")."""
    n = 0
    while k + n < len(items) and n < most and items[k + n].kind != "punct" and items[k + n].surface[:1].islower() \
            and not items[k + n].has("title", "org", "country", "place") \
            and all(vietnamese_word(w) for w in items[k + n].surface.split()):
        n += 1
    if n == 0 or k + n >= len(items):
        return False
    nxt = items[k + n]
    return nxt.kind == "word" and nxt.is_cap or nxt.kind == "phrase" and nxt.has("country", "place", "org")


def _join(words: list[Item]) -> str:
    out = ""
    prev_end = None
    for w in words:
        if prev_end is not None and w.start > prev_end:
            out += " "
        out += w.surface
        prev_end = w.end
    return out


def _written(lead: str, items: list[Item]) -> str:
    """``lead`` and the items after it, as one name."""
    return f"{lead} {_join(items)}" if lead else _join(items)
