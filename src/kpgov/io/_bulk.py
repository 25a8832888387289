"""Bulk loads without the cyclic garbage collector (issue 12)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["bulk"]


@contextmanager
def bulk() -> Iterator[None]:
    """Keep the cyclic garbage collector out of a bulk load (parsing, converting, building):
    the rows, records and locations a loader makes hold no cycles (reference counting frees
    them), and without this every few thousand new objects would make it rescan all those
    made so far. Nested uses leave it to the outermost; it is switched back on at the end only
    if it was on at the start."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
