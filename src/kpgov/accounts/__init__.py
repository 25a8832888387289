"""Chart of Accounts: typed codes for the five elements, a sourced catalogue, the
classifications of BR-11 and BR-12, their rule checks, and exact roll-ups.

>>> from kpgov.accounts import parse_object, lookup
>>> code = parse_object("a-01101")
>>> str(code), code.level.value, str(code.parent)
('A01101', 'detailed', 'A011')
>>> lookup(code).name
'Basic Pay'

See ``docs/accounts.md`` for the design note and more examples.
"""

from kpgov.accounts import _rules  # noqa: F401  # registers the rules of this package
from kpgov.accounts._catalogue import (
    CATALOGUE_COLUMNS,
    AnyCode,
    Catalogue,
    CatalogueEntry,
    CatalogueMerge,
    CatalogueRecord,
    Confidence,
    Coverage,
    MergeConflict,
    catalogue_from_rows,
    children,
    descendants,
    lookup,
    parse_code,
    search,
    shipped_catalogue,
)
from kpgov.accounts._checks import (
    LOAD_CHART_HINT,
    check_catalogue,
    check_classification,
    check_expenditure,
    check_lump_sum,
    check_public_account,
    check_receipt,
    summarise_unconfirmed,
)
from kpgov.accounts._classification import (
    ChargedCategory,
    ExpenditureClassification,
    PublicAccountClassification,
    PublicAccountKind,
    ReceiptClassification,
)
from kpgov.accounts._codes import (
    Element,
    EntityCode,
    EntityLevel,
    Family,
    FunctionCode,
    FunctionLevel,
    FundCode,
    FundKind,
    FundLevel,
    FundSource,
    ObjectCode,
    ObjectLevel,
    ProjectCode,
    ProjectLevel,
    SubFund,
    parse_entity,
    parse_function,
    parse_fund,
    parse_object,
    parse_project,
)
from kpgov.accounts._rollup import Rollup, roll_up, roll_up_columns, roll_up_lines

__all__ = [
    "CATALOGUE_COLUMNS",
    "LOAD_CHART_HINT",
    "AnyCode",
    "Catalogue",
    "CatalogueEntry",
    "CatalogueMerge",
    "CatalogueRecord",
    "ChargedCategory",
    "Confidence",
    "Coverage",
    "Element",
    "EntityCode",
    "EntityLevel",
    "ExpenditureClassification",
    "Family",
    "FunctionCode",
    "FunctionLevel",
    "FundCode",
    "FundKind",
    "FundLevel",
    "FundSource",
    "MergeConflict",
    "ObjectCode",
    "ObjectLevel",
    "ProjectCode",
    "ProjectLevel",
    "PublicAccountClassification",
    "PublicAccountKind",
    "ReceiptClassification",
    "Rollup",
    "SubFund",
    "catalogue_from_rows",
    "check_catalogue",
    "check_classification",
    "check_expenditure",
    "check_lump_sum",
    "check_public_account",
    "check_receipt",
    "children",
    "descendants",
    "lookup",
    "parse_code",
    "parse_entity",
    "parse_function",
    "parse_fund",
    "parse_object",
    "parse_project",
    "roll_up",
    "roll_up_columns",
    "roll_up_lines",
    "search",
    "shipped_catalogue",
    "summarise_unconfirmed",
]
