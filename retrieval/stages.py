"""Time spent per retrieval stage (sql, vector, graph) within one ask, for the benchmark's stage shares.

A context variable holds the current ask's totals, so concurrent asks (and ingest requests sharing the stores)
never mix their figures; outside an ask nothing is recorded.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar

_current: ContextVar[dict[str, float] | None] = ContextVar("stage_timings", default=None)


@contextmanager
def collecting() -> Iterator[dict[str, float]]:
    """Collect stage times (ms) of everything awaited inside the block into the yielded dict."""
    totals: dict[str, float] = {}
    token = _current.set(totals)
    try:
        yield totals
    finally:
        _current.reset(token)


@asynccontextmanager
async def stage(name: str) -> AsyncIterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        totals = _current.get()
        if totals is not None:
            totals[name] = totals.get(name, 0.0) + (time.perf_counter() - started) * 1000
