"""The rules the submission checks apply (Budget Rules 2016, rules 26, 27 and 58).

Each quotes the seed text it applies; they are registered in :data:`kpgov.law.RULES` when
:mod:`kpgov.forms` is imported. BR-55(1), all budget documents prepared, is registered by
:mod:`kpgov.budget`; the submission check raises that same rule for a document whose forms
are missing, rather than registering it twice.
"""

from __future__ import annotations

from typing import Final

from kpgov.law import Citation, Rule, Severity, register

__all__ = ["SUBMISSION_RULES"]


def _rule(rule_id: str, excerpt: str, title: str) -> Rule:
    instrument, _, clause = rule_id.partition("-")
    return Rule(
        id=rule_id,
        citation=Citation(instrument, clause, excerpt),
        title=title,
        severity=Severity.ERROR,
        package="forms",
    )


BSF_1: Final = _rule(
    "BR-58(2)",
    "The salient features of each office shall be provided in Form BSF-1.",
    "Form BSF-1 (policies and proposed activities) for every office",
)
BSF_2: Final = _rule(
    "BR-58(3)",
    "The performance targets shall be provided in Form BSF-2.",
    "Form BSF-2 (performance indicators and targets) for every office",
)
BSF_3: Final = _rule(
    "BR-58(4)",
    "The status of service delivery facilities shall be provided in Form BSF-3.",
    "Form BSF-3 (service delivery facilities status) for every office",
)
BDO_1: Final = _rule(
    "BR-26(1)(a)",
    "The details of budget shall include- ... Statement of investment if any as per Form BDO-1",
    "Form BDO-1 (statement of investment) when the District Fund holds investments",
)
BDO_2: Final = _rule(
    "BR-26(1)(b)",
    "The details of budget shall include- ... Statement of General Provident Fund as per Form "
    "BDO-2",
    "Form BDO-2 (statement of General Provident Fund) with the budget",
)
BDO_3_4: Final = _rule(
    "BR-27(6)(c)",
    "Forms BDO-3 and BDO-4 shall be for the internal use of the offices and shall not be "
    "submitted with any of the budget documents.",
    "Forms BDO-3 and BDO-4 (pay and allowances) not submitted",
)

SUBMISSION_RULES: Final = (BSF_1, BSF_2, BSF_3, BDO_1, BDO_2, BDO_3_4)
register(*SUBMISSION_RULES)
