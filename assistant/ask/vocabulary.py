"""A question's name words against the user's own vocabulary (their item, place, person and activity names):
exact spelling first, then the same word in another case or script, then a typo above a measured similarity.

"в вкусвилле" → "ВкусВилл" (a case form, typed lowercase), "Sokolniki" → "Сокольники" (script), "вкусвил" →
"ВкусВилл" (a typo). What is not close enough is left to the caller (the category matcher, or nothing).
"""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from rapidfuzz import fuzz, process

from core.names import latin_key, normalize_name
from retrieval.question.morph import lemmas
from retrieval.question.parser import ParsedQuestion
from retrieval.sql_retriever import SQLRetriever

# rapidfuzz.fuzz.ratio (0-100) a typo must reach, measured on tests/unit/typo_pairs.py (test_vocabulary.py prints
# the figures): the typos that only fuzzy matching finds score 80-94 ("латтэ" 80, "малоко" 83), the look-alikes that
# mean something else at most 77.8 ("шоколад"/"Шоколадница", "Екатеринбург"/"Екатерина" 76). Halfway between.
# Words shorter than _FUZZY_MIN_LEN are too short for one edit to be a typo rather than another word.
FUZZY_THRESHOLD = 79.0
_FUZZY_MIN_LEN = 5
# Endings of Russian nouns' case forms: what a one-word name may gain in a question ("в ВкусВилле", "Пятёрочке").
_CASE_TAILS = {"", "а", "я", "у", "ю", "е", "и", "ы", "ой", "ей", "ом", "ем", "ах", "ях", "ам", "ям", "ами", "ями", "ою"}


def same_name(term: str, names: list[str]) -> str | None:
    """The user's name a question word means without guessing by meaning: spelling, case form, script or a typo."""
    return exact_name(term, names) or fuzzy_name(term, names)


def exact_name(term: str, names: list[str]) -> str | None:
    """The same name by key, Latin key, dictionary form or a case ending ("ВкусВилле", "вкусвилле" → "ВкусВилл")."""
    key, latin = normalize_name(term), latin_key(term)
    keys = {normalize_name(n): n for n in names}
    if key in keys:
        return keys[key]
    if found := next((n for n in names if latin_key(n) == latin), None):
        return found
    for lemma in lemmas(term):
        if (lemma := lemma.replace("ё", "е")) in keys:
            return keys[lemma]
    return _same_word(key, names)


def fuzzy_name(term: str, names: list[str]) -> str | None:
    """The closest name to a typo, if it is at least FUZZY_THRESHOLD similar."""
    key = normalize_name(term)
    if len(key) < _FUZZY_MIN_LEN or not names:
        return None
    hit = process.extractOne(key, [normalize_name(n) for n in names], scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
    return names[hit[2]] if hit is not None else None


def _same_word(key: str, names: list[str]) -> str | None:
    """A one-word name the term is a case form of, for words the dictionary does not know ("ВкусВилле" →
    "ВкусВилл", "Пятёрочке" → "Пятёрочка"): the whole name, less at most its final vowel, then a case ending."""
    if len(key) < 5:
        return None
    for name in names:
        name_key = normalize_name(name)
        if " " in name_key or len(name_key) < 4:
            continue
        stem = name_key[:-1] if name_key[-1] in "аяеоьй" else name_key
        if key.startswith(stem) and key[len(stem):] in _CASE_TAILS:
            return name
    return None


async def with_known_places(sql: SQLRetriever, user_id: UUID, q: ParsedQuestion) -> ParsedQuestion:
    """The question with its lowercase place words ("в вкусвилле") that are the user's own places read as places;
    a word that names none of them stays unread (it may be "в магазине", "на работе")."""
    words = q.entities.place_words
    if not words:
        return q
    names = await sql.names(user_id, "place")
    known = [p for p in dict.fromkeys(same_name(w, names) for w in words) if p is not None]
    places = [*q.entities.places, *(p for p in known if p not in q.entities.places)]
    return replace(q, entities=replace(q.entities, places=places)) if known else q
