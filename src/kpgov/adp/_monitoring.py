"""Monitoring of development projects (r.36(11), r.47-r.50): findings as of a date."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Final

import attrs

from kpgov.adp._events import Role
from kpgov.adp._lifecycle import ProjectRecord, Stage
from kpgov.adp._project import FundingSource
from kpgov.adp._rules import rule
from kpgov.errors import ValidationError
from kpgov.findings import Finding, Report
from kpgov.law import Severity
from kpgov.money import as_amount, format_amount
from kpgov.periods import FinancialYear, Month, Quarter

__all__ = [
    "REPORT_DAY",
    "VISIT_TARGETS",
    "DdcReview",
    "Inspection",
    "ProgressReport",
    "ReviewKind",
    "Visit",
    "check_completion",
    "check_duties",
    "check_inspections",
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
    """A monthly progress report on a project for a month: the executing agency's on Forms
    BM-5 and BM-7 (r.47(5), the default ``by``) or the Head of Offices' financial and
    physical progress to the DDOP (r.47(10), ``by=Role.HEAD_OF_OFFICES``)."""

    project_code: str
    month: Month
    submitted_on: date
    physical_percent: Decimal = attrs.field(converter=as_amount, validator=_percent)
    expenditure: Decimal = attrs.field(converter=as_amount)
    by: Role = Role.EXECUTING_AGENCY


def progress_report_due(month: Month) -> date:
    """The day the report for ``month`` is due: the 10th of the next month (r.47(5)).

    >>> progress_report_due(Month(2025, 12))
    datetime.date(2026, 1, 10)
    """
    return month.next().day(REPORT_DAY)


def _executing_months(
    record: ProjectRecord, as_of: date, due_of: Callable[[Month], date] = progress_report_due
) -> list[Month]:
    """Months in which the project was under execution, whose reports are due by ``as_of``."""
    if record.started_on is None:
        return []
    end = record.completed_on or as_of
    months = []
    month = Month.of(record.started_on)
    while month.start <= end and due_of(month) < as_of:
        months.append(month)
        month = month.next()
    return months


def _hoo_report_due(month: Month) -> date:
    """r.47(10) says "regularly on monthly basis" and sets no day: kpgov reads it as by the
    end of the following month."""
    return month.next().end


def check_progress_reports(
    records: Iterable[ProjectRecord],
    reports: Iterable[ProgressReport],
    as_of: date,
    *,
    by: Role = Role.EXECUTING_AGENCY,
) -> list[Finding]:
    """Missing or late monthly progress reports as of ``as_of``: the executing agency's by
    the 10th of the next month (r.47(5)), or with ``by=Role.HEAD_OF_OFFICES`` the Heads of
    Offices' by the end of the next month (r.47(10))."""
    by_key: dict[tuple[str, Month], ProgressReport] = {}
    for r in reports:
        if r.by is not by:
            continue
        known = by_key.get((r.project_code, r.month))
        if known is None or r.submitted_on < known.submitted_on:
            by_key[(r.project_code, r.month)] = r
    findings = []
    hoo = by is Role.HEAD_OF_OFFICES
    law = rule("BR-47(10)" if hoo else "BR-47(5)")
    due_of = _hoo_report_due if hoo else progress_report_due
    records = list(records)
    for record in records:
        for month in _executing_months(record, as_of, due_of):
            due = due_of(month)
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
    """A monitoring visit to a project by an office (r.47(8)-(9)).

    ``office`` names the office whose Head visited (r.47(9) sets the 70% share per Head of
    Offices); empty means the head of the project's own (sponsoring) office.
    """

    project_code: str
    by: Role
    on: date
    office: str = ""


@attrs.frozen
class Inspection:
    """A DDOP inspection of a major project (r.47(11)): its report and the day a copy went to
    the Provincial Planning and Development Department (``None``: not sent)."""

    project_code: str
    on: date
    report: str
    sent_to_planning_department: date | None = None


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
    the Nazim and the Deputy Commissioner 10% each and each Head of Offices 70% of the
    projects of his office funded through the District ADP (r.47(9)).

    The rules set no date by which the share must be reached; kpgov reads it as a yearly
    share, so before the year ends a shortfall is a note and from its end an error.
    """
    active = [r for r in records if r.adp_year == year]
    district_adp = [r for r in active if r.project.funding_source is FundingSource.DISTRICT_ADP]
    findings = []
    visits = [v for v in visits if v.on in year and v.on <= as_of]
    ended = as_of > year.end
    for role, (share, rule_id) in VISIT_TARGETS.items():
        pool = active if role is Role.COMMISSIONER else district_adp
        if role is Role.HEAD_OF_OFFICES:
            offices = sorted({r.project.sponsoring_agency for r in pool})
            groups = [
                (office, [r for r in pool if r.project.sponsoring_agency == office])
                for office in offices
            ]
        else:
            groups = [("", pool)]
        for office, group in groups:
            if not group:
                continue
            codes = {r.code for r in group}
            visited = {
                v.project_code
                for v in visits
                if v.by is role
                and v.project_code in codes
                and (role is not Role.HEAD_OF_OFFICES or v.office in ("", office))
            }
            achieved = Decimal(len(visited)) / Decimal(len(group))
            if achieved < share:
                who = f"{role.title} ({office})" if office else role.title
                findings.append(
                    Finding.of(
                        rule(rule_id),
                        f"{who} visits {year}",
                        f"visited {len(visited)} of {len(group)} projects"
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
    """A DDC progress review (r.47(6)): a quarter's (``quarter`` 1-4) or the year's, and the
    days its results went to the Divisional Commissioner and the Nazim (``None``: not sent)."""

    year: FinancialYear
    kind: ReviewKind
    held_on: date
    quarter: int | None = None
    sent_to_commissioner: date | None = None
    sent_to_nazim: date | None = None

    def __attrs_post_init__(self) -> None:
        if (self.kind is ReviewKind.QUARTERLY) != (self.quarter in (1, 2, 3, 4)):
            raise ValidationError("a quarterly review names its quarter (1-4); an annual none")


def check_reviews(reviews: Iterable[DdcReview], year: FinancialYear, as_of: date) -> list[Finding]:
    """DDC quarterly and annual reviews of ``year`` (r.47(6)) and their results sent to the
    Divisional Commissioner and the Nazim (``BR-47(6)#results``).

    The rules set the frequency only; kpgov reads it as :mod:`kpgov.calendar` does: each
    quarter's review within the quarter and the annual review within the year, and reports a
    review missing once that time has passed.
    """
    held = list(reviews)
    law = rule("BR-47(6)")
    findings = []
    for review in held:
        if review.year != year:
            continue
        missing = [
            who
            for who, sent in (
                ("the Divisional Commissioner", review.sent_to_commissioner),
                ("the Nazim", review.sent_to_nazim),
            )
            if sent is None
        ]
        if missing:
            label = f"Q{review.quarter}" if review.quarter else "annual"
            findings.append(
                Finding.of(
                    rule("BR-47(6)#results"),
                    f"DDC {year} {label} review of {review.held_on}",
                    f"results not submitted to {' and '.join(missing)}",
                )
            )
    for quarter in year.quarters:
        grace = quarter.end
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
    grace = year.end
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
        elif r.handing_over_distributed_on is None:
            findings.append(
                Finding.of(
                    rule("BR-48(1)"),
                    r.code,
                    "handing-over report not copied to the DDC, the District Officer Finance "
                    "and Planning and the District Council",
                )
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


_COUNCIL_APPROVED: Final = frozenset(
    {Stage.COUNCIL_APPROVED, Stage.UNDER_EXECUTION, Stage.REVISED, Stage.COMPLETED, Stage.EVALUATED}
)


_LIVE: Final = frozenset(
    {
        Stage.APPROVED,
        Stage.AA_ISSUED,
        Stage.TS_ISSUED,
        Stage.IN_ADP,
        Stage.COUNCIL_APPROVED,
        Stage.UNDER_EXECUTION,
        Stage.REVISED,
    }
)


def check_duties(records: Iterable[ProjectRecord], as_of: date) -> list[Finding]:
    """Steps owed by a project's history as of ``as_of``: the copy of the DDC-approved proposal
    to the District Council (r.36(11)) and inclusion in the District Development Plan
    (r.33(1)(h)) once the Council has approved the project; the recurring expenditure of a
    project expected to complete in the next financial year communicated to the DO Finance
    and Planning (r.50(1)(a)); the impact evaluation of a mega project once completed
    (r.47(14), "important" read as mega; a warning, the rules set no time).
    """
    next_year = FinancialYear.containing(as_of).next()
    findings = []
    for r in records:
        if r.stage in _COUNCIL_APPROVED:
            if r.copy_to_council_on is None:
                findings.append(
                    Finding.of(
                        rule("BR-36(11)"),
                        r.code,
                        "no copy of the DDC-approved proposal was submitted to the District "
                        "Council",
                        actual=f"approved by the DDC on {r.approved_on}",
                    )
                )
            if r.in_district_plan_on is None:
                findings.append(
                    Finding.of(
                        rule("BR-33(1)(h)"),
                        r.code,
                        "not included in the District Development Plan",
                    )
                )
        due = r.completion_due
        live = r.stage in _LIVE
        if (
            live
            and due is not None
            and due in next_year
            and r.project.recurring_cost > 0
            and r.recurring_communicated_on is None
        ):
            findings.append(
                Finding.of(
                    rule("BR-50(1)(a)"),
                    r.code,
                    f"expected to complete in {next_year}; its recurring expenditure was not "
                    "communicated to the District Officer Finance and Planning",
                    expected=format_amount(r.project.recurring_cost),
                    actual="none",
                )
            )
        done = r.stage in (Stage.COMPLETED, Stage.EVALUATED)
        if done and r.project.mega and r.impact_evaluations == 0:
            findings.append(
                Finding.of(
                    rule("BR-47(14)"),
                    r.code,
                    "no impact evaluation of a completed mega project",
                    severity=Severity.WARNING,
                )
            )
    return findings


def check_inspections(inspections: Iterable[Inspection]) -> list[Finding]:
    """A copy of every DDOP inspection report goes to the Provincial Planning and
    Development Department (r.47(11))."""
    return [
        Finding.of(
            rule("BR-47(11)"),
            f"{i.project_code} inspection of {i.on}",
            f"inspection report {i.report!r} not sent to the Provincial Planning and "
            "Development Department",
        )
        for i in inspections
        if i.sent_to_planning_department is None
    ]


def monitor(
    records: Iterable[ProjectRecord],
    as_of: date,
    *,
    year: FinancialYear | None = None,
    reports: Iterable[ProgressReport] = (),
    visits: Iterable[Visit] = (),
    reviews: Iterable[DdcReview] = (),
    pc_v: Mapping[str, str] | None = None,
    inspections: Iterable[Inspection] = (),
) -> Report:
    """All monitoring findings as of ``as_of`` (for the financial year containing it unless
    ``year`` is given)."""
    records = list(records)
    year = year or FinancialYear.containing(as_of)
    reports = list(reports)
    findings = [
        *check_progress_reports(records, reports, as_of),
        *check_progress_reports(records, reports, as_of, by=Role.HEAD_OF_OFFICES),
        *check_duties(records, as_of),
        *check_inspections(inspections),
        *check_visits(records, visits, year, as_of),
        *check_reviews(reviews, year, as_of),
        *check_completion(records, as_of, pc_v=pc_v),
    ]
    return Report(findings, title=f"Monitoring of development projects as of {as_of}")
