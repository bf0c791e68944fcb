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


def has_number(text: str, want: float, tolerance: float = 0.0) -> bool:
    return any(abs(got - want) <= tolerance + 1e-9 for got in numbers_in(text))


def stem(word: str) -> str:
    """Latin words as written; Cyrillic ones lose the letters a case ending may change."""
    word = normalize(word)
    if not re.search(r"[а-я]", word) or len(word) <= 3:
        return word
    return word[: max(3, len(word) - 1)] if len(word) <= 4 else word[: max(4, len(word) - 2)]


def has_name(text: str, name: str) -> bool:
    """``name`` may list alternatives ("a|b"); one alternative is there when each of its words starts a word."""
    low = normalize(text)
    for alternative in name.split("|"):
        words = [x for x in re.split(r"[^\w]+", normalize(alternative)) if x]
        if words and all(re.search(rf"(?<!\w){re.escape(stem(x))}", low) for x in words):
            return True
    return False


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
    if not answer.strip():
        missing.append("<empty answer>")
    return Verdict(not missing, missing)


def evidence_hits(qa: QA, sources: list[dict[str, object]]) -> tuple[int, int]:
    """(expected ids cited, expected ids) for evidence recall."""
    cited = {str(s.get("event_id")) for s in sources}
    return sum(1 for x in qa.expect_event_ids if x in cited), len(qa.expect_event_ids)
