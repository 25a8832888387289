"""The one converter: exact amounts, ISO dates, labels, and errors that name the path."""

from datetime import date
from decimal import Decimal
from enum import Enum

import attrs
import pytest
from hypothesis import given

from kpgov.convert import structure, unstructure
from kpgov.errors import ParseError
from kpgov.periods import FinancialYear, Month
from kpgov.testing import amounts, financial_years, months


class Kind(Enum):
    VOTED = "voted"
    CHARGED = "charged"


@attrs.frozen
class Line:
    amount: Decimal
    kind: Kind
    year: FinancialYear
    month: Month
    approved_on: date
    note: str | None = None


@attrs.frozen
class Document:
    district: str
    lines: tuple[Line, ...]


GOOD_LINE = {
    "amount": "1200.50",
    "kind": "voted",
    "year": "2016-17",
    "month": "2016-07",
    "approved_on": "2016-06-20",
}


def test_round_trip_keeps_amounts_exact() -> None:
    document = structure({"district": "Swat", "lines": [GOOD_LINE]}, Document)
    assert document.lines[0].amount == Decimal("1200.50")
    assert unstructure(document) == {"district": "Swat", "lines": [{**GOOD_LINE, "note": None}]}


@pytest.mark.parametrize(
    ("bad", "field", "message"),
    [
        ({"amount": 1.5}, "$.lines[1].amount", "not floats"),
        ({"amount": "12x"}, "$.lines[1].amount", "not an amount"),
        ({"kind": "secret"}, "$.lines[1].kind", "not a valid Kind"),
        ({"year": "2016-18"}, "$.lines[1].year", "not a financial year"),
        ({"approved_on": "20/06/2016"}, "$.lines[1].approved_on", "not an ISO date"),
        ({"colour": "red"}, "$.lines[1].colour", "unknown key"),
    ],
)
def test_errors_name_the_path_of_the_bad_value(
    bad: dict[str, object], field: str, message: str
) -> None:
    data = {"district": "Swat", "lines": [GOOD_LINE, {**GOOD_LINE, **bad}]}
    with pytest.raises(ParseError, match=message) as caught:
        structure(data, Document, file="swat.json")
    assert caught.value.field == field
    assert caught.value.file == "swat.json"


def test_a_missing_field_is_named() -> None:
    line = {k: v for k, v in GOOD_LINE.items() if k != "year"}
    with pytest.raises(ParseError, match="required field is missing") as caught:
        structure({"district": "Swat", "lines": [line]}, Document)
    assert caught.value.field == "$.lines[0].year"


@given(amounts(), financial_years(), months())
def test_values_survive_the_converter(amount: Decimal, fy: FinancialYear, month: Month) -> None:
    line = Line(amount, Kind.CHARGED, fy, month, date(2020, 1, 31), "اردو 'quoted'")
    assert structure(unstructure(line), Line) == line


@attrs.frozen
class Report:
    period: Month | FinancialYear
    kinds: frozenset[Kind]


def test_a_period_is_a_month_or_a_year_by_its_label() -> None:
    monthly = structure({"period": "2019-08", "kinds": []}, Report)
    yearly = structure({"period": "2019-20", "kinds": []}, Report)
    assert (monthly.period, yearly.period) == (Month(2019, 8), FinancialYear(2019))
    with pytest.raises(ParseError, match="not a period") as caught:
        structure({"period": "2019", "kinds": []}, Report)
    assert caught.value.field == "$.period"


def test_sets_travel_as_sorted_lists() -> None:
    report = Report(Month(2019, 8), frozenset([Kind.VOTED, Kind.CHARGED]))
    assert unstructure(report) == {"period": "2019-08", "kinds": ["charged", "voted"]}
    assert structure(unstructure(report), Report) == report
