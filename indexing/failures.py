"""Failed derivations: how often an event failed to index, when to try it again, and where poison events go.

An event that fails while others go through is retried with exponential backoff, then quarantined so the watermark
moves on; attempts are counted in memory (a restart grants a few more tries, which is harmless).
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from uuid import UUID

from core.events import Event
from indexing.ports import FailedDerivation


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 3  # failures before an event is quarantined
    backoff_s: float = 1.0  # the wait after the first failure; doubles with each further one
    backoff_max_s: float = 60.0

    def delay(self, failures: int) -> float:
        return float(min(self.backoff_s * 2 ** max(failures - 1, 0), self.backoff_max_s))


class FailureLog:
    """Per event: its failures so far (the stage and error of the last one)."""

    def __init__(self) -> None:
        self._by_event: dict[UUID, FailedDerivation] = {}

    def record(self, event: Event, stage: str, error: BaseException) -> FailedDerivation:
        now = datetime.now(UTC)
        text = f"{type(error).__name__}: {error}"[:2000]
        seen = self._by_event.get(event.id)
        if seen is None:
            seen = FailedDerivation(user_id=event.user_id, event_id=event.id, seq=event.seq or 0, stage=stage,
                                    error=text, attempts=1, first_failure=now, last_failure=now)  # fmt: skip
        else:
            seen = replace(seen, stage=stage, error=text, attempts=seen.attempts + 1, last_failure=now)
        self._by_event[event.id] = seen
        return seen

    def attempts(self, event_id: UUID) -> int:
        """Failures of an event not quarantined yet (0 when it has none)."""
        seen = self._by_event.get(event_id)
        return seen.attempts if seen else 0

    def forget(self, event_ids: Sequence[UUID]) -> None:
        for event_id in event_ids:
            self._by_event.pop(event_id, None)


class InMemoryQuarantine:
    """The Quarantine port without a durable store (an indexer built by a script or a unit test)."""

    def __init__(self) -> None:
        self.entries: dict[tuple[UUID, UUID, str], FailedDerivation] = {}

    async def add(self, failed: Sequence[FailedDerivation]) -> None:
        self.entries.update(((f.user_id, f.event_id, f.stage), f) for f in failed)

    async def count(self, user_id: UUID | None = None) -> int:
        return sum(1 for f in self.entries.values() if user_id is None or f.user_id == user_id)

    async def list(self, user_id: UUID) -> builtins.list[FailedDerivation]:
        return sorted((f for f in self.entries.values() if f.user_id == user_id), key=lambda f: (f.seq, f.event_id.int))

    async def clear(self, user_id: UUID) -> None:
        self.entries = {k: f for k, f in self.entries.items() if f.user_id != user_id}
