"""``kpgov calendar`` and the calendar's demo section."""

import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from kpgov.cli import main
from kpgov.cli.cmd_calendar import demo_section
from kpgov.cli.cmd_demo import DemoContext


def test_json_lists_every_deadline_with_the_required_fields(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["calendar", "2025-26", "--format", "json", "--as-of", "2025-07-01"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert {"id", "activity", "responsible", "start", "due", "citation"} <= set(items[0])
    by_id = {item["id"]: item for item in items}
    assert by_id["BR-S2-1/2025-26"]["due"] == "2024-10-31"
    assert by_id["BR-S2-1/2025-26"]["start"] is None
    assert by_id["BR-S2-23/2025-26"]["start"] == "2025-07-01"
    assert by_id["BR-80(4)#due/2026-06"]["due"] == "2026-07-20"
    assert by_id["BR-S2-1/2025-26"]["citation"]["instrument"] == "BR"
    assert len([i for i in items if i["id"].startswith("BR-S2-")]) == 23


def test_text_markdown_and_ics(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", "2025-26", "--as-of", "2025-08-01", "--days", "20"]) == 0
    text = capsys.readouterr().out
    assert "BR-80(5)#due" in text
    assert "BR-S2-1 " not in text
    assert main(["calendar", "2025-26", "--format", "markdown", "--as-of", "2025-08-01"]) == 0
    assert "| `BR-S2-11` |" in capsys.readouterr().out


def test_ics(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("icalendar")  # the optional extra kpgov[ical]
    assert main(["calendar", "2025-26", "--format", "ics", "--as-of", "2025-08-01"]) == 0
    assert capsys.readouterr().out.count("BEGIN:VEVENT") > 100


def test_ics_without_the_extra_says_how_to_install_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "icalendar", None)  # as if it were not installed
    assert main(["calendar", "2025-26", "--format", "ics", "--as-of", "2025-08-01"]) == 2
    assert "pip install 'kpgov[ical]'" in capsys.readouterr().err


def test_working_day_options(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "calendar",
        "2025-26",
        "--format",
        "json",
        "--working-days",
        "next",
        "--holiday",
        "2025-08-13",
    ]
    assert main(argv) == 0
    by_id = {item["id"]: item for item in json.loads(capsys.readouterr().out)}
    assert by_id["BR-80(5)#due/2025-07"]["due"] == "2025-08-14"
    assert by_id["BR-80(5)#due/2025-07"]["stated_due"] == "2025-08-13"


def test_status_from_a_submissions_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "submissions.csv"
    path.write_text(
        "deadline,entity,submitted\n"
        "BR-80(4)#due/2025-07,DDO A,2025-08-18\n"
        "BR-80(5)#due/2025-07,DDO A,2025-08-12\n",
        encoding="utf-8",
    )
    argv = ["calendar", "2025-26", "--as-of", "2025-08-25", "--submissions", str(path)]
    code = main([*argv, "--entity", "DDO A", "--entity", "DDO B", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    barred = [f for f in report["findings"] if f["rule_id"] == "BR-80(4)#bills-barred"]
    assert [f["subject"] for f in barred] == ["DDO B"]


def test_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["calendar", "2025"])
    assert info.value.code == 2
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "deadline,entity,submitted\nBR-80(4)#due/2025-07,DDO A,18 Aug\n", encoding="utf-8"
    )
    assert main(["calendar", "2025-26", "--submissions", str(bad)]) == 2
    assert f"{bad}:2: submitted: not an ISO date" in capsys.readouterr().err


def test_demo_section_shows_the_next_30_days() -> None:
    out = io.StringIO()
    ctx = DemoContext(out=out, as_of=date(2025, 11, 25), store_url="memory://", workdir=Path("."))
    demo_section(ctx)
    text = out.getvalue()
    assert "synthetic" in text
    assert "2025-11-30" in text
    assert "BR-S2-3" in text
    assert "BR-80(4)#bills-barred" in text
    assert len(text.splitlines()) < 40


def test_text_shows_moved_deadlines(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "calendar",
        "2025-26",
        "--as-of",
        "2025-08-01",
        "--days",
        "10",
        "--working-days",
        "next",
    ]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "2025-08-11" in out
    assert "(moved from 2025-08-10)" in out
