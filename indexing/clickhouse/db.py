"""One ClickHouse connection for both modes: chDB in-process (`chdb:///path`) or a server (`http(s)://`).

clickhouse-connect's chDB backend has no async client, so every call runs the sync client in a worker thread.
chDB allows one process per data dir and its engine is shared process-wide, so calls are serialised by a lock.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import clickhouse_connect
import pyarrow as pa
from clickhouse_connect.driver.client import Client

from core.errors import DiskFullError, StoreError, StoreLockedError
from indexing.clickhouse.migrations import MIGRATIONS
from indexing.disk import is_disk_full, short_of_space

log = logging.getLogger(__name__)


# optimize_on_insert: the summing views (geo_hourly, purchase_stats) would otherwise collapse every inserted block
# on the spot; their background merges do that anyway and readers aggregate with sum(): ~40% of an insert saved.
# The other two let a large insert use both cores (parse + the views), ~15% more rows/s in bench/ingest_bench.
_INSERT_SETTINGS = {"optimize_on_insert": 0, "max_insert_threads": 2, "parallel_view_processing": 1}
# A read that starts while another runs takes one thread: the reads of a question are small, and on a machine of a
# few cores several of them each spreading over every core only trade places (46 against 35 asks/s with 16
# clients in bench/ask_load_bench). A read alone keeps every core, so a single question is as fast as before.
_SHARED_READ_SETTINGS = {"max_threads": 1}


def _lock_data_dir(dsn: str) -> int | None:
    """Hold an exclusive lock on an embedded data dir for the life of the connection.

    chDB itself does not stop a second process from opening the same directory (two writers would corrupt it),
    so we take an flock next to it; the kernel drops it when the process dies, even on SIGKILL.
    """
    path = dsn.removeprefix("chdb://")
    if not path.startswith("/"):
        return None  # chdb://memory
    data = Path(path)
    data.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(data.parent / f".{data.name}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise StoreLockedError(
            f"the embedded ClickHouse at {data} is open in another process (is `brain serve` running on this "
            "data dir?). Use that service, stop it, or point BRAIN_DATA_DIR elsewhere."
        ) from None
    return fd


def _connect(dsn: str) -> Client:
    try:
        return clickhouse_connect.get_client(
            dsn=dsn, settings={"mutations_sync": 2} if dsn.startswith("http") else None
        )
    except Exception as exc:
        text = str(exc).lower()
        if "lock" in text or "another" in text or "in use" in text:
            raise StoreLockedError(
                f"ClickHouse data at {dsn} is used by another process (is `brain serve` running?): {exc}"
            ) from exc
        raise StoreError(f"cannot open ClickHouse at {dsn}: {exc}") from exc


class ClickHouseDB:
    def __init__(self, dsn: str, min_free_mb: int = 0, readers: int = 2) -> None:
        self.dsn = dsn
        self.embedded = dsn.startswith("chdb:")
        # Embedded only: a server's disk is not ours to measure (its NOT_ENOUGH_SPACE error still maps below).
        self.min_free_mb = min_free_mb if self.embedded else 0
        self._client: Client | None = None
        self._lock = asyncio.Lock()
        self._dir_lock: int | None = None
        # Reads get connections of their own: one connection runs one call at a time (the driver locks it), so
        # with a single one every ask queued behind every other ask's queries and behind ingest. chDB serves any
        # number of connections to its one engine, and they do run in parallel.
        self._readers_max = max(readers, 0)
        self._readers: list[Client] = []
        self._opened = 0
        self._reading = 0  # reads under way
        self._idle: asyncio.Queue[Client] = asyncio.Queue()

    @property
    def client(self) -> Client:
        if self._client is None:
            if self.embedded and self._dir_lock is None:
                self._dir_lock = _lock_data_dir(self.dsn)
            self._client = _connect(self.dsn)
        return self._client

    async def open(self) -> None:
        await asyncio.to_thread(lambda: self.client)

    async def _run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """A call on the primary connection (writes, commands), one at a time."""
        async with self._lock:
            return await self._call(fn, *args, **kwargs)

    @staticmethod
    async def _call(fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return await asyncio.to_thread(fn, *args, **kwargs)
        except StoreError:
            raise
        except Exception as exc:
            if is_disk_full(exc):
                raise DiskFullError(f"ClickHouse is out of disk space: {exc}") from exc
            raise StoreError(f"ClickHouse: {exc}") from exc

    def check_space(self) -> None:
        """Refuse a write before it starts when the embedded data dir is below the free-space floor: a write that
        fails midway can leave `events` and its views disagreeing."""
        if self.min_free_mb and (reason := short_of_space(Path(self.dsn.removeprefix("chdb://")), self.min_free_mb)):
            raise DiskFullError(reason)

    async def command(self, sql: str, parameters: dict[str, Any] | None = None) -> Any:
        return await self._run(lambda: self.client.command(sql, parameters=parameters))

    async def query(self, sql: str, parameters: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        if not self._readers_max:
            result = await self._run(lambda: self.client.query(sql, parameters=parameters))
            return list(result.result_rows)
        reader = await self._reader()
        settings = _SHARED_READ_SETTINGS if self._reading else None
        self._reading += 1
        try:
            result = await self._call(lambda: reader.query(sql, parameters=parameters, settings=settings))
        finally:
            self._reading -= 1
            self._idle.put_nowait(reader)
        return list(result.result_rows)

    async def _reader(self) -> Client:
        """An idle read connection, opened on first need up to the pool size."""
        if self._idle.empty() and self._opened < self._readers_max:
            self._opened += 1  # counted before the await: concurrent callers must not open more than the pool
            self.client  # noqa: B018 -- the primary connection takes the data-dir lock first
            try:
                reader: Client = await self._call(lambda: _connect(self.dsn))
            except BaseException:
                self._opened -= 1
                raise
            self._readers.append(reader)
            return reader
        return await self._idle.get()

    async def insert_columns(self, table: str, columns: Sequence[Sequence[Any]], names: Sequence[str]) -> None:
        self.check_space()
        await self._run(
            lambda: self.client.insert(
                table, list(columns), column_names=list(names), column_oriented=True, settings=_INSERT_SETTINGS
            )
        )

    async def insert_arrow(self, table: str, data: pa.Table) -> None:
        """Columnar insert without the driver's per-value Python encoding (UUIDs cost ~1 µs each there)."""
        self.check_space()
        await self._run(lambda: self.client.insert_arrow(table, data, settings=_INSERT_SETTINGS))

    async def migrate(self) -> list[int]:
        """Apply pending migrations in order; returns the numbers applied now."""
        await self.command(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, "
            "applied_at DateTime DEFAULT now()) ENGINE = MergeTree ORDER BY version"
        )
        done = {row[0] for row in await self.query("SELECT version FROM schema_migrations")}
        applied = []
        for version, name, statements in MIGRATIONS:
            if version in done:
                continue
            for sql in statements:
                await self.command(sql)
            await self.command(
                "INSERT INTO schema_migrations (version, name) VALUES ({v:UInt32}, {n:String})",
                {"v": version, "n": name},
            )
            log.info("clickhouse migration %03d applied: %s", version, name)
            applied.append(version)
        return applied

    async def ping(self) -> bool:
        try:
            await self.query("SELECT 1")
            return True
        except StoreError:
            return False

    async def close(self) -> None:
        readers, self._readers, self._idle, self._opened = self._readers, [], asyncio.Queue(), 0
        for reader in readers:
            await asyncio.to_thread(reader.close)
        if self._client is not None:
            client, self._client = self._client, None
            await asyncio.to_thread(client.close)
        if self._dir_lock is not None:
            os.close(self._dir_lock)  # closing the descriptor releases the flock
            self._dir_lock = None
