"""Reading and writing budgets: JSON documents, the budget-lines CSV, and the JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from budget_support import CATALOGUE, clean_statement

from kpgov.budget import LineKind, check_budget
from kpgov.errors import ParseError
from kpgov.io.budget import (
    BUDGET_FORMAT,
    CSV_COLUMNS,
    budget_json_schema,
    budget_to_data,
    dump_budget,
    format_lines_csv,
    load_budget,
    load_budget_lines,
    statement_from_data,
)
from kpgov.periods import FinancialYear
from kpgov.testing import synthetic_statement


def test_a_budget_round_trips_through_json(tmp_path: Path) -> None:
    statement = clean_statement()
    dump_budget(statement, tmp_path / "budget.json")
    assert load_budget(tmp_path / "budget.json") == statement


def test_lines_can_live_in_a_csv_named_by_the_document(tmp_path: Path) -> None:
    statement = synthetic_statement("Rt", "RT", FinancialYear(2025), lines=200, seed=3)
    dump_budget(statement, tmp_path / "budget.json", lines_file="lines.csv")
    data = json.loads((tmp_path / "budget.json").read_text())
    assert "lines" not in data
    assert data["lines_file"] == "lines.csv"
    assert load_budget(tmp_path / "budget.json") == statement


def test_documents_validate_against_the_generated_schema(tmp_path: Path) -> None:
    schema = budget_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(json.dumps(budget_to_data(clean_statement())))
    jsonschema.validate(data, schema)
    data["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_the_schema_follows_the_models() -> None:
    schema = budget_json_schema()
    line = schema["$defs"]["BudgetLine"]
    assert line["required"] == ["line_id", "kind", "entity", "object"]
    assert line["properties"]["kind"] == {"enum": [k.value for k in LineKind]}
    assert line["properties"]["outer_1"]["anyOf"][-1] == {"type": "null"}
    assert schema["properties"]["format"] == {"const": BUDGET_FORMAT}


def test_unknown_keys_and_bad_values_name_where_they_are() -> None:
    data = budget_to_data(clean_statement())
    data["lines"][1]["be_next"] = "12x"
    with pytest.raises(ParseError) as bad:
        statement_from_data(data, file="budget.json")
    assert bad.value.file == "budget.json"
    assert bad.value.field == "$.lines[1].be_next"
    data = budget_to_data(clean_statement())
    data["format"] = "kpgov.budget/9"
    with pytest.raises(ParseError, match="unknown budget format"):
        statement_from_data(data)


def test_the_csv_reads_amounts_as_documents_print_them(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text(
        "kind,entity,object,function,fund,be_next,outer_1,outer_2,lump_sum,description\n"
        'current,TST-EDU-ED01,A01101,011105,DF-R-1-002,"4,31,63,871",12 lakh,,yes,Pay\n'
    )
    (line,) = load_budget_lines(path)
    assert line.line_id == "row-2"
    assert line.be_next == 43163871
    assert line.outer_1 == 1200000
    assert line.outer_2 is None
    assert line.lump_sum


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("current,TST-EDU-ED01,A0110,1", "object", "a detailed code 6"),
        ("current,TST-EDU-ED01,A01101,1x", "be_next", "not an amount"),
        ("spending,TST-EDU-ED01,A01101,1", "kind", "not a valid kind"),
    ],
)
def test_a_bad_csv_row_names_file_row_and_column(
    tmp_path: Path, row: str, field: str, message: str
) -> None:
    path = tmp_path / "lines.csv"
    path.write_text("kind,entity,object,be_next\ncurrent,TST-EDU-ED01,A01101,5\n" + row + "\n")
    with pytest.raises(ParseError, match=message) as bad:
        load_budget_lines(path)
    assert (bad.value.file, bad.value.row, bad.value.field) == (str(path), 3, field)


def test_an_unknown_csv_column_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text("kind,entity,object,be_next,colour\ncurrent,TST-EDU-ED01,A01101,5,red\n")
    with pytest.raises(ParseError, match="unknown column 'colour'"):
        load_budget_lines(path)


def test_the_csv_writer_and_reader_agree(tmp_path: Path) -> None:
    statement = clean_statement()
    text = format_lines_csv(statement.lines)
    assert text.splitlines()[0].split(",") == list(CSV_COLUMNS)
    path = tmp_path / "lines.csv"
    path.write_text(text)
    assert load_budget_lines(path) == statement.lines


def test_a_loaded_budget_checks_like_the_original(tmp_path: Path) -> None:
    statement = clean_statement()
    dump_budget(statement, tmp_path / "b.json", lines_file="b.csv")
    loaded = load_budget(tmp_path / "b.json")
    assert check_budget(loaded, catalogue=CATALOGUE) == check_budget(statement, catalogue=CATALOGUE)
