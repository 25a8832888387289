"""Load a user's Chart of Accounts catalogue (a CSV file, such as an IFMIS export).

The rows are read here; what they mean is decided by the pure
:func:`kpgov.accounts.catalogue_from_rows`, which reports a bad row with its file, row and
column. The columns are those of :data:`kpgov.accounts.CATALOGUE_COLUMNS`; ``code`` and
``name`` are required.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from kpgov.accounts import (
    Catalogue,
    CatalogueMerge,
    Confidence,
    catalogue_from_rows,
    shipped_catalogue,
)
from kpgov.io.files import read_csv_rows

__all__ = ["load_catalogue", "merge_catalogue"]


def load_catalogue(
    path: str | Path,
    *,
    confidence: Confidence = Confidence.USER,
    source: str | None = None,
    extra_columns: Literal["error", "ignore"] = "error",
) -> Catalogue:
    """Read a catalogue CSV. Rows without a ``confidence`` get ``confidence`` (``user`` by
    default) and rows without a ``source`` get ``source`` (the file name by default)."""
    name = str(path)
    rows = read_csv_rows(path, required=("code", "name"))
    return catalogue_from_rows(
        rows,
        file=name,
        default_confidence=confidence,
        default_source=source or Path(path).name,
        extra_columns=extra_columns,
    )


def merge_catalogue(
    path: str | Path,
    *,
    base: Catalogue | None = None,
    prefer: Literal["overlay", "base"] = "overlay",
    extra_columns: Literal["error", "ignore"] = "error",
) -> CatalogueMerge:
    """Read a catalogue CSV and merge it over ``base`` (the shipped catalogue by default).

    The result holds the merged catalogue and every conflict (a code whose name differs); by
    default your entries win, and each conflict says so.
    """
    overlay = load_catalogue(path, extra_columns=extra_columns)
    return (shipped_catalogue() if base is None else base).merge(overlay, prefer=prefer)
