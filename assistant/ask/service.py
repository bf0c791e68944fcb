"""Ask: question → parse → retrieve (SQL, vectors, graph) → grounded answer (template, or the LLM when set)."""

from __future__ import annotations

import logging
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID
from zoneinfo import ZoneInfo

from assistant.ask.context import AskContext
from assistant.ask.dispatch import handler_for
from assistant.ask.vocabulary import with_known_places
from assistant.phrasing import t
from indexing.ports import Embedder, EventStore, GraphStore, VectorIndex
from retrieval.categories import CategoryMatcher
from retrieval.evidence import Evidence, Source
from retrieval.question.parser import ParsedQuestion, parse
from retrieval.sql_retriever import SQLRetriever
from retrieval.stages import collecting

log = logging.getLogger(__name__)


class Phraser(Protocol):
    async def phrase(self, evidence: Evidence) -> str: ...


@dataclass
class AskResult:
    answer: str
    question: ParsedQuestion
    sources: list[Source]
    conversation_id: str
    matched: dict[str, list[str]] = field(default_factory=dict)
    timings_ms: dict[str, float] = field(default_factory=dict)

    def as_dict(self, tz: ZoneInfo) -> dict[str, Any]:
        rng = self.question.time_range
        time_range = None
        if rng is not None:
            time_range = {
                "start": rng.start.astimezone(tz).isoformat() if rng.start else None,
                "end": rng.end.astimezone(tz).isoformat() if rng.end else None,
                "phrase": rng.phrase,
                "grain": rng.grain,
            }
        return {
            "answer": self.answer,
            "language": self.question.language,
            "intent": str(self.question.intent),
            "time_range": time_range,
            "unparsed_time": self.question.unparsed_time,
            "sources": [s.as_dict() for s in self.sources],
            "matched": self.matched,
            "conversation_id": self.conversation_id,
        }


class AskService:
    def __init__(
        self,
        events: EventStore,
        embedder: Embedder,
        vectors: VectorIndex | None,
        graph: GraphStore | None,
        phraser: Phraser | None = None,
    ) -> None:
        self.sql = SQLRetriever(events)
        self.matcher = CategoryMatcher(embedder)
        self.embedder, self.vectors, self.graph, self.phraser = embedder, vectors, graph, phraser
        # Keyed by (user, conversation): another user's conversation id starts a fresh conversation, it never
        # reads what someone else asked.
        self._conversations: OrderedDict[tuple[UUID, str], ParsedQuestion] = OrderedDict()

    def _remember(self, user_id: UUID, conversation_id: str, q: ParsedQuestion) -> None:
        key = (user_id, conversation_id)
        self._conversations[key] = q
        self._conversations.move_to_end(key)
        while len(self._conversations) > 10_000:
            self._conversations.popitem(last=False)

    def _with_context(self, user_id: UUID, q: ParsedQuestion, conversation_id: str | None) -> ParsedQuestion:
        """ "а в субботу?" reuses the previous question's intent and entities with the new range."""
        previous = self._conversations.get((user_id, conversation_id)) if conversation_id else None
        if previous is None or not q.is_followup:
            return q
        # The previous question's entities and shape (its verbs: "обедал") stay, the new range replaces the old;
        # "а по неделям?" keeps the range and changes only the grouping.
        if q.time_range is None and q.group_by is not None:
            return replace(previous, group_by=q.group_by, is_followup=True)
        return replace(
            previous, time_range=q.time_range, unparsed_time=q.unparsed_time, is_followup=True, language=q.language
        )

    async def ask(
        self, user_id: UUID, question: str, now: datetime, tz: ZoneInfo, conversation_id: str | None = None
    ) -> AskResult:
        timings: dict[str, float] = {}
        started = time.perf_counter()
        asked = parse(question, now, tz)
        q = self._with_context(user_id, asked, conversation_id)
        timings["parse"] = (time.perf_counter() - started) * 1000
        q = await with_known_places(self.sql, user_id, q)
        conversation_id = conversation_id or str(uuid.uuid4())
        ctx = AskContext(
            q=q,
            user_id=user_id,
            tz=tz,
            now=now,
            sql=self.sql,
            matcher=self.matcher,
            embedder=self.embedder,
            vectors=self.vectors,
            graph=self.graph,
        )
        mark = time.perf_counter()
        if not asked.shape.has_words:  # "???", "🙂": nothing to search for
            evidence = Evidence(
                question=q,
                template_answer=t(
                    q.language,
                    "Не понял вопрос. Спроси, например: «сколько я потратил на кофе в сентябре?»",
                    "I didn't get the question. Try, e.g., “how much did I spend on coffee in September?”",
                ),
            )
        elif q.unparsed_time and q.time_range is None:
            evidence = Evidence(
                question=q,
                template_answer=t(
                    q.language,
                    f"Не понял период «{q.unparsed_time}». Уточни, пожалуйста, даты — например, "
                    "«на прошлой неделе» или «с 1 по 5 октября».",
                    f"I couldn't understand the time “{q.unparsed_time}”. Please name the dates, e.g. “last week” or "
                    "“from October 1 to 5”.",
                ),
            )
        else:
            with collecting() as stages:
                evidence = await handler_for(q)(ctx)
            timings.update({name: stages.get(name, 0.0) for name in ("sql", "vector", "graph")})
        retrieve = (time.perf_counter() - mark) * 1000
        mark = time.perf_counter()
        answer = evidence.template_answer
        if self.phraser is not None and evidence.found:
            answer = await self.phraser.phrase(evidence)
        # "answer": composing the evidence and the sentence, i.e. retrieval time not spent waiting on a store.
        retrieved = sum(timings.get(name, 0.0) for name in ("sql", "vector", "graph"))
        timings["answer"] = max(retrieve - retrieved, 0.0) + (time.perf_counter() - mark) * 1000
        self._remember(user_id, conversation_id, q)
        return AskResult(
            answer=answer,
            question=q,
            sources=evidence.sources[:100],
            conversation_id=conversation_id,
            matched=ctx.matched,
            timings_ms=timings,
        )

    async def summarize(self, user_id: UUID, start: datetime, end: datetime, tz: ZoneInfo) -> dict[str, Any]:
        """A period summary as data (the summary route), straight from SQL."""
        from retrieval.sql_retriever import Scope

        def scope(etype: str | None = None) -> Scope:
            return Scope(user_id, start, end, etype)

        spend, purchases, _, _ = await self.sql.aggregate(scope("purchase"), "amount")
        return {
            "period": {"start": start.isoformat(), "end": end.isoformat()},
            "counts": await self.sql.counts_by_type(scope()),
            "spend": {
                "total": round(spend, 2),
                "purchases": purchases,
                "top_items": [
                    {"item": n, "count": k, "amount": round(v, 2)}
                    for n, k, v in await self.sql.top(scope("purchase"), "item", 5, "amount")
                ],
            },
            "people": [{"name": n, "count": k} for n, k, _ in await self.sql.top(scope("social"), "person", 10)],
            "places": [{"name": n, "count": k} for n, k, _ in await self.sql.top(scope(), "place", 10)],
            "activities": [
                {"activity": n, "count": k, "minutes": round(v, 1)}
                for n, k, v in await self.sql.top(scope("activity"), "activity", 10, "duration_minutes")
            ],
        }
