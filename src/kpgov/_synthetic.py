"""A generator of SYNTHETIC district budgets, for examples, demos, tests and benchmarks.

Nothing here is real data: the figures are drawn from a seeded pseudo-random generator, the
district is fictional, and some codes (receipt heads, education functions, civil works) are
placeholders that the shipped Chart of Accounts sample does not list; the example catalogue
extension (``kpgov/data/examples/budget/catalogue-extension.csv``) lists them, marked as
synthetic. The budgets are shaped like real ones (offices with drawing and disbursing
officers, current and development demands, ceilings, a Statement of New Expenditure,
Public Account heads), so the checks have something realistic to look at.

>>> s = synthetic_statement("Synthetic District", "SYN", FinancialYear(2025), lines=300, seed=1)
>>> len(s.lines) >= 300, s.district
(True, 'Synthetic District (synthetic)')
>>> synthetic_statement("X", "SYN", FinancialYear(2025), lines=300, seed=1) == synthetic_statement(
...     "X", "SYN", FinancialYear(2025), lines=300, seed=1)
True
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any, Final

from kpgov.accounts import (
    ChargedCategory,
    EntityCode,
    FunctionCode,
    FundCode,
    ObjectCode,
    ProjectCode,
    PublicAccountKind,
    parse_fund,
)
from kpgov.budget import (
    AdditionalBid,
    AnnualBudgetStatement,
    BudgetApproval,
    BudgetDocument,
    BudgetLine,
    CashBalances,
    CeilingKind,
    CompletingProject,
    Demand,
    ExplanatoryNote,
    IndicativeCeiling,
    Investment,
    LiabilityKind,
    LineKind,
    LineStatus,
    NewExpenditureProposal,
    NoteForm,
    OutstandingLiability,
    PostProvision,
    ReceiptSource,
    StatementOfNewExpenditure,
)
from kpgov.periods import FinancialYear

__all__ = ["SYNTHETIC_DEFECTS", "synthetic_statement"]

#: The defects ``synthetic_statement(defects=True)`` plants, by the rule that should find them.
SYNTHETIC_DEFECTS: Final = (
    "BR-66(5)",  # a lump-sum contingency provision with no explanation (with BR-10(2)(c))
    "BR-13(10)",  # Health over its current ceiling beyond its justified bid
    "BR-24(5)",  # an additional bid with no justification
    "BR-31(1)(a)",  # a new proposal that omits the duration of employment
    "BR-22(1)(g)",  # pay provided for posts decided to be left unfilled
    "BR-50(1)(b)#sne",  # a project completing next year without its recurring cost in the SNE
)

# office code, title, function, share of expenditure lines, has development
_OFFICES: Final = (
    ("DC", "District Council and Secretariat", "011101", 2, False),
    ("FIN", "Finance and Planning", "011105", 4, False),
    ("EDU", "Elementary and Secondary Education", "091101", 40, True),
    ("HLT", "Health", "073101", 25, True),
    ("WRK", "Communications and Works", "045101", 12, True),
    ("WSS", "Water Supply and Sanitation", "063102", 10, True),
    ("AGR", "Agriculture Extension", "042101", 7, True),
)
_CURRENT_OBJECTS: Final = (
    "A01101",
    "A01151",
    "A01202",
    "A01203",
    "A0120D",
    "A01217",
    "A03201",
    "A03202",
    "A03303",
    "A03402",
    "A03805",
    "A03807",
    "A03901",
    "A03902",
    "A13101",
)
_DEVELOPMENT_OBJECTS: Final = ("A12101", "A09701", "A13101", "A09501")
# receipt head, description, source, share
_RECEIPTS: Final = (
    ("C03880", "Share of the Provincial Consolidated Fund (PFC award)", ReceiptSource.TRANSFER),
    ("C03881", "Conditional grant: Immunisation programme", ReceiptSource.CONDITIONAL_GRANT),
    ("C02701", "Hospital fees and charges", ReceiptSource.OWN),
    ("C02301", "Fees for licences and permits", ReceiptSource.OWN),
    ("B01101", "Local taxes (property and professions)", ReceiptSource.OWN),
    ("C03801", "Other receipts", ReceiptSource.OWN),
)
_PUBLIC_ACCOUNT: Final = (
    ("G11101", "General Provident Fund (synthetic head)", PublicAccountKind.TRUST),
    ("G12145", "Special deposit: relief funds", PublicAccountKind.SPECIAL_DEPOSIT),
)
_GROWTH: Final = Decimal("1.07")
_CONDITIONAL_GRANT: Final = "Immunisation programme"


_DIGITS: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _centre(office: str, n: int) -> str:
    """A 4-character cost-centre code: the office's initial and ``n`` in base 36."""
    return office[0] + "".join(_DIGITS[(n // 36**i) % 36] for i in (2, 1, 0))


_Columns = tuple[Decimal, Decimal, Decimal, Decimal, Decimal, Decimal]


def _mk(*, cols: _Columns, **fields: Any) -> BudgetLine:
    actual, be_current, re_current, be_next, outer_1, outer_2 = cols
    return BudgetLine(
        **fields,
        actual=actual,
        be_current=be_current,
        re_current=re_current,
        be_next=be_next,
        outer_1=outer_1,
        outer_2=outer_2,
    )


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1))  # whole rupees


def synthetic_statement(
    name: str,
    code: str,
    year: FinancialYear,
    *,
    lines: int = 1500,
    seed: int = 0,
    defects: bool = True,
) -> AnnualBudgetStatement:
    """A SYNTHETIC budget of about ``lines`` lines for a fictional district ``name``
    (labelled "(synthetic)") with entity district code ``code`` for budget year ``year``.

    With ``defects=True`` it plants the defects of :data:`SYNTHETIC_DEFECTS`; otherwise the
    budget should pass every budget-document check except the catalogue check of codes
    the shipped sample catalogue does not list.
    """
    rng = random.Random(seed)
    expenditure_target = max(lines - lines // 8, 1)
    share_total = sum(o[3] for o in _OFFICES)
    out: list[BudgetLine] = []
    demands: list[Demand] = []
    ceilings: list[IndicativeCeiling] = []
    notes: list[ExplanatoryNote] = []
    proposals: list[NewExpenditureProposal] = []
    completing: list[CompletingProject] = []
    posts: list[PostProvision] = []
    bids: list[AdditionalBid] = []
    fund_cache: dict[str, FundCode] = {}

    def fund(text: str) -> FundCode:
        if text not in fund_cache:
            fund_cache[text] = parse_fund(text)
        return fund_cache[text]

    def amounts(base: int, new: bool = False) -> _Columns:
        be_current = Decimal(0) if new else _round(Decimal(base))
        actual = Decimal(0) if new else _round(be_current * Decimal(rng.randint(88, 104)) / 100)
        re_current = Decimal(0) if new else _round(be_current * Decimal(rng.randint(95, 105)) / 100)
        be_next = _round(
            (re_current if not new else Decimal(base)) * Decimal(rng.randint(104, 112)) / 100
        )
        outer_1 = _round(be_next * _GROWTH)
        return (actual, be_current, re_current, be_next, outer_1, _round(outer_1 * _GROWTH))

    office_totals: dict[tuple[str, CeilingKind], list[Decimal]] = {}
    for grant_no, (office, title, function_text, share, has_dev) in enumerate(_OFFICES, 1):
        function = FunctionCode(function_text)
        current_grant = f"{grant_no:03d}"
        demands.append(Demand(current_grant, f"{title} (current)", CeilingKind.CURRENT, True))
        dev_grant = f"{grant_no + 100:03d}"
        if has_dev:
            demands.append(
                Demand(dev_grant, f"{title} (development)", CeilingKind.DEVELOPMENT, True)
            )
        n_lines = max(len(_CURRENT_OBJECTS), expenditure_target * share // share_total)
        n_dev = n_lines // 6 if has_dev else 0
        n_current = n_lines - n_dev
        centres = max(1, -(-n_current // len(_CURRENT_OBJECTS)))
        for c in range(centres):
            entity = EntityCode(f"{code}-{office}-{_centre(office, c)}")
            for i, object_text in enumerate(_CURRENT_OBJECTS):
                if c * len(_CURRENT_OBJECTS) + i >= n_current:
                    break
                base = (
                    rng.randint(200, 9000) * 1000
                    if object_text.startswith("A01")
                    else rng.randint(20, 900) * 1000
                )
                line = _mk(
                    line_id=f"{office}-C{c:03d}-{object_text}",
                    kind=LineKind.CURRENT,
                    entity=entity,
                    object=ObjectCode(object_text),
                    function=function,
                    fund=fund(f"DF-R-1-{current_grant}"),
                    description=f"{title}: {object_text}",
                    cols=amounts(base),
                )
                out.append(line)
            notes.append(
                ExplanatoryNote(
                    NoteForm.BDC_7,
                    office,
                    f"Estimates of {entity} follow the ceilings and last year's actuals.",
                    str(entity),
                )
            )
        for d in range(n_dev):
            project = ProjectCode(f"{code}-{office}-{year.start_year}-{d:04d}")
            entity = EntityCode(f"{code}-{office}-{_centre(office, d % centres)}")
            object_text = _DEVELOPMENT_OBJECTS[d % len(_DEVELOPMENT_OBJECTS)]
            out.append(
                _mk(
                    line_id=f"{office}-D{d:04d}",
                    kind=LineKind.DEVELOPMENT,
                    entity=entity,
                    object=ObjectCode(object_text),
                    function=function,
                    fund=fund(f"DF-R-2-{dev_grant}"),
                    project=project,
                    description=f"{title}: scheme {d}",
                    cols=amounts(rng.randint(500, 20000) * 1000),
                )
            )
        for kind in (CeilingKind.CURRENT, CeilingKind.DEVELOPMENT):
            office_totals[office, kind] = [Decimal(0)] * 3

    council = next(line for line in out if line.entity.office == "DC")
    out.append(
        _mk(
            line_id="DC-CHARGED-AUDIT",
            kind=LineKind.CURRENT,
            entity=council.entity,
            object=ObjectCode("A03902"),
            function=council.function,
            fund=fund("DF-R-4-001"),
            charged_category=ChargedCategory.GOVERNMENT_CONTRIBUTION,
            description="Contribution towards the auditing of accounts (charged, LGA-32(1)(c))",
            cols=amounts(1_500_000),
        )
    )

    # new expenditure: a new BHU's staff, and the running costs of a completing project
    health = next(line for line in out if line.entity.office == "HLT")
    sne_lines = [
        ("SNE-HLT-1", "A01151", 2_160_000),
        ("SNE-HLT-1", "A03303", 240_000),
        ("SNE-WSS-1", "A01151", 1_080_000),
        ("SNE-WSS-1", "A03303", 900_000),
    ]
    for n, (proposal, object_text, base) in enumerate(sne_lines):
        office = proposal.split("-")[1]
        anchor = next(line for line in out if line.entity.office == office)
        out.append(
            _mk(
                line_id=f"{proposal}-{n}",
                kind=LineKind.CURRENT,
                entity=anchor.entity,
                object=ObjectCode(object_text),
                function=anchor.function,
                fund=anchor.fund,
                status=LineStatus.NEW,
                proposal=proposal,
                description=f"New expenditure ({proposal})",
                cols=amounts(base, new=True),
            )
        )
    water_project = ProjectCode(f"{code}-WSS-{year.start_year - 1}-0007")
    proposals.append(
        NewExpenditureProposal(
            "SNE-HLT-1",
            office="HLT",
            title="Staff of a new Basic Health Unit",
            personnel=4,
            rate=Decimal(45000),
            duration_months=None if defects else 12,
            revenue_implications="None: services are free at the point of use",
            note="The BHU building is complete; staff are needed from July.",
        )
    )
    proposals.append(
        NewExpenditureProposal(
            "SNE-WSS-1",
            office="WSS",
            title="Operation of a completed water supply scheme",
            personnel=2,
            rate=Decimal(45000),
            duration_months=12,
            revenue_implications="Water charges of about Rs 3 lakh a year",
            revenue_amount=Decimal(300000),
            note="Recurring cost of a scheme completing in the budget year (BR-50).",
            project=water_project,
        )
    )
    completing.append(
        CompletingProject(water_project, "Water supply scheme", "WSS", Decimal(1_900_000))
    )
    if defects:
        completing.append(
            CompletingProject(
                ProjectCode(f"{code}-EDU-{year.start_year - 1}-0003"),
                "Girls' primary school building",
                "EDU",
                Decimal(2_400_000),
            )
        )
        edu = next(line for line in out if line.entity.office == "EDU")
        out.append(
            _mk(
                line_id="EDU-LUMP-1",
                kind=LineKind.CURRENT,
                entity=edu.entity,
                object=ObjectCode("A03901"),
                function=edu.function,
                fund=edu.fund,
                lump_sum=True,
                description="Lump sum provision for contingencies",
                cols=amounts(5_000_000),
            )
        )

    # receipts: sized so that the budget balances with a margin
    spending = sum((line.be_next for line in out if line.kind.is_expenditure), Decimal(0))
    n_receipt_lines = max(len(_RECEIPTS), lines // 10)
    weights = {
        ReceiptSource.TRANSFER: 88,
        ReceiptSource.CONDITIONAL_GRANT: 4,
        ReceiptSource.OWN: 14,
    }
    per_source_lines = {
        source: max(1, sum(1 for r in _RECEIPTS if r[2] is source)) for source in weights
    }
    rco = {
        ReceiptSource.TRANSFER: "FIN",
        ReceiptSource.CONDITIONAL_GRANT: "HLT",
        ReceiptSource.OWN: "REV",
    }
    n_per_head = max(1, n_receipt_lines // len(_RECEIPTS))
    for head, description, source in _RECEIPTS:
        total = spending * weights[source] / 100 / per_source_lines[source]
        for k in range(n_per_head):
            office = rco[source]
            target = _round(total / n_per_head * Decimal(rng.randint(97, 103)) / 100)
            cols = amounts(int(target / Decimal("1.08")))
            out.append(
                _mk(
                    line_id=f"R-{head}-{k:04d}",
                    kind=LineKind.RECEIPT,
                    entity=EntityCode(f"{code}-{office}-RC{k % 90:02d}"),
                    object=ObjectCode(head),
                    source=source,
                    conditional_grant=_CONDITIONAL_GRANT
                    if source is ReceiptSource.CONDITIONAL_GRANT
                    else None,
                    proposal="SNE-WSS-1" if head == "C02701" and k == 0 else None,
                    description=description,
                    cols=cols,
                )
            )
    for office in sorted(
        {line.entity.office or "" for line in out if line.kind is LineKind.RECEIPT}
    ):
        notes.append(
            ExplanatoryNote(
                NoteForm.BDR_5,
                office,
                "Receipts follow the PFC award and three years' collections.",
            )
        )
    conditional = [
        x for x in out if x.kind is LineKind.RECEIPT and x.source is ReceiptSource.CONDITIONAL_GRANT
    ]
    if conditional:
        grant_total = sum((x.be_next for x in conditional), Decimal(0))
        anchor = next(
            line for line in out if line.entity.office == "HLT" and line.kind is LineKind.CURRENT
        )
        out.append(
            BudgetLine(
                line_id="HLT-CG-1",
                kind=LineKind.CURRENT,
                entity=anchor.entity,
                object=ObjectCode("A03805"),
                function=anchor.function,
                fund=anchor.fund,
                conditional_grant=_CONDITIONAL_GRANT,
                description="Immunisation outreach (conditional grant)",
                be_current=_round(grant_total * Decimal("0.5")),
                re_current=_round(grant_total * Decimal("0.5")),
                be_next=_round(grant_total * Decimal("0.9")),
                outer_1=_round(grant_total * Decimal("0.9")),
                outer_2=_round(grant_total * Decimal("0.9")),
            )
        )

    for n, (head, description, account) in enumerate(_PUBLIC_ACCOUNT):
        for k in range(max(1, lines // 40)):
            out.append(
                _mk(
                    line_id=f"PA-{head}-{k:04d}",
                    kind=LineKind.PUBLIC_ACCOUNT,
                    entity=EntityCode(f"{code}-FIN-PA{n:02d}"),
                    object=ObjectCode(head),
                    account=account,
                    description=description,
                    cols=amounts(rng.randint(100, 2000) * 1000),
                )
            )

    # ceilings per office: a little above the estimates, except Health with the defects on
    for line in out:
        if line.kind.is_expenditure:
            kind = CeilingKind.CURRENT if line.kind is LineKind.CURRENT else CeilingKind.DEVELOPMENT
            acc = office_totals[line.entity.office or "", kind]
            acc[0] += line.be_next
            acc[1] += line.outer_1 or 0
            acc[2] += line.outer_2 or 0
    for (office, kind), totals in sorted(
        office_totals.items(), key=lambda kv: (kv[0][0], kv[0][1].value)
    ):
        if totals[0] == 0:
            continue
        margin = Decimal("1.03")
        if defects and office == "HLT" and kind is CeilingKind.CURRENT:
            margin = Decimal("0.95")
            bids.append(
                AdditionalBid(
                    office,
                    kind,
                    _round(totals[0] * Decimal("0.02")),
                    "Staff of the new BHU (SNE-HLT-1)",
                )
            )
            bids.append(AdditionalBid(office, kind, _round(totals[0] * Decimal("0.01")), None))
        ceilings.append(
            IndicativeCeiling(
                office,
                kind,
                _round(totals[0] * margin),
                _round(totals[1] * margin),
                _round(totals[2] * margin),
            )
        )

    teacher_centre = str(next(line for line in out if line.entity.office == "EDU").cost_centre)
    posts.append(PostProvision(teacher_centre, "Primary School Teacher", 40, 0, 40, 12))
    posts.append(
        PostProvision(str(health.cost_centre), "Medical Officer", 6, 2, 6 if defects else 4, 17)
    )

    receipts = sum((x.be_next for x in out if x.kind is LineKind.RECEIPT), Decimal(0))
    re_receipts = sum((x.re_current for x in out if x.kind is LineKind.RECEIPT), Decimal(0))
    opening = _round(receipts * Decimal("0.06"))
    presented = year.start - timedelta(days=20)
    return AnnualBudgetStatement(
        district=f"{name} (synthetic)",
        year=year,
        cash_balance=CashBalances(
            actual=_round(re_receipts * Decimal("0.05")),
            be_current=_round(re_receipts * Decimal("0.055")),
            re_current=opening,
        ),
        public_account_opening=Decimal(48_000_000),
        lines=tuple(out),
        demands=tuple(demands),
        ceilings=tuple(ceilings),
        additional_bids=tuple(bids),
        new_expenditure=StatementOfNewExpenditure(
            tuple(proposals), "FD(B)/SNE/2025-26/014", presented - timedelta(days=15)
        ),
        completing_projects=tuple(completing),
        posts=tuple(posts),
        investments=(Investment("Defence Savings Certificates", Decimal(25_000_000)),),
        liabilities=(
            OutstandingLiability(
                "Pending bills of works completed", Decimal(3_400_000), LiabilityKind.OTHER
            ),
        ),
        notes=tuple(notes),
        documents=frozenset(set(BudgetDocument) - {BudgetDocument.SUPPLEMENTARY_BUDGET}),
        council_office="DC",
        presented_on=presented,
        approval=BudgetApproval(presented + timedelta(days=12), votes_for=29, total_membership=47),
    )
