"""One line a person would write about an event: cited in answers, embedded, and stored on graph nodes."""

from __future__ import annotations

from datetime import tzinfo

from core.events import Event


def people_of(event: Event) -> list[str]:
    people = [event.payload["person"]] if isinstance(event.payload.get("person"), str) else []
    extra = event.payload.get("people")
    if isinstance(extra, list):
        people.extend(p for p in extra if isinstance(p, str))
    return [p for p in people if p.strip()]


def _fmt_amount(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def render_sentence(event: Event, tz: tzinfo) -> str:
    """One line a person would write about the event, with its local time."""
    p = event.payload
    when = event.ts.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    if event.type == "diary":
        return f"{when} {p.get('text', '')}"
    if event.type == "social":
        who = ", ".join(people_of(event))
        parts = [x for x in (who, p.get("place")) if x]
        return f"{when} {p.get('action', 'встреча')}: {', '.join(parts)}".rstrip(": ")
    if event.type == "purchase":
        place = f" в {p['place']}" if p.get("place") else ""
        return f"{when} покупка: {p.get('item')} {_fmt_amount(p.get('amount'))} {p.get('currency', '')}{place}".strip()
    if event.type == "activity":
        extra = f", {_fmt_amount(p['distance_km'])} км" if p.get("distance_km") is not None else ""
        place = f", {p['place']}" if p.get("place") else ""
        return f"{when} {p.get('activity')}: {_fmt_amount(p.get('duration_minutes'))} мин{extra}{place}"
    if event.type == "health":
        return f"{when} {p.get('metric')}: {_fmt_amount(p.get('value'))}"
    return f"{when} {event.type} {event.lat}, {event.lon}"
