"""`brain`: serve, manage users, rebuild indexes.

chDB lets one process own a data dir. When the service is running, user commands go through its HTTP API with the
local admin token it wrote under the data dir; otherwise they open the store directly.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from typing import Any

from assistant.cli.remote import running_service, via_api
from assistant.config import Settings
from assistant.users import UserRepo
from core.errors import BrainError


async def _with_store(settings: Settings, work: Callable[[UserRepo], Awaitable[Any]]) -> Any:
    """Open the user store directly: no service runs on this data dir. Say which dir, so a mistyped or missing
    BRAIN_DATA_DIR is seen rather than silently creating a second, empty store."""
    from assistant.bootstrap import open_event_store

    where = settings.data_dir.resolve()
    state = "opening" if (where / "clickhouse").exists() else "creating a new store in"
    print(f"brain: no running service found; {state} {where}", file=sys.stderr)
    async with AsyncExitStack() as stack:
        db, _ = await open_event_store(settings, stack)
        return await work(UserRepo(db))


def cmd_users_create(settings: Settings, args: argparse.Namespace) -> None:
    timezone = args.timezone or settings.timezone
    if running_service(settings):
        out = via_api(settings, "POST", "/api/v1/users", {"name": args.name, "timezone": timezone})
        user_id, token = out["user_id"], out["token"]
    else:
        async def work(users: UserRepo) -> tuple[str, str]:
            user, token = await users.create(args.name, timezone)
            return str(user.id), token

        user_id, token = asyncio.run(_with_store(settings, work))
    print(f"user_id: {user_id}")
    print(f"token:   {token}")
    print("Keep the token: it is shown only once. Send it as `Authorization: Bearer <token>`.")


def cmd_users_list(settings: Settings, args: argparse.Namespace) -> None:
    if running_service(settings):
        users = via_api(settings, "GET", "/api/v1/users")["users"]
    elif settings.embedded_clickhouse and not (settings.data_dir / "clickhouse").exists():
        # Listing must not create an empty second store: the usual cause is a shell without the service's settings.
        raise BrainError(
            f"no store at {settings.data_dir.resolve()} and no service running on it: set BRAIN_DATA_DIR to the "
            "service's data dir (or create the first user with `brain users create NAME`)"
        )
    else:
        async def work(users: UserRepo) -> list[dict[str, str]]:
            return [{"user_id": str(u.id), "name": u.name, "timezone": u.timezone} for u in await users.list()]

        users = asyncio.run(_with_store(settings, work))
    if not users:
        print("no users yet: `brain users create NAME`")
    for user in users:
        print(f"{user['user_id']}  {user['name']}  ({user['timezone']})")


def cmd_serve(settings: Settings, args: argparse.Namespace) -> None:
    import uvicorn

    from assistant.api.app import create_app
    from assistant.api.server import server_config

    settings = settings.model_copy(update={"host": args.host or settings.host, "port": args.port or settings.port})
    if running_service(settings):
        raise BrainError(f"a service already runs on {settings.data_dir}; stop it first or set BRAIN_DATA_DIR")
    print(f"Second Brain on http://{settings.host}:{settings.port}  (data: {settings.data_dir}, auth: {settings.auth})")
    # Keep-alive, request head and body deadlines (assistant/api/server.py): uvicorn alone would hold a half-open
    # connection forever.
    uvicorn.Server(server_config(create_app(settings), settings)).run()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="brain", description="Second Brain: your personal memory assistant.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.set_defaults(func=cmd_serve)
    users = sub.add_parser("users", help="manage users").add_subparsers(dest="users_command", required=True)
    create = users.add_parser("create", help="create a user; prints the user id and token")
    create.add_argument("name")
    create.add_argument("--timezone", help="IANA zone, default BRAIN_TIMEZONE")
    create.set_defaults(func=cmd_users_create)
    users.add_parser("list", help="list users").set_defaults(func=cmd_users_list)
    _add_extra_commands(sub)
    return parser


def _add_extra_commands(sub: Any) -> None:
    from assistant.cli import index, repair

    index.add_commands(sub)
    repair.add_commands(sub)


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
        args.func(settings, args)
    except BrainError as exc:
        print(f"brain: {exc}", file=sys.stderr)
        sys.exit(2)
    except ValueError as exc:  # settings that fail validation
        print(f"brain: bad configuration: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
