"""KPI observations as an Arrow table, scored by :func:`kpgov.indicators.score`.

:func:`read_observations` reads an observations CSV or Parquet file a column at a time: each
distinct value text is read once with :func:`kpgov.indicators.parse_value` for its indicator's
measure, each distinct entity and period is built once, and every row remembers its file and
row. :func:`score_table` turns the rows into observations that share those objects and scores
them with :func:`kpgov.indicators.score` itself: the scoring counts every report as its own slot
(a second report of a slot is an error) and computes exact fractions per report, so there is
no grouping left for Arrow to do, and one scorer keeps one answer. The columnar part is the
reading: parsing, validating and building objects once per distinct value, not once per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from kpgov._sheets import cell_text, read_rows
from kpgov.columnar._arrow import pa, pc
from kpgov.errors import ErrorCollector, KpgovError, LoadError, Location, ParseError
from kpgov.indicators import (
    Catalogue,
    Entity,
    EntityKind,
    Frequency,
    Observation,
    Scoreboard,
    ScoringFormula,
    Window,
    load_catalogue,
    parse_value,
    score,
)
from kpgov.periods import FinancialYear, Month

__all__ = ["OBSERVATION_COLUMNS", "observations_table", "read_observations", "score_table"]

#: The columns of an observations table (``entity_kind`` defaults to district), with
#: ``scale`` (the value's decimal places as written); a table read from a file also has
#: ``row`` (the spreadsheet row, header = row 1) and names the file in its metadata.
OBSERVATION_COLUMNS: Final = ("indicator", "entity_kind", "entity", "period", "value")

_SCALE: Final = 10  # decimal places of the value column (percent_of keeps 10)
_DECIMAL: Final = pa.decimal128(38, _SCALE)
_REQUIRED: Final = ("indicator", "entity", "period", "value")


def observations_table(observations: Iterable[Observation]) -> Any:
    """Observations (values only) as an Arrow table of :data:`OBSERVATION_COLUMNS`."""
    rows = list(observations)
    for obs in rows:
        if obs.numerator is not None or obs.denominator is not None:
            raise ParseError(
                "the observations table holds values only: score observations with a "
                "numerator and denominator with kpgov.indicators.score",
                field="numerator",
            )
    return pa.table(
        {
            "indicator": pa.array([o.indicator_id for o in rows], pa.string()),
            "entity_kind": pa.array([o.entity.kind.value for o in rows], pa.string()),
            "entity": pa.array([o.entity.name for o in rows], pa.string()),
            "period": pa.array([str(o.period) for o in rows], pa.string()),
            "value": pa.array([o.value for o in rows], _DECIMAL),
            "scale": pa.array([_scale(o.value) for o in rows], pa.int8()),
        }
    )


def _scale(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def read_observations(
    path: str | Path, *, catalogue: Catalogue | None = None, sheet: str | None = None
) -> Any:
    """Read an observations CSV or Parquet file, or a sheet of an XLSX workbook (``sheet``,
    by default the first, laid out as :func:`kpgov.io.read_observations` reads it; numbers
    read as Excel shows them, 15 significant digits at most), with the columns
    ``indicator``, ``entity``, ``period``, ``value`` and optionally ``entity_kind``, into a
    table."""
    name = str(path)
    cat = catalogue if catalogue is not None else load_catalogue()
    numbers: Any = None
    headings: dict[str, str] = {}
    if name.lower().endswith((".xlsx", ".xlsm")):
        raw, numbers, name, headings = _read_sheet(Path(path), sheet)
    else:
        raw = _read_file(name)
    for column in _REQUIRED:
        if column not in raw.column_names:
            raise ParseError(f"missing column {column!r}", file=name, row=1, field=column)
    if numbers is None:
        numbers = pa.array(range(2, raw.num_rows + 2), pa.int32())  # the header is row 1
    text = {
        c: pc.utf8_trim_whitespace(pc.cast(raw.column(c), pa.string())).combine_chunks()
        for c in _REQUIRED
    }
    kinds = (
        pc.utf8_trim_whitespace(pc.cast(raw.column("entity_kind"), pa.string()))
        if "entity_kind" in raw.column_names
        else pa.array(["district"] * raw.num_rows, pa.string())
    )
    kinds = pc.if_else(pc.equal(kinds, ""), "district", kinds)
    pairs = (
        pa.table({"i": text["indicator"], "v": text["value"]}).group_by(["i", "v"]).aggregate([])
    )
    keys_i, keys_v, values = [], [], []
    for indicator_id, value_text in zip(
        pairs.column("i").to_pylist(), pairs.column("v").to_pylist(), strict=True
    ):
        try:
            if indicator_id == "":
                raise ParseError("required value is missing", field="indicator")
            indicator = cat[indicator_id]
            value = parse_value(value_text, indicator.measure_kind)
        except KpgovError as exc:
            row = _first_row(text["indicator"], text["value"], indicator_id, value_text, numbers)
            field = exc.field or "value"
            raise ParseError(
                exc.message, file=name, row=row, field=headings.get(field, field)
            ) from None
        keys_i.append(indicator_id)
        keys_v.append(value_text)
        values.append(value)
    lookup = pa.table(
        {
            "i": keys_i,
            "v": keys_v,
            "value": pa.array(values, _DECIMAL),
            "scale": pa.array([_scale(v) for v in values], pa.int8()),
        }
    )
    joined = (
        pa.table({"i": text["indicator"], "v": text["value"], "n": pa.array(range(raw.num_rows))})
        .join(lookup, ["i", "v"])
        .sort_by("n")
    )
    table = pa.table(
        {
            "indicator": text["indicator"],
            "entity_kind": kinds,
            "entity": text["entity"],
            "period": text["period"],
            "value": joined.column("value"),
            "scale": joined.column("scale"),
            "row": numbers,
        }
    )
    return table.replace_schema_metadata({"file": name})


def _read_file(name: str) -> Any:
    from pyarrow import csv, parquet

    try:
        if name.endswith((".parquet", ".pq")):
            return parquet.read_table(name)
        return csv.read_csv(
            name,
            convert_options=csv.ConvertOptions(
                column_types={c: pa.string() for c in OBSERVATION_COLUMNS},
                strings_can_be_null=False,
            ),
        )
    except FileNotFoundError:
        raise ParseError("no such file", file=name) from None
    except (OSError, pa.ArrowInvalid) as exc:
        raise ParseError(f"cannot read the observations: {exc}", file=name) from None


def _read_sheet(path: Path, sheet: str | None) -> tuple[Any, Any, str, dict[str, str]]:
    """A workbook's observations as text columns (each cell as kpgov.io reads it, every bad
    cell reported in one LoadError), their rows, the sheet's label and its headings."""
    rows = read_rows(path, sheet=sheet)
    columns = [c for c in OBSERVATION_COLUMNS if c in rows.headings]
    errors = ErrorCollector(file=rows.label)
    cells: dict[str, list[str]] = {c: [] for c in columns}
    numbers: list[int] = []
    for location, record in rows.rows:
        texts: dict[str, str] = {}
        for column in columns:
            with errors.guard(row=location.row, field=column):
                texts[column] = cell_text(record.get(column), "spreadsheet")
        if len(texts) == len(columns):
            numbers.append(location.row or 0)
            for column, value in texts.items():
                cells[column].append(value)
    try:
        errors.raise_if_any()
    except LoadError as error:
        raise rows.relabel(error) from None
    raw = pa.table({c: pa.array(v, pa.string()) for c, v in cells.items()})
    return raw, pa.array(numbers, pa.int32()), rows.label, dict(rows.headings)


def _first_row(indicators: Any, values: Any, indicator_id: str, value_text: str, rows: Any) -> int:
    mask = pc.and_(pc.equal(indicators, indicator_id), pc.equal(values, value_text))
    return int(rows[pc.indices_nonzero(mask)[0].as_py()].as_py())


def _period(text: str, frequency: Frequency) -> Month | FinancialYear:
    """A period as the observations loader reads it for an indicator of ``frequency``."""
    if frequency is Frequency.YEARLY:
        return FinancialYear.parse(text)
    try:
        return Month.parse(text)
    except KpgovError:
        if frequency is Frequency.ONCE:
            return FinancialYear.parse(text)
        raise


def table_observations(table: Any, *, catalogue: Catalogue | None = None) -> list[Observation]:
    """The rows of an observations table as observations (each distinct entity and period
    built once and shared; each row located at its file and row when the table was read)."""
    cat = catalogue if catalogue is not None else load_catalogue()
    metadata = table.schema.metadata or {}
    file = metadata.get(b"file", b"").decode("utf-8") or None
    indicators = table.column("indicator").to_pylist()
    kinds = table.column("entity_kind").to_pylist()
    names = table.column("entity").to_pylist()
    periods = table.column("period").to_pylist()
    values = table.column("value").to_pylist()
    scales = table.column("scale").to_pylist()
    rows = table.column("row").to_pylist() if "row" in table.column_names else None
    entity_of: dict[tuple[str, str], Entity] = {}
    period_of: dict[tuple[str, str], Any] = {}
    out: list[Observation] = []
    for n, (indicator_id, kind, name, period_text, value, scale) in enumerate(
        zip(indicators, kinds, names, periods, values, scales, strict=True)
    ):
        where = Location(file, rows[n]) if rows is not None else None
        entity = entity_of.get((kind, name))
        if entity is None:
            try:
                entity = entity_of[kind, name] = Entity(EntityKind(kind), name)
            except (KpgovError, ValueError) as exc:
                message = exc.message if isinstance(exc, KpgovError) else str(exc)
                row = where.row if where else None
                raise ParseError(message, file=file, row=row, field="entity") from None
        period = period_of.get((indicator_id, period_text))
        if period is None:
            frequency = cat[indicator_id].frequency if indicator_id in cat else Frequency.MONTHLY
            try:
                period = period_of[indicator_id, period_text] = _period(period_text, frequency)
            except KpgovError as exc:
                row = where.row if where else None
                raise ParseError(exc.message, file=file, row=row, field="period") from None
        exact = value.quantize(Decimal(1).scaleb(-scale))  # as the file wrote it
        out.append(Observation(indicator_id, entity, period, exact, source=where))
    return out


def score_table(
    table: Any,
    window: Window,
    *,
    launch: date,
    formula: ScoringFormula | None = None,
    entities: Iterable[Entity] = (),
    catalogue: Catalogue | None = None,
) -> Scoreboard:
    """:func:`kpgov.indicators.score` of the observations in ``table``."""
    observations = table_observations(table, catalogue=catalogue)
    return score(
        observations,
        window,
        launch=launch,
        formula=formula,
        entities=entities,
        catalogue=catalogue,
    )
