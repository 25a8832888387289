"""Project histories in a store: the service an app (and ``kpgov project``) uses.

Each development project's lifecycle events (:class:`kpgov.adp.Event`) are kept in the store's
append-only stream ``project/<code>``. :class:`ProjectHistories` opens a store by URL (or wraps
one), appends with the expected version (a stale one is a :class:`~kpgov.errors.ConflictError`
naming both versions, and nothing is written), loads, replays, audits, verifies against an
anchor kept outside the store and lists the projects. Events are numbered by the stream's
versions (1 for the first) in every message, as ``kpgov store verify`` numbers them.

>>> from datetime import date
>>> from decimal import Decimal
>>> from kpgov.adp import Actor, FundingSource, Project, ProjectKind, ProjectLog, Role
>>> school = Project(code="SYN-ED-0001", name="Girls school (synthetic)",
...     sponsoring_agency="Education", executing_agency="C&W", sector="Education",
...     function="091102", location="UC 7", kind=ProjectKind.BUILDING,
...     funding_source=FundingSource.DISTRICT_ADP, cost=Decimal("12000000"),
...     start=date(2025, 9, 1), completion=date(2026, 6, 30),
...     project_manager="SDO", deliverables=("6 classrooms",))
>>> log = ProjectLog.start(school, Actor("EDO Education", Role.HEAD_OF_OFFICES),
...                        date(2025, 1, 6))
>>> with ProjectHistories.open("memory://") as histories:
...     histories.save(log)
...     anchor = histories.anchor("SYN-ED-0001")
...     histories.codes(), anchor.length, histories.verify("SYN-ED-0001", anchor=anchor).ok
1
(['SYN-ED-0001'], 1, True)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import Final, Protocol, runtime_checkable

import attrs

from kpgov.adp import (
    LIFECYCLE,
    Event,
    Lifecycle,
    Mode,
    ProjectLog,
    ProjectRecord,
    Verification,
    audit,
    replay,
    verify,
)
from kpgov.convert import unstructure
from kpgov.errors import ConflictError, Location, NotFoundError, StoreError, ValidationError
from kpgov.findings import Report
from kpgov.storage._domain import register_domain_kinds
from kpgov.storage._kinds import KindRegistry
from kpgov.storage._model import chain_hash, encode_document
from kpgov.storage._open import open as open_store
from kpgov.storage._protocol import Store

__all__ = [
    "STREAM_PREFIX",
    "HistoryAnchor",
    "ProjectHistories",
    "SupportsAnchor",
    "open_histories",
]

#: Streams of project histories are named ``project/<code>``.
STREAM_PREFIX: Final = "project/"


@runtime_checkable
class SupportsAnchor(Protocol):
    """Anything that says how long a history was and how it ended (a signed checkpoint too)."""

    @property
    def head(self) -> str: ...

    @property
    def length(self) -> int: ...


@attrs.frozen
class HistoryAnchor:
    """What a history looked like when last seen, kept outside the store: its ``length``
    (number of events, the stream version) and ``head``, the stream's head hash (what a
    storage checkpoint signs). A hash chain alone cannot see a rewritten or cut tail; an
    anchor can."""

    head: str
    length: int


def _anchor(value: object, stream: str) -> HistoryAnchor | None:
    if value is None:
        return None
    head = getattr(value, "head", None)
    if callable(head):  # a checkpoint of every stream: take this stream's head from it
        try:
            value = head(stream)
        except (KeyError, LookupError):
            raise ValidationError(
                f"the checkpoint has no head for {stream}", field="anchor"
            ) from None
    if isinstance(value, tuple):
        if len(value) != 2:
            raise ValidationError("an anchor is (head, length)", field="anchor")
        head, length = value
        return HistoryAnchor(str(head), int(length))
    try:
        return HistoryAnchor(str(value.head), int(value.length))  # type: ignore[attr-defined]  # duck-typed anchor
    except (AttributeError, TypeError, ValueError):
        raise ValidationError(
            f"an anchor has a head hash and a length, not {value!r}", field="anchor"
        ) from None


def _stream(code: str) -> str:
    if not isinstance(code, str) or not code:
        raise ValidationError(f"a project code is non-empty text, not {code!r}", field="code")
    return STREAM_PREFIX + code


class ProjectHistories:
    """The project histories of one store. Open with :meth:`open` (or wrap a
    :class:`~kpgov.storage.Store` you hold); the domain's kinds are registered in the
    store's registry, so nothing else need be called first."""

    def __init__(self, store: Store, *, lifecycle: Lifecycle = LIFECYCLE) -> None:
        register_domain_kinds(store.registry)
        self.store = store
        self.lifecycle = lifecycle
        self._owned = False

    @classmethod
    def open(
        cls, url: str, *, kinds: KindRegistry | None = None, lifecycle: Lifecycle = LIFECYCLE
    ) -> ProjectHistories:
        """Open the store at ``url`` (see :func:`kpgov.storage.open`); close it with
        :meth:`close` or a ``with`` block."""
        registry = register_domain_kinds(kinds if kinds is not None else KindRegistry())
        histories = cls(open_store(url, kinds=registry), lifecycle=lifecycle)
        histories._owned = True
        return histories

    def close(self) -> None:
        """Close the store if this object opened it."""
        if self._owned:
            self.store.close()

    def __enter__(self) -> ProjectHistories:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- listing and reading ---------------------------------------------------------------

    def codes(self) -> list[str]:
        """The codes of the projects with a history in the store, sorted."""
        return sorted(
            s[len(STREAM_PREFIX) :] for s in self.store.streams() if s.startswith(STREAM_PREFIX)
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes())

    def version(self, code: str) -> int:
        """The number of events of project ``code`` (0: none), the stream's version."""
        return self.store.stream_version(_stream(code))

    def load(self, code: str) -> tuple[Event, ...]:
        """The events of project ``code`` in stream order (NotFoundError if it has none).

        Each event remembers where it is kept (``source``: the store, the event's stream
        version as the row and the stream as the field), so audit findings point to it."""
        rows = self.store.read_stream(_stream(code))
        if not rows:
            raise NotFoundError(f"no project {code!r} in the store (stream {_stream(code)})")
        events = []
        for row in rows:
            if not isinstance(row.value, Event):
                raise StoreError(
                    f"event {row.version} of {_stream(code)} is a {row.kind!r}, not an adp.event",
                    field=f"{_stream(code)}#{row.version}",
                )
            where = Location(self.store.url, row.version, _stream(code))
            events.append(attrs.evolve(row.value, source=where))
        return tuple(events)

    def replay(self, code: str, *, mode: Mode = Mode.RECORD) -> ProjectRecord:
        """The state project ``code``'s history leads to (record mode: whatever it broke)."""
        return replay(self.load(code), lifecycle=self.lifecycle, mode=mode)

    def log(self, code: str, *, mode: Mode = Mode.RECORD) -> ProjectLog:
        """The project's history as a :class:`~kpgov.adp.ProjectLog` to take further steps
        on (record mode by default: a registry keeps what happened; pass ``Mode.ENFORCE``
        for an app that refuses unlawful steps, which also refuses to load a history with
        a breach)."""
        return ProjectLog.from_events(self.load(code), mode=mode, lifecycle=self.lifecycle)

    def audit(self, code: str) -> Report:
        """The findings of project ``code``'s history (:func:`kpgov.adp.audit`)."""
        return audit(self.load(code), lifecycle=self.lifecycle)

    # -- writing ---------------------------------------------------------------------------

    def append(self, code: str, events: Sequence[Event], *, expected_version: int) -> int:
        """Append ``events`` to project ``code``'s history, which must be at
        ``expected_version``; returns the new version. A history moved on meanwhile is a
        ConflictError naming both versions, and nothing is appended."""
        stream = _stream(code)
        for offset, event in enumerate(events):
            if not isinstance(event, Event):
                raise ValidationError(f"not a project event: {event!r}", field="events")
            if event.project_code != code:
                raise ValidationError(
                    f"event {event.version} belongs to project {event.project_code!r}, not "
                    f"{code!r}",
                    field="events",
                )
            if event.seq != expected_version + offset:
                raise ValidationError(
                    f"event {event.version} cannot be appended at version "
                    f"{expected_version + offset + 1}",
                    field="events",
                )
        try:
            return self.store.append(stream, list(events), expected_version=expected_version)
        except ConflictError:
            have = self.store.stream_version(stream)
            raise ConflictError(
                f"the history of project {code} is at version {have}, this append expected "
                f"version {expected_version}; nothing was appended (reload and retry)",
                file=self.store.url,
            ) from None

    def save(self, log: ProjectLog) -> int:
        """Append the events of ``log`` the store does not have yet; returns the new version.

        The log must extend the stored history: one that is behind it, or differs from it,
        is a ConflictError naming both versions.
        """
        code = log.code
        have = self.version(code)
        if have > len(log.events):
            raise ConflictError(
                f"the history of project {code} is at version {have}, this log only at "
                f"version {len(log.events)}; nothing was appended (reload and retry)",
                file=self.store.url,
            )
        if have:
            # another writer may append meanwhile: compare the event at ``have`` only
            last = self.store.read_stream(_stream(code), after=have - 1)[0]
            if last.value.hash != log.events[have - 1].hash:
                raise ConflictError(
                    f"the stored history of project {code} differs from this log at event "
                    f"{have} (stored version {have}, log version {len(log.events)})",
                    file=self.store.url,
                )
        new = log.events[have:]
        if not new:
            return have
        return self.append(code, new, expected_version=have)

    # -- verification ----------------------------------------------------------------------

    def anchor(self, code: str) -> HistoryAnchor:
        """The anchor of project ``code``'s history now (keep it outside the store)."""
        rows = self.store.read_stream(_stream(code))
        if not rows:
            raise NotFoundError(f"no project {code!r} in the store (stream {_stream(code)})")
        return HistoryAnchor(rows[-1].hash, rows[-1].version)

    def verify(
        self, code: str, *, anchor: SupportsAnchor | tuple[str, int] | object | None = None
    ) -> Verification:
        """Check project ``code``'s history: the events' own hash chain (numbers, links,
        hashes), the store's chain over the stream, and, given an ``anchor`` (a
        :class:`HistoryAnchor`, anything with ``head`` and ``length`` such as a
        checkpoint's stream head, a checkpoint with a ``head(stream)`` method, or a
        ``(head, length)`` tuple), that the history still has that length and head. The
        head may be the stream's head hash or the last event's own hash. (Checking a
        checkpoint's signature is the checkpoint's business, before it is passed here.)
        """
        stream = _stream(code)
        expected = _anchor(anchor, stream)
        rows = self.store.read_stream(stream)
        events = [row.value for row in rows]
        result = verify(events, project_code=code)
        if not result.ok:
            return result
        previous = ""
        for row in rows:
            document = encode_document(unstructure(row.value))
            previous = chain_hash(previous, stream, row.version, row.kind, document)
            if previous != row.hash:
                return Verification(
                    False,
                    row.version - 1,
                    result.head,
                    row.version - 1,
                    row.version - 1,
                    "altered",
                    f"event {row.version} breaks the store's hash chain of {stream}",
                )
        if expected is not None:
            count = len(rows)
            if count < expected.length:
                return Verification(
                    False,
                    count,
                    result.head,
                    count,
                    count,
                    "truncated",
                    f"events {count + 1}..{expected.length} are missing",
                )
            last = expected.length
            if last and expected.head not in (rows[last - 1].hash, events[last - 1].hash):
                return Verification(
                    False,
                    count,
                    result.head,
                    last - 1,
                    last - 1,
                    "altered",
                    f"event {last} does not end at the anchor's head hash (altered, or "
                    "events rewritten up to it)",
                )
        return result

    def verified(
        self, code: str, *, anchor: SupportsAnchor | tuple[str, int] | object | None = None
    ) -> tuple[Event, ...]:
        """The events of project ``code`` if its history verifies; else a StoreError
        saying what is wrong."""
        result = self.verify(code, anchor=anchor)
        if not result.ok:
            raise StoreError(f"the history of project {code} does not verify: {result}")
        return self.load(code)


def open_histories(
    url: str, *, kinds: KindRegistry | None = None, lifecycle: Lifecycle = LIFECYCLE
) -> ProjectHistories:
    """:meth:`ProjectHistories.open`: the project histories of the store at ``url``."""
    return ProjectHistories.open(url, kinds=kinds, lifecycle=lifecycle)
