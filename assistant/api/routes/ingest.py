"""Ingest routes: batches and single events."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, HTTPException, Request

from assistant.api.deps import CallerDep, ContainerDep, parse_user_id
from assistant.api.json_body import TextJSONRoute
from assistant.api.schemas.common import AUTH_ERRORS, ErrorDetail
from assistant.api.schemas.ingest import (
    IngestBatch,
    IngestOneResult,
    IngestResult,
    ref,
    request_body,
    single_body_schema,
)

router = APIRouter(prefix="/api/v1/stream", tags=["ingest"], responses=AUTH_ERRORS, route_class=TextJSONRoute)

_BODY_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorDetail, "description": "the body is not JSON"},
    413: {"model": ErrorDetail, "description": "the body or the batch is over its limit"},
}


async def _read_json(request: Request) -> Any:
    # BRAIN_MAX_BODY_MB is the app's max_body_size: a larger body raises 413 from inside request.body().
    body = await request.body()
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise HTTPException(status_code=400, detail=f"body is not valid JSON: {exc}") from None


@router.post("/ingest", responses=_BODY_ERRORS, openapi_extra=request_body(ref(IngestBatch)))
async def ingest_batch(request: Request, container: ContainerDep, caller: CallerDep) -> IngestResult:
    """Store a batch of events; per-item errors name the index and the field, valid siblings are stored."""
    settings = container.settings
    body = await _read_json(request)
    if not isinstance(body, dict):
        raise HTTPException(status_code=422, detail="body must be an object with user_id and events")
    user_id = parse_user_id(body.get("user_id"))
    caller.authorize(user_id)
    events = body.get("events")
    if not isinstance(events, list):
        raise HTTPException(status_code=422, detail="events: required, a list of events")
    if not events:
        raise HTTPException(status_code=422, detail="events: must not be empty")
    if len(events) > settings.max_batch_events:
        raise HTTPException(
            status_code=413, detail=f"events: {len(events)} in one batch, the limit is {settings.max_batch_events}"
        )
    result = await container.ingest.ingest(user_id, events, caller.tz)
    container.notify_ingested()
    return IngestResult.model_validate(result.as_dict())


@router.post("/ingest/single", responses=_BODY_ERRORS, openapi_extra=request_body(single_body_schema()))
async def ingest_single(request: Request, container: ContainerDep, caller: CallerDep) -> IngestOneResult:
    """Store one event: `{"user_id": …, "event": {…}}` or the event itself with a user_id field."""
    body = await _read_json(request)
    if not isinstance(body, dict):
        raise HTTPException(status_code=422, detail="body must be an object")
    user_id = parse_user_id(body.get("user_id"))
    caller.authorize(user_id)
    event = body.get("event")
    if event is None:
        event = {k: v for k, v in body.items() if k != "user_id"}
    result = await container.ingest.ingest(user_id, [event], caller.tz)
    if result.rejected:
        raise HTTPException(status_code=422, detail=result.rejected[0].error)
    container.notify_ingested()
    return IngestOneResult.model_validate({**result.as_dict(), "id": str(result.event_ids[0])})
