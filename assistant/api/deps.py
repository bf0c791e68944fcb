"""Request dependencies: the container, the caller, and the rule that a token only reaches its own user."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.api.throttle import AuthThrottle
from assistant.bootstrap import Container
from core.text import excerpt


def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


ContainerDep = Annotated[Container, Depends(get_container)]


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling: a user (auth on), anyone (auth off) or the local admin (the CLI)."""

    user_id: UUID | None
    timezone: str
    admin: bool = False

    def authorize(self, user_id: UUID) -> None:
        if self.admin or self.user_id is None:
            return
        if user_id != self.user_id:
            raise HTTPException(status_code=403, detail="this token belongs to another user")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


# Declares the scheme in OpenAPI (the lock on every route that takes a caller). auto_error=False: get_caller
# decides, so auth-off mode and the admin token work and the 401 messages stay ours.
bearer_scheme = HTTPBearer(
    scheme_name="bearer",
    auto_error=False,
    description="A user's token (`brain users create NAME` prints it) or the local admin token in "
    "`<data dir>/admin.token`. Not needed with BRAIN_AUTH=off.",
)
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]


async def get_caller(request: Request, container: ContainerDep, credentials: BearerDep) -> Caller:
    settings = container.settings
    token = credentials.credentials if credentials else None
    throttle: AuthThrottle = request.app.state.auth_throttle
    client = request.client.host if request.client else "unknown"
    if token and settings.auth == "on":
        throttle.check(client)  # before any comparison: a blocked address's guesses are not even tried
    admin_token: str | None = getattr(request.app.state, "admin_token", None)
    if token and admin_token and hmac.compare_digest(token, admin_token):
        return Caller(user_id=None, timezone=settings.timezone, admin=True)
    if settings.auth == "off":
        return Caller(user_id=None, timezone=settings.timezone)
    if token is None:
        raise HTTPException(
            status_code=401, detail="missing Bearer token", headers={"WWW-Authenticate": "Bearer"}
        )
    user = await container.users.by_token(token)
    if user is None:
        throttle.failed(client)
        raise HTTPException(status_code=401, detail="invalid token", headers={"WWW-Authenticate": "Bearer"})
    return Caller(user_id=user.id, timezone=user.timezone)


CallerDep = Annotated[Caller, Depends(get_caller)]


async def require_admin(caller: CallerDep) -> Caller:
    if not caller.admin:
        raise HTTPException(status_code=403, detail="admin token required (the local `brain` CLI has it)")
    return caller


AdminDep = Annotated[Caller, Depends(require_admin)]


def parse_user_id(value: object, field: str = "user_id") -> UUID:
    """A user id from a path or body, or a 422 that names the field."""
    if isinstance(value, UUID):
        return value
    if not isinstance(value, str):
        raise HTTPException(status_code=422, detail=f"{field}: required, a UUID")
    try:
        return UUID(value)
    except ValueError:
        raise HTTPException(status_code=422, detail=f"{field}: not a valid UUID: {excerpt(value)!r}") from None


async def path_user(user_id: str, caller: CallerDep) -> UUID:
    uid = parse_user_id(user_id)
    caller.authorize(uid)
    return uid


PathUser = Annotated[UUID, Depends(path_user)]
