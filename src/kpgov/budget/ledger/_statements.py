"""Statements computed from the appropriation ledger.

* :func:`monthly_reconciliation` - Form BM-2 (current) or BM-6 (development): per detailed
  object the budget grant, re-appropriations, supplementary grants, surrenders, final grant,
  the actual expenditure of the month and the progressive expenditure (BR-80, BR-81(2)).
* :func:`excesses_and_surrenders` - Form BM-13 after eight months: eight months' actuals plus
  the expected four, and the excess or surrender of each head (BR-82); :func:`check_excesses_and_
  surrenders` checks its notes (BR-82(7)) and the supplementary grants it calls for (BR-83(2)).
* :func:`revised_estimates` - the revised estimates built from it (BR-82(5)(a), BR-83(1)).
* :func:`fiscal_space` - what is left for new development projects (BR-43(1)).
* three-year projections (BR-52(5)-(6)) are in :mod:`kpgov.budget.ledger._projections`.

The columns of BM-11, BM-12 and BM-13 are not in the seed text (the tables were lost when the
rules were extracted); BM-13 here carries what BR-82(4) says it rests on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

import attrs

from kpgov import _display
from kpgov.accounts import EntityCode, FundCode, ObjectCode
from kpgov.budget.ledger import _rules as rules
from kpgov.budget.ledger._ledger import HeadPosition, Ledger, Position
from kpgov.budget.ledger._movements import AppropriationHead, SupplementaryGrant
from kpgov.errors import ValidationError
from kpgov.findings import Finding
from kpgov.law import PARAMETERS, ParameterSet
from kpgov.money import ZERO, format_amount, plain_amount
from kpgov.periods import FinancialYear, Month

__all__ = [
    "RECONCILIATION_COLUMNS",
    "ExcessSurrenderLine",
    "ExcessesAndSurrenders",
    "FiscalSpace",
    "MonthlyReconciliation",
    "ReconciliationLine",
    "RevisedEstimate",
    "check_excesses_and_surrenders",
    "excesses_and_surrenders",
    "expenditure_split",
    "fiscal_space",
    "monthly_reconciliation",
    "revised_estimates",
]

_PAISA: Final = Decimal("0.01")
_PAY: Final = ObjectCode("A01")  # Employees Related Expenses: the pay of the establishment


def _paisa(value: Decimal) -> Decimal:
    return value.quantize(_PAISA, rounding=ROUND_HALF_UP)


# ------------------------------------------------------------------------ BM-2 and BM-6


@attrs.frozen
class ReconciliationLine:
    """One detailed object of Form BM-2/BM-6."""

    head: AppropriationHead
    budget_grant: Decimal
    reappropriations: Decimal
    supplementary: Decimal
    surrender: Decimal
    final_grant: Decimal
    actual: Decimal  # for the month
    progressive: Decimal  # up to the end of the month

    @property
    def columns(self) -> tuple[Decimal, ...]:
        return (
            self.budget_grant,
            self.reappropriations,
            self.supplementary,
            self.surrender,
            self.final_grant,
            self.actual,
            self.progressive,
        )


#: The column titles of Forms BM-2 and BM-6, after "Detail Object".
RECONCILIATION_COLUMNS: Final = (
    "Budget Grant",
    "Re-Appropriations",
    "Supplementary",
    "Surrender",
    "Final Grant",
    "Actual (For the Month)",
    "Progressive (Up to Current Month)",
)


@attrs.frozen
class MonthlyReconciliation:
    """Form BM-2 (current expenditure) or BM-6 (development expenditure) for one month.

    ``grant`` and ``ddo`` are set when the statement covers one grant or one DDO (as the form
    does); ``None`` means all of them.
    """

    form: str
    district: str
    year: FinancialYear
    month: Month
    grant: FundCode | None
    ddo: EntityCode | None
    lines: tuple[ReconciliationLine, ...]

    @property
    def total(self) -> tuple[Decimal, ...]:
        """The Total row: each column summed."""
        sums = [ZERO] * len(RECONCILIATION_COLUMNS)
        for line in self.lines:
            for i, value in enumerate(line.columns):
                sums[i] += value
        return tuple(sums)

    @property
    def title(self) -> str:
        kind = "DEVELOPMENT" if self.form == "BM-6" else "CURRENT"
        return f"FORM {self.form} MONTHLY RECONCILIATION OF {kind} EXPENDITURE ({self.year})"

    def rows(self, *, plain: bool = False) -> list[list[str]]:
        """Header, one row per object and the Total row, as text cells (lakh grouping, or
        plain decimal text with ``plain=True``, for machine formats)."""
        amount = plain_amount if plain else format_amount
        header = ["Grant", "DDO", "Detail Object", *RECONCILIATION_COLUMNS]
        body = [
            [str(x.head.grant), str(x.head.ddo), str(x.head.object)]
            + [amount(v) for v in x.columns]
            for x in self.lines
        ]
        total = ["Total", "", ""] + [amount(v) for v in self.total]
        return [header, *body, total]

    def __repr__(self) -> str:
        subject = f"{self.form} {self.district} {self.month}"
        return _display.short("MonthlyReconciliation", subject, count=len(self.lines))

    def _table(self) -> _display.Table:
        return _display.Table(
            f"{self.title} - {self.district}, month {self.month}",
            ("Grant", "DDO", "Detail Object", *RECONCILIATION_COLUMNS),
            self.lines,
            cells=lambda x: (
                x.head.grant,
                x.head.ddo,
                x.head.object,
                *map(format_amount, x.columns),
            ),
            numeric=range(3, 3 + len(RECONCILIATION_COLUMNS)),
            footer=[("Total", "", "", *map(format_amount, self.total))],
        )

    def _repr_html_(self) -> str:
        return _display.join_html(self._table())

    def _repr_markdown_(self) -> str:
        return _display.join_markdown(self._table())


def _select(
    position: Position, *, development: bool, grant: FundCode | None, ddo: EntityCode | None
) -> Iterator[HeadPosition]:
    for line in position:
        head = line.head
        if head.public_account or head.development is not development:
            continue
        if (grant is None or head.grant == grant) and (ddo is None or head.ddo == ddo):
            yield line


def monthly_reconciliation(
    ledger: Ledger,
    month: Month,
    *,
    development: bool = False,
    grant: FundCode | None = None,
    ddo: EntityCode | None = None,
) -> MonthlyReconciliation:
    """Form BM-2 (or BM-6 with ``development=True``) for ``month`` of the ledger's year.

    >>> from datetime import date
    >>> from kpgov.budget import Appropriation, AppropriationHead, Expenditure, Ledger
    >>> from kpgov.periods import FinancialYear, Month
    >>> head = AppropriationHead.parse("DF-R-1-012", "PSH-EDU-PR12", "A03201")
    >>> ledger = Ledger("Example", FinancialYear(2016)).append(
    ...     Appropriation(date(2016, 7, 1), head, 120_000),
    ...     Expenditure(date(2016, 7, 31), head, 9_000),
    ...     Expenditure(date(2016, 8, 31), head, 11_000))
    >>> bm2 = monthly_reconciliation(ledger, Month(2016, 8))
    >>> line = bm2.lines[0]
    >>> bm2.form, line.final_grant, line.actual, line.progressive
    ('BM-2', Decimal('120000'), Decimal('11000'), Decimal('20000'))
    """
    if month.financial_year != ledger.year:
        raise ValidationError(f"month {month} is not in the ledger's year {ledger.year}")
    now = ledger.position(month.end)
    before = ledger.position(month.previous().end) if month != ledger.year.month(1) else None
    lines = []
    for line in _select(now, development=development, grant=grant, ddo=ddo):
        earlier = before.head(line.head).progressive if before is not None else ZERO
        lines.append(
            ReconciliationLine(
                head=line.head,
                budget_grant=line.budget_grant,
                reappropriations=line.reappropriations,
                supplementary=line.supplementary,
                surrender=line.surrendered,
                final_grant=line.final_grant,
                actual=line.progressive - earlier,
                progressive=line.progressive,
            )
        )
    return MonthlyReconciliation(
        form="BM-6" if development else "BM-2",
        district=ledger.district,
        year=ledger.year,
        month=month,
        grant=grant,
        ddo=ddo,
        lines=tuple(lines),
    )


# ----------------------------------------------------------------------------- BM-13


@attrs.frozen
class ExcessSurrenderLine:
    """One head of the Statement of Excesses and Surrenders (BR-82(4))."""

    head: AppropriationHead
    final_grant: Decimal
    actual: Decimal  # the first eight months
    expected: Decimal  # the remaining four months
    note: str = ""

    @property
    def likely(self) -> Decimal:
        """Likely expenditure of the year: actual plus expected."""
        return self.actual + self.expected

    @property
    def excess(self) -> Decimal:
        return max(self.likely - self.final_grant, ZERO)

    @property
    def surrender(self) -> Decimal:
        return max(self.final_grant - self.likely, ZERO)


@attrs.frozen
class ExcessesAndSurrenders:
    """Form BM-13 for a ledger's year, as of ``cut_off`` (the end of the eighth month)."""

    district: str
    year: FinancialYear
    months: int
    cut_off: date
    lines: tuple[ExcessSurrenderLine, ...]

    def grants(self) -> tuple[FundCode, ...]:
        return tuple(sorted({line.head.grant for line in self.lines}))

    def excess(self, grant: FundCode | None = None) -> Decimal:
        return sum((x.excess for x in self._of(grant)), ZERO)

    def surrender(self, grant: FundCode | None = None) -> Decimal:
        return sum((x.surrender for x in self._of(grant)), ZERO)

    def reappropriable(self, grant: FundCode) -> Decimal:
        """The part of the grant's excesses its own savings can meet by re-appropriation
        within the unit (BR-85(1))."""
        return min(self.excess(grant), self.surrender(grant))

    def supplementary_required(self, grant: FundCode) -> Decimal:
        """Excesses the grant's savings cannot meet: a supplementary grant (BR-83(2))."""
        return self.excess(grant) - self.reappropriable(grant)

    def _of(self, grant: FundCode | None) -> Iterable[ExcessSurrenderLine]:
        return (x for x in self.lines if grant is None or x.head.grant == grant)

    def rows(self, *, plain: bool = False) -> list[list[str]]:
        """Header, one row per head and a Total row, as text cells (lakh grouping, or plain
        decimal text with ``plain=True``, for machine formats)."""
        amount = plain_amount if plain else format_amount
        header = [
            "Grant",
            "DDO",
            "Detail Object",
            "Final Grant",
            f"Actual ({self.months} months)",
            f"Expected ({12 - self.months} months)",
            "Likely",
            "Excess",
            "Surrender",
            "Reasons",
        ]
        body = [
            [str(x.head.grant), str(x.head.ddo), str(x.head.object)]
            + [
                amount(v)
                for v in (x.final_grant, x.actual, x.expected, x.likely, x.excess, x.surrender)
            ]
            + [x.note]
            for x in self.lines
        ]
        totals = [
            sum((getattr(x, name) for x in self.lines), ZERO)
            for name in ("final_grant", "actual", "expected", "likely", "excess", "surrender")
        ]
        return [header, *body, ["Total", "", "", *(amount(v) for v in totals), ""]]

    def __repr__(self) -> str:
        subject = f"BM-13 {self.district} {self.year} to {self.cut_off}"
        return _display.short("ExcessesAndSurrenders", subject, count=len(self.lines))

    def _table(self) -> _display.Table:
        return _display.Table(
            f"Form BM-13, {self.district} {self.year}, actuals to {self.cut_off}",
            (
                "Grant",
                "DDO",
                "Detail Object",
                "Final Grant",
                f"Actual ({self.months} months)",
                f"Expected ({12 - self.months} months)",
                "Likely",
                "Excess",
                "Surrender",
                "Reasons",
            ),
            self.lines,
            cells=lambda x: (
                x.head.grant,
                x.head.ddo,
                x.head.object,
                *map(
                    format_amount,
                    (x.final_grant, x.actual, x.expected, x.likely, x.excess, x.surrender),
                ),
                x.note,
            ),
            numeric=range(3, 9),
            footer=[
                (
                    "Total",
                    "",
                    "",
                    format_amount(sum((x.final_grant for x in self.lines), ZERO)),
                    "",
                    "",
                    "",
                    format_amount(self.excess()),
                    format_amount(self.surrender()),
                    "",
                )
            ],
        )

    def _repr_html_(self) -> str:
        return _display.join_html(self._table())

    def _repr_markdown_(self) -> str:
        return _display.join_markdown(self._table())


def excesses_and_surrenders(
    ledger: Ledger,
    *,
    expected: Mapping[AppropriationHead, Decimal] | None = None,
    notes: Mapping[AppropriationHead, str] | None = None,
    parameters: ParameterSet = PARAMETERS,
) -> ExcessesAndSurrenders:
    """Form BM-13: eight months' actual expenditure plus the expected four (BR-82(1), (4)).

    ``expected`` gives the Heads of Offices' expectation for the remaining months per head;
    a head it leaves out is expected to go on at the rate of the first eight months. ``notes``
    are the reasons for the excesses and surrenders (BR-82(7)).

    >>> from datetime import date
    >>> from kpgov.budget import Appropriation, AppropriationHead, Expenditure, Ledger
    >>> from kpgov.periods import FinancialYear
    >>> head = AppropriationHead.parse("DF-R-1-012", "PSH-EDU-PR12", "A03201")
    >>> ledger = Ledger("Example", FinancialYear(2016)).append(
    ...     Appropriation(date(2016, 7, 1), head, 120_000),
    ...     Expenditure(date(2017, 2, 28), head, 96_000))
    >>> line = excesses_and_surrenders(ledger).lines[0]
    >>> line.actual, line.expected, line.likely, line.excess
    (Decimal('96000'), Decimal('48000.00'), Decimal('144000.00'), Decimal('24000.00'))
    """
    months_value = rules.ledger_parameter(
        parameters, "excesses_surrenders_after_months", ledger.year.start
    )
    months = 8 if months_value is None else int(months_value)
    if not 1 <= months <= 11:
        raise ValidationError(f"BM-13 rests on 1 to 11 months of actuals, not {months}")
    cut_off = ledger.year.end_of_month(months)
    position = ledger.position(cut_off)
    expected = expected or {}
    notes = notes or {}
    lines = []
    for line in position:
        if line.head.public_account:
            continue
        rest = expected.get(line.head)
        if rest is None:
            rest = _paisa(line.progressive * (12 - months) / months)
        lines.append(
            ExcessSurrenderLine(
                head=line.head,
                final_grant=line.final_grant,
                actual=line.progressive,
                expected=rest,
                note=notes.get(line.head, ""),
            )
        )
    return ExcessesAndSurrenders(ledger.district, ledger.year, months, cut_off, tuple(lines))


def check_excesses_and_surrenders(
    statement: ExcessesAndSurrenders, ledger: Ledger | None = None
) -> Iterator[Finding]:
    """Every excess and surrender is explained (BR-82(7)); and, given the ledger, every grant
    whose excesses its savings cannot meet has gone to the Council for a supplementary grant
    after the statement (BR-83(2))."""
    prefix = f"{statement.district} {statement.year}"
    for line in statement.lines:
        if (line.excess or line.surrender) and not line.note:
            what = "excess" if line.excess else "surrender"
            amount = line.excess or line.surrender
            yield Finding.of(
                rules.EXCESS_SURRENDER_NOTE,
                f"{prefix} {line.head}",
                f"{what} of {format_amount(amount)} without a note of the reasons",
            )
    if ledger is None:
        return
    for grant in statement.grants():
        required = statement.supplementary_required(grant)
        if not required:
            continue
        sought = sum(
            (
                m.amount
                for m in ledger.movements
                if isinstance(m, SupplementaryGrant)
                and m.head.grant == grant
                and m.on > statement.cut_off
            ),
            ZERO,
        )
        if sought < required:
            yield Finding.of(
                rules.EXCESS_NEEDS_SUPPLEMENTARY,
                f"{prefix} grant {grant}",
                "excesses that re-appropriation cannot meet, without a supplementary grant",
                expected=f">= {format_amount(required)}",
                actual=format_amount(sought),
            )


# ------------------------------------------------------------------ revised estimates


@attrs.frozen
class RevisedEstimate:
    """The revised estimate of one head (BR-83(1)): the likely expenditure of the year per
    Form BM-13, beside the budget estimate (the original grant) and the final grant."""

    head: AppropriationHead
    budget_estimate: Decimal
    final_grant: Decimal
    revised_estimate: Decimal

    @property
    def change(self) -> Decimal:
        return self.revised_estimate - self.budget_estimate


def revised_estimates(
    statement: ExcessesAndSurrenders, ledger: Ledger
) -> tuple[RevisedEstimate, ...]:
    """Revised estimates from the Statement of Excesses and Surrenders (BR-82(5)(a), BR-83(1)).

    >>> from datetime import date
    >>> from kpgov.budget import Appropriation, AppropriationHead, Expenditure, Ledger
    >>> from kpgov.periods import FinancialYear
    >>> head = AppropriationHead.parse("DF-R-1-012", "PSH-EDU-PR12", "A03201")
    >>> ledger = Ledger("Example", FinancialYear(2016)).append(
    ...     Appropriation(date(2016, 7, 1), head, 120_000),
    ...     Expenditure(date(2017, 2, 28), head, 64_000))
    >>> [(r.budget_estimate, r.revised_estimate, r.change)
    ...  for r in revised_estimates(excesses_and_surrenders(ledger), ledger)]
    [(Decimal('120000'), Decimal('96000.00'), Decimal('-24000.00'))]
    """
    position = ledger.position(statement.cut_off)
    return tuple(
        RevisedEstimate(
            head=line.head,
            budget_estimate=position.head(line.head).budget_grant,
            final_grant=line.final_grant,
            revised_estimate=line.likely,
        )
        for line in statement.lines
    )


# ------------------------------------------------------------------------ fiscal space


@attrs.frozen
class FiscalSpace:
    """The main sources of funding for new development projects (BR-43(1)).

    (a) total receipts less current expenditure, on-going development expenditure and other
    liabilities; (b) development grants from the Government.
    """

    total_receipts: Decimal
    current_expenditure: Decimal
    ongoing_development: Decimal
    other_liabilities: Decimal = ZERO
    development_grants: Decimal = ZERO

    @property
    def own_resources(self) -> Decimal:
        """BR-43(1)(a); negative when the commitments exceed the receipts."""
        return (
            self.total_receipts
            - self.current_expenditure
            - self.ongoing_development
            - self.other_liabilities
        )

    @property
    def available(self) -> Decimal:
        """What new projects may use: (a) when positive, plus (b)."""
        return max(self.own_resources, ZERO) + self.development_grants


def fiscal_space(
    total_receipts: Decimal,
    current_expenditure: Decimal | Iterable[RevisedEstimate],
    ongoing_development: Decimal | None = None,
    *,
    other_liabilities: Decimal = ZERO,
    development_grants: Decimal = ZERO,
) -> FiscalSpace:
    """The fiscal space for new development projects (BR-43(1)).

    Give the current and on-going development expenditure as amounts, or give revised
    estimates (:func:`revised_estimates`) and they are split by sub-fund.

    >>> space = fiscal_space(Decimal(1000), Decimal(700), Decimal(200),
    ...                      development_grants=Decimal(150))
    >>> space.own_resources, space.available
    (Decimal('100'), Decimal('250'))
    """
    if isinstance(current_expenditure, Decimal):
        current = current_expenditure
        ongoing = ongoing_development if ongoing_development is not None else ZERO
    else:
        estimates = list(current_expenditure)
        current = sum((e.revised_estimate for e in estimates if not e.head.development), ZERO)
        ongoing = sum((e.revised_estimate for e in estimates if e.head.development), ZERO)
        if ongoing_development is not None:
            ongoing = ongoing_development
    return FiscalSpace(total_receipts, current, ongoing, other_liabilities, development_grants)


def expenditure_split(estimates: Iterable[RevisedEstimate]) -> tuple[Decimal, Decimal]:
    """(pay, non-pay) of current expenditure: objects under A01 Employees Related Expenses
    are the pay of the establishment."""
    pay = non_pay = ZERO
    for e in estimates:
        if e.head.development:
            continue
        if e.head.object.within(_PAY):
            pay += e.revised_estimate
        else:
            non_pay += e.revised_estimate
    return pay, non_pay
