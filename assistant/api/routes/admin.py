"""Admin routes: only the local admin token (the `brain` CLI reads it from the data dir) reaches them."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.api.deps import AdminDep, ContainerDep, parse_user_id
from assistant.api.json_body import TextJSONRoute
from assistant.api.schemas.common import AUTH_ERRORS
from assistant.api.schemas.users import (
    CreatedUser,
    DerivedTableFix,
    IndexRepair,
    ListedUser,
    NewUser,
    Reindexed,
    ReindexRequest,
    Repaired,
    UserList,
)

users_router = APIRouter(prefix="/api/v1/users", tags=["admin"], responses=AUTH_ERRORS, route_class=TextJSONRoute)
router = APIRouter(prefix="/api/v1/admin", tags=["admin"], responses=AUTH_ERRORS, route_class=TextJSONRoute)


@users_router.post("")
async def create_user(body: NewUser, container: ContainerDep, _: AdminDep) -> CreatedUser:
    """Create a user; the token is shown once."""
    user, token = await container.users.create(body.name, body.timezone or container.settings.timezone)
    return CreatedUser(user_id=str(user.id), name=user.name, timezone=user.timezone, token=token)


@users_router.get("")
async def list_users(container: ContainerDep, _: AdminDep) -> UserList:
    """Every user (admin only)."""
    users = await container.users.list()
    return UserList(users=[
        ListedUser(user_id=str(u.id), name=u.name, timezone=u.timezone, created_at=u.created_at.isoformat())
        for u in users
    ])


@router.post("/reindex")
async def reindex(body: ReindexRequest, container: ContainerDep, _: AdminDep) -> Reindexed:
    """Rebuild vectors and graph from the event store: one user's, or every user's (`all`)."""
    target = None if body.user == "all" else parse_user_id(body.user, "user")
    return Reindexed(events=await container.indexer.reindex(target))


@router.post("/repair")
async def repair(body: ReindexRequest, container: ContainerDep, _: AdminDep) -> Repaired:
    """Rebuild derived tables, vectors and graph from `events` (one user, or `all`) and report what was wrong."""
    target = None if body.user == "all" else parse_user_id(body.user, "user")
    report = await container.repair(target)
    return Repaired(
        derived=[DerivedTableFix(table=f.table, user_id=str(f.user_id), before=f.before, after=f.after)
                 for f in report.derived],  # fmt: skip
        indexes=[IndexRepair(user_id=str(i.user_id), **{k: getattr(i, k) for k in _COUNTS}) for i in report.indexes],
        reindexed=report.reindexed,
    )


_COUNTS = ("vectors_before", "vectors_after", "graph_before", "graph_after")
