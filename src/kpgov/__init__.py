"""kpgov: Khyber Pakhtunkhwa public-finance law and governance policy as typed, tested code.

The names most users need are here; each domain package (``kpgov.accounts``,
``kpgov.budget``, ``kpgov.adp``, ``kpgov.calendar``, ``kpgov.indicators``, ``kpgov.storage``)
exports its own.

>>> from kpgov import FinancialYear, parse_amount, format_amount
>>> format_amount(parse_amount("Rs 181,650 thousand"))
'18,16,50,000'
>>> str(FinancialYear.parse("2016/17"))
'2016-17'
"""

from kpgov.errors import (
    ConflictError,
    KpgovError,
    NotFoundError,
    ParseError,
    StoreError,
    TransitionError,
    ValidationError,
)
from kpgov.findings import Finding, Report, Severity
from kpgov.law import PARAMETERS, Citation, Parameter, ParameterSet, Rule
from kpgov.money import format_amount, parse_amount
from kpgov.periods import FinancialYear, Month, Quarter

__version__ = "0.1.0"

__all__ = [
    "PARAMETERS",
    "Citation",
    "ConflictError",
    "FinancialYear",
    "Finding",
    "KpgovError",
    "Month",
    "NotFoundError",
    "Parameter",
    "ParameterSet",
    "ParseError",
    "Quarter",
    "Report",
    "Rule",
    "Severity",
    "StoreError",
    "TransitionError",
    "ValidationError",
    "__version__",
    "format_amount",
    "parse_amount",
]
