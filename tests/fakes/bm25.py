"""A plain BM25 for the in-memory vector index: crude suffix stemming for Russian and English, a few stopwords,
IDF over the whole collection like the Qdrant adapters' IDF modifier. Not Snowball, but it keeps the contract:
word forms of one stem match, a rare word outweighs common ones, stopwords alone match nothing."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

K1, B, AVG_LEN = 1.2, 0.75, 24.0
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return text.split()


_STOP = frozenset(
    _words(
        "a an the and or of to in on at for with is was were be i you he she it we they my me what when where who how "
        "did do does that this и в во на с со к по о об от за из у я ты он она мы вы они не что когда где кто как это"
    )
)
_RU_ENDINGS = sorted(
    _words(
        "ились ился ались ался ешь ами ями ого его ому ему ыми ими ой ей ом ем ам ям ах ях ию ия ие ый ий ая яя ое ее "
        "ую юю ов ев ла ли ло л а я о е у ю ы и ь"
    ),
    key=len,
    reverse=True,
)
_EN_ENDINGS = ("ing", "ed", "es", "s")


def _stem(word: str) -> str:
    endings: Iterable[str] = _RU_ENDINGS if re.match(r"[а-яё]", word) else _EN_ENDINGS
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= 3 and not word.endswith("ss"):
            return word[: -len(ending)]
    return word


def terms(text: str) -> list[str]:
    """The stems of a text's words, stopwords left out."""
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP]


def scores(query: str, docs: dict[int, list[str]], corpus: list[list[str]]) -> dict[int, float]:
    """BM25 of each doc (key → its terms) that shares a stem with `query`; IDF over `corpus` (every stored text)."""
    wanted = set(terms(query))
    if not wanted:
        return {}
    df = Counter(t for doc in corpus for t in set(doc) if t in wanted)
    n = len(corpus)
    out: dict[int, float] = {}
    for key, doc in docs.items():
        tf = Counter(t for t in doc if t in wanted)
        if not tf:
            continue
        norm = K1 * (1 - B + B * len(doc) / AVG_LEN)
        out[key] = sum(
            math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) * c * (K1 + 1) / (c + norm) for t, c in tf.items()
        )
    return out
