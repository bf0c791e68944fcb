"""GraphStore contract against a real ArcadeDB over Bolt (the same class serves Neo4j 5) and the in-memory fake
(the `graph` fixture in conftest.py runs each test body on both)."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from core.events import GraphFacts
from indexing.graph.arcadedb import ArcadeDBServer
from indexing.graph.store import Neo4jGraphStore
from indexing.ports import GraphStore

pytestmark = [pytest.mark.asyncio(loop_scope="session")]

DAY = 86_400_000
T0 = 1_760_000_000_123  # 2025-10-09, with milliseconds to prove they survive


def fact(user: UUID, day: int, people: tuple[str, ...] = (), place: str | None = None) -> GraphFacts:
    return GraphFacts(user_id=user, event_id=uuid4(), type="note", ts_ms=T0 + day * DAY, people=people,
                      place=place, action="met", text=f"day {day}")  # fmt: skip


def week(user: UUID) -> list[GraphFacts]:
    return [
        fact(user, 0, ("Пётр", "Anna"), "Кофейня Зерно"),
        fact(user, 1, ("петр",), "кофейня  зерно"),
        fact(user, 2, (" Петя ",), "Парк"),
        fact(user, 3, ("Anna",), "Парк"),
        fact(user, 4, ("Peter", "Олег"), None),
    ]


async def test_add_is_idempotent(graph: GraphStore) -> None:
    user = uuid4()
    facts = week(user)
    await graph.add(facts)
    first = (await graph.count_events(user), await graph.people(user), await graph.places(user))
    await graph.add(facts)
    await graph.add(facts[:2])
    assert (await graph.count_events(user), await graph.people(user), await graph.places(user)) == first
    assert first[0] == 5


async def test_spellings_and_aliases_are_one_person(graph: GraphStore) -> None:
    user = uuid4()
    await graph.add(week(user))
    people = {p.name: p for p in await graph.people(user)}
    assert set(people) == {"Пётр", "Anna", "Олег"}
    assert people["Пётр"].count == 4
    assert sorted(people["Пётр"].places) == ["Кофейня Зерно", "Парк"]  # first spelling of a place displayed
    assert await graph.people(user, place="КОФЕЙНЯ ЗЕРНО") == await graph.people(user, place="Кофейня Зерно")


async def test_people_by_time_and_place(graph: GraphStore) -> None:
    user = uuid4()
    facts = week(user)
    await graph.add(facts)
    in_range = await graph.people(user, start_ms=T0 + DAY, end_ms=T0 + 4 * DAY)  # days 1..3
    assert [(p.name, p.count) for p in in_range] == [("Пётр", 2), ("Anna", 1)]
    petr = in_range[0]
    assert petr.last_ts_ms == T0 + 2 * DAY
    assert sorted(petr.event_ids) == sorted([facts[2].event_id, facts[1].event_id])
    at_park = await graph.people(user, place="парк")
    assert sorted((p.name, p.count) for p in at_park) == [("Anna", 1), ("Пётр", 1)]
    assert all(p.places == ["Парк"] for p in at_park)
    assert await graph.people(user, start_ms=T0 + 10 * DAY) == []
    assert await graph.people(user, place="nowhere") == []


async def test_places_with_person(graph: GraphStore) -> None:
    user = uuid4()
    await graph.add(week(user))
    everywhere = await graph.places(user)
    # ties go to the place visited last
    assert [(p.name, p.count) for p in everywhere] == [("Парк", 2), ("Кофейня Зерно", 2)]
    with_petr = await graph.places(user, person="Петя")
    assert [(p.name, p.count) for p in with_petr] == [("Кофейня Зерно", 2), ("Парк", 1)]
    early = await graph.places(user, end_ms=T0 + DAY, person="Anna")
    assert [(p.name, p.count, sorted(p.places)) for p in early] == [("Кофейня Зерно", 1, ["Anna", "Пётр"])]


async def test_neighbours(graph: GraphStore) -> None:
    user = uuid4()
    await graph.add(week(user))
    expected = [("Кофейня Зерно", 2), ("Anna", 1), ("Олег", 1), ("Парк", 1)]
    assert await graph.neighbours(user, "пётр") == expected
    assert await graph.neighbours(user, "Парк", limit=2) == [("Anna", 1), ("Пётр", 1)]
    assert await graph.neighbours(user, "nobody") == []
    assert await graph.neighbours(user, "   ") == []


async def test_users_are_isolated(graph: GraphStore) -> None:
    alice, bob = uuid4(), uuid4()
    await graph.add(week(alice))
    await graph.add([fact(bob, 0, ("Пётр",), "Парк")])
    assert [(p.name, p.count) for p in await graph.people(bob)] == [("Пётр", 1)]
    assert await graph.neighbours(bob, "Пётр") == [("Парк", 1)]
    assert await graph.count_events(bob) == 1
    await graph.delete_user(alice)
    assert await graph.count_events(alice) == 0
    assert await graph.people(alice) == [] and await graph.places(alice) == []
    assert [(p.name, p.count) for p in await graph.places(bob)] == [("Парк", 1)]


async def test_epoch_ms_round_trip(graph: GraphStore) -> None:
    user = uuid4()
    stamps = [0, 1, T0, 4_102_444_800_999]  # 1970, 2025 with ms, 2100
    await graph.add([GraphFacts(user_id=user, event_id=uuid4(), type="t", ts_ms=ts, people=(f"p{i}",))
                     for i, ts in enumerate(stamps)])  # fmt: skip
    assert sorted(p.last_ts_ms for p in await graph.people(user)) == stamps


async def test_batch_of_500(graph: GraphStore) -> None:
    user = uuid4()
    facts = [fact(user, i, (f"P{i % 30}", f"P{(i + 1) % 30}"), f"Place {i % 20}") for i in range(500)]
    started = time.perf_counter()
    await graph.add(facts)
    assert time.perf_counter() - started < 10
    assert await graph.count_events(user) == 500
    assert len(await graph.people(user)) == 30
    assert len(await graph.places(user)) == 20


async def test_ping(graph: GraphStore) -> None:
    assert await graph.ping()


@pytest.mark.slow
@pytest.mark.graph
async def test_restarts_after_crash_and_relaunches_with_a_new_password(tmp_path: Path) -> None:
    user = uuid4()
    async with ArcadeDBServer(tmp_path / "graph") as server:
        assert not (tmp_path / "graph" / "config" / ".root-password").exists()
        store = Neo4jGraphStore(server.uri, server.user, server.password, database=server.database)
        try:
            await store.migrate()
            await store.add(week(user))
            assert server.pid is not None
            os.kill(server.pid, signal.SIGKILL)
            # The store's retries cover the restart: callers need no explicit wait.
            assert await asyncio.wait_for(store.count_events(user), timeout=60) == 5
            assert server.restarts == 1
            await store.add([fact(user, 9, ("Пётр",))])
            assert await store.count_events(user) == 6
        finally:
            await store.close()
    assert server.pid is None
    async with ArcadeDBServer(tmp_path / "graph") as again:
        assert again.password != server.password
        store = Neo4jGraphStore(again.uri, again.user, again.password, database=again.database)
        try:
            assert await store.count_events(user) == 6
        finally:
            await store.close()
