"""KPI observations as an Arrow table, scored on the columns to the scoreboard of
:func:`kpgov.indicators.score`.

:func:`read_observations` reads an observations CSV or Parquet file a column at a time: each
distinct value text is read once with :func:`kpgov.indicators.parse_value` for its indicator's
measure, and every row remembers its file and row.

:func:`score_table` does the per-row work of the scoring on the columns and gives the same
:class:`~kpgov.indicators.Scoreboard` (equal by ``==``, explanations, ranks and named indices
included):

- each row's plan and slot position comes from one lookup per distinct (indicator, period),
  each entity is built once per distinct (kind, name), each value is checked against its
  measure once per distinct (indicator, value), and "owed" is decided once per distinct
  (entity, indicator);
- two reports of one slot are found by counting distinct slot keys; the peer best of each slot
  is a hash ``group_by`` max (or min, when less is better) and a join names who set it;
- each distinct reported slot (plan, position, value as written, and the entity kind for a
  peer-scaled plan) is normalised once (the pure scorer's ``_normalise``, exact Fractions) and
  becomes one shared, immutable ``SlotScore``;
- each plan's slot ratios are put over their common denominator, and each entity's sum is an
  exact int64 ``group_by`` sum (a plan whose denominator could overflow int64 is summed as
  Fractions instead);
- the scorecards are then made by the pure scorer's own ``_card`` (the means, the shares and
  their largest-remainder rounding; one implementation, so the two paths cannot drift).

A table the pure scorer would refuse (an unknown indicator, a value or period that does not
fit, two reports of one slot) is handed to :func:`kpgov.indicators.score`, so the refusal names
the first bad row exactly as it does.

Measured (``benchmarks/bench_province.py --only kpi``, see ``docs/columnar.md``): the scoring
of 275,333 reports (the synthetic year's every slot) takes about 2 s of CPU on the shared
machine, against about 6-8 s for the pure scorer; polars, which aggregates without building
explanations, takes about 0.4 s. The rest of the columnar time is building the object graph
(59,000 distinct slot scores, 23,000 indicator scores, 663 scorecards) and the scorecards'
exact arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Final

from kpgov._sheets import read_rows
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
    default_formula,
    load_catalogue,
    parse_value,
    score,
)
from kpgov.indicators._observations import check_period, check_value
from kpgov.indicators._schedule import ONCE
from kpgov.indicators._scoring import (
    _ZERO,
    SlotScore,
    _card,
    _indicator_ratio,
    _normalise,
    _owes,
    _peer_scaled,
    _Plan,
    _plans,
    _ranked,
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
_INT64_SAFE: Final = 2**62  # a sum of scaled numerators below this cannot overflow int64


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
    cells, numbers = rows.text_columns(columns, errors)
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
    """The scoreboard :func:`kpgov.indicators.score` gives for the observations in ``table``,
    worked out on the columns (see the module docstring). A table the pure scorer refuses
    (an unknown indicator, a value that does not fit its measure, a period that does not fit
    its frequency, two reports of one slot) is handed to it, so that the refusal names the
    first bad row exactly as it does."""
    cat = catalogue if catalogue is not None else load_catalogue()
    form = formula if formula is not None else default_formula()
    listed = list(entities)
    plans = _plans(window, launch, form, cat)
    board = _score_columns(table, window, launch, form, cat, plans, listed)
    if board is not None:
        return board
    refused = score(
        table_observations(table, catalogue=cat),
        window,
        launch=launch,
        formula=form,
        entities=listed,
        catalogue=cat,
    )
    raise AssertionError(  # pragma: no cover - the columns found a refusal the scorer did not
        f"the columnar scorer refused a table that kpgov.indicators.score accepts: {refused!r}"
    )


_PROBE: Final = Entity.district("probe")  # an entity for checking a value or period alone


def _encoded(column: Any) -> Any:
    """A string column as one dictionary array (codes and the distinct values)."""
    return pc.dictionary_encode(column.combine_chunks() if hasattr(column, "chunks") else column)


def _lookup(keys: Any, values: list[Any], kind: Any) -> Any:
    """Each of ``keys`` (int64) replaced by ``values[k]`` for its position ``k`` among the
    distinct keys (``values`` given in the order of ``pc.unique(keys)``)."""
    return pc.take(pa.array(values, kind), pc.index_in(keys, pc.unique(keys)))


def _score_columns(
    table: Any,
    window: Window,
    launch: date,
    form: ScoringFormula,
    cat: Catalogue,
    plans: dict[str, _Plan],
    listed: list[Entity],
) -> Scoreboard | None:
    """The scoreboard, or None when the pure scorer would refuse the table."""
    columns = ("indicator", "entity_kind", "entity", "period", "value", "scale")
    if any(table.column(c).null_count for c in columns):
        return None
    n = table.num_rows
    plan_list = list(plans.values())
    plan_code = {plan.indicator.id: k for k, plan in enumerate(plan_list)}
    n_plans = len(plan_list) + 1
    n_slots = max((len(plan.slots) for plan in plan_list), default=0) + 1
    kinds = list(EntityKind)
    n_kinds = len(kinds) + 1
    int64 = pa.int64()

    # each row's plan and slot position, per distinct (indicator, period): an unknown
    # indicator or a period that does not fit the frequency is a refusal
    indicator = _encoded(table.column("indicator"))
    ids = indicator.dictionary.to_pylist()
    if any(i not in cat for i in ids):
        return None
    icode = indicator.indices.cast(int64)
    period = _encoded(table.column("period"))
    period_texts = period.dictionary.to_pylist()
    pkeys = pc.add(pc.multiply(icode, len(period_texts)), period.indices.cast(int64))
    positions: list[int] = []
    for key in pc.unique(pkeys).to_pylist():
        item = cat[ids[key // len(period_texts)]]
        frequency = item.frequency
        try:
            slot = _period(period_texts[key % len(period_texts)], frequency)
            if frequency not in (Frequency.ONCE, Frequency.UNKNOWN):
                check_period(Observation(item.id, _PROBE, slot, Decimal(0)), frequency)
        except KpgovError:
            return None
        plan = plans.get(item.id)
        position: int | None = None
        if plan is not None and frequency is Frequency.ONCE:
            position = plan.positions.get(ONCE) if slot.start <= window.end else None
        elif plan is not None:
            position = plan.positions.get(slot)
        positions.append(-1 if position is None else position)
    row_position = _lookup(pkeys, positions, int64)
    row_plan = pc.take(pa.array([plan_code.get(i, -1) for i in ids], int64), icode)

    # each distinct value checked against its indicator's measure
    value = table.column("value").combine_chunks()
    pairs = pa.table({"i": icode, "v": value}).group_by(["i", "v"], use_threads=False)
    distinct = pairs.aggregate([])
    for code, amount in zip(
        distinct.column("i").to_pylist(), distinct.column("v").to_pylist(), strict=True
    ):
        item = cat[ids[code]]
        try:
            check_value(Observation(item.id, _PROBE, Month(2000, 1), amount), item.measure_kind)
        except KpgovError:
            return None

    # each distinct entity built once; every entity gets a scorecard, in a fixed order
    kind = _encoded(table.column("entity_kind"))
    name = _encoded(table.column("entity"))
    names = name.dictionary.to_pylist()
    ekeys = pc.add(pc.multiply(kind.indices.cast(int64), len(names)), name.indices.cast(int64))
    kind_texts = kind.dictionary.to_pylist()
    found: list[Entity] = []
    for key in pc.unique(ekeys).to_pylist():
        try:
            found.append(Entity(EntityKind(kind_texts[key // len(names)]), names[key % len(names)]))
        except (KpgovError, ValueError):
            return None
    order = sorted({e: e for e in (*listed, *found)}.values(), key=lambda e: e.sort_key)
    entity_code = {e: k for k, e in enumerate(order)}
    row_entity = _lookup(ekeys, [entity_code[e] for e in found], int64)
    owes = _owes(plans)
    owed = [[(plan, plan_code[plan.indicator.id]) for plan in owes(e)] for e in order]
    owed_codes = [{code for _, code in plans_owed} for plans_owed in owed]

    # the rows that count: a plan, a slot in the window, an indicator the entity owes
    rows = pa.table(
        {
            "e": row_entity,
            "p": row_plan,
            "pos": row_position,
            "v": value,
            "scale": table.column("scale").combine_chunks().cast(int64),
            "n": pa.array(range(n), int64),
        }
    ).filter(pc.and_(pc.greater_equal(row_plan, 0), pc.greater_equal(row_position, 0)))
    ep = pc.add(pc.multiply(rows.column("e"), n_plans), rows.column("p"))
    owed_flags = [(k % n_plans) in owed_codes[k // n_plans] for k in pc.unique(ep).to_pylist()]
    rows = rows.append_column("ep", ep).filter(_lookup(ep, owed_flags, pa.bool_()))
    ignored = n - rows.num_rows
    slot_key = pc.add(pc.multiply(rows.column("ep"), n_slots), rows.column("pos"))
    if pc.count_distinct(slot_key).as_py() != rows.num_rows:
        return None  # two reports of one slot
    rows = rows.append_column("g", slot_key)
    e_kind = pa.array([kinds.index(e.kind) for e in order], int64)
    rows = rows.append_column("kind", pc.take(e_kind, rows.column("e")))
    n_scales = max(0, pc.max(rows.column("scale")).as_py() or 0) + 1  # places as written

    peers = _peer_bests(rows, plan_list, order, n_slots, n_kinds)

    # each distinct reported slot (plan, position, value as written, and the entity kind for
    # a peer-scaled plan) scored once: its SlotScore is shared by every row that has it
    peer_flag = pa.array([_peer_scaled(plan) for plan in plan_list], pa.bool_())
    peer_kind = pc.if_else(pc.take(peer_flag, rows.column("p")), rows.column("kind"), -1)
    combo_key = pc.add(
        pc.multiply(
            pc.add(
                pc.multiply(
                    pc.add(pc.multiply(rows.column("p"), n_slots), rows.column("pos")), n_kinds
                ),
                pc.add(peer_kind, 1),
            ),
            n_scales,
        ),
        rows.column("scale"),
    )
    rows = rows.append_column("ck", combo_key)
    combos = rows.group_by(["ck", "v"], use_threads=False).aggregate([])
    combos = combos.append_column("c", pa.array(range(combos.num_rows), int64))
    slot_scores: list[SlotScore] = []
    ratios: list[Fraction] = []
    denominators: list[int] = [1] * len(plan_list)
    combo_plan: list[int] = []
    quanta = [Decimal(1).scaleb(-scale) for scale in range(n_scales)]
    # a value of one plan against one goal (as written) is normalised once, whatever its slot
    normalised: dict[tuple[int, Decimal, int, str], tuple[Fraction, Decimal, str, Any]] = {}
    for key, amount in zip(
        combos.column("ck").to_pylist(), combos.column("v").to_pylist(), strict=True
    ):
        scale, rest = key % n_scales, key // n_scales
        kind_code, rest = rest % n_kinds - 1, rest // n_kinds
        code, position = divmod(rest, n_slots)
        plan = plan_list[code]
        exact = amount.quantize(quanta[scale])  # as the file wrote it
        peer = peers[code, position, kind_code] if kind_code >= 0 else None
        known_key = (code, exact, scale, "" if peer is None else str(peer[0]))
        known = normalised.get(known_key)
        if known is None:
            ratio, shown, basis, goal, _ = _normalise(plan, exact, peer)
            normalised[known_key] = (ratio, shown, basis, goal)
        else:
            ratio, shown, basis, goal = known
        set_by = () if peer is None else peer[1]
        slot_scores.append(SlotScore(plan.labels[position], exact, basis, goal, set_by, shown))
        ratios.append(ratio)
        combo_plan.append(code)
        denominators[code] = math.lcm(denominators[code], ratio.denominator)
    # the ratios of one plan over their common denominator, summed per entity in int64 when
    # that sum cannot overflow; otherwise the plan's slots are summed as fractions
    exact_sum = [
        d * (len(p.slots) + 1) < _INT64_SAFE for d, p in zip(denominators, plan_list, strict=True)
    ]
    scaled = [
        r.numerator * (denominators[c] // r.denominator) if exact_sum[c] else 0
        for r, c in zip(ratios, combo_plan, strict=True)
    ]
    rows = rows.join(combos, ["ck", "v"]).sort_by("g")
    combo = rows.column("c")
    rows = rows.append_column("num", pc.take(pa.array(scaled, int64), combo))
    groups = (
        rows.group_by("ep", use_threads=False)
        .aggregate([("num", "sum"), ("ep", "count")])
        .sort_by("ep")  # a hash group_by does not keep the rows' order
    )
    group_ep = groups.column("ep").to_pylist()
    group_count = groups.column("ep_count").to_pylist()
    group_sum = groups.column("num_sum").to_pylist()
    combo_list = combo.to_pylist()
    position_list = rows.column("pos").to_pylist()
    objects = [slot_scores[c] for c in combo_list]

    # the scorecards, entity by entity, through the pure scorer's own _card
    cards = []
    at = offset = 0
    for e, entity in enumerate(order):
        card_rows: list[tuple[_Plan, Fraction | None, tuple[SlotScore, ...], int]] = []
        for plan, code in owed[e]:
            expected = len(plan.slots)
            if at < len(group_ep) and group_ep[at] == e * n_plans + code:
                got = group_count[at]
                end = offset + got
                if got == expected:
                    slots = tuple(objects[offset:end])
                else:
                    filled = list(plan.missing)
                    for k in range(offset, end):
                        filled[position_list[k]] = objects[k]
                    slots = tuple(filled)
                if exact_sum[code]:
                    total = Fraction(group_sum[at], denominators[code])
                else:
                    total = sum((ratios[combo_list[k]] for k in range(offset, end)), _ZERO)
                card_rows.append(
                    (plan, _indicator_ratio(form.missing, total, got, expected), slots, got)
                )
                at, offset = at + 1, end
            else:
                card_rows.append(
                    (plan, _indicator_ratio(form.missing, _ZERO, 0, expected), plan.missing, 0)
                )
        cards.append(_card(entity, card_rows, form, cat))
    return Scoreboard(
        formula=form.label,
        window=str(window),
        launch=launch,
        scorecards=_ranked(cards),
        observations=n,
        ignored=ignored,
    )


def _peer_bests(
    rows: Any, plan_list: list[_Plan], order: list[Entity], n_slots: int, n_kinds: int
) -> dict[tuple[int, int, int], tuple[Decimal, tuple[str, ...]]]:
    """The best value of each slot of a peer-scaled plan among entities of one kind (the
    greatest, or the least when less is better), with the sorted names of those who reported
    it; the goal keeps the scale of the first row that reported it."""
    peer_flag = pa.array([_peer_scaled(plan) for plan in plan_list], pa.bool_())
    peer_rows = rows.filter(pc.take(peer_flag, rows.column("p")))
    if peer_rows.num_rows == 0:
        return {}
    q = pc.add(
        pc.multiply(
            pc.add(pc.multiply(peer_rows.column("p"), n_slots), peer_rows.column("pos")), n_kinds
        ),
        peer_rows.column("kind"),
    )
    peer_rows = peer_rows.append_column("q", q)
    extremes = peer_rows.group_by("q", use_threads=False).aggregate([("v", "max"), ("v", "min")])
    lower = pa.array([plan.lower for plan in plan_list], pa.bool_())
    q_plan = pc.divide(pc.divide(extremes.column("q"), n_kinds), n_slots)
    best = pc.if_else(pc.take(lower, q_plan), extremes.column("v_min"), extremes.column("v_max"))
    bests = pa.table({"q": extremes.column("q"), "best": best})
    at_best = peer_rows.join(bests, "q")
    at_best = at_best.filter(pc.equal(at_best.column("v"), at_best.column("best")))
    setters = at_best.group_by("q", use_threads=False).aggregate([("e", "list"), ("n", "min")])
    first = at_best.sort_by("n")
    first_scale = dict(
        zip(first.column("n").to_pylist(), first.column("scale").to_pylist(), strict=True)
    )
    best_of = dict(
        zip(bests.column("q").to_pylist(), bests.column("best").to_pylist(), strict=True)
    )
    out: dict[tuple[int, int, int], tuple[Decimal, tuple[str, ...]]] = {}
    for key, who, row in zip(
        setters.column("q").to_pylist(),
        setters.column("e_list").to_pylist(),
        setters.column("n_min").to_pylist(),
        strict=True,
    ):
        goal = best_of[key].quantize(Decimal(1).scaleb(-first_scale[row]))
        rest, kind_code = divmod(key, n_kinds)
        code, position = divmod(rest, n_slots)
        out[code, position, kind_code] = (goal, tuple(sorted(order[e].name for e in who)))
    return out
