"""Exact answers from the event store: sums, counts, averages, top-N, first/last occurrence, grouped series.

A thin layer over the EventStore port (ClickHouse in production, an in-memory fake in unit tests) that times each
call as the "sql" stage of an answer; the queries themselves live in the adapters. Numbers come from the store and
are never recomputed elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from uuid import UUID

from core.events import NAME_FIELDS, Event, Scope
from indexing.ports import EventStore
from retrieval.stages import stage

__all__ = ["NAME_FIELDS", "SQLRetriever", "Scope"]


class SQLRetriever:
    def __init__(self, store: EventStore) -> None:
        self.store = store

    async def names(self, user_id: UUID, field: str) -> list[str]:
        """Distinct values of a payload field (item, place, activity, action, person, metric), most used first."""
        async with stage("sql"):
            return await self.store.names(user_id, field)

    async def aggregate(self, scope: Scope, value: str | None) -> tuple[float, int, float | None, float | None]:
        """(sum, count, min, max) of a numeric payload field (or only the count when `value` is None)."""
        async with stage("sql"):
            return await self.store.aggregate(scope, value)

    async def count_days(self, scope: Scope, tz: str) -> int:
        async with stage("sql"):
            return await self.store.count_days(scope, tz)

    async def events(
        self, scope: Scope, limit: int = 50, newest_first: bool = True, types: Sequence[str] = ()
    ) -> list[Event]:
        """The scope's events by time; `types` narrows a type-less scope to several event types."""
        async with stage("sql"):
            return await self.store.find_events(scope, limit, newest_first, types)

    async def by_ids(self, user_id: UUID, ids: Sequence[UUID]) -> list[Event]:
        """The user's events with these ids (those the vector index or the graph pointed to)."""
        async with stage("sql"):
            return await self.store.get_events(user_id, ids)

    async def extremes(self, scope: Scope, value: str, limit: int = 3, lowest: bool = False) -> list[Event]:
        """The events with the largest (or smallest) numeric payload field, e.g. the priciest purchases."""
        async with stage("sql"):
            return await self.store.extremes(scope, value, limit, lowest)

    async def top(
        self, scope: Scope, field: str, limit: int = 5, value: str | None = None, by_value: bool = False
    ) -> list[tuple[str, int, float]]:
        """Most frequent values of a field (or those with the largest summed `value`): (name, count, sum)."""
        async with stage("sql"):
            return await self.store.top(scope, field, limit, value, by_value)

    async def series(self, scope: Scope, grain: str, tz: str, value: str | None) -> list[tuple[date, float, int]]:
        """Per day/week/month: (the period's first day, summed value, count)."""
        async with stage("sql"):
            return await self.store.series(scope, grain, tz, value)

    async def regulars(
        self, scope: Scope, fields: Mapping[str, Sequence[str]], tz: str, limit: int = 3
    ) -> list[tuple[str, str, int, int]]:
        """Per field, the most frequent names and in how many distinct weeks they occur:
        (field, name, count, weeks). `fields` maps an event type to its name fields, e.g. purchase → item, place."""
        async with stage("sql"):
            return await self.store.regulars(scope, fields, tz, limit)

    async def time_of_day(self, scope: Scope, tz: str) -> tuple[list[int], int]:
        """Quartiles (25/50/75 %) of the events' local time of day in minutes after midnight, and their count."""
        async with stage("sql"):
            return await self.store.time_of_day(scope, tz)

    async def counts_by_type(self, scope: Scope) -> dict[str, int]:
        async with stage("sql"):
            return await self.store.counts_by_type(scope)

    async def geo_cells(self, scope: Scope, limit: int = 3) -> list[tuple[float, float, int]]:
        """Where the user spent the most hours (from the geo_hourly view): (lat, lon, hours)."""
        async with stage("sql"):
            return await self.store.geo_cells(scope, limit)
