"""Ingest over real HTTP into real chDB: validation, per-item errors, idempotency, limits."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.conftest import Service

pytestmark = pytest.mark.usefixtures("arcadedb")  # the real stack needs the session's graph server

USER = str(uuid.uuid4())


def batch(*events: dict[str, Any], user: str = USER) -> dict[str, Any]:
    return {"user_id": user, "events": list(events)}


GEO = {"type": "geo", "ts": "2025-10-10T10:00:00+03:00", "lat": 55.75, "lon": 37.61}
COFFEE = {"type": "purchase", "item": "Латте", "amount": 300, "place": "Starbucks", "ts": "2025-10-10T09:00:00+03:00"}


async def stored(service: Service, user: str = USER) -> list[dict[str, Any]]:
    r = await service.http.get(f"/api/v1/stream/events/{user}", params={"limit": 1000})
    assert r.status_code == 200
    events: list[dict[str, Any]] = r.json()["events"]
    return events


async def test_all_types_are_stored_and_read_back(service: Service) -> None:
    events = [
        GEO,
        COFFEE,
        {"type": "social", "action": "lunch", "person": "Пётр", "place": "Ресторан Пушкин", "ts": "2025-10-10T13:00:00"},
        {"type": "health", "metric": "sleep_hours", "value": 7.5, "ts": "2025-10-10T07:00:00+03:00"},
        {"type": "activity", "activity": "running", "duration_minutes": 30, "distance_km": 5, "ts": "2025-10-10T08:00Z"},
        {"type": "diary", "text": "Сдал проект, чувствую облегчение", "ts": "2025-10-10T22:00:00+03:00", "mood": "ok"},
    ]
    r = await service.http.post("/api/v1/stream/ingest", json=batch(*events))
    assert r.status_code == 200, r.text
    assert r.json() == {"accepted": 6, "duplicates": 0, "rejected": []}
    got = await stored(service)
    assert len(got) == 6
    social = next(e for e in got if e["type"] == "social")
    assert social["ts"] == "2025-10-10T13:00:00+03:00"  # naive ts = the user's zone (Europe/Moscow)
    diary = next(e for e in got if e["type"] == "diary")
    assert diary["mood"] == "ok"  # unknown extra fields are kept
    coffee = next(e for e in got if e["type"] == "purchase")
    assert coffee["currency"] == "RUB"
    stats = (await service.http.get(f"/api/v1/stream/stats/{USER}")).json()
    assert stats["events"] == 6 and stats["by_type"]["geo"] == 1
    assert stats["first"].startswith("2025-10-10T07:00")


async def test_resending_a_batch_never_duplicates(service: Service) -> None:
    with_id = {**GEO, "id": str(uuid.uuid4())}
    first = await service.http.post("/api/v1/stream/ingest", json=batch(with_id, COFFEE))
    assert first.json()["accepted"] == 2
    again = await service.http.post("/api/v1/stream/ingest", json=batch(with_id, COFFEE))
    assert again.json() == {"accepted": 0, "duplicates": 2, "rejected": []}
    assert len(await stored(service)) == 2


async def test_duplicate_id_twice_in_one_batch_is_stored_once(service: Service) -> None:
    event_id = str(uuid.uuid4())
    r = await service.http.post("/api/v1/stream/ingest", json=batch({**GEO, "id": event_id}, {**GEO, "id": event_id}))
    assert r.json() == {"accepted": 1, "duplicates": 1, "rejected": []}
    got = await stored(service)
    assert [e["id"] for e in got] == [event_id]


async def test_same_content_without_id_is_one_event(service: Service) -> None:
    r = await service.http.post("/api/v1/stream/ingest", json=batch(COFFEE, dict(COFFEE)))
    assert r.json()["accepted"] == 1 and r.json()["duplicates"] == 1


async def test_non_uuid_client_ids_are_kept_and_echoed(service: Service) -> None:
    await service.http.post("/api/v1/stream/ingest", json=batch({**COFFEE, "id": "receipt-42"}))
    assert (await stored(service))[0]["id"] == "receipt-42"


async def test_bad_items_are_named_and_valid_siblings_stored(service: Service) -> None:
    bad = [
        {"type": "teleport", "ts": "2025-10-10T10:00:00Z"},
        {"type": "geo", "lat": 55.0, "ts": "2025-10-10T10:00:00Z"},
        {"type": "geo", "lat": 200, "lon": 37.0},
        {"type": "purchase", "item": "Latte", "amount": "abc"},
        {"type": "purchase", "item": "Latte", "amount": -5},
        {"type": "diary", "text": "x", "ts": "yesterday"},
        {"type": "diary", "text": "   "},
        "not an object",
    ]
    r = await service.http.post("/api/v1/stream/ingest", json=batch(GEO, *bad, COFFEE))
    assert r.status_code == 200
    body = r.json()
    assert body["accepted"] == 2
    errors = {e["index"]: (e["field"], e["error"]) for e in body["rejected"]}
    assert errors[1][0] == "type" and "teleport" in errors[1][1]
    assert errors[2] == ("lon", "geo: lon is required")
    assert errors[3][0] == "lat" and "200" in errors[3][1]
    assert errors[4][0] == "amount" and "abc" in errors[4][1]
    assert errors[5][0] == "amount" and "-5" in errors[5][1]
    assert errors[6][0] == "ts" and "yesterday" in errors[6][1]
    assert errors[7][0] == "text"
    assert errors[8][0] == "event"
    assert {e["type"] for e in await stored(service)} == {"geo", "purchase"}


async def test_body_not_json_is_400(service: Service) -> None:
    r = await service.http.post(
        "/api/v1/stream/ingest", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code == 400 and "JSON" in r.json()["detail"]


async def test_empty_events_is_422_naming_events(service: Service) -> None:
    r = await service.http.post("/api/v1/stream/ingest", json=batch())
    assert r.status_code == 422 and r.json()["detail"].startswith("events")


async def test_invalid_user_id_is_422_naming_user_id(service: Service) -> None:
    r = await service.http.post("/api/v1/stream/ingest", json=batch(GEO, user="nope"))
    assert r.status_code == 422 and r.json()["detail"].startswith("user_id")
    r = await service.http.get("/api/v1/stream/stats/nope")
    assert r.status_code == 422 and "user_id" in r.json()["detail"]


async def test_ten_megabyte_body_is_413(service: Service) -> None:
    text = "x" * (10 * 1024 * 1024)
    r = await service.http.post("/api/v1/stream/ingest", json=batch({"type": "diary", "text": text}))
    assert r.status_code == 413
    assert await stored(service) == []


async def test_too_many_events_is_413(service: Service) -> None:
    limit = service.container.settings.max_batch_events
    r = await service.http.post("/api/v1/stream/ingest", json=batch(*([GEO] * (limit + 1))))
    assert r.status_code == 413 and "limit" in r.json()["detail"]


async def test_single_event_route(service: Service) -> None:
    r = await service.http.post("/api/v1/stream/ingest/single", json={"user_id": USER, "event": COFFEE})
    assert r.status_code == 200 and r.json()["accepted"] == 1
    r = await service.http.post("/api/v1/stream/ingest/single", json={"user_id": USER, **GEO})
    assert r.status_code == 200 and r.json()["accepted"] == 1
    r = await service.http.post("/api/v1/stream/ingest/single", json={"user_id": USER, "type": "geo", "lat": 1})
    assert r.status_code == 422 and "lon" in r.json()["detail"]


async def test_missing_ts_means_receive_time(service: Service) -> None:
    await service.http.post("/api/v1/stream/ingest", json=batch({"type": "diary", "text": "now"}))
    assert (await stored(service))[0]["ts"][:4] >= "2026"


async def test_events_filters(service: Service) -> None:
    await service.http.post("/api/v1/stream/ingest", json=batch(GEO, COFFEE))
    r = await service.http.get(f"/api/v1/stream/events/{USER}", params={"type": "purchase"})
    assert [e["type"] for e in r.json()["events"]] == ["purchase"]
    r = await service.http.get(f"/api/v1/stream/events/{USER}", params={"from": "2025-10-10T09:30:00"})
    assert [e["type"] for e in r.json()["events"]] == ["geo"]
    r = await service.http.get(f"/api/v1/stream/events/{USER}", params={"type": "nope"})
    assert r.status_code == 422


async def test_health_reports_each_store(service: Service) -> None:
    r = await service.http.get("/health")
    body = r.json()
    assert body["clickhouse"] == "connected" and body["llm"] == "off"
