"""The composition root: every adapter and service, built eagerly from settings. The API, the CLI, tests and
benchmarks call it; nothing else constructs a store."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from uuid import UUID

from assistant.ask.service import AskService, Phraser
from assistant.config import Settings
from assistant.users import UserRepo
from core.events import Event
from core.private_files import claim_private_dir
from indexing.clickhouse.db import ClickHouseDB
from indexing.clickhouse.event_store import ClickHouseEventStore
from indexing.clickhouse.quarantine import ClickHouseQuarantine
from indexing.clickhouse.repair import DerivedFix
from indexing.disk import short_of_space
from indexing.embedders import build_embedder
from indexing.failures import RetryPolicy
from indexing.graph.arcadedb import ArcadeDBServer
from indexing.graph.store import Neo4jGraphStore
from indexing.indexer import Indexer
from indexing.ports import Embedder, VectorIndex
from indexing.vectors.edge import EdgeVectorIndex
from ingest.service import IngestService

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IndexFix:
    """A user's vectors (points) and graph (events) before and after the rebuild."""

    user_id: UUID
    vectors_before: int
    vectors_after: int
    graph_before: int
    graph_after: int


@dataclass
class RepairReport:
    derived: list[DerivedFix]
    indexes: list[IndexFix] = field(default_factory=list)
    reindexed: int = 0


@dataclass
class Container:
    """Every service of one running instance, all started."""

    settings: Settings
    db: ClickHouseDB
    events: ClickHouseEventStore
    ingest: IngestService
    users: UserRepo
    embedder: Embedder
    vectors: VectorIndex
    graph: Neo4jGraphStore
    indexer: Indexer
    asker: AskService
    _stack: AsyncExitStack

    async def stop(self) -> None:
        try:
            await self._stack.aclose()
        except Exception:  # shutdown must not hide the reason the process is stopping
            log.exception("error while closing the stores")

    def notify_ingested(self) -> None:
        """Wake the background indexer: new events were acknowledged."""
        self.indexer.wake()

    async def pending_index(self, user_id: UUID) -> int:
        return await self.indexer.pending(user_id)

    async def quarantined(self, user_id: UUID | None = None) -> int:
        """Events the indexer set aside (one user's, or everyone's)."""
        return await self.indexer.quarantine.count(user_id)

    async def health(self) -> dict[str, str | int]:
        """Each store's state, the LLM, the indexer and quarantined events; `reason` says what is degraded when
        the stores answer but something still needs a look (a paused indexer, quarantined events, a full disk)."""
        report: dict[str, str | int] = {}
        for name, ping in (("clickhouse", self.events.ping), ("qdrant", self.vectors.ping), ("graph", self.graph.ping)):
            try:
                report[name] = "connected" if await ping() else "unreachable"
            except Exception as exc:  # a health check must report, never raise
                report[name] = f"unreachable: {exc}"
        report["llm"] = self.settings.llm_model or "off"
        reasons = [r for r in (self.indexer.paused, short_of_space(self.settings.data_dir, self.settings.min_free_mb))
                   if r]  # fmt: skip
        report["indexer"] = self.indexer.paused or ("running" if self.settings.indexer else "off")
        try:
            report["quarantined"] = quarantined = await self.quarantined()
        except Exception as exc:  # ClickHouse down is reported above already
            report["quarantined"], quarantined = -1, 0
            log.debug("quarantine count failed: %s", exc)
        if quarantined:
            reasons.append(f"{quarantined} events could not be indexed and are quarantined (`brain repair` retries)")
        if reasons:
            report["reason"] = "; ".join(dict.fromkeys(reasons))
        return report

    async def repair(self, user_id: UUID | None) -> RepairReport:
        """Rebuild one user's (or every user's) derived tables, vectors and graph from `events`."""
        users = [user_id] if user_id is not None else await self.events.derived.users()
        report = RepairReport(derived=await self.events.repair_derived(users))
        for user in users:
            before = (await self.vectors.count(user), await self.graph.count_events(user))
            report.reindexed += await self.indexer.reindex_user(user)
            after = (await self.vectors.count(user), await self.graph.count_events(user))
            if before != after:
                report.indexes.append(IndexFix(user, before[0], after[0], before[1], after[1]))
        return report

    async def erase_user(self, user_id: UUID) -> None:
        await self.events.delete_user(user_id)
        await self.vectors.delete_user(user_id)
        await self.graph.delete_user(user_id)
        await self.users.delete(user_id)

    async def iter_events(self, user_id: UUID, batch: int = 5000) -> AsyncIterator[list[Event]]:
        offset = 0
        while True:
            events = await self.events.list_events(user_id, limit=batch, newest_first=False, offset=offset)
            if not events:
                return
            yield events
            offset += len(events)


async def open_event_store(settings: Settings, stack: AsyncExitStack) -> tuple[ClickHouseDB, ClickHouseEventStore]:
    """The source of truth alone, migrated (what the CLI needs when no service runs)."""
    assert settings.clickhouse_dsn is not None  # filled in by Settings
    claim_private_dir(settings.data_dir)  # 0700 and umask 077: diary text lives in files under it
    db = ClickHouseDB(settings.clickhouse_dsn, min_free_mb=settings.min_free_mb, readers=settings.clickhouse_readers)
    await db.open()
    stack.push_async_callback(db.close)
    events = ClickHouseEventStore(db)
    await events.migrate()
    return db, events


def _vector_index(settings: Settings) -> VectorIndex:
    if settings.qdrant_url:
        from indexing.vectors.qdrant import QdrantVectorIndex  # the server client costs 1.5 s to import

        return QdrantVectorIndex(url=settings.qdrant_url, api_key=settings.qdrant_api_key)
    return EdgeVectorIndex(settings.data_dir / "qdrant")


async def _graph_store(settings: Settings, stack: AsyncExitStack) -> Neo4jGraphStore:
    """Neo4j when configured, else the embedded ArcadeDB started here (and stopped with the container)."""
    if settings.graph_uri:
        uri, user, password = settings.graph_uri, settings.graph_user, settings.graph_password
        database = settings.graph_database
    else:
        arcade = ArcadeDBServer(settings.data_dir / "graph", heap=f"{settings.graph_heap_mb}m")
        await arcade.start()
        stack.push_async_callback(arcade.stop)
        uri, user, password, database = arcade.uri, arcade.user, arcade.password, arcade.database
    graph = Neo4jGraphStore(uri, user, password, database=database, aliases=settings.aliases)
    stack.push_async_callback(graph.close)
    await graph.migrate()
    return graph


def _retry_policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(settings.indexer_retry_attempts, settings.indexer_retry_backoff_s,
                       settings.indexer_retry_backoff_max_s)  # fmt: skip


def _disk_check(settings: Settings) -> Callable[[], str | None] | None:
    """The embedded vector store blocks in native code (holding the GIL) when its disk fills: check first."""
    if settings.qdrant_url and settings.graph_uri:
        return None  # both indexes live on servers
    return partial(short_of_space, settings.data_dir, settings.min_free_mb)


def _phraser(settings: Settings) -> Phraser | None:
    if not settings.llm_model:
        return None
    from assistant.llm.phraser import LLMPhraser  # litellm is a heavy import: only when an LLM is configured

    return LLMPhraser(settings.llm_model, settings.llm_api_base, settings.llm_api_key, settings.llm_timeout_s)


async def bootstrap(settings: Settings, embedder: Embedder | None = None) -> Container:
    """Open every store and build every service, in dependency order; tests may pass a ready embedder (a real
    implementation of the port). If a step fails, whatever started is stopped again."""
    async with AsyncExitStack() as stack:
        db, events = await open_event_store(settings, stack)
        embedder = embedder or build_embedder(settings.embedder)
        vectors = _vector_index(settings)
        stack.push_async_callback(vectors.close)
        graph = await _graph_store(settings, stack)
        indexer = Indexer(
            events, embedder, vectors, graph, settings.tz, batch=settings.indexer_batch,
            quarantine=ClickHouseQuarantine(db), retry=_retry_policy(settings), disk_check=_disk_check(settings),
        )  # fmt: skip
        await indexer.load()
        if settings.indexer:
            indexer.start(settings.indexer_interval_s)
            stack.push_async_callback(indexer.stop)
        container = Container(
            settings=settings,
            db=db,
            events=events,
            ingest=IngestService(events, default_currency=settings.currency),
            users=UserRepo(db),
            embedder=embedder,
            vectors=vectors,
            graph=graph,
            indexer=indexer,
            asker=AskService(events, embedder, vectors, graph, _phraser(settings)),
            _stack=stack.pop_all(),
        )
    return container


@asynccontextmanager
async def running(settings: Settings, embedder: Embedder | None = None) -> AsyncIterator[Container]:
    """`async with running(settings) as container:` for scripts, tests and benchmarks."""
    container = await bootstrap(settings, embedder)
    try:
        yield container
    finally:
        await container.stop()
