"""The rules the appropriation ledger checks (Budget Rules 2016, Parts X-XIII, with r.10 and r.12).

Each rule quotes the seed text it applies. They are registered in :data:`kpgov.law.RULES` when
:mod:`kpgov.budget` is imported.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from kpgov.law import PARAMETERS, Citation, ParameterSet, ParameterValue, Rule, Severity, register

__all__ = [
    "LEDGER_PARAMETERS",
    "LEDGER_RULES",
    "ledger_parameter",
]

_PACKAGE: Final = "budget"


def _rule(rule_id: str, clause: str, excerpt: str, title: str, severity: Severity) -> Rule:
    return Rule(
        id=rule_id,
        citation=Citation("BR", clause, excerpt),
        title=title,
        severity=severity,
        package=_PACKAGE,
    )


E, W = Severity.ERROR, Severity.WARNING

NO_PROVISION: Final = _rule(
    "BR-75(1)",
    "75(1)",
    "no authority may incur any expenditure ... from District Fund until ... the expenditure has "
    "been provided for in the authorized grants and appropriations for the year",
    "No expenditure without provision in the authorized grants",
    E,
)
SANCTIONED: Final = _rule(
    "BR-75(1)#sanction",
    "75(1)",
    "no authority may incur any expenditure ... from District Fund until the expenditure has "
    "been sanctioned by general or special orders of the Nazim District Government",
    "Expenditure sanctioned by a general or special order of the Nazim",
    E,
)
WITHIN_APPROPRIATION: Final = _rule(
    "BR-75(3)",
    "75(3)",
    "The total expenditure shall be kept within the limits of the authorized appropriations.",
    "Progressive expenditure within the final grant",
    E,
)
SURRENDER_OF_SAVINGS: Final = _rule(
    "BR-75(3)#surrender",
    "75(3)",
    "The total expenditure shall be kept within the limits of the authorized appropriations.",
    "A surrender leaves the final grant no lower than what has been spent",
    E,
)
LIKELY_EXCESS: Final = _rule(
    "BR-79(1)",
    "79(1)",
    "In the event that a Grant is likely to be exceeded, the Head of Offices shall take "
    "immediate steps to prevent the excess expenditure",
    "Likely excess flagged before it happens (spending at its run rate would exceed the grant)",
    W,
)
SUPPLEMENTARY_APPROVED: Final = _rule(
    "BR-79(2)",
    "79(2)",
    "a Supplementary Grant shall be prepared and got approved from the District Council before "
    "the additional expenditure is incurred",
    "Supplementary grant approved by the District Council before the additional expenditure",
    E,
)
REAPPROPRIATION_FROM_SAVINGS: Final = _rule(
    "BR-85(1)",
    "85(1)",
    "Means the internal transfer of savings from one object to other object(s) in the "
    "appropriations of the same unit",
    "Re-appropriation only from savings (the available balance of the source)",
    E,
)
REAPPROPRIATION_SAME_UNIT: Final = _rule(
    "BR-85(1)#unit",
    "85(1)",
    "from one object to other object(s) in the appropriations of the same unit",
    "Re-appropriation only within the same unit (grant)",
    E,
)
REAPPROPRIATION_OBJECT_TO_OBJECT: Final = _rule(
    "BR-85(1)#object",
    "85(1)",
    "the internal transfer of savings from one object to other object(s)",
    "Re-appropriation moves funds from one object to another",
    E,
)
REAPPROPRIATION_ORDER: Final = _rule(
    "BR-85(3)",
    "85(3)",
    "A copy of the order sanctioning any re-appropriation shall be communicated to the Head of "
    "Offices, District Officer Finance and Planning and the Districts Accounts Officer.",
    "Re-appropriation order referenced and communicated to the HoO, DO F&P and DAO",
    E,
)
REAPPROPRIATION_ACROSS_DDOS: Final = _rule(
    "BR-85(4)",
    "85(4)",
    "If it involves different Drawing and Disbursing Officers then the Head of offices shall "
    "process the re-appropriation.",
    "Re-appropriation across DDOs processed by the Head of Offices",
    E,
)
REAPPROPRIATION_POWERS: Final = _rule(
    "BR-85(2)",
    "85(2)",
    "The officials shall re-appropriate in accordance with the re-appropriation powers "
    "delegated by the competent authority to them.",
    "Re-appropriation within the delegated powers of the sanctioning authority",
    E,
)
FINANCE_CONSULTED: Final = Rule(
    id="ROB-16(1)(c)",
    citation=Citation(
        "ROB",
        "16(1)(c)",
        "re-appropriation within the budget grants earmarked for education, health and clean "
        "drinking water and sanitation",
    ),
    title="Re-appropriation within an education, health or water grant after consulting the "
    "district finance office",
    severity=E,
    package=_PACKAGE,
)
SUPPLEMENTARY_LAST_RESORT: Final = _rule(
    "BR-86(1)",
    "86(1)",
    "In case that a Head of Offices considers that the need for additional funds has arisen for "
    "which no re-appropriation is available. He shall submit a proposal for Supplementary Grant",
    "Supplementary grant only when the unit's savings cannot meet the need by re-appropriation",
    W,
)
SUPPLEMENTARY_NOTE: Final = _rule(
    "BR-86(2)",
    "86(2)",
    "The proposal shall be accompanied by an explanatory note justifying the Supplementary Grant.",
    "Supplementary grant accompanied by an explanatory note",
    E,
)
SUPPLEMENTARY_COVER: Final = _rule(
    "BR-86(4)",
    "86(4)",
    "the proposal for supplementary grant should be within budgetary cover or available resource "
    "in respective District A/C-IV",
    "Supplementary grant within budgetary cover or the Account IV balance",
    E,
)
ANNUALITY: Final = _rule(
    "BR-10(2)(a)",
    "10(2)(a)",
    "The grants authorized by the District Council are valid for one financial year and cannot "
    "be carried forward to the next year.",
    "Grants are used only within their financial year (annuality)",
    E,
)
SAE_LAPSES: Final = _rule(
    "BR-67(1)(e)",
    "67(1)(e)",
    "The Schedule of Authorized Expenditure shall lapse at the end of the financial year.",
    "No appropriation from the Schedule of Authorized Expenditure after the year ends",
    E,
)
PUBLIC_ACCOUNT_NOT_APPROPRIATED: Final = _rule(
    "BR-12(3)#ledger",
    "12(3)",
    "Monies collected under Public Account shall not be available for annual appropriation.",
    "No appropriation, re-appropriation or supplementary grant of Public Account money",
    E,
)
PUBLIC_ACCOUNT_NON_LAPSABLE: Final = _rule(
    "BR-12(6)",
    "12(6)",
    "The balances available in Public Account shall be non-lapsable.",
    "Public Account balance carried forward in full to the next year",
    E,
)
PUBLIC_ACCOUNT_WITHDRAWAL: Final = _rule(
    "BR-12(4)",
    "12(4)",
    "The withdrawals from the Public Account shall be for the purpose for which funds were "
    "deposited.",
    "Public Account withdrawal only for the purpose of the deposits of its head, within them",
    E,
)
PUBLIC_ACCOUNT_REPAYMENT: Final = _rule(
    "BR-12(5)",
    "12(5)",
    "Repayments of expenditure from Public Account heads must be credited to the same head "
    "regardless of when the original expenditure was incurred.",
    "Repayment of Public Account expenditure credited to the head it was paid from",
    E,
)
RELEASE_IN_THREE_DAYS: Final = _rule(
    "BR-68(6)",
    "68(6)",
    "upon receipt of funds from the Government in Account – IV, release within three days the "
    "funds so received",
    "Funds received from the Government released within three days",
    E,
)
RECEIPT_RELEASED: Final = _rule(
    "BR-68(6)#receipt",
    "68(6)",
    "upon receipt of funds from the Government in Account – IV, release within three days the "
    "funds so received",
    "Every receipt of Government funds in Account IV is followed by a release naming it",
    E,
)
PROMPT_DEPOSIT: Final = _rule(
    "BR-69(2)(a)",
    "69(2)(a)",
    "public money shall in so far as possible be deposited directly in the bank ... on the same "
    "day but not later than the close of following day",
    "Receipts deposited the same day, at the latest the following day",
    W,
)
LATE_CREDIT_EXPLAINED: Final = _rule(
    "BR-71(2)",
    "71(2)",
    "In the event that any money is realized in one month but not credited until the subsequent "
    "month ... the facts and circumstances shall be clearly stated in the monthly report",
    "Money realized in one month and credited in a later one is explained",
    E,
)
EXCESS_SURRENDER_NOTE: Final = _rule(
    "BR-82(7)",
    "82(7)",
    "The Heads of Offices shall submit together with the Statement of Excesses and Surrenders a "
    "note explaining the reasons for the excesses and surrenders.",
    "Every excess and surrender in Form BM-13 is explained",
    E,
)
EXCESS_NEEDS_SUPPLEMENTARY: Final = _rule(
    "BR-83(2)",
    "83(2)",
    "If additional funds, which cannot be met through re-appropriation are identified for the "
    "remaining four months a Supplementary Grant shall be submitted to the District Council",
    "Excesses not met by re-appropriation go to the Council as a supplementary grant",
    E,
)

#: Every rule the ledger and its statements check.
LEDGER_RULES: Final[tuple[Rule, ...]] = (
    ANNUALITY,
    PUBLIC_ACCOUNT_NOT_APPROPRIATED,
    PUBLIC_ACCOUNT_WITHDRAWAL,
    PUBLIC_ACCOUNT_REPAYMENT,
    PUBLIC_ACCOUNT_NON_LAPSABLE,
    SAE_LAPSES,
    RELEASE_IN_THREE_DAYS,
    RECEIPT_RELEASED,
    PROMPT_DEPOSIT,
    LATE_CREDIT_EXPLAINED,
    NO_PROVISION,
    SANCTIONED,
    WITHIN_APPROPRIATION,
    SURRENDER_OF_SAVINGS,
    LIKELY_EXCESS,
    SUPPLEMENTARY_APPROVED,
    EXCESS_SURRENDER_NOTE,
    EXCESS_NEEDS_SUPPLEMENTARY,
    REAPPROPRIATION_FROM_SAVINGS,
    REAPPROPRIATION_SAME_UNIT,
    REAPPROPRIATION_OBJECT_TO_OBJECT,
    REAPPROPRIATION_ORDER,
    REAPPROPRIATION_ACROSS_DDOS,
    REAPPROPRIATION_POWERS,
    FINANCE_CONSULTED,
    SUPPLEMENTARY_LAST_RESORT,
    SUPPLEMENTARY_NOTE,
    SUPPLEMENTARY_COVER,
)

register(*LEDGER_RULES)


#: The figures the ledger checks use, now held in :data:`kpgov.law.PARAMETERS`; this set of
#: them stays for compatibility. A :class:`~kpgov.law.ParameterSet` passed to a check
#: overrides them by name.
LEDGER_PARAMETERS: Final = ParameterSet(
    {
        name: PARAMETERS[name]
        for name in (
            "release_days",
            "deposit_days",
            "excesses_surrenders_after_months",
            "likely_excess_margin",
        )
    }
)


def ledger_parameter(parameters: ParameterSet, name: str, day: date) -> ParameterValue:
    """The value of ``name`` on ``day``: from ``parameters`` when it has it, else the default of
    :data:`LEDGER_PARAMETERS`."""
    if name in parameters:
        return parameters.value(name, day)
    return LEDGER_PARAMETERS.value(name, day)
