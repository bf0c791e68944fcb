"""Russian morphology (pymorphy3, offline dictionaries): the dictionary forms of a question's words, so "в вкусвилле",
"видел Петю", "с Леной" reach the user's own "ВкусВилл", "Петя", "Лена".

The analyzer takes ~0.6 s and ~15 MB to load, so it is built once, on the first Russian word that needs it; a
lookup costs a few hundred microseconds, so results are cached (questions repeat the same few hundred words).
"""

from __future__ import annotations

import functools
import re
import threading
from typing import Any

_RU_WORD = re.compile(r"[А-ЯЁа-яё-]+")
_lock = threading.Lock()
_analyzer: Any = None


def _morph() -> Any:
    global _analyzer
    if _analyzer is None:
        with _lock:  # two first questions at once must not load the dictionaries twice
            if _analyzer is None:
                import pymorphy3

                _analyzer = pymorphy3.MorphAnalyzer(lang="ru")
    return _analyzer


@functools.lru_cache(maxsize=16384)
def lemmas(word: str) -> tuple[str, ...]:
    """Dictionary forms of a Russian word, most likely first, lower case; () for a word that is not Russian.

    Proper names (given names, surnames, places) come first: "Лену" is "лена" the name before "лён" the plant.
    """
    if not _RU_WORD.fullmatch(word):
        return ()
    parses = _morph().parse(word.lower())
    named = [p for p in parses if {"Name", "Surn", "Geox", "Orgn"} & set(p.tag.grammemes)]
    out: list[str] = []
    for p in named + parses:
        if p.normal_form not in out:
            out.append(p.normal_form)
    return tuple(out)


@functools.lru_cache(maxsize=16384)
def name_lemma(word: str) -> str | None:
    """The nominative of a word pymorphy knows as a given name, written as the user wrote the word: "Петром" → "Петр",
    "Лену" → "Лена"; None for anything else (left to the caller's rules)."""
    if not _RU_WORD.fullmatch(word):
        return None
    parses = _morph().parse(word.lower()) if len(word) >= 3 else []
    name: str | None = next((p.normal_form for p in parses if "Name" in p.tag.grammemes and p.score >= 0.05), None)
    if name is None:
        return None
    if "ё" not in word.lower():  # keep the writer's е for ё: "Петром" → "Петр", as the rest of the parser spells it
        name = name.replace("ё", "е")
    return name[:1].upper() + name[1:] if word[:1].isupper() else name
