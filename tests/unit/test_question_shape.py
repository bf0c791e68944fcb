"""The question's shape, read once by the parser: a table of RU/EN questions (colloquial ones too) per field; and
the ask package never reads the raw text itself, nor do its handler modules call one another."""

from __future__ import annotations

import ast
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from assistant.ask import events, numbers, people, ranked, text
from assistant.ask.dispatch import handler_for
from retrieval.question.parser import Intent, PerPeriod, parse
from retrieval.question.shape import Shape, shape_of

TZ = ZoneInfo("Europe/Moscow")
NOW = datetime(2025, 10, 15, 20, 0, tzinfo=TZ)
ASK = Path(__file__).resolve().parents[2] / "assistant" / "ask"


@pytest.mark.parametrize(
    ("question", "unit", "phrase"),
    [
        ("Сколько я в среднем трачу в неделю?", "week", "в неделю"),
        ("Сколько раз в месяц я хожу в зал?", "month", "в месяц"),
        ("Сколько в среднем шагов за день?", "day", "за день"),
        # also the time phrase: the average handler sees the two overlap and averages over all time
        ("Сколько я в среднем тратил за неделю?", "week", "за неделю"),
        ("Сколько кофе я пью в сутки в среднем", "day", "в сутки"),
        ("How much do I spend per week on average?", "week", "per week"),
        ("How many times a month do I run?", "month", "a month"),
        ("avg steps each day", "day", "each day"),
        ("Average steps Per Day in October?", "day", "Per Day"),
    ],
)
def test_per_period(question: str, unit: str, phrase: str) -> None:
    per = parse(question, NOW, TZ).shape.per_period
    days = {"day": 1.0, "week": 7.0, "month": 30.4375}[unit]
    assert per == PerPeriod(unit=unit, days=days, phrase=phrase)  # type: ignore[arg-type]


@pytest.mark.parametrize("question", ["Сколько я потратил на прошлой неделе?", "Сколько в среднем я спал?",
                                      "What was my average sleep last week?", "Сколько шагов по дням?"])
def test_no_per_period(question: str) -> None:
    assert parse(question, NOW, TZ).shape.per_period is None


@pytest.mark.parametrize(
    ("question", "counting"),
    [
        ("Сколько раз в неделю я бегаю?", True),
        ("Как часто я хожу в зал?", True),
        ("How many times a week do I run?", True),
        ("how often do i go swimming", True),
        ("Сколько минут в неделю я бегаю?", False),
        ("How much do I spend per week?", False),
    ],
)
def test_counting_versus_adding_up(question: str, counting: bool) -> None:
    assert parse(question, NOW, TZ).shape.counting is counting


@pytest.mark.parametrize(
    ("question", "purchases", "spending"),
    [
        ("Сколько я потратил на кофе?", True, True),
        ("Куда уходят мои деньги?", True, False),
        ("На что больше всего денег ушло?", True, True),
        ("How much did I spend on coffee?", True, True),
        ("What did I buy most often?", True, False),
        ("Сколько стоили наушники?", True, False),
        ("where did the money go", True, True),
        ("Сколько раз я бегал?", False, False),
        ("How many times did I meet Anna?", False, False),
    ],
)
def test_purchases_and_spending(question: str, purchases: bool, spending: bool) -> None:
    shape = parse(question, NOW, TZ).shape
    assert (shape.purchases, shape.spending) == (purchases, spending)


@pytest.mark.parametrize(
    ("question", "distance"),
    [
        ("Сколько километров я пробежал в октябре?", True),
        ("Сколько км я проехал на велике?", True),
        ("How far did I run last week?", True),
        ("How many miles did I cycle?", True),
        ("Сколько я бегал в октябре?", False),
        ("How long did I swim?", False),
    ],
)
def test_distance_or_duration(question: str, distance: bool) -> None:
    assert parse(question, NOW, TZ).shape.distance is distance


@pytest.mark.parametrize(
    ("question", "rank", "lowest"),
    [
        ("Самая дорогая покупка в сентябре?", "amount", False),
        ("Какая самая дешёвая покупка?", "amount", True),
        ("самая дешевая покупка за месяц", "amount", True),
        ("What was my most expensive purchase?", "amount", False),
        ("the cheapest thing I bought", "amount", True),
        ("Самая длинная пробежка?", "length", False),
        ("Самая короткая тренировка в октябре", "length", True),
        ("What was my longest run?", "length", False),
        ("my shortest walk this week", "length", True),
        ("Что я покупал чаще всего?", None, False),
        ("Who do I see the most?", None, False),
    ],
)
def test_rank_by_a_value(question: str, rank: str | None, lowest: bool) -> None:
    shape = parse(question, NOW, TZ).shape
    assert (shape.rank, shape.lowest) == (rank, lowest)


@pytest.mark.parametrize(
    ("question", "field", "coffee_shop"),
    [
        ("С кем я чаще всего обедал?", "person", False),
        ("Who do I see the most?", "person", False),
        ("Каких друзей я вижу чаще всего?", "person", False),
        ("which friends do I hang out with most", "person", False),
        ("Где я чаще всего бываю?", "place", False),
        ("Where do I go most often?", "place", False),
        ("В какой кофейне я бываю чаще всего?", "place", True),
        ("My favourite coffee shop?", "place", True),
        ("любимое кафе", "place", True),
        ("Каким спортом я занимаюсь чаще всего?", "activity", False),
        ("What are my top activities?", "activity", False),
        ("Что я покупал чаще всего?", None, False),
        ("top 3 items", None, False),
    ],
)
def test_what_a_top_tallies(question: str, field: str | None, coffee_shop: bool) -> None:
    shape = parse(question, NOW, TZ).shape
    assert (shape.top_field, shape.coffee_shop) == (field, coffee_shop)


@pytest.mark.parametrize(
    ("question", "time_of_day"),
    [
        ("Во сколько я обычно пью кофе?", True),
        ("В какое время я обычно бегаю?", True),
        ("What time do I usually go to the gym?", True),
        ("at what time do i have lunch", True),
        ("Когда я последний раз бегал?", False),
        ("When did I buy the headphones?", False),
    ],
)
def test_time_of_day(question: str, time_of_day: bool) -> None:
    assert parse(question, NOW, TZ).shape.time_of_day is time_of_day


@pytest.mark.parametrize(
    ("question", "event_type"),
    [
        ("Покажи все покупки за неделю", "purchase"),
        ("Что я купил вчера?", "purchase"),
        ("Show me all my purchases in October", "purchase"),
        ("Покажи все встречи за неделю", "social"),
        ("list my lunches last month", "social"),
        ("Кого я видел вчера?", "social"),
        ("List my workouts last month", "activity"),
        ("Покажи мои тренировки", "activity"),
        ("Show me my diary entries from last week", "diary"),
        ("покажи записи из дневника", "diary"),
        ("Покажи всё за вчера", None),
        ("What happened yesterday?", None),
    ],
)
def test_event_type(question: str, event_type: str | None) -> None:
    assert parse(question, NOW, TZ).shape.event_type == event_type


@pytest.mark.parametrize(
    ("question", "actions", "specific"),
    [
        ("С кем я обедал в прошлую пятницу?", {"обед", "lunch"}, {"обед", "lunch"}),
        ("Who did I have lunch with?", {"обед", "lunch"}, {"обед", "lunch"}),
        ("Сколько раз я ужинал с Анной?", {"ужин", "dinner"}, {"ужин", "dinner"}),
        ("С кем я ходил в кино?", {"кино", "movie"}, {"кино", "movie"}),
        ("Сколько раз я встречался с друзьями?", {"встреч", "meeting"}, set()),
        ("how many meetings did I have", {"встреч", "meeting"}, set()),
        ("Кому я звонил вчера?", {"звон", "call"}, {"звон", "call"}),
        ("С кем я ЗАВТРАКАЛ?", {"завтрак", "breakfast"}, {"завтрак", "breakfast"}),
        ("Где я был вчера?", set(), set()),
    ],
)
def test_social_actions(question: str, actions: set[str], specific: set[str]) -> None:
    shape = parse(question, NOW, TZ).shape
    assert (shape.actions, shape.specific_actions) == (actions, specific)


@pytest.mark.parametrize(
    ("question", "yes_no"),
    [
        ("Did I go to the gym yesterday?", True),
        ("did i ever buy headphones", True),
        ("Have I been running this week?", True),
        ("and did I call mom?", True),
        ("Ходил ли я в зал на этой неделе?", True),
        ("А был ли я у врача в сентябре?", True),
        ("Было ли у меня много стресса?", True),
        ("Сколько раз я ходил в зал?", False),
        ("When did I go to the gym?", False),
        ("What did I buy?", False),
    ],
)
def test_yes_no(question: str, yes_no: bool) -> None:
    assert parse(question, NOW, TZ).shape.yes_no is yes_no


@pytest.mark.parametrize("question", ["Did I go to the gym?", "Have I been to the pool?", "Бегал ли я вчера?"])
def test_yes_no_is_answered_with_a_count(question: str) -> None:
    assert parse(question, NOW, TZ).intent is Intent.HOW_MANY


@pytest.mark.parametrize(("question", "has_words"), [("???", False), ("🙂", False), ("  ?! ", False), ("a?", False),
                                                    ("ок", True), ("Где я был?", True), ("why", True)])
def test_has_words(question: str, has_words: bool) -> None:
    assert parse(question, NOW, TZ).shape.has_words is has_words


def test_a_question_built_by_hand_has_a_plain_shape() -> None:
    assert shape_of("") == Shape(has_words=False)
    assert Shape() == Shape(has_words=True)


@pytest.mark.parametrize(
    ("question", "handler"),
    [
        ("Самая дорогая покупка в сентябре?", ranked.by_amount),
        ("What was my longest run?", ranked.by_length),
        ("Что я покупал чаще всего?", numbers.top),
        ("Сколько я потратил на кофе?", numbers.how_much),
        ("Когда я последний раз бегал?", events.occurrence),
        ("Во сколько я обычно пью кофе?", events.occurrence),
        ("Покажи все покупки за неделю", events.list_events),
        ("Где я был в прошлые выходные?", people.where),
        ("Что я писал про проект?", text.recall),
    ],
)
def test_dispatch_picks_the_handler_from_the_parsed_question(question: str, handler: object) -> None:
    assert handler_for(parse(question, NOW, TZ)) is handler


@pytest.mark.parametrize("question", ["When was the concert?", "Когда я впервые был на концерте?"])
def test_an_occurrence_of_nothing_named_is_recalled_by_meaning(question: str) -> None:
    q = parse(question, NOW, TZ)
    assert q.intent in (Intent.WHEN, Intent.FIRST) and not q.entities.names_something()
    assert handler_for(q).__name__ == "_recall_when"


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), str(path))


@pytest.mark.parametrize("path", sorted(ASK.glob("*.py")), ids=lambda p: p.name)
def test_the_ask_package_never_runs_patterns_over_the_question(path: Path) -> None:
    """Everything a handler needs from the words is a parsed field: no module here imports a regex engine."""
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            assert not {a.name.split(".")[0] for a in node.names} & {"re", "regex"}, path.name
        elif isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] not in {"re", "regex"}, path.name


HANDLER_MODULES = {"events", "numbers", "people", "ranked", "text"}


@pytest.mark.parametrize("name", sorted(HANDLER_MODULES))
def test_handler_modules_never_call_one_another(name: str) -> None:
    """Top-down: the dispatch picks a handler; a handler uses the helpers below it (context, scoping) only."""
    imported: set[str] = set()
    for node in ast.walk(_tree(ASK / f"{name}.py")):
        if isinstance(node, ast.ImportFrom) and node.module == "assistant.ask":
            imported |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("assistant.ask."):
            imported.add((node.module or "").rpartition(".")[2])
        elif isinstance(node, ast.Import):
            imported |= {a.name.rpartition(".")[2] for a in node.names if a.name.startswith("assistant.ask.")}
    assert not imported & (HANDLER_MODULES | {"dispatch", "service"}), (name, imported)
