"""A ledger's movements as an Arrow table, and the ledger position from hash group-bys.

:func:`ledger_table` turns a domain :class:`~kpgov.budget.Ledger` (for instance one read by
:func:`kpgov.io.ledger.load_ledger`) into a :class:`LedgerTable`: one row per movement with its
kind, date, head and re-appropriation target (dictionary-encoded head keys), the amount as an
exact ``decimal128`` and the places it was written with, the receipt's cash account, and the
movement's source location (file, row, field). :meth:`LedgerTable.position` gives the same
:class:`~kpgov.budget.Position` as :meth:`Ledger.position` (the columns of Forms BM-2 and BM-6
per head, and the cash balances of Account IV and the Public Account): a filter on the date and
two ``group_by`` sums, exact to the paisa and to the places the pure ``Decimal`` sums carry.

The sequential ledger checks (:func:`kpgov.budget.check_ledger`: running balances, releases,
the savings of a unit at each supplementary grant) stay on the pure path; they need the order
of the movements and the state between them, which a group-by does not keep.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs

from kpgov.budget import (
    Appropriation,
    AppropriationHead,
    CashAccount,
    CashBalance,
    CashPosition,
    Expenditure,
    HeadPosition,
    Ledger,
    Position,
    ReAppropriation,
    Receipt,
    Release,
    SupplementaryGrant,
    Surrender,
    Withdrawal,
)
from kpgov.columnar._arrow import pa, pc
from kpgov.errors import Location
from kpgov.money import ZERO
from kpgov.periods import FinancialYear

__all__ = ["MOVEMENT_COLUMNS", "MOVEMENT_KINDS", "LedgerTable", "ledger_position", "ledger_table"]

#: The kind of each movement as the ``kind`` column names it (the ledger JSON's names).
MOVEMENT_KINDS: Final[Mapping[type, str]] = {
    Appropriation: "appropriation",
    ReAppropriation: "re-appropriation",
    SupplementaryGrant: "supplementary-grant",
    Surrender: "surrender",
    Release: "release",
    Expenditure: "expenditure",
    Receipt: "receipt",
    Withdrawal: "withdrawal",
}
_KIND_NAMES: Final = tuple(MOVEMENT_KINDS.values())
_KIND_CODE: Final = {kind: code for code, kind in enumerate(MOVEMENT_KINDS)}

#: The columns of :attr:`LedgerTable.table`, in order.
MOVEMENT_COLUMNS: Final = (
    "kind",
    "on",
    "head",
    "target",
    "amount",
    "places",
    "account",
    "file",
    "row",
    "field",
)

# A head's running totals in the order HeadPosition takes them (see budget.ledger._ledger).
_SLOT: Final = {
    "appropriation": 0,
    "re-appropriation": 2,  # out of the head the savings leave; into the target is slot 1
    "supplementary-grant": 3,
    "surrender": 4,
    "release": 5,
    "expenditure": 6,
}
_REAPP_IN: Final = 1
_SLOTS: Final = 7


def _places(amount: Decimal) -> int:
    """The decimal places of ``amount`` as written (never below zero, as ``ZERO + amount``)."""
    exponent = amount.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _values(column: Any) -> list[Any]:
    """A dictionary-encoded column's values (through its indices: faster than ``to_pylist``)."""
    array = column.combine_chunks()
    names = array.dictionary.to_pylist()
    return [None if i is None else names[i] for i in array.indices.to_pylist()]


def _exact(value: Decimal | None, places: int) -> Decimal:
    """A decimal128 sum with the places the pure ``Decimal`` sum carries."""
    if value is None:
        return ZERO
    return value.quantize(Decimal(1).scaleb(-places))


def _frozen(value: Mapping[str, AppropriationHead]) -> Mapping[str, AppropriationHead]:
    return MappingProxyType(dict(value))


@attrs.frozen(eq=False)
class LedgerTable:
    """A ledger's movements as an Arrow table (:data:`MOVEMENT_COLUMNS`), with the ledger's
    district, year and opening cash balances, and the heads the ``head``/``target`` keys name."""

    district: str
    year: FinancialYear
    opening_district_fund: Decimal
    opening_public_account: Decimal
    table: Any  # a pyarrow.Table (pyarrow is typed as Any, see kpgov.columnar._arrow)
    heads: Mapping[str, AppropriationHead] = attrs.field(converter=_frozen)

    def __len__(self) -> int:
        return int(self.table.num_rows)

    def location(self, row: int) -> Location | None:
        """Where movement ``row`` (0-based) was read, or None for a movement built in code."""
        file, line, field = (self.table.column(c)[row].as_py() for c in ("file", "row", "field"))
        if file is None and line is None and field is None:
            return None
        return Location(file, line, field)

    def position(self, as_of: date | None = None) -> Position:
        """The figures on ``as_of`` (default: the last day of the year), as
        :meth:`kpgov.budget.Ledger.position` gives them."""
        day = self.year.end if as_of is None else as_of
        table = self.table
        if table.num_rows:
            table = table.filter(pc.less_equal(table["on"], pa.scalar(day, pa.date32())))
        by_head = table.group_by(["head", "kind", "account"]).aggregate(
            [("amount", "sum"), ("places", "max")]
        )
        reapp = table.filter(pc.is_valid(table["target"])).group_by("target")
        into = reapp.aggregate([("amount", "sum"), ("places", "max")])
        totals: dict[str, list[Decimal]] = {}
        cash = {"df_in": ZERO, "df_out": ZERO, "pa_in": ZERO, "pa_out": ZERO}
        rows = zip(
            _values(by_head["head"]),
            _values(by_head["kind"]),
            by_head["account"].to_pylist(),
            by_head["amount_sum"].to_pylist(),
            by_head["places_max"].to_pylist(),
            strict=True,
        )
        for head, kind, account, amount, places in rows:
            value = _exact(amount, places)
            if head is None:
                if kind == "withdrawal":
                    cash["pa_out"] += value
                elif account == CashAccount.DISTRICT_FUND.value:
                    cash["df_in"] += value
                else:
                    cash["pa_in"] += value
                continue
            slots = totals.setdefault(head, [ZERO] * _SLOTS)
            slots[_SLOT[kind]] += value
            if kind == "expenditure":
                cash["df_out"] += value
        for target, amount, places in zip(
            _values(into["target"]),
            into["amount_sum"].to_pylist(),
            into["places_max"].to_pylist(),
            strict=True,
        ):
            totals.setdefault(target, [ZERO] * _SLOTS)[_REAPP_IN] += _exact(amount, places)
        heads = {self.heads[k]: HeadPosition(self.heads[k], *slots) for k, slots in totals.items()}
        return Position(
            day,
            heads,
            CashPosition(
                CashBalance(self.opening_district_fund, cash["df_in"], cash["df_out"]),
                CashBalance(self.opening_public_account, cash["pa_in"], cash["pa_out"]),
            ),
        )


def ledger_table(ledger: Ledger) -> LedgerTable:
    """``ledger``'s movements as a :class:`LedgerTable` (amounts exact, locations kept)."""
    kinds: list[int] = []
    days: list[date] = []
    head_codes: list[int | None] = []
    target_codes: list[int | None] = []
    amounts: list[Decimal] = []
    places: list[int] = []
    accounts: list[str | None] = []
    files: list[str | None] = []
    lines: list[int | None] = []
    fields: list[str | None] = []
    code_of: dict[str, int] = {}
    heads: dict[str, AppropriationHead] = {}

    def code(head: AppropriationHead) -> int:
        found = code_of.get(head.key)
        if found is None:
            found = code_of[head.key] = len(code_of)
            heads[head.key] = head
        return found

    kind_code = _KIND_CODE
    movements: tuple[Any, ...] = ledger.movements  # dispatched on type(m) below
    for m in movements:
        kind = type(m)
        kinds.append(kind_code[kind])
        days.append(m.on)
        amounts.append(m.amount)
        places.append(_places(m.amount))
        where: Location | None
        if kind is ReAppropriation:
            head_codes.append(code(m.source))
            target_codes.append(code(m.target))
            accounts.append(None)
            where = m.origin
        elif kind is Receipt:
            head_codes.append(None)
            target_codes.append(None)
            accounts.append(m.account.value)
            where = m.origin
        elif kind is Withdrawal:
            head_codes.append(None)
            target_codes.append(None)
            accounts.append(CashAccount.PUBLIC_ACCOUNT.value)
            where = m.source
        else:
            head_codes.append(code(m.head))
            target_codes.append(None)
            accounts.append(None)
            where = m.source
        if where is None:
            files.append(None)
            lines.append(None)
            fields.append(None)
        else:
            files.append(where.file)
            lines.append(where.row)
            fields.append(where.field)
    keys = pa.array(list(code_of), pa.string())
    scale = max(places, default=0)
    table = pa.table(
        [
            pa.DictionaryArray.from_arrays(pa.array(kinds, pa.int8()), pa.array(_KIND_NAMES)),
            pa.array(days, pa.date32()),
            pa.DictionaryArray.from_arrays(pa.array(head_codes, pa.int32()), keys),
            pa.DictionaryArray.from_arrays(pa.array(target_codes, pa.int32()), keys),
            pa.array(amounts, pa.decimal128(38, scale)),
            pa.array(places, pa.int8()),
            pa.array(accounts, pa.string()),
            pa.array(files, pa.string()),
            pa.array(lines, pa.int32()),
            pa.array(fields, pa.string()),
        ],
        names=list(MOVEMENT_COLUMNS),
    )
    return LedgerTable(
        ledger.district,
        ledger.year,
        ledger.opening_district_fund,
        ledger.opening_public_account,
        table,
        heads,
    )


def ledger_position(ledger: Ledger | LedgerTable, as_of: date | None = None) -> Position:
    """The ledger position on ``as_of`` computed on columns (equal to ``ledger.position()``)."""
    table = ledger if isinstance(ledger, LedgerTable) else ledger_table(ledger)
    return table.position(as_of)
