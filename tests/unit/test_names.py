"""Name keys and aliases: every spelling of one person is one key, shown in one spelling."""

from __future__ import annotations

import pytest

from core.names import NameResolver, clean_spelling, normalize_name


@pytest.mark.parametrize(
    "spelling",
    ["Пётр", "Петр", "пётр", " Пётр ", "ПЁТР", "Пе\u0308тр", "\tпетр\n"],
)
def test_spellings_share_a_key(spelling: str) -> None:
    assert normalize_name(spelling) == "петр"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("  Кофейня   Зерно ", "кофейня зерно"),
        ("Straße", "strasse"),
        ("Anna-Maria", "anna-maria"),
        ("Йошкар-Ола", "йошкар-ола"),  # й is not е-like: only ё folds
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalize_name(name: str, key: str) -> None:
    assert normalize_name(name) == key


def test_clean_spelling_keeps_case_and_letters() -> None:
    assert clean_spelling("  Пётр   Ильич ") == "Пётр Ильич"


def test_aliases_map_to_canonical_key_and_spelling() -> None:
    names = NameResolver({"Петя": "Пётр", "Peter": "Пётр"})
    assert {names.key(n) for n in ["Петя", "петя ", "PETER", "Пётр", "петр"]} == {"петр"}
    assert {names.display(n) for n in ["Петя", "peter", "петр", "Пётр"]} == {"Пётр"}
    assert names.is_canonical("Петя") and names.is_canonical("петр")


def test_unknown_names_display_as_written() -> None:
    names = NameResolver({"Петя": "Пётр"})
    assert names.key(" Anna ") == "anna"
    assert names.display(" Anna  Lee ") == "Anna Lee"
    assert not names.is_canonical("Anna")


def test_alias_chains_resolve_and_cycles_terminate() -> None:
    chain = NameResolver({"Петя": "Петр", "Петр": "Пётр Ильич"})
    assert chain.key("петя") == chain.key("Петр") == "петр ильич"
    assert chain.display("Петя") == "Пётр Ильич"
    cycle = NameResolver({"A": "B", "B": "A"})
    assert cycle.key("a") in {"a", "b"}


def test_no_aliases() -> None:
    names = NameResolver()
    assert names.key("Пётр") == names.key("петр") == "петр"
    assert names.display("пётр") == "пётр"


def test_fast_uuid5_equals_the_standard_constructor() -> None:
    import os
    from uuid import UUID

    from ingest.schemas import _uuid5

    for _ in range(500):
        digest = os.urandom(16)
        fast, standard = _uuid5(digest), UUID(bytes=digest, version=5)
        assert fast == standard and str(fast) == str(standard) and hash(fast) == hash(standard)
        assert fast.version == 5 and fast.is_safe == standard.is_safe


def test_latin_spellings_of_russian_names_match() -> None:
    from assistant.ask.context import match_people
    from core.names import latin_key

    for ru, en in [("Анна", "Anna"), ("Дмитрий", "Dmitry"), ("Мария", "Maria"), ("Алексей", "Alexey"),
                   ("Евгений", "Evgeny"), ("Наталья", "Natalia"), ("Андрей", "Andrei")]:
        assert latin_key(ru) == latin_key(en), (ru, en)
    assert latin_key("Мария") != latin_key("Марина") and latin_key("Ян") != latin_key("Иван")
    assert match_people(["Anna"], ["Анна", "Анатолий", "Пётр"]) == ["Анна"]
