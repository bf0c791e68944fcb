"""Liveness with the state of each store."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from assistant.api.deps import ContainerDep

router = APIRouter(tags=["health"])


@router.get("/health")
async def health(container: ContainerDep) -> JSONResponse:
    """`healthy` when every store answers; each store's state by name."""
    report: dict[str, Any] = await container.health()
    ok = all(v == "connected" for k, v in report.items() if k in ("clickhouse", "qdrant", "graph"))
    report = {"status": "healthy" if ok else "degraded", **report}
    return JSONResponse(report, status_code=200 if ok else 503)
