"""Hypothesis strategies for kpgov values, for kpgov's own tests and for downstream projects.

Needs the ``hypothesis`` package; nothing else in kpgov imports this module.

>>> from hypothesis import given
>>> @given(amounts())
... def test_amount_is_exact(amount):
...     assert amount == amount + 0
>>> test_amount_is_exact()
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import attrs
from hypothesis import strategies as st

from kpgov import accounts as _accounts
from kpgov import adp as _adp
from kpgov import budget as _budget
from kpgov.periods import FinancialYear, Month

__all__ = ["amounts", "financial_years", "months"]


def amounts(
    *,
    min_value: Decimal | int = -(10**13),
    max_value: Decimal | int = 10**13,
    places: int = 2,
) -> st.SearchStrategy[Decimal]:
    """Rupee amounts with at most ``places`` decimals (paisa by default)."""
    return st.decimals(
        min_value=Decimal(min_value),
        max_value=Decimal(max_value),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )


def financial_years(min_year: int = 2000, max_year: int = 2099) -> st.SearchStrategy[FinancialYear]:
    return st.builds(FinancialYear, st.integers(min_year, max_year))


def months(min_year: int = 2000, max_year: int = 2099) -> st.SearchStrategy[Month]:
    return st.builds(Month, st.integers(min_year, max_year), st.integers(1, 12))


# --------------------------------------------------------------------- Chart of Accounts codes
# Strategies for the five code elements and the three classifications of kpgov.accounts.

__all__ += [  # extends the list above, keeping the shared list untouched
    "entity_codes",
    "expenditure_classifications",
    "function_codes",
    "fund_codes",
    "object_codes",
    "project_codes",
    "public_account_classifications",
    "receipt_classifications",
]

_OBJECT_LETTERS = "ABCEFGH"
_DETAIL_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def object_codes(
    *,
    level: _accounts.ObjectLevel | None = None,
    family: _accounts.Family | None = None,
) -> st.SearchStrategy[_accounts.ObjectCode]:
    """Well-formed object codes (any family letter A-H but D, any level unless given)."""
    letters = st.just(family.letter) if family is not None else st.sampled_from(_OBJECT_LETTERS)
    levels = st.just(level) if level is not None else st.sampled_from(list(_accounts.ObjectLevel))

    @st.composite
    def build(draw: st.DrawFn) -> _accounts.ObjectCode:
        chosen = draw(levels)
        text = draw(letters) + draw(st.text("0123456789", min_size=3, max_size=3))
        if chosen is _accounts.ObjectLevel.DETAILED:
            text += draw(st.text(_DETAIL_CHARS, min_size=2, max_size=2))
        return _accounts.ObjectCode(text[: chosen.length])

    return build()


def function_codes(
    *, level: _accounts.FunctionLevel | None = None
) -> st.SearchStrategy[_accounts.FunctionCode]:
    """Well-formed function codes (majors 01-10, any level unless given)."""
    levels = st.just(level) if level is not None else st.sampled_from(list(_accounts.FunctionLevel))

    def build(major: int, rest: str, chosen: _accounts.FunctionLevel) -> _accounts.FunctionCode:
        return _accounts.FunctionCode((f"{major:02d}" + rest)[: chosen.length])

    return st.builds(
        build, st.integers(1, 10), st.text("0123456789", min_size=4, max_size=4), levels
    )


def fund_codes(
    *, level: _accounts.FundLevel | None = None
) -> st.SearchStrategy[_accounts.FundCode]:
    """Well-formed fund codes: the Public Account (fund level only) or the District Fund down
    to any level."""
    levels = st.just(level) if level is not None else st.sampled_from(list(_accounts.FundLevel))

    @st.composite
    def build(draw: st.DrawFn) -> _accounts.FundCode:
        depth = draw(levels).depth
        if depth == 1 and draw(st.booleans()):
            return _accounts.FundCode(_accounts.FundKind.PUBLIC_ACCOUNT)
        return _accounts.FundCode(
            _accounts.FundKind.DISTRICT_FUND,
            draw(st.sampled_from(list(_accounts.FundSource))) if depth >= 2 else None,
            draw(st.sampled_from(list(_accounts.SubFund))) if depth >= 3 else None,
            f"{draw(st.integers(0, 999)):03d}" if depth >= 4 else None,
        )

    return build()


def entity_codes(
    *, level: _accounts.EntityLevel | None = None
) -> st.SearchStrategy[_accounts.EntityCode]:
    """Well-formed entity codes in kpgov notation (district-office-cost centre)."""
    levels = st.just(level) if level is not None else st.sampled_from(list(_accounts.EntityLevel))

    @st.composite
    def build(draw: st.DrawFn) -> _accounts.EntityCode:
        depth = draw(levels).depth
        parts = [draw(st.text(_ALNUM, min_size=2, max_size=6))]
        if depth >= 2:
            parts.append(draw(st.text(_ALNUM, min_size=1, max_size=8)))
        if depth >= 3:
            parts.append(draw(st.text(_ALNUM, min_size=4, max_size=4)))
        return _accounts.EntityCode("-".join(parts))

    return build()


def project_codes() -> st.SearchStrategy[_accounts.ProjectCode]:
    """Project codes: capitals and digits, with '-', '/' or '.' inside."""
    return st.from_regex(r"\A[A-Z0-9](?:[A-Z0-9/\-.]{0,10}[A-Z0-9])?\Z").map(_accounts.ProjectCode)


def expenditure_classifications(
    *, valid: bool = False
) -> st.SearchStrategy[_accounts.ExpenditureClassification]:
    """Expenditure classifications; with ``valid=True`` every element is deep enough for
    BR-11(4), the object is of family A, and development sub-funds carry a project."""
    if not valid:
        return st.builds(
            _accounts.ExpenditureClassification,
            entity_codes(),
            function_codes(),
            object_codes(),
            fund_codes(),
            st.none() | project_codes(),
        )

    @st.composite
    def build(draw: st.DrawFn) -> _accounts.ExpenditureClassification:
        expenditure = _accounts.Family.EXPENDITURE
        fund = draw(fund_codes(level=_accounts.FundLevel.GRANT))
        project = draw(project_codes()) if fund.development else draw(st.none() | project_codes())
        return _accounts.ExpenditureClassification(
            draw(entity_codes(level=_accounts.EntityLevel.COST_CENTRE)),
            draw(function_codes(level=_accounts.FunctionLevel.SUB_DETAILED)),
            draw(object_codes(level=_accounts.ObjectLevel.DETAILED, family=expenditure)),
            fund,
            project,
        )

    return build()


def receipt_classifications() -> st.SearchStrategy[_accounts.ReceiptClassification]:
    """Receipt classifications with any entity and object."""
    return st.builds(_accounts.ReceiptClassification, entity_codes(), object_codes())


def public_account_classifications() -> st.SearchStrategy[_accounts.PublicAccountClassification]:
    """Public Account classifications with any object and either major account."""
    return st.builds(
        _accounts.PublicAccountClassification,
        object_codes(),
        st.sampled_from(list(_accounts.PublicAccountKind)),
    )


# --- budget lines and development projects --------------------------------------------------

__all__ += ["budget_lines", "projects"]  # extends the list above


@st.composite
def budget_lines(draw: st.DrawFn, *, kind: _budget.LineKind | None = None) -> _budget.BudgetLine:
    """Budget lines of any kind (or of ``kind``), classified as BR-11 asks (expenditure to the
    detailed object and sub-detailed function, on the voted current or development sub-fund,
    development lines with a project code), every column of the forms a non-negative amount."""
    line_kind = draw(st.sampled_from(list(_budget.LineKind))) if kind is None else kind
    line: _budget.BudgetLine
    if line_kind is _budget.LineKind.RECEIPT:
        classification = draw(receipt_classifications())
        line = _budget.BudgetLine(
            line_id=draw(_line_ids),
            kind=line_kind,
            entity=classification.entity,
            object=classification.object,
        )
    elif line_kind is _budget.LineKind.PUBLIC_ACCOUNT:
        account = draw(public_account_classifications())
        line = _budget.BudgetLine(
            line_id=draw(_line_ids),
            kind=line_kind,
            entity=draw(entity_codes()),
            object=account.object,
            account=account.account,
        )
    else:
        spending = draw(expenditure_classifications(valid=True))
        development = line_kind is _budget.LineKind.DEVELOPMENT
        fund = _accounts.FundCode(  # voted: charged sub-funds are for LGA-32(1) charges only
            _accounts.FundKind.DISTRICT_FUND,
            spending.fund.source,
            _accounts.SubFund.VOTED_DEVELOPMENT if development else _accounts.SubFund.VOTED_CURRENT,
            spending.fund.grant,
        )
        project = spending.project
        if development and project is None:
            project = draw(project_codes())
        line = _budget.BudgetLine(
            line_id=draw(_line_ids),
            kind=line_kind,
            entity=spending.entity,
            object=spending.object,
            function=spending.function,
            fund=fund,
            project=project,
        )
    money = amounts(min_value=0, max_value=10**10)
    return attrs.evolve(
        line,
        actual=draw(money),
        be_current=draw(money),
        re_current=draw(money),
        be_next=draw(money),
        outer_1=draw(money),
        outer_2=draw(money),
    )


_line_ids = st.from_regex(r"\A[A-Z]{2,4}-[0-9]{1,5}\Z")


@st.composite
def projects(draw: st.DrawFn) -> _adp.Project:
    """Development projects as on Form BDD-4, with a start before the planned completion."""
    start = draw(st.dates(min_value=date(2016, 7, 1), max_value=date(2040, 6, 30)))
    return _adp.Project(
        code=str(draw(project_codes())),
        name=draw(st.text(min_size=1, max_size=60)),
        sponsoring_agency=draw(st.sampled_from(["Education", "Health", "Works", "Agriculture"])),
        executing_agency=draw(
            st.sampled_from(["Communication and Works", "Public Health Engineering"])
        ),
        sector=draw(st.sampled_from(["Education", "Health", "Roads", "Water"])),
        function=str(draw(function_codes(level=_accounts.FunctionLevel.SUB_DETAILED))),
        location=draw(st.text(min_size=1, max_size=40)),
        kind=draw(st.sampled_from(list(_adp.ProjectKind))),
        funding_source=draw(st.sampled_from(list(_adp.FundingSource))),
        cost=draw(amounts(min_value=0, max_value=10**10)),
        start=start,
        completion=start + timedelta(days=draw(st.integers(0, 3 * 365))),
    )


# The seeded generator of SYNTHETIC example districts (moved out of kpgov.budget, issue 16).
from kpgov._synthetic import SYNTHETIC_DEFECTS, synthetic_statement  # noqa: E402  # appended so the shared top of the module stays as it is

__all__ += ["SYNTHETIC_DEFECTS", "synthetic_statement"]
