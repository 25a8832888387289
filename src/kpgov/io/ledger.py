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

import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs

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
from kpgov.convert import structure, structure_all, unstructure
from kpgov.errors import ErrorCollector, KpgovError, Location, ParseError, with_sources
from kpgov.io._schema import DRAFT, SchemaBuilder, tagged_union
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


def ledger_from_data(data: Any, *, file: str | None = None, cap: int = 100) -> Ledger:
    """Build a :class:`~kpgov.budget.Ledger` from the parsed JSON of a ledger file. Every bad
    movement is reported in one :class:`~kpgov.errors.LoadError` (up to ``cap`` problems),
    each naming its JSON path."""
    if not isinstance(data, dict):
        raise ParseError("a ledger file is a JSON object", file=file, field="$")
    header = structure_all(data, _Header, file=file)
    if header.format != LEDGER_FORMAT:
        raise ParseError(
            f"not a ledger file: format is {header.format[:40]!r}, expected {LEDGER_FORMAT!r}",
            file=file,
            field="$.format",
        )
    collector = ErrorCollector(file=file, cap=cap)
    movements = []
    for index, item in enumerate(header.movements):
        with collector.guard():
            movements.append(movement_from_data(item, file=file, path=f"$.movements[{index}]"))
        if collector.full:
            break
    collector.raise_if_any()
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


def load_ledger(path: str | Path, *, cap: int = 100) -> Ledger:
    """Read a ledger file; bad input is a ParseError (a LoadError for several problems) naming
    the file and the JSON path of each."""
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
    header = builder.object_schema(_Header, exclude=("movements",))
    header["properties"]["format"] = {"const": LEDGER_FORMAT}
    header["properties"]["movements"] = {
        "type": "array",
        "items": tagged_union(builder, "kind", MOVEMENT_KINDS),
    }
    header["required"] = ["format", *(n for n in header["required"] if n != "format")]
    builder.defs.pop("_OpeningBalances", None)
    header["properties"]["opening_balances"] = builder.object_schema(_OpeningBalances)
    return {
        "$schema": DRAFT,
        "title": f"kpgov appropriation ledger ({LEDGER_FORMAT})",
        **header,
        "$defs": builder.defs,
    }
