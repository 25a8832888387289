"""Working-day policies: weekends, holidays, and moving deadlines off non-working days."""

import sys
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpgov.calendar import (
    Adjustment,
    MissingDependencyError,
    Weekend,
    WorkingDays,
    budget_calendar,
    pakistan_holidays,
    release_deadline,
)
from kpgov.periods import FinancialYear
from kpgov.testing import financial_years

days = st.dates(date(2000, 1, 1), date(2090, 12, 31))
policies = st.builds(
    WorkingDays,
    adjustment=st.sampled_from(Adjustment),
    weekend=st.sampled_from(Weekend),
    holidays=st.frozensets(days, max_size=40),
)


def _gap(policy: WorkingDays, day: date, step: int) -> int:
    """Days from ``day`` to the nearest working day in the direction ``step``."""
    n = 0
    while not policy.is_working_day(day + timedelta(days=n * step)):
        n += 1
    return n


@given(policies, days)
def test_a_moved_deadline_lands_on_the_nearest_working_day(policy: WorkingDays, day: date) -> None:
    moved = policy.adjust(day)
    if policy.adjustment is Adjustment.AS_STATED:
        assert moved == day
        return
    step = 1 if policy.adjustment is Adjustment.NEXT else -1
    assert policy.is_working_day(moved)  # never onto a non-working day
    assert (moved - day).days * step >= 0  # in the policy's direction
    assert abs((moved - day).days) == _gap(policy, day, step)  # by no more than the gap
    if policy.is_working_day(day):
        assert moved == day


@given(
    financial_years(2015, 2040),
    st.sampled_from([Adjustment.NEXT, Adjustment.PREVIOUS]),
    st.sampled_from(Weekend),
)
def test_a_whole_calendar_moved_keeps_the_stated_dates(
    year: FinancialYear, adjustment: Adjustment, weekend: Weekend
) -> None:
    policy = WorkingDays(adjustment=adjustment, weekend=weekend)
    for before, after in zip(
        budget_calendar(year), policy.apply_all(budget_calendar(year)), strict=True
    ):
        assert after.stated_due == before.due
        assert policy.is_working_day(after.due)
        assert after.moved == (after.due != before.due)
        assert after.first_day <= after.due


def test_weekends() -> None:
    saturday = date(2025, 8, 16)
    assert not WorkingDays().is_working_day(saturday)
    assert WorkingDays(weekend=Weekend.SUNDAY).is_working_day(saturday)
    assert not WorkingDays(weekend=Weekend.SUNDAY).is_working_day(saturday + timedelta(days=1))


def test_the_default_is_the_law_as_stated() -> None:
    deadline = release_deadline(date(2025, 8, 13))  # due Saturday 16 August
    assert WorkingDays().apply(deadline) == deadline
    moved = WorkingDays(adjustment=Adjustment.NEXT).apply(deadline)
    assert (moved.due, moved.stated_due, moved.moved) == (
        date(2025, 8, 18),
        date(2025, 8, 16),
        True,
    )
    back = WorkingDays(adjustment=Adjustment.PREVIOUS).apply(deadline)
    assert back.due == date(2025, 8, 15)


def test_moving_back_before_a_window_start_moves_the_start_too() -> None:
    deadline = release_deadline(date(2025, 8, 13))
    policy = WorkingDays(
        adjustment=Adjustment.PREVIOUS,
        holidays=[date(2025, 8, 13), date(2025, 8, 14), date(2025, 8, 15)],
    )
    moved = policy.apply(deadline)
    assert moved.due == moved.start == date(2025, 8, 12)


def test_pakistan_holidays_from_the_holidays_package() -> None:
    pytest.importorskip("holidays")
    assert date(2025, 8, 14) in pakistan_holidays([2025])  # Independence Day
    policy = WorkingDays(adjustment=Adjustment.NEXT, pakistan=True)
    assert policy.adjust(date(2025, 8, 14)) == date(2025, 8, 15)
    assert policy.is_holiday(date(2026, 3, 23))  # Pakistan Day, loaded for another year


def test_a_missing_holidays_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "holidays", None)  # makes `import holidays` fail
    with pytest.raises(MissingDependencyError, match=r"kpgov\[holidays\]") as info:
        WorkingDays(pakistan=True).is_working_day(date(2025, 8, 14))
    assert isinstance(info.value, ImportError)
    assert WorkingDays().is_working_day(date(2025, 8, 14))  # without it, nothing is imported
