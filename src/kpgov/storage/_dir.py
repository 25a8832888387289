"""``dir:///path``: one JSON document per record, so a repository of budgets diffs in git.

Layout (every file pretty-printed with sorted keys and a final newline)::

    kpgov-store.json                  format marker and the applied migrations
    records/<kind>/<key>.json         a live record: kind, key, version, value
    records/<kind>/<key>.deleted      a deleted record's tombstone (keeps its version)
    streams/<stream>/0000000001.json  event 1 of a stream: kind, version, hash, value
    .kpgov/                           lock file, undo journal, temporary files (git-ignored)

Keys that are not plain ``[A-Za-z0-9._-]`` names are percent-encoded after a ``~`` (``~``
itself too, so an encoded name holds no second ``~``); a long one is shortened to ``~``, a
prefix, ``~`` and the SHA-256 of the key. Plain names never start with ``~``, encoded names
have one ``~``, shortened ones two - so no two keys share a file (migration
``kpgov.0002-dir-names`` renames the files of stores written before this scheme). Each file
also holds its key, so nothing depends on decoding a file name.

Files are created 0600 and folders 0700 (``?mode=0640`` in the URL: group-readable, folders
0750). A store on read-only media, or one this process may not write, opens for reading.

Safety: every file is written to ``.kpgov/tmp`` and renamed into place (atomic on POSIX).
A transaction holds an exclusive ``flock`` and, before it changes a file, appends the file's
previous content to ``.kpgov/undo.jsonl``; commit is the removal of that journal. A writer
killed mid-transaction leaves the journal behind, and the next process to lock the store puts
every listed file back - so the store is always at its last committed state. Readers take a
shared lock, so they never see half a transaction. POSIX only (``fcntl``).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import itertools
import json
import os
import re
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote, unquote

from kpgov.errors import StoreError
from kpgov.storage._base import Backend, Doc, EventRow, os_fault

__all__ = ["DirBackend"]

MARKER: Final = "kpgov-store.json"
FORMAT: Final = "kpgov-dir-store"
_SAFE_RE: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")
_LIVE: Final = ".json"
_DEAD: Final = ".deleted"
#: Transactions that change more files than this flush with one os.sync() at commit.
_FSYNC_EACH_LIMIT: Final = 256


def _encode(text: str) -> str:
    return quote(text, safe="").replace("~", "%7E")


def file_name(key: str) -> str:
    """The file-name stem for a key or stream name (injective; see the module docstring).

    >>> file_name("G-01"), file_name("DF/2016-17"), file_name("a~b")
    ('G-01', '~DF%2F2016-17', '~a%7Eb')
    """
    if _SAFE_RE.match(key) and not key.endswith((_LIVE, _DEAD)):
        return key
    encoded = "~" + _encode(key)
    if len(encoded) <= 180:
        return encoded
    return "~" + _encode(key[:24])[:72] + "~" + hashlib.sha256(key.encode()).hexdigest()


def old_file_name(key: str) -> str:
    """The file-name stem of stores before ``kpgov.0002-dir-names`` (not injective: a key
    equal to another's shortened form shared its file)."""
    if _SAFE_RE.match(key) and not key.endswith((_LIVE, _DEAD)):
        return key
    encoded = "~" + quote(key, safe="")
    if len(encoded) <= 180:
        return encoded
    return "~" + quote(key[:24], safe="")[:72] + "~" + hashlib.sha256(key.encode()).hexdigest()


def _name_key(stem: str) -> str | None:
    """The key a file-name stem stands for, or None when it is hashed (read the file)."""
    if not stem.startswith("~"):
        return stem
    if "~" in stem[1:]:
        return None
    return unquote(stem[1:])


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def read_only_reason(root: Path) -> str:
    """Why the directory store at ``root`` can only be read ("" when it can be written)."""
    with contextlib.suppress(OSError):
        if os.statvfs(root).f_flag & os.ST_RDONLY:
            return "read-only media"
    if not os.access(root, os.W_OK):
        return "no permission to write the directory"
    return ""


class DirBackend(Backend):
    adapter = "dir"
    builtin_migrations = ("kpgov.0001-dir-layout", "kpgov.0002-dir-names")

    def __init__(
        self, root: Path, *, sync: bool = True, mode: int = 0o600, read_only: bool = False
    ) -> None:
        self.location = str(root)
        self._sync = sync
        self._root = root
        self._mode = mode
        self._dir_mode = mode | ((mode & 0o444) >> 2)
        self._closed = False
        self._lock_fd: int | None = None
        if root.exists() and not root.is_dir():
            raise StoreError("not a kpgov store: a file, not a directory", file=self.location)
        self.read_only = read_only_reason(root) if root.is_dir() else ""
        if read_only and not self.read_only:
            self.read_only = "opened read-only"
        if read_only and not root.is_dir():
            raise StoreError("no store here (opened read-only)", file=self.location)
        try:
            if not self.read_only:
                self._mkdir(root)
            entries = {p.name for p in root.iterdir()}
        except OSError as exc:
            raise os_fault(exc, self.location, "open the directory") from None
        if entries - {".kpgov"} and MARKER not in entries:
            raise StoreError(
                f"not a kpgov store: a directory with files but no {MARKER}", file=self.location
            )
        self._meta = root / ".kpgov"
        self._tmp = self._meta / "tmp"
        self._undo_path = self._meta / "undo.jsonl"
        self._thread_lock = threading.RLock()
        self._tmp_prefix = f"{os.getpid()}-{uuid.uuid4().hex[:8]}-"
        self._tmp_counter = itertools.count()
        self._undo_fd: int | None = None
        self._touched: dict[Path, None] = {}
        if self.read_only:
            if MARKER not in entries:
                raise StoreError(
                    f"no store here, and none can be created ({self.read_only})",
                    file=self.location,
                )
            with contextlib.suppress(OSError):  # without a lock file nobody writes here
                self._lock_fd = os.open(self._meta / "lock", os.O_RDONLY)
            return
        try:
            self._mkdir(self._tmp)
            self._lock_fd = os.open(self._meta / "lock", os.O_RDWR | os.O_CREAT, self._mode)
        except OSError as exc:
            raise os_fault(exc, self.location, "prepare the directory") from None
        try:
            with self._thread_lock, self._flock(fcntl.LOCK_EX):
                self._recover()  # what a killed writer left behind
                # Under the lock: _recover removes temporary files, so no other opener may be
                # writing one through the temporary folder meanwhile.
                ignore = self._meta / ".gitignore"
                if not ignore.exists():
                    self._write_file(ignore, "# kpgov's lock, journal and temporary files\n*\n")
                if not (root / MARKER).exists():  # mark it ours before anything else is created
                    self._write_file(root / MARKER, _dump({"format": FORMAT, "migrations": []}))
                    self._flush([root / MARKER])
        except OSError as exc:
            self.close()
            raise os_fault(exc, self.location, "open the store") from None

    # -- locking, journal, atomic files --------------------------------------------------

    def _mkdir(self, path: Path) -> None:
        """Create ``path`` and missing parents with the store's folder mode."""
        if path.is_dir():
            return
        self._mkdir(path.parent)
        try:
            path.mkdir(self._dir_mode)
        except FileExistsError:
            return
        os.chmod(path, self._dir_mode)  # mkdir's mode is filtered by the umask

    def _recover(self) -> None:
        """Put back what an unfinished transaction changed (caller holds the exclusive lock)."""
        if self.read_only:
            if self._undo_path.exists():
                raise StoreError(
                    "an unfinished transaction's journal is here and the store is read-only"
                    f" ({self.read_only}), so it cannot be rolled back: open it once where it"
                    " can be written",
                    file=self.location,
                )
            return
        if self._undo_path.exists():
            text = self._undo_path.read_text(encoding="utf-8")
            entries: list[dict[str, Any]] = []
            lines = text.split("\n")
            for number, line in enumerate(lines, start=1):
                if not line:
                    continue
                try:
                    entries.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    if number == len(lines):  # the writer died writing this line: not applied
                        break
                    raise StoreError(
                        f"corrupt undo journal at line {number}: {exc}", file=str(self._undo_path)
                    ) from exc
            restored = []
            entries.reverse()
            # Files the transaction created go first (that frees room on a full disk); a file
            # that still holds its old content is left alone (nothing to write).
            entries.sort(key=lambda entry: entry["old"] is not None)
            for entry in entries:
                path = self._root / entry["path"]
                restored.append(path)
                if entry["old"] is None:
                    with contextlib.suppress(FileNotFoundError):
                        path.unlink()
                elif self._content(path) != entry["old"]:
                    self._write_file(path, entry["old"])
            self._flush(restored)
            self._undo_path.unlink()
            self._fsync_dir(self._meta)
        for stray in self._tmp.iterdir():
            with contextlib.suppress(FileNotFoundError):
                stray.unlink()

    @staticmethod
    def _content(path: Path) -> str | None:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    @contextmanager
    def _flock(self, mode: int) -> Iterator[None]:
        if self._closed:
            raise StoreError("the store is closed", file=self.location)
        if self._lock_fd is None:  # read-only media without a lock file
            yield
            return
        fcntl.flock(self._lock_fd, mode)
        try:
            yield
        finally:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    @contextmanager
    def read_context(self) -> Iterator[None]:
        with self._thread_lock:
            while True:
                with self._flock(fcntl.LOCK_SH):
                    if not self._undo_path.exists():
                        yield
                        return
                with self._flock(fcntl.LOCK_EX):
                    self._recover()

    @contextmanager
    def write_transaction(self) -> Iterator[None]:
        with self._thread_lock, self._flock(fcntl.LOCK_EX):
            try:
                self._recover()
            except OSError as exc:
                raise os_fault(exc, self.location, "roll back an unfinished write") from None
            self._touched = {}
            try:
                yield
                if self._undo_fd is not None:
                    self._flush(list(self._touched))
            except OSError as exc:
                error = os_fault(exc, self.location, "write")
                self._rollback(error)
                raise error from None
            except BaseException:
                self._rollback(None)
                raise
            finally:
                self._touched = {}
            if self._undo_fd is not None:
                self._close_undo()
                try:
                    self._undo_path.unlink()
                    self._fsync_dir(self._meta)
                except OSError as exc:  # the journal stays: the next writer rolls back
                    raise os_fault(exc, self.location, "commit") from None

    def _rollback(self, error: StoreError | None) -> None:
        self._close_undo()
        try:
            self._recover()
        except OSError as exc:
            if error is None:  # the original error stays attached as the context
                raise os_fault(exc, self.location, "roll back (the journal is kept)") from None
            error.message += (
                f"; the rollback could not finish ({exc.strerror}): its journal is kept, and"
                " the store is put back when it is next opened or written"
            )
            return
        if error is not None:
            error.message += "; nothing was written"

    def _close_undo(self) -> None:
        if self._undo_fd is not None:
            os.close(self._undo_fd)
            self._undo_fd = None

    def _flush(self, paths: list[Path]) -> None:
        if not self._sync:
            return
        if len(paths) > _FSYNC_EACH_LIMIT:
            os.sync()
            return
        for path in paths:
            with contextlib.suppress(FileNotFoundError):
                fd = os.open(path, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        for directory in {path.parent for path in paths}:
            self._fsync_dir(directory)

    def _fsync_dir(self, directory: Path) -> None:
        if not self._sync:
            return
        with contextlib.suppress(FileNotFoundError):
            fd = os.open(directory, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def _journal(self, paths: Sequence[Path], *, absent: bool = False) -> None:
        """Record the previous content of ``paths`` before they change (once per transaction);
        ``absent``: the caller knows none of them exists yet."""
        lines = []
        for path in paths:
            if path in self._touched:
                continue
            self._touched[path] = None
            try:
                old: str | None = None if absent else path.read_text(encoding="utf-8")
            except FileNotFoundError:
                old = None
            rel = path.relative_to(self._root).as_posix()
            lines.append(json.dumps({"path": rel, "old": old}, ensure_ascii=False) + "\n")
        if not lines:
            return
        if self._undo_fd is None:
            self._undo_fd = os.open(
                self._undo_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_TRUNC, self._mode
            )
        os.write(self._undo_fd, "".join(lines).encode("utf-8"))
        if self._sync:
            os.fsync(self._undo_fd)

    def _write_file(self, path: Path, text: str) -> None:
        tmp = self._tmp / f"{self._tmp_prefix}{next(self._tmp_counter)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, self._mode)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        try:
            os.replace(tmp, path)
        except FileNotFoundError:
            self._mkdir(path.parent)
            os.replace(tmp, path)

    def _change(self, writes: Sequence[tuple[Path, str | None]]) -> None:
        self._journal([path for path, _text in writes])
        for path, text in writes:
            if text is None:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            else:
                self._write_file(path, text)

    def _read_json(self, path: Path) -> dict[str, Any] | None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise StoreError(f"cannot read the file: {exc}", file=str(path)) from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise StoreError(f"not a JSON document: {exc}", file=str(path)) from exc
        if not isinstance(data, dict):
            raise StoreError("not a kpgov document (expected a JSON object)", file=str(path))
        return data

    def _field(self, data: dict[str, Any], name: str, kind: type, path: Path) -> Any:
        value = data.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise StoreError(
                f"not a kpgov document: {name!r} missing or not {kind.__name__}", file=str(path)
            )
        return value

    # -- records -----------------------------------------------------------------------------

    def _paths(self, kind: str, key: str) -> tuple[Path, Path]:
        stem = self._root / "records" / kind / file_name(key)
        return stem.with_name(stem.name + _LIVE), stem.with_name(stem.name + _DEAD)

    def read_record(self, kind: str, key: str) -> tuple[int, Doc | None] | None:
        live, dead = self._paths(kind, key)
        data = self._read_json(live)
        if data is not None:
            if data.get("key") != key or data.get("kind") != kind:
                raise StoreError("holds another record (its key differs)", file=str(live))
            return self._field(data, "version", int, live), self._field(data, "value", dict, live)
        data = self._read_json(dead)
        if data is not None:
            return self._field(data, "version", int, dead), None
        return None

    def write_record(self, kind: str, key: str, old: int | None, new: int, doc: str | None) -> bool:
        current = self.read_record(kind, key)
        if (current[0] if current else None) != old:
            return False
        live, dead = self._paths(kind, key)
        if doc is None:
            tomb = {"deleted": True, "key": key, "kind": kind, "version": new}
            self._change([(dead, _dump(tomb)), (live, None)])
        else:
            value = json.loads(doc)
            record = {"key": key, "kind": kind, "value": value, "version": new}
            self._change([(live, _dump(record)), (dead, None)])
        return True

    def insert_new(self, kind: str, rows: Sequence[tuple[str, str]]) -> bool:
        paths = [self._paths(kind, key) for key, _doc in rows]
        if len({live for live, _dead in paths}) != len(paths):
            return False
        if any(live.exists() or dead.exists() for live, dead in paths):
            return False
        self._mkdir(self._root / "records" / kind)
        self._journal([live for live, _dead in paths], absent=True)
        for (key, doc), (live, _dead) in zip(rows, paths, strict=True):
            record = {"key": key, "kind": kind, "value": json.loads(doc), "version": 1}
            self._write_file(live, _dump(record))
        return True

    def _kind_dir(self, kind: str) -> list[os.DirEntry[str]]:
        try:
            with os.scandir(self._root / "records" / kind) as entries:
                return [e for e in entries if e.name.endswith(_LIVE)]
        except FileNotFoundError:
            return []

    def scan(self, kind: str, where: Mapping[str, str]) -> Iterator[tuple[str, int, Doc]]:
        rows: list[tuple[str, int, Doc]] = []
        for entry in self._kind_dir(kind):
            path = Path(entry.path)
            data = self._read_json(path)
            if data is None:
                continue
            key = self._field(data, "key", str, path)
            version = self._field(data, "version", int, path)
            rows.append((key, version, self._field(data, "value", dict, path)))
        rows.sort(key=lambda row: row[0])
        return iter(rows)

    def keys(self, kind: str) -> list[str]:
        keys = []
        for entry in self._kind_dir(kind):
            key = _name_key(entry.name[: -len(_LIVE)])
            if key is None:
                data = self._read_json(Path(entry.path)) or {}
                key = self._field(data, "key", str, Path(entry.path))
            keys.append(key)
        return sorted(keys)

    def kind_counts(self) -> dict[str, int]:
        counts = {}
        try:
            kinds = sorted(p.name for p in (self._root / "records").iterdir() if p.is_dir())
        except FileNotFoundError:
            return {}
        for kind in kinds:
            count = len(self._kind_dir(kind))
            if count:
                counts[kind] = count
        return counts

    # -- streams ------------------------------------------------------------------------------

    def _stream_dir(self, stream: str) -> Path:
        return self._root / "streams" / file_name(stream)

    def _event_files(self, stream: str) -> list[Path]:
        directory = self._stream_dir(stream)
        try:
            names = sorted(n for n in os.listdir(directory) if n.endswith(_LIVE))
        except FileNotFoundError:
            return []
        return [directory / n for n in names]

    def _event(self, stream: str, path: Path) -> EventRow:
        data = self._read_json(path)
        if data is None:
            raise StoreError("event file vanished", file=str(path))
        if data.get("stream") != stream:
            raise StoreError(
                f"holds an event of another stream ({data.get('stream')!r})", file=str(path)
            )
        return (
            self._field(data, "version", int, path),
            self._field(data, "kind", str, path),
            self._field(data, "value", dict, path),
            self._field(data, "hash", str, path),
        )

    def stream_head(self, stream: str) -> tuple[int, str]:
        files = self._event_files(stream)
        if not files:
            return 0, ""
        version, _kind, _doc, digest = self._event(stream, files[-1])
        return version, digest

    def write_events(self, stream: str, rows: Sequence[tuple[int, str, str, str]]) -> bool:
        directory = self._stream_dir(stream)
        writes: list[tuple[Path, str | None]] = []
        for version, kind, doc, digest in rows:
            path = directory / f"{version:010d}{_LIVE}"
            if path.exists():
                return False
            event = {
                "hash": digest,
                "kind": kind,
                "stream": stream,
                "value": json.loads(doc),
                "version": version,
            }
            writes.append((path, _dump(event)))
        self._mkdir(directory)
        self._change(writes)
        return True

    def read_events(self, stream: str, after: int) -> Iterator[EventRow]:
        rows = [self._event(stream, path) for path in self._event_files(stream)]
        return iter([row for row in rows if row[0] > after])

    def stream_names(self) -> list[str]:
        names = []
        try:
            directories = sorted((self._root / "streams").iterdir())
        except FileNotFoundError:
            return []
        for directory in directories:
            files = self._event_files_in(directory)
            if not files:
                continue
            name = _name_key(directory.name)
            if name is None:
                data = self._read_json(files[0]) or {}
                name = self._field(data, "stream", str, files[0])
            names.append(name)
        return sorted(names)

    @staticmethod
    def _event_files_in(directory: Path) -> list[Path]:
        try:
            return sorted(p for p in directory.iterdir() if p.name.endswith(_LIVE))
        except (FileNotFoundError, NotADirectoryError):
            return []

    # -- migrations ---------------------------------------------------------------------------

    def _marker(self) -> dict[str, Any] | None:
        path = self._root / MARKER
        data = self._read_json(path)
        if data is not None and data.get("format") != FORMAT:
            raise StoreError(f"not a kpgov store: format is not {FORMAT!r}", file=str(path))
        return data

    def applied_migrations(self) -> list[str]:
        data = self._marker()
        if data is None:
            return []
        entries = data.get("migrations")
        if not isinstance(entries, list):
            raise StoreError("'migrations' is not a list", file=str(self._root / MARKER))
        return [str(entry.get("name")) for entry in entries if isinstance(entry, dict)]

    def apply_builtin(self, name: str) -> None:
        if name == "kpgov.0001-dir-layout":
            for sub in ("records", "streams"):
                self._mkdir(self._root / sub)
        elif name == "kpgov.0002-dir-names":
            self._rename_to_injective_names()

    def _rename_to_injective_names(self) -> None:
        """Move every file named by the old scheme to its name in the injective one."""
        moves: list[tuple[Path, str | None]] = []
        emptied: list[Path] = []
        for kind_dir in _subdirs(self._root / "records"):
            for path in sorted(kind_dir.iterdir()):
                suffix = next((s for s in (_LIVE, _DEAD) if path.name.endswith(s)), None)
                data = self._read_json(path) if suffix else None
                if data is None or not isinstance(data.get("key"), str):
                    continue
                target = kind_dir / (file_name(data["key"]) + str(suffix))
                if target != path:
                    moves += [(target, path.read_text(encoding="utf-8")), (path, None)]
        for stream_dir in _subdirs(self._root / "streams"):
            files = self._event_files_in(stream_dir)
            data = self._read_json(files[0]) if files else None
            if data is None or not isinstance(data.get("stream"), str):
                continue
            target_dir = stream_dir.with_name(file_name(data["stream"]))
            if target_dir != stream_dir:
                self._mkdir(target_dir)
                emptied.append(stream_dir)
                for path in files:
                    moves += [(target_dir / path.name, path.read_text(encoding="utf-8"))]
                    moves += [(path, None)]
        self._change(moves)
        for directory in emptied:
            with contextlib.suppress(OSError):
                directory.rmdir()

    def record_migration(self, name: str, applied_at: str) -> None:
        data = self._marker() or {"format": FORMAT, "migrations": []}
        data["migrations"].append({"applied_at": applied_at, "name": name})
        self._change([(self._root / MARKER, _dump(data))])

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._close_undo()
            if self._lock_fd is not None:
                with contextlib.suppress(OSError):
                    os.close(self._lock_fd)


def _subdirs(path: Path) -> list[Path]:
    try:
        return sorted(p for p in path.iterdir() if p.is_dir())
    except FileNotFoundError:
        return []
