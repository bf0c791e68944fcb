"""Text that is valid Unicode: lone surrogates replaced, so every later `.encode("utf-8")` succeeds."""

from __future__ import annotations

import re

# After JSON decoding a str can still hold U+D800..U+DFFF: Python's json turns a "\ud800" escape (or, reading bytes,
# the raw ED A0 80 through surrogatepass) into a lone surrogate, and a paired escape into one code point. Any
# surrogate left is therefore lone, and no UTF-8 encoder (the embedder, a store, the JSON response) accepts it.
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def valid_text(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD (the same string when there is none)."""
    if text.isascii():
        return text
    return _SURROGATE.sub(REPLACEMENT, text)


EXCERPT_CHARS = 100


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """At most `limit` characters of `text` (then "…"): what an error message may echo of someone's input."""
    return text if len(text) <= limit else text[:limit] + "…"
