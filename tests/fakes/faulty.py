"""Fault-injecting wrappers of the ports: real implementations (they delegate to a working store) that fail on
chosen events, or entirely (`down`), the way a store refusing one event or a server outage looks to a caller."""

from __future__ import annotations

import errno
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import pyarrow as pa

from core.errors import StoreError
from core.events import GraphFacts, PersonSummary, VectorHit, VectorPoint
from indexing.ports import GraphStore, VectorIndex


class FaultyVectorIndex:
    """Refuses any upsert holding a point of a `poison` event; refuses everything while `down` (a ping then
    fails) or while `refusing` (a ping still answers: a store that is up but takes no writes)."""

    def __init__(self, inner: VectorIndex, poison: Sequence[UUID] = ()) -> None:
        self.inner = inner
        self.poison = set(poison)
        self.down = False
        self.refusing = False
        self.upserts = 0  # calls that reached the store

    async def ensure(self, dim: int) -> None:
        await self.inner.ensure(dim)

    async def upsert(self, points: Sequence[VectorPoint]) -> None:
        if self.down or self.refusing:
            raise StoreError("vector store unreachable" if self.down else "vector store refuses writes")
        if bad := {p.event_id for p in points} & self.poison:
            raise StoreError(f"vector store rejected event {sorted(bad)[0]}")
        self.upserts += 1
        await self.inner.upsert(points)

    async def search(
        self, user_id: UUID, vector: Sequence[float], limit: int = 10, start_ms: int | None = None,
        end_ms: int | None = None, types: Sequence[str] | None = None, text: str | None = None,
    ) -> list[VectorHit]:  # fmt: skip
        return await self.inner.search(user_id, vector, limit, start_ms, end_ms, types, text)

    async def keyword_search(
        self, user_id: UUID, text: str, limit: int = 10, start_ms: int | None = None, end_ms: int | None = None,
        types: Sequence[str] | None = None,
    ) -> list[VectorHit]:  # fmt: skip
        return await self.inner.keyword_search(user_id, text, limit, start_ms, end_ms, types)

    async def outdated(self) -> list[str]:
        return await self.inner.outdated()

    async def drop_outdated(self) -> None:
        await self.inner.drop_outdated()

    async def count(self, user_id: UUID) -> int:
        return await self.inner.count(user_id)

    async def delete_user(self, user_id: UUID) -> None:
        if self.down:
            raise StoreError("vector store unreachable")
        await self.inner.delete_user(user_id)

    async def ping(self) -> bool:
        return not self.down and await self.inner.ping()

    async def close(self) -> None:
        await self.inner.close()


class FaultyGraphStore:
    """Refuses facts of `poison` events; everything while `down` (the graph server stopped)."""

    def __init__(self, inner: GraphStore, poison: Sequence[UUID] = ()) -> None:
        self.inner = inner
        self.poison = set(poison)
        self.down = False

    def _check(self) -> None:
        if self.down:
            raise StoreError("graph server unreachable: connection refused")

    async def migrate(self) -> None:
        await self.inner.migrate()

    async def add(self, facts: Sequence[GraphFacts]) -> None:
        self._check()
        if bad := {f.event_id for f in facts} & self.poison:
            raise StoreError(f"graph rejected event {sorted(bad)[0]}")
        await self.inner.add(facts)

    async def people(
        self, user_id: UUID, start_ms: int | None = None, end_ms: int | None = None, place: str | None = None
    ) -> list[PersonSummary]:
        return await self.inner.people(user_id, start_ms, end_ms, place)

    async def places(
        self, user_id: UUID, start_ms: int | None = None, end_ms: int | None = None, person: str | None = None
    ) -> list[PersonSummary]:
        return await self.inner.places(user_id, start_ms, end_ms, person)

    async def neighbours(self, user_id: UUID, name: str, limit: int = 20) -> list[tuple[str, int]]:
        return await self.inner.neighbours(user_id, name, limit)

    async def count_events(self, user_id: UUID) -> int:
        return await self.inner.count_events(user_id)

    async def delete_user(self, user_id: UUID) -> None:
        self._check()
        await self.inner.delete_user(user_id)

    async def ping(self) -> bool:
        return not self.down and await self.inner.ping()

    async def close(self) -> None:
        await self.inner.close()


class FullDiskDriver:
    """The ClickHouse driver's client (clickhouse-connect, the true edge below our store) on a disk that fills up:
    while `full`, an `events` insert lands `partial` rows (a view gets them, `events` fails: the split seen on a full
    disk) and then fails with ClickHouse's own out-of-space error, or with the OS's ENOSPC when `os_error`. Everything
    else goes to the real client, so our store code runs unchanged above it."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.full = False
        self.partial = 0
        self.os_error = False

    def insert_arrow(self, table: str, data: pa.Table, **kwargs: Any) -> Any:
        if table != "events" or not self.full:
            return self.inner.insert_arrow(table, data, **kwargs)
        if self.partial:
            self.inner.insert_arrow(table, data.slice(0, self.partial), **kwargs)
        if self.os_error:
            _raise_enospc()
        _raise_not_enough_space()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def _raise_enospc() -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _raise_not_enough_space() -> None:
    raise RuntimeError(
        "Code: 243. DB::Exception: Cannot reserve 2.06 MiB, not enough space: while pushing to view "
        "default.event_names_mv. (NOT_ENOUGH_SPACE)"
    )
