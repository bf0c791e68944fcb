"""Local files are private: another local user can read nothing under the data dir (diary text sits in the vector
store's payload files, the event store's parts and the graph's files)."""

from __future__ import annotations

import asyncio
import os
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import make_settings, running_service

pytestmark = pytest.mark.slow  # starts its own embedded ArcadeDB, so the graph's files are checked too


@pytest.fixture
def default_umask() -> Iterator[None]:
    """The service sets the process umask; this test runs it in-process, so give the next test the usual one."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def loose_modes(root: Path) -> list[str]:
    loose = []
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            loose.append(f"{oct(mode)} {path.relative_to(root.parent)}")
    return loose


@pytest.mark.usefixtures("default_umask")
async def test_the_data_dir_and_every_file_in_it_are_private(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, graph_uri=None, graph_password="")
    user = str(uuid.uuid4())
    events = [
        {"type": "diary", "text": "Тайна: сдал проект", "ts": "2025-10-09T22:00:00+03:00"},
        {"type": "social", "action": "обед", "person": "Пётр", "place": "Пушкин", "ts": "2025-10-10T13:00:00+03:00"},
    ]
    async with running_service(settings) as svc:
        r = await svc.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": events})
        assert r.json()["accepted"] == 2
        for _ in range(400):
            if (await svc.http.get(f"/api/v1/stream/stats/{user}")).json()["pending_index"] == 0:
                break
            await asyncio.sleep(0.05)
        data = settings.data_dir
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
        assert any((data / "qdrant").rglob("*")) and any((data / "clickhouse").rglob("*"))
        assert loose_modes(data) == []
    assert loose_modes(data) == []  # and what the stores write on the way out


@pytest.mark.usefixtures("default_umask")
async def test_an_existing_open_data_dir_is_closed_at_start(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    settings.data_dir.mkdir(mode=0o755)
    async with running_service(settings):
        assert stat.S_IMODE(settings.data_dir.stat().st_mode) == 0o700
