"""The request body limit (BRAIN_MAX_BODY_MB) on every route, enforced before the body is held in memory.

A declared Content-Length over the limit is answered 413 without reading a byte; a body without one (chunked) is
counted as it arrives and refused the moment it passes the limit. (FastAPI's own `max_body_size` answers a
declared-too-large body with Starlette's plain-text 413, whatever the app's error handlers say; every error here is
`{"detail": …}`.)
"""

from __future__ import annotations

from fastapi import HTTPException
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int, detail: str) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.detail = detail

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await JSONResponse({"detail": self.detail}, status_code=413)(scope, receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # An HTTPException: FastAPI re-raises those from its body reading (any other exception there
                    # becomes a 400), and the app's handler writes the 413; the bytes read so far are dropped.
                    raise HTTPException(status_code=413, detail=self.detail)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except HTTPException as exc:  # raised where no handler ran (a body read outside a route)
            if exc.status_code != 413 or started:
                raise
            await JSONResponse({"detail": self.detail}, status_code=413)(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # h11 refuses a malformed Content-Length before the app sees it
    return None
