"""BM25 sparse vectors for hybrid search, computed in-process for both Qdrant adapters.

Both adapters store the same vectors (edge and the server read each other's data the same way), so the text is
encoded here with qdrant-edge's `Bm25` rather than by the server's inference. A `Bm25` model stems and drops
stopwords for one language; our users write Russian and English, often in one entry ("обед с John в Starbucks").
So Cyrillic words go through the Russian model and every other word through the English one, and the two sparse
vectors are merged: a word is stemmed by the language its script says it is in. Token ids are hashes of the stems,
so the two halves do not overlap (a rare hash collision only adds the weights).

The store applies the IDF modifier at query time (collection statistics), so a document vector holds only the
saturated term frequencies and a query vector weight 1 per distinct stem.
"""

from __future__ import annotations

import re
from functools import cache

from qdrant_edge import Bm25, Bm25Config, SparseVector

SPARSE_NAME = "bm25"  # the sparse vector's name in every hybrid collection
# Small, so the first ranks of either list count most: on LoCoMo conversations 1-5 (evals/locomo_eval.py) k=2
# gives evidence recall@10 61.3% against 53.4% at the textbook 60, where the weak dense list's middle ranks drown a
# strong BM25 match. It is also the Qdrant server's default k. Weighting the lists moved it by ±1.5 points only.
RRF_K = 2
PREFETCH_MIN = 50  # candidates each side brings to the fusion, at least (more when the limit is larger)
# Diary entries and chat turns are a sentence or three; BM25's default (256 tokens, sized for web pages) would make
# the length normalisation flat and let long rambling entries win on repeated words.
AVG_DOC_TOKENS = 24.0

_CYRILLIC = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")


@cache
def _model(language: str) -> Bm25:
    return Bm25(Bm25Config(language=language, avg_len=AVG_DOC_TOKENS))


def _halves(text: str) -> tuple[str, str]:
    """(Cyrillic words, everything else)."""
    return " ".join(_CYRILLIC.findall(text)), _CYRILLIC.sub(" ", text)


def _merge(*vectors: SparseVector) -> tuple[list[int], list[float]]:
    weights: dict[int, float] = {}
    for vector in vectors:
        for index, value in zip(vector.indices, vector.values, strict=True):
            weights[index] = weights.get(index, 0.0) + value
    indices = sorted(weights)
    return indices, [weights[i] for i in indices]


def document_sparse(text: str) -> tuple[list[int], list[float]]:
    """(indices, values) of a stored text; empty for a text of stopwords only."""
    russian, other = _halves(text)
    return _merge(_model("russian").embed_document(russian), _model("english").embed_document(other))


def query_sparse(text: str) -> tuple[list[int], list[float]]:
    """(indices, values) of a question: weight 1 per distinct stem."""
    russian, other = _halves(text)
    return _merge(_model("russian").embed_query(russian), _model("english").embed_query(other))


def prefetch_limit(limit: int) -> int:
    return max(PREFETCH_MIN, 4 * limit)
