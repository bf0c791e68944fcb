"""Two users sending the same client id get two separate memories: in vectors, in the graph, and through erasure."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from tests.conftest import Service

pytestmark = pytest.mark.usefixtures("arcadedb")  # the real stack needs the session's graph server

NOW = "2025-10-15T20:00:00+03:00"


def life(text: str, person: str, event_ids: tuple[str, str]) -> list[dict[str, Any]]:
    diary_id, lunch_id = event_ids
    return [
        {"id": diary_id, "type": "diary", "text": text, "ts": "2025-10-09T22:00:00+03:00"},
        {"id": lunch_id, "type": "social", "action": "обед", "person": person, "place": "Пушкин",
         "ts": "2025-10-10T13:00:00+03:00"},
    ]  # fmt: skip


async def indexed(service: Service, *users: str) -> None:
    for _ in range(400):
        stats = [(await service.http.get(f"/api/v1/stream/stats/{u}")).json() for u in users]
        if all(s["pending_index"] == 0 for s in stats):
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the indexer did not catch up")


async def ask(service: Service, user: str, question: str) -> dict[str, Any]:
    r = await service.http.post("/api/v1/search/memory", json={"user_id": user, "question": question, "now": NOW})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


@pytest.mark.parametrize("client_ids", [(str(uuid.uuid4()), str(uuid.uuid4())), ("diary-1", "lunch-1")])
async def test_same_client_id_from_two_users_is_two_memories(service: Service, client_ids: tuple[str, str]) -> None:
    alice, bob = str(uuid.uuid4()), str(uuid.uuid4())
    alice_life = life("Сдал проект про маяк, чувствую облегчение", "Пётр", client_ids)
    bob_life = life("Купил велосипед, катался по набережной", "Анна", client_ids)
    for user, events in ((alice, alice_life), (bob, bob_life)):
        r = await service.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": events})
        assert r.json() == {"accepted": 2, "duplicates": 0, "rejected": []}
    await indexed(service, alice, bob)

    vectors, graph = service.container.vectors, service.container.graph
    assert vectors is not None and graph is not None
    a, b = uuid.UUID(alice), uuid.UUID(bob)
    assert (await vectors.count(a), await vectors.count(b)) == (2, 2)
    assert (await graph.count_events(a), await graph.count_events(b)) == (1, 1)
    assert [p.name for p in await graph.people(a)] == ["Пётр"]

    r = await service.http.delete(f"/api/v1/users/{bob}")
    assert r.status_code == 200, r.text
    assert await vectors.count(b) == 0 and await graph.count_events(b) == 0
    assert await vectors.count(a) == 2  # erasing Bob left Alice's memory alone
    assert await graph.count_events(a) == 1 and [p.name for p in await graph.people(a)] == ["Пётр"]
    body = await ask(service, alice, "Что я писал про проект?")
    assert client_ids[0] in {s["event_id"] for s in body["sources"]} and "маяк" in body["answer"]


async def test_resending_the_same_client_id_still_dedupes_per_user(service: Service) -> None:
    user, event_id = str(uuid.uuid4()), str(uuid.uuid4())
    event = {"id": event_id, "type": "diary", "text": "Запись", "ts": "2025-10-09T22:00:00+03:00"}
    first = await service.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": [event]})
    again = await service.http.post("/api/v1/stream/ingest", json={"user_id": user, "events": [event]})
    assert (first.json()["accepted"], again.json()["duplicates"]) == (1, 1)
    await indexed(service, user)
    assert service.container.vectors is not None
    assert await service.container.vectors.count(uuid.UUID(user)) == 1
