"""``kpgov store``: what an auditor runs against a store."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from storage_kinds import KINDS, Line, Movement

from kpgov.cli import main
from kpgov.periods import FinancialYear
from kpgov.storage import open


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite://{tmp_path / 'audit.db'}"
    with open(url, kinds=KINDS) as store:
        store.put(Line("L-1", "A01101", FinancialYear(2016), 1500, "ضلع"))
        store.append("ledger", [Movement("m1", 5), Movement("m2", 7)], expected_version=0)
    return url


def test_info_shows_schema_kinds_and_streams(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["store", "info", "--store", url]) == 0
    out = capsys.readouterr().out
    assert "(sqlite)" in out
    assert "2 migrations applied; current" in out
    assert "budget-line 1" in out
    assert "1 (2 events)" in out


def test_info_as_json(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["store", "info", "--store", url, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kinds"] == {"budget-line": 1}
    assert data["streams"] == {"ledger": 2}
    assert data["migrations_pending"] == []


def test_verify_exits_1_when_the_chain_is_broken(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["store", "verify", "--store", url]) == 0
    assert "consistent" in capsys.readouterr().out
    db = sqlite3.connect(tmp_path / "audit.db")
    db.execute("DROP TRIGGER kpgov_events_no_delete")
    db.execute("DELETE FROM kpgov_events WHERE version = 1")
    db.commit()
    db.close()
    assert main(["store", "verify", "--store", url]) == 1
    out = capsys.readouterr().out
    assert "stream 'ledger': version 2, expected 1" in out


def test_keys_and_show_need_no_registered_kind(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["store", "keys", "--store", url, "--kind", "budget-line"]) == 0
    assert capsys.readouterr().out == "L-1\n"
    assert main(["store", "show", "--store", url, "--kind", "budget-line", "--key", "L-1"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["version"] == 1
    assert shown["value"]["text"] == "ضلع"


def test_a_missing_store_or_record_is_bad_input(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo.db"
    assert main(["store", "info", "--store", f"sqlite://{missing}"]) == 2
    assert "no store here" in capsys.readouterr().err
    assert not missing.exists()
    assert main(["store", "show", "--store", url, "--kind", "budget-line", "--key", "x"]) == 2
    assert "no budget-line with key 'x'" in capsys.readouterr().err


def test_migrate_creates_or_upgrades_a_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"dir://{tmp_path / 'repo'}"
    assert main(["store", "migrate", "--store", url]) == 0
    assert "applied kpgov.0001-dir-layout" in capsys.readouterr().out
    assert main(["store", "migrate", "--store", url]) == 0
    assert capsys.readouterr().out == "up to date\n"


def test_the_demo_keeps_its_data_in_a_sqlite_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime
    import sys

    from kpgov.cli import cmd_store
    from kpgov.cli.cmd_demo import DemoContext

    ctx = DemoContext(
        sys.stdout, datetime.date(2026, 11, 30), f"sqlite://{tmp_path}/d.db", tmp_path
    )
    cmd_store.demo_section(ctx)
    out = capsys.readouterr().out
    assert "demo-note (1)" in out
    assert "is refused" in out
    assert "consistent" in out
