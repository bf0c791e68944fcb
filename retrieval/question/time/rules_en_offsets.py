"""English offsets and spans: "in half an hour", "in 1/4h", "in 15'", "within 2 weeks", "after 5 days",
"ASAP", "ten thirty am", "half three", "July 13-15", "from the 13th to 15th July", "third last week of 2018".
These rules run before the general ones, so on an equal span they win ("last Monday of March")."""

from __future__ import annotations

import re
from datetime import timedelta

from retrieval.question.time.combine import Nth, interval
from retrieval.question.time.lexicon import MONTH_EN, MONTHS_EN, WEEKDAYS_EN, alternation, lookup
from retrieval.question.time.resolve import Ctx, ago, within
from retrieval.question.time.rules_en import UNIT, N, amount, offset, unit_grain
from retrieval.question.time.rules_num import AMPM, Rule, Value, clock, year_of
from retrieval.question.time.types import Abs, PDate, floor_grain

_WD = rf"(?:{alternation(WEEKDAYS_EN)})"
_FRACTIONS = {"half": 30, "quarter": 15, "3-quarters": 45, "3 quarters": 45}
_MARKS = {"'": "minute", '"': "second", "h": "hour"}


def _in_fraction(m: re.Match[str], ctx: Ctx) -> Value | None:
    """"in half an hour", "in a quarter of an hour", "in 3/4h", "in 2 and a half hours"."""
    if m["num"]:
        den = int(m["den"])
        return ago(ctx, "minute", 60 * int(m["num"]) / den, 1) if den else None
    if m["whole"]:
        return ago(ctx, "minute", 60 * int(m["whole"]) + 30, 1)
    word = re.sub(r"^an?\s+|\s+(?:of\s+)?an$", "", m["frac"])
    return ago(ctx, "minute", _FRACTIONS[re.sub(r"\s+", " ", word)], 1)


def _in_mark(m: re.Match[str], ctx: Ctx) -> Value | None:
    """"in 15'", "in 1\"", "in 1h": compact units."""
    return ago(ctx, _MARKS[m["mark"]], float(m["n"]), 1)  # type: ignore[arg-type]


def _within(m: re.Match[str], ctx: Ctx) -> Value | None:
    """"within 2 weeks": from now up to that point (future mode); the past N units otherwise."""
    if m["unit"].startswith("fortnight"):
        return within(ctx, "day", 14 * amount(m["n"]))
    return within(ctx, unit_grain(m["unit"]), amount(m["n"]))


def _after(m: re.Match[str], ctx: Ctx) -> Value | None:
    """"after 5 days" (an open interval from that point, made by the "after" prefix); future mode only —
    in questions about the past "after 5 days of rest" is a duration."""
    return offset(ctx, m["n"], m["unit"], 1) if ctx.future else None


def _asap(m: re.Match[str], ctx: Ctx) -> Value | None:
    start = floor_grain(ctx.now, "second")
    return Abs(start, start + timedelta(seconds=1), "second") if ctx.future else None


def _spoken_clock(m: re.Match[str], ctx: Ctx) -> Value | None:
    """"ten thirty am" / "at three twenty" (number words are digits by now: "10 30 am", "at 3 20")."""
    ampm = m["ampm"].replace(".", "").replace(" ", "") if m["ampm"] else None
    return clock(int(m["h"]), int(m["mi"]), None, ampm)


def _half_hour(m: re.Match[str], ctx: Ctx) -> Value | None:
    """British "half three" = 3:30."""
    return clock(int(m["h"]), 30, None, None)


def _day_span(m: re.Match[str], ctx: Ctx) -> Value | None:
    """"July 13-15", "from the 13th to 15th of July": both days in one month."""
    month, year = lookup(MONTHS_EN, m["m"].rstrip(".")), year_of(m["y"])
    return interval(ctx, PDate(year, month, int(m["d1"])), PDate(year, month, int(m["d2"])))


def _nth(m: re.Match[str], ctx: Ctx) -> Value | None:
    """"last Monday of March", "third last week of 2018", "5th last day of May"."""
    n = -int(m["k"] or 1) if m["last"] else int(m["k"])
    what = m["what"]
    wd = None if what in ("day", "week") else lookup(WEEKDAYS_EN, what)
    return Nth(n, wd, "week" if what == "week" else "day")


_ORD = r"(?:st|nd|rd|th)"


def _day(i: int) -> str:
    return rf"(?:the\s+)?(?P<d{i}>\d{{1,2}}){_ORD}?"


RULES: list[Rule] = [
    (re.compile(rf"\b(?:the\s+)?(?:(?P<k>\d){_ORD}?\s+)?(?P<last>last)\s+(?P<what>{_WD}|day|week)"
                r"(?=\s+(?:of|in)\s+(?!the\s+month|this))"), _nth),
    (re.compile(r"\bin\s+(?:about\s+)?(?:(?P<frac>half\s+an|an?\s+half|(?:a\s+)?quarter\s+of\s+an|"
                r"3[-\s]quarters\s+of\s+an)|(?P<num>\d)/(?P<den>\d)|(?P<whole>\d+)\s+and\s+an?\s+half)"
                r"\s*(?:hours?|h\b)"), _in_fraction),
    (re.compile(r"\bin\s+(?:about\s+)?(?P<n>\d+(?:\.\d+)?)\s*(?P<mark>'|\"|h\b)"), _in_mark),
    (re.compile(rf"\bwithin\s+(?:the\s+next\s+)?{N}\s+{UNIT}"), _within),
    (re.compile(rf"(?<=\bafter\s){N}\s+{UNIT}(?!\s+(?:of|from|after|before)\b)"), _after),
    (re.compile(r"\b(?:asap|as\s+soon\s+as\s+possible)\b"), _asap),
    (re.compile(rf"(?<![\d.:/])\b(?P<h>\d{{1,2}})\s(?P<mi>[0-5]\d)\s*{AMPM}"), _spoken_clock),
    (re.compile(r"(?:\bat|@)\s+(?P<h>\d{1,2})\s(?P<mi>[0-5]\d)(?P<ampm>)\b(?!\s*(?:[a-z%/.:-]|\d))"),
     _spoken_clock),
    (re.compile(r"\bhalf\s+(?P<h>\d{1,2})\b(?!\s*(?:[a-z%/.:-]|\d))"), _half_hour),
    (re.compile(rf"\b(?:from\s+)?(?P<m>{MONTH_EN})\s+{_day(1)}\s*(?:-|to|through|thru|till|until)\s*"
                rf"{_day(2)}(?:,?\s+(?P<y>\d{{4}}))?\b"), _day_span),
    (re.compile(rf"\b(?:from\s+)?{_day(1)}\s*(?:-|to|through|thru|till|until)\s*{_day(2)}"
                rf"\s+(?:of\s+)?(?P<m>{MONTH_EN})(?![a-z])(?:,?\s+(?P<y>\d{{4}}))?"), _day_span),
]
