"""The Store protocol: what every adapter offers (and all a caller should rely on)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, Protocol, TypeVar, overload, runtime_checkable

from kpgov.storage._checkpoint import Checkpoint, CheckpointKey, StreamHead
from kpgov.storage._kinds import KindRegistry
from kpgov.storage._model import Event, Migration, Record, SchemaStatus

__all__ = ["Store"]

T = TypeVar("T")


@runtime_checkable
class Store(Protocol):
    """A place to keep kpgov values: records by (kind, key) with versions, append-only event
    streams, and the schema's migration status. Open one with :func:`kpgov.storage.open`.

    Every write is all-or-nothing. ``expected_version`` is the version a write is based on
    (0: the record or stream must not exist yet); a stale one raises
    :class:`~kpgov.errors.ConflictError` and changes nothing.
    """

    @property
    def url(self) -> str:
        """Where the store is (a path, or a URL without its password)."""

    @property
    def adapter(self) -> str:
        """``"memory"``, ``"sqlite"``, ``"dir"`` or ``"postgresql"``."""

    @property
    def registry(self) -> KindRegistry:
        """The kinds this store can structure values of."""

    @property
    def read_only(self) -> str:
        """Why the store can only be read (read-only media, no permission); "" if writable."""

    def put(self, value: T, *, expected_version: int = 0) -> Record[T]:
        """Create (``expected_version=0``) or replace a record; returns it with its version."""

    def put_many(self, values: Iterable[Any]) -> int:
        """Create many new records in one transaction (bulk); returns how many."""

    @overload
    def get(self, kind: type[T], key: str) -> Record[T]: ...
    @overload
    def get(self, kind: str, key: str) -> Record[Any]: ...
    def get(self, kind: str | type[Any], key: str) -> Record[Any]:
        """The live record (``NotFoundError`` if none)."""

    def document(self, kind: str, key: str) -> Record[dict[str, Any]]:
        """The stored document as plain data (no registered kind needed)."""

    def find(self, kind: str | type[Any], key: str) -> Record[Any] | None:
        """The live record, or None."""

    def delete(self, kind: str | type[Any], key: str, *, expected_version: int) -> None:
        """Delete the record at ``expected_version``."""

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
        """Live records of a kind ordered by key, filtered by field equality."""

    def keys(self, kind: str | type[Any]) -> list[str]:
        """Keys of the live records of a kind, in order."""

    def kinds(self) -> dict[str, int]:
        """Number of live records per kind."""

    def transaction(self) -> AbstractContextManager[Store]:
        """A block whose writes commit together or not at all."""

    def append(self, stream: str, events: Sequence[Any], *, expected_version: int) -> int:
        """Append events to a stream at ``expected_version``; returns the new version."""

    def read_stream(self, stream: str, *, after: int = 0) -> list[Event[Any]]:
        """Events of a stream after version ``after``."""

    def stream_version(self, stream: str) -> int:
        """Number of events in a stream."""

    def streams(self) -> list[str]:
        """Names of streams with events."""

    def schema_status(self, migrations: Sequence[Migration] = ()) -> SchemaStatus:
        """Applied and pending migrations."""

    def migrate(self, migrations: Sequence[Migration] = ()) -> list[str]:
        """Apply pending migrations; returns the names applied."""

    def verify(
        self,
        *,
        checkpoint: Checkpoint | None = None,
        key: CheckpointKey | None = None,
        streams: Iterable[str] | None = None,
    ) -> list[str]:
        """Consistency problems found ([] when none); with a ``checkpoint``, also every stream
        truncated or rewritten since it was signed (by stream and event)."""

    def heads(self) -> tuple[StreamHead, ...]:
        """Every stream's length and last hash (the checkpoint stream left out)."""

    def checkpoint(self, key: CheckpointKey, *, keep: bool = True) -> Checkpoint:
        """Sign every stream's length and head with ``key``; ``keep``: also store it."""

    def checkpoints(self) -> list[Checkpoint]:
        """The checkpoints kept in the store, oldest first."""

    def close(self) -> None:
        """Release connections, files and locks."""

    def __enter__(self) -> Store: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
