"""Every finding about a record read from a file names that file and its row or JSON path."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import attrs
import pytest

from kpgov.budget import Expenditure, Ledger, check_budget, check_ledger
from kpgov.cli import main
from kpgov.errors import Location, is_provenance, source_of
from kpgov.io.accounts import merge_catalogue
from kpgov.io.budget import load_budget
from kpgov.io.ledger import dump_ledger, load_ledger
from kpgov.periods import FinancialYear

EXAMPLE = Path(__file__).resolve().parents[2] / "src/kpgov/data/examples/budget"


def _example_report():  # type: ignore[no-untyped-def]
    catalogue = merge_catalogue(EXAMPLE / "catalogue-extension.csv").catalogue
    return check_budget(load_budget(EXAMPLE / "district.json"), catalogue=catalogue)


def test_records_remember_where_they_were_read() -> None:
    statement = load_budget(EXAMPLE / "district.json")
    first = statement.lines[0]
    assert source_of(first) == Location(str(EXAMPLE / "district-lines.csv"), 2)
    assert source_of(statement.demands[1]) == Location(
        str(EXAMPLE / "district.json"), field="$.demands[1]"
    )
    assert source_of(statement) == Location(str(EXAMPLE / "district.json"), field="$")
    # provenance is not part of the value
    values = {
        f.name: getattr(first, f.name) for f in attrs.fields(type(first)) if not is_provenance(f)
    }
    assert type(first)(**values) == first
    assert type(first)(**values).origin is None


def test_every_finding_of_the_example_names_its_file_and_row_or_path() -> None:
    report = _example_report()
    assert len(report) > 0
    for finding in report:
        assert finding.location is not None, finding
        assert finding.location.file is not None, finding
        assert finding.location.row is not None or finding.location.field is not None, finding


def test_a_finding_about_many_lines_lists_every_row_in_json() -> None:
    # without the example's catalogue extension, the codes the partial sample catalogue does
    # not list make one note naming every line that uses one of them
    statement = load_budget(EXAMPLE / "district.json")
    report = check_budget(statement)
    (note,) = [f for f in report if f.rule_id == "BR-11(1)"]
    assert len(note.related) > 100
    (entry,) = [d for d in report.to_dict()["findings"] if d["rule_id"] == "BR-11(1)"]
    assert len(entry["related"]) == len(note.related)  # the JSON report truncates nothing
    rows = [entry["location"]["row"], *(where["row"] for where in entry["related"])]
    assert all(row >= 2 for row in rows)
    assert "and " in note.to_text()  # the text abbreviates


def test_ledger_findings_name_the_movement_in_the_file(tmp_path: Path) -> None:
    from kpgov.budget import AppropriationHead

    head = AppropriationHead.parse("DF-R-1-012", "PSH-EDU-PR12", "A03201")
    ledger = Ledger("Example", FinancialYear(2016)).append(
        Expenditure(date(2016, 8, 31), head, 5_000)  # spending with no appropriation
    )
    path = tmp_path / "ledger.json"
    dump_ledger(ledger, path)
    loaded = load_ledger(path)
    assert source_of(loaded.movements[0]) == Location(str(path), field="$.movements[0]")
    findings = list(check_ledger(loaded))
    assert findings
    assert all(f.location == Location(str(path), field="$.movements[0]") for f in findings)


def test_kpgov_check_budget_locates_every_finding_in_csv_and_json_form(
    capsys: pytest.CaptureFixture[str],
) -> None:
    catalogue = str(EXAMPLE / "catalogue-extension.csv")
    runs = [
        ["check", "budget", "--format", "json", str(EXAMPLE / "district.json")],
        [
            "check",
            "budget",
            "--format",
            "json",
            "--catalogue",
            catalogue,
            str(EXAMPLE / "district.json"),
        ],
        [
            "check",
            "budget",
            "--format",
            "json",
            "--year",
            "2025-26",
            str(EXAMPLE / "district-lines.csv"),
        ],
    ]
    for argv in runs:
        assert main(argv) == 1
        findings = json.loads(capsys.readouterr().out)["findings"]
        assert findings
        for finding in findings:
            where = finding["location"]
            assert where is not None, finding
            assert where["file"] is not None
            assert where["row"] is not None or where["field"] is not None
    # a lines-only check reports each rule it cannot apply once, not once a line
    notes = [f for f in findings if f["severity"] == "info"]
    assert {"BR-11(4)(d)(iv)", "BR-29(4)"} <= {f["rule_id"] for f in notes}
    assert not [
        f for f in findings if f["rule_id"] == "BR-11(4)(d)(iv)" and f["severity"] != "info"
    ]
