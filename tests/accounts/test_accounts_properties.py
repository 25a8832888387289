"""Properties of every element's codes: parse/format round trips and ancestor chains."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from kpgov.accounts import (
    EntityCode,
    ExpenditureClassification,
    FunctionCode,
    FundCode,
    ObjectCode,
    ProjectCode,
    check_expenditure,
    parse_entity,
    parse_function,
    parse_fund,
    parse_object,
    parse_project,
)
from kpgov.convert import structure, unstructure
from kpgov.testing import (
    entity_codes,
    expenditure_classifications,
    function_codes,
    fund_codes,
    object_codes,
    project_codes,
    public_account_classifications,
    receipt_classifications,
)

ELEMENTS = [
    (object_codes(), parse_object),
    (function_codes(), parse_function),
    (fund_codes(), parse_fund),
    (entity_codes(), parse_entity),
    (project_codes(), parse_project),
]
ANY_CODE = st.one_of(*(strategy for strategy, _ in ELEMENTS))
PARSER_OF: dict[type, Callable[[str], object]] = {
    ObjectCode: parse_object,
    FunctionCode: parse_function,
    FundCode: parse_fund,
    EntityCode: parse_entity,
    ProjectCode: parse_project,
}


@given(ANY_CODE)
def test_format_then_parse_gives_the_same_code(code) -> None:  # type: ignore[no-untyped-def]  # hypothesis fills the arguments
    parse = PARSER_OF[type(code)]
    assert parse(str(code)) == code
    assert str(parse(str(code))) == str(code)
    assert parse(code) is code


@given(ANY_CODE, st.sampled_from(["-", " ", "."]), st.booleans())
def test_what_people_type_reads_as_the_canonical_code(code, separator, lower) -> None:  # type: ignore[no-untyped-def]  # hypothesis fills the arguments
    parse = PARSER_OF[type(code)]
    text = str(code)
    if isinstance(code, ObjectCode | FunctionCode):
        text = separator.join(text)  # a separator between every character
    typed = f"  {text.lower() if lower else text} "
    assert parse(typed) == code


@given(ANY_CODE)
def test_the_ancestor_chain_ends_at_the_major(code) -> None:  # type: ignore[no-untyped-def]  # hypothesis fills the arguments
    chain = code.ancestors
    if chain:
        assert chain[-1] == code.major
        assert chain[0] == code.parent
        assert code.major.parent is None
    else:
        assert code.parent is None
        assert code.major == code
    depths = [code.level.depth, *(a.level.depth for a in chain)]
    assert depths == sorted(depths, reverse=True)
    assert len(set(depths)) == len(depths)
    for ancestor in chain:
        assert code.within(ancestor)
        assert not ancestor.within(code)
        assert ancestor.family == code.family
    assert code.within(code)


@given(
    st.one_of(
        expenditure_classifications(),
        receipt_classifications(),
        public_account_classifications(),
    )
)
def test_classifications_round_trip_through_the_converter(classification) -> None:  # type: ignore[no-untyped-def]  # hypothesis fills the arguments
    data = unstructure(classification)
    assert all(isinstance(v, str | None) for v in data.values())
    assert structure(data, type(classification)) == classification


@given(expenditure_classifications(valid=True))
def test_valid_expenditure_breaks_no_structural_rule(line: ExpenditureClassification) -> None:
    findings = check_expenditure(line, charged=line.fund.charged)
    # Only BR-11(1) may fire: generated codes need not be in the shipped catalogue.
    assert {f.rule_id for f in findings} <= {"BR-11(1)"}
