"""Code values of the five elements, on real codes from the reference facts."""

from __future__ import annotations

import re

import pytest

from kpgov.accounts import (
    Element,
    EntityCode,
    EntityLevel,
    Family,
    FunctionCode,
    FunctionLevel,
    FundCode,
    FundKind,
    FundLevel,
    FundSource,
    ObjectCode,
    ObjectLevel,
    ProjectCode,
    SubFund,
    parse_code,
    parse_entity,
    parse_function,
    parse_fund,
    parse_object,
    parse_project,
)
from kpgov.errors import ParseError


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("a-01101", "A01101"),
        (" A01101 ", "A01101"),
        ("A01-1-01", "A01101"),
        ("a0120d", "A0120D"),
        ("A 012 0A", "A0120A"),
        ("c027", "C027"),
        ("G12145", "G12145"),
        ("b01", "B01"),
        ("A01\n", "A01"),
        ("\tA01101\r\n", "A01101"),
    ],
)
def test_object_codes_are_read_as_people_type_them(typed: str, canonical: str) -> None:
    assert str(parse_object(typed)) == canonical


def test_an_object_code_knows_its_level_parent_ancestors_and_family() -> None:
    code = parse_object("A01202")  # House Rent Allowance
    assert code.level is ObjectLevel.DETAILED
    assert code.parent == ObjectCode("A012")
    assert code.ancestors == (ObjectCode("A012"), ObjectCode("A01"))
    assert code.major == ObjectCode("A01")
    assert code.family is Family.EXPENDITURE
    assert code.element is Element.OBJECT
    assert ObjectCode("A01").parent is None
    assert ObjectCode("A01").ancestors == ()


def test_object_families_follow_the_letters() -> None:
    assert parse_object("B01").family is Family.TAX_RECEIPT
    assert parse_object("C038").family is Family.NON_TAX_RECEIPT
    assert parse_object("E01").family is Family.CAPITAL_RECEIPT
    assert parse_object("F01").family is Family.ASSET
    assert parse_object("G121").family is Family.LIABILITY
    assert parse_object("H01").family is Family.EQUITY


def test_within_follows_the_hierarchy_only() -> None:
    assert parse_object("A0120D").within(parse_object("A012"))
    assert parse_object("A0120D").within(parse_object("A0120D"))
    assert not parse_object("A01202").within(parse_object("A011"))
    assert not parse_object("A012").within(parse_object("A01202"))
    assert not parse_object("A01").within(parse_function("01"))


def test_at_lifts_a_code_to_a_level_and_never_lowers_it() -> None:
    assert parse_object("A03201").at(ObjectLevel.MAJOR) == ObjectCode("A03")
    assert parse_object("A03").at(ObjectLevel.DETAILED) == ObjectCode("A03")
    assert parse_function("011105").at(FunctionLevel.DETAILED) == FunctionCode("0111")
    assert parse_entity("PSH-EDU-PR12").at(EntityLevel.DISTRICT) == EntityCode("PSH")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "A0110",
            "a minor code has 4 characters and a detailed code 6 (did you mean A01100 or A011?)",
        ),
        ("AO1101", "the major and minor heads are digits (as in A01101) (did you mean A01101?)"),
        ("D01101", "there is no family D"),
        ("X01", "must start with a family letter"),
        ("A1", "a major code has 3 characters"),
        ("A0110111", "it has 8 characters"),
        ("AB1101", "the major and minor heads are digits"),
        ("A011-0$", "the detailed part is two digits or capital letters"),
        ("", "it is empty"),
    ],
)
def test_bad_object_codes_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=re.escape(message)):
        parse_object(text)


def test_a_parse_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="not an object code"):
        parse_object("A0110")


def test_non_text_is_refused() -> None:
    with pytest.raises(ParseError, match="expected text, got int"):
        parse_object(101)  # type: ignore[arg-type]  # deliberately wrong


@pytest.mark.parametrize(
    ("typed", "canonical", "level"),
    [
        ("01", "01", FunctionLevel.MAJOR),
        ("011", "011", FunctionLevel.MINOR),
        ("0111", "0111", FunctionLevel.DETAILED),
        ("011101", "011101", FunctionLevel.SUB_DETAILED),
        ("09-1-1-01", "091101", FunctionLevel.SUB_DETAILED),
        (" 07 3 1 01 ", "073101", FunctionLevel.SUB_DETAILED),
        ("10", "10", FunctionLevel.MAJOR),
    ],
)
def test_function_codes(typed: str, canonical: str, level: FunctionLevel) -> None:
    code = parse_function(typed)
    assert str(code) == canonical
    assert code.level is level


def test_no_code_keeps_a_trailing_newline() -> None:
    assert parse_function("011101\n").code == "011101"
    assert parse_entity("PSH-EDU\n").code == "PSH-EDU"
    assert parse_project("ADP-1\n").code == "ADP-1"
    assert str(parse_fund("DF-R-1\n")) == "DF-R-1"


def test_a_function_code_chain_ends_at_its_major() -> None:
    code = parse_function("019101")  # Administrative Training
    assert [str(a) for a in code.ancestors] == ["0191", "019", "01"]
    assert code.family is Family.EXPENDITURE
    assert code.within(FunctionCode("01"))
    assert not code.within(FunctionCode("011"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("01110", "a sub-detailed code has 6 digits"),
        ("11", "the major function is 01 to 10, not 11"),
        ("00", "the major function is 01 to 10, not 00"),
        ("0A1", "function codes are digits only"),
        ("1", "a major function has 2 digits"),
        ("0111011", "it has 7 digits"),
    ],
)
def test_bad_function_codes(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_function(text)


def test_fund_codes_carry_the_four_parts_of_br_11_4_d() -> None:
    code = parse_fund("df-r-4-12")
    assert str(code) == "DF-R-4-012"
    assert code.fund is FundKind.DISTRICT_FUND
    assert code.source is FundSource.REVENUE
    assert code.sub_fund is SubFund.CHARGED_CURRENT
    assert code.grant == "012"
    assert code.level is FundLevel.GRANT
    assert code.charged is True
    assert code.development is False
    assert [str(a) for a in code.ancestors] == ["DF-R-4", "DF-R", "DF"]
    assert code.within(parse_fund("DF-R"))
    assert not code.within(parse_fund("DF-C"))
    assert parse_fund("DFC2001") == parse_fund("DF-C-2-001")
    assert parse_fund("PA").level is FundLevel.FUND


def test_the_six_sub_funds() -> None:
    assert [s.title for s in SubFund] == [
        "Voted Current Expenditure",
        "Voted Development Expenditure",
        "Voted Capital Expenditure",
        "Charged Current Expenditure",
        "Charged Development Expenditure",
        "Charged Capital Expenditure",
    ]
    assert [s.value for s in SubFund if s.development] == [2, 5]
    assert [s.value for s in SubFund if s.charged] == [4, 5, 6]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("DF-R-7", "the sub-fund is 1 to 6"),
        ("XX-R-1", "expected DF or PA"),
        ("PA-R", "the Public Account has no source"),
        ("DF-R-1-1234", "expected DF or PA"),
    ],
)
def test_bad_fund_codes(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_fund(text)


def test_fund_parts_must_come_in_order() -> None:
    with pytest.raises(ParseError, match="a sub-fund needs a source"):
        FundCode(FundKind.DISTRICT_FUND, None, SubFund.VOTED_CURRENT)
    with pytest.raises(ParseError, match="a grant number has 3 digits"):
        FundCode(FundKind.DISTRICT_FUND, FundSource.REVENUE, SubFund.VOTED_CURRENT, "12")


def test_entity_codes() -> None:
    code = parse_entity("psh / edu / pr12")
    assert str(code) == "PSH-EDU-PR12"
    assert code.level is EntityLevel.COST_CENTRE
    assert (code.district, code.office, code.cost_centre) == ("PSH", "EDU", "PR12")
    assert [str(a) for a in code.ancestors] == ["PSH-EDU", "PSH"]
    assert code.within(EntityCode("PSH"))
    assert not EntityCode("PSHX-EDU").within(EntityCode("PSH"))
    with pytest.raises(ParseError, match="it has 4 parts"):
        parse_entity("PSH-EDU-PR12-X")
    with pytest.raises(ParseError, match="the district part 'P' must be 2 to 6"):
        parse_entity("P-EDU")


def test_project_codes() -> None:
    code = parse_project(" adp-2016/041 ")
    assert str(code) == "ADP-2016/041"
    assert code.parent is None
    assert code.ancestors == ()
    assert code.major == code
    assert code.within(ProjectCode("ADP-2016/041"))
    with pytest.raises(ParseError, match="not a project code"):
        parse_project("ADP 41")
    with pytest.raises(ParseError, match="it is empty"):
        parse_project("  ")


def test_codes_are_hashable_ordered_values() -> None:
    codes = [parse_object(t) for t in ("A03201", "a-01101", "A01101", "A012")]
    assert sorted(set(codes)) == [ObjectCode("A01101"), ObjectCode("A012"), ObjectCode("A03201")]
    assert parse_fund("DF-R-1") < parse_fund("DF-R-2")
    assert repr(parse_object("a01")) == "ObjectCode('A01')"


def test_parse_code_tells_the_element_from_the_shape() -> None:
    assert parse_code("a-01101") == ObjectCode("A01101")
    assert parse_code("011101") == FunctionCode("011101")
    assert parse_code("DF-R-1") == parse_fund("DF-R-1")
    assert parse_code("PSH-EDU-PR12") == EntityCode("PSH-EDU-PR12")
    assert parse_code("ADP-041", Element.PROJECT) == ProjectCode("ADP-041")
    with pytest.raises(ParseError, match="a minor code has 4 characters and a detailed code 6"):
        parse_code("A0110")
    with pytest.raises(ParseError, match="'budget' is not an element"):
        parse_code("A01", "budget")
