"""Failed authentication is throttled per client address: token guessing stops at N failures a window.

Only failures count (a token that is not valid), so a client using a good token never approaches the limit, however
many requests it makes. Once an address has `max_failures` failures inside the window, its requests that carry a
token are answered 429 with Retry-After *before* the token is checked (checking it would let the guessing go on,
only with another status code), until the oldest failure leaves the window. A request without a token is a plain
401 and not counted: it guesses nothing. The address is uvicorn's client address: X-Forwarded-For is honoured only
from 127.0.0.1 (uvicorn's forwarded_allow_ips default), so a proxy on another host makes all its clients one address.
"""

from __future__ import annotations

import math
import time
from collections import deque

from fastapi import HTTPException

# Addresses kept at most; past it, addresses with no failure inside the window are forgotten (a flood of addresses
# cannot grow the table without bound, and a forgotten one had nothing left to count).
_MAX_CLIENTS = 10_000


class AuthThrottle:
    def __init__(self, max_failures: int, window_s: float) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = {}

    def check(self, client: str) -> None:
        """Raise 429 when `client` has used up its failures for the window."""
        if self.max_failures <= 0:
            return
        failures = self._recent(client, time.monotonic())
        if failures is not None and len(failures) >= self.max_failures:
            retry = max(1, math.ceil(failures[0] + self.window_s - time.monotonic()))
            raise HTTPException(
                status_code=429,
                detail=f"too many failed authentications from this address; retry in {retry} s",
                headers={"Retry-After": str(retry)},
            )

    def failed(self, client: str) -> None:
        if self.max_failures <= 0:
            return
        now = time.monotonic()
        failures = self._recent(client, now)
        if failures is None:
            if len(self._failures) >= _MAX_CLIENTS:
                self._forget_stale(now)
            failures = self._failures[client] = deque(maxlen=self.max_failures)
        failures.append(now)

    def _recent(self, client: str, now: float) -> deque[float] | None:
        failures = self._failures.get(client)
        if failures is None:
            return None
        while failures and failures[0] <= now - self.window_s:
            failures.popleft()
        return failures

    def _forget_stale(self, now: float) -> None:
        for client in [c for c, f in self._failures.items() if not f or f[-1] <= now - self.window_s]:
            del self._failures[client]
