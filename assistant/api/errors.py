"""Errors translated to HTTP here and only here, and the rule for every error body: it never echoes more than a
short excerpt of the input (a 10 MB question must not come back as a 10 MB 422)."""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from core.errors import BrainError, DiskFullError, ParseError, StoreError, ValidationFailed
from core.text import EXCERPT_CHARS, excerpt, valid_text

log = logging.getLogger(__name__)

# A message is ours but may quote the input (a bad time, a value, a store's complaint about it).
MESSAGE_CHARS = 300


def short(text: str, limit: int = MESSAGE_CHARS) -> str:
    return valid_text(excerpt(text, limit))


def short_input(value: Any) -> Any:
    """A validation error's `input` as sent when short, else an excerpt of its JSON text."""
    if isinstance(value, str):
        return short(value, EXCERPT_CHARS)
    text = json.dumps(value, default=str, ensure_ascii=False)
    return value if len(text) <= EXCERPT_CHARS else short(text, EXCERPT_CHARS)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DiskFullError)
    async def _disk_full(_: Request, exc: DiskFullError) -> JSONResponse:
        log.error("disk full: %s", exc)
        detail = f"insufficient storage: nothing of this request was stored; free disk space and send it again ({exc})"
        return JSONResponse({"detail": short(detail)}, status_code=507)

    @app.exception_handler(StoreError)
    async def _store(_: Request, exc: StoreError) -> JSONResponse:
        log.error("store error: %s", short(str(exc), 2000))
        return JSONResponse({"detail": short(f"store unavailable: {exc}")}, status_code=503)

    @app.exception_handler(ValidationFailed)
    @app.exception_handler(ParseError)
    async def _invalid(_: Request, exc: BrainError) -> JSONResponse:
        return JSONResponse({"detail": short(str(exc))}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def _pydantic(_: Request, exc: RequestValidationError) -> JSONResponse:
        parts, errors = [], []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            msg = short(str(err.get("msg", "")))
            parts.append(f"{short(where, EXCERPT_CHARS)}: {msg}")
            clean: dict[str, Any] = {k: v for k, v in err.items() if k not in ("input", "ctx", "msg")}
            clean["msg"] = msg
            if "input" in err:
                clean["input"] = short_input(err["input"])
            if "ctx" in err:
                clean["ctx"] = {k: short_input(v) for k, v in err["ctx"].items()}
            errors.append(clean)
        body = {"detail": short("; ".join(parts), 2 * MESSAGE_CHARS), "errors": jsonable(errors[:20])}
        return JSONResponse(body, status_code=422)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        detail = short(exc.detail) if isinstance(exc.detail, str) else exc.detail
        return await http_exception_handler(request, HTTPException(exc.status_code, detail, exc.headers))


def jsonable(errors: object) -> Any:
    return json.loads(json.dumps(errors, default=str))
