"""Intent "top" asked of a value: events ranked by it — the priciest (or cheapest) purchases, the longest (or
shortest) activities. The dispatch sends a "top" question here when its shape ranks by a value."""

from __future__ import annotations

from collections.abc import Callable

from assistant.ask.context import AskContext
from assistant.ask.scoping import currency_of, nothing, resolve_scope
from assistant.phrasing import cap, fmt_date, fmt_money, fmt_number, fmt_range, t
from core.events import Event
from retrieval.evidence import Evidence

_DISTANCE_SPORTS = {"running", "cycling", "walking", "swimming"}


async def by_amount(c: AskContext) -> Evidence:
    """ "Самая дорогая покупка", "the cheapest thing I bought": purchases ranked by amount."""
    ev = c.evidence()
    scope, _, label = await resolve_scope(c)
    lowest = c.q.shape.lowest
    if scope.type != "purchase":
        scope = c.scope("purchase")
    events = await c.sql.extremes(scope, "amount", limit=c.q.limit or 3, lowest=lowest)
    if not events:
        return nothing(c, ev, label)
    currency = await currency_of(c, scope)
    rng = fmt_range(c.q.time_range, c.lang)

    def one(e: Event) -> str:
        money = fmt_money(float(e.payload.get("amount") or 0), str(e.payload.get("currency") or currency), c.lang)
        day = fmt_date(e.ts.astimezone(c.tz).date(), c.lang)
        place = f", {e.payload['place']}" if e.payload.get("place") else ""
        return f"{e.payload.get('item')} — {money} ({day}{place})"

    head = t(
        c.lang,
        f"{cap(rng)} самая {'дешёвая' if lowest else 'дорогая'} покупка",
        f"{cap(rng)} your {'cheapest' if lowest else 'most expensive'} purchase",
    )
    ev.names += [str(e.payload.get("item")) for e in events] + [str(e.payload.get("place")) for e in events]
    return _ranked(c, ev, events, "amount", head, one)


async def by_length(c: AskContext) -> Evidence:
    """ "Самая длинная пробежка", "my longest run": activities ranked by distance (or by duration)."""
    ev = c.evidence()
    scope, _, label = await resolve_scope(c)
    shortest = c.q.shape.lowest
    if scope.type != "activity":
        scope = c.scope("activity")
    by_distance = bool(set(c.q.entities.activities) & _DISTANCE_SPORTS)
    value = "distance_km" if by_distance else "duration_minutes"
    events = await c.sql.extremes(scope, value, limit=c.q.limit or 3, lowest=shortest)
    events = [e for e in events if e.payload.get(value) is not None]
    if not events:
        return nothing(c, ev, label)
    rng = fmt_range(c.q.time_range, c.lang)

    def one(e: Event) -> str:
        amount = fmt_number(float(e.payload.get(value) or 0))
        what = f"{amount} {t(c.lang, 'км', 'km')}" if by_distance else f"{amount} {t(c.lang, 'мин', 'min')}"
        place = f", {e.payload['place']}" if e.payload.get("place") else ""
        return f"{what} ({fmt_date(e.ts.astimezone(c.tz).date(), c.lang)}{place})"

    kind = t(c.lang, "самая короткая" if shortest else "самая длинная", "shortest" if shortest else "longest")
    head = t(c.lang, f"{cap(rng)} {kind} — {label}", f"{cap(rng)} your {kind} {label}")
    return _ranked(c, ev, events, value, head, one)


def _ranked(c: AskContext, ev: Evidence, events: list[Event], value: str, head: str,
            describe: Callable[[Event], str]) -> Evidence:
    """The answer for events ranked by a value: "<head>: <first>. Дальше / Next: <the rest>.", all cited."""
    first, rest = describe(events[0]), "; ".join(describe(e) for e in events[1:])
    ev.template_answer = f"{head}: {first}." + (t(c.lang, " Дальше: ", " Next: ") + f"{rest}." if rest else "")
    ev.numbers += [float(e.payload.get(value) or 0) for e in events]
    ev.sources += [c.source(e) for e in events]
    ev.dates += [e.ts.astimezone(c.tz).date() for e in events]
    ev.found = True
    ev.facts.append(ev.template_answer)
    return ev
