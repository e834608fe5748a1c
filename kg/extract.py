"""Extraction: one article in, its people, roles, organisations and events out.

:func:`extract_article` is pure (text and rules in, :class:`~kg.model.Extraction` out, no
RDF, no I/O), so it runs the same in a worker process, a Dask task or a test.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from .article import Article
from .dates import find_dates
from .events import (
    GATHERINGS,
    EventDetector,
    SentenceFacts,
    assign_topics,
    counterparts_of_calls,
    drop_summaries,
    drop_unscheduled,
    inherit_from_super_events,
    inherit_place_within_spans,
    merge_events,
    rounds_of_the_one_agreement,
    scan_triggers,
)
from .model import (
    AgreementMention,
    Event,
    Evidence,
    Extraction,
    Partnership,
    Person,
    Ref,
    Role,
)
from .orgs import OrgResolver
from .roles import Chain, NameMatch, PersonMention, RoleOnlyMention, RoleParser
from .rulebook import Rulebook, load_rulebook
from .text import (
    Span,
    find_words,
    fold,
    split_sentences,
    vietnamese_word,
    without_middle_initials,
)
from .tokens import Item, sentence_items

_NEXT_WORD = re.compile(r"[ \t]+(\w+)")   # the word after a gathering's noun
_LEADING_ACRONYM = re.compile(r"^\([^()]*\)\s*")   # "(UBND) tỉnh X" after a body's noun

#: Sentences longer than this are cut into pieces before matching (keeps every rule linear).
MAX_SENTENCE_CHARS = 4000


def extract_article(article: Article, book: Rulebook | None = None) -> Extraction:
    """Extract everything the rules find in one article."""
    return _ArticleExtractor(article, book or load_rulebook()).run()


def person_key(name: str, known_id: str | None = None) -> str:
    """Identity key of a person: a known person's id, else the folded name tokens, sorted
    (so "Ishiba Shigeru" and "Shigeru Ishiba" are one person)."""
    if known_id:
        return "k:" + known_id
    return "n:" + " ".join(sorted(fold(name).split()))


class _ArticleExtractor:
    def __init__(self, article: Article, book: Rulebook):
        self.article = article
        self.book = book
        self.text = article.text
        self.ext = Extraction(article.id, article.date, article.text)
        self.orgs = OrgResolver(book)
        self.parser = RoleParser(book, self.orgs, self.text)

    # ------------------------------------------------------------------ pipeline

    def run(self) -> Extraction:
        masked = self._mask_noise()
        self.masked = masked
        sentences = _bounded(split_sentences(self.text))
        phrases = list(self.book.phrases.finditer(masked))
        starts = [p.start for p in phrases]
        self.country_counts = Counter(c.id for p in phrases for c in p.candidates if c.kind == "country")
        parsed = []
        for index, sent in enumerate(sentences):
            lo = bisect.bisect_left(starts, sent.start)
            hi = bisect.bisect_left(starts, sent.end)
            items = sentence_items(masked, sent.start, sent.end, [p for p in phrases[lo:hi] if p.end <= sent.end])
            items = self.orgs.merge_patterns(items, self._context_country(items))
            persons, role_only, used = self.parser.parse_sentence(items)
            parsed.append((index, sent, items, persons, role_only, used))
        self._register_people(parsed)
        self._find_more_mentions(parsed, masked)
        all_dates = find_dates(masked, 0, len(masked), self.article.date, self.book, [s.end for s in sentences])
        date_starts = [d.start for d in all_dates]
        facts = [self._sentence_facts(p, all_dates, date_starts) for p in parsed]
        self._roles(parsed)
        self._organisations(parsed)
        self._agreements_and_partnerships(parsed)
        self._events(facts, parsed)
        self.ext.organisations.update({k: v for k, v in self.orgs.minted.items() if k in self.ext.organisations})
        return self.ext

    # ------------------------------------------------------------------ noise and publisher

    def _mask_noise(self) -> str:
        text = self.text
        chars = list(text)

        def mask(start: int, end: int, rule: str) -> None:
            for k in range(start, end):
                if chars[k] != "\n":
                    chars[k] = " "
            self.ext.masked.append((start, end, rule))

        self.dateline = None
        lead = self.book.outlet_lead.match(text)
        if lead:
            publisher = self._publisher_for(lead.group("mark"))
            if publisher:
                self.ext.publisher = publisher
                mask(lead.start(), lead.end(), "noise.outlet-lead")
                self.dateline = self._place_for(lead.group("place") or "")
        for regex in self.book.photo_credits:
            for m in regex.finditer(text):
                mark = re.sub(r"^(?:Theo|Nguồn)\s*:?\s*", "", m.group().strip(" ().:"))
                if self.ext.publisher is None and self._publisher_for(mark):
                    self.ext.publisher = self._publisher_for(mark)
                mask(m.start(), m.end(), "noise.photo-credit")
        paragraphs = [p for p in _paragraph_spans(text) if "".join(chars[p.start:p.end]).strip()]
        if len(paragraphs) > 1:
            last = paragraphs[-1]
            # "Kim Chung (Phóng viên TTXVN tại Bỉ)": what the parentheses say is the reporter's post
            words = re.sub(r"\([^)]*\)", " ", text[last.start:last.end]).split()
            if len(words) <= self.book.byline_max_words and not any(
                    w[:1].islower() and w.lower() not in {"theo", "và"} for w in words):
                inner = re.findall(r"\(([^)]+)\)", text[last.start:last.end])
                for mark in inner + [re.sub(r"^Theo\s+", "", text[last.start:last.end])]:
                    if self.ext.publisher is None and self._publisher_for(mark.strip()):
                        self.ext.publisher = self._publisher_for(mark.strip())
                mask(last.start, last.end, "noise.byline")
        return "".join(chars)

    def _place_for(self, surface: str) -> Ref | None:
        for cand in self.book.phrases.candidates_for(surface.strip()):
            if cand.kind == "place":
                return self.orgs.place(cand.id)
            if cand.kind == "country":
                return self.orgs.country(cand.id)
        return None

    def _publisher_for(self, mark: str) -> str | None:
        for cand in self.book.phrases.candidates_for(mark):
            if cand.kind == "publisher" and (cand.exact is None or cand.exact == mark):
                return cand.id
        return None

    # ------------------------------------------------------------------ people

    def _context_country(self, items: list[Item]):
        """For a ministry named without a country: the next foreign country in the sentence,
        else the article's most-named foreign country."""
        def country_after(index: int) -> str | None:
            for it in items[index:]:
                if it.kind == "phrase" and it.has("country") and it.first("country") != "vn":
                    return it.first("country")
            return self._main_partner()
        return country_after

    def _main_partner(self) -> str | None:
        foreign = [(n, c) for c, n in self.country_counts.items() if c != "vn"]
        if not foreign:
            return None
        best = max(n for n, _ in foreign)
        return sorted(c for n, c in foreign if n == best)[0]

    def _register_people(self, parsed) -> None:
        """Full names first; then short forms ("ông Trump", "Hùng") that point to one of them."""
        self.by_surface: dict[str, str] = {}
        mentions = [(sent, m) for _, sent, _, persons, _, _ in parsed for m in persons]
        # Longest names first, so a shorter form can be recognised as part of one.
        ordered = sorted(mentions, key=lambda sm: (-(99 if sm[1].name.known_id else sm[1].name.words), sm[1].start))
        org_names = {it.surface for _, _, items, _, _, _ in parsed for it in items if it.kind == "phrase" and it.has("org")}
        for sent, m in ordered:
            if self._names_an_org(m, org_names) or self._lone_given_name(m):
                continue
            self._add_person(m, sent)

    def _lone_given_name(self, m: PersonMention) -> bool:
        """"chủ tịch Boeing Toàn cầu": one Vietnamese syllable, with no "ông" or "bà", that is
        the short form of no one the article names in full, is no one."""
        name = m.name
        return not name.known_id and not name.honorific and name.words == 1 \
            and vietnamese_word(name.name) and self._resolve_short_name(name.name) is None

    @staticmethod
    def _names_an_org(m: PersonMention, org_names: set[str]) -> bool:
        """"Công ty CP Nông sản Phú An …; Tổng giám đốc Phú An": a short Vietnamese name, with no
        "ông" or "bà", that ends the name of an organisation the article names is that
        organisation's (a foreign one is a person's name the organisation bears: "Viện Tony Blair")."""
        name = m.name
        return not name.known_id and not name.honorific and name.words <= 2 \
            and all(vietnamese_word(w) for w in name.name.split()) \
            and any(o.endswith(" " + name.name) for o in org_names)

    def _add_person(self, m: PersonMention, sent: Span) -> str:
        name = m.name.name
        key = None
        known = m.name.known_id
        if known:
            key = person_key(name, known)
            name = self.book.people[known].name
        elif m.name.words <= 3:
            key = self._resolve_short_name(name)
        if key is None:
            key = person_key(name)
            # ("Jamieson L. Greer" is the known Jamieson Greer)
            plain = without_middle_initials(name)
            for cand in [*self.book.phrases.candidates_for(name), *self.book.phrases.candidates_for(plain)]:
                if cand.kind == "person":
                    known = cand.id
                    key = person_key(name, known)
                    name = self.book.people[known].name
        person = self.ext.persons.get(key)
        if person is None:
            person = Person(key, name, known)
            if known:
                person.country = self.book.people[known].country
            self.ext.persons[key] = person
        elif len(name) > len(person.name) and not known and not person.known_id:
            person.name = name
        person.surface_forms.add(m.name.name)
        person.evidence.append(Evidence(sent.start, sent.end, m.name.start, m.name.end, m.rule))
        self.by_surface[m.name.name] = key
        m.key = key  # type: ignore[attr-defined]
        return key

    def _resolve_short_name(self, short: str) -> str | None:
        """A short name is the person of this article whose longer name starts or ends with it
        ("Trump", "Abdul Rahman", "Gutiérrez Paz"), or whose paternal surname it is in a Spanish
        or Portuguese name of a given name and two surnames ("Quispe" of "Ana Lucía Quispe
        Huamán"), when exactly one does; never a guess."""
        words = short.split()
        n = len(words)

        def stands_for(full: str) -> bool:
            parts = full.split()
            return len(parts) > n and (parts[-n:] == words or parts[:n] == words or n == 1 and len(parts) >= 3
                                       and parts[-2] == short and not _looks_vietnamese(full, self.book))
        matches = {k for k, p in self.ext.persons.items() if stands_for(p.name)}
        if len(matches) == 1:
            return matches.pop()
        return None

    def _find_more_mentions(self, parsed, masked: str) -> None:
        """Names already known in this article, written again without a title ("Helberg nói")."""
        forms: dict[str, str] = {}
        for key, p in self.ext.persons.items():
            for form in p.surface_forms | {p.name}:
                forms[form] = key
                parts = form.split()
                if len(parts) >= 2 and parts[-1][:1].isupper() and len(parts[-1]) > 2 and not _looks_vietnamese(form, self.book):
                    forms.setdefault(parts[-1], key)  # a Western surname
        if not forms:
            return
        for index, sent, items, persons, role_only, used in parsed:
            taken = [(m.name.start, m.name.end) for m in persons]
            taken += [(it.start, it.end) for k, it in enumerate(items) if k in used]
            for start, end in find_words(masked, forms, sent.start, sent.end):
                if any(s < end and start < e for s, e in taken):
                    continue
                form = masked[start:end]
                key = forms[form]
                name = NameMatch(form, start, end, None, len(form.split()), 0)
                extra = PersonMention(name, [], "person.repeated-name", start, end)
                extra.key = key  # type: ignore[attr-defined]
                persons.append(extra)
                self.ext.persons[key].surface_forms.add(form)
                self.ext.persons[key].evidence.append(Evidence(sent.start, sent.end, start, end, extra.rule))
                taken.append((start, end))

    # ------------------------------------------------------------------ roles

    def _side_countries(self, items: list, persons: list) -> dict[str, str]:
        """"phía Việt Nam có …; phía Brazil có …": the country of each person listed on a side."""
        sides = [(items[k + 1].end, items[k + 1].first("country")) for k in range(len(items) - 1)
                 if items[k].is_word(*self.book.side_words) and items[k + 1].kind == "phrase"
                 and items[k + 1].has("country") and not items[k + 1].has("org")]
        if not sides:
            return {}
        stops = [it.start for it in items if it.surface == ";"] + [start for start, _ in sides]
        out = {}
        for m in persons:
            key = getattr(m, "key", None)
            side = next((country for start, country in reversed(sides) if start <= m.start
                         and not any(start < s <= m.start for s in stops)), None)
            if key and side:
                out[key] = side
        return out

    def _person_country(self, key: str) -> str | None:
        p = self.ext.persons.get(key)
        if p is None:
            return None
        if p.country:
            return p.country
        if _looks_vietnamese(p.name, self.book):
            return "vn"
        return None

    def _delegation_org(self, sent, items: list, chain: Chain) -> Ref | None:
        """The organisation whose delegation a title leads: "đoàn … của <org> do <title> <name>"."""
        book = self.book
        i = next((k for k, it in enumerate(items) if it.start == chain.start), None)
        if i is None or i < 2 or not items[i - 1].is_word(*book.delegation_by):
            return None
        org_item = items[i - 2]
        if org_item.kind != "phrase" or not org_item.has("org") or org_item.has("title"):
            return None
        before = self.text[max(sent.start, org_item.start - 30):org_item.start].lower()
        if not any(f"{noun} " in before or before.startswith(noun) for noun in book.delegation_nouns):
            return None
        return self.orgs.org(org_item.first("org"))

    def _finish_chain(self, chain: Chain, person: str | None, siblings: list[Chain] = (),
                      side: str | None = None) -> Ref | None:
        """The organisation of a title: as written, or implied by the title and a country.

        ``siblings`` are the other titles written with the same name: "Đại sứ, Trưởng Phái đoàn
        EU" posts an ambassador for the EU, whatever the ambassador's nationality. ``side`` is
        the country of the side of a meeting the person is listed on ("phía Brazil có …"), used
        when nothing else tells the country.
        """
        title = self.book.titles[chain.title]
        if chain.org is not None:
            return chain.org
        if chain.bare_body:
            return self._body_of_sibling_jurisdiction(chain, siblings)
        if title.mission_rank and chain.country is None:
            # "Tham tán Thương mại, Trưởng Thương vụ Việt Nam tại Pháp": the rank is held there
            mission = next((c.org for c in siblings if c is not chain and c.org is not None and c.org.kind == "org"),
                           None)
            if mission is not None:
                return mission
        pending = chain.portfolio_pending
        sibling_country = next((c.org.country for c in siblings if c is not chain and c.org is not None
                                and c.org.kind == "org" and c.org.country), None)
        # "Phó Thủ tướng, Bộ trưởng Ngoại giao và Hợp tác quốc tế Campuchia": the country written
        # with one title of a person serves the others
        written_country = next((c.country for c in siblings if c is not chain and c.country
                                and not self.book.titles[c.title].for_country), None)
        country = chain.country or (sibling_country if title.for_country else None) \
            or (self._person_country(person) if person else None) or written_country or side
        if pending and country:
            return self.orgs.ministry(pending, country)
        if chain.ministry_pending:
            if not country:
                return None
            return self.orgs.named_ministry(f"{chain.ministry_pending} {self.book.countries[country].vi}", country)
        if title.for_country and (chain.country or sibling_country):
            return self.orgs.country(chain.country or sibling_country)
        kind = title.implies.get("kind")
        if kind and chain.country is None:
            # "Hạ nghị sĩ X, Chủ tịch Ủy ban Đối ngoại Hạ viện Hoa Kỳ": the chamber of the committee
            # the person chairs
            body = next((b for c in siblings if c is not chain and c.org is not None
                         for b in [self.orgs.ancestor_of_kind(c.org, kind)] if b is not None), None)
            if body is not None:
                return body
        implied = self.orgs.implied_by_title(chain.title, country, explicit=chain.country is not None)
        if implied is not None:
            return implied
        if title.for_country and country:
            return self.orgs.country(country)
        return None

    def _body_of_sibling_jurisdiction(self, chain: Chain, siblings: list[Chain]) -> Ref | None:
        """"Phó Bí thư Thành ủy, Chủ tịch UBND TP.HCM": the Thành ủy of the place the other
        post's local body is named with (as the article writes it)."""
        nouns = self.orgs.patterns.by_kind.get("local-government", ())
        for c in siblings:
            if c is chain or c.org is None or c.org.kind != "org":
                continue
            written = self.text[c.start:c.end]
            for noun in nouns:
                at = written.lower().find(noun + " ")
                if at >= 0:
                    # (without the acronym written after the body: "Ủy ban nhân dân (UBND) tỉnh X")
                    place = _LEADING_ACRONYM.sub("", written[at + len(noun):].strip())
                    # "Tỉnh ủy" + "tỉnh Hà Tĩnh": the noun says it is a province
                    word = next((j for j in self.book.jurisdictions if place.lower().startswith(j + " ")), None)
                    place = place[len(word) + 1:] if word else place
                    return self.orgs.mint(f"{chain.bare_body} {place}", "local-government", c.org.country or "vn")
        return None

    def _roles(self, parsed) -> None:
        roles: dict[tuple, Role] = {}
        self.role_index: list[tuple[str, str, str | None]] = []   # (person, title, org id)
        self.title_index: set[tuple[str, str]] = set()   # (person, title), with or without an org
        self.current_index: set[tuple[str, str]] = set()  # (person, title) held now (not "nguyên …")
        for index, sent, items, persons, role_only, used in parsed:
            sides = self._side_countries(items, persons)
            for m in persons:
                key = getattr(m, "key", None)
                if key is None:
                    continue
                _share_across_kiem(m.chains, self.book)
                for chain in m.chains:
                    self.title_index.add((key, chain.title))
                    if "former" not in chain.qualifiers:
                        self.current_index.add((key, chain.title))
                    org = self._finish_chain(chain, key, m.chains, sides.get(key))
                    if org is None and chain is m.chains[0] and not self.book.titles[chain.title].for_country:
                        org = self._delegation_org(sent, items, chain)
                        # ("đoàn Nghị sĩ Quốc hội Hoa Kỳ do Thượng nghị sĩ X dẫn đầu": X sits in its Senate)
                        implied = self.orgs.implied_by_title(chain.title, org.country) if org and org.country else None
                        if implied is not None and self.orgs.within(implied, org):
                            org = implied
                    if org is None:
                        continue
                    if chain.country and self.ext.persons[key].country is None and org.kind != "country" \
                            and self.book.titles[chain.title].for_country is False:
                        self.ext.persons[key].country = org.country
                    role = Role(key, chain.title, org, frozenset(chain.qualifiers), chain.portfolio, chain.host_country)
                    ev = Evidence(sent.start, sent.end, chain.start, chain.end, m.rule)
                    existing = roles.get(role.identity)
                    if existing is None:
                        role.evidence.append(ev)
                        roles[role.identity] = role
                    else:
                        existing.qualifiers = existing.qualifiers | role.qualifiers
                        existing.portfolio = existing.portfolio or role.portfolio
                        existing.host_country = existing.host_country or role.host_country
                        existing.evidence.append(ev)
                    self._note_org(org, ev)
        # A title written again with a name and no organisation ("Thứ trưởng Jacob Helberg")
        # is the same post as the one stated in full: drop org-less duplicates.
        self.ext.roles = list(roles.values())
        for r in self.ext.roles:
            self.role_index.append((r.person, r.title, r.org.id if r.org else None))

    def resolve_role_only(self, ro: RoleOnlyMention) -> str | None:
        """"Quyền Bộ trưởng", "Giám đốc Cơ quan Thương mại quốc tế": the one person of this
        article who holds that title (at that organisation, when one is named)."""
        chain = ro.chain
        org = self._finish_chain(chain, None)
        if org is None:   # anyone this article calls by that title, organisation or not
            holders = {p for p, t in self.title_index if t == chain.title}
        else:
            holders = {p for p, t, o in self.role_index if t == chain.title and o == org.id}
        if len(holders) > 1:   # a bare "Thứ trưởng" is who holds it now, not "nguyên Thứ trưởng"
            holders = {p for p in holders if (p, chain.title) in self.current_index} or holders
        if len(holders) > 1 and org is None:
            # A bare title in the Vietnamese press means the Vietnamese holder it writes about.
            holders = {p for p in holders if self._person_country(p) == "vn"} or holders
        if len(holders) == 1:
            return holders.pop()
        return None

    # ------------------------------------------------------------------ organisations, agreements

    def _note_org(self, ref: Ref, ev: Evidence) -> None:
        if ref.kind != "org":
            return
        self.ext.organisations.setdefault(ref.id, ref)
        self.ext.org_evidence.setdefault(ref.id, []).append(ev)

    def _organisations(self, parsed) -> None:
        for index, sent, items, persons, role_only, used in parsed:
            for it in items:
                if it.kind == "phrase" and it.has("org") and not it.has("title"):
                    ref = self.orgs.org(it.first("org"))
                    ev = Evidence(sent.start, sent.end, it.start, it.end, "org.gazetteer" if not ref.minted else "org.pattern")
                    for named in [ref, *self.orgs.named_within.get(ref.id, ())]:
                        self._note_org(named, ev)

    def _agreements_and_partnerships(self, parsed) -> None:
        self.sentence_agreements: dict[int, list[tuple[int, int, str]]] = {}
        for index, sent, items, persons, role_only, used in parsed:
            countries = [it.first("country") for it in items if it.kind == "phrase" and it.has("country")]
            for k, it in enumerate(items):
                if it.kind != "phrase":
                    continue
                if it.has("agreement"):
                    aid = it.first("agreement")
                    a = self.book.agreements[aid]
                    mention = self.ext.agreements.setdefault(aid, AgreementMention(aid, a.vi, True, a.parties))
                    mention.evidence.append(Evidence(sent.start, sent.end, it.start, it.end, "agreement.gazetteer"))
                    self.sentence_agreements.setdefault(index, []).append((it.start, it.end, aid))
                elif it.has("partnership"):
                    parties = self._partnership_parties(countries)
                    if parties:
                        level = it.first("partnership")
                        ev = Evidence(sent.start, sent.end, it.start, it.end, "partnership.level")
                        for p in self.ext.partnerships:
                            if p.level == level and p.parties == parties:
                                p.evidence.append(ev)
                                break
                        else:
                            self.ext.partnerships.append(Partnership(level, parties, [ev]))

    def _partnership_parties(self, countries: list[str]) -> tuple[str, str] | None:
        distinct = list(dict.fromkeys(countries))
        if len(distinct) == 2:
            return tuple(sorted(distinct))  # type: ignore[return-value]
        others = [c for c in distinct if c != "vn"]
        partner = others[0] if len(others) == 1 else (self._main_partner() if not others else None)
        if partner:
            return tuple(sorted(("vn", partner)))  # type: ignore[return-value]
        return None

    # ------------------------------------------------------------------ events

    def _sentence_facts(self, p, all_dates, date_starts) -> SentenceFacts:
        index, sent, items, persons, role_only, used = p
        lo = bisect.bisect_left(date_starts, sent.start)
        hi = bisect.bisect_left(date_starts, sent.end)
        dates = [d for d in all_dates[lo:hi] if d.end <= sent.end]
        return SentenceFacts(index, sent.start, sent.end, items, used, [], dates)

    def _name_opening(self, hit) -> int:
        """Where a gathering's name may start after its noun, past the lowercase words that open
        it ("Hội nghị tham vấn Bộ trưởng Kinh tế ASEAN …": that "Bộ trưởng" is no one)."""
        end = hit.end
        if hit.trigger.kind not in GATHERINGS:
            return end
        m = _NEXT_WORD.match(self.text, end)
        while m is not None and m.group(1) in self.book.event_name_words:
            end = m.end()
            m = _NEXT_WORD.match(self.text, end)
        return end if end == hit.end or m is None else m.start(1) + 1

    def _events(self, facts: list[SentenceFacts], parsed) -> None:
        hits = scan_triggers(self.masked, self.book)
        inside_trigger = [(h.start, self._name_opening(h)) for h in hits]
        for f, (index, sent, items, persons, role_only, used) in zip(facts, parsed):
            spans = [(m.name.start, m.name.end, m.key) for m in persons if getattr(m, "key", None)]
            for ro in role_only:
                if any(s <= ro.chain.start < e for s, e in inside_trigger):
                    continue   # "Hội nghị Bộ trưởng …": a title in an event's name stands for no one
                key = self.resolve_role_only(ro)
                if key:
                    spans.append((ro.chain.start, ro.chain.end, key))
            f.person_spans = sorted(spans)
            f.titled_from = {m.name.start: m.start for m in persons if getattr(m, "key", None)}
            f.agreements = self.sentence_agreements.get(index, [])
        detector = EventDetector(self.book, self.text, self.article.date)
        events = detector.detect(facts, self.masked, hits)
        events = drop_summaries(events)
        titles_of: dict[str, set[str]] = {}
        for person, title in self.title_index:   # (with an organisation or without)
            titles_of.setdefault(person, set()).update(self.book.title_labels[title])
        events = merge_events(events, self.book.mentioned_as, self.book.recollection_days, titles_of)
        inherit_from_super_events(events, self.book.country_wide_kinds, self.book.parts_take_place)
        rounds_of_the_one_agreement(events, list(self.ext.agreements))
        self._no_visits_home(events, facts)
        remote = self.book.remote_kinds
        inherit_place_within_spans(events, remote)
        counterparts_of_calls(events, remote)
        for ev in events:
            if ev.kind in remote:
                ev.places = []   # a call is held nowhere ("sau phiên … tại Washington và cuộc điện đàm …")
        if self.dateline is not None:
            # "Bắc Kinh (TTXVN) - …": the news is reported from where it happened; a city
            # dateline also makes "tại Trung Quốc" more precise (but a visit is to the country).
            for ev in events:
                if ev.planned or ev.online or ev.kind in remote or ev.date is not None and abs((ev.date - self.article.date).days) > 3:
                    continue   # told as yet to come, or long before: not where the news is from
                if not ev.places:
                    ev.places = [self.dateline]
                elif self.dateline.kind == "place" and [p.kind for p in ev.places] == ["country"] \
                        and ev.places[0].id == self.dateline.country and not self.book.event_types[ev.kind].to_a_country:
                    ev.places = [self.dateline]
        events = drop_unscheduled(events, self.text, facts, self.book.scheduled_words)
        topics = [self._sentence_topics(f) for f in facts]
        assign_topics(events, topics)
        for ev in events:
            for ref in ev.places:
                self.ext.places.setdefault(ref.id, ref)
            for ref in ev.org_participants:
                self.ext.organisations.setdefault(ref.id, self.orgs.org(ref.id))
        self.ext.events = events

    def _no_visits_home(self, events: list[Event], facts: list[SentenceFacts]) -> None:
        """"… hội đàm với bà X, Bộ trưởng Quốc phòng Nam Phi, nhân dịp Bộ trưởng thăm chính thức
        Việt Nam": no one visits the country they serve; the visitor is the one person of its
        sentences who serves another country."""
        served: dict[str, str] = {}   # (the country of the body a post is in, failing the person's own)
        for role in self.ext.roles:
            country = role.org and (role.org.id if role.org.kind == "country" else role.org.country)
            if country:
                served.setdefault(role.person, country)

        def home(key: str) -> str | None:
            return self._person_country(key) or served.get(key)
        for ev in events:
            dest = {p.id for p in ev.places if p.kind == "country"}
            if not self.book.event_types[ev.kind].to_a_country or not dest or not ev.participants \
                    or not all(home(k) in dest for k in ev.participants):
                continue
            others = {k for i in ev.sentences for s, e, k in facts[i].person_spans if home(k) not in dest | {None}}
            if len(others) == 1:
                ev.participants = list(others)
                ev.principals = list(others)

    def _sentence_topics(self, f: SentenceFacts) -> set[str]:
        return {it.first("topic") for k, it in enumerate(f.items)
                if k not in f.used and it.kind == "phrase" and it.has("topic")
                and not it.has("org", "title", "country", "place", "agreement")}


# --------------------------------------------------------------------------- helpers

def _share_across_kiem(chains: list[Chain], book: Rulebook) -> None:
    """"Chủ tịch kiêm Tổng Giám đốc Tập đoàn X": both titles are held at X; but "Phó Thủ tướng
    kiêm Bộ trưởng Ngoại giao Italy" is a post in Italy's government, the kind its title implies."""
    for a, b in zip(chains, chains[1:]):
        if b.joined_by_kiem and a.org is None and b.org is not None:
            if book.titles[a.title].implies.get("kind") == "government" and b.org.org_kind == "ministry":
                a.country = a.country or b.org.country
            else:
                a.org = b.org


def _looks_vietnamese(name: str, book: Rulebook) -> bool:
    parts = name.split()
    return len(parts) >= 2 and parts[0] in book.vietnamese_surnames


def _paragraph_spans(text: str) -> list[Span]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append(Span(pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _bounded(spans: list[Span]) -> list[Span]:
    out = []
    for s in spans:
        start = s.start
        while s.end - start > MAX_SENTENCE_CHARS:
            out.append(Span(start, start + MAX_SENTENCE_CHARS))
            start += MAX_SENTENCE_CHARS
        out.append(Span(start, s.end))
    return out


__all__ = ["extract_article", "person_key", "Event", "Evidence"]
