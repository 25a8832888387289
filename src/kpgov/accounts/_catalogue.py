"""The catalogue of known codes: names, confidence and source, lookup, hierarchy and search.

kpgov ships a small catalogue (``kpgov/data/accounts/catalogue.csv``) with every code of its
reference facts, each marked ``C`` (confirmed in a primary or near-primary document), ``3P``
(seen only in third-party code or news) or ``?`` (not confirmed). It is not the Auditor
General's full Chart of Accounts: load your own (an IFMIS export, say) with
:func:`catalogue_from_rows` or :func:`kpgov.io.accounts.load_catalogue` and merge it over the
shipped one; conflicts are reported, never silently overwritten.
"""

from __future__ import annotations

import csv
import enum
import functools
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import resources
from typing import Final, Literal, TypeAlias

import attrs

from kpgov.accounts._codes import (
    Element,
    EntityCode,
    Family,
    FunctionCode,
    FundCode,
    ObjectCode,
    ProjectCode,
    parse_entity,
    parse_function,
    parse_fund,
    parse_object,
    parse_project,
)
from kpgov.errors import KpgovError, NotFoundError, ParseError

__all__ = [
    "CATALOGUE_COLUMNS",
    "AnyCode",
    "Catalogue",
    "CatalogueEntry",
    "CatalogueMerge",
    "Confidence",
    "MergeConflict",
    "catalogue_from_rows",
    "children",
    "descendants",
    "lookup",
    "parse_code",
    "search",
    "shipped_catalogue",
]

AnyCode: TypeAlias = ObjectCode | FunctionCode | FundCode | EntityCode | ProjectCode

#: The columns of a catalogue CSV; ``code`` and ``name`` are required, the rest optional.
CATALOGUE_COLUMNS: Final = (
    "element",
    "code",
    "name",
    "level",
    "parent",
    "family",
    "confidence",
    "source",
    "note",
)

_PARSERS: Final[Mapping[Element, Callable[[str], AnyCode]]] = {
    Element.OBJECT: parse_object,
    Element.FUNCTION: parse_function,
    Element.FUND: parse_fund,
    Element.ENTITY: parse_entity,
    Element.PROJECT: parse_project,
}


class Confidence(enum.Enum):
    """How well a catalogue entry is confirmed (the marks of kpgov's reference facts)."""

    CONFIRMED = "C"
    THIRD_PARTY = "3P"
    UNCONFIRMED = "?"
    USER = "user"

    @property
    def description(self) -> str:
        return {
            "C": "confirmed in a primary or near-primary document",
            "3P": "seen only in third-party code or news",
            "?": "not confirmed",
            "user": "from the user's own catalogue",
        }[self.value]


def parse_code(text: str | AnyCode, element: Element | str | None = None) -> AnyCode:
    """Read a code of ``element``; without one, the element is told from the text's shape
    (a family letter: object; digits: function; ``DF``/``PA``: fund; hyphenated parts: entity).

    >>> parse_code("a-01101"), parse_code("011101"), parse_code("DF-R-1")
    (ObjectCode('A01101'), FunctionCode('011101'), FundCode('DF-R-1'))
    >>> parse_code("ADP-041", "project")
    ProjectCode('ADP-041')
    """
    if not isinstance(text, str):
        return text
    if element is not None:
        return _PARSERS[_element(element)](text)
    for candidate in _guess_elements(text):
        try:
            return _PARSERS[candidate](text)
        except ParseError:
            continue
    # Not a recognisable code of any element: report it as the likeliest element would.
    return _PARSERS[_guess_elements(text)[0]](text)


def _element(value: Element | str) -> Element:
    if isinstance(value, Element):
        return value
    try:
        return Element(value.strip().lower())
    except ValueError:
        names = ", ".join(e.value for e in Element)
        raise ParseError(f"{value!r} is not an element; expected one of {names}") from None


def _guess_elements(text: str) -> list[Element]:
    squeezed = re.sub(r"[\s\-./_]+", "", text.upper())
    if re.match(r"[A-H][0-9]", squeezed):
        return [Element.OBJECT]  # a family letter and digits: only an object code looks so
    if squeezed.startswith(("DF", "PA")):
        return [Element.FUND, Element.ENTITY]
    if squeezed[:1].isdigit():
        return [Element.FUNCTION, Element.ENTITY]
    return [Element.ENTITY, Element.PROJECT]


@attrs.frozen
class CatalogueEntry:
    """A known code with its name, how well it is confirmed and where it comes from.

    ``level``, ``parent`` and ``family`` are derived from the code itself, so they can never
    disagree with it.
    """

    code: AnyCode
    name: str
    confidence: Confidence
    source: str
    note: str = ""

    @property
    def element(self) -> Element:
        return self.code.element

    @property
    def level(self) -> str:
        level: str = self.code.level.value
        return level

    @property
    def parent(self) -> AnyCode | None:
        return self.code.parent

    @property
    def family(self) -> Family | None:
        return self.code.family

    @property
    def official(self) -> bool:
        """True only for entries confirmed in a primary document (``C``) or the user's own."""
        return self.confidence in (Confidence.CONFIRMED, Confidence.USER)

    def describe(self) -> str:
        """One line: code, name, level, confidence and source."""
        name = self.name or "(no name recorded)"
        return f"{self.code}  {name}  [{self.element.value} {self.level}; {self.confidence.value}]"

    def as_row(self) -> dict[str, str]:
        """The entry as a catalogue CSV row."""
        return {
            "element": self.element.value,
            "code": str(self.code),
            "name": self.name,
            "level": self.level,
            "parent": "" if self.parent is None else str(self.parent),
            "family": "" if self.family is None else self.family.value,
            "confidence": self.confidence.value,
            "source": self.source,
            "note": self.note,
        }


_Key: TypeAlias = tuple[Element, str]


def _key(code: AnyCode) -> _Key:
    return (code.element, str(code))


@attrs.frozen
class MergeConflict:
    """A code whose entries disagree between two catalogues, and what was kept."""

    code: AnyCode
    field: str
    base: str
    overlay: str
    kept: Literal["base", "overlay"]

    def __str__(self) -> str:
        return (
            f"{self.code.element.value} {self.code}: {self.field} differs "
            f"(shipped {self.base!r}, yours {self.overlay!r}); kept {self.kept}"
        )


@attrs.frozen
class CatalogueMerge:
    """The result of :meth:`Catalogue.merge`: the merged catalogue and every conflict."""

    catalogue: Catalogue
    conflicts: tuple[MergeConflict, ...]
    added: int

    @property
    def ok(self) -> bool:
        return not self.conflicts


class Catalogue:
    """An immutable set of catalogue entries, one per code of each element.

    Iterating gives the entries in code order; ``code in catalogue`` and ``catalogue[code]``
    take a code or its text (read as :func:`parse_code` reads it).

    >>> cat = shipped_catalogue()
    >>> cat.lookup("A01101").name
    'Basic Pay (officers)'
    >>> [str(e.code) for e in cat.children("A01")]
    ['A011', 'A012']
    >>> [e.name for e in cat.search("allowance", limit=2)]
    ['Allowances', 'Senior Post Allowance']
    """

    __slots__ = ("_children", "_elements", "_entries")

    def __init__(self, entries: Iterable[CatalogueEntry] = ()) -> None:
        table: dict[_Key, CatalogueEntry] = {}
        for entry in entries:
            key = _key(entry.code)
            if key in table and table[key] != entry:
                raise ParseError(
                    f"{entry.element.value} code {entry.code} appears twice with different "
                    "entries; merge catalogues with Catalogue.merge to see the conflicts"
                )
            table[key] = entry
        self._entries: dict[_Key, CatalogueEntry] = dict(
            sorted(table.items(), key=lambda item: (item[0][0].value, item[0][1]))
        )
        kids: dict[_Key, list[CatalogueEntry]] = {}
        for entry in self._entries.values():
            ancestor = _nearest_listed_ancestor(entry.code, self._entries)
            if ancestor is not None:
                kids.setdefault(ancestor, []).append(entry)
        self._children = kids
        self._elements = frozenset(e.element for e in self._entries.values())

    def __getitem__(self, code: str | AnyCode) -> CatalogueEntry:
        return self.lookup(code)

    def __iter__(self) -> Iterator[CatalogueEntry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<Catalogue of {len(self)} codes>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Catalogue) and self._entries == other._entries

    __hash__ = None  # type: ignore[assignment]  # mutable-style equality; not a dict key

    def entries(self, element: Element | str | None = None) -> list[CatalogueEntry]:
        """All entries (of one element), in code order."""
        wanted = None if element is None else _element(element)
        return [e for e in self._entries.values() if wanted is None or e.element is wanted]

    def elements(self) -> frozenset[Element]:
        """The elements this catalogue has any entries for."""
        return self._elements

    def get(
        self, code: str | AnyCode, element: Element | str | None = None
    ) -> CatalogueEntry | None:
        """The entry for ``code`` or None; text is read as :func:`parse_code` reads it."""
        for candidate in self._candidates(code, element):
            entry = self._entries.get(_key(candidate))
            if entry is not None:
                return entry
        return None

    def lookup(self, code: str | AnyCode, element: Element | str | None = None) -> CatalogueEntry:
        """The entry for ``code``; a code not listed is a :class:`~kpgov.errors.NotFoundError`,
        text that is no code at all a :class:`~kpgov.errors.ParseError`."""
        entry = self.get(code, element)
        if entry is None:
            parsed = self._candidates(code, element)[0]
            nearest = _nearest_listed_ancestor(parsed, self._entries)
            under = (
                f"; nearest listed head: {nearest[1]} {self._entries[nearest].name}"
                if nearest
                else ""
            )
            raise NotFoundError(
                f"{parsed.element.value} code {parsed} is not in the catalogue{under} "
                f"({len(self)} codes; kpgov ships a partial catalogue, load your own to add codes)"
            )
        return entry

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str | ObjectCode | FunctionCode | FundCode | EntityCode | ProjectCode):
            try:
                return self.get(item) is not None
            except ParseError:
                return False
        return False

    def _candidates(self, code: str | AnyCode, element: Element | str | None) -> list[AnyCode]:
        if not isinstance(code, str) or element is not None:
            return [parse_code(code, element)]
        found: list[AnyCode] = []
        for candidate in _guess_elements(code):
            try:
                found.append(_PARSERS[candidate](code))
            except ParseError:
                continue
        return found or [parse_code(code)]

    def children(
        self, code: str | AnyCode, element: Element | str | None = None
    ) -> list[CatalogueEntry]:
        """Listed codes directly under ``code`` (the nearest listed level below it)."""
        parsed = self._candidates(code, element)[0]
        return list(self._children.get(_key(parsed), ()))

    def descendants(
        self, code: str | AnyCode, element: Element | str | None = None
    ) -> list[CatalogueEntry]:
        """Every listed code under ``code``, in code order."""
        parsed = self._candidates(code, element)[0]
        return [
            e
            for e in self._entries.values()
            if e.element is parsed.element and e.code != parsed and e.code.within(parsed)
        ]

    def search(
        self, text: str, *, element: Element | str | None = None, limit: int | None = None
    ) -> list[CatalogueEntry]:
        """Entries whose code, name or note contains every word of ``text`` (any case)."""
        words = text.lower().split()
        wanted = None if element is None else _element(element)
        hits: list[CatalogueEntry] = []
        for entry in self._entries.values():
            if limit is not None and len(hits) >= limit:
                break
            if wanted is not None and entry.element is not wanted:
                continue
            haystack = f"{entry.code} {entry.name} {entry.note}".lower()
            if all(word in haystack for word in words):
                hits.append(entry)
        return hits

    def merge(
        self, overlay: Catalogue, *, prefer: Literal["overlay", "base"] = "overlay"
    ) -> CatalogueMerge:
        """Merge ``overlay`` (e.g. your IFMIS export) over this catalogue.

        Codes only in one side are kept. Where both list a code and its name differs, the
        entry of ``prefer`` is kept and a :class:`MergeConflict` records the difference
        (confidence and source always follow the entry kept).
        """
        merged = dict(self._entries)
        conflicts: list[MergeConflict] = []
        added = 0
        for key, new in overlay._entries.items():
            old = merged.get(key)
            if old is None:
                merged[key] = new
                added += 1
                continue
            if _norm(old.name) != _norm(new.name) and old.name and new.name:
                conflicts.append(MergeConflict(new.code, "name", old.name, new.name, prefer))
                merged[key] = new if prefer == "overlay" else old
            elif prefer == "overlay":
                # Same meaning: keep the overlay's record, and the shipped name if it has none.
                merged[key] = new if new.name else attrs.evolve(new, name=old.name)
        return CatalogueMerge(Catalogue(merged.values()), tuple(conflicts), added)


def _norm(name: str) -> str:
    return " ".join(name.lower().replace("&", "and").split())


def _nearest_listed_ancestor(code: AnyCode, entries: Mapping[_Key, CatalogueEntry]) -> _Key | None:
    for ancestor in code.ancestors:
        key = _key(ancestor)
        if key in entries:
            return key
    return None


def catalogue_from_rows(
    rows: Iterable[tuple[int, Mapping[str, str]]],
    *,
    file: str | None = None,
    default_confidence: Confidence = Confidence.USER,
    default_source: str | None = None,
    extra_columns: Literal["error", "ignore"] = "error",
) -> Catalogue:
    """Build a catalogue from ``(row number, row)`` pairs of a catalogue CSV (pure: no I/O).

    ``code`` and ``name`` are required; ``element`` is told from the code when absent;
    ``level``, ``parent`` and ``family``, when given, must agree with the code;
    ``confidence`` defaults to ``user`` and ``source`` to the file name.

    >>> cat = catalogue_from_rows([(2, {"code": "A03970", "name": "Others"})], file="ifmis.csv")
    >>> entry = cat.lookup("A03970")
    >>> entry.name, entry.confidence.value, entry.source, entry.level
    ('Others', 'user', 'ifmis.csv', 'detailed')
    """
    entries: list[CatalogueEntry] = []
    seen: dict[_Key, int] = {}
    for row_number, row in rows:

        def bad(message: str, field: str | None = None, row_number: int = row_number) -> ParseError:
            return ParseError(message, file=file, row=row_number, field=field)

        unknown = sorted(set(row) - set(CATALOGUE_COLUMNS))
        if unknown and extra_columns == "error":
            raise bad(
                f"unknown column {unknown[0]!r} (a catalogue has {', '.join(CATALOGUE_COLUMNS)}; "
                "pass extra_columns='ignore' to skip others)",
                unknown[0],
            )
        text = (row.get("code") or "").strip()
        if not text:
            raise bad("the code is empty", "code")
        try:
            element = _element(row["element"]) if row.get("element") else None
            code = parse_code(text, element)
        except KpgovError as exc:
            raise bad(exc.message, "code" if "element" not in exc.message else "element") from None
        key = _key(code)
        if key in seen:
            raise bad(f"code {code} is listed twice (first in row {seen[key]})", "code")
        seen[key] = row_number
        for column, derived in (
            ("level", code.level.value),
            ("parent", "" if code.parent is None else str(code.parent)),
            ("family", "" if code.family is None else code.family.value),
        ):
            given = (row.get(column) or "").strip()
            if given and given.lower() != derived.lower() and not _same_code(given, derived, code):
                raise bad(
                    f"{column} {given!r} disagrees with code {code} (whose {column} is "
                    f"{derived or 'none'!r})",
                    column,
                )
        confidence = default_confidence
        if row.get("confidence"):
            try:
                confidence = Confidence(row["confidence"].strip())
            except ValueError:
                raise bad(
                    f"confidence {row['confidence']!r} is not one of C, 3P, ?, user", "confidence"
                ) from None
        source = (row.get("source") or "").strip() or default_source or file or "user catalogue"
        entries.append(
            CatalogueEntry(
                code=code,
                name=(row.get("name") or "").strip(),
                confidence=confidence,
                source=source,
                note=(row.get("note") or "").strip(),
            )
        )
    return Catalogue(entries)


def _same_code(given: str, derived: str, code: AnyCode) -> bool:
    if not derived:
        return False
    try:
        return str(parse_code(given, code.element)) == derived
    except ParseError:
        return False


@functools.cache
def shipped_catalogue() -> Catalogue:
    """The catalogue kpgov ships (read once from its package data)."""
    data = resources.files("kpgov").joinpath("data", "accounts", "catalogue.csv")
    text = data.read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    rows = ((reader.line_num, row) for row in reader)
    return catalogue_from_rows(
        rows, file="kpgov/data/accounts/catalogue.csv", default_confidence=Confidence.UNCONFIRMED
    )


def lookup(
    code: str | AnyCode,
    element: Element | str | None = None,
    *,
    catalogue: Catalogue | None = None,
) -> CatalogueEntry:
    """The catalogue entry for ``code`` (in the shipped catalogue unless one is given).

    >>> entry = lookup("a-01202")
    >>> entry.name, entry.confidence.value, entry.level
    ('House Rent Allowance', 'C', 'detailed')
    """
    return (shipped_catalogue() if catalogue is None else catalogue).lookup(code, element)


def children(
    code: str | AnyCode, element: Element | str | None = None, *, catalogue: Catalogue | None = None
) -> list[CatalogueEntry]:
    """Listed codes directly under ``code`` (shipped catalogue unless one is given)."""
    return (shipped_catalogue() if catalogue is None else catalogue).children(code, element)


def descendants(
    code: str | AnyCode, element: Element | str | None = None, *, catalogue: Catalogue | None = None
) -> list[CatalogueEntry]:
    """Every listed code under ``code`` (shipped catalogue unless one is given)."""
    return (shipped_catalogue() if catalogue is None else catalogue).descendants(code, element)


def search(
    text: str,
    *,
    element: Element | str | None = None,
    limit: int | None = None,
    catalogue: Catalogue | None = None,
) -> list[CatalogueEntry]:
    """Entries whose code, name or note contains every word of ``text``."""
    return (shipped_catalogue() if catalogue is None else catalogue).search(
        text, element=element, limit=limit
    )
