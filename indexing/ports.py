"""The four ports every store and model hides behind.

Each port names the user on every read and write: an adapter must never return or touch another user's data.
Adapters normalise their engine's records and types inside themselves (datetimes are tz-aware UTC on the way
out, ids are `uuid.UUID`), so callers never branch on the backend.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from core.events import Event, EventStats, GraphFacts, PersonSummary, VectorHit, VectorPoint


class EventStore(Protocol):
    """The source of truth (ClickHouse). `insert` returning means durable: that is what "acknowledged" means."""

    async def migrate(self) -> None:
        """Apply numbered migrations; idempotent."""

    async def insert(self, events: Sequence[Event]) -> int:
        """Store events whose ids are not stored yet for their user; return how many were new."""

    async def existing_ids(
        self, user_id: UUID, ids: Sequence[UUID], window: tuple[datetime, datetime] | None = None
    ) -> set[UUID]:
        """Which of `ids` are already stored for this user (only within the inclusive time `window` if given)."""

    async def list_events(
        self,
        user_id: UUID,
        start: datetime | None = None,
        end: datetime | None = None,
        types: Sequence[str] | None = None,
        limit: int = 100,
        newest_first: bool = True,
        offset: int = 0,
    ) -> list[Event]:
        """Events of one user in `[start, end)`."""

    async def get_events(self, user_id: UUID, ids: Sequence[UUID]) -> list[Event]:
        """Events of one user by id."""

    async def stats(self, user_id: UUID) -> EventStats: ...

    async def events_after(self, seq: int, limit: int) -> list[Event]:
        """Events of every user with `seq` greater than the watermark, oldest sequence first (for catch-up)."""

    async def count_after(self, user_id: UUID, seq: int) -> int:
        """How many of the user's events have a sequence above the watermark."""

    async def max_seq(self) -> int: ...

    async def query(self, sql: str, parameters: dict[str, Any]) -> list[tuple[Any, ...]]:
        """Run a read-only SQL over the events; the SQL must filter on `{user_id:UUID}` (callers pass it)."""

    async def get_state(self, key: str) -> str | None:
        """Small durable key/value state (index watermarks)."""

    async def set_state(self, key: str, value: str) -> None: ...

    async def delete_user(self, user_id: UUID) -> None: ...

    async def ping(self) -> bool: ...

    async def close(self) -> None: ...


class Embedder(abc.ABC):
    """Text → vectors. Subclasses implement `_encode_batch`; batching is done here."""

    name: str = "embedder"
    batch_size: int = 64

    @property
    @abc.abstractmethod
    def dim(self) -> int:
        """The vector size; it decides the vector collection."""

    @abc.abstractmethod
    def _encode_batch(self, texts: Sequence[str]) -> list[list[float]]:
        """Encode one batch synchronously (called in a worker thread)."""

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        import asyncio

        if not texts:
            return []
        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            out.extend(await asyncio.to_thread(self._encode_batch, list(texts[i : i + self.batch_size])))
        return out

    def embed_sync(self, texts: Sequence[str]) -> list[list[float]]:
        """For benchmarks and the CLI only."""
        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            out.extend(self._encode_batch(list(texts[i : i + self.batch_size])))
        return out




class VectorIndex(Protocol):
    """Nearest-neighbour search over embedded texts, always filtered by user (and optionally time and type)."""

    async def ensure(self, dim: int) -> None:
        """Create the collection for this vector size if missing."""

    async def upsert(self, points: Sequence[VectorPoint]) -> None: ...

    async def search(
        self,
        user_id: UUID,
        vector: Sequence[float],
        limit: int = 10,
        start_ms: int | None = None,
        end_ms: int | None = None,
        types: Sequence[str] | None = None,
    ) -> list[VectorHit]:
        """Best first; only points of `user_id` with `start_ms <= ts_ms < end_ms`."""

    async def count(self, user_id: UUID) -> int: ...

    async def delete_user(self, user_id: UUID) -> None: ...

    async def ping(self) -> bool: ...

    async def close(self) -> None: ...




class GraphStore(Protocol):
    """People, places and events of one user (Neo4j or ArcadeDB over Bolt). MERGE-based: writes are idempotent."""

    async def migrate(self) -> None: ...

    async def add(self, facts: Sequence[GraphFacts]) -> None: ...

    async def people(
        self, user_id: UUID, start_ms: int | None = None, end_ms: int | None = None, place: str | None = None
    ) -> list[PersonSummary]:
        """People met in `[start_ms, end_ms)`, most frequent first, with where and which events."""

    async def places(
        self, user_id: UUID, start_ms: int | None = None, end_ms: int | None = None, person: str | None = None
    ) -> list[PersonSummary]:
        """Places visited (optionally with a person), most frequent first; `name` is the place."""

    async def neighbours(self, user_id: UUID, name: str, limit: int = 20) -> list[tuple[str, int]]:
        """People and places that co-occur with a person or place, with counts."""

    async def count_events(self, user_id: UUID) -> int: ...

    async def delete_user(self, user_id: UUID) -> None: ...

    async def ping(self) -> bool: ...

    async def close(self) -> None: ...
