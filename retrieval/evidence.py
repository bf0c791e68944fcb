"""What retrieval hands to the answer step: exact facts from SQL, cited events, and the grounded template answer.

The LLM (when configured) may only rephrase what is here; the grounding check compares its numbers, dates and
names against `numbers`, `dates` and `names`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from retrieval.question.parser import ParsedQuestion


@dataclass(frozen=True, slots=True)
class Source:
    event_id: str  # the client's id when it sent one
    type: str
    ts: datetime  # in the user's zone
    text: str
    score: float

    def as_dict(self) -> dict[str, Any]:
        return {"event_id": self.event_id, "type": self.type, "ts": self.ts.isoformat(), "text": self.text,
                "score": round(self.score, 4)}


@dataclass(slots=True)
class Evidence:
    question: ParsedQuestion
    facts: list[str] = field(default_factory=list)  # short fact lines, in the question's language
    numbers: list[float] = field(default_factory=list)  # every number the answer may state
    names: list[str] = field(default_factory=list)  # people, places, items the answer may name
    dates: list[date] = field(default_factory=list)  # dates the answer may state
    sources: list[Source] = field(default_factory=list)
    template_answer: str = ""  # the grounded template answer: always correct, used when the LLM is off or fails
    found: bool = False  # False: nothing matched ("нет данных / I found nothing")
