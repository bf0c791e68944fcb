"""Concurrent ask load: 16 clients asking mixed questions for 30 s against one service (100k events, indexed).

Prints throughput, p50/p95/p99 latency and the service's resident memory (after start-up, after loading the data and
after the load). The load generator runs on the same machine, as it would for a self-hosted instance.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import orjson

from bench.ask_bench import QUESTIONS, life
from bench.common import service, write_results

CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS", "16"))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "30"))
EVENTS = int(os.environ.get("BENCH_LOAD_EVENTS", "100000"))
NOW = "2025-10-20T20:00:00+03:00"


def rss_mb(pid: int) -> float:
    """Resident memory of a process (and its children, e.g. the embedded graph server's JVM is counted apart)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def _load(url: str, user: str) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + SECONDS
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:

        async def client(n: int) -> None:
            nonlocal errors
            i = n
            while time.perf_counter() < deadline:
                body = {"user_id": user, "question": QUESTIONS[i % len(QUESTIONS)], "now": NOW}
                i += 1
                t0 = time.perf_counter()
                r = await http.post("/api/v1/search/memory", json=body)
                latencies.append((time.perf_counter() - t0) * 1000)
                errors += r.status_code != 200

        started = time.perf_counter()
        await asyncio.gather(*(client(n) for n in range(CLIENTS)))
        elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))], 1)

    return {"clients": CLIENTS, "seconds": round(elapsed, 1), "asks": len(latencies), "errors": errors,
            "asks_per_s": round(len(latencies) / elapsed, 1), "p50_ms": round(statistics.median(latencies), 1),
            "p95_ms": pct(0.95), "p99_ms": pct(0.99)}


async def run() -> dict[str, Any]:
    user = str(uuid.uuid4())
    events = life(EVENTS, max(EVENTS // 50, 1))
    with tempfile.TemporaryDirectory() as tmp, service(Path(tmp) / "data") as url:
        pid = int(orjson.loads((Path(tmp) / "data" / "service.json").read_bytes())["pid"])
        rss_start = rss_mb(pid)
        async with httpx.AsyncClient(base_url=url, timeout=300) as http:
            for i in range(0, len(events), 5000):
                r = await http.post("/api/v1/stream/ingest", json={"user_id": user, "events": events[i : i + 5000]})
                r.raise_for_status()
            while (await http.get(f"/api/v1/stream/stats/{user}")).json()["pending_index"]:
                await asyncio.sleep(0.5)
            for q in QUESTIONS:  # warm-up: model load, name caches
                (await http.post("/api/v1/search/memory", json={"user_id": user, "question": q, "now": NOW}))
        rss_loaded = rss_mb(pid)
        figures = await _load(url, user)
        figures.update(events=EVENTS, rss_start_mb=round(rss_start), rss_loaded_mb=round(rss_loaded),
                       rss_after_mb=round(rss_mb(pid)))
    return figures


def main() -> dict[str, Any]:
    figures = asyncio.run(run())
    write_results("ask_load", figures)
    print(f"ask load: {figures['asks_per_s']} asks/s with {figures['clients']} clients over {figures['seconds']} s "
          f"({figures['asks']} asks, {figures['errors']} errors); p50 {figures['p50_ms']} ms, p95 "
          f"{figures['p95_ms']} ms, p99 {figures['p99_ms']} ms; service RSS {figures['rss_start_mb']} MB after "
          f"start, {figures['rss_loaded_mb']} MB with {figures['events']:,} events, {figures['rss_after_mb']} MB "
          "after the load")
    return figures


if __name__ == "__main__":
    main()
