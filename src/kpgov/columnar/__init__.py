"""The optional columnar fast path (``pip install kpgov[fast]``): bulk records as Arrow tables.

Budget lines are read from CSV, Parquet or an XLSX sheet into an Arrow table a column at a time
(each distinct code parsed once with the converters :class:`~kpgov.budget.BudgetLine` uses,
amounts as exact ``decimal128``), and the checks that read every line run on the columns: the
same findings as the pure path (rule, subject, message, amounts, location), made only for the
rows that break a rule. Domain objects are built only when a caller asks
(:meth:`BudgetTable.lines`). KPI observations are read the same way (:func:`read_observations`)
and scored on the columns (:func:`score_table`: slot positions, duplicates and peer bests by
group-bys and joins, exact integer sums), giving the scoreboard :func:`kpgov.indicators.score`
gives. A ledger's movements become a table
(:func:`ledger_table`, every field of every movement in its column) whose position
(:meth:`LedgerTable.position`) is two hash group-bys, and whose checks
(:func:`check_ledger_table`, the findings of :func:`kpgov.budget.check_ledger`) are grouped
cumulative sums and masks.

A ledger file is read straight into a :class:`LedgerTable` (:func:`read_ledger`), and a flat
movements table from CSV, Parquet or XLSX (:func:`read_movements`), a column at a time: each
distinct value converted once by the movement classes' own converters and validators, the
rules between fields as column masks, every bad movement reported where the pure loaders
report it.

Design note. The engine is pyarrow's compute functions: pyarrow is the declared ``fast`` extra,
it has exact ``decimal128`` sums and a hash ``group_by``, and on the benchmark of issue 12
(``benchmarks/bench_province.py``) it is within reach of polars and DuckDB, which would be two
more runtime dependencies of 30-50 MB each. The pure path stays the reference: property tests
generate budgets, ledgers and observation sets and assert both paths give equal findings,
totals, positions and scoreboards. Core kpgov never imports
this package; importing it without pyarrow raises an ImportError that says how to install it.
"""

from kpgov.columnar._budget import (
    AMOUNT_COLUMNS,
    LINE_COLUMNS,
    BudgetTable,
    ColumnarBudget,
    read_budget,
    read_budget_lines,
)
from kpgov.columnar._budget_checks import (
    COLUMNAR_CHECKS,
    budget_abstract,
    budget_totals,
    check_balance_table,
    check_budget_table,
    check_ceilings_table,
    check_conditional_grants_table,
    check_lines_table,
)
from kpgov.columnar._ledger import (
    COPIES_SEPARATOR,
    MOVEMENT_COLUMNS,
    MOVEMENT_KINDS,
    LedgerTable,
    ledger_position,
    ledger_table,
)
from kpgov.columnar._ledger_checks import check_ledger_table
from kpgov.columnar._ledger_read import read_ledger, read_movements
from kpgov.columnar._scoring import (
    OBSERVATION_COLUMNS,
    observations_table,
    read_observations,
    score_table,
    table_observations,
)

__all__ = [
    "AMOUNT_COLUMNS",
    "COLUMNAR_CHECKS",
    "COPIES_SEPARATOR",
    "LINE_COLUMNS",
    "MOVEMENT_COLUMNS",
    "MOVEMENT_KINDS",
    "OBSERVATION_COLUMNS",
    "BudgetTable",
    "ColumnarBudget",
    "LedgerTable",
    "budget_abstract",
    "budget_totals",
    "check_balance_table",
    "check_budget_table",
    "check_ceilings_table",
    "check_conditional_grants_table",
    "check_ledger_table",
    "check_lines_table",
    "ledger_position",
    "ledger_table",
    "observations_table",
    "read_budget",
    "read_budget_lines",
    "read_ledger",
    "read_movements",
    "read_observations",
    "score_table",
    "table_observations",
]
