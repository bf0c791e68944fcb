"""In-memory fakes that are real implementations of the ports (indexing/ports.py), for fast unit tests.

Each keeps its state in plain dicts and computes answers in Python with the same semantics as the real adapters;
the contract tests (tests/contract/) run one test body over the fake and the real adapter to keep them honest.
The hash embedder (`indexing.embedders.build_embedder("hash")`) is already a real, offline Embedder.
"""

from tests.fakes.event_store import InMemoryEventStore
from tests.fakes.graph import InMemoryGraphStore
from tests.fakes.vectors import InMemoryVectorIndex

__all__ = ["InMemoryEventStore", "InMemoryGraphStore", "InMemoryVectorIndex"]
