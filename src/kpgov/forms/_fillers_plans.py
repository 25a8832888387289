"""Fillers from the performance framework (Forms BSF-2 and BM-8, BR-53) and from a project
proposal (Form BDD-4, BR-32(1), BR-36(2)), through the public APIs of :mod:`kpgov.indicators`
and :mod:`kpgov.adp`."""

from __future__ import annotations

from kpgov.adp import Project
from kpgov.forms._filled import FilledForm, FilledPart, FormRow
from kpgov.forms._model import get_form
from kpgov.indicators import PerformanceFramework
from kpgov.io import XlsxCell
from kpgov.money import ZERO
from kpgov.periods import Month

__all__ = ["fill_bdd_4", "fill_bm_8", "fill_bsf_2"]

DG = "Name of the District Government"


def _framework_header(framework: PerformanceFramework) -> list[tuple[str, str]]:
    return [("Grant No", framework.grant), ("Name of the Office", framework.office)]


def fill_bsf_2(framework: PerformanceFramework) -> FilledForm:
    """Form BSF-2 from an office's performance framework (BR-53(2), BR-58(3)): a row for each
    outcome (``1) ...``), output (``1.1) ...``) and KPI (``1.1.1) ...``), the KPIs with their
    targets and the current year's progress to date."""
    form = get_form("BSF-2")
    part = form.parts[0]
    year_end = framework.current_year.month(12)
    rows: list[FormRow] = []
    for outcome in framework.outcomes:
        rows.append({"result": f"{outcome.number}) {outcome.name}"})
        for output in outcome.outputs:
            rows.append({"result": f"{output.number}) {output.name}"})
            for kpi in output.kpis:
                rows.append(
                    {
                        "result": f"{kpi.number}) KPI",
                        "kpi": kpi.name + (f" ({kpi.unit})" if kpi.unit else ""),
                        "target_current": kpi.targets.current_year,
                        "progress": kpi.progress_to_date(year_end),
                        "target_budget": kpi.targets.budget_year,
                        "target_outer_1": kpi.targets.outer_year_1,
                        "target_outer_2": kpi.targets.outer_year_2,
                    }
                )
    return FilledForm(
        form,
        [FilledPart(part.key, part.title, part.columns, rows, (), part.unit)],
        _framework_header(framework),
        [
            f"Progress is the progress to date of the current year {framework.current_year} "
            "as reported month by month (Form BM-8)."
        ],
        f"Performance framework {framework.office} {framework.budget_year}",
        instance=framework.office,
    )


def fill_bm_8(framework: PerformanceFramework, month: Month) -> FilledForm:
    """Form BM-8 for ``month`` (BR-53(4), BR-81(2)(h)): each KPI's target for the year, the
    month's progress and the progress to date (:meth:`PerformanceFramework.bm8_rows`)."""
    form = get_form("BM-8")
    part = form.parts[0]
    by_number = {row.number: row for row in framework.bm8_rows(month)}
    rows: list[FormRow] = []
    for outcome in framework.outcomes:
        rows.append({"result": f"{outcome.number}) {outcome.name}"})
        for output in outcome.outputs:
            rows.append({"result": f"{output.number}) {output.name}"})
            for kpi in output.kpis:
                row = by_number[kpi.number]
                rows.append(
                    {
                        "result": f"{kpi.number}) KPI",
                        "kpi": row.name,
                        "target": row.target,
                        "month": row.current_month,
                        "progressive": row.to_date,
                    }
                )
    return FilledForm(
        form,
        [FilledPart(part.key, part.title, part.columns, rows, (), part.unit)],
        [*_framework_header(framework), ("Month", str(month))],
        (),
        f"Performance framework {framework.office} {framework.budget_year}, {month}",
        instance=framework.office,
    )


def fill_bdd_4(project: Project) -> FilledForm:
    """Form BDD-4, the project proposal, from ``project`` (BR-32(1), BR-36(2)): the numbered
    items kpgov holds as header fields, the beneficiaries (IV-B), the development cost by year
    (VIII-A) and the recurring cost after completion (VIII-B); the other parts stay blank."""
    form = get_form("BDD-4")
    parts = []
    for part in form.parts:
        rows: list[FormRow] = []
        totals: list[FormRow] = []
        if part.key == "IV-B":
            rows = [
                {"benefit": b.benefit, "male": b.male, "female": b.female, "total": b.total}
                for b in project.beneficiaries
            ]
        elif part.key == "VIII-A" and project.yearly_costs:
            years = project.yearly_costs
            costs: dict[str, XlsxCell] = {
                f"year_{index}": cost for index, cost in enumerate(years[:4], start=1)
            }
            costs["total"] = sum(years, ZERO)
            rows = [{"sr": "1", "item": "Development cost", **costs}]
            totals = [{"item": "Total", **costs}]
        elif part.key == "VIII-B" and project.recurring_cost:
            rows = [{"sr": "1", "object": "Recurring cost", "total": project.recurring_cost}]
            totals = [{"object": "Total", "total": project.recurring_cost}]
        parts.append(FilledPart(part.key, part.title, part.columns, rows, totals, part.unit))
    header = [
        ("1. Name of Project", project.name),
        ("2. Project Code", project.code),
        ("1. Sponsoring Agency", project.sponsoring_agency),
        ("2. Executing Agency", project.executing_agency),
        ("3. Implementing Agency after Completion", project.implementing_agency_after_completion),
        ("1. Commencement Date of Project", project.start.isoformat()),
        ("2. Completion Date of Project", project.completion.isoformat()),
        ("3. Location/Geographic Area Covered by the Project", project.location),
        ("4. Main Sector/Sub-Sector", project.sector),
        ("b. Total Cost of Project", str(project.cost)),
    ]
    remarks = []
    if len(project.yearly_costs) > 4:
        remarks.append(
            "The project's costs run beyond four years; the printed form has a column '+…' for "
            "them, and the Total covers every year."
        )
    return FilledForm(
        form,
        parts,
        [(k, v) for k, v in header if v],
        remarks,
        f"Project {project.code}",
        instance=project.code,
    )
