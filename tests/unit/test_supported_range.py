"""The supported time range, pure: the validator's inline fast path agrees with core.timerange, and the question
time parser never raises on dates a datetime cannot hold."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from core.errors import ValidationFailed
from core.timerange import check_supported, out_of_range
from ingest.schemas import ItemError, parse_ts
from retrieval.question.time.parser import parse_time_detailed

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2025, 10, 15, 20, tzinfo=MSK)


@pytest.mark.parametrize(
    ("ts", "ok"),
    [("1970-01-01T00:00:00Z", True), ("1970-01-01T02:59:59", False), ("1970-01-01T03:00:00", True),
     ("2099-12-31T23:59:59.999Z", True), ("2100-01-01T00:00:00Z", False), ("2099-12-31T23:00:00-14:00", False),
     ("2025-10-10T10:00:00+14:00", True), ("2025-10-10T10:00:00-14:01", False), ("0001-01-01", False),
     ("9999-12-31T23:59:59.999999", False), ("1971-06-01T00:00:00+23:00", False)],
)  # fmt: skip
def test_ingest_ts_and_the_shared_check_agree(ts: str, ok: bool) -> None:
    parsed = datetime.fromisoformat(ts)
    assert (out_of_range(parsed if parsed.tzinfo else parsed.replace(tzinfo=MSK)) is None) is ok
    if ok:
        assert parse_ts(ts, MSK, NOW).utcoffset() is not None
    else:
        with pytest.raises(ItemError) as caught:
            parse_ts(ts, MSK, NOW)
        assert caught.value.field == "ts"


def test_check_supported_names_the_field() -> None:
    with pytest.raises(ValidationFailed, match="^from: "):
        check_supported(datetime(1, 1, 1, tzinfo=UTC), "from")


@pytest.mark.parametrize(
    ("question", "unparsed"),
    [("что я делал 31.12.9999?", "31.12.9999"), ("what did I do on 9999-12-31?", "9999-12-31"),
     ("что я делал 01.01.0001?", "01.01.0001"), ("что я делал в 1950 году?", "в 1950 году")],
)  # fmt: skip
def test_question_dates_out_of_range_are_reported_not_raised(question: str, unparsed: str) -> None:
    found = parse_time_detailed(question, NOW)
    assert found.time_range is None and found.unparsed == unparsed


def test_a_range_reaching_past_the_supported_one_is_cut() -> None:
    found = parse_time_detailed("что я делал с 1 января 1960 года?", NOW)
    assert found.time_range is not None and found.time_range.end is None
    assert found.time_range.start == datetime(1970, 1, 1, tzinfo=UTC)


