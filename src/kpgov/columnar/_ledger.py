"""A ledger's movements as an Arrow table, and the ledger position from hash group-bys.

:func:`ledger_table` turns a domain :class:`~kpgov.budget.Ledger` (for instance one read by
:func:`kpgov.io.ledger.load_ledger`) into a :class:`LedgerTable`: one row per movement with its
kind, date, head and re-appropriation target (dictionary-encoded head keys), the amount as an
exact ``decimal128`` and the places it was written with, the cash account, the movement's
source location (file, row, field), and every other field of every kind of movement
(:data:`MOVEMENT_COLUMNS`), with the ledger's opening balances, so that
:meth:`LedgerTable.movement` and :meth:`LedgerTable.to_ledger` give the domain values back.
:meth:`LedgerTable.position` gives the same :class:`~kpgov.budget.Position` as
:meth:`Ledger.position` (the columns of Forms BM-2 and BM-6 per head, and the cash balances of
Account IV and the Public Account): a filter on the date and two ``group_by`` sums, exact to
the paisa and to the places the pure ``Decimal`` sums carry.

The ledger checks run on the same table: see :mod:`kpgov.columnar._ledger_checks`
(:func:`~kpgov.columnar.check_ledger_table`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs

from kpgov.budget import (
    Appropriation,
    AppropriationHead,
    Authority,
    CashAccount,
    CashBalance,
    CashPosition,
    Expenditure,
    HeadPosition,
    Ledger,
    Movement,
    Office,
    Position,
    PublicAccountBalance,
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

__all__ = [
    "COPIES_SEPARATOR",
    "MOVEMENT_COLUMNS",
    "MOVEMENT_KINDS",
    "LedgerTable",
    "ledger_position",
    "ledger_table",
]

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
_KIND_OF: Final[Mapping[str, Any]] = {name: kind for kind, name in MOVEMENT_KINDS.items()}
_KIND_CODE: Final = {kind: code for code, kind in enumerate(MOVEMENT_KINDS)}

#: The columns of :attr:`LedgerTable.table`, in order. The first ten are every movement's:
#: ``kind``, ``on``, ``head`` (a re-appropriation's source head) and ``target`` (its target
#: head) as head keys, the exact ``amount`` and the ``places`` it was written with, the cash
#: ``account`` of a receipt or a withdrawal, and where the movement was read (``file``,
#: ``row``, ``field``). The others are the fields of some kinds of movement, null in the rows
#: of the other kinds, named as the movements name them (``source`` is a receipt's payer);
#: ``copies_to`` joins a re-appropriation's offices with :data:`COPIES_SEPARATOR`, and
#: ``cover_places`` gives the places of a supplementary grant's ``budgetary_cover``.
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
    "reference",
    "sanction",
    "authority",
    "order",
    "copies_to",
    "finance_consulted",
    "council_approval",
    "budgetary_cover",
    "cover_places",
    "note",
    "approved_on",
    "funds_received_on",
    "source",
    "from_government",
    "realized_on",
    "explanation",
    "public_head",
    "purpose",
    "repays",
)

#: What joins the offices of a re-appropriation's ``copies_to`` in its column.
COPIES_SEPARATOR: Final = ";"

# The kind of value each column holds ("text" and "key" columns are dictionary-encoded).
_COLUMN_TYPES: Final[Mapping[str, str]] = {
    "on": "date",
    "head": "key",
    "target": "key",
    "amount": "decimal",
    "places": "places",
    "account": "text",
    "file": "text",
    "row": "row",
    "field": "string",
    "reference": "text",
    "sanction": "text",
    "authority": "text",
    "order": "text",
    "copies_to": "text",
    "finance_consulted": "bool",
    "council_approval": "text",
    "budgetary_cover": "decimal",
    "cover_places": "places",
    "note": "text",
    "approved_on": "date",
    "funds_received_on": "date",
    "source": "text",
    "from_government": "bool",
    "realized_on": "date",
    "explanation": "text",
    "public_head": "text",
    "purpose": "text",
    "repays": "text",
}
_ARROW: Final[Mapping[str, Any]] = {
    "date": pa.date32(),
    "key": pa.string(),
    "places": pa.int8(),
    "text": pa.string(),
    "row": pa.int32(),
    "string": pa.string(),
    "bool": pa.bool_(),
}

# The fields of the kinds with a ``head`` that have their own column (besides on/head/amount).
_OWN_FIELDS: Final[Mapping[type, tuple[str, ...]]] = {
    Appropriation: ("reference",),
    SupplementaryGrant: ("council_approval", "budgetary_cover", "note", "approved_on"),
    Surrender: ("reference",),
    Release: ("funds_received_on", "reference"),
    Expenditure: ("reference", "sanction"),
}

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


def _balances(value: Iterable[PublicAccountBalance]) -> tuple[PublicAccountBalance, ...]:
    return tuple(value)


def _pylist(column: Any) -> list[Any]:
    """A column's values, a dictionary-encoded one through its indices."""
    if pa.types.is_dictionary(column.type):
        return _values(column)
    return column.to_pylist()  # type: ignore[no-any-return]  # pyarrow is Any


def _decimal(value: Decimal, places: int | None) -> Decimal:
    """``value`` (read at the column's scale) with the places it was written with."""
    return value.quantize(Decimal(1).scaleb(-(places or 0)))


def _movement(cell: Mapping[str, Any], heads: Mapping[str, AppropriationHead]) -> Movement:
    """The movement of one row's cells."""
    kind = cell["kind"]
    file, row, field = cell["file"], cell["row"], cell["field"]
    where = None if file is None and row is None and field is None else Location(file, row, field)
    on, amount = cell["on"], _decimal(cell["amount"], cell["places"])
    if kind == "re-appropriation":
        copies = cell["copies_to"] or ""
        return ReAppropriation(
            on,
            heads[cell["head"]],
            target=heads[cell["target"]],
            amount=amount,
            authority=Authority(cell["authority"]),
            order=cell["order"],
            copies_to=[Office(o) for o in copies.split(COPIES_SEPARATOR) if o],
            finance_consulted=bool(cell["finance_consulted"]),
            origin=where,
        )
    if kind == "receipt":
        return Receipt(
            on,
            amount,
            CashAccount(cell["account"]),
            cell["source"],
            from_government=bool(cell["from_government"]),
            realized_on=cell["realized_on"],
            explanation=cell["explanation"],
            public_head=cell["public_head"],
            purpose=cell["purpose"],
            repays=cell["repays"],
            origin=where,
        )
    if kind == "withdrawal":
        return Withdrawal(
            on, amount, purpose=cell["purpose"], public_head=cell["public_head"], source=where
        )
    cls = _KIND_OF[kind]
    fields = {name: cell[name] for name in _OWN_FIELDS[cls]}
    if cls is SupplementaryGrant and fields["budgetary_cover"] is not None:
        fields["budgetary_cover"] = _decimal(fields["budgetary_cover"], cell["cover_places"])
    movement: Movement = cls(on, heads[cell["head"]], amount, **fields, source=where)
    return movement


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
    #: The opening Public Account balance by head and purpose (BR-12(4)).
    opening_public_balances: tuple[PublicAccountBalance, ...] = attrs.field(
        default=(), converter=_balances, kw_only=True
    )
    #: Where the ledger was read (its ``source``), or None.
    source: Location | None = attrs.field(default=None, kw_only=True)

    def __len__(self) -> int:
        return int(self.table.num_rows)

    def movement(self, row: int) -> Movement:
        """The domain movement of row ``row`` (0-based), with its location."""
        if not 0 <= row < len(self):
            raise IndexError(f"the ledger table has no row {row}")
        return self.movements([row])[0]

    def movements(self, rows: Sequence[int] | None = None) -> list[Movement]:
        """The domain movements of ``rows`` (default: every row, in order), with their
        locations: what a loader would have built."""
        table = self.table if rows is None else self.table.take(pa.array(rows, pa.int64()))
        columns = {name: _pylist(table.column(name)) for name in MOVEMENT_COLUMNS}
        heads = self.heads
        built: list[Movement] = []
        for values in zip(*columns.values(), strict=True):
            cell = dict(zip(MOVEMENT_COLUMNS, values, strict=True))
            built.append(_movement(cell, heads))
        return built

    def to_ledger(self) -> Ledger:
        """The domain :class:`~kpgov.budget.Ledger` of this table (equal to the ledger it was
        built from, locations kept)."""
        return Ledger(
            self.district,
            self.year,
            self.opening_district_fund,
            self.opening_public_account,
            self.movements(),
            opening_public_balances=self.opening_public_balances,
            source=self.source,
        )

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
    """``ledger``'s movements as a :class:`LedgerTable` (amounts exact, locations kept, every
    field of every movement in its column; :meth:`LedgerTable.to_ledger` gives it back)."""
    movements: tuple[Any, ...] = ledger.movements  # dispatched on type(m) below
    kind_code = _KIND_CODE
    kinds = [kind_code[type(m)] for m in movements]
    rows_of: list[list[int]] = [[] for _ in _KIND_NAMES]
    for index, code in enumerate(kinds):
        rows_of[code].append(index)
    heads: dict[str, AppropriationHead] = {}
    parts: list[dict[str, Any]] = []
    order: list[int] = []
    for kind, rows in zip(MOVEMENT_KINDS, rows_of, strict=True):
        if rows:
            part = [movements[i] for i in rows]
            parts.append(_columns_of(kind, part, heads))
            order.extend(rows)
    scale = max(
        (max(filter(None, p["places"] + p["cover_places"]), default=0) for p in parts),
        default=0,
    )
    back = pc.sort_indices(pa.array(order, pa.int64())) if order else pa.array([], pa.int64())
    columns = []
    for name in MOVEMENT_COLUMNS:
        if name == "kind":
            columns.append(
                pa.DictionaryArray.from_arrays(pa.array(kinds, pa.int8()), pa.array(_KIND_NAMES))
            )
            continue
        of = _COLUMN_TYPES[name]
        arrow_type = pa.decimal128(38, scale) if of == "decimal" else _ARROW[of]
        arrays = [pa.array(p[name], arrow_type) for p in parts]
        column = pa.concat_arrays(arrays).take(back) if arrays else pa.array([], arrow_type)
        if of in ("text", "key"):
            column = column.dictionary_encode()
        columns.append(column)
    table = pa.table(columns, names=list(MOVEMENT_COLUMNS))
    return LedgerTable(
        ledger.district,
        ledger.year,
        ledger.opening_district_fund,
        ledger.opening_public_account,
        table,
        heads,
        opening_public_balances=ledger.opening_public_balances,
        source=ledger.source,
    )


def _columns_of(
    kind: type, part: list[Any], heads: dict[str, AppropriationHead]
) -> dict[str, list[Any]]:
    """The columns of ``part``, movements all of one ``kind`` (None where it has no field)."""
    n = len(part)
    none: list[Any] = [None] * n
    columns: dict[str, list[Any]] = dict.fromkeys(MOVEMENT_COLUMNS[1:], none)
    columns["on"] = [m.on for m in part]
    amounts = [m.amount for m in part]
    columns["amount"] = amounts
    columns["places"] = list(map(_places, amounts))
    columns["cover_places"] = none
    if kind is ReAppropriation:
        sources = [m.source for m in part]
        targets = [m.target for m in part]
        heads.update(zip((h.key for h in sources), sources, strict=True))
        heads.update(zip((h.key for h in targets), targets, strict=True))
        columns["head"] = [h.key for h in sources]
        columns["target"] = [h.key for h in targets]
        columns["authority"] = [m.authority.value for m in part]
        columns["order"] = [m.order for m in part]
        columns["copies_to"] = [COPIES_SEPARATOR.join(o.value for o in m.copies_to) for m in part]
        columns["finance_consulted"] = [m.finance_consulted for m in part]
        where = [m.origin for m in part]
    elif kind is Receipt:
        columns["account"] = [m.account.value for m in part]
        for name in ("source", "from_government", "realized_on", "explanation"):
            columns[name] = [getattr(m, name) for m in part]
        for name in ("public_head", "purpose", "repays"):
            columns[name] = [getattr(m, name) for m in part]
        where = [m.origin for m in part]
    elif kind is Withdrawal:
        columns["account"] = [CashAccount.PUBLIC_ACCOUNT.value] * n
        columns["public_head"] = [m.public_head for m in part]
        columns["purpose"] = [m.purpose for m in part]
        where = [m.source for m in part]
    else:
        own = [m.head for m in part]
        heads.update(zip((h.key for h in own), own, strict=True))
        columns["head"] = [h.key for h in own]
        for name in _OWN_FIELDS[kind]:
            columns[name] = [getattr(m, name) for m in part]
        if kind is SupplementaryGrant:
            covers = columns["budgetary_cover"]
            columns["cover_places"] = [None if c is None else _places(c) for c in covers]
        where = [m.source for m in part]
    columns["file"] = [None if w is None else w.file for w in where]
    columns["row"] = [None if w is None else w.row for w in where]
    columns["field"] = [None if w is None else w.field for w in where]
    return columns


def ledger_position(ledger: Ledger | LedgerTable, as_of: date | None = None) -> Position:
    """The ledger position on ``as_of`` computed on columns (equal to ``ledger.position()``)."""
    table = ledger if isinstance(ledger, LedgerTable) else ledger_table(ledger)
    return table.position(as_of)
