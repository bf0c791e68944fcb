"""InMemoryEventStore: the EventStore port in dicts, with the ClickHouse adapter's observable behaviour
(millisecond timestamps, JSON payloads, one growing sequence per acknowledged batch, dedupe by id per user)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from uuid import UUID

import orjson

from core.errors import StoreError
from core.events import Event, EventStats
from tests.fakes.event_queries import InMemoryEventQueries, as_utc

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _as_stored(event: Event, seq: int) -> Event:
    """The event as it reads back from ClickHouse: ts cut to milliseconds, the payload through JSON."""
    ms = int(event.ts.timestamp() * 1000)
    return Event(
        id=event.id,
        user_id=event.user_id,
        ts=_EPOCH + timedelta(milliseconds=ms),
        type=event.type,
        payload=orjson.loads(orjson.dumps(event.payload)),
        lat=event.lat,
        lon=event.lon,
        seq=seq,
        client_id=event.client_id or None,
    )


class InMemoryEventStore(InMemoryEventQueries):
    def __init__(self) -> None:
        self._events: dict[UUID, dict[UUID, Event]] = {}  # user → id → event, in insertion order
        self._state: dict[str, str] = {}
        self._last_seq = 0
        self.closed = False

    def _user_events(self, user_id: UUID) -> Iterable[Event]:
        self._check()
        return self._events.get(user_id, {}).values()

    def _all(self) -> list[Event]:
        self._check()
        return [e for events in self._events.values() for e in events.values()]

    def _check(self) -> None:
        if self.closed:
            raise StoreError("event store is closed")

    async def migrate(self) -> None:
        self._check()

    async def insert(self, events: Sequence[Event]) -> int:
        self._check()
        seq, fresh = self._last_seq + 1, 0
        for event in events:
            stored = self._events.setdefault(event.user_id, {})
            if event.id not in stored:
                stored[event.id] = _as_stored(event, seq)
                fresh += 1
        if fresh:
            self._last_seq = seq
        return fresh

    async def existing_ids(
        self, user_id: UUID, ids: Sequence[UUID], window: tuple[datetime, datetime] | None = None
    ) -> set[UUID]:
        stored = self._events.get(user_id, {})
        found = {i for i in ids if i in stored}
        if window is None:
            return found
        low, high = as_utc(window[0]), as_utc(window[1])
        return {i for i in found if low <= stored[i].ts <= high}

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
        low = as_utc(start) if start is not None else None
        high = as_utc(end) if end is not None else None
        events = [
            e
            for e in self._user_events(user_id)
            if (low is None or e.ts >= low) and (high is None or e.ts < high) and (not types or e.type in types)
        ]
        events.sort(key=lambda e: e.id.int)  # ties in time: by id, in either direction (ORDER BY timestamp, id)
        events.sort(key=lambda e: e.ts, reverse=newest_first)
        return events[offset : offset + limit]

    async def get_events(self, user_id: UUID, ids: Sequence[UUID]) -> list[Event]:
        stored = self._events.get(user_id, {})
        return sorted((stored[i] for i in set(ids) if i in stored), key=lambda e: e.ts)

    async def stats(self, user_id: UUID) -> EventStats:
        events = list(self._user_events(user_id))
        if not events:
            return EventStats(events=0, by_type={}, first=None, last=None)
        by_type: dict[str, int] = {}
        for e in sorted(events, key=lambda e: e.type):
            by_type[e.type] = by_type.get(e.type, 0) + 1
        return EventStats(
            events=len(events), by_type=by_type, first=min(e.ts for e in events), last=max(e.ts for e in events)
        )

    @staticmethod
    def _by_sequence(events: Iterable[Event]) -> list[Event]:
        return sorted(events, key=lambda e: (e.seq, str(e.user_id), e.ts))

    async def events_after(self, seq: int, limit: int) -> list[Event]:
        return self._by_sequence(e for e in self._all() if e.seq > seq)[:limit]

    async def count_after(self, user_id: UUID, seq: int) -> int:
        return sum(1 for e in self._user_events(user_id) if e.seq > seq)

    async def max_seq(self) -> int:
        return max((e.seq for e in self._all()), default=0)

    async def sequences_after(self, seq: int, limit: int = 1000) -> list[tuple[int, int]]:
        counts: dict[int, int] = {}
        for e in self._all():
            if e.seq > seq:
                counts[e.seq] = counts.get(e.seq, 0) + 1
        return sorted(counts.items())[:limit]

    async def events_in_sequences(self, seqs: Sequence[int]) -> list[Event]:
        wanted = set(seqs)
        return self._by_sequence(e for e in self._all() if e.seq in wanted)

    async def get_state(self, key: str) -> str | None:
        self._check()
        return self._state.get(key)

    async def set_state(self, key: str, value: str) -> None:
        self._check()
        self._state[key] = value

    async def delete_user(self, user_id: UUID) -> None:
        self._check()
        self._events.pop(user_id, None)

    async def ping(self) -> bool:
        return not self.closed

    async def close(self) -> None:
        self.closed = True
