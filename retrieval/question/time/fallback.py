"""dateparser as the last resort, only around a detected time word and always with languages=['ru','en']."""

from __future__ import annotations

from datetime import datetime, timedelta

from retrieval.question.time.types import TimeRange, day_start


def fallback_range(text: str, hint: tuple[int, int], now: datetime) -> TimeRange | None:
    """A one-day range from dateparser if its match overlaps the hint; dateparser has no ranges."""
    from dateparser.search import search_dates  # heavy import, only when rules missed a time word

    settings = {"RELATIVE_BASE": now.replace(tzinfo=None), "PREFER_DATES_FROM": "past",
                "RETURN_AS_TIMEZONE_AWARE": False}
    try:
        found = search_dates(text, languages=["ru", "en"], settings=settings)
    except (ValueError, OverflowError):
        return None
    for phrase, value in found or []:
        pos = text.lower().find(phrase.lower())
        if pos < 0 or len(phrase.strip()) < 3 or phrase.strip().isdigit():
            continue
        start = day_start(value.replace(tzinfo=now.tzinfo))
        return TimeRange(start, start + timedelta(days=1), phrase.strip(), "day")
    return None
