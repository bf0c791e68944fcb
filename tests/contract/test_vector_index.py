"""One contract, every VectorIndex adapter: qdrant-edge (embedded default), qdrant-client (its local mode
as the stand-in for a server) and the in-memory fake the unit tests use. Each test body runs on all three through
the parametrised `backend` fixture."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID, uuid4

import pytest

from core.errors import StoreError
from core.events import VectorPoint
from indexing.ports import VectorIndex
from indexing.vectors.edge import EdgeVectorIndex
from indexing.vectors.qdrant import QdrantVectorIndex
from tests.contract.vector_backends import DIM, Backend

DAY_MS = 86_400_000
T0 = 1_700_000_000_000


def point(
    user: UUID,
    vector: list[float],
    ts_ms: int = T0,
    type_: str = "note",
    text: str = "",
    pid: UUID | None = None,
) -> VectorPoint:
    return VectorPoint(id=pid or uuid4(), user_id=user, event_id=uuid4(), type=type_, ts_ms=ts_ms,
                       text=text or f"text {vector}", vector=vector)  # fmt: skip


async def test_upsert_then_search_returns_nearest_first_with_payload(index: VectorIndex) -> None:
    user = uuid4()
    near = point(user, [1.0, 0.0, 0.0, 0.0], ts_ms=T0 + 5, type_="diary", text="кофе с Петей")
    far = point(user, [0.0, 1.0, 0.0, 0.0])
    await index.upsert([far, near])

    hits = await index.search(user, [0.9, 0.1, 0.0, 0.0], limit=10)

    assert [h.event_id for h in hits] == [near.event_id, far.event_id]
    top = hits[0]
    assert (top.type, top.ts_ms, top.text) == ("diary", T0 + 5, "кофе с Петей")
    assert isinstance(top.event_id, UUID)
    assert top.score > hits[1].score
    assert top.score == pytest.approx(0.9 / (0.82**0.5), abs=1e-3)  # cosine


async def test_limit_is_respected(index: VectorIndex) -> None:
    user = uuid4()
    await index.upsert([point(user, [1.0, float(i), 0.0, 0.0]) for i in range(7)])
    assert len(await index.search(user, [1.0, 0.0, 0.0, 0.0], limit=3)) == 3


async def test_users_never_see_each_other(index: VectorIndex) -> None:
    alice, bob = uuid4(), uuid4()
    vector = [0.0, 0.0, 1.0, 0.0]
    await index.upsert([point(alice, vector, text="alice secret"), point(bob, vector, text="bob secret")])

    alice_hits = await index.search(alice, vector, limit=10)
    assert [h.text for h in alice_hits] == ["alice secret"]
    assert await index.search(uuid4(), vector) == []
    assert await index.count(alice) == 1
    assert await index.count(bob) == 1


async def test_time_range_is_half_open(index: VectorIndex) -> None:
    user = uuid4()
    before, first, last, at_end = (
        point(user, [1.0, 0.0, 0.0, 0.0], ts_ms=T0 + d * DAY_MS) for d in (-1, 0, 6, 7)
    )
    await index.upsert([before, first, last, at_end])

    hits = await index.search(user, [1.0, 0.0, 0.0, 0.0], start_ms=T0, end_ms=T0 + 7 * DAY_MS)
    assert {h.event_id for h in hits} == {first.event_id, last.event_id}

    open_start = await index.search(user, [1.0, 0.0, 0.0, 0.0], end_ms=T0)
    assert {h.event_id for h in open_start} == {before.event_id}
    open_end = await index.search(user, [1.0, 0.0, 0.0, 0.0], start_ms=T0 + 7 * DAY_MS)
    assert {h.event_id for h in open_end} == {at_end.event_id}


async def test_type_filter(index: VectorIndex) -> None:
    user = uuid4()
    diary, note, visit = (point(user, [1.0, 0.0, 0.0, 0.0], type_=t) for t in ("diary", "note", "visit"))
    await index.upsert([diary, note, visit])

    hits = await index.search(user, [1.0, 0.0, 0.0, 0.0], types=["diary", "visit"])
    assert {h.type for h in hits} == {"diary", "visit"}
    assert len(await index.search(user, [1.0, 0.0, 0.0, 0.0], types=None)) == 3


async def test_upsert_same_id_overwrites(index: VectorIndex) -> None:
    user, pid = uuid4(), uuid4()
    await index.upsert([point(user, [1.0, 0.0, 0.0, 0.0], text="first", pid=pid)])
    await index.upsert([point(user, [1.0, 0.0, 0.0, 0.0], text="second", pid=pid)])

    assert await index.count(user) == 1
    assert [h.text for h in await index.search(user, [1.0, 0.0, 0.0, 0.0])] == ["second"]


async def test_count_and_delete_user(index: VectorIndex) -> None:
    alice, bob = uuid4(), uuid4()
    await index.upsert([point(alice, [1.0, 0.0, 0.0, float(i)]) for i in range(5)])
    await index.upsert([point(bob, [1.0, 0.0, 0.0, float(i)]) for i in range(3)])
    assert (await index.count(alice), await index.count(bob)) == (5, 3)

    await index.delete_user(alice)

    assert await index.count(alice) == 0
    assert await index.search(alice, [1.0, 0.0, 0.0, 0.0]) == []
    assert await index.count(bob) == 3
    assert await index.ping()


async def test_data_survives_close_and_reopen(backend: Backend) -> None:
    user = uuid4()
    first = backend.open()
    await first.ensure(DIM)
    await first.upsert([point(user, [0.0, 1.0, 0.0, float(i)], ts_ms=T0 + i) for i in range(50)])
    await first.close()

    second = backend.open()
    await second.ensure(DIM)
    try:
        assert await second.count(user) == 50
        hits = await second.search(user, [0.0, 1.0, 0.0, 0.0], limit=1, start_ms=T0 + 10, end_ms=T0 + 20)
        assert hits[0].ts_ms == T0 + 10
    finally:
        await second.close()


async def test_each_dimension_has_its_own_collection(backend: Backend, index: VectorIndex) -> None:
    user = uuid4()
    await index.ensure(8)
    await index.upsert(
        [point(user, [1.0, 0.0, 0.0, 0.0], text="small"), point(user, [1.0] + [0.0] * 7, text="big")]
    )

    assert {"memories_v2_4", "memories_v2_8"} <= backend.collections()
    assert [h.text for h in await index.search(user, [1.0, 0.0, 0.0, 0.0])] == ["small"]
    assert [h.text for h in await index.search(user, [1.0] + [0.0] * 7)] == ["big"]
    assert await index.count(user) == 1  # counts the active (last ensured) collection only

    await index.delete_user(user)  # a deleted user leaves nothing behind in any collection
    assert await index.search(user, [1.0, 0.0, 0.0, 0.0]) == []
    assert await index.search(user, [1.0] + [0.0] * 7) == []


async def test_search_in_a_size_never_written_is_empty(index: VectorIndex) -> None:
    assert await index.search(uuid4(), [1.0, 0.0, 0.0]) == []


async def test_qdrant_in_memory_mode_works_too() -> None:
    idx = QdrantVectorIndex(path=":memory:")
    user = uuid4()
    await idx.ensure(DIM)
    await idx.upsert([point(user, [1.0, 0.0, 0.0, 0.0])])
    assert await idx.count(user) == 1
    await idx.close()


def test_qdrant_needs_exactly_one_location() -> None:
    with pytest.raises(ValueError):
        QdrantVectorIndex()
    with pytest.raises(ValueError):
        QdrantVectorIndex(url="http://localhost:6333", path=":memory:")


async def test_edge_directory_is_owned_by_one_open_index(tmp_path: Path) -> None:
    first = EdgeVectorIndex(tmp_path / "qdrant")
    await first.ensure(DIM)
    second = EdgeVectorIndex(tmp_path / "qdrant")
    with pytest.raises(StoreError):
        await second.ensure(DIM)  # edge locks its WAL: a second process on the same data dir fails loudly
    await first.close()
    await second.ensure(DIM)
    await second.close()


async def test_edge_refuses_calls_after_close(tmp_path: Path) -> None:
    idx = EdgeVectorIndex(tmp_path / "qdrant")
    await idx.ensure(DIM)
    await idx.close()
    assert not await idx.ping()
    with pytest.raises(StoreError):
        await idx.search(uuid4(), [1.0, 0.0, 0.0, 0.0])
    await idx.close()  # closing twice is harmless
