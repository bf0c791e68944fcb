"""The EventQueries port computed in Python over stored events, with ClickHouse's semantics (see
indexing/clickhouse/queries.py for the SQL each method mirrors)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import orjson

from core.events import NAME_FIELDS, Event, Scope

# What the event_names materialized view collects per event type (indexing/clickhouse/migrations.py).
EVENT_NAME_FIELDS: dict[str, tuple[str, ...]] = {
    "purchase": ("item", "category", "place"),
    "social": ("action", "person", "place"),
    "activity": ("activity", "place"),
    "health": ("metric",),
}
_QUANTILES = (0.25, 0.5, 0.75)


def json_string(payload: Mapping[str, Any], field: str) -> str:
    """JSONExtractString: a string as is, "" when missing or null, any other value as its JSON text."""
    value = payload.get(field)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return orjson.dumps(value).decode()


def json_float(payload: Mapping[str, Any], field: str) -> float:
    """JSONExtractFloat: a number, or a string that is exactly a number; anything else (bools too) is 0."""
    value = payload.get(field)
    if isinstance(value, bool) or value is None:
        return 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and value == value.strip() and "_" not in value:
        try:
            return float(value)
        except ValueError:
            return 0.0
    return 0.0


def json_strings(payload: Mapping[str, Any], field: str) -> list[str]:
    """JSONExtract(payload, field, 'Array(String)'): the strings of a list; [] for anything that is not a list
    (a list's non-string elements read as "")."""
    value = payload.get(field)
    if not isinstance(value, list):
        return []
    return [v if isinstance(v, str) else "" for v in value]


def _field_values(payload: Mapping[str, Any], field: str) -> set[str]:
    """The names an event has in a field, "" removed: for `person`, also everyone in its `people` list (the SQL's
    `person IN … OR hasAny(people, …)` and arrayJoin over both)."""
    names = {json_string(payload, field)}
    if field == "person":
        names.update(json_strings(payload, "people"))
    names.discard("")
    return names


def _start_of(grain: str, day: date) -> date:
    if grain == "day":
        return day
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    raise KeyError(grain)


def as_utc(value: datetime) -> datetime:
    """A naive datetime is UTC, as the ClickHouse adapter reads it."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _hour(ts: datetime) -> datetime:
    return as_utc(ts).replace(minute=0, second=0, microsecond=0)


def _quantile_exact(values: Sequence[int], level: float) -> int:
    """quantileExact: the element at position `level * n` (truncated) of the sorted values; 0 when empty."""
    if not values:
        return 0
    return sorted(values)[min(int(level * len(values)), len(values) - 1)]


class InMemoryEventQueries:
    """Mixed into `InMemoryEventStore`, which provides `_user_events`."""

    def _user_events(self, user_id: UUID) -> Iterable[Event]:
        raise NotImplementedError

    def _in_scope(self, scope: Scope) -> list[Event]:
        for field in scope.filters or {}:
            if field not in NAME_FIELDS:
                raise ValueError(f"unknown filter field {field!r}")
        start = as_utc(scope.start) if scope.start is not None else None
        end = as_utc(scope.end) if scope.end is not None else None
        return [
            e
            for e in self._user_events(scope.user_id)
            if (start is None or e.ts >= start)
            and (end is None or e.ts < end)
            and (not scope.type or e.type == scope.type)
            and all(_field_values(e.payload, f) & set(values) for f, values in (scope.filters or {}).items())
        ]

    async def names(self, user_id: UUID, field: str) -> list[str]:
        if field not in NAME_FIELDS:
            raise ValueError(f"unknown name field {field!r}")
        uses: Counter[str] = Counter(
            name
            for e in self._user_events(user_id)
            if field in EVENT_NAME_FIELDS.get(e.type, ())
            for name in _field_values(e.payload, field)
        )
        uses.pop("", None)
        return [name for name, _ in sorted(uses.items(), key=lambda item: (-item[1], item[0]))][:500]

    async def aggregate(self, scope: Scope, value: str | None) -> tuple[float, int, float | None, float | None]:
        values = [json_float(e.payload, value) if value else 0.0 for e in self._in_scope(scope)]
        if not values:
            return 0.0, 0, None, None
        return float(sum(values)), len(values), min(values), max(values)

    async def count_days(self, scope: Scope, tz: str) -> int:
        zone = ZoneInfo(tz)
        return len({e.ts.astimezone(zone).date() for e in self._in_scope(scope)})

    async def find_events(
        self, scope: Scope, limit: int = 50, newest_first: bool = True, types: Sequence[str] = ()
    ) -> list[Event]:
        events = [e for e in self._in_scope(scope) if not types or e.type in types]
        return sorted(events, key=lambda e: e.ts, reverse=newest_first)[:limit]

    async def extremes(self, scope: Scope, value: str, limit: int = 3, lowest: bool = False) -> list[Event]:
        sign = 1 if lowest else -1
        return sorted(self._in_scope(scope), key=lambda e: (sign * json_float(e.payload, value), e.ts))[:limit]

    async def top(
        self, scope: Scope, field: str, limit: int = 5, value: str | None = None, by_value: bool = False
    ) -> list[tuple[str, int, float]]:
        groups: dict[str, tuple[int, float]] = {}
        for e in self._in_scope(scope):
            for name in _field_values(e.payload, field) if field == "person" else {json_string(e.payload, field)}:
                if name:
                    n, total = groups.get(name, (0, 0.0))
                    groups[name] = n + 1, total + (json_float(e.payload, value) if value else 0.0)
        rows = [(name, n, total) for name, (n, total) in groups.items()]
        if by_value and value:
            rows.sort(key=lambda r: (-r[2], -r[1], r[0]))
        else:
            rows.sort(key=lambda r: (-r[1], r[0]))
        return rows[:limit]

    async def series(self, scope: Scope, grain: str, tz: str, value: str | None) -> list[tuple[date, float, int]]:
        zone = ZoneInfo(tz)
        groups: dict[date, tuple[float, int]] = {}
        for e in self._in_scope(scope):
            period = _start_of(grain, e.ts.astimezone(zone).date())
            total, n = groups.get(period, (0.0, 0))
            groups[period] = total + (json_float(e.payload, value) if value else 0.0), n + 1
        return [(period, total, n) for period, (total, n) in sorted(groups.items())]

    async def regulars(
        self, scope: Scope, fields: Mapping[str, Sequence[str]], tz: str, limit: int = 3
    ) -> list[tuple[str, str, int, int]]:
        zone = ZoneInfo(tz)
        counts: Counter[tuple[str, str]] = Counter()
        weeks: dict[tuple[str, str], set[date]] = {}
        for e in self._in_scope(Scope(scope.user_id, scope.start, scope.end)):
            for field in fields.get(e.type, ()):
                name = json_string(e.payload, field)
                if name:
                    counts[field, name] += 1
                    weeks.setdefault((field, name), set()).add(_start_of("week", e.ts.astimezone(zone).date()))
        rows: list[tuple[str, str, int, int]] = []
        per_field: Counter[str] = Counter()
        for (field, name), n in sorted(counts.items(), key=lambda item: (-item[1], item[0][1], item[0][0])):
            if per_field[field] < limit:  # LIMIT n BY field
                per_field[field] += 1
                rows.append((field, name, n, len(weeks[field, name])))
        return rows

    async def time_of_day(self, scope: Scope, tz: str) -> tuple[list[int], int]:
        zone = ZoneInfo(tz)
        minutes = [local.hour * 60 + local.minute for local in (e.ts.astimezone(zone) for e in self._in_scope(scope))]
        return [_quantile_exact(minutes, level) for level in _QUANTILES], len(minutes)

    async def counts_by_type(self, scope: Scope) -> dict[str, int]:
        return dict(sorted(Counter(e.type for e in self._in_scope(scope)).items()))

    async def geo_cells(self, scope: Scope, limit: int = 3) -> list[tuple[float, float, int]]:
        # geo_hourly keys: the UTC hour and the cell in integer thousandths of a degree (round() is banker's in
        # both ClickHouse and Python); the range starts at the start's whole hour.
        since = _hour(scope.start) if scope.start is not None else None
        hours: dict[tuple[int, int], set[datetime]] = {}
        for e in self._user_events(scope.user_id):
            if e.type != "geo" or e.lat is None or e.lon is None:
                continue
            hour = _hour(e.ts)
            if (since is None or hour >= since) and (scope.end is None or hour < as_utc(scope.end)):
                hours.setdefault((round(e.lat * 1000), round(e.lon * 1000)), set()).add(hour)
        ranked = sorted(hours.items(), key=lambda item: (-len(item[1]), item[0]))
        return [(lat / 1000, lon / 1000, len(seen)) for (lat, lon), seen in ranked[:limit]]
