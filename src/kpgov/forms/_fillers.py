"""Fillers: forms filled from kpgov's records through the public APIs of the domain packages.

* From an :class:`~kpgov.budget.AnnualBudgetStatement`: Form ABS, all six parts (BR-57(1)),
  and Form BDC-1, the abstract of the Demands for Grants (current), existing, new and total
  (BR-60(2), BR-62(2)).
* Form BDR-1 (estimates of receipts and the two years' projections, BR-14(1)) and Form BDO-1
  (the statement of investment, BR-26(1)(a)) from the statement too; their printed headings are
  lost, so their columns are kpgov's, each naming its basis and marked as not printed.
* From a :class:`~kpgov.budget.Ledger`: Forms BM-2 and BM-6, the monthly reconciliations of
  current and development expenditure (BR-81(2)(b), (f)), and Form BM-13, the Statement of
  Excesses and Surrenders (BR-82), whose printed headings are lost: its columns are kpgov's,
  from BR-82(4) and BR-82(7), marked as not printed.

Every filled total is the figure kpgov's own statements compute (``statement.abstract()``,
``statement.total()``, ``monthly_reconciliation().total``, ``ExcessesAndSurrenders``); the
tests check that under Hypothesis.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from decimal import Decimal
from typing import TypeVar

from kpgov.accounts import EntityCode, FundCode
from kpgov.budget import (
    ABSTRACT_COLUMNS,
    AnnualBudgetStatement,
    AppropriationHead,
    BudgetLine,
    Column,
    ExcessesAndSurrenders,
    Ledger,
    LineKind,
    LineStatus,
    MonthlyReconciliation,
    excesses_and_surrenders,
    monthly_reconciliation,
)
from kpgov.errors import KpgovError
from kpgov.forms._filled import FilledForm, FilledPart, FormRow
from kpgov.forms._model import Form, FormColumn, get_form
from kpgov.io import XlsxCell
from kpgov.money import ZERO
from kpgov.periods import Month

__all__ = [
    "fill_abs",
    "fill_bdc_1",
    "fill_bdo_1",
    "fill_bdr_1",
    "fill_bm_2",
    "fill_bm_6",
    "fill_bm_13",
]

_K = TypeVar("_K", bound=Hashable)
DG = "Name of the District Government"
_YEARS = (Column.BE_CURRENT, Column.RE_CURRENT, Column.BE_NEXT)
_OUTER = (Column.BE_NEXT, Column.OUTER_1, Column.OUTER_2)
_ABS_1A = {
    "Cash Balance on July 1st": "opening_balance",
    "Receipts": "receipts",
    "Current Expenditure": "current_expenditure",
    "Development Expenditure": "development_expenditure",
    "Total Expenditure": "total_expenditure",
}
_ABS_1B = {
    "Opening Balance on July 1st": "opening_balance",
    "Assets": "assets",
    "Liabilities": "liabilities",
    "Closing Balance on June 30th": "closing_balance",
}


def _sum_rows(rows: Iterable[FormRow], keys: Iterable[str]) -> dict[str, Decimal]:
    sums = dict.fromkeys(keys, ZERO)
    for row in rows:
        for key in sums:
            value = row.get(key)
            if isinstance(value, Decimal):
                sums[key] += value
    return sums


def _amount_keys(columns: Iterable[FormColumn]) -> list[str]:
    return [c.key for c in columns if c.kind == "amount"]


def _group(
    lines: Iterable[BudgetLine], key: Callable[[BudgetLine], _K]
) -> dict[_K, list[BudgetLine]]:
    groups: dict[_K, list[BudgetLine]] = {}
    for line in lines:
        groups.setdefault(key(line), []).append(line)
    return groups


def _label(code: str) -> str:
    """A head as the forms print it: its code and, when the shipped Chart of Accounts
    catalogue has it, its name (kpgov's catalogue is partial; see docs/accounts.md)."""
    from kpgov.accounts import lookup

    if not code:
        return "(not classified)"
    try:
        return f"{code} {lookup(code).name}".strip()
    except KpgovError:
        return code


def _plain(lines: list[BudgetLine]) -> dict[str, XlsxCell]:
    """The four printed year columns summed over ``lines``."""
    return {c.value: sum((line.amount(c) for line in lines), ZERO) for c in ABSTRACT_COLUMNS}


def _charged_voted(lines: list[BudgetLine]) -> dict[str, XlsxCell]:
    """Actuals, then charged, voted and total for each year column."""
    row: dict[str, XlsxCell] = {"actual": sum((line.actual for line in lines), ZERO)}
    for column in _YEARS:
        charged = sum((line.amount(column) for line in lines if line.charged), ZERO)
        voted = sum((line.amount(column) for line in lines if not line.charged), ZERO)
        row[f"{column.value}_charged"] = charged
        row[f"{column.value}_voted"] = voted
        row[f"{column.value}_total"] = charged + voted
    return row


def _function(line: BudgetLine) -> str:
    return "" if line.function is None else str(line.function)


def _by(
    form: Form,
    part_key: str,
    lines: Iterable[BudgetLine],
    key: Callable[[BudgetLine], str],
    values: Callable[[list[BudgetLine]], dict[str, XlsxCell]],
) -> FilledPart:
    part = form.part(part_key)
    rows: list[FormRow] = []
    for code, group in sorted(_group(lines, key).items()):
        rows.append({"head": _label(code), **values(group)})
    total: FormRow = {"head": "Total", **_sum_rows(rows, _amount_keys(part.columns))}
    return FilledPart(part.key, part.title, part.columns, rows, [total], part.unit)


def fill_abs(statement: AnnualBudgetStatement) -> FilledForm:
    """Form ABS filled from ``statement`` (BR-57(1)(a)-(f), BR-57(2)).

    Part 1 is :meth:`~kpgov.budget.AnnualBudgetStatement.abstract`; parts 2 to 6 list the
    receipts by object head, current expenditure by function (charged and voted), by function
    and major object, development expenditure by function and the Public Account by object
    under Assets and Liabilities.
    """
    form = get_form("ABS")
    abstract = statement.abstract()
    part = form.part("1A")
    rows_1a = []
    for label, name in _ABS_1A.items():
        row: dict[str, XlsxCell] = {"description": label}
        for fund in abstract.district_fund:
            row[fund.column.value] = getattr(fund, name)
        rows_1a.append(row)
    one_a = FilledPart(part.key, part.title, part.columns, rows_1a, (), part.unit)
    part = form.part("1B")
    rows_1b = []
    for label, name in _ABS_1B.items():
        row = {"description": label}
        for account in abstract.public_account:
            row[account.column.value] = getattr(account, name)
        rows_1b.append(row)
    one_b = FilledPart(part.key, part.title, part.columns, rows_1b, (), part.unit)
    receipts = _by(form, "2", statement.lines_of(LineKind.RECEIPT), lambda x: str(x.object), _plain)
    current = list(statement.lines_of(LineKind.CURRENT))
    three = _by(form, "3", current, _function, _charged_voted)
    four = _by_function_and_major(form, current)
    five = _by(form, "5", statement.lines_of(LineKind.DEVELOPMENT), _function, _plain)
    six = _public_account(form, statement)
    remarks = []
    if any(a.equity for a in abstract.public_account):
        remarks.append(
            "Public Account lines under Equity are neither Assets nor Liabilities; part 6 "
            "shows them under their own total, and part 1B's closing balance includes them."
        )
    return FilledForm(
        form,
        [one_a, one_b, receipts, three, four, five, six],
        [(DG, statement.district), ("Budget year", str(statement.year))],
        remarks,
        f"Annual Budget Statement {statement.subject}",
    )


def _by_function_and_major(form: Form, lines: list[BudgetLine]) -> FilledPart:
    part = form.part("4")
    rows: list[FormRow] = []
    groups = _group(lines, lambda x: (_function(x), str(x.object.major)))
    for (function, major), group in sorted(groups.items()):
        rows.append(
            {
                "head": _label(function),
                "major_object": major,
                **_charged_voted(group),
            }
        )
    total: FormRow = {"head": "Total", **_sum_rows(rows, _amount_keys(part.columns))}
    return FilledPart(part.key, part.title, part.columns, rows, [total], part.unit)


def _public_account(form: Form, statement: AnnualBudgetStatement) -> FilledPart:
    from kpgov.accounts import Family

    part = form.part("6")
    keys = _amount_keys(part.columns)
    sections: dict[str, list[BudgetLine]] = {"Assets": [], "Liabilities": [], "Equity": []}
    for line in statement.lines_of(LineKind.PUBLIC_ACCOUNT):
        family = line.object.family
        name = {Family.ASSET: "Assets", Family.EQUITY: "Equity"}.get(family, "Liabilities")
        sections[name].append(line)
    rows: list[FormRow] = []
    totals: list[FormRow] = []
    for name, lines in sections.items():
        if name == "Equity" and not lines:
            continue
        section_rows: list[FormRow] = [
            {
                "head": f"{name}: {_label(code)}",
                **{c.value: sum((x.amount(c) for x in group), ZERO) for c in _YEARS},
            }
            for code, group in sorted(_group(lines, lambda x: str(x.object)).items())
        ]
        rows.extend(section_rows)
        totals.append({"head": f"Total {name}", **_sum_rows(section_rows, keys)})
    return FilledPart(part.key, part.title, part.columns, rows, totals, part.unit)


def fill_bdc_1(statement: AnnualBudgetStatement) -> FilledForm:
    """Form BDC-1, the abstract of the Demands for Grants (current expenditure), from
    ``statement``: one row per grant, for existing, new and total expenditure (BR-29,
    BR-60(2), BR-62(2)), each with a Total row (the form prints none; see its notes)."""
    form = get_form("BDC-1")
    names = {demand.grant: demand.title for demand in statement.demands}
    current = list(statement.lines_of(LineKind.CURRENT))
    parts = []
    for key, wanted in (
        ("existing", (LineStatus.EXISTING,)),
        ("new", (LineStatus.NEW,)),
        ("total", (LineStatus.EXISTING, LineStatus.NEW)),
    ):
        part = form.part(key)
        rows: list[FormRow] = []
        chosen = [line for line in current if line.status in wanted]
        for grant, group in sorted(_group(chosen, lambda x: x.grant or "").items()):
            rows.append({"grant": grant, "name": names.get(grant), **_charged_voted(group)})
        total: FormRow = {"grant": "Total", **_sum_rows(rows, _amount_keys(part.columns))}
        parts.append(FilledPart(part.key, part.title, part.columns, rows, [total], part.unit))
    return FilledForm(
        form,
        parts,
        [(DG, statement.district), ("Budget year", str(statement.year))],
        ["The Total rows are kpgov's: the printed form has none."],
        f"Annual Budget Statement {statement.subject}",
    )


# ------------------------------------------------------------------------------ ledger


def _head_label(head: AppropriationHead, statement: MonthlyReconciliation) -> str:
    parts = [str(head.object)]
    if statement.grant is None:
        parts.append(f"grant {head.grant}")
    if statement.ddo is None:
        parts.append(f"DDO {head.ddo}")
    if len(parts) == 1:
        return parts[0]
    return f"{parts[0]} ({', '.join(parts[1:])})"


def _reconciliation(statement: MonthlyReconciliation) -> FilledForm:
    form = get_form(statement.form)
    part = form.parts[0]
    keys = [c.key for c in part.columns[1:]]
    rows: list[FormRow] = [
        {"object": _head_label(line.head, statement), **dict(zip(keys, line.columns, strict=True))}
        for line in statement.lines
    ]
    total: FormRow = {"object": "Total", **dict(zip(keys, statement.total, strict=True))}
    header = [(DG, statement.district), ("Month", str(statement.month))]
    if statement.grant is not None:
        header.append(("Grant No and Description", str(statement.grant)))
    if statement.ddo is not None:
        header.append(("DDO", str(statement.ddo)))
    return FilledForm(
        form,
        [FilledPart(part.key, part.title, part.columns, rows, [total], part.unit)],
        header,
        (),
        f"Ledger {statement.district} {statement.year}, {statement.month}",
    )


def fill_bm_2(
    ledger: Ledger,
    month: Month,
    *,
    grant: FundCode | None = None,
    ddo: EntityCode | None = None,
) -> FilledForm:
    """Form BM-2 for ``month`` from ``ledger`` (BR-81(2)(b)): the monthly reconciliation of
    current expenditure (:func:`kpgov.budget.monthly_reconciliation`); ``grant`` and ``ddo``
    select one grant or one DDO, as the printed form does."""
    return _reconciliation(monthly_reconciliation(ledger, month, grant=grant, ddo=ddo))


def fill_bm_6(
    ledger: Ledger,
    month: Month,
    *,
    grant: FundCode | None = None,
    ddo: EntityCode | None = None,
) -> FilledForm:
    """Form BM-6 for ``month`` from ``ledger`` (BR-81(2)(f)), development expenditure."""
    return _reconciliation(
        monthly_reconciliation(ledger, month, development=True, grant=grant, ddo=ddo)
    )


_BM_13_COLUMNS = (
    FormColumn("object", "Detail Object", printed=False, basis="BR-82(2)"),
    FormColumn("final_grant", "Final Grant", kind="amount", printed=False, basis="BR-82(4)"),
    FormColumn(
        "actual", "Actual (first eight months)", kind="amount", printed=False, basis="BR-82(4)"
    ),
    FormColumn(
        "expected",
        "Expected (remaining four months)",
        kind="amount",
        printed=False,
        basis="BR-82(4)",
    ),
    FormColumn("likely", "Likely expenditure", kind="amount", printed=False, basis="BR-82(5)"),
    FormColumn("excess", "Excess", kind="amount", printed=False, basis="BR-82(5)"),
    FormColumn("surrender", "Surrender", kind="amount", printed=False, basis="BR-82(5)"),
    FormColumn("reasons", "Reasons", printed=False, basis="BR-82(7)"),
)


def fill_bm_13(
    ledger: Ledger,
    *,
    expected: Mapping[AppropriationHead, Decimal] | None = None,
    notes: Mapping[AppropriationHead, str] | None = None,
) -> FilledForm:
    """Form BM-13 from ``ledger`` (BR-82): :func:`kpgov.budget.excesses_and_surrenders`.

    The seed text lost the form's printed headings; the columns are kpgov's, each naming the
    clause of BR-82 it comes from, and the filled form says so.
    """
    statement: ExcessesAndSurrenders = excesses_and_surrenders(
        ledger, expected=expected, notes=notes
    )
    form = get_form("BM-13")
    keys = ("final_grant", "actual", "expected", "likely", "excess", "surrender")
    rows: list[FormRow] = [
        {
            "object": f"{line.head.object} (grant {line.head.grant}, DDO {line.head.ddo})",
            **{key: getattr(line, key) for key in keys},
            "reasons": line.note or None,
        }
        for line in statement.lines
    ]
    total: FormRow = {"object": "Total", **_sum_rows(rows, keys)}
    return FilledForm(
        form,
        [FilledPart("main", None, _BM_13_COLUMNS, rows, [total], "Rupees")],
        [(DG, statement.district), ("As of", statement.cut_off.isoformat())],
        [
            "The printed headings of Form BM-13 are lost in the seed text; these columns are "
            "kpgov's, from BR-82(4), (5) and (7) (see each column's basis)."
        ],
        f"Ledger {statement.district} {statement.year}",
    )


# ----------------------------------------------------- forms whose printed headings are lost

_BDR_1_COLUMNS = (
    FormColumn("rco", "Collecting Officer (RCO)", printed=False, basis="BR-14(1)"),
    FormColumn("head", "Object head", printed=False, basis="BR-14(1)"),
    FormColumn(
        "be_next",
        "Estimates of receipts for the coming financial year",
        kind="amount",
        printed=False,
        basis="BR-14(1)",
    ),
    FormColumn(
        "outer_1",
        "First year",
        group=("Projections for the next two years",),
        kind="amount",
        printed=False,
        basis="BR-14(1)",
    ),
    FormColumn(
        "outer_2",
        "Second year",
        group=("Projections for the next two years",),
        kind="amount",
        printed=False,
        basis="BR-14(1)",
    ),
)


def fill_bdr_1(statement: AnnualBudgetStatement) -> FilledForm:
    """Form BDR-1, the estimates of receipts, from ``statement``: for each collecting officer
    (RCO) and object head, the estimate for the coming year and the projections for the next
    two (BR-14(1)). The printed headings are lost in the seed text; the columns are kpgov's,
    in the words of BR-14(1), marked as not printed."""
    form = get_form("BDR-1")
    lines = list(statement.lines_of(LineKind.RECEIPT))
    rows: list[FormRow] = []
    groups = _group(lines, lambda x: (str(x.cost_centre), str(x.object)))
    for (rco, code), group in sorted(groups.items()):
        rows.append(
            {
                "rco": rco,
                "head": _label(code),
                **{c.value: sum((x.amount(c) for x in group), ZERO) for c in _OUTER},
            }
        )
    total: FormRow = {"rco": "Total", **_sum_rows(rows, [c.value for c in _OUTER])}
    return FilledForm(
        form,
        [FilledPart("main", None, _BDR_1_COLUMNS, rows, [total], "Rupees")],
        [(DG, statement.district), ("Budget year", str(statement.year))],
        [
            "The printed headings of Form BDR-1 are lost in the seed text; these columns are "
            "kpgov's, in the words of BR-14(1). Outer years not projected count as zero."
        ],
        f"Annual Budget Statement {statement.subject}",
    )


_BDO_1_COLUMNS = (
    FormColumn("investment", "Investment", printed=False, basis="BR-26(1)(a)"),
    FormColumn("security", "Government security (LGA-50(2))", printed=False, basis="LGA-50(2)"),
    FormColumn("amount", "Amount", kind="amount", printed=False, basis="BR-26(1)(a)"),
)


def fill_bdo_1(statement: AnnualBudgetStatement) -> FilledForm:
    """Form BDO-1, the statement of investment, from ``statement.investments``
    (BR-26(1)(a)); the Total is ``statement.investments_total``, which counts towards the
    closing balance (BR-66(4)). The printed headings are lost; the columns are kpgov's."""
    form = get_form("BDO-1")
    rows: list[FormRow] = [
        {
            "investment": item.description,
            "security": "yes" if item.government_security else "no",
            "amount": item.amount,
        }
        for item in statement.investments
    ]
    total: FormRow = {"investment": "Total", "amount": statement.investments_total}
    return FilledForm(
        form,
        [FilledPart("main", None, _BDO_1_COLUMNS, rows, [total], "Rupees")],
        [(DG, statement.district), ("Budget year", str(statement.year))],
        [
            "The printed headings of Form BDO-1 are lost in the seed text; these columns are "
            "kpgov's, from BR-26(1)(a) and LGA-50(2)."
        ],
        f"Annual Budget Statement {statement.subject}",
    )
