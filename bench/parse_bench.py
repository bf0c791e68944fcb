"""Question-parser speed: ``python -m bench.parse_bench`` prints median/p95 ms per question."""

from __future__ import annotations

import json
import statistics
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from retrieval.question.parser import parse

QUESTIONS = [
    "С кем я обедал в прошлую пятницу?", "Сколько я потратил на кофе за месяц?", "Where was I last weekend?",
    "Сколько раз я ходил в спортзал в октябре?", "Сколько в среднем я спал на прошлой неделе?",
    "How much did I spend on coffee in September?", "When did I buy the headphones?",
    "Когда я последний раз бегал?", "Что я покупал чаще всего?", "Какие у меня привычки?",
    "Какое у меня было настроение в октябре?", "Что было на прошлой неделе?", "summarize my week",
    "Что я писал про проект?", "Покажи все покупки за неделю", "а в субботу?", "and on Saturday?",
    "Где я был с 1 по 5 октября?", "What did I do between May 3 and May 10?",
    "Сколько шагов я прошёл вчера вечером?",
    "Who did I meet in Berlin last summer?", "Что я делал 10.10.2025?", "How did I feel in the past month?",
    "Что я ел за последние 3 дня?", "Куда я ездил летом 2024?",
]
RUNS = 12


def main() -> None:
    now = datetime(2025, 10, 15, 20, 0, tzinfo=ZoneInfo("Europe/Moscow"))
    parse(QUESTIONS[0], now)  # warm-up: regex compilation happens at import, not here
    samples: list[float] = []
    for _ in range(RUNS):
        for question in QUESTIONS:
            start = time.perf_counter()
            parse(question, now)
            samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    median = statistics.median(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    result = {"questions": len(samples), "median_ms": round(median, 3), "p95_ms": round(p95, 3),
              "max_ms": round(samples[-1], 3)}
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "parse.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"parse: {len(samples)} questions, median {median:.3f} ms, p95 {p95:.3f} ms, max"
          f" {samples[-1]:.3f} ms")


if __name__ == "__main__":
    main()
