"""``sqlite:///path.db``: the default store, one SQLite file (stdlib ``sqlite3``, WAL mode).

The schema is plain tables an auditor can read in any SQLite tool (see docs/storage.md):
``kpgov_records`` (kind, key, version, doc - the JSON document, NULL once deleted),
``kpgov_events`` (stream, version, kind, doc, hash; triggers refuse UPDATE and DELETE) and
``kpgov_migrations`` (name, applied_at). Every statement is parameterised.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Final
from urllib.parse import quote

from kpgov.errors import StoreError
from kpgov.storage._base import Backend, Doc, EventRow, os_fault

__all__ = ["SQLiteBackend"]

_SCHEMA: Final[dict[str, tuple[str, ...]]] = {
    "kpgov.0001-records": (
        """CREATE TABLE IF NOT EXISTS kpgov_migrations (
            name TEXT PRIMARY KEY,
            applied_at TEXT NOT NULL
        )""",
        """CREATE TABLE kpgov_records (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            doc TEXT,
            PRIMARY KEY (kind, key)
        ) WITHOUT ROWID""",
    ),
    "kpgov.0002-events": (
        """CREATE TABLE kpgov_events (
            stream TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            kind TEXT NOT NULL,
            doc TEXT NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (stream, version)
        ) WITHOUT ROWID""",
        """CREATE TRIGGER kpgov_events_no_update BEFORE UPDATE ON kpgov_events
        BEGIN SELECT RAISE(ABORT, 'kpgov_events is append-only'); END""",
        """CREATE TRIGGER kpgov_events_no_delete BEFORE DELETE ON kpgov_events
        BEGIN SELECT RAISE(ABORT, 'kpgov_events is append-only'); END""",
    ),
}


#: What SQLite's result codes mean for a store, by the code's name.
_CAUSES: Final = {
    "SQLITE_FULL": "the disk is full",
    "SQLITE_READONLY": "the store is read-only",
    "SQLITE_BUSY": "the database is locked by another writer (waited 30 s)",
    "SQLITE_LOCKED": "the database is locked",
    "SQLITE_PERM": "permission denied",
    "SQLITE_AUTH": "permission denied",
    "SQLITE_CANTOPEN": "cannot open the file (missing, or permission denied)",
    "SQLITE_IOERR": "an input/output error",
    "SQLITE_CORRUPT": "the database file is corrupt",
    "SQLITE_NOTADB": "not a SQLite database",
}


def _cause(exc: sqlite3.Error) -> str:
    name = str(getattr(exc, "sqlite_errorname", ""))
    for prefix, cause in _CAUSES.items():
        if name == prefix or name.startswith(prefix + "_"):
            return cause
    return ""


def read_only_reason(path: Path) -> str:
    """Why the SQLite file at ``path`` can only be read ("" when it can be written): the
    media is read-only, or this process may not write the file or its directory (SQLite
    writes the ``-wal`` and ``-shm`` files beside it)."""
    with contextlib.suppress(OSError):
        if os.statvfs(path.parent).f_flag & os.ST_RDONLY:
            return "read-only media"
    if path.exists() and not os.access(path, os.W_OK):
        return "no permission to write the file"
    if not os.access(path.parent, os.W_OK):
        return "no permission to write its directory"
    return ""


class SQLiteBackend(Backend):
    adapter = "sqlite"
    builtin_migrations = tuple(_SCHEMA)

    def __init__(
        self, path: Path, *, sync: bool = True, mode: int = 0o600, read_only: bool = False
    ) -> None:
        self.location = str(path)
        self._path = path
        self._lock = threading.RLock()
        if path.is_dir():
            raise StoreError("is a directory, not a SQLite file", file=self.location)
        if not path.parent.is_dir():
            raise StoreError("the directory for the SQLite file does not exist", file=self.location)
        self.read_only = read_only_reason(path) or ("opened read-only" if read_only else "")
        if self.read_only and not path.exists():
            raise StoreError(
                f"no store here, and none can be created ({self.read_only})", file=self.location
            )
        if not self.read_only and not path.exists():
            self._create(path, mode)
        self._db = self._connect(path)
        try:
            self._db.execute("PRAGMA busy_timeout = 30000")
            if self.read_only:
                mode_row = self._db.execute("PRAGMA journal_mode").fetchone()
            else:
                mode_row = self._db.execute("PRAGMA journal_mode = WAL").fetchone()
                self._db.execute(
                    "PRAGMA synchronous = FULL" if sync else "PRAGMA synchronous = OFF"
                )
            tables = {
                row[0]
                for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        except sqlite3.DatabaseError as exc:
            self._db.close()
            if _cause(exc) == "not a SQLite database":
                raise StoreError(
                    f"not a kpgov store: not a SQLite database ({exc})", file=self.location
                ) from exc
            raise self._error(exc, "cannot read the SQLite file") from exc
        if self.read_only:
            mode_row = ("wal",)  # whatever it is, nothing will be written
        if mode_row is None or str(mode_row[0]).lower() != "wal":
            self._db.close()
            raise StoreError("cannot switch the SQLite file to WAL mode", file=self.location)
        if tables and "kpgov_migrations" not in tables:
            self._db.close()
            raise StoreError(
                "not a kpgov store: a SQLite database without kpgov's tables"
                f" (it has {', '.join(sorted(tables)[:5])})",
                file=self.location,
            )
        self._in_tx = False

    def _create(self, path: Path, mode: int) -> None:
        """Create the empty database file with ``mode`` (SQLite gives its -wal and -shm the
        same permissions)."""
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        except FileExistsError:
            return
        except OSError as exc:
            raise os_fault(exc, self.location, "create the SQLite file") from None
        try:
            os.fchmod(fd, mode)
        finally:
            os.close(fd)

    def _connect(self, path: Path) -> sqlite3.Connection:
        def connect(target: str, *, uri: bool = False) -> sqlite3.Connection:
            return sqlite3.connect(
                target, isolation_level=None, check_same_thread=False, timeout=30.0, uri=uri
            )

        try:
            if not self.read_only:
                return connect(str(path))
            target = "file:" + quote(str(path.absolute())) + "?mode=ro"
            db = connect(target, uri=True)
            try:
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError:
                db.close()
                wal = path.with_name(path.name + "-wal")
                if wal.exists() and wal.stat().st_size > 0:
                    raise
                # read-only media and no -shm to share: nothing can change the file
                db = connect(target + "&immutable=1", uri=True)
            return db
        except sqlite3.Error as exc:
            raise self._error(exc, "cannot open the SQLite file") from exc
        except OSError as exc:
            raise os_fault(exc, self.location, "open the SQLite file") from None

    def _error(self, exc: sqlite3.Error, doing: str = "") -> StoreError:
        cause = _cause(exc)
        if cause.startswith("cannot open") and not os.access(self._path, os.R_OK):
            cause = "permission denied (this process may not read the file)"
        if cause == "the store is read-only" and self.read_only:
            cause += f" ({self.read_only})"
        parts = [p for p in (doing, cause, f"SQLite: {exc}") if p]
        return StoreError(": ".join(parts), file=self.location)

    @contextmanager
    def write_transaction(self) -> Iterator[None]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self._error(exc, "cannot start a write") from exc
            self._in_tx = True
            try:
                yield
            except BaseException:
                self._in_tx = False
                with contextlib.suppress(sqlite3.Error):  # the first error is the one to report
                    self._db.execute("ROLLBACK")
                raise
            self._in_tx = False
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                with contextlib.suppress(sqlite3.Error):  # SQLite may have rolled back itself
                    self._db.execute("ROLLBACK")
                raise self._error(exc, "nothing was written") from exc

    @contextmanager
    def read_context(self) -> Iterator[None]:
        with self._lock:
            yield

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    def read_record(self, kind: str, key: str) -> tuple[int, Doc | None] | None:
        with self._guard():
            row = self._db.execute(
                "SELECT version, doc FROM kpgov_records WHERE kind = ? AND key = ?", (kind, key)
            ).fetchone()
        return None if row is None else (row[0], row[1])

    def write_record(self, kind: str, key: str, old: int | None, new: int, doc: str | None) -> bool:
        with self._guard():
            if old is None:
                cursor = self._db.execute(
                    "INSERT INTO kpgov_records (kind, key, version, doc) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (kind, key) DO NOTHING",
                    (kind, key, new, doc),
                )
            else:
                cursor = self._db.execute(
                    "UPDATE kpgov_records SET version = ?, doc = ?"
                    " WHERE kind = ? AND key = ? AND version = ?",
                    (new, doc, kind, key, old),
                )
        return cursor.rowcount == 1

    def insert_new(self, kind: str, rows: Sequence[tuple[str, str]]) -> bool:
        with self._guard():
            self._db.execute("SAVEPOINT kpgov_bulk")
            try:
                self._db.executemany(
                    "INSERT INTO kpgov_records (kind, key, version, doc) VALUES (?, ?, 1, ?)",
                    [(kind, key, doc) for key, doc in rows],
                )
            except sqlite3.IntegrityError:
                self._db.execute("ROLLBACK TO kpgov_bulk")
                self._db.execute("RELEASE kpgov_bulk")
                return False
            self._db.execute("RELEASE kpgov_bulk")
        return True

    def scan(self, kind: str, where: Mapping[str, str]) -> Iterator[tuple[str, int, Doc]]:
        sql = "SELECT key, version, doc FROM kpgov_records WHERE kind = ? AND doc IS NOT NULL"
        params: list[str] = [kind]
        for field, value in where.items():
            sql += " AND json_extract(doc, ?) = ?"
            params.extend(('$."' + field + '"', value))
        with self._guard():
            return iter(self._db.execute(sql + " ORDER BY key", params).fetchall())

    def keys(self, kind: str) -> list[str]:
        with self._guard():
            rows = self._db.execute(
                "SELECT key FROM kpgov_records WHERE kind = ? AND doc IS NOT NULL ORDER BY key",
                (kind,),
            ).fetchall()
        return [row[0] for row in rows]

    def kind_counts(self) -> dict[str, int]:
        with self._guard():
            rows = self._db.execute(
                "SELECT kind, count(*) FROM kpgov_records WHERE doc IS NOT NULL GROUP BY kind"
            ).fetchall()
        return {row[0]: row[1] for row in rows}

    def stream_head(self, stream: str) -> tuple[int, str]:
        with self._guard():
            row = self._db.execute(
                "SELECT version, hash FROM kpgov_events WHERE stream = ?"
                " ORDER BY version DESC LIMIT 1",
                (stream,),
            ).fetchone()
        return (0, "") if row is None else (row[0], row[1])

    def write_events(self, stream: str, rows: Sequence[tuple[int, str, str, str]]) -> bool:
        with self._guard():
            self._db.execute("SAVEPOINT kpgov_append")
            try:
                self._db.executemany(
                    "INSERT INTO kpgov_events (stream, version, kind, doc, hash)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [(stream, *row) for row in rows],
                )
            except sqlite3.IntegrityError:
                self._db.execute("ROLLBACK TO kpgov_append")
                self._db.execute("RELEASE kpgov_append")
                return False
            self._db.execute("RELEASE kpgov_append")
        return True

    def read_events(self, stream: str, after: int) -> Iterator[EventRow]:
        with self._guard():
            return iter(
                self._db.execute(
                    "SELECT version, kind, doc, hash FROM kpgov_events"
                    " WHERE stream = ? AND version > ? ORDER BY version",
                    (stream, after),
                ).fetchall()
            )

    def stream_names(self) -> list[str]:
        with self._guard():
            rows = self._db.execute(
                "SELECT DISTINCT stream FROM kpgov_events ORDER BY stream"
            ).fetchall()
        return [row[0] for row in rows]

    def applied_migrations(self) -> list[str]:
        with self._guard():
            exists = self._db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kpgov_migrations'"
            ).fetchone()
            if exists is None:
                return []
            rows = self._db.execute("SELECT name FROM kpgov_migrations ORDER BY rowid").fetchall()
        return [row[0] for row in rows]

    def apply_builtin(self, name: str) -> None:
        with self._guard():
            for statement in _SCHEMA[name]:
                self._db.execute(statement)

    def record_migration(self, name: str, applied_at: str) -> None:
        with self._guard():
            self._db.execute(
                "INSERT INTO kpgov_migrations (name, applied_at) VALUES (?, ?)", (name, applied_at)
            )

    def integrity_problems(self) -> list[str]:
        with self._guard():
            rows = self._db.execute("PRAGMA integrity_check").fetchall()
        return [f"SQLite integrity_check: {row[0]}" for row in rows if row[0] != "ok"]

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):  # closing twice: nothing left to do
            self._db.close()
