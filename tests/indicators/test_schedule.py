"""When reports are due: implementation timeframes and frequencies."""

from __future__ import annotations

from datetime import date

from kpgov.indicators import ONCE, due_date, expected_slots, load_catalogue, slots_until
from kpgov.periods import FinancialYear, Month

CAT = load_catalogue()
LAUNCH = date(2019, 7, 1)
YEAR = FinancialYear(2019)


def test_due_dates_follow_the_timeframes() -> None:
    assert due_date(CAT["GGS-OG-18"], LAUNCH) == LAUNCH  # immediate
    assert due_date(CAT["GGS-OG-01"], LAUNCH) == date(2019, 10, 1)  # short-term: 3 months
    assert due_date(CAT["GGS-OG-11"], LAUNCH) == date(2020, 1, 1)  # mid-term: 6 months
    assert due_date(CAT["GGS-OG-24"], LAUNCH) == date(2020, 7, 1)  # long-term: 12 months
    assert due_date(CAT["GGS-PA-23"], LAUNCH) is None  # "Yearly" is not a timeframe


def test_monthly_and_real_time_indicators_have_a_slot_per_month_from_the_due_month() -> None:
    assert expected_slots(CAT["GGS-OG-18"], YEAR, LAUNCH) == YEAR.months
    assert expected_slots(CAT["GGS-OG-01"], YEAR, LAUNCH) == YEAR.months[3:]
    assert expected_slots(CAT["GGS-OG-24"], YEAR, LAUNCH) == ()
    assert expected_slots(CAT["GGS-OG-18"], Month(2019, 6), LAUNCH) == ()


def test_yearly_one_off_and_unknown_frequencies() -> None:
    assert expected_slots(CAT["GGS-PA-10"], YEAR, LAUNCH) == (YEAR,)
    assert expected_slots(CAT["GGS-PA-10"], YEAR.quarter(1), LAUNCH) == ()
    assert expected_slots(CAT["GGS-IT-10"], YEAR, date(2019, 1, 1)) == (ONCE,)  # long-term
    assert expected_slots(CAT["GGS-IT-10"], YEAR, LAUNCH) == ()  # due after the year
    assert expected_slots(CAT["GGS-IT-01"], YEAR, LAUNCH) == ()  # frequency lost in the source


def test_slots_until_counts_closed_slots_only() -> None:
    assert slots_until(CAT["GGS-OG-18"], LAUNCH, date(2019, 9, 15)) == (
        Month(2019, 7),
        Month(2019, 8),
    )
    assert slots_until(CAT["GGS-PA-10"], LAUNCH, date(2021, 7, 1)) == (YEAR, YEAR.next())
    assert slots_until(CAT["GGS-OG-18"], LAUNCH, LAUNCH) == ()
