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
    assert "parent      A01  Employees Related Expenses" in out
    assert "confidence  C (confirmed in a primary or near-primary document)" in out
    assert "    A01202  House Rent Allowance  [C]" in out


def test_lookup_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["accounts", "lookup", "09-1", "--element", "function", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["code"] == "091"
    assert data["confidence"] == "?"
    assert data["confidence_meaning"] == "not confirmed"
    assert data["parent"] == "09"


def test_lookup_of_a_bad_or_unknown_code_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["accounts", "lookup", "A0110"]) == 2
    err = capsys.readouterr().err
    assert err == "kpgov: 'A0110' is not an object code: a detailed code has 6 characters\n"
    assert main(["accounts", "lookup", "A03970"]) == 2
    assert "object code A03970 is not in the catalogue" in capsys.readouterr().err


def test_search(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["accounts", "search", "POL"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "A03305  POL for Generator  [object detailed; 3P]",
        "A03807  POL for Vehicles  [object detailed; 3P]",
        "2 codes found",
    ]
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
        "kpgov: note: object A01101: name differs (shipped 'Basic Pay (officers)', "
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
