"""A poison event never stalls the indexer, and a store outage never quarantines the events it blocks.

The indexer runs over the in-memory fakes wrapped in fault-injecting ports (tests/fakes/faulty.py): a vector or
graph store that refuses chosen events, or everything. Time is a fake clock, so backoff is checked without waiting.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from core.events import Event
from indexing.embedders import build_embedder
from indexing.failures import InMemoryQuarantine, RetryPolicy
from indexing.indexer import Indexer
from tests.fakes import InMemoryEventStore, InMemoryGraphStore, InMemoryVectorIndex
from tests.fakes.faulty import FaultyGraphStore, FaultyVectorIndex

TZ = ZoneInfo("Europe/Moscow")
T0 = datetime(2025, 10, 1, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def diary(user: UUID, n: int, ts: datetime = T0) -> list[Event]:
    return [Event(id=uuid.uuid4(), user_id=user, ts=ts + timedelta(hours=i), type="diary",
                  payload={"text": f"запись {i} о проекте"}) for i in range(n)]  # fmt: skip


def lunch(user: UUID, n: int) -> list[Event]:
    return [Event(id=uuid.uuid4(), user_id=user, ts=T0 + timedelta(days=i), type="social",
                  payload={"action": "обед", "person": "Пётр", "place": "Пушкин"}) for i in range(n)]  # fmt: skip


class Rig:
    def __init__(self, poison_vectors: tuple[UUID, ...] = (), poison_graph: tuple[UUID, ...] = ()) -> None:
        self.events = InMemoryEventStore()
        self.vectors = FaultyVectorIndex(InMemoryVectorIndex(), poison_vectors)
        self.graph = FaultyGraphStore(InMemoryGraphStore(), poison_graph)
        self.quarantine = InMemoryQuarantine()
        self.clock = Clock()
        self.indexer = Indexer(self.events, build_embedder("hash"), self.vectors, self.graph, TZ,
                               quarantine=self.quarantine, retry=RetryPolicy(attempts=3, backoff_s=1.0),
                               clock=self.clock)  # fmt: skip

    async def rounds(self, n: int = 20, step_s: float = 1000.0) -> None:
        """Let the indexer run `n` times, the clock moving past any backoff in between."""
        await self.indexer.load()
        for _ in range(n):
            await self.indexer.catch_up()
            self.clock.now += step_s


async def test_a_poison_event_is_quarantined_and_every_other_event_and_user_flows() -> None:
    alice, bob = uuid.uuid4(), uuid.uuid4()
    batch = diary(alice, 5)
    rig = Rig(poison_vectors=(batch[2].id,))
    await rig.events.insert(batch)
    await rig.events.insert(diary(bob, 3))  # a later batch of another user, behind the poison one
    await rig.rounds()

    assert await rig.indexer.pending(alice) == 0 and await rig.indexer.pending(bob) == 0
    assert await rig.vectors.count(alice) == 4 and await rig.vectors.count(bob) == 3
    [entry] = await rig.quarantine.list(alice)
    assert (entry.event_id, entry.stage, entry.attempts) == (batch[2].id, "vectors", 3)
    assert "rejected event" in entry.error and entry.first_failure <= entry.last_failure
    assert await rig.quarantine.count(bob) == 0 and rig.indexer.paused is None


async def test_an_event_the_indexer_cannot_render_is_quarantined() -> None:
    """The issue's poison: a diary event at 9999-12-31 (its local time overflows) stopped indexing for everyone."""
    alice, bob = uuid.uuid4(), uuid.uuid4()
    rig = Rig()
    poison = diary(alice, 1, ts=datetime(9999, 12, 31, 23, 0, tzinfo=UTC))
    await rig.events.insert(poison)
    await rig.events.insert(diary(bob, 2))
    await rig.rounds()
    assert await rig.indexer.pending(bob) == 0 and await rig.vectors.count(bob) == 2
    [entry] = await rig.quarantine.list(alice)
    assert entry.event_id == poison[0].id and entry.stage == "vectors" and "Overflow" in entry.error


async def test_failures_are_retried_with_exponential_backoff_before_quarantine() -> None:
    alice = uuid.uuid4()
    batch = diary(alice, 2)
    rig = Rig(poison_vectors=(batch[0].id,))
    await rig.events.insert(batch)
    await rig.indexer.load()
    failures = rig.indexer.failures

    assert await rig.indexer.catch_up_once() == 0 and failures.attempts(batch[0].id) == 1
    assert await rig.indexer.catch_up_once() == 0 and failures.attempts(batch[0].id) == 1  # waits 1 s
    rig.clock.now = 1.0
    assert await rig.indexer.catch_up_once() == 0 and failures.attempts(batch[0].id) == 2
    rig.clock.now = 2.5  # the second wait is 2 s: not yet
    assert await rig.indexer.catch_up_once() == 0 and failures.attempts(batch[0].id) == 2
    assert await rig.quarantine.count() == 0 and await rig.indexer.pending(alice) == 2
    rig.clock.now = 3.0
    assert await rig.indexer.catch_up_once() == 2  # the third failure quarantines it; the watermark moves
    assert await rig.quarantine.count(alice) == 1 and await rig.indexer.pending(alice) == 0


async def test_a_graph_outage_pauses_the_indexer_and_quarantines_nothing() -> None:
    alice = uuid.uuid4()
    rig = Rig()
    rig.graph.down = True
    await rig.events.insert(lunch(alice, 4))
    await rig.rounds()
    assert await rig.quarantine.count() == 0 and await rig.indexer.pending(alice) == 4
    assert rig.indexer.paused is not None and "graph" in rig.indexer.paused

    rig.graph.down = False  # the server is back: everything resumes, nothing was blamed on the events
    await rig.rounds(2)
    assert await rig.indexer.pending(alice) == 0 and await rig.graph.count_events(alice) == 4
    assert await rig.quarantine.count() == 0 and rig.indexer.paused is None


async def test_a_store_that_answers_pings_but_refuses_every_write_is_an_outage() -> None:
    alice = uuid.uuid4()
    rig = Rig()
    rig.vectors.refusing = True
    await rig.events.insert(diary(alice, 1))  # one event alone: its failure alone proves nothing
    await rig.rounds()
    assert await rig.quarantine.count() == 0 and await rig.indexer.pending(alice) == 1
    assert rig.indexer.paused is not None and "vectors" in rig.indexer.paused
    rig.vectors.refusing = False
    await rig.rounds(2)
    assert await rig.indexer.pending(alice) == 0 and await rig.vectors.count(alice) == 1


async def test_a_batch_of_nothing_but_poison_is_quarantined_when_the_stores_take_writes() -> None:
    alice, bob = uuid.uuid4(), uuid.uuid4()
    batch = lunch(alice, 2)
    rig = Rig(poison_graph=(batch[0].id, batch[1].id))
    await rig.events.insert(batch)
    await rig.events.insert(lunch(bob, 2))
    await rig.rounds()
    assert {e.stage for e in await rig.quarantine.list(alice)} == {"graph"}
    assert await rig.quarantine.count(alice) == 2 and await rig.graph.count_events(bob) == 2
    assert await rig.indexer.pending(alice) == 0 and await rig.indexer.pending(bob) == 0


async def test_a_nearly_full_disk_pauses_before_any_vector_write_and_resumes_when_space_returns() -> None:
    alice = uuid.uuid4()
    rig = Rig()
    short: list[str] = ["disk nearly full: 12 MB free under /data"]
    rig.indexer.disk_check = lambda: short[0] if short else None
    await rig.events.insert(diary(alice, 3))
    await rig.rounds(3)
    assert rig.vectors.upserts == 0 and rig.indexer.paused == short[0]
    assert await rig.indexer.pending(alice) == 3 and await rig.quarantine.count() == 0
    short.clear()
    await rig.rounds(2)
    assert await rig.indexer.pending(alice) == 0 and rig.indexer.paused is None


async def test_reindex_retries_quarantined_events_and_sets_aside_what_still_fails() -> None:
    alice = uuid.uuid4()
    batch = diary(alice, 3)
    rig = Rig(poison_vectors=(batch[0].id, batch[1].id))
    await rig.events.insert(batch)
    await rig.rounds()
    assert await rig.quarantine.count(alice) == 2
    rig.vectors.poison = {batch[0].id}  # one of them got fixed (a new embedder, a store upgrade)
    assert await rig.indexer.reindex_user(alice) == 3
    assert [e.event_id for e in await rig.quarantine.list(alice)] == [batch[0].id]
    assert await rig.vectors.count(alice) == 2
