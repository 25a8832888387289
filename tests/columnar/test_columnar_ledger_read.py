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

from kpgov.budget import Ledger
from kpgov.columnar import LedgerTable, ledger_table, read_ledger
from kpgov.errors import KpgovError, LoadError, ParseError, source_of
from kpgov.io.ledger import dump_ledger, ledger_to_data, load_ledger

from test_columnar_ledger import HEADS, YEAR, ledgers

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


@st.composite
def broken_files(draw: st.DrawFn) -> dict[str, Any]:
    """A ledger file's data with one to three of its movements (or its header) spoiled."""
    ledger = draw(ledgers.filter(lambda led: len(led) > 0))
    data = ledger_to_data(ledger)
    for _ in range(draw(st.integers(1, 3))):
        target = draw(st.sampled_from(["movement", "movement", "dates", "remove", "header"]))
        movements = data["movements"]
        if target == "header":
            key = draw(st.sampled_from(["format", "year", "district", "opening_balances", "x"]))
            data[key] = draw(
                st.sampled_from(
                    ["2016", 2016, None, "kpgov.ledger/2", {"district_fund": "-"}, [], "ok"]
                )
            )
            continue
        if not movements:
            continue
        index = draw(st.integers(0, len(movements) - 1))
        movement = movements[index]
        if target == "dates":  # the rules between dates, and the cash book's year
            later = {"receipt": "realized_on", "release": "funds_received_on"}
            kind = movement.get("kind")
            if kind in later and draw(st.booleans()):
                day = date.fromisoformat(movement["on"]) + timedelta(days=draw(st.integers(0, 2)))
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
                {"kind": "release", "on": "2016-08-01", "head": HEAD, "amount": "5",
                 "funds_received_on": "2016-09-01"},
                {"kind": "gift", "on": "2016-08-01"},
                {"kind": "receipt", "on": "2016-08-01", "amount": "5",
                 "realized_on": "2016-08-02"},
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
        b'[{"kind": "receipt", "on": "2016-08-01", "amount": '
        + b"9" * 5000
        + b"}]}",
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
    ],
)
def test_a_hostile_file_is_a_kpgov_error_naming_it(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "ledger.json"
    path.write_bytes(content)
    with pytest.raises(ParseError) as caught:
        read_ledger(path)
    assert str(path) in str(caught.value)
    _agree(path)


def test_a_path_that_is_not_a_file(tmp_path: Path) -> None:
    for path in (tmp_path, tmp_path / "missing.json"):
        with pytest.raises(ParseError, match="no such file|not a regular file"):
            read_ledger(path)


def test_a_small_ledger_reads_as_the_pure_loader_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    path.write_text(
        json.dumps(
            _ledger_data(
                {"kind": "appropriation", "on": "2016-07-01", "head": HEAD, "amount": "1,20,000"},
                {"kind": "expenditure", "on": "2016-07-31", "head": HEAD, "amount": "9000.50"},
                {"kind": "re-appropriation", "on": "2016-09-01", "source": HEAD,
                 "target": {**HEAD, "object": "A03202"}, "amount": 100,
                 "authority": "Nazim", "copies_to": ["District Accounts Officer"]},
                {"kind": "receipt", "on": "2016-08-01", "amount": "5 lakh",
                 "account": "public account", "realized_on": "2016-07-30"},
            )
        ),
        encoding="utf-8",
    )
    table = read_ledger(path)
    assert table.table["amount"].to_pylist() == [
        Decimal("120000.00"), Decimal("9000.50"), Decimal("100.00"), Decimal("500000.00")
    ]
    assert table.table["places"].to_pylist() == [0, 2, 0, 0]
    assert table.position(date(2016, 12, 31)).head(HEADS[0]).available == Decimal("110899.50")
    _agree(path)
