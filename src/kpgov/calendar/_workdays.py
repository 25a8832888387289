"""Working days: which days offices work, and what happens to a deadline on a day they don't.

By default a deadline stays as the law states it (:attr:`Adjustment.AS_STATED`). A policy may
move a deadline that falls on a non-working day to the next or the previous working day.
Weekends are Saturday and Sunday (federal and most KP offices) or Sunday only (six-day
offices). Holidays are a list the user gives and, optionally, the Pakistan calendar of the
``holidays`` package (``pip install 'kpgov[holidays]'``; it has national holidays and estimated
Islamic dates, no provincial ones).

>>> policy = WorkingDays(adjustment=Adjustment.NEXT, holidays=[date(2025, 8, 14)])
>>> policy.adjust(date(2025, 8, 14)).isoformat()  # Independence Day, a Thursday
'2025-08-15'
>>> policy.adjust(date(2025, 8, 16)).isoformat()  # Saturday -> Monday
'2025-08-18'
>>> WorkingDays(weekend=Weekend.SUNDAY).adjust(date(2025, 8, 16)).isoformat()  # as stated
'2025-08-16'
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Final

import attrs

from kpgov.calendar._model import Deadline
from kpgov.errors import KpgovError

__all__ = [
    "Adjustment",
    "MissingDependencyError",
    "Weekend",
    "WorkingDays",
    "pakistan_holidays",
]


class MissingDependencyError(KpgovError, ImportError):
    """An optional package kpgov needs for this feature is not installed."""


class Weekend(enum.Enum):
    """The days offices do not work."""

    SATURDAY_SUNDAY = "sat-sun"
    SUNDAY = "sun"

    @property
    def weekdays(self) -> frozenset[int]:
        """The ``date.weekday()`` numbers of the weekend (Monday is 0)."""
        return frozenset({5, 6}) if self is Weekend.SATURDAY_SUNDAY else frozenset({6})


class Adjustment(enum.Enum):
    """What a policy does with a deadline that falls on a non-working day."""

    AS_STATED = "as-stated"
    NEXT = "next"
    PREVIOUS = "previous"


_MAX_GAP: Final = 366  # no run of holidays and weekends is longer than a year


def pakistan_holidays(years: Iterable[int]) -> frozenset[date]:
    """Pakistan's public holidays in ``years`` from the optional ``holidays`` package.

    Raises :class:`MissingDependencyError` (an ImportError) when it is not installed.
    """
    try:
        import holidays
    except ImportError:  # pragma: no cover - exercised by monkeypatching in the tests
        raise MissingDependencyError(
            "the Pakistan holiday calendar needs the optional 'holidays' package: "
            "pip install 'kpgov[holidays]'"
        ) from None
    return frozenset(holidays.country_holidays("PK", years=sorted(set(years))).keys())


def _to_dates(value: Iterable[date]) -> frozenset[date]:
    return frozenset(value)


@attrs.frozen
class WorkingDays:
    """A working-day policy: the weekend, the holidays, and how deadlines are adjusted.

    ``pakistan=True`` adds the ``holidays`` package's Pakistan calendar (loaded lazily, for the
    years asked about) to the ``holidays`` given.
    """

    adjustment: Adjustment = Adjustment.AS_STATED
    weekend: Weekend = Weekend.SATURDAY_SUNDAY
    holidays: frozenset[date] = attrs.field(factory=frozenset, converter=_to_dates)
    pakistan: bool = False
    _pk_cache: dict[int, frozenset[date]] = attrs.field(
        factory=dict, init=False, repr=False, eq=False, hash=False
    )

    def _pakistan_year(self, year: int) -> frozenset[date]:
        known = self._pk_cache.get(year)
        if known is None:
            known = pakistan_holidays([year])
            self._pk_cache[year] = known
        return known

    def is_holiday(self, day: date) -> bool:
        return day in self.holidays or (self.pakistan and day in self._pakistan_year(day.year))

    def is_working_day(self, day: date) -> bool:
        """False on a weekend day or a holiday."""
        return day.weekday() not in self.weekend.weekdays and not self.is_holiday(day)

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        return self._step(day, 1)

    def previous_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the last working day before it."""
        return self._step(day, -1)

    def _step(self, day: date, direction: int) -> date:
        current = day
        for _ in range(_MAX_GAP):
            if self.is_working_day(current):
                return current
            current += timedelta(days=direction)
        raise KpgovError(f"no working day within a year of {day.isoformat()}: check the holidays")

    def adjust(self, day: date) -> date:
        """``day`` moved as the policy says (unchanged when as stated or already working)."""
        if self.adjustment is Adjustment.NEXT:
            return self.next_working_day(day)
        if self.adjustment is Adjustment.PREVIOUS:
            return self.previous_working_day(day)
        return day

    def apply(self, deadline: Deadline) -> Deadline:
        """The deadline with ``due`` adjusted; ``stated_due`` keeps the law's date. A window's
        start is kept, unless moving the due date back puts it before the start."""
        due = self.adjust(deadline.stated_due)
        if due == deadline.due:
            return deadline
        start = deadline.start
        if start is not None and start > due:
            start = due
        return attrs.evolve(deadline, due=due, start=start)

    def apply_all(self, deadlines: Iterable[Deadline]) -> list[Deadline]:
        return [self.apply(deadline) for deadline in deadlines]
