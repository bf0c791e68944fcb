"""The Quarantine port over ClickHouse: the `failed_derivations` table (migration 8)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from indexing.clickhouse.db import ClickHouseDB
from indexing.clickhouse.rows import as_utc
from indexing.ports import FailedDerivation

_COLUMNS = ("user_id", "event_id", "seq", "stage", "error", "attempts", "first_failure", "last_failure")


class ClickHouseQuarantine:
    def __init__(self, db: ClickHouseDB) -> None:
        self.db = db

    async def add(self, failed: Sequence[FailedDerivation]) -> None:
        if not failed:
            return
        rows = [[getattr(f, name) for f in failed] for name in _COLUMNS]
        await self.db.insert_columns("failed_derivations", rows, _COLUMNS)

    async def count(self, user_id: UUID | None = None) -> int:
        # uniqExact over the key rather than FINAL: a replaced row not merged yet must not count twice.
        where, params = ("WHERE user_id = {u:UUID}", {"u": user_id}) if user_id is not None else ("", {})
        rows = await self.db.query(
            f"SELECT uniqExact(user_id, event_id, stage) FROM failed_derivations {where}", params
        )
        return int(rows[0][0])

    async def list(self, user_id: UUID) -> list[FailedDerivation]:
        rows = await self.db.query(
            f"SELECT {', '.join(_COLUMNS)} FROM failed_derivations FINAL WHERE user_id = {{u:UUID}} "
            "ORDER BY seq, event_id, stage",
            {"u": user_id},
        )
        return [
            FailedDerivation(
                user_id=r[0], event_id=r[1], seq=int(r[2]), stage=r[3], error=r[4], attempts=int(r[5]),
                first_failure=as_utc(r[6]), last_failure=as_utc(r[7]),
            )
            for r in rows
        ]

    async def clear(self, user_id: UUID) -> None:
        await self.db.command(
            "ALTER TABLE failed_derivations DELETE WHERE user_id = {u:UUID} SETTINGS mutations_sync = 2",
            {"u": user_id},
        )
