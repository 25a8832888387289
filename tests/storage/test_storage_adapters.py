"""What is particular to each adapter: URLs, files on disk, foreign and corrupt stores."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from storage_kinds import KINDS, Line, Movement

from kpgov.errors import StoreError
from kpgov.periods import FinancialYear
from kpgov.storage import open, parse_url

FY16 = FinancialYear(2016)


def line(ident: str, text: str = "") -> Line:
    return Line(ident, "A01101", FY16, Decimal("10.50"), text)


# -- URLs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "adapter", "target"),
    [
        ("memory://", "memory", "memory://"),
        ("sqlite:///var/kpgov/a.db", "sqlite", Path("/var/kpgov/a.db")),
        ("sqlite:////var/kpgov/a.db", "sqlite", Path("/var/kpgov/a.db")),
        ("sqlite:rel/a.db", "sqlite", Path("rel/a.db")),
        ("dir:///srv/budgets", "dir", Path("/srv/budgets")),
        ("dir:///srv/my%20budgets", "dir", Path("/srv/my budgets")),
        ("postgresql://u@h/db", "postgresql", "postgresql://u@h/db"),
        ("postgres://u@h/db", "postgresql", "postgres://u@h/db"),
    ],
)
def test_urls_name_an_adapter_and_a_place(url: str, adapter: str, target: object) -> None:
    assert parse_url(url) == (adapter, target)


@pytest.mark.parametrize("url", ["mysql://x", "budget.db", "sqlite://", "dir:"])
def test_urls_kpgov_cannot_open_are_store_errors(url: str) -> None:
    with pytest.raises(StoreError):
        open(url)


def test_persistent_stores_keep_data_across_opens(disk_url: Callable[[], str]) -> None:
    url = disk_url()
    with open(url, kinds=KINDS) as store:
        store.put(line("a", "ضلع"))
        store.append("s", [Movement("m", "1")], expected_version=0)
    with open(url, kinds=KINDS) as store:
        assert store.get(Line, "a").value.text == "ضلع"
        assert store.stream_version("s") == 1
        assert store.schema_status().current


def test_two_handles_on_one_store_see_each_others_conflicts(disk_url: Callable[[], str]) -> None:
    url = disk_url()
    with open(url, kinds=KINDS) as first, open(url, kinds=KINDS) as second:
        first.put(line("a"))
        seen = second.get(Line, "a")
        first.put(line("a", "changed"), expected_version=seen.version)
        with pytest.raises(StoreError, match="version 2"):
            second.put(line("a", "lost update"), expected_version=seen.version)
        assert second.get(Line, "a").value.text == "changed"


def test_a_store_from_a_newer_kpgov_is_refused(disk_url: Callable[[], str]) -> None:
    url = disk_url()
    with open(url, kinds=KINDS) as store:
        backend = store._backend  # type: ignore[attr-defined]  # the test plays a newer kpgov
        with backend.write_transaction():
            backend.record_migration("kpgov.9999-future", "2030-01-01")
    with pytest.raises(StoreError, match="newer kpgov"):
        open(url, kinds=KINDS)


# -- SQLite ----------------------------------------------------------------------------------


def test_sqlite_is_a_plain_wal_file_an_auditor_can_query(tmp_path: Path) -> None:
    path = tmp_path / "audit.db"
    with open(f"sqlite://{path}", kinds=KINDS) as store:
        store.put(line("a", "O'Brien\x00"))
        store.append("s", [Movement("m", "1")], expected_version=0)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    kind, key, version, doc = db.execute(
        "SELECT kind, key, version, doc FROM kpgov_records"
    ).fetchone()
    assert (kind, key, version) == ("budget-line", "a", 1)
    assert json.loads(doc)["text"] == "O'Brien\x00"
    assert db.execute("SELECT json_extract(doc, '$.amount') FROM kpgov_records").fetchone() == (
        "10.50",
    )
    names = [row[0] for row in db.execute("SELECT name FROM kpgov_migrations ORDER BY rowid")]
    assert names == ["kpgov.0001-records", "kpgov.0002-events"]
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE kpgov_events SET doc = '{}'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM kpgov_events")
    db.close()


def test_a_file_that_is_not_sqlite_is_a_store_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "budget.db"
    path.write_text("district,amount\nPeshawar,100\n")
    with pytest.raises(StoreError, match="not a SQLite database") as caught:
        open(f"sqlite://{path}")
    assert caught.value.file == str(path)


def test_a_foreign_sqlite_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE customers (id INTEGER)")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="without kpgov's tables") as caught:
        open(f"sqlite://{path}")
    assert caught.value.file == str(path)


def test_a_corrupt_document_names_the_store_and_record(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with open(f"sqlite://{path}", kinds=KINDS) as store:
        store.put(line("a"))
    db = sqlite3.connect(path)
    db.execute("UPDATE kpgov_records SET doc = '{not json'")
    db.commit()
    db.close()
    with open(f"sqlite://{path}", kinds=KINDS) as store:
        with pytest.raises(StoreError, match="not JSON") as caught:
            store.get(Line, "a")
        assert str(path) in str(caught.value)
        assert any("not JSON" in problem for problem in store.verify())


def test_verify_finds_a_broken_hash_chain(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with open(f"sqlite://{path}", kinds=KINDS) as store:
        store.append("s", [Movement("m1", "1"), Movement("m2", "2")], expected_version=0)
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER kpgov_events_no_update")  # what a tamperer would have to do
    db.execute("UPDATE kpgov_events SET doc = replace(doc, '\"2\"', '\"200\"') WHERE version = 2")
    db.commit()
    db.close()
    with open(f"sqlite://{path}", kinds=KINDS) as store:
        assert store.verify() == ["stream 's': event 2 breaks the hash chain"]


def test_an_old_store_opened_without_migrating_reports_and_refuses(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE kpgov_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    db.commit()
    db.close()
    store = open(f"sqlite://{path}", kinds=KINDS, migrate=False)
    assert store.schema_status().pending == ("kpgov.0001-records", "kpgov.0002-events")
    with pytest.raises(StoreError, match="kpgov store migrate"):
        store.put(line("a"))
    assert store.migrate() == ["kpgov.0001-records", "kpgov.0002-events"]
    store.put(line("a"))
    store.close()


# -- directory -------------------------------------------------------------------------------


def test_dir_keeps_one_sorted_pretty_json_file_per_record(tmp_path: Path) -> None:
    root = tmp_path / "budgets"
    with open(f"dir://{root}", kinds=KINDS) as store:
        store.put(line("L-1", "ضلع"))
        store.put(line("a/b"))
        store.append("ledger", [Movement("m1", "5")], expected_version=0)
        store.delete(Line, "a/b", expected_version=1)
    text = (root / "records" / "budget-line" / "L-1.json").read_text(encoding="utf-8")
    assert text == (
        "{\n"
        '  "key": "L-1",\n'
        '  "kind": "budget-line",\n'
        '  "value": {\n'
        '    "amount": "10.50",\n'
        '    "code": "A01101",\n'
        '    "id": "L-1",\n'
        '    "text": "ضلع",\n'
        '    "year": "2016-17"\n'
        "  },\n"
        '  "version": 1\n'
        "}\n"
    )
    assert (root / "records" / "budget-line" / "~a%2Fb.deleted").exists()
    event = json.loads((root / "streams" / "ledger" / "0000000001.json").read_text())
    assert event["value"] == {"amount": "5", "note": "", "ref": "m1"}
    assert not (root / ".kpgov" / "undo.jsonl").exists()
    assert (root / ".kpgov" / ".gitignore").read_text().strip().endswith("*")


def test_a_foreign_directory_is_a_store_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a store")
    with pytest.raises(StoreError, match="not a kpgov store") as caught:
        open(f"dir://{tmp_path}")
    assert caught.value.file == str(tmp_path)
    (tmp_path / "plain-file").write_text("x")
    with pytest.raises(StoreError, match="not a directory"):
        open(f"dir://{tmp_path / 'plain-file'}")


def test_a_corrupt_record_file_is_a_store_error_naming_the_file(tmp_path: Path) -> None:
    with open(f"dir://{tmp_path}", kinds=KINDS) as store:
        store.put(line("a"))
        path = tmp_path / "records" / "budget-line" / "a.json"
        path.write_text('{"key": "a", "version": ')
        with pytest.raises(StoreError, match="not a JSON document") as caught:
            store.get(Line, "a")
        assert caught.value.file == str(path)


def test_a_corrupt_marker_is_a_store_error_naming_it(tmp_path: Path) -> None:
    with open(f"dir://{tmp_path}", kinds=KINDS):
        pass
    (tmp_path / "kpgov-store.json").write_text('{"format": "something-else"}')
    with pytest.raises(StoreError, match="format") as caught:
        open(f"dir://{tmp_path}")
    assert caught.value.file == str(tmp_path / "kpgov-store.json")


def test_dir_rolls_back_an_unfinished_transaction_on_open(tmp_path: Path) -> None:
    with open(f"dir://{tmp_path}", kinds=KINDS) as store:
        store.put(line("a", "committed"))
    path = tmp_path / "records" / "budget-line" / "a.json"
    committed = path.read_text()
    # What a writer killed mid-transaction leaves: a journal and a changed file.
    undo = {"path": "records/budget-line/a.json", "old": committed}
    (tmp_path / ".kpgov" / "undo.jsonl").write_text(json.dumps(undo) + '\n{"path": "rec')
    path.write_text(committed.replace("committed", "uncommitted"))
    with open(f"dir://{tmp_path}", kinds=KINDS) as store:
        assert store.get(Line, "a").value.text == "committed"
    assert not (tmp_path / ".kpgov" / "undo.jsonl").exists()


# -- PostgreSQL ------------------------------------------------------------------------------


@pytest.mark.postgres
def test_postgres_keeps_nul_as_a_json_escape_in_text(postgres_url: Callable[[], str]) -> None:
    import psycopg

    url = postgres_url()
    with open(url, kinds=KINDS) as store:
        store.put(line("a", "before\x00after"))
        store.put(line("b", "plain"))
        assert store.get(Line, "a").value.text == "before\x00after"
    with psycopg.connect(url) as conn:
        raw = conn.execute("SELECT doc FROM kpgov_records WHERE key = 'a'").fetchone()
        text = conn.execute(
            "SELECT doc::json ->> 'text' FROM kpgov_records WHERE key = 'b'"
        ).fetchone()
    assert raw is not None
    assert "before\\u0000after" in raw[0]  # the JSON escape, six ASCII characters
    assert text == ("plain",)  # documents without NUL work with PostgreSQL's JSON operators


@pytest.mark.postgres
def test_postgres_refuses_to_change_events(postgres_url: Callable[[], str]) -> None:
    import psycopg

    url = postgres_url()
    with open(url, kinds=KINDS) as store:
        store.append("s", [Movement("m", "1")], expected_version=0)
    with psycopg.connect(url) as conn, pytest.raises(psycopg.Error, match="append-only"):
        conn.execute("DELETE FROM kpgov_events")


def test_a_postgres_server_that_is_not_there_is_a_store_error() -> None:
    pytest.importorskip("psycopg")  # without the postgres extra: the next test
    with pytest.raises(StoreError, match="cannot connect") as caught:
        open("postgresql://kpgov:secret@127.0.0.1:1/none?connect_timeout=1")
    assert "secret" not in str(caught.value)
