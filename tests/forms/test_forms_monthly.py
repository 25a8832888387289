"""Forms BM-11 (re-appropriations, BR-85) and BM-12 (supplementary grants, BR-86) from a
ledger: each month's rows move the heads exactly as the ledger's positions say."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_forms_fillers import HEADS, YEAR, ledgers

from kpgov.budget import Ledger, SupplementaryGrant
from kpgov.errors import ValidationError
from kpgov.forms import fill_bm_11, fill_bm_12, fill_form
from kpgov.money import ZERO
from kpgov.periods import FinancialYear
from kpgov.testing import amounts


@st.composite
def ledgers_with_supplementary_grants(draw: st.DrawFn) -> Ledger:
    ledger = draw(ledgers())
    days = st.dates(min_value=YEAR.start, max_value=YEAR.end)
    grants = sorted(
        (
            SupplementaryGrant(
                draw(days),
                draw(st.sampled_from(HEADS)),
                draw(amounts(min_value=1, max_value=10**6)),
                council_approval=draw(st.sampled_from(["", "Res. 12"])),
                budgetary_cover=draw(st.none() | amounts(min_value=0, max_value=10**6)),
            )
            for _ in range(draw(st.integers(0, 6)))
        ),
        key=lambda m: m.on,
    )
    movements = sorted([*ledger.movements, *grants], key=lambda m: m.on)
    return Ledger("Test", YEAR).extend(movements)


def _change(ledger: Ledger, month_number: int, field: str) -> dict[object, Decimal]:
    """How much ``field`` of each head's position moved over the month."""
    month = YEAR.month(month_number)
    now = ledger.position(month.end)
    before = ledger.position(month.previous().end) if month_number > 1 else None
    return {
        p.head: getattr(p, field) - (getattr(before.head(p.head), field) if before else ZERO)
        for p in now
    }


@given(ledgers_with_supplementary_grants(), st.integers(1, 12))
def test_bm_11_moves_each_head_as_the_ledger_does(ledger: Ledger, month_number: int) -> None:
    part = fill_bm_11(ledger, YEAR.month(month_number)).parts[0]
    net = dict.fromkeys((p.head for p in ledger.position()), ZERO)
    labels = {f"{h.object} (grant {h.grant}, DDO {h.ddo})": h for h in net}
    moved = ZERO
    for row in part.rows:
        amount = row["amount"]
        assert isinstance(amount, Decimal)
        net[labels[str(row["target"])]] += amount
        net[labels[str(row["source"])]] -= amount
        moved += amount
    assert net == _change(ledger, month_number, "reappropriations")
    assert part.total("amount") == moved
    assert not any(c.printed for c in part.columns)
    assert {c.basis for c in part.columns} <= {"BR-85(1)", "BR-85(2)", "BR-85(3)"}


@given(ledgers_with_supplementary_grants(), st.integers(1, 12))
def test_bm_12_total_is_the_months_supplementary_grants(ledger: Ledger, month_number: int) -> None:
    part = fill_bm_12(ledger, YEAR.month(month_number)).parts[0]
    assert part.total("amount") == sum(
        _change(ledger, month_number, "supplementary").values(), ZERO
    )
    assert not any(c.printed for c in part.columns)
    grant = HEADS[0].grant
    one = fill_bm_12(ledger, YEAR.month(month_number), grant=grant)
    assert ("Grant", str(grant)) in one.header
    assert one.parts[0].total("amount") == sum(
        (v for h, v in _change(ledger, month_number, "supplementary").items() if h.grant == grant),  # type: ignore[attr-defined]
        ZERO,
    )


def test_bm_11_and_bm_12_through_fill_form() -> None:
    ledger = Ledger("Test", YEAR).extend(
        [
            SupplementaryGrant(
                date(2016, 9, 3),
                HEADS[0],
                Decimal(5000),
                council_approval="Res. 7",
                approved_on=date(2016, 9, 1),
                note="flood repairs",
            )
        ]
    )
    bm12 = fill_form("BM-12", ledger=ledger)
    row = bm12.parts[0].rows[0]
    assert (row["amount"], row["approval"], row["note"]) == (
        Decimal(5000),
        "Res. 7 of 2016-09-01",
        "flood repairs",
    )
    assert fill_form("BM-11", ledger=ledger).parts[0].rows == ()
    with pytest.raises(ValidationError, match="not in the ledger's year"):
        fill_bm_11(ledger, FinancialYear(2017).month(1))
