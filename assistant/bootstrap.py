"""The composition root: builds every adapter from settings. The API, the CLI, tests and benchmarks call it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from uuid import UUID

from assistant.ask.service import AskService
from assistant.config import Settings
from assistant.users import UserRepo
from core.events import Event
from indexing.clickhouse.db import ClickHouseDB
from indexing.clickhouse.event_store import ClickHouseEventStore
from indexing.embedders import build_embedder
from indexing.graph.arcadedb import ArcadeDBServer
from indexing.graph.store import Neo4jGraphStore
from indexing.indexer import Indexer
from indexing.ports import Embedder, VectorIndex
from indexing.vectors.edge import EdgeVectorIndex
from indexing.vectors.qdrant import QdrantVectorIndex
from ingest.service import IngestService

log = logging.getLogger(__name__)


@dataclass
class Container:
    settings: Settings
    db: ClickHouseDB
    events: ClickHouseEventStore
    ingest: IngestService
    users: UserRepo
    _starters: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    _closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    _health: dict[str, Callable[[], Awaitable[str]]] = field(default_factory=dict)
    _erasers: list[Callable[[UUID], Awaitable[None]]] = field(default_factory=list)
    _pending: Callable[[UUID], Awaitable[int]] | None = None
    embedder: Embedder | None = None
    vectors: VectorIndex | None = None
    graph: Neo4jGraphStore | None = None
    indexer: Indexer | None = None
    _asker: AskService | None = None

    def asker(self) -> AskService:
        if self._asker is None:
            assert self.embedder is not None
            phraser = None
            if self.settings.llm_model:
                from assistant.llm.phraser import LLMPhraser

                phraser = LLMPhraser(
                    self.settings.llm_model,
                    self.settings.llm_api_base,
                    self.settings.llm_api_key,
                    self.settings.llm_timeout_s,
                )
            self._asker = AskService(self.events, self.embedder, self.vectors, lambda: self.graph, phraser)
        return self._asker

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
        if self.indexer is not None:
            self.indexer.wake()

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


def build_container(settings: Settings, embedder: Embedder | None = None) -> Container:
    """Every adapter from settings; tests may pass a ready embedder (a real implementation of the port)."""
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
    wire_indexes(container, embedder or build_embedder(settings.embedder))
    return container


def _vector_index(settings: Settings) -> VectorIndex:
    if settings.qdrant_url:
        return QdrantVectorIndex(url=settings.qdrant_url, api_key=settings.qdrant_api_key)
    return EdgeVectorIndex(settings.data_dir / "qdrant")


def wire_indexes(c: Container, embedder: Embedder) -> None:
    """Vectors, graph and the background indexer, with their start/stop/health/erase hooks."""
    settings = c.settings
    vectors = _vector_index(settings)
    arcade = (
        None if settings.graph_uri else ArcadeDBServer(settings.data_dir / "graph", heap=f"{settings.graph_heap_mb}m")
    )

    async def start_indexes() -> None:
        database: str | None
        if arcade is not None:
            await arcade.start()
            uri, user, password, database = arcade.uri, arcade.user, arcade.password, arcade.database
        else:
            assert settings.graph_uri is not None
            uri, user, password = settings.graph_uri, settings.graph_user, settings.graph_password
            database = settings.graph_database
        graph = Neo4jGraphStore(uri, user, password, database=database, aliases=settings.aliases)
        await graph.migrate()
        indexer = Indexer(c.events, embedder, vectors, graph, settings.tz, batch=settings.indexer_batch)
        await indexer.load()
        c.graph, c.indexer = graph, indexer
        if settings.indexer:
            indexer.start(settings.indexer_interval_s)

    async def stop_indexes() -> None:
        if c.indexer is not None:
            await c.indexer.stop()
        if c.graph is not None:
            await c.graph.close()
        await vectors.close()
        if arcade is not None:
            await arcade.stop()

    async def graph_health() -> str:
        return "connected" if c.graph is not None and await c.graph.ping() else "unreachable"

    async def vector_health() -> str:
        return "connected" if await vectors.ping() else "unreachable"

    async def erase(user_id: UUID) -> None:
        await vectors.delete_user(user_id)
        if c.graph is not None:
            await c.graph.delete_user(user_id)

    async def pending(user_id: UUID) -> int:
        return await c.indexer.pending(user_id) if c.indexer is not None else 0

    c.embedder, c.vectors = embedder, vectors
    c._starters.append(start_indexes)
    c._closers.append(stop_indexes)
    c._health.update(qdrant=vector_health, graph=graph_health)
    c._erasers.append(erase)
    c._pending = pending
