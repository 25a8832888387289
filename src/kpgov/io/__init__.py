"""Loaders and exporters at the edge of kpgov: JSON and CSV files in, reports and tables out.

The domain packages never read files; these functions do, structuring what they read through
:mod:`kpgov.convert` and reporting bad input with its file, row and field. :func:`write_workbook`
is the one XLSX writer (printed-form tables with grouped headings and lakh number formats).
"""

from kpgov.io._xlsx import (
    LAKH_FORMAT,
    XlsxCell,
    XlsxColumn,
    XlsxColumnKind,
    XlsxSheet,
    write_workbook,
)
from kpgov.io.files import read_csv_rows, read_json

__all__ = [
    "LAKH_FORMAT",
    "XlsxCell",
    "XlsxColumn",
    "XlsxColumnKind",
    "XlsxSheet",
    "read_csv_rows",
    "read_json",
    "write_workbook",
]
