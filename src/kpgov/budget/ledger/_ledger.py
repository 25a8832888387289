"""The appropriation ledger: a year's movements, and what they add up to at any date.

A :class:`Ledger` is a district's year of budget execution: opening cash balances and an
append-only tuple of frozen movements. Everything else is derived by folding the movements:
the :class:`Position` at a date gives, per head (grant, DDO, object), the budget grant,
re-appropriations, supplementary grants, surrenders, the final grant, progressive expenditure,
the available balance and any excess; and the cash balances of Account IV and the Public
Account (opening + receipts - expenditure = closing).

>>> from datetime import date
>>> from kpgov.periods import FinancialYear
>>> postage = AppropriationHead.parse("DF-R-1-012", "PSH-EDU-PR12", "A03201")
>>> phone = AppropriationHead.parse("DF-R-1-012", "PSH-EDU-PR12", "A03202")
>>> ledger = Ledger("Example District", FinancialYear(2016), opening_district_fund=500_000)
>>> ledger = ledger.append(
...     Appropriation(date(2016, 7, 1), postage, 100_000),
...     Appropriation(date(2016, 7, 1), phone, 50_000),
...     Expenditure(date(2016, 7, 31), postage, 30_000),
...     ReAppropriation(date(2016, 9, 15), postage, phone, 20_000),
... )
>>> line = ledger.position(date(2016, 9, 30)).head(phone)
>>> line.budget_grant, line.reappropriations, line.final_grant, line.available
(Decimal('50000'), Decimal('20000'), Decimal('70000'), Decimal('70000'))
>>> ledger.position(date(2016, 8, 31)).head(phone).final_grant  # before the re-appropriation
Decimal('50000')
>>> ledger.position().cash.district_fund.closing
Decimal('470000')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs

from kpgov import _display
from kpgov.accounts import FundCode
from kpgov.budget.ledger._movements import (
    Appropriation,
    AppropriationHead,
    CashAccount,
    Expenditure,
    Movement,
    PublicAccountBalance,
    ReAppropriation,
    Receipt,
    Release,
    SupplementaryGrant,
    Surrender,
    Withdrawal,
)
from kpgov.errors import Sourced, ValidationError
from kpgov.money import ZERO, as_amount, format_amount
from kpgov.periods import FinancialYear, Month

__all__ = [
    "CashBalance",
    "CashPosition",
    "HeadPosition",
    "Ledger",
    "Position",
    "fold",
]

# Indexes of a head's running totals while folding (a list is the fastest mutable record).
_APPROPRIATION: Final = 0
_REAPP_IN: Final = 1
_REAPP_OUT: Final = 2
_SUPPLEMENTARY: Final = 3
_SURRENDER: Final = 4
_RELEASED: Final = 5
_SPENT: Final = 6
_SLOTS: Final = 7


@attrs.frozen
class HeadPosition:
    """One head's figures at a date, as the columns of Forms BM-2 and BM-6 show them."""

    head: AppropriationHead
    budget_grant: Decimal = ZERO
    reappropriated_in: Decimal = ZERO
    reappropriated_out: Decimal = ZERO
    supplementary: Decimal = ZERO
    surrendered: Decimal = ZERO
    released: Decimal = ZERO
    progressive: Decimal = ZERO

    @property
    def reappropriations(self) -> Decimal:
        """Net re-appropriations (in minus out)."""
        return self.reappropriated_in - self.reappropriated_out

    @property
    def final_grant(self) -> Decimal:
        """Budget grant + re-appropriations + supplementary - surrender."""
        return self.budget_grant + self.reappropriations + self.supplementary - self.surrendered

    @property
    def available(self) -> Decimal:
        """What may still be spent: final grant - progressive expenditure (never below zero)."""
        return max(self.final_grant - self.progressive, ZERO)

    @property
    def excess(self) -> Decimal:
        """Expenditure beyond the final grant (zero when within it)."""
        return max(self.progressive - self.final_grant, ZERO)

    @property
    def provided(self) -> bool:
        """True when the head ever received provision (an appropriation, a re-appropriation
        into it or a supplementary grant)."""
        return bool(self.budget_grant or self.reappropriated_in or self.supplementary)


@attrs.frozen
class CashBalance:
    """One cash account over a period: opening + receipts - payments = closing."""

    opening: Decimal
    receipts: Decimal
    payments: Decimal

    @property
    def closing(self) -> Decimal:
        return self.opening + self.receipts - self.payments


@attrs.frozen
class CashPosition:
    """The District Fund (Account IV) and the Public Account at a date."""

    district_fund: CashBalance
    public_account: CashBalance

    def account(self, which: CashAccount) -> CashBalance:
        return self.district_fund if which is CashAccount.DISTRICT_FUND else self.public_account


def _frozen_heads(
    value: Mapping[AppropriationHead, HeadPosition],
) -> Mapping[AppropriationHead, HeadPosition]:
    return MappingProxyType(dict(value))


@attrs.frozen
class Position:
    """What the ledger adds up to on ``as_of``: every head's figures and the cash balances."""

    as_of: date
    heads: Mapping[AppropriationHead, HeadPosition] = attrs.field(converter=_frozen_heads)
    cash: CashPosition

    def head(self, head: AppropriationHead) -> HeadPosition:
        """The figures of ``head`` (all zero when the ledger has none for it)."""
        found = self.heads.get(head)
        return found if found is not None else HeadPosition(head)

    def __iter__(self) -> Iterator[HeadPosition]:
        return iter(sorted(self.heads.values(), key=lambda p: p.head))

    def grants(self) -> tuple[FundCode, ...]:
        return tuple(sorted({head.grant for head in self.heads}))

    def unit_total(self, grant: FundCode) -> HeadPosition:
        """The totals of one grant (the unit of re-appropriation), as a pseudo-head whose
        object and DDO are those of its first head."""
        lines = [p for p in self if p.head.grant == grant]
        if not lines:
            raise ValidationError(f"the ledger has no head under grant {grant}")
        return _sum_lines(lines[0].head, lines)

    @property
    def final_grant(self) -> Decimal:
        return sum((p.final_grant for p in self.heads.values()), ZERO)

    @property
    def progressive(self) -> Decimal:
        return sum((p.progressive for p in self.heads.values()), ZERO)

    def __repr__(self) -> str:
        return _display.short("Position", f"as of {self.as_of}", count=len(self.heads), noun="head")

    def _table(self) -> _display.Table:
        return _display.Table(
            f"Position as of {self.as_of}",
            (
                "grant",
                "DDO",
                "object",
                "budget grant",
                "re-appropriations",
                "supplementary",
                "surrendered",
                "final grant",
                "progressive",
                "available",
                "excess",
            ),
            self,
            cells=lambda p: (
                p.head.grant,
                p.head.ddo,
                p.head.object,
                *map(
                    format_amount,
                    (
                        p.budget_grant,
                        p.reappropriations,
                        p.supplementary,
                        p.surrendered,
                        p.final_grant,
                        p.progressive,
                        p.available,
                        p.excess,
                    ),
                ),
            ),
            numeric=range(3, 11),
            footer=[
                (
                    "Total",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    format_amount(self.final_grant),
                    format_amount(self.progressive),
                    "",
                    "",
                )
            ],
        )

    def _repr_html_(self) -> str:
        return _display.join_html(self._table())

    def _repr_markdown_(self) -> str:
        return _display.join_markdown(self._table())


def _sum_lines(head: AppropriationHead, lines: Iterable[HeadPosition]) -> HeadPosition:
    totals = [ZERO] * _SLOTS
    for p in lines:
        for i, value in enumerate(_values(p)):
            totals[i] += value
    return HeadPosition(head, *totals)


def _values(p: HeadPosition) -> tuple[Decimal, ...]:
    return (
        p.budget_grant,
        p.reappropriated_in,
        p.reappropriated_out,
        p.supplementary,
        p.surrendered,
        p.released,
        p.progressive,
    )


def _as_balances(value: Iterable[PublicAccountBalance]) -> tuple[PublicAccountBalance, ...]:
    return tuple(value)


def _as_movements(value: Iterable[Movement]) -> tuple[Movement, ...]:
    return tuple(value)


def _check_movements(instance: Ledger, _attribute: object, value: tuple[Movement, ...]) -> None:
    for index, movement in enumerate(value):
        if not isinstance(movement, _KINDS):
            raise ValidationError(
                f"not a ledger movement: {movement!r}", field=f"movements[{index}]"
            )
        if isinstance(movement, Receipt | Withdrawal) and movement.on not in instance.year:
            raise ValidationError(
                f"a {type(movement).__name__.lower()} of {movement.on} belongs to the cash book "
                f"of another year than {instance.year}",
                field=f"movements[{index}]",
            )


@attrs.frozen
class Ledger(Sourced):
    """A district's appropriation ledger for one financial year.

    ``movements`` is append-only: :meth:`append` returns a new ledger with more movements, and
    every figure is a fold over them (:meth:`position`), so history is never rewritten.
    """

    district: str
    year: FinancialYear
    opening_district_fund: Decimal = attrs.field(default=ZERO, converter=as_amount)
    opening_public_account: Decimal = attrs.field(default=ZERO, converter=as_amount)
    movements: tuple[Movement, ...] = attrs.field(
        default=(), converter=_as_movements, validator=_check_movements
    )
    #: The opening Public Account balance by head and purpose (BR-12(4)); what it does not
    #: attribute may be withdrawn for no purpose.
    opening_public_balances: tuple[PublicAccountBalance, ...] = attrs.field(
        default=(), converter=_as_balances, kw_only=True
    )

    def append(self, *movements: Movement) -> Ledger:
        """A new ledger with ``movements`` appended after the existing ones."""
        return attrs.evolve(self, movements=self.movements + movements)

    def __repr__(self) -> str:
        subject = f"{self.district} {self.year}"
        return _display.short("Ledger", subject, count=len(self.movements), noun="movement")

    def extend(self, movements: Iterable[Movement]) -> Ledger:
        return self.append(*movements)

    def __len__(self) -> int:
        return len(self.movements)

    def position(self, as_of: date | None = None) -> Position:
        """The figures on ``as_of`` (default: the last day of the year), counting the movements
        dated on or before it, in the order they were appended."""
        return fold(self, as_of)

    def month_position(self, month: Month) -> Position:
        """The figures at the end of ``month``."""
        return fold(self, month.end)

    def heads(self) -> tuple[AppropriationHead, ...]:
        """Every head any movement touches, sorted."""
        found: set[AppropriationHead] = set()
        for m in self.movements:
            if isinstance(m, ReAppropriation):
                found.add(m.source)
                found.add(m.target)
            elif not isinstance(m, Receipt | Withdrawal):
                found.add(m.head)
        return tuple(sorted(found))

    def lapsed(self) -> Mapping[AppropriationHead, Decimal]:
        """What lapses on 30 June (BR-10(2)(a), BR-67(1)(e)): each head's unspent final grant.
        The Public Account balance does not lapse (BR-12(6)); see :meth:`next_year`."""
        end = self.position()
        return MappingProxyType({p.head: p.available for p in end if p.available})

    def next_year(self) -> Ledger:
        """The next year's empty ledger: cash balances carried forward, no grants (they lapse)."""
        cash = self.position().cash
        return Ledger(
            self.district,
            self.year.next(),
            opening_district_fund=cash.district_fund.closing,
            opening_public_account=cash.public_account.closing,
            opening_public_balances=self.public_balances(),
        )

    def public_balances(self, as_of: date | None = None) -> tuple[PublicAccountBalance, ...]:
        """The Public Account balance by head and purpose on ``as_of`` (default: the end of the
        year): the attributed opening balances plus receipts less withdrawals (BR-12(4))."""
        day = self.year.end if as_of is None else as_of
        held: dict[tuple[str, str], Decimal] = {}
        for b in self.opening_public_balances:
            key = (b.public_head, b.purpose)
            held[key] = held.get(key, ZERO) + b.amount
        for m in self.movements:
            if m.on > day:
                continue
            if isinstance(m, Receipt) and m.account is CashAccount.PUBLIC_ACCOUNT:
                key = (m.public_head, m.purpose)
                held[key] = held.get(key, ZERO) + m.amount
            elif isinstance(m, Withdrawal):
                key = (m.public_head, m.purpose)
                held[key] = held.get(key, ZERO) - m.amount
        return tuple(
            PublicAccountBalance(head, purpose, amount)
            for (head, purpose), amount in sorted(held.items())
            if amount
        )


_KINDS: Final = (
    Appropriation,
    ReAppropriation,
    SupplementaryGrant,
    Surrender,
    Release,
    Expenditure,
    Receipt,
    Withdrawal,
)


def fold(ledger: Ledger, as_of: date | None = None) -> Position:
    """Fold ``ledger``'s movements dated on or before ``as_of`` into a :class:`Position`."""
    day = ledger.year.end if as_of is None else as_of
    # running totals by head key (a str: its hash is cached, unlike a composite value's)
    totals: dict[str, list[Decimal]] = {}
    head_of: dict[str, AppropriationHead] = {}
    df_in = df_out = pa_in = pa_out = ZERO
    get = totals.get
    spent, reapp_in, reapp_out, slot_of = _SPENT, _REAPP_IN, _REAPP_OUT, _SLOT_OF  # locals: faster
    movements: tuple[Any, ...] = ledger.movements  # dispatched on type(m) below
    for m in movements:
        if m.on > day:
            continue
        kind = type(m)
        if kind is Expenditure:
            acc = get(m.head.key)
            if acc is None:
                acc = _open(totals, head_of, m.head)
            acc[spent] += m.amount
            df_out += m.amount
        elif kind is Receipt:
            if m.account is CashAccount.DISTRICT_FUND:
                df_in += m.amount
            else:
                pa_in += m.amount
        elif kind is Withdrawal:
            pa_out += m.amount
        elif kind is ReAppropriation:
            src = get(m.source.key)
            if src is None:
                src = _open(totals, head_of, m.source)
            dst = get(m.target.key)
            if dst is None:
                dst = _open(totals, head_of, m.target)
            src[reapp_out] += m.amount
            dst[reapp_in] += m.amount
        else:
            acc = get(m.head.key)
            if acc is None:
                acc = _open(totals, head_of, m.head)
            acc[slot_of[kind]] += m.amount
    heads = {head_of[key]: HeadPosition(head_of[key], *acc) for key, acc in totals.items()}
    cash = CashPosition(
        CashBalance(ledger.opening_district_fund, df_in, df_out),
        CashBalance(ledger.opening_public_account, pa_in, pa_out),
    )
    return Position(day, heads, cash)


def _open(
    totals: dict[str, list[Decimal]],
    head_of: dict[str, AppropriationHead],
    head: AppropriationHead,
) -> list[Decimal]:
    acc = totals[head.key] = [ZERO] * _SLOTS
    head_of[head.key] = head
    return acc


_SLOT_OF: Final[dict[type, int]] = {
    Appropriation: _APPROPRIATION,
    SupplementaryGrant: _SUPPLEMENTARY,
    Surrender: _SURRENDER,
    Release: _RELEASED,
}
