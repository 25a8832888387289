"""The budget-lines loader's column fast paths (issue 12) read every cell as the constructor
does: a column of plain amounts through ``Decimal`` alone, any other column a distinct cell at
a time (stripped once); the values are those of ``BudgetLine(...)`` down to the Decimal's
digits, and a bad cell is reported at its row and column, never escaping as another error."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpgov.budget import BudgetLine
from kpgov.errors import LoadError, ParseError
from kpgov.io.budget import load_budget_lines
from kpgov.money import parse_amount

#: Amount cells: plain, padded, grouped, signed, zero in its spellings, out of bounds, broken.
CELLS = st.one_of(
    st.integers(-(10**16), 10**16).map(str),
    st.decimals(min_value=-(10**9), max_value=10**9, places=4).map(str),
    st.sampled_from(
        (
            "0",
            "-0",
            "-0.00",
            "-00.5",
            "007",
            "0.0001",
            "0.00001",
            " 5000 ",
            "\t12",
            "1,20,000",
            "12 lakh",
            "(200)",
            "Rs. 500",
            "999999999999999",
            "999999999999999.9999",
            "1000000000000000",
            "1e3",
            "5\n6",
            "x",
            "",
            "٥٠٠",
        )
    ),
)


def _table(cells: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kind", "entity", "object", "be_next", "outer_1"])
    for number, cell in enumerate(cells):
        writer.writerow(["current", "TST-EDU-ED01", f"A0{1101 + number % 50}", cell, cell])
    return out.getvalue()


def _expected(cell: str, *, optional: bool) -> Decimal | ParseError | None:
    text = cell.strip()
    if not text:
        return None if optional else ParseError("be_next is required")
    try:
        return parse_amount(text)
    except ParseError as error:
        return error


@settings(max_examples=60, deadline=None)
@given(cells=st.lists(CELLS, min_size=1, max_size=8))
def test_amount_cells_read_as_parse_amount_reads_them(
    tmp_path_factory: pytest.TempPathFactory, cells: list[str]
) -> None:
    path = Path(tmp_path_factory.mktemp("amounts")) / "lines.csv"
    path.write_text(_table(cells), encoding="utf-8")
    expected = [(_expected(c, optional=False), _expected(c, optional=True)) for c in cells]
    bad = {
        (row, column)
        for row, pair in enumerate(expected, start=2)
        for column, value in zip(("be_next", "outer_1"), pair, strict=True)
        if isinstance(value, ParseError)
    }
    if bad:
        with pytest.raises(ParseError) as caught:
            load_budget_lines(path)
        error = caught.value
        problems = error.problems if isinstance(error, LoadError) else (error,)
        assert {(p.row, p.field) for p in problems} == bad
        return
    lines = load_budget_lines(path)
    for line, (be_next, outer_1) in zip(lines, expected, strict=True):
        # the same value, and the same digits (str tells Decimal("-0") from Decimal("0"))
        assert (str(line.be_next), str(line.outer_1)) == (str(be_next), str(outer_1))
        built = BudgetLine(
            line.line_id,
            kind="current",
            entity="TST-EDU-ED01",
            object=str(line.object),
            be_next=line.be_next,
            outer_1=line.outer_1,
        )
        assert str(built.be_next) == str(line.be_next)


def test_a_cell_with_a_line_break_is_a_located_error_not_a_decimal_crash(tmp_path: Path) -> None:
    """A quoted cell holding a line break once passed the column check (one match over the
    column's cells joined by line breaks) and escaped as decimal.InvalidOperation."""
    path = tmp_path / "lines.csv"
    path.write_text(_table(["5\n6", "7"]), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_budget_lines(path)
    assert [(p.row, p.field) for p in caught.value.problems] == [(2, "be_next"), (2, "outer_1")]


def test_minus_zero_is_zero_as_the_constructor_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text(_table(["-0", "-0.00", "-5"]), encoding="utf-8")
    read = [str(line.be_next) for line in load_budget_lines(path)]
    assert read == ["0", "0.00", "-5"]
    assert read == [str(parse_amount(text)) for text in ("-0", "-0.00", "-5")]


def test_padded_code_cells_are_stripped_once_per_distinct_cell(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text(
        "kind,entity,object,be_next,proposal\n"
        " current ,TST-EDU-ED01 ,A01101, 5 ,  \n"
        "current, TST-EDU-ED01,A01102,6, P-1 \n",
        encoding="utf-8",
    )
    first, second = load_budget_lines(path)
    assert first.kind is second.kind
    assert first.entity == second.entity
    assert (first.be_next, second.be_next) == (Decimal(5), Decimal(6))
    assert (first.proposal, second.proposal) == (None, "P-1")
