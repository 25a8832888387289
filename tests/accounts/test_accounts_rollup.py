"""Exact roll-ups by any level of the object, function and entity hierarchies."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpgov.accounts import (
    EntityLevel,
    ExpenditureClassification,
    FunctionLevel,
    FundCode,
    FundLevel,
    ObjectCode,
    ObjectLevel,
    PublicAccountClassification,
    ReceiptClassification,
    Rollup,
    parse_fund,
    parse_object,
    roll_up,
    roll_up_columns,
    roll_up_lines,
)
from kpgov.errors import ParseError, ValidationError
from kpgov.testing import amounts, entity_codes, function_codes, fund_codes, object_codes

LINES = [
    ("A01101", Decimal("415000")),
    ("A01202", Decimal("124500")),
    ("A03201", Decimal("18250.50")),
    ("A01101", Decimal("602000")),
    ("a-03303", Decimal("95400")),
    ("A12", Decimal("2500000")),
]


def test_roll_up_by_each_object_level() -> None:
    major = roll_up(LINES, ObjectLevel.MAJOR)
    assert major.to_dict() == {"A01": "1141500", "A03": "113650.50", "A12": "2500000"}
    assert major.total == Decimal("3755150.50")
    minor = roll_up(LINES, ObjectLevel.MINOR)
    assert minor.to_dict() == {
        "A011": "1017000",
        "A012": "124500",
        "A032": "18250.50",
        "A033": "95400",
        "A12": "2500000",  # classified to the major only: stays at its own head
    }
    detailed = roll_up(LINES, ObjectLevel.DETAILED)
    assert detailed["A01101"] == Decimal("1017000")
    assert detailed[parse_object("a-03303")] == Decimal("95400")
    assert detailed.get("A09501") == Decimal(0)
    with pytest.raises(KeyError):
        detailed["A09501"]
    assert major.total == minor.total == detailed.total


def test_the_total_is_exact_where_binary_floats_are_not() -> None:
    tenths = roll_up([("A01101", Decimal("0.1"))] * 10, ObjectLevel.MAJOR)
    assert tenths.total == Decimal("1.0")
    big = roll_up(
        [("A01101", Decimal("12345678901234567890.12")), ("A01102", Decimal("0.01"))],
        ObjectLevel.MAJOR,
    )
    assert big.total == Decimal("12345678901234567890.13")


def test_function_and_entity_roll_ups() -> None:
    by_function = roll_up_columns(
        ["011105", "011106", "073101"], [Decimal(5), Decimal(7), 1], FunctionLevel.MINOR
    )
    assert by_function.to_dict() == {"011": "12", "073": "1"}
    by_entity = roll_up(
        [("PSH-EDU-PR12", Decimal(3)), ("psh/edu/pr13", Decimal(4)), ("MRD-EDU-MR01", 5)],
        EntityLevel.DISTRICT,
    )
    assert by_entity.to_dict() == {"MRD": "5", "PSH": "7"}
    assert by_entity.regroup(EntityLevel.OFFICE).to_dict() == by_entity.to_dict()


def test_fund_roll_ups_split_charged_from_voted() -> None:
    lines: list[tuple[FundCode | str, Decimal]] = [
        ("DF-R-1-012", Decimal(100)),
        ("DF-R-4-012", Decimal(7)),
        (parse_fund("df r 4 3"), Decimal(3)),
        ("DF-C-3-020", Decimal(50)),
    ]
    by_sub_fund = roll_up(lines, FundLevel.SUB_FUND)
    assert by_sub_fund.to_dict() == {"DF-C-3": "50", "DF-R-1": "100", "DF-R-4": "10"}
    charged = sum(a for code, a in by_sub_fund.items() if code.charged)
    assert charged == Decimal(10)
    assert roll_up(lines, FundLevel.SOURCE).to_dict() == {"DF-C": "50", "DF-R": "110"}
    assert by_sub_fund.regroup(FundLevel.FUND).to_dict() == {"DF": "160"}


def test_roll_up_lines_by_their_classification() -> None:
    @attrs.frozen
    class Line:
        classification: ExpenditureClassification | ReceiptClassification
        amount: Decimal

    lines = [
        Line(
            ExpenditureClassification("PSH-EDU-PR12", "091101", "A01101", "DF-R-1-001"), Decimal(10)
        ),
        Line(
            ExpenditureClassification("PSH-HLT-PR13", "073101", "A01202", "DF-R-1-002"), Decimal(5)
        ),
        Line(ReceiptClassification("PSH-REV-RC01", "C02"), Decimal(99)),
    ]
    assert roll_up_lines(lines[:2], FunctionLevel.MAJOR).to_dict() == {"07": "5", "09": "10"}
    assert roll_up_lines(lines, EntityLevel.OFFICE).to_dict() == {
        "PSH-EDU": "10",
        "PSH-HLT": "5",
        "PSH-REV": "99",
    }
    with pytest.raises(ValidationError, match="has no function element"):
        roll_up_lines(lines, FunctionLevel.MAJOR)
    pa = [(PublicAccountClassification("G12145", "trust"), Decimal(1))]
    rolled = roll_up_lines(
        pa, ObjectLevel.MAJOR, classification=lambda p: p[0], amount=lambda p: p[1]
    )
    assert rolled.to_dict() == {"G12": "1"}


def test_floats_and_bad_codes_are_refused() -> None:
    with pytest.raises(ValidationError, match="never binary floating point"):
        roll_up([("A01101", 0.1)], ObjectLevel.MAJOR)  # type: ignore[list-item]  # on purpose
    with pytest.raises(ParseError, match="cannot roll up: 'A0110' is not an object code"):
        roll_up([("A0110", Decimal(1))], ObjectLevel.MAJOR)
    with pytest.raises(ParseError, match="roll-up codes must be object, function, entity or fund"):
        roll_up([(5, Decimal(1))], ObjectLevel.MAJOR)  # type: ignore[list-item]  # on purpose
    with pytest.raises(ParseError, match="'A01101' is not a function code"):
        roll_up([(parse_object("A01101"), Decimal(1))], FunctionLevel.MAJOR)  # type: ignore[list-item]  # on purpose
    with pytest.raises(ValidationError, match="cannot be held exactly in 60 digits"):
        roll_up([("A01101", Decimal("1E+70")), ("A01101", Decimal("0.01"))], ObjectLevel.MAJOR)
    with pytest.raises(ValidationError, match="cannot be held exactly"):
        roll_up_columns(["A01101"] * 2, [Decimal("1E+70"), Decimal("0.01")], ObjectLevel.MAJOR)
    with pytest.raises(ValidationError, match="differ in length"):
        roll_up_columns(["A01101"], [Decimal(1), Decimal(2)], ObjectLevel.MAJOR)
    with pytest.raises(ValidationError, match="cannot regroup"):
        roll_up(LINES, ObjectLevel.MAJOR).regroup(FunctionLevel.MAJOR)
    with pytest.raises(ValidationError, match="is not the sum of its groups"):
        Rollup(ObjectLevel.MAJOR, {ObjectCode("A01"): Decimal(1)}, Decimal(2))


# ---------------------------------------------------------------------------- properties

OBJECT_LINES = st.lists(st.tuples(object_codes(), amounts()), max_size=40)
LEVELS = st.sampled_from(list(ObjectLevel))


@given(OBJECT_LINES, LEVELS, st.randoms(use_true_random=False))
def test_totals_do_not_depend_on_the_order_of_lines(lines, level, random) -> None:  # type: ignore[no-untyped-def]  # hypothesis fills the arguments
    shuffled = list(lines)
    random.shuffle(shuffled)
    assert roll_up(shuffled, level) == roll_up(lines, level)


@given(OBJECT_LINES, LEVELS)
def test_the_total_is_the_sum_of_the_lines_and_of_the_groups(lines, level) -> None:  # type: ignore[no-untyped-def]  # hypothesis fills the arguments
    rolled = roll_up(lines, level)
    assert rolled.total == sum((amount for _, amount in lines), Decimal(0))
    assert rolled.total == sum(rolled.totals.values(), Decimal(0))
    for code, amount in rolled.items():
        members = [a for c, a in lines if c.at(level) == code]
        assert amount == sum(members, Decimal(0))


@given(OBJECT_LINES, LEVELS, LEVELS)
def test_regrouping_equals_rolling_up_directly(lines, fine, coarse) -> None:  # type: ignore[no-untyped-def]  # hypothesis fills the arguments
    if coarse.depth > fine.depth:
        fine, coarse = coarse, fine
    assert roll_up(lines, fine).regroup(coarse) == roll_up(lines, coarse)


@given(OBJECT_LINES, LEVELS, st.data())
def test_rolling_up_parts_then_combining_equals_rolling_up_the_whole(lines, level, data) -> None:  # type: ignore[no-untyped-def]  # hypothesis fills the arguments
    cut = data.draw(st.integers(0, len(lines)))
    parts = [roll_up(lines[:cut], level), roll_up(lines[cut:], level)]
    combined = roll_up([pair for part in parts for pair in part.items()], level)
    assert combined == roll_up(lines, level)


@given(st.lists(st.tuples(function_codes(), amounts()), max_size=30))
def test_function_roll_ups_keep_the_total_at_every_level(lines) -> None:  # type: ignore[no-untyped-def]  # hypothesis fills the arguments
    totals = {roll_up(lines, level).total for level in FunctionLevel}
    assert totals == {sum((a for _, a in lines), Decimal(0))}


@given(st.lists(st.tuples(entity_codes(), amounts()), max_size=30))
def test_entity_roll_ups_as_columns_or_pairs_agree(lines) -> None:  # type: ignore[no-untyped-def]  # hypothesis fills the arguments
    codes = [str(c) for c, _ in lines]
    values = [a for _, a in lines]
    for level in EntityLevel:
        assert roll_up_columns(codes, values, level) == roll_up(lines, level)


@given(st.lists(st.tuples(fund_codes(), amounts()), max_size=30), st.randoms(use_true_random=False))
def test_fund_roll_ups_keep_the_total_in_any_order(lines, random) -> None:  # type: ignore[no-untyped-def]  # hypothesis fills the arguments
    shuffled = list(lines)
    random.shuffle(shuffled)
    total = sum((a for _, a in lines), Decimal(0))
    for level in FundLevel:
        assert roll_up(shuffled, level) == roll_up(lines, level)
        assert roll_up(lines, level).total == total
