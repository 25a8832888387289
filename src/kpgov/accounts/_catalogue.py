"""The catalogue of known codes: names, confidence and source, lookup, hierarchy and search.

kpgov ships a catalogue (``kpgov/data/accounts/catalogue.csv``) of the codes it could source,
each marked ``C`` (confirmed in a primary or near-primary document), ``3P`` (seen only in
third-party code or news) or ``?`` (not confirmed), with the 1981 code it replaced where the
source gives one. It is not the Controller General's full Chart of Accounts, and says so: its
:attr:`Catalogue.coverage` is :attr:`Coverage.PARTIAL`, so BR-11(1) does not call a
well-formed code it lacks an error (see :func:`kpgov.accounts.check_catalogue`). Load your own
Chart (an IFMIS export, say) with :func:`catalogue_from_rows` or
:func:`kpgov.io.accounts.load_catalogue`; it is :attr:`Coverage.COMPLETE` unless you say
otherwise, and merged over the shipped one its conflicts are reported, never silently
overwritten.
"""

from __future__ import annotations

import csv
import enum
import functools
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
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
from kpgov.errors import ErrorCollector, KpgovError, NotFoundError, ParseError

__all__ = [
    "CATALOGUE_COLUMNS",
    "AnyCode",
    "Catalogue",
    "CatalogueEntry",
    "CatalogueMerge",
    "CatalogueRecord",
    "Confidence",
    "Coverage",
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
    "old_code",
    "reference",
    "note",
)

#: Where the shipped catalogue comes from, as :attr:`Catalogue.source` reports it.
SHIPPED_SOURCE: Final = (
    "kpgov's sourced sample of the Chart of Accounts: public copies of the Controller General "
    "of Accounts' Chart (object list to A0120L, the function element, the fund structure), the "
    "federal Annual Budget Statement 2026-27 and kpgov's reference facts"
)

_PARSERS: Final[Mapping[Element, Callable[[str], AnyCode]]] = {
    Element.OBJECT: parse_object,
    Element.FUNCTION: parse_function,
    Element.FUND: parse_fund,
    Element.ENTITY: parse_entity,
    Element.PROJECT: parse_project,
}


class Coverage(enum.Enum):
    """Whether a catalogue is the whole Chart of Accounts or only part of it.

    Against a *complete* catalogue a code it does not list is an error of BR-11(1); against a
    *partial* one (the shipped sample, or a list of your own marked so) such a code is only
    unconfirmed, and reported once as a note.
    """

    COMPLETE = "complete"
    PARTIAL = "partial"


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


def _mistyped_object(squeezed: str) -> bool:
    """An object code with a letter typed for a digit (``AO1101``): still read as an object
    code, so that the error can suggest the code meant."""
    heads = squeezed[1:4]
    return (
        3 <= len(squeezed) <= 6
        and squeezed[:1] in set("ABCEFGH")
        and len(heads) == 3
        and all(ch.isdigit() or ch in "OIL" for ch in heads)
        and any(ch.isdigit() for ch in heads)
    )


def _guess_elements(text: str) -> list[Element]:
    squeezed = re.sub(r"[\s\-./_]+", "", text.upper())
    if re.match(r"[A-H][0-9]", squeezed) or _mistyped_object(squeezed):
        return [Element.OBJECT]  # a family letter and digits: only an object code looks so
    if squeezed.startswith(("DF", "PA")):
        return [Element.FUND, Element.ENTITY]
    if squeezed[:1].isdigit():
        return [Element.FUNCTION, Element.ENTITY]
    return [Element.ENTITY, Element.PROJECT]


def _as_old_codes(value: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(";")
    return tuple(code.strip() for code in value if code.strip())


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
    #: The codes of the 1981 Chart this code replaced, where the source gives them.
    old_codes: tuple[str, ...] = attrs.field(default=(), converter=_as_old_codes)
    #: The authority the source cites for the code (a correction slip, "newly created").
    reference: str = ""

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
            "old_code": ";".join(self.old_codes),
            "reference": self.reference,
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
    """An immutable set of catalogue entries, one per code of each element, that knows its
    :class:`Coverage` (complete or partial), its source and the date it is as of.

    Iterating gives the entries in code order; ``code in catalogue`` and ``catalogue[code]``
    take a code or its text (read as :func:`parse_code` reads it).

    >>> cat = shipped_catalogue()
    >>> cat.coverage.value, cat.lookup("A01101").name
    ('partial', 'Basic Pay')
    >>> [str(e.code) for e in cat.children("A01")]
    ['A011', 'A012']
    >>> [str(e.code) for e in cat.search("house rent", limit=2)]
    ['A01202']
    >>> [str(e.code) for e in cat.old("02800")]  # the 1981 code of Dress Allowance
    ['A01208']
    """

    __slots__ = ("_children", "_elements", "_entries", "_old", "as_of", "coverage", "source")

    def __init__(
        self,
        entries: Iterable[CatalogueEntry] = (),
        *,
        coverage: Coverage = Coverage.PARTIAL,
        source: str = "",
        as_of: date | None = None,
    ) -> None:
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
        old: dict[str, list[CatalogueEntry]] = {}
        for entry in self._entries.values():
            ancestor = _nearest_listed_ancestor(entry.code, self._entries)
            if ancestor is not None:
                kids.setdefault(ancestor, []).append(entry)
            for old_code in entry.old_codes:
                old.setdefault(old_code, []).append(entry)
        self._children = kids
        self._old = old
        self._elements = frozenset(e.element for e in self._entries.values())
        self.coverage = Coverage(coverage)
        self.source = source
        self.as_of = as_of

    @property
    def complete(self) -> bool:
        """True when this catalogue is the whole Chart (an unknown code is then an error)."""
        return self.coverage is Coverage.COMPLETE

    def __getitem__(self, code: str | AnyCode) -> CatalogueEntry:
        return self.lookup(code)

    def __iter__(self) -> Iterator[CatalogueEntry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<Catalogue of {len(self)} codes, {self.coverage.value}>"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Catalogue)
            and self._entries == other._entries
            and self.coverage is other.coverage
        )

    __hash__ = None  # type: ignore[assignment]  # mutable-style equality; not a dict key

    def values(self) -> list[CatalogueEntry]:
        """All entries in code order (as iterating gives them)."""
        return list(self._entries.values())

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

    def old(self, old_code: str) -> list[CatalogueEntry]:
        """The entries whose 1981 code was ``old_code`` (the source's new-to-old code map)."""
        return list(self._old.get(old_code.strip(), ()))

    def lookup(self, code: str | AnyCode, element: Element | str | None = None) -> CatalogueEntry:
        """The entry for ``code``; a code not listed is a :class:`~kpgov.errors.NotFoundError`,
        text that is no code at all a :class:`~kpgov.errors.ParseError`.

        Text that is no current code but a 1981 code the catalogue maps answers with the new
        code's entry (``lookup("01101")`` is A01101); :meth:`old` says which codes it maps.
        """
        renamed = self.old(code) if isinstance(code, str) and element is None else []
        try:
            entry = self.get(code, element)
        except ParseError:
            if len(renamed) == 1:
                return renamed[0]
            raise
        if entry is None and len(renamed) == 1:
            return renamed[0]
        if entry is None and renamed:
            raise NotFoundError(
                f"{code!r} is no current code; as a 1981 code it maps to "
                + ", ".join(f"{e.element.value} {e.code}" for e in renamed)
                + ": look the one you mean up by its new code"
            )
        if entry is None:
            parsed = self._candidates(code, element)[0]
            nearest = _nearest_listed_ancestor(parsed, self._entries)
            under = (
                f"; nearest listed head: {nearest[1]} {self._entries[nearest].name}"
                if nearest
                else ""
            )
            scope = (
                "the catalogue is the complete Chart you loaded"
                if self.complete
                else "kpgov ships a partial catalogue: load the official Chart to add codes"
            )
            raise NotFoundError(
                f"{parsed.element.value} code {parsed} is not in the catalogue{under} "
                f"({len(self)} codes; {scope})"
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
        """Entries matching every word of ``text`` in their code, 1981 code, name, note or
        reference (any case), most relevant first.

        Relevance: the code itself, then a 1981 code, then a code beginning with the text;
        then names holding the words as whole words, the name starting with them, and
        confirmed entries before third-party and unconfirmed ones; ties in code order.
        """
        words = text.lower().split()
        if not words:
            return []
        wanted = None if element is None else _element(element)
        scored: list[tuple[int, int, CatalogueEntry]] = []
        for position, entry in enumerate(self._entries.values()):
            if wanted is not None and entry.element is not wanted:
                continue
            score = _relevance(entry, text.strip(), words)
            if score > 0:
                scored.append((-score, position, entry))
        scored.sort(key=lambda item: (item[0], item[1]))
        hits = [entry for _score, _position, entry in scored]
        return hits if limit is None else hits[:limit]

    def merge(
        self, overlay: Catalogue, *, prefer: Literal["overlay", "base"] = "overlay"
    ) -> CatalogueMerge:
        """Merge ``overlay`` (e.g. your IFMIS export) over this catalogue.

        Codes only in one side are kept. Where both list a code and its name differs, the
        entry of ``prefer`` is kept and a :class:`MergeConflict` records the difference
        (confidence and source always follow the entry kept). The merge is complete when
        either side is: a complete Chart with extra codes is still the whole Chart.
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
                merged[key] = attrs.evolve(
                    new,
                    name=new.name or old.name,
                    old_codes=new.old_codes or old.old_codes,
                    reference=new.reference or old.reference,
                )
        complete = self.complete or overlay.complete
        sources = [part for part in (self.source, overlay.source) if part]
        catalogue = Catalogue(
            merged.values(),
            coverage=Coverage.COMPLETE if complete else Coverage.PARTIAL,
            source=" + ".join(sources),
            as_of=overlay.as_of or self.as_of,
        )
        return CatalogueMerge(catalogue, tuple(conflicts), added)


_CONFIDENCE_RANK: Final = {
    Confidence.USER: 3,
    Confidence.CONFIRMED: 3,
    Confidence.THIRD_PARTY: 2,
    Confidence.UNCONFIRMED: 1,
}


def _relevance(entry: CatalogueEntry, text: str, words: list[str]) -> int:
    """How well ``entry`` matches: 0 for no match (some word missing), higher is better."""
    code = str(entry.code).lower()
    query = text.lower()
    squeezed = re.sub(r"[\s\-./_]+", "", query)
    name = entry.name.lower()
    haystack = " ".join(
        (code, " ".join(entry.old_codes), name, entry.note.lower(), entry.reference.lower())
    )
    if not all(word in haystack for word in words):
        return 0
    score = _CONFIDENCE_RANK[entry.confidence]
    if squeezed == code:
        score += 1000
    elif query in entry.old_codes:
        score += 800
    elif code.startswith(squeezed):
        score += 400
    name_words = re.findall(r"[a-z0-9]+", name)
    score += 20 * sum(word in name_words for word in words)
    score += 5 * sum(word in name for word in words)
    if name.startswith(query):
        score += 30
    return score


@attrs.frozen
class CatalogueRecord:
    """A catalogue as a plain record, the form a store keeps (kind ``accounts.catalogue``):
    its name (``"default"`` is the one commands use), coverage, source, date and rows (as
    :data:`CATALOGUE_COLUMNS` names them).

    >>> record = CatalogueRecord.of(shipped_catalogue(), name="shipped")
    >>> record.catalogue() == shipped_catalogue(), record.coverage.value
    (True, 'partial')
    """

    name: str
    coverage: Coverage
    source: str
    as_of: date | None
    rows: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, catalogue: Catalogue, *, name: str = "default") -> CatalogueRecord:
        """The record of ``catalogue`` under ``name``."""
        rows = tuple(
            tuple(entry.as_row()[column] for column in CATALOGUE_COLUMNS) for entry in catalogue
        )
        return cls(name, catalogue.coverage, catalogue.source, catalogue.as_of, rows)

    def catalogue(self) -> Catalogue:
        """The catalogue this record keeps (its rows re-read and re-checked)."""
        rows = (
            (number, dict(zip(CATALOGUE_COLUMNS, row, strict=True)))
            for number, row in enumerate(self.rows, start=1)
        )
        return catalogue_from_rows(
            rows,
            file=f"stored catalogue {self.name!r}",
            default_source=self.source,
            coverage=self.coverage,
            as_of=self.as_of,
        )


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
    coverage: Coverage = Coverage.COMPLETE,
    as_of: date | None = None,
    max_errors: int = 100,
) -> Catalogue:
    """Build a catalogue from ``(row number, row)`` pairs of a catalogue CSV (pure: no I/O).

    ``code`` and ``name`` are required; ``element`` is told from the code when absent;
    ``level``, ``parent`` and ``family``, when given, must agree with the code (levels may be
    written as the Chart does, ``detailed_object``, ``sub_detailed_function``);
    ``confidence`` defaults to ``user`` and ``source`` to the file name; ``old_code`` lists
    the 1981 codes a code replaced (``;`` between several). A catalogue you load is your
    Chart, so its ``coverage`` is complete unless you pass :attr:`Coverage.PARTIAL`.

    Every bad row is reported, in one :class:`~kpgov.errors.LoadError` (up to ``max_errors``).

    >>> cat = catalogue_from_rows([(2, {"code": "A03970", "name": "Others"})], file="ifmis.csv")
    >>> entry = cat.lookup("A03970")
    >>> entry.name, entry.confidence.value, entry.source, entry.level, cat.coverage.value
    ('Others', 'user', 'ifmis.csv', 'detailed', 'complete')
    """
    entries: list[CatalogueEntry] = []
    seen: dict[_Key, int] = {}
    collector = ErrorCollector(file=file, cap=max_errors)
    for row_number, row in rows:
        with collector.guard(row=row_number):
            entry = _entry_of_row(row, extra_columns, default_confidence, default_source, file)
            key = _key(entry.code)
            if key in seen:
                raise ParseError(
                    f"code {entry.code} is listed twice (first in row {seen[key]})", field="code"
                )
            seen[key] = row_number
            entries.append(entry)
    collector.raise_if_any()
    return Catalogue(
        entries,
        coverage=coverage,
        source=default_source or file or "user catalogue",
        as_of=as_of,
    )


def _entry_of_row(
    row: Mapping[str, str],
    extra_columns: Literal["error", "ignore"],
    default_confidence: Confidence,
    default_source: str | None,
    file: str | None,
) -> CatalogueEntry:
    unknown = sorted(set(row) - set(CATALOGUE_COLUMNS))
    if unknown and extra_columns == "error":
        raise ParseError(
            f"unknown column {unknown[0]!r} (a catalogue has {', '.join(CATALOGUE_COLUMNS)}; "
            "pass extra_columns='ignore' to skip others)",
            field=unknown[0],
        )
    text = _cell(row, "code")
    if not text:
        raise ParseError("the code is empty", field="code")
    try:
        element = _element(row["element"]) if _cell(row, "element") else None
    except KpgovError as exc:
        raise ParseError(exc.message, field="element") from None
    try:
        code = parse_code(text, element)
    except KpgovError as exc:
        raise ParseError(exc.message, field="code") from None
    for column, derived in (
        ("level", code.level.value),
        ("parent", "" if code.parent is None else str(code.parent)),
        ("family", "" if code.family is None else code.family.value),
    ):
        given = _cell(row, column)
        if column == "level":
            given = _level_word(given)
        if column == "parent" and _SUB_GROUP_OF.match(given) and given[:4] == derived:
            continue  # the Chart's sub-group heading (A011-1) under the minor A011
        if given and given.lower() != derived.lower() and not _same_code(given, derived, code):
            raise ParseError(
                f"{column} {given!r} disagrees with code {code} (whose {column} is "
                f"{derived or 'none'!r})",
                field=column,
            )
    confidence = default_confidence
    if _cell(row, "confidence"):
        try:
            confidence = Confidence(_cell(row, "confidence"))
        except ValueError:
            raise ParseError(
                f"confidence {row['confidence']!r} is not one of C, 3P, ?, user",
                field="confidence",
            ) from None
    return CatalogueEntry(
        code=code,
        name=_cell(row, "name"),
        confidence=confidence,
        source=_cell(row, "source") or default_source or file or "user catalogue",
        note=_cell(row, "note"),
        old_codes=_cell(row, "old_code"),
        reference=_cell(row, "reference"),
    )


#: A sub-group heading of the Chart given as a parent (``A011-1``).
_SUB_GROUP_OF: Final = re.compile(r"^[A-H][0-9]{3}-[0-9]\Z")


def _cell(row: Mapping[str, object], column: str) -> str:
    value = row.get(column)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ParseError(f"expected text, got {type(value).__name__} {value!r}", field=column)
    return value.strip()


def _level_word(given: str) -> str:
    """``detailed_object`` and ``sub_detailed_function`` (the Chart's own words) as kpgov's
    level names (``detailed``, ``sub-detailed``)."""
    word = given.strip().lower().replace("_", "-").replace(" ", "-")
    if word.endswith(("-object", "-function", "-entity", "-project")):
        return word.rsplit("-", 1)[0]
    return word


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
        rows,
        file="kpgov/data/accounts/catalogue.csv",
        default_confidence=Confidence.UNCONFIRMED,
        default_source=SHIPPED_SOURCE,
        coverage=Coverage.PARTIAL,
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
    """Entries matching every word of ``text`` (code, 1981 code, name, note), most relevant
    first (see :meth:`Catalogue.search`)."""
    return (shipped_catalogue() if catalogue is None else catalogue).search(
        text, element=element, limit=limit
    )
