"""Half-open connections are closed: a request head or body that never completes, or a connection that sends
nothing, is dropped by the server (assistant/api/server.py), while a normal request on the same server works."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from assistant.api.server import GuardedH11Protocol, server_config
from tests.conftest import free_port, make_settings

CLOSED_WITHIN_S = 20.0  # a bound for "eventually" (the deadlines below are 0.3 s); not a performance figure


async def hello(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"5")]})
    await send({"type": "http.response.body", "body": b"hello"})


@pytest.fixture
async def port(tmp_path: Path) -> AsyncIterator[int]:
    settings = make_settings(tmp_path, port=free_port(), header_timeout_s=0.3, body_timeout_s=0.3, keep_alive_s=1)
    server = uvicorn.Server(server_config(hello, settings, log_level="warning"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    try:
        yield settings.port
    finally:
        server.should_exit = True
        await task


async def closed_by_server(port: int, send: bytes) -> bytes:
    """Everything the server sent before it closed the connection (fails if it never closes)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        if send:
            writer.write(send)
            await writer.drain()
        return await asyncio.wait_for(reader.read(), CLOSED_WITHIN_S)  # read() returns at EOF
    finally:
        writer.close()


@pytest.mark.parametrize(
    "send",
    [
        b"",  # connects and says nothing
        b"GET /heal",  # half a request line
        b"GET /health HTTP/1.1\r\nHost: x\r\n",  # headers never finished
        b"POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789",  # a body that stops
    ],
)
async def test_a_request_that_never_completes_is_closed(port: int, send: bytes) -> None:
    await closed_by_server(port, send)


async def test_a_trickled_head_is_not_kept_alive_by_its_bytes(port: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for _ in range(int(CLOSED_WITHIN_S / 0.1)):  # one byte every 0.1 s: each byte arrives well in time
            writer.write(b"X")
            await writer.drain()
            try:
                if await asyncio.wait_for(reader.read(1024), 0.1) == b"":
                    return  # EOF: the server closed it
            except TimeoutError:
                continue
        pytest.fail("the server kept a trickling request head open")
    except (ConnectionResetError, BrokenPipeError):
        pass  # closed while we were writing: as good
    finally:
        writer.close()


async def test_complete_requests_are_answered_and_kept_alive(port: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for _ in range(2):
            writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            await writer.drain()
            head = await asyncio.wait_for(reader.readuntil(b"hello"), CLOSED_WITHIN_S)  # Content-Length: 5
            assert head.startswith(b"HTTP/1.1 200"), head
            await asyncio.sleep(0.5)  # longer than the head deadline: an idle kept-alive connection is not a stall
    finally:
        writer.close()


def test_serve_uses_the_guarded_protocol(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, keep_alive_s=7, header_timeout_s=3, body_timeout_s=30)
    config = server_config(hello, settings)
    assert isinstance(config.http, type) and issubclass(config.http, GuardedH11Protocol)
    assert (config.http.header_timeout_s, config.http.body_timeout_s, config.timeout_keep_alive) == (3, 30, 7)
