"""``kg synth``: a synthetic corpus of Vietnamese diplomacy and trade news, with gold files.

Articles are written from templates over pools drawn from the gazetteers (ministries,
countries, places, topics) and from name parts, so speed and accuracy can be measured at
any size. Each article gets a gold file in the format ``kg eval`` reads. Deterministic for
a given seed: article ``i`` depends only on ``(seed, i)``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path

from .rulebook import Rulebook, load_rulebook

_MIDDLE = ["Văn", "Thị", "Minh", "Hồng", "Quốc", "Thanh", "Đức", "Ngọc", "Xuân", "Hải", "Mạnh", "Tuấn", "Kim", "Bảo"]
_GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Long", "Mai", "Nam", "Phong", "Quang", "Sơn",
          "Thắng", "Trung", "Tú", "Vinh", "Yến", "Hương", "Giang", "Hòa", "Khánh", "Linh", "Nga", "Phúc", "Tâm"]
_WESTERN_FIRST = ["James", "Anna", "Thomas", "Maria", "Daniel", "Sophie", "Peter", "Laura", "Michael", "Claire",
                  "Robert", "Elena", "Mark", "Julia", "Andrew", "Karin", "Lukas", "Isabel", "Oliver", "Nadia"]
_WESTERN_LAST = ["Fischer", "Martin", "Hansen", "Novak", "Bennett", "Moreau", "Keller", "Rossi", "Lindqvist",
                 "Walsh", "Brennan", "Duarte", "Kowalski", "Meyer", "Carter", "Jansen", "Silva", "Horvat"]
_EAST_ASIAN = {"jp": (["Tanaka", "Suzuki", "Sato", "Yamamoto", "Nakamura", "Kobayashi"], ["Hiroshi", "Kenji", "Yuko", "Takashi", "Aiko"]),
               "kr": (["Kim", "Park", "Choi", "Jung", "Kang", "Yoon"], ["Min-jun", "Seo-yeon", "Ji-hoon", "Hye-jin", "Dong-hyun"]),
               "cn": (["Vương", "Lý", "Trương", "Lưu", "Trần", "Dương"], ["Quảng Minh", "Văn Hoa", "Kiến Quốc", "Hải Yến", "Chí Cường"])}
_PHOTOGRAPHERS = ["Nguyễn Hương", "Trần Việt", "Minh Đức", "Thanh Tùng", "Quang Vinh"]
_BYLINES = ["Minh Anh", "Thu Hà", "Phương Linh", "Hoàng Nam", "Theo TTXVN"]
_PORTFOLIOS = ["foreign-affairs", "trade", "finance", "agriculture-environment", "industry-trade", "science-technology"]
_EVENTS = {
    "reception": ("tiếp", "{host} tiếp {guest}"),
    "meeting": ("làm việc với", "{host} đã có buổi làm việc với {guest}"),
    "talks": ("hội đàm với", "{host} đã hội đàm với {guest}"),
    "phone_call": ("điện đàm với", "{host} đã điện đàm với {guest}"),
}


@dataclass
class _Person:
    name: str
    title: str          # head title as written
    title_text: str     # title with organisation, as written before the name
    org: str            # organisation (or country) as gold writes it
    qualifiers: list[str]
    short: str          # how a later sentence refers to them


class Synthesizer:
    def __init__(self, book: Rulebook):
        self.book = book
        self.vn_ministries = sorted(o.vi for o in book.organisations.values()
                                    if o.kind == "ministry" and o.country == "vn" and o.vi.startswith("Bộ "))
        self.countries = sorted((c for c in book.countries.values() if c.id != "vn" and not c.is_union),
                                key=lambda c: c.id)
        self.cities = sorted(p.vi for p in book.places.values() if p.country == "vn" and p.kind == "city")
        self.topics = sorted(book.topics.values(), key=lambda t: t.id)
        self.portfolios = [book.portfolios[p] for p in _PORTFOLIOS if p in book.portfolios]
        self.publishers = sorted(p.aliases[0] for p in book.publishers.values() if p.aliases)

    # -- people

    def _vn_person(self, rng: random.Random, deputy: bool = False) -> _Person:
        name = f"{rng.choice(sorted(self.book.vietnamese_surnames - {'Hoàng Trung'}))} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"
        ministry = rng.choice(self.vn_ministries)
        acting = not deputy and rng.random() < 0.1
        title = "Thứ trưởng" if deputy else "Bộ trưởng"
        quals = (["deputy"] if deputy else []) + (["acting"] if acting else [])
        text = ("Quyền " if acting else "") + f"{title} {ministry}"
        return _Person(name, title, text, ministry, quals, f"{'Thứ trưởng' if deputy else 'Bộ trưởng'} {name}")

    def _foreign_person(self, rng: random.Random, country) -> _Person:
        if country.id in _EAST_ASIAN:
            family, given = _EAST_ASIAN[country.id]
            name = f"{rng.choice(family)} {rng.choice(given)}"
            short = name.split()[0]
        else:
            name = f"{rng.choice(_WESTERN_FIRST)} {rng.choice(_WESTERN_LAST)}"
            short = name.split()[-1]
        kind = rng.random()
        if kind < 0.55 and self.portfolios:
            p = rng.choice(self.portfolios)
            deputy = rng.random() < 0.3
            title = "Thứ trưởng" if deputy else "Bộ trưởng"
            org = f"Bộ {p.vi[0]} {country.vi}"
            return _Person(name, title, f"{title} {p.vi[0]} {country.vi}", org, ["deputy"] if deputy else [], f"ông {short}")
        if kind < 0.85:
            return _Person(name, "Đại sứ", f"Đại sứ {country.vi} tại Việt Nam", country.vi, [], f"Đại sứ {short}")
        company = f"Tập đoàn {rng.choice(['Everstar', 'Nordlight', 'Pacifica', 'Orion', 'Helix', 'Meridian'])}"
        return _Person(name, "Tổng Giám đốc", f"Tổng Giám đốc {company}", company, [], f"ông {short}")

    # -- one article

    def article(self, seed: int, index: int) -> tuple[str, dict]:
        rng = random.Random(f"{seed}:{index}")
        date = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 1035))
        event_date = date - dt.timedelta(days=rng.choice([0, 1, 1, 2]))
        country = rng.choice(self.countries)
        host = self._vn_person(rng)
        guest = self._foreign_person(rng, country)
        extra = [self._vn_person(rng, deputy=True) for _ in range(rng.randrange(0, 3))]
        kind = rng.choice(sorted(_EVENTS))
        city = rng.choice(self.cities) if kind != "phone_call" else None
        topics = rng.sample(self.topics, 3)
        day = {0: "Sáng nay", 1: "Chiều qua"}.get((date - event_date).days) or \
            f"{rng.choice(['Ngày', 'Chiều', 'Sáng', 'Tối'])} {event_date.day}/{event_date.month}"
        guest_text = (f"ông {guest.name}, {guest.title_text}" if rng.random() < 0.5
                      else f"{guest.title_text} {guest.name}")
        place = f", tại {city}" if city else ""
        lead = _EVENTS[kind][1].format(host=f"{host.title_text} {host.name}", guest=guest_text)
        mark = rng.choice(self.publishers) if rng.random() < 0.6 else None
        paragraphs = [("(" + mark + ") - " if mark else "") + f"{day}{place}, {lead}."]
        if extra:
            names = " và ".join(f"{p.title_text} {p.name}" for p in extra)
            paragraphs.append(f"Tham dự có {names}.")
        paragraphs.append(f"Tại buổi {('tiếp' if kind == 'reception' else 'làm việc')}, hai bên trao đổi về "
                          f"{topics[0].vi}, {topics[1].vi} và {topics[2].vi}.")
        paragraphs.append(f"{host.short.split()[0]} {host.short.split()[1]} {host.name} đề nghị {country.vi} tiếp tục "
                          f"tạo thuận lợi cho doanh nghiệp hai nước. {guest.short[:1].upper() + guest.short[1:]} khẳng định "
                          f"sẵn sàng thúc đẩy hợp tác thực chất.")
        if rng.random() < 0.4:
            paragraphs.append(f"{host.title_text} {host.name} và {guest.title_text} {guest.name}. "
                              f"Ảnh: {rng.choice(_PHOTOGRAPHERS)}")
        if rng.random() < 0.5:
            paragraphs.append(rng.choice(_BYLINES))
        body = "\n\n".join(paragraphs)
        text = f" date {date.isoformat()} {body}\n" if index % 2 else f" date {date.isoformat()}\n{body}\n"
        people = [host, guest, *extra]
        gold = {
            "date": date.isoformat(),
            "publisher": mark,
            "people": [p.name for p in people],
            "organisations": sorted({p.org for p in people if p.org != country.vi}),
            "roles": [{"person": p.name, "title": p.title, "organisation": p.org, "qualifiers": p.qualifiers}
                      for p in people],
            "events": [{"type": kind, "date": event_date.isoformat(), "place": city,
                        "participants": [p.name for p in people], "topics": sorted(t.en for t in topics)}],
            "not_people": [],
        }
        return text, gold


def synthesize(n: int, seed: int, out: str | Path, book: Rulebook | None = None) -> Path:
    """Write ``n`` articles to ``out/articles`` and their gold files to ``out/gold``."""
    synth = Synthesizer(book or load_rulebook())
    root = Path(out)
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "gold").mkdir(parents=True, exist_ok=True)
    width = len(str(max(n - 1, 1)))
    for i in range(n):
        text, gold = synth.article(seed, i)
        stem = f"synth_{i:0{width}d}"
        (root / "articles" / f"{stem}.txt").write_text(text, encoding="utf-8")
        (root / "gold" / f"{stem}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
    return root
