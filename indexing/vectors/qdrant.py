"""VectorIndex on a Qdrant server through qdrant-client (async), or on its local mode for tests.

Same collections (`memories_v2_<dim>`: dense + BM25 sparse with the IDF modifier), payload, sparse encoding and
filters as the embedded adapter, so data written by either is read the same way; hybrid search is the server's
own fusion query (two prefetches, RRF with the same k). Local mode (`path=` or `":memory:"`) is a pure-Python
stand-in for the server: correct but slow (seconds per filtered search at 100k points), so it is for contract
tests, never the default.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from uuid import UUID

from qdrant_client import AsyncQdrantClient, models
from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse

from core.errors import StoreError
from core.events import VectorHit, VectorPoint
from indexing.vectors.schema import (
    COLLECTION_PREFIX,
    LEGACY_PREFIX,
    collection_name,
    dims_of,
    hit_from_payload,
    point_payload,
)
from indexing.vectors.sparse import RRF_K, SPARSE_NAME, document_sparse, prefetch_limit, query_sparse

logger = logging.getLogger(__name__)


def _user_filter(
    user_id: UUID, start_ms: int | None = None, end_ms: int | None = None, types: Sequence[str] | None = None
) -> models.Filter:
    must: list[models.Condition] = [models.FieldCondition(key="user_id", match=models.MatchValue(value=str(user_id)))]
    if start_ms is not None or end_ms is not None:
        must.append(models.FieldCondition(key="ts", range=models.Range(gte=start_ms, lt=end_ms)))
    if types:
        must.append(models.FieldCondition(key="type", match=models.MatchAny(any=list(types))))
    return models.Filter(must=must)


def _point(p: VectorPoint) -> models.PointStruct:
    indices, values = document_sparse(p.text)
    vectors: dict[str, models.Vector] = {
        "": list(p.vector),
        SPARSE_NAME: models.SparseVector(indices=indices, values=values),
    }
    return models.PointStruct(id=str(p.id), vector=vectors, payload=point_payload(p))


def _sparse_query(text: str) -> models.SparseVector | None:
    """The question as a sparse vector; None when it holds only stopwords (nothing to match)."""
    indices, values = query_sparse(text)
    return models.SparseVector(indices=indices, values=values) if indices else None


class QdrantVectorIndex:
    """`url` for a Qdrant server; `path` (a directory or `":memory:"`) for qdrant-client's local mode."""

    upsert_batch = 512  # points per request: ~2-3 MB of JSON at 512-d, far below the server's 32 MB limit

    def __init__(self, url: str | None = None, path: str | None = None, api_key: str | None = None) -> None:
        if (url is None) == (path is None):
            raise ValueError("QdrantVectorIndex needs exactly one of url (server) or path (local mode)")
        self._local = path is not None
        if path == ":memory:":
            self._client = AsyncQdrantClient(location=":memory:")
        elif path is not None:
            self._client = AsyncQdrantClient(path=path)
        else:
            # No version probe at construction: the service must start while the server is still coming up.
            self._client = AsyncQdrantClient(url=url, api_key=api_key, check_compatibility=False)
        self._known: set[int] = set()
        self._active_dim: int | None = None

    async def _collection_dims(self, prefix: str = COLLECTION_PREFIX) -> list[int]:
        response = await self._client.get_collections()
        return dims_of((c.name for c in response.collections), prefix)

    async def _ensure(self, dim: int) -> str:
        name = collection_name(dim)
        if dim in self._known:
            return name
        try:
            if not await self._client.collection_exists(name):
                await self._create(name, dim)
        except (UnexpectedResponse, ResponseHandlingException) as exc:
            raise StoreError(f"qdrant: cannot create {name}: {exc}") from exc
        self._known.add(dim)
        return name

    async def _create(self, name: str, dim: int) -> None:
        await self._client.create_collection(
            name,
            vectors_config=models.VectorParams(size=dim, distance=models.Distance.COSINE),
            sparse_vectors_config={SPARSE_NAME: models.SparseVectorParams(modifier=models.Modifier.IDF)},
        )
        if self._local:
            return  # local mode has no payload indexes (it warns and ignores them)
        indexes: dict[str, models.PayloadSchemaParams] = {
            # is_tenant: the server co-locates each user's points, which is what user-filtered search needs.
            "user_id": models.KeywordIndexParams(type=models.KeywordIndexType.KEYWORD, is_tenant=True),
            "ts": models.IntegerIndexParams(type=models.IntegerIndexType.INTEGER, lookup=False, range=True),
            "type": models.KeywordIndexParams(type=models.KeywordIndexType.KEYWORD),
        }
        for field, schema in indexes.items():
            await self._client.create_payload_index(name, field, field_schema=schema, wait=True)
        logger.info("created qdrant collection %s", name)

    async def ensure(self, dim: int) -> None:
        await self._ensure(dim)
        self._active_dim = dim

    async def upsert(self, points: Sequence[VectorPoint]) -> None:
        by_dim: dict[int, list[VectorPoint]] = {}
        for p in points:
            by_dim.setdefault(len(p.vector), []).append(p)
        for dim, group in by_dim.items():
            name = await self._ensure(dim)
            for i in range(0, len(group), self.upsert_batch):
                batch = [_point(p) for p in group[i : i + self.upsert_batch]]
                await self._client.upsert(name, points=batch, wait=True)
        if self._active_dim is None and len(by_dim) == 1:
            self._active_dim = next(iter(by_dim))

    async def _existing(self, dim: int | None) -> str | None:
        if dim is not None and dim in self._known:
            return collection_name(dim)
        dims = await self._collection_dims()
        if dim is None:
            dim = dims[0] if len(dims) == 1 else None
        if dim is None or dim not in dims:
            return None
        self._known.add(dim)
        return collection_name(dim)

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
        name = await self._existing(len(vector))
        if name is None:
            return []
        where = _user_filter(user_id, start_ms, end_ms, types)
        sparse = _sparse_query(text) if text else None
        if sparse is None:
            response = await self._client.query_points(
                name, query=list(vector), query_filter=where, limit=limit, with_payload=True
            )
        else:
            deep = prefetch_limit(limit)
            response = await self._client.query_points(
                name,
                prefetch=[
                    models.Prefetch(query=list(vector), filter=where, limit=deep),
                    models.Prefetch(query=sparse, using=SPARSE_NAME, filter=where, limit=deep),
                ],
                query=models.RrfQuery(rrf=models.Rrf(k=RRF_K)),
                query_filter=where,
                limit=limit,
                with_payload=True,
            )
        return [hit_from_payload(p.payload or {}, p.score) for p in response.points]

    async def keyword_search(
        self,
        user_id: UUID,
        text: str,
        limit: int = 10,
        start_ms: int | None = None,
        end_ms: int | None = None,
        types: Sequence[str] | None = None,
    ) -> list[VectorHit]:
        name = await self._existing(self._active_dim)
        sparse = _sparse_query(text)
        if name is None or sparse is None:
            return []
        where = _user_filter(user_id, start_ms, end_ms, types)
        response = await self._client.query_points(
            name, query=sparse, using=SPARSE_NAME, query_filter=where, limit=limit, with_payload=True
        )
        return [hit_from_payload(p.payload or {}, p.score) for p in response.points]

    async def count(self, user_id: UUID) -> int:
        """Points of the user in the active collection (the one `ensure` named last)."""
        name = await self._existing(self._active_dim)
        if name is None:
            return 0
        result = await self._client.count(name, count_filter=_user_filter(user_id), exact=True)
        return int(result.count)

    async def delete_user(self, user_id: UUID) -> None:
        """Removes the user's points from every collection of ours, not only the active one: older layouts too."""
        selector = models.FilterSelector(filter=_user_filter(user_id))
        for name in [collection_name(d) for d in await self._collection_dims()] + await self.outdated():
            await self._client.delete(name, points_selector=selector, wait=True)

    async def outdated(self) -> list[str]:
        return [f"{LEGACY_PREFIX}{dim}" for dim in await self._collection_dims(LEGACY_PREFIX)]

    async def drop_outdated(self) -> None:
        for name in await self.outdated():
            await self._client.delete_collection(name)
            logger.info("dropped the dense-only qdrant collection %s (reindexed into %s)", name, COLLECTION_PREFIX)

    async def ping(self) -> bool:
        try:
            await self._client.get_collections()
        except Exception:  # any failure means "not reachable now"; ping must not raise
            return False
        return True

    async def close(self) -> None:
        await self._client.close()
