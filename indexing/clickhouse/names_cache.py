"""The user's own names (items, places, people, …) per field, kept between questions.

Nearly every question first looks up the names its words may mean: one to three queries of 4–20 ms each on chDB,
a third of an ask's SQL. Names change only when the user's events do, so a cached list stays exact as long as this
process sees every write (the embedded store: one process owns the data dir). A ClickHouse server may be written by
other replicas too, so there an entry also expires after `ttl_s`.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from uuid import UUID


class NamesCache:
    def __init__(self, ttl_s: float | None, size: int = 4096) -> None:
        self.ttl_s, self.size = ttl_s, size
        self._entries: OrderedDict[tuple[UUID, str], tuple[int, float, list[str]]] = OrderedDict()
        self._generation: dict[UUID, int] = {}

    async def get(self, user_id: UUID, field: str, load: Callable[[], Awaitable[list[str]]]) -> list[str]:
        key, generation = (user_id, field), self._generation.get(user_id, 0)
        hit = self._entries.get(key)
        if hit is not None and hit[0] == generation and (self.ttl_s is None or time.monotonic() - hit[1] < self.ttl_s):
            self._entries.move_to_end(key)
            return list(hit[2])
        names = await load()
        # A write during the load bumped the generation: keep the answer, but do not cache what may be stale.
        if self._generation.get(user_id, 0) == generation:
            self._entries[key] = (generation, time.monotonic(), names)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return list(names)

    def changed(self, users: Iterable[UUID]) -> None:
        """These users' events were written, deleted or rebuilt: their names are looked up again."""
        for user_id in users:
            self._generation[user_id] = self._generation.get(user_id, 0) + 1
