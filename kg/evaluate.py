"""Scoring a build against gold annotations (docs/gold-format.md).

Precision, recall and F1 for people, roles (person, title, organisation, qualifiers),
organisations, events (type, participants, date, place) and topics, with what was missed
and what is spurious; and, across articles, duplicate event nodes and merged people.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .errors import KgError
from .identity import Identity
from .model import Extraction, Ref
from .pipeline import Corpus, extract_corpus
from .rulebook import Rulebook, load_rulebook
from .text import fold, match_key, without_middle_initials

_STATE_KINDS = {"state", "government"}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set, found: set, where: str) -> None:
        self.tp += len(gold & found)
        self.fn += len(gold - found)
        self.fp += len(found - gold)
        self.missed += [f"{where}: {_show(x)}" for x in sorted(gold - found, key=str)]
        self.spurious += [f"{where}: {_show(x)}" for x in sorted(found - gold, key=str)]


def _show(x) -> str:
    if isinstance(x, tuple):
        return " | ".join("∅" if v is None else (",".join(sorted(v)) if isinstance(v, frozenset) else str(v)) for v in x)
    return str(x)


@dataclass
class Report:
    scores: dict[str, Score]
    event_attributes: dict[str, tuple[int, int]]     # attribute -> (correct, matched)
    duplicate_events: list[str]
    merged_people: list[str]
    articles: int
    mismatches: list[str] = field(default_factory=list)
    role_intervals: tuple[int, int] = (0, 0)     # (consistent, checked)

    def as_dict(self) -> dict:
        return {
            "articles": self.articles,
            "scores": {k: {"precision": round(s.precision, 3), "recall": round(s.recall, 3), "f1": round(s.f1, 3),
                           "tp": s.tp, "fp": s.fp, "fn": s.fn} for k, s in self.scores.items()},
            "event_attributes": {k: {"correct": c, "matched": n} for k, (c, n) in self.event_attributes.items()},
            "duplicate_events": self.duplicate_events,
            "merged_people": self.merged_people,
            "role_intervals": {"consistent": self.role_intervals[0], "checked": self.role_intervals[1]},
        }

    def render(self, details: bool = True) -> str:
        lines = [f"{'':14}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>6}{'fp':>5}{'fn':>5}"]
        for name, s in self.scores.items():
            lines.append(f"{name:14}{s.precision:10.3f}{s.recall:8.3f}{s.f1:7.3f}{s.tp:6d}{s.fp:5d}{s.fn:5d}")
        lines.append("")
        for attr, (c, n) in self.event_attributes.items():
            lines.append(f"event {attr:13} {c}/{n} correct among matched events")
        c, n = self.role_intervals
        lines.append(f"role intervals consistent with the article dates: {c}/{n}")
        lines.append(f"duplicate event nodes (one real event, several nodes): {len(self.duplicate_events)}")
        lines.append(f"merged people (distinct people, one node): {len(self.merged_people)}")
        if details:
            for name, s in self.scores.items():
                for label, items in (("missed", s.missed), ("spurious", s.spurious)):
                    for item in items:
                        lines.append(f"  {name} {label}: {item}")
            for m in self.mismatches:
                lines.append(f"  event attribute: {m}")
            for d in self.duplicate_events:
                lines.append(f"  duplicate: {d}")
            for m in self.merged_people:
                lines.append(f"  merged: {m}")
        return "\n".join(lines)


def load_gold(gold_dir: Path) -> dict[str, dict]:
    if not gold_dir.is_dir():
        raise KgError("no such gold directory", str(gold_dir))
    out = {}
    for path in sorted(gold_dir.glob("*.json")):
        try:
            out[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise KgError(f"malformed JSON: {exc.msg}", str(path), exc.lineno) from None
    if not out:
        raise KgError("gold directory holds no *.json files", str(gold_dir))
    return out


def evaluate(gold_dir: str | Path, articles_dir: str | Path | None = None, book: Rulebook | None = None) -> Report:
    gold_dir = Path(gold_dir)
    articles_dir = Path(articles_dir) if articles_dir else gold_dir.parent / "articles"
    book = book or load_rulebook()
    gold = load_gold(gold_dir)
    paths = []
    for stem in gold:
        p = articles_dir / f"{stem}.txt"
        if not p.is_file():
            raise KgError(f"gold file has no article {p}", str(gold_dir / f"{stem}.json"))
        paths.append(p)
    corpus = extract_corpus(paths, book, jobs=1)
    by_source = {Path(src).stem: aid for aid, src in corpus.sources.items()}
    by_id = {e.article_id: e for e in corpus.extractions}
    return _Scorer(corpus, book).score(gold, {stem: by_id[by_source[stem]] for stem in gold if stem in by_source})


class _Scorer:
    def __init__(self, corpus: Corpus, book: Rulebook):
        self.corpus = corpus
        self.ident: Identity = corpus.identity
        self.book = book

    # -- labels of system nodes

    def person_forms(self, ext: Extraction, key: str) -> set[str]:
        p = ext.persons[key]
        return {match_key(f) for f in p.surface_forms | {p.name, self.ident.person_name[self.ident.canonical_key(key)]}}

    def org_labels(self, ref: Ref | None) -> set[str]:
        if ref is None:
            return set()
        labels = {ref.vi, ref.en, ref.written}
        if ref.kind == "org" and ref.id in self.book.organisations:
            o = self.book.organisations[ref.id]
            labels |= {o.vi, o.en, *o.aliases, *o.acronyms}
        if ref.kind == "country" and ref.id in self.book.countries:
            c = self.book.countries[ref.id]
            labels |= {c.vi, c.en, *c.aliases, *c.en_aliases}
        if ref.kind == "org" and ref.org_kind in _STATE_KINDS and ref.country in self.book.countries:
            c = self.book.countries[ref.country]   # "Thủ tướng Nhật Bản": the government or the country
            labels |= {c.vi, c.en, *c.aliases}
        return {match_key(x) for x in labels if x}

    def title_labels(self, title_id: str) -> set[str]:
        t = self.book.titles[title_id]
        return {match_key(x) for x in (*t.vi, *t.labels)}

    def place_labels(self, ref: Ref) -> set[str]:
        if ref.kind == "place" and ref.id in self.book.places:
            p = self.book.places[ref.id]
            return {match_key(x) for x in (p.vi, p.en, *p.aliases)}
        if ref.kind == "country" and ref.id in self.book.countries:
            c = self.book.countries[ref.id]
            return {match_key(x) for x in (c.vi, c.en, *c.aliases)}
        return {match_key(x) for x in (ref.vi, ref.en) if x}   # a place found by pattern

    # -- scoring

    def score(self, gold: dict[str, dict], exts: dict[str, Extraction]) -> Report:
        scores = {k: Score() for k in ("people", "roles", "organisations", "events", "topics")}
        self.mismatches: list[str] = []
        from .graph import membership_intervals
        from .identity import membership_key
        spans, ended = membership_intervals(self.corpus.extractions, self.ident, self.book)
        intervals = [0, 0]
        attrs = {k: [0, 0] for k in ("type", "participants", "date", "place")}
        gold_event_nodes: dict[str, set[str]] = defaultdict(set)
        node_gold_people: dict[str, set[str]] = defaultdict(set)
        for stem, g in gold.items():
            ext = exts.get(stem)
            if ext is None:
                continue
            # people: map each system person to the gold name it matches
            gold_people = {match_key(n): n for n in g.get("people", [])}
            person_of: dict[str, str] = {}
            found_people = set()
            for key in ext.persons:
                forms = self.person_forms(ext, key)
                hit = next((gold_people[f] for f in forms if f in gold_people), None)
                if hit is None:
                    # a full name in the graph for a short form in gold, or the other way round
                    hit = next((n for k, n in gold_people.items()
                                if any(_name_contains(f, k) for f in forms)), None)
                name = hit or ext.persons[key].name
                person_of[key] = name
                found_people.add(name)
                node_gold_people[self.ident.person(key)].add(name if hit else f"(not in gold) {name}")
            scores["people"].add(set(gold_people.values()), found_people, stem)
            # organisations
            gold_orgs = {match_key(o): o for o in g.get("organisations", [])}
            found_orgs = set()
            for ref in ext.organisations.values():
                labels = self.org_labels(ref)
                hit = next((gold_orgs[k] for k in labels if k in gold_orgs), None)
                found_orgs.add(hit or ref.vi)
            scores["organisations"].add(set(gold_orgs.values()), found_orgs, stem)
            # roles
            gold_roles = set()
            for r in g.get("roles", []):
                gold_roles.add((r["person"], match_key(r["title"]),
                                match_key(r["organisation"]) if r.get("organisation") else None,
                                frozenset(q for q in r.get("qualifiers", []))))
            found_roles = set()
            for role in ext.roles:
                person = person_of.get(role.person, role.person)
                titles = self.title_labels(role.title)
                orgs = self.org_labels(role.org)
                quals = frozenset(role.qualifiers)
                match = next((gr for gr in gold_roles if gr[0] == person and gr[1] in titles
                              and (gr[2] in orgs if gr[2] else True) and gr[3] == quals), None)
                if match is not None and role.org is not None:
                    # the membership's interval must hold on this article's date: attested
                    # around it, or, for "former", ended before it
                    key = membership_key(self.ident.person(role.person), role)
                    dates = spans.get(key, [])
                    if "former" in quals:
                        ok = key in ended and ended[key] <= ext.date and (not dates or min(dates) < ext.date)
                    else:
                        ok = bool(dates) and min(dates) <= ext.date <= max(dates) \
                            and not (key in ended and ended[key] <= ext.date)
                    intervals[0] += ok
                    intervals[1] += 1
                found_roles.add(match or (person, self.book.titles[role.title].vi[0],
                                          role.org.vi if role.org else None, quals))
            scores["roles"].add(gold_roles, found_roles, stem)
            self._events(stem, g, ext, person_of, scores, attrs, gold_event_nodes)
        duplicates = [f"{gid}: {len(nodes)} nodes" for gid, nodes in sorted(gold_event_nodes.items()) if len(nodes) > 1]
        merged = [f"{node}: {', '.join(sorted(names))}" for node, names in sorted(node_gold_people.items())
                  if len({_spelling_key(n) for n in names if not n.startswith('(not in gold)')}) > 1]
        return Report(scores, {k: (c, n) for k, (c, n) in attrs.items()}, duplicates, merged, len(exts),
                      self.mismatches, tuple(intervals))

    def _events(self, stem, g, ext, person_of, scores, attrs, gold_event_nodes) -> None:
        system = []
        gold_names = sorted({p for ge in g.get("events", []) for p in ge.get("participants", [])})
        for i, ev in enumerate(ext.events):
            cluster = self.ident.event_of[(ext.article_id, i)]
            people = frozenset(person_of.get(k, k) for k in ev.participants)
            # Organisations count when no person is named (docs/gold-format.md), as gold names them.
            for ref in ev.org_participants if not people else ():
                ref = ext.organisations.get(ref.id, ref)   # with its labels, if found by pattern
                labels = self.org_labels(ref)
                known = self.book.organisations.get(ref.id)
                people |= {next((n for n in gold_names if match_key(n) in labels),
                                ref.vi or (known.vi if known else ref.id))}
            places = set().union(*(self.place_labels(p) for p in ev.places)) if ev.places else set()
            system.append((i, cluster, ev, people, places))
        gold_events = g.get("events", [])
        found_keys, gold_keys = set(), set()
        match = _match_events(gold_events, system)
        used = set(match.values())
        by_index = {item[0]: item for item in system}
        for n, ge in enumerate(gold_events):
            gp = frozenset(ge.get("participants", []))
            gkey = (ge["type"], gp, ge.get("date"), ge.get("place"))
            gold_keys.add(gkey)
            if n not in match:
                continue
            i, cluster, ev, people, places = by_index[match[n]]
            date = ev.date.isoformat() if ev.date else None   # what this article states
            ok_type = ev.kind == ge["type"]
            ok_people = people == gp
            ok_date = date == ge.get("date")
            ok_place = (match_key(ge["place"]) in places) if ge.get("place") else not places
            for k, ok in (("type", ok_type), ("participants", ok_people), ("date", ok_date), ("place", ok_place)):
                attrs[k][0] += ok
                attrs[k][1] += 1
            wrong = [f"{k}: gold {g!r}, found {f!r}" for k, ok, g, f in (
                ("type", ok_type, ge["type"], ev.kind),
                ("participants", ok_people, sorted(gp), sorted(people)),
                ("date", ok_date, ge.get("date"), date),
                ("place", ok_place, ge.get("place"), sorted(p.id for p in ev.places))) if not ok]
            if wrong:
                self.mismatches.append(f"{stem} {ge['type']}: " + "; ".join(wrong))
            if ok_type and ok_people and ok_date and ok_place:
                found_keys.add(gkey)
            else:
                found_keys.add((ev.kind, people, date, "/".join(sorted(places)) or None))
            if ge.get("id"):
                gold_event_nodes[ge["id"]].add(cluster.iri_key)
            gold_topics = {(n, t) for t in ge.get("topics", [])}
            found_topics = {(n, self.book.topics[t].en) for t in ev.topics}
            scores["topics"].add(gold_topics, found_topics, f"{stem} event {n}")
        for i, cluster, ev, people, places in system:
            if i not in used:
                date = ev.date.isoformat() if ev.date else None
                found_keys.add((ev.kind, people, date, "/".join(sorted(places)) or None))
        scores["events"].add(gold_keys, found_keys, stem)


def _match_events(gold_events: list[dict], system: list[tuple]) -> dict[int, int]:
    """Pair gold events with found ones: best pairs first over the whole article (participant
    overlap, then same type, date and place), each event used once."""
    pairs = []
    for n, ge in enumerate(gold_events):
        gp = frozenset(ge.get("participants", []))
        for i, _cluster, ev, people, places in system:
            same_type = ev.kind == ge["type"]
            overlap = len(gp & people) / len(gp | people) if gp | people else (1.0 if same_type else 0.0)
            if not (overlap >= 0.5 or (not gp and not people and same_type)):
                continue
            date = ev.date.isoformat() if ev.date else None
            same_place = (match_key(ge["place"]) in places) if ge.get("place") else not places
            score = overlap + 0.25 * same_type + 0.1 * (date == ge.get("date")) + 0.1 * same_place
            pairs.append((-score, n, i))
    match: dict[int, int] = {}
    taken: set[int] = set()
    for _score, n, i in sorted(pairs):
        if n not in match and i not in taken:
            match[n] = i
            taken.add(i)
    return match


def _spelling_key(name: str) -> str:
    """"Lee Jae-myung" and "Lee Jae Myung", "Jamieson L. Greer" and "Jamieson Greer", are one
    name written two ways."""
    return "".join(fold(without_middle_initials(name)).replace("-", " ").split())


def _name_contains(full: str, short: str) -> bool:
    """"le manh hung" contains "hung"? Only whole words, and only for a strict part."""
    a, b = fold(full).split(), fold(short).split()
    return len(b) < len(a) and (a[-len(b):] == b or a[:len(b)] == b)
