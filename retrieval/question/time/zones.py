"""Time zones stated in the phrase ("8:00 GMT", "9 am (BST)", "9:30 - 11:00 CST"): the abbreviation is
blanked out before the rules run and the clock range found is converted into the user's zone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from retrieval.question.time.lexicon import Normalised

# Fixed offsets as written (Duckling's convention: "BST" is UTC+1 whatever the date).
OFFSETS = {"gmt": 0.0, "utc": 0.0, "wet": 0.0, "bst": 1.0, "cet": 1.0, "met": 1.0, "cest": 2.0, "eet": 2.0,
           "eest": 3.0, "msk": 3.0, "ist": 5.5, "sgt": 8.0, "hkt": 8.0, "jst": 9.0, "kst": 9.0,
           "aest": 10.0, "nzst": 12.0, "est": -5.0, "edt": -4.0, "cst": -6.0, "cdt": -5.0, "mst": -7.0,
           "mdt": -6.0, "pst": -8.0, "pdt": -7.0, "akst": -9.0, "hst": -10.0}
# Only right after a clock ("8:00", "9 am", "8h", "at 8"): "IST" or "EST" elsewhere are words/names.
_ZONE = re.compile(rf"(?<=[\dm.h])\s*(?P<z>\(\s*(?:{'|'.join(OFFSETS)})\s*\)|\b(?:{'|'.join(OFFSETS)})\b)")
_CLOCK_GRAINS = ("second", "minute", "hour")


@dataclass(frozen=True)
class Zone:
    offset: timedelta
    span: tuple[int, int]


def strip_zones(norm: Normalised) -> tuple[Normalised, Zone | None]:
    """``norm`` with every zone abbreviation blanked (offsets kept) and the zone, if all agree."""
    found = list(_ZONE.finditer(norm.text))
    if not found:
        return norm, None
    names = {re.sub(r"[()\s]", "", m["z"]) for m in found}
    if len(names) != 1:
        return norm, None
    text = norm.text
    for m in found:
        a, b = m.span("z")
        text = text[:a] + " " * (b - a) + text[b:]
    offset = timedelta(hours=OFFSETS[names.pop()])
    return Normalised(text, norm.spans), Zone(offset, (found[0].start("z"), found[-1].end("z")))


def to_user_zone(dt: datetime | None, zone: Zone) -> datetime | None:
    """A wall-clock time read in ``zone`` → the same instant on the user's wall clock."""
    if dt is None or dt.tzinfo is None:
        return dt
    return dt.replace(tzinfo=timezone(zone.offset)).astimezone(dt.tzinfo)


def applies(grain: str) -> bool:
    return grain in _CLOCK_GRAINS
