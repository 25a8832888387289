"""The appropriation ledger: derived figures, append-only history, and each rule it checks
with a passing and a failing case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import attrs
import pytest

from kpgov.budget import (
    LEDGER_PARAMETERS,
    LEDGER_RULES,
    Appropriation,
    AppropriationHead,
    Authority,
    CashAccount,
    Expenditure,
    Ledger,
    Office,
    ReAppropriation,
    Receipt,
    Release,
    SupplementaryGrant,
    Surrender,
    Withdrawal,
    check_continuity,
    check_ledger,
)
from kpgov.errors import ParseError, ValidationError
from kpgov.findings import Report, Severity
from kpgov.law import PARAMETERS, ParameterSet, get
from kpgov.periods import FinancialYear

SANCTION = "Nazim general order 1/2016"  # BR-75(1)
YEAR = FinancialYear(2016)
POSTAGE = AppropriationHead.parse("DF-R-1-012", "ABT-EDU-ED01", "A03201")
PHONE = AppropriationHead.parse("DF-R-1-012", "ABT-EDU-ED01", "A03202")
OTHER_DDO = AppropriationHead.parse("DF-R-1-012", "ABT-EDU-ED02", "A03202")
OTHER_GRANT = AppropriationHead.parse("DF-R-1-013", "ABT-HLT-HL01", "A03201")
ROADS = AppropriationHead.parse("DF-R-2-020", "ABT-WRK-WK01", "A12401")
PUBLIC = AppropriationHead.parse("PA", "ABT-EDU-ED01", "A03201")
ALL_COPIES = tuple(Office)
#: Contractors' security deposits in a Public Account head (BR-12(4)).
DEPOSIT: dict[str, str] = {"public_head": "G11101", "purpose": "contractors' security deposits"}


def base() -> Ledger:
    """A small year: four heads appropriated on 1 July, cash in Account IV."""
    return Ledger("Example (synthetic)", YEAR, opening_district_fund=1_000_000).append(
        Appropriation(date(2016, 7, 1), POSTAGE, 120_000, "SAE 2016-17"),
        Appropriation(date(2016, 7, 1), PHONE, 60_000, "SAE 2016-17"),
        Appropriation(date(2016, 7, 1), OTHER_DDO, 60_000, "SAE 2016-17"),
        Appropriation(date(2016, 7, 1), OTHER_GRANT, 50_000, "SAE 2016-17"),
    )


def rule_ids(ledger: Ledger) -> set[str]:
    return {finding.rule_id for finding in check_ledger(ledger)}


def reapp(
    source: AppropriationHead, target: AppropriationHead, amount: int, **kw: object
) -> ReAppropriation:
    fields: dict[str, object] = {
        "authority": Authority.HEAD_OF_OFFICES,
        "order": "HoO/ED/2016/14",
        "copies_to": ALL_COPIES,
    }
    fields.update(kw)
    return ReAppropriation(date(2016, 10, 3), source, target, amount, **fields)  # type: ignore[arg-type]  # test helper


def supplementary(amount: int, **kw: object) -> SupplementaryGrant:
    fields: dict[str, object] = {
        "council_approval": "DC resolution 41/2017",
        "approved_on": date(2017, 3, 18),
        "note": "flood repairs",
    }
    fields.update(kw)
    return SupplementaryGrant(date(2017, 3, 20), PHONE, amount, **fields)  # type: ignore[arg-type]  # test helper


# --------------------------------------------------------------------- derived figures


def test_final_grant_progressive_available_and_excess_at_any_date() -> None:
    ledger = base().append(
        Expenditure(date(2016, 7, 31), POSTAGE, 40_000, sanction=SANCTION),
        reapp(POSTAGE, PHONE, 30_000),
        supplementary(10_000),
        Surrender(date(2017, 4, 15), POSTAGE, 5_000),
        Expenditure(date(2017, 5, 31), PHONE, 105_000, sanction=SANCTION),
    )
    september = ledger.position(date(2016, 9, 30))
    assert september.head(PHONE).final_grant == 60_000
    assert september.head(POSTAGE).progressive == 40_000
    end = ledger.position()
    phone, postage = end.head(PHONE), end.head(POSTAGE)
    assert (phone.budget_grant, phone.reappropriations, phone.supplementary) == (
        60_000,
        30_000,
        10_000,
    )
    assert phone.final_grant == 100_000
    assert (phone.available, phone.excess) == (0, 5_000)
    assert (postage.final_grant, postage.available) == (85_000, 45_000)
    # one excess: one error finding, after the warning of a likely excess in July
    errors = Report(check_ledger(ledger)).errors
    assert [f.rule_id for f in errors] == ["BR-75(3)"]
    assert "BR-79(1)" in rule_ids(ledger)


def test_unknown_head_has_zero_figures() -> None:
    line = base().position().head(ROADS)
    assert (line.final_grant, line.progressive, line.provided) == (0, 0, False)


def test_history_is_appended_never_rewritten() -> None:
    ledger = base()
    longer = ledger.append(Expenditure(date(2016, 8, 31), POSTAGE, 1_000, sanction=SANCTION))
    assert len(longer) == len(ledger) + 1
    assert longer.movements[: len(ledger)] == ledger.movements
    assert ledger.position().head(POSTAGE).progressive == 0  # the old value is unchanged
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        ledger.movements = ()  # type: ignore[misc]  # proving it is frozen


def test_cash_identity_and_next_year() -> None:
    ledger = Ledger("Example", YEAR, opening_district_fund=500, opening_public_account=70).append(
        Appropriation(date(2016, 7, 1), POSTAGE, 1_000),
        Receipt(date(2016, 7, 4), 2_000, from_government=True),
        Receipt(date(2016, 8, 4), 300, account=CashAccount.PUBLIC_ACCOUNT),
        Expenditure(date(2016, 8, 31), POSTAGE, 900, sanction=SANCTION),
        Withdrawal(date(2016, 9, 5), 100, "refund of security deposit"),
    )
    cash = ledger.position().cash
    assert cash.district_fund.closing == 500 + 2_000 - 900
    assert cash.public_account.closing == 70 + 300 - 100
    following = ledger.next_year()
    assert following.year == YEAR.next()
    assert following.movements == ()
    assert following.opening_public_account == 270  # BR-12(6): not lapsed
    assert ledger.lapsed() == {POSTAGE: Decimal(100)}  # BR-10(2)(a): the grant lapses


def test_movements_refuse_meaningless_values() -> None:
    with pytest.raises(ValidationError, match="positive"):
        Appropriation(date(2016, 7, 1), POSTAGE, 0)
    with pytest.raises(ValidationError, match="zero"):
        Expenditure(date(2016, 7, 1), POSTAGE, 0, sanction=SANCTION)
    with pytest.raises(ValidationError, match="received later"):
        Release(date(2016, 7, 1), POSTAGE, 5, funds_received_on=date(2016, 7, 2))
    with pytest.raises(ParseError, match="not an amount"):
        Surrender(date(2016, 7, 1), POSTAGE, "five")
    with pytest.raises(ParseError, match="float"):
        Surrender(date(2016, 7, 1), POSTAGE, 0.5)  # type: ignore[arg-type]  # proving floats are refused
    with pytest.raises(ValidationError, match="detailed object"):
        AppropriationHead.parse("DF-R-1-012", "ABT-EDU-ED01", "A032")
    with pytest.raises(ValidationError, match="grant number"):
        AppropriationHead.parse("DF-R-1", "ABT-EDU-ED01", "A03201")
    with pytest.raises(ValidationError, match="cost centre"):
        AppropriationHead.parse("DF-R-1-012", "ABT-EDU", "A03201")
    with pytest.raises(ValidationError, match="another year"):
        Ledger("X", YEAR, movements=[Receipt(date(2017, 7, 1), 5)])


# ------------------------------------------------------- a passing and a failing fixture per rule

Case = Callable[[], Ledger]

# rule id -> (a ledger that keeps the rule, a ledger that breaks it)
FIXTURES: dict[str, tuple[Case, Case]] = {
    "BR-75(1)": (
        lambda: base().append(Expenditure(date(2016, 8, 31), POSTAGE, 10_000, sanction=SANCTION)),
        lambda: base().append(Expenditure(date(2016, 8, 31), ROADS, 10_000, sanction=SANCTION)),
    ),
    "BR-75(3)": (
        lambda: base().append(Expenditure(date(2017, 6, 30), POSTAGE, 120_000, sanction=SANCTION)),
        lambda: base().append(Expenditure(date(2017, 6, 30), POSTAGE, 120_001, sanction=SANCTION)),
    ),
    "BR-75(3)#surrender": (
        lambda: base().append(
            Expenditure(date(2016, 8, 31), POSTAGE, 20_000, sanction=SANCTION),
            Surrender(date(2017, 3, 1), POSTAGE, 100_000),
        ),
        lambda: base().append(
            Expenditure(date(2016, 8, 31), POSTAGE, 20_000, sanction=SANCTION),
            Surrender(date(2017, 3, 1), POSTAGE, 100_001),
        ),
    ),
    "BR-79(1)": (
        lambda: base().append(Expenditure(date(2016, 9, 30), POSTAGE, 30_000, sanction=SANCTION)),
        lambda: base().append(Expenditure(date(2016, 9, 30), POSTAGE, 30_001, sanction=SANCTION)),
    ),
    "BR-79(2)": (
        lambda: base().append(supplementary(10_000)),
        lambda: base().append(supplementary(10_000, council_approval="")),
    ),
    "BR-85(1)": (
        lambda: base().append(reapp(POSTAGE, PHONE, 120_000)),
        lambda: base().append(
            Expenditure(date(2016, 8, 31), POSTAGE, 1, sanction=SANCTION),
            reapp(POSTAGE, PHONE, 120_000),
        ),
    ),
    "BR-85(1)#unit": (
        lambda: base().append(reapp(POSTAGE, OTHER_DDO, 1_000)),
        lambda: base().append(reapp(POSTAGE, OTHER_GRANT, 1_000)),
    ),
    "BR-85(1)#object": (
        lambda: base().append(reapp(POSTAGE, PHONE, 1_000)),
        lambda: base().append(reapp(POSTAGE, POSTAGE, 1_000)),
    ),
    "BR-85(3)": (
        lambda: base().append(reapp(POSTAGE, PHONE, 1_000)),
        lambda: base().append(reapp(POSTAGE, PHONE, 1_000, copies_to=[Office.HEAD_OF_OFFICES])),
    ),
    "BR-85(4)": (
        lambda: base().append(reapp(POSTAGE, OTHER_DDO, 1_000)),
        lambda: base().append(reapp(POSTAGE, OTHER_DDO, 1_000, authority=Authority.DDO)),
    ),
    "BR-86(1)": (
        lambda: base().append(
            Expenditure(date(2017, 2, 28), POSTAGE, 115_000, sanction=SANCTION),
            Expenditure(date(2017, 2, 28), OTHER_DDO, 60_000, sanction=SANCTION),
            supplementary(10_000),  # 5,000 of savings left in the grant: not enough
        ),
        lambda: base().append(
            Expenditure(date(2017, 2, 28), POSTAGE, 110_000, sanction=SANCTION),
            Expenditure(date(2017, 2, 28), OTHER_DDO, 60_000, sanction=SANCTION),
            supplementary(10_000),  # 10,000 of savings could have been re-appropriated
        ),
    ),
    "BR-86(2)": (
        lambda: base().append(supplementary(10_000)),
        lambda: base().append(supplementary(10_000, note="")),
    ),
    "BR-86(4)": (
        lambda: base().append(supplementary(1_000_000)),
        lambda: base().append(supplementary(1_000_001)),
    ),
    "BR-10(2)(a)": (
        lambda: base().append(Expenditure(date(2017, 6, 30), POSTAGE, 1_000, sanction=SANCTION)),
        lambda: base().append(Expenditure(date(2017, 7, 1), POSTAGE, 1_000, sanction=SANCTION)),
    ),
    "BR-67(1)(e)": (
        lambda: base().append(Appropriation(date(2017, 6, 30), ROADS, 1_000)),
        lambda: base().append(Appropriation(date(2017, 7, 1), ROADS, 1_000)),
    ),
    "BR-12(3)#ledger": (
        lambda: base().append(Appropriation(date(2016, 7, 1), ROADS, 1_000)),
        lambda: base().append(Appropriation(date(2016, 7, 1), PUBLIC, 1_000)),
    ),
    "BR-12(4)": (
        lambda: base().append(
            Receipt(date(2016, 7, 5), 500, account=CashAccount.PUBLIC_ACCOUNT, **DEPOSIT),
            Withdrawal(date(2016, 8, 5), 500, **DEPOSIT),
        ),
        lambda: base().append(
            Receipt(date(2016, 7, 5), 500, account=CashAccount.PUBLIC_ACCOUNT, **DEPOSIT),
            Withdrawal(date(2016, 8, 5), 501, **DEPOSIT),
        ),
    ),
    "BR-12(5)": (
        lambda: base().append(
            Receipt(date(2016, 7, 5), 500, account=CashAccount.PUBLIC_ACCOUNT, **DEPOSIT),
            Withdrawal(date(2016, 8, 5), 500, **DEPOSIT),
            Receipt(
                date(2016, 9, 5),
                200,
                account=CashAccount.PUBLIC_ACCOUNT,
                repays="G11101",
                **DEPOSIT,
            ),
        ),
        lambda: base().append(
            Receipt(date(2016, 7, 5), 500, account=CashAccount.PUBLIC_ACCOUNT, **DEPOSIT),
            Withdrawal(date(2016, 8, 5), 500, **DEPOSIT),
            Receipt(date(2016, 9, 5), 200, repays="G11101"),  # credited to Account IV
        ),
    ),
    "BR-75(1)#sanction": (
        lambda: base().append(Expenditure(date(2016, 8, 31), POSTAGE, 100, sanction=SANCTION)),
        lambda: base().append(Expenditure(date(2016, 8, 31), POSTAGE, 100)),
    ),
    "BR-68(6)": (
        lambda: base().append(
            Release(date(2016, 7, 8), POSTAGE, 30_000, funds_received_on=date(2016, 7, 5))
        ),
        lambda: base().append(
            Release(date(2016, 7, 9), POSTAGE, 30_000, funds_received_on=date(2016, 7, 5))
        ),
    ),
    "BR-68(6)#receipt": (
        lambda: base().append(
            Receipt(date(2016, 7, 5), 90_000, from_government=True),
            Release(date(2016, 7, 8), POSTAGE, 90_000, funds_received_on=date(2016, 7, 5)),
            Expenditure(date(2016, 7, 31), POSTAGE, 9_000, sanction=SANCTION),
        ),
        lambda: base().append(
            Receipt(date(2016, 7, 5), 90_000, from_government=True),
            Expenditure(date(2016, 7, 31), POSTAGE, 9_000, sanction=SANCTION),
        ),
    ),
    "BR-69(2)(a)": (
        lambda: base().append(Receipt(date(2016, 7, 6), 900, realized_on=date(2016, 7, 5))),
        lambda: base().append(Receipt(date(2016, 7, 7), 900, realized_on=date(2016, 7, 5))),
    ),
    "BR-71(2)": (
        # 29 July 2016 was a Friday, the last working day of the month: no statement needed
        lambda: base().append(Receipt(date(2016, 8, 1), 900, realized_on=date(2016, 7, 29))),
        lambda: base().append(Receipt(date(2016, 8, 1), 900, realized_on=date(2016, 7, 28))),
    ),
}


def test_every_ledger_rule_has_fixtures() -> None:
    statement_rules = {"BR-82(7)", "BR-83(2)", "BR-12(6)"}  # tested in test_statements*.py
    statement_rules |= {"BR-85(2)", "ROB-16(1)(c)"}  # tested in test_procedure.py
    assert set(FIXTURES) | statement_rules == {rule.id for rule in LEDGER_RULES}


@pytest.mark.parametrize("rule_id", sorted(FIXTURES))
def test_rule_passing_fixture_has_no_finding(rule_id: str) -> None:
    passing, _ = FIXTURES[rule_id]
    assert rule_id not in rule_ids(passing())


@pytest.mark.parametrize("rule_id", sorted(FIXTURES))
def test_rule_failing_fixture_has_its_finding(rule_id: str) -> None:
    _, failing = FIXTURES[rule_id]
    findings = [f for f in check_ledger(failing(), file="ledger.json") if f.rule_id == rule_id]
    assert len(findings) == 1
    finding = findings[0]
    rule = get(rule_id)
    assert finding.severity is rule.severity
    assert finding.citation == rule.citation
    assert finding.citation.excerpt
    assert finding.location is not None
    assert finding.location.file == "ledger.json"
    assert finding.location.field is not None
    assert finding.location.field.startswith("$.movements[")


def test_explained_late_credit_needs_no_finding() -> None:
    ledger = base().append(
        Receipt(date(2016, 8, 1), 900, realized_on=date(2016, 7, 28), explanation="bank strike")
    )
    assert "BR-71(2)" not in rule_ids(ledger)


def test_clean_year_has_no_finding() -> None:
    ledger = base().append(
        Receipt(date(2016, 7, 4), 400_000, from_government=True, realized_on=date(2016, 7, 4)),
        Release(date(2016, 7, 6), POSTAGE, 120_000, funds_received_on=date(2016, 7, 4)),
        Release(date(2016, 7, 7), PHONE, 280_000, funds_received_on=date(2016, 7, 4)),
        *(Expenditure(month.end, POSTAGE, 9_000, sanction=SANCTION) for month in YEAR.months),
        reapp(POSTAGE, PHONE, 10_000),
    )
    report = Report(check_ledger(ledger))
    assert report.ok
    assert len(report) == 0


def test_parameters_change_the_release_deadline() -> None:
    late = base().append(
        Release(date(2016, 7, 9), POSTAGE, 30_000, funds_received_on=date(2016, 7, 5))
    )
    # a ParameterSet that holds "release_days" overrides the ledger's default of 3 days
    relaxed = ParameterSet(
        {
            **PARAMETERS.parameters,
            "release_days": LEDGER_PARAMETERS["release_days"].with_value(5, since=date(2016, 1, 1)),
        }
    )
    assert "BR-68(6)" in rule_ids(late)
    assert not [f for f in check_ledger(late, parameters=relaxed) if f.rule_id == "BR-68(6)"]


def test_likely_excess_is_flagged_once_and_before_the_excess() -> None:
    ledger = base().append(
        *(Expenditure(YEAR.month(n).end, POSTAGE, 13_000, sanction=SANCTION) for n in range(1, 11))
    )
    findings = [f for f in check_ledger(ledger) if f.rule_id == "BR-79(1)"]
    assert len(findings) == 1
    assert findings[0].severity is Severity.WARNING
    assert "BR-75(3)" in rule_ids(ledger)
    first_excess = next(f for f in check_ledger(ledger) if f.rule_id == "BR-75(3)")
    assert findings[0].location is not None
    assert first_excess.location is not None
    assert findings[0].location.field == "$.movements[4]"  # July: 13,000 a month is 1,56,000 a year
    assert first_excess.location.field == "$.movements[13]"  # April: 1,30,000 spent


def test_public_account_balance_carries_forward() -> None:
    previous = Ledger("Example", YEAR, opening_public_account=100).append(
        Receipt(date(2016, 9, 1), 50, account=CashAccount.PUBLIC_ACCOUNT)
    )
    assert not list(check_continuity(previous, previous.next_year()))
    lapsed = attrs.evolve(previous.next_year(), opening_public_account=Decimal(0))
    findings = list(check_continuity(previous, lapsed))
    assert [f.rule_id for f in findings] == ["BR-12(6)"]
    assert findings[0].expected == "150"
    with pytest.raises(ValidationError, match="consecutive"):
        list(check_continuity(previous, previous))


# --- corrected readings (issue 16): each test fails on the earlier, laxer reading ----------


def test_a_withdrawal_must_match_the_purpose_of_its_deposits() -> None:
    """BR-12(4): salaries cannot be paid from contractors' security deposits, even though the
    Public Account holds enough money."""
    ledger = base().append(
        Receipt(date(2016, 7, 5), 50_000, account=CashAccount.PUBLIC_ACCOUNT, **DEPOSIT),
        Withdrawal(date(2016, 8, 5), 10_000, "salaries", public_head="G11101"),
    )
    (finding,) = [f for f in check_ledger(ledger) if f.rule_id == "BR-12(4)"]
    assert "'salaries'" in finding.message
    assert finding.location is not None
    assert finding.location.field == "$.movements[5]"
    proper = base().append(
        Receipt(date(2016, 7, 5), 50_000, account=CashAccount.PUBLIC_ACCOUNT, **DEPOSIT),
        Withdrawal(date(2016, 8, 5), 10_000, **DEPOSIT),
    )
    assert "BR-12(4)" not in rule_ids(proper)


def test_public_account_balances_are_kept_by_head_and_purpose_across_years() -> None:
    ledger = base().append(
        Receipt(date(2016, 7, 5), 50_000, account=CashAccount.PUBLIC_ACCOUNT, **DEPOSIT),
        Withdrawal(date(2016, 8, 5), 10_000, **DEPOSIT),
    )
    ((head, purpose, amount),) = [
        (b.public_head, b.purpose, b.amount) for b in ledger.public_balances()
    ]
    assert (head, purpose, amount) == ("G11101", DEPOSIT["purpose"], 40_000)
    following = ledger.next_year().append(
        Withdrawal(date(2017, 8, 5), 40_000, **DEPOSIT),  # last year's deposits, non-lapsable
    )
    assert "BR-12(4)" not in rule_ids(following)
    assert "BR-12(4)" in rule_ids(following.append(Withdrawal(date(2017, 8, 6), 1, **DEPOSIT)))


def test_one_release_does_not_clear_every_government_receipt_of_its_day() -> None:
    """BR-68(6)#receipt: two transfers arrive on 5 July; releasing the first does not release
    the second."""
    ledger = base().append(
        Receipt(date(2016, 7, 5), 90_000, from_government=True),
        Receipt(date(2016, 7, 5), 40_000, from_government=True),
        Release(date(2016, 7, 8), POSTAGE, 90_000, funds_received_on=date(2016, 7, 5)),
        Expenditure(date(2016, 7, 31), POSTAGE, 9_000, sanction=SANCTION),
    )
    (finding,) = [f for f in check_ledger(ledger) if f.rule_id == "BR-68(6)#receipt"]
    assert finding.location is not None
    assert finding.location.field == "$.movements[5]"
    assert "40,000" in str(finding.expected)
    both = ledger.append(
        Release(date(2016, 7, 8), PHONE, 40_000, funds_received_on=date(2016, 7, 5))
    )
    assert "BR-68(6)#receipt" not in rule_ids(both)


def test_a_supplementary_grant_approved_after_the_excess_breaches_br_79_2() -> None:
    """BR-79(2): approval must come before the additional expenditure, not merely exist."""
    spent_first = base().append(
        Expenditure(date(2017, 2, 28), PHONE, 65_000, sanction=SANCTION),  # 5,000 over
        supplementary(10_000, approved_on=date(2017, 3, 18)),
    )
    messages = [f.message for f in check_ledger(spent_first) if f.rule_id == "BR-79(2)"]
    assert any("before the Council approved" in m for m in messages)
    approved_first = base().append(
        supplementary(10_000, approved_on=date(2017, 2, 1)),
        Expenditure(date(2017, 3, 31), PHONE, 65_000, sanction=SANCTION),
    )
    assert "BR-79(2)" not in rule_ids(approved_first)
    undated = base().append(supplementary(10_000, approved_on=None))
    assert "BR-79(2)" in rule_ids(undated)
    booked_early = base().append(supplementary(10_000, approved_on=date(2017, 3, 25)))
    assert "BR-79(2)" in rule_ids(booked_early)


def test_expenditure_needs_the_nazims_sanction() -> None:
    """BR-75(1): provision alone is not enough; a recovery (negative) needs no sanction."""
    unsanctioned = base().append(Expenditure(date(2016, 8, 31), POSTAGE, 100))
    assert rule_ids(unsanctioned) == {"BR-75(1)#sanction"}
    assert get("BR-75(1)#sanction").severity is Severity.ERROR
    recovery = base().append(
        Expenditure(date(2016, 8, 31), POSTAGE, 100, sanction=SANCTION),
        Expenditure(date(2016, 9, 30), POSTAGE, -100),
    )
    assert rule_ids(recovery) == set()
