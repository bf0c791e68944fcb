"""Graph store on embedded ArcadeDB: write throughput and query p50 (target: neighbourhood p50 <= 10 ms).

5,000 events with 30 people and 20 places for one user, plus 1,000 for another, written in batches of 500 (the
background indexer's batch size). Run: python -m bench.graph_bench
"""

from __future__ import annotations

import asyncio
import random
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bench.common import write_results
from core.events import GraphFacts
from indexing.graph.arcadedb import ArcadeDBServer
from indexing.graph.store import Neo4jGraphStore

BATCH = 500
DAY_MS = 86_400_000
START_MS = 1_735_689_600_000  # 2025-01-01 UTC
PEOPLE = [f"Person {i}" for i in range(30)]
PLACES = [f"Place {i}" for i in range(20)]


def make_facts(user: uuid.UUID, n: int, seed: int) -> list[GraphFacts]:
    rnd = random.Random(seed)
    return [
        GraphFacts(
            user_id=user,
            event_id=uuid.uuid4(),
            type="social",
            ts_ms=START_MS + i * 3_600_000,
            people=tuple(rnd.sample(PEOPLE, rnd.randint(1, 3))),
            place=rnd.choice(PLACES) if rnd.random() < 0.8 else None,
            action="met",
            text=f"event {i}",
        )
        for i in range(n)
    ]


async def p50_ms(call: Callable[[], Awaitable[Any]], runs: int = 200, warmup: int = 30) -> float:
    for _ in range(warmup):
        await call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await call()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def rss_mb(pid: int | None) -> float:
    out = subprocess.run(["ps", "-o", "rss=", "-p", str(pid)], capture_output=True, text=True).stdout.strip()
    return round(int(out) / 1024, 1) if out else 0.0


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        async with ArcadeDBServer(Path(tmp) / "graph") as server:
            startup_s = round(time.perf_counter() - started, 2)
            store = Neo4jGraphStore(server.uri, server.user, server.password, database=server.database)
            await store.migrate()
            user, other = uuid.uuid4(), uuid.uuid4()
            facts = make_facts(user, 5_000, seed=1) + make_facts(other, 1_000, seed=2)
            started = time.perf_counter()
            for i in range(0, len(facts), BATCH):
                await store.add(facts[i : i + BATCH])
            add_per_s = round(len(facts) / (time.perf_counter() - started))
            assert await store.count_events(user) == 5_000
            month = (START_MS + 30 * DAY_MS, START_MS + 60 * DAY_MS)
            figures = {
                "graph_query_p50_ms": await p50_ms(lambda: store.neighbours(user, "Person 7")),
                "graph_neighbours_place_p50_ms": await p50_ms(lambda: store.neighbours(user, "Place 3")),
                "graph_people_month_p50_ms": await p50_ms(lambda: store.people(user, *month)),
                "graph_people_at_place_p50_ms": await p50_ms(lambda: store.people(user, place="Place 3")),
                "graph_places_with_p50_ms": await p50_ms(lambda: store.places(user, person="Person 7")),
                "graph_people_all_p50_ms": await p50_ms(lambda: store.people(user), runs=50, warmup=5),
                "graph_add_facts_per_s": add_per_s,
                "graph_startup_s": startup_s,
                "graph_rss_mb": rss_mb(server.pid),
            }
            await store.close()
    for key, value in figures.items():
        print(f"{key:34} {value}")
    print("written to", write_results("indexing", figures))


if __name__ == "__main__":
    asyncio.run(main())
