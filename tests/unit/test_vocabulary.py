"""Question words against the user's own names: case forms, scripts, typos (assistant/ask/vocabulary.py), and the
measurement behind FUZZY_THRESHOLD on the labelled list in typo_pairs.py."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz, process

from assistant.ask.vocabulary import FUZZY_THRESHOLD, exact_name, same_name
from core.names import normalize_name
from tests.unit.typo_pairs import TYPOS, VOCABULARY


@pytest.mark.parametrize(("term", "want"), TYPOS)
def test_labelled_typos_and_look_alikes(term: str, want: str | None) -> None:
    assert same_name(term, VOCABULARY) == want


def test_the_threshold_separates_typos_from_look_alikes() -> None:
    """Of the pairs only fuzzy matching can find, the weakest typo still scores above the threshold and the closest
    look-alike below it: the threshold is where the labelled list says, not a guess."""
    keys = [normalize_name(n) for n in VOCABULARY]
    typo_scores, look_alike_scores = [], []
    for term, want in TYPOS:
        scores = {VOCABULARY[i]: s for _, s, i in process.extract(normalize_name(term), keys, scorer=fuzz.ratio,
                                                                   limit=None)}
        if want is None:
            look_alike_scores.append(max(scores.values()))
        elif exact_name(term, VOCABULARY) is None:
            typo_scores.append(scores[want])
    assert len(typo_scores) >= 10 and len(look_alike_scores) >= 25
    assert max(look_alike_scores) < FUZZY_THRESHOLD <= min(typo_scores), (max(look_alike_scores), min(typo_scores))


@pytest.mark.parametrize(("term", "names", "want"), [
    ("вкусвилле", ["ВкусВилл", "Пятёрочка"], "ВкусВилл"),  # lowercase, prepositional case
    ("Пятёрочке", ["ВкусВилл", "Пятёрочка"], "Пятёрочка"),
    ("Sokolniki", ["Сокольники"], "Сокольники"),  # another script
    ("сокольниках", ["Сокольники"], "Сокольники"),  # a plural place name in the prepositional case
    ("офисе", ["ВкусВилл", "Офис на Тверской"], None),  # part of a multi-word name is not that name
])
def test_same_name_without_guessing_by_meaning(term: str, names: list[str], want: str | None) -> None:
    assert same_name(term, names) == want
