"""Formatting for grounded template answers in Russian and English: dates, ranges, money, counts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from retrieval.question.parser import TimeRange

MONTHS_RU_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
                 "ноября", "декабря"]
MONTHS_RU = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
             "ноябрь", "декабрь"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
WEEKDAYS_RU = ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"]
_WEEKDAYS_RU_ACC = ["понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
CURRENCY = {"RUB": ("₽", "RUB"), "USD": ("$", "USD"), "EUR": ("€", "EUR")}


def t(lang: str, ru: str, en: str) -> str:
    return ru if lang == "ru" else en


def cap(text: str) -> str:
    """Capitalise the first letter only ("from October 1" → "From October 1"; str.capitalize lowercases the rest)."""
    return text[:1].upper() + text[1:]


def fmt_period(d: date, grain: str, lang: str) -> str:
    """A group's label: "июль 2025" / "July 2025", "неделя с 1 сентября" / "week of September 1", or the day."""
    if grain == "month":
        return f"{MONTHS_RU[d.month - 1] if lang == 'ru' else MONTHS_EN[d.month - 1]} {d.year}"
    if grain == "week":
        return t(lang, "неделя с ", "week of ") + fmt_date(d, lang, year=False)
    return fmt_date(d, lang, year=False)


def fmt_date(d: date, lang: str, weekday: bool = False, year: bool = True) -> str:
    if lang == "ru":
        text = f"{d.day} {MONTHS_RU_GEN[d.month - 1]}" + (f" {d.year}" if year else "")
        return f"{WEEKDAYS_RU[d.weekday()]}, {text}" if weekday else text
    text = f"{MONTHS_EN[d.month - 1]} {d.day}" + (f", {d.year}" if year else "")
    return f"{WEEKDAYS_EN[d.weekday()]}, {text}" if weekday else text


def fmt_number(value: float) -> str:
    """Exact, without float noise: 4200 → "4200", 7.25 → "7.25", 7.333333 → "7.33"."""
    if abs(value - round(value)) < 1e-9:
        return str(int(round(value)))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def fmt_money(value: float, currency: str | None, lang: str) -> str:
    symbol = CURRENCY.get((currency or "").upper(), (currency or "", currency or ""))[0]
    return f"{fmt_number(value)} {symbol}".strip()


def fmt_range(rng: TimeRange | None, lang: str) -> str:
    """The range an answer covers, e.g. "с 1 по 30 сентября 2025" / "from September 1 to September 30, 2025"."""
    if rng is None:
        return t(lang, "за всё время", "over all time")
    start, end = rng.start, rng.end
    if start is None and end is not None:
        return t(lang, f"до {fmt_date(end.date(), lang)}", f"before {fmt_date(end.date(), lang)}")
    if start is not None and end is None:
        return t(lang, f"с {fmt_date(start.date(), lang)}", f"since {fmt_date(start.date(), lang)}")
    assert start is not None and end is not None
    last = _last_day(end)
    if last <= start.date():
        day = start.date()
        # "в пятницу, 17 октября 2025" reads as the start of a sentence and after "нет данных:" alike.
        weekday = f"{'во' if day.weekday() == 1 else 'в'} {_WEEKDAYS_RU_ACC[day.weekday()]}"
        return t(lang, f"{weekday}, {fmt_date(day, lang)}", f"on {fmt_date(day, lang, True)}")
    if lang == "ru":
        if start.month == last.month and start.year == last.year:
            return f"с {start.day} по {last.day} {MONTHS_RU_GEN[last.month - 1]} {last.year}"
        return f"с {fmt_date(start.date(), lang, year=start.year != last.year)} по {fmt_date(last, lang)}"
    return f"from {fmt_date(start.date(), lang, year=start.year != last.year)} to {fmt_date(last, lang)}"


def _last_day(end: datetime) -> date:
    """The last day a half-open range touches: [.., 2025-10-01 00:00) ends on September 30."""
    if (end.hour, end.minute, end.second, end.microsecond) == (0, 0, 0, 0):
        return (end - timedelta(days=1)).date()
    return end.date()


def plural(n: int, lang: str, ru: tuple[str, str, str], en: tuple[str, str]) -> str:
    """The word for a count: ru = (1, 2–4, 5+) forms ("покупка", "покупки", "покупок"), en = (one, many)."""
    if lang == "en":
        return en[0] if n == 1 else en[1]
    if n % 10 == 1 and n % 100 != 11:
        return ru[0]
    return ru[1] if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else ru[2]


def times_word(n: int, lang: str) -> str:
    return plural(n, lang, ("раз", "раза", "раз"), ("time", "times"))


PURCHASES = (("покупка", "покупки", "покупок"), ("purchase", "purchases"))
ENTRIES = (("запись", "записи", "записей"), ("entry", "entries"))


def join_names(names: list[str], lang: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {t(lang, 'и', 'and')} {names[-1]}"
