"""`brain reindex USER|--all`: rebuild vectors and graph from the event store (the source of truth)."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any
from uuid import UUID

from assistant.cli.remote import running_service, user_target, via_api
from assistant.config import Settings


def cmd_reindex(settings: Settings, args: argparse.Namespace) -> None:
    target = user_target(args)
    if running_service(settings):
        out = via_api(settings, "POST", "/api/v1/admin/reindex", {"user": target})
        print(f"reindexed {out['events']} events ({target}) in the running service")
        return
    print(f"reindexing {target} from {settings.data_dir} …")
    print(f"done: {asyncio.run(_reindex_here(settings, target))} events")


async def _reindex_here(settings: Settings, target: str) -> int:
    from assistant.bootstrap import running

    async with running(settings.model_copy(update={"indexer": False})) as container:
        return await container.indexer.reindex(None if target == "all" else UUID(target))


def add_commands(sub: Any) -> None:
    parser = sub.add_parser("reindex", help="rebuild vectors and graph from the event store")
    parser.add_argument("user", nargs="?", help="a user id")
    parser.add_argument("--all", action="store_true", help="every user")
    parser.set_defaults(func=cmd_reindex)
