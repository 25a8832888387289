"""Loaders and exporters at the edge of kpgov: JSON and CSV files in, reports and tables out.

The domain packages never read files; these functions do, structuring what they read through
:mod:`kpgov.convert` and reporting bad input with its file, row and field.
"""

from kpgov.io.files import read_csv_rows, read_json

__all__ = ["read_csv_rows", "read_json"]
