"""Liveness with the state of each store."""

from __future__ import annotations

from fastapi import APIRouter, Response

from assistant.api.deps import ContainerDep
from assistant.api.json_body import TextJSONRoute
from assistant.api.schemas.users import Health

router = APIRouter(tags=["health"], route_class=TextJSONRoute)


@router.get("/health", responses={503: {"model": Health, "description": "a store is unreachable (`degraded`)"}})
async def health(container: ContainerDep, response: Response) -> Health:
    """`healthy` when every store answers and nothing needs a look; each store's state by name."""
    report = await container.health()
    ok = all(v == "connected" for k, v in report.items() if k in ("clickhouse", "qdrant", "graph"))
    # 503 only when a store is unreachable: quarantined events or a paused indexer are `degraded` with a `reason`
    # but still 200, since a restart (what an orchestrator does on 503) fixes neither.
    response.status_code = 200 if ok else 503
    status = "healthy" if ok and "reason" not in report else "degraded"
    return Health.model_validate({"status": status, **report})
