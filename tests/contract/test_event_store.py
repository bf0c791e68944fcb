"""One contract, every EventStore: ClickHouse on real chDB and the in-memory fake (tests/fakes/). Each test body runs
on both through the parametrised `store` fixture, so the fake the unit tests use answers like ClickHouse does."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from core.events import Event, Scope
from indexing.clickhouse.db import ClickHouseDB
from indexing.clickhouse.event_store import ClickHouseEventStore
from indexing.ports import EventStore
from ingest.schemas import validate_event
from tests.fakes import InMemoryEventStore

USER, OTHER = uuid.uuid4(), uuid.uuid4()
MSK = "Europe/Moscow"
NOW = datetime(2025, 11, 1, tzinfo=UTC)
# UTC times; comments give Moscow (UTC+3) where the local day, week or month differs.
LIFE: list[dict[str, Any]] = [
    {"id": "p1", "type": "purchase", "item": "Латте", "amount": 300, "place": "Кофемания", "ts": "2025-09-01T08:00:00Z"},
    {"id": "p2", "type": "purchase", "item": "Латте", "amount": 320, "place": "Кофемания",
     "ts": "2025-09-03T21:30:00Z"},  # Sep 4, 00:30
    {"id": "p8", "type": "purchase", "item": "Капучино", "amount": 200, "place": "Starbucks", "ts": "2025-09-04T08:00:00Z"},
    {"id": "p3", "type": "purchase", "item": "Капучино", "amount": 250, "place": "Starbucks", "ts": "2025-09-08T09:00:00Z"},
    {"id": "p4", "type": "purchase", "item": "Молоко", "amount": 90, "place": "Пятёрочка", "ts": "2025-09-15T10:00:00Z"},
    {"id": "p7", "type": "purchase", "item": "Жвачка", "category": "misc", "amount": 50, "ts": "2025-09-20T12:00:00Z"},
    {"id": "p5", "type": "purchase", "item": "Наушники", "amount": 15000, "place": "М.Видео",
     "ts": "2025-09-30T22:00:00Z"},  # October 1, 01:00
    {"id": "p6", "type": "purchase", "item": "Латте", "amount": 300, "place": "Даблби", "ts": "2025-10-02T12:00:00Z"},
    {"id": "s1", "type": "social", "action": "обед", "person": "Пётр", "place": "Ресторан", "ts": "2025-09-05T10:00:00Z"},
    {"id": "s2", "type": "social", "action": "обед", "person": "Анна", "place": "Хачапури", "ts": "2025-09-12T10:00:00Z"},
    {"id": "s3", "type": "social", "action": "ужин", "person": "Пётр", "place": "Белуга", "ts": "2025-09-19T16:00:00Z"},
    {"id": "a1", "type": "activity", "activity": "gym", "duration_minutes": 60, "place": "World Class",
     "ts": "2025-09-01T05:00:00Z"},
    {"id": "a2", "type": "activity", "activity": "gym", "duration_minutes": 50, "place": "World Class",
     "ts": "2025-09-08T05:30:00Z"},
    {"id": "a3", "type": "activity", "activity": "running", "duration_minutes": 30, "distance_km": 5.5,
     "ts": "2025-09-15T06:00:00Z"},
    {"id": "h1", "type": "health", "metric": "sleep_hours", "value": 7, "ts": "2025-09-02T04:00:00Z"},
    {"id": "h2", "type": "health", "metric": "sleep_hours", "value": 8.5, "ts": "2025-09-03T04:00:00Z"},
    # Unknown fields are kept: a number in a string still sums, a bool does not; a number read as a name is text.
    {"id": "d1", "type": "diary", "text": "Хороший день", "rating": "4.5", "mood": True, "tag": 7,
     "ts": "2025-09-06T19:00:00Z"},
    {"id": "g1", "type": "geo", "lat": 55.75123, "lon": 37.61789, "ts": "2025-09-10T10:05:00Z"},
    {"id": "g2", "type": "geo", "lat": 55.75141, "lon": 37.61812, "ts": "2025-09-10T10:35:00Z"},  # same cell, hour
    {"id": "g3", "type": "geo", "lat": 55.75149, "lon": 37.61770, "ts": "2025-09-10T11:05:00Z"},
    {"id": "g4", "type": "geo", "lat": 55.70001, "lon": 37.50002, "ts": "2025-09-10T11:20:00Z"},
    {"id": "g5", "type": "geo", "lat": 55.75100, "lon": 37.61800, "ts": "2025-09-11T08:00:00Z"},
]
THEIRS: list[dict[str, Any]] = [
    {"id": "x1", "type": "purchase", "item": "Латте", "amount": 999, "place": "Кофемания", "ts": "2025-09-02T08:00:00Z"},
    {"id": "x2", "type": "geo", "lat": 55.75123, "lon": 37.61789, "ts": "2025-09-10T10:05:00Z"},
]


def events(raw: list[dict[str, Any]], user: uuid.UUID) -> list[Event]:
    return [validate_event(e, user, ZoneInfo("UTC"), NOW, "RUB") for e in raw]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(MSK))


SEPTEMBER = (local("2025-09-01T00:00"), local("2025-10-01T00:00"))


def scope(kind: str | None = None, start: datetime | None = None, end: datetime | None = None,
          **filters: list[str]) -> Scope:  # fmt: skip
    return Scope(USER, start, end, kind, filters or None)


def ids(found: list[Event]) -> list[str | None]:
    return [e.client_id for e in found]


@pytest.fixture(params=["clickhouse", "memory"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[EventStore]:
    db: ClickHouseDB | None = None
    backend: EventStore
    if request.param == "clickhouse":
        db = ClickHouseDB(f"chdb://{tmp_path}/clickhouse")
        backend = ClickHouseEventStore(db)
    else:
        backend = InMemoryEventStore()
    await backend.migrate()
    assert await backend.insert(events(LIFE, USER)) == len(LIFE)
    assert await backend.insert(events(THEIRS, OTHER)) == len(THEIRS)
    yield backend
    await backend.close()


async def test_names_follow_writes_and_erasure(store: EventStore) -> None:
    """Names may be kept between questions, but a write or an erase must show at once (never a stale list)."""
    assert "Чизкейк" not in await store.names(USER, "item")
    extra = validate_event({"type": "purchase", "item": "Чизкейк", "amount": 300, "ts": "2025-10-14T12:00"},
                           USER, ZoneInfo("UTC"), NOW, "RUB")  # fmt: skip
    assert await store.insert([extra]) == 1
    assert "Чизкейк" in await store.names(USER, "item")
    await store.delete_user(USER)
    assert await store.names(USER, "item") == []
    assert await store.names(OTHER, "item")  # the other user's names are untouched


async def test_names_most_used_first_then_by_name(store: EventStore) -> None:
    assert await store.names(USER, "item") == ["Латте", "Капучино", "Жвачка", "Молоко", "Наушники"]
    assert await store.names(USER, "place") == [  # bytewise: Latin before Cyrillic
        "Starbucks", "World Class", "Кофемания", "Белуга", "Даблби", "М.Видео", "Пятёрочка", "Ресторан", "Хачапури",
    ]  # fmt: skip
    assert await store.names(USER, "person") == ["Пётр", "Анна"]
    assert await store.names(USER, "category") == ["misc"]
    assert await store.names(uuid.uuid4(), "item") == []
    with pytest.raises(ValueError):
        await store.names(USER, "text")


async def test_aggregate_over_a_half_open_range(store: EventStore) -> None:
    assert await store.aggregate(scope("purchase", *SEPTEMBER), "amount") == (1210.0, 6, 50.0, 320.0)
    assert await store.aggregate(scope("purchase", *SEPTEMBER, item=["Латте"]), "amount") == (620.0, 2, 300.0, 320.0)
    # the start is inside, the end outside: p1 and p2, not p8
    assert await store.aggregate(scope("purchase", utc("2025-09-01T08:00"), utc("2025-09-04T08:00")), "amount") == (
        620.0, 2, 300.0, 320.0)  # fmt: skip
    assert await store.aggregate(scope("social", person=["Пётр", "Анна"], action=["обед"]), None) == (0, 2, 0, 0)
    assert await store.aggregate(scope("activity"), "distance_km") == (5.5, 3, 0.0, 5.5)
    assert await store.aggregate(scope("diary"), "mood") == (0.0, 1, 0.0, 0.0)
    assert await store.aggregate(scope("diary"), "rating") == (4.5, 1, 4.5, 4.5)
    assert await store.aggregate(scope("purchase", utc("2026-01-01T00:00")), "amount") == (0.0, 0, None, None)
    with pytest.raises(ValueError):
        await store.aggregate(scope("purchase", text=["x"]), "amount")


async def test_count_days_in_the_users_zone(store: EventStore) -> None:
    assert await store.count_days(scope("purchase"), MSK) == 7  # p2 and p8 share Moscow's Sep 4
    assert await store.count_days(scope("purchase"), "UTC") == 8


async def test_find_events_by_time_and_types(store: EventStore) -> None:
    assert ids(await store.find_events(scope("purchase", *SEPTEMBER), limit=3)) == ["p7", "p4", "p3"]
    assert ids(await store.find_events(scope(None, *SEPTEMBER), limit=2, newest_first=False)) == ["a1", "p1"]
    found = await store.find_events(scope(None, *SEPTEMBER), limit=50, types=["social", "diary"])
    assert ids(found) == ["s3", "s2", "d1", "s1"]
    event = (await store.find_events(scope("purchase", item=["Наушники"])))[0]
    assert event.ts == utc("2025-09-30T22:00") and event.ts.tzinfo is not None
    assert (event.user_id, event.type, event.payload) == (
        USER, "purchase", {"item": "Наушники", "amount": 15000, "place": "М.Видео", "currency": "RUB"})  # fmt: skip
    geo = (await store.find_events(scope("geo"), limit=1, newest_first=False))[0]
    assert (geo.lat, geo.lon, geo.client_id, geo.seq > 0) == (55.75123, 37.61789, "g1", True)


async def test_extremes_ties_go_to_the_earlier(store: EventStore) -> None:
    assert ids(await store.extremes(scope("purchase"), "amount", limit=2)) == ["p5", "p2"]
    assert ids(await store.extremes(scope("purchase"), "amount", limit=5, lowest=True)) == ["p7", "p4", "p8", "p3",
                                                                                           "p1"]
    assert ids(await store.extremes(scope("purchase", item=["Латте"]), "amount", limit=3, lowest=True)) == [
        "p1", "p6", "p2"]  # fmt: skip


async def test_top_by_count_or_value_ties_by_name(store: EventStore) -> None:
    assert await store.top(scope("purchase"), "item") == [
        ("Латте", 3, 0.0), ("Капучино", 2, 0.0), ("Жвачка", 1, 0.0), ("Молоко", 1, 0.0), ("Наушники", 1, 0.0)]
    assert await store.top(scope("purchase"), "item", limit=2, value="amount", by_value=True) == [
        ("Наушники", 1, 15000.0), ("Латте", 3, 920.0)]  # fmt: skip
    assert await store.top(scope("purchase"), "item", limit=2, value="amount") == [
        ("Латте", 3, 920.0), ("Капучино", 2, 450.0)]  # fmt: skip
    assert await store.top(scope(None, *SEPTEMBER), "place", limit=3) == [
        ("Starbucks", 2, 0.0), ("World Class", 2, 0.0), ("Кофемания", 2, 0.0)]  # fmt: skip
    assert await store.top(scope("purchase"), "currency", limit=1) == [("RUB", 8, 0.0)]
    assert await store.top(scope("diary"), "tag") == [("7", 1, 0.0)]  # a number read as a name is its JSON text


async def test_series_by_local_day_week_and_month(store: EventStore) -> None:
    coffee = scope("purchase", item=["Латте", "Капучино"])
    assert await store.series(coffee, "day", MSK, "amount") == [
        (date(2025, 9, 1), 300.0, 1), (date(2025, 9, 4), 520.0, 2), (date(2025, 9, 8), 250.0, 1),
        (date(2025, 10, 2), 300.0, 1)]  # fmt: skip
    assert await store.series(coffee, "week", MSK, "amount") == [
        (date(2025, 9, 1), 820.0, 3), (date(2025, 9, 8), 250.0, 1), (date(2025, 9, 29), 300.0, 1)]  # fmt: skip
    assert await store.series(scope("purchase"), "month", MSK, None) == [
        (date(2025, 9, 1), 0.0, 6), (date(2025, 10, 1), 0.0, 2)]  # fmt: skip
    assert await store.series(scope("purchase"), "month", "UTC", "amount") == [
        (date(2025, 9, 1), 16210.0, 7), (date(2025, 10, 1), 300.0, 1)]  # fmt: skip


async def test_regulars_per_field_with_distinct_weeks(store: EventStore) -> None:
    fields = {"purchase": ["item", "place"], "activity": ["activity", "place"], "social": ["person"]}
    rows = await store.regulars(scope("diary", *SEPTEMBER, item=["ignored"]), fields, MSK, limit=2)
    assert rows == [  # most frequent first, then by name; two per field (Кофемания is the third place)
        ("place", "Starbucks", 2, 2), ("place", "World Class", 2, 2), ("activity", "gym", 2, 2),
        ("item", "Капучино", 2, 2), ("item", "Латте", 2, 1), ("person", "Пётр", 2, 2),
        ("activity", "running", 1, 1), ("person", "Анна", 1, 1),
    ]  # fmt: skip
    assert await store.regulars(scope(None, utc("2026-01-01T00:00")), fields, MSK) == []


async def test_time_of_day_quartiles(store: EventStore) -> None:
    assert await store.time_of_day(scope("activity"), MSK) == ([480, 510, 540], 3)  # 08:00, 08:30, 09:00
    assert await store.time_of_day(scope("activity", activity=["gym"]), "UTC") == ([300, 330, 330], 2)
    assert await store.time_of_day(scope("purchase", item=["Латте"]), MSK) == ([30, 660, 900], 3)  # 00:30 first
    assert await store.time_of_day(scope("diary", utc("2026-01-01T00:00")), MSK) == ([0, 0, 0], 0)


async def test_counts_by_type(store: EventStore) -> None:
    assert await store.counts_by_type(scope(None, *SEPTEMBER)) == {
        "activity": 3, "diary": 1, "geo": 5, "health": 2, "purchase": 6, "social": 3}  # fmt: skip
    assert await store.counts_by_type(scope("geo", utc("2025-09-11T00:00"))) == {"geo": 1}


async def test_geo_cells_count_distinct_hours(store: EventStore) -> None:
    assert await store.geo_cells(scope()) == [(55.751, 37.618, 3), (55.7, 37.5, 1)]
    # the range starts at the start's whole hour: 10:50 still counts the 10:00 hour
    assert await store.geo_cells(scope(None, utc("2025-09-10T10:50"), utc("2025-09-11T00:00")), limit=1) == [
        (55.751, 37.618, 2)]  # fmt: skip
    assert await store.geo_cells(scope(None, utc("2025-09-10T11:00"), utc("2025-09-10T11:00"))) == []


async def test_reads_of_the_store(store: EventStore) -> None:
    listed = await store.list_events(USER, *SEPTEMBER, types=["purchase", "social"], limit=3, offset=1)
    assert ids(listed) == ["s3", "p4", "s2"]
    assert ids(await store.list_events(USER, newest_first=False, limit=2)) == ["a1", "p1"]
    mine = {e.client_id: e.id for e in events(LIFE, USER)}
    assert ids(await store.get_events(USER, [mine["p6"], mine["p1"], uuid.uuid4()])) == ["p1", "p6"]
    assert await store.get_events(OTHER, [mine["p1"]]) == []
    assert await store.existing_ids(USER, [mine["p1"], mine["p6"]], (utc("2025-09-01T08:00"), utc("2025-09-02T00:00")))\
        == {mine["p1"]}  # fmt: skip
    stats = await store.stats(USER)
    assert (stats.events, stats.by_type["geo"], stats.first, stats.last) == (
        len(LIFE), 5, utc("2025-09-01T05:00"), utc("2025-10-02T12:00"))  # fmt: skip
    assert list(stats.by_type) == sorted(stats.by_type)


async def test_sequences_watermarks_and_state(store: EventStore) -> None:
    assert await store.insert(events(LIFE[:3], USER)) == 0  # stored already
    first = await store.max_seq()
    assert await store.insert(events([{"type": "diary", "text": "позже", "ts": "2025-10-20T10:00:00Z"}], USER)) == 1
    latest = await store.max_seq()
    assert latest > first
    seqs = await store.sequences_after(0)
    assert [n for _, n in seqs] == [len(LIFE), len(THEIRS), 1] and seqs[-1][0] == latest
    assert [s for s, _ in await store.sequences_after(seqs[0][0], limit=1)] == [seqs[1][0]]
    assert {e.user_id for e in await store.events_in_sequences([seqs[1][0]])} == {OTHER}
    assert [e.payload["text"] for e in await store.events_after(first, 10)] == ["позже"]
    assert len(await store.events_after(0, 5)) == 5
    assert (await store.count_after(USER, first), await store.count_after(USER, 0)) == (1, len(LIFE) + 1)
    assert await store.get_state("k") is None
    await store.set_state("k", "1")
    await store.set_state("k", "2")
    assert await store.get_state("k") == "2"
    assert await store.ping()


async def test_erasing_a_user_leaves_nothing_of_theirs(store: EventStore) -> None:
    await store.delete_user(USER)
    assert (await store.stats(USER)).events == 0
    assert await store.names(USER, "item") == [] and await store.geo_cells(scope()) == []
    assert await store.aggregate(scope("purchase"), "amount") == (0.0, 0, None, None)
    assert await store.names(OTHER, "item") == ["Латте"]
    assert await store.geo_cells(Scope(OTHER, None, None)) == [(55.751, 37.618, 1)]


async def test_the_people_of_a_group_event_count_as_its_person(store: EventStore) -> None:
    """A bar with Пётр, Лена and Дима counts for each of them: in names, in a person filter, in the top people."""
    group = [validate_event(raw, USER, ZoneInfo("UTC"), NOW, "RUB") for raw in [
        {"type": "social", "action": "бар", "person": "Пётр", "people": ["Лена", "Дима", "Пётр"],
         "ts": "2025-09-26T18:00"},
        {"type": "social", "action": "обед", "people": ["Лена"], "place": "Хачапури", "ts": "2025-09-27T10:00"},
    ]]  # fmt: skip
    assert await store.insert(group) == 2
    assert await store.names(USER, "person") == ["Пётр", "Лена", "Анна", "Дима"]
    assert await store.aggregate(scope("social", person=["Лена"]), None) == (0, 2, 0, 0)
    assert await store.aggregate(scope("social", person=["Пётр"]), None) == (0, 3, 0, 0)  # Пётр twice in one: once
    assert await store.aggregate(scope("social", person=["Дима", "Анна"], action=["бар", "обед"]), None) == (
        0, 2, 0, 0)  # fmt: skip
    assert await store.top(scope("social"), "person") == [("Пётр", 3, 0.0), ("Лена", 2, 0.0), ("Анна", 1, 0.0),
                                                          ("Дима", 1, 0.0)]  # fmt: skip
    assert await store.top(scope("social", person=["Лена"]), "place") == [("Хачапури", 1, 0.0)]
