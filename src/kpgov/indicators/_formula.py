"""Scoring formulas: the versioned default and user-supplied ones.

The strategy names its performance indices ("Government Transparency Index", "Public Service
Delivery Index" ...) but gives no formula. kpgov ships a documented default as data
(``kpgov/data/indicators/scoring_default.json``); a user formula is the same JSON with other
weights, targets, directions, owners or missing-data treatment.

Who owes an indicator is read from its responsibility cell (:mod:`._actors`); ``owners``
replaces that reading for an indicator with another responsibility text, read the same way.
A direction says whether more or less is better: ``lower_is_better`` lists the indicators whose
measure says less is better (a processing time, cases against the government); every other
indicator is "more is better", the documented default, which a formula may override.

>>> formula = default_formula()
>>> formula.id, formula.version, formula.missing
('kpgov-default', '2', <MissingData.ZERO: 'zero'>)
>>> formula.direction("GGS-PA-12"), formula.direction("GGS-SD-39")
('less', 'more')
>>> formula.pillar_weights[PillarCode.SD]
Decimal('1')
>>> custom = ScoringFormula.from_dict({**formula.to_dict(), "id": "mine", "missing": "exclude"})
>>> custom.missing
<MissingData.EXCLUDE: 'exclude'>
"""

from __future__ import annotations

import enum
import functools
import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any, Final

import attrs

from kpgov.errors import ParseError
from kpgov.indicators._actors import Responsibility, parse_responsibility, responsibility
from kpgov.indicators._catalogue import Indicator, PillarCode
from kpgov.indicators._entities import Entity, EntityKind

__all__ = ["MissingData", "ScoringFormula", "default_formula"]

_KEYS: Final = (
    "id",
    "version",
    "description",
    "missing",
    "pillar_weights",
    "indicator_weights",
    "targets",
    "lower_is_better",
    "excluded",
    "owners",
    "rationale",
)


_LARGEST: Final = Decimal("1E15")
_PLACES: Final = Decimal("1E-10")


class MissingData(enum.Enum):
    """How a missing report counts: ``zero`` scores it 0 (the default, so not reporting never
    pays); ``exclude`` leaves it out of the means (completeness still shows it)."""

    ZERO = "zero"
    EXCLUDE = "exclude"


@attrs.frozen
class ScoringFormula:
    """How observations become scores. Weights are relative (any non-negative Decimals);
    an indicator without an entry in ``indicator_weights`` weighs 1. Treat as read-only."""

    id: str
    version: str
    description: str = ""
    missing: MissingData = MissingData.ZERO
    pillar_weights: Mapping[PillarCode, Decimal] = attrs.field(
        factory=lambda: {code: Decimal(1) for code in PillarCode}
    )
    indicator_weights: Mapping[str, Decimal] = attrs.field(factory=dict)
    targets: Mapping[str, Decimal] = attrs.field(factory=dict)
    lower_is_better: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()
    owners: Mapping[str, str] = attrs.field(factory=dict)
    rationale: Mapping[str, str] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        for where, weights in (
            ("pillar_weights", self.pillar_weights),
            ("indicator_weights", self.indicator_weights),
        ):
            for key, weight in weights.items():
                if weight < 0:
                    raise ParseError(
                        f"a weight is never negative ({weight})", field=f"$.{where}.{key}"
                    )
        for key, target in self.targets.items():
            if target <= 0:
                raise ParseError(f"a target is positive ({target})", field=f"$.targets.{key}")
        for where, values in (
            ("pillar_weights", {k.value: v for k, v in self.pillar_weights.items()}),
            ("indicator_weights", self.indicator_weights),
            ("targets", self.targets),
        ):
            for key, value in values.items():
                if value > _LARGEST or value != value.quantize(_PLACES):
                    raise ParseError(
                        f"a weight or target lies within 0..10^15 with at most 10 decimal "
                        f"places, not {value}",
                        field=f"$.{where}.{key}",
                    )
        for key, text in self.owners.items():
            if not parse_responsibility(text).actors:
                raise ParseError(f"names no known entity: {text!r}", field=f"$.owners.{key}")

    @property
    def label(self) -> str:
        return f"{self.id} v{self.version}"

    def responsibility(self, indicator: Indicator) -> Responsibility:
        """Who owes ``indicator``: its cell read, or this formula's ``owners`` entry."""
        text = self.owners.get(indicator.id)
        return responsibility(indicator) if text is None else parse_responsibility(text)

    def applies(self, indicator: Indicator, kind: EntityKind) -> bool:
        """Whether ``indicator`` may be owed by some entity of ``kind`` under this formula."""
        if indicator.id in self.excluded:
            return False
        return kind in self.responsibility(indicator).kinds

    def owes(self, indicator: Indicator, entity: Entity) -> bool:
        """Whether ``entity`` owes reports of ``indicator`` under this formula: a named
        actor (the Health department) matches only that entity."""
        if indicator.id in self.excluded:
            return False
        return self.responsibility(indicator).owes(entity)

    def direction(self, indicator_id: str) -> str:
        """``"less"`` if less is better for the indicator, else ``"more"``."""
        return "less" if indicator_id in self.lower_is_better else "more"

    def weight(self, indicator_id: str) -> Decimal:
        return self.indicator_weights.get(indicator_id, Decimal(1))

    @classmethod
    def from_dict(cls, data: Any) -> ScoringFormula:
        """Read a formula from plain JSON data; unknown keys and bad values are ParseErrors
        naming the JSON path."""
        if not isinstance(data, Mapping):
            raise ParseError("a scoring formula is a JSON object", field="$")
        unknown = sorted(set(data) - set(_KEYS))
        if unknown:
            raise ParseError("unknown key (not part of the format)", field=f"$.{unknown[0]}")
        for key in ("id", "version"):
            if not isinstance(data.get(key), str) or not data[key]:
                raise ParseError("required text field is missing", field=f"$.{key}")
        try:
            missing = MissingData(data.get("missing", "zero"))
        except ValueError:
            raise ParseError("expected 'zero' or 'exclude'", field="$.missing") from None
        return cls(
            id=data["id"],
            version=data["version"],
            description=_text(data.get("description", ""), "$.description"),
            missing=missing,
            pillar_weights={
                _pillar(k): _decimal(v, f"$.pillar_weights.{k}")
                for k, v in _mapping(data.get("pillar_weights", {}), "$.pillar_weights").items()
            },
            indicator_weights=_decimals(data.get("indicator_weights", {}), "$.indicator_weights"),
            targets=_decimals(data.get("targets", {}), "$.targets"),
            lower_is_better=frozenset(_texts(data.get("lower_is_better", []), "$.lower_is_better")),
            excluded=frozenset(_texts(data.get("excluded", []), "$.excluded")),
            owners={
                str(k): _text(v, f"$.owners.{k}")
                for k, v in _mapping(data.get("owners", {}), "$.owners").items()
            },
            rationale={
                str(k): _text(v, f"$.rationale.{k}")
                for k, v in _mapping(data.get("rationale", {}), "$.rationale").items()
            },
        )

    def to_dict(self) -> dict[str, Any]:
        """The formula as plain JSON data (Decimals as text), readable by :meth:`from_dict`."""
        return {
            "id": self.id,
            "version": self.version,
            "description": self.description,
            "missing": self.missing.value,
            "pillar_weights": {k.value: str(v) for k, v in self.pillar_weights.items()},
            "indicator_weights": {k: str(v) for k, v in sorted(self.indicator_weights.items())},
            "targets": {k: str(v) for k, v in sorted(self.targets.items())},
            "lower_is_better": sorted(self.lower_is_better),
            "excluded": sorted(self.excluded),
            "owners": dict(sorted(self.owners.items())),
            "rationale": dict(self.rationale),
        }


def _mapping(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ParseError("expected a JSON object", field=path)
    return value


def _text(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise ParseError("expected text", field=path)
    return value


def _texts(value: object, path: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ParseError("expected a list of text", field=path)
    return list(value)


def _decimal(value: object, path: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise ParseError(f"expected a number written as text, not {value!r}", field=path)
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise ParseError(f"not a number: {value!r}", field=path) from None
    if not result.is_finite():
        raise ParseError(f"not a number: {value!r}", field=path)
    return result


def _decimals(value: object, path: str) -> dict[str, Decimal]:
    return {str(k): _decimal(v, f"{path}.{k}") for k, v in _mapping(value, path).items()}


def _pillar(key: str) -> PillarCode:
    try:
        return PillarCode(key)
    except ValueError:
        raise ParseError(
            "not a pillar code (OG, SD, CP, PA, IT)", field=f"$.pillar_weights.{key}"
        ) from None


@functools.cache
def default_formula() -> ScoringFormula:
    """kpgov's default formula, read from the packaged, versioned data file."""
    text = (
        resources.files("kpgov.data.indicators")
        .joinpath("scoring_default.json")
        .read_text(encoding="utf-8")
    )
    return ScoringFormula.from_dict(json.loads(text))
