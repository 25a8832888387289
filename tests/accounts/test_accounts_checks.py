"""Classification rules: each rule with a passing and a failing case, on real codes."""

from __future__ import annotations

import pytest

from kpgov.accounts import (
    Catalogue,
    ChargedCategory,
    Coverage,
    ExpenditureClassification,
    PublicAccountClassification,
    PublicAccountKind,
    ReceiptClassification,
    catalogue_from_rows,
    check_catalogue,
    check_classification,
    check_expenditure,
    check_lump_sum,
    check_public_account,
    check_receipt,
    parse_object,
    summarise_unconfirmed,
)
from kpgov.accounts._rules import ACCOUNTS_RULES
from kpgov.errors import Location, ParseError
from kpgov.law import Severity, all_rules, get

#: A well-classified line: DDO of a district administration office, District Administration,
#: Basic Pay of officers, voted current expenditure met from revenue, grant 012.
CLEAN = ExpenditureClassification("PSH-ADM-AD01", "011105", "A01101", "DF-R-1-012")
#: A well-classified development line (Civil Works has no detailed code in the reference, so
#: Machinery & Equipment stands in).
DEVELOPMENT = ExpenditureClassification(
    "PSH-WKS-WK01", "045101", "A13101", "DF-R-2-031", "ADP-2016/041"
)


def ids(findings: list) -> list[str]:  # type: ignore[type-arg]  # any finding list
    return [f.rule_id for f in findings]


def test_every_rule_is_registered_with_its_citation() -> None:
    registered = {rule.id for rule in all_rules(package="accounts")}
    assert registered == {rule.id for rule in ACCOUNTS_RULES}
    for rule in ACCOUNTS_RULES:
        assert get(rule.id) is rule
        assert rule.severity is Severity.ERROR  # every clause says "shall"
        assert rule.citation.excerpt
    assert get("BR-11(4)(e)").citation.reference == "Budget Rules 2016, r.11(4)(e)"
    assert get("LGA-32(1)#must-charge").citation.instrument == "LGA"


def test_a_clean_line_has_no_findings() -> None:
    assert check_expenditure(CLEAN, development=False, charged=False) == []
    assert check_expenditure(DEVELOPMENT, development=True, charged=False) == []
    assert check_classification(CLEAN) == []


def test_br_11_1_against_the_partial_shipped_catalogue_notes_what_it_cannot_confirm() -> None:
    line = ExpenditureClassification("PSH-ADM-AD01", "011109", "A03970", "DF-R-1-012")
    findings = check_expenditure(line)
    assert ids(findings) == ["BR-11(1)", "BR-11(1)"]
    assert {f.severity for f in findings} == {Severity.INFO}  # not errors: the sample is partial
    assert findings[0].actual == "011109"
    assert findings[1].message == (
        "object code A03970 is well formed but not in the partial catalogue, so it could not be "
        "confirmed"
    )
    (note,) = summarise_unconfirmed(findings, subject="PSH 2025-26")
    assert note.severity is Severity.INFO
    assert note.actual == "011109, A03970"
    assert "load the official Chart of Accounts" in note.message


def test_br_11_1_against_a_complete_catalogue_an_unknown_code_is_an_error() -> None:
    line = ExpenditureClassification("PSH-ADM-AD01", "011109", "A03970", "DF-R-1-012")
    chart = catalogue_from_rows(
        [(2, {"code": "011109", "name": "Mine", "element": "function"})],
        file="ifmis.csv",
        coverage=Coverage.COMPLETE,
    )
    findings = check_expenditure(line, catalogue=chart)
    assert [(f.rule_id, f.severity, f.actual) for f in findings] == [
        ("BR-11(1)", Severity.ERROR, "A03970"),
        ("BR-11(1)", Severity.ERROR, "DF-R-1"),
    ]
    assert findings[0].message == "object code A03970 is not in the Chart of Accounts (ifmis.csv)"
    assert summarise_unconfirmed(findings, subject="x") == findings  # errors pass through


def test_br_11_1_with_a_complete_chart_the_user_loaded() -> None:
    line = ExpenditureClassification("PSH-ADM-AD01", "011109", "A03970", "DF-R-1-012")
    mine = catalogue_from_rows(
        [
            (2, {"code": "011109", "name": "Mine", "element": "function"}),
            (3, {"code": "A03970", "name": "Others"}),
            (4, {"code": "DF-R-1", "name": "Voted Current"}),
        ]
    )
    assert check_expenditure(line, catalogue=mine) == []


def test_an_empty_catalogue_is_used_as_given() -> None:
    findings = check_expenditure(CLEAN, catalogue=Catalogue(coverage=Coverage.COMPLETE))
    assert [f.actual for f in findings] == ["011105", "A01101", "DF-R-1"]
    assert {f.severity for f in findings} == {Severity.ERROR}
    partial = check_expenditure(CLEAN, catalogue=Catalogue())
    assert {f.severity for f in partial} == {Severity.INFO}


def test_br_11_1_checks_entities_only_against_a_catalogue_that_lists_them() -> None:
    entities = catalogue_from_rows(
        [(2, {"code": "PSH-ADM-AD01", "name": "DC office", "element": "entity"})]
    )
    assert check_catalogue([CLEAN.entity], catalogue=entities) == []
    other = ExpenditureClassification("PSH-ADM-AD02", "011105", "A01101", "DF-R-1-012")
    assert ids(check_catalogue([other.entity], catalogue=entities)) == ["BR-11(1)"]
    assert check_catalogue([other.entity]) == []  # the shipped catalogue lists no entities


def test_br_11_3_receipts() -> None:
    rco = "PSH-REV-RC01"
    assert ids(check_receipt(ReceiptClassification(rco, "C02"))) == ["BR-11(3)(c)"]
    assert ids(check_receipt(ReceiptClassification(rco, "A01101"))) == ["BR-11(3)(b)"]
    assert ids(check_receipt(ReceiptClassification("PSH-REV", "C02"))) == [
        "BR-11(3)(a)",
        "BR-11(3)(c)",
    ]
    detailed = catalogue_from_rows([(2, {"code": "C02301", "name": "Fees"})])
    assert check_receipt(ReceiptClassification(rco, "C02301"), catalogue=detailed) == []
    assert ReceiptClassification(rco, "B01").family.is_receipt


def test_br_11_4_a_to_c_levels_and_family() -> None:
    shallow = ExpenditureClassification("PSH-ADM", "01", "A011", "DF-R-1-012")
    findings = check_expenditure(shallow, development=False, charged=False)
    assert ids(findings) == ["BR-11(4)(a)", "BR-11(4)(b)", "BR-11(4)(c)"]
    assert findings[1].expected == "a sub-detailed function (6 digits)"
    assert findings[1].actual == "major"
    receipt_head = ExpenditureClassification("PSH-ADM-AD01", "011105", "C02", "DF-R-1-012")
    assert ids(check_expenditure(receipt_head)) == ["BR-11(4)(c)#family", "BR-11(4)(c)"]


def test_br_11_4_d_fund_down_to_the_grant() -> None:
    for fund in ("DF-R-1", "PA"):
        line = ExpenditureClassification("PSH-ADM-AD01", "011105", "A01101", fund)
        assert "BR-11(4)(d)" in ids(check_expenditure(line))


def test_br_11_4_d_development_lines_on_development_sub_funds() -> None:
    on_current = ExpenditureClassification(
        "PSH-WKS-WK01", "045101", "A13101", "DF-R-1-031", "ADP-2016/041"
    )
    findings = check_expenditure(on_current, development=True)
    assert ids(findings) == ["BR-11(4)(d)#development"]
    assert findings[0].actual == "1 Voted Current Expenditure"
    assert ids(check_expenditure(DEVELOPMENT, development=False)) == ["BR-11(4)(d)#development"]
    assert check_expenditure(DEVELOPMENT) == []  # unknown: judged by its sub-fund


def test_br_11_4_e_development_needs_a_project() -> None:
    no_project = ExpenditureClassification("PSH-WKS-WK01", "045101", "A13101", "DF-C-5-031")
    assert ids(check_expenditure(no_project, charged=True)) == ["BR-11(4)(e)"]
    assert ids(check_expenditure(CLEAN, development=True)) == [
        "BR-11(4)(d)#development",
        "BR-11(4)(e)",
    ]


def test_lga_32_1_charged_sub_funds() -> None:
    charged = ExpenditureClassification("PSH-FIN-FN01", "011105", "A01101", "DF-R-4-001")
    assert ids(check_expenditure(charged, charged=False)) == ["LGA-32(1)#charged-only"]
    assert check_expenditure(charged, charged=ChargedCategory.JUDGMENT) == []
    assert check_expenditure(charged) == []  # unknown category: not judged
    voted = check_expenditure(CLEAN, charged=ChargedCategory.DEBT_REPAYMENT)
    assert ids(voted) == ["LGA-32(1)#must-charge"]
    assert voted[0].message.startswith("LGA-32(1)(a) expenditure is on voted sub-fund 1")
    assert ids(check_expenditure(CLEAN, charged=True)) == ["LGA-32(1)#must-charge"]
    assert "auditing of accounts" in ChargedCategory.GOVERNMENT_CONTRIBUTION.description


def test_br_12_7_public_account() -> None:
    relief = PublicAccountClassification("G12145", PublicAccountKind.SPECIAL_DEPOSIT)
    assert check_public_account(relief) == []
    assert relief.nature.value == "liability"
    assert ids(check_public_account(PublicAccountClassification("G121", "trust"))) == [
        "BR-12(7)(a)"
    ]
    wrong = check_public_account(PublicAccountClassification("A01101", "Trust Account"))
    assert ids(wrong) == ["BR-12(7)(c)"]
    assert wrong[0].expected == "an asset (F), liability (G) or equity (H) object"
    with pytest.raises(ParseError, match="not a Public Account major account"):
        PublicAccountClassification("G12145", "savings")


def test_lump_sums_br_10_2_c_and_br_66_5() -> None:
    findings = check_lump_sum(
        ExpenditureClassification("PSH-ADM-AD01", "011105", "A03", "DF-R-1-012")
    )
    assert ids(findings) == ["BR-10(2)(c)#head", "BR-66(5)#head"]
    assert findings[0].actual == "major head A03"
    assert ids(check_lump_sum(parse_object("A038"))) == ["BR-10(2)(c)#head", "BR-66(5)#head"]
    assert check_lump_sum(CLEAN) == []
    assert check_lump_sum(ReceiptClassification("PSH-REV-RC01", "C02")) != []


def test_findings_carry_subject_and_location() -> None:
    where = Location("budget.csv", 14, "object")
    line = ExpenditureClassification("PSH-ADM-AD01", "011105", "A011", "DF-R-1-012")
    (finding,) = check_expenditure(line, subject="line 14", location=where)
    assert finding.subject == "line 14"
    assert finding.location == where
    assert "Budget Rules 2016, r.11(4)(c)" in finding.to_text()


def test_check_classification_dispatches_on_the_kind() -> None:
    assert ids(check_classification(ReceiptClassification("PSH-REV-RC01", "A01101"))) == [
        "BR-11(3)(b)"
    ]
    assert ids(check_classification(PublicAccountClassification("A01101", "trust"))) == [
        "BR-12(7)(c)"
    ]


def test_an_explained_lump_sum_head_breaches_br_10_2_c_but_not_br_66_5() -> None:
    """BR-66(5) bars lump sums "the details of which cannot be explained" (issue 16)."""
    explained = check_lump_sum(parse_object("A038"), explanation="details in annex 3")
    assert ids(explained) == ["BR-10(2)(c)#head"]
    blank = check_lump_sum(parse_object("A038"), explanation="  ")
    assert ids(blank) == ["BR-10(2)(c)#head", "BR-66(5)#head"]
