"""Rules for "в начале/конце/середине …", "beginning/end/early/mid/late …" and EOM/BOY-style shorthands."""

from __future__ import annotations

import re

from retrieval.question.time.combine import Marker, narrow
from retrieval.question.time.resolve import Ctx
from retrieval.question.time.rules_num import Rule, Value
from retrieval.question.time.types import shifted_unit

_KIND = {"нач": "begin", "кон": "end", "сер": "mid", "beg": "begin", "sta": "begin", "ear": "begin",
         "end": "end", "lat": "end", "mid": "mid", "bo": "begin", "eo": "end"}


def _kind(word: str) -> str:
    return _KIND.get(word[:3]) or _KIND[word[:2]]


def _marker(m: re.Match[str], ctx: Ctx) -> Value | None:
    return Marker(_kind(m["w"]))


def _shorthand(m: re.Match[str], ctx: Ctx) -> Value | None:
    grain = {"d": "day", "m": "month", "y": "year", "w": "week"}[m["w"][-1]]
    return narrow(Marker(_kind(m["w"])), shifted_unit(ctx.now, grain, 0))  # type: ignore[arg-type]


_UNIT = {"day": "day", "week": "week", "month": "month", "year": "year", "дня": "day", "недели": "week",
         "месяца": "month", "года": "year"}


def _current(m: re.Match[str], ctx: Ctx) -> Value | None:
    return shifted_unit(ctx.now, _UNIT[m["unit"]], 0)  # type: ignore[arg-type]


RULES: list[Rule] = [
    (re.compile(r"\b(?:в\s+)?(?P<w>начал[оеа]|конц[еа]|конец|середин[еау])\b"), _marker),
    (re.compile(r"\b(?:at\s+)?(?:the\s+)?(?P<w>beginning|start|end|middle)(?=\s+of\b)"), _marker),
    (re.compile(r"(?<=of )(?:the\s+)?(?P<unit>day|week|month|year)\b"), _current),
    (re.compile(r"(?:(?<=конца )|(?<=конце )|(?<=начала )|(?<=начале )|(?<=середины )|(?<=середине ))"
                r"(?P<unit>дня|недели|месяца|года)\b"), _current),
    (re.compile(r"\b(?P<w>early|mid|late)(?=[\s-]+(?:the\s+)?[a-z0-9])"), _marker),
    (re.compile(r"\b(?:at\s+)?(?:the\s+)?(?P<w>bo[dmwy]|eo[dmwy])\b"), _shorthand),
]
