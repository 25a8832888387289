"""Every error names what was wrong and where, and subclasses the builtin callers catch."""

import pytest

from kpgov.errors import (
    ConflictError,
    KpgovError,
    Location,
    NotFoundError,
    ParseError,
    StoreError,
    TransitionError,
    ValidationError,
)


def test_location_is_part_of_the_message() -> None:
    err = ParseError("not an amount: 'x'", file="b.csv", row=3, field="amount")
    assert str(err) == "b.csv, row 3, field 'amount': not an amount: 'x'"
    assert err.location == Location("b.csv", 3, "amount")
    assert str(ValidationError("no where")) == "no where"


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        (ParseError("x"), ValueError),
        (ValidationError("x"), ValueError),
        (NotFoundError("x"), KeyError),
        (ConflictError("x"), StoreError),
    ],
)
def test_errors_are_also_the_builtin_a_caller_would_catch(
    error: KpgovError, builtin: type[Exception]
) -> None:
    assert isinstance(error, builtin)
    assert isinstance(error, KpgovError)


def test_not_found_is_not_quoted_like_a_key_error() -> None:
    assert str(NotFoundError("no record 'x'")) == "no record 'x'"


def test_transition_errors_name_the_rule() -> None:
    err = TransitionError("the DDC may not approve subsidy projects", rule_id="BR-36(8)")
    assert err.rule_id == "BR-36(8)"
    assert str(err).startswith("BR-36(8): ")
