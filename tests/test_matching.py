"""Which exchange a report joins (archive/matching.py): plain summaries, no database."""
from datetime import date

from archive import matching
from archive.matching import Summary

XI, BIDEN, WANG, BLINKEN, MAO = "tap-can-binh", "joe-biden", "vuong-nghi", "antony-blinken", "mao-ninh"


def call(key, day, cn=XI, us=BIDEN, kind="call", **extra):
    return Summary(key=key, day=day, kind=kind, cn=cn, us=us, people=frozenset({cn, us} - {None}), **extra)


def test_the_same_day_and_principals_join_and_a_day_apart_joins_too():
    pool = [call("E", date(2024, 4, 2))]
    assert matching.match(call("r", date(2024, 4, 2)), pool).exchange == "E"
    found = matching.match(call("r", date(2024, 4, 3)), pool)
    assert found.exchange == "E" and found.reasons[0]["code"] == "next_day"


def test_another_principal_on_one_side_is_another_exchange():
    # 19/6/2023: Blinken met Wang Yi, then Xi received him.
    pool = [call("wang", date(2023, 6, 19), cn=WANG, us=BLINKEN, kind="meeting")]
    assert matching.match(call("xi", date(2023, 6, 19), cn=XI, us=BLINKEN, kind="meeting"), pool).exchange is None


def test_a_call_and_a_meeting_stay_apart_and_a_summit_joins_a_meeting_or_a_video_call():
    assert matching.match(call("r", date(2023, 11, 15), kind="meeting"), [call("E", date(2023, 11, 15))]).exchange is None
    summit = [call("E", date(2023, 11, 15), kind="summit")]
    assert matching.match(call("r", date(2023, 11, 15), kind="meeting"), summit).exchange == "E"
    assert matching.match(call("r", date(2021, 11, 16)), [call("E", date(2021, 11, 16), kind="summit")]).exchange == "E"


def test_a_spokesperson_s_statement_never_joins_the_call_it_speaks_of():
    statement = Summary(key="s", day=date(2017, 2, 10), kind="statement", cn=MAO, people=frozenset({MAO}))
    assert matching.match(statement, [call("E", date(2017, 2, 10))]).exchange is None
    again = Summary(key="s2", day=date(2017, 2, 10), kind="statement", cn=MAO, people=frozenset({MAO}))
    assert matching.match(again, [statement]).exchange == "s"


def test_a_report_without_its_year_joins_by_day_and_month_within_the_years_it_allows():
    pool = [call("E", date(2023, 11, 15), kind="summit")]
    open_year = Summary(key="r", kind="summit", cn=XI, us=BIDEN, day_month=(15, 11), years=(2022, 2023))
    assert matching.match(open_year, pool).exchange == "E"
    elsewhere = Summary(key="r", kind="summit", cn=XI, us=BIDEN, day_month=(15, 11), years=(2024, 2025))
    assert matching.match(elsewhere, pool).exchange is None


def test_half_the_evidence_is_left_for_an_editor_and_two_fitting_exchanges_too():
    only_china = Summary(key="r", day=date(2024, 4, 2), kind="call", cn=XI, people=frozenset({XI}))
    found = matching.match(only_china, [call("E", date(2024, 4, 2))])
    assert (found.exchange, found.candidate) == (None, "E")
    twins = [call("A", date(2024, 4, 2)), call("B", date(2024, 4, 2))]
    found = matching.match(call("r", date(2024, 4, 2)), twins)
    assert found.exchange is None and found.candidate in {"A", "B"}
    assert "rival" in [r["code"] for r in found.reasons]


def test_reports_in_one_batch_join_the_exchange_an_earlier_one_started():
    reports = [call(1, date(2024, 4, 2)), call(2, date(2024, 4, 3)), call(3, date(2024, 5, 2))]
    keys = [key for _, key in matching.assign(reports, [], lambda report: f"new-{report.key}")]
    assert keys == ["new-1", "new-1", "new-3"]


def test_reasons_are_worded_in_both_languages():
    found = matching.match(call("r", date(2024, 4, 3)), [call("E", date(2024, 4, 2))])
    assert "a day apart" in matching.render(found.reasons, "en")
    assert "lệch một ngày" in matching.render(found.reasons, "vi")
