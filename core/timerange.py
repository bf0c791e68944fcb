"""The range of times the service stores and queries: [1970-01-01, 2100-01-01) UTC, offsets within ±14:00.

Why these bounds: ClickHouse's DateTime64(3) would hold 1900-2299, but the derived tables cut them narrower —
`purchase_stats.day` is a Date (1970-2149) and `geo_hourly.hour` a DateTime (1970-2106) — and out-of-range
values there do not fail, they wrap, so a 9999 event later poisons the user's stats and sums with 500s. Python's
datetime overflows too near year 1 and 9999 once a zone or a day is added. Real UTC offsets run -12:00..+14:00;
ISO 8601 allows up to ±23:59, which only ever comes from a bug on the client.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from core.errors import ValidationFailed

SUPPORTED_START = datetime(1970, 1, 1, tzinfo=UTC)
SUPPORTED_END = datetime(2100, 1, 1, tzinfo=UTC)  # exclusive
MAX_OFFSET = timedelta(hours=14)
SUPPORTED_TEXT = "1970-01-01 to 2099-12-31 (UTC)"


def out_of_range(dt: datetime) -> str | None:
    """Why `dt` is not supported, or None. A naive `dt` is checked as if it were UTC (within a day of right)."""
    offset = dt.utcoffset()
    if offset is not None and not -MAX_OFFSET <= offset <= MAX_OFFSET:
        return f"UTC offset {_offset_text(offset)} is beyond ±14:00"
    # The year test alone settles nearly every value; only the first and last days need the exact comparison.
    if 1970 < dt.year < 2099:
        return None
    aware = dt if offset is not None else dt.replace(tzinfo=UTC)
    if SUPPORTED_START <= aware < SUPPORTED_END:
        return None
    return f"{dt.isoformat()} is outside the supported range {SUPPORTED_TEXT}"


def check_supported(dt: datetime, field: str) -> datetime:
    """`dt` itself, or ValidationFailed naming `field` (the API answers it with a 422)."""
    why = out_of_range(dt)
    if why is not None:
        raise ValidationFailed(f"{field}: {why}")
    return dt


def check_supported_date(day: date, field: str) -> date:
    """A calendar day (a summary's `date`): the same range, by day."""
    if not SUPPORTED_START.date() <= day < SUPPORTED_END.date():
        raise ValidationFailed(f"{field}: {day.isoformat()} is outside the supported range {SUPPORTED_TEXT}")
    return day


def _offset_text(offset: timedelta) -> str:
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
