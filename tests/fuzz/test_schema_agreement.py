"""The JSON Schemas and the loaders agree: one generator (kpgov.io._schema) follows the
converter, and on generated documents a document a loader accepts always validates, and one
the schema refuses is always refused by the loader; where the schema accepts a document the
loader refuses, the reason is a value's meaning (a code, a cross-field rule), never its type.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fuzz_support import LEDGER_SEED, _paths
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpgov.errors import KpgovError, LoadError
from kpgov.io.budget import budget_json_schema, budget_to_data, statement_from_data
from kpgov.io.ledger import ledger_from_data, ledger_json_schema

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "budget"))
from budget_support import clean_statement  # the budget tests' clean statement

#: Values of every JSON type, to put where another type is expected.
SWAPS: tuple[Any, ...] = (None, True, 7, Decimal("4.5"), [], {}, "text")
#: What the loader says when a value has the wrong type or shape (not a wrong meaning).
TYPE_MESSAGES = (
    "expected text",
    "expected true or false",
    "expected a whole number",
    "unknown key",
    "required field is missing",
    "amounts must be",
    "is a JSON object",
    "a date is ISO text",
    "as text, got",
    "not a valid",  # an enum given another type
    "expected a list",
)

AGREE = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _mutated(seed: Any) -> st.SearchStrategy[Any]:
    paths = [p for p in _paths(seed) if p]

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        data = json.loads(json.dumps(seed))
        path = draw(st.sampled_from(paths))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(("swap", "delete", "add")))
        if action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent["unexpected"] = 1
        else:
            parent[path[-1]] = draw(st.sampled_from(SWAPS))
        return data

    return build()


def _messages(error: KpgovError) -> list[str]:
    problems = error.problems if isinstance(error, LoadError) else (error,)
    return [p.message for p in problems]


def _agree(schema: dict[str, Any], data: Any, load: Any) -> None:
    valid = jsonschema.Draft202012Validator(schema).is_valid(data)
    try:
        load(data)
    except KpgovError as error:
        if valid:  # the schema checks shape only: the loader refused a value's meaning
            type_level = [m for m in _messages(error) if m.startswith(TYPE_MESSAGES)]
            assert not type_level, f"the schema accepts what the loader refuses: {type_level}"
        return
    assert valid, "the loader accepts a document the schema refuses"


def _budget_seed() -> Any:
    data = budget_to_data(clean_statement())
    return json.loads(json.dumps(data))


@AGREE
@given(data=_mutated(_budget_seed()))
def test_the_budget_schema_agrees_with_the_loader(data: Any) -> None:
    _agree(budget_json_schema(), data, lambda d: statement_from_data(d, file="budget.json"))


@AGREE
@given(data=_mutated(LEDGER_SEED))
def test_the_ledger_schema_agrees_with_the_loader(data: Any) -> None:
    _agree(ledger_json_schema(), data, lambda d: ledger_from_data(d, file="ledger.json"))


@pytest.mark.parametrize(
    ("schema", "seed"),
    [(budget_json_schema, _budget_seed), (ledger_json_schema, lambda: LEDGER_SEED)],
)
def test_the_seeds_are_valid_and_json_numbers_are_amounts(schema: Any, seed: Any) -> None:
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.validate(seed(), schema())


def test_a_json_number_amount_is_accepted_by_both() -> None:
    data = json.loads(json.dumps(LEDGER_SEED))
    data["movements"][0]["amount"] = 120000.5
    jsonschema.validate(data, ledger_json_schema())
    assert ledger_from_data(json.loads(json.dumps(data), parse_float=Decimal)).movements[0].amount


def test_booleans_are_never_coerced() -> None:
    data = _budget_seed()
    data["lines"][0]["lump_sum"] = "false"
    with pytest.raises(KpgovError, match="expected true or false"):
        statement_from_data(data)
    assert not jsonschema.Draft202012Validator(budget_json_schema()).is_valid(data)
