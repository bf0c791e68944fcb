"""The LLM adapter (LLMPhraser over litellm, `mock_response` and local sockets at the edge): grounded answers are
kept, anything else falls back to the template. litellm takes seconds to import, so this runs with the adapters."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from assistant.llm.phraser import LLMPhraser, build_messages
from prompts import load_prompt
from retrieval.evidence import Evidence, Source
from retrieval.question.parser import parse

MSK = ZoneInfo("Europe/Moscow")
MODEL = "gpt-4o-mini"  # never called: mock_response short-circuits litellm before any network


@pytest.fixture
def steps() -> Evidence:
    return Evidence(question=parse("How many steps did I walk yesterday?", datetime(2025, 10, 11, 20, 0), MSK),
                    facts=["Steps on October 10, 2025: 12500"], numbers=[12500.0], dates=[date(2025, 10, 10)],
                    template_answer="On Friday, October 10, 2025 you walked 12500 steps.", found=True)


@pytest.fixture
def lunch() -> Evidence:
    return Evidence(question=parse("С кем я обедал в прошлую пятницу?", datetime(2025, 10, 15, 20, 0), MSK),
                    facts=["10 октября 2025: обед с Машей в «Тануки», 1250 ₽"], names=["Маша", "Тануки"],
                    numbers=[1250.0], dates=[date(2025, 10, 10)],
                    template_answer="Пятница, 10 октября 2025: вы обедали с Машей (Тануки).", found=True)


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) and never answers: a hung LLM server."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield int(sock.getsockname()[1])


async def test_a_grounded_answer_is_returned(steps: Evidence) -> None:
    phraser = LLMPhraser(MODEL, mock_response="You walked 12,500 steps on October 10.")
    assert await phraser.phrase(steps) == "You walked 12,500 steps on October 10."
    assert phraser.outcomes == {"llm": 1}


async def test_a_grounded_russian_answer_is_returned(lunch: Evidence) -> None:
    answer = "В пятницу, 10 октября, вы обедали с Машей в «Тануки»."
    assert await LLMPhraser(MODEL, mock_response=answer).phrase(lunch) == answer


@pytest.mark.parametrize("raw", ['"You walked 12500 steps."', "- You walked 12500 steps.",
                                 "You walked 12500 steps.\n\nThe answer is: 12500"])
async def test_quotes_bullets_and_trailing_paragraphs_are_dropped(steps: Evidence, raw: str) -> None:
    assert await LLMPhraser(MODEL, mock_response=raw).phrase(steps) == "You walked 12500 steps."


async def test_a_hallucinated_number_falls_back_to_the_template(steps: Evidence,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    phraser = LLMPhraser(MODEL, mock_response="You walked 13,000 steps on October 10.")
    with caplog.at_level(logging.WARNING, logger="assistant.llm.phraser"):
        answer = await phraser.phrase(steps)
    assert answer == steps.template_answer
    assert phraser.outcomes == {"rejected": 1}
    assert "number 13,000 is not in the evidence" in caplog.text


async def test_an_invented_name_falls_back_to_the_template(lunch: Evidence, caplog: pytest.LogCaptureFixture) -> None:
    phraser = LLMPhraser(MODEL, mock_response="Вы обедали с Машей и Олегом в «Тануки».")
    with caplog.at_level(logging.WARNING, logger="assistant.llm.phraser"):
        assert await phraser.phrase(lunch) == lunch.template_answer
    assert "name 'Олегом'" in caplog.text


async def test_an_answer_in_the_wrong_language_falls_back_to_the_template(lunch: Evidence) -> None:
    phraser = LLMPhraser(MODEL, mock_response="You had lunch with Маша at Тануки.")
    assert await phraser.phrase(lunch) == lunch.template_answer
    assert phraser.outcomes == {"rejected": 1}


async def test_an_empty_answer_falls_back_to_the_template(steps: Evidence) -> None:
    phraser = LLMPhraser(MODEL, mock_response="  ")
    assert await phraser.phrase(steps) == steps.template_answer
    assert phraser.outcomes == {"rejected": 1}


async def test_a_provider_error_falls_back_to_the_template(steps: Evidence, caplog: pytest.LogCaptureFixture) -> None:
    phraser = LLMPhraser(MODEL, mock_response=RuntimeError("provider exploded"))
    with caplog.at_level(logging.WARNING, logger="assistant.llm.phraser"):
        assert await phraser.phrase(steps) == steps.template_answer
    assert phraser.outcomes == {"error": 1}
    assert "provider exploded" in caplog.text


async def test_an_unknown_model_falls_back_to_the_template(steps: Evidence) -> None:
    phraser = LLMPhraser("no-such-provider/no-such-model", timeout_s=5)
    assert await phraser.phrase(steps) == steps.template_answer
    assert phraser.outcomes == {"error": 1}


async def test_an_unreachable_server_falls_back_to_the_template(steps: Evidence) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    phraser = LLMPhraser("openai/local", api_base=f"http://127.0.0.1:{port}/v1", timeout_s=5)
    assert await phraser.phrase(steps) == steps.template_answer
    assert phraser.outcomes == {"error": 1}


async def test_a_hung_server_times_out_to_the_template(steps: Evidence, silent_port: int,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    phraser = LLMPhraser("openai/local", api_base=f"http://127.0.0.1:{silent_port}/v1", timeout_s=0.5)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="assistant.llm.phraser"):
        assert await phraser.phrase(steps) == steps.template_answer
    assert time.monotonic() - started < 3
    assert phraser.outcomes == {"timeout": 1}
    assert "timeout" in caplog.text


async def test_nothing_found_is_answered_by_the_template_without_the_llm() -> None:
    evidence = Evidence(question=parse("Did I swim last week?", datetime(2025, 10, 15, 20, 0), MSK),
                        template_answer="I found nothing about swimming from October 6 to October 12, 2025.")
    phraser = LLMPhraser(MODEL, mock_response="You swam 3 times.")
    assert await phraser.phrase(evidence) == evidence.template_answer
    assert phraser.outcomes == {"skipped": 1}


def test_messages_carry_the_prompt_of_the_question_language_the_facts_and_the_question(lunch: Evidence) -> None:
    system, user = build_messages(lunch)
    assert system["role"] == "system" and "по-русски" in system["content"]
    assert user["role"] == "user"
    assert "- 10 октября 2025: обед с Машей в «Тануки», 1250 ₽" in user["content"]
    assert user["content"].endswith("Вопрос: С кем я обедал в прошлую пятницу?")


def test_cited_records_stand_in_for_missing_facts(steps: Evidence) -> None:
    steps.facts = []
    steps.sources = [Source("e1", "walk", datetime(2025, 10, 10, 18, 5, tzinfo=MSK), "Walk in the park", 0.9)]
    _, user = build_messages(steps)
    assert "- 2025-10-10 18:05: Walk in the park" in user["content"]


@pytest.mark.parametrize("name", ["answer_ru", "answer_en"])
def test_prompts_are_package_data_with_both_placeholders(name: str) -> None:
    text = load_prompt(name)
    assert "<!-- user -->" in text and "{facts}" in text and "{question}" in text
