"""Every error names what was wrong and where, and subclasses the builtin callers catch."""

from pathlib import Path

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


def test_one_error_object_for_a_value_bad_in_several_rows_is_located_in_each() -> None:
    from kpgov.errors import ErrorCollector, TransitionError

    collector = ErrorCollector(file="lines.csv")
    shared = ParseError("not an entity code")  # a loader converts each distinct cell once
    for row in (2, 3, 4):
        with collector.guard(row=row, field="entity"):
            raise shared
    with collector.guard(row=9):
        raise TransitionError("refused", rule_id="BR-40(3)")
    assert [p.location.compact() for p in collector.problems] == [
        "lines.csv:2: entity",
        "lines.csv:3: entity",
        "lines.csv:4: entity",
        "lines.csv:9",
    ]
    assert not shared.location  # the original is left as it was
    assert collector.problems[-1].rule_id == "BR-40(3)"  # type: ignore[attr-defined]


def test_a_bad_code_repeated_in_a_lines_file_is_reported_at_every_row(tmp_path: Path) -> None:
    from kpgov.errors import LoadError
    from kpgov.io.budget import load_budget_lines

    path = tmp_path / "lines.csv"
    path.write_text(
        "kind,entity,object,be_next\n" + "".join(f"current,X-Y-Z1,A01101,{n}\n" for n in range(3)),
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as caught:
        load_budget_lines(path)
    assert [(p.row, p.field) for p in caught.value.problems] == [
        (2, "entity"),
        (3, "entity"),
        (4, "entity"),
    ]
