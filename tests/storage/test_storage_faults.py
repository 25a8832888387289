"""Honest faults: a full disk, read-only media, read-only handles, permission denied and a
locked database are StoreErrors naming the store and the real cause, and leave it unchanged.

The full disk and the read-only media are real: a small tmpfs mounted for the test (and
remounted read-only). Mounting needs root with CAP_SYS_ADMIN (CI runs as root); where it is
not allowed those tests skip and say why.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from storage_kinds import KINDS, Line, Movement

from kpgov.errors import StoreError
from kpgov.periods import FinancialYear
from kpgov.storage import Store, open

FY = FinancialYear(2016)


def line(key: str, text: str = "") -> Line:
    return Line(key, "A01101", FY, "1000", text)


def _snapshot(store: Store) -> tuple[Any, ...]:
    records = [(r.key, r.version, r.value) for r in store.query(Line)]
    streams = {name: [e.hash for e in store.read_stream(name)] for name in store.streams()}
    return records, streams


def _fill(store: Store) -> None:
    store.put(line("a", "first"))
    store.put(line("b", "second"))
    store.append("s", [Movement("m1", "5"), Movement("m2", "7")], expected_version=0)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs mounted for the test (skips, saying why, where mounting is not allowed)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    mount = tmp_path / "mnt"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "kpgov-test", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip() or result.returncode}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)


def _remount(mount: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(mount)], check=True)


def _exhaust(path: Path) -> None:
    """Fill the file system of ``path`` to the last byte."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 16, 1 << 12, 1 << 8, 1):
            while True:
                try:
                    os.write(fd, b"\0" * size)
                except OSError:
                    break
    finally:
        os.close(fd)


@pytest.mark.parametrize("adapter", ["sqlite", "dir"])
def test_a_full_disk_is_a_store_error_naming_the_cause_and_changes_nothing(
    tmpfs: Path, adapter: str
) -> None:
    url = f"sqlite:///{tmpfs}/store.db" if adapter == "sqlite" else f"dir:///{tmpfs}/store"
    with open(url, kinds=KINDS) as store:
        _fill(store)
        before = _snapshot(store)
        _exhaust(tmpfs / "filler")
        big = "x" * 300_000
        for attempt in (
            lambda: store.put(line("c", big)),
            lambda: store.put(line("a", big), expected_version=1),
            lambda: store.append("s", [Movement("m3", "1", big)], expected_version=2),
        ):
            with pytest.raises(StoreError, match="disk is full") as caught:
                attempt()
            assert caught.value.file == store.url
            assert "cannot rollback" not in str(caught.value)
        assert _snapshot(store) == before
    (tmpfs / "filler").unlink()
    with open(url, kinds=KINDS) as store:
        assert _snapshot(store) == before
        assert store.verify() == []
        store.put(line("c", "after"))  # room again: writes work


@pytest.mark.parametrize("adapter", ["sqlite", "dir"])
def test_a_store_on_read_only_media_opens_for_reading_and_refuses_writes(
    tmpfs: Path, adapter: str
) -> None:
    url = f"sqlite:///{tmpfs}/store.db" if adapter == "sqlite" else f"dir:///{tmpfs}/store"
    with open(url, kinds=KINDS) as store:
        _fill(store)
        before = _snapshot(store)
    _remount(tmpfs, "ro")
    try:
        with open(url, kinds=KINDS) as store:
            assert store.read_only == "read-only media"
            assert _snapshot(store) == before
            assert store.verify() == []
            with pytest.raises(StoreError, match=r"read-only \(read-only media\)") as caught:
                store.put(line("c"))
            assert caught.value.file == store.url
            with pytest.raises(StoreError, match="read-only"):
                store.append("s", [Movement("m3", "1")], expected_version=2)
        other = f"sqlite:///{tmpfs}/new.db" if adapter == "sqlite" else f"dir:///{tmpfs}/new"
        with pytest.raises(StoreError, match=r"none can be created|on read-only media"):
            open(other, kinds=KINDS)
    finally:
        _remount(tmpfs, "rw")
    with open(url, kinds=KINDS) as store:
        assert _snapshot(store) == before


def test_a_read_only_handle_refuses_every_write_and_changes_nothing(
    new_url: Callable[[], str],
) -> None:
    """Contract, every adapter: ``open(url, read_only=True)`` reads and never writes."""
    url = new_url()
    with open(url, kinds=KINDS) as store:
        _fill(store)
        before = _snapshot(store) if store.adapter != "memory" else ([], {})
    with open(url, kinds=KINDS, read_only=True) as store:
        assert store.read_only == "opened read-only"
        assert _snapshot(store) == before
        assert store.verify() == []
        for attempt in (
            lambda: store.put(line("z")),
            lambda: store.put_many([line("y")]),
            lambda: store.append("s2", [Movement("m", "1")], expected_version=0),
            lambda: store.migrate(),
        ):
            with pytest.raises(StoreError, match="read-only") as caught:
                attempt()
            assert caught.value.file == store.url
        assert _snapshot(store) == before


@pytest.mark.postgres
def test_postgres_read_only_handles_are_read_only_on_the_server(
    postgres_url: Callable[[], str],
) -> None:
    url = postgres_url()
    open(url, kinds=KINDS).close()
    with open(url, kinds=KINDS, read_only=True) as store:
        backend: Any = store._backend  # type: ignore[attr-defined]  # past kpgov's own check
        with backend.read_context(), pytest.raises(StoreError, match="read-only"):
            backend._run("INSERT INTO kpgov_records VALUES ('k', 'x', 1, '{}')")


def _as_nobody(action: Callable[[], str]) -> str:
    """Run ``action`` in a child process as user 65534 (root passes every permission check)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        try:
            os.setgid(65534)
            os.setuid(65534)
            message = action()
        except BaseException as exc:
            message = f"{type(exc).__name__}: {exc}"
        os.write(write, message.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as handle:
        text = handle.read()
    os.waitpid(pid, 0)
    return text


@pytest.mark.parametrize("adapter", ["sqlite", "dir"])
def test_permission_denied_is_a_store_error_naming_it(adapter: str) -> None:
    """Another user: a private store (0600) cannot be opened; a readable one (?mode=0644)
    opens read-only and says why when written to."""
    if os.geteuid() != 0:
        pytest.skip("needs root to act as another user")
    base = Path(tempfile.mkdtemp(prefix="kpgov-perm-", dir="/tmp"))
    try:
        os.chmod(base, 0o755)
        for mode, expected in (("0600", "permission denied"),
                               ("0644", "read-only (no permission to write")):  # fmt: skip
            name = f"s{mode}.db" if adapter == "sqlite" else f"s{mode}"
            url = f"{adapter}:///{base}/{name}?mode={mode}"
            with open(url, kinds=KINDS) as store:
                _fill(store)

            def attempt(url: str = url) -> str:
                try:
                    with open(url, kinds=KINDS) as store:
                        store.put(line("c"))
                except StoreError as exc:
                    return f"StoreError: {exc}"
                return "written"

            message = _as_nobody(attempt)
            assert message.startswith("StoreError:"), message
            assert expected in message, message
            assert str(base / name) in message
    finally:
        shutil.rmtree(base)


def test_a_locked_sqlite_database_is_a_store_error_saying_so(tmp_path: Path) -> None:
    import sqlite3

    url = f"sqlite:///{tmp_path}/s.db"
    with open(url, kinds=KINDS) as store:
        _fill(store)
        before = _snapshot(store)
        backend: Any = store._backend  # type: ignore[attr-defined]
        backend._db.execute("PRAGMA busy_timeout = 50")  # do not wait 30 s in a test
        other = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError, match="locked by another writer") as caught:
                store.put(line("c"))
            assert caught.value.file == store.url
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert _snapshot(store) == before
        store.put(line("c"))


@pytest.mark.parametrize("mode", [None, "0640"])
def test_files_are_private_unless_configured(tmp_path: Path, mode: str | None) -> None:
    file_mode = 0o600 if mode is None else int(mode, 8)
    dir_mode = 0o700 if mode is None else 0o750
    option = f"?mode={mode}" if mode else ""
    old_umask = os.umask(0o022)
    try:
        with open(f"dir:///{tmp_path}/d{option}", kinds=KINDS) as store:
            _fill(store)
            with store.transaction():
                store.put(line("x"))
                journal = tmp_path / "d" / ".kpgov" / "undo.jsonl"
                assert journal.stat().st_mode & 0o777 == file_mode
            root = tmp_path / "d"
            for path in [root, *root.rglob("*")]:
                want = dir_mode if path.is_dir() else file_mode
                assert path.stat().st_mode & 0o777 == want, path
        with open(f"sqlite:///{tmp_path}/s.db{option}", kinds=KINDS) as store:
            _fill(store)
            files = sorted(tmp_path.glob("s.db*"))
            assert [p.name for p in files] == ["s.db", "s.db-shm", "s.db-wal"]
            for path in files:
                assert path.stat().st_mode & 0o777 == file_mode, path
    finally:
        os.umask(old_umask)


def test_a_mode_that_locks_the_owner_out_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="mode is octal"):
        open(f"dir:///{tmp_path}/d?mode=0400")
    with contextlib.suppress(FileNotFoundError):
        assert not (tmp_path / "d").exists()
