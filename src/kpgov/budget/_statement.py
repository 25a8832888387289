"""The Annual Budget Statement of a district for a year, and its Financial Abstract (Form ABS).

The statement assembles the budget lines with the other parts of the budget documents
(BR-55, BR-57). :meth:`AnnualBudgetStatement.abstract` computes part 1 of Form ABS:

* A. District Fund, for each column (actuals of the last year, B.E and R.E of the current
  year, B.E of the next year): cash balance on 1 July, receipts, current, development and
  total expenditure, and the closing balance (opening + receipts - total expenditure).
* B. Public Account (estimates and adjusted estimates of the current year, estimates of the
  next year): opening balance on 1 July, assets, liabilities, closing balance on 30 June.

Public Account lines carry the *net* flow of each head in the year (Form ABS note 2: "reported
on the basis of Net Balances under Assets and Liabilities"), positive when it adds to the
balance; the closing balance is the opening balance plus the net flows. The form does not
spell out this arithmetic; it is kpgov's reading.

The cash balance on 1 July of the budget year is the closing balance of the revised estimates
(Form ABS note 1); a stated figure that differs is reported by the BR-S1-ABS-1 check.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Final

import attrs

from kpgov import _display
from kpgov.accounts import Family
from kpgov.budget._documents import (
    AdditionalBid,
    BudgetApproval,
    BudgetDocument,
    CompletingProject,
    Demand,
    ExplanatoryNote,
    IndicativeCeiling,
    Investment,
    OutgoingGovernment,
    OutstandingLiability,
    PostProvision,
    StatementOfNewExpenditure,
)
from kpgov.budget._lines import BudgetLine, Column, LineKind
from kpgov.errors import Sourced, ValidationError
from kpgov.money import ZERO, Unit, as_amount, format_amount
from kpgov.periods import FinancialYear

__all__ = [
    "ABSTRACT_COLUMNS",
    "AnnualBudgetStatement",
    "CashBalances",
    "DistrictFundAbstract",
    "FinancialAbstract",
    "PublicAccountAbstract",
]

#: The District Fund columns of the Financial Abstract, in the order Form ABS prints them.
ABSTRACT_COLUMNS: Final = (Column.ACTUAL, Column.BE_CURRENT, Column.RE_CURRENT, Column.BE_NEXT)
#: The Public Account columns: estimates and adjusted estimates (current year), estimates (next).
PUBLIC_ACCOUNT_COLUMNS: Final = (Column.BE_CURRENT, Column.RE_CURRENT, Column.BE_NEXT)


def _opt_amount(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None or value == "" else as_amount(value)


@attrs.frozen
class CashBalances(Sourced):
    """The District Fund's cash balance on 1 July as each column of Form ABS states it.

    ``be_next`` may be left out: it is then the closing balance of the revised estimates.
    """

    actual: Decimal = attrs.field(converter=as_amount)
    be_current: Decimal = attrs.field(converter=as_amount)
    re_current: Decimal = attrs.field(converter=as_amount)
    be_next: Decimal | None = attrs.field(default=None, converter=_opt_amount)


@attrs.frozen
class DistrictFundAbstract:
    """Part A of the Financial Abstract for one column.

    >>> a = DistrictFundAbstract(Column.BE_NEXT, Decimal(100), Decimal(1000), Decimal(700),
    ...                          Decimal(250))
    >>> a.total_expenditure, a.closing_balance
    (Decimal('950'), Decimal('150'))
    """

    column: Column
    opening_balance: Decimal
    receipts: Decimal
    current_expenditure: Decimal
    development_expenditure: Decimal

    @property
    def total_expenditure(self) -> Decimal:
        return self.current_expenditure + self.development_expenditure

    @property
    def closing_balance(self) -> Decimal:
        return self.opening_balance + self.receipts - self.total_expenditure


@attrs.frozen
class PublicAccountAbstract:
    """Part B of the Financial Abstract for one column (net flows; see the module notes)."""

    column: Column
    opening_balance: Decimal
    assets: Decimal
    liabilities: Decimal
    equity: Decimal = Decimal(0)

    @property
    def closing_balance(self) -> Decimal:
        return self.opening_balance + self.assets + self.liabilities + self.equity


@attrs.frozen
class FinancialAbstract:
    """Part 1 of Form ABS: the District Fund and Public Account abstracts by column."""

    district: str
    year: FinancialYear
    district_fund: tuple[DistrictFundAbstract, ...]
    public_account: tuple[PublicAccountAbstract, ...]

    def fund(self, column: Column) -> DistrictFundAbstract:
        return next(a for a in self.district_fund if a.column is column)

    def account(self, column: Column) -> PublicAccountAbstract:
        return next(a for a in self.public_account if a.column is column)

    def to_text(self, *, unit: Unit = "rupees") -> str:
        """The abstract laid out as Form ABS prints it, in lakh grouping, in whole ``unit``s
        (rupees by default; ``"million"`` gives three decimals)."""

        def cell(value: Decimal) -> str:
            places = 0 if unit == "rupees" else 3
            return format_amount(value, unit=unit, places=places).removesuffix(f" {unit}")

        cols = self.district_fund
        out = [
            f"Form ABS - Financial Abstract, {self.district}, budget year {self.year} "
            f"({'Rupees' if unit == 'rupees' else f'Rs {unit}'})",
            "A. District Fund" + " " * 14 + "".join(c.column.title.rjust(20) for c in cols),
        ]
        rows = [
            ("Cash Balance on July 1st", [c.opening_balance for c in cols]),
            ("Receipts", [c.receipts for c in cols]),
            ("Current Expenditure", [c.current_expenditure for c in cols]),
            ("Development Expenditure", [c.development_expenditure for c in cols]),
            ("Total Expenditure", [c.total_expenditure for c in cols]),
            ("Closing Balance on June 30th", [c.closing_balance for c in cols]),
        ]
        for label, values in rows:
            out.append(f"  {label:<28}" + "".join(cell(v).rjust(20) for v in values))
        pa = self.public_account
        titles = {
            Column.BE_CURRENT: "Estimates (Current)",
            Column.RE_CURRENT: "Adjusted (Current)",
            Column.BE_NEXT: "Estimates (Next)",
        }
        out.append("B. Public Account" + " " * 13 + "".join(titles[c.column].rjust(20) for c in pa))
        for label, values in (
            ("Opening Balance on July 1st", [c.opening_balance for c in pa]),
            ("Assets", [c.assets for c in pa]),
            ("Liabilities", [c.liabilities for c in pa]),
            ("Closing Balance on June 30th", [c.closing_balance for c in pa]),
        ):
            out.append(f"  {label:<28}" + "".join(cell(v).rjust(20) for v in values))
        return "\n".join(out)

    def _tables(self) -> tuple[_display.Table, _display.Table]:
        fund, pa = self.district_fund, self.public_account
        rows = [
            ("Cash Balance on July 1st", [c.opening_balance for c in fund]),
            ("Receipts", [c.receipts for c in fund]),
            ("Current Expenditure", [c.current_expenditure for c in fund]),
            ("Development Expenditure", [c.development_expenditure for c in fund]),
            ("Total Expenditure", [c.total_expenditure for c in fund]),
            ("Closing Balance on June 30th", [c.closing_balance for c in fund]),
        ]
        accounts = [
            ("Opening Balance on July 1st", [c.opening_balance for c in pa]),
            ("Assets", [c.assets for c in pa]),
            ("Liabilities", [c.liabilities for c in pa]),
            ("Closing Balance on June 30th", [c.closing_balance for c in pa]),
        ]
        return tuple(  # type: ignore[return-value]  # exactly two tables
            _display.Table(
                title,
                ("Rupees", *(c.column.title for c in cols)),
                [(label, *map(format_amount, values)) for label, values in body],
                numeric=range(1, len(cols) + 1),
            )
            for title, cols, body in (
                (f"Form ABS, {self.district} {self.year}: A. District Fund", fund, rows),
                ("B. Public Account", pa, accounts),
            )
        )

    def _repr_html_(self) -> str:
        return _display.join_html(*self._tables())

    def _repr_markdown_(self) -> str:
        return _display.join_markdown(*self._tables())


def _lines_table(lines: tuple[BudgetLine, ...]) -> _display.Table:
    return _display.Table(
        f"Budget lines ({len(lines):,})",
        ("line", "kind", "entity", "object", "function", "fund", "description", "B.E (Next)"),
        lines,
        cells=lambda x: (
            x.line_id,
            x.kind.value,
            x.entity,
            x.object,
            x.function,
            x.fund,
            x.description,
            format_amount(x.be_next),
        ),
        numeric=(7,),
    )


def _check_unique_ids(instance: AnnualBudgetStatement) -> None:
    seen: set[str] = set()
    for line in instance.lines:
        if line.line_id in seen:
            raise ValidationError(f"two budget lines have the id {line.line_id!r}", field="lines")
        seen.add(line.line_id)
    ids = [p.proposal_id for p in instance.new_expenditure.proposals]
    if len(ids) != len(set(ids)):
        raise ValidationError("two new-expenditure proposals share an id", field="new_expenditure")
    grants = [d.grant for d in instance.demands]
    if len(grants) != len(set(grants)):
        raise ValidationError("two demands share a grant number", field="demands")


@attrs.frozen
class AnnualBudgetStatement(Sourced):
    """The budget of a district for one financial year (the "next year" of the forms), with
    everything the budget documents of BR-55(1) carry that kpgov checks.

    ``documents`` lists the BR-55(1) documents prepared; ``council_office`` is the office part
    of the entity code used for the District Council and its Secretariat (BR-11(5));
    ``presented_on`` is the date the budget was laid before the council (LGA-35(1));
    ``approval`` records how it was approved (LGA-35(2), (4)).
    """

    district: str
    year: FinancialYear
    cash_balance: CashBalances
    public_account_opening: Decimal = attrs.field(converter=as_amount)
    lines: tuple[BudgetLine, ...] = ()
    demands: tuple[Demand, ...] = ()
    ceilings: tuple[IndicativeCeiling, ...] = ()
    additional_bids: tuple[AdditionalBid, ...] = ()
    new_expenditure: StatementOfNewExpenditure = attrs.field(factory=StatementOfNewExpenditure)
    completing_projects: tuple[CompletingProject, ...] = ()
    posts: tuple[PostProvision, ...] = ()
    investments: tuple[Investment, ...] = ()
    liabilities: tuple[OutstandingLiability, ...] = ()
    notes: tuple[ExplanatoryNote, ...] = ()
    documents: frozenset[BudgetDocument] = frozenset()
    supplementary_budget_required: bool = False
    council_office: str | None = None
    presented_on: date | None = None
    outgoing: OutgoingGovernment | None = None
    approval: BudgetApproval | None = None

    def __attrs_post_init__(self) -> None:
        _check_unique_ids(self)

    @property
    def subject(self) -> str:
        """How findings name the statement: ``"Abbottabad 2016-17"``."""
        return f"{self.district} {self.year}"

    def __repr__(self) -> str:
        return _display.short("AnnualBudgetStatement", self.subject, count=len(self.lines))

    def _repr_html_(self) -> str:
        return _display.join_html(*self.abstract()._tables(), _lines_table(self.lines))

    def _repr_markdown_(self) -> str:
        return _display.join_markdown(*self.abstract()._tables(), _lines_table(self.lines))

    def lines_of(self, *kinds: LineKind) -> Iterator[BudgetLine]:
        return (line for line in self.lines if line.kind in kinds)

    def total(self, kind: LineKind, column: Column) -> Decimal:
        """Exact total of ``column`` over the lines of ``kind``."""
        name = column.value
        total = ZERO
        for line in self.lines:
            if line.kind is kind:
                value = getattr(line, name)
                if value is not None:
                    total += value
        return total

    def totals(self) -> Mapping[tuple[LineKind, Column], Decimal]:
        """Every (kind, column) total in one pass over the lines (outer years not projected
        count as zero)."""
        sums = {kind: [ZERO] * 6 for kind in LineKind}
        for line in self.lines:
            acc = sums[line.kind]
            acc[0] += line.actual
            acc[1] += line.be_current
            acc[2] += line.re_current
            acc[3] += line.be_next
            if line.outer_1 is not None:
                acc[4] += line.outer_1
            if line.outer_2 is not None:
                acc[5] += line.outer_2
        return {
            (kind, column): sums[kind][i] for kind in LineKind for i, column in enumerate(Column)
        }

    @property
    def investments_total(self) -> Decimal:
        return sum((i.amount for i in self.investments), ZERO)

    def abstract(self) -> FinancialAbstract:
        """Part 1 of Form ABS, the Financial Abstract (BR-57(1)(a))."""
        return abstract_from_totals(self, self.totals())


def abstract_from_totals(
    statement: AnnualBudgetStatement, totals: Mapping[tuple[LineKind, Column], Decimal]
) -> FinancialAbstract:
    """The Financial Abstract of ``statement`` given its (kind, column) totals."""
    cash = statement.cash_balance
    fund: list[DistrictFundAbstract] = []
    for column, opening in (
        (Column.ACTUAL, cash.actual),
        (Column.BE_CURRENT, cash.be_current),
        (Column.RE_CURRENT, cash.re_current),
    ):
        fund.append(
            DistrictFundAbstract(
                column,
                opening,
                totals[LineKind.RECEIPT, column],
                totals[LineKind.CURRENT, column],
                totals[LineKind.DEVELOPMENT, column],
            )
        )
    fund.append(
        DistrictFundAbstract(
            Column.BE_NEXT,
            fund[2].closing_balance,  # Form ABS note 1: after finalizing the R.E
            totals[LineKind.RECEIPT, Column.BE_NEXT],
            totals[LineKind.CURRENT, Column.BE_NEXT],
            totals[LineKind.DEVELOPMENT, Column.BE_NEXT],
        )
    )
    flows: dict[tuple[Family, Column], Decimal] = {}
    for line in statement.lines_of(LineKind.PUBLIC_ACCOUNT):
        family = line.object.family
        for column in PUBLIC_ACCOUNT_COLUMNS:
            key = (family, column)
            flows[key] = flows.get(key, ZERO) + line.amount(column)
    public: list[PublicAccountAbstract] = []
    opening_current = statement.public_account_opening
    for column in PUBLIC_ACCOUNT_COLUMNS:
        opening = opening_current
        if column is Column.BE_NEXT:
            opening = public[1].closing_balance  # opening of next year: adjusted closing
        assets = flows.get((Family.ASSET, column), ZERO)
        liabilities = sum(
            (
                v
                for (fam, col), v in flows.items()
                if col is column and fam is not Family.ASSET and fam is not Family.EQUITY
            ),
            ZERO,
        )
        equity = flows.get((Family.EQUITY, column), ZERO)
        public.append(PublicAccountAbstract(column, opening, assets, liabilities, equity))
    return FinancialAbstract(statement.district, statement.year, tuple(fund), tuple(public))
