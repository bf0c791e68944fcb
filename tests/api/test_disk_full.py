"""A full disk is survivable: ingest answers 507 and keeps nothing it did not acknowledge, the derived tables are
rebuilt once space is back, /health says why it is degraded, and everything resumes without a restart.

The wrapper test runs everywhere (the real chDB raising ClickHouse's own NOT_ENOUGH_SPACE after part of a batch
landed); the tmpfs tests fill a real small file system and are skipped where mounting one is not allowed."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Service, make_settings, running_service
from tests.fakes.faulty import FullDiskDriver

pytestmark = pytest.mark.usefixtures("arcadedb")


def purchases(n: int, start: int = 0) -> list[dict[str, Any]]:
    return [{"id": f"p-{start + i}", "type": "purchase", "item": f"Латте {(start + i) % 7}", "amount": 100 + i,
             "place": "Кофейня", "ts": f"2025-09-{1 + (start + i) % 28:02d}T09:{i % 60:02d}:00+03:00"}
            for i in range(n)]  # fmt: skip


async def totals(service: Service, user: str) -> tuple[tuple[int, float], tuple[int, float]]:
    """(count, spend) of the user's purchases in `events` and in `purchase_stats`."""
    params = {"u": user}
    [events] = await service.container.db.query(
        "SELECT count(), sum(JSONExtractFloat(payload, 'amount')) FROM events "
        "WHERE user_id = {u:UUID} AND event_type = 'purchase'", params)  # fmt: skip
    [derived] = await service.container.db.query(
        "SELECT sum(purchases), sum(total) FROM purchase_stats WHERE user_id = {u:UUID}", params
    )
    return (int(events[0]), float(events[1])), (int(derived[0]), float(derived[1]))


@pytest.fixture
async def full_disk_service(tmp_path: Path) -> AsyncIterator[tuple[Service, FullDiskDriver]]:
    """The real service whose ClickHouse driver sits on a disk we can fill (only the writing connection: reads
    have their own and are not affected)."""
    async with running_service(make_settings(tmp_path)) as svc:
        db = svc.container.db
        driver = FullDiskDriver(db.client)
        db._client = driver  # noqa: SLF001 -- the fault goes below our store, at the driver
        yield svc, driver


async def test_a_batch_the_disk_broke_is_refused_whole_and_the_views_agree_after_a_resend(
    full_disk_service: tuple[Service, FullDiskDriver],
) -> None:
    service, db = full_disk_service
    user = str(uuid.uuid4())
    r = await service.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": purchases(10)})
    assert r.json()["accepted"] == 10

    db.full, db.partial = True, 3  # three rows (and their view rows) land, then the disk is full
    batch = purchases(20, start=10)
    r = await service.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": batch})
    assert r.status_code == 507, r.text
    assert "nothing of this request was stored" in r.json()["detail"] and "disk" in r.json()["detail"]
    events, _ = await totals(service, user)
    assert events == (10, sum(100.0 + i for i in range(10)))  # the three rows are not kept: not acknowledged

    db.os_error = True  # the OS's ENOSPC means the same
    r = await service.http.post("/api/v1/stream/ingest/single", json={"user_id": user, "event": batch[0]})
    assert r.status_code == 507, r.text

    db.full = False  # space is back: the resend is stored whole and the views agree with events again
    r = await service.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": batch})
    assert r.status_code == 200 and r.json()["accepted"] == 20, r.text
    events, derived = await totals(service, user)
    assert events == derived == (30, sum(100.0 + i for i in range(10)) + sum(100.0 + i for i in range(20)))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=160m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(where: Path, leave_mb: int) -> Path:
    """A ballast file that leaves about `leave_mb` free."""
    ballast = where / "ballast"
    free = shutil.disk_usage(where).free
    with ballast.open("wb") as fh:
        chunk = b"\0" * 2**20
        for _ in range(max(free // 2**20 - leave_mb, 0)):
            fh.write(chunk)
    return ballast


async def pending(service: Service, user: str) -> int:
    return int((await service.http.get(f"/api/v1/stream/stats/{user}")).json()["pending_index"])


async def test_on_a_nearly_full_tmpfs_ingest_is_refused_the_indexer_pauses_and_both_resume(small_disk: Path) -> None:
    settings = make_settings(small_disk, min_free_mb=30)
    async with running_service(settings) as service:
        user = str(uuid.uuid4())
        r = await service.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": purchases(5)})
        assert r.status_code == 200
        for _ in range(400):
            if not await pending(service, user):
                break
            await asyncio.sleep(0.05)
        ballast = fill(small_disk, leave_mb=10)

        r = await service.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": purchases(5, 5)})
        assert r.status_code == 507 and "disk nearly full" in r.json()["detail"], r.text
        health = (await service.http.get("/health")).json()
        assert health["status"] == "degraded" and "disk nearly full" in health["reason"], health
        events, _ = await totals(service, user)
        assert events[0] == 5

        ballast.unlink()  # space is back: no restart needed
        r = await service.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": purchases(5, 5)})
        assert r.status_code == 200 and r.json()["accepted"] == 5, r.text
        for _ in range(400):
            if not await pending(service, user):
                break
            await asyncio.sleep(0.05)
        assert await pending(service, user) == 0
        assert await service.container.vectors.count(uuid.UUID(user)) == 10
        health = (await service.http.get("/health")).json()
        assert health["status"] == "healthy", health


async def test_a_real_full_disk_leaves_events_and_views_consistent(small_disk: Path) -> None:
    """No free-space floor: chDB itself runs out (NOT_ENOUGH_SPACE) mid-insert, as in the reported incident."""
    settings = make_settings(small_disk, min_free_mb=0, indexer=False)
    async with running_service(settings) as service:
        user, acknowledged, refused = str(uuid.uuid4()), 0, 0
        fill(small_disk, leave_mb=24)
        for start in range(0, 200_000, 4000):
            batch = purchases(4000, start)
            for e in batch:
                e["note"] = "x" * 300  # incompressible enough to fill the disk in a few batches
                e["id"] = f"{e['id']}-{uuid.uuid4()}"
            r = await service.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": batch})
            if r.status_code == 507:
                refused += 1
                break
            assert r.status_code == 200, r.text
            acknowledged += r.json()["accepted"]
        assert refused, "the disk never filled; the test proves nothing"
        (small_disk / "ballast").unlink()  # space is back; the next stored batch rebuilds what the failure broke
        r = await service.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": purchases(1, 999_999)})
        acknowledged += r.json()["accepted"]
        events, derived = await totals(service, user)
        assert events[0] == acknowledged and derived == events
