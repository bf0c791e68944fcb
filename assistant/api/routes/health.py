"""Liveness with the state of each store."""

from __future__ import annotations

from fastapi import APIRouter, Response

from assistant.api.deps import ContainerDep
from assistant.api.schemas.users import Health

router = APIRouter(tags=["health"])


@router.get("/health", responses={503: {"model": Health, "description": "a store is unreachable (`degraded`)"}})
async def health(container: ContainerDep, response: Response) -> Health:
    """`healthy` when every store answers; each store's state by name."""
    report = await container.health()
    ok = all(v == "connected" for k, v in report.items() if k in ("clickhouse", "qdrant", "graph"))
    response.status_code = 200 if ok else 503
    return Health.model_validate({"status": "healthy" if ok else "degraded", **report})
