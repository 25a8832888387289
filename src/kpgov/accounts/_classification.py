"""The three classifications of the Budget Rules: expenditure, receipts and Public Account.

Each field accepts a code value or the text people type (read with the ``parse_*`` functions).
The classes only hold well-formed codes; whether a classification obeys BR-11/BR-12 (the
right family, deep enough, a project for development lines ...) is answered by the checks in
:mod:`kpgov.accounts`, which yield findings instead of raising.
"""

from __future__ import annotations

import enum

import attrs

from kpgov.accounts._codes import (
    EntityCode,
    Family,
    FunctionCode,
    FundCode,
    ObjectCode,
    ProjectCode,
    parse_entity,
    parse_function,
    parse_fund,
    parse_object,
    parse_project,
)
from kpgov.errors import ParseError

__all__ = [
    "ChargedCategory",
    "ExpenditureClassification",
    "PublicAccountClassification",
    "PublicAccountKind",
    "ReceiptClassification",
]


def _optional_project(value: str | ProjectCode | None) -> ProjectCode | None:
    return None if value is None or value == "" else parse_project(value)


@attrs.frozen
class ExpenditureClassification:
    """How BR-11(4) classifies expenditure of the District Fund: entity (cost centre),
    function, object, fund and, for development expenditure, the project (BR-11(4)(e)).

    >>> c = ExpenditureClassification("PSH-EDU-PR12", "091101", "A01101", "DF-R-1-012")
    >>> str(c)
    'PSH-EDU-PR12 / 091101 / A01101 / DF-R-1-012'
    >>> c.object.family.value
    'expenditure'
    """

    entity: EntityCode = attrs.field(converter=parse_entity)
    function: FunctionCode = attrs.field(converter=parse_function)
    object: ObjectCode = attrs.field(converter=parse_object)
    fund: FundCode = attrs.field(converter=parse_fund)
    project: ProjectCode | None = attrs.field(default=None, converter=_optional_project)

    def __str__(self) -> str:
        parts = [str(self.entity), str(self.function), str(self.object), str(self.fund)]
        if self.project is not None:
            parts.append(str(self.project))
        return " / ".join(parts)


@attrs.frozen
class ReceiptClassification:
    """How BR-11(3) classifies receipts of the District Fund: the entity (down to the revenue
    collecting officer, RCO) and the object (a tax, non-tax or capital receipt head).

    >>> c = ReceiptClassification("PSH-REV-RC01", "C02")
    >>> str(c), c.family.value
    ('PSH-REV-RC01 / C02', 'non-tax receipt')
    """

    entity: EntityCode = attrs.field(converter=parse_entity)
    object: ObjectCode = attrs.field(converter=parse_object)

    @property
    def family(self) -> Family:
        """The broad class of BR-11(3)(b), from the object's letter."""
        return self.object.family

    def __str__(self) -> str:
        return f"{self.entity} / {self.object}"


class PublicAccountKind(enum.Enum):
    """The major accounts of the Public Account (BR-12(7)(b))."""

    TRUST = "trust"
    SPECIAL_DEPOSIT = "special deposit"


def _account_kind(value: str | PublicAccountKind) -> PublicAccountKind:
    if isinstance(value, PublicAccountKind):
        return value
    text = str(value).strip().lower().replace("_", " ").replace("-", " ")
    text = text.removesuffix(" account").removesuffix(" accounts")
    for kind in PublicAccountKind:
        if text == kind.value:
            return kind
    raise ParseError(
        f"{value!r} is not a Public Account major account: expected 'trust' or "
        "'special deposit' (BR-12(7)(b))"
    )


@attrs.frozen
class PublicAccountClassification:
    """How BR-12(7) classifies receipts and payments of the Public Account: the object, the
    major account (trust or special deposit) and, from the object's family, the broad class
    (asset, liability or equity).

    >>> c = PublicAccountClassification("G12145", "special deposit")
    >>> c.nature.value, c.account.value
    ('liability', 'special deposit')
    """

    object: ObjectCode = attrs.field(converter=parse_object)
    account: PublicAccountKind = attrs.field(converter=_account_kind)

    @property
    def nature(self) -> Family:
        """The broad class of BR-12(7)(c), told by the object's family letter (F, G or H for a
        well-classified line; any other family is reported by the BR-12(7)(c) check)."""
        return self.object.family

    def __str__(self) -> str:
        return f"{self.object} / {self.account.value}"


class ChargedCategory(enum.Enum):
    """The expenditure charged on the Fund by LGA-32(1), clauses (a) to (d)."""

    DEBT_REPAYMENT = "a"
    JUDGMENT = "b"
    GOVERNMENT_CONTRIBUTION = "c"
    DECLARED_BY_GOVERNMENT = "d"

    @property
    def description(self) -> str:
        return _CHARGED_TEXT[self]


_CHARGED_TEXT = {
    ChargedCategory.DEBT_REPAYMENT: "such sums as are required for repayment of debt",
    ChargedCategory.JUDGMENT: "any sum required to satisfy any judgment, decree or award against "
    "the local government by any Court or Tribunal",
    ChargedCategory.GOVERNMENT_CONTRIBUTION: "such sums as the local government may be required "
    "by Government to contribute towards the conduct of elections, the maintenance of specified "
    "group of functionaries and the auditing of accounts",
    ChargedCategory.DECLARED_BY_GOVERNMENT: "any expenditure declared by Government to be so "
    "charged",
}
