"""The grounding check: an LLM answer may only state numbers, dates, times and names that the evidence holds.

Pure. Strict on numbers (each must match an evidence number within 1 %, or one written in its facts, sources or
template answer), dates (in the evidence, its sources or the question's time range), times, months and weekdays;
pragmatic on names (a capitalised word must be a word of the evidence, Russian case endings allowed). The answer
must also be in the question's language, must not say "nothing found" when something was, and must state at
least one of the evidence's own numbers, names or dates. The template answer counts as evidence: it is built
from the evidence and always correct, so it always passes.

    >>> from datetime import datetime
    >>> from retrieval.question.parser import parse
    >>> q = parse("How many steps did I walk yesterday?", datetime(2025, 10, 11, 20, 0), "Europe/Moscow")
    >>> ev = Evidence(question=q, facts=["Steps on October 10, 2025: 12500"], numbers=[12500.0], found=True)
    >>> check_grounded("You walked 12,500 steps on October 10.", ev).ok
    True
    >>> check_grounded("You walked 13,000 steps yesterday.", ev).reason
    'number 13,000 is not in the evidence'
"""

from __future__ import annotations

import os.path
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from assistant.llm.answer_reading import (
    MONTH_WORD,
    NUMBER,
    NUMBER_WORDS,
    SPACE,
    TIME,
    WEEKDAY_WORD,
    WEEKDAYS,
    date_or_none,
    find_dates,
    is_calendar_word,
    mask,
    month_number,
    numbers_in,
    values,
)
from core.names import normalize_name
from retrieval.evidence import Evidence
from retrieval.question.time.types import TimeRange

__all__ = ["GroundingResult", "check_grounded", "in_language"]

_CAPITALISED = re.compile(r"(?<![\w'’-])[A-ZА-ЯЁ][\w'’-]*")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_START = re.compile(r"(?:^\s*|[.!?…]\s+|\n\s*(?:[-*•]\s*)?)[\"«“(]*$")
_NOTHING = re.compile(r"\b(?:nothing|no (?:records?|data|information|entries|mentions?)|not found|(?:did ?n[o']t|"
                      r"could ?n[o']t|can ?n[o']t|cannot|unable to) find)\b|ничего|не нашл|не найд|не удалось|"
                      r"нет (?:данных|записей|информации|сведений)", re.I)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Capitalised words that are never names: pronouns, polite forms, currency codes, common sentence openers.
_NOT_NAMES = _word_set("""i ok am pm rub usd eur вы вас вам вами ваш ваша ваше ваши вашего вашей вашу вашим вашими
ты тебя тебе твой твоя твое твои я мы""")
_OPENERS = _word_set("""you your yours yes no on in at on by for from during last this that these those there it its
according unfortunately sorry based i we the a an overall total in all so also here nothing none not but and or
however then after before today yesterday my our as to of with about sure well great looks seems apparently
keep nice good note
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
    months: set[int] = field(default_factory=set)  # months and weekdays a "в сентябре" / "on Friday" may name
    weekdays: set[int] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    question_words: set[str] = field(default_factory=set)  # may open a sentence ("Сколько…"), never a name
    time_range: TimeRange | None = None

    @classmethod
    def of(cls, ev: Evidence) -> _Allowed:
        counts = [float(n) for n in (len(ev.names), len(ev.sources)) if n]  # "you met 2 people"
        rng = ev.question.time_range
        edges = [e for e in (rng.start, rng.end) if e is not None] if rng else []
        stamps = [*edges, *(s.ts for s in ev.sources)]
        allowed = cls(numbers=[*ev.numbers, *counts], dates={*ev.dates, *(s.ts.date() for s in ev.sources)},
                      years={e.year for e in edges}, times={(t.hour, t.minute) for t in stamps}, time_range=rng,
                      question_words={_key(w) for w in _WORD.findall(ev.question.text)})
        for text in [*ev.facts, *(s.text for s in ev.sources), ev.template_answer, *ev.names]:
            allowed.words.update(_key(w) for w in _WORD.findall(text))
            rest = text
            for span, alternatives in find_dates(text):
                rest = mask(rest, span)
                allowed.month_days.update((m, d) for y, m, d in alternatives if y is None)
                allowed.dates.update(day for y, m, d in alternatives if y and (day := date_or_none(y, m, d)))
            allowed.times.update((int(match[1]), int(match[2])) for match in TIME.finditer(rest))
            allowed.numbers.extend(numbers_in(rest))
        days = list(allowed.dates)
        if rng is not None and rng.start is not None and rng.end is not None:  # a range's days, up to 400 of them
            first = rng.start.date()
            days += [first + timedelta(n) for n in range(min((_last_day(rng.end) - first).days + 1, 400))]
        allowed.month_days.update((d.month, d.day) for d in allowed.dates)
        allowed.years.update(d.year for d in allowed.dates)
        allowed.months, allowed.weekdays = {d.month for d in days}, {d.weekday() for d in days}
        return allowed

    def has_number(self, value: float) -> bool:
        return any(abs(value - n) <= 0.01 * abs(n) + 1e-9 for n in self.numbers)

    def has_date(self, y: int | None, m: int, d: int) -> bool:
        if y is None:
            return (m, d) in self.month_days or any(self.in_range(date_or_none(year, m, d)) for year in self.years)
        return (day := date_or_none(y, m, d)) in self.dates or self.in_range(day)

    def in_range(self, day: date | None) -> bool:
        rng = self.time_range
        if day is None or rng is None or (rng.start is None and rng.end is None):
            return False
        return (rng.start is None or rng.start.date() <= day) and (rng.end is None or day <= _last_day(rng.end))

    def has_word(self, word: str) -> bool:
        key = _key(word)
        if key in self.words:
            return True
        return bool(re.search("[а-я]", key)) and any(_same_stem(key, w) for w in self.words)


def check_grounded(answer: str, evidence: Evidence) -> GroundingResult:
    """Whether ``answer`` states only what ``evidence`` holds, in the question's language; the reason if not."""
    text = answer.replace("\u00a0", " ").replace("\u202f", " ").strip()
    if not text:
        return GroundingResult(False, "empty answer")
    if not in_language(text, evidence.question.language):
        return GroundingResult(False, f"answer is not in {evidence.question.language}")
    allowed = _Allowed.of(evidence)
    rest = text
    for span, alternatives in find_dates(text):
        if not any(allowed.has_date(*alt) for alt in alternatives):
            return GroundingResult(False, f"date {text[span[0]:span[1]]!r} is not in the evidence")
        rest = mask(rest, span)
    for match in TIME.finditer(rest):
        if (int(match[1]), int(match[2])) not in allowed.times:
            return GroundingResult(False, f"time {match[0]} is not in the evidence")
        rest = mask(rest, match.span())
    reason = (_check_numbers(rest, allowed) or _check_calendar_words(rest, allowed) or _check_names(rest, allowed)
              or _check_substance(text, rest, evidence))
    return GroundingResult(not reason, reason or "grounded")


def in_language(text: str, language: str) -> bool:
    """Most letters are Cyrillic for "ru", Latin for "en", counting lower-case words: the user's names keep their
    own script ("You met Анна at Му-Му" is English, "Ты пил Flat White" Russian)."""
    words = _WORD.findall(text)
    own = "".join(w for w in words if not w[0].isupper()) or "".join(words)
    letters = [c for c in own if c.isalpha()]
    cyrillic = sum(1 for c in letters if "а" <= c.lower() <= "я" or c in "ёЁ")
    share = cyrillic / len(letters) if letters else 0.0
    return share >= 0.5 if language == "ru" else share <= 0.5


def _check_numbers(text: str, allowed: _Allowed) -> str:
    for match in NUMBER.finditer(text):
        token = match["n"]
        if re.fullmatch(r"\d{4}", token) and not match["pct"] and int(token) in allowed.years:
            continue
        if any(allowed.has_number(v) for v in values(match["n"], bool(match["pct"]))):
            continue
        parts = re.split(SPACE, token)  # "2 100" may be the two numbers 2 and 100
        if len(parts) > 1 and all(allowed.has_number(float(p)) for p in parts):
            continue
        return f"number {token} is not in the evidence"
    for word in _WORD.findall(text):
        value = NUMBER_WORDS.get(_key(word))
        if value is not None and not allowed.has_number(value):
            return f"number {word!r} is not in the evidence"
    return ""


def _check_calendar_words(text: str, allowed: _Allowed) -> str:
    """A month or weekday named without a day ("в сентябре", "on Friday") must be one the evidence covers."""
    for match in MONTH_WORD.finditer(text):
        if (match[1] or match[2] or match[3][0].isupper()) and not allowed.has_word(match[0]) and (
                month_number(match[1] or match[2] or match[3]) not in allowed.months):  # lower-case "may": a verb
            return f"month {match[0]!r} is not in the evidence"
    for match in WEEKDAY_WORD.finditer(text):
        word = (match[1] or match[2]).lower()
        weekday = next(i for i, names in enumerate(WEEKDAYS) if word.startswith(names))
        if weekday not in allowed.weekdays and not allowed.has_word(match[0]):
            return f"weekday {match[0]!r} is not in the evidence"
    return ""


def _check_names(text: str, allowed: _Allowed) -> str:
    common = _OPENERS | allowed.question_words | {_key(w) for w in _WORD.findall(text) if w[0].islower()}
    for match in _CAPITALISED.finditer(text):
        word, key = match[0], _key(match[0])
        if key in _NOT_NAMES or key in NUMBER_WORDS or allowed.has_word(word) or is_calendar_word(word):
            continue
        if key in common and _SENTENCE_START.search(text[: match.start()]):
            continue
        return f"name {word!r} is not in the evidence"
    return ""


def _check_substance(text: str, rest: str, ev: Evidence) -> str:
    """An answer to found evidence must not deny it, and must state one of its own numbers, names or dates."""
    if ev.found and _NOTHING.search(text):
        return "answer says nothing was found"
    key = _Allowed(numbers=list(ev.numbers), dates=set(ev.dates), month_days={(d.month, d.day) for d in ev.dates},
                   words={_key(w) for name in ev.names for w in _WORD.findall(name)})
    if not (key.numbers or key.dates or key.words):
        return ""
    if (any(key.has_date(*alt) for _, alts in find_dates(text) for alt in alts)
            or any(key.has_number(v) for v in numbers_in(rest))
            or any(key.has_word(w) for w in _WORD.findall(rest))):
        return ""
    return "answer states none of the evidence's numbers, names or dates"


def _key(word: str) -> str:
    key = normalize_name(word)
    return re.sub(r"['’]s?$", "", key)


def _same_stem(a: str, b: str) -> bool:
    """Russian case forms of one word: "Машей"/"Маша", "Москве"/"Москва", "Петром"/"Петр" (not "Анна"/"Анатолий")."""
    common = len(os.path.commonprefix([a, b]))
    return common >= 3 and common >= min(len(a), len(b)) - 2 and common >= max(len(a), len(b)) - 3


def _last_day(end: datetime) -> date:
    midnight = (end.hour, end.minute, end.second, end.microsecond) == (0, 0, 0, 0)
    return (end - timedelta(days=1)).date() if midnight else end.date()
