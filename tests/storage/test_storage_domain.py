"""The domain packages' records keep and come back unchanged in every kind of store."""

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpgov.adp import Project
from kpgov.budget import (
    AnnualBudgetStatement,
    Appropriation,
    Authority,
    Expenditure,
    Ledger,
    Movement,
    Office,
    ReAppropriation,
    Receipt,
    Release,
    SupplementaryGrant,
    Surrender,
    Withdrawal,
    schedule_of_authorized_expenditure,
)
from kpgov.calendar import Submission
from kpgov.convert import MOVEMENT_TAGS, structure, unstructure
from kpgov.indicators import Entity, Observation
from kpgov.io.budget import load_budget
from kpgov.io.ledger import MOVEMENT_KINDS, movement_to_data
from kpgov.periods import FinancialYear, Month
from kpgov.storage import DOMAIN_KINDS, KindRegistry, Store, open, register_domain_kinds
from kpgov.testing import projects

EXAMPLE = Path(__file__).resolve().parents[2] / "src/kpgov/data/examples/budget/district.json"


@pytest.fixture(params=["memory", "sqlite", "dir"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = {
        "memory": "memory://",
        "sqlite": f"sqlite:///{tmp_path / 'kpgov.db'}",
        "dir": f"dir:///{tmp_path / 'records'}",
    }[request.param]
    with open(url, kinds=register_domain_kinds(KindRegistry())) as opened:
        yield opened


def test_every_domain_kind_is_registered() -> None:
    assert [kind.name for kind in register_domain_kinds(KindRegistry())] == sorted(DOMAIN_KINDS)


def test_a_budget_statement_keeps_every_line(store: Store) -> None:
    statement = load_budget(EXAMPLE)
    record = store.put(statement)
    assert record.key == f"{statement.district}/{statement.year}"
    assert store.get(AnnualBudgetStatement, record.key).value == statement


def test_submissions_and_observations_of_months_and_years(store: Store) -> None:
    submission = Submission("BR-80(4)#due/2025-09", "DDO A (synthetic)", date(2025, 10, 3))
    swat = Entity.district("Swat")
    monthly = Observation("GGS-OG-01", swat, Month(2019, 8), Decimal(1))
    yearly = Observation("GGS-OG-01", swat, FinancialYear(2019), Decimal(0))
    for value in (submission, monthly, yearly):
        store.put(value)
    assert store.keys(Observation) == [
        "GGS-OG-01/district:Swat/2019-08",
        "GGS-OG-01/district:Swat/2019-20",
    ]
    assert [r.value for r in store.query(Observation)] == [monthly, yearly]
    assert store.get(Submission, store.keys(Submission)[0]).value == submission


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(projects(), max_size=4, unique_by=lambda p: p.code))
def test_projects_round_trip(store: Store, generated: list[Project]) -> None:
    with store.transaction():
        for project in generated:
            found = store.find(Project, project.code)
            store.put(project, expected_version=0 if found is None else found.version)
    for project in generated:
        assert store.get(Project, project.code).value == project


def _every_movement_kind() -> Ledger:
    """The synthetic example's Schedule of Authorized Expenditure and one movement of each
    kind (SYNTHETIC DATA)."""
    ledger = schedule_of_authorized_expenditure(load_budget(EXAMPLE))
    first, second = ledger.heads()[:2]
    start = ledger.year.start_year
    return ledger.extend([
        Receipt(date(start, 7, 4), "500000", source="PFC share", from_government=True),
        Release(date(start, 7, 6), first, "400000", funds_received_on=date(start, 7, 4)),
        Expenditure(date(start, 7, 31), first, "-1250.50", reference="correction"),
        ReAppropriation(date(start, 8, 10), first, second, "1000", authority=Authority.DDO,
                        order="DDO/12", copies_to=(Office.DISTRICT_ACCOUNTS_OFFICER,)),
        SupplementaryGrant(date(start, 9, 1), second, "2500", council_approval="C-7"),
        Surrender(date(start, 12, 1), first, "300"),
        Withdrawal(date(start, 12, 5), "75", purpose="deposit refund"),
        Appropriation(date(start, 12, 9), second, "10", reference="late"),
    ])  # fmt: skip


def test_a_ledger_keeps_every_movement_kind(store: Store) -> None:
    ledger = _every_movement_kind()
    record = store.put(ledger)
    assert record.key == f"{ledger.district}/{ledger.year}"
    back = store.get(Ledger, record.key).value
    assert back == ledger
    assert back.position() == ledger.position()
    kinds = [m["kind"] for m in store.document("budget.ledger", record.key).value["movements"]]
    assert set(kinds) == set(MOVEMENT_TAGS)


def test_the_store_and_the_ledger_file_tag_movements_alike() -> None:
    assert MOVEMENT_TAGS == MOVEMENT_KINDS
    ledger = _every_movement_kind()
    from_file = [movement_to_data(m) for m in ledger.movements]
    stored = unstructure(ledger)["movements"]
    assert [m["kind"] for m in stored] == [m["kind"] for m in from_file]
    assert [structure(m, Movement) for m in stored] == list(ledger.movements)
