"""Words that signal a time phrase. A hint no rule covered is reported, never silently ignored."""

from __future__ import annotations

import re

from retrieval.question.time.lexicon import MONTH_RU, WEEKDAYS_EN, WEEKDAYS_RU, alternation

_RU = (r"недел[еияю]\w*|месяц\w*|год[ау]?|году|лет\b|квартал\w*|выходн\w*|назад|вчера|сегодня|завтра|"
       r"позавчера|утром|вечером|ночью|днем|недавно|давно|на\s+днях|прошл\w+\s+\w+|"
       r"летом|зимой|весной|осенью|праздник\w*|рождеств\w*|новый\s+год|"
       rf"{MONTH_RU}|{alternation(WEEKDAYS_RU)}")
_EN = (r"weeks?|week-?ends?|months?|years?|quarters?|ago|yesterday|today|tomorrow|tonight|recently|lately|"
       r"morning|evening|afternoon|night|summer|winter|spring|autumn|christmas|easter|thanksgiving|holidays?|"
       r"the\s+other\s+day|a\s+while\s+back|"
       r"january|february|march|april|june|july|august|september|october|november|december|"
       rf"{alternation(WEEKDAYS_EN)}")
_HINT = re.compile(rf"(?<![а-яa-z])(?:{_RU}|{_EN}|\d{{1,2}}[./]\d{{1,2}}(?:[./]\d{{2,4}})?)(?![а-яa-z])")
_CONTEXT = re.compile(r"(?:\b(?:в|во|на|за|с|до|после|in|on|at|last|this|next|since|before|after|the|early|"
                      r"late)\s+)?"
                      r"(?:\b(?:прошл\w*|последн\w*|эт\w+|last|this|past)\s+)?$")


_FREQUENCY = re.compile(r"в\s+(?:неделю|день|месяц|сутки)\b", re.I)
_GROUPING = re.compile(r"(?:\b(?:per|each|every|by)|(?<![а-яё])по)\s+$", re.I)


def uncovered_hint(text: str, covered: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first time word outside every covered span, widened to its preposition ("на днях")."""
    for m in _HINT.finditer(text):
        if any(a <= m.start() and m.end() <= b for a, b in covered):
            continue
        if m.group() in {"sun", "sat", "wed", "mon", "march"} and not _near_time(text, m.start()):
            continue
        if _GROUPING.search(text[: m.start()]) or _FREQUENCY.match(text, max(m.start() - 2, 0)):
            continue  # "per month", "по месяцам", "раз в неделю": how to group or how often, not a time range
        before = _CONTEXT.search(text[: m.start()])
        start = before.start() if before else m.start()
        return start, m.end()
    return None


def _near_time(text: str, pos: int) -> bool:
    return bool(re.search(r"\b(?:on|last|next|this|in)\s+$", text[:pos]))
