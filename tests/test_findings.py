"""Findings and reports, and the stable JSON report format."""

import json

import jsonschema
import pytest

from kpgov.errors import Location, ParseError
from kpgov.findings import REPORT_SCHEMA, Finding, Report
from kpgov.law import Citation, Rule, Severity

RULE = Rule(
    "BR-66(4)",
    Citation("BR", "66(4)", "shall not be allowed to fall below 5%"),
    "Closing balance at least 5% of receipts",
    Severity.ERROR,
    "budget",
)
WARNING_RULE = Rule(
    "BR-22(1)(g)", Citation("BR", "22(1)(g)"), "No provision for vacant posts", Severity.WARNING
)

#: The documented shape of the JSON report (docs/conventions.md).
REPORT_JSON_SCHEMA = {
    "type": "object",
    "required": ["schema", "title", "ok", "counts", "findings"],
    "properties": {
        "schema": {"const": REPORT_SCHEMA},
        "ok": {"type": "boolean"},
        "counts": {
            "type": "object",
            "required": ["error", "warning", "info"],
            "additionalProperties": {"type": "integer"},
        },
        "findings": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "rule_id",
                    "severity",
                    "subject",
                    "message",
                    "expected",
                    "actual",
                    "citation",
                    "location",
                    "related",
                ],
                "properties": {"severity": {"enum": ["error", "warning", "info"]}},
            },
        },
    },
}


def _report() -> Report:
    return Report(
        [
            Finding.of(WARNING_RULE, "DDO PR4012", "provision for 3 vacant posts"),
            Finding.of(
                RULE,
                "Peshawar 2016-17",
                "closing balance below the floor",
                expected=">= 5,00,000",
                actual="1,00,000",
                location=Location("budget.json", None, "$.closing_balance"),
            ),
        ],
        title="Budget check",
    )


def test_reports_put_errors_first_and_count_them() -> None:
    report = _report()
    assert [f.rule_id for f in report] == ["BR-66(4)", "BR-22(1)(g)"]
    assert report.counts == {"error": 1, "warning": 1, "info": 0}
    assert not report.ok
    assert report.filter(severity=Severity.WARNING).ok
    assert len(report.filter(rule_id="BR-66")) == 1
    assert len(report.filter(subject="DDO PR4012")) == 1


def test_json_report_follows_the_documented_format() -> None:
    data = json.loads(_report().to_json())
    jsonschema.validate(data, REPORT_JSON_SCHEMA)
    first = data["findings"][0]
    assert first["citation"]["reference"] == "Budget Rules 2016, r.66(4)"
    assert first["location"] == {"file": "budget.json", "row": None, "field": "$.closing_balance"}


def test_text_and_markdown_renderings() -> None:
    text = _report().render("text")
    assert text.splitlines()[0] == "Budget check"
    assert "expected >= 5,00,000, actual 1,00,000" in text
    assert text.splitlines()[-2] == "1 error, 1 warning, 0 notes"
    assert "[budget.json: $.closing_balance]" in text
    assert text.endswith(
        "1 finding names no source location (its data was built in code, not read from a file)"
    )
    markdown = _report().render("markdown")
    assert "| error | `BR-66(4)` |" in markdown
    assert markdown.splitlines()[-2].endswith("| budget.json: $.closing_balance |")
    with pytest.raises(ParseError, match="unknown report format"):
        _report().render("xml")


def test_an_empty_report_is_ok() -> None:
    report = Report([])
    assert report.ok
    assert report.to_text() == "0 errors, 0 warnings, 0 notes"
    assert report.merge(_report()).counts["error"] == 1


def test_findings_validate_their_rule_id() -> None:
    with pytest.raises(ValueError, match="is not a rule id"):
        Finding("BR66", Severity.ERROR, "x", "y")


def test_a_finding_about_many_records_lists_every_location_in_json() -> None:
    places = [Location("lines.csv", row) for row in range(2, 102)]
    finding = Finding.of(
        RULE, "Peshawar 2016-17", "many lines", location=places[0], related=places[1:]
    )
    data = Report([finding]).to_dict()["findings"][0]
    assert data["location"] == {"file": "lines.csv", "row": 2, "field": None}
    assert [where["row"] for where in data["related"]] == list(range(3, 102))
    text = finding.to_text()
    assert "[lines.csv:2, lines.csv:3, lines.csv:4 and 97 more]" in text
