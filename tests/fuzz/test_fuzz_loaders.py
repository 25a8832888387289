"""Fuzzing every loader, parser and CLI command: only kpgov errors escape, each names where.

Each loader gets a valid seed file; Hypothesis breaks it (bytes replaced, inserted, deleted;
hostile cells and JSON values: deep nesting, 5,000-digit integers, NaN, surrogates,
mixed-script digits, paths out of the folder). Loading must give a value or raise a
:class:`~kpgov.errors.KpgovError` naming the file; through the CLI, the exit code is 0, 1 or
2 and nothing prints a traceback. The examples are few per target (the ``dev`` profile's 60
at most, and fewer here) so the suite stays within about a minute.

Loaders owned by other issues are fuzzed too; a failure there is listed, not hidden.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fuzz_support import (
    HOSTILE_TEXT,
    Target,
    adp_seed,
    budget_seed,
    byte_mutations,
    dump_json,
    events_seed,
    formula_seed,
    ics_seed,
    json_mutations,
    ledger_seed,
    lines_xlsx_seed,
    observations_csv_seed,
    observations_json_seed,
    project_seed,
    submissions_seed,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpgov.accounts import parse_entity, parse_function, parse_fund, parse_object, parse_project
from kpgov.cli import main
from kpgov.errors import KpgovError, LoadError
from kpgov.io.accounts import load_catalogue, merge_catalogue
from kpgov.io.adp import read_adp, read_events, read_project
from kpgov.io.budget import load_budget, load_budget_lines
from kpgov.io.files import read_csv_rows, read_json
from kpgov.io.ical import read_ics
from kpgov.io.indicators import load_formula, load_observations
from kpgov.io.ledger import load_ledger
from kpgov.io.spreadsheets import read_budget_lines, read_observations, read_rows
from kpgov.money import parse_amount
from kpgov.periods import FinancialYear, Month

#: Examples per target: few by default (the whole suite stays well under a minute); set
#: KPGOV_FUZZ_EXAMPLES for a long hunt.
FUZZ = settings(
    max_examples=int(os.environ.get("KPGOV_FUZZ_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


def _lines_seed(folder: Path) -> Path:
    budget_seed(folder)
    return folder / "district-lines.csv"


def _catalogue_seed(folder: Path) -> Path:
    budget_seed(folder)
    return folder / "catalogue-extension.csv"


def _needs_openpyxl(target: Target) -> Any:
    """A target whose seed is a workbook: written with openpyxl, the optional extra kpgov[xlsx]."""
    no_openpyxl = importlib.util.find_spec("openpyxl") is None
    return pytest.param(target, marks=pytest.mark.skipif(no_openpyxl, reason="needs openpyxl"))


LOADERS = [
    Target("budget JSON", budget_seed, load_budget, json=True),
    Target("budget lines CSV", _lines_seed, load_budget_lines, json=False),
    Target("catalogue CSV", _catalogue_seed, load_catalogue, json=False),
    Target("catalogue merge", _catalogue_seed, merge_catalogue, json=False),
    Target("ledger JSON", ledger_seed, load_ledger, json=True),
    Target("ADP JSON", adp_seed, read_adp, json=True),
    Target("project JSON", project_seed, read_project, json=True),
    Target("observations CSV", observations_csv_seed, load_observations, json=False),
    Target("observations JSON", observations_json_seed, load_observations, json=True),
    Target("scoring formula JSON", formula_seed, load_formula, json=True),
    Target("any JSON", ledger_seed, read_json, json=True),
    Target("strict JSON", ledger_seed, lambda p: read_json(p, strict=True), json=True),
    Target("ADP event log (JSON lines)", events_seed, read_events, json=False),
    Target("spreadsheet lines CSV", _lines_seed, read_budget_lines, json=False),
    _needs_openpyxl(
        Target("spreadsheet lines XLSX", lines_xlsx_seed, read_budget_lines, json=False)
    ),
    _needs_openpyxl(Target("spreadsheet rows XLSX", lines_xlsx_seed, read_rows, json=False)),
    Target("spreadsheet observations CSV", observations_csv_seed, read_observations, json=False),
    Target("any CSV", submissions_seed, lambda p: list(read_csv_rows(p)), json=False),
]


def _assert_located(error: KpgovError, path: Path) -> None:
    """A kpgov error about a file names the file (each problem of a LoadError does)."""
    problems = error.problems if isinstance(error, LoadError) else (error,)
    for problem in problems:
        assert problem.file is not None, f"{type(problem).__name__} names no file: {problem}"
        assert Path(problem.file).name in str(problem) or problem.file in str(problem)


def _load(target: Target, path: Path) -> None:
    try:
        target.run(path)
    except KpgovError as error:
        _assert_located(error, path)


def _fuzz_file(target: Target, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = target.seed(folder)
        seed = path.read_bytes()
        if target.json and data.draw(st.booleans(), label="structural"):
            mutated = dump_json(data.draw(json_mutations(json.loads(seed))))
        else:
            mutated = data.draw(byte_mutations(seed))
        path.write_bytes(mutated)
        _load(target, path)


@pytest.mark.parametrize("target", LOADERS, ids=lambda t: t.name)
@FUZZ
@given(data=st.data())
def test_a_broken_file_gives_a_located_kpgov_error(target: Target, data: st.DataObject) -> None:
    _fuzz_file(target, data)


@pytest.mark.parametrize("target", LOADERS, ids=lambda t: t.name)
@pytest.mark.parametrize("payload", ["[" * 100_000, "9" * 5000, "\xff\xfe\x00", ""])
def test_classic_breakages(target: Target, payload: str, tmp_path: Path) -> None:
    path = target.seed(tmp_path)
    path.write_bytes(payload.encode("latin-1") if payload.startswith("\xff") else payload.encode())
    _load(target, path)


# ----------------------------------------------------------------------------- parsers


@FUZZ
@given(data=st.data())
def test_an_icalendar_document_is_read_or_refused_with_a_kpgov_error(data: st.DataObject) -> None:
    """``read_ics`` reads text, not a file: a refusal need not name one."""
    pytest.importorskip("icalendar")  # the optional extra kpgov[ical]
    with tempfile.TemporaryDirectory() as tmp:
        seed = ics_seed(Path(tmp)).read_bytes()
    with contextlib.suppress(KpgovError):
        read_ics(data.draw(byte_mutations(seed)))


PARSERS: list[tuple[str, Callable[[str], object]]] = [
    ("amount", parse_amount),
    ("financial year", FinancialYear.parse),
    ("month", Month.parse),
    ("object code", parse_object),
    ("entity code", parse_entity),
    ("function code", parse_function),
    ("fund code", parse_fund),
    ("project code", parse_project),
]


@pytest.mark.parametrize(("name", "parse"), PARSERS, ids=[n for n, _ in PARSERS])
@FUZZ
@given(text=st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=40)))
def test_a_parser_refuses_with_a_kpgov_error(
    name: str, parse: Callable[[str], object], text: str
) -> None:
    with contextlib.suppress(KpgovError):  # a refusal is fine; any other exception fails
        parse(text)


# -------------------------------------------------------------------------------- CLI


def _cli(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse usage errors
            code = int(exit_.code or 0)
    return code, err.getvalue()


def _budget_csv(folder: Path) -> Path:
    return _lines_seed(folder)


CLI_TARGETS = [
    Target("check budget JSON", budget_seed, lambda p: ["check", "budget", str(p)], json=True),
    Target(
        "check budget CSV",
        _budget_csv,
        lambda p: ["check", "budget", "--year", "2025-26", "--format", "json", str(p)],
        json=False,
    ),
    Target(
        "check budget --catalogue",
        _catalogue_seed,
        lambda p: ["check", "budget", "--catalogue", str(p), str(p.parent / "district.json")],
        json=False,
    ),
    Target("ledger check", ledger_seed, lambda p: ["ledger", "check", str(p)], json=True),
    Target(
        "ledger statement",
        ledger_seed,
        lambda p: ["ledger", "statement", str(p), "--month", "2016-07"],
        json=True,
    ),
    Target("adp check", adp_seed, lambda p: ["adp", "check", str(p)], json=True),
    Target(
        "indicators score",
        observations_csv_seed,
        lambda p: ["indicators", "score", str(p), "--month", "2019-07", "--launch", "2019-07-01"],
        json=False,
    ),
    Target(
        "indicators score --formula",
        formula_seed,
        lambda p: [
            "indicators",
            "score",
            str(p.parent / "x.csv"),
            "--month",
            "2019-07",
            "--launch",
            "2019-07-01",
            "--formula",
            str(p),
        ],
        json=True,
    ),
    Target(
        "calendar --submissions",
        submissions_seed,
        lambda p: ["calendar", "2025-26", "--as-of", "2024-11-01", "--submissions", str(p)],
        json=False,
    ),
]


@pytest.mark.parametrize("target", CLI_TARGETS, ids=lambda t: t.name)
@FUZZ
@given(data=st.data())
def test_the_cli_exits_0_1_or_2_and_never_prints_a_traceback(
    target: Target, data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = target.seed(folder)
        if target.name == "indicators score --formula":
            observations_csv_seed(folder).rename(folder / "x.csv")
        seed = path.read_bytes()
        if target.json and data.draw(st.booleans(), label="structural"):
            mutated = dump_json(data.draw(json_mutations(json.loads(seed))))
        else:
            mutated = data.draw(byte_mutations(seed))
        path.write_bytes(mutated)
        code, err = _cli(target.run(path))  # type: ignore[arg-type]  # run builds argv here
    assert "Traceback" not in err
    assert code in (0, 1, 2), f"exit {code}: {err}"
