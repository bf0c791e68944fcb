"""`brain repair USER|--all`: rebuild derived tables, vectors and graph from `events` and say what was wrong.

After a write failed midway (a full disk above all) the tables ClickHouse derives from `events` on insert
(`purchase_stats`, `geo_hourly`, `event_names`) may miss rows or hold rows of a rolled-back batch; vectors and graph
may lag or hold quarantined events. Repair recomputes all of them from `events`, the source of truth.
"""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import asdict
from typing import Any
from uuid import UUID

from assistant.cli.remote import running_service, user_target, via_api
from assistant.config import Settings


def cmd_repair(settings: Settings, args: argparse.Namespace) -> None:
    target = user_target(args)
    if running_service(settings):
        report = via_api(settings, "POST", "/api/v1/admin/repair", {"user": target})
    else:
        print(f"repairing {target} in {settings.data_dir} …")
        report = asyncio.run(_repair_here(settings, target))
    for line in describe(report):
        print(line)


async def _repair_here(settings: Settings, target: str) -> dict[str, Any]:
    from assistant.bootstrap import running

    async with running(settings.model_copy(update={"indexer": False})) as container:
        report = await container.repair(None if target == "all" else UUID(target))
        return {
            "derived": [{"table": f.table, "user_id": str(f.user_id), "before": f.before, "after": f.after}
                        for f in report.derived],  # fmt: skip
            "indexes": [{**asdict(i), "user_id": str(i.user_id)} for i in report.indexes],
            "reindexed": report.reindexed,
        }


def describe(report: dict[str, Any]) -> list[str]:
    """The report as lines for a person: one per fixed table and user, then the indexes."""
    lines = []
    for fix in report["derived"]:
        change = ", ".join(f"{k} {_num(fix['before'].get(k, 0))} → {_num(v)}" for k, v in fix["after"].items())
        lines.append(f"fixed {fix['table']} of {fix['user_id']}: {change}")
    for fix in report["indexes"]:
        lines.append(f"reindexed {fix['user_id']}: vectors {fix['vectors_before']} → {fix['vectors_after']}, "
                     f"graph events {fix['graph_before']} → {fix['graph_after']}")  # fmt: skip
    if not report["derived"]:
        lines.append("derived tables already agreed with events")
    lines.append(f"done: {report['reindexed']} events re-embedded and re-linked")
    return lines


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def add_commands(sub: Any) -> None:
    parser = sub.add_parser("repair", help="rebuild derived tables, vectors and graph from events; report fixes")
    parser.add_argument("user", nargs="?", help="a user id")
    parser.add_argument("--all", action="store_true", help="every user")
    parser.set_defaults(func=cmd_repair)
