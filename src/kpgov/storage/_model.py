"""Values the stores hand out: records, events, schema status, data migrations."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import attrs

from kpgov.errors import ValidationError

__all__ = ["Event", "Migration", "Record", "SchemaStatus", "chain_hash", "encode_document"]

T = TypeVar("T")


@attrs.frozen
class Record(Generic[T]):
    """A stored value with its kind, key and version (1 on creation, +1 on every change)."""

    kind: str
    key: str
    version: int
    value: T


@attrs.frozen
class Event(Generic[T]):
    """One event of an append-only stream: its position (``version``, from 1) and the
    hash that chains it to the event before it."""

    stream: str
    version: int
    kind: str
    value: T
    hash: str


@attrs.frozen
class SchemaStatus:
    """Which named migrations a store has applied (in order) and which are still pending."""

    adapter: str
    applied: tuple[str, ...]
    pending: tuple[str, ...]

    @property
    def current(self) -> bool:
        return not self.pending


@attrs.frozen
class Migration:
    """A named forward data migration: ``upgrade`` rewrites the stored document of every record
    of ``kind`` (a plain dict in the converter's representation) and returns the new one.

    Applying it bumps each record's version, so a writer holding an old version gets a
    ``ConflictError`` instead of overwriting migrated data. The name is recorded in the store;
    a migration runs at most once.
    """

    name: str = attrs.field()
    kind: str
    upgrade: Callable[[dict[str, Any]], dict[str, Any]] = attrs.field(repr=False)

    @name.validator
    def _check_name(self, _attribute: object, value: str) -> None:
        if not value or not value.isprintable() or len(value) > 200:
            raise ValidationError(f"a migration name is printable text, not {value!r}")


_encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def encode_document(data: Any) -> str:
    """The canonical JSON text of a document: sorted keys, no spaces, non-ASCII kept as is.

    Control characters, NUL among them, are written as JSON escapes (``\\u0000``), so the text
    itself never contains a NUL byte and fits any adapter (PostgreSQL ``text`` included).

    >>> encode_document({"b": "اردو", "a": "x\\x00y"})
    '{"a":"x\\\\u0000y","b":"اردو"}'
    """
    text = _encoder.encode(data)
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationError(f"text must be valid Unicode (no lone surrogates): {exc}") from None
    return text


def chain_hash(previous: str, stream: str, version: int, kind: str, document: str) -> str:
    """SHA-256 over the previous event's hash and this event's position, kind and document."""
    digest = hashlib.sha256()
    for part in (previous, stream, str(version), kind, document):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()
