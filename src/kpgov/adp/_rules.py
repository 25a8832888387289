"""The rules of Budget Rules 2016 Parts VII-IX (r.32-50) and the Sindh planning note that
kpgov.adp encodes, registered in :data:`kpgov.law.RULES`.

Excerpts are copied from the seed text (``003_*.txt`` and ``000_*.txt``), including its
spelling; ``...`` marks an omission.
"""

from __future__ import annotations

from typing import Final

from kpgov.law import Citation, Rule, Severity, register

__all__ = ["RULE_IDS", "rule"]

_E = Severity.ERROR
_W = Severity.WARNING

_DEFS: Final[tuple[tuple[str, str, str, Severity], ...]] = (
    # Part VII - processing of development projects
    (
        "32(1)",
        "A development project is prepared on Form BDD-4",
        "A development project is a scheme or activity provided within a development "
        "expenditure grant ... required to be prepared on the Form BDD-4.",
        _E,
    ),
    (
        "32(2)",
        "A project has a finite life, a manager, a funding source, a plan and budget, deliverables",
        "Development projects shall have- a) a finite project life; b) a nominated project "
        "manager; c) a specified source of funding; d) an approved project plan and budget; "
        "and e) specified deliverables.",
        _E,
    ),
    (
        "32(5)",
        "Each project has a unique code",
        "Each development project shall be classified according to the elements contained in "
        "the Chart of Accounts with a unique code assigned to each development project.",
        _E,
    ),
    (
        "33(1)",
        "Projects are processed in the order of r.33(1)(a)-(i)",
        "The development projects shall be processed as follows-",
        _E,
    ),
    (
        "33(1)(a)",
        "Identification of the development proposal",
        "identification of development proposal, based on the evidence of peoples’ needs, "
        "especially women and marginalized communities",
        _E,
    ),
    (
        "33(1)(b)",
        "Project outline prepared by the concerned office",
        "preparation of project outline by concerned Office;",
        _E,
    ),
    (
        "33(1)(c)",
        "Outline approved by the DDC",
        "approval of development project outline by the District Development Committee;",
        _E,
    ),
    (
        "33(1)(d)",
        "Detailed project proposal prepared",
        "preparation of detailed development project proposal;",
        _E,
    ),
    (
        "33(1)(e)",
        "Technical sanction prepared for projects involving works",
        "preparation of technical sanction for development projects involving works;",
        _E,
    ),
    ("33(1)(f)", "Approval by the DDC", "approval by the District Development Committee;", _E),
    (
        "33(1)(g)",
        "Administrative approval and technical sanction issued",
        "issuance of Administrative Approval and Technical Sanction;",
        _E,
    ),
    (
        "33(1)(h)",
        "Inclusion in the ADP and District Development Plan",
        "inclusion in Annual Development Programme and District Development Plan;",
        _E,
    ),
    ("33(1)(i)", "Approval by the District Council", "approval by the District Council.", _E),
    (
        "35(2)",
        "Proposals scrutinized by the concerned Head of Offices",
        "The project proposals received during the year from various stakeholders shall be "
        "scrutinized by the concerned Head of Offices.",
        _E,
    ),
    (
        "35(3)",
        "Outlines submitted to the DDC through the Deputy District Officer Planning",
        "All Heads of offices shall submit the outline of new development project proposals "
        "to the District Development Committee through the Deputy District Officer Planning",
        _E,
    ),
    (
        "36(1)",
        "DDC reviews outlines and clears detailed proposals",
        "The District Development Committee shall review the outline of the new development "
        "project proposal ... and give approval for the preparation of detailed development "
        "project proposals",
        _E,
    ),
    (
        "36(2)",
        "Detailed proposal prepared on Form BDD-4 after DDC approval",
        "The concerned office after receiving the approval by the District Development "
        "Committee shall initiate the process of preparing the detailed development project "
        "proposal on Form BDD-4.",
        _E,
    ),
    (
        "36(3)",
        "Detailed proposal submitted to the Deputy District Officer Planning",
        "The detailed development project proposal on completion by Head of Offices shall be "
        "submitted to the Deputy District Officer Planning.",
        _E,
    ),
    (
        "36(4)",
        "Working paper on financial, economic and environmental viability",
        "The Deputy District Officer Planning shall frame a working paper ... examining the "
        "financial, economic and environmental viability of each development project.",
        _E,
    ),
    (
        "36(5)",
        "Working paper circulated to DDC members",
        "The working paper along with a copy of the detailed proposal shall be circulated "
        "among members of the District Development Committee by the Deputy District Officer "
        "Planning.",
        _E,
    ),
    (
        "36(6)",
        "DDC decisions recorded for each proposal",
        "The District Development Committee shall review the development project proposal "
        "and its decisions shall be recorded for each development project proposal.",
        _E,
    ),
    (
        "36(7)",
        "DDC approves projects only up to the cost prescribed by Government",
        "The District Development Committee shall be competent to approve projects up to a "
        "cost as prescribed by the Government.",
        _E,
    ),
    (
        "36(8)",
        "DDC may not approve subsidy or externally funded projects",
        "The District Development Committee shall not be competent to approve any subsidy "
        "project or project involving external funding like foreign aid, Provincial Annual "
        "Development Programme or Federal Public Sector Development Programme, unless "
        "provided in any other government policy.",
        _E,
    ),
    (
        "36(9)",
        "DDC approves only projects within the completion periods",
        "The District Development Committee shall ensure to approve only such project "
        "proposals having completion period of-",
        _E,
    ),
    (
        "36(10)",
        "One time extension or revision only",
        "The District Development Committee shall allow time extension or revision of project "
        "only once during the currency of the project in case of exceptional or unavoidable "
        "circumstances.",
        _E,
    ),
    (
        "36(11)",
        "Approved proposal sent to the District Council for information",
        "A copy of the development project proposal approved by the District Development "
        "Committee shall be submitted to the District Council for information.",
        _E,
    ),
    (
        "37(1)",
        "The Deputy Commissioner conveys the DDC's approval",
        "After the District Development Committee has approved the development project "
        "proposal, the Deputy Commissioner shall convey the Approval on behalf of the "
        "respective Committee.",
        _E,
    ),
    (
        "37(2)",
        "Only DDC-approved projects go into the ADP",
        "Only the development projects approved by the District Development Committee shall "
        "be considered for inclusion in the Annual Development Programme.",
        _E,
    ),
    (
        "38(1)",
        "Upward cost revision or change of scope needs the District Council",
        "The upward revision of cost, or a major change in the objective or scope of a "
        "development project shall require the approval of the District Council.",
        _E,
    ),
    (
        "38(2)",
        "Revision within the Council-approved cost by the DDC, scope unchanged",
        "The revision within the cost approved by the District Council shall be approved by "
        "the District Development Committee. The District Development Committee shall ensure "
        "that the objectives and scope are not altered.",
        _E,
    ),
    (
        "39(1)",
        "Ongoing Council-approved projects funded and completed as approved",
        "An on-going development project approved by the District Council shall be funded "
        "and completed as approved.",
        _E,
    ),
    (
        "40(1)",
        "Works proposals accompanied by preliminary report, estimate and plans",
        "The development project proposal relating to works submitted to the District "
        "Development Committee for Administrative Approval shall be accompanied by a "
        "preliminary report, a rough cost estimate, preliminary plans",
        _E,
    ),
    (
        "40(2)",
        "Technical sanction by the officials with delegated powers",
        "Such sanction shall only be accorded by the officials in accordance with the powers "
        "delegated to them.",
        _E,
    ),
    (
        "40(3)",
        "Technical sanction within one month of PC-I approval",
        "Technical sanction shall be issued within one month after approval of PC-I.",
        _E,
    ),
    (
        "40(4)",
        "Technical sanction cost never above the administrative approval",
        "Cost the Technical sanction in no case shall exceed the administrative approval cost.",
        _E,
    ),
    (
        "40(5)",
        "Exceeding the approved or sanctioned amount needs the District Council",
        "the amount administratively approved or the amount of technical sanction is likely "
        "to exceed beyond the limit of approval, the approval of the District Council shall "
        "be obtained.",
        _E,
    ),
    # Part VIII - development budget and ADP
    (
        "41(1)",
        "The ADP compiles the projects approved by the District Council",
        "The Annual Development Programme shall be a compilation of the development projects "
        "including the communities and public private partnership projects, approved by the "
        "District Council.",
        _E,
    ),
    (
        "41(3)(b)",
        "ADP within the ceilings communicated",
        "the ADP shall be formulated within the ceilings communicated by the District Officer "
        "Finance and Planning and the Deputy District Officer Planning",
        _E,
    ),
    (
        "41(3)(e)",
        "No liabilities of provincial or federal projects charged to the District ADP",
        "no liabilities of development projects completed from the Provincial ADP or any "
        "other federal programme shall be charged to the District ADP;",
        _E,
    ),
    (
        "41(3)(f)",
        "Key priority sectors of the District ADP",
        "the key priority sectors for allocation of funds under District ADP shall be; "
        "i. education with a focus on girls education; ii. roads; iii. health with a focus "
        "on maternal and child health; and iv. drinking water supply and sanitation.",
        _E,
    ),
    (
        "42(1)",
        "ADP classifies projects by sector, function and location",
        "The Annual Development Programme shall classify projects by sector, function and "
        "geographic location.",
        _E,
    ),
    (
        "42(2)",
        "ADP shows new and ongoing projects separately",
        "The Annual Development Programme shall indicate new development projects and ongoing "
        "development projects separately.",
        _E,
    ),
    (
        "44(1)",
        "No throw-forward liabilities",
        "The development projects shall be completed within the stipulated time period with "
        "no throw forward liabilities.",
        _E,
    ),
    (
        "44(2)",
        "Phasing over at most two financial years",
        "In exceptional circumstances a project may be phased over two financial years as "
        "per Rule 34 of these rules;",
        _E,
    ),
    (
        "44(3)",
        "Operation and maintenance of completed projects budgeted",
        "Multi-year planning shall reflect and cater for the operation and maintenance costs "
        "of completed development projects and shall ensure that such costs are budgeted.",
        _E,
    ),
    (
        "44(6)",
        "Provincially and federally funded projects reflected in the ADP and budgeted",
        "shall be duly reflected in the ADP and budgeted.",
        _E,
    ),
    (
        "46(3)",
        "DDC approves the ADP within the fiscal space",
        "The District Development Committee shall approve the development projects to be "
        "included in the Annual Development Programme while remaining within the fiscal "
        "space available",
        _E,
    ),
    (
        "46(4)",
        "DDC decisions on the ADP recorded for each project",
        "The decisions of the District Development Committee shall be recorded for each "
        "development project proposal.",
        _E,
    ),
    (
        "47(1)",
        "No expenditure before AA, TS (works), budget inclusion and Council approval",
        "Expenditure can be incurred only on development projects for which Administrative "
        "Approval and Technical sanction (for works) has been accorded and the development "
        "project has been included in the budget and has been approved by the District "
        "Council.",
        _E,
    ),
    (
        "47(3)",
        "The executing agency executes the project as per the PC-I",
        "The respective executing agency shall be responsible for the execution of the "
        "development projects as per parameters fixed in the approved PC-I",
        _E,
    ),
    (
        "47(5)",
        "Monthly progress reports by the 10th of the following month",
        "the executing agency shall send monthly progress reports in the prescribed Form BM-5 "
        "and BM-7 ... by 10th of each succeeding month.",
        _E,
    ),
    (
        "47(6)",
        "DDC quarterly and annual reviews",
        "The District Development Committee shall hold quarterly reviews and annual review to "
        "monitor the progress of the projects.",
        _E,
    ),
    (
        "47(6)#results",
        "DDC review results to the Commissioner and the Nazim",
        "The results of such review shall be submitted to the Divisional Commissioner for "
        "information and the Nazim District Government for submission to the District Council.",
        _E,
    ),
    (
        "47(8)",
        "Commissioner monitors at least 25% of projects",
        "The concerned Commissioner through its Divisional Monitoring and Evaluation setup "
        "shall monitor at least 25 percent of the projects in District.",
        _E,
    ),
    (
        "47(9)",
        "Nazim and Deputy Commissioner visit 10% each, Heads of Offices 70%",
        "The Nazim District Government and Deputy Commissioner each shall visit not less than "
        "10 percent of the projects being funded through District ADP, while Head of Offices "
        "shall visit at least 70 percent of the projects.",
        _E,
    ),
    (
        "47(10)",
        "Heads of Offices report financial and physical progress monthly",
        "The Heads of Offices shall be bound to furnish financial and physical progress of "
        "projects regularly on monthly basis to the Deputy District Officer Planning",
        _E,
    ),
    (
        "47(11)",
        "DDOP inspection reports sent to the Provincial P&D Department",
        "A copy of such reports shall invariably be sent to the Provincial Planning and "
        "Development Department along with recommended actions.",
        _E,
    ),
    (
        "47(13)",
        "PC-IV for every project, PC-V for mega projects",
        "PC-IV signed by the Head of Offices shall be mandatory for all the projects whereas "
        "PC-V shall be prepared for mega projects.",
        _E,
    ),
    (
        "47(14)",
        "Impact evaluation of important projects",
        "The impact evaluation of important ongoing or completed development projects shall "
        "be conducted by the Deputy Commissioner and the Provincial Planning and Development "
        "Department.",
        _E,
    ),
    (
        "48(1)",
        "Handing-over report on completion",
        "On development project completion, a project handing over or taking over report "
        "shall be submitted by the concerned Head of Offices to the Deputy District Officer "
        "Planning and a copy provided to the District Development Committee, District Officer "
        "Finance and Planning and a copy shall be provided to the District Council.",
        _E,
    ),
    (
        "49(1)",
        "Post-completion evaluation reported to the District Council",
        "Post completion evaluation of each development project shall be undertaken jointly "
        "by the Deputy District Officer Planning in collaboration with concerned Head of "
        "Offices and a report submitted to the District Council.",
        _E,
    ),
    (
        "50(1)(a)",
        "Recurring expenditure of projects completing next year communicated",
        "details of the recurring expenditure of each development project expected to be "
        "completed in the next financial year is communicated to the District Officer Finance "
        "and Planning;",
        _E,
    ),
    (
        "50(1)(b)",
        "Recurring liability in the current budget and SNE",
        "the recurring liability is included in the current budget and Statement of New "
        "Expenditure for the next financial year.",
        _E,
    ),
)

_SDSSP: Final[tuple[tuple[str, str, str, Severity], ...]] = (
    (
        "4(d)",
        "Planning-convention quorum",
        "The quorum for the convention would be: ... i. Nazim / DCO ... a) Concerned EDOs and "
        "EDO (F&P) ... b) Chairman of Monitoring Committees ... c) SDSSP team ... d) PLDs "
        "representatives",
        _W,
    ),
    (
        "4(e)",
        "What the district presents for its sector plan",
        "The district government would make a detail presentation on: ... Resource envelop "
        "of district government ... Vertical programs ... Program/Project/Grants in pipeline ... "
        "Need Analysis ... Vision and District Priorities ... Short term objectives ... Schemes "
        "proposed to meet the vision and the priorities",
        _W,
    ),
    (
        "4(i)",
        "Conditional grants released only after the budget with sector plans is passed",
        "Conditional grant funds would be released to district government on passing of their "
        "annual budgets, with ASPs, from district councils.",
        _W,
    ),
)


def _build() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for clause, title, excerpt, severity in _DEFS:
        rule_id = f"BR-{clause}"
        cited = clause.split("#", 1)[0]  # "47(6)#results": a second check of r.47(6)
        rules[rule_id] = Rule(rule_id, Citation("BR", cited, excerpt), title, severity, "adp")
    for clause, title, excerpt, severity in _SDSSP:
        rule_id = f"SDSSP-{clause}"
        rules[rule_id] = Rule(rule_id, Citation("SDSSP", clause, excerpt), title, severity, "adp")
    return rules


_RULES: Final = _build()
register(*_RULES.values())

#: The ids of every rule this package registers.
RULE_IDS: Final = frozenset(_RULES)


def rule(rule_id: str) -> Rule:
    """The adp rule registered under ``rule_id``."""
    return _RULES[rule_id]
