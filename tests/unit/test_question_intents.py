"""Table of RU/EN questions with expected intent and entities; the whole table must be ≥95% right and the
product's headline questions must each be right."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from retrieval.question.parser import Intent, ParsedQuestion, parse

TZ = ZoneInfo("Europe/Moscow")
NOW = datetime(2025, 10, 15, 20, 0, tzinfo=TZ)

# (question, intent, expected entities as "kind=value" strings that must be present)
TABLE: list[tuple[str, str, list[str]]] = [
    ("С кем я обедал в прошлую пятницу?", "who", []),
    ("С кем я ужинал вчера?", "who", []),
    ("Кто был со мной на концерте?", "who", []),
    ("Who did I have lunch with last Friday?", "who", []),
    ("Who was at the party on Saturday?", "who", []),
    ("С кем я ходил в кино в октябре?", "who", []),
    ("Кого я видел на прошлой неделе?", "who", []),
    ("Who did I meet in Berlin?", "who", ["places=Berlin"]),
    ("Сколько я потратил на кофе в сентябре?", "how_much", ["items=кофе"]),
    ("Сколько я потратил на кофе за месяц?", "how_much", ["items=кофе"]),
    ("How much did I spend on coffee in September?", "how_much", ["items=coffee"]),
    ("How much did I spend on groceries last week?", "how_much", ["items=groceries"]),
    ("Сколько денег ушло на такси?", "how_much", []),
    ("Сколько я потратил на продукты на этой неделе?", "how_much", ["items=продукты"]),
    ("How much did I pay for the headphones?", "how_much", ["items=headphones"]),
    ("Сколько я тратил на рестораны летом?", "how_much", ["items=рестораны"]),
    ("Сколько стоили наушники?", "how_much", []),
    ("Сколько шагов я прошёл вчера?", "how_much", ["metrics=steps"]),
    ("Сколько раз я ходил в спортзал в октябре?", "how_many", ["activities=gym"]),
    ("How many times did I go to the gym last month?", "how_many", ["activities=gym"]),
    ("Сколько раз я бегал на прошлой неделе?", "how_many", ["activities=running"]),
    ("How often did I go swimming this summer?", "how_many", ["activities=swimming"]),
    ("Как часто я занимаюсь йогой?", "how_many", ["activities=yoga"]),
    ("Сколько раз я видел Петра в этом месяце?", "how_many", ["people=Петр"]),
    ("How many runs did I do in September?", "how_many", ["activities=running"]),
    ("Сколько раз я катался на велосипеде летом?", "how_many", ["activities=cycling"]),
    ("Сколько в среднем я спал на прошлой неделе?", "average", ["metrics=sleep_hours"]),
    ("What was my average sleep last week?", "average", ["metrics=sleep_hours"]),
    ("Какой у меня средний пульс за месяц?", "average", ["metrics=heart_rate"]),
    ("Average steps per day in October?", "average", ["metrics=steps"]),
    ("Сколько в среднем шагов я прохожу по дням?", "average", ["metrics=steps"]),
    ("How much did I sleep on average this week?", "average", ["metrics=sleep_hours"]),
    ("Какой был мой средний вес в сентябре?", "average", ["metrics=weight"]),
    ("Где я был в прошлые выходные?", "where", []),
    ("Where was I last weekend?", "where", []),
    ("Где я обедал в пятницу?", "where", []),
    ("Куда я ездил летом?", "where", []),
    ("Where did I go on Saturday?", "where", []),
    ("Where did I have dinner with Anna?", "where", ["people=Anna"]),
    ("Где мы встречались с Машей?", "where", ["people=Маша"]),
    ("When did I buy the headphones?", "when", ["items=headphones"]),
    ("Когда я был у врача?", "when", []),
    ("When did I see Peter?", "when", ["people=Peter"]),
    ("Когда я встречался с Петром?", "when", ["people=Петр"]),
    ("Когда я купил наушники?", "when", ["items=наушники"]),
    ("What day did I go to the dentist?", "when", []),
    ("Когда я последний раз бегал?", "last", ["activities=running"]),
    ("When was the last time I went swimming?", "last", ["activities=swimming"]),
    ("Когда я в последний раз был в спортзале?", "last", ["activities=gym"]),
    ("When did I most recently see Anna?", "last", ["people=Anna"]),
    ("Когда я впервые ходил на йогу?", "first", ["activities=yoga"]),
    ("When did I first meet Peter?", "first", ["people=Peter"]),
    ("Когда я в первый раз был в Париже?", "first", ["places=Париже"]),
    ("When was the first time I ran 10 km?", "first", ["activities=running"]),
    ("Что я покупал чаще всего?", "top", []),
    ("top 3 items", "top", []),
    ("What did I buy most often in October?", "top", []),
    ("Куда я чаще всего хожу обедать?", "top", []),
    ("Какие топ 5 покупок за месяц?", "top", []),
    ("Who do I see the most?", "top", []),
    ("Какие у меня привычки?", "habits", []),
    ("What are my habits?", "habits", []),
    ("Какие у меня есть закономерности во сне?", "habits", ["metrics=sleep_hours"]),
    ("Do I have any routines on weekends?", "habits", []),
    ("Какое у меня было настроение в октябре?", "mood", []),
    ("How was my mood last week?", "mood", []),
    ("Как я себя чувствовал вчера?", "mood", []),
    ("How did I feel on Monday?", "mood", []),
    ("Было ли у меня много стресса в сентябре?", "mood", []),
    ("Что было на прошлой неделе?", "summary", []),
    ("summarize my week", "summary", []),
    ("Что происходило в выходные?", "summary", []),
    ("What happened yesterday?", "summary", []),
    ("Give me a recap of September", "summary", []),
    ("Как прошёл мой день?", "summary", []),
    ("What did I do last weekend?", "summary", []),
    ("Что я писал про проект?", "recall", []),
    ("What did I write about the trip to Rome?", "recall", []),
    ("Что я думал о книге?", "recall", []),
    ("Notes about the new apartment", "recall", []),
    ("Что говорила Анна про отпуск?", "recall", ["people=Анна"]),
    ("Покажи все покупки за неделю", "list", []),
    ("Show me all my purchases in October", "list", []),
    ("List my workouts last month", "list", ["activities=gym"]),
    ("Перечисли книги, которые я прочитал летом", "list", []),
    ("Какие фильмы я смотрел в сентябре?", "list", []),
    ("What books did I read this year?", "list", []),
    ("а в субботу?", "recall", []),
    ("and on Saturday?", "recall", []),
    ("what about last week?", "recall", []),
]


def _has(q: ParsedQuestion, expectation: str) -> bool:
    kind, value = expectation.split("=", 1)
    return value in getattr(q.entities, kind)


def _correct(row: tuple[str, str, list[str]]) -> bool:
    q = parse(row[0], NOW, TZ)
    return q.intent == Intent(row[1]) and all(_has(q, e) for e in row[2])


def test_table_accuracy_at_least_95_percent() -> None:
    assert len(TABLE) >= 80
    wrong = [row[0] for row in TABLE if not _correct(row)]
    assert len(wrong) / len(TABLE) <= 0.05, wrong


HEADLINE = [row for row in TABLE[:60] if row[0] in {
    "С кем я обедал в прошлую пятницу?", "Сколько я потратил на кофе в сентябре?",
    "How much did I spend on coffee in September?", "Сколько раз я ходил в спортзал в октябре?",
    "Сколько в среднем я спал на прошлой неделе?", "Где я был в прошлые выходные?",
    "When did I buy the headphones?", "Когда я последний раз бегал?", "Когда я впервые ходил на йогу?",
    "Что я покупал чаще всего?", "top 3 items"}]


@pytest.mark.parametrize("row", HEADLINE, ids=[r[0] for r in HEADLINE])
def test_headline_questions(row: tuple[str, str, list[str]]) -> None:
    assert _correct(row)


def test_followup_has_only_time() -> None:
    q = parse("а в субботу?", NOW, TZ)
    assert q.is_followup and q.intent is Intent.RECALL and q.time_range is not None
    assert q.time_range.start is not None and q.time_range.start.day == 11
    assert not parse("а что я ел в субботу?", NOW, TZ).is_followup


def test_language_group_by_and_limit() -> None:
    q = parse("Сколько шагов я прошёл по дням за неделю?", NOW, TZ)
    assert (q.language, q.group_by) == ("ru", "day")
    assert parse("top 3 items per week", NOW, TZ).limit == 3
    assert parse("top 3 items per week", NOW, TZ).group_by == "week"
    assert parse("Where was I?", NOW, TZ).language == "en"


def test_person_lemma_and_raw() -> None:
    q = parse("Когда я встречался с Петром?", NOW, TZ)
    assert q.entities.people == ["Петр"] and q.entities.people_raw == ["Петром"]


def test_activity_is_canonical_with_raw_kept() -> None:
    q = parse("Сколько раз я ходил в спортзал?", NOW, TZ)
    assert q.entities.activities == ["gym"] and q.entities.activities_raw == ["спортзал"]


def test_unparsed_time_is_surfaced() -> None:
    q = parse("Что я делал на днях?", NOW, TZ)
    assert q.time_range is None and q.unparsed_time == "на днях"


def test_may_as_a_name() -> None:
    q = parse("What did I talk about with May?", NOW, TZ)
    assert q.time_range is None and "May" in q.entities.people


@pytest.mark.parametrize(
    ("question", "intent", "field", "expected"),
    [
        ("How many coffees did I buy last week?", "how_many", "items", ["coffee"]),
        ("Сколько кофе я купил на прошлой неделе?", "how_many", "items", ["кофе"]),
        ("Сколько раз я купил кофе?", "how_many", "items", ["кофе"]),
        ("How many steps did I walk on average last week?", "average", "activities", []),
        ("Когда я последний раз был в World Class?", "last", "places", ["World Class"]),
        ("Когда я последний раз был в World Class?", "last", "people", []),
        ("What did I buy on October 12?", "list", "items", []),
    ],
)
def test_entity_edge_cases(question: str, intent: str, field: str, expected: list[str]) -> None:
    q = parse(question, NOW, TZ)
    assert q.intent == Intent(intent) and getattr(q.entities, field) == expected


@pytest.mark.parametrize("question", ["Who did I have lunch with most often?", "Сколько в среднем я тратил на обед?"])
def test_a_meal_alone_is_not_a_time(question: str) -> None:
    q = parse(question, NOW, TZ)
    assert q.time_range is None and q.unparsed_time is None


def test_language_follows_the_questions_own_words_not_names() -> None:
    assert parse("Who did I meet at Му-Му?", NOW, TZ).language == "en"
    assert parse("Сколько стоит Flat White?", NOW, TZ).language == "ru"


def test_from_a_named_period_is_that_period() -> None:
    q = parse("Show me my diary entries from last week", NOW, TZ)
    assert q.time_range is not None and q.time_range.start is not None and q.time_range.end is not None
    assert (q.time_range.end - q.time_range.start).days == 7


@pytest.mark.parametrize(("text", "followup"), [("а по неделям?", True), ("and by month?", True),
                                                ("по неделям", False), ("а сколько по неделям на кофе?", False)])
def test_grouping_only_follow_up(text: str, followup: bool) -> None:
    assert parse(text, NOW, TZ).is_followup is followup

