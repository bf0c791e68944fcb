"""Hybrid search (dense + BM25 fused by RRF) and keyword search, on every VectorIndex backend (vector_backends.py),
and the move of older dense-only collections into the hybrid layout."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest
from qdrant_client import AsyncQdrantClient, models
from qdrant_edge import Distance, EdgeConfig, EdgeShard, EdgeVectorParams, Point, UpdateOperation

from core.events import Event, VectorPoint
from indexing.embedders import build_embedder
from indexing.indexer import WATERMARK_KEY, Indexer
from indexing.ports import VectorIndex
from indexing.vectors.edge import EdgeVectorIndex
from indexing.vectors.qdrant import QdrantVectorIndex
from tests.fakes import InMemoryEventStore

T0 = 1_700_000_000_000
DAY_MS = 86_400_000
QUERY = [1.0, 0.0, 0.0, 0.0]


def point(user: UUID, text: str, closeness: float, ts_ms: int = T0, type_: str = "diary") -> VectorPoint:
    """A point whose cosine to QUERY falls as `closeness` falls."""
    vector = [closeness, 1.0 - closeness, 0.0, 0.1]
    return VectorPoint(id=uuid4(), user_id=user, event_id=uuid4(), type=type_, ts_ms=ts_ms, text=text, vector=vector)


async def test_a_rare_word_ranks_its_text_first_even_when_its_dense_score_is_middling(index: VectorIndex) -> None:
    user = uuid4()
    others = [point(user, f"Caroline talked about the weather, day {i}", 0.95 - i * 0.05) for i in range(4)]
    pottery = point(user, "Melanie signed up for a pottery class yesterday", 0.8)
    await index.upsert([*others, pottery])
    question = "When did she sign up for pottery?"

    dense = await index.search(user, QUERY, limit=5)
    hybrid = await index.search(user, QUERY, limit=5, text=question)
    keyword = await index.keyword_search(user, question, limit=5)

    assert [h.event_id for h in dense].index(pottery.event_id) >= 2  # middling on meaning alone
    assert hybrid[0].event_id == pottery.event_id
    assert hybrid[0].text == pottery.text and hybrid[0].score > hybrid[1].score
    assert keyword[0].event_id == pottery.event_id
    assert len(hybrid) == 5  # the dense side still brings the rest


@pytest.mark.parametrize(
    ("texts", "question"),
    [
        (["Вчера поссорились с Иваном из-за денег", "Обедали с Иваном в кафе"], "когда я поссорился"),
        (["Купил новую гитару", "Купил новый телефон"], "что с гитарой"),
        (["Melanie signed up for a pottery class", "Melanie went to the beach"], "signing up"),
    ],
)
async def test_word_forms_match_through_stemming(index: VectorIndex, texts: list[str], question: str) -> None:
    user = uuid4()
    wanted, other = point(user, texts[0], 0.5), point(user, texts[1], 0.5)
    await index.upsert([other, wanted])

    hits = await index.keyword_search(user, question, limit=5)

    assert hits[0].event_id == wanted.event_id


async def test_stopwords_alone_match_nothing_and_hybrid_falls_back_to_dense(index: VectorIndex) -> None:
    user = uuid4()
    near, far = point(user, "sunny walk", 0.9), point(user, "rainy walk", 0.1)
    await index.upsert([far, near])

    assert await index.keyword_search(user, "and the of", limit=5) == []
    assert await index.keyword_search(user, "Что это было?", limit=5) == []
    hits = await index.search(user, QUERY, limit=5, text="and the")
    assert [h.event_id for h in hits] == [near.event_id, far.event_id]


async def test_user_time_and_type_filters_hold_for_hybrid_and_keyword_results(index: VectorIndex) -> None:
    alice, bob = uuid4(), uuid4()
    text = "a pottery class with Melanie"
    inside = point(alice, text, 0.9, ts_ms=T0 + DAY_MS)
    earlier = point(alice, text, 0.9, ts_ms=T0 - DAY_MS)
    a_note = point(alice, text, 0.9, ts_ms=T0 + DAY_MS, type_="note")
    bobs = point(bob, text, 0.9, ts_ms=T0 + DAY_MS)
    unrelated = point(alice, "nothing alike", 0.2, ts_ms=T0 + 2)
    await index.upsert([inside, earlier, a_note, bobs, unrelated])
    window = {"start_ms": T0, "end_ms": T0 + 7 * DAY_MS, "types": ["diary"]}

    hybrid = await index.search(alice, QUERY, limit=10, text="pottery", **window)  # type: ignore[arg-type]
    keyword = await index.keyword_search(alice, "pottery", limit=10, **window)  # type: ignore[arg-type]

    assert [h.event_id for h in hybrid] == [inside.event_id, unrelated.event_id]
    assert [h.event_id for h in keyword] == [inside.event_id]
    assert await index.keyword_search(uuid4(), "pottery") == []


# ---- the older dense-only layout --------------------------------------------------------------------------------


async def _legacy_edge(root: Path, user: UUID) -> VectorIndex:
    where = root / "memories_4"
    where.mkdir(parents=True)
    shard = EdgeShard.create(str(where), EdgeConfig(vectors=EdgeVectorParams(size=4, distance=Distance.Cosine)))
    payload = {"user_id": str(user), "event_id": str(uuid4()), "type": "diary", "ts": T0, "text": "old"}
    shard.update(UpdateOperation.upsert_points([Point(str(uuid4()), QUERY, payload)]))
    shard.close()
    return EdgeVectorIndex(root)


async def _legacy_qdrant(root: Path, user: UUID) -> VectorIndex:
    client = AsyncQdrantClient(path=str(root))
    await client.create_collection(
        "memories_4", vectors_config=models.VectorParams(size=4, distance=models.Distance.COSINE)
    )
    payload = {"user_id": str(user), "event_id": str(uuid4()), "type": "diary", "ts": T0, "text": "old"}
    await client.upsert("memories_4", points=[models.PointStruct(id=str(uuid4()), vector=QUERY, payload=payload)])
    await client.close()
    return QdrantVectorIndex(path=str(root))


@pytest.mark.parametrize("make", [_legacy_edge, _legacy_qdrant], ids=["edge", "qdrant-local"])
async def test_older_dense_only_collections_are_reported_erased_with_the_user_and_dropped(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    user = uuid4()
    index = await make(tmp_path / "qdrant", user)
    await index.ensure(4)
    try:
        assert await index.outdated() == ["memories_4"]
        assert await index.search(user, QUERY) == []  # the new layout starts empty: the indexer refills it
        await index.delete_user(user)  # erasing a user reaches the old layout too
        await index.drop_outdated()
        assert await index.outdated() == []
    finally:
        await index.close()


async def test_the_indexer_moves_an_older_layout_into_the_hybrid_one_on_start(tmp_path: Path) -> None:
    user = uuid4()
    events = InMemoryEventStore()
    entries = [Event(id=uuid4(), user_id=user, ts=datetime(2025, 10, 1, 9, i, tzinfo=UTC), type="diary",
                     payload={"text": f"Поссорился с Иваном, день {i}"}) for i in range(3)]  # fmt: skip
    await events.insert(entries)
    await events.set_state(WATERMARK_KEY, str(await events.max_seq()))  # indexed long ago, dense only
    index = await _legacy_edge(tmp_path / "qdrant", user)
    indexer = Indexer(events, build_embedder("hash:4"), index, None, ZoneInfo("UTC"))
    try:
        await indexer.load()
        assert await indexer.pending(user) == 3  # everything is behind the watermark again

        await indexer.catch_up()

        assert await index.count(user) == 3
        assert (await index.keyword_search(user, "поссорились"))[0].event_id in {e.id for e in entries}
        assert await index.outdated() == []
    finally:
        await index.close()
