"""``kpgov accounts lookup`` and ``kpgov accounts search``, and the demo section."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from kpgov.cli import main
from kpgov.cli.cmd_accounts import DEMO_ORDER, demo_section
from kpgov.cli.cmd_demo import DemoContext


def test_lookup_prints_the_entry_and_its_children(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["accounts", "lookup", "a-012"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "A012  Allowances"
    assert "parent      A01  Employee Related Expenses" in out
    assert "confidence  C (confirmed in a primary or near-primary document)" in out
    assert "    A01202  House Rent Allowance  [C]" in out


def test_lookup_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["accounts", "lookup", "09-1", "--element", "function", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["code"] == "091"
    assert data["confidence"] == "C"
    assert data["confidence_meaning"] == "confirmed in a primary or near-primary document"
    assert data["parent"] == "09"
    assert data["catalogue_coverage"] == "partial"
    assert data["asked_as_old_code"] is False


def test_lookup_of_a_bad_or_unknown_code_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["accounts", "lookup", "A0110"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "kpgov: 'A0110' is not an object code: a minor code has 4 characters and a detailed "
        "code 6 (did you mean A01100 or A011?)\n"
    )
    assert main(["accounts", "lookup", "A03970"]) == 2
    assert "object code A03970 is not in the catalogue" in capsys.readouterr().err


def test_search(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["accounts", "search", "POL"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        "A03305  POL for Generator  [object detailed; 3P]  seen only in third-party code or news",
        "A03807  POL for Vehicles  [object detailed; 3P]  seen only in third-party code or news",
    ]
    assert out[-1] == f"{len(out) - 1} codes found in a partial catalogue of 200 codes"
    assert main(["accounts", "search", "administration", "--element", "function"]) == 0
    assert "011105  District Administration" in capsys.readouterr().out
    assert main(["accounts", "search", "pay", "--limit", "1", "--format", "json"]) == 0
    assert [e["code"] for e in json.loads(capsys.readouterr().out)] == ["A011"]


def test_a_user_catalogue_is_merged_with_conflicts_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "ifmis.csv"
    mine.write_text("code,name\nA01101,Basic Pay of Officers\nA03970,Others\n", encoding="utf-8")
    assert main(["accounts", "lookup", "A03970", "--catalogue", str(mine)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("A03970  Others")
    assert "confidence  user (from the user's own catalogue)" in captured.out
    assert captured.err == (
        "kpgov: note: object A01101: name differs (shipped 'Basic Pay', "
        "yours 'Basic Pay of Officers'); kept overlay\n"
    )


def test_the_demo_section_shows_a_check_and_a_roll_up(tmp_path: Path) -> None:
    out = io.StringIO()
    demo_section(DemoContext(out, date(2024, 7, 1), "memory://", tmp_path))
    text = out.getvalue()
    assert DEMO_ORDER == 20
    assert "synthetic" in text
    assert "error BR-11(4)(e)" in text
    assert "4 findings on 1 of 6 lines" in text
    assert "error LGA-32(1)#must-charge" in text
    assert "total 37,55,150.50" in text
    assert len(text.splitlines()) < 40


def test_an_old_code_is_answered_with_its_new_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["accounts", "lookup", "01105"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["01105 is a 1981 code; its code now is A01107", "A01107  Index Pay"]
    assert "  1981 code   01105" in out


def test_import_keeps_a_chart_in_a_store_for_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chart = tmp_path / "ifmis.csv"
    chart.write_text("Acct No,Head\nA03970,Others\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'kpgov.db'}"
    args = ["accounts", "import", str(chart), "--store", url]
    assert main([*args, "--column", "code=Acct No", "--column", "name=Head"]) == 0
    assert capsys.readouterr().out == (
        f"kept 1 codes from {chart} (complete catalogue of 201 codes) as accounts.catalogue "
        "'default', version 1\n"
    )
    assert main(["accounts", "lookup", "A03970", "--store", url]) == 0
    assert capsys.readouterr().out.startswith("A03970  Others")
    assert main(["accounts", "search", "others", "--store", url]) == 0
    assert "in a complete catalogue of 201 codes" in capsys.readouterr().out
    assert main([*args, "--column", "code"]) == 2
    assert "--column takes COLUMN=HEADER" in capsys.readouterr().err
