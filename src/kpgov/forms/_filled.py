"""A form with its rows: what the fillers return and the renderers print."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from kpgov.forms._model import Form, FormColumn, FormPart
from kpgov.io import XlsxCell

__all__ = ["FilledForm", "FilledPart", "FormRow", "blank_form"]

#: One row of a filled form: column key to value (Decimal amounts, int counts, text, dates).
FormRow = Mapping[str, XlsxCell]


def _rows(value: Iterable[FormRow]) -> tuple[FormRow, ...]:
    return tuple(dict(row) for row in value)


def _columns(value: Iterable[FormColumn]) -> tuple[FormColumn, ...]:
    return tuple(value)


@attrs.frozen
class FilledPart:
    """One part of a filled form: its columns (the printed ones, or kpgov's where the printed
    headings are lost), data rows and totals rows, kept apart."""

    key: str
    title: str | None
    columns: tuple[FormColumn, ...] = attrs.field(converter=_columns)
    rows: tuple[FormRow, ...] = attrs.field(default=(), converter=_rows)
    totals: tuple[FormRow, ...] = attrs.field(default=(), converter=_rows)
    unit: str | None = None

    def total(self, key: str, label: str = "Total") -> XlsxCell:
        """The value of column ``key`` in the totals row labelled ``label``."""
        for row in self.totals:
            if label in row.values():
                return row.get(key)
        raise KeyError(f"part {self.key} has no totals row {label!r}")


def _parts(value: Iterable[FilledPart]) -> tuple[FilledPart, ...]:
    return tuple(value)


def _pairs(value: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), str(v)) for k, v in value)


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class FilledForm:
    """A form filled from kpgov's records, or blank (``filled_from`` is None).

    ``header`` gives the header fields' values (``("Name of the District Government",
    "Abbottabad")``); ``remarks`` are kpgov's notes on how the form was filled, printed after
    the form's own notes. ``instance`` tells apart forms due once per office (the office of a
    Form BSF-1).
    """

    form: Form
    parts: tuple[FilledPart, ...] = attrs.field(converter=_parts)
    header: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    remarks: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    filled_from: str | None = None
    instance: str | None = None

    @property
    def blank(self) -> bool:
        return self.filled_from is None

    def part(self, key: str) -> FilledPart:
        for part in self.parts:
            if part.key == key:
                return part
        raise KeyError(f"Form {self.form.id} has no part {key!r}")


def _blank_part(part: FormPart) -> FilledPart:
    label = part.columns[0].key if part.columns else None
    rows = [{label: text} for text in part.row_labels] if label else []
    return FilledPart(part.key, part.title, part.columns, rows, (), part.unit)


def blank_form(form: Form, *, header: Iterable[tuple[str, str]] = ()) -> FilledForm:
    """``form`` with no data: its headings, fixed row labels, header fields and notes.

    >>> from kpgov.forms import get_form
    >>> blank = blank_form(get_form("ABS"))
    >>> blank.blank, [row["description"] for row in blank.part("1B").rows][:2]
    (True, ['Opening Balance on July 1st', 'Assets'])
    """
    remarks = []
    if not form.has_headings:
        remarks.append(
            "The column headings of this form are not in the seed text of the Budget Rules; "
            "kpgov prints its title, header fields and notes only."
        )
    return FilledForm(form, [_blank_part(p) for p in form.parts], header, remarks, None)
