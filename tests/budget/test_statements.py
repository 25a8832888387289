"""Statements computed from the ledger: Forms BM-2/BM-6 and BM-13, revised estimates, the
fiscal space for new projects and three-year projections."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpgov.accounts import parse_entity, parse_fund
from kpgov.budget import (
    Appropriation,
    AppropriationHead,
    Authority,
    Expenditure,
    Ledger,
    Office,
    ReAppropriation,
    SupplementaryGrant,
    Surrender,
    check_excesses_and_surrenders,
    excesses_and_surrenders,
    expenditure_split,
    fiscal_space,
    growth_trend,
    monthly_reconciliation,
    project_expenditure,
    project_receipts,
    revised_estimates,
)
from kpgov.errors import ValidationError
from kpgov.periods import FinancialYear, Month
from kpgov.testing import amounts

SANCTION = "Nazim general order 1/2016"  # BR-75(1)
YEAR = FinancialYear(2016)
PAY = AppropriationHead.parse("DF-R-1-012", "ABT-EDU-ED01", "A01101")
POSTAGE = AppropriationHead.parse("DF-R-1-012", "ABT-EDU-ED01", "A03201")
PHONE = AppropriationHead.parse("DF-R-1-012", "ABT-EDU-ED02", "A03202")
ROADS = AppropriationHead.parse("DF-R-2-020", "ABT-WRK-WK01", "A12401")


def ledger() -> Ledger:
    return Ledger("Example (synthetic)", YEAR, opening_district_fund=10_000_000).append(
        Appropriation(date(2016, 7, 1), PAY, 1_200_000),
        Appropriation(date(2016, 7, 1), POSTAGE, 120_000),
        Appropriation(date(2016, 7, 1), PHONE, 60_000),
        Appropriation(date(2016, 7, 1), ROADS, 2_000_000),
        *(Expenditure(m.end, PAY, 100_000, sanction=SANCTION) for m in YEAR.months[:8]),
        *(Expenditure(m.end, POSTAGE, 5_000, sanction=SANCTION) for m in YEAR.months[:8]),
        *(Expenditure(m.end, PHONE, 7_500, sanction=SANCTION) for m in YEAR.months[:8]),
        ReAppropriation(
            date(2016, 11, 10),
            POSTAGE,
            PHONE,
            10_000,
            authority=Authority.HEAD_OF_OFFICES,
            order="HoO/14",
            copies_to=tuple(Office),
        ),
        Expenditure(date(2016, 12, 31), ROADS, 800_000, sanction=SANCTION),
    )


def test_bm2_reconciles_each_object_for_the_month() -> None:
    bm2 = monthly_reconciliation(ledger(), Month(2016, 11))
    assert bm2.form == "BM-2"
    assert [line.head for line in bm2.lines] == [PAY, POSTAGE, PHONE]
    postage = bm2.lines[1]
    assert (postage.budget_grant, postage.reappropriations, postage.final_grant) == (
        120_000,
        -10_000,
        110_000,
    )
    assert (postage.actual, postage.progressive) == (5_000, 25_000)
    totals = bm2.total
    assert totals[4] == sum(line.final_grant for line in bm2.lines)  # final grant column
    assert totals[1] == 0  # re-appropriations within the statement net to nothing
    assert bm2.rows()[-1][0] == "Total"


def test_bm2_for_one_ddo_and_bm6_for_development() -> None:
    one = monthly_reconciliation(ledger(), Month(2016, 7), ddo=parse_entity("ABT-EDU-ED02"))
    assert [line.head for line in one.lines] == [PHONE]
    bm6 = monthly_reconciliation(ledger(), Month(2016, 12), development=True)
    assert bm6.form == "BM-6"
    assert [(x.head, x.actual, x.progressive) for x in bm6.lines] == [(ROADS, 800_000, 800_000)]
    grant = monthly_reconciliation(ledger(), Month(2016, 12), grant=parse_fund("DF-R-1-013"))
    assert grant.lines == ()


def test_bm2_refuses_a_month_of_another_year() -> None:
    with pytest.raises(ValidationError, match="not in the ledger's year"):
        monthly_reconciliation(ledger(), Month(2017, 7))


@given(spent=st.lists(amounts(min_value=1, max_value=10**6), min_size=12, max_size=12))
def test_monthly_actuals_add_up_to_the_progressive(spent: list[Decimal]) -> None:
    year = Ledger("X", YEAR).append(
        Appropriation(YEAR.start, POSTAGE, 10**8),
        *(
            Expenditure(m.end, POSTAGE, amount, sanction=SANCTION)
            for m, amount in zip(YEAR.months, spent, strict=True)
        ),
    )
    actuals = [monthly_reconciliation(year, m).lines[0].actual for m in YEAR.months]
    assert actuals == spent
    assert monthly_reconciliation(year, YEAR.months[-1]).lines[0].progressive == sum(spent)


def test_bm13_after_eight_months_projects_the_last_four() -> None:
    statement = excesses_and_surrenders(ledger(), expected={PAY: Decimal(400_000)})
    assert statement.cut_off == date(2017, 2, 28)
    by_head = {line.head: line for line in statement.lines}
    pay, postage, phone = by_head[PAY], by_head[POSTAGE], by_head[PHONE]
    assert (pay.actual, pay.expected, pay.likely, pay.excess) == (800_000, 400_000, 1_200_000, 0)
    assert (postage.final_grant, postage.likely, postage.surrender) == (110_000, 60_000, 50_000)
    assert (phone.final_grant, phone.likely, phone.excess) == (70_000, 90_000, 20_000)
    grant = PAY.grant
    assert statement.excess(grant) == 20_000
    assert statement.reappropriable(grant) == 20_000  # the postage savings cover it
    assert statement.supplementary_required(grant) == 0


def test_bm13_notes_are_required_br_82_7() -> None:
    bare = excesses_and_surrenders(ledger(), expected={PAY: Decimal(400_000)})
    assert {f.rule_id for f in check_excesses_and_surrenders(bare)} == {"BR-82(7)"}
    notes = {POSTAGE: "post moved to e-mail", PHONE: "new lines", ROADS: "monsoon delay"}
    explained = excesses_and_surrenders(ledger(), expected={PAY: Decimal(400_000)}, notes=notes)
    assert not list(check_excesses_and_surrenders(explained))


def test_bm13_excess_without_savings_needs_a_supplementary_br_83_2() -> None:
    short = ledger().append(Surrender(date(2016, 12, 1), POSTAGE, 50_000))
    notes = {POSTAGE: "a", PHONE: "b", ROADS: "c", PAY: "d"}
    statement = excesses_and_surrenders(short, expected={PAY: Decimal(400_000)}, notes=notes)
    grant = PAY.grant
    assert statement.supplementary_required(grant) == 20_000  # no savings left in the unit
    findings = list(check_excesses_and_surrenders(statement, short))
    assert [f.rule_id for f in findings] == ["BR-83(2)"]
    sought = short.append(
        SupplementaryGrant(
            date(2017, 3, 15), PHONE, 20_000, council_approval="DC 7/2017", note="new lines"
        )
    )
    assert not list(check_excesses_and_surrenders(statement, sought))


def test_revised_estimates_fiscal_space_and_pay_split() -> None:
    statement = excesses_and_surrenders(ledger(), expected={PAY: Decimal(400_000)})
    estimates = revised_estimates(statement, ledger())
    by_head = {e.head: e for e in estimates}
    assert by_head[PHONE].budget_estimate == 60_000
    assert by_head[PHONE].revised_estimate == 90_000
    assert by_head[ROADS].revised_estimate == 1_200_000  # 8,00,000 in 8 months, at that rate
    space = fiscal_space(Decimal(3_000_000), estimates, development_grants=Decimal(500_000))
    assert space.current_expenditure == 1_200_000 + 60_000 + 90_000
    assert space.ongoing_development == 1_200_000
    assert space.own_resources == 3_000_000 - 1_350_000 - 1_200_000
    assert space.available == space.own_resources + 500_000
    assert expenditure_split(estimates) == (1_200_000, 150_000)


def test_fiscal_space_is_never_negative_but_says_the_shortfall() -> None:
    space = fiscal_space(Decimal(100), Decimal(150), Decimal(20), other_liabilities=Decimal(5))
    assert space.own_resources == -75
    assert space.available == 0


def test_three_year_projections_br_52() -> None:
    receipts = project_receipts(
        [Decimal(1_000_000), Decimal(1_080_000), Decimal(1_166_400)],
        YEAR,
        adjustment=Decimal("0.02"),
    )
    assert growth_trend([Decimal(1_000_000), Decimal(1_080_000), Decimal(1_166_400)]) == Decimal(
        "0.0800"
    )
    assert [str(y) for y in receipts.years] == ["2017-18", "2018-19", "2019-20"]
    assert receipts.values[0] == Decimal(1_283_040)  # 11,66,400 x 1.10
    spending = project_expenditure(
        Decimal(1_000), Decimal(0), YEAR, inflation=Decimal("0.05"), pay_increase=Decimal("0.10")
    )
    assert spending.values == (Decimal(1_100), Decimal(1_210), Decimal(1_331))


def test_growth_trend_needs_two_positive_years() -> None:
    with pytest.raises(ValidationError, match="two years"):
        growth_trend([Decimal(5)])
    with pytest.raises(ValidationError, match="positive"):
        growth_trend([Decimal(0), Decimal(5)])


@given(
    history=st.lists(amounts(min_value=1, max_value=10**15), min_size=2, max_size=5),
    years=st.integers(1, 5),
)
def test_a_projection_is_a_value_or_a_validation_error_never_an_overflow(
    history: list[Decimal], years: int
) -> None:
    """BR-52(5)(a): any positive actuals project to amounts kpgov accepts, or are refused."""
    refused: ValidationError | None = None
    try:
        projection = project_receipts(history, FinancialYear(2016), years=years)
    except ValidationError as exc:
        refused = exc
    if refused is not None:
        assert "beyond the largest amount" in str(refused)
    else:
        assert len(projection.values) == years
        assert all(abs(value) <= 10**15 for value in projection.values)


def test_explosive_growth_is_refused_with_the_year() -> None:
    with pytest.raises(ValidationError, match=r"year 1 .* beyond the largest amount"):
        project_receipts([Decimal(1), Decimal(10**14)], FinancialYear(2016), years=3)
