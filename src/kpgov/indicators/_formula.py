"""Scoring formulas: the versioned default and user-supplied ones.

The strategy names its performance indices ("Government Transparency Index", "Public Service
Delivery Index" ...) but gives no formula. kpgov ships a documented default as data
(``kpgov/data/indicators/scoring_default.json``); a user formula is the same JSON with other
weights, targets, directions, applicability or missing-data treatment.

>>> formula = default_formula()
>>> formula.id, formula.version, formula.missing
('kpgov-default', '1', <MissingData.ZERO: 'zero'>)
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
from kpgov.indicators._catalogue import Indicator, PillarCode
from kpgov.indicators._observations import EntityKind

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
    "applicability",
    "rationale",
)


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
    applicability: Mapping[EntityKind, tuple[str, ...]] = attrs.field(factory=dict)
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

    @property
    def label(self) -> str:
        return f"{self.id} v{self.version}"

    def applies(self, indicator: Indicator, kind: EntityKind) -> bool:
        """Whether ``indicator`` is expected from entities of ``kind`` under this formula."""
        if indicator.id in self.excluded:
            return False
        keywords = self.applicability.get(kind, ())
        return any(word in indicator.responsibility for word in keywords)

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
            applicability={
                _kind(k): tuple(_texts(v, f"$.applicability.{k}"))
                for k, v in _mapping(data.get("applicability", {}), "$.applicability").items()
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
            "applicability": {k.value: list(v) for k, v in self.applicability.items()},
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


def _kind(key: str) -> EntityKind:
    try:
        return EntityKind(key)
    except ValueError:
        raise ParseError(
            "not an entity kind (district, division, department)", field=f"$.applicability.{key}"
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
