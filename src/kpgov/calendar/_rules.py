"""The calendar's rules, registered in :data:`kpgov.law.RULES` when the package is imported.

Deadline rules of a clause that other packages also check carry the suffix ``#due`` (the
clause's deadline, as distinct from its content), so ``BR-80(5)#due`` is "BM-1 by the 13th".
Severity follows the wording: "shall" is an error; the Good Governance Strategy's "will" and the
"in so far as possible" of BR-69(2)(a) are warnings.
"""

from __future__ import annotations

import re
from typing import Final

from kpgov.calendar._data import monthly_duties, second_schedule
from kpgov.law import Citation, Rule, Severity, register

__all__ = ["CALENDAR_RULES", "rule"]

_PACKAGE: Final = "calendar"


def _clause(rule_id: str) -> tuple[str, str]:
    """``("BR", "80(2)(b)")`` from ``"BR-80(2)(b)#due"``."""
    instrument, _, rest = rule_id.partition("-")
    return instrument, re.sub(r"#.*$", "", rest)


def _rule(rule_id: str, title: str, excerpt: str, severity: Severity = Severity.ERROR) -> Rule:
    instrument, clause = _clause(rule_id)
    return Rule(rule_id, Citation(instrument, clause, excerpt), title, severity, _PACKAGE)


def _ggs(
    rule_id: str, clause: str, title: str, excerpt: str, severity: Severity = Severity.WARNING
) -> Rule:
    return Rule(rule_id, Citation("GGS", clause, excerpt), title, severity, _PACKAGE)


_SCHEDULE: Final = tuple(
    _rule(item.rule_id, f"{item.activity} ({item.deadline})", item.excerpt)
    for item in second_schedule()
)

_MONTHLY: Final = tuple(
    _rule(duty.rule_id, f"{duty.activity}, by day {duty.due_day} of the next month", duty.excerpt)
    for duty in monthly_duties()
)

_TF = "Implementation time-frame"
_RV = "Review mechanism"
_PUB = "Publication of results"

_OTHER: Final = (
    _rule(
        "BR-80(4)#bills-barred",
        "No bills are passed for a DDO whose reconciled statement is late",
        "In case the reconciled statement is not provided by the Head of Offices by the 20th of "
        "the month to the District Officer Finance and Planning, following the month to which "
        "the Accounts relate, no bills may be passed by the Accounts Officer for the defaulting "
        "DDOs.",
    ),
    _rule(
        "BR-82(1)#due",
        "Statement of Excesses and Surrenders (BM-13) after eight months of the financial year",
        "The Statement of Excesses and Surrenders shall be prepared in Form BM-13 by the Head of "
        "Offices after 8 months of the financial year.",
    ),
    _rule(
        "BR-83(1)#due",
        "Revised estimates after eight months of the financial year",
        "the District Government shall after 8 months of the financial year prepare revised "
        "estimates based on the Statement of Excesses and Surrenders.",
    ),
    _rule(
        "BR-52(4)#due",
        "Final estimates of the district share communicated in June",
        "The Provincial Finance Department shall communicate the final estimates of District "
        "Government share in June each year.",
    ),
    _rule(
        "BR-47(6)#quarterly",
        "Quarterly review of development projects by the District Development Committee",
        "The District Development Committee shall hold quarterly reviews and annual review to "
        "monitor the progress of the projects.",
    ),
    _rule(
        "BR-47(6)#annual",
        "Annual review of development projects by the District Development Committee",
        "The District Development Committee shall hold quarterly reviews and annual review to "
        "monitor the progress of the projects.",
    ),
    _rule(
        "BR-68(6)#due",
        "Release of funds received in Account IV within three days",
        "The District Officer Finance and Planning shall upon receipt of funds from the "
        "Government in Account – IV, release within three days the funds so received",
    ),
    _rule(
        "BR-69(2)(a)#due",
        "Public money deposited the same day, not later than the close of the following day",
        "public money shall in so far as possible be deposited directly in the bank through "
        "prescribed Challan forms on the same day but not later than the close of following day",
        Severity.WARNING,
    ),
    _rule(
        "BR-40(3)#due",
        "Technical sanction within one month after approval of the PC-I",
        "Technical sanction shall be issued within one month after approval of PC-I.",
    ),
    _rule(
        "BR-47(13)#pc-v",
        "PC-V annual operation report of a completed mega project, by 31 July for five years "
        "(date from Planning Commission guidance)",
        "PC-IV signed by the Head of Offices shall be mandatory for all the projects whereas "
        "PC-V shall be prepared for mega projects.",
        Severity.WARNING,
    ),
    _rule(
        "LGA-35(1)#due",
        "The Nazim presents the budget before the financial year begins",
        "Before the commencement of the next financial year, each Nazim shall, present the "
        "budget for consideration and approval of the respective local council.",
    ),
    _rule(
        "LGA-35(4)#due",
        "The council approves the budget before the financial year begins (else Government "
        "prepares, approves and authenticates it)",
        "In case a budget is not approved by the local council before commencement of the "
        "financial year to which it relates, Government shall prepare, approve and authenticate "
        "budget for the local government.",
    ),
    _ggs(
        "GGS-timeframe-immediate",
        _TF,
        "Immediate: monitored immediately after the launch of the strategy",
        "Immediate the indicator will be monitored immediately after the launch of the strategy",
    ),
    _ggs(
        "GGS-timeframe-short",
        _TF,
        "Short-term: implemented within 3 months of the launch",
        "Short-Term the indicator will be implemented within 3 months",
    ),
    _ggs(
        "GGS-timeframe-mid",
        _TF,
        "Mid-term: implemented within 6 months of the launch",
        "Mid-Term the indicator will be implemented within 6 months",
    ),
    _ggs(
        "GGS-timeframe-long",
        _TF,
        "Long-term: implemented within 12 months of the launch",
        "Long-Term the indicator will be implemented within 12 months",
    ),
    _ggs(
        "GGS-review-dc",
        _RV,
        "Field-level review by the Deputy Commissioner, fortnightly",
        "Field Level The Deputy Commissioner on fortnightly basis",
    ),
    _ggs(
        "GGS-review-commissioner",
        _RV,
        "Division-level review by the Divisional Commissioner, monthly",
        "Division Level The Divisional Commissioner on monthly basis",
    ),
    _ggs(
        "GGS-review-secretary",
        _RV,
        "Department-level review by the Administrative Secretary, monthly",
        "Department Level The Administrative Secretary on monthly basis",
    ),
    _ggs(
        "GGS-review-cs",
        _RV,
        "Review by the Chief Secretary, bi-monthly",
        "The Chief Secretary Khyber Pakhtunkhwa will conduct review on the progress against all "
        "indicators on bi-monthly basis",
    ),
    _ggs(
        "GGS-review-cm",
        _RV,
        "Review by the Chief Minister, quarterly",
        "the Chief Minister, Khyber Pakhtunkhwa will conduct review progress on quarterly basis",
    ),
    _ggs(
        "GGS-publication-district",
        _PUB,
        "Fortnightly progress bulletin of the district results",
        "On fortnightly basis, a progress bulletin of the District Results shall be compiled and "
        "published through local media / newspaper and respective social media outlets.",
        Severity.ERROR,
    ),
    _ggs(
        "GGS-publication-department",
        _PUB,
        "Monthly bulletin of the Administrative Department",
        "On monthly basis, the Administrative Department shall issue a bulletin of the results "
        "achieved through the implementation of the Good Governance Strategy",
        Severity.ERROR,
    ),
    _ggs(
        "GGS-publication-information",
        _PUB,
        "Weekly press release of the Information Department",
        "The Information Department shall make a concise press release on weekly basis",
        Severity.ERROR,
    ),
    _ggs(
        "GGS-publication-pmru",
        _PUB,
        "Monthly provincial progress report of the PMRU",
        "PMRU will issue a provincial progress report on monthly basis",
    ),
)

#: Every rule of the calendar package, by id.
CALENDAR_RULES: Final = {r.id: r for r in (*_SCHEDULE, *_MONTHLY, *_OTHER)}

register(*CALENDAR_RULES.values())


def rule(rule_id: str) -> Rule:
    """The calendar rule ``rule_id`` (a KeyError for an unknown id is a programming error)."""
    return CALENDAR_RULES[rule_id]
