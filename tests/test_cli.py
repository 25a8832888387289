"""The command line: version, rules listing, exit codes and one-line errors."""

import json
import subprocess
import sys

import pytest

import kpgov
from kpgov.cli import main
from kpgov.law import all_rules


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"kpgov {kpgov.__version__}"


def test_rules_json_lists_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    assert isinstance(rules, list)
    for rule in rules:
        assert {"id", "title", "severity", "instrument", "clause", "reference"} <= rule.keys()
    assert [r["id"] for r in rules] == [r.id for r in all_rules()]  # sorted by rule id
    assert len({r["id"] for r in rules}) == len(rules)


def test_rules_markdown_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("| id | title |")
    assert main(["rules"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("rules")


def test_usage_errors_exit_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["rules", "--format", "xml"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "invalid choice" in err
    assert main([]) == 2


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kpgov", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("kpgov ")
