"""Seeds and mutations for the fuzz suite: a valid input for every loader, and Hypothesis
strategies that break it the ways real files break (bytes flipped, cells and values replaced
with hostile ones, JSON nested, huge numbers, surrogates, paths out of the folder)."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from hypothesis import strategies as st

from kpgov.convert import unstructure

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "src/kpgov/data/examples/budget"

#: Hostile values, as text: what the issue's fuzzer found and the classes it names.
HOSTILE_TEXT: tuple[str, ...] = (
    "",
    " ",
    "NaN",
    "-Infinity",
    "sNaN",
    "1e999999",
    "9" * 5000,
    "999999999999999999999999999999 crore",
    "123456789012345678901234567.89",
    "0.000000001",
    "1۲3",
    "١٢٣",
    "\ud800",
    "\udfff abc",
    "\x00",
    "\ufeff",
    "/dev/zero",
    "/etc/passwd",
    "../../../../etc/passwd",
    "..",
    "[" * 3000,
    "{" * 3000,
    '"',
    ",,,,,,,,,,,,,,",
    "\n\n\n",
    "\r",
    "2016-13",
    "2016-02-30",
    "2019-20:Q9",
    "ZZZ-ZZZ-ZZZ",
    "A" * 200_000,
    "true",
    "-0",
    "(((1)))",
    "Rs. 4,31,63,871",
)

#: Hostile JSON values for a structural mutation (any JSON type).
HOSTILE_JSON: tuple[Any, ...] = (
    *HOSTILE_TEXT,
    None,
    True,
    0,
    -1,
    10**40,
    10**4000,
    Decimal("1E+999999"),
    Decimal("0.1"),
    [],
    {},
    [[[[[[[[[[[[[[]]]]]]]]]]]]]],
    {"": None},
    ["x"] * 50,
)


def _nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


def byte_mutations(seed: bytes) -> st.SearchStrategy[bytes]:
    """The seed with a few bytes replaced, inserted or deleted, or a hostile text inserted."""
    size = max(len(seed), 1)

    @st.composite
    def mutate(draw: st.DrawFn) -> bytes:
        data = bytearray(seed)
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(data)))
            action = draw(st.sampled_from(("replace", "insert", "delete", "hostile")))
            if action == "replace":
                chunk = draw(st.binary(min_size=1, max_size=8))
                data[at : at + len(chunk)] = chunk
            elif action == "insert":
                data[at:at] = draw(st.binary(min_size=1, max_size=8))
            elif action == "delete":
                del data[at : at + draw(st.integers(1, max(1, size // 20)))]
            else:
                text = draw(st.sampled_from(HOSTILE_TEXT))
                data[at:at] = text.encode("utf-8", "surrogatepass")
        return bytes(data)

    return mutate()


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data[:40]):
            found += _paths(value, (*path, index))
    return found


def json_mutations(seed: Any) -> st.SearchStrategy[Any]:
    """The seed document with values at random paths replaced by hostile ones, keys added or
    removed, or a branch nested deeper than any format allows."""
    paths = _paths(seed)

    @st.composite
    def mutate(draw: st.DrawFn) -> Any:
        data = json.loads(json.dumps(seed, default=str))
        for _ in range(draw(st.integers(1, 3))):
            path = draw(st.sampled_from(paths))
            value = draw(
                st.one_of(
                    st.sampled_from(HOSTILE_JSON),
                    st.integers(1, 600).map(_nested),
                    st.text(max_size=12),
                )
            )
            if not path:
                data = value
                continue
            parent = data
            try:
                for step in path[:-1]:
                    parent = parent[step]
                if draw(st.booleans()) and isinstance(parent, dict):
                    parent[draw(st.sampled_from(("x", "lines_file", "kind", "format")))] = value
                elif draw(st.booleans()) and isinstance(parent, dict):
                    parent.pop(path[-1], None)
                else:
                    parent[path[-1]] = value
            except (KeyError, IndexError, TypeError):
                continue
        return data

    return mutate()


def dump_json(data: Any) -> bytes:
    """JSON text of fuzzed data (Decimals as numbers, surrogates kept as escapes)."""

    def default(value: Any) -> Any:
        if isinstance(value, Decimal):
            return float("nan") if not value.is_finite() else int(value)
        raise TypeError(type(value).__name__)

    try:
        text = json.dumps(data, default=default)
    except (ValueError, RecursionError):  # an integer too long for json, nesting too deep
        text = "[" * 5000
    return text.encode("utf-8")


# ------------------------------------------------------------------------------ seeds


def budget_seed(folder: Path) -> Path:
    for name in ("district.json", "district-lines.csv", "catalogue-extension.csv"):
        shutil.copy(EXAMPLE / name, folder / name)
    return folder / "district.json"


LEDGER_SEED: dict[str, Any] = {
    "format": "kpgov.ledger/1",
    "district": "Example (synthetic)",
    "year": "2016-17",
    "opening_balances": {"district_fund": "1000000", "public_account": "50000"},
    "movements": [
        {
            "kind": "appropriation",
            "on": "2016-07-01",
            "amount": "1,20,000",
            "head": {"grant": "DF-R-1-012", "ddo": "PSH-EDU-PR12", "object": "A03201"},
        },
        {
            "kind": "release",
            "on": "2016-07-02",
            "amount": "60000",
            "head": {"grant": "DF-R-1-012", "ddo": "PSH-EDU-PR12", "object": "A03201"},
        },
        {
            "kind": "expenditure",
            "on": "2016-07-31",
            "amount": "9000",
            "head": {"grant": "DF-R-1-012", "ddo": "PSH-EDU-PR12", "object": "A03201"},
        },
        {"kind": "receipt", "on": "2016-08-01", "amount": "5000", "source": "rates"},
        {
            "kind": "re-appropriation",
            "on": "2016-09-01",
            "amount": "1000",
            "source": {"grant": "DF-R-1-012", "ddo": "PSH-EDU-PR12", "object": "A03201"},
            "target": {"grant": "DF-R-1-012", "ddo": "PSH-EDU-PR12", "object": "A03202"},
        },
    ],
}


def ledger_seed(folder: Path) -> Path:
    path = folder / "ledger.json"
    path.write_text(json.dumps(LEDGER_SEED, indent=1), encoding="utf-8")
    return path


OBSERVATIONS_CSV = """indicator,entity_kind,entity,period,value,numerator,denominator,evidence
GGS-SD-39,district,Swat,2019-07,,45,60,PCP export
GGS-SD-39,district,Mardan,2019-07,60%,,,
GGS-PA-31,district,Swat,2019-07,Yes,,,
GGS-PA-11,district,Swat,2019-20,1,,,audit report
GGS-IT-06,department,Finance Department,2019-07,4,,,
"""


def observations_csv_seed(folder: Path) -> Path:
    path = folder / "observations.csv"
    path.write_text(OBSERVATIONS_CSV, encoding="utf-8")
    return path


def observations_json_seed(folder: Path) -> Path:
    records = [
        {"indicator": "GGS-OG-18", "entity": "Swat", "period": "2019-08", "value": 3},
        {"indicator": "GGS-SD-39", "entity": "Mardan", "period": "2019-07", "value": "60%"},
    ]
    path = folder / "observations.json"
    path.write_text(json.dumps({"observations": records}), encoding="utf-8")
    return path


def formula_seed(folder: Path) -> Path:
    path = folder / "formula.json"
    path.write_text(
        json.dumps({"id": "mine", "version": "2", "missing": "exclude"}), encoding="utf-8"
    )
    return path


def submissions_seed(folder: Path) -> Path:
    path = folder / "submissions.csv"
    path.write_text(
        "deadline,entity,submitted\nBR-S2-1/2025-26,Provincial Finance Commission Secretariat,"
        "2024-10-15\n",
        encoding="utf-8",
    )
    return path


def _adp_project() -> Any:
    sys.path.insert(0, str(ROOT / "tests/adp"))
    try:
        from adp_support import walk  # the ADP tests' own builder of a valid project

        from kpgov.adp import Stage
    finally:
        sys.path.pop(0)
    return unstructure(walk(Stage.IDENTIFIED).record.project)


def adp_seed(folder: Path) -> Path:
    data = {
        "format": "kpgov.adp/1",
        "district": "Example (synthetic)",
        "year": "2025-26",
        "entries": [
            {
                "project": _adp_project(),
                "status": "new",
                "allocation": "12000000",
                "approved_cost": "12000000",
                "stage": "approved_by_council",
            }
        ],
        "resources": {"ceiling": "10000000"},
    }
    path = folder / "adp.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def project_seed(folder: Path) -> Path:
    path = folder / "project.json"
    path.write_text(json.dumps(_adp_project()), encoding="utf-8")
    return path


_XLSX: list[bytes] = []


def lines_xlsx_seed(folder: Path) -> Path:
    """A workbook of the example's first 40 budget lines (one sheet, the CSV's columns); made
    once, since a workbook's bytes carry the time it was saved and a seed must not change."""
    path = folder / "lines.xlsx"
    budget_seed(folder)
    if not _XLSX:
        _XLSX.append(_lines_workbook(folder))
    path.write_bytes(_XLSX[0])
    return path


def _lines_workbook(folder: Path) -> bytes:
    from openpyxl import Workbook

    rows = (folder / "district-lines.csv").read_text(encoding="utf-8").splitlines()[:41]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row.split(","))
    path = folder / "made.xlsx"
    book.save(path)
    return path.read_bytes()


def events_seed(folder: Path) -> Path:
    """A project's lifecycle events as JSON lines (kpgov.io.adp.write_events)."""
    sys.path.insert(0, str(ROOT / "tests/adp"))
    try:
        from adp_support import walk

        from kpgov.adp import Stage
        from kpgov.io.adp import write_events
    finally:
        sys.path.pop(0)
    path = folder / "events.jsonl"
    write_events(walk(Stage.IDENTIFIED).events, path)
    return path


def ics_seed(folder: Path) -> Path:
    """The budget calendar of 2025-26 as iCalendar text."""
    from datetime import UTC, datetime

    from kpgov.calendar import annual_deadlines
    from kpgov.io.ical import to_ics
    from kpgov.periods import FinancialYear

    path = folder / "calendar.ics"
    stamp = datetime(2025, 1, 1, tzinfo=UTC)
    path.write_text(to_ics(annual_deadlines(FinancialYear(2025)), stamp=stamp), encoding="utf-8")
    return path


@attrs.frozen
class Target:
    """A loader (or CLI command) under fuzzing: how to make its seed file, and how to run it
    on a path. ``json`` says whether structural JSON mutations apply."""

    name: str
    seed: Callable[[Path], Path]
    run: Callable[[Path], object]
    json: bool
