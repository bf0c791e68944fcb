"""Ingest throughput: over HTTP in batches of 5,000 mixed events, and raw store inserts."""

from __future__ import annotations

import asyncio
import gc
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import orjson

from bench.common import service, write_results

BATCH = 5_000


def mixed_events(n: int, seed: int = 7) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    out: list[dict[str, Any]] = []
    for i in range(n):
        ts = (start + timedelta(seconds=30 * i)).isoformat()
        kind = rnd.random()
        if kind < 0.6:
            out.append({"type": "geo", "ts": ts, "lat": 55.7 + rnd.random() / 10, "lon": 37.6 + rnd.random() / 10})
        elif kind < 0.8:
            out.append({"type": "health", "ts": ts, "metric": "steps", "value": rnd.randint(0, 500)})
        elif kind < 0.9:
            out.append(
                {
                    "type": "purchase",
                    "ts": ts,
                    "item": rnd.choice(["Латте", "Капучино", "Хлеб"]),
                    "amount": rnd.randint(100, 500),
                    "place": "Кофейня",
                }
            )
        elif kind < 0.95:
            out.append({"type": "social", "ts": ts, "action": "lunch", "person": rnd.choice(["Пётр", "Анна"])})
        else:
            out.append({"type": "diary", "ts": ts, "text": f"Запись номер {i}: день прошёл спокойно"})
    return out


async def bench_api(total: int) -> float:
    user = str(uuid.uuid4())
    events = mixed_events(total)
    bodies = [orjson.dumps({"user_id": user, "events": events[i : i + BATCH]}) for i in range(0, total, BATCH)]
    with tempfile.TemporaryDirectory() as tmp, service(Path(tmp) / "data", BRAIN_INDEXER="false") as url:
        async with httpx.AsyncClient(base_url=url, timeout=120) as client:
            await client.post("/api/v1/stream/ingest", content=bodies[0])  # warm-up, counted below as duplicates
            queue = list(reversed(bodies))
            counts: list[int] = []

            async def sender() -> None:
                # Two requests in flight, as a real importer would send: one validates while the other writes.
                while queue:
                    r = await client.post(
                        "/api/v1/stream/ingest", content=queue.pop(), headers={"content-type": "application/json"}
                    )
                    r.raise_for_status()
                    counts.append(r.json()["accepted"] + r.json()["duplicates"])

            started = time.perf_counter()
            await asyncio.gather(sender(), sender())
            elapsed = time.perf_counter() - started
            accepted = sum(counts)
    assert accepted == total, accepted
    return total / elapsed


async def bench_store(total: int) -> float:
    from assistant.config import Settings
    from indexing.clickhouse.event_store import events_table
    from ingest.schemas import validate_event

    user = uuid.uuid4()
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp:
        from assistant.bootstrap import bootstrap

        container = await bootstrap(Settings(data_dir=Path(tmp) / "data", auth="off", indexer=False))
        tz = container.settings.tz
        events = [validate_event(e, user, tz, now, "RUB") for e in mixed_events(total)]
        # Raw = what the store's insert sends (Arrow columns), timed from the driver call through the engine and
        # its views; building the columns from events is per-event Python work, measured by the API figure.
        tables = [events_table(events[i : i + 100_000], seq) for seq, i in enumerate(range(0, total, 100_000), 2)]
        gc.freeze()  # as the service does after start-up: the collector must not walk 500k held events mid-insert
        # Warm-up: the first insert builds the views' state; its rows are the first part's again, under another seq.
        await container.db.insert_arrow("events", events_table(events[:100_000], 1))
        started = time.perf_counter()
        for table in tables:
            await container.db.insert_arrow("events", table)
        elapsed = time.perf_counter() - started
        await container.stop()
    return total / elapsed


def main(rounds: int = 3) -> dict[str, int]:
    # Each round on a fresh data dir; the median, because background merges make single runs swing by ±15%.
    api_runs, raw_runs = [], []
    for n in range(1, rounds + 1):
        api_runs.append(asyncio.run(bench_api(200_000)))
        raw_runs.append(asyncio.run(bench_store(500_000)))
        print(f"ingest round {n}/{rounds}: {api_runs[-1]:,.0f} events/s over HTTP, {raw_runs[-1]:,.0f} rows/s raw")
    api, raw = statistics.median(api_runs), statistics.median(raw_runs)
    figures = {
        "api_events_per_s": round(api),
        "store_rows_per_s": round(raw),
        "api_events_per_s_runs": [round(v) for v in api_runs],
        "store_rows_per_s_runs": [round(v) for v in raw_runs],
    }
    write_results("ingest", figures)
    print(f"ingest: {api:,.0f} events/s over HTTP (batches of {BATCH}), {raw:,.0f} rows/s raw store inserts "
          f"(median of {rounds})")
    return {"api_events_per_s": round(api), "store_rows_per_s": round(raw)}


if __name__ == "__main__":
    main()
