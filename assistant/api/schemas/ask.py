"""Ask: the question and the grounded answer with its sources."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from assistant.api.schemas.common import EVENT_ID, USER_ID, Timestamp


class AskRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"user_id": USER_ID, "question": "С кем я обедал в прошлую пятницу?", "now": "2025-10-15T20:00:00+03:00"},
        {"user_id": USER_ID, "question": "How much did I spend on coffee last week?"},
    ]})

    user_id: str = Field(json_schema_extra={"format": "uuid"})
    # The upper bound is BRAIN_MAX_QUESTION_CHARS, checked by the route (a setting, so not fixed in the model);
    # the OpenAPI document states the configured value as maxLength.
    question: str = Field(min_length=1, description="At most BRAIN_MAX_QUESTION_CHARS characters (default 2000).")
    now: datetime | None = Field(None, description="Pins the reference time (evals, replays); default: now.")
    conversation_id: str | None = Field(
        None, max_length=200, description="Send back the id of the previous answer to ask a follow-up."
    )


class TimeRange(BaseModel):
    start: Timestamp | None = Field(description="Inclusive; null = open.")
    end: Timestamp | None = Field(description="Exclusive; null = open.")
    phrase: str | None = Field(description="The words of the question that named the time.")
    grain: str | None = Field(None, description="day, week, month, year … of the phrase.", examples=["day"])


class Source(BaseModel):
    event_id: str = Field(description="The client's id when it sent one.", examples=[EVENT_ID])
    type: str = Field(examples=["social"])
    ts: Timestamp
    text: str = Field(description="The event rendered as a sentence.")
    score: float = Field(description="Relevance, rounded to 4 digits.")


class AskResponse(BaseModel):
    """The answer cites the events it used. Numbers come from SQL; a time phrase that cannot be parsed is named
    in `unparsed_time` and the answer says so instead of widening to all time."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "answer": "В пятницу, 10 октября, ты обедал с Петром в «Ресторан Пушкин».",
        "language": "ru",
        "intent": "who",
        "time_range": {"start": "2025-10-10T00:00:00+03:00", "end": "2025-10-11T00:00:00+03:00",
                       "phrase": "в прошлую пятницу", "grain": "day"},
        "unparsed_time": None,
        "sources": [{"event_id": EVENT_ID, "type": "social", "ts": "2025-10-10T13:00:00+03:00",
                     "text": "Обед с Пётр в Ресторан Пушкин", "score": 0.93}],
        "matched": {"person": ["Пётр"]},
        "conversation_id": "5b0c1f0e6a7d4c2b",
    }]})

    answer: str
    language: str = Field(examples=["ru", "en"])
    intent: str = Field(
        description="who, where, when, how_much, how_many, average, top, first, last, list, habits, mood, summary, "
        "recall."
    )
    time_range: TimeRange | None = Field(description="null when the question names no time.")
    unparsed_time: str | None = Field(description="A time phrase the parser could not read.")
    sources: list[Source] = Field(description="At most 100 cited events, best first.")
    matched: dict[str, list[str]] = Field(
        description="Names the question matched, by event field (person, place, item, …)."
    )
    conversation_id: str
