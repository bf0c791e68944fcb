"""The fixed world of the life eval: places, prices, friends, one-off events and mood plans.

Everything random (which coffee, which friend, which park) is drawn in life_gen.py from these tables; the
questions in life_questions.py compute their expected facts from the generated events, never from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta, timezone

MSK = timezone(timedelta(hours=3))  # Europe/Moscow has no DST since 2014

HOME = (55.7339, 37.5880)
OFFICE = (55.7601, 37.6186)
GYM = "World Class"
GYM_POINT = (55.7522, 37.5931)
PARKS = {"Парк Горького": (55.7298, 37.6011), "Сокольники": (55.7920, 37.6770)}
SOKOLNIKI_FROM = date(2025, 8, 1)  # runs in Sokolniki start in August ("когда я впервые бегал в Сокольниках")

COFFEE_PRICES = {"Латте": 290, "Капучино": 270, "Flat white": 320, "Американо": 220}
COFFEE_WEIGHTS = {"Латте": 7, "Капучино": 3, "Flat white": 2, "Американо": 1}
CAFE_MARKUP = {"Кофемания": 60, "Starbucks": 20, "Даблби": 0}
CAFE_WEIGHTS = {"Кофемания": 6, "Starbucks": 3, "Даблби": 2}
CAFE_POINTS = {"Кофемания": (55.7570, 37.6150), "Starbucks": (55.7610, 37.6230), "Даблби": (55.7585, 37.6195)}

GROCERY_CATEGORY = "Продукты"
GROCERY_PRICES = {"Молоко": 89, "Хлеб": 55, "Яйца": 119, "Сыр": 349, "Яблоки": 159, "Курица": 329, "Кефир": 79}
SHOPS = ("Пятёрочка", "ВкусВилл")

FRIEND_WEIGHTS = {"Пётр": 5, "Анна": 3, "Мария": 2, "Дмитрий": 2}
DMITRY_FROM = date(2025, 8, 15)  # a new colleague: the first lunch with him is a question
RESTAURANTS = ("Ресторан Пушкин", "Грабли", "Чайхона", "Му-Му")
SICK = (date(2025, 9, 26), date(2025, 10, 1))  # [start, end): no sport, tired diary

HEADPHONES_DAY = date(2025, 9, 5)
HEADPHONES = {"item": "Наушники Sony", "amount": 27990, "currency": "RUB", "place": "М.Видео"}
SHOP_POINTS = {"Пятёрочка": (55.7360, 37.5850), "ВкусВилл": (55.7345, 37.5920), "М.Видео": (55.7580, 37.6580)}

MOODS = ("happy", "sad", "anxious", "tired")
# Per month: weights of the routine diary moods; the dominant one is what "настроение в сентябре" expects.
MOOD_PLAN = {
    7: {"happy": 6, "tired": 3, "anxious": 2, "sad": 1},
    8: {"happy": 7, "tired": 2, "anxious": 2, "sad": 1},
    9: {"anxious": 7, "tired": 2, "happy": 1, "sad": 1},
    10: {"tired": 6, "anxious": 2, "happy": 2, "sad": 1},
}
# The last full week before `now` is forced, so "what was my mood last week" has a clear answer.
FORCED_MOODS = {date(2025, 10, 13): "tired", date(2025, 10, 14): "tired", date(2025, 10, 15): "anxious",
                date(2025, 10, 17): "tired", date(2025, 10, 18): "tired", date(2025, 10, 19): "tired",
                date(2025, 9, 27): "tired", date(2025, 9, 28): "sad", date(2025, 9, 29): "tired",
                date(2025, 9, 30): "tired"}


@dataclass(frozen=True)
class Notable:
    key: str
    day: date
    lang: str
    text: str
    mood: str


NOTABLES = (
    Notable("parents", date(2025, 7, 12), "ru", "Съездил к родителям в Тверь, было очень тепло и радостно", "happy"),
    Notable("dentist", date(2025, 8, 7), "en", "Went to the dentist, finally fixed that tooth. Happy it's over",
            "happy"),
    Notable("concert1", date(2025, 8, 23), "en",
            "Went to a concert of Max Richter at Zaryadye, amazing night, so happy", "happy"),
    Notable("project", date(2025, 9, 12), "ru", "Сдал проект! Наконец-то, чувствую облегчение и радость", "happy"),
    Notable("sick", date(2025, 9, 26), "ru", "Кажется, заболел: температура, болит горло, очень устал", "tired"),
    Notable("concert2", date(2025, 10, 4), "ru", "Ходил на концерт в Крокус, было громко, но здорово", "happy"),
    Notable("promotion", date(2025, 10, 16), "en", "Got promoted to team lead today! Really happy", "happy"),
)

DIARY_MOOD_TEXT: dict[str, dict[str, tuple[str, ...]]] = {
    "ru": {
        "happy": ("Отличный день, настроение прекрасное, чувствую себя счастливым",
                  "Очень радостный день, всё получилось"),
        "sad": ("Грустно сегодня, всё валится из рук", "Печальный день, скучаю по друзьям"),
        "anxious": ("Тревожно, дедлайн давит, плохо сплю", "Весь день беспокоюсь из-за работы, тревога не отпускает"),
        "tired": ("Очень устал, сил ни на что нет", "Вымотался на работе, усталость страшная"),
    },
    "en": {
        "happy": ("Great day, feeling really happy", "Happy and relaxed today, everything went well"),
        "sad": ("Feeling sad and a bit lonely today", "A sad day, missing my friends"),
        "anxious": ("Anxious about the deadline, can't focus", "Nervous all day, anxiety about work"),
        "tired": ("So tired today, completely exhausted", "Exhausted after a long day at work, very tired"),
    },
}
DIARY_TOPICS = {
    "ru": ("Вечером читал книгу.", "Готовил пасту.", "Смотрел сериал.", "Гулял по району.", ""),
    "en": ("Read a book in the evening.", "Cooked pasta.", "Watched a series.", "Walked around the block.", ""),
}

# Synonyms the answer may use for a habit (alternatives separated by "|", matched on stems).
HABIT_WORDS = {
    "gym": "gym|спортзал|зал|world class|тренаж|трениров",
    "running": "бег|пробеж|running|run|бегаю",
    "coffee": "кофе|coffee|латте|latte|капучино|cappuccino",
}
MOOD_WORDS = {
    "happy": "счаст|радост|радов|хорош|отличн|позитив|happy|joy|good|great|positive",
    "sad": "грус|печал|sad|down",
    "anxious": "трев|беспоко|волн|нерв|anxi|nerv|worr|stress|стресс",
    "tired": "устал|усталост|утомл|вымота|tired|exhaust|fatigue",
}
