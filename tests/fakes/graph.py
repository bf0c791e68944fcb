"""InMemoryGraphStore: the graph model of indexing/graph/store.py (events, people, places and the MET/AT edges
between them, per user) in dicts, with the same keys, displayed names and result order as its Cypher."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from uuid import UUID

from core.errors import StoreError
from core.events import GraphFacts, PersonSummary
from core.names import NameResolver, clean_spelling, normalize_name


@dataclass
class _Event:
    ts: int
    people: set[str] = field(default_factory=set)  # person keys (MET)
    places: set[str] = field(default_factory=set)  # place keys (AT)


@dataclass
class _Group:
    events: set[UUID] = field(default_factory=set)
    last: int = 0
    others: dict[str, None] = field(default_factory=dict)  # an ordered set of names


class InMemoryGraphStore:
    def __init__(self, aliases: Mapping[str, str] | None = None, max_event_ids: int = 50) -> None:
        self.names = NameResolver(aliases)
        self._max_event_ids = max_event_ids
        self._events: dict[UUID, dict[UUID, _Event]] = {}  # user → event id → event
        self._people: dict[UUID, dict[str, str]] = {}  # user → key → displayed name
        self._places: dict[UUID, dict[str, str]] = {}
        self._closed = False

    def _check(self) -> None:
        if self._closed:
            raise StoreError("graph store is closed")

    async def migrate(self) -> None:
        self._check()

    async def add(self, facts: Sequence[GraphFacts]) -> None:
        self._check()
        for fact in facts:
            event = self._events.setdefault(fact.user_id, {}).setdefault(fact.event_id, _Event(fact.ts_ms))
            event.ts = int(fact.ts_ms)  # MERGE … SET: the last write's properties
            place_key = normalize_name(fact.place) if fact.place else ""
            if place_key:
                # ON CREATE SET only: the first spelling of a place stays the displayed one.
                self._places.setdefault(fact.user_id, {}).setdefault(place_key, clean_spelling(fact.place or ""))
                event.places.add(place_key)
            people = self._people.setdefault(fact.user_id, {})
            for person in fact.people:
                key = self.names.key(person)
                if not key:
                    continue
                # ON CREATE the spelling seen; ON MATCH only a canonical spelling from the alias map overwrites it.
                if key not in people or self.names.is_canonical(person):
                    people[key] = self.names.display(person)
                event.people.add(key)

    def _in_range(self, user_id: UUID, start_ms: int | None, end_ms: int | None) -> Iterable[tuple[UUID, _Event]]:
        self._check()
        for eid, e in self._events.get(user_id, {}).items():
            if (start_ms is None or e.ts >= start_ms) and (end_ms is None or e.ts < end_ms):
                yield eid, e

    def _summaries(self, groups: dict[str, _Group]) -> list[PersonSummary]:
        ranked = sorted(groups.items(), key=lambda item: (-len(item[1].events), -item[1].last, item[0]))
        return [
            PersonSummary(name=name, count=len(g.events), last_ts_ms=g.last, places=list(g.others),
                          event_ids=list(g.events)[: self._max_event_ids])  # fmt: skip
            for name, g in ranked
        ]

    async def people(
        self, user_id: UUID, start_ms: int | None = None, end_ms: int | None = None, place: str | None = None
    ) -> list[PersonSummary]:
        key = normalize_name(place) if place is not None else None
        if key == "":
            return []
        people, places = self._people.get(user_id, {}), self._places.get(user_id, {})
        groups: dict[str, _Group] = {}
        for eid, e in self._in_range(user_id, start_ms, end_ms):
            if key is not None and key not in e.places:
                continue
            for person in e.people:  # grouped by the displayed name, as the Cypher RETURNs x.name
                g = groups.setdefault(people[person], _Group())
                g.events.add(eid)
                g.last = max(g.last, e.ts)
                g.others.update((places[p], None) for p in sorted(e.places))
        return self._summaries(groups)

    async def places(
        self, user_id: UUID, start_ms: int | None = None, end_ms: int | None = None, person: str | None = None
    ) -> list[PersonSummary]:
        key = self.names.key(person) if person is not None else None
        if key == "":
            return []
        people, places = self._people.get(user_id, {}), self._places.get(user_id, {})
        groups: dict[str, _Group] = {}
        for eid, e in self._in_range(user_id, start_ms, end_ms):
            if key is not None and key not in e.people:
                continue
            for place in e.places:
                g = groups.setdefault(places[place], _Group())
                g.events.add(eid)
                g.last = max(g.last, e.ts)
                g.others.update((people[p], None) for p in sorted(e.people))
        return self._summaries(groups)

    async def neighbours(self, user_id: UUID, name: str, limit: int = 20) -> list[tuple[str, int]]:
        """Counted once from the person named `name` and once from the place, each limited, then merged (a name
        may be both), as the adapter's two queries do."""
        person_key, place_key = self.names.key(name), normalize_name(name)
        if not place_key:
            return []
        people, places = self._people.get(user_id, {}), self._places.get(user_id, {})
        counts: dict[str, int] = {}
        for is_person, key in ((True, person_key), (False, place_key)):
            found: dict[str, int] = {}
            for _, e in self._in_range(user_id, None, None):
                if key not in (e.people if is_person else e.places):
                    continue
                others = [people[p] for p in e.people if not (is_person and p == key)]
                others += [places[p] for p in e.places if not (not is_person and p == key)]
                for other in others:
                    found[other] = found.get(other, 0) + 1
            for other, n in sorted(found.items(), key=lambda item: (-item[1], item[0]))[:limit]:
                counts[other] = counts.get(other, 0) + n
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]

    async def count_events(self, user_id: UUID) -> int:
        self._check()
        return len(self._events.get(user_id, {}))

    async def delete_user(self, user_id: UUID) -> None:
        self._check()
        for store in (self._events, self._people, self._places):
            store.pop(user_id, None)

    async def ping(self) -> bool:
        return not self._closed

    async def close(self) -> None:
        self._closed = True
