"""On the real stack (chDB, qdrant-edge, ArcadeDB, HTTP): events the indexer cannot derive from are quarantined and
shown in stats and /health, while every other event and user keeps flowing."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.events import Event
from indexing.clickhouse.quarantine import ClickHouseQuarantine
from tests.conftest import Service, make_settings, running_service
from tests.fakes.faulty import FaultyGraphStore

pytestmark = pytest.mark.usefixtures("arcadedb")


@pytest.fixture
async def quick_retries(tmp_path: Path) -> AsyncIterator[Service]:
    settings = make_settings(tmp_path, indexer_retry_attempts=2, indexer_retry_backoff_s=0.01)
    async with running_service(settings) as svc:
        yield svc


async def caught_up(service: Service, *users: str) -> list[dict[str, int]]:
    for _ in range(600):
        stats = [(await service.http.get(f"/api/v1/stream/stats/{u}")).json() for u in users]
        if all(s["pending_index"] == 0 for s in stats):
            return stats
        await asyncio.sleep(0.05)
    raise AssertionError(f"the indexer did not catch up: {stats}")


async def test_poison_events_are_quarantined_and_everyone_else_is_indexed(quick_retries: Service) -> None:
    service, container = quick_retries, quick_retries.container
    alice, bob, carol = (str(uuid.uuid4()) for _ in range(3))
    # Carol's event was stored before ingest checked time ranges: its local time is past year 9999.
    legacy = Event(id=uuid.uuid4(), user_id=uuid.UUID(carol), ts=datetime(9999, 12, 31, 23, 30, tzinfo=UTC),
                   type="diary", payload={"text": "из будущего"})  # fmt: skip
    await container.events.insert([legacy])
    # Alice's lunch is one the graph refuses (a fault injected into the real ArcadeDB-backed store).
    lunch_id = str(uuid.uuid4())
    container.indexer.graph = FaultyGraphStore(container.graph, poison=[uuid.UUID(lunch_id)])
    alice_events = [
        {"id": lunch_id, "type": "social", "action": "обед", "person": "Пётр", "ts": "2025-10-10T13:00:00+03:00"},
        {"type": "diary", "text": "думал о проекте", "ts": "2025-10-10T22:00:00+03:00"},
    ]
    for user, events in ((alice, alice_events), (bob, [{"type": "diary", "text": "бег", "ts": "2025-10-11"}])):
        r = await service.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": events})
        assert r.status_code == 200 and r.json()["accepted"] == len(events), r.text

    a, b = await caught_up(service, alice, bob)
    assert (a["quarantined"], b["quarantined"]) == (1, 0)
    assert await container.pending_index(uuid.UUID(carol)) == 0
    assert await container.vectors.count(uuid.UUID(alice)) == 2  # the lunch's sentence went in; its graph did not
    assert await container.vectors.count(uuid.UUID(bob)) == 1

    [carol_entry] = await ClickHouseQuarantine(container.db).list(uuid.UUID(carol))
    assert (carol_entry.event_id, carol_entry.stage) == (legacy.id, "vectors") and carol_entry.attempts >= 2
    assert "OverflowError" in carol_entry.error
    [alice_entry] = await ClickHouseQuarantine(container.db).list(uuid.UUID(alice))
    assert (str(alice_entry.event_id), alice_entry.stage) == (lunch_id, "graph")

    health = await service.http.get("/health")
    body = health.json()
    assert health.status_code == 200, body  # every store answers: degraded, not down
    assert body["status"] == "degraded" and body["quarantined"] == 2 and "quarantined" in body["reason"]
    assert body["clickhouse"] == body["qdrant"] == body["graph"] == "connected"
