"""Signed checkpoints: anchors that let ``verify`` see a rewritten or truncated history.

An event stream's hash chain shows that no event was changed *in the middle* - unless whoever
changed it recomputed the chain after it, and it cannot show that events were cut off the end
or that the last one was replaced. A :class:`Checkpoint` records, for every stream, its length
and the hash of its last event, signed with HMAC-SHA256 under a key the operator keeps outside
the store (a file, or an environment variable). :meth:`Store.verify(checkpoint=...)
<kpgov.storage.Store.verify>` then names each stream that is shorter than at the checkpoint,
or whose event at the checkpoint's length is no longer the one signed. Events are numbered by
the stream's versions (event 1 is the first). See ``docs/storage.md`` for the threat model.

>>> key = CheckpointKey(b"an operator's key of 32 bytes ok")
>>> heads = (StreamHead("project/P-1", 2, "ab" * 32),)
>>> point = Checkpoint.sign(heads, key, taken_at="2026-12-06T10:00:00+00:00", store="memory://")
>>> point.signed_by(key), point.head("project/P-1").length
(True, 2)
>>> Checkpoint.from_json(point.to_json(), key=key) == point
True
>>> key  # the key's bytes are never shown
CheckpointKey(id='3b7500c9cfd799be')
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

import attrs

from kpgov.errors import StoreError, ValidationError

__all__ = [
    "CHECKPOINT_KIND",
    "CHECKPOINT_STREAM",
    "KEY_ENV",
    "Checkpoint",
    "CheckpointKey",
    "StreamHead",
    "load_key",
]

#: The stream a store keeps its own checkpoints in (left out of every checkpoint).
CHECKPOINT_STREAM: Final = "kpgov.checkpoints"
#: The event kind of a checkpoint in that stream.
CHECKPOINT_KIND: Final = "kpgov.checkpoint"
#: The environment variable :func:`load_key` reads when no key file is given.
KEY_ENV: Final = "KPGOV_CHECKPOINT_KEY"
#: The format tag of a checkpoint document.
FORMAT: Final = "kpgov.checkpoint/1"
MIN_KEY_BYTES: Final = 16


class CheckpointKey:
    """An HMAC key for checkpoints. Its bytes are never printed; ``id`` (a short digest of
    the key) tells which key signed a checkpoint."""

    __slots__ = ("_secret",)

    def __init__(self, secret: bytes) -> None:
        if not isinstance(secret, bytes) or len(secret) < MIN_KEY_BYTES:
            raise ValidationError(
                f"a checkpoint key has at least {MIN_KEY_BYTES} bytes"
                " (e.g. `head -c 32 /dev/urandom | base64 > kpgov.key`)",
                field="key",
            )
        self._secret = secret

    @property
    def id(self) -> str:
        """The first 16 hex digits of HMAC(key, "kpgov key id"): names the key, reveals nothing."""
        return hmac.new(self._secret, b"kpgov key id", hashlib.sha256).hexdigest()[:16]

    def sign(self, message: bytes) -> str:
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        return f"CheckpointKey(id={self.id!r})"


def load_key(file: str | Path | None = None, *, env: str = KEY_ENV) -> CheckpointKey:
    """The checkpoint key from ``file`` (its bytes, without a final newline) or, when no file
    is given, from the environment variable ``env``. Keep it outside the store: whoever can
    write the store must not be able to read the key."""
    if file is not None:
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise StoreError(
                f"cannot read the checkpoint key: {exc.strerror}", file=str(file)
            ) from None
        return CheckpointKey(data.rstrip(b"\r\n"))
    value = os.environ.get(env)
    if not value:
        raise StoreError(f"no checkpoint key: give a key file or set {env}", field="key")
    return CheckpointKey(value.encode("utf-8"))


@attrs.frozen(order=True)
class StreamHead:
    """A stream's length (its last version) and the hash of its last event."""

    stream: str
    length: int
    head: str


@attrs.frozen
class Checkpoint:
    """Each stream's length and head at ``taken_at``, signed (HMAC-SHA256) by ``key_id``."""

    taken_at: str
    store: str
    streams: tuple[StreamHead, ...]
    key_id: str
    signature: str = attrs.field(repr=False)

    @staticmethod
    def _message(taken_at: str, store: str, streams: Iterable[StreamHead], key_id: str) -> bytes:
        body = {
            "format": FORMAT,
            "key_id": key_id,
            "store": store,
            "streams": [[s.stream, s.length, s.head] for s in streams],
            "taken_at": taken_at,
        }
        return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    @classmethod
    def sign(
        cls, streams: Iterable[StreamHead], key: CheckpointKey, *, taken_at: str, store: str
    ) -> Checkpoint:
        """A checkpoint of ``streams`` signed with ``key``."""
        heads = tuple(sorted(streams))
        names = [h.stream for h in heads]
        if len(set(names)) != len(names):
            raise ValidationError("a checkpoint names each stream once", field="streams")
        signature = key.sign(cls._message(taken_at, store, heads, key.id))
        return cls(taken_at, store, heads, key.id, signature)

    def signed_by(self, key: CheckpointKey) -> bool:
        """True when ``key`` made this checkpoint's signature (and nothing was changed since)."""
        expected = key.sign(self._message(self.taken_at, self.store, self.streams, self.key_id))
        return self.key_id == key.id and hmac.compare_digest(expected, self.signature)

    def head(self, stream: str) -> StreamHead | None:
        """The recorded head of ``stream`` (None if it had no events then)."""
        return next((h for h in self.streams if h.stream == stream), None)

    def to_data(self) -> dict[str, Any]:
        """The checkpoint as a JSON-ready document."""
        return {
            "format": FORMAT,
            "key_id": self.key_id,
            "signature": self.signature,
            "store": self.store,
            "streams": [
                {"head": s.head, "length": s.length, "stream": s.stream} for s in self.streams
            ],
            "taken_at": self.taken_at,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_data(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_data(
        cls, data: Any, *, key: CheckpointKey | None = None, file: str | None = None
    ) -> Checkpoint:
        """Read a checkpoint document; with ``key``, refuse one that key did not sign."""
        try:
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise TypeError(f"not a {FORMAT} document")
            streams = tuple(
                StreamHead(str(s["stream"]), _count(s["length"]), str(s["head"]))
                for s in data["streams"]
            )
            point = cls(
                str(data["taken_at"]),
                str(data["store"]),
                streams,
                str(data["key_id"]),
                str(data["signature"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreError(f"not a kpgov checkpoint: {exc}", file=file) from None
        if key is not None and not point.signed_by(key):
            raise StoreError(
                f"the checkpoint's signature does not match key {key.id}"
                f" (signed by {point.key_id}, or changed since it was signed)",
                file=file,
            )
        return point

    @classmethod
    def from_json(
        cls, text: str, *, key: CheckpointKey | None = None, file: str | None = None
    ) -> Checkpoint:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise StoreError(f"not a kpgov checkpoint: {exc}", file=file) from None
        return cls.from_data(data, key=key, file=file)

    @classmethod
    def read(cls, path: str | Path, *, key: CheckpointKey | None = None) -> Checkpoint:
        """Read a checkpoint file (see :meth:`from_data`)."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise StoreError(f"cannot read the checkpoint: {exc}", file=str(path)) from None
        return cls.from_json(text, key=key, file=str(path))

    def write(self, path: str | Path) -> None:
        """Write the checkpoint to ``path`` (mode 0600; replaced atomically)."""
        target = Path(path)
        tmp = target.with_name(f".{target.name}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(self.to_json())
            os.replace(tmp, target)
        except OSError as exc:
            raise StoreError(
                f"cannot write the checkpoint: {exc.strerror}", file=str(path)
            ) from None


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"a stream length is an integer >= 0, not {value!r}")
    return value
