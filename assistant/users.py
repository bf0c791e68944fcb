"""Users and their Bearer tokens. Tokens are random; only their SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.errors import ValidationFailed
from core.text import excerpt
from indexing.clickhouse.db import ClickHouseDB


@dataclass(frozen=True, slots=True)
class User:
    id: UUID
    name: str
    timezone: str
    created_at: datetime


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class UserRepo:
    def __init__(self, db: ClickHouseDB) -> None:
        self.db = db
        self._by_hash: dict[str, User] = {}

    async def create(self, name: str, timezone: str) -> tuple[User, str]:
        try:  # every request of this user reads its zone: an unknown one would fail each of them (a 500)
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise ValidationFailed(f"timezone: unknown time zone {excerpt(timezone)!r}") from None
        token = "sb_" + secrets.token_urlsafe(32)
        user = User(id=uuid4(), name=name, timezone=timezone, created_at=datetime.now(UTC))
        await self.db.insert_columns(
            "users",
            [[user.id], [name], [hash_token(token)], [timezone], [user.created_at], [0]],
            ("id", "name", "token_hash", "timezone", "created_at", "deleted"),
        )
        self._by_hash[hash_token(token)] = user
        return user, token

    async def list(self) -> list[User]:
        rows = await self.db.query(
            "SELECT id, argMax(name, created_at), argMax(timezone, created_at), min(created_at) FROM users "
            "GROUP BY id HAVING argMax(deleted, created_at) = 0 ORDER BY min(created_at)"
        )
        return [User(id=r[0], name=r[1], timezone=r[2], created_at=r[3]) for r in rows]

    async def get(self, user_id: UUID) -> User | None:
        return next((u for u in await self.list() if u.id == user_id), None)

    async def by_token(self, token: str) -> User | None:
        digest = hash_token(token)
        if digest in self._by_hash:
            return self._by_hash[digest]
        rows = await self.db.query(
            "SELECT id, argMax(name, created_at), argMax(timezone, created_at), min(created_at), "
            "argMax(deleted, created_at) FROM users WHERE id IN (SELECT id FROM users WHERE token_hash = {h:String}) "
            "GROUP BY id",
            {"h": digest},
        )
        if not rows or rows[0][4]:
            return None
        user = User(id=rows[0][0], name=rows[0][1], timezone=rows[0][2], created_at=rows[0][3])
        self._by_hash[digest] = user
        return user

    async def delete(self, user_id: UUID) -> None:
        """Forget the user and revoke every token of theirs."""
        await self.db.command(
            "ALTER TABLE users DELETE WHERE id = {u:UUID} SETTINGS mutations_sync = 2", {"u": user_id}
        )
        self._by_hash = {h: u for h, u in self._by_hash.items() if u.id != user_id}
