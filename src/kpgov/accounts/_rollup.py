"""Exact roll-ups of classified amounts by any level of the object, function, entity or fund
element.

The data path is built for volume: amounts are first summed per distinct code (one dict update
per line, on the code itself, no per-line objects), and only the few distinct codes are then
parsed and lifted to the requested level. Sums are exact: they run in a decimal context with
ample precision that traps any inexact result, so a total is never silently rounded, and a
roll-up's total is by construction the sum of its groups.

A line classified above the requested level (a minor head, rolled up by detailed head) stays in
a group of its own code: it is never spread over heads it does not name.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Generic, TypeVar, overload

import attrs

from kpgov import _display
from kpgov.accounts._classification import (
    ExpenditureClassification,
    PublicAccountClassification,
    ReceiptClassification,
)
from kpgov.accounts._codes import (  # the text fast path
    EntityCode,
    EntityLevel,
    FunctionCode,
    FunctionLevel,
    FundCode,
    FundLevel,
    ObjectCode,
    ObjectLevel,
    _canonical_function,
    _canonical_object,
    parse_entity,
    parse_function,
    parse_fund,
    parse_object,
)
from kpgov.errors import ParseError, ValidationError
from kpgov.money import MONEY_CONTEXT, ZERO, format_amount, money_context, plain_amount

__all__ = ["Rollup", "roll_up", "roll_up_columns", "roll_up_lines"]

K = TypeVar("K", ObjectCode, FunctionCode, EntityCode, FundCode)
Level = ObjectLevel | FunctionLevel | EntityLevel | FundLevel
RollCode = ObjectCode | FunctionCode | EntityCode | FundCode


def _exact_context() -> decimal.Context:
    """kpgov's money context (:func:`kpgov.money.money_context`): additions are exact, and an
    inexact sum would raise decimal.Inexact instead of rounding."""
    return money_context()


def _parser(level: Level) -> Callable[[Any], RollCode]:
    if isinstance(level, ObjectLevel):
        return parse_object
    if isinstance(level, FunctionLevel):
        return parse_function
    if isinstance(level, EntityLevel):
        return parse_entity
    if isinstance(level, FundLevel):
        return parse_fund
    raise ValidationError(
        f"roll-ups group by an ObjectLevel, FunctionLevel, EntityLevel or FundLevel, not {level!r}"
    )


def _sorted_totals(totals: Mapping[K, Decimal]) -> Mapping[K, Decimal]:
    return MappingProxyType(dict(sorted(totals.items())))


@attrs.frozen
class Rollup(Generic[K]):
    """Totals by code at one level, and their grand total (always the exact sum of the groups).

    >>> r = roll_up([("A01101", Decimal("100.50")), ("a-01202", 20), ("A03201", Decimal("5"))],
    ...             ObjectLevel.MINOR)
    >>> {str(code): amount for code, amount in r.items()}
    {'A011': Decimal('100.50'), 'A012': Decimal('20'), 'A032': Decimal('5')}
    >>> r.total, r["a-011"], r.regroup(ObjectLevel.MAJOR)["A01"]
    (Decimal('125.50'), Decimal('100.50'), Decimal('120.50'))
    """

    level: ObjectLevel | FunctionLevel | EntityLevel | FundLevel
    totals: Mapping[K, Decimal] = attrs.field(converter=_sorted_totals)
    total: Decimal = attrs.field()

    @total.default
    def _sum_of_groups(self) -> Decimal:
        with decimal.localcontext(_exact_context()):
            return sum(self.totals.values(), ZERO)

    def __attrs_post_init__(self) -> None:
        with decimal.localcontext(_exact_context()):
            parts = sum(self.totals.values(), ZERO)
        if parts != self.total:
            raise ValidationError(
                f"a roll-up's total {self.total} is not the sum of its groups ({parts})"
            )

    def __getitem__(self, code: K | str) -> Decimal:
        key = _parser(self.level)(code)
        try:
            return self.totals[key]  # type: ignore[index]  # key has the roll-up's code type
        except KeyError:
            raise KeyError(str(key)) from None

    def get(self, code: K | str, default: Decimal = ZERO) -> Decimal:
        try:
            return self[code]
        except KeyError:
            return default

    def __iter__(self) -> Iterator[K]:
        return iter(self.totals)

    def __len__(self) -> int:
        return len(self.totals)

    def items(self) -> Iterable[tuple[K, Decimal]]:
        return self.totals.items()

    def regroup(self, level: ObjectLevel | FunctionLevel | EntityLevel | FundLevel) -> Rollup[K]:
        """Roll these totals further up (or keep them, for a level at or below this one).

        Regrouping is exact: rolling up to minor and then to major gives the same totals as
        rolling up to major directly.
        """
        if type(level) is not type(self.level):
            raise ValidationError(
                f"cannot regroup a {type(self.level).__name__} roll-up by a {type(level).__name__}"
            )
        return roll_up(self.totals.items(), level)  # type: ignore[arg-type, return-value]  # same element

    def to_dict(self) -> dict[str, str]:
        """Plain ``{code: amount}`` text, amounts as exact plain decimal strings (no exponent,
        no grouping: docs/conventions.md, numeric output)."""
        return {str(code): plain_amount(amount) for code, amount in self.totals.items()}

    def __repr__(self) -> str:
        subject = f"by {type(self.level).__name__}.{self.level.name}, total {self.total}"
        return _display.short("Rollup", subject, count=len(self), noun="group")

    def _table(self) -> _display.Table:
        return _display.Table(
            f"Roll-up by {type(self.level).__name__}.{self.level.name}",
            ("code", "amount"),
            self.totals.items(),
            cells=lambda item: (item[0], format_amount(item[1])),
            numeric=(1,),
            footer=[("Total", format_amount(self.total))],
        )

    def _repr_html_(self) -> str:
        return _display.join_html(self._table())

    def _repr_markdown_(self) -> str:
        return _display.join_markdown(self._table())


@overload
def roll_up(
    items: Iterable[tuple[ObjectCode | str, Decimal | int]], level: ObjectLevel
) -> Rollup[ObjectCode]: ...
@overload
def roll_up(
    items: Iterable[tuple[FunctionCode | str, Decimal | int]], level: FunctionLevel
) -> Rollup[FunctionCode]: ...
@overload
def roll_up(
    items: Iterable[tuple[EntityCode | str, Decimal | int]], level: EntityLevel
) -> Rollup[EntityCode]: ...
@overload
def roll_up(
    items: Iterable[tuple[FundCode | str, Decimal | int]], level: FundLevel
) -> Rollup[FundCode]: ...
def roll_up(items: Iterable[tuple[Any, Decimal | int]], level: Level) -> Rollup[Any]:
    """Sum ``(code, amount)`` pairs by the head of each code at ``level``.

    Codes may be code values or text (read with the element's ``parse_*``); amounts are
    Decimal or int (binary floating-point numbers are refused).
    """
    acc: dict[str, Decimal] = {}
    get = acc.get
    with decimal.localcontext(_exact_context()):
        try:
            for code, amount in items:
                key = code if code.__class__ is str else code.code  # text: hashes fastest
                acc[key] = get(key, ZERO) + amount
        except TypeError as exc:
            raise _bad_amount(exc) from None
        except AttributeError:
            raise _bad_code() from None
        except decimal.DecimalException as exc:
            raise _not_exact(exc) from None
    return _lift(acc, level)


@overload
def roll_up_columns(
    codes: Iterable[ObjectCode | str], amounts: Iterable[Decimal | int], level: ObjectLevel
) -> Rollup[ObjectCode]: ...
@overload
def roll_up_columns(
    codes: Iterable[FunctionCode | str], amounts: Iterable[Decimal | int], level: FunctionLevel
) -> Rollup[FunctionCode]: ...
@overload
def roll_up_columns(
    codes: Iterable[EntityCode | str], amounts: Iterable[Decimal | int], level: EntityLevel
) -> Rollup[EntityCode]: ...
@overload
def roll_up_columns(
    codes: Iterable[FundCode | str], amounts: Iterable[Decimal | int], level: FundLevel
) -> Rollup[FundCode]: ...
def roll_up_columns(
    codes: Iterable[Any], amounts: Iterable[Decimal | int], level: Level
) -> Rollup[Any]:
    """Like :func:`roll_up`, for data held as two columns of equal length (the fast path for
    large tables: a column of code text and a column of Decimal amounts).

    >>> r = roll_up_columns(["011105", "011106", "019101"], [Decimal(7), Decimal(3), Decimal(1)],
    ...                     FunctionLevel.MINOR)
    >>> r.to_dict(), r.total
    ({'011': '10', '019': '1'}, Decimal('11'))
    """
    acc: dict[str, Decimal] = {}
    get = acc.get
    with decimal.localcontext(_exact_context()):
        try:
            for code, amount in zip(codes, amounts, strict=True):
                key = code if code.__class__ is str else code.code  # text: hashes fastest
                acc[key] = get(key, ZERO) + amount
        except TypeError as exc:
            raise _bad_amount(exc) from None
        except AttributeError:
            raise _bad_code() from None
        except decimal.DecimalException as exc:
            raise _not_exact(exc) from None
        except ValueError as exc:  # zip(strict=True): the columns differ in length
            raise ValidationError(f"codes and amounts differ in length: {exc}") from None
    return _lift(acc, level)


def _not_exact(exc: decimal.DecimalException) -> ValidationError:
    return ValidationError(
        f"a roll-up sum cannot be held exactly in {MONEY_CONTEXT.prec} digits "
        f"({type(exc).__name__})",
        field="amount",
    )


def _bad_code() -> ParseError:
    return ParseError(
        "roll-up codes must be object, function, entity or fund codes or their text", field="code"
    )


def _bad_amount(exc: TypeError) -> ValidationError:
    return ValidationError(
        f"roll-up amounts must be Decimal or int, never binary floating point: {exc}",
        field="amount",
    )


def _lift(acc: Mapping[str, Decimal], level: Level) -> Rollup[Any]:
    """Lift per-code sums to ``level``: each distinct code is read once; object and function
    heads are prefixes of the canonical text, so only the distinct heads become code values."""
    try:
        if isinstance(level, ObjectLevel | FunctionLevel):
            canonical = _canonical_object if isinstance(level, ObjectLevel) else _canonical_function
            cut = level.length
            by_text: dict[str, Decimal] = {}
            with decimal.localcontext(_exact_context()):
                for raw, amount in acc.items():
                    head = canonical(raw)[:cut]
                    by_text[head] = by_text.get(head, ZERO) + amount
            make = ObjectCode if isinstance(level, ObjectLevel) else FunctionCode
            return Rollup(level, {make(text): amount for text, amount in by_text.items()})
        parse = _parser(level)
        heads: dict[RollCode, Decimal] = {}
        with decimal.localcontext(_exact_context()):
            for raw, amount in acc.items():
                code = parse(raw).at(level)  # type: ignore[arg-type]  # level matches the parser
                heads[code] = heads.get(code, ZERO) + amount
        return Rollup(level, heads)
    except ParseError as exc:
        raise ParseError(f"cannot roll up: {exc.message}", field="code") from None


_ELEMENT_OF_LEVEL = {
    ObjectLevel: "object",
    FunctionLevel: "function",
    EntityLevel: "entity",
    FundLevel: "fund",
}


T = TypeVar("T")


def roll_up_lines(
    lines: Iterable[T],
    level: Level,
    *,
    classification: Callable[[T], object] = lambda line: getattr(line, "classification"),  # noqa: B009  # the attribute name is the documented default
    amount: Callable[[T], Decimal | int] = lambda line: getattr(line, "amount"),  # noqa: B009  # same
) -> Rollup[Any]:
    """Roll up lines that carry a classification and an amount (by default the attributes
    ``.classification`` and ``.amount``), by the element that ``level`` belongs to.

    >>> import attrs
    >>> @attrs.frozen
    ... class Line:
    ...     classification: ExpenditureClassification
    ...     amount: Decimal
    >>> lines = [Line(ExpenditureClassification("PSH-EDU-PR12", "011105", "A01101", "DF-R-1-001"),
    ...               Decimal("10")),
    ...          Line(ExpenditureClassification("PSH-HLT-PR13", "073101", "A01202", "DF-R-1-001"),
    ...               Decimal("2.5"))]
    >>> roll_up_lines(lines, EntityLevel.OFFICE).to_dict()
    {'PSH-EDU': '10', 'PSH-HLT': '2.5'}
    """
    name = _ELEMENT_OF_LEVEL.get(type(level))
    if name is None:
        _parser(level)  # raises the explanatory error
    pairs: list[tuple[Any, Decimal | int]] = []
    for line in lines:
        c = classification(line)
        if not isinstance(
            c, ExpenditureClassification | ReceiptClassification | PublicAccountClassification
        ):
            raise ValidationError(f"{c!r} is not a classification", field="classification")
        code = getattr(c, name or "object", None)
        if code is None:
            raise ValidationError(
                f"a {type(c).__name__} has no {name} element to roll up by", field=name
            )
        pairs.append((code, amount(line)))
    return roll_up(pairs, level)
