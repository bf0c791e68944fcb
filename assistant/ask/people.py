"""Intents answered from people and places: who (with whom), where. SQL events, fused with the graph's
people, places and co-occurrence."""

from __future__ import annotations

import asyncio
from uuid import UUID

from assistant.ask.context import AskContext
from assistant.ask.scoping import nothing
from assistant.phrasing import cap, fmt_date, fmt_range, join_names, t, times_word
from retrieval.evidence import Evidence
from retrieval.fusion import rrf
from retrieval.sql_retriever import Scope
from retrieval.stages import stage


async def who(c: AskContext) -> Evidence:
    ev = c.evidence()
    if c.q.entities.people and (named := await c.match_names("person", c.q.entities.people)):
        return await _person(c, ev, named)
    filters: dict[str, list[str]] = {}
    if actions := await c.match_actions():
        filters["action"] = actions
    elif c.q.shape.specific_actions:
        return nothing(c, ev)  # "с кем я ходил в кино?" and no film at all: not everyone ever met
    if c.q.entities.places and (places := await c.match_names("place", c.q.entities.places)):
        filters["place"] = places
    events = await c.sql.events(c.scope("social", filters), limit=100, newest_first=False)
    people: dict[str, list[str]] = {}
    for e in events:
        for name in [e.payload.get("person"), *(e.payload.get("people") or [])]:
            if isinstance(name, str) and name.strip():
                people.setdefault(name, [])
                if isinstance(e.payload.get("place"), str):
                    people[name].append(e.payload["place"])
    graph_ids: list[str] = []
    if c.graph is not None and not filters.get("action") and len(filters.get("place", [])) <= 1:
        # The graph's MET/AT edges also hold people of events that are not "social" (a purchase with a friend).
        place = filters["place"][0] if filters.get("place") else None
        async with stage("graph"):
            found = await c.graph.people(c.user_id, *c.range_ms(), place=place)
        for person in found:
            people.setdefault(person.name, list(person.places))
            graph_ids += [str(i) for i in person.event_ids]
    if not people:
        return nothing(c, ev)
    rng = fmt_range(c.q.time_range, c.lang)
    parts = []
    for name, places in people.items():
        where = f" ({', '.join(dict.fromkeys(places))})" if places else ""
        parts.append(name + where)
    what = (
        t(c.lang, "ты встречался с", "you met") if not filters.get("action") else t(c.lang, "ты был с", "you were with")
    )
    ev.template_answer = t(
        c.lang, f"{cap(rng)} {what}: {', '.join(parts)}.", f"{cap(rng)} {what} {', '.join(parts)}."
    )
    ev.names += list(people) + [p for ps in people.values() for p in ps]
    sql_ids = [str(e.id) for e in events]
    by_id = {str(e.id): e for e in events}
    if missing := [UUID(i) for i in dict.fromkeys(graph_ids) if i not in by_id][:20]:
        # people met at events only the graph links to them (a match with a friend)
        by_id.update((str(e.id), e) for e in await c.sql.by_ids(c.user_id, missing))
    for key, score in rrf([sql_ids, graph_ids])[:20]:
        if key in by_id:
            ev.sources.append(c.source(by_id[key], score))
    ev.dates += [e.ts.astimezone(c.tz).date() for e in events]
    ev.found = True
    ev.facts.append(ev.template_answer)
    return ev


async def where(c: AskContext) -> Evidence:
    ev = c.evidence()
    scope = Scope(c.user_id, c.start, c.end)
    if c.q.entities.people and (people := await c.match_names("person", c.q.entities.people)):
        scope = Scope(c.user_id, c.start, c.end, "social", {"person": people})
    elif c.q.entities.items and (items := await c.match_names("item", c.q.entities.items)):
        scope = Scope(c.user_id, c.start, c.end, "purchase", {"item": items})
    elif c.q.entities.activities and (acts := await c.match_names("activity", c.q.entities.activities)):
        scope = Scope(c.user_id, c.start, c.end, "activity", {"activity": acts})
    elif actions := await c.match_actions():  # "где я обедал": lunches, not the morning coffee
        scope = Scope(c.user_id, c.start, c.end, "social", {"action": actions})
    # GPS says where the user spent the period, which answers "где я был?" but not "где я обедал с Петром?"; it
    # does not depend on the rest, so it is read while the places are looked up.
    gps = None if scope.filters else asyncio.create_task(c.sql.geo_cells(Scope(c.user_id, c.start, c.end), limit=3))
    places = await c.sql.top(scope, "place", limit=8)
    graph_ids: list[str] = []
    graph_only: list[UUID] = []
    # The graph knows people and places, not what was done: with an action ("обедал") only SQL can filter.
    if c.graph is not None and scope.type in (None, "social") and set(scope.filters or {}) <= {"person"}:
        # Places from the graph (where the named person was met, or every place of the period): co-occurrence
        # the SQL filter on one event type does not see, fused with the SQL events below.
        person = (scope.filters or {}).get("person", [None])[0]
        async with stage("graph"):
            found = await c.graph.places(c.user_id, *c.range_ms(), person=person)
        known = {name for name, _, _ in places}
        extra = [p for p in found if p.name not in known][: max(0, 8 - len(places))]
        places += [(p.name, p.count, 0.0) for p in extra]
        graph_ids = [str(i) for p in found for i in p.event_ids]
        graph_only = [i for p in extra for i in p.event_ids]
    rng = fmt_range(c.q.time_range, c.lang)
    if places:
        listed = ", ".join(f"{name} ({n} {times_word(n, c.lang)})" for name, n, _ in places)
        ev.template_answer = t(
            c.lang, f"{cap(rng)} ты был: {listed}.", f"{cap(rng)} you were at {listed}."
        )
        ev.names += [name for name, _, _ in places]
        ev.numbers += [n for _, n, _ in places]
        events = await c.sql.events(
            Scope(
                scope.user_id,
                scope.start,
                scope.end,
                scope.type,
                {**(scope.filters or {}), "place": [p for p, _, _ in places]},
            ),
            limit=30,
        )
        by_id = {str(e.id): e for e in events}
        if graph_only:  # places only the graph saw are cited too
            by_id.update((str(e.id), e) for e in await c.sql.by_ids(c.user_id, graph_only[:20]))
        ev.sources += [c.source(by_id[k], score) for k, score in rrf([list(by_id), graph_ids]) if k in by_id]
        ev.dates += [e.ts.astimezone(c.tz).date() for e in events]
    cells = [] if gps is None else await gps
    if cells:
        spots = ", ".join(f"{lat:.3f}, {lon:.3f} ({hours} {t(c.lang, 'ч', 'h')})" for lat, lon, hours in cells)
        ev.template_answer += t(c.lang, f" Больше всего времени по GPS: {spots}.", f" Most time by GPS: {spots}.")
        ev.numbers += [x for cell in cells for x in cell]
    if not places and not cells:
        return nothing(c, ev)
    ev.template_answer = ev.template_answer.strip()
    ev.found = True
    ev.facts.append(ev.template_answer)
    return ev


async def _person(c: AskContext, ev: Evidence, named: list[str]) -> Evidence:
    """ "Кто такой Пётр?", "С кем я бываю вместе с Анной?": the meetings with a person and who else was there."""
    events = await c.sql.events(c.scope("social", {"person": named}), limit=100)
    if not events:
        return nothing(c, ev)
    known = set(await c.sql.names(c.user_id, "person"))
    together: dict[str, int] = {}
    for e in events:
        for other in e.payload.get("people") or []:
            if isinstance(other, str) and other not in named:
                together[other] = together.get(other, 0) + 1
    if c.graph is not None and c.q.time_range is None:  # the graph's co-occurrence has no time filter
        async with stage("graph"):
            for name, n in await c.graph.neighbours(c.user_id, named[0]):
                if name in known and name not in named:
                    together[name] = max(together.get(name, 0), n)
    last = events[0]
    day = fmt_date(last.ts.astimezone(c.tz).date(), c.lang)
    where = f" ({last.payload['place']})" if last.payload.get("place") else ""
    rng = fmt_range(c.q.time_range, c.lang)
    who = join_names(named, c.lang)
    ev.template_answer = t(
        c.lang,
        f"{who}: {rng} вы виделись {len(events)} {times_word(len(events), c.lang)}, последний раз — {day}{where}.",
        f"{who}: {rng} you met {len(events)} {times_word(len(events), c.lang)}, last on {day}{where}.",
    )
    if together:
        others = ", ".join(f"{n} ({k})" for n, k in sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))[:5])
        ev.template_answer += t(c.lang, f" Вместе с вами бывали: {others}.", f" Also there: {others}.")
    ev.names += [*named, *together, *(str(e.payload.get("place")) for e in events if e.payload.get("place"))]
    ev.numbers += [len(events), *together.values()]
    ev.dates += [e.ts.astimezone(c.tz).date() for e in events]
    ev.sources += [c.source(e) for e in events[:20]]
    ev.found = True
    ev.facts.append(ev.template_answer)
    return ev
