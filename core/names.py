"""Name normalisation shared by the graph store and the SQL retriever.

People and places are written inconsistently: "Пётр", "Петр", "пётр", " Пётр ". They must land on one key:
NFKC (so a decomposed "е + ◌̈" becomes "ё"), casefold, ё→е, whitespace collapsed. An optional alias map sends
nicknames and other-language spellings to one canonical name, whose spelling is what users see.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

_SPACES = re.compile(r"\s+")


def clean_spelling(name: str) -> str:
    """The name as written, with whitespace trimmed and collapsed: what is displayed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", name)).strip()


def normalize_name(name: str) -> str:
    """The matching key of a name: "  Пётр  Ильич " and "петр ильич" give the same key."""
    # casefold after NFKC: NFKC may produce characters (ligatures, fullwidth forms) casefold still has to see.
    key = clean_spelling(name).casefold()
    return key.replace("ё", "е")


_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
})
# Spellings of one Russian name in Latin letters differ in a few predictable places: Dmitry/Dmitriy,
# Maria/Mariya, Alexey/Aleksei, Khristina/Hristina. These fold them together.
_LATIN_FOLDS = [("x", "ks"), ("kh", "h"), ("iya", "ia"), ("iy", "i"), ("yi", "i"), ("y", "i"), ("j", "i"),
                ("ei", "i"), ("ie", "e"), ("ii", "i")]


# Everyday short forms of Russian first names: people write "обедал с Машей" about a contact saved as "Мария".
# Keys and values are normalised (lower case, ё → е); a short form may stand for more than one full name.
DIMINUTIVES: dict[str, tuple[str, ...]] = {
    "маша": ("мария",), "петя": ("петр",), "дима": ("дмитрий",), "саша": ("александр", "александра"),
    "аня": ("анна",), "лена": ("елена",), "катя": ("екатерина",), "наташа": ("наталья", "наталия"),
    "женя": ("евгений", "евгения"), "сережа": ("сергей",), "леша": ("алексей",), "миша": ("михаил",),
    "коля": ("николай",), "ваня": ("иван",), "оля": ("ольга",), "таня": ("татьяна",), "юля": ("юлия",),
    "настя": ("анастасия",), "вова": ("владимир",), "володя": ("владимир",), "костя": ("константин",),
    "андрюша": ("андрей",), "паша": ("павел",), "света": ("светлана",), "ира": ("ирина",),
    "лиза": ("елизавета",), "даша": ("дарья",), "вика": ("виктория",), "гриша": ("григорий",),
    "толя": ("анатолий",), "слава": ("вячеслав", "ярослав"), "рома": ("роман",), "витя": ("виктор",),
}


# English equivalents of Russian first names that transliteration does not reach (Peter ≠ Petr).
ENGLISH_NAMES: dict[str, tuple[str, ...]] = {
    "peter": ("петр",), "paul": ("павел",), "michael": ("михаил",), "mike": ("михаил",),
    "alexander": ("александр",), "alex": ("александр", "алексей"), "helen": ("елена",), "kate": ("екатерина",),
    "catherine": ("екатерина",), "mary": ("мария",), "nicholas": ("николай",), "nick": ("николай",),
    "john": ("иван",), "george": ("георгий", "юрий"), "eugene": ("евгений",), "andrew": ("андрей",),
    "daniel": ("даниил",), "jacob": ("яков",), "joseph": ("иосиф",), "leo": ("лев",), "sophia": ("софья", "софия"),
    "elizabeth": ("елизавета",), "anastasia": ("анастасия",), "victoria": ("виктория",), "tanya": ("татьяна",),
}


_VARIANTS_FILE = Path(__file__).with_name("given_names_ru.tsv")


@functools.cache  # read once, on the first question that names a person
def _variant_groups() -> tuple[dict[str, frozenset[str]], dict[str, tuple[str, ...]]]:
    """From the reviewed data file and the built-in tables: every spelling's key → all spellings of the same
    name(s), and a short or Latin spelling → the full Russian names it stands for."""
    groups: list[tuple[str, ...]] = []
    for line in _VARIANTS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            groups.append(tuple(normalize_name(w) for w in line.split("\t") if w.strip()))
    groups += [(full, short) for short, fulls in DIMINUTIVES.items() for full in fulls]
    groups += [(full, english) for english, fulls in ENGLISH_NAMES.items() for full in fulls]
    variants: dict[str, set[str]] = {}
    fulls: dict[str, list[str]] = {}
    for group in groups:
        for word in group:
            variants.setdefault(word, set()).update(group)
            if word != group[0] and group[0] not in fulls.setdefault(word, []):
                fulls[word].append(group[0])
    return ({k: frozenset(v) for k, v in variants.items()}, {k: tuple(v) for k, v in fulls.items()})


def _dictionary_form(key: str, known: Mapping[str, object]) -> str | None:
    """The spelling of the table a key is, or is a case form of: Маше, Машу, Машей → маша."""
    if key in known:
        return key
    # The case forms of a name ending in -а/-я: Маша, Маши, Маше, Машу, Машей, Машею.
    for stem, ends in ((key[:-2], _CASE_ENDINGS_2), (key[:-1], _CASE_ENDINGS_1)):
        if len(stem) >= 2 and key[len(stem):] in ends:
            for vowel in ("а", "я"):
                if stem + vowel in known:
                    return stem + vowel
    return None


def full_names(term: str) -> tuple[str, ...]:
    """Full Russian forms a short or English name may stand for ("Маше", "Mary" → "мария"); else empty."""
    fulls = _variant_groups()[1]
    form = _dictionary_form(normalize_name(term), fulls)
    return fulls[form] if form else ()


def name_variants(term: str) -> frozenset[str]:
    """Every key one given name goes by, in any of its forms: "Лену" → {елена, лена, леночка, elena, …}.

    Empty for a name the dictionary does not know. A short form of two names (Саша) gives both.
    """
    variants = _variant_groups()[0]
    form = _dictionary_form(normalize_name(term), variants)
    if form is None:
        latin = latin_key(term)
        form = next((k for k in variants if k.isascii() and latin_key(k) == latin), None) if term.isascii() else None
    return variants[form] if form else frozenset()


_CASE_ENDINGS_1 = {"а", "я", "ы", "и", "е", "у", "ю"}
_CASE_ENDINGS_2 = {"ой", "ей", "ою", "ею"}


@functools.lru_cache(maxsize=8192)  # the same few hundred names are keyed on every question
def latin_key(name: str) -> str:
    """A loose Latin key to match a name across scripts: "Анна" and "Anna", "Дмитрий" and "Dmitry"."""
    key = normalize_name(name).translate(_TRANSLIT)
    for old, new in _LATIN_FOLDS:
        key = key.replace(old, new)
    return key


class NameResolver:
    """Maps any spelling or alias of a person to one key and one displayed name.

    `aliases` maps an alias to its canonical name, e.g. `{"Петя": "Пётр", "Peter": "Пётр"}`; both sides are
    matched by key, so "петя" and "ПЕТЯ" are the alias too. A canonical name's own spelling from the map is
    what `display` returns for every spelling of it; names outside the map display as written (cleaned).
    """

    def __init__(self, aliases: Mapping[str, str] | None = None) -> None:
        self._canonical_key: dict[str, str] = {}
        self._display: dict[str, str] = {}
        for alias, canonical in (aliases or {}).items():
            canonical_key = normalize_name(canonical)
            alias_key = normalize_name(alias)
            if not canonical_key or not alias_key:
                continue
            self._canonical_key[alias_key] = canonical_key
            self._display.setdefault(canonical_key, clean_spelling(canonical))
        # An alias whose target is itself an alias ("Петя"→"Петр", "Петр"→"Пётр Ильич") resolves to the end of
        # the chain; the length bound stops a cycle in a hand-written map.
        for alias_key in list(self._canonical_key):
            target = self._canonical_key[alias_key]
            for _ in range(len(self._canonical_key)):
                nxt = self._canonical_key.get(target)
                if nxt is None or nxt == target:
                    break
                target = nxt
            self._canonical_key[alias_key] = target

    def key(self, name: str) -> str:
        """The node key for any spelling or alias; "" for a blank name."""
        key = normalize_name(name)
        return self._canonical_key.get(key, key)

    def is_canonical(self, name: str) -> bool:
        """Whether the alias map fixes this name's displayed spelling."""
        return self.key(name) in self._display

    def display(self, name: str) -> str:
        """The canonical spelling if the map knows the name, else the name as written (cleaned)."""
        return self._display.get(self.key(name), clean_spelling(name))
