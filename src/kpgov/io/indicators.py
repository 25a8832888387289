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

from kpgov.errors import KpgovError, ParseError, ValidationError
from kpgov.indicators import (
    Catalogue,
    Entity,
    EntityKind,
    Frequency,
    Indicator,
    Observation,
    Period,
    Scoreboard,
    ScoringFormula,
    load_catalogue,
    parse_value,
    percent_of,
    validate_observation,
)
from kpgov.io.files import read_csv_rows, read_json
from kpgov.periods import FinancialYear, Month

__all__ = [
    "CATALOGUE_FIELDS",
    "catalogue_csv",
    "indicator_to_dict",
    "load_formula",
    "load_observations",
    "scoreboard_to_dict",
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
    "evidence",
    "notes",
)


def indicator_to_dict(indicator: Indicator) -> dict[str, str]:
    """An indicator as flat JSON/CSV data: the cells as written plus ``measure_kind``."""
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
    scoring faster) and reporting errors with their location."""

    def __init__(self, name: str, catalogue: Catalogue) -> None:
        self.name = name
        self.catalogue = catalogue
        self.entities: dict[tuple[str, str], Entity] = {}
        self.periods: dict[tuple[str, bool], Period] = {}

    def observation(self, record: Mapping[str, Any], row: int) -> Observation:
        unknown = sorted(set(record) - set(_KEYS))
        if unknown:
            raise ParseError(
                "unknown column (not part of the format)", file=self.name, row=row, field=unknown[0]
            )
        for key in _REQUIRED:
            if _text(record.get(key)) == "":
                raise ParseError("required value is missing", file=self.name, row=row, field=key)
        field = "indicator"
        try:
            indicator = self.catalogue[_text(record["indicator"])]
            field = "entity"
            entity = self._entity(_text(record.get("entity_kind")) or "district", record)
            field = "period"
            period = self._period(_text(record["period"]), indicator.frequency)
            field = "numerator"
            numerator = _optional(record.get("numerator"))
            field = "denominator"
            denominator = _optional(record.get("denominator"))
            field = "value"
            text = _text(record.get("value"))
            if text:
                value = parse_value(text, indicator.measure_kind)
            elif numerator is not None and denominator is not None:
                value = percent_of(numerator, denominator)
            else:
                raise ParseError("required value is missing (or numerator and denominator)")
            observation = Observation(
                indicator.id,
                entity,
                period,
                value,
                numerator=numerator,
                denominator=denominator,
                evidence=_text(record.get("evidence")),
            )
            validate_observation(observation, self.catalogue)
        except KpgovError as exc:
            kind = ValidationError if isinstance(exc, ValidationError) else ParseError
            raise kind(exc.message, file=self.name, row=row, field=exc.field or field) from None
        return observation

    def _entity(self, kind_text: str, record: Mapping[str, Any]) -> Entity:
        name = _text(record["entity"])
        key = (kind_text, name)
        entity = self.entities.get(key)
        if entity is None:
            try:
                kind = EntityKind(kind_text)
            except ValueError:
                raise ParseError(
                    f"entity_kind is district, division or department, not {kind_text!r}",
                    field="entity_kind",
                ) from None
            entity = self.entities[key] = Entity(kind, name)
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


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value).strip()


def _optional(value: object) -> Decimal | None:
    text = _text(value)
    if not text:
        return None
    try:
        return Decimal(text.replace(",", ""))
    except ArithmeticError:
        raise ParseError(f"not a number: {text!r}") from None


def _records(path: Path) -> Iterator[tuple[int, Mapping[str, Any]]]:
    if path.suffix.lower() == ".json":
        data = read_json(path)
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - {"observations"})
            if unknown:
                raise ParseError(
                    "unknown key (not part of the format)", file=str(path), field=f"$.{unknown[0]}"
                )
            data = data.get("observations")
        if not isinstance(data, list):
            raise ParseError("expected a list of observations", file=str(path), field="$")
        for index, record in enumerate(data):
            if not isinstance(record, Mapping):
                raise ParseError("an observation is a JSON object", file=str(path), row=index + 1)
            yield index + 1, record
    else:
        yield from read_csv_rows(path, required=_REQUIRED)


def load_observations(path: str | Path, *, catalogue: Catalogue | None = None) -> list[Observation]:
    """Read and validate the observations of a CSV or JSON file (see the module docs)."""
    reader = _Reader(str(path), catalogue if catalogue is not None else load_catalogue())
    return [reader.observation(record, row) for row, record in _records(Path(path))]


def load_formula(path: str | Path) -> ScoringFormula:
    """Read a user scoring formula (the JSON format of ``scoring_default.json``)."""
    data = read_json(path)
    try:
        return ScoringFormula.from_dict(data)
    except KpgovError as exc:
        raise ParseError(exc.message, file=str(path), field=exc.field) from None


def scoreboard_to_dict(board: Scoreboard) -> dict[str, Any]:
    """A scoreboard as JSON-ready data (scores as text, so they round-trip exactly)."""

    def num(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return {
        "formula": board.formula,
        "window": board.window,
        "launch": board.launch.isoformat(),
        "observations": board.observations,
        "ignored": board.ignored,
        "scorecards": [
            {
                "entity": card.entity.name,
                "entity_kind": card.entity.kind.value,
                "rank": card.rank,
                "overall": num(card.overall),
                "completeness": num(card.completeness),
                "expected": card.expected,
                "reported": card.reported,
                "pillars": {p.pillar.value: num(p.score) for p in card.pillars},
                "indicators": {
                    i.indicator_id: {
                        "score": num(i.score),
                        "expected": i.expected,
                        "reported": i.reported,
                    }
                    for i in card.indicators
                },
            }
            for card in board.scorecards
        ],
    }
