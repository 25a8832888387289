"""``kpgov check budget`` for a province (issue 12): many files or a directory in one run, a
progress bar on a terminal, and commands imported only when they run."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kpgov.budget import check_budget
from kpgov.cli import main
from kpgov.cli.cmd_check import ProgressBar, budget_files, check_files
from kpgov.errors import ParseError
from kpgov.io.budget import dump_budget, load_budget
from kpgov.periods import FinancialYear
from kpgov.testing import synthetic_statement


def _province(where: Path, districts: int = 3) -> list[Path]:
    for n in range(districts):
        statement = synthetic_statement(
            f"District {n}", f"D{n:02d}", FinancialYear(2025), lines=300, seed=n
        )
        dump_budget(statement, where / f"d{n}.json", lines_file=f"d{n}.csv")
    return sorted(where.glob("*.json"))


def test_a_directory_is_checked_in_one_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = _province(tmp_path)
    code = main(["check", "budget", str(tmp_path), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    expected = sum(len(check_budget(load_budget(p))) for p in paths)
    assert len(report["findings"]) == expected
    subjects = [f["subject"] for f in report["findings"]]
    for n in range(3):
        assert any(subject.startswith(f"District {n} ") for subject in subjects)
    assert code == 1  # the synthetic districts carry planted error findings


def test_files_and_directories_expand_in_order(tmp_path: Path) -> None:
    paths = _province(tmp_path, 2)
    assert budget_files([tmp_path]) == paths  # the JSON documents, not the CSVs they name
    assert budget_files([paths[1], paths[0]]) == [paths[1], paths[0]]
    (tmp_path / "empty").mkdir()
    with pytest.raises(ParseError, match="no budget JSON or CSV"):
        budget_files([tmp_path / "empty"])


def test_progress_is_reported_for_each_file(tmp_path: Path) -> None:
    paths = _province(tmp_path, 2)
    seen: list[tuple[int, int, str]] = []
    check_files(paths, progress=lambda done, total, path: seen.append((done, total, path.name)))
    assert seen == [(0, 2, "d0.json"), (1, 2, "d1.json")]
    out = io.StringIO()
    bar = ProgressBar(out, width=10)
    bar(1, 2, paths[1])
    assert "[#####-----] 1/2 d1.json" in out.getvalue()


def test_no_progress_bar_off_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = _province(tmp_path, 2)
    main(["check", "budget", *map(str, paths)])
    assert capsys.readouterr().err == ""


def _modules_after(args: list[str]) -> set[str]:
    code = (
        "import sys\nfrom kpgov.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_version_imports_no_command_and_no_primitives() -> None:
    loaded = _modules_after(["--version"])
    assert not {m for m in loaded if m.startswith("kpgov.cli.cmd_")}
    assert "attr" not in loaded
    assert "kpgov.errors" not in loaded


def test_a_command_imports_only_its_own_module() -> None:
    loaded = _modules_after(["rules", "--help"])
    assert {m for m in loaded if m.startswith("kpgov.cli.cmd_")} == {"kpgov.cli.cmd_rules"}


def test_an_html_report_is_of_one_budget(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _province(tmp_path, 2)
    assert main(["check", "budget", str(tmp_path), "--format", "html"]) == 2
    assert "--format html reports one budget" in capsys.readouterr().err
