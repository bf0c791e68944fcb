"""Background indexer: catches the vector index and the graph up with the event store.

The watermark is the highest ingest sequence fully indexed, kept in the event store itself, so catch-up survives
restarts and SIGKILL. Whole sequences (one acknowledged batch each) are indexed before the watermark moves; a crash
in between re-indexes them, which is harmless: vector ids and graph MERGEs are idempotent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from datetime import tzinfo
from uuid import UUID

from core.events import Event, VectorPoint
from indexing.ports import Embedder, EventStore, GraphStore, VectorIndex
from indexing.render import chunks_for, facts_for

log = logging.getLogger(__name__)
WATERMARK_KEY = "index.watermark"


class Indexer:
    def __init__(
        self,
        events: EventStore,
        embedder: Embedder,
        vectors: VectorIndex,
        graph: GraphStore | None,
        tz: tzinfo,
        batch: int = 512,
    ) -> None:
        self.events, self.embedder, self.vectors, self.graph = events, embedder, vectors, graph
        self.tz = tz
        self.batch = batch
        self.watermark = 0
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()

    async def load(self) -> None:
        await self.vectors.ensure(self.embedder.dim)
        self.watermark = int(await self.events.get_state(WATERMARK_KEY) or 0)

    async def pending(self, user_id: UUID) -> int:
        return await self.events.count_after(user_id, self.watermark)

    async def index_events(self, events: Sequence[Event]) -> None:
        """Embed and graph these events (idempotent)."""
        chunks = [c for e in events for c in chunks_for(e, self.tz)]
        if chunks:
            vectors = await self.embedder.embed([c.text for c in chunks])
            await self.vectors.upsert([
                VectorPoint(id=c.id, user_id=c.event.user_id, event_id=c.event.id, type=c.event.type,
                            ts_ms=int(c.event.ts.timestamp() * 1000), text=c.text, vector=v)
                for c, v in zip(chunks, vectors, strict=True)
            ])
        facts = [f for f in (facts_for(e, self.tz) for e in events) if f is not None]
        if facts and self.graph is not None:
            await self.graph.add(facts)

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
        """Index the next group of sequences; returns how many events it indexed (0 = caught up)."""
        seqs = await self._next_sequences()
        if not seqs:
            return 0
        events = await self.events.events_in_sequences(seqs)
        for i in range(0, len(events), self.batch):
            await self.index_events(events[i : i + self.batch])
        self.watermark = seqs[-1]
        await self.events.set_state(WATERMARK_KEY, str(self.watermark))
        return len(events)

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
            except Exception:  # a store hiccup must not kill the loop; retry at the next tick
                log.exception("indexer: catch-up failed, retrying")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=interval_s)
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
        self.watermark = 0
        return await self.catch_up()

    async def reindex_user(self, user_id: UUID) -> int:
        """Drop the user's vectors and graph and rebuild them from the event store."""
        await self.vectors.delete_user(user_id)
        if self.graph is not None:
            await self.graph.delete_user(user_id)
        total, offset = 0, 0
        while events := await self.events.list_events(user_id, limit=2000, newest_first=False, offset=offset):
            await self.index_events(events)
            total += len(events)
            offset += len(events)
            log.info("reindex %s: %d events", user_id, total)
        return total
