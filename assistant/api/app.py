"""The FastAPI app: routes per resource, errors translated to HTTP here and only here."""

from __future__ import annotations

import gc
import json
import logging
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from assistant.api.body_limit import BodyLimitMiddleware
from assistant.api.docs import install_docs
from assistant.api.errors import install_error_handlers
from assistant.api.routes import admin, events, health, ingest, search, users
from assistant.api.throttle import AuthThrottle
from assistant.bootstrap import Container, bootstrap
from assistant.config import Settings

log = logging.getLogger(__name__)

_DESCRIPTION = (
    "Life events in, grounded answers out. Send `Authorization: Bearer <token>` (a user's token from "
    "`brain users create NAME`); a token only reaches its own user's data. `BRAIN_AUTH=off` serves without tokens."
)


def _write_private(path: os.PathLike[str] | str, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)


def create_app(settings: Settings | None = None, container: Container | None = None) -> FastAPI:
    settings = settings or (container.settings if container else Settings())
    owned = container is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        the_container = container or await bootstrap(settings)
        app.state.container = the_container
        _tune_gc()
        # The CLI talks to a running service with this token (chDB lets only one process open the data dir).
        app.state.admin_token = secrets.token_urlsafe(32)
        _write_private(settings.data_dir / "admin.token", app.state.admin_token)
        _write_private(
            settings.data_dir / "service.json",
            json.dumps({"url": f"http://{settings.host}:{settings.port}", "pid": os.getpid()}),
        )
        try:
            yield
        finally:
            (settings.data_dir / "admin.token").unlink(missing_ok=True)
            (settings.data_dir / "service.json").unlink(missing_ok=True)
            if owned:
                await the_container.stop()

    # FastAPI's own docs routes load Swagger UI and ReDoc from a CDN; install_docs serves them from a package.
    app = FastAPI(
        title="Second Brain",
        version="1",
        description=_DESCRIPTION,
        lifespan=lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=int(settings.max_body_mb * 1_000_000),
        detail=f"body over the {settings.max_body_mb:g} MB limit (BRAIN_MAX_BODY_MB)",
    )
    app.state.auth_throttle = AuthThrottle(settings.auth_max_failures, settings.auth_failure_window_s)
    for module in (health, ingest, events, search, users, admin):
        app.include_router(module.router)
    app.include_router(admin.users_router)
    install_docs(app, settings)
    install_error_handlers(app)
    return app


def _tune_gc() -> None:
    # An ingest batch allocates ~10 objects per event; with CPython's default gen-0 threshold of 700 the collector
    # runs dozens of times per batch and walks the long-lived startup objects (models, indexes) each full pass.
    # Freezing those and collecting less often raised ingest throughput by a quarter in bench/ingest_bench.
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
