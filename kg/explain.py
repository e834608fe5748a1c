"""``kg explain``: every fact of an article with the rule that made it and the sentence,
the matched span marked — the answer to "why is this in the graph?"."""

from __future__ import annotations

from .identity import Identity
from .model import Evidence, Extraction
from .rulebook import Rulebook

CONTEXT = 70


def mark(text: str, ev: Evidence, left: str = "[", right: str = "]") -> str:
    """The sentence around the span, with the span marked (long sentences are shortened)."""
    start = max(ev.sentence_start, ev.start - CONTEXT)
    end = min(ev.sentence_end, ev.end + CONTEXT)
    before = ("…" if start > ev.sentence_start else "") + text[start:ev.start]
    after = text[ev.end:end] + ("…" if end < ev.sentence_end else "")
    return f"{before}{left}{text[ev.start:ev.end]}{right}{after}".replace("\n", " ")


def explain(ext: Extraction, ident: Identity, book: Rulebook, source: str = "", color: bool = False) -> str:
    left, right = ("\x1b[1;33m", "\x1b[0m") if color else ("[", "]")
    text = ext.text
    out = [f"article {source or ext.article_id} ({ext.date.isoformat()})"
           + (f", publisher {book.publishers[ext.publisher].vi}" if ext.publisher else "")]

    def line(kind: str, what: str, evidence: list[Evidence]) -> None:
        rules = sorted({e.rule for e in evidence})
        out.append(f"{kind:11} {what}  ({', '.join(rules)})")
        for e in evidence[:3]:
            out.append(f"{'':11}   «{mark(text, e, left, right)}»")

    for key, p in sorted(ext.persons.items(), key=lambda kv: kv[1].name):
        slug = ident.person(key)
        line("person", f"{ident.person_name[ident.canonical_key(key)]}  → person:{slug}", p.evidence)
        for why in ident.person_why.get(slug, []):
            out.append(f"{'':11}   one node because: {why}")
    for r in ext.roles:
        name = ident.person_name[ident.canonical_key(r.person)]
        title = book.titles[r.title].vi[0]
        org = r.org.vi or r.org.id if r.org else "(no organisation)"
        quals = f" ({', '.join(sorted(r.qualifiers))})" if r.qualifiers else ""
        extra = f"; phụ trách {r.portfolio}" if r.portfolio else ""
        extra += f"; tại {book.countries[r.host_country].vi}" if r.host_country else ""
        line("role", f"{name} — {title}, {org}{quals}{extra}", r.evidence)
    for oid, ref in sorted(ext.organisations.items()):
        line("org", f"{ref.vi or oid}" + (" (found by pattern)" if ref.minted else ""), ext.org_evidence.get(oid, []))
    for i, ev in enumerate(ext.events):
        cluster = ident.event_of[(ext.article_id, i)]
        people = ", ".join([ident.person_name[ident.canonical_key(k)] for k in ev.participants]
                           + [ext.organisations[o.id].vi if o.id in ext.organisations else o.id
                              for o in ev.org_participants]) or "—"
        date = cluster.date.isoformat() if cluster.date else "no date"
        how = f" [{ev.date_rule}]" if ev.date_rule else ""
        places = ", ".join(p.id for p in ev.places)
        topics = ", ".join(sorted(book.topics[t].en for t in ev.topics))
        sup = f"; part of event #{ev.super_event}" if ev.super_event is not None else ""
        shared = len({a for a, _ in cluster.members})
        line(f"event #{i}", f"{ev.kind}: {people}; {date}{how}{'; at ' + places if places else ''}{sup}"
             + (f"; reported by {shared} articles (one node)" if shared > 1 else ""), ev.evidence)
        if topics:
            out.append(f"{'':11}   topics: {topics}")
    for key, a in ext.agreements.items():
        line("agreement", a.name, a.evidence)
    for p in ext.partnerships:
        line("partnership", f"{book.partnership_levels[p.level].en}: {' – '.join(p.parties)}", p.evidence)
    for start, end, rule in ext.masked:
        out.append(f"{'ignored':11} «{text[start:end].strip()}»  ({rule})")
    return "\n".join(out)
