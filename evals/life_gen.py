"""A deterministic life of one person in Moscow, as API ingest events, with questions and expected facts.

``generate(seed)`` draws ~3.5 months of geo points, purchases, lunches, sport, sleep, steps and a bilingual diary
from the tables in life_world.py. Every event carries a client ``id`` (a UUID derived from the seed and a
counter) so evidence can be checked. Hidden labels (diary moods) stay in ``Life.moods`` and never reach the
events; the questions (life_questions.py) compute their expected facts from the events and these labels.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from evals import life_world as w
from evals.life_facts import NOW, QA
from evals.life_questions import build_questions

Event = dict[str, Any]
_ID_NAMESPACE = uuid.UUID("0b7e2d8a-4f51-4c1e-9d3a-6a1f0c5e7b21")


@dataclass
class Life:
    seed: int
    start: date
    days: int
    events: list[Event]
    moods: dict[str, str]  # diary event id → mood label (hidden ground truth)
    questions: list[QA] = field(default_factory=list)
    now: datetime = NOW


class _Builder:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.events: list[Event] = []
        self.moods: dict[str, str] = {}

    def add(self, kind: str, day: date, hour: int, minute: int, **fields: Any) -> str:
        event_id = str(uuid.uuid5(_ID_NAMESPACE, f"life/{self.seed}/{len(self.events)}"))
        ts = datetime.combine(day, time(hour, minute), w.MSK).isoformat()
        self.events.append({"id": event_id, "type": kind, "ts": ts, **fields})
        return event_id

    def pick(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def geo(self, day: date, hour: int, minute: int, point: tuple[float, float]) -> None:
        lat = round(point[0] + self.rng.uniform(-0.0004, 0.0004), 6)
        lon = round(point[1] + self.rng.uniform(-0.0004, 0.0004), 6)
        self.add("geo", day, hour, minute, lat=lat, lon=lon)


def generate(seed: int = 42, start: date = date(2025, 7, 1), days: int = 111) -> Life:
    """The same seed, start and days always give the same events, ids and questions."""
    b = _Builder(seed)
    diary_days: list[date] = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        _day(b, day)
        if _writes_diary(b, day):
            diary_days.append(day)
    _diary(b, diary_days)
    b.events.sort(key=lambda e: (e["ts"], e["id"]))
    life = Life(seed=seed, start=start, days=days, events=b.events, moods=b.moods)
    life.questions = build_questions(life.events, life.moods)
    return life


def _sick(day: date) -> bool:
    return w.SICK[0] <= day < w.SICK[1]


def _day(b: _Builder, day: date) -> None:
    weekday = day.weekday()
    b.geo(day, 7, b.rng.randint(0, 40), w.HOME)
    b.add("health", day, 7, 30, metric="sleep_hours", value=round(min(9.0, max(5.0, b.rng.gauss(7.2, 0.7))), 1))
    ran = False
    if weekday < 5 and not _sick(day):
        _workday(b, day)
    else:
        for hour in (11, 14, 17):
            b.geo(day, hour, b.rng.randint(0, 59), w.HOME)
    if not _sick(day):
        if weekday in (0, 3) and b.rng.random() < 0.85:
            b.geo(day, 19, 5, w.GYM_POINT)
            b.add("activity", day, 19, 0, activity="gym", duration_minutes=b.rng.choice([50, 60, 75]),
                  place=w.GYM)
        if weekday == 5 or (weekday == 2 and b.rng.random() < 0.6):
            ran = True
            _run(b, day, 9 if weekday == 5 else 7)
        if weekday == 5 and b.rng.random() < 0.3:
            b.add("social", day, 19, 30, action="ужин", person=b.pick(_friends(day)),
                  place=b.rng.choice(w.RESTAURANTS))
    if weekday in (2, 6):
        _groceries(b, day)
    if day == w.HEADPHONES_DAY:
        b.geo(day, 18, 35, w.SHOP_POINTS["М.Видео"])
        b.add("purchase", day, 18, 40, **w.HEADPHONES)
    b.geo(day, 21, b.rng.randint(0, 50), w.HOME)
    steps = int(b.rng.gauss(8000, 2000)) + (6000 if ran else 0)
    b.add("health", day, 23, 0, metric="steps", value=max(1200, steps))


def _workday(b: _Builder, day: date) -> None:
    b.geo(day, 9, b.rng.randint(20, 50), w.OFFICE)
    if b.rng.random() < 0.9:
        _coffee(b, day, 9, b.rng.randint(0, 15))
    if day.weekday() in (1, 4) or (day.weekday() == 2 and b.rng.random() < 0.3):
        minute = b.rng.randint(15, 45)
        b.add("social", day, 13, minute, action="обед" if b.rng.random() < 0.7 else "lunch",
              person=b.pick(_friends(day)), place=b.rng.choice(w.RESTAURANTS))
    if b.rng.random() < 0.2:
        _coffee(b, day, 16, b.rng.randint(0, 59))
    for hour in (11, 12, 14, 15, 16, 17, 18):  # the phone logs the office every hour or so
        b.geo(day, hour, b.rng.randint(0, 30), w.OFFICE)


def _friends(day: date) -> dict[str, int]:
    return {k: v for k, v in w.FRIEND_WEIGHTS.items() if k != "Дмитрий" or day >= w.DMITRY_FROM}


def _coffee(b: _Builder, day: date, hour: int, minute: int) -> None:
    item, cafe = b.pick(w.COFFEE_WEIGHTS), b.pick(w.CAFE_WEIGHTS)
    b.geo(day, hour, minute, w.CAFE_POINTS[cafe])
    b.add("purchase", day, hour, minute, item=item, amount=w.COFFEE_PRICES[item] + w.CAFE_MARKUP[cafe],
          currency="RUB", place=cafe)


def _run(b: _Builder, day: date, hour: int) -> None:
    parks = list(w.PARKS) if day >= w.SOKOLNIKI_FROM else ["Парк Горького"]
    park = parks[0] if len(parks) == 1 or b.rng.random() < 0.65 else parks[1]
    km = round(b.rng.uniform(5, 10), 1)
    b.geo(day, hour, 10, w.PARKS[park])
    b.add("activity", day, hour, 0, activity="running", duration_minutes=int(km * 5.8), distance_km=km, place=park)


def _groceries(b: _Builder, day: date) -> None:
    shop = b.rng.choice(w.SHOPS)
    b.geo(day, 20, 0, w.SHOP_POINTS[shop])
    for n, item in enumerate(b.rng.sample(sorted(w.GROCERY_PRICES), b.rng.randint(2, 4))):
        b.add("purchase", day, 20, 5 + n, item=item, amount=w.GROCERY_PRICES[item], currency="RUB", place=shop,
              category=w.GROCERY_CATEGORY)


def _writes_diary(b: _Builder, day: date) -> bool:
    special = day in w.FORCED_MOODS or any(n.day == day for n in w.NOTABLES)
    return special or b.rng.random() < 0.8


def _diary(b: _Builder, days: list[date]) -> None:
    """Routine entries get moods from the month's plan in exact proportions (shuffled), so the dominant mood of a
    month is by construction; notable and forced days keep theirs."""
    notables = {n.day: n for n in w.NOTABLES}
    routine: dict[int, list[date]] = defaultdict(list)
    for day in days:
        if day not in notables and day not in w.FORCED_MOODS:
            routine[day.month].append(day)
    planned: dict[date, str] = dict(w.FORCED_MOODS)
    for month, month_days in routine.items():
        plan = w.MOOD_PLAN.get(month, {"happy": 1})
        total = sum(plan.values())
        labels = [m for m, weight in plan.items() for _ in range(len(month_days) * weight // total)]
        labels += [max(plan, key=lambda m: plan[m])] * (len(month_days) - len(labels))
        b.rng.shuffle(labels)
        planned.update(zip(month_days, labels, strict=True))
    for day in days:
        minute = b.rng.randint(0, 40)
        if day in notables:
            note = notables[day]
            b.moods[b.add("diary", day, 22, minute, text=note.text)] = note.mood
            continue
        lang = "ru" if b.rng.random() < 0.5 else "en"
        mood = planned[day]
        text = f"{b.rng.choice(w.DIARY_MOOD_TEXT[lang][mood])}. {b.rng.choice(w.DIARY_TOPICS[lang])}".strip()
        b.moods[b.add("diary", day, 22, minute, text=text)] = mood
