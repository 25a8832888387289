"""Collection rules for the whole repository.

kpgov's core needs only attrs, cattrs and python-dateutil; the rest is optional extras
(``kpgov[fast]`` = pyarrow, ``[xlsx]`` = openpyxl, ``[dataframe]`` = pandas, ...). The whole
suite runs with every extra installed (``python3 dev.py test``), and the core suite runs without
any of them (``python3 dev.py test-core``, which CI runs too): there the files below, which
import an extra at module level, are not collected, and the tests that import an extra inside
skip themselves with ``pytest.importorskip``.
"""

import importlib.util

#: Files that cannot be imported without a package that is not one of kpgov's core
#: dependencies, by that package (globs relative to the repository).
_NEEDS: dict[str, list[str]] = {
    "pyarrow": ["src/kpgov/columnar/*", "docs/columnar.md", "tests/columnar/*"],
    "openpyxl": [
        "tests/columnar/test_columnar_xlsx.py",
        "tests/forms/test_forms_cli.py",
        "tests/forms/test_forms_development.py",
        "tests/forms/test_forms_render.py",
        "tests/io/test_io_spreadsheets.py",
        "tests/test_io_xlsx.py",
    ],
    "numpy": ["tests/io/test_io_frames.py", "src/kpgov/_sheets.py"],
    "pandas": ["docs/analysts.md", "src/kpgov/io/frames.py"],
    "icalendar": ["docs/calendar.md", "src/kpgov/io/ical.py"],
    "mkdocs": ["docs/hooks/*"],
}

collect_ignore_glob = [
    glob
    for package, globs in _NEEDS.items()
    if importlib.util.find_spec(package) is None
    for glob in globs
]
