"""Fault-injecting wrappers of the ports: real implementations (they delegate to a working store) that fail on
chosen events, or entirely (`down`), the way a store refusing one event or a server outage looks to a caller."""

from __future__ import annotations

import errno
from collections.abc import Sequence
from uuid import UUID

import pyarrow as pa

from core.errors import StoreError
from core.events import GraphFacts, PersonSummary, VectorHit, VectorPoint
from indexing.clickhouse.db import ClickHouseDB
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


class FullDiskClickHouseDB(ClickHouseDB):
    """The real chDB connection whose `events` inserts fail with ClickHouse's own out-of-space error while `full`,
    after `partial` rows of the batch already landed (a view gets them, `events` fails: the split seen on a full
    disk). With `os_error`, the OS's ENOSPC is raised instead."""

    def __init__(self, dsn: str, min_free_mb: int = 0, readers: int = 2) -> None:
        super().__init__(dsn, min_free_mb, readers)
        self.full = False
        self.partial = 0
        self.os_error = False

    async def insert_arrow(self, table: str, data: pa.Table) -> None:
        if table != "events" or not self.full:
            await super().insert_arrow(table, data)
            return
        if self.partial:
            await super().insert_arrow(table, data.slice(0, self.partial))
        await self._run(_raise_enospc if self.os_error else _raise_not_enough_space)


def _raise_enospc() -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _raise_not_enough_space() -> None:
    raise RuntimeError(
        "Code: 243. DB::Exception: Cannot reserve 2.06 MiB, not enough space: while pushing to view "
        "default.event_names_mv. (NOT_ENOUGH_SPACE)"
    )
