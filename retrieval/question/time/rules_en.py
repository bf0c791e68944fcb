"""English time rules: "last week", "on Friday", "in the past month", "3 days ago", "this morning"."""

from __future__ import annotations

import re
from datetime import timedelta

from retrieval.question.time.lexicon import MONTH_EN, MONTHS_EN, WEEKDAYS_EN, alternation, lookup
from retrieval.question.time.resolve import (
    Ctx,
    ago,
    day_abs,
    month_abs,
    relative_day,
    rolling,
    season_abs,
    weekday_abs,
    weekend_abs,
    weekend_of,
    year_abs,
)
from retrieval.question.time.rules_num import Rule, Value, year_of
from retrieval.question.time.types import Abs, Grain, PDate, Tod, add_grain, floor_grain, shifted_unit

_UNITS: dict[str, Grain] = {"sec": "second", "min": "minute", "hou": "hour", "h": "hour", "day": "day",
                            "wee": "week", "for": "week", "mon": "month", "qua": "quarter", "qtr": "quarter",
                            "yea": "year", "yr": "year"}
UNIT = r"(?P<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|fortnights?|months?|quarters?|" \
       r"qtrs?|" \
       r"years?|yrs?)\b"
N = r"(?P<n>\d+(?:\.\d+)?|an?\s+couple(?:\s+of)?|couple(?:\s+of)?|an?\s+pair\s+of|an?\s+few|few|several|an?)"
WEEKDAY = rf"(?:{alternation(WEEKDAYS_EN)})"
_SHORT_WD_OK = re.compile(r"^(?:\.|,|\s+\d|\s+at\b|\s*$)")
_MODS = {"this": 0, "current": 0, "coming": 1, "upcoming": 1, "next": 1, "following": 1, "last": -1,
         "past": -1, "previous": -1, "prior": -1, "this past": -1}
MOD = r"(?P<mod>this\s+past|this|current|coming|upcoming|next|the\s+following|following|last|previous|prior)"
_PODS = {"early morning": (0, 9), "morning": (0, 12), "afternoon": (12, 19), "evening": (18, 24),
         "tonight": (18, 24), "tonite": (18, 24), "night": (18, 24), "lunch": (12, 14), "noon": (12, 13),
         "midday": (12, 13), "mid day": (12, 13), "midnight": (24, 25), "late tonight": (21, 24),
         "late tonite": (21, 24)}
_SEASONS = {"spring": "spring", "summer": "summer", "fall": "autumn", "autumn": "autumn", "winter": "winter"}


def unit_grain(word: str) -> Grain:
    return _UNITS.get(word[:3]) or _UNITS.get(word[:2]) or _UNITS[word[:1]]


def amount(raw: str | None) -> float:
    if not raw:
        return 1
    if raw[0].isdigit():
        return float(raw)
    return 2 if ("couple" in raw or "pair" in raw) else 3 if ("few" in raw or "several" in raw) else 1


def _shift(mod: str | None) -> int:
    key = re.sub(r"\s+", " ", re.sub(r"^the\s+", "", mod or "this"))
    return _MODS.get(key, 0)


def _day_word(m: re.Match[str], ctx: Ctx) -> Value | None:
    word = m["w"]
    offset = {"today": 0, "yesterday": -1, "tomorrow": 1, "tomorrows": 1}.get(word)
    if offset is None:
        offset = -2 if "before" in word else 2
    return relative_day(ctx, offset)


def _now(m: re.Match[str], ctx: Ctx) -> Value | None:
    start = floor_grain(ctx.now, "second")
    return Abs(start, add_grain(start, "second"), "second")


def _pod(m: re.Match[str], ctx: Ctx) -> Value | None:
    word = re.sub(r"\s+", " ", m["w"])
    lo, hi = _PODS[word]
    return Tod(lo * 3600, hi * 3600, "hour", part_of_day=(hi - lo) > 1, meal=word == "lunch")


def _this_pod(m: re.Match[str], ctx: Ctx) -> Value | None:
    return day_abs(ctx.now)


def _last_night(m: re.Match[str], ctx: Ctx) -> Value | None:
    start = day_abs(ctx.now).start - timedelta(hours=3 if m["late"] else 6)
    return Abs(start, day_abs(ctx.now).start, "hour")


def _mod_unit(m: re.Match[str], ctx: Ctx) -> Value | None:
    shift, word = _shift(m["mod"]), m["unit"]
    if "end" in word:
        return weekend_abs(ctx, shift)
    if word in _SEASONS:
        return season_abs(ctx, _SEASONS[word], shift if m["mod"] else None)
    if word.startswith("season"):
        start = add_grain(floor_grain(ctx.now, "month"), "month", -(ctx.now.month % 3) + 3 * shift)
        return Abs(start, add_grain(start, "month", 3), "day")
    return shifted_unit(ctx.now, unit_grain(word), shift)


def _weekday(m: re.Match[str], ctx: Ctx) -> Value | None:
    mod = m["mod"]
    short = not m["wd"].endswith(("day", "days"))
    if short and not mod and not _SHORT_WD_OK.match(m.string[m.end("wd"):]) and m.start() > 0:
        return None
    which = "bare"
    if mod:
        which = {0: "this", 1: "next", -1: "last"}[_shift(mod)]
        if which == "this" and ctx.future:
            which = "coming"
    if m["after"]:
        which = "after_next"
    return weekday_abs(ctx, lookup(WEEKDAYS_EN, m["wd"].rstrip(".").removesuffix("s")
                                   if m["wd"].endswith("days") else m["wd"].rstrip(".")), which)


def _before_last(m: re.Match[str], ctx: Ctx) -> Value | None:
    """ "the week before last", "the Friday before last": two weeks (or weekdays) back."""
    word = m["unit"]
    if word in ("week", "month", "year"):
        return shifted_unit(ctx.now, unit_grain(word), -2)
    if "end" in word:
        return weekend_abs(ctx, -2)
    return weekday_abs(ctx, lookup(WEEKDAYS_EN, word.rstrip(".")), "before_last")


def _month(m: re.Match[str], ctx: Ctx) -> Value | None:
    month = lookup(MONTHS_EN, m["m"].rstrip("."))
    year = year_of(m["y"])
    if m["mod"]:
        return month_abs(ctx, month, year, {-1: "last", 1: "next"}.get(_shift(m["mod"]), "this"))
    return PDate(year, month) if year else month_abs(ctx, month)


def _date_dm(m: re.Match[str], ctx: Ctx) -> Value | None:
    return PDate(year_of(m["y"]), lookup(MONTHS_EN, m["m"].rstrip(".")), int(m["d"]))


def _year(m: re.Match[str], ctx: Ctx) -> Value | None:
    year = int(m["y"])
    if m["bc"]:
        return None
    return year_abs(ctx, year) if 1000 <= year <= 2100 else None


def _quarter(m: re.Match[str], ctx: Ctx) -> Value | None:
    q = int(m["q"])
    year = year_of(m["y"]) or ctx.now.year
    if not 1 <= q <= 4:
        return None
    start = floor_grain(ctx.now.replace(year=year, month=3 * q - 2, day=1), "month")
    return Abs(start, add_grain(start, "quarter"), "quarter")


def _ago(m: re.Match[str], ctx: Ctx) -> Value | None:
    sign = -1 if m["dir"] in ("ago", "back", "before") else 1
    if m["dir"].endswith("today") and not m["unit"].startswith("fortnight"):  # "3 years from today": a day
        return day_abs(add_grain(ctx.now, unit_grain(m["unit"]), sign * int(amount(m["n"]))))
    return offset(ctx, m["n"], m["unit"], sign)


def _in(m: re.Match[str], ctx: Ctx) -> Value | None:
    return offset(ctx, m["n"], m["unit"], 1)


def offset(ctx: Ctx, raw: str | None, word: str, sign: int) -> Abs:
    """"3 days ago", "in a fortnight" (= 14 days), "in 2.5 hours"."""
    if word.startswith("fortnight"):
        return ago(ctx, "day", amount(raw) * 14, sign)
    return ago(ctx, unit_grain(word), amount(raw), sign)


def _last_n(m: re.Match[str], ctx: Ctx) -> Value | None:
    past = m["dir"] in ("last", "past", "previous")
    return rolling(ctx, unit_grain(m["unit"]), int(amount(m["n"])), past=past)


def _weekend(m: re.Match[str], ctx: Ctx) -> Value | None:
    return weekend_abs(ctx, 0)


def _season(m: re.Match[str], ctx: Ctx) -> Value | None:
    return season_abs(ctx, _SEASONS[m["s"]], year=int(m["y"]) if m["y"] else None)


def _last_weekend_of(m: re.Match[str], ctx: Ctx) -> Value | None:
    month = month_abs(ctx, lookup(MONTHS_EN, m["m"]), year_of(m["y"]), "this")
    last_day = month.end - timedelta(days=1)
    sunday = last_day - timedelta(days=(last_day.weekday() - 6) % 7)
    return weekend_of(ctx, sunday - timedelta(days=6))


_ON = r"(?:\b(?:on|the)\s+)?"
def _my_unit(m: re.Match[str], ctx: Ctx) -> Value | None:
    word = m["unit"]
    return weekend_abs(ctx, 0) if word == "weekend" else shifted_unit(ctx.now, unit_grain(word), 0)


RULES: list[Rule] = [
    (re.compile(r"\bmy\s+(?P<unit>day|week|weekend|month|year)\b"), _my_unit),
    (re.compile(r"\b(?P<w>today|yesterday|tomorrows?|(?:the\s+)?day\s+(?:before\s+yesterday|after\s+tomorrow))\b"),
     _day_word),
    (re.compile(r"\b(?:right\s+now|just\s+now|now|at\s+the\s+moment|atm)\b"), _now),
    (re.compile(r"\b(?:(?:in\s+)?the\s+|at\s+)?(?P<w>early\s+morning|morning|afternoon|evening|tonight|tonite|night|"
                r"lunch|noon|midday|mid\s+day|midnight|late\s+tonight|late\s+tonite)\b"), _pod),
    (re.compile(r"\b(?:this|today)\b(?=\s+(?:early\s+)?(?:morning|afternoon|evening))"), _this_pod),
    (re.compile(r"\b(?P<late>late\s+)?last\s+night\b"), _last_night),
    (re.compile(rf"\b(?:in\s+|during\s+|on\s+)?(?:the\s+)?(?P<unit>week-?end|week|month|year|{WEEKDAY})\s+"
                r"before\s+last\b"), _before_last),
    (re.compile(rf"\b(?:in\s+|during\s+|of\s+|for\s+)?(?:the\s+)?{MOD}\s+(?P<unit>week-?ends?|weeks?|wkends?|"
                r"months?|quarters?|qtrs?|years?|yrs?|seasons?|spring|summer|fall|autumn|winter)\b"),
     _mod_unit),
    (re.compile(rf"{_ON}(?:{MOD}\s+)?(?P<wd>{WEEKDAY})\b\.?(?P<after>\s+after\s+next)?"), _weekday),
    (re.compile(rf"\b(?:in\s+|during\s+)?(?:{MOD}\s+)?(?P<m>{MONTH_EN})(?![a-z])(?:,?\s+(?P<y>\d{{4}}))?"),
     _month),
    (re.compile(rf"{_ON}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+|day\s+of\s+)?(?P<m>{MONTH_EN})(?![a-z])"
                r"(?:,?\s+(?P<y>\d{4}|\d{2}(?![\d:h])))?"), _date_dm),
    (re.compile(rf"\b(?P<m>{MONTH_EN})(?![a-z])\s*(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])"
                r"(?:,?\s+(?P<y>\d{4}|\d{2}(?![\d:h])))?"), _date_dm),
    (re.compile(r"(?:\b(?:in|of|during|year)\s+|(?<=since\s)|(?<=before\s)|(?<=after\s)|(?<=through\s)|"
                r"(?<=until\s))(?P<y>\d{4})(?P<bc>\s*b\.?c\.?)?"
                r"(?:\s*a\.?d\.?)?(?![\d:])"), _year),
    (re.compile(r"\b(?:the\s+)?(?P<q>\d)(?:st|nd|rd|th)?\s+(?:quarter|qtr)(?:\s+(?:of\s+)?(?P<y>\d{4}))?"),
     _quarter),
    (re.compile(r"\b(?:(?P<y>\d{2}|\d{4})\s*q(?P<q>\d))\b"), _quarter),
    (re.compile(rf"\b(?:{N}\s+)?(?P<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|fortnights?|"
                r"months?|quarters?|years?|yrs?)\s+(?P<dir>ago|back|hence|from\s+(?:now|today))\b"), _ago),
    (re.compile(rf"\bin\s+(?:about\s+)?{N}\s+(?:more\s+)?{UNIT}"), _in),
    (re.compile(rf"\b(?:in\s+|over\s+|during\s+|for\s+)?(?:the\s+)?(?P<dir>last|past|previous|next|coming)\s+"
                rf"(?:{N}\s+)?{UNIT}"), _last_n),
    (re.compile(r"\b(?:at|on|over|during)?\s*(?:the\s+)?weekends?\b"), _weekend),
    (re.compile(r"\b(?:in\s+)?(?:the\s+)?(?P<s>spring|summer|fall|autumn|winter)\b(?:\s+(?:of\s+)?(?P<y>\d{4}))?"),
     _season),
    (re.compile(rf"\blast\s+(?:week-?\s?end|wkend)\s+(?:of|in)\s+(?P<m>{MONTH_EN})(?:\s+(?P<y>\d{{4}}))?"),
     _last_weekend_of),
]
