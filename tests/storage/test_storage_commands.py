"""``--store`` on the commands that read or write records: ``kpgov ledger``, ``kpgov
indicators score`` and ``kpgov calendar --submissions`` keep what they read from a file in a
store, and work from the store alone the same way (SYNTHETIC DATA throughout)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kpgov.budget import Ledger, schedule_of_authorized_expenditure
from kpgov.calendar import Submission
from kpgov.cli import main
from kpgov.indicators import Observation
from kpgov.io.budget import load_budget
from kpgov.io.ledger import dump_ledger
from kpgov.storage import KindRegistry, open, register_domain_kinds

EXAMPLE = Path(__file__).resolve().parents[2] / "src/kpgov/data/examples/budget/district.json"
OBSERVATIONS = """indicator,entity_kind,entity,period,value,numerator,denominator,evidence
GGS-SD-39,district,Swat,2019-07,,45,60,PCP export
GGS-SD-39,district,Mardan,2019-07,60%,,,
GGS-PA-31,district,Swat,2019-07,Yes,,,
"""
SUBMISSIONS = """deadline,entity,submitted
BR-80(4)#due/2025-07,DDO A,2025-08-18
BR-80(5)#due/2025-07,DDO A,2025-08-12
"""


def _kept(url: str, cls: type) -> list[object]:
    with open(url, kinds=register_domain_kinds(KindRegistry()), read_only=True) as store:
        return [record.value for record in store.query(cls)]


def _twice(
    args_file: list[str], args_store: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, int, str]:
    code_file = main(args_file)
    from_file = capsys.readouterr().out
    code_store = main(args_store)
    from_store = capsys.readouterr().out
    return code_file, from_file, code_store, from_store


def test_kpgov_ledger_keeps_and_reads_a_ledger(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = schedule_of_authorized_expenditure(load_budget(EXAMPLE))
    path = tmp_path / "ledger.json"
    dump_ledger(ledger, path)
    url = f"sqlite:///{tmp_path}/s.db"
    code_file, from_file, code_store, from_store = _twice(
        ["ledger", "check", str(path), "--store", url, "--format", "json"],
        ["ledger", "check", "--store", url, "--format", "json"],
        capsys,
    )
    assert code_file == code_store
    assert json.loads(from_file)["title"] == json.loads(from_store)["title"]
    assert _kept(url, Ledger) == [ledger]
    key = f"{ledger.district}/{ledger.year}"
    month = str(ledger.year.month(1))
    statement = ["ledger", "statement", "--form", "bm2", "--month", month, "--format", "csv"]
    assert main([*statement, str(path)]) == 0
    printed = capsys.readouterr().out
    assert main([*statement, "--store", url, "--key", key]) == 0
    assert capsys.readouterr().out == printed
    assert main(["ledger", "check", "--store", url, "--key", "Nowhere/2016-17"]) == 2
    assert "no budget.ledger with key" in capsys.readouterr().err


def test_kpgov_ledger_needs_a_file_or_a_store(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ledger", "check"]) == 2
    assert "give a ledger FILE, or --store URL" in capsys.readouterr().err


def test_kpgov_indicators_score_keeps_and_reads_observations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "obs.csv"
    path.write_text(OBSERVATIONS, encoding="utf-8")
    url = f"dir:///{tmp_path}/store"
    window = ["--month", "2019-07", "--launch", "2019-07-01", "--format", "json"]
    code_file, from_file, code_store, from_store = _twice(
        ["indicators", "score", str(path), "--store", url, *window],
        ["indicators", "score", "--store", url, *window],
        capsys,
    )
    assert code_file == code_store == 1
    assert json.loads(from_file) == json.loads(from_store)
    assert len(_kept(url, Observation)) == 3
    # kept again: new versions, no duplicates
    assert main(["indicators", "score", str(path), "--store", url, *window]) == 1
    capsys.readouterr()
    assert len(_kept(url, Observation)) == 3


def test_kpgov_calendar_keeps_and_reads_submissions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "submissions.csv"
    path.write_text(SUBMISSIONS, encoding="utf-8")
    url = f"sqlite:///{tmp_path}/s.db"
    base = ["calendar", "2025-26", "--as-of", "2025-08-25", "--entity", "DDO A", "--format", "json"]
    code_file, from_file, code_store, from_store = _twice(
        [*base, "--submissions", str(path), "--store", url],
        [*base, "--store", url],
        capsys,
    )
    assert code_file == code_store
    assert json.loads(from_file) == json.loads(from_store)
    assert len(_kept(url, Submission)) == 2


def test_reading_from_a_store_that_is_not_there_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path}/missing.db"
    assert main(["calendar", "2025-26", "--store", url]) == 2
    assert "no store here" in capsys.readouterr().err
    assert not (tmp_path / "missing.db").exists()
