"""Reading observation files and the ``kpgov indicators`` command."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from kpgov.cli import cmd_indicators, main
from kpgov.cli.cmd_demo import DemoContext
from kpgov.errors import ParseError, ValidationError
from kpgov.indicators import Entity, EntityKind
from kpgov.io.indicators import load_formula, load_observations
from kpgov.periods import FinancialYear, Month

CSV = """indicator,entity_kind,entity,period,value,numerator,denominator,evidence
GGS-SD-39,district,Swat,2019-07,,45,60,PCP export
GGS-SD-39,district,Mardan,2019-07,60%,,,
GGS-PA-31,district,Swat,2019-07,Yes,,,
GGS-PA-11,district,Swat,2019-20,1,,,audit report
GGS-IT-06,department,Finance Department,2019-07,4,,,
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_csv_observations(tmp_path: Path) -> None:
    path = write(tmp_path, "obs.csv", CSV.replace(",,45,60,", ",75,45,60,"))
    observations = load_observations(path)
    assert [str(o.period) for o in observations] == [
        "2019-07",
        "2019-07",
        "2019-07",
        "2019-20",
        "2019-07",
    ]
    assert observations[0].value == 75
    assert observations[2].value == 1
    assert isinstance(observations[3].period, FinancialYear)
    assert observations[4].entity == Entity(EntityKind.DEPARTMENT, "Finance Department")
    assert observations[0].entity is observations[2].entity  # shared, for faster scoring


def test_load_json_observations(tmp_path: Path) -> None:
    records = [{"indicator": "GGS-OG-18", "entity": "Swat", "period": "2019-08", "value": 3}]
    path = write(tmp_path, "obs.json", json.dumps({"observations": records}))
    [observation] = load_observations(path)
    assert observation.period == Month(2019, 8)


@pytest.mark.parametrize(
    ("line", "error", "row", "field"),
    [
        ("GGS-SD-39,district,Swat,2019-07,120,,,", ValidationError, 2, "value"),
        ("GGS-SD-39,district,Swat,July,50,,,", ParseError, 2, "period"),
        ("GGS-SD-99,district,Swat,2019-07,50,,,", ParseError, 2, "indicator"),
        ("GGS-PA-31,district,Swat,2019-07,perhaps,,,", ParseError, 2, "value"),
        ("GGS-PA-31,town,Swat,2019-07,Yes,,,", ParseError, 2, "entity_kind"),
    ],
)
def test_bad_rows_name_file_row_and_field(
    tmp_path: Path, line: str, error: type[Exception], row: int, field: str
) -> None:
    path = write(tmp_path, "bad.csv", CSV.splitlines()[0] + "\n" + line + "\n")
    with pytest.raises(error) as caught:
        load_observations(path)
    located = caught.value
    assert isinstance(located, ParseError | ValidationError)
    assert (located.file, located.row, located.field) == (str(path), row, field)


def test_user_formula_files(tmp_path: Path) -> None:
    path = write(
        tmp_path, "f.json", json.dumps({"id": "mine", "version": "2", "missing": "exclude"})
    )
    assert load_formula(path).label == "mine v2"
    bad = write(tmp_path, "bad.json", json.dumps({"id": "x", "version": "1", "weights": {}}))
    with pytest.raises(ParseError) as caught:
        load_formula(bad)
    assert caught.value.field == "$.weights"


def test_cli_lists_the_catalogue_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["indicators", "--pillar", "IT", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 34
    required = {"id", "pillar", "intervention", "source_number", "name", "measure"}
    assert required | {"timeframe", "frequency", "notes"} <= set(rows[0])
    assert [r["id"] for r in rows if r["source_number"] == "7"] == ["GGS-IT-07", "GGS-IT-07a"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv"])
def test_cli_lists_the_catalogue_in_other_formats(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["indicators", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "GGS-SD-72" in out
    if fmt == "csv":
        assert len(list(csv.DictReader(io.StringIO(out)))) == 205


def test_cli_scores_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "obs.csv", CSV)
    args = ["indicators", "score", str(path), "--month", "2019-07", "--launch", "2019-07-01"]
    code = main([*args, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1  # entities missed expected reports: binding under the SOP
    swat = next(c for c in data["scorecards"] if c["entity"] == "Swat")
    assert swat["indicators"]["GGS-SD-39"]["score"] == "75.00"
    assert data["formula"] == "kpgov-default v1"
    assert main(args) == 1
    assert "Scorecards 2019-07" in capsys.readouterr().out


def test_cli_score_reports_bad_input_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path, "obs.csv", CSV.splitlines()[0] + "\nGGS-SD-39,district,Swat,2019-07,101,,,\n"
    )
    assert (
        main(["indicators", "score", str(path), "--year", "2019-20", "--launch", "2019-07-01"]) == 2
    )
    err = capsys.readouterr().err
    assert "row 2" in err
    assert "at most 100" in err


def test_demo_section_is_short_and_labelled_synthetic(tmp_path: Path) -> None:
    out = io.StringIO()
    cmd_indicators.demo_section(DemoContext(out, date(2020, 1, 15), "memory://", tmp_path))
    text = out.getvalue()
    assert "SYNTHETIC" in text
    assert "205 indicators" in text
    assert len(text.splitlines()) < 40
    assert cmd_indicators.DEMO_ORDER == 60
