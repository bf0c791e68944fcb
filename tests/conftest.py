"""Shared fixtures: all state in tmp, a real service over real HTTP on a free port."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import pytest_asyncio

from assistant.config import Settings

if TYPE_CHECKING:  # the app, the stores and their drivers import in seconds: only the tiers that run them pay
    from assistant.bootstrap import Container
    from indexing.graph.arcadedb import ArcadeDBServer

_GRAPH: dict[str, str] = {}


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def arcadedb(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ArcadeDBServer]:
    """One real ArcadeDB for the session (~3 s to start), only for the tests that ask for it (the API and graph
    contract tiers: `pytestmark = pytest.mark.usefixtures("arcadedb")`); tests isolate themselves by fresh user ids.
    """
    from indexing.graph.arcadedb import ArcadeDBServer

    async with ArcadeDBServer(tmp_path_factory.mktemp("arcadedb") / "graph") as server:
        _GRAPH.update(graph_uri=server.uri, graph_user=server.user, graph_password=server.password,
                      graph_database=server.database)
        yield server


@pytest.fixture(autouse=True)
def _state_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Nothing a test does may touch ./data or the user's .env."""
    monkeypatch.setenv("BRAIN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    yield


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": tmp_path / "data",
        "auth": "off",
        "embedder": "hash",
        "indexer_interval_s": 0.05,
        **_GRAPH,  # the session's ArcadeDB; a service test that wants its own embedded one overrides graph_uri
    }
    values.update(overrides)
    return Settings(**values)


@dataclass
class Service:
    http: httpx.AsyncClient
    container: Container
    base_url: str


@asynccontextmanager
async def running_service(settings: Settings) -> AsyncIterator[Service]:
    """The real app under uvicorn on a free port, in this event loop, reached over real HTTP."""
    settings = settings.model_copy(update={"port": free_port()})
    import uvicorn

    from assistant.api.app import create_app
    from assistant.api.server import server_config

    settings = settings.model_copy(update={"host": "127.0.0.1"})
    app = create_app(settings)
    server = uvicorn.Server(server_config(app, settings, log_level="warning"))  # the same server `brain serve` runs
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    base_url = f"http://127.0.0.1:{settings.port}"
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as http:
            yield Service(http=http, container=app.state.container, base_url=base_url)
    finally:
        server.should_exit = True
        await task


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
async def service(settings: Settings) -> AsyncIterator[Service]:
    async with running_service(settings) as svc:
        yield svc


async def load_life(svc: Service, user: str, events: list[dict[str, Any]]) -> None:
    """Ingest a user's life and wait until the vectors and the graph have caught up."""
    r = await svc.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": events})
    assert r.json()["accepted"] == len(events), r.text
    for _ in range(400):
        if (await svc.http.get(f"/api/v1/stream/stats/{user}")).json()["pending_index"] == 0:
            return
        await asyncio.sleep(0.05)


async def ask_as(svc: Service, user: str, question: str, now: str, **extra: Any) -> dict[str, Any]:
    """POST a question and return the 200 body."""
    r = await svc.http.post("/api/v1/search/memory", json={"user_id": user, "question": question, "now": now, **extra})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def cited(body: dict[str, Any]) -> set[str]:
    return {s["event_id"] for s in body["sources"]}
