"""The event store's derived tables on real chDB: geo_hourly, purchase_stats and event_names follow every insert,
and migrations that rebuild them from events (a re-run included) keep their figures."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest_asyncio

from core.events import Event
from indexing.clickhouse.db import ClickHouseDB
from indexing.clickhouse.event_store import ClickHouseEventStore
from ingest.schemas import validate_event

USER = uuid.uuid4()
NOW = datetime(2025, 10, 20, tzinfo=UTC)
RAW = [
    {"type": "geo", "ts": "2025-10-10T10:05:00+00:00", "lat": 55.75123, "lon": 37.61789},
    {"type": "geo", "ts": "2025-10-10T10:35:00+00:00", "lat": 55.75141, "lon": 37.61812},
    {"type": "geo", "ts": "2025-10-10T11:05:00+00:00", "lat": 55.70001, "lon": 37.50002},
    {"type": "purchase", "ts": "2025-10-10T09:00:00+00:00", "item": "Латте", "amount": 300, "place": "Кофемания"},
    {"type": "purchase", "ts": "2025-10-10T17:00:00+00:00", "item": "Латте", "amount": 320, "place": "Кофемания"},
    {"type": "social", "ts": "2025-10-10T13:00:00+00:00", "action": "обед", "person": "Пётр"},
    {"type": "health", "ts": "2025-10-10T07:00:00+00:00", "metric": "sleep_hours", "value": 7.5},
    {"type": "diary", "ts": "2025-10-10T22:00:00+00:00", "text": "Хороший день"},
]


def _events() -> list[Event]:
    return [validate_event(e, USER, ZoneInfo("UTC"), NOW, "RUB") for e in RAW]


@pytest_asyncio.fixture
async def db(tmp_path: Path) -> AsyncIterator[ClickHouseDB]:
    database = ClickHouseDB(f"chdb://{tmp_path}/clickhouse")
    store = ClickHouseEventStore(database)
    await store.migrate()
    assert await store.insert(_events()) == len(RAW)
    yield database
    await database.close()


async def _geo(db: ClickHouseDB) -> list[tuple[object, ...]]:
    return await db.query(
        "SELECT toHour(hour), lat_cell, lon_cell, sum(points), round(sum(lat_sum), 5) FROM geo_hourly "
        "GROUP BY hour, lat_cell, lon_cell ORDER BY hour, lat_cell"
    )


async def test_geo_hourly_counts_points_per_hour_and_cell(db: ClickHouseDB) -> None:
    assert await _geo(db) == [(10, 55751, 37618, 2, round(55.75123 + 55.75141, 5)), (11, 55700, 37500, 1, 55.70001)]


async def test_purchase_stats_sum_by_day_item_and_place(db: ClickHouseDB) -> None:
    rows = await db.query(
        "SELECT day, item, place, currency, sum(purchases), sum(total) FROM purchase_stats "
        "GROUP BY day, item, place, currency"
    )
    assert rows == [(datetime(2025, 10, 10).date(), "Латте", "Кофемания", "RUB", 2, 620.0)]


async def test_event_names_per_field(db: ClickHouseDB) -> None:
    rows = await db.query("SELECT field, name, sum(uses) FROM event_names GROUP BY field, name ORDER BY field, name")
    assert rows == [
        ("action", "обед", 1), ("item", "Латте", 2), ("metric", "sleep_hours", 1), ("person", "Пётр", 1),
        ("place", "Кофемания", 2),
    ]


async def test_rebuilding_migrations_backfill_from_events_and_rerun_safely(db: ClickHouseDB) -> None:
    before = await _geo(db)
    names = await db.query("SELECT field, name, sum(uses) FROM event_names GROUP BY field, name ORDER BY 1, 2")
    # As if the process died after applying 6 and 7 but before recording them: both run again.
    await db.command("ALTER TABLE schema_migrations DELETE WHERE version IN (6, 7) SETTINGS mutations_sync = 2")
    assert await db.migrate() == [6, 7]
    assert await _geo(db) == before
    assert await db.query("SELECT field, name, sum(uses) FROM event_names GROUP BY field, name ORDER BY 1, 2") == names


async def test_insert_dedupes_per_user_in_a_mixed_batch(db: ClickHouseDB) -> None:
    store = ClickHouseEventStore(db)
    other = uuid.uuid4()
    mine = _events()[:2]  # already stored by the fixture
    theirs = [validate_event(e, other, ZoneInfo("UTC"), NOW, "RUB") for e in RAW[:2]]
    # Equal but distinct UUID objects for the first user: the mixed-batch path, not the one-user shortcut.
    mixed = [*(Event(**{**{f: getattr(e, f) for f in e.__slots__}, "user_id": uuid.UUID(str(USER))}) for e in mine),
             *theirs]
    assert await store.insert(mixed) == 2  # only the other user's two are new
    assert await store.insert(mixed) == 0


async def test_erasing_a_user_empties_every_derived_table(db: ClickHouseDB) -> None:
    store = ClickHouseEventStore(db)
    await store.delete_user(USER)
    for table in ("events", "geo_hourly", "purchase_stats", "event_names"):
        rows = await db.query(f"SELECT count() FROM {table} WHERE user_id = {{u:UUID}}", {"u": USER})
        assert rows == [(0,)], table
