"""`make bench`: every benchmark, figures printed and written under bench/results/."""

from __future__ import annotations

import asyncio
import importlib
import sys
import time

BENCHES = [
    "bench.parse_bench", "bench.ingest_bench", "bench.vector_bench", "bench.graph_bench", "bench.ask_bench",
    "bench.ask_load_bench",
]


def main() -> None:
    only = sys.argv[1:]
    for name in BENCHES:
        if only and not any(o in name for o in only):
            continue
        started = time.monotonic()
        print(f"== {name}", flush=True)
        result = importlib.import_module(name).main()
        if asyncio.iscoroutine(result):
            asyncio.run(result)
        print(f"   ({time.monotonic() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
