"""Match a category word from a question ("кофе", "coffee", "спортзал", "продукты") to the user's own item, place
and activity names.

Embeddings do the matching: each distinct name is embedded once (cached) and compared with the category word and
with a few exemplars of that category. The exemplars are a small bilingual seed, not the answer: a name the seed
never heard of ("Раф кокосовый", "Flat white") still matches through its embedding or a shared word, and a
category with no seed at all is matched on the embedding of the word alone.
"""

from __future__ import annotations

import re

import numpy as np

from indexing.ports import Embedder

# Category → exemplars (RU + EN). Keys are stems the question may use.
SEEDS: dict[str, list[str]] = {
    "коф": ["кофе", "coffee", "латте", "latte", "капучино", "cappuccino", "американо", "americano", "эспрессо",
            "espresso", "раф", "flat white", "флэт уайт", "мокко", "mocha", "макиато", "кофейня"],
    "coffee": ["кофе", "coffee", "латте", "latte", "капучино", "cappuccino", "американо", "americano", "эспрессо",
               "espresso", "flat white", "mocha", "macchiato", "coffee shop"],
    "продукт": ["продукты", "groceries", "молоко", "milk", "хлеб", "bread", "сыр", "cheese", "яйца", "eggs",
                "овощи", "фрукты", "бананы", "супермаркет"],
    "grocer": ["groceries", "продукты", "milk", "молоко", "bread", "хлеб", "cheese", "eggs", "vegetables", "fruit"],
    "food": ["groceries", "food", "продукты", "еда", "milk", "молоко", "bread", "хлеб", "cheese", "eggs", "fruit"],
    "еда": ["продукты", "еда", "groceries", "food", "молоко", "хлеб", "сыр", "яйца", "фрукты"],
    "еду": ["продукты", "еда", "groceries", "food", "молоко", "хлеб", "сыр", "яйца", "фрукты"],
    "спортзал": ["gym", "спортзал", "тренажерный зал", "фитнес", "workout", "тренировка"],
    "зал": ["gym", "спортзал", "тренажерный зал", "фитнес"],
    "gym": ["gym", "спортзал", "fitness", "workout"],
    "бег": ["running", "бег", "пробежка", "run", "jogging"],
    "пробеж": ["running", "бег", "пробежка", "run"],
    "run": ["running", "бег", "пробежка", "run", "jogging"],
    "наушник": ["наушники", "headphones", "earbuds"],
    "headphone": ["headphones", "наушники", "earphones"],
    "такси": ["такси", "taxi", "uber", "яндекс такси"],
    "taxi": ["taxi", "такси", "uber"],
    "обед": ["обед", "lunch"],
    "lunch": ["lunch", "обед"],
    "ужин": ["ужин", "dinner"],
    "dinner": ["dinner", "ужин"],
}
EXEMPLAR_MATCH = 0.8  # a name this close to one exemplar belongs to the category
WORD_MATCH = 0.62  # no exemplars: the name must be this close to the category word itself


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.casefold().replace("ё", "е")).strip()


def _stem(word: str) -> str:
    word = _norm(word)
    return word[:-2] if len(word) > 5 else word[:-1] if len(word) > 3 else word


def exemplars_for(term: str) -> list[str]:
    low = _norm(term)
    for key, words in SEEDS.items():
        if low.startswith(key) or key.startswith(_stem(low)):
            return [term, *words]
    return [term]


class CategoryMatcher:
    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._cache: dict[str, np.ndarray] = {}

    async def _vectors(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            for text, vec in zip(missing, await self.embedder.embed(missing), strict=True):
                arr = np.asarray(vec, dtype=np.float32)
                self._cache[text] = arr / (np.linalg.norm(arr) or 1.0)
        return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, self.embedder.dim))

    async def match(self, term: str, names: list[str]) -> list[str]:
        """The names that belong to the category `term` (lexical or by meaning), in the given order."""
        if not names:
            return []
        exemplars = exemplars_for(term)
        stems = {_stem(e) for e in exemplars if len(e) >= 3}
        lexical = {n for n in names if any(s and s in _norm(n) for s in stems)}
        name_vecs = await self._vectors([_norm(n) for n in names])
        ex_vecs = await self._vectors([_norm(e) for e in exemplars])
        sims = name_vecs @ ex_vecs.T  # names × exemplars
        threshold = EXEMPLAR_MATCH if len(exemplars) > 1 else WORD_MATCH
        best = sims.max(axis=1)
        rivals = await self._rival_best(term, name_vecs)
        by_meaning = {
            n for n, own, rival in zip(names, best, rivals, strict=True) if own >= threshold and own >= rival
        }
        return [n for n in names if n in lexical or n in by_meaning]

    async def _rival_best(self, term: str, name_vecs: np.ndarray) -> np.ndarray:
        """Each name's best similarity to the exemplars of the other categories: a name goes to its nearest
        category ("Молоко" is near "латте", but nearer to the groceries' "молоко")."""
        own = {_norm(e) for e in exemplars_for(term)}
        rival_words = sorted({_norm(w) for words in SEEDS.values() for w in words if _norm(w) not in own}
                             - {_norm(w) for words in SEEDS.values() if own & {_norm(x) for x in words}
                                for w in words})
        if not rival_words:
            return np.zeros(len(name_vecs))
        result: np.ndarray = (name_vecs @ (await self._vectors(rival_words)).T).max(axis=1)
        return result
