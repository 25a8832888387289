"""Every statement kpgov computes as an XLSX workbook, a sheet per table, on the one XLSX
writer (:func:`kpgov.io.write_workbook`): real numbers with the lakh number format, frozen
headers, exact totals rows.

:func:`sheets_of` gives the sheets of a statement: the Annual Budget Statement (Form ABS's
Financial Abstract, parts A and B, and the budget lines), a Financial Abstract, a roll-up,
Forms BM-2/6 and BM-13, revised estimates, a ledger position or its movements, a report's
findings, a scoreboard, and any collection of records :func:`kpgov.io.to_pandas` takes.
:func:`write_xlsx` writes the sheets of several statements as one workbook.

>>> from decimal import Decimal
>>> from kpgov.accounts import ObjectLevel, roll_up
>>> rollup = roll_up([("A01101", Decimal("100.50")), ("A03201", 20)], ObjectLevel.MAJOR)
>>> [(s.name, len(s.rows), s.totals[0]["amount"]) for s in sheets_of(rollup)]
[('Roll-up', 2, Decimal('120.50'))]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Final

from kpgov.accounts import Rollup
from kpgov.budget import (
    RECONCILIATION_COLUMNS,
    AnnualBudgetStatement,
    Column,
    ExcessesAndSurrenders,
    FinancialAbstract,
    Ledger,
    MonthlyReconciliation,
    Position,
)
from kpgov.findings import Report
from kpgov.indicators import Scoreboard
from kpgov.io._xlsx import XlsxCell, XlsxColumn, XlsxColumnKind, XlsxSheet, write_workbook
from kpgov.io.frames import _Col, _Kind, _of
from kpgov.money import ZERO

__all__ = ["sheets_of", "write_xlsx"]

_XLSX_KIND: Final[Mapping[_Kind, XlsxColumnKind]] = {
    "text": "text",
    "category": "text",
    "amount": "amount",
    "number": "amount",
    "int": "count",
    "date": "date",
    "bool": "text",
}
_HEADINGS: Final[Mapping[str, str]] = {
    **{c.value: c.title for c in Column},
    **dict(
        zip(
            ("budget_grant", "reappropriations", "supplementary", "surrender", "final_grant"),
            RECONCILIATION_COLUMNS,
            strict=False,
        )
    ),
    "line_id": "Line",
    "ddo": "DDO",
    "rule_id": "Rule",
}
_SHEET_NAMES: Final[Mapping[str, str]] = {
    "RevisedEstimate": "Revised estimates",
    "Deadline": "Deadlines",
    "Indicator": "Indicators",
    "CatalogueEntry": "Chart of Accounts",
    "Event": "Project history",
    "BudgetLine": "Lines",
    "Finding": "Findings",
}
_WIDE: Final = frozenset({"description", "message", "subject", "activity", "name", "note"})


def _heading(name: str) -> str:
    return _HEADINGS.get(name) or name.replace("_", " ").capitalize()


def _value(value: object) -> XlsxCell:
    if value is None or isinstance(value, str | Decimal):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return value
    if hasattr(value, "isoformat") and not hasattr(value, "hour"):
        return value  # type: ignore[return-value]  # a date
    return str(value)


def _table(
    name: str,
    title: str,
    columns: Sequence[_Col],
    records: Sequence[Any],
    *,
    totals: bool = True,
    notes: Iterable[str] = (),
) -> XlsxSheet:
    xlsx_columns = [
        XlsxColumn(
            c.name,
            _heading(c.name),
            kind=_XLSX_KIND[c.kind],
            width=48 if c.name in _WIDE else None,
        )
        for c in columns
    ]
    rows = [{c.name: _value(c.get(r)) for c in columns} for r in records]
    total_rows: list[dict[str, XlsxCell]] = []
    if totals and any(c.kind == "amount" for c in columns) and records:
        total: dict[str, XlsxCell] = {columns[0].name: "Total"}
        for c in columns:
            if c.kind == "amount":
                total[c.name] = sum((r[c.name] or ZERO for r in rows), ZERO)
        total_rows.append(total)
    return XlsxSheet(name, title, xlsx_columns, rows, totals=total_rows, notes=tuple(notes))


def _abstract_sheets(abstract: FinancialAbstract) -> list[XlsxSheet]:
    fund, pa = abstract.district_fund, abstract.public_account
    items = (
        ("Cash Balance on July 1st", "opening_balance"),
        ("Receipts", "receipts"),
        ("Current Expenditure", "current_expenditure"),
        ("Development Expenditure", "development_expenditure"),
        ("Total Expenditure", "total_expenditure"),
        ("Closing Balance on June 30th", "closing_balance"),
    )
    accounts = (
        ("Opening Balance on July 1st", "opening_balance"),
        ("Assets", "assets"),
        ("Liabilities", "liabilities"),
        ("Closing Balance on June 30th", "closing_balance"),
    )
    sheets = []
    for name, title, parts, rows in (
        ("ABS A District Fund", "A. District Fund", fund, items),
        ("ABS B Public Account", "B. Public Account", pa, accounts),
    ):
        columns = [XlsxColumn("item", "Rupees", width=34)] + [
            XlsxColumn(p.column.value, p.column.title, kind="amount") for p in parts
        ]
        body = [
            {"item": label, **{p.column.value: getattr(p, attr) for p in parts}}
            for label, attr in rows
        ]
        sheets.append(
            XlsxSheet(
                name,
                f"Form ABS - Financial Abstract, {abstract.district}, budget year "
                f"{abstract.year}: {title}",
                columns,
                body,
                caption=("[See Rule 57(1)(a)]", "Rupees"),
            )
        )
    return sheets


def sheets_of(obj: object, *, name: str | None = None) -> tuple[XlsxSheet, ...]:
    """The sheets of ``obj`` (see the module notes); ``name`` renames a one-sheet table."""
    if isinstance(obj, AnnualBudgetStatement):
        columns, records = _of(obj)
        return (
            *_abstract_sheets(obj.abstract()),
            _table(name or "Lines", f"Budget lines, {obj.subject}", columns, records),
        )
    if isinstance(obj, FinancialAbstract):
        return tuple(_abstract_sheets(obj))
    columns, records = _of(obj)
    if isinstance(obj, MonthlyReconciliation):
        title = f"{obj.title} - {obj.district}, month {obj.month}"
        return (_table(name or obj.form, title, columns[2:], records),)
    if isinstance(obj, ExcessesAndSurrenders):
        title = (
            f"FORM BM-13 STATEMENT OF EXCESSES AND SURRENDERS ({obj.year}) - {obj.district}, "
            f"actuals to {obj.cut_off}"
        )
        return (_table(name or "BM-13", title, columns, records),)
    if isinstance(obj, Rollup):
        title = f"Roll-up by {type(obj.level).__name__}.{obj.level.name}"
        return (_table(name or "Roll-up", title, columns[1:], records),)
    if isinstance(obj, Position):
        return (_table(name or "Position", f"Position as of {obj.as_of}", columns[1:], records),)
    if isinstance(obj, Ledger):
        title = f"Ledger movements, {obj.district} {obj.year}"
        return (_table(name or "Movements", title, columns, records, totals=False),)
    if isinstance(obj, Report):
        title = obj.title or "Findings"
        notes = (obj.summary(),)
        return (_table(name or "Findings", title, columns, records, notes=notes),)
    if isinstance(obj, Scoreboard):
        title = f"Scorecards {obj.window} ({obj.formula})"
        return (_table(name or "Scorecards", title, columns, records, totals=False),)
    kind = type(records[0]).__name__
    title = name or _SHEET_NAMES.get(kind, kind)
    return (_table(title[:31], title, columns, records),)


def write_xlsx(target: str | Path | IO[bytes], *statements: object) -> None:
    """Write the sheets of each statement (:func:`sheets_of`) as one workbook; a sheet name
    used twice gets a number."""
    sheets: list[XlsxSheet] = []
    seen: set[str] = set()
    for statement in statements:
        for sheet in sheets_of(statement):
            name, n = sheet.name, 1
            while name.lower() in seen:
                n += 1
                name = f"{sheet.name[:27]} ({n})"
            seen.add(name.lower())
            sheets.append(sheet if name == sheet.name else _renamed(sheet, name))
    write_workbook(sheets, target)


def _renamed(sheet: XlsxSheet, name: str) -> XlsxSheet:
    import attrs

    return attrs.evolve(sheet, name=name)
