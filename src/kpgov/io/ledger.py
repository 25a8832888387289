"""Appropriation ledgers as JSON files (format ``kpgov.ledger/1``, see docs/budget-ledger.md).

A ledger file holds the district, the financial year, the opening cash balances and the
movements in the order they were recorded; each movement names its ``kind``. Everything is
structured through :mod:`kpgov.convert`, so amounts are exact (text or integers), dates
ISO text, codes their canonical text, and unknown keys are refused. A bad value is a
:class:`~kpgov.errors.ParseError` naming the file and the JSON path
(``ledger.json, field '$.movements[3].amount'``).

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
kpgov.errors.ParseError: ledger.json, field '$.movements[1].amount': not an amount: ...
"""

from __future__ import annotations

import enum
import json
import types
import typing
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, Union

import attrs

from kpgov.accounts import EntityCode, FundCode, ObjectCode
from kpgov.budget import (
    Appropriation,
    Expenditure,
    Ledger,
    Movement,
    ReAppropriation,
    Receipt,
    Release,
    SupplementaryGrant,
    Surrender,
    Withdrawal,
)
from kpgov.convert import structure, unstructure
from kpgov.errors import KpgovError, Location, ParseError, is_provenance
from kpgov.io._provenance import with_sources
from kpgov.io.files import read_json
from kpgov.money import ZERO
from kpgov.periods import FinancialYear

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

#: The format tag of a ledger file.
LEDGER_FORMAT: Final = "kpgov.ledger/1"

#: The ``kind`` of each movement in a ledger file.
MOVEMENT_KINDS: Final[dict[str, type[Movement]]] = {
    "appropriation": Appropriation,
    "re-appropriation": ReAppropriation,
    "supplementary-grant": SupplementaryGrant,
    "surrender": Surrender,
    "release": Release,
    "expenditure": Expenditure,
    "receipt": Receipt,
    "withdrawal": Withdrawal,
}
_KIND_OF: Final = {cls: kind for kind, cls in MOVEMENT_KINDS.items()}


@attrs.frozen
class _OpeningBalances:
    district_fund: Decimal = ZERO
    public_account: Decimal = ZERO


@attrs.frozen
class _Header:
    format: str
    district: str
    year: FinancialYear
    opening_balances: _OpeningBalances = _OpeningBalances()
    movements: list[Any] = attrs.Factory(list)


def _at(path: str, exc: ParseError) -> str:
    """Join ``path`` and the path inside ``exc`` (``$.amount`` -> ``path.amount``)."""
    inner = exc.field or "$"
    if inner == "$":
        field = _inner_field(exc.__cause__)
        if field:
            inner = "$." + field.removeprefix("$.")
    return path + inner.removeprefix("$")


def _inner_field(exc: BaseException | None) -> str | None:
    """The field a validator named in the error (possibly inside a cattrs exception group)."""
    if isinstance(exc, KpgovError):
        return exc.field or _inner_field(exc.__cause__)
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            found = _inner_field(inner)
            if found:
                return found
    return None


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
        raise ParseError(exc.message, file=file, field=_at(path, exc)) from exc
    return with_sources(movement, file, path)


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


def ledger_from_data(data: Any, *, file: str | None = None) -> Ledger:
    """Build a :class:`~kpgov.budget.Ledger` from the parsed JSON of a ledger file."""
    header = structure(data, _Header, file=file)
    if header.format != LEDGER_FORMAT:
        raise ParseError(
            f"not a ledger file: format is {header.format!r}, expected {LEDGER_FORMAT!r}",
            file=file,
            field="$.format",
        )
    movements = [
        movement_from_data(item, file=file, path=f"$.movements[{index}]")
        for index, item in enumerate(header.movements)
    ]
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


def load_ledger(path: str | Path) -> Ledger:
    """Read a ledger file; bad input is a ParseError naming the file and the JSON path."""
    return ledger_from_data(read_json(path), file=str(path))


def dump_ledger(ledger: Ledger, path: str | Path) -> None:
    """Write ``ledger`` as a ledger file (UTF-8 JSON, one movement per line)."""
    data = ledger_to_data(ledger)
    movements = data.pop("movements")
    head = json.dumps(data, indent=2, ensure_ascii=False)
    lines = ",\n".join("    " + json.dumps(m, ensure_ascii=False) for m in movements)
    text = head[:-2] + ',\n  "movements": [\n' + lines + "\n  ]\n}\n"
    Path(path).write_text(text, encoding="utf-8")


# ----------------------------------------------------------------------------- JSON Schema

_LEAVES: Final[dict[type, dict[str, Any]]] = {
    Decimal: {
        "type": ["string", "integer"],
        "description": "an amount in rupees, as text ('1,20,000', '9500.50', '12 lakh')",
    },
    date: {"type": "string", "format": "date"},
    FundCode: {"type": "string", "description": "fund code down to the grant, as DF-R-1-012"},
    EntityCode: {"type": "string", "description": "DDO entity code, as ABT-EDU-ED01"},
    ObjectCode: {"type": "string", "description": "detailed object code, as A03201"},
    str: {"type": "string"},
    bool: {"type": "boolean"},
}


def _schema_of(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = typing.get_args(tp)
        options = [_schema_of(arg, defs) for arg in args if arg is not type(None)]
        if type(None) in args:
            options.append({"type": "null"})
        return {"anyOf": options}
    if origin is tuple:
        return {"type": "array", "items": _schema_of(typing.get_args(tp)[0], defs)}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [member.value for member in tp]}
    if isinstance(tp, type) and tp in _LEAVES:
        return dict(_LEAVES[tp])
    if isinstance(tp, type) and attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            hints = typing.get_type_hints(tp)
            fields = [f for f in attrs.fields(tp) if f.init and not is_provenance(f)]
            defs[name] = {
                "type": "object",
                "description": (tp.__doc__ or "").strip().split("\n\n")[0].replace("\n", " "),
                "properties": {f.name: _schema_of(hints[f.name], defs) for f in fields},
                "required": [f.name for f in fields if f.default is attrs.NOTHING],
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema for {tp!r}")  # pragma: no cover - every field is covered


def ledger_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a ledger file, generated from the movement classes.

    It checks the shape of a file; what the values mean (valid codes and amounts, a positive
    surrender) is checked when the file is read.

    >>> schema = ledger_json_schema()
    >>> sorted(schema["$defs"]["ReAppropriation"]["required"])
    ['amount', 'kind', 'on', 'source', 'target']
    """
    defs: dict[str, Any] = {}
    movements = []
    for kind, cls in MOVEMENT_KINDS.items():
        ref = _schema_of(cls, defs)
        body = defs[cls.__name__]
        body["properties"] = {"kind": {"const": kind}, **body["properties"]}
        body["required"] = ["kind", *body["required"]]
        movements.append(ref)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"kpgov appropriation ledger ({LEDGER_FORMAT})",
        "type": "object",
        "properties": {
            "format": {"const": LEDGER_FORMAT},
            "district": {"type": "string"},
            "year": {"type": "string", "pattern": r"^\d{4}-\d{2}$", "description": "'2016-17'"},
            "opening_balances": {
                "type": "object",
                "properties": {
                    "district_fund": dict(_LEAVES[Decimal]),
                    "public_account": dict(_LEAVES[Decimal]),
                },
                "additionalProperties": False,
            },
            "movements": {"type": "array", "items": {"oneOf": movements}},
        },
        "required": ["format", "district", "year"],
        "additionalProperties": False,
        "$defs": defs,
    }
