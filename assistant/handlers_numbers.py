"""Intents answered with exact numbers from SQL: how much, how many, average, top, first/last/when, list."""

from __future__ import annotations

import re

from assistant.context import AskContext
from assistant.phrasing import cap, fmt_date, fmt_money, fmt_number, fmt_range, join_names, t, times_word
from retrieval.evidence import Evidence
from retrieval.sql_retriever import Scope

_DISTANCE = re.compile(r"\b(км|km|километр\w*|kilomet\w*|miles?|distance|дистанц\w*|пробежал\w*|ran)\b", re.I)
METRIC_NAMES = {
    "sleep_hours": ("сон", "sleep", "ч", "h"),
    "steps": ("шаги", "steps", "шагов", "steps"),
    "weight": ("вес", "weight", "кг", "kg"),
    "heart_rate": ("пульс", "heart rate", "уд/мин", "bpm"),
}


async def resolve_scope(c: AskContext) -> tuple[Scope, str | None, str]:
    """The events the question is about, the numeric field to add up, and a label for the answer."""
    e = c.q.entities
    if e.metrics and not e.activities:
        names = await c.sql.names(c.user_id, "metric")
        metrics = [m for m in names if m in e.metrics] or e.metrics
        label = METRIC_NAMES.get(metrics[0], (metrics[0], metrics[0], "", ""))
        return c.scope("health", {"metric": metrics}), "value", t(c.lang, label[0], label[1])
    if e.activities:
        acts = await c.match_names("activity", [*e.activities, *e.activities_raw])
        distance = _DISTANCE.search(c.q.text) or "distance" in e.metrics
        value = "distance_km" if distance else "duration_minutes"
        filters = {"activity": acts or e.activities}
        if e.places and (places := await c.match_names("place", e.places)):
            filters["place"] = places  # "бегал в Сокольниках"
        return c.scope("activity", filters), value, join_names(acts or e.activities, c.lang)
    if e.items:
        # A category the client sent wins ("Продукты"); then item names by meaning; then places ("Starbucks").
        categories = await c.match_names("category", e.items)
        if categories:
            return c.scope("purchase", {"category": categories}), "amount", join_names(e.items, c.lang)
        items = await c.match_names("item", e.items)
        if items:
            return c.scope("purchase", {"item": items}), "amount", join_names(e.items, c.lang)
        places = await c.match_names("place", e.items)
        if places:
            return c.scope("purchase", {"place": places}), "amount", join_names(e.items, c.lang)
        return c.scope("purchase", {"item": e.items}), "amount", join_names(e.items, c.lang)
    if e.people:
        people = await c.match_names("person", e.people)
        return c.scope("social", {"person": people or e.people}), None, join_names(people or e.people, c.lang)
    if e.places:
        places = await c.match_names("place", e.places)
        return c.scope(None, {"place": places or e.places}), "amount", join_names(places or e.places, c.lang)
    return c.scope("purchase"), "amount", t(c.lang, "покупки", "purchases")


async def _cite(c: AskContext, ev: Evidence, scope: Scope, limit: int = 100) -> None:
    events = await c.sql.events(scope, limit=limit)
    ev.sources.extend(c.source(e) for e in events)
    ev.dates.extend(e.ts.astimezone(c.tz).date() for e in events)
    ev.names.extend(c.matched.get("item", []) + c.matched.get("place", []) + c.matched.get("activity", []))


def _nothing(c: AskContext, ev: Evidence, what: str) -> Evidence:
    rng = fmt_range(c.q.time_range, c.lang)
    ev.template_answer = t(
        c.lang, f"Нет данных: {rng} ничего не нашёл про «{what}».", f"I found nothing about “{what}” {rng}."
    )
    return ev


def _unit(scope: Scope, value: str | None, currency: str, lang: str, amount: float) -> str:
    if value == "amount":
        return fmt_money(amount, currency, lang)
    if value == "distance_km":
        return f"{fmt_number(amount)} {t(lang, 'км', 'km')}"
    if value == "duration_minutes":
        return f"{fmt_number(amount)} {t(lang, 'мин', 'min')}"
    if value == "value" and scope.filters:
        metric = list(scope.filters.get("metric", [""]))[0]
        unit = METRIC_NAMES.get(metric, ("", "", "", ""))
        return f"{fmt_number(amount)} {t(lang, unit[2], unit[3])}".strip()
    return fmt_number(amount)


async def _currency(c: AskContext, scope: Scope) -> str:
    if scope.type != "purchase":
        return ""
    top = await c.sql.top(scope, "currency", limit=1)
    return top[0][0] if top else ""


async def how_much(c: AskContext) -> Evidence:
    ev = c.evidence()
    scope, value, label = await resolve_scope(c)
    total, count, _, _ = await c.sql.aggregate(scope, value)
    if not count:
        return _nothing(c, ev, label)
    currency = await _currency(c, scope)
    amount = _unit(scope, value, currency, c.lang, total)
    rng = fmt_range(c.q.time_range, c.lang)
    matched = c.matched.get("item") or c.matched.get("place") or c.matched.get("activity") or []
    what = f" ({join_names(matched, c.lang)})" if matched else ""
    if scope.type == "purchase":
        ev.template_answer = t(
            c.lang,
            f"{cap(rng)} ты потратил на {label} {amount}: {count} покупок{what}.",
            f"{cap(rng)} you spent {amount} on {label}: {count} purchases{what}.",
        )
    else:
        ev.template_answer = t(
            c.lang,
            f"{cap(rng)}: {label} — всего {amount} ({count} записей{what}).",
            f"{cap(rng)}: {label} — {amount} in total ({count} entries{what}).",
        )
    ev.numbers += [total, count]
    ev.facts.append(ev.template_answer)
    ev.found = True
    await _grouped(c, ev, scope, value)
    await _cite(c, ev, scope)
    return ev


async def how_many(c: AskContext) -> Evidence:
    ev = c.evidence()
    scope, value, label = await resolve_scope(c)
    if scope.type == "social" and (actions := await c.match_actions()):
        scope = Scope(scope.user_id, scope.start, scope.end, "social", {**(scope.filters or {}), "action": actions})
    total, count, _, _ = await c.sql.aggregate(scope, value if scope.type == "health" else None)
    if not count:
        return _nothing(c, ev, label)
    rng = fmt_range(c.q.time_range, c.lang)
    if scope.type == "health":
        amount = _unit(scope, value, "", c.lang, total)
        ev.template_answer = t(
            c.lang,
            f"{cap(rng)}: {label} — всего {amount} (за {count} записей).",
            f"{cap(rng)}: {label} — {amount} in total (over {count} entries).",
        )
        ev.numbers += [total, count]
    else:
        days = await c.sql.count_days(scope, str(c.tz))
        ev.template_answer = t(
            c.lang,
            f"{cap(rng)}: {label} — {count} {times_word(count, 'ru')} (в {days} разных дней).",
            f"{cap(rng)}: {label} — {count} {times_word(count, 'en')} (on {days} days).",
        )
        ev.numbers += [count, days]
    ev.found = True
    ev.facts.append(ev.template_answer)
    await _grouped(c, ev, scope, value if scope.type == "health" else None)
    await _cite(c, ev, scope)
    return ev


async def average(c: AskContext) -> Evidence:
    ev = c.evidence()
    scope, value, label = await resolve_scope(c)
    total, count, low, high = await c.sql.aggregate(scope, value)
    if not count:
        return _nothing(c, ev, label)
    mean = round(total / count, 2)
    currency = await _currency(c, scope)

    def fmt(x: float) -> str:
        return _unit(scope, value, currency, c.lang, x)

    rng = fmt_range(c.q.time_range, c.lang)
    ev.template_answer = t(
        c.lang,
        f"{cap(rng)} в среднем {label}: {fmt(mean)} (по {count} записям, "
        f"от {fmt(low or 0)} до {fmt(high or 0)}).",
        f"{cap(rng)} your average {label} was {fmt(mean)} (over {count} entries, "
        f"from {fmt(low or 0)} to {fmt(high or 0)}).",
    )
    ev.numbers += [mean, count, low or 0, high or 0, total]
    ev.found = True
    ev.facts.append(ev.template_answer)
    await _cite(c, ev, scope)
    return ev


async def _grouped(c: AskContext, ev: Evidence, scope: Scope, value: str | None) -> None:
    if not c.q.group_by:
        return
    rows = await c.sql.series(scope, c.q.group_by, str(c.tz), value)
    parts = [f"{fmt_date(p.date(), c.lang, year=False)}: {fmt_number(v if value else n)}" for p, v, n in rows]
    ev.numbers += [v if value else n for _, v, n in rows]
    ev.dates += [p.date() for p, _, _ in rows]
    ev.template_answer += " " + "; ".join(parts) + "."


async def top(c: AskContext) -> Evidence:
    ev = c.evidence()
    scope, _, label = await resolve_scope(c)
    text = c.q.text.lower()
    field = "item"
    if re.search(r"\bс кем\b|\bwho\b|\bfriend|\bдруз|\bлюд|\bpeople", text):
        scope, field = Scope(c.user_id, c.start, c.end, "social"), "person"
    elif re.search(r"\bгде\b|\bwhere\b|\bмест|\bplace|\bкафе|\bcafe|кофейн|coffee shop", text):
        filters = dict(scope.filters or {}) if scope.type == "activity" else {}  # "where do I run": keep running
        if re.search(r"кофейн|coffee shop|\bcafe|\bкафе", text):
            places = await c.match_names("place", ["кофейня" if c.lang == "ru" else "coffee shop"])
            filters = {"place": places} if places else filters
        scope, field = Scope(c.user_id, c.start, c.end, scope.type if filters else None, filters or None), "place"
    elif scope.type == "activity" or re.search(r"занят|спорт|activit|sport", text):
        scope, field = Scope(c.user_id, c.start, c.end, "activity"), "activity"
    rows = await c.sql.top(scope, field, limit=c.q.limit or 3)
    if not rows:
        return _nothing(c, ev, label)
    rng = fmt_range(c.q.time_range, c.lang)
    listed = ", ".join(f"{name} — {n} {times_word(n, c.lang)}" for name, n, _ in rows)
    ev.template_answer = t(
        c.lang, f"{cap(rng)} чаще всего: {listed}.", f"{cap(rng)} most often: {listed}."
    )
    ev.numbers += [n for _, n, _ in rows]
    ev.names += [name for name, _, _ in rows]
    ev.found = True
    ev.facts.append(ev.template_answer)
    await _cite(c, ev, Scope(scope.user_id, scope.start, scope.end, scope.type, {field: [rows[0][0]]}), limit=20)
    return ev


async def occurrence(c: AskContext) -> Evidence:
    """first / last / when: the earliest or latest matching event."""
    ev = c.evidence()
    e = c.q.entities
    if not (e.items or e.activities or e.people or e.places or e.metrics):
        from assistant.handlers_text import recall

        return await recall(c, when=True)
    scope, _, label = await resolve_scope(c)
    first = c.q.intent == "first"
    events = await c.sql.events(scope, limit=1, newest_first=not first)
    if not events:
        return _nothing(c, ev, label)
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
    if c.q.entities.items or c.q.entities.activities or c.q.entities.people:
        scope, _, _ = await resolve_scope(c)
    elif etype == "social" and (actions := await c.match_actions()):
        scope = c.scope("social", {"action": actions})
    events = await c.sql.events(scope, limit=50, newest_first=False)
    events = [e for e in events if e.type not in ("geo", "health")] or events
    if not events:
        return _nothing(c, ev, t(c.lang, "события", "events"))
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
