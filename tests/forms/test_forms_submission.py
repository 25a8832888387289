"""The submission checks: a failing and a passing fixture for every rule they raise."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from kpgov.budget import AnnualBudgetStatement, Investment
from kpgov.forms import (
    SUBMISSION_RULES,
    Submission,
    blank_form,
    build_submission,
    check_submission,
    get_form,
)
from kpgov.io.budget import load_budget
from kpgov.law import get as get_rule

EXAMPLE = Path(__file__).resolve().parents[2] / "src/kpgov/data/examples/budget/district.json"


@pytest.fixture(scope="module")
def example() -> AnnualBudgetStatement:
    return load_budget(EXAMPLE)


@pytest.fixture(scope="module")
def complete(example: AnnualBudgetStatement) -> Submission:
    return build_submission(example)


def _ids(submission: Submission) -> list[str]:
    return sorted(f.rule_id for f in check_submission(submission))


def _without(submission: Submission, form_id: str, office: str | None = None) -> Submission:
    kept = [
        f
        for f in submission.forms
        if not (f.form.id == form_id and (office is None or f.instance == office))
    ]
    return attrs.evolve(submission, forms=kept)


def test_the_rules_are_registered_with_their_citations() -> None:
    assert [r.id for r in SUBMISSION_RULES] == [
        "BR-58(2)",
        "BR-58(3)",
        "BR-58(4)",
        "BR-26(1)(a)",
        "BR-26(1)(b)",
        "BR-27(6)(c)",
    ]
    for rule in SUBMISSION_RULES:
        assert get_rule(rule.id) is rule
        assert rule.package == "forms"


def test_a_complete_submission_passes(complete: Submission) -> None:
    assert _ids(complete) == []
    assert len(complete.offices) == 8
    assert len(complete.of("BSF-2")) == 8
    assert not complete.of("BDO-3")


def test_br_55_1_a_document_without_its_forms(complete: Submission) -> None:
    findings = list(check_submission(_without(complete, "ABS")))
    assert [f.rule_id for f in findings] == ["BR-55(1)"]
    assert "Annual Budget Statement lacks Form ABS" in findings[0].message
    adp = [f.message for f in check_submission(_without(complete, "BDD-3"))]
    assert len(adp) == 2  # the development demands and the ADP both use Form BDD-3


@pytest.mark.parametrize(
    ("form_id", "rule_id"), [("BSF-1", "BR-58(2)"), ("BSF-2", "BR-58(3)"), ("BSF-3", "BR-58(4)")]
)
def test_br_58_every_office_has_its_bsf_forms(
    complete: Submission, form_id: str, rule_id: str
) -> None:
    findings = list(check_submission(_without(complete, form_id, office="HLT")))
    assert [f.rule_id for f in findings] == [rule_id]
    assert findings[0].message == f"no Form {form_id} for the office HLT"


def test_br_26_1_a_investments_need_form_bdo_1(example: AnnualBudgetStatement) -> None:
    invested = attrs.evolve(
        example, investments=(Investment("Defence Savings Certificates", 10**6),)
    )
    submission = build_submission(invested)
    assert submission.has_investments
    assert _ids(submission) == []
    assert _ids(_without(submission, "BDO-1")) == ["BR-26(1)(a)"]
    # Without investments, BDO-1 ("if any") may be left out.
    assert _ids(_without(build_submission(attrs.evolve(example, investments=())), "BDO-1")) == []


def test_br_26_1_b_form_bdo_2(complete: Submission) -> None:
    assert _ids(_without(complete, "BDO-2")) == ["BR-26(1)(b)"]


def test_br_27_6_c_internal_forms_are_not_submitted(complete: Submission) -> None:
    submitted = attrs.evolve(
        complete,
        forms=[*complete.forms, blank_form(get_form("BDO-3")), blank_form(get_form("BDO-4"))],
    )
    findings = list(check_submission(submitted))
    assert [f.rule_id for f in findings] == ["BR-27(6)(c)", "BR-27(6)(c)"]
    assert findings[0].message == "Form BDO-3 is for internal use and was submitted"
