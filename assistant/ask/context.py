"""What an intent handler works with: the parsed question, the user's scope, and the retrievers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from assistant.ask.vocabulary import fuzzy_name, same_name
from core.events import Event, VectorHit
from core.names import full_names, latin_key, name_variants, normalize_name
from core.render import render_sentence
from indexing.ports import Embedder, GraphStore, VectorIndex
from retrieval.categories import CategoryMatcher
from retrieval.evidence import Evidence, Source
from retrieval.question.morph import name_lemma
from retrieval.question.parser import ParsedQuestion
from retrieval.sql_retriever import Scope, SQLRetriever
from retrieval.stages import stage


@dataclass
class AskContext:
    q: ParsedQuestion
    user_id: UUID
    tz: ZoneInfo
    now: datetime
    sql: SQLRetriever
    matcher: CategoryMatcher
    embedder: Embedder
    vectors: VectorIndex | None
    graph: GraphStore | None
    matched: dict[str, list[str]] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.q.language

    @property
    def start(self) -> datetime | None:
        return self.q.time_range.start if self.q.time_range else None

    @property
    def end(self) -> datetime | None:
        return self.q.time_range.end if self.q.time_range else None

    def range_ms(self) -> tuple[int | None, int | None]:
        """The question's range as epoch milliseconds (how the vector and graph stores keep time)."""
        return (
            int(self.start.timestamp() * 1000) if self.start else None,
            int(self.end.timestamp() * 1000) if self.end else None,
        )

    def scope(self, type: str | None = None, filters: dict[str, list[str]] | None = None) -> Scope:
        return Scope(self.user_id, self.start, self.end, type, filters)

    def source(self, event: Event, score: float = 1.0) -> Source:
        return Source(
            event_id=event.client_id or str(event.id),
            type=event.type,
            ts=event.ts.astimezone(self.tz),
            text=render_sentence(event, self.tz),
            score=score,
        )

    def evidence(self) -> Evidence:
        return Evidence(question=self.q)

    async def match_names(self, field: str, terms: list[str]) -> list[str]:
        """The user's own names (field: item/place/activity/...) that the question's terms mean."""
        if not terms:
            return []
        names = await self.sql.names(self.user_id, field)
        if field == "person":
            return match_people(terms, names)
        found: list[str] = []
        for term in terms:
            same = same_name(term, names)
            if same is not None:  # "Sokolniki" → "Сокольники", "вкусвилле" → "ВкусВилл", "малоко" → "Молоко"
                if same not in found:
                    found.append(same)
                continue
            found.extend(n for n in await self.matcher.match(term, names) if n not in found)
        if found:
            self.matched[field] = found
        return found

    async def match_actions(self) -> list[str]:
        """The user's social actions the question's verbs name ("обедал" → "обед"/"lunch"), as the parser read
        them (q.shape.actions)."""
        wanted = self.q.shape.actions
        if not wanted:
            return []
        names = await self.sql.names(self.user_id, "action")
        return [n for n in names if any(w in normalize_name(n) for w in wanted)]

    async def vector_hits(self, limit: int = 8, types: list[str] | None = None) -> list[VectorHit]:
        if self.vectors is None:
            return []
        async with stage("vector"):
            [vector] = await self.embedder.embed([self.q.text])
            # With the question's words too: the store fuses its dense neighbours with BM25 matches (hybrid).
            return await self.vectors.search(self.user_id, vector, limit, *self.range_ms(), types, text=self.q.text)

    def hit_source(self, hit: VectorHit, ids: dict[str, Any]) -> Source:
        from datetime import UTC

        ts = datetime.fromtimestamp(hit.ts_ms / 1000, UTC).astimezone(self.tz)
        return Source(
            event_id=ids.get(str(hit.event_id), str(hit.event_id)), type=hit.type, ts=ts, text=hit.text, score=hit.score
        )


def match_people(terms: list[str], names: list[str]) -> list[str]:
    """People by normalised name, a case form ("Петром" → "Пётр"), a shared stem, a Latin spelling ("Anna" →
    "Анна"), any variant of the same given name ("Лену" → "Елена", "Елена" → "Лена", "Sasha" → "Александр"), or,
    when nothing else matched, a typo of one of the user's names ("Екатирина")."""
    # Each term's keys once, not once per name: a user may have hundreds of names.
    wanted = []
    for term in terms:
        lemma = name_lemma(term) or term
        wanted.append((normalize_name(term), latin_key(term), full_names(term), name_variants(lemma)))
    found = []
    for name in names:
        key, latin = normalize_name(name), latin_key(name)
        for t, t_latin, t_full, t_variants in wanted:
            stem = min(len(t), len(key), max(3, len(t) - 2))
            if key == t or (len(t) >= 3 and key[:stem] == t[:stem]) or latin == t_latin or key in t_full or (
                    key in t_variants):
                found.append(name)
                break
    if not found:
        found = [n for n in dict.fromkeys(fuzzy_name(term, names) for term in terms) if n is not None]
    return found
