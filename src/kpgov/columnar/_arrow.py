"""The one place the columnar path imports pyarrow, with an error that says how to get it.

``pa`` and ``pc`` are re-exported as ``Any``: pyarrow's compute functions take plain Python
values where an Arrow scalar is meant (``pc.equal(column, "receipt")``) and its ``to_pylist``
gives optional values that a validated column never holds, which pyarrow-stubs' overloads
cannot see, so the Arrow calls are checked by the tests rather than by mypy.
"""

from __future__ import annotations

from typing import Any

try:
    import pyarrow as _pyarrow
    import pyarrow.compute as _compute
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "kpgov.columnar needs pyarrow: install the fast path with `pip install kpgov[fast]` "
        "(the pure-Python path in kpgov.budget works without it)"
    ) from exc

pa: Any = _pyarrow
pc: Any = _compute

__all__ = ["pa", "pc"]
