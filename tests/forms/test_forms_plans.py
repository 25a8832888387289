"""Forms BSF-2 and BM-8 from a performance framework; Form BDD-4 from a project proposal."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given

from kpgov.adp import Project
from kpgov.cli import main
from kpgov.convert import unstructure
from kpgov.errors import ParseError
from kpgov.forms import fill_bdd_4, fill_bm_8, fill_bsf_2, fill_form, read_framework
from kpgov.indicators import (
    Kpi,
    MeasureKind,
    MonthlyProgress,
    Outcome,
    Output,
    PerformanceFramework,
    Targets,
)
from kpgov.money import ZERO
from kpgov.periods import FinancialYear, Month
from kpgov.testing import projects

KPI = Kpi(
    "1.1.1",
    "Girls and boys enrolled in primary schools",
    unit="pupils",
    measure=MeasureKind.NUMBER,
    targets=Targets(Decimal(1000), Decimal(1100), Decimal(1200), Decimal(1300)),
    progress=(
        MonthlyProgress(Month(2016, 7), Decimal(400)),
        MonthlyProgress(Month(2017, 7), Decimal(300)),
        MonthlyProgress(Month(2017, 8), Decimal(250)),
    ),
)
FRAMEWORK = PerformanceFramework(
    office="District Education Officer",
    grant="12",
    budget_year=FinancialYear(2017),
    outcomes=(
        Outcome("1", "Universal primary education", (Output("1.1", "Primary schooling", (KPI,)),)),
    ),
)


def test_bsf_2_rows_are_outcome_output_kpi_with_targets() -> None:
    filled = fill_bsf_2(FRAMEWORK)
    rows = filled.parts[0].rows
    assert [row["result"] for row in rows] == [
        "1) Universal primary education",
        "1.1) Primary schooling",
        "1.1.1) KPI",
    ]
    kpi = rows[2]
    assert kpi["kpi"] == "Girls and boys enrolled in primary schools (pupils)"
    assert (kpi["target_current"], kpi["target_budget"], kpi["target_outer_2"]) == (
        1000,
        1100,
        1300,
    )
    assert kpi["progress"] == 400  # the current year 2016-17, to date
    assert dict(filled.header)["Name of the Office"] == "District Education Officer"


def test_bm_8_is_the_frameworks_bm8_rows() -> None:
    month = Month(2017, 8)
    filled = fill_bm_8(FRAMEWORK, month)
    (expected,) = FRAMEWORK.bm8_rows(month)
    kpi = filled.parts[0].rows[2]
    assert (kpi["target"], kpi["month"], kpi["progressive"]) == (
        expected.target,
        expected.current_month,
        expected.to_date,
    )
    assert (kpi["target"], kpi["month"], kpi["progressive"]) == (1100, 250, 550)
    with pytest.raises(ParseError, match="BM-8 is for a month"):
        fill_form("BM-8", framework=FRAMEWORK)


@given(projects())
def test_bdd_4_costs_total_the_projects_yearly_costs(project: Project) -> None:
    filled = fill_bdd_4(project)
    header = dict(filled.header)
    assert header["2. Project Code"] == project.code
    costs = filled.part("VIII-A")
    if project.yearly_costs:
        assert costs.total("total") == sum(project.yearly_costs, ZERO)
        assert costs.rows[0]["year_1"] == project.yearly_costs[0]
    else:
        assert costs.rows == ()
    benefits = filled.part("IV-B").rows
    assert sum(row["total"] for row in benefits) == sum(b.total for b in project.beneficiaries)  # type: ignore[misc]


def test_cli_fills_bm_8_from_a_framework_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "framework.json"
    source.write_text(json.dumps(unstructure(FRAMEWORK)))
    assert read_framework(source) == FRAMEWORK
    out = tmp_path / "bm8.json"
    args = ["forms", "fill", "BM-8", "--framework", str(source), "--month", "2017-08"]
    assert main([*args, "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data[0]["parts"][0]["rows"][2]["progressive"] == "550"
    source.write_text(json.dumps({**unstructure(FRAMEWORK), "colour": "red"}))
    assert main([*args, "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "colour" in capsys.readouterr().err
