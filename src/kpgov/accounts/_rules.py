"""The classification rules of BR-10, BR-11, BR-12, BR-66(5) and LGA-32(1), registered in
:data:`kpgov.law.RULES`. The checks that apply them are in :mod:`kpgov.accounts._checks`.

Excerpts are copied from the seed text of the Budget Rules 2016 (``...`` marks omitted text).
"""

from __future__ import annotations

from typing import Final

from kpgov.law import Citation, Rule, Severity, register

__all__ = [
    "ACCOUNTS_RULES",
    "CATALOGUE",
    "CHARGED_ONLY",
    "DEVELOPMENT_PROJECT",
    "DEVELOPMENT_SUB_FUND",
    "EXPENDITURE_ENTITY",
    "EXPENDITURE_FAMILY",
    "EXPENDITURE_FUNCTION_LEVEL",
    "EXPENDITURE_FUND",
    "EXPENDITURE_OBJECT_LEVEL",
    "LUMP_SUM_PRINCIPLE",
    "LUMP_SUM_PROHIBITED",
    "MUST_CHARGE",
    "PUBLIC_ACCOUNT_FAMILY",
    "PUBLIC_ACCOUNT_OBJECT_LEVEL",
    "RECEIPT_ENTITY",
    "RECEIPT_FAMILY",
    "RECEIPT_OBJECT_LEVEL",
]

_PACKAGE: Final = "accounts"


def _br(rule_id: str, clause: str, excerpt: str, title: str) -> Rule:
    return Rule(rule_id, Citation("BR", clause, excerpt), title, Severity.ERROR, _PACKAGE)


CATALOGUE: Final = _br(
    "BR-11(1)",
    "11(1)",
    "The budget shall be prepared in accordance with Chart of Accounts issued by the Auditor "
    "General of Pakistan",
    "Every code is in the Chart of Accounts catalogue",
)

RECEIPT_ENTITY: Final = _br(
    "BR-11(3)(a)",
    "11(3)(a)",
    "the Entity Element with classification codes given in the Chart of Accounts for district "
    "government, district offices, districts and fund and revenue collecting officer (RCO)",
    "Receipts are classified to the revenue collecting officer",
)

RECEIPT_FAMILY: Final = _br(
    "BR-11(3)(b)",
    "11(3)(b)",
    "The broader classification of revenues and receipts forming part of the District Fund "
    "shall be- i. Tax Revenue; ii. Non Tax Revenue; and iii. Capital Receipts.",
    "Receipts use a tax, non-tax or capital receipt object (families B, C, E)",
)

RECEIPT_OBJECT_LEVEL: Final = _br(
    "BR-11(3)(c)",
    "11(3)(c)",
    "the Object Element with classification codes given in the Chart of Accounts as per the "
    "following structure- i. Major Object; ii. Minor Object; and iii. Detailed Object.",
    "Receipts are classified to the detailed object",
)

EXPENDITURE_ENTITY: Final = _br(
    "BR-11(4)(a)",
    "11(4)(a)",
    "the Entity Element with classification codes given in the Chart of Accounts for district "
    "government, district offices, districts and fund and cost centers",
    "Expenditure is classified to the cost centre (DDO)",
)

EXPENDITURE_FUNCTION_LEVEL: Final = _br(
    "BR-11(4)(b)",
    "11(4)(b)",
    "the Functional Element with classification codes given in the Chart of Accounts as per "
    "the following structure- i. Major Function; ii. Minor Function; iii. Detailed Function; "
    "iv. Sub-detailed Function.",
    "Expenditure is classified to the sub-detailed function",
)

EXPENDITURE_OBJECT_LEVEL: Final = _br(
    "BR-11(4)(c)",
    "11(4)(c)",
    "the Object Element with classification codes given in the Chart of Accounts as per the "
    "following structure- i. Major Object; ii. Minor Object; and iii. Detailed Object.",
    "Expenditure is classified to the detailed object",
)

EXPENDITURE_FAMILY: Final = _br(
    "BR-11(4)(c)#family",
    "11(4)(c)",
    "Classification parameters for the expenditure forming part of the District Fund shall "
    "be- ... the Object Element with classification codes given in the Chart of Accounts",
    "Expenditure uses an expenditure object (family A)",
)

EXPENDITURE_FUND: Final = _br(
    "BR-11(4)(d)",
    "11(4)(d)",
    "The Fund Element with classification codes given in the Chart of Accounts as per the "
    "following structure- i. Fund i.e. District Fund or Public Account; ii. Source of Fund i.e. "
    "Met from Capital or Revenue; iii. Sub-fund classification- ... iv. Grant Number",
    "Expenditure of the District Fund names its fund, source, sub-fund and grant number",
)

DEVELOPMENT_SUB_FUND: Final = _br(
    "BR-11(4)(d)#development",
    "11(4)(d)(iii)",
    "Sub-fund classification- 1. Voted Current Expenditure; 2. Voted Development Expenditure; "
    "3. Voted Capital Expenditure; 4. Charged Current Expenditure; 5. Charged Development "
    "Expenditure; and 6. Charged Capital Expenditure.",
    "Development lines are on a development sub-fund, and only they are",
)

DEVELOPMENT_PROJECT: Final = _br(
    "BR-11(4)(e)",
    "11(4)(e)",
    "The Project Element for development expenditure with unique project code assigned to "
    "each project.",
    "Development expenditure carries a project code",
)

CHARGED_ONLY: Final = Rule(
    "LGA-32(1)#charged-only",
    Citation(
        "LGA",
        "32(1)",
        "The following expenditure shall be charged on the Fund of local government, that is "
        "to say: (a) such sums as are required for repayment of debt; (b) any sum required to "
        "satisfy any judgment, decree or award ... (c) such sums as the local government may be "
        "required by Government to contribute ... (d) any expenditure declared by Government to "
        "be so charged.",
    ),
    "Charged sub-funds (4-6) hold only the charged expenditure of LGA-32(1)",
    Severity.ERROR,
    _PACKAGE,
)

MUST_CHARGE: Final = Rule(
    "LGA-32(1)#must-charge",
    Citation(
        "LGA",
        "32(1)",
        "The following expenditure shall be charged on the Fund of local government",
    ),
    "Expenditure of an LGA-32(1) category is on a charged sub-fund, not a voted one",
    Severity.ERROR,
    _PACKAGE,
)

PUBLIC_ACCOUNT_OBJECT_LEVEL: Final = _br(
    "BR-12(7)(a)",
    "12(7)(a)",
    "the Object Element with classification codes given in the Chart of Accounts as per the "
    "following structure- i. Major Object; ii. Minor Object; and iii. Detailed Object.",
    "Public Account lines are classified to the detailed object",
)

PUBLIC_ACCOUNT_FAMILY: Final = _br(
    "BR-12(7)(c)",
    "12(7)(c)",
    "the broader classification of transactions under Public Account shall be- i. Assets; "
    "ii. Liabilities; and iii. Equity.",
    "Public Account lines use an asset, liability or equity object (families F, G, H)",
)

LUMP_SUM_PRINCIPLE: Final = _br(
    "BR-10(2)(c)#head",
    "10(2)(c)",
    "All items of incomes and expenditure shall be specific to programs and activities and not "
    "lump-sum provisions.",
    "A provision is specific: not classified only to a major or minor object head",
)

LUMP_SUM_PROHIBITED: Final = _br(
    "BR-66(5)#head",
    "66(5)",
    "No lump sum provisions shall be made in the budget the details of which cannot be explained.",
    "No unexplained lump sum: a provision only at a major or minor head, details not explained",
)

#: Every rule of this package, in id order.
ACCOUNTS_RULES: Final = (
    CATALOGUE,
    RECEIPT_ENTITY,
    RECEIPT_FAMILY,
    RECEIPT_OBJECT_LEVEL,
    EXPENDITURE_ENTITY,
    EXPENDITURE_FUNCTION_LEVEL,
    EXPENDITURE_OBJECT_LEVEL,
    EXPENDITURE_FAMILY,
    EXPENDITURE_FUND,
    DEVELOPMENT_SUB_FUND,
    DEVELOPMENT_PROJECT,
    PUBLIC_ACCOUNT_OBJECT_LEVEL,
    PUBLIC_ACCOUNT_FAMILY,
    LUMP_SUM_PRINCIPLE,
    LUMP_SUM_PROHIBITED,
    CHARGED_ONLY,
    MUST_CHARGE,
)

register(*ACCOUNTS_RULES)
