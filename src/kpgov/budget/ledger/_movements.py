"""Ledger movements: the frozen values an appropriation ledger is a fold over.

A movement is one event of the year's budget execution: the appropriation of the Schedule of
Authorized Expenditure (BR-67), a re-appropriation (BR-85), a supplementary grant (BR-86), a
surrender, a release of funds (BR-68(6)), a month's expenditure, a receipt into the district's
Account IV or the Public Account, or a Public Account withdrawal. Movements are only ever
appended; a correction is a new movement (a negative expenditure, a re-appropriation back).

>>> from datetime import date
>>> head = AppropriationHead.parse("DF-R-1-012", "PSH-EDU-PR12", "A03201")
>>> Expenditure(date(2016, 8, 31), head, "12,500")  # doctest: +ELLIPSIS
Expenditure(on=datetime.date(2016, 8, 31), head=..., amount=Decimal('12500'), reference='', ...)
>>> Surrender(date(2017, 3, 1), head, Decimal(-5))
Traceback (most recent call last):
...
kpgov.errors.ValidationError: field 'amount': a surrender amount must be positive, not -5
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

import attrs

from kpgov.accounts import (
    EntityCode,
    EntityLevel,
    FundCode,
    FundKind,
    FundLevel,
    ObjectCode,
    ObjectLevel,
    parse_entity,
    parse_fund,
    parse_object,
)
from kpgov.errors import Location, Sourced, ValidationError
from kpgov.money import as_amount

__all__ = [
    "Appropriation",
    "AppropriationHead",
    "Authority",
    "CashAccount",
    "Expenditure",
    "Movement",
    "Office",
    "PublicAccountBalance",
    "ReAppropriation",
    "Receipt",
    "Release",
    "SupplementaryGrant",
    "Surrender",
    "Withdrawal",
]


def _check_head(instance: AppropriationHead, _attribute: object, _value: ObjectCode) -> None:
    grant, ddo, obj = instance.grant, instance.ddo, instance.object
    if not isinstance(grant, FundCode) or (
        grant.fund is FundKind.DISTRICT_FUND and grant.level is not FundLevel.GRANT
    ):
        raise ValidationError(
            f"a head's grant is a District Fund code down to the grant number (as in "
            f"DF-R-1-012) or a Public Account code, not {grant!r}",
            field="grant",
        )
    if not isinstance(ddo, EntityCode) or ddo.level is not EntityLevel.COST_CENTRE:
        raise ValidationError(
            f"a head's DDO is an entity code down to the cost centre (as in PSH-EDU-PR12), "
            f"not {ddo!r}",
            field="ddo",
        )
    if not isinstance(obj, ObjectCode) or obj.level is not ObjectLevel.DETAILED:
        raise ValidationError(
            f"a head's object is a detailed object code (as in A03201), not {obj!r}",
            field="object",
        )


@attrs.frozen(order=True, cache_hash=True, repr=False)
class AppropriationHead:
    """Where an appropriation is held: a grant (the fund code down to the grant number, the
    unit of re-appropriation of BR-85(1)), a cost centre (DDO) and a detailed object.

    >>> head = AppropriationHead.parse("DF-R-1-012", "PSH-EDU-PR12", "A03201")
    >>> str(head), head.development, head.public_account
    ('DF-R-1-012 / PSH-EDU-PR12 / A03201', False, False)
    """

    grant: FundCode
    ddo: EntityCode
    object: ObjectCode = attrs.field(validator=_check_head)
    #: The head as one string (``"DF-R-1-012|PSH-EDU-PR12|A03201"``): equal heads have equal
    #: keys, and a string's hash is cached, so folds over a million movements key by it.
    key: str = attrs.field(init=False, eq=False, order=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "key", f"{self.grant}|{self.ddo}|{self.object}")

    @classmethod
    def parse(cls, grant: str, ddo: str, obj: str) -> AppropriationHead:
        """Read a head from the text of its three codes."""
        return cls(parse_fund(grant), parse_entity(ddo), parse_object(obj))

    def __repr__(self) -> str:
        return f"AppropriationHead({str(self)!r})"

    def __str__(self) -> str:
        return f"{self.grant} / {self.ddo} / {self.object}"

    @property
    def public_account(self) -> bool:
        """True for a Public Account head, which can never be appropriated (BR-12(3))."""
        return self.grant.fund is FundKind.PUBLIC_ACCOUNT

    @property
    def development(self) -> bool:
        """True under a development sub-fund (reported in Form BM-6 instead of BM-2)."""
        return bool(self.grant.development)


class Authority(enum.Enum):
    """Who sanctioned or processed a re-appropriation (BR-85(2)-(4))."""

    DDO = "DDO"
    HEAD_OF_OFFICES = "Head of Offices"
    DO_FINANCE_PLANNING = "District Officer Finance and Planning"
    PRINCIPAL_ACCOUNTING_OFFICER = "Principal Accounting Officer"
    NAZIM = "Nazim"


class Office(enum.Enum):
    """Offices a re-appropriation order is copied to (BR-85(3))."""

    HEAD_OF_OFFICES = "Head of Offices"
    DO_FINANCE_PLANNING = "District Officer Finance and Planning"
    DISTRICT_ACCOUNTS_OFFICER = "District Accounts Officer"


class CashAccount(enum.Enum):
    """The district's two cash accounts: the District Fund in Account IV, and the Public
    Account (BR-12), whose balances do not lapse."""

    DISTRICT_FUND = "district fund"
    PUBLIC_ACCOUNT = "public account"


def _positive(kind: str) -> Callable[[object, attrs.Attribute[Decimal], Decimal], None]:
    def check(_instance: object, _attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
        if value <= 0:
            raise ValidationError(f"a {kind} amount must be positive, not {value}", field="amount")

    return check


def _nonzero(_instance: object, _attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if value == 0:
        raise ValidationError("an expenditure of zero records nothing", field="amount")


def _offices(value: Iterable[Office]) -> tuple[Office, ...]:
    """The offices copied, each once, in the order :class:`Office` lists them."""
    given = set(value)
    return tuple(office for office in Office if office in given)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"expected text, not {value!r}")
    return value.strip()


@attrs.frozen
class Appropriation(Sourced):
    """A sum of the Schedule of Authorized Expenditure for one head (BR-67, BR-68(1))."""

    on: date
    head: AppropriationHead
    amount: Decimal = attrs.field(converter=as_amount, validator=_positive("appropriation"))
    reference: str = attrs.field(default="", converter=_text)


@attrs.frozen
class ReAppropriation:
    """A transfer of savings from one head to another (BR-85), sanctioned by ``authority``
    under order ``order``, copied to ``copies_to`` (BR-85(3)), after consulting the district
    finance office where the grant is earmarked (``finance_consulted``, RoB-16(1)(c))."""

    on: date
    source: AppropriationHead
    #: Where the movement was read (provenance; ``source`` is the head the savings leave).
    origin: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    target: AppropriationHead
    amount: Decimal = attrs.field(converter=as_amount, validator=_positive("re-appropriation"))
    authority: Authority = Authority.DDO
    order: str = attrs.field(default="", converter=_text)
    copies_to: tuple[Office, ...] = attrs.field(default=(), converter=_offices)
    #: The district finance office was consulted first (Rules of Business 16(1)(c)).
    finance_consulted: bool = False


@attrs.frozen
class SupplementaryGrant(Sourced):
    """Additional funds approved by the District Council (BR-79(2), BR-86).

    ``council_approval`` references the Council's resolution and ``approved_on`` dates it;
    ``budgetary_cover`` is the cover the proposal names (savings, additional receipts), if any;
    ``note`` is the explanatory note of BR-86(2).
    """

    on: date
    head: AppropriationHead
    amount: Decimal = attrs.field(converter=as_amount, validator=_positive("supplementary grant"))
    council_approval: str = attrs.field(default="", converter=_text)
    budgetary_cover: Decimal | None = attrs.field(
        default=None,
        converter=attrs.converters.optional(as_amount),
    )
    note: str = attrs.field(default="", converter=_text)
    #: The date of the Council's resolution: before the additional expenditure (BR-79(2)).
    approved_on: date | None = None


@attrs.frozen
class Surrender(Sourced):
    """Savings given up before the year ends (BR-82, Form BM-13)."""

    on: date
    head: AppropriationHead
    amount: Decimal = attrs.field(converter=as_amount, validator=_positive("surrender"))
    reference: str = attrs.field(default="", converter=_text)


@attrs.frozen
class Release(Sourced):
    """Funds released to a head through IFMIS after the funds came into Account IV on
    ``funds_received_on`` (BR-68(6))."""

    on: date
    head: AppropriationHead
    amount: Decimal = attrs.field(converter=as_amount, validator=_positive("release"))
    funds_received_on: date | None = None
    reference: str = attrs.field(default="", converter=_text)

    def __attrs_post_init__(self) -> None:
        if self.funds_received_on is not None and self.funds_received_on > self.on:
            raise ValidationError(
                f"funds released on {self.on} cannot have been received later, on "
                f"{self.funds_received_on}",
                field="funds_received_on",
            )


@attrs.frozen
class Expenditure(Sourced):
    """Expenditure booked against a head (a month's reconciled total or a voucher); a negative
    amount is a recovery or a correction (BR-80(3)). ``sanction`` names the general or special
    order of the Nazim that sanctioned it (BR-75(1))."""

    on: date
    head: AppropriationHead
    amount: Decimal = attrs.field(converter=as_amount, validator=_nonzero)
    reference: str = attrs.field(default="", converter=_text)
    sanction: str = attrs.field(default="", converter=_text)


@attrs.frozen
class Receipt:
    """Money credited to a cash account on ``on``; ``realized_on`` is when it was received
    (BR-69(2)(a), BR-71). ``from_government`` marks a fiscal transfer into Account IV, which
    must be released within three days (BR-68(6)).

    A Public Account receipt names the Public Account ``public_head`` it is credited to and the
    ``purpose`` for which the money is deposited, the only purpose it may be withdrawn for
    (BR-12(4)); a repayment of expenditure from a Public Account head names that head in
    ``repays`` and must be credited to it (BR-12(5))."""

    on: date
    amount: Decimal = attrs.field(converter=as_amount, validator=_positive("receipt"))
    account: CashAccount = CashAccount.DISTRICT_FUND
    source: str = attrs.field(default="", converter=_text)
    #: Where the movement was read (provenance; ``source`` names who paid the money in).
    origin: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    from_government: bool = False
    realized_on: date | None = None
    explanation: str = attrs.field(default="", converter=_text)
    public_head: str = attrs.field(default="", converter=_text)
    purpose: str = attrs.field(default="", converter=_text)
    repays: str = attrs.field(default="", converter=_text)

    def __attrs_post_init__(self) -> None:
        if self.realized_on is not None and self.realized_on > self.on:
            raise ValidationError(
                f"money credited on {self.on} cannot have been realized later, on "
                f"{self.realized_on}",
                field="realized_on",
            )


@attrs.frozen
class Withdrawal(Sourced):
    """A payment out of the Public Account head ``public_head`` for ``purpose``, which must be
    the purpose for which the funds were deposited there (BR-12(4))."""

    on: date
    amount: Decimal = attrs.field(converter=as_amount, validator=_positive("withdrawal"))
    purpose: str = attrs.field(default="", converter=_text)
    public_head: str = attrs.field(default="", converter=_text)


@attrs.frozen
class PublicAccountBalance:
    """Money held in a Public Account head for one purpose: what may be withdrawn for that
    purpose alone (BR-12(4)), carried forward from year to year (BR-12(6))."""

    public_head: str = attrs.field(converter=_text)
    purpose: str = attrs.field(converter=_text)
    amount: Decimal = attrs.field(converter=as_amount)


#: Any ledger movement.
Movement = (
    Appropriation
    | ReAppropriation
    | SupplementaryGrant
    | Surrender
    | Release
    | Expenditure
    | Receipt
    | Withdrawal
)
