"""Graph fixtures: a fresh store per test on the session's real ArcadeDB (tests/conftest.py), and the in-memory
fake the unit tests use; graph contract tests run on both. The vector fixtures come from vector_backends.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from indexing.graph.arcadedb import ArcadeDBServer
from indexing.graph.store import Neo4jGraphStore
from indexing.ports import GraphStore
from tests.contract.vector_backends import backend, index  # noqa: F401  (the vector fixtures, for every module)
from tests.fakes import InMemoryGraphStore

ALIASES = {"Петя": "Пётр", "Peter": "Пётр"}


@pytest.fixture(params=[pytest.param("arcadedb", marks=[pytest.mark.slow, pytest.mark.graph]), "memory"])
def graph_server(request: pytest.FixtureRequest) -> ArcadeDBServer | None:
    """The session's ArcadeDB for the `arcadedb` parameter (started on first use), none for the fake."""
    if request.param == "memory":
        return None
    server: ArcadeDBServer = request.getfixturevalue("arcadedb")
    return server


@pytest_asyncio.fixture(loop_scope="session")
async def graph(graph_server: ArcadeDBServer | None) -> AsyncIterator[GraphStore]:
    """Tests isolate themselves by using fresh user ids, so the database is shared and never wiped."""
    store: GraphStore
    if graph_server is None:
        store = InMemoryGraphStore(aliases=ALIASES)
    else:
        store = Neo4jGraphStore(graph_server.uri, graph_server.user, graph_server.password,
                                database=graph_server.database, aliases=ALIASES)  # fmt: skip
    await store.migrate()
    yield store
    await store.close()
