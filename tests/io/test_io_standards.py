"""The exports validate against the official schemas: the Fiscal Data Package schema for a
budget and its ledger, and the OC4IDS 0.9.5 project package schema (with kpgov's history
extension applied) for project histories."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from kpgov.adp import Role, Stage, to_oc4ids
from kpgov.budget import schedule_of_authorized_expenditure
from kpgov.io.adp import oc4ids_json
from kpgov.io.budget import load_budget
from kpgov.io.fdp import FDP_COLUMNS, fiscal_data_package, write_fiscal_data_package
from kpgov.io.oc4ids import (
    HISTORY_SCHEMA_PATCH,
    apply_merge_patch,
    declare_extension,
    write_history_extension,
)

sys.path.insert(0, str(Path(__file__).parents[1] / "adp"))  # the ADP tests' project walker
from adp_support import actor, walk  # found through the path above

STANDARDS = Path(__file__).parents[2] / ".." / "shared" / "reference" / "standards"
EXAMPLE = Path(__file__).parents[2] / "src" / "kpgov" / "data" / "examples" / "budget"


def _standard(name: str) -> Any:
    path = STANDARDS / name
    if not path.exists():  # pragma: no cover - the shared reference folder is part of CI
        pytest.skip(f"{name} is not available")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def statement():
    return load_budget(EXAMPLE / "district.json")


# ------------------------------------------------------------------ Fiscal Data Package


def _fdp_validator() -> jsonschema.Draft4Validator:
    schema = _standard("fdp_fiscal_data_package_schema.json")
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def test_budget_and_ledger_export_validates_against_the_fdp_schema(statement):
    files = fiscal_data_package(statement, ledger=schedule_of_authorized_expenditure(statement))
    descriptor = json.loads(files["datapackage.json"])
    errors = sorted(_fdp_validator().iter_errors(descriptor), key=str)
    assert errors == []
    model = descriptor["model"]
    assert {m["phase"] for m in model["measures"].values()} == {
        "proposed",
        "approved",
        "adjusted",
        "executed",
    }
    assert {m["direction"] for m in model["measures"].values()} == {"revenue", "expenditure"}
    kinds = {d.get("classificationType") for d in model["dimensions"].values()}
    assert {"administrative", "functional", "economic"} <= kinds


def test_the_fdp_validator_refuses_a_wrong_phase(statement):
    descriptor = json.loads(fiscal_data_package(statement)["datapackage.json"])
    descriptor["model"]["measures"]["expenditure_executed"]["phase"] = "spent"
    assert list(_fdp_validator().iter_errors(descriptor))


def test_fdp_csv_matches_its_table_schema_and_keeps_every_amount(statement):
    files = fiscal_data_package(statement)
    descriptor = json.loads(files["datapackage.json"])
    fields = descriptor["resources"][0]["schema"]["fields"]
    assert [f["name"] for f in fields] == list(FDP_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(files["budget.csv"])))
    numbers = [f["name"] for f in fields if f["type"] == "number"]
    for row in rows:
        for name in numbers:
            if row[name]:
                Decimal(row[name])  # every number cell is a plain decimal number
    # the budget year's estimates add up to the Financial Abstract's totals
    year = str(statement.year)
    phase = "approved" if statement.approval is not None else "proposed"
    spent = sum(Decimal(r[f"expenditure_{phase}"] or 0) for r in rows if r["fiscal_year"] == year)
    fund = statement.abstract().fund(statement.abstract().district_fund[-1].column)
    assert spent == fund.total_expenditure
    received = sum(Decimal(r[f"revenue_{phase}"] or 0) for r in rows if r["fiscal_year"] == year)
    assert received == fund.receipts


def test_ledger_rows_carry_the_executed_phase(statement):
    ledger = schedule_of_authorized_expenditure(statement)
    rows = list(
        csv.DictReader(io.StringIO(fiscal_data_package(statement, ledger=ledger)["budget.csv"]))
    )
    ledger_rows = [r for r in rows if r["document"] == "ledger"]
    assert len(ledger_rows) == len(ledger.position().heads)
    total = sum(Decimal(r["expenditure_adjusted"]) for r in ledger_rows)
    assert total == ledger.position().final_grant


def test_write_fiscal_data_package(tmp_path, statement):
    path = write_fiscal_data_package(statement, tmp_path / "fdp")
    assert path.name == "datapackage.json"
    assert (tmp_path / "fdp" / "budget.csv").read_text(encoding="utf-8").startswith("line_id,")


# --------------------------------------------------------------------------- OC4IDS


def _oc4ids_validator(project_schema: Any) -> jsonschema.Draft4Validator:
    package_schema = _standard("oc4ids_0_9_5_project_package_schema.json")
    registry = Registry().with_resource(
        project_schema["id"], Resource.from_contents(project_schema, DRAFT4)
    )
    return jsonschema.Draft4Validator(
        package_schema, registry=registry, format_checker=jsonschema.FormatChecker()
    )


def _package() -> dict[str, Any]:
    done = walk(Stage.COMPLETED)
    ddc = actor(Role.DISTRICT_DEVELOPMENT_COMMITTEE)
    dropped = walk(Stage.IN_ADP, code="P-2").take("drop", ddc, date(2026, 1, 1), document="m")
    package = to_oc4ids(
        [done, dropped],
        publisher="Example district",
        uri="https://example.org/oc4ids/1",
        published=date(2026, 1, 2),
    )
    package = declare_extension(package, "https://example.org/kpgov/extension.json")
    return json.loads(oc4ids_json(package))


def test_oc4ids_export_validates_against_the_official_schema():
    project_schema = _standard("oc4ids_0_9_5_project_schema.json")
    errors = list(_oc4ids_validator(project_schema).iter_errors(_package()))
    assert [e.message for e in errors] == []


def test_the_history_validates_against_the_extension():
    project_schema = apply_merge_patch(
        _standard("oc4ids_0_9_5_project_schema.json"), HISTORY_SCHEMA_PATCH
    )
    validator = _oc4ids_validator(project_schema)
    package = _package()
    assert list(validator.iter_errors(package)) == []
    package["projects"][0]["kpgovHistory"][0]["seq"] = "first"
    assert list(validator.iter_errors(package))  # the extension's schema is really applied


def test_write_history_extension(tmp_path):
    path = write_history_extension(
        tmp_path,
        documentation_url="https://example.org/kpgov/docs",
        contact_name="Data cell",
        contact_email="data@example.org",
    )
    meta = json.loads(path.read_text(encoding="utf-8"))
    assert meta["schemas"] == ["project-schema.json"]
    assert meta["compatibility"] == ["0.9"]
    patch = json.loads((tmp_path / "project-schema.json").read_text(encoding="utf-8"))
    assert patch == HISTORY_SCHEMA_PATCH


def test_apply_merge_patch_follows_rfc_7386():
    assert apply_merge_patch({"a": "b", "c": {"d": 1, "e": 2}}, {"c": {"d": None}, "f": [1]}) == {
        "a": "b",
        "c": {"e": 2},
        "f": [1],
    }
