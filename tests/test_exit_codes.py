"""Exit codes a script can trust: 0 clean, 1 error findings, 2 bad input or usage, 3 a bug."""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kpgov.cli import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    cmd_rules,
    main,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "src/kpgov/data/examples/budget"


def test_clean_findings_and_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == EXIT_OK
    assert main(["check", "budget", str(EXAMPLE / "district.json")]) == EXIT_FINDINGS
    bad = tmp_path / "lines.csv"
    bad.write_text("kind,entity,object,be_next\nx,y,z,w\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "budget", "--year", "2025-26", str(bad)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"kpgov: {bad}: 4 problems"
    assert [line.split(": ")[1] for line in err[1:]] == ["kind", "entity", "object", "be_next"]
    assert main(["check", "budget", str(tmp_path / "missing.json")]) == EXIT_BAD_INPUT


def test_a_header_only_csv_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "lines.csv"
    path.write_text("kind,entity,object,be_next\n", encoding="utf-8")
    assert main(["check", "budget", "--year", "2025-26", str(path)]) == EXIT_BAD_INPUT
    assert "no budget lines" in capsys.readouterr().err


def _explode(_args: argparse.Namespace) -> int:
    raise ZeroDivisionError("a bug")


def test_an_internal_error_exits_3_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cmd_rules, "run", _explode)
    assert main(["rules"]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "internal error" in err
    assert "ZeroDivisionError: a bug" in err
    assert "Traceback" not in err
    assert "--debug" in err
    assert main(["--debug", "rules"]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err


def test_the_process_exit_code_is_the_same() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kpgov", "check", "budget", "/nonexistent.json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == EXIT_BAD_INPUT
    assert "Traceback" not in result.stderr


_SLOW_COMMAND = """
import sys, time
from kpgov.cli import cmd_rules, main

def run(args):
    print("ready", flush=True)
    time.sleep(60)
    return 0

cmd_rules.run = run
sys.exit(main(["rules"]))
"""


def test_ctrl_c_exits_130_with_one_line_and_no_traceback() -> None:
    """A real SIGINT, as a terminal sends it on Ctrl-C, to a command that is running."""
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_COMMAND],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "ready\n"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == EXIT_INTERRUPTED == 130
    assert err == "kpgov: interrupted\n"
