"""Docs over real HTTP: Swagger UI and ReDoc with local assets only, BRAIN_PUBLIC_DOCS=false, and typed routes that
answer exactly what the services return (the models add no field and drop none)."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from assistant.api.routes.events import event_json
from assistant.api.schemas.ask import AskResponse
from tests.conftest import Service, make_settings, running_service

pytestmark = pytest.mark.usefixtures("arcadedb")  # the real stack needs the session's graph server

MSK = ZoneInfo("Europe/Moscow")
LIFE: list[dict[str, Any]] = [
    {"id": "g1", "type": "geo", "ts": "2025-10-10T10:00:00+03:00", "lat": 55.75, "lon": 37.61},
    {"id": "p1", "type": "purchase", "item": "Латте", "amount": 300, "place": "Кофемания", "ts": "2025-10-10T09:00"},
    {"id": "s1", "type": "social", "action": "обед", "person": "Пётр", "place": "Ресторан Пушкин",
     "ts": "2025-10-10T13:00", "mood": "ok"},
    {"id": "a1", "type": "activity", "activity": "gym", "duration_minutes": 60, "ts": "2025-10-08T08:00"},
]  # fmt: skip


def asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html) + re.findall(r"url: '([^']+)'", html)


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_docs_pages_use_only_local_assets(service: Service, page: str) -> None:
    r = await service.http.get(page)
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "http://" not in r.text and "https://" not in r.text  # no CDN, no fonts from elsewhere
    urls = asset_urls(r.text)
    assert any(u.endswith(".js") for u in urls)
    for url in urls:
        assert url.startswith("/"), url
        asset = await service.http.get(url)
        assert asset.status_code == 200, url
        assert asset.content, url
    assert (await service.http.get("/openapi.json")).json()["info"]["title"] == "Second Brain"


async def test_private_docs_need_a_token(tmp_path: Path) -> None:
    async with running_service(make_settings(tmp_path, auth="on", public_docs=False)) as svc:
        for page in ("/docs", "/redoc", "/docs-assets/swagger-ui-bundle.js"):
            assert (await svc.http.get(page)).status_code == 404, page
        r = await svc.http.get("/openapi.json")
        assert r.status_code == 401 and r.json() == {"detail": "missing Bearer token"}
        assert (await svc.http.get("/openapi.json", headers={"Authorization": "Bearer nope"})).status_code == 401
        _, token = await svc.container.users.create("alice", "UTC")
        admin = (svc.container.settings.data_dir / "admin.token").read_text()
        for secret in (token, admin):
            r = await svc.http.get("/openapi.json", headers={"Authorization": f"Bearer {secret}"})
            assert r.status_code == 200 and "/api/v1/search/memory" in r.json()["paths"]


async def indexed(service: Service, user: str) -> None:
    for _ in range(400):
        if (await service.http.get(f"/api/v1/stream/stats/{user}")).json()["pending_index"] == 0:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the indexer did not catch up")


async def test_typed_routes_answer_what_the_services_return(service: Service) -> None:
    user = str(uuid.uuid4())
    r = await service.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": [*LIFE, {"type": "geo"}]})
    assert r.json() == {"accepted": 4, "duplicates": 0,
                        "rejected": [{"index": 4, "error": "geo: lat is required", "field": "lat"}]}
    await indexed(service, user)
    uid, c = uuid.UUID(user), service.container

    listed = (await service.http.get(f"/api/v1/stream/events/{user}")).json()
    assert listed == {"events": [event_json(e, MSK) for e in await c.events.list_events(uid)], "count": 4}
    geo = next(e for e in listed["events"] if e["type"] == "geo")
    assert (geo["lat"], geo["lon"]) == (55.75, 37.61)
    assert not any("lat" in e for e in listed["events"] if e["type"] != "geo")

    r = await service.http.get(f"/api/v1/search/memory/{user}/summary", params={"period": "week", "date": "2025-10-10"})
    lo, hi = datetime(2025, 10, 6, tzinfo=MSK), datetime(2025, 10, 13, tzinfo=MSK)
    assert r.json() == await c.asker.summarize(uid, lo, hi, MSK)

    now = "2025-10-15T20:00:00+03:00"
    question = "С кем я обедал в прошлую пятницу?"
    r = await service.http.post("/api/v1/search/memory", json={"user_id": user, "question": question, "now": now})
    direct = (await c.asker.ask(uid, question, datetime.fromisoformat(now), MSK, None)).as_dict(MSK)
    assert list(r.json()) == list(direct) == list(AskResponse.model_fields)
    assert {**r.json(), "conversation_id": None} == {**direct, "conversation_id": None}

    stats = (await service.http.get(f"/api/v1/stream/stats/{user}")).json()
    assert stats == {"events": 4, "by_type": {"activity": 1, "geo": 1, "purchase": 1, "social": 1},
                     "first": "2025-10-08T08:00:00+03:00", "last": "2025-10-10T13:00:00+03:00", "pending_index": 0,
                     "quarantined": 0}
    r = await service.http.get(f"/api/v1/users/{user}/export")
    assert r.headers["content-type"] == "application/x-ndjson" and len(r.text.splitlines()) == 4
    assert (await service.http.delete(f"/api/v1/users/{user}")).json() == {"erased": user}


async def test_admin_routes_answer_their_models(tmp_path: Path) -> None:
    async with running_service(make_settings(tmp_path, auth="on")) as svc:
        admin = {"Authorization": f"Bearer {(svc.container.settings.data_dir / 'admin.token').read_text()}"}
        created = (await svc.http.post("/api/v1/users", json={"name": "eve", "timezone": "UTC"}, headers=admin)).json()
        assert list(created) == ["user_id", "name", "timezone", "token"]
        user = created["user_id"]
        listed = (await svc.http.get("/api/v1/users", headers=admin)).json()["users"]
        assert [u for u in listed if u["user_id"] == user] == [
            {"user_id": user, "name": "eve", "timezone": "UTC", "created_at": listed[-1]["created_at"]}
        ]
        events = {"user_id": user, "events": LIFE[:2]}
        assert (await svc.http.post("/api/v1/stream/ingest", json=events, headers=admin)).json()["accepted"] == 2
        assert (await svc.http.post("/api/v1/admin/reindex", json={"user": user}, headers=admin)).json() == {"events": 2}
        r = await svc.http.post("/api/v1/admin/reindex", json={"user": "nobody"}, headers=admin)
        assert r.status_code == 422 and r.json() == {"detail": "user: not a valid UUID: 'nobody'"}
        user_token = {"Authorization": f"Bearer {created['token']}"}
        r = await svc.http.post("/api/v1/admin/reindex", json={"user": "all"}, headers=user_token)
        assert r.status_code == 403
        health = (await svc.http.get("/health")).json()
        assert list(health)[:5] == ["status", "clickhouse", "qdrant", "graph", "llm"]
