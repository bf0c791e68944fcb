"""Filters, points and query requests of the qdrant-edge adapter (edge.py), apart so each module stays short."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from qdrant_edge import (
    FieldCondition,
    Filter,
    MatchAny,
    MatchValue,
    Point,
    Prefetch,
    QueryRequest,
    RangeFloat,
    SparseVector,
)
from qdrant_edge import Fusion as EdgeFusion
from qdrant_edge import Query as EdgeQuery

from core.events import VectorPoint
from indexing.vectors.schema import point_payload
from indexing.vectors.sparse import RRF_K, SPARSE_NAME, document_sparse, prefetch_limit, query_sparse


def user_filter(
    user_id: UUID, start_ms: int | None = None, end_ms: int | None = None, types: Sequence[str] | None = None
) -> Filter:
    must: list[Any] = [FieldCondition("user_id", match=MatchValue(str(user_id)))]
    if start_ms is not None or end_ms is not None:
        # Floats are exact for epoch ms (< 2**53), and edge applies a float range to an integer index.
        gte = float(start_ms) if start_ms is not None else None
        lt = float(end_ms) if end_ms is not None else None
        must.append(FieldCondition("ts", range=RangeFloat(gte=gte, lt=lt)))
    if types:
        must.append(FieldCondition("type", match=MatchAny(list(types))))
    return Filter(must=must)


def edge_point(p: VectorPoint) -> Point:
    indices, values = document_sparse(p.text)
    return Point(p.id, {"": p.vector, SPARSE_NAME: SparseVector(indices, values)}, point_payload(p))


def query_request(vector: list[float] | None, text: str | None, limit: int, where: Filter) -> QueryRequest:
    """Dense only, BM25 only, or both fused by RRF (each side prefetches more than `limit` so a text strong on one
    side and middling on the other still reaches the fusion)."""
    words = SparseVector(*query_sparse(text)) if text else None
    if vector is not None and words is not None and words.indices:
        deep = prefetch_limit(limit)
        prefetches = [
            Prefetch(limit=deep, query=EdgeQuery.Nearest(vector), filter=where),
            Prefetch(limit=deep, query=EdgeQuery.Nearest(words, using=SPARSE_NAME), filter=where),
        ]
        fusion = EdgeFusion.Rrf(k=RRF_K)  # the stub types only Fusion, the engine takes its Rrf variant
        return QueryRequest(limit=limit, prefetches=prefetches, query=fusion, filter=where, with_payload=True)  # type: ignore[arg-type]
    if vector is not None:
        return QueryRequest(limit=limit, query=EdgeQuery.Nearest(vector), filter=where, with_payload=True)
    assert words is not None
    query = EdgeQuery.Nearest(words, using=SPARSE_NAME)
    return QueryRequest(limit=limit, query=query, filter=where, with_payload=True)
