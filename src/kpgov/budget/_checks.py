"""Checks of the budget documents: pure functions that yield findings, never raise for a breach.

:func:`check_budget` runs them all on an :class:`AnnualBudgetStatement` and returns a
:class:`~kpgov.findings.Report`; each ``check_*`` function can also be run alone. Figures the
Government sets (the 5% closing-balance floor, the 8% monthly limit) come from a
:class:`~kpgov.law.ParameterSet`, :data:`kpgov.law.PARAMETERS` unless another is passed, taken
at the first day of the budget year.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Final

import attrs

from kpgov.accounts import (
    Catalogue,
    ObjectLevel,
    summarise_unconfirmed,
)
from kpgov.budget import _rules as rules
from kpgov.budget._documents import (
    BudgetDocument,
    CeilingKind,
    LiabilityKind,
    NoteForm,
)
from kpgov.budget._index import index_of
from kpgov.budget._lines import Column, LineKind, ReceiptSource
from kpgov.budget._statement import AnnualBudgetStatement, abstract_from_totals
from kpgov.errors import Location, ValidationError, source_of
from kpgov.findings import Finding, Report, Severity
from kpgov.law import PARAMETERS, ParameterSet, Rule
from kpgov.money import ZERO, format_amount

__all__ = [
    "ALL_CHECKS",
    "check_balance",
    "check_budget",
    "check_budget_lines",
    "check_ceilings",
    "check_classifications",
    "check_conditional_grants",
    "check_contents",
    "check_council",
    "check_debt_and_investments",
    "check_demands",
    "check_lines",
    "check_new_expenditure",
    "check_notes",
    "check_outgoing_government",
    "check_posts",
]

_EXPENDITURE_KINDS: Final = (LineKind.CURRENT, LineKind.DEVELOPMENT)


def _rs(amount: Decimal) -> str:
    return f"Rs {format_amount(amount)}"


def _fraction(value: object) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


# ------------------------------------------------------------------ balance and contents


def check_balance(
    statement: AnnualBudgetStatement, *, parameters: ParameterSet = PARAMETERS
) -> Iterator[Finding]:
    """BR-66(4) closing balance floor; BR-66(6), LGA-35(5), BR-3(2)(b) expenditure within
    receipts; BR-S1-ABS-1 the opening balance of the budget year follows the rules.E.

    Receipts and expenditure are the B.E of the budget year, excluding the Public Account.
    The closing balance is the cash closing balance of the Financial Abstract plus the
    investments made out of the District Fund (BR-66(4), second sentence).
    """
    subject = statement.subject
    abstract = abstract_from_totals(
        statement, index_of(statement, classified=False).totals_by_column()
    )
    budget = abstract.fund(Column.BE_NEXT)
    receipts, spending = budget.receipts, budget.total_expenditure
    if spending > receipts:
        message = "estimated expenditure exceeds estimated receipts of the budget year"
        for rule in (rules.COUNCIL_BALANCED, rules.LGA_BALANCED, rules.PAO_BALANCED):
            yield Finding.of(
                rule,
                subject,
                f"{message} by {_rs(spending - receipts)}",
                expected=f"<= {_rs(receipts)}",
                actual=_rs(spending),
                location=source_of(statement),
            )
    floor = _fraction(parameters.value("closing_balance_floor", statement.year.start))
    if floor is not None:
        needed = receipts * floor
        closing = budget.closing_balance + statement.investments_total
        if closing < needed:
            yield Finding.of(
                rules.CLOSING_BALANCE_FLOOR,
                subject,
                f"closing balance (investments included) is below "
                f"{(floor * 100).normalize():f}% of the receipts anticipated for the year",
                expected=f">= {_rs(needed)}",
                actual=_rs(closing),
                location=source_of(statement),
            )
    stated = statement.cash_balance.be_next
    if stated is not None and stated != budget.opening_balance:
        yield Finding.of(
            rules.OPENING_FROM_REVISED,
            subject,
            "the cash balance stated for 1 July of the budget year is not the closing balance "
            "of the revised estimates",
            expected=_rs(budget.opening_balance),
            actual=_rs(stated),
            location=source_of(statement.cash_balance) or source_of(statement),
        )


def check_contents(statement: AnnualBudgetStatement) -> Iterator[Finding]:
    """LGA-34(1) the budget estimates grants, the Fund, receipts and expenditure;
    BR-15(1)(j) receipts include provincial transfers; BR-12(1) Public Account estimates;
    BR-55(1) all budget documents; LGA-35(1) presented before the year begins; LGA-35(2)
    approved by a majority of the total membership; LGA-35(4) approved by the council only
    before the year begins."""
    subject = statement.subject
    index = index_of(statement, classified=False)
    kinds, sources = index.kinds, index.sources
    missing = []
    if not sources & {ReceiptSource.TRANSFER, ReceiptSource.CONDITIONAL_GRANT}:
        missing.append("(a) grants-in-aid from Government")
    if LineKind.RECEIPT not in kinds:
        missing.append("(c) receipts for the next year")
    if not kinds & set(_EXPENDITURE_KINDS):
        missing.append("(d) expenditures for the next year")
    if missing:
        yield Finding.of(
            rules.BUDGET_CONTENTS,
            subject,
            "the budget has no estimates of " + "; ".join(missing),
            location=source_of(statement),
        )
    if LineKind.RECEIPT in kinds and ReceiptSource.TRANSFER not in sources:
        yield Finding.of(
            rules.FISCAL_TRANSFERS,
            subject,
            "no receipt line is a fiscal transfer from the Provincial Government",
            location=source_of(statement),
        )
    if LineKind.PUBLIC_ACCOUNT not in kinds:
        yield Finding.of(
            rules.PUBLIC_ACCOUNT_MAINTAINED,
            subject,
            "the budget has no Public Account estimates",
            location=source_of(statement),
        )
    required = set(BudgetDocument) - {BudgetDocument.SUPPLEMENTARY_BUDGET}
    if statement.supplementary_budget_required:
        required.add(BudgetDocument.SUPPLEMENTARY_BUDGET)
    for document in sorted(required - statement.documents, key=lambda d: d.value):
        yield Finding.of(
            rules.DOCUMENTS,
            subject,
            f"budget document ({document.value}) {document.title} was not prepared",
            location=source_of(statement),
        )
    approval = statement.approval
    if approval is not None and not approval.by_government:
        if (
            approval.votes_for is not None
            and approval.total_membership is not None
            and approval.votes_for * 2 <= approval.total_membership
        ):
            yield Finding.of(
                rules.SIMPLE_MAJORITY,
                subject,
                "the council approved the budget without a majority of its total membership",
                expected=f"> {approval.total_membership // 2} of {approval.total_membership}",
                actual=f"{approval.votes_for} of {approval.total_membership}",
                location=source_of(approval),
            )
        if approval.approved_on >= statement.year.start:
            yield Finding.of(
                rules.LATE_APPROVAL,
                subject,
                "the council approved the budget after the financial year began; the "
                "Government approves it then",
                expected=f"before {statement.year.start.isoformat()}",
                actual=approval.approved_on.isoformat(),
                location=source_of(approval),
            )
    if statement.presented_on is not None and statement.presented_on >= statement.year.start:
        yield Finding.of(
            rules.PRESENTED_BEFORE_YEAR,
            subject,
            "the budget was presented to the council after the financial year began",
            expected=f"before {statement.year.start.isoformat()}",
            actual=statement.presented_on.isoformat(),
            location=source_of(statement),
        )


# ------------------------------------------------------------------------- line checks


def check_lines(statement: AnnualBudgetStatement) -> Iterator[Finding]:
    """Checks of each line: lump sums (BR-10(2)(c), BR-66(5), BR-15(1)(g), BR-22(1)(c));
    Public Account heads kept out of the District Fund (BR-12(3)); voted expenditure under a
    demand of the budget (BR-11(4)(d)(iv)); charged expenditure on a ground of LGA-32(1); new
    expenditure in the SNE (BR-29(4)); conditional-grant receipts shown as such (LGA-34(4));
    and, grouped by office, outer-year projections (BR-14(1), BR-51(4)).

    The classification of each line against BR-11 and BR-12(7) is checked by
    :func:`check_classifications`.
    """
    index = index_of(statement, classified=False)
    yield from index.line_findings
    subject = statement.subject
    for (kind, office), lines in sorted(
        index.unprojected.items(), key=lambda kv: (kv[0][0].value, kv[0][1])
    ):
        rule = rules.RECEIPT_PROJECTIONS if kind is LineKind.RECEIPT else rules.MEDIUM_TERM
        ids = [line.line_id for line in lines]
        where = _sources(lines)
        yield Finding.of(
            rule,
            f"{subject} office {office}",
            f"{len(ids)} {kind.value} line(s) without projections for both outer years: "
            + _some(ids),
            location=where[0] if where else source_of(statement),
            related=where[1:],
        )


def _sources(records: Iterable[object]) -> list[Location]:
    """The locations of ``records`` that were read from a file, in order."""
    return [where for where in map(source_of, records) if where is not None]


def _some(ids: list[str]) -> str:
    return ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")


def check_classifications(
    statement: AnnualBudgetStatement, *, catalogue: Catalogue | None = None
) -> Iterator[Finding]:
    """Each line's classification checked by :mod:`kpgov.accounts` (BR-11, BR-12(7),
    LGA-32(1)) against ``catalogue`` (the shipped sample catalogue by default).

    Lines that share a classification are checked once. A code missing from a complete
    catalogue (BR-11(1)) is an error once per code with the number of lines using it, not once
    a line; against a partial one (the shipped sample) all such codes make one note.
    """
    index = index_of(statement, catalogue)
    yield from index.class_findings
    missing = []
    for _key, (finding, lines) in sorted(index.missing_codes.items(), key=lambda kv: kv[0]):
        ids = [line.line_id for line in lines]
        where = _sources(lines)
        missing.append(
            attrs.evolve(
                finding,
                subject=statement.subject,
                message=f"{finding.message} ({len(ids)} line(s): {_some(ids)})",
                location=where[0] if where else source_of(statement),
                related=where[1:],
            )
        )
    # Against a partial catalogue the unknown codes are one note, not a finding per code.
    yield from summarise_unconfirmed(missing, subject=statement.subject)


# -------------------------------------------------------------------------- the council


def check_council(statement: AnnualBudgetStatement) -> Iterator[Finding]:
    """BR-11(5): the District Council's budget is a separate office with its own DDOs."""
    index = index_of(statement, classified=False)
    if not index.kinds & {LineKind.CURRENT, LineKind.DEVELOPMENT}:
        return
    subject = statement.subject
    office = statement.council_office
    if office is None or not index.council_centres:
        yield Finding.of(
            rules.COUNCIL_SEPARATE,
            subject,
            "the budget shows no separate office for the District Council and its Secretariat",
            actual=office or "no council office named",
            location=source_of(statement),
        )
        return
    if None in index.council_centres:
        yield Finding.of(
            rules.COUNCIL_DDO,
            subject,
            "District Council expenditure is not assigned to a drawing and disbursing officer",
            location=source_of(statement),
        )
    shared = sorted(
        entity
        for centre in index.council_centres
        if centre is not None
        for entity in index.centre_offices.get(centre, ())
    )
    if shared:
        yield Finding.of(
            rules.COUNCIL_DDO,
            subject,
            "the District Council's drawing and disbursing officer also draws for other offices",
            actual=", ".join(shared[:5]),
            location=source_of(statement),
        )


# ---------------------------------------------------------------------------- ceilings


def _ceiling_kind(kind: LineKind) -> CeilingKind:
    return CeilingKind.CURRENT if kind is LineKind.CURRENT else CeilingKind.DEVELOPMENT


def check_ceilings(statement: AnnualBudgetStatement) -> Iterator[Finding]:
    """BR-13(7) every office with estimates has ceilings; BR-13(10) office estimates within
    ceiling plus justified additional bids, for each of the three years; BR-22(1)(m) the same
    for a cost centre with its own ceiling; BR-24(5) additional bids justified."""
    subject = statement.subject
    index = index_of(statement, classified=False)
    columns = (Column.BE_NEXT, Column.OUTER_1, Column.OUTER_2)
    bids: dict[tuple[str, CeilingKind, str | None], Decimal] = defaultdict(lambda: ZERO)
    for bid in statement.additional_bids:
        if bid.justification is None:
            yield Finding.of(
                rules.ADDITIONAL_BID_JUSTIFIED,
                f"{subject} office {bid.office}",
                f"additional {bid.kind.value} bid of {_rs(bid.amount)} over the ceiling "
                "without a justification",
                location=source_of(bid),
            )
        else:
            bids[bid.office, bid.kind, bid.cost_centre] += bid.amount
    office_ceilings = {(c.office, c.kind): c for c in statement.ceilings if c.cost_centre is None}
    for (office, kind), totals in sorted(
        index.office_sums.items(), key=lambda kv: (kv[0][0], kv[0][1].value)
    ):
        ceiling = office_ceilings.get((office, kind))
        if ceiling is None:
            yield Finding.of(
                rules.CEILINGS_ISSUED,
                f"{subject} office {office}",
                f"{kind.value} estimates of the office have no indicative ceilings",
                location=source_of(statement),
            )
            continue
        yield from _over_ceiling(
            rules.WITHIN_CEILING,
            f"{subject} office {office}",
            kind,
            totals,
            ceiling.amount,
            bids[office, kind, None],
            columns,
            source_of(ceiling),
        )
    for ceiling in statement.ceilings:
        if ceiling.cost_centre is None:
            continue
        totals = index.centre_sums.get((ceiling.cost_centre, ceiling.kind), [ZERO, ZERO, ZERO])
        yield from _over_ceiling(
            rules.DDO_WITHIN_CEILING,
            f"{subject} cost centre {ceiling.cost_centre}",
            ceiling.kind,
            totals,
            ceiling.amount,
            bids[ceiling.office, ceiling.kind, ceiling.cost_centre],
            columns,
            source_of(ceiling),
        )


def _over_ceiling(
    rule: Rule,
    subject: str,
    kind: CeilingKind,
    totals: list[Decimal],
    ceiling: Callable[[int], Decimal],
    bid: Decimal,
    columns: tuple[Column, ...],
    location: Location | None = None,
) -> Iterator[Finding]:
    for year, column in enumerate(columns):
        allowed = ceiling(year) + (bid if year == 0 else ZERO)
        if totals[year] > allowed:
            yield Finding.of(
                rule,
                subject,
                f"{kind.value} estimates, {column.title}, exceed the indicative ceiling"
                + (" and justified additional bids" if year == 0 and bid else "")
                + f" by {_rs(totals[year] - allowed)}",
                expected=f"<= {_rs(allowed)}",
                actual=_rs(totals[year]),
                location=location,
            )


# ------------------------------------------------------------------ posts and new spending


def check_posts(statement: AnnualBudgetStatement) -> Iterator[Finding]:
    """BR-22(1)(g): no provision for posts decided to be left unfilled."""
    for post in statement.posts:
        fillable = post.sanctioned - post.left_unfilled
        if post.left_unfilled and post.provided_for > fillable:
            yield Finding.of(
                rules.UNFILLED_POSTS,
                f"{statement.subject} cost centre {post.cost_centre} {post.designation}",
                f"pay provided for {post.provided_for} posts although {post.left_unfilled} of "
                f"{post.sanctioned} are to be left unfilled",
                expected=f"<= {fillable} posts",
                actual=f"{post.provided_for} posts",
                location=source_of(post),
            )


def check_new_expenditure(statement: AnnualBudgetStatement) -> Iterator[Finding]:
    """BR-29(1), BR-50(1)(b) recurring costs of completing projects; BR-29(2) prior approval
    of the SNE; BR-30(2) BDC-7 notes; BR-31(1)(a)-(c) contents of each proposal."""
    subject = statement.subject
    sne = statement.new_expenditure
    index = index_of(statement, classified=False)
    lines_by_proposal = index.proposal_lines
    revenue_by_proposal = index.proposal_revenue
    has_new = bool(sne.proposals) or index.has_new
    if has_new and sne.finance_department_approval is None:
        yield Finding.of(
            rules.SNE_APPROVAL,
            subject,
            "the Statement of New Expenditure has no approval of the Provincial Finance Department",
            location=source_of(sne) or source_of(statement),
        )
    elif (
        has_new
        and sne.approved_on is not None
        and statement.presented_on is not None
        and sne.approved_on > statement.presented_on
    ):
        yield Finding.of(
            rules.SNE_APPROVAL,
            subject,
            "the Finance Department approved the Statement of New Expenditure after the budget "
            "was presented",
            expected=f"on or before {statement.presented_on.isoformat()}",
            actual=sne.approved_on.isoformat(),
            location=source_of(sne),
        )
    for proposal in sne.proposals:
        where = f"{subject} proposal {proposal.proposal_id}"
        if proposal.note is None:
            yield Finding.of(
                rules.SNE_NOTE,
                where,
                "new proposal without a BDC-7 explanatory note",
                location=source_of(proposal),
            )
        missing = [
            name
            for name, value in (
                ("number of personnel", proposal.personnel),
                ("rate of remuneration", proposal.rate),
                ("duration of employment", proposal.duration_months),
            )
            if value is None and (name == "number of personnel" or proposal.personnel)
        ]
        if missing:
            yield Finding.of(
                rules.SNE_PERSONNEL,
                where,
                "new proposal does not state the " + ", ".join(missing),
                location=source_of(proposal),
            )
        if proposal.revenue_implications is None:
            yield Finding.of(
                rules.SNE_REVENUE,
                where,
                "new proposal does not describe its revenue implications",
                location=source_of(proposal),
            )
        elif proposal.revenue_amount > revenue_by_proposal.get(proposal.proposal_id, ZERO):
            yield Finding.of(
                rules.SNE_REVENUE,
                where,
                "the quantified revenue implication is not included in the estimates of receipts",
                expected=f">= {_rs(proposal.revenue_amount)} in receipts",
                actual=_rs(revenue_by_proposal.get(proposal.proposal_id, ZERO)),
                location=source_of(proposal),
            )
        if not any(
            line.object.level is ObjectLevel.DETAILED
            for line in lines_by_proposal.get(proposal.proposal_id, ())
        ):
            yield Finding.of(
                rules.SNE_HEADS,
                where,
                "new proposal has no estimate under a detailed object head",
                location=source_of(proposal),
            )
    by_project = {p.project: p for p in sne.proposals if p.project is not None}
    for project in statement.completing_projects:
        where = f"{subject} project {project.project}"
        carrier = by_project.get(project.project)
        if carrier is None:
            yield Finding.of(
                rules.FLOW_ON,
                where,
                f"recurring liability ({_rs(project.recurring_cost)} a year) of a project "
                "completing in the budget year is not in the Statement of New Expenditure",
                location=source_of(project),
            )
            continue
        provided = sum(
            (line.be_next for line in lines_by_proposal.get(carrier.proposal_id, ())), ZERO
        )
        if provided < project.recurring_cost:
            yield Finding.of(
                rules.SNE_RECURRING_COSTS,
                where,
                "the current budget provides less than the recurring cost of a project "
                "completing in the budget year",
                expected=f">= {_rs(project.recurring_cost)}",
                actual=_rs(provided),
                location=source_of(project),
            )


# ----------------------------------------------------------------- grants and demands


def check_conditional_grants(statement: AnnualBudgetStatement) -> Iterator[Finding]:
    """LGA-34(4) conditional grants shown separately (the receipt lines of a grant are
    checked by :func:`check_lines`); BR-28(1) spending against a conditional grant within the
    grant."""
    subject = statement.subject
    index = index_of(statement, classified=False)
    received, spent = index.cg_received, index.cg_spent
    for name in sorted(spent):
        where = f"{subject} conditional grant {name}"
        if name not in received:
            yield Finding.of(
                rules.CONDITIONAL_GRANTS_SEPARATE,
                where,
                "expenditure is budgeted against a conditional grant whose receipt is not "
                "shown separately",
                location=source_of(statement),
            )
        elif spent[name] > received[name]:
            yield Finding.of(
                rules.CONDITIONAL_GRANTS_BUDGETED,
                where,
                "expenditure budgeted against the conditional grant exceeds the grant",
                expected=f"<= {_rs(received[name])}",
                actual=_rs(spent[name]),
                location=source_of(statement),
            )


def check_demands(statement: AnnualBudgetStatement) -> Iterator[Finding]:
    """BR-66(3), LGA-34(3): every Demand for Grant is recommended by the Nazim."""
    for demand in statement.demands:
        if not demand.recommended_by_nazim:
            where = f"{statement.subject} grant {demand.grant}"
            for rule in (rules.NAZIM_RECOMMENDATION, rules.LGA_NAZIM_RECOMMENDATION):
                yield Finding.of(
                    rule,
                    where,
                    f"Demand for Grant {demand.grant} ({demand.title}) is not recommended by "
                    "the Nazim",
                    location=source_of(demand),
                )


def check_notes(statement: AnnualBudgetStatement) -> Iterator[Finding]:
    """BR-17(1) a BDR-5 note for each office's receipts; BR-23(1) a BDC-7 note for each cost
    centre's current expenditure."""
    index = index_of(statement, classified=False)
    receipt_offices = sorted(index.receipt_offices)
    centres = sorted(index.current_centres)
    bdr = {n.office for n in statement.notes if n.form is NoteForm.BDR_5}
    bdc = {n.cost_centre for n in statement.notes if n.form is NoteForm.BDC_7}
    for office in receipt_offices:
        if office not in bdr:
            yield Finding.of(
                rules.RECEIPT_NOTES,
                f"{statement.subject} office {office}",
                "receipt estimates without a BDR-5 explanatory note",
                location=source_of(statement),
            )
    for centre in centres:
        if centre not in bdc:
            yield Finding.of(
                rules.EXPENDITURE_NOTES,
                f"{statement.subject} cost centre {centre}",
                "current-expenditure estimates without a BDC-7 explanatory note",
                location=source_of(statement),
            )


def check_debt_and_investments(statement: AnnualBudgetStatement) -> Iterator[Finding]:
    """LGA-50(1) no debt, neither outstanding nor budgeted as a receipt of public debt;
    LGA-50(2) investments only in Government securities."""
    yield from _budgeted_borrowing(statement)
    for liability in statement.liabilities:
        if liability.kind is LiabilityKind.DEBT and liability.amount > 0:
            yield Finding.of(
                rules.NO_DEBT,
                statement.subject,
                f"the statement of outstanding liabilities shows a debt: {liability.description}",
                actual=_rs(liability.amount),
                location=source_of(liability),
            )
    for investment in statement.investments:
        if not investment.government_security:
            yield Finding.of(
                rules.INVESTMENTS,
                statement.subject,
                "investment in a security not floated or approved by "  # float-ok: law text
                f"the Government: {investment.description}",
                actual=_rs(investment.amount),
                location=source_of(investment),
            )


def _located(record: object) -> Location | None:
    """The file location a loaded record remembers (its ``source``), if it has one."""
    return source_of(record)  # ``source``, or ``origin`` where the domain has a source


_DEBT_COLUMNS: Final = (Column.RE_CURRENT, Column.BE_NEXT, Column.OUTER_1, Column.OUTER_2)


def _budgeted_borrowing(statement: AnnualBudgetStatement) -> Iterator[Finding]:
    """LGA-50(1): a receipt of public debt (a capital receipt, r.2(1)(l)(iii)) estimated for the
    current or a coming year is a debt the local government would incur."""
    for line in statement.lines_of(LineKind.RECEIPT):
        if line.source is not ReceiptSource.PUBLIC_DEBT:
            continue
        columns = [c for c in _DEBT_COLUMNS if line.amount(c) > 0]
        if columns:
            yield Finding.of(
                rules.NO_DEBT,
                f"{statement.subject} line {line.line_id}",
                "the estimates budget a receipt of public debt (borrowing)",
                expected="no borrowing",
                actual=", ".join(f"{c.title} {_rs(line.amount(c))}" for c in columns),
                location=_located(line),
            )


def check_outgoing_government(
    statement: AnnualBudgetStatement, *, parameters: ParameterSet = PARAMETERS
) -> Iterator[Finding]:
    """LGA-33(3) (printed as a second 35(3)): in each month of its remaining term an outgoing
    local government spends or commits under each demand at most the monthly fraction (8%) of
    that demand's budgeted funds (the B.E of the budget year for the demand)."""
    outgoing = statement.outgoing
    if outgoing is None:
        return
    budgeted = index_of(statement, classified=False).grant_budget
    limit_fraction = _fraction(
        parameters.value("outgoing_monthly_spending_limit", statement.year.start)
    )
    if limit_fraction is None:
        return
    spent: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for item in outgoing.spending:
        if outgoing.from_month is not None and item.month < outgoing.from_month:
            continue
        if item.month.start > outgoing.term_ends:
            continue
        spent[item.grant, str(item.month)] += item.amount
    for (grant, month), amount in sorted(spent.items()):
        limit = budgeted.get(grant, ZERO) * limit_fraction
        if amount > limit:
            yield Finding.of(
                rules.OUTGOING_GOVERNMENT,
                f"{statement.subject} grant {grant} {month}",
                f"the outgoing local government spent or committed more than "
                f"{(limit_fraction * 100).normalize():f}% of the budgeted funds in a month",
                expected=f"<= {_rs(limit)}",
                actual=_rs(amount),
                location=source_of(outgoing),
            )


#: Every check of :func:`check_budget`, in the order it runs them.
ALL_CHECKS: Final[tuple[Callable[..., Iterable[Finding]], ...]] = (
    check_balance,
    check_contents,
    check_lines,
    check_classifications,
    check_council,
    check_ceilings,
    check_posts,
    check_new_expenditure,
    check_conditional_grants,
    check_demands,
    check_notes,
    check_debt_and_investments,
    check_outgoing_government,
)
_TAKES_PARAMETERS: Final = {check_balance, check_outgoing_government}


#: Line rules that need documents a file of lines alone does not carry, and why.
_NEEDS_DOCUMENTS: Final = (
    (rules.GRANT_NUMBER, "the Demands for Grant"),
    (rules.SNE_PROVIDED, "the Statement of New Expenditure"),
)


def check_budget_lines(
    statement: AnnualBudgetStatement, *, catalogue: Catalogue | None = None
) -> Report:
    """Check a budget that is only its lines (a CSV export, no documents): the line checks
    and the classifications. A line rule that needs a document the input does not carry
    (BR-11(4)(d)(iv) needs the Demands for Grant, BR-29(4) the Statement of New Expenditure)
    is not applied line by line; one note says it could not be checked and why. A statement
    without lines is a ValidationError: there is nothing to check.
    """
    if not statement.lines:
        raise ValidationError("no budget lines: there is nothing to check", field="lines")
    skipped = {rule.id for rule, _why in _NEEDS_DOCUMENTS}
    findings = [
        f
        for f in (*check_lines(statement), *check_classifications(statement, catalogue=catalogue))
        if f.rule_id not in skipped
    ]
    for rule, needs in _NEEDS_DOCUMENTS:
        findings.append(
            Finding.of(
                rule,
                statement.subject,
                f"not checked: a file of budget lines does not carry {needs}, which this rule "
                "needs",
                location=source_of(statement),
                severity=Severity.INFO,
            )
        )
    return Report(findings, title=f"Budget line check: {statement.subject}")


def check_budget(
    statement: AnnualBudgetStatement,
    *,
    parameters: ParameterSet = PARAMETERS,
    catalogue: Catalogue | None = None,
) -> Report:
    """Run every budget-document check on ``statement`` and collect the findings.

    ``parameters`` supplies the dated figures (5% floor, 8% monthly limit); ``catalogue`` the
    Chart of Accounts the classifications are checked against (the shipped sample by default).
    """
    index_of(statement, catalogue)  # one pass over the lines serves every check
    findings: list[Finding] = []
    for check in ALL_CHECKS:
        if check is check_classifications:
            findings.extend(check_classifications(statement, catalogue=catalogue))
        elif check in _TAKES_PARAMETERS:
            findings.extend(check(statement, parameters=parameters))
        else:
            findings.extend(check(statement))
    return Report(findings, title=f"Budget check: {statement.subject}")
