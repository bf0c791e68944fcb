"""Ingest: validate each item, drop duplicates, store the valid ones. Acknowledged = written to the event store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any
from uuid import UUID

from core.events import Event
from indexing.ports import EventStore
from ingest.schemas import ItemError, Rejected, Validator


@dataclass(slots=True)
class IngestResult:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    event_ids: list[UUID] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "duplicates": self.duplicates,
            "rejected": [{"index": r.index, "error": r.error, "field": r.field} for r in self.rejected],
        }


class IngestService:
    def __init__(self, store: EventStore, default_currency: str = "RUB") -> None:
        self.store = store
        self.default_currency = default_currency

    async def ingest(
        self, user_id: UUID, items: Sequence[Any], tz: tzinfo, now: datetime | None = None
    ) -> IngestResult:
        now = now or datetime.now(UTC)
        result = IngestResult()
        valid: list[Event] = []
        seen: set[int] = set()  # UUID.int: an int hashes in C, a UUID through a Python method
        validate = Validator(user_id, tz, now, self.default_currency)
        for index, raw in enumerate(items):
            try:
                event = validate(raw)
            except ItemError as exc:
                result.rejected.append(Rejected(index=index, error=str(exc), field=exc.field))
                continue
            key = event.id.int
            if key in seen:
                result.duplicates += 1  # the same event twice in one batch
                continue
            seen.add(key)
            valid.append(event)
        stored = await self.store.insert(valid)
        result.accepted = stored
        result.duplicates += len(valid) - stored
        result.event_ids = [e.id for e in valid]
        return result
