"""The procedural records of the budget and their rules: one passing and one failing fixture
for every rule of PROCEDURE_RULES (and the ledger's BR-85(2) and RoB-16(1)(c)), plus the
readings worth pinning."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

import attrs
import pytest
from budget_support import clean_statement, line, with_lines

from kpgov.budget import (
    PROCEDURE_RULES,
    Appropriation,
    AppropriationHead,
    AuthenticatedSchedule,
    Authority,
    BankAccount,
    BudgetApproval,
    Circular,
    CircularKind,
    Communicated,
    Communication,
    Comparison,
    CouncilSitting,
    DifferenceNote,
    EstimatePreparation,
    EstimateSubmission,
    Expenditure,
    IssuedReceipt,
    Ledger,
    LineKind,
    LineStatus,
    MonthlyReport,
    Office,
    Officer,
    PurchaseOrder,
    ReAppropriation,
    Receipt,
    ReceiptEstimateBasis,
    Recipient,
    Remission,
    ReportKind,
    StockVerification,
    TaxProposal,
    TransferPurpose,
    TransferUp,
    check_bank_accounts,
    check_bills_bar,
    check_budget_session,
    check_circulars,
    check_communications,
    check_development_grant,
    check_difference_notes,
    check_estimate_order,
    check_finance_consultation,
    check_ledger,
    check_monthly_receipts,
    check_monthly_reports,
    check_purchase_orders,
    check_receipt_books,
    check_receipt_estimates,
    check_remissions,
    check_revised_budget,
    check_routing,
    check_schedule,
    check_stock_verifications,
    check_taxation,
    check_transfers_up,
)
from kpgov.findings import Finding
from kpgov.law import PARAMETERS, Severity, get
from kpgov.periods import FinancialYear, Month

YEAR = FinancialYear(2016)
POSTAGE = AppropriationHead.parse("DF-R-1-012", "ABT-EDU-ED01", "A03201")
PHONE = AppropriationHead.parse("DF-R-1-012", "ABT-EDU-ED01", "A03202")
SANCTION = "Nazim general order 1/2016"
APPROVED = BudgetApproval(date(2016, 6, 20), votes_for=30, total_membership=40)

Findings = Callable[[], Iterable[Finding]]

# --- communications --------------------------------------------------------------------
EVERYONE = frozenset(Recipient)


def _sent(document: Communicated, *recipients: Recipient, on: date = date(2016, 6, 25)) -> Findings:
    communication = Communication(document, recipients or EVERYONE, sent_on=on)
    return lambda: check_communications(
        [communication], due=[document], approved_on=APPROVED.approved_on
    )


def _schedule(**changes: object) -> Findings:
    schedule = AuthenticatedSchedule(
        YEAR,
        "SAE 2016-17",
        authenticated_on=date(2016, 6, 22),
        laid_before_council_on=date(2016, 6, 24),
    )
    schedule = attrs.evolve(schedule, **changes)
    return lambda: check_schedule(schedule, approval=APPROVED)


def _appropriations(reference: str) -> Findings:
    ledger = Ledger("Example (synthetic)", YEAR).append(
        Appropriation(date(2016, 7, 1), POSTAGE, 1_000, reference)
    )
    schedule = AuthenticatedSchedule(
        YEAR,
        "SAE 2016-17",
        authenticated_on=date(2016, 6, 22),
        laid_before_council_on=date(2016, 6, 24),
    )
    return lambda: check_schedule(schedule, approval=APPROVED, ledger=ledger)


# --- taxation ----------------------------------------------------------------------------
def _tax(**changes: object) -> Findings:
    proposal = TaxProposal(
        "Tax on professions",
        line_ids=("R-TAX",),
        discussed_by_council_on=date(2016, 3, 1),
        published_on=date(2016, 3, 5),
        objections_heard_on=date(2016, 4, 5),
        council_approved_on=date(2016, 5, 10),
        vetted_by_government_on=date(2016, 5, 30),
        enforced_from=date(2016, 7, 1),
    )
    statement = with_lines(
        clean_statement(),
        line("R-TAX", "receipt", "TST-REV-RC01", "C02701", 50_000, status=LineStatus.NEW),
    )
    proposals = [] if changes.pop("none", False) else [attrs.evolve(proposal, **changes)]
    return lambda: check_taxation(statement, proposals)


# --- monthly reports ---------------------------------------------------------------------
def _reports(drop: tuple[Month, ReportKind] | None = None, lacking: str = "") -> Findings:
    reports = []
    for n, month in enumerate(YEAR.months[:9], 1):
        receipts = {"BM-3", "BM-4"} - {lacking}
        expenditure = {f"BM-{i}" for i in range(1, 12 + (n > 8) + (n > 8))} - {lacking}
        reports.append(MonthlyReport(month, ReportKind.RECEIPTS, receipts))
        reports.append(MonthlyReport(month, ReportKind.EXPENDITURE, expenditure))
    reports = [r for r in reports if (r.month, r.kind) != drop]
    return lambda: check_monthly_reports(reports, YEAR, as_of=date(2017, 4, 5))


# --- circulars and routing ---------------------------------------------------------------
OFFICES = ("EDU", "HLT")


def _circulars(**changes: object) -> Findings:
    made = [
        Circular(
            kind,
            issued_on=date(2015, 11, 1),
            issued_by=issuer,
            approved_by_nazim_on=date(2015, 10, 25),
            issued_to=OFFICES,
            calendar=True,
            guidelines=True,
            forms=True,
            ceiling_years=3,
            forecast_years=3,
        )
        for kind, issuer in (
            (CircularKind.BUDGET_CALL_CIRCULAR, Officer.DO_FINANCE_PLANNING),
            (CircularKind.ADP_GUIDELINES, Officer.DEPUTY_DO_PLANNING),
        )
    ]
    kind = changes.pop("kind", CircularKind.BUDGET_CALL_CIRCULAR)
    made = [attrs.evolve(c, **changes) if c.kind is kind else c for c in made]
    return lambda: check_circulars(made, offices=OFFICES)


def _routing(sender: Officer, kind: str, recipient: Officer) -> Findings:
    return lambda: check_routing([EstimateSubmission("EDU", kind, sender, recipient)])


# --- ledger ------------------------------------------------------------------------------
def _base() -> Ledger:
    return Ledger("Example (synthetic)", YEAR, opening_district_fund=1_000_000).append(
        Appropriation(date(2016, 7, 1), POSTAGE, 120_000, "SAE 2016-17"),
        Appropriation(date(2016, 7, 1), PHONE, 60_000, "SAE 2016-17"),
    )


def _bills(provided: date | None) -> Findings:
    ledger = _base().append(Expenditure(date(2016, 9, 25), POSTAGE, 900, sanction=SANCTION))
    reconciled = {} if provided is None else {("ABT-EDU-ED01", Month(2016, 8)): provided}
    return lambda: check_bills_bar(ledger, reconciled)


def _reapp(**kw: object) -> ReAppropriation:
    fields: dict[str, object] = {
        "authority": Authority.HEAD_OF_OFFICES,
        "order": "HoO/ED/2016/14",
        "copies_to": tuple(Office),
    }
    fields.update(kw)
    return ReAppropriation(date(2016, 10, 3), POSTAGE, PHONE, 10_000, **fields)  # type: ignore[arg-type]  # test helper


def _powers(limit: int) -> Findings:
    parameters = PARAMETERS.override(
        "reappropriation_power_head_of_offices", limit, since=YEAR.start
    )
    ledger = _base().append(_reapp())
    return lambda: check_ledger(ledger, parameters=parameters)


def _consulted(consulted: bool) -> Findings:
    ledger = _base().append(_reapp(finance_consulted=consulted))
    return lambda: check_finance_consultation(ledger, ["DF-R-1-012"])


def _grant(amount: int) -> Findings:
    return lambda: check_development_grant(YEAR, amount, 1_000_000)


# --- estimates, receipts management and stores ------------------------------------------
def _bases(**changes: object) -> Findings:
    statement = clean_statement()
    bases = [
        attrs.evolve(
            ReceiptEstimateBasis(
                line.line_id,
                actual_months=8,
                previous_year_reconciled=True,
                revised_reasons="eight months' actuals, arrears recovered",
                budget_reasons="revised rates from July",
            ),
            **changes,
        )
        for line in statement.lines_of(LineKind.RECEIPT)
    ]
    return lambda: check_receipt_estimates(statement, bases)


def _difference_notes(*explains: Comparison) -> Findings:
    statement = clean_statement()
    offices = {str(line.entity).split("-")[1] for line in statement.lines_of(LineKind.RECEIPT)}
    notes = [DifferenceNote(office, explains) for office in offices]
    return lambda: check_difference_notes(statement, notes)


def _order(revised_on: date) -> Findings:
    made = [EstimatePreparation("EDU", revised_on=revised_on, budget_on=date(2016, 3, 10))]
    return lambda: check_estimate_order(made)


def _books(*numbers: int) -> Findings:
    issued = [IssuedReceipt("TR5-7", n, date(2016, 7, 4), 100) for n in numbers]
    return lambda: check_receipt_books(issued)


def _account(sanctioned_on: date | None) -> Findings:
    made = [BankAccount("Cattle market fees", date(2016, 8, 1), sanctioned_on=sanctioned_on)]
    return lambda: check_bank_accounts(made)


def _monthly_receipts(reported: int) -> Findings:
    ledger = _base().append(
        Receipt(date(2016, 7, 4), 1_000, realized_on=date(2016, 7, 4)),
        Receipt(date(2016, 8, 1), 500, realized_on=date(2016, 7, 29)),  # July's, credited later
        Receipt(date(2016, 8, 10), 700),
    )
    return lambda: check_monthly_receipts(ledger, {Month(2016, 8): reported})


def _remission(sanction: str) -> Findings:
    made = [Remission(date(2016, 9, 1), "market fee arrears", 5_000, sanction)]
    return lambda: check_remissions(made)


def _orders(second: int) -> Findings:
    made = [
        PurchaseOrder("PO-1", date(2016, 9, 1), "school furniture", 90_000, "DDO"),
        PurchaseOrder("PO-2", date(2016, 9, 3), "school furniture", second, "DDO"),
    ]
    return lambda: check_purchase_orders(made, limits={"DDO": 100_000})


def _verification(**changes: object) -> Findings:
    made = StockVerification("medical store", "Inspector A", "Storekeeper B", "Clerk C")
    return lambda: check_stock_verifications([attrs.evolve(made, **changes)])


def _transfer(purpose: TransferPurpose) -> Findings:
    made = [TransferUp(date(2016, 9, 1), 50_000, purpose, "share of a provincial scheme")]
    return lambda: check_transfers_up(made)


def _sitting(*business: str) -> Findings:
    sitting = CouncilSitting(
        date(2016, 6, 15),
        True,
        business,
        budget_business={"Annual Budget Statement 2016-17", "Demands for Grants"},
    )
    return lambda: check_budget_session([sitting])


CONSOLIDATED = (Recipient.GOVERNMENT, Recipient.ACCOUNTANT_GENERAL, Recipient.NAZIM)
DG = Recipient.DDO, Recipient.DISTRICT_ACCOUNTS_OFFICER
CASES: dict[str, tuple[Findings, Findings]] = {
    "BR-2(1)(e)": (_appropriations("SAE 2016-17"), _appropriations("draft budget")),
    "BR-7(7)": (_circulars(), _circulars(forms=False)),
    "BR-8(4)(b)": (
        _circulars(),
        _circulars(kind=CircularKind.ADP_GUIDELINES, issued_on=date(2015, 10, 1)),
    ),
    "BR-13(5)": (_circulars(), _circulars(forecast_years=1)),
    "BR-13(6)": (_circulars(), _circulars(approved_by_nazim_on=None)),
    "BR-13(7)#issue": (_circulars(), _circulars(issued_by=Officer.DEPUTY_DO_PLANNING)),
    "BR-15(1)(b)": (_bases(), _bases(actual_months=6)),
    "BR-15(1)(h)": (_bases(), _bases(revised_reasons="")),
    "BR-15(1)(i)": (_bases(), _bases(budget_reasons="")),
    "BR-16(2)": (_tax(), _tax(vetted_by_government_on=date(2016, 2, 1))),
    "BR-18(2)": (
        _difference_notes(*Comparison),
        _difference_notes(Comparison.REVISED_AND_BUDGET),
    ),
    "BR-22(1)(l)": (_order(date(2016, 3, 1)), _order(date(2016, 3, 20))),
    "BR-69(2)(b)": (_books(1, 2, 3), _books(1, 2, 2, 3)),
    "BR-69(2)(f)": (_account(date(2016, 7, 20)), _account(date(2016, 8, 5))),
    "BR-71(1)": (_monthly_receipts(700), _monthly_receipts(1_200)),
    "BR-71(3)": (_remission("DO F&P order 12/2016"), _remission("")),
    "BR-75(8)(b)": (_orders(10_000), _orders(20_000)),
    "BR-75(8)(g)(i)": (_verification(), _verification(verified_by="Clerk C")),
    "BR-75(8)(g)(ii)": (_verification(), _verification(conversant=False)),
    "BR-17(2)": (
        _routing(Officer.COLLECTING_OFFICER, "receipt", Officer.HEAD_OF_OFFICES),
        _routing(Officer.COLLECTING_OFFICER, "receipt", Officer.DO_FINANCE_PLANNING),
    ),
    "BR-24(4)": (
        _routing(Officer.HEAD_OF_OFFICES, "current", Officer.DO_FINANCE_PLANNING),
        _routing(Officer.DDO, "current", Officer.DO_FINANCE_PLANNING),
    ),
    "BR-67(1)(b)": (_schedule(), _schedule(authenticated_on=date(2016, 6, 1))),
    "BR-67(1)(d)": (_schedule(), _schedule(laid_before_council_on=None)),
    "BR-67(2)": (
        _schedule(council_dismissed=True, approved_by_government_on=date(2016, 6, 28)),
        _schedule(council_dismissed=True),
    ),
    "BR-68(1)": (
        _sent(Communicated.SCHEDULE),
        _sent(Communicated.SCHEDULE, Recipient.DISTRICT_ACCOUNTS_OFFICER, Recipient.GOVERNMENT),
    ),
    "BR-68(2)": (
        _sent(Communicated.BUDGET_DOCUMENTS),
        _sent(Communicated.BUDGET_DOCUMENTS, Recipient.GOVERNMENT),
    ),
    "BR-68(4)": (
        _sent(Communicated.REVENUE_TARGETS),
        _sent(Communicated.REVENUE_TARGETS, on=date(2016, 6, 1)),  # before the approval
    ),
    "BR-72(1)": (_reports(), _reports(drop=(Month(2016, 9), ReportKind.RECEIPTS))),
    "BR-72(2)": (_reports(), _reports(lacking="BM-4")),
    "BR-80(4)": (_bills(date(2016, 9, 18)), _bills(None)),
    "BR-81(1)": (_reports(), _reports(drop=(Month(2017, 3), ReportKind.EXPENDITURE))),
    "BR-81(2)": (_reports(), _reports(lacking="BM-10")),
    "BR-83(3)": (
        _sent(Communicated.SUPPLEMENTARY_GRANT, *DG),
        _sent(Communicated.SUPPLEMENTARY_GRANT, Recipient.DDO),
    ),
    "BR-83(4)": (
        _sent(Communicated.REVISED_TARGETS, Recipient.COLLECTING_OFFICERS),
        _sent(Communicated.REVISED_TARGETS, Recipient.HEAD_OF_OFFICES),
    ),
    "BR-85(2)": (_powers(10_000), _powers(9_999)),
    "LGA-35(6)": (_schedule(), _schedule(authenticated_on=None)),
    "LGA-35(7)": (_schedule(), _schedule(laid_before_council_on=date(2016, 6, 21))),
    "LGA-35(8)": (
        _sent(Communicated.SCHEDULE),
        _sent(Communicated.SCHEDULE, Recipient.HEAD_OF_OFFICES, *DG),
    ),
    "LGA-33(2)": (_transfer(TransferPurpose.DEPOSIT_WORKS), _transfer(TransferPurpose.OTHER)),
    "LGA-35(3)": (
        _sitting("Annual Budget Statement 2016-17"),
        _sitting("Demands for Grants", "Naming of the city park"),
    ),
    "LGA-35(9)": (
        lambda: check_revised_budget(YEAR, date(2017, 6, 30)),
        lambda: check_revised_budget(YEAR, date(2017, 7, 1)),
    ),
    "LGA-36(3)": (
        _sent(Communicated.CONSOLIDATED_ACCOUNTS, *CONSOLIDATED),
        _sent(Communicated.CONSOLIDATED_ACCOUNTS, Recipient.GOVERNMENT, Recipient.NAZIM),
    ),
    "LGA-42(2)": (_tax(), _tax(none=True)),
    "LGA-42(4)": (_tax(), _tax(enforced_from=None)),
    "LGA-53(1)(b)": (_grant(300_000), _grant(299_999)),
    "ROB-16(1)(c)": (_consulted(True), _consulted(False)),
}


def test_every_procedure_rule_has_cases() -> None:
    assert {rule.id for rule in PROCEDURE_RULES} | {"BR-85(2)", "ROB-16(1)(c)"} == set(CASES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_passes_its_clean_case_and_fails_its_broken_one(rule_id: str) -> None:
    passing, failing = CASES[rule_id]
    assert rule_id not in {f.rule_id for f in passing()}
    found = [f for f in failing() if f.rule_id == rule_id]
    assert found, f"{rule_id} not raised by its failing fixture"
    assert all(f.severity is get(rule_id).severity for f in found)


def test_the_clean_fixtures_raise_nothing_at_all() -> None:
    for rule_id, (passing, _failing) in CASES.items():
        if rule_id not in {"BR-85(2)"}:  # a ledger check: the ledger raises its own rules
            assert list(passing()) == [], rule_id


def test_shall_clauses_are_errors_and_should_clauses_warnings() -> None:
    warnings = {rule.id for rule in PROCEDURE_RULES if rule.severity is Severity.WARNING}
    assert warnings == {"BR-22(1)(l)"}  # "should always precede"
    assert "should" in get("BR-22(1)(l)").citation.excerpt


def test_a_tax_levied_before_the_council_approved_it() -> None:
    found = list(_tax(enforced_from=date(2016, 5, 1))())
    assert [f.rule_id for f in found] == ["LGA-42(2)"]
    assert "before the Council approved" in found[0].message
    disorder = list(_tax(objections_heard_on=date(2016, 3, 2), published_on=date(2016, 3, 5))())
    assert any("objections heard" in f.message for f in disorder)


def test_bills_after_a_late_statement_are_passed_again() -> None:
    """The bar lifts once the statement arrives: a bill after it is lawful."""
    assert list(_bills(date(2016, 9, 24))()) == []
    assert [f.rule_id for f in _bills(date(2016, 9, 26))()] == ["BR-80(4)"]


def test_bm13_is_required_only_after_eight_months() -> None:
    reports = [
        MonthlyReport(Month(2016, 7), ReportKind.EXPENDITURE, [f"BM-{i}" for i in range(1, 12)]),
        MonthlyReport(Month(2016, 7), ReportKind.RECEIPTS, ["bm-3", "BM-4"]),
    ]
    assert list(check_monthly_reports(reports, YEAR, as_of=date(2016, 8, 15))) == []


def test_unset_delegated_powers_are_not_checked() -> None:
    ledger = _base().append(_reapp())
    assert PARAMETERS.value("reappropriation_power_head_of_offices", YEAR.start) is None
    assert "BR-85(2)" not in {f.rule_id for f in check_ledger(ledger)}


def test_the_development_grant_floor_is_a_dated_parameter() -> None:
    assert PARAMETERS.value("development_grant_share_floor", YEAR.start) == Decimal("0.30")
    lower = PARAMETERS.override("development_grant_share_floor", Decimal("0.2"), since=YEAR.start)
    assert list(check_development_grant(YEAR, 250_000, 1_000_000, parameters=lower)) == []
