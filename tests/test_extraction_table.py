"""Table-driven extraction tests: each case in extraction_cases.yaml is a sentence and the
facts it must give."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from kg.pipeline import extract_text

CASES = yaml.safe_load((Path(__file__).parent / "extraction_cases.yaml").read_text(encoding="utf-8"))["cases"]


def _facts(case, book):
    ext = extract_text(case["text"], dt.date.fromisoformat(case["date"]), book)
    name = {k: p.name for k, p in ext.persons.items()}
    return ext, name


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_extraction_case(case, book):
    ext, name = _facts(case, book)
    people = set(name.values())
    for person in case.get("people", []):
        assert person in people, f"missing person {person!r}; found {sorted(people)}"
    names = {o.vi for o in ext.organisations.values()} | {o.written for o in ext.organisations.values() if o.written}
    for organisation in case.get("organisations", []):
        assert organisation in names, f"missing organisation {organisation!r}; found {sorted(names)}"
    for person in case.get("absent", []):
        assert person not in people, f"{person!r} must not be a person"
    roles = {(name[r.person], r.title, r.org.id if r.org else None, frozenset(r.qualifiers)) for r in ext.roles}
    portfolios = {(name[r.person], r.title): r.portfolio for r in ext.roles}
    for person in case.get("no_roles", []):
        assert not any(r[0] == person for r in roles), f"{person!r} must hold no post; found {sorted(roles, key=str)}"
    for person, title, org, quals, *portfolio in case.get("roles", []):
        if portfolio:
            assert portfolios.get((person, title)) == portfolio[0], f"portfolio of {person}: {portfolios}"
        if org is None:  # the organisation is checked elsewhere; any organisation will do
            assert any(r[0] == person and r[1] == title and r[3] == frozenset(quals) for r in roles), \
                f"missing role {person}, {title}; found {sorted(roles, key=str)}"
        else:
            assert (person, title, org, frozenset(quals)) in roles, \
                f"missing role {(person, title, org, quals)}; found {sorted(roles, key=str)}"
    if "events" in case:
        found = [(ev.kind, {name[k] for k in ev.participants}, ev.date.isoformat() if ev.date else None,
                  [p.id for p in ev.places], {ext.organisations[o.id].vi for o in ev.org_participants}, ev.month,
                  ext.events[ev.super_event].kind if ev.super_event is not None else None, ev.ordinal)
                 for ev in ext.events]
        assert len(found) == len(case["events"]), f"expected {len(case['events'])} events, found {found}"
        for want in case["events"]:
            assert any(kind == want["kind"] and ("participants" not in want or people == set(want["participants"]))
                       and ("date" not in want or date == want["date"])
                       and ("place" not in want or (want["place"] in places if want["place"] else not places))
                       and ("organisations" not in want or orgs == set(want["organisations"]))
                       and ("month" not in want or month == want["month"])
                       and ("part_of" not in want or part_of == want["part_of"])
                       and ("ordinal" not in want or ordinal == want["ordinal"])
                       for kind, people, date, places, orgs, month, part_of, ordinal in found), f"missing {want}; found {found}"


def test_offsets_never_lose_text(book):
    for case in CASES:
        ext, _ = _facts(case, book)
        spans = [e for p in ext.persons.values() for e in p.evidence] + \
                [e for r in ext.roles for e in r.evidence] + [e for ev in ext.events for e in ev.evidence]
        for e in spans:
            assert 0 <= e.sentence_start <= e.start <= e.end <= e.sentence_end <= len(ext.text)
        for p in ext.persons.values():
            for e in p.evidence:
                assert ext.text[e.start:e.end] in p.surface_forms | {p.name}


def test_a_minted_ministry_keeps_the_articles_own_name_as_a_label(book):
    """One node per ministry however it is written, each article's form an skos:altLabel."""
    from kg.graph import article_quads
    from kg.identity import resolve
    texts = ["Ông Tomáš Novotný, Thứ trưởng Bộ Công nghiệp và Thương mại Séc, cũng có mặt.",
             "Bà Petra Nováková, Thứ trưởng Bộ Công Thương Séc, phát biểu."]
    exts = [extract_text(t, dt.date(2025, 6, 6), book) for t in texts]
    assert [e.organisations["m-bo-cong-thuong-sec"].written for e in exts] == ["Bộ Công nghiệp và Thương mại Séc", ""]
    ident = resolve(exts)
    labels = {o for e in exts for s, p, o, g in article_quads(e, ident, book)
              if s.endswith("org/m-bo-cong-thuong-sec>") and p.endswith("core#altLabel>")}
    assert labels == {'"Bộ Công nghiệp và Thương mại Séc"@vi'}


def test_a_ministry_named_by_portfolio_and_country_after_a_title_keeps_that_wording(book):
    """"Bộ trưởng Công nghiệp và Thương mại Tanzania": the Tanzanian ministry of trade, whose
    label in this article is the ministry as written."""
    ext = extract_text("Bộ trưởng Công nghiệp và Thương mại Tanzania Selemani Jafo phát biểu.",
                       dt.date(2025, 6, 12), book)
    assert ext.organisations["m-bo-cong-thuong-tanzania"].written == "Bộ Công nghiệp và Thương mại Tanzania"
