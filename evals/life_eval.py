"""The life eval: ``python -m evals.life_eval [--keep-data DIR] [--llm MODEL]`` (``make eval``).

Generates a deterministic life (evals/life_gen.py), starts ``brain serve`` on a fresh data dir with the real
default embedder, ingests every event over HTTP, waits until ``pending_index`` is 0, asks every question with its
pinned ``now`` and scores the answers (evals/life_score.py). Prints accuracy per intent and overall, intent match,
evidence recall and latency; writes evals/results/life.json and evals/results/life_failures.jsonl.

A measurement, not a test: the exit code is 0 whatever the accuracy, non-zero only when the service fails.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.common import service
from evals.life_facts import QA
from evals.life_gen import Event, generate
from evals.life_score import Verdict, evidence_hits, judge

USER = "7a3c9e41-52d8-4b6f-9e0a-1c2d3e4f5a6b"
BATCH = 2_000
INDEX_TIMEOUT_S = 600
RESULTS = Path(__file__).resolve().parent / "results"


class EvalError(RuntimeError):
    """The service failed (not an answer being wrong)."""


@dataclass
class Outcome:
    qa: QA
    answer: str = ""
    intent: str | None = None
    sources: list[dict[str, Any]] = field(default_factory=list)
    latency_ms: float | None = None
    error: str | None = None
    verdict: Verdict = field(default_factory=lambda: Verdict(False, ["<no answer>"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--keep-data", type=Path, help="data dir to use and keep (default: a temporary one)")
    parser.add_argument("--llm", help="BRAIN_LLM_MODEL for the service (default: off, grounded templates)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    life = generate(seed=args.seed)
    print(f"life: {len(life.events)} events from {life.start} over {life.days} days, "
          f"{len(life.questions)} questions, now={life.now.isoformat()}")
    env = {"BRAIN_EMBEDDER": "use", **({"BRAIN_LLM_MODEL": args.llm} if args.llm else {})}
    try:
        with _data_dir(args.keep_data) as data_dir, service(data_dir, **env) as url, \
                httpx.Client(base_url=url, timeout=180) as http:
            print(f"service: {url}, data dir {data_dir}")
            ingest(http, life.events)
            wait_indexed(http, len(life.events))
            refresh_patterns(http)
            outcomes = [ask(http, qa) for qa in life.questions]
    except (EvalError, RuntimeError, httpx.HTTPError) as exc:
        print(f"error: the service failed: {exc}", file=sys.stderr)
        return 1
    report(outcomes, {"seed": args.seed, "llm": args.llm or "off", "events": len(life.events),
                      "now": life.now.isoformat()})
    return 0


@contextlib.contextmanager
def _data_dir(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="life-eval-") as tmp:
        yield Path(tmp)


def ingest(http: httpx.Client, events: list[Event]) -> None:
    accepted = duplicates = 0
    started = time.perf_counter()
    for offset in range(0, len(events), BATCH):
        batch = events[offset: offset + BATCH]
        resp = http.post("/api/v1/stream/ingest", json={"user_id": USER, "events": batch})
        if resp.status_code != 200:
            raise EvalError(f"ingest answered {resp.status_code}: {resp.text[:300]}")
        body = resp.json()
        accepted += body.get("accepted", 0)
        duplicates += body.get("duplicates", 0)
        for rejected in body.get("rejected", [])[:5]:
            print(f"  rejected #{offset + rejected.get('index', 0)}: {rejected.get('error')}")
    print(f"ingest: {accepted} accepted, {duplicates} duplicates in {time.perf_counter() - started:.1f} s")
    if accepted + duplicates != len(events):
        raise EvalError(f"only {accepted + duplicates} of {len(events)} events were stored")


def wait_indexed(http: httpx.Client, expected: int) -> None:
    """Poll stats until every acknowledged event is in the derived indexes (pending_index 0)."""
    started = time.monotonic()
    last_print = 0.0
    while True:
        resp = http.get(f"/api/v1/stream/stats/{USER}")
        if resp.status_code != 200:
            raise EvalError(f"stats answered {resp.status_code}: {resp.text[:300]}")
        stats = resp.json()
        pending, stored = stats.get("pending_index"), stats.get("events", 0)
        elapsed = time.monotonic() - started
        if pending == 0 and stored >= expected:
            print(f"indexed: {stored} events, pending_index 0 after {elapsed:.1f} s")
            return
        if elapsed - last_print >= 5:
            print(f"  indexing: {stored} events stored, pending_index {pending} ({elapsed:.0f} s)")
            last_print = elapsed
        if elapsed > INDEX_TIMEOUT_S:
            raise EvalError(f"pending_index still {pending} after {INDEX_TIMEOUT_S} s")
        time.sleep(1)


def refresh_patterns(http: httpx.Client) -> None:
    """What the scheduled miner would have done by now; habits questions read its output."""
    started = time.perf_counter()
    resp = http.post(f"/api/v1/stream/patterns/{USER}/refresh")
    note = "done" if resp.status_code == 200 else f"answered {resp.status_code} (ignored)"
    print(f"patterns refresh: {note} in {time.perf_counter() - started:.1f} s")


def ask(http: httpx.Client, qa: QA) -> Outcome:
    out = Outcome(qa)
    started = time.perf_counter()
    try:
        resp = http.post("/api/v1/search/memory", json={"user_id": USER, "question": qa.question, "now": qa.now})
    except httpx.HTTPError as exc:
        out.error = f"{type(exc).__name__}: {exc}"
        print(f"  {qa.id} error: {out.error}")
        return out
    elapsed = (time.perf_counter() - started) * 1000
    if resp.status_code != 200:
        out.error = f"HTTP {resp.status_code}: {resp.text[:200]}"
        print(f"  {qa.id} error: {out.error}")
        return out
    body = resp.json()
    out.latency_ms = elapsed
    out.answer = str(body.get("answer") or "")
    out.intent = body.get("intent")
    out.sources = list(body.get("sources") or [])
    out.verdict = judge(qa, out.answer)
    return out


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = q * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(outcomes: list[Outcome]) -> dict[str, Any]:
    per_intent: dict[str, list[bool]] = defaultdict(list)
    per_lang: dict[str, list[bool]] = defaultdict(list)
    for o in outcomes:
        per_intent[o.qa.intent].append(o.verdict.correct)
        per_lang[o.qa.lang].append(o.verdict.correct)
    hits = [evidence_hits(o.qa, o.sources) for o in outcomes]
    expected = sum(n for _, n in hits)
    latencies = [o.latency_ms for o in outcomes if o.latency_ms is not None]
    n = len(outcomes)

    def share(flags: list[bool]) -> float:
        return round(sum(flags) / len(flags), 4) if flags else 0.0

    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    return {
        "accuracy": share([o.verdict.correct for o in outcomes]),
        "per_intent": {k: {"n": len(v), "accuracy": share(v)} for k, v in sorted(per_intent.items())},
        "per_language": {k: {"n": len(v), "accuracy": share(v)} for k, v in sorted(per_lang.items())},
        "intent_match": share([o.intent == o.qa.intent for o in outcomes]),
        "evidence_recall": round(sum(h for h, _ in hits) / expected, 4) if expected else None,
        "evidence_expected": expected,
        "latency_p50_ms": round(p50, 1) if p50 is not None else None,
        "latency_p95_ms": round(p95, 1) if p95 is not None else None,
        "n": n,
        "errors": sum(1 for o in outcomes if o.error),
    }


def report(outcomes: list[Outcome], meta: dict[str, Any]) -> dict[str, Any]:
    figures = {**summarize(outcomes), **meta}
    print(f"\n{'intent':<10} {'n':>3} {'accuracy':>9}")
    for intent, row in figures["per_intent"].items():
        print(f"{intent:<10} {row['n']:>3} {row['accuracy']:>9.1%}")
    print(f"{'overall':<10} {figures['n']:>3} {figures['accuracy']:>9.1%}")
    for lang, row in figures["per_language"].items():
        print(f"  {lang}: {row['accuracy']:.1%} of {row['n']}")
    recall = figures["evidence_recall"]
    print(f"intent match {figures['intent_match']:.1%}, evidence recall "
          f"{'n/a' if recall is None else f'{recall:.1%}'} of {figures['evidence_expected']} cited ids, "
          f"latency p50 {figures['latency_p50_ms']} ms, p95 {figures['latency_p95_ms']} ms, "
          f"errors {figures['errors']}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "life.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    with (RESULTS / "life_failures.jsonl").open("w") as fh:
        for o in outcomes:
            if not o.verdict.correct:
                fh.write(json.dumps(_failure(o), ensure_ascii=False) + "\n")
    print(f"results: {RESULTS / 'life.json'}, failures: {RESULTS / 'life_failures.jsonl'}")
    return figures


def _failure(o: Outcome) -> dict[str, Any]:
    expected = {k: v for k, v in asdict(o.qa).items() if k not in ("id", "question", "now") and v}
    return {"id": o.qa.id, "question": o.qa.question, "now": o.qa.now, "expected": expected,
            "missing": o.verdict.missing, "got": {"answer": o.answer, "intent": o.intent, "error": o.error,
                                                   "sources": o.sources}}


if __name__ == "__main__":
    sys.exit(main())
