"""Identity across articles: bringing a resolution up to date after a change gives exactly what
resolving the whole corpus again gives."""

from __future__ import annotations

import datetime as dt
import pickle
import random
from pathlib import Path

import pytest

from kg.graph import identity_signature
from kg.identity import (
    ArticleFacts,
    EventFacts,
    Identity,
    changed_articles,
    dump_resolution,
    facts_of,
    load_resolution,
    resolve,
    update_identity,
)
from kg.pipeline import extract_corpus, extract_text

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = [ROOT / "seeds", *(ROOT / "tests" / d / "articles" for d in ("devset", "devset2", "devset3"))]


@pytest.fixture(scope="module")
def facts() -> list[ArticleFacts]:
    """The development articles, and retellings of them: the same events reported again a day
    later by other articles (so that events cluster across many articles), some naming a person
    by surname only, and articles naming a namesake (so that whom a surname stands for depends
    on which articles are in the corpus)."""
    base = [facts_of(e) for e in extract_corpus(ARTICLES, jobs=1).extractions]
    rng = random.Random(7)
    retold = []
    for n, f in enumerate(rng.sample(base, 40)):
        shift = dt.timedelta(days=rng.choice([0, 1, 2]))
        events = tuple(ev._replace(date=ev.date + shift if ev.date else None,
                                   participants=ev.participants[: max(1, len(ev.participants) - rng.choice([0, 1]))])
                       for ev in f.events)
        retold.append(f._replace(article_id=f"retold-{n}", date=f.date + shift, events=events))
    named = sorted({(p, f.article_id) for f in base for ev in f.events for p in ev.participants
                    if p.startswith("n:") and len(p.split()) >= 2})
    for n, (key, aid) in enumerate(rng.sample(named, min(12, len(named)))):
        f = next(f for f in base if f.article_id == aid)
        surname = key.split()[-1]
        short = "n:" + surname

        def swap(k: str) -> str:
            return short if k == key else k
        persons = tuple((swap(k), surname.title() if k == key else name, forms) for k, name, forms in f.persons)
        events = tuple(ev._replace(participants=tuple(swap(p) for p in ev.participants)) for ev in f.events)
        retold.append(f._replace(article_id=f"surname-{n}", persons=persons, events=events))
        namesake = f"An {surname.title()}"
        retold.append(ArticleFacts(f"namesake-{n}", f.date, (("n:" + namesake.lower(), namesake, (namesake,)),), ()))
    return base + retold


def _order(facts: list[ArticleFacts]) -> list[ArticleFacts]:
    return sorted(facts, key=lambda f: (f.date, f.article_id))


def _view(ident: Identity) -> tuple:
    """Everything an identity answers, comparable."""
    events = {m: (c.iri_key, c.kind, c.date, tuple(sorted(c.participants)), tuple(sorted(c.members)))
              for m, c in ident.event_of.items()}
    return ident.person_slug, ident.person_name, ident.person_alias, ident.person_why, events


def _changed(f: ArticleFacts, rng: random.Random) -> ArticleFacts:
    """The same article, edited: an event moved by a day or one participant dropped."""
    if not f.events:
        return f._replace(persons=f.persons[:-1])
    n = rng.randrange(len(f.events))
    ev = f.events[n]
    ev = ev._replace(date=ev.date + dt.timedelta(days=1)) if ev.date and rng.random() < 0.5 \
        else ev._replace(participants=ev.participants[1:])
    return f._replace(events=f.events[:n] + (ev,) + f.events[n + 1:])


@pytest.mark.parametrize("seed", range(12))
def test_an_update_gives_what_a_full_resolution_gives(facts, seed):
    rng = random.Random(seed)
    old = rng.sample(facts, len(facts) * 3 // 4)
    kept = rng.sample(old, len(old) - rng.choice([0, 1, 3, 10]))          # some removed
    ids = {f.article_id for f in old}
    added = rng.sample([f for f in facts if f.article_id not in ids], rng.choice([0, 1, 4, 12]))
    changed = {f.article_id for f in rng.sample(kept, rng.choice([0, 1, 3]))}
    new = [_changed(f, rng) if f.article_id in changed else f for f in kept] + added

    before = resolve(_order(old))
    stored, old_facts = load_resolution(pickle.loads(pickle.dumps(dump_resolution(before, _order(old)))))
    assert old_facts == {f.article_id: f for f in old}
    updated = update_identity(stored, old_facts, _order(new))
    assert _view(updated) == _view(resolve(_order(new)))
    # every article whose graph takes something else from the corpus now is named as changed
    resigned = {f.article_id for f in new if f.article_id in old_facts
                and identity_signature(f, before) != identity_signature(f, updated)}
    assert resigned <= changed_articles(stored, updated, new)


def test_an_update_with_nothing_changed_keeps_the_stored_resolution(facts, monkeypatch):
    from kg import identity
    old = _order(facts)
    stored, old_facts = load_resolution(dump_resolution(resolve(old), old))
    monkeypatch.setattr(identity, "_resolve_people", None)    # nothing is resolved again
    assert update_identity(stored, old_facts, old) is stored
    monkeypatch.undo()
    one_less = old[1:]
    assert _view(update_identity(stored, old_facts, one_less)) == _view(resolve(one_less))


def test_an_update_reclusters_only_what_the_change_can_reach(facts, monkeypatch):
    from kg import identity
    old = _order(facts)
    before = resolve(old)
    sizes: list[int] = []
    cluster = identity._cluster

    def spy(nodes, chosen, ident):
        chosen = list(chosen)
        sizes.append(len(chosen))
        cluster(nodes, chosen, ident)

    monkeypatch.setattr(identity, "_cluster", spy)
    newcomer = max(facts, key=lambda f: len(f.events))._replace(article_id="newcomer")
    new = _order(facts + [newcomer])
    updated = update_identity(before, {f.article_id: f for f in old}, new)
    events = sum(len(f.events) for f in new)
    assert len(newcomer.events) <= sizes[0] < events // 4
    monkeypatch.setattr(identity, "_cluster", cluster)
    assert _view(updated) == _view(resolve(new))
    assert _view(before) == _view(resolve(old))     # the old resolution is left as it was


def _article(aid: str, day: int, people: list[tuple[str, str]], events: list[tuple[str, ...]]) -> ArticleFacts:
    date = dt.date(2025, 1, day)
    return ArticleFacts(aid, date, tuple((k, name, (name,)) for k, name in people),
                        tuple(EventFacts("meeting", date, (), keys, None, None, None) for keys in events))


def test_a_namesake_splits_an_event_its_surname_had_joined():
    """"Berg" stands for Anna Berg until a Carl Berg appears; the meeting two articles reported
    then has one shared participant, not two, and is two events."""
    first = _article("a1", 10, [("n:anna berg", "Anna Berg"), ("n:bo ek", "Bo Ek")], [("n:anna berg", "n:bo ek")])
    second = _article("a2", 10, [("n:berg", "Berg"), ("n:bo ek", "Bo Ek")], [("n:berg", "n:bo ek")])
    namesake = _article("a3", 11, [("n:carl berg", "Carl Berg")], [])
    before = resolve([first, second])
    assert before.event_of[("a1", 0)] is before.event_of[("a2", 0)]
    updated = update_identity(before, {"a1": first, "a2": second}, [first, second, namesake])
    assert updated.event_of[("a1", 0)] is not updated.event_of[("a2", 0)]
    assert _view(updated) == _view(resolve([first, second, namesake]))


def test_articles_whose_people_are_now_someone_else_or_named_otherwise_are_changed():
    surname = _article("a1", 10, [("n:anna berg", "Anna Berg")], [])
    short = _article("a2", 10, [("n:berg", "Berg")], [])
    known = _article("a3", 10, [("k:lee", "Lee Jae-myung")], [])
    old = [surname, short, known]
    before = resolve(old)
    assert before.canonical_key("n:berg") == "n:anna berg"
    namesake = _article("a4", 11, [("n:carl berg", "Carl Berg")], [])
    spelled = [_article(f"s{n}", 12, [("k:lee", "Lee Jae Myung")], []) for n in range(2)]
    new = old + [namesake, *spelled]
    after = update_identity(before, {f.article_id: f for f in old}, new)
    assert after.person_name["k:lee"] == "Lee Jae Myung"
    assert changed_articles(before, after, new) == {"a2", "a3", "a4", "s0", "s1"}
    assert {f.article_id for f in old if identity_signature(f, before) != identity_signature(f, after)} == {"a2", "a3"}


def test_one_negotiation_round_told_by_several_articles_is_one_event():
    """Round 8 told with its first day and the negotiators by one article, with its last day and
    no one by another, and recalled a month later by a third, is one round; round 8 of another
    agreement and round 9 are not it."""
    def round_(ordinal: int, day: int | None, agreement: str, people: tuple[str, ...] = ()) -> EventFacts:
        return EventFacts("negotiation_round", dt.date(2026, 5, day) if day else None, (), people,
                          ordinal, agreement, None)
    negotiator = ("k:nguyen-hoang-long", "Nguyễn Hoàng Long", ("Nguyễn Hoàng Long",))
    first = ArticleFacts("r1", dt.date(2026, 5, 22), (negotiator,),
                         (round_(8, 19, "vn-us-reciprocal", ("k:nguyen-hoang-long",)),))
    second = ArticleFacts("r2", dt.date(2026, 5, 23), (), (round_(8, 21, "vn-us-reciprocal"), round_(9, None, "vn-us-reciprocal")))
    other = ArticleFacts("r3", dt.date(2026, 5, 22), (), (round_(8, 20, "vn-efta-fta"),))
    recalled = ArticleFacts("r4", dt.date(2026, 6, 20), (), (round_(8, None, "vn-us-reciprocal"),))
    ident = resolve([first, second, other, recalled])
    assert ident.event_of[("r1", 0)] is ident.event_of[("r2", 0)] is ident.event_of[("r4", 0)]
    assert ident.event_of[("r2", 1)] is not ident.event_of[("r2", 0)]
    assert ident.event_of[("r3", 0)] is not ident.event_of[("r1", 0)]


def test_reports_of_one_day_are_joined_before_reports_a_day_apart():
    """The Prime Minister's reception of the 20th, told by two articles, is one event, though one
    of them also tells the finance minister's reception of the same guest on the 19th, which
    shares two people with the other article's report and is within a day of it."""
    def reception(day: int, *people: str) -> EventFacts:
        return EventFacts("reception", dt.date(2026, 5, day), (), people, None, None, None)
    pm, guest, minister = "k:pham-minh-chinh", "k:ted-osius", "k:nguyen-van-thang"
    first = ArticleFacts("a", dt.date(2026, 5, 20), (), (reception(20, pm, guest, minister),))
    second = ArticleFacts("b", dt.date(2026, 5, 21), (), (reception(20, pm, guest), reception(19, minister, guest)))
    ident = resolve([first, second])
    assert ident.event_of[("a", 0)] is ident.event_of[("b", 0)]
    assert ident.event_of[("b", 1)] is not ident.event_of[("a", 0)]


def test_an_event_told_with_one_of_its_people_is_the_one_told_with_more_that_day():
    """"Hạ nghị sĩ X … được lãnh đạo thành phố tiếp" by one article and "Chủ tịch Y tiếp X" by
    another, on one day, are one reception; a reception of X on another day is not."""
    def reception(day: int, *people: str) -> EventFacts:
        return EventFacts("reception", dt.date(2026, 5, day), (), people, None, None, None)
    guest, host = "n:brandt thomas", "n:chau le ngoc"
    first = ArticleFacts("a", dt.date(2026, 5, 21), (), (reception(22, guest),))
    second = ArticleFacts("b", dt.date(2026, 5, 23), (), (reception(22, host, guest),))
    third = ArticleFacts("c", dt.date(2026, 5, 23), (), (reception(19, host, guest),))
    ident = resolve([first, second, third])
    assert ident.event_of[("a", 0)] is ident.event_of[("b", 0)]
    assert ident.event_of[("c", 0)] is not ident.event_of[("a", 0)]


def test_a_round_planned_in_an_article_about_one_agreement_is_that_agreement_s_round():
    """"chuẩn bị phiên đàm phán thứ bảy, dự kiến diễn ra tại Washington D.C. vào tháng 4" in an
    article about one agreement, and round 7 of that agreement named by an article weeks later,
    are one round; an article naming two agreements does not say whose its round is."""
    planned = extract_text(
        "Thủ tướng làm việc với đoàn đàm phán về Hiệp định Thương mại đối ứng giữa Việt Nam và Hoa Kỳ. "
        "Thủ tướng giao Bộ Công Thương chuẩn bị kỹ lưỡng phiên đàm phán thứ bảy, dự kiến diễn ra tại "
        "Washington D.C. vào tháng 4.", dt.date(2026, 3, 14))
    recalled = extract_text(
        "Chuyến thăm diễn ra ít ngày sau phiên đàm phán thứ bảy về Hiệp định Thương mại đối ứng giữa "
        "hai nước tại Washington D.C.", dt.date(2026, 4, 23))
    ambiguous = extract_text(
        "Hai bên rà soát Hiệp định Thương mại đối ứng và Hiệp định Thương mại tự do Việt Nam - EU. "
        "Phiên đàm phán thứ bảy sẽ diễn ra tại Washington D.C. vào tháng 4.", dt.date(2026, 3, 14))
    [ev_planned], [ev_recalled] = planned.events, recalled.events
    assert ev_planned.agreement is not None and ev_planned.agreement == ev_recalled.agreement
    p, r = facts_of(planned), facts_of(recalled)
    ident = resolve([p, r])
    assert ident.event_of[(p.article_id, 0)] is ident.event_of[(r.article_id, 0)]
    assert [ev.agreement for ev in ambiguous.events if ev.kind == "negotiation_round"] == [None]


def test_a_round_of_one_agreement_opening_the_same_day_is_one_round_whoever_leads_it():
    """Round 5 told with the minister who heads it by one article, and the technical round of
    the same agreement opening the same day told with its deputies by another, are one round;
    the ministerial session two days before, and a round of another agreement that day, are not."""
    def round_(day: int, agreement: str, people: tuple[str, ...], ordinal: int | None = None) -> EventFacts:
        return EventFacts("negotiation_round", dt.date(2025, 11, day), (("place", "washington-dc"),), people,
                          ordinal, agreement, None)
    heads = ("k:nguyen-hong-dien", "k:jamieson-greer")
    first = ArticleFacts("a", dt.date(2025, 11, 15), (), (round_(12, "vn-us-reciprocal", heads[:1], 5),
                                                          round_(10, "vn-us-reciprocal", heads)))
    second = ArticleFacts("b", dt.date(2025, 11, 14), (), (round_(12, "vn-us-reciprocal", ("k:nguyen-sinh-nhat-tan",)),))
    other = ArticleFacts("c", dt.date(2025, 11, 14), (), (round_(12, "vn-efta-fta", ("k:nguyen-sinh-nhat-tan",)),))
    ident = resolve([first, second, other])
    assert ident.event_of[("a", 0)] is ident.event_of[("b", 0)]
    assert ident.event_of[("a", 1)] is not ident.event_of[("a", 0)]
    assert ident.event_of[("c", 0)] is not ident.event_of[("b", 0)]


def test_one_edition_of_a_conference_told_a_day_apart_is_one_event_whoever_is_named():
    """The 58th ASEAN Economic Ministers' Meeting, told from its opening day with its chair by
    one article and from a day of its sidelines with no one by another, is one conference; an
    edition of another number told that day is not."""
    def conference(day: int, ordinal: int, people: tuple[str, ...], place: str = "manila") -> EventFacts:
        return EventFacts("conference", dt.date(2026, 9, day), (("place", place),), people, ordinal, None, None)
    first = ArticleFacts("a", dt.date(2026, 9, 24), (), (conference(22, 58, ("n:cristina maria reyes",)),))
    second = ArticleFacts("b", dt.date(2026, 9, 24), (), (conference(23, 58, ()),))
    other = ArticleFacts("c", dt.date(2026, 9, 24), (), (conference(23, 57, ()),))
    ident = resolve([first, second, other])
    assert ident.event_of[("a", 0)] is ident.event_of[("b", 0)]
    assert ident.event_of[("c", 0)] is not ident.event_of[("a", 0)]
