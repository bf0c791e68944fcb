"""Russian time rules: every case of months, weekdays, "на прошлой неделе", "за месяц", "N дней назад"."""

from __future__ import annotations

import re

from retrieval.question.time.lexicon import MONTH_RU, MONTHS_RU, WEEKDAYS_RU, alternation, lookup
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
    within,
    year_abs,
)
from retrieval.question.time.rules_num import Rule, Value, clock, year_of
from retrieval.question.time.types import Abs, Grain, PDate, Tod, add_grain, floor_grain, shifted_unit

_DAYS = {"позапозавчера": -3, "позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2,
         "послепослезавтра": 3}
_PODS = {"утр": (0, 12), "днем": (12, 19), "день": (12, 19), "вечер": (18, 24), "ноч": (0, 6),
         "обед": (12, 14)}
WEEKDAY = rf"(?:{alternation(WEEKDAYS_RU)})"
MOD = r"(?P<mod>эт(?:от|а|у|ой|ом|и|их|ими|им)|текущ\w*|прошл\w*|предыдущ\w*|позапрошл\w*|следующ\w*|" \
      r"будущ\w*" \
      r"|ближайш\w*|след\.?|грядущ\w*)"
UNIT = r"(?P<unit>недел\w*|месяц\w*|год\w*|квартал\w*|выходн\w*|уикенд\w*|лет(?:о|ом|а)\b|зим\w*|весн\w*|" \
       r"осен\w*)"
_SEASON = {"лет": "summer", "зим": "winter", "вес": "spring", "осе": "autumn"}
_UNIT_GRAIN: dict[str, Grain] = {"сек": "second", "мин": "minute", "час": "hour", "ден": "day", "дн": "day",
                                 "сут": "day", "нед": "week", "мес": "month", "год": "year", "лет": "year",
                                 "ква": "quarter"}
DUR_UNIT = (r"(?P<unit>секунд\w*|минут\w*|час(?:а|ов)?\b|дн(?:я|ей)|день|сут\w*|недел\w*|месяц\w*|"
            r"год(?:а|у)?\b|лет\b|квартал\w*)")
N = r"(?P<n>\d+|пару|пара)"


def _shift(mod: str) -> int:
    if mod.startswith("позапрошл"):
        return -2
    if mod.startswith(("прошл", "предыдущ")):
        return -1
    if mod.startswith(("след", "будущ", "ближайш", "грядущ")):
        return 1
    return 0


def unit_grain(word: str) -> Grain:
    return _UNIT_GRAIN[word[:3]] if word[:3] in _UNIT_GRAIN else _UNIT_GRAIN[word[:2]]


def _n(m: re.Match[str]) -> int:
    raw = m["n"]
    return 2 if raw is not None and raw.startswith("пар") else int(raw) if raw else 1


def _day_word(m: re.Match[str], ctx: Ctx) -> Value | None:
    return relative_day(ctx, _DAYS[m["w"]])


def _pod(m: re.Match[str], ctx: Ctx) -> Value | None:
    word = m["w"]
    key = next(k for k in _PODS if word.startswith(k))
    lo, hi = _PODS[key]
    return Tod(lo * 3600, hi * 3600, "hour", part_of_day=True, meal=key == "обед")


def _mod_unit(m: re.Match[str], ctx: Ctx) -> Value | None:
    shift, word = _shift(m["mod"]), m["unit"]
    if word.startswith(("выходн", "уикенд")):
        return weekend_abs(ctx, shift)
    if word[:3] in _SEASON:
        return season_abs(ctx, _SEASON[word[:3]], shift)
    return shifted_unit(ctx.now, unit_grain(word), shift)


def _weekday(m: re.Match[str], ctx: Ctx) -> Value | None:
    mod = m["mod"] or ""
    which = {-2: "before_last", -1: "last", 1: "coming", 0: "this"}[_shift(mod)] if mod else "bare"
    return weekday_abs(ctx, lookup(WEEKDAYS_RU, m["wd"]), which)


def _month(m: re.Match[str], ctx: Ctx) -> Value | None:
    month = lookup(MONTHS_RU, m["m"].rstrip("."))
    year = year_of(m["y"])
    if m["mod"]:
        shift = _shift(m["mod"])
        return month_abs(ctx, month, year, {-1: "last", 1: "next"}.get(shift, "this"))
    return PDate(year, month) if year else month_abs(ctx, month)


def _date(m: re.Match[str], ctx: Ctx) -> Value | None:
    return PDate(year_of(m["y"]), lookup(MONTHS_RU, m["m"].rstrip(".")), int(m["d"]))


def _year(m: re.Match[str], ctx: Ctx) -> Value | None:
    year = int(m["y"])
    return year_abs(ctx, year) if 1900 <= year <= 2100 else None


def _quarter(m: re.Match[str], ctx: Ctx) -> Value | None:
    q = int(m["q"])
    if not 1 <= q <= 4:
        return None
    year = int(m["y"]) if m["y"] else ctx.now.year
    start = floor_grain(ctx.now.replace(year=year, month=3 * q - 2, day=1), "month")
    return Abs(start, add_grain(start, "quarter"), "quarter")


def _ago(m: re.Match[str], ctx: Ctx) -> Value | None:
    return ago(ctx, unit_grain(m["unit"]), _n(m), -1)


def _in(m: re.Match[str], ctx: Ctx) -> Value | None:
    return ago(ctx, unit_grain(m["unit"]), _n(m), 1)


def _within(m: re.Match[str], ctx: Ctx) -> Value | None:
    return within(ctx, unit_grain(m["unit"]), _n(m))


def _last_n(m: re.Match[str], ctx: Ctx) -> Value | None:
    direction = m.groupdict().get("dir") or ""
    return rolling(ctx, unit_grain(m["unit"]), _n(m), past=not direction.startswith("след"))


def _clock_mod(m: re.Match[str], ctx: Ctx) -> Value | None:
    h, mod = int(m["h"]), m["mod"]
    if mod.startswith(("дня", "вечера", "попол", "после")) and h < 12:
        h += 12
    elif mod.startswith("ноч") and h == 12:
        h = 0
    tod = clock(h, int(m["mi"]) if m["mi"] else None, None, None)
    return Tod(tod.lo, tod.hi, tod.grain) if tod else None


def _clock_v(m: re.Match[str], ctx: Ctx) -> Value | None:
    return clock(int(m["h"]), None, None, None) if int(m["h"]) <= 24 else None


def _noon(m: re.Match[str], ctx: Ctx) -> Value | None:
    return Tod(12 * 3600, 13 * 3600, "hour") if m[0].endswith(("полдень", "полдня")) else \
        Tod(24 * 3600, 25 * 3600, "hour")


def _now(m: re.Match[str], ctx: Ctx) -> Value | None:
    return Abs(floor_grain(ctx.now, "second"), add_grain(floor_grain(ctx.now, "second"), "second"), "second")


def _weekend(m: re.Match[str], ctx: Ctx) -> Value | None:
    return weekend_abs(ctx, 0)


def _season(m: re.Match[str], ctx: Ctx) -> Value | None:
    return season_abs(ctx, _SEASON[m["s"][:3]], year=int(m["y"]) if m["y"] else None)


def _today_pod(m: re.Match[str], ctx: Ctx) -> Value | None:
    return day_abs(ctx.now)


_HOUR_WORD = r"(?:\s*(?:час(?:а|ов)?|ч)\b)?"
RULES: list[Rule] = [
    (re.compile(r"\b(?P<w>" + "|".join(_DAYS) + r")\b"), _day_word),
    (re.compile(r"\b(?:сейчас|в данный момент)\b"), _now),
    (re.compile(r"(?:\bв\s+|\bс\s+)?\b(?P<w>утр(?:ом|о|а)|днем|вечер(?:ом)?|ночью|ночь|(?:в\s+)?обед(?:ом)?)\b"),
     _pod),
    (re.compile(rf"\b(?:(?:на|в|во)\s+)?{MOD}\s+{UNIT}"), _mod_unit),
    (re.compile(rf"\b(?:(?:в|во|на)\s+)?(?:{MOD}\s+)?(?P<wd>{WEEKDAY})(?![а-я])"), _weekday),
    (re.compile(rf"\b(?:(?:в|во)\s+)?(?:{MOD}\s+)?(?P<m>{MONTH_RU})(?![а-я])(?:\s+(?P<y>\d{{4}})(?:\s*(?:г\.|год\w*))?)?"),
     _month),
    (re.compile(rf"(?<![\d.])(?P<d>\d{{1,2}})(?:-?(?:ое|ого|его|е|го|й|ый|ому|ему))?\s*(?P<m>{MONTH_RU})(?![а-я])"
                r"(?:\s+(?P<y>\d{4}|\d{2}(?!\d))(?:\s*(?:г\.|год\w*))?)?"), _date),
    (re.compile(r"(?:\bв\s+)?(?<!\d)(?P<y>\d{4})(?:\s*(?:г\.|год\w*))"), _year),
    (re.compile(r"\bв\s+(?P<y>\d{4})(?!\d)"), _year),
    (re.compile(r"(?:\bв\s+)?(?P<q>\d)(?:-?[а-я]+)?\s+квартал\w*(?:\s+(?P<y>\d{4}))?"), _quarter),
    (re.compile(rf"(?:\b(?P<n>\d+|пару)\s+)?{DUR_UNIT}\s+(?:тому\s+)?назад\b"), _ago),
    (re.compile(rf"\bчерез\s+(?:(?P<n>\d+|пару)\s+)?{DUR_UNIT}"), _in),
    (re.compile(rf"\bв\s+течени[ие]\s+(?:(?P<n>\d+|пару)\s+)?{DUR_UNIT}"), _within),
    (re.compile(rf"\b(?:за\s+|в\s+течение\s+)?(?P<dir>последн\w*|прошедш\w*|следующ\w*)\s+(?:{N}\s+)?{DUR_UNIT}"),
     _last_n),
    (re.compile(rf"\bза\s+(?:{N}\s+)?{DUR_UNIT}"), _last_n),
    (re.compile(r"(?:\bв\s+)?(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?" + _HOUR_WORD +
                r"\s*(?P<mod>утра|ночи|дня|вечера|пополудни|после\s+полудня)\b"), _clock_mod),
    (re.compile(r"\bв\s+(?P<h>\d{1,2})(?:\s*(?:час(?:а|ов)?|ч)\b|(?!\s*[a-zа-я\d%]|[.:,]\d))"), _clock_v),
    (re.compile(r"(?:\b(?:до|после|к)\s+)(?P<t>(?P<h>\d{1,2})\s*(?:час(?:а|ов)?|ч)\b)"), _clock_v),
    (re.compile(r"(?:\bв\s+)?\b(?:полдень|полночь)\b"), _noon),
    (re.compile(r"\b(?:(?:в|на)\s+)?(?:выходн(?:ые|ых)|уикенд\w*)\b"), _weekend),
    (re.compile(r"\b(?:(?:в|на)\s+)?(?P<s>летом|лето|лета|зимой|зима|зимы|весной|весна|весны|осенью|осень)\b"
                r"(?:\s+(?P<y>\d{4})(?:\s*(?:г\.|год\w*))?)?"), _season),
]
