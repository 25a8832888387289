"""Checks of the appropriation ledger: one pass over the movements, in the order they were
appended, keeping the running figures and yielding a finding for each breach.

Every finding names the head (or the cash account) and the movement (``movements[i]``), and
quotes its rule. A check never raises for a breach; see :mod:`kpgov.budget.ledger._rules`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final

from kpgov.accounts import FundCode
from kpgov.budget import _obligation_rules as procedure
from kpgov.budget.ledger import _rules as rules
from kpgov.budget.ledger._ledger import Ledger
from kpgov.budget.ledger._movements import (
    Appropriation,
    AppropriationHead,
    Authority,
    CashAccount,
    Expenditure,
    Office,
    ReAppropriation,
    Receipt,
    Release,
    SupplementaryGrant,
    Surrender,
    Withdrawal,
)
from kpgov.errors import Location, ValidationError, source_of
from kpgov.findings import Finding
from kpgov.law import PARAMETERS, ParameterSet, Rule
from kpgov.money import ZERO, format_amount
from kpgov.periods import Month

__all__ = [
    "check_bills_bar",
    "check_continuity",
    "check_finance_consultation",
    "check_ledger",
]

_ALL_COPIES: Final = frozenset(Office)


class _Unit:
    """A grant's running totals while checking (the unit of re-appropriation)."""

    __slots__ = ("spent", "total")

    def __init__(self) -> None:
        self.total = ZERO
        self.spent = ZERO


class _Head:
    """A head's running figures while checking (mutable, private to the pass)."""

    __slots__ = ("flagged", "over_since", "provided", "spent", "total", "unit")

    def __init__(self, unit: _Unit) -> None:
        self.total = ZERO  # the final grant so far
        self.spent = ZERO
        self.provided = False
        self.flagged = False  # a likely excess (BR-79(1)) has been reported
        self.over_since: date | None = None  # first day of the current excess (BR-79(2))
        self.unit = unit

    def grant(self, amount: Decimal) -> None:
        """Add ``amount`` (negative to take away) to the final grant."""
        self.total += amount
        self.unit.total += amount


class _Transfer:
    """The subject of a re-appropriation finding: ``source -> target``."""

    __slots__ = ("source", "target")

    def __init__(self, source: AppropriationHead, target: AppropriationHead) -> None:
        self.source, self.target = source, target

    def __str__(self) -> str:
        return f"{self.source} -> {self.target}"


def _amount(value: Decimal) -> str:
    return format_amount(value)


class _Pass:
    """The running state of one checking pass."""

    def __init__(self, ledger: Ledger, file: str | None) -> None:
        self.subject_prefix = f"{ledger.district} {ledger.year}"
        self.file = file
        self.movements = ledger.movements
        self.heads: dict[str, _Head] = {}  # by head key
        self.units: dict[object, _Unit] = {}

    def finding(
        self,
        rule: Rule,
        index: int,
        subject: object,
        message: str,
        *,
        expected: object = None,
        actual: object = None,
    ) -> Finding:
        return Finding.of(
            rule,
            f"{self.subject_prefix} {subject}",
            message,
            location=source_of(self.movements[index])
            or Location(file=self.file, field=f"$.movements[{index}]"),
            expected=expected,
            actual=actual,
        )

    def state(self, head: AppropriationHead) -> _Head:
        found = self.heads.get(head.key)
        if found is None:
            unit = self.units.get(head.grant)
            if unit is None:
                unit = self.units[head.grant] = _Unit()
            found = self.heads[head.key] = _Head(unit)
        return found


def check_ledger(
    ledger: Ledger,
    *,
    parameters: ParameterSet = PARAMETERS,
    file: str | None = None,
) -> Iterator[Finding]:
    """Yield a finding for every breach of the ledger rules, movement by movement.

    ``file`` names the file the ledger was read from, so that each finding points at its
    movement (``file``, ``$.movements[i]``).

    A spending beyond the final grant is always an error finding: of the expenditure itself
    (BR-75(3), or BR-75(1) when the head has no provision), of the surrender that cut the grant
    below what was spent (BR-75(3)#surrender) or of the re-appropriation that took more than
    the savings (BR-85(1)).
    """
    year = ledger.year
    run = _Pass(ledger, file)
    finding, state = run.finding, run.state
    heads_get = run.heads.get
    district_fund = ledger.opening_district_fund
    public_account = ledger.opening_public_account
    release_days = _days(parameters, "release_days", year.start)
    deposit_days = _days(parameters, "deposit_days", year.start)
    margin = rules.ledger_parameter(parameters, "likely_excess_margin", year.start)
    margin = Decimal(1) if margin is None else Decimal(margin)
    start, end = year.start, year.end

    # Government funds received in Account IV and not yet released in full (BR-68(6)):
    # movement index -> [day received, amount still to release]
    unreleased: dict[int, list[Any]] = {}
    # Public Account money by (head, purpose) (BR-12(4))
    held = _opening_purposes(ledger)
    latest = start
    for index, m in enumerate(ledger.movements):
        kind = type(m)
        on = m.on
        if on > latest:
            latest = on
        if kind is Expenditure:
            assert isinstance(m, Expenditure)  # narrowing for mypy; the fast path is `kind is`
            h = heads_get(m.head.key) or state(m.head)
            h.spent += m.amount
            h.unit.spent += m.amount
            district_fund -= m.amount
            if h.spent <= h.total:
                h.over_since = None
            elif h.over_since is None:
                h.over_since = on
            in_year = start <= on <= end
            if not in_year:
                yield finding(
                    rules.ANNUALITY,
                    index,
                    m.head,
                    f"expenditure of {on} booked against the grants of {year}",
                    expected=f"{start} to {end}",
                    actual=on,
                )
            if m.amount <= 0:
                continue
            if not m.sanction:
                yield finding(
                    rules.SANCTIONED,
                    index,
                    m.head,
                    "expenditure without a general or special order of the Nazim sanctioning it",
                    expected="the Nazim's sanction order",
                    actual="none recorded",
                )
            if not h.provided:
                yield finding(
                    rules.NO_PROVISION,
                    index,
                    m.head,
                    "expenditure on a head with no provision in the authorized grants",
                    expected="an appropriation, re-appropriation or supplementary grant",
                    actual=f"{_amount(m.amount)} spent",
                )
            elif h.spent > h.total:
                yield finding(
                    rules.WITHIN_APPROPRIATION,
                    index,
                    m.head,
                    "progressive expenditure exceeds the final grant",
                    expected=f"<= {_amount(h.total)}",
                    actual=_amount(h.spent),
                )
            elif not h.flagged and in_year:
                elapsed = (on.month - 7) % 12 + 1  # months of the year so far
                # spending at the run rate (spent / elapsed * 12) beyond the margin of the grant
                if h.spent * 12 > h.total * margin * elapsed:
                    h.flagged = True
                    projected = h.spent * 12 / elapsed
                    yield finding(
                        rules.LIKELY_EXCESS,
                        index,
                        m.head,
                        f"at the rate of the first {elapsed} month(s) the grant will be "
                        "exceeded; control it, re-appropriate or seek a supplementary grant",
                        expected=f"<= {_amount(h.total)} for the year",
                        actual=f"{_amount(projected.quantize(Decimal(1)))} projected",
                    )
        elif kind is Appropriation:
            assert isinstance(m, Appropriation)
            h = state(m.head)
            h.grant(m.amount)
            h.provided = True
            if m.head.public_account:
                yield finding(
                    rules.PUBLIC_ACCOUNT_NOT_APPROPRIATED,
                    index,
                    m.head,
                    "Public Account money appropriated",
                    actual=_amount(m.amount),
                )
            if on > end:
                yield finding(
                    rules.SAE_LAPSES,
                    index,
                    m.head,
                    f"appropriation of {on}, after the Schedule of {year} lapsed",
                    expected=f"on or before {end}",
                    actual=on,
                )
        elif kind is ReAppropriation:
            assert isinstance(m, ReAppropriation)
            yield from _check_reappropriation(run, m, index, start, end)
        elif kind is SupplementaryGrant:
            assert isinstance(m, SupplementaryGrant)
            h = state(m.head)
            # the savings of the grant's other heads, before this grant is added
            savings = (h.unit.total - h.unit.spent) - (h.total - h.spent)
            excess_since = h.over_since if h.spent > h.total else None
            h.grant(m.amount)
            h.provided = True
            if m.head.public_account:
                yield finding(
                    rules.PUBLIC_ACCOUNT_NOT_APPROPRIATED,
                    index,
                    m.head,
                    "supplementary grant of Public Account money",
                    actual=_amount(m.amount),
                )
            if not m.council_approval:
                yield finding(
                    rules.SUPPLEMENTARY_APPROVED,
                    index,
                    m.head,
                    "supplementary grant without the District Council's approval",
                    expected="a Council resolution",
                    actual="none recorded",
                )
            yield from _check_approved_before(run, m, index, excess_since)
            if savings >= m.amount:  # BR-86(1): re-appropriation could meet it
                yield finding(
                    rules.SUPPLEMENTARY_LAST_RESORT,
                    index,
                    m.head,
                    "supplementary grant while savings in the same grant could meet it by "
                    "re-appropriation",
                    expected=f"> {_amount(savings)} (the unit's savings)",
                    actual=_amount(m.amount),
                )
            if not m.note:
                yield finding(
                    rules.SUPPLEMENTARY_NOTE,
                    index,
                    m.head,
                    "supplementary grant without an explanatory note",
                )
            cover = m.budgetary_cover if m.budgetary_cover is not None else ZERO
            if m.amount > cover and m.amount > district_fund:
                yield finding(
                    rules.SUPPLEMENTARY_COVER,
                    index,
                    m.head,
                    "supplementary grant beyond its budgetary cover and the Account IV balance",
                    expected=f"<= {_amount(max(cover, district_fund))}",
                    actual=_amount(m.amount),
                )
            if not start <= on <= end:
                yield finding(
                    rules.ANNUALITY,
                    index,
                    m.head,
                    f"supplementary grant of {on} for the year {year}",
                    expected=f"{start} to {end}",
                    actual=on,
                )
        elif kind is Surrender:
            assert isinstance(m, Surrender)
            h = state(m.head)
            before = h.total
            h.grant(-m.amount)
            if h.total < h.spent:
                yield finding(
                    rules.SURRENDER_OF_SAVINGS,
                    index,
                    m.head,
                    "surrender of more than the savings: the final grant falls below what "
                    "was spent",
                    expected=f"<= {_amount(max(before - h.spent, ZERO))}",
                    actual=_amount(m.amount),
                )
        elif kind is Release:
            assert isinstance(m, Release)
            received = m.funds_received_on
            if received is not None:
                _release(unreleased, received, m.amount)
            if received is not None and (on - received).days > release_days:
                yield finding(
                    rules.RELEASE_IN_THREE_DAYS,
                    index,
                    m.head,
                    f"funds received on {received} released on {on}",
                    expected=f"by {received + timedelta(days=release_days)}",
                    actual=on,
                )
        elif kind is Receipt:
            assert isinstance(m, Receipt)
            if m.account is CashAccount.DISTRICT_FUND:
                district_fund += m.amount
                if m.from_government:
                    unreleased[index] = [on, m.amount]
            else:
                public_account += m.amount
                key = (m.public_head, m.purpose)
                held[key] = held.get(key, ZERO) + m.amount
            yield from _check_repayment(run, m, index)
            yield from _check_receipt(run, m, index, deposit_days)
        elif kind is Withdrawal:
            assert isinstance(m, Withdrawal)
            if not m.purpose:
                yield finding(
                    rules.PUBLIC_ACCOUNT_WITHDRAWAL,
                    index,
                    "Public Account",
                    "withdrawal without the purpose for which the funds were deposited",
                )
            if m.amount > public_account:
                yield finding(
                    rules.PUBLIC_ACCOUNT_WITHDRAWAL,
                    index,
                    "Public Account",
                    "withdrawal of more than the Public Account holds",
                    expected=f"<= {_amount(public_account)}",
                    actual=_amount(m.amount),
                )
            elif m.purpose:
                yield from _check_purpose(run, m, index, held)
            public_account -= m.amount
            key = (m.public_head, m.purpose)
            held[key] = held.get(key, ZERO) - m.amount
    yield from _check_powers(run, ledger, parameters)
    for index, (received, remaining) in sorted(unreleased.items()):
        deadline = received + timedelta(days=release_days)
        if latest > deadline:
            yield finding(
                rules.RECEIPT_RELEASED,
                index,
                "Account IV",
                f"Government funds received on {received} not released in full: releases "
                "naming that day do not cover this receipt",
                expected=f"a release of {_amount(remaining)} more by {deadline}",
                actual=f"none by {latest}",
            )


def _release(unreleased: dict[int, list[Any]], received: date, amount: Decimal) -> None:
    """Set a release of ``amount`` naming funds received on ``received`` against the receipts
    of that day still unreleased, oldest first (BR-68(6)): one release clears only what it
    releases, not every receipt of the day."""
    for index in sorted(unreleased):
        pending = unreleased[index]
        if pending[0] != received or amount <= 0:
            continue
        taken = min(amount, pending[1])
        pending[1] -= taken
        amount -= taken
        if pending[1] <= 0:
            del unreleased[index]


def _opening_purposes(ledger: Ledger) -> dict[tuple[str, str], Decimal]:
    held: dict[tuple[str, str], Decimal] = {}
    for b in ledger.opening_public_balances:
        key = (b.public_head, b.purpose)
        held[key] = held.get(key, ZERO) + b.amount
    return held


def _check_purpose(
    run: _Pass, m: Withdrawal, index: int, held: dict[tuple[str, str], Decimal]
) -> Iterator[Finding]:
    """BR-12(4): a withdrawal may take only what was deposited in its head for its purpose."""
    available = held.get((m.public_head, m.purpose), ZERO)
    if m.amount > available:
        head = m.public_head or "(no head named)"
        yield run.finding(
            rules.PUBLIC_ACCOUNT_WITHDRAWAL,
            index,
            f"Public Account {head}",
            f"withdrawal for {m.purpose!r} of more than was deposited in the head for that purpose",
            expected=f"<= {_amount(max(available, ZERO))}",
            actual=_amount(m.amount),
        )


def _check_repayment(run: _Pass, m: Receipt, index: int) -> Iterator[Finding]:
    """BR-12(5): a repayment of Public Account expenditure goes back to the head it left."""
    if not m.repays:
        return
    if m.account is not CashAccount.PUBLIC_ACCOUNT or m.public_head != m.repays:
        where = "Account IV" if m.account is CashAccount.DISTRICT_FUND else m.public_head
        yield run.finding(
            rules.PUBLIC_ACCOUNT_REPAYMENT,
            index,
            f"repayment to {m.repays}",
            "repayment of Public Account expenditure credited to another head",
            expected=f"Public Account {m.repays}",
            actual=where or "no head named",
        )


def _check_approved_before(
    run: _Pass, m: SupplementaryGrant, index: int, excess_since: date | None
) -> Iterator[Finding]:
    """BR-79(2): the Council approves a supplementary grant before the additional expenditure
    is incurred, so its resolution is dated, not after the grant is booked, and not after the
    head's spending went beyond its grant."""
    if not m.council_approval:
        return
    approved = m.approved_on
    if approved is None:
        yield run.finding(
            rules.SUPPLEMENTARY_APPROVED,
            index,
            m.head,
            "the Council's approval of the supplementary grant is not dated, so it cannot be "
            "shown to precede the additional expenditure",
            expected="the date of the Council's resolution",
            actual="none recorded",
        )
        return
    if approved > m.on:
        yield run.finding(
            rules.SUPPLEMENTARY_APPROVED,
            index,
            m.head,
            f"supplementary grant booked on {m.on}, before the Council approved it",
            expected=f"on or after {approved}",
            actual=m.on,
        )
    if excess_since is not None and excess_since < approved:
        yield run.finding(
            rules.SUPPLEMENTARY_APPROVED,
            index,
            m.head,
            f"additional expenditure incurred from {excess_since}, before the Council approved "
            f"the supplementary grant on {approved}",
            expected=f"approval on or before {excess_since}",
            actual=approved,
        )


def _days(parameters: ParameterSet, name: str, day: date) -> int:
    value = rules.ledger_parameter(parameters, name, day)
    return int(value) if value is not None else 0


def _check_reappropriation(
    run: _Pass, m: ReAppropriation, index: int, start: date, end: date
) -> Iterator[Finding]:
    make, get = run.finding, run.state
    source, target = m.source, m.target
    subject = _Transfer(source, target)  # formatted only when there is a finding
    src, dst = get(source), get(target)
    savings = src.total - src.spent
    if source.grant != target.grant:
        yield make(
            rules.REAPPROPRIATION_SAME_UNIT,
            index,
            subject,
            "re-appropriation between two grants (units)",
            expected=str(source.grant),
            actual=str(target.grant),
        )
    if source == target:
        yield make(
            rules.REAPPROPRIATION_OBJECT_TO_OBJECT,
            index,
            subject,
            "re-appropriation from a head to itself",
        )
    if source.public_account or target.public_account:
        yield make(
            rules.PUBLIC_ACCOUNT_NOT_APPROPRIATED,
            index,
            subject,
            "re-appropriation of Public Account money",
        )
    if source.ddo != target.ddo and m.authority is not Authority.HEAD_OF_OFFICES:
        yield make(
            rules.REAPPROPRIATION_ACROSS_DDOS,
            index,
            subject,
            "re-appropriation between two DDOs not processed by the Head of Offices",
            expected=Authority.HEAD_OF_OFFICES.value,
            actual=m.authority.value,
        )
    missing = sorted(office.value for office in _ALL_COPIES.difference(m.copies_to))
    if not m.order or missing:
        what = [] if m.order else ["no sanction order referenced"]
        if missing:
            what.append("order not copied to " + ", ".join(missing))
        yield make(rules.REAPPROPRIATION_ORDER, index, subject, "; ".join(what))
    if m.amount > savings:
        yield make(
            rules.REAPPROPRIATION_FROM_SAVINGS,
            index,
            subject,
            "re-appropriation of more than the savings of the source head",
            expected=f"<= {_amount(max(savings, ZERO))}",
            actual=_amount(m.amount),
        )
    if not start <= m.on <= end:
        yield make(
            rules.ANNUALITY,
            index,
            subject,
            f"re-appropriation of {m.on} for the year {start.year}-{end.year % 100:02d}",
            expected=f"{start} to {end}",
            actual=m.on,
        )
    src.grant(-m.amount)
    dst.grant(m.amount)
    dst.provided = True


def _check_receipt(run: _Pass, m: Receipt, index: int, deposit_days: int) -> Iterator[Finding]:
    make = run.finding
    realized = m.realized_on
    if realized is None:
        return
    account = "Account IV" if m.account is CashAccount.DISTRICT_FUND else "Public Account"
    subject = f"{account} receipt {m.source or ''}".rstrip()
    if (m.on - realized).days > deposit_days:
        yield make(
            rules.PROMPT_DEPOSIT,
            index,
            subject,
            f"money received on {realized} credited on {m.on}",
            expected=f"by {realized + timedelta(days=deposit_days)}",
            actual=m.on,
        )
    if (
        Month.of(realized) != Month.of(m.on)
        and not _last_working_day(realized)
        and not (m.explanation)
    ):
        yield make(
            rules.LATE_CREDIT_EXPLAINED,
            index,
            subject,
            f"realized in {Month.of(realized)} but credited in {Month.of(m.on)} with no "
            "statement of the facts and circumstances",
        )


def _last_working_day(day: date) -> bool:
    """True when ``day`` is the last Monday-Friday of its month (public holidays are not
    known here, so a month ending in a holiday is judged by weekdays alone)."""
    last = Month.of(day).end
    while last.weekday() >= 5:
        last -= timedelta(days=1)
    return day == last


def check_continuity(previous: Ledger, following: Ledger) -> Iterator[Finding]:
    """Check two consecutive years: the Public Account balance carries forward in full
    (BR-12(6)). The District Fund's grants lapse (BR-10(2)(a)); its cash carries forward too.
    """
    if following.year != previous.year.next():
        raise ValidationError(
            f"the ledgers of {previous.year} and {following.year} are not of consecutive years"
        )
    closing = previous.position().cash.public_account.closing
    if following.opening_public_account != closing:
        yield Finding.of(
            rules.PUBLIC_ACCOUNT_NON_LAPSABLE,
            f"{following.district} {following.year} Public Account",
            f"opening balance differs from the closing balance of {previous.year}",
            expected=_amount(closing),
            actual=_amount(following.opening_public_account),
            location=source_of(following),
            related=[where for where in (source_of(previous),) if where is not None],
        )


_POWER_OF: Final = {
    Authority.DDO: "reappropriation_power_ddo",
    Authority.HEAD_OF_OFFICES: "reappropriation_power_head_of_offices",
    Authority.DO_FINANCE_PLANNING: "reappropriation_power_do_finance_planning",
    Authority.PRINCIPAL_ACCOUNTING_OFFICER: "reappropriation_power_principal_accounting_officer",
    Authority.NAZIM: "reappropriation_power_nazim",
}


def _check_powers(run: _Pass, ledger: Ledger, parameters: ParameterSet) -> Iterator[Finding]:
    """BR-85(2): each re-appropriation within the power delegated to its authority, where the
    user has set that power (a dated parameter; unset powers are not checked)."""
    for index, m in enumerate(ledger.movements):
        if not isinstance(m, ReAppropriation):
            continue
        name = _POWER_OF[m.authority]
        power = parameters.value(name, m.on) if name in parameters else None
        if isinstance(power, Decimal | int) and m.amount > power:
            yield run.finding(
                rules.REAPPROPRIATION_POWERS,
                index,
                _Transfer(m.source, m.target),
                f"re-appropriation beyond the powers delegated to the {m.authority.value}",
                expected=f"<= {_amount(Decimal(power))}",
                actual=_amount(m.amount),
            )


def check_finance_consultation(
    ledger: Ledger, earmarked: Iterable[FundCode | str], *, file: str | None = None
) -> Iterator[Finding]:
    """Rules of Business 16(1)(c): a re-appropriation within a grant earmarked for education,
    health or clean drinking water and sanitation (``earmarked``, grant codes such as
    ``DF-R-1-012``) needs the district finance office's previous consultation."""
    grants = {str(g) for g in earmarked}
    run = _Pass(ledger, file)
    for index, m in enumerate(ledger.movements):
        if (
            isinstance(m, ReAppropriation)
            and not m.finance_consulted
            and (str(m.source.grant) in grants or str(m.target.grant) in grants)
        ):
            yield run.finding(
                rules.FINANCE_CONSULTED,
                index,
                _Transfer(m.source, m.target),
                "re-appropriation within an earmarked education, health or water and "
                "sanitation grant without consulting the district finance office",
                expected="previous consultation",
                actual="none recorded",
            )


def check_bills_bar(
    ledger: Ledger,
    reconciled: Mapping[tuple[str, Month], date],
    *,
    file: str | None = None,
) -> Iterator[Finding]:
    """BR-80(4): after the 20th of a month, no bill is passed for a DDO whose reconciled
    statement of the previous month has not reached the District Officer Finance and Planning.

    ``reconciled`` maps (DDO cost centre, month of the accounts) to the day the reconciled
    statement reached the DO F&P; expenditure booked for the DDO on a day after the 20th of
    the following month and before that day is a bill passed in breach of the bar.
    """
    run = _Pass(ledger, file)
    for index, m in enumerate(ledger.movements):
        if not isinstance(m, Expenditure) or m.amount <= 0 or m.on.day <= 20:
            continue
        accounts = Month.of(m.on).previous()
        ddo = str(m.head.ddo)
        provided = reconciled.get((ddo, accounts))
        if provided is None or provided > m.on:
            yield run.finding(
                procedure.BILLS_BAR,
                index,
                m.head,
                f"bill passed on {m.on} for a DDO whose reconciled statement for {accounts} "
                "had not been provided",
                expected=f"the statement by {Month.of(m.on).day(20)}",
                actual=provided or "none",
            )
