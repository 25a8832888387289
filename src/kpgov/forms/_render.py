"""Renderers of filled forms: XLSX (through :func:`kpgov.io.write_workbook`), CSV, HTML, JSON.

All four print the same cells. Amounts stay exact: XLSX cells hold the Decimal's digits, JSON
carries them as strings (as :mod:`kpgov.convert` does), CSV as plain numbers, and HTML shows
them with South Asian grouping.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from kpgov.forms._filled import FilledForm, FilledPart, FormRow
from kpgov.forms._model import FormColumn
from kpgov.io import XlsxCell, XlsxColumn, XlsxSheet, XlsxTable, write_workbook
from kpgov.money import format_amount

__all__ = [
    "form_sheets",
    "form_to_csv",
    "form_to_html",
    "form_to_json",
    "forms_to_html",
    "write_forms_xlsx",
]


def _sheet_name(filled: FilledForm) -> str:
    """``BDC-1``, ``BSF-1 EDU``: the form, and the office of a per-office form."""
    if filled.instance:
        return f"{filled.form.id} {filled.instance[:16]}"
    return filled.form.id


def _caption(filled: FilledForm) -> list[str]:
    lines = [filled.form.see_rules]
    lines.extend(f"{field}: {value}" for field, value in filled.header)
    return lines


def _part_caption(part: FilledPart) -> list[str]:
    return [text for text in (part.title, part.unit) if text]


def _notes(filled: FilledForm) -> list[str]:
    notes = [f"Note: {note}" for note in filled.form.notes]
    notes.extend(f"kpgov: {remark}" for remark in filled.remarks)
    return notes


def _xlsx_columns(part: FilledPart) -> list[XlsxColumn]:
    columns = part.columns or (FormColumn("blank", "(headings not in the seed text)"),)
    return [
        XlsxColumn(c.key, c.heading, c.group, c.kind, 40 if i == 0 else None)
        for i, c in enumerate(columns)
    ]


def form_sheets(filled: FilledForm) -> list[XlsxSheet]:
    """The worksheet of ``filled``: one sheet per form, its parts one below the other (the
    first part's data and totals are the sheet's ``data`` and ``totals`` ranges, the second's
    ``data_2`` and ``totals_2`` ...), A4 landscape, or legal paper for forms of more than nine
    amount columns."""
    first, *others = filled.parts
    amounts = max(sum(1 for c in p.columns if c.kind == "amount") for p in filled.parts)
    return [
        XlsxSheet(
            name=_sheet_name(filled),
            title=f"FORM {filled.form.id} - {filled.form.title}",
            caption=[*_caption(filled), *_part_caption(first)],
            columns=_xlsx_columns(first),
            rows=first.rows,
            totals=first.totals,
            tables=[
                XlsxTable(
                    part.title,
                    _xlsx_columns(part),
                    part.rows,
                    part.totals,
                    [part.unit] if part.unit else [],
                )
                for part in others
            ],
            notes=_notes(filled),
            paper="legal" if amounts > 9 else "A4",
        )
    ]


def write_forms_xlsx(forms: Iterable[FilledForm], target: str | Path | IO[bytes]) -> None:
    """Write ``forms`` as one workbook (a submission), a sheet per form."""
    write_workbook([sheet for filled in forms for sheet in form_sheets(filled)], target)


# ----------------------------------------------------------------------------- JSON


def _json_value(value: XlsxCell) -> str | int | None:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _json_row(row: FormRow, columns: Sequence[FormColumn]) -> dict[str, Any]:
    return {c.key: _json_value(row.get(c.key)) for c in columns if row.get(c.key) is not None}


def form_to_json(filled: FilledForm) -> dict[str, Any]:
    """``filled`` as JSON-ready data: the form's identity, header, parts (columns, rows,
    totals), notes and kpgov's remarks; amounts are decimal strings."""
    form = filled.form
    return {
        "form": form.id,
        "title": form.title,
        "see_rules": form.see_rules,
        "cited_by": list(form.cited_by),
        "filled_from": filled.filled_from,
        "header": dict(filled.header),
        "parts": [
            {
                "key": part.key,
                "title": part.title,
                "unit": part.unit,
                "columns": [
                    {
                        "key": c.key,
                        "heading": c.heading,
                        "group": list(c.group),
                        "kind": c.kind,
                        "printed": c.printed,
                        **({"basis": c.basis} if c.basis else {}),
                    }
                    for c in part.columns
                ],
                "rows": [_json_row(row, part.columns) for row in part.rows],
                "totals": [_json_row(row, part.columns) for row in part.totals],
            }
            for part in filled.parts
        ],
        "notes": list(form.notes),
        "remarks": list(filled.remarks),
        "quality": list(form.quality),
    }


# ------------------------------------------------------------------------------ CSV


def _heading(column: FormColumn) -> str:
    return " - ".join((*column.group, column.heading))


def _csv_value(value: XlsxCell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def form_to_csv(filled: FilledForm) -> str:
    """``filled`` as CSV: for each part a header line (``part``, ``row`` and the headings,
    grouped headings joined with `` - ``), then its data rows (``row`` = ``data``) and totals
    rows (``row`` = ``total``); parts are separated by an empty line. Amounts are plain
    numbers."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for index, part in enumerate(filled.parts):
        if index:
            writer.writerow([])
        writer.writerow(["part", "row", *(_heading(c) for c in part.columns)])
        for kind, rows in (("data", part.rows), ("total", part.totals)):
            for row in rows:
                writer.writerow(
                    [part.key, kind, *(_csv_value(row.get(c.key)) for c in part.columns)]
                )
    return out.getvalue()


# ----------------------------------------------------------------------------- HTML

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5em; }
h1 { font-size: 1.2em; } h2 { font-size: 1em; margin-top: 1.5em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #555; padding: 2px 6px; }
th { background: #ddd; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: bold; border-top: 3px double #000; }
.quality { color: #8a4b00; } .caption { color: #333; }
"""


def _html_value(value: XlsxCell, column: FormColumn) -> str:
    if value is None:
        return "<td></td>"
    if isinstance(value, Decimal) and column.kind == "amount":
        return f'<td class="n">{html.escape(format_amount(value))}</td>'
    if isinstance(value, Decimal | int) and column.kind == "percent":
        return f'<td class="n">{html.escape(format(Decimal(value) * 100, "f"))}%</td>'
    if isinstance(value, Decimal | int):
        return f'<td class="n">{html.escape(str(value))}</td>'
    if isinstance(value, dt.date):
        return f"<td>{value.strftime('%d-%m-%Y')}</td>"
    return f"<td>{html.escape(str(value))}</td>"


def _thead(columns: Sequence[FormColumn]) -> str:
    """Grouped headings as ``colspan`` cells, leaf headings spanning down to the last row."""
    depth = 1 + max((len(c.group) for c in columns), default=0)
    rows: list[list[tuple[int, str]]] = [[] for _ in range(depth)]
    for level in range(depth - 1):
        index = 0
        while index < len(columns):
            group = columns[index].group
            if len(group) <= level:
                index += 1
                continue
            end = index
            prefix = group[: level + 1]
            while end + 1 < len(columns) and columns[end + 1].group[: level + 1] == prefix:
                end += 1
            cell = f'<th colspan="{end - index + 1}">{html.escape(group[level])}</th>'
            rows[level].append((index, cell))
            index = end + 1
    for index, column in enumerate(columns):
        span = depth - len(column.group)
        text = html.escape(column.heading)
        cell = f'<th rowspan="{span}">{text}</th>' if span > 1 else f"<th>{text}</th>"
        rows[len(column.group)].append((index, cell))
    html_rows = ("".join(cell for _, cell in sorted(row)) for row in rows if row)
    return "<thead>" + "".join(f"<tr>{r}</tr>" for r in html_rows) + "</thead>"


def _table(part: FilledPart) -> str:
    if not part.columns:
        return '<p class="quality">The column headings of this form are not in the seed text.</p>'
    body = "".join(
        "<tr>" + "".join(_html_value(row.get(c.key), c) for c in part.columns) + "</tr>"
        for row in part.rows
    )
    foot = "".join(
        "<tr>" + "".join(_html_value(row.get(c.key), c) for c in part.columns) + "</tr>"
        for row in part.totals
    )
    return (
        f"<table>{_thead(part.columns)}<tbody>{body}</tbody>"
        + (f"<tfoot>{foot}</tfoot>" if foot else "")
        + "</table>"
    )


def _section(filled: FilledForm) -> str:
    form = filled.form
    out = [
        f'<section id="{html.escape(form.id)}">',
        f"<h1>FORM {html.escape(form.id)} - {html.escape(form.title)}</h1>",
        f'<p class="caption">{html.escape(form.see_rules)}</p>',
    ]
    if filled.header:
        out.append(
            "<dl>"
            + "".join(
                f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in filled.header
            )
            + "</dl>"
        )
    for part in filled.parts:
        if part.title:
            out.append(f"<h2>{html.escape(part.title)}</h2>")
        if part.unit:
            out.append(f'<p class="caption">{html.escape(part.unit)}</p>')
        out.append(_table(part))
    out.extend(f"<p>{html.escape(note)}</p>" for note in _notes(filled))
    out.extend(f'<p class="quality">Source note: {html.escape(q)}</p>' for q in form.quality)
    out.append("</section>")
    return "\n".join(out)


def forms_to_html(forms: Iterable[FilledForm], *, title: str = "Budget forms") -> str:
    """A self-contained HTML page (no scripts, no external files) printing ``forms``; every
    text is escaped."""
    sections = "\n".join(_section(filled) for filled in forms)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>\n"
        f"<body>\n{sections}\n</body></html>\n"
    )


def form_to_html(filled: FilledForm) -> str:
    """``filled`` as a self-contained HTML page."""
    return forms_to_html([filled], title=f"Form {filled.form.id}")
