"""Fillers of the development forms whose printed headings are lost in the seed text: Form
BDD-1, the abstract of the Demands for Grants (development), from an
:class:`~kpgov.budget.AnnualBudgetStatement` (BR-61(1)-(2)), and Form BDD-3, the Annual
Development Programme, from an :class:`~kpgov.adp.AnnualDevelopmentProgramme` (BR-42,
BR-63(2)).

Their columns are kpgov's, each named in the words of the rule that says what the form holds
and marked as not printed (``printed=False``, ``basis`` the rule), as for Forms BDR-1, BDO-1
and BM-13.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from kpgov.adp import AdpEntry, AdpStatus, AnnualDevelopmentProgramme
from kpgov.budget import AnnualBudgetStatement, Column, LineKind, LineStatus
from kpgov.forms._filled import FilledForm, FilledPart, FormRow
from kpgov.forms._model import FormColumn, get_form
from kpgov.money import ZERO

__all__ = ["fill_bdd_1", "fill_bdd_3"]

DG = "Name of the District Government"

_BDD_1_ESTIMATE = "Estimate for the coming financial year"
_BDD_1_COLUMNS = (
    FormColumn("grant", "Grant No", printed=False, basis="BR-61(2)"),
    FormColumn("name", "Demand for Grant", printed=False, basis="BR-61(2)"),
    FormColumn(
        "ongoing",
        "Ongoing development projects",
        group=_BDD_1_ESTIMATE,
        kind="amount",
        printed=False,
        basis="BR-61(1)",
    ),
    FormColumn(
        "new",
        "New development projects",
        group=_BDD_1_ESTIMATE,
        kind="amount",
        printed=False,
        basis="BR-61(1)",
    ),
    FormColumn(
        "total", "Total", group=_BDD_1_ESTIMATE, kind="amount", printed=False, basis="BR-61(1)"
    ),
)


def fill_bdd_1(statement: AnnualBudgetStatement) -> FilledForm:
    """Form BDD-1, the abstract of the Demands for Grants (development), from ``statement``:
    one row per grant of the development lines, with the coming year's estimate of ongoing
    and of new development projects and their total (BR-61(1): the Demands "shall include the
    estimate of ongoing and new development projects"; BR-61(2): Forms BDD 1 to 3). Ongoing
    are the lines of existing activity, new the lines of new expenditure; the Total is
    ``statement.total(LineKind.DEVELOPMENT, Column.BE_NEXT)``."""
    form = get_form("BDD-1")
    names = {demand.grant: demand.title for demand in statement.demands}
    sums: dict[str, dict[str, Decimal]] = {}
    for line in statement.lines_of(LineKind.DEVELOPMENT):
        row = sums.setdefault(line.grant or "", {"ongoing": ZERO, "new": ZERO})
        key = "new" if line.status is LineStatus.NEW else "ongoing"
        row[key] += line.amount(Column.BE_NEXT)
    rows: list[FormRow] = [
        {
            "grant": grant or "(no grant)",
            "name": names.get(grant),
            "ongoing": amounts["ongoing"],
            "new": amounts["new"],
            "total": amounts["ongoing"] + amounts["new"],
        }
        for grant, amounts in sorted(sums.items())
    ]
    total: FormRow = {"grant": "Total", **_sum(rows, ("ongoing", "new", "total"))}
    return FilledForm(
        form,
        [FilledPart("main", None, _BDD_1_COLUMNS, rows, [total], "Rupees")],
        [(DG, statement.district), ("Budget year", str(statement.year))],
        [
            "The printed headings of Form BDD-1 are lost in the seed text; these columns are "
            "kpgov's, in the words of BR-61(1)-(2). Ongoing projects are the development lines "
            "of existing activity, new projects the lines of new expenditure."
        ],
        f"Annual Budget Statement {statement.subject}",
    )


_OUTER = "Projections for two outer years"
_BDD_3_COLUMNS = (
    FormColumn("project", "Development project", printed=False, basis="BR-63(1)"),
    FormColumn("status", "New or ongoing", printed=False, basis="BR-42(2)"),
    FormColumn("sector", "Sector", printed=False, basis="BR-42(1)"),
    FormColumn("function", "Function", printed=False, basis="BR-42(1)"),
    FormColumn("location", "Geographic location", printed=False, basis="BR-42(1)"),
    FormColumn("cost", "Cost", kind="amount", printed=False, basis="BR-44(1)"),
    FormColumn(
        "expenditure_to_date",
        "Expenditure to date",
        kind="amount",
        printed=False,
        basis="BR-44(1)",
    ),
    FormColumn(
        "allocation", "Allocation for the year", kind="amount", printed=False, basis="BR-41(3)(b)"
    ),
    FormColumn(
        "outer_1",
        "First outer year",
        group=_OUTER,
        kind="amount",
        printed=False,
        basis="BR-41(3)(b)",
    ),
    FormColumn(
        "outer_2",
        "Second outer year",
        group=_OUTER,
        kind="amount",
        printed=False,
        basis="BR-41(3)(b)",
    ),
    FormColumn("throw_forward", "Throw-forward", kind="amount", printed=False, basis="BR-44(1)"),
)
_BDD_3_AMOUNTS = (
    "cost",
    "expenditure_to_date",
    "allocation",
    "outer_1",
    "outer_2",
    "throw_forward",
)


def _adp_row(entry: AdpEntry) -> FormRow:
    project = entry.project
    cost = entry.approved_cost if entry.approved_cost is not None else project.cost
    return {
        "project": f"{entry.code} {project.name}",
        "status": entry.status.value,
        "sector": project.sector,
        "function": project.function,
        "location": project.location,
        "cost": cost,
        "expenditure_to_date": entry.expenditure_to_date,
        "allocation": entry.allocation,
        "outer_1": entry.outer_years[0],
        "outer_2": entry.outer_years[1],
        "throw_forward": entry.throw_forward,
    }


def fill_bdd_3(adp: AnnualDevelopmentProgramme) -> FilledForm:
    """Form BDD-3, the Annual Development Programme (BR-63(2)), from ``adp``: new projects,
    then ongoing ones (BR-42(2)), each classified by sector, function and geographic location
    (BR-42(1)), with the cost, the expenditure to date, the year's allocation, the projections
    for the two outer years (BR-41(3)(b)) and the throw-forward (BR-44(1)). Totals for new
    projects, ongoing projects and all; the Total allocation is ``adp.total``."""
    form = get_form("BDD-3")
    rows: list[FormRow] = []
    totals: list[FormRow] = []
    for status, label in ((AdpStatus.NEW, "new"), (AdpStatus.ONGOING, "ongoing")):
        group = [e for e in adp.entries if e.status is status]
        group.sort(key=lambda e: (e.project.sector, e.project.function, e.project.location))
        status_rows = [_adp_row(entry) for entry in group]
        rows.extend(status_rows)
        totals.append({"project": f"Total {label} projects", **_sum(status_rows, _BDD_3_AMOUNTS)})
    totals.append({"project": "Total", **_sum(rows, _BDD_3_AMOUNTS)})
    return FilledForm(
        form,
        [FilledPart("main", None, _BDD_3_COLUMNS, rows, totals, "Rupees")],
        [(DG, adp.district), ("Budget year", str(adp.year))],
        [
            "The printed headings of Form BDD-3 are lost in the seed text; these columns are "
            "kpgov's, from BR-41(3)(b), BR-42, BR-44(1) and BR-63(1) (see each column's basis). "
            "The cost is the cost the District Development Committee approved, or the "
            "proposal's cost where none is recorded; the throw-forward is what the cost leaves "
            "after the expenditure to date and the year's allocation."
        ],
        f"Annual Development Programme {adp.district} {adp.year}",
    )


def _sum(rows: Iterable[FormRow], keys: Iterable[str]) -> dict[str, Decimal]:
    sums = dict.fromkeys(keys, ZERO)
    for row in rows:
        for key in sums:
            value = row.get(key)
            if isinstance(value, Decimal):
                sums[key] += value
    return sums
