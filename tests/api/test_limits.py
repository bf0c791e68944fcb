"""Resource limits over HTTP: body size on every route (refused before it is read), question length, and error
bodies that echo at most a short excerpt of the input."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Service, make_settings, running_service

pytestmark = pytest.mark.usefixtures("arcadedb")  # the real stack needs the session's graph server

ASK = "/api/v1/search/memory"
SHORT_BODY = 2_000  # bytes an error body may take, whatever was sent


def short_error(r: Any, *statuses: int) -> dict[str, Any]:
    assert r.status_code in statuses, (r.status_code, r.text[:300])
    assert len(r.content) < SHORT_BODY, len(r.content)
    body: dict[str, Any] = r.json()
    return body


async def test_a_10_mb_question_is_refused_with_a_short_body(service: Service) -> None:
    user = str(uuid.uuid4())
    r = await service.http.post(ASK, json={"user_id": user, "question": "why " * 2_500_000})
    assert "BRAIN_MAX_BODY_MB" in short_error(r, 413)["detail"]


async def test_a_streamed_body_without_length_is_cut_at_the_limit(service: Service) -> None:
    sent = 0

    async def chunks() -> AsyncIterator[bytes]:  # chunked: no Content-Length to refuse up front
        nonlocal sent
        yield b'{"user_id": "%s", "question": "' % str(uuid.uuid4()).encode()
        for _ in range(20):  # 20 MB if the server read it all
            sent += 1
            yield b"x" * 1_000_000

    r = await service.http.post(ASK, content=chunks(), headers={"content-type": "application/json"})
    short_error(r, 413)


@pytest.fixture
async def small(tmp_path: Path) -> AsyncIterator[Service]:
    async with running_service(make_settings(tmp_path, max_body_mb=0.01, max_question_chars=50)) as svc:
        yield svc


async def test_the_body_limit_applies_to_every_route(small: Service) -> None:
    user = str(uuid.uuid4())
    big = "x" * 20_000
    for method, path, body in [
        ("POST", ASK, {"user_id": user, "question": big}),
        ("POST", "/api/v1/stream/ingest", {"user_id": user, "events": [{"type": "diary", "text": big}]}),
        ("POST", "/api/v1/stream/ingest/single", {"user_id": user, "type": "diary", "text": big}),
        ("POST", "/api/v1/users", {"name": big}),
        ("GET", f"/api/v1/stream/stats/{user}", {"padding": big}),
    ]:
        r = await small.http.request(method, path, json=body)
        assert "0.01 MB" in short_error(r, 413)["detail"], path


async def test_the_question_length_is_a_setting_and_the_422_names_it(small: Service) -> None:
    user = str(uuid.uuid4())
    r = await small.http.post(ASK, json={"user_id": user, "question": "q" * 51})
    detail = short_error(r, 422)["detail"]
    assert detail.startswith("question:") and "50" in detail, detail
    r = await small.http.post(ASK, json={"user_id": user, "question": "how much did I spend? " + "x" * 28})
    assert r.status_code == 200, r.text
    doc = (await small.http.get("/openapi.json")).json()
    assert doc["components"]["schemas"]["AskRequest"]["properties"]["question"]["maxLength"] == 50


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("POST", ASK, {"user_id": "u" * 100_000, "question": "hi"}),  # our 422: not a UUID
        ("POST", ASK, {"user_id": str(uuid.uuid4()), "question": "hi", "now": "n" * 100_000}),  # pydantic's
        ("POST", ASK, {"question": "q" * 100_000}),  # missing user_id: pydantic's input is the whole body
        ("POST", ASK, {"user_id": str(uuid.uuid4()), "question": "x" * 100_000}),  # over the question limit
        ("POST", ASK, {"user_id": str(uuid.uuid4()), "question": "hi", "conversation_id": "c" * 100_000}),
        ("POST", "/api/v1/users", {"name": "n" * 100_000}),  # admin
        ("POST", "/api/v1/users", {"name": "eve", "timezone": "z" * 100_000}),  # admin
        ("GET", "/api/v1/stream/events/" + "u" * 5_000, None),
        ("GET", f"/api/v1/stream/events/{uuid.uuid4()}?from={'f' * 5_000}", None),
        ("GET", f"/api/v1/stream/events/{uuid.uuid4()}?type={'t' * 5_000}", None),
        ("POST", "/api/v1/stream/ingest/single", {"user_id": str(uuid.uuid4()), "type": "geo", "lat": "l" * 100_000}),
        ("POST", "/api/v1/stream/ingest/single", {"user_id": str(uuid.uuid4()), "type": "t" * 100_000}),
        ("POST", "/api/v1/stream/ingest/single", {"user_id": str(uuid.uuid4()), "type": "diary", "ts": "t" * 100_000}),
    ],
)  # fmt: skip
async def test_error_bodies_echo_only_an_excerpt(
    service: Service, method: str, path: str, payload: dict[str, Any] | None
) -> None:
    admin = (service.container.settings.data_dir / "admin.token").read_text()
    r = await service.http.request(method, path, json=payload, headers={"Authorization": f"Bearer {admin}"})
    body = short_error(r, 422)
    for err in body.get("errors") or []:
        assert len(str(err.get("input", ""))) <= 101, err
