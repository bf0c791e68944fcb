"""Language-neutral rules: numeric dates, clock times, bare numbers (for "с 1 по 5 октября")."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from retrieval.question.time.combine import Marker, Nth
from retrieval.question.time.lexicon import MONTH_EN, MONTH_RU
from retrieval.question.time.resolve import Ctx, day_abs
from retrieval.question.time.types import Abs, Grain, Num, PDate, Tod, valid_date

Value = Abs | PDate | Tod | Num | Marker | Nth
Handler = Callable[[re.Match[str], Ctx], Value | None]
Rule = tuple[re.Pattern[str], Handler]

AMPM = r"(?P<ampm>a\.?\s?m\b\.?|p\.?\s?m\b\.?|a\b\.?|p\b\.?|am|pm)"
_ANY_MONTH = rf"(?:{MONTH_RU}|{MONTH_EN})"


def year_of(text: str | None) -> int | None:
    if not text:
        return None
    y = int(text)
    return y + (2000 if y < 50 else 1900) if len(text) == 2 else y


def clock(h: int, m: int | None, s: int | None, ampm: str | None) -> Tod | None:
    if h > 24 or (m or 0) > 59 or (s or 0) > 59:
        return None
    grain: Grain = "second" if s is not None else "minute" if m is not None else "hour"
    if ampm:
        if h > 12:
            return None
        h = h % 12 + (12 if ampm.startswith("p") else 0)
    lo = (h % 24) * 3600 + (m or 0) * 60 + (s or 0)
    width = {"second": 1, "minute": 60, "hour": 3600}[grain]
    return Tod(lo, lo + width, grain, ampm=not ampm and 1 <= h <= 12)


def _iso(m: re.Match[str], ctx: Ctx) -> Value | None:
    y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
    if not valid_date(y, mo, d):
        return None
    if m["h"] is None:
        return PDate(y, mo, d)
    tod = clock(int(m["h"]), int(m["mi"]), int(m["s"]) if m["s"] else None, None)
    if tod is None:
        return None
    start = day_abs(ctx.now.replace(year=y, month=mo, day=d)).start + timedelta(seconds=tod.lo)
    return Abs(start, start + timedelta(seconds=tod.hi - tod.lo), tod.grain)


def _year_month(m: re.Match[str], ctx: Ctx) -> Value | None:
    mo = int(m["mo"])
    return PDate(int(m["y"]), mo) if 1 <= mo <= 12 else None


def _numeric_date(m: re.Match[str], ctx: Ctx) -> Value | None:
    a, b = int(m["a"]), int(m["b"])
    year = year_of(m["y"])
    month_first = ctx.lang == "en" and m["sep"] != "."
    if ctx.lang == "en" and m["sep"] == "." and m["y"] and len(m["y"]) == 4 and a <= 12 < b:
        month_first = True
    order = [(b, a), (a, b)] if month_first else [(a, b), (b, a)]
    if m["sep"] == "-" and not m["y"] and ctx.lang == "ru":
        return None
    for day, month in order:
        if valid_date(year or 2000, month, day):
            return PDate(year, month, day)
    return None


def _clock(m: re.Match[str], ctx: Ctx) -> Value | None:
    tod = clock(int(m["h"]), int(m["mi"]) if m["mi"] else None, int(m["s"]) if m["s"] else None,
                m["ampm"] and m["ampm"].replace(".", "").replace(" ", ""))
    if tod is None or "h" not in m.group():
        return tod
    # "3h18", "15h": the 24-hour notation (never am/pm); Duckling reads "15h" as the minute 15:00
    grain: Grain = "minute" if ctx.opts.duckling_grains and tod.grain == "hour" else tod.grain
    hi = tod.lo + (60 if grain == "minute" else tod.hi - tod.lo)
    return Tod(tod.lo, hi, grain, ampm=False)


def _hour_ampm(m: re.Match[str], ctx: Ctx) -> Value | None:
    digits = m["h"]
    if m["ampm"].rstrip(".") in ("a", "p") and not re.search(r"(?:\b(?:at|from|to)|@|-)\s*$",
                                                           m.string[: m.start()]):
        return None  # "4a" is a flat number, "at 3p" is a time
    if len(digits) >= 3:
        return clock(int(digits[:-2]), int(digits[-2:]), None, m["ampm"].replace(".", "").replace(" ", ""))
    return clock(int(digits), None, None, m["ampm"].replace(".", "").replace(" ", ""))


def _num(m: re.Match[str], ctx: Ctx) -> Value | None:
    n = int(m["n"])
    return Num(n) if 1 <= n <= 31 else None


RULES: list[Rule] = [
    (re.compile(r"(?<![\d.])(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})"
                r"(?:[ t](?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?)?(?![\d])"), _iso),
    (re.compile(r"(?<![\d./])(?P<y>\d{4})[-/](?P<mo>\d{1,2})(?![\d/-])"), _year_month),
    (re.compile(r"(?<![\d./])(?P<mo>\d{1,2})/(?P<y>\d{4})(?![\d/])"), _year_month),
    (re.compile(r"(?<![\d.:/,h])(?P<a>\d{1,2})\s?(?P<sep>[./-])\s?(?P<b>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}))?"
                rf"\.?(?![\d:%]|\.\d|\s*(?:[ap]\.?m\b|[ap]\b|h\b|ч\b|{_ANY_MONTH}))"), _numeric_date),
    (re.compile(r"(?<![\d.:])(?P<h>\d{1,2})(?::|h|ч)(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?:ч\b)?"
                rf"(?:\s*{AMPM})?(?![\d])"), _clock),
    (re.compile(rf"(?<![\d.:])(?P<h>\d{{1,4}})\s*{AMPM}"), _hour_ampm),
    (re.compile(r"(?<![\d.:])(?P<h>\d{1,2})\s*(?:h|ч)(?![a-zа-я\d])(?P<mi>)(?P<s>)(?P<ampm>)"), _clock),
    (re.compile(r"(?<![\d.:,/-])(?P<n>\d{1,2})(?:-?(?:ое|ого|его|е|го|й|ый|st|nd|rd|th))?\.?(?![\d:.]|\s*%)"),
     _num),
]
