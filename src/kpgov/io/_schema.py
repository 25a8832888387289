"""One JSON Schema generator for kpgov's JSON formats, following the converter the loaders use.

:mod:`kpgov.convert` decides what a loader accepts for each type; this module says the same
thing as JSON Schema (draft 2020-12), from the same attrs classes: an amount is text or any
JSON number (the reader turns numbers into Decimal, never binary floating point), a date, a
year, a month or a code is text, an enum is one of its values, booleans, whole numbers and
text are taken as JSON writes them, a tuple or set is an array, an attrs class is an object of
its fields (provenance left out, unknown keys refused, fields without a default required). A
property test holds the schema and the loaders to agreeing on generated documents.

The schema checks shape; what the values mean (a valid code, an amount within bounds) is
checked when a document is read.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Final, Union

import attrs

from kpgov.accounts import EntityCode, FunctionCode, FundCode, ObjectCode, ProjectCode
from kpgov.errors import is_provenance
from kpgov.periods import FinancialYear, Month

__all__ = ["DRAFT", "SchemaBuilder", "tagged_union"]

#: The JSON Schema dialect kpgov's schemas are written in.
DRAFT: Final = "https://json-schema.org/draft/2020-12/schema"

_AMOUNT: Final = {
    "type": ["string", "number"],
    "description": "an amount in rupees: text as budget documents print it ('4,31,63,871', "
    "'1200.50', '12 lakh') or a JSON number (read exactly, never as binary floating point)",
}

#: What the converter accepts for each leaf type (see kpgov.convert).
LEAVES: Final[Mapping[type, dict[str, Any]]] = {
    Decimal: _AMOUNT,
    date: {"type": "string", "format": "date", "description": "ISO date, '2016-07-01'"},
    FinancialYear: {"type": "string", "pattern": r"^\d{4}-\d{2}$", "description": "'2025-26'"},
    Month: {"type": "string", "pattern": r"^\d{4}-\d{1,2}$", "description": "'2025-07'"},
    EntityCode: {"type": "string", "description": "entity code, as ABT-EDU-ED01"},
    ObjectCode: {"type": "string", "description": "object code, as A01101"},
    FunctionCode: {"type": "string", "description": "function code, as 011101"},
    FundCode: {"type": "string", "description": "fund code, as DF-R-1-012"},
    ProjectCode: {"type": "string", "description": "project code"},
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
}


def _doc(cls: type) -> str:
    return " ".join((cls.__doc__ or "").strip().split("\n\n")[0].split())


class SchemaBuilder:
    """Builds schemas into one ``$defs`` table, an attrs class once each.

    >>> from kpgov.budget import Demand
    >>> builder = SchemaBuilder()
    >>> builder.schema_of(Demand)
    {'$ref': '#/$defs/Demand'}
    >>> builder.defs["Demand"]["required"]
    ['grant', 'title', 'kind']
    """

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def schema_of(self, tp: Any) -> dict[str, Any]:
        """The schema of a value of type ``tp`` as the converter structures it."""
        origin = typing.get_origin(tp)
        if origin in (Union, types.UnionType):
            args = typing.get_args(tp)
            if set(args) - {type(None)} == {Month, FinancialYear}:
                period = {"type": "string", "description": "a month '2019-08' or a year '2019-20'"}
                return {"anyOf": [period, {"type": "null"}]} if type(None) in args else period
            options = [self.schema_of(arg) for arg in args if arg is not type(None)]
            if type(None) in args:
                options.append({"type": "null"})
            return options[0] if len(options) == 1 else {"anyOf": options}
        if origin in (tuple, list, frozenset, set):
            schema: dict[str, Any] = {
                "type": "array",
                "items": self.schema_of(typing.get_args(tp)[0]),
            }
            if origin in (frozenset, set):
                schema["uniqueItems"] = True
            return schema
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return {"enum": [member.value for member in tp]}
        if isinstance(tp, type) and tp in LEAVES:
            return dict(LEAVES[tp])
        if isinstance(tp, type) and attrs.has(tp):
            name = tp.__name__
            if name not in self.defs:
                self.defs[name] = {}  # a placeholder while its fields are built
                self.defs[name] = self.object_schema(tp)
            return {"$ref": f"#/$defs/{name}"}
        raise TypeError(f"no JSON Schema for {tp!r}")

    def object_schema(self, cls: type, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
        """The object schema of an attrs class's fields (not a reference)."""
        hints = typing.get_type_hints(cls)
        left_out = set(exclude)
        fields = [
            f
            for f in attrs.fields(cls)
            if f.init and not is_provenance(f) and f.name not in left_out
        ]
        return {
            "type": "object",
            "description": _doc(cls),
            "properties": {f.name: self.schema_of(hints[f.name]) for f in fields},
            "required": [f.name for f in fields if f.default is attrs.NOTHING],
            "additionalProperties": False,
        }


def tagged_union(builder: SchemaBuilder, tag: str, members: Mapping[str, type]) -> dict[str, Any]:
    """The schema of an object that names its class in ``tag`` (``{"kind": "receipt", ...}``):
    one of the members, each with its tag value required."""
    options = []
    for value, cls in members.items():
        ref = builder.schema_of(cls)
        body = builder.defs[cls.__name__]
        body["properties"] = {tag: {"const": value}, **body["properties"]}
        body["required"] = [tag, *body["required"]]
        options.append(ref)
    return {"oneOf": options}
