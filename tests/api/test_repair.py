"""`brain repair`: rebuilds derived tables, vectors and graph from `events` and reports exactly what was wrong."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest

from assistant.cli.main import main
from tests.conftest import Service, make_settings, running_service

pytestmark = pytest.mark.usefixtures("arcadedb")


def life(n: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i in range(n):
        day = f"2025-09-{1 + i % 5:02d}"
        out += [
            {"type": "purchase", "item": "Латте", "amount": 150 + i, "place": "Кофейня", "ts": f"{day}T09:{i:02d}:00"},
            {"type": "geo", "lat": 55.75 + i / 1000, "lon": 37.61, "ts": f"{day}T10:{i:02d}:00"},
            {"type": "social", "action": "обед", "person": "Пётр", "place": "Пушкин", "ts": f"{day}T13:{i:02d}:00"},
        ]
    return out


async def derived_rows(service: Service, user: str) -> dict[str, list[tuple[Any, ...]]]:
    """The user's rows of every derived table, merged (summing tables may hold a key in several parts)."""
    queries = {
        "purchase_stats": "SELECT day, item, place, sum(purchases), sum(total) FROM purchase_stats",
        "geo_hourly": "SELECT hour, lat_cell, lon_cell, sum(points) FROM geo_hourly",
        "event_names": "SELECT field, name, sum(uses) FROM event_names",
    }
    out = {}
    for table, select in queries.items():
        keys = ", ".join(select.removeprefix("SELECT ").split(", ")[: 3 if table != "event_names" else 2])
        out[table] = await service.container.db.query(
            f"{select} WHERE user_id = {{u:UUID}} GROUP BY {keys} ORDER BY {keys}", {"u": user}
        )
    return out


async def test_repair_reports_and_fixes_exactly_the_damage_and_leaves_other_users_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_settings(tmp_path)
    monkeypatch.setenv("BRAIN_DATA_DIR", str(settings.data_dir))
    async with running_service(settings) as service:
        alice, bob = str(uuid.uuid4()), str(uuid.uuid4())
        for user in (alice, bob):
            r = await service.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": life(10)})
            assert r.json()["accepted"] == 30
        for _ in range(600):
            stats = [(await service.http.get(f"/api/v1/stream/stats/{u}")).json() for u in (alice, bob)]
            if not any(s["pending_index"] for s in stats):
                break
            await asyncio.sleep(0.05)
        healthy = {u: await derived_rows(service, u) for u in (alice, bob)}
        vectors = await service.container.vectors.count(uuid.UUID(alice))

        # The damage a failed insert leaves: Alice's purchases of one day and one hour of her GPS points (one day) are missing,
        # and her vectors are gone.
        db = service.container.db
        await db.command("ALTER TABLE purchase_stats DELETE WHERE user_id = {u:UUID} AND day = '2025-09-02' "
                         "SETTINGS mutations_sync = 2", {"u": alice})  # fmt: skip
        await db.command("ALTER TABLE geo_hourly DELETE WHERE user_id = {u:UUID} AND toDate(hour) = '2025-09-03' "
                         "SETTINGS mutations_sync = 2", {"u": alice})  # fmt: skip
        await service.container.vectors.delete_user(uuid.UUID(alice))

        # The CLI finds the running service and goes through its admin route.
        await asyncio.to_thread(main, ["repair", alice])
        out = capsys.readouterr().out
        damaged_spend = sum(150 + i for i in range(10) if i % 5 == 1)
        total = sum(150 + i for i in range(10))
        assert f"fixed purchase_stats of {alice}: purchases 8 → 10, total {total - damaged_spend:,} → {total:,}" in out
        assert f"fixed geo_hourly of {alice}: points 8 → 10" in out
        assert f"reindexed {alice}: vectors 0 → {vectors}" in out
        assert "event_names" not in out and bob not in out, out
        assert await derived_rows(service, alice) == healthy[alice]

        # Bob was never touched, and a second repair of everyone finds nothing left to fix.
        assert await derived_rows(service, bob) == healthy[bob]
        admin = {"Authorization": f"Bearer {(settings.data_dir / 'admin.token').read_text()}"}
        again = (await service.http.post("/api/v1/admin/repair", json={"user": "all"}, headers=admin)).json()
        assert again["derived"] == [] and again["indexes"] == [] and again["reindexed"] >= 60
        assert await derived_rows(service, bob) == healthy[bob]
