"""The grounding check: a table of grounded and ungrounded answers, Russian and English."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from assistant.llm.grounding import check_grounded, in_language
from retrieval.evidence import Evidence, Source
from retrieval.question.parser import parse

MSK = ZoneInfo("Europe/Moscow")


def _evidence(question: str, now: datetime, **fields: object) -> Evidence:
    return Evidence(question=parse(question, now, "Europe/Moscow"), found=True, **fields)  # type: ignore[arg-type]


EVIDENCE = {
    "steps": _evidence(
        "How many steps did I walk yesterday?", datetime(2025, 10, 11, 20, 0),
        facts=["Steps on October 10, 2025: 12500"], numbers=[12500.0], dates=[date(2025, 10, 10)],
        template_answer="On Friday, October 10, 2025 you walked 12500 steps."),
    "lunch": _evidence(
        "С кем я обедал в прошлую пятницу?", datetime(2025, 10, 15, 20, 0),
        facts=["10 октября 2025: обед с Машей в «Тануки», 1250 ₽"], names=["Маша", "Тануки"],
        numbers=[1250.0], dates=[date(2025, 10, 10)],
        sources=[Source("e1", "social", datetime(2025, 10, 10, 13, 30, tzinfo=MSK), "Обед с Машей в Тануки", 1.0)],
        template_answer="Пятница, 10 октября 2025: вы обедали с Машей (Тануки)."),
    "coffee": _evidence(
        "How much did I spend on coffee in September?", datetime(2025, 10, 15, 20, 0),
        facts=["Coffee, September 2025: 3420.5 RUB in 14 purchases"], numbers=[3420.5, 14.0],
        template_answer="From September 1 to September 30, 2025 you spent 3420.5 ₽ on coffee (14 purchases)."),
    "sleep": _evidence(
        "Сколько я в среднем спал на прошлой неделе?", datetime(2025, 10, 15, 20, 0),
        facts=["Сон с 6 по 12 октября 2025: в среднем 7.25 ч за ночь"], numbers=[7.25],
        template_answer="С 6 по 12 октября 2025 вы спали в среднем 7.25 ч."),
    "mood": _evidence(
        "What share of my days were good in October?", datetime(2025, 10, 31, 20, 0),
        facts=["Good days in October 2025: 0.45 of 31"], numbers=[0.45, 31.0],
        template_answer="In October 2025, 45% of your days were good (of 31)."),
    "money_ru": _evidence(
        "Сколько я потратил на продукты вчера?", datetime(2025, 10, 11, 20, 0),
        facts=["Продукты, 10 октября 2025: 1250.5 ₽"], numbers=[1250.5],
        template_answer="10 октября 2025 вы потратили на продукты 1250.5 ₽."),
    "nothing": Evidence(
        question=parse("Did I go swimming last week?", datetime(2025, 10, 15, 20, 0), "Europe/Moscow"),
        template_answer="I found nothing about swimming from October 6 to October 12, 2025."),
}

GROUNDED = [
    ("steps", "You walked 12,500 steps on October 10."),
    ("steps", "You walked 12 500 steps yesterday."),
    ("steps", "On 2025-10-10 you walked 12500 steps."),
    ("steps", "On 10.10.2025 you walked 12500 steps."),
    ("steps", "On Friday you walked 12500 steps in 2025."),
    ("steps", "On the 10th of October you walked 12500 steps."),
    ("lunch", "В пятницу вы обедали с Машей в «Тануки»."),
    ("lunch", "Вы обедали с Машей в Тануки 10 октября и потратили 1 250 ₽."),
    ("lunch", "10.10.2025 вы обедали с Машей, счёт — 1250,0 ₽."),
    ("lunch", "Маша и вы обедали в Тануки в 13:30."),
    ("lunch", "Вы обедали с Машей. Это было в пятницу."),
    ("coffee", "You spent 3,420.50 RUB on coffee in September."),
    ("coffee", "You spent 3420,5 ₽ on coffee (14 purchases)."),
    ("coffee", "You spent about 3,420 RUB on coffee."),  # rounding within 1 %
    ("coffee", "From September 1 to September 30, 2025 you spent 3420.5 ₽ on coffee."),
    ("sleep", "На прошлой неделе вы спали в среднем 7,25 часа."),
    ("sleep", "В среднем вы спали около 7.3 часа."),
    ("sleep", "С 6 по 12 октября вы спали в среднем 7.25 ч."),
    ("sleep", "Сколько? В среднем 7,25 ч за ночь."),  # a question word opening a sentence is not a name
    ("mood", "45% of your days in October were good."),
    ("mood", "In October, 45 % of your 31 days were good."),
    ("money_ru", "Вчера вы потратили на продукты 1.250,5 ₽."),
    ("money_ru", "Вчера вы потратили на продукты 1 250,5 ₽."),
    ("nothing", "I found nothing about swimming last week."),
    ("nothing", "Unfortunately, I found no records of swimming."),
]

UNGROUNDED = [
    ("steps", "You walked 13,000 steps.", "number 13,000"),
    ("steps", "You walked 12500 steps on October 11.", "date 'October 11'"),
    ("steps", "You walked 12500 steps on 2025-10-09.", "date '2025-10-09'"),
    ("steps", "You walked 12500 steps on Saturday.", "weekday 'Saturday'"),
    ("steps", "You walked 12500 steps in September.", "month 'September'"),
    ("steps", "You walked 12500 steps in 2024.", "number 2024"),
    ("steps", "You walked 12500 steps with Anna.", "name 'Anna'"),
    ("steps", "You walked 12500 steps, 25% more than usual.", "number 25"),
    ("steps", "You walked 12500 steps by 18:30.", "time 18:30"),
    ("steps", "You walked 12500 steps, three times your goal.", "number 'three'"),
    ("steps", "Вы прошли 12500 шагов.", "not in en"),
    ("steps", "   ", "empty"),
    ("lunch", "Вы обедали с Петей в Тануки.", "name 'Петей'"),
    ("lunch", "Вы обедали с Машей и Олегом.", "name 'Олегом'"),
    ("lunch", "Вы обедали с Машей в Москве.", "name 'Москве'"),
    ("lunch", "Олег обедал с вами.", "name 'Олег'"),  # a name opening the sentence is still checked
    ("lunch", "Вы обедали с Машей и потратили 1500 ₽.", "number 1500"),
    ("lunch", "Вы обедали с Машей 11 октября.", "date '11 октября'"),
    ("lunch", "Вы обедали с Машей в субботу.", "weekday 'субботу'"),
    ("lunch", "Вы обедали с Машей в 14:00.", "time 14:00"),
    ("lunch", "Вы обедали с Машей три раза.", "number 'три'"),
    ("lunch", "You had lunch with Masha.", "not in ru"),
    ("coffee", "You spent 3420.5 RUB on coffee in 15 purchases.", "number 15"),
    ("coffee", "You spent 3420.5 RUB on coffee, 12% of your budget.", "number 12"),
    ("coffee", "You spent 3420.5 RUB at Starbucks.", "name 'Starbucks'"),
    ("coffee", "You found nothing about the money you spent on coffee in September.", "nothing was found"),
    ("coffee", "Вы ничего не тратили на кофе.", "not in en"),
    ("coffee", "You bought coffee in September.", "states none of the evidence"),
    ("lunch", "В пятницу вы обедали в кафе.", "states none of the evidence"),
    ("lunch", "Ничего не нашлось.", "nothing was found"),
    ("sleep", "В среднем вы спали 8 часов.", "number 8"),
    ("sleep", "В среднем вы спали 7,25 часа в ноябре.", "month 'ноябре'"),
    ("mood", "55% of your days in October were good.", "number 55"),
    ("money_ru", "Вчера вы потратили на продукты 1250 ₽ и 300 ₽ на кофе.", "number 300"),
    ("nothing", "You swam 3 times last week.", "number 3"),
    ("nothing", "You went swimming with Oleg.", "name 'Oleg'"),
]


@pytest.mark.parametrize(("key", "answer"), GROUNDED, ids=[a for _, a in GROUNDED])
def test_grounded_answers_pass(key: str, answer: str) -> None:
    result = check_grounded(answer, EVIDENCE[key])
    assert result.ok, result.reason


@pytest.mark.parametrize(("key", "answer", "reason"), UNGROUNDED, ids=[a for _, a, _ in UNGROUNDED])
def test_ungrounded_answers_are_rejected_with_a_reason(key: str, answer: str, reason: str) -> None:
    result = check_grounded(answer, EVIDENCE[key])
    assert not result.ok
    assert reason in result.reason


@pytest.mark.parametrize("key", list(EVIDENCE))
def test_the_template_answer_is_always_grounded(key: str) -> None:
    evidence = EVIDENCE[key]
    assert check_grounded(evidence.template_answer, evidence).ok


@pytest.mark.parametrize(("text", "language", "ok"), [
    ("Вы обедали с Машей в Tanuki.", "ru", True),
    ("You had lunch with Маша.", "en", True),
    ("You had lunch with Masha.", "ru", False),
    ("Вы обедали с Машей.", "en", False),
])
def test_language_of_the_answer(text: str, language: str, ok: bool) -> None:
    assert in_language(text, language) is ok


def test_names_keep_their_script_in_the_language_check() -> None:
    assert in_language("You met Анна at Му-Му and Пётр at Грабли.", "en")
    assert in_language("Ты пил Flat White в Starbucks.", "ru")
    assert not in_language("Ты встречался с Анной.", "en")

