"""Users: created by the local admin (the CLI); erase and export by the user themself."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import orjson
from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from assistant.api.deps import AdminDep, CallerDep, ContainerDep, PathUser, parse_user_id
from assistant.api.routes.events import event_json

router = APIRouter(prefix="/api/v1/users", tags=["users"])


class NewUser(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    timezone: str | None = None


@router.post("")
async def create_user(body: NewUser, container: ContainerDep, _: AdminDep) -> dict[str, Any]:
    """Create a user; the token is shown once."""
    user, token = await container.users.create(body.name, body.timezone or container.settings.timezone)
    return {"user_id": str(user.id), "name": user.name, "timezone": user.timezone, "token": token}


@router.get("")
async def list_users(container: ContainerDep, _: AdminDep) -> dict[str, Any]:
    """Every user (admin only)."""
    users = await container.users.list()
    return {"users": [{"user_id": str(u.id), "name": u.name, "timezone": u.timezone,
                       "created_at": u.created_at.isoformat()} for u in users]}


@router.delete("/{user_id}")
async def erase_user(user_id: PathUser, container: ContainerDep) -> dict[str, Any]:
    """Erase everything of the user in every store, and revoke their tokens."""
    await container.erase_user(user_id)
    return {"erased": str(user_id)}


@router.get("/{user_id}/export")
async def export_user(user_id: PathUser, container: ContainerDep, caller: CallerDep) -> StreamingResponse:
    """All of the user's events as JSON lines, oldest first."""

    async def lines() -> AsyncIterator[bytes]:
        async for batch in container.iter_events(user_id):
            yield b"".join(orjson.dumps(event_json(e, caller.tz)) + b"\n" for e in batch)

    return StreamingResponse(lines(), media_type="application/x-ndjson")


class ReindexBody(BaseModel):
    user: str = Field(description="a user id, or `all`")


admin_router = APIRouter(prefix="/api/v1/admin", tags=["admin"])


@admin_router.post("/reindex")
async def reindex(body: ReindexBody, container: ContainerDep, _: AdminDep) -> dict[str, Any]:
    """Rebuild vectors and graph from the event store (admin only: the CLI)."""
    target = None if body.user == "all" else parse_user_id(body.user, "user")
    return {"events": await container.indexer.reindex(target)}
