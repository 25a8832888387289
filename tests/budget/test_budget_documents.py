"""The budget's value objects: lines, documents, the statement, and the synthetic generator."""

from __future__ import annotations

from decimal import Decimal

import pytest
from budget_support import CATALOGUE, clean_statement

from kpgov.budget import (
    AnnualBudgetStatement,
    BudgetLine,
    Column,
    LineKind,
    NewExpenditureProposal,
    check_budget,
)
from kpgov.errors import ParseError, ValidationError
from kpgov.periods import FinancialYear
from kpgov.testing import SYNTHETIC_DEFECTS, synthetic_statement


def test_a_line_reads_codes_and_amounts_as_people_type_them() -> None:
    x = BudgetLine("A", "current", "tst edu ed01", "a-01101", be_next="Rs 12 lakh", fund="DF-R-1-2")
    assert str(x.entity) == "TST-EDU-ED01"
    assert str(x.object) == "A01101"
    assert x.be_next == Decimal(1200000)
    assert x.grant == "002"
    assert not x.charged
    assert x.outer_1 is None
    assert x.amount(Column.OUTER_1) == 0


def test_a_line_refuses_what_cannot_be_right() -> None:
    with pytest.raises(ValidationError, match="major account"):
        BudgetLine("P", LineKind.PUBLIC_ACCOUNT, "TST-FIN-PA01", "G12145")
    with pytest.raises(ValidationError, match="only receipt lines"):
        BudgetLine("C", "current", "TST-EDU-ED01", "A01101", source="own")
    with pytest.raises(ValidationError, match="does not name it"):
        BudgetLine("R", "receipt", "TST-REV-RC01", "C03881", source="conditional_grant")
    with pytest.raises(ParseError):
        BudgetLine("C", "current", "TST-EDU-ED01", "A01101", be_next=0.5)  # type: ignore[arg-type]


def test_a_statement_refuses_duplicate_line_ids() -> None:
    statement = clean_statement()
    with pytest.raises(ValidationError, match="two budget lines have the id 'EDU-1'"):
        AnnualBudgetStatement(
            statement.district,
            statement.year,
            statement.cash_balance,
            statement.public_account_opening,
            lines=statement.lines + statement.lines[1:2],
        )


def test_the_abstract_follows_form_abs() -> None:
    abstract = clean_statement().abstract()
    budget = abstract.fund(Column.BE_NEXT)
    assert budget.receipts == Decimal(12_000_000)
    assert budget.current_expenditure == Decimal(8_000_000)
    assert budget.development_expenditure == Decimal(3_000_000)
    assert budget.opening_balance == Decimal(900_000) + Decimal(11_400_000) - Decimal(10_450_000)
    assert budget.closing_balance == budget.opening_balance + Decimal(1_000_000)
    text = abstract.to_text()
    assert "Cash Balance on July 1st" in text
    assert "Closing Balance on June 30th" in text


def test_salary_cost_of_a_proposal() -> None:
    p = NewExpenditureProposal("S", "HLT", "Staff", personnel=3, rate="40,000", duration_months=6)
    assert p.salary_cost == Decimal(720000)
    assert NewExpenditureProposal("S", "HLT", "Staff").salary_cost is None


def test_the_synthetic_district_has_exactly_its_planted_defects() -> None:
    statement = synthetic_statement("Gen", "GEN", FinancialYear(2025), lines=400, seed=11)
    found = {f.rule_id for f in check_budget(statement) if f.rule_id != "BR-11(1)"}
    assert found == set(SYNTHETIC_DEFECTS) | {"BR-10(2)(c)"}
    clean = synthetic_statement("Gen", "GEN", FinancialYear(2025), lines=400, defects=False)
    assert {f.rule_id for f in check_budget(clean)} <= {"BR-11(1)"}


def test_the_clean_test_budget_is_within_the_catalogue() -> None:
    assert check_budget(clean_statement(), catalogue=CATALOGUE).ok
