"""GraphStore over the official async `neo4j` driver: Neo4j 5 in production, ArcadeDB's Bolt plugin embedded.

Graph model (every node carries `user_id`; every query matches on it, so nothing crosses users)::

    (:Event  {user_id, id, type, ts, action, text})   id = event UUID as text, ts = UTC epoch ms (int)
    (:Person {user_id, key, name})                     key = NameResolver.key(name), name = displayed spelling
    (:Place  {user_id, key, name})                     key = normalize_name(name)

    (Event)-[:MET]->(Person)      the person was there
    (Event)-[:AT]->(Place)        where the event happened
    (Person)-[:VISITED]->(Place)  derived: the person was met at that place at least once

Habits and emotions will be further labels hanging off Event the same way ((Event)-[:FELT]->(:Emotion), …).
Every write is a MERGE on (user_id, id|key), so replaying a batch changes nothing. Identity is backed by
composite uniqueness constraints, which ArcadeDB's Cypher accepts in Neo4j 5 syntax (it builds unique LSM
indexes), so the schema needs no dialect branch.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from typing import Any, LiteralString
from uuid import UUID

from neo4j import READ_ACCESS, AsyncGraphDatabase, AsyncManagedTransaction
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired, TransientError

from core.errors import StoreError
from core.events import GraphFacts, PersonSummary
from core.names import NameResolver, clean_spelling, normalize_name

SCHEMA: tuple[LiteralString, ...] = (
    "CREATE CONSTRAINT event_id IF NOT EXISTS FOR (e:Event) REQUIRE (e.user_id, e.id) IS UNIQUE",
    "CREATE CONSTRAINT person_key IF NOT EXISTS FOR (p:Person) REQUIRE (p.user_id, p.key) IS UNIQUE",
    "CREATE CONSTRAINT place_key IF NOT EXISTS FOR (l:Place) REQUIRE (l.user_id, l.key) IS UNIQUE",
    "CREATE INDEX event_user_ts IF NOT EXISTS FOR (e:Event) ON (e.user_id, e.ts)",
)

_MERGE_EVENTS: LiteralString = """
UNWIND $rows AS r
MERGE (e:Event {user_id: r.u, id: r.id})
SET e.type = r.type, e.ts = r.ts, e.action = r.action, e.text = r.text
"""
# A canonical spelling from the alias map overwrites whatever spelling created the node; otherwise the first
# spelling seen stays the displayed one.
_MERGE_MET: LiteralString = """
UNWIND $rows AS r
MATCH (e:Event {user_id: r.u, id: r.id})
MERGE (p:Person {user_id: r.u, key: r.key})
ON CREATE SET p.name = r.name
ON MATCH SET p.name = CASE WHEN r.canonical THEN r.name ELSE p.name END
MERGE (e)-[:MET]->(p)
"""
_MERGE_AT: LiteralString = """
UNWIND $rows AS r
MATCH (e:Event {user_id: r.u, id: r.id})
MERGE (l:Place {user_id: r.u, key: r.key})
ON CREATE SET l.name = r.name
MERGE (e)-[:AT]->(l)
"""
_MERGE_VISITED: LiteralString = """
UNWIND $rows AS r
MATCH (p:Person {user_id: r.u, key: r.person}), (l:Place {user_id: r.u, key: r.place})
MERGE (p)-[:VISITED]->(l)
"""

# Read queries are assembled from these fixed fragments only; values always travel as parameters.
_TS_FILTERS: dict[tuple[bool, bool], LiteralString] = {
    (False, False): "",
    (True, False): "WHERE e.ts >= $start",
    (False, True): "WHERE e.ts < $end",
    (True, True): "WHERE e.ts >= $start AND e.ts < $end",
}
# The id list is capped and in no particular order: sorting the rows newest-first before aggregating made the
# query 2-3x slower on ArcadeDB (callers load the events by id and order them anyway).
_SUMMARY_RETURN: LiteralString = """
RETURN x.name AS name, count(DISTINCT e) AS n, max(e.ts) AS last,
       collect(DISTINCT o.name) AS others, collect(DISTINCT e.id)[0..$max_ids] AS ids
ORDER BY n DESC, last DESC, name
"""
# count(*) equals count(DISTINCT e) here (edges are MERGEd, so one per pair) and is cheaper. Two MATCH clauses
# rather than one long pattern: ArcadeDB runs that form ~30% faster, Neo4j plans both alike.
_NEIGHBOURS: dict[str, LiteralString] = {
    "Person": """
MATCH (x:Person {user_id: $u, key: $key})<-[:MET]-(e:Event)
MATCH (e)-[:MET|AT]->(o)
WHERE o <> x
RETURN o.name AS name, count(*) AS n ORDER BY n DESC, name LIMIT $limit
""",
    "Place": """
MATCH (x:Place {user_id: $u, key: $key})<-[:AT]-(e:Event)
MATCH (e)-[:MET|AT]->(o)
WHERE o <> x
RETURN o.name AS name, count(*) AS n ORDER BY n DESC, name LIMIT $limit
""",
}
_DELETE_BATCH = 5000
_TRANSIENT = (ServiceUnavailable, SessionExpired, TransientError)


class Neo4jGraphStore:
    """The one GraphStore: `bolt://`/`neo4j://` URI of Neo4j 5, or of the embedded `ArcadeDBServer`."""

    def __init__(
        self,
        uri: str,
        user: str,
        password: str,
        database: str | None = None,
        aliases: Mapping[str, str] | None = None,
        max_event_ids: int = 50,
        retry_s: float = 30.0,
    ) -> None:
        self._driver = AsyncGraphDatabase.driver(uri, auth=(user, password))
        self._database = database
        self._names = NameResolver(aliases)
        self._max_event_ids = max_event_ids
        self._retry_s = retry_s

    @property
    def names(self) -> NameResolver:
        return self._names

    async def migrate(self) -> None:
        for statement in SCHEMA:
            await self._driver.execute_query(statement, database_=self._database)

    async def add(self, facts: Sequence[GraphFacts]) -> None:
        if not facts:
            return
        rows = self._rows(facts)
        try:
            async with self._driver.session(database=self._database) as session:
                await session.execute_write(self._write, rows)
        except (Neo4jError, DriverError) as exc:
            raise StoreError(f"graph write failed: {exc}") from exc

    @staticmethod
    async def _write(tx: AsyncManagedTransaction, rows: dict[str, list[dict[str, Any]]]) -> None:
        for query, key in ((_MERGE_EVENTS, "events"), (_MERGE_MET, "met"), (_MERGE_AT, "at")):
            if rows[key]:
                await (await tx.run(query, rows=rows[key])).consume()
        if rows["visited"]:
            await (await tx.run(_MERGE_VISITED, rows=rows["visited"])).consume()

    def _rows(self, facts: Sequence[GraphFacts]) -> dict[str, list[dict[str, Any]]]:
        """Flatten facts into one row list per statement, deduplicated so a batch MERGEs each thing once."""
        events: dict[tuple[str, str], dict[str, Any]] = {}
        met: dict[tuple[str, str, str], dict[str, Any]] = {}
        at: dict[tuple[str, str, str], dict[str, Any]] = {}
        visited: dict[tuple[str, str, str], dict[str, Any]] = {}
        for fact in facts:
            u, eid = str(fact.user_id), str(fact.event_id)
            events[u, eid] = {
                "u": u,
                "id": eid,
                "type": fact.type,
                "ts": int(fact.ts_ms),
                "action": fact.action,
                "text": fact.text,
            }
            place_key = normalize_name(fact.place) if fact.place else ""
            if place_key:
                place_name = clean_spelling(fact.place or "")
                at.setdefault((u, eid, place_key), {"u": u, "id": eid, "key": place_key, "name": place_name})
            for person in fact.people:
                key = self._names.key(person)
                if not key:
                    continue
                name, canonical = self._names.display(person), self._names.is_canonical(person)
                met.setdefault(
                    (u, eid, key), {"u": u, "id": eid, "key": key, "name": name, "canonical": canonical}
                )
                if place_key:
                    visited[u, key, place_key] = {"u": u, "person": key, "place": place_key}
        return {
            "events": list(events.values()),
            "met": list(met.values()),
            "at": list(at.values()),
            "visited": list(visited.values()),
        }

    async def people(
        self, user_id: UUID, start_ms: int | None = None, end_ms: int | None = None, place: str | None = None
    ) -> list[PersonSummary]:
        """People met in `[start_ms, end_ms)`, most frequent first; `places` are where they were met."""
        where = _TS_FILTERS[start_ms is not None, end_ms is not None]
        match: LiteralString = (
            "MATCH (e:Event {user_id: $u})-[:MET]->(x:Person) "
            if place is None
            else "MATCH (l:Place {user_id: $u, key: $key})<-[:AT]-(e:Event)-[:MET]->(x:Person) "
        )
        tail: LiteralString = " OPTIONAL MATCH (e)-[:AT]->(o:Place) "
        key = normalize_name(place) if place is not None else None
        return await self._summaries(match + where + tail + _SUMMARY_RETURN, user_id, start_ms, end_ms, key)

    async def places(
        self, user_id: UUID, start_ms: int | None = None, end_ms: int | None = None, person: str | None = None
    ) -> list[PersonSummary]:
        """Places visited in `[start_ms, end_ms)` (with `person` if given); `places` = people met there."""
        where = _TS_FILTERS[start_ms is not None, end_ms is not None]
        match: LiteralString = (
            "MATCH (e:Event {user_id: $u})-[:AT]->(x:Place) "
            if person is None
            else "MATCH (p:Person {user_id: $u, key: $key})<-[:MET]-(e:Event)-[:AT]->(x:Place) "
        )
        tail: LiteralString = " OPTIONAL MATCH (e)-[:MET]->(o:Person) "
        key = self._names.key(person) if person is not None else None
        return await self._summaries(match + where + tail + _SUMMARY_RETURN, user_id, start_ms, end_ms, key)

    async def _summaries(
        self, query: LiteralString, user_id: UUID, start_ms: int | None, end_ms: int | None, key: str | None
    ) -> list[PersonSummary]:
        if key == "":
            return []
        records = await self._read(
            query, u=str(user_id), start=start_ms, end=end_ms, key=key, max_ids=self._max_event_ids
        )
        return [
            PersonSummary(
                name=r["name"],
                count=int(r["n"]),
                last_ts_ms=int(r["last"]),
                places=[name for name in r["others"] if name is not None],
                event_ids=[UUID(i) for i in r["ids"]],
            )
            for r in records
        ]

    async def neighbours(self, user_id: UUID, name: str, limit: int = 20) -> list[tuple[str, int]]:
        """People and places sharing events with the person or place `name` (a name may be both)."""
        keys = {"Person": self._names.key(name), "Place": normalize_name(name)}
        if not keys["Place"]:
            return []
        results = await asyncio.gather(
            *(self._read(_NEIGHBOURS[label], u=str(user_id), key=keys[label], limit=limit) for label in keys)
        )
        counts: dict[str, int] = {}
        for records in results:
            for r in records:
                counts[r["name"]] = counts.get(r["name"], 0) + int(r["n"])
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]

    async def count_events(self, user_id: UUID) -> int:
        records = await self._read("MATCH (e:Event {user_id: $u}) RETURN count(e) AS n", u=str(user_id))
        return int(records[0]["n"]) if records else 0

    async def delete_user(self, user_id: UUID) -> None:
        # In batches: one transaction holding a heavy user's whole graph would need unbounded memory.
        for query in (
            "MATCH (n:Event {user_id: $u}) WITH n LIMIT $batch DETACH DELETE n RETURN count(*) AS n",
            "MATCH (n:Person {user_id: $u}) WITH n LIMIT $batch DETACH DELETE n RETURN count(*) AS n",
            "MATCH (n:Place {user_id: $u}) WITH n LIMIT $batch DETACH DELETE n RETURN count(*) AS n",
        ):
            while True:
                result = await self._driver.execute_query(
                    query, u=str(user_id), batch=_DELETE_BATCH, database_=self._database
                )
                if not result.records or int(result.records[0]["n"]) == 0:
                    break

    async def ping(self) -> bool:
        # A plain session: execute_query would keep retrying an unreachable server for 30 s.
        try:
            async with asyncio.timeout(5), self._driver.session(database=self._database) as session:
                await (await session.run("RETURN 1 AS ok")).consume()
        except Exception:
            return False
        return True

    async def close(self) -> None:
        await self._driver.close()

    async def _read(self, query: LiteralString, **params: Any) -> list[dict[str, Any]]:
        """An auto-commit read, retried while the server is unreachable (e.g. the embedded one restarting).

        Auto-commit rather than a managed transaction: BEGIN/COMMIT round trips were ~40% of a 3 ms query.
        """
        deadline = time.monotonic() + self._retry_s
        delay = 0.1
        while True:
            try:
                session = self._driver.session(database=self._database, default_access_mode=READ_ACCESS)
                async with session:
                    return await (await session.run(query, params)).data()
            except _TRANSIENT as exc:
                if time.monotonic() > deadline:
                    raise StoreError(f"graph store unreachable: {exc}") from exc
                await asyncio.sleep(delay)
                delay = min(delay * 2, 1.0)
            except (Neo4jError, DriverError) as exc:
                raise StoreError(f"graph query failed: {exc}") from exc
