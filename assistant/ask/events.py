"""Intents answered with the events themselves: first / last / when of something named, and lists."""

from __future__ import annotations

from dataclasses import replace

from assistant.ask.context import AskContext
from assistant.ask.scoping import nothing, resolve_scope
from assistant.phrasing import cap, fmt_date, fmt_range, t
from retrieval.evidence import Evidence
from retrieval.sql_retriever import Scope


async def occurrence(c: AskContext) -> Evidence:
    """first / last / when of a named thing: the earliest or latest matching event. (With nothing named the
    dispatch asks the diary and notes by meaning instead.)"""
    ev = c.evidence()
    scope, _, label = await resolve_scope(c)
    if c.q.shape.time_of_day:
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


async def list_events(c: AskContext) -> Evidence:
    ev = c.evidence()
    etype = c.q.shape.event_type
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
