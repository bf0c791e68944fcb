"""Which handler answers a parsed question: by its intent, refined by its shape and entities. The one place that
chooses; handler modules never call one another."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from assistant.ask import events as evt
from assistant.ask import numbers as num
from assistant.ask import people as ppl
from assistant.ask import ranked
from assistant.ask import text as txt
from assistant.ask.context import AskContext
from retrieval.evidence import Evidence
from retrieval.question.parser import Intent, ParsedQuestion

Handler = Callable[[AskContext], Awaitable[Evidence]]

HANDLERS: dict[Intent, Handler] = {
    Intent.HOW_MUCH: num.how_much,
    Intent.HOW_MANY: num.how_many,
    Intent.AVERAGE: num.average,
    Intent.TOP: num.top,
    Intent.FIRST: evt.occurrence,
    Intent.LAST: evt.occurrence,
    Intent.WHEN: evt.occurrence,
    Intent.LIST: evt.list_events,
    Intent.WHO: ppl.who,
    Intent.WHERE: ppl.where,
    Intent.HABITS: txt.habits,
    Intent.MOOD: txt.mood,
    Intent.SUMMARY: txt.summary,
    Intent.RECALL: txt.recall,
}
_RANKED: dict[str, Handler] = {"amount": ranked.by_amount, "length": ranked.by_length}
_OCCURRENCE = (Intent.FIRST, Intent.LAST, Intent.WHEN)


async def _recall_when(c: AskContext) -> Evidence:
    return await txt.recall(c, when=True)


def handler_for(q: ParsedQuestion) -> Handler:
    """ "Самая дорогая покупка" ranks purchases by amount rather than counting them; "когда был концерт?" names
    nothing SQL can filter on, so the diary and notes are searched by meaning for the date."""
    if q.intent == Intent.TOP and q.shape.rank is not None:
        return _RANKED[q.shape.rank]
    if q.intent in _OCCURRENCE and not q.entities.names_something():
        return _recall_when
    return HANDLERS[q.intent]
