"""A small RU/EN mood lexicon for diary text: enough to name the dominant mood of a period, with counts."""

from __future__ import annotations

import re
from collections import Counter

MOODS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # mood: (Russian name, English name, stems)
    "happy": ("радость", "happy", ("рад", "счаст", "отличн", "прекрасн", "весел", "happy", "great", "glad", "joy",
                                   "wonderful", "excited", "восторг", "доволен", "довольн", "облегч", "relie")),
    "sad": ("грусть", "sad", ("грус", "печал", "тоск", "sad", "down", "unhappy", "lonely", "одинок", "расстро")),
    "anxious": ("тревога", "anxious", ("тревож", "тревог", "волну", "нервн", "anxious", "worried", "stress",
                                        "стресс", "nervous", "беспоко")),
    "tired": ("усталость", "tired", ("устал", "утомл", "tired", "exhausted", "выжат", "сонн", "sleepy")),
    "angry": ("злость", "angry", ("злю", "злой", "зла", "раздраж", "бесит", "angry", "annoyed", "furious")),
    "calm": ("спокойствие", "calm", ("спокой", "calm", "relaxed", "peaceful", "умиротвор")),
    "sick": ("болезнь", "sick", ("заболел", "болею", "простуд", "температур", "sick", "ill", "fever", "cold")),
}
_WORD = re.compile(r"[\w-]+", re.UNICODE)


def moods_of(text: str, declared: object = None) -> list[str]:
    """Moods of one entry: the declared `mood` field when the client sent one, else the lexicon's guess."""
    if isinstance(declared, str) and declared.strip():
        low = declared.strip().lower()
        for mood, (ru, en, stems) in MOODS.items():
            if low in (mood, ru, en) or any(low.startswith(s) for s in stems):
                return [mood]
        return [low]
    words = [w.lower() for w in _WORD.findall(text)]
    found = [mood for mood, (_, _, stems) in MOODS.items() if any(w.startswith(stems) for w in words)]
    return found


def dominant(counter: Counter[str]) -> list[tuple[str, int]]:
    return counter.most_common()


def mood_name(mood: str, lang: str) -> str:
    ru, en, _ = MOODS.get(mood, (mood, mood, ()))
    return ru if lang == "ru" else en
