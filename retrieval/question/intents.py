"""Question intent by ordered keyword rules (RU + EN): the first matching rule wins."""

from __future__ import annotations

import re
from enum import StrEnum


class Intent(StrEnum):
    WHO = "who"
    WHERE = "where"
    WHEN = "when"
    HOW_MUCH = "how_much"
    HOW_MANY = "how_many"
    AVERAGE = "average"
    TOP = "top"
    FIRST = "first"
    LAST = "last"
    LIST = "list"
    HABITS = "habits"
    MOOD = "mood"
    SUMMARY = "summary"
    RECALL = "recall"


_RULES: list[tuple[Intent, str]] = [
    # "во сколько я обычно пью кофе": a time of day (the when handler), though it says "сколько"
    (Intent.WHEN, r"\bво\s+сколько\b|\bв\s+какое\s+время\b|\b(?:at\s+)?what\s+time\b"),
    (Intent.AVERAGE, r"\bв\s+среднем\b|\bсредн\w+|\baverage\b|\bavg\b|\bon\s+average\b|\bmean\b"),
    (Intent.TOP, r"\bчаще\s+всего\b|\bбольше\s+всего\b|\bтоп\b|"
                 r"\bсам(?:ый|ая|ое|ые|ой|ую|ых|ым)\s+(?:частые|популярн\w+|дорог\w+|дешев\w+)|"
                 r"\b(?:cheapest|priciest|most\s+expensive|longest|shortest)\b|"
                 r"\bсам(?:ый|ая|ое|ой|ую)\s+(?:длинн|долг|коротк)\w*|"
                 r"\bmost\s*\?*\s*$|"
                 r"\btop\b|\bmost\s+(?:often|frequent\w*|common|popular)\b|\bthe\s+most\b|\bfavou?rite\b|"
                 r"\bлюбим\w+"),
    (Intent.FIRST, r"\bвпервые\b|\bв\s+первый\s+раз\b|\bпервый\s+раз\b|\bfirst\s+time\b|"
                   r"\bfor\s+the\s+first\b|"
                   r"\bwhen\s+did\s+i\s+first\b|\bfirst\s+(?:go|went|buy|bought|meet|met|run|ran)\b"),
    (Intent.LAST, r"\bпоследний\s+раз\b|\bв\s+последний\s+раз\b|\blast\s+time\b|\bmost\s+recent(?:ly)?\b|"
                  r"\bwhen\s+(?:did|was)\s+i\s+last\b|"
                  r"\bкогда\s+.*\bпоследн\w+\b"),
    (Intent.HABITS, r"\bпривычк\w*|\bhabits?\b|\bрутин\w*|\broutines?\b|\bpatterns?\b|\bзакономерност\w*"),
    (Intent.MOOD, r"\bнастроени\w*|\bmood\b|\bсамочувстви\w*|\bчувствовал\w*|\bfeel(?:ing|ings)?\b|\bfelt\b|"
                  r"\bэмоци\w*|\bemotions?\b|\bhappy\b|\bgrustn\w*|\bгрустн\w*|\bстресс\w*|\bstress\w*"),
    (Intent.HOW_MUCH, r"\bсколько\s+(?:(?:я|мы)\s+)?(?:денег\s+)?(?:по|за)?трат\w*|\bсколько\s+стои\w*|"
                      r"\bсколько\s+(?:денег|рублей|евро|долларов)\b|\bhow\s+much\b|\bпотратил\w*\s+сколько\b|"
                      r"\bсумм\w*|\btotal\s+(?:spent|spending|cost)\b|\bрасход\w*|\bspending\b|"
                      r"\bсколько\s+(?:я\s+)?(?:спал|прош[её]л|шагов|километров|км|часов|минут|весил|пробежал|"
                      r"проехал|проплыл)\w*|\bhow\s+(?:far|long)\b|"
                      r"\bhow\s+many\s+(?:kilomet\w*|km|miles|hours|minutes|steps)\b"),
    (Intent.HOW_MANY, r"\bсколько\s+раз\b|\bhow\s+many\b|\bhow\s+often\b|\bкак\s+часто\b|\bсколько\b|"
                      r"\bnumber\s+of\b|\bcount\b|"
                      r"^\s*(?:did|have)\s+i\b|\bли\s+я\b"),  # "did I go to the gym?": a count answers it
    (Intent.WHO, r"\bс\s+кем\b|\bкто\b|\bкого\b|\bкому\b|\bwho\b|\bwhom\b|\bwith\s+whom\b"),
    (Intent.WHERE, r"\bгде\b|\bкуда\b|\bоткуда\b|\bв\s+каком\s+месте\b|\bwhere\b|\bwhich\s+place\b"),
    (Intent.WHEN, r"\bкогда\b|\bкакого\s+числа\b|\bв\s+какой\s+день\b|\bwhen\b|\bwhat\s+(?:day|date|time)\b|"
                  r"\bwhich\s+day\b"),
    (Intent.LIST, r"\bпокажи\b|\bперечисли\b|\bсписок\b|\bвсе\s+\w+|\bкакие\s+\w+\s+я\b|\blist\b|"
                  r"\bshow\s+(?:me\s+)?"
                  r"(?:all|my)\b|\ball\s+(?:my|the)\b|\bwhat\s+(?:\w+\s+)?did\s+i\s+(?:buy|read|watch|eat|visit)\b|"
                  r"\bчто\s+я\s+(?:покупал|купил|ел|читал|смотрел)\b"),
    (Intent.SUMMARY, r"\bчто\s+(?:было|происходило|случилось|нового)\b|\bкак\s+прош\w+|"
                     r"\bрасскажи\s+(?:про|о)\s+"
                     r"(?:мою|мой|мо[иё])?\s*(?:недел|день|месяц|выходн)|\bитог\w*|\bсводк\w*|\bрезюм\w*|"
                     r"\bsummar\w*|\brecap\b|\bwhat\s+happened\b|\bhow\s+was\s+my\b|\bwhat\s+did\s+i\s+do\b|"
                     r"\bчто\s+я\s+делал\b|\boverview\b"),
]
_COMPILED = [(intent, re.compile(pattern, re.I)) for intent, pattern in _RULES]


def classify(text: str) -> Intent:
    """The intent of a question; ``recall`` (free-text search) when no rule matches."""
    low = text.lower().replace("ё", "е")
    for intent, pattern in _COMPILED:
        if pattern.search(low):
            return intent
    return Intent.RECALL
