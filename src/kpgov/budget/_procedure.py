"""The budget's procedural records and their checks: who must receive what and by when, the
authenticated Schedule of Authorized Expenditure, taxation proposals, the monthly reports to
the Council, the Budget Call Circular and ADP guidelines, the routing of estimates and the
Finance Commission's development grant.

Each record is a frozen value a loader can build (with its ``source`` location); each check is
a pure function yielding findings of :mod:`kpgov.budget._obligation_rules`.

>>> from datetime import date
>>> sent = Communication(Communicated.REVENUE_TARGETS, {Recipient.HEAD_OF_OFFICES},
...                      sent_on=date(2025, 6, 25))
>>> [f.rule_id for f in check_communications([sent], due=[Communicated.REVENUE_TARGETS])]
['BR-68(4)']
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Final

import attrs

from kpgov.budget import _obligation_rules as rules
from kpgov.budget._documents import BudgetApproval
from kpgov.budget._lines import LineKind, LineStatus, ReceiptSource
from kpgov.budget._statement import AnnualBudgetStatement
from kpgov.budget.ledger._ledger import Ledger
from kpgov.budget.ledger._movements import Appropriation
from kpgov.errors import Location, ValidationError, source_of
from kpgov.findings import Finding
from kpgov.law import PARAMETERS, ParameterSet, Rule
from kpgov.money import as_amount, format_amount
from kpgov.periods import FinancialYear, Month

__all__ = [
    "EXPENDITURE_REPORT_FORMS",
    "RECEIPT_REPORT_FORMS",
    "REVISED_ACTUAL_MONTHS",
    "AuthenticatedSchedule",
    "Circular",
    "CircularKind",
    "Communicated",
    "Communication",
    "Comparison",
    "CouncilSitting",
    "DifferenceNote",
    "EstimatePreparation",
    "EstimateSubmission",
    "MonthlyReport",
    "Officer",
    "ReceiptEstimateBasis",
    "Recipient",
    "ReportKind",
    "TaxProposal",
    "TransferPurpose",
    "TransferUp",
    "check_budget_session",
    "check_circulars",
    "check_communications",
    "check_development_grant",
    "check_difference_notes",
    "check_estimate_order",
    "check_monthly_reports",
    "check_receipt_estimates",
    "check_revised_budget",
    "check_routing",
    "check_schedule",
    "check_taxation",
    "check_transfers_up",
]


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"expected text, not {value!r}")
    return value.strip()


def _where(record: object) -> Location | None:
    return source_of(record)  # ``source``, or ``origin`` where the domain has a source


# ------------------------------------------------------------------- communication duties


class Recipient(enum.Enum):
    """Who the Rules require to receive a budget communication."""

    HEAD_OF_OFFICES = "Heads of Offices"
    DDO = "Drawing and Disbursing Officers"
    DISTRICT_ACCOUNTS_OFFICER = "District Accounts Officer"
    GOVERNMENT = "Government"
    FINANCE_COMMISSION = "Provincial Finance Commission"
    LOCAL_GOVERNMENT_COMMISSION = "Local Government Commission"
    COLLECTING_OFFICERS = "Collecting Officers"
    ACCOUNTANT_GENERAL = "Accountant General"
    NAZIM = "Nazim"


class Communicated(enum.Enum):
    """What is communicated after the Council's approval."""

    SCHEDULE = "Schedule of Authorized Expenditure"
    BUDGET_DOCUMENTS = "budget documents"
    REVENUE_TARGETS = "revenue targets"
    SUPPLEMENTARY_GRANT = "break-up of a supplementary grant"
    REVISED_TARGETS = "revised receipt targets"
    CONSOLIDATED_ACCOUNTS = "consolidated accounts of the quarter or year"


def _recipients(value: Iterable[Recipient | str]) -> frozenset[Recipient]:
    return frozenset(Recipient(v) for v in value)


@attrs.frozen
class Communication:
    """A communication of ``document`` to ``recipients`` on ``sent_on``."""

    document: Communicated = attrs.field(converter=Communicated)
    recipients: frozenset[Recipient] = attrs.field(converter=_recipients)
    sent_on: date | None = None
    reference: str = attrs.field(default="", converter=_text)
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


_ACCOUNTS: Final = Recipient.DISTRICT_ACCOUNTS_OFFICER

#: Who must receive each communication, by the rule that says so.
DUTIES: Final[Mapping[Communicated, tuple[tuple[Rule, frozenset[Recipient]], ...]]] = {
    Communicated.SCHEDULE: (
        (rules.SAE_INTIMATED, frozenset({Recipient.HEAD_OF_OFFICES, Recipient.DDO, _ACCOUNTS})),
        (rules.LGA_SAE_COMMUNICATED, frozenset({_ACCOUNTS, Recipient.GOVERNMENT})),
    ),
    Communicated.BUDGET_DOCUMENTS: (
        (
            rules.DOCUMENTS_SUPPLIED,
            frozenset(
                {
                    Recipient.GOVERNMENT,
                    Recipient.FINANCE_COMMISSION,
                    Recipient.LOCAL_GOVERNMENT_COMMISSION,
                }
            ),
        ),
    ),
    Communicated.REVENUE_TARGETS: (
        (
            rules.TARGETS_FORWARDED,
            frozenset({Recipient.HEAD_OF_OFFICES, Recipient.COLLECTING_OFFICERS}),
        ),
    ),
    Communicated.SUPPLEMENTARY_GRANT: (
        (rules.SUPPLEMENTARY_DISTRIBUTED, frozenset({Recipient.DDO, _ACCOUNTS})),
    ),
    Communicated.REVISED_TARGETS: (
        (rules.REVISED_TARGETS_COMMUNICATED, frozenset({Recipient.COLLECTING_OFFICERS})),
    ),
    Communicated.CONSOLIDATED_ACCOUNTS: (
        (
            rules.ACCOUNTS_CONSOLIDATED,
            frozenset({Recipient.GOVERNMENT, Recipient.ACCOUNTANT_GENERAL, Recipient.NAZIM}),
        ),
    ),
}


def check_communications(
    communications: Iterable[Communication],
    *,
    due: Iterable[Communicated],
    approved_on: date | None = None,
    subject: str = "",
) -> Iterator[Finding]:
    """Each communication ``due`` reaches everyone its rules name (BR-68(1), (2), (4),
    LGA-35(8), BR-83(3), (4), LGA-36(3)), and none is sent before the Council's approval of
    ``approved_on`` that it communicates."""
    sent = list(communications)
    prefix = f"{subject} " if subject else ""
    for document in sorted(set(due), key=lambda d: d.value):
        of_it = [c for c in sent if c.document is document]
        reached = frozenset().union(*(c.recipients for c in of_it))
        where = _where(of_it[-1]) if of_it else None
        for rule, required in DUTIES[document]:
            missing = sorted(r.value for r in required - reached)
            if missing:
                yield Finding.of(
                    rule,
                    f"{prefix}{document.value}",
                    f"the {document.value} did not reach " + ", ".join(missing),
                    expected=", ".join(sorted(r.value for r in required)),
                    actual=", ".join(sorted(r.value for r in reached)) or "not communicated",
                    location=where,
                )
            if approved_on is not None:
                for c in of_it:
                    if c.sent_on is not None and c.sent_on < approved_on:
                        yield Finding.of(
                            rule,
                            f"{prefix}{document.value}",
                            f"the {document.value} was communicated before the Council approved it",
                            expected=f"on or after {approved_on}",
                            actual=c.sent_on,
                            location=_where(c),
                        )


# ------------------------------------------------------------- the authenticated Schedule


@attrs.frozen
class AuthenticatedSchedule:
    """The Schedule of Authorized Expenditure of ``year`` as authenticated by the Nazim
    (BR-67(1)(b), LGA-35(6)) and laid before the Council (BR-67(1)(d), LGA-35(7)); when the
    Council was removed or dismissed, approved by the Government instead (BR-67(2))."""

    year: FinancialYear
    reference: str = attrs.field(converter=_text)
    authenticated_on: date | None = None
    laid_before_council_on: date | None = None
    council_dismissed: bool = False
    approved_by_government_on: date | None = None
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


def check_schedule(
    schedule: AuthenticatedSchedule,
    *,
    approval: BudgetApproval | None = None,
    ledger: Ledger | None = None,
    file: str | None = None,
) -> Iterator[Finding]:
    """BR-67(1)(b), (d), BR-67(2), LGA-35(6), (7) for ``schedule``; with ``approval`` (the
    Council's approval of the budget) the authentication follows it; with ``ledger``, every
    appropriation cites the schedule (BR-2(1)(e)), each finding naming its movement."""
    subject = f"Schedule of Authorized Expenditure {schedule.reference} {schedule.year}"
    where = _where(schedule)
    if schedule.council_dismissed or (approval is not None and approval.by_government):
        if schedule.approved_by_government_on is None:
            yield Finding.of(
                rules.SAE_BY_GOVERNMENT,
                subject,
                "the District Council was removed or dismissed, but the Government's approval "
                "is not recorded",
                location=where,
            )
    else:
        authenticated = schedule.authenticated_on
        if authenticated is None:
            for rule in (rules.SAE_AUTHENTICATED, rules.LGA_SAE_AUTHENTICATED):
                yield Finding.of(rule, subject, "not authenticated by the Nazim", location=where)
        elif approval is not None and authenticated < approval.approved_on:
            yield Finding.of(
                rules.SAE_AUTHENTICATED,
                subject,
                "authenticated before the District Council approved the budget",
                expected=f"on or after {approval.approved_on}",
                actual=authenticated,
                location=where,
            )
        laid = schedule.laid_before_council_on
        if laid is None or (authenticated is not None and laid < authenticated):
            for rule in (rules.SAE_LAID, rules.LGA_SAE_LAID):
                yield Finding.of(
                    rule,
                    subject,
                    "the authenticated schedule was not laid before the Council",
                    expected=f"on or after {authenticated}" if authenticated else "a date",
                    actual=laid or "not laid",
                    location=where,
                )
    if ledger is None:
        return
    for index, m in enumerate(ledger.movements):
        if isinstance(m, Appropriation) and m.reference != schedule.reference:
            yield Finding.of(
                rules.APPROPRIATION_ON_SAE,
                f"{ledger.district} {ledger.year} {m.head}",
                "appropriation that does not cite the authenticated Schedule",
                expected=schedule.reference,
                actual=m.reference or "no reference",
                location=Location(file=file, field=f"$.movements[{index}]"),
            )


# ---------------------------------------------------------------------------- taxation


@attrs.frozen
class TaxProposal:
    """A proposal to levy or modify ``tax``, yielding the receipt lines ``line_ids``, with the
    dates of its steps (LGA-42(2), (4), BR-16(2))."""

    tax: str = attrs.field(converter=_text)
    line_ids: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    discussed_by_council_on: date | None = None
    published_on: date | None = None
    objections_heard_on: date | None = None
    council_approved_on: date | None = None
    vetted_by_government_on: date | None = None
    enforced_from: date | None = None
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


def check_taxation(
    statement: AnnualBudgetStatement, proposals: Iterable[TaxProposal]
) -> Iterator[Finding]:
    """Every new own-source receipt line belongs to a taxation proposal that was published,
    heard objections and was approved by the Council, in that order, before the tax is
    enforced from a stated date (LGA-42(2), (4)); objections and Government vetting come after
    the Council's discussion (BR-16(2))."""
    proposals = list(proposals)
    covered = {line_id for p in proposals for line_id in p.line_ids}
    for line in statement.lines_of(LineKind.RECEIPT):
        if (
            line.status is LineStatus.NEW
            and line.source in (ReceiptSource.OWN, None)
            and line.line_id not in covered
        ):
            yield Finding.of(
                rules.TAX_PROCEDURE,
                f"{statement.subject} line {line.line_id}",
                "a new own-source receipt with no taxation proposal behind it",
                expected="a published proposal, objections heard and the Council's approval",
                actual="none",
                location=_where(line),
            )
    for p in proposals:
        yield from _check_proposal(statement.subject, p)


def _check_proposal(subject: str, p: TaxProposal) -> Iterator[Finding]:
    who = f"{subject} tax {p.tax}"
    where = _where(p)
    steps = (
        ("published", p.published_on),
        ("objections heard", p.objections_heard_on),
        ("approved by the Council", p.council_approved_on),
    )
    missing = [name for name, day in steps if day is None]
    dated = [(name, day) for name, day in steps if day is not None]
    disorder = [
        f"{b[0]} ({b[1]}) before {a[0]} ({a[1]})" for a, b in pairwise(dated) if b[1] < a[1]
    ]
    if missing or disorder:
        yield Finding.of(
            rules.TAX_PROCEDURE,
            who,
            "; ".join(([f"not {', '.join(missing)}"] if missing else []) + disorder),
            expected="published, then objections heard, then approved by the Council",
            location=where,
        )
    if p.enforced_from is None:
        yield Finding.of(
            rules.TAX_ENFORCEMENT_DATE, who, "no date of enforcement specified", location=where
        )
    elif p.council_approved_on is not None and p.enforced_from < p.council_approved_on:
        yield Finding.of(
            rules.TAX_PROCEDURE,
            who,
            "the tax is enforced before the Council approved it",
            expected=f"on or after {p.council_approved_on}",
            actual=p.enforced_from,
            location=where,
        )
    discussed = p.discussed_by_council_on
    late = [
        name
        for name, day in (
            ("public objections", p.objections_heard_on),
            ("Government vetting", p.vetted_by_government_on),
        )
        if day is None or (discussed is not None and day < discussed)
    ]
    if discussed is None or late:
        yield Finding.of(
            rules.TAX_OBJECTIONS_AND_VETTING,
            who,
            "the Council's discussion is not recorded"
            if discussed is None
            else f"{', '.join(late)} not obtained after the Council's discussion of {discussed}",
            location=where,
        )


# ------------------------------------------------------------ monthly reports to the Council


class ReportKind(enum.Enum):
    """The two monthly reports to the District Council."""

    RECEIPTS = "receipts"  # r.72
    EXPENDITURE = "expenditure"  # r.81


#: The forms of the monthly receipts report (r.72(2)).
RECEIPT_REPORT_FORMS: Final = ("BM-3", "BM-4")
#: The forms every monthly expenditure report includes (r.81(2)(a)-(k)); BM-12 (supplementary
#: grants) when there are any, and BM-13 once it exists, after 8 months (r.82(1)).
EXPENDITURE_REPORT_FORMS: Final = tuple(f"BM-{n}" for n in range(1, 12))


def _forms(value: Iterable[str]) -> frozenset[str]:
    return frozenset(str(v).strip().upper() for v in value)


@attrs.frozen
class MonthlyReport:
    """A monthly report of ``kind`` for ``month`` to the District Council, with its forms."""

    month: Month
    kind: ReportKind = attrs.field(converter=ReportKind)
    forms: frozenset[str] = attrs.field(converter=_forms)
    submitted_on: date | None = None
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


def check_monthly_reports(
    reports: Iterable[MonthlyReport], year: FinancialYear, *, as_of: date, district: str = ""
) -> Iterator[Finding]:
    """For each month of ``year`` that ended before ``as_of``, a receipts report with Forms
    BM-3 and BM-4 (BR-72(1), (2)) and an expenditure report with the forms of r.81(2)
    (BR-81(1), (2)), BM-13 included from the ninth month (r.82(1))."""
    by_key = {(r.month, r.kind): r for r in reports}
    for n, month in enumerate(year.months, 1):
        if month.end >= as_of:
            break
        for kind, report_rule, forms_rule, forms in (
            (ReportKind.RECEIPTS, rules.RECEIPTS_REPORTED, rules.RECEIPTS_REPORT_FORMS,
             RECEIPT_REPORT_FORMS),
            (ReportKind.EXPENDITURE, rules.EXPENDITURE_REPORTED, rules.EXPENDITURE_REPORT_FORMS,
             EXPENDITURE_REPORT_FORMS + (("BM-13",) if n > 8 else ())),
        ):  # fmt: skip
            subject = f"{district} {kind.value} report {month}".strip()
            report = by_key.get((month, kind))
            if report is None:
                yield Finding.of(
                    report_rule, subject, f"no monthly {kind.value} report to the Council"
                )
                continue
            missing = [form for form in forms if form not in report.forms]
            if missing:
                yield Finding.of(
                    forms_rule,
                    subject,
                    "the monthly report lacks " + ", ".join(missing),
                    expected=", ".join(forms),
                    actual=", ".join(sorted(report.forms)) or "no forms",
                    location=_where(report),
                )


# ------------------------------------------------------ circular, guidelines and routing


class CircularKind(enum.Enum):
    BUDGET_CALL_CIRCULAR = "Budget Call Circular"  # r.7(7), issued by the DO F&P
    ADP_GUIDELINES = "ADP guidelines"  # r.8(4)(b), issued by the Deputy District Officer Planning


class Officer(enum.Enum):
    """The officers who send and receive estimates and circulars."""

    COLLECTING_OFFICER = "Collecting Officer"
    DDO = "Drawing and Disbursing Officer"
    HEAD_OF_OFFICES = "Head of Offices"
    DO_FINANCE_PLANNING = "District Officer Finance and Planning"
    DEPUTY_DO_PLANNING = "Deputy District Officer Planning"
    NAZIM = "Nazim"


_ISSUER: Final = {
    CircularKind.BUDGET_CALL_CIRCULAR: Officer.DO_FINANCE_PLANNING,
    CircularKind.ADP_GUIDELINES: Officer.DEPUTY_DO_PLANNING,
}


def _offices(value: Iterable[str]) -> frozenset[str]:
    return frozenset(str(v).strip() for v in value)


@attrs.frozen
class Circular:
    """A Budget Call Circular or ADP guidelines as issued: approval, issuer, addressees and
    contents (r.7(7), r.8(4)(b), r.13(5)-(7))."""

    kind: CircularKind = attrs.field(converter=CircularKind)
    issued_on: date | None = None
    issued_by: Officer | None = attrs.field(
        default=None, converter=attrs.converters.optional(Officer)
    )
    approved_by_nazim_on: date | None = None
    issued_to: frozenset[str] = attrs.field(default=frozenset(), converter=_offices)
    calendar: bool = False
    guidelines: bool = False
    forms: bool = False
    ceiling_years: int = 0
    forecast_years: int = 0
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


def check_circulars(
    circulars: Iterable[Circular], *, offices: Iterable[str], subject: str = ""
) -> Iterator[Finding]:
    """Each of the two documents exists, was approved by the Nazim before issue (BR-13(6),
    BR-7(7), BR-8(4)(b)), holds the calendar, guidelines, forms and 3-year ceilings (BR-7(7),
    BR-8(4)(b)) on 3-year fiscal forecasts (BR-13(5)), and was issued by its officer to every
    Head of Offices of ``offices`` (BR-13(7)#issue)."""
    by_kind = {c.kind: c for c in circulars}
    wanted = _offices(offices)
    for kind in CircularKind:
        who = f"{subject} {kind.value}".strip()
        content_rule = (
            rules.BCC_CONTENTS
            if kind is CircularKind.BUDGET_CALL_CIRCULAR
            else rules.ADP_GUIDELINES_CONTENTS
        )
        c = by_kind.get(kind)
        if c is None:
            yield Finding.of(rules.BCC_ISSUED, who, f"no {kind.value} issued")
            continue
        where = _where(c)
        if c.approved_by_nazim_on is None:
            yield Finding.of(
                rules.BCC_NAZIM_APPROVAL, who, "not approved by the Nazim", location=where
            )
        elif c.issued_on is not None and c.issued_on < c.approved_by_nazim_on:
            yield Finding.of(
                content_rule,
                who,
                "issued before the Nazim approved it",
                expected=f"on or after {c.approved_by_nazim_on}",
                actual=c.issued_on,
                location=where,
            )
        lacking = [
            name
            for name, present in (
                ("the budget calendar", c.calendar),
                ("instructions and guidelines", c.guidelines),
                ("the forms", c.forms),
                ("indicative ceilings for 3 years", c.ceiling_years >= 3),
            )
            if not present
        ]
        if lacking:
            yield Finding.of(
                content_rule, who, "does not include " + ", ".join(lacking), location=where
            )
        if c.forecast_years < 3:
            yield Finding.of(
                rules.BCC_FORECASTS,
                who,
                "the indicative ceilings do not rest on fiscal forecasts for 3 years",
                expected="3 years",
                actual=f"{c.forecast_years} year(s)",
                location=where,
            )
        unreached = sorted(wanted - c.issued_to)
        if c.issued_by is not _ISSUER[kind] or c.issued_on is None or unreached:
            problems = []
            if c.issued_by is not _ISSUER[kind]:
                issuer = c.issued_by.value if c.issued_by else "nobody named"
                problems.append(f"issued by {issuer}, not the {_ISSUER[kind].value}")
            if c.issued_on is None:
                problems.append("no date of issue")
            if unreached:
                problems.append("not issued to " + ", ".join(unreached[:5]))
            yield Finding.of(rules.BCC_ISSUED, who, "; ".join(problems), location=where)


@attrs.frozen
class EstimateSubmission:
    """Estimates of ``kind`` (receipt or expenditure) of ``office`` sent by ``sender`` to
    ``recipient``."""

    office: str = attrs.field(converter=_text)
    kind: LineKind = attrs.field(converter=LineKind)
    sender: Officer = attrs.field(converter=Officer)
    recipient: Officer = attrs.field(converter=Officer)
    sent_on: date | None = None
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


def check_routing(submissions: Iterable[EstimateSubmission]) -> Iterator[Finding]:
    """A Collecting Officer's receipt estimates (BR-17(2)) and a DDO's expenditure estimates
    (BR-24(4)) never go straight to the District Officer Finance and Planning."""
    for s in submissions:
        if s.recipient is not Officer.DO_FINANCE_PLANNING:
            continue
        rule = None
        if s.sender is Officer.COLLECTING_OFFICER and s.kind is LineKind.RECEIPT:
            rule = rules.RECEIPTS_ROUTED
        elif s.sender is Officer.DDO and s.kind.is_expenditure:
            rule = rules.EXPENDITURE_ROUTED
        if rule is not None:
            yield Finding.of(
                rule,
                f"office {s.office}",
                f"{s.kind.value} estimates sent by a {s.sender.value} directly to the "
                f"{s.recipient.value}",
                expected=f"through the {Officer.HEAD_OF_OFFICES.value}",
                actual=s.sender.value,
                location=_where(s),
            )


# ------------------------------------------------------------------ the Finance Commission


def check_development_grant(
    year: FinancialYear,
    development_grant: Decimal | int | str,
    provincial_development_budget: Decimal | int | str,
    *,
    parameters: ParameterSet = PARAMETERS,
) -> Iterator[Finding]:
    """LGA-53(1)(b): the development grant for local governments is at least 30% (a dated
    parameter) of the province's total development budget of the year."""
    grant = as_amount(development_grant)
    budget = as_amount(provincial_development_budget)
    share = parameters.value("development_grant_share_floor", year.start)
    if not isinstance(share, Decimal):
        return
    floor = budget * share
    if grant < floor:
        yield Finding.of(
            rules.DEVELOPMENT_GRANT_SHARE,
            f"development grant for local governments {year}",
            f"below {(share * 100).normalize():f}% of the provincial development budget",
            expected=f">= {format_amount(floor)}",
            actual=format_amount(grant),
        )


# ------------------------------------------------------------ the basis of the estimates

#: Months of the current year's actual receipts the revised estimates consider (r.15(1)(b)).
REVISED_ACTUAL_MONTHS: Final = 8


@attrs.frozen
class ReceiptEstimateBasis:
    """What a Collecting Officer relied on for a receipt line's estimates (r.15(1)(b), (h),
    (i)): the months of actuals and last year's reconciled figures behind the revised
    estimate, and the recorded reasons for the revised and the budget estimates."""

    line_id: str = attrs.field(converter=_text)
    actual_months: int = 0
    previous_year_reconciled: bool = False
    revised_reasons: str = attrs.field(default="", converter=_text)
    budget_reasons: str = attrs.field(default="", converter=_text)
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


def check_receipt_estimates(
    statement: AnnualBudgetStatement, bases: Iterable[ReceiptEstimateBasis]
) -> Iterator[Finding]:
    """For every receipt line of ``statement``: the revised estimate considers eight months'
    actuals and last year's figures reconciled with the DAO (BR-15(1)(b)); the reasons for the
    revised (BR-15(1)(h)) and the budget estimates (BR-15(1)(i)) are recorded."""
    by_line = {b.line_id: b for b in bases}
    for line in statement.lines_of(LineKind.RECEIPT):
        subject = f"{statement.subject} line {line.line_id}"
        basis = by_line.get(line.line_id)
        where = _where(basis) or _where(line)
        months = basis.actual_months if basis else 0
        reconciled = basis.previous_year_reconciled if basis else False
        if months < REVISED_ACTUAL_MONTHS or not reconciled:
            yield Finding.of(
                rules.REVISED_ON_ACTUALS,
                subject,
                "the revised estimate does not rest on eight months' actual receipts and last "
                "year's figures reconciled with the District Accounts Office",
                expected=f"{REVISED_ACTUAL_MONTHS} months, reconciled",
                actual=f"{months} month(s), {'reconciled' if reconciled else 'not reconciled'}",
                location=where,
            )
        for rule, reasons, what in (
            (rules.REVISED_REASONS, basis.revised_reasons if basis else "", "revised"),
            (rules.BUDGET_REASONS, basis.budget_reasons if basis else "", "budget"),
        ):
            if not reasons:
                yield Finding.of(
                    rule,
                    subject,
                    f"no reasons recorded for the figures of the {what} estimates",
                    location=where,
                )


class Comparison(enum.Enum):
    """The differences the Head of Offices' note on receipts explains (r.18(2)(a), (b))."""

    REVISED_AND_BUDGET = "revised and budget estimates of the current year"  # (a)
    NEXT_AND_REVISED = "next year's budget and the current revised estimates"  # (b)


def _comparisons(value: Iterable[Comparison | str]) -> frozenset[Comparison]:
    return frozenset(Comparison(v) for v in value)


@attrs.frozen
class DifferenceNote:
    """The Head of Offices' note on an office's receipt estimates (r.18(2)), naming the
    differences it explains."""

    office: str = attrs.field(converter=_text)
    explains: frozenset[Comparison] = attrs.field(converter=_comparisons)
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


def check_difference_notes(
    statement: AnnualBudgetStatement, notes: Iterable[DifferenceNote]
) -> Iterator[Finding]:
    """BR-18(2)(a), (b): for each office whose receipt estimates differ (revised against budget
    estimates of the current year, next year's budget against the revised estimates), the
    Head of Offices' note explains the difference."""
    explained: dict[str, frozenset[Comparison]] = {}
    for n in notes:
        explained[n.office] = explained.get(n.office, frozenset()) | n.explains
    totals: dict[str, list[Decimal]] = {}
    for line in statement.lines_of(LineKind.RECEIPT):
        office = _office(str(line.entity))
        acc = totals.setdefault(office, [Decimal(0)] * 3)
        acc[0] += line.be_current
        acc[1] += line.re_current
        acc[2] += line.be_next
    for office in sorted(totals):
        be_current, re_current, be_next = totals[office]
        needed = [
            c
            for c, differs in (
                (Comparison.REVISED_AND_BUDGET, re_current != be_current),
                (Comparison.NEXT_AND_REVISED, be_next != re_current),
            )
            if differs and c not in explained.get(office, frozenset())
        ]
        if needed:
            yield Finding.of(
                rules.DIFFERENCES_EXPLAINED,
                f"{statement.subject} office {office}",
                "the Head of Offices' note does not explain the difference between the "
                + "; ".join(c.value for c in needed),
            )


def _office(entity: str) -> str:
    parts = entity.split("-")
    return parts[1] if len(parts) > 1 else entity


@attrs.frozen
class EstimatePreparation:
    """When an office made its revised estimates and its next year's estimates (r.22(1)(l))."""

    office: str = attrs.field(converter=_text)
    revised_on: date | None = None
    budget_on: date | None = None
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


def check_estimate_order(preparations: Iterable[EstimatePreparation]) -> Iterator[Finding]:
    """BR-22(1)(l): the revised estimates are made before the next year's estimates."""
    for p in preparations:
        if p.budget_on is None:
            continue
        if p.revised_on is None or p.revised_on > p.budget_on:
            yield Finding.of(
                rules.REVISED_FIRST,
                f"office {p.office}",
                "next year's estimates made before the revised estimates",
                expected=f"revised estimates by {p.budget_on}",
                actual=p.revised_on or "none",
                location=_where(p),
            )


# ------------------------------------------------------------- other clauses of Appendix A


class TransferPurpose(enum.Enum):
    """Why money goes to a higher level of Government (LGA-33(2), printed as 35(2))."""

    DEBT_REPAYMENT = "repayment of debts"
    DEPOSIT_WORKS = "deposit works"
    UNDER_THE_ACT = "as provided in the Act"
    OTHER = "other"


@attrs.frozen
class TransferUp:
    """Money a local government transferred to a higher level of Government."""

    on: date
    amount: Decimal = attrs.field(converter=as_amount)
    purpose: TransferPurpose = attrs.field(converter=TransferPurpose)
    description: str = attrs.field(default="", converter=_text)
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


def check_transfers_up(transfers: Iterable[TransferUp]) -> Iterator[Finding]:
    """LGA-33(2): only debt repayments, deposit works or transfers the Act provides for."""
    for t in transfers:
        if t.purpose is TransferPurpose.OTHER:
            yield Finding.of(
                rules.NO_TRANSFER_UP,
                f"transfer of {t.on}",
                "money transferred to a higher level of Government for another purpose: "
                + (t.description or "none stated"),
                actual=format_amount(t.amount),
                location=_where(t),
            )


@attrs.frozen
class CouncilSitting:
    """A sitting of the council: whether it is of the budget session, and its business."""

    on: date
    budget_session: bool
    business: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    budget_business: frozenset[str] = attrs.field(default=frozenset(), converter=frozenset)
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


def check_budget_session(sittings: Iterable[CouncilSitting]) -> Iterator[Finding]:
    """LGA-35(3): a sitting of the budget session takes up the budget (the items of
    ``budget_business``) and nothing else."""
    for s in sittings:
        if not s.budget_session:
            continue
        other = [item for item in s.business if item not in s.budget_business]
        if other:
            yield Finding.of(
                rules.BUDGET_SESSION,
                f"council sitting of {s.on}",
                "other business taken up during the budget session: " + "; ".join(other),
                location=_where(s),
            )


def check_revised_budget(year: FinancialYear, sanctioned_on: date) -> Iterator[Finding]:
    """LGA-35(9): a revised budget for ``year`` is sanctioned before the year expires."""
    if sanctioned_on > year.end:
        yield Finding.of(
            rules.REVISED_BUDGET_IN_YEAR,
            f"revised budget {year}",
            "sanctioned after its financial year expired",
            expected=f"by {year.end}",
            actual=sanctioned_on,
        )
