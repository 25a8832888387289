"""The appropriation ledger is its own subpackage; kpgov.budget keeps every name it had."""

import kpgov.budget
import kpgov.budget.ledger


def test_every_ledger_name_is_also_a_budget_name() -> None:
    for name in kpgov.budget.ledger.__all__:
        assert getattr(kpgov.budget, name) is getattr(kpgov.budget.ledger, name), name
    assert kpgov.budget.LEDGER_PARAMETERS["release_days"].citation.clause == "68(6)"
