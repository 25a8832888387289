"""The value objects of the calendar: a dated deadline, a Second Schedule activity, a submission."""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

import attrs

from kpgov import _display
from kpgov.errors import Sourced, ValidationError
from kpgov.law import Citation, parse_rule_id

__all__ = ["Activity", "Deadline", "DeadlineKind", "Phase", "Submission"]


class Phase(enum.Enum):
    """Where a Second Schedule activity falls relative to the budget year it prepares."""

    PREPARATION = "preparation"  # in the financial year before the budget year
    COMMUNICATION = "communication"  # July of the budget year
    IMPLEMENTATION = "implementation"  # over the budget year


class DeadlineKind(enum.Enum):
    """How the law states a date.

    ``BY``: done by ``due``. ``WINDOW``: done between ``start`` and ``due``. ``NOT_BEFORE``: the
    duty arises on ``start`` (``due`` is the same day) and the law sets no closing date, as
    with "after 8 months of the financial year" (BR-82(1)).
    """

    BY = "by"
    WINDOW = "window"
    NOT_BEFORE = "not-before"


def _check_rule_id(_instance: object, _attribute: object, value: str) -> None:
    parse_rule_id(value)


def _check_text(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{attribute.name} must be non-empty text, not {value!r}")


@attrs.frozen
class Deadline:
    """One dated occurrence of a duty: what, who, by when, and the law that sets it.

    ``id`` names the occurrence (rule id, ``/``, the period or event it belongs to) and is
    stable across runs, so it can key submissions and calendar UIDs. ``stated_due`` is the date
    as the law states it; ``due`` may differ when a working-day policy moved it.

    >>> from kpgov.law import Citation
    >>> d = Deadline(
    ...     id="BR-80(5)#due/2025-07", rule_id="BR-80(5)#due", period="2025-07",
    ...     activity="Reconciled statement of expenditure to the Head of Offices (BM-1)",
    ...     responsible="DDOs", start=None, due=date(2025, 8, 13),
    ...     citation=Citation("BR", "80(5)", "not later than the 13th day of the month"))
    >>> d.stated_due, d.moved, d.kind
    (datetime.date(2025, 8, 13), False, <DeadlineKind.BY: 'by'>)
    >>> d.contains(date(2025, 8, 13)), d.to_dict()["due"]
    (True, '2025-08-13')
    """

    id: str = attrs.field(validator=_check_text)
    rule_id: str = attrs.field(validator=_check_rule_id)
    period: str
    activity: str = attrs.field(validator=_check_text)
    responsible: str = attrs.field(validator=_check_text)
    start: date | None
    due: date
    citation: Citation
    kind: DeadlineKind = DeadlineKind.BY
    stated_due: date = attrs.field()
    note: str = ""

    @stated_due.default
    def _stated_due_default(self) -> date:
        return self.due

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.start > self.due:
            raise ValidationError(
                f"deadline {self.id}: start {self.start.isoformat()} is after due "
                f"{self.due.isoformat()}"
            )

    @property
    def moved(self) -> bool:
        """True when a working-day policy moved ``due`` away from the stated date."""
        return self.due != self.stated_due

    @property
    def first_day(self) -> date:
        """The first day of the deadline: ``start`` for a window, else ``due``."""
        return self.start if self.start is not None else self.due

    def contains(self, day: date) -> bool:
        """True when ``day`` is within the window (or is the due day of a plain deadline)."""
        return self.first_day <= day <= self.due

    def to_dict(self) -> dict[str, Any]:
        """A plain dict: the JSON form of ``kpgov calendar --format json``."""
        return {
            "id": self.id,
            "rule_id": self.rule_id,
            "period": self.period,
            "activity": self.activity,
            "responsible": self.responsible,
            "kind": self.kind.value,
            "start": None if self.start is None else self.start.isoformat(),
            "due": self.due.isoformat(),
            "stated_due": self.stated_due.isoformat(),
            "citation": {
                "instrument": self.citation.instrument,
                "clause": self.citation.clause,
                "reference": self.citation.reference,
                "excerpt": self.citation.excerpt,
            },
            "note": self.note,
        }

    def _table(self) -> _display.Table:
        start = "" if self.start is None else self.start.isoformat()
        return _display.Table(
            f"Deadline {self.id}",
            ("due", "start", "activity", "responsible", "law"),
            [
                (
                    self.due.isoformat(),
                    start,
                    self.activity,
                    self.responsible,
                    self.citation.reference,
                )
            ],
            note=self.note,
        )

    def _repr_html_(self) -> str:
        return _display.join_html(self._table())

    def _repr_markdown_(self) -> str:
        return _display.join_markdown(self._table())


def _check_month(_instance: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and not 1 <= value <= 12:
        raise ValidationError(f"{attribute.name} must be a month 1-12, not {value!r}")


def _check_day(_instance: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and not 1 <= value <= 31:
        raise ValidationError(f"{attribute.name} must be a day 1-31, not {value!r}")


@attrs.frozen
class Activity:
    """A row of the Second Schedule (budget calendar) of the Budget Rules 2016.

    ``activity``, ``responsible`` and ``deadline`` are the seed's wording (the flattened
    table's cell fragments joined); ``excerpt`` quotes the seed verbatim, fragments joined by
    ``...``, for the citation. The deadline is encoded as month and day: a day of ``None``
    means the end of the month ("By end of February", "June"), and ``start_month`` /
    ``start_day`` open a window. ``phase`` says which year the months belong to
    (see :class:`Phase`).
    """

    number: int
    activity: str = attrs.field(validator=_check_text)
    responsible: str = attrs.field(validator=_check_text)
    deadline: str = attrs.field(validator=_check_text)
    phase: Phase
    due_month: int = attrs.field(validator=_check_month)
    due_day: int | None = attrs.field(default=None, validator=_check_day)
    start_month: int | None = attrs.field(default=None, validator=_check_month)
    start_day: int | None = attrs.field(default=None, validator=_check_day)
    excerpt: str = ""
    source: str = ""
    note: str = ""

    @property
    def rule_id(self) -> str:
        """``BR-S2-<number>``."""
        return f"BR-S2-{self.number}"


@attrs.frozen
class Submission(Sourced):
    """That ``entity`` filed the duty of deadline ``deadline_id`` on ``submitted``.

    >>> Submission("BR-80(4)#due/2025-07", "DDO PR4012", date(2025, 8, 18)).entity
    'DDO PR4012'
    """

    deadline_id: str = attrs.field(validator=_check_text)
    entity: str = attrs.field(validator=_check_text)
    submitted: date
