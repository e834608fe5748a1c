"""Identity across articles: one node per real person, event and membership.

| thing | same node when | never when |
|---|---|---|
| person | same known-person entry (any alias), or the same name tokens in any order ("Ishiba Shigeru" = "Shigeru Ishiba") | a bare one-word name that more than one person in the corpus could carry |
| organisation | same gazetteer entry (every alias and acronym), or same pattern-found name | |
| event | compatible kinds (a generic meeting can be the host's reception or talks), dates at most a day apart (or a missing date and an article date within a week after the other), two shared participants (or the same single participant on the same day, or the same negotiation round, or a round of the same agreement opening the same day), no conflicting places | the two reports come from one article (the article already told them apart) |
| membership | same person, title, organisation, and acting or not | |

Resolution reads only :class:`ArticleFacts`, a small summary of each extraction. When a few
articles of a large corpus change, :func:`update_identity` gives the answer :func:`resolve`
would give, re-clustering only the events the change can reach.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from .events import GATHERINGS
from .model import Extraction, Role
from .text import fold, slugify

_CONSULT = {"meeting", "reception", "talks", "visit"}
_SPECIFIC_FIRST = ["talks", "reception", "visit", "meeting"]


def short_hash(*parts: object, length: int = 16) -> str:
    data = "\x1f".join(str(p) for p in parts).encode()
    return hashlib.sha256(data).hexdigest()[:length]


@dataclass
class EventCluster:
    iri_key: str                # unique in the corpus: base_key, suffixed when another cluster has it
    kind: str
    date: dt.date | None
    members: list[tuple[str, int]] = field(default_factory=list)   # (article id, event index)
    participants: set[str] = field(default_factory=set)
    base_key: str = ""


@dataclass
class Identity:
    """The corpus-wide answer to "which node is this?"."""

    person_slug: dict[str, str] = field(default_factory=dict)        # person key -> IRI slug
    person_name: dict[str, str] = field(default_factory=dict)        # person key -> canonical name
    person_alias: dict[str, str] = field(default_factory=dict)       # short key -> full key
    person_why: dict[str, list[str]] = field(default_factory=dict)   # slug -> merge explanations
    event_of: dict[tuple[str, int], EventCluster] = field(default_factory=dict)
    clusters: list[EventCluster] = field(default_factory=list)

    def person(self, key: str) -> str:
        key = self.person_alias.get(key, key)
        return self.person_slug[key]

    def canonical_key(self, key: str) -> str:
        return self.person_alias.get(key, key)


# --------------------------------------------------------------------------- what resolution reads

class EventFacts(NamedTuple):
    """What identity resolution reads from one reported event."""

    kind: str
    date: dt.date | None
    places: tuple[tuple[str, str], ...]     # (kind, id)
    participants: tuple[str, ...]           # person keys, as the article has them
    ordinal: int | None
    agreement: str | None
    name: str | None


class ArticleFacts(NamedTuple):
    """What identity resolution reads from one article: small, cheap to store and reload."""

    article_id: str
    date: dt.date
    persons: tuple[tuple[str, str, tuple[str, ...]], ...]    # (key, name, surface forms)
    events: tuple[EventFacts, ...]


def facts_of(ext: Extraction) -> ArticleFacts:
    return ArticleFacts(
        ext.article_id, ext.date,
        tuple((k, p.name, tuple(sorted(p.surface_forms))) for k, p in ext.persons.items()),
        tuple(EventFacts(ev.kind, ev.date, tuple((r.kind, r.id) for r in ev.places), tuple(ev.participants),
                         ev.ordinal, ev.agreement, ev.name) for ev in ext.events))


class _Node(NamedTuple):
    """One reported event, as clustering sees it."""

    article_id: str
    article_date: dt.date
    index: int                  # among its article's events
    event: EventFacts
    people: frozenset[str]      # canonical person keys


def resolve(articles: Iterable[Extraction | ArticleFacts]) -> Identity:
    """Who is who across ``articles`` (in corpus order: by date, then id)."""
    facts = [a if isinstance(a, ArticleFacts) else facts_of(a) for a in articles]
    ident = Identity()
    _resolve_people(facts, ident)
    nodes = _event_nodes(facts, ident)
    _cluster(nodes, range(len(nodes)), ident)
    _unique_cluster_keys(ident)
    return ident


def update_identity(before: Identity, old: dict[str, ArticleFacts], facts: list[ArticleFacts]) -> Identity:
    """What :func:`resolve` gives for ``facts``, knowing that it gave ``before`` for ``old``.

    People are resolved again (that is cheap). Events are re-clustered only where the change
    can reach: from every event of an added, changed or removed article, and every event whose
    participants now resolve to other people, along every chain of possible matches (old or
    new). Clustering cannot differ anywhere else, so the clusters there are kept as they were.
    When no article changed, that is ``before`` itself (resolution is deterministic).
    """
    if len(facts) == len(old) and all(old.get(f.article_id) == f for f in facts):
        return before
    ident = Identity()
    _resolve_people(facts, ident)
    nodes = _event_nodes(facts, ident)
    current = {f.article_id: f for f in facts}
    changed = {aid for aid, f in current.items() if old.get(aid) != f}
    start: list[int] = []     # new events the change touches
    gone: list[_Node] = []    # old events no longer there, or no longer as they were
    for i, node in enumerate(nodes):
        if node.article_id in changed:
            start.append(i)
            continue
        was = frozenset(before.canonical_key(p) for p in node.event.participants)
        if node.people != was:
            start.append(i)
            gone.append(node._replace(people=was))
    for aid, f in old.items():
        if aid in changed or aid not in current:
            gone.extend(_article_nodes(f, before))
    reach = _reachable(nodes, start, gone)
    redone = {(nodes[i].article_id, nodes[i].index) for i in reach}
    redone.update((n.article_id, n.index) for n in gone)
    for c in before.clusters:
        if not any(m in redone for m in c.members):
            kept = replace(c, iri_key=c.base_key, members=list(c.members), participants=set(c.participants))
            ident.clusters.append(kept)
            for m in kept.members:
                ident.event_of[m] = kept
    _cluster(nodes, sorted(reach), ident)
    _unique_cluster_keys(ident)
    return ident


def changed_articles(before: Identity, after: Identity, facts: Iterable[ArticleFacts]) -> set[str]:
    """The articles whose identity signature (:func:`kg.graph.identity_signature`) may differ
    between two resolutions: a person of theirs now has another node or name, or a report of
    theirs another event node."""
    renamed = {k for k, slug in after.person_slug.items()
               if before.person_slug.get(k) != slug or before.person_name.get(k) != after.person_name[k]}
    out: set[str] = set()
    for f in facts:
        for key, _, _ in f.persons:
            canonical = after.canonical_key(key)
            if canonical in renamed or canonical != before.canonical_key(key):
                out.add(f.article_id)
                break
    for member, c in after.event_of.items():
        old = before.event_of.get(member)
        if old is None or (old.iri_key, old.kind, old.date) != (c.iri_key, c.kind, c.date) \
                or old.participants != c.participants or not renamed.isdisjoint(c.participants) \
                or sorted(old.members) != sorted(c.members):
            out.add(member[0])
    return out


def dump_resolution(ident: Identity, facts: Iterable[ArticleFacts]) -> tuple:
    """What :func:`update_identity` starts from, as plain tuples and dicts (quick to pickle)."""
    return (ident.person_alias, ident.person_slug, ident.person_name,
            [(c.iri_key, c.base_key, c.kind, c.date, tuple(c.members), tuple(c.participants)) for c in ident.clusters],
            [(f.article_id, f.date, f.persons, tuple(tuple(ev) for ev in f.events)) for f in facts])


def load_resolution(data: tuple) -> tuple[Identity, dict[str, ArticleFacts]]:
    """The inverse of :func:`dump_resolution`: an identity (without its explanations) and the
    facts it was resolved from."""
    alias, slugs, names, clusters, facts = data
    ident = Identity(person_slug=slugs, person_name=names, person_alias=alias)
    for key, base, kind, date, members, people in clusters:
        c = EventCluster(key, kind, date, list(members), set(people), base_key=base)
        ident.clusters.append(c)
        for m in members:
            ident.event_of[m] = c
    return ident, {aid: ArticleFacts(aid, date, persons, tuple(EventFacts._make(ev) for ev in events))
                   for aid, date, persons, events in facts}


# --------------------------------------------------------------------------- people

def _resolve_people(facts: list[ArticleFacts], ident: Identity) -> None:
    names: dict[str, dict[str, int]] = {}     # key -> name -> articles writing it so
    forms: dict[str, set[str]] = {}
    for f in facts:
        for key, name, surface in f.persons:
            if key in names:
                counts = names[key]
                counts[name] = counts.get(name, 0) + 1
                forms[key].update(surface)
            else:
                names[key] = {name: 1}
                forms[key] = set(surface)
    full_keys = {k for k in names if k.startswith("k:") or " " in k}
    token_index: dict[str, set[str]] = defaultdict(set)
    folded = {name: fold(name).split() for k in full_keys for name in names[k]}
    for k in full_keys:
        for name in names[k]:
            tokens = folded[name]
            if len(tokens) >= 2:
                token_index[tokens[0]].add(k)
                token_index[tokens[-1]].add(k)
    for k in names:
        if k in full_keys:
            continue
        word = k[2:]
        holders = token_index.get(word, set())
        if len(holders) == 1:
            target = next(iter(holders))
            ident.person_alias[k] = target
            counts = names[target]
            for name, n in names[k].items():
                counts[name] = counts.get(name, 0) + n
            forms[target] |= forms[k]
    short_forms: dict[str, list[str]] = defaultdict(list)
    for short, target in ident.person_alias.items():
        short_forms[target].append(short)
    used: dict[str, str] = {}
    for k in sorted(names):
        if k in ident.person_alias:
            continue
        counts = names[k]
        canonical = min(counts, key=lambda n: (-counts[n], -len(n), n))
        slug = k[2:] if k.startswith("k:") else slugify(canonical)
        if slug in used and used[slug] != k:
            slug = f"{slug}-{short_hash(k, length=6)}"
        used[slug] = k
        ident.person_slug[k] = slug
        ident.person_name[k] = canonical
        why = [f"written as {f!r}" for f in sorted(forms[k]) if f != canonical]
        why += [f"short form {s[2:]!r} is only this person's name in the corpus" for s in short_forms[k]]
        ident.person_why[slug] = why


# --------------------------------------------------------------------------- events

def _family(kind: str) -> str:
    return "consult" if kind in _CONSULT else kind


def _same_event(a: _Node, b: _Node) -> bool:
    va, vb = a.event, b.event
    if a.article_id == b.article_id:
        return False
    if _family(va.kind) != _family(vb.kind):
        return False
    if va.agreement and vb.agreement and va.agreement != vb.agreement:
        return False   # rounds (or signings) of two agreements
    if va.kind == vb.kind == "negotiation_round" and va.ordinal and vb.ordinal:
        # "vòng đàm phán thứ 8", told on different days of it, recalled weeks later, and with
        # different people named by each article, is one round of one negotiation (of an
        # agreement not named, one within reach)
        if va.ordinal != vb.ordinal:
            return False
        if va.agreement and vb.agreement:
            return True   # (the same one: two agreements were told apart above)
        return abs(_anchor(a) - _anchor(b)) <= _REACH_DAYS
    if va.date and vb.date:
        if abs((va.date - vb.date).days) > 1:
            return False
    elif va.date or vb.date:
        # an undated report from within a week of the date: before it (a scheduled event,
        # "dự kiến sẽ …") or after it
        dated, undated_article = (va.date, b.article_date) if va.date else (vb.date, a.article_date)
        if abs((undated_article - dated).days) > 7:
            return False
    elif abs((a.article_date - b.article_date).days) > 3:
        return False
    if va.places and vb.places:
        ids_a = {p[1] for p in va.places}
        ids_b = {p[1] for p in vb.places}
        if ids_a.isdisjoint(ids_b) and {p[0] for p in va.places} == {p[0] for p in vb.places}:
            return False
    pa, pb = a.people, b.people
    if len(pa & pb) >= 2:
        return True
    if va.kind == vb.kind and va.kind in GATHERINGS and va.ordinal and va.ordinal == vb.ordinal:
        return True   # "AEM-58" told by its chair in one article and by no one in another, a day apart
    if va.kind == vb.kind == "negotiation_round" and va.agreement and vb.agreement and va.date and va.date == vb.date:
        return True   # a round of one agreement opening that day, told with its heads or its technical leads
    if pa and pa == pb and va.date and va.date == vb.date:
        return True
    if va.kind == vb.kind and va.date and va.date == vb.date and min(len(pa), len(pb)) == 1 and (pa < pb or pb < pa):
        return True   # "X … được lãnh đạo thành phố tiếp" and "ông Y tiếp X" that day: one reception
    if pa and pa == pb and va.kind == vb.kind and va.places and vb.places \
            and {p[1] for p in va.places} == {p[1] for p in vb.places}:
        return True   # one visitor, one destination, compatible dates: one visit
    if not pa and not pb:
        if va.ordinal and va.ordinal == vb.ordinal and (va.agreement == vb.agreement
                                                        or not va.agreement or not vb.agreement):
            return True
        if va.name and va.name == vb.name and va.date == vb.date:
            return True
    return False


#: No two reports more than this many days apart (by event date, or article date when undated)
#: can be one event (see :func:`_same_event`).
_REACH_DAYS = 7


def _anchor(node: _Node) -> int:
    return (node.event.date or node.article_date).toordinal()


def _buckets_of(node: _Node) -> Iterator[str]:
    """The buckets whose events are compared with this one: its people, its negotiation round,
    its name, the agreement a round is of and its first day."""
    for p in node.people:
        yield "p:" + p
    if node.event.ordinal:
        yield f"r:{node.event.ordinal}"
        if node.event.agreement:   # one round of one agreement, told on any day: beyond reach
            yield f"{_UNBOUNDED}{node.event.ordinal}:{node.event.agreement}"
    if node.event.name:
        yield "n:" + node.event.name.lower()
    if node.event.kind == "negotiation_round" and node.event.agreement and node.event.date:
        yield f"d:{node.event.agreement}:{node.event.date.isoformat()}"


def _article_nodes(f: ArticleFacts, ident: Identity) -> list[_Node]:
    return [_Node(f.article_id, f.date, n, ev, frozenset(ident.canonical_key(p) for p in ev.participants))
            for n, ev in enumerate(f.events)]


def _event_nodes(facts: list[ArticleFacts], ident: Identity) -> list[_Node]:
    return [node for f in facts for node in _article_nodes(f, ident)]


def _bucket_index(nodes: list[_Node], chosen: Iterable[int]) -> dict[str, list[int]]:
    """Bucket -> the ``chosen`` nodes in it (in the order given)."""
    buckets: dict[str, list[int]] = defaultdict(list)
    for i in chosen:
        for b in _buckets_of(nodes[i]):
            buckets[b].append(i)
    return buckets


#: Buckets whose members match whatever their dates (a negotiation round of a named agreement).
_UNBOUNDED = "ra:"


def _within_reach(days: list[int], day: int) -> tuple[int, int]:
    """The slice of the sorted ``days`` within reach of ``day``."""
    return bisect.bisect_left(days, day - _REACH_DAYS), bisect.bisect_right(days, day + _REACH_DAYS)


def _pairs_in_reach(members: list[int], anchor: dict[int, int], unbounded: bool = False) -> Iterator[tuple[int, int]]:
    """The pairs (x, y), x < y, of positions in ``members`` whose dates are within reach (every
    pair, for an ``unbounded`` bucket), in the order a plain double loop visits them (so merging
    stays the same, only faster)."""
    n = len(members)
    if n < 32 or unbounded:
        for x in range(n):
            for y in range(x + 1, n):
                yield x, y
        return
    order = sorted(range(n), key=lambda i: anchor[members[i]])
    days = [anchor[members[i]] for i in order]
    for x in range(n):
        lo, hi = _within_reach(days, anchor[members[x]])
        for y in sorted(i for i in order[lo:hi] if i > x):
            yield x, y


def _reachable(nodes: list[_Node], start: list[int], gone: list[_Node]) -> set[int]:
    """The nodes linked to ``start`` or to the ``gone`` nodes (no longer in the corpus, or no
    longer as they were) by a chain of possible matches."""
    buckets = _bucket_index(nodes, range(len(nodes)))
    by_day: dict[str, tuple[list[int], list[int]]] = {}    # a bucket's members sorted by day
    seen = set(start)
    todo = list(start)

    def visit(node: _Node) -> None:
        for b in _buckets_of(node):
            if b not in buckets:
                continue
            if b not in by_day:
                members = sorted(buckets[b], key=lambda i: _anchor(nodes[i]))
                by_day[b] = (members, [_anchor(nodes[i]) for i in members])
            members, days = by_day[b]
            lo, hi = (0, len(members)) if b.startswith(_UNBOUNDED) else _within_reach(days, _anchor(node))
            for i in members[lo:hi]:
                if i not in seen and _same_event(node, nodes[i]):
                    seen.add(i)
                    todo.append(i)

    for node in gone:
        visit(node)
    while todo:
        visit(nodes[todo.pop()])
    return seen


def _cluster(nodes: list[_Node], chosen: Iterable[int], ident: Identity) -> None:
    """Cluster the ``chosen`` nodes (positions in ``nodes``, in corpus order) into events; add the
    clusters to ``ident``."""
    chosen = list(chosen)
    parent = {i: i for i in chosen}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Compare only events that share a participant, or a negotiation round / named event.
    buckets = _bucket_index(nodes, chosen)
    articles: dict[int, set[str]] = {i: {nodes[i].article_id} for i in chosen}
    anchor = {i: _anchor(nodes[i]) for i in chosen}
    def join(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        # never join two reports that one article told apart
        if ri != rj and not articles[ri] & articles[rj] and _same_event(nodes[i], nodes[j]):
            parent[ri] = rj
            articles[rj] |= articles.pop(ri)

    # Reports of one day are joined first: a reception on the 20th told by two articles is one
    # event before either is taken for the minister's reception of the 19th (a day apart is
    # within reach, for time zones).
    later: list[tuple[int, int]] = []
    for bucket in sorted(buckets):
        members = buckets[bucket]
        for x, y in _pairs_in_reach(members, anchor, bucket.startswith(_UNBOUNDED)):
            i, j = members[x], members[y]
            day = nodes[i].event.date
            if day is not None and day == nodes[j].event.date:
                join(i, j)
            else:
                later.append((i, j))
    for i, j in later:
        join(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in chosen:
        groups[find(i)].append(i)
    for members in groups.values():
        evs = [nodes[i].event for i in members]
        kind = min((e.kind for e in evs), key=lambda k: _SPECIFIC_FIRST.index(k) if k in _SPECIFIC_FIRST else -1)
        dates = Counter(e.date for e in evs if e.date)
        date = sorted(dates, key=lambda d: (-dates[d], d))[0] if dates else None
        people: set[str] = set().union(*(nodes[i].people for i in members))
        first = nodes[min(members, key=lambda i: (nodes[i].article_id, nodes[i].index))]
        ev0 = first.event
        if ev0.ordinal and ev0.agreement and not people:
            key = short_hash("round", ev0.agreement, ev0.ordinal)
        elif people or date:
            key = short_hash(_family(kind), date, *sorted(people), ev0.name or "")
        else:
            key = short_hash("event", first.article_id, first.index)
        cluster = EventCluster(key, kind, date, [], people, base_key=key)
        for i in members:
            member = (nodes[i].article_id, nodes[i].index)
            cluster.members.append(member)
            ident.event_of[member] = cluster
        ident.clusters.append(cluster)


def _unique_cluster_keys(ident: Identity) -> None:
    seen: dict[str, int] = {}
    for c in sorted(ident.clusters, key=lambda c: sorted(c.members)):
        if c.base_key in seen:
            seen[c.base_key] += 1
            c.iri_key = f"{c.base_key}-{seen[c.base_key]}"
        else:
            c.iri_key = c.base_key
            seen[c.base_key] = 0


def membership_key(person_slug: str, role: Role) -> str:
    return short_hash(person_slug, role.title, role.org.id if role.org else "", "acting" in role.qualifiers)


__all__ = ["Identity", "EventCluster", "ArticleFacts", "EventFacts", "facts_of", "resolve", "update_identity",
           "changed_articles", "dump_resolution", "load_resolution", "membership_key", "short_hash"]
