"""LLM phrasing of an answer through litellm (any provider by model string), never trusted blindly.

The LLM only rephrases the evidence. Its answer is kept when the grounding check accepts it; on an ungrounded,
cut or empty answer, an error or a timeout the grounded template answer is returned instead and the reason is
logged. ``outcomes`` counts what happened ("llm", "rejected", "error", "timeout", "skipped") for metrics and evals.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections import Counter
from functools import cache
from typing import Any

from assistant.llm.grounding import check_grounded
from core.errors import LLMError
from prompts import load_prompt
from retrieval.evidence import Evidence

__all__ = ["LLMPhraser", "build_messages"]

log = logging.getLogger(__name__)

_USER_MARKER = "<!-- user -->"  # splits a prompt file into the system message and the user message template
_MAX_SOURCES = 5
_SOURCE_CHARS = 200
# OpenAI-compatible local servers (llama.cpp, xllamacpp, vLLM…) need no key, but the OpenAI client refuses to
# start without one; a placeholder also keeps a real OPENAI_API_KEY from being sent to someone else's api_base.
_LOCAL_KEY = "no-key"


class LLMPhraser:
    """Turns evidence into a short answer in the question's language; the template answer whenever in doubt."""

    def __init__(self, model: str, api_base: str | None = None, api_key: str | None = None,
                 timeout_s: float = 20.0, *, mock_response: str | Exception | None = None,
                 max_tokens: int = 200) -> None:
        self.model = model
        self._api_base = api_base
        self._api_key = api_key
        self._timeout_s = timeout_s
        self._mock_response = mock_response  # litellm's test hook: a canned answer, or an exception to raise
        self._max_tokens = max_tokens
        self.outcomes: Counter[str] = Counter()

    async def phrase(self, evidence: Evidence) -> str:
        """The LLM's answer if it is grounded in ``evidence``, else ``evidence.template_answer``."""
        if not evidence.found and not evidence.facts:
            self.outcomes["skipped"] += 1  # "nothing found" is already exact; an LLM can only add to it
            return evidence.template_answer
        try:
            answer = await asyncio.wait_for(self._complete(build_messages(evidence)), self._timeout_s)
        except LLMError as exc:
            return self._fallback(evidence, "rejected", str(exc))
        except Exception as exc:  # any provider, network or timeout error: the template answer is always right
            outcome = "timeout" if _is_timeout(exc) else "error"
            return self._fallback(evidence, outcome, f"{type(exc).__name__}: {exc}".strip())
        result = check_grounded(answer, evidence)
        if not result.ok:
            return self._fallback(evidence, "rejected", result.reason)
        self.outcomes["llm"] += 1
        return answer

    async def _complete(self, messages: list[dict[str, str]]) -> str:
        litellm = _litellm()
        kwargs: dict[str, Any] = {
            "model": self.model, "messages": messages, "temperature": 0, "max_tokens": self._max_tokens,
            "timeout": self._timeout_s, "num_retries": 0, "max_retries": 0,
            "drop_params": True,  # providers without temperature/max_tokens ignore them instead of failing
        }
        if self._api_base:
            kwargs["api_base"] = self._api_base
        api_key = self._api_key or (_LOCAL_KEY if self._api_base and self.model.startswith("openai/") else None)
        if api_key:
            kwargs["api_key"] = api_key
        if self._mock_response is not None:
            kwargs["mock_response"] = self._mock_response
        response = await litellm.acompletion(**kwargs)
        choice = response.choices[0]
        if choice.finish_reason == "length":
            raise LLMError(f"answer cut at max_tokens={self._max_tokens}")
        text = _tidy(choice.message.content or "")
        if not text:
            raise LLMError("empty answer")
        return text

    def _fallback(self, evidence: Evidence, outcome: str, reason: str) -> str:
        self.outcomes[outcome] += 1
        log.warning("LLM answer not used (%s: %s); answering with the template", outcome, reason[:300])
        return evidence.template_answer


def build_messages(evidence: Evidence) -> list[dict[str, str]]:
    """System prompt + the facts and the question, from ``prompts/answer_<language>.md``."""
    system, _, user = load_prompt(f"answer_{evidence.question.language}").partition(_USER_MARKER)
    lines = [f"- {fact}" for fact in evidence.facts]
    if not lines:  # facts are the distilled evidence; cited records only stand in when there are none
        lines = [f"- {s.ts:%Y-%m-%d %H:%M}: {s.text[:_SOURCE_CHARS]}" for s in evidence.sources[:_MAX_SOURCES]]
    facts = "\n".join(lines) or "—"
    return [{"role": "system", "content": system.strip()},
            {"role": "user", "content": user.strip().format(facts=facts, question=evidence.question.text)}]


@cache
def _litellm() -> Any:
    # The one environment write outside config: litellm reads this at import time only; without it the import
    # fetches a model price list over the network (slow, and fails offline). Must run before the first import.
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    litellm.suppress_debug_info = True  # else every failure prints a "Give Feedback / Get Help" banner to stdout
    return litellm


def _is_timeout(exc: BaseException) -> bool:
    return isinstance(exc, TimeoutError) or "timeout" in type(exc).__name__.lower()


def _tidy(text: str) -> str:
    """The first paragraph without a list bullet or quotes: weak models add "The answer is: …" after a blank line."""
    text = re.sub(r"^\s*(?:[-*•]\s+)?", "", re.split(r"\n\s*\n", text.strip(), maxsplit=1)[0]).strip()
    while len(text) > 1 and text[0] + text[-1] in ('""', "«»", "“”", "''"):
        text = text[1:-1].strip()
    return text
