"""One entry point for apps and the CLI: fill any form from what is at hand, write any format."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, Final, Literal

from kpgov.adp import Project
from kpgov.budget import AnnualBudgetStatement, Ledger
from kpgov.errors import ParseError
from kpgov.forms._filled import FilledForm, blank_form
from kpgov.forms._fillers import (
    fill_abs,
    fill_bdc_1,
    fill_bdo_1,
    fill_bdr_1,
    fill_bm_2,
    fill_bm_6,
    fill_bm_13,
)
from kpgov.forms._fillers_plans import fill_bdd_4, fill_bm_8, fill_bsf_2
from kpgov.forms._model import get_form
from kpgov.forms._render import form_to_csv, form_to_json, forms_to_html, write_forms_xlsx
from kpgov.indicators import PerformanceFramework
from kpgov.periods import Month

__all__ = [
    "FILLERS",
    "FormFormat",
    "fill_form",
    "forms_markdown",
    "read_framework",
    "write_forms",
]

FormFormat = Literal["xlsx", "csv", "html", "json"]

Source = Literal["budget", "ledger", "framework", "project"]

#: What fills each form kpgov can fill: ``"budget"`` (an AnnualBudgetStatement), ``"ledger"``
#: (an appropriation ledger, and a month for BM-2 and BM-6), ``"framework"`` (an office's
#: performance framework, and a month for BM-8) or ``"project"`` (a project proposal).
FILLERS: Final[dict[str, Source]] = {
    "ABS": "budget",
    "BSF-2": "framework",
    "BDR-1": "budget",
    "BDC-1": "budget",
    "BDD-4": "project",
    "BDO-1": "budget",
    "BM-2": "ledger",
    "BM-6": "ledger",
    "BM-8": "framework",
    "BM-13": "ledger",
}


def _last_month(ledger: Ledger) -> Month:
    last = max((m.on for m in ledger.movements), default=ledger.year.start)
    return Month(last.year, last.month)


def fill_form(
    form_id: str,
    *,
    budget: AnnualBudgetStatement | None = None,
    ledger: Ledger | None = None,
    framework: PerformanceFramework | None = None,
    project: Project | None = None,
    month: Month | None = None,
    blank: bool = False,
) -> FilledForm:
    """Form ``form_id`` filled from ``budget``, ``ledger``, ``framework`` or ``project``,
    whichever it needs (see :data:`FILLERS`); BM-2 and BM-6 take ``month`` (the ledger's last
    month with movements when not given), BM-8 takes ``month`` (required). ``blank=True``
    gives the blank form. A form kpgov cannot fill, or one whose records were not given, is a
    :class:`~kpgov.errors.ParseError` saying what it needs.

    >>> fill_form("BM-11", blank=True).blank
    True
    """
    form = get_form(form_id)
    if blank:
        return blank_form(form)
    needs = FILLERS.get(form.id)
    if needs is None:
        raise ParseError(
            f"kpgov cannot fill Form {form.id} (it holds no data for it"
            + ("; its printed headings are lost in the seed text" if not form.has_headings else "")
            + "); ask for the blank form",
            field="form",
        )
    if needs == "budget":
        if budget is None:
            raise ParseError(f"Form {form.id} is filled from a budget: give one", field="budget")
        fillers: dict[str, Callable[[AnnualBudgetStatement], FilledForm]] = {
            "ABS": fill_abs,
            "BDR-1": fill_bdr_1,
            "BDC-1": fill_bdc_1,
            "BDO-1": fill_bdo_1,
        }
        return fillers[form.id](budget)
    if needs == "framework":
        if framework is None:
            raise ParseError(
                f"Form {form.id} is filled from a performance framework: give one",
                field="framework",
            )
        if form.id == "BSF-2":
            return fill_bsf_2(framework)
        if month is None:
            raise ParseError("Form BM-8 is for a month: give one", field="month")
        return fill_bm_8(framework, month)
    if needs == "project":
        if project is None:
            raise ParseError(f"Form {form.id} is filled from a project: give one", field="project")
        return fill_bdd_4(project)
    if ledger is None:
        raise ParseError(f"Form {form.id} is filled from a ledger: give one", field="ledger")
    if form.id == "BM-13":
        return fill_bm_13(ledger)
    when = month or _last_month(ledger)
    return (fill_bm_2 if form.id == "BM-2" else fill_bm_6)(ledger, when)


def read_framework(path: str | Path) -> PerformanceFramework:
    """Read an office's performance framework (Form BSF-2 data) from a JSON file, structured
    through :mod:`kpgov.convert`; bad input is a ParseError naming the file and the field."""
    from kpgov.convert import structure
    from kpgov.io import read_json

    return structure(read_json(path), PerformanceFramework, file=str(path))


def write_forms(
    forms: Sequence[FilledForm] | Iterable[FilledForm],
    format: FormFormat,
    target: str | Path | IO[bytes],
) -> None:
    """Write ``forms`` to ``target`` as one XLSX workbook, one HTML page, a JSON array, or CSV
    (the forms one after another, separated by an empty line)."""
    forms = list(forms)
    if format == "xlsx":
        write_forms_xlsx(forms, target)
        return
    if format == "html":
        text = forms_to_html(forms)
    elif format == "json":
        text = json.dumps([form_to_json(f) for f in forms], indent=1, ensure_ascii=False) + "\n"
    elif format == "csv":
        text = "\n".join(form_to_csv(f) for f in forms)
    else:
        raise ParseError(f"unknown format {format!r}: xlsx, csv, html or json", field="format")
    data = text.encode("utf-8")
    if isinstance(target, str | Path):
        Path(target).write_bytes(data)
    else:
        target.write(data)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def forms_markdown() -> str:
    """A Markdown table of the 41 forms: id, title, the rules that cite it, who prepares it,
    the state of its headings in the seed text and what fills it (the docs page is generated
    from it, never written by hand).

    >>> forms_markdown().splitlines()[2].split(" | ")[:2]
    ['| ABS', 'ANNUAL BUDGET STATEMENT']
    """
    from kpgov.forms._model import all_forms

    lines = [
        "| Form | Title | Cited by | Prepared by | Headings | Filled from |",
        "|---|---|---|---|---|---|",
    ]
    for form in all_forms():
        headings = ", ".join(sorted({part.headings for part in form.parts}))
        source = FILLERS.get(form.id)
        fills = f"a {source}" if source else "blank"
        lines.append(
            "| "
            + " | ".join(
                _cell(x)
                for x in (
                    form.id,
                    form.title,
                    ", ".join(form.cited_by) or "-",
                    form.preparer or "not stated",
                    headings,
                    fills,
                )
            )
            + " |"
        )
    return "\n".join(lines)
