"""One passing and one failing case for every budget-document rule.

Each case takes the clean test budget (which passes every check) and changes one thing; the
check must then report the rule, and must not report it for the clean budget.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import attrs
import pytest
from budget_support import CATALOGUE, YEAR, clean_statement, line, replace_line, with_lines

from kpgov.accounts import ChargedCategory
from kpgov.budget import (
    DOCUMENT_RULES,
    AdditionalBid,
    AnnualBudgetStatement,
    BudgetApproval,
    BudgetDocument,
    CashBalances,
    CeilingKind,
    CompletingProject,
    Demand,
    IndicativeCeiling,
    Investment,
    LiabilityKind,
    LineStatus,
    NewExpenditureProposal,
    NoteForm,
    OutgoingGovernment,
    OutgoingSpending,
    OutstandingLiability,
    PostProvision,
    ReceiptSource,
    StatementOfNewExpenditure,
    check_budget,
)
from kpgov.law import PARAMETERS
from kpgov.periods import Month

Mutation = Callable[[AnnualBudgetStatement], AnnualBudgetStatement]


def _overspend(s: AnnualBudgetStatement) -> AnnualBudgetStatement:
    return with_lines(
        s,
        line(
            "EDU-2",
            "current",
            "TST-EDU-ED01",
            "A01202",
            20_000_000,
            function="011105",
            fund="DF-R-1-002",
        ),
    )


def _low_closing(s: AnnualBudgetStatement) -> AnnualBudgetStatement:
    # receipts of the budget year exactly cover spending; nothing was left over in the R.E
    s = replace_line(s, "R-1", be_next=Decimal(10_000_000))
    return attrs.evolve(s, cash_balance=CashBalances(0, 0, -950_000))  # R.E closes at 0


def _sne(s: AnnualBudgetStatement, **proposal: object) -> AnnualBudgetStatement:
    fields: dict[str, object] = {
        "proposal_id": "SNE-1",
        "office": "HLT",
        "title": "BHU staff",
        "personnel": 2,
        "rate": Decimal(50_000),
        "duration_months": 12,
        "revenue_implications": "none",
        "note": "Justified by the new building.",
    }
    fields.update(proposal)
    s = with_lines(
        s,
        line(
            "SNE-1-L",
            "current",
            "TST-HLT-HL01",
            "A01151",
            100_000,
            function="073101",
            fund="DF-R-1-003",
            status="new",
            proposal="SNE-1",
        ),
    )
    return attrs.evolve(
        s,
        new_expenditure=StatementOfNewExpenditure(
            (NewExpenditureProposal(**fields),),  # type: ignore[arg-type]
            "FD/SNE/1",
            date(2025, 6, 1),
        ),
    )


def _no_lines_for_proposal(s: AnnualBudgetStatement) -> AnnualBudgetStatement:
    s = _sne(s)
    return attrs.evolve(s, lines=tuple(x for x in s.lines if x.line_id != "SNE-1-L"))


def _outgoing(s: AnnualBudgetStatement) -> AnnualBudgetStatement:
    # 8% of grant 002's Rs 50 lakh is Rs 4 lakh a month
    return attrs.evolve(
        s,
        outgoing=OutgoingGovernment(
            term_ends=date(2025, 9, 30),
            spending=(
                OutgoingSpending("002", Month(2025, 7), Decimal(400_000)),
                OutgoingSpending("002", Month(2025, 8), Decimal(450_000)),
            ),
        ),
    )


CASES: dict[str, Mutation] = {
    "BR-66(4)": _low_closing,
    "BR-66(6)": _overspend,
    "LGA-35(5)": _overspend,
    "BR-3(2)(b)": _overspend,
    "BR-S1-ABS-1": lambda s: attrs.evolve(
        s, cash_balance=attrs.evolve(s.cash_balance, be_next=Decimal(1))
    ),
    "LGA-34(1)": lambda s: attrs.evolve(
        s, lines=tuple(x for x in s.lines if x.kind.value != "receipt")
    ),
    "BR-15(1)(j)": lambda s: replace_line(s, "R-1", source=ReceiptSource.OWN),
    "LGA-35(1)": lambda s: attrs.evolve(s, presented_on=date(2025, 7, 3)),
    "LGA-35(2)": lambda s: attrs.evolve(s, approval=BudgetApproval(date(2025, 6, 25), 20, 40)),
    "LGA-35(4)": lambda s: attrs.evolve(s, approval=BudgetApproval(date(2025, 7, 2), 30, 40)),
    "BR-10(2)(c)": lambda s: replace_line(s, "EDU-1", lump_sum=True),
    "BR-66(5)": lambda s: replace_line(s, "EDU-1", description="Lump sum for misc. needs"),
    "BR-15(1)(g)": lambda s: replace_line(
        s, "R-2", lump_sum=True, explanation="fee schedule under revision"
    ),
    "BR-22(1)(c)": lambda s: replace_line(
        s, "EDU-1", lump_sum=True, explanation="flood relief, posts not yet sanctioned"
    ),
    "BR-11(4)(d)(iv)": lambda s: replace_line(s, "EDU-1", fund="DF-R-1-099"),
    "BR-11(5)": lambda s: attrs.evolve(s, council_office=None),
    "BR-11(5)#ddo": lambda s: replace_line(s, "EDU-1", entity="TST-EDU-DC01"),
    "BR-12(1)": lambda s: attrs.evolve(
        s, lines=tuple(x for x in s.lines if x.kind.value != "public_account")
    ),
    "BR-12(3)": lambda s: replace_line(s, "R-2", object="G12145"),
    "BR-13(7)": lambda s: attrs.evolve(
        s, ceilings=tuple(c for c in s.ceilings if c.office != "EDU")
    ),
    "BR-13(10)": lambda s: attrs.evolve(
        s,
        ceilings=(
            *(c for c in s.ceilings if c.office != "EDU"),
            IndicativeCeiling("EDU", "current", 4_000_000, 6_000_000, 6_500_000),
        ),
    ),
    "BR-22(1)(m)": lambda s: attrs.evolve(
        s,
        ceilings=(
            *s.ceilings,
            IndicativeCeiling("EDU", "current", 4_000_000, 9_000_000, 9_000_000, "TST-EDU-ED01"),
        ),
    ),
    "BR-24(5)": lambda s: attrs.evolve(
        s, additional_bids=(AdditionalBid("EDU", CeilingKind.CURRENT, Decimal(10)),)
    ),
    "BR-22(1)(g)": lambda s: attrs.evolve(
        s, posts=(PostProvision("TST-EDU-ED01", "Teacher", 10, 3, 9, 14),)
    ),
    "BR-29(1)": lambda s: attrs.evolve(
        _sne(s, project="TST-HLT-0001"),
        completing_projects=(CompletingProject("TST-HLT-0001", "BHU", "HLT", Decimal(200_000)),),
    ),
    "BR-29(2)": lambda s: attrs.evolve(
        _sne(s),
        new_expenditure=attrs.evolve(_sne(s).new_expenditure, finance_department_approval=None),
    ),
    "BR-29(4)": lambda s: replace_line(s, "EDU-1", status=LineStatus.NEW),
    "BR-30(2)": lambda s: _sne(s, note=None),
    "BR-31(1)(a)": lambda s: _sne(s, personnel=None),
    "BR-31(1)(b)": lambda s: _sne(s, revenue_implications=None),
    "BR-31(1)(c)": _no_lines_for_proposal,
    "BR-50(1)(b)#sne": lambda s: attrs.evolve(
        s,
        completing_projects=(CompletingProject("TST-HLT-0001", "BHU", "HLT", Decimal(200_000)),),
    ),
    "BR-28(1)": lambda s: with_lines(
        s,
        line(
            "R-CG",
            "receipt",
            "TST-HLT-RC02",
            "C03881",
            100_000,
            source=ReceiptSource.CONDITIONAL_GRANT,
            conditional_grant="Polio",
        ),
        line(
            "HLT-CG",
            "current",
            "TST-HLT-HL01",
            "A03805",
            150_000,
            function="073101",
            fund="DF-R-1-003",
            conditional_grant="Polio",
        ),
    ),
    "LGA-34(4)": lambda s: with_lines(
        s,
        line(
            "HLT-CG",
            "current",
            "TST-HLT-HL01",
            "A03805",
            150_000,
            function="073101",
            fund="DF-R-1-003",
            conditional_grant="Polio",
        ),
    ),
    "BR-55(1)": lambda s: attrs.evolve(s, documents=s.documents - {BudgetDocument.CITIZENS_BUDGET}),
    "BR-66(3)": lambda s: attrs.evolve(
        s, demands=(*s.demands[:-1], Demand("103", "Health (dev)", "development", False))
    ),
    "LGA-34(3)": lambda s: attrs.evolve(
        s, demands=(*s.demands[:-1], Demand("103", "Health (dev)", "development", False))
    ),
    "BR-14(1)": lambda s: replace_line(s, "R-2", outer_2=None),
    "BR-51(4)": lambda s: replace_line(s, "HLT-D1", outer_1=None),
    "BR-17(1)": lambda s: attrs.evolve(
        s, notes=tuple(n for n in s.notes if n.form is not NoteForm.BDR_5)
    ),
    "BR-23(1)": lambda s: attrs.evolve(
        s, notes=tuple(n for n in s.notes if n.form is not NoteForm.BDC_7)
    ),
    "LGA-32(1)": lambda s: with_lines(
        s,
        line(
            "DC-CH",
            "current",
            "TST-DC-DC01",
            "A03902",
            50_000,
            function="011101",
            fund="DF-R-4-001",
        ),
    ),
    "LGA-50(1)": lambda s: attrs.evolve(
        s,
        liabilities=(
            OutstandingLiability("Bank overdraft", Decimal(1_000_000), LiabilityKind.DEBT),
        ),
    ),
    "LGA-50(2)": lambda s: attrs.evolve(
        s, investments=(Investment("Shares of a private bank", Decimal(10), False),)
    ),
    "LGA-33(3)": _outgoing,
}


def _rule_ids(statement: AnnualBudgetStatement) -> set[str]:
    return {f.rule_id for f in check_budget(statement, catalogue=CATALOGUE)}


def test_the_clean_budget_passes_every_check() -> None:
    report = check_budget(clean_statement(), catalogue=CATALOGUE)
    assert len(report) == 0, report.to_text()


def test_every_registered_rule_has_a_case() -> None:
    assert {rule.id for rule in DOCUMENT_RULES} == set(CASES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fails_on_its_case_and_passes_on_the_clean_budget(rule_id: str) -> None:
    clean = clean_statement()
    assert rule_id not in _rule_ids(clean)
    broken = CASES[rule_id](clean)
    assert rule_id in _rule_ids(broken)


def test_investments_count_towards_the_closing_balance() -> None:
    low = _low_closing(clean_statement())
    assert "BR-66(4)" in _rule_ids(low)
    rescued = attrs.evolve(low, investments=(Investment("NIT units", Decimal(700_000)),))
    assert "BR-66(4)" not in _rule_ids(rescued)


def test_the_floor_is_a_dated_parameter_that_can_be_overridden() -> None:
    clean = clean_statement()
    strict = PARAMETERS.override("closing_balance_floor", Decimal("0.5"), since=YEAR.start)
    report = check_budget(clean, parameters=strict, catalogue=CATALOGUE)
    assert [f.rule_id for f in report] == ["BR-66(4)"]
    before = PARAMETERS.override("closing_balance_floor", Decimal("0.5"), since=YEAR.next().start)
    assert check_budget(clean, parameters=before, catalogue=CATALOGUE).ok


def test_the_monthly_limit_of_an_outgoing_government_is_a_parameter() -> None:
    broken = _outgoing(clean_statement())
    (finding,) = [f for f in check_budget(broken, catalogue=CATALOGUE) if f.rule_id == "LGA-33(3)"]
    assert finding.subject.endswith("grant 002 2025-08")  # July at exactly 8% is allowed
    lenient = PARAMETERS.override(
        "outgoing_monthly_spending_limit", Decimal("0.1"), since=YEAR.start
    )
    assert check_budget(broken, parameters=lenient, catalogue=CATALOGUE).ok


def test_an_explained_lump_sum_is_a_warning_not_an_error() -> None:
    broken = CASES["BR-22(1)(c)"](clean_statement())
    report = check_budget(broken, catalogue=CATALOGUE)
    assert report.ok
    assert [f.severity.value for f in report] == ["warning"]


def test_new_proposals_approved_after_presentation_are_not_prior_approval() -> None:
    s = _sne(clean_statement())
    late = attrs.evolve(
        s, new_expenditure=attrs.evolve(s.new_expenditure, approved_on=date(2025, 6, 20))
    )
    assert "BR-29(2)" not in _rule_ids(s)
    assert "BR-29(2)" in _rule_ids(late)


def test_charged_expenditure_with_its_ground_is_accepted() -> None:
    ok = with_lines(
        clean_statement(),
        line(
            "DC-CH",
            "current",
            "TST-DC-DC01",
            "A03902",
            50_000,
            function="011101",
            fund="DF-R-4-001",
            charged_category=ChargedCategory.GOVERNMENT_CONTRIBUTION,
        ),
    )
    assert check_budget(ok, catalogue=CATALOGUE).ok


def test_findings_cite_the_seed_text() -> None:
    report = check_budget(_overspend(clean_statement()), catalogue=CATALOGUE)
    finding = next(f for f in report if f.rule_id == "LGA-35(5)")
    assert finding.citation is not None
    assert "exceed the estimated receipts" in finding.citation.excerpt
    assert finding.expected is not None
    assert finding.expected.startswith("<= Rs ")


def test_codes_missing_from_the_catalogue_are_reported_once_per_code() -> None:
    from kpgov.accounts import Catalogue, Coverage, shipped_catalogue

    complete = Catalogue(shipped_catalogue(), coverage=Coverage.COMPLETE)
    report = check_budget(clean_statement(), catalogue=complete)  # no receipt heads listed
    missing = [f for f in report if f.rule_id == "BR-11(1)"]
    assert len(missing) == 2
    assert all("1 line(s)" in f.message for f in missing)


def test_a_budget_the_government_approves_late_is_in_order() -> None:
    late = attrs.evolve(
        clean_statement(), approval=BudgetApproval(date(2025, 7, 15), by_government=True)
    )
    assert check_budget(late, catalogue=CATALOGUE).ok


def test_the_classification_follows_the_catalogue_asked_for() -> None:
    from kpgov.budget import check_classifications

    statement = clean_statement()
    assert list(check_classifications(statement, catalogue=CATALOGUE)) == []
    assert {f.rule_id for f in check_classifications(statement)} == {"BR-11(1)"}
    assert list(check_classifications(statement, catalogue=CATALOGUE)) == []


# --- corrected readings (issue 16): each test fails on the earlier reading ----------------


def test_a_budgeted_borrowing_receipt_is_debt() -> None:
    """LGA-50(1): reading only the outstanding liabilities let a budgeted loan pass."""
    from kpgov.budget import ReceiptSource

    clean = clean_statement()
    borrowing = replace_line(clean, "R-2", source=ReceiptSource.PUBLIC_DEBT)
    assert clean.liabilities == borrowing.liabilities
    (finding,) = [
        f for f in check_budget(borrowing, catalogue=CATALOGUE) if f.rule_id == "LGA-50(1)"
    ]
    assert finding.subject.endswith("line R-2")
    assert "B.E (Next Year)" in str(finding.actual)
    assert finding.severity.value == "error"


def test_the_eight_percent_limit_is_not_cited_as_the_budget_session_clause() -> None:
    """LGA-33(3), printed as a second 35(3); the printed 35(3) of Approval of Budget is "No
    other business ... during budget session"."""
    from kpgov.law import get

    assert "LGA-35(3)" not in {rule.id for rule in DOCUMENT_RULES}
    rule = get("LGA-33(3)")
    assert "eight percent per mensum" in rule.citation.excerpt
    assert rule.citation.clause == "33(3)"
    assert PARAMETERS["outgoing_monthly_spending_limit"].citation.clause == "33(3)"


def test_recurring_costs_of_completing_projects_are_one_duty_read_as_an_error() -> None:
    """BR-29(1) and BR-50(1)(b) both say "shall": a shortfall or an omission is an error."""
    from kpgov.law import Severity, get

    assert get("BR-29(1)").severity is Severity.ERROR
    assert get("BR-50(1)(b)#sne").severity is Severity.ERROR
    for rule_id in ("BR-29(1)", "BR-50(1)(b)#sne"):
        broken = CASES[rule_id](clean_statement())
        found = [f for f in check_budget(broken, catalogue=CATALOGUE) if f.rule_id == rule_id]
        assert found
        assert all(f.severity is Severity.ERROR for f in found)
