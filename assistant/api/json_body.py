"""JSON request bodies as valid Unicode: every router's routes read their body through `TextJSONRoute`.

Starlette's `Request.json()` is `json.loads(bytes)`, which decodes with surrogatepass and keeps "\\ud800" escapes
as lone surrogates. Such a str passes pydantic and then fails the first `.encode("utf-8")` it meets (the embedder,
a store, the JSON response): a 500 from a question. Here invalid UTF-8 and lone surrogates become U+FFFD on the way
in, so no route ever holds a string it cannot write back. (Ingest parses its body with orjson, which refuses both:
400.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from core.text import valid_text

# A \uD800..\uDFFF escape (or a false alarm such as "\\ud800", which only costs a walk): the only way a lone
# surrogate survives decoding the body with errors="replace".
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def decode_json(body: bytes) -> Any:
    """The body's JSON value with every string (keys too) valid Unicode. Raises json.JSONDecodeError."""
    text = body.decode("utf-8-sig", errors="replace")  # raw ED A0 80 and other invalid bytes → U+FFFD
    value = json.loads(text)
    if _SURROGATE_ESCAPE.search(text):
        value = _valid_strings(value)
    return value


def _valid_strings(value: Any) -> Any:
    # Iterative: json.loads accepts nesting deeper than a recursive walk could follow.
    if isinstance(value, str):
        return valid_text(value)
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            for i, item in enumerate(node):
                if isinstance(item, str):
                    node[i] = valid_text(item)
                elif isinstance(item, list | dict):
                    stack.append(item)
        elif isinstance(node, dict):
            for key in list(node):
                item = node.pop(key)
                if isinstance(item, str):
                    item = valid_text(item)
                elif isinstance(item, list | dict):
                    stack.append(item)
                node[valid_text(key)] = item
    return value


class TextJSONRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = decode_json(await self.body())
        return self._json


class TextJSONRoute(APIRoute):
    """An APIRoute whose handler sees a `TextJSONRequest` (FastAPI parses pydantic bodies with `request.json()`)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def text_json_handler(request: Request) -> Response:
            return await handler(TextJSONRequest(request.scope, request.receive))

        return text_json_handler
