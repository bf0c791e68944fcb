"""Per-type validation of incoming events. Hand-written rather than pydantic models: a batch of 5,000 events must
validate in a few milliseconds, and every error has to name the type and the field in plain words."""

from __future__ import annotations

import hashlib
import math
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any
from uuid import UUID, SafeUUID

import orjson

from core.events import Event
from core.text import excerpt
from core.timerange import MAX_OFFSET as _MAX_OFFSET
from core.timerange import out_of_range

EVENT_TYPES = ("geo", "purchase", "social", "health", "activity", "diary")
# Namespace for ids we derive: the client's non-UUID ids and content hashes of events sent without an id.
ID_NAMESPACE = UUID("6f1c2d1e-8b1a-4c55-9a63-2f6b0c7d9e10")
_RESERVED = {"id", "type", "ts"}
# Upper bounds of the numbers we sum and average: far above any real value, far enough below Float64's limit that
# a sum over millions of events stays finite (1e308 was accepted once, and every total of that user became inf,
# which JSON cannot carry: 500s on stats, summaries and answers).
MAX_AMOUNT = 1e12  # a trillion in any currency
MAX_HEALTH_VALUE = 1e9  # steps, calories, millilitres …; negative values are allowed (temperature deltas)
MAX_DISTANCE_KM = 100_000.0  # two and a half times around the Earth in one activity
# Unknown fields are kept as sent, but JSON encoders stop at a depth (orjson at 255, counting the envelope the
# events and export routes wrap them in), so a deeper value could be stored and then never read back.
MAX_NESTING = 32
_CONTAINERS = frozenset((dict, list))
_MIN_OFFSET = -_MAX_OFFSET


class ItemError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class Rejected:
    index: int
    error: str
    field: str | None


def _number(kind: str, data: Mapping[str, Any], field: str, *, required: bool = True, lo: float | None = None,
            hi: float | None = None) -> float | None:
    value: Any = data.get(field)
    # Exact type checks first: this runs for most items of every batch, and isinstance chains cost microseconds.
    kind_of = type(value)
    if kind_of is float:
        number: float = value
        if number - number != 0.0:  # NaN or ±inf: both make the difference NaN
            raise ItemError(field, f"{kind}: {field} must be a finite number")
    elif kind_of is int:
        number = float(value)
    elif value is None:
        if required:
            raise ItemError(field, f"{kind}: {field} is required")
        return None
    elif kind_of is bool or not isinstance(value, int | float | str):
        raise ItemError(field, f"{kind}: {field} must be a number, got {kind_of.__name__}")
    else:
        try:
            number = float(value)
        except ValueError:
            raise ItemError(field, f"{kind}: {field} must be a number, got {excerpt(str(value))!r}") from None
        if not math.isfinite(number):
            raise ItemError(field, f"{kind}: {field} must be a finite number")
    if lo is not None and number < lo:
        raise ItemError(field, f"{kind}: {field} must be ≥ {lo:g}, got {number:g}")
    if hi is not None and number > hi:
        raise ItemError(field, f"{kind}: {field} must be ≤ {hi:g}, got {number:g}")
    return number


def _text(kind: str, data: Mapping[str, Any], field: str, *, required: bool = True) -> str | None:
    value = data.get(field)
    if value is None:
        if required:
            raise ItemError(field, f"{kind}: {field} is required")
        return None
    if not isinstance(value, str):
        raise ItemError(field, f"{kind}: {field} must be a string, got {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise ItemError(field, f"{kind}: {field} must not be empty")
    return value


def _geo(data: dict[str, Any]) -> None:
    data["lat"] = _number("geo", data, "lat", lo=-90, hi=90)
    data["lon"] = _number("geo", data, "lon", lo=-180, hi=180)


def _purchase(data: dict[str, Any]) -> None:
    data["item"] = _text("purchase", data, "item")
    data["amount"] = _number("purchase", data, "amount", lo=0, hi=MAX_AMOUNT)
    for field in ("currency", "place", "category"):
        if field in data:
            data[field] = _text("purchase", data, field, required=False)


def _social(data: dict[str, Any]) -> None:
    data["action"] = _text("social", data, "action")
    for field in ("person", "place", "person_id"):
        if field in data:
            data[field] = _text("social", data, field, required=False)
    people = data.get("people")
    if people is not None and not (isinstance(people, list) and all(isinstance(p, str) for p in people)):
        raise ItemError("people", "social: people must be a list of names")


def _health(data: dict[str, Any]) -> None:
    data["metric"] = _text("health", data, "metric")
    data["value"] = _number("health", data, "value", lo=-MAX_HEALTH_VALUE, hi=MAX_HEALTH_VALUE)


def _activity(data: dict[str, Any]) -> None:
    data["activity"] = _text("activity", data, "activity")
    data["duration_minutes"] = _number("activity", data, "duration_minutes", lo=0, hi=7 * 24 * 60)
    if data.get("distance_km") is not None:
        data["distance_km"] = _number("activity", data, "distance_km", lo=0, hi=MAX_DISTANCE_KM)
    if "place" in data:
        data["place"] = _text("activity", data, "place", required=False)


def _diary(data: dict[str, Any]) -> None:
    data["text"] = _text("diary", data, "text")


_VALIDATORS: dict[str, Callable[[dict[str, Any]], None]] = {
    "geo": _geo, "purchase": _purchase, "social": _social, "health": _health, "activity": _activity, "diary": _diary,
}
# How many fields each type's validator requires: an event with no others has no container to walk.
_REQUIRED = {"geo": 2, "purchase": 2, "social": 1, "health": 2, "activity": 2, "diary": 1}


def parse_ts(value: Any, tz: tzinfo, now: datetime) -> datetime:
    if value is None:
        return now
    if type(value) is not str:
        raise ItemError("ts", f"ts must be an ISO 8601 string, got {type(value).__name__}")
    try:
        ts = datetime.fromisoformat(value)
    except ValueError:
        raise ItemError("ts", f"ts must be ISO 8601 (e.g. 2025-10-10T10:00:00+03:00), got {excerpt(value)!r}") from None
    # The common cases are settled inline (this runs per event); core.timerange has the exact check and the words.
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=tz)  # a zone's own offsets are real ones: only the year can be off
        if 1970 < ts.year < 2099:
            return ts
    else:
        offset = ts.utcoffset()
        if 1970 < ts.year < 2099 and offset is not None and _MIN_OFFSET <= offset <= _MAX_OFFSET:
            return ts
    why = out_of_range(ts)
    if why is not None:
        raise ItemError("ts", f"ts: {why}")
    return ts


def validate_event(raw: Any, user_id: UUID, tz: tzinfo, now: datetime, default_currency: str) -> Event:
    """One raw item → Event, or ItemError naming the field."""
    return Validator(user_id, tz, now, default_currency)(raw)


class Validator:
    """Validates the items of one batch for one user: per-batch constants are computed once, not per item
    (at 5,000 items a batch every step here costs milliseconds)."""

    def __init__(self, user_id: UUID, tz: tzinfo, now: datetime, default_currency: str) -> None:
        self.user_id, self.tz, self.now, self.default_currency = user_id, tz, now, default_currency
        self._user_hex = user_id.hex

    def __call__(self, raw: Any) -> Event:
        if type(raw) is not dict:
            raise ItemError("event", f"each event must be an object, got {type(raw).__name__}")
        kind: Any = raw.get("type")
        validator = _VALIDATORS.get(kind) if type(kind) is str else None
        if validator is None:
            if kind is None:
                raise ItemError("type", "type is required")
            raise ItemError("type", f"unknown type {excerpt(repr(kind))}; expected one of {', '.join(EVENT_TYPES)}")
        data = raw.copy()
        ts = parse_ts(data.pop("ts", None), self.tz, self.now)
        client_id = data.pop("id", None)
        del data["type"]
        validator(data)
        if len(data) > _REQUIRED[kind]:  # only further fields can hold containers (most GPS points have none)
            for value in data.values():
                if type(value) in _CONTAINERS:
                    _check_nesting(kind, data)
                    break
        lat = lon = None
        if kind == "geo":
            lat, lon = data.pop("lat"), data.pop("lon")
        elif kind == "purchase" and not data.get("currency"):
            data["currency"] = self.default_currency
        if client_id is None:
            # Same user/type/time/content → same id, so a re-sent batch without ids is stored once. blake2b rather
            # than uuid5's SHA-1: cheaper, and the id only has to be stable and collision-free.
            content = orjson.dumps([self._user_hex, kind, int(ts.timestamp() * 1000), data, lat, lon],
                                   option=orjson.OPT_SORT_KEYS)
            event_id = _uuid5(hashlib.blake2b(content, digest_size=16).digest())
        else:
            if type(client_id) is not str:
                if not isinstance(client_id, str | int) or isinstance(client_id, bool):
                    raise ItemError("id", "id must be a string")
                client_id = str(client_id)
            event_id = _client_event_id(self.user_id, client_id)
        return Event(event_id, self.user_id, ts, kind, data, lat, lon, 0, client_id)


def _check_nesting(kind: str, data: dict[str, Any]) -> None:
    for field, value in data.items():
        if type(value) in _CONTAINERS and _too_deep(value):
            raise ItemError(field, f"{kind}: {field} nests deeper than {MAX_NESTING} levels")


def _too_deep(value: dict[str, Any] | list[Any]) -> bool:
    """Whether `value` nests more than MAX_NESTING containers deep (iterative: a recursive walk is what fails)."""
    level: list[Any] = [value]
    for _ in range(MAX_NESTING):
        inner: list[Any] = []
        for container in level:
            for item in container.values() if type(container) is dict else container:
                if type(item) in _CONTAINERS:
                    inner.append(item)
        if not inner:
            return False
        level = inner
    return True


def _client_event_id(user_id: UUID, client_id: str) -> UUID:
    try:
        return UUID(client_id)
    except ValueError:
        return uuid.uuid5(ID_NAMESPACE, f"{user_id}:id:{client_id}")


# RFC 4122 version 5 with its variant bits, applied to a 128-bit digest.
_UUID5_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_UUID5_SET = (5 << 76) | (0x8000 << 48)
_UNKNOWN = SafeUUID.unknown  # an enum attribute lookup costs as much as the rest of _uuid5


def _uuid5(digest: bytes) -> UUID:
    """Same value as `UUID(bytes=digest, version=5)` at a third of the cost: the constructor's checks run per event."""
    made = object.__new__(UUID)
    object.__setattr__(made, "int", int.from_bytes(digest) & _UUID5_CLEAR | _UUID5_SET)
    object.__setattr__(made, "is_safe", _UNKNOWN)
    return made
