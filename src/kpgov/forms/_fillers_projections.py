"""Fillers of the multi-year planning forms of the Third Schedule from kpgov's projections
(:func:`kpgov.budget.project_receipts`, :func:`kpgov.budget.project_expenditure`):
Form BMP-2 for the projections of revenue and receipts (BR-52(8)), Forms BMP-3 and BMP-4 for
the projections of current and development expenditure (BR-52(9)).

The printed headings of the three forms are lost in the seed text; the columns are kpgov's,
in the words of BR-51(4) and BR-52(5)-(6), marked as not printed (``printed=False``, ``basis``
the rule), as for Forms BDR-1, BDO-1 and BM-13.
"""

from __future__ import annotations

from collections.abc import Mapping

from kpgov.budget import Projection
from kpgov.errors import ValidationError
from kpgov.forms._filled import FilledForm, FilledPart, FormRow
from kpgov.forms._model import FormColumn, get_form
from kpgov.io import XlsxCell
from kpgov.money import ZERO

__all__ = ["fill_bmp_2", "fill_bmp_3", "fill_bmp_4"]

DG = "Name of the District Government"
_GROUP = "Projections for the medium term"
#: form -> (the rule naming the form, the rule saying how the projections are computed,
#: what the rows are)
_FORMS: Mapping[str, tuple[str, str, str]] = {
    "BMP-2": ("BR-52(8)", "BR-52(5)", "Revenue and receipts"),
    "BMP-3": ("BR-52(9)", "BR-52(6)", "Current expenditure"),
    "BMP-4": ("BR-52(9)", "BR-52(6)", "Development expenditure"),
}


def _fill(form_id: str, district: str, projections: Mapping[str, Projection]) -> FilledForm:
    names, method, what = _FORMS[form_id]
    form = get_form(form_id)
    if not projections:
        raise ValidationError(f"Form {form_id} needs at least one projection", field="projections")
    first = next(iter(projections.values()))
    for label, projection in projections.items():
        if (projection.base_year, len(projection.values)) != (first.base_year, len(first.values)):
            raise ValidationError(
                f"the projection of {label!r} starts from {projection.base_year} over "
                f"{len(projection.values)} years; the first one from {first.base_year} over "
                f"{len(first.values)}: one form covers the same years",
                field="projections",
            )
    years = first.years
    columns = [
        FormColumn("head", what, printed=False, basis=names),
        FormColumn(
            "base", f"{first.base_year} (base year)", kind="amount", printed=False, basis=method
        ),
        *(
            FormColumn(
                f"year_{n}", str(year), group=_GROUP, kind="amount", printed=False, basis="BR-51(4)"
            )
            for n, year in enumerate(years, start=1)
        ),
    ]
    rows: list[FormRow] = []
    for label, projection in projections.items():
        row: dict[str, XlsxCell] = {"head": label, "base": projection.base}
        row.update({f"year_{n}": v for n, v in enumerate(projection.values, start=1)})
        rows.append(row)
    total: dict[str, XlsxCell] = {
        "head": "Total",
        "base": sum((p.base for p in projections.values()), ZERO),
    }
    for n in range(len(years)):
        total[f"year_{n + 1}"] = sum((p.values[n] for p in projections.values()), ZERO)
    return FilledForm(
        form,
        [FilledPart("main", None, columns, rows, [total], "Rupees")],
        [(DG, district), ("Base year", str(first.base_year))],
        [
            f"The printed headings of Form {form_id} are lost in the seed text; these columns "
            f"are kpgov's: the base year and the years of the medium term (BR-51(4)), "
            f"projected as {method} says ({names} names the form)."
        ],
        f"Projections {district} from {first.base_year}",
    )


def fill_bmp_2(district: str, projections: Mapping[str, Projection]) -> FilledForm:
    """Form BMP-2, the estimates of receipts (BR-52(8)): one row per receipt head (the keys of
    ``projections``, made with :func:`kpgov.budget.project_receipts`, BR-52(5)) with its
    base-year amount and each projected year; the Total of each year is the sum of the
    projections' values."""
    return _fill("BMP-2", district, projections)


def fill_bmp_3(district: str, projections: Mapping[str, Projection]) -> FilledForm:
    """Form BMP-3, the estimates of current expenditure (BR-52(9)), from projections made
    with :func:`kpgov.budget.project_expenditure` (BR-52(6)), one row per key."""
    return _fill("BMP-3", district, projections)


def fill_bmp_4(district: str, projections: Mapping[str, Projection]) -> FilledForm:
    """Form BMP-4, the estimates of development expenditure (BR-52(9)), from projections of
    development expenditure (BR-52(6)), one row per key."""
    return _fill("BMP-4", district, projections)
