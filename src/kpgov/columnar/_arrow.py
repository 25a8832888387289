"""The one place the columnar path imports pyarrow, with an error that says how to get it."""

from __future__ import annotations

try:
    import pyarrow as pa
    import pyarrow.compute as pc
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "kpgov.columnar needs pyarrow: install the fast path with `pip install kpgov[fast]` "
        "(the pure-Python path in kpgov.budget works without it)"
    ) from exc

__all__ = ["pa", "pc"]
