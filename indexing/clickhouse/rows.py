"""How events travel between Python and the `events` table: the column list read back and the row → Event
conversion (shared by the event store and its read queries)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import orjson

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
