"""The background indexer: catches up, survives SIGKILL mid-indexing, never indexes twice; reindex rebuilds."""

from __future__ import annotations

import signal
import time
import uuid
from pathlib import Path

import httpx
import pytest

from assistant.bootstrap import bootstrap
from tests.api.test_durability import start_server
from tests.conftest import free_port, make_settings

pytestmark = pytest.mark.slow


def texts(n: int, user: str) -> list[dict[str, object]]:
    return [{"id": f"{user}-{i}", "type": "diary", "text": f"Запись {i}: думал о проекте номер {i}",
             "ts": f"2025-10-{1 + i % 28:02d}T10:00:00+03:00"} for i in range(n)]


def social(n: int) -> list[dict[str, object]]:
    return [{"type": "social", "action": "обед", "person": ["Пётр", "Петр", "Анна"][i % 3], "place": "Пушкин",
             "ts": f"2025-09-{1 + i % 28:02d}T13:{i % 60:02d}:00+03:00"} for i in range(n)]


async def test_sigkill_mid_indexing_then_everything_indexed_once(tmp_path: Path) -> None:
    data, port, user = tmp_path / "data", free_port(), str(uuid.uuid4())
    proc = start_server(data, port)
    base = f"http://127.0.0.1:{port}"
    events = texts(3000, user) + social(60)
    r = httpx.post(f"{base}/api/v1/stream/ingest", json={"user_id": user, "events": events}, timeout=60)
    assert r.json()["accepted"] == len(events)
    time.sleep(0.5)  # the indexer is now in the middle of the batch
    pending = httpx.get(f"{base}/api/v1/stream/stats/{user}").json()["pending_index"]
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert pending > 0, "the indexer finished before the kill; the test would prove nothing"

    proc = start_server(data, port)
    try:
        deadline = time.monotonic() + 240
        while httpx.get(f"{base}/api/v1/stream/stats/{user}").json()["pending_index"]:
            assert time.monotonic() < deadline, "indexer did not catch up"
            time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(timeout=60)

    container = await bootstrap(make_settings(tmp_path, graph_uri=None, graph_password="", indexer=False))
    try:
        assert container.vectors is not None and container.graph is not None
        assert await container.vectors.count(uuid.UUID(user)) == 3060  # every text once: ids are stable
        assert await container.graph.count_events(uuid.UUID(user)) == 60
        people = await container.graph.people(uuid.UUID(user))
        assert sorted(p.name for p in people) == ["Анна", "Пётр"]  # Пётр and Петр are one node
        assert container.indexer is not None
        assert await container.indexer.reindex_user(uuid.UUID(user)) == 3060
        assert await container.vectors.count(uuid.UUID(user)) == 3060
    finally:
        await container.stop()
