"""The First and Third Schedule forms of the Budget Rules 2016 (issue 14): the 41 forms as data,
fillers from kpgov's records, renderers (XLSX, CSV, HTML, JSON) and the submission checks.

See docs/forms.md for the design note and the list of forms.
"""

from kpgov.forms._api import (
    FILLERS,
    FormFormat,
    fill_form,
    forms_markdown,
    read_framework,
    write_forms,
)
from kpgov.forms._filled import FilledForm, FilledPart, FormRow, blank_form
from kpgov.forms._fillers import (
    fill_abs,
    fill_bdc_1,
    fill_bdo_1,
    fill_bdr_1,
    fill_bm_2,
    fill_bm_6,
    fill_bm_13,
)
from kpgov.forms._fillers_plans import fill_bdd_4, fill_bm_8, fill_bsf_2
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
from kpgov.forms._render import (
    form_sheets,
    form_to_csv,
    form_to_html,
    form_to_json,
    forms_to_html,
    write_forms_xlsx,
)
from kpgov.forms._rules import SUBMISSION_RULES
from kpgov.forms._submission import (
    DOCUMENT_FORMS,
    Submission,
    build_submission,
    check_submission,
)

__all__ = [
    "CATALOGUE_SOURCE",
    "DOCUMENT_FORMS",
    "FILLERS",
    "SUBMISSION_RULES",
    "FilledForm",
    "FilledPart",
    "Form",
    "FormColumn",
    "FormFormat",
    "FormPart",
    "FormRow",
    "HeadingState",
    "Schedule",
    "Submission",
    "all_forms",
    "blank_form",
    "build_submission",
    "check_submission",
    "fill_abs",
    "fill_bdc_1",
    "fill_bdd_4",
    "fill_bdo_1",
    "fill_bdr_1",
    "fill_bm_2",
    "fill_bm_6",
    "fill_bm_8",
    "fill_bm_13",
    "fill_bsf_2",
    "fill_form",
    "form_sheets",
    "form_to_csv",
    "form_to_html",
    "form_to_json",
    "forms_markdown",
    "forms_to_html",
    "get_form",
    "read_framework",
    "write_forms",
    "write_forms_xlsx",
]
