"""Reading files: errors name the file, the line or row, and the column."""

from decimal import Decimal
from pathlib import Path

import pytest

from kpgov.errors import ParseError
from kpgov.io import read_csv_rows, read_json


def test_json_numbers_with_a_point_are_read_as_decimal(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"amount": 0.1}', encoding="utf-8")
    assert read_json(path) == {"amount": Decimal("0.1")}


def test_bad_json_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "a": 1,\n  oops\n}', encoding="utf-8")
    with pytest.raises(ParseError, match="not valid JSON") as caught:
        read_json(path)
    assert caught.value.file == str(path)
    assert caught.value.row == 3
    with pytest.raises(ParseError, match="no such file"):
        read_json(tmp_path / "missing.json")


def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text("code,amount\nA01101, 5 \nA01102,7\n", encoding="utf-8")
    assert list(read_csv_rows(path, required=("code",))) == [
        (2, {"code": "A01101", "amount": "5"}),
        (3, {"code": "A01102", "amount": "7"}),
    ]


def test_csv_problems_are_located(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text("code,amount\nA01101,5,extra\n", encoding="utf-8")
    with pytest.raises(ParseError, match="missing column 'object'") as caught:
        list(read_csv_rows(path, required=("object",)))
    assert caught.value.field == "object"
    with pytest.raises(ParseError, match="more cells") as caught:
        list(read_csv_rows(path))
    assert caught.value.row == 2
