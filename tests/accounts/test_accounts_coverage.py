"""Issue "Chart of Accounts that meets real budgets": BR-11(1) against partial and complete
catalogues, on the shipped example district."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from kpgov.accounts import Coverage, catalogue_from_rows, shipped_catalogue
from kpgov.budget import check_budget
from kpgov.findings import Finding, Report
from kpgov.io.accounts import merge_catalogue
from kpgov.io.budget import load_budget
from kpgov.law import Severity

EXAMPLE = Path(str(resources.files("kpgov").joinpath("data", "examples", "budget")))


def _br_11_1(report: Report) -> list[Finding]:
    return [f for f in report if f.rule_id == "BR-11(1)"]


def test_the_example_passes_br_11_1_without_its_catalogue_extension() -> None:
    report = check_budget(load_budget(EXAMPLE / "district.json"))
    (note,) = _br_11_1(report)  # one note for the whole run, not one per code or line
    assert note.severity is Severity.INFO
    assert note.actual is not None
    assert note.actual.split(", ") == sorted(note.actual.split(", "))
    assert "could not confirm" in note.message
    assert "load the official Chart of Accounts" in note.message
    assert not [f for f in report.errors if f.rule_id == "BR-11(1)"]


def test_a_complete_chart_turns_unknown_codes_back_into_errors() -> None:
    statement = load_budget(EXAMPLE / "district.json")
    (note,) = _br_11_1(check_budget(statement))
    unknown = note.actual.split(", ") if note.actual else []
    chart = catalogue_from_rows(
        [(2, {"code": "A01101", "name": "Basic Pay"})], file="ifmis.csv"
    )  # complete: the user's Chart
    merged = shipped_catalogue().merge(chart).catalogue
    assert merged.coverage is Coverage.COMPLETE
    errors = _br_11_1(check_budget(statement, catalogue=merged))
    assert {f.severity for f in errors} == {Severity.ERROR}
    assert sorted(f.actual for f in errors) == sorted(unknown)  # one error per unknown code
    assert all("not in the Chart of Accounts" in f.message for f in errors)


def test_with_the_extension_every_code_is_known() -> None:
    statement = load_budget(EXAMPLE / "district.json")
    merged = merge_catalogue(EXAMPLE / "catalogue-extension.csv").catalogue
    assert _br_11_1(check_budget(statement, catalogue=merged)) == []
