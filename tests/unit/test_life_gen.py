"""The life eval's generator, questions and scoring: deterministic, complete, and expectations that add up."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import asdict
from datetime import date, datetime

import pytest

from evals.life_facts import NOW, QA
from evals.life_gen import Life, generate
from evals.life_score import has_date, has_name, has_number, judge, numbers_in
from retrieval.question.intents import Intent
from retrieval.question.parser import parse

COFFEE = {"Латте", "Капучино", "Flat white", "Американо"}


@pytest.fixture(scope="module")
def life() -> Life:
    return generate()


def _by_text(life: Life, text: str) -> QA:
    return next(q for q in life.questions if q.question == text)


def test_same_seed_same_life(life: Life) -> None:
    again = generate()
    assert again.events == life.events
    assert [asdict(q) for q in again.questions] == [asdict(q) for q in life.questions]
    assert generate(seed=7).events != life.events


def test_covers_three_months_in_moscow_time(life: Life) -> None:
    stamps = [datetime.fromisoformat(e["ts"]) for e in life.events]
    assert (max(stamps) - min(stamps)).days >= 90
    assert all(e["ts"].endswith("+03:00") for e in life.events)
    assert max(stamps) < NOW


def test_every_event_has_a_unique_client_uuid(life: Life) -> None:
    ids = [e["id"] for e in life.events]
    assert len(set(ids)) == len(ids)
    assert all(uuid.UUID(x) for x in ids)


def test_every_kind_of_life_is_there(life: Life) -> None:
    ev = life.events
    assert {e["type"] for e in ev} == {"geo", "purchase", "social", "health", "activity", "diary"}
    coffee = [e for e in ev if e["type"] == "purchase" and e["item"] in COFFEE]
    assert {e["item"] for e in coffee} == COFFEE and not any("category" in e for e in coffee)
    assert {e["place"] for e in coffee} == {"Кофемания", "Starbucks", "Даблби"}
    assert any(e.get("item") == "Наушники Sony" for e in ev)
    assert any(e.get("category") == "Продукты" for e in ev)
    lunches = [e for e in ev if e["type"] == "social" and e["action"] in ("обед", "lunch")]
    assert {e["person"] for e in lunches} == {"Пётр", "Анна", "Мария", "Дмитрий"}
    assert {e["action"] for e in lunches} == {"обед", "lunch"}
    assert {e["activity"] for e in ev if e["type"] == "activity"} == {"gym", "running"}
    assert all("distance_km" in e for e in ev if e.get("activity") == "running")
    assert {e["metric"] for e in ev if e["type"] == "health"} == {"sleep_hours", "steps"}
    diary = [e["text"] for e in ev if e["type"] == "diary"]
    assert any("Сдал проект" in t for t in diary) and any("concert" in t for t in diary)
    assert any("заболел" in t for t in diary)
    assert sum(1 for t in diary if t[0] < "А") > 20 and sum(1 for t in diary if t[0] >= "А") > 20  # EN and RU


def test_hidden_labels_stay_out_of_the_events(life: Life) -> None:
    assert not any("mood" in e for e in life.events)
    assert set(life.moods) == {e["id"] for e in life.events if e["type"] == "diary"}


def test_questions_cover_every_intent_in_both_languages(life: Life) -> None:
    assert len(life.questions) >= 44
    by_intent = Counter(q.intent for q in life.questions)
    assert all(by_intent[i.value] >= 2 for i in Intent), by_intent
    langs = Counter(q.lang for q in life.questions)
    assert min(langs["ru"], langs["en"]) >= 0.4 * len(life.questions)
    assert sum(q.expect_none for q in life.questions) >= 2 and sum(q.expect_unparsed for q in life.questions) >= 2
    assert all(q.now == NOW.isoformat() for q in life.questions)


def test_every_question_expects_something_checkable(life: Life) -> None:
    known = {e["id"] for e in life.events}
    for q in life.questions:
        if not (q.expect_none or q.expect_unparsed):
            assert q.expect_numbers or q.expect_names or q.expect_dates, q.question
        assert set(q.expect_event_ids) <= known


def test_time_windows_are_what_the_documented_semantics_say(life: Life) -> None:
    for q in life.questions:
        parsed = parse(q.question, NOW, "Europe/Moscow")
        if q.expect_unparsed:
            assert parsed.unparsed_time and parsed.time_range is None, q.question
        elif q.window is not None:
            assert parsed.time_range is not None, q.question
            got = (parsed.time_range.start, parsed.time_range.end)
            assert got == tuple(datetime.fromisoformat(x) for x in q.window), q.question


def test_coffee_spend_in_september_recomputed(life: Life) -> None:
    want = sum(e["amount"] for e in life.events
               if e["type"] == "purchase" and e["item"] in COFFEE and e["ts"].startswith("2025-09-"))
    assert _by_text(life, "Сколько я потратил на кофе в сентябре?").expect_numbers == [want]


def test_gym_visits_in_october_and_friday_lunch_recomputed(life: Life) -> None:
    gym = [e for e in life.events if e.get("activity") == "gym" and e["ts"].startswith("2025-10-")]
    qa = _by_text(life, "Сколько раз я ходил в спортзал в октябре?")
    assert qa.expect_numbers == [len(gym)] and qa.expect_event_ids == [e["id"] for e in gym]
    friday = [e for e in life.events if e["type"] == "social" and e["ts"].startswith("2025-10-17")
              and e["action"] in ("обед", "lunch")]
    assert _by_text(life, "С кем я обедал в прошлую пятницу?").expect_names == [e["person"] for e in friday]


def test_moods_and_tops_have_clear_winners(life: Life) -> None:
    for prefix in ("2025-08", "2025-09", "2025-10"):
        counts = Counter(life.moods[e["id"]] for e in life.events if e["type"] == "diary"
                         and e["ts"].startswith(prefix)).most_common(2)
        assert counts[0][1] >= counts[1][1] + 3, (prefix, counts)
    items = Counter(e["item"] for e in life.events if e.get("item") in COFFEE).most_common(2)
    assert items[0][1] >= items[1][1] + 3
    assert _by_text(life, "Какой кофе я покупал чаще всего?").expect_names == [items[0][0]]


def test_first_concert_is_the_earliest_diary_mention(life: Life) -> None:
    concerts = sorted(e["ts"] for e in life.events if e["type"] == "diary"
                      and ("concert" in e["text"] or "концерт" in e["text"]))
    assert len(concerts) >= 2
    assert _by_text(life, "When did I first go to a concert?").expect_dates == [concerts[0][:10]]
    assert date.fromisoformat(concerts[0][:10]) < date.fromisoformat(concerts[1][:10])


@pytest.mark.parametrize("text", ["4 200 ₽", "4200", "4,200", "4200.0", "всего 4\u00a0200 руб"])
def test_numbers_in_any_common_format(text: str) -> None:
    assert has_number(text, 4200)


def test_numbers_ignore_dates_and_allow_rounding() -> None:
    assert not has_number("С 1 по 30 сентября 2025: ничего", 1)
    assert not has_number("From October 13 to October 19, 2025", 13)
    assert has_number("в среднем 7,2 ч", 7.2143, tolerance=0.051)
    assert 9839.5 in numbers_in("9 839,5 шагов")


def test_names_match_on_stems_and_dates_in_any_form() -> None:
    assert has_name("обедал с Петром", "Пётр") and has_name("с Анной", "Анна") and has_name("с Марией", "Мария")
    assert has_name("бегал в Сокольниках", "Сокольники") and has_name("в «Парке Горького»", "Парк Горького")
    assert has_name("Feeling anxious", "трев|anxi") and not has_name("Вымотался", "трев|anxi")
    assert has_date("пятница, 5 сентября 2025", "2025-09-05") and has_date("on Aug 23rd", "2025-08-23")
    assert has_date("05.09.2025", "2025-09-05") and not has_date("15 сентября", "2025-09-05")


def test_judge_nothing_found_not_understood_and_top_order() -> None:
    none = QA("q", "x", "ru", "who", NOW.isoformat(), expect_none=True)
    assert judge(none, "Нет данных: 1 июня ничего не нашёл.").correct
    assert judge(none, "I found nothing about it").correct and not judge(none, "Пётр").correct
    unparsed = QA("q", "x", "en", "who", NOW.isoformat(), expect_unparsed=True)
    assert judge(unparsed, "I couldn't understand the time “recently”.").correct
    assert judge(unparsed, "Не понял период «на днях».").correct
    top = QA("q", "x", "en", "top", NOW.isoformat(), expect_names=["Парк Горького"], rivals=["World Class"])
    assert not judge(top, "World Class — 23 times, Парк Горького — 15 times").correct
    assert judge(top, "Парк Горького — 15 times, World Class — 9").correct


def test_decimals_are_not_mistaken_for_dates() -> None:
    assert has_number("в среднем сон: 6.87 ч, 7.12 км", 6.87) and has_number("7.12 км", 7.12)
    assert not has_number("05.09.2025", 5)
