"""Combining adjacent pieces: "пятница, 18 июля 2014 7 часов вечера", "с 1 по 5 октября", "9:30 - 11:00"."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from retrieval.question.time.resolve import Ctx, resolve_pdate, resolve_tod
from retrieval.question.time.types import Abs, Grain, Num, PDate, Tod, add_grain, day_start, finer, floor_grain

_HALF_DAY = 12 * 3600
_WIDTH = {"second": 1, "minute": 60, "hour": 3600}


@dataclass(frozen=True)
class Marker:
    """"начало/конец/середина", "beginning/end/early/mid/late": narrows the next piece."""

    kind: str  # "begin" | "mid" | "end"


@dataclass(frozen=True)
class Nth:
    """"first tuesday of", "last day of", "first week of": the n-th (−1 = last) unit inside the next piece."""

    n: int
    weekday: int | None
    unit: str


Value = Abs | PDate | Tod | Num | Marker | Nth


def to_abs(ctx: Ctx, v: Value) -> Abs | None:
    if isinstance(v, Abs):
        return v
    if isinstance(v, PDate):
        return resolve_pdate(ctx, v)
    if isinstance(v, Tod):
        return resolve_tod(ctx, v)
    return None


def combine(ctx: Ctx, a: Value, b: Value) -> Value | None:
    """Juxtaposed pieces meaning one time ("завтра вечером", "Monday, Feb 18"), or None."""
    if isinstance(a, Marker | Nth):
        target = to_abs(ctx, b)
        if target is None:
            return None
        return narrow(a, target) if isinstance(a, Marker) else nth_in(a, target)
    if isinstance(a, Num) and isinstance(b, Abs) and b.grain == "month" and not b.weak:
        start = b.start + timedelta(days=a.n - 1)
        return Abs(start, start + timedelta(days=1), "day") if start < b.end else None
    if isinstance(a, Num) and isinstance(b, Tod) and b.part_of_day and 1 <= a.n <= 12:
        return _clock_in_part(Tod(a.n * 3600, a.n * 3600 + 3600, "hour", ampm=True), b)
    if isinstance(a, Num) or isinstance(b, Num | Marker | Nth):
        return None
    if isinstance(a, Tod) and isinstance(b, Tod):
        return _clock_in_part(a, b) or _clock_in_part(b, a)
    if isinstance(a, Tod) or isinstance(b, Tod):
        tod, other = (a, b) if isinstance(a, Tod) else (b, a)
        assert isinstance(tod, Tod)
        day = to_abs(ctx, other)
        return resolve_tod(ctx, tod, day.start) if day else None
    return _dates(ctx, a, b)


def _dates(ctx: Ctx, a: Abs | PDate, b: Abs | PDate) -> Value | None:
    if isinstance(a, PDate) and isinstance(b, PDate):
        return None
    if isinstance(a, PDate) or isinstance(b, PDate):
        p, other = (a, b) if isinstance(a, PDate) else (b, a)
        assert isinstance(p, PDate) and isinstance(other, Abs)
        if other.weekday is not None and other.weak:
            return resolve_pdate(ctx, p, other.weekday)
        if p.year is None and p.month is not None and other.grain in ("year", "month"):
            return _intersect(resolve_pdate(ctx, replace(p, year=other.start.year)), other)
        return _intersect(resolve_pdate(ctx, p), other)
    assert isinstance(a, Abs) and isinstance(b, Abs)
    for wd, rng in ((a, b), (b, a)):
        if wd.weekday is not None and rng.grain == "week":
            start = rng.start + timedelta(days=wd.weekday)
            return Abs(start, start + timedelta(days=1), "day")
    inter = _intersect(a, b)
    if inter is None and (a.weak or b.weak):
        return b if a.weak else a
    return inter


def _intersect(a: Abs | None, b: Abs | None) -> Abs | None:
    if a is None or b is None:
        return None
    start, end = max(a.start, b.start), min(a.end, b.end)
    return Abs(start, end, finer(a.grain, b.grain)) if start < end else None


def _clock_in_part(clock: Tod, part: Tod) -> Tod | None:
    if clock.part_of_day or not part.part_of_day:
        return None
    lo = clock.lo
    if clock.ampm and part.lo >= _HALF_DAY and lo < _HALF_DAY:
        lo += _HALF_DAY
    elif clock.ampm and lo == _HALF_DAY and part.lo < _HALF_DAY and part.hi <= _HALF_DAY:
        lo = 0
    return Tod(lo, lo + clock.hi - clock.lo, clock.grain)


def nth_in(nth: Nth, r: Abs) -> Abs | None:
    if nth.unit == "week":
        first = r.start + timedelta(days=(-r.start.weekday()) % 7)
        if nth.n < 0:  # counted from the last week that ends inside the range
            last_day = r.end - timedelta(days=1)
            last = last_day - timedelta(days=last_day.weekday())
            if last + timedelta(weeks=1) > r.end:
                last -= timedelta(weeks=1)
            first = last - timedelta(weeks=-nth.n - 1)
            return Abs(first, first + timedelta(weeks=1), "week")
        start = first + timedelta(weeks=nth.n - 1)
        return Abs(start, start + timedelta(weeks=1), "week")
    days = [r.start + timedelta(days=i) for i in range((r.end - r.start).days)]
    if nth.weekday is not None:
        days = [d for d in days if d.weekday() == nth.weekday]
    index = nth.n - 1 if nth.n > 0 else nth.n
    if not -len(days) <= index < len(days):
        return None
    return Abs(days[index], days[index] + timedelta(days=1), "day")


def narrow(marker: Marker, r: Abs) -> Abs:
    """Duckling's thirds: a month's first/middle/last ten days, a week's Mon–Wed / Fri–Sun, a year's
    first four / last four months."""
    if r.grain == "week" or (r.end - r.start).days == 7:
        days = {"begin": (0, 3), "mid": (2, 5), "end": (4, 7)}[marker.kind]
        return Abs(r.start + timedelta(days=days[0]), r.start + timedelta(days=days[1]), "day")
    if r.grain == "year":
        months = {"begin": (0, 3), "mid": (4, 8), "end": (8, 12)}[marker.kind]
        return Abs(add_grain(r.start, "month", months[0]), add_grain(r.start, "month", months[1]), "month")
    if r.grain == "month":
        bounds = {"begin": (0, 10), "mid": (10, 20), "end": (20, None)}[marker.kind]
        end = r.end if bounds[1] is None else r.start + timedelta(days=bounds[1])
        return Abs(r.start + timedelta(days=bounds[0]), end, "day")
    if r.grain == "day":
        hours = {"begin": (0, 12), "mid": (12, 19), "end": (18, 24)}[marker.kind]
        base = day_start(r.start)
        return Abs(base + timedelta(hours=hours[0]), base + timedelta(hours=hours[1]), "hour")
    return r


def interval(ctx: Ctx, left: Value, right: Value) -> Value | None:
    """"X - Y", "с X по Y", "between X and Y": a range to the end of Y, sharing missing parts."""
    if isinstance(left, Marker | Nth) or isinstance(right, Marker | Nth):
        return None
    if isinstance(left, Num) and isinstance(right, Num):
        return None
    if isinstance(left, Tod) or isinstance(right, Tod):
        return _tod_interval(ctx, left, right)
    if isinstance(left, Num) and isinstance(right, PDate) and right.day is not None:
        left = replace(right, day=left.n)
    if isinstance(right, Num) and isinstance(left, PDate) and left.day is not None:
        right = replace(left, day=right.n)
    if isinstance(left, PDate) and isinstance(right, PDate) and left.year is None and right.year is not None:
        left = replace(left, year=right.year)
    a = to_abs(ctx, left)
    if a is None:
        return None
    if isinstance(right, PDate) and right.year is None and right.month is not None:
        right = replace(right, year=a.start.year + (1 if (right.month, right.day or 1) <
                                                    (a.start.month, a.start.day) else 0))
    b = to_abs(ctx, right)
    if b is None or b.end <= a.start:
        return None
    grain: Grain = finer(a.grain, b.grain)
    return Abs(a.start, b.end, grain)


def _tod_interval(ctx: Ctx, left: Value, right: Value) -> Tod | None:
    if isinstance(left, Num) and isinstance(right, Tod):
        left = Tod(left.n * 3600, left.n * 3600 + 3600, "hour", ampm=left.n <= 12)
    if isinstance(right, Num) and isinstance(left, Tod):
        right = Tod(right.n * 3600, right.n * 3600 + 3600, "hour", ampm=right.n <= 12)
    if not (isinstance(left, Tod) and isinstance(right, Tod)) or left.part_of_day or right.part_of_day:
        return None
    lo, hi = left.lo, right.hi
    if ctx.opts.duckling_grains:  # Duckling ends "3:30 - 6pm" with 6pm's first minute
        hi = right.lo + _WIDTH[finer(left.grain, right.grain)]
    if left.ampm and not right.ampm and right.lo >= _HALF_DAY and lo + _HALF_DAY < right.hi:
        lo += _HALF_DAY
    if right.ampm and hi <= lo:
        hi += _HALF_DAY
    if hi <= lo:
        return None
    return Tod(lo, hi, finer(left.grain, right.grain), ampm=left.ampm and right.ampm)


def floor_day(a: Abs) -> Abs:
    start = floor_grain(a.start, "day")
    return Abs(start, start + timedelta(days=1), "day")
