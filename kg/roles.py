"""Names and titles in a sentence: who is named, and with which roles.

The grammar, over a sentence's items (see :mod:`kg.tokens`):

    chain     := qualifier* TITLE qualifier-after? org-spec* ("phụ trách" portfolio)?
    org-spec  := ORG ("(" ACRONYM ")")? | PORTFOLIO COUNTRY? | COUNTRY | "của" (ORG|COUNTRY)
                 | "tại" (COUNTRY|PLACE)
    pre-name  := chain (("," | "kiêm") chain)* NAME          "Phó Thủ tướng, Bộ trưởng Ngoại giao X"
    post-name := HONORIFIC? NAME ("," | "-" | "–") chain (("," | "kiêm") chain)*
                                                             "ông X, Thứ trưởng Ngoại giao Hoa Kỳ"
    role-only := chain                                       "Giám đốc Cơ quan Thương mại quốc tế"

Vocabularies come from the rule files; this module only knows the shapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .model import Ref
from .orgs import OrgResolver
from .rulebook import Rulebook
from .text import vietnamese_word
from .tokens import (
    Item,
    capitalised_run,
    one_word_place,
    parenthesised,
    qualifier_syllable,
    written_at,
)

MAX_NAME_WORDS = 5
_MAX_NAME_WORDS_WITH_PARTICLES = 7   # "Sheikh Faisal bin Thani bin Faisal Al Thani"
_APPOSITION = {",", "-", "–", "—"}
_MINISTRY_NAME_ITEMS = 24   # words and commas a ministry's portfolio list may run to
_ORG_CLAUSE_END = {";", ".", ":", "(", ")", "\""}


@dataclass
class Chain:
    """One title with its qualifiers and organisation, as written."""

    title: str
    start: int
    end: int
    qualifiers: set[str] = field(default_factory=set)
    org: Ref | None = None
    country: str | None = None          # a country named in the chain
    host_country: str | None = None     # "tại Việt Nam" after an ambassador
    portfolio: str | None = None
    next_index: int = 0
    joined_by_kiem: bool = False        # "Chủ tịch kiêm Tổng Giám đốc …"
    portfolio_pending: str | None = None  # "Bộ trưởng Thương mại" with no country yet
    ministry_pending: str | None = None   # "Bộ Nông nghiệp và Chăn nuôi" (of "Bộ trưởng Nông nghiệp và
                                          # Chăn nuôi Carlos Fávaro"), its country not yet known
    bare_body: str | None = None        # "Phó Bí thư Thành ủy, …": a local body named by its noun alone


@dataclass
class NameMatch:
    name: str
    start: int
    end: int
    known_id: str | None
    words: int
    next_index: int
    honorific: bool = False


@dataclass
class PersonMention:
    name: NameMatch
    chains: list[Chain]
    rule: str
    start: int
    end: int


@dataclass
class RoleOnlyMention:
    chain: Chain
    rule: str


class RoleParser:
    def __init__(self, book: Rulebook, orgs: OrgResolver, text: str):
        self.book = book
        self.orgs = orgs
        self.text = text
        self.surnames = book.vietnamese_surnames
        self.not_name = book.not_name_words
        self.particles = book.name_particles
        self.clause_openers = tuple(m.lower() for m in (*book.super_event_markers, *book.place_introducers))
        # words a place name follows: "tại", "ở", and the last word of "thành phố", "tỉnh", …
        self.place_words = tuple({*book.place_introducers, *(w[-1] for w in book.place_lead_words),
                                  *(w[-1] for w in book.place_mint_words)})

    # ------------------------------------------------------------------ names

    def parse_name(self, items: list[Item], i: int, anchored: bool) -> NameMatch | None:
        """A person's name starting at item ``i``.

        An anchored name follows a title or an honorific; an unanchored one must be a
        known person or a Vietnamese full name (surname first, two to four syllables).
        """
        honorific = False
        if i < len(items) and items[i].kind == "phrase" and items[i].has("honorific") and not items[i].has("person"):
            honorific = True
            anchored = True
            i += 1
        if i >= len(items):
            return None
        first = items[i]
        if first.kind == "phrase" and first.has("person") and not (
                i + 1 < len(items) and items[i + 1].is_cap and items[i + 1].surface not in self.not_name):
            known = first.first("person")
            end, j = first.end, i + 1
            # a known short form may continue: "Trump" then nothing; "Donald Trump" is one phrase
            return NameMatch(self.text[first.start:end], first.start, end, known, len(first.surface.split()), j, honorific)
        if self.orgs.patterns.noun_at(items, i):
            return None   # "Phó Bí thư Thành ủy": an organisation's noun, not a Mr Thành
        # "Sonexay Inthavong": a known short name with more of a name after it is someone else;
        # "ông Fukuoka Takamaro", "Đại sứ Colombia Santiago Restrepo Mejía": after "ông", or a
        # title and two more words of a name, a place's name is a given name or surname
        known_part = first.kind == "phrase" and (first.has("person") or (
            anchored and " " not in first.surface and first.surface[:1].isupper()
            and not first.has("org", "title", "qualifier", "honorific") and i + 1 < len(items)
            and items[i + 1].is_cap and items[i + 1].surface not in self.not_name
            and (honorific or capitalised_run(items, i + 1) >= 2)))
        if known_part:
            first = Item("word", first.start, first.end, first.surface)
        # after "ông"/"bà", a word that is also a function word still starts a name when a
        # surname would: a Vietnamese one, or before a hyphenated given name ("ông Cho Hyun-joon")
        blocked = first.surface in self.not_name and not (anchored and (
            first.surface in self.surnames
            or i + 1 < len(items) and items[i + 1].is_cap and "-" in items[i + 1].surface))
        if not first.is_cap or blocked or first.surface.isupper() and len(first.surface) > 1:
            return None
        j, words, last_end = (i + 1, len(first.surface.split()), first.end) if known_part else (i, 0, first.start)
        limit = MAX_NAME_WORDS
        while j < len(items) and words < limit:
            it = items[j]
            if it.is_cap and not (it.surface.isupper() and len(it.surface) > 2):
                if words and it.surface in {"Theo", "Tại", "Trong", "Về"}:
                    break
                if words and it.surface in self.book.company_name_words:
                    return None   # "Maple Energy", "Great Plains Commodities": a company's name
                words += 1
                last_end = it.end
                j += 1
                # an initial: "Donald J. Trump" (and "Jamieson L. Greer", whose surname is a known short name)
                if len(it.surface) == 1 and j < len(items) and items[j].surface == "." and j + 1 < len(items) \
                        and (items[j + 1].is_cap or items[j + 1].kind == "phrase" and items[j + 1].has("person")
                             and " " not in items[j + 1].surface):
                    last_end = items[j].end
                    j += 1
                    if not items[j].is_cap:
                        words, last_end, j = words + 1, items[j].end, j + 1
                continue
            if it.kind == "word" and it.surface in self.particles and words:
                # ("Kees van der Linden": particles may run on, a capitalised word after them)
                k = j + 1
                while k < len(items) and items[k].kind == "word" and items[k].surface in self.particles:
                    k += 1
                if k < len(items) and items[k].is_cap:
                    j, limit = k, _MAX_NAME_WORDS_WITH_PARTICLES
                    continue
            # "Ngô Tân Phượng": inside a name, a capitalised word that is elsewhere a qualifier
            # ("Tân Đại sứ", the new ambassador) is a syllable of it.
            if words and qualifier_syllable(it):
                words += 1
                last_end = it.end
                j += 1
                continue
            # "Ramon Dela Cruz Santiago": a long name may end in a word that is also a place.
            if words >= 3 and one_word_place(it) and (j + 1 >= len(items) or not items[j + 1].is_cap):
                words += 1
                last_end = it.end
                j += 1
                continue
            # "Nguyễn Đức Giang", "Kim Hải Nam": a Vietnamese name may contain a word that is
            # also a country or a place.
            if words and one_word_place(it) and first.surface in self.surnames and words <= 3 or \
                    (words and it.kind == "phrase" and it.has("place") and not it.has("org", "title", "country")
                     and first.surface in self.surnames and words + len(it.surface.split()) <= 4
                     and j + 1 < len(items) and not items[j + 1].is_cap and it.surface.count(" ") == 1):
                words += len(it.surface.split())
                last_end = it.end
                j += 1
                continue
            break
        if words == 0:
            return None
        name = self.text[first.start:last_end]
        if not honorific and j < len(items) and items[j].kind != "punct" and items[j].start == last_end + 1 \
                and not (items[j].kind == "phrase" and items[j].has("person", "title", "honorific")) \
                and 2 <= len(items[j].surface) <= 5 and items[j].surface.isalpha() and items[j].surface.isupper():
            return None   # "Giám đốc điều hành Gulf Crest LNG": capitalised words, then an acronym: a company
        if i > 0 and not honorific and items[i - 1].is_word(*self.place_words):
            return None   # "nhà máy tại Yên Phong", "tại thành phố Châu Đốc, Thống đốc …": a place
        if not anchored:
            tokens = name.split()
            if not (2 <= len(tokens) <= 4 and tokens[0] in self.surnames):
                return None
        return NameMatch(name, first.start, last_end, None, words, j, honorific)

    # ------------------------------------------------------------------ titles

    def parse_chain(self, items: list[Item], i: int) -> Chain | None:
        start_i = i
        quals: set[str] = set()
        while i < len(items) and items[i].kind == "phrase" and items[i].has("qualifier", "filler") \
                and not items[i].has("title"):
            if items[i].has("filler"):   # "tân Đại sứ": newly in post, nothing to record
                i += 1
                continue
            qualifier = self.book.qualifiers[items[i].first("qualifier")]
            # "chính quyền" (a compound is written lowercase: "Cùng dự có Quyền Bộ trưởng X" is acting)
            if not (i > 0 and items[i - 1].is_word(*qualifier.not_after) and items[i].surface[:1].islower()):
                quals.add(qualifier.id)
            i += 1
        if i >= len(items) or not (items[i].kind == "phrase" and items[i].has("title")):
            return None
        title_item = items[i]
        title = self.book.titles[title_item.first("title")]
        chain = Chain(title.id, items[start_i].start, title_item.end, quals)
        if title.deputy:
            chain.qualifiers.add("deputy")
        i += 1
        i = self._org_spec(items, i, chain)
        chain.next_index = i
        return chain

    def _org_spec(self, items: list[Item], i: int, chain: Chain) -> int:
        title = self.book.titles[chain.title]
        ministerial = self._is_ministerial(chain.title)
        if title.governs:
            i = self._jurisdiction(items, i, chain)
        while i < len(items):
            it = items[i]
            if it.kind == "phrase" and it.has("qualifier-after"):
                chain.qualifiers.add(it.first("qualifier-after"))
                chain.end = it.end
                i += 1
                continue
            if chain.org is None and it.kind == "phrase" and it.has("org") and not it.has("title"):
                chain.org = self.orgs.org(it.first("org"))
                chain.end = it.end
                i += 1
                i = self._acronym(items, i, chain)
                continue
            if chain.org is None and ministerial and it.surface[:1].isupper() and not it.has("org"):
                named = self._named_ministry(items, i, chain)   # "Bộ trưởng Văn hóa và Thông tin Kazakhstan"
                if named != i:
                    i = named
                    continue
            if chain.org is None and ministerial and it.kind == "phrase" and it.has("portfolio") and not it.has("org"):
                portfolio = it.first("portfolio")
                chain.end = it.end
                i += 1
                country = None
                if i < len(items) and items[i].kind == "phrase" and items[i].has("country"):
                    country = items[i].first("country")
                    chain.country = country
                    chain.end = items[i].end
                    i += 1
                # "Bộ trưởng Công nghiệp và Thương mại Tanzania": the ministry, written so
                written = f"Bộ {self.text[it.start:chain.end]}" if country else ""
                chain.org = self.orgs.ministry(portfolio, country, written) if country else None
                if chain.org is None:
                    chain.org = _PendingPortfolio(portfolio)  # resolved with the sentence's country
                continue
            if it.kind == "phrase" and it.has("country") and chain.country is None and not it.has("org", "title"):
                cid = it.first("country")
                chain.country = cid
                chain.end = it.end
                i += 1
                if isinstance(chain.org, _PendingPortfolio):
                    chain.org = self.orgs.ministry(chain.org.portfolio, cid)
                elif chain.org is not None:
                    chain.org = self.orgs.localise(chain.org, cid)
                continue
            if it.is_word("của") and i + 1 < len(items) and items[i + 1].kind == "phrase" and items[i + 1].has("country", "org") \
                    and chain.org is None and chain.country is None:
                i += 1
                continue
            region = self._region_before_owner(items, i) if chain.org is None and chain.country is None else None
            if region is not None:   # "Giám đốc khu vực Tây Thái Bình Dương của Tổ chức Y tế Thế giới"
                i = region
                continue
            if it.is_word("tại", "ở") and i + 1 < len(items) and items[i + 1].kind == "phrase" \
                    and items[i + 1].has("country", "place") and (title.for_country or chain.org is not None):
                loc = items[i + 1]
                if title.for_country or chain.org is None and chain.country:
                    chain.host_country = loc.first("country") or self.book.country_of_place(loc.first("place"))
                chain.end = loc.end
                if chain.org is not None and not isinstance(chain.org, _PendingPortfolio):
                    chain.org = self._located_org(chain.org, loc)
                i += 2
                continue
            bare = self.orgs.patterns.noun_at(items, i) if chain.org is None and it.kind == "word" else None
            if bare and bare[0].kind == "local-government" and (i + bare[1] >= len(items)
                                                                or items[i + bare[1]].surface in ",.;"):
                # "Phó Bí thư Thành ủy, Chủ tịch UBND TP.HCM": whose Thành ủy, the next post says
                chain.bare_body = self.text[it.start:items[i + bare[1] - 1].end]
                chain.end = items[i + bare[1] - 1].end
                i += bare[1]
                continue
            if it.is_word("phụ") and i + 1 < len(items) and items[i + 1].is_word("trách"):
                i = self._portfolio_text(items, i + 2, chain)
                continue
            break
        if isinstance(chain.org, _PendingPortfolio):
            chain.portfolio_pending = chain.org.portfolio
            chain.org = None
        return i

    def _region_before_owner(self, items: list[Item], i: int) -> int | None:
        """Where "của" + an organisation begins, after a region the post covers ("Tây Thái Bình
        Dương"): a place, or a capitalised word that starts no name, and at most four items."""
        first = items[i]
        if not (first.kind == "phrase" and first.has("place", "country") and not first.has("org", "title")
                or first.kind == "word" and first.surface in self.not_name and first.is_cap):
            return None
        for k in range(i + 1, min(len(items) - 1, i + 5)):
            if items[k].is_word("của") and items[k + 1].kind == "phrase" and items[k + 1].has("org"):
                return k
            if not (items[k].is_cap or items[k].kind == "phrase" and items[k].has("place", "country")):
                return None
        return None

    def _named_ministry(self, items: list[Item], i: int, chain: Chain) -> int:
        """"Bộ trưởng Phát triển Kỹ thuật số và Thông tin Singapore": a minister's portfolio in
        no gazetteer, written in Vietnamese words and closed by a country, names the ministry;
        closed by a foreign name, it names one of the country the person is from."""
        stop = self.orgs.patterns.stop_words
        k = i
        while k < len(items) and k - i < _MINISTRY_NAME_ITEMS:
            it = items[k]
            if it.kind == "word" and it.surface in self.surnames and k + 1 < len(items) \
                    and items[k + 1].surface[:1].isupper():
                return i   # "Bộ trưởng Ngoại giao Ngô Minh Đức": a name, and no ministry of "Đức" (but "Lâm nghiệp")
            if it.kind == "phrase" and it.has("country") and not it.has("org", "title"):
                break
            state = self._state_at(items, k) if k > i else 0
            if state:
                return self._state_ministry(items, i, k, state, chain)
            if it.kind == "word" and vietnamese_word(it.surface) and (it.is_cap or it.surface == "và" or
                                                                     k > i and (it.surface not in stop
                                                                                or self.orgs.patterns.in_compound(items, k))):
                k += 1
                continue
            if it.kind == "phrase" and not it.has("org", "title", "person", "honorific", "place", "qualifier") \
                    and all(vietnamese_word(w) for w in it.surface.split()):
                k += 1   # a topic or portfolio word inside the name
                continue
            if it.surface == "," and k + 1 < len(items) and items[k + 1].kind != "punct" \
                    and items[k + 1].surface[:1].isupper():
                k += 1   # "Nông nghiệp, Thủy sản, An ninh lương thực và Thiên nhiên"
                continue
            if it.kind == "word" and it.is_cap and not vietnamese_word(it.surface) and k > i + 1 \
                    and items[k - 1].surface not in ("và", ",") \
                    and any(w.islower() for x in items[i:k] for w in x.surface.split()):
                # a foreign name begins, after words that read as a portfolio (more than one, not
                # all capitalised like a given name): they name a ministry of a country not written
                chain.ministry_pending = f"Bộ {self.text[items[i].start:items[k - 1].end]}"
                chain.end = items[k - 1].end
                return k
            return i
        if k == i or k >= len(items) or items[k - 1].surface in ("và", ",") \
                or k == i + 1 and items[i].has("portfolio"):   # one known portfolio: its ministry
            return i
        country = items[k].first("country")
        name = f"Bộ {self.text[items[i].start:items[k - 1].end]} {items[k].surface}"
        chain.org = self.orgs.named_ministry(name, country)
        chain.country = country
        chain.end = items[k].end
        return k + 1

    def _state_at(self, items: list[Item], k: int) -> int:
        """How many items from ``k`` name a state or province ("bang Tamil Nadu", "tỉnh bang
        Saskatchewan"): a jurisdiction word and a capitalised name; 0 when none does."""
        word = written_at(items, k, self.book.jurisdictions)
        if word is None:
            return 0
        j = k + len(word.split())
        last = self._jurisdiction_name_end(items, j)
        return last - k if last is not None else 0

    def _state_ministry(self, items: list[Item], i: int, k: int, state: int, chain: Chain) -> int:
        """"Bộ trưởng Công nghiệp bang Tamil Nadu": the ministry of a state (the ``state`` items
        from ``k``), named with it."""
        if items[k - 1].surface in ("và", ","):
            return i
        end = k + state
        chain.org = self.orgs.mint(f"Bộ {self.text[items[i].start:items[end - 1].end]}", "ministry")
        chain.end = items[end - 1].end
        return end

    def _jurisdiction(self, items: list[Item], i: int, chain: Chain) -> int:
        """"Tỉnh trưởng tỉnh Samarkand", "Thống đốc bang North Carolina", "Thống đốc tỉnh
        Fukuoka": the province, state or city the title heads, as a local-government organisation."""
        kinds = self.book.jurisdictions
        j = i
        word = written_at(items, i, kinds)
        if word is not None:
            j = i + len(word.split())
        elif i < len(items) and items[i].kind == "phrase" and items[i].has("place") and not items[i].has("org"):
            place = self.book.places.get(items[i].first("place"))   # "Thị trưởng Seoul"
            word = self.book.jurisdiction_of_place_kind.get(place.kind) if place else None
        if word is None:
            return i
        country = None
        last = self._jurisdiction_name_end(items, j)
        if last is None:
            return i
        if last == j + 1 and items[j].kind == "phrase":
            place = self.book.places.get(items[j].first("place"))
            country = place.country if place else None
            name = items[j].surface
        else:
            name = self.text[items[j].start:items[last - 1].end]
        end = items[last - 1].end
        inner = parenthesised(items, last)
        if inner is not None and inner.kind == "phrase" and inner.has("country"):   # "(Hàn Quốc)"
            country = inner.first("country")
            end, last = items[last + 2].end, last + 3
        written_word = self.text[items[i].start:items[j - 1].end] if j > i else word
        chain.org = self.orgs.mint(f"{written_word} {name}", "local-government", country, f"{name} {kinds[word]}")
        chain.country = chain.country or country
        chain.end = end
        return last

    def _jurisdiction_name_end(self, items: list[Item], j: int) -> int | None:
        """Where the name of a province, state or city starting at ``j`` ends (exclusive): a
        gazetteer place, or capitalised words, less the two of a holder's name when there are
        three or four ("Tỉnh trưởng tỉnh Gangwon Kim Jin-tae"); None when there is no such name."""
        if j < len(items) and items[j].kind == "phrase" and items[j].has("place") and not items[j].has("org"):
            return j + 1
        last = j + capitalised_run(items, j)
        if last == j:
            return None
        if 3 <= last - j <= 4:
            return last - 2
        return last if last - j < 3 else None

    def _acronym(self, items: list[Item], i: int, chain: Chain) -> int:
        """Skip "(AmCham)" after an organisation; a known acronym is more specific. A name in
        parentheses is the parent ("Vụ Chính sách thương mại đa biên (Bộ Công Thương)"): the
        organisation before it stays."""
        inner = parenthesised(items, i)
        if inner is not None:
            if inner.kind == "phrase" and inner.has("org") and (" " not in inner.surface or chain.org is None):
                chain.org = self.orgs.org(inner.first("org"))
                chain.end = items[i + 2].end
                return i + 3
            if inner.kind == "word" and inner.surface.isupper():
                chain.end = items[i + 2].end
                return i + 3
        return i

    def _located_org(self, org: Ref, loc: Item) -> Ref:
        """"Phòng Thương mại Hoa Kỳ tại Việt Nam": prefer an entry named with the place."""
        surface = f"{org.vi} tại {loc.surface}"
        for cand in self.book.phrases.candidates_for(surface):
            if cand.kind == "org":
                return self.orgs.org(cand.id)
        return org

    def _portfolio_text(self, items: list[Item], i: int, chain: Chain) -> int:
        """"phụ trách tăng trưởng kinh tế, năng lượng và môi trường" up to the clause end."""
        j = i
        end = None
        while j < len(items):
            it = items[j]
            if it.kind == "punct" and it.surface in _ORG_CLAUSE_END:
                break
            if it.surface == "," and j + 1 < len(items) and (items[j + 1].is_cap or items[j + 1].kind == "phrase"
                                                             and items[j + 1].has("title", "honorific", "qualifier", "person", "org")):
                break
            if it.surface == "," and self._clause_opens(items[j + 1].start if j + 1 < len(items) else it.end):
                break   # "phụ trách thương mại, nhân dịp …": a new clause, not another portfolio
            if it.surface == "," and j + 2 < len(items) and items[j + 1].is_word("và") \
                    and items[j + 2].kind == "phrase" and items[j + 2].has("title", "honorific", "qualifier", "person"):
                break   # "phụ trách châu Á, và bà X, …": the next person
            if it.kind == "phrase" and it.has("title", "honorific", "person"):
                break
            if it.is_word("đã", "sẽ", "đang", "cho", "nhấn", "khẳng", "bày", "cũng", "dẫn", "làm", "là"):
                break   # (… "phụ trách Đông Nam Á, dẫn đầu", "…, làm Trưởng đoàn": the verb of "do bà X …")
            if chain.org is None and it.is_word("của") and j + 1 < len(items) and items[j + 1].kind == "phrase" \
                    and items[j + 1].has("org"):
                break   # "Giám đốc điều hành phụ trách khu vực Đông Nam Á của Phòng Thương mại Hoa Kỳ"
            if j > i and not items[i].is_cap and it.kind == "word" and it.is_cap and it.surface not in self.not_name \
                    and j + 1 < len(items) and items[j + 1].kind == "word" and items[j + 1].is_cap:
                break   # "Thứ trưởng Bộ Nông nghiệp Mỹ phụ trách thương mại … Luke Lindberg": a name
            if it.kind != "punct":
                end = it.end
            j += 1
        if end is not None:
            chain.portfolio = self.text[items[i].start:end]
            chain.end = end
        return j

    def _clause_opens(self, at: int) -> bool:
        """Whether a clause about an event or place starts at ``at`` ("nhân dịp", "tại", "trong")."""
        low = self.text[at:at + 24].lower()
        return any(low.startswith(m + " ") for m in self.clause_openers)

    def _is_ministerial(self, title_id: str) -> bool:
        t = self.book.titles.get(title_id)
        seen = 0
        while t is not None and seen < 6:
            if t.id in {"minister", "deputy-minister", "foreign-minister", "secretary"}:
                return True
            t = self.book.titles.get(t.broader) if t.broader else None
            seen += 1
        return False

    # ------------------------------------------------------------------ sentences

    def parse_sentence(self, items: list[Item]) -> tuple[list[PersonMention], list[RoleOnlyMention], set[int]]:
        """Every person and role mention in a sentence, and the item indexes they use."""
        persons: list[PersonMention] = []
        role_only: list[RoleOnlyMention] = []
        used: set[int] = set()
        i = 0
        while i < len(items):
            chains: list[Chain] = []
            j = i
            kiem = False
            while True:
                chain = self.parse_chain(items, j)
                if chain is None:
                    break
                chain.joined_by_kiem = kiem
                chains.append(chain)
                j = chain.next_index
                if len(chains) == 1 and i > 0 and self._title_in_name(items[i].start):
                    break   # "tại Phủ Chủ tịch, Phó Chủ tịch nước X": the name ends the first
                if len(chains) == 1 and self._addressed_in_opening(items, i, chain):
                    break   # "Thông tin với Đại sứ, Chủ tịch UBND tỉnh X cho biết …": two people
                if j < len(items) and (items[j].surface == "," or items[j].is_word("kiêm")) and self.parse_chain(items, j + 1):
                    kiem = items[j].is_word("kiêm")
                    j += 1
                    continue
                break
            # "Phủ Chủ tịch", "Phủ Tổng thống Chamwino": the title is part of a proper name
            in_name = i > 0 and self._title_in_name(items[i].start)
            plural = i > 0 and (items[i - 1].is_word(*self.book.plural_words) or items[i - 1].surface.isdigit())
            if chains:
                name = self.parse_name(items, j, anchored=True) if not in_name else None
                if name is not None and plural and len(chains) > 1:
                    chains = chains[1:]   # "hai Bí thư Tỉnh ủy, Phó Chủ tịch UBND tỉnh X": X holds the second only
                if name is None and plural and j < len(items) and items[j].surface == ":":
                    i = self._colon_holders(items, j, chains, persons, used)   # "các Đại sứ: ông A (Angola), …"
                    continue
                if name is None and j + 1 < len(items) and items[j].is_word("là"):
                    name = self.parse_name(items, j + 1, anchored=True)   # "Trưởng đoàn … là ông X"
                if name is None and chains[-1].org is not None and chains[-1].org.minted:
                    name = self._split_org_name(items, chains, j)
                if name and i > 0 and items[i - 1].is_word(*self.book.spouse_words):
                    # "Phu nhân Tổng thống Hàn Quốc Kim Keon-hee": the post is the spouse's
                    persons.append(PersonMention(name, [], "person.honorific", items[i - 1].start, name.end))
                    used.update(range(i - 1, name.next_index))
                    i = name.next_index
                    continue
                if name:
                    self._member_of(items, chains[-1], name)
                    after = self._post_chains(items, name.next_index, titled=True)
                    mention = PersonMention(name, chains + after[0], "role.title-before-name",
                                            chains[0].start, max([name.end] + [c.end for c in after[0]]))
                    persons.append(mention)
                    used.update(range(i, after[1]))
                    i = after[1]
                    if plural and not after[0]:   # "các Hạ nghị sĩ A, B và C (thuộc Hạ viện …)"
                        i = self._listed_holders(items, i, chains, persons, used)
                    continue
                for chain in chains if not (plural or in_name) else []:  # "hai Bộ trưởng" is not one person
                    role_only.append(RoleOnlyMention(chain, "role.title-without-name"))
                used.update(range(i, j))
                i = j if j > i else i + 1
                continue
            name = self.parse_name(items, i, anchored=False)
            if name:
                after = self._post_chains(items, name.next_index)
                rule = "role.title-after-name" if after[0] else ("person.honorific" if name.honorific else
                                                                 "person.known" if name.known_id else "person.full-name")
                persons.append(PersonMention(name, after[0], rule, items[i].start,
                                             max([name.end] + [c.end for c in after[0]])))
                used.update(range(i, after[1]))
                i = after[1]
                continue
            i += 1
        return persons, role_only, used

    @staticmethod
    def _addressed_in_opening(items: list[Item], i: int, chain: Chain) -> bool:
        """A bare title after "với" in a sentence's opening words ("Thông tin với Đại sứ, …",
        "Trao đổi với Bộ trưởng, …"): whom the subject after the comma speaks to."""
        return chain.org is None and 2 <= i <= 3 and items[i - 1].is_word("với") \
            and chain.next_index < len(items) and items[chain.next_index].surface == ","

    def _listed_holders(self, items: list[Item], i: int, chains: list[Chain], persons: list[PersonMention],
                        used: set[int]) -> int:
        """After a plural title and its first holder ("các Hạ nghị sĩ Thomas Reyes"), the names
        listed on with "," and "và" hold it too (one post, shared: "thuộc Hạ viện Hoa Kỳ" after
        the last names the body of all). Returns the index after the list."""
        listed = self._names_listed(items, i, ",", chains, persons, used, countries=False)
        if listed:
            last, i = listed[-1]
            self._member_of(items, chains[-1], last)
            used.update(range(i, last.next_index))
            i = last.next_index
        return i

    def _colon_holders(self, items: list[Item], j: int, chains: list[Chain], persons: list[PersonMention],
                       used: set[int]) -> int:
        """"các Đại sứ: ông A (Angola), bà B (Venezuela) và ông C (Sri Lanka)": each name listed
        after a plural title and a colon holds it, for the country in parentheses after it.
        Returns the index after the list."""
        listed = self._names_listed(items, j, ":,", chains, persons, used, countries=True)
        return listed[-1][1] if listed else j

    def _names_listed(self, items: list[Item], i: int, marks: str, chains: list[Chain],
                      persons: list[PersonMention], used: set[int], countries: bool) -> list[tuple[NameMatch, int]]:
        """The names listed from ``items[i]`` on, each after one of ``marks`` or "và", as holders of
        ``chains`` (with ``countries``, of the country in parentheses after the name), each
        recorded as a person: each name, and the index after it."""
        listed: list[tuple[NameMatch, int]] = []
        while i + 1 < len(items) and (items[i].surface in marks or items[i].is_word("và")):
            name = self.parse_name(items, i + 1, anchored=True)
            if name is None:
                break
            k, own = name.next_index, chains
            inner = parenthesised(items, k) if countries else None
            if inner is not None and inner.kind == "phrase" and inner.has("country") and not inner.has("org"):
                own = [replace(c, country=inner.first("country")) for c in chains]
                k += 3
            persons.append(PersonMention(name, own, "role.title-list", name.start, name.end))
            used.update(range(i, k))
            i = k
            listed.append((name, i))
        return listed

    def _member_of(self, items: list[Item], chain: Chain, name: NameMatch) -> None:
        """"Thượng nghị sĩ X thuộc Thượng viện Hoa Kỳ": the organisation after the name holds the
        post the title before it named with none."""
        k = name.next_index
        if chain.org is None and k + 1 < len(items) and items[k].is_word(*self.book.member_of) \
                and items[k + 1].kind == "phrase" and items[k + 1].has("org"):
            chain.org = self.orgs.org(items[k + 1].first("org"))
            name.next_index = k + 2

    def _split_org_name(self, items: list[Item], chains: list[Chain], j: int) -> NameMatch | None:
        """Give back the trailing name an organisation pattern swallowed (see OrgResolver)."""
        org_index = next((k for k in range(j - 1, -1, -1) if items[k].kind == "phrase" and items[k].parts), None)
        if org_index is None:
            return None
        split = self.orgs.split_trailing_name(items[org_index])
        if split is None:
            return None
        org_item, name_items = split
        items[org_index] = org_item
        chains[-1].org = self.orgs.org(org_item.first("org"))
        chains[-1].end = org_item.end
        start, end = name_items[0].start, name_items[-1].end
        return NameMatch(self.text[start:end], start, end, None, len(name_items), j)

    def _post_chains(self, items: list[Item], j: int, titled: bool = False) -> tuple[list[Chain], int]:
        """Titles in apposition after a name: "X, Thứ trưởng …, Giám đốc …" or "X - Phó Chủ tịch …"
        (``titled``: the name had a title before it)."""
        chains: list[Chain] = []
        while j < len(items) and items[j].kind == "punct" and items[j].surface in _APPOSITION:
            if j + 3 < len(items) and items[j + 1].is_word("hiện", "nay") and items[j + 2].is_word("là"):
                j += 2   # "nguyên Chủ tịch Thượng viện, hiện là Chủ tịch Nhóm …": the post now held
            chain = self.parse_chain(items, j + 1)
            if chain is None and chains and self._parent_apposition(items, j + 1):
                j += 2   # "…, Vụ trưởng Vụ X, Bộ Công Thương, Trưởng đoàn đàm phán": the ministry of the post before
                continue
            if chain is None and chains and chains[-1].org is None and self._org_apposition(items, j + 1):
                # "…, Tham tán Thương mại, Thương vụ Việt Nam tại Kuwait, …": where the post is held
                chains[-1].org = self.orgs.org(items[j + 1].first("org"))
                chains[-1].end = items[j + 1].end
                j += 2
                continue
            if chain is None:
                break
            if (chains or titled) and chain.org is None and chain.country is None and chain.next_index < len(items) \
                    and items[chain.next_index].kind == "word" and not items[chain.next_index].is_cap \
                    and not items[chain.next_index].is_word("kiêm", "phụ"):
                break   # "Tiếp bà X, Đại sứ …, Chủ tịch nước vui mừng …": a bare title and a verb: the next subject
            # "A, Bộ trưởng X Nguyễn Văn B": the title belongs to the next name, not to A (but one
            # capitalised word closing the apposition names no one: "…, Tổng Giám đốc Telemor.").
            following = self.parse_name(items, chain.next_index, anchored=True)
            if following and following.words == 1 and not following.honorific \
                    and (following.next_index >= len(items) or items[following.next_index].kind == "punct"):
                self._lone_org(items, chain)
            elif following:
                break
            chains.append(chain)
            j = chain.next_index
            while j < len(items) and items[j].is_word("kiêm"):
                chain = self.parse_chain(items, j + 1)
                if chain is None:
                    break
                chain.joined_by_kiem = True
                chains.append(chain)
                j = chain.next_index
        return chains, j

    def _lone_org(self, items: list[Item], chain: Chain) -> None:
        """"…, Tổng Giám đốc Telemor.": a title whose holders head companies, and one capitalised
        word in no gazetteer after it, names the company."""
        kind = self.book.titles[chain.title].names_org_kind
        if chain.org is None and kind:
            word = items[chain.next_index]
            chain.org = self.orgs.mint(word.surface, kind)
            chain.end = word.end
            chain.next_index += 1

    def _title_in_name(self, start: int) -> bool:
        """Whether the title at ``start`` is part of a proper name ("Phủ Chủ tịch")."""
        before = self.text[max(0, start - 16):start].rstrip()
        return any(before.endswith(w) and (len(before) == len(w) or not before[-len(w) - 1].isalnum())
                   for w in self.book.title_in_name_words)

    @staticmethod
    def _org_apposition(items: list[Item], k: int) -> bool:
        """An organisation alone between commas (or closing the clause)."""
        return k < len(items) and items[k].kind == "phrase" and items[k].has("org") and not items[k].has("title") \
            and (k + 1 == len(items) or items[k + 1].surface in ",.;:")

    @staticmethod
    def _parent_apposition(items: list[Item], k: int) -> bool:
        """An organisation alone between commas, with a title after it."""
        return RoleParser._org_apposition(items, k) and k + 2 < len(items) and items[k + 1].surface == "," \
            and items[k + 2].kind == "phrase" and items[k + 2].has("title", "qualifier")


@dataclass
class _PendingPortfolio:
    portfolio: str
    kind: str = "pending"
    id: str = ""
