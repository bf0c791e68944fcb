"""Turning pieces into concrete ranges relative to "now" (past-preferring unless told otherwise)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from retrieval.question.time.types import (
    Abs,
    Grain,
    PDate,
    TimeOptions,
    Tod,
    add_grain,
    at_date,
    day_start,
    floor_grain,
    shifted_unit,
    unit,
    valid_date,
)

_HOUR = timedelta(hours=1)
SEASONS = {"spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "winter": (12, 3)}


@dataclass(frozen=True)
class Ctx:
    now: datetime
    opts: TimeOptions
    lang: str

    @property
    def future(self) -> bool:
        return self.opts.prefer_future


def day_abs(day: datetime, weak: bool = False, weekday: int | None = None) -> Abs:
    start = day_start(day)
    return Abs(start, start + timedelta(days=1), "day", weak, weekday)


def relative_day(ctx: Ctx, offset: int) -> Abs:
    return day_abs(ctx.now + timedelta(days=offset))


def weekday_abs(ctx: Ctx, wd: int, which: str = "bare") -> Abs:
    """bare: latest ``wd`` up to today (future mode: first after today); last/next: in the previous/next
    calendar week; before_last: the week before the previous; this: in the current week; coming: first after
    today."""
    today = day_start(ctx.now)
    week = today - timedelta(days=today.weekday())
    if which == "bare":
        which = "coming" if ctx.future else "recent"
    if which == "recent":
        return day_abs(today - timedelta(days=(today.weekday() - wd) % 7), True, wd)
    if which == "coming":
        return day_abs(today + timedelta(days=(wd - today.weekday() - 1) % 7 + 1), True, wd)
    if which == "after_next":  # the second one to come: on Tuesday "Friday after next" is in 10 days
        return day_abs(today + timedelta(days=(wd - today.weekday() - 1) % 7 + 8), False, wd)
    shift = {"before_last": -14, "last": -7, "this": 0, "next": 7}[which]
    return day_abs(week + timedelta(days=shift + wd), False, wd)


def week_abs(ctx: Ctx, shift: int) -> Abs:
    return shifted_unit(ctx.now, "week", shift)


def weekend_abs(ctx: Ctx, shift: int) -> Abs:
    """Weekend of the week ``shift`` weeks away; shift 0 = the current week's, or the last one in past mode
    when today is a weekday."""
    week = floor_grain(ctx.now, "week")
    if shift == 0 and not ctx.future and ctx.now.weekday() < 5:
        shift = -1
    return weekend_of(ctx, week + timedelta(weeks=shift))


def weekend_of(ctx: Ctx, monday: datetime) -> Abs:
    end = monday + timedelta(days=7)
    if ctx.opts.weekend_from_friday_evening:
        return Abs(monday + timedelta(days=4, hours=18), end, "hour")
    return Abs(monday + timedelta(days=5), end, "day")


def month_abs(ctx: Ctx, month: int, year: int | None = None, which: str = "bare") -> Abs:
    """bare: the latest such month not in the future (future mode: the next not in the past)."""
    now = ctx.now
    if year is None:
        if which == "bare":
            which = "upcoming" if ctx.future else "recent"
        year = now.year + {
            "recent": -1 if month > now.month else 0,
            "upcoming": 1 if month < now.month else 0,
            "last": -1 if month >= now.month else 0,
            "next": 1 if month <= now.month else 0,
        }.get(which, 0)
    start = now.replace(year=year, month=month, day=1, hour=0, minute=0, second=0, microsecond=0)
    return Abs(start, add_grain(start, "month"), "month")


def season_abs(ctx: Ctx, name: str, shift: int | None = None, year: int | None = None) -> Abs:
    """Meteorological seasons (summer = June–August); bare = the current or most recent one."""
    first_month, length = SEASONS[name]
    now = ctx.now
    base = year if year is not None else now.year
    start = now.replace(year=base, month=first_month, day=1, hour=0, minute=0, second=0, microsecond=0)
    if name == "winter" and year is None and now.month < 3:
        start = start.replace(year=base - 1)
    if year is None:
        end = add_grain(start, "month", length)
        if shift is None and not ctx.future and start > now:
            start = start.replace(year=start.year - 1)
        elif shift is None and ctx.future and end <= now:
            start = start.replace(year=start.year + 1)
        elif shift is not None:
            start = start.replace(year=start.year + shift)
    return Abs(start, add_grain(start, "month", length), "day")


def year_abs(ctx: Ctx, year: int) -> Abs:
    start = ctx.now.replace(year=year, month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    return Abs(start, add_grain(start, "year"), "year")


def resolve_pdate(ctx: Ctx, p: PDate, weekday: int | None = None) -> Abs | None:
    now = ctx.now
    if p.month is None:
        return year_abs(ctx, p.year) if p.year is not None else None
    if p.day is None:
        return month_abs(ctx, p.month, p.year)
    years = [p.year] if p.year is not None else _candidate_years(ctx, p.month, p.day)
    for year in years:
        if valid_date(year, p.month, p.day):
            candidate = day_abs(at_date(now.date().replace(year=year, month=p.month, day=p.day), now))
            if weekday is None or candidate.start.weekday() == weekday:
                return candidate
    return None


def _candidate_years(ctx: Ctx, month: int, day: int) -> list[int]:
    y = ctx.now.year
    today = (ctx.now.month, ctx.now.day)
    if ctx.future:
        first = y if (month, day) >= today else y + 1
        return [first, first + 1, first - 1, first + 2, first - 2, first + 3, first - 3]
    first = y if (month, day) <= today else y - 1
    return [first, first - 1, first + 1, first - 2, first - 3, first + 2]


def resolve_tod(ctx: Ctx, tod: Tod, day: datetime | None = None) -> Abs:
    """A time of day on ``day``, or — without a day — the nearest occurrence (past or future by mode)."""
    if day is not None:
        base = day_start(day)
        return _tod_abs(base, tod.lo, tod.hi - tod.lo, tod.grain)
    candidates: list[Abs] = []
    for offset in (-1, 0, 1):
        base = day_start(ctx.now + timedelta(days=offset))
        for shift in (0, 12 * 3600) if tod.ampm else (0,):
            candidates.append(_tod_abs(base, tod.lo + shift, tod.hi - tod.lo, tod.grain))
    candidates.sort(key=lambda a: a.start)
    if ctx.future:  # a clock in the current hour is still "now" ("at 4:23" at 4:30 is today's)
        return next(a for a in candidates if max(a.end, floor_grain(a.start, "hour") + _HOUR) > ctx.now)
    past = [a for a in candidates if a.start <= ctx.now]
    return past[-1] if past else candidates[0]


def _tod_abs(base: datetime, lo: int, width: int, grain: Grain) -> Abs:
    start = base + timedelta(seconds=lo)
    return Abs(start, start + timedelta(seconds=width), grain)


def rolling(ctx: Ctx, grain: Grain, n: int, past: bool = True) -> Abs:
    """"last N days" — rolling to now by default; whole units before the current one in Duckling mode."""
    fine: Grain = grain if grain in ("second", "minute", "hour", "day") else "day"
    if ctx.opts.calendar_last_n or not past:
        cur = floor_grain(ctx.now, grain)
        if past:
            return Abs(add_grain(cur, grain, -n), cur, grain)
        first = add_grain(cur, grain)
        return Abs(first, add_grain(first, grain, n), grain)
    return Abs(add_grain(ctx.now, grain, -n), ctx.now, fine)


def ago(ctx: Ctx, grain: Grain, n: float, sign: int) -> Abs:
    """"N days ago": the day it falls on; hours/minutes keep their grain; years ago → that month."""
    if grain in ("second", "minute", "hour"):
        point = ctx.now + timedelta(seconds=sign * n * {"second": 1, "minute": 60, "hour": 3600}[grain])
        return unit(point, "minute" if grain == "hour" and n == int(n) else "second")
    if grain == "day" and ctx.opts.duckling_grains:  # Duckling: "in 7 days" is that hour
        return unit(ctx.now + timedelta(days=sign * n), "hour")
    if grain in ("day", "week"):
        point = ctx.now + timedelta(days=sign * n * (7 if grain == "week" else 1))
        return unit(point, "day")
    point = add_grain(ctx.now, grain, int(sign * n))
    return unit(point, "month" if grain == "year" else "day")


def within(ctx: Ctx, grain: Grain, n: float) -> Abs | None:
    """"within 2 weeks" / "в течение 2 недель": from now up to that point in future mode (Duckling), the past
    ``n`` units (rolling) otherwise."""
    if not ctx.future:
        return rolling(ctx, grain, int(n), past=True)
    end = ago(ctx, grain, n, 1).start
    return Abs(ctx.now, end, "second") if end > ctx.now else None
