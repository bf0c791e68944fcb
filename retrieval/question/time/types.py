"""Value types of the time parser and the calendar arithmetic they need (pure, no I/O)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Literal

Grain = Literal["second", "minute", "hour", "day", "week", "month", "quarter", "year"]
GRAINS: tuple[Grain, ...] = ("second", "minute", "hour", "day", "week", "month", "quarter", "year")
_FIXED = {"second": timedelta(seconds=1), "minute": timedelta(minutes=1), "hour": timedelta(hours=1),
          "day": timedelta(days=1), "week": timedelta(weeks=1)}


@dataclass(frozen=True)
class TimeRange:
    """A half-open range ``[start, end)`` in the user's tz; open intervals have one side ``None``."""

    start: datetime | None
    end: datetime | None
    phrase: str
    grain: str


@dataclass(frozen=True)
class TimeOptions:
    """Conventions that differ between the product (memories: past) and Duckling's future-biased corpus."""

    prefer_future: bool = False
    weekend_from_friday_evening: bool = False
    calendar_last_n: bool = False  # "last 2 days" = 2 whole days before today (Duckling) vs rolling to now
    # Duckling's grains: "in 7 days" = that hour, "15h" / "4pm CET" = a minute, "3:30-6pm" ends 18:01
    duckling_grains: bool = False

    @staticmethod
    def duckling() -> TimeOptions:
        return TimeOptions(prefer_future=True, weekend_from_friday_evening=True, calendar_last_n=True,
                           duckling_grains=True)


@dataclass(frozen=True)
class TimeParse:
    """What ``parse_time_detailed`` found: a range, or a detected phrase it could not resolve, or neither."""

    time_range: TimeRange | None
    unparsed: str | None


# ---- intermediate pieces -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Abs:
    """A concrete range. ``weak`` marks guesses (bare weekday) that yield to an explicit date."""

    start: datetime
    end: datetime
    grain: Grain
    weak: bool = False
    weekday: int | None = None


@dataclass(frozen=True)
class PDate:
    """A calendar date with unknown parts, resolved late so intervals can share month/year."""

    year: int | None
    month: int | None
    day: int | None = None


@dataclass(frozen=True)
class Tod:
    """A time of day as seconds after midnight ``[lo, hi)``; ``ampm`` = the hour may still move by 12h."""

    lo: int
    hi: int
    grain: Grain
    ampm: bool = False
    part_of_day: bool = False
    meal: bool = False  # "обед"/"lunch": narrows a named day ("в пятницу в обед"), alone it is the meal itself


@dataclass(frozen=True)
class Num:
    """A bare small number: a day of month or an hour, decided by its neighbour in an interval."""

    n: int


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    value: Abs | PDate | Tod | Num
    extra: dict[str, int] = field(default_factory=dict)

    def spanning(self, start: int, end: int, value: Abs | PDate | Tod | Num) -> Piece:
        return replace(self, start=start, end=end, value=value)


# ---- calendar arithmetic -------------------------------------------------------------------------------


def day_start(dt: datetime) -> datetime:
    return dt.replace(hour=0, minute=0, second=0, microsecond=0)


def at_date(d: date, like: datetime) -> datetime:
    return like.replace(year=d.year, month=d.month, day=d.day, hour=0, minute=0, second=0, microsecond=0)


def add_months(dt: datetime, months: int) -> datetime:
    idx = dt.year * 12 + dt.month - 1 + months
    year, month = divmod(idx, 12)
    day = min(dt.day, calendar.monthrange(year, month + 1)[1])
    return dt.replace(year=year, month=month + 1, day=day)


def add_grain(dt: datetime, grain: Grain, n: int = 1) -> datetime:
    if grain in _FIXED:
        return _normalise(dt + _FIXED[grain] * n)
    months = {"month": 1, "quarter": 3, "year": 12}[grain] * n
    return add_months(dt, months)


def _normalise(dt: datetime) -> datetime:
    """Keep wall-clock arithmetic in the same zone (ZoneInfo folds are resolved by ``replace``)."""
    return dt.replace(tzinfo=dt.tzinfo)


def floor_grain(dt: datetime, grain: Grain) -> datetime:
    if grain == "second":
        return dt.replace(microsecond=0)
    if grain == "minute":
        return dt.replace(second=0, microsecond=0)
    if grain == "hour":
        return dt.replace(minute=0, second=0, microsecond=0)
    base = day_start(dt)
    if grain == "day":
        return base
    if grain == "week":
        return base - timedelta(days=base.weekday())
    if grain == "month":
        return base.replace(day=1)
    if grain == "quarter":
        return base.replace(day=1, month=(base.month - 1) // 3 * 3 + 1)
    return base.replace(day=1, month=1)


def unit(dt: datetime, grain: Grain, weak: bool = False) -> Abs:
    start = floor_grain(dt, grain)
    return Abs(start, add_grain(start, grain), grain, weak)


def shifted_unit(now: datetime, grain: Grain, n: int) -> Abs:
    """The calendar unit ``n`` units away from the one containing ``now`` (0 = this week/month/...)."""
    return unit(add_grain(floor_grain(now, grain), grain, n), grain)


def finer(a: Grain, b: Grain) -> Grain:
    return a if GRAINS.index(a) <= GRAINS.index(b) else b


def valid_date(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]
