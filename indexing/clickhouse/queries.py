"""The EventQueries port over ClickHouse: sums, counts, averages, top-N, first/last, grouped series, habits, places.

Every query is bound to one user and a time range; filters compare payload fields with names the caller resolved
from the user's own vocabulary (`names`). Numbers come from SQL and are never recomputed elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from core.events import NAME_FIELDS, Event, Scope
from indexing.clickhouse.db import ClickHouseDB
from indexing.clickhouse.names_cache import NamesCache
from indexing.clickhouse.rows import SELECT_EVENTS, as_utc, row_to_event

# All three give a Date. toStartOfDay gave a DateTime that the driver returns as naive UTC, so east of Greenwich
# every day was labelled with the day before (found by tests/contract/test_event_store.py).
_GRAIN = {"day": "toDate", "week": "toMonday", "month": "toStartOfMonth"}
_FIELD = re.compile(r"[a-z_]+")


_PERSON = "JSONExtractString(payload, 'person')"
_PEOPLE = "JSONExtract(payload, 'people', 'Array(String)')"
# Every person of an event, once: `person` and the group's `people` ("a bar with Лена and Дима").
_EVERY_PERSON = f"arrayJoin(arrayDistinct(arrayConcat([{_PERSON}], {_PEOPLE})))"


def _field(name: str) -> str:
    """A payload field name that is spliced into SQL (JSON paths cannot be bound as parameters): identifiers only."""
    if not _FIELD.fullmatch(name):
        raise ValueError(f"bad payload field {name!r}")
    return name


def _name_expr(field: str) -> str:
    return _EVERY_PERSON if field == "person" else f"JSONExtractString(payload, '{_field(field)}')"


def _value_expr(value: str | None) -> str:
    return f"JSONExtractFloat(payload, '{_field(value)}')" if value else "0"


def scope_where(scope: Scope, *extra: str) -> tuple[str, dict[str, Any]]:
    """`PREWHERE … [WHERE …]` for a scope: the key columns filter first, JSON is parsed only for what is left.

    Without the explicit split ClickHouse may move the JSON filters into PREWHERE too and parse the payload of every
    event in the range (a third more time at 1M events).
    """
    clauses: list[str] = ["user_id = {user_id:UUID}"]
    params: dict[str, Any] = {"user_id": scope.user_id}
    if scope.start is not None:
        clauses.append("timestamp >= {start:DateTime64(3, 'UTC')}")
        params["start"] = as_utc(scope.start)
    if scope.end is not None:
        clauses.append("timestamp < {end:DateTime64(3, 'UTC')}")
        params["end"] = as_utc(scope.end)
    if scope.type:
        clauses.append("event_type = {etype:String}")
        params["etype"] = scope.type
    late = list(extra)
    for n, (field, values) in enumerate(sorted((scope.filters or {}).items())):
        if field not in NAME_FIELDS:
            raise ValueError(f"unknown filter field {field!r}")
        if field == "person":  # one of a group event's people counts as its person
            late.append(f"({_PERSON} IN {{f{n}:Array(String)}} OR hasAny({_PEOPLE}, {{f{n}:Array(String)}}))")
        else:
            late.append(f"JSONExtractString(payload, '{field}') IN {{f{n}:Array(String)}}")
        params[f"f{n}"] = list(values)
    sql = "PREWHERE " + " AND ".join(clauses)
    if late:
        sql += " WHERE " + " AND ".join(late)
    return sql, params


class ClickHouseEventQueries:
    """Mixed into `ClickHouseEventStore`: the read side of the EventStore port, one SQL statement per call."""

    db: ClickHouseDB
    names_cache: NamesCache

    async def names(self, user_id: UUID, field: str) -> list[str]:
        if field not in NAME_FIELDS:
            raise ValueError(f"unknown name field {field!r}")

        async def load() -> list[str]:
            rows = await self.db.query(
                "SELECT name, sum(uses) AS n FROM event_names WHERE user_id = {user_id:UUID} AND field = {f:String} "
                "GROUP BY name ORDER BY n DESC, name LIMIT 500",
                {"user_id": user_id, "f": field},
            )
            return [str(r[0]) for r in rows]

        return await self.names_cache.get(user_id, field, load)

    async def aggregate(self, scope: Scope, value: str | None) -> tuple[float, int, float | None, float | None]:
        where, params = scope_where(scope)
        expr = _value_expr(value)
        rows = await self.db.query(
            f"SELECT sum({expr}), count(), min({expr}), max({expr}) FROM events {where}", params
        )
        total, count, low, high = rows[0]
        return float(total or 0), int(count), (float(low) if count else None), (float(high) if count else None)

    async def count_days(self, scope: Scope, tz: str) -> int:
        where, params = scope_where(scope)
        rows = await self.db.query(
            f"SELECT uniqExact(toDate(timestamp, {{tz:String}})) FROM events {where}", {**params, "tz": tz}
        )
        return int(rows[0][0])

    async def find_events(
        self, scope: Scope, limit: int = 50, newest_first: bool = True, types: Sequence[str] = ()
    ) -> list[Event]:
        where, params = scope_where(scope, *(["event_type IN {types:Array(String)}"] if types else []))
        if types:
            params["types"] = list(types)
        order = "DESC" if newest_first else "ASC"
        rows = await self.db.query(f"{SELECT_EVENTS} {where} ORDER BY timestamp {order} LIMIT {int(limit)}", params)
        return [row_to_event(r) for r in rows]

    async def extremes(self, scope: Scope, value: str, limit: int = 3, lowest: bool = False) -> list[Event]:
        where, params = scope_where(scope)
        order = "ASC" if lowest else "DESC"
        rows = await self.db.query(
            f"{SELECT_EVENTS} {where} ORDER BY {_value_expr(value)} {order}, timestamp LIMIT {int(limit)}",
            params,
        )
        return [row_to_event(r) for r in rows]

    async def top(
        self, scope: Scope, field: str, limit: int = 5, value: str | None = None, by_value: bool = False
    ) -> list[tuple[str, int, float]]:
        where, params = scope_where(scope, "name != ''")
        expr = _value_expr(value)
        order = "total DESC, n DESC" if by_value and value else "n DESC"
        rows = await self.db.query(
            f"SELECT {_name_expr(field)} AS name, count() AS n, sum({expr}) AS total "
            f"FROM events {where} GROUP BY name ORDER BY {order}, name LIMIT {int(limit)}",
            params,
        )
        return [(str(r[0]), int(r[1]), float(r[2])) for r in rows]

    async def series(self, scope: Scope, grain: str, tz: str, value: str | None) -> list[tuple[date, float, int]]:
        where, params = scope_where(scope)
        fn = _GRAIN[grain]
        rows = await self.db.query(
            f"SELECT {fn}(toDateTime(timestamp, {{tz:String}})) AS p, sum({_value_expr(value)}), count() FROM events "
            f"{where} GROUP BY p ORDER BY p",
            {**params, "tz": tz},
        )
        return [(r[0], float(r[1]), int(r[2])) for r in rows]

    async def regulars(
        self, scope: Scope, fields: Mapping[str, Sequence[str]], tz: str, limit: int = 3
    ) -> list[tuple[str, str, int, int]]:
        types = list(fields)
        branches = ", ".join(f"event_type = {{t{i}:String}}, {{f{i}:Array(String)}}" for i in range(len(types)))
        where, params = scope_where(Scope(scope.user_id, scope.start, scope.end), "event_type IN {types:Array(String)}")
        where = where.replace(" WHERE ", " WHERE name != '' AND ", 1)
        for i, etype in enumerate(types):
            params[f"t{i}"], params[f"f{i}"] = etype, list(fields[etype])
        rows = await self.db.query(
            "SELECT field, JSONExtractString(payload, field) AS name, count() AS n, "
            "uniqExact(toMonday(toDateTime(timestamp, {tz:String}))) AS weeks FROM events "
            f"ARRAY JOIN multiIf({branches}, []) AS field {where} "
            f"GROUP BY field, name ORDER BY n DESC, name LIMIT {int(limit)} BY field",
            {**params, "types": types, "tz": tz},
        )
        return [(str(r[0]), str(r[1]), int(r[2]), int(r[3])) for r in rows]

    async def time_of_day(self, scope: Scope, tz: str) -> tuple[list[int], int]:
        where, params = scope_where(scope)
        rows = await self.db.query(
            "SELECT quantilesExact(0.25, 0.5, 0.75)(toHour(toDateTime(timestamp, {tz:String})) * 60 + "
            f"toMinute(toDateTime(timestamp, {{tz:String}}))), count() FROM events {where}",
            {**params, "tz": tz},
        )
        quartiles, count = rows[0]
        return [int(q) for q in quartiles], int(count)

    async def counts_by_type(self, scope: Scope) -> dict[str, int]:
        where, params = scope_where(scope)
        rows = await self.db.query(
            f"SELECT event_type, count() FROM events {where} GROUP BY event_type ORDER BY event_type", params
        )
        return {str(r[0]): int(r[1]) for r in rows}

    async def geo_cells(self, scope: Scope, limit: int = 3) -> list[tuple[float, float, int]]:
        params: dict[str, Any] = {"user_id": scope.user_id}
        clauses = ["user_id = {user_id:UUID}"]
        if scope.start is not None:
            clauses.append("hour >= toStartOfHour({start:DateTime64(3, 'UTC')})")
            params["start"] = as_utc(scope.start)
        if scope.end is not None:
            clauses.append("hour < {end:DateTime64(3, 'UTC')}")
            params["end"] = as_utc(scope.end)
        rows = await self.db.query(
            "SELECT lat_cell / 1000, lon_cell / 1000, uniqExact(hour) AS hours FROM geo_hourly "
            f"WHERE {' AND '.join(clauses)} GROUP BY 1, 2 ORDER BY hours DESC LIMIT {int(limit)}",
            params,
        )
        return [(float(r[0]), float(r[1]), int(r[2])) for r in rows]
