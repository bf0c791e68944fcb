"""The four ports every store and model hides behind.

Each port names the user on every read and write: an adapter must never return or touch another user's data.
Adapters normalise their engine's records and types inside themselves (datetimes are tz-aware UTC on the way
out, ids are `uuid.UUID`), so callers never branch on the backend.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from core.events import Event, EventStats, GraphFacts, PersonSummary, Scope, VectorHit, VectorPoint


class EventQueries(Protocol):
    """The exact answers behind questions, each over one user's `Scope` (events in `[start, end)` of a type whose
    payload `filters` fields hold one of the names). `value`/`field` name payload fields; a missing or non-numeric
    value counts as 0, a missing name as "" (never matched, never listed)."""

    async def names(self, user_id: UUID, field: str) -> list[str]:
        """Distinct values of a NAME_FIELDS payload field (item, place, person, …), most used first, then by name."""

    async def aggregate(self, scope: Scope, value: str | None) -> tuple[float, int, float | None, float | None]:
        """(sum, count, min, max) of a numeric payload field (only the count when `value` is None)."""

    async def count_days(self, scope: Scope, tz: str) -> int:
        """On how many distinct local days in `tz` the scope's events happened."""

    async def find_events(
        self, scope: Scope, limit: int = 50, newest_first: bool = True, types: Sequence[str] = ()
    ) -> list[Event]:
        """The scope's events by time; `types` narrows a type-less scope to several event types."""

    async def extremes(self, scope: Scope, value: str, limit: int = 3, lowest: bool = False) -> list[Event]:
        """The events with the largest (or smallest) `value`, earlier first among equals (the priciest purchases)."""

    async def top(
        self, scope: Scope, field: str, limit: int = 5, value: str | None = None, by_value: bool = False
    ) -> list[tuple[str, int, float]]:
        """(name, count, summed `value`) per value of `field`, most frequent first (or largest sum when
        `by_value`, then most frequent), ties by name."""

    async def series(self, scope: Scope, grain: str, tz: str, value: str | None) -> list[tuple[date, float, int]]:
        """Per local day / week (from Monday) / month: (the period's first day, summed value, count), in order."""

    async def regulars(
        self, scope: Scope, fields: Mapping[str, Sequence[str]], tz: str, limit: int = 3
    ) -> list[tuple[str, str, int, int]]:
        """Per name field, its `limit` most frequent names with the number of distinct local weeks they occur in:
        (field, name, count, weeks), most frequent first then by name. `fields` maps an event type to its name
        fields (purchase → item, place); only the scope's user and range apply."""

    async def time_of_day(self, scope: Scope, tz: str) -> tuple[list[int], int]:
        """Exact quartiles (25/50/75 %) of the local time of day in minutes after midnight, and the count."""

    async def counts_by_type(self, scope: Scope) -> dict[str, int]:
        """Events per type, by type name."""

    async def geo_cells(self, scope: Scope, limit: int = 3) -> list[tuple[float, float, int]]:
        """Where the user spent most hours: (lat, lon, distinct UTC hours) per ~100 m cell (thousandths of a
        degree) of geo events, most hours first. The range is widened to the start's whole hour."""


class EventStore(EventQueries, Protocol):
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

    async def sequences_after(self, seq: int, limit: int = 1000) -> list[tuple[int, int]]:
        """(sequence, events in it) of every user above the watermark, oldest first: the indexer's next batches."""

    async def events_in_sequences(self, seqs: Sequence[int]) -> list[Event]:
        """Every user's events of these sequences, oldest sequence first."""

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
    """Search over embedded texts, always filtered by user (and optionally time and type): dense nearest
    neighbours, BM25 over the words (Russian and English stems), or both fused by reciprocal rank (hybrid)."""

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
        text: str | None = None,
    ) -> list[VectorHit]:
        """Best first; only points of `user_id` with `start_ms <= ts_ms < end_ms`. With `text` (the question the
        vector encodes) the dense neighbours and the BM25 matches are fused by RRF, and `score` is the fused one."""

    async def keyword_search(
        self,
        user_id: UUID,
        text: str,
        limit: int = 10,
        start_ms: int | None = None,
        end_ms: int | None = None,
        types: Sequence[str] | None = None,
    ) -> list[VectorHit]:
        """BM25 alone over the active collection, best first (exact words; the baseline of the evals)."""

    async def count(self, user_id: UUID) -> int: ...

    async def delete_user(self, user_id: UUID) -> None: ...

    async def outdated(self) -> list[str]:
        """Collections of an older layout (dense only) still stored: their texts need a reindex into the current
        one, after which `drop_outdated` removes them."""

    async def drop_outdated(self) -> None: ...

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


@dataclass(frozen=True, slots=True)
class FailedDerivation:
    """An event the indexer gave up on after repeated failures while others went through (a poison event)."""

    user_id: UUID
    event_id: UUID
    seq: int
    stage: str  # "vectors" (embedding included) or "graph"
    error: str
    attempts: int
    first_failure: datetime
    last_failure: datetime


class Quarantine(Protocol):
    """Where poison events are set aside so the watermark can move past them (visible in stats and /health)."""

    async def add(self, failed: Sequence[FailedDerivation]) -> None: ...

    async def count(self, user_id: UUID | None = None) -> int:
        """Quarantined events of one user, or of everyone (`None`)."""

    async def list(self, user_id: UUID) -> list[FailedDerivation]: ...

    async def clear(self, user_id: UUID) -> None:
        """Forget the user's entries (a reindex retries their events)."""
