"""English clock phrases and counted units: "a quarter past 3pm", "at 1030", "2 upcoming weeks",
"3 fridays from now", "first tuesday of october"."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from retrieval.question.time.combine import Nth
from retrieval.question.time.lexicon import WEEKDAYS_EN, alternation, lookup
from retrieval.question.time.resolve import Ctx, day_abs
from retrieval.question.time.rules_num import AMPM, Rule, Value, clock
from retrieval.question.time.types import Tod, day_start, shifted_unit

_WD = rf"(?:{alternation(WEEKDAYS_EN)})"
_GRAIN = {"d": "day", "w": "week", "m": "month", "q": "quarter", "y": "year"}


def _ampm(m: re.Match[str]) -> str | None:
    raw = m.groupdict().get("ampm")
    return raw.replace(".", "").replace(" ", "") if raw else None


def _minutes_rel(m: re.Match[str], ctx: Ctx) -> Value | None:
    raw = m["min"]
    minutes = 15 if "quarter" in raw else 30 if "half" in raw else int(raw)
    if m["h"] is None:
        base = 12 * 60 if m["noon"].startswith(("noon", "midday")) else 24 * 60
        ambiguous = False
    else:
        tod = clock(int(m["h"]), None, None, _ampm(m))
        if tod is None:
            return None
        base, ambiguous = tod.lo // 60, tod.ampm
    sign = -1 if m["rel"] in ("to", "till", "before") else 1
    lo = (base + sign * minutes) * 60
    return Tod(lo, lo + 60, "minute", ampm=ambiguous)


def _at_digits(m: re.Match[str], ctx: Ctx) -> Value | None:
    digits = m["hm"]
    if len(digits) <= 2:
        return clock(int(digits), None, None, None) if int(digits) <= 24 else None
    return clock(int(digits[:-2]), int(digits[-2:]), None, None)


def _oclock(m: re.Match[str], ctx: Ctx) -> Value | None:
    return clock(int(m["h"]), None, None, _ampm(m))


def _upcoming(m: re.Match[str], ctx: Ctx) -> Value | None:
    n = int(m["n"] or m["n2"])
    return shifted_unit(ctx.now, _GRAIN[m["unit"][0]], n)  # type: ignore[arg-type]


def _weekdays_away(m: re.Match[str], ctx: Ctx) -> Value | None:
    n, wd = int(m["n"]), lookup(WEEKDAYS_EN, m["wd"].removesuffix("s"))
    today = day_start(ctx.now)
    if m["dir"] == "from now":
        first = today + timedelta(days=(wd - today.weekday() - 1) % 7 + 1)
        return day_abs(first + timedelta(weeks=n - 1))
    last = today - timedelta(days=(today.weekday() - wd - 1) % 7 + 1)
    return day_abs(last - timedelta(weeks=n - 1))


def _nth(m: re.Match[str], ctx: Ctx) -> Value | None:
    n = -1 if m["ord"] == "last" else int(m["ord"])
    what = m["what"]
    wd = None if what in ("day", "week") else lookup(WEEKDAYS_EN, what)
    return Nth(n, wd, "week" if what == "week" else "day")


def _the_nth(m: re.Match[str], ctx: Ctx) -> Value | None:
    day = int(m["d"])
    today = day_start(ctx.now)
    cursor = today.replace(day=1)
    step = 1 if ctx.future else -1
    for _ in range(14):
        if day <= 28 or _fits(cursor, day):
            candidate = cursor.replace(day=day)
            if (candidate > today) if ctx.future else (candidate <= today):
                return day_abs(candidate)
        cursor = (cursor + timedelta(days=32 * step)).replace(day=1)
    return None


def _fits(month_start: datetime, day: int) -> bool:
    try:
        month_start.replace(day=day)
    except ValueError:
        return False
    return True


RULES: list[Rule] = [
    (re.compile(r"(?<!:)(?<!from )\b(?P<min>\d{1,2}|a\s+quarter|quarter|half)\s+(?:minutes?\s+)?"
                r"(?P<rel>past|after|to|till|before)"
                rf"\s+(?:(?P<h>\d{{1,2}})\s*{AMPM}?|(?P<noon>noon|midday|midnight))"), _minutes_rel),
    (re.compile(r"\b(?:at|around|approximately|about|@)\s+(?P<hm>\d{1,4})(?:ish)?(?![\d/.:-]|\s*(?:[ap]\b|[ap]\.?m\b|h(?:\b|\d)|"
                r"years?|days?|weeks?|months?|hours?|minutes?|of\b|%|\s\d))"), _at_digits),
    (re.compile(rf"\b(?P<h>\d{{1,2}})\s*(?:o'?clock|oclock)(?:\s*{AMPM})?"), _oclock),
    (re.compile(r"\b(?:upcoming\s+(?P<n>\d+)|(?P<n2>\d+)\s+upcoming)\s+(?P<unit>days?|weeks?|months?|quarters?|years?)"
                r"\b"), _upcoming),
    (re.compile(rf"\b(?P<n>\d+)\s+(?P<wd>{_WD})\s+(?P<dir>from\s+now|ago|back)\b"), _weekdays_away),
    (re.compile(rf"\b(?:the\s+)?(?P<ord>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<what>{_WD}|day|week)(?=\s+(?:of|in)\b)"),
     _nth),
    (re.compile(rf"\b(?:the\s+)?(?P<ord>last)\s+(?P<what>{_WD}|day|week)(?=\s+(?:of|in)\s+(?!the\s+month|this))"),
     _nth),
    (re.compile(r"\b(?:on\s+)?the\s+(?P<d>\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of|day|week|quarter|qtr|last|closest))"),
     _the_nth),
]
