"""Development-project files: project proposals, ADP files, event histories, OC4IDS.

Formats (all JSON, structured through :mod:`kpgov.convert`: amounts as text or integers,
never binary fractions; unknown keys refused; a bad value is a ParseError naming the file and path):

* ``kpgov.adp/1`` - an ADP with what it is checked against (``kpgov adp check FILE``):
  ``{"format": "kpgov.adp/1", "district": ..., "year": "2025-26", "entries": [...],
  "resources": {...}}``, entries and resources as :class:`kpgov.adp.AdpEntry` and
  :class:`kpgov.adp.AdpResources`.
* an event history: JSON lines, one :class:`kpgov.adp.Event` per line (with its hash).
* OC4IDS project packages, written with amounts as exact JSON numbers.

>>> from kpgov.adp import AdpStatus
>>> data = {"format": "kpgov.adp/1", "district": "Example (synthetic)", "year": "2025-26",
...         "entries": [], "resources": {"ceiling": "1,00,00,000"}}
>>> adp, resources = adp_from_data(data)
>>> str(adp.year), resources.ceiling
('2025-26', Decimal('10000000'))
>>> oc4ids_json({"amount": Decimal("1200.50"), "currency": "PKR"})
'{"amount": 1200.50, "currency": "PKR"}'
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs

from kpgov.adp import (
    AdpEntry,
    AdpResources,
    AnnualDevelopmentProgramme,
    Event,
    Project,
)
from kpgov.convert import structure, unstructure
from kpgov.errors import ParseError
from kpgov.io.files import read_json
from kpgov.periods import FinancialYear

__all__ = [
    "ADP_FORMAT",
    "adp_from_data",
    "event_from_data",
    "event_to_data",
    "oc4ids_json",
    "read_adp",
    "read_events",
    "read_project",
    "write_events",
    "write_oc4ids",
]

#: The format tag of ADP files.
ADP_FORMAT: Final = "kpgov.adp/1"


@attrs.frozen
class _AdpFile:
    format: str
    district: str
    year: FinancialYear
    entries: tuple[AdpEntry, ...]
    resources: AdpResources = attrs.field(factory=AdpResources)


def adp_from_data(
    data: Any, *, file: str | None = None
) -> tuple[AnnualDevelopmentProgramme, AdpResources]:
    """An ADP and its resources from plain data in the ``kpgov.adp/1`` format."""
    parsed = structure(data, _AdpFile, file=file)
    if parsed.format != ADP_FORMAT:
        raise ParseError(
            f"not a {ADP_FORMAT} file (format {parsed.format!r})", file=file, field="$.format"
        )
    adp = AnnualDevelopmentProgramme(parsed.district, parsed.year, parsed.entries)
    return adp, parsed.resources


def read_adp(path: str | Path) -> tuple[AnnualDevelopmentProgramme, AdpResources]:
    """Read a ``kpgov.adp/1`` file."""
    return adp_from_data(read_json(path), file=str(path))


def read_project(path: str | Path) -> Project:
    """Read a project proposal (Form BDD-4 fields) from a JSON file."""
    return structure(read_json(path), Project, file=str(path))


def event_to_data(event: Event) -> dict[str, Any]:
    """An event as plain data (the converter's form, with its hash)."""
    data: dict[str, Any] = unstructure(event)
    return data


def event_from_data(data: Any, *, file: str | None = None, row: int | None = None) -> Event:
    """An event from plain data; its canonical bytes are recomputed from the fields."""
    try:
        return structure(data, Event, file=file)
    except ParseError as exc:
        raise ParseError(exc.message, file=file, row=row, field=exc.field) from exc


def write_events(events: Iterable[Event], path: str | Path) -> int:
    """Write events as JSON lines; returns how many were written."""
    count = 0
    with Path(path).open("w", encoding="utf-8") as out:
        for event in events:
            out.write(json.dumps(event_to_data(event), ensure_ascii=False, sort_keys=True))
            out.write("\n")
            count += 1
    return count


def read_events(path: str | Path) -> list[Event]:
    """Read events written by :func:`write_events` (JSON lines), naming the bad line."""
    name = str(path)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise ParseError("no such file", file=name) from None
    events = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line, parse_float=Decimal)  # float-ok: numbers read as Decimal
        except json.JSONDecodeError as exc:
            raise ParseError(f"not valid JSON: {exc.msg}", file=name, row=number) from None
        events.append(event_from_data(data, file=name, row=number))
    return events


def _encode(value: Any) -> str:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ParseError(f"cannot write {value} as a JSON number")
        return format(value, "f")
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{json.dumps(str(k))}: {_encode(v)}" for k, v in value.items()) + "}"
        )
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_encode(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def oc4ids_json(package: Any) -> str:
    """JSON text of an OC4IDS package, Decimal amounts as exact JSON numbers."""
    return _encode(package)


def write_oc4ids(package: Any, path: str | Path) -> None:
    """Write an OC4IDS package (from :func:`kpgov.adp.to_oc4ids`) to ``path``."""
    Path(path).write_text(oc4ids_json(package) + "\n", encoding="utf-8")
