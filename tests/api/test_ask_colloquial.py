"""Ask over real HTTP as people type: chat spellings ("скока"), case forms of the user's own names ("в вкусвилле",
"видел Петю"), one person under several names (Лена = Елена), and group events counting for everyone in them."""

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
    {"id": "k1", "type": "purchase", "item": "Латте", "amount": 300, "place": "Кофемания", "ts": "2025-10-01T09:00"},
    {"id": "k2", "type": "purchase", "item": "Капучино", "amount": 250, "place": "Starbucks", "ts": "2025-10-06T09:00"},
    {"id": "v1", "type": "purchase", "item": "Молоко", "amount": 120, "place": "ВкусВилл", "ts": "2025-10-02T19:00"},
    {"id": "v2", "type": "purchase", "item": "Сыр", "amount": 480, "place": "ВкусВилл", "ts": "2025-10-09T19:00"},
    {"id": "v3", "type": "purchase", "item": "Хлеб", "amount": 60, "place": "Пятёрочка", "ts": "2025-10-09T20:00"},
    # A group lunch: the people of the group, no single `person`.
    {"id": "l1", "type": "social", "action": "обед", "people": ["Елена", "Дмитрий"], "place": "Хачапури",
     "ts": "2025-10-07T13:00"},
    {"id": "l2", "type": "social", "action": "кофе", "person": "Лена", "place": "Кофемания", "ts": "2025-10-03T10:00"},
    {"id": "l3", "type": "social", "action": "бар", "person": "Пётр", "people": ["Дмитрий"], "place": "Хмель и Солод",
     "ts": "2025-10-10T20:00"},
    {"id": "l4", "type": "social", "action": "обед", "person": "Пётр", "place": "Ресторан Пушкин",
     "ts": "2025-09-20T13:00"},
]


@pytest.fixture
async def life(tmp_path: Path) -> Any:
    async with running_service(make_settings(tmp_path)) as svc:
        await load_life(svc, USER, LIFE)
        yield svc


async def ask(svc: Service, question: str) -> dict[str, Any]:
    return await ask_as(svc, USER, question, NOW)


async def test_chat_spelling_of_how_much(life: Service) -> None:
    body = await ask(life, "скока я потратил на кофе в октябре")
    assert body["intent"] == "how_much" and "550" in body["answer"], body["answer"]
    assert {"k1", "k2"} <= cited(body) and "v1" not in cited(body)


async def test_a_lowercase_place_in_the_prepositional_case(life: Service) -> None:
    body = await ask(life, "сколько я потратил в вкусвилле в октябре")
    assert "600" in body["answer"] and "Хлеб" not in body["answer"], body["answer"]
    assert cited(body) == {"v1", "v2"}


async def test_a_name_in_the_accusative(life: Service) -> None:
    body = await ask(life, "когда я последний раз видел Петю")
    assert body["intent"] == "last" and "10 октября" in body["answer"], body["answer"]
    assert "l3" in cited(body)


async def test_a_short_and_a_full_name_are_one_person(life: Service) -> None:
    # "Лена" (a coffee, as `person`) and "Елена" (one of a group lunch's people) are the same person.
    for question in ("Сколько раз я виделся с Леной в октябре?", "Сколько раз я виделся с Еленой в октябре?"):
        body = await ask(life, question)
        assert body["intent"] == "how_many" and "2" in body["answer"], (question, body["answer"])
        assert {"l1", "l2"} <= cited(body), question


async def test_group_events_count_for_everyone_in_them(life: Service) -> None:
    body = await ask(life, "Когда я последний раз видел Диму?")
    assert "10 октября" in body["answer"], body["answer"]  # the bar, where Дмитрий was one of the people
    body = await ask(life, "С кем я обедал 7 октября?")
    assert body["intent"] == "who" and "Елена" in body["answer"] and "Дмитрий" in body["answer"], body["answer"]
    body = await ask(life, "С кем я чаще всего встречался в октябре?")
    assert "Дмитрий" in body["answer"], body["answer"]  # twice, both times in a group


async def test_the_summary_counts_the_people_of_group_events(life: Service) -> None:
    r = await life.http.get(f"/api/v1/search/memory/{USER}/summary", params={"period": "month", "date": "2025-10-15"})
    people = {p["name"]: p["count"] for p in r.json()["people"]}
    assert people.get("Дмитрий") == 2 and people.get("Пётр") == 1, people
