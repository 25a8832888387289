"""Findings of the packages whose loaders other issues own (ADP: issue 15; calendar status;
indicators: issue 18) must name the file and row or JSON path of the record they are about,
as the budget and ledger findings do (tests/provenance/test_located_findings.py). These tests
state the standard for them; until those loaders keep provenance they fail, and the issue 11
report lists them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from kpgov.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fuzz"))
from fuzz_support import adp_seed  # the fuzz suite's seeds


def _findings(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    data = json.loads(capsys.readouterr().out)
    findings: list[dict[str, object]] = data["findings"]
    return findings


def test_adp_findings_name_the_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = adp_seed(tmp_path)
    assert main(["adp", "check", str(path), "--format", "json"]) == 1
    findings = _findings(capsys)
    assert findings
    for finding in findings:
        assert finding["location"] is not None, finding["rule_id"]
        location = finding["location"]
        assert isinstance(location, dict)
        assert location["file"] == str(path)
        # an entry's finding names the entry; a finding about the whole programme, the file
        assert location["field"] == "$" or str(location["field"]).startswith("$.entries[0]")


def test_a_late_submission_names_its_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "submissions.csv"
    path.write_text(
        "deadline,entity,submitted\n"
        "BR-S2-1/2025-26,Provincial Finance Commission Secretariat,2024-11-20\n",
        encoding="utf-8",
    )
    argv = ["calendar", "2025-26", "--as-of", "2025-06-30", "--submissions", str(path)]
    main([*argv, "--format", "json"])
    late = [f for f in _findings(capsys) if f["rule_id"] == "BR-S2-1"]
    assert late
    assert late[0]["location"] == {"file": str(path), "row": 2, "field": None}
