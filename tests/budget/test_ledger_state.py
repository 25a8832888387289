"""A stateful property test of the appropriation ledger (Hypothesis RuleBasedStateMachine).

Any sequence of appropriations, re-appropriations, supplementary grants, surrenders,
expenditure, receipts and withdrawals keeps the ledger's fiscal invariants:

* a re-appropriation never changes its unit's (grant's) total;
* a supplementary grant raises the final grant by exactly its amount, a surrender lowers it by
  exactly its amount;
* the objects' final grants always sum to the grant's final grant;
* opening balance + receipts - expenditure = closing balance, for each cash account;
* no sequence of operations lets spending exceed a final grant without an error finding that
  names the head.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from kpgov.budget import (
    Appropriation,
    AppropriationHead,
    Authority,
    CashAccount,
    Expenditure,
    Ledger,
    Office,
    ReAppropriation,
    Receipt,
    SupplementaryGrant,
    Surrender,
    Withdrawal,
    check_ledger,
)
from kpgov.findings import Severity
from kpgov.periods import FinancialYear
from kpgov.testing import amounts

YEAR = FinancialYear(2016)
HEADS = (
    AppropriationHead.parse("DF-R-1-012", "ABT-EDU-ED01", "A03201"),
    AppropriationHead.parse("DF-R-1-012", "ABT-EDU-ED01", "A03202"),
    AppropriationHead.parse("DF-R-1-012", "ABT-EDU-ED02", "A03303"),
    AppropriationHead.parse("DF-R-1-013", "ABT-HLT-HL01", "A03201"),
    AppropriationHead.parse("DF-R-2-020", "ABT-WRK-WK01", "A12401"),
)
heads = st.sampled_from(HEADS)
money = amounts(min_value=Decimal("0.01"), max_value=500_000)
days = st.integers(0, 364).map(lambda n: YEAR.start + timedelta(days=n))


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.ledger = Ledger("Property (synthetic)", YEAR)
        self.receipts = {account: Decimal(0) for account in CashAccount}
        self.spent = {account: Decimal(0) for account in CashAccount}
        self.day = YEAR.start

    def _append(self, *movements: object) -> None:
        self.ledger = self.ledger.append(*movements)  # type: ignore[arg-type]  # movements built below

    def _next_day(self, step: int) -> date:
        self.day = min(self.day + timedelta(days=step), YEAR.end)
        return self.day

    @initialize(
        opening=st.tuples(money, money),
        grants=st.lists(st.tuples(heads, money), min_size=1, max_size=5),
    )
    def open_year(
        self, opening: tuple[Decimal, Decimal], grants: list[tuple[AppropriationHead, Decimal]]
    ) -> None:
        self.ledger = Ledger(
            "Property (synthetic)",
            YEAR,
            opening_district_fund=opening[0],
            opening_public_account=opening[1],
        )
        self._append(*(Appropriation(YEAR.start, head, amount) for head, amount in grants))

    @rule(source=heads, to=heads, amount=money, step=st.integers(0, 20), hoo=st.booleans())
    def reappropriate(
        self,
        source: AppropriationHead,
        to: AppropriationHead,
        amount: Decimal,
        step: int,
        hoo: bool,
    ) -> None:
        before = self.ledger.position()
        self._append(
            ReAppropriation(
                self._next_day(step),
                source,
                to,
                amount,
                authority=Authority.HEAD_OF_OFFICES if hoo else Authority.DDO,
                order="order 1",
                copies_to=tuple(Office),
            )
        )
        after = self.ledger.position()
        if source.grant == to.grant:
            assert after.unit_total(source.grant).final_grant == (
                before.unit_total(source.grant).final_grant
                if source.grant in before.grants()
                else 0
            )
        assert after.final_grant == before.final_grant  # nothing is created or destroyed

    @rule(head=heads, amount=money, step=st.integers(0, 20))
    def supplementary(self, head: AppropriationHead, amount: Decimal, step: int) -> None:
        before = self.ledger.position().head(head).final_grant
        self._append(
            SupplementaryGrant(
                self._next_day(step), head, amount, council_approval="DC 1", note="needed"
            )
        )
        assert self.ledger.position().head(head).final_grant == before + amount

    @rule(head=heads, amount=money, step=st.integers(0, 20))
    def surrender(self, head: AppropriationHead, amount: Decimal, step: int) -> None:
        before = self.ledger.position().head(head).final_grant
        self._append(Surrender(self._next_day(step), head, amount))
        assert self.ledger.position().head(head).final_grant == before - amount

    @rule(head=heads, amount=money, step=st.integers(0, 31))
    def spend(self, head: AppropriationHead, amount: Decimal, step: int) -> None:
        before = self.ledger.position().head(head).progressive
        self._append(Expenditure(self._next_day(step), head, amount))
        self.spent[CashAccount.DISTRICT_FUND] += amount
        assert self.ledger.position().head(head).progressive == before + amount

    @rule(amount=money, account=st.sampled_from(CashAccount), step=st.integers(0, 20))
    def receive(self, amount: Decimal, account: CashAccount, step: int) -> None:
        self._append(Receipt(self._next_day(step), amount, account=account))
        self.receipts[account] += amount

    @precondition(lambda self: self.receipts[CashAccount.PUBLIC_ACCOUNT] > 0)
    @rule(amount=money, step=st.integers(0, 20))
    def withdraw(self, amount: Decimal, step: int) -> None:
        self._append(Withdrawal(self._next_day(step), amount, "refund"))
        self.spent[CashAccount.PUBLIC_ACCOUNT] += amount

    @invariant()
    def objects_sum_to_the_grant(self) -> None:
        position = self.ledger.position()
        for grant in position.grants():
            unit = position.unit_total(grant)
            lines = [p for p in position if p.head.grant == grant]
            assert sum((p.final_grant for p in lines), Decimal(0)) == unit.final_grant
            assert unit.final_grant == (
                unit.budget_grant + unit.reappropriations + unit.supplementary - unit.surrendered
            )
        assert sum((p.final_grant for p in position), Decimal(0)) == position.final_grant

    @invariant()
    def cash_identity(self) -> None:
        cash = self.ledger.position().cash
        for account, opening in (
            (CashAccount.DISTRICT_FUND, self.ledger.opening_district_fund),
            (CashAccount.PUBLIC_ACCOUNT, self.ledger.opening_public_account),
        ):
            balance = cash.account(account)
            assert balance.receipts == self.receipts[account]
            assert balance.payments == self.spent[account]
            assert balance.closing == opening + self.receipts[account] - self.spent[account]

    @invariant()
    def no_silent_excess(self) -> None:
        position = self.ledger.position()
        errors = [f for f in check_ledger(self.ledger) if f.severity is Severity.ERROR]
        for line in position:
            if line.progressive > line.final_grant:
                assert any(str(line.head) in f.subject for f in errors), (
                    f"{line.head} spent {line.progressive} of {line.final_grant} unflagged"
                )


TestLedgerMachine = LedgerMachine.TestCase
# up to 30 movements per run keeps the suite quick; the example count comes from the profile
TestLedgerMachine.settings = settings(TestLedgerMachine.settings, stateful_step_count=30)
