"""Word lists of the time parser and text normalisation (number words become digits, offsets kept)."""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS_RU = {
    1: r"январ[ьяюе]|янв", 2: r"феврал[ьяюе]|фев", 3: r"март[аеу]?|мар", 4: r"апрел[ьяюе]|апр",
    5: r"ма[йяюе]", 6: r"июн[ьяюе]|июн", 7: r"июл[ьяюе]|июл", 8: r"август[аеу]?|авг",
    9: r"сентябр[ьяюе]|сент|сен", 10: r"октябр[ьяюе]|окт", 11: r"ноябр[ьяюе]|нояб|ноя",
    12: r"декабр[ьяюе]|дек",
}
MONTHS_EN = {
    1: "january|jan", 2: "february|feb", 3: "march|mar", 4: "april|apr", 5: "may", 6: "june|jun",
    7: "july|jul", 8: "august|aug", 9: "september|sept|sep", 10: "october|oct", 11: "november|nov",
    12: "december|dec",
}
WEEKDAYS_RU = {
    0: r"понедельник[аеу]?|пн(?=[.,])", 1: r"вторник[аеу]?|вт(?=[.,])", 2: r"сред[аыеу]|ср(?=[.,])",
    3: r"четверг[аеу]?|чт(?=[.,])", 4: r"пятниц[аыеу]|пт(?=[.,])", 5: r"суббот[аыеу]|сб(?=[.,])",
    6: r"воскресень[еяю]|вс(?=[.,])",
}
# Short English forms only where they cannot be the verb "sat" or the word "sun": followed by "." "," or a
# digit, or when they are the whole text (see time_rules_en).
WEEKDAYS_EN = {
    0: "mondays?|mon", 1: "tuesdays?|tues|tue", 2: "wednesdays?|wed", 3: "thursdays?|thurs|thur|thu",
    4: "fridays?|fri", 5: "saturdays?|sat", 6: "sundays?|sun",
}


def alternation(table: dict[int, str]) -> str:
    return "|".join(f"(?:{v})" for v in table.values())


def lookup(table: dict[int, str], word: str) -> int:
    for key, pattern in table.items():
        if re.fullmatch(pattern.replace("(?=[.,])", ""), word):
            return key
    raise KeyError(word)


MONTH_RU = rf"(?:{alternation(MONTHS_RU)})\.?"
MONTH_EN = rf"(?:{alternation(MONTHS_EN)})\.?"

_UNITS_RU = {
    "ноль": 0, "один": 1, "одна": 1, "одну": 1, "одного": 1, "два": 2, "две": 2, "двух": 2, "пару": 2,
    "три": 3, "трех": 3, "четыре": 4, "четырех": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6,
    "семь": 7, "семи": 7, "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10,
    "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14, "пятнадцать": 15,
    "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19, "полчаса": 0,
}
_TENS_RU = {"двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50}
_ORD_STEMS_RU = {
    "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "пят": 5, "шест": 6, "седьм": 7, "восьм": 8,
    "девят": 9, "десят": 10, "одиннадцат": 11, "двенадцат": 12, "тринадцат": 13, "четырнадцат": 14,
    "пятнадцат": 15, "шестнадцат": 16, "семнадцат": 17, "восемнадцат": 18, "девятнадцат": 19,
    "двадцат": 20, "тридцат": 30,
}
_ORD_END_RU = re.compile(r"(ое|ого|ому|ом|ый|ая|ой|ую|ий|ье|ьего|ьему|ьем|ья|ьей|ью|его|ему|ем)")
_UNITS_EN = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS_EN = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_ORD_EN = {
    "first": 1, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30,
}


def _ordinal_ru(word: str) -> int | None:
    for stem, n in _ORD_STEMS_RU.items():
        if word.startswith(stem) and _ORD_END_RU.fullmatch(word[len(stem):]):
            return n
    return None


def _word_value(word: str, prev: str) -> tuple[int, bool] | None:
    """(value, is_ordinal) of one number word, or None."""
    if word in _UNITS_RU:
        return _UNITS_RU[word], False
    if word in _UNITS_EN:
        return _UNITS_EN[word], False
    if word in _ORD_EN:
        return _ORD_EN[word], True
    if word == "second" and prev not in {"a", "one", "1", "per", "every", "each"}:
        return 2, True
    if word.startswith("пят") and word.startswith("пятниц"):
        return None
    ordinal = _ordinal_ru(word)
    return (ordinal, True) if ordinal is not None else None


@dataclass(frozen=True)
class Normalised:
    text: str
    spans: list[tuple[int, int]]  # per normalised char: the original span it came from

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if start >= end:
            return (0, 0)
        return self.spans[start][0], self.spans[end - 1][1]


_TOKEN = re.compile(r"[a-zа-я]+|\d+|\s+|.", re.S)


def normalise(original: str) -> Normalised:
    """Lower-case, ё→е, dashes unified, number words → digits ("двадцать четвертое" → "24-е")."""
    low = original.lower().replace("ё", "е").replace("–", "-").replace("—", "-")
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(low)]
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    i = 0
    prev = ""
    while i < len(tokens):
        word, a, b = tokens[i]
        consumed, text = _number_at(tokens, i, prev)
        if consumed:
            b = tokens[i + consumed - 1][2]
            out.append(text)
            spans.extend([(a, b)] * len(text))
            i += consumed
        else:
            out.append(word)
            spans.extend((a + k, a + k + 1) for k in range(len(word)))
            i += 1
        if not word.isspace():
            prev = word
    return Normalised("".join(out), spans)


def _number_at(tokens: list[tuple[str, int, int]], i: int, prev: str) -> tuple[int, str]:
    word = tokens[i][0]
    tens = _TENS_RU.get(word, _TENS_EN.get(word))
    if tens is not None:
        if i + 2 < len(tokens) and tokens[i + 1][0] in {" ", "-"}:
            nxt = _word_value(tokens[i + 2][0], word)
            if nxt is not None and 0 < nxt[0] < 10:
                return 3, _render(tens + nxt[0], nxt[1], tokens[i + 2][0])
        return 1, str(tens)
    value = _word_value(word, prev)
    if value is None:
        return 0, ""
    return 1, _render(value[0], value[1], word)


def _render(n: int, ordinal: bool, word: str) -> str:
    if not ordinal:
        return str(n)
    if re.match(r"[а-я]", word):
        return f"{n}-е"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10 if n not in (11, 12, 13) else 0, "th")
    return f"{n}{suffix}"
