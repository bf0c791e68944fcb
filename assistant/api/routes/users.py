"""The user's own data: erase everything, or export it as JSON lines. Creating and listing users is admin.py."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import orjson
from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from assistant.api.deps import CallerDep, ContainerDep, PathUser
from assistant.api.json_body import TextJSONRoute
from assistant.api.routes.events import event_json
from assistant.api.schemas.common import AUTH_ERRORS, EVENT_ID
from assistant.api.schemas.ingest import ref
from assistant.api.schemas.reads import StoredEvent
from assistant.api.schemas.users import Erased

router = APIRouter(prefix="/api/v1/users", tags=["users"], responses=AUTH_ERRORS, route_class=TextJSONRoute)


class NDJSONResponse(StreamingResponse):
    media_type = "application/x-ndjson"


_EXPORT_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "One StoredEvent object per line (JSON lines), oldest first.",
        "content": {
            "application/x-ndjson": {
                # The body is text; each line is a StoredEvent (`itemSchema`: OpenAPI 3.2's field for streams).
                "schema": {"type": "string", "description": "JSON lines: one StoredEvent per line"},
                "itemSchema": ref(StoredEvent),
                "example": f'{{"id": "{EVENT_ID}", "type": "diary", "ts": "2025-10-10T22:00:00+03:00", '
                '"text": "Сдал проект"}\n',
            }
        },
    }
}


@router.delete("/{user_id}")
async def erase_user(user_id: PathUser, container: ContainerDep) -> Erased:
    """Erase everything of the user in every store, and revoke their tokens."""
    await container.erase_user(user_id)
    return Erased(erased=str(user_id))


@router.get("/{user_id}/export", response_class=NDJSONResponse, responses=_EXPORT_DOC)
async def export_user(user_id: PathUser, container: ContainerDep, caller: CallerDep) -> NDJSONResponse:
    """All of the user's events as JSON lines, oldest first."""

    async def lines() -> AsyncIterator[bytes]:
        async for batch in container.iter_events(user_id):
            yield b"".join(orjson.dumps(event_json(e, caller.tz)) + b"\n" for e in batch)

    return NDJSONResponse(lines())
