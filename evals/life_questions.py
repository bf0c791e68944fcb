"""The question set of the life eval: RU and EN questions for every intent, expectations computed from events.

Phrasing is what a person would type, not what the parser handles best; a question the classifier files under
another intent still counts by its answer (intent match is reported separately).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from evals import life_world as w
from evals.life_facts import (
    AUGUST,
    LAST_WEEK,
    OCTOBER,
    QA,
    SEPTEMBER,
    Event,
    Facts,
    Window,
    average,
    day_of,
    month,
    qa,
    span,
    top,
    total,
    unique,
)

OCT_17, OCT_14, OCT_3 = date(2025, 10, 17), date(2025, 10, 14), date(2025, 10, 3)
YESTERDAY = date(2025, 10, 19)


def build_questions(events: list[Event], moods: dict[str, str]) -> list[QA]:
    facts = Facts(events, moods)
    groups: list[Callable[[Facts], list[QA]]] = [_sums, _counts, _averages, _tops, _firsts_lasts, _who_where,
                                                  _when, _lists, _habits_moods, _summaries, _recall]
    qas = [q for group in groups for q in group(facts)]
    for n, item in enumerate(qas, 1):
        item.id = f"q{n:02d}"
    return qas


def _sums(f: Facts) -> list[QA]:
    sep, week = f.coffee(SEPTEMBER), f.coffee(LAST_WEEK)
    food = f.find("purchase", AUGUST, category=w.GROCERY_CATEGORY)
    star = f.coffee(SEPTEMBER, place="Starbucks")
    steps = f.find("health", span(YESTERDAY, YESTERDAY), metric="steps")
    return [
        qa("Сколько я потратил на кофе в сентябре?", "ru", "how_much", SEPTEMBER, numbers=[total(sep)], evidence=sep),
        qa("How much did I spend on coffee last week?", "en", "how_much", LAST_WEEK, numbers=[total(week)],
           evidence=week),
        qa("Сколько я потратил на продукты в августе?", "ru", "how_much", AUGUST, numbers=[total(food)],
           evidence=food),
        qa("How much did I spend at Starbucks in September?", "en", "how_much", SEPTEMBER, numbers=[total(star)],
           evidence=star),
        qa("Сколько шагов я прошёл вчера?", "ru", "how_much", span(YESTERDAY, YESTERDAY),
           numbers=[total(steps, "value")], evidence=steps),
        qa("How much did I spend on coffee in December 2024?", "en", "how_much", month(2024, 12), none=True),
    ]


def _counts(f: Facts) -> list[QA]:
    gym = f.find("activity", OCTOBER, activity="gym")
    runs = f.find("activity", SEPTEMBER, activity="running")
    petr = f.lunches(SEPTEMBER, person="Пётр")
    cups = f.coffee(LAST_WEEK)
    return [
        qa("Сколько раз я ходил в спортзал в октябре?", "ru", "how_many", OCTOBER, numbers=[len(gym)], evidence=gym),
        qa("How many times did I go running in September?", "en", "how_many", SEPTEMBER, numbers=[len(runs)],
           evidence=runs),
        qa("Сколько раз я обедал с Петром в сентябре?", "ru", "how_many", SEPTEMBER, numbers=[len(petr)],
           evidence=petr),
        qa("How many coffees did I buy last week?", "en", "how_many", LAST_WEEK, numbers=[len(cups)], evidence=cups),
    ]


def _averages(f: Facts) -> list[QA]:
    sleep_week = f.find("health", LAST_WEEK, metric="sleep_hours")
    sleep_sep = f.find("health", SEPTEMBER, metric="sleep_hours")
    steps_week = f.find("health", LAST_WEEK, metric="steps")
    runs = f.find("activity", SEPTEMBER, activity="running")
    return [
        qa("Сколько в среднем я спал на прошлой неделе?", "ru", "average", LAST_WEEK,
           numbers=[average(sleep_week)], tolerance=0.051, evidence=sleep_week),
        qa("What was my average sleep in September?", "en", "average", SEPTEMBER, numbers=[average(sleep_sep)],
           tolerance=0.051),
        qa("How many steps did I walk on average last week?", "en", "average", LAST_WEEK,
           numbers=[average(steps_week)], tolerance=1.0, evidence=steps_week),
        qa("Какая средняя дистанция пробежки в сентябре?", "ru", "average", SEPTEMBER,
           numbers=[average(runs, "distance_km")], tolerance=0.051, evidence=runs),
    ]


def _tops(f: Facts) -> list[QA]:
    lunches = f.lunches(SEPTEMBER)
    runs = f.find("activity", activity="running")
    items = [e["item"] for e in f.find("purchase")]
    places = [e["place"] for e in f.events if "place" in e]
    people = [e["person"] for e in f.find("social")]
    return [
        qa("Какой кофе я покупал чаще всего?", "ru", "top", names=[top([e["item"] for e in f.coffee()])],
           rivals=items),
        qa("Who did I have lunch with most often in September?", "en", "top", SEPTEMBER,
           names=[top([e["person"] for e in lunches])], rivals=people),
        qa("В какой кофейне я бывал чаще всего?", "ru", "top", names=[top([e["place"] for e in f.coffee()])],
           rivals=places),
        qa("Where do I run most often?", "en", "top", names=[top([e["place"] for e in runs])], rivals=places),
    ]


def _firsts_lasts(f: Facts) -> list[QA]:
    concert = f.diary("concert", "концерт")[0]
    sokolniki = f.find("activity", activity="running", place="Сокольники")[0]
    dmitry = f.lunches(person="Дмитрий")[0]
    run = f.find("activity", activity="running")[-1]
    gym = f.find("activity", activity="gym")[-1]
    maria = f.lunches(person="Мария")[-1]
    return [
        qa("When did I first go to a concert?", "en", "first", dates=[day_of(concert)], evidence=[concert]),
        qa("Когда я впервые бегал в Сокольниках?", "ru", "first", dates=[day_of(sokolniki)], evidence=[sokolniki]),
        qa("Когда я впервые обедал с Дмитрием?", "ru", "first", dates=[day_of(dmitry)], evidence=[dmitry]),
        qa("When was the last time I went running?", "en", "last", dates=[day_of(run)], evidence=[run]),
        qa("Когда я последний раз был в World Class?", "ru", "last", dates=[day_of(gym)], evidence=[gym]),
        qa("When did I last have lunch with Мария?", "en", "last", dates=[day_of(maria)], evidence=[maria]),
    ]


def _who_where(f: Facts) -> list[QA]:
    fri, tue, oct3 = (f.lunches(span(d, d)) for d in (OCT_17, OCT_14, OCT_3))
    sat = f.find("activity", span(date(2025, 10, 18), date(2025, 10, 18)), activity="running")
    phones = f.find("purchase", item=w.HEADPHONES["item"])
    return [
        qa("С кем я обедал в прошлую пятницу?", "ru", "who", span(OCT_17, OCT_17),
           names=unique([e["person"] for e in fri]), evidence=fri),
        qa("Who did I have lunch with last Tuesday?", "en", "who", span(OCT_14, OCT_14),
           names=unique([e["person"] for e in tue]), evidence=tue),
        qa("С кем я обедал 3 октября?", "ru", "who", span(OCT_3, OCT_3), names=unique([e["person"] for e in oct3]),
           evidence=oct3),
        qa("С кем я обедал 1 июня?", "ru", "who", span(date(2025, 6, 1), date(2025, 6, 1)), none=True),
        qa("Who did I see recently?", "en", "who", unparsed=True),
        qa("Где я бегал в прошлую субботу?", "ru", "where", span(date(2025, 10, 18), date(2025, 10, 18)),
           names=unique([e["place"] for e in sat]), evidence=sat),
        qa("Where did I have lunch on Friday?", "en", "where", _lunch_hours(OCT_17),
           names=unique([e["place"] for e in fri]), evidence=fri),
        qa("Где я обедал в прошлый вторник?", "ru", "where", span(OCT_14, OCT_14),
           names=unique([e["place"] for e in tue]), evidence=tue),
        qa("Where did I buy the Sony headphones?", "en", "where", names=[phones[0]["place"]], evidence=phones),
    ]


def _lunch_hours(day: date) -> Window:
    """"lunch on Friday" is Friday 12:00–14:00 (docs/time-semantics.md); the lunches are inside it."""
    start, _ = span(day, day)
    return start + timedelta(hours=12), start + timedelta(hours=14)


def _when(f: Facts) -> list[QA]:
    phones = f.find("purchase", item=w.HEADPHONES["item"])
    dentist, sick, promo = f.diary("dentist"), f.diary("заболел"), f.diary("promoted")
    return [
        qa("Когда я купил наушники?", "ru", "when", dates=[day_of(phones[0])], evidence=phones),
        qa("When did I go to the dentist?", "en", "when", dates=[day_of(dentist[0])], evidence=dentist),
        qa("Когда я заболел?", "ru", "when", dates=[day_of(sick[0])], evidence=sick),
        qa("When did I get promoted?", "en", "when", dates=[day_of(promo[0])], evidence=promo),
        qa("Когда я ходил в бассейн?", "ru", "when", none=True),
    ]


def _lists(f: Facts) -> list[QA]:
    sep5 = f.find("purchase", span(w.HEADPHONES_DAY, w.HEADPHONES_DAY))
    sunday = f.find("purchase", span(YESTERDAY, YESTERDAY))
    oct12 = f.find("purchase", span(date(2025, 10, 12), date(2025, 10, 12)))
    lunches = f.lunches(LAST_WEEK)
    return [
        qa("Что я купил 5 сентября?", "ru", "list", span(w.HEADPHONES_DAY, w.HEADPHONES_DAY),
           names=unique([e["item"] for e in sep5]), evidence=sep5),
        qa("List my purchases yesterday", "en", "list", span(YESTERDAY, YESTERDAY),
           names=unique([e["item"] for e in sunday]), evidence=sunday),
        qa("What did I buy on October 12?", "en", "list", span(date(2025, 10, 12), date(2025, 10, 12)),
           names=unique([e["item"] for e in oct12]), evidence=oct12),
        qa("Show me all my lunches last week", "en", "list", LAST_WEEK,
           names=unique([e["person"] for e in lunches]), evidence=lunches),
        qa("Что я покупал на днях?", "ru", "list", unparsed=True),
    ]


def _habits_moods(f: Facts) -> list[QA]:
    week_share = _weekly_share(f)
    habits = [w.HABIT_WORDS[k] for k, share in sorted(week_share.items(), key=lambda kv: -kv[1]) if share >= 0.5]
    return [
        qa("Какие у меня привычки?", "ru", "habits", names=[h for h in habits if "gym" in h or "бег" in h]),
        qa("What are my routines?", "en", "habits", names=[h for h in habits if "gym" in h or "кофе" in h]),
        qa("Какое у меня было настроение в сентябре?", "ru", "mood", SEPTEMBER,
           names=[w.MOOD_WORDS[f.dominant_mood(SEPTEMBER)]]),
        qa("How did I feel in August?", "en", "mood", AUGUST, names=[w.MOOD_WORDS[f.dominant_mood(AUGUST)]]),
        qa("What was my mood last week?", "en", "mood", LAST_WEEK, names=[w.MOOD_WORDS[f.dominant_mood(LAST_WEEK)]]),
        qa("Как я себя чувствовал в октябре?", "ru", "mood", OCTOBER,
           names=[w.MOOD_WORDS[f.dominant_mood(OCTOBER)]]),
    ]


def _weekly_share(f: Facts) -> dict[str, float]:
    """Share of calendar weeks with at least one gym visit / run / coffee: a habit is there most weeks."""
    weeks = {date.fromisoformat(day_of(e)).isocalendar()[:2] for e in f.find("health", metric="sleep_hours")}
    kinds = {"gym": f.find("activity", activity="gym"), "running": f.find("activity", activity="running"),
             "coffee": f.coffee()}
    return {k: len({date.fromisoformat(day_of(e)).isocalendar()[:2] for e in v}) / len(weeks)
            for k, v in kinds.items()}


def _summaries(f: Facts) -> list[QA]:
    week_sep = span(date(2025, 9, 8), date(2025, 9, 14))
    project = f.find("diary", week_sep, pred=lambda e: "проект" in e["text"])
    promo = f.find("diary", LAST_WEEK, pred=lambda e: "promoted" in e["text"])
    sep_people = unique([e["person"] for e in f.lunches(week_sep)])
    last_people = unique([e["person"] for e in f.lunches(LAST_WEEK)])
    sick = f.find("diary", SEPTEMBER, pred=lambda e: "заболел" in e["text"])
    return [
        qa("Расскажи, что было с 8 по 14 сентября", "ru", "summary", week_sep,
           names=["проект|project", *sep_people], evidence=project),
        qa("What happened last week?", "en", "summary", LAST_WEEK,
           names=["promot|повыс|team lead|тимлид", *last_people], evidence=promo),
        qa("Как прошла прошлая неделя?", "ru", "summary", LAST_WEEK,
           names=["promot|повыс|team lead|тимлид", *last_people], evidence=promo),
        qa("Give me a summary of September", "en", "summary", SEPTEMBER,
           names=["проект|project", "заболел|болел|болезн|sick|ill"], evidence=project + sick),
    ]


def _recall(f: Facts) -> list[QA]:
    project, dentist = f.diary("проект"), f.diary("dentist")
    crocus = f.diary("крокус")
    parents = f.diary("родител")
    return [
        qa("Что я писал про проект?", "ru", "recall", dates=[day_of(project[0])], evidence=project),
        qa("What did I write about the dentist?", "en", "recall", dates=[day_of(dentist[0])], evidence=dentist),
        qa("Что я писал про концерт в Крокусе?", "ru", "recall", dates=[day_of(crocus[0])], evidence=crocus),
        qa("Tell me about the trip to my parents", "en", "recall", names=["Твер|Tver"], dates=[day_of(parents[0])],
           evidence=parents),
    ]
