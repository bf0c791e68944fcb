"""The grounding check: an LLM answer may only state numbers, dates, times and names that the evidence holds.

Pure and deterministic. Strict on numbers (every number in the answer must match one of the evidence's numbers
within 1 %, or a number written in its facts, sources or template answer), dates (in the evidence, its sources, or
the question's time range) and times; pragmatic on names (a capitalised word must be a word of the evidence,
Russian case endings allowed). The answer must also be written in the question's language. The template answer
counts as evidence: it is built from the evidence and is always correct, so it always passes.

    >>> from datetime import datetime
    >>> from retrieval.evidence import Evidence
    >>> from retrieval.question import parse
    >>> q = parse("How many steps did I walk yesterday?", datetime(2025, 10, 11, 20, 0), "Europe/Moscow")
    >>> ev = Evidence(question=q, facts=["Steps on October 10, 2025: 12500"], numbers=[12500.0])
    >>> check_grounded("You walked 12,500 steps on October 10.", ev).ok
    True
    >>> check_grounded("You walked 13,000 steps yesterday.", ev).reason
    'number 13,000 is not in the evidence'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from assistant.phrasing import MONTHS_EN, WEEKDAYS_EN
from indexing.names import normalize_name
from retrieval.evidence import Evidence
from retrieval.time_lexicon import MONTH_EN, MONTH_RU
from retrieval.time_types import TimeRange

__all__ = ["GroundingResult", "check_grounded", "in_language"]

_SPACE = "[ \u00a0\u202f]"
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
_TIME = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\b")
_NUMBER = re.compile(rf"(?<![\d.,])(?P<n>\d{{1,3}}(?:{_SPACE}\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)*)(?!\d)"
                     rf"(?P<pct>\s?(?:%|процент\w*|percent))?")
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "twice": 2, "два": 2, "две": 2, "двух": 2, "двум": 2, "двумя": 2, "три": 3,
    "трех": 3, "трем": 3, "четыре": 4, "четырех": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7,
    "семи": 7, "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10, "дважды": 2,
    "трижды": 3, "одиннадцать": 11, "двенадцать": 12,
}
_MONTH_WORD = re.compile(r"(?<![а-яёa-z])(?:(январ|феврал|март|апрел|июн|июл|август|сентябр|октябр|ноябр|декабр)"
                         r"[а-яё]*|(ма)[йяею](?![а-яё]))|\b(" + "|".join(MONTHS_EN) + r")\b", re.I)
_WEEKDAY_WORD = re.compile(r"(?<![а-яё])(понедельник|вторник|сред[аыуе]|четверг|пятниц|суббот|воскресень)"
                           r"(?:[а-яё]*)(?![а-яё])|\b(" + "|".join(WEEKDAYS_EN) + r")s?\b", re.I)
_WEEKDAY_STEMS = ["понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресень"]
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-ZА-ЯЁ][\w'’-]*")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_START = re.compile(r"(?:^\s*|[.!?…]\s+|\n\s*(?:[-*•]\s*)?)[\"«“(]*$")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Capitalised words that are never names: pronouns, polite forms, currency codes, common sentence openers.
_NOT_NAMES = _word_set("""i ok am pm rub usd eur вы вас вам вами ваш ваша ваше ваши вашего вашей вашу вашим вашими
ты тебя тебе твой твоя твое твои я мы""")
_OPENERS = _word_set("""you your yours yes no on in at on by for from during last this that these those there it its
according unfortunately sorry based i we the a an overall total in all so also here nothing none not but and or
however then after before today yesterday my our as to of with about sure well great looks seems apparently
по в во на за к с со у о об от до для при из это этот эта эти тот та те там тут здесь да нет вот всего итого
в общем кажется похоже судя согласно к сожалению сегодня вчера позавчера ничего никаких не но и а или однако
тогда после перед затем также ещё еще вы ваш ваши мы я он она они это как где когда кто что сколько""")


@dataclass(frozen=True, slots=True)
class GroundingResult:
    ok: bool
    reason: str = ""


@dataclass(slots=True)
class _Allowed:
    """Everything the evidence lets an answer state, gathered once."""

    numbers: list[float] = field(default_factory=list)
    dates: set[date] = field(default_factory=set)
    month_days: set[tuple[int, int]] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    times: set[tuple[int, int]] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    question_words: set[str] = field(default_factory=set)  # may open a sentence ("Сколько…"), never a name
    time_range: TimeRange | None = None

    @classmethod
    def of(cls, ev: Evidence) -> _Allowed:
        counts = [float(n) for n in (len(ev.names), len(ev.sources)) if n]  # "you met 2 people"
        allowed = cls(numbers=[*ev.numbers, *counts],
                      dates={*ev.dates, *(s.ts.date() for s in ev.sources)}, time_range=ev.question.time_range)
        allowed.times = {(s.ts.hour, s.ts.minute) for s in ev.sources}
        allowed.question_words = {_key(w) for w in _WORD.findall(ev.question.text)}
        rng = ev.question.time_range
        for edge in (rng.start, rng.end) if rng else ():
            if edge is not None:
                allowed.years.add(edge.year)
                allowed.times.add((edge.hour, edge.minute))
        for text in [*ev.facts, *(s.text for s in ev.sources), ev.template_answer, *ev.names]:
            allowed.words.update(_key(w) for w in _WORD.findall(text))
            rest = text
            for span, alternatives in _find_dates(text):
                rest = _mask(rest, span)
                for y, m, d in alternatives:
                    if y is None:
                        allowed.month_days.add((m, d))
                    elif (day := _date(y, m, d)) is not None:
                        allowed.dates.add(day)
            for match in _TIME.finditer(rest):
                allowed.times.add((int(match[1]), int(match[2])))
            allowed.numbers.extend(v for match in _NUMBER.finditer(rest) for v in _number_values(match))
        allowed.month_days.update((d.month, d.day) for d in allowed.dates)
        allowed.years.update(d.year for d in allowed.dates)
        return allowed

    def has_number(self, value: float) -> bool:
        return any(abs(value - n) <= 0.01 * abs(n) + 1e-9 for n in self.numbers)

    def has_date(self, y: int | None, m: int, d: int) -> bool:
        if y is None:
            return (m, d) in self.month_days or any(
                (day := _date(year, m, d)) is not None and self.in_range(day) for year in self.years)
        day = _date(y, m, d)
        return day is not None and (day in self.dates or self.in_range(day))

    def in_range(self, day: date) -> bool:
        rng = self.time_range
        if rng is None or (rng.start is None and rng.end is None):
            return False
        return (rng.start is None or rng.start.date() <= day) and (rng.end is None or day <= _last_day(rng.end))

    def days(self) -> Iterator[date]:
        """Every allowed day: the listed ones, and the range's when it is short enough to enumerate."""
        yield from self.dates
        rng = self.time_range
        if rng is not None and rng.start is not None and rng.end is not None:
            day, last = rng.start.date(), min(_last_day(rng.end), rng.start.date() + timedelta(days=400))
            while day <= last:
                yield day
                day += timedelta(days=1)

    def has_word(self, word: str) -> bool:
        key = _key(word)
        if key in self.words:
            return True
        return _is_cyrillic(key) and any(_same_stem(key, w) for w in self.words)


def check_grounded(answer: str, evidence: Evidence) -> GroundingResult:
    """Whether ``answer`` states only what ``evidence`` holds, in the question's language; the reason if not."""
    text = answer.replace("\u00a0", " ").replace("\u202f", " ").strip()
    if not text:
        return GroundingResult(False, "empty answer")
    if not in_language(text, evidence.question.language):
        return GroundingResult(False, f"answer is not in {evidence.question.language}")
    allowed = _Allowed.of(evidence)
    rest = text
    for span, alternatives in _find_dates(text):
        if not any(allowed.has_date(*alt) for alt in alternatives):
            return GroundingResult(False, f"date {text[span[0]:span[1]]!r} is not in the evidence")
        rest = _mask(rest, span)
    for match in _TIME.finditer(rest):
        if (int(match[1]), int(match[2])) not in allowed.times:
            return GroundingResult(False, f"time {match[0]} is not in the evidence")
        rest = _mask(rest, match.span())
    reason = _check_numbers(rest, allowed) or _check_calendar_words(rest, allowed) or _check_names(rest, allowed)
    return GroundingResult(not reason, reason or "grounded")


def in_language(text: str, language: str) -> bool:
    """Most letters are Cyrillic for "ru", Latin for "en" (a Latin name in a Russian answer is fine)."""
    letters = [c for c in text if c.isalpha()]
    cyrillic = sum(1 for c in letters if "а" <= c.lower() <= "я" or c in "ёЁ")
    share = cyrillic / len(letters) if letters else 0.0
    return share >= 0.5 if language == "ru" else share <= 0.5


def _check_numbers(text: str, allowed: _Allowed) -> str:
    for match in _NUMBER.finditer(text):
        token = match["n"]
        if re.fullmatch(r"\d{4}", token) and not match["pct"] and int(token) in allowed.years:
            continue
        if any(allowed.has_number(v) for v in _number_values(match)):
            continue
        parts = re.split(_SPACE, token)  # "2 100" may be the two numbers 2 and 100
        if len(parts) > 1 and all(allowed.has_number(float(p)) for p in parts):
            continue
        return f"number {token} is not in the evidence"
    for word in _WORD.findall(text):
        value = _NUMBER_WORDS.get(_key(word))
        if value is not None and not allowed.has_number(value):
            return f"number {word!r} is not in the evidence"
    return ""


def _check_calendar_words(text: str, allowed: _Allowed) -> str:
    """A month or weekday named without a day ("в сентябре", "on Friday") must be one the evidence covers."""
    days = None
    for match in _MONTH_WORD.finditer(text):
        if match[3] and not match[3][0].isupper():
            continue  # "may" the verb
        month = _month_number(match[1] or match[2] or match[3])
        days = days if days is not None else list(allowed.days())
        if month not in {d.month for d in days} and not allowed.has_word(match[0]):
            return f"month {match[0]!r} is not in the evidence"
    for match in _WEEKDAY_WORD.finditer(text):
        word = match[1] or match[2]
        weekday = (next(i for i, s in enumerate(_WEEKDAY_STEMS) if word.lower().startswith(s)) if match[1]
                   else [w.lower() for w in WEEKDAYS_EN].index(word.lower()))
        days = days if days is not None else list(allowed.days())
        if weekday not in {d.weekday() for d in days} and not allowed.has_word(match[0]):
            return f"weekday {match[0]!r} is not in the evidence"
    return ""


def _check_names(text: str, allowed: _Allowed) -> str:
    common = _OPENERS | allowed.question_words | {_key(w) for w in _WORD.findall(text) if w[0].islower()}
    for match in _CAPITALISED.finditer(text):
        word, key = match[0], _key(match[0])
        if key in _NOT_NAMES or key in _NUMBER_WORDS or allowed.has_word(word) or _is_calendar_word(word):
            continue
        if key in common and _SENTENCE_START.search(text[: match.start()]):
            continue
        return f"name {word!r} is not in the evidence"
    return ""


def _find_dates(text: str) -> list[tuple[tuple[int, int], list[tuple[int | None, int, int]]]]:
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
        month = int(month_text) if month_text.isdigit() else _month_number(month_text)
        year = int(parts["y"]) if parts.get("y") else None
        if year is not None and year < 100:
            year += 2000
        for day_text in (parts["d"], parts.get("e")):
            if day_text:
                yield year, month, int(day_text)


def _month_number(word: str) -> int:
    word = word.lower()
    prefixes = _EN_MONTH_PREFIXES if re.match("[a-z]", word) else _RU_MONTH_PREFIXES
    return next(m for m, prefix in enumerate(prefixes, 1) if word.startswith(prefix))


_EN_MONTH_PREFIXES = [m[:3].lower() for m in MONTHS_EN]
_RU_MONTH_PREFIXES = ["янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]


def _is_calendar_word(word: str) -> bool:
    return bool(_MONTH_WORD.fullmatch(word) or _WEEKDAY_WORD.fullmatch(word))


def _number_values(match: re.Match[str]) -> list[float]:
    values = _values(match["n"])
    return values + [v / 100 for v in values] if match["pct"] else values  # 45 % may be stored as 0.45


def _values(token: str) -> list[float]:
    """Readings of a written number: "1 250" → 1250; "1,250" → 1250 or 1.25; "1.250,5" → 1250.5."""
    token = re.sub(_SPACE, "", token)
    seps = [c for c in token if c in ".,"]
    if not seps:
        return [float(token)]
    if len(set(seps)) == 2:  # the last separator is the decimal one
        decimal = seps[-1]
        whole, _, frac = token.rpartition(decimal)
        return [float(re.sub("[.,]", "", whole) + "." + frac)]
    if len(seps) > 1:
        return [float(re.sub("[.,]", "", token))]
    whole, frac = re.split("[.,]", token)
    readings = [float(f"{whole}.{frac}")]
    if len(frac) == 3:
        readings.append(float(whole + frac))
    return readings


def _key(word: str) -> str:
    key = normalize_name(word)
    return re.sub(r"['’]s?$", "", key)


def _is_cyrillic(word: str) -> bool:
    return bool(re.search("[а-я]", word))


def _same_stem(a: str, b: str) -> bool:
    """Russian case forms of one word: "Машей"/"Маша", "Москве"/"Москва", "Петром"/"Петр" (not "Анна"/"Анатолий")."""
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= 3 and common >= min(len(a), len(b)) - 2 and common >= max(len(a), len(b)) - 3


def _date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _last_day(end: datetime) -> date:
    midnight = (end.hour, end.minute, end.second, end.microsecond) == (0, 0, 0, 0)
    return (end - timedelta(days=1)).date() if midnight else end.date()


def _mask(text: str, span: tuple[int, int]) -> str:
    return text[: span[0]] + " " * (span[1] - span[0]) + text[span[1]:]
