"""InMemoryVectorIndex: exact cosine search and a plain BM25 (tests/fakes/bm25.py) over stored points, fused by RRF
like the Qdrant adapters; one collection per vector size (indexing/vectors/edge.py)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from uuid import UUID

from core.errors import StoreError
from core.events import VectorHit, VectorPoint
from tests.fakes.bm25 import scores, terms

Collections = dict[int, dict[UUID, VectorPoint]]
RRF_K, PREFETCH_MIN = 2, 50  # as indexing/vectors/sparse.py


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return sum(x * y for x, y in zip(a, b, strict=True)) / norm if norm else 0.0


def _hit(p: VectorPoint, score: float) -> VectorHit:
    return VectorHit(event_id=p.event_id, type=p.type, ts_ms=p.ts_ms, text=p.text, score=score)


def _hit_scored(hit: VectorHit, score: float) -> VectorHit:
    return VectorHit(event_id=hit.event_id, type=hit.type, ts_ms=hit.ts_ms, text=hit.text, score=score)


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

    def _candidates(
        self, dim: int | None, user_id: UUID, start_ms: int | None, end_ms: int | None, types: Sequence[str] | None
    ) -> list[VectorPoint]:
        return [
            p
            for p in self.collections.get(dim or 0, {}).values()
            if p.user_id == user_id
            and (start_ms is None or p.ts_ms >= start_ms)
            and (end_ms is None or p.ts_ms < end_ms)
            and (not types or p.type in types)
        ]

    def _bm25(self, dim: int | None, points: list[VectorPoint], text: str, limit: int) -> list[VectorHit]:
        corpus = [terms(p.text) for p in self.collections.get(dim or 0, {}).values()]
        by_key = scores(text, {i: terms(p.text) for i, p in enumerate(points)}, corpus)
        ranked = sorted(by_key.items(), key=lambda kv: -kv[1])[:limit]
        return [_hit(points[i], score) for i, score in ranked]

    async def search(
        self,
        user_id: UUID,
        vector: Sequence[float],
        limit: int = 10,
        start_ms: int | None = None,
        end_ms: int | None = None,
        types: Sequence[str] | None = None,
        text: str | None = None,
    ) -> list[VectorHit]:
        self._check()
        points = self._candidates(len(vector), user_id, start_ms, end_ms, types)
        dense = sorted((_hit(p, _cosine(vector, p.vector)) for p in points), key=lambda h: -h.score)
        if not text:
            return dense[:limit]
        deep = max(PREFETCH_MIN, 4 * limit)
        fused: dict[UUID, float] = {}
        hits: dict[UUID, VectorHit] = {}
        for ranked in (dense[:deep], self._bm25(len(vector), points, text, deep)):
            for rank, hit in enumerate(ranked):
                fused[hit.event_id] = fused.get(hit.event_id, 0.0) + 1 / (RRF_K + rank + 1)
                hits[hit.event_id] = hit
        best = sorted(fused.items(), key=lambda kv: -kv[1])[:limit]
        return [_hit_scored(hits[eid], score) for eid, score in best]

    async def keyword_search(
        self,
        user_id: UUID,
        text: str,
        limit: int = 10,
        start_ms: int | None = None,
        end_ms: int | None = None,
        types: Sequence[str] | None = None,
    ) -> list[VectorHit]:
        self._check()
        dim = self._dim()
        return self._bm25(dim, self._candidates(dim, user_id, start_ms, end_ms, types), text, limit)

    def _dim(self) -> int | None:
        if self._active_dim is None and len(self.collections) == 1:
            return next(iter(self.collections))
        return self._active_dim

    async def count(self, user_id: UUID) -> int:
        """Points of the user in the active collection (the one `ensure` named last, or the only one)."""
        self._check()
        dim = self._dim()
        return sum(1 for p in self.collections.get(dim, {}).values() if p.user_id == user_id) if dim else 0

    async def delete_user(self, user_id: UUID) -> None:
        self._check()
        for points in self.collections.values():
            for pid in [pid for pid, p in points.items() if p.user_id == user_id]:
                del points[pid]

    async def outdated(self) -> list[str]:
        return []  # the fake has one layout only

    async def drop_outdated(self) -> None:
        return None

    async def ping(self) -> bool:
        return not self._closed

    async def close(self) -> None:
        self._closed = True
