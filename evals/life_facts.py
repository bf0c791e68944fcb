"""The question record and the fact queries the expected answers are computed with (from events, never by hand).

All questions are asked at ``NOW`` (Monday 2025-10-20 20:00 Moscow), so "в прошлую пятницу" / "on Friday" is
2025-10-17, "last week" is 2025-10-13..19, "в сентябре" is September 2025 and "yesterday" is Sunday 2025-10-19.
``window`` records the [start, end) each expectation was computed over; the unit test checks the parser agrees.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import mean
from typing import Any

from evals import life_world as w

Event = dict[str, Any]
Window = tuple[datetime, datetime]
NOW = datetime(2025, 10, 20, 20, 0, tzinfo=w.MSK)
EVIDENCE_CAP = 12  # aggregates over more events than this expect no particular citations
LUNCH_ACTIONS = ("обед", "lunch")


@dataclass
class QA:
    id: str
    question: str
    lang: str
    intent: str
    now: str
    expect_numbers: list[float] = field(default_factory=list)
    tolerance: float = 0.0  # absolute, for averages the answer may round
    expect_names: list[str] = field(default_factory=list)  # "a|b": any alternative; matched on stems
    expect_dates: list[str] = field(default_factory=list)  # ISO dates the answer must state (any common format)
    expect_event_ids: list[str] = field(default_factory=list)
    expect_none: bool = False  # the answer must say nothing was found
    expect_unparsed: bool = False  # the answer must say the time phrase was not understood
    rivals: list[str] = field(default_factory=list)  # top: the other candidates, none may be named before the winner
    window: tuple[str, str] | None = None


def span(first: date, last: date) -> Window:
    """Whole days first..last inclusive as [start, end)."""
    return datetime.combine(first, time(), w.MSK), datetime.combine(last + timedelta(days=1), time(), w.MSK)


def month(year: int, number: int) -> Window:
    end = date(year + number // 12, number % 12 + 1, 1)
    return span(date(year, number, 1), end - timedelta(days=1))


LAST_WEEK = span(date(2025, 10, 13), date(2025, 10, 19))
SEPTEMBER, AUGUST, OCTOBER = month(2025, 9), month(2025, 8), span(date(2025, 10, 1), date(2025, 10, 31))


class Facts:
    """Queries over the generated events, the way a careful person with a spreadsheet would answer."""

    def __init__(self, events: list[Event], moods: dict[str, str]) -> None:
        self.events = events
        self.moods = moods

    def find(self, kind: str, window: Window | None = None, pred: Callable[[Event], bool] | None = None,
             **equal: Any) -> list[Event]:
        out = []
        for e in self.events:
            if e["type"] != kind or any(e.get(k) != v for k, v in equal.items()):
                continue
            ts = datetime.fromisoformat(e["ts"])
            if window is not None and not window[0] <= ts < window[1]:
                continue
            if pred is None or pred(e):
                out.append(e)
        return out

    def coffee(self, window: Window | None = None, **equal: Any) -> list[Event]:
        return self.find("purchase", window, lambda e: e["item"] in w.COFFEE_PRICES, **equal)

    def lunches(self, window: Window | None = None, **equal: Any) -> list[Event]:
        return self.find("social", window, lambda e: e["action"] in LUNCH_ACTIONS, **equal)

    def diary(self, *words: str) -> list[Event]:
        return self.find("diary", pred=lambda e: any(x in e["text"].lower() for x in words))

    def dominant_mood(self, window: Window) -> str:
        counts = Counter(self.moods[e["id"]] for e in self.find("diary", window))
        return str(counts.most_common(1)[0][0])


def day_of(event: Event) -> str:
    return str(event["ts"])[:10]


def ids(events: list[Event]) -> list[str]:
    return [e["id"] for e in events] if len(events) <= EVIDENCE_CAP else []


def top(values: list[str]) -> str:
    return Counter(values).most_common(1)[0][0]


def unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def qa(question: str, lang: str, intent: str, window: Window | None = None, *, numbers: list[float] | None = None,
       tolerance: float = 0.0, names: list[str] | None = None, dates: list[str] | None = None,
       evidence: list[Event] | None = None, none: bool = False, unparsed: bool = False,
       rivals: list[str] | None = None) -> QA:
    return QA(id="", question=question, lang=lang, intent=intent, now=NOW.isoformat(),
              expect_numbers=[round(x, 4) for x in numbers or []], tolerance=tolerance, expect_names=names or [],
              expect_dates=dates or [], expect_event_ids=ids(evidence or []), expect_none=none,
              expect_unparsed=unparsed, rivals=sorted(set(rivals or []) - set(names or [])),
              window=(window[0].isoformat(), window[1].isoformat()) if window else None)


def total(events: list[Event], field_name: str = "amount") -> float:
    return float(sum(e[field_name] for e in events))


def average(events: list[Event], field_name: str = "value") -> float:
    return float(mean(e[field_name] for e in events))
