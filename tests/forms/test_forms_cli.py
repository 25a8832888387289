"""``kpgov forms``: list, show, fill and a whole submission of the shipped example district."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kpgov.budget import schedule_of_authorized_expenditure
from kpgov.cli import main
from kpgov.io.budget import load_budget
from kpgov.io.ledger import dump_ledger

EXAMPLE = Path(__file__).resolve().parents[2] / "src/kpgov/data/examples/budget/district.json"


def test_list_shows_the_41_forms(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("41 forms")
    assert len(out) == 42
    assert main(["forms", "list", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows][:3] == ["ABS", "BSF-1", "BSF-2"]
    assert {r["id"] for r in rows if r["fills"].startswith("filled")} == {
        "ABS",
        "BSF-2",
        "BDR-1",
        "BDC-1",
        "BDO-1",
        "BDD-4",
        "BM-8",
        "BM-2",
        "BM-6",
        "BM-13",
    }


def test_show_prints_headings_notes_and_source_notes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms", "show", "bdc-1"]) == 0
    out = capsys.readouterr().out
    assert "Budget Estimates (Next Year) > Charged" in out
    assert main(["forms", "show", "BM-12"]) == 0
    assert "no column headings" in capsys.readouterr().out
    assert main(["forms", "show", "XYZ-9"]) == 2


def test_fill_abs_as_each_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("xlsx", "csv", "html", "json"):
        out = tmp_path / f"abs.{fmt}"
        assert (
            main(
                ["forms", "fill", "ABS", "--budget", str(EXAMPLE), "--format", fmt, "-o", str(out)]
            )
            == 0
        )
        assert out.stat().st_size > 1000
    data = json.loads((tmp_path / "abs.json").read_text())
    assert data[0]["form"] == "ABS"


def test_fill_needs_the_right_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = str(tmp_path / "x.xlsx")
    assert main(["forms", "fill", "BM-2", "--budget", str(EXAMPLE), "-o", out]) == 2
    assert "filled from a ledger" in capsys.readouterr().err
    assert main(["forms", "fill", "BDR-2", "--budget", str(EXAMPLE), "-o", out]) == 2
    assert "cannot fill Form BDR-2" in capsys.readouterr().err
    assert main(["forms", "fill", "BDR-2", "--blank", "-o", out]) == 0


def test_the_example_district_submission_opens_with_real_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    budget = load_budget(EXAMPLE)
    ledger_file = tmp_path / "ledger.json"
    dump_ledger(schedule_of_authorized_expenditure(budget), ledger_file)
    out = tmp_path / "submission.xlsx"
    code = main(
        [
            "forms",
            "submission",
            "--budget",
            str(EXAMPLE),
            "--ledger",
            str(ledger_file),
            "--month",
            "2025-07",
            "-o",
            str(out),
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "(7 filled)" in printed
    book = load_workbook(out)
    assert "ABS" in book.sheetnames
    assert "BSF-1 EDU" in book.sheetnames
    assert "BDO-3" not in book.sheetnames
    ws = book["ABS"]
    ref = ws.defined_names["data"].attr_text.split("!")[1].replace("$", "")
    receipts = next(row for row in ws[ref] if row[0].value == "Receipts")
    abstract = budget.abstract()
    assert isinstance(receipts[4].value, int | float)
    assert Decimal(repr(receipts[4].value)) == abstract.district_fund[3].receipts
    bm2 = book["BM-2"]
    total = bm2[bm2.defined_names["totals"].attr_text.split("!")[1].replace("$", "")][0]
    assert Decimal(repr(total[5].value)) > 0  # the final grants from the Schedule


def test_fill_reads_the_budget_from_a_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'kpgov.db'}"
    main(["check", "budget", str(EXAMPLE), "--store", url])
    capsys.readouterr()
    out = tmp_path / "bdc1.csv"
    key = "Sarsabz (synthetic)/2025-26"
    args = [
        "forms",
        "fill",
        "BDC-1",
        "--store",
        url,
        "--key",
        key,
        "--format",
        "csv",
        "-o",
        str(out),
    ]
    assert main(args) == 0
    assert out.read_text().startswith("part,row,Grant #")
    assert main(["forms", "fill", "BDC-1", "--store", url, "-o", str(out)]) == 2
    assert "--key" in capsys.readouterr().err
