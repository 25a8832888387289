"""Fillers of two monthly statements to the District Council whose printed headings are lost in
the seed text, from the movements of a :class:`~kpgov.budget.Ledger`: Form BM-11, the monthly
statement of re-appropriations (BR-81(2)(k)), with columns in the words of BR-85, and Form
BM-12, the statement of supplementary grants (BR-81(2)(l)), with columns in the words of
BR-86.

The columns are kpgov's, marked as not printed (``printed=False``, ``basis`` the rule), as for
Forms BDR-1, BDO-1 and BM-13.
"""

from __future__ import annotations

from decimal import Decimal

from kpgov.accounts import FundCode
from kpgov.budget import AppropriationHead, Ledger, ReAppropriation, SupplementaryGrant
from kpgov.errors import ValidationError
from kpgov.forms._filled import FilledForm, FilledPart, FormRow
from kpgov.forms._model import FormColumn, get_form
from kpgov.money import ZERO
from kpgov.periods import Month

__all__ = ["fill_bm_11", "fill_bm_12"]

DG = "Name of the District Government"


def _head(head: AppropriationHead) -> str:
    return f"{head.object} (grant {head.grant}, DDO {head.ddo})"


def _check_month(ledger: Ledger, month: Month) -> None:
    if month.financial_year != ledger.year:
        raise ValidationError(f"month {month} is not in the ledger's year {ledger.year}")


_BM_11_COLUMNS = (
    FormColumn("on", "Date", kind="date", printed=False, basis="BR-85(3)"),
    FormColumn("source", "From object (savings)", printed=False, basis="BR-85(1)"),
    FormColumn("target", "To object (anticipated excess)", printed=False, basis="BR-85(1)"),
    FormColumn("amount", "Amount re-appropriated", kind="amount", printed=False, basis="BR-85(1)"),
    FormColumn("authority", "Sanctioned by", printed=False, basis="BR-85(2)"),
    FormColumn("order", "Order sanctioning the re-appropriation", printed=False, basis="BR-85(3)"),
)


def fill_bm_11(ledger: Ledger, month: Month) -> FilledForm:
    """Form BM-11, the monthly statement of re-appropriations (BR-81(2)(k)), for ``month``:
    every :class:`~kpgov.budget.ReAppropriation` of the ledger dated in the month, the transfer
    of savings from one object to another (BR-85(1)), who sanctioned it (BR-85(2)) and the
    order (BR-85(3)). What each head gains less what it gives is the change in its
    re-appropriations column of Form BM-2 over the month."""
    _check_month(ledger, month)
    moves = [
        m
        for m in ledger.movements
        if isinstance(m, ReAppropriation) and month.start <= m.on <= month.end
    ]
    rows: list[FormRow] = [
        {
            "on": m.on,
            "source": _head(m.source),
            "target": _head(m.target),
            "amount": m.amount,
            "authority": m.authority.value,
            "order": m.order or None,
        }
        for m in sorted(moves, key=lambda m: m.on)
    ]
    total: FormRow = {"source": "Total", "amount": sum((m.amount for m in moves), ZERO)}
    return FilledForm(
        get_form("BM-11"),
        [FilledPart("main", None, _BM_11_COLUMNS, rows, [total], "Rupees")],
        [(DG, ledger.district), ("Month", str(month))],
        [
            "The printed headings of Form BM-11 are lost in the seed text; these columns are "
            "kpgov's, in the words of BR-85(1)-(3)."
        ],
        f"Ledger {ledger.district} {ledger.year}, {month}",
    )


_BM_12_COLUMNS = (
    FormColumn("on", "Date", kind="date", printed=False, basis="BR-86(1)"),
    FormColumn("head", "Object", printed=False, basis="BR-86(1)"),
    FormColumn("amount", "Supplementary grant", kind="amount", printed=False, basis="BR-86(1)"),
    FormColumn(
        "cover",
        "Budgetary cover or available resource",
        kind="amount",
        printed=False,
        basis="BR-86(4)",
    ),
    FormColumn("approval", "District Council's approval", printed=False, basis="BR-86(1)"),
    FormColumn("note", "Explanatory note", printed=False, basis="BR-86(2)"),
)


def _approval(grant: SupplementaryGrant) -> str | None:
    """The Council's resolution and its date, as far as the ledger records them."""
    text = grant.council_approval
    if grant.approved_on is not None:
        text = f"{text} of {grant.approved_on.isoformat()}".strip()
    return text or None


def fill_bm_12(ledger: Ledger, month: Month, *, grant: FundCode | None = None) -> FilledForm:
    """Form BM-12, the statement of supplementary grants (BR-81(2)(l)), for ``month`` (and one
    ``grant``, as the printed header allows): every :class:`~kpgov.budget.SupplementaryGrant`
    dated in the month, with the District Council's approval (BR-86(1)), the explanatory note
    (BR-86(2)) and the budgetary cover (BR-86(4)). The Total is the change over the month in
    the supplementary grants of the ledger's position."""
    _check_month(ledger, month)
    grants = [
        m
        for m in ledger.movements
        if isinstance(m, SupplementaryGrant)
        and month.start <= m.on <= month.end
        and (grant is None or m.head.grant == grant)
    ]
    rows: list[FormRow] = [
        {
            "on": m.on,
            "head": _head(m.head),
            "amount": m.amount,
            "cover": m.budgetary_cover,
            "approval": _approval(m),
            "note": m.note or None,
        }
        for m in sorted(grants, key=lambda m: m.on)
    ]
    total: FormRow = {
        "head": "Total",
        "amount": sum((m.amount for m in grants), ZERO),
        "cover": sum((m.budgetary_cover or Decimal(0) for m in grants), ZERO),
    }
    header = [(DG, ledger.district), ("Month", str(month))]
    if grant is not None:
        header.append(("Grant", str(grant)))
    return FilledForm(
        get_form("BM-12"),
        [FilledPart("main", None, _BM_12_COLUMNS, rows, [total], "Rupees")],
        header,
        [
            "The printed headings of Form BM-12 are lost in the seed text; these columns are "
            "kpgov's, in the words of BR-86(1), (2) and (4)."
        ],
        f"Ledger {ledger.district} {ledger.year}, {month}",
    )
