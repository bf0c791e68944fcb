"""One root error; subclasses per layer. Turned into HTTP or bot messages only at the edge."""

from __future__ import annotations


class BrainError(Exception):
    """Root of every error we raise on purpose."""


class StoreError(BrainError):
    """A store is unreachable or refused an operation."""


class DiskFullError(StoreError):
    """A store ran out of disk space (or the data dir is below the free-space floor): nothing was written."""


class StoreLockedError(StoreError):
    """The embedded ClickHouse data dir is owned by another process (the running service)."""


class ValidationFailed(BrainError):
    """A whole request is invalid (not a per-item problem)."""


class ParseError(BrainError):
    """A question or time phrase could not be understood."""


class LLMError(BrainError):
    """The LLM failed, timed out or produced an ungrounded answer."""
