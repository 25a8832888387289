"""Monthly, yearly and event-driven deadlines, and the Good Governance Strategy's cadence."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpgov.calendar import (
    DeadlineKind,
    Timeframe,
    annual_deadlines,
    budget_calendar,
    deadlines_between,
    deposit_deadline,
    ggs_publication_deadlines,
    ggs_review_deadlines,
    implementation_deadline,
    month_ends,
    monthly_deadlines,
    monthly_duties,
    monthly_on_day,
    pc5_deadlines,
    release_deadline,
    technical_sanction_deadline,
)
from kpgov.errors import ParseError, ValidationError
from kpgov.law import RULES
from kpgov.periods import FinancialYear, Month
from kpgov.testing import financial_years, months

DAYS = {
    "BR-80(1)#due": 7,  # first week of the month
    "BR-80(2)(b)#due": 10,
    "BR-70(1)#due": 10,
    "BR-47(5)#due": 10,
    "BR-80(5)#due": 13,
    "BR-70(2)#due": 15,
    "BR-80(7)#due": 16,
    "BR-80(4)#due": 20,
    "BR-72(1)#due": 31,  # no day in the rules: by the end of the following month (issue 16)
    "BR-81(1)#due": 31,
}


def test_the_monthly_duties_of_the_issue_are_all_there() -> None:
    assert {duty.rule_id: duty.due_day for duty in monthly_duties()} == DAYS
    for rule_id in DAYS:
        assert rule_id in RULES


def test_july_accounts_are_reported_in_august() -> None:
    due = {d.rule_id: d for d in monthly_deadlines([Month(2025, 7)])}
    assert due["BR-80(5)#due"].due == date(2025, 8, 13)
    assert due["BR-80(5)#due"].id == "BR-80(5)#due/2025-07"
    assert (due["BR-80(1)#due"].start, due["BR-80(1)#due"].due) == (
        date(2025, 8, 1),
        date(2025, 8, 7),
    )
    assert due["BR-80(4)#due"].due == date(2025, 8, 20)


@given(financial_years())
def test_monthly_deadlines_exist_for_all_twelve_months(year: FinancialYear) -> None:
    deadlines = [d for d in budget_calendar(year) if d.rule_id in DAYS]
    for rule_id, day in DAYS.items():
        mine = sorted((d for d in deadlines if d.rule_id == rule_id), key=lambda d: d.due)
        assert [d.period for d in mine] == [m.label for m in year.months]
        for month, deadline in zip(year.months, mine, strict=True):
            assert Month.of(deadline.due) == month.next()  # due in the following month
            assert deadline.due.day == min(day, Month.of(deadline.due).days)


@given(months(), st.integers(1, 31))
def test_day_n_of_every_month_exists_even_in_short_months(first: Month, day: int) -> None:
    dates = monthly_on_day(first.start, 12, day)
    assert [Month.of(d) for d in dates] == [first.offset(n) for n in range(12)]
    for d in dates:
        assert d.day == min(day, Month.of(d).days)  # clipped to the month end, never skipped


@given(months(), st.integers(1, 24))
def test_month_ends_are_last_days(first: Month, count: int) -> None:
    for n, d in enumerate(month_ends(first.start, count)):
        assert d == first.offset(n).end


def test_february_deadlines_in_leap_and_common_years() -> None:
    assert monthly_on_day(date(2024, 2, 1), 1, 30) == [date(2024, 2, 29)]
    assert monthly_on_day(date(2025, 2, 1), 1, 31) == [date(2025, 2, 28)]


@given(financial_years())
def test_annual_deadlines_fall_in_their_windows(year: FinancialYear) -> None:
    by_id = {d.rule_id: d for d in annual_deadlines(year)}
    june_before = year.previous().month(12)
    assert (by_id["BR-52(4)#due"].start, by_id["BR-52(4)#due"].due) == (
        june_before.start,
        june_before.end,
    )
    for rule_id in ("BR-82(1)#due", "BR-83(1)#due"):
        deadline = by_id[rule_id]
        assert deadline.kind is DeadlineKind.NOT_BEFORE
        assert deadline.start == deadline.due == year.end_of_month(8) + timedelta(days=1)
        assert deadline.due == date(year.start_year + 1, 3, 1)  # "after 8 months"
    quarterly = [d for d in annual_deadlines(year) if d.rule_id == "BR-47(6)#quarterly"]
    assert [(d.start, d.due) for d in quarterly] == [(q.start, q.end) for q in year.quarters]
    assert (by_id["BR-47(6)#annual"].start, by_id["BR-47(6)#annual"].due) == (year.start, year.end)


@given(financial_years())
def test_every_deadline_of_a_year_is_well_formed(year: FinancialYear) -> None:
    deadlines = budget_calendar(year, ggs=True)
    assert len({d.id for d in deadlines}) == len(deadlines)
    assert [d.due for d in deadlines] == sorted(d.due for d in deadlines)
    for d in deadlines:
        assert d.first_day <= d.due
        assert d.rule_id in RULES
        assert RULES.get(d.rule_id).citation == d.citation
        # from the preparation cycle's start to the July after the year (June's reports)
        assert date(year.start_year - 1, 8, 1) <= d.first_day
        assert d.due <= date(year.start_year + 1, 7, 31)


def test_event_driven_deadlines() -> None:
    assert release_deadline(date(2025, 9, 29)).due == date(2025, 10, 2)
    assert deposit_deadline(date(2025, 9, 30)).due == date(2025, 10, 1)
    assert technical_sanction_deadline(date(2024, 1, 31)).due == date(2024, 2, 29)
    assert technical_sanction_deadline(date(2025, 1, 15)).due == date(2025, 2, 15)
    assert (
        release_deadline(date(2025, 9, 1), reference="transfer 17").id == "BR-68(6)#due/transfer 17"
    )


@given(st.dates(date(2000, 1, 1), date(2090, 12, 31)))
def test_technical_sanction_is_due_one_month_later(approved: date) -> None:
    due = technical_sanction_deadline(approved).due
    assert Month.of(due) == Month.of(approved).next()
    assert due.day == min(approved.day, Month.of(due).days)


@given(st.dates(date(2000, 1, 1), date(2090, 12, 31)))
def test_pc5_reports_every_31_july_for_five_years(completed: date) -> None:
    reports = pc5_deadlines(completed, project="P-17")
    assert len(reports) == 5
    assert all((d.due.month, d.due.day) == (7, 31) for d in reports)
    assert reports[0].due > completed
    assert reports[0].due - completed <= timedelta(days=366)
    assert [d.due.year for d in reports] == list(
        range(reports[0].due.year, reports[0].due.year + 5)
    )


def test_pc5_needs_a_year() -> None:
    with pytest.raises(ValidationError):
        pc5_deadlines(date(2025, 1, 1), project="P", years=0)


def test_ggs_implementation_timeframes() -> None:
    launch = date(2019, 3, 31)
    assert implementation_deadline(Timeframe.IMMEDIATE, launch).due == launch
    assert implementation_deadline(Timeframe.SHORT, launch).due == date(2019, 6, 30)
    assert implementation_deadline(Timeframe.MID, launch).due == date(2019, 9, 30)
    assert implementation_deadline(Timeframe.LONG, launch).due == date(2020, 3, 31)
    assert Timeframe.parse("Short-Term") is Timeframe.SHORT
    assert Timeframe.parse("long") is Timeframe.LONG
    with pytest.raises(ParseError):
        Timeframe.parse("soon")


def test_ggs_review_cadence_over_a_year() -> None:
    year = FinancialYear(2025)
    reviews = ggs_review_deadlines(year.start, year.end)
    count = {
        rule_id: sum(1 for d in reviews if d.rule_id == rule_id)
        for rule_id in {d.rule_id for d in reviews}
    }
    assert count == {
        "GGS-review-dc": 26,  # fortnightly, whole fortnights within the year
        "GGS-review-commissioner": 12,
        "GGS-review-secretary": 12,
        "GGS-review-cs": 6,  # bi-monthly: every two months
        "GGS-review-cm": 4,
    }
    cm = [d.due for d in reviews if d.rule_id == "GGS-review-cm"]
    assert cm == [q.end for q in year.quarters]
    assert all(d.due == Month.of(d.due).end for d in reviews if d.rule_id != "GGS-review-dc")


def test_ggs_publication_cadence_over_a_year() -> None:
    year = FinancialYear(2025)
    published = ggs_publication_deadlines(year.start, year.end)
    count = {
        rule_id: sum(1 for d in published if d.rule_id == rule_id)
        for rule_id in {d.rule_id for d in published}
    }
    assert count == {
        "GGS-publication-district": 26,
        "GGS-publication-department": 12,
        "GGS-publication-pmru": 12,
        "GGS-publication-information": 52,
    }


def test_ggs_periods_must_be_whole_months() -> None:
    with pytest.raises(ValidationError):
        ggs_review_deadlines(date(2025, 7, 2), date(2026, 6, 30))


def test_deadlines_between_spans_budget_years() -> None:
    due = deadlines_between(date(2025, 6, 15), date(2025, 7, 20))
    rules = {d.rule_id for d in due}
    assert {"BR-S2-19", "LGA-35(4)#due", "BR-80(5)#due", "BR-47(6)#annual"} <= rules
    assert all(date(2025, 6, 15) <= d.due <= date(2025, 7, 20) for d in due)
    with pytest.raises(ValidationError):
        deadlines_between(date(2025, 7, 2), date(2025, 7, 1))


def test_a_prescribed_day_overrides_the_rules_default() -> None:
    # BR-80(2)(b): "by 10th of the month for the previous month or as prescribed"
    year = budget_calendar(FinancialYear(2025), monthly_days={"BR-80(2)(b)#due": 12})
    mine = [d for d in year if d.rule_id == "BR-80(2)(b)#due"]
    assert len(mine) == 12
    assert all(d.due.day == 12 for d in mine)
    with pytest.raises(ValidationError, match="no monthly duty"):
        monthly_deadlines([Month(2025, 1)], days={"BR-99#due": 3})


def test_the_monthly_council_reports_fall_due_at_the_end_of_the_following_month() -> None:
    """BR-72(1), BR-81(1): the reports of February fall due on 31 March; those of January on
    the last day of February (a short month clips day 31)."""
    due = {
        (d.rule_id, d.due.isoformat())
        for d in monthly_deadlines([Month(2025, 1), Month(2025, 2)])
        if d.rule_id in {"BR-72(1)#due", "BR-81(1)#due"}
    }
    assert due == {
        ("BR-72(1)#due", "2025-02-28"),
        ("BR-81(1)#due", "2025-02-28"),
        ("BR-72(1)#due", "2025-03-31"),
        ("BR-81(1)#due", "2025-03-31"),
    }
