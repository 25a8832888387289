"""The public Hypothesis strategies make valid values that survive the converter."""

from hypothesis import given

from kpgov.accounts import ExpenditureClassification, check_expenditure
from kpgov.adp import Project
from kpgov.budget import BudgetLine, LineKind
from kpgov.convert import structure, unstructure
from kpgov.testing import budget_lines, projects


@given(budget_lines())
def test_budget_lines_round_trip(line: BudgetLine) -> None:
    assert structure(unstructure(line), BudgetLine) == line
    assert min(line.actual, line.be_next, line.outer_2) >= 0


@given(budget_lines(kind=LineKind.DEVELOPMENT))
def test_development_lines_carry_a_project_on_a_development_sub_fund(line: BudgetLine) -> None:
    assert line.kind is LineKind.DEVELOPMENT
    assert line.project is not None
    assert line.fund is not None
    assert line.fund.development


@given(budget_lines(kind=LineKind.CURRENT) | budget_lines(kind=LineKind.DEVELOPMENT))
def test_generated_lines_break_no_structural_classification_rule(line: BudgetLine) -> None:
    classification = line.classification
    assert isinstance(classification, ExpenditureClassification)
    findings = check_expenditure(
        classification, development=line.kind is LineKind.DEVELOPMENT, charged=False
    )
    # generated codes are well formed but not in the catalogue (BR-11(1)): nothing else fires
    assert [f.rule_id for f in findings if f.rule_id != "BR-11(1)"] == []


@given(projects())
def test_projects_round_trip(project: Project) -> None:
    assert structure(unstructure(project), Project) == project
    assert project.completion >= project.start
