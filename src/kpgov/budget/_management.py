"""Receipts management and the key controls of stores (Budget Rules 2016, r.69(2), r.71,
r.75(8)): the records an office keeps and the checks on them.

Each record is a frozen value that remembers its ``source`` location when a loader builds it;
each check is a pure function yielding findings of :mod:`kpgov.budget._obligation_rules`.

>>> from datetime import date
>>> issued = [IssuedReceipt("TR5-12", n, date(2016, 7, 4), 100) for n in (1, 2, 4)]
>>> [(f.rule_id, f.message) for f in check_receipt_books(issued)]
[('BR-69(2)(b)', 'receipt book TR5-12: number 3 missing between 2 and 4')]
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal

import attrs

from kpgov.budget import _obligation_rules as rules
from kpgov.budget.ledger._ledger import Ledger
from kpgov.budget.ledger._movements import CashAccount, Receipt
from kpgov.errors import Location, ValidationError, source_of
from kpgov.findings import Finding
from kpgov.money import ZERO, as_amount, format_amount
from kpgov.periods import Month

__all__ = [
    "BankAccount",
    "IssuedReceipt",
    "PurchaseOrder",
    "Remission",
    "StockVerification",
    "check_bank_accounts",
    "check_monthly_receipts",
    "check_purchase_orders",
    "check_receipt_books",
    "check_remissions",
    "check_stock_verifications",
]


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"expected text, not {value!r}")
    return value.strip()


def _names(value: Iterable[str]) -> frozenset[str]:
    return frozenset(_text(v) for v in value)


def _where(record: object) -> Location | None:
    return source_of(record)  # ``source``, or ``origin`` where the domain has a source


def _rs(amount: Decimal) -> str:
    return f"Rs {format_amount(amount)}"


# ------------------------------------------------------------------- receipts management


@attrs.frozen
class IssuedReceipt:
    """A receipt (Form T.R. 5) issued from ``book`` with its printed ``number`` (r.69(2)(b))."""

    book: str = attrs.field(converter=_text)
    number: int
    on: date
    amount: Decimal = attrs.field(converter=as_amount)
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


def check_receipt_books(receipts: Iterable[IssuedReceipt]) -> Iterator[Finding]:
    """BR-69(2)(b): the receipts of each book, in the order issued, run in unbroken number
    order, each number once (a cancelled form is still a receipt of the series)."""
    books: dict[str, list[IssuedReceipt]] = defaultdict(list)
    for r in receipts:
        books[r.book].append(r)
    for book in sorted(books):
        issued = books[book]
        for before, after in itertools.pairwise(issued):
            if after.number == before.number + 1:
                continue
            if after.number <= before.number:
                message = f"number {after.number} issued after number {before.number}"
            else:
                gap = range(before.number + 1, after.number)
                shown = ", ".join(map(str, list(gap)[:5])) + (" ..." if len(gap) > 5 else "")
                message = (
                    f"number{'s' if len(gap) > 1 else ''} {shown} missing between "
                    f"{before.number} and {after.number}"
                )
            yield Finding.of(
                rules.NUMBERED_RECEIPTS,
                f"receipt book {book}",
                f"receipt book {book}: {message}",
                location=_where(after),
                related=[w for w in (_where(before),) if w is not None],
            )


@attrs.frozen
class BankAccount:
    """A bank account an office opened; ``public_money`` says whether it holds public money,
    and ``sanctioned_on`` dates the prior sanction of the DO F&P (r.69(2)(f))."""

    title: str = attrs.field(converter=_text)
    opened_on: date
    public_money: bool = True
    sanctioned_on: date | None = None
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


def check_bank_accounts(accounts: Iterable[BankAccount]) -> Iterator[Finding]:
    """BR-69(2)(f): an account for public money is opened only after the DO F&P's sanction
    (an account for private money needs none)."""
    for a in accounts:
        if not a.public_money:
            continue
        if a.sanctioned_on is None or a.sanctioned_on > a.opened_on:
            yield Finding.of(
                rules.BANK_ACCOUNT_SANCTION,
                f"bank account {a.title}",
                "bank account for public money opened without the prior sanction of the "
                "District Officer Finance and Planning",
                expected=f"a sanction on or before {a.opened_on}",
                actual=a.sanctioned_on or "none",
                location=_where(a),
            )


def check_monthly_receipts(
    ledger: Ledger,
    reported: Mapping[Month, Decimal | int | str],
    *,
    subject: str = "",
) -> Iterator[Finding]:
    """BR-71(1): the receipts reported for a month (Account IV) are those realized and credited
    in that month: the ledger's receipts credited in the month, less those realized in an
    earlier month (which r.71(2) has explained in that month's report)."""
    for month, figure in sorted(reported.items()):
        amount = as_amount(figure)
        counted = sum(
            (
                m.amount
                for m in ledger.movements
                if isinstance(m, Receipt)
                and m.account is CashAccount.DISTRICT_FUND
                and Month.of(m.on) == month
                and (m.realized_on is None or Month.of(m.realized_on) == month)
            ),
            ZERO,
        )
        if amount != counted:
            yield Finding.of(
                rules.MONTHLY_RECEIPTS,
                f"{subject or ledger.district} receipts of {month}".strip(),
                "the reported receipts of the month are not those realized and credited in it",
                expected=_rs(counted),
                actual=_rs(amount),
            )


@attrs.frozen
class Remission:
    """A remission of revenue or abandonment of a claim, with the sanction of the competent
    authority that allows it (r.71(3))."""

    on: date
    claim: str = attrs.field(converter=_text)
    amount: Decimal = attrs.field(converter=as_amount)
    sanction: str = attrs.field(default="", converter=_text)
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


def check_remissions(remissions: Iterable[Remission]) -> Iterator[Finding]:
    """BR-71(3): every remission or abandonment of revenue names its sanction."""
    for r in remissions:
        if not r.sanction:
            yield Finding.of(
                rules.REMISSION_SANCTIONED,
                f"remission of {r.claim}",
                "revenue remitted or a claim abandoned without the sanction of the competent "
                "authority",
                actual=_rs(r.amount),
                location=_where(r),
            )


# ------------------------------------------------------------------ key controls of stores


@attrs.frozen
class PurchaseOrder:
    """A purchase order meeting ``requirement`` (the need the purchase serves), sanctioned by
    ``sanctioned_by`` (r.75(8)(b))."""

    number: str = attrs.field(converter=_text)
    on: date
    requirement: str = attrs.field(converter=_text)
    amount: Decimal = attrs.field(converter=as_amount)
    sanctioned_by: str = attrs.field(converter=_text)
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


def check_purchase_orders(
    orders: Iterable[PurchaseOrder], *, limits: Mapping[str, Decimal | int]
) -> Iterator[Finding]:
    """BR-75(8)(b): the orders for one requirement, each within the sanctioning power of its
    authority (``limits``, set by the competent authority), must not together exceed the
    highest of those powers: that total needed the sanction of a higher authority."""
    by_need: dict[str, list[PurchaseOrder]] = defaultdict(list)
    for o in orders:
        by_need[o.requirement].append(o)
    for need in sorted(by_need):
        group = by_need[need]
        if len(group) < 2 or any(o.sanctioned_by not in limits for o in group):
            continue
        power = max(Decimal(limits[o.sanctioned_by]) for o in group)
        total = sum((o.amount for o in group), ZERO)
        if total > power:
            yield Finding.of(
                rules.ORDERS_NOT_SPLIT,
                f"purchase for {need}",
                f"{len(group)} orders for one requirement, together beyond the sanctioning "
                "power of their authority: the purchase was split",
                expected=f"one order sanctioned for {_rs(total)} by a higher authority",
                actual=", ".join(f"{o.number} {_rs(o.amount)}" for o in group),
                location=_where(group[-1]),
                related=[w for w in map(_where, group[:-1]) if w is not None],
            )


@attrs.frozen
class StockVerification:
    """A physical verification of ``store`` by ``verified_by``; ``custodian``, ``ledger_keeper``
    and ``accountant`` are the store's officers and ``nominees`` those nominated by or employed
    under them (r.75(8)(g))."""

    store: str = attrs.field(converter=_text)
    verified_by: str = attrs.field(converter=_text)
    custodian: str = attrs.field(converter=_text)
    ledger_keeper: str = attrs.field(default="", converter=_text)
    accountant: str = attrs.field(default="", converter=_text)
    nominees: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    conflict_of_interest: bool = False
    conversant: bool = True
    on: date | None = None
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


def check_stock_verifications(verifications: Iterable[StockVerification]) -> Iterator[Finding]:
    """BR-75(8)(g)(i) the verifier is not the custodian, ledger keeper or accountant of the
    store, their nominee or employee, nor has a conflict of interest; (g)(ii) the verifier is
    conversant with the stores verified."""
    for v in verifications:
        subject = f"verification of {v.store}"
        roles = {"custodian": v.custodian, "ledger keeper": v.ledger_keeper}
        roles["accountant"] = v.accountant
        held = [role for role, person in roles.items() if person and person == v.verified_by]
        if v.verified_by in v.nominees:
            held.append("nominee or employee of the store's officers")
        if v.conflict_of_interest:
            held.append("conflict of interest")
        if held:
            yield Finding.of(
                rules.VERIFIER_INDEPENDENT,
                subject,
                f"physical verification entrusted to {v.verified_by}: " + ", ".join(held),
                location=_where(v),
            )
        if not v.conversant:
            yield Finding.of(
                rules.VERIFIER_CONVERSANT,
                subject,
                f"physical verification entrusted to {v.verified_by}, who is not conversant "
                "with the stores",
                location=_where(v),
            )
