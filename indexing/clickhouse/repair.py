"""Rebuild the derived tables (what the materialized views fill on insert) from `events`, the source of truth.

A write that fails midway — a full disk above all — can leave a view short of rows `events` kept, or holding rows
of a batch that was rolled back; re-sending the batch never repairs that (the events are deduplicated). Repair
deletes a user's rows of each derived table and re-inserts them with the view's own query, under the event store's
write lock so no insert interleaves (its view rows would be counted twice), and reports what changed.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from indexing.clickhouse.db import ClickHouseDB
from indexing.clickhouse.migrations import DERIVED_TABLES

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DerivedFix:
    """One derived table of one user whose totals differed from what `events` says: before → after."""

    table: str
    user_id: UUID
    before: dict[str, float]
    after: dict[str, float]


class DerivedTables:
    """`write_lock` is the event store's: held here, no batch lands between a delete and its re-insert."""

    def __init__(self, db: ClickHouseDB, write_lock: asyncio.Lock) -> None:
        self.db = db
        self.write_lock = write_lock

    async def users(self) -> list[UUID]:
        """Every user with events or derived rows (rows of an erased user's events are stale too)."""
        union = " UNION DISTINCT ".join(f"SELECT DISTINCT user_id FROM {t}" for t in ("events", *_tables()))
        return sorted(row[0] for row in await self.db.query(union))

    async def repair(self, users: Sequence[UUID]) -> list[DerivedFix]:
        """Recompute every derived table for these users; the fixes are the (table, user) totals that changed."""
        async with self.write_lock:
            return await self.rebuild_locked(users)

    async def rebuild_locked(self, users: Sequence[UUID]) -> list[DerivedFix]:
        """`repair` for a caller that already holds the write lock (the event store after a failed insert)."""
        fixes: list[DerivedFix] = []
        if not users:
            return fixes
        params: dict[str, Any] = {"users": list(users)}
        for table, select, measures in DERIVED_TABLES:
            before = await self._totals(table, measures, params)
            await self.db.command(
                f"ALTER TABLE {table} DELETE WHERE user_id IN {{users:Array(UUID)}} SETTINGS mutations_sync = 2",
                params,
            )
            # The view's query over the users' events only: `events` narrowed under its own name.
            narrowed = select.replace(
                "FROM events", "FROM (SELECT * FROM events WHERE user_id IN {users:Array(UUID)}) AS events", 1
            )
            await self.db.command(f"INSERT INTO {table} {narrowed}", params)
            after = await self._totals(table, measures, params)
            for user in users:
                zero = dict.fromkeys(measures, 0.0)
                was, now = before.get(user, zero), after.get(user, zero)
                if not _same(was, now):
                    fixes.append(DerivedFix(table=table, user_id=user, before=was, after=now))
                    log.warning("repair: %s of %s was %s, rebuilt from events: %s", table, user, was, now)
        return fixes

    async def _totals(
        self, table: str, measures: Sequence[str], params: dict[str, Any]
    ) -> dict[UUID, dict[str, float]]:
        sums = ", ".join(f"sum({m})" for m in measures)
        rows = await self.db.query(
            f"SELECT user_id, {sums} FROM {table} WHERE user_id IN {{users:Array(UUID)}} GROUP BY user_id", params
        )
        # Rounded: float sums differ in the last bits with the order rows are added in, which is not a fix.
        return {r[0]: {m: round(float(v), 6) for m, v in zip(measures, r[1:], strict=True)} for r in rows}


def _same(a: dict[str, float], b: dict[str, float]) -> bool:
    return a.keys() == b.keys() and all(math.isclose(a[k], b[k], rel_tol=1e-9, abs_tol=1e-6) for k in a)


def _tables() -> list[str]:
    return [table for table, _, _ in DERIVED_TABLES]
