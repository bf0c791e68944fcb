"""What the derived indexes get from an event.

Embedded: diary text (chunked when long) and one rendered sentence per social, purchase and activity event, e.g.
"2025-10-10 13:00 обед: Пётр, Ресторан Пушкин". Raw GPS and health points are not embedded: they are numbers,
answered exactly from SQL, and would drown the texts in near-identical vectors.
Graph: people met and places visited, from social, purchase and activity events.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import tzinfo
from uuid import UUID

from core.events import Event, GraphFacts
from core.render import people_of, render_sentence

EMBEDDED_TYPES = ("diary", "social", "purchase", "activity")
GRAPH_TYPES = ("social", "purchase", "activity")
CHUNK_CHARS = 600  # USE works best on sentence-to-paragraph sized inputs
_CHUNK_NS = UUID("0b7f7d3e-2f0c-4a8e-9a55-4d1f2c3b5e61")


@dataclass(frozen=True, slots=True)
class Chunk:
    id: UUID  # stable per user, event and chunk number, so re-indexing overwrites instead of duplicating
    event: Event
    text: str


def _split(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    current = ""
    for sentence in text.replace("\n", " ").split(". "):
        piece = sentence if sentence.endswith(".") else sentence + "."
        if current and len(current) + len(piece) + 1 > limit:
            chunks.append(current)
            current = ""
        while len(piece) > limit:  # one endless sentence: cut it
            chunks.append(piece[:limit])
            piece = piece[limit:]
        current = f"{current} {piece}".strip()
    if current:
        chunks.append(current)
    return chunks


def chunks_for(event: Event, tz: tzinfo) -> list[Chunk]:
    if event.type not in EMBEDDED_TYPES:
        return []
    if event.type == "diary":
        when = event.ts.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        texts = [f"{when} {part}" for part in _split(str(event.payload.get("text", "")))]
    else:
        texts = [render_sentence(event, tz)]
    return [Chunk(chunk_id(event, n), event, text) for n, text in enumerate(texts)]


def chunk_id(event: Event, n: int) -> UUID:
    """The vector point id of the event's n-th chunk. The user is part of it: event ids are only unique per user
    (a client's UUID is kept as the event id as is), and points of every user share one collection, so without it
    two users sending the same id would overwrite each other's point, and erasing one would erase the other's."""
    return uuid.uuid5(_CHUNK_NS, f"{event.user_id}:{event.id}:{n}")


def facts_for(event: Event, tz: tzinfo) -> GraphFacts | None:
    if event.type not in GRAPH_TYPES:
        return None
    people = people_of(event)
    place = event.payload.get("place")
    place = place if isinstance(place, str) and place.strip() else None
    action = event.payload.get("action") or event.payload.get("activity") or event.payload.get("item")
    return GraphFacts(
        user_id=event.user_id,
        event_id=event.id,
        type=event.type,
        ts_ms=int(event.ts.timestamp() * 1000),
        people=people,
        place=place,
        action=str(action) if action else None,
        text=render_sentence(event, tz),
    )
