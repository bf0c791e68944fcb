"""Ask latency with the LLM off: one user with 1M events (mostly geo and health) and 20k embedded texts."""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from assistant.bootstrap import bootstrap
from assistant.config import Settings
from bench.common import write_results
from ingest.schemas import validate_event

QUESTIONS = [
    "Сколько я потратил на кофе в сентябре?", "How much did I spend on coffee last month?",
    "С кем я обедал в прошлую пятницу?", "Who did I have lunch with last week?",
    "Сколько раз я ходил в спортзал в октябре?", "Сколько в среднем я спал на прошлой неделе?",
    "Где я был в прошлые выходные?", "Когда я последний раз бегал?", "Что я покупал чаще всего в сентябре?",
    "Какие у меня привычки?", "Какое у меня было настроение в октябре?", "Что было на прошлой неделе?",
    "Что я писал про проект?", "When did I buy the headphones?", "Покажи все покупки за неделю",
    "С кем я виделся на прошлой неделе?",
]


def life(total: int, texts: int, seed: int = 3) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    step = (datetime(2025, 10, 31, tzinfo=UTC) - start) / total
    out: list[dict[str, Any]] = []
    people, items = ["Пётр", "Анна", "Мария", "Дмитрий"], ["Латте", "Капучино", "Flat white", "Хлеб", "Молоко"]
    for i in range(total):
        ts = (start + step * i).isoformat()
        if i % (total // texts) == 0:
            kind = rnd.choice(["diary", "social", "purchase", "activity"])
            if kind == "diary":
                out.append({"type": "diary", "ts": ts, "text": f"Запись {i}: работал над проектом, настроение хорошее"})
            elif kind == "social":
                out.append({"type": "social", "ts": ts, "action": "обед", "person": rnd.choice(people),
                            "place": rnd.choice(["Пушкин", "Хачапури"])})
            elif kind == "purchase":
                out.append({"type": "purchase", "ts": ts, "item": rnd.choice(items), "amount": rnd.randint(90, 400),
                            "place": rnd.choice(["Кофемания", "Пятёрочка"])})
            else:
                out.append({"type": "activity", "ts": ts, "activity": rnd.choice(["gym", "running"]),
                            "duration_minutes": 45, "place": "World Class"})
        elif i % 3:
            out.append({"type": "geo", "ts": ts, "lat": 55.7 + rnd.random() / 50, "lon": 37.6 + rnd.random() / 50})
        else:
            out.append({"type": "health", "ts": ts, "metric": rnd.choice(["steps", "sleep_hours"]),
                        "value": rnd.randint(1, 500)})
    return out


async def run(total: int = 1_000_000, texts: int = 20_000) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp) / "data", auth="off", indexer=False)
        container = await bootstrap(settings)
        user, now, tz = uuid.uuid4(), datetime.now(UTC), ZoneInfo(settings.timezone)
        events = [validate_event(e, user, tz, now, "RUB") for e in life(total, texts)]
        started = time.perf_counter()
        for i in range(0, len(events), 100_000):
            await container.events.insert(events[i : i + 100_000])
        print(f"ask bench: {len(events):,} events stored in {time.perf_counter() - started:.1f} s; indexing…")
        assert container.indexer is not None
        started = time.perf_counter()
        indexed = await container.indexer.catch_up()
        print(f"ask bench: indexed {indexed:,} events in {time.perf_counter() - started:.1f} s")
        asker = container.asker
        ask_now = datetime(2025, 10, 20, 20, 0, tzinfo=tz)
        for q in QUESTIONS:  # warm-up: model load, caches of names
            await asker.ask(user, q, ask_now, tz)
        latencies, stages = [], {"parse": 0.0, "sql": 0.0, "vector": 0.0, "graph": 0.0, "answer": 0.0}
        for _ in range(5):
            for q in QUESTIONS:
                t0 = time.perf_counter()
                result = await asker.ask(user, q, ask_now, tz)
                latencies.append((time.perf_counter() - t0) * 1000)
                for k in stages:
                    stages[k] += result.timings_ms.get(k, 0.0)
        await container.stop()
    latencies.sort()
    total_ms = sum(stages.values()) or 1.0
    return {"p50_ms": round(statistics.median(latencies), 1),
            "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
            "events": total, "embedded_texts": texts, "questions": len(latencies),
            "stage_share": {k: round(v / total_ms, 3) for k, v in stages.items()}}


def main() -> dict[str, Any]:
    figures = asyncio.run(run())
    write_results("ask", figures)
    print(f"ask: p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms over {figures['questions']} questions "
          f"({figures['events']:,} events); time by stage: {figures['stage_share']}")
    return figures


if __name__ == "__main__":
    main()
