"""OpenAPI and its two viewers, served offline, public or behind a token (BRAIN_PUBLIC_DOCS).

Swagger UI and ReDoc load their JavaScript and CSS from the `fastapi-offline` package's files, mounted here: a
self-hosted service must show its docs without reaching a CDN (and without telling one who reads them).
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from assistant.api.deps import get_caller
from assistant.api.schemas.ingest import request_schemas
from assistant.config import Settings

OPENAPI_URL = "/openapi.json"
ASSETS_URL = "/docs-assets"
_ASSETS = files("fastapi_offline") / "static"
# Swagger UI's default validator badge would fetch an image from swagger.io.
SWAGGER_PARAMETERS: dict[str, Any] = {"validatorUrl": None}


def install_docs(app: FastAPI, settings: Settings) -> None:
    """/openapi.json always; /docs, /redoc and their assets only when the docs are public.

    FastAPI must be built with `openapi_url=None, docs_url=None, redoc_url=None`: the routes here replace its own.
    """
    app.openapi = lambda: _openapi(app, settings)  # type: ignore[method-assign]

    if not settings.public_docs:
        # The same bearer check as every route: a user's token or the admin token (open with BRAIN_AUTH=off).
        @app.get(OPENAPI_URL, include_in_schema=False, dependencies=[Depends(get_caller)])
        async def private_openapi() -> JSONResponse:
            return JSONResponse(app.openapi())

        return

    @app.get(OPENAPI_URL, include_in_schema=False)
    async def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    app.mount(ASSETS_URL, StaticFiles(directory=str(_ASSETS)), name="docs-assets")

    # URLs carry the root path, so the pages also work behind a proxy that mounts the service under a prefix.
    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{OPENAPI_URL}",
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
            swagger_ui_parameters=SWAGGER_PARAMETERS,
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{OPENAPI_URL}",
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{root}{ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
            with_google_fonts=False,
        )


def _openapi(app: FastAPI, settings: Settings) -> dict[str, Any]:
    """FastAPI's document plus the request models of routes that parse their own body (ingest), and the limits
    that are settings rather than constants of the models."""
    doc = app.openapi_schema
    if doc is None:
        doc = FastAPI.openapi(app)  # builds and caches app.openapi_schema; completed in place below
        components = doc.setdefault("components", {}).setdefault("schemas", {})
        for name, schema in request_schemas().items():
            if components.get(name, schema) != schema:
                raise RuntimeError(f"two OpenAPI schemas named {name}")  # a response model shadows a request one
            components[name] = schema
        components["AskRequest"]["properties"]["question"]["maxLength"] = settings.max_question_chars
    return doc
