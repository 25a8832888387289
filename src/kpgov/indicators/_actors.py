"""Who owes an indicator: its "Responsibility" cell read as typed actors.

Each comma-separated part of the cell is read as an actor: a kind of entity (every district
administration, every department ...) or one named entity (the Health department, HCC). The
cell is kept as written; a part whose reading is a judgement ("All concerned", "Concerned
Deptt.", "Education", "Drug inspector") is noted as ambiguous. An entity owes an indicator when
one of its actors matches it: by kind for a kind-wide actor, by kind *and name* for a named one,
so a department owes only the indicators that name every department or that department.

>>> from kpgov.indicators import load_catalogue
>>> sd30 = responsibility(load_catalogue()["GGS-SD-30"])
>>> sd30.text
'District Administration, Health Deptt., Drug inspector'
>>> [str(a) for a in sd30.actors]
['every district', 'department Health']
>>> sd30.ambiguous
("'Drug inspector' is an officer, not a reporting entity: read as the Health department",)
>>> owes(load_catalogue()["GGS-SD-21"], Entity.department("Health"))
False
>>> owes(load_catalogue()["GGS-SD-31"], Entity.department("Health"))
True
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Final

import attrs

from kpgov.errors import ValidationError
from kpgov.indicators._catalogue import Indicator
from kpgov.indicators._entities import Entity, EntityKind, resolve_entity

__all__ = ["Actor", "Responsibility", "owes", "parse_responsibility", "responsibility"]

_ALL: Final = tuple(EntityKind)
_REVIEWED: Final = (EntityKind.DISTRICT, EntityKind.DIVISION, EntityKind.DEPARTMENT)


@attrs.frozen(order=False)
class Actor:
    """An entity kind, and a name when only one entity of that kind is meant."""

    kind: EntityKind
    name: str | None = None

    def matches(self, entity: Entity) -> bool:
        if entity.kind is not self.kind:
            return False
        if self.name is None:
            return True
        return entity.name == self.name or entity.name.startswith(self.name + " ")

    def __str__(self) -> str:
        return f"every {self.kind.value}" if self.name is None else f"{self.kind.value} {self.name}"


@attrs.frozen
class Responsibility:
    """The responsibility cell as written, its actors, and notes on parts read by judgement.
    ``unread`` lists parts that name no entity (so nobody owes them)."""

    text: str
    actors: tuple[Actor, ...]
    ambiguous: tuple[str, ...] = ()
    unread: tuple[str, ...] = ()

    @property
    def kinds(self) -> frozenset[EntityKind]:
        return frozenset(a.kind for a in self.actors)

    def owes(self, entity: Entity) -> bool:
        return any(actor.matches(entity) for actor in self.actors)


#: Parts read as every entity of some kinds, with a note where the reading is a judgement.
_KIND_PARTS: Final[dict[str, tuple[tuple[EntityKind, ...], str]]] = {
    "all govt. entities": (_ALL, ""),
    "all concerned": (
        _REVIEWED,
        "'All concerned' names no one: read as every district, division and department "
        "(the entities the strategy reviews)",
    ),
    "district administration": ((EntityKind.DISTRICT,), ""),
    "district administratio": (
        (EntityKind.DISTRICT,),
        "'District Administratio' (last letter lost in the source) read as District Administration",
    ),
    "districts": ((EntityKind.DISTRICT,), ""),
    "divisions": ((EntityKind.DIVISION,), ""),
    "departments": ((EntityKind.DEPARTMENT,), ""),
    "all departments": ((EntityKind.DEPARTMENT,), ""),
    "concerned deptt.": (
        (EntityKind.DEPARTMENT,),
        "'Concerned Deptt.' names no department: read as every department",
    ),
    "relevant departments": (
        (EntityKind.DEPARTMENT,),
        "'relevant departments' names no department: read as every department",
    ),
    "relevant authorities": (
        (EntityKind.BODY,),
        "'Relevant authorities' names no authority: read as every attached body",
    ),
    "tma": ((EntityKind.TMA,), ""),
    "tmas": ((EntityKind.TMA,), ""),
}

#: Parts that name one entity by a spelling the packaged lists do not carry, or by judgement.
_NAMED_PARTS: Final[dict[str, tuple[EntityKind, str, str]]] = {
    "kbitb": (EntityKind.BODY, "KPITB", "'KBITB' read as KPITB (a misprint)"),
    "wsscs": (EntityKind.BODY, "WSSC", ""),
    "rts": (EntityKind.BODY, "RTS Commission", "'RTS' read as the RTS Commission"),
    "drug inspector": (
        EntityKind.DEPARTMENT,
        "Health",
        "'Drug inspector' is an officer, not a reporting entity: read as the Health department",
    ),
    "education": (
        EntityKind.DEPARTMENT,
        "Elementary & Secondary Education",
        "'Education' may mean Elementary & Secondary or Higher Education: read as both",
    ),
    "colleges": (EntityKind.DEPARTMENT, "Higher Education", "'Colleges' read as Higher Education"),
    "universities": (
        EntityKind.DEPARTMENT,
        "Higher Education",
        "'Universities' read as Higher Education",
    ),
    "schools": (
        EntityKind.DEPARTMENT,
        "Elementary & Secondary Education",
        "'Schools' read as Elementary & Secondary Education",
    ),
    "m&e": (EntityKind.DEPARTMENT, "Planning & Development", "'M&E' read as P&D's M&E"),
}

#: Extra actors a named part brings (the second department of 'Education').
_ALSO: Final[dict[str, tuple[Actor, ...]]] = {
    "education": (Actor(EntityKind.DEPARTMENT, "Higher Education"),),
}


def _part_actors(part: str) -> tuple[tuple[Actor, ...], str]:
    """The actors of one part and a note where reading it took judgement ('' if none).
    Raises ValidationError for a part that names no known entity."""
    key = part.casefold()
    if key in _KIND_PARTS:
        kinds, note = _KIND_PARTS[key]
        return tuple(Actor(kind) for kind in kinds), note
    if key in _NAMED_PARTS:
        kind, name, note = _NAMED_PARTS[key]
        return (Actor(kind, name), *_ALSO.get(key, ())), note
    for kind in (EntityKind.DEPARTMENT, EntityKind.BODY):
        try:
            return (Actor(kind, resolve_entity(kind, part).name),), ""
        except ValidationError:
            continue
    raise ValidationError(f"names no known entity: {part!r}")


def parse_responsibility(text: str) -> Responsibility:
    """Read a responsibility cell (as the strategy writes it) into actors.

    >>> [str(a) for a in parse_responsibility("C&W, TMAs, PKHA").actors]
    ['department Communication & Works', 'every tma', 'body PKHA']
    >>> parse_responsibility("-").unread
    ('-',)
    """
    actors: list[Actor] = []
    notes: list[str] = []
    unread: list[str] = []
    for raw in text.split(","):
        part = " ".join(raw.split())
        if not part:
            continue
        if part == "-":
            unread.append(part)
            continue
        try:
            found, note = _part_actors(part)
        except ValidationError:
            unread.append(part)
            continue
        actors.extend(a for a in found if a not in actors)
        if note:
            notes.append(note)
    return Responsibility(text, tuple(actors), tuple(notes), tuple(unread))


@functools.lru_cache(maxsize=512)
def responsibility(indicator: Indicator) -> Responsibility:
    """The indicator's responsibility cell, read (cached)."""
    return parse_responsibility(indicator.responsibility)


def owes(indicator: Indicator, entity: Entity, owners: Iterable[Actor] | None = None) -> bool:
    """Whether ``entity`` owes reports of ``indicator`` (``owners`` overrides the reading of
    its responsibility cell)."""
    actors = responsibility(indicator).actors if owners is None else tuple(owners)
    return any(actor.matches(entity) for actor in actors)
