"""From extractions to quads on the ontology (see docs/model.md).

Three kinds of named graph: one per article (everything that article states, with its
evidence), the reference graph (the curated knowledge from the rules), and the derived
graph (facts computed across articles: role intervals).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator

from .identity import ArticleFacts, Identity, membership_key, short_hash
from .model import Event, Evidence, Extraction, Ref
from .rulebook import Rulebook
from .terms import Quad, date, integer, iri, lit, typed
from .text import fold
from .vocab import (
    DERIVED_GRAPH,
    ID,
    NKG,
    ORG,
    PROV,
    RDF_TYPE,
    RDFS_LABEL,
    REFERENCE_GRAPH,
    SCHEMA,
    SKOS,
    TIME,
)

A = iri(RDF_TYPE)
_P = {name: iri(str(ns[name])) for ns, names in (
    (SCHEMA, ["name", "alternateName", "datePublished", "publisher", "articleBody", "inLanguage", "headline",
              "attendee", "startDate", "endDate", "location", "about", "superEvent", "identifier", "containedInPlace"]),
    (ORG, ["member", "organization", "role", "memberDuring", "subOrganizationOf", "classification"]),
    (SKOS, ["prefLabel", "altLabel", "broader", "inScheme", "hasTopConcept"]),
    (PROV, ["wasDerivedFrom"]),
    (TIME, ["hasBeginning", "hasEnd", "inXSDDate"]),
) for name in names}
_N = {name: iri(str(getattr(NKG, name))) for name in (
    "asciiName", "nationality", "country", "qualifier", "portfolio", "hostCountry", "agreement", "ordinal",
    "cameoCode", "ploverType", "ploverMode", "party", "partnershipLevel", "evidence", "sentence",
    "sentenceStart", "sentenceEnd", "spanStart", "spanEnd", "rule", "firstAttested", "lastAttested")}
LABEL = iri(RDFS_LABEL)
_EVIDENCE = iri(str(NKG.Evidence))
_ID = str(ID)


def node(path: str) -> str:
    return iri(_ID + path)   # as ID[path], without rdflib's per-term checks (a tenth of the build)


def article_iri(article_id: str) -> str:
    return node(f"article/{article_id}")


def ref_iri(ref: Ref) -> str:
    return node(f"{'org' if ref.kind == 'org' else ref.kind}/{ref.id}")


def cls(ns, name: str) -> str:
    return iri(str(ns[name]))


# --------------------------------------------------------------------------- reference graph

def reference_quads(book: Rulebook) -> Iterator[Quad]:
    """The curated knowledge: organisations, countries, places, roles, qualifiers, topics."""
    g = iri(str(REFERENCE_GRAPH))
    for c in book.countries.values():
        s = node(f"country/{c.id}")
        yield s, A, cls(SCHEMA, "Country"), g
        yield s, _P["name"], lit(c.vi, "vi"), g
        yield s, _P["name"], lit(c.en, "en"), g
        yield s, _P["identifier"], lit(c.id.upper()), g
        for alias in sorted(set(c.aliases) - {c.vi}):
            yield s, _P["altLabel"], lit(alias, "vi"), g
        for alias in sorted(set(c.en_aliases) - {c.en}):
            yield s, _P["altLabel"], lit(alias, "en"), g
    for p in book.places.values():
        s = node(f"place/{p.id}")
        yield s, A, cls(SCHEMA, "Place"), g
        if p.kind == "city":
            yield s, A, cls(SCHEMA, "City"), g
        yield s, _P["name"], lit(p.vi, "vi"), g
        if p.en and p.en != p.vi:
            yield s, _P["name"], lit(p.en, "en"), g
        for alias in sorted(set(p.aliases) - {p.vi, p.en}):
            yield s, _P["altLabel"], lit(alias, "vi"), g
        if p.country:
            yield s, _P["containedInPlace"], node(f"country/{p.country}"), g
    kinds = set()
    for o in book.organisations.values():
        yield from _org_quads(Ref("org", o.id, o.vi, o.en, o.kind, o.country, o.parent), g,
                              aliases=sorted(set(o.aliases) - {o.vi}), acronyms=o.acronyms)
        kinds.add(o.kind)
    for pub in book.publishers.values():
        s = node(f"org/publisher-{pub.id}")
        yield s, A, cls(ORG, "Organization"), g
        yield s, A, cls(SCHEMA, "NewsMediaOrganization"), g
        yield s, _P["name"], lit(pub.vi, "vi"), g
        yield s, _P["prefLabel"], lit(pub.vi, "vi"), g
        if pub.en != pub.vi:
            yield s, _P["name"], lit(pub.en, "en"), g
            yield s, _P["prefLabel"], lit(pub.en, "en"), g
        for alias in sorted(set(pub.aliases)):
            yield s, _P["altLabel"], lit(alias), g
        yield s, _P["classification"], node("orgkind/media"), g
        kinds.add("media")
    from .rulebook import ORG_KINDS
    for kind in sorted(ORG_KINDS):
        s = node(f"orgkind/{kind}")
        yield s, A, cls(SKOS, "Concept"), g
        yield s, _P["prefLabel"], lit(kind.replace("-", " "), "en"), g
        yield s, _P["inScheme"], node("scheme/orgkinds"), g
    yield node("scheme/orgkinds"), A, cls(SKOS, "ConceptScheme"), g
    yield node("scheme/roles"), A, cls(SKOS, "ConceptScheme"), g
    for t in book.titles.values():
        s = node(f"role/{t.id}")
        yield s, A, cls(ORG, "Role"), g
        yield s, A, cls(SKOS, "Concept"), g
        yield s, _P["prefLabel"], lit(t.vi[0], "vi"), g
        yield s, _P["prefLabel"], lit(t.en, "en"), g
        for alias in t.vi[1:]:
            yield s, _P["altLabel"], lit(alias, "vi"), g
        if t.broader:
            yield s, _P["broader"], node(f"role/{t.broader}"), g
        yield s, _P["inScheme"], node("scheme/roles"), g
    yield node("scheme/qualifiers"), A, cls(SKOS, "ConceptScheme"), g
    for q in book.qualifiers.values():
        s = node(f"qualifier/{q.id}")
        yield s, A, cls(SKOS, "Concept"), g
        yield s, _P["prefLabel"], lit(q.en, "en"), g
        yield s, _P["prefLabel"], lit(q.vi, "vi"), g
        yield s, _P["inScheme"], node("scheme/qualifiers"), g
        yield node("scheme/qualifiers"), _P["hasTopConcept"], s, g
    yield node("scheme/topics"), A, cls(SKOS, "ConceptScheme"), g
    yield node("scheme/topics"), _P["prefLabel"], lit("trade and diplomacy topics", "en"), g
    yield node("scheme/topics"), _P["prefLabel"], lit("chủ đề thương mại và ngoại giao", "vi"), g
    for t in book.topics.values():
        s = node(f"topic/{t.id}")
        yield s, A, cls(SKOS, "Concept"), g
        yield s, _P["prefLabel"], lit(t.en, "en"), g
        yield s, _P["prefLabel"], lit(t.vi, "vi"), g
        for alias in sorted(set(t.alt) - {t.vi}):
            yield s, _P["altLabel"], lit(alias, "vi"), g
        if t.broader:
            yield s, _P["broader"], node(f"topic/{t.broader}"), g
        yield s, _P["inScheme"], node("scheme/topics"), g
    for lvl in book.partnership_levels.values():
        s = node(f"partnership-level/{lvl.id}")
        yield s, A, cls(SKOS, "Concept"), g
        yield s, _P["prefLabel"], lit(lvl.en, "en"), g
        yield s, _P["prefLabel"], lit(lvl.vi[0], "vi"), g
    # Curated agreements carry their names here; the type (and with it the shape that asks
    # for provenance) comes from the articles that mention them.
    for a in book.agreements.values():
        s = node(f"agreement/{a.id}")
        yield s, _P["name"], lit(a.vi, "vi"), g
        yield s, _P["name"], lit(a.en, "en"), g
        for alias in sorted(set(a.aliases)):
            yield s, _P["altLabel"], lit(alias, "vi"), g
        for party in a.parties:
            yield s, _N["party"], node(f"country/{party}"), g


def _org_quads(ref: Ref, g: str, aliases: Iterable[str] = (), acronyms: Iterable[str] = ()) -> Iterator[Quad]:
    s = ref_iri(ref)
    yield s, A, cls(ORG, "Organization"), g
    yield s, _P["name"], lit(ref.vi, "vi"), g
    yield s, _P["prefLabel"], lit(ref.vi, "vi"), g
    if ref.en and ref.en != ref.vi:
        yield s, _P["name"], lit(ref.en, "en"), g
        yield s, _P["prefLabel"], lit(ref.en, "en"), g
    for alias in aliases:
        yield s, _P["altLabel"], lit(alias, "vi"), g
    for acronym in acronyms:
        yield s, _P["altLabel"], lit(acronym), g
    if ref.parent:
        yield s, _P["subOrganizationOf"], node(f"org/{ref.parent}"), g
    if ref.country:
        yield s, _N["country"], node(f"country/{ref.country}"), g
    if ref.org_kind:
        yield s, _P["classification"], node(f"orgkind/{ref.org_kind}"), g


# --------------------------------------------------------------------------- article graphs

class ArticleGraph:
    """Quads for one article's named graph."""

    def __init__(self, ext: Extraction, ident: Identity, book: Rulebook):
        self.ext = ext
        self.ident = ident
        self.book = book
        self.g = article_iri(ext.article_id)
        self.quads: list[Quad] = []

    def add(self, s: str, p: str, o: str) -> None:
        self.quads.append((s, p, o, self.g))

    def evidence(self, subject: str, ev: Evidence) -> None:
        e = node(f"evidence/{short_hash(self.ext.article_id, ev.start, ev.end, ev.rule)}")
        self.add(subject, _N["evidence"], e)
        self.add(e, A, _EVIDENCE)
        self.add(e, _P["wasDerivedFrom"], self.g)
        self.add(e, _N["sentence"], lit(self.ext.text[ev.sentence_start:ev.sentence_end]))
        self.add(e, _N["sentenceStart"], integer(ev.sentence_start))
        self.add(e, _N["sentenceEnd"], integer(ev.sentence_end))
        self.add(e, _N["spanStart"], integer(ev.start))
        self.add(e, _N["spanEnd"], integer(ev.end))
        self.add(e, _N["rule"], lit(ev.rule))

    def build(self) -> list[Quad]:
        ext = self.ext
        a = self.g
        self.add(a, A, cls(SCHEMA, "NewsArticle"))
        self.add(a, _P["datePublished"], date(ext.date))
        self.add(a, _P["articleBody"], lit(ext.text))
        self.add(a, _P["inLanguage"], lit("vi"))
        headline = ext.text.split("\n", 1)[0]
        self.add(a, _P["headline"], lit(headline[:200] + ("…" if len(headline) > 200 else "")))
        if ext.publisher:
            self.add(a, _P["publisher"], node(f"org/publisher-{ext.publisher}"))
        self._people()
        self._places()
        self._organisations()
        self._memberships()
        self._events()
        self._agreements()
        self._partnerships()
        return self.quads

    def person_iri(self, key: str) -> str:
        return node(f"person/{self.ident.person(key)}")

    def _people(self) -> None:
        for key, p in self.ext.persons.items():
            s = self.person_iri(key)
            canonical = self.ident.person_name[self.ident.canonical_key(key)]
            self.add(s, A, cls(SCHEMA, "Person"))
            self.add(s, _P["name"], lit(canonical))
            self.add(s, _N["asciiName"], lit(_title_case_fold(canonical)))
            for form in sorted(p.surface_forms | {p.name}):
                if form != canonical:
                    self.add(s, _P["alternateName"], lit(form))
            if p.country:
                self.add(s, _N["nationality"], node(f"country/{p.country}"))
            self.add(s, _P["wasDerivedFrom"], self.g)
            for ev in p.evidence[:1]:   # where the article first names them
                self.evidence(s, ev)

    def _places(self) -> None:
        """Places found by pattern, not in the gazetteer: their names come from the article."""
        for ref in self.ext.places.values():
            if not ref.minted:
                continue
            s = ref_iri(ref)
            self.add(s, A, cls(SCHEMA, "Place"))
            self.add(s, _P["name"], lit(ref.vi, "vi"))
            if ref.en and ref.en != ref.vi:
                self.add(s, _P["name"], lit(ref.en, "en"))
            if ref.country:
                self.add(s, _P["containedInPlace"], node(f"country/{ref.country}"))
            self.add(s, _P["wasDerivedFrom"], self.g)

    def _organisations(self) -> None:
        for oid, ref in self.ext.organisations.items():
            s = ref_iri(ref)
            if ref.minted:
                for q in _org_quads(ref, self.g, [ref.written] if ref.written else ()):
                    self.quads.append(q)
            self.add(s, _P["wasDerivedFrom"], self.g)
            if ref.minted:   # a curated organisation needs no span; one found by pattern keeps it
                for ev in self.ext.org_evidence.get(oid, [])[:1]:
                    self.evidence(s, ev)

    def _memberships(self) -> None:
        for role in self.ext.roles:
            if role.org is None:
                continue
            slug = self.ident.person(role.person)
            m = node(f"membership/{membership_key(slug, role)}")
            self.add(m, A, cls(ORG, "Membership"))
            self.add(m, _P["member"], self.person_iri(role.person))
            self.add(m, _P["organization"], ref_iri(role.org))
            self.add(m, _P["role"], node(f"role/{role.title}"))
            for q in sorted(role.qualifiers):
                self.add(m, _N["qualifier"], node(f"qualifier/{q}"))
            if role.portfolio:
                self.add(m, _N["portfolio"], lit(role.portfolio, "vi"))
            if role.host_country:
                self.add(m, _N["hostCountry"], node(f"country/{role.host_country}"))
            self.add(m, _P["wasDerivedFrom"], self.g)
            for ev in role.evidence[:1]:
                self.evidence(m, ev)

    def _events(self) -> None:
        types = self.book.event_types
        for index, ev in enumerate(self.ext.events):
            cluster = self.ident.event_of[(self.ext.article_id, index)]
            s = node(f"event/{cluster.iri_key}")
            etype = types[cluster.kind]
            self.add(s, A, cls(SCHEMA, "Event"))
            self.add(s, A, iri(str(getattr(NKG, etype.cls))))
            self.add(s, _P["name"], lit(self._event_name(cluster, "vi"), "vi"))
            self.add(s, _P["name"], lit(self._event_name(cluster, "en"), "en"))
            for key in ev.participants:
                self.add(s, _P["attendee"], self.person_iri(key))
            for ref in ev.org_participants:
                self.add(s, _P["attendee"], ref_iri(ref))
            if cluster.date:
                self.add(s, _P["startDate"], date(cluster.date))
            if ev.end_date and cluster.date and ev.end_date >= cluster.date:
                self.add(s, _P["endDate"], date(ev.end_date))
            for place in ev.places:
                self.add(s, _P["location"], ref_iri(place))
            for topic in sorted(ev.topics):
                self.add(s, _P["about"], node(f"topic/{topic}"))
            if ev.super_event is not None:
                sup = self.ident.event_of[(self.ext.article_id, ev.super_event)]
                self.add(s, _P["superEvent"], node(f"event/{sup.iri_key}"))
            if ev.agreement:
                self.add(s, _N["agreement"], node(f"agreement/{ev.agreement}"))
            if ev.ordinal:
                self.add(s, _N["ordinal"], integer(ev.ordinal))
            cameo, mode = etype.cameo, etype.mode
            if self._sideline(cluster):
                cameo, mode = self.book.sideline.get("cameo", cameo), self.book.sideline.get("mode", mode)
            self.add(s, _N["cameoCode"], lit(cameo))
            self.add(s, _N["ploverType"], lit(etype.plover))
            if mode:
                self.add(s, _N["ploverMode"], lit(mode))
            self.add(s, _P["wasDerivedFrom"], self.g)
            for e in ev.evidence[:2]:
                self.evidence(s, e)

    def _sideline(self, cluster) -> bool:
        return any(self.ident_event(m).sideline for m in cluster.members if m[0] == self.ext.article_id)

    def ident_event(self, member: tuple[str, int]) -> Event:
        return self.ext.events[member[1]]

    def _event_name(self, cluster, lang: str) -> str:
        etype = self.book.event_types[cluster.kind]
        names = sorted(self.ident.person_name[p] for p in cluster.participants)
        label = etype.vi if lang == "vi" else etype.en
        label = label[:1].upper() + label[1:]
        ev = next((self.ext.events[i] for a, i in cluster.members if a == self.ext.article_id), None)
        if ev is not None and ev.name:
            label = ev.name
        if names:
            label += ": " + ", ".join(names)
        if cluster.date:
            label += f" ({cluster.date.isoformat()})"
        return label

    def _agreements(self) -> None:
        for key, mention in self.ext.agreements.items():
            s = node(f"agreement/{key}")
            self.add(s, A, iri(str(NKG.Agreement)))
            if not mention.known:
                self.add(s, _P["name"], lit(mention.name, "vi"))
                for party in mention.parties:
                    self.add(s, _N["party"], node(f"country/{party}"))
            self.add(s, _P["wasDerivedFrom"], self.g)
            for ev in mention.evidence[:1]:
                self.evidence(s, ev)

    def _partnerships(self) -> None:
        for p in self.ext.partnerships:
            a, b = p.parties
            s = node(f"partnership/{p.level}-{a}-{b}")
            lvl = self.book.partnership_levels[p.level]
            ca, cb = self.book.countries[a], self.book.countries[b]
            self.add(s, A, iri(str(NKG.Partnership)))
            self.add(s, _P["name"], lit(f"{lvl.vi[0]} {ca.vi} – {cb.vi}", "vi"))
            self.add(s, _P["name"], lit(f"{lvl.en} {ca.en} – {cb.en}", "en"))
            self.add(s, _N["party"], node(f"country/{a}"))
            self.add(s, _N["party"], node(f"country/{b}"))
            self.add(s, _N["partnershipLevel"], node(f"partnership-level/{p.level}"))
            self.add(s, _P["wasDerivedFrom"], self.g)
            for ev in p.evidence[:1]:
                self.evidence(s, ev)


def article_quads(ext: Extraction, ident: Identity, book: Rulebook) -> list[Quad]:
    return ArticleGraph(ext, ident, book).build()


# --------------------------------------------------------------------------- derived graph

def attestations(ext: Extraction, ident: Identity, book: Rulebook) -> list[tuple[str, dt.date, bool]]:
    """What one article says about memberships' time: (membership key, article date, stated as
    former). The derived graph is computed from these alone."""
    out = []
    for role in ext.roles:
        if role.org is None:
            continue
        key = membership_key(ident.person(role.person), role)
        ended = any(book.qualifiers[q].ends_role for q in role.qualifiers if q in book.qualifiers)
        out.append((key, ext.date, ended))
    return out


def membership_intervals(extractions: Iterable[Extraction], ident: Identity, book: Rulebook
                         ) -> tuple[dict[str, list[dt.date]], dict[str, dt.date]]:
    """For each membership: the article dates attesting it as current, and the earliest date
    of an article calling it former (it ended before that date)."""
    spans: dict[str, list[dt.date]] = defaultdict(list)
    ended: dict[str, dt.date] = {}
    for ext in extractions:
        for key, day, former in attestations(ext, ident, book):
            if former:
                ended[key] = min(ended.get(key, day), day)
            else:
                spans[key].append(day)
    return spans, ended


def derived_quads(extractions: Iterable[Extraction], ident: Identity, book: Rulebook) -> Iterator[Quad]:
    """Role intervals: the first and last article dates attesting each membership; a
    "former" statement ends the membership before its article's date."""
    spans, ended = membership_intervals(extractions, ident, book)
    for key in sorted(set(spans) | set(ended)):
        yield from interval_quads(key, spans.get(key, []), ended.get(key))


def interval_quads(key: str, dates: list[dt.date], ended: dt.date | None) -> Iterator[Quad]:
    """The derived-graph quads of one membership: attested from its first to its last date,
    and ended before ``ended`` when an article called it former."""
    g = iri(str(DERIVED_GRAPH))
    m, interval, begin, end = interval_subjects(key)
    yield m, _P["memberDuring"], interval, g
    yield interval, A, cls(TIME, "Interval"), g
    if dates:
        first, last = min(dates), max(dates)
        yield interval, _N["firstAttested"], date(first), g
        yield interval, _N["lastAttested"], date(last), g
        yield interval, _P["hasBeginning"], begin, g
        yield begin, A, cls(TIME, "Instant"), g
        yield begin, _P["inXSDDate"], date(first), g
    if ended is not None:
        yield interval, _P["hasEnd"], end, g
        yield end, A, cls(TIME, "Instant"), g
        yield end, _P["inXSDDate"], date(ended), g
        yield end, LABEL, lit("ended before this date (stated as former)", "en"), g


def interval_subjects(key: str) -> tuple[str, str, str, str]:
    """The nodes of one membership's derived quads: the membership, its interval, and the
    interval's beginning and end."""
    return (node(f"membership/{key}"), node(f"interval/{key}"), node(f"interval/{key}/attested-from"),
            node(f"interval/{key}/ended-before"))


def identity_signature(facts: ArticleFacts, ident: Identity) -> str:
    """A hash of everything an article's named graph takes from the rest of the corpus (who its
    people are, which event nodes its reports joined): when it changes, the graph must be
    rewritten even though the article did not change."""
    parts: list[object] = []
    for key in sorted(k for k, _, _ in facts.persons):
        canonical = ident.canonical_key(key)
        parts.append((key, ident.person_slug[canonical], ident.person_name[canonical]))
    for index in range(len(facts.events)):
        c = ident.event_of[(facts.article_id, index)]
        parts.append((index, c.iri_key, c.kind, c.date, sorted(ident.person_name[p] for p in c.participants),
                      sorted(m for m in c.members if m[0] == facts.article_id)))
    return short_hash(repr(parts), length=32)


def _title_case_fold(name: str) -> str:
    return " ".join(w.capitalize() for w in fold(name).split())


__all__ = ["reference_quads", "article_quads", "derived_quads", "interval_quads", "interval_subjects", "attestations",
           "identity_signature", "article_iri", "node", "typed"]
