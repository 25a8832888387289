"""``read_csv_all`` splits a CSV line without quotes at its commas and hands a line with a quote
to ``csv.reader`` (issue 12); the rows, the row numbers and every refusal are those the csv
module alone gives."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpgov import _files as files
from kpgov.errors import ParseError
from kpgov.io.files import read_csv_all

#: Pieces of CSV text: plain cells, commas, quotes, line breaks, blanks, stray quotes.
PIECES = st.sampled_from(
    ("a", "5", " x ", ",", ",", "\n", "\n", '"', '""', '"q,r"', '"m\nn"', "\r\n", "\r", "é", "")
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)


def _csv_module(text: str) -> tuple[str, object]:
    try:
        return "read", _blank(list(csv.reader(io.StringIO(text, newline="")))[1:])
    except csv.Error:
        return "refused", None


def _blank(rows: list[list[str]]) -> list[list[str]]:
    """Blank rows alike (``csv.reader`` gives ``[]`` for a blank line, the split ``[""]``)."""
    return [row or [""] for row in rows]


@settings(deadline=None, max_examples=300)
@given(text=TEXTS, windows=st.booleans())
def test_plain_records_are_what_the_csv_module_reads(text: str, windows: bool) -> None:
    text = "h\n" + text
    if windows:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    records = files._plain_records(text)
    if records is not None:
        assert ("read", _blank(records)) == _csv_module(text)


def _read(path: Path, *, fast: bool) -> tuple[str, object]:
    try:
        if fast:
            return "read", read_csv_all(path, required=("a",))
        with mock.patch.object(files, "_plain_records", return_value=None):  # csv module alone
            return "read", read_csv_all(path, required=("a",))
    except ParseError as error:
        return "refused", (error.message, error.row, error.field)


@settings(deadline=None, max_examples=150)
@given(
    text=TEXTS,
    header=st.sampled_from(("a,b,c\n", 'a,"b",c\n', "a,b\n", "b\n")),
    windows=st.booleans(),
)
def test_read_csv_all_reads_and_refuses_as_with_the_csv_module_alone(
    tmp_path_factory: pytest.TempPathFactory, text: str, header: str, windows: bool
) -> None:
    text = header + text
    if windows:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_bytes(text.encode("utf-8"))
    assert _read(path, fast=True) == _read(path, fast=False)


def test_a_quoted_cell_over_several_lines_is_one_row(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('a,b\n1,"two\nlines"\n3,4\n\n5,"6"\n', encoding="utf-8")
    header, numbers, rows = read_csv_all(path)
    assert header == ["a", "b"]
    assert rows == [["1", "two\nlines"], ["3", "4"], ["5", "6"]]
    assert numbers == [2, 3, 5]
    assert files._plain_records(path.read_text(encoding="utf-8")) is not None
    path.write_bytes(b'a,b\r\n1,"two\r\nlines"\r\n3,4\r\n\r\n5,"6"\r\n')
    assert read_csv_all(path) == (header, numbers, [["1", "two\r\nlines"], ["3", "4"], ["5", "6"]])
    assert files._plain_records(path.read_bytes().decode()) is not None
