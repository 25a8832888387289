"""Budget lines: one classified estimate with the columns of the budget forms.

A :class:`BudgetLine` is one row of Forms BDR (receipts), BDC (current expenditure), BDD
(development expenditure) or of the Public Account details of Form ABS. It carries its Chart
of Accounts classification (entity, object, and for expenditure function, fund and project) and
the columns the forms print: actuals of the last year, budget and revised estimates of the
current year, the budget estimate of the next (budget) year, and the projections for the two
outer years of the medium term (BR-51(4), BR-14(1)).

>>> line = BudgetLine(
...     line_id="EDU-0001", kind=LineKind.CURRENT, entity="ABT-EDU-ED01", object="A01101",
...     function="091101", fund="DF-R-1-012", be_next="1,20,00,000", outer_1="1,30,00,000",
...     outer_2="1,40,00,000", description="Basic pay of officers")
>>> line.charged, line.grant, line.office, str(line.cost_centre)
(False, '012', 'EDU', 'ABT-EDU-ED01')
>>> line.amount(Column.BE_NEXT)
Decimal('12000000')
"""

from __future__ import annotations

import enum
import numbers
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final, TypeVar

import attrs

from kpgov.accounts import (
    ChargedCategory,
    EntityCode,
    EntityLevel,
    ExpenditureClassification,
    FunctionCode,
    FundCode,
    ObjectCode,
    ProjectCode,
    PublicAccountClassification,
    PublicAccountKind,
    ReceiptClassification,
    parse_entity,
    parse_function,
    parse_fund,
    parse_object,
    parse_project,
)
from kpgov.errors import Location, ParseError, ValidationError
from kpgov.money import ZERO, as_amount

__all__ = ["BudgetLine", "Column", "LineKind", "LineStatus", "ReceiptSource"]


class LineKind(enum.Enum):
    """Which part of the budget a line belongs to."""

    RECEIPT = "receipt"  # Forms BDR-1 to 5, ABS part 2
    CURRENT = "current"  # Forms BDC-1 to 7, ABS parts 3-4
    DEVELOPMENT = "development"  # Forms BDD-1 to 3, ABS part 5
    PUBLIC_ACCOUNT = "public_account"  # ABS part 6

    @property
    def is_expenditure(self) -> bool:
        return self in (LineKind.CURRENT, LineKind.DEVELOPMENT)

    @property
    def in_district_fund(self) -> bool:
        return self is not LineKind.PUBLIC_ACCOUNT


class LineStatus(enum.Enum):
    """Existing activity or new expenditure (BR-29; Forms BDC "existing" and "new")."""

    EXISTING = "existing"
    NEW = "new"


class ReceiptSource(enum.Enum):
    """Where a receipt comes from (BR-15(1)(j), LGA-34(1)(a), LGA-34(4))."""

    OWN = "own"  # own-source revenue of the district
    TRANSFER = "transfer"  # fiscal transfers from the Provincial Government (PFC share)
    CONDITIONAL_GRANT = "conditional_grant"  # a conditional grant, shown separately
    PUBLIC_DEBT = "public_debt"  # borrowing, a capital receipt (r.2(1)(l)(iii)); LGA-50(1)
    OTHER = "other"


class Column(enum.Enum):
    """The amount columns of the budget forms, relative to the budget ("next") year."""

    ACTUAL = "actual"  # actuals, last year
    BE_CURRENT = "be_current"  # budget estimates, current year
    RE_CURRENT = "re_current"  # revised estimates, current year
    BE_NEXT = "be_next"  # budget estimates, next (budget) year
    OUTER_1 = "outer_1"  # projection, first outer year of the medium term
    OUTER_2 = "outer_2"  # projection, second outer year

    @property
    def title(self) -> str:
        return _COLUMN_TITLES[self]


_COLUMN_TITLES: Final = {
    Column.ACTUAL: "Actuals (Last Year)",
    Column.BE_CURRENT: "B.E (Current Year)",
    Column.RE_CURRENT: "R.E (Current Year)",
    Column.BE_NEXT: "B.E (Next Year)",
    Column.OUTER_1: "Projection (Year 2)",
    Column.OUTER_2: "Projection (Year 3)",
}


def _opt_function(value: str | FunctionCode | None) -> FunctionCode | None:
    return None if value is None or value == "" else parse_function(value)


def _opt_fund(value: str | FundCode | None) -> FundCode | None:
    return None if value is None or value == "" else parse_fund(value)


def _opt_project(value: str | ProjectCode | None) -> ProjectCode | None:
    return None if value is None or value == "" else parse_project(value)


def _amount(value: Decimal | int | str) -> Decimal:
    """An exact amount; numpy's integers are integers too (binary floats stay refused)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, int):
        value = int(value)
    return as_amount(value)


def _opt_amount(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None or value == "" else _amount(value)


def _opt_account(value: str | PublicAccountKind | None) -> PublicAccountKind | None:
    if isinstance(value, PublicAccountKind):
        return value
    if value is None or value == "":
        return None
    text = str(value).strip().lower().replace("_", " ").replace("-", " ")
    for kind in PublicAccountKind:
        if text in (kind.value, f"{kind.value} account", f"{kind.value} accounts"):
            return kind
    raise ParseError(
        f"{value!r} is not a Public Account major account: expected 'trust' or "
        "'special deposit' (BR-12(7)(b))",
        field="account",
    )


_E = TypeVar("_E", bound=enum.Enum)


def _member(cls: type[_E], value: object, field: str) -> _E:
    if isinstance(value, cls):
        return value
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in cls)
        raise ParseError(
            f"{value!r} is not a valid {field}; expected one of {allowed}", field=field
        ) from None


def _kind(value: str | LineKind) -> LineKind:
    return _member(LineKind, value, "kind")


def _status(value: str | LineStatus) -> LineStatus:
    return _member(LineStatus, value, "status")


def _opt_source(value: str | ReceiptSource | None) -> ReceiptSource | None:
    return None if value is None or value == "" else _member(ReceiptSource, value, "source")


def _opt_charged(value: str | ChargedCategory | None) -> ChargedCategory | None:
    if value is None or value == "":
        return None
    return _member(ChargedCategory, value, "charged_category")


def _opt_text(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    return text or None


def _check_line_id(_instance: object, _attribute: object, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("a budget line needs a non-empty line_id", field="line_id")


def _check_line(instance: BudgetLine) -> None:
    if instance.kind is LineKind.PUBLIC_ACCOUNT and instance.account is None:
        raise ValidationError(
            f"Public Account line {instance.line_id} needs its major account "
            "(trust or special deposit, BR-12(7)(b))",
            field="account",
        )
    if instance.kind is not LineKind.RECEIPT and instance.source is not None:
        raise ValidationError(
            f"line {instance.line_id}: only receipt lines have a source", field="source"
        )
    if instance.source is ReceiptSource.CONDITIONAL_GRANT and not instance.conditional_grant:
        raise ValidationError(
            f"receipt line {instance.line_id} is a conditional grant but does not name it",
            field="conditional_grant",
        )


@attrs.frozen
class BudgetLine:
    """One classified estimate of receipts, expenditure or the Public Account.

    ``entity`` is the cost centre (DDO) for expenditure and the revenue collecting officer
    (RCO) for receipts. ``fund`` carries the sub-fund (charged or voted, current or
    development) and the grant number of expenditure (BR-11(4)(d)). A ``lump_sum`` line is a
    provision not broken down by activity; ``explanation`` records the exceptional
    circumstance that justifies it (BR-15(1)(g), BR-22(1)(c), BR-66(5)). New expenditure
    (``status="new"``) names the ``proposal`` of the Statement of New Expenditure it belongs
    to (BR-29(4)). Outer-year projections are ``None`` when they were not prepared.
    """

    line_id: str = attrs.field(validator=_check_line_id)
    kind: LineKind = attrs.field(converter=_kind)
    entity: EntityCode = attrs.field(converter=parse_entity)
    object: ObjectCode = attrs.field(converter=parse_object)
    function: FunctionCode | None = attrs.field(default=None, converter=_opt_function)
    fund: FundCode | None = attrs.field(default=None, converter=_opt_fund)
    project: ProjectCode | None = attrs.field(default=None, converter=_opt_project)
    account: PublicAccountKind | None = attrs.field(default=None, converter=_opt_account)
    description: str = ""
    status: LineStatus = attrs.field(default=LineStatus.EXISTING, converter=_status)
    proposal: str | None = attrs.field(default=None, converter=_opt_text)
    source: ReceiptSource | None = attrs.field(default=None, converter=_opt_source)
    #: Where the line was read (provenance; ``source`` is the receipt's source, BR-15(1)(j)).
    origin: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    conditional_grant: str | None = attrs.field(default=None, converter=_opt_text)
    charged_category: ChargedCategory | None = attrs.field(default=None, converter=_opt_charged)
    lump_sum: bool = False
    explanation: str | None = attrs.field(default=None, converter=_opt_text)
    actual: Decimal = attrs.field(default=ZERO, converter=_amount)
    be_current: Decimal = attrs.field(default=ZERO, converter=_amount)
    re_current: Decimal = attrs.field(default=ZERO, converter=_amount)
    be_next: Decimal = attrs.field(default=ZERO, converter=_amount)
    outer_1: Decimal | None = attrs.field(default=None, converter=_opt_amount)
    outer_2: Decimal | None = attrs.field(default=None, converter=_opt_amount)

    def __attrs_post_init__(self) -> None:
        _check_line(self)

    def amount(self, column: Column) -> Decimal:
        """The amount in ``column`` (zero for an outer year that was not projected)."""
        value: Decimal | None = getattr(self, column.value)
        return ZERO if value is None else value

    @classmethod
    def trusted(cls, values: tuple[Any, ...], origin: Location | None) -> BudgetLine:
        """A line from ``values`` that a loader has already converted and validated, one per
        field in the order of :data:`TRUSTED_FIELDS` (each exactly what the field's converter
        returns), without running the converters again; the line's own checks still run.

        It exists for bulk loading (issue 12): the budget-lines loader converts each distinct
        cell once and hands the converted values here (:func:`trusted_line` takes them as
        arguments). A property test holds it equal to the ordinary constructor.
        """
        return trusted_line(*values, origin=origin)

    @property
    def charged(self) -> bool:
        """True for expenditure charged on the Fund (sub-funds 4-6, LGA-32(1))."""
        fund = self.fund
        return fund is not None and fund.sub_fund is not None and fund.sub_fund.charged

    @property
    def grant(self) -> str | None:
        """The grant number of the Demand for Grant the line belongs to (from its fund)."""
        return None if self.fund is None else self.fund.grant

    @property
    def office(self) -> str | None:
        """The office part of the entity code (the Head of Offices' office)."""
        return self.entity.office

    @property
    def cost_centre(self) -> EntityCode:
        """The entity down to the cost centre (DDO) or RCO."""
        return self.entity.at(EntityLevel.COST_CENTRE)

    @property
    def classification(
        self,
    ) -> ExpenditureClassification | ReceiptClassification | PublicAccountClassification | None:
        """The line's classification as :mod:`kpgov.accounts` models it, or None when an
        expenditure line lacks the function or fund that classification needs."""
        if self.kind is LineKind.RECEIPT:
            return ReceiptClassification(self.entity, self.object)
        if self.kind is LineKind.PUBLIC_ACCOUNT:
            assert self.account is not None  # the validator requires it
            return PublicAccountClassification(self.object, self.account)
        if self.function is None or self.fund is None:
            return None
        return ExpenditureClassification(
            self.entity, self.function, self.object, self.fund, self.project
        )


#: The fields :meth:`BudgetLine.trusted` takes, in order: every field but the provenance.
TRUSTED_FIELDS: Final = tuple(f.name for f in attrs.fields(BudgetLine) if f.name != "origin")


def _trusted_factory() -> Callable[..., BudgetLine]:
    """Generate :func:`trusted_line`: one slot store a field, no converters (as attrs itself
    generates ``__init__``)."""
    names = (*TRUSTED_FIELDS, "origin")
    stores = "\n".join(f"    _store_{name}(line, {name})" for name in names)
    source = (
        f"def trusted_line({', '.join(TRUSTED_FIELDS)}, origin=None):\n"
        f"    line = _new(BudgetLine)\n{stores}\n    _check_line(line)\n    return line\n"
    )
    namespace: dict[str, Any] = {
        "_new": object.__new__,
        "BudgetLine": BudgetLine,
        "_check_line": _check_line,
    }
    for name in names:
        namespace[f"_store_{name}"] = BudgetLine.__dict__[name].__set__
    exec(
        compile(source, "<kpgov trusted BudgetLine>", "exec"), namespace
    )  # generated from field names only
    made: Callable[..., BudgetLine] = namespace["trusted_line"]
    made.__doc__ = "A BudgetLine from converted values, positionally (see BudgetLine.trusted)."
    return made


#: A BudgetLine from already converted values given as arguments in the order of
#: :data:`TRUSTED_FIELDS`, and ``origin``; see :meth:`BudgetLine.trusted`.
trusted_line: Final = _trusted_factory()
