"""VectorIndex on qdrant-edge: Qdrant's Rust engine in-process, one shard directory per vector size.

Layout: `<path>/memories_v2_<dim>/` holds one EdgeShard (edge has no collections; a shard is a directory), so
switching embedders never mixes vectors of different models. Each point has the dense vector and the BM25 sparse
vector of its text (indexing/vectors/sparse.py); a search with the question's text fuses both by RRF inside the
engine (two prefetches, `Fusion.Rrf`). `memories_<dim>/` is the older dense-only layout (see schema.py).
Updates go to edge's write-ahead log, so an acknowledged upsert survives a crash; `close()` flushes segments so
the next open skips WAL replay.

Edge is synchronous; every call runs in a worker thread. The shard is `Sync` in Rust and safe to query
concurrently (checked with parallel writers and readers), so reads are not serialised; writes take a lock only
to keep batches in order, and `close()` waits for in-flight calls because a closed shard raises.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar
from uuid import UUID

from qdrant_edge import (
    CountRequest,
    Distance,
    EdgeConfig,
    EdgeShard,
    EdgeSparseVectorParams,
    EdgeVectorParams,
    IntegerIndexParams,
    KeywordIndexParams,
    Modifier,
    QueryRequest,
    UpdateOperation,
)

from core.errors import StoreError
from core.events import VectorHit, VectorPoint
from indexing.vectors.edge_query import edge_point, query_request, user_filter
from indexing.vectors.schema import (
    COLLECTION_PREFIX,
    LEGACY_PREFIX,
    collection_name,
    dims_of,
    hit_from_payload,
    legacy_name,
)
from indexing.vectors.sparse import SPARSE_NAME, query_sparse

logger = logging.getLogger(__name__)

_T = TypeVar("_T")


class EdgeVectorIndex:
    """Embedded default VectorIndex. `path` is a directory of its own, e.g. `<data>/qdrant`."""

    upsert_batch = 2048  # points per edge update: one WAL record each, big enough to amortise the call

    def __init__(self, path: Path) -> None:
        self._root = Path(path)
        self._shards: dict[int, EdgeShard] = {}
        self._active_dim: int | None = None
        self._write_lock = threading.Lock()
        self._open_lock = threading.Lock()
        self._inflight = 0
        self._idle = threading.Condition()
        self._closed = False

    # ---- lifecycle -------------------------------------------------------------------------------------

    def _open(self, dim: int, create: bool) -> EdgeShard | None:
        with self._open_lock:
            if dim in self._shards:
                return self._shards[dim]
            where = self._root / collection_name(dim)
            if (where / "edge_config.json").exists():
                shard = EdgeShard.load(str(where))
            elif create:
                shard = self._create(where, dim)
            else:
                return None
            self._shards[dim] = shard
            return shard

    @staticmethod
    def _create(where: Path, dim: int) -> EdgeShard:
        where.mkdir(parents=True, exist_ok=True)
        shard = EdgeShard.create(
            str(where),
            EdgeConfig(
                vectors=EdgeVectorParams(size=dim, distance=Distance.Cosine),
                sparse_vectors={SPARSE_NAME: EdgeSparseVectorParams(modifier=Modifier.Idf)},
            ),
        )
        # is_tenant lets the engine lay points out per user; the ts index serves the range filter.
        shard.update(UpdateOperation.create_field_index("user_id", KeywordIndexParams(is_tenant=True)))
        shard.update(UpdateOperation.create_field_index("ts", IntegerIndexParams(lookup=False, range=True)))
        shard.update(UpdateOperation.create_field_index("type", KeywordIndexParams()))
        logger.info("created vector shard %s", where)
        return shard

    def _dims_on_disk(self, prefix: str = COLLECTION_PREFIX) -> list[int]:
        if not self._root.is_dir():
            return []
        return dims_of((child.name for child in self._root.iterdir() if child.is_dir()), prefix)

    @contextmanager
    def _call(self) -> Iterator[None]:
        with self._idle:
            if self._closed:
                raise StoreError("vector index is closed")
            self._inflight += 1
        try:
            yield
        finally:
            with self._idle:
                self._inflight -= 1
                self._idle.notify_all()

    async def _run(self, fn: Callable[[], _T]) -> _T:
        def guarded() -> _T:
            with self._call():
                try:
                    return fn()
                except StoreError:
                    raise
                except Exception as exc:  # edge raises bare Exception("Service runtime error: …")
                    raise StoreError(f"qdrant-edge: {exc}") from exc

        return await asyncio.to_thread(guarded)

    async def ensure(self, dim: int) -> None:
        await self._run(lambda: self._open(dim, create=True))
        self._active_dim = dim

    async def close(self) -> None:
        def close_all() -> None:
            with self._idle:
                self._closed = True
                self._idle.wait_for(lambda: self._inflight == 0)
            for shard in self._shards.values():
                shard.flush()
                shard.close()
            self._shards.clear()

        if not self._closed:
            await asyncio.to_thread(close_all)

    async def ping(self) -> bool:
        return not self._closed

    # ---- writes ----------------------------------------------------------------------------------------

    async def upsert(self, points: Sequence[VectorPoint]) -> None:
        if not points:
            return
        by_dim: dict[int, list[VectorPoint]] = {}
        for p in points:
            by_dim.setdefault(len(p.vector), []).append(p)

        def write() -> None:
            for dim, group in by_dim.items():
                shard = self._open(dim, create=True)
                assert shard is not None
                for i in range(0, len(group), self.upsert_batch):
                    batch = [edge_point(p) for p in group[i : i + self.upsert_batch]]
                    with self._write_lock:
                        shard.update(UpdateOperation.upsert_points(batch))

        await self._run(write)
        if self._active_dim is None and len(by_dim) == 1:
            self._active_dim = next(iter(by_dim))

    async def delete_user(self, user_id: UUID) -> None:
        """Removes the user's points from every vector size on disk, not only the active one, and from
        collections of the older layout still waiting to be dropped."""

        def delete() -> None:
            for dim in self._dims_on_disk():
                shard = self._open(dim, create=False)
                if shard is not None:
                    with self._write_lock:
                        shard.update(UpdateOperation.delete_points_by_filter(user_filter(user_id)))
            for dim in self._legacy_dims():
                legacy = EdgeShard.load(str(self._root / legacy_name(dim)))
                legacy.update(UpdateOperation.delete_points_by_filter(user_filter(user_id)))
                legacy.close()

        await self._run(delete)

    def _legacy_dims(self) -> list[int]:
        return [
            d for d in self._dims_on_disk(LEGACY_PREFIX) if (self._root / legacy_name(d) / "edge_config.json").exists()
        ]

    async def outdated(self) -> list[str]:
        return await self._run(lambda: [legacy_name(d) for d in self._legacy_dims()])

    async def drop_outdated(self) -> None:
        def drop() -> None:
            for dim in self._legacy_dims():
                shutil.rmtree(self._root / legacy_name(dim))
                logger.info(
                    "dropped the dense-only vector shard %s (reindexed into %s)", legacy_name(dim), collection_name(dim)
                )

        await self._run(drop)

    async def optimize(self) -> bool:
        """Merge segments and build HNSW where big enough. Not in the port: slow (minutes at 100k on 2 cores),
        blocks writes meanwhile; run it from a maintenance job, never on the request path."""

        def run() -> bool:
            with self._write_lock:
                changed = [shard.optimize() for shard in list(self._shards.values())]
            return any(changed)

        return await self._run(run)

    # ---- reads -----------------------------------------------------------------------------------------

    def _read_shard(self, dim: int | None) -> EdgeShard | None:
        if dim is None:
            on_disk = self._dims_on_disk()
            if len(on_disk) != 1:
                return None
            dim = on_disk[0]
        return self._open(dim, create=False)

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
        query_vector = list(vector)
        where = user_filter(user_id, start_ms, end_ms, types)
        return await self._query(len(query_vector), query_request(query_vector, text, limit, where))

    async def keyword_search(
        self,
        user_id: UUID,
        text: str,
        limit: int = 10,
        start_ms: int | None = None,
        end_ms: int | None = None,
        types: Sequence[str] | None = None,
    ) -> list[VectorHit]:
        if not query_sparse(text)[0]:
            return []  # only stopwords: nothing to match
        where = user_filter(user_id, start_ms, end_ms, types)
        return await self._query(self._active_dim, query_request(None, text, limit, where))

    async def _query(self, dim: int | None, request: QueryRequest) -> list[VectorHit]:
        def query() -> list[VectorHit]:
            shard = self._read_shard(dim)
            if shard is None:
                return []
            return [hit_from_payload(p.payload or {}, p.score) for p in shard.query(request)]

        return await self._run(query)

    async def count(self, user_id: UUID) -> int:
        """Points of the user in the active collection (the one `ensure` named last)."""

        def count() -> int:
            shard = self._read_shard(self._active_dim)
            if shard is None:
                return 0
            return int(shard.count(CountRequest(exact=True, filter=user_filter(user_id))))

        return await self._run(count)
