"""Properties of the Annual Budget Statement and its checks, under Hypothesis.

* In every column of the Financial Abstract: opening balance + receipts - expenditure =
  closing balance, exactly; totals are the exact sums of the lines.
* The budget year opens with the closing balance of the revised estimates (Form ABS note 1).
* The Public Account closes at its opening balance plus the net flows of its heads.
* BR-66(6) is reported exactly when expenditure exceeds receipts, and BR-66(4) exactly when
  the closing balance plus investments is below the floor.
* Checking never raises on well-formed input and gives the same report twice.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpgov.budget import (
    ABSTRACT_COLUMNS,
    AnnualBudgetStatement,
    BudgetLine,
    CashBalances,
    Column,
    Investment,
    LineKind,
    check_balance,
    check_budget,
)
from kpgov.law import PARAMETERS
from kpgov.money import total
from kpgov.periods import FinancialYear
from kpgov.testing import amounts, synthetic_statement

money = amounts(min_value=0, max_value=10**9)
signed = amounts(min_value=-(10**9), max_value=10**9)

_HEADS = {
    LineKind.RECEIPT: ("C02701", "C03880", "B01101"),
    LineKind.CURRENT: ("A01101", "A03303", "A03901"),
    LineKind.DEVELOPMENT: ("A09701", "A13101"),
    LineKind.PUBLIC_ACCOUNT: ("G12145", "F01101", "H01101"),
}


_ROW = st.tuples(
    st.sampled_from(list(LineKind)),
    st.integers(0, 2),
    st.integers(0, 2),
    st.lists(st.integers(-(10**9), 10**9), min_size=6, max_size=6),
    st.sampled_from([True, False, None]),
    st.booleans(),
)


def _line(line_id: str, row: tuple[LineKind, int, int, list[int], bool | None, bool]) -> BudgetLine:
    kind, office, head, cents, projected, lump = row
    heads = _HEADS[kind]
    pa = kind is LineKind.PUBLIC_ACCOUNT
    values = [Decimal(c if pa else abs(c)).scaleb(-2) for c in cents]
    expenditure = kind.is_expenditure
    return BudgetLine(
        line_id=line_id,
        kind=kind,
        entity=f"TST-{('EDU', 'HLT', 'DC')[office]}-XX0{office}",
        object=heads[head % len(heads)],
        function="011105" if expenditure else None,
        fund=("DF-R-1-001" if kind is LineKind.CURRENT else "DF-R-2-101") if expenditure else None,
        project="P-1" if kind is LineKind.DEVELOPMENT else None,
        account="trust" if pa else None,
        actual=values[0],
        be_current=values[1],
        re_current=values[2],
        be_next=values[3],
        outer_1=values[4] if projected is not False else None,
        outer_2=values[5] if projected is not None else None,
        lump_sum=lump,
    )


@st.composite
def statements(draw: st.DrawFn) -> AnnualBudgetStatement:
    rows = draw(st.lists(_ROW, max_size=12))
    lines = tuple(_line(f"L{i}", row) for i, row in enumerate(rows))
    return AnnualBudgetStatement(
        district="Hypothesis (test data)",
        year=FinancialYear(draw(st.integers(2016, 2040))),
        cash_balance=CashBalances(draw(signed), draw(signed), draw(signed)),
        public_account_opening=draw(signed),
        lines=lines,
        investments=tuple(Investment(f"I{i}", draw(money)) for i in range(draw(st.integers(0, 2)))),
    )


def _sum(statement: AnnualBudgetStatement, kind: LineKind, column: Column) -> Decimal:
    return total(line.amount(column) for line in statement.lines if line.kind is kind)


@given(statements())
def test_opening_plus_receipts_minus_expenditure_is_the_closing_balance(
    statement: AnnualBudgetStatement,
) -> None:
    abstract = statement.abstract()
    for column in ABSTRACT_COLUMNS:
        fund = abstract.fund(column)
        assert fund.receipts == _sum(statement, LineKind.RECEIPT, column)
        assert fund.current_expenditure == _sum(statement, LineKind.CURRENT, column)
        assert fund.development_expenditure == _sum(statement, LineKind.DEVELOPMENT, column)
        assert fund.total_expenditure == fund.current_expenditure + fund.development_expenditure
        assert fund.closing_balance == fund.opening_balance + fund.receipts - fund.total_expenditure
    assert (
        abstract.fund(Column.BE_NEXT).opening_balance
        == abstract.fund(Column.RE_CURRENT).closing_balance
    )


@given(statements())
def test_the_public_account_closes_at_opening_plus_net_flows(
    statement: AnnualBudgetStatement,
) -> None:
    abstract = statement.abstract()
    for column in (Column.BE_CURRENT, Column.RE_CURRENT):
        pa = abstract.account(column)
        flows = _sum(statement, LineKind.PUBLIC_ACCOUNT, column)
        assert pa.assets + pa.liabilities + pa.equity == flows
        assert pa.closing_balance == statement.public_account_opening + flows
    assert (
        abstract.account(Column.BE_NEXT).opening_balance
        == abstract.account(Column.RE_CURRENT).closing_balance
    )


@given(statements())
def test_balance_rules_fire_exactly_when_their_condition_holds(
    statement: AnnualBudgetStatement,
) -> None:
    ids = {f.rule_id for f in check_balance(statement)}
    budget = statement.abstract().fund(Column.BE_NEXT)
    overspent = budget.total_expenditure > budget.receipts
    assert ("BR-66(6)" in ids) is overspent
    assert ("LGA-35(5)" in ids) is overspent
    floor = PARAMETERS.value("closing_balance_floor", statement.year.start)
    assert isinstance(floor, Decimal)
    below = budget.closing_balance + statement.investments_total < floor * budget.receipts
    assert ("BR-66(4)" in ids) is below


@given(statements())
def test_checking_is_total_and_deterministic(statement: AnnualBudgetStatement) -> None:
    first = check_budget(statement)
    second = check_budget(statement)
    assert first == second
    unexplained = [x for x in statement.lines if x.lump_sum]
    assert len([f for f in first if f.rule_id == "BR-66(5)"]) == len(unexplained)


@pytest.mark.parametrize("seed", [5, 6])
def test_the_index_adds_up_as_the_statement_does(seed: int) -> None:
    """The index the checks share totals the lines as the statement does, and serves the same
    report twice (it is built once per statement)."""
    from kpgov.budget import _index

    statement = synthetic_statement("Diff", "DIF", FinancialYear(2025), lines=600, seed=seed)
    index = _index.index_of(statement)
    assert index.totals_by_column() == dict(statement.totals())
    assert _index.index_of(statement) is index
    assert check_budget(statement) == check_budget(statement)
