"""The First and Third Schedule forms of the Budget Rules 2016 (issue 14).

See docs/forms.md for the design note and the list of forms.
"""

from kpgov.forms._model import (
    CATALOGUE_SOURCE,
    Form,
    FormColumn,
    FormPart,
    HeadingState,
    Schedule,
    all_forms,
    get_form,
)

__all__ = [
    "CATALOGUE_SOURCE",
    "Form",
    "FormColumn",
    "FormPart",
    "HeadingState",
    "Schedule",
    "all_forms",
    "get_form",
]
