"""Table of RU+EN time phrases with their expected [start, end) relative to fixed "now"s.

Main now: Wednesday 2025-10-15 20:00 Europe/Moscow. FRI / SAT rows check the weekday rule on those days.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from retrieval.question.parser import parse_time, parse_time_detailed
from retrieval.question.time.types import TimeOptions

TZ = ZoneInfo("Europe/Moscow")
WED = datetime(2025, 10, 15, 20, 0, tzinfo=TZ)
FRI = datetime(2025, 10, 17, 12, 0, tzinfo=TZ)
SAT = datetime(2025, 10, 18, 12, 0, tzinfo=TZ)
NOW = "2025-10-15 20:00"

# (phrase, now, expected start, expected end) — "…" is an open side; times are Moscow wall clock.
CASES: list[tuple[str, datetime, str, str]] = [
    # days
    ("сегодня", WED, "2025-10-15", "2025-10-16"),
    ("вчера", WED, "2025-10-14", "2025-10-15"),
    ("позавчера", WED, "2025-10-13", "2025-10-14"),
    ("Что я делал вчера?", WED, "2025-10-14", "2025-10-15"),
    ("today", WED, "2025-10-15", "2025-10-16"),
    ("yesterday", WED, "2025-10-14", "2025-10-15"),
    ("the day before yesterday", WED, "2025-10-13", "2025-10-14"),
    ("завтра", WED, "2025-10-16", "2025-10-17"),
    # N ago
    ("3 дня назад", WED, "2025-10-12", "2025-10-13"),
    ("три дня назад", WED, "2025-10-12", "2025-10-13"),
    ("неделю назад", WED, "2025-10-08", "2025-10-09"),
    ("две недели назад", WED, "2025-10-01", "2025-10-02"),
    ("месяц назад", WED, "2025-09-15", "2025-09-16"),
    ("2 месяца назад", WED, "2025-08-15", "2025-08-16"),
    ("год назад", WED, "2024-10-01", "2024-11-01"),
    ("пару дней назад", WED, "2025-10-13", "2025-10-14"),
    ("5 days ago", WED, "2025-10-10", "2025-10-11"),
    ("a week ago", WED, "2025-10-08", "2025-10-09"),
    ("two weeks ago", WED, "2025-10-01", "2025-10-02"),
    ("3 months ago", WED, "2025-07-15", "2025-07-16"),
    ("2 часа назад", WED, "2025-10-15 18:00", "2025-10-15 18:01"),
    # weekdays asked on a Wednesday
    ("в пятницу", WED, "2025-10-10", "2025-10-11"),
    ("в понедельник", WED, "2025-10-13", "2025-10-14"),
    ("в среду", WED, "2025-10-15", "2025-10-16"),
    ("во вторник", WED, "2025-10-14", "2025-10-15"),
    ("в воскресенье", WED, "2025-10-12", "2025-10-13"),
    ("в прошлую пятницу", WED, "2025-10-10", "2025-10-11"),
    ("в позапрошлую пятницу", WED, "2025-10-03", "2025-10-04"),
    ("вчера в обед", WED, "2025-10-14 12:00", "2025-10-14 14:00"),
    ("the Friday before last", WED, "2025-10-03", "2025-10-04"),
    ("the week before last", WED, "2025-09-29", "2025-10-06"),
    ("the month before last", WED, "2025-08-01", "2025-09-01"),
    ("в прошлый понедельник", WED, "2025-10-06", "2025-10-07"),
    ("в прошлую среду", WED, "2025-10-08", "2025-10-09"),
    ("в эту пятницу", WED, "2025-10-17", "2025-10-18"),
    ("on Friday", WED, "2025-10-10", "2025-10-11"),
    ("Friday", WED, "2025-10-10", "2025-10-11"),
    ("last Friday", WED, "2025-10-10", "2025-10-11"),
    ("last Monday", WED, "2025-10-06", "2025-10-07"),
    ("on Monday", WED, "2025-10-13", "2025-10-14"),
    ("this Monday", WED, "2025-10-13", "2025-10-14"),
    # weekdays asked on a Friday and a Saturday
    ("в пятницу", FRI, "2025-10-17", "2025-10-18"),
    ("on Friday", FRI, "2025-10-17", "2025-10-18"),
    ("в прошлую пятницу", FRI, "2025-10-10", "2025-10-11"),
    ("last Friday", FRI, "2025-10-10", "2025-10-11"),
    ("в пятницу", SAT, "2025-10-17", "2025-10-18"),
    ("в прошлую пятницу", SAT, "2025-10-10", "2025-10-11"),
    ("last Friday", SAT, "2025-10-10", "2025-10-11"),
    ("в субботу", SAT, "2025-10-18", "2025-10-19"),
    ("в воскресенье", SAT, "2025-10-12", "2025-10-13"),
    # weekends
    ("в выходные", WED, "2025-10-11", "2025-10-13"),
    ("на выходных", WED, "2025-10-11", "2025-10-13"),
    ("прошлые выходные", WED, "2025-10-11", "2025-10-13"),
    ("в прошлые выходные", WED, "2025-10-11", "2025-10-13"),
    ("в эти выходные", SAT, "2025-10-18", "2025-10-20"),
    ("на выходных", SAT, "2025-10-18", "2025-10-20"),
    ("last weekend", WED, "2025-10-11", "2025-10-13"),
    ("this past weekend", WED, "2025-10-11", "2025-10-13"),
    ("over the weekend", WED, "2025-10-11", "2025-10-13"),
    ("on the weekend", SAT, "2025-10-18", "2025-10-20"),
    # weeks (Monday–Sunday)
    ("на этой неделе", WED, "2025-10-13", "2025-10-20"),
    ("на прошлой неделе", WED, "2025-10-06", "2025-10-13"),
    ("на позапрошлой неделе", WED, "2025-09-29", "2025-10-06"),
    ("эта неделя", WED, "2025-10-13", "2025-10-20"),
    ("прошлая неделя", WED, "2025-10-06", "2025-10-13"),
    ("this week", WED, "2025-10-13", "2025-10-20"),
    ("last week", WED, "2025-10-06", "2025-10-13"),
    ("previous week", WED, "2025-10-06", "2025-10-13"),
    ("на прошлой неделе", SAT, "2025-10-06", "2025-10-13"),
    # months, every Russian case
    ("в октябре", WED, "2025-10-01", "2025-11-01"),
    ("в сентябре", WED, "2025-09-01", "2025-10-01"),
    ("за сентябрь", WED, "2025-09-01", "2025-10-01"),
    ("сентябрь", WED, "2025-09-01", "2025-10-01"),
    ("октябрь", WED, "2025-10-01", "2025-11-01"),
    ("с сентября", WED, "2025-09-01", "…"),
    ("до сентября", WED, "…", "2025-09-01"),
    ("в ноябре", WED, "2024-11-01", "2024-12-01"),
    ("в декабре", WED, "2024-12-01", "2025-01-01"),
    ("в январе", WED, "2025-01-01", "2025-02-01"),
    ("в мае", WED, "2025-05-01", "2025-06-01"),
    ("май", WED, "2025-05-01", "2025-06-01"),
    ("к маю", WED, "2025-05-01", "2025-06-01"),
    ("в марте 2024", WED, "2024-03-01", "2024-04-01"),
    ("в прошлом месяце", WED, "2025-09-01", "2025-10-01"),
    ("в этом месяце", WED, "2025-10-01", "2025-11-01"),
    ("в позапрошлом месяце", WED, "2025-08-01", "2025-09-01"),
    ("in October", WED, "2025-10-01", "2025-11-01"),
    ("in September", WED, "2025-09-01", "2025-10-01"),
    ("September", WED, "2025-09-01", "2025-10-01"),
    ("in November", WED, "2024-11-01", "2024-12-01"),
    ("in May", WED, "2025-05-01", "2025-06-01"),
    ("last month", WED, "2025-09-01", "2025-10-01"),
    ("this month", WED, "2025-10-01", "2025-11-01"),
    ("since September", WED, "2025-09-01", "…"),
    ("before September", WED, "…", "2025-09-01"),
    ("after September", WED, "2025-09-01", "…"),
    ("September 2024", WED, "2024-09-01", "2024-10-01"),
    # rolling windows
    ("за месяц", WED, "2025-09-15 20:00", NOW),
    ("за неделю", WED, "2025-10-08 20:00", NOW),
    ("за год", WED, "2024-10-15 20:00", NOW),
    ("за последние 7 дней", WED, "2025-10-08 20:00", NOW),
    ("за последние 3 дня", WED, "2025-10-12 20:00", NOW),
    ("за последние две недели", WED, "2025-10-01 20:00", NOW),
    ("последние 2 месяца", WED, "2025-08-15 20:00", NOW),
    ("за 3 дня", WED, "2025-10-12 20:00", NOW),
    ("in the past month", WED, "2025-09-15 20:00", NOW),
    ("over the past week", WED, "2025-10-08 20:00", NOW),
    ("the last 3 days", WED, "2025-10-12 20:00", NOW),
    ("past 2 weeks", WED, "2025-10-01 20:00", NOW),
    ("in the last 10 days", WED, "2025-10-05 20:00", NOW),
    # seasons (meteorological) and years
    ("летом", WED, "2025-06-01", "2025-09-01"),
    ("этим летом", WED, "2025-06-01", "2025-09-01"),
    ("прошлым летом", WED, "2024-06-01", "2024-09-01"),
    ("зимой", WED, "2024-12-01", "2025-03-01"),
    ("весной", WED, "2025-03-01", "2025-06-01"),
    ("осенью", WED, "2025-09-01", "2025-12-01"),
    ("летом 2023", WED, "2023-06-01", "2023-09-01"),
    ("this summer", WED, "2025-06-01", "2025-09-01"),
    ("last summer", WED, "2024-06-01", "2024-09-01"),
    ("in the winter", WED, "2024-12-01", "2025-03-01"),
    ("в этом году", WED, "2025-01-01", "2026-01-01"),
    ("в прошлом году", WED, "2024-01-01", "2025-01-01"),
    ("в 2024 году", WED, "2024-01-01", "2025-01-01"),
    ("в 2023", WED, "2023-01-01", "2024-01-01"),
    ("this year", WED, "2025-01-01", "2026-01-01"),
    ("last year", WED, "2024-01-01", "2025-01-01"),
    ("in 2023", WED, "2023-01-01", "2024-01-01"),
    ("в прошлом квартале", WED, "2025-07-01", "2025-10-01"),
    # parts of day
    ("утром", WED, "2025-10-15 00:00", "2025-10-15 12:00"),
    ("вечером", WED, "2025-10-15 18:00", "2025-10-16 00:00"),
    ("вчера вечером", WED, "2025-10-14 18:00", "2025-10-15 00:00"),
    ("вчера утром", WED, "2025-10-14 00:00", "2025-10-14 12:00"),
    ("сегодня днём", WED, "2025-10-15 12:00", "2025-10-15 19:00"),
    ("в субботу вечером", WED, "2025-10-11 18:00", "2025-10-12 00:00"),
    ("ночью", WED, "2025-10-15 00:00", "2025-10-15 06:00"),
    ("this morning", WED, "2025-10-15 00:00", "2025-10-15 12:00"),
    ("this evening", WED, "2025-10-15 18:00", "2025-10-16 00:00"),
    ("last night", WED, "2025-10-14 18:00", "2025-10-15 00:00"),
    ("yesterday evening", WED, "2025-10-14 18:00", "2025-10-15 00:00"),
    ("yesterday afternoon", WED, "2025-10-14 12:00", "2025-10-14 19:00"),
    ("вчера в 3 часа дня", WED, "2025-10-14 15:00", "2025-10-14 16:00"),
    ("вчера в 15:30", WED, "2025-10-14 15:30", "2025-10-14 15:31"),
    ("в 8 утра", WED, "2025-10-15 08:00", "2025-10-15 09:00"),
    ("yesterday at 3pm", WED, "2025-10-14 15:00", "2025-10-14 16:00"),
    ("at 9am on Saturday", WED, "2025-10-11 09:00", "2025-10-11 10:00"),
    # explicit dates and spans
    ("10.10.2025", WED, "2025-10-10", "2025-10-11"),
    ("2025-10-10", WED, "2025-10-10", "2025-10-11"),
    ("10 октября", WED, "2025-10-10", "2025-10-11"),
    ("10-го октября", WED, "2025-10-10", "2025-10-11"),
    ("десятого октября", WED, "2025-10-10", "2025-10-11"),
    ("1 сентября 2024", WED, "2024-09-01", "2024-09-02"),
    ("20 октября", WED, "2024-10-20", "2024-10-21"),
    ("10.10", WED, "2025-10-10", "2025-10-11"),
    ("с 1 по 5 октября", WED, "2025-10-01", "2025-10-06"),
    ("с 28 сентября по 3 октября", WED, "2025-09-28", "2025-10-04"),
    ("1-5 октября", WED, "2025-10-01", "2025-10-06"),
    ("с 01.10.2025 по 05.10.2025", WED, "2025-10-01", "2025-10-06"),
    ("between May 3 and May 10", WED, "2025-05-03", "2025-05-11"),
    ("from May 3 to May 10", WED, "2025-05-03", "2025-05-11"),
    ("October 10", WED, "2025-10-10", "2025-10-11"),
    ("Oct 10, 2024", WED, "2024-10-10", "2024-10-11"),
    ("10th of October", WED, "2025-10-10", "2025-10-11"),
    ("on 10/10/2025", WED, "2025-10-10", "2025-10-11"),
    ("в начале октября", WED, "2025-10-01", "2025-10-11"),
    ("в конце сентября", WED, "2025-09-21", "2025-10-01"),
    ("end of September", WED, "2025-09-21", "2025-10-01"),
    ("early September", WED, "2025-09-01", "2025-09-11"),
    # open intervals
    ("после 1 октября", WED, "2025-10-01", "…"),
    ("до 1 октября", WED, "…", "2025-10-01"),
    ("since Monday", WED, "2025-10-13", "…"),
    ("before October 1", WED, "…", "2025-10-01"),
    ("after October 1", WED, "2025-10-01", "…"),
    ("since last week", WED, "2025-10-06", "…"),
    # inside questions
    ("С кем я обедал в прошлую пятницу?", WED, "2025-10-10", "2025-10-11"),
    ("Сколько я потратил на кофе за месяц?", WED, "2025-09-15 20:00", NOW),
    ("Where was I last weekend?", WED, "2025-10-11", "2025-10-13"),
    ("How much did I spend on coffee in September?", WED, "2025-09-01", "2025-10-01"),
    ("Где я был 10 октября вечером?", WED, "2025-10-10 18:00", "2025-10-11 00:00"),
]

# Families added for the Duckling check, in product mode (past-preferring, Moscow).
CASES += [
    ("Thursday 8:00 GMT", WED, "2025-10-09 11:00", "2025-10-09 11:01"),  # zone → the user's zone
    ("yesterday at 9 am (BST)", WED, "2025-10-14 11:00", "2025-10-14 12:00"),
    ("yesterday 9:30 - 11:00 CST", WED, "2025-10-14 18:30", "2025-10-14 20:01"),
    ("in half an hour", WED, "2025-10-15 20:30", "2025-10-15 20:30:01"),
    ("in 1h", WED, "2025-10-15 21:00", "2025-10-15 21:01"),
    ("in 15'", WED, "2025-10-15 20:15", "2025-10-15 20:15:01"),
    ("within 2 weeks", WED, "2025-10-01 20:00", NOW),  # about the past: rolling
    ("в течение 2 недель", WED, "2025-10-01 20:00", NOW),
    ("last Monday of March", WED, "2025-03-31", "2025-04-01"),
    ("third last week of 2018", WED, "2018-12-10", "2018-12-17"),
    ("the 5th last day of May", WED, "2025-05-27", "2025-05-28"),
    ("20th day of last month", WED, "2025-09-20", "2025-09-21"),
    ("July 13-15", WED, "2025-07-13", "2025-07-16"),
    ("from the 13th to 15th of July", WED, "2025-07-13", "2025-07-16"),
    ("since 2014", WED, "2014-01-01", "…"),
    ("ten thirty am", WED, "2025-10-15 10:30", "2025-10-15 10:31"),
    ("at three twenty", WED, "2025-10-15 15:20", "2025-10-15 15:21"),
    ("half three", WED, "2025-10-15 15:30", "2025-10-15 15:31"),
    ("from 18th Dec for 10 days", WED, "2024-12-18", "2024-12-28"),
    ("yesterday for 2 hours", WED, "2025-10-14", "2025-10-15"),  # a duration never narrows a past range
    ("3h18", WED, "2025-10-15 03:18", "2025-10-15 03:19"),  # "h" is the 24-hour clock
]

# Duckling conventions (TimeOptions.duckling()) at Duckling's reference time, one row per added family.
DREF = datetime(2013, 2, 12, 4, 30, tzinfo=timezone(timedelta(hours=-2)))
DUCKLING_CASES: list[tuple[str, str, str]] = [
    ("4pm CET", "2013-02-12 13:00", "2013-02-12 13:01"),
    ("Thursday 9:30pm IST", "2013-02-14 14:00", "2013-02-14 14:01"),
    ("15h GMT - 18h GMT", "2013-02-12 13:00", "2013-02-12 16:01"),
    ("in a quarter of an hour", "2013-02-12 04:45", "2013-02-12 04:45:01"),
    ("in 2 and a half hours", "2013-02-12 07:00", "2013-02-12 07:00:01"),
    ("in 1/2h", "2013-02-12 05:00", "2013-02-12 05:00:01"),
    ("in 7 days", "2013-02-19 04:00", "2013-02-19 05:00"),
    ("a fortnight ago", "2013-01-29 04:00", "2013-01-29 05:00"),
    ("3 years from today", "2016-02-12", "2016-02-13"),
    ("within 2 weeks", "2013-02-12 04:30", "2013-02-26"),
    ("after 5 days", "2013-02-17 04:00", "…"),
    ("by the end of next month", "2013-02-12 04:30", "2013-04-01"),
    ("by EOD", "2013-02-12 04:30", "2013-02-13"),
    ("ASAP", "2013-02-12 04:30", "…"),
    ("friday after next", "2013-02-22", "2013-02-23"),
    ("last week of september 2014", "2014-09-22", "2014-09-29"),
    ("at 4:23", "2013-02-12 04:23", "2013-02-12 04:24"),
    ("3:30 to 6 PM", "2013-02-12 15:30", "2013-02-12 18:01"),
    ("Thursday from 9a to 11a", "2013-02-14 09:00", "2013-02-14 12:00"),
    ("at 15h", "2013-02-12 15:00", "2013-02-12 15:01"),
    ("4pm for 30 mins", "2013-02-12 16:00", "2013-02-12 16:31"),
    ("beginning of around next week", "2013-02-18", "2013-02-21"),
    ("this week-end", "2013-02-15 18:00", "2013-02-18"),
]

# Phrases that must not produce a time range (pitfalls).
NOT_TIME = [
    "How much did I spend on coffee?",
    "Сколько я потратил на кофе?",
    "Я спал 8 часов?",
    "Did May call me?",
    "What did May say about the project?",
    "Сколько раз я ходил в спортзал?",
    "Where I sat with Anna",
    "Что я писал про проект?",
    "в 3 раза больше",
    "1 отель",
    "top 3 items",
    "I paid 5 est",
    "we were half 3 hours late",
    "meet at 3 15 people",
    "after 5 days of rest",
]

# Time words the parser sees but cannot resolve: reported, never widened to "all time".
UNPARSED = [("Что я делал на днях?", "на днях"), ("What did I do recently?", "recently")]


def _at(text: str, tz: ZoneInfo | timezone = TZ) -> datetime | None:
    if text == "…":
        return None
    fmt = "%Y-%m-%d %H:%M:%S" if text.count(":") == 2 else "%Y-%m-%d %H:%M" if " " in text else "%Y-%m-%d"
    return datetime.strptime(text, fmt).replace(tzinfo=tz)


@pytest.mark.parametrize(("phrase", "now", "start", "end"), CASES, ids=[f"{c[0]}@{c[1]:%a}" for c in CASES])
def test_phrase_range(phrase: str, now: datetime, start: str, end: str) -> None:
    got = parse_time(phrase, now, TZ)
    assert got is not None, phrase
    assert (got.start, got.end) == (_at(start), _at(end))


@pytest.mark.parametrize(("phrase", "start", "end"), DUCKLING_CASES, ids=[c[0] for c in DUCKLING_CASES])
def test_duckling_mode(phrase: str, start: str, end: str) -> None:
    got = parse_time(phrase, DREF, DREF.tzinfo, TimeOptions.duckling())  # type: ignore[arg-type]
    assert got is not None, phrase
    assert (got.start, got.end) == (_at(start, DREF.tzinfo), _at(end, DREF.tzinfo))  # type: ignore[arg-type]


def test_table_is_big_enough() -> None:
    assert len(CASES) >= 150


@pytest.mark.parametrize("text", NOT_TIME)
def test_no_false_matches(text: str) -> None:
    assert parse_time(text, WED, TZ) is None


@pytest.mark.parametrize(("text", "phrase"), UNPARSED)
def test_unparsed_is_reported(text: str, phrase: str) -> None:
    found = parse_time_detailed(text, WED, TZ)
    assert found.time_range is None
    assert found.unparsed is not None and phrase in found.unparsed


def test_range_is_tz_aware_in_user_tz() -> None:
    got = parse_time("вчера", datetime(2025, 10, 15, 22, 0, tzinfo=ZoneInfo("UTC")), "Europe/Moscow")
    assert got is not None and got.start is not None
    assert got.start.isoformat() == "2025-10-15T00:00:00+03:00"  # 22:00 UTC is already the 16th in Moscow


def test_phrase_and_grain_are_reported() -> None:
    got = parse_time("Сколько я потратил в прошлом месяце?", WED, TZ)
    assert got is not None
    assert (got.phrase, got.grain) == ("в прошлом месяце", "month")
