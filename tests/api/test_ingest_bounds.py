"""Values outside what the stores and the sums can hold are refused at the edge, naming the field; siblings stay."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.conftest import Service

pytestmark = pytest.mark.usefixtures("arcadedb")  # the real stack needs the session's graph server

GOOD = {"type": "purchase", "item": "Латте", "amount": 300, "ts": "2025-10-10T09:00:00+03:00"}


def nested(depth: int) -> dict[str, Any]:
    inner: dict[str, Any] = {"leaf": 1}
    for _ in range(depth):
        inner = {"a": inner}
    return inner


async def ingest_one_bad(service: Service, bad: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    user = str(uuid.uuid4())
    r = await service.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": [GOOD, bad, GOOD]})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    assert body["accepted"] == 1 and body["duplicates"] == 1, body  # the valid sibling is stored
    assert [rej["index"] for rej in body["rejected"]] == [1], body
    return user, body["rejected"][0]


async def user_reads_work(service: Service, user: str) -> None:
    for path in (f"/api/v1/stream/stats/{user}", f"/api/v1/stream/events/{user}", f"/api/v1/users/{user}/export"):
        r = await service.http.get(path)
        assert r.status_code == 200, (path, r.text)


@pytest.mark.parametrize(
    "ts",
    ["0001-01-01T00:00:00", "9999-12-31T23:59:59", "1969-12-31T23:59:59+00:00", "2100-01-01T00:00:00Z",
     "2025-10-10T10:00:00+23:59", "2025-10-10T10:00:00-14:30"],
)  # fmt: skip
async def test_a_time_out_of_range_is_one_rejected_item(service: Service, ts: str) -> None:
    user, rejected = await ingest_one_bad(service, {**GOOD, "ts": ts})
    assert rejected["field"] == "ts" and "ts" in rejected["error"]
    await user_reads_work(service, user)


async def test_the_edges_of_the_range_are_accepted(service: Service) -> None:
    user = str(uuid.uuid4())
    events = [{**GOOD, "ts": "1970-01-01T00:00:00Z"}, {**GOOD, "ts": "2099-12-31T23:59:59Z"},
              {**GOOD, "ts": "2025-10-10T10:00:00+14:00"}, {**GOOD, "ts": "2025-10-10T10:00:00-12:00"}]  # fmt: skip
    r = await service.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": events})
    assert r.json() == {"accepted": 4, "duplicates": 0, "rejected": []}
    await user_reads_work(service, user)


@pytest.mark.parametrize(
    ("event", "field"),
    [
        ({"type": "purchase", "item": "x", "amount": 1e308}, "amount"),
        ({"type": "purchase", "item": "x", "amount": "Infinity"}, "amount"),
        ({"type": "purchase", "item": "x", "amount": "NaN"}, "amount"),
        ({"type": "health", "metric": "steps", "value": -1e300}, "value"),
        ({"type": "activity", "activity": "run", "duration_minutes": 30, "distance_km": 1e20}, "distance_km"),
        ({"type": "diary", "text": "глубоко", "extra": nested(300)}, "extra"),
    ],
)
async def test_numbers_and_nesting_out_of_bounds_are_one_rejected_item(
    service: Service, event: dict[str, Any], field: str
) -> None:
    user, rejected = await ingest_one_bad(service, {**event, "ts": "2025-10-10T10:00:00+03:00"})
    assert rejected["field"] == field and field in rejected["error"], rejected
    await user_reads_work(service, user)
    r = await service.http.post("/api/v1/search/memory", json={"user_id": user, "question": "Сколько я потратил?"})
    assert r.status_code == 200, r.text


async def test_moderate_nesting_in_an_unknown_field_is_kept(service: Service) -> None:
    user = str(uuid.uuid4())
    event = {**GOOD, "id": "deep-ok", "extra": nested(20)}
    r = await service.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": [event]})
    assert r.json()["accepted"] == 1
    got = (await service.http.get(f"/api/v1/stream/events/{user}")).json()["events"]
    assert got[0]["extra"] == nested(20)


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/stream/events/{user}", {"from": "0001-01-01T00:00:00"}, "from"),
        ("/api/v1/stream/events/{user}", {"to": "9999-12-31T00:00:00"}, "to"),
        ("/api/v1/stream/events/{user}", {"from": "2025-10-10T00:00:00+20:00"}, "from"),
        ("/api/v1/search/memory/{user}/summary", {"period": "month", "date": "9999-12-15"}, "date"),
        ("/api/v1/search/memory/{user}/summary", {"period": "week", "date": "0001-01-01"}, "date"),
    ],
)
async def test_query_times_out_of_range_are_422_naming_the_field(
    service: Service, path: str, params: dict[str, str], field: str
) -> None:
    r = await service.http.get(path.format(user=uuid.uuid4()), params=params)
    assert r.status_code == 422, r.text
    assert field in r.text


@pytest.mark.parametrize("now", ["9999-12-31T23:00:00+03:00", "0001-01-01T00:00:00"])
async def test_ask_now_out_of_range_is_422_naming_now(service: Service, now: str) -> None:
    body = {"user_id": str(uuid.uuid4()), "question": "Что я делал вчера?", "now": now}
    r = await service.http.post("/api/v1/search/memory", json=body)
    assert r.status_code == 422, r.text
    assert "now" in r.text


@pytest.mark.parametrize(
    "question",
    ["что я делал 31.12.9999?", "что я делал 01.01.0001?", "what did I do on 9999-12-31?",
     "сколько я потратил с 1 января 1 года по 31 декабря 9999 года?", "что я делал в 9999 году?"],
)  # fmt: skip
async def test_a_date_out_of_range_in_a_question_is_answered_politely(service: Service, question: str) -> None:
    user = str(uuid.uuid4())
    await service.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": [GOOD]})
    body = {"user_id": user, "question": question, "now": "2025-10-15T20:00:00+03:00"}
    r = await service.http.post("/api/v1/search/memory", json=body)
    assert r.status_code == 200, r.text
    assert r.json()["answer"]
