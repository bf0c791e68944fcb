"""Acknowledged = durable: a live server process killed with SIGKILL loses nothing it acknowledged."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port

pytestmark = pytest.mark.slow


def start_server(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "BRAIN_DATA_DIR": str(data_dir), "BRAIN_AUTH": "off", "BRAIN_EMBEDDER": "hash"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli.main", "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "server died")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code in (200, 503):
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


async def test_sigkill_loses_no_acknowledged_event(tmp_path: Path) -> None:
    data, port, user = tmp_path / "data", free_port(), str(uuid.uuid4())
    proc = start_server(data, port)
    acked: set[str] = set()

    async def sender(client: httpx.AsyncClient, worker: int) -> None:
        for n in range(10_000):
            ids = [str(uuid.uuid4()) for _ in range(50)]
            events = [{"id": i, "type": "health", "metric": "steps", "value": n, "ts": "2025-10-10T10:00:00Z"}
                      for i in ids]
            try:
                r = await client.post("/api/v1/stream/ingest", json={"user_id": user, "events": events})
            except httpx.HTTPError:
                return  # the server is gone: nothing in flight was acknowledged
            if r.status_code == 200:
                acked.update(ids)

    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
        senders = [asyncio.create_task(sender(client, w)) for w in range(3)]
        while len(acked) < 1500:
            await asyncio.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        await asyncio.gather(*senders)
    assert len(acked) >= 1500

    proc = start_server(data, port)
    try:
        r = httpx.get(f"http://127.0.0.1:{port}/api/v1/stream/events/{user}", params={"limit": 10_000}, timeout=30)
        found = {e["id"] for e in r.json()["events"]}
        assert acked <= found, f"{len(acked - found)} acknowledged events lost"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
