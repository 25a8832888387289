"""Financial years, quarters and months (BR-2(1)(j): a financial year runs 1 July - 30 June).

>>> fy = FinancialYear.parse("FY2016-17")
>>> fy, fy.start, fy.end
(FinancialYear(2016), datetime.date(2016, 7, 1), datetime.date(2017, 6, 30))
>>> str(fy), str(fy.next()), str(fy.previous())
('2016-17', '2017-18', '2015-16')
>>> FinancialYear.containing(date(2017, 3, 5))
FinancialYear(2016)
>>> [str(m) for m in fy.months[:2]], str(fy.months[-1])
(['2016-07', '2016-08'], '2017-06')
>>> fy.end_of_month(8)  # "after eight months" (BR-82) is the end of February
datetime.date(2017, 2, 28)
>>> fy.quarter(3)
Quarter(year=FinancialYear(2016), number=3)
>>> fy.quarter(3).start, fy.quarter(3).end
(datetime.date(2017, 1, 1), datetime.date(2017, 3, 31))
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Final

import attrs
from dateutil.relativedelta import relativedelta

from kpgov.errors import ParseError, ValidationError

__all__ = ["FinancialYear", "Month", "Quarter"]

_FY_RE: Final = re.compile(r"^(?:FY\s*)?(\d{4})\s*[-/–]\s*(\d{2}|\d{4})$", re.IGNORECASE)
_MONTH_RE: Final = re.compile(r"^(\d{4})-(\d{1,2})$")


def _check_year(_instance: object, _attribute: object, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2999:
        raise ValidationError(f"a financial year starts in a year from 1900 to 2999, not {value!r}")


@attrs.frozen(order=True, repr=False)
class FinancialYear:
    """The financial year that starts on 1 July of ``start_year`` (``FinancialYear(2016)``
    is 2016-17)."""

    start_year: int = attrs.field(validator=_check_year)

    def __repr__(self) -> str:
        return f"FinancialYear({self.start_year})"

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The label budget documents use: ``"2016-17"``."""
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        """Read ``"2016-17"``, ``"FY2016-17"``, ``"2016/17"`` or ``"2016-2017"``."""
        if not isinstance(text, str):
            raise ParseError(f"a financial year is text such as '2016-17', not {text!r}")
        match = _FY_RE.match(text.strip())
        if match is None:
            raise ParseError(f"not a financial year: {text!r} (expected e.g. '2016-17')")
        start, end = int(match[1]), match[2]
        expected = str(start + 1) if len(end) == 4 else f"{(start + 1) % 100:02d}"
        if end != expected:
            raise ParseError(
                f"not a financial year: {text!r} (a year starting in {start} ends in {expected})"
            )
        return cls(start)

    @classmethod
    def containing(cls, day: date) -> FinancialYear:
        """The financial year in which ``day`` falls."""
        return cls(day.year if day.month >= 7 else day.year - 1)

    @property
    def start(self) -> date:
        return date(self.start_year, 7, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, 6, 30)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def next(self) -> FinancialYear:
        return FinancialYear(self.start_year + 1)

    def previous(self) -> FinancialYear:
        return FinancialYear(self.start_year - 1)

    def offset(self, years: int) -> FinancialYear:
        """The year ``years`` later (negative for earlier)."""
        return FinancialYear(self.start_year + years)

    @property
    def months(self) -> tuple[Month, ...]:
        """The twelve months in order, July first."""
        first = Month(self.start_year, 7)
        return tuple(first.offset(n) for n in range(12))

    def month(self, n: int) -> Month:
        """The ``n``-th month of the year (1 is July, 12 is June)."""
        if not 1 <= n <= 12:
            raise ValidationError(f"a financial year has months 1 to 12, not {n}")
        return self.months[n - 1]

    @property
    def quarters(self) -> tuple[Quarter, ...]:
        return tuple(Quarter(self, n) for n in range(1, 5))

    def quarter(self, n: int) -> Quarter:
        return Quarter(self, n)

    def end_of_month(self, n: int) -> date:
        """The last day of the ``n``-th month: "after eight months" is ``end_of_month(8)``."""
        return self.month(n).end


def _check_quarter(_instance: object, _attribute: object, value: int) -> None:
    if not 1 <= value <= 4:
        raise ValidationError(f"a quarter is numbered 1 to 4, not {value!r}")


@attrs.frozen(order=True)
class Quarter:
    """A quarter of a financial year: Q1 is July-September, Q4 April-June."""

    year: FinancialYear
    number: int = attrs.field(validator=_check_quarter)

    def __str__(self) -> str:
        return f"{self.year} Q{self.number}"

    @property
    def months(self) -> tuple[Month, ...]:
        return self.year.months[3 * (self.number - 1) : 3 * self.number]

    @property
    def start(self) -> date:
        return self.months[0].start

    @property
    def end(self) -> date:
        return self.months[-1].end


def _check_month(_instance: object, _attribute: object, value: int) -> None:
    if not 1 <= value <= 12:
        raise ValidationError(f"a month is numbered 1 to 12, not {value!r}")


@attrs.frozen(order=True, repr=False)
class Month:
    """A calendar month, the period of monthly reporting (``Month(2016, 7)``, "2016-07").

    >>> Month(2017, 2).day(31)  # the last day when the month is shorter
    datetime.date(2017, 2, 28)
    >>> Month.parse("2016-12").next()
    Month(2017, 1)
    """

    year: int = attrs.field(validator=_check_year)
    month: int = attrs.field(validator=_check_month)

    def __repr__(self) -> str:
        return f"Month({self.year}, {self.month})"

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @classmethod
    def parse(cls, text: str) -> Month:
        match = _MONTH_RE.match(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise ParseError(f"not a month: {text!r} (expected e.g. '2016-07')")
        try:
            return cls(int(match[1]), int(match[2]))
        except ValidationError as exc:
            raise ParseError(f"not a month: {text!r} ({exc.message})") from exc

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    def day(self, n: int) -> date:
        """Day ``n`` of the month, or its last day when the month is shorter."""
        if not 1 <= n <= 31:
            raise ValidationError(f"a day of the month is 1 to 31, not {n}")
        return date(self.year, self.month, min(n, self.days))

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear.containing(self.start)

    def offset(self, months: int) -> Month:
        moved = self.start + relativedelta(months=months)
        return Month(moved.year, moved.month)

    def next(self) -> Month:
        return self.offset(1)

    def previous(self) -> Month:
        return self.offset(-1)
