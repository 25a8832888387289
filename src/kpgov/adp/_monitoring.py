"""Monitoring of development projects (r.47-r.49): findings as of a date."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Final

import attrs
from dateutil.relativedelta import relativedelta

from kpgov.adp._events import Role
from kpgov.adp._lifecycle import ProjectRecord, Stage
from kpgov.adp._project import FundingSource
from kpgov.adp._rules import rule
from kpgov.errors import ValidationError
from kpgov.findings import Finding, Report
from kpgov.law import Severity
from kpgov.money import as_amount
from kpgov.periods import FinancialYear, Month, Quarter

__all__ = [
    "REPORT_DAY",
    "VISIT_TARGETS",
    "DdcReview",
    "ProgressReport",
    "ReviewKind",
    "Visit",
    "check_completion",
    "check_progress_reports",
    "check_reviews",
    "check_visits",
    "monitor",
    "progress_report_due",
]

#: Day of the following month by which monthly progress reports are due (r.47(5)).
REPORT_DAY: Final = 10


def _percent(_instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError(f"{attribute.name} is a percentage (0-100), got {value}")


@attrs.frozen
class ProgressReport:
    """A monthly progress report (Forms BM-5 and BM-7, r.47(5)) on a project for a month."""

    project_code: str
    month: Month
    submitted_on: date
    physical_percent: Decimal = attrs.field(converter=as_amount, validator=_percent)
    expenditure: Decimal = attrs.field(converter=as_amount)


def progress_report_due(month: Month) -> date:
    """The day the report for ``month`` is due: the 10th of the next month (r.47(5)).

    >>> progress_report_due(Month(2025, 12))
    datetime.date(2026, 1, 10)
    """
    return month.next().day(REPORT_DAY)


def _executing_months(record: ProjectRecord, as_of: date) -> list[Month]:
    """Months in which the project was under execution, whose reports are due by ``as_of``."""
    if record.started_on is None:
        return []
    end = record.completed_on or as_of
    months = []
    month = Month.of(record.started_on)
    while month.start <= end and progress_report_due(month) < as_of:
        months.append(month)
        month = month.next()
    return months


def check_progress_reports(
    records: Iterable[ProjectRecord], reports: Iterable[ProgressReport], as_of: date
) -> list[Finding]:
    """Missing or late monthly progress reports as of ``as_of`` (r.47(5))."""
    by_key: dict[tuple[str, Month], ProgressReport] = {}
    for r in reports:
        known = by_key.get((r.project_code, r.month))
        if known is None or r.submitted_on < known.submitted_on:
            by_key[(r.project_code, r.month)] = r
    findings = []
    law = rule("BR-47(5)")
    for record in records:
        for month in _executing_months(record, as_of):
            due = progress_report_due(month)
            report = by_key.get((record.code, month))
            if report is None:
                findings.append(
                    Finding.of(
                        law,
                        f"{record.code} {month}",
                        "monthly progress report not received",
                        expected=f"by {due}",
                        actual="none",
                    )
                )
            elif report.submitted_on > due:
                findings.append(
                    Finding.of(
                        law,
                        f"{record.code} {month}",
                        "monthly progress report sent late",
                        expected=f"by {due}",
                        actual=report.submitted_on,
                    )
                )
    return findings


@attrs.frozen
class Visit:
    """A monitoring visit to a project by an office (r.47(8)-(9))."""

    project_code: str
    by: Role
    on: date


#: Minimum share of projects each office must visit, with the clause (r.47(8)-(9)).
VISIT_TARGETS: Final[Mapping[Role, tuple[Decimal, str]]] = {
    Role.COMMISSIONER: (Decimal("0.25"), "BR-47(8)"),
    Role.NAZIM: (Decimal("0.10"), "BR-47(9)"),
    Role.DEPUTY_COMMISSIONER: (Decimal("0.10"), "BR-47(9)"),
    Role.HEAD_OF_OFFICES: (Decimal("0.70"), "BR-47(9)"),
}


def check_visits(
    records: Iterable[ProjectRecord],
    visits: Iterable[Visit],
    year: FinancialYear,
    as_of: date,
) -> list[Finding]:
    """Visit coverage in ``year``: the Commissioner 25% of the district's projects (r.47(8)),
    the Nazim and the Deputy Commissioner 10% each and the Heads of Offices 70% of the
    projects funded through the District ADP (r.47(9)).

    The rules set no date by which the share must be reached; kpgov reads it as a yearly
    share, so before the year ends a shortfall is a note and from its end an error.
    """
    active = [r for r in records if r.adp_year == year]
    district_adp = [r for r in active if r.project.funding_source is FundingSource.DISTRICT_ADP]
    findings = []
    for role, (share, rule_id) in VISIT_TARGETS.items():
        pool = active if role is Role.COMMISSIONER else district_adp
        if not pool:
            continue
        codes = {r.code for r in pool}
        visited = {
            v.project_code
            for v in visits
            if v.by is role and v.project_code in codes and v.on in year and v.on <= as_of
        }
        achieved = Decimal(len(visited)) / Decimal(len(pool))
        if achieved < share:
            ended = as_of > year.end
            findings.append(
                Finding.of(
                    rule(rule_id),
                    f"{role.title} visits {year}",
                    f"visited {len(visited)} of {len(pool)} projects"
                    + ("" if ended else " so far (the year has not ended)"),
                    expected=f">= {share:.0%}",
                    actual=f"{achieved:.1%}",
                    severity=None if ended else Severity.INFO,
                )
            )
    return findings


class ReviewKind(enum.Enum):
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


@attrs.frozen
class DdcReview:
    """A DDC progress review (r.47(6)): a quarter's (``quarter`` 1-4) or the year's."""

    year: FinancialYear
    kind: ReviewKind
    held_on: date
    quarter: int | None = None

    def __attrs_post_init__(self) -> None:
        if (self.kind is ReviewKind.QUARTERLY) != (self.quarter in (1, 2, 3, 4)):
            raise ValidationError("a quarterly review names its quarter (1-4); an annual none")


def check_reviews(reviews: Iterable[DdcReview], year: FinancialYear, as_of: date) -> list[Finding]:
    """DDC quarterly and annual reviews of ``year`` (r.47(6)).

    The rules set no deadline; kpgov expects each quarter's review within the following
    quarter and the annual review within the first quarter of the next year, and reports a
    review missing only once that time has passed.
    """
    held = list(reviews)
    law = rule("BR-47(6)")
    findings = []
    for quarter in year.quarters:
        grace = quarter.end + relativedelta(months=3)
        if as_of > grace and not any(
            r.kind is ReviewKind.QUARTERLY and r.year == year and r.quarter == quarter.number
            for r in held
        ):
            findings.append(
                Finding.of(
                    law,
                    f"DDC {_quarter_label(quarter)}",
                    "no quarterly review of project progress",
                    expected=f"by {grace}",
                    actual="none",
                )
            )
    grace = year.end + relativedelta(months=3)
    if as_of > grace and not any(r.kind is ReviewKind.ANNUAL and r.year == year for r in held):
        findings.append(
            Finding.of(
                law,
                f"DDC {year}",
                "no annual review of project progress",
                expected=f"by {grace}",
                actual="none",
            )
        )
    return findings


def _quarter_label(quarter: Quarter) -> str:
    return str(quarter)


def check_completion(
    records: Iterable[ProjectRecord],
    as_of: date,
    *,
    pc_v: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Completion duties as of ``as_of``: completion on time (r.44(1)), the handing-over
    report (r.48(1)) and PC-IV (r.47(13)) of every completed project, PC-V for mega
    projects (``pc_v`` maps project codes to PC-V references), and the post-completion
    evaluation (r.49(1), no deadline in the rules: a warning while it is pending).
    """
    pc_v = pc_v or {}
    findings = []
    for r in records:
        due = r.completion_due
        if r.stage in (Stage.UNDER_EXECUTION, Stage.REVISED) and due and as_of > due:
            findings.append(
                Finding.of(
                    rule("BR-44(1)"),
                    r.code,
                    "not completed within the stipulated time",
                    expected=f"by {due}",
                    actual=f"under execution on {as_of}",
                )
            )
        if r.stage not in (Stage.COMPLETED, Stage.EVALUATED):
            continue
        if not r.handing_over_report:
            findings.append(
                Finding.of(rule("BR-48(1)"), r.code, "no handing-over/taking-over report")
            )
        if not r.pc_iv:
            findings.append(Finding.of(rule("BR-47(13)"), r.code, "no PC-IV"))
        if r.project.mega and not pc_v.get(r.code):
            findings.append(Finding.of(rule("BR-47(13)"), r.code, "mega project without a PC-V"))
        if r.stage is Stage.COMPLETED:
            findings.append(
                Finding.of(
                    rule("BR-49(1)"),
                    r.code,
                    "post-completion evaluation not yet reported to the District Council",
                    actual=f"completed on {r.completed_on}",
                    severity=Severity.WARNING,
                )
            )
    return findings


def monitor(
    records: Iterable[ProjectRecord],
    as_of: date,
    *,
    year: FinancialYear | None = None,
    reports: Iterable[ProgressReport] = (),
    visits: Iterable[Visit] = (),
    reviews: Iterable[DdcReview] = (),
    pc_v: Mapping[str, str] | None = None,
) -> Report:
    """All monitoring findings as of ``as_of`` (for the financial year containing it unless
    ``year`` is given)."""
    records = list(records)
    year = year or FinancialYear.containing(as_of)
    findings = [
        *check_progress_reports(records, reports, as_of),
        *check_visits(records, visits, year, as_of),
        *check_reviews(reviews, year, as_of),
        *check_completion(records, as_of, pc_v=pc_v),
    ]
    return Report(findings, title=f"Monitoring of development projects as of {as_of}")
