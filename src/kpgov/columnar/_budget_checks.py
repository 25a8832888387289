"""The budget checks that read every line, run a column at a time on a :class:`BudgetTable`.

They give the findings of :func:`kpgov.budget.check_balance`, :func:`~kpgov.budget.check_lines`,
:func:`~kpgov.budget.check_ceilings` and :func:`~kpgov.budget.check_conditional_grants` (same
rule, subject, message, amounts and location), computed from Arrow aggregates; a domain object
is made only for a line that breaks a rule. Sums are exact: Arrow adds the ``decimal128``
columns, and each sum is written with the decimal places the pure path's ``Decimal`` sum would
have (the most places among the non-zero amounts it adds), so messages print the same figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, Final

from kpgov.accounts import EntityCode, EntityLevel, FundCode, ObjectCode
from kpgov.budget import (
    CeilingKind,
    Column,
    DistrictFundAbstract,
    LineKind,
)
from kpgov.columnar._arrow import pa, pc
from kpgov.columnar._budget import BudgetTable, ColumnarBudget
from kpgov.errors import Location, source_of
from kpgov.findings import Finding, Report
from kpgov.law import PARAMETERS, ParameterSet, Rule
from kpgov.law import get as rule
from kpgov.money import ZERO, format_amount

__all__ = [
    "COLUMNAR_CHECKS",
    "budget_abstract",
    "budget_totals",
    "check_balance_table",
    "check_budget_table",
    "check_ceilings_table",
    "check_conditional_grants_table",
    "check_lines_table",
]

_LUMP_SUM_RE: Final = re.compile(r"lump[\s-]*sum", re.IGNORECASE)
_EXPENDITURE: Final = pa.array([LineKind.CURRENT.value, LineKind.DEVELOPMENT.value])
_CEILING_COLUMNS: Final = ("be_next", "outer_1", "outer_2")


def _rs(amount: Decimal) -> str:
    return f"Rs {format_amount(amount)}"


def _at(value: Decimal | None, places: int | None) -> Decimal:
    """An Arrow sum written with ``places`` decimals (the pure path's exponent)."""
    if value is None:
        return ZERO
    return value.quantize(Decimal(1).scaleb(-(places or 0)))


def _nonzero_scale(table: Any, column: str) -> Any:
    """Decimal places of the non-zero amounts of ``column`` (0 for zero or empty cells), the
    places a pure ``sum(filter(None, ...), ZERO)`` keeps."""
    nonzero = pc.fill_null(pc.not_equal(table.column(column), 0), False)
    return pc.if_else(nonzero, table.column("scale_" + column), 0)


def _sums(
    table: Any, keys: list[str], columns: Iterable[str]
) -> dict[tuple[Any, ...], list[Decimal]]:
    """Exact sums of ``columns`` by ``keys`` (empty cells count as zero)."""
    columns = tuple(columns)
    if table.num_rows == 0:
        return {}
    # the table's scale is the most places any amount has: at 0 every sum is in whole rupees
    places = table.schema.field(columns[0]).type.scale
    work = {k: table.column(k) for k in keys}
    aggregates = []
    for column in columns:
        work[column] = table.column(column)
        aggregates.append((column, "sum"))
        if places:
            work["s_" + column] = _nonzero_scale(table, column)
            aggregates.append(("s_" + column, "max"))
    rows = pa.table(work).group_by(keys, use_threads=False).aggregate(aggregates).to_pylist()
    return {
        tuple(row[k] for k in keys): [
            _at(row[c + "_sum"], row.get("s_" + c + "_max", 0)) for c in columns
        ]
        for row in rows
    }


def budget_totals(lines: BudgetTable) -> dict[tuple[LineKind, Column], Decimal]:
    """The total of each column for each kind of line (the roll-up the Financial Abstract is
    built from), as :meth:`kpgov.budget.AnnualBudgetStatement.totals` gives it."""
    return _totals(lines, tuple(Column))


def _totals(
    lines: BudgetTable, columns: tuple[Column, ...]
) -> dict[tuple[LineKind, Column], Decimal]:
    sums = _sums(lines.table, ["kind"], [column.value for column in columns])
    out: dict[tuple[LineKind, Column], Decimal] = {}
    for kind in LineKind:
        values = sums.get((kind.value,), [ZERO] * len(columns))
        for column, value in zip(columns, values, strict=True):
            out[kind, column] = value
    return out


# ---------------------------------------------------------------------------- balance


def budget_abstract(budget: ColumnarBudget) -> DistrictFundAbstract:
    """The District Fund part of the Financial Abstract for the budget year (Form ABS): it
    opens with the closing balance of the revised estimates (Form ABS note 1)."""
    totals = _totals(budget.lines, (Column.RE_CURRENT, Column.BE_NEXT))
    revised = DistrictFundAbstract(
        Column.RE_CURRENT,
        budget.head.cash_balance.re_current,
        totals[LineKind.RECEIPT, Column.RE_CURRENT],
        totals[LineKind.CURRENT, Column.RE_CURRENT],
        totals[LineKind.DEVELOPMENT, Column.RE_CURRENT],
    )
    return DistrictFundAbstract(
        Column.BE_NEXT,
        revised.closing_balance,
        totals[LineKind.RECEIPT, Column.BE_NEXT],
        totals[LineKind.CURRENT, Column.BE_NEXT],
        totals[LineKind.DEVELOPMENT, Column.BE_NEXT],
    )


def check_balance_table(
    budget: ColumnarBudget, *, parameters: ParameterSet = PARAMETERS
) -> Iterator[Finding]:
    """:func:`kpgov.budget.check_balance` (BR-66(6), LGA-35(5), BR-3(2)(b), BR-66(4),
    BR-S1-ABS-1) from the columnar totals."""
    statement = budget.head
    subject = statement.subject
    fund = budget_abstract(budget)
    receipts, spending = fund.receipts, fund.total_expenditure
    if spending > receipts:
        message = "estimated expenditure exceeds estimated receipts of the budget year"
        for rule_id in ("BR-66(6)", "LGA-35(5)", "BR-3(2)(b)"):
            yield Finding.of(
                rule(rule_id),
                subject,
                f"{message} by {_rs(spending - receipts)}",
                expected=f"<= {_rs(receipts)}",
                actual=_rs(spending),
                location=source_of(statement),
            )
    floor = parameters.value("closing_balance_floor", statement.year.start)
    if isinstance(floor, Decimal):
        needed = receipts * floor
        closing = fund.closing_balance + statement.investments_total
        if closing < needed:
            yield Finding.of(
                rule("BR-66(4)"),
                subject,
                f"closing balance (investments included) is below "
                f"{(floor * 100).normalize():f}% of the receipts anticipated for the year",
                expected=f">= {_rs(needed)}",
                actual=_rs(closing),
                location=source_of(statement),
            )
    stated = statement.cash_balance.be_next
    if stated is not None and stated != fund.opening_balance:
        yield Finding.of(
            rule("BR-S1-ABS-1"),
            subject,
            "the cash balance stated for 1 July of the budget year is not the closing balance "
            "of the revised estimates",
            expected=_rs(fund.opening_balance),
            actual=_rs(stated),
            location=source_of(statement.cash_balance) or source_of(statement),
        )


# ------------------------------------------------------------------------ line checks


def _rows(
    lines: BudgetTable, mask: Any, columns: Iterable[str]
) -> list[tuple[int, dict[str, Any]]]:
    """The rows where ``mask`` holds, as (row index, {column: value}) in table order."""
    indices = pc.indices_nonzero(pc.fill_null(mask, False))
    if len(indices) == 0:
        return []
    picked = lines.table.select(list(columns)).take(indices).to_pylist()
    return list(zip(indices.to_pylist(), picked, strict=True))


def _amount(row: dict[str, Any], column: str) -> Decimal:
    value = row[column]
    return ZERO if value is None else _at(value, row["scale_" + column])


def check_lines_table(budget: ColumnarBudget) -> Iterator[Finding]:
    """:func:`kpgov.budget.check_lines`: lump sums (BR-10(2)(c), BR-66(5), BR-15(1)(g),
    BR-22(1)(c)), Public Account heads in the District Fund (BR-12(3)), voted expenditure under
    no demand (BR-11(4)(d)(iv)), charged expenditure without a ground (LGA-32(1)), new
    expenditure outside the SNE (BR-29(4)), conditional-grant receipts not shown as such
    (LGA-34(4)), and lines without outer-year projections by office (BR-14(1), BR-51(4))."""
    statement = budget.head
    lines = budget.lines
    table = lines.table
    kind = table.column("kind")
    yield from _lump_sums(lines)
    # conditional-grant receipts not shown as a conditional grant
    receipt = pc.equal(kind, LineKind.RECEIPT.value)
    not_cg = pc.fill_null(pc.not_equal(table.column("source"), "conditional_grant"), True)
    mask = pc.and_(pc.and_(pc.is_valid(table.column("conditional_grant")), receipt), not_cg)
    for index, row in _rows(lines, mask, ["line_id", "conditional_grant"]):
        yield Finding.of(
            rule("LGA-34(4)"),
            f"line {row['line_id']}",
            f"receipt of conditional grant {row['conditional_grant']!r} not shown as a "
            "conditional grant",
            location=lines.location(index),
        )
    # Public Account heads among District Fund lines
    objects: dict[str, ObjectCode] = lines.codes["object"]
    heads = [text for text, code in objects.items() if code.family.is_public_account]
    if heads:
        mask = pc.and_(
            pc.not_equal(kind, LineKind.PUBLIC_ACCOUNT.value),
            pc.is_in(table.column("object"), pa.array(heads, pa.string())),
        )
        for index, row in _rows(lines, mask, ["line_id", "object", "kind"]):
            obj = objects[row["object"]]
            yield Finding.of(
                rule("BR-12(3)"),
                f"line {row['line_id']}",
                f"Public Account head {obj} ({obj.family.value}) among District Fund "
                f"{row['kind']} estimates",
                actual=str(obj),
                location=lines.location(index),
            )
    # expenditure: charged without a ground, voted under no demand, new outside the SNE
    expenditure = pc.is_in(kind, _EXPENDITURE)
    grants = {demand.grant for demand in statement.demands}
    funds: dict[str, FundCode] = lines.codes["fund"]
    charged = [t for t, f in funds.items() if f.sub_fund is not None and f.sub_fund.charged]
    unknown = [
        t
        for t, f in funds.items()
        if f.sub_fund is not None
        and not f.sub_fund.charged
        and (f.grant is None or f.grant not in grants)
    ]
    fund = table.column("fund")
    if charged:
        mask = pc.and_(
            pc.and_(expenditure, pc.is_in(fund, pa.array(charged, pa.string()))),
            pc.is_null(table.column("charged_category")),
        )
        for index, row in _rows(lines, mask, ["line_id"]):
            yield Finding.of(
                rule("LGA-32(1)"),
                f"line {row['line_id']}",
                "charged expenditure that names no ground of LGA-32(1)(a)-(d)",
                location=lines.location(index),
            )
    if unknown:
        mask = pc.and_(expenditure, pc.is_in(fund, pa.array(unknown, pa.string())))
        for index, row in _rows(lines, mask, ["line_id", "fund"]):
            yield Finding.of(
                rule("BR-11(4)(d)(iv)"),
                f"line {row['line_id']}",
                "voted expenditure under no Demand for Grant of the budget",
                actual=funds[row["fund"]].grant or "no grant number",
                location=lines.location(index),
            )
    proposals = pa.array([p.proposal_id for p in statement.new_expenditure.proposals], pa.string())
    new = pc.and_(expenditure, pc.equal(table.column("status"), "new"))
    outside = pc.invert(pc.fill_null(pc.is_in(table.column("proposal"), proposals), False))
    for index, row in _rows(lines, pc.and_(new, outside), ["line_id", "proposal"]):
        yield Finding.of(
            rule("BR-29(4)"),
            f"line {row['line_id']}",
            "new expenditure that is not part of a proposal of the Statement of New Expenditure",
            actual=row["proposal"] or "no proposal",
            location=lines.location(index),
        )
    yield from _unprojected(budget)


def _lump_sums(lines: BudgetTable) -> Iterator[Finding]:
    table = lines.table
    # RE2 finds every description Python's "ump" test could accept; Python decides.
    candidate = pc.or_(
        table.column("lump_sum"),
        pc.match_substring(table.column("description"), "ump", ignore_case=True),
    )
    columns = ["line_id", "kind", "lump_sum", "description", "explanation", "be_next"]
    for index, row in _rows(lines, candidate, [*columns, "scale_be_next"]):
        description = row["description"]
        if not (
            row["lump_sum"] or ("ump" in description.lower() and _LUMP_SUM_RE.search(description))
        ):
            continue
        where = f"line {row['line_id']}"
        amount = _rs(_amount(row, "be_next"))
        location = lines.location(index)
        if row["explanation"] is None:
            for rule_id in ("BR-66(5)", "BR-10(2)(c)"):
                yield Finding.of(
                    rule(rule_id),
                    where,
                    f"lump-sum provision of {amount} with no explanation of its details",
                    location=location,
                )
            continue
        rule_id = "BR-15(1)(g)" if row["kind"] == LineKind.RECEIPT.value else "BR-22(1)(c)"
        yield Finding.of(
            rule(rule_id),
            where,
            f"lump-sum provision of {amount}; recorded circumstance: {row['explanation']}",
            location=location,
        )


def _unprojected(budget: ColumnarBudget) -> Iterator[Finding]:
    """BR-14(1), BR-51(4): lines without both outer-year projections, by kind and office."""
    lines = budget.lines
    table = lines.table
    mask = pc.or_(pc.is_null(table.column("outer_1")), pc.is_null(table.column("outer_2")))
    entities: Mapping[str, EntityCode] = lines.codes["entity"]
    offices: dict[str, str] = {}
    groups: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for index, row in _rows(lines, mask, ["kind", "entity", "line_id"]):
        entity = row["entity"]
        if entity not in offices:
            offices[entity] = _office(entities[entity])
        key = (row["kind"], offices[entity])
        groups.setdefault(key, []).append((index, row["line_id"]))
    for (kind, office), members in sorted(groups.items()):
        rule_id = "BR-14(1)" if kind == LineKind.RECEIPT.value else "BR-51(4)"
        ids = [line_id for _, line_id in members]
        where = lines.locations([index for index, _ in members])
        yield Finding.of(
            rule(rule_id),
            f"{budget.head.subject} office {office}",
            f"{len(ids)} {kind} line(s) without projections for both outer years: " + _some(ids),
            location=where[0] if where else source_of(budget.head),
            related=where[1:],
        )


def _some(ids: list[str]) -> str:
    return ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")


# ---------------------------------------------------------------------------- ceilings


def _entity_column(lines: BudgetTable, attribute: Callable[[EntityCode], str]) -> Any:
    """``attribute`` of each line's entity code, as a column (each distinct code looked at
    once)."""
    entities: Mapping[str, EntityCode] = lines.codes["entity"]
    encoded = pc.dictionary_encode(lines.table.column("entity")).combine_chunks()
    values = [attribute(entities[text]) for text in encoded.dictionary.to_pylist()]
    return pc.take(pa.array(values, pa.string()), encoded.indices)


def _office(code: EntityCode) -> str:
    return code.office or code.code


def _cost_centre(code: EntityCode) -> str:
    return str(code.at(EntityLevel.COST_CENTRE))


def _ceiling_sums(table: Any, key: str) -> dict[tuple[str, CeilingKind], list[Decimal]]:
    return {
        (name, _ceiling_kind(kind)): sums
        for (name, kind), sums in _sums(table, [key, "kind"], _CEILING_COLUMNS).items()
    }


def _ceiling_kind(kind: str) -> CeilingKind:
    return CeilingKind.CURRENT if kind == LineKind.CURRENT.value else CeilingKind.DEVELOPMENT


def check_ceilings_table(budget: ColumnarBudget) -> Iterator[Finding]:
    """:func:`kpgov.budget.check_ceilings`: BR-13(7) ceilings issued, BR-13(10) office
    estimates within the ceilings, BR-22(1)(m) cost centres within theirs, BR-24(5) justified
    additional bids."""
    statement = budget.head
    subject = statement.subject
    lines = budget.lines
    table = lines.table
    spending = pc.is_in(table.column("kind"), _EXPENDITURE)
    needed = ["entity", "kind", *_CEILING_COLUMNS, *(f"scale_{c}" for c in _CEILING_COLUMNS)]
    spent = table.select(needed).filter(spending)
    spent_lines = BudgetTable(spent, lines.codes)
    keyed = spent.append_column("office", _entity_column(spent_lines, _office))
    office_sums = _ceiling_sums(keyed, "office")
    centre_sums: dict[tuple[str, CeilingKind], list[Decimal]] = {}
    if any(c.cost_centre is not None for c in statement.ceilings):
        keyed = spent.append_column("centre", _entity_column(spent_lines, _cost_centre))
        centre_sums = _ceiling_sums(keyed, "centre")
    columns = (Column.BE_NEXT, Column.OUTER_1, Column.OUTER_2)
    bids: dict[tuple[str, CeilingKind, str | None], Decimal] = {}
    for bid in statement.additional_bids:
        if bid.justification is None:
            yield Finding.of(
                rule("BR-24(5)"),
                f"{subject} office {bid.office}",
                f"additional {bid.kind.value} bid of {_rs(bid.amount)} over the ceiling "
                "without a justification",
                location=source_of(bid),
            )
        else:
            key = (bid.office, bid.kind, bid.cost_centre)
            bids[key] = bids.get(key, ZERO) + bid.amount
    office_ceilings = {(c.office, c.kind): c for c in statement.ceilings if c.cost_centre is None}
    for (office, kind), totals in sorted(
        office_sums.items(), key=lambda kv: (kv[0][0], kv[0][1].value)
    ):
        ceiling = office_ceilings.get((office, kind))
        if ceiling is None:
            yield Finding.of(
                rule("BR-13(7)"),
                f"{subject} office {office}",
                f"{kind.value} estimates of the office have no indicative ceilings",
                location=source_of(statement),
            )
            continue
        yield from _over_ceiling(
            rule("BR-13(10)"),
            f"{subject} office {office}",
            kind,
            totals,
            ceiling.amount,
            bids.get((office, kind, None), ZERO),
            columns,
            source_of(ceiling),
        )
    for ceiling in statement.ceilings:
        if ceiling.cost_centre is None:
            continue
        totals = centre_sums.get((ceiling.cost_centre, ceiling.kind), [ZERO, ZERO, ZERO])
        yield from _over_ceiling(
            rule("BR-22(1)(m)"),
            f"{subject} cost centre {ceiling.cost_centre}",
            ceiling.kind,
            totals,
            ceiling.amount,
            bids.get((ceiling.office, ceiling.kind, ceiling.cost_centre), ZERO),
            columns,
            source_of(ceiling),
        )


def _over_ceiling(
    rule: Rule,
    subject: str,
    kind: CeilingKind,
    totals: list[Decimal],
    ceiling: Any,
    bid: Decimal,
    columns: tuple[Column, ...],
    location: Location | None = None,
) -> Iterator[Finding]:
    for year, column in enumerate(columns):
        allowed = ceiling(year) + (bid if year == 0 else ZERO)
        if totals[year] > allowed:
            yield Finding.of(
                rule,
                subject,
                f"{kind.value} estimates, {column.title}, exceed the indicative ceiling"
                + (" and justified additional bids" if year == 0 and bid else "")
                + f" by {_rs(totals[year] - allowed)}",
                expected=f"<= {_rs(allowed)}",
                actual=_rs(totals[year]),
                location=location,
            )


# ------------------------------------------------------------------ conditional grants


def check_conditional_grants_table(budget: ColumnarBudget) -> Iterator[Finding]:
    """:func:`kpgov.budget.check_conditional_grants`: LGA-34(4) spending against a grant whose
    receipt is not shown; BR-28(1) spending within the grant."""
    table = budget.lines.table
    named = table.select(["conditional_grant", "kind", "be_next", "scale_be_next"]).filter(
        pc.is_valid(table.column("conditional_grant"))
    )
    if named.num_rows == 0:
        return
    work = pa.table(
        {
            "grant": named.column("conditional_grant"),
            "kind": named.column("kind"),
            "be_next": named.column("be_next"),
            "scale": named.column("scale_be_next"),
        }
    )
    grouped = (
        work.group_by(["grant", "kind"], use_threads=False)
        .aggregate([("be_next", "sum"), ("scale", "max")])
        .to_pylist()
    )
    received: dict[str, Decimal] = {}
    spent: dict[str, Decimal] = {}
    for row in grouped:
        value = _at(row["be_next_sum"], row["scale_max"])
        if row["kind"] == LineKind.RECEIPT.value:
            received[row["grant"]] = received.get(row["grant"], ZERO) + value
        elif row["kind"] in (LineKind.CURRENT.value, LineKind.DEVELOPMENT.value):
            spent[row["grant"]] = spent.get(row["grant"], ZERO) + value
    subject = budget.head.subject
    for name in sorted(spent):
        where = f"{subject} conditional grant {name}"
        if name not in received:
            yield Finding.of(
                rule("LGA-34(4)"),
                where,
                "expenditure is budgeted against a conditional grant whose receipt is not "
                "shown separately",
                location=source_of(budget.head),
            )
        elif spent[name] > received[name]:
            yield Finding.of(
                rule("BR-28(1)"),
                where,
                "expenditure budgeted against the conditional grant exceeds the grant",
                expected=f"<= {_rs(received[name])}",
                actual=_rs(spent[name]),
                location=source_of(budget.head),
            )


#: The checks the columnar path runs, with the pure check each one reproduces.
COLUMNAR_CHECKS: Final = (
    ("check_balance", check_balance_table),
    ("check_lines", check_lines_table),
    ("check_ceilings", check_ceilings_table),
    ("check_conditional_grants", check_conditional_grants_table),
)


def check_budget_table(budget: ColumnarBudget, *, parameters: ParameterSet = PARAMETERS) -> Report:
    """Run every columnar check on ``budget`` (the checks that read every line: balance,
    lines, ceilings, conditional grants) and collect the findings in a Report."""
    findings: list[Finding] = list(check_balance_table(budget, parameters=parameters))
    findings.extend(check_lines_table(budget))
    findings.extend(check_ceilings_table(budget))
    findings.extend(check_conditional_grants_table(budget))
    return Report(findings, title=f"Budget check (columnar): {budget.head.subject}")
