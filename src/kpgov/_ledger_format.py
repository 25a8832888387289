"""The ledger file format (``kpgov.ledger/1``) and the flat movement row, as data.

Both :mod:`kpgov.io` (``load_ledger``, ``movements_from_frame``, ``read_movements``) and
:mod:`kpgov.columnar` (``read_ledger``, ``read_movements``) read these formats; the format
itself lives here, below both, so that the two readers cannot drift apart: the format tag,
the ``kind`` of each movement, the header, the flat columns, how a flat row becomes a movement's
JSON object, and how a JSON path inside a movement maps back to a flat column.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

import attrs

from kpgov.budget import (
    Appropriation,
    Expenditure,
    Movement,
    ReAppropriation,
    Receipt,
    Release,
    SupplementaryGrant,
    Surrender,
    Withdrawal,
)
from kpgov.errors import KpgovError, ParseError
from kpgov.money import ZERO
from kpgov.periods import FinancialYear

__all__ = [
    "FLAT_COLUMNS",
    "LEDGER_FORMAT",
    "MOVEMENT_KINDS",
    "LedgerHeader",
    "OpeningBalances",
    "flat_column",
    "flat_movement",
    "path_of",
]

#: The format tag of a ledger file.
LEDGER_FORMAT: Final = "kpgov.ledger/1"

#: The ``kind`` of each movement in a ledger file, and the class it is read as.
MOVEMENT_KINDS: Final[dict[str, type[Movement]]] = {
    "appropriation": Appropriation,
    "re-appropriation": ReAppropriation,
    "supplementary-grant": SupplementaryGrant,
    "surrender": Surrender,
    "release": Release,
    "expenditure": Expenditure,
    "receipt": Receipt,
    "withdrawal": Withdrawal,
}


@attrs.frozen
class OpeningBalances:
    """The cash balances a ledger file opens the year with."""

    district_fund: Decimal = ZERO
    public_account: Decimal = ZERO


@attrs.frozen
class LedgerHeader:
    """A ledger file's top level (its movements are read one by one)."""

    format: str
    district: str
    year: FinancialYear
    opening_balances: OpeningBalances = OpeningBalances()
    movements: list[Any] = attrs.Factory(list)


def path_of(path: str, exc: ParseError) -> str:
    """Join a movement's ``path`` and the path inside ``exc`` (``$.amount`` ->
    ``path.amount``), looking inside a cattrs exception group for the field it names."""
    inner = exc.field or "$"
    if inner == "$":
        field = _inner_field(exc.__cause__)
        if field:
            inner = "$." + field.removeprefix("$.")
    return path + inner.removeprefix("$")


def _inner_field(exc: BaseException | None) -> str | None:
    """The field a validator named in the error (possibly inside a cattrs exception group)."""
    if isinstance(exc, KpgovError):
        return exc.field or _inner_field(exc.__cause__)
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            found = _inner_field(inner)
            if found:
                return found
    return None


#: The columns of a ledger movement as one flat row (``grant``/``ddo``/``object`` are the head,
#: or the source head of a re-appropriation; ``to_*`` its target head).
FLAT_COLUMNS: Final = (
    "kind",
    "on",
    "grant",
    "ddo",
    "object",
    "to_grant",
    "to_ddo",
    "to_object",
    "amount",
    "reference",
    "authority",
    "order",
    "copies_to",
    "council_approval",
    "budgetary_cover",
    "note",
    "funds_received_on",
    "account",
    "source",
    "from_government",
    "realized_on",
    "explanation",
    "purpose",
)


def _flat_head(cells: Mapping[str, str], prefix: str) -> dict[str, str] | None:
    parts = {key: cells.get(prefix + key, "") for key in ("grant", "ddo", "object")}
    return parts if any(parts.values()) else None


def flat_movement(cells: Mapping[str, str]) -> dict[str, Any]:
    """A flat row's cells (text) as the JSON object of a movement in a ledger file."""
    kind = cells.get("kind", "")
    data: dict[str, Any] = {"kind": kind}
    head, target = _flat_head(cells, ""), _flat_head(cells, "to_")
    if kind == "re-appropriation":
        data["source"], data["target"] = head, target
    elif head is not None:
        data["head"] = head
    for column in FLAT_COLUMNS[8:]:
        text = cells.get(column, "")
        if not text:
            continue
        if column == "copies_to":
            data[column] = [part.strip() for part in text.split(";") if part.strip()]
        elif column == "from_government":
            data[column] = text.lower() in ("true", "yes", "1")
        else:
            data[column] = text
    if "on" in cells:
        data["on"] = cells["on"]
    return data


def flat_column(field: str | None) -> str | None:
    """The flat column of a JSON path of a movement (``$.target.grant`` -> ``to_grant``)."""
    if not field:
        return None
    parts = field.removeprefix("$").strip(".").split(".")
    if parts[0] in ("head", "source") and len(parts) > 1 and parts[1] in ("grant", "ddo", "object"):
        return parts[1]
    if parts[0] == "target" and len(parts) > 1:
        return "to_" + parts[1]
    return parts[0] or None
