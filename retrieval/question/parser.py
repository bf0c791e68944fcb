"""The question parser: text → time range, intent, entities, language, shape. Pure and deterministic; the only
place that reads the question's words.

    >>> from datetime import datetime
    >>> q = parse("С кем я обедал в прошлую пятницу?", datetime(2025, 10, 15, 20, 0), "Europe/Moscow")
    >>> q.intent, q.time_range.start.date().isoformat(), q.time_range.grain
    (<Intent.WHO: 'who'>, '2025-10-10', 'day')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from core.text import valid_text
from retrieval.question.entities import Entities, extract
from retrieval.question.intents import Intent, classify
from retrieval.question.normalize import normalize_question
from retrieval.question.shape import PerPeriod, Shape, shape_of
from retrieval.question.time.parser import language_of, parse_time, parse_time_detailed
from retrieval.question.time.types import TimeOptions, TimeParse, TimeRange

__all__ = ["Entities", "Intent", "ParsedQuestion", "PerPeriod", "Shape", "TimeOptions", "TimeParse", "TimeRange",
           "parse", "parse_time", "parse_time_detailed"]

_GROUP_BY = [("day", r"\bпо\s+дням\b|\b(?:per|each|by)\s+day\b|\bdaily\b|\bежедневн\w*"),
             ("week", r"\bпо\s+неделям\b|\b(?:per|each|by)\s+week\b|\bweekly\b|\bеженедельн\w*"),
             ("month", r"\bпо\s+месяцам\b|\b(?:per|each|by)\s+month\b|\bmonthly\b|\bежемесячн\w*")]
_LIMIT = re.compile(r"\b(?:топ|top)[\s-]*(\d{1,3})\b|\b(\d{1,3})\s+(?:сам\w+|сам\w+\s+част\w+|most)\b", re.I)
_FOLLOWUP = re.compile(r"^\s*(?:а|и|and|what\s+about|how\s+about|а\s+как\s+насчет|а\s+что)\b", re.I)
_FILLER = re.compile(r"\b(?:а|и|and|what|how|about|насчет|что|как|then|тогда|ну)\b|[?!.,]", re.I)


@dataclass(frozen=True)
class ParsedQuestion:
    text: str
    language: Literal["ru", "en"]
    intent: Intent
    time_range: TimeRange | None
    unparsed_time: str | None  # a time phrase seen but not understood: say so, never widen to "all time"
    entities: Entities
    group_by: str | None
    limit: int | None
    is_followup: bool
    # How to answer, from the words (per period, counting, ranking, actions, yes/no); a follow-up keeps the
    # previous question's. The default says nothing, for questions built by hand.
    shape: Shape = Shape()


def parse(question: str, now: datetime, tz: str | ZoneInfo = "Europe/Moscow",
          options: TimeOptions | None = None) -> ParsedQuestion:
    """Parse a user's question relative to ``now`` in the user's ``tz`` (past-preferring by default)."""
    # valid_text: everything downstream encodes the words (embedder, stores, JSON). Colloquial and misspelt question
    # words ("скока", "wat") become the standard ones first, so one set of rules reads both.
    text = normalize_question(valid_text(question).strip())
    lang: Literal["ru", "en"] = "ru" if language_of(text) == "ru" else "en"
    found = parse_time_detailed(text, now, tz, options)
    span = _span(text, found.time_range)
    entities = extract(text, span)
    intent = classify(text)
    followup = _is_followup(text, found.time_range, span, entities)
    if followup:
        intent = Intent.RECALL
    return ParsedQuestion(text=text, language=lang, intent=intent, time_range=found.time_range,
                          unparsed_time=found.unparsed, entities=entities, group_by=_group_by(text),
                          limit=_limit(text), is_followup=followup, shape=shape_of(text))


def _span(text: str, rng: TimeRange | None) -> tuple[int, int] | None:
    if rng is None or not rng.phrase:
        return None
    pos = text.find(rng.phrase)
    return (pos, pos + len(rng.phrase)) if pos >= 0 else None


def _group_by(text: str) -> str | None:
    low = text.lower()
    return next((name for name, pattern in _GROUP_BY if re.search(pattern, low)), None)


def _limit(text: str) -> int | None:
    m = _LIMIT.search(text)
    return int(m.group(1) or m.group(2)) if m else None


def _is_followup(text: str, rng: TimeRange | None, span: tuple[int, int] | None, entities: Entities) -> bool:
    """"а в субботу?" / "and on Saturday?" / "а по неделям?": a short question made of a time phrase or a grouping
    and filler only."""
    if not _FOLLOWUP.match(text) or len(text.split()) > 7:
        return False
    if rng is None or span is None:
        span = (0, 0)
        if _group_by(text) is None:
            return False
    rest = _FILLER.sub(" ", text[: span[0]] + " " + text[span[1]:])
    for _, pattern in _GROUP_BY:
        rest = re.sub(pattern, " ", rest, flags=re.I)
    return not rest.strip() and not (entities.people or entities.places or entities.items)
