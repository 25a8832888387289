"""Lifecycle events and the hash chain that makes a project's history tamper-evident.

Each :class:`Event` carries the hash of the event before it (``prev_hash``) and its own
``hash``: the SHA-256 of its canonical JSON (every field but ``hash``, keys sorted, no spaces,
exactly what ``json.dumps(kpgov.convert.unstructure(event), sort_keys=True,
separators=(",", ":"), ensure_ascii=False)`` writes without the ``hash`` key). The canonical
bytes are computed once, when the event is built (events are frozen, so they cannot go stale);
:func:`verify` then only hashes and compares, which is what makes it fast.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from json.encoder import encode_basestring as _q
from operator import attrgetter, methodcaller
from typing import Any, Final, Literal

import attrs

from kpgov.adp._project import Project
from kpgov.errors import Location, ValidationError

__all__ = [
    "GENESIS",
    "Actor",
    "Event",
    "Role",
    "Verification",
    "canonical_json",
    "verify",
]

#: The ``prev_hash`` of a stream's first event.
GENESIS: Final = "0" * 64


class Role(enum.Enum):
    """The offices that take decisions on a development project (r.33-r.49)."""

    HEAD_OF_OFFICES = "head_of_offices"
    DEPUTY_DISTRICT_OFFICER_PLANNING = "deputy_district_officer_planning"
    DISTRICT_DEVELOPMENT_COMMITTEE = "district_development_committee"
    DEPUTY_COMMISSIONER = "deputy_commissioner"
    DISTRICT_COUNCIL = "district_council"
    EXECUTING_AGENCY = "executing_agency"
    DISTRICT_OFFICER_FINANCE_PLANNING = "district_officer_finance_planning"
    NAZIM = "nazim"
    COMMISSIONER = "commissioner"
    PLANNING_DEVELOPMENT_DEPARTMENT = "planning_development_department"  #: r.47(11), r.47(14)

    @property
    def title(self) -> str:
        return _TITLES[self]


_TITLES: Final = {
    Role.HEAD_OF_OFFICES: "Head of Offices",
    Role.DEPUTY_DISTRICT_OFFICER_PLANNING: "Deputy District Officer Planning",
    Role.DISTRICT_DEVELOPMENT_COMMITTEE: "District Development Committee",
    Role.DEPUTY_COMMISSIONER: "Deputy Commissioner",
    Role.DISTRICT_COUNCIL: "District Council",
    Role.EXECUTING_AGENCY: "executing agency",
    Role.DISTRICT_OFFICER_FINANCE_PLANNING: "District Officer Finance and Planning",
    Role.NAZIM: "Nazim District Government",
    Role.COMMISSIONER: "Commissioner",
    Role.PLANNING_DEVELOPMENT_DEPARTMENT: "Provincial Planning and Development Department",
}


@attrs.frozen
class Actor:
    """Who acts: a person or body and the role in which they act.

    >>> Actor("DDC Abbottabad", Role.DISTRICT_DEVELOPMENT_COMMITTEE).role.title
    'District Development Committee'
    """

    name: str
    role: Role


def _plain(value: Any) -> Any:
    """Plain JSON data of a value, as kpgov's converter unstructures it."""
    if attrs.has(type(value)):
        return {
            a.name: _plain(getattr(value, a.name))
            for a in attrs.fields(type(value))
            if a.init and not (a.name == "source" and not a.eq)  # provenance is not data
        }
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


_dumps: Final = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def _details(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValidationError(f"event details map text to text, not {value!r}", field="details")
    return dict(value)


def _optional_amount(value: object) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValidationError(f"an event amount is a finite Decimal, not {value!r}")
    return value


@attrs.frozen(eq=True)
class Event:
    """One step of a project's history: who took which transition, when, on what authority.

    ``rule_id`` cites the clause the step applies; ``document`` refers to the minutes,
    sanction letter or report that records it; ``amount`` is the money the step is about
    (approved cost, sanction, allocation, expenditure); ``details`` holds named facts such as
    the financial year or the parameter values the decision applied. ``project`` is the Form
    BDD-4 proposal, on the events that file one. Build events with
    :meth:`kpgov.adp.ProjectLog.take`, which links and hashes them.

    ``seq`` counts from 0; :attr:`version` (``seq + 1``) is the event's number in its store
    stream, the one numbering every message and listing uses. ``source`` is where the event
    was read from (provenance, outside equality and the hash).
    """

    seq: int
    project_code: str
    transition: str
    actor: str
    role: Role
    on: date
    rule_id: str
    prev_hash: str
    hash: str
    document: str | None = None
    amount: Decimal | None = attrs.field(default=None, converter=_optional_amount)
    details: dict[str, str] = attrs.field(factory=dict, converter=_details)
    project: Project | None = None
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    _body: bytes = attrs.field(init=False, eq=False, repr=False)
    _digest: bytes = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_body", _canonical(self))
        try:
            digest = bytes.fromhex(self.hash)
        except ValueError:
            digest = b""  # not a hash at all: verify() reports the event as altered
        object.__setattr__(self, "_digest", digest)

    @classmethod
    def create(
        cls,
        *,
        seq: int,
        project_code: str,
        transition: str,
        actor: Actor,
        on: date,
        rule_id: str,
        prev_hash: str,
        document: str | None = None,
        amount: Decimal | None = None,
        details: dict[str, str] | None = None,
        project: Project | None = None,
    ) -> Event:
        """A new event, hashed and linked to ``prev_hash``."""
        draft = cls(
            seq=seq,
            project_code=project_code,
            transition=transition,
            actor=actor.name,
            role=actor.role,
            on=on,
            rule_id=rule_id,
            prev_hash=prev_hash,
            hash="",
            document=document,
            amount=amount,
            details=details or {},
            project=project,
        )
        return attrs.evolve(draft, hash=draft.computed_hash())

    @property
    def version(self) -> int:
        """The event's number in its stream (1 for the first event): ``seq + 1``."""
        return self.seq + 1

    @property
    def canonical(self) -> bytes:
        """The canonical JSON (UTF-8) of every field but ``hash``: what the hash covers."""
        return self._body

    def computed_hash(self) -> str:
        """SHA-256 (hex) of :attr:`canonical`."""
        return hashlib.sha256(self._body).hexdigest()


def _canonical(e: Event) -> bytes:
    # Hand-written for speed; tests check it equals json.dumps over convert.unstructure().
    amount = "null" if e.amount is None else _q(str(e.amount))
    document = "null" if e.document is None else _q(e.document)
    details = _dumps(e.details) if e.details else "{}"
    project = "null" if e.project is None else _dumps(_plain(e.project))
    return (
        '{"actor":'
        + _q(e.actor)
        + ',"amount":'
        + amount
        + ',"details":'
        + details
        + ',"document":'
        + document
        + ',"on":"'
        + e.on.isoformat()
        + '","prev_hash":'
        + _q(e.prev_hash)
        + ',"project":'
        + project
        + ',"project_code":'
        + _q(e.project_code)
        + ',"role":"'
        + e.role.value
        + '","rule_id":'
        + _q(e.rule_id)
        + ',"seq":'
        + str(e.seq)
        + ',"transition":'
        + _q(e.transition)
        + "}"
    ).encode()


def canonical_json(event: Event) -> str:
    """The canonical JSON text the event's hash covers.

    >>> from kpgov.adp import Actor, Role
    >>> e = Event.create(seq=0, project_code="P-1", transition="prepare_outline",
    ...                  actor=Actor("EDO Education", Role.HEAD_OF_OFFICES),
    ...                  on=date(2025, 8, 1), rule_id="BR-33(1)(b)", prev_hash=GENESIS)
    >>> canonical_json(e)[:60]
    '{"actor":"EDO Education","amount":null,"details":{},"documen'
    >>> e.hash == e.computed_hash()
    True
    """
    return event.canonical.decode()


Problem = Literal["altered", "removed", "reordered", "inserted", "truncated", "foreign"]


@attrs.frozen
class Verification:
    """The result of :func:`verify`: ``ok``, or the first bad event and what is wrong with it.

    ``index`` is the position in the sequence checked, ``seq`` the sequence number the event
    at that position should have had (for a removal: the number of the missing event).
    Messages number events by their stream version (:attr:`version`, ``seq + 1``), as
    ``kpgov store verify`` and every history listing do.
    """

    ok: bool
    checked: int
    head: str
    index: int | None = None
    seq: int | None = None
    problem: Problem | None = None
    message: str = ""

    def __bool__(self) -> bool:
        return self.ok

    @property
    def version(self) -> int | None:
        """The stream version (1-based) of the first bad event, or ``None`` when ok."""
        return None if self.seq is None else self.seq + 1

    def __str__(self) -> str:
        if self.ok:
            return f"ok: {self.checked} events, head {self.head[:12]}"
        return self.message


def _bad(
    checked: int, head: str, index: int, seq: int, problem: Problem, message: str
) -> Verification:
    return Verification(False, checked, head, index, seq, problem, message)


def _misplaced(
    events: Sequence[Event], index: int, seq: int, prev: str, seen: set[int]
) -> Verification:
    v, at = seq + 1, index + 1  # stream versions
    if seq in seen:
        problem: Problem = "inserted"
        message = f"position {at} holds event {v} again (a duplicate)"
    elif any(e.seq == index for e in events[index + 1 :]):
        problem = "reordered"
        message = f"events are out of order: position {at} holds event {v}, event {at} comes later"
    elif seq > index:
        problem = "removed"
        message = f"event {at} is missing: position {at} holds event {v}"
    else:
        problem = "reordered"
        message = f"position {at} holds event {v}; expected event {at}"
    return _bad(index, prev, index, index, problem, message)


def _diagnose(events: Sequence[Event], index: int, prev: str, code: str) -> Verification:
    """Say what is wrong with ``events[index]``, the first event that failed verification."""
    event = events[index]
    at = index + 1
    if event.seq != index:
        seen = {e.seq for e in events[:index]}
        return _misplaced(events, index, event.seq, prev, seen)
    if event.project_code != code:
        return _bad(
            index,
            prev,
            index,
            index,
            "foreign",
            f"event {at} belongs to project {event.project_code!r}, not {code!r}",
        )
    if event.computed_hash() != event.hash:
        return _bad(index, prev, index, index, "altered", f"event {at} was altered (hash mismatch)")
    # The event is intact but does not link to its predecessor: the predecessor was altered
    # and re-hashed (the first event's link to GENESIS is fixed, so it is the one altered).
    culprit = index - 1 if index else 0
    return _bad(
        index,
        prev,
        culprit,
        culprit,
        "altered",
        f"event {culprit + 1} was altered (event {at} links to a different hash)",
    )


_SEQ: Final = attrgetter("seq")
_PREV: Final = attrgetter("prev_hash")
_HASH: Final = attrgetter("hash")
_CODE: Final = attrgetter("project_code")
_BODY: Final = attrgetter("_body")
_DIGEST: Final = attrgetter("_digest")
_DIGEST_OF: Final = methodcaller("digest")


def _intact(events: Sequence[Event], code: str) -> bool:
    """Whether every check passes, with the loops in C (map, attrgetter, list equality):
    sequence numbers 0..n-1, one project, each link to the previous hash, each hash."""
    count = len(events)
    if list(map(_SEQ, events)) != list(range(count)):
        return False
    if list(map(_CODE, events)).count(code) != count:
        return False
    hashes = list(map(_HASH, events))
    prevs = list(map(_PREV, events))
    if prevs[0] != GENESIS or prevs[1:] != hashes[:-1]:
        return False
    digests = map(_DIGEST_OF, map(hashlib.sha256, map(_BODY, events)))
    return list(digests) == list(map(_DIGEST, events))


def verify(
    events: Sequence[Event],
    *,
    head: str | None = None,
    length: int | None = None,
    project_code: str | None = None,
) -> Verification:
    """Check a project's event stream: sequence numbers, links and hashes.

    Names the first event that was altered (its content no longer matches its hash, or its
    hash no longer matches the next event's link), removed (a sequence number is missing),
    reordered (an event stands where another should) or inserted. An alteration of the *last*
    event that also recomputes its hash, or the removal of events at the end, can only be seen
    against an anchor kept elsewhere: pass the expected ``head`` hash or ``length``.
    """
    code = project_code
    if code is None:
        code = events[0].project_code if events else ""
    prev = GENESIS
    if events and not _intact(events, code):
        # Something is wrong: walk the events to find and diagnose the first bad one.
        new = hashlib.sha256
        for index, event in enumerate(events):
            if (
                event.seq != index
                or event.prev_hash != prev
                or event.project_code != code
                or new(event._body).digest() != event._digest
            ):
                return _diagnose(events, index, prev, code)
            prev = event.hash
    if events:
        prev = events[-1].hash
    count = len(events)
    if length is not None and count < length:
        return _bad(
            count, prev, count, count, "truncated", f"events {count + 1}..{length} are missing"
        )
    if head is not None and prev != head:
        last = count - 1 if count else 0
        return _bad(
            count,
            prev,
            last,
            last,
            "altered",
            f"event {last + 1} does not end at the expected head hash (altered or events "
            "removed at the end)",
        )
    return Verification(True, count, prev)
