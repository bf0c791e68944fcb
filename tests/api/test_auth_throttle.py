"""Failed authentication is throttled per client address: 429 with Retry-After after N failures in the window;
requests with a good token are never counted, and a request without a token stays a plain 401."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import Service, make_settings, running_service

pytestmark = pytest.mark.usefixtures("arcadedb")  # the real stack needs the session's graph server

LIMIT = 5


@pytest.fixture
async def secured(tmp_path: Path) -> AsyncIterator[tuple[Service, str, str]]:
    settings = make_settings(tmp_path, auth="on", auth_max_failures=LIMIT, auth_failure_window_s=60)
    async with running_service(settings) as svc:
        alice, token = await svc.container.users.create("alice", "Europe/Moscow")
        yield svc, str(alice.id), token


async def test_guessing_is_throttled_after_n_failures(secured: tuple[Service, str, str]) -> None:
    svc, alice, token = secured
    stats = f"/api/v1/stream/stats/{alice}"
    for _ in range(3 * LIMIT):  # a good token, many times: never counted
        assert (await svc.http.get(stats, headers={"Authorization": f"Bearer {token}"})).status_code == 200
    for i in range(LIMIT):
        r = await svc.http.get(stats, headers={"Authorization": f"Bearer guess-{i}"})
        assert r.status_code == 401, (i, r.text)
    for i in range(3):
        r = await svc.http.get(stats, headers={"Authorization": f"Bearer guess-more-{i}"})
        assert r.status_code == 429, r.text
        assert 1 <= int(r.headers["Retry-After"]) <= 60
    # The admin token and the routes' other answers keep their meaning; no token at all is still a plain 401.
    assert (await svc.http.get(stats)).status_code == 401
    # The POST routes share the count (the throttle sits in the one dependency that checks tokens).
    r = await svc.http.post("/api/v1/search/memory", json={"user_id": alice, "question": "hi"},
                            headers={"Authorization": "Bearer guess-post"})  # fmt: skip
    assert r.status_code == 429


async def test_the_block_lifts_when_the_window_passes(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, auth="on", auth_max_failures=2, auth_failure_window_s=0.5)
    async with running_service(settings) as svc:
        alice, token = await svc.container.users.create("alice", "Europe/Moscow")
        stats = f"/api/v1/stream/stats/{alice.id}"
        for _ in range(2):
            assert (await svc.http.get(stats, headers={"Authorization": "Bearer x"})).status_code == 401
        assert (await svc.http.get(stats, headers={"Authorization": "Bearer x"})).status_code == 429
        for _ in range(200):  # eventually (the window is half a second), with no timing asserted
            r = await svc.http.get(stats, headers={"Authorization": f"Bearer {token}"})
            if r.status_code != 429:
                break
            await asyncio.sleep(0.05)
        assert r.status_code == 200, r.text
