"""Ledger files read a column at a time (issue 12): the same table as the pure loader's ledger,
the same refusals at the same JSON paths, and every hostile file a kpgov error naming it."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("pyarrow")

from test_columnar_ledger import HEADS, YEAR, ledgers

from kpgov.budget import Ledger
from kpgov.columnar import LedgerTable, ledger_table, read_ledger, read_movements
from kpgov.errors import KpgovError, LoadError, ParseError, source_of
from kpgov.io.ledger import dump_ledger, ledger_to_data, load_ledger

_TMP = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def _same_table(read: LedgerTable, reference: LedgerTable) -> None:
    assert read.table.column_names == reference.table.column_names
    for name in reference.table.column_names:
        assert read.table[name].type == reference.table[name].type, name
        assert read.table[name].to_pylist() == reference.table[name].to_pylist(), name
    assert dict(read.heads) == dict(reference.heads)
    assert (read.district, read.year) == (reference.district, reference.year)
    assert str(read.opening_district_fund) == str(reference.opening_district_fund)
    assert str(read.opening_public_account) == str(reference.opening_public_account)


@_TMP
@given(ledgers)
def test_a_ledger_file_reads_into_the_table_of_the_loaded_ledger(
    tmp_path: Path, ledger: Ledger
) -> None:
    path = tmp_path / "ledger.json"
    dump_ledger(ledger, path)
    loaded = load_ledger(path)
    table = read_ledger(path)
    _same_table(table, ledger_table(loaded))
    back = table.to_ledger()
    assert back == loaded
    assert back.source == loaded.source
    assert [source_of(m) for m in back.movements] == [source_of(m) for m in loaded.movements]
    assert [str(m.amount) for m in back.movements] == [str(m.amount) for m in loaded.movements]
    assert table.position() == loaded.position()
    for row in range(len(table)):
        assert table.location(row) is not None
        assert table.location(row).field == f"$.movements[{row}]"  # type: ignore[union-attr]


# ----------------------------------------------------------------------- broken ledger files


def _problems(error: KpgovError) -> list[tuple[str | None, int | None, str | None, str]]:
    found = error.problems if isinstance(error, LoadError) else (error,)
    return [(p.file, p.row, p.field, p.message) for p in found]


def _outcome(read: Callable[[Path], Any], path: Path) -> Any:
    try:
        return read(path)
    except KpgovError as error:
        return error


def _agree(path: Path) -> None:
    """Both readers accept ``path`` with equal tables, or refuse it at the same places."""
    pure = _outcome(load_ledger, path)
    columnar = _outcome(read_ledger, path)
    if not isinstance(pure, KpgovError):
        assert not isinstance(columnar, KpgovError), str(columnar)
        _same_table(columnar, ledger_table(pure))
        assert columnar.to_ledger() == pure
        return
    assert isinstance(columnar, ParseError), f"accepted what the pure loader refuses: {pure}"
    assert str(path) in str(columnar)
    expected, got = _problems(pure), _problems(columnar)
    if len(expected) == 1 and "cash book of another year" in expected[0][3]:
        # the pure Ledger stops at the first receipt or withdrawal outside the year; the
        # columnar reader lists every one
        assert expected[0] == got[0]
        assert all("cash book of another year" in p[3] for p in got)
    else:
        assert got == expected


_BAD_VALUES: dict[str, list[Any]] = {
    "on": [
        "2016-13-01",
        "yesterday",
        20160701,
        None,
        ["2016-07-01"],
        "2017-07-01",
        "2015-06-30",
        "20160801",
    ],
    "amount": [
        "-5",
        "0",
        "0.00",
        "12x",
        True,
        None,
        -3,
        0,
        "1,00,000",
        "Rs 5 lakh",
        "0.000001",
        "1e3",
        10**30,
        {"value": 1},
        "  7.50 ",
    ],
    "head": ["DF-R-1-012", {"grant": "DF-R-1-012", "ddo": "PSH-EDU-PR12"}, None, [1, 2]],
    "grant": ["XX-1", "DF-R-1", "", 12, "PA-12"],
    "ddo": ["PSH-EDU", "nonsense", None],
    "object": ["A03", "Z99999", 3201],
    "reference": [5, None, "  order 12 ", ["x"]],
    "kind": ["gift", None, 3, "Receipt"],
    "authority": ["Nazim", "King", 1],
    "copies_to": [["District Accounts Officer"], "District Accounts Officer", ["Mayor"]],
    "account": ["public account", "savings", None],
    "funds_received_on": ["2099-01-01", "2016-07-01", "soon", None],
    "realized_on": ["2099-01-01", "2016-07-01", 5],
    "finance_consulted": [True, "yes", 1],
    "from_government": [False, "true"],
    "budgetary_cover": ["100", "-5", "cover", None],
    "approved_on": ["2016-08-01", "later"],
    "colour": ["red"],
}

_HEADED = ("head", "grant", "ddo", "object", "reference")
#: The fields each kind of movement has, so that a mutation often hits one it reads.
_FIELDS_OF: dict[str, tuple[str, ...]] = {
    "appropriation": _HEADED,
    "re-appropriation": ("head", "grant", "authority", "copies_to", "finance_consulted"),
    "supplementary-grant": (*_HEADED, "budgetary_cover", "approved_on"),
    "surrender": _HEADED,
    "release": (*_HEADED, "funds_received_on"),
    "expenditure": (*_HEADED, "amount"),
    "receipt": ("account", "realized_on", "from_government", "on", "amount"),
    "withdrawal": ("on", "amount"),
}


def _is_day(value: object) -> bool:
    try:
        date.fromisoformat(value)  # type: ignore[arg-type]  # anything: refused below
    except (TypeError, ValueError):
        return False
    return True


@st.composite
def broken_files(draw: st.DrawFn) -> dict[str, Any]:
    """A ledger file's data with one to three of its movements (or its header) spoiled."""
    ledger = draw(ledgers.filter(lambda led: len(led) > 0))
    data = ledger_to_data(ledger)
    for _ in range(draw(st.integers(1, 3))):
        target = draw(st.sampled_from(["movement", "movement", "dates", "remove", "header"]))
        movements = data.get("movements")  # a header spoiled before may have taken it away
        if target == "header":
            key = draw(
                st.sampled_from(
                    ["format", "year", "district", "opening_balances", "movements", "x"]
                )
            )
            if key in data and draw(st.booleans()):
                del data[key]
                continue
            data[key] = draw(
                st.sampled_from(
                    ["2016", 2016, None, "kpgov.ledger/2", {"district_fund": "-"}, [], "ok"]
                )
            )
            continue
        if not isinstance(movements, list) or not movements:
            continue
        index = draw(st.integers(0, len(movements) - 1))
        movement = movements[index]
        if not isinstance(movement, dict):  # spoiled before
            continue
        if target == "dates":  # the rules between dates, and the cash book's year
            later = {"receipt": "realized_on", "release": "funds_received_on"}
            kind = movement.get("kind")
            on = movement.get("on")  # spoiled or taken away before, perhaps
            if kind in later and _is_day(on) and draw(st.booleans()):
                day = date.fromisoformat(on) + timedelta(days=draw(st.integers(0, 2)))
                movement[later[kind]] = day.isoformat()
            elif kind in ("receipt", "withdrawal"):
                movement["on"] = draw(st.sampled_from(["2016-06-30", "2017-07-01", "2016-07-01"]))
            continue
        if target == "remove":
            key = draw(st.sampled_from(sorted(movement)))
            del movement[key]
            continue
        own = _FIELDS_OF.get(movement.get("kind"), ())
        key = draw(st.sampled_from(sorted(_BAD_VALUES)) | st.sampled_from(own or ("colour",)))
        value = copy.deepcopy(draw(st.sampled_from(_BAD_VALUES[key])))
        if key in ("grant", "ddo", "object"):
            heads = [k for k in ("head", "source", "target") if isinstance(movement.get(k), dict)]
            if heads:
                movement[draw(st.sampled_from(heads))][key] = value
            continue
        if key == "head" and "source" in movement:
            key = draw(st.sampled_from(["source", "target"]))
        movement[key] = value
    return data


@_TMP
@given(broken_files())
def test_a_broken_ledger_file_is_refused_where_the_pure_loader_refuses_it(
    tmp_path: Path, data: dict[str, Any]
) -> None:
    path = tmp_path / "ledger.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    _agree(path)


def _ledger_data(*movements: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": "kpgov.ledger/1",
        "district": "Synthetic",
        "year": str(YEAR),
        "movements": list(movements),
    }


HEAD = {"grant": "DF-R-1-012", "ddo": "PSH-EDU-PR12", "object": "A03201"}


def test_every_bad_movement_is_reported_at_its_json_path(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    path.write_text(
        json.dumps(
            _ledger_data(
                {"kind": "appropriation", "on": "2016-07-01", "head": HEAD, "amount": "1000"},
                {"kind": "expenditure", "on": "2016-07-31", "head": HEAD, "amount": "0"},
                {"kind": "surrender", "on": "2016-13-01", "head": HEAD, "amount": "5"},
                {
                    "kind": "release",
                    "on": "2016-08-01",
                    "head": HEAD,
                    "amount": "5",
                    "funds_received_on": "2016-09-01",
                },
                {"kind": "gift", "on": "2016-08-01"},
                {"kind": "receipt", "on": "2016-08-01", "amount": "5", "realized_on": "2016-08-02"},
            )
        ),
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as caught:
        read_ledger(path)
    fields = [p.field for p in caught.value.problems]
    assert fields == [
        "$.movements[1].amount",
        "$.movements[2].on",
        "$.movements[3].funds_received_on",
        "$.movements[4].kind",
        "$.movements[5].realized_on",
    ]
    _agree(path)


def test_every_receipt_outside_the_year_is_listed(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    path.write_text(
        json.dumps(
            _ledger_data(
                {"kind": "receipt", "on": "2017-07-01", "amount": "10"},
                {"kind": "receipt", "on": "2016-07-01", "amount": "10"},
                {"kind": "withdrawal", "on": "2016-06-30", "amount": "10"},
            )
        ),
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as caught:
        read_ledger(path)
    assert [p.field for p in caught.value.problems] == ["$.movements[0]", "$.movements[2]"]
    assert "withdrawal of 2016-06-30 belongs to the cash book" in str(caught.value)
    _agree(path)


def test_the_error_cap_is_the_pure_loaders(tmp_path: Path) -> None:
    bad = {"kind": "expenditure", "on": "2016-07-31", "head": HEAD, "amount": "0"}
    path = tmp_path / "ledger.json"
    path.write_text(json.dumps(_ledger_data(*[bad] * 150)), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        read_ledger(path, cap=100)
    assert len(caught.value.problems) == 100
    _agree(path)


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe not utf-8",
        b"",
        b"[1, 2]",
        b'{"format": "kpgov.ledger/1", "format": "x"}',
        b'{"format": "kpgov.ledger/1", "district": "D", "year": "2016-17", "movements": '
        + b"[" * 70
        + b"]" * 70
        + b"}",
        b'{"format": "kpgov.ledger/1", "district": "D", "year": "2016-17", "movements": '
        b'[{"kind": "receipt", "on": "2016-08-01", "amount": ' + b"9" * 5000 + b"}]}",
        b'{"format": "kpgov.ledger/1", "district": "D", "year": "2016-17", "movements": '
        b'[{"kind": "receipt", "on": "2016-08-01", "amount": "5", "source": "\\ud800"}]}',
        b'{"format": "kpgov.ledger/1", "district": "D", "year": "2016-17", "movements": '
        b'[{"kind": "receipt", "on": "2016-08-01", "amount": ' + b"[" * 80 + b"]" * 80 + b"}]}",
        b'{"format": "kpgov.ledger/1", "district": "D", "year": "2016-17", "movements": {}}',
        b'{"format": "kpgov.ledger/1", "district": "D", "year": "2016-17", "movements": '
        b'[{"kind": "receipt", "on": "2016-08-01", "amount": NaN}]}',
        b'{"format": "kpgov.ledger/1", "district": "D", "year": "2016-17", "movements": '
        b'[{"kind": "receipt", "on": "2016-08-01", "amount": 1.5e400}]}',
        b'{"format": "kpgov.ledger/1", "district": "D", "year": "2016-17", "movements": '
        b'[[[[{"kind": "receipt"}]]]]}',
        b'{"format": "kpgov.ledger/1", "district": "D", "year": "2016-17", "movements": '
        b'[{"kind": "receipt", "on": "2016-08-01", "amount": "5", "colour": '
        + b"[" * 80
        + b"]" * 80
        + b"}]}",
        b'{"format": "kpgov.ledger/1", "district": "D", "year": "2016-17", "movements": '
        b'[{"kind": "gift", "head": ' + b'{"a": ' * 70 + b"1" + b"}" * 70 + b"}]}",
    ],
)
def test_a_hostile_file_is_a_kpgov_error_naming_it(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "ledger.json"
    path.write_bytes(content)
    with pytest.raises(ParseError) as caught:
        read_ledger(path)
    assert str(path) in str(caught.value)
    _agree(path)


@pytest.mark.parametrize(
    "document",
    [
        {"format": "kpgov.ledger/1", "district": "D", "year": "2016-17"},
        {"format": "kpgov.ledger/1", "district": "D", "year": "2016-17", "movements": []},
        {"format": "kpgov.ledger/1", "district": "D", "year": "2016-17", "movements": None},
        {"format": "kpgov.ledger/1", "district": "D", "year": "2016-17", "opening_balances": {}},
        {"district": "D", "year": "2016-17", "movements": []},
    ],
)
def test_a_ledger_without_movements(tmp_path: Path, document: dict[str, Any]) -> None:
    path = tmp_path / "ledger.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    _agree(path)


def test_a_path_that_is_not_a_file(tmp_path: Path) -> None:
    for path in (tmp_path, tmp_path / "missing.json"):
        with pytest.raises(ParseError, match=r"no such file|not a regular file"):
            read_ledger(path)


def test_a_small_ledger_reads_as_the_pure_loader_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    path.write_text(
        json.dumps(
            _ledger_data(
                {"kind": "appropriation", "on": "2016-07-01", "head": HEAD, "amount": "1,20,000"},
                {"kind": "expenditure", "on": "2016-07-31", "head": HEAD, "amount": "9000.50"},
                {
                    "kind": "re-appropriation",
                    "on": "2016-09-01",
                    "source": HEAD,
                    "target": {**HEAD, "object": "A03202"},
                    "amount": 100,
                    "authority": "Nazim",
                    "copies_to": ["District Accounts Officer"],
                },
                {
                    "kind": "receipt",
                    "on": "2016-08-01",
                    "amount": "5 lakh",
                    "account": "public account",
                    "realized_on": "2016-07-30",
                },
            )
        ),
        encoding="utf-8",
    )
    table = read_ledger(path)
    assert table.table["amount"].to_pylist() == [
        Decimal("120000.00"),
        Decimal("9000.50"),
        Decimal("100.00"),
        Decimal("500000.00"),
    ]
    assert table.table["places"].to_pylist() == [0, 2, 0, 0]
    assert table.position(date(2016, 12, 31)).head(HEADS[0]).available == Decimal("110899.50")
    _agree(path)


# --------------------------------------------------------------------- flat movement tables

_FLAT_FORMATS = ("csv", "parquet", "xlsx")


def _write_flat(ledger: Ledger, path: Path) -> None:
    """``ledger``'s movements as kpgov.io writes them: a frame as CSV or Parquet, a workbook."""
    from kpgov.io import to_arrow, to_pandas, write_xlsx

    if path.suffix == ".csv":
        to_pandas(ledger).to_csv(path, index=False)
    elif path.suffix == ".parquet":
        import pyarrow.parquet as pq

        pq.write_table(to_arrow(ledger), path)
    else:
        write_xlsx(path, ledger)


def _pure_movements(path: Path) -> Any:
    """The movements kpgov.io reads from ``path`` (the pure path)."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        from kpgov.io.frames import movements_from_frame

        return movements_from_frame(pq.read_table(path), file=str(path))
    from kpgov.io.spreadsheets import read_movements as read_sheet

    return read_sheet(path)


def _flat_field(field: str | None) -> str | None:
    """A problem's column as kpgov.io's sheet reader names it (``Amount (column I)``), as a
    column name (``amount``)."""
    if field is None:
        return None
    import re

    if re.search(r" \(column [A-Z]+\)$", field) is None:  # not a column's heading
        return field
    heading = re.sub(r" \(column [A-Z]+\)$", "", field)
    name = re.sub(r"[^a-z0-9]+", "_", heading.strip().lower()).strip("_")
    return {"date": "on", "movement": "kind"}.get(name, name)


def _flat_agree(path: Path) -> None:
    """The columnar reader and kpgov.io accept ``path`` alike (equal movements), or refuse it
    at the same rows and columns."""
    pure: Any
    try:
        pure = Ledger("Synthetic", YEAR, movements=_pure_movements(path))
    except KpgovError as error:
        pure = error
    columnar = _outcome(lambda p: read_movements(p, district="Synthetic", year=YEAR), path)
    if not isinstance(pure, KpgovError):
        assert not isinstance(columnar, KpgovError), str(columnar)
        reference = ledger_table(pure)
        for name in reference.table.column_names:  # locations too: file (and sheet), row
            assert columnar.table[name].type == reference.table[name].type, name
            assert columnar.table[name].to_pylist() == reference.table[name].to_pylist(), name
        assert columnar.to_ledger() == pure
        return
    assert isinstance(columnar, ParseError), f"accepted what kpgov.io refuses: {pure}"
    if "cash book of another year" in pure.message:  # the pure Ledger names no file or row
        assert all("cash book of another year" in p[3] for p in _problems(columnar))
        assert pure.message in [p[3] for p in _problems(columnar)]
        return
    expected = [(row, _flat_field(field), message) for _f, row, field, message in _problems(pure)]
    got = [(row, field, message) for _f, row, field, message in _problems(columnar)]
    assert got == expected
    assert {p[0] for p in _problems(columnar)} == {p[0] for p in _problems(pure)}


@_TMP
@given(ledgers.filter(lambda led: len(led) > 0), st.sampled_from(_FLAT_FORMATS))
def test_a_flat_movements_file_reads_as_kpgov_io_reads_it(
    tmp_path: Path, ledger: Ledger, form: str
) -> None:
    path = tmp_path / f"movements.{form}"
    _write_flat(ledger, path)
    _flat_agree(path)
    table = read_movements(path, district="Synthetic", year=YEAR)
    assert table.position() == Ledger("Synthetic", YEAR, movements=_pure_movements(path)).position()
    first = table.location(0)
    assert first is not None
    assert first.row is not None
    assert first.row >= 2
    kept = source_of(ledger.movements[0])  # a frame keeps a row's file and row (to_arrow)
    if form == "parquet" and kept is not None and kept.file and kept.row is not None:
        assert (first.file, first.row) == (kept.file, kept.row)
    else:
        assert first.file is not None
        assert str(path) in first.file


_BAD_CELLS: dict[str, list[str]] = {
    "kind": ["gift", "", "Receipt"],
    "on": ["2016-13-01", "", "soon", "2017-07-01", "2015-06-30"],
    "amount": ["-5", "0", "", "12x", "0.000001", "5 lakh", "1,00,000.50"],
    "grant": ["XX", "", "PA-12"],
    "ddo": ["PSH", ""],
    "object": ["A03", "Z9"],
    "to_grant": ["XX", ""],
    "authority": ["King", "Nazim"],
    "copies_to": ["Mayor", "District Accounts Officer"],
    "account": ["savings", "public account"],
    "funds_received_on": ["2099-01-01", "x"],
    "realized_on": ["2099-01-01", "2016-07-01"],
    "budgetary_cover": ["-", "7"],
    "from_government": ["maybe", "yes"],
}


@st.composite
def broken_flat_files(draw: st.DrawFn) -> tuple[Ledger, list[tuple[int, str, str]]]:
    """A ledger and one to three cells (data row index, column, text) to spoil in its CSV."""
    ledger = draw(ledgers.filter(lambda led: len(led) > 0))
    cells = []
    for _ in range(draw(st.integers(1, 3))):
        column = draw(st.sampled_from(sorted(_BAD_CELLS)))
        cells.append(
            (
                draw(st.integers(0, len(ledger) - 1)),
                column,
                draw(st.sampled_from(_BAD_CELLS[column])),
            )
        )
    return ledger, cells


@_TMP
@given(broken_flat_files())
def test_a_broken_movements_csv_is_refused_where_kpgov_io_refuses_it(
    tmp_path: Path, case: tuple[Ledger, list[tuple[int, str, str]]]
) -> None:
    import csv

    ledger, cells = case
    path = tmp_path / "movements.csv"
    _write_flat(ledger, path)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    for index, column, text in cells:
        rows[index + 1][rows[0].index(column)] = text
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    _flat_agree(path)


def test_a_flat_file_reports_every_bad_cell_with_its_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "movements.csv"
    path.write_text(
        "kind,on,grant,ddo,object,amount\n"
        "appropriation,2016-07-01,DF-R-1-012,PSH-EDU-PR12,A03201,1000\n"
        "expenditure,2016-07-31,DF-R-1-012,PSH-EDU-PR12,A03201,0\n"
        "\n"
        "surrender,2016-13-01,DF-R-1-012,PSH-EDU-PR12,A03201,5\n"
        "gift,2016-08-01,,,,5\n",
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as caught:
        read_movements(path, district="Synthetic", year=YEAR)
    assert [(p.row, p.field) for p in caught.value.problems] == [
        (3, "amount"),
        (5, "on"),
        (6, "kind"),
    ]
    assert f"{path}:3: amount: an expenditure of zero records nothing" in str(caught.value)
    _flat_agree(path)


def test_a_parquet_float_column_is_refused_cell_by_cell(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "movements.parquet"
    table = pa.table(
        {
            "kind": ["receipt", "receipt"],
            "on": ["2016-08-01", "2016-08-02"],
            "amount": pa.array([1.5, 2.0], pa.float64()),  # float-ok: refused
        }
    )
    pq.write_table(table, path)
    with pytest.raises(LoadError) as caught:
        read_movements(path, district="Synthetic", year=YEAR)
    assert [(p.row, p.field) for p in caught.value.problems] == [(2, "amount"), (3, "amount")]
    _flat_agree(path)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("movements.csv", b"\xff\xfe\x00"),
        ("movements.csv", b"kind,on\nreceipt,2016-08-01\n"),
        ("movements.csv", b"kind,on,amount,colour\nreceipt,2016-08-01,5,red\n"),
        ("movements.csv", b""),
        ("movements.csv", b'kind,on,amount\nreceipt,2016-08-01,"' + b"9" * 200_000 + b'"\n'),
        ("movements.parquet", b"PAR1 not parquet"),
        ("movements.xlsx", b"PK\x03\x04 not a workbook"),
    ],
)
def test_a_hostile_flat_file_is_a_kpgov_error_naming_it(
    tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ParseError) as caught:
        read_movements(path, district="Synthetic", year=YEAR)
    assert str(path) in str(caught.value)


def test_a_movements_workbook_locates_rows_as_excel_numbers_them(tmp_path: Path) -> None:
    from kpgov.io import write_xlsx

    ledger = Ledger("Synthetic", YEAR).append(
        *load_ledger(_small(tmp_path)).movements,
    )
    path = tmp_path / "movements.xlsx"
    write_xlsx(path, ledger)
    table = read_movements(path, district="Synthetic", year=YEAR)
    where = table.location(0)
    assert where is not None
    assert where.row is not None
    assert where.file == f"{path} [sheet Movements]"
    assert table.to_ledger() == ledger
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.active
    assert sheet is not None
    header = [cell.value for cell in sheet[where.row - 1]]
    sheet.cell(where.row, header.index("Amount") + 1, "twelve")
    book.save(path)
    with pytest.raises(LoadError) as caught:
        read_movements(path, district="Synthetic", year=YEAR)
    assert [(p.row, p.field) for p in caught.value.problems] == [(where.row, "amount")]
    _flat_agree(path)


def _small(tmp_path: Path) -> Path:
    path = tmp_path / "small.json"
    path.write_text(
        json.dumps(
            _ledger_data(
                {"kind": "appropriation", "on": "2016-07-01", "head": HEAD, "amount": "1000"},
                {"kind": "expenditure", "on": "2016-07-31", "head": HEAD, "amount": "250.50"},
                {"kind": "receipt", "on": "2016-08-01", "amount": "5000", "from_government": True},
            )
        ),
        encoding="utf-8",
    )
    return path


def test_a_workbook_without_openpyxl_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    path = tmp_path / "movements.xlsx"
    path.write_bytes(b"PK\x03\x04")
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl fails
    with pytest.raises(ImportError, match=r"kpgov\[xlsx\]"):
        read_movements(path, district="Synthetic", year=YEAR)


@given(
    st.from_regex(r"-?[0-9]{1,15}(\.[0-9]{1,4})?", fullmatch=True)
    | st.from_regex(r"-?0{0,3}[0-9]{0,3}(\.0{0,4})?", fullmatch=True)
)
def test_a_plain_amount_reads_as_parse_amount_reads_it(text: str) -> None:
    """The reader's shortcut for plain digits gives what :func:`kpgov.money.as_amount` gives,
    written with the same places (``-0`` is ``0``)."""
    from kpgov.columnar._ledger_read import _kinds
    from kpgov.money import as_amount

    places: dict[int, int] = {}
    cover = _kinds(places)["supplementary-grant"].fields["budgetary_cover"]  # no validator
    read = cover.convert(text)
    try:
        expected = as_amount(text)
    except KpgovError:  # not an amount at all ("", ".0"): refused by both
        assert not isinstance(read, Decimal)
        return
    assert isinstance(read, Decimal)
    assert str(read) == str(expected)
    if id(read) in places:  # read as plain digits: the places recorded are the Decimal's
        assert places[id(read)] == max(0, -int(read.as_tuple().exponent))
