"""The shape of a question: the words that say how to answer it, beyond its intent, time and entities — an average
per period, counting versus adding up, ranking by money or length, what a "top" tallies, the event type, the social
actions, the yes/no form. Read once here, so the answering code never runs patterns over the question again.

    >>> s = shape_of("Сколько раз в неделю я бегаю?")
    >>> s.counting, s.per_period
    (True, PerPeriod(unit='week', days=7.0, phrase='в неделю'))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from core.names import normalize_name

Period = Literal["day", "week", "month"]
Rank = Literal["amount", "length"]
TopField = Literal["person", "place", "activity"]
EventType = Literal["purchase", "social", "activity", "diary"]

_PER = re.compile(r"(?:\bв|\bза)\s+(?P<ru>день|сутки|неделю|месяц)\b|\b(?:per|a|each)\s+(?P<en>day|week|month)\b",
                  re.I)
_PERIODS: dict[str, Period] = {"день": "day", "сутки": "day", "неделю": "week", "месяц": "month",
                               "day": "day", "week": "week", "month": "month"}
_PERIOD_DAYS: dict[Period, float] = {"day": 1.0, "week": 7.0, "month": 30.4375}
_YES_NO = re.compile(r"^\s*(?:(?:and|so|but)\s+)?(?:did|have|do|was)\s+i\b|\bли\s+(?:я|мы|у\s+меня)\b", re.I)
_COUNTING = re.compile(r"сколько\s+раз|как\s+часто|how\s+many\s+times|how\s+often", re.I)
_PURCHASES = re.compile(r"покуп|купил|тра[тч]|цен[аыуе]|price|заплат|расход|стои|денег|деньг|purchas|bought|"
                        r"buy|spen[dt]|paid|\bpay|cost|money|order|заказ", re.I)
_SPENDING = re.compile(r"трат|потрат|spen[dt]|денег|money", re.I)
_DISTANCE = re.compile(r"\b(км|km|километр\w*|kilomet\w*|miles?|distance|дистанц\w*|пробежал\w*|ran|far)\b", re.I)
_BY_AMOUNT = re.compile(r"дорог|дешев|дешёв|expensive|priciest|cheapest", re.I)
_CHEAP = re.compile(r"дешев|дешёв|cheap", re.I)
_BY_LENGTH = re.compile(r"longest|shortest|длинн|долг|коротк", re.I)
_SHORT = re.compile(r"shortest|коротк", re.I)
# Checked in this order: "с кем я чаще всего хожу в кафе" tallies people.
_TOP_FIELDS: list[tuple[TopField, re.Pattern[str]]] = [
    ("person", re.compile(r"\bс кем\b|\bwho\b|\bfriend|\bдруз|\bлюд|\bpeople", re.I)),
    ("place", re.compile(r"\bгде\b|\bwhere\b|\bмест|\bplace|\bкафе|\bcafe|кофейн|coffee shop", re.I)),
    ("activity", re.compile(r"занят|спорт|activit|sport", re.I)),
]
_COFFEE_SHOP = re.compile(r"кофейн|coffee shop|\bcafe|\bкафе", re.I)
_TIME_OF_DAY = re.compile(r"\bво\s+сколько\b|\bв\s+какое\s+время\b|\bwhat\s+time\b", re.I)
_EVENT_TYPES: list[tuple[EventType, re.Pattern[str]]] = [
    ("purchase", re.compile(r"покуп|купил|purchas|bought|buy|трат|spent", re.I)),
    ("social", re.compile(r"встреч|видел|met\b|meet|обед|lunch|ужин|dinner|завтрак|breakfast", re.I)),
    ("activity", re.compile(r"трениров|workout|activit|спорт|бег|run", re.I)),
    ("diary", re.compile(r"дневник|запис|diary|notes?\b", re.I)),
]
# Stems of the social actions a question may name, each with its English word: both spellings find the user's
# "обед" and "lunch" events.
ACTION_SEEDS = {
    "обед": "lunch",
    "ужин": "dinner",
    "завтрак": "breakfast",
    "кофе": "coffee",
    "встреч": "meeting",
    "звон": "call",
    "кино": "movie",
    "прогул": "walk",
}
# "встречался" / "met" asks about any meeting, not one kind of it.
GENERIC_ACTIONS = {"встреч"}


@dataclass(frozen=True)
class PerPeriod:
    """ "в неделю", "per day": an average per calendar period rather than per event."""

    unit: Period
    days: float  # the period's length (a month: 30.4375 days)
    phrase: str  # as written in the question; the answer quotes it


@dataclass(frozen=True)
class Shape:
    """How to answer, from the question's words. The defaults describe a question that says none of it."""

    has_words: bool = True  # "???", "🙂": nothing to search for
    yes_no: bool = False  # "did I…", "have I…", "…ли я…"
    per_period: PerPeriod | None = None
    counting: bool = False  # "сколько раз", "how often": count events rather than add up their values
    purchases: bool = False  # speaks of purchases or spending: "купил", "цена", "paid", "order"
    spending: bool = False  # speaks of money spent: a "top" ranks by the amount, not by how often
    distance: bool = False  # "км", "how far": an activity's distance rather than its duration
    rank: Rank | None = None  # "самая дорогая покупка", "my longest run": events ranked by a value
    lowest: bool = False  # the cheapest / shortest first
    top_field: TopField | None = None  # what a "top" tallies, when not the items bought
    coffee_shop: bool = False  # "кофейня", "cafe": places where coffee is sold, whatever their names
    time_of_day: bool = False  # "во сколько", "what time": the usual clock time, not a date
    event_type: EventType | None = None  # "покупки", "встречи", "workouts", "diary": the kind of events
    actions: frozenset[str] = frozenset()  # social action seeds named ("обедал" → {"обед", "lunch"})
    specific_actions: frozenset[str] = frozenset()  # the same without the generic "встреча"/"meeting"


def shape_of(text: str) -> Shape:
    rank, lowest = _rank(text)
    stems = _action_stems(text)
    return Shape(
        has_words=sum(ch.isalpha() for ch in text) >= 2,
        yes_no=bool(_YES_NO.search(text.replace("ё", "е"))),
        per_period=_per_period(text),
        counting=bool(_COUNTING.search(text)),
        purchases=bool(_PURCHASES.search(text)),
        spending=bool(_SPENDING.search(text)),
        distance=bool(_DISTANCE.search(text)),
        rank=rank,
        lowest=lowest,
        top_field=next((name for name, rx in _TOP_FIELDS if rx.search(text)), None),
        coffee_shop=bool(_COFFEE_SHOP.search(text)),
        time_of_day=bool(_TIME_OF_DAY.search(text)),
        event_type=next((name for name, rx in _EVENT_TYPES if rx.search(text)), None),
        actions=_action_words(stems),
        specific_actions=_action_words(stems - GENERIC_ACTIONS),
    )


def _per_period(text: str) -> PerPeriod | None:
    m = _PER.search(text)
    if m is None:
        return None
    unit = _PERIODS[(m["ru"] or m["en"]).lower()]
    return PerPeriod(unit=unit, days=_PERIOD_DAYS[unit], phrase=m.group())


def _rank(text: str) -> tuple[Rank | None, bool]:
    if _BY_AMOUNT.search(text):
        return "amount", bool(_CHEAP.search(text))
    if _BY_LENGTH.search(text):
        return "length", bool(_SHORT.search(text))
    return None, False


def _action_stems(text: str) -> set[str]:
    key = normalize_name(text)
    return {stem for stem, en in ACTION_SEEDS.items() if stem in key or en in key}


def _action_words(stems: set[str]) -> frozenset[str]:
    """Each stem with its English word: "обед" → {"обед", "lunch"}."""
    return frozenset(word for stem in stems for word in (stem, ACTION_SEEDS[stem]))
