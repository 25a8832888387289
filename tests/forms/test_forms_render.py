"""Renderings agree: the XLSX opened again with openpyxl equals the JSON rendering cell by cell;
CSV carries the same numbers; HTML is self-contained and escaped."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from openpyxl import load_workbook
from test_forms_fillers import statements

from kpgov.budget import AnnualBudgetStatement
from kpgov.forms import (
    FilledForm,
    all_forms,
    blank_form,
    fill_abs,
    fill_bdc_1,
    fill_bdo_1,
    fill_bdr_1,
    form_sheets,
    form_to_csv,
    form_to_html,
    form_to_json,
    write_forms_xlsx,
)
from kpgov.io.budget import load_budget

EXAMPLE = Path(__file__).resolve().parents[2] / "src/kpgov/data/examples/budget/district.json"


@pytest.fixture(scope="module")
def example() -> AnnualBudgetStatement:
    return load_budget(EXAMPLE)


def _cell(value: object) -> object:
    """An XLSX number as the exact Decimal it holds."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return Decimal(repr(value))
    return value


def _ranges(ws: Any, name: str) -> list[list[object]]:
    if name not in ws.defined_names:
        return []
    ref = ws.defined_names[name].attr_text.split("!", 1)[1].replace("$", "")
    return [[_cell(c.value) for c in row] for row in ws[ref]]


def _as_json_rows(rows: list[dict[str, Any]], columns: list[dict[str, Any]]) -> list[list[object]]:
    """JSON rows as cells: amounts (decimal strings) and counts as Decimals."""
    numeric = {c["key"] for c in columns if c["kind"] in ("amount", "count", "percent")}
    keys = [c["key"] for c in columns] or ["blank"]
    return [
        [
            Decimal(row[key]) if key in numeric and row.get(key) is not None else row.get(key)
            for key in keys
        ]
        for row in rows
    ]


def _compare(forms: list[FilledForm]) -> None:
    buffer = io.BytesIO()
    write_forms_xlsx(forms, buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    sheets = [sheet for filled in forms for sheet in form_sheets(filled)]
    assert book.sheetnames == [sheet.name for sheet in sheets]
    for sheet, filled in zip(sheets, forms, strict=True):
        ws = book[sheet.name]
        for number, part in enumerate(form_to_json(filled)["parts"], start=1):
            suffix = "" if number == 1 else f"_{number}"
            assert _ranges(ws, "data" + suffix) == _as_json_rows(part["rows"], part["columns"])
            assert _ranges(ws, "totals" + suffix) == _as_json_rows(part["totals"], part["columns"])
        # Amount cells are numbers, never text.
        for row in ws.iter_rows():
            for cell in row:
                if cell.number_format.startswith("[>=10000000]"):
                    assert isinstance(cell.value, int | float)


def test_the_example_district_xlsx_equals_its_json(example: AnnualBudgetStatement) -> None:
    _compare([fill_abs(example), fill_bdc_1(example), fill_bdr_1(example), fill_bdo_1(example)])


@settings(max_examples=15)
@given(statements())
def test_random_budgets_xlsx_equals_json(statement: AnnualBudgetStatement) -> None:
    _compare([fill_abs(statement), fill_bdc_1(statement)])


def test_every_blank_form_renders_in_every_format(tmp_path: Path) -> None:
    blanks = [blank_form(form) for form in all_forms()]
    write_forms_xlsx(blanks, tmp_path / "blank.xlsx")
    book = load_workbook(tmp_path / "blank.xlsx")
    assert book.sheetnames == [f.id for f in all_forms()]
    for filled in blanks:
        json.dumps(form_to_json(filled))
        assert form_to_csv(filled).startswith("part,row")
        assert f"FORM {filled.form.id}" in form_to_html(filled)


def test_csv_carries_the_same_numbers(example: AnnualBudgetStatement) -> None:
    filled = fill_bdc_1(example)
    rows = list(csv.reader(io.StringIO(form_to_csv(filled))))
    total = next(r for r in rows if r[:2] == ["total", "total"])
    heading = rows[0]
    index = heading.index("Budget Estimates (Next Year) - Total")
    assert Decimal(total[index]) == filled.part("total").total("be_next_total")


def test_html_is_escaped_and_self_contained(example: AnnualBudgetStatement) -> None:
    statement = attrs.evolve(example, district='<script>alert("x")</script> & co')
    page = form_to_html(fill_abs(statement))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in page
    assert "http" not in page  # no external stylesheet, script or image
    assert 'colspan="3">B.E (Current Year)</th>' in page
