"""The ledger position computed on columns equals the pure fold (issue 12): every head, every
figure, the cash balances, and the places each sum is written with."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("pyarrow")

from kpgov.budget import (
    Appropriation,
    AppropriationHead,
    CashAccount,
    Expenditure,
    Ledger,
    Movement,
    Position,
    ReAppropriation,
    Receipt,
    Release,
    SupplementaryGrant,
    Surrender,
    Withdrawal,
)
from kpgov.columnar import MOVEMENT_COLUMNS, ledger_position, ledger_table
from kpgov.errors import Location, source_of
from kpgov.periods import FinancialYear
from kpgov.testing import amounts

YEAR = FinancialYear(2016)
HEADS = tuple(
    AppropriationHead.parse(grant, ddo, obj)
    for grant in ("DF-R-1-012", "DF-R-1-013", "DF-C-2-012")
    for ddo in ("PSH-EDU-PR12", "PSH-HLT-PR01")
    for obj in ("A03201", "A01101")
)

heads = st.sampled_from(HEADS)
# dates a little either side of the year, so that as_of cuts some movements off
any_day = st.dates(YEAR.start - timedelta(days=20), YEAR.end + timedelta(days=20))
in_year = st.dates(YEAR.start, YEAR.end)
positive = st.one_of(
    amounts(min_value=Decimal("0.01"), max_value=10**9, places=2),
    amounts(min_value=1, max_value=10**9, places=0),
    st.integers(1, 10**6).map(lambda n: Decimal(n).scaleb(-1)),
)
nonzero = st.one_of(positive, positive.map(lambda d: -d))
locations = st.one_of(
    st.none(),
    st.builds(lambda i: Location("ledger.json", field=f"$.movements[{i}]"), st.integers(0, 99)),
    st.builds(lambda r: Location("movements.csv", r), st.integers(2, 999)),
)

movements: st.SearchStrategy[Movement] = st.one_of(
    st.builds(Appropriation, any_day, heads, positive, source=locations),
    st.builds(ReAppropriation, any_day, heads, target=heads, amount=positive, origin=locations),
    st.builds(SupplementaryGrant, any_day, heads, positive, source=locations),
    st.builds(Surrender, any_day, heads, positive, source=locations),
    st.builds(Release, any_day, heads, positive, source=locations),
    st.builds(Expenditure, any_day, heads, nonzero, source=locations),
    st.builds(Receipt, in_year, positive, st.sampled_from(CashAccount), origin=locations),
    st.builds(Withdrawal, in_year, positive, source=locations),
)

ledgers = st.builds(
    Ledger,
    st.just("Synthetic District"),
    st.just(YEAR),
    opening_district_fund=amounts(min_value=0, max_value=10**9),
    opening_public_account=amounts(min_value=0, max_value=10**9),
    movements=st.lists(movements, max_size=40),
)


def _figures(position: Position) -> dict[str, object]:
    """Every figure as text, so that equal values written with other places differ."""
    heads = {
        str(p.head): tuple(
            str(v)
            for v in (
                p.budget_grant,
                p.reappropriated_in,
                p.reappropriated_out,
                p.supplementary,
                p.surrendered,
                p.released,
                p.progressive,
                p.final_grant,
                p.available,
                p.excess,
            )
        )
        for p in position
    }
    cash = [
        str(v)
        for b in (position.cash.district_fund, position.cash.public_account)
        for v in (b.opening, b.receipts, b.payments, b.closing)
    ]
    return {"as_of": position.as_of, "heads": heads, "cash": cash}


@given(ledgers, st.one_of(st.none(), any_day))
def test_columnar_position_is_the_pure_position(ledger: Ledger, as_of: date | None) -> None:
    pure = ledger.position(as_of)
    columnar = ledger_position(ledger, as_of)
    assert columnar == pure
    assert _figures(columnar) == _figures(pure)
    assert columnar.final_grant == pure.final_grant
    assert columnar.progressive == pure.progressive


@given(ledgers)
def test_the_table_keeps_every_movement_and_its_location(ledger: Ledger) -> None:
    table = ledger_table(ledger)
    assert len(table) == len(ledger)
    assert tuple(table.table.column_names) == MOVEMENT_COLUMNS
    for row, m in enumerate(ledger.movements):
        where = m.origin if isinstance(m, ReAppropriation | Receipt) else m.source
        assert table.location(row) == where
    assert sum(table.table["amount"].to_pylist(), Decimal(0)) == sum(
        (m.amount for m in ledger.movements), Decimal(0)
    )


def test_a_position_of_an_empty_ledger() -> None:
    ledger = Ledger("Empty", YEAR, opening_district_fund=5)
    assert ledger_position(ledger) == ledger.position()
    assert ledger_position(ledger).cash.district_fund.closing == Decimal(5)


def test_a_loaded_ledger_gives_the_same_position(tmp_path: object) -> None:
    """A ledger read by kpgov's own loader keeps each movement's JSON path in the table."""
    from pathlib import Path

    from kpgov.io.ledger import dump_ledger, load_ledger

    head = HEADS[0]
    ledger = Ledger("D", YEAR).append(
        Appropriation(date(2016, 7, 1), head, 1000),
        Expenditure(date(2016, 8, 31), head, "250.50"),
        ReAppropriation(date(2016, 9, 1), head, HEADS[1], "100"),
    )
    path = Path(str(tmp_path)) / "ledger.json"
    dump_ledger(ledger, path)
    loaded = load_ledger(path)
    table = ledger_table(loaded)
    assert table.position() == loaded.position() == ledger.position()
    assert str(table.position().head(head).available) == "649.50"
    assert table.location(1) == loaded.movements[1].source
    assert table.location(1) is not None


@given(ledgers)
def test_the_table_gives_the_ledger_back(ledger: Ledger) -> None:
    """Every row is its movement again, located, and the table is the ledger again."""
    table = ledger_table(ledger)
    assert table.to_ledger() == ledger
    for row, m in enumerate(ledger.movements):
        back = table.movement(row)
        assert back == m
        assert str(back.amount) == str(m.amount)
        assert source_of(back) == source_of(m)
