"""The rules of the budget's procedural records: the authenticated Schedule of Authorized
Expenditure, the distribution of the budget, taxation proposals, the monthly reports to the
Council, the Budget Call Circular and ADP guidelines, the routing and basis of estimates, the
bills bar, receipts management, the key controls of stores and the Finance Commission's
development grant.

Each rule quotes the seed text it applies; they are registered in :data:`kpgov.law.RULES` when
:mod:`kpgov.budget` is imported. The checks are in :mod:`kpgov.budget._procedure`,
:mod:`kpgov.budget._management` and (the bills bar) :mod:`kpgov.budget.ledger._checks`.
"""

from __future__ import annotations

from typing import Final

from kpgov.law import Citation, Rule, Severity, register

__all__ = ["PROCEDURE_RULES"]

E, W = Severity.ERROR, Severity.WARNING


def _rule(rule_id: str, excerpt: str, title: str, severity: Severity = E) -> Rule:
    instrument, _, rest = rule_id.partition("-")
    return Rule(
        id=rule_id,
        citation=Citation(instrument, rest.split("#", 1)[0], excerpt),
        title=title,
        severity=severity,
        package="budget",
    )


# --- the authenticated Schedule of Authorized Expenditure (r.67, LGA-35(6)-(8)) -----------
SAE_AUTHENTICATED: Final = _rule(
    "BR-67(1)(b)",
    "procure the authentication of the Nazim for the Schedule",
    "Schedule of Authorized Expenditure authenticated by the Nazim after the Council's approval",
)
LGA_SAE_AUTHENTICATED: Final = _rule(
    "LGA-35(6)",
    "The Nazim shall authenticate by his signature a schedule specifying the",
    "Schedule of grants and charged sums authenticated by the Nazim (Local Government Act)",
)
SAE_LAID: Final = _rule(
    "BR-67(1)(d)",
    "the Schedule authenticated by the Nazim shall be laid before the District Council, but "
    "shall not be open to discussion or vote thereon",
    "Authenticated Schedule laid before the District Council",
)
LGA_SAE_LAID: Final = _rule(
    "LGA-35(7)",
    "The schedule so authenticated shall be laid before the local council",
    "Authenticated schedule laid before the council (Local Government Act)",
)
SAE_BY_GOVERNMENT: Final = _rule(
    "BR-67(2)",
    "In case of removal or dismissal of the District Council, the budget shall be approved by "
    "the Government.",
    "Budget of a removed or dismissed Council approved by the Government",
)
APPROPRIATION_ON_SAE: Final = _rule(
    "BR-2(1)(e)",
    "an allocation of funds to an office on the basis of the Authenticated Schedule of "
    "Authorized Expenditure",
    "Every appropriation cites the authenticated Schedule of Authorized Expenditure",
)

# --- communication duties ----------------------------------------------------------------
SAE_INTIMATED: Final = _rule(
    "BR-68(1)",
    "The District Officer Finance and Planning shall intimate the details of the sums "
    "authorized in the Schedule of Authorized Expenditure for that financial year to",
    "Sums of the Schedule intimated to Heads of Offices, DDOs and the District Accounts Officer",
)
LGA_SAE_COMMUNICATED: Final = _rule(
    "LGA-35(8)",
    "The schedule so authenticated shall be communicated to the respective Accounts Officials "
    "and Government.",
    "Authenticated schedule communicated to the Accounts Officials and Government",
)
DOCUMENTS_SUPPLIED: Final = _rule(
    "BR-68(2)",
    "A copy of the budget documents shall be supplied to the Government, Provincial Finance "
    "Commission and Local Government Commission.",
    "Budget documents supplied to Government, the PFC and the Local Government Commission",
)
TARGETS_FORWARDED: Final = _rule(
    "BR-68(4)",
    "The revenue targets approved by the District Council shall be forwarded by the District "
    "Officer Finance and Planning to",
    "Approved revenue targets forwarded to Heads of Offices and Collecting Officers",
)
SUPPLEMENTARY_DISTRIBUTED: Final = _rule(
    "BR-83(3)",
    "communicate the break-up of the Grant to Drawing and Disbursing Officers and the District "
    "Accounts Officer concerned",
    "Break-up of an approved supplementary grant sent to the DDOs and the DAO",
)
REVISED_TARGETS_COMMUNICATED: Final = _rule(
    "BR-83(4)",
    "The Collecting Officer shall also be communicated the revised targets for receipt as "
    "approved by the District Council.",
    "Revised receipt targets communicated to the Collecting Officers",
)

# --- taxation (LGA-42(2), r.16(2)) -------------------------------------------------------
TAX_PROCEDURE: Final = _rule(
    "LGA-42(2)",
    "No tax shall be levied without previous publication of the tax proposal inviting and "
    "hearing public objections and approval of the respective local council.",
    "A new tax: proposal published, objections heard, then Council approval, before the levy",
)
TAX_OBJECTIONS_AND_VETTING: Final = _rule(
    "BR-16(2)",
    "The objections and suggestions from the public and vetting by the Government shall be "
    "obtained after the taxation proposals have been discussed by the Council.",
    "Public objections and Government vetting obtained after the Council's discussion",
)
TAX_ENFORCEMENT_DATE: Final = _rule(
    "LGA-42(4)",
    "Where a tax is levied or modified, the local government shall specify the date for the "
    "enforcement thereof",
    "A new or modified tax names its date of enforcement",
)

# --- monthly reports to the Council (r.72, r.81) -----------------------------------------
RECEIPTS_REPORTED: Final = _rule(
    "BR-72(1)",
    "The District Government shall submit a monthly report to the District Council relating "
    "to the receipts received during the month.",
    "A monthly report of receipts to the District Council for every month",
)
RECEIPTS_REPORT_FORMS: Final = _rule(
    "BR-72(2)",
    "The monthly financial report relating to receipts shall include the following Forms",
    "The monthly receipts report includes Forms BM-3 and BM-4",
)
EXPENDITURE_REPORTED: Final = _rule(
    "BR-81(1)",
    "Each District Government shall submit a monthly report to the District Council relating "
    "to the expenditure incurred during the month.",
    "A monthly report of expenditure to the District Council for every month",
)
EXPENDITURE_REPORT_FORMS: Final = _rule(
    "BR-81(2)",
    "The monthly financial reports shall include the following BM Forms",
    "The monthly expenditure report includes the BM forms of r.81(2)",
)

# --- the Budget Call Circular and ADP guidelines (r.7(7), r.8(4)(b), r.13) ----------------
BCC_CONTENTS: Final = _rule(
    "BR-7(7)",
    "issue the budget call circular after approval of the Nazim, which shall include",
    "Budget Call Circular approved by the Nazim before issue, with calendar, guidelines, forms "
    "and 3-year ceilings",
)
ADP_GUIDELINES_CONTENTS: Final = _rule(
    "BR-8(4)(b)",
    "issue the Annual Development Programme (ADP) guidelines after approval of the Nazim, "
    "which shall include",
    "ADP guidelines approved by the Nazim before issue, with calendar, guidelines, forms and "
    "3-year development ceilings",
)
BCC_FORECASTS: Final = _rule(
    "BR-13(5)",
    "The District Officer Finance and Planning shall develop fiscal forecasts for 3 years on "
    "fiscal space and expenditure requirements",
    "Three-year fiscal forecasts and indicative ceilings part of the circular and guidelines",
)
BCC_NAZIM_APPROVAL: Final = _rule(
    "BR-13(6)",
    "The draft Budget Call Circular and ADP guidelines shall be forwarded to the Nazim District "
    "Government for approval",
    "Draft circular and guidelines approved by the Nazim",
)
BCC_ISSUED: Final = _rule(
    "BR-13(7)#issue",
    "After approval by the Nazim, the District Officer Finance and Planning and the Deputy "
    "District Officer Planning shall issue to each Head of Offices the Budget Call Circular and "
    "ADP guidelines",
    "Circular issued by the DO F&P and guidelines by the Deputy District Officer Planning, to "
    "each Head of Offices, after the Nazim's approval",
)

# --- routing of estimates (r.17(2), r.24(4)) ---------------------------------------------
RECEIPTS_ROUTED: Final = _rule(
    "BR-17(2)",
    "The Collecting Officer shall in no case submit the estimates of receipts directly to the "
    "District Officer Finance and Planning.",
    "Collecting Officers' receipt estimates go through the Head of Offices",
)
EXPENDITURE_ROUTED: Final = _rule(
    "BR-24(4)",
    "no Drawing and Disbursing Officer under its administrative control directly furnishes "
    "estimates for expenditure to the District Officer Finance and Planning",
    "DDOs' expenditure estimates go through the Head of Offices",
)

# --- the bills bar (r.80(4)) -------------------------------------------------------------
BILLS_BAR: Final = _rule(
    "BR-80(4)",
    "In case the reconciled statement is not provided by the Head of Offices by the 20th of the "
    "month to the District Officer Finance and Planning, following the month to which the "
    "Accounts relate, no bills may be passed by the Accounts Officer for the defaulting DDOs.",
    "No bills passed for a DDO whose previous month's reconciled statement is missing after "
    "the 20th",
)

# --- the Finance Commission (LGA-53(1)(b)) -----------------------------------------------
DEVELOPMENT_GRANT_SHARE: Final = _rule(
    "LGA-53(1)(b)",
    "the development grant for local governments shall be so determined that it is not less "
    "than thirty percent of the total development budget of the province in the respective year",
    "Development grant for local governments at least 30% of the provincial development budget",
)

# --- estimates of receipts and expenditure (r.15(1), r.18(2), r.22(1)(l)) ------------------
REVISED_ON_ACTUALS: Final = _rule(
    "BR-15(1)(b)",
    "in relation to revised estimates, shall take into consideration the actual receipts "
    "during the first eight months of the financial year and also consider the figures of the "
    "previous financial year duly reconciled with the District Accounts Office",
    "Revised receipt estimates on eight months' actuals and last year's reconciled figures",
)
REVISED_REASONS: Final = _rule(
    "BR-15(1)(h)",
    "all material reasons, facts and circumstances relied upon in adopting the figures for the "
    "Revised Estimates for the current financial year shall be recorded clearly",
    "Reasons for the revised receipt estimates recorded",
)
BUDGET_REASONS: Final = _rule(
    "BR-15(1)(i)",
    "the reasons for adopting the figures for the budget estimates of the coming financial year "
    "are clearly explained",
    "Reasons for the budget receipt estimates explained",
)
DIFFERENCES_EXPLAINED: Final = _rule(
    "BR-18(2)",
    "Each Head of Offices shall prepare a note explaining any differences between",
    "Head of Offices' note explains the differences between the receipt estimates",
)
REVISED_FIRST: Final = _rule(
    "BR-22(1)(l)",
    "the making of revised estimates should always precede estimates for next financial year",
    "Revised estimates made before the next year's estimates",
    W,
)

# --- receipts management (r.69(2), r.71) -------------------------------------------------
NUMBERED_RECEIPTS: Final = _rule(
    "BR-69(2)(b)",
    "all public money received must be duly receipted on sequentially numbered printed "
    "receipts Form T.R. 5",
    "Receipts issued in unbroken number order, each number once",
)
BANK_ACCOUNT_SANCTION: Final = _rule(
    "BR-69(2)(f)",
    "for opening of bank accounts for public money prior sanction of the District Officer "
    "Finance and Planning is mandatory",
    "A bank account for public money opened only with the DO F&P's prior sanction",
)
MONTHLY_RECEIPTS: Final = _rule(
    "BR-71(1)",
    "The receipts for a month shall be the figures of the receipts actually realized and "
    "credited during that particular month.",
    "A month's reported receipts are those realized and credited in the month",
)
REMISSION_SANCTIONED: Final = _rule(
    "BR-71(3)",
    "The sanction of the competent authority is necessary for the remission of, and "
    "abandonment of claims to revenue.",
    "Remission or abandonment of revenue sanctioned by the competent authority",
)

# --- key controls of stores (r.75(8)) ----------------------------------------------------
ORDERS_NOT_SPLIT: Final = _rule(
    "BR-75(8)(b)",
    "purchase Orders should not be split up to avoid the necessity for obtaining the sanction "
    "of higher authority required with reference to the total amount of the orders.",
    "Purchase orders for one requirement not split below the sanction of a higher authority",
)
VERIFIER_INDEPENDENT: Final = _rule(
    "BR-75(8)(g)(i)",
    "physical verification of stores shall not be entrusted to a person- ... who is the "
    "custodian, the ledger keeper, or the accountant of stores to be verified, or who is a "
    "nominee of, or is employed under the custodian, the ledger keeper or the accountant ;or "
    "has a conflict of interest with the job",
    "Physical verification of stores not by their custodian, ledger keeper or accountant",
)
VERIFIER_CONVERSANT: Final = _rule(
    "BR-75(8)(g)(ii)",
    "who is not conversant with the classification, nomenclature and technique of the "
    "particular classes of stores to be verified",
    "Physical verification of stores by a person conversant with them",
)

# --- other clauses of Appendix A ---------------------------------------------------------
NO_TRANSFER_UP: Final = _rule(
    "LGA-33(2)",
    "No local government shall transfer monies to a higher level of Government except by way "
    "of repayment of debts or for carrying out deposit works or as provided in this Act.",
    "No transfer of money to a higher level of Government but for debt repayment or deposit "
    "works (printed as a second 35(2))",
)
BUDGET_SESSION: Final = _rule(
    "LGA-35(3)",
    "No other business shall be taken up by a council during budget session.",
    "No business but the budget during the budget session",
)
REVISED_BUDGET_IN_YEAR: Final = _rule(
    "LGA-35(9)",
    "before the expiry of the financial year to which budget relates, a revised budget for the "
    "year may, if necessary, be prepared and sanctioned",
    "A revised budget sanctioned before its financial year expires",
)
ACCOUNTS_CONSOLIDATED: Final = _rule(
    "LGA-36(3)",
    "The District Accounts Officer shall, quarterly and annually, consolidate the accounts of "
    "local governments in the district separately for receipts from the Government and local "
    "resources and send a copy to Government, Accountant General and Nazim district council.",
    "Quarterly and annual consolidated accounts sent to Government, the Accountant General "
    "and the Nazim",
)

#: Every rule of the procedural checks, registered on import.
PROCEDURE_RULES: Final[tuple[Rule, ...]] = (
    REVISED_ON_ACTUALS,
    REVISED_REASONS,
    BUDGET_REASONS,
    DIFFERENCES_EXPLAINED,
    REVISED_FIRST,
    NUMBERED_RECEIPTS,
    BANK_ACCOUNT_SANCTION,
    MONTHLY_RECEIPTS,
    REMISSION_SANCTIONED,
    ORDERS_NOT_SPLIT,
    VERIFIER_INDEPENDENT,
    VERIFIER_CONVERSANT,
    APPROPRIATION_ON_SAE,
    BCC_CONTENTS,
    ADP_GUIDELINES_CONTENTS,
    BCC_FORECASTS,
    BCC_NAZIM_APPROVAL,
    BCC_ISSUED,
    TAX_OBJECTIONS_AND_VETTING,
    RECEIPTS_ROUTED,
    EXPENDITURE_ROUTED,
    SAE_AUTHENTICATED,
    SAE_LAID,
    SAE_BY_GOVERNMENT,
    SAE_INTIMATED,
    DOCUMENTS_SUPPLIED,
    TARGETS_FORWARDED,
    RECEIPTS_REPORTED,
    RECEIPTS_REPORT_FORMS,
    BILLS_BAR,
    EXPENDITURE_REPORTED,
    EXPENDITURE_REPORT_FORMS,
    SUPPLEMENTARY_DISTRIBUTED,
    REVISED_TARGETS_COMMUNICATED,
    LGA_SAE_AUTHENTICATED,
    LGA_SAE_LAID,
    LGA_SAE_COMMUNICATED,
    NO_TRANSFER_UP,
    BUDGET_SESSION,
    REVISED_BUDGET_IN_YEAR,
    ACCOUNTS_CONSOLIDATED,
    TAX_PROCEDURE,
    TAX_ENFORCEMENT_DATE,
    DEVELOPMENT_GRANT_SHARE,
)

register(*PROCEDURE_RULES)
