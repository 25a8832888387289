"""A district's submission: every form for a budget year, and the checks on it.

:func:`build_submission` fills what kpgov holds (ABS, BDR-1, BDC-1 and BDO-1 from the statement;
BM-2, BM-6 and BM-13 from a ledger) and adds the other forms blank, BSF-1 to BSF-3 once for every
office (BR-58); Forms BDO-3 and BDO-4 stay out (BR-27(6)(c)). :func:`check_submission` checks a
submission against BR-55(1), BR-58(2)-(4), BR-26(1)(a)-(b) and BR-27(6)(c).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Final

import attrs

from kpgov.budget import AnnualBudgetStatement, BudgetDocument, Ledger
from kpgov.findings import Finding
from kpgov.forms import _rules as rules
from kpgov.forms._filled import FilledForm, blank_form
from kpgov.forms._fillers import (
    fill_abs,
    fill_bdc_1,
    fill_bdo_1,
    fill_bdr_1,
    fill_bm_2,
    fill_bm_6,
    fill_bm_13,
)
from kpgov.forms._model import all_forms
from kpgov.law import get as get_rule
from kpgov.periods import FinancialYear, Month

__all__ = ["DOCUMENT_FORMS", "Submission", "build_submission", "check_submission"]

#: The forms that carry each budget document of BR-55(1) (BR-57 to BR-63); the budget speech,
#: the citizens' budget and a supplementary budget have no form in the First Schedule.
DOCUMENT_FORMS: Final[dict[BudgetDocument, tuple[str, ...]]] = {
    BudgetDocument.ANNUAL_BUDGET_STATEMENT: ("ABS",),
    BudgetDocument.BUDGET_SALIENT_FEATURES: ("BSF-1", "BSF-2", "BSF-3"),
    BudgetDocument.ESTIMATES_OF_RECEIPTS: ("BDR-1", "BDR-2", "BDR-3", "BDR-4", "BDR-5"),
    BudgetDocument.DEMANDS_CURRENT: tuple(f"BDC-{n}" for n in range(1, 8)),
    BudgetDocument.DEMANDS_DEVELOPMENT: ("BDD-1", "BDD-2", "BDD-3"),
    BudgetDocument.STATEMENT_OF_NEW_EXPENDITURE: tuple(f"BDC-{n}" for n in range(1, 8)),
    BudgetDocument.ANNUAL_DEVELOPMENT_PROGRAMME: ("BDD-3",),
}
_INTERNAL: Final = frozenset({"BDO-3", "BDO-4"})
_BSF: Final = {"BSF-1": rules.BSF_1, "BSF-2": rules.BSF_2, "BSF-3": rules.BSF_3}
OFFICE_FIELD: Final = "Name of the Office"


def _forms(value: Iterable[FilledForm]) -> tuple[FilledForm, ...]:
    return tuple(value)


def _offices(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(value)))


@attrs.frozen
class Submission:
    """The forms a district submits for ``year``; ``offices`` are the offices whose Budget
    Salient Features are due (BR-58(1)); ``has_investments`` says whether the District Fund
    holds investments, which Form BDO-1 must state (BR-26(1)(a))."""

    district: str
    year: FinancialYear
    forms: tuple[FilledForm, ...] = attrs.field(converter=_forms)
    offices: tuple[str, ...] = attrs.field(default=(), converter=_offices)
    has_investments: bool = False

    @property
    def subject(self) -> str:
        return f"{self.district} {self.year} submission"

    def of(self, form_id: str) -> tuple[FilledForm, ...]:
        """The forms with ``form_id`` (several for the per-office BSF forms)."""
        return tuple(f for f in self.forms if f.form.id == form_id)


def _offices_of(statement: AnnualBudgetStatement) -> list[str]:
    return sorted({line.office for line in statement.lines if line.office} - {""})


def build_submission(
    statement: AnnualBudgetStatement,
    *,
    ledger: Ledger | None = None,
    month: Month | None = None,
) -> Submission:
    """Every form of the First and Third Schedules for ``statement``'s district and year.

    Forms ABS, BDR-1, BDC-1 and BDO-1 are filled from the statement; with a ``ledger``, Forms
    BM-2 and BM-6 for ``month`` (the ledger's last month with movements when not given) and
    BM-13; the others are blank. BSF-1 to BSF-3 come once for every office of the statement's lines.
    """
    header = [("Name of the District Government", statement.district)]
    filled: dict[str, FilledForm] = {
        "ABS": fill_abs(statement),
        "BDR-1": fill_bdr_1(statement),
        "BDC-1": fill_bdc_1(statement),
        "BDO-1": fill_bdo_1(statement),
    }
    if ledger is not None:
        if month is None:
            last = max((m.on for m in ledger.movements), default=ledger.year.start)
            month = Month(last.year, last.month)
        filled["BM-2"] = fill_bm_2(ledger, month)
        filled["BM-6"] = fill_bm_6(ledger, month)
        filled["BM-13"] = fill_bm_13(ledger)
    offices = _offices_of(statement)
    forms: list[FilledForm] = []
    for form in all_forms():
        if form.id in _INTERNAL:
            continue
        if form.id in _BSF:
            forms.extend(
                attrs.evolve(
                    blank_form(form, header=[*header, (OFFICE_FIELD, office)]), instance=office
                )
                for office in offices
            )
            continue
        forms.append(filled.get(form.id) or blank_form(form, header=header))
    return Submission(
        statement.district,
        statement.year,
        forms,
        offices,
        has_investments=bool(statement.investments),
    )


def check_submission(submission: Submission) -> Iterator[Finding]:
    """BR-55(1) every budget document's forms present; BR-58(2)-(4) Forms BSF-1, BSF-2 and
    BSF-3 for every office; BR-26(1)(a) Form BDO-1 when there are investments; BR-26(1)(b)
    Form BDO-2; BR-27(6)(c) Forms BDO-3 and BDO-4 not submitted."""
    subject = submission.subject
    present = {f.form.id for f in submission.forms}
    documents = get_rule("BR-55(1)")
    for document, form_ids in DOCUMENT_FORMS.items():
        missing = [form_id for form_id in form_ids if form_id not in present]
        if missing:
            yield Finding.of(
                documents,
                subject,
                f"the {document.title} lacks Form {', '.join(missing)}",
                expected=", ".join(form_ids),
                actual=", ".join(sorted(present & set(form_ids))) or "none",
            )
    for form_id, rule in _BSF.items():
        covered = {
            value
            for f in submission.of(form_id)
            for field, value in f.header
            if field == OFFICE_FIELD
        }
        for office in submission.offices:
            if office not in covered:
                yield Finding.of(rule, subject, f"no Form {form_id} for the office {office}")
    if submission.has_investments and "BDO-1" not in present:
        yield Finding.of(
            rules.BDO_1, subject, "the District Fund holds investments but Form BDO-1 is missing"
        )
    if "BDO-2" not in present:
        yield Finding.of(rules.BDO_2, subject, "Form BDO-2 is missing")
    for form_id in sorted(present & _INTERNAL):
        yield Finding.of(
            rules.BDO_3_4, subject, f"Form {form_id} is for internal use and was submitted"
        )
