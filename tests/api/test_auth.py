"""Bearer tokens: 401 without a token, 403 for another user's data, on every route that takes a user."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.conftest import make_settings, running_service

pytestmark = pytest.mark.usefixtures("arcadedb")  # the real stack needs the session's graph server

GEO = {"type": "geo", "ts": "2025-10-10T10:00:00+03:00", "lat": 55.75, "lon": 37.61}


@pytest.fixture
async def secured(tmp_path: Path):  # type: ignore[no-untyped-def]
    async with running_service(make_settings(tmp_path, auth="on")) as svc:
        alice, alice_token = await svc.container.users.create("alice", "Europe/Moscow")
        bob, bob_token = await svc.container.users.create("bob", "UTC")
        yield svc, (str(alice.id), alice_token), (str(bob.id), bob_token)


USER_ROUTES = [
    ("GET", "/api/v1/stream/events/{u}"),
    ("GET", "/api/v1/stream/stats/{u}"),
    ("GET", "/api/v1/users/{u}/export"),
    ("DELETE", "/api/v1/users/{u}"),
]


async def test_no_token_is_401(secured) -> None:  # type: ignore[no-untyped-def]
    svc, (alice, _), _ = secured
    r = await svc.http.post("/api/v1/stream/ingest", json={"user_id": alice, "events": [GEO]})
    assert r.status_code == 401
    for method, path in USER_ROUTES:
        assert (await svc.http.request(method, path.format(u=alice))).status_code == 401
    r = await svc.http.get(f"/api/v1/stream/stats/{alice}", headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401


async def test_other_users_data_is_403(secured) -> None:  # type: ignore[no-untyped-def]
    svc, (alice, alice_token), (bob, _) = secured
    auth = {"Authorization": f"Bearer {alice_token}"}
    r = await svc.http.post("/api/v1/stream/ingest", json={"user_id": bob, "events": [GEO]}, headers=auth)
    assert r.status_code == 403
    r = await svc.http.post("/api/v1/stream/ingest/single", json={"user_id": bob, "event": GEO}, headers=auth)
    assert r.status_code == 403
    for method, path in USER_ROUTES:
        assert (await svc.http.request(method, path.format(u=bob), headers=auth)).status_code == 403
    assert (await svc.container.events.stats(uuid.UUID(bob))).events == 0


async def test_own_data_is_reachable_and_users_zone_applies(secured) -> None:  # type: ignore[no-untyped-def]
    svc, _, (bob, bob_token) = secured
    auth = {"Authorization": f"Bearer {bob_token}"}
    naive = {**GEO, "ts": "2025-10-10T10:00:00"}
    r = await svc.http.post("/api/v1/stream/ingest", json={"user_id": bob, "events": [naive]}, headers=auth)
    assert r.status_code == 200 and r.json()["accepted"] == 1
    r = await svc.http.get(f"/api/v1/stream/events/{bob}", headers=auth)
    assert r.json()["events"][0]["ts"] == "2025-10-10T10:00:00+00:00"  # bob lives in UTC


async def test_user_admin_routes_need_the_admin_token(secured) -> None:  # type: ignore[no-untyped-def]
    svc, (_, alice_token), _ = secured
    r = await svc.http.post("/api/v1/users", json={"name": "eve"}, headers={"Authorization": f"Bearer {alice_token}"})
    assert r.status_code == 403
    admin = (svc.container.settings.data_dir / "admin.token").read_text()
    r = await svc.http.post("/api/v1/users", json={"name": "eve"}, headers={"Authorization": f"Bearer {admin}"})
    assert r.status_code == 200
    token = r.json()["token"]
    r = await svc.http.get(f"/api/v1/stream/stats/{r.json()['user_id']}", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200


async def test_erased_users_token_stops_working(secured) -> None:  # type: ignore[no-untyped-def]
    svc, (alice, alice_token), _ = secured
    auth = {"Authorization": f"Bearer {alice_token}"}
    await svc.http.post("/api/v1/stream/ingest", json={"user_id": alice, "events": [GEO]}, headers=auth)
    assert (await svc.http.delete(f"/api/v1/users/{alice}", headers=auth)).status_code == 200
    assert (await svc.container.events.stats(uuid.UUID(alice))).events == 0
    assert (await svc.http.get(f"/api/v1/stream/stats/{alice}", headers=auth)).status_code == 401
