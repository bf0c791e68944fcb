"""Intents answered with the events themselves: first / last / when, lists, and the priciest purchases."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from assistant.ask.context import AskContext
from assistant.ask.scoping import currency_of, nothing, resolve_scope
from assistant.phrasing import cap, fmt_date, fmt_money, fmt_number, fmt_range, t
from core.events import Event
from retrieval.evidence import Evidence
from retrieval.sql_retriever import Scope

_TIME_OF_DAY = re.compile(r"\bво\s+сколько\b|\bв\s+какое\s+время\b|\bwhat\s+time\b", re.I)


async def occurrence(c: AskContext) -> Evidence:
    """first / last / when: the earliest or latest matching event."""
    ev = c.evidence()
    e = c.q.entities
    if not e.names_something():
        from assistant.ask.text import recall

        return await recall(c, when=True)
    scope, _, label = await resolve_scope(c)
    if _TIME_OF_DAY.search(c.q.text):
        return await _time_of_day(c, ev, scope, label)
    first = c.q.intent == "first"
    events = await c.sql.events(scope, limit=1, newest_first=not first)
    if not events:
        return nothing(c, ev, label)
    event = events[0]
    local = event.ts.astimezone(c.tz)
    day = fmt_date(local.date(), c.lang, weekday=True)
    clock = local.strftime("%H:%M")
    source = c.source(event)
    if first:
        ev.template_answer = t(
            c.lang,
            f"Впервые — {day} в {clock}: {source.text[17:]}.",
            f"The first time was on {day} at {clock}: {source.text[17:]}.",
        )
    elif c.q.intent == "when":  # "когда я купил наушники?": the event, not "the last time"
        ev.template_answer = t(
            c.lang,
            f"Это было {day} в {clock}: {source.text[17:]}.",
            f"That was on {day} at {clock}: {source.text[17:]}.",
        )
    else:
        ev.template_answer = t(
            c.lang,
            f"Последний раз — {day} в {clock}: {source.text[17:]}.",
            f"The last time was on {day} at {clock}: {source.text[17:]}.",
        )
    ev.sources.append(source)
    ev.dates.append(local.date())
    ev.names += c.matched.get("item", []) + c.matched.get("activity", []) + [str(v) for v in event.payload.values()]
    ev.numbers += [float(v) for v in event.payload.values() if isinstance(v, int | float)]
    ev.found = True
    ev.facts.append(ev.template_answer)
    return ev


_LIST_TYPES = [
    ("purchase", r"покуп|купил|purchas|bought|buy|трат|spent"),
    ("social", r"встреч|видел|met\b|meet|обед|lunch|ужин|dinner|завтрак|breakfast"),
    ("activity", r"трениров|workout|activit|спорт|бег|run"),
    ("diary", r"дневник|запис|diary|notes?\b"),
]


async def list_events(c: AskContext) -> Evidence:
    ev = c.evidence()
    etype = next((k for k, rx in _LIST_TYPES if re.search(rx, c.q.text, re.I)), None)
    scope = c.scope(etype)
    label = t(c.lang, "события", "events")
    e = c.q.entities
    if e.items or e.activities or e.people or e.places:
        scope, _, label = await resolve_scope(c)
        if scope.type is None and etype:  # "что я покупал в Пятёрочке": purchases at that place, not all events
            scope = replace(scope, type=etype)
    elif etype == "social" and (actions := await c.match_actions()):
        scope = c.scope("social", {"action": actions})
    events = await c.sql.events(scope, limit=50, newest_first=False)
    events = [e for e in events if e.type not in ("geo", "health")] or events
    if not events:
        return nothing(c, ev, label)
    rng = fmt_range(c.q.time_range, c.lang)
    lines = [c.source(e).text for e in events[:15]]
    more = t(c.lang, f" и ещё {len(events) - 15}", f" and {len(events) - 15} more") if len(events) > 15 else ""
    ev.template_answer = t(c.lang, f"{cap(rng)} ({len(events)}): ", f"{cap(rng)} ({len(events)}): ")
    ev.template_answer += "; ".join(lines) + more + "."
    ev.sources += [c.source(e) for e in events]
    ev.numbers += [len(events)]
    ev.found = True
    ev.facts += lines
    return ev


async def priciest(c: AskContext, ev: Evidence, scope: Scope, label: str, lowest: bool) -> Evidence:
    """ "Самая дорогая покупка", "the cheapest thing I bought": purchases ranked by amount."""
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


async def _time_of_day(c: AskContext, ev: Evidence, scope: Scope, label: str) -> Evidence:
    """ "Во сколько я обычно пью кофе?": the median local time of the matching events, and the middle half."""
    if scope.type == "health":
        # Health records carry the time they were logged (sleep in the morning), not when it happened.
        ev.template_answer = t(
            c.lang,
            f"Не могу сказать, во сколько: записи «{label}» хранят значение, а не время начала.",
            f"I can't tell what time: the “{label}” records hold a value, not when it started.",
        )
        return ev
    (q1, median, q3), count = await c.sql.time_of_day(scope, str(c.tz))
    if not count:
        return nothing(c, ev, label)
    rng = fmt_range(c.q.time_range, c.lang)

    def clock(minutes: int) -> str:
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    ev.template_answer = t(
        c.lang,
        f"{cap(rng)} {label} — обычно около {clock(median)}; половина случаев между {clock(q1)} и {clock(q3)} "
        f"(всего {count}).",
        f"{cap(rng)} {label}: usually around {clock(median)}; half of the times between {clock(q1)} and "
        f"{clock(q3)} ({count} in all).",
    )
    ev.numbers += [count]
    ev.found = True
    ev.facts.append(ev.template_answer)
    events = await c.sql.events(scope, limit=20)
    ev.sources += [c.source(e) for e in events]
    ev.dates += [e.ts.astimezone(c.tz).date() for e in events]
    return ev


_DISTANCE_SPORTS = {"running", "cycling", "walking", "swimming"}


async def longest(c: AskContext, ev: Evidence, scope: Scope, label: str, shortest: bool) -> Evidence:
    """ "Самая длинная пробежка", "my longest run": activities ranked by distance (or by duration)."""
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
