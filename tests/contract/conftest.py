"""Graph fixtures: a fresh store per test on the session's real ArcadeDB (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from indexing.graph.arcadedb import ArcadeDBServer
from indexing.graph.store import Neo4jGraphStore

ALIASES = {"Петя": "Пётр", "Peter": "Пётр"}


@pytest_asyncio.fixture(loop_scope="session")
async def graph(arcadedb: ArcadeDBServer) -> AsyncIterator[Neo4jGraphStore]:
    """Tests isolate themselves by using fresh user ids, so the database is shared and never wiped."""
    store = Neo4jGraphStore(arcadedb.uri, arcadedb.user, arcadedb.password, database=arcadedb.database,
                            aliases=ALIASES)  # fmt: skip
    await store.migrate()
    yield store
    await store.close()
