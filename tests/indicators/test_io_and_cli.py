"""Reading observation files and the ``kpgov indicators`` command."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kpgov.cli import cmd_indicators, main
from kpgov.cli.cmd_demo import DemoContext
from kpgov.errors import LoadError, ParseError, ValidationError
from kpgov.indicators import Entity, EntityKind, known_entities, unscored_reports
from kpgov.io.indicators import load_formula, load_observations
from kpgov.periods import FinancialYear, Month

CSV = """indicator,entity_kind,entity,period,value,numerator,denominator,evidence
GGS-SD-39,district,Swat,2019-07,,45,60,PCP export
GGS-SD-39,district,Mardan,2019-07,60%,,,
GGS-PA-31,district,Swat,2019-07,Yes,,,
GGS-PA-11,district,Swat,2019-20,1,,,audit report
GGS-IT-06,department,Finance Deptt.,2019-07,4,,,
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
    assert observations[4].entity == Entity(EntityKind.DEPARTMENT, "Finance")
    assert observations[1].source is not None
    assert observations[1].source.compact() == f"{path}:3"
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
        ("GGS-PA-31,town,Swat,2019-07,Yes,,,", ValidationError, 2, "entity_kind"),
    ],
)
def test_bad_rows_name_file_row_and_field(
    tmp_path: Path, line: str, error: type[Exception], row: int, field: str
) -> None:
    path = write(tmp_path, "bad.csv", CSV.splitlines()[0] + "\n" + line + "\n")
    with pytest.raises(LoadError) as caught:
        load_observations(path)
    [located] = caught.value.problems
    assert isinstance(located, error)
    assert (located.file, located.row, located.field) == (str(path), row, field)


def test_every_bad_row_is_reported_in_one_run(tmp_path: Path) -> None:
    lines = [
        "GGS-SD-39,district,Swaat,2019-08,80,,,",
        "GGS-SD-39,district,Swat,2019-08,NaN,,,",
        "GGS-OG-21,district,Swat,2019-08,3.5,,,",
        "GGS-OG-21,district,Swat,2019-08,3,,,",
        "GGS-OG-21,district,Swat,2019-08,4,,,",
        "GGS-OG-21,district,Swat,2019-09,1e999999,,,",
    ]
    path = write(tmp_path, "bad.csv", CSV.splitlines()[0] + "\n" + "\n".join(lines) + "\n")
    with pytest.raises(LoadError) as caught:
        load_observations(path)
    got = [p.location.compact().removeprefix(str(path)) for p in caught.value.problems]
    assert got == [":2: entity", ":3: value", ":4: value", ":6: period", ":7: value"]
    assert "did you mean 'Swat'" in str(caught.value)


def test_hostile_json_is_reported_not_raised(tmp_path: Path) -> None:
    records = [
        {"indicator": "GGS-OG-18", "entity": "Swat", "period": "2019-08", "value": float("nan")},
        {"indicator": "GGS-OG-18", "entity": ["Swat"], "period": "2019-09", "value": 1},
        {"indicator": "GGS-OG-18", "entity": "Swat", "period": "2019-10", "value": 10**400},
        {
            "indicator": "GGS-OG-18",
            "entity": "Swat",
            "period": "2019-11",
            "value": "1",
            "\ud800": 1,
        },
    ]
    path = write(tmp_path, "obs.json", json.dumps(records))
    with pytest.raises(LoadError) as caught:
        load_observations(path)
    fields = [p.field for p in caught.value.problems]
    assert fields == ["$[0].value", "$[1].entity", "$[2].value", "$[3].\\ud800"]


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
    sd39 = next(i for i in swat["indicators"] if i["id"] == "GGS-SD-39")
    assert sd39["score"] == 75
    assert sd39["slots"][0] == {
        "slot": "2019-07",
        "value": 75,
        "basis": "percent",
        "goal": None,
        "set_by": [],
        "score": 75,
    }
    assert len(swat["indices"]) == 9
    assert sum(i["points"] for i in swat["indicators"]) == pytest.approx(swat["overall"])
    assert len(data["scorecards"]) > 25  # every district appears, reported or not
    assert data["formula"] == "kpgov-default v2"
    assert data["roll_up"][-1]["level"] == "province"
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
    assert "obs.csv:2: value" in err
    assert "at most 100" in err


def test_cli_explain_reproduces_the_score(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "obs.csv", CSV)
    args = ["indicators", "explain", "Swat", str(path), "--month", "2019-07"]
    assert main([*args, "--launch", "2019-07-01", "--format", "json"]) == 0
    card = json.loads(capsys.readouterr().out)
    points = sum(Decimal(str(i["points"])) for i in card["indicators"])
    assert points == Decimal(str(card["overall"]))
    assert main([*args, "--launch", "2019-07-01"]) == 0
    assert "Points add up to" in capsys.readouterr().out
    assert (
        main(
            [
                "indicators",
                "explain",
                "Swaat",
                str(path),
                "--month",
                "2019-07",
                "--launch",
                "2019-07-01",
            ]
        )
        == 2
    )
    assert "did you mean 'Swat'" in capsys.readouterr().err


def test_cli_options_errors_name_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "obs.csv", CSV)
    args = ["indicators", "score", str(path), "--launch", "2019-07-01"]
    assert main([*args, "--quarter", "2019-20:Q7"]) == 2
    assert "--quarter" in capsys.readouterr().err


def test_cli_missing_and_review(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "obs.csv", CSV)
    code = main(
        [
            "indicators",
            "missing",
            str(path),
            "--launch",
            "2019-07-01",
            "--as-of",
            "2019-09-01",
            "--format",
            "json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    rules = {f["rule_id"] for f in data["findings"]}
    assert "GGS-SD-39" in rules
    assert "GGS-timeframe-immediate" in rules
    assert (
        main(
            [
                "indicators",
                "review",
                str(path),
                "--level",
                "cs",
                "--year",
                "2019-20",
                "--launch",
                "2019-07-01",
                "--format",
                "json",
            ]
        )
        == 0
    )
    reviews = json.loads(capsys.readouterr().out)
    assert [r["window"] for r in reviews][:2] == ["2019-07..2019-08", "2019-09..2019-10"]
    assert {b["entity"] for b in reviews[0]["best"]} >= {"Swat"}


def test_demo_section_is_short_and_labelled_synthetic(tmp_path: Path) -> None:
    out = io.StringIO()
    cmd_indicators.demo_section(DemoContext(out, date(2020, 1, 15), "memory://", tmp_path))
    text = out.getvalue()
    assert "SYNTHETIC" in text
    assert "205 indicators" in text
    assert len(text.splitlines()) < 40
    assert cmd_indicators.DEMO_ORDER == 60


def test_reports_not_scored_are_warnings_located_at_their_row(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "obs.csv",
        CSV.splitlines()[0]
        + "\nGGS-SD-21,department,Health Deptt.,2019-08,5,,,"
        + "\nGGS-PA-02,district,Swat,2019-08,3,,,\n",
    )
    observations = load_observations(path)
    report = unscored_reports(observations, Month(2019, 8), launch=date(2019, 7, 1))
    found = [(f.rule_id, f.location.compact() if f.location else None) for f in report]
    assert sorted(found) == [("GGS-PA-02", f"{path}:3"), ("GGS-SD-21", f"{path}:2")]
    messages = " ".join(f.message for f in report)
    assert "does not owe GGS-SD-21" in messages
    assert "falls due on 2019-10-01" in messages


def test_cli_fixed_targets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "obs.csv", CSV)
    args = ["indicators", "explain", "Mardan", str(path), "--month", "2019-07"]
    args += ["--launch", "2019-07-01", "--format", "json"]
    assert main([*args, "--target", "GGS-SD-39=80"]) == 0
    card = json.loads(capsys.readouterr().out)
    sd39 = next(i for i in card["indicators"] if i["id"] == "GGS-SD-39")
    assert (sd39["score"], sd39["slots"][0]["basis"], sd39["slots"][0]["goal"]) == (
        75,
        "target",
        80,
    )
    assert main([*args, "--target", "GGS-XX-01=3"]) == 2
    assert "--target" in capsys.readouterr().err


@pytest.mark.parametrize(
    "text",
    [
        '[{"indicator": "GGS-OG-18", "entity": "Swat", "period": "2019-08", "value": '
        + "9" * 5000
        + "}]",
        "[" * 100_000 + "]" * 100_000,
    ],
    ids=["huge-integer", "deep-nesting"],
)
def test_unusable_json_is_a_parse_error(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "obs.json", text)
    with pytest.raises(ParseError, match="not usable JSON"):
        load_observations(path)
    with pytest.raises(ParseError, match="not usable JSON"):
        load_formula(path)


@pytest.mark.parametrize("target", ["1e999999", "1e-99999", "-3"])
def test_formula_targets_are_bounded(tmp_path: Path, target: str) -> None:
    data = {"id": "x", "version": "1", "targets": {"GGS-OG-21": target}}
    with pytest.raises(ParseError) as caught:
        load_formula(write(tmp_path, "f.json", json.dumps(data)))
    assert caught.value.field == "$.targets.GGS-OG-21"


def test_cli_expects_every_known_entity_of_a_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "obs.csv", CSV)
    args = ["indicators", "score", str(path), "--month", "2019-07", "--launch", "2019-07-01"]
    assert main([*args, "--expect", "district", "--expect", "department", "--format", "csv"]) == 1
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    kinds = {r["entity_kind"] for r in rows}
    assert kinds == {"district", "department"}
    assert len(rows) == 32 + len(known_entities("department"))
    assert "Public Service Delivery Index" in rows[0]
    assert main([*args, "--expect", "tma"]) == 2
    assert "--expect" in capsys.readouterr().err
    assert main([*args, "--only-reporting", "--format", "csv"]) == 1
    assert len(capsys.readouterr().out.splitlines()) == 1 + 3  # Swat, Mardan, Finance
