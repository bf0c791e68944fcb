"""InMemoryVectorIndex: exact cosine search over stored points, one collection per vector size like the Qdrant
adapters (indexing/vectors/edge.py)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from uuid import UUID

from core.errors import StoreError
from core.events import VectorHit, VectorPoint

Collections = dict[int, dict[UUID, VectorPoint]]


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return sum(x * y for x, y in zip(a, b, strict=True)) / norm if norm else 0.0


class InMemoryVectorIndex:
    """`collections` (vector size → point id → point) may be shared: a second index over the same dict is the
    adapter reopened on the same storage."""

    def __init__(self, collections: Collections | None = None) -> None:
        self.collections: Collections = collections if collections is not None else {}
        self._active_dim: int | None = None
        self._closed = False

    def _check(self) -> None:
        if self._closed:
            raise StoreError("vector index is closed")

    async def ensure(self, dim: int) -> None:
        self._check()
        self.collections.setdefault(dim, {})
        self._active_dim = dim

    async def upsert(self, points: Sequence[VectorPoint]) -> None:
        self._check()
        for point in points:
            self.collections.setdefault(len(point.vector), {})[point.id] = point
        dims = {len(p.vector) for p in points}
        if self._active_dim is None and len(dims) == 1:
            self._active_dim = dims.pop()

    async def search(
        self,
        user_id: UUID,
        vector: Sequence[float],
        limit: int = 10,
        start_ms: int | None = None,
        end_ms: int | None = None,
        types: Sequence[str] | None = None,
    ) -> list[VectorHit]:
        self._check()
        hits = [
            VectorHit(event_id=p.event_id, type=p.type, ts_ms=p.ts_ms, text=p.text, score=_cosine(vector, p.vector))
            for p in self.collections.get(len(vector), {}).values()
            if p.user_id == user_id
            and (start_ms is None or p.ts_ms >= start_ms)
            and (end_ms is None or p.ts_ms < end_ms)
            and (not types or p.type in types)
        ]
        return sorted(hits, key=lambda h: -h.score)[:limit]

    async def count(self, user_id: UUID) -> int:
        """Points of the user in the active collection (the one `ensure` named last, or the only one)."""
        self._check()
        dim = self._active_dim
        if dim is None and len(self.collections) == 1:
            dim = next(iter(self.collections))
        return sum(1 for p in self.collections.get(dim, {}).values() if p.user_id == user_id) if dim else 0

    async def delete_user(self, user_id: UUID) -> None:
        self._check()
        for points in self.collections.values():
            for pid in [pid for pid, p in points.items() if p.user_id == user_id]:
                del points[pid]

    async def ping(self) -> bool:
        return not self._closed

    async def close(self) -> None:
        self._closed = True
