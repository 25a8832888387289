"""The forms of the First and Third Schedules as data (BR-55(2): "The formats of the budget
documents are provided in the First Schedule").

The catalogue ships as ``kpgov/data/forms/forms.json``, transcribed from the seed text of the
Budget Rules 2016. Column headings are kept as printed, grouped headings included. Where the
extracted text lost or garbled a form's table, the part says so (``headings``) and the form
carries a data-quality note; kpgov never invents a printed heading.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import Final, Literal

import attrs

from kpgov.convert import structure
from kpgov.errors import ParseError

__all__ = [
    "CATALOGUE_SOURCE",
    "Form",
    "FormColumn",
    "FormPart",
    "HeadingState",
    "Schedule",
    "all_forms",
    "get_form",
]

ColumnKind = Literal["text", "amount", "count", "percent", "date"]
#: ``printed`` headings read cleanly; ``garbled`` ones were joined from split fragments (see
#: the form's notes); ``missing`` means the seed text has no headings for the part.
HeadingState = Literal["printed", "garbled", "missing"]
Schedule = Literal["First", "Third"]

CATALOGUE_SOURCE: Final = "kpgov/data/forms/forms.json"


def _tuple(value: Iterable[str] | str) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen
class FormColumn:
    """A column of a form: the key fillers use, the heading and the grouped headings above it
    (outermost first), and the kind of value. ``printed`` is False for a column kpgov adds
    where the printed headings are lost; ``basis`` then names the rule the column comes from.
    """

    key: str
    heading: str
    group: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    kind: ColumnKind = "text"
    printed: bool = True
    basis: str | None = None


@attrs.frozen
class FormPart:
    """One table of a form (Form ABS has six; most forms have one).

    ``rows`` describes the row structure as printed (``"grant"``, ``"function"``, ``"detail
    object"`` ...), ``row_labels`` the fixed rows a part prints, ``totals`` its totals rows.
    """

    key: str
    title: str | None
    rows: str
    columns: tuple[FormColumn, ...] = ()
    headings: HeadingState = "printed"
    row_labels: tuple[str, ...] = ()
    totals: tuple[str, ...] = ()
    unit: str | None = None


@attrs.frozen
class Form:
    """A statutory form: its id (``"BDC-1"``), printed title, the ``[See Rule ...]`` line as
    printed, the rules whose text names the form (``cited_by``), who prepares and who receives
    it (None where the rules do not say), the header fields printed above the table, the
    narrative fields (BSF-1, BDD-4), its parts, its printed notes and kpgov's data-quality notes.
    """

    id: str
    schedule: Schedule
    title: str
    see_rules: str
    cited_by: tuple[str, ...]
    preparer: str | None
    recipient: str | None
    header_fields: tuple[str, ...]
    fields: tuple[str, ...]
    parts: tuple[FormPart, ...]
    notes: tuple[str, ...]
    quality: tuple[str, ...]

    @property
    def family(self) -> str:
        """``"BDC"`` for BDC-1: the group of forms (ABS, BSF, BDR, BDC, BDD, BDO, BM, BMP)."""
        return self.id.split("-", 1)[0]

    @property
    def has_headings(self) -> bool:
        """True when at least one part has column headings in the seed text."""
        return any(part.headings != "missing" for part in self.parts)

    def part(self, key: str) -> FormPart:
        for part in self.parts:
            if part.key == key:
                return part
        raise KeyError(f"Form {self.id} has no part {key!r}")


@attrs.frozen
class _Catalogue:
    source: str
    seed: str
    forms: tuple[Form, ...]


@functools.cache
def _catalogue() -> _Catalogue:
    text = resources.files("kpgov").joinpath("data/forms/forms.json").read_text("utf-8")
    return structure(json.loads(text), _Catalogue, file=CATALOGUE_SOURCE)


def all_forms() -> tuple[Form, ...]:
    """The 41 forms of the First and Third Schedules, in the order the schedules print them.

    >>> forms = all_forms()
    >>> len(forms), forms[0].id, forms[-1].id
    (41, 'ABS', 'BMP-4')
    """
    return _catalogue().forms


def get_form(form_id: str) -> Form:
    """The form with ``form_id`` (case and spacing forgiven: ``"bdc 1"`` is BDC-1).

    >>> get_form("bm-2").title
    'MONTHLY RECONCILIATION OF CURRENT EXPENDITURE (FY20--)'
    """
    wanted = _normal(form_id)
    for form in all_forms():
        if _normal(form.id) == wanted:
            return form
    known = ", ".join(f.id for f in all_forms())
    raise ParseError(f"no form {form_id!r}; the forms are {known}", field="form")


def _normal(form_id: str) -> str:
    return "".join(ch for ch in form_id.upper() if ch.isalnum())


def iter_columns(form: Form) -> Iterator[tuple[FormPart, FormColumn]]:
    """Every (part, column) of ``form``."""
    for part in form.parts:
        for column in part.columns:
            yield part, column
