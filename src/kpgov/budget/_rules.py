"""The rules the budget-document checks apply (Budget Rules 2016 Parts III-XIII, Form ABS,
Appendix A extracts of the Local Government Act 2013).

Each rule quotes the seed text it applies (``...`` marks an elision). They are registered in
:data:`kpgov.law.RULES` when :mod:`kpgov.budget` is imported. The appropriation-ledger rules
live in :mod:`kpgov.budget.ledger._rules`.
"""

from __future__ import annotations

from typing import Final

from kpgov.law import Citation, Rule, Severity, register

__all__ = ["DOCUMENT_RULES"]

_PACKAGE: Final = "budget"
E, W = Severity.ERROR, Severity.WARNING


def _rule(rule_id: str, excerpt: str, title: str, severity: Severity = E) -> Rule:
    instrument, _, rest = rule_id.partition("-")
    clause = rest.split("#", 1)[0]
    return Rule(
        id=rule_id,
        citation=Citation(instrument, clause, excerpt),
        title=title,
        severity=severity,
        package=_PACKAGE,
    )


# --- balance of receipts and expenditure -------------------------------------------------
CLOSING_BALANCE_FLOOR: Final = _rule(
    "BR-66(4)",
    "The closing balance of the District Government shall not be allowed to fall below 5% of "
    "the total receipts (excluding those of the public account) anticipated for the year. For "
    "the purpose of this Rule the investments if any made out of the District Fund shall be "
    "deemed to be a part of the closing balance.",
    "Closing balance (investments included) at least 5% of receipts excluding the Public Account",
)
COUNCIL_BALANCED: Final = _rule(
    "BR-66(6)",
    "A budget shall not be approved by the District Council if the receipts do not match the "
    "proposed expenditure.",
    "Proposed expenditure does not exceed receipts (District Council approval)",
)
LGA_BALANCED: Final = _rule(
    "LGA-35(5)",
    "A local council shall not be empowered to approve a budget if the sums required to meet "
    "estimated expenditures exceed the estimated receipts.",
    "Estimated expenditure does not exceed estimated receipts (Local Government Act)",
)
PAO_BALANCED: Final = _rule(
    "BR-3(2)(b)",
    "ensure that the budget for the estimated expenditure of the District Government does not "
    "exceed its estimated receipts",
    "Estimated expenditure does not exceed estimated receipts (Principal Accounting Officer)",
)
OPENING_FROM_REVISED: Final = _rule(
    "BR-S1-ABS-1",
    "Anticipated cash balance as on July 1st to be determined after finalizing the revised "
    "estimates.",
    "Cash balance on 1 July of the budget year equals the closing balance of the revised estimates",
)
BUDGET_CONTENTS: Final = _rule(
    "LGA-34(1)",
    "The annual budget for each local government shall contain estimates of: (a) grants-in-aid "
    "from Government; (b) amounts available in the respective Fund; (c) receipts for the next "
    "year; and (d) expenditures to be incurred for the next year.",
    "The budget estimates grants-in-aid, the Fund balance, receipts and expenditure",
)
FISCAL_TRANSFERS: Final = _rule(
    "BR-15(1)(j)",
    "the receipts shall cover all sources including fiscal transfers from Provincial Government.",
    "Receipts include the fiscal transfers from the Provincial Government",
)
PRESENTED_BEFORE_YEAR: Final = _rule(
    "LGA-35(1)",
    "Before the commencement of the next financial year, each Nazim shall, present the budget "
    "for consideration and approval of the respective local council.",
    "Budget presented to the council before the financial year begins",
)
SIMPLE_MAJORITY: Final = _rule(
    "LGA-35(2)",
    "The budget of a local government shall be approved by simple majority of the total "
    "membership of the respective council.",
    "Budget approved by a majority of the council's total membership",
)
LATE_APPROVAL: Final = _rule(
    "LGA-35(4)",
    "In case a budget is not approved by the local council before commencement of the "
    "financial year to which it relates, Government shall prepare, approve and authenticate "
    "budget for the local government.",
    "A budget the council did not approve before the year began is approved by Government",
)

# --- lump sums and classification ---------------------------------------------------------
LUMP_SUM_PRINCIPLE: Final = _rule(
    "BR-10(2)(c)",
    "All items of incomes and expenditure shall be specific to programs and activities and not "
    "lump-sum provisions.",
    "No unexplained lump-sum provision (principle of specificness)",
)
LUMP_SUM_UNEXPLAINED: Final = _rule(
    "BR-66(5)",
    "No lump sum provisions shall be made in the budget the details of which cannot be explained.",
    "No lump-sum provision whose details are not explained",
)
LUMP_SUM_RECEIPT: Final = _rule(
    "BR-15(1)(g)",
    "lump sum provision in the budget should not made or proposed except in most exceptional "
    "circumstance, which should be invariably recorded",
    "Lump-sum receipt estimate only in exceptional, recorded circumstances",
    W,
)
LUMP_SUM_EXPENDITURE: Final = _rule(
    "BR-22(1)(c)",
    "lump sum provision in the budget should not made or proposed except in most exceptional "
    "circumstance, which should be invariably recorded",
    "Lump-sum expenditure provision only in exceptional, recorded circumstances",
    W,
)
GRANT_NUMBER: Final = _rule(
    "BR-11(4)(d)(iv)",
    "Grant Number",
    "Voted expenditure belongs to a Demand for Grant of the budget",
)
COUNCIL_SEPARATE: Final = _rule(
    "BR-11(5)",
    "The budget of the District Council and its Secretariat shall be reflected separately in the "
    "Budget.",
    "The District Council's budget is shown as a separate office",
)
COUNCIL_DDO: Final = _rule(
    "BR-11(5)#ddo",
    "A separate Drawing and Disbursing Officer shall be designated for the District Council "
    "budget.",
    "The District Council's budget has its own drawing and disbursing officers",
)

# --- Public Account -----------------------------------------------------------------------
PUBLIC_ACCOUNT_MAINTAINED: Final = _rule(
    "BR-12(1)",
    "Every District Government shall maintain a Public Account.",
    "The budget has Public Account estimates",
)
PUBLIC_ACCOUNT_NOT_APPROPRIATED: Final = _rule(
    "BR-12(3)",
    "Monies collected under Public Account shall not be available for annual appropriation.",
    "No Public Account head among District Fund receipts or expenditure",
)

# --- ceilings ---------------------------------------------------------------------------
CEILINGS_ISSUED: Final = _rule(
    "BR-13(7)",
    "the District Officer Finance and Planning and the Deputy District Officer Planning shall "
    "issue to each Head of Offices the Budget Call Circular and ADP guidelines, including the "
    "budget calendar and indicative budgetary ceilings for 3 years.",
    "Every office with estimates has indicative ceilings",
)
WITHIN_CEILING: Final = _rule(
    "BR-13(10)",
    "Each Head of Offices shall prepare it budget with due compliance to the indicative "
    "budgetary ceiling limits",
    "Office estimates within the indicative ceilings (plus recorded additional bids)",
)
DDO_WITHIN_CEILING: Final = _rule(
    "BR-22(1)(m)",
    "compliance to indicative budgetary ceilings shall be strictly adhered to.",
    "Drawing and disbursing officer's estimates within their indicative ceilings",
)
ADDITIONAL_BID_JUSTIFIED: Final = _rule(
    "BR-24(5)",
    "any request for additional bids over and above these ceilings shall be thoroughly reviewed "
    "and full justification thereto shall be provided",
    "Additional bids over the ceilings carry a justification",
)

# --- establishment and new expenditure ----------------------------------------------------
UNFILLED_POSTS: Final = _rule(
    "BR-22(1)(g)",
    "provision should not be made in the estimates for posts decided to be left unfilled",
    "No provision for posts decided to be left unfilled",
    W,
)
SNE_RECURRING_COSTS: Final = _rule(
    "BR-29(1)",
    "Expenditure on new activities shall include the recurring costs of the development "
    "projects to be completed in the next financial year",
    "Recurring costs of projects completing next year provided in the current budget",
)
SNE_APPROVAL: Final = _rule(
    "BR-29(2)",
    "The Statement of New Expenditure shall be subject to prior approval of Provincial Finance "
    "Department.",
    "Statement of New Expenditure approved in advance by the Provincial Finance Department",
)
SNE_PROVIDED: Final = _rule(
    "BR-29(4)",
    "The new expenditure shall be provided with the budget documents as a Statement of New "
    "Expenditure (SNE).",
    "Every new-expenditure line belongs to a proposal of the Statement of New Expenditure",
)
SNE_NOTE: Final = _rule(
    "BR-30(2)",
    "An explanatory note justifying the new proposals shall be provided in Form BDC-7.",
    "New proposals justified by an explanatory note (Form BDC-7)",
)
SNE_PERSONNEL: Final = _rule(
    "BR-31(1)(a)",
    "all proposals specify the; i. number of required personnel; ii. rates of remuneration; "
    "and iii. duration of employment of any proposed officials.",
    "New proposals state personnel, rates of remuneration and duration",
)
SNE_REVENUE: Final = _rule(
    "BR-31(1)(b)",
    "all relevant revenue implications have been described, quantified and included in the "
    "estimates of receipts",
    "New proposals describe their revenue implications and include them in the receipts",
)
SNE_HEADS: Final = _rule(
    "BR-31(1)(c)",
    "detail of non-salary expenditure have been specified under relevant heads as per the "
    "classification structure of Chart of Accounts.",
    "New proposals detailed under object heads",
)
FLOW_ON: Final = _rule(
    "BR-50(1)(b)#sne",
    "the recurring liability is included in the current budget and Statement of New Expenditure "
    "for the next financial year.",
    "Recurring liability of projects completing next year in the Statement of New Expenditure",
)

# --- grants, demands, documents, notes ----------------------------------------------------
CONDITIONAL_GRANTS_BUDGETED: Final = _rule(
    "BR-28(1)",
    "All conditional grants shall be budgeted and utilized in accordance with the conditions "
    "applicable to the grant.",
    "Expenditure against a conditional grant within the grant",
)
CONDITIONAL_GRANTS_SEPARATE: Final = _rule(
    "LGA-34(4)",
    "Conditional grants from Government or other local government will be shown separately in "
    "the budget and will be governed by conditions provided therein.",
    "Conditional grants shown separately",
)
DOCUMENTS: Final = _rule(
    "BR-55(1)",
    "The District Officer Finance and Planning shall for the District Council prepare the "
    "budget documents specified below-",
    "All budget documents prepared",
)
NAZIM_RECOMMENDATION: Final = _rule(
    "BR-66(3)",
    "No Demand for Grant shall be made to the District Council except on the recommendation of "
    "the Nazim.",
    "Every Demand for Grant recommended by the Nazim",
)
LGA_NAZIM_RECOMMENDATION: Final = _rule(
    "LGA-34(3)",
    "No demand for a grant shall be made except on the recommendation of the respective Nazim.",
    "Every demand for a grant recommended by the Nazim (Local Government Act)",
)
RECEIPT_PROJECTIONS: Final = _rule(
    "BR-14(1)",
    "the estimates of receipts for the coming financial year along with projections for the "
    "next two years shall be prepared.",
    "Receipt estimates projected for the next two years",
)
MEDIUM_TERM: Final = _rule(
    "BR-51(4)",
    "The medium term shall be for a period of three years, including ensuing financial year and "
    "two outer years.",
    "Expenditure estimates projected for the two outer years",
)
RECEIPT_NOTES: Final = _rule(
    "BR-17(1)",
    "The explanatory notes to the receipt forms shall be provided in Form BDR-5.",
    "Each office's receipt estimates explained (Form BDR-5)",
)
EXPENDITURE_NOTES: Final = _rule(
    "BR-23(1)",
    "forward the original together with an explanatory note on BDC-7 showing the reasons for "
    "his proposal to the Head of Offices.",
    "Each drawing and disbursing officer's estimates explained (Form BDC-7)",
)
CHARGED_GROUNDS: Final = _rule(
    "LGA-32(1)",
    "The following expenditure shall be charged on the Fund of local government",
    "Charged expenditure is one the Act charges on the Fund",
)

# --- debt, investments, outgoing governments ----------------------------------------------
NO_DEBT: Final = _rule(
    "LGA-50(1)",
    "No local government shall incur any debt.",
    "No debt",
)
INVESTMENTS: Final = _rule(
    "LGA-50(2)",
    "No monies of the local government shall be invested in securities other than those "
    "floated or approved by the Government.",  # float-ok: law text
    "Investments only in securities floated or approved by the Government",  # float-ok: law text
)
# Appendix A prints "Application of Funds" as a second section 35, between sections 32 and 34;
# by its place it is section 33, so kpgov numbers it 33 (LGA-33(3)) and keeps LGA-35(3) for
# the printed 35(3) of "Approval of Budget" ("No other business ... during budget session").
OUTGOING_GOVERNMENT: Final = _rule(
    "LGA-33(3)",
    "the outgoing local government shall not spend funds or make commitments for any "
    "expenditure, under any demand for grant or appropriation, in excess of eight percent per "
    "mensum of the budgeted funds for remainder of its term in office.",
    "An outgoing local government spends at most 8% a month of the budgeted funds",
)

#: Every rule the budget-document checks apply, registered on import.
DOCUMENT_RULES: Final[tuple[Rule, ...]] = (
    CLOSING_BALANCE_FLOOR,
    COUNCIL_BALANCED,
    LGA_BALANCED,
    PAO_BALANCED,
    OPENING_FROM_REVISED,
    BUDGET_CONTENTS,
    FISCAL_TRANSFERS,
    PRESENTED_BEFORE_YEAR,
    SIMPLE_MAJORITY,
    LATE_APPROVAL,
    LUMP_SUM_PRINCIPLE,
    LUMP_SUM_UNEXPLAINED,
    LUMP_SUM_RECEIPT,
    LUMP_SUM_EXPENDITURE,
    GRANT_NUMBER,
    COUNCIL_SEPARATE,
    COUNCIL_DDO,
    PUBLIC_ACCOUNT_MAINTAINED,
    PUBLIC_ACCOUNT_NOT_APPROPRIATED,
    CEILINGS_ISSUED,
    WITHIN_CEILING,
    DDO_WITHIN_CEILING,
    ADDITIONAL_BID_JUSTIFIED,
    UNFILLED_POSTS,
    SNE_RECURRING_COSTS,
    SNE_APPROVAL,
    SNE_PROVIDED,
    SNE_NOTE,
    SNE_PERSONNEL,
    SNE_REVENUE,
    SNE_HEADS,
    FLOW_ON,
    CONDITIONAL_GRANTS_BUDGETED,
    CONDITIONAL_GRANTS_SEPARATE,
    DOCUMENTS,
    NAZIM_RECOMMENDATION,
    LGA_NAZIM_RECOMMENDATION,
    RECEIPT_PROJECTIONS,
    MEDIUM_TERM,
    RECEIPT_NOTES,
    EXPENDITURE_NOTES,
    CHARGED_GROUNDS,
    NO_DEBT,
    INVESTMENTS,
    OUTGOING_GOVERNMENT,
)

register(*DOCUMENT_RULES)
