"""Financial years (1 July - 30 June), quarters and months."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpgov.errors import ParseError, ValidationError
from kpgov.periods import FinancialYear, Month, Quarter
from kpgov.testing import financial_years, months


@pytest.mark.parametrize("text", ["2016-17", "FY2016-17", "fy 2016-17", "2016/17", "2016-2017"])
def test_parse_accepts_the_usual_labels(text: str) -> None:
    assert FinancialYear.parse(text) == FinancialYear(2016)


@pytest.mark.parametrize("text", ["2016-18", "2016", "16-17", "FY 2016", "2016-2018", ""])
def test_parse_refuses_what_is_not_a_year(text: str) -> None:
    with pytest.raises(ParseError):
        FinancialYear.parse(text)


def test_century_rollover_label() -> None:
    assert str(FinancialYear(2099)) == "2099-00"
    assert FinancialYear.parse("2099-00") == FinancialYear(2099)


def test_bad_years_are_refused() -> None:
    with pytest.raises(ValidationError):
        FinancialYear(16)
    with pytest.raises(ValidationError):
        Month(2016, 13)
    with pytest.raises(ValidationError):
        Quarter(FinancialYear(2016), 5)


def test_quarters_and_months_of_2016_17() -> None:
    fy = FinancialYear(2016)
    assert [str(q) for q in fy.quarters] == ["2016-17 Q1", "2016-17 Q2", "2016-17 Q3", "2016-17 Q4"]
    assert fy.quarter(1).start == date(2016, 7, 1)
    assert fy.quarter(4).end == date(2017, 6, 30)
    assert fy.month(1) == Month(2016, 7)
    assert fy.month(12) == Month(2017, 6)
    with pytest.raises(ValidationError):
        fy.month(13)


def test_end_of_month_is_explicit_about_leap_years() -> None:
    assert FinancialYear(2015).end_of_month(8) == date(2016, 2, 29)
    assert FinancialYear(2016).end_of_month(8) == date(2017, 2, 28)


def test_month_day_clamps_to_the_last_day() -> None:
    assert Month(2024, 2).day(30) == date(2024, 2, 29)
    assert Month(2024, 4).day(31) == date(2024, 4, 30)
    assert Month(2024, 1).day(10) == date(2024, 1, 10)


@given(financial_years())
def test_a_year_is_twelve_contiguous_months_from_july(fy: FinancialYear) -> None:
    assert len(fy.months) == 12
    assert fy.months[0].start == fy.start
    assert fy.months[-1].end == fy.end
    for before, after in zip(fy.months, fy.months[1:], strict=False):
        assert before.end + timedelta(days=1) == after.start
    assert sum(m.days for m in fy.months) == (fy.end - fy.start).days + 1
    assert fy.next().previous() == fy
    assert fy < fy.next()


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2998, 12, 31)))
def test_containing_finds_the_year_of_any_day(day: date) -> None:
    fy = FinancialYear.containing(day)
    assert fy.start <= day <= fy.end
    assert day in fy
    assert Month.of(day).financial_year == fy


@given(financial_years())
def test_label_round_trips(fy: FinancialYear) -> None:
    assert FinancialYear.parse(str(fy)) == fy


@given(months(), st.integers(-500, 500))
def test_month_offsets_compose(month: Month, n: int) -> None:
    assert month.offset(n).offset(-n) == month
    assert Month.parse(str(month)) == month
