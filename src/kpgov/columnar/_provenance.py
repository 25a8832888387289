"""Provenance for the records of a budget document read by the columnar path.

The same walk as ``kpgov.io._provenance.with_sources`` (which the columnar layer may not
import): each record that can remember where it was read gets its JSON path, such as
``$.ceilings[2]``, so that findings about it name the same location on both paths.
"""

from __future__ import annotations

from typing import Any, TypeVar

import attrs

from kpgov.errors import Location, is_provenance

__all__ = ["with_sources"]

T = TypeVar("T")


def _provenance_name(cls: type) -> str | None:
    if not attrs.has(cls):
        return None
    return next((f.name for f in attrs.fields(cls) if is_provenance(f)), None)


def with_sources(value: T, file: str | None, path: str = "$") -> T:
    """``value`` with every record in it located at its JSON path in ``file``."""
    return _walk(value, file, path)  # type: ignore[no-any-return]  # same type back


def _walk(value: Any, file: str | None, path: str) -> Any:
    if isinstance(value, tuple):
        items = [_walk(item, file, f"{path}[{n}]") for n, item in enumerate(value)]
        if any(new is not old for new, old in zip(items, value, strict=True)):
            return tuple(items)
        return value
    name = _provenance_name(type(value))
    if name is None:
        return value
    changes: dict[str, Any] = {}
    for field in attrs.fields(type(value)):
        if not field.init or is_provenance(field):
            continue
        inner = getattr(value, field.name)
        located = _walk(inner, file, f"{path}.{field.name}")
        if located is not inner:
            changes[field.alias or field.name] = located
    changes[name] = Location(file, field=path)
    return attrs.evolve(value, **changes)
