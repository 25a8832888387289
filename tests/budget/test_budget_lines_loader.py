"""The budget-lines loader: its fast path (each distinct cell converted once, validated lines
built by ``BudgetLine.trusted``) gives exactly what the ordinary constructor gives."""

from __future__ import annotations

import tempfile
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpgov.budget import BudgetLine
from kpgov.budget._lines import TRUSTED_FIELDS, trusted_line
from kpgov.errors import Location, ParseError, is_provenance
from kpgov.io.budget import format_lines_csv, load_budget_lines
from kpgov.testing import budget_lines


def _values(line: BudgetLine) -> dict[str, object]:
    return {f.name: getattr(line, f.name) for f in attrs.fields(BudgetLine) if not is_provenance(f)}


@settings(max_examples=30, deadline=None)
@given(st.lists(budget_lines(), min_size=1, max_size=12, unique_by=lambda line: line.line_id))
def test_the_loader_reads_back_what_the_constructor_built(lines: list[BudgetLine]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lines.csv"
        path.write_text(format_lines_csv(lines), encoding="utf-8")
        loaded = load_budget_lines(path)
    assert loaded == tuple(lines)
    for number, (read, built) in enumerate(zip(loaded, lines, strict=True), start=2):
        assert _values(read) == _values(built)
        assert read.origin == Location(str(path), number)
        # every value has the very type the constructor's converters give
        assert [type(getattr(read, n)) for n in TRUSTED_FIELDS] == [
            type(getattr(built, n)) for n in TRUSTED_FIELDS
        ]


@settings(max_examples=30, deadline=None)
@given(budget_lines())
def test_trusted_construction_equals_the_constructor(line: BudgetLine) -> None:
    values = tuple(getattr(line, name) for name in TRUSTED_FIELDS)
    made = trusted_line(*values, origin=Location("x.csv", 2))
    assert made == line
    assert BudgetLine.trusted(values, None) == line
    assert made.origin == Location("x.csv", 2)
    assert hash(made) == hash(line)


def test_a_line_that_breaks_its_own_rules_is_located(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text(
        "kind,entity,object,be_next,account\n"
        "current,TST-EDU-ED01,A01101,5,\n"
        "public_account,TST-EDU-ED01,G11101,5,\n",  # a Public Account line names its account
        encoding="utf-8",
    )
    with pytest.raises(ParseError, match="needs its major account") as caught:
        load_budget_lines(path)
    assert (caught.value.file, caught.value.row, caught.value.field) == (str(path), 3, "account")


def test_the_csv_columns_are_a_budget_lines_fields_in_order() -> None:
    """The columnar reader takes its columns from the fields; the CSV format states them."""
    from kpgov.budget import TRUSTED_FIELDS
    from kpgov.io.budget import CSV_COLUMNS

    assert CSV_COLUMNS == TRUSTED_FIELDS
