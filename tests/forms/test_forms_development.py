"""Forms BDD-1 and BDD-3 (development) and BMP-2 to BMP-4 (projections): their totals are
kpgov's own figures, their columns are kpgov's and say so, and the submission carries them."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_forms_fillers import statements
from test_forms_render import _compare

from kpgov.adp import (
    AdpEntry,
    AdpStatus,
    AnnualDevelopmentProgramme,
    FundingSource,
    Project,
    ProjectKind,
)
from kpgov.budget import (
    AnnualBudgetStatement,
    Column,
    LineKind,
    LineStatus,
    Projection,
    project_expenditure,
    project_receipts,
)
from kpgov.cli import main
from kpgov.convert import unstructure
from kpgov.errors import ParseError, ValidationError
from kpgov.forms import (
    FILLERS,
    build_submission,
    check_submission,
    fill_bdd_1,
    fill_bdd_3,
    fill_bmp_2,
    fill_bmp_3,
    fill_bmp_4,
    fill_form,
    forms_markdown,
)
from kpgov.io.budget import load_budget
from kpgov.money import ZERO
from kpgov.periods import FinancialYear
from kpgov.testing import amounts, projects

PROJECT = Project(
    code="ABT-ED-0001",
    name="Girls primary school, Havelian",
    sponsoring_agency="Education",
    executing_agency="C&W Abbottabad",
    sector="Education",
    function="091102",
    location="Havelian",
    kind=ProjectKind.BUILDING,
    funding_source=FundingSource.DISTRICT_ADP,
    cost=Decimal("12000000"),
    start=date(2016, 9, 1),
    completion=date(2017, 8, 31),
)
EXAMPLE = Path(__file__).resolve().parents[2] / "src/kpgov/data/examples/budget/district.json"
YEAR = FinancialYear(2016)
_MONEY = amounts(min_value=0, max_value=10**9)


@pytest.fixture(scope="module")
def example() -> AnnualBudgetStatement:
    return load_budget(EXAMPLE)


# ----------------------------------------------------------------------------- BDD-1


@given(statements(), st.data())
def test_bdd_1_totals_are_the_development_estimate(
    statement: AnnualBudgetStatement, data: st.DataObject
) -> None:
    # mark some development lines as new expenditure (the strategy makes existing ones only)
    lines = tuple(
        attrs.evolve(line, status=LineStatus.NEW, proposal="P-1")
        if line.kind is LineKind.DEVELOPMENT and data.draw(st.booleans())
        else line
        for line in statement.lines
    )
    statement = attrs.evolve(statement, lines=lines)
    part = fill_bdd_1(statement).parts[0]
    development = list(statement.lines_of(LineKind.DEVELOPMENT))
    assert part.total("total") == statement.total(LineKind.DEVELOPMENT, Column.BE_NEXT)
    assert part.total("new") == sum(
        (x.be_next for x in development if x.status is LineStatus.NEW), ZERO
    )
    for row in part.rows:
        assert row["ongoing"] + row["new"] == row["total"]  # type: ignore[operator]
    assert not any(c.printed for c in part.columns)
    assert {c.basis for c in part.columns} == {"BR-61(1)", "BR-61(2)"}


def test_bdd_1_of_the_example_names_its_demands(example: AnnualBudgetStatement) -> None:
    filled = fill_bdd_1(example)
    part = filled.parts[0]
    assert part.total("total") == example.total(LineKind.DEVELOPMENT, Column.BE_NEXT) > 0
    titles = {d.grant: d.title for d in example.demands}
    assert all(row["name"] == titles.get(str(row["grant"])) for row in part.rows)
    assert "lost in the seed text" in filled.remarks[0]
    _compare([filled])


# ----------------------------------------------------------------------------- BDD-3


@st.composite
def programmes(draw: st.DrawFn) -> AnnualDevelopmentProgramme:
    chosen = draw(st.lists(projects(), max_size=12, unique_by=lambda p: p.code))
    entries = [
        AdpEntry(
            project=project,
            status=draw(st.sampled_from(list(AdpStatus))),
            allocation=draw(_MONEY),
            approved_cost=draw(st.none() | _MONEY),
            expenditure_to_date=draw(_MONEY),
            outer_years=(draw(_MONEY), draw(_MONEY)),
        )
        for project in chosen
    ]
    return AnnualDevelopmentProgramme("Test", YEAR, entries)


@given(programmes())
def test_bdd_3_totals_are_the_adp(adp: AnnualDevelopmentProgramme) -> None:
    part = fill_bdd_3(adp).parts[0]
    assert part.total("allocation") == adp.total
    assert part.total("allocation", "Total new projects") == sum(
        (e.allocation for e in adp.new), ZERO
    )
    assert part.total("allocation", "Total ongoing projects") == sum(
        (e.allocation for e in adp.ongoing), ZERO
    )
    assert part.total("throw_forward") == sum((e.throw_forward for e in adp), ZERO)
    assert part.total("outer_1") == sum((e.outer_years[0] for e in adp), ZERO)
    assert part.total("expenditure_to_date") == sum((e.expenditure_to_date for e in adp), ZERO)
    # new projects first, then ongoing ones (BR-42(2))
    statuses = [row["status"] for row in part.rows]
    assert statuses == sorted(statuses, key=lambda s: s != "new")
    assert len(part.rows) == len(adp)
    assert not any(c.printed for c in part.columns)
    assert all(c.basis for c in part.columns)


def test_bdd_3_renders_and_fills_through_fill_form() -> None:
    project = PROJECT
    adp = AnnualDevelopmentProgramme(
        "Test",
        YEAR,
        [
            AdpEntry(
                project,
                AdpStatus.NEW,
                Decimal("1500000.50"),
                approved_cost=Decimal(4000000),
                expenditure_to_date=Decimal(1000000),
            )
        ],
    )
    filled = fill_form("BDD-3", adp=adp)
    row = filled.parts[0].rows[0]
    assert (row["cost"], row["throw_forward"]) == (Decimal(4000000), Decimal("1499999.50"))
    _compare([filled])
    with pytest.raises(ParseError, match="from an ADP"):
        fill_form("BDD-3")


# ----------------------------------------------------------------------- BMP-2 to BMP-4


@st.composite
def receipt_projections(draw: st.DrawFn) -> dict[str, Projection]:
    heads = draw(st.lists(st.sampled_from(["C02", "C03", "B01", "C12"]), unique=True, min_size=1))
    projections = {}
    for head in heads:  # growth between -50% and +100% a year (wilder trends overflow)
        first = draw(st.integers(1, 10**9))
        second = first * draw(st.integers(50, 200)) // 100 + 1
        projections[head] = project_receipts([Decimal(first), Decimal(second)], YEAR)
    return projections


@given(receipt_projections())
def test_bmp_2_totals_are_the_projections(projections: dict[str, Projection]) -> None:
    part = fill_bmp_2("Test", projections).parts[0]
    assert part.total("base") == sum((p.base for p in projections.values()), ZERO)
    for n in range(3):
        assert part.total(f"year_{n + 1}") == sum((p.values[n] for p in projections.values()), ZERO)
    assert [c.heading for c in part.columns[2:]] == ["2017-18", "2018-19", "2019-20"]
    assert not any(c.printed for c in part.columns)
    assert {c.basis for c in part.columns} == {"BR-52(8)", "BR-52(5)", "BR-51(4)"}


@given(
    st.lists(st.tuples(_MONEY, _MONEY), min_size=1, max_size=4),
    st.sampled_from([fill_bmp_3, fill_bmp_4]),
)
def test_bmp_3_and_4_totals_are_the_expenditure_projections(
    bases: list[tuple[Decimal, Decimal]], fill: object
) -> None:
    projections = {
        f"office {n}": project_expenditure(
            pay, non_pay, YEAR, inflation=Decimal("0.08"), pay_increase=Decimal("0.10")
        )
        for n, (pay, non_pay) in enumerate(bases)
    }
    part = fill("Test", projections).parts[0]  # type: ignore[operator]
    for n in range(3):
        assert part.total(f"year_{n + 1}") == sum((p.values[n] for p in projections.values()), ZERO)
    assert {c.basis for c in part.columns} == {"BR-52(9)", "BR-52(6)", "BR-51(4)"}


def test_bmp_forms_need_projections_of_the_same_years() -> None:
    one = project_receipts([Decimal(100), Decimal(110)], YEAR)
    other = project_receipts([Decimal(100), Decimal(110)], FinancialYear(2017))
    with pytest.raises(ValidationError, match="same years"):
        fill_bmp_2("Test", {"C02": one, "C03": other})
    with pytest.raises(ParseError, match="projections"):
        fill_form("BMP-2", district="Test")
    with pytest.raises(ParseError, match="district"):
        fill_form("BMP-2", projections={"C02": one})
    _compare([fill_form("BMP-2", projections={"C02": one}, district="Test")])


# ------------------------------------------------------------------------- submission


def test_the_submission_carries_the_new_forms_when_their_data_is_given(
    example: AnnualBudgetStatement,
) -> None:
    plain = build_submission(example)
    assert not plain.of("BDD-1")[0].blank
    assert all(plain.of(f)[0].blank for f in ("BDD-3", "BMP-2", "BMP-3", "BMP-4"))
    adp = AnnualDevelopmentProgramme(
        example.district,
        example.year,
        [AdpEntry(PROJECT, AdpStatus.ONGOING, Decimal(2500000))],
    )
    receipts = {"C02": project_receipts([Decimal(100), Decimal(121)], example.year)}
    spending = {
        "all offices": project_expenditure(
            Decimal(700),
            Decimal(300),
            example.year,
            inflation=Decimal("0.1"),
            pay_increase=Decimal("0.1"),
        )
    }
    full = build_submission(
        example,
        adp=adp,
        receipt_projections=receipts,
        current_projections=spending,
        development_projections=spending,
    )
    assert full.of("BDD-3")[0].parts[0].total("allocation") == adp.total
    assert full.of("BMP-2")[0].parts[0].total("year_1") == receipts["C02"].values[0]
    assert full.of("BMP-4")[0].parts[0].total("year_3") == spending["all offices"].values[2]
    assert [f.form.id for f in full.forms] == [f.form.id for f in plain.forms]
    with pytest.raises(ValidationError, match="the ADP is for Other"):
        build_submission(example, adp=attrs.evolve(adp, district="Other"))
    assert list(check_submission(full)) == list(check_submission(plain))


def test_the_forms_table_says_what_fills_them() -> None:
    table = forms_markdown()
    assert FILLERS["BDD-3"] == "adp"
    assert "| BDD-3 |" in table
    assert next(line for line in table.splitlines() if line.startswith("| BDD-3 |")).endswith(
        "| an ADP |"
    )
    assert next(line for line in table.splitlines() if line.startswith("| BMP-2 |")).endswith(
        "| projections |"
    )


def _adp_file(tmp_path: Path, district: str = "Sarsabz (synthetic)") -> Path:
    data = {
        "format": "kpgov.adp/1",
        "district": district,
        "year": "2025-26",
        "entries": [
            {
                "project": unstructure(PROJECT),
                "status": "ongoing",
                "allocation": "2500000",
                "expenditure_to_date": "4000000",
            }
        ],
    }
    path = tmp_path / "adp.json"
    path.write_text(json.dumps(data))
    return path


def test_the_cli_fills_bdd_3_from_an_adp_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    adp_file = _adp_file(tmp_path)
    out = tmp_path / "bdd3.json"
    assert (
        main(["forms", "fill", "BDD-3", "--adp", str(adp_file), "--format", "json", "-o", str(out)])
        == 0
    )
    filled = json.loads(out.read_text())[0]
    assert filled["parts"][0]["totals"][-1]["allocation"] == "2500000"
    assert filled["parts"][0]["totals"][-1]["throw_forward"] == "5500000"  # 12m - 4m - 2.5m
    capsys.readouterr()
    sub = tmp_path / "sub.xlsx"
    code = main(
        ["forms", "submission", "--budget", str(EXAMPLE), "--adp", str(adp_file), "-o", str(sub)]
    )
    assert code == 0
    assert "(6 filled)" in capsys.readouterr().out  # ABS, BDR-1, BDC-1, BDD-1, BDO-1, BDD-3
    adp_file.write_text('{"format": "kpgov.adp/1", "entries": 5}')
    assert main(["forms", "fill", "BDD-3", "--adp", str(adp_file), "-o", str(out)]) == 2
    assert "adp.json" in capsys.readouterr().err
