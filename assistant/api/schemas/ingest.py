"""Ingest: the documented request bodies and the results.

The request models are documentation only. The route parses the raw body with orjson and validates each item in
ingest/schemas.py: a 10,000-event batch through pydantic would cost more than the whole insert, and per-item errors
must name the index and field while valid siblings are still stored. `request_body` puts the schema in OpenAPI.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import models_json_schema

from assistant.api.schemas.common import USER_ID

_TS = "ISO 8601; a naive time is the user's time zone; missing = the time the service received it."


class EventIn(BaseModel):
    """Fields every event may carry. Unknown extra fields are kept in the payload and come back on read."""

    model_config = ConfigDict(extra="allow")

    id: str | None = Field(None, description="Client-side id (UUID or any string); kept and echoed in sources.")
    ts: str | None = Field(None, description=_TS, json_schema_extra={"format": "date-time"})


class GeoEvent(EventIn):
    type: Literal["geo"]
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class PurchaseEvent(EventIn):
    type: Literal["purchase"]
    item: str = Field(min_length=1)
    amount: float = Field(ge=0)
    currency: str | None = Field(None, description="Default: BRAIN_CURRENCY.")
    place: str | None = None
    category: str | None = None


class SocialEvent(EventIn):
    type: Literal["social"]
    action: str = Field(min_length=1)
    person: str | None = None
    person_id: str | None = None
    people: list[str] | None = None
    place: str | None = None


class HealthEvent(EventIn):
    type: Literal["health"]
    metric: str = Field(min_length=1, examples=["sleep_hours"])
    value: float


class ActivityEvent(EventIn):
    type: Literal["activity"]
    activity: str = Field(min_length=1)
    duration_minutes: float = Field(ge=0, le=7 * 24 * 60)
    distance_km: float | None = Field(None, ge=0)
    place: str | None = None


class DiaryEvent(EventIn):
    type: Literal["diary"]
    text: str = Field(min_length=1)


EVENT_MODELS: tuple[type[EventIn], ...] = (GeoEvent, PurchaseEvent, SocialEvent, HealthEvent, ActivityEvent, DiaryEvent)
AnyEvent = Annotated[
    GeoEvent | PurchaseEvent | SocialEvent | HealthEvent | ActivityEvent | DiaryEvent, Field(discriminator="type")
]

_GEO: dict[str, Any] = {"id": "a1", "type": "geo", "ts": "2025-10-10T10:00:00+03:00", "lat": 55.75, "lon": 37.61}
_BATCH_EXAMPLE: dict[str, Any] = {
    "user_id": USER_ID,
    "events": [
        _GEO,
        {"type": "purchase", "item": "Latte", "amount": 300, "currency": "RUB", "place": "Starbucks",
         "ts": "2025-10-10T09:00:00+03:00"},
        {"type": "social", "action": "lunch", "person": "Пётр", "place": "Ресторан Пушкин",
         "ts": "2025-10-10T13:00:00+03:00"},
        {"type": "diary", "text": "Сдал проект, чувствую облегчение", "ts": "2025-10-10T22:00:00+03:00"},
    ],
}


class IngestBatch(BaseModel):
    """A batch for one user. At most BRAIN_MAX_BATCH_EVENTS events (10,000 by default) and BRAIN_MAX_BODY_MB."""

    model_config = ConfigDict(json_schema_extra={"examples": [_BATCH_EXAMPLE]})

    user_id: str = Field(json_schema_extra={"format": "uuid"})
    events: list[AnyEvent] = Field(min_length=1)


class IngestOne(BaseModel):
    """One event wrapped with its user; the route also takes the event itself with a `user_id` field."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"user_id": USER_ID, "event": _GEO}]})

    user_id: str = Field(json_schema_extra={"format": "uuid"})
    event: AnyEvent


class Rejection(BaseModel):
    index: int = Field(description="Position of the event in the batch.")
    error: str = Field(examples=["geo: lon is required"])
    field: str | None = Field(description="The field at fault (`event` when the item is not an object).")


class IngestResult(BaseModel):
    """Valid events are stored even when siblings are rejected; `accepted` counts newly stored events."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"accepted": 3, "duplicates": 0, "rejected": [{"index": 1, "error": "geo: lon is required", "field": "lon"}]}
    ]})

    accepted: int
    duplicates: int = Field(description="Events already stored (same id, or same user/type/ts/content).")
    rejected: list[Rejection]


class IngestOneResult(IngestResult):
    id: str = Field(description="The stored event's id.", examples=["0c9a3e1b-5d2f-4e6a-8b7c-1d2e3f4a5b6c"])


REQUEST_MODELS: tuple[type[BaseModel], ...] = (IngestBatch, IngestOne)


def request_schemas() -> dict[str, Any]:
    """The request models' JSON schemas, keyed by name, with refs into OpenAPI's components."""
    _, top = models_json_schema(
        [(m, "validation") for m in REQUEST_MODELS], ref_template="#/components/schemas/{model}"
    )
    schemas: dict[str, Any] = top["$defs"]
    return schemas


def request_body(schema: dict[str, Any]) -> dict[str, Any]:
    """`openapi_extra` for a route that reads its body itself."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def single_body_schema() -> dict[str, Any]:
    """`{"user_id", "event"}`, or the event itself with a `user_id` field."""
    with_user_id = {
        "type": "object",
        "required": ["user_id"],
        "properties": {"user_id": {"type": "string", "format": "uuid"}},
    }
    flat = {"allOf": [with_user_id, {"oneOf": [ref(m) for m in EVENT_MODELS]}]}
    return {"anyOf": [ref(IngestOne), flat]}

