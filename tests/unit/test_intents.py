"""The intents end to end on the in-memory fakes: the real AskService, ingest and indexer over InMemoryEventStore,
InMemoryVectorIndex, InMemoryGraphStore and the hash embedder. No server, no files: the whole module runs in well
under a second. The same life runs over HTTP on the real stack in tests/api/test_ask.py."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from assistant.ask.service import AskResult, AskService
from indexing.embedders import build_embedder
from indexing.indexer import Indexer
from ingest.service import IngestService
from tests.api.test_ask import LIFE
from tests.fakes import InMemoryEventStore, InMemoryGraphStore, InMemoryVectorIndex

TZ = ZoneInfo("Europe/Moscow")
NOW = datetime(2025, 10, 15, 20, 0, tzinfo=TZ)  # a Wednesday, as in tests/api/test_ask.py


@dataclass
class Life:
    asker: AskService
    events: InMemoryEventStore
    user: uuid.UUID

    async def ask(self, question: str, conversation_id: str | None = None, user: uuid.UUID | None = None) -> AskResult:
        return await self.asker.ask(user or self.user, question, NOW, TZ, conversation_id)


async def _life(items: Sequence[dict[str, Any]]) -> Life:
    events, vectors, graph = InMemoryEventStore(), InMemoryVectorIndex(), InMemoryGraphStore()
    embedder = build_embedder("hash")
    user = uuid.uuid4()
    result = await IngestService(events).ingest(user, items, TZ, NOW)
    assert result.accepted == len(items), result.rejected
    indexer = Indexer(events, embedder, vectors, graph, TZ)
    await indexer.load()
    assert await indexer.catch_up() == len(items) and await indexer.pending(user) == 0
    return Life(AskService(events, embedder, vectors, graph), events, user)


@pytest.fixture
async def life() -> Life:
    return await _life(LIFE)


def cited(result: AskResult) -> set[str]:
    return {s.event_id for s in result.sources}


async def test_how_much_is_exact_and_cited(life: Life) -> None:
    r = await life.ask("Сколько я потратил на кофе в сентябре?")
    assert str(r.question.intent) == "how_much" and "870" in r.answer and "сентября" in r.answer, r.answer
    assert cited(r) == {"c1", "c2", "c3"}
    assert set(r.matched["item"]) == {"Латте", "Капучино", "Flat white"}
    assert "870" in (await life.ask("How much did I spend on coffee in September?")).answer


async def test_how_much_grouped_by_week(life: Life) -> None:
    r = await life.ask("Сколько я потратил на кофе по неделям в сентябре?")
    for week in ("неделя с 1 сентября: 300", "неделя с 8 сентября: 250", "неделя с 15 сентября: 320"):
        assert week in r.answer, r.answer


async def test_how_many_counts_events(life: Life) -> None:
    r = await life.ask("Сколько раз я ходил в спортзал в октябре?")
    assert str(r.question.intent) == "how_many" and "2 раза" in r.answer, r.answer
    r = await life.ask("Сколько раз я обедал в октябре?")
    assert "2 раза" in r.answer and cited(r) == {"s1", "s2"}, r.answer


async def test_average(life: Life) -> None:
    r = await life.ask("Сколько в среднем я спал на прошлой неделе?")
    assert str(r.question.intent) == "average" and "7" in r.answer, r.answer  # (7 + 8 + 6) / 3
    assert "295" in (await life.ask("What's my average coffee price?")).answer  # (300 + 250 + 320 + 310) / 4


async def test_top_priciest_and_places(life: Life) -> None:
    r = await life.ask("Какая самая дорогая покупка?")
    assert str(r.question.intent) == "top" and "Наушники Sony" in r.answer, r.answer
    assert r.sources[0].event_id == "h1"
    r = await life.ask("Which coffee shop do I go to most?")
    assert all(place in r.answer for place in ("Кофемания", "Starbucks", "Даблби")), r.answer
    assert "Пятёрочка" not in r.answer


async def test_first_last_and_when(life: Life) -> None:
    r = await life.ask("Когда я последний раз бегал?")
    assert "12 октября" in r.answer and cited(r) == {"a3"}, r.answer
    r = await life.ask("Когда я первый раз пил латте?")
    assert str(r.question.intent) == "first" and "3 сентября" in r.answer and cited(r) == {"c1"}, r.answer
    r = await life.ask("Во сколько я обычно хожу в спортзал?")
    assert str(r.question.intent) == "when" and "08:00" in r.answer and cited(r) == {"a1", "a2"}, r.answer


async def test_list_at_a_place(life: Life) -> None:
    r = await life.ask("Что я покупал в Пятёрочке в сентябре?")
    assert str(r.question.intent) == "list" and "Молоко" in r.answer and cited(r) == {"g1"}, r.answer


async def test_who_from_sql_and_from_the_graph(life: Life) -> None:
    r = await life.ask("С кем я обедал в прошлую пятницу?")
    assert str(r.question.intent) == "who" and "Пётр" in r.answer and "Анна" not in r.answer, r.answer
    r = await life.ask("С кем я был в Лужниках?")  # tennis with Anna: only the graph links her to the place
    assert "Анна" in r.answer and "t1" in cited(r), r.answer


async def test_where_with_a_person(life: Life) -> None:
    r = await life.ask("Где я встречался с Анной?")
    assert str(r.question.intent) == "where", r.answer
    assert "Хачапури" in r.answer and "Лужники" in r.answer and {"s2", "t1"} <= cited(r), r.answer


async def test_summary_of_last_week(life: Life) -> None:
    r = await life.ask("Что было на прошлой неделе?")  # Oct 6-12: a1-a3, s1, s3, z1-z3, d1
    assert str(r.question.intent) == "summary" and "9 событий" in r.answer, r.answer
    assert "gym ×2" in r.answer and "Пётр" in r.answer, r.answer
    data = await life.asker.summarize(life.user, datetime(2025, 9, 1, tzinfo=TZ), datetime(2025, 10, 1, tzinfo=TZ), TZ)
    assert data["spend"]["total"] == 300 + 250 + 320 + 90 + 15000 and data["counts"]["purchase"] == 5


async def test_recall_finds_the_diary(life: Life) -> None:
    r = await life.ask("Что я писал про проект?")
    assert str(r.question.intent) == "recall" and "d1" in cited(r) and "проект" in r.answer, r.answer


async def test_follow_up_keeps_the_intent_and_the_user(life: Life) -> None:
    first = await life.ask("С кем я обедал в прошлую пятницу?")
    r = await life.ask("а 3 октября?", first.conversation_id)
    assert str(r.question.intent) == "who" and "Анна" in r.answer and "Пётр" not in r.answer, r.answer
    stranger = await life.ask("а 3 октября?", first.conversation_id, user=uuid.uuid4())
    assert not stranger.sources and "Анна" not in stranger.answer


async def test_nothing_found_and_other_users(life: Life) -> None:
    assert "Нет данных" in (await life.ask("Сколько я потратил на кофе в марте?")).answer
    r = await life.ask("Сколько я потратил на кофе в сентябре?", user=uuid.uuid4())
    assert "Нет данных" in r.answer and not r.sources


async def test_habits_rate_per_week() -> None:
    mondays = [f"2025-{m:02d}-{d:02d}T19:00" for m, d in ((9, 8), (9, 15), (9, 22), (9, 29), (10, 6), (10, 13))]
    life = await _life([{"id": f"g{i}", "type": "activity", "activity": "gym", "duration_minutes": 60, "ts": ts}
                        for i, ts in enumerate(mondays)])  # fmt: skip
    r = await life.ask("Какие у меня привычки?")
    assert str(r.question.intent) == "habits" and "gym — 6 раз (~0.5 в неделю)" in r.answer, r.answer
    assert cited(r) == {"g5", "g4", "g3"}  # the latest three
