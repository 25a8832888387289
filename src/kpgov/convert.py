"""The one cattrs converter: every structure/unstructure in kpgov goes through it.

Decimals travel as strings (never floats), dates as ISO text, financial years and months by
their labels, enums by value; unknown keys are an error. Failures become a
:class:`~kpgov.errors.ParseError` naming the path of the bad value.

>>> import attrs
>>> @attrs.frozen
... class Line:
...     amount: Decimal
...     year: FinancialYear
>>> structure({"amount": "1200.50", "year": "2016-17"}, Line)
Line(amount=Decimal('1200.50'), year=FinancialYear(2016))
>>> unstructure(Line(Decimal("5"), FinancialYear(2016)))
{'amount': '5', 'year': '2016-17'}
>>> structure({"amount": "12x", "year": "2016-17"}, Line)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kpgov.errors.ParseError: field '$.amount': not an amount: '12x' (unknown unit 'x')
>>> structure({"amount": "1", "year": "2016-17", "colour": "red"}, Line)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kpgov.errors.ParseError: field '$.colour': unknown key ...
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from types import UnionType
from typing import Any, Final, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, list_structure_factory
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from kpgov.errors import KpgovError, LoadError, ParseError, is_provenance
from kpgov.money import as_amount
from kpgov.periods import FinancialYear, Month

__all__ = [
    "MOVEMENT_TAGS",
    "converter",
    "make_converter",
    "register_text_type",
    "structure",
    "structure_all",
    "unstructure",
]

T = TypeVar("T")


def _structure_decimal(value: object, _type: type) -> Decimal:
    if isinstance(value, float):  # float-ok: refusing floats is the point
        raise ParseError(f"amounts are written as text or integers, not floats (got {value!r})")
    return as_amount(value)  # type: ignore[arg-type]  # as_amount refuses other types itself


def _structure_date(value: object, _type: type) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ParseError(f"a date is ISO text such as '2016-07-01', not {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ParseError(f"not an ISO date: {value!r} (expected e.g. '2016-07-01')") from None


def _structure_enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    if isinstance(value, cls):
        return value
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(repr(member.value) for member in cls)
        raise ParseError(
            f"{value!r} is not a valid {cls.__name__}; expected one of {allowed}"
        ) from None


def _is_set_type(cls: object) -> bool:
    return cls in (set, frozenset) or get_origin(cls) in (set, frozenset)


def _sorted_members(conv: cattrs.Converter, members: Iterable[object]) -> list[Any]:
    """Sets travel as lists in a stable order, so equal sets give identical JSON."""
    return sorted((conv.unstructure(m) for m in members), key=lambda m: (type(m).__name__, str(m)))


def _is_period_union(cls: object) -> bool:
    """``Month | FinancialYear`` (either order): a reporting period, monthly or yearly."""
    return get_origin(cls) in (Union, UnionType) and set(get_args(cls)) == {Month, FinancialYear}


def _structure_period(value: object, _type: object) -> Month | FinancialYear:
    """A month (``"2019-08"``) or a financial year (``"2019-20"``), told apart by the label."""
    if isinstance(value, Month | FinancialYear):
        return value
    if not isinstance(value, str):
        raise ParseError(f"a period is a month ('2019-08') or a year ('2019-20'), not {value!r}")
    try:
        return Month.parse(value)
    except ParseError:
        pass
    try:
        return FinancialYear.parse(value)
    except ParseError:
        raise ParseError(
            f"not a period: {value!r} (expected a month such as '2019-08' or a financial year "
            "such as '2019-20')"
        ) from None


def register_text_type(conv: cattrs.Converter, cls: type[T], parse: Callable[[str], T]) -> None:
    """Store values of ``cls`` as their ``str()`` and read them back with ``parse``."""

    def _structure(value: object, _type: type) -> T:
        if isinstance(value, cls):
            return value
        if not isinstance(value, str):
            raise ParseError(f"expected {cls.__name__} as text, got {value!r}")
        return parse(value)

    conv.register_structure_hook(cls, _structure)
    conv.register_unstructure_hook(cls, str)


def make_converter() -> cattrs.Converter:
    """Build kpgov's converter. Use :data:`converter`; build your own only to extend it."""
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Decimal, str)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _structure_enum
    )
    conv.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), lambda member: member.value
    )
    register_text_type(conv, FinancialYear, FinancialYear.parse)
    register_text_type(conv, Month, Month.parse)
    conv.register_structure_hook_func(_is_period_union, _structure_period)
    conv.register_unstructure_hook_func(
        _is_set_type, lambda members: _sorted_members(conv, members)
    )
    _register_domain_types(conv)
    _register_provenance(conv)
    _register_strict_scalars(conv)
    _register_strict_collections(conv)
    return conv


def _strict_bool(value: object, _type: type) -> bool:
    if isinstance(value, bool):
        return value
    raise ParseError(f"expected true or false, got {_shown(value)}")


#: The largest whole number a record's integer field takes (a count, a year): far beyond any.
_MAX_INT: Final = 10**18


def _strict_int(value: object, _type: type) -> int:
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        value = int(value) if value.adjusted() < 19 else _MAX_INT + 1  # 4.0 is 4
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > _MAX_INT:
            raise ParseError(f"a whole number of at most {_MAX_INT:,} in size is expected")
        return value
    raise ParseError(f"expected a whole number, got {_shown(value)}")


def _strict_str(value: object, _type: type) -> str:
    if isinstance(value, str):
        return value
    raise ParseError(f"expected text, got {_shown(value)}")


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _is_homogeneous_collection(cls: object) -> bool:
    origin = get_origin(cls)
    if origin in (list, set, frozenset):
        return True
    return origin is tuple and len(get_args(cls)) == 2 and get_args(cls)[1] is Ellipsis


def _register_strict_collections(conv: cattrs.Converter) -> None:
    """A list, tuple or set is read from a JSON array only: cattrs would iterate an object's
    keys, or a text's characters, and read ``{}`` as an empty tuple. The JSON Schema says
    "array"."""

    def factory(cls: Any) -> Callable[[Any, Any], Any]:
        origin = get_origin(cls)
        inner: Callable[[Any, Any], Any]
        if origin is tuple:
            inner = homogenous_tuple_structure_factory(cls, conv)
        elif origin is list:
            inner = list_structure_factory(cls, conv)
        elif origin is set:
            inner = conv._structure_set
        else:
            inner = conv._structure_frozenset

        def structure(value: Any, type_: Any) -> Any:
            if not isinstance(value, list | tuple | set | frozenset):
                raise ParseError(f"expected a list (a JSON array), got {_shown(value)}")
            return inner(value, type_)

        return structure

    conv.register_structure_hook_factory(_is_homogeneous_collection, factory)


def _register_strict_scalars(conv: cattrs.Converter) -> None:
    """Booleans, whole numbers and text are taken as JSON writes them, never coerced: cattrs
    would read ``"false"`` as True (``bool("false")``) and 5 as the text ``"5"``. The JSON
    Schema (:mod:`kpgov.io._schema`) says the same."""
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(str, _strict_str)


def _provenance_names(cls: object) -> tuple[str, ...]:
    if not (isinstance(cls, type) and attrs.has(cls)):
        return ()
    return tuple(f.name for f in attrs.fields(cls) if is_provenance(f))


def _register_provenance(conv: cattrs.Converter) -> None:
    """Provenance (a record's ``source``, see :class:`kpgov.errors.Sourced`) is where a value
    was read, not part of it: it is never read from data nor written out."""

    def structure_fn(cls: type[Any]) -> Any:
        omit = {name: override(omit=True) for name in _provenance_names(cls)}
        return make_dict_structure_fn(cls, conv, **omit)  # type: ignore[arg-type]  # overrides

    def unstructure_fn(cls: type[Any]) -> Any:
        omit = {name: override(omit=True) for name in _provenance_names(cls)}
        return make_dict_unstructure_fn(cls, conv, **omit)  # type: ignore[arg-type]  # overrides

    conv.register_structure_hook_factory(lambda t: bool(_provenance_names(t)), structure_fn)
    conv.register_unstructure_hook_factory(lambda t: bool(_provenance_names(t)), unstructure_fn)


def _register_domain_types(conv: cattrs.Converter) -> None:
    """Hooks for the domain packages' text-valued types (codes and the like)."""
    from kpgov.accounts import (
        EntityCode,
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

    register_text_type(conv, ObjectCode, parse_object)
    register_text_type(conv, FunctionCode, parse_function)
    register_text_type(conv, FundCode, parse_fund)
    register_text_type(conv, EntityCode, parse_entity)
    register_text_type(conv, ProjectCode, parse_project)
    _register_movement_union(conv)


#: The tag each ledger movement carries as ``"kind"`` wherever the movement union is
#: (un)structured - in a stored ledger as in a ledger file (:mod:`kpgov.io.ledger`).
MOVEMENT_TAGS: dict[str, type] = {}


def _register_movement_union(conv: cattrs.Converter) -> None:
    """The ledger's movement union (:data:`kpgov.budget.Movement`) as a tagged union: each
    movement is its fields plus ``"kind"`` (``"expenditure"``, ``"re-appropriation"`` ...),
    so a ledger round-trips through any store.

    >>> from kpgov.budget import Ledger, Withdrawal
    >>> ledger = Ledger("Synthetic", FinancialYear(2016), movements=[
    ...     Withdrawal(date(2016, 7, 9), "1500", purpose="deposit refund", public_head="G12")])
    >>> unstructure(ledger)["movements"]  # doctest: +NORMALIZE_WHITESPACE
    [{'kind': 'withdrawal', 'on': '2016-07-09', 'amount': '1500', 'purpose': 'deposit refund',
      'public_head': 'G12'}]
    >>> structure(unstructure(ledger), Ledger) == ledger
    True
    """
    from kpgov.budget import (
        Appropriation,
        Expenditure,
        ReAppropriation,
        Receipt,
        Release,
        SupplementaryGrant,
        Surrender,
        Withdrawal,
    )

    tags: dict[str, type] = {
        "appropriation": Appropriation,
        "re-appropriation": ReAppropriation,
        "supplementary-grant": SupplementaryGrant,
        "surrender": Surrender,
        "release": Release,
        "expenditure": Expenditure,
        "receipt": Receipt,
        "withdrawal": Withdrawal,
    }
    MOVEMENT_TAGS.update(tags)
    tag_of = {cls: tag for tag, cls in tags.items()}
    members = set(tags.values())

    def is_movement_union(cls: object) -> bool:
        return get_origin(cls) in (Union, UnionType) and set(get_args(cls)) == members

    def unstructure_movement(movement: object) -> dict[str, Any]:
        cls = type(movement)
        if cls not in tag_of:
            raise ParseError(f"not a ledger movement: {movement!r}")
        return {"kind": tag_of[cls], **conv.unstructure(movement, cls)}

    def structure_movement(data: object, _type: object) -> object:
        if isinstance(data, tuple(members)):
            return data
        if not isinstance(data, dict):
            raise ParseError(f"a movement is an object with a 'kind', not {data!r}")
        kind = data.get("kind")
        if kind not in tags:
            raise ParseError(f"unknown movement kind {kind!r}; expected one of {', '.join(tags)}")
        body = {key: value for key, value in data.items() if key != "kind"}
        return conv.structure(body, tags[kind])

    conv.register_unstructure_hook_func(is_movement_union, unstructure_movement)
    conv.register_structure_hook_func(is_movement_union, structure_movement)


def _path_of(exc: BaseException, path: str) -> list[tuple[str, BaseException]]:
    """Flatten a cattrs exception group into (JSON path, leaf error) pairs."""
    if isinstance(exc, ForbiddenExtraKeysError):
        return [(f"{path}.{key}", exc) for key in sorted(exc.extra_fields)]
    if isinstance(exc, ClassValidationError | IterableValidationError):
        leaves: list[tuple[str, BaseException]] = []
        for inner in exc.exceptions:
            note = next(
                (
                    n
                    for n in getattr(inner, "__notes__", [])
                    if hasattr(n, "name") or hasattr(n, "index")
                ),
                None,
            )
            if note is not None and hasattr(note, "name"):
                step = f"{path}.{note.name}"
            elif note is not None and hasattr(note, "index"):
                step = f"{path}[{note.index!r}]"
            else:
                step = path
            leaves.extend(_path_of(inner, step))
        return leaves
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for inner in exc.exceptions for leaf in _path_of(inner, path)]
    return [(path, exc)]


def _message(exc: BaseException) -> str:
    if isinstance(exc, ForbiddenExtraKeysError):
        return "unknown key (not part of the format)"
    if isinstance(exc, KpgovError):
        return exc.message
    if isinstance(exc, KeyError):
        return "required field is missing"
    return str(exc) or type(exc).__name__


def structure(data: Any, cls: type[T], *, file: str | None = None) -> T:
    """Build a ``cls`` from plain data; bad data raises a ParseError naming the path."""
    try:
        return converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError, ForbiddenExtraKeysError) as exc:
        leaves = _path_of(exc, "$")
        field, first = leaves[0]
        more = f" (and {len(leaves) - 1} more problems)" if len(leaves) > 1 else ""
        raise ParseError(_message(first) + more, file=file, field=field) from exc
    except KpgovError as exc:
        raise ParseError(exc.message, file=file, field="$") from exc
    except (TypeError, ValueError, AttributeError) as exc:  # e.g. a list where an object goes
        raise ParseError(
            f"cannot read {cls.__name__}: {_short_reason(exc)}", file=file, field="$"
        ) from exc
    except RecursionError as exc:
        raise ParseError(f"cannot read {cls.__name__}: nested too deeply", file=file) from exc


def _short_reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def structure_all(data: Any, cls: type[T], *, file: str | None = None, path: str = "$") -> T:
    """Like :func:`structure`, but every bad value is reported: one problem raises a
    ParseError, several raise one :class:`~kpgov.errors.LoadError` listing each with its JSON
    path (below ``path``, the place of ``data`` in its document)."""
    try:
        return converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError, ForbiddenExtraKeysError) as exc:
        problems = [
            ParseError(_message(leaf), file=file, field=path + field.removeprefix("$"))
            for field, leaf in _path_of(exc, "$")
        ]
        if len(problems) == 1:
            raise problems[0] from exc
        raise LoadError(problems, file=file) from exc
    except KpgovError as exc:
        raise ParseError(exc.message, file=file, field=path) from exc
    except (TypeError, ValueError, AttributeError, RecursionError) as exc:
        raise ParseError(
            f"cannot read {cls.__name__}: {type(exc).__name__}", file=file, field=path
        ) from exc


def unstructure(obj: Any) -> Any:
    """Turn a kpgov value into plain JSON-ready data (dicts, lists, str, int, bool, None)."""
    return converter.unstructure(obj)


#: kpgov's converter. Never use cattrs' global converter.
converter: cattrs.Converter = make_converter()
