"""Recurrences with dateutil's ``rrule``, explicit about month ends.

RFC 5545 (and so ``rrule``) *skips* a month that lacks the requested day: a monthly rule on
the 31st has no February. A deadline cannot vanish, so kpgov clips instead: "day ``n``" of a
shorter month is its last day. The rrule idiom is ``bymonthday=(n, -1), bysetpos=1``: of the
candidate days {n, last day} in each month, take the first.

>>> [d.isoformat() for d in monthly_on_day(date(2025, 1, 1), 3, 31)]
['2025-01-31', '2025-02-28', '2025-03-31']
>>> [d.isoformat() for d in month_ends(date(2024, 1, 1), 2)]
['2024-01-31', '2024-02-29']
"""

from __future__ import annotations

from datetime import date, datetime

from dateutil.rrule import MONTHLY, WEEKLY, YEARLY, rrule

from kpgov.errors import ValidationError

__all__ = ["every_n_weeks", "month_ends", "monthly_on_day", "yearly_on"]


def _dates(rule: rrule) -> list[date]:
    return [moment.date() for moment in rule]


def _start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def monthly_on_day(first_month: date, count: int, day: int, *, interval: int = 1) -> list[date]:
    """Day ``day`` of ``count`` months from the month of ``first_month`` (every ``interval``
    months), clipped to the month's last day when the month is shorter."""
    if not 1 <= day <= 31:
        raise ValidationError(f"a day of the month is 1 to 31, not {day}")
    if count < 0:
        raise ValidationError(f"a count cannot be negative, not {count}")
    if day <= 28:  # every month has it: the plain rule
        rule = rrule(
            MONTHLY,
            dtstart=_start(first_month.replace(day=1)),
            count=count,
            interval=interval,
            bymonthday=day,
        )
    else:
        rule = rrule(
            MONTHLY,
            dtstart=_start(first_month.replace(day=1)),
            count=count,
            interval=interval,
            bymonthday=(day, -1),
            bysetpos=1,
        )
    return _dates(rule)


def month_ends(first_month: date, count: int, *, interval: int = 1) -> list[date]:
    """The last day of ``count`` months from the month of ``first_month``."""
    rule = rrule(
        MONTHLY,
        dtstart=_start(first_month.replace(day=1)),
        count=count,
        interval=interval,
        bymonthday=-1,
    )
    return _dates(rule)


def every_n_weeks(first: date, until: date, weeks: int) -> list[date]:
    """``first`` and every ``weeks`` weeks after it, up to ``until``."""
    return _dates(rrule(WEEKLY, dtstart=_start(first), until=_start(until), interval=weeks))


def yearly_on(after: date, count: int, month: int, day: int) -> list[date]:
    """The first ``count`` dates with the given month and day strictly after ``after``."""
    first = date(after.year, month, day)
    if first <= after:
        first = date(after.year + 1, month, day)
    return _dates(rrule(YEARLY, dtstart=_start(first), count=count, bymonth=month, bymonthday=day))
