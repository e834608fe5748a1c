"""Identity across articles: one node per real person, event and membership.

| thing | same node when | never when |
|---|---|---|
| person | same known-person entry (any alias), or the same name tokens in any order ("Ishiba Shigeru" = "Shigeru Ishiba") | a bare one-word name that more than one person in the corpus could carry |
| organisation | same gazetteer entry (every alias and acronym), or same pattern-found name | |
| event | compatible kinds (a generic meeting can be the host's reception or talks), dates at most a day apart (or a missing date and an article date within a week after the other), two shared participants (or the same single participant on the same day, or the same negotiation round), no conflicting places | the two reports come from one article (the article already told them apart) |
| membership | same person, title, organisation, and acting or not | |
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from .model import Event, Extraction, Person, Ref, Role
from .text import fold, slugify

_CONSULT = {"meeting", "reception", "talks", "visit"}
_SPECIFIC_FIRST = ["talks", "reception", "visit", "meeting"]


def short_hash(*parts: object, length: int = 16) -> str:
    data = "\x1f".join(str(p) for p in parts).encode()
    return hashlib.sha256(data).hexdigest()[:length]


@dataclass
class EventCluster:
    iri_key: str
    kind: str
    date: dt.date | None
    members: list[tuple[str, int]] = field(default_factory=list)   # (article id, event index)
    participants: set[str] = field(default_factory=set)


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


def resolve(extractions: list[Extraction]) -> Identity:
    ident = Identity()
    _resolve_people(extractions, ident)
    _resolve_events(extractions, ident)
    return ident


# --------------------------------------------------------------------------- people

def _resolve_people(extractions: list[Extraction], ident: Identity) -> None:
    names: dict[str, Counter] = defaultdict(Counter)
    forms: dict[str, set[str]] = defaultdict(set)
    for ext in extractions:
        for key, p in ext.persons.items():
            names[key][p.name] += 1
            forms[key] |= p.surface_forms
    full_keys = {k for k in names if k.startswith("k:") or len(k.split()) >= 2}
    token_index: dict[str, set[str]] = defaultdict(set)
    for k in full_keys:
        for name in names[k]:
            tokens = fold(name).split()
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
            names[target].update(names[k])
            forms[target] |= forms[k]
    short_forms: dict[str, list[str]] = defaultdict(list)
    for short, target in ident.person_alias.items():
        short_forms[target].append(short)
    used: dict[str, str] = {}
    for k in sorted(names):
        if k in ident.person_alias:
            continue
        counts = names[k]
        canonical = sorted(counts, key=lambda n: (-counts[n], -len(n), n))[0]
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


def _same_event(a: tuple[Extraction, Event, set[str]], b: tuple[Extraction, Event, set[str]]) -> bool:
    ea, va, pa = a
    eb, vb, pb = b
    if ea.article_id == eb.article_id:
        return False
    if _family(va.kind) != _family(vb.kind):
        return False
    if va.date and vb.date:
        if abs((va.date - vb.date).days) > 1:
            return False
    elif va.date or vb.date:
        # an undated report from within a week of the date: before it (a scheduled event,
        # "dự kiến sẽ …") or after it
        dated, undated_article = (va.date, eb.date) if va.date else (vb.date, ea.date)
        if abs((undated_article - dated).days) > 7:
            return False
    elif abs((ea.date - eb.date).days) > 3:
        return False
    if va.places and vb.places:
        ids_a = {p.id for p in va.places}
        ids_b = {p.id for p in vb.places}
        if ids_a.isdisjoint(ids_b) and {p.kind for p in va.places} == {p.kind for p in vb.places}:
            return False
    shared = pa & pb
    if len(shared) >= 2:
        return True
    if pa and pa == pb and va.date and va.date == vb.date:
        return True
    if pa and pa == pb and va.kind == vb.kind and va.places and vb.places \
            and {p.id for p in va.places} == {p.id for p in vb.places}:
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


def _pairs_in_reach(members: list[int], anchor: list[int]) -> Iterator[tuple[int, int]]:
    """The pairs (x, y), x < y, of positions in ``members`` whose dates are within reach, in the
    order a plain double loop visits them (so merging stays the same, only faster)."""
    n = len(members)
    if n < 32:
        for x in range(n):
            for y in range(x + 1, n):
                yield x, y
        return
    order = sorted(range(n), key=lambda i: anchor[members[i]])
    days = [anchor[members[i]] for i in order]
    for x in range(n):
        day = anchor[members[x]]
        lo, hi = bisect.bisect_left(days, day - _REACH_DAYS), bisect.bisect_right(days, day + _REACH_DAYS)
        for y in sorted(i for i in order[lo:hi] if i > x):
            yield x, y


def _resolve_events(extractions: list[Extraction], ident: Identity) -> None:
    nodes: list[tuple[Extraction, Event, set[str]]] = []
    index_of: list[int] = []   # each node's index among its article's events
    for ext in extractions:
        for n, ev in enumerate(ext.events):
            nodes.append((ext, ev, {ident.canonical_key(p) for p in ev.participants}))
            index_of.append(n)
    parent = list(range(len(nodes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Compare only events that share a participant, or a negotiation round / named event.
    buckets: dict[str, list[int]] = defaultdict(list)
    for i, (ext, ev, people) in enumerate(nodes):
        for p in people:
            buckets["p:" + p].append(i)
        if ev.ordinal:
            buckets[f"r:{ev.ordinal}"].append(i)
        if ev.name:
            buckets["n:" + ev.name.lower()].append(i)
    articles: dict[int, set[str]] = {i: {n[0].article_id} for i, n in enumerate(nodes)}
    anchor = [(ev.date or ext.date).toordinal() for ext, ev, _ in nodes]
    for bucket in sorted(buckets):
        members = buckets[bucket]
        for x, y in _pairs_in_reach(members, anchor):
            ri, rj = find(members[x]), find(members[y])
            # never join two reports that one article told apart
            if ri == rj or articles[ri] & articles[rj]:
                continue
            if _same_event(nodes[members[x]], nodes[members[y]]):
                parent[ri] = rj
                articles[rj] |= articles.pop(ri)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(nodes)):
        groups[find(i)].append(i)
    for members in groups.values():
        evs = [nodes[i][1] for i in members]
        kind = min((e.kind for e in evs), key=lambda k: _SPECIFIC_FIRST.index(k) if k in _SPECIFIC_FIRST else -1)
        dates = Counter(e.date for e in evs if e.date)
        date = sorted(dates, key=lambda d: (-dates[d], d))[0] if dates else None
        people: set[str] = set().union(*(nodes[i][2] for i in members))
        first = min(members, key=lambda i: (nodes[i][0].article_id, index_of[i]))
        ev0 = nodes[first][1]
        if ev0.ordinal and ev0.agreement and not people:
            key = short_hash("round", ev0.agreement, ev0.ordinal)
        elif people or date:
            key = short_hash(_family(kind), date, *sorted(people), ev0.name or "")
        else:
            key = short_hash("event", nodes[first][0].article_id, index_of[first])
        cluster = EventCluster(key, kind, date, [], people)
        for i in members:
            member = (nodes[i][0].article_id, index_of[i])
            cluster.members.append(member)
            ident.event_of[member] = cluster
        ident.clusters.append(cluster)
    _unique_cluster_keys(ident)


def _unique_cluster_keys(ident: Identity) -> None:
    seen: dict[str, int] = {}
    for c in sorted(ident.clusters, key=lambda c: sorted(c.members)):
        if c.iri_key in seen:
            seen[c.iri_key] += 1
            c.iri_key = f"{c.iri_key}-{seen[c.iri_key]}"
        else:
            seen[c.iri_key] = 0


def skeleton(ext: Extraction) -> Extraction:
    """The slim copy of an extraction that :func:`resolve` reads (and gives the same answer on)."""
    return Extraction(
        ext.article_id, ext.date, "",
        persons={k: Person(k, p.name, surface_forms=set(p.surface_forms)) for k, p in ext.persons.items()},
        events=[Event(ev.kind, ev.date, places=[Ref(r.kind, r.id) for r in ev.places],
                      participants=list(ev.participants), ordinal=ev.ordinal, agreement=ev.agreement, name=ev.name)
                for ev in ext.events])


def membership_key(person_slug: str, role: Role) -> str:
    return short_hash(person_slug, role.title, role.org.id if role.org else "", "acting" in role.qualifiers)


__all__ = ["Identity", "EventCluster", "resolve", "skeleton", "membership_key", "short_hash"]
