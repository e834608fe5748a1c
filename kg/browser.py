"""Driving the viewer page in headless Chromium (Playwright), for tests and benchmarks.

Nothing here downloads a browser: it runs Debian's ``chromium`` (``/usr/bin/chromium``,
or ``$KG_CHROMIUM``) through Playwright for Python, with every request that leaves the
page blocked and recorded. :func:`synthetic_quads` makes a graph of any size in the RDF
model, for measuring the page on big graphs.
"""

from __future__ import annotations

import contextlib
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .terms import Quad, date, integer, iri, lit
from .vocab import ID, NKG, ORG, PROV, RDF_TYPE, REFERENCE_GRAPH, SCHEMA, SKOS

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@dataclass
class PageLog:
    """What a page did that it should not: requests leaving it, console errors, page errors."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium browser (Playwright), closed afterwards."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"{CHROMIUM} not found (apt-get install chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, viewport: tuple[int, int] = (1400, 900)):
    """A new page whose requests to anything but the page's own file are aborted and logged.

    Returns ``(page, log)``.
    """
    log = PageLog()
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})

    def route(r):
        url = r.request.url
        if url.startswith("file:") or url.startswith("data:") or url.startswith("blob:"):
            r.continue_()
        else:
            log.requests.append(url)
            r.abort()
    page.route("**/*", route)
    page.on("request", lambda req: None if req.url.startswith(("file:", "data:", "blob:"))
            else log.requests.append(req.url))
    page.on("console", lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
    return page, log


def wait_ready(page, timeout_s: float = 120.0) -> float:
    """Wait for the viewer's ready flag; return ``performance.now()`` at ready, in seconds
    (the time since navigation started)."""
    page.wait_for_selector("html[data-ready=\"1\"]", state="attached", timeout=timeout_s * 1000)
    return page.evaluate("window.kgReadyAt") / 1000.0


def time_to_interactive(html_path: str | os.PathLike, *, browser=None, timeout_s: float = 120.0) -> float:
    """Seconds from navigation to the page's "ready" flag (graph drawn and laid out) when
    ``html_path`` is opened from disk in headless Chromium."""
    url = Path(html_path).resolve().as_uri()
    with contextlib.ExitStack() as stack:
        if browser is None:
            browser = stack.enter_context(chromium())
        page, _log = open_page(browser)
        try:
            page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
            return wait_ready(page, timeout_s)
        finally:
            page.close()


# --------------------------------------------------------------------------- synthetic graphs

_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
             "Hồ", "Ngô", "Dương", "Lý"]
_MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Ngọc", "Mạnh", "Xuân", "Hồng", "Công"]
_GIVEN = ["Hùng", "Lâm", "Sơn", "Dũng", "Hà", "Lan", "Nam", "Phong", "Tuấn", "Trung", "Hải", "Long", "Đạt",
          "Thắng", "Vân", "Hương", "Quang", "Bình", "Khánh", "Tâm"]
_FOREIGN = ["John", "Mary", "David", "Anna", "Peter", "Laura", "Kenji", "Yuki", "Hans", "Marie", "Ivan", "Olga"]
_FOREIGN_LAST = ["Smith", "Brown", "Tanaka", "Müller", "Dubois", "Petrov", "Kim", "Lee", "Garcia", "Rossi"]
_EVENT_KINDS = [("Meeting", "Cuộc gặp", "Meeting"), ("Talks", "Hội đàm", "Talks"),
                ("Reception", "Tiếp kiến", "Reception"), ("PhoneCall", "Điện đàm", "Phone call"),
                ("Visit", "Chuyến thăm", "Visit"), ("SigningCeremony", "Lễ ký", "Signing ceremony"),
                ("Conference", "Hội nghị", "Conference"), ("Forum", "Diễn đàn", "Forum"),
                ("NegotiationRound", "Phiên đàm phán", "Negotiation round")]
_ROLES = [("minister", "Bộ trưởng", "Minister"), ("deputy-minister", "Thứ trưởng", "Deputy Minister"),
          ("ambassador", "Đại sứ", "Ambassador"), ("director", "Giám đốc", "Director"),
          ("chairman", "Chủ tịch", "Chair"), ("president", "Chủ tịch nước", "President")]


def synthetic_quads(nodes: int = 2000, *, seed: int = 0) -> list[Quad]:
    """Quads in the project's RDF model whose view graph has about ``nodes`` nodes:
    articles, people with roles, organisations in a hierarchy, countries, places, topics
    and events with attendees, each fact with an evidence sentence."""
    rng = random.Random(seed)
    ref = iri(str(REFERENCE_GRAPH))
    t = lambda cls: iri(str(cls))  # noqa: E731
    typ = iri(RDF_TYPE)
    out: list[Quad] = []

    def add(s, p, o, g=ref):
        out.append((s, p, o, g))

    n_countries, n_places, n_topics = 12, 20, 30
    n_articles = max(2, nodes // 14)
    n_orgs = max(4, nodes // 9)
    n_events = max(2, int(nodes * 0.30))
    n_people = max(2, nodes - n_countries - n_places - n_topics - n_articles - n_orgs - n_events)

    countries = [iri(f"{ID}country/c{i:02d}") for i in range(n_countries)]
    for i, c in enumerate(countries):
        add(c, typ, t(SCHEMA.Country))
        add(c, iri(str(SCHEMA.name)), lit(f"Quốc gia {i}", "vi"))
        add(c, iri(str(SCHEMA.name)), lit(f"Country {i}", "en"))
    places = [iri(f"{ID}place/p{i:02d}") for i in range(n_places)]
    for i, p in enumerate(places):
        add(p, typ, t(SCHEMA.Place))
        add(p, iri(str(SCHEMA.name)), lit(f"Thành phố {i}", "vi"))
        add(p, iri(str(SCHEMA.containedInPlace)), countries[i % n_countries])
    topics = [iri(f"{ID}topic/t{i:02d}") for i in range(n_topics)]
    for i, tp in enumerate(topics):
        add(tp, typ, t(SKOS.Concept))
        add(tp, iri(str(SKOS.prefLabel)), lit(f"chủ đề {i}", "vi"))
        add(tp, iri(str(SKOS.prefLabel)), lit(f"topic {i}", "en"))
    roles = []
    for rid, vi, en in _ROLES:
        r = iri(f"{ID}role/{rid}")
        roles.append(r)
        add(r, typ, t(ORG.Role))
        add(r, iri(str(SKOS.prefLabel)), lit(vi, "vi"))
        add(r, iri(str(SKOS.prefLabel)), lit(en, "en"))
    acting = iri(f"{ID}qualifier/acting")
    add(acting, typ, t(SKOS.Concept))
    add(acting, iri(str(SKOS.prefLabel)), lit("acting", "en"))
    add(acting, iri(str(SKOS.prefLabel)), lit("quyền", "vi"))
    orgs = [iri(f"{ID}org/o{i:04d}") for i in range(n_orgs)]
    for i, o in enumerate(orgs):
        add(o, typ, t(ORG.Organization))
        add(o, iri(str(SCHEMA.name)), lit(f"Bộ {rng.choice(_GIVEN)} số {i}", "vi"))
        add(o, iri(str(SCHEMA.name)), lit(f"Ministry {i}", "en"))
        add(o, iri(str(NKG.country)), countries[i % n_countries])
        if i >= n_countries:
            add(o, iri(str(ORG.subOrganizationOf)), orgs[rng.randrange(0, min(i, n_orgs // 3 + 1))])
    articles = [iri(f"{ID}article/a{i:05d}") for i in range(n_articles)]
    article_dates = []
    for i, a in enumerate(articles):
        d = _day(rng)
        article_dates.append(d)
        add(a, typ, t(SCHEMA.NewsArticle), a)
        add(a, iri(str(SCHEMA.datePublished)), date(d), a)
        add(a, iri(str(SCHEMA.headline)), lit(f"Tin số {i}: hợp tác kinh tế và thương mại"), a)
    people = []
    names = set()
    for i in range(n_people):
        if rng.random() < 0.75:
            name = f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"
        else:
            name = f"{rng.choice(_FOREIGN)} {rng.choice(_FOREIGN_LAST)}"
        if name in names:
            name = f"{name} {i}"
        names.add(name)
        people.append((iri(f"{ID}person/x{i:05d}"), name))
    evidence_n = 0

    def evidence(node, sentence, art, rule):
        nonlocal evidence_n
        evidence_n += 1
        ev = iri(f"{ID}evidence/s{evidence_n:06d}")
        add(ev, typ, t(NKG.Evidence), art)
        add(ev, iri(str(PROV.wasDerivedFrom)), art, art)
        add(ev, iri(str(NKG.sentence)), lit(sentence), art)
        add(ev, iri(str(NKG.sentenceStart)), integer(0), art)
        add(ev, iri(str(NKG.sentenceEnd)), integer(len(sentence)), art)
        add(ev, iri(str(NKG.spanStart)), integer(0), art)
        add(ev, iri(str(NKG.spanEnd)), integer(min(len(sentence), 12)), art)
        add(ev, iri(str(NKG.rule)), lit(rule), art)
        add(node, iri(str(NKG.evidence)), ev, art)

    for i, (p, name) in enumerate(people):
        art = articles[i % n_articles]
        add(p, typ, t(SCHEMA.Person), art)
        add(p, iri(str(SCHEMA.name)), lit(name), art)
        add(p, iri(str(PROV.wasDerivedFrom)), art, art)
        org = orgs[i % n_orgs]
        role_i = rng.randrange(len(roles))
        m = iri(f"{ID}membership/m{i:05d}")
        add(m, typ, t(ORG.Membership), art)
        add(m, iri(str(ORG.member)), p, art)
        add(m, iri(str(ORG.organization)), org, art)
        add(m, iri(str(ORG.role)), roles[role_i], art)
        if rng.random() < 0.1:
            add(m, iri(str(NKG.qualifier)), acting, art)
        add(m, iri(str(PROV.wasDerivedFrom)), art, art)
        evidence(m, f"{_ROLES[role_i][1]} {name} phát biểu tại buổi làm việc.", art, "role.synthetic")
        if rng.random() < 0.3:
            add(p, iri(str(NKG.nationality)), countries[rng.randrange(n_countries)], art)
    for i in range(n_events):
        e = iri(f"{ID}event/e{i:06d}")
        a_i = rng.randrange(n_articles)
        art = articles[a_i]
        cls, vi, en = _EVENT_KINDS[rng.randrange(len(_EVENT_KINDS))]
        who = rng.sample(people, k=min(len(people), rng.choice([2, 2, 2, 3, 3, 4])))
        d = article_dates[a_i]
        add(e, typ, t(SCHEMA.Event), art)
        add(e, typ, iri(str(NKG._NS[cls])), art)
        add(e, iri(str(SCHEMA.name)), lit(f"{vi}: {', '.join(n for _, n in who)} ({d})", "vi"), art)
        add(e, iri(str(SCHEMA.name)), lit(f"{en}: {', '.join(n for _, n in who)} ({d})", "en"), art)
        add(e, iri(str(SCHEMA.startDate)), date(d), art)
        for p, _ in who:
            add(e, iri(str(SCHEMA.attendee)), p, art)
        for tp in rng.sample(topics, k=rng.choice([1, 2, 3])):
            add(e, iri(str(SCHEMA.about)), tp, art)
        if rng.random() < 0.5:
            add(e, iri(str(SCHEMA.location)), places[rng.randrange(n_places)], art)
        add(e, iri(str(PROV.wasDerivedFrom)), art, art)
        evidence(e, f"Ngày {d}, {' và '.join(n for _, n in who)} đã có {vi.lower()}.", art, "event.synthetic")
    return out


#: Markup that would run if the page ever treated data as HTML: each sets ``window.__pwned``.
HOSTILE = {
    "script": "<script>window.__pwned=1</script>",
    "img": '<img src=x onerror="window.__pwned=1">',
    "link": '<a href="javascript:window.__pwned=1">javascript:window.__pwned=1</a>',
    "svg": "<svg onload=window.__pwned=1>",
}
HOSTILE_PERSON = f"{ID}person/hostile"
HOSTILE_EVENT = f"{ID}event/hostile"
HOSTILE_ORG = "javascript:window.__pwned=1"


def hostile_quads() -> list[Quad]:
    """A person, an organisation (whose IRI is a ``javascript:`` URL), a role, an event and
    an article whose names, headline and evidence sentences are markup (:data:`HOSTILE`);
    the event is attended with Lê Mạnh Hùng, to hang off the seeds' graph."""
    art = iri(f"{ID}article/hostile")
    typ = iri(RDF_TYPE)
    p, e, o = iri(HOSTILE_PERSON), iri(HOSTILE_EVENT), iri(HOSTILE_ORG)
    role, m = iri(f"{ID}role/hostile"), iri(f"{ID}membership/hostile")
    lmh = iri(f"{ID}person/le-manh-hung")
    sentence = f"Ông {HOSTILE['script']} gặp {HOSTILE['img']} tại {HOSTILE['link']} {HOSTILE['svg']}."
    out: list[Quad] = [
        (art, typ, iri(str(SCHEMA.NewsArticle)), art),
        (art, iri(str(SCHEMA.datePublished)), date(_date(2026, 2, 3)), art),
        (art, iri(str(SCHEMA.headline)), lit(HOSTILE["script"] + " tin " + HOSTILE["img"]), art),
        (p, typ, iri(str(SCHEMA.Person)), art),
        (p, iri(str(SCHEMA.name)), lit(f"{HOSTILE['script']} Nguyễn Văn Độc"), art),
        (p, iri(str(SCHEMA.alternateName)), lit(HOSTILE["img"]), art),
        (p, iri(str(PROV.wasDerivedFrom)), art, art),
        (o, typ, iri(str(ORG.Organization)), art),
        (o, iri(str(SCHEMA.name)), lit(HOSTILE["link"], "vi"), art),
        (o, iri(str(SCHEMA.name)), lit(HOSTILE["svg"], "en"), art),
        (o, iri(str(PROV.wasDerivedFrom)), art, art),
        (role, typ, iri(str(ORG.Role)), art),
        (role, iri(str(SKOS.prefLabel)), lit(HOSTILE["svg"] + " Bộ trưởng", "vi"), art),
        (role, iri(str(SKOS.prefLabel)), lit(HOSTILE["img"], "en"), art),
        (m, typ, iri(str(ORG.Membership)), art),
        (m, iri(str(ORG.member)), p, art),
        (m, iri(str(ORG.organization)), o, art),
        (m, iri(str(ORG.role)), role, art),
        (m, iri(str(PROV.wasDerivedFrom)), art, art),
        (e, typ, iri(str(SCHEMA.Event)), art),
        (e, typ, iri(str(NKG.Meeting)), art),
        (e, iri(str(SCHEMA.name)), lit(HOSTILE["img"] + " gặp", "vi"), art),
        (e, iri(str(SCHEMA.name)), lit(HOSTILE["link"], "en"), art),
        (e, iri(str(SCHEMA.startDate)), date(_date(2026, 2, 3)), art),
        (e, iri(str(SCHEMA.attendee)), p, art),
        (e, iri(str(SCHEMA.attendee)), lmh, art),
        (e, iri(str(PROV.wasDerivedFrom)), art, art),
    ]
    for i, node in enumerate((p, m, e)):
        ev = iri(f"{ID}evidence/hostile-{i}")
        out += [(ev, typ, iri(str(NKG.Evidence)), art), (ev, iri(str(PROV.wasDerivedFrom)), art, art),
                (ev, iri(str(NKG.sentence)), lit(sentence), art),
                (ev, iri(str(NKG.sentenceStart)), integer(0), art),
                (ev, iri(str(NKG.sentenceEnd)), integer(len(sentence)), art),
                (ev, iri(str(NKG.spanStart)), integer(4), art),
                (ev, iri(str(NKG.spanEnd)), integer(4 + len(HOSTILE["script"])), art),
                (ev, iri(str(NKG.rule)), lit(HOSTILE["img"]), art),
                (node, iri(str(NKG.evidence)), ev, art)]
    return out


def _date(y: int, m: int, d: int):
    import datetime as dt
    return dt.date(y, m, d)


def _day(rng: random.Random) -> "object":
    import datetime as dt
    return dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 420))


__all__ = ["chromium", "open_page", "wait_ready", "time_to_interactive", "synthetic_quads", "hostile_quads",
           "HOSTILE", "PageLog",
           "CHROMIUM", "CHROMIUM_ARGS"]
