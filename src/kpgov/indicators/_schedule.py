"""When reports of an indicator are due: the implementation timeframe and the frequency.

The strategy ("IMPLEMENTATION TIME-FRAME") monitors an *immediate* indicator from the launch,
and implements a *short-term* one within 3 months, *mid-term* within 6 and *long-term* within
12. From the month in which that period ends, a monthly or real-time indicator is reported
every month, a yearly one every financial year, a one-off ("Once") indicator once.

>>> from datetime import date
>>> from kpgov.indicators import load_catalogue
>>> og12 = load_catalogue()["GGS-OG-12"]  # mid-term, real-time
>>> due_date(og12, date(2019, 3, 15))
datetime.date(2019, 9, 15)
>>> [str(m) for m in expected_slots(og12, FinancialYear(2019), date(2019, 3, 15))][:2]
['2019-09', '2019-10']
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Final

import attrs
from dateutil.relativedelta import relativedelta

from kpgov.indicators._catalogue import Frequency, Indicator
from kpgov.periods import FinancialYear, Month, Quarter

__all__ = [
    "ONCE",
    "MonthSpan",
    "Slot",
    "Window",
    "due_date",
    "expected_slots",
    "slots_until",
    "window_months",
]

#: The single reporting slot of a one-off indicator.
ONCE: Final = "once"

#: A reporting slot: a month, a financial year, or :data:`ONCE`.
Slot = Month | FinancialYear | str


@attrs.frozen
class MonthSpan:
    """A run of ``count`` months from ``first``: the two-monthly window of the Chief
    Secretary's review.

    >>> span = MonthSpan(Month(2019, 7), 2)
    >>> str(span), span.start.isoformat(), span.end.isoformat()
    ('2019-07..2019-08', '2019-07-01', '2019-08-31')
    """

    first: Month
    count: int = attrs.field(validator=attrs.validators.ge(1))

    @property
    def months(self) -> tuple[Month, ...]:
        months = [self.first]
        while len(months) < self.count:
            months.append(months[-1].next())
        return tuple(months)

    @property
    def start(self) -> date:
        return self.first.start

    @property
    def end(self) -> date:
        return self.months[-1].end

    def __str__(self) -> str:
        return f"{self.first}..{self.months[-1]}"


#: The period a scorecard covers.
Window = FinancialYear | Quarter | Month | MonthSpan


def due_date(indicator: Indicator, launch: date) -> date | None:
    """The date from which ``indicator`` is reported, or None if its timeframe is unknown."""
    months = indicator.timeframe.months
    if months is None:
        return None
    return launch + relativedelta(months=months)


@functools.lru_cache(maxsize=256)
def window_months(window: Window) -> tuple[Month, ...]:
    """The months of a window, in order (cached: windows are immutable values)."""
    if isinstance(window, Month):
        return (window,)
    return window.months


def expected_slots(indicator: Indicator, window: Window, launch: date) -> tuple[Slot, ...]:
    """The reporting slots of ``indicator`` that fall in ``window``, in time order.

    Yearly indicators have a slot only in a financial-year window; indicators whose timeframe
    or frequency the source does not give have none.
    """
    due = due_date(indicator, launch)
    frequency = indicator.frequency
    if due is None or frequency is Frequency.UNKNOWN:
        return ()
    if frequency in (Frequency.MONTHLY, Frequency.REAL_TIME):
        first = Month.of(due).start
        return tuple(m for m in window_months(window) if m.start >= first)
    if frequency is Frequency.YEARLY:
        return (window,) if isinstance(window, FinancialYear) and window.end >= due else ()
    return (ONCE,) if due <= window.end else ()


def slots_until(indicator: Indicator, launch: date, as_of: date) -> tuple[Slot, ...]:
    """Every slot of ``indicator`` that has closed before ``as_of``: months and financial
    years that ended before it, and the one-off slot once its due date has passed."""
    due = due_date(indicator, launch)
    frequency = indicator.frequency
    if due is None or frequency is Frequency.UNKNOWN or due >= as_of:
        return ()
    if frequency in (Frequency.MONTHLY, Frequency.REAL_TIME):
        months: list[Slot] = []
        month = Month.of(due)
        while month.end < as_of:
            months.append(month)
            month = month.next()
        return tuple(months)
    if frequency is Frequency.YEARLY:
        years: list[Slot] = []
        year = FinancialYear.containing(due)
        while year.end < as_of:
            years.append(year)
            year = year.next()
        return tuple(years)
    return (ONCE,)
