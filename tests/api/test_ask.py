"""Ask over real HTTP: exact SQL numbers, categories by meaning, people, follow-ups, unparsed time, isolation."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Service, ask_as, cited, load_life, make_settings, running_service

pytestmark = pytest.mark.usefixtures("arcadedb")  # the real stack needs the session's graph server

USER = str(uuid.uuid4())
NOW = "2025-10-15T20:00:00+03:00"  # a Wednesday

LIFE: list[dict[str, Any]] = [
    {"id": "c1", "type": "purchase", "item": "Латте", "amount": 300, "place": "Кофемания", "ts": "2025-09-03T09:00:00"},
    {"id": "c2", "type": "purchase", "item": "Капучино", "amount": 250, "place": "Starbucks", "ts": "2025-09-10T09:00"},
    {"id": "c3", "type": "purchase", "item": "Flat white", "amount": 320, "place": "Даблби", "ts": "2025-09-20T10:00"},
    {"id": "c4", "type": "purchase", "item": "Латте", "amount": 310, "place": "Кофемания", "ts": "2025-10-01T09:00"},
    {"id": "g1", "type": "purchase", "item": "Молоко", "amount": 90, "place": "Пятёрочка", "ts": "2025-09-11T19:00"},
    {
        "id": "h1",
        "type": "purchase",
        "item": "Наушники Sony",
        "amount": 15000,
        "place": "М.Видео",
        "ts": "2025-09-14T15:00",
    },
    {
        "id": "s1",
        "type": "social",
        "action": "обед",
        "person": "Пётр",
        "place": "Ресторан Пушкин",
        "ts": "2025-10-10T13:00",
    },
    {"id": "s2", "type": "social", "action": "обед", "person": "Анна", "place": "Хачапури", "ts": "2025-10-03T13:00"},
    {"id": "s3", "type": "social", "action": "ужин", "person": "Мария", "place": "Белуга", "ts": "2025-10-11T19:00"},
    {"id": "s4", "type": "social", "action": "ужин", "person": "Пётр", "people": ["Мария"], "place": "Белуга",
     "ts": "2025-08-29T19:00"},
    {
        "id": "a1",
        "type": "activity",
        "activity": "gym",
        "duration_minutes": 60,
        "place": "World Class",
        "ts": "2025-10-06T08:00",
    },
    {
        "id": "a2",
        "type": "activity",
        "activity": "gym",
        "duration_minutes": 50,
        "place": "World Class",
        "ts": "2025-10-08T08:00",
    },
    {
        "id": "a3",
        "type": "activity",
        "activity": "running",
        "duration_minutes": 30,
        "distance_km": 5,
        "place": "Парк Горького",
        "ts": "2025-10-12T09:00",
    },
    {
        "id": "t1",
        "type": "activity",
        "activity": "tennis",
        "duration_minutes": 90,
        "people": ["Анна"],
        "place": "Лужники",
        "ts": "2025-09-27T11:00",
    },
    {"id": "z1", "type": "health", "metric": "sleep_hours", "value": 7, "ts": "2025-10-06T07:00"},
    {"id": "z2", "type": "health", "metric": "sleep_hours", "value": 8, "ts": "2025-10-07T07:00"},
    {"id": "z3", "type": "health", "metric": "sleep_hours", "value": 6, "ts": "2025-10-08T07:00"},
    {"id": "d1", "type": "diary", "text": "Сдал проект, чувствую облегчение и радость", "ts": "2025-10-09T22:00"},
    {
        "id": "d2",
        "type": "diary",
        "text": "Went to a jazz concert with Anna, it was wonderful",
        "ts": "2025-10-04T23:00",
    },
]


@pytest.fixture
async def life(tmp_path: Path) -> Any:
    async with running_service(make_settings(tmp_path)) as svc:
        await load_life(svc, USER, LIFE)
        yield svc


async def ask(svc: Service, question: str, **extra: Any) -> dict[str, Any]:
    return await ask_as(svc, USER, question, NOW, **extra)


async def test_coffee_spend_in_september_is_exact_and_cited(life: Service) -> None:
    body = await ask(life, "Сколько я потратил на кофе в сентябре?")
    assert body["intent"] == "how_much" and body["language"] == "ru"
    assert "870" in body["answer"] and "сентября" in body["answer"]
    assert {"c1", "c2", "c3"} <= cited(body) and "g1" not in cited(body) and "c4" not in cited(body)
    assert body["time_range"]["start"].startswith("2025-09-01T00:00:00+03:00")
    assert set(body["matched"]["item"]) == {"Латте", "Капучино", "Flat white"}


async def test_english_spend_question(life: Service) -> None:
    body = await ask(life, "How much did I spend on coffee in September?")
    assert body["language"] == "en" and "870" in body["answer"]


async def test_who_did_i_have_lunch_with_last_friday(life: Service) -> None:
    body = await ask(life, "С кем я обедал в прошлую пятницу?")
    assert body["intent"] == "who"
    assert "Пётр" in body["answer"] and "Анна" not in body["answer"]
    assert body["time_range"]["start"].startswith("2025-10-10")
    assert "s1" in cited(body)


async def test_follow_up_reuses_intent_with_new_range(life: Service) -> None:
    first = await ask(life, "С кем я обедал в прошлую пятницу?")
    body = await ask(life, "а 3 октября?", conversation_id=first["conversation_id"])
    assert body["intent"] == "who" and body["time_range"]["start"].startswith("2025-10-03")
    assert "Анна" in body["answer"] and "Пётр" not in body["answer"]
    body = await ask(life, "and on Saturday?", conversation_id=first["conversation_id"])
    assert body["time_range"]["start"].startswith("2025-10-11") and "Мария" not in body["answer"]  # a dinner


async def test_follow_up_memory_is_per_user(life: Service) -> None:
    """Another user sending this user's conversation id starts a fresh conversation: no intent, names or range leak."""
    first = await ask(life, "С кем я обедал в прошлую пятницу?")
    other = str(uuid.uuid4())
    r = await life.http.post("/api/v1/search/memory", json={
        "user_id": other, "question": "а 3 октября?", "now": NOW, "conversation_id": first["conversation_id"]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["intent"] != "who" and "Анна" not in body["answer"] and not body["sources"]
    # and the owner's conversation is untouched by the other user's turn
    mine = await ask(life, "а 3 октября?", conversation_id=first["conversation_id"])
    assert mine["intent"] == "who" and "Анна" in mine["answer"]


async def test_count_and_average(life: Service) -> None:
    body = await ask(life, "Сколько раз я ходил в спортзал в октябре?")
    assert body["intent"] == "how_many" and "2 раза" in body["answer"]
    body = await ask(life, "Сколько в среднем я спал на прошлой неделе?")
    assert body["intent"] == "average" and "7" in body["answer"]


async def test_last_occurrence(life: Service) -> None:
    body = await ask(life, "Когда я последний раз бегал?")
    assert "12 октября" in body["answer"] and cited(body) == {"a3"}


async def test_nothing_found_and_unparsed_time(life: Service) -> None:
    body = await ask(life, "Сколько я потратил на кофе в марте?")
    assert "Нет данных" in body["answer"]
    body = await ask(life, "Что я покупал на днях?")
    assert "Не понял" in body["answer"] and body["time_range"] is None


async def test_recall_finds_the_diary(life: Service) -> None:
    body = await ask(life, "Что я писал про проект?")
    assert "d1" in cited(body) and "проект" in body["answer"]


async def test_other_users_see_nothing(life: Service) -> None:
    r = await life.http.post(
        "/api/v1/search/memory",
        json={"user_id": str(uuid.uuid4()), "question": "Сколько я потратил на кофе в сентябре?", "now": NOW},
    )
    assert "Нет данных" in r.json()["answer"] and r.json()["sources"] == []


async def test_summary_route(life: Service) -> None:
    r = await life.http.get(f"/api/v1/search/memory/{USER}/summary", params={"period": "month", "date": "2025-09-15"})
    body = r.json()
    assert body["spend"]["total"] == 300 + 250 + 320 + 90 + 15000
    assert body["counts"]["purchase"] == 5


async def test_where_with_a_person_uses_the_graph(life: Service) -> None:
    # Anna was met at lunch (a social event, SQL sees it) and at tennis (an activity with her: only the graph links
    # the place to her); both places are named and both events cited.
    body = await ask(life, "Где я встречался с Анной?")
    assert body["intent"] == "where"
    assert "Хачапури" in body["answer"] and "Лужники" in body["answer"], body["answer"]
    assert {"s2", "t1"} <= cited(body)


async def test_who_at_a_place_uses_the_graph(life: Service) -> None:
    body = await ask(life, "С кем я был в Лужниках?")
    assert body["intent"] == "who" and "Анна" in body["answer"], body["answer"]
    assert "t1" in cited(body)


async def test_spend_by_week_is_grouped(life: Service) -> None:
    body = await ask(life, "Сколько я потратил на кофе по неделям в сентябре?")
    assert body["intent"] == "how_much" and "870" in body["answer"], body["answer"]
    for week in ("неделя с 1 сентября: 300", "неделя с 8 сентября: 250", "неделя с 15 сентября: 320"):
        assert week in body["answer"], body["answer"]


async def test_when_did_i_last_see_a_person_written_in_latin(life: Service) -> None:
    body = await ask(life, "When did I last see Anna?")
    assert body["intent"] == "last" and "October 3" in body["answer"], body["answer"]
    assert "s2" in cited(body)


async def test_list_at_a_place_keeps_the_place(life: Service) -> None:
    body = await ask(life, "Что я покупал в Пятёрочке в сентябре?")
    assert body["intent"] == "list" and "Молоко" in body["answer"] and "Латте" not in body["answer"], body["answer"]
    assert cited(body) == {"g1"}


async def test_where_with_a_person_has_no_gps_noise(life: Service) -> None:
    body = await ask(life, "Где я обедал с Петром?")
    assert "Ресторан Пушкин" in body["answer"] and "GPS" not in body["answer"], body["answer"]


async def test_most_expensive_and_cheapest_purchase(life: Service) -> None:
    body = await ask(life, "Какая самая дорогая покупка?")
    assert body["intent"] == "top" and "Наушники Sony" in body["answer"] and "15" in body["answer"], body["answer"]
    assert next(iter(s["event_id"] for s in body["sources"])) == "h1"
    body = await ask(life, "What was the cheapest thing I bought in September?")
    assert "Молоко" in body["answer"] and "90" in body["answer"], body["answer"]


async def test_spend_per_month_is_a_grouping_not_a_time(life: Service) -> None:
    body = await ask(life, "How much did I spend per month on coffee?")
    assert body["unparsed_time"] is None and body["intent"] == "how_much", body
    assert "1,180" in body["answer"] or "1180" in body["answer"], body["answer"]  # 300+250+320+310


async def test_short_name_finds_the_full_one(life: Service) -> None:
    body = await ask(life, "Когда я ужинал с Машей?")
    assert "Мария" in body["answer"] and "s3" in cited(body), body["answer"]


async def test_distance_of_runs(life: Service) -> None:
    body = await ask(life, "Сколько километров я пробежал в октябре?")
    assert body["intent"] == "how_much" and "5 км" in body["answer"] and cited(body) == {"a3"}, body["answer"]


async def test_counting_needs_a_subject(life: Service) -> None:
    body = await ask(life, "Сколько раз?")
    assert "Не понял, что посчитать" in body["answer"] and not body["sources"], body["answer"]


async def test_lunches_are_counted_not_purchases(life: Service) -> None:
    body = await ask(life, "Сколько раз я обедал в октябре?")
    assert "2 раза" in body["answer"] and cited(body) == {"s1", "s2"}, body["answer"]


async def test_an_action_never_done_is_not_everyone(life: Service) -> None:
    body = await ask(life, "С кем я ходил в кино?")
    assert body["sources"] == [] and "Нет данных" in body["answer"], body["answer"]


async def test_spend_at_a_place(life: Service) -> None:
    body = await ask(life, "Сколько я потратил в Кофемании?")
    assert "610" in body["answer"] and "Кофемания" in body["answer"] and cited(body) == {"c1", "c4"}, body["answer"]


async def test_who_is_a_person_and_who_was_there_too(life: Service) -> None:
    body = await ask(life, "Who is Peter?")
    assert body["intent"] == "who", body
    assert body["answer"].startswith("Пётр:") and "2 times" in body["answer"], body["answer"]
    assert "October 10" in body["answer"] and "Мария" in body["answer"], body["answer"]  # the last meeting; s4
    assert cited(body) == {"s1", "s4"}


async def test_where_did_i_have_lunch_keeps_to_lunches(life: Service) -> None:
    body = await ask(life, "Где я обедал в октябре?")
    assert "Хачапури" in body["answer"] and "Ресторан Пушкин" in body["answer"], body["answer"]
    assert "Кофемания" not in body["answer"] and "Белуга" not in body["answer"], body["answer"]  # coffee, a dinner


async def test_what_did_i_spend_most_on(life: Service) -> None:
    body = await ask(life, "На что я больше всего тратил в сентябре?")
    assert body["answer"].index("Наушники Sony") < body["answer"].index("Латте"), body["answer"]
    assert "15000" in body["answer"].replace(" ", "").replace("\u00a0", ""), body["answer"]


async def test_average_needs_a_subject_and_sleep_forms(life: Service) -> None:
    assert "Не понял" in (await ask(life, "Сколько в среднем?"))["answer"]
    body = await ask(life, "Сколько я в среднем сплю?")
    assert body["intent"] == "average" and "7" in body["answer"], body["answer"]  # (7 + 8 + 6) / 3


async def test_english_question_with_a_cyrillic_place(life: Service) -> None:
    body = await ask(life, "Who did I meet at Хачапури?")
    assert body["language"] == "en" and body["answer"].startswith("Over all time you met Анна"), body["answer"]
    assert cited(body) == {"s2"}


async def test_coffee_shops_include_where_coffee_was_bought(life: Service) -> None:
    body = await ask(life, "Which coffee shop do I go to most?")
    assert body["intent"] == "top", body
    for place in ("Кофемания", "Starbucks", "Даблби"):
        assert place in body["answer"], body["answer"]
    assert "Пятёрочка" not in body["answer"], body["answer"]


async def test_average_per_period(life: Service) -> None:
    # Coffee c1..c4: 1180 ₽ from Sept 3 09:00 up to "now" (Oct 15 20:00): 42.5 days → 194.35 ₽ a week.
    body = await ask(life, "Сколько я в среднем трачу на кофе в неделю?")
    assert body["intent"] == "average" and body["unparsed_time"] is None, body
    assert "194" in body["answer"] and "1180" in body["answer"].replace("\u00a0", "").replace(" ", ""), body["answer"]
    body = await ask(life, "How many times a week do I go to the gym on average?")
    assert "times a week" in body["answer"] and cited(body) == {"a1", "a2"}, body["answer"]


async def test_what_time_usually(life: Service) -> None:
    body = await ask(life, "Во сколько я обычно хожу в спортзал?")
    assert body["intent"] == "when" and "08:00" in body["answer"], body["answer"]  # a1, a2 at 08:00
    assert cited(body) == {"a1", "a2"}
    body = await ask(life, "What time do I usually go to sleep?")
    assert "can't tell" in body["answer"] and not body["sources"], body["answer"]


async def test_habits_rate_per_week_and_citations(tmp_path: Path) -> None:
    # Gym every Monday for 6 weeks before NOW: a habit at 6 / (90 / 7) ≈ 0.5 a week over the default 90 days.
    user = str(uuid.uuid4())
    mondays = [f"2025-{m:02d}-{d:02d}T19:00" for m, d in ((9, 8), (9, 15), (9, 22), (9, 29), (10, 6), (10, 13))]
    gym = [{"id": f"g{i}", "type": "activity", "activity": "gym", "duration_minutes": 60, "ts": ts}
           for i, ts in enumerate(mondays)]
    async with running_service(make_settings(tmp_path)) as svc:
        assert (await svc.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": gym})).status_code == 200
        r = await svc.http.post("/api/v1/search/memory", json={"user_id": user, "question": "Какие у меня привычки?",
                                                                "now": NOW})
        body = r.json()
    assert body["intent"] == "habits" and "gym — 6 раз (~0.5 в неделю)" in body["answer"], body["answer"]
    assert {s["event_id"] for s in body["sources"]} == {"g5", "g4", "g3"}  # the latest three


async def test_quotes_and_empty_questions(life: Service) -> None:
    body = await ask(life, "Сколько я потратил на «кофе» в сентябре?")
    assert "870" in body["answer"] and cited(body) == {"c1", "c2", "c3"}, body["answer"]
    body = await ask(life, "???")
    assert body["sources"] == [] and "question" in body["answer"], body["answer"]


async def test_follow_up_with_only_a_grouping(life: Service) -> None:
    first = await ask(life, "Сколько я потратил на кофе в сентябре?")
    body = await ask(life, "а по неделям?", conversation_id=first["conversation_id"])
    assert body["intent"] == "how_much" and body["time_range"]["phrase"] == first["time_range"]["phrase"], body
    assert "неделя с 8 сентября: 250" in body["answer"], body["answer"]


async def test_longest_and_kilometres(life: Service) -> None:
    body = await ask(life, "Самая длинная тренировка в зале?")
    assert body["intent"] == "top" and "60 мин" in body["answer"], body["answer"]  # a1: 60 min, a2: 50
    assert [s["event_id"] for s in body["sources"]][:1] == ["a1"]
    body = await ask(life, "How many kilometers did I run in October?")
    assert body["intent"] == "how_much" and "5 km" in body["answer"] and cited(body) == {"a3"}, body["answer"]


async def test_how_many_lunches_counts_lunches(life: Service) -> None:
    body = await ask(life, "How many lunches did I have in October?")
    assert "2 times" in body["answer"] and cited(body) == {"s1", "s2"}, body["answer"]


async def test_case_forms_of_places_and_average_price(life: Service) -> None:
    body = await ask(life, "Что я покупал во Пятёрочке?")
    assert body["intent"] == "list" and cited(body) == {"g1"}, body["answer"]
    body = await ask(life, "What's my average coffee price?")
    assert body["intent"] == "average" and "295" in body["answer"], body["answer"]  # (300+250+320+310) / 4

