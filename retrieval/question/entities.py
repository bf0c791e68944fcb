"""Entities of a question: people, places, items, activities (canonical English), metrics (normalised)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from retrieval.question.morph import name_lemma

ACTIVITIES: dict[str, str] = {
    r"бег\w*|бегал\w*|пробежк\w*|пробежал\w*|пробегал\w*|побегал\w*|running|runs?|ran|jog\w*": "running",
    r"спортзал\w*|тренажерн\w+\s+зал\w*|зал[е]?|качалк\w*|gym|workout\w*|тренировк\w*": "gym",
    r"йог\w*|yoga": "yoga",
    r"плава\w*|бассейн\w*|поплавал\w*|swim\w*|pool": "swimming",
    r"велосипед\w*|велик\w*|катался\s+на\s+велосипеде|cycl\w*|bik(?:e|ed|ing)|bicycle": "cycling",
    r"прогулк\w*|гулял\w*|погулял\w*|ходьб\w*|walk\w*|hik\w*|поход\w*": "walking",
    r"теннис\w*|tennis": "tennis",
    r"футбол\w*|football|soccer": "football",
    r"медитаци\w*|медитировал\w*|meditat\w*": "meditation",
    # "занимался спортом", "exercise": any activity (see ANY_ACTIVITY)
    r"спорт\w*|sports?|exercis\w*|физкультур\w*": "*",
}
ANY_ACTIVITY = "*"
METRICS: dict[str, str] = {
    r"сон|сна|сну|сне|спать|сплю|спим|спал\w*|поспал\w*|выспал\w*|sleep\w*|slept": "sleep_hours",
    r"шаг\w*|steps?": "steps",
    r"вес[аеу]?|весил\w*|weigh\w*": "weight",
    r"пульс\w*|pulse|heart\s*rate|hr": "heart_rate",
    r"давлени\w*|blood\s+pressure": "blood_pressure",
    r"калори\w*|calories?": "calories",
    r"дистанци\w*|километр\w*|км|distance|miles?|kilometers?|km": "distance",
}
_TIME_WORDS = re.compile(
    r"^(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр|понедельник|вторник|сред|"
    r"четверг|пятниц|суббот|воскресень|выходн|прошл|эт|следующ|january|february|march|april|may|june|july|august|"
    r"september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"today|yesterday|the|last|this|next|week|month|year|summer|winter|spring|autumn|fall|morning|evening|"
    r"night|afternoon|утр|вечер|ноч|лет|зим|весн|осен|начал|конц|середин|недел|месяц|год|течени|тот|том|"
    r"сентябре|утром|день|дня|\d)", re.I)
_STOP_CAPS = {"я", "i", "что", "где", "когда", "кто", "как", "сколько", "какие", "какой", "какое", "покажи",
              "what", "where", "when", "who", "how", "which", "show", "did", "was", "were", "and", "а", "и",
              "с", "в", "на", "with", "list", "top", "summarize", "tell", "ai", "ок", "ok"}
_ITEM_RU = re.compile(r"(?:потратил\w*|тра[тч]\w*|расход\w*|заплатил\w*)\s+(?:\S+\s+)?на\s+"
                      r"([а-яё-]+(?:\s+"
                      r"[а-яё-]+)?)|(?:купил\w*|покупал\w*|заказал\w*|заказывал\w*|выпил\w*|пил|пью|ушл[оа]\s+на|"
                      r"уходит\s+на)\s+([а-яё-]+)|"
                      r"сколько\s+(?!раз\b)(?:чашек\s+)?([а-яё-]+)\s+(?:я\s+)?(?:купил|выпил|заказал|брал)|"
                      r"стои(?:л|ли|ла|ло|т|ят)\s+(?:мои\s+|мой\s+|моя\s+)?"
                      r"([а-яёa-z][а-яёa-z-]*(?:\s+[a-z][a-z-]*)?)", re.I)
_ITEM_EN = re.compile(r"(?:spen[dt]\w*|pay|paid|spending)\s+(?:\w+\s+){0,2}?(?:on|for)\s+"
                      r"((?:the\s+|my\s+)?[a-z-]+)|"
                      r"(?:buy|bought|order(?:ed)?|purchas\w+)\s+((?:the\s+|my\s+|a\s+|an\s+)?[a-z-]+)|"
                      r"how\s+many\s+(?:cups\s+of\s+)?(?P<many>[a-z-]+)\s+(?:did|do|have)\s+i\s+"
                      r"(?:buy|order|drink|get|have)|"
                      r"how\s+much\s+(?:was|were|did)\s+(?!i\b|you\b|we\b)(?:the\s+|my\s+)?([a-z-]+)(?:\s+cost)?|"
                      r"(?:average|avg)\s+([a-z-]+)\s+(?:price|cost|spend\w*|bill)",
                      re.I)
_ITEM_STOP = {"the", "my", "a", "an", "в", "на", "за", "и", "это", "что", "все", "всего", "чаще", "most",
              "it",
              "this", "that", "me", "себе", "мне", "раз", "прошлой", "прошлом", "этой", "этом", "last", "in",
              "during", "since", "on", "at", "for", "from", "today", "yesterday", "сегодня", "вчера", "во", "у",
              "с", "из"}
_PLACE = re.compile(r"(?:\b(?:в|во|на)\s+)([А-ЯЁA-Z][а-яёa-z'-]+(?:\s+[А-ЯЁA-Z][а-яёa-z'-]+)?)|"
                    r"\b(?:at|in|to)\s+(?:the\s+)?([A-ZА-ЯЁ][\w'-]+(?:\s+[A-ZА-ЯЁ][\w'-]+)*)")
_PERSON_AFTER = re.compile(r"\b(?:с|со|with|у|для|for|к|to|and|и|от)\s+"
                           r"([А-ЯЁA-Z][а-яёa-z'-]+)")
_RU_CASE = [("еем", "ей"), ("ем", ""), ("ом", ""), ("ой", "а"), ("ей", "я"), ("ю", "я"), ("ы", "а"),
            ("е", "а"),
            ("у", "а"),
            ("а", "")]


@dataclass(frozen=True)
class Entities:
    people: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)
    people_raw: list[str] = field(default_factory=list)
    activities_raw: list[str] = field(default_factory=list)
    # Lowercase words after "в/во/на" ("в вкусвилле"): a place only if the user has a place of that name, which
    # the ask pipeline checks against their vocabulary (assistant/ask/vocabulary.py); never a place on its own.
    place_words: list[str] = field(default_factory=list)

    def names_something(self) -> bool:
        """Whether the question names a thing, an activity, a person, a place or a metric."""
        return bool(self.items or self.activities or self.people or self.places or self.metrics)


def lemma_ru_name(word: str) -> str:
    """The nominative of a Russian name: the dictionary's for a given name ("Петю" → "Петя", "Лену" → "Лена"), else a
    guess from the ending ("Петром" → "Петр", "Машей" → "Маша")."""
    if not re.fullmatch(r"[А-ЯЁа-яё-]+", word) or len(word) < 4:
        return word
    if (known := name_lemma(word)) is not None:
        return known
    low = word.lower()
    if low.endswith("ой") or low.endswith("ей") and low[-3] in "шщжчц":
        return word[:-2] + "а"
    for ending, repl in _RU_CASE:
        if low.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: len(word) - len(ending)] + repl
    return word


_QUOTES = str.maketrans({q: " " for q in "«»\"“”„'‘’`"})


def extract(text: str, time_span: tuple[int, int] | None = None) -> Entities:
    # Quotes around a name ("на «кофе»") would hide it from the patterns; spaces keep every offset in place.
    masked = _mask(text, time_span).translate(_QUOTES)
    after_preposition = [m.group(1) for m in _PERSON_AFTER.finditer(masked)]
    raw_people = _people(masked)
    places = [p for p in _places(masked) if p not in raw_people]
    activities, raw_acts = _vocab(masked, ACTIVITIES)
    metrics, _ = _vocab(masked, METRICS)
    if ANY_ACTIVITY in activities and len(activities) > 1:  # "спортзал" also says "спорт": the specific one wins
        raw_acts.pop(activities.index(ANY_ACTIVITY))
        activities.remove(ANY_ACTIVITY)
    if "steps" in metrics and "walking" in activities:  # "how many steps did I walk": a metric, not an activity
        raw_acts.pop(activities.index("walking"))
        activities.remove("walking")
    # After "с/у/для" a capitalised word is a person; elsewhere only the dictionary's given names are declined
    # ("видел Петю"), the ending rules would mangle other words.
    people = [lemma_ru_name(p) if p in after_preposition else (name_lemma(p) or p) for p in raw_people]
    items = _items(masked)
    return Entities(people=people, places=places, items=items,
                    activities=activities, metrics=metrics, people_raw=raw_people, activities_raw=raw_acts,
                    place_words=_place_words(masked, {w.lower() for w in [*raw_acts, *items]}))


def _mask(text: str, span: tuple[int, int] | None) -> str:
    if span is None:
        return text
    return text[: span[0]] + " " * (span[1] - span[0]) + text[span[1]:]


def _people(text: str) -> list[str]:
    found: list[str] = []
    for m in _PERSON_AFTER.finditer(text):
        _add(found, m.group(1))
    for m in re.finditer(r"(?<=[\w,;:] )([А-ЯЁA-Z][а-яёa-z'-]{2,})", text):
        before = text[: m.start()].rstrip()
        if re.search(r"\b(?:в|во|на|at|in|to|from|из)$", before):
            continue
        if re.search(r"\b(?:в|во|на|at|in|to|from|из)\s+[А-ЯЁA-Z][\w'-]+$", before):
            continue  # the second word of a place: "в World Class"
        _add(found, m.group(1))
    return found


def _add(found: list[str], word: str) -> None:
    if word.lower() in _STOP_CAPS or (_TIME_WORDS.match(word) and word != "May") or word in found:
        return
    found.append(word)


def _places(text: str) -> list[str]:
    out: list[str] = []
    for m in _PLACE.finditer(text):
        name = m.group(1) or m.group(2)
        if name and not _TIME_WORDS.match(name) and name.lower() not in _STOP_CAPS and name not in out:
            out.append(name)
    return out


_PLACE_WORD = re.compile(r"\b(?:в|во|на)\s+([а-яё][а-яё-]{3,})\b")


def _place_words(text: str, taken: set[str]) -> list[str]:
    """Lowercase words after "в/во/на" that no other rule read (not a time, an activity or an item)."""
    out: list[str] = []
    for m in _PLACE_WORD.finditer(text):
        word = m.group(1)
        if word not in taken and word not in _ITEM_STOP and not _TIME_WORDS.match(word) and word not in out:
            out.append(word)
    return out


_MEALS = {"lunch", "dinner", "breakfast", "meeting", "обед", "ужин", "завтрак", "встреча", "встречу"}


def _singular(word: str) -> str:
    """ "coffees" → "coffee", "lunches" → "lunch": the plural a "how many …" question uses."""
    low = word.lower()
    if low.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1] if low.endswith("s") and not low.endswith("ss") else word


def _items(text: str) -> list[str]:
    out: list[str] = []
    for m in list(_ITEM_RU.finditer(text)) + list(_ITEM_EN.finditer(text)):
        phrase = next(g for g in m.groups() if g)
        if m.re is _ITEM_EN and m["many"]:
            phrase = _singular(phrase)
        # A meal or a meeting is a social event to count, not a thing bought ("how many lunches", "на обед").
        words = [w for w in phrase.split()
                 if w.lower() not in _ITEM_STOP and w.lower() not in _MEALS and not _TIME_WORDS.match(w)]
        if words and words[0] not in out:
            out.append(" ".join(words[:1]) if len(words) > 1 and _TIME_WORDS.match(words[1]) else words[0])
    return out


def _vocab(text: str, table: dict[str, str]) -> tuple[list[str], list[str]]:
    canon: list[str] = []
    raw: list[str] = []
    low = text.lower().replace("ё", "е")
    for pattern, name in table.items():
        m = re.search(rf"(?<![а-яa-z])(?:{pattern})(?![а-яa-z])", low)
        if m and name not in canon:
            canon.append(name)
            raw.append(text[m.start(): m.end()])
    return canon, raw
