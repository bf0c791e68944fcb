"""Intents answered from patterns and text: habits, mood, summary, recall."""

from __future__ import annotations

import asyncio
import statistics
from collections import Counter
from datetime import timedelta

from assistant.ask.context import AskContext
from assistant.ask.scoping import nothing
from assistant.phrasing import cap, fmt_date, fmt_money, fmt_number, fmt_range, t, times_word
from retrieval.evidence import Evidence, Source
from retrieval.mood import mood_name, moods_of
from retrieval.sql_retriever import Scope


async def habits(c: AskContext) -> Evidence:
    """Things done regularly: in at least 3 distinct weeks, with the weekly rate (last 90 days by default)."""
    ev = c.evidence()
    start = c.start or (c.now - timedelta(days=90))
    end = c.end or c.now
    weeks = max((end - start).days / 7, 1)
    fields = {"activity": ["activity"], "purchase": ["item", "place"], "social": ["person"]}
    rows = await c.sql.regulars(Scope(c.user_id, start, end), fields, str(c.tz), limit=3)
    found: list[tuple[str, int]] = []
    fields_of: dict[str, str] = {}
    for wanted in ("activity", "item", "person", "place"):
        for field, name, n, spread in rows:  # spread: in how many distinct weeks
            if field == wanted and n >= 4 and spread >= 3 and name not in dict(found):
                found.append((name, n))
                fields_of[name] = field
    if not found:
        return nothing(c, ev)
    # Cite the latest few occurrences of each habit, from one query over the period.
    recent = await c.sql.events(Scope(c.user_id, start, end), limit=500, types=list(fields))
    cited: dict[str, int] = {}
    for e in recent:
        habit = next((n for n, f in fields_of.items() if e.payload.get(f) == n), None)
        if habit is not None and cited.get(habit, 0) < 3:
            cited[habit] = cited.get(habit, 0) + 1
            ev.sources.append(c.source(e))
    rng = (
        fmt_range(c.q.time_range, c.lang)
        if c.q.time_range
        else t(c.lang, "за последние 90 дней", "over the last 90 days")
    )
    parts = [
        f"{name} — {n} {times_word(n, c.lang)} (~{fmt_number(round(n / weeks, 1))} {t(c.lang, 'в неделю', 'a week')})"
        for name, n in found
    ]
    ev.template_answer = t(
        c.lang, f"Твои привычки {rng}: {'; '.join(parts)}.", f"Your habits {rng}: {'; '.join(parts)}."
    )
    ev.names += [name for name, _ in found]
    ev.numbers += [n for _, n in found] + [round(n / weeks, 1) for _, n in found]
    ev.found = True
    ev.facts.append(ev.template_answer)
    return ev


async def mood(c: AskContext) -> Evidence:
    ev = c.evidence()
    events = await c.sql.events(c.scope("diary"), limit=500, newest_first=False)
    counter: Counter[str] = Counter()
    for e in events:
        counter.update(moods_of(str(e.payload.get("text", "")), e.payload.get("mood")))
    if not counter:
        return nothing(c, ev)
    rng = fmt_range(c.q.time_range, c.lang)
    parts = ", ".join(f"{mood_name(m, c.lang)} ({n})" for m, n in counter.most_common(4))
    top = mood_name(counter.most_common(1)[0][0], c.lang)
    ev.template_answer = t(
        c.lang,
        f"{cap(rng)} преобладало настроение: {top}. По записям дневника: {parts}.",
        f"{cap(rng)} your prevailing mood was {top}. Diary entries: {parts}.",
    )
    ev.numbers += list(counter.values())
    ev.names += [mood_name(m, c.lang) for m in counter]
    ev.sources += [c.source(e) for e in events[:20]]
    ev.found = True
    ev.facts.append(ev.template_answer)
    return ev


async def summary(c: AskContext) -> Evidence:
    ev = c.evidence()
    scope = c.scope()
    bought = Scope(c.user_id, c.start, c.end, "purchase")
    # Independent reads: together they run side by side on the read connections instead of queueing one after
    # another (the summary was the slowest question under concurrent load).
    async with asyncio.TaskGroup() as tasks:
        counted = tasks.create_task(c.sql.counts_by_type(scope))
        spent = tasks.create_task(c.sql.aggregate(bought, "amount"))
        item_task = tasks.create_task(c.sql.top(bought, "item", limit=3))
        top_people = tasks.create_task(c.sql.top(Scope(c.user_id, c.start, c.end, "social"), "person", limit=5))
        top_acts = tasks.create_task(c.sql.top(Scope(c.user_id, c.start, c.end, "activity"), "activity", limit=5))
        top_places = tasks.create_task(c.sql.top(scope, "place", limit=5))
        noted = tasks.create_task(_highlights(c))
        latest = tasks.create_task(c.sql.events(scope, limit=10))
    counts, (spend, purchases, _, _) = counted.result(), spent.result()
    items, people, acts, places = item_task.result(), top_people.result(), top_acts.result(), top_places.result()
    highlights, recent = noted.result(), latest.result()
    if not counts:
        return nothing(c, ev)
    rng = fmt_range(c.q.time_range, c.lang)
    parts = [t(c.lang, f"{sum(counts.values())} событий", f"{sum(counts.values())} events")]
    if purchases:
        top_items = ", ".join(f"{n} ×{k}" for n, k, _ in items)
        parts.append(
            t(
                c.lang,
                f"покупки: {purchases} на {fmt_money(spend, 'RUB', 'ru')} ({top_items})",
                f"purchases: {purchases} for {fmt_money(spend, 'RUB', 'en')} ({top_items})",
            )
        )
    if people:
        parts.append(t(c.lang, "встречи: ", "met: ") + ", ".join(n for n, _, _ in people))
    if acts:
        parts.append(t(c.lang, "активность: ", "activity: ") + ", ".join(f"{n} ×{k}" for n, k, _ in acts))
    if places:
        parts.append(t(c.lang, "места: ", "places: ") + ", ".join(n for n, _, _ in places))
    if highlights:
        parts.append(t(c.lang, "из дневника: ", "from the diary: ") + " / ".join(s.text[17:] for s in highlights))
        ev.sources += highlights
    ev.template_answer = f"{cap(rng)}: " + "; ".join(parts) + "."
    ev.numbers += [sum(counts.values()), spend, purchases, *counts.values()]
    ev.numbers += [k for rows in (items, acts, people) for _, k, _ in rows]
    ev.names += [n for rows in (items, people, acts, places) for n, _, _ in rows]
    ev.found = True
    ev.facts.append(ev.template_answer)
    ev.sources += [c.source(e) for e in recent if e.type not in ("geo", "health")]
    return ev


async def recall(c: AskContext, when: bool = False) -> Evidence:
    ev = c.evidence()
    hits = await c.vector_hits(limit=12 if when else 8)
    if not hits:
        return nothing(c, ev)
    events = {str(e.id): e for e in await c.sql.by_ids(c.user_id, [h.event_id for h in hits])}
    ids = {k: (e.client_id or k) for k, e in events.items()}
    best = hits[0]
    if when and c.q.intent in ("first", "last"):
        # "the first concert": among the hits that stand out from the background, the earliest (or latest).
        # Cross-language pairs score lower (an English question, a Russian entry: 0.30 vs 0.22 on USE), so
        # "stands out" is relative to the typical hit rather than only to the best one.
        typical = statistics.median(h.score for h in hits)
        # The best hit always counts: with one or two events every hit is "typical" (or scores are ≤ 0) and the
        # bar alone would leave nothing to choose from.
        bar = max(best.score * 0.6, typical * 1.5)
        close = [h for h in hits if h is best or h.score >= bar]
        best = min(close, key=lambda h: h.ts_ms) if c.q.intent == "first" else max(close, key=lambda h: h.ts_ms)
        hits = [best, *[h for h in hits if h is not best]][:5]  # the answer and its nearest alternatives
    ev.sources += [c.hit_source(h, ids) for h in hits]
    ev.dates += [s.ts.date() for s in ev.sources]
    lead = ev.sources[0]
    day = fmt_date(lead.ts.date(), c.lang, weekday=True)
    if when:
        ev.template_answer = t(c.lang, f"Это было {day}: {best.text[17:]}", f"That was on {day}: {best.text[17:]}")
    else:
        others = "; ".join(s.text for s in ev.sources[1:3])
        ev.template_answer = t(
            c.lang,
            f"Нашёл: {best.text}" + (f". Ещё: {others}" if others else ""),
            f"I found: {best.text}" + (f". Also: {others}" if others else ""),
        )
    ev.facts += [s.text for s in ev.sources]
    ev.found = True
    return ev


async def _highlights(c: AskContext, limit: int = 3) -> list[Source]:
    """Notable diary entries of the period: those with the rarest strong moods (a promotion, an illness)."""
    entries = await c.sql.events(c.scope("diary"), limit=300, newest_first=False)
    tagged = [(e, moods_of(str(e.payload.get("text", "")), e.payload.get("mood"))) for e in entries]
    counts: Counter[str] = Counter(m for _, moods in tagged for m in moods)
    strong = [(min(counts[m] for m in moods), e) for e, moods in tagged if set(moods) & {"happy", "sad", "sick", "anxious"}]
    strong.sort(key=lambda pair: (pair[0], pair[1].ts))
    return [c.source(e) for _, e in strong[:limit]]
