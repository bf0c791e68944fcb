"""Reading an answer's text: the dates, times, numbers, months and weekdays it states (for the grounding check).

Each reader returns every plausible reading ("1,250" is 1250 or 1.25; "03/04/2025" is March 4 or April 3), so the
check can accept an answer when any reading is in the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

from assistant.phrasing import MONTHS_EN, WEEKDAYS_EN
from retrieval.question.time.lexicon import MONTH_EN, MONTH_RU

SPACE = "[ \u00a0\u202f]"
_MONTH_RU, _MONTH_EN = MONTH_RU.removesuffix(r"\.?"), MONTH_EN.removesuffix(r"\.?")  # keep a sentence's full stop
_DASH = r"\s*(?:[-–—]|по|до|to|through)\s*"
_SUFFIX = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(\d{4})(?:\s*(?:г\.|года?)(?![а-яё]))?)?"
_DATES = [  # (pattern, order of the groups: y=year, m=month, d=day, e=end day of a span)
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), "ymd"),
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b"), "dmy"),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b"), "dmy|mdy"),
    (re.compile(rf"\b(\d{{1,2}})(?:{_DASH}(\d{{1,2}}))?\s+({_MONTH_RU})(?![а-яё]){_YEAR}", re.I), "demy"),
    (re.compile(rf"\b({_MONTH_EN})\s+(\d{{1,2}}){_SUFFIX}(?:{_DASH}(\d{{1,2}}){_SUFFIX})?\b{_YEAR}", re.I), "mdey"),
    (re.compile(rf"\b(\d{{1,2}}){_SUFFIX}(?:{_DASH}(\d{{1,2}}){_SUFFIX})?\s+(?:of\s+)?({_MONTH_EN})\b{_YEAR}",
                re.I), "demy"),
]
TIME = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\b")
NUMBER = re.compile(rf"(?<![\d.,])(?P<n>\d{{1,3}}(?:{SPACE}\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)*)(?!\d)"
                    rf"(?P<pct>\s?(?:%|процент\w*|percent))?")
NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "twice": 2, "два": 2, "две": 2, "двух": 2, "двум": 2, "двумя": 2, "три": 3,
    "трех": 3, "трем": 3, "четыре": 4, "четырех": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7,
    "семи": 7, "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10, "дважды": 2,
    "трижды": 3, "одиннадцать": 11, "двенадцать": 12,
}
MONTH_WORD = re.compile(r"(?<![а-яёa-z])(?:(январ|феврал|март|апрел|июн|июл|август|сентябр|октябр|ноябр|декабр)"
                         r"[а-яё]*|(ма)[йяею](?![а-яё]))|\b(" + "|".join(MONTHS_EN) + r")\b", re.I)
WEEKDAY_WORD = re.compile(r"(?<![а-яё])(понедельник|вторник|сред[аыуе]|четверг|пятниц|суббот|воскресень)"
                           r"(?:[а-яё]*)(?![а-яё])|\b(" + "|".join(WEEKDAYS_EN) + r")s?\b", re.I)
WEEKDAYS = [(ru, en.lower()) for ru, en in zip(["понедельник", "вторник", "сред", "четверг", "пятниц", "суббот",
                                                  "воскресень"], WEEKDAYS_EN, strict=True)]


def find_dates(text: str) -> list[tuple[tuple[int, int], list[tuple[int | None, int, int]]]]:
    """Date mentions as (span, alternative (year|None, month, day) readings), spans not overlapping."""
    found: list[tuple[tuple[int, int], list[tuple[int | None, int, int]]]] = []
    for pattern, order in _DATES:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for (s, e), _ in found):
                continue
            found.append((match.span(), list(_readings(match, order))))
    return found


def _readings(match: re.Match[str], order: str) -> Iterable[tuple[int | None, int, int]]:
    for variant in order.split("|"):
        parts = dict(zip(variant, match.groups(), strict=True))
        month_text = parts["m"]
        month = int(month_text) if month_text.isdigit() else month_number(month_text)
        year = int(parts["y"]) if parts.get("y") else None
        if year is not None and year < 100:
            year += 2000
        for day_text in (parts["d"], parts.get("e")):
            if day_text:
                yield year, month, int(day_text)


def month_number(word: str) -> int:
    word = word.lower()
    prefixes = _EN_MONTH_PREFIXES if re.match("[a-z]", word) else _RU_MONTH_PREFIXES
    return next(m for m, prefix in enumerate(prefixes, 1) if word.startswith(prefix))


_EN_MONTH_PREFIXES = [m[:3].lower() for m in MONTHS_EN]
_RU_MONTH_PREFIXES = ["янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]


def is_calendar_word(word: str) -> bool:
    return bool(MONTH_WORD.fullmatch(word) or WEEKDAY_WORD.fullmatch(word))


def numbers_in(text: str) -> Iterator[float]:
    for match in NUMBER.finditer(text):
        yield from values(match["n"], bool(match["pct"]))


def values(token: str, percent: bool = False) -> list[float]:
    """Readings of a written number: "1 250" → 1250; "1,250" → 1250 or 1.25; "1.250,5" → 1250.5; 45 % → 0.45 too."""
    token = re.sub(SPACE, "", token)
    seps = [c for c in token if c in ".,"]
    if not seps or len(seps) > 1 and len(set(seps)) == 1:  # none, or thousands separators only
        readings = [float(re.sub("[.,]", "", token))]
    elif len(set(seps)) == 2:  # the last separator is the decimal one
        whole, _, frac = token.rpartition(seps[-1])
        readings = [float(re.sub("[.,]", "", whole) + "." + frac)]
    else:
        whole, frac = re.split("[.,]", token)
        readings = [float(f"{whole}.{frac}")] + ([float(whole + frac)] if len(frac) == 3 else [])
    return readings + [v / 100 for v in readings] if percent else readings


def date_or_none(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def mask(text: str, span: tuple[int, int]) -> str:
    return text[: span[0]] + " " * (span[1] - span[0]) + text[span[1]:]
