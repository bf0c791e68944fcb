"""How `brain serve` runs the app under uvicorn, with deadlines uvicorn itself does not have.

uvicorn 0.54 (h11) times out only an idle keep-alive connection *after* a response: a connection that opens and
never completes its request head, or trickles it a byte at a time, or stops half way through a declared body, is
held forever (its keep-alive timer is cancelled by every byte received, and nothing is armed before the first
request). ASGI middleware cannot help: the app is called only once the head is parsed. `GuardedH11Protocol` adds
two absolute deadlines at the protocol level: the request head must arrive within `header_timeout_s` of the
connection opening (or of its first byte after a keep-alive pause), and the body within `body_timeout_s` of the
head. Not reset per byte, so trickling does not extend them. Head size is capped by h11 (16 KiB).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from assistant.config import Settings

log = logging.getLogger(__name__)


class GuardedH11Protocol(H11Protocol):
    header_timeout_s: float = 10.0
    body_timeout_s: float = 60.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._deadline_for: object = None  # the client state the deadline waits to leave (IDLE or SEND_BODY)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(h11.IDLE, self.header_timeout_s)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._sync()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.conn.their_state is h11.IDLE:
            self._disarm()  # kept alive: uvicorn's keep-alive timer covers the wait for the next request's first byte
        else:
            self._sync()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _sync(self) -> None:
        state = self.conn.their_state
        if state is h11.IDLE:  # a head has begun (or the connection is new): it has header_timeout_s
            self._arm(h11.IDLE, self.header_timeout_s)
        elif state is h11.SEND_BODY:
            self._arm(h11.SEND_BODY, self.body_timeout_s)
        else:  # the request is in (DONE), or the connection is closing or switching protocols
            self._disarm()

    def _arm(self, state: object, seconds: float) -> None:
        if self._deadline_for is state or self.transport is None or self.transport.is_closing():
            return  # already counting down for this part of the request: new bytes do not extend it
        self._disarm()
        self._deadline_for = state
        self._deadline = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = None
        self._deadline_for = None

    def _expired(self) -> None:
        part = "head" if self._deadline_for is h11.IDLE else "body"
        self._deadline = None
        self._deadline_for = None
        if not self.transport.is_closing():
            log.warning("closing a connection from %s: the request %s did not arrive in time", self.client, part)
            self.transport.close()


def protocol_class(settings: Settings) -> type[GuardedH11Protocol]:
    """The protocol with this service's deadlines (a subclass per server: uvicorn builds it without options)."""
    return type(
        "ServiceH11Protocol",
        (GuardedH11Protocol,),
        {"header_timeout_s": settings.header_timeout_s, "body_timeout_s": settings.body_timeout_s},
    )


def server_config(app: Any, settings: Settings, log_level: str = "info") -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level=log_level,
        http=protocol_class(settings),
        timeout_keep_alive=settings.keep_alive_s,
        # Throttling is per client address: a forwarded address counts only from a proxy the operator named, or
        # anyone on this host could name a fresh address per guess.
        proxy_headers=bool(settings.forwarded_allow_ips),
        forwarded_allow_ips=settings.forwarded_allow_ips or None,
    )
