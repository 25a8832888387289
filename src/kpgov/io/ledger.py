"""Appropriation ledgers as JSON files (format ``kpgov.ledger/1``, see docs/budget-ledger.md).

A ledger file holds the district, the financial year, the opening cash balances and the
movements in the order they were recorded; each movement names its ``kind``. Everything is
structured through :mod:`kpgov.convert`, so amounts are exact (text or integers), dates
ISO text, codes their canonical text, and unknown keys are refused. Every bad value is
reported, in one :class:`~kpgov.errors.LoadError` naming the file and the JSON path of each
(``ledger.json: $.movements[3].amount: ...``).

>>> data = {
...     "format": "kpgov.ledger/1", "district": "Example (synthetic)", "year": "2016-17",
...     "opening_balances": {"district_fund": "1000000"},
...     "movements": [
...         {"kind": "appropriation", "on": "2016-07-01", "amount": "1,20,000",
...          "head": {"grant": "DF-R-1-012", "ddo": "PSH-EDU-PR12", "object": "A03201"}},
...         {"kind": "expenditure", "on": "2016-07-31", "amount": "9000",
...          "head": {"grant": "DF-R-1-012", "ddo": "PSH-EDU-PR12", "object": "A03201"}}]}
>>> ledger = ledger_from_data(data)
>>> ledger.position().head(ledger.heads()[0]).available
Decimal('111000')
>>> ledger_to_data(ledger) == ledger_to_data(ledger_from_data(ledger_to_data(ledger)))
True
>>> data["movements"][1]["amount"] = "9000 rupees and some"
>>> ledger_from_data(data, file="ledger.json")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kpgov.errors.LoadError: ledger.json: 1 problem
ledger.json: $.movements[1].amount: not an amount: ...
"""

from __future__ import annotations

import enum
import json
import re
import typing
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs

from kpgov._ledger_format import (
    LEDGER_FORMAT,
    MOVEMENT_KINDS,
    LedgerHeader,
    OpeningBalances,
    path_of,
)
from kpgov.accounts import parse_entity, parse_fund, parse_object
from kpgov.budget import (
    AppropriationHead,
    Ledger,
    Movement,
)
from kpgov.convert import structure, structure_all, unstructure
from kpgov.errors import (
    ErrorCollector,
    KpgovError,
    Location,
    ParseError,
    is_provenance,
    with_sources,
)
from kpgov.io._bulk import bulk
from kpgov.io._schema import DRAFT, SchemaBuilder, tagged_union
from kpgov.io.files import read_json
from kpgov.money import parse_amount

__all__ = [
    "LEDGER_FORMAT",
    "MOVEMENT_KINDS",
    "dump_ledger",
    "ledger_from_data",
    "ledger_json_schema",
    "ledger_to_data",
    "load_ledger",
    "movement_from_data",
    "movement_to_data",
]

_KIND_OF: Final = {cls: kind for kind, cls in MOVEMENT_KINDS.items()}


def movement_from_data(data: Any, *, file: str | None = None, path: str = "$") -> Movement:
    """Build one movement from its JSON object (``{"kind": ..., ...}``)."""
    if not isinstance(data, dict):
        raise ParseError("a movement is a JSON object", file=file, field=path)
    kind = data.get("kind")
    cls = MOVEMENT_KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ParseError(
            f"unknown movement kind {kind!r}; expected one of {', '.join(MOVEMENT_KINDS)}",
            file=file,
            field=f"{path}.kind",
        )
    body = {key: value for key, value in data.items() if key != "kind"}
    try:
        movement: Movement = structure(body, cls)
    except ParseError as exc:
        raise ParseError(exc.message, file=file, field=path_of(path, exc)) from exc
    return with_sources(movement, file, path)


# --------------------------------------------------------------- the fast path (issue 12)


class _Unusual(Exception):  # noqa: N818 - a signal inside the fast path, never raised out of it
    """A value the fast path does not take as it is: the movement goes the converter's way."""


#: A plain amount: ASCII digits within kpgov.money's bounds (MAX_AMOUNT, MAX_PLACES), no sign;
#: ``Decimal(text)`` is then exactly what :func:`kpgov.money.parse_amount` gives.
_PLAIN_AMOUNT: Final = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,4})?")

_HEAD_KEYS: Final = frozenset({"grant", "ddo", "object"})


def _plain_amount(value: object) -> Decimal:
    """An amount as the converter reads it (text or a whole number; never binary floating point
    or a bool)."""
    if type(value) is str:
        if _PLAIN_AMOUNT.fullmatch(value):
            return Decimal(value)
        return parse_amount(value)
    if type(value) is int:
        return parse_amount(value)
    raise _Unusual


def _text(value: object) -> str:
    if type(value) is str:
        return value
    raise _Unusual


def _flag(value: object) -> bool:
    if type(value) is bool:
        return value
    raise _Unusual


def _optional(read: Callable[[object], Any]) -> Callable[[object], Any]:
    def optional(value: object) -> Any:
        return None if value is None else read(value)

    return optional


class _FastMovements:
    """Movements built straight from well-formed JSON objects (issue 12: about 10x faster than
    the converter): each value must be exactly the JSON type the converter takes, every key a
    field of the movement and every required field present; heads and dates are parsed once
    per distinct text. Anything else, and any value the movement's own checks refuse, gives
    None, and the loader builds that movement through the converter (:func:`movement_from_data`)
    instead, so what is accepted, what is refused and every error's path stay the converter's.
    A property test holds the two paths equal."""

    def __init__(self, file: str | None) -> None:
        self.file = file
        self.heads: dict[tuple[str, str, str], AppropriationHead] = {}
        self.dates: dict[str, date] = {}
        self.plans = {kind: _plan(cls, self) for kind, cls in MOVEMENT_KINDS.items()}

    def movement(self, item: object, index: int) -> Movement | None:
        """The movement of ``item`` (at ``$.movements[index]``), or None when ``item`` must go
        the converter's way."""
        if type(item) is not dict:
            return None
        kind = item.get("kind")
        plan = self.plans.get(kind) if type(kind) is str else None
        if plan is None:
            return None
        cls, readers, required, provenance = plan
        values: dict[str, Any] = {}
        try:
            for key, value in item.items():
                if key != "kind":
                    values[key] = readers[key](value)
            if not required.issubset(values):
                return None
            values[provenance] = Location(self.file, field=f"$.movements[{index}]")
            movement: Movement = cls(**values)
        except Exception:  # whatever it is, the converter's path will say it
            return None
        return movement

    def date(self, value: object) -> date:
        if type(value) is not str:
            raise _Unusual
        day = self.dates.get(value)
        if day is None:
            day = self.dates[value] = date.fromisoformat(value)
        return day

    def head(self, value: object) -> AppropriationHead:
        if type(value) is not dict or value.keys() != _HEAD_KEYS:
            raise _Unusual
        key = (value["grant"], value["ddo"], value["object"])
        head = self.heads.get(key)
        if head is None:
            grant, ddo, obj = key
            if type(grant) is not str or type(ddo) is not str or type(obj) is not str:
                raise _Unusual
            head = self.heads[key] = AppropriationHead(
                parse_fund(grant), parse_entity(ddo), parse_object(obj)
            )
        return head


_Plan = tuple[type, dict[str, Callable[[object], Any]], frozenset[str], str]


def _plan(cls: type, fast: _FastMovements) -> _Plan | None:
    """How the fast path reads each field of movement class ``cls`` (by its type), or None when
    a field's type is one it does not know (the class then always goes the converter's way)."""
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):  # pragma: no cover - the movement classes resolve
        return None
    readers: dict[str, Callable[[object], Any]] = {}
    required: set[str] = set()
    provenance = ""
    for field in attrs.fields(cls):
        if is_provenance(field):
            provenance = field.name
            continue
        if not field.init:
            continue
        read = _reader(hints[field.name], fast)
        if read is None or field.alias != field.name:
            return None
        readers[field.name] = read
        if field.default is attrs.NOTHING:
            required.add(field.name)
    if not provenance:
        return None
    return cls, readers, frozenset(required), provenance


def _reader(hint: Any, fast: _FastMovements) -> Callable[[object], Any] | None:
    args = typing.get_args(hint)
    if type(None) in args and len(args) == 2:  # X | None
        inner = _reader(next(arg for arg in args if arg is not type(None)), fast)
        return None if inner is None else _optional(inner)
    if hint is date:
        return fast.date
    if hint is AppropriationHead:
        return fast.head
    if hint is Decimal:
        return _plain_amount
    if hint is str:
        return _text
    if hint is bool:
        return _flag
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _member(hint)
    if typing.get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _reader(args[0], fast)
        return None if item is None else _members(item)
    return None


def _member(cls: type[enum.Enum]) -> Callable[[object], Any]:
    members = {member.value: member for member in cls if type(member.value) is str}

    def member(value: object) -> Any:
        if type(value) is str:
            found = members.get(value)
            if found is not None:
                return found
        raise _Unusual

    return member


def _members(item: Callable[[object], Any]) -> Callable[[object], Any]:
    def members(value: object) -> tuple[Any, ...]:
        if type(value) is not list:
            raise _Unusual
        return tuple(map(item, value))

    return members


def movement_to_data(movement: Movement) -> dict[str, Any]:
    """One movement as its JSON object, ``kind`` first; empty optional fields are left out."""
    body: dict[str, Any] = unstructure(movement)
    data: dict[str, Any] = {"kind": _KIND_OF[type(movement)]}
    defaults = {
        field.name: field.default
        for field in attrs.fields(type(movement))
        if field.default is not attrs.NOTHING
    }
    for key, value in body.items():
        if key in defaults and getattr(movement, key) == defaults[key]:
            continue
        data[key] = value
    return data


def ledger_from_data(data: Any, *, file: str | None = None, cap: int = 100) -> Ledger:
    """Build a :class:`~kpgov.budget.Ledger` from the parsed JSON of a ledger file. Every bad
    movement is reported in one :class:`~kpgov.errors.LoadError` (up to ``cap`` problems),
    each naming its JSON path."""
    if not isinstance(data, dict):
        raise ParseError("a ledger file is a JSON object", file=file, field="$")
    header = structure_all(data, LedgerHeader, file=file)
    if header.format != LEDGER_FORMAT:
        raise ParseError(
            f"not a ledger file: format is {header.format[:40]!r}, expected {LEDGER_FORMAT!r}",
            file=file,
            field="$.format",
        )
    with bulk():
        movements = _movements(header.movements, file, cap)
    try:
        return Ledger(
            header.district,
            header.year,
            opening_district_fund=header.opening_balances.district_fund,
            opening_public_account=header.opening_balances.public_account,
            movements=tuple(movements),
            source=Location(file, field="$"),
        )
    except KpgovError as exc:
        field = f"$.{exc.field}" if exc.field else "$"
        raise ParseError(exc.message, file=file, field=field) from exc


def _movements(items: list[Any], file: str | None, cap: int) -> list[Movement]:
    """The movements of a ledger file; every bad one reported in one LoadError."""
    collector = ErrorCollector(file=file, cap=cap)
    movements: list[Movement] = []
    fast = _FastMovements(file)
    for index, item in enumerate(items):
        movement = fast.movement(item, index)
        if movement is not None:
            movements.append(movement)
            continue
        with collector.guard():  # anything unusual: the converter's path, with its errors
            movements.append(movement_from_data(item, file=file, path=f"$.movements[{index}]"))
        if collector.full:
            break
    collector.raise_if_any()
    return movements


def ledger_to_data(ledger: Ledger) -> dict[str, Any]:
    """The ledger as the JSON object of a ledger file."""
    return {
        "format": LEDGER_FORMAT,
        "district": ledger.district,
        "year": str(ledger.year),
        "opening_balances": {
            "district_fund": str(ledger.opening_district_fund),
            "public_account": str(ledger.opening_public_account),
        },
        "movements": [movement_to_data(m) for m in ledger.movements],
    }


def load_ledger(path: str | Path, *, cap: int = 100) -> Ledger:
    """Read a ledger file; bad input is a ParseError (a LoadError for several problems) naming
    the file and the JSON path of each."""
    with bulk():
        return ledger_from_data(read_json(path, strict=True), file=str(path), cap=cap)


def dump_ledger(ledger: Ledger, path: str | Path) -> None:
    """Write ``ledger`` as a ledger file (UTF-8 JSON, one movement per line)."""
    data = ledger_to_data(ledger)
    movements = data.pop("movements")
    head = json.dumps(data, indent=2, ensure_ascii=False)
    lines = ",\n".join("    " + json.dumps(m, ensure_ascii=False) for m in movements)
    text = head[:-2] + ',\n  "movements": [\n' + lines + "\n  ]\n}\n"
    Path(path).write_text(text, encoding="utf-8")


# ----------------------------------------------------------------------------- JSON Schema


def ledger_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a ledger file, generated from the movement classes
    by :mod:`kpgov.io._schema`, the generator that follows the loaders' converter.

    It checks the shape of a file; what the values mean (valid codes and amounts, a positive
    surrender) is checked when the file is read.

    >>> schema = ledger_json_schema()
    >>> sorted(schema["$defs"]["ReAppropriation"]["required"])
    ['amount', 'kind', 'on', 'source', 'target']
    """
    builder = SchemaBuilder()
    header = builder.object_schema(LedgerHeader, exclude=("movements",))
    header["properties"]["format"] = {"const": LEDGER_FORMAT}
    header["properties"]["movements"] = {
        "type": "array",
        "items": tagged_union(builder, "kind", MOVEMENT_KINDS),
    }
    header["required"] = ["format", *(n for n in header["required"] if n != "format")]
    builder.defs.pop("OpeningBalances", None)
    header["properties"]["opening_balances"] = builder.object_schema(OpeningBalances)
    return {
        "$schema": DRAFT,
        "title": f"kpgov appropriation ledger ({LEDGER_FORMAT})",
        **header,
        "$defs": builder.defs,
    }
