"""What a question is about, for the number and event handlers: the scope of events, the value to add up, a label;
plus the shared pieces of their answers (citations, "nothing found", units, currency)."""

from __future__ import annotations

from assistant.ask.context import AskContext
from assistant.phrasing import fmt_money, fmt_number, fmt_range, join_names, t
from retrieval.evidence import Evidence
from retrieval.question.entities import ANY_ACTIVITY
from retrieval.sql_retriever import Scope

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
    if e.activities or e.metrics == ["distance"]:  # "сколько километров я прошёл": distance is an activity's
        distance = c.q.shape.distance or "distance" in e.metrics
        value = "distance_km" if distance else "duration_minutes"
        wanted = [a for a in e.activities if a != ANY_ACTIVITY]
        acts = await c.match_names("activity", [*wanted, *e.activities_raw]) if wanted else []
        filters = {"activity": acts or wanted} if wanted else {}
        if e.places:  # "бегал в Сокольниках"; a place the user never went to finds nothing rather than everything
            filters["place"] = await c.match_names("place", e.places) or e.places
        what = join_names(acts or wanted, c.lang) or t(c.lang, "активность", "activity")
        return c.scope("activity", filters or None), value, what
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


def names_a_subject(c: AskContext) -> bool:
    """Whether the question says what to count or add up: a named thing, or purchases/spending."""
    e = c.q.entities
    return e.names_something() or c.q.shape.purchases


def unclear(c: AskContext, ev: Evidence) -> Evidence:
    """Rather than count something the question did not ask about, say what is missing."""
    ev.template_answer = t(
        c.lang,
        "Не понял, что посчитать. Уточни, например: «сколько раз я бегал в октябре» или «сколько я потратил на кофе».",
        "I couldn't tell what to count. Try, e.g., “how many times did I run in October” or “how much did I spend "
        "on coffee”.",
    )
    return ev


async def cite(c: AskContext, ev: Evidence, scope: Scope, limit: int = 100) -> None:
    events = await c.sql.events(scope, limit=limit)
    ev.sources.extend(c.source(e) for e in events)
    ev.dates.extend(e.ts.astimezone(c.tz).date() for e in events)
    ev.names.extend(c.matched.get("item", []) + c.matched.get("place", []) + c.matched.get("activity", []))


def nothing(c: AskContext, ev: Evidence, what: str | None = None) -> Evidence:
    """ "Нет данных…" for the question's range, naming what was looked for when there is a name for it."""
    rng = fmt_range(c.q.time_range, c.lang)
    if what is None:
        ev.template_answer = t(c.lang, f"Нет данных: {rng} ничего не нашёл.", f"I found nothing {rng}.")
    else:
        ev.template_answer = t(
            c.lang, f"Нет данных: {rng} ничего не нашёл про «{what}».", f"I found nothing about “{what}” {rng}."
        )
    return ev


def unit(scope: Scope, value: str | None, currency: str, lang: str, amount: float) -> str:
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


async def currency_of(c: AskContext, scope: Scope) -> str:
    if scope.type != "purchase":
        return ""
    top = await c.sql.top(scope, "currency", limit=1)
    return top[0][0] if top else ""
