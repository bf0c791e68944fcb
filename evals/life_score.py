"""Scoring of one answer against a question's expectations: numbers, names, dates, "nothing found", "not understood".

Tolerant by design: an answer is judged on the facts it states, not on wording. Numbers are compared after
extraction ("4 200", "4200", "4,200", "4200.0", "7,2"); names on stems (ё = е, Russian case endings allowed);
dates in any common RU/EN form ("23 августа", "August 23", "23.08", "2025-08-23").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from evals.life_facts import QA

_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d+))?")
_NONE = re.compile(r"нет\s+данных|ничего\s+не\s+наш[её]л|не\s+наш[её]л|ничего\s+не\s+найден|не\s+нашлось|"
                   r"нет\s+записей|found\s+nothing|nothing\s+found|no\s+data|(?:could\s*n[o']t|can\s*n[o']t|"
                   r"did\s*n[o']t)\s+find|no\s+(?:records|entries|events|matching)|i\s+have\s+nothing", re.I)
_UNPARSED = re.compile(r"не\s+понял|не\s+распознал|не\s+разобрал|не\s+смог\s+понять|не\s+удалось\s+(?:понять|"
                       r"распознать)|(?:could\s*n[o']t|can\s*n[o']t|did\s*n[o']t|do\s*n[o']t|unable\s+to)\s+"
                       r"(?:understand|parse|recogni[sz]e)|not\s+understood", re.I)
_MONTH_WORDS = (r"(?:январ|феврал|март|апрел|ма[йея]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*|"
                r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?")
_DAY_SPAN = r"\d{1,2}(?:st|nd|rd|th|-?го|-?е)?(?:\s*(?:-|–|—|по|до|и|to|and|through)\s*\d{1,2}(?:st|nd|rd|th)?)?"
_DATES = re.compile(
    rf"\d{{4}}-\d{{2}}-\d{{2}}|\b\d{{1,2}}:\d{{2}}\b|(?<![\d.])\d{{1,2}}\.\d{{1,2}}\.\d{{4}}(?![\d.])|"
    rf"(?<!\d){_DAY_SPAN}\s+(?:of\s+)?(?:{_MONTH_WORDS})(?:,?\s+\d{{4}})?|"
    rf"\b(?:{_MONTH_WORDS})\s+{_DAY_SPAN}(?:,?\s+\d{{4}})?|\b(?:{_MONTH_WORDS})\s+\d{{4}}", re.I)
_RU_MONTHS = ("январ", "феврал", "март", "апрел", "ма[йя]", "июн", "июл", "август", "сентябр", "октябр", "ноябр",
              "декабр")
_EN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass
class Verdict:
    correct: bool
    missing: list[str] = field(default_factory=list)


def normalize(text: str) -> str:
    return text.lower().replace("ё", "е")


def numbers_in(text: str) -> set[float]:
    """Every reading of every number: "4,200" is 4200 and 4.2; "4 200" is 4200, 4 and 200."""
    found: set[float] = set()
    for m in _NUMBER.finditer(text):
        whole, frac = m.group(1), m.group(2)
        parts = re.split(r"[ \u00a0\u202f]", whole)
        found.update(float(p) for p in parts)
        joined = "".join(parts)
        found.add(float(joined))
        if frac is not None:
            found.add(float(f"{joined}.{frac}"))
            found.add(float(f"{parts[-1]}.{frac}"))
            if len(frac) == 3 and m.group(0)[len(whole)] == ",":  # "4,200" as a thousands separator
                found.add(float(joined + frac))
    return found


def without_dates(text: str) -> str:
    """The answer minus its dates and clock times, so "с 1 по 30 сентября" cannot pass for a count of 1."""
    return _DATES.sub(" ", text)


def has_number(text: str, want: float, tolerance: float = 0.0) -> bool:
    return any(abs(got - want) <= tolerance + 1e-9 for got in numbers_in(without_dates(text)))


def stem(word: str) -> str:
    """Latin words as written; Cyrillic ones lose the letters a case ending may change."""
    word = normalize(word)
    if not re.search(r"[а-я]", word) or len(word) <= 3:
        return word
    return word[: max(3, len(word) - 1)] if len(word) <= 4 else word[: max(4, len(word) - 2)]


def name_position(text: str, name: str) -> int | None:
    """Where ``name`` is first named (by its longest word), or None. ``name`` may list alternatives ("a|b"); an
    alternative is there when each of its words starts a word of the text."""
    low = normalize(text)
    found: list[int] = []
    for alternative in name.split("|"):
        words = [x for x in re.split(r"[^\w]+", normalize(alternative)) if x]
        hits = {x: re.search(rf"(?<!\w){re.escape(stem(x))}", low) for x in words}
        if words and all(hits.values()):
            found.append(hits[max(words, key=len)].start())  # type: ignore[union-attr]
    return min(found) if found else None


def has_name(text: str, name: str) -> bool:
    return name_position(text, name) is not None


def named_first(text: str, name: str, rivals: list[str]) -> bool:
    """The winner of a "top" question comes before every other candidate the answer names."""
    mine = name_position(text, name)
    others = [p for r in rivals if (p := name_position(text, r)) is not None]
    return mine is not None and all(mine < p for p in others)


def has_date(text: str, iso: str) -> bool:
    year, month, day = (int(x) for x in iso.split("-"))
    low = normalize(text)
    ru, en = _RU_MONTHS[month - 1], _EN_MONTHS[month - 1]
    patterns = [
        rf"{year}-{month:02d}-{day:02d}",
        rf"(?<![\d.])0?{day}\.0?{month}(?!\d)",
        rf"(?<!\d)0?{day}(?:-?го|-?е)?\s+{ru}",
        rf"\b{en}[a-z]*\.?\s+0?{day}(?:st|nd|rd|th)?(?!\d)",
        rf"(?<!\d)0?{day}(?:st|nd|rd|th)?\s+(?:of\s+)?{en}",
        rf"(?<![\d/]){month}/{day}(?!\d)",
    ]
    return any(re.search(p, low) for p in patterns)


def judge(qa: QA, answer: str) -> Verdict:
    """Correct when every expected fact is in the answer, or it says "nothing found" / "not understood" as asked."""
    if qa.expect_unparsed:
        return Verdict(bool(_UNPARSED.search(answer)), [] if _UNPARSED.search(answer) else ["<not understood>"])
    if qa.expect_none:
        return Verdict(bool(_NONE.search(answer)), [] if _NONE.search(answer) else ["<nothing found>"])
    missing = [f"{x:g}" for x in qa.expect_numbers if not has_number(answer, x, qa.tolerance)]
    missing += [n for n in qa.expect_names if not has_name(answer, n)]
    missing += [d for d in qa.expect_dates if not has_date(answer, d)]
    if qa.rivals and qa.expect_names and has_name(answer, qa.expect_names[0]) \
            and not named_first(answer, qa.expect_names[0], qa.rivals):
        missing.append(f"{qa.expect_names[0]} named first")
    if not answer.strip():
        missing.append("<empty answer>")
    return Verdict(not missing, missing)


def evidence_hits(qa: QA, sources: list[dict[str, object]]) -> tuple[int, int]:
    """(expected ids cited, expected ids) for evidence recall."""
    cited = {str(s.get("event_id")) for s in sources}
    return sum(1 for x in qa.expect_event_ids if x in cited), len(qa.expect_event_ids)
