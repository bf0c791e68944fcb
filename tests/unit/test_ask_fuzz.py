"""Any question gets an answer: hypothesis drives the real AskService over the in-memory fakes (no server, many
examples), users with 0, 1 and the whole test life of events. The same property runs over HTTP, fewer examples,
in tests/api/test_generated.py."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.ask.service import AskService
from tests.api.test_ask import LIFE
from tests.unit.test_intents import NOW, TZ, Life, _life

CONTROL = st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from("\x7f\u200b\u200e\u2028\ufeff\ufffe")
CHARACTER = st.characters() | st.characters(categories=["Cs"]) | CONTROL  # Cs: lone surrogates
WORDS = ["когда", "я", "впервые", "последний", "раз", "что-то", "купил", "писал", "when", "last", "time", "first",
         "wrote", "something", "сколько", "потратил", "на", "кофе", "в", "сентябре", "how", "much", "who", "where",
         "с", "кем", "обедал", "прошлую", "пятницу", "самая", "дорогая", "покупка", "?", "2025", "31", "февраля"]  # fmt: skip
QUESTION = st.one_of(
    st.text(CHARACTER, max_size=300),
    st.builds(lambda ch, n: ch * n, CHARACTER, st.integers(1, 2000)),  # one long "word"
    st.lists(st.sampled_from(WORDS) | st.text(CHARACTER, max_size=8), max_size=12).map(" ".join),
)


@pytest.fixture(scope="module")
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture(scope="module", params=[0, 1, len(LIFE)], ids=lambda n: f"{n}-events")
def life(request: pytest.FixtureRequest, loop: asyncio.AbstractEventLoop) -> Life:
    return loop.run_until_complete(_life(LIFE[: request.param]))


@settings(max_examples=300, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))  # fmt: skip
@given(question=QUESTION)
def test_any_question_gets_an_answer(life: Life, loop: asyncio.AbstractEventLoop, question: str) -> None:
    asker: AskService = life.asker
    result = loop.run_until_complete(asker.ask(life.user, question, NOW, TZ, None))
    assert result.answer.strip()
    result.answer.encode("utf-8")  # writable: no lone surrogate reaches the answer
