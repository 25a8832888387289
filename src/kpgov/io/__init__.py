"""Loaders and exporters at the edge of kpgov: JSON and CSV files in, reports and tables out.

The domain packages never read files; these functions do, structuring what they read through
:mod:`kpgov.convert` and reporting bad input with its file, row and field. :func:`write_workbook`
is the one XLSX writer (printed-form tables with grouped headings and lakh number formats).

For analysts (see docs/analysts.md): :func:`to_pandas` and :func:`to_arrow` tabulate any
statement kpgov computes, and :func:`lines_from_frame` and :func:`movements_from_frame` read
budget lines and ledger movements back; :func:`read_budget_lines`, :func:`read_movements` and
:func:`read_observations` read workbooks; :func:`write_xlsx` writes statements as workbooks;
:func:`fiscal_data_package` exports a budget as a Fiscal Data Package; :func:`budget_html`,
:func:`ledger_html` and :func:`scoreboard_html` write self-contained HTML reports. pandas,
pyarrow, openpyxl and matplotlib are imported only when these functions run.
"""

from kpgov.io._records import MOVEMENT_COLUMNS
from kpgov.io._xlsx import (
    LAKH_FORMAT,
    XlsxCell,
    XlsxColumn,
    XlsxColumnKind,
    XlsxSheet,
    XlsxTable,
    write_workbook,
)
from kpgov.io.fdp import fiscal_data_package, write_fiscal_data_package
from kpgov.io.files import read_csv_rows, read_json
from kpgov.io.frames import (
    Amounts,
    ledger_from_frame,
    lines_from_frame,
    movements_from_frame,
    to_arrow,
    to_pandas,
)
from kpgov.io.html import budget_html, ledger_html, scoreboard_html
from kpgov.io.spreadsheets import (
    AdpListItem,
    read_adp_list,
    read_budget_lines,
    read_movements,
    read_observations,
    read_rows,
)
from kpgov.io.workbooks import sheets_of, write_xlsx

__all__ = [
    "LAKH_FORMAT",
    "MOVEMENT_COLUMNS",
    "AdpListItem",
    "Amounts",
    "XlsxCell",
    "XlsxColumn",
    "XlsxColumnKind",
    "XlsxSheet",
    "XlsxTable",
    "budget_html",
    "fiscal_data_package",
    "ledger_from_frame",
    "ledger_html",
    "lines_from_frame",
    "movements_from_frame",
    "read_adp_list",
    "read_budget_lines",
    "read_csv_rows",
    "read_json",
    "read_movements",
    "read_observations",
    "read_rows",
    "scoreboard_html",
    "sheets_of",
    "to_arrow",
    "to_pandas",
    "write_fiscal_data_package",
    "write_workbook",
    "write_xlsx",
]
