"""DataFrames and Arrow tables: every statement kpgov computes tabulates with typed columns,
and budget lines and ledger movements come back from frames, Arrow tables and workbooks with
every amount exact."""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpgov.accounts import (
    EntityLevel,
    FunctionLevel,
    FundKind,
    FundLevel,
    ObjectLevel,
    roll_up,
    shipped_catalogue,
)
from kpgov.adp import Actor, FundingSource, Project, ProjectKind, ProjectLog, Role
from kpgov.budget import (
    Appropriation,
    AppropriationHead,
    BudgetLine,
    Expenditure,
    Ledger,
    LineKind,
    Office,
    ReAppropriation,
    Receipt,
    Withdrawal,
    check_budget,
    excesses_and_surrenders,
    monthly_reconciliation,
    revised_estimates,
    schedule_of_authorized_expenditure,
)
from kpgov.calendar import budget_calendar
from kpgov.errors import LoadError, ValidationError, source_of
from kpgov.indicators import load_catalogue
from kpgov.io import (
    ledger_from_frame,
    lines_from_frame,
    movements_from_frame,
    read_budget_lines,
    read_movements,
    to_arrow,
    to_pandas,
    write_xlsx,
)
from kpgov.io.budget import load_budget
from kpgov.periods import FinancialYear
from kpgov.testing import amounts, budget_lines, entity_codes, fund_codes, object_codes

EXAMPLE = Path(__file__).parents[2] / "src" / "kpgov" / "data" / "examples" / "budget"
AMOUNTS = ("actual", "be_current", "re_current", "be_next", "outer_1", "outer_2")


@pytest.fixture(scope="module")
def statement():
    return load_budget(EXAMPLE / "district.json")


def _unique(lines: list[BudgetLine]) -> list[BudgetLine]:
    seen: dict[str, BudgetLine] = {}
    for line in lines:
        seen.setdefault(line.line_id, line)
    return list(seen.values())


lines_lists = st.lists(budget_lines(), min_size=1, max_size=8).map(_unique)


# ------------------------------------------------------------------------- round trips


@given(lines_lists)
def test_lines_round_trip_through_a_dataframe_exactly(lines):
    frame = to_pandas(lines)
    assert lines_from_frame(frame) == tuple(lines)
    for name in AMOUNTS:  # the decimal columns sum exactly
        expected = sum((getattr(x, name) or Decimal(0) for x in lines), Decimal(0))
        assert frame[name].fillna(Decimal(0)).sum() == expected


@given(lines_lists)
def test_lines_round_trip_through_arrow_exactly(lines):
    table = to_arrow(lines)
    assert pa.types.is_decimal(table.schema.field("be_next").type)
    assert lines_from_frame(table) == tuple(lines)


@given(lines_lists)
def test_lines_round_trip_through_int64_paisa(lines):
    frame = to_pandas(lines, amounts="paisa")
    assert str(frame["be_next"].dtype) == "int64[pyarrow]"
    assert lines_from_frame(frame, amounts="paisa") == tuple(lines)


@settings(max_examples=25)  # a workbook a case: slower than the frames
@given(lines_lists)
def test_lines_round_trip_through_xlsx_exactly(lines):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lines.xlsx"
        write_xlsx(path, lines)
        assert read_budget_lines(path) == tuple(lines)


def test_the_example_round_trips_through_every_path(statement, tmp_path):
    assert lines_from_frame(to_pandas(statement)) == statement.lines
    assert lines_from_frame(to_arrow(statement)) == statement.lines
    write_xlsx(tmp_path / "budget.xlsx", statement)
    assert read_budget_lines(tmp_path / "budget.xlsx", sheet="Lines") == statement.lines


def test_ledger_movements_round_trip(statement, tmp_path):
    ledger = schedule_of_authorized_expenditure(statement)
    heads = ledger.heads()
    ledger = ledger.append(
        Receipt(date(2025, 7, 4), 5_000_000, source="PFC share", from_government=True),
        Expenditure(date(2025, 7, 31), heads[0], Decimal("12500.50")),
        ReAppropriation(date(2025, 8, 10), heads[0], heads[1], 1000, order="HoO/12"),
    )
    frame = to_pandas(ledger)
    assert movements_from_frame(frame) == ledger.movements
    back = ledger_from_frame(
        frame,
        district=ledger.district,
        year=str(ledger.year),
        opening_district_fund=ledger.opening_district_fund,
        opening_public_account=ledger.opening_public_account,
    )
    assert back.position() == ledger.position()
    write_xlsx(tmp_path / "ledger.xlsx", ledger)
    read = read_movements(tmp_path / "ledger.xlsx")
    assert read == ledger.movements
    # each movement is located at its own row of the sheet (below the title and headings
    # kpgov's workbook writes), as findings need
    rows = [source_of(movement) for movement in read]
    numbers = [where.row if where else 0 for where in rows]
    assert numbers[0] > 1
    assert numbers == list(range(numbers[0], numbers[0] + len(read)))
    assert all(where and where.file and "ledger.xlsx" in where.file for where in rows)
    framed = [source_of(movement) for movement in movements_from_frame(frame)]
    assert [where.row if where else None for where in framed] == list(range(2, len(read) + 2))


# -------------------------------------------------------------------- the way back: input


def _frame(**columns: object) -> pd.DataFrame:
    base: dict[str, object] = {
        "line_id": ["EDU-1", "EDU-2"],
        "kind": ["current", "current"],
        "entity": ["ABT-EDU-ED01", "ABT-EDU-ED01"],
        "object": ["A01101", "A01202"],
        "be_next": [1_200_000, 30_000],
    }
    base.update(columns)
    return pd.DataFrame(base)


def test_numpy_integers_are_welcome():
    frame = _frame(be_next=np.array([1_200_000, 30_000], dtype=np.int64))
    lines = lines_from_frame(frame)
    assert [x.be_next for x in lines] == [Decimal(1_200_000), Decimal(30_000)]
    objects = _frame(be_next=pd.Series([np.int64(5), np.int32(7)], dtype=object))
    assert [x.be_next for x in lines_from_frame(objects)] == [Decimal(5), Decimal(7)]
    assert BudgetLine(
        line_id="X-1",
        kind="current",
        entity="ABT-EDU-ED01",
        object="A01101",
        be_next=np.int64(1200000),
    ).be_next == Decimal(1200000)


def test_floats_are_refused_naming_every_row():
    with pytest.raises(LoadError) as caught:
        lines_from_frame(_frame(be_next=[1_200_000.0, 30_000.5]), file="frame")
    assert [p.location.compact() for p in caught.value.problems] == [
        "frame:2: be_next",
        "frame:3: be_next",
    ]
    assert "binary floating point" in str(caught.value)


def test_every_bad_row_is_reported_once():
    frame = _frame(entity=["ABT-EDU-X", "ABT-EDU-ED01"], object=["A01101", "Z9"])
    with pytest.raises(LoadError) as caught:
        lines_from_frame(frame)
    assert [(p.row, p.field) for p in caught.value.problems] == [(2, "entity"), (3, "object")]


def test_missing_values_are_empty_cells():
    frame = _frame(function=[None, np.nan], outer_1=[pd.NA, 5])
    first, second = lines_from_frame(frame.astype({"outer_1": "Int64"}))
    assert (first.function, first.outer_1, second.outer_1) == (None, None, Decimal(5))


def test_unknown_columns_are_refused():
    with pytest.raises(Exception, match="unknown column 'colour'"):
        lines_from_frame(_frame(colour=["red", "blue"]))


def test_provenance_columns_name_the_original_file():
    frame = _frame(
        entity=["ABT-EDU-ED01", "ABT-EDU-X"], file=["lines.csv", "lines.csv"], row=[8, 9]
    )
    with pytest.raises(LoadError) as caught:
        lines_from_frame(frame)
    assert caught.value.problems[0].location.compact() == "lines.csv:9: entity"


# ------------------------------------------------------------------------ the way there


def test_every_statement_tabulates(statement):
    ledger = schedule_of_authorized_expenditure(statement)
    bm13 = excesses_and_surrenders(ledger)
    rollup = roll_up(
        ((x.function, x.be_next) for x in statement.lines if x.function), FunctionLevel.MAJOR
    )
    log = ProjectLog.start(
        Project(
            code="ABT-ED-0001",
            name="School",
            sponsoring_agency="Education",
            executing_agency="C&W",
            sector="Education",
            function="091102",
            location="Havelian",
            kind=ProjectKind.BUILDING,
            funding_source=FundingSource.DISTRICT_ADP,
            cost=Decimal("12000000"),
            start=date(2025, 9, 1),
            completion=date(2026, 8, 31),
        ),
        Actor("EDO Education", Role.HEAD_OF_OFFICES),
        date(2025, 7, 1),
    )
    cases = {
        "report": (check_budget(statement), 10, "severity"),
        "abstract": (statement.abstract(), 7, "closing_balance"),
        "ledger": (ledger, len(ledger), "amount"),
        "position": (ledger.position(), len(ledger.position().heads), "final_grant"),
        "bm2": (monthly_reconciliation(ledger, statement.year.month(2)), None, "progressive"),
        "bm13": (bm13, len(bm13.lines), "surrender"),
        "revised": (revised_estimates(bm13, ledger), len(bm13.lines), "revised_estimate"),
        "rollup": (rollup, len(rollup), "amount"),
        "indicators": (load_catalogue(), len(load_catalogue()), "pillar"),
        "accounts": (shipped_catalogue(), len(list(shipped_catalogue())), "confidence"),
        "deadlines": (budget_calendar(FinancialYear(2025)), None, "due"),
        "history": (log, 1, "transition"),
    }
    for name, (record, rows, column) in cases.items():
        frame = to_pandas(record)
        assert column in frame.columns, name
        if rows is not None:
            assert len(frame) == rows, name


def test_columns_are_typed(statement):
    frame = to_pandas(statement)
    assert isinstance(frame["kind"].dtype, pd.CategoricalDtype)
    assert set(frame["kind"].cat.categories) == {k.value for k in LineKind}
    assert frame["object"].tolist()[0] == str(statement.lines[0].object)
    assert frame["be_next"].sum() == statement.total(LineKind.CURRENT, _be_next()) + sum(
        (statement.total(k, _be_next()) for k in LineKind if k is not LineKind.CURRENT),
        Decimal(0),
    )
    floats = to_pandas(statement, amounts="float")
    assert floats["be_next"].dtype == np.float64


def _be_next():
    from kpgov.budget import Column

    return Column.BE_NEXT


def test_float_amounts_plot(statement):
    import matplotlib

    matplotlib.use("Agg")
    frame = to_pandas(statement, amounts="float")
    axes = frame.groupby("office", observed=True)["be_next"].sum().plot.barh()
    assert len(axes.patches) == frame["office"].nunique()


def test_paisa_refuses_a_fraction_of_a_paisa():
    line = BudgetLine(
        line_id="X-1",
        kind="current",
        entity="ABT-EDU-ED01",
        object="A01101",
        be_next=Decimal("10.005"),
    )
    with pytest.raises(ValidationError, match="fraction of a paisa"):
        to_arrow([line], amounts="paisa")
    assert to_pandas([line])["be_next"][0] == Decimal("10.005")


def test_a_rollup_keeps_its_level_and_total(statement):
    rollup = roll_up(((x.object, x.be_next) for x in statement.lines), ObjectLevel.MAJOR)
    frame = to_pandas(rollup)
    assert frame["amount"].sum() == rollup.total
    assert set(frame["level"]) == {"ObjectLevel.MAJOR"}


# ------------------------------------------------------------- ledger movements, any kind

_heads = st.builds(
    AppropriationHead,
    fund_codes(level=FundLevel.GRANT).filter(lambda f: f.fund is FundKind.DISTRICT_FUND),
    entity_codes(level=EntityLevel.COST_CENTRE),
    object_codes(level=ObjectLevel.DETAILED),
)
_days = st.dates(min_value=date(2025, 7, 1), max_value=date(2026, 6, 30))
_positive = amounts(min_value=Decimal("0.01"), max_value=10**10)
_movements = st.one_of(
    st.builds(Appropriation, _days, _heads, _positive, reference=st.text("ABC/12 ", max_size=8)),
    st.builds(Expenditure, _days, _heads, _positive),
    st.builds(
        ReAppropriation,
        _days,
        _heads,
        _heads,
        _positive,
        order=st.just("HoO/1"),
        copies_to=st.sets(st.sampled_from(list(Office))),
    ),
    st.builds(
        Receipt, _days, _positive, source=st.just("PFC share"), from_government=st.booleans()
    ),
    st.builds(Withdrawal, _days, _positive, purpose=st.just("refund")),
)


@given(st.lists(_movements, min_size=1, max_size=6))
def test_movements_round_trip_through_a_dataframe_exactly(movements):
    ledger = Ledger("Example", FinancialYear(2025)).extend(movements)
    frame = to_pandas(ledger)
    assert movements_from_frame(frame) == ledger.movements
    assert movements_from_frame(to_arrow(ledger)) == ledger.movements
    assert frame["amount"].sum() == sum((m.amount for m in movements), Decimal(0))
