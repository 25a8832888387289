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

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # not typing's: importing typing alone costs `kpgov --version` 5-30 ms
if TYPE_CHECKING:
    from typing import Any

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

# The names above are imported when first used (PEP 562), so that ``import kpgov`` (and
# ``kpgov --version``) does not pay for attrs and the primitives until they are needed.
_HOMES = {
    "ConflictError": "kpgov.errors",
    "KpgovError": "kpgov.errors",
    "NotFoundError": "kpgov.errors",
    "ParseError": "kpgov.errors",
    "StoreError": "kpgov.errors",
    "TransitionError": "kpgov.errors",
    "ValidationError": "kpgov.errors",
    "Finding": "kpgov.findings",
    "Report": "kpgov.findings",
    "Severity": "kpgov.findings",
    "PARAMETERS": "kpgov.law",
    "Citation": "kpgov.law",
    "Parameter": "kpgov.law",
    "ParameterSet": "kpgov.law",
    "Rule": "kpgov.law",
    "format_amount": "kpgov.money",
    "parse_amount": "kpgov.money",
    "FinancialYear": "kpgov.periods",
    "Month": "kpgov.periods",
    "Quarter": "kpgov.periods",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'kpgov' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
