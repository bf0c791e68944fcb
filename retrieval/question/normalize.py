"""Questions as people type them → the words the parser's rules know: "скока я потратил" → "сколько я потратил",
"wat did u buy" → "what did you buy". The pairs are data (lexicon/colloquial_*.tsv), reviewed by hand."""

from __future__ import annotations

import functools
import re
from pathlib import Path

_LEXICON_DIR = Path(__file__).with_name("lexicon")
_WORD = re.compile(r"[\w'-]+")


@functools.cache
def lexicon() -> dict[str, str]:
    """Typed form (lower case) → standard words, from every lexicon file."""
    pairs: dict[str, str] = {}
    for path in sorted(_LEXICON_DIR.glob("colloquial_*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            typed, standard = line.split("\t")
            pairs[typed.strip().lower()] = standard.strip()
    return pairs


def normalize_question(text: str) -> str:
    """The question with colloquial and misspelt question words replaced; everything else kept as typed."""
    pairs = lexicon()
    return _WORD.sub(lambda m: _replace(m.group(0), pairs), text)


def _replace(word: str, pairs: dict[str, str]) -> str:
    standard = pairs.get(word.lower())
    if standard is None:
        return word
    # "Скока" at the start of a question stays capitalised: later rules look at capitals for names.
    return standard[:1].upper() + standard[1:] if word[:1].isupper() else standard
