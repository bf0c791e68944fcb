"""What both Qdrant adapters agree on: collection names, the payload, and how a stored point becomes a hit.

Collections are `memories_v2_<dim>`: the dense vector (unnamed, cosine) and the BM25 sparse vector `bm25` (IDF
modifier) of each text. `memories_<dim>` is the older dense-only layout; a collection cannot gain a sparse vector
in place (edge refuses a changed vector config), so its texts are reindexed from the event store into the new one
and the old one is dropped once that is done (`Indexer.load` / `Indexer.catch_up`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from core.events import VectorHit, VectorPoint

COLLECTION_PREFIX = "memories_v2_"
LEGACY_PREFIX = "memories_"


def collection_name(dim: int) -> str:
    """The hybrid collection (edge: shard directory) for one vector size."""
    return f"{COLLECTION_PREFIX}{dim}"


def legacy_name(dim: int) -> str:
    return f"{LEGACY_PREFIX}{dim}"


def dims_of(names: Iterable[str], prefix: str) -> list[int]:
    """Vector sizes of the collections named `<prefix><dim>`."""
    dims = []
    for name in names:
        suffix = name.removeprefix(prefix)
        if name.startswith(prefix) and suffix.isdigit():
            dims.append(int(suffix))
    return sorted(dims)


def point_payload(point: VectorPoint) -> dict[str, Any]:
    """The payload both adapters store: everything a filter or a hit needs, ids as strings."""
    return {
        "user_id": str(point.user_id),
        "event_id": str(point.event_id),
        "type": point.type,
        "ts": point.ts_ms,
        "text": point.text,
    }


def hit_from_payload(payload: dict[str, Any], score: float) -> VectorHit:
    return VectorHit(
        event_id=UUID(payload["event_id"]), type=payload["type"], ts_ms=int(payload["ts"]),
        text=payload.get("text", ""), score=float(score),
    )  # fmt: skip
