"""Graph fixtures: one real ArcadeDB per test session (~2-3 s to start), a fresh store per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from indexing.arcadedb import ArcadeDBServer
from indexing.graph import Neo4jGraphStore

ALIASES = {"Петя": "Пётр", "Peter": "Пётр"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "graph: needs a real ArcadeDB server (started once per session)")


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def arcadedb(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ArcadeDBServer]:
    async with ArcadeDBServer(tmp_path_factory.mktemp("arcadedb") / "graph") as server:
        yield server


@pytest_asyncio.fixture(loop_scope="session")
async def graph(arcadedb: ArcadeDBServer) -> AsyncIterator[Neo4jGraphStore]:
    """Tests isolate themselves by using fresh user ids, so the database is shared and never wiped."""
    store = Neo4jGraphStore(arcadedb.uri, arcadedb.user, arcadedb.password, database=arcadedb.database,
                            aliases=ALIASES)  # fmt: skip
    await store.migrate()
    yield store
    await store.close()
