"""Filled forms total to the figures kpgov's own statements compute (random budgets and ledgers)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

from kpgov.accounts import FundCode, SubFund
from kpgov.budget import (
    AnnualBudgetStatement,
    Appropriation,
    AppropriationHead,
    BudgetLine,
    CashBalances,
    Column,
    Expenditure,
    Investment,
    Ledger,
    LineKind,
    LineStatus,
    ReAppropriation,
    Surrender,
    excesses_and_surrenders,
    monthly_reconciliation,
)
from kpgov.forms import (
    blank_form,
    fill_abs,
    fill_bdc_1,
    fill_bdo_1,
    fill_bdr_1,
    fill_bm_2,
    fill_bm_6,
    fill_bm_13,
    get_form,
)
from kpgov.periods import FinancialYear, Month
from kpgov.testing import amounts, budget_lines

YEARS = ("be_current", "re_current", "be_next")


@st.composite
def _line(draw: st.DrawFn) -> BudgetLine:
    line = draw(budget_lines())
    if line.kind is LineKind.CURRENT and draw(st.booleans()):
        assert line.fund is not None
        charged = FundCode(
            line.fund.fund, line.fund.source, SubFund.CHARGED_CURRENT, line.fund.grant
        )
        line = attrs.evolve(line, fund=charged)
    if line.kind is LineKind.CURRENT and draw(st.booleans()):
        line = attrs.evolve(line, status=LineStatus.NEW, proposal="P-1")
    return line


@st.composite
def statements(draw: st.DrawFn) -> AnnualBudgetStatement:
    lines = draw(st.lists(_line(), max_size=25, unique_by=lambda x: x.line_id))
    money = amounts(min_value=0, max_value=10**9)
    return AnnualBudgetStatement(
        district="Test",
        year=FinancialYear(2016),
        cash_balance=CashBalances(draw(money), draw(money), draw(money)),
        public_account_opening=draw(money),
        lines=tuple(lines),
    )


@given(statements())
def test_form_abs_totals_are_the_statements(statement: AnnualBudgetStatement) -> None:
    filled = fill_abs(statement)
    abstract = statement.abstract()
    one_a = {row["description"]: row for row in filled.part("1A").rows}
    for fund in abstract.district_fund:
        key = fund.column.value
        assert one_a["Cash Balance on July 1st"][key] == fund.opening_balance
        assert one_a["Receipts"][key] == fund.receipts
        assert one_a["Total Expenditure"][key] == fund.total_expenditure
    for column in (Column.ACTUAL, Column.BE_CURRENT, Column.RE_CURRENT, Column.BE_NEXT):
        key = column.value
        assert filled.part("2").total(key) == statement.total(LineKind.RECEIPT, column)
        assert filled.part("5").total(key) == statement.total(LineKind.DEVELOPMENT, column)
    current = list(statement.lines_of(LineKind.CURRENT))
    assert filled.part("3").total("actual") == statement.total(LineKind.CURRENT, Column.ACTUAL)
    for key in YEARS:
        column = Column(key)
        total = statement.total(LineKind.CURRENT, column)
        charged = sum((x.amount(column) for x in current if x.charged), Decimal(0))
        for part in ("3", "4"):
            assert filled.part(part).total(f"{key}_total") == total
            assert (
                filled.part(part).total(f"{key}_charged") + filled.part(part).total(f"{key}_voted")
                == total
            )
        assert filled.part("3").total(f"{key}_charged") == charged
    six = filled.part("6")
    one_b = {row["description"]: row for row in filled.part("1B").rows}
    for account in abstract.public_account:
        key = account.column.value
        flows = sum((row[key] for row in six.totals if isinstance(row[key], Decimal)), Decimal(0))
        assert flows == account.assets + account.liabilities + account.equity
        assert one_b["Closing Balance on June 30th"][key] == account.closing_balance


@given(statements())
def test_form_bdc_1_existing_and_new_make_the_total(statement: AnnualBudgetStatement) -> None:
    filled = fill_bdc_1(statement)
    for key in YEARS:
        total = statement.total(LineKind.CURRENT, Column(key))
        assert filled.part("total").total(f"{key}_total", "Total") == total
        existing = filled.part("existing").total(f"{key}_total")
        new = filled.part("new").total(f"{key}_total")
        assert existing + new == total  # type: ignore[operator]
    for part in filled.parts:
        for row in part.rows:
            assert row["be_next_total"] == row["be_next_charged"] + row["be_next_voted"]  # type: ignore[operator]


# ------------------------------------------------------------------------------- ledgers

YEAR = FinancialYear(2016)
HEADS = [
    AppropriationHead.parse(grant, ddo, obj)
    for grant, ddo, obj in (
        ("DF-R-1-012", "PSH-EDU-PR12", "A03201"),
        ("DF-R-1-012", "PSH-EDU-PR12", "A03905"),
        ("DF-R-1-013", "PSH-HLT-HO01", "A01101"),
        ("DF-R-2-021", "PSH-WKS-XE01", "A12403"),
    )
]
_days = st.dates(min_value=YEAR.start, max_value=YEAR.end)


@st.composite
def ledgers(draw: st.DrawFn) -> Ledger:
    movements: list[object] = [
        Appropriation(YEAR.start, head, draw(amounts(min_value=10**5, max_value=10**8)))
        for head in HEADS
    ]
    for _ in range(draw(st.integers(0, 20))):
        head = draw(st.sampled_from(HEADS))
        amount = draw(amounts(min_value=1, max_value=10**6))
        kind = draw(st.sampled_from(["spend", "spend", "surrender", "move"]))
        on = draw(_days)
        if kind == "spend":
            movements.append(Expenditure(on, head, amount))
        elif kind == "surrender":
            movements.append(Surrender(on, head, amount))
        else:
            target = draw(st.sampled_from([h for h in HEADS if h.grant == head.grant]))
            if target != head:
                movements.append(ReAppropriation(on, head, target, amount))
    movements.sort(key=lambda m: m.on)  # type: ignore[attr-defined]
    return Ledger("Test", YEAR).extend(movements)  # type: ignore[arg-type]


@given(ledgers(), st.integers(1, 12))
def test_bm_2_and_bm_6_totals_are_the_reconciliations(ledger: Ledger, month_number: int) -> None:
    month = YEAR.month(month_number)
    for fill, development in ((fill_bm_2, False), (fill_bm_6, True)):
        filled = fill(ledger, month)
        statement = monthly_reconciliation(ledger, month, development=development)
        part = filled.parts[0]
        keys = [c.key for c in part.columns[1:]]
        assert [part.total(key) for key in keys] == list(statement.total)
        assert len(part.rows) == len(statement.lines)
        for key in keys:
            assert sum((row[key] for row in part.rows), Decimal(0)) == part.total(key)  # type: ignore[misc]


@given(ledgers())
def test_bm_13_totals_are_the_statement_of_excesses_and_surrenders(ledger: Ledger) -> None:
    filled = fill_bm_13(ledger)
    statement = excesses_and_surrenders(ledger)
    part = filled.parts[0]
    assert part.total("excess") == statement.excess()
    assert part.total("surrender") == statement.surrender()
    assert not any(c.printed for c in part.columns)
    assert all(c.basis and c.basis.startswith("BR-82(") for c in part.columns)


def test_bm_2_selects_a_grant_and_names_it_in_the_header() -> None:
    ledger = Ledger("Test", YEAR).append(
        Appropriation(date(2016, 7, 1), HEADS[0], 1000),
        Appropriation(date(2016, 7, 1), HEADS[2], 500),
        Expenditure(date(2016, 8, 3), HEADS[0], 300),
    )
    filled = fill_bm_2(ledger, Month(2016, 8), grant=HEADS[0].grant)
    assert dict(filled.header)["Grant No and Description"] == "DF-R-1-012"
    (row,) = filled.parts[0].rows
    assert row["object"] == "A03201 (DDO PSH-EDU-PR12)"
    assert (row["actual"], row["progressive"], row["final_grant"]) == (300, 300, 1000)


def test_a_blank_form_keeps_headings_and_printed_row_labels() -> None:
    blank = blank_form(get_form("ABS"))
    assert blank.blank
    assert next(row["description"] for row in blank.part("1A").rows) == "Cash Balance on July 1st"
    lost = blank_form(get_form("BM-11"))
    assert lost.parts[0].columns == ()
    assert "not in the seed text" in lost.remarks[0]


@given(statements())
def test_bdr_1_totals_are_the_receipts_and_their_projections(
    statement: AnnualBudgetStatement,
) -> None:
    filled = fill_bdr_1(statement)
    part = filled.parts[0]
    for column in (Column.BE_NEXT, Column.OUTER_1, Column.OUTER_2):
        assert part.total(column.value) == statement.total(LineKind.RECEIPT, column)
    assert not any(c.printed for c in part.columns)
    assert {c.basis for c in part.columns} == {"BR-14(1)"}


def test_bdo_1_totals_the_investments() -> None:
    statement = AnnualBudgetStatement(
        district="Test",
        year=FinancialYear(2016),
        cash_balance=CashBalances(0, 0, 0),
        public_account_opening=0,
        investments=(
            Investment("Defence Savings Certificates", Decimal("2500000.50")),
            Investment("Term deposit", 10**6, government_security=False),
        ),
    )
    part = fill_bdo_1(statement).parts[0]
    assert part.total("amount", "Total") == statement.investments_total == Decimal("3500000.50")
    assert [row["security"] for row in part.rows] == ["yes", "no"]
