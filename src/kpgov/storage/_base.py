"""What every adapter shares: the Store API on top of a small private backend interface.

An adapter implements :class:`Backend` - rows of ``(kind, key, version, document)``, stream
events and the applied-migration list, in its medium - and :class:`BaseStore` does the rest
the same way for all of them: kinds and keys, conversion through :mod:`kpgov.convert`,
version checks, hash chains, transactions that nest, migrations. That is why one contract
suite can run unchanged against every adapter.
"""

from __future__ import annotations

import errno
import json
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, TypeAlias, TypeVar, overload

from kpgov.convert import unstructure
from kpgov.errors import (
    ConflictError,
    KpgovError,
    NotFoundError,
    StoreError,
    ValidationError,
)
from kpgov.storage._checkpoint import (
    CHECKPOINT_KIND,
    CHECKPOINT_STREAM,
    Checkpoint,
    CheckpointKey,
    StreamHead,
)
from kpgov.storage._kinds import Kind, KindRegistry, check_key, check_kind_name
from kpgov.storage._model import (
    Event,
    Migration,
    Record,
    SchemaStatus,
    chain_hash,
    encode_document,
)

__all__ = ["Backend", "BaseStore", "Doc", "EventRow", "os_fault"]

T = TypeVar("T")

#: A stored document as a backend returns it: canonical JSON text, or already parsed.
Doc: TypeAlias = str | dict[str, Any]
#: (version, kind, document, hash) of one stored event.
EventRow: TypeAlias = tuple[int, str, Doc, str]

#: Names of kpgov's own schema migrations start with this; others are data migrations.
BUILTIN_PREFIX = "kpgov."


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


#: What an operating-system error means for a store, by errno.
_CAUSES: dict[int, str] = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exhausted",
    errno.EROFS: "the store is on read-only media",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EIO: "an input/output error (failing disk?)",
}


def os_fault(exc: OSError, location: str, doing: str) -> StoreError:
    """A StoreError naming the store and the real cause of an operating-system error."""
    cause = _CAUSES.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    detail = f" ({exc.strerror}: {exc.filename})" if exc.filename else f" ({exc.strerror})"
    return StoreError(f"cannot {doing}: {cause}{detail if exc.strerror else ''}", file=location)


class Backend(ABC):
    """The private interface an adapter implements. Write methods run inside
    :meth:`write_transaction`; they report a failed compare-and-set by returning False."""

    adapter: str
    #: Where the store is, for error messages (a path, or a URL without its password).
    location: str
    #: kpgov's schema migrations for this adapter, in order.
    builtin_migrations: tuple[str, ...]
    #: Why the store can only be read (read-only media, no write permission), or "" if writable.
    read_only: str = ""

    @abstractmethod
    def write_transaction(self) -> AbstractContextManager[None]:
        """Serialize writers; commit on normal exit, roll back on an exception."""

    def read_context(self) -> AbstractContextManager[None]:
        """Held around a read outside a write transaction (locks, a pooled connection)."""
        return nullcontext()

    @abstractmethod
    def read_record(self, kind: str, key: str) -> tuple[int, Doc | None] | None:
        """(version, document) - document None for a deleted record - or None if never stored."""

    @abstractmethod
    def write_record(self, kind: str, key: str, old: int | None, new: int, doc: str | None) -> bool:
        """Store version ``new`` if the stored version is still ``old`` (None: no row yet)."""

    @abstractmethod
    def insert_new(self, kind: str, rows: Sequence[tuple[str, str]]) -> bool:
        """Insert (key, document) rows at version 1; change nothing and return False if any
        key already has a row (live or deleted) or repeats."""

    @abstractmethod
    def scan(self, kind: str, where: Mapping[str, str]) -> Iterator[tuple[str, int, Doc]]:
        """Live records of ``kind`` ordered by key. ``where`` are text equalities the backend
        may use to narrow the scan (the caller filters exactly afterwards)."""

    @abstractmethod
    def keys(self, kind: str) -> list[str]:
        """Keys of the live records of ``kind``, in order."""

    @abstractmethod
    def kind_counts(self) -> dict[str, int]:
        """Number of live records per kind (kinds with none left out)."""

    @abstractmethod
    def stream_head(self, stream: str) -> tuple[int, str]:
        """(last version, its hash); (0, "") for a stream with no events."""

    @abstractmethod
    def write_events(self, stream: str, rows: Sequence[tuple[int, str, str, str]]) -> bool:
        """Append (version, kind, document, hash) rows; False if a version is already taken."""

    @abstractmethod
    def read_events(self, stream: str, after: int) -> Iterator[EventRow]:
        """Events with version > ``after``, in order."""

    @abstractmethod
    def stream_names(self) -> list[str]:
        """Streams with at least one event, in order."""

    @abstractmethod
    def applied_migrations(self) -> list[str]:
        """Names of applied migrations in the order applied ([] for a brand-new store)."""

    @abstractmethod
    def apply_builtin(self, name: str) -> None:
        """Run kpgov's schema migration ``name`` (inside a write transaction)."""

    @abstractmethod
    def record_migration(self, name: str, applied_at: str) -> None:
        """Add ``name`` to the applied set (inside a write transaction)."""

    def integrity_problems(self) -> list[str]:
        """The medium's own consistency check (e.g. SQLite's integrity_check)."""
        return []

    def grant_app_role(self, role: str) -> None:
        """Give a database role least privilege on the store (PostgreSQL only)."""
        raise StoreError(
            f"roles are a PostgreSQL feature; a {self.adapter} store is protected by the"
            " permissions of its files",
            file=self.location,
        )

    @abstractmethod
    def close(self) -> None: ...


def _parse(doc: Doc) -> Any:
    return json.loads(doc) if isinstance(doc, str) else doc


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


class BaseStore:
    """A Store over a :class:`Backend` (what :func:`kpgov.storage.open` returns)."""

    def __init__(self, backend: Backend, registry: KindRegistry, *, migrate: bool = True) -> None:
        self._backend = backend
        self._registry = registry
        self._local = threading.local()
        self._closed = False
        with backend.read_context():
            applied = backend.applied_migrations()
        unknown = [
            n
            for n in applied
            if n.startswith(BUILTIN_PREFIX) and n not in backend.builtin_migrations
        ]
        if unknown:
            backend.close()
            raise StoreError(
                "the store was written by a newer kpgov"
                f" (unknown migrations: {', '.join(unknown)})",
                file=backend.location,
            )
        self._needs_schema = any(n not in applied for n in backend.builtin_migrations)
        if migrate and self._needs_schema and not backend.read_only:
            try:
                self.migrate()
            except BaseException:
                backend.close()
                raise

    # -- plumbing -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return self._backend.location

    @property
    def adapter(self) -> str:
        return self._backend.adapter

    @property
    def registry(self) -> KindRegistry:
        return self._registry

    @property
    def read_only(self) -> str:
        """Why this store can only be read ("" when it can be written)."""
        return self._backend.read_only

    def grant_app_role(self, role: str) -> None:
        """PostgreSQL: let ``role`` insert and read events, create, replace and read records,
        and nothing more (no UPDATE, DELETE or TRUNCATE of events, not the owner, so no ALTER
        TABLE or DISABLE TRIGGER). Run as the owner, after the schema is current."""
        self._ready()
        self._check_schema()
        self._backend.grant_app_role(role)

    def _depth(self) -> int:
        return getattr(self._local, "depth", 0)

    def _ready(self) -> None:
        if self._closed:
            raise StoreError("the store is closed", file=self._backend.location)

    def _check_schema(self) -> None:
        if self._needs_schema:
            raise StoreError(
                "the store's schema is not current: run `kpgov store migrate --store URL`"
                " or open it with migrate=True",
                file=self._backend.location,
            )

    @contextmanager
    def _writing(self, *, schema: bool = True) -> Iterator[None]:
        self._ready()
        if self._backend.read_only:
            raise StoreError(
                f"the store is read-only ({self._backend.read_only}); nothing was written",
                file=self._backend.location,
            )
        if schema:
            self._check_schema()
        if self._depth():
            yield
            return
        self._local.depth = 1
        try:
            with self._backend.write_transaction():
                yield
        finally:
            self._local.depth = 0

    def _reading(self, *, schema: bool = True) -> AbstractContextManager[None]:
        self._ready()
        if schema:
            self._check_schema()
        if self._depth():
            return nullcontext()
        return self._backend.read_context()

    def transaction(self) -> AbstractContextManager[BaseStore]:
        """All-or-nothing: every write inside the ``with`` block commits together, or - if the
        block raises - none does. Inner transactions join the outer one."""

        @contextmanager
        def _tx() -> Iterator[BaseStore]:
            with self._writing():
                yield self

        return _tx()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._backend.close()

    def __enter__(self) -> BaseStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<kpgov {self._backend.adapter} store {self._backend.location}>"

    def _decode(self, kind: Kind[T], key: str, doc: Doc) -> T:
        try:
            return kind.from_document(_parse(doc))
        except (json.JSONDecodeError, KpgovError) as exc:
            raise self._decode_error(kind, key, exc) from exc

    def _decode_error(self, kind: Kind[Any], key: str, exc: Exception) -> StoreError:
        where = f"{self._backend.location} [{kind.name} {key!r}]"
        if isinstance(exc, json.JSONDecodeError):
            return StoreError(f"stored document is not JSON: {exc}", file=where)
        assert isinstance(exc, KpgovError)
        return StoreError(
            f"stored document cannot be read as {kind.cls.__qualname__}: {exc.message}"
            " (does the store need a data migration?)",
            file=where,
            field=exc.field,
        )

    # -- records --------------------------------------------------------------------------

    def put(self, value: T, *, expected_version: int = 0) -> Record[T]:
        """Store ``value`` under its kind and key. ``expected_version`` is the version the
        write is based on: 0 to create (no live record may exist), else the version last read.
        Anything else raises ConflictError and changes nothing."""
        kind = self._registry.of(value)
        key = kind.key_of(value)
        doc = encode_document(kind.to_document(value))
        _check_version(expected_version)
        with self._writing():
            current = self._backend.read_record(kind.name, key)
            stored = current[0] if current is not None else None
            live = current[0] if current is not None and current[1] is not None else 0
            if live != expected_version:
                raise ConflictError(
                    f"{kind.name} {key!r} is at version {live}, the write expected"
                    f" {expected_version}; nothing was changed",
                    file=self._backend.location,
                )
            new = (stored or 0) + 1
            if not self._backend.write_record(kind.name, key, stored, new, doc):
                raise ConflictError(
                    f"{kind.name} {key!r} was changed by another writer; nothing was changed",
                    file=self._backend.location,
                )
        return Record(kind.name, key, new, value)

    def put_many(self, values: Iterable[Any]) -> int:
        """Create many records in one transaction (bulk path: COPY/executemany where the
        adapter has one). Every record must be new; otherwise ConflictError, nothing changed."""
        grouped: dict[str, list[tuple[str, str]]] = {}
        seen: dict[str, set[str]] = {}
        by_type: dict[type, Kind[Any]] = {}
        registry = self._registry
        count = 0
        for value in values:
            kind = by_type.get(type(value))
            if kind is None:
                kind = by_type[type(value)] = registry.of(value)
                seen[kind.name] = set()
                grouped.setdefault(kind.name, [])
            key = kind.key_of(value)
            keys = seen[kind.name]
            if key in keys:
                raise ConflictError(
                    f"{kind.name} {key!r} appears twice in one put_many; nothing was changed",
                    file=self._backend.location,
                )
            keys.add(key)
            grouped[kind.name].append((key, encode_document(kind.to_document(value))))
            count += 1
        with self._writing():
            for name, rows in grouped.items():
                if not self._backend.insert_new(name, rows):
                    for key, _doc in rows:
                        current = self._backend.read_record(name, key)
                        if current is not None and current[1] is not None:
                            raise ConflictError(
                                f"{name} {key!r} already exists (put_many only creates);"
                                " nothing was changed",
                                file=self._backend.location,
                            )
                    for key, doc in rows:  # some keys were deleted earlier: one by one
                        current = self._backend.read_record(name, key)
                        stored = current[0] if current is not None else None
                        if not self._backend.write_record(
                            name, key, stored, (stored or 0) + 1, doc
                        ):
                            raise ConflictError(
                                f"{name} {key!r} was changed by another writer",
                                file=self._backend.location,
                            )
        return count

    @overload
    def get(self, kind: type[T], key: str) -> Record[T]: ...
    @overload
    def get(self, kind: str, key: str) -> Record[Any]: ...
    def get(self, kind: str | type[Any], key: str) -> Record[Any]:
        """The live record of ``kind`` with ``key``; NotFoundError if there is none."""
        k = self._registry.resolve(kind)
        check_key(key)
        with self._reading():
            current = self._backend.read_record(k.name, key)
        if current is None or current[1] is None:
            raise NotFoundError(f"no {k.name} with key {key!r}", file=self._backend.location)
        return Record(k.name, key, current[0], self._decode(k, key, current[1]))

    def document(self, kind: str, key: str) -> Record[dict[str, Any]]:
        """The stored document of a live record as plain data, without structuring it (so the
        kind need not be registered in this process: for auditors and tools)."""
        check_kind_name(kind)
        check_key(key)
        with self._reading():
            current = self._backend.read_record(kind, key)
        if current is None or current[1] is None:
            raise NotFoundError(f"no {kind} with key {key!r}", file=self._backend.location)
        try:
            data = _parse(current[1])
        except json.JSONDecodeError as exc:
            raise StoreError(
                f"stored document is not JSON: {exc}",
                file=f"{self._backend.location} [{kind} {key!r}]",
            ) from exc
        return Record(kind, key, current[0], data)

    def find(self, kind: str | type[Any], key: str) -> Record[Any] | None:
        """Like :meth:`get`, but None when there is no such record."""
        try:
            return self.get(kind, key)
        except NotFoundError:
            return None

    def delete(self, kind: str | type[Any], key: str, *, expected_version: int) -> None:
        """Delete a record at ``expected_version`` (ConflictError if it moved on). Its version
        is kept, so re-creating it later cannot be mistaken for the old one."""
        k = self._registry.resolve(kind)
        check_key(key)
        _check_version(expected_version)
        with self._writing():
            current = self._backend.read_record(k.name, key)
            if current is None or current[1] is None:
                raise NotFoundError(f"no {k.name} with key {key!r}", file=self._backend.location)
            if current[0] != expected_version:
                raise ConflictError(
                    f"{k.name} {key!r} is at version {current[0]}, the delete expected"
                    f" {expected_version}; nothing was changed",
                    file=self._backend.location,
                )
            if not self._backend.write_record(k.name, key, current[0], current[0] + 1, None):
                raise ConflictError(
                    f"{k.name} {key!r} was changed by another writer", file=self._backend.location
                )

    @overload
    def query(
        self, kind: type[T], *, where: Mapping[str, object] | None = None
    ) -> Iterator[Record[T]]: ...
    @overload
    def query(
        self, kind: str, *, where: Mapping[str, object] | None = None
    ) -> Iterator[Record[Any]]: ...
    def query(
        self, kind: str | type[Any], *, where: Mapping[str, object] | None = None
    ) -> Iterator[Record[Any]]:
        """Live records of a kind, ordered by key, whose fields equal ``where`` (values are
        compared in the converter's representation: ``FinancialYear(2016)`` equals "2016-17")."""
        k = self._registry.resolve(kind)
        wanted: dict[str, Any] = {}
        for field, value in (where or {}).items():
            if field not in k.fields:
                raise ValidationError(
                    f"kind {k.name!r} has no field {field!r} to filter on", field=field
                )
            wanted[field] = unstructure(value)
        text_only = {  # may narrow the scan; control characters stay out of SQL JSON paths
            f: v for f, v in wanted.items() if isinstance(v, str) and v.isprintable()
        }
        with self._reading():
            rows = list(self._backend.scan(k.name, text_only))
        return self._records(k, rows, wanted)

    def _records(
        self, k: Kind[Any], rows: list[tuple[str, int, Doc]], wanted: dict[str, Any]
    ) -> Iterator[Record[Any]]:
        for key, version, doc in rows:
            data = _parse(doc) if wanted else doc
            if wanted and not all(
                isinstance(data, dict) and f in data and _same(data[f], v)
                for f, v in wanted.items()
            ):
                continue
            yield Record(k.name, key, version, self._decode(k, key, data))

    def keys(self, kind: str | type[Any]) -> list[str]:
        """Keys of the live records of a kind (a kind name need not be registered here)."""
        name = kind if isinstance(kind, str) else self._registry.resolve(kind).name
        check_kind_name(name)
        with self._reading():
            return self._backend.keys(name)

    def kinds(self) -> dict[str, int]:
        """How many live records the store holds of each kind."""
        with self._reading():
            return dict(sorted(self._backend.kind_counts().items()))

    # -- event streams ----------------------------------------------------------------------

    def append(self, stream: str, events: Sequence[Any], *, expected_version: int) -> int:
        """Append events to ``stream`` if it is at ``expected_version`` (0 for a new stream);
        returns the new version. ConflictError, and nothing appended, otherwise."""
        check_key(stream, what="stream")
        _check_version(expected_version)
        if stream == CHECKPOINT_STREAM:
            raise ValidationError(
                f"stream {stream!r} is kpgov's own: use Store.checkpoint()", field="stream"
            )
        encoded = []
        for value in events:
            kind = self._registry.of(value)
            encoded.append((kind.name, encode_document(kind.to_document(value))))
        return self._append_encoded(stream, encoded, expected_version)

    def _append_encoded(
        self, stream: str, encoded: Sequence[tuple[str, str]], expected_version: int
    ) -> int:
        with self._writing():
            head, last_hash = self._backend.stream_head(stream)
            if head != expected_version:
                raise ConflictError(
                    f"stream {stream!r} is at version {head}, the append expected"
                    f" {expected_version}; nothing was appended",
                    file=self._backend.location,
                )
            rows = []
            for offset, (kind_name, doc) in enumerate(encoded, start=1):
                version = head + offset
                last_hash = chain_hash(last_hash, stream, version, kind_name, doc)
                rows.append((version, kind_name, doc, last_hash))
            if rows and not self._backend.write_events(stream, rows):
                raise ConflictError(
                    f"stream {stream!r} was appended to by another writer; nothing was appended",
                    file=self._backend.location,
                )
        return head + len(rows)

    def read_stream(self, stream: str, *, after: int = 0) -> list[Event[Any]]:
        """The events of ``stream`` after version ``after``, in order ([] for no stream)."""
        check_key(stream, what="stream")
        with self._reading():
            rows = list(self._backend.read_events(stream, after))
        out: list[Event[Any]] = []
        for version, kind_name, doc, digest in rows:
            if kind_name == CHECKPOINT_KIND:
                value: Any = self._checkpoint_of(stream, version, doc)
            else:
                kind: Kind[Any] = self._registry.resolve(kind_name)
                value = self._decode(kind, f"{stream}#{version}", doc)
            out.append(Event(stream, version, kind_name, value, digest))
        return out

    def _checkpoint_of(self, stream: str, version: int, doc: Doc) -> Checkpoint:
        try:
            return Checkpoint.from_data(_parse(doc))
        except (json.JSONDecodeError, StoreError) as exc:
            raise StoreError(
                f"stored checkpoint cannot be read: {exc}",
                file=f"{self._backend.location} [{stream}#{version}]",
            ) from exc

    def stream_version(self, stream: str) -> int:
        """The version of ``stream`` (its number of events; 0 if it has none)."""
        check_key(stream, what="stream")
        with self._reading():
            return self._backend.stream_head(stream)[0]

    def streams(self) -> list[str]:
        """Names of the streams that have events."""
        with self._reading():
            return self._backend.stream_names()

    # -- schema, migrations, verification --------------------------------------------------

    def schema_status(self, migrations: Sequence[Migration] = ()) -> SchemaStatus:
        """Applied migrations, and those pending (kpgov's own plus ``migrations``)."""
        with self._reading(schema=False):
            applied = self._backend.applied_migrations()
        wanted = [*self._backend.builtin_migrations, *(m.name for m in migrations)]
        return SchemaStatus(
            self._backend.adapter,
            tuple(applied),
            tuple(n for n in wanted if n not in applied),
        )

    def migrate(self, migrations: Sequence[Migration] = ()) -> list[str]:
        """Apply pending migrations - kpgov's schema ones, then ``migrations`` in order - in
        one transaction, and record their names. Returns the names applied now."""
        names = [m.name for m in migrations]
        if len(set(names)) != len(names):
            raise ValidationError("migration names must be unique")
        done: list[str] = []
        with self._writing(schema=False):
            applied = set(self._backend.applied_migrations())
            for name in self._backend.builtin_migrations:
                if name not in applied:
                    self._backend.apply_builtin(name)
                    self._backend.record_migration(name, now_text())
                    done.append(name)
            for migration in migrations:
                if migration.name in applied:
                    continue
                self._run_data_migration(migration)
                self._backend.record_migration(migration.name, now_text())
                done.append(migration.name)
        self._needs_schema = False
        return done

    def _run_data_migration(self, migration: Migration) -> None:
        check_kind_name(migration.kind)
        for key, version, doc in list(self._backend.scan(migration.kind, {})):
            try:
                new = migration.upgrade(_parse(doc))
            except KpgovError:
                raise
            except Exception as exc:
                raise StoreError(
                    f"migration {migration.name!r} failed on {migration.kind} {key!r}: {exc}",
                    file=self._backend.location,
                ) from exc
            if not self._backend.write_record(
                migration.kind, key, version, version + 1, encode_document(new)
            ):
                raise ConflictError(
                    f"{migration.kind} {key!r} changed during migration",
                    file=self._backend.location,
                )

    def verify(
        self,
        *,
        checkpoint: Checkpoint | None = None,
        key: CheckpointKey | None = None,
        streams: Iterable[str] | None = None,
    ) -> list[str]:
        """Check the store: the medium's own integrity check, every stored document is JSON,
        every stream is numbered from 1 without gaps and its hash chain is intact. Returns the
        problems found ([] when consistent); needs no registered kinds.

        With a ``checkpoint`` (the anchor): every stream it names must still have at least
        its length, and its event at that length the signed hash - so a truncated stream, a
        replaced last event or a chain recomputed after an edit is named by stream and event.
        With ``key`` the checkpoint's signature is checked first, and the earlier checkpoints
        kept in the store that the key signed narrow down where a rewrite starts. ``streams``
        limits the check to those streams (all by default)."""
        self._ready()
        problems: list[str] = []
        wanted = None if streams is None else set(streams)
        if checkpoint is not None and key is not None and not checkpoint.signed_by(key):
            return [
                f"checkpoint of {checkpoint.taken_at}: the signature does not match key"
                f" {key.id} (signed by {checkpoint.key_id}, or changed since): not trusted"
            ]
        earlier: list[Checkpoint] = []
        if checkpoint is not None and key is not None:
            earlier = [p for p in self.checkpoints() if p.signed_by(key) and p != checkpoint]
        with self._reading():
            if wanted is None:
                problems.extend(self._backend.integrity_problems())
                for kind_name in self._backend.kind_counts():
                    for key_, _version, doc in self._backend.scan(kind_name, {}):
                        try:
                            _parse(doc)
                        except json.JSONDecodeError as exc:
                            problems.append(
                                f"{kind_name} {key_!r}: stored document is not JSON: {exc}"
                            )
            names = self._backend.stream_names()
            if checkpoint is not None:
                names = sorted({*names, *(h.stream for h in checkpoint.streams)})
            for stream in names:
                if wanted is not None and stream not in wanted:
                    continue
                anchor = checkpoint.head(stream) if checkpoint is not None else None
                problems.extend(self._verify_stream(stream, anchor, checkpoint, earlier))
        return problems

    def _verify_stream(
        self,
        stream: str,
        anchor: StreamHead | None,
        checkpoint: Checkpoint | None,
        earlier: Sequence[Checkpoint] = (),
    ) -> list[str]:
        problems: list[str] = []
        previous = ""
        expected = 1
        length = 0
        digests: dict[int, str] = {}
        for version, kind_name, doc, digest in self._backend.read_events(stream, 0):
            if earlier:
                digests[version] = digest
            if version != expected:
                problems.append(f"stream {stream!r}: version {version}, expected {expected}")
            text = doc if isinstance(doc, str) else encode_document(doc)
            if chain_hash(previous, stream, version, kind_name, text) != digest:
                problems.append(f"stream {stream!r}: event {version} breaks the hash chain")
            if anchor is not None and version == anchor.length and digest != anchor.head:
                problems.append(
                    f"stream {stream!r}: event {version} is not the event signed at the"
                    f" checkpoint of {checkpoint.taken_at if checkpoint else '?'} (hash"
                    f" {digest[:12]}..., signed {anchor.head[:12]}...): events up to"
                    f" {version} were rewritten or replaced"
                    + _still_matched(stream, version, digests, earlier)
                )
            previous = digest
            expected = version + 1
            length = version
        if anchor is not None and length < anchor.length:
            problems.append(
                f"stream {stream!r}: truncated: the checkpoint of"
                f" {checkpoint.taken_at if checkpoint else '?'} signed {anchor.length} events,"
                f" the store has {length} (event {length + 1} onwards is missing)"
            )
        return problems

    # -- checkpoints -----------------------------------------------------------------------

    def heads(self) -> tuple[StreamHead, ...]:
        """Every stream's length and last hash now (kpgov's checkpoint stream left out)."""
        with self._reading():
            return tuple(
                StreamHead(name, *self._backend.stream_head(name))
                for name in self._backend.stream_names()
                if name != CHECKPOINT_STREAM
            )

    def checkpoint(self, key: CheckpointKey, *, keep: bool = True) -> Checkpoint:
        """Sign the current length and head of every stream with ``key`` (HMAC-SHA256).

        With ``keep`` the checkpoint is also appended to the store's stream
        ``kpgov.checkpoints``; keep a copy elsewhere too (:meth:`Checkpoint.write`), since
        whoever can rewrite the store can also drop checkpoints from it."""
        if keep:
            with self._writing():
                point = Checkpoint.sign(
                    self.heads(), key, taken_at=now_text(), store=self._backend.location
                )
                have = self._backend.stream_head(CHECKPOINT_STREAM)[0]
                doc = encode_document(point.to_data())
                self._append_encoded(CHECKPOINT_STREAM, [(CHECKPOINT_KIND, doc)], have)
            return point
        return Checkpoint.sign(self.heads(), key, taken_at=now_text(), store=self._backend.location)

    def checkpoints(self) -> list[Checkpoint]:
        """The checkpoints kept in the store, oldest first (check them with ``signed_by``)."""
        return [event.value for event in self.read_stream(CHECKPOINT_STREAM)]


def _still_matched(
    stream: str, length: int, digests: Mapping[int, str], earlier: Sequence[Checkpoint]
) -> str:
    """Where a rewrite starts, from earlier signed checkpoints whose head still matches."""
    matched = [
        (head.length, point.taken_at)
        for point in earlier
        if (head := point.head(stream)) is not None
        and head.length < length
        and digests.get(head.length) == head.head
    ]
    if not matched:
        return ""
    last, taken_at = max(matched)
    return (
        f"; event {last} still matches the checkpoint of {taken_at}, so the rewrite is in"
        f" events {last + 1} to {length}"
    )


def _check_version(version: object) -> None:
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise ValidationError(
            f"an expected version is an integer >= 0, not {version!r}", field="expected_version"
        )
