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

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Final, TypeVar

import attrs

__all__ = [
    "PROVENANCE_FIELDS",
    "ConflictError",
    "ErrorCollector",
    "KpgovError",
    "LoadError",
    "Location",
    "NotFoundError",
    "ParseError",
    "Sourced",
    "StoreError",
    "TransitionError",
    "ValidationError",
    "is_provenance",
    "source_of",
    "with_sources",
]


@attrs.frozen
class Location:
    """Where a value came from, or where a bad value was found: a file, a row (1-based, as a
    spreadsheet shows it, the header being row 1) or line, and a field (a column name or a
    JSON path such as ``$.movements[3].amount``).

    Records a loader builds carry their ``Location`` as provenance (an attribute ``source``,
    outside the record's equality), so that findings about them can name it, the way
    Beancount's entries carry ``filename`` and ``lineno``.

    >>> Location("lines.csv", 8, "amount").compact()
    'lines.csv:8: amount'
    >>> Location("budget.json", field="$.lines[3].be_next").compact()
    'budget.json: $.lines[3].be_next'
    """

    file: str | None = None
    row: int | None = None
    field: str | None = None

    def __bool__(self) -> bool:
        return any(part is not None for part in (self.file, self.row, self.field))

    def compact(self) -> str:
        """``file:row: field``, the form compilers and bean-check print."""
        head = self.file or ""
        if self.row is not None:
            head = f"{head}:{self.row}" if head else f"row {self.row}"
        if self.field is None:
            return head
        return f"{head}: {self.field}" if head else self.field

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file is not None:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts)


#: The attribute names under which a record keeps its provenance: ``source``, or ``origin`` on
#: the records whose domain already has a ``source`` (a budget line's receipt source, a
#: re-appropriation's source head).
PROVENANCE_FIELDS: Final = ("source", "origin")


@attrs.frozen
class Sourced:
    """Base of the records a loader builds: ``source`` is where the record was read (a
    :class:`Location`), outside the record's equality and repr; None for a record built in code.

    >>> @attrs.frozen
    ... class Demand(Sourced):
    ...     grant: str
    >>> read = Demand("012", source=Location("budget.json", field="$.demands[0]"))
    >>> read == Demand("012"), source_of(read).compact()
    (True, 'budget.json: $.demands[0]')
    """

    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


def is_provenance(field: attrs.Attribute[Any]) -> bool:
    """True for an attrs field that holds provenance (outside equality, keyword-only)."""
    return field.name in PROVENANCE_FIELDS and not field.eq and field.kw_only


def source_of(record: object) -> Location | None:
    """Where ``record`` was read from (its ``source`` or ``origin``), or None when it was
    built in code."""
    for name in ("origin", "source"):
        where = getattr(record, name, None)
        if isinstance(where, Location):
            return where
    return None


T = TypeVar("T")


def _provenance_name(cls: type) -> str | None:
    if not attrs.has(cls):
        return None
    return next((f.name for f in attrs.fields(cls) if is_provenance(f)), None)


def with_sources(value: T, file: str | None, path: str = "$") -> T:
    """``value`` with every record in it (itself, its fields, the items of its tuples) located
    at its JSON path in ``file``; values that keep no provenance are returned as they are.
    Loaders call it on what they structured from a JSON document (``$.demands[2]``)."""
    return _walk(value, file, path)  # type: ignore[no-any-return]  # same type back


def _walk(value: Any, file: str | None, path: str) -> Any:
    if isinstance(value, tuple):
        items = [_walk(item, file, f"{path}[{n}]") for n, item in enumerate(value)]
        if any(new is not old for new, old in zip(items, value, strict=True)):
            return tuple(items)
        return value
    name = _provenance_name(type(value))
    if name is None:
        return value
    changes: dict[str, Any] = {}
    for field in attrs.fields(type(value)):
        if not field.init or is_provenance(field):
            continue
        inner = getattr(value, field.name)
        located = _walk(inner, file, f"{path}.{field.name}")
        if located is not inner:
            changes[field.alias or field.name] = located
    changes[name] = Location(file, field=path)
    return attrs.evolve(value, **changes)


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


class LoadError(ParseError):
    """Every problem a loader found in one input, in one error (capped; see ``omitted``).

    ``problems`` are the individual errors, each with its own location; ``str()`` lists them
    one per line as ``file:row: field: message``.

    >>> errors = LoadError([ParseError("not an amount: 'x'", file="l.csv", row=3,
    ...                                  field="be_next"),
    ...                       ParseError("unknown code 'Z1'", file="l.csv", row=9,
    ...                                  field="object")], file="l.csv")
    >>> print(errors)
    l.csv: 2 problems
    l.csv:3: be_next: not an amount: 'x'
    l.csv:9: object: unknown code 'Z1'
    """

    def __init__(
        self,
        problems: Iterable[KpgovError],
        *,
        omitted: int = 0,
        file: str | None = None,
    ) -> None:
        self.problems: tuple[KpgovError, ...] = tuple(problems)
        self.omitted = omitted
        total = len(self.problems) + omitted
        summary = f"{total} problem{'' if total == 1 else 's'}"
        if omitted:
            summary += f" (the first {len(self.problems)} listed)"
        super().__init__(summary, file=file)
        self.loaded = file  # the input the loader read
        if len(self.problems) == 1 and not omitted:  # one problem: the error is located there
            self.location = self.problems[0].location

    def lines(self) -> list[str]:
        """One line per problem, ``file:row: field: message``."""
        out = []
        for problem in self.problems:
            where = problem.location.compact()
            out.append(f"{where}: {problem.message}" if where else problem.message)
        if self.omitted:
            out.append(f"... and {self.omitted} more")
        return out

    def headline(self) -> str:
        """``file: N problems``: the first line of the error."""
        return f"{self.loaded}: {self.message}" if self.loaded else self.message

    def __str__(self) -> str:
        return "\n".join([self.headline(), *self.lines()])


class ErrorCollector:
    """Collects a loader's errors so that one run reports every bad row (up to ``cap``).

    >>> collector = ErrorCollector(file="l.csv", cap=100)
    >>> with collector.guard(row=4, field="amount"):
    ...     raise ParseError("not an amount: 'abc'")
    >>> len(collector)
    1
    >>> collector.problems[0].location.compact()
    'l.csv:4: amount'
    >>> collector.raise_if_any()
    Traceback (most recent call last):
    ...
    kpgov.errors.LoadError: l.csv: 1 problem
    l.csv:4: amount: not an amount: 'abc'
    """

    def __init__(self, *, file: str | None = None, cap: int = 100) -> None:
        if cap < 1:
            raise ValueError("the error cap must be at least 1")
        self.file = file
        self.cap = cap
        self.problems: list[KpgovError] = []
        self.omitted = 0

    def __len__(self) -> int:
        return len(self.problems) + self.omitted

    @property
    def full(self) -> bool:
        """True once ``cap`` problems are held: a loader may stop reading."""
        return len(self.problems) >= self.cap

    def add(self, error: KpgovError) -> None:
        """Keep ``error``, filling in this collector's file where the error names none (on a
        copy: one error object may stand for the same bad value in several rows)."""
        if error.file is None and self.file is not None:
            error = _twin(error)
            error.location = attrs.evolve(error.location, file=self.file)
        if self.full:
            self.omitted += 1
        else:
            self.problems.append(error)

    @contextmanager
    def guard(self, *, row: int | None = None, field: str | None = None) -> Iterator[None]:
        """Run a block; a :class:`KpgovError` it raises is kept, located at ``row``/``field``
        where the error does not say better, instead of propagating."""
        try:
            yield
        except LoadError as errors:
            for problem in errors.problems:
                self.add(_located(problem, row, field))
            self.omitted += errors.omitted
        except KpgovError as error:
            self.add(_located(error, row, field))

    def raise_if_any(self) -> None:
        """Raise one :class:`LoadError` listing every problem kept, if there are any."""
        if self:
            raise LoadError(self.problems, omitted=self.omitted, file=self.file)


def _twin(error: KpgovError) -> KpgovError:
    """A copy of ``error`` that can be located apart from it (without calling ``__init__``,
    whose signature differs between the kinds of error)."""
    twin = type(error).__new__(type(error), *error.args)
    twin.__dict__.update(error.__dict__)
    return twin


def _located(error: KpgovError, row: int | None, field: str | None) -> KpgovError:
    """A copy of ``error`` located at ``row``/``field`` where it does not say better."""
    loc = error.location
    error = _twin(error)
    error.location = Location(
        loc.file,
        loc.row if loc.row is not None else row,
        loc.field if loc.field is not None else field,
    )
    return error


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
