"""Pieces every resource shares: timestamps as the routes write them, error bodies, example ids."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field

USER_ID = "8b3f6a52-3c1e-4d7a-9f0e-2a4b6c8d0e1f"
EVENT_ID = "0c9a3e1b-5d2f-4e6a-8b7c-1d2e3f4a5b6c"

# Times go out as Python's isoformat in the user's zone ("+00:00", never "Z"): a plain string with the date-time
# format, because a datetime field would be re-rendered by pydantic and change the text clients compare.
Timestamp = Annotated[str, Field(json_schema_extra={"format": "date-time"}, examples=["2025-10-10T13:00:00+03:00"])]


class ErrorDetail(BaseModel):
    """Every 4xx/5xx: a message that names the field or the reason."""

    detail: str = Field(examples=["this token belongs to another user"])


class ValidationErrorDetail(ErrorDetail):
    """422 from request parsing: the joined message, and pydantic's errors when pydantic found them."""

    errors: list[dict[str, Any]] | None = None


AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorDetail, "description": "missing Bearer token, or a token that is not valid"},
    403: {"model": ErrorDetail, "description": "the token belongs to another user, or the route needs the admin"},
    413: {"model": ErrorDetail, "description": "the body is over BRAIN_MAX_BODY_MB (refused before it is read)"},
    422: {"model": ValidationErrorDetail, "description": "a field is missing or malformed; the message names it"},
    429: {
        "model": ErrorDetail,
        "description": "too many failed authentications from this address; try again after Retry-After seconds",
    },
}
