"""The Good Governance Strategy 2019 catalogue: pillars, interventions and indicators.

The catalogue is package data (``kpgov/data/indicators/ggs_indicators.csv`` and
``pillars.json``), transcribed from the strategy's indicator tables; see
``tools/extract_ggs_indicators.py`` for how it was made and the ``notes`` column for every
source defect (missing names, split cells, repeated numbers).

>>> catalogue = load_catalogue()
>>> len(catalogue)
205
>>> og12 = catalogue["GGS-OG-12"]
>>> og12.name
'Publishing of licenses, NOCs, permits and validity online'
>>> og12.measure_kind.value, og12.timeframe.value, og12.frequency.value
('number', 'mid-term', 'real-time')
>>> str(og12.citation)  # doctest: +ELLIPSIS
'Good Governance Strategy 2019, Open Government & Transparency, indicator 12: Publishing ...'
>>> [i.id for i in catalogue.in_pillar(PillarCode.IT) if i.source_number in ("7", "17")]
['GGS-IT-07', 'GGS-IT-07a', 'GGS-IT-17', 'GGS-IT-17a']
"""

from __future__ import annotations

import csv
import enum
import functools
import io
import json
from collections.abc import Iterator, Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any, Final

import attrs

from kpgov.errors import NotFoundError, ValidationError
from kpgov.law import Citation, parse_rule_id

__all__ = [
    "Catalogue",
    "Frequency",
    "Indicator",
    "MeasureKind",
    "Pillar",
    "PillarCode",
    "Timeframe",
    "load_catalogue",
]

_DATA: Final = "kpgov.data.indicators"


class PillarCode(enum.Enum):
    """The five pillars of the strategy, by the codes used in indicator ids (DESIGN.md)."""

    OG = "OG"
    SD = "SD"
    CP = "CP"
    PA = "PA"
    IT = "IT"


class MeasureKind(enum.Enum):
    """What an indicator's "Measure/Scale" column asks for.

    ``UNSPECIFIED`` is for the rows whose measure the source leaves empty, gives as ``-`` or
    as ``1`` (see each row's notes); their values are read as numbers.
    """

    YES_NO = "yes/no"
    NUMBER = "number"
    PERCENT = "percent"
    UNSPECIFIED = "unspecified"

    @classmethod
    def of(cls, text: str) -> MeasureKind:
        return {"Yes/No": cls.YES_NO, "Number": cls.NUMBER, "%": cls.PERCENT}.get(
            text, cls.UNSPECIFIED
        )


class Timeframe(enum.Enum):
    """The implementation timeframes ("IMPLEMENTATION TIME-FRAME" of the strategy).

    Immediate: monitored immediately after the launch; short-term: implemented within 3
    months; mid-term: within 6 months; long-term: within 12 months. ``UNKNOWN`` is for a cell
    that is not one of these (GGS-PA-23 says "Yearly").
    """

    IMMEDIATE = "immediate"
    SHORT_TERM = "short-term"
    MID_TERM = "mid-term"
    LONG_TERM = "long-term"
    UNKNOWN = "unknown"

    @property
    def months(self) -> int | None:
        """Months after the launch by which the indicator is implemented (None if unknown)."""
        return {"immediate": 0, "short-term": 3, "mid-term": 6, "long-term": 12}.get(self.value)

    @classmethod
    def of(cls, text: str) -> Timeframe:
        try:
            return cls(text.lower())
        except ValueError:
            return cls.UNKNOWN


class Frequency(enum.Enum):
    """The "Frequency" column: how often data is collected. ``UNKNOWN`` where the cell is
    empty, ``-`` or lost in the extracted text."""

    REAL_TIME = "real-time"
    MONTHLY = "monthly"
    YEARLY = "yearly"
    ONCE = "once"
    UNKNOWN = "unknown"

    @classmethod
    def of(cls, text: str) -> Frequency:
        try:
            return cls(text.lower())
        except ValueError:
            return cls.UNKNOWN


def _check_id(_instance: object, _attribute: object, value: str) -> None:
    parse_rule_id(value)
    if not value.startswith("GGS-"):
        raise ValidationError(f"an indicator id starts with 'GGS-', not {value!r}")


@attrs.frozen
class Indicator:
    """One performance indicator of the strategy, with its table row as written.

    ``measure``, ``timeframe_text`` and ``frequency_text`` keep the cells as written;
    ``measure_kind``, ``timeframe`` and ``frequency`` are their readings. Where a frequency
    cell is garbled, ``frequency_read`` holds kpgov's inferred reading (noted), never the
    cell. ``notes`` records data-quality problems of the extracted source text.
    """

    id: str = attrs.field(validator=_check_id)
    pillar: PillarCode
    intervention: str
    source_number: str
    name: str
    beneficiary: str
    measure: str
    data_system: str
    data_agency: str
    responsibility: str
    timeframe_text: str
    frequency_text: str
    evidence: str
    notes: str = ""
    source_line: int = 0
    excerpt: str = ""
    frequency_read: str = ""
    measure_kind: MeasureKind = attrs.field(init=False, eq=False, repr=False)
    timeframe: Timeframe = attrs.field(init=False, eq=False, repr=False)
    frequency: Frequency = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "measure_kind", MeasureKind.of(self.measure))
        object.__setattr__(self, "timeframe", Timeframe.of(self.timeframe_text))
        object.__setattr__(
            self, "frequency", Frequency.of(self.frequency_read or self.frequency_text)
        )

    @property
    def citation(self) -> Citation:
        """The strategy's indicator as a citation. The excerpt quotes the seed row: the name,
        with ``...`` where the extracted text split it, or another cell where it is missing."""
        number = self.source_number or "(unnumbered)"
        return Citation(
            "GGS",
            f"{_PILLAR_NAMES[self.pillar]}, indicator {number}",
            self.excerpt or self.name,
        )


_PILLAR_NAMES: Final[Mapping[PillarCode, str]] = {
    PillarCode.OG: "Open Government & Transparency",
    PillarCode.SD: "Public Service Delivery",
    PillarCode.CP: "Citizen Participation",
    PillarCode.PA: "Performance & Accountability",
    PillarCode.IT: "Ideas, Innovations & Technology",
}


@attrs.frozen
class Pillar:
    """A pillar with the interventions, objectives and performance indices its page names."""

    code: PillarCode
    name: str
    interventions: tuple[str, ...]
    objectives: tuple[str, ...]
    indices: tuple[str, ...]
    notes: str = ""


@attrs.frozen
class Catalogue:
    """The indicators by id, in source order, with the pillars."""

    indicators: tuple[Indicator, ...]
    pillars: tuple[Pillar, ...]
    _by_id: Mapping[str, Indicator] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by_id: dict[str, Indicator] = {}
        for indicator in self.indicators:
            if indicator.id in by_id:
                raise ValidationError(f"indicator id {indicator.id} is used twice")
            by_id[indicator.id] = indicator
        object.__setattr__(self, "_by_id", MappingProxyType(by_id))

    def __len__(self) -> int:
        return len(self.indicators)

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.indicators)

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self._by_id

    def __getitem__(self, indicator_id: str) -> Indicator:
        try:
            return self._by_id[indicator_id]
        except KeyError:
            raise NotFoundError(f"no indicator {indicator_id!r} in the catalogue") from None

    def in_pillar(self, pillar: PillarCode | str) -> tuple[Indicator, ...]:
        code = PillarCode(pillar) if isinstance(pillar, str) else pillar
        return tuple(i for i in self.indicators if i.pillar is code)

    def pillar(self, pillar: PillarCode | str) -> Pillar:
        code = PillarCode(pillar) if isinstance(pillar, str) else pillar
        return next(p for p in self.pillars if p.code is code)

    def interventions(self, pillar: PillarCode | str) -> tuple[str, ...]:
        """The table sub-headings of a pillar, in source order."""
        return tuple(dict.fromkeys(i.intervention for i in self.in_pillar(pillar)))


def _read_text(name: str) -> str:
    return resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")


def _indicator(row: Mapping[str, str]) -> Indicator:
    return Indicator(
        id=row["id"],
        pillar=PillarCode(row["pillar"]),
        intervention=row["intervention"],
        source_number=row["source_number"],
        name=row["name"],
        beneficiary=row["beneficiary"],
        measure=row["measure"],
        data_system=row["data_system"],
        data_agency=row["data_agency"],
        responsibility=row["responsibility"],
        timeframe_text=row["timeframe"],
        frequency_text=row["frequency"],
        evidence=row["evidence"],
        notes=row["notes"],
        source_line=int(row["source_line"]),
        excerpt=row["excerpt"],
        frequency_read=row["frequency_read"],
    )


def _pillar(data: Mapping[str, Any]) -> Pillar:
    return Pillar(
        code=PillarCode(data["code"]),
        name=data["name"],
        interventions=tuple(data["interventions"]),
        objectives=tuple(data["objectives"]),
        indices=tuple(data["indices"]),
        notes=data["notes"],
    )


@functools.cache
def load_catalogue() -> Catalogue:
    """The packaged catalogue of the Good Governance Strategy 2019 (read once, then cached)."""
    rows = csv.DictReader(io.StringIO(_read_text("ggs_indicators.csv")))
    indicators = tuple(_indicator(row) for row in rows)
    pillars = tuple(_pillar(p) for p in json.loads(_read_text("pillars.json"))["pillars"])
    return Catalogue(indicators, pillars)
