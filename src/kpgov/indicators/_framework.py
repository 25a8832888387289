"""The budget performance framework: outcomes -> outputs -> KPIs (Forms BSF-2 and BM-8).

Form BSF-2 ("Service Delivery Performance Indicators & Targets", r.45, 51, 52) sets, for each
KPI of each output of each outcome, the target and progress of the current year and the
medium-term targets of the budget year and two outer years. Form BM-8 ("Service Delivery
Targets", r.51, 79) reports each month the current year's target, the month's progress and
the progress to date. r.47(2) asks for targets "duly disaggregated gender wise"; r.53 for
indicators that are specific, measurable, time bound and verifiable, with medium-term targets.

>>> from kpgov.periods import FinancialYear, Month
>>> kpi = Kpi(
...     "1.1.1", "Girls and boys enrolled in primary schools", unit="pupils",
...     measure=MeasureKind.NUMBER,
...     targets=Targets(Decimal(1000), Decimal(1100), Decimal(1200), Decimal(1300)),
...     by_gender=(GenderTargets(Gender.FEMALE, Targets(Decimal(480), Decimal(540),
...                                                     Decimal(600), Decimal(660))),
...                GenderTargets(Gender.MALE, Targets(Decimal(520), Decimal(560),
...                                                   Decimal(600), Decimal(640)))),
...     verification="EMIS annual school census",
...     progress=(MonthlyProgress(Month(2017, 7), Decimal(300)),
...               MonthlyProgress(Month(2017, 8), Decimal(250))),
... )
>>> framework = PerformanceFramework(
...     office="District Education Officer", grant="12", budget_year=FinancialYear(2017),
...     outcomes=(Outcome("1", "Universal primary education",
...                       (Output("1.1", "Primary schooling", (kpi,)),)),),
... )
>>> row = framework.bm8_rows(Month(2017, 8))[0]
>>> row.target, row.current_month, row.to_date
(Decimal('1100'), Decimal('250'), Decimal('550'))
>>> check_framework(framework, as_of=date(2017, 9, 15)).ok
True
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Final

import attrs

from kpgov.errors import ValidationError
from kpgov.findings import Finding, Report
from kpgov.indicators._catalogue import MeasureKind
from kpgov.indicators._rules import (
    KPI_GENDER,
    KPI_MEASURABLE,
    KPI_MEDIUM_TERM,
    KPI_OUTPUTS,
    KPI_PROGRESS,
    KPI_SPECIFIC,
    KPI_TIME_BOUND,
    KPI_VERIFIABLE,
)
from kpgov.periods import FinancialYear, Month

__all__ = [
    "Bm8Row",
    "Gender",
    "GenderTargets",
    "Kpi",
    "MonthlyProgress",
    "Outcome",
    "Output",
    "PerformanceFramework",
    "Targets",
    "check_framework",
]

_NUMBER_RE: Final = re.compile(r"^\d+(\.\d+)*$")
_HUNDRED: Final = Decimal(100)


class Gender(enum.Enum):
    FEMALE = "female"
    MALE = "male"
    TRANSGENDER = "transgender"


def _optional_decimal(value: object) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    raise ValidationError(f"a target is a Decimal or None, not {value!r}")


@attrs.frozen
class Targets:
    """The four target columns of Form BSF-2 (None where the form leaves one blank)."""

    current_year: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    budget_year: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    outer_year_1: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    outer_year_2: Decimal | None = attrs.field(default=None, converter=_optional_decimal)

    def items(self) -> tuple[tuple[str, Decimal | None], ...]:
        return (
            ("current year", self.current_year),
            ("budget year", self.budget_year),
            ("outer year I", self.outer_year_1),
            ("outer year II", self.outer_year_2),
        )


@attrs.frozen
class GenderTargets:
    """The targets of one gender (r.47(2))."""

    gender: Gender
    targets: Targets


@attrs.frozen
class MonthlyProgress:
    """Progress achieved in one month (Form BM-8, "Current Month"), optionally by gender."""

    month: Month
    value: Decimal
    by_gender: tuple[tuple[Gender, Decimal], ...] = ()


def _check_number(depth: int) -> Callable[[object, attrs.Attribute[str], str], None]:
    def check(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
        if not _NUMBER_RE.match(value) or value.count(".") != depth:
            example = ".".join(["1"] * (depth + 1))
            raise ValidationError(f"{attribute.name} {value!r} is not numbered like {example!r}")

    return check


@attrs.frozen
class Kpi:
    """A key performance indicator of an output (``1.1.1``), with targets and progress.

    ``gender_neutral`` states why a KPI has no gender disaggregation (for example a road's
    length); without it r.47(2) expects ``by_gender``. ``cumulative`` KPIs (counts) add their
    monthly progress to date; others (rates, percentages) report their latest level.
    """

    number: str = attrs.field(validator=_check_number(2))
    name: str
    unit: str = ""
    measure: MeasureKind = MeasureKind.NUMBER
    targets: Targets = Targets()
    by_gender: tuple[GenderTargets, ...] = ()
    gender_neutral: str = ""
    verification: str = ""
    progress: tuple[MonthlyProgress, ...] = ()
    cumulative: bool | None = None

    @property
    def is_cumulative(self) -> bool:
        if self.cumulative is not None:
            return self.cumulative
        return self.measure in (MeasureKind.NUMBER, MeasureKind.UNSPECIFIED)

    def progress_in(self, month: Month) -> Decimal | None:
        """The progress reported for ``month`` (None if not reported)."""
        values = [p.value for p in self.progress if p.month == month]
        return sum(values, Decimal(0)) if values else None

    def progress_to_date(self, month: Month) -> Decimal | None:
        """Progress of the financial year up to ``month`` (BM-8 "Progressive To date")."""
        year = month.financial_year
        reported = sorted(
            (
                p
                for p in self.progress
                if p.month.financial_year == year and p.month.start <= month.start
            ),
            key=lambda p: p.month.start,
        )
        if not reported:
            return None
        if self.is_cumulative:
            return sum((p.value for p in reported), Decimal(0))
        return reported[-1].value


@attrs.frozen
class Output:
    number: str = attrs.field(validator=_check_number(1))
    name: str
    kpis: tuple[Kpi, ...] = ()

    def __attrs_post_init__(self) -> None:
        for kpi in self.kpis:
            if not kpi.number.startswith(self.number + "."):
                raise ValidationError(
                    f"KPI {kpi.number} is not numbered under output {self.number}"
                )


@attrs.frozen
class Outcome:
    number: str = attrs.field(validator=_check_number(0))
    name: str
    outputs: tuple[Output, ...] = ()

    def __attrs_post_init__(self) -> None:
        for output in self.outputs:
            if not output.number.startswith(self.number + "."):
                raise ValidationError(
                    f"output {output.number} is not numbered under outcome {self.number}"
                )


@attrs.frozen
class Bm8Row:
    """One line of Form BM-8 for a month."""

    number: str
    name: str
    target: Decimal | None
    current_month: Decimal | None
    to_date: Decimal | None


@attrs.frozen
class PerformanceFramework:
    """An office's Form BSF-2: outcomes, outputs and KPIs for ``budget_year``.

    The "current year" columns are the year before ``budget_year``; the outer years are the
    two after it (r.51(4)).
    """

    office: str
    grant: str
    budget_year: FinancialYear
    outcomes: tuple[Outcome, ...] = ()

    @property
    def current_year(self) -> FinancialYear:
        return self.budget_year.previous()

    def kpis(self) -> Iterator[tuple[Outcome, Output, Kpi]]:
        for outcome in self.outcomes:
            for output in outcome.outputs:
                for kpi in output.kpis:
                    yield outcome, output, kpi

    def bm8_rows(self, month: Month) -> tuple[Bm8Row, ...]:
        """Form BM-8 for ``month``: the year's target, the month's and the year's progress.

        In the budget year the target is the BSF-2 budget-year target; in the current year,
        the current-year target.
        """
        year = month.financial_year
        rows = []
        for _, _, kpi in self.kpis():
            if year == self.budget_year:
                target = kpi.targets.budget_year
            elif year == self.current_year:
                target = kpi.targets.current_year
            else:
                target = None
            rows.append(
                Bm8Row(
                    kpi.number,
                    kpi.name,
                    target,
                    kpi.progress_in(month),
                    kpi.progress_to_date(month),
                )
            )
        return tuple(rows)


def check_framework(framework: PerformanceFramework, *, as_of: date | None = None) -> Report:
    """Check r.47(2) and r.53 on a framework; with ``as_of``, also that monthly progress of
    the budget year is reported for every month ended before it (r.53(4), Form BM-8)."""
    return Report(
        tuple(_findings(framework, as_of)), title=f"Performance framework: {framework.office}"
    )


def _findings(framework: PerformanceFramework, as_of: date | None) -> Iterator[Finding]:
    office = framework.office
    for outcome in framework.outcomes:
        if not outcome.outputs:
            yield Finding.of(
                KPI_OUTPUTS, f"{office} outcome {outcome.number}", "outcome has no output"
            )
        for output in outcome.outputs:
            if not output.kpis:
                yield Finding.of(
                    KPI_OUTPUTS, f"{office} output {output.number}", "output has no KPI"
                )
            seen: set[str] = set()
            for kpi in output.kpis:
                subject = f"{office} KPI {kpi.number}"
                key = " ".join(kpi.name.lower().split())
                if not key:
                    yield Finding.of(KPI_SPECIFIC, subject, "the KPI has no name")
                elif key in seen:
                    yield Finding.of(
                        KPI_SPECIFIC,
                        subject,
                        f"the KPI repeats {kpi.name!r} within output {output.number}",
                    )
                seen.add(key)
                if (
                    kpi.measure in (MeasureKind.NUMBER, MeasureKind.UNSPECIFIED)
                    and not kpi.unit.strip()
                ):
                    yield Finding.of(
                        KPI_SPECIFIC,
                        subject,
                        "a counted KPI names its unit",
                        expected="a unit such as 'pupils'",
                        actual="none",
                    )
                yield from _kpi_targets(kpi, subject)
                if not kpi.verification.strip():
                    yield Finding.of(
                        KPI_VERIFIABLE, subject, "the KPI does not name how it is verified"
                    )
                if as_of is not None:
                    yield from _kpi_progress(kpi, subject, framework.budget_year, as_of)


def _kpi_targets(kpi: Kpi, subject: str) -> Iterator[Finding]:
    targets = kpi.targets.items()
    if all(value is None for _, value in targets):
        yield Finding.of(KPI_TIME_BOUND, subject, "the KPI has no target for any year")
        return
    for column, value in targets[1:]:
        if value is None:
            yield Finding.of(
                KPI_MEDIUM_TERM,
                subject,
                f"no target for the {column}",
                expected="a target",
                actual="blank",
            )
    for column, value in targets:
        if value is None:
            continue
        problem = _misfit(value, kpi.measure)
        if problem:
            yield Finding.of(KPI_MEASURABLE, subject, f"{column} target {value}: {problem}")
    if not kpi.by_gender:
        if not kpi.gender_neutral.strip():
            yield Finding.of(
                KPI_GENDER,
                subject,
                "targets are not disaggregated gender-wise and no reason is given",
            )
        return
    if kpi.measure is not MeasureKind.NUMBER:
        return
    for index, (column, total) in enumerate(targets):
        parts = [g.targets.items()[index][1] for g in kpi.by_gender]
        if total is None or any(p is None for p in parts):
            continue
        summed = sum((p for p in parts if p is not None), Decimal(0))
        if summed != total:
            yield Finding.of(
                KPI_GENDER,
                subject,
                f"{column}: the gender targets do not add up to the target",
                expected=total,
                actual=summed,
            )


def _misfit(value: Decimal, measure: MeasureKind) -> str:
    if value < 0:
        return "a target is never negative"
    if measure is MeasureKind.PERCENT and value > _HUNDRED:
        return "a percentage is at most 100"
    if measure is MeasureKind.YES_NO and value not in (0, 1):
        return "a Yes/No target is 1 or 0"
    return ""


def _kpi_progress(kpi: Kpi, subject: str, year: FinancialYear, as_of: date) -> Iterator[Finding]:
    reported = {p.month for p in kpi.progress}
    for month in year.months:
        if month.end < as_of and month not in reported:
            yield Finding.of(
                KPI_PROGRESS,
                subject,
                f"no progress reported for {month}",
                expected="monthly progress",
                actual="none",
            )
