"""Citations, rule ids, the registry and dated parameters."""

from datetime import date
from decimal import Decimal

import pytest

from kpgov.errors import NotFoundError, ValidationError
from kpgov.law import (
    PARAMETERS,
    Citation,
    Parameter,
    Rule,
    RuleRegistry,
    Severity,
    parse_rule_id,
)


@pytest.mark.parametrize(
    "rule_id",
    [
        "BR-66(4)",
        "BR-36(9)(b)",
        "BR-11(4)(d)(iii)",
        "BR-S2-11",
        "LGA-35(3)",
        "GGS-OG-12",
        "GGS-IT-07a",
        "SOP-1",
        "SDSSP-4(i)",
        "GGS-5.2",
        "GGS-review-cadence",
        "BR-11(4)#object",
        "BR-80",
    ],
)
def test_rule_ids_follow_the_design(rule_id: str) -> None:
    assert parse_rule_id(rule_id) == rule_id


@pytest.mark.parametrize(
    "rule_id", ["BR 66", "br-66(4)", "BR-66(4", "GGS-XX-1", "LGA-", "BR-66(4)#Object", ""]
)
def test_malformed_rule_ids_are_refused(rule_id: str) -> None:
    with pytest.raises(ValidationError, match="is not a rule id"):
        parse_rule_id(rule_id)


def _rule(rule_id: str = "BR-66(4)", title: str = "Closing balance") -> Rule:
    return Rule(rule_id, Citation("BR", rule_id[3:], "excerpt"), title, Severity.ERROR, "budget")


def test_registry_sorts_numerically_and_filters() -> None:
    registry = RuleRegistry([_rule("BR-10(2)(c)"), _rule("BR-9"), _rule("BR-66(4)")])
    registry.register(
        Rule("LGA-35(3)", Citation("LGA", "35(3)"), "8% a month", Severity.ERROR, "budget")
    )
    assert [r.id for r in registry.all()] == ["BR-9", "BR-10(2)(c)", "BR-66(4)", "LGA-35(3)"]
    assert [r.id for r in registry.all(instrument="LGA")] == ["LGA-35(3)"]
    assert registry.all(package="adp") == []
    assert "BR-9" in registry
    assert len(registry) == 4


def test_registry_refuses_a_second_definition_but_accepts_the_same_one() -> None:
    registry = RuleRegistry([_rule()])
    registry.register(_rule())
    with pytest.raises(ValidationError, match="already registered"):
        registry.register(_rule(title="Something else"))
    with pytest.raises(NotFoundError, match="no rule 'BR-1'"):
        registry.get("BR-1")


def test_citations_know_their_instrument() -> None:
    assert Citation("LGA", "35(3)").reference == "Local Government Act 2013, s.35(3)"
    assert (
        str(Citation("BR", "66(4)", "five percent")) == "Budget Rules 2016, r.66(4): five percent"
    )
    with pytest.raises(ValidationError, match="unknown instrument"):
        Citation("XYZ", "1")


def test_default_parameters_cite_their_clauses() -> None:
    assert {p.citation.clause for p in PARAMETERS.values()} >= {"66(4)", "33(3)", "36(7)"}
    assert PARAMETERS.value("outgoing_monthly_spending_limit", date(2020, 1, 1)) == Decimal("0.08")
    assert PARAMETERS.value("completion_months_roads", date(2020, 1, 1)) == 9
    assert PARAMETERS.value("ddc_approval_limit", date(2020, 1, 1)) is None
    assert PARAMETERS.value("closing_balance_floor", date(2000, 1, 1)) is None  # before the rules


def test_overrides_are_dated_and_leave_the_default_alone() -> None:
    changed = PARAMETERS.override("closing_balance_floor", Decimal("0.1"), since=date(2030, 7, 1))
    assert changed.value("closing_balance_floor", date(2030, 6, 30)) == Decimal("0.05")
    assert changed.value("closing_balance_floor", date(2030, 7, 1)) == Decimal("0.1")
    assert PARAMETERS.value("closing_balance_floor", date(2030, 7, 1)) == Decimal("0.05")
    with pytest.raises(NotFoundError):
        PARAMETERS.override("no_such_parameter", 1, since=date(2020, 1, 1))


def test_parameter_values_must_be_in_date_order() -> None:
    with pytest.raises(ValidationError, match="date order"):
        Parameter(
            "x",
            Citation("BR", "1"),
            "x",
            "rupees",
            ((date(2020, 1, 1), 1), (date(2019, 1, 1), 2)),
        )
    with pytest.raises(ValidationError, match="Decimal, an int or None"):
        Parameter("x", Citation("BR", "1"), "x", "rupees", ((date(2020, 1, 1), "5"),))  # type: ignore[arg-type]
