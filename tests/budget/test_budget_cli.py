"""``kpgov check budget FILE`` and the budget section of ``kpgov demo``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from budget_support import clean_statement, replace_line

from kpgov.cli import main
from kpgov.cli.cmd_check import demo_section, example_files
from kpgov.cli.cmd_demo import DemoContext
from kpgov.io.budget import dump_budget, format_lines_csv


def _catalogue(tmp_path: Path) -> str:
    path = tmp_path / "cat.csv"
    path.write_text(
        "element,code,name\nobject,C03880,PFC share (test)\nobject,C02701,Hospital fees (test)\n"
    )
    return str(path)


def test_a_clean_budget_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dump_budget(clean_statement(), tmp_path / "b.json")
    code = main(["check", "budget", str(tmp_path / "b.json"), "--catalogue", _catalogue(tmp_path)])
    assert code == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out


def test_error_findings_exit_1_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = replace_line(clean_statement(), "EDU-1", lump_sum=True)
    dump_budget(broken, tmp_path / "b.json")
    args = ["check", "budget", str(tmp_path / "b.json"), "--catalogue", _catalogue(tmp_path)]
    assert main([*args, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["schema"] == "kpgov.report/1"
    assert {f["rule_id"] for f in report["findings"]} == {"BR-10(2)(c)", "BR-66(5)"}
    assert main([*args, "--format", "markdown"]) == 1
    assert "| error | `BR-66(5)` |" in capsys.readouterr().out


def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "b.json"
    path.write_text('{"district": "X"')
    assert main(["check", "budget", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"kpgov: {path}, row 1: not valid JSON")
    assert err.count("\n") == 1


def test_a_csv_of_lines_gets_the_line_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = replace_line(clean_statement(), "EDU-1", outer_1=None)
    path = tmp_path / "export.csv"
    path.write_text(format_lines_csv(broken.lines))
    assert main(["check", "budget", str(path)]) == 2  # the year is needed
    assert "needs --year" in capsys.readouterr().err
    args = ["check", "budget", str(path), "--year", "2025-26", "--catalogue", _catalogue(tmp_path)]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "Budget line check: export 2025-26" in out
    assert "BR-51(4)" in out


def test_the_shipped_example_is_synthetic_and_has_a_few_findings(tmp_path: Path) -> None:
    base = example_files(tmp_path)
    data = json.loads((base / "district.json").read_text())
    assert "(synthetic)" in data["district"]
    code = main(
        [
            "check",
            "budget",
            str(base / "district.json"),
            "--catalogue",
            str(base / "catalogue-extension.csv"),
        ]
    )
    assert code == 1


def test_the_demo_section_prints_the_abstract_and_the_findings(tmp_path: Path) -> None:
    import io

    out = io.StringIO()
    ctx = DemoContext(out=out, as_of=date(2025, 7, 1), store_url="memory://", workdir=tmp_path)
    demo_section(ctx)
    text = out.getvalue()
    assert "SYNTHETIC DATA" in text
    assert "Cash Balance on July 1st" in text
    assert "BR-66(5)" in text
    assert len(text.splitlines()) <= 40
