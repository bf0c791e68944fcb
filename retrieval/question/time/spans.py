"""A duration attached to a time: "4pm for 30 mins", "from 18th Dec for 10 days", "for 30' starting from 4pm".
The range runs from the time's start for that long (Duckling: through the last unit, so one unit more)."""

from __future__ import annotations

import re
from datetime import datetime

from retrieval.question.time.rules_en import UNIT, N, amount, unit_grain
from retrieval.question.time.types import Grain, add_grain

_DURATION = rf"(?:{N}\s+{UNIT}|(?P<mins>\d+)\s*')"
_AFTER = re.compile(rf"\s*,?\s*for\s+{_DURATION}")
_BEFORE = re.compile(rf"\bfor\s+{_DURATION}\s+(?:starting\s+)?(?:from\s+)?$")


def attached_duration(text: str, start: int, end: int) -> tuple[int, int, Grain, int] | None:
    """(new start, new end, unit, count) of a "for <duration>" right before or after ``[start, end)``."""
    after = _AFTER.match(text, end)
    if after is not None:
        return (start, after.end(), *_amount(after))
    before = _BEFORE.search(text[:start])
    if before is not None:
        return (before.start(), end, *_amount(before))
    return None


def _amount(m: re.Match[str]) -> tuple[Grain, int]:
    if m["mins"]:
        return "minute", int(m["mins"])
    if m["unit"].startswith("fortnight"):
        return "day", 14 * int(amount(m["n"]))
    return unit_grain(m["unit"]), int(amount(m["n"]))


def span_end(start: datetime, grain: Grain, n: int, inclusive: bool) -> datetime:
    return add_grain(start, grain, n + (1 if inclusive else 0))
