"""Development-project files: project proposals, ADP files, event histories, OC4IDS.

Formats (all JSON, structured through :mod:`kpgov.convert`: amounts as text or integers,
never binary fractions; unknown keys refused). The readers report every bad entry, line or
field of a file in one :class:`~kpgov.errors.LoadError` (``file:row: field: message`` each,
capped), never another exception, and the records they build remember where they were read
(``source``: a :class:`~kpgov.errors.Location` outside equality), so findings about them
name it:

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
from kpgov.errors import ErrorCollector, KpgovError, Location, ParseError
from kpgov.io.files import parse_json_text, read_json
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
class _AdpHead:
    format: str
    district: str
    year: FinancialYear
    resources: AdpResources = attrs.field(factory=AdpResources)


_HEAD_KEYS: Final = frozenset({"format", "district", "year", "resources"})


def _structured(data: Any, cls: type[Any], *, file: str | None) -> Any:
    """``structure`` with hostile input (absurd nesting, huge exponents) as a ParseError."""
    try:
        return structure(data, cls, file=file)
    except KpgovError:
        raise
    except (RecursionError, ArithmeticError, TypeError, ValueError) as exc:
        raise ParseError(f"cannot read {cls.__name__}: {type(exc).__name__}", file=file) from None


def adp_from_data(
    data: Any, *, file: str | None = None
) -> tuple[AnnualDevelopmentProgramme, AdpResources]:
    """An ADP and its resources from plain data in the ``kpgov.adp/1`` format; every bad
    entry or field is reported in one LoadError, each entry remembers its JSON path."""
    errors = ErrorCollector(file=file)
    if not isinstance(data, dict):
        raise ParseError(f"a {ADP_FORMAT} file holds a JSON object", file=file, field="$")
    head: _AdpHead | None = None
    with errors.guard(field="$"):
        for key in sorted(set(data) - _HEAD_KEYS - {"entries"}):
            errors.add(ParseError("unknown key (not part of the format)", field=f"$.{key}"))
        head = _structured({k: v for k, v in data.items() if k in _HEAD_KEYS}, _AdpHead, file=file)
        if head.format != ADP_FORMAT:
            errors.add(
                ParseError(f"not a {ADP_FORMAT} file (format {head.format!r})", field="$.format")
            )
    raw = data.get("entries")
    entries: list[AdpEntry] = []
    if not isinstance(raw, list):
        errors.add(ParseError("entries is a list of ADP entries", field="$.entries"))
        raw = []
    for index, item in enumerate(raw):
        path = f"$.entries[{index}]"
        with errors.guard(field=path):
            try:
                entry = _structured(item, AdpEntry, file=file)
            except ParseError as exc:  # the converter's path is relative to the entry
                field = exc.field or "$"
                raise ParseError(exc.message, field=path + field[1:]) from None
            entries.append(attrs.evolve(entry, source=Location(file, field=path)))
        if errors.full:
            break
    adp: AnnualDevelopmentProgramme | None = None
    if head is not None and not errors:
        with errors.guard(field="$.entries"):
            adp = AnnualDevelopmentProgramme(
                head.district, head.year, entries, source=Location(file, field="$")
            )
    errors.raise_if_any()
    assert head is not None  # no errors: the head was read
    assert adp is not None
    return adp, head.resources


def read_adp(path: str | Path) -> tuple[AnnualDevelopmentProgramme, AdpResources]:
    """Read a ``kpgov.adp/1`` file (every problem in one LoadError)."""
    return adp_from_data(_read_json(path), file=str(path))


def _read_json(path: str | Path) -> Any:
    try:
        return read_json(path)
    except RecursionError:
        raise ParseError("JSON nested too deeply", file=str(path)) from None


def read_project(path: str | Path) -> Project:
    """Read a project proposal (Form BDD-4 fields) from a JSON file; the project remembers
    the file (``source``). Every bad field is in one LoadError."""
    name = str(path)
    errors = ErrorCollector(file=name)
    project: Project | None = None
    with errors.guard(field="$"):
        project = _structured(_read_json(path), Project, file=name)
    errors.raise_if_any()
    assert project is not None
    return attrs.evolve(project, source=Location(name, field="$"))


def event_to_data(event: Event) -> dict[str, Any]:
    """An event as plain data (the converter's form, with its hash)."""
    data: dict[str, Any] = unstructure(event)
    return data


def event_from_data(data: Any, *, file: str | None = None, row: int | None = None) -> Event:
    """An event from plain data; its canonical bytes are recomputed from the fields. The
    event remembers ``file`` and ``row`` (its line) as its ``source``."""
    try:
        event: Event = _structured(data, Event, file=file)
    except ParseError as exc:
        raise ParseError(exc.message, file=file, row=row, field=exc.field) from exc
    return attrs.evolve(event, source=Location(file, row))


def _written(path: str | Path, text: str) -> None:
    """Write ``text`` whole (a temporary file renamed over ``path``): an unwritable place is
    a KpgovError naming it, and a failed write leaves an existing file as it was."""
    target = Path(path)
    temporary = target.with_name(f".{target.name}.kpgov-tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(target)
    except OSError as exc:
        if temporary.is_file():
            temporary.unlink()
        raise ParseError(f"cannot write the file: {exc.strerror or exc}", file=str(path)) from None


def write_events(events: Iterable[Event], path: str | Path) -> int:
    """Write events as JSON lines; returns how many were written."""
    lines = [json.dumps(event_to_data(e), ensure_ascii=False, sort_keys=True) for e in events]
    _written(path, "".join(line + "\n" for line in lines))
    return len(lines)


def read_events(path: str | Path) -> list[Event]:
    """Read events written by :func:`write_events` (JSON lines). Every bad line is reported
    in one LoadError (``file:line: field: message``); each event remembers its line."""
    name = str(path)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise ParseError("no such file", file=name) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ParseError(f"cannot read the file: {exc}", file=name) from None
    errors = ErrorCollector(file=name)
    events = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        with errors.guard(row=number):
            try:
                data = parse_json_text(line, strict=True)
            except ParseError as exc:  # its row is the line within the text: name the file's
                raise ParseError(exc.message, row=number, field=exc.field) from None
            events.append(event_from_data(data, file=name, row=number))
        if errors.full:
            break
    errors.raise_if_any()
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
    _written(path, oc4ids_json(package) + "\n")
