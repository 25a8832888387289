"""Ledger files (format kpgov.ledger/1) and the ``kpgov ledger`` command."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from kpgov.budget import (
    Appropriation,
    AppropriationHead,
    Authority,
    CashAccount,
    Expenditure,
    Ledger,
    Office,
    ReAppropriation,
    Receipt,
    Release,
    SupplementaryGrant,
    Surrender,
    Withdrawal,
)
from kpgov.cli import main
from kpgov.errors import ParseError
from kpgov.io.ledger import dump_ledger, ledger_from_data, ledger_to_data, load_ledger
from kpgov.periods import FinancialYear
from kpgov.testing import amounts

SANCTION = "Nazim general order 1/2016"  # BR-75(1)
YEAR = FinancialYear(2016)
POSTAGE = AppropriationHead.parse("DF-R-1-012", "ABT-EDU-ED01", "A03201")
PHONE = AppropriationHead.parse("DF-R-1-012", "ABT-EDU-ED01", "A03202")
HEAD = {"grant": "DF-R-1-012", "ddo": "ABT-EDU-ED01", "object": "A03201"}


def every_kind() -> Ledger:
    return Ledger("Example (synthetic)", YEAR, opening_district_fund=900_000).append(
        Appropriation(date(2016, 7, 1), POSTAGE, 120_000, "SAE 2016-17"),
        Appropriation(date(2016, 7, 1), PHONE, 60_000, "SAE 2016-17"),
        Receipt(date(2016, 7, 4), 500_000, from_government=True, source="PFC share"),
        Release(date(2016, 7, 6), POSTAGE, 120_000, funds_received_on=date(2016, 7, 4)),
        Expenditure(date(2016, 7, 31), POSTAGE, "9,500.50", sanction=SANCTION),
        ReAppropriation(
            date(2016, 9, 1),
            POSTAGE,
            PHONE,
            5_000,
            authority=Authority.HEAD_OF_OFFICES,
            order="HoO/7",
            copies_to=tuple(Office),
        ),
        SupplementaryGrant(
            date(2017, 3, 10),
            PHONE,
            8_000,
            council_approval="DC 3/2017",
            note="repairs",
            approved_on=date(2017, 3, 8),
        ),
        Surrender(date(2017, 4, 1), POSTAGE, 1_000),
        Receipt(
            date(2016, 8, 1),
            700,
            account=CashAccount.PUBLIC_ACCOUNT,
            public_head="G11101",
            purpose="security deposits",
        ),
        Withdrawal(date(2016, 9, 1), 200, "security deposits", public_head="G11101"),
        Release(date(2016, 7, 7), PHONE, 380_000, funds_received_on=date(2016, 7, 4)),
    )


def test_round_trip_keeps_every_movement(tmp_path: Path) -> None:
    ledger = every_kind()
    path = tmp_path / "ledger.json"
    dump_ledger(ledger, path)
    assert load_ledger(path) == ledger
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "kpgov.ledger/1"
    assert [m["kind"] for m in data["movements"]][:6] == [
        "appropriation",
        "appropriation",
        "receipt",
        "release",
        "expenditure",
        "re-appropriation",
    ]
    assert data["movements"][4]["amount"] == "9500.50"  # amounts as text, never floats


@given(amount=amounts(min_value="0.01", max_value=10**12))
def test_amounts_round_trip_exactly(amount: Any) -> None:
    ledger = Ledger("X", YEAR).append(
        Expenditure(date(2016, 7, 1), POSTAGE, amount, sanction=SANCTION)
    )
    assert ledger_from_data(json.loads(json.dumps(ledger_to_data(ledger)))) == ledger


def _file(tmp_path: Path, movements: list[dict[str, Any]], **extra: Any) -> Path:
    data = {"format": "kpgov.ledger/1", "district": "X", "year": "2016-17", "movements": movements}
    data.update(extra)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("movement", "field", "message"),
    [
        (
            {"kind": "expenditure", "on": "2016-07-01", "head": HEAD},
            "amount",
            "missing",
        ),
        (
            {"kind": "expenditure", "on": "2016-07-01", "head": HEAD, "amount": "x"},
            "amount",
            "amount",
        ),
        ({"kind": "spend", "on": "2016-07-01"}, "kind", "unknown movement kind"),
        (
            {"kind": "expenditure", "on": "2016-07-01", "head": HEAD, "amount": "5", "memo": 1},
            "memo",
            "unknown key",
        ),
        (
            {"kind": "surrender", "on": "2016-07-01", "head": HEAD, "amount": "-5"},
            "amount",
            "positive",
        ),
        (
            {"kind": "expenditure", "on": "1 July", "head": HEAD, "amount": "5"},
            "on",
            "ISO date",
        ),
        (
            {
                "kind": "expenditure",
                "on": "2016-07-01",
                "head": {**HEAD, "object": "A032"},
                "amount": "5",
            },
            "head",
            "detailed object",
        ),
    ],
)
def test_bad_movements_name_file_and_path(
    tmp_path: Path, movement: dict[str, Any], field: str, message: str
) -> None:
    good = {"kind": "appropriation", "on": "2016-07-01", "head": HEAD, "amount": "5"}
    path = _file(tmp_path, [good, movement])
    with pytest.raises(ParseError, match=message) as caught:
        load_ledger(path)
    assert caught.value.file == str(path)
    assert caught.value.field is not None
    assert caught.value.field.startswith(f"$.movements[1].{field}")


def test_bad_header_and_wrong_format(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="not a ledger file"):
        load_ledger(_file(tmp_path, [], format="kpgov.budget/1"))
    with pytest.raises(ParseError) as caught:
        load_ledger(_file(tmp_path, [], year="2016"))
    assert caught.value.field == "$.year"
    missing = tmp_path / "missing.json"
    with pytest.raises(ParseError, match="no such file"):
        load_ledger(missing)


def test_cli_check_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean = tmp_path / "clean.json"
    dump_ledger(every_kind(), clean)
    assert main(["ledger", "check", str(clean)]) == 0
    assert "0 errors" in capsys.readouterr().out
    broken = tmp_path / "broken.json"
    dump_ledger(
        every_kind().append(Expenditure(date(2016, 8, 31), PHONE, 99_000, sanction=SANCTION)),
        broken,
    )
    assert main(["ledger", "check", str(broken), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [f["rule_id"] for f in report["findings"] if f["severity"] == "error"] == ["BR-75(3)"]
    assert report["findings"][0]["location"]["file"] == str(broken)
    bad = _file(tmp_path, [{"kind": "nothing"}])
    assert main(["ledger", "check", str(bad)]) == 2
    assert "movements[0].kind" in capsys.readouterr().err


def test_cli_statements(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ledger.json"
    dump_ledger(every_kind(), path)
    assert main(["ledger", "statement", str(path), "--month", "2016-09", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:4] == ["Grant", "DDO", "Detail Object", "Budget Grant"]
    # machine formats carry plain decimal amounts and no Total row among the data rows
    assert rows[1][2:] == ["A03201", "120000", "-5000", "0", "0", "115000", "0.00", "9500.50"]
    assert all(row[0] != "Total" for row in rows)
    assert main(["ledger", "statement", str(path), "--form", "bm13", "--format", "json"]) == 0
    bm13 = json.loads(capsys.readouterr().out)
    assert bm13["title"].startswith("FORM BM-13")
    assert all(row["Grant"] != "Total" for row in bm13["rows"])
    assert set(bm13["total"]) >= {"Final Grant", "Excess", "Surrender"}
    assert all("," not in value for value in bm13["total"].values())
    assert main(["ledger", "statement", str(path), "--month", "2016-09"]) == 0
    assert "FORM BM-2" in capsys.readouterr().out
    assert main(["ledger", "statement", str(path)]) == 2  # BM-2 needs --month
    assert "--month" in capsys.readouterr().err


def test_demo_section_shows_movements_a_refusal_and_a_bm2_line(tmp_path: Path) -> None:
    from kpgov.cli import cmd_ledger
    from kpgov.cli.cmd_demo import DemoContext

    out = io.StringIO()
    cmd_ledger.demo_section(DemoContext(out, date(2016, 11, 30), "memory://", tmp_path))
    text = out.getvalue()
    assert "(synthetic)" in text
    assert "ReAppropriation" in text
    assert "error BR-75(1)" in text
    assert "Form BM-2" in text
    assert "Final Grant" in text
    assert len(text.splitlines()) < 40


def test_json_schema_accepts_ledger_files_and_refuses_bad_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import jsonschema

    from kpgov.io.ledger import ledger_json_schema

    schema = ledger_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    path = tmp_path / "ledger.json"
    dump_ledger(every_kind(), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert not list(validator.iter_errors(data))
    data["movements"][0]["colour"] = "red"
    data["movements"][1]["kind"] = "gift"
    assert len(list(validator.iter_errors(data))) == 2
    assert main(["ledger", "schema"]) == 0
    assert json.loads(capsys.readouterr().out) == schema
