"""Reads over the event store: the event listing (and export lines), stats and period summaries."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from assistant.api.schemas.common import EVENT_ID, Timestamp

_COFFEE: dict[str, Any] = {"id": EVENT_ID, "type": "purchase", "ts": "2025-10-10T09:00:00+03:00", "item": "Latte",
                           "amount": 300.0, "currency": "RUB", "place": "Starbucks"}
_WALK: dict[str, Any] = {"id": "a1", "type": "geo", "ts": "2025-10-10T10:00:00+03:00", "lat": 55.75, "lon": 37.61}


class StoredEvent(BaseModel):
    """An event as stored: id, type, ts in the user's zone, `lat`/`lon` for geo, then every payload field."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [_COFFEE, _WALK]})

    id: str = Field(description="The client's id when it sent one, else the service's UUID.")
    type: str = Field(examples=["purchase"])
    ts: Timestamp
    # Only geo events carry them; other events have no such keys at all, so the schema never says null.
    lat: float | SkipJsonSchema[None] = Field(None, description="Geo events only.")
    lon: float | SkipJsonSchema[None] = Field(None, description="Geo events only.")


class EventList(BaseModel):
    """The user's events, newest first."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"events": [_WALK, _COFFEE], "count": 2}]})

    events: list[StoredEvent]
    count: int = Field(description="Number of events in this answer (at most `limit`).")


class Stats(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"events": 6, "by_type": {"geo": 1, "purchase": 2, "social": 1, "health": 1, "diary": 1},
         "first": "2025-10-10T07:00:00+03:00", "last": "2025-10-10T22:00:00+03:00", "pending_index": 0},
    ]})

    events: int
    by_type: dict[str, int] = Field(description="Event count per type.")
    first: Timestamp | None = Field(description="Oldest event time in the user's zone; null without events.")
    last: Timestamp | None = Field(description="Newest event time in the user's zone; null without events.")
    pending_index: int = Field(description="Acknowledged events the vectors and graph have not caught up with yet.")
    quarantined: int = Field(
        0, description="Events the indexer gave up on after repeated failures (`brain repair` retries them)."
    )


class Period(BaseModel):
    start: Timestamp
    end: Timestamp = Field(description="Exclusive.")


class TopItem(BaseModel):
    item: str
    count: int
    amount: float


class Spend(BaseModel):
    total: float
    purchases: int
    top_items: list[TopItem]


class NameCount(BaseModel):
    name: str
    count: int


class ActivityTotal(BaseModel):
    activity: str
    count: int
    minutes: float


class Summary(BaseModel):
    """A day, week (Monday first) or month, straight from SQL."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "period": {"start": "2025-10-06T00:00:00+03:00", "end": "2025-10-13T00:00:00+03:00"},
        "counts": {"purchase": 12, "social": 3},
        "spend": {"total": 4200.0, "purchases": 12,
                  "top_items": [{"item": "Latte", "count": 7, "amount": 2100.0}]},
        "people": [{"name": "Пётр", "count": 2}],
        "places": [{"name": "Starbucks", "count": 7}],
        "activities": [{"activity": "running", "count": 3, "minutes": 95.0}],
    }]})

    period: Period
    counts: dict[str, int] = Field(description="Event count per type in the period.")
    spend: Spend
    people: list[NameCount]
    places: list[NameCount]
    activities: list[ActivityTotal]
