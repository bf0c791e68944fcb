"""Read routes over the event store."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, HTTPException, Query, Response

from assistant.api.deps import CallerDep, ContainerDep, PathUser
from assistant.api.json_body import TextJSONRoute
from assistant.api.schemas.common import AUTH_ERRORS
from assistant.api.schemas.reads import EventList, Stats
from core.events import Event
from core.text import excerpt
from core.timerange import check_supported
from ingest.schemas import EVENT_TYPES

router = APIRouter(prefix="/api/v1/stream", tags=["events"], responses=AUTH_ERRORS, route_class=TextJSONRoute)


def event_json(event: Event, tz: Any = None) -> dict[str, Any]:
    ts = event.ts.astimezone(tz) if tz is not None else event.ts
    out: dict[str, Any] = {"id": event.client_id or str(event.id), "type": event.type, "ts": ts.isoformat()}
    if event.lat is not None:
        out["lat"], out["lon"] = event.lat, event.lon
    out.update(event.payload)
    return out


def _time(value: str | None, field: str, tz: Any) -> datetime | None:
    if value is None:
        return None
    try:
        ts = datetime.fromisoformat(value)
    except ValueError:
        raise HTTPException(status_code=422, detail=f"{field}: not an ISO 8601 time: {excerpt(value)!r}") from None
    return check_supported(ts.replace(tzinfo=tz) if ts.tzinfo is None else ts, field)


# EventList documents the answer; the route writes the JSON itself. Events are free-form (every payload field comes
# back), and putting up to 10,000 of them through the model costs ~5x the plain encoding.
@router.get("/events/{user_id}", response_model=EventList)
async def list_events(
    user_id: PathUser,
    container: ContainerDep,
    caller: CallerDep,
    from_: Annotated[str | None, Query(alias="from")] = None,
    to: str | None = None,
    type: str | None = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
) -> Response:
    """The user's events in [from, to), newest first."""
    types = [t.strip() for t in type.split(",")] if type else None
    for t in types or []:
        if t not in EVENT_TYPES:
            raise HTTPException(
                status_code=422, detail=f"type: unknown {excerpt(t)!r}; expected one of {', '.join(EVENT_TYPES)}"
            )
    events = await container.events.list_events(
        user_id, _time(from_, "from", caller.tz), _time(to, "to", caller.tz), types, limit
    )
    body = {"events": [event_json(e, caller.tz) for e in events], "count": len(events)}
    return Response(orjson.dumps(body), media_type="application/json")


@router.get("/stats/{user_id}")
async def stats(user_id: PathUser, container: ContainerDep, caller: CallerDep) -> Stats:
    """Counts by type, first and last event, and how many events the derived indexes still have to catch up."""
    s = await container.events.stats(user_id)
    return Stats(
        events=s.events,
        by_type=s.by_type,
        first=s.first.astimezone(caller.tz).isoformat() if s.first else None,
        last=s.last.astimezone(caller.tz).isoformat() if s.last else None,
        pending_index=await container.pending_index(user_id),
        quarantined=await container.quarantined(user_id),
    )
