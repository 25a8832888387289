"""kpgov's records as Arrow tables and pandas DataFrames, and budget lines and ledger
movements back from them (the ``dataframe`` extra: pandas and pyarrow).

:func:`to_arrow` and :func:`to_pandas` take a record or a collection of records and give one
row per record: budget lines (or a whole statement), roll-ups, the Financial Abstract, ledger
positions and movements, Forms BM-2/6 and BM-13, revised estimates, reports and findings,
scoreboards and scorecards, deadlines, the indicator and Chart of Accounts catalogues and
project histories. Codes are text, enums their values (categorical: few distinct values),
dates dates, and a record that remembers where it came from gets ``file`` and ``row`` columns.

Amounts are exact by default: Arrow ``decimal128`` (pandas ``ArrowDtype``), so sums stay exact.
``amounts="paisa"`` gives ``int64`` paisa (an amount with a fraction of a paisa is refused,
never rounded); ``amounts="float"`` gives ``float64`` rupees for plotting (float-ok: a view
to draw, never money to add).

>>> from decimal import Decimal
>>> from kpgov.budget import BudgetLine
>>> line = BudgetLine(line_id="EDU-1", kind="current", entity="ABT-EDU-ED01", object="A01101",
...                   be_next=Decimal("1200000.50"))
>>> frame = to_pandas([line])
>>> str(frame["be_next"].dtype), str(frame.loc[0, "kind"]), frame.loc[0, "object"]
('decimal128(38, 2)[pyarrow]', 'current', 'A01101')
>>> to_pandas([line], amounts="paisa")["be_next"].tolist()
[120000050]
>>> lines_from_frame(frame) == (line,)
True

The way back (:func:`lines_from_frame`, :func:`movements_from_frame`) reads each row through
the same loader as a CSV file: integers (numpy's too), Decimal and text are welcome, binary
floating point is refused with the row and column named, and every bad row is reported in one
:class:`~kpgov.errors.LoadError`. Rows are numbered as a spreadsheet numbers them (the header
is row 1, ``frame.iloc[0]`` is row 2), unless the frame carries ``file`` and ``row`` columns.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple

from kpgov.accounts import Catalogue as AccountsCatalogue
from kpgov.accounts import CatalogueEntry, Rollup
from kpgov.adp import Event, ProjectLog
from kpgov.budget import (
    AnnualBudgetStatement,
    BudgetLine,
    ExcessesAndSurrenders,
    ExcessSurrenderLine,
    FinancialAbstract,
    HeadPosition,
    Ledger,
    MonthlyReconciliation,
    Movement,
    Position,
    ReAppropriation,
    ReconciliationLine,
    RevisedEstimate,
)
from kpgov.calendar import Deadline
from kpgov.errors import KpgovError, Location, ParseError, ValidationError
from kpgov.findings import Finding, Report
from kpgov.indicators import Catalogue as IndicatorCatalogue
from kpgov.indicators import Indicator, PillarCode, Scoreboard, Scorecard
from kpgov.io._records import (
    MOVEMENT_COLUMNS,
    AmountUnit,
    lines_from_rows,
    movements_from_rows,
    numbered,
)
from kpgov.io.ledger import MOVEMENT_KINDS
from kpgov.io.spreadsheets import AdpListItem
from kpgov.periods import FinancialYear

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = [
    "Amounts",
    "ledger_from_frame",
    "lines_from_frame",
    "movements_from_frame",
    "to_arrow",
    "to_pandas",
]

#: How amount columns are typed: exact decimals (the default), int64 paisa, or float64 rupees.
Amounts = Literal["decimal", "paisa", "float"]  # float-ok: the plotting switch, never money

_Kind = Literal["text", "category", "amount", "number", "int", "date", "bool"]


class _Col(NamedTuple):
    name: str
    kind: _Kind
    get: Callable[[Any], object]


def _attr(name: str, kind: _Kind = "text") -> _Col:
    return _Col(name, kind, lambda record: getattr(record, name))


def _enum_value(value: object) -> object:
    return value.value if isinstance(value, enum.Enum) else value


def _location(record: object) -> Location | None:
    """The record's provenance: its ``origin``, ``source`` or ``location`` that is a
    Location (records name it ``origin`` where ``source`` means something else)."""
    for name in ("origin", "source", "location"):
        value = getattr(record, name, None)
        if isinstance(value, Location):
            return value
    return None


_PROVENANCE: Final = (
    _Col("file", "text", lambda r: getattr(_location(r), "file", None)),
    _Col("row", "int", lambda r: getattr(_location(r), "row", None)),
)


def _receipt_source(line: BudgetLine) -> object:
    value = getattr(line, "source", None)
    if isinstance(value, Location) or value is None:  # after a rename of the receipt source
        value = getattr(line, "receipt_source", None)
    return _enum_value(value)


_LINES: Final = (
    _attr("line_id"),
    _Col("kind", "category", lambda x: x.kind.value),
    _attr("entity"),
    _Col("office", "category", lambda x: x.office),
    _attr("object"),
    _attr("function"),
    _attr("fund"),
    _Col("grant", "category", lambda x: x.grant),
    _attr("project"),
    _Col("account", "category", lambda x: _enum_value(x.account)),
    _attr("description"),
    _Col("status", "category", lambda x: x.status.value),
    _attr("proposal"),
    _Col("source", "category", _receipt_source),
    _attr("conditional_grant"),
    _Col("charged_category", "category", lambda x: _enum_value(x.charged_category)),
    _attr("lump_sum", "bool"),
    _attr("explanation"),
    *(_attr(name, "amount") for name in ("actual", "be_current", "re_current", "be_next")),
    *(_attr(name, "amount") for name in ("outer_1", "outer_2")),
)

_HEAD: Final = (
    _Col("grant", "category", lambda x: x.head.grant),
    _Col("ddo", "text", lambda x: x.head.ddo),
    _Col("object", "text", lambda x: x.head.object),
)

_HEAD_POSITIONS: Final = (
    *_HEAD,
    *(
        _attr(name, "amount")
        for name in (
            "budget_grant",
            "reappropriated_in",
            "reappropriated_out",
            "reappropriations",
            "supplementary",
            "surrendered",
            "final_grant",
            "released",
            "progressive",
            "available",
            "excess",
        )
    ),
)

_RECONCILIATION: Final = (
    *_HEAD,
    *(
        _attr(name, "amount")
        for name in (
            "budget_grant",
            "reappropriations",
            "supplementary",
            "surrender",
            "final_grant",
            "actual",
            "progressive",
        )
    ),
)

_EXCESSES: Final = (
    *_HEAD,
    *(
        _attr(name, "amount")
        for name in ("final_grant", "actual", "expected", "likely", "excess", "surrender")
    ),
    _attr("note"),
)

_REVISED: Final = (
    *_HEAD,
    *(
        _attr(name, "amount")
        for name in ("budget_estimate", "final_grant", "revised_estimate", "change")
    ),
)


def _citation_part(part: str) -> Callable[[Finding], object]:
    return lambda f: None if f.citation is None else getattr(f.citation, part)


_FINDINGS: Final = (
    _attr("rule_id"),
    _Col("severity", "category", lambda f: f.severity.value),
    _attr("subject"),
    _attr("message"),
    _attr("expected"),
    _attr("actual"),
    _Col("instrument", "category", _citation_part("instrument")),
    _Col("clause", "text", _citation_part("clause")),
    _Col("reference", "text", _citation_part("reference")),
    _Col("file", "text", lambda f: f.location.file if f.location else None),
    _Col("row", "int", lambda f: f.location.row if f.location else None),
    _Col("field", "text", lambda f: f.location.field if f.location else None),
)


def _pillar_score(pillar: PillarCode) -> _Col:
    return _Col(pillar.value, "number", lambda c: c.pillar(pillar).score)


_SCORECARDS: Final = (
    _Col("entity_kind", "category", lambda c: c.entity.kind.value),
    _Col("entity", "text", lambda c: c.entity.name),
    _attr("rank", "int"),
    _attr("overall", "number"),
    _attr("completeness", "number"),
    _attr("expected", "int"),
    _attr("reported", "int"),
    *(_pillar_score(p) for p in PillarCode),
)

_DEADLINES: Final = (
    _attr("id"),
    _attr("rule_id"),
    _attr("period"),
    _attr("activity"),
    _attr("responsible"),
    _Col("kind", "category", lambda d: d.kind.value),
    _attr("start", "date"),
    _attr("due", "date"),
    _attr("stated_due", "date"),
    _attr("moved", "bool"),
    _Col("reference", "text", lambda d: d.citation.reference),
    _attr("note"),
)

_INDICATORS: Final = (
    _attr("id"),
    _Col("pillar", "category", lambda i: i.pillar.value),
    *(_attr(name) for name in ("intervention", "source_number", "name", "beneficiary", "measure")),
    _Col("measure_kind", "category", lambda i: i.measure_kind.value),
    *(_attr(name) for name in ("data_system", "data_agency", "responsibility")),
    _Col("timeframe", "text", lambda i: i.timeframe_text),
    _Col("frequency", "category", lambda i: i.frequency.value),
    _attr("evidence"),
    _attr("notes"),
)

_ACCOUNTS: Final = (
    _Col("element", "category", lambda e: e.element.value),
    _attr("code"),
    _attr("name"),
    _Col("level", "category", lambda e: e.level),
    _attr("parent"),
    _Col("family", "category", lambda e: _enum_value(e.family)),
    _Col("confidence", "category", lambda e: e.confidence.value),
    _attr("source"),
    _attr("note"),
)

_EVENTS: Final = (
    _attr("project_code"),
    _attr("seq", "int"),
    _attr("transition"),
    _attr("actor"),
    _Col("role", "category", lambda e: e.role.value),
    _attr("on", "date"),
    _attr("rule_id"),
    _attr("document"),
    _attr("amount", "amount"),
    _attr("prev_hash"),
    _attr("hash"),
)

_ADP_LIST: Final = (
    *(_attr(name) for name in ("project", "name", "sector", "location")),
    *(
        _attr(name, "amount")
        for name in ("cost", "expenditure_to_date", "throw_forward", "allocation")
    ),
)

_KIND_OF: Final = {cls: kind for kind, cls in MOVEMENT_KINDS.items()}


def _head_part(part: str, target: bool = False) -> Callable[[Any], object]:
    def get(m: Any) -> object:
        if isinstance(m, ReAppropriation):
            return getattr(m.target if target else m.source, part)
        head = getattr(m, "head", None)
        return None if head is None or target else getattr(head, part)

    return get


def _movement_field(name: str) -> Callable[[Any], object]:
    def get(m: Any) -> object:
        if name == "source" and isinstance(m, ReAppropriation):
            return None
        value = getattr(m, name, None)
        if isinstance(value, Location):
            return None
        if name == "copies_to":
            return "; ".join(office.value for office in value) if value else None
        return _enum_value(value)

    return get


_MOVEMENT_KINDS_OF_COLUMN: Final[Mapping[str, _Kind]] = {
    "on": "date",
    "amount": "amount",
    "budgetary_cover": "amount",
    "funds_received_on": "date",
    "realized_on": "date",
    "from_government": "bool",
    "authority": "category",
    "account": "category",
}

_MOVEMENTS: Final = (
    _Col("kind", "category", lambda m: _KIND_OF[type(m)]),
    _attr("on", "date"),
    *(_Col(p, "text", _head_part(p)) for p in ("grant", "ddo", "object")),
    *(_Col(f"to_{p}", "text", _head_part(p, target=True)) for p in ("grant", "ddo", "object")),
    *(
        _Col(name, _MOVEMENT_KINDS_OF_COLUMN.get(name, "text"), _movement_field(name))
        for name in MOVEMENT_COLUMNS[8:]
    ),
)

#: The columns of each kind of record given one at a time (in a list or tuple).
_RECORDS: Final[Mapping[type, tuple[_Col, ...]]] = {
    BudgetLine: _LINES,
    HeadPosition: _HEAD_POSITIONS,
    ReconciliationLine: _RECONCILIATION,
    ExcessSurrenderLine: _EXCESSES,
    RevisedEstimate: _REVISED,
    Finding: _FINDINGS,
    Scorecard: _SCORECARDS,
    Deadline: _DEADLINES,
    Indicator: _INDICATORS,
    CatalogueEntry: _ACCOUNTS,
    Event: _EVENTS,
    AdpListItem: _ADP_LIST,
    **dict.fromkeys(MOVEMENT_KINDS.values(), _MOVEMENTS),
}


def _constant(name: str, value: object, kind: _Kind = "text") -> _Col:
    return _Col(name, kind, lambda _record: value)


def _part_of_abstract(name: str) -> Callable[[tuple[str, object]], object]:
    return lambda row: getattr(row[1], name, None)


def _abstract_rows(abstract: FinancialAbstract) -> tuple[tuple[_Col, ...], list[Any]]:
    columns = (
        _Col("part", "category", lambda r: r[0]),
        _Col("column", "category", lambda r: r[1].column.value),
        *(
            _Col(name, "amount", _part_of_abstract(name))
            for name in (
                "opening_balance",
                "receipts",
                "current_expenditure",
                "development_expenditure",
                "total_expenditure",
                "assets",
                "liabilities",
                "equity",
                "closing_balance",
            )
        ),
    )
    rows: list[tuple[str, object]] = [("district fund", a) for a in abstract.district_fund]
    rows += [("public account", a) for a in abstract.public_account]
    return columns, rows


def _of(obj: object) -> tuple[tuple[_Col, ...], list[Any]]:
    """The columns and the records of ``obj``."""
    if isinstance(obj, AnnualBudgetStatement):
        return _LINES, list(obj.lines)
    if isinstance(obj, Report):
        return _FINDINGS, list(obj.findings)
    if isinstance(obj, Rollup):
        level = f"{type(obj.level).__name__}.{obj.level.name}"
        return (
            _constant("level", level, "category"),
            _Col("code", "text", lambda item: item[0]),
            _Col("amount", "amount", lambda item: item[1]),
        ), list(obj.items())
    if isinstance(obj, FinancialAbstract):
        return _abstract_rows(obj)
    if isinstance(obj, Position):
        return (_constant("as_of", obj.as_of, "date"), *_HEAD_POSITIONS), list(obj)
    if isinstance(obj, Ledger):
        return _MOVEMENTS, list(obj.movements)
    if isinstance(obj, MonthlyReconciliation):
        return (
            _constant("form", obj.form, "category"),
            _constant("month", str(obj.month), "category"),
            *_RECONCILIATION,
        ), list(obj.lines)
    if isinstance(obj, ExcessesAndSurrenders):
        return _EXCESSES, list(obj.lines)
    if isinstance(obj, Scoreboard):
        return (_constant("window", obj.window, "category"), *_SCORECARDS), list(obj.scorecards)
    if isinstance(obj, ProjectLog):
        return _EVENTS, list(obj.events)
    if isinstance(obj, IndicatorCatalogue):
        return _INDICATORS, list(obj)
    if isinstance(obj, AccountsCatalogue):
        return _ACCOUNTS, list(obj)
    if isinstance(obj, Scorecard | Finding | BudgetLine | Deadline):
        return _RECORDS[type(obj)], [obj]
    if isinstance(obj, Iterable) and not isinstance(obj, str | bytes | Mapping):
        records = list(obj)
        if not records:
            raise ValidationError("no records to tabulate (an empty collection has no columns)")
        columns = _RECORDS.get(type(records[0]))
        if columns is None:
            raise ValidationError(f"kpgov cannot tabulate {type(records[0]).__name__} records")
        if columns is not _MOVEMENTS and any(type(r) is not type(records[0]) for r in records):
            raise ValidationError("records of different kinds cannot share one table")
        return columns, records
    raise ValidationError(f"kpgov cannot tabulate a {type(obj).__name__}")


def _scale(values: Sequence[Decimal | None]) -> tuple[int, int]:
    """(integer digits, fraction digits) enough for every value exactly."""
    whole = fraction = 0
    for value in values:
        if value is None:
            continue
        exponent = value.as_tuple().exponent
        assert isinstance(exponent, int)  # amounts are finite
        fraction = max(fraction, -exponent)
        whole = max(whole, value.adjusted() + 1)
    return whole, fraction


def _decimal_array(values: Sequence[Decimal | None], name: str) -> pa.Array[Any]:
    import pyarrow as pa

    whole, fraction = _scale(values)
    if whole + fraction > 76:
        raise ValidationError(f"column {name}: an amount has more than 76 digits", field=name)
    kind = pa.decimal128 if whole + fraction <= 38 else pa.decimal256
    precision = 38 if kind is pa.decimal128 else 76
    return pa.array(values, kind(precision, fraction))


def _paisa_array(values: Sequence[Decimal | None], name: str) -> pa.Array[Any]:
    import pyarrow as pa

    out: list[int | None] = []
    for value in values:
        if value is None:
            out.append(None)
            continue
        paisa = value * 100
        if paisa != paisa.to_integral_value():
            raise ValidationError(
                f"column {name}: {value} has a fraction of a paisa; int64 paisa would round it "
                "(use amounts='decimal')",
                field=name,
            )
        out.append(int(paisa))
    return pa.array(out, pa.int64())


def _float_array(values: Sequence[Decimal | None]) -> pa.Array[Any]:
    import pyarrow as pa

    plot = [None if v is None else float(v) for v in values]  # float-ok: amounts="float"
    return pa.array(plot, pa.float64())


def _array(values: list[object], kind: _Kind, amounts: Amounts, name: str) -> pa.Array[Any]:
    import pyarrow as pa

    if kind in ("text", "category"):
        texts = [None if v is None else str(v) for v in values]
        array = pa.array(texts, pa.string())
        return array.dictionary_encode() if kind == "category" else array
    if kind == "int":
        return pa.array(values, pa.int64())
    if kind == "bool":
        return pa.array(values, pa.bool_())
    if kind == "date":
        return pa.array(values, pa.date32())
    numbers: list[Decimal | None] = values  # type: ignore[assignment]  # amount columns
    if amounts == "float":  # float-ok: plotting switch
        return _float_array(numbers)
    if amounts == "paisa" and kind == "amount":
        return _paisa_array(numbers, name)
    return _decimal_array(numbers, name)


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError:  # pragma: no cover - the dev environment has the extra
        raise KpgovError(
            "Arrow tables and DataFrames need pyarrow and pandas: install kpgov[dataframe]"
        ) from None
    return pyarrow


def to_arrow(obj: object, *, amounts: Amounts = "decimal") -> pa.Table:
    """``obj`` as an Arrow table, one row per record (see the module notes)."""
    if amounts not in ("decimal", "paisa", "float"):  # float-ok: plotting switch
        raise ParseError(f"amounts are 'decimal', 'paisa' or 'float', not {amounts!r}")  # float-ok
    _pyarrow()
    import pyarrow as pa

    columns, records = _of(obj)
    if any(_location(r) is not None for r in records):
        names = {c.name for c in columns}
        columns = (*columns, *(c for c in _PROVENANCE if c.name not in names))
    arrays = [
        _array([column.get(r) for r in records], column.kind, amounts, column.name)
        for column in columns
    ]
    return pa.table(arrays, names=[c.name for c in columns])


def _pandas_type(arrow_type: pa.DataType) -> Any:
    import pandas as pd
    import pyarrow as pa

    if pa.types.is_dictionary(arrow_type) or pa.types.is_floating(arrow_type):
        return None  # pandas Categorical; numpy float64 (what plotting wants)
    return pd.ArrowDtype(arrow_type)


def to_pandas(obj: object, *, amounts: Amounts = "decimal") -> pd.DataFrame:
    """``obj`` as a pandas DataFrame, one row per record: exact amounts as
    ``ArrowDtype(decimal128)`` (``amounts="paisa"``: int64 paisa; float-ok: ``"float"`` gives
    float64 rupees for plotting, a view never read back), enums as categoricals, codes as
    text."""
    frame: pd.DataFrame = to_arrow(obj, amounts=amounts).to_pandas(types_mapper=_pandas_type)
    return frame


# ------------------------------------------------------------------------- the way back


def _records_of(frame: object) -> list[dict[str, object]]:
    """Rows of a pandas DataFrame or an Arrow table as plain dicts, keeping numpy integers
    and floats as they are (so that floats can be refused)."""
    import pyarrow as pa

    if isinstance(frame, pa.Table | pa.RecordBatch):
        return frame.to_pylist()
    columns = getattr(frame, "columns", None)
    if columns is None or not hasattr(frame, "iloc"):
        raise ValidationError(
            f"expected a pandas DataFrame or an Arrow table, not {type(frame).__name__}"
        )
    data: dict[str, list[object]] = {}
    for name in columns:
        series: Any = frame[name]  # type: ignore[index]  # a pandas DataFrame
        data[str(name)] = list(series.array)
    length = len(frame)  # type: ignore[arg-type]  # a pandas DataFrame
    return [{name: values[i] for name, values in data.items()} for i in range(length)]


def _unit(amounts: Literal["decimal", "paisa"]) -> AmountUnit:
    if amounts not in ("decimal", "paisa"):
        raise ParseError(f"amounts in a frame are 'decimal' (rupees) or 'paisa', not {amounts!r}")
    return "paisa" if amounts == "paisa" else "rupees"


def lines_from_frame(
    frame: object, *, file: str = "DataFrame", amounts: Literal["decimal", "paisa"] = "decimal"
) -> tuple[BudgetLine, ...]:
    """Budget lines from a DataFrame or Arrow table with the budget-lines CSV columns (the
    columns :func:`to_pandas` writes; ``office``, ``grant``, ``file`` and ``row`` are read
    only as provenance). ``amounts="paisa"`` reads integer amounts as paisa."""
    rows = numbered(_records_of(frame), file=file)
    return lines_from_rows(rows, file=file, unit=_unit(amounts))


def movements_from_frame(
    frame: object, *, file: str = "DataFrame", amounts: Literal["decimal", "paisa"] = "decimal"
) -> tuple[Movement, ...]:
    """Ledger movements from a DataFrame or Arrow table of flat movement rows (the columns
    ``to_pandas(ledger)`` writes)."""
    rows = numbered(_records_of(frame), file=file)
    return movements_from_rows(rows, file=file, unit=_unit(amounts))


def ledger_from_frame(
    frame: object,
    *,
    district: str,
    year: FinancialYear | str,
    opening_district_fund: Decimal | int | str = 0,
    opening_public_account: Decimal | int | str = 0,
    file: str = "DataFrame",
    amounts: Literal["decimal", "paisa"] = "decimal",
) -> Ledger:
    """A ledger of the movements of ``frame`` (see :func:`movements_from_frame`)."""
    fy = year if isinstance(year, FinancialYear) else FinancialYear.parse(year)
    return Ledger(
        district,
        fy,
        opening_district_fund=opening_district_fund,
        opening_public_account=opening_public_account,
        movements=movements_from_frame(frame, file=file, amounts=amounts),
    )
