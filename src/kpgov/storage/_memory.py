"""``memory://``: a first-class store in process memory, for tests and notebooks.

It keeps the same canonical JSON documents as the other adapters (so a value that would not
survive a round trip through a file does not survive here either). A transaction works on a
record of what it changed and puts it back on rollback; one lock serializes writers and
readers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from kpgov.storage._base import Backend, Doc, EventRow

__all__ = ["MemoryBackend"]


_MISSING = object()


class MemoryBackend(Backend):
    adapter = "memory"
    builtin_migrations = ("kpgov.0001-memory",)

    def __init__(self, location: str = "memory://") -> None:
        self.location = location
        self._records: dict[tuple[str, str], tuple[int, str | None]] = {}
        self._events: dict[str, list[tuple[int, str, str, str]]] = {}
        self._migrations: list[str] = []
        self._lock = threading.RLock()
        # What the running transaction changed, to put back on rollback.
        self._undo: dict[tuple[str, str], object] = {}
        self._undo_events: dict[str, int] = {}

    @contextmanager
    def write_transaction(self) -> Iterator[None]:
        with self._lock:
            self._undo = {}
            self._undo_events = {}
            migrations = len(self._migrations)
            try:
                yield
            except BaseException:
                for ident, old in self._undo.items():
                    if old is _MISSING:
                        self._records.pop(ident, None)
                    else:
                        self._records[ident] = old  # type: ignore[assignment]  # saved row
                for stream, length in self._undo_events.items():
                    del self._events[stream][length:]
                del self._migrations[migrations:]
                raise
            finally:
                self._undo = {}
                self._undo_events = {}

    @contextmanager
    def read_context(self) -> Iterator[None]:
        with self._lock:
            yield

    def read_record(self, kind: str, key: str) -> tuple[int, Doc | None] | None:
        return self._records.get((kind, key))

    def _save(self, ident: tuple[str, str]) -> None:
        if ident not in self._undo:
            self._undo[ident] = self._records.get(ident, _MISSING)

    def write_record(self, kind: str, key: str, old: int | None, new: int, doc: str | None) -> bool:
        current = self._records.get((kind, key))
        if (current[0] if current else None) != old:
            return False
        self._save((kind, key))
        self._records[(kind, key)] = (new, doc)
        return True

    def insert_new(self, kind: str, rows: Sequence[tuple[str, str]]) -> bool:
        records = self._records
        keys = [(kind, key) for key, _doc in rows]
        if len(set(keys)) != len(keys) or any(k in records for k in keys):
            return False
        for ident, (_key, doc) in zip(keys, rows, strict=True):
            self._save(ident)
            records[ident] = (1, doc)
        return True

    def scan(self, kind: str, where: Mapping[str, str]) -> Iterator[tuple[str, int, Doc]]:
        rows = [
            (key, version, doc)
            for (k, key), (version, doc) in self._records.items()
            if k == kind and doc is not None
        ]
        rows.sort(key=lambda row: row[0])
        return iter(rows)

    def keys(self, kind: str) -> list[str]:
        return sorted(key for (k, key), (_v, doc) in self._records.items() if k == kind and doc)

    def kind_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for (kind, _key), (_version, doc) in self._records.items():
            if doc is not None:
                counts[kind] = counts.get(kind, 0) + 1
        return counts

    def stream_head(self, stream: str) -> tuple[int, str]:
        rows = self._events.get(stream)
        if not rows:
            return 0, ""
        return rows[-1][0], rows[-1][3]

    def write_events(self, stream: str, rows: Sequence[tuple[int, str, str, str]]) -> bool:
        existing = self._events.setdefault(stream, [])
        if rows[0][0] != len(existing) + 1:
            return False
        self._undo_events.setdefault(stream, len(existing))
        existing.extend(rows)
        return True

    def read_events(self, stream: str, after: int) -> Iterator[EventRow]:
        return iter([row for row in self._events.get(stream, []) if row[0] > after])

    def stream_names(self) -> list[str]:
        return sorted(name for name, rows in self._events.items() if rows)

    def applied_migrations(self) -> list[str]:
        return list(self._migrations)

    def apply_builtin(self, name: str) -> None:
        """Nothing to create in memory; the name is recorded like everywhere else."""

    def record_migration(self, name: str, applied_at: str) -> None:
        self._migrations.append(name)

    def close(self) -> None:
        self._records = {}
        self._events = {}
