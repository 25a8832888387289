"""The index of a statement's lines: everything the checks need, computed once.

The budget checks look at the same lines many ways (totals by column, sums by office and cost
centre, notes by office, lines by proposal ...). :func:`index_of` computes them once and keeps
the result for the last statement indexed, so :func:`~kpgov.budget.check_budget` and a caller
running single checks both pay once. The per-line checks of
:func:`~kpgov.budget.check_lines` and :func:`~kpgov.budget.check_classifications` are done
while indexing, in one plain loop (:func:`_build`). A column-pass builder that once stood beside
it was slower than the loop once loaded lines came with their provenance and cached codes
(issue 12 measured 4.6-5.0 s against 2.6-3.1 s for 100,000 lines), so it went: bulk budgets
take the columnar path, ``kpgov.columnar``.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from decimal import Decimal
from operator import attrgetter
from typing import Final

import attrs

from kpgov.accounts import (
    Catalogue,
    Element,
    EntityCode,
    EntityLevel,
    ExpenditureClassification,
    FundCode,
    PublicAccountClassification,
    ReceiptClassification,
    check_expenditure,
    check_public_account,
    check_receipt,
    shipped_catalogue,
)
from kpgov.budget import _rules as rules
from kpgov.budget._documents import CeilingKind
from kpgov.budget._lines import BudgetLine, Column, LineKind, LineStatus, ReceiptSource
from kpgov.budget._statement import AnnualBudgetStatement
from kpgov.findings import Finding
from kpgov.law import get as get_rule
from kpgov.money import ZERO, format_amount

__all__ = ["Index", "index_of"]

_LUMP_SUM_RE: Final = re.compile(r"lump[\s-]*sum", re.IGNORECASE)
_CATALOGUE_RULE: Final = "BR-11(1)"
_COLUMNS: Final = tuple(Column)


def _rs(amount: Decimal) -> str:
    return f"Rs {format_amount(amount)}"


def _three() -> list[Decimal]:
    return [ZERO, ZERO, ZERO]


class Index:
    """What the checks need from the lines of one statement (built by :func:`index_of`)."""

    __slots__ = (
        "centre_offices",
        "centre_sums",
        "cg_received",
        "cg_spent",
        "class_findings",
        "council_centres",
        "current_centres",
        "grant_budget",
        "has_new",
        "kinds",
        "line_findings",
        "missing_codes",
        "office_sums",
        "proposal_lines",
        "proposal_revenue",
        "receipt_offices",
        "sources",
        "totals",
        "unprojected",
    )

    def __init__(self) -> None:
        self.totals: dict[LineKind, list[Decimal]] = {k: [ZERO] * 6 for k in LineKind}
        self.kinds: set[LineKind] = set()
        self.sources: set[ReceiptSource | None] = set()
        self.office_sums: dict[tuple[str, CeilingKind], list[Decimal]] = {}
        self.centre_sums: dict[tuple[str, CeilingKind], list[Decimal]] = {}
        self.unprojected: dict[tuple[LineKind, str], list[BudgetLine]] = {}
        self.receipt_offices: set[str] = set()
        self.current_centres: set[str] = set()
        self.centre_offices: dict[str | None, set[str]] = {}
        self.council_centres: set[str | None] = set()
        self.grant_budget: dict[str, Decimal] = {}
        self.has_new = False
        self.proposal_lines: dict[str, list[BudgetLine]] = {}
        self.proposal_revenue: dict[str, Decimal] = {}
        self.cg_received: dict[str, Decimal] = {}
        self.cg_spent: dict[str, Decimal] = {}
        self.line_findings: list[Finding] = []
        self.class_findings: list[Finding] = []
        self.missing_codes: dict[tuple[str, str], tuple[Finding, list[BudgetLine]]] = {}

    def total(self, kind: LineKind, column: Column) -> Decimal:
        return self.totals[kind][_COLUMNS.index(column)]

    def totals_by_column(self) -> dict[tuple[LineKind, Column], Decimal]:
        return {
            (kind, column): values[i]
            for kind, values in self.totals.items()
            for i, column in enumerate(_COLUMNS)
        }


_cache: list[tuple[weakref.ref[AnnualBudgetStatement], Catalogue | None, Index]] = []


def index_of(
    statement: AnnualBudgetStatement,
    catalogue: Catalogue | None = None,
    *,
    classified: bool = True,
) -> Index:
    """The index of ``statement`` (with its lines classified against ``catalogue``), built
    once and reused while the same statement and catalogue are asked for. With
    ``classified=False`` the caller does not read the classification findings, so an index
    built against any catalogue will do.

    The cache holds one entry: the statement weakly, the catalogue strongly (so that its
    ``id`` cannot be reused by another catalogue while the entry lives).
    """
    for ref, cat, index in _cache:
        if ref() is statement and (cat is catalogue or not classified):
            return index
    index = _build(statement, catalogue)
    _cache[:] = [(weakref.ref(statement), catalogue, index)]
    return index


def _build(statement: AnnualBudgetStatement, catalogue: Catalogue | None) -> Index:
    """One plain loop over the lines: every per-line computation of the checks, fused into
    one pass.

    Hot-loop notes: the loop only sorts lines into groups (by kind, by entity, by fund) and
    tests flags; the sums are taken afterwards per group with ``sum(map(attrgetter(...)))``,
    which runs in C. Enum members and code objects hash through Python methods, so per-kind
    state lives in separate locals chosen by identity tests and caches are keyed by the codes'
    text (or, for fund codes, by ``id()``: every line stays alive during the pass, so ids are
    not reused, and equal codes that are distinct objects only cost a cache miss).
    """
    ix = Index()
    grants = {demand.grant for demand in statement.demands}
    proposals = {p.proposal_id for p in statement.new_expenditure.proposals}
    council = statement.council_office
    receipt, current, development = LineKind.RECEIPT, LineKind.CURRENT, LineKind.DEVELOPMENT
    public = LineKind.PUBLIC_ACCOUNT
    by_kind: dict[LineKind, list[BudgetLine]] = {kind: [] for kind in LineKind}
    l_rec, l_cur, l_dev, l_pa = (
        by_kind[receipt],
        by_kind[current],
        by_kind[development],
        by_kind[public],
    )
    e_rec: dict[str, _EntityInfo] = {}
    e_cur: dict[str, _EntityInfo] = {}
    e_dev: dict[str, _EntityInfo] = {}
    e_pa: dict[str, _EntityInfo] = {}
    c_rec: dict[tuple[object, ...], list[Finding]] = {}
    c_cur: dict[tuple[object, ...], list[Finding]] = {}
    c_dev: dict[tuple[object, ...], list[Finding]] = {}
    c_pa: dict[tuple[object, ...], list[Finding]] = {}
    office_groups: dict[tuple[str, CeilingKind], list[BudgetLine]] = {}
    centre_groups: dict[tuple[str, CeilingKind], list[BudgetLine]] = {}
    pa_heads: dict[str, bool] = {}
    fund_cache: dict[int, _FundInfo] = {}
    findings = ix.line_findings
    unprojected = ix.unprojected
    listed = (catalogue or shipped_catalogue()).elements()
    by_project = Element.PROJECT in listed  # project codes matter only if catalogued
    by_entity = Element.ENTITY in listed  # so do entity codes (else only their level)
    search = _LUMP_SUM_RE.search
    new = LineStatus.NEW
    for line in statement.lines:
        kind = line.kind
        if kind is current:
            group, ecache, ccache = l_cur, e_cur, c_cur
        elif kind is development:
            group, ecache, ccache = l_dev, e_dev, c_dev
        elif kind is receipt:
            group, ecache, ccache = l_rec, e_rec, c_rec
        else:
            group, ecache, ccache = l_pa, e_pa, c_pa
        group.append(line)
        entity = line.entity
        entity_text = entity.code
        info = ecache.get(entity_text)
        if info is None:
            info = ecache[entity_text] = _first_seen(
                ix, entity, kind, council, office_groups, centre_groups
            )
        if line.outer_1 is None or line.outer_2 is None:
            unprojected.setdefault((kind, info.office), []).append(line)
        description = line.description
        if line.lump_sum or ("ump" in description.lower() and search(description)):
            findings.extend(_lump_sum(line))
        if line.conditional_grant is not None:
            _conditional(ix, line)
        proposal = line.proposal
        if proposal is not None:
            if kind is receipt:
                ix.proposal_revenue[proposal] = (
                    ix.proposal_revenue.get(proposal, ZERO) + line.be_next
                )
            elif kind is current or kind is development:
                ix.proposal_lines.setdefault(proposal, []).append(line)
        obj = line.object
        obj_text = obj.code
        entity_key = entity_text if by_entity or not info.centre_ok else True
        # classification (kpgov.accounts), once per distinct classification
        if kind is current or kind is development:
            fund = line.fund
            state = fund_cache.get(id(fund))
            if state is None:
                state = fund_cache[id(fund)] = _fund_state(fund, grants)
            state.lines.append(line)
            info.office_group.append(line)
            if info.centre_group is not None:
                info.centre_group.append(line)
            project = line.project
            function = line.function
            ckey: tuple[object, ...] = (
                entity_key,
                obj_text,
                None if function is None else function.code,
                state.text,
                (None if project is None else project.code) if by_project else project is None,
                line.charged_category,
            )
        else:
            state = None
            ckey = (entity_key, obj_text, line.account)
        found = ccache.get(ckey)
        if found is None:
            found = ccache[ckey] = _classify(line, catalogue)
        if found:
            _record_classification(ix, line, found)
        if kind is public:
            continue
        is_pa = pa_heads.get(obj_text)
        if is_pa is None:
            is_pa = pa_heads[obj_text] = obj.family.is_public_account
        if is_pa:
            findings.append(
                Finding.of(
                    rules.PUBLIC_ACCOUNT_NOT_APPROPRIATED,
                    f"line {line.line_id}",
                    f"Public Account head {obj} ({obj.family.value}) among District Fund "
                    f"{kind.value} estimates",
                    actual=str(obj),
                    location=line.origin,
                )
            )
        if state is None:  # a receipt
            ix.sources.add(line.source)
            continue
        code = state.code
        if code == 1:
            if line.charged_category is None:
                findings.append(
                    Finding.of(
                        rules.CHARGED_GROUNDS,
                        f"line {line.line_id}",
                        "charged expenditure that names no ground of LGA-32(1)(a)-(d)",
                        location=line.origin,
                    )
                )
        elif code == 3:
            findings.append(
                Finding.of(
                    rules.GRANT_NUMBER,
                    f"line {line.line_id}",
                    "voted expenditure under no Demand for Grant of the budget",
                    actual=state.grant or "no grant number",
                    location=line.origin,
                )
            )
        if line.status is new:
            ix.has_new = True
            if proposal is None or proposal not in proposals:
                findings.append(
                    Finding.of(
                        rules.SNE_PROVIDED,
                        f"line {line.line_id}",
                        "new expenditure that is not part of a proposal of the Statement of "
                        "New Expenditure",
                        actual=proposal or "no proposal",
                        location=line.origin,
                    )
                )
    # the sums, per group, in C
    for kind, lines in by_kind.items():
        if lines:
            ix.kinds.add(kind)
            ix.totals[kind] = _sums(lines, _COLUMN_NAMES)
    for key, lines in office_groups.items():
        ix.office_sums[key] = _sums(lines, _CEILING_COLUMNS)
    if any(c.cost_centre is not None for c in statement.ceilings):
        for key, lines in centre_groups.items():
            ix.centre_sums[key] = _sums(lines, _CEILING_COLUMNS)
    for state in fund_cache.values():
        if state.grant is not None:
            ix.grant_budget[state.grant] = ix.grant_budget.get(state.grant, ZERO) + sum(
                map(_BE_NEXT, state.lines), ZERO
            )
    return ix


_COLUMN_NAMES: Final = tuple(c.value for c in Column)
_CEILING_COLUMNS: Final = ("be_next", "outer_1", "outer_2")
_BE_NEXT: Final = attrgetter("be_next")


def _sums(lines: list[BudgetLine], columns: tuple[str, ...]) -> list[Decimal]:
    """Exact column sums; an outer year that was not projected counts as zero."""
    return [sum(filter(None, map(attrgetter(name), lines)), ZERO) for name in columns]


@attrs.define
class _EntityInfo:
    office: str
    centre: str
    centre_ok: bool
    office_group: list[BudgetLine]
    centre_group: list[BudgetLine] | None


@attrs.define
class _FundInfo:
    code: int  # 0 no sub-fund (reported by the classification check), 1 charged, 2 voted
    grant: str | None  # under a demand of the budget, 3 voted under no demand
    text: str | None
    lines: list[BudgetLine] = attrs.Factory(list)


def _first_seen(
    ix: Index,
    entity: EntityCode,
    kind: LineKind,
    council: str | None,
    office_groups: dict[tuple[str, CeilingKind], list[BudgetLine]],
    centre_groups: dict[tuple[str, CeilingKind], list[BudgetLine]],
) -> _EntityInfo:
    """Facts about an entity, recorded the first time it appears with a kind of line."""
    office = entity.office or entity.code
    centre = str(entity.at(EntityLevel.COST_CENTRE))
    centre_ok = entity.level is EntityLevel.COST_CENTRE
    if kind is LineKind.RECEIPT:
        ix.receipt_offices.add(office)
    elif kind.is_expenditure:
        if kind is LineKind.CURRENT:
            ix.current_centres.add(centre)
        if entity.office is not None and entity.office == council:
            ix.council_centres.add(entity.cost_centre)
        else:
            ix.centre_offices.setdefault(entity.cost_centre, set()).add(centre)
        ck = CeilingKind.CURRENT if kind is LineKind.CURRENT else CeilingKind.DEVELOPMENT
        return _EntityInfo(
            office,
            centre,
            centre_ok,
            office_groups.setdefault((office, ck), []),
            centre_groups.setdefault((centre, ck), []),
        )
    return _EntityInfo(office, centre, centre_ok, [], None)


def _record_classification(ix: Index, line: BudgetLine, found: list[Finding]) -> None:
    for finding in found:
        if finding.rule_id == _CATALOGUE_RULE:
            code_key = (finding.message, finding.actual or "")
            entry = ix.missing_codes.get(code_key)
            if entry is None:
                ix.missing_codes[code_key] = (finding, [line])
            else:
                entry[1].append(line)
        else:
            ix.class_findings.append(
                attrs.evolve(finding, subject=f"line {line.line_id}", location=line.origin)
            )


def _fund_state(fund: FundCode | None, grants: set[str]) -> _FundInfo:
    if fund is None:
        return _FundInfo(0, None, None)
    text = str(fund)
    if fund.sub_fund is None:
        return _FundInfo(0, fund.grant, text)
    if fund.sub_fund.charged:
        return _FundInfo(1, fund.grant, text)
    voted = 2 if fund.grant is not None and fund.grant in grants else 3
    return _FundInfo(voted, fund.grant, text)


def _conditional(ix: Index, line: BudgetLine) -> None:
    name = line.conditional_grant
    assert name is not None
    if line.kind is LineKind.RECEIPT:
        if line.source is not ReceiptSource.CONDITIONAL_GRANT:
            ix.line_findings.append(
                Finding.of(
                    rules.CONDITIONAL_GRANTS_SEPARATE,
                    f"line {line.line_id}",
                    f"receipt of conditional grant {name!r} not shown as a conditional grant",
                    location=line.origin,
                )
            )
        ix.cg_received[name] = ix.cg_received.get(name, ZERO) + line.be_next
    elif line.kind.is_expenditure:
        ix.cg_spent[name] = ix.cg_spent.get(name, ZERO) + line.be_next


def _lump_sum(line: BudgetLine) -> list[Finding]:
    where = f"line {line.line_id}"
    if line.explanation is None:
        return [
            Finding.of(
                rule,
                where,
                f"lump-sum provision of {_rs(line.be_next)} with no explanation of its details",
                location=line.origin,
            )
            for rule in (rules.LUMP_SUM_UNEXPLAINED, rules.LUMP_SUM_PRINCIPLE)
        ]
    rule = rules.LUMP_SUM_RECEIPT if line.kind is LineKind.RECEIPT else rules.LUMP_SUM_EXPENDITURE
    return [
        Finding.of(
            rule,
            where,
            f"lump-sum provision of {_rs(line.be_next)}; recorded circumstance: {line.explanation}",
            location=line.origin,
        )
    ]


_CheckFn = Callable[..., list[Finding]]


def _classify(line: BudgetLine, catalogue: Catalogue | None) -> list[Finding]:
    kind = line.kind
    if kind is LineKind.RECEIPT:
        return check_receipt(ReceiptClassification(line.entity, line.object), catalogue=catalogue)
    if kind is LineKind.PUBLIC_ACCOUNT:
        assert line.account is not None  # BudgetLine requires it
        return check_public_account(
            PublicAccountClassification(line.object, line.account), catalogue=catalogue
        )
    classification = line.classification
    if not isinstance(classification, ExpenditureClassification):
        rule_of = {"function": "BR-11(4)(b)", "fund": "BR-11(4)(d)"}
        return [
            Finding.of(
                get_rule(rule_of[name]),
                str(line.entity),
                f"expenditure without a {name} code",
                expected=f"a {name} code",
                actual="none",
            )
            for name, value in (("function", line.function), ("fund", line.fund))
            if value is None
        ]
    return check_expenditure(
        classification,
        catalogue=catalogue,
        development=kind is LineKind.DEVELOPMENT,
        charged=line.charged_category,
    )
