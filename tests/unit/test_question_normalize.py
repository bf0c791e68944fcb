"""Questions as people type them: the colloquial lexicon, lemmas of names, and the given-name variants."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.names import full_names, name_variants
from retrieval.question.entities import lemma_ru_name
from retrieval.question.normalize import lexicon, normalize_question
from retrieval.question.parser import parse

NOW = datetime(2025, 10, 15, 20, 0)


@pytest.mark.parametrize(("typed", "normal"), [
    ("скока я потратил на кофе", "сколько я потратил на кофе"),
    ("Скок я потратил", "Сколько я потратил"),
    ("чё я купил вчера", "что я купил вчера"),
    ("када я бегал", "когда я бегал"),
    ("щас", "сейчас"),
    ("wat did u buy", "what did you buy"),
    ("hw much did u spend on coffee", "how much did you spend on coffee"),
    ("Вкусвилл и Петя", "Вкусвилл и Петя"),  # names are not the lexicon's business
    ("сколько я потратил", "сколько я потратил"),
])
def test_the_lexicon_rewrites_only_question_words(typed: str, normal: str) -> None:
    assert normalize_question(typed) == normal


def test_the_lexicon_file_is_well_formed() -> None:
    pairs = lexicon()
    assert len(pairs) >= 60 and all(k == k.lower() and v and k != v for k, v in pairs.items())


@pytest.mark.parametrize(("question", "intent", "item"), [
    ("скока я потратил на кофе в октябре", "how_much", "кофе"),
    ("скок потратил на кофе", "how_much", "кофе"),
    ("hw much did u spend on coffee", "how_much", "coffee"),
])
def test_chat_spellings_parse_like_the_standard_ones(question: str, intent: str, item: str) -> None:
    q = parse(question, NOW, "Europe/Moscow")
    assert str(q.intent) == intent and q.entities.items == [item]


@pytest.mark.parametrize(("word", "lemma"), [
    ("Петю", "Петя"), ("Леной", "Лена"), ("Лену", "Лена"), ("Петром", "Петр"), ("Машей", "Маша"), ("Елену", "Елена"),
])
def test_names_in_any_case(word: str, lemma: str) -> None:
    assert lemma_ru_name(word) == lemma


@pytest.mark.parametrize(("question", "people", "place_words"), [
    ("видел Петю", ["Петя"], []),
    ("сколько я потратил в вкусвилле", [], ["вкусвилле"]),
    ("где я был с Леной", ["Лена"], []),
    ("сколько раз я был в зале на прошлой неделе", [], []),  # an activity and a time, not places
])
def test_entities_of_case_forms(question: str, people: list[str], place_words: list[str]) -> None:
    e = parse(question, NOW, "Europe/Moscow").entities
    assert e.people == people and e.place_words == place_words


@pytest.mark.parametrize(("a", "b"), [
    ("Лену", "Елена"), ("Елену", "лена"), ("Сашей", "Александр"), ("Sasha", "Александра"), ("Диму", "Dmitry"),
    ("Катя", "Екатерина"), ("Петя", "Peter"), ("Dmitriy", "Дмитрий"),
])
def test_variants_of_one_given_name(a: str, b: str) -> None:
    from core.names import normalize_name
    assert normalize_name(b) in name_variants(a)


def test_different_names_stay_apart() -> None:
    assert "елена" not in name_variants("Лиза") and "александр" not in name_variants("Алексей")
    assert name_variants("ВкусВилл") == frozenset()
    assert full_names("Лену") == ("елена",) and full_names("Маше") == ("мария",)
