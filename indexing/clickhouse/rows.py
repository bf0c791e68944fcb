"""How events travel between Python and the `events` table: the Arrow columns written, the column list read back
and the row → Event conversion (shared by the event store and its read queries)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
import pyarrow as pa

from core.events import Event

SELECT_EVENTS = "SELECT id, user_id, timestamp, event_type, latitude, longitude, payload, client_id, seq FROM events"


def as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def row_to_event(row: Sequence[Any]) -> Event:
    return Event(
        id=row[0],
        user_id=row[1],
        ts=as_utc(row[2]),
        type=row[3],
        lat=row[4],
        lon=row[5],
        payload=orjson.loads(row[6]),
        client_id=row[7] or None,
        seq=row[8],
    )


_ARROW_SCHEMA = pa.schema(
    [
        ("id", pa.binary(16)),  # ClickHouse reads 16 big-endian bytes into a UUID
        ("user_id", pa.binary(16)),
        ("timestamp", pa.timestamp("ms", tz="UTC")),
        ("event_type", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("payload", pa.string()),
        ("client_id", pa.string()),
        ("seq", pa.uint64()),
    ]
)


def events_table(events: Sequence[Event], seq: int) -> pa.Table:
    """Events as one Arrow table for `insert_arrow`, all sharing the batch's ingest sequence."""
    count = len(events)
    first = events[0].user_id if events else None
    if all(e.user_id is first for e in events):  # one user (the usual batch): no per-event UUID hashing
        users = [first.bytes] * count if first is not None else []
    else:
        user_bytes = {e.user_id: e.user_id.bytes for e in events}
        users = [user_bytes[e.user_id] for e in events]
    dumps = orjson.dumps
    return pa.Table.from_arrays(
        [
            pa.array([e.id.bytes for e in events], pa.binary(16)),
            pa.array(users, pa.binary(16)),
            pa.array([_epoch_ms(e.ts) for e in events], pa.timestamp("ms", tz="UTC")),
            pa.array([e.type for e in events], pa.string()),
            pa.array([e.lat for e in events], pa.float64()),
            pa.array([e.lon for e in events], pa.float64()),
            pa.array([dumps(e.payload).decode() for e in events], pa.string()),
            pa.array([e.client_id or "" for e in events], pa.string()),
            pa.array([seq] * count, pa.uint64()),
        ],
        schema=_ARROW_SCHEMA,
    )


def _epoch_ms(value: datetime) -> int:
    return int(value.timestamp() * 1000)
