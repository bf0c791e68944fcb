"""The composition root: builds every adapter from settings. The API, the CLI, tests and benchmarks call it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from assistant.config import Settings
from assistant.users import UserRepo
from indexing.clickhouse import ClickHouseDB
from indexing.event_store import ClickHouseEventStore
from indexing.ports import Event
from ingest.service import IngestService

log = logging.getLogger(__name__)


@dataclass
class Container:
    settings: Settings
    db: ClickHouseDB
    events: ClickHouseEventStore
    ingest: IngestService
    users: UserRepo
    ingested: asyncio.Event = field(default_factory=asyncio.Event)
    _starters: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    _closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    _health: dict[str, Callable[[], Awaitable[str]]] = field(default_factory=dict)
    _erasers: list[Callable[[UUID], Awaitable[None]]] = field(default_factory=list)
    _pending: Callable[[UUID], Awaitable[int]] | None = None

    async def start(self) -> None:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        await self.db.open()
        await self.events.migrate()
        for starter in self._starters:
            await starter()

    async def stop(self) -> None:
        for closer in reversed(self._closers):
            try:
                await closer()
            except Exception:  # shutdown must go on for the other stores
                log.exception("error while closing")
        await self.db.close()

    def notify_ingested(self) -> None:
        """Wake the background indexer: new events were acknowledged."""
        self.ingested.set()

    async def pending_index(self, user_id: UUID) -> int:
        if self._pending is None:
            return 0
        return await self._pending(user_id)

    async def health(self) -> dict[str, str]:
        report = {"clickhouse": "connected" if await self.events.ping() else "unreachable"}
        for name, check in self._health.items():
            try:
                report[name] = await check()
            except Exception as exc:  # a health check must report, never raise
                report[name] = f"unreachable: {exc}"
        report["llm"] = self.settings.llm_model or "off"
        return report

    async def erase_user(self, user_id: UUID) -> None:
        await self.events.delete_user(user_id)
        for eraser in self._erasers:
            await eraser(user_id)
        await self.users.delete(user_id)

    async def iter_events(self, user_id: UUID, batch: int = 5000) -> AsyncIterator[list[Event]]:
        offset = 0
        while True:
            events = await self.events.list_events(user_id, limit=batch, newest_first=False, offset=offset)
            if not events:
                return
            yield events
            offset += len(events)


def build_container(settings: Settings, **overrides: Any) -> Container:
    """Every adapter from settings; `overrides` replace parts (tests pass a fake embedder, for instance)."""
    assert settings.clickhouse_dsn is not None  # filled in by Settings
    db = ClickHouseDB(settings.clickhouse_dsn)
    events = ClickHouseEventStore(db)
    container = Container(
        settings=settings,
        db=db,
        events=events,
        ingest=IngestService(events, default_currency=settings.currency),
        users=UserRepo(db),
    )
    return container
