"""Talking to a running service on this data dir: chDB lets one process own it, so while the service runs the CLI
goes through its HTTP API with the local admin token the service wrote under the data dir."""

from __future__ import annotations

import argparse
import json
import os
from typing import Any
from uuid import UUID

import httpx

from assistant.config import Settings
from core.errors import BrainError


def running_service(settings: Settings) -> tuple[str, str] | None:
    info, token = settings.data_dir / "service.json", settings.data_dir / "admin.token"
    if not (info.exists() and token.exists()):
        return None
    data = json.loads(info.read_text())
    try:
        os.kill(int(data["pid"]), 0)
    except (OSError, ValueError, KeyError):
        return None  # a stale file from a killed service
    return str(data["url"]), token.read_text().strip()


def via_api(settings: Settings, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    service = running_service(settings)
    assert service is not None
    url, token = service
    response = httpx.request(method, url + path, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=600)
    if response.status_code >= 400:
        raise BrainError(f"the service answered {response.status_code}: {response.text}")
    return response.json()


def user_target(args: argparse.Namespace) -> str:
    """`USER` or `--all` of the commands that act on one user or on everyone: a user id string, or "all"."""
    if not args.all and not args.user:
        raise BrainError("name a user id or pass --all")
    return "all" if args.all else str(UUID(args.user))
