"""Who reports: entities by kind, validated against the packaged lists, with roll-ups.

The strategy reviews district administrations (the Deputy Commissioner), divisions (the
Commissioner) and departments (the Administrative Secretary); its responsibility cells also
name TMAs and attached bodies (HCC, HFA, KPITB, PMRU ...). kpgov ships the lists it checks
names against, each row with its source and confidence: ``districts.csv`` (with the division of
each district), ``divisions.csv``, ``departments.csv`` (with the short forms the strategy
uses) and ``bodies.csv``. TMAs (one per tehsil) have no shipped list; their names are taken as
given.

>>> resolve_entity("district", "Swat")
Entity(kind=<EntityKind.DISTRICT: 'district'>, name='Swat')
>>> resolve_entity("department", "Health Deptt.").name
'Health'
>>> try:
...     resolve_entity("district", "Swaat")
... except ValidationError as error:
...     print(error.message)
unknown district 'Swaat' (did you mean 'Swat' or 'Swabi'?)
>>> division_of("Swat")
'Malakand'
"""

from __future__ import annotations

import csv
import difflib
import enum
import functools
import io
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Final

import attrs

from kpgov.errors import ValidationError

__all__ = [
    "PROVINCE",
    "Entity",
    "EntityKind",
    "KnownEntity",
    "bodies",
    "departments",
    "districts",
    "division_of",
    "divisions",
    "known_entities",
    "resolve_entity",
]

_DATA: Final = "kpgov.data.indicators"

#: The province, the top of the roll-up (district -> division -> province).
PROVINCE: Final = "Khyber Pakhtunkhwa"


class EntityKind(enum.Enum):
    """Who reports: a district administration, a division, a department, a TMA or an
    attached body (a commission, authority, board or unit the strategy names)."""

    DISTRICT = "district"
    DIVISION = "division"
    DEPARTMENT = "department"
    TMA = "tma"
    BODY = "body"


def _check_name(_instance: object, _attribute: object, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("an entity needs a name")


@attrs.frozen(cache_hash=True, order=False)
class Entity:
    """A reporting entity by kind and name. Build one from user input with
    :func:`resolve_entity`, which checks the name against the packaged lists."""

    kind: EntityKind
    name: str = attrs.field(validator=_check_name)

    @classmethod
    def district(cls, name: str) -> Entity:
        return cls(EntityKind.DISTRICT, name)

    @classmethod
    def division(cls, name: str) -> Entity:
        return cls(EntityKind.DIVISION, name)

    @classmethod
    def department(cls, name: str) -> Entity:
        return cls(EntityKind.DEPARTMENT, name)

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.kind.value, self.name)

    def __str__(self) -> str:
        return f"{self.kind.value} {self.name}"


@attrs.frozen
class KnownEntity:
    """A row of a packaged list: the name, its other spellings, since when it exists, its
    division (districts), its source and how well that is confirmed."""

    entity: Entity
    aliases: tuple[str, ...] = ()
    since: int | None = None
    division: str = ""
    family: bool = False
    source: str = ""
    confidence: str = ""


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@functools.cache
def _district_rows() -> tuple[KnownEntity, ...]:
    return tuple(
        KnownEntity(
            Entity.district(row["name"]),
            since=int(row["since"]),
            division=row["division"],
            source=row["source"],
            confidence=f"{row['confidence']} (division: {row['division_confidence']})",
        )
        for row in _rows("districts.csv")
    )


def districts(year: int | None = None) -> tuple[Entity, ...]:
    """The districts of Khyber Pakhtunkhwa (packaged ``districts.csv``, with its sources),
    optionally only those that existed in calendar ``year``.

    >>> len(districts(2016)), len(districts())
    (25, 32)
    """
    return tuple(
        k.entity
        for k in _district_rows()
        if year is None or (k.since is not None and k.since <= year)
    )


@functools.cache
def divisions() -> tuple[Entity, ...]:
    """The seven divisions (``divisions.csv``; unconfirmed, see its source column).

    >>> [d.name for d in divisions()][:3]
    ['Peshawar', 'Mardan', 'Malakand']
    """
    return tuple(Entity.division(row["name"]) for row in _rows("divisions.csv"))


@functools.cache
def _department_rows() -> tuple[KnownEntity, ...]:
    return tuple(
        KnownEntity(
            Entity.department(row["name"]),
            aliases=tuple(a for a in row["aliases"].split(";") if a),
            source=row["source"],
            confidence=row["confidence"],
        )
        for row in _rows("departments.csv")
    )


def departments() -> tuple[KnownEntity, ...]:
    """The departments kpgov knows, with the short forms the strategy uses (``Health
    Deptt.``, ``E&SE``, ``C&W`` ...), each with its source and confidence."""
    return _department_rows()


@functools.cache
def bodies() -> tuple[KnownEntity, ...]:
    """The attached bodies the strategy names (HCC, HFA, KPITB, PMRU, WSSC ...). A *family*
    (WSSC) has one body per city: ``WSSC Peshawar`` is one of it."""
    return tuple(
        KnownEntity(
            Entity(EntityKind.BODY, row["code"]),
            aliases=(row["name"],) if row["name"] != row["code"] else (),
            family=row["family"] == "yes",
            source=row["source"],
            confidence=row["confidence"],
        )
        for row in _rows("bodies.csv")
    )


@functools.cache
def _names(kind: EntityKind) -> Mapping[str, str]:
    """Every accepted spelling (case-folded) of an entity of ``kind`` -> its canonical name."""
    known: tuple[KnownEntity, ...]
    if kind is EntityKind.DISTRICT:
        known = _district_rows()
    elif kind is EntityKind.DIVISION:
        known = tuple(KnownEntity(e) for e in divisions())
    elif kind is EntityKind.DEPARTMENT:
        known = _department_rows()
    elif kind is EntityKind.BODY:
        known = bodies()
    else:
        return MappingProxyType({})
    names: dict[str, str] = {}
    for item in known:
        for spelling in (item.entity.name, *item.aliases):
            names[spelling.casefold()] = item.entity.name
    return MappingProxyType(names)


@functools.cache
def _division_of() -> Mapping[str, str]:
    return MappingProxyType({k.entity.name: k.division for k in _district_rows()})


def division_of(district: str) -> str:
    """The division a district belongs to (``districts.csv``; unconfirmed)."""
    try:
        return _division_of()[district]
    except KeyError:
        raise ValidationError(f"unknown district {district!r}") from None


def known_entities(kind: EntityKind | str, *, year: int | None = None) -> tuple[Entity, ...]:
    """Every entity of ``kind`` on the packaged lists (districts that existed in ``year``),
    so that one that sent nothing is still expected. TMAs have no list: a ValidationError.

    >>> len(known_entities("division")), len(known_entities("district", year=2016))
    (7, 25)
    """
    entity_kind = _kind(kind)
    if entity_kind is EntityKind.DISTRICT:
        return districts(year)
    if entity_kind is EntityKind.DIVISION:
        return divisions()
    if entity_kind is EntityKind.DEPARTMENT:
        return tuple(k.entity for k in _department_rows())
    if entity_kind is EntityKind.BODY:
        return tuple(k.entity for k in bodies())
    raise ValidationError("kpgov ships no list of TMAs: name them in the observations")


def _kind(kind: EntityKind | str) -> EntityKind:
    if isinstance(kind, EntityKind):
        return kind
    try:
        return EntityKind(kind.strip().lower())
    except ValueError:
        choices = ", ".join(k.value for k in EntityKind)
        raise ValidationError(
            f"not an entity kind: {kind!r} (expected {choices})", field="entity_kind"
        ) from None


def resolve_entity(kind: EntityKind | str, name: str, *, year: int | None = None) -> Entity:
    """The entity of ``kind`` called ``name`` (any spelling the packaged list knows), or a
    ValidationError naming the closest known names. ``year`` also refuses a district that
    did not exist yet. TMA names are not checked (kpgov ships no list of TMAs); a body of a
    family (``WSSC Peshawar``) is accepted by its family's code."""
    entity_kind = _kind(kind)
    text = " ".join(str(name).split())
    if not text:
        raise ValidationError("an entity needs a name", field="entity")
    if entity_kind is EntityKind.TMA:
        return Entity(entity_kind, text)
    names = _names(entity_kind)
    canonical = names.get(text.casefold())
    if canonical is None and entity_kind is EntityKind.DEPARTMENT:
        for suffix in (" department", " deptt.", " deptt", " dept.", " dept"):
            if text.casefold().endswith(suffix):
                canonical = names.get(text.casefold().removesuffix(suffix).strip())
                break
    if canonical is None and entity_kind is EntityKind.BODY:
        family = next((b for b in bodies() if b.family and text.startswith(b.entity.name)), None)
        if family is not None:
            return Entity(entity_kind, text)
    if canonical is None:
        spellings = sorted(set(names.values()))
        close = difflib.get_close_matches(text, spellings, n=3, cutoff=0.6)
        if not close:
            close = sorted({names[c] for c in difflib.get_close_matches(text.casefold(), names)})
        hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
        raise ValidationError(f"unknown {entity_kind.value} {text!r}{hint}", field="entity")
    if entity_kind is EntityKind.DISTRICT and year is not None:
        since = next(k.since for k in _district_rows() if k.entity.name == canonical)
        if since is not None and since > year:
            raise ValidationError(
                f"district {canonical!r} exists only since {since}, not in {year}", field="entity"
            )
    return Entity(entity_kind, canonical)
