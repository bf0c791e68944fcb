"""Intents answered with exact numbers from SQL: how much, how many, average, top."""

from __future__ import annotations

from dataclasses import replace

from assistant.ask.context import AskContext
from assistant.ask.scoping import cite, currency_of, names_a_subject, nothing, resolve_scope, unclear, unit
from assistant.phrasing import (
    ENTRIES,
    PURCHASES,
    cap,
    fmt_money,
    fmt_number,
    fmt_period,
    fmt_range,
    join_names,
    plural,
    t,
    times_word,
)
from retrieval.evidence import Evidence
from retrieval.question.parser import PerPeriod
from retrieval.sql_retriever import Scope


async def how_much(c: AskContext) -> Evidence:
    ev = c.evidence()
    if not names_a_subject(c):
        return unclear(c, ev)
    scope, value, label = await resolve_scope(c)
    if scope.type is None and value == "amount":  # "сколько я потратил в Кофемании": only purchases have amounts
        scope = replace(scope, type="purchase")
    total, count, _, _ = await c.sql.aggregate(scope, value)
    if not count:
        return nothing(c, ev, label)
    currency = await currency_of(c, scope)
    amount = unit(scope, value, currency, c.lang, total)
    rng = fmt_range(c.q.time_range, c.lang)
    matched = c.matched.get("item") or c.matched.get("place") or c.matched.get("activity") or []
    what = f" ({join_names(matched, c.lang)})" if matched else ""
    if scope.type == "purchase" and set(scope.filters or {}) == {"place"}:  # "сколько я потратил в Кофемании"
        where = join_names(list((scope.filters or {})["place"]), c.lang)
        ev.template_answer = t(
            c.lang,
            f"{cap(rng)} ты потратил в «{where}» {amount}: {count} {plural(count, 'ru', *PURCHASES)}.",
            f"{cap(rng)} you spent {amount} at {where}: {count} {plural(count, 'en', *PURCHASES)}.",
        )
    elif scope.type == "purchase":
        ev.template_answer = t(
            c.lang,
            f"{cap(rng)} ты потратил на {label} {amount}: {count} {plural(count, 'ru', *PURCHASES)}{what}.",
            f"{cap(rng)} you spent {amount} on {label}: {count} {plural(count, 'en', *PURCHASES)}{what}.",
        )
    else:
        ev.template_answer = t(
            c.lang,
            f"{cap(rng)}: {label} — всего {amount} ({count} {plural(count, 'ru', *ENTRIES)}).",
            f"{cap(rng)}: {label} — {amount} in total ({count} {plural(count, 'en', *ENTRIES)}).",
        )
    ev.numbers += [total, count]
    ev.facts.append(ev.template_answer)
    ev.found = True
    await _grouped(c, ev, scope, value)
    await cite(c, ev, scope)
    return ev


async def how_many(c: AskContext) -> Evidence:
    ev = c.evidence()
    scope, value, label = await resolve_scope(c)
    e = c.q.entities
    asked = c.q.shape
    if not e.names_something() and asked.actions:
        # "сколько раз я обедал в сентябре": social events of that kind, not purchases; "встречался": any of them
        actions = await c.match_actions()
        if not actions and asked.specific_actions:
            return nothing(c, ev, ", ".join(sorted(asked.specific_actions)))
        label = join_names(actions, c.lang) or t(c.lang, "встречи", "meetings")
        scope = c.scope("social", {"action": actions} if actions else None)
    elif not names_a_subject(c):
        return unclear(c, ev)
    elif scope.type == "social" and (actions := await c.match_actions()):
        scope = Scope(scope.user_id, scope.start, scope.end, "social", {**(scope.filters or {}), "action": actions})
    total, count, _, _ = await c.sql.aggregate(scope, value if scope.type == "health" else None)
    if not count:
        return nothing(c, ev, label)
    rng = fmt_range(c.q.time_range, c.lang)
    if scope.type == "health":
        amount = unit(scope, value, "", c.lang, total)
        ev.template_answer = t(
            c.lang,
            f"{cap(rng)}: {label} — всего {amount} ({count} {plural(count, 'ru', *ENTRIES)}).",
            f"{cap(rng)}: {label} — {amount} in total (over {count} {plural(count, 'en', *ENTRIES)}).",
        )
        ev.numbers += [total, count]
    else:
        days = await c.sql.count_days(scope, str(c.tz))
        ev.template_answer = t(
            c.lang,
            f"{cap(rng)}: {label} — {count} {times_word(count, 'ru')} (в {days} {plural(days, 'ru', *_DAYS)}).",
            f"{cap(rng)}: {label} — {count} {times_word(count, 'en')} (on {days} {plural(days, 'en', *_DAYS)}).",
        )
        ev.numbers += [count, days]
    ev.found = True
    ev.facts.append(ev.template_answer)
    await _grouped(c, ev, scope, value if scope.type == "health" else None)
    await cite(c, ev, scope)
    return ev


async def average(c: AskContext) -> Evidence:
    ev = c.evidence()
    if not names_a_subject(c):
        return unclear(c, ev)
    scope, value, label = await resolve_scope(c)
    per = c.q.shape.per_period
    if per and scope.type != "health":  # "сколько я в среднем трачу в неделю": a total per period, not per purchase
        counting = c.q.shape.counting  # "сколько раз в неделю": how many events, not how many minutes
        return await _per_period(c, ev, scope, None if counting else value, label, per)
    total, count, low, high = await c.sql.aggregate(scope, value)
    if not count:
        return nothing(c, ev, label)
    mean = round(total / count, 2)
    currency = await currency_of(c, scope)

    def fmt(x: float) -> str:
        return unit(scope, value, currency, c.lang, x)

    rng = fmt_range(c.q.time_range, c.lang)
    ev.template_answer = t(
        c.lang,
        f"{cap(rng)} в среднем {label}: {fmt(mean)} (по {count} "
        f"{plural(count, 'ru', ('записи', 'записям', 'записям'), ENTRIES[1])}, от {fmt(low or 0)} до {fmt(high or 0)}).",
        f"{cap(rng)} your average {label} was {fmt(mean)} (over {count} {plural(count, 'en', *ENTRIES)}, "
        f"from {fmt(low or 0)} to {fmt(high or 0)}).",
    )
    ev.numbers += [mean, count, low or 0, high or 0, total]
    ev.found = True
    ev.facts.append(ev.template_answer)
    await cite(c, ev, scope)
    return ev


async def _grouped(c: AskContext, ev: Evidence, scope: Scope, value: str | None) -> None:
    if not c.q.group_by:
        return
    rows = await c.sql.series(scope, c.q.group_by, str(c.tz), value)
    parts = [f"{fmt_period(p, c.q.group_by, c.lang)}: {fmt_number(v if value else n)}" for p, v, n in rows]
    ev.numbers += [v if value else n for _, v, n in rows]
    ev.dates += [p for p, _, _ in rows]
    ev.template_answer += " " + "; ".join(parts) + "."


_DAYS = (("день", "разных дня", "разных дней"), ("day", "days"))


async def top(c: AskContext) -> Evidence:
    """What comes up most often (or takes the most money); ranking events by a value is ranked.py's."""
    ev = c.evidence()
    scope, _, label = await resolve_scope(c)
    shape = c.q.shape
    field = "item"
    if shape.top_field == "person":
        actions = await c.match_actions()  # "who did I have lunch with most often": lunches only
        scope, field = Scope(c.user_id, c.start, c.end, "social", {"action": actions} if actions else None), "person"
    elif shape.top_field == "place":
        filters = dict(scope.filters or {}) if scope.type == "activity" else {}  # "where do I run": keep running
        if shape.coffee_shop:
            places = await c.match_names("place", ["кофейня" if c.lang == "ru" else "coffee shop"])
            # A coffee shop is also where coffee was bought, whatever its name says ("Даблби", "Starbucks").
            if coffee := await c.match_names("item", ["кофе" if c.lang == "ru" else "coffee"]):
                bought = await c.sql.top(Scope(c.user_id, c.start, c.end, "purchase", {"item": coffee}), "place", 20)
                places += [name for name, _, _ in bought if name not in places]
            filters = {"place": places} if places else filters
        scope, field = Scope(c.user_id, c.start, c.end, scope.type if filters else None, filters or None), "place"
    elif scope.type == "activity" or shape.top_field == "activity":
        scope, field = Scope(c.user_id, c.start, c.end, "activity"), "activity"
    # "на что я больше всего тратил": ranked by money spent, not by how often
    by_money = field in ("item", "place") and shape.spending
    rows = await c.sql.top(scope, field, limit=c.q.limit or 3, value="amount" if by_money else None, by_value=by_money)
    if not rows:
        return nothing(c, ev, label)
    rng = fmt_range(c.q.time_range, c.lang)
    if by_money:
        cur = await currency_of(c, scope)
        listed = ", ".join(f"{name} — {fmt_money(v, cur, c.lang)} ({n} {times_word(n, c.lang)})" for name, n, v in rows)
        ev.template_answer = t(
            c.lang, f"{cap(rng)} больше всего денег ушло на: {listed}.", f"{cap(rng)} you spent the most on {listed}."
        )
        ev.numbers += [v for _, _, v in rows]
    else:
        listed = ", ".join(f"{name} — {n} {times_word(n, c.lang)}" for name, n, _ in rows)
        ev.template_answer = t(
            c.lang, f"{cap(rng)} чаще всего: {listed}.", f"{cap(rng)} most often: {listed}."
        )
    ev.numbers += [n for _, n, _ in rows]
    ev.names += [name for name, _, _ in rows]
    ev.found = True
    ev.facts.append(ev.template_answer)
    await cite(c, ev, Scope(scope.user_id, scope.start, scope.end, scope.type, {field: [rows[0][0]]}), limit=20)
    return ev


async def _per_period(
    c: AskContext, ev: Evidence, scope: Scope, value: str | None, label: str, per: PerPeriod
) -> Evidence:
    rng = c.q.time_range
    if rng is not None and rng.phrase and rng.phrase.lower() in per.phrase.lower():
        rng = None  # "в среднем за неделю" names the period to average over, not last week
        scope = replace(scope, start=None, end=None)
    total, count, _, _ = await c.sql.aggregate(scope, value)
    if not count:
        return nothing(c, ev, label)
    first = (await c.sql.events(scope, limit=1, newest_first=False))[0].ts
    start = rng.start if rng is not None and rng.start is not None else first
    end = rng.end if rng is not None and rng.end is not None else c.now
    days = max(round((end - start).total_seconds() / 86400, 1), 1.0)
    amount = total if value else float(count)
    mean = round(amount / (days / per.days), 2)
    currency = await currency_of(c, scope)
    # A fractional count takes the genitive singular in Russian: "1.7 раза".
    shown = unit(scope, value, currency, c.lang, mean) if value else f"{fmt_number(mean)} {t(c.lang, 'раза', 'times')}"
    whole = unit(scope, value, currency, c.lang, amount) if value else f"{count} {times_word(count, c.lang)}"
    period = fmt_range(rng, c.lang) if rng is not None else t(c.lang, "за всё время", "over all time")
    ev.template_answer = t(
        c.lang,
        f"В среднем {label}: {shown} {per.phrase.lower()} ({period}: {whole} за {fmt_number(days)} дн.).",
        f"On average {label}: {shown} {per.phrase.lower()} ({period}: {whole} over {fmt_number(days)} days).",
    )
    ev.numbers += [mean, amount, days, count]
    ev.found = True
    ev.facts.append(ev.template_answer)
    await cite(c, ev, scope)
    return ev

