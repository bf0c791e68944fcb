"""EventStore over ClickHouse (chDB or server): the source of truth."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pyarrow as pa

from core.errors import DiskFullError, StoreError
from core.events import Event, EventStats
from indexing.clickhouse.db import ClickHouseDB
from indexing.clickhouse.names_cache import NamesCache
from indexing.clickhouse.queries import ClickHouseEventQueries
from indexing.clickhouse.repair import DerivedFix, DerivedTables
from indexing.clickhouse.rows import SELECT_EVENTS, as_utc, events_table, row_to_event

log = logging.getLogger(__name__)
__all__ = ["SELECT_EVENTS", "ClickHouseEventStore", "as_utc", "events_table", "row_to_event"]


class ClickHouseEventStore(ClickHouseEventQueries):
    """The EventStore port; the read queries behind questions come from `ClickHouseEventQueries`."""

    def __init__(self, db: ClickHouseDB) -> None:
        self.db = db
        self._last_seq = 0
        # One writer at a time: the id check and the insert must not interleave, or a batch sent twice
        # concurrently would be stored twice; it also keeps `seq` strictly growing in commit order.
        self.write_lock = asyncio.Lock()
        self.derived = DerivedTables(db, self.write_lock)
        # Users whose derived tables a failed insert may have left short or long; rebuilt once a write succeeds.
        self.needs_repair: set[UUID] = set()
        self.names_cache = NamesCache(ttl_s=None if db.embedded else 30.0)

    async def migrate(self) -> None:
        await self.db.migrate()
        self._last_seq = await self.max_seq()

    def _next_seq(self) -> int:
        # Microseconds since the epoch, bumped if the clock stands still: unique and growing per batch.
        self._last_seq = max(self._last_seq + 1, time.time_ns() // 1000)
        return self._last_seq

    async def existing_ids(
        self, user_id: UUID, ids: Sequence[UUID], window: tuple[datetime, datetime] | None = None
    ) -> set[UUID]:
        """Which of `ids` are stored for this user (only looking in `[window]`, inclusive, when given)."""
        if not ids:
            return set()
        # Ids travel as one comma-joined string: an Array(UUID) literal of thousands of ids takes ClickHouse
        # seconds to parse (quadratic), the string split takes milliseconds.
        sql = (
            "SELECT id FROM events WHERE user_id = {u:UUID} "
            "AND id IN (SELECT toUUID(arrayJoin(splitByChar(',', {ids:String}))))"
        )
        params: dict[str, Any] = {"u": user_id, "ids": ",".join(str(i) for i in ids)}
        if window is not None:
            sql += " AND timestamp >= {a:DateTime64(3, 'UTC')} AND timestamp <= {b:DateTime64(3, 'UTC')}"
            params["a"], params["b"] = as_utc(window[0]), as_utc(window[1])
        return {row[0] for row in await self.db.query(sql, params)}

    async def _stored(self, user_id: UUID, events: Sequence[Event]) -> set[int]:
        """The `UUID.int` of those events already stored (ints: this runs per event, and ints hash in C)."""
        # Ids derived from content include the time, so their twin can only sit inside the batch's time window,
        # which the primary key finds cheaply; client ids may come back with another time: look them up anywhere.
        window = (as_utc(min(e.ts for e in events)), as_utc(max(e.ts for e in events)))
        ids = {e.id.int for e in events}
        in_window = await self._ids_in_window(user_id, window)
        if in_window is not None:
            known = ids & in_window
        else:
            known = {i.int for i in await self.existing_ids(user_id, [e.id for e in events], window)}
        elsewhere = [e.id for e in events if e.client_id is not None and e.id.int not in known]
        if elsewhere:
            known |= {i.int for i in await self.existing_ids(user_id, elsewhere)}
        return known

    async def _ids_in_window(self, user_id: UUID, window: tuple[datetime, datetime]) -> set[int] | None:
        """All of the user's ids (as ints) in the window, or None when there are too many to fetch cheaply."""
        params = {"u": user_id, "a": window[0], "b": window[1]}
        where = "user_id = {u:UUID} AND timestamp >= {a:DateTime64(3, 'UTC')} AND timestamp <= {b:DateTime64(3, 'UTC')}"
        rows = await self.db.query(f"SELECT id FROM events WHERE {where} LIMIT 50001", params)
        return None if len(rows) > 50_000 else {row[0].int for row in rows}

    async def insert(self, events: Sequence[Event]) -> int:
        """Insert events not stored yet (by user and id). Duplicates inside `events` must be removed by the caller."""
        if not events:
            return 0
        # The columns are built before taking the lock: that is the batch's Python work, and it can overlap with
        # another batch's write. Under the lock only the id check, a row filter and the insert remain.
        table = events_table(events, 0)
        self.db.check_space()  # refuse before writing anything: a full disk mid-insert splits events from views
        async with self.write_lock:
            # Sets of UUID.int, not of UUIDs: UUID.__hash__ is a Python-level call, and this runs per event.
            first = events[0].user_id
            if all(e.user_id is first for e in events):
                known = await self._stored(first, events)
                keep = [e.id.int not in known for e in events]
            else:
                by_user: dict[UUID, list[Event]] = {}
                for event in events:
                    by_user.setdefault(event.user_id, []).append(event)
                pairs: set[tuple[UUID, int]] = set()
                for user_id, user_events in by_user.items():
                    pairs.update((user_id, i) for i in await self._stored(user_id, user_events))
                keep = [(e.user_id, e.id.int) not in pairs for e in events]
            fresh = sum(keep)
            if not fresh:
                return 0
            if fresh < len(events):
                table = table.filter(pa.array(keep))
            seq = self._next_seq()
            column = pa.array([seq] * fresh, pa.uint64())
            table = table.set_column(table.schema.get_field_index("seq"), "seq", column)
            try:
                await self.db.insert_arrow("events", table)
            except DiskFullError:
                await self._roll_back(seq, {e.user_id for e in events})
                raise
            finally:
                self.names_cache.changed({e.user_id for e in events})
            if self.needs_repair:
                await self._repair_derived()
            return fresh

    async def _roll_back(self, seq: int, users: set[UUID]) -> None:
        """The insert failed, but `events` or some views may hold part of the batch: drop its events (it was not
        acknowledged, the client sends it again) and rebuild the users' derived tables once space is back."""
        self.needs_repair |= users
        try:
            # A lightweight delete only masks rows: it still works when a mutation rewriting parts cannot.
            await self.db.command("DELETE FROM events WHERE seq = {s:UInt64}", {"s": seq})
        except StoreError as exc:  # the rows stay; a resend then finds them stored, and the indexer takes them
            log.error("could not roll back the failed batch %d: %s", seq, exc)

    async def repair_derived(self, users: Sequence[UUID]) -> list[DerivedFix]:
        """Rebuild the users' derived tables from `events` (`brain repair`); what differed is returned."""
        self.names_cache.changed(users)
        return await self.derived.repair(users)

    async def _repair_derived(self) -> None:
        users = sorted(self.needs_repair)
        self.names_cache.changed(users)
        try:
            fixes = await self.derived.rebuild_locked(users)
        except StoreError as exc:  # the batch itself is stored: report it, try again after the next one
            log.error("derived tables of %d users still need a repair (`brain repair`): %s", len(users), exc)
            return
        self.needs_repair.difference_update(users)
        log.warning("derived tables rebuilt after a failed write: %d users, %d tables fixed", len(users), len(fixes))

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
        where, params = self._where(user_id, start, end, types)
        order = "DESC" if newest_first else "ASC"
        rows = await self.db.query(
            f"{SELECT_EVENTS} WHERE {where} ORDER BY timestamp {order}, id "
            "LIMIT {limit:UInt32} OFFSET {offset:UInt64}",
            {**params, "limit": limit, "offset": offset},
        )
        return [row_to_event(r) for r in rows]

    @staticmethod
    def _where(
        user_id: UUID, start: datetime | None, end: datetime | None, types: Sequence[str] | None
    ) -> tuple[str, dict[str, Any]]:
        clauses = ["user_id = {u:UUID}"]
        params: dict[str, Any] = {"u": user_id}
        if start is not None:
            clauses.append("timestamp >= {start:DateTime64(3, 'UTC')}")
            params["start"] = as_utc(start)
        if end is not None:
            clauses.append("timestamp < {end:DateTime64(3, 'UTC')}")
            params["end"] = as_utc(end)
        if types:
            clauses.append("event_type IN {types:Array(String)}")
            params["types"] = list(types)
        return " AND ".join(clauses), params

    async def get_events(self, user_id: UUID, ids: Sequence[UUID]) -> list[Event]:
        if not ids:
            return []
        rows = await self.db.query(
            f"{SELECT_EVENTS} WHERE user_id = {{u:UUID}} AND id IN {{ids:Array(UUID)}} ORDER BY timestamp",
            {"u": user_id, "ids": list(ids)},
        )
        return [row_to_event(r) for r in rows]

    async def stats(self, user_id: UUID) -> EventStats:
        rows = await self.db.query(
            "SELECT event_type, count(), min(timestamp), max(timestamp) FROM events "
            "WHERE user_id = {u:UUID} GROUP BY event_type ORDER BY event_type",
            {"u": user_id},
        )
        if not rows:
            return EventStats(events=0, by_type={}, first=None, last=None)
        return EventStats(
            events=sum(r[1] for r in rows),
            by_type={r[0]: r[1] for r in rows},
            first=as_utc(min(r[2] for r in rows)),
            last=as_utc(max(r[3] for r in rows)),
        )

    async def events_after(self, seq: int, limit: int) -> list[Event]:
        rows = await self.db.query(
            f"{SELECT_EVENTS} WHERE seq > {{s:UInt64}} ORDER BY seq, user_id, timestamp LIMIT {{limit:UInt32}}",
            {"s": seq, "limit": limit},
        )
        return [row_to_event(r) for r in rows]

    async def sequences_after(self, seq: int, limit: int = 1000) -> list[tuple[int, int]]:
        rows = await self.db.query(
            f"SELECT seq, count() FROM events WHERE seq > {{s:UInt64}} GROUP BY seq ORDER BY seq LIMIT {int(limit)}",
            {"s": seq},
        )
        return [(int(s), int(n)) for s, n in rows]

    async def events_in_sequences(self, seqs: Sequence[int]) -> list[Event]:
        rows = await self.db.query(
            f"{SELECT_EVENTS} WHERE seq IN {{s:Array(UInt64)}} ORDER BY seq, user_id, timestamp", {"s": list(seqs)}
        )
        return [row_to_event(r) for r in rows]

    async def count_after(self, user_id: UUID, seq: int) -> int:
        rows = await self.db.query(
            "SELECT count() FROM events WHERE user_id = {u:UUID} AND seq > {s:UInt64}", {"u": user_id, "s": seq}
        )
        return int(rows[0][0])

    async def max_seq(self) -> int:
        rows = await self.db.query("SELECT max(seq) FROM events")
        return int(rows[0][0] or 0)

    async def get_state(self, key: str) -> str | None:
        rows = await self.db.query(
            "SELECT argMax(value, updated_at) FROM brain_state WHERE key = {k:String} HAVING count() > 0", {"k": key}
        )
        return str(rows[0][0]) if rows else None

    async def set_state(self, key: str, value: str) -> None:
        await self.db.insert_columns(
            "brain_state", [[key], [value], [datetime.now(UTC)]], ("key", "value", "updated_at")
        )

    async def delete_user(self, user_id: UUID) -> None:
        self.names_cache.changed([user_id])
        for table in ("events", "geo_hourly", "purchase_stats", "event_names", "failed_derivations"):
            await self.db.command(
                f"ALTER TABLE {table} DELETE WHERE user_id = {{u:UUID}} SETTINGS mutations_sync = 2", {"u": user_id}
            )

    async def ping(self) -> bool:
        return await self.db.ping()

    async def close(self) -> None:
        await self.db.close()
