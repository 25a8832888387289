"""The kpgov exception family.

Every error a user can cause is a :class:`KpgovError` that says what was wrong and where
(file, row, field, code). Errors that are about a bad value also subclass :class:`ValueError`
(and a missing record :class:`KeyError`), so callers can catch the builtin they expect.

Rule violations are *not* exceptions: checks yield :class:`kpgov.findings.Finding` records.

>>> err = ParseError("not an amount: 'abc'", file="lines.csv", row=4, field="amount")
>>> str(err)
"lines.csv, row 4, field 'amount': not an amount: 'abc'"
>>> isinstance(err, ValueError)
True
"""

from __future__ import annotations

import attrs

__all__ = [
    "ConflictError",
    "KpgovError",
    "Location",
    "NotFoundError",
    "ParseError",
    "StoreError",
    "TransitionError",
    "ValidationError",
]


@attrs.frozen
class Location:
    """Where a bad value was found: a file, a row or line, and a field (or JSON path)."""

    file: str | None = None
    row: int | None = None
    field: str | None = None

    def __bool__(self) -> bool:
        return any(part is not None for part in (self.file, self.row, self.field))

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file is not None:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts)


class KpgovError(Exception):
    """Base class of every error kpgov raises on purpose.

    ``message`` says what is wrong; ``file``, ``row`` and ``field`` say where, when known.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.location = Location(file, row, field)
        super().__init__(message)

    @property
    def file(self) -> str | None:
        return self.location.file

    @property
    def row(self) -> int | None:
        return self.location.row

    @property
    def field(self) -> str | None:
        return self.location.field

    def __str__(self) -> str:
        where = str(self.location)
        return f"{where}: {self.message}" if where else self.message


class ParseError(KpgovError, ValueError):
    """Input text or data could not be understood (an amount, a code, a year, a JSON file)."""


class ValidationError(KpgovError, ValueError):
    """Input was understood but is not a valid value (a negative count, an end before a start)."""


class TransitionError(KpgovError):
    """A state-machine transition was refused; ``rule_id`` names the rule that refused it."""

    def __init__(
        self,
        message: str,
        *,
        rule_id: str,
        transition: str | None = None,
        subject: str | None = None,
    ) -> None:
        self.rule_id = rule_id
        self.transition = transition
        self.subject = subject
        super().__init__(f"{rule_id}: {message}")


class StoreError(KpgovError):
    """A store could not be opened, read or written (a corrupt file, a lost connection)."""


class ConflictError(StoreError):
    """A write was based on a stale version; nothing was changed."""


class NotFoundError(StoreError, KeyError):
    """A record, stream or catalogue entry does not exist."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return KpgovError.__str__(self)
