"""Reciprocal rank fusion: merge ranked lists from SQL, vector and graph retrievers without tuning their scores."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

K = 60  # the constant from Cormack et al.; damps the head of each list
T = TypeVar("T", bound=Hashable)


def rrf(lists: Sequence[Sequence[T]], k: int = K) -> list[tuple[T, float]]:
    scores: dict[T, float] = {}
    for ranked in lists:
        for rank, key in enumerate(dict.fromkeys(ranked)):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank + 1)
    return sorted(scores.items(), key=lambda kv: -kv[1])
