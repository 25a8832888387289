"""Reading observations and scoring formulas, and writing the catalogue and scoreboards.

Observation files are CSV or JSON with one record per observation:

``indicator``
    an indicator id (``GGS-SD-39``)
``entity``, ``entity_kind``
    the reporting entity's name and kind (``district`` by default; ``division``,
    ``department``)
``period``
    ``2019-08`` for a month; ``2019-20`` for a financial year (yearly indicators)
``value``
    ``Yes``/``No``, a number, or a percentage (``86.5`` or ``86.5%``)
``numerator``, ``denominator``
    optional, for percentages (the value may then be left empty)
``evidence``
    optional evidence reference

A JSON file is a list of such objects (or ``{"observations": [...]}``). Every bad value is a
ParseError or ValidationError naming the file, the row (CSV line or JSON list index + 1) and
the field.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from kpgov.errors import ErrorCollector, KpgovError, Location, ParseError, ValidationError
from kpgov.indicators import (
    Catalogue,
    Entity,
    Frequency,
    Indicator,
    Observation,
    Period,
    PillarCode,
    Review,
    RollUp,
    Scoreboard,
    Scorecard,
    ScoringFormula,
    load_catalogue,
    named_indices,
    parse_value,
    percent_of,
    resolve_entity,
    responsibility,
    validate_observation,
)
from kpgov.io.files import read_csv_rows, read_json
from kpgov.periods import FinancialYear, Month

__all__ = [
    "CATALOGUE_FIELDS",
    "EXPLAIN_FIELDS",
    "SCOREBOARD_FIELDS",
    "catalogue_csv",
    "explain_csv",
    "indicator_to_dict",
    "load_formula",
    "load_observations",
    "observations_from_records",
    "review_to_dict",
    "roll_up_to_dict",
    "scoreboard_csv",
    "scoreboard_to_dict",
    "scorecard_to_dict",
]

_KEYS: Final = (
    "indicator",
    "entity",
    "entity_kind",
    "period",
    "value",
    "numerator",
    "denominator",
    "evidence",
)
_REQUIRED: Final = ("indicator", "entity", "period")
#: The largest numerator or denominator accepted (a larger one is surely a typing error).
_LARGEST: Final = Decimal("1E15")

#: The fields of ``kpgov indicators --format json`` / ``csv``, in order.
CATALOGUE_FIELDS: Final = (
    "id",
    "pillar",
    "intervention",
    "source_number",
    "name",
    "beneficiary",
    "measure",
    "measure_kind",
    "data_system",
    "data_agency",
    "responsibility",
    "timeframe",
    "frequency",
    "frequency_read",
    "responsibility_actors",
    "evidence",
    "notes",
)


def indicator_to_dict(indicator: Indicator) -> dict[str, str]:
    """An indicator as flat JSON/CSV data: the cells as written plus ``measure_kind``,
    ``frequency_read`` (an inferred reading of a garbled frequency cell) and
    ``responsibility_actors`` (the responsibility cell as read, ``; ``-separated)."""
    return {
        "id": indicator.id,
        "pillar": indicator.pillar.value,
        "intervention": indicator.intervention,
        "source_number": indicator.source_number,
        "name": indicator.name,
        "beneficiary": indicator.beneficiary,
        "measure": indicator.measure,
        "measure_kind": indicator.measure_kind.value,
        "data_system": indicator.data_system,
        "data_agency": indicator.data_agency,
        "responsibility": indicator.responsibility,
        "timeframe": indicator.timeframe_text,
        "frequency": indicator.frequency_text,
        "frequency_read": indicator.frequency_read,
        "responsibility_actors": "; ".join(str(a) for a in responsibility(indicator).actors),
        "evidence": indicator.evidence,
        "notes": indicator.notes,
    }


def catalogue_csv(indicators: Iterable[Indicator]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CATALOGUE_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(indicator_to_dict(i) for i in indicators)
    return out.getvalue()


class _Reader:
    """Turns records into observations, sharing equal entities and periods (which makes
    scoring faster); each record's problems are collected with their location."""

    def __init__(self, name: str, catalogue: Catalogue, year: int | None) -> None:
        self.name = name
        self.catalogue = catalogue
        self.year = year
        self.entities: dict[tuple[str, str], Entity] = {}
        self.periods: dict[tuple[str, bool], Period] = {}
        self.slots: dict[tuple[str, Entity, Period], int] = {}

    def observation(
        self, record: Mapping[str, Any], row: int, errors: ErrorCollector, json_path: str
    ) -> Observation | None:
        """The record's observation, or None after adding each of its problems to
        ``errors`` (located at ``row`` and the field, or the JSON path)."""
        before = len(errors)

        def where(field: str) -> str:
            return f"{json_path}.{field}" if json_path else field

        for key in sorted(set(record) - set(_KEYS), key=str):
            errors.add(
                ParseError(
                    "unknown column (not part of the format)", row=row, field=where(_safe(key))
                )
            )
        for key in _REQUIRED:
            with errors.guard(row=row, field=where(key)):
                if _text(record.get(key)) == "":
                    raise ParseError("required value is missing")
        if len(errors) > before:
            return None
        indicator: Indicator | None = None
        entity: Entity | None = None
        period: Period | None = None
        with errors.guard(row=row, field=where("indicator")):
            wanted = _text(record["indicator"])
            if wanted not in self.catalogue:
                raise ParseError(f"unknown indicator {_safe(wanted)!r}")
            indicator = self.catalogue[wanted]
        with errors.guard(row=row, field=where("entity")):
            entity = self._entity(_text(record.get("entity_kind")) or "district", record)
        if indicator is None or entity is None:
            return None
        with errors.guard(row=row, field=where("period")):
            period = self._period(_text(record["period"]), indicator.frequency)
        numerator = denominator = None
        with errors.guard(row=row, field=where("numerator")):
            numerator = _optional(record.get("numerator"))
        with errors.guard(row=row, field=where("denominator")):
            denominator = _optional(record.get("denominator"))
        if period is None or len(errors) > before:
            return None
        field = where("value")
        observation: Observation | None = None
        with errors.guard(row=row, field=field):
            text = _text(record.get("value"))
            if text:
                value = parse_value(text, indicator.measure_kind)
            elif numerator is not None and denominator is not None:
                value = percent_of(numerator, denominator)
            else:
                raise ParseError("required value is missing (or numerator and denominator)")
            candidate = Observation(
                indicator.id,
                entity,
                period,
                value,
                numerator=numerator,
                denominator=denominator,
                evidence=_text(record.get("evidence")),
                source=Location(self.name, row, json_path or None),
            )
            try:
                validate_observation(candidate, self.catalogue)
            except KpgovError as exc:
                if exc.field and exc.field != "value":
                    exc.location = Location(None, row, where(exc.field))
                raise
            observation = candidate
        if observation is None:
            return None
        slot = (indicator.id, entity, period)
        first = self.slots.get(slot)
        if first is not None:
            errors.add(
                ValidationError(
                    f"a second report of {indicator.id} by {entity} for {period} (the first is "
                    f"row {first}): keep one",
                    row=row,
                    field=where("period"),
                )
            )
            return None
        self.slots[slot] = row
        return observation

    def _entity(self, kind_text: str, record: Mapping[str, Any]) -> Entity:
        name = _text(record["entity"])
        key = (kind_text, name)
        entity = self.entities.get(key)
        if entity is None:
            try:
                entity = resolve_entity(kind_text, name, year=self.year)
            except KpgovError as exc:
                if exc.field == "entity_kind":
                    exc.location = Location(None, None, "entity_kind")
                raise
            self.entities[key] = entity
        return entity

    def _period(self, text: str, frequency: Frequency) -> Period:
        yearly = frequency is Frequency.YEARLY
        key = (text, yearly)
        period = self.periods.get(key)
        if period is None:
            period = self.periods[key] = _parse_period(text, frequency)
        return period


def _parse_period(text: str, frequency: Frequency) -> Period:
    """``2019-08`` is a month; ``2019-20`` a financial year. For a yearly indicator the text is
    read as a financial year; otherwise as a month, and as a financial year only when it is
    not a month (one-off indicators)."""
    if frequency is Frequency.YEARLY:
        return FinancialYear.parse(text)
    try:
        return Month.parse(text)
    except KpgovError:
        if frequency is Frequency.ONCE:
            return FinancialYear.parse(text)
        raise


def _safe(value: object) -> str:
    """Text fit to print: no lone surrogates, at most 80 characters."""
    text = str(value).encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= 80 else text[:77] + "..."


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float | int) and not isinstance(value, bool):  # float-ok: checked
        value = repr(value) if isinstance(value, float) else str(value)  # float-ok: as typed
    if isinstance(value, list | dict):
        raise ParseError(f"expected a value, not {type(value).__name__}")
    text = _safe(value).strip() if not isinstance(value, str) else value.strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ParseError(f"not valid text: {_safe(text)!r}") from None
    return text


def _optional(value: object) -> Decimal | None:
    text = _text(value)
    if not text:
        return None
    try:
        number = Decimal(text.replace(",", ""))
    except ArithmeticError:
        raise ParseError(f"not a number: {_safe(text)!r}") from None
    if not number.is_finite() or abs(number) > _LARGEST:
        raise ParseError(f"not a usable number: {_safe(text)!r}")
    return number


def _records(path: Path) -> Iterator[tuple[int, Mapping[str, Any], str]]:
    if path.suffix.lower() == ".json":
        try:
            data = read_json(path)
        except (ValueError, RecursionError) as exc:  # a huge integer, or nesting too deep
            if isinstance(exc, KpgovError):
                raise
            raise ParseError(f"not usable JSON: {_safe(exc)}", file=str(path)) from None
        prefix = "$"
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - {"observations"}, key=str)
            if unknown:
                raise ParseError(
                    "unknown key (not part of the format)",
                    file=str(path),
                    field=f"$.{_safe(unknown[0])}",
                )
            data = data.get("observations")
            prefix = "$.observations"
        if not isinstance(data, list):
            raise ParseError("expected a list of observations", file=str(path), field=prefix)
        for index, record in enumerate(data):
            where = f"{prefix}[{index}]"
            if not isinstance(record, Mapping):
                raise ParseError("an observation is a JSON object", file=str(path), field=where)
            yield index + 1, record, where
    else:
        for row, record in read_csv_rows(path, required=_REQUIRED):
            yield row, record, ""


def load_observations(
    path: str | Path, *, catalogue: Catalogue | None = None, year: int | None = None
) -> list[Observation]:
    """Read and validate the observations of a CSV or JSON file (see the module docs).

    Every bad record is reported in one :class:`~kpgov.errors.LoadError`, each problem as
    ``file:row: field: message`` (a JSON record's row is its 1-based index, its field a JSON
    path). Entities are checked against the packaged lists (``year`` also refuses a district
    that did not exist yet); a second report of one slot is an error. Each observation
    remembers its ``source``.
    """
    name = str(path)
    reader = _Reader(name, catalogue if catalogue is not None else load_catalogue(), year)
    errors = ErrorCollector(file=name)
    out: list[Observation] = []
    with errors.guard():
        for row, record, where in _records(Path(path)):
            observation = reader.observation(record, row, errors, where)
            if observation is not None:
                out.append(observation)
            if errors.full:
                break
    errors.raise_if_any()
    return out


def observations_from_records(
    records: Iterable[tuple[int, Mapping[str, Any]]],
    *,
    file: str,
    catalogue: Catalogue | None = None,
    year: int | None = None,
) -> list[Observation]:
    """Observations from ``(row, record)`` pairs with the columns of an observations CSV (an
    XLSX sheet or a DataFrame, say), validated exactly as :func:`load_observations` validates a
    file; every bad record is reported in one :class:`~kpgov.errors.LoadError`."""
    reader = _Reader(file, catalogue if catalogue is not None else load_catalogue(), year)
    errors = ErrorCollector(file=file)
    out: list[Observation] = []
    for row, record in records:
        observation = reader.observation(record, row, errors, "")
        if observation is not None:
            out.append(observation)
        if errors.full:
            break
    errors.raise_if_any()
    return out


def load_formula(path: str | Path) -> ScoringFormula:
    """Read a user scoring formula (the JSON format of ``scoring_default.json``)."""
    try:
        data = read_json(path)
    except (ValueError, RecursionError) as exc:  # a huge integer, or nesting too deep
        if isinstance(exc, KpgovError):
            raise
        raise ParseError(f"not usable JSON: {_safe(exc)}", file=str(path)) from None
    try:
        return ScoringFormula.from_dict(data)
    except KpgovError as exc:
        raise ParseError(exc.message, file=str(path), field=exc.field) from None


def _num(value: Decimal | None) -> float | int | None:  # float-ok: scores, not money
    """A score as a plain JSON number (2 decimal places at most, so the shortest repr of the
    binary floating-point number prints it exactly)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)  # float-ok: a score


def scorecard_to_dict(card: Scorecard) -> dict[str, Any]:
    """One scorecard as JSON-ready data, with the nine named indices and, per indicator, the
    explanation: raw values, normalisation, direction, weight, missing slots and points (the
    points add up to ``overall``)."""
    return {
        "entity": card.entity.name,
        "entity_kind": card.entity.kind.value,
        "rank": card.rank,
        "overall": _num(card.overall),
        "completeness": _num(card.completeness),
        "expected": card.expected,
        "reported": card.reported,
        "indices": [
            {
                "name": i.name,
                "pillar": i.pillar.value,
                "score": _num(i.score),
                "indicators": i.indicators,
            }
            for i in card.indices
        ],
        "pillars": [
            {
                "pillar": p.pillar.value,
                "score": _num(p.score),
                "indicators": p.indicators,
                "weight": _num(p.weight),
            }
            for p in card.pillars
        ],
        "indicators": [
            {
                "id": i.indicator_id,
                "pillar": i.pillar.value,
                "index": i.index,
                "score": _num(i.score),
                "points": _num(i.points),
                "direction": i.direction,
                "weight": _num(i.weight),
                "expected": i.expected,
                "reported": i.reported,
                "missing": list(i.missing),
                "slots": [
                    {
                        "slot": s.slot,
                        "value": _num(s.value),
                        "basis": s.basis,
                        "goal": _num(s.goal),
                        "set_by": list(s.set_by),
                        "score": _num(s.score),
                    }
                    for s in i.slots
                ],
            }
            for i in card.indicators
        ],
    }


def scoreboard_to_dict(board: Scoreboard) -> dict[str, Any]:
    """A scoreboard as JSON-ready data: plain numbers, the scorecards (see
    :func:`scorecard_to_dict`) and the named indices' definitions."""
    return {
        "formula": board.formula,
        "window": board.window,
        "launch": board.launch.isoformat(),
        "observations": board.observations,
        "ignored": board.ignored,
        "indices": [
            {
                "name": i.name,
                "pillar": i.pillar.value,
                "sections": list(i.sections),
                "reading": i.reading,
            }
            for i in named_indices()
        ],
        "scorecards": [scorecard_to_dict(card) for card in board.scorecards],
    }


#: The columns of ``kpgov indicators score --format csv``: one data row per scorecard.
SCOREBOARD_FIELDS: Final = (
    "entity_kind",
    "entity",
    "rank",
    "overall",
    "completeness",
    "expected",
    "reported",
    *(p.value for p in PillarCode),
    *(i.name for i in named_indices()),
)


def scoreboard_csv(board: Scoreboard) -> str:
    """The scorecards as CSV, one row per entity: plain numbers, an empty cell where there is
    no score; the named indices are columns (their names as spelled in the strategy). No
    total rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SCOREBOARD_FIELDS)
    for card in board.scorecards:
        writer.writerow(
            [
                card.entity.kind.value,
                card.entity.name,
                "" if card.rank is None else card.rank,
                *("" if v is None else str(v) for v in (card.overall, card.completeness)),
                card.expected,
                card.reported,
                *("" if p.score is None else str(p.score) for p in card.pillars),
                *("" if i.score is None else str(i.score) for i in card.indices),
            ]
        )
    return out.getvalue()


#: The columns of ``kpgov indicators explain --format csv``: one row per expected slot.
EXPLAIN_FIELDS: Final = (
    "indicator",
    "pillar",
    "index",
    "direction",
    "weight",
    "indicator_score",
    "points",
    "slot",
    "value",
    "basis",
    "goal",
    "set_by",
    "slot_score",
)


def explain_csv(card: Scorecard) -> str:
    """A scorecard's explanation as CSV: one row per expected slot (``value`` empty where the
    report is missing). ``points`` is repeated on each slot row of an indicator: sum it over
    distinct indicators, not over rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPLAIN_FIELDS)
    for i in card.indicators:
        for s in i.slots:
            writer.writerow(
                [
                    i.indicator_id,
                    i.pillar.value,
                    i.index,
                    i.direction,
                    str(i.weight),
                    "" if i.score is None else str(i.score),
                    str(i.points),
                    s.slot,
                    "" if s.value is None else str(s.value),
                    s.basis,
                    "" if s.goal is None else str(s.goal),
                    ";".join(s.set_by),
                    "" if s.score is None else str(s.score),
                ]
            )
    return out.getvalue()


def roll_up_to_dict(rollup: RollUp) -> dict[str, Any]:
    """A division's or the province's roll-up as JSON-ready data (marked by ``level``)."""
    return {
        "level": rollup.level,
        "name": rollup.name,
        "members": list(rollup.members),
        "overall": _num(rollup.overall),
        "completeness": _num(rollup.completeness),
        "indices": [{"name": n, "score": _num(v)} for n, v in rollup.indices],
    }


def review_to_dict(result: Review) -> dict[str, Any]:
    """A review window with its best and worst performers as JSON-ready data."""

    def brief(card: Scorecard) -> dict[str, Any]:
        return {
            "entity": card.entity.name,
            "entity_kind": card.entity.kind.value,
            "overall": _num(card.overall),
        }

    return {
        "level": result.window.level.value,
        "window": result.window.label,
        "division": result.division,
        "start": result.window.start.isoformat(),
        "end": result.window.end.isoformat(),
        "best": [brief(c) for c in result.best],
        "worst": [brief(c) for c in result.worst],
        "scoreboard": scoreboard_to_dict(result.board),
    }
