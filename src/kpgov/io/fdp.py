"""A district budget (and, from its appropriation ledger, its execution) as a Fiscal Data
Package: ``datapackage.json`` and ``budget.csv``, the open format of OpenSpending.

One CSV row per budget line and financial year, with the administrative (entity, office),
functional (function) and economic (object) classifications, the fund and grant, the project
and the line's description. The amounts are measures, each with its ``direction`` (revenue or
expenditure) and ``phase``:

=========================  ===========================  ===================================
Budget column              Year                         Phase
=========================  ===========================  ===================================
Actuals                    two years before the budget  executed
B.E (current year)         the year before              approved
R.E (current year)         the year before              adjusted
B.E (next year)            the budget year              proposed (approved once approved)
=========================  ===========================  ===================================

Outer-year projections are not estimates of any phase and are left out; so are Public Account
lines, which are not appropriated (BR-12(3)). Given the ledger of a year, its heads add rows
(``document`` = ``ledger``): the budget grant (approved), the final grant (adjusted) and the
progressive expenditure (executed) of each grant, DDO and object. Filter on ``document`` before
adding rows up: estimates and ledger may describe the same year.

Amounts are written as exact decimal text, in rupees (``factor`` 1, currency PKR).

>>> from kpgov.io.budget import load_budget
>>> from importlib import resources
>>> path = resources.files("kpgov") / "data/examples/budget/district.json"
>>> files = fiscal_data_package(load_budget(str(path)))
>>> sorted(files), files["budget.csv"].splitlines()[0][:42]
(['budget.csv', 'datapackage.json'], 'line_id,document,fiscal_year,direction,ent')
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

from kpgov.accounts import FunctionLevel, ObjectLevel
from kpgov.budget import AnnualBudgetStatement, BudgetLine, Ledger, LineKind

__all__ = ["FDP_COLUMNS", "fiscal_data_package", "write_fiscal_data_package"]

_PHASES: Final = ("proposed", "approved", "adjusted", "executed")
_DIRECTIONS: Final = ("revenue", "expenditure")
_MEASURES: Final = tuple(f"{d}_{p}" for d in _DIRECTIONS for p in _PHASES)

#: The columns of ``budget.csv``.
FDP_COLUMNS: Final = (
    "line_id",
    "document",
    "fiscal_year",
    "direction",
    "entity",
    "office",
    "function",
    "function_major",
    "object",
    "object_major",
    "fund",
    "grant",
    "project",
    "description",
    *_MEASURES,
)
_TYPES: Final[Mapping[str, str]] = dict.fromkeys(_MEASURES, "number")


def _direction(line: BudgetLine) -> str:
    return "revenue" if line.kind is LineKind.RECEIPT else "expenditure"


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _classified(line: BudgetLine) -> dict[str, str]:
    function = line.function
    return {
        "line_id": line.line_id,
        "document": "estimates",
        "direction": _direction(line),
        "entity": str(line.entity),
        "office": _text(line.office),
        "function": _text(function),
        "function_major": _text(function and function.at(FunctionLevel.MAJOR)),
        "object": str(line.object),
        "object_major": _text(line.object.at(ObjectLevel.MAJOR)),
        "fund": _text(line.fund),
        "grant": _text(line.grant),
        "project": _text(line.project),
        "description": line.description,
    }


def _budget_rows(statement: AnnualBudgetStatement) -> Iterator[dict[str, str]]:
    year = statement.year
    proposed = "approved" if statement.approval is not None else "proposed"
    for line in statement.lines:
        if not line.kind.in_district_fund:
            continue
        base = _classified(line)
        d = base["direction"]
        for fy, amounts in (
            (year.previous().previous(), {f"{d}_executed": line.actual}),
            (
                year.previous(),
                {f"{d}_approved": line.be_current, f"{d}_adjusted": line.re_current},
            ),
            (year, {f"{d}_{proposed}": line.be_next}),
        ):
            yield {**base, "fiscal_year": str(fy), **{k: str(v) for k, v in amounts.items()}}


def _ledger_rows(ledger: Ledger) -> Iterator[dict[str, str]]:
    for p in ledger.position():
        head = p.head
        if head.public_account:
            continue
        yield {
            "line_id": f"{head.grant}/{head.ddo}/{head.object}",
            "document": "ledger",
            "fiscal_year": str(ledger.year),
            "direction": "expenditure",
            "entity": str(head.ddo),
            "office": _text(head.ddo.office),
            "object": str(head.object),
            "object_major": str(head.object.at(ObjectLevel.MAJOR)),
            "fund": str(head.grant),
            "grant": _text(head.grant.grant),
            "expenditure_approved": str(p.budget_grant),
            "expenditure_adjusted": str(p.final_grant),
            "expenditure_executed": str(p.progressive),
        }


def _name(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-") or "budget"


def _measure(name: str) -> dict[str, Any]:
    direction, phase = name.split("_")
    return {
        "source": name,
        "currency": "PKR",
        "factor": 1,
        "direction": direction,
        "phase": phase,
    }


def _dimension(
    attributes: Mapping[str, str | None], key: str, kind: str, classification: str | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "attributes": {
            name: {"source": name, **({"parent": parent} if parent else {})}
            for name, parent in attributes.items()
        },
        "primaryKey": key,
        "dimensionType": kind,
    }
    if classification:
        out["classificationType"] = classification
    return out


def _descriptor(statement: AnnualBudgetStatement, ledger: Ledger | None) -> dict[str, Any]:
    first = statement.year.previous().previous()
    last = statement.year if ledger is None or ledger.year < statement.year else ledger.year
    fields = [
        {"name": name, "type": _TYPES.get(name, "string")}
        | ({"format": "default"} if name not in _TYPES else {})
        for name in FDP_COLUMNS
    ]
    return {
        "profile": "tabular-data-package",
        "name": _name(f"kpgov-{statement.district}-{statement.year}"),
        "title": f"Budget of {statement.district}, {statement.year}",
        "description": "District budget estimates (Annual Budget Statement, Budget Rules 2016)"
        + (" and execution (appropriation ledger)" if ledger is not None else "")
        + ", exported by kpgov.",
        "countryCode": "PK",
        "granularity": "aggregated",
        "fiscalPeriod": {"start": first.start.isoformat(), "end": last.end.isoformat()},
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": "budget",
                "path": "budget.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields},
            }
        ],
        "model": {
            "measures": {name: _measure(name) for name in _MEASURES},
            "dimensions": {
                "administrative": _dimension(
                    {"entity": None, "office": None}, "entity", "classification", "administrative"
                ),
                "functional": _dimension(
                    {"function": None, "function_major": None},
                    "function",
                    "classification",
                    "functional",
                ),
                "economic": _dimension(
                    {"object": None, "object_major": None}, "object", "classification", "economic"
                ),
                "fund": _dimension({"fund": None, "grant": None}, "fund", "other"),
                "project": _dimension({"project": None}, "project", "activity"),
                "date": _dimension({"fiscal_year": None}, "fiscal_year", "datetime"),
                "document": _dimension({"document": None}, "document", "other"),
                "line": _dimension(
                    {"line_id": None, "direction": None, "description": None}, "line_id", "fact"
                ),
            },
        },
    }


def fiscal_data_package(
    statement: AnnualBudgetStatement, *, ledger: Ledger | None = None
) -> dict[str, str]:
    """The files of the package, by name: ``datapackage.json`` and ``budget.csv``."""
    out = io.StringIO()
    writer = csv.DictWriter(out, FDP_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(_budget_rows(statement))
    if ledger is not None:
        writer.writerows(_ledger_rows(ledger))
    descriptor = json.dumps(_descriptor(statement, ledger), indent=2, ensure_ascii=False)
    return {"datapackage.json": descriptor + "\n", "budget.csv": out.getvalue()}


def write_fiscal_data_package(
    statement: AnnualBudgetStatement, target: str | Path, *, ledger: Ledger | None = None
) -> Path:
    """Write the package into the folder ``target`` (made if missing); return the path of
    its ``datapackage.json``."""
    folder = Path(target)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in fiscal_data_package(statement, ledger=ledger).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder / "datapackage.json"
