"""Background indexer: catches the vector index and the graph up with the event store.

The watermark is the highest ingest sequence fully indexed, kept in the event store itself, so catch-up survives
restarts and SIGKILL. Whole sequences (one acknowledged batch each) are indexed before the watermark moves; a crash
in between re-indexes them, which is harmless: vector ids and graph MERGEs are idempotent.

Nothing one event does may stall the others. When a group fails, its events are indexed one by one; an event that
keeps failing while the stores take writes is retried with backoff, then quarantined, and the watermark moves on.
When the stores themselves refuse writes (a server down, a full disk) nothing is blamed on the events: the indexer
pauses, says why (`paused`), and tries again later.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, tzinfo
from uuid import UUID

from core.errors import BrainError, DiskFullError, StoreError
from core.events import Event, VectorPoint
from indexing.failures import FailureLog, InMemoryQuarantine, RetryPolicy
from indexing.ports import Embedder, EventStore, GraphStore, Quarantine, VectorIndex
from indexing.render import chunks_for, facts_for

log = logging.getLogger(__name__)
WATERMARK_KEY = "index.watermark"
# A user no one can be: the write probe that tells "this event is bad" from "the store is down" uses it.
CANARY = uuid.uuid5(uuid.NAMESPACE_URL, "second-brain:indexer-canary")
_CANARY_TS = datetime(2000, 1, 1, tzinfo=UTC)


class StageFailed(BrainError):
    """Deriving from events failed at one stage: `vectors` (embedding included) or `graph`."""

    def __init__(self, stage: str, cause: BaseException) -> None:
        super().__init__(f"{stage}: {type(cause).__name__}: {cause}")
        self.stage, self.cause = stage, cause


class Indexer:
    def __init__(
        self,
        events: EventStore,
        embedder: Embedder,
        vectors: VectorIndex,
        graph: GraphStore | None,
        tz: tzinfo,
        batch: int = 512,
        quarantine: Quarantine | None = None,
        retry: RetryPolicy | None = None,
        disk_check: Callable[[], str | None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.events, self.embedder, self.vectors, self.graph = events, embedder, vectors, graph
        self.tz = tz
        self.batch = batch
        self.quarantine: Quarantine = quarantine or InMemoryQuarantine()
        self.retry = retry or RetryPolicy()
        self.disk_check = disk_check  # why the vector store must not be written now (a nearly full disk)
        self.clock = clock
        self.watermark = 0
        self.paused: str | None = None  # why the indexer waits for its stores, for /health
        self.failures = FailureLog()
        self._retry_at = 0.0
        self._outages = 0
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._migrating = False  # reindexing into a new vector layout; the old one is dropped when caught up

    async def load(self) -> None:
        await self.vectors.ensure(self.embedder.dim)
        self.watermark = int(await self.events.get_state(WATERMARK_KEY) or 0)
        if outdated := await self.vectors.outdated():
            # Vectors of an older layout (dense only, no BM25) cannot be converted in place; the events are the
            # source of truth, so the background catch-up re-derives them all from sequence 0 into the current
            # layout, and the old collections go only once it is done (a restart meanwhile starts over).
            log.warning("vector collections %s predate hybrid search: reindexing every event into the new layout "
                        "in the background; they are dropped when it is done", ", ".join(outdated))  # fmt: skip
            self.watermark, self._migrating = 0, True

    async def pending(self, user_id: UUID) -> int:
        return await self.events.count_after(user_id, self.watermark)

    async def index_events(self, events: Sequence[Event]) -> None:
        """Embed and graph these events (idempotent); a failure names its stage."""
        try:
            chunks = [c for e in events for c in chunks_for(e, self.tz)]
            if chunks:
                vectors = await self.embedder.embed([c.text for c in chunks])
                await self.vectors.upsert([
                    VectorPoint(id=c.id, user_id=c.event.user_id, event_id=c.event.id, type=c.event.type,
                                ts_ms=int(c.event.ts.timestamp() * 1000), text=c.text, vector=v)
                    for c, v in zip(chunks, vectors, strict=True)
                ])
        except Exception as exc:
            raise StageFailed("vectors", exc) from exc
        try:
            facts = [f for f in (facts_for(e, self.tz) for e in events) if f is not None]
            if facts and self.graph is not None:
                await self.graph.add(facts)
        except Exception as exc:
            raise StageFailed("graph", exc) from exc

    async def _next_sequences(self) -> list[int]:
        """The next sequences to index: whole batches, about `self.batch` events together (at least one)."""
        chosen: list[int] = []
        total = 0
        for seq, count in await self.events.sequences_after(self.watermark, limit=1000):
            if chosen and total + count > self.batch:
                break
            chosen.append(seq)
            total += count
        return chosen

    async def catch_up_once(self) -> int:
        """Index the next group of sequences; returns how many events it indexed (0 = caught up, or waiting)."""
        if self.clock() < self._retry_at:
            return 0
        if self.disk_check is not None and (reason := self.disk_check()):
            self._pause(reason)  # before the vector store's write, which blocks in native code on a full disk
            return 0
        seqs = await self._next_sequences()
        if not seqs:
            self.paused = None
            if self._migrating:
                await self.vectors.drop_outdated()
                self._migrating = False
                log.info("indexer: every event is in the hybrid vector layout; the older collections are dropped")
            return 0
        events = await self.events.events_in_sequences(seqs)
        try:
            for i in range(0, len(events), self.batch):
                await self.index_events(events[i : i + self.batch])
        except StageFailed as exc:
            log.warning("indexer: a group of %d events failed (%s); trying them one by one", len(events), exc)
            if not await self._index_each(events, exc):
                return 0
        self.paused, self._outages = None, 0
        self.watermark = seqs[-1]
        await self.events.set_state(WATERMARK_KEY, str(self.watermark))
        return len(events)

    async def _index_each(self, events: Sequence[Event], first: StageFailed) -> bool:
        """Index events one by one after their group failed; True when every one is indexed or quarantined."""
        if reason := await self._outage(first):
            self._pause(reason)
            return False
        failed: list[tuple[Event, StageFailed]] = []
        for event in events:
            try:
                await self.index_events([event])
            except StageFailed as exc:
                failed.append((event, exc))
        if not failed:
            return True
        if len(failed) == len(events) and (reason := await self._outage(failed[0][1])):
            self._pause(reason)  # it went down meanwhile: no event is to blame
            return False
        records = [self.failures.record(e, exc.stage, exc.cause) for e, exc in failed]
        if any(r.attempts < self.retry.attempts for r in records):
            self._retry_at = self.clock() + self.retry.delay(min(r.attempts for r in records))
            log.warning("indexer: %d events failed while the stores take writes; retrying them later", len(failed))
            return False
        await self.quarantine.add(records)
        self.failures.forget([r.event_id for r in records])
        for r in records:
            log.error("indexer: quarantined event %s of user %s at %s after %d attempts: %s",
                      r.event_id, r.user_id, r.stage, r.attempts, r.error)  # fmt: skip
        return True

    async def _outage(self, failure: StageFailed) -> str | None:
        """Why the stores cannot take any write now, or None when they can (then the failing events are at
        fault). A ping is not enough, a store may answer and still refuse writes: a canary is written and erased."""
        if isinstance(failure.cause, DiskFullError):
            return f"indexer paused: {failure.cause}"
        payload = {"action": "canary", "person": "Canary", "place": "Canary", "text": "canary"}
        canary = Event(id=CANARY, user_id=CANARY, ts=_CANARY_TS, type="social", payload=payload)
        try:
            await self.index_events([canary])
            await self.vectors.delete_user(CANARY)
            if self.graph is not None:
                await self.graph.delete_user(CANARY)
        except StageFailed as exc:
            return f"indexer paused: the {exc.stage} store refuses writes ({exc.cause})"
        except Exception as exc:
            return f"indexer paused: a store refuses writes ({exc})"
        return None

    def _pause(self, reason: str) -> None:
        if reason != self.paused:
            log.error("%s", reason)
        self.paused = reason
        self._outages += 1
        self._retry_at = self.clock() + self.retry.delay(self._outages)

    async def catch_up(self) -> int:
        total, started = 0, time.monotonic()
        while n := await self.catch_up_once():
            total += n
            if total % 5000 < n:
                log.info("indexer: %d events indexed (%.0f/s)", total, total / max(time.monotonic() - started, 1e-6))
        if total:
            log.info("indexer: caught up, %d events in %.1f s", total, time.monotonic() - started)
        return total

    def wake(self) -> None:
        self._wake.set()

    async def run(self, interval_s: float) -> None:
        while True:
            try:
                await self.catch_up()
            except Exception as exc:  # a store hiccup must not kill the loop; retry at the next tick
                log.exception("indexer: catch-up failed, retrying")
                self._pause(f"indexer paused: {exc}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=max(interval_s, self._retry_at - self.clock()))
            self._wake.clear()

    def start(self, interval_s: float) -> None:
        self._task = asyncio.create_task(self.run(interval_s), name="indexer")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def reindex(self, user_id: UUID | None = None) -> int:
        """Rebuild vectors and graph from the event store: one user's, or every user's (`None`)."""
        if user_id is not None:
            return await self.reindex_user(user_id)
        self.watermark, self._retry_at = 0, 0.0
        return await self.catch_up()

    async def reindex_user(self, user_id: UUID) -> int:
        """Drop the user's vectors and graph and rebuild them from the event store. Quarantined events are tried
        again; one that still fails goes back to the quarantine at once (a reindex does not wait for backoff)."""
        if self.disk_check is not None and (reason := self.disk_check()):
            raise DiskFullError(reason)
        await self.vectors.delete_user(user_id)
        if self.graph is not None:
            await self.graph.delete_user(user_id)
        await self.quarantine.clear(user_id)
        total, offset = 0, 0
        while events := await self.events.list_events(user_id, limit=2000, newest_first=False, offset=offset):
            await self._reindex_batch(events)
            total += len(events)
            offset += len(events)
            log.info("reindex %s: %d events", user_id, total)
        return total

    async def _reindex_batch(self, events: Sequence[Event]) -> None:
        try:
            await self.index_events(events)
            return
        except StageFailed as exc:
            if reason := await self._outage(exc):
                raise (DiskFullError if isinstance(exc.cause, DiskFullError) else StoreError)(reason) from exc
        poison = []
        for event in events:
            try:
                await self.index_events([event])
            except StageFailed as exc:
                poison.append(self.failures.record(event, exc.stage, exc.cause))
        await self.quarantine.add(poison)
        self.failures.forget([p.event_id for p in poison])

