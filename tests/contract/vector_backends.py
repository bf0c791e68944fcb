"""The VectorIndex backends every vector contract test runs on (the `backend` and `index` fixtures, registered in
conftest.py): qdrant-edge (embedded default), qdrant-client's local mode (the stand-in for a server) and the
in-memory fake the unit tests use."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from indexing.ports import VectorIndex
from indexing.vectors.edge import EdgeVectorIndex
from indexing.vectors.qdrant import QdrantVectorIndex
from tests.fakes import InMemoryVectorIndex
from tests.fakes.vectors import Collections

DIM = 4


@dataclass
class Backend:
    """How to (re)open one adapter on the same storage, and which collections it holds on disk."""

    name: str
    open: Callable[[], VectorIndex]
    collections: Callable[[], set[str]]


def _edge(root: Path) -> Backend:
    return Backend(
        "edge", lambda: EdgeVectorIndex(root),
        lambda: {p.name for p in root.iterdir() if p.is_dir()} if root.exists() else set(),
    )  # fmt: skip


def _qdrant_local(root: Path) -> Backend:
    def collections() -> set[str]:
        meta = root / "collection"
        return {p.name for p in meta.iterdir()} if meta.exists() else set()

    return Backend("qdrant-local", lambda: QdrantVectorIndex(path=str(root)), collections)


def _memory() -> Backend:
    storage: Collections = {}  # shared by every open: the fake's "disk"
    return Backend("memory", lambda: InMemoryVectorIndex(storage), lambda: {f"memories_v2_{dim}" for dim in storage})


@pytest.fixture(params=["edge", "qdrant-local", "memory"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    root = tmp_path / "qdrant"
    if request.param == "memory":
        return _memory()
    return _edge(root) if request.param == "edge" else _qdrant_local(root)


@pytest.fixture
async def index(backend: Backend) -> AsyncIterator[VectorIndex]:
    idx = backend.open()
    await idx.ensure(DIM)
    yield idx
    await idx.close()
