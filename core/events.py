"""The event model and the records the stores exchange: pure data, importable from every layer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID


@dataclass(slots=True)
class Event:
    """One stored life event. `ts` is tz-aware UTC; `payload` holds every type-specific field.

    Not frozen: a frozen dataclass's __init__ costs a microsecond per event, and ingest builds thousands per batch.
    """

    id: UUID
    user_id: UUID
    ts: datetime
    type: str
    payload: dict[str, Any]
    lat: float | None = None
    lon: float | None = None
    seq: int = 0  # ingest sequence: strictly grows with each acknowledged batch (catch-up watermark)
    client_id: str | None = None  # the id the client sent, echoed in sources


@dataclass(frozen=True, slots=True)
class EventStats:
    events: int
    by_type: dict[str, int]
    first: datetime | None
    last: datetime | None


@dataclass(frozen=True, slots=True)
class VectorPoint:
    """One embedded text. `id` is stable (derived from the event and chunk) so re-indexing overwrites."""

    id: UUID
    user_id: UUID
    event_id: UUID
    type: str
    ts_ms: int  # UTC epoch milliseconds
    text: str
    vector: list[float]


@dataclass(frozen=True, slots=True)
class VectorHit:
    event_id: UUID
    type: str
    ts_ms: int
    text: str
    score: float


@dataclass(frozen=True, slots=True)
class GraphFacts:
    """What one event contributes to the graph: people met and places visited at a time."""

    user_id: UUID
    event_id: UUID
    type: str
    ts_ms: int
    people: Sequence[str] = ()
    place: str | None = None
    action: str | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class PersonSummary:
    name: str
    count: int
    last_ts_ms: int
    places: list[str] = field(default_factory=list)
    event_ids: list[UUID] = field(default_factory=list)


# Which payload fields hold names a question may filter on, and the event type that carries each (None: several).
# The ClickHouse `event_names` table (indexing/clickhouse/migrations.py) is the writer's side of this list.
NAME_FIELDS: dict[str, str | None] = {
    "item": "purchase",
    "category": "purchase",
    "place": None,
    "activity": "activity",
    "action": "social",
    "person": "social",
    "metric": "health",
}


@dataclass(frozen=True, slots=True)
class Scope:
    """Which events a question is about: one user, a range `[start, end)`, a type and payload filters
    (field → names, a field of NAME_FIELDS)."""

    user_id: UUID
    start: datetime | None
    end: datetime | None
    type: str | None = None
    filters: Mapping[str, Sequence[str]] | None = None
