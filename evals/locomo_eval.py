"""Retrieval on LoCoMo: ``python -m evals.locomo_eval [--data DIR] [--conversations 1-5]`` (``make eval-locomo``).

Each LoCoMo conversation is one user; every turn is a diary event dated by its session ("Caroline: …"), ingested
through the product's IngestService into a fresh ClickHouse and indexed by the product's Indexer into the embedded
vector store with the default embedder (no graph: it plays no part in text recall). Every question of categories
1–4 (1 multi-hop, 2 temporal, 3 open-domain, 4 single-hop, by the dataset's scorer) then asks the VectorIndex port
three ways in the same run on the same points: dense only (recall before hybrid), BM25 only, and hybrid (what
recall now does). Evidence recall@k: the share of a question's evidence turns among the first k distinct events.

Conversations 1–5 are for tuning, 6–10 held out: both halves are reported apart and together. LoCoMo is
CC BY-NC 4.0 and is read by path (default ../shared/benchmarks/locomo); without it the eval says so and exits 0.
Writes evals/results/locomo.json. A measurement, not a test: the exit code is 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from assistant.bootstrap import open_event_store
from assistant.config import Settings
from indexing.embedders import build_embedder
from indexing.indexer import Indexer
from indexing.ports import Embedder, VectorIndex
from indexing.vectors.edge import EdgeVectorIndex
from ingest.service import IngestService

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "locomo"
RESULTS = Path(__file__).resolve().parent / "results"
CATEGORIES = {1: "multi-hop", 2: "temporal", 3: "open-domain", 4: "single-hop"}
MODES = ("dense", "bm25", "hybrid")
KS = (5, 10)
TZ = ZoneInfo("UTC")
_NS = uuid.UUID("5f0c2a4e-7b1d-4c8e-9a36-0d2b7e1f4c59")


def session_time(text: str) -> datetime:
    """LoCoMo's "1:56 pm on 8 May, 2023"."""
    return datetime.strptime(text.strip(), "%I:%M %p on %d %B, %Y").replace(tzinfo=UTC)


def conversation_events(conv: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """(ingest items, event id → dia_id) of one conversation: a turn a minute from its session's start."""
    items, turn_of = [], {}
    body = conv["conversation"]
    for key, turns in body.items():
        if not key.startswith("session_") or key.endswith("date_time") or not isinstance(turns, list):
            continue
        start = session_time(body[f"{key}_date_time"])
        for n, turn in enumerate(turns):
            event_id = str(uuid.uuid5(_NS, f"{conv['sample_id']}:{turn['dia_id']}"))
            ts = start.timestamp() + 60 * n
            text = f"{turn['speaker']}: {turn['text']}"
            items.append({"id": event_id, "type": "diary", "ts": datetime.fromtimestamp(ts, UTC).isoformat(),
                          "text": text})  # fmt: skip
            turn_of[event_id] = turn["dia_id"]
    return items, turn_of


def evidence_ids(qa: dict[str, Any]) -> set[str]:
    """Evidence turn ids; a few are written "D8:6; D9:17" in one string."""
    return {part.strip() for ev in qa.get("evidence", []) for part in str(ev).replace(";", " ").split() if part}


async def rankings(
    index: VectorIndex, embedder: Embedder, user: uuid.UUID, question: str, depth: int
) -> dict[str, list[uuid.UUID]]:
    [vector] = await embedder.embed([question])
    found = {
        "dense": await index.search(user, vector, depth),
        "bm25": await index.keyword_search(user, question, depth),
        "hybrid": await index.search(user, vector, depth, text=question),
    }
    return {mode: list(dict.fromkeys(h.event_id for h in hits)) for mode, hits in found.items()}


async def run(data: Path, work: Path, numbers: list[int]) -> list[dict[str, Any]]:
    """One row per question: conversation number, category, and recall@k per mode."""
    conversations = json.loads((data / "locomo10.json").read_text())
    settings = Settings(data_dir=work, auth="off", indexer=False, min_free_mb=0)
    rows: list[dict[str, Any]] = []
    async with AsyncExitStack() as stack:
        _, events = await open_event_store(settings, stack)
        embedder = build_embedder(settings.embedder)
        index = EdgeVectorIndex(work / "qdrant")
        stack.push_async_callback(index.close)
        indexer = Indexer(events, embedder, index, None, TZ, batch=settings.indexer_batch)
        await indexer.load()
        ingest = IngestService(events)
        for number in numbers:
            conv = conversations[number - 1]
            user = uuid.uuid5(_NS, conv["sample_id"])
            items, turn_of = conversation_events(conv)
            started = time.monotonic()
            await ingest.ingest(user, items, TZ)
            await indexer.catch_up()
            print(f"conversation {number}: {len(items)} turns indexed in {time.monotonic() - started:.1f} s",
                  file=sys.stderr)  # fmt: skip
            for qa in conv["qa"]:
                if qa.get("category") not in CATEGORIES or not (wanted := evidence_ids(qa)):
                    continue
                ranked = await rankings(index, embedder, user, qa["question"], max(KS))
                row: dict[str, Any] = {"conversation": number, "category": qa["category"]}
                for mode, ids in ranked.items():
                    turns = [turn_of.get(str(i)) for i in ids]
                    for k in KS:
                        row[f"{mode}@{k}"] = len(wanted & set(turns[:k])) / len(wanted)
                rows.append(row)
    return rows


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean recall per category and overall, for every mode and k."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[CATEGORIES[row["category"]]].append(row)
        groups["all"].append(row)
    columns = [f"{mode}@{k}" for mode in MODES for k in KS]
    return {
        name: {"questions": len(group), **{c: round(100 * sum(r[c] for r in group) / len(group), 1) for c in columns}}
        for name, group in groups.items()
    }


def table(title: str, summary: dict[str, Any]) -> str:
    columns = [f"{mode}@{k}" for mode in MODES for k in KS]
    lines = [title, f"{'category':<12} {'n':>5} " + " ".join(f"{c:>9}" for c in columns)]
    for name in [*CATEGORIES.values(), "all"]:
        if name in summary:
            s = summary[name]
            lines.append(f"{name:<12} {s['questions']:>5} " + " ".join(f"{s[c]:>9.1f}" for c in columns))
    return "\n".join(lines)


def _numbers(spec: str) -> list[int]:
    first, _, last = spec.partition("-")
    return list(range(int(first), int(last or first) + 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the folder with locomo10.json")
    parser.add_argument("--conversations", default="1-10", help="e.g. 1-5 (tuning) or 6-10 (held out)")
    args = parser.parse_args(argv)
    if not (args.data / "locomo10.json").exists():
        print(f"LoCoMo not found under {args.data} (locomo10.json): skipped")
        return 0
    logging.basicConfig(level=logging.WARNING)
    numbers = _numbers(args.conversations)
    with tempfile.TemporaryDirectory(prefix="locomo-") as work:
        rows = asyncio.run(run(args.data, Path(work), numbers))
    halves = {"tuning (1-5)": [r for r in rows if r["conversation"] <= 5],
              "held out (6-10)": [r for r in rows if r["conversation"] > 5], "all": rows}  # fmt: skip
    result = {name: summarise(part) for name, part in halves.items() if part}
    for name, summary in result.items():
        print(table(f"\nLoCoMo evidence recall %, conversations {name}", summary))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "locomo.json"
    out.write_text(json.dumps({"conversations": numbers, "modes": list(MODES), "results": result}, indent=2) + "\n")
    print(f"\nwritten to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
